"""The inventory report's assembly (core, no PDF): the guideline's sections in order, and a
recalculation listed with its reason and per-category change; rendered to HTML only (fast)."""

from __future__ import annotations

from datetime import date

import polars as pl

from cityclimate.demo import liangjiang
from cityclimate.inventory import compute_emissions
from cityclimate.inventory.quality import quality_report, quality_result
from cityclimate.inventory.report import inventory_report
from cityclimate.io.pdf_documents import document_html
from cityclimate.reporting.inventory_document import Recalculation, inventory_document
from cityclimate.reporting.model import Cover, Table
from cityclimate.text import Text


def test_sections_and_a_recalculation() -> None:
    method = liangjiang.method()
    emissions = compute_emissions(liangjiang.activities(), method)
    report = inventory_report(
        emissions, year=2020, method=method, territory=liangjiang.TERRITORY, illustrative=True
    )
    quality = quality_result(
        quality_report(emissions, year=2020, territory=liangjiang.TERRITORY, iterations=200)
    )
    rows = emissions.filter(pl.col("year") == 2020)
    change = Recalculation(
        2, "经济普查修订活动水平", (("energy.transport.road", 986_266.54, 1_000_000.0),)
    )
    cover = Cover(Text("甲区", "District A"), Text("甲区生态环境局", "Bureau"), date(2021, 6, 30))
    document = inventory_document(cover, report, quality, rows, [change])
    titles = [s.title.zh for s in document.sections]
    assert titles == [
        "编制方法",
        "活动水平数据",
        "排放因子",
        "清单结果",
        "不确定性分析",
        "关键类别分析",
        "质量保证与质量控制",
        "重新计算",
    ]
    recalculated = document.sections[-1].blocks
    table = recalculated[1]
    assert isinstance(table, Table)
    assert table.rows == ((Text("道路交通", table.rows[0][0].en), "98.63", "100.00"),)  # type: ignore[union-attr]
    html = document_html(document, "zh")
    assert "第 2 版：经济普查修订活动水平" in html and "2021 年 6 月 30 日" in html
    assert "甲区生态环境局" in html
    assert 'class="banner"' not in html  # real data: no illustrative banner
