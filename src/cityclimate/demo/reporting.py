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
from cityclimate.reporting.inventory_document import inventory_document
from cityclimate.reporting.model import Cover, Document
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
        subject=name("territory", liangjiang.TERRITORY),
        issuer=issuer(),
        issued_on=issued_on or date(year + 1, 6, 30),
        version=Text("示例", "demo"),
        illustrative=True,
        notice=NOTICE,
    )
    return inventory_document(cover, report, quality, rows)


def _cover(illustrative_on: date) -> Cover:
    return Cover(
        subject=name("territory", liangjiang.TERRITORY),
        issuer=issuer(),
        issued_on=illustrative_on,
        illustrative=True,
        notice=NOTICE,
    )


def evaluation(year: int) -> Document:
    """The demo plan's annual evaluation report of ``year`` (2021–2023)."""
    from cityclimate.demo.plan import liangjiang_annual_evaluation
    from cityclimate.plan.annual_evaluation import annual_evaluation_dict
    from cityclimate.reporting.plan_documents import evaluation_document

    made = annual_evaluation_dict(liangjiang_annual_evaluation(year))
    return evaluation_document(_cover(date(year + 1, 3, 31)), made)


def assessment(year: int, department: str) -> Document:
    """The demo's assessment notice to ``department`` (ValueError if it is not assessed)."""
    from cityclimate.demo.plan import liangjiang_annual_evaluation
    from cityclimate.plan.annual_evaluation import annual_evaluation_dict
    from cityclimate.reporting.plan_documents import assessment_notice

    made = annual_evaluation_dict(liangjiang_annual_evaluation(year))
    return assessment_notice(_cover(date(year + 1, 3, 31)), made, department)


def park() -> Document:
    """The illustrative Liangjiang park's self-assessment."""
    from cityclimate import parks as core
    from cityclimate.demo import parks as demo_parks
    from cityclimate.reporting.entity_documents import park_document, park_issuer

    table, inventories = demo_parks.evaluation(liangjiang.method(), None)
    summary = core.evaluation_summary(demo_parks.park(), table, inventories)
    about = summary["park"]
    subject = Text(about["name_zh"], about["name_en"])
    cover = Cover(
        subject=subject,
        issuer=park_issuer(subject),
        issued_on=date(2026, 12, 31),
        illustrative=True,
        notice=Text(demo_parks.NOTICE_ZH, demo_parks.NOTICE_EN),
    )
    return park_document(cover, summary)
