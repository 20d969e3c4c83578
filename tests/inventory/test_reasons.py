"""Why a factor was chosen, in both languages: every reason the engine records is understood."""

from __future__ import annotations

import re

from cityclimate.demo import liangjiang
from cityclimate.inventory import compute_emissions
from cityclimate.inventory.reasons import equation_of, reason_text


def test_every_reason_of_the_demo_inventory_reads_in_chinese() -> None:
    reasons = set(
        compute_emissions(liangjiang.activities(), liangjiang.method())["selection_reason"]
    )
    assert len(reasons) > 3
    for reason in reasons:
        text = reason_text(reason)
        # outside the factor set's code in parentheses, no English word is left in the Chinese
        words = re.findall(r"[A-Za-z]{2,}", re.sub(r"（[\w.]+）", "", text.zh))
        assert words in ([], ["IPCC"]), (reason, text.zh)
        assert text.en


def test_the_nearest_year_and_the_region_are_said() -> None:
    text = reason_text(
        "provincial factor for 500000 (cn_grid_average); nearest year 2021-2021: none valid for 2019"
    )
    assert text.zh == (
        "省级因子，地区：重庆市（500000），因子集（cn_grid_average）；"
        "2019 年无有效因子，采用最近年份（2021 年）的因子"
    )
    assert text.en.endswith("nearest year 2021: none valid for 2019")


def test_a_decay_reason_keeps_its_equation_apart() -> None:
    reason = "FOD: deposited 2010, decaying in 2018 (DOC 0.15 × DOCf 0.5; k 0.4/yr)"
    assert reason_text(reason).zh == "一阶衰减法：2010 年填埋，2018 年降解"
    assert equation_of(reason) == "DOC 0.15 × DOCf 0.5; k 0.4/yr"
    assert equation_of("national factor for CN (x)") is None
    zoned = "FOD: deposited 2010, decaying in 2011, climate zone boreal_temperate_wet (DOC 0.2; k 0.1/yr)"
    assert (
        reason_text(zoned).zh
        == "一阶衰减法：2010 年填埋，2011 年降解，气候区（boreal_temperate_wet）"
    )
    assert equation_of(zoned) == "DOC 0.2; k 0.1/yr"


def test_a_reason_of_another_form_is_shown_as_it_is() -> None:
    assert reason_text("hand-picked").zh == "hand-picked"
