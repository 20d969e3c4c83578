"""Reconciliation with the district inventory: coverage, and findings on constructed mismatches."""

from __future__ import annotations

import polars as pl
import pytest

from cityclimate.enterprises import reconcile


def rows(*items: tuple[str, str | None, str, float, str | None]) -> pl.DataFrame:
    return pl.DataFrame(
        [
            {
                "territory": "LJ-2016",
                "year": 2020,
                "sub_area": s,
                "category": c,
                "co2e_t": v,
                "enterprise_id": e,
            }
            for c, s, _, v, e in items
        ],
        schema={
            "territory": pl.String,
            "year": pl.Int64,
            "sub_area": pl.String,
            "category": pl.String,
            "co2e_t": pl.Float64,
            "enterprise_id": pl.String,
        },
    )


POWER = "energy.energy_industries.combustion"
INDUSTRY = "energy.manufacturing.combustion"
DISPLAY = "ippu.electronics.display"
DISTRICT = rows(
    (POWER, "LJ-2016-YF", "", 1000.0, None),
    (INDUSTRY, "LJ-2016-ST", "", 500.0, None),
    (INDUSTRY, "LJ-2016-LX", "", 500.0, None),
    (DISPLAY, "LJ-2016-ST", "", 100.0, None),
    ("sink.forest", "LJ-2016-LX", "", -50.0, None),
)


def test_consistent_enterprises_give_coverage_and_no_findings() -> None:
    ours = rows((POWER, "LJ-2016-YF", "", 980.0, "E-A"), (DISPLAY, "LJ-2016-ST", "", 95.0, "E-B"))
    result = reconcile(ours, DISTRICT, "LJ-2016", 2020)
    assert result.findings == ()
    coverage = dict(result.by_category.select("category", "coverage").iter_rows())
    assert coverage[POWER] == pytest.approx(0.98) and coverage[INDUSTRY] == 0.0
    assert "sink.forest" not in coverage
    sectors = dict(result.by_sector.select("sector", "coverage").iter_rows())
    assert sectors["energy"] == pytest.approx(0.98)


def test_enterprises_above_their_sub_area_are_an_error_even_when_the_category_total_fits() -> None:
    # 600 t in ST > 500 t in the district's ST, though 600 < 1,000 t district-wide.
    ours = rows((INDUSTRY, "LJ-2016-ST", "", 600.0, "E-A"))
    findings = reconcile(ours, DISTRICT, "LJ-2016", 2020).findings
    (finding,) = [f for f in findings if f.severity == "error"]
    assert (finding.severity, finding.rule) == ("error", "enterprises_exceed_district")
    assert "LJ-2016-ST" in finding.where and INDUSTRY in finding.where
    assert "+20.0%" in finding.message_en and "600" in finding.value
    assert finding.fix_zh and finding.fix_en


def test_category_total_exceeded_and_missing_category() -> None:
    ours = rows(
        (POWER, "LJ-2016-YF", "", 1200.0, "E-A"),
        ("ippu.mineral.cement", "LJ-2016-LX", "", 10.0, "E-C"),
    )
    rules = [f.rule for f in reconcile(ours, DISTRICT, "LJ-2016", 2020).findings]
    assert rules.count("enterprises_exceed_district") == 2  # category and its sub-area
    assert "category_missing_in_district" in rules


def test_tolerance_and_expected_coverage() -> None:
    ours = rows((POWER, "LJ-2016-YF", "", 1004.0, "E-A"), (DISPLAY, "LJ-2016-ST", "", 50.0, "E-B"))
    findings = reconcile(ours, DISTRICT, "LJ-2016", 2020).findings
    # 0.4 % above is within the 0.5 % tolerance; 50 % of display F-gases is below the 90 % expected.
    assert [(f.severity, f.rule) for f in findings] == [("warning", "coverage_below_expected")]
    assert DISPLAY in findings[0].where
    strict = reconcile(ours, DISTRICT, "LJ-2016", 2020, tolerance=0.0).findings
    assert strict[0].rule == "enterprises_exceed_district"


def test_other_years_are_left_out_and_missing_reporters_show_as_low_coverage() -> None:
    ours = rows((POWER, "LJ-2016-YF", "", 5000.0, "E-A")).with_columns(year=pl.lit(2019, pl.Int64))
    findings = reconcile(ours, DISTRICT, "LJ-2016", 2020).findings
    # No 2020 report: the power plant and the display plant are missing from the district's view.
    assert {(f.rule, f.where.split(", ")[-1]) for f in findings} == {
        ("coverage_below_expected", POWER),
        ("coverage_below_expected", DISPLAY),
    }
