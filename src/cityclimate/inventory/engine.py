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
"""

from __future__ import annotations

import math
from collections.abc import Callable
from contextlib import suppress
from dataclasses import replace
from functools import lru_cache

import polars as pl

from cityclimate import refdata
from cityclimate.errors import DataValidationError, MissingFactorError, Problem, UnitError
from cityclimate.inventory.activities import (
    RECORD_ID,
    check_activities,
    unknown_fuels,
    validate_activities,
)
from cityclimate.inventory.factors import compile_factors, region_chain, select_factors
from cityclimate.inventory.landfill import landfill_emissions
from cityclimate.inventory.model import EMISSION_COLUMNS, Method
from cityclimate.units import GJ_PER_TCE, conversion_factor, parse_unit

KEY_COLUMNS = ["territory", "sub_area", "year", "category", "fuel"]
# Columns both calculator paths produce before GWPs and energy are added.
_COMMON = [c for c in EMISSION_COLUMNS if c not in ("gwp", "co2e_t", "energy_tce")] + [
    "ncv_gj_per_unit"
]


@lru_cache(maxsize=32)
def _compiled(method: Method) -> pl.DataFrame:
    return compile_factors(method)


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
    method = method or Method()
    territories = refdata.territories() if territories is None else territories
    categories = refdata.categories() if categories is None else categories
    factors = _compiled(method) if factors is None else factors
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
            lambda: _regular(regular, factors, chain, categories, method, where, missing),
        )
        parts += [part] if part is not None else []
    deposits = acts.filter(is_fod)
    if not deposits.is_empty():
        part = _collecting(problems, lambda: _landfill(deposits, acts, method, territories, where))
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
    result = result.with_columns(energy_tce=_energy_tce(result, method))
    return result.select(EMISSION_COLUMNS).sort(
        ["year", "territory", "category", "record_id", "gas"]
    )


def known_materials(factors: pl.DataFrame, method: Method) -> dict[str, list[str]]:
    """The fuel and material codes each calculator has factors (or FOD parameters) for."""
    known: dict[str, list[str]] = {
        str(calculator): sorted(set(group["material"].to_list()))
        for (calculator,), group in factors.group_by("calculator")
    }
    waste = refdata.waste_parameters().filter(factor_set=method.waste, parameter="doc")
    known["fod"] = sorted(set(waste["material"].to_list()))
    return known


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
    territories = refdata.territories() if territories is None else territories
    categories = refdata.categories() if categories is None else categories
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
    if _numbers_are_clean(activities):
        # Fast path: sum the raw rows by key first; text fields are then checked once per
        # distinct key instead of once per row (see validate_activities for the rules).
        raw = activities.with_row_index("_row", offset=first_row).with_columns(
            pl.col("_row").cast(pl.Int64)
        )
        present = [c for c in grouping if c in raw.columns]
        ids = [pl.col("record_id").first()] if "record_id" in raw.columns else []
    else:
        raw = validate_activities(**full_check)  # type: ignore[arg-type]
        present, ids = grouping, [pl.col("record_id").first()]
    # The streaming engine sums in chunks: working memory stays near the size of the result.
    small = (
        raw.lazy()
        .group_by(present)
        .agg(*ids, quantity=pl.col("quantity").sum(), records=pl.len(), _row=pl.col("_row").min())
        .with_columns(pl.col("records").cast(pl.Int64))
        .collect(engine="streaming")
    )
    small = small.with_columns(
        RECORD_ID
        if "record_id" in small.columns
        else pl.format("row-{}", pl.col("_row")).alias("record_id")
    )
    counts = small.select("record_id", "records")
    try:
        rows = compute_emissions(
            small.drop("_row", "records"),
            method,
            factors=factors,
            territories=territories,
            categories=categories,
            where=where,
            first_row=0,
        ).join(counts, on="record_id", how="left")
    except DataValidationError as exc:
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


def validate_for_compute(
    activities: pl.DataFrame,
    *,
    territories: pl.DataFrame | None = None,
    categories: pl.DataFrame | None = None,
    where: str = "activities",
    first_row: int = 1,
) -> pl.DataFrame:
    """Every rule the compute applies to records, in one pass: row rules, then units.

    :func:`~cityclimate.inventory.validate_activities` and :func:`unit_problems` together; the
    units of rows that pass the row rules are checked even when other rows fail them, so one
    message lists every mistake. Returns the typed records (as ``validate_activities``).

    Raises
    ------
    DataValidationError
        Listing every problem found.
    """
    territories = refdata.territories() if territories is None else territories
    categories = refdata.categories() if categories is None else categories
    try:
        typed = validate_activities(
            activities,
            categories=categories,
            territories=territories,
            where=where,
            first_row=first_row,
        )
    except DataValidationError as exc:
        problems = list(exc.problems)
        failed = {p.row for p in problems if p.row is not None}
        numbered = (
            activities
            if "_row" in activities.columns
            else activities.with_row_index("_row", offset=first_row)
        )
        rest = numbered.filter(~pl.col("_row").cast(pl.Int64).is_in(failed))
        # Rows beyond the listed ones may fail the row rules too: said already (as a count).
        with suppress(DataValidationError):
            problems += unit_problems(
                rest, categories=categories, territories=territories, where=where
            )
        raise DataValidationError(
            sorted(problems, key=lambda p: (p.row or 0, p.field or ""))
        ) from exc
    problems = unit_problems(typed, categories=categories, territories=territories, where=where)
    if problems:
        raise DataValidationError(problems)
    return typed


def unit_problems(
    activities: pl.DataFrame,
    method: Method | None = None,
    *,
    territories: pl.DataFrame | None = None,
    categories: pl.DataFrame | None = None,
    where: str = "activities",
    first_row: int = 1,
) -> list[Problem]:
    """Every unit the compute would refuse, found before any number is computed.

    The same checks as :func:`compute_emissions`: a fuel or material its category's calculator
    does not know (one problem naming the closest names), each record's unit (and measured-factor unit)
    must convert to the activity unit of the factor it would get (a fuel may also be given in an
    energy unit, never in kWh), and landfill deposits must be masses. Factors are chosen as the
    compute chooses them, with the nearest year allowed: whether a factor exists for a year
    depends on the method chosen at compute time, its unit does not.

    Parameters
    ----------
    activities:
        Activity records (validated or not: rows that fail validation raise first).
    method:
        Factor sets to take the activity units from; default :class:`Method`.
    territories, categories:
        Reference tables; default to the shipped ones.
    where, first_row:
        File name and first data row, for the messages.

    Returns
    -------
    list of Problem
        One per offending row (at most 200 per unit pair); empty when every unit fits.

    Raises
    ------
    DataValidationError
        When the records fail :func:`~cityclimate.inventory.validate_activities`.
    """
    method = replace(method or Method(), nearest_year=True)
    territories = refdata.territories() if territories is None else territories
    categories = refdata.categories() if categories is None else categories
    acts = validate_activities(
        activities, categories=categories, territories=territories, where=where, first_row=first_row
    ).with_columns(RECORD_ID)
    calc = categories.select(pl.col("code").alias("category"), "calculator")
    acts = acts.join(calc, on="category", how="left")
    factors = _compiled(method)
    # A fuel no calculator knows is one problem naming the closest names (as in the compute).
    problems = unknown_fuels(acts, known_materials(factors, method), where)
    acts = acts.filter(~pl.col("_row").is_in([p.row for p in problems if p.row is not None]))
    is_fod = pl.col("calculator") == "fod"
    deposits = acts.filter(is_fod).with_columns(
        activity_unit=pl.lit("t"), ncv_gj_per_unit=pl.lit(None, pl.Float64)
    )
    regular = acts.filter(~is_fod)
    keys = regular.group_by(KEY_COLUMNS).agg(
        first_row=pl.col("_row").min(), first_record=pl.col("record_id").first()
    )
    chain = region_chain(territories, refdata.grid_regions())
    # Keys without a factor are the compute's to report, with the method it uses.
    chosen = select_factors(
        keys, factors, chain, categories, nearest_year=True, where=where, problems=[]
    )
    chosen = chosen.select(*KEY_COLUMNS, "activity_unit", "ncv_gj_per_unit").unique()
    rows = regular.join(chosen, on=KEY_COLUMNS, how="inner", nulls_equal=True)
    checks: list[Callable[[], object]] = [
        lambda: _unit_multipliers(rows, where, "unit", "activity_unit"),
        lambda: _apply_measured(rows, where),
        lambda: _unit_multipliers(deposits, where, "unit", "activity_unit"),
    ]
    for check in checks:
        try:
            check()
        except DataValidationError as exc:
            problems += exc.problems
    # A record gets one factor per gas; the same unit problem is said once per row.
    return sorted(dict.fromkeys(problems), key=lambda p: (p.row or 0, p.field or ""))


def _numbers_are_clean(activities: pl.DataFrame) -> bool:
    """Whether quantities and years are typed numbers, present, finite and ≥ 0 in every row,
    and record ids (if any) unique: then rows may be summed before the text fields are checked."""
    schema = activities.schema
    if "quantity" not in schema or "year" not in schema:
        return False
    if not (schema["quantity"].is_numeric() and schema["year"].is_integer()):
        return False
    q = pl.col("quantity")
    checks = [q.is_null().any(), (q < 0).any(), pl.col("year").is_null().any()]
    if schema["quantity"].is_float():
        checks += [q.is_nan().any(), q.is_infinite().any()]
    if "record_id" in schema:
        checks.append(pl.col("record_id").is_duplicated().any())
    return not any(activities.select(c.alias(str(i)) for i, c in enumerate(checks)).row(0))


def _regular(
    acts: pl.DataFrame,
    factors: pl.DataFrame,
    chain: pl.DataFrame,
    categories: pl.DataFrame,
    method: Method,
    where: str,
    missing: list[Problem],
) -> pl.DataFrame:
    """Emissions of the non-FOD records; keys without a factor go to ``missing``."""
    keys = acts.group_by(KEY_COLUMNS).agg(
        first_row=pl.col("_row").min(), first_record=pl.col("record_id").first()
    )
    chosen = select_factors(
        keys,
        factors,
        chain,
        categories,
        nearest_year=method.nearest_year,
        where=where,
        problems=missing,
    )
    chosen = chosen.select(
        *KEY_COLUMNS,
        "gas",
        "factor_id",
        "factor_set",
        "value",
        "activity_unit",
        "ncv_gj_per_unit",
        "abatement_dre",
        "source",
        "factor_level",
        "selection_reason",
    )
    rows = acts.join(chosen, on=KEY_COLUMNS, how="inner", nulls_equal=True)
    multipliers = _unit_multipliers(rows, where, "unit", "activity_unit")
    rows = rows.join(
        multipliers, on=["unit", "activity_unit", "ncv_gj_per_unit"], how="left", nulls_equal=True
    )
    measured = pl.col("measured_factor").is_not_null() & (pl.col("gas") == "CO2")
    rows = _apply_measured(rows, where)
    activity_value = pl.col("quantity") * pl.col("multiplier")
    abated = 1 - pl.col("abatement_fraction").fill_null(0) * pl.col("abatement_dre").fill_null(0)
    return rows.with_columns(
        activity_value=activity_value,
        factor_value=pl.when(measured)
        .then(pl.col("measured_t_per_unit"))
        .otherwise(pl.col("value")),
        factor_id=pl.when(measured)
        .then(pl.format("measured:{}", pl.col("record_id")))
        .otherwise(pl.col("factor_id")),
        factor_level=pl.when(measured).then(pl.lit("measured")).otherwise(pl.col("factor_level")),
        factor_source=pl.when(measured)
        .then(pl.coalesce("data_source", pl.lit("measured")))
        .otherwise(pl.col("source")),
        selection_reason=pl.when(measured)
        .then(
            pl.format(
                "measured factor on the record ({} {})",
                pl.col("measured_factor"),
                pl.col("measured_factor_unit"),
            )
        )
        .otherwise(pl.col("selection_reason")),
    ).with_columns(emission_t=pl.col("activity_value") * pl.col("factor_value") * abated)


def _apply_measured(rows: pl.DataFrame, where: str) -> pl.DataFrame:
    """Add ``measured_t_per_unit``: a record's measured CO2 factor in t per activity unit."""
    pairs = rows.filter(pl.col("measured_factor").is_not_null()).select(
        "measured_factor_unit", "activity_unit", "_row"
    )
    conversions: dict[tuple[str, str], float] = {}
    problems: list[Problem] = []
    for (unit, activity_unit), group in pairs.group_by(["measured_factor_unit", "activity_unit"]):
        numerator, _, denominator = str(unit).partition("/")
        try:
            # t of CO2 per measured denominator, times measured denominators per activity unit.
            conversions[(str(unit), str(activity_unit))] = conversion_factor(
                numerator or "t", "t"
            ) * conversion_factor(str(activity_unit), denominator or str(activity_unit))
        except UnitError as exc:
            problems += [
                Problem(
                    where, int(r), "measured_factor_unit", str(unit), exc.message_zh, exc.message_en
                )
                for r in group["_row"].head(200)
            ]
    if problems:
        raise DataValidationError(problems)
    table = pl.DataFrame(
        [(u, a, c) for (u, a), c in conversions.items()],
        schema={"measured_factor_unit": pl.String, "activity_unit": pl.String, "_conv": pl.Float64},
        orient="row",
    )
    return (
        rows.join(table, on=["measured_factor_unit", "activity_unit"], how="left", nulls_equal=True)
        .with_columns(measured_t_per_unit=pl.col("measured_factor") * pl.col("_conv"))
        .drop("_conv")
    )


