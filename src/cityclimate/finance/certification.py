"""Green enterprise and green project certification (绿色企业、绿色项目认定), pure (issue 14).

The criteria are dated data with sources (``data/certification_criteria.csv``; the pilot
work plan asks for a unified certification method "according to the national standards",
渝府办发〔2023〕13号 item 23): each states its scheme, how it is judged and for how many years a
certification lasts. A criterion is judged

- ``catalogue``: the project carries a code of a national green catalogue (its library tags);
- ``computed``: the project's benefit is quantified by the platform (an ex-ante or monitored
  reduction above the threshold, or adaptation indicators);
- ``registration``: the enterprise is registered in the territory with a valid USCC;
- ``attest``: the applicant answers yes, with its evidence named, and the office reviews it;
- ``threshold``: the applicant's number reaches ``threshold`` (in ``unit``).

An application moves ``submitted`` → ``checked`` (形式审查: every criterion answered) →
``approved`` (技术评审 and decision: every criterion passed) or ``rejected`` (with a reason, from
either step); an approval lasts ``validity_years`` from the decision and may be ``revoked``
with a reason. :func:`step` is the state machine; the platform stores each step (audit trail).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources

from cityclimate.errors import DataValidationError, Problem, require_table
from cityclimate.finance.model import FinanceError
from cityclimate.text import Text

SCHEMES: dict[str, Text] = {
    "green_project": Text("绿色项目认定", "green project certification"),
    "green_enterprise": Text("绿色企业认定", "green enterprise certification"),
}
KINDS = ("catalogue", "computed", "registration", "attest", "threshold")
COLUMNS = ("scheme", "criterion", "kind", "name_zh", "name_en", "threshold", "unit",
           "validity_years", "confidence", "source")  # fmt: skip
STATUSES: dict[str, Text] = {
    "submitted": Text("已申请", "submitted"),
    "checked": Text("形式审查通过", "checked for completeness"),
    "approved": Text("认定通过", "approved"),
    "rejected": Text("不予认定", "rejected"),
    "revoked": Text("已撤销", "revoked"),
    "expired": Text("已过期", "expired"),
}
#: action → (statuses it starts from, status it leads to, whether it needs a reason).
TRANSITIONS: dict[str, tuple[frozenset[str], str, bool]] = {
    "check": (frozenset({"submitted"}), "checked", False),
    "approve": (frozenset({"checked"}), "approved", False),
    "reject": (frozenset({"submitted", "checked"}), "rejected", True),
    "revoke": (frozenset({"approved"}), "revoked", True),
}
ACTIONS: dict[str, Text] = {
    "apply": Text("提交申请", "apply"),
    "check": Text("形式审查", "check for completeness"),
    "approve": Text("认定通过", "approve"),
    "reject": Text("不予认定", "reject"),
    "revoke": Text("撤销认定", "revoke"),
}


@dataclass(frozen=True)
class Criterion:
    scheme: str
    criterion: str
    kind: str
    name: Text
    threshold: float | None
    unit: str
    validity_years: int
    confidence: str
    source: str


@dataclass(frozen=True)
class Answer:
    """An applicant's answer to one criterion: ``yes``/``no`` or a number, and its evidence."""

    value: str
    evidence: str = ""


@dataclass(frozen=True)
class Facts:
    """What the platform itself knows of the subject (``None``: it does not know)."""

    catalogue_codes: int | None = None
    reduction_t: float | None = None
    adaptation_indicators: int = 0
    registered: bool | None = None


@dataclass(frozen=True)
class Judgement:
    """One criterion judged: ``passed`` is None while the office has not been able to tell."""

    criterion: str
    passed: bool | None
    basis: Text


def parse_criteria(text: str, where: str = "certification_criteria.csv") -> tuple[Criterion, ...]:
    """The criteria of a file; every bad row is reported at once (row, column, fix)."""
    rows = list(csv.DictReader(io.StringIO(text)))
    require_table(rows, COLUMNS, where)
    problems: list[Problem] = []
    found: list[Criterion] = []
    for number, row in enumerate(rows, start=1):

        def bad(column: str, zh: str, en: str, row: dict[str, str] = row, n: int = number) -> None:
            problems.append(Problem(where, n, column, row.get(column) or "", message=Text(zh, en)))

        if row["scheme"] not in SCHEMES:
            bad("scheme", "认定类别应为 green_project 或 green_enterprise",
                "the scheme is green_project or green_enterprise")  # fmt: skip
        if row["kind"] not in KINDS:
            bad(
                "kind",
                f"判定方式应为：{', '.join(KINDS)}",
                f"the kind is one of: {', '.join(KINDS)}",
            )
        threshold = float(row["threshold"]) if row["threshold"].strip() else None
        if row["kind"] == "threshold" and threshold is None:
            bad("threshold", "阈值类指标须给出阈值", "a threshold criterion needs its threshold")
        if not (row["validity_years"].isdigit() and 1 <= int(row["validity_years"]) <= 10):
            bad("validity_years", "有效期为 1 至 10 年", "validity is 1 to 10 years")
        if not row["source"].strip():
            bad("source", "每项指标须注明来源", "every criterion needs its source")
        if not problems:
            found.append(Criterion(row["scheme"], row["criterion"], row["kind"],
                                   Text(row["name_zh"], row["name_en"]), threshold, row["unit"],
                                   int(row["validity_years"]), row["confidence"], row["source"]))  # fmt: skip
    if problems:
        raise DataValidationError(problems)
    return tuple(found)


