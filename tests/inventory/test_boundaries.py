"""Restating a series on a new boundary through a stated mapping (by-hand oracles, and the
property that whole shares conserve the total)."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cityclimate.errors import DataValidationError
from cityclimate.inventory.boundaries import mapping_problems, recompute_on_boundary, unmapped_parts


def frame(rows: list[tuple[str, int, float]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=["code", "year", "co2e_t"], orient="row")


def mapping(rows: list[tuple[str, str, float]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=["from_code", "to_code", "share"], orient="row")


def test_shares_split_parts_between_new_territories() -> None:
    series = frame([("a", 2020, 100.0), ("b", 2020, 40.0), ("a", 2021, 80.0)])
    m = mapping([("a", "N", 1.0), ("b", "N", 0.25), ("b", "M", 0.75)])
    out = recompute_on_boundary(series, m).sort("to_code", "year")
    got = {(r["to_code"], r["year"]): r["co2e_t"] for r in out.to_dicts()}
    # N 2020 = 100 + 0.25·40 = 110; M 2020 = 0.75·40 = 30; 2021 has no b.
    assert got[("N", 2020)] == pytest.approx(110.0)
    assert got[("M", 2020)] == pytest.approx(30.0)
    assert got[("N", 2021)] == pytest.approx(80.0)
    incomplete = out.filter(pl.col("year") == 2021, pl.col("to_code") == "N").row(0, named=True)
    assert incomplete["missing"] == ["b"] and not incomplete["complete"]


def test_bad_mappings_are_refused_with_every_problem() -> None:
    m = mapping([("a", "N", 0.7), ("a", "M", 0.7), ("b", "N", 0.0)])
    problems = mapping_problems(m)
    assert {(p.row, p.field) for p in problems} == {(3, "share"), (None, "share")}
    with pytest.raises(DataValidationError):
        recompute_on_boundary(frame([("a", 2020, 1.0)]), m)


def test_unmapped_parts_are_named() -> None:
    series = frame([("a", 2020, 1.0), ("LJ", 2020, 2.0)])
    assert unmapped_parts(series, mapping([("a", "N", 1.0)])) == ["LJ"]


@given(
    st.lists(st.floats(min_value=0, max_value=1e9, allow_nan=False), min_size=1, max_size=9),
    st.floats(min_value=0.01, max_value=0.99),
)
def test_whole_parts_split_in_two_conserve_the_total(values: list[float], cut: float) -> None:
    codes = [f"p{i}" for i in range(len(values))]
    series = frame([(c, 2020, v) for c, v in zip(codes, values, strict=True)])
    m = mapping([(c, "N", cut) for c in codes] + [(c, "M", 1 - cut) for c in codes])
    out = recompute_on_boundary(series, m)
    assert out["co2e_t"].sum() == pytest.approx(sum(values), rel=1e-9, abs=1e-6)