def _unit_multipliers(rows: pl.DataFrame, where: str, unit: str, target: str) -> pl.DataFrame:
    """Multiplier from each record's unit to its factor's activity unit, once per distinct pair.

    A fuel given in an energy unit (GJ, tce, …) while its factor is per physical unit is
    converted through the factor's NCV. Any other dimension mismatch is an error naming rows.
    """
    pairs = rows.select(unit, target, "ncv_gj_per_unit").unique()
    out = []
    problems: list[Problem] = []
    for from_unit, to_unit, ncv in pairs.iter_rows():
        try:
            if ncv is not None and not _same(from_unit, to_unit) and _is_fuel_energy(from_unit):
                multiplier = conversion_factor(from_unit, "GJ") / ncv
            else:
                multiplier = conversion_factor(from_unit, to_unit)
        except UnitError as exc:
            bad = (
                rows.filter((pl.col(unit) == from_unit) & (pl.col(target) == to_unit))
                .unique("_row")
                .sort("_row")
            )
            problems += [
                Problem(
                    where,
                    r["_row"],
                    "unit",
                    from_unit,
                    f"{exc.message_zh}（{r['category']} / {r['fuel']} 的因子按 {to_unit} 计）",
                    f"{exc.message_en} ({r['category']} / {r['fuel']} has factors per {to_unit})",
                )
                for r in bad.head(200).iter_rows(named=True)
            ]
            continue
        out.append((from_unit, to_unit, ncv, multiplier))
    if problems:
        raise DataValidationError(problems)
    return pl.DataFrame(
        out,
        schema={
            unit: pl.String,
            target: pl.String,
            "ncv_gj_per_unit": pl.Float64,
            "multiplier": pl.Float64,
        },
        orient="row",
    )


