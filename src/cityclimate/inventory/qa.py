"""Quality assurance and control (QA/QC) of an inventory: a list of findings, never an exception.

Each check returns :class:`Finding` objects (severity, rule, where, value, message and suggested
fix in Chinese and English). The rules, their severities, thresholds and texts are data, kept in
one place: ``refdata/data/qa_rules.csv`` (one row per rule and scope; a scope is a category
prefix, ``*`` for all, the longest matching prefix wins). Plausible factor ranges are in
``refdata/data/factor_ranges.csv``, each row with its source.

>>> from cityclimate.inventory import compute_emissions
>>> from cityclimate.inventory.qa import quality_checks
>>> from cityclimate.demo import liangjiang
>>> emissions = compute_emissions(liangjiang.activities(), liangjiang.method())
>>> findings = quality_checks(emissions=emissions, reported=liangjiang.plan_figures())
>>> any(f.rule == "implausible_magnitude" for f in findings)
True

Rules (IPCC 2006 Vol. 1 Ch. 6 "Quality Assurance / Quality Control and Verification", Table 6.1
general QC procedures, and Vol. 2 Ch. 6 for the energy balance):

``missing_value``, ``negative_value``, ``unit_dimension``
    Activity records (:func:`check_activities`) and emission rows (:func:`check_emissions`).
``year_on_year_jump``
    A category's emissions change by more than its threshold (%) from one year to the next.
``factor_range``
    The factor applied to a record (measured or shipped) lies outside its plausible range.
``energy_balance``
    Fuel use in the inventory differs from the energy statistics for the same territory and
    year by more than the threshold (:func:`check_energy_balance`).
``sum_mismatch``
    Parts do not add up to their total (:func:`check_sums`), or a reported total differs from
    the computed one (:func:`check_reported_figures`).
``implausible_magnitude``
    A reported part (a saving, one sector's emissions) is larger than the territory's whole
    total (:func:`check_reported_figures`).
"""

from __future__ import annotations

import math
from collections.abc import Collection
from functools import cache

import polars as pl

from cityclimate import refdata
from cityclimate.errors import UnitError
from cityclimate.findings import SEVERITIES, Finding, Severity
from cityclimate.inventory.model import ACTIVITY_HEADERS_ZH, REQUIRED_ACTIVITY_COLUMNS
from cityclimate.inventory.unit_conversion import is_fuel_energy
from cityclimate.refdata import CONFIDENCE, read_shipped
from cityclimate.refdata.tables import Column, TableSchema
from cityclimate.text import Text
from cityclimate.units import GJ_PER_TCE, conversion_factor, parse_unit, same_dimension

__all__ = [
    "SEVERITIES",
    "Finding",
    "Severity",
    "check_activities",
    "check_emissions",
    "check_energy_balance",
    "check_reported_figures",
    "check_sums",
    "factor_ranges",
    "findings_table",
    "qa_rules",
    "quality_checks",
]

QA_RULES = TableSchema(
    "qa_rules",
    (
        Column("rule"),
        Column("scope"),
        Column("severity", allowed=frozenset(SEVERITIES)),
        Column("threshold", "float", required=False),
        Column("unit", required=False),
        Column("title_zh"),
        Column("title_en"),
        Column("fix_zh"),
        Column("fix_en"),
        Column("source"),
    ),
    key=("rule", "scope"),
)
FACTOR_RANGES = TableSchema(
    "factor_ranges",
    (
        Column("fuel"),
        Column("gas"),
        Column("low", "float"),
        Column("high", "float"),
        Column("unit", "unit"),
        Column("source"),
        Column("confidence", allowed=CONFIDENCE),
    ),
    key=("fuel", "gas"),
)


@cache
def qa_rules() -> pl.DataFrame:
    """The QA/QC rule table (``refdata/data/qa_rules.csv``): rule, scope, severity, threshold …"""
    return read_shipped("qa_rules.csv", QA_RULES)


