"""The office's compliance overview on the demo; what an enterprise user sees; packs as JSON."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from functools import cache

import pytest

from cityclimate.demo import enterprises as demo
from cityclimate.demo import liangjiang
from cityclimate.enterprises import (
    Actor,
    ComplianceOverview,
    FilingStatus,
    Role,
    compliance_overview,
    disclosure_forms,
    missing_fields,
    pack_from_json,
    pack_to_json,
)
from cityclimate.enterprises.compliance import build_pack
from cityclimate.errors import DataValidationError
from cityclimate.inventory import compute_emissions

AS_OF = date(2021, 6, 1)


@cache
def office_view() -> ComplianceOverview:
    method = liangjiang.method()
    return compliance_overview(
        Actor("office-1", Role.CLIMATE_OFFICE),
        demo.pack(),
        2020,
        as_of=AS_OF,
        method=method,
        district_emissions=compute_emissions(liangjiang.activities(), method),
    )


def test_office_sees_reports_ets_credit_deadlines_pue_and_reconciliation() -> None:
    view = office_view()
    assert view.reports.height == 9
    assert set(view.ets["enterprise_id"]) == {"LJ-CHP", "LJ-PANEL", "LJ-AUTO", "LJ-GLASS"}
    statuses = dict(view.ets.select("enterprise_id", "status").iter_rows())
    assert statuses["LJ-GLASS"] == "shortfall" and statuses["LJ-CHP"] == "compliant"
    assert view.joint_lists["penalty"] == ["LJ-GLASS"]
    assert {(o.enterprise_id, o.obligation) for o in view.obligations if o.status == "overdue"} == {
        ("LJ-TOWER", "emission_report"),
        ("LJ-PORT", "disclosure"),
    }
    (pue,) = view.pue
    assert pue.enterprise_id == "LJ-DC" and not pue.meets_limit
    assert view.reconciliation is not None
    assert not [f for f in view.reconciliation.findings if f.severity == "error"]
    published = {d.enterprise_id for d in view.disclosures}
    assert "LJ-TOWER" not in published and "LJ-CHP" in published
    statuses_of = {f.enterprise_id: f.status.value for f in view.filings}
    assert statuses_of["LJ-PORT"] == "returned" and statuses_of["LJ-EXPO"] == "verified"
    actions = [a.action for a in view.audit if a.entity_id == "LJ-CHP-2020-v1"]
    assert actions == ["create", "submit", "verify", "accept"]


def test_overview_is_json_ready() -> None:
    data = json.loads(json.dumps(office_view().as_dict(), default=str))
    assert data["units"]["co2e_t"] == "t CO2e"
    assert data["reconciliation"]["by_sector"]
    assert "ILLUSTRATIVE" in data["notice"]


def test_an_enterprise_user_sees_its_own_enterprise_only() -> None:
    own = compliance_overview(
        Actor("u", Role.ENTERPRISE, frozenset({"LJ-DC"})),
        demo.pack(),
        2020,
        as_of=AS_OF,
        method=liangjiang.method(),
        district_emissions=compute_emissions(liangjiang.activities(), liangjiang.method()),
    )
    assert own.reports["enterprise_id"].to_list() == ["LJ-DC"]
    assert own.reconciliation is None and own.ets.is_empty()
    assert {c.enterprise_id for c in own.credit} == {"LJ-DC"}


def test_pack_round_trips_through_json() -> None:
    pack = demo.pack()
    again = pack_from_json(pack_to_json(pack))
    assert [e.enterprise_id for e in again.enterprises] == [
        e.enterprise_id for e in pack.enterprises
    ]
    assert again.ledgers["energy"].height == pack.ledgers["energy"].height
    assert again.records.height == pack.records.height


def test_a_bad_pack_lists_problems_of_every_part() -> None:
    data = json.loads(pack_to_json(demo.pack()))
    data["energy"][0]["month"] = 13
    data["compliance"][0]["report_status"] = "lost"
    data["enterprises"][0]["industry"] = "0000"
    with pytest.raises(DataValidationError) as info:
        pack_from_json(json.dumps(data, ensure_ascii=False))
    fields = {p.field for p in info.value.problems}
    assert {"month", "report_status", "industry"} <= fields
    with pytest.raises(DataValidationError):
        pack_from_json("not json")


def test_an_enterprise_established_after_the_year_is_not_graded_or_overdue() -> None:
    pack = demo.pack()
    newcomer = replace(pack.enterprises[0], established_on=date(2021, 2, 1))
    later = replace(pack, enterprises=(newcomer, *pack.enterprises[1:]))
    office = Actor("office-1", Role.CLIMATE_OFFICE)
    view = compliance_overview(office, later, 2020, as_of=AS_OF, method=liangjiang.method())
    eid = newcomer.enterprise_id
    assert view.reports.height == 8 and eid not in set(view.reports["enterprise_id"])
    assert eid not in {c.enterprise_id for c in view.credit}
    assert eid not in {o.enterprise_id for o in view.obligations}
    assert eid in {c.enterprise_id for c in office_view().credit}  # graded when it existed


def test_the_disclosure_forms_are_made_by_one_function_with_ets_and_pue_fields() -> None:
    view = office_view()
    accepted = [f for f in view.filings if f.status is FilingStatus.ACCEPTED]
    forms = disclosure_forms(demo.pack(), 2020, accepted)
    assert forms == list(view.disclosures)
    registry = {e.enterprise_id: e for e in demo.pack().enterprises}
    accounts = {a.enterprise_id: a for a in view.accounts}
    checks = {p.enterprise_id: p for p in view.pue}
    ets = [f for f in forms if registry[f.enterprise_id].ets_controlled]
    assert ets, "the demo has accepted ETS reports"
    for form in ets:
        account = accounts[form.enterprise_id]
        assert (form.ets_allocation_t, form.ets_surrendered_t) == (
            account.final_t,
            account.surrendered_t,
        )
    for form in forms:
        missing = set(missing_fields(form, registry[form.enterprise_id]))
        assert not missing & {"ets_allocation_t", "ets_surrendered_t", "pue"}, form.enterprise_id
        if registry[form.enterprise_id].data_centre:
            assert form.pue == checks[form.enterprise_id].annual_pue


#: The columns issue 14 added to the compliance records.
OFFSET_SOURCE_FIELDS = ("offsets_source", "offsets_period_start", "offsets_period_end")


def test_records_of_the_layout_before_the_offsets_source_still_load() -> None:
    """Compliance records written before issue 14 added the offsets' source and period (no
    such columns) load, their offsets read 'source not stated' (empty)."""
    pack = demo.pack()
    older = pack.records.drop(OFFSET_SOURCE_FIELDS).write_csv()
    kinds = ("energy", "materials", "production", "data_centre")
    rebuilt = build_pack(
        pack.territory,
        list(pack.enterprises),
        {kind: demo.ledger(kind) for kind in kinds},
        pack.allocation_inputs.write_csv(),
        older,
    )
    assert rebuilt.records["offsets_source"].null_count() == rebuilt.records.height
    assert rebuilt.records.drop(OFFSET_SOURCE_FIELDS).equals(
        pack.records.drop(OFFSET_SOURCE_FIELDS)
    )
