"""The enterprise filing life cycle on the platform (issues 11 and 20): ledgers of an accepted
report are frozen and replaced only with a confirmation that keeps the old set; while a
correction is open, compliance, credit and disclosure read the accepted version; an enterprise
registered today owes nothing for earlier years; the platform's disclosure forms are the
core's, with the ETS fields and the verifier's name."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy.orm import Session, sessionmaker

from cityclimate.demo import enterprises as demo
from cityclimate.demo.load import load_demo
from cityclimate.enterprises.ledgers import LEDGER_FIELDS
from cityclimate.io.enterprise_templates import SHEETS, ledger_template_xlsx, read_ledger_upload
from cityclimate.services import accounts, enterprises
from cityclimate.services.actors import SYSTEM, Actor
from cityclimate.services.errors import ConflictError
from cityclimate.storage import make_engine, make_sessionmaker, transaction, upgrade
from cityclimate.storage.enterprises_models import EnterpriseLedgerVersion

AS_OF = date(2021, 6, 1)  # after every 2020 deadline of the demo
OFFICE = Actor(None, "office", "climate_office")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("filings") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    with transaction(make_sessionmaker(engine), write=True) as s:
        load_demo(s, SYSTEM)
    engine.dispose()
    return path


@pytest.fixture
def sessions(template: Path, tmp_path: Path) -> Iterator[sessionmaker[Session]]:
    copy = tmp_path / "db.db"
    shutil.copyfile(template, copy)
    engine = make_engine(f"sqlite:///{copy}")
    yield make_sessionmaker(engine)
    engine.dispose()


def member(s: Session, enterprise_id: str) -> Actor:
    user = accounts.create_user(
        s, SYSTEM, username=f"m-{enterprise_id}", password="x" * 12, role="enterprise"
    )
    enterprises.bind_member(s, SYSTEM, user.id, enterprise_id)
    return Actor(user.id, user.username, user.role)


def workbook(tmp: Path, enterprise_id: str, scale: float = 1.0) -> bytes:
    """The ledger template holding the demo's 2020 energy rows of one enterprise, scaled."""
    path = tmp / f"{enterprise_id}-{scale}.xlsx"
    path.write_bytes(ledger_template_xlsx())
    book = load_workbook(path)
    sheet = book[SHEETS["energy"]]
    names = [f.name for f in LEDGER_FIELDS["energy"]]
    rows = demo.pack().ledgers["energy"].filter(enterprise_id=enterprise_id).drop("_row")
    for row in rows.iter_rows(named=True):
        values: dict[str, Any] = dict(row)
        values["quantity"] = float(values["quantity"]) * scale
        sheet.append([values.get(n) for n in names])
    book.save(path)
    return path.read_bytes()


def file(s: Session, who: Actor, eid: str, content: bytes, **kw: Any) -> None:
    upload = read_ledger_upload("l.xlsx", content, enterprise_id=eid, year=2020)
    enterprises.file_ledgers(
        s, who, eid, 2020, upload.ledgers, filename=upload.name, sha256=upload.sha256, **kw
    )


