"""The documents of the ILLUSTRATIVE Liangjiang demo, assembled without a database (for
``cityclimate report pdf KIND --demo``): the same core assembly as the stored path, fed with
the demo's activity data computed in memory."""

from __future__ import annotations

from datetime import date

import polars as pl

from cityclimate.demo import liangjiang
from cityclimate.inventory import compute_emissions
from cityclimate.inventory.quality import quality_report, quality_result
from cityclimate.inventory.report import inventory_report
from cityclimate.names import name
from cityclimate.reporting.inventory_document import Cover, inventory_document
from cityclimate.reporting.model import Document
from cityclimate.text import Text

NOTICE = Text(liangjiang.NOTICE_ZH, liangjiang.NOTICE_EN)
#: Monte Carlo iterations of the demo documents (as the stored versions' quality result).
ITERATIONS = 5_000


def issuer() -> Text:
    """The demo's issuing body (illustrative)."""
    place = name("territory", liangjiang.TERRITORY)
    return Text(
        f"{place.zh}应对气候变化主管部门（示例）",
        f"Climate-change authority of {place.en} (illustrative)",
    )


def inventory(year: int, issued_on: date | None = None) -> Document:
    """The demo's inventory report of ``year`` (ValueError if the demo has no such year)."""
    method = liangjiang.method()
    activities = liangjiang.activities()
    emissions = compute_emissions(
        activities, method, where="liangjiang/activities.csv", first_row=2
    )
    if emissions.filter(pl.col("year") == year).is_empty():
        years = sorted(set(emissions["year"].to_list()))
        raise ValueError(f"the demo has no inventory year {year} (it has {years})")
    report = inventory_report(
        emissions,
        year=year,
        method=method,
        territory=liangjiang.TERRITORY,
        socioeconomic=liangjiang.socioeconomic(),
        illustrative=True,
    )
    quality = quality_result(
        quality_report(
            emissions,
            year=year,
            territory=liangjiang.TERRITORY,
            activities=activities,
            reported=liangjiang.plan_figures(),
            iterations=ITERATIONS,
            seed=0,
        )
    )
    rows = emissions.filter(
        (pl.col("year") == year) & (pl.col("territory") == liangjiang.TERRITORY)
    )
    cover = Cover(
        territory=name("territory", liangjiang.TERRITORY),
        issuer=issuer(),
        issued_on=issued_on or date(year + 1, 6, 30),
        version=Text("示例", "demo"),
        illustrative=True,
        notice=NOTICE,
    )
    return inventory_document(cover, report, quality, rows)
