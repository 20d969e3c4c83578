"""The inventory engine: activity records in, emissions by gas and in CO2e out, with lineage.

>>> import polars as pl
>>> from cityclimate.inventory import compute_emissions
>>> activities = pl.DataFrame({
...     "territory": ["500000"], "year": [2022], "category": ["energy.manufacturing.combustion"],
...     "fuel": ["natural_gas"], "quantity": [1.0], "unit": ["10⁴Nm³"]})
>>> round(compute_emissions(activities).filter(gas="CO2")["emission_t"].item(), 3)
21.622

Every result row names the activity record (``record_id``) and the factor (``factor_id``) it
came from, the factor's level (measured, local, provincial, regional, national, IPCC default)
and why it was chosen. The work is vectorised: factors are selected once per distinct
(territory, sub-area, year, category, fuel), units are converted once per distinct unit pair,
and the rows are multiplied column-wise in Polars.

This module composes the steps and sums the result: activity normalisation is in
:mod:`~cityclimate.inventory.unit_conversion`, factor matching in
:mod:`~cityclimate.inventory.factor_matching`, landfill FOD records in
:mod:`~cityclimate.inventory.landfill_records`, and the checks run before a compute in
:mod:`~cityclimate.inventory.compute_checks` (re-exported here).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace

import polars as pl

from cityclimate import refdata
from cityclimate.errors import DataValidationError, MissingFactorError, Problem
from cityclimate.inventory.activities import (
    RECORD_ID,
    check_activities,
    unknown_fuels,
    validate_activities,
)
from cityclimate.inventory.compute_checks import unit_problems, validate_for_compute
from cityclimate.inventory.factor_matching import (
    KEY_COLUMNS,
    compiled_factors,
    known_materials,
    regular_emissions,
)
from cityclimate.inventory.factors import region_chain
from cityclimate.inventory.landfill_records import climate_zones, landfill_records
from cityclimate.inventory.model import EMISSION_COLUMNS, Method
from cityclimate.inventory.unit_conversion import energy_tce

__all__ = [
    "CH4_BY_ORIGIN",
    "KEY_COLUMNS",
    "climate_zones",
    "compute_emissions",
    "compute_totals",
    "known_materials",
    "unit_problems",
    "validate_for_compute",
]

# Columns both calculator paths produce before GWPs and energy are added.
_COMMON = [c for c in EMISSION_COLUMNS if c not in ("gwp", "co2e_t", "energy_tce")] + [
    "ncv_gj_per_unit"
]


def compute_emissions(
    activities: pl.DataFrame,
    method: Method | None = None,
    *,
    factors: pl.DataFrame | None = None,
    territories: pl.DataFrame | None = None,
    categories: pl.DataFrame | None = None,
    grid_regions: pl.DataFrame | None = None,
    where: str = "activities",
    first_row: int = 1,
) -> pl.DataFrame:
    """Compute record-level emissions.

    Parameters
    ----------
    activities:
        Activity records (see :data:`~cityclimate.inventory.model.ACTIVITY_COLUMNS`).
    method:
        Factor sets, GWP set and options (:class:`~cityclimate.inventory.model.Method`);
        defaults to China's GB/T 32151 fuel parameters, IPCC 2006 CH4/N2O, MEE/NBS grid
        factors and AR5 GWPs.
    factors:
        Composite factors to use instead of those compiled from the shipped data for
        ``method`` (e.g. with local factors added; see :func:`compile_factors`).
    territories, categories, grid_regions:
        Reference tables (territories, categories, provinces' grid regions by edition); default
        to the shipped ones. A platform passes its stored territories here.
    where, first_row:
        Names used in error messages (file name, row number of the first data row).

    Returns
    -------
    polars.DataFrame
        One row per activity record and gas, columns
        :data:`~cityclimate.inventory.model.EMISSION_COLUMNS`: ``emission_t`` (t of the gas),
        ``co2e_t`` (t CO2e with ``method.gwp_set``; removals negative), ``energy_tce`` on the
        CO2 row of fuel, electricity and heat records (null elsewhere).

    Raises
    ------
    DataValidationError
        Bad activity data (all problems listed, nothing computed).
    MissingFactorError
        A record whose category needs a gas for which no factor applies.
    """
    return _emissions(
        activities,
        method,
        factors=factors,
        territories=territories,
        categories=categories,
        grid_regions=grid_regions,
        where=where,
        first_row=first_row,
    )


def _emissions(
    activities: pl.DataFrame,
    method: Method | None = None,
    *,
    factors: pl.DataFrame | None,
    territories: pl.DataFrame | None,
    categories: pl.DataFrame | None,
    grid_regions: pl.DataFrame | None = None,
    where: str,
    first_row: int,
    energy: bool = True,
) -> pl.DataFrame:
    """:func:`compute_emissions`; without ``energy`` the ``energy_tce`` column stays null
    (totals do not report it)."""
    method = method or Method()
    territories = refdata.territories() if territories is None else territories
    categories = refdata.categories() if categories is None else categories
    factors = compiled_factors(method) if factors is None else factors
    acts, problems = check_activities(
        activities, categories=categories, territories=territories, where=where, first_row=first_row
    )
    calc = categories.select(
        pl.col("code").alias("category"), "calculator", "sector", pl.col("scope").cast(pl.Int8)
    )
    acts = acts.with_columns(RECORD_ID).join(calc, on="category", how="left")
    problems += unknown_fuels(acts, known_materials(factors, method), where)
    # One pass lists every mistake: rows with a row problem are left out of the factor and
    # unit checks (which would only repeat it), every other row is checked through to the end.
    flagged = [p.row for p in problems if p.row is not None]
    acts = acts.filter(~pl.col("_row").is_in(flagged))
    missing: list[Problem] = []
    is_fod = pl.col("calculator") == "fod"
    grid_regions = refdata.grid_regions() if grid_regions is None else grid_regions
    chain = region_chain(territories, grid_regions)
    parts = []
    regular = acts.filter(~is_fod)
    if not regular.is_empty():
        part = _collecting(
            problems,
            lambda: regular_emissions(regular, factors, chain, categories, method, where, missing),
        )
        parts += [part] if part is not None else []
    deposits = acts.filter(is_fod)
    if not deposits.is_empty():
        part = _collecting(
            problems, lambda: landfill_records(deposits, acts, method, territories, where)
        )
        parts += [part] if part is not None else []
    if problems or missing:
        everything = sorted(problems + missing, key=lambda p: (p.row or 0, p.field or ""))
        raise (DataValidationError if problems else MissingFactorError)(everything)
    result = pl.concat([part.select(_COMMON) for part in parts]) if parts else _empty()
    result = _with_gwp(result, categories, method)
    no_gwp = result.filter(pl.col("gwp").is_null())
    if not no_gwp.is_empty():
        gases = ", ".join(sorted(set(no_gwp["gwp_gas"].to_list())))
        by_origin = method.ch4_gwp_by_origin
        raise DataValidationError(
            [
                Problem(
                    "refdata/data/gwp.csv",
                    None,
                    "gas",
                    gases,
                    f"GWP 表（{method.gwp_set}）中缺少这些气体"
                    + (
                        "；按来源区分的 CH4 GWP 仅 AR6 提供：请选 AR6 或关闭该选项"
                        if by_origin
                        else ""
                    ),
                    f"the GWP table ({method.gwp_set}) lacks these gases"
                    + (
                        "; CH4 GWPs by origin are published in AR6 only: choose AR6 or turn "
                        "the option off"
                        if by_origin
                        else ""
                    ),
                )
            ]
        )
    result = result.drop("gwp_gas").with_columns(co2e_t=pl.col("emission_t") * pl.col("gwp"))
    _check_finite(result, acts, where)
    result = result.with_columns(
        energy_tce=energy_tce(result, method) if energy else pl.lit(None, pl.Float64)
    )
    return result.select(EMISSION_COLUMNS).sort(
        ["year", "territory", "category", "record_id", "gas"]
    )


def _collecting(
    problems: list[Problem], compute: Callable[[], pl.DataFrame]
) -> pl.DataFrame | None:
    """Run ``compute``; a validation error's problems are added to ``problems`` (None back)."""
    try:
        return compute()
    except DataValidationError as exc:
        problems.extend(exc.problems)
        return None


#: GWP-table gas names of CH4 by origin (IPCC AR6 WG1 Table 7.15).
CH4_BY_ORIGIN = {"fossil": "CH4-fossil", "non_fossil": "CH4-non-fossil"}


def _with_gwp(result: pl.DataFrame, categories: pl.DataFrame, method: Method) -> pl.DataFrame:
    """Add ``gwp`` (and ``gwp_gas``, the GWP-table row used) to every emission row.

    With ``method.ch4_gwp_by_origin`` CH4 takes the GWP of its origin, named per category in
    ``categories.ch4_origin``: fossil (fuel combustion, fugitive) or non-fossil (waste,
    biogenic), as in IPCC AR6 WG1 Table 7.15; otherwise the single CH4 value of the set.
    """
    gas = pl.col("gas")
    if method.ch4_gwp_by_origin:
        if "ch4_origin" in categories.columns:
            origins = dict(categories.select("code", "ch4_origin").iter_rows())
        else:
            origins = {}
        origin = pl.col("category").replace_strict(origins, default=None, return_dtype=pl.String)
        gwp_gas = (
            pl.when(gas == "CH4")
            .then(origin.replace_strict(CH4_BY_ORIGIN, default=None, return_dtype=pl.String))
            .otherwise(gas)
        )
        result = result.with_columns(gwp_gas=pl.coalesce(gwp_gas, pl.format("{} (origin?)", gas)))
    else:
        result = result.with_columns(gwp_gas=gas)
    gwp = refdata.gwp().filter(gwp_set=method.gwp_set)
    return result.join(
        gwp.select(pl.col("gas").alias("gwp_gas"), pl.col("value").alias("gwp")),
        on="gwp_gas",
        how="left",
    )


def _check_finite(result: pl.DataFrame, acts: pl.DataFrame, where: str) -> None:
    """Refuse quantities so large that their emissions, or the sum of all emissions, overflow
    a float (e.g. 1e308 t): such a number is a typing error, and an infinite total cannot be
    reported. Each offending record is named by its row."""
    co2e = pl.col("co2e_t")
    bad = result.filter(co2e.is_not_null() & ~co2e.is_finite())
    if bad.is_empty() and math.isfinite(result.select(co2e.abs().sum()).item() or 0.0):
        return
    if bad.is_empty():  # every row finite, their sum not: name the largest
        bad = result.sort(co2e.abs(), descending=True).head(1)
    rows = acts.select("record_id", "_row", "quantity").join(
        bad.select("record_id").unique(), on="record_id", how="semi"
    )
    raise DataValidationError(
        [
            Problem(
                where,
                r["_row"],
                "quantity",
                str(r["quantity"]),
                "活动水平大得不合理：其排放量超出可计算的范围，请检查数值和单位",
                "the quantity is implausibly large: its emissions exceed what can be computed;"
                " check the number and its unit",
            )
            for r in rows.sort("_row").iter_rows(named=True)
        ]
    )


def compute_totals(
    activities: pl.DataFrame,
    method: Method | None = None,
    *,
    by: tuple[str, ...] = ("territory", "year", "category", "gas"),
    factors: pl.DataFrame | None = None,
    territories: pl.DataFrame | None = None,
    categories: pl.DataFrame | None = None,
    where: str = "activities",
    first_row: int = 1,
) -> pl.DataFrame:
    """Emissions summed by ``by`` (default territory, year, category, gas), for large inputs.

    The same validation, factors and arithmetic as :func:`compute_emissions`, but records that
    share a key, a unit and the same measured factor and abatement share are summed *before*
    the factors are applied (emissions are linear in the quantity, so the totals are the same
    up to floating-point rounding). Per-record lineage is then kept as ``records`` (how many
    records) and ``factor_ids``; use :func:`compute_emissions` for row-level lineage.

    Returns
    -------
    polars.DataFrame
        The ``by`` columns, ``emission_t``, ``co2e_t``, ``records`` and ``factor_ids``.
    """
    method = method or Method()
    options = {
        "method": method,
        "by": by,
        "factors": factors,
        "territories": refdata.territories() if territories is None else territories,
        "categories": refdata.categories() if categories is None else categories,
        "where": where,
        "first_row": first_row,
    }
    if not _numbers_are_clean(activities):
        return _totals(activities, clean=False, numbered=True, **options)  # type: ignore[arg-type]
    if _ids_without_row_numbers(activities):
        # Row numbers serve only to name rows in messages: the rows are summed without them
        # (numbering 10 million rows costs a tenth of the time), and a run that finds a
        # problem is repeated with them, so that its messages are the same.
        try:
            return _totals(activities, clean=True, numbered=False, **options)  # type: ignore[arg-type]
        except DataValidationError:
            pass
    return _totals(activities, clean=True, numbered=True, **options)  # type: ignore[arg-type]


def _ids_without_row_numbers(activities: pl.DataFrame) -> bool:
    """Whether no result can depend on row numbers: every record has its own id, or none is
    given and no record has a measured factor (whose factor id is made of the record id)."""
    if "record_id" in activities.columns:
        return activities["record_id"].null_count() == 0
    return (
        "measured_factor" not in activities.columns
        or activities["measured_factor"].null_count() == activities.height
    )


def _totals(
    activities: pl.DataFrame,
    *,
    clean: bool,
    numbered: bool,
    method: Method,
    by: tuple[str, ...],
    factors: pl.DataFrame | None,
    territories: pl.DataFrame,
    categories: pl.DataFrame,
    where: str,
    first_row: int,
) -> pl.DataFrame:
    """:func:`compute_totals`; ``clean``: the numbers passed :func:`_numbers_are_clean`;
    ``numbered``: keep each key's first row number (for messages and ``row-N`` ids)."""
    grouping = [
        *KEY_COLUMNS,
        "unit",
        "measured_factor",
        "measured_factor_unit",
        "abatement_fraction",
    ]
    full_check = {
        "activities": activities,
        "categories": categories,
        "territories": territories,
        "where": where,
        "first_row": first_row,
    }
    if clean:
        # Fast path: sum the raw rows by key first; text fields are then checked once per
        # distinct key instead of once per row (see validate_activities for the rules).
        raw = activities.lazy()
        if numbered:
            raw = raw.with_row_index("_row", offset=first_row)
        present = [c for c in grouping if c in activities.columns]
        ids = [pl.col("record_id").first()] if "record_id" in activities.columns else []
    else:
        raw = validate_activities(**full_check).lazy()  # type: ignore[arg-type]
        present, ids = grouping, [pl.col("record_id").first()]
    first = [pl.col("_row").min().cast(pl.Int64)] if numbered else []
    # The streaming engine sums in chunks: working memory stays near the size of the result.
    small = (
        raw.group_by(present)
        .agg(*ids, *first, quantity=pl.col("quantity").sum(), records=pl.len())
        .with_columns(pl.col("records").cast(pl.Int64))
        .collect(engine="streaming")
    )
    if numbered:
        small = small.with_columns(
            RECORD_ID
            if "record_id" in small.columns
            else pl.format("row-{}", pl.col("_row")).alias("record_id")
        )
    elif "record_id" not in small.columns:
        # Ids that name no row (none is shown), given in the keys' order.
        small = small.sort(present, nulls_last=True).with_columns(
            record_id=pl.format("key-{}", pl.int_range(pl.len()).cast(pl.String).str.zfill(9))
        )
    counts = small.select("record_id", "records")
    try:
        rows = _emissions(
            small.drop("_row", "records", strict=False),
            method,
            factors=factors,
            territories=territories,
            categories=categories,
            where=where,
            first_row=0,
            energy=False,
        ).join(counts, on="record_id", how="left")
    except DataValidationError as exc:
        if not numbered:
            raise
        # List every offending row of the user's data, not one per merged key.
        validate_activities(**full_check)  # type: ignore[arg-type]
        # The rows are valid; the problem is a factor or a unit: name each key's first row.
        original = small["_row"].to_list()
        exc.problems = [
            replace(p, row=None if p.row is None else original[p.row]) for p in exc.problems
        ]
        raise
    return (
        rows.group_by(list(by))
        .agg(
            emission_t=pl.col("emission_t").sum(),
            co2e_t=pl.col("co2e_t").sum(),
            records=pl.col("records").sum(),
            factor_ids=pl.col("factor_id").unique().sort(),
        )
        .sort(list(by))
    )


def _numbers_are_clean(activities: pl.DataFrame) -> bool:
    """Whether quantities and years are typed numbers, present, finite and ≥ 0 in every row,
    and record ids (if any) unique: then rows may be summed before the text fields are checked."""
    schema = activities.schema
    if "quantity" not in schema or "year" not in schema:
        return False
    if not (schema["quantity"].is_numeric() and schema["year"].is_integer()):
        return False
    q = pl.col("quantity")
    # Null counts are kept with the columns (no pass over the data). The values need two
    # reductions, no temporary column: the minimum (< 0 for a negative or -inf; Polars' min
    # skips NaN) and, for floats, the sum (NaN or infinite when a value is; also when finite
    # values overflow it, which then only takes the full validation path).
    checks = [q.null_count() > 0, pl.col("year").null_count() > 0, q.min() < 0]
    if schema["quantity"].is_float():
        checks.append(~q.sum().is_finite())
    if "record_id" in schema:
        checks.append(pl.col("record_id").is_duplicated().any())
    found = activities.select(c.alias(str(i)) for i, c in enumerate(checks)).row(0)
    return not any(bool(hit) for hit in found)  # (min of no rows: null)


def _empty() -> pl.DataFrame:
    schema: dict[str, type[pl.DataType]] = dict.fromkeys(_COMMON, pl.String)
    schema.update(
        year=pl.Int32,
        scope=pl.Int8,
        activity_value=pl.Float64,
        factor_value=pl.Float64,
        emission_t=pl.Float64,
        ncv_gj_per_unit=pl.Float64,
    )
    return pl.DataFrame(schema=schema)
