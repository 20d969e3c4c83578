"""Certification rules (issue 14), pure: criteria as sourced data, judgements from the
platform's facts and the applicant's answers, the review state machine, validity by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from cityclimate.errors import DataValidationError
from cityclimate.finance.certification import (
    Answer,
    Facts,
    judge,
    of_scheme,
    parse_criteria,
    shipped_criteria,
    status_on,
    step,
    valid_until,
)
from cityclimate.finance.model import FinanceError

ENTERPRISE = of_scheme(shipped_criteria(), "green_enterprise")
PROJECT = of_scheme(shipped_criteria(), "green_project")
GOOD = {
    "no_major_accident": Answer("yes", "证明"),
    "green_revenue_share": Answer("50", "审计报告"),
    "carbon_intensity_declining": Answer("0.5", "排放报告"),
}


def test_every_shipped_criterion_has_a_source_and_a_confidence() -> None:
    assert {c.scheme for c in shipped_criteria()} == {"green_enterprise", "green_project"}
    assert all(c.source and c.confidence in ("H", "M", "L") for c in shipped_criteria())
    # the one threshold not found in any text is marked illustrative
    share = next(c for c in ENTERPRISE if c.criterion == "green_revenue_share")
    assert share.confidence == "L" and "ILLUSTRATIVE" in share.source


def test_an_enterprise_meeting_each_threshold_exactly_passes() -> None:
    found = judge(ENTERPRISE, GOOD, Facts(registered=True))
    assert all(j.passed for j in found)
    below = judge(
        ENTERPRISE, {**GOOD, "green_revenue_share": Answer("49.9")}, Facts(registered=True)
    )
    assert [j.criterion for j in below if not j.passed] == ["green_revenue_share"]


def test_unanswered_and_unknown_facts_stay_open() -> None:
    found = {j.criterion: j.passed for j in judge(ENTERPRISE, {}, Facts())}
    assert found == dict.fromkeys(
        (
            "registered_locally",
            "no_major_accident",
            "green_revenue_share",
            "carbon_intensity_declining",
        )
    )


def test_a_project_is_judged_on_its_tags_and_computed_benefit() -> None:
    answers = {"no_major_accident": Answer("yes"), "approvals_attached": Answer("yes")}
    tagged = judge(PROJECT, answers, Facts(catalogue_codes=2, reduction_t=1200.0))
    assert all(j.passed for j in tagged)
    untagged = judge(PROJECT, answers, Facts(catalogue_codes=0, reduction_t=0.0))
    assert {j.criterion for j in untagged if not j.passed} == {
        "catalogue_match",
        "benefit_quantified",
    }
    adaptation = judge(PROJECT, answers, Facts(catalogue_codes=1, adaptation_indicators=2))
    assert all(j.passed for j in adaptation)  # an adaptation benefit counts as quantified


def test_the_review_steps_in_order_with_reasons() -> None:
    ok = judge(ENTERPRISE, GOOD, Facts(registered=True))
    assert step("submitted", "check", ok) == "checked"
    assert step("checked", "approve", ok) == "approved"
    assert step("approved", "revoke", ok, reason="虚假材料") == "revoked"
    with pytest.raises(FinanceError):
        step("submitted", "approve", ok)  # not checked yet
    with pytest.raises(FinanceError):
        step("checked", "reject", ok)  # a rejection needs its reason
    failing = judge(ENTERPRISE, {**GOOD, "no_major_accident": Answer("no")}, Facts(registered=True))
    with pytest.raises(FinanceError) as caught:
        step("checked", "approve", failing)
    assert "no_major_accident" in caught.value.message.en
    with pytest.raises(FinanceError) as caught:
        step("submitted", "check", judge(ENTERPRISE, {}, Facts(registered=True)))
    assert "green_revenue_share" in caught.value.message.en


def test_validity_is_the_shortest_years_less_a_day_and_then_expires() -> None:
    assert valid_until(dt.date(2024, 6, 30), ENTERPRISE) == dt.date(2027, 6, 29)
    assert valid_until(dt.date(2024, 2, 29), PROJECT) == dt.date(2026, 2, 27)  # 28 Feb − 1 day
    assert status_on("approved", dt.date(2027, 6, 29), dt.date(2027, 6, 29)) == "approved"
    assert status_on("approved", dt.date(2027, 6, 29), dt.date(2027, 6, 30)) == "expired"


def test_a_criteria_file_with_a_bad_row_is_refused_with_its_row() -> None:
    head = "scheme,criterion,kind,name_zh,name_en,threshold,unit,validity_years,confidence,source\n"
    text = (
        head + "green_enterprise,x,threshold,甲,a,,%,3,L,src\ngreen_widget,y,attest,乙,b,,,0,L,\n"
    )
    with pytest.raises(DataValidationError) as caught:
        parse_criteria(text, "criteria.csv")
    assert {(p.row, p.field) for p in caught.value.problems} == {
        (1, "threshold"),
        (2, "scheme"),
        (2, "validity_years"),
        (2, "source"),
    }
