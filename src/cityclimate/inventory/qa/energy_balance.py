"""QA of fuel use against the territory's energy statistics (IPCC 2006 Vol. 2 Ch. 6)."""

from __future__ import annotations

import polars as pl

from cityclimate.findings import Finding
from cityclimate.inventory.qa.rules import _finding, _rule, _threshold, qa_rules
from cityclimate.units import conversion_factor, same_dimension


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
