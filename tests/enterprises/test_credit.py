"""Carbon-compliance score and grade with the rules as data; joint rewards/penalties lists."""

from __future__ import annotations

import polars as pl

from cityclimate.enterprises import CreditInput, joint_lists, score_credit
from cityclimate.enterprises.rules import credit_grades


def item(**overrides: object) -> CreditInput:
    fields: dict[str, object] = {
        "enterprise_id": "E-A",
        "year": 2020,
        "ets_shortfall_share": 0.0,
        "report_days_late": 0,
        "disclosure_days_late": 0,
        "disclosure_missing_share": 0.0,
    }
    fields.update(overrides)
    return CreditInput(**fields)  # type: ignore[arg-type]


def test_a_clean_record_scores_100_and_goes_on_the_reward_list() -> None:
    score = score_credit(item())
    assert (score.score, score.grade, score.joint_list, score.deductions) == (
        100.0,
        "A",
        "reward",
        (),
    )


def test_worked_case_with_every_criterion() -> None:
    score = score_credit(
        item(
            ets_shortfall_share=0.03,  # −20
            report_days_late=20,  # −10
            disclosure_days_late=5,  # −5
            disclosure_missing_share=0.1,  # −5
            major_findings=1,  # −10
            minor_findings=3,  # −6
        )
    )
    assert score.score == 100 - 20 - 10 - 5 - 5 - 10 - 6 == 44
    assert (score.grade, score.grade_zh, score.joint_list) == ("D", "环保不良", "penalty")
    assert len(score.deductions) == 6


def test_per_unit_rules_are_capped_and_bands_are_lower_inclusive() -> None:
    many = score_credit(item(major_findings=7, minor_findings=20))
    assert [p for _, _, p in many.deductions] == [30.0, 10.0]  # caps 30 and 10
    assert score_credit(item(report_days_late=31)).score == 80  # 31 falls in [31, ∞)
    assert score_credit(item(report_days_late=30)).score == 90
    assert score_credit(item(disclosure_missing_share=1.0)).score == 75  # not disclosed
    assert score_credit(item(ets_shortfall_share=None, disclosure_missing_share=None)).score == 100


def test_grade_boundaries_belong_to_the_higher_grade() -> None:
    assert score_credit(item(report_days_late=1)).grade == "A"  # 90
    assert score_credit(item(report_days_late=40, disclosure_days_late=1)).grade == "B"  # 75
    assert score_credit(item(ets_shortfall_share=0.5)).grade == "C"  # 60 → watch list


def test_rules_are_data() -> None:
    strict = pl.DataFrame(credit_grades()).with_columns(
        min_score=pl.when(pl.col("grade") == "A").then(99.0).otherwise(pl.col("min_score"))
    )
    assert score_credit(item(minor_findings=1), grades=strict).grade == "B"


def test_joint_lists() -> None:
    scores = [
        score_credit(item(enterprise_id="E-B")),
        score_credit(item(enterprise_id="E-C", ets_shortfall_share=0.5)),
        score_credit(item(enterprise_id="E-D", ets_shortfall_share=0.5, report_days_late=40)),
        score_credit(item(enterprise_id="E-E", report_days_late=40, disclosure_days_late=3)),
    ]
    assert joint_lists(scores) == {"reward": ["E-B"], "watch": ["E-C"], "penalty": ["E-D"]}
