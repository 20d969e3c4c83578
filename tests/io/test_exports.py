"""Tests of cityclimate.io.exports: framework reports to .xlsx with native charts."""

from __future__ import annotations

import zipfile
from pathlib import Path

import polars as pl
from openpyxl import load_workbook

from cityclimate.demo import liangjiang
from cityclimate.inventory import compute_emissions
from cityclimate.inventory.framework_reports import framework_report, reconcile
from cityclimate.io.exports import FRAMEWORK_TITLES, framework_xlsx


def test_framework_workbook_has_every_row_keys_and_native_charts(tmp_path: Path) -> None:
    rows = compute_emissions(liangjiang.activities(), liangjiang.method()).filter(year=2020)
    tables = {f: framework_report(rows, f) for f in ("cn", "ipcc", "gpc")}  # type: ignore[arg-type]
    path = tmp_path / "frameworks.xlsx"
    extra = {"质量检查 QA findings": pl.DataFrame({"rule": ["x"], "value": [1.5]})}
    path.write_bytes(framework_xlsx(tables, reconcile(rows), extra=extra, notice="ILLUSTRATIVE"))
    book = load_workbook(path)
    assert book.sheetnames == [
        "核对 Reconciliation",
        *(FRAMEWORK_TITLES[f] for f in ("cn", "ipcc", "gpc")),
        "质量检查 QA findings",
    ]
    gpc = book["GPC"]
    codes = [gpc.cell(row=i, column=1).value for i in range(2, gpc.max_row + 1)]
    assert codes[: tables["gpc"].height] == tables["gpc"]["code"].to_list()
    aviation = codes.index("II.4.1") + 2
    assert gpc.cell(row=aviation, column=12).value == "NE"  # the key where there is no number
    assert book["核对 Reconciliation"]["A1"].value == "ILLUSTRATIVE"
    with zipfile.ZipFile(path) as package:
        charts = [n for n in package.namelist() if n.startswith("xl/charts/chart")]
    assert len(charts) == 3


def test_user_text_starting_with_equals_stays_text(tmp_path: Path) -> None:
    # Formula injection: a source or reason typed as '=HYPERLINK(...)' must not become a formula.
    from openpyxl import load_workbook as _load

    from cityclimate.io.exports import workbook

    path = tmp_path / "t.xlsx"
    with workbook(path) as book:
        book.add_worksheet("s").write_row(
            0, 0, ['=HYPERLINK("http://x","c")', "http://example.org"]
        )
    cell = _load(path)["s"]["A1"]
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("http://x","c")'
