"""Tests of cityclimate.inventory.uncertainty (IPCC 2006 Vol. 1 Ch. 3, Approach 1 and 2).

Tolerances on Monte Carlo results come from the Monte Carlo standard error (SE) and are stated
in each test: with N iterations the sample mean has SE sd/sqrt(N), the sample sd has SE about
sd/sqrt(2(N-1)) for normal output, and a 2.5 % / 97.5 % percentile has SE
sqrt(p(1-p)/N) / pdf(z_p), i.e. 0.0189 sd at N = 20,000 (0.0120 sd at N = 50,000).
Assertions use about 4 SE, so a correct implementation fails about once in 15,000 runs; the
seeds are fixed, so the tests are deterministic anyway.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cityclimate.errors import DataValidationError
from cityclimate.inventory.uncertainty import (
    DEFAULT_UNCERTAINTY,
    DISTRIBUTIONS,
    error_propagation,
    monte_carlo,
    resolve_uncertainty,
)

Z95 = 1.959963984540054


def table(
    co2e_t: Sequence[float],
    *,
    category: Sequence[str] | None = None,
    factor_id: Sequence[str] | None = None,
    activity_unc_pct: Sequence[float | None] | None = None,
    factor_unc_pct: Sequence[float | None] | None = None,
    activity_dist: Sequence[str | None] | None = None,
    factor_dist: Sequence[str | None] | None = None,
    gas: Sequence[str] | None = None,
    quality_tier: Sequence[str | None] | None = None,
) -> pl.DataFrame:
    """A record-level emissions table as the engine produces it (only the columns used)."""
    n = len(co2e_t)
    cols: dict[str, object] = {
        "record_id": [f"r{i + 1}" for i in range(n)],
        "territory": ["liangjiang"] * n,
        "year": [2020] * n,
        "category": category or ["1.A.1"] * n,
        "gas": gas or ["CO2"] * n,
        "activity_value": [1.0] * n,
        "factor_id": factor_id or [f"f{i + 1}" for i in range(n)],
        "factor_value": co2e_t,
        "gwp": [1.0] * n,
        "co2e_t": co2e_t,
        "quality_tier": quality_tier or ["statistics"] * n,
    }
    schema = {
        "activity_unc_pct": (activity_unc_pct, pl.Float64),
        "factor_unc_pct": (factor_unc_pct, pl.Float64),
        "activity_dist": (activity_dist, pl.String),
        "factor_dist": (factor_dist, pl.String),
    }
    df = pl.DataFrame(cols)
    for name, (values, dtype) in schema.items():
        if values is not None:
            df = df.with_columns(pl.Series(name, values, dtype=dtype))
    return df


def half_width_pct(p2_5: float, p97_5: float, point: float) -> float:
    return (p97_5 - p2_5) / 2.0 / abs(point) * 100.0


# --------------------------------------------------------------------------------------------
# Defaults and resolution
# --------------------------------------------------------------------------------------------


def test_default_table_rows_carry_sources_and_flags() -> None:
    assert DEFAULT_UNCERTAINTY.height >= 8
    for row in DEFAULT_UNCERTAINTY.iter_rows(named=True):
        assert row["source"], row
        assert row["confidence"] in {"H", "M", "L"}
        assert row["distribution"] in DISTRIBUTIONS
        assert row["unc_pct"] >= 0
    keys = set(DEFAULT_UNCERTAINTY["key"].to_list())
    assert {"measured", "statistics", "estimated", "CO2", "CH4", "N2O"} <= keys


def test_resolve_uses_user_values_then_defaults() -> None:
    df = table(
        [100.0, 10.0, 5.0],
        gas=["CO2", "CH4", "CO2"],
        quality_tier=["statistics", "estimated", None],
        activity_unc_pct=[3.0, None, None],
    ).with_columns(pl.Series("factor_kind", [None, None, "grid_electricity"], dtype=pl.String))
    out = resolve_uncertainty(df)
    assert out["activity_unc_pct"].to_list() == [3.0, 25.0, 25.0]
    assert out["activity_unc_source"][0] == "user"
    assert "Table 2.15" in out["activity_unc_source"][1]
    assert out["factor_unc_pct"].to_list() == [5.0, 150.0, 10.0]
    assert out["factor_dist"].to_list() == ["normal", "lognormal", "normal"]
    # the engine's fuel column marks purchased electricity as a grid factor
    by_fuel = resolve_uncertainty(df.with_columns(pl.Series("fuel", ["electricity", "gas", "x"])))
    assert by_fuel["factor_unc_pct"].to_list() == [10.0, 150.0, 10.0]


# --------------------------------------------------------------------------------------------
# Approach 1
# --------------------------------------------------------------------------------------------


def test_approach1_hand_worked_independent_and_shared_factor() -> None:
    # Two records, 100 t and 50 t; activity +/-5 % and +/-2 %; factors +/-5 %.
    # Separate factors (Eq. 3.1 then Eq. 3.2):
    #   U1 = sqrt(5^2 + 5^2) = sqrt(50) = 7.0711 %, U2 = sqrt(2^2 + 5^2) = sqrt(29) = 5.3852 %
    #   U = sqrt((7.0711*100)^2 + (5.3852*50)^2) / 150 = sqrt(500000 + 72500) / 150
    #     = 756.64 / 150 = 5.0443 %
    # One shared factor (summed first): var = (5*100)^2 + (2*50)^2 + (5*150)^2
    #   = 250000 + 10000 + 562500 = 822500 -> U = 906.92 / 150 = 6.0461 %
    separate = table([100.0, 50.0], activity_unc_pct=[5.0, 2.0], factor_unc_pct=[5.0, 5.0])
    r = error_propagation(separate)
    assert r.total["uncertainty_pct"][0] == pytest.approx(5.0443, abs=1e-4)
    assert r.total["half_width_t"][0] == pytest.approx(7.5664, abs=1e-4)

    shared = separate.with_columns(pl.lit("coal").alias("factor_id"))
    assert error_propagation(shared).total["uncertainty_pct"][0] == pytest.approx(6.0461, abs=1e-4)
    # the textbook calculation ignores the correlation
    textbook = error_propagation(shared, correlated_factors=False)
    assert textbook.total["uncertainty_pct"][0] == pytest.approx(5.0443, abs=1e-4)


def test_approach1_sinks_and_contributions() -> None:
    # A source of 100 t (+/-10 % combined, factor exact) and a sink of -40 t (+/-30 %):
    # U = sqrt((10*100)^2 + (30*40)^2) / |100 - 40| = sqrt(1e6 + 1.44e6) / 60 = 26.034 %
    # contributions: 1e6 / 2.44e6 = 40.98 %, 1.44e6 / 2.44e6 = 59.02 %
    df = table(
        [100.0, -40.0],
        category=["1.A", "4.A"],
        activity_unc_pct=[10.0, 30.0],
        factor_unc_pct=[0.0, 0.0],
    )
    r = error_propagation(df)
    assert r.total["co2e_t"][0] == 60.0
    assert r.total["uncertainty_pct"][0] == pytest.approx(26.034, abs=1e-3)
    contrib = dict(r.by_category.select("category", "contribution_to_variance_pct").iter_rows())
    assert contrib["1.A"] == pytest.approx(40.984, abs=1e-3)
    assert contrib["4.A"] == pytest.approx(59.016, abs=1e-3)
    assert r.by_category.filter(pl.col("category") == "4.A")["uncertainty_pct"][0] == 30.0


def test_approach1_factor_across_categories_contributions_add_up() -> None:
    df = table(
        [100.0, 80.0, 30.0, 5.0],
        category=["a", "b", "b", "c"],
        factor_id=["grid", "grid", "gas", "ch4"],
        gas=["CO2", "CO2", "CO2", "CH4"],
    )
    r = error_propagation(df)
    assert r.by_category["contribution_to_variance_pct"].sum() == pytest.approx(100.0)
    assert r.by_input["contribution_to_variance_pct"].sum() == pytest.approx(100.0)
    # var of total from the by-category variances would miss the covariance of 'grid'
    assert r.total["uncertainty_pct"][0] > 0


# --------------------------------------------------------------------------------------------
# Approach 2 against Approach 1 and closed forms
# --------------------------------------------------------------------------------------------


def test_monte_carlo_agrees_with_approach1_for_small_normal_uncertainties() -> None:
    # With normal inputs of a few % the product A*F is normal to first order (the neglected
    # term U_a*U_f is below 0.5 % of U), and the sum of normals is normal, so the MC 95 %
    # half-width must match Approach 1. MC noise: each percentile has SE 0.0134 sd at
    # N = 40,000, so the half-width (p97.5 - p2.5)/2 (1.96 sd) has SE about 0.0095 sd = 0.5 %
    # of it; tolerance 3 % (> 4 SE plus the 0.5 % from the neglected product term).
    rng = np.random.default_rng(7)
    n = 40
    df = table(
        list(rng.uniform(10.0, 500.0, n)),
        category=[f"c{i % 4}" for i in range(n)],
        factor_id=[f"f{i % 7}" for i in range(n)],
        activity_unc_pct=list(rng.uniform(1.0, 10.0, n)),
        factor_unc_pct=[float(2 + (i % 7)) for i in range(n)],
    )
    a1 = error_propagation(df)
    mc = monte_carlo(df, iterations=40_000, seed=11)
    expected = dict(a1.by_category.select("category", "uncertainty_pct").iter_rows())
    for row in mc.by_category.iter_rows(named=True):
        got = half_width_pct(row["p2_5_t"], row["p97_5_t"], row["co2e_t"])
        assert got == pytest.approx(expected[row["category"]], rel=0.03)
    t = mc.total.row(0, named=True)
    assert half_width_pct(t["p2_5_t"], t["p97_5_t"], t["co2e_t"]) == pytest.approx(
        a1.total["uncertainty_pct"][0], rel=0.03
    )


def test_monte_carlo_sum_of_independent_normals_closed_form() -> None:
    # Exact factors, normal activities: the total is normal with mean sum(x) and
    # sd = sqrt(sum(sigma_i^2)), sigma_i = x_i * U_i / 1.96.
    x = [120.0, 80.0, 45.0, 300.0, 10.0]
    u = [4.0, 12.0, 30.0, 2.0, 50.0]
    df = table(x, activity_unc_pct=u, factor_unc_pct=[0.0] * len(x))
    n_iter = 50_000
    mc = monte_carlo(df, iterations=n_iter, seed=3)
    sd = math.sqrt(sum((xi * ui / 100.0 / Z95) ** 2 for xi, ui in zip(x, u, strict=True)))
    se_sd = sd / math.sqrt(2 * (n_iter - 1))
    se_mean = sd / math.sqrt(n_iter)
    total = mc.total_samples_t
    assert abs(total.std(ddof=1) - sd) < 4 * se_sd
    assert abs(total.mean() - sum(x)) < 4 * se_mean
    # 97.5 % percentile of a normal: mean + 1.96 sd; SE 0.0120 sd at N = 50,000
    p97_5 = mc.total["p97_5_t"][0]
    assert abs(p97_5 - (sum(x) + Z95 * sd)) < 4 * 0.0120 * sd


@pytest.mark.parametrize("shared", [True, False])
def test_shared_factor_is_sampled_once_and_matches_closed_form(shared: bool) -> None:
    # Two records x1 = 100 t, x2 = 60 t; activity sd sa = 10 %/1.96, factor sd sf = 20 %/1.96.
    # Exact variance of the total (all multipliers independent with mean 1):
    #   shared factor:    (1+sf^2) * ((x1+x2)^2 + sa^2 (x1^2+x2^2)) - (x1+x2)^2
    #   separate factors: (x1^2+x2^2) * (sa^2 + sf^2 + sa^2 sf^2)
    x1, x2 = 100.0, 60.0
    sa, sf = 0.10 / Z95, 0.20 / Z95
    if shared:
        var = (1 + sf**2) * ((x1 + x2) ** 2 + sa**2 * (x1**2 + x2**2)) - (x1 + x2) ** 2
    else:
        var = (x1**2 + x2**2) * (sa**2 + sf**2 + sa**2 * sf**2)
    df = table(
        [x1, x2],
        factor_id=["f", "f"] if shared else ["f1", "f2"],
        activity_unc_pct=[10.0, 10.0],
        factor_unc_pct=[20.0, 20.0],
    )
    n_iter = 50_000
    mc = monte_carlo(df, iterations=n_iter, seed=5)
    sd = math.sqrt(var)
    # the total is close to normal here (kurtosis of a product of normals is small), so the
    # sd's SE is about sd/sqrt(2N); 5 SE allows for the slight excess kurtosis
    assert abs(mc.total_samples_t.std(ddof=1) - sd) < 5 * sd / math.sqrt(2 * n_iter)


def test_shared_factor_gives_larger_spread_than_separate_factors() -> None:
    def two(factor_id: list[str]) -> pl.DataFrame:
        return table(
            [100.0, 60.0],
            factor_id=factor_id,
            activity_unc_pct=[10.0] * 2,
            factor_unc_pct=[20.0] * 2,
        )

    shared = monte_carlo(two(["f", "f"]), iterations=20_000)
    separate = monte_carlo(two(["f1", "f2"]), iterations=20_000)
    assert shared.total["sd_t"][0] > 1.2 * separate.total["sd_t"][0]
    # the shared factor dominates the sensitivity table
    top = shared.sensitivity.row(0, named=True)
    assert (top["input"], top["id"]) == ("factor", "f")


@pytest.mark.parametrize("dist", ["normal", "triangular", "uniform"])
def test_symmetric_distributions_have_the_stated_95_interval(dist: str) -> None:
    # One record with U = 20 %: the central 95 % of its multiplier must be 1 +/- 0.20.
    # SE of a 2.5 % percentile at N = 200,000 is below 0.001 for all three shapes.
    df = table([1.0], activity_unc_pct=[20.0], factor_unc_pct=[0.0], activity_dist=[dist])
    mc = monte_carlo(df, iterations=200_000, seed=1)
    t = mc.total.row(0, named=True)
    assert t["p2_5_t"] == pytest.approx(0.80, abs=0.004)
    assert t["p97_5_t"] == pytest.approx(1.20, abs=0.004)
    assert t["mean_t"] == pytest.approx(1.0, abs=0.002)


def test_lognormal_matches_mean_and_sd() -> None:
    # lognormal with U = 150 %: mean 1, sd = 1.5/1.96 = 0.765; positive and right-skewed.
    df = table([1.0], activity_unc_pct=[0.0], factor_unc_pct=[150.0], factor_dist=["lognormal"])
    n_iter = 200_000
    mc = monte_carlo(df, iterations=n_iter, seed=2)
    s = mc.total_samples_t
    sd = 1.5 / Z95
    assert s.min() > 0
    assert s.mean() == pytest.approx(1.0, abs=4 * sd / math.sqrt(n_iter))
    assert s.std() == pytest.approx(sd, rel=0.03)  # heavy tail: the sd converges slowly
    assert np.median(s) < 1.0


def test_float32_percentiles_within_half_percent_of_float64() -> None:
    rng = np.random.default_rng(0)
    n = 300
    dists = [DISTRIBUTIONS[i % 4] for i in range(n)]
    df = table(
        list(rng.uniform(1.0, 1000.0, n)),
        category=[f"c{i % 6}" for i in range(n)],
        factor_id=[f"f{i % 25}" for i in range(n)],
        activity_unc_pct=list(rng.uniform(1.0, 30.0, n)),
        factor_unc_pct=[float(3 + i % 25) for i in range(n)],
        activity_dist=dists,
        factor_dist=[DISTRIBUTIONS[(i % 25) % 4] for i in range(n)],
    )
    r64 = monte_carlo(df, iterations=100_000, seed=9, dtype="float64")
    r32 = monte_carlo(df, iterations=100_000, seed=9, dtype="float32")
    cols = ["p2_5_t", "median_t", "p97_5_t"]
    for a, b in ((r64.by_category, r32.by_category), (r64.total, r32.total)):
        x64 = a.select(cols).to_numpy()
        x32 = b.select(cols).to_numpy()
        assert np.all(np.abs(x32 - x64) <= 0.005 * np.abs(x64))


def test_seed_reproducible_and_independent_of_workers() -> None:
    df = table(
        [10.0, 20.0, 30.0],
        factor_id=["a", "a", "b"],
        category=["x", "y", "y"],
        activity_dist=["normal", "triangular", "uniform"],
    )
    r1 = monte_carlo(df, iterations=5_000, seed=42, chunk_size=700, workers=1)
    r2 = monte_carlo(df, iterations=5_000, seed=42, chunk_size=700, workers=2)
    r3 = monte_carlo(df, iterations=5_000, seed=43, chunk_size=700, workers=1)
    np.testing.assert_array_equal(r1.category_samples_t, r2.category_samples_t)
    assert r1.by_category.equals(r2.by_category)
    assert r1.sensitivity.equals(r2.sensitivity)
    assert not np.array_equal(r1.total_samples_t, r3.total_samples_t)
    for dtype in ("float64", "float32"):
        a = monte_carlo(df, iterations=3_000, seed=1, dtype=dtype)
        b = monte_carlo(df, iterations=3_000, seed=1, dtype=dtype)
        np.testing.assert_array_equal(a.total_samples_t, b.total_samples_t)


def test_progress_callback_reports_every_chunk() -> None:
    calls: list[tuple[int, int]] = []
    monte_carlo(
        table([1.0, 2.0]),
        iterations=1_000,
        chunk_size=300,
        progress=lambda done, total: calls.append((done, total)),
    )
    assert calls == [(300, 1000), (600, 1000), (900, 1000), (1000, 1000)]


def test_sensitivity_ranks_the_dominant_input_first() -> None:
    df = table(
        [1000.0, 10.0, 500.0],
        activity_unc_pct=[30.0, 30.0, 1.0],
        factor_unc_pct=[1.0, 1.0, 1.0],
    )
    mc = monte_carlo(df, iterations=20_000, seed=4)
    s = mc.sensitivity
    assert (s["input"][0], s["id"][0]) == ("activity", "r1")
    assert s["contribution_to_variance_pct"].sum() == pytest.approx(100.0)
    # the closed-form share of r1's activity in the variance: (30*1000)^2 / sum
    a1 = error_propagation(df).by_input
    expected = a1.filter(pl.col("id") == "r1")["contribution_to_variance_pct"][0]
    assert s["contribution_to_variance_pct"][0] == pytest.approx(expected, abs=2.0)


# --------------------------------------------------------------------------------------------
# Bad input
# --------------------------------------------------------------------------------------------


def test_negative_uncertainty_names_row_and_field() -> None:
    df = table([1.0, 2.0], activity_unc_pct=[5.0, -3.0])
    with pytest.raises(DataValidationError) as err:
        monte_carlo(df, iterations=10)
    (p,) = err.value.problems
    assert (p.row, p.field, p.value) == (2, "activity_unc_pct", "-3.0")
    assert "r2" in p.message_en and "r2" in p.message_zh


def test_unknown_distribution_names_row_and_field() -> None:
    df = table([1.0, 2.0, 3.0], factor_dist=[None, None, "gamma"])
    with pytest.raises(DataValidationError) as err:
        error_propagation(df)
    (p,) = err.value.problems
    assert (p.row, p.field, p.value) == (3, "factor_dist", "gamma")
    assert "lognormal" in p.message_en


def test_other_bad_inputs_are_all_reported() -> None:
    df = table(
        [1.0, 2.0, float("nan")],
        factor_id=["f", "f", "g"],
        factor_unc_pct=[5.0, 7.0, None],
        quality_tier=["statistics", "guessed", "statistics"],
    )
    with pytest.raises(DataValidationError) as err:
        resolve_uncertainty(df)
    found = {(p.row, p.field) for p in err.value.problems}
    assert (2, "quality_tier") in found
    assert (2, "factor_unc_pct") in found  # one factor, two uncertainties
    assert (3, "co2e_t") in found
    with pytest.raises(DataValidationError) as err:
        resolve_uncertainty(df.drop("factor_id"))
    assert err.value.problems[0].field == "factor_id"


# --------------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------------

records = st.lists(
    st.tuples(
        st.floats(0.1, 1e6),  # co2e_t
        st.sampled_from(["a", "b", "c"]),  # category
        st.sampled_from(["f1", "f2", "f3", "f4"]),  # factor_id
        st.floats(0.0, 50.0),  # activity_unc_pct
    ),
    min_size=1,
    max_size=12,
)
factor_unc = st.fixed_dictionaries({f: st.floats(0.0, 50.0) for f in ["f1", "f2", "f3", "f4"]})


def _from(rows: list[tuple[float, str, str, float]], fu: dict[str, float]) -> pl.DataFrame:
    return table(
        [r[0] for r in rows],
        category=[r[1] for r in rows],
        factor_id=[r[2] for r in rows],
        activity_unc_pct=[r[3] for r in rows],
        factor_unc_pct=[fu[r[2]] for r in rows],
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=records, fu=factor_unc, scale=st.floats(0.001, 1000.0))
def test_approach1_properties(
    rows: list[tuple[float, str, str, float]], fu: dict[str, float], scale: float
) -> None:
    df = _from(rows, fu)
    r = error_propagation(df)
    total_u = r.total["uncertainty_pct"][0]
    # positive emissions: the total is never more uncertain than its most uncertain category
    assert total_u <= r.by_category["uncertainty_pct"].max() + 1e-9
    if total_u > 0:
        assert r.by_category["contribution_to_variance_pct"].sum() == pytest.approx(100.0)
        assert r.by_input["contribution_to_variance_pct"].sum() == pytest.approx(100.0)
    # percentages do not depend on the unit of the emissions
    scaled = error_propagation(df.with_columns(pl.col("co2e_t") * scale))
    assert scaled.total["uncertainty_pct"][0] == pytest.approx(total_u, rel=1e-9, abs=1e-12)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=records, fu=factor_unc, seed=st.integers(0, 2**32 - 1))
def test_monte_carlo_properties(
    rows: list[tuple[float, str, str, float]], fu: dict[str, float], seed: int
) -> None:
    df = _from(rows, fu)
    mc = monte_carlo(df, iterations=500, seed=seed, workers=1)
    for frame in (mc.by_category, mc.total):
        assert (frame["p2_5_t"] <= frame["median_t"]).all()
        assert (frame["median_t"] <= frame["p97_5_t"]).all()
    np.testing.assert_allclose(mc.category_samples_t.sum(axis=1), mc.total_samples_t, rtol=1e-12)
    # with every uncertainty set to zero, every iteration reproduces the point total
    exact = monte_carlo(
        df.with_columns(pl.lit(0.0).alias("activity_unc_pct"), pl.lit(0.0).alias("factor_unc_pct")),
        iterations=50,
        seed=seed,
    )
    np.testing.assert_allclose(exact.total_samples_t, float(df["co2e_t"].sum()), rtol=1e-12)


# --------------------------------------------------------------------------------------------
# One activity record, several gases: the activity is one input
# --------------------------------------------------------------------------------------------


def gases_of_one_record() -> pl.DataFrame:
    # One fuel record with a CO2 row (900 t CO2e) and a CH4 row (100 t CO2e), activity
    # +/-10 %, CO2 factor +/-5 %, CH4 factor +/-50 %, all normal.
    return table(
        [900.0, 100.0],
        gas=["CO2", "CH4"],
        activity_unc_pct=[10.0, 10.0],
        factor_unc_pct=[5.0, 50.0],
        factor_dist=["normal", "normal"],
    ).with_columns(pl.lit("r1").alias("record_id"))


def test_approach1_one_activity_shared_by_its_gas_rows() -> None:
    # var = (10 * (900 + 100))^2 + (5 * 900)^2 + (50 * 100)^2 = 1e8 + 2.025e7 + 2.5e7
    #     = 1.4525e8 -> U = 12052.0 / 1000 = 12.052 %  (as separate activities: 10.30 %)
    result = error_propagation(gases_of_one_record())
    assert result.total["uncertainty_pct"][0] == pytest.approx(
        math.sqrt(1.4525e8) / 1000, rel=1e-12
    )
    activity = result.by_input.filter(pl.col("input") == "activity")
    assert activity["id"].to_list() == ["r1"]
    assert result.by_category["contribution_to_variance_pct"].sum() == pytest.approx(100.0)


def test_monte_carlo_samples_one_activity_per_record() -> None:
    result = monte_carlo(gases_of_one_record(), iterations=200_000, seed=3)
    sd = math.sqrt(1.4525e8) / 100 / Z95  # t CO2e, from the closed form above
    assert result.total["sd_t"][0] == pytest.approx(sd, rel=0.01)
    assert result.sensitivity.filter(pl.col("input") == "activity")["id"].to_list() == ["r1"]


def test_one_record_with_two_activity_uncertainties_is_refused() -> None:
    bad = gases_of_one_record().with_columns(pl.Series("activity_unc_pct", [10.0, 20.0]))
    with pytest.raises(DataValidationError, match="one activity uncertainty"):
        error_propagation(bad)


@pytest.mark.parametrize("shape", [(1, 1), (2, 3), (7, 1), (1_000, 5), (100_003, 4)])
def test_percentiles_equal_numpy_percentile_bit_for_bit(shape: tuple[int, int]) -> None:
    # The statistics sort each column first; the numbers must be np.percentile's exactly,
    # on C- and F-ordered samples, column blocks (views) and with ties, infinities and NaN.
    from cityclimate.inventory.uncertainty.results import PERCENTILES, _column_stats

    def percentiles(samples: np.ndarray) -> np.ndarray:  # type: ignore[type-arg]
        return _column_stats(samples)[0]

    rng = np.random.default_rng(shape[0])
    samples = rng.lognormal(10.0, 1.0, shape)
    samples[rng.integers(0, shape[0], shape[0] // 3)] = samples[0]  # ties
    for block in (samples, np.asfortranarray(samples), samples[:, shape[1] // 2 :]):
        expected = np.percentile(block, PERCENTILES, axis=0)
        np.testing.assert_array_equal(percentiles(block), expected, strict=True)
    odd = samples.copy()
    odd[0, 0] = np.inf
    odd[-1, -1] = np.nan
    with np.errstate(invalid="ignore"):  # inf - inf in the interpolation, both ways
        np.testing.assert_array_equal(
            percentiles(odd), np.percentile(odd, PERCENTILES, axis=0), strict=True
        )
    # The samples themselves are left as they were (the total's column is a contiguous view).
    column = samples[:, :1].copy()
    kept = column.copy()
    percentiles(column)
    percentiles(column[:, 0][:, None])
    np.testing.assert_array_equal(column, kept)


@pytest.mark.parametrize("shape", [(1, 1), (7, 3), (100_003, 5)])
def test_means_and_sds_are_numpy_s_and_the_same_for_any_block_of_columns(
    shape: tuple[int, int],
) -> None:
    # Each column's moments are reduced along its own copy: numpy's mean and std of that
    # column exactly, and bit for bit the same whether computed with other columns or alone
    # (the threads compute blocks of columns).
    from cityclimate.inventory.uncertainty.results import _column_stats

    samples = np.random.default_rng(7).lognormal(10.0, 1.0, shape)
    _, mean, sd = _column_stats(samples)
    for c in range(shape[1]):
        column = np.ascontiguousarray(samples[:, c])
        assert mean[c] == column.mean() and sd[c] == column.std()
        _, alone_mean, alone_sd = _column_stats(samples[:, c : c + 1])
        assert (alone_mean[0], alone_sd[0]) == (mean[c], sd[c])
