"""Enterprise reporting through the API: registry, ledgers (Excel, all-or-nothing), the report
workflow (enterprise → verifier → office), immutability, disclosure, the office's overview, and
role isolation: enterprise A can never read or write enterprise B."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from cityclimate.demo import enterprises as demo
from cityclimate.enterprises.ledgers import LEDGER_FIELDS
from cityclimate.io.enterprise_templates import SHEETS, ledger_template_xlsx
from cityclimate.services import accounts, enterprises
from cityclimate.services.actors import SYSTEM
from cityclimate.storage import make_engine, make_sessionmaker, transaction
from tests.rules.enterprises import DEMO_REGISTRY

P = "/api/v1/enterprises"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def ledger_workbook(
    tmp: Path, enterprise_id: str, *, year: int = 2020, edit: dict[str, Any] | None = None
) -> bytes:
    """An Excel ledger (the template) holding the demo's energy rows of one enterprise."""
    path = tmp / f"{enterprise_id}-ledgers.xlsx"
    path.write_bytes(ledger_template_xlsx())
    book = load_workbook(path)
    sheet = book[SHEETS["energy"]]
    rows = demo.pack().ledgers["energy"].filter(enterprise_id=enterprise_id)
    header = [c.value for c in sheet[1]]
    names = [f.name for f in LEDGER_FIELDS["energy"]]
    assert len(header) == len(names)
    for index, row in enumerate(rows.drop("_row").iter_rows(named=True)):
        values = dict(row, year=year)
        if edit and index == 0:
            values.update(edit)
        sheet.append([values.get(n) for n in names])
    book.save(path)
    return path.read_bytes()


def add_user(url: str, username: str, role: str, enterprise_id: str | None = None) -> str:
    """Create a user (bound to an enterprise, or engaged as verifier) and return its API token."""
    engine = make_engine(url)
    with transaction(make_sessionmaker(engine), write=True) as s:
        user = accounts.create_user(
            s, SYSTEM, username=username, password="correct-horse-battery", role=role
        )
        if enterprise_id and role == "enterprise":
            enterprises.bind_member(s, SYSTEM, user.id, enterprise_id)
        elif enterprise_id and role == "public":
            enterprises.engage_verifier(s, SYSTEM, user.id, enterprise_id)
        token, _ = accounts.issue_token(s, user, kind="api")
    engine.dispose()
    return token


@pytest.fixture
def people(database: str) -> Iterator[dict[str, dict[str, str]]]:
    tokens = {
        "port": add_user(database, "port-user", "enterprise", "LJ-PORT"),
        "chp": add_user(database, "chp-user", "enterprise", "LJ-CHP"),
        "verifier": add_user(database, "verifier-port", "public", "LJ-PORT"),
    }
    yield {k: {"Authorization": f"Bearer {v}"} for k, v in tokens.items()}


def upload(
    client: TestClient,
    headers: dict[str, str],
    eid: str,
    content: bytes,
    year: int = 2020,
    *,
    replace: bool = False,
):  # type: ignore[no-untyped-def]
    return client.post(
        f"{P}/{eid}/ledgers" + ("?replace=true" if replace else ""),
        headers=headers,
        data={"year": str(year)},
        files={"file": ("ledgers.xlsx", io.BytesIO(content), XLSX)},
    )