@cache
def factor_ranges() -> pl.DataFrame:
    """Plausible factor ranges by fuel and gas (``refdata/data/factor_ranges.csv``)."""
    return read_shipped("factor_ranges.csv", FACTOR_RANGES)


def findings_table(findings: list[Finding]) -> pl.DataFrame:
    """The findings as a DataFrame: severity, rule, where, value, message_zh/en, fix_zh/en, row."""
    text = ("severity", "rule", "where", "value", "message_zh", "message_en", "fix_zh", "fix_en")
    schema: dict[str, type[pl.DataType]] = dict.fromkeys(text, pl.String) | {"row": pl.Int64}
    rows = [{k: str(getattr(f, k)) for k in text} | {"row": f.row} for f in findings]
    return pl.DataFrame(rows, schema=schema)


def _rule(rules: pl.DataFrame, rule: str, category: str | None = None) -> dict[str, object]:
    """The rule's row whose scope is the longest prefix of ``category`` (``*`` matches all)."""
    rows = rules.filter(pl.col("rule") == rule).to_dicts()
    if not rows:
        raise KeyError(f"rule {rule!r} is not in the QA rule table")
    best = next(r for r in rows if r["scope"] == "*")
    for row in rows:
        scope = str(row["scope"])
        if (
            category is not None
            and scope != "*"
            and (category == scope or category.startswith(scope + "."))
            and len(scope) > len(str(best["scope"]))
        ):
            best = row
    return best


def _finding(
    rule: dict[str, object], where: str, value: str, zh: str, en: str, row: int | None = None
) -> Finding:
    return Finding(
        severity=Severity(str(rule["severity"])),
        rule=str(rule["rule"]),
        where=where,
        value=value,
        message=Text(f"{rule['title_zh']}：{zh}", f"{rule['title_en']}: {en}"),
        fix=Text.of(rule, "fix"),
        row=row,
    )


def _threshold(rule: dict[str, object]) -> float:
    value = rule["threshold"]
    assert isinstance(value, float | int)
    return float(value)


# --------------------------------------------------------------------------------------------
# Activity records
# --------------------------------------------------------------------------------------------


def check_activities(
    activities: pl.DataFrame,
    *,
    where: str = "activities",
    first_row: int = 1,
    rules: pl.DataFrame | None = None,
    fuels: pl.DataFrame | None = None,
) -> list[Finding]:
    """Missing required values, negative quantities and units that do not fit the fuel.

    Unlike :func:`~cityclimate.inventory.validate_activities`, which refuses bad data, this
    lists findings and never raises, so that a data officer sees every problem of a draft.

    Parameters
    ----------
    activities:
        Activity records (English or the template's Chinese headers).
    where, first_row:
        File name and the row number of the first data row, used in ``Finding.where``.
    rules, fuels:
        Rule and fuel tables; default to the shipped ones.

    Returns
    -------
    list of Finding
        ``missing_value`` per empty required cell, ``negative_value`` per negative quantity,
        ``unit_dimension`` per row whose unit does not parse, or whose dimension differs from
        the fuel's physical unit (fuels may also be given in energy units such as GJ or tce,
        but never in kWh: that is electricity on a fuel row).
    """
    rules = qa_rules() if rules is None else rules
    fuels = refdata.fuels() if fuels is None else fuels
    frame = activities.rename(
        {k: v for k, v in ACTIVITY_HEADERS_ZH.items() if k in activities.columns}
    )
    if "_row" not in frame.columns:  # readers that know each record's row in the file give it
        frame = frame.with_row_index("_row", offset=first_row)
    findings: list[Finding] = []
    missing = _rule(rules, "missing_value")
    for column in REQUIRED_ACTIVITY_COLUMNS:
        if column not in frame.columns:
            findings.append(
                _finding(missing, f"{where}, column '{column}'", "", "缺少该列", "column missing")
            )
            continue
        empty = frame.filter(
            pl.col(column).is_null() | (pl.col(column).cast(pl.String).str.strip_chars() == "")
        )
        findings += [
            _finding(
                missing,
                f"{where} row {row}, field '{column}'",
                "",
                f"“{column}”为空",
                f"'{column}' is empty",
                row,
            )
            for row in empty["_row"].to_list()
        ]
    if "quantity" in frame.columns:
        quantity = pl.col("quantity").cast(pl.Float64, strict=False)
        negative = frame.filter(quantity < 0)
        rule = _rule(rules, "negative_value")
        findings += [
            _finding(
                rule,
                f"{where} row {row}, field 'quantity'",
                str(value),
                f"活动水平为 {value}",
                f"the quantity is {value}",
                row,
            )
            for row, value in negative.select("_row", quantity).iter_rows()
        ]
    if {"fuel", "unit"} <= set(frame.columns):
        findings += _unit_findings(frame, fuels, _rule(rules, "unit_dimension"), where)
    return findings


