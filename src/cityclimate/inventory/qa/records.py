"""QA of activity records: missing values, negative quantities, units that do not fit the fuel."""

from __future__ import annotations

import polars as pl

from cityclimate import refdata
from cityclimate.errors import UnitError
from cityclimate.findings import Finding
from cityclimate.inventory.model import ACTIVITY_HEADERS_ZH, REQUIRED_ACTIVITY_COLUMNS
from cityclimate.inventory.qa.rules import _finding, _rule, qa_rules
from cityclimate.inventory.unit_conversion import is_fuel_energy
from cityclimate.units import parse_unit, same_dimension


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
