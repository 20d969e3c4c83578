"""The filing state machine: who may take which step, immutability of accepted reports,
audit records for every step; deadlines, reminders and the overdue list."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cityclimate.enterprises import (
    TRANSITIONS,
    Actor,
    EnterpriseAccessError,
    Filing,
    FilingStatus,
    Role,
    WorkflowError,
    amend,
    correct,
    new_filing,
    obligations,
    overdue,
    reminders,
    step,
)

from .conftest import AT, enterprise

ROWS = pl.DataFrame({"co2e_t": [10.0]})
OWNER = Actor("user-a", Role.ENTERPRISE, frozenset({"E-A"}))
VERIFIER = Actor("verifier-1", Role.VERIFIER, frozenset({"E-A"}))
OFFICE = Actor("office-1", Role.CLIMATE_OFFICE)


def accepted_filing() -> Filing:
    filing, _ = new_filing(OWNER, "E-A", 2020, ROWS, AT)
    filing, _ = step(OWNER, filing, "submit", AT)
    filing, _ = step(VERIFIER, filing, "verify", AT)
    filing, _ = step(OFFICE, filing, "accept", AT)
    return filing


def test_the_happy_path_with_an_audit_record_for_every_step() -> None:
    filing, created = new_filing(OWNER, "E-A", 2020, ROWS, AT)
    assert (filing.filing_id, filing.status, created.action) == (
        "E-A-2020-v1",
        FilingStatus.DRAFT,
        "create",
    )
    trail = [created]
    for actor, action in ((OWNER, "submit"), (VERIFIER, "verify"), (OFFICE, "accept")):
        filing, record = step(actor, filing, action, AT)  # type: ignore[arg-type]
        trail.append(record)
    assert filing.status is FilingStatus.ACCEPTED
    assert [(r.from_status, r.to_status) for r in trail[1:]] == [
        ("draft", "submitted"),
        ("submitted", "verified"),
        ("verified", "accepted"),
    ]
    assert [r.who for r in trail[1:]] == ["user-a", "verifier-1", "office-1"]
    assert all(r.when == AT and r.entity_id == "E-A-2020-v1" for r in trail)
    assert filing.verifier == "verifier-1" and filing.accepted_at == AT


def test_no_accepted_report_can_change() -> None:
    filing = accepted_filing()
    with pytest.raises(WorkflowError) as info:
        amend(OWNER, filing, pl.DataFrame({"co2e_t": [99.0]}), AT)
    assert "accepted" in info.value.message_en
    for actor, action in (
        (OWNER, "submit"),
        (VERIFIER, "verify"),
        (OFFICE, "accept"),
        (OFFICE, "return"),
    ):
        with pytest.raises(WorkflowError):
            step(actor, filing, action, AT, "comment")  # type: ignore[arg-type]


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from(["submit", "verify", "accept", "return", "amend"]), max_size=8))
def test_once_accepted_no_sequence_of_steps_changes_the_report(actions: list[str]) -> None:
    filing = accepted_filing()
    before = (filing.status, filing.co2e_t, filing.comments)
    actors = {"submit": OWNER, "verify": VERIFIER, "accept": OFFICE, "return": OFFICE}
    for action in actions:
        # A step that is not refused hands back the changed report: keep it, so that the
        # final comparison sees any change (the filing is an immutable value).
        try:
            if action == "amend":
                filing, _ = amend(OWNER, filing, pl.DataFrame({"co2e_t": [0.0]}), AT)
            else:
                filing, _ = step(actors[action], filing, action, AT, "x")  # type: ignore[arg-type]
        except WorkflowError:
            continue
        pytest.fail(f"'{action}' was allowed on an accepted report")
    assert (filing.status, filing.co2e_t, filing.comments) == before
    assert before[:2] == (FilingStatus.ACCEPTED, 10.0)


def test_a_returned_report_can_be_changed_and_resubmitted() -> None:
    filing, _ = new_filing(OWNER, "E-A", 2020, ROWS, AT)
    filing, _ = step(OWNER, filing, "submit", AT)
    with pytest.raises(WorkflowError):
        amend(OWNER, filing, ROWS, AT)  # submitted: wait for the verifier
    with pytest.raises(WorkflowError):
        step(VERIFIER, filing, "return", AT, "  ")  # a return needs a comment
    filing, returned = step(VERIFIER, filing, "return", AT, "柴油数量有误 diesel figure wrong")
    assert filing.status is FilingStatus.RETURNED and returned.comment.startswith("柴油")
    filing, amended = amend(OWNER, filing, pl.DataFrame({"co2e_t": [12.0]}), AT, "fixed")
    assert filing.co2e_t == 12.0 and amended.action == "amend"
    filing, _ = step(OWNER, filing, "submit", AT)
    assert filing.status is FilingStatus.SUBMITTED
    assert filing.comments == ("verifier: 柴油数量有误 diesel figure wrong",)


def test_roles_and_enterprises_are_checked_at_every_step() -> None:
    filing, _ = new_filing(OWNER, "E-A", 2020, ROWS, AT)
    with pytest.raises(EnterpriseAccessError):
        step(VERIFIER, filing, "submit", AT)  # wrong role
    other_owner = Actor("user-b", Role.ENTERPRISE, frozenset({"E-B"}))
    with pytest.raises(EnterpriseAccessError):
        step(other_owner, filing, "submit", AT)  # another enterprise
    with pytest.raises(EnterpriseAccessError):
        new_filing(other_owner, "E-A", 2020, ROWS, AT)
    filing, _ = step(OWNER, filing, "submit", AT)
    with pytest.raises(EnterpriseAccessError):
        step(OWNER, filing, "verify", AT)  # an enterprise cannot verify itself
    stranger = Actor("verifier-2", Role.VERIFIER, frozenset({"E-B"}))
    with pytest.raises(EnterpriseAccessError):
        step(stranger, filing, "verify", AT)  # not engaged for this enterprise
    with pytest.raises(WorkflowError):
        step(OFFICE, filing, "accept", AT)  # not verified yet


def test_every_transition_is_declared() -> None:
    assert set(TRANSITIONS) == {"submit", "verify", "accept", "return"}
    assert all(FilingStatus.ACCEPTED not in starts for starts, _, _ in TRANSITIONS.values())


def test_a_correction_is_a_new_version_and_the_accepted_one_stays() -> None:
    filing = accepted_filing()
    with pytest.raises(WorkflowError):
        correct(OWNER, filing, ROWS, AT, "")
    corrected, record = correct(OWNER, filing, pl.DataFrame({"co2e_t": [11.0]}), AT, "meter error")
    assert (corrected.version, corrected.status, corrected.supersedes) == (
        2,
        FilingStatus.DRAFT,
        "E-A-2020-v1",
    )
    assert corrected.filing_id == "E-A-2020-v2" and record.action == "correct"
    assert filing.co2e_t == 10.0 and filing.status is FilingStatus.ACCEPTED
    draft, _ = new_filing(OWNER, "E-A", 2020, ROWS, AT)
    with pytest.raises(WorkflowError):
        correct(OWNER, draft, ROWS, AT, "why")


def test_deadlines_overdue_list_and_reminders() -> None:
    registry = [
        enterprise("E-A", mandatory_disclosure=True),
        enterprise("E-B"),
        enterprise("E-C"),
    ]
    done = {
        ("E-A", "emission_report"): date(2021, 4, 10),
        ("E-C", "emission_report"): date(2021, 3, 1),
    }
    items = obligations(registry, 2020, done, date(2021, 3, 20))
    status = {(o.enterprise_id, o.obligation): (o.status, o.days_late) for o in items}
    assert status == {
        ("E-A", "emission_report"): ("late", 10),
        ("E-A", "disclosure"): ("overdue", 5),
        ("E-B", "emission_report"): ("due_soon", 0),
        ("E-C", "emission_report"): ("on_time", 0),
    }
    assert [(o.enterprise_id, o.obligation) for o in overdue(items)] == [("E-A", "disclosure")]
    assert [o.enterprise_id for o in reminders(items)] == ["E-B"]
    early = obligations(registry, 2020, {}, date(2021, 1, 1))
    assert {o.status for o in early} == {"open"}
    later = obligations(registry, 2020, {}, date(2021, 3, 31) + timedelta(days=1))
    assert {o.enterprise_id for o in overdue(later)} == {"E-A", "E-B", "E-C"}


def test_deadlines_are_configurable() -> None:
    text = (
        "obligation,name_zh,name_en,applies_to,month,day,source,confidence\n"
        "emission_report,年报,report,all,4,30,district notice,H\n"
    )
    from cityclimate.enterprises.rules import deadlines

    items = obligations([enterprise()], 2020, {}, date(2021, 4, 20), deadlines=deadlines(text))
    assert [(o.due, o.status) for o in items] == [(date(2021, 4, 30), "due_soon")]


def test_no_obligation_for_a_year_before_the_enterprise_existed() -> None:
    registry = [
        enterprise("E-A", established_on=date(2021, 6, 1), mandatory_disclosure=True),
        enterprise("E-B", established_on=date(2020, 12, 31)),
        enterprise("E-C"),  # no date known: it owes
    ]
    late = date(2022, 12, 1)  # long after every 2020 deadline
    owed_2020 = {(o.enterprise_id, o.status) for o in obligations(registry, 2020, {}, late)}
    assert owed_2020 == {("E-B", "overdue"), ("E-C", "overdue")}
    owed_2021 = {o.enterprise_id for o in obligations(registry, 2021, {}, late)}
    assert owed_2021 == {"E-A", "E-B", "E-C"}
