"""The inventory report in JSON, CSV and XLSX carries the same numbers (issue 11, item 8).

Each format is read back on its own terms (``csv`` for the CSV, openpyxl for the workbook, the
JSON as sent) and summed here: the total and every category and sector agree across the three.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

REL = 1e-9


def _sums(rows: list[dict[str, object]], key: str, *, sinks: bool) -> dict[str, float]:
    out: dict[str, float] = defaultdict(float)
    for row in rows:
        if sinks or row["sector"] != "sinks":
            out[str(row[key])] += float(row["co2e_t"])  # type: ignore[arg-type]
    return dict(out)


def _close(a: dict[str, float], b: dict[str, float]) -> bool:
    return a.keys() == b.keys() and all(a[k] == pytest.approx(b[k], rel=REL) for k in a)


def test_json_csv_and_xlsx_reports_give_the_same_totals(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    headers = auth("public")
    vid = client.get("/api/v1/inventories?year=2020", headers=headers).json()["items"][0]["id"]
    url = f"/api/v1/inventories/{vid}/report"
    report = client.get(url, headers=headers).json()["report"]
    as_csv = client.get(f"{url}?format=csv", headers=headers)
    csv_rows = list(csv.DictReader(io.StringIO(as_csv.content.decode("utf-8-sig"))))
    book = load_workbook(io.BytesIO(client.get(f"{url}?format=xlsx", headers=headers).content))

    records_sheet = book["明细 Records"].iter_rows(values_only=True)
    columns = next(records_sheet)
    xlsx_rows = [dict(zip(columns, row, strict=True)) for row in records_sheet]
    assert len(xlsx_rows) == len(csv_rows) > 0

    # by category (sinks included, as the JSON's category breakdown)
    json_category = {r["key"]: r["co2e_t"] for r in report["breakdowns"]["category"]}
    assert _close(_sums(csv_rows, "category", sinks=True), json_category)
    assert _close(_sums(xlsx_rows, "category", sinks=True), json_category)

    # by sector (sources only), and the workbook's own sector sheet
    json_sector = {r["key"]: r["co2e_t"] for r in report["breakdowns"]["sector"]}
    sector_sheet = book["分部门 By sector"].iter_rows(min_row=2, values_only=True)
    assert _close({str(k): float(v) for k, v in sector_sheet}, json_sector)
    assert _close(_sums(csv_rows, "sector", sinks=False), json_sector)
    assert _close(_sums(xlsx_rows, "sector", sinks=False), json_sector)

    # overall: gross and net, in the summary sheet and summed over the rows of each format
    summary = {
        key: value
        for key, value in book["概要 Summary"].iter_rows(values_only=True, max_col=2)
        if key is not None
    }
    gross, net = report["summary"]["gross_co2e_t"], report["summary"]["net_co2e_t"]
    assert float(summary["gross_co2e_t"]) == pytest.approx(gross, rel=REL)
    assert float(summary["net_co2e_t"]) == pytest.approx(net, rel=REL)
    for rows in (csv_rows, xlsx_rows):
        assert sum(_sums(rows, "sector", sinks=False).values()) == pytest.approx(gross, rel=REL)
        assert sum(_sums(rows, "sector", sinks=True).values()) == pytest.approx(net, rel=REL)