def test_office_sees_the_illustrative_registry(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    items = client.get(P, headers=auth("climate_office")).json()
    assert len(items) == DEMO_REGISTRY
    assert all(e["illustrative"] for e in items)
    assert len({e["sub_area"] for e in items}) == 9
    # an unbound enterprise user and a plain public user see no enterprise
    assert client.get(P, headers=auth("enterprise")).json() == []
    assert client.get(P, headers=auth("public")).json() == []
    assert client.get(f"{P}/LJ-CHP", headers=auth("enterprise")).status_code == 404


def test_enterprise_a_never_reads_or_writes_enterprise_b(
    client: TestClient, people: dict[str, dict[str, str]], tmp_path: Path
) -> None:
    port, chp = people["port"], people["chp"]
    assert [e["enterprise_id"] for e in client.get(P, headers=port).json()] == ["LJ-PORT"]
    assert client.get(f"{P}/LJ-PORT", headers=port).status_code == 200
    for path in ("", "/ledgers", "/reports"):
        assert client.get(f"{P}/LJ-CHP{path}", headers=port).status_code == 404
    # writes into B are refused and change nothing
    assert upload(client, port, "LJ-CHP", ledger_workbook(tmp_path, "LJ-CHP")).status_code == 404
    assert client.post(f"{P}/LJ-CHP/reports?year=2020", headers=port).status_code == 404
    chp_report = client.get(f"{P}/LJ-CHP/reports", headers=chp).json()[0]
    assert client.get(f"{P}/reports/{chp_report['id']}", headers=port).status_code == 404
    step = client.post(
        f"{P}/reports/{chp_report['id']}/steps", headers=port, json={"action": "submit"}
    )
    assert step.status_code == 404
    # A's own upload of rows that name B is refused whole
    mixed = ledger_workbook(tmp_path, "LJ-CHP")
    refused = upload(client, port, "LJ-PORT", mixed)
    assert refused.status_code == 422
    assert any(
        "LJ-CHP" in e["value"] or "enterprise" in (e["field"] or "")
        for e in refused.json()["errors"]
    )
    assert client.get(f"{P}/LJ-CHP/ledgers", headers=chp).json()[0]["filename"].startswith("demo")


def test_bad_ledger_is_refused_whole_with_located_errors(
    client: TestClient, people: dict[str, dict[str, str]], tmp_path: Path
) -> None:
    port = people["port"]
    before = client.get(f"{P}/LJ-PORT/ledgers", headers=port).json()
    bad = ledger_workbook(tmp_path, "LJ-PORT", edit={"month": 13, "quantity": -5})
    response = upload(client, port, "LJ-PORT", bad)
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert {(e["row"], e["field"]) for e in errors} >= {(3, "month"), (3, "quantity")}
    assert client.get(f"{P}/LJ-PORT/ledgers", headers=port).json() == before
    wrong_year = upload(client, port, "LJ-PORT", ledger_workbook(tmp_path, "LJ-PORT"), 2021)
    assert wrong_year.status_code == 422


def test_file_verify_accept_disclose_and_accepted_is_immutable(
    client: TestClient,
    people: dict[str, dict[str, str]],
    auth,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    port, verifier, office = people["port"], people["verifier"], auth("climate_office")
    unconfirmed = upload(client, port, "LJ-PORT", ledger_workbook(tmp_path, "LJ-PORT"))
    assert unconfirmed.status_code == 409, unconfirmed.text  # stored ledgers: confirm first
    assert "replace=true" in unconfirmed.json()["detail_en"]
    filed = upload(client, port, "LJ-PORT", ledger_workbook(tmp_path, "LJ-PORT"), replace=True)
    assert filed.status_code == 201, filed.text
    assert filed.json()[0]["kind"] == "energy"
    assert client.get("/api/v1/enterprises/disclosures?year=2020").status_code == 401
    public = auth("public")
    assert "LJ-PORT" not in {
        d["enterprise_id"] for d in client.get(f"{P}/disclosures", headers=public).json()
    }
    report = client.post(f"{P}/LJ-PORT/reports?year=2020", headers=port)
    assert report.status_code == 201, report.text
    rid = report.json()["id"]
    assert report.json()["status"] == "returned"  # the demo's returned report, amended
    assert report.json()["total_co2e_t"] > 0

    def act(headers: dict[str, str], action: str, comment: str = "") -> Any:
        return client.post(
            f"{P}/reports/{rid}/steps", headers=headers, json={"action": action, "comment": comment}
        )

    assert act(verifier, "submit").status_code == 403  # a verifier never files
    assert act(port, "verify").status_code == 403  # an enterprise never verifies itself
    assert act(port, "submit").json()["status"] == "submitted"
    assert (
        upload(client, verifier, "LJ-PORT", ledger_workbook(tmp_path, "LJ-PORT")).status_code == 403
    )
    assert client.get(f"{P}/reports/{rid}", headers=verifier).json()["rows"]
    assert act(verifier, "verify").json()["status"] == "verified"
    assert act(office, "accept").json()["status"] == "accepted"
    # accepted: never changes, nor do its ledgers (a change goes through a correction)
    assert client.post(f"{P}/LJ-PORT/reports?year=2020", headers=port).status_code == 409
    frozen = upload(client, port, "LJ-PORT", ledger_workbook(tmp_path, "LJ-PORT"), replace=True)
    assert frozen.status_code == 409 and "correction" in frozen.json()["detail_en"]
    assert act(office, "return", "again").status_code == 409
    forms = client.get(f"{P}/disclosures?year=2020", headers=public).json()
    port_form = next(f for f in forms if f["enterprise_id"] == "LJ-PORT")
    assert port_form["illustrative"] is True
    assert port_form["total_co2e_t"] == pytest.approx(report.json()["total_co2e_t"])
    # a correction is the next version; the accepted one stays
    corrected = client.post(
        f"{P}/LJ-PORT/reports/correct?year=2020", headers=port, json={"reason": "meter fix"}
    )
    assert corrected.status_code == 201
    assert corrected.json()["version"] == 2 and corrected.json()["status"] == "draft"
    assert client.get(f"{P}/reports/{rid}", headers=port).json()["status"] == "accepted"
    audit = client.get("/api/v1/audit?entity=enterprise_filing", headers=auth("admin")).json()
    assert audit["total"] >= 5


def test_office_overview_has_compliance_ets_credit_and_reconciliation(
    client: TestClient,
    auth,  # type: ignore[no-untyped-def]
) -> None:
    data = client.get(f"{P}/compliance?year=2020", headers=auth("climate_office")).json()
    assert data["illustrative"] is True and data["enterprises"] == DEMO_REGISTRY
    o = data["overview"]
    assert len(o["credit"]) == DEMO_REGISTRY and {c["grade"] for c in o["credit"]} <= {
        "A",
        "B",
        "C",
        "D",
    }
    assert o["ets"] and all("balance_t" in a for a in o["ets"])
    assert o["reconciliation"] is not None
    assert [f for f in o["reconciliation"]["findings"] if f["severity"] == "error"] == []
    assert client.get(f"{P}/compliance", headers=auth("enterprise")).status_code == 403


def test_binding_is_one_enterprise_per_user(client: TestClient, auth, database: str) -> None:  # type: ignore[no-untyped-def]
    admin = auth("admin")
    users = client.get("/api/v1/users", headers=admin).json()["items"]
    uid = next(u["id"] for u in users if u["username"] == "enterprise")
    assert (
        client.post(f"{P}/LJ-DC/members", headers=admin, json={"user_id": uid}).status_code == 204
    )
    again = client.post(f"{P}/LJ-HOSP/members", headers=admin, json={"user_id": uid})
    assert again.status_code == 409
    public_id = next(u["id"] for u in users if u["username"] == "public")
    wrong = client.post(f"{P}/LJ-HOSP/members", headers=admin, json={"user_id": public_id})
    assert wrong.status_code == 422
    mine = client.get(P, headers=auth("enterprise")).json()
    assert [e["enterprise_id"] for e in mine] == ["LJ-DC"]


def test_register_checks_the_code(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    body = {
        "enterprise_id": "NEW-1",
        "uscc": "91500000MA5U000112",
        "name_zh": "新企业",
        "industry": "4411",
        "territory": "LJ-2016",
        "sub_area": "LJ-2016-YF",
    }
    bad = client.post(P, headers=auth("climate_office"), json=body)
    assert bad.status_code == 422
    good = client.post(
        P, headers=auth("climate_office"), json=body | {"uscc": "91500000MA5U000111"}
    )
    assert good.status_code == 201, good.text
    assert good.json()["uscc_valid"] is True


def test_only_an_admin_accepts_a_failing_code_with_a_reason(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    body = {
        "enterprise_id": "OLD-1",
        "uscc": "91500000MA5U000112",
        "name_zh": "历史企业",
        "industry": "4411",
        "territory": "LJ-2016",
        "sub_area": "LJ-2016-YF",
        "code_override_reason": "历史代码 historic code",
    }
    assert client.post(P, headers=auth("climate_office"), json=body).status_code == 403
    made = client.post(P, headers=auth("admin"), json=body)
    assert made.status_code == 201, made.text
    assert made.json()["uscc_valid"] is False
    log = client.get("/api/v1/audit?entity=enterprise", headers=auth("admin")).json()["items"]
    assert any(e["action"] == "override_code" for e in log)


def test_deadlines_of_the_own_enterprise(client: TestClient, database: str) -> None:
    from datetime import date

    engine = make_engine(database)
    with transaction(make_sessionmaker(engine)) as s:
        due = enterprises.deadlines(s, SYSTEM, "LJ-TOWER", 2020, today=date(2021, 4, 10))
    engine.dispose()
    report = next(o for o in due if o["obligation"] == "emission_report")
    assert report["due"] == "2021-03-31" and report["status"] == "overdue"
    assert report["days_late"] == 10
