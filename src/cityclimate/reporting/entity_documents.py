"""Documents about one reporting entity: an enterprise's annual emission report with its
disclosure form (R9, mandatory disclosure of key enterprises), and a park's self-assessment
(R11, zero-carbon and near-zero-carbon parks).

Assembled from JSON-ready data the services already give: the enterprise's registry view, its
counted report (``filing_view(with_rows=True)``) and its published disclosure form; the park's
evaluation summary (:func:`cityclimate.parks.evaluation_summary`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import polars as pl

from cityclimate.names import name
from cityclimate.reporting.charts import bar_chart
from cityclimate.reporting.formats import DASH, num, pct
from cityclimate.reporting.model import Block, Chart, Cover, Document, Paragraph, Section, Table
from cityclimate.text import Text

YES_NO = {True: Text("是", "yes"), False: Text("否", "no"), None: Text(DASH, DASH)}
STATUS = {
    "draft": Text("草稿", "draft"),
    "submitted": Text("已提交", "submitted"),
    "verified": Text("已核查", "verified"),
    "accepted": Text("已审定", "accepted"),
    "returned": Text("已退回", "returned"),
}


def _pairs(caption: Text, rows: tuple[tuple[Text | str, ...], ...]) -> Table:
    return Table(caption, (Text("项目", "Item"), Text("内容", "Value")), rows, frozenset())


def enterprise_document(
    cover: Cover,
    enterprise: Mapping[str, Any],
    report: Mapping[str, Any],
    disclosure: Mapping[str, Any] | None,
) -> Document:
    """An enterprise's annual emission report (status, totals, emissions by category and fuel)
    and, once the report is accepted, its disclosure form as published."""
    year = report["year"]
    registry = _pairs(
        Text("企业基本信息", "The enterprise"),
        (
            (Text("企业名称", "Name"), Text.of(enterprise, "name")),
            (Text("统一社会信用代码", "Unified social credit code"), str(enterprise["uscc"])),
            (Text("行业", "Industry"), str(enterprise.get("industry") or DASH)),
            (
                Text("纳入全国碳市场", "In the national ETS"),
                YES_NO[enterprise.get("ets_controlled")],
            ),
            (
                Text("依法披露义务", "Mandatory disclosure"),
                YES_NO[enterprise.get("mandatory_disclosure")],
            ),
        ),
    )
    status = str(report["status"])
    summary = _pairs(
        Text("报告概况", "The report"),
        (
            (Text("报告年度", "Year"), str(year)),
            (Text("版本", "Version"), str(report["version"])),
            (Text("状态", "Status"), STATUS.get(status, Text(status, status))),
            (Text("提交时间", "Submitted"), str(report.get("submitted_at") or DASH)[:10]),
            (Text("审定时间", "Accepted"), str(report.get("accepted_at") or DASH)[:10]),
            (
                Text("排放总量（t CO2e）", "Total emissions (t CO2e)"),
                num(report.get("total_co2e_t")),
            ),
            (Text("二氧化碳（t）", "CO2 (t)"), num(report.get("co2_t"))),
            (Text("综合能耗（tce）", "Energy use (tce)"), num(report.get("energy_tce"))),
        ),
    )
    rows = pl.DataFrame(
        report.get("rows") or [],
        schema={"category": pl.String, "fuel": pl.String, "co2e_t": pl.Float64},
        orient="row",
        strict=False,
    )
    by_category = (
        rows.group_by("category", "fuel")
        .agg(pl.col("co2e_t").sum())
        .sort("co2e_t", descending=True)
        if not rows.is_empty()
        else rows
    )
    emissions = Table(
        Text("分类别、燃料排放（t CO2e）", "Emissions by category and fuel (t CO2e)"),
        (
            Text("类别", "Category"),
            Text("燃料/物料", "Fuel or material"),
            Text("排放量", "Emissions"),
        ),
        tuple(
            (name("category", str(r["category"])), name("fuel", str(r["fuel"])), num(r["co2e_t"]))
            for r in by_category.iter_rows(named=True)
        ),
        frozenset({2}),
    )
    sections = [
        Section(Text("企业与报告", "Enterprise and report"), (registry, summary, emissions)),
        _disclosure(disclosure),
    ]
    title = Text(f"{year} 年度温室气体排放报告", f"Annual greenhouse gas emission report {year}")
    return cover.document("enterprise", title, tuple(sections))


def _disclosure(form: Mapping[str, Any] | None) -> Section:
    title = Text("信息披露", "Disclosure")
    if form is None:
        return Section(
            title,
            (
                Paragraph(
                    Text(
                        "报告审定后方可公开披露；本报告尚无已发布的披露表。",
                        "A report is disclosed once accepted; no disclosure form is published yet.",
                    )
                ),
            ),
        )
    gases = form.get("co2e_by_gas") or {}
    rows: list[tuple[Text | str, ...]] = [
        (Text("排放总量（t CO2e）", "Total emissions (t CO2e)"), num(form.get("total_co2e_t"))),
        *(
            (Text(f"其中 {g}（t CO2e）", f"of which {g} (t CO2e)"), num(v))
            for g, v in gases.items()
        ),
        (Text("综合能耗（tce）", "Energy use (tce)"), num(form.get("energy_tce"))),
        (Text("核查机构", "Verifier"), str(form.get("verifier") or DASH)),
        (
            Text("减排措施", "Emission-reduction measures"),
            str(form.get("emission_reduction_measures") or DASH),
        ),
    ]
    if form.get("ets_allocation_t") is not None:
        rows += [
            (Text("碳排放配额（t）", "ETS allowances (t)"), num(form.get("ets_allocation_t"))),
            (Text("已清缴（t）", "Surrendered (t)"), num(form.get("ets_surrendered_t"))),
        ]
    if form.get("pue") is not None:
        rows.append((Text("数据中心 PUE", "Data-centre PUE"), num(form.get("pue"))))
    return Section(title, (_pairs(Text("披露表", "Disclosure form"), tuple(rows)),))


def park_issuer(park: Text) -> Text:
    """The issuing body of a park's self-assessment: the park's management (管理机构)."""
    return Text(f"{park.zh}管理机构", f"Management of {park.en or park.zh}")


def park_document(cover: Cover, summary: Mapping[str, Any]) -> Document:
    """A park's self-assessment: for each evaluated year, the park inventory (complete or which
    members' reports are missing) and each indicator against its tier's threshold and the path
    to the target year."""
    park = summary["park"]
    about = _pairs(
        Text("园区概况", "The park"),
        (
            (Text("园区名称", "Name"), Text.of(park, "name")),
            (Text("指标体系", "Indicator set"), _indicator_set(park.get("indicator_set"))),
            (Text("基准年", "Base year"), str(park.get("base_year") or DASH)),
            (Text("目标年", "Target year"), str(park.get("target_year") or DASH)),
            (
                Text("外购电力核算方法", "Purchased electricity"),
                _method(park.get("electricity_method")),
            ),
        ),
    )
    sections = [Section(Text("园区概况", "The park"), (about,))]
    for year in summary["years"]:
        sections.append(_park_year(year))
    years = [y["year"] for y in summary["years"]]
    span = f"{years[0]}–{years[-1]}" if years else ""
    title = Text(f"园区自评估报告 {span}", f"Park self-assessment {span}")
    return cover.document("park", title, tuple(sections))


def _indicator_set(set_id: object) -> Text:
    from cityclimate.parks.sets import indicator_sets

    rows = indicator_sets().filter(pl.col("set_id") == str(set_id)).to_dicts()
    return Text.of(rows[0], "name") if rows else Text(str(set_id or DASH), str(set_id or DASH))


def _method(code: object) -> Text:
    return {
        "market_based": Text("市场法", "market-based"),
        "location_based": Text("区域电网法", "location-based"),
    }.get(str(code), Text(str(code or DASH), str(code or DASH)))


def _park_year(year: Mapping[str, Any]) -> Section:
    inv = year["inventory"]
    missing = ", ".join(str(m) for m in inv.get("missing_members") or [])
    blocks: list[Block] = [
        _pairs(
            Text("园区清单", "Park inventory"),
            (
                (Text("二氧化碳（t）", "CO2 (t)"), num(inv.get("co2_t"))),
                (Text("温室气体（t CO2e）", "GHG (t CO2e)"), num(inv.get("co2e_t"))),
                (Text("综合能耗（tce）", "Energy use (tce)"), num(inv.get("energy_tce"))),
                (Text("清洁能源（tce）", "Clean energy (tce)"), num(inv.get("clean_energy_tce"))),
                (
                    Text("数据完整", "Complete"),
                    YES_NO[inv.get("complete")]
                    if not missing
                    else Text(f"缺：{missing}", f"missing: {missing}"),
                ),
            ),
        )
    ]
    indicators = year["indicators"]
    shown = [r for r in indicators if r.get("value") is not None]
    if shown:
        values = [float(r["value"]) for r in shown]
        blocks.append(
            Chart(
                Text("指标值", "Indicator values"),
                bar_chart(
                    [str(r["name_zh"]) for r in shown], values, unit="", title="指标值", digits=3
                ),
                bar_chart(
                    [str(r["name_en"]) for r in shown],
                    values,
                    unit="",
                    title="Indicator values",
                    digits=3,
                ),
                Text(
                    "各指标的值、阈值和达标情况见下表。",
                    "Values, thresholds and results are in the table below.",
                ),
            )
        )
    blocks.append(
        Table(
            Text("指标评估", "Indicators"),
            (
                Text("指标", "Indicator"),
                Text("值", "Value"),
                Text("单位", "Unit"),
                Text("档位", "Tier"),
                Text("阈值", "Threshold"),
                Text("达标", "Meets"),
                Text("路径值", "Path"),
            ),
            tuple(
                (
                    Text.of(r, "name"),
                    _value(r.get("value"), r.get("unit")),
                    _unit(r.get("unit")),
                    Text(r.get("tier_zh") or DASH, r.get("tier_en") or DASH),
                    _value(r.get("threshold"), r.get("unit")),
                    YES_NO[r.get("meets")],
                    _value(r.get("path_value"), r.get("unit")),
                )
                for r in indicators
            ),
            frozenset({1, 4, 6}),
        )
    )
    return Section(Text(f"{year['year']} 年评估", f"Evaluation {year['year']}"), tuple(blocks))


def _value(value: float | None, unit: object) -> str:
    if value is None:
        return DASH
    return pct(value) if unit == "1" else num(value, 3)


def _unit(unit: object) -> Text:
    return Text("", "") if unit == "1" else name("unit", str(unit or ""))
