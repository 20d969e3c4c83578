"""Tests of cityclimate.indicators.model."""

from __future__ import annotations

import dataclasses

from cityclimate.indicators.definitions import definitions_by_id, load_liangjiang_indicators
from cityclimate.indicators.model import Direction, Nature, ProgressBand, TargetKind


def test_band_lower_bound_is_inclusive_upper_exclusive() -> None:
    band = ProgressBand("needs_acceleration", "需加快进度", "needs acceleration", 0.6, 0.95, 3, "s")
    assert band.contains(0.6)
    assert band.contains(0.9499)
    assert not band.contains(0.95)
    assert not band.contains(0.5999)


def test_open_band_is_unbounded() -> None:
    band = ProgressBand("moving_away", "偏离目标", "moving away", None, 0.0, 1, "s")
    assert band.contains(-1e9)
    assert not band.contains(0.0)


def test_higher_is_better_follows_kind_and_direction() -> None:
    by_id = definitions_by_id(load_liangjiang_indicators())
    # a reduction is reported as % reduction: more is better, although the intensity falls
    assert by_id["energy_intensity_reduction"].direction is Direction.DECREASE
    assert by_id["energy_intensity_reduction"].higher_is_better
    assert not by_id["datacentre_pue_new"].higher_is_better
    assert by_id["park_green_space_per_person"].higher_is_better
    flipped = dataclasses.replace(
        by_id["strategic_emerging_industry_share"], direction=Direction.DECREASE
    )
    assert not flipped.higher_is_better


def test_kind_and_nature_labels() -> None:
    assert TargetKind.FIVE_YEAR_CUMULATIVE_REDUCTION.is_reduction
    assert not TargetKind.CEILING.is_reduction
    assert Nature.BINDING.label_zh == "约束性"
    assert Nature.EXPECTED.label_zh == "预期性"
