"""Tests of cityclimate.indicators.annual: the indicator part of the annual evaluation."""

from __future__ import annotations

import json

import polars as pl
import pytest

from cityclimate.demo.indicators import DEMO_YEARS, liangjiang_inputs
from cityclimate.errors import DataValidationError
from cityclimate.indicators.annual import indicator_report_dict, report_indicators
from cityclimate.indicators.definitions import (
    definitions_by_id,
    load_liangjiang_indicators,
    load_liangjiang_target_statements,
)
from cityclimate.indicators.model import (
    CityTarget,
    IndicatorInputs,
    IndicatorValue,
    Provenance,
)
from cityclimate.indicators.progress import ProgressStatus

DEFINITIONS = load_liangjiang_indicators()


@pytest.mark.parametrize("year", DEMO_YEARS)
def test_demo_shows_all_13_indicators_with_a_status(year: int) -> None:
    report = report_indicators(DEFINITIONS, liangjiang_inputs(), year)
    assert report.table.height == 15
    assert report.table["number"].n_unique() == 13
    assert ProgressStatus.NOT_ASSESSABLE.value not in report.table["status"].to_list()
    binding = report.table.filter(pl.col("nature") == "binding")
    assert binding["binding_met"].is_not_null().all()
    expected = report.table.filter(pl.col("nature") == "expected")
    assert expected["score"].is_not_null().all()
    assert report.illustrative and "ILLUSTRATIVE" in report.notice_en


def test_demo_years_show_a_veto_each() -> None:
    vetoed = {
        year: report_indicators(DEFINITIONS, liangjiang_inputs(), year)
        .table.filter(pl.col("veto"))["indicator_id"]
        .to_list()
        for year in DEMO_YEARS
    }
    assert vetoed == {
        2021: ["datacentre_pue_existing"],
        2022: ["co2_intensity_reduction"],
        2023: ["green_building_share_of_new_buildings"],
    }


def test_history_has_the_path_to_the_target_year_and_actuals_up_to_the_year() -> None:
    report = report_indicators(DEFINITIONS, liangjiang_inputs(), 2022)
    co2 = report.history.filter(pl.col("indicator_id") == "co2_intensity_reduction")
    assert co2["year"].to_list() == [2020, 2021, 2022, 2023, 2024, 2025]
    assert co2["actual"].is_null().to_list() == [False, False, False, True, True, True]
    assert co2["path_value"][0] == 0.0 and co2["path_value"][-1] == pytest.approx(19.5)
    # 19.5 % over five years: path after 2 years = 1 - 0.805^(2/5)
    assert co2["path_value"][2] == pytest.approx(100 * (1 - 0.805 ** (2 / 5)))
    assert report.history["indicator_id"].n_unique() == 15


def test_values_keep_both_provenances_and_mark_the_one_used() -> None:
    report = report_indicators(DEFINITIONS, liangjiang_inputs(), 2023)
    rows = report.values.filter(
        (pl.col("indicator_id") == "energy_intensity_reduction") & (pl.col("year") == 2022)
    )
    used = dict(zip(rows["provenance"], rows["used"], strict=True))
    assert used == {"derived_from_data": True, "entered_by_hand": False}
    entered = report_indicators(
        DEFINITIONS, liangjiang_inputs(), 2022, prefer=Provenance.ENTERED_BY_HAND
    )
    energy = entered.table.filter(pl.col("indicator_id") == "energy_intensity_reduction")
    assert energy["actual"][0] == 9.3


def test_findings_flag_entered_vs_derived_and_the_pue_inconsistency() -> None:
    report = report_indicators(
        DEFINITIONS,
        liangjiang_inputs(),
        2023,
        target_statements=load_liangjiang_target_statements(),
    )
    rules = {(f.rule, f.where) for f in report.findings}
    assert ("entered_differs_from_derived", "energy_intensity_reduction") in rules
    assert ("figure_inconsistent_between_sources", "datacentre_pue_new") in rules


def test_without_a_city_target_the_indicator_is_not_assessable() -> None:
    inputs = IndicatorInputs(
        values=(IndicatorValue("co2_intensity_reduction", 2021, 4.0, "%"),),
    )
    report = report_indicators(DEFINITIONS, inputs, 2021)
    row = report.table.filter(pl.col("indicator_id") == "co2_intensity_reduction")
    assert row["status"][0] == "not_assessable"
    assert (
        report.history.filter(pl.col("indicator_id") == "co2_intensity_reduction")["path_value"]
        .is_null()
        .all()
    )
    with_target = IndicatorInputs(
        values=inputs.values,
        city_targets=(CityTarget("co2_intensity_reduction", 18, "%", "city notice"),),
    )
    assert definitions_by_id(DEFINITIONS)["co2_intensity_reduction"].target_value is None
    evaluated = report_indicators(DEFINITIONS, with_target, 2021).table
    assert (
        evaluated.filter(pl.col("indicator_id") == "co2_intensity_reduction")["target_value"][0]
        == 18.0
    )


def test_a_year_outside_the_plan_is_refused() -> None:
    with pytest.raises(DataValidationError) as caught:
        report_indicators(DEFINITIONS, liangjiang_inputs(), 2026)
    assert caught.value.problems[0].field == "year"


def test_json_form_has_units_and_statuses() -> None:
    data = indicator_report_dict(report_indicators(DEFINITIONS, liangjiang_inputs(), 2021))
    text = json.dumps(data, ensure_ascii=False)
    assert json.loads(text)["year"] == 2021
    first = data["indicators"][0]
    assert {"unit", "status", "status_zh", "rate_unit", "binding_met", "score"} <= set(first)
    assert data["illustrative"] is True and "score" in data["units"]
