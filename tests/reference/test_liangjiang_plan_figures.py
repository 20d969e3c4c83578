"""Reference test: the illustrative Liangjiang demo reproduces the plan's published figures.

Source: 重庆两江新区"十四五"应对气候变化专项规划, ch.2 (一) 应对气候变化工作成效 (../shared/seed/,
lines 13–18): emissions 685.36 / 724.42 万t CO2e (2019/2020), intensity 0.36 / 0.35 t/万元,
per capita 4.46 / 3.92 t/person; 2020 fossil share 62%, of fossil gas 61%, oil 30%, coal 9%.
Tolerance: the plan's own rounding (2 decimals), i.e. the computed value rounded half-up to the
published number of decimals must equal the published value.

What this proves, and what not: the plan publishes totals, not activity data, so the demo's
activity data were *calibrated* to these figures (cityclimate.demo.calibration). This test is a
regression check that the engine, the shipped factors and the calibration still reproduce the
published figures end to end; it is not an independent check against published activity data.
The independent checks are the worked examples in tests/inventory/test_engine.py (IPCC 2006
Table 2.2, GB/T 32151 Table C.1, MEE/NBS 2022 grid factor, IPCC Vol.5 and Vol.3 equations).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import polars as pl
import pytest

from cityclimate.demo import liangjiang
from cityclimate.inventory import compute_emissions, summary_figures


@pytest.fixture(scope="module")
def figures() -> dict[int, dict[str, float]]:
    emissions = compute_emissions(liangjiang.activities(), liangjiang.method())
    table = summary_figures(emissions, liangjiang.socioeconomic()).filter(
        pl.col("year").is_in([2019, 2020])
    )
    return {r["year"]: r for r in table.iter_rows(named=True)}


COMPUTED = {
    "total_co2e": lambda f: f["gross_co2e_t"] / 1e4,
    "intensity": lambda f: f["intensity_t_per_10k_yuan"],
    "per_capita": lambda f: f["per_capita_t"],
    "fossil_share": lambda f: f["fossil_share"],
    "gas_share_of_fossil": lambda f: f["gas_share"],
    "oil_share_of_fossil": lambda f: f["oil_share"],
    "coal_share_of_fossil": lambda f: f["coal_share"],
}

PUBLISHED = [r for r in liangjiang.plan_figures().iter_rows(named=True) if r["figure"] in COMPUTED]


def _rounded(value: float, decimals: int) -> float:
    return float(
        Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    )


@pytest.mark.parametrize("published", PUBLISHED, ids=lambda r: f"{r['figure']}-{r['year']}")
def test_demo_reproduces_published_figure(
    published: dict[str, object], figures: dict[int, dict[str, float]]
) -> None:
    computed = COMPUTED[str(published["figure"])](figures[int(published["year"])])  # type: ignore[call-overload]
    assert _rounded(computed, int(published["decimals"])) == published["value"]  # type: ignore[call-overload]


def test_all_ten_published_figures_are_checked() -> None:
    assert len(PUBLISHED) == 10  # 2 totals, 2 intensities, 2 per-capita, 4 shares of 2020


def test_electricity_is_mostly_imported() -> None:
    # Plan ch.2: 区内用电以火电调入为主 — purchased electricity is the largest single source.
    emissions = compute_emissions(liangjiang.activities(), liangjiang.method()).filter(year=2020)
    share = summary_figures(emissions)["electricity_co2e_share"].item()
    assert share > 0.5


def test_demo_data_say_they_are_illustrative() -> None:
    assert liangjiang.activities()["data_source"].str.contains("ILLUSTRATIVE").all()
    assert liangjiang.socioeconomic()["illustrative"].all()
