"""QA of sums and published figures: parts that do not add up, totals and parts out of scale."""

from __future__ import annotations

import polars as pl

from cityclimate.errors import UnitError
from cityclimate.findings import Finding
from cityclimate.inventory.qa.rules import _finding, _rule, _threshold, qa_rules
from cityclimate.units import conversion_factor, same_dimension


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
        ``figure``, ``territory``, ``year``, ``value``, ``unit``; e.g. the figures a plan
        publishes. A figure is read by its name and unit:

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
