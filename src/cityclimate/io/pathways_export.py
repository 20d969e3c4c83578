"""Export a pathway study to XLSX (xlsxwriter): every table, with native charts."""

from __future__ import annotations

import io
from typing import Any

import polars as pl
import xlsxwriter

from cityclimate.io.exports import _write_frame, workbook
from cityclimate.pathways import Study


def study_tables(study: Study) -> dict[str, pl.DataFrame]:
    """Every table of a study, by sheet name (units in the column names)."""
    tables: dict[str, pl.DataFrame] = {}
    summary = []
    for name, result in study.results.items():
        row: dict[str, Any] = {
            "scenario": name,
            "title_zh": result.scenario.title_zh,
            "title_en": result.scenario.title_en,
            "peak_year": result.peak.year,
            "peak_co2e_t": result.peak.co2e_t,
            "peaks_within_horizon": result.peak.within_horizon,
        }
        for target in result.targets:
            row[f"{target.indicator_id}_{target.target_year}_pct"] = (
                target.reduction_at_target_year_pct
            )
            row[f"{target.indicator_id}_target_pct"] = target.target_pct
            row[f"{target.indicator_id}_first_year_met"] = target.first_year_met
        mc = study.uncertainty.get(name)
        if mc is not None:
            for by_year, p in mc.peak_probability.iter_rows():
                row[f"probability_peak_by_{by_year}"] = p
            for target_row in mc.target_probability.iter_rows(named=True):
                row[f"probability_{target_row['indicator_id']}_met"] = target_row["probability_met"]
        summary.append(row)
    tables["概要 Summary"] = pl.DataFrame(summary)
    tables["分部门峰值 Sector peaks"] = pl.concat(
        [
            r.sector_peaks.select(pl.lit(n).alias("scenario"), pl.all())
            for n, r in study.results.items()
        ]
    )
    tables["总量 Totals"] = pl.concat(
        [r.totals.select(pl.lit(n).alias("scenario"), pl.all()) for n, r in study.results.items()]
    )
    for column, sheet in (
        ("sector", "分部门 By sector"),
        ("fuel", "分燃料 By fuel"),
        ("gas", "分气体 By gas"),
    ):
        tables[sheet] = pl.concat(
            [
                r.emissions.group_by("year", column)
                .agg(pl.col("co2e_t").sum())
                .select(pl.lit(n).alias("scenario"), "year", column, "co2e_t")
                for n, r in study.results.items()
            ]
        ).sort("scenario", "year", column)
    tables["能源 Energy"] = pl.concat(
        [
            r.energy.group_by("year", "sector", "fuel")
            .agg(pl.col("energy_tce").sum())
            .select(pl.lit(n).alias("scenario"), "year", "sector", "fuel", "energy_tce")
            for n, r in study.results.items()
        ]
    ).sort("scenario", "year", "sector", "fuel")
    if study.wedges:
        tables["减排楔形 Wedges"] = pl.concat(
            [
                w.frame().select(pl.lit(n).alias("scenario"), pl.all())
                for n, w in study.wedges.items()
            ]
        )
        tables["分部门楔形 Wedges by sector"] = pl.concat(
            [
                w.sector_frame().select(pl.lit(n).alias("scenario"), pl.all())
                for n, w in study.wedges.items()
            ]
        )
    if study.uncertainty:
        tables["不确定性 Fan chart"] = pl.concat(
            [
                m.fan.select(pl.lit(n).alias("scenario"), pl.all())
                for n, m in study.uncertainty.items()
            ]
        )
    if study.decomposition is not None:
        d = study.decomposition
        tables["LMDI分解 Decomposition"] = d.effects.select(
            pl.lit(d.start_year).alias("start_year"), pl.lit(d.end_year).alias("end_year"), pl.all()
        )
        tables["LMDI分部门 By sector"] = d.by_sector
    tables["杠杆 Levers"] = pl.DataFrame(
        [
            {
                "lever": lever.id,
                "name_zh": lever.name_zh,
                "name_en": lever.name_en,
                "sector": lever.sector,
                "kind": lever.kind.value,
                "amount": lever.amount,
                "amount_unit": lever.amount_unit,
                "start_year": lever.start_year,
                "ramp_years": lever.ramp_years,
                "cost_yuan_per_t": lever.cost_yuan_per_t,
                "illustrative": lever.illustrative,
                "source": lever.source,
                # Why the lever acts on nothing in this territory ("" when it acts).
                "note_zh": study.model.idle_levers[lever.id].zh
                if lever.id in study.model.idle_levers
                else "",
                "note_en": study.model.idle_levers[lever.id].en
                if lever.id in study.model.idle_levers
                else "",
                **{
                    f"strength_{n}": (
                        r.scenario.levers[lever.id].strength
                        if lever.id in r.scenario.levers
                        else 0.0
                    )
                    for n, r in study.results.items()
                },
            }
            for lever in study.levers.values()
        ]
    )
    tables["驱动因素 Drivers"] = pl.concat(
        [r.drivers.select(pl.lit(n).alias("scenario"), pl.all()) for n, r in study.results.items()]
    )
    tables["活动水平 Activity"] = pl.concat(
        [r.activity.select(pl.lit(n).alias("scenario"), pl.all()) for n, r in study.results.items()]
    )
    return tables


#: Sheet of the published (actual) inventory years.
ACTUAL_SHEET = "实际 Actual (published)"


def pathways_xlsx(study: Study, notice: str = "", actual: pl.DataFrame | None = None) -> bytes:
    """Every table of the study as an XLSX workbook, with a line chart of gross emissions.

    The first sheet carries ``notice`` (e.g. the ILLUSTRATIVE warning of the demo) in red;
    ``actual`` (the published inventory years: ``year, gross_co2e_t, net_co2e_t, version_id``)
    becomes its own sheet beside the modelled totals.
    """
    tables = study_tables(study)
    if actual is not None:
        tables = {**tables, ACTUAL_SHEET: actual}
    buffer = io.BytesIO()
    with workbook(buffer) as book:
        bold = book.add_format({"bold": True})
        number = book.add_format({"num_format": "#,##0.00"})
        for i, (sheet_name, table) in enumerate(tables.items()):
            sheet = book.add_worksheet(sheet_name[:31])
            first = 0
            if i == 0 and notice:
                sheet.write(0, 0, notice, book.add_format({"bold": True, "font_color": "#b00020"}))
                first = 2
            _write_frame(sheet, table, first, bold, number)
            sheet.set_column(0, len(table.columns) - 1, 16)
            if sheet_name == "总量 Totals":
                _totals_chart(book, sheet, study, table)
    return buffer.getvalue()


def _totals_chart(book: xlsxwriter.Workbook, sheet: Any, study: Study, table: pl.DataFrame) -> None:
    chart = book.add_chart({"type": "line"})
    year_col = table.columns.index("year")
    value_col = table.columns.index("gross_co2e_t")
    row = 1
    for name, result in study.results.items():
        n = result.totals.height
        chart.add_series(
            {
                "name": name,
                "categories": [sheet.name, row, year_col, row + n - 1, year_col],
                "values": [sheet.name, row, value_col, row + n - 1, value_col],
            }
        )
        row += n
    chart.set_title({"name": "排放路径 Gross emissions (t CO2e)"})
    sheet.insert_chart(1, len(table.columns) + 1, chart)