def _is_fuel_energy(unit: str) -> bool:
    """Whether a fuel may be given in this energy unit (J, kgce, tce and their multiples).

    Electricity units (Wh, kWh, MWh …) are refused for fuels on purpose: a kWh figure on a fuel
    row is almost always electricity put on the wrong row.
    """
    return _same(unit, "GJ") and "Wh" not in unit and "千瓦时" not in unit and "度" not in unit


def _same(unit_a: str, unit_b: str) -> bool:
    return bool(parse_unit(unit_a).dimensionality == parse_unit(unit_b).dimensionality)


def climate_zones(territories: pl.DataFrame, method: Method) -> dict[str, str | None]:
    """Each territory's IPCC climate zone (for the FOD decay rates).

    ``method.climate_zone`` when set; otherwise the territory's own ``climate_zone`` or, when it
    has none, the nearest ancestor's (a district inherits its province's zone).
    """
    codes = territories["code"].to_list()
    if method.climate_zone is not None:
        return dict.fromkeys(codes, method.climate_zone)
    parent = dict(territories.select("code", "parent").iter_rows())
    own: dict[str, str | None] = (
        dict(territories.select("code", "climate_zone").iter_rows())
        if "climate_zone" in territories.columns
        else {}
    )
    zones: dict[str, str | None] = {}
    for code in codes:
        node: str | None = code
        seen: set[str] = set()
        while node is not None and node not in seen and not own.get(node):
            seen.add(node)
            node = parent.get(node)
        zones[code] = own.get(node) if node is not None else None
    return zones


