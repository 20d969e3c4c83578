"""An enterprise's annual emission report, computed by the inventory engine, and data-centre PUE.

The report is not a second calculator: monthly ledger rows become activity records (one per
ledger row, so every result row points back to a ledger row) and go through
:func:`cityclimate.inventory.compute_emissions`, the same engine as the district inventory.

Fuel combustion CO2 (GB/T 32151; reference/factors-and-rules.md)::

    CO2 [t] = activity [physical unit] × NCV [GJ/unit] × CC [tC/GJ] × OF × 44/12

Where the enterprise measured NCV or carbon content (CC) for a ledger row, the row carries a
*measured* factor built from the measured value(s) and the default of the other parameter (and
the default oxidation factor OF); otherwise the engine selects its default factor. Each row
shows which NCV and CC it used and whether each was ``measured`` or ``default``
(``ncv_basis``, ``carbon_content_basis``), besides the engine's ``factor_level`` and
``selection_reason``. CH4 and N2O use the engine's defaults in every case.

PUE (GB 40879-2021 definition)::

    PUE = total facility energy / IT equipment energy

by month, and for the year as Σ total / Σ IT (not the mean of monthly PUEs).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import polars as pl

from cityclimate import refdata
from cityclimate.enterprises import rules
from cityclimate.enterprises.model import Actor, Enterprise
from cityclimate.enterprises.registry import require_access
from cityclimate.errors import DataValidationError, Problem
from cityclimate.inventory import ACTIVITY_COLUMNS, Method, compute_emissions
from cityclimate.units import GJ_PER_TCE, conversion_factor

_C_TO_CO2 = 44.0 / 12.0

#: Columns the report adds to the engine's emission rows.
PARAMETER_COLUMNS = (
    "ncv_gj_per_unit_used",
    "ncv_basis",
    "carbon_content_tc_per_gj_used",
    "carbon_content_basis",
)


def report_activities(
    enterprise: Enterprise,
    energy: pl.DataFrame,
    materials: pl.DataFrame,
    year: int,
    *,
    parameter_set: str = "cn_gbt32151_2024",
) -> pl.DataFrame:
    """Turn validated monthly ledgers into activity records for the inventory engine.

    Parameters
    ----------
    enterprise:
        Whose ledgers (territory and sub-areas come from the registry).
    energy, materials:
        Validated ledgers (:func:`~cityclimate.enterprises.ledgers.validate_ledger`); only rows
        of ``year`` and of this enterprise are used.
    year:
        Reporting year.
    parameter_set:
        Edition of the default fuel parameters (``refdata/data/fuel_parameters.csv``) that
        fills what the enterprise did not measure.

    Returns
    -------
    polars.DataFrame
        Activity records (inventory columns) plus :data:`PARAMETER_COLUMNS`.
    """
    sub_area_of = {f.facility_id: f.sub_area for f in enterprise.facilities}
    mine = (pl.col("enterprise_id") == enterprise.enterprise_id) & (pl.col("year") == year)
    defaults = _default_parameters(parameter_set, year)
    physical = dict(refdata.fuels().select("fuel", "physical_unit").iter_rows())
    records: list[dict[str, object]] = []
    for row in energy.filter(mine).iter_rows(named=True):
        record = _base(enterprise, row, sub_area_of, "E")
        record.update(fuel=row["fuel"], quantity=row["quantity"], unit=row["unit"])
        record.update(_measured(row, defaults, physical[row["fuel"]]))
        records.append(record)
    for row in materials.filter(mine).iter_rows(named=True):
        record = _base(enterprise, row, sub_area_of, "M")
        record.update(
            fuel=row["material"],
            quantity=row["quantity"],
            unit=row["unit"],
            abatement_fraction=row["abatement_fraction"],
            ncv_basis="n/a",
            carbon_content_basis="n/a",
        )
        records.append(record)
    schema: dict[str, type[pl.DataType]] = {
        **ACTIVITY_COLUMNS,
        "ncv_gj_per_unit_used": pl.Float64,
        "ncv_basis": pl.String,
        "carbon_content_tc_per_gj_used": pl.Float64,
        "carbon_content_basis": pl.String,
    }
    return pl.DataFrame(
        [{name: r.get(name) for name in schema} for r in records], schema=schema, orient="row"
    )


def _base(
    enterprise: Enterprise,
    row: dict[str, object],
    sub_area_of: dict[str, str | None],
    prefix: str,
) -> dict[str, object]:
    facility = row.get("facility_id")
    sub_area = sub_area_of.get(str(facility)) if facility is not None else None
    return {
        "record_id": f"{enterprise.enterprise_id}-{row['year']}-{prefix}{row['_row']:05d}",
        "territory": enterprise.territory,
        "sub_area": sub_area or enterprise.sub_area,
        "year": row["year"],
        "category": row["category"],
        "data_source": row.get("data_source") or f"ledger of {enterprise.enterprise_id}",
        "quality_tier": "measured" if prefix == "E" else "calculated",
        "enterprise_id": enterprise.enterprise_id,
    }


def _default_parameters(parameter_set: str, year: int) -> dict[tuple[str, str], float]:
    table = refdata.fuel_parameters().filter(
        (pl.col("factor_set") == parameter_set)
        & (pl.col("valid_from") <= year)
        & (pl.col("valid_to") >= year)
    )
    if table.is_empty():
        raise DataValidationError(
            [
                Problem(
                    "refdata/data/fuel_parameters.csv",
                    None,
                    "factor_set",
                    parameter_set,
                    f"没有 {year} 年适用的燃料参数版本",
                    f"no fuel parameters of this edition are valid in {year}",
                )
            ]
        )
    return {(r["fuel"], r["parameter"]): r["value"] for r in table.iter_rows(named=True)}


def _measured(
    row: dict[str, object], defaults: dict[tuple[str, str], float], physical_unit: str
) -> dict[str, object]:
    fuel = str(row["fuel"])
    ncv_default = defaults.get((fuel, "ncv"))
    cc_default = defaults.get((fuel, "carbon_content"))
    if ncv_default is None or cc_default is None:  # electricity, heat: no fuel parameters
        return {"ncv_basis": "n/a", "carbon_content_basis": "n/a"}
    ncv, ncv_basis = ncv_default, "default"
    cc, cc_basis = cc_default, "default"
    if row.get("measured_ncv") is not None:
        unit = str(row["measured_ncv_unit"])
        ncv = float(str(row["measured_ncv"])) * conversion_factor(unit, f"GJ/{physical_unit}")
        ncv_basis = "measured"
    if row.get("measured_carbon_content") is not None:
        unit = str(row["measured_carbon_content_unit"])
        cc = float(str(row["measured_carbon_content"])) * conversion_factor(unit, "tC/GJ")
        cc_basis = "measured"
    out: dict[str, object] = {
        "ncv_gj_per_unit_used": ncv,
        "ncv_basis": ncv_basis,
        "carbon_content_tc_per_gj_used": cc,
        "carbon_content_basis": cc_basis,
    }
    if "measured" in (ncv_basis, cc_basis):
        oxidation = defaults[(fuel, "oxidation")]
        out.update(
            quantity=float(str(row["quantity"]))
            * conversion_factor(str(row["unit"]), physical_unit),
            unit=physical_unit,
            measured_factor=ncv * cc * oxidation * _C_TO_CO2,
            measured_factor_unit=f"t/{physical_unit}",
        )
    return out


def emission_report(
    actor: Actor,
    enterprise: Enterprise,
    energy: pl.DataFrame,
    materials: pl.DataFrame,
    year: int,
    *,
    method: Method | None = None,
) -> pl.DataFrame:
    """Compute an enterprise's annual emissions from its ledgers, with the inventory engine.

    Parameters
    ----------
    actor:
        Who asks (must be allowed to read this enterprise's data).
    enterprise, energy, materials, year:
        See :func:`report_activities`.
    method:
        The inventory method (default :class:`~cityclimate.inventory.Method`); its
        ``combustion_co2`` edition supplies the default fuel parameters when it is a Chinese
        edition, else GB/T 32151 (2024).

    Returns
    -------
    polars.DataFrame
        The engine's emission rows (:data:`~cityclimate.inventory.EMISSION_COLUMNS`; t of gas
        and t CO2e) plus :data:`PARAMETER_COLUMNS`. ``energy_tce`` uses the measured NCV
        where there is one.

    Raises
    ------
    EnterpriseAccessError
        When ``actor`` may not read this enterprise's data.
    """
    require_access(actor, enterprise.enterprise_id)
    method = method or Method()
    edition = (
        method.combustion_co2 if method.combustion_co2.startswith("cn_") else "cn_gbt32151_2024"
    )
    activities = report_activities(enterprise, energy, materials, year, parameter_set=edition)
    if activities.is_empty():
        return compute_emissions(activities.drop(PARAMETER_COLUMNS), method).with_columns(
            pl.lit(None, pl.Float64).alias("ncv_gj_per_unit_used"),
            pl.lit(None, pl.String).alias("ncv_basis"),
            pl.lit(None, pl.Float64).alias("carbon_content_tc_per_gj_used"),
            pl.lit(None, pl.String).alias("carbon_content_basis"),
        )
    try:
        emissions = compute_emissions(
            activities.drop(PARAMETER_COLUMNS),
            method,
            where=f"ledgers of {enterprise.enterprise_id}",
        )
    except DataValidationError as exc:
        # Name the ledger row the user filed, not the row of the derived activity table.
        ids = activities["record_id"].to_list()
        exc.problems = [_on_ledger(p, ids, enterprise.enterprise_id) for p in exc.problems]
        raise
    parameters = activities.select("record_id", *PARAMETER_COLUMNS)
    measured_ncv = (pl.col("ncv_basis") == "measured") & pl.col("energy_tce").is_not_null()
    return emissions.join(parameters, on="record_id", how="left").with_columns(
        energy_tce=pl.when(measured_ncv)
        .then(pl.col("activity_value") * pl.col("ncv_gj_per_unit_used") / GJ_PER_TCE)
        .otherwise(pl.col("energy_tce"))
    )


def _on_ledger(problem: Problem, record_ids: list[str], enterprise_id: str) -> Problem:
    if problem.row is None or not 1 <= problem.row <= len(record_ids):
        return problem
    suffix = record_ids[problem.row - 1].rsplit("-", 1)[1]  # E00026: energy ledger row 26
    ledger = "energy ledger" if suffix[0] == "E" else "materials ledger"
    return replace(problem, where=f"{ledger} of {enterprise_id}", row=int(suffix[1:]))


def report_totals(emissions: pl.DataFrame) -> dict[str, object]:
    """Totals of a report: t CO2e overall, by gas and by category; CO2 in t; energy in tce."""
    by_gas = emissions.group_by("gas").agg(pl.col("co2e_t").sum()).sort("gas")
    by_category = emissions.group_by("category").agg(pl.col("co2e_t").sum()).sort("category")
    return {
        "total_co2e_t": float(emissions["co2e_t"].sum()),
        "co2_t": float(emissions.filter(gas="CO2")["emission_t"].sum()),
        "co2e_by_gas": dict(by_gas.iter_rows()),
        "co2e_by_category": dict(by_category.iter_rows()),
        "energy_tce": float(emissions["energy_tce"].fill_null(0).sum()),
    }


@dataclass(frozen=True)
class PueCheck:
    """A data centre's PUE for a year against its limit.

    Attributes
    ----------
    enterprise_id, year:
        Whose and which year.
    monthly:
        Columns month, it_energy_kwh, total_energy_kwh, pue, above_limit.
    annual_pue:
        Σ total / Σ IT over the year (dimensionless); ``None`` without IT energy.
    limit, limit_source, edition, data_centre_class:
        The limit used, its source, the edition of the limits and the centre's class.
    meets_limit:
        ``annual_pue ≤ limit``.
    months_reported:
        How many of the 12 months have data.
    """

    enterprise_id: str
    year: int
    monthly: pl.DataFrame
    annual_pue: float | None
    limit: float
    limit_source: str
    edition: str
    data_centre_class: str
    meets_limit: bool
    months_reported: int


def check_pue(
    enterprise: Enterprise,
    data_centre_ledger: pl.DataFrame,
    year: int,
    *,
    edition: str = "plan_table1",
    limits: pl.DataFrame | None = None,
) -> PueCheck:
    """Monthly and annual PUE of a data centre checked against the configured limit.

    Parameters
    ----------
    enterprise:
        A data centre (its ``data_centre_class``: new, existing, national_hub).
    data_centre_ledger:
        Validated ``data_centre`` ledger.
    year:
        The year.
    edition:
        Which limits apply: ``plan_table1`` (new ≤ 1.25) or ``plan_text`` (new ≤ 1.3); the plan
        gives both (MISSION R2/R3), the office chooses.
    limits:
        The limits table (default :func:`cityclimate.enterprises.rules.pue_limits`).
    """
    limits = rules.pue_limits() if limits is None else limits
    kind = enterprise.data_centre_class or "existing"
    chosen = limits.filter(edition=edition, data_centre_class=kind)
    if chosen.is_empty():
        raise DataValidationError(
            [
                Problem(
                    "pue_limits",
                    None,
                    "edition",
                    f"{edition}/{kind}",
                    "没有该版本和类别的 PUE 限值",
                    "no PUE limit for this edition and class",
                )
            ]
        )
    limit, source = chosen.row(0, named=True)["limit"], chosen.row(0, named=True)["source"]
    rows = data_centre_ledger.filter(
        (pl.col("enterprise_id") == enterprise.enterprise_id) & (pl.col("year") == year)
    )
    to_kwh = {u: conversion_factor(u, "kWh") for u in rows["unit"].unique().to_list()}
    # An empty mapping would make replace_strict ignore return_dtype (no rows: nothing to scale).
    scale = (
        pl.col("unit").replace_strict(to_kwh, return_dtype=pl.Float64) if to_kwh else pl.lit(1.0)
    )
    monthly = (
        rows.group_by("month")
        .agg(
            it_energy_kwh=(pl.col("it_energy") * scale).sum(),
            total_energy_kwh=(pl.col("total_energy") * scale).sum(),
        )
        .sort("month")
        .with_columns(pue=pl.col("total_energy_kwh") / pl.col("it_energy_kwh"))
        .with_columns(above_limit=pl.col("pue") > limit)
    )
    it_total = float(monthly["it_energy_kwh"].sum())
    annual = float(monthly["total_energy_kwh"].sum()) / it_total if it_total > 0 else None
    return PueCheck(
        enterprise_id=enterprise.enterprise_id,
        year=year,
        monthly=monthly,
        annual_pue=annual,
        limit=float(limit),
        limit_source=str(source),
        edition=edition,
        data_centre_class=kind,
        meets_limit=annual is not None and annual <= limit,
        months_reported=monthly.height,
    )
