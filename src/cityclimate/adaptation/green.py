"""Parks, greenways and green coverage against the plan (plan indicators 11 and 12).

- Indicator 11, green coverage of the built-up area (%) = green-covered area / built-up area
  × 100 (:func:`cityclimate.indicators.derived.share_values`).
- Indicator 12, park green space per person (m²/person) = park green space / population
  (:func:`cityclimate.indicators.derived.per_person_values`).
- Indicator 13 (sponge city) comes from :mod:`cityclimate.adaptation.sponge`.

The plan's physical targets (96 new parks, 300 km of greenways) are tracked as progress
against the plan text (issue 17), from the cumulative counts of the yearly records.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from cityclimate.adaptation.sponge import ZoneResult, share_meeting
from cityclimate.errors import DataValidationError, Problem, require_table
from cityclimate.indicators.derived import per_person_values, share_values
from cityclimate.indicators.model import AnnualSeries, IndicatorValue, Provenance
from cityclimate.text import Text

#: Plan targets by 2025 (issue 17, from the plan's adaptation chapter).
PLAN_TARGETS = {"new_parks": 96.0, "greenway_km": 300.0}
GREEN_COVERAGE = "built_up_green_coverage"
PARK_PER_PERSON = "park_green_space_per_person"
SPONGE_SHARE = "sponge_city_share_of_built_up"


@dataclass(frozen=True)
class GreenYear:
    """One year's green-space record of a territory (areas in km², park space in m²)."""

    year: int
    built_up_km2: float
    green_covered_km2: float
    park_green_space_m2: float
    population: float
    new_parks_cumulative: int
    greenway_km_cumulative: float
    source: str


def green_indicator_values(years: Sequence[GreenYear]) -> list[IndicatorValue]:
    """Values of indicators 11 and 12 for every year recorded."""
    if not years:
        return []
    source = "; ".join(sorted({y.source for y in years if y.source}))

    def series(name: str, unit: str, pick: str) -> AnnualSeries:
        return AnnualSeries(
            name, unit, {y.year: float(getattr(y, pick)) for y in years}, source=source
        )

    built = series("built_up_area", "km2", "built_up_km2")
    return [
        *share_values(
            GREEN_COVERAGE, series("green_covered_area", "km2", "green_covered_km2"), built
        ),
        *per_person_values(
            PARK_PER_PERSON,
            series("park_green_space", "m2", "park_green_space_m2"),
            series("population", "person", "population"),
            "m2/person",
        ),
    ]


def plan_progress(year: GreenYear) -> dict[str, float]:
    """Share (%) of the plan's park and greenway targets reached by ``year``."""
    return {
        "new_parks": year.new_parks_cumulative / PLAN_TARGETS["new_parks"] * 100.0,
        "greenway_km": year.greenway_km_cumulative / PLAN_TARGETS["greenway_km"] * 100.0,
    }


def sponge_indicator_values(
    zones_by_year: Mapping[int, Sequence[ZoneResult]], source: str = ""
) -> list[IndicatorValue]:
    """Indicator 13 for each year whose drainage zones were evaluated
    (:func:`cityclimate.adaptation.sponge.share_meeting`)."""
    values = []
    for year, results in sorted(zones_by_year.items()):
        meeting, total, share = share_meeting(results)
        met = sum(1 for r in results if r.meets)
        values.append(
            IndicatorValue(
                indicator_id=SPONGE_SHARE,
                year=year,
                value=share,
                unit="%",
                provenance=Provenance.DERIVED_FROM_DATA,
                source=source,
                derivation=(
                    f"built-up area of drainage zones meeting GB/T 51345-2018 / all built-up "
                    f"area x 100 = {meeting:g} km2 / {total:g} km2 x 100 ({met} of "
                    f"{len(results)} zones meet every assessed item)"
                ),
            )
        )
    return values


#: Columns of a green-space file (one row a year).
GREEN_COLUMNS = ("year", "built_up_km2", "green_covered_km2", "park_green_space_m2", "population",
                 "new_parks_cumulative", "greenway_km_cumulative", "source")  # fmt: skip


def parse_green_years(rows: Sequence[Mapping[str, object]], where: str) -> list[GreenYear]:
    """Green-space years of a table's rows; every bad cell is reported at once (row, column)."""
    require_table(rows, GREEN_COLUMNS, where)
    problems: list[Problem] = []
    years: list[GreenYear] = []
    for number, row in enumerate(rows, start=1):
        values: dict[str, float] = {}
        for column in GREEN_COLUMNS[:-1]:
            text = str(row.get(column) or "").strip()
            try:
                value = float(text)
            except ValueError:
                value = math.nan
            whole = column in ("year", "new_parks_cumulative")
            if not math.isfinite(value) or value < 0 or (whole and value != int(value)):
                kind = ("非负整数", "a whole number, not negative") if whole else ("非负数", "a number, not negative")  # fmt: skip
                problems.append(Problem(where, number, column, text,
                                        message=Text(f"应为{kind[0]}", f"must be {kind[1]}")))  # fmt: skip
            values[column] = value
        if len(values) == len(GREEN_COLUMNS) - 1 and all(math.isfinite(v) for v in values.values()):
            years.append(GreenYear(int(values["year"]), values["built_up_km2"],
                                   values["green_covered_km2"], values["park_green_space_m2"],
                                   values["population"], int(values["new_parks_cumulative"]),
                                   values["greenway_km_cumulative"], str(row.get("source") or where)))  # fmt: skip
    if problems:
        raise DataValidationError(problems)
    return years