def _landfill(
    deposits: pl.DataFrame,
    acts: pl.DataFrame,
    method: Method,
    territories: pl.DataFrame,
    where: str,
) -> pl.DataFrame:
    zones = climate_zones(territories, method)
    deposits = deposits.with_columns(
        climate_zone=pl.col("territory").replace_strict(zones, default=None, return_dtype=pl.String)
    )
    no_zone = deposits.filter(pl.col("climate_zone").is_null())
    if not no_zone.is_empty():
        raise DataValidationError(
            [
                Problem(
                    where,
                    r["_row"],
                    "territory",
                    r["territory"],
                    f"地区 {r['territory']} 没有气候区：填埋一阶衰减的衰减率 k 按 IPCC 2006 第5卷"
                    "表3.3 的气候区选取；请在地区数据中填写 climate_zone，或在方法中指定",
                    f"territory {r['territory']} has no climate zone: the FOD decay rates k are "
                    "chosen by the IPCC 2006 Vol.5 Table 3.3 climate zone; give the territory's "
                    "climate_zone in the territory data, or set it on the method",
                )
                for r in no_zone.head(200).iter_rows(named=True)
            ]
        )
    to_t = _unit_multipliers(
        deposits.with_columns(activity_unit=pl.lit("t"), ncv_gj_per_unit=pl.lit(None, pl.Float64)),
        where,
        "unit",
        "activity_unit",
    )
    deposits = deposits.join(to_t.select("unit", "multiplier"), on="unit", how="left").with_columns(
        quantity_t=pl.col("quantity") * pl.col("multiplier")
    )
    years = acts.select("territory", "year").unique()
    rows = landfill_emissions(deposits, years, method.waste, method.landfill_site)
    return rows.with_columns(
        gas=pl.lit("CH4"),
        activity_value=pl.col("quantity_t"),
        activity_unit=pl.lit("t"),
        factor_id=pl.format(
            "{}:fod:{}:{}:{}",
            pl.lit(method.waste),
            pl.col("fuel"),
            pl.lit(method.landfill_site),
            pl.col("climate_zone"),
        ),
        factor_level=pl.lit("ipcc_default"),
        factor_source=pl.col("source"),
        ncv_gj_per_unit=pl.lit(None, pl.Float64),
        selection_reason=pl.format(
            "FOD: deposited {}, decaying in {}, climate zone {} ({})",
            pl.col("deposit_year"),
            pl.col("year"),
            pl.col("climate_zone"),
            pl.col("components"),
        ),
    )


