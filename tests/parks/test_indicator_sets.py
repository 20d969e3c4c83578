"""The shipped indicator sets: national 1+5 with size tiers, staged Hunan set, Chongqing pilots."""

from __future__ import annotations

import polars as pl
import pytest

from cityclimate.errors import DataValidationError
from cityclimate.parks import indicator_sets, set_indicators, thresholds, tier_for


def test_national_set_has_one_core_and_five_guiding_indicators() -> None:
    table = set_indicators("national_zcp_2025")
    assert table["role"].to_list().count("core") == 1
    assert table["role"].to_list().count("guiding") == 5
    core = table.row(0, named=True)
    assert (core["indicator_id"], core["unit"], core["direction"]) == (
        "carbon_per_energy",
        "t CO2/tce",
        "at_most",
    )


@pytest.mark.parametrize(
    ("energy_tce", "tier", "threshold"),
    [
        (200_000, "mid", 0.20),  # lower bound is inside the tier
        (999_999, "mid", 0.20),
        (1_000_000, "large", 0.30),  # upper bound starts the next tier
        (5_000_000, "large", 0.30),
    ],
)
def test_the_tier_is_chosen_by_energy_use(energy_tce: float, tier: str, threshold: float) -> None:
    chosen = tier_for("national_zcp_2025", "carbon_per_energy", energy_tce)
    assert chosen is not None
    assert (chosen.tier_id, chosen.threshold) == (tier, threshold)
    assert not chosen.confirmed  # from a blog summary, not the notice itself
    assert "unconfirmed" in chosen.source


def test_a_park_below_the_smallest_tier_has_no_threshold() -> None:
    assert tier_for("national_zcp_2025", "carbon_per_energy", 150_000) is None
    # guiding indicators apply to every size
    assert tier_for("national_zcp_2025", "clean_energy_share", 10.0).threshold == 0.9  # type: ignore[union-attr]


def test_staged_sets_give_the_next_milestone() -> None:
    assert tier_for("hunan_zcp_2026", "carbon_per_energy", 50_000, year=2026).threshold == 1.0  # type: ignore[union-attr]
    assert tier_for("hunan_zcp_2026", "carbon_per_energy", 50_000, year=2028).threshold == 0.7  # type: ignore[union-attr]
    late = tier_for("hunan_zcp_2026", "carbon_per_energy", 2_000_000, year=2040)
    assert (late.threshold, late.year) == (0.5, 2035)  # type: ignore[union-attr]
    final = tier_for("hunan_zcp_2026", "carbon_per_energy", 2_000_000)
    assert final.year == 2035  # type: ignore[union-attr]


def test_every_value_says_whether_it_was_confirmed_and_where_from() -> None:
    for table in (indicator_sets(), thresholds()):
        assert table["source"].str.len_chars().min() > 0  # type: ignore[operator]
        unconfirmed = table.filter(~pl.col("confirmed"))
        assert unconfirmed["source"].str.contains("unconfirmed").all()
    chongqing = indicator_sets().filter(pl.col("set_id").str.starts_with("cq_"))
    assert set(chongqing["park_kinds"]) == {
        "near_zero_park",
        "community",
        "campus",
        "commercial",
        "scenic",
    }
    assert not chongqing["confirmed"].any()
    assert thresholds().filter(pl.col("set_id").str.starts_with("cq_")).is_empty()


def test_an_unknown_set_names_the_known_ones() -> None:
    with pytest.raises(DataValidationError) as err:
        set_indicators("nope")
    assert "national_zcp_2025" in err.value.problems[0].message.en


def test_a_bad_thresholds_file_is_refused_with_its_line() -> None:
    text = (
        "set_id,indicator_id,tier_id,tier_zh,tier_en,energy_min_tce,energy_max_tce,year,threshold,confirmed,source\n"
        "s,i,t,档,tier,abc,,,0.2,false,x\n"
    )
    with pytest.raises(DataValidationError) as err:
        thresholds(text)
    assert err.value.problems[0].field == "energy_min_tce"
