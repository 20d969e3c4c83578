"""Tests of cityclimate.indicators.definitions: the shipped Table 1 data and its validation."""

from __future__ import annotations

import pytest

from cityclimate.errors import ReferenceDataError
from cityclimate.indicators.definitions import (
    LIANGJIANG_INDICATORS,
    PROGRESS_BANDS,
    definitions_by_id,
    load_liangjiang_indicators,
    load_liangjiang_target_statements,
    load_progress_bands,
    parse_indicator_definitions,
    parse_progress_bands,
    read_shipped_rows,
)
from cityclimate.indicators.model import Nature, TargetKind, TargetRule


def test_thirteen_indicators_fifteen_rows() -> None:
    definitions = load_liangjiang_indicators()
    assert len(definitions) == 15
    assert sorted({d.number for d in definitions}) == list(range(1, 14))


def test_binding_indicators_are_those_of_table_1() -> None:
    definitions = load_liangjiang_indicators()
    binding = {d.number for d in definitions if d.nature is Nature.BINDING}
    assert binding == {1, 2, 4, 5, 6, 11}


def test_targets_set_by_city_are_not_constants() -> None:
    definitions = load_liangjiang_indicators()
    by_city = {d.number for d in definitions if d.target_rule is TargetRule.SET_BY_CITY}
    assert by_city == {1, 2, 4}
    assert all(d.target_value is None for d in definitions if d.number in by_city)


def test_pue_has_three_sub_limits() -> None:
    pue = {d.sub_limit: d for d in load_liangjiang_indicators() if d.number == 5}
    assert {k: d.target_value for k, d in pue.items()} == {
        "new": 1.25,
        "existing": 1.5,
        "national_hub": 1.25,
    }
    assert all(d.target_kind is TargetKind.CEILING for d in pue.values())


def test_table_values() -> None:
    by_id = definitions_by_id(load_liangjiang_indicators())
    assert by_id["strategic_emerging_industry_share"].base_value == 57.4
    assert by_id["strategic_emerging_industry_share"].target_value == 70
    assert by_id["built_up_green_coverage"].base_value == 45.14
    assert by_id["built_up_green_coverage"].target_value == 45.5
    assert by_id["park_green_space_per_person"].unit == "m2/person"
    assert by_id["prefabricated_building_share"].target_kind is TargetKind.FLOOR
    cumulative = by_id["public_institution_energy_per_person_reduction"]
    assert cumulative.target_kind is TargetKind.FIVE_YEAR_CUMULATIVE_REDUCTION
    assert cumulative.target_value == 6
    assert by_id["sponge_city_share_of_built_up"].base_value is None


def test_every_row_cites_table_1() -> None:
    for definition in load_liangjiang_indicators():
        assert "Table 1" in definition.source
        assert definition.department_responsible  # "unknown" where the plan names none


def _rows() -> list[dict[str, str]]:
    rows: list[dict[str, str]] = read_shipped_rows(LIANGJIANG_INDICATORS)
    return rows


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("unit", "furlong/fortnight/banana"),
        ("nature", "mandatory"),
        ("base_value", "120"),  # a share above 100 %
        ("target_value", "abc"),
        ("target_year", "2019"),
        ("direction", "decrease"),  # a floor must go up
    ],
)
def test_bad_row_names_file_row_and_field(column: str, value: str) -> None:
    rows = _rows()
    rows[8][column] = value  # row 9 = prefabricated-building share (floor, 30 → 55)
    with pytest.raises(ReferenceDataError) as caught:
        parse_indicator_definitions(rows, "mine.csv")
    problem = caught.value.problems[0]
    assert problem.where == "mine.csv"
    assert problem.row == 9
    expected_field = "target_year" if column == "target_year" else column
    assert problem.field == expected_field
    assert problem.message_zh and problem.message_en
    assert "mine.csv" in str(caught.value.problems[0])


def test_set_by_city_with_a_constant_is_refused() -> None:
    rows = _rows()
    rows[0]["target_value"] = "13.5"
    with pytest.raises(ReferenceDataError) as caught:
        parse_indicator_definitions(rows, "x.csv")
    assert caught.value.problems[0].field == "target_value"
    assert caught.value.problems[0].row == 1


def test_duplicate_id_is_refused() -> None:
    rows = _rows()
    rows[1]["id"] = rows[0]["id"]
    with pytest.raises(ReferenceDataError) as caught:
        parse_indicator_definitions(rows, "x.csv")
    assert [(p.row, p.field) for p in caught.value.problems] == [(2, "id")]


def test_every_bad_row_is_listed() -> None:
    rows = _rows()
    rows[2]["nature"] = ""
    rows[9]["unit"] = ""
    with pytest.raises(ReferenceDataError) as caught:
        parse_indicator_definitions(rows, "x.csv")
    assert {(p.row, p.field) for p in caught.value.problems} == {(3, "nature"), (10, "unit")}


def test_statements_and_bands_load() -> None:
    assert len(load_liangjiang_target_statements()) >= 20
    bands = load_progress_bands()
    assert [b.status for b in bands] == [
        "on_track",
        "needs_acceleration",
        "limited_progress",
        "moving_away",
    ]


def test_bands_with_a_gap_are_refused() -> None:
    rows = read_shipped_rows(PROGRESS_BANDS)
    rows[1]["ratio_min"] = "0.7"
    with pytest.raises(ReferenceDataError):
        parse_progress_bands(rows, PROGRESS_BANDS)
