"""The other documents (issue 19): the plan's evaluation report, a department's assessment
notice, an enterprise's emission report with its disclosure, a park's self-assessment. Each
PDF's text holds the figures the JSON API gives for the same stored data."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.reporting.pdf_text import pdf_text

OFFICE = "两江新区应对气候变化主管部门"


def _num(value: float, digits: int = 2) -> str:
    return f"{value:,.{digits}f}"


def test_evaluation_report_is_public_for_published_years(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    answer = client.get("/api/v1/reports/evaluation/LJ-2016/2022.pdf")  # not signed in
    assert answer.status_code == 200, answer.text
    text = " ".join(pdf_text(answer.content))
    assert "2022 年度规划实施评估报告" in text
    board = client.get(
        "/api/v1/indicators/board",
        params={"year": 2022, "territory": "LJ-2016"},
        headers=auth("admin"),
    ).json()
    shown = [r for r in board["indicators"] if r.get("actual") is not None]
    assert len(shown) >= 10
    compact = text.replace(" ", "")  # a long name wraps inside its cell
    for r in shown:
        assert r["name_zh"].replace(" ", "") in compact, r["indicator_id"]
        assert _num(r["actual"]) in text, r["indicator_id"]
    grades = client.get("/api/v1/plan/evaluations/2022", headers=auth("admin")).json()["grades"]
    for g in grades:
        assert f"{g['department']}{_num(g['score'], 1)}{g['grade_zh']}" in compact, g
    # 2023 is evaluated but not published: the public gets 404, the office its report.
    assert client.get("/api/v1/reports/evaluation/LJ-2016/2023.pdf").status_code == 404
    office = client.get(
        "/api/v1/reports/evaluation/LJ-2016/2023.pdf", headers=auth("climate_office")
    )
    assert office.status_code == 200


def test_assessment_notice_names_the_rectification_deadlines(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    answer = client.get(
        "/api/v1/reports/assessment/LJ-2016/2023.pdf",
        params={"department": OFFICE, "lang": "en"},
        headers=auth("department"),
    )
    assert answer.status_code == 200, answer.text
    text = " ".join(pdf_text(answer.content))
    assessment = client.get("/api/v1/plan/evaluations/2023", headers=auth("admin")).json()
    grade = next(g for g in assessment["grades"] if g["department"] == OFFICE)
    assert f"your 2023 score is {_num(grade['score'], 1)}, grade '{grade['grade_en']}'" in text
    items = [r for r in assessment["rectification"] if r["department"] == OFFICE]
    assert items
    for r in items:
        assert r["reason_en"] in text and r["deadline"] in text
    assert (
        f"Close the {len(items)} rectification items below by {max(r['deadline'] for r in items)}"
        in text
    )
    unknown = client.get(
        "/api/v1/reports/assessment/LJ-2016/2023.pdf",
        params={"department": "无此单位"},
        headers=auth("admin"),
    )
    assert unknown.status_code == 404


def test_enterprise_report_and_disclosure(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    answer = client.get(
        "/api/v1/reports/enterprise/LJ-CHP/2020.pdf", headers=auth("climate_office")
    )
    assert answer.status_code == 200, answer.text
    text = " ".join(pdf_text(answer.content))
    reports = client.get("/api/v1/enterprises/LJ-CHP/reports", headers=auth("admin")).json()
    accepted = max(
        (r for r in reports if r["year"] == 2020 and r["status"] == "accepted"),
        key=lambda r: r["version"],
    )
    assert f"排放总量（t CO2e） {_num(accepted['total_co2e_t'])}" in text
    form = next(
        f
        for f in client.get("/api/v1/enterprises/disclosures", headers=auth("admin")).json()
        if f["enterprise_id"] == "LJ-CHP" and f["year"] == 2020
    )
    assert "披露表" in text and _num(form["energy_tce"]) in text
    for gas, value in form["co2e_by_gas"].items():
        assert f"其中 {gas}（t CO2e） {_num(value)}" in text
    assert client.get("/api/v1/reports/enterprise/LJ-CHP/2020.pdf").status_code == 401
    assert (
        client.get("/api/v1/reports/enterprise/LJ-CHP/1999.pdf", headers=auth("admin")).status_code
        == 404
    )


def test_park_self_assessment(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    answer = client.get("/api/v1/reports/park/LJ-ZCP.pdf", headers=auth("admin"))
    assert answer.status_code == 200, answer.text
    text = " ".join(pdf_text(answer.content))
    evaluation = client.get("/api/v1/parks/LJ-ZCP/evaluation", headers=auth("admin")).json()
    assert evaluation["years"]
    for year in evaluation["years"]:
        inventory = year["inventory"]
        assert f"{year['year']} 年评估" in text
        assert f"二氧化碳（t） {_num(inventory['co2_t'])}" in text
        assert f"综合能耗（tce） {_num(inventory['energy_tce'])}" in text
    assert client.get("/api/v1/reports/park/NO-SUCH.pdf", headers=auth("admin")).status_code == 404
