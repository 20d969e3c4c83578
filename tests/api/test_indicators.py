"""The indicator and plan-tracking API: board, detail, manual values (problem+json on a bad
unit), the task board and events by role, the annual evaluation, publication and XLSX."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest
from fastapi.testclient import TestClient

from cityclimate.indicators.model import ProgressMethod

DEPARTMENT = "经济运行部门"


def user_id(client: TestClient, auth, name: str) -> int:  # type: ignore[no-untyped-def]
    users = client.get("/api/v1/users", headers=auth("admin")).json()["items"]
    return next(u["id"] for u in users if u["username"] == name)


def test_board_and_detail(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    board = client.get("/api/v1/indicators/board?year=2022", headers=auth("climate_office"))
    assert board.status_code == 200
    data = board.json()
    assert data["years"] == [2021, 2022, 2023] and len(data["indicators"]) == 15
    assert data["illustrative"] and data["notice"]["zh"].startswith("示例数据")
    detail = client.get(
        "/api/v1/indicators/co2_intensity_reduction?year=2022", headers=auth("public")
    )
    assert detail.status_code == 200 and detail.json()["entries"] == []
    assert detail.json()["evaluation"]["status"] == "needs_acceleration"


def test_the_board_of_a_chosen_territory_and_year(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    office = auth("climate_office")
    board = client.get("/api/v1/indicators/board?territory=LJ-2016&year=2023", headers=office)
    assert board.status_code == 200, board.text
    assert board.json()["territory"] == "LJ-2016" and board.json()["year"] == 2023
    assert all(r["reported"] for r in board.json()["indicators"])
    # A territory without a stored plan has no board: 404 problem+json, in both languages.
    none = client.get("/api/v1/indicators/board?territory=500112&year=2023", headers=office)
    assert none.status_code == 404
    assert none.headers["content-type"].startswith("application/problem+json")
    # A value of 2024 makes 2024 a year of the board; the other indicators are not reported.
    entered = client.post(
        "/api/v1/indicators/prefabricated_building_share/values?territory=LJ-2016",
        json={"year": 2024, "value": 50, "unit": "%", "source": "公报"},
        headers=office,
    )
    assert entered.status_code == 201, entered.text
    later = client.get("/api/v1/indicators/board?territory=LJ-2016&year=2024", headers=office)
    assert later.status_code == 200, later.text
    rows = {r["indicator_id"]: r for r in later.json()["indicators"]}
    assert rows["prefabricated_building_share"]["reported"] is True
    assert rows["co2_intensity_reduction"]["reported"] is False
    assert rows["co2_intensity_reduction"]["status_zh"] == "尚未报送"


def test_a_year_of_the_plan_with_no_value_shows_every_indicator_not_yet_reported(
    client: TestClient,
    auth,  # type: ignore[no-untyped-def]
) -> None:
    office = auth("climate_office")
    board = client.get("/api/v1/indicators/board?territory=LJ-2016&year=2024", headers=office)
    assert board.status_code == 200, board.text
    rows = board.json()["indicators"]
    assert len(rows) == 15 and 2024 in board.json()["years"]
    assert {(r["reported"], r["actual"], r["status_zh"], r["status_en"]) for r in rows} == {
        (False, None, "尚未报送", "not yet reported")
    }
    # Outside the plan period (2021-2025) there is no board; the public sees published years.
    outside = client.get("/api/v1/indicators/board?territory=LJ-2016&year=2030", headers=office)
    assert outside.status_code == 404 and "2021–2025" in outside.json()["detail_en"]
    public = client.get(
        "/api/v1/indicators/board?territory=LJ-2016&year=2024", headers=auth("public")
    )
    assert public.status_code == 404


def test_public_sees_published_evaluations_only(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/api/v1/indicators/board", headers=auth("public")).json()["year"] == 2022
    assert client.get("/api/v1/plan/evaluations/2023", headers=auth("public")).status_code == 404
    published = client.post("/api/v1/plan/evaluations/2023/publish", headers=auth("climate_office"))
    assert published.status_code == 200
    assert client.get("/api/v1/plan/evaluations/2023", headers=auth("public")).status_code == 200
    xlsx = client.get("/api/v1/plan/evaluations/2023/xlsx", headers=auth("public"))
    assert xlsx.headers["content-type"].startswith("application/vnd.openxmlformats")
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert "示例数据" in str(book.worksheets[0].cell(1, 1).value)


def test_a_value_with_a_bad_unit_is_refused(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    url = "/api/v1/indicators/green_building_share_of_new_buildings/values"
    bad = client.post(
        url, headers=auth("climate_office"), json={"year": 2023, "value": 80, "unit": "t"}
    )
    assert bad.status_code == 422
    assert bad.headers["content-type"].startswith("application/problem+json")
    assert bad.json()["errors"][0]["field"] == "unit"
    good = client.post(
        url,
        headers=auth("climate_office"),
        json={"year": 2023, "value": 80, "unit": "%", "source": "统计局"},
    )
    assert good.status_code == 201
    assert (
        client.post(
            url, headers=auth("department"), json={"year": 2023, "value": 1, "unit": "%"}
        ).status_code
        == 403
    )


def test_departments_update_their_own_tasks(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    member = user_id(client, auth, "department")
    linked = client.put(
        f"/api/v1/plan/members/{member}", headers=auth("admin"), json={"department": DEPARTMENT}
    )
    assert linked.status_code == 200
    own = client.get("/api/v1/plan/tasks", headers=auth("department")).json()
    assert own["own_department"] == DEPARTMENT
    assert {t["lead_department"] for t in own["tasks"]} == {DEPARTMENT}
    task = next(t for t in own["tasks"] if t["status"] == "not_started")
    done = client.post(
        f"/api/v1/plan/tasks/{task['task_id']}/events",
        headers=auth("department"),
        json={"status": "delayed"},
    )
    assert done.status_code == 422  # delayed needs a reason
    ok = client.post(
        f"/api/v1/plan/tasks/{task['task_id']}/events",
        headers=auth("department"),
        json={"status": "delayed", "reason": "waiting for funds"},
    )
    assert ok.status_code == 201 and ok.json()["status"] == "delayed"
    everything = client.get(
        "/api/v1/plan/tasks?overdue=true", headers=auth("climate_office")
    ).json()
    other = next(t for t in everything["tasks"] if t["lead_department"] != DEPARTMENT)
    refused = client.post(
        f"/api/v1/plan/tasks/{other['task_id']}/events",
        headers=auth("department"),
        json={"status": "in_progress"},
    )
    assert refused.status_code == 403
    assert client.get("/api/v1/plan/tasks", headers=auth("public")).status_code == 403


def test_assessment(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    data = client.get("/api/v1/plan/evaluations/2022", headers=auth("climate_office")).json()
    assert {g["grade"] for g in data["grades"]} >= {"fail", "excellent"}
    assert data["rectification"][0]["follow_up"] == "open"


def test_the_board_and_detail_take_a_progress_method(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    headers = auth("climate_office")
    own = client.get("/api/v1/indicators/board?year=2022", headers=headers).json()
    assert own["progress_method"]["value"] == "per_indicator"
    methods = {row["indicator_id"]: row["progress_method"] for row in own["indicators"]}
    # as stated in the plan pack's indicators.csv: reductions compound, levels linear
    assert methods["co2_intensity_reduction"] == "compound"
    assert methods["datacentre_pue_new"] == "linear"
    linear = client.get(
        "/api/v1/indicators/board?year=2022&progress_method=linear", headers=headers
    ).json()
    assert linear["progress_method"]["value"] == "linear"
    assert {row["progress_method"] for row in linear["indicators"]} == {"linear"}
    co2 = next(r for r in linear["indicators"] if r["indicator_id"] == "co2_intensity_reduction")
    # 2022 is t = 2 of n = 5: the linear path is 2/5 of the target
    assert co2["path_value"] == pytest.approx(co2["target_value"] * 2 / 5)
    detail = client.get(
        "/api/v1/indicators/co2_intensity_reduction?year=2022&progress_method=linear",
        headers=headers,
    ).json()
    assert detail["definition"]["progress_method"] == "compound"
    assert detail["evaluation"]["progress_method"] == "linear"
    bad = client.get("/api/v1/indicators/board?progress_method=exponential", headers=headers)
    assert bad.status_code == 422
    assert bad.headers["content-type"].startswith("application/problem+json")


def test_the_assessment_takes_a_progress_method(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    """Green-building share in 2023 (binding; 62 % in 2020 → 100 % in 2025, actual 83 %):
    the linear path 62 + 38·3/5 = 84.8 vetoes 建设管理部门, the compound path
    62·(100/62)^0.6 = 82.60 does not (hand figures); the XLSX follows the same choice."""
    headers = auth("climate_office")

    def building(method: str) -> tuple[dict[str, Any], dict[str, Any]]:
        query = f"?progress_method={method}" if method else ""
        data = client.get(f"/api/v1/plan/evaluations/2023{query}", headers=headers).json()
        grade = next(g for g in data["grades"] if g["department"] == "建设管理部门")
        return data, grade

    own, own_grade = building("")
    assert own["progress_method"]["value"] == "per_indicator"
    linear, linear_grade = building("linear")
    assert linear["progress_method"]["value"] == "linear"
    assert (
        linear_grade["grade"] == "fail" and "green_building" in linear_grade["veto_indicator_ids"]
    )
    compound, compound_grade = building("compound")
    assert compound["progress_method"] == {
        "value": "compound",
        "label_zh": ProgressMethod.COMPOUND.label_zh,
        "label_en": ProgressMethod.COMPOUND.label_en,
    }
    assert compound_grade["grade"] != "fail" and not compound_grade["veto_indicator_ids"]
    assert own_grade == linear_grade  # the share is a level: its own method is linear
    books = {
        method: openpyxl.load_workbook(
            io.BytesIO(
                client.get(
                    f"/api/v1/plan/evaluations/2023/xlsx?progress_method={method}", headers=headers
                ).content
            )
        )
        for method in ("linear", "compound")
    }
    grades = {
        method: [
            row
            for row in book["考核 Grades"].iter_rows(values_only=True)
            if row and row[0] == "建设管理部门"
        ]
        for method, book in books.items()
    }
    assert grades["linear"] != grades["compound"]
    bad = client.get("/api/v1/plan/evaluations/2023?progress_method=straight", headers=headers)
    assert bad.status_code == 422
    assert bad.headers["content-type"].startswith("application/problem+json")
