"""The plan's annual evaluation report (规划实施年度评估报告) and the target-responsibility
assessment notice to a department (目标责任考核结果通知), with its rectification deadlines (R12).

Both are assembled from the annual evaluation as JSON-ready data
(:func:`cityclimate.plan.annual_evaluation.annual_evaluation_dict`): indicators with their
status against the year's path (序时进度), tasks by status and department, overdue tasks,
departments' grades and item scores, and rectification items with their deadline.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cityclimate.names import name
from cityclimate.reporting.charts import bar_chart
from cityclimate.reporting.formats import DASH, num
from cityclimate.reporting.model import Block, Chart, Cover, Document, Paragraph, Section, Table
from cityclimate.text import Text

NATURE = {"binding": Text("约束性", "binding"), "expected": Text("预期性", "expected")}


def _value(row: Mapping[str, Any], key: str) -> str:
    return num(row.get(key))


def _indicators(evaluation: Mapping[str, Any]) -> Section:
    rows = evaluation["indicators"]
    table = Table(
        Text("指标完成情况", "Indicators against the year's path"),
        (
            Text("序号", "No."),
            Text("指标", "Indicator"),
            Text("性质", "Nature"),
            Text("实际值", "Actual"),
            Text("序时进度", "Path"),
            Text("目标值", "Target"),
            Text("单位", "Unit"),
            Text("状态", "Status"),
        ),
        tuple(
            (
                str(r["number"]),
                Text.of(r, "name"),
                NATURE.get(str(r["nature"]), Text(str(r["nature"]), str(r["nature"]))),
                _value(r, "actual"),
                _value(r, "path_value"),
                _value(r, "target_value"),
                name("unit", str(r.get("unit") or "")),
                Text.of(r, "status"),
            )
            for r in rows
        ),
        frozenset({3, 4, 5}),
    )
    binding = [r for r in rows if r["nature"] == "binding" and r.get("binding_met") is not None]
    met = sum(1 for r in binding if r["binding_met"])
    text = Text(
        f"约束性指标 {len(binding)} 项中 {met} 项达到序时进度要求。",
        f"{met} of {len(binding)} binding indicators meet the year's path.",
    )
    return Section(Text("指标完成情况", "Indicators"), (Paragraph(text), table))


def _tasks(evaluation: Mapping[str, Any]) -> Section:
    tasks = evaluation["tasks"]
    by_status = tasks["by_status"]
    labels_zh = [str(r["status_zh"]) for r in by_status]
    counts = [float(r["tasks"]) for r in by_status]
    chart = Chart(
        Text("任务进展（项）", "Tasks by status (count)"),
        bar_chart(labels_zh, counts, unit="项", title="任务进展", digits=0),
        bar_chart([str(r["status"]) for r in by_status], counts, unit="", title="Tasks", digits=0),
        Text("各状态任务数见下表。", "The counts are in the table below."),
    )
    status_table = Table(
        Text("任务进展", "Tasks by status"),
        (Text("状态", "Status"), Text("任务数", "Tasks")),
        tuple((Text(str(r["status_zh"]), str(r["status"])), str(r["tasks"])) for r in by_status),
        frozenset({1}),
    )
    departments = Table(
        Text("各牵头单位任务进展", "Tasks by lead department"),
        (
            Text("牵头单位", "Lead department"),
            Text("已完成", "Done"),
            Text("进行中", "In progress"),
            Text("未开始", "Not started"),
            Text("滞后", "Delayed"),
            Text("逾期", "Overdue"),
            Text("合计", "Total"),
        ),
        tuple(
            (
                str(r["lead_department"]),
                str(r["done"]),
                str(r["in_progress"]),
                str(r["not_started"]),
                str(r["delayed"]),
                str(r["overdue"]),
                str(r["total"]),
            )
            for r in tasks["by_department"]
        ),
        frozenset({1, 2, 3, 4, 5, 6}),
    )
    overdue = Table(
        Text(
            f"逾期任务（截至 {evaluation['as_of']}）", f"Overdue tasks (on {evaluation['as_of']})"
        ),
        (
            Text("任务", "Task"),
            Text("牵头单位", "Lead department"),
            Text("期限", "Deadline"),
            Text("逾期天数", "Days overdue"),
        ),
        tuple(
            (
                Text(f"{r['task_id']} {r['title_zh']}", f"{r['task_id']} {r['title_en']}"),
                str(r["lead_department"]),
                str(r["deadline"]),
                str(r["days_overdue"]),
            )
            for r in tasks["overdue"]
        ),
        frozenset({3}),
    )
    return Section(Text("重点任务进展", "Tasks"), (chart, status_table, departments, overdue))


def _grades(evaluation: Mapping[str, Any]) -> Table:
    return Table(
        Text("目标责任考核结果", "Target-responsibility assessment"),
        (
            Text("单位", "Department"),
            Text("得分", "Score"),
            Text("等级", "Grade"),
            Text("一票否决指标", "Vetoed by"),
            Text("整改事项", "Rectification items"),
        ),
        tuple(
            (
                str(r["department"]),
                num(r["score"], 1),
                Text.of(r, "grade"),
                str(r.get("veto_indicator_ids") or DASH),
                str(r.get("rectification_items", 0)),
            )
            for r in evaluation["grades"]
        ),
        frozenset({1, 4}),
    )


def _rectification(evaluation: Mapping[str, Any], items: list[Mapping[str, Any]]) -> Table:
    return Table(
        Text("整改事项与期限", "Rectification items and deadlines"),
        (
            Text("单位", "Department"),
            Text("事项", "Item"),
            Text("原因", "Reason"),
            Text("整改期限", "Deadline"),
        ),
        tuple(
            (
                str(r["department"]),
                _item_name(evaluation, str(r["subject_kind"]), str(r["subject_id"])),
                Text.of(r, "reason"),
                str(r["deadline"]),
            )
            for r in items
        ),
        frozenset({3}),
    )


def _item_name(evaluation: Mapping[str, Any], kind: str, item_id: str) -> Text:
    """An assessed item by name: the indicator's name, or the task's number and title."""
    if kind == "indicator":
        for r in evaluation["indicators"]:
            if r["indicator_id"] == item_id:
                return Text.of(r, "name")
    for t in evaluation["tasks"].get("all", []):
        if str(t["task_id"]) == item_id:
            return Text(f"{item_id} {t['title_zh']}", f"{item_id} {t['title_en']}")
    return Text(item_id, item_id)


def evaluation_document(cover: Cover, evaluation: Mapping[str, Any]) -> Document:
    """The annual evaluation report of the plan for ``evaluation["year"]``."""
    year = evaluation["year"]
    sections = (
        _indicators(evaluation),
        _tasks(evaluation),
        Section(
            Text("目标责任考核与整改", "Assessment and rectification"),
            (_grades(evaluation), _rectification(evaluation, evaluation["rectification"])),
        ),
    )
    title = Text(f"{year} 年度规划实施评估报告", f"Annual evaluation of the plan {year}")
    return cover.document("evaluation", title, sections)


def assessment_notice(cover: Cover, evaluation: Mapping[str, Any], department: str) -> Document:
    """The assessment notice to ``department``: its grade and score, each assessed item, and
    the rectification items it must close by their deadline (ValueError if not assessed)."""
    year = evaluation["year"]
    grade = next((g for g in evaluation["grades"] if g["department"] == department), None)
    if grade is None:
        raise ValueError(f"{department} is not assessed in {year}")
    items = [r for r in evaluation["rectification"] if r["department"] == department]
    scores = [s for s in evaluation["item_scores"] if s["department"] == department]
    deadlines = sorted({str(r["deadline"]) for r in items})
    if items:
        ask = Text(
            f"请于 {deadlines[-1]} 前完成下列 {len(items)} 项整改，并将整改情况及佐证材料报送本单位。",
            f"Close the {len(items)} rectification items below by {deadlines[-1]} and send "
            "the evidence to us.",
        )
    else:
        ask = Text("本年度无整改事项。", "There is no rectification item this year.")
    opening = Text(
        f"{department}：根据规划目标责任考核办法，你单位 {year} 年度考核得分 "
        f"{num(grade['score'], 1)} 分，等级为“{grade['grade_zh']}”。",
        f"{department}: under the plan's target-responsibility assessment, your {year} score is "
        f"{num(grade['score'], 1)}, grade '{grade['grade_en']}'.",
    )
    blocks: list[Block] = [Paragraph(opening), Paragraph(ask)]
    if items:
        blocks.append(_rectification(evaluation, items))
    blocks.append(
        Table(
            Text("考核事项得分", "Assessed items"),
            (
                Text("类型", "Kind"),
                Text("事项", "Item"),
                Text("权重", "Weight"),
                Text("得分", "Score"),
                Text("说明", "Note"),
            ),
            tuple(
                (
                    Text("指标", "indicator") if s["kind"] == "indicator" else Text("任务", "task"),
                    _item_name(evaluation, s["kind"], str(s["item_id"])),
                    num(s["weight"], 0),
                    num(s["score"], 1),
                    Text.of(s, "note"),
                )
                for s in scores
            ),
            frozenset({2, 3}),
        )
    )
    title = Text(
        f"{year} 年度目标责任考核结果通知", f"Notice of the {year} target-responsibility assessment"
    )
    return cover.document(
        "assessment",
        title,
        (Section(Text("考核结果与整改要求", "Result and rectification"), tuple(blocks)),),
    )
