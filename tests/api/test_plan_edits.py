"""Plan edits and rectification closures through the API on a real SQLite file: the office
edits, the export carries the edit, refusals are located problem+json; a department closes
its own rectification item with evidence typed by content and downloads it back."""

from __future__ import annotations

import io
import zipfile

from fastapi.testclient import TestClient

from tests import evidence_samples as samples

PLAN = "/api/v1/plans/LJ-2016"
TRANSPORT = "交通管理部门"


def _pack(client: TestClient, auth) -> dict[str, str]:  # type: ignore[no-untyped-def]
    response = client.get(f"{PLAN}/pack.zip", headers=auth("public"))
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        return {n.split("/", 1)[1]: archive.read(n).decode() for n in archive.namelist()}


def _located(response) -> list[tuple[str, str | None, str]]:  # type: ignore[no-untyped-def]
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    return [(p["where"], p["field"], p["value"]) for p in response.json()["errors"]]


def test_the_office_edits_and_the_export_carries_the_edit(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    office = auth("climate_office")
    revision = client.get(PLAN, headers=office).json()["revision"]
    added = client.post(
        f"{PLAN}/departments",
        json={"name_zh": "两江新区数据局", "name_en": "Data bureau", "kind": "platform_company"},
        headers=office,
    )
    assert added.status_code == 201, added.text
    assert added.json()["revision"] == revision + 1
    edited = client.put(
        f"{PLAN}/tasks/6.3.3",
        json={
            "lead_department": "两江新区数据局",
            "supporting_departments": [TRANSPORT],
            "deadline": "2024-09-30",
        },
        headers=office,
    )
    assert edited.status_code == 200, edited.text
    assert edited.json() | {"basis": ""} == {
        "task_id": "6.3.3",
        "lead_department": "两江新区数据局",
        "supporting_departments": [TRANSPORT],
        "deadline": "2024-09-30",
        "basis": "",
        "revision": revision + 2,
    }
    # Without "deadline" the deadline is kept; the lead changes.
    kept = client.put(f"{PLAN}/tasks/6.3.3", json={"lead_department": TRANSPORT}, headers=office)
    assert kept.json()["deadline"] == "2024-09-30" and kept.json()["supporting_departments"] == []
    weights = client.put(
        f"{PLAN}/weights",
        json={"department": "机关事务管理部门", "indicators": {}, "tasks": {"4.3.2.6": 2}},
        headers=office,
    )
    assert weights.status_code == 200, weights.text
    pack = _pack(client, auth)
    assert "两江新区数据局,Data bureau,platform_company" in pack["departments.csv"]
    row = next(r for r in pack["assignments.csv"].splitlines() if r.startswith("6.3.3,"))
    assert row.startswith(f"6.3.3,{TRANSPORT},,2024-09-30,")
    estates = [r for r in pack["weights.csv"].splitlines() if "机关事务管理部门" in r]
    assert len(estates) == 1 and "4.3.2.6" in estates[0] and ",2" in estates[0]


def test_refused_edits_are_located_and_change_nothing(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    office = auth("climate_office")
    before = client.get(PLAN, headers=office).json()["revision"]
    assert ("assignments.csv", "lead_department", "无此部门") in _located(
        client.put(f"{PLAN}/tasks/6.3.3", json={"lead_department": "无此部门"}, headers=office)
    )
    assert ("assignments.csv", "task_id", "9.9.9") in _located(
        client.put(f"{PLAN}/tasks/9.9.9", json={"lead_department": TRANSPORT}, headers=office)
    )
    assert ("weights.csv", "indicator", "nope") in _located(
        client.put(
            f"{PLAN}/weights",
            json={"department": TRANSPORT, "indicators": {"nope": 1}},
            headers=office,
        )
    )
    # A weight of 0 is refused by the request's schema, also located.
    zero = client.put(
        f"{PLAN}/weights", json={"department": TRANSPORT, "tasks": {"4.3.3.2": 0}}, headers=office
    )
    assert zero.status_code == 422 and zero.json()["errors"]
    assert ("departments.csv", "name_zh", TRANSPORT) in _located(
        client.post(
            f"{PLAN}/departments", json={"name_zh": TRANSPORT, "name_en": "x"}, headers=office
        )
    )
    assert client.get(PLAN, headers=office).json()["revision"] == before
    for role in ("department", "enterprise", "public"):
        refused = client.put(
            f"{PLAN}/tasks/6.3.3", json={"lead_department": TRANSPORT}, headers=auth(role)
        )
        assert refused.status_code == 403
    missing = client.put(
        "/api/v1/plans/500112/tasks/1", json={"lead_department": TRANSPORT}, headers=office
    )
    assert missing.status_code == 404


def _bind(client: TestClient, auth, department: str) -> None:  # type: ignore[no-untyped-def]
    users = client.get("/api/v1/users", headers=auth("admin")).json()
    user_id = next(u["id"] for u in users["items"] if u["username"] == "department")
    bound = client.put(
        f"/api/v1/plan/members/{user_id}?territory=LJ-2016",
        json={"department": department},
        headers=auth("admin"),
    )
    assert bound.status_code == 200, bound.text


def _close(client: TestClient, headers, department: str, subject: str, files, kind: str = "task"):  # type: ignore[no-untyped-def]
    return client.post(
        f"{PLAN}/rectification/2023/closures",
        data={
            "department": department,
            "subject_kind": kind,
            "subject_id": subject,
            "note": "已补办并验收",
        },
        files=[("files", f) for f in files],
        headers=headers,
    )


def test_a_department_closes_its_own_item_with_evidence(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    _bind(client, auth, TRANSPORT)
    department = auth("department")
    listed = client.get(f"{PLAN}/rectification?year=2023", headers=department)
    assert listed.status_code == 200, listed.text
    assert {i["subject_id"] for i in listed.json()} >= {"4.3.3.6", "8.2.1"}
    assert {i["status"] for i in listed.json()} == {"open"}
    png = samples.png()
    # Another department's item: refused.
    other = _close(client, department, "经济运行部门", "8.2.1", [("a.png", png, "image/png")])
    assert other.status_code == 403
    # A program named .pdf: refused by its content, located on the file.
    program = _close(
        client,
        department,
        TRANSPORT,
        "4.3.3.6",
        [("证明.pdf", samples.windows_program(), "application/pdf")],
    )
    assert [(w, f) for w, f, _ in _located(program)] == [("证明.pdf", None)]
    # A PNG sent as "报告.pdf" with a PDF content type is stored as the PNG it is.
    closed = _close(
        client,
        department,
        TRANSPORT,
        "4.3.3.6",
        [("报告.pdf", png, "application/pdf"), ("验收单.xlsx", samples.xlsx(), "text/plain")],
    )
    assert closed.status_code == 201, closed.text
    files = closed.json()["files"]
    assert [(f["name"], f["media_type"]) for f in files] == [
        ("报告.pdf", "image/png"),
        ("验收单.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ]
    assert closed.json()["closed_by"] == "department"
    again = _close(client, department, TRANSPORT, "4.3.3.6", [("a.png", png, "image/png")])
    assert again.status_code == 409
    item = next(
        i
        for i in client.get(f"{PLAN}/rectification?year=2023", headers=auth("admin")).json()
        if i["subject_id"] == "4.3.3.6"
    )
    assert item["status"] == "closed" and item["closure"]["note"] == "已补办并验收"
    download = client.get(files[0]["url"], headers=auth("climate_office"))
    assert download.status_code == 200 and download.content == png
    assert download.headers["content-type"] == "image/png"
    assert download.headers["x-content-type-options"] == "nosniff"
    assert "attachment" in download.headers["content-disposition"]
    assert "filename*=UTF-8''%E6%8A%A5%E5%91%8A.pdf" in download.headers["content-disposition"]
    assert client.get(files[0]["url"], headers=auth("public")).status_code == 403
    assert client.get(f"{PLAN}/evidence/999999", headers=department).status_code == 404


def test_evidence_over_the_limit_is_refused_with_413(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    big = samples.pdf() + b"%" * (20 * 2**20)
    response = _close(
        client, auth("climate_office"), TRANSPORT, "4.3.3.6", [("scan.pdf", big, "application/pdf")]
    )
    assert response.status_code == 413
    assert response.headers["content-type"].startswith("application/problem+json")
    listed = client.get(f"{PLAN}/rectification?year=2023", headers=auth("climate_office"))
    assert {i["status"] for i in listed.json()} == {"open"}