def test_ledgers_of_an_accepted_report_are_frozen_and_a_replacement_is_kept(
    sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    doubled = workbook(tmp_path, "LJ-CHP", 2.0)
    with transaction(sessions, write=True) as s:
        chp = member(s, "LJ-CHP")
        with pytest.raises(ConflictError, match="correction"):
            file(s, chp, "LJ-CHP", doubled, replace=True)
        enterprises.correct_report(s, OFFICE, "LJ-CHP", 2020, "diesel of the boilers forgotten")
        with pytest.raises(ConflictError, match="replace=true"):
            file(s, chp, "LJ-CHP", doubled)
        old = [v for v in enterprises.list_ledgers(s, chp, "LJ-CHP", 2020) if v.kind == "energy"]
        old_rows = [dict(r) for r in old[0].rows]
        file(s, chp, "LJ-CHP", doubled, replace=True)
    with transaction(sessions) as s:
        (kept,) = [
            v
            for v in s.query(EnterpriseLedgerVersion).filter_by(enterprise_id="LJ-CHP")
            if v.kind == "energy"
        ]
        assert (kept.version, kept.rows) == (1, old_rows)
        (current,) = [
            v for v in enterprises.list_ledgers(s, OFFICE, "LJ-CHP", 2020) if v.kind == "energy"
        ]
        assert [float(r["quantity"]) for r in current.rows] == pytest.approx(
            [2 * float(r["quantity"]) for r in old_rows]
        )


def _chp(view: dict[str, Any]) -> dict[str, Any]:
    overview = view["overview"]
    report = next(r for r in overview["reports"] if r["enterprise_id"] == "LJ-CHP")
    credit = next(c for c in overview["credit"] if c["enterprise_id"] == "LJ-CHP")
    overdue = [o for o in overview["overdue"] if o["enterprise_id"] == "LJ-CHP"]
    return {"report": report, "grade": credit["grade"], "overdue": overdue}


def test_a_correction_in_progress_leaves_compliance_credit_and_disclosure_on_the_accepted_version(
    sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    with transaction(sessions) as s:
        before = _chp(enterprises.compliance(s, OFFICE, 2020, as_of=AS_OF))
        forms_before = enterprises.disclosures(s, 2020)
    assert before["report"]["status"] == "accepted" and not before["overdue"]
    with transaction(sessions, write=True) as s:
        enterprises.correct_report(s, OFFICE, "LJ-CHP", 2020, "diesel of the boilers forgotten")
    with transaction(sessions) as s:
        assert _chp(enterprises.compliance(s, OFFICE, 2020, as_of=AS_OF)) == before
    with transaction(sessions, write=True) as s:
        chp = member(s, "LJ-CHP")
        file(s, chp, "LJ-CHP", workbook(tmp_path, "LJ-CHP", 2.0), replace=True)
        enterprises.prepare_report(s, chp, "LJ-CHP", 2020)  # the correction's draft, doubled
    with transaction(sessions) as s:
        during = _chp(enterprises.compliance(s, OFFICE, 2020, as_of=AS_OF))
        forms_during = enterprises.disclosures(s, 2020)
        draft = enterprises.list_filings(s, OFFICE, "LJ-CHP")[-1]
    assert draft.status == "draft" and draft.version == 2
    assert during == before
    assert forms_during == forms_before


def test_an_enterprise_registered_today_owes_nothing_for_earlier_years(
    sessions: sessionmaker[Session],
) -> None:
    record = demo.enterprises()[0]
    fields = {
        "enterprise_id": "LJ-NEW",
        "uscc": "91500000MA5UNEW01X",
        "name_zh": "新登记企业",
        "name_en": "registered today",
        "industry": record.industry,
        "territory": record.territory,
        "sub_area": record.sub_area,
        "mandatory_disclosure": True,
    }
    with transaction(sessions, write=True) as s:
        enterprises.register_enterprise(s, SYSTEM, fields, code_override_reason="test code")
    with transaction(sessions) as s:
        overview = enterprises.compliance(s, OFFICE, 2020, as_of=AS_OF)["overview"]
        due = enterprises.deadlines(s, OFFICE, "LJ-NEW", 2020, today=AS_OF)
    assert "LJ-NEW" not in {c["enterprise_id"] for c in overview["credit"]}
    assert "LJ-NEW" not in {o["enterprise_id"] for o in overview["obligations"]}
    assert due == []
    with transaction(sessions) as s:
        row = enterprises.get_enterprise(s, SYSTEM, "LJ-NEW")
        assert enterprises.enterprise_of(row).established_on == date.today()  # registration day


def test_platform_disclosure_forms_carry_ets_fields_and_the_verifiers_name(
    sessions: sessionmaker[Session],
) -> None:
    with transaction(sessions, write=True) as s:
        port = member(s, "LJ-PORT")
        user = accounts.create_user(
            s,
            SYSTEM,
            username="v-port",
            password="x" * 12,
            role="public",
            display_name="示例核查机构甲",
        )
        enterprises.engage_verifier(s, SYSTEM, user.id, "LJ-PORT")
        verifier = Actor(user.id, user.username, user.role)
        filing = enterprises.list_filings(s, OFFICE, "LJ-PORT")[-1]
        assert filing.status == "returned"
        enterprises.step_report(s, port, filing.id, "submit")
        enterprises.step_report(s, verifier, filing.id, "verify")
        enterprises.step_report(s, OFFICE, filing.id, "accept")
    with transaction(sessions) as s:
        forms = {f["enterprise_id"]: f for f in enterprises.disclosures(s, 2020)}
        ets = {
            a["enterprise_id"]: a
            for a in enterprises.compliance(s, OFFICE, 2020, as_of=AS_OF)["overview"]["ets"]
        }
    assert forms["LJ-PORT"]["verifier"] == "示例核查机构甲"
    assert str(user.id) not in str(forms["LJ-PORT"]["verifier"])
    chp = forms["LJ-CHP"]
    assert chp["ets_allocation_t"] is not None and chp["ets_surrendered_t"] is not None
    assert chp["ets_allocation_t"] == pytest.approx(ets["LJ-CHP"]["final_t"])
