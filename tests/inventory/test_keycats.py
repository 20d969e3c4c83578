"""Tests of cityclimate.inventory.keycats (IPCC 2006 Vol. 1 Ch. 4, Approaches 1 and 2)."""

from __future__ import annotations

import itertools

import polars as pl
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from cityclimate.errors import DataValidationError
from cityclimate.inventory.keycats import key_categories, level_assessment, trend_assessment


def frame(values: dict[str, float]) -> pl.DataFrame:
    return pl.DataFrame({"category": list(values), "co2e_t": list(values.values())})


# An IPCC-style example worked by hand (t CO2e; C is a sink, F is new since the base year).
#
#        base (0)  current (t)  U (%)
#   A      500        600         5
#   B      150        250        11
#   C     -250       -200        40
#   D       80         60        45
#   E       20         40        20
#   F        0         10       100
#
# Level, Eq. 4.1: sum|E_t| = 600+250+200+60+40+10 = 1160
#   L: A 600/1160 = 51.7241 %, B 21.5517, C 17.2414, D 5.1724, E 3.4483, F 0.8621
#   cumulative: 51.7241, 73.2759, 90.5172, 95.6897 (D reaches 95 %), 99.1379, 100
#   -> key by level: A, B, C, D
#
# Trend, Eq. 4.2: sum|E_0| = 500+150+250+80+20+0 = 1000; net sum E_0 = 500, sum E_t = 760;
#   total trend = (760-500)/|500| = 0.52
#   T_x = |(E_x,t - E_x,0)/1000 - (|E_x,0|/1000) * 0.52|
#   A |0.100 - 0.5*0.52|  = |0.1 - 0.26|    = 0.16
#   B |0.100 - 0.15*0.52| = |0.1 - 0.078|   = 0.022
#   C |0.050 - 0.25*0.52| = |0.05 - 0.13|   = 0.08
#   D |-0.020 - 0.08*0.52| = |-0.02 - 0.0416| = 0.0616
#   E |0.020 - 0.02*0.52| = |0.02 - 0.0104| = 0.0096
#   F |0.010 - 0|                            = 0.01
#   sum T = 0.3432; shares: A 46.6200 %, C 23.3100, D 17.9487, B 6.4103, F 2.9138, E 2.7972
#   cumulative (sorted): A 46.6200, C 69.9301, D 87.8788, B 94.2890, F 97.2028 (reaches 95 %)
#   -> key by trend: A, C, D, B, F
#   (check A in the 2006 form: 0.5 * |(600-500)/500 - 0.52| = 0.5 * 0.32 = 0.16)
#
# Approach 2 level, Eq. 4.4: L_x * U_x is proportional to |E_x,t| * U_x:
#   A 3000, B 2750, C 8000, D 2700, E 800, F 1000; sum 18250
#   shares: C 43.8356 %, A 16.4384, B 15.0685, D 14.7945, F 5.4795, E 4.3836
#   cumulative: 43.8356, 60.2740, 75.3425, 90.1370 (D reaches 90 %) -> key: C, A, B, D
# Approach 2 trend, Eq. 4.5: T_x * U_x:
#   A 0.8, B 0.242, C 3.2, D 2.772, E 0.192, F 1.0; sum 8.206
#   shares: C 38.9959 %, D 33.7802, F 12.1862, A 9.7490, B 2.9491, E 2.3398
#   cumulative: 38.9959, 72.7760, 84.9622, 94.7112 (A reaches 90 %) -> key: C, D, F, A
#
# E is key by no assessment; F only by trend (Approach 1 and 2).
BASE = frame({"A": 500.0, "B": 150.0, "C": -250.0, "D": 80.0, "E": 20.0})
CURRENT = frame({"A": 600.0, "B": 250.0, "C": -200.0, "D": 60.0, "E": 40.0, "F": 10.0})
UNCERTAINTY = pl.DataFrame(
    {"category": list("ABCDEF"), "uncertainty_pct": [5.0, 11.0, 40.0, 45.0, 20.0, 100.0]}
)


def by_category(df: pl.DataFrame, col: str) -> dict[str, object]:
    return dict(df.select("category", col).iter_rows())


def test_hand_worked_level() -> None:
    lv = level_assessment(CURRENT)
    assert lv["category"].to_list() == ["A", "B", "C", "D", "E", "F"]
    assert lv["level_pct"].to_list() == pytest.approx(
        [51.7241, 21.5517, 17.2414, 5.1724, 3.4483, 0.8621], abs=1e-4
    )
    assert lv["level_cumulative_pct"].to_list() == pytest.approx(
        [51.7241, 73.2759, 90.5172, 95.6897, 99.1379, 100.0], abs=1e-4
    )
    assert lv["is_key"].to_list() == [True, True, True, True, False, False]


def test_hand_worked_trend() -> None:
    tr = trend_assessment(BASE, CURRENT)
    assert tr["category"].to_list() == ["A", "C", "D", "B", "F", "E"]
    assert tr["trend_assessment"].to_list() == pytest.approx(
        [0.16, 0.08, 0.0616, 0.022, 0.01, 0.0096], abs=1e-12
    )
    assert tr["trend_cumulative_pct"].to_list() == pytest.approx(
        [46.6200, 69.9301, 87.8788, 94.2890, 97.2028, 100.0], abs=1e-4
    )
    assert tr["is_key"].to_list() == [True, True, True, True, True, False]


