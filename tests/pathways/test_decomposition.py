"""Tests of the LMDI-I decomposition: hand-computed example, perfect decomposition, zeros."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cityclimate.errors import DataValidationError
from cityclimate.pathways import (
    EFFECTS,
    Decomposition,
    PathwayStructure,
    PreparedModel,
    Scenario,
    decompose,
    inventory_input,
    lmdi_effects,
    load_sector_value_added,
    pathway_input,
    run_scenario,
)


def _lmdi(*arrays: list[float] | list[list[float]]) -> np.ndarray:
    return lmdi_effects(*(np.asarray(a, dtype=float) for a in arrays))


def _effects(*arrays: list[float] | list[list[float]]) -> dict[str, float]:
    return dict(zip(EFFECTS, _lmdi(*arrays).sum(axis=(1, 2)).tolist(), strict=True))


def test_hand_computed_two_sector_example() -> None:
    # Hand-computed (arithmetic below); additive LMDI-I as in Ang (2005) Table 1.
    # Year 0: Q = 60 + 40 = 100; sector 1: E 60, C 120; sector 2: E 80, C 80.
    # Year T: Q = 90 + 30 = 120; sector 1: E 72, C 144; sector 2: E 60, C 60.
    # Factors: Q 100 → 120; S1 0.6 → 0.75, S2 0.4 → 0.25; I1 1 → 0.8, I2 2 → 2; M = 1;
    # U1 = 2, U2 = 1 in both years.
    # Sector 1: L(144, 120) = 24 / ln 1.2 = 24 / 0.1823216 = 131.63556
    #   ΔQ1 = L ln 1.2 = 24 exactly; ΔS1 = L ln 1.25 = 131.63556 × 0.2231436 = 29.37363;
    #   ΔI1 = L ln 0.8 = −29.37363 (1.25 × 0.8 = 1, so ΔS1 + ΔI1 = 0)
    # Sector 2: L(60, 80) = −20 / ln 0.75 = −20 / −0.2876821 = 69.52119
    #   ΔQ2 = L ln 1.2 = 69.52119 × 0.1823216 = 12.67521; ΔS2 = L ln 0.625 = −32.67521; ΔI2 = 0
    # Totals: ΔQ = 36.67521, ΔS = −3.30159, ΔI = −29.37363; sum = 4 = 204 − 200.
    e = _effects([60, 40], [[60], [80]], [[120], [80]], [90, 30], [[72], [60]], [[144], [60]])
    assert e["activity"] == pytest.approx(36.67521, abs=1e-5)
    assert e["structure"] == pytest.approx(-3.30159, abs=1e-5)
    assert e["intensity"] == pytest.approx(-29.37363, abs=1e-5)
    assert e["fuel_mix"] == 0.0 and e["emission_factor"] == 0.0
    assert sum(e.values()) == pytest.approx(4.0, rel=1e-12)


def test_hand_computed_emission_factor_example() -> None:
    # One sector, one fuel: Q 100 → 200, E 200 → 300, C 400 → 900 (I 2 → 1.5, U 2 → 3).
    # L(900, 400) = 500 / ln 2.25 = 500 / 0.8109302 = 616.57587
    # ΔQ = L ln 2 = 616.57587 × 0.6931472 = 427.37782
    # ΔI = L ln 0.75 = 616.57587 × −0.2876821 = −177.37782
    # ΔU = L ln 1.5 = 500 × ln 1.5 / ln 2.25 = 250 exactly (2.25 = 1.5²)
    e = _effects([100], [[200]], [[400]], [200], [[300]], [[900]])
    assert e["activity"] == pytest.approx(427.37782, abs=1e-5)
    assert e["intensity"] == pytest.approx(-177.37782, abs=1e-5)
    assert e["emission_factor"] == pytest.approx(250.0, rel=1e-12)
    assert sum(e.values()) == pytest.approx(500.0, rel=1e-12)


def test_new_fuel_goes_to_the_mix_effect_and_the_sum_stays_exact() -> None:
    # Hydrogen appears (E 0 → 10, C 0 → 5): the limit of the small-value strategy
    # (Ang & Liu 2007) gives its whole 5 t to the fuel-mix effect.
    out = _lmdi([100], [[100, 0]], [[200, 0]], [100], [[90, 10]], [[180, 5]])
    assert out[:, 0, 1].tolist() == [0.0, 0.0, 0.0, 5.0, 0.0]
    assert out.sum() == pytest.approx(185.0 - 200.0, rel=1e-12)
    # A fuel that disappears: −C⁰ to the mix effect.
    gone = _lmdi([1], [[5, 5]], [[10, 3]], [1], [[10, 0]], [[20, 0]])
    assert gone[3, 0, 1] == -3.0 and gone.sum() == pytest.approx(7.0)


@st.composite
def _years(draw: st.DrawFn) -> tuple[np.ndarray, ...]:
    sectors = draw(st.integers(1, 4))
    fuels = draw(st.integers(1, 4))
    values = st.floats(0.0, 1e6, allow_nan=False, allow_subnormal=False)
    positive = st.floats(1.0, 1e6, allow_nan=False)
    out = []
    for _ in range(2):
        q = np.array(draw(st.lists(positive, min_size=sectors, max_size=sectors)))
        e = np.array(draw(st.lists(values, min_size=sectors * fuels, max_size=sectors * fuels)))
        u = np.array(draw(st.lists(values, min_size=sectors * fuels, max_size=sectors * fuels)))
        e = e.reshape(sectors, fuels)
        out += [q, e, e * u.reshape(sectors, fuels) / 1e3]
    return tuple(out)


@settings(max_examples=200, deadline=None)
@given(_years())
def test_perfect_decomposition_on_random_data(data: tuple[np.ndarray, ...]) -> None:
    effects = lmdi_effects(*data)
    change = data[5] - data[2]
    scale = max(1.0, float(np.abs(data[2]).max()), float(np.abs(data[5]).max()))
    assert np.allclose(effects.sum(axis=0), change, rtol=1e-9, atol=1e-9 * scale)


def _between(start: tuple[pl.DataFrame, float], end: tuple[pl.DataFrame, float]) -> Decomposition:
    """Decompose from ``start`` to ``end`` (frame and non-energy emissions of each year)."""
    return decompose(
        start[0],
        end[0],
        start_year=0,
        end_year=1,
        non_energy_start_t=start[1],
        non_energy_end_t=end[1],
    )


def test_inventory_2019_to_2020_reconciles_with_the_inventory(emissions: pl.DataFrame) -> None:
    added = load_sector_value_added("liangjiang")
    d = _between(inventory_input(emissions, added, 2019), inventory_input(emissions, added, 2020))
    gross = (
        emissions.filter(pl.col("sector") != "sinks").group_by("year").agg(pl.col("co2e_t").sum())
    )
    g = dict(gross.iter_rows())
    assert d.start_co2e_t == pytest.approx(g[2019]) and d.end_co2e_t == pytest.approx(g[2020])
    assert d.effects["co2e_t"].sum() == pytest.approx(g[2020] - g[2019], rel=1e-10)
    assert d.by_sector["co2e_t"].sum() == pytest.approx(
        d.effects.filter(pl.col("effect") != "non_energy")["co2e_t"].sum(), rel=1e-10
    )


def test_modelled_years_decompose_exactly(
    model: PreparedModel, structure: PathwayStructure, scenarios: dict[str, Scenario]
) -> None:
    result = run_scenario(model, structure, scenarios["plan"])
    d = _between(pathway_input(result, structure, 2020), pathway_input(result, structure, 2030))
    totals = dict(result.totals.select("year", "gross_co2e_t").iter_rows())
    assert d.effects["co2e_t"].sum() == pytest.approx(totals[2030] - totals[2020], rel=1e-9)
    # Cleaner grid and local PV lower the factor of electricity.
    assert d.effects.filter(pl.col("effect") == "emission_factor")["co2e_t"].item() < 0


def test_inputs_that_break_the_identity_are_refused() -> None:
    frame = pl.DataFrame(
        {"sector": ["a"], "fuel": ["x"], "activity": [1.0], "energy_tce": [0.0], "co2e_t": [5.0]}
    )
    with pytest.raises(DataValidationError) as info:
        decompose(frame, frame, start_year=1, end_year=2)
    assert info.value.problems[0].field == "co2e_t"
    with pytest.raises(DataValidationError):
        decompose(frame.drop("activity"), frame, start_year=1, end_year=2)