def _unit_findings(
    frame: pl.DataFrame, fuels: pl.DataFrame, rule: dict[str, object], where: str
) -> list[Finding]:
    physical = dict(fuels.select("fuel", "physical_unit").iter_rows())
    groups = dict(fuels.select("fuel", "fossil_group").iter_rows())
    findings: list[Finding] = []
    pairs = frame.select("fuel", "unit").drop_nulls().unique()
    for fuel, unit in pairs.iter_rows():
        expected = physical.get(fuel)
        try:
            parse_unit(unit)
        except UnitError as exc:
            zh, en = exc.message_zh, exc.message_en
        else:
            if expected is None or same_dimension(unit, expected):
                continue
            if groups.get(fuel) in ("coal", "oil", "gas") and is_fuel_energy(unit):
                continue
            zh = f"{fuel} 应以 {expected}（或能量单位）计，此处为 {unit}"
            en = f"{fuel} is measured in {expected} (or an energy unit), not {unit}"
        rows = frame.filter((pl.col("fuel") == fuel) & (pl.col("unit") == unit))["_row"]
        findings += [
            _finding(rule, f"{where} row {row}, field 'unit'", unit, zh, en, row)
            for row in rows.to_list()
        ]
    return findings


# --------------------------------------------------------------------------------------------
# Emissions
# --------------------------------------------------------------------------------------------


def check_emissions(
    emissions: pl.DataFrame,
    *,
    rules: pl.DataFrame | None = None,
    ranges: pl.DataFrame | None = None,
    years: Collection[int] | None = None,
) -> list[Finding]:
    """Checks on the engine's record-level emissions: values, year-on-year jumps, factor ranges.

    Parameters
    ----------
    emissions:
        Output of :func:`~cityclimate.inventory.compute_emissions` (one or several years).
    rules, ranges:
        Rule and factor-range tables; default to the shipped ones.
    years:
        The inventory years to check (each against the year before it), or None for every
        year present. Landfill (FOD) rows reach back to the first deposit year, where the
        series builds up from zero: passing the compiled years avoids flagging that build-up.

    Returns
    -------
    list of Finding
        ``missing_value`` (no ``co2e_t``), ``negative_value`` (a negative source outside the
        ``sinks`` sector), ``year_on_year_jump`` (by territory and category, with the
        category's threshold) and ``factor_range``.
    """
    rules = qa_rules() if rules is None else rules
    ranges = factor_ranges() if ranges is None else ranges
    if years is not None:
        wanted = sorted(set(years))
        jumps = emissions.filter(pl.col("year").is_in([*wanted, *(y - 1 for y in wanted)]))
        emissions = emissions.filter(pl.col("year").is_in(wanted))
    else:
        jumps = emissions
    findings: list[Finding] = []
    rule = _rule(rules, "missing_value")
    for r in emissions.filter(pl.col("co2e_t").is_null()).iter_rows(named=True):
        findings.append(
            _finding(
                rule,
                f"{r['territory']} {r['year']} {r['category']} record {r['record_id']}",
                "",
                f"{r['gas']} 排放量缺失",
                f"no {r['gas']} emission",
            )
        )
    rule = _rule(rules, "negative_value")
    negative = emissions.filter((pl.col("co2e_t") < 0) & (pl.col("sector") != "sinks"))
    for r in negative.iter_rows(named=True):
        findings.append(
            _finding(
                rule,
                f"{r['territory']} {r['year']} {r['category']} record {r['record_id']}",
                f"{r['co2e_t']:.6g} t CO2e",
                f"{r['gas']} 排放量为负（非碳汇类别）",
                f"negative {r['gas']} emission outside the sinks sector",
            )
        )
    findings += _jumps(jumps, rules, years)
    findings += _factor_ranges(emissions, rules, ranges)
    return findings