def test_hand_worked_full_table_with_reasons() -> None:
    kc = key_categories(CURRENT, BASE, UNCERTAINTY)
    assert kc["category"].to_list() == ["A", "B", "C", "D", "E", "F"]
    assert by_category(kc, "level_u_cumulative_pct")["D"] == pytest.approx(90.1370, abs=1e-4)
    assert by_category(kc, "trend_u_cumulative_pct")["A"] == pytest.approx(94.7112, abs=1e-4)
    assert by_category(kc, "key_level_a2") == {
        "A": True, "B": True, "C": True, "D": True, "E": False, "F": False
    }  # fmt: skip
    assert by_category(kc, "key_trend_a2") == {
        "A": True, "B": False, "C": True, "D": True, "E": False, "F": True
    }  # fmt: skip
    assert by_category(kc, "is_key") == {
        "A": True, "B": True, "C": True, "D": True, "E": False, "F": True
    }  # fmt: skip
    reasons = by_category(kc, "reason_en")
    assert reasons["E"] == ""
    assert reasons["F"] == "trend (Approach 1); trend (Approach 2)"
    assert reasons["B"] == "level (Approach 1); trend (Approach 1); level (Approach 2)"
    assert (
        by_category(kc, "reason_zh")["F"] == "趋势评估（方法1）；趋势评估（方法2，按不确定性加权）"
    )


def test_sinks_count_by_absolute_value() -> None:
    # a forest sink of -900 t against sources of 100 t: level 90 % -> the first key category
    lv = level_assessment(frame({"4.A forest": -900.0, "1.A": 60.0, "5 waste": 40.0}))
    first = lv.row(0, named=True)
    assert first["category"] == "4.A forest"
    assert first["level_pct"] == pytest.approx(90.0)
    assert first["is_key"]
    assert lv["is_key"].to_list() == [True, True, False]  # 90, 96 (reaches 95), 100


def test_rows_of_one_category_are_summed_and_missing_years_are_zero() -> None:
    cur = pl.DataFrame({"category": ["a", "a", "b"], "co2e_t": [30.0, 20.0, 50.0]})
    lv = level_assessment(cur)
    assert by_category(lv, "level_pct") == {"a": 50.0, "b": 50.0}
    kc = key_categories(cur, base=frame({"a": 40.0, "gone": 60.0}))
    gone = kc.filter(pl.col("category") == "gone").row(0, named=True)
    assert gone["co2e_t"] == 0.0
    assert gone["key_trend_a1"]  # a category that disappeared drives the trend


def test_without_base_or_uncertainty_only_level_is_assessed() -> None:
    kc = key_categories(CURRENT)
    assert "trend_pct" not in kc.columns and "level_u_pct" not in kc.columns
    assert not kc["key_trend_a1"].any() and not kc["key_level_a2"].any()
    assert kc["is_key"].to_list() == [True, True, True, True, False, False]


def test_bad_input_is_reported() -> None:
    with pytest.raises(DataValidationError) as err:
        level_assessment(pl.DataFrame({"category": ["a", None], "co2e_t": [1.0, None]}))
    assert {(p.row, p.field) for p in err.value.problems} == {(2, "category"), (2, "co2e_t")}
    with pytest.raises(DataValidationError) as err:
        key_categories(CURRENT, BASE, UNCERTAINTY.filter(pl.col("category") != "F"))
    assert "'F'" in err.value.problems[0].message_en
    with pytest.raises(DataValidationError):
        trend_assessment(frame({"a": 10.0, "b": -10.0}), CURRENT)  # net base total 0


values = st.dictionaries(
    st.text("abcdefghij", min_size=1, max_size=3),
    st.floats(-1e6, 1e6).filter(lambda v: abs(v) > 1e-3),
    min_size=1,
    max_size=25,
)


@settings(max_examples=60, deadline=None)
@given(current=values)
def test_level_cumulative_is_monotone_and_key_set_reaches_95(current: dict[str, float]) -> None:
    lv = level_assessment(frame(current))
    cum = lv["level_cumulative_pct"].to_list()
    assert all(b >= a for a, b in itertools.pairwise(cum))
    assert cum[-1] == pytest.approx(100.0)
    key = lv.filter(pl.col("is_key"))
    assert key["level_pct"].sum() >= 95.0 - 1e-9
    # minimal: without its smallest member the key set stays below 95 %
    assert key["level_pct"].sum() - key["level_pct"][-1] < 95.0
    # key categories are a prefix of the ranking
    flags = lv["is_key"].to_list()
    assert flags == sorted(flags, reverse=True)


@settings(max_examples=60, deadline=None)
@given(base=values, current=values)
def test_trend_shares_add_up_and_key_set_reaches_95(
    base: dict[str, float], current: dict[str, float]
) -> None:
    assume(abs(sum(base.values())) >= 1e-6)
    tr = trend_assessment(frame(base), frame(current))
    assert (tr["trend_assessment"] >= 0).all()
    cum = tr["trend_cumulative_pct"].to_list()
    assert all(b >= a - 1e-9 for a, b in itertools.pairwise(cum))
    if tr["trend_assessment"].sum() > 0:
        assert tr["trend_pct"].sum() == pytest.approx(100.0)
        assert tr.filter(pl.col("is_key"))["trend_pct"].sum() >= 95.0 - 1e-9
