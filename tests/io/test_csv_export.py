"""Tests of cityclimate.io.csv_export: text a spreadsheet would evaluate is written as text."""

from __future__ import annotations

import csv
import io

import polars as pl
import pytest

from cityclimate.io.csv_export import csv_text

DANGEROUS = ['=HYPERLINK("http://x")', "+1+2", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]
HARMLESS = ["natural_gas", "1-2", "a=b", "", "万Nm³", "row-3"]


@pytest.mark.parametrize("text", DANGEROUS)
def test_formula_like_text_gets_an_apostrophe(text: str) -> None:
    out = csv_text(pl.DataFrame({"record_id": [text], "co2e_t": [-1.5]}))
    (row,) = list(csv.DictReader(io.StringIO(out)))
    assert row["record_id"] == "'" + text
    assert row["co2e_t"] == "-1.5"  # numbers stay numbers, negative ones too


@pytest.mark.parametrize("text", HARMLESS)
def test_other_text_is_unchanged(text: str) -> None:
    out = csv_text(pl.DataFrame({"fuel": [text, None], "year": [2020, 2021]}))
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["fuel"], r["year"]) for r in rows] == [(text, "2020"), ("", "2021")]