def shipped_criteria() -> tuple[Criterion, ...]:
    """The criteria shipped with cityclimate (see the file's sources and confidence marks)."""
    text = resources.files("cityclimate.finance").joinpath("data", "certification_criteria.csv")
    return parse_criteria(text.read_text(encoding="utf-8"))


def of_scheme(criteria: Sequence[Criterion], scheme: str) -> list[Criterion]:
    if scheme not in SCHEMES:
        raise FinanceError(f"未知的认定类别 {scheme}", f"unknown certification scheme {scheme}")
    return [c for c in criteria if c.scheme == scheme]


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def judge(
    criteria: Sequence[Criterion], answers: Mapping[str, Answer], facts: Facts
) -> list[Judgement]:
    """Judge each criterion from the platform's facts and the applicant's answers."""
    out: list[Judgement] = []
    for c in criteria:
        answer = answers.get(c.criterion)
        if c.kind == "catalogue":
            known = facts.catalogue_codes
            passed = None if known is None else known > 0
            basis = Text(f"目录编码 {known or 0} 个", f"{known or 0} catalogue code(s)")
        elif c.kind == "computed":
            reduction = facts.reduction_t
            passed = (
                reduction is not None and reduction > (c.threshold or 0)
            ) or facts.adaptation_indicators > 0
            basis = Text(f"平台计算减排量 {reduction if reduction is not None else '—'} tCO2e/a；适应指标 {facts.adaptation_indicators} 项",
                         f"computed reduction {reduction if reduction is not None else '—'} tCO2e/a; "
                         f"{facts.adaptation_indicators} adaptation indicator(s)")  # fmt: skip
        elif c.kind == "registration":
            passed = facts.registered
            basis = Text("平台企业登记", "the platform's enterprise register")
        elif answer is None or not answer.value.strip():
            passed, basis = None, Text("未作答", "not answered")
        elif c.kind == "attest":
            passed = answer.value.strip().lower() in ("yes", "是", "true")
            said = Text("是", "yes") if passed else Text("否", "no")
            basis = Text(f"申请人声明：{said.zh}；证明材料：{answer.evidence or '—'}",
                         f"applicant states: {said.en}; evidence: {answer.evidence or '—'}")  # fmt: skip
        else:
            value = _number(answer.value)
            passed = None if value is None else value >= (c.threshold or 0)
            basis = Text(f"申报值 {answer.value} {c.unit}，阈值 {c.threshold:g} {c.unit}",
                         f"stated {answer.value} {c.unit}, threshold {c.threshold:g} {c.unit}")  # fmt: skip
        out.append(Judgement(c.criterion, passed, basis))
    return out


def step(status: str, action: str, judgements: Sequence[Judgement], reason: str = "") -> str:
    """The status after ``action``; refused (naming why) when it does not apply."""
    if action not in TRANSITIONS:
        raise FinanceError(f"未知的操作 {action}", f"unknown action {action}")
    starts, to, needs_reason = TRANSITIONS[action]
    if status not in starts:
        raise FinanceError(f"状态为“{STATUSES[status].zh}”的申请不能{ACTIONS[action].zh}",
                           f"an application {STATUSES[status].en} cannot be {to}")  # fmt: skip
    if needs_reason and not reason.strip():
        raise FinanceError(f"{ACTIONS[action].zh}须写明理由", f"{action} needs a reason")
    unanswered = [j.criterion for j in judgements if j.passed is None]
    if action == "check" and unanswered:
        listed = ", ".join(unanswered)
        raise FinanceError(f"以下指标尚无法判定（未作答或缺少数据）：{listed}",
                           f"these criteria cannot be judged yet (unanswered or no data): {listed}")  # fmt: skip
    failed = [j.criterion for j in judgements if j.passed is not True]
    if action == "approve" and failed:
        listed = ", ".join(failed)
        raise FinanceError(f"以下指标未通过，不能认定：{listed}",
                           f"these criteria are not met, so it cannot be approved: {listed}")  # fmt: skip
    return to


def valid_until(decided_on: dt.date, criteria: Sequence[Criterion]) -> dt.date:
    """The last day an approval decided on ``decided_on`` lasts: the shortest validity of the
    scheme's criteria in years, less a day (29 February → 28 February)."""
    years = min(c.validity_years for c in criteria)
    try:
        end = decided_on.replace(year=decided_on.year + years)
    except ValueError:
        end = decided_on.replace(year=decided_on.year + years, day=28)
    return end - dt.timedelta(days=1)


def status_on(status: str, valid_to: dt.date | None, on: dt.date) -> str:
    """The status as it stands on ``on``: an approval past its last day has expired."""
    return "expired" if status == "approved" and valid_to is not None and on > valid_to else status
