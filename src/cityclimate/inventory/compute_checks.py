"""The checks the compute applies, run before any number is computed (on import, on upload).

:func:`validate_for_compute` lists every row and unit problem of a set of records in one pass;
:func:`unit_problems` finds every unit the compute would refuse, choosing factors as it does.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from dataclasses import replace

import polars as pl

from cityclimate import refdata
from cityclimate.errors import DataValidationError, Problem
from cityclimate.inventory.activities import RECORD_ID, unknown_fuels, validate_activities
from cityclimate.inventory.factor_matching import KEY_COLUMNS, compiled_factors, known_materials
from cityclimate.inventory.factors import region_chain, select_factors
from cityclimate.inventory.model import Method
from cityclimate.inventory.unit_conversion import apply_measured, unit_multipliers


def validate_for_compute(
    activities: pl.DataFrame,
    *,
    territories: pl.DataFrame | None = None,
    categories: pl.DataFrame | None = None,
    where: str = "activities",
    first_row: int = 1,
    method: Method | None = None,
) -> pl.DataFrame:
    """Every rule the compute applies to records, in one pass: row rules, then units.

    :func:`~cityclimate.inventory.validate_activities` and :func:`unit_problems` together; the
    units of rows that pass the row rules are checked even when other rows fail them, so one
    message lists every mistake. Returns the typed records (as ``validate_activities``).
    With ``method`` (the method the records will be computed with), factor availability is
    checked too: a record without a factor under that method is listed with the others.

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
                rest,
                method,
                categories=categories,
                territories=territories,
                where=where,
                check_factors=method is not None,
            )
        raise DataValidationError(
            sorted(problems, key=lambda p: (p.row or 0, p.field or ""))
        ) from exc
    problems = _typed_unit_problems(
        typed,
        method,
        territories=territories,
        categories=categories,
        where=where,
        check_factors=method is not None,
    )
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
    check_factors: bool = False,
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
    check_factors:
        Also list the records that get no factor under ``method`` as given (its own
        ``nearest_year``), as the compute would.

    Returns
    -------
    list of Problem
        One per offending row (at most 200 per unit pair); empty when every unit fits.

    Raises
    ------
    DataValidationError
        When the records fail :func:`~cityclimate.inventory.validate_activities`.
    """
    territories = refdata.territories() if territories is None else territories
    categories = refdata.categories() if categories is None else categories
    typed = validate_activities(
        activities, categories=categories, territories=territories, where=where, first_row=first_row
    )
    return _typed_unit_problems(
        typed,
        method,
        territories=territories,
        categories=categories,
        where=where,
        check_factors=check_factors,
    )


def _typed_unit_problems(
    typed: pl.DataFrame,
    method: Method | None,
    *,
    territories: pl.DataFrame,
    categories: pl.DataFrame,
    where: str,
    check_factors: bool,
) -> list[Problem]:
    """:func:`unit_problems` of records :func:`~cityclimate.inventory.validate_activities`
    has already typed (validated once, issue 20)."""
    asked = method or Method()
    method = replace(asked, nearest_year=True)
    acts = typed.with_columns(RECORD_ID)
    calc = categories.select(pl.col("code").alias("category"), "calculator")
    acts = acts.join(calc, on="category", how="left")
    factors = compiled_factors(method)
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
    # Keys without a factor are the compute's to report, with the method it uses, unless the
    # caller asks for them now.
    missing: list[Problem] = []
    chosen = select_factors(
        keys, factors, chain, categories, nearest_year=True, where=where, problems=missing
    )
    if check_factors and not asked.nearest_year:
        missing = []
        select_factors(
            keys, factors, chain, categories, nearest_year=False, where=where, problems=missing
        )
    problems += missing if check_factors else []
    chosen = chosen.select(*KEY_COLUMNS, "activity_unit", "ncv_gj_per_unit").unique()
    rows = regular.join(chosen, on=KEY_COLUMNS, how="inner", nulls_equal=True)
    checks: list[Callable[[], object]] = [
        lambda: unit_multipliers(rows, where, "unit", "activity_unit"),
        lambda: apply_measured(rows, where),
        lambda: unit_multipliers(deposits, where, "unit", "activity_unit"),
    ]
    for check in checks:
        try:
            check()
        except DataValidationError as exc:
            problems += exc.problems
    # A record gets one factor per gas; the same unit problem is said once per row.
    return sorted(dict.fromkeys(problems), key=lambda p: (p.row or 0, p.field or ""))
