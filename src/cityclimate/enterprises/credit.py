"""Carbon compliance for environmental-credit ratings (MISSION R9): score, grade, joint lists.

The score starts at 100 and loses the points of every rule in ``data/credit_rules.csv`` whose
band ``[lower, upper)`` holds the enterprise's measure (a per-unit rule loses its points per
unit, up to its cap)::

    score = max(0, 100 − Σ deductions)

The grade is the first row of ``data/credit_grades.csv`` whose ``min_score`` the score reaches
(A 环保诚信 ≥ 90, B 环保良好 ≥ 75, C 环保警示 ≥ 60, D 环保不良), and the grade names the joint
list (reward, watch, penalty) the enterprise goes on. Rules and bands are the office's to set.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import polars as pl

from cityclimate.enterprises import rules

#: Days late recorded for a report that was never filed (falls in the top lateness band).
NOT_FILED_DAYS = 366


@dataclass(frozen=True)
class CreditInput:
    """What the credit rating takes from carbon reporting, per enterprise and year.

    Attributes
    ----------
    ets_shortfall_share:
        Allowance shortfall / verified emissions (``None`` for enterprises outside the ETS).
    report_days_late, disclosure_days_late:
        Days after the deadline (0 on time; :data:`NOT_FILED_DAYS` when never filed;
        disclosure ``None`` where not required).
    disclosure_missing_share:
        Share of required disclosure fields left empty (1 = not disclosed; ``None`` where
        not required).
    major_findings, minor_findings:
        Verification findings (counts).
    """

    enterprise_id: str
    year: int
    ets_shortfall_share: float | None
    report_days_late: int
    disclosure_days_late: int | None
    disclosure_missing_share: float | None
    major_findings: int = 0
    minor_findings: int = 0


@dataclass(frozen=True)
class CreditScore:
    """A carbon-compliance score with its grade, joint list and every deduction."""

    enterprise_id: str
    year: int
    score: float
    grade: str
    grade_zh: str
    grade_en: str
    joint_list: str | None
    deductions: tuple[tuple[str, str, float], ...] = field(default_factory=tuple)


def score_credit(
    item: CreditInput,
    *,
    credit_rules: pl.DataFrame | None = None,
    grades: pl.DataFrame | None = None,
) -> CreditScore:
    """Score one enterprise-year with the rules as data (see the module notes).

    Returns
    -------
    CreditScore
        Score (0–100), grade and its names, joint list, and each deduction as
        (name_zh, name_en, points).
    """
    table = rules.credit_rules() if credit_rules is None else credit_rules
    grades = rules.credit_grades() if grades is None else grades
    measures: dict[str, float | None] = {
        "ets_shortfall_share": item.ets_shortfall_share,
        "report_days_late": float(item.report_days_late),
        "disclosure_days_late": None
        if item.disclosure_days_late is None
        else float(item.disclosure_days_late),
        "disclosure_missing_share": item.disclosure_missing_share,
        "major_findings": float(item.major_findings),
        "minor_findings": float(item.minor_findings),
    }
    deductions: list[tuple[str, str, float]] = []
    for rule in table.iter_rows(named=True):
        value = measures[rule["measure"]]
        if value is None or value < rule["lower"]:
            continue
        if rule["upper"] is not None and value >= rule["upper"]:
            continue
        points = rule["points"] * value if rule["per_unit"] else rule["points"]
        if rule["cap"] is not None:
            points = min(points, rule["cap"])
        deductions.append((rule["name_zh"], rule["name_en"], float(points)))
    score = max(0.0, 100.0 - sum(p for _, _, p in deductions))
    ordered = grades.sort("min_score", descending=True)
    grade = next(g for g in ordered.iter_rows(named=True) if score >= g["min_score"])
    return CreditScore(
        enterprise_id=item.enterprise_id,
        year=item.year,
        score=score,
        grade=grade["grade"],
        grade_zh=grade["name_zh"],
        grade_en=grade["name_en"],
        joint_list=grade["joint_list"],
        deductions=tuple(deductions),
    )


def joint_lists(scores: Iterable[CreditScore]) -> dict[str, list[str]]:
    """The joint rewards and penalties lists: enterprise ids by list (reward, watch, penalty)."""
    lists: dict[str, list[str]] = {"reward": [], "watch": [], "penalty": []}
    for score in scores:
        if score.joint_list is not None:
            lists.setdefault(score.joint_list, []).append(score.enterprise_id)
    return {name: sorted(ids) for name, ids in lists.items()}
