"""The progress method per indicator (compound vs linear path) and its override.

Oracles by hand: a 13.5 % five-year reduction after 3 years is 13.5 × 3/5 = 8.1 % on the
linear path (时间过半、任务过半) and 1 − 0.865^(3/5) = 8.33 % on the compound path (the
project reference's 序时进度 example, p₃ = 8.33 %).
"""

from __future__ import annotations

import csv
import io
from dataclasses import replace

import pytest

from cityclimate.errors import ReferenceDataError
from cityclimate.indicators.definitions import (
    load_liangjiang_indicators,
    parse_indicator_definitions,
    read_shipped_rows,
)
from cityclimate.indicators.evaluation import evaluate_indicator
from cityclimate.indicators.model import CityTarget, IndicatorValue, ProgressMethod
from cityclimate.indicators.progress import target_path_value, with_progress_method

SHIPPED = {d.id: d for d in load_liangjiang_indicators()}
CO2 = SHIPPED["co2_intensity_reduction"]
TARGET = CityTarget(CO2.id, 13.5, "%", "city notice (test)")


def test_each_shipped_indicator_states_its_method() -> None:
    rows = read_shipped_rows("liangjiang_indicators.csv")
    assert all(row["progress_method"] in ("compound", "linear") for row in rows)
    assert CO2.method is ProgressMethod.COMPOUND
    assert SHIPPED["datacentre_pue_new"].method is ProgressMethod.LINEAR


def test_linear_and_compound_paths_of_a_reduction() -> None:
    linear = replace(CO2, progress_method=ProgressMethod.LINEAR)
    assert target_path_value(linear, 2023, target_value=13.5, base_value=None) == pytest.approx(8.1)
    assert target_path_value(CO2, 2023, target_value=13.5, base_value=None) == pytest.approx(
        8.3335, abs=5e-4
    )


def test_the_evaluation_states_the_method_and_the_override_wins() -> None:
    value = IndicatorValue(CO2.id, 2023, 7.0, "%")
    own = evaluate_indicator(CO2, 2023, value, city_target=TARGET)
    forced = evaluate_indicator(CO2, 2023, value, city_target=TARGET, level_path="linear")
    assert own.progress_method == "compound" and forced.progress_method == "linear"
    # linear: (7 / 3) / (13.5 / 5) = 0.8642
    assert forced.progress_ratio == pytest.approx(0.8642, abs=1e-4)
    assert forced.path_value == pytest.approx(8.1)
    assert own.path_value == pytest.approx(8.3335, abs=5e-4)
    listed = with_progress_method([CO2], ProgressMethod.LINEAR)
    assert evaluate_indicator(listed[0], 2023, value, city_target=TARGET).progress_method == (
        "linear"
    )


def _rows(method: str | None) -> list[dict[str, str]]:
    rows = read_shipped_rows("liangjiang_indicators.csv")[:1]
    if method is None:
        del rows[0]["progress_method"]
    else:
        rows[0]["progress_method"] = method
    return rows


def test_an_empty_or_missing_method_takes_the_kind_default() -> None:
    for rows in (_rows(""), _rows(None)):
        (definition,) = parse_indicator_definitions(rows, "indicators.csv")
        assert definition.progress_method is None
        assert definition.method is ProgressMethod.COMPOUND  # a reduction


def test_an_unknown_method_is_refused_naming_the_column() -> None:
    with pytest.raises(ReferenceDataError) as caught:
        parse_indicator_definitions(_rows("exponential"), "indicators.csv")
    (problem,) = caught.value.problems
    assert problem.field == "progress_method" and problem.row == 1
    assert "compound, linear" in problem.message.en and "progress_method" in problem.message.zh


def test_the_column_round_trips_through_csv() -> None:
    text = io.StringIO()
    rows = read_shipped_rows("liangjiang_indicators.csv")
    writer = csv.DictWriter(text, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    parsed = parse_indicator_definitions(
        list(csv.DictReader(io.StringIO(text.getvalue()))), "x.csv"
    )
    assert [d.method for d in parsed] == [d.method for d in SHIPPED.values()]
