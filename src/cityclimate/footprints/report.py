"""The carbon footprint study report of a product, section by section as GB/T 24067-2024
(ISO 14067:2018) §8 asks a CFP study report to state, as a :class:`~cityclimate.reporting.
model.Document` (PDF through ``cityclimate.io.pdf_documents``), and the label's values.

Sections: 1 general information (product, organisation, standard, verifier); 2 goal and scope
(declared unit, system boundary, cut-off, allocation, reference period, data quality
requirements); 3 life cycle inventory (processes by stage, secondary datasets with source,
region, year, version and licence, supplier data); 4 impact assessment (GWP set, total, fossil,
biogenic, land-use change, by stage and by process); 5 interpretation (primary data share,
data quality ratings, limitations); 6 declaration (PACT v3 id, verification).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from cityclimate.reporting.model import Document, Paragraph, Section, Table
from cityclimate.text import Text

__all__ = ["STAGE_NAMES", "footprint_report"]

#: Life-cycle stages in the users' words.
STAGE_NAMES = {
    "raw_materials": Text("原材料获取", "raw material acquisition"),
    "production": Text("生产", "production"),
    "distribution": Text("分销", "distribution"),
    "use": Text("使用", "use"),
    "end_of_life": Text("生命末期", "end of life"),
}
BOUNDARY_NAMES = {
    "cradle-to-gate": Text("从摇篮到大门", "cradle to gate"),
    "cradle-to-grave": Text("从摇篮到坟墓", "cradle to grave"),
}
ALLOCATION_NAMES = {
    "physical": Text("物理分配（按质量）", "physical allocation (by mass)"),
    "economic": Text("经济分配（按价值）", "economic allocation (by value)"),
}
UNIT_NAMES = {
    "piece": Text("件", "piece"),
    "kilogram": Text("千克", "kilogram"),
    "kilowatt hour": Text("千瓦时", "kilowatt hour"),
}
_DQR = {
    "technological": Text("技术代表性", "technological"),
    "geographical": Text("地理代表性", "geographical"),
    "temporal": Text("时间代表性", "temporal"),
}


def _kg(value: float) -> str:
    return f"{value:,.2f}"


def _t(value: Any) -> Text:
    return value if isinstance(value, Text) else Text(str(value), str(value))


def _row(label: Text, value: Text | str) -> tuple[Text | str, ...]:
    return (label, value)


def footprint_report(
    product: Mapping[str, Any],
    enterprise: Text,
    system: Mapping[str, Any],
    result: Mapping[str, Any],
    datasets: Mapping[str, Mapping[str, Any]],
    *,
    pact_id: str | None,
    issued_on: date,
    notice: Text | None = None,
) -> Document:
    """The study report of one computed product footprint.

    Parameters
    ----------
    product:
        The product (``name_zh``, ``name_en``, ``declared_unit``, ``mass_per_unit_kg``,
        ``standard``, ``verifier``, ``illustrative``).
    enterprise:
        The organisation's name.
    system:
        The system version used (``boundary``, ``allocation``, ``cut_off``,
        ``reference_year``, ``processes``).
    result:
        The stored result: ``co2e_kg_per_unit``, ``inputs`` (datasets and supplier answers used,
        with values) and ``result`` (totals, ``by_stage``, ``by_process``, ``dqr``,
        ``primary_data_share``, ``gwp_set``).
    datasets:
        Code → the dataset's record (names, source, region, year, version, licence) for the
        datasets the result used.
    """
    values = result["result"]
    unit = UNIT_NAMES.get(str(product["declared_unit"]), _t(product["declared_unit"]))
    name = Text(str(product["name_zh"]), str(product["name_en"] or product["name_zh"]))
    total = float(result["co2e_kg_per_unit"])
    kg_unit = Text(f"kg CO2e/{unit.zh}", f"kg CO2e per {unit.en}")
    boundary = BOUNDARY_NAMES.get(str(system["boundary"]), _t(system["boundary"]))
    processes = {str(p["code"]): p for p in system["processes"]}
    general = Section(
        Text("1 概况", "1 General information"),
        (
            Table(
                Text("产品与组织", "Product and organisation"),
                (Text("项目", "item"), Text("内容", "value")),
                (
                    _row(Text("产品", "product"), name),
                    _row(Text("组织", "organisation"), enterprise),
                    _row(Text("依据标准", "standard"), str(product.get("standard", ""))),
                    _row(
                        Text("核查机构", "verifier"),
                        str(product.get("verifier") or "") or Text("未核查", "not verified"),
                    ),
                ),
            ),
        ),
    )
    scope = Section(
        Text("2 目的与范围", "2 Goal and scope"),
        (
            Table(
                Text("研究范围", "Scope of the study"),
                (Text("项目", "item"), Text("内容", "value")),
                (
                    _row(Text("声明单位", "declared unit"), Text(f"1 {unit.zh}", f"1 {unit.en}")),
                    _row(
                        Text("单位质量", "mass per unit"),
                        f"{float(product.get('mass_per_unit_kg') or 0):,.3f} kg",
                    ),
                    _row(Text("系统边界", "system boundary"), boundary),
                    _row(
                        Text("分配方法", "allocation"),
                        ALLOCATION_NAMES.get(str(system["allocation"]), _t(system["allocation"])),
                    ),
                    _row(
                        Text("取舍准则", "cut-off rule"),
                        str(values.get("cut_off") or system["cut_off"]),
                    ),
                    _row(Text("数据时间范围", "reference period"), str(system["reference_year"])),
                ),
            ),
        ),
    )
    stage_of = {code: str(p.get("stage", "production")) for code, p in processes.items()}
    process_rows = tuple(
        (
            Text(str(p["name"]["zh"]), str(p["name"]["en"] or p["name"]["zh"])),
            STAGE_NAMES.get(stage_of[code], _t(stage_of[code])),
            Text("初级数据", "primary") if p.get("primary") else Text("次级数据", "secondary"),
        )
        for code, p in processes.items()
    )
    dataset_rows = tuple(
        (
            Text(str(d.get("name_zh", code)), str(d.get("name_en") or d.get("name_zh", code))),
            f"{float(used['co2e_kg_per_unit']):,.4g} kg CO2e/{d.get('unit', '')}",
            str(d.get("source", "")),
            f"{d.get('region', '')} {d.get('year', '')}",
            str(d.get("version", "")),
            str(d.get("licence", "")),
        )
        for code, used in result["inputs"].get("datasets", {}).items()
        for d in (datasets.get(code, {}),)
    )
    supplier_rows = tuple(
        (key, f"{float(s['co2e_kg_per_unit']):,.4g}", str(s.get("source", "")))
        for key, s in result["inputs"].get("suppliers", {}).items()
    )
    inventory = Section(
        Text("3 生命周期清单分析", "3 Life cycle inventory analysis"),
        (
            Table(
                Text("单元过程", "Unit processes"),
                (Text("过程", "process"), Text("阶段", "stage"), Text("数据类型", "data")),
                process_rows,
            ),
            Table(
                Text("所用次级数据集", "Secondary datasets used"),
                (
                    Text("数据集", "dataset"),
                    Text("排放因子", "factor"),
                    Text("来源", "source"),
                    Text("地区与年份", "region, year"),
                    Text("版本", "version"),
                    Text("许可", "licence"),
                ),
                dataset_rows,
            ),
            Table(
                Text("供应商提供的数据", "Supplier data used"),
                (
                    Text("投入", "input"),
                    Text("kg CO2e/单位", "kg CO2e per unit"),
                    Text("来源", "source"),
                ),
                supplier_rows,
                numeric=frozenset({1}),
            )
            if supplier_rows
            else Paragraph(Text("未使用供应商数据。", "No supplier data used.")),
        ),
    )
    by_stage = values.get("by_stage", {})
    by_process = values.get("by_process", {})
    impact = Section(
        Text("4 影响评价", "4 Impact assessment"),
        (
            Paragraph(
                Text(
                    f"全球增温潜势采用 IPCC {values.get('gwp_set', 'AR6')} 100 年值。",
                    f"Global warming potentials: IPCC {values.get('gwp_set', 'AR6')}, 100 years.",
                )
            ),
            Table(
                Text(f"碳足迹（{kg_unit.zh}）", f"Carbon footprint ({kg_unit.en})"),
                (Text("项目", "item"), Text("数值", "value")),
                (
                    _row(Text("碳足迹合计", "total"), _kg(total)),
                    _row(Text("化石来源", "fossil"), _kg(float(values.get("fossil_kg", 0.0)))),
                    _row(
                        Text("生物源（单列）", "biogenic (reported apart)"),
                        _kg(float(values.get("biogenic_kg", 0.0))),
                    ),
                    _row(
                        Text("土地利用变化", "land-use change"),
                        _kg(float(values.get("luc_kg", 0.0))),
                    ),
                ),
                numeric=frozenset({1}),
            ),
            Table(
                Text("按生命周期阶段", "By life-cycle stage"),
                (Text("阶段", "stage"), Text("kg CO2e", "kg CO2e")),
                tuple((STAGE_NAMES.get(k, _t(k)), _kg(v)) for k, v in by_stage.items()),
                numeric=frozenset({1}),
            ),
            Table(
                Text("按过程", "By process"),
                (Text("过程", "process"), Text("kg CO2e", "kg CO2e")),
                tuple(
                    (
                        Text(str(processes[k]["name"]["zh"]), str(processes[k]["name"]["en"]))
                        if k in processes
                        else k,
                        _kg(v),
                    )
                    for k, v in sorted(by_process.items(), key=lambda kv: -abs(kv[1]))
                ),
                numeric=frozenset({1}),
            ),
        ),
    )
    dqr = values.get("dqr", {})
    interpretation = Section(
        Text("5 结果解释", "5 Interpretation"),
        (
            Table(
                Text("数据质量", "Data quality"),
                (Text("指标", "indicator"), Text("数值", "value")),
                (
                    _row(
                        Text("初级数据占比", "primary data share"),
                        f"{100 * float(values.get('primary_data_share', 0)):.1f} %",
                    ),
                    *(_row(label, f"{float(dqr[k]):.2f}") for k, label in _DQR.items() if k in dqr),
                ),
            ),
            Paragraph(
                Text(
                    "局限：化石碳含量未评估；未模拟生物质碳吸收；次级数据集的代表性见第 3 节。",
                    "Limitations: fossil carbon content not assessed; biogenic uptake not "
                    "modelled; the secondary datasets' representativeness is in section 3.",
                )
            ),
        ),
    )
    declaration = Section(
        Text("6 声明", "6 Declaration"),
        (
            Paragraph(
                Text(
                    f"PACT v3 碳足迹编号：{pact_id}" if pact_id else "尚未发布 PACT 碳足迹。",
                    f"PACT v3 ProductFootprint id: {pact_id}"
                    if pact_id
                    else "No PACT footprint published yet.",
                )
            ),
        ),
    )
    return Document(
        kind="footprint",
        title=Text(f"{name.zh}碳足迹报告", f"Carbon footprint report: {name.en}"),
        subtitle=Text(
            f"{enterprise.zh} · {_kg(total)} {kg_unit.zh}",
            f"{enterprise.en} · {_kg(total)} {kg_unit.en}",
        ),
        issuer=enterprise,
        issued_on=issued_on,
        sections=(general, scope, inventory, impact, interpretation, declaration),
        illustrative=bool(product.get("illustrative")),
        notice=notice or Text("", ""),
    )
