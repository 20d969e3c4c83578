"""The annual GHG inventory report (温室气体清单报告) as a :class:`~cityclimate.reporting.Document`.

Sections follow the report outline of China's provincial inventory guideline (《省级温室气体清单
编制指南（试行）》, NDRC 2011, and its report template): method; activity data; emission factors;
results (headline figures, by sector, gas and sub-area, and the China guideline table with the
IPCC 2006 and GPC totals reconciled); uncertainty (IPCC 2006 Vol.1 Ch.3); key categories
(IPCC 2006 Vol.1 Ch.4); quality assurance and control (Vol.1 Ch.6); recalculations (Vol.1 Ch.5).

Every number comes from the inputs: the version's stored report (:func:`cityclimate.inventory.
report.inventory_report`), its quality result (:func:`cityclimate.inventory.quality.
quality_result`) and its record-level result rows; nothing is recomputed here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl

from cityclimate.names import name
from cityclimate.reporting.charts import bar_chart
from cityclimate.reporting.formats import DASH, num, pct, signed_pct, wan
from cityclimate.reporting.model import Block, Chart, Cover, Document, Paragraph, Section, Table
from cityclimate.text import Text

WAN_T = "万t CO2e"
#: Rows of the uncertainty table (the largest categories; the rest are in the API's result).
UNCERTAINTY_ROWS = 15


@dataclass(frozen=True)
class Recalculation:
    """A recalculation of the year (IPCC 2006 Vol.1 Ch.5): the version it made, its reason,
    and the categories whose emissions changed (t CO2e before and after)."""

    version: int
    reason: str
    changes: tuple[tuple[str, float | None, float | None], ...]


def inventory_document(
    cover: Cover,
    report: Mapping[str, Any],
    quality: Mapping[str, Any],
    results: pl.DataFrame,
    recalculations: Sequence[Recalculation] = (),
) -> Document:
    """Assemble the inventory report of one territory and year.

    Parameters
    ----------
    cover:
        Territory name, issuing body, date and version label.
    report:
        The stored report (``summary``, ``breakdowns``, ``energy``, ``method``).
    quality:
        The quality result (``uncertainty``, ``key_categories``, ``findings``, ``frameworks``,
        ``reconciliation``).
    results:
        The record-level emission rows of the year (``category, fuel, gas, activity_value,
        activity_unit, factor_value, factor_id, factor_level, factor_source``).
    recalculations:
        Earlier versions of the year replaced by recalculation, oldest first.
    """
    year = int(report["year"])
    sections = (
        _method(report),
        _activity(results, report),
        _factors(results),
        _results(report, quality),
        _uncertainty(quality),
        _key_categories(quality),
        _qa(quality),
        _recalculations(recalculations),
    )
    title = Text(f"{year} 年温室气体清单报告", f"Greenhouse gas inventory report {year}")
    return cover.document("inventory", title, sections)


def _choice(code: object) -> Text:
    return Text(DASH, DASH) if code is None else name("method", str(code))


def _method(report: Mapping[str, Any]) -> Section:
    method = report.get("method", {})
    electricity = Text(
        "、".join(name("method", e).zh for e in method.get("electricity") or []) or DASH,
        ", ".join(name("method", e).en for e in method.get("electricity") or []) or DASH,
    )
    rows: tuple[tuple[Text | str, ...], ...] = (
        (Text("全球增温潜势", "Global warming potentials"), _choice(method.get("gwp_set"))),
        (
            Text("燃料含碳量与低位发热量", "Fuel carbon contents and calorific values"),
            _choice(method.get("combustion_co2")),
        ),
        (Text("非二氧化碳排放因子", "Non-CO2 factors"), _choice(method.get("non_co2"))),
        (Text("电网排放因子", "Grid emission factors"), electricity),
        (Text("填埋场类型", "Landfill site type"), _choice(method.get("landfill_site"))),
    )
    text = Text(
        "本清单按《省级温室气体清单编制指南（试行）》编制，覆盖能源活动（含调入电力热力）、工业"
        "生产过程、废弃物处理和林业碳汇；排放量 = 活动水平 × 排放因子，各气体按所选全球增温潜势"
        "折算为二氧化碳当量，同一结果亦按 IPCC 2006 类别和 GPC 框架报告。因子按最具体者优先选取"
        "（企业实测 > 本地 > 国家 > IPCC 缺省值）。",
        "This inventory follows China's provincial inventory guideline and covers energy "
        "activities (including imported electricity and heat), industrial processes, waste and "
        "forestry sinks. Emissions = activity data × emission factor; each gas is weighted to "
        "CO2e with the chosen global warming potentials, and the same results are reported in "
        "the IPCC 2006 categories and the GPC framework. The most specific factor is used "
        "(enterprise-measured > local > national > IPCC default).",
    )
    blocks: list[Block] = [
        Paragraph(text),
        Table(
            Text("方法选择", "Method choices"),
            (Text("项目", "Choice"), Text("取值", "Value")),
            rows,
        ),
    ]
    if method.get("note"):
        blocks.append(Paragraph(Text(f"说明：{method['note']}", f"Note: {method['note']}")))
    return Section(Text("编制方法", "Method"), tuple(blocks))


def _activity(results: pl.DataFrame, report: Mapping[str, Any]) -> Section:
    rows = (
        results.filter(pl.col("activity_value").is_not_null())
        .unique(["record_id", "category", "fuel"])
        .group_by("category", "fuel", "activity_unit")
        .agg(pl.col("activity_value").sum())
        .sort("category", "fuel")
    )
    table = Table(
        Text(
            "活动水平（按类别和燃料/物料汇总）", "Activity data (by category and fuel or material)"
        ),
        (
            Text("类别", "Category"),
            Text("燃料/物料", "Fuel or material"),
            Text("活动水平", "Activity"),
            Text("单位", "Unit"),
        ),
        tuple(
            (
                name("category", r["category"]),
                name("fuel", r["fuel"]),
                num(r["activity_value"]),
                name("unit", str(r["activity_unit"])),
            )
            for r in rows.iter_rows(named=True)
        ),
        frozenset({2}),
    )
    energy = Table(
        Text("能源消费（万tce）", "Energy use (万tce)"),
        (Text("燃料", "Fuel"), Text("能源消费", "Energy use")),
        tuple((name("fuel", e["fuel"]), wan(e["energy_tce"])) for e in report.get("energy", [])),
        frozenset({1}),
    )
    return Section(Text("活动水平数据", "Activity data"), (table, energy))


def _factors(results: pl.DataFrame) -> Section:
    rows = (
        results.filter(pl.col("factor_id").is_not_null())
        .group_by("fuel", "gas", "factor_id", "activity_unit", "factor_level")
        .agg(
            pl.col("factor_value").min().alias("low"),
            pl.col("factor_value").max().alias("high"),
            pl.col("factor_source").first(),
        )
        .sort("fuel", "gas", "factor_id")
    )

    def value(low: float, high: float) -> str:
        return f"{low:.4g}" if low == high else f"{low:.4g}–{high:.4g}"

    table = Table(
        Text(
            "排放因子（每单位活动水平的排放量，t 气体）",
            "Emission factors (t of gas per unit of activity)",
        ),
        (
            Text("燃料/物料", "Fuel or material"),
            Text("气体", "Gas"),
            Text("因子", "Factor"),
            Text("单位", "Unit"),
            Text("级别", "Level"),
            Text("来源", "Source"),
        ),
        tuple(
            (
                name("fuel", r["fuel"]),
                str(r["gas"]),
                value(r["low"], r["high"]),
                Text(
                    f"t/{name('unit', str(r['activity_unit'])).zh}",
                    f"t/{name('unit', str(r['activity_unit'])).en}",
                ),
                name("factor_level", str(r["factor_level"])),
                str(r["factor_source"] or DASH),
            )
            for r in rows.iter_rows(named=True)
        ),
        frozenset({2}),
    )
    return Section(Text("排放因子", "Emission factors"), (table,))


def _results(report: Mapping[str, Any], quality: Mapping[str, Any]) -> Section:
    s = report["summary"]
    headline: list[tuple[Text | str, ...]] = [
        (
            Text("排放总量（不含碳汇）", "Gross emissions (without removals)"),
            wan(s["gross_co2e_t"]),
            WAN_T,
        ),
        (Text("碳汇清除量", "Removals"), wan(s.get("removals_co2e_t")), WAN_T),
        (Text("净排放量", "Net emissions"), wan(s.get("net_co2e_t")), WAN_T),
        (Text("范围一（直接排放）", "Scope 1 (direct)"), wan(s.get("scope1_co2e_t")), WAN_T),
        (
            Text("范围二（调入电力热力）", "Scope 2 (imported electricity and heat)"),
            wan(s.get("scope2_co2e_t")),
            WAN_T,
        ),
        (Text("能源消费总量", "Energy use"), wan(s.get("energy_tce")), "万tce"),
        (Text("化石能源占比", "Fossil share of energy"), pct(s.get("fossil_share")), ""),
    ]
    if s.get("intensity_t_per_10k_yuan") is not None:
        headline += [
            (
                Text("碳排放强度", "Carbon intensity"),
                num(s["intensity_t_per_10k_yuan"]),
                Text("t CO2e/万元", "t CO2e/10⁴ yuan"),
            ),
            (
                Text("人均排放", "Per-capita emissions"),
                num(s.get("per_capita_t")),
                Text("t CO2e/人", "t CO2e/person"),
            ),
        ]
    sectors = report["breakdowns"]["sector"]
    labels_zh = [r["name_zh"] for r in sectors]
    labels_en = [r["name_en"] for r in sectors]
    values = [r["co2e_t"] / 1e4 for r in sectors]
    chart = Chart(
        Text("分部门排放（万t CO2e）", "Emissions by sector (万t CO2e)"),
        bar_chart(labels_zh, values, unit=WAN_T, title="分部门排放"),
        bar_chart(labels_en, values, unit=WAN_T, title="Emissions by sector"),
        Text("各部门排放量见下表。", "The figures are in the table below."),
    )
    blocks: list[Block] = [
        Table(
            Text("主要结果", "Headline results"),
            (Text("指标", "Figure"), Text("数值", "Value"), Text("单位", "Unit")),
            tuple(headline),
            frozenset({1}),
        ),
        chart,
        _breakdown(report, "sector", Text("部门", "Sector")),
        _breakdown(report, "gas", Text("气体", "Gas")),
        _breakdown(report, "sub_area", Text("区域", "Sub-area")),
        _framework_table(quality),
        Table(
            Text("三种框架总量核对（万t CO2e）", "The three frameworks reconciled (万t CO2e)"),
            (
                Text("框架", "Framework"),
                Text("项目", "Line"),
                Text("数值", "Value"),
                Text("一致", "Agrees"),
            ),
            tuple(
                (
                    name("method", str(r["framework"])),
                    Text.of(r, "name"),
                    wan(r["co2e_t"]),
                    Text("", "")
                    if r["reconciles"] is None
                    else (Text("是", "yes") if r["reconciles"] else Text("否", "no")),
                )
                for r in quality.get("reconciliation", [])
            ),
            frozenset({2}),
        ),
    ]
    return Section(Text("清单结果", "Results"), tuple(blocks))


def _breakdown(report: Mapping[str, Any], key: str, heading: Text) -> Table:
    rows = report["breakdowns"][key]
    total = sum(r["co2e_t"] for r in rows if r["co2e_t"] > 0) or 1.0
    return Table(
        Text(f"按{heading.zh}（万t CO2e）", f"By {heading.en.lower()} (万t CO2e)"),
        (heading, Text("排放量", "Emissions"), Text("占比", "Share")),
        tuple((Text.of(r, "name"), wan(r["co2e_t"]), pct(r["co2e_t"] / total)) for r in rows),
        frozenset({1, 2}),
    )


def _framework_table(quality: Mapping[str, Any]) -> Table:
    rows = quality.get("frameworks", {}).get("cn", [])

    def cell(value: float | None, notation: str | None) -> str:
        return (notation or DASH) if value is None else wan(value)

    return Table(
        Text("省级清单报告表（万t CO2e）", "China guideline reporting table (万t CO2e)"),
        (
            Text("编码", "Code"),
            Text("类别", "Category"),
            Text("CO2", "CO2"),
            Text("CH4", "CH4"),
            Text("N2O", "N2O"),
            Text("含氟气体", "F-gases"),
            Text("合计", "Total"),
        ),
        tuple(
            (
                str(r["code"]),
                Text(
                    "\u2003" * int(r["depth"]) + r["name_zh"],
                    "\u2003" * int(r["depth"]) + r["name_en"],
                ),
                cell(r["co2_co2e_t"], None),
                cell(r["ch4_co2e_t"], None),
                cell(r["n2o_co2e_t"], None),
                cell(r["fgas_co2e_t"], None),
                cell(r["co2e_t"], r["notation"]),
            )
            for r in rows
        ),
        frozenset({2, 3, 4, 5, 6}),
    )


def _uncertainty(quality: Mapping[str, Any]) -> Section:
    u = quality["uncertainty"]
    total = u["total"]
    a1 = u["approach1"]["total"]
    text = Text(
        f"蒙特卡洛模拟（{u['iterations']:,} 次，随机种子 {u['seed']}）：排放总量 {wan(total['co2e_t'])} "
        f"万t CO2e，95% 置信区间 {wan(total['p2_5_t'])}–{wan(total['p97_5_t'])} 万t CO2e"
        f"（{signed_pct(total['lower_pct'])} / {signed_pct(total['upper_pct'])}）；"
        f"误差传递（方法1，含碳汇）±{num(a1.get('uncertainty_pct'), 1)}%。",
        f"Monte Carlo simulation ({u['iterations']:,} iterations, seed {u['seed']}): gross "
        f"emissions {wan(total['co2e_t'])} 万t CO2e, 95% interval {wan(total['p2_5_t'])}–"
        f"{wan(total['p97_5_t'])} 万t CO2e ({signed_pct(total['lower_pct'])} / "
        f"{signed_pct(total['upper_pct'])}); error propagation (Approach 1, with sinks) "
        f"±{num(a1.get('uncertainty_pct'), 1)}%.",
    )
    rows = u["by_category"][:UNCERTAINTY_ROWS]
    table = Table(
        Text(
            "分类别不确定性（95% 区间，排放量最大的类别）",
            "Uncertainty by category (95% interval, largest categories)",
        ),
        (
            Text("类别", "Category"),
            Text("排放量（万t CO2e）", "Emissions (万t CO2e)"),
            Text("下限", "Lower"),
            Text("上限", "Upper"),
        ),
        tuple(
            (
                name("category", r["category"]),
                wan(r["co2e_t"]),
                signed_pct(r["lower_pct"]),
                signed_pct(r["upper_pct"]),
            )
            for r in rows
        ),
        frozenset({1, 2, 3}),
    )
    drivers = Table(
        Text("主要不确定性来源", "Main sources of the spread"),
        (
            Text("输入", "Input"),
            Text("编号", "Identifier"),
            Text("不确定性", "Uncertainty"),
            Text("方差贡献", "Share of variance"),
        ),
        tuple(
            (
                Text("排放因子", "emission factor")
                if d["input"] == "factor"
                else Text("活动水平", "activity data"),
                str(d["id"]),
                f"±{num(d['unc_pct'], 1)}%",
                f"{num(d['contribution_to_variance_pct'], 1)}%",
            )
            for d in u.get("drivers", [])
        ),
        frozenset({2, 3}),
    )
    return Section(Text("不确定性分析", "Uncertainty"), (Paragraph(text), table, drivers))


def _key_categories(quality: Mapping[str, Any]) -> Section:
    keys = [r for r in quality.get("key_categories", []) if r.get("is_key")]
    table = Table(
        Text(
            "关键类别（IPCC 方法1 累计 95%，方法2 累计 90%）",
            "Key categories (IPCC Approach 1 95%, Approach 2 90%)",
        ),
        (
            Text("类别", "Category"),
            Text("排放量（万t CO2e）", "Emissions (万t CO2e)"),
            Text("水平占比", "Level share"),
            Text("原因", "Why key"),
        ),
        tuple(
            (
                name("category", r["category"]),
                wan(r["co2e_t"]),
                f"{num(r['level_pct'], 1)}%",
                Text.of(r, "reason"),
            )
            for r in keys
        ),
        frozenset({1, 2}),
    )
    return Section(Text("关键类别分析", "Key categories"), (table,))


def _qa(quality: Mapping[str, Any]) -> Section:
    findings = quality.get("findings", [])
    if not findings:
        return Section(
            Text("质量保证与质量控制", "Quality assurance and control"),
            (Paragraph(Text("质量检查未发现问题。", "The quality checks found no problem.")),),
        )
    severity = {
        "error": Text("错误", "error"),
        "warning": Text("警告", "warning"),
        "info": Text("提示", "note"),
    }
    table = Table(
        Text("质量检查发现", "Quality-check findings"),
        (Text("级别", "Severity"), Text("问题", "Finding"), Text("处理建议", "Fix")),
        tuple(
            (
                severity.get(f["severity"], Text(f["severity"], f["severity"])),
                Text.of(f, "message"),
                Text.of(f, "fix"),
            )
            for f in findings
        ),
    )
    return Section(Text("质量保证与质量控制", "Quality assurance and control"), (table,))


def _recalculations(recalculations: Sequence[Recalculation]) -> Section:
    title = Text("重新计算", "Recalculations")
    if not recalculations:
        return Section(
            title,
            (
                Paragraph(
                    Text(
                        "本年度清单未经重新计算（首个发布版本）。",
                        "This year's inventory has not been recalculated (first published version).",
                    )
                ),
            ),
        )
    blocks: list[Block] = []
    for r in recalculations:
        blocks.append(
            Paragraph(Text(f"第 {r.version} 版：{r.reason}", f"Version {r.version}: {r.reason}"))
        )
        blocks.append(
            Table(
                Text(
                    f"第 {r.version} 版的变化（万t CO2e）",
                    f"Changes in version {r.version} (万t CO2e)",
                ),
                (
                    Text("类别", "Category"),
                    Text("重新计算前", "Before"),
                    Text("重新计算后", "After"),
                ),
                tuple((name("category", c), wan(old), wan(new)) for c, old, new in r.changes),
                frozenset({1, 2}),
            )
        )
    return Section(title, tuple(blocks))