def _jumps(
    emissions: pl.DataFrame, rules: pl.DataFrame, years: Collection[int] | None
) -> list[Finding]:
    by_year = emissions.group_by(["territory", "category", "year"]).agg(
        co2e_t=pl.col("co2e_t").sum()
    )
    pairs = by_year.join(
        by_year.with_columns(pl.col("year") + 1), on=["territory", "category", "year"]
    ).rename({"co2e_t_right": "previous_t"})
    if years is not None:
        pairs = pairs.filter(pl.col("year").is_in(list(years)))
    findings: list[Finding] = []
    for r in pairs.sort(["territory", "category", "year"]).iter_rows(named=True):
        rule = _rule(rules, "year_on_year_jump", r["category"])
        limit = _threshold(rule)
        old, new = r["previous_t"], r["co2e_t"]
        if old == 0:
            if new == 0:
                continue
            change_pct = math.inf
        else:
            change_pct = 100.0 * (new - old) / abs(old)
        if abs(change_pct) <= limit:
            continue
        shown = "新出现" if math.isinf(change_pct) else f"{change_pct:+.1f}%"
        shown_en = "appears" if math.isinf(change_pct) else f"{change_pct:+.1f}%"
        findings.append(
            _finding(
                rule,
                f"{r['territory']} {r['year']} {r['category']}",
                f"{old:,.1f} → {new:,.1f} t CO2e",
                f"{r['year'] - 1}→{r['year']} 变化 {shown}（阈值 ±{limit:g}%）",
                f"{r['year'] - 1}→{r['year']} change {shown_en} (threshold ±{limit:g}%)",
            )
        )
    return findings


def _factor_ranges(
    emissions: pl.DataFrame, rules: pl.DataFrame, ranges: pl.DataFrame
) -> list[Finding]:
    """Each applied factor against its plausible range, in the range's unit.

    A factor per physical unit (t CO2 per t of fuel) is compared per energy through the record's
    energy use (``energy_tce``); a factor per energy or per kWh is converted directly.
    """
    rows = emissions.join(ranges.select("fuel", "gas", "low", "high", "unit"), on=["fuel", "gas"])
    if rows.is_empty():
        return []
    findings: list[Finding] = []
    rule = _rule(rules, "factor_range")
    for (activity_unit, unit), group in rows.group_by(["activity_unit", "unit"]):
        try:
            direct: float | None = conversion_factor(f"t/{activity_unit}", str(unit))
        except UnitError:
            direct = None
        if direct is not None:
            implied = pl.col("factor_value") * direct
        else:  # t per physical unit -> t per GJ through the record's energy use
            implied = (
                pl.col("factor_value")
                * pl.col("activity_value")
                / (pl.col("energy_tce") * GJ_PER_TCE)
                * conversion_factor("t/GJ", str(unit))
            )
        checked = group.with_columns(implied=implied).filter(
            pl.col("implied").is_not_null()
            & ((pl.col("implied") < pl.col("low")) | (pl.col("implied") > pl.col("high")))
        )
        for r in checked.iter_rows(named=True):
            findings.append(
                _finding(
                    rule,
                    f"{r['territory']} {r['year']} {r['category']} record {r['record_id']}",
                    f"{r['implied']:.6g} {unit}",
                    f"{r['fuel']} {r['gas']} 因子 {r['implied']:.6g} {unit}，合理范围 "
                    f"{r['low']:g}–{r['high']:g}（因子 {r['factor_id']}）",
                    f"{r['fuel']} {r['gas']} factor {r['implied']:.6g} {unit}, plausible "
                    f"{r['low']:g}–{r['high']:g} (factor {r['factor_id']})",
                )
            )
    return findings