def _energy_tce(result: pl.DataFrame, method: Method) -> pl.Expr:
    """Energy use in tce on the CO2 row of fuel, electricity and heat records.

    Fuels: activity × NCV / 29.3076 GJ/tce (GB/T 2589). Electricity: calorific equivalent
    0.1229 kgce/kWh, or the year's generation equivalent (``method.electricity_basis``). Heat:
    GJ / 29.3076.
    """
    conv = refdata.energy_conversion()
    calorific = conv.filter(parameter="electricity_calorific")["value"].item()
    generation = dict(
        conv.filter(parameter="electricity_generation").select("year", "value").iter_rows()
    )
    if method.electricity_basis == "calorific":
        kgce_per_kwh = pl.lit(calorific)
    else:
        missing = set(
            result.filter(pl.col("category").str.starts_with("energy.electricity"))["year"]
        ) - set(generation)
        if missing:
            raise DataValidationError(
                [
                    Problem(
                        "refdata/data/energy_conversion.csv",
                        None,
                        "year",
                        ", ".join(map(str, sorted(missing))),
                        "缺少这些年份的发电煤耗（等价值）",
                        "no generation-equivalent coefficient for these years",
                    )
                ]
            )
        kgce_per_kwh = pl.col("year").replace_strict(
            generation, default=None, return_dtype=pl.Float64
        )
    category = pl.col("category")
    co2 = pl.col("gas") == "CO2"
    units = result["activity_unit"].unique().drop_nulls().to_list()
    to_kwh = {u: conversion_factor(u, "kWh") for u in units if _same(u, "kWh")}
    to_gj = {u: kwh * 0.0036 for u, kwh in to_kwh.items()}  # 1 kWh = 3.6 MJ
    in_kwh = pl.col("activity_value") * pl.col("activity_unit").replace_strict(
        to_kwh, default=None, return_dtype=pl.Float64
    )
    in_gj = pl.col("activity_value") * pl.col("activity_unit").replace_strict(
        to_gj, default=None, return_dtype=pl.Float64
    )
    return (
        pl.when(co2 & category.str.starts_with("energy.electricity"))
        .then(in_kwh * kgce_per_kwh / 1000)
        .when(co2 & category.str.starts_with("energy.heat"))
        .then(in_gj / GJ_PER_TCE)
        .when(co2 & category.str.starts_with("energy.") & pl.col("ncv_gj_per_unit").is_not_null())
        .then(pl.col("activity_value") * pl.col("ncv_gj_per_unit") / GJ_PER_TCE)
        .otherwise(None)
    )


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
