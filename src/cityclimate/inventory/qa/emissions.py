"""QA of computed emissions: missing and negative values, year-on-year jumps, factor ranges."""

from __future__ import annotations

import math
from collections.abc import Collection

import polars as pl

from cityclimate.errors import UnitError
from cityclimate.findings import Finding
from cityclimate.inventory.qa.rules import _finding, _rule, _threshold, factor_ranges, qa_rules
from cityclimate.units import GJ_PER_TCE, conversion_factor


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