# --------------------------------------------------------------------------------------------
# Energy balance
# --------------------------------------------------------------------------------------------


def check_energy_balance(
    emissions: pl.DataFrame, energy_statistics: pl.DataFrame, *, rules: pl.DataFrame | None = None
) -> list[Finding]:
    """Fuel use in the inventory against the energy statistics, per territory, year and fuel.

    Parameters
    ----------
    emissions:
        The engine's emissions; fuel use is the ``activity_value`` of CO2 rows of energy
        categories (in the factor's unit), and ``energy_tce`` for statistics given in an
        energy unit.
    energy_statistics:
        ``territory``, ``year``, ``fuel``, ``quantity``, ``unit`` (e.g. 万Nm³, t, 万kWh, tce):
        the territory's energy balance sheet (能源平衡表) or consumption statistics.

    Returns
    -------
    list of Finding
        ``energy_balance`` where ``|inventory − statistics| / statistics`` exceeds the rule's
        threshold (5 %, as IPCC 2006 Vol. 2 Ch. 6 asks the reference and sectoral approaches to
        be explained beyond 5 %), including fuels in the statistics that the inventory lacks.
        Only territory-years present in the statistics are checked.
    """
    rule = _rule(qa_rules() if rules is None else rules, "energy_balance")
    limit = _threshold(rule)
    use = (
        emissions.filter((pl.col("gas") == "CO2") & pl.col("category").str.starts_with("energy."))
        .group_by(["territory", "year", "fuel", "activity_unit"])
        .agg(activity=pl.col("activity_value").sum(), energy_tce=pl.col("energy_tce").sum())
    )
    findings: list[Finding] = []
    stats = energy_statistics.with_columns(pl.col("year").cast(pl.Int32))
    for s in stats.iter_rows(named=True):
        mine = use.filter(
            (pl.col("territory") == s["territory"])
            & (pl.col("year") == s["year"])
            & (pl.col("fuel") == s["fuel"])
        )
        stat_value, unit = float(s["quantity"]), str(s["unit"])
        inventory = 0.0
        if not mine.is_empty():
            activity_unit = str(mine["activity_unit"][0])
            if same_dimension(unit, activity_unit):
                inventory = float(mine["activity"].sum()) * conversion_factor(activity_unit, unit)
            else:
                inventory = float(mine["energy_tce"].sum()) * conversion_factor("tce", unit)
        if stat_value == 0:
            continue
        diff_pct = 100.0 * (inventory - stat_value) / abs(stat_value)
        if abs(diff_pct) <= limit:
            continue
        findings.append(
            _finding(
                rule,
                f"{s['territory']} {s['year']} {s['fuel']}",
                f"{inventory:,.6g} / {stat_value:,.6g} {unit}",
                f"清单 {inventory:,.6g} {unit}，统计 {stat_value:,.6g} {unit}，相差 "
                f"{diff_pct:+.1f}%（阈值 ±{limit:g}%）",
                f"inventory {inventory:,.6g} {unit}, statistics {stat_value:,.6g} {unit}, "
                f"difference {diff_pct:+.1f}% (threshold ±{limit:g}%)",
            )
        )
    return findings


# --------------------------------------------------------------------------------------------
# Sums and reported figures
# --------------------------------------------------------------------------------------------


