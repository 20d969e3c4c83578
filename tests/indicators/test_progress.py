"""Cumulative reduction of an intensity since the base year (the target series of the pathway
pages and the pathway engine's target outcomes). Oracles by hand."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cityclimate.indicators.progress import cumulative_reduction_pct


def test_reduction_by_hand() -> None:
    # base 1.6 → 1.2 is a quarter less (25 %), 1.8 is an eighth more (−12.5 %); 2019 is before
    # the base year and is left out.
    got = cumulative_reduction_pct({2019: 2.0, 2020: 1.6, 2021: 1.2, 2022: 1.8}, 2020)
    assert list(got) == [2020, 2021, 2022]
    assert got[2020] == 0.0
    assert got[2021] == pytest.approx(25.0)
    assert got[2022] == pytest.approx(-12.5)


@pytest.mark.parametrize("intensity", [{2021: 1.0}, {2020: 0.0, 2021: 1.0}])
def test_no_reduction_without_a_base(intensity: dict[int, float]) -> None:
    assert cumulative_reduction_pct(intensity, 2020) == {}


@given(
    rate=st.floats(min_value=-0.2, max_value=0.2),
    base=st.floats(min_value=0.01, max_value=100.0),
    years=st.integers(min_value=1, max_value=15),
)
def test_an_even_annual_rate_gives_the_compound_reduction(
    rate: float, base: float, years: int
) -> None:
    # I_t = I_0 (1 − r)^t  ⇒  reduction_t = (1 − (1 − r)^t) × 100, computed here independently.
    intensity = {2020 + t: base * (1 - rate) ** t for t in range(years + 1)}
    got = cumulative_reduction_pct(intensity, 2020)
    for t in range(years + 1):
        assert got[2020 + t] == pytest.approx((1 - (1 - rate) ** t) * 100, abs=1e-9)
