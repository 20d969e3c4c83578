"""Tests of the first-order decay model for solid-waste disposal."""

from __future__ import annotations

import math

import polars as pl
import pytest

from cityclimate.inventory import compute_emissions
from tests.conftest import activity, frame


def test_fod_one_deposit_decays_as_ipcc_eq_3_4_to_3_6() -> None:
    # IPCC 2006 GL Vol.5 Ch.3: 1,000 t food waste deposited in 2010 in a managed anaerobic site.
    # DDOCm = 1000 × DOC 0.15 × DOCf 0.5 × MCF 1.0 = 75 t; k = 0.4/yr (Table 3.3, tropical wet).
    # Decays in 2011: 75 × (1 − e^−0.4); CH4 = that × F 0.5 × 16/12 × (1 − OX 0.1).
    # In 2012 the same × e^−0.4. Hand-computed: 2011 = 14.8355 t CH4.
    deposit = activity(
        territory="LJ-2016",
        sub_area="LJ-2016-LX",
        category="waste.solid.landfill",
        fuel="food",
        quantity=1000,
        unit="t",
        year=2010,
        record_id="D2010",
    )
    # Zero deposits in later years make those years part of the inventory.
    years = [{**deposit, "year": y, "quantity": 0.0, "record_id": f"D{y}"} for y in (2011, 2012)]
    rows = compute_emissions(frame(deposit, *years)).filter(category="waste.solid.landfill")
    ch4 = dict(rows.group_by("year").agg(pl.col("emission_t").sum()).iter_rows())
    first = 75 * (1 - math.exp(-0.4)) * 0.5 * 16 / 12 * 0.9
    assert ch4[2011] == pytest.approx(first, rel=1e-12)
    assert ch4[2011] == pytest.approx(14.8355, abs=1e-4)
    assert ch4[2012] == pytest.approx(first * math.exp(-0.4), rel=1e-12)
    assert 2010 not in ch4  # waste starts to decay the year after deposit
    # Every year's CH4 names the deposit record it came from.
    assert set(rows.filter(pl.col("emission_t") > 0)["record_id"]) == {"D2010"}


def test_fod_total_decay_approaches_the_decomposable_carbon() -> None:
    # Summed over a long horizon, decayed DDOCm tends to all of it: CH4 → 75 × 0.5 × 16/12 × 0.9.
    deposit = activity(
        territory="LJ-2016",
        category="waste.solid.landfill",
        fuel="food",
        quantity=1000,
        unit="t",
        year=2000,
        record_id="D",
    )
    years = [
        {**deposit, "year": y, "quantity": 0.0, "record_id": f"y{y}"} for y in range(2001, 2061)
    ]
    rows = compute_emissions(frame(deposit, *years)).filter(category="waste.solid.landfill")
    assert rows["emission_t"].sum() == pytest.approx(75 * 0.5 * 16 / 12 * 0.9, rel=1e-6)