def check_sums(
    parts: pl.DataFrame, totals: pl.DataFrame, *, rules: pl.DataFrame | None = None
) -> list[Finding]:
    """Parts that do not add up to their total (relative tolerance from the rule table).

    Parameters
    ----------
    parts:
        ``group`` (str), ``value`` (float): the parts of each group, in one unit.
    totals:
        ``group``, ``value``: each group's stated total, in the same unit.

    Returns
    -------
    list of Finding
        ``sum_mismatch`` for each group whose parts differ from its total by more than the
        tolerance (% of the total).
    """
    rule = _rule(qa_rules() if rules is None else rules, "sum_mismatch")
    tolerance = _threshold(rule)
    sums = parts.group_by("group").agg(parts=pl.col("value").sum())
    joined = totals.join(sums, on="group", how="left").with_columns(pl.col("parts").fill_null(0.0))
    findings: list[Finding] = []
    for r in joined.iter_rows(named=True):
        total, summed = float(r["value"]), float(r["parts"])
        if abs(summed - total) <= tolerance / 100.0 * abs(total):
            continue
        findings.append(
            _finding(
                rule,
                str(r["group"]),
                f"{summed:,.6g} ≠ {total:,.6g}",
                f"分项之和 {summed:,.6g}，合计 {total:,.6g}（容差 {tolerance:g}%）",
                f"parts sum to {summed:,.6g}, the total is {total:,.6g} (tolerance {tolerance:g}%)",
            )
        )
    return findings


def check_reported_figures(
    emissions: pl.DataFrame, reported: pl.DataFrame, *, rules: pl.DataFrame | None = None
) -> list[Finding]:
    """Check published figures (e.g. a plan's) against the inventory and against each other.

    Parameters
    ----------
    emissions:
        The engine's emissions for the territory and years the figures speak of.
    reported:
        ``figure``, ``territory``, ``year``, ``value``, ``unit``; e.g. the plan's figures
        (:func:`cityclimate.demo.liangjiang.plan_figures`). A figure is read by its name and
        unit:

        * a name starting with ``total_`` and a mass of CO2e (万tCO2e) or an energy (万tce) is
          the territory's **total**: it must equal the computed gross emissions or energy use
          within the ``sum_mismatch`` tolerance;
        * a dimensionless name ``<x>_share_of_<group>`` is a share: the shares of one group
          must add up to 1; any share must lie in 0–1;
        * any other figure in a mass of CO2e or an energy unit is a **part** (one sector's
          emissions, an enterprise group's saving): it must not exceed the territory's whole
          total that year (``implausible_magnitude``, ratio threshold 1);
        * other units (intensities, per-capita figures) are not checked here.

    Returns
    -------
    list of Finding
    """
    rules = qa_rules() if rules is None else rules
    totals = _territory_totals(emissions)
    findings: list[Finding] = []
    share_parts: list[tuple[str, float]] = []
    shares = _rule(rules, "sum_mismatch")
    tolerance = _threshold(shares)
    magnitude = _rule(rules, "implausible_magnitude")
    for r in reported.iter_rows(named=True):
        name, unit, value = str(r["figure"]), str(r["unit"] or ""), float(r["value"])
        where = f"{r['territory']} {r['year']} {name}"
        shown = f"{value:,.6g} {unit}".strip()
        if unit == "":
            if "_share_of_" in name:
                group = name.split("_share_of_", 1)[1]
                share_parts.append((f"{r['territory']} {r['year']} shares of {group}", value))
            if not 0.0 <= value <= 1.0:
                findings.append(
                    _finding(magnitude, where, shown, "占比不在 0–1 之间", "share outside 0–1")
                )
            continue
        kind = _kind(unit)
        if kind is None:
            continue
        total_row = totals.filter(
            (pl.col("territory") == r["territory"]) & (pl.col("year") == r["year"])
        )
        if total_row.is_empty():
            continue
        whole = float(total_row[kind][0])
        base_unit = "tCO2e" if kind == "gross_co2e_t" else "tce"
        in_base = value * conversion_factor(unit, base_unit)
        whole_shown = f"{whole * conversion_factor(base_unit, unit):,.2f} {unit}"
        label_zh = "排放总量" if kind == "gross_co2e_t" else "能源消费总量"
        label_en = "gross emissions" if kind == "gross_co2e_t" else "total energy use"
        if name.startswith("total_"):
            if abs(in_base - whole) > tolerance / 100.0 * abs(whole):
                findings.append(
                    _finding(
                        shares,
                        where,
                        shown,
                        f"公布 {shown}，清单计算 {whole_shown}（容差 {tolerance:g}%）",
                        f"reported {shown}, the inventory gives {whole_shown} "
                        f"(tolerance {tolerance:g}%)",
                    )
                )
        elif whole > 0 and in_base > _threshold(magnitude) * whole:
            ratio = in_base / whole
            findings.append(
                _finding(
                    magnitude,
                    where,
                    shown,
                    f"{shown} 是本地区 {r['year']} 年{label_zh}（{whole_shown}）的 {ratio:,.1f} 倍",
                    f"{shown} is {ratio:,.1f} times the territory's {label_en} in {r['year']} "
                    f"({whole_shown})",
                )
            )
    if share_parts:
        parts = pl.DataFrame(share_parts, schema=["group", "value"], orient="row")
        wholes = parts.select("group").unique().with_columns(value=pl.lit(1.0))
        findings += check_sums(parts, wholes, rules=rules)
    return findings


def _kind(unit: str) -> str | None:
    """Which territory total a figure in ``unit`` compares with (None: not comparable)."""
    try:
        if same_dimension(unit, "tCO2e"):
            return "gross_co2e_t"
        if same_dimension(unit, "tce"):
            return "energy_tce"
    except UnitError:
        return None
    return None


def _territory_totals(emissions: pl.DataFrame) -> pl.DataFrame:
    """Gross emissions (t CO2e, without sinks) and energy use (tce) per territory and year."""
    return emissions.group_by(["territory", "year"]).agg(
        gross_co2e_t=pl.col("co2e_t").filter(pl.col("sector") != "sinks").sum(),
        energy_tce=pl.col("energy_tce").sum(),
    )


# --------------------------------------------------------------------------------------------
# All checks
# --------------------------------------------------------------------------------------------


def quality_checks(
    activities: pl.DataFrame | None = None,
    emissions: pl.DataFrame | None = None,
    *,
    energy_statistics: pl.DataFrame | None = None,
    reported: pl.DataFrame | None = None,
    rules: pl.DataFrame | None = None,
    years: Collection[int] | None = None,
    where: str = "activities",
    first_row: int = 1,
) -> list[Finding]:
    """Run every check that the given inputs allow; findings sorted by severity, then rule.

    Parameters
    ----------
    activities:
        Activity records (:func:`check_activities`).
    emissions:
        The engine's emissions (:func:`check_emissions`; needed for the next two).
    energy_statistics:
        Energy statistics of the same territory and years (:func:`check_energy_balance`).
    reported:
        Published figures to check against the inventory (:func:`check_reported_figures`),
        e.g. a plan's figures.
    rules:
        The rule table; defaults to ``refdata/data/qa_rules.csv``.
    years:
        Inventory years whose emissions are checked (see :func:`check_emissions`).
    where, first_row:
        File name and first data row number of ``activities``, for ``Finding.where``.
    """
    rules = qa_rules() if rules is None else rules
    findings: list[Finding] = []
    if activities is not None:
        findings += check_activities(activities, where=where, first_row=first_row, rules=rules)
    if emissions is not None:
        findings += check_emissions(emissions, rules=rules, years=years)
        if energy_statistics is not None:
            findings += check_energy_balance(emissions, energy_statistics, rules=rules)
        if reported is not None:
            findings += check_reported_figures(emissions, reported, rules=rules)
    return sorted(findings, key=lambda f: (SEVERITIES.index(f.severity), f.rule, f.where))
