"""The compute step of an inventory version: activity data and factor set in, stored results out.

Loads the confirmed import's records and the factor set's composite factors, calls the core
(:func:`cityclimate.inventory.compute_emissions`, :func:`cityclimate.inventory.report.inventory_report`),
and stores the report and the record-level results on the version (replacing any). The life cycle
around it (which version may be computed, numbered, published) is in
:mod:`cityclimate.services.inventory_versions`.
"""

from __future__ import annotations

from typing import Any

import polars as pl
from sqlalchemy import delete, insert
from sqlalchemy.orm import Session

from cityclimate.errors import DataValidationError, Problem
from cityclimate.inventory import compute_emissions
from cityclimate.inventory.model import EMISSION_COLUMNS
from cityclimate.inventory.record_places import by_position, placed
from cityclimate.inventory.report import inventory_report
from cityclimate.services import audit, socioeconomic
from cityclimate.services.errors import ConflictError
from cityclimate.services.factor_sets import composite_factors, method_from_json, method_used
from cityclimate.services.imports import load_records
from cityclimate.services.territories import grid_region_table, territory_table
from cityclimate.storage.models import ActivityImport, FactorSet, InventoryResult, InventoryVersion

#: The columns of a stored result row (the engine's emission columns).
RESULT_COLUMNS = list(EMISSION_COLUMNS)


def _year_error(
    item: ActivityImport, year: int, zh: str, en: str, row: int | None = None
) -> DataValidationError:
    return DataValidationError([Problem(item.filename, row, "year", str(year), zh, en)])


def _compute(
    item: ActivityImport, records: pl.DataFrame, factor_set: FactorSet, session: Session
) -> pl.DataFrame:
    """The core's compute on the stored records, each problem named by the file, sheet, row and
    column header the record came from (issue 13)."""
    try:
        return compute_emissions(
            by_position(records),
            method_from_json(factor_set.method),
            factors=composite_factors(session, factor_set),
            territories=territory_table(session),
            grid_regions=grid_region_table(session),
            where=item.filename,
        )
    except DataValidationError as exc:
        raise placed(exc, item.filename, records=records, columns=item.headers) from exc


def calculate(
    session: Session,
    version: InventoryVersion,
    item: ActivityImport,
    factor_set: FactorSet,
    chosen_because: str = "stored with the version",
) -> None:
    """Compute the version's results with the core and store them (replacing any)."""
    if item.status != "confirmed":
        raise ConflictError(
            f"导入 {item.id} 尚未确认，不能用于计算",
            f"import {item.id} is not confirmed: confirm it before computing",
        )
    if version.year not in (item.years or []):
        absent = _year_error(
            item,
            version.year,
            f"导入 {item.id} 中没有 {version.year} 年的记录",
            f"import {item.id} has no records for {version.year}",
        )
        raise placed(absent, item.filename, columns=item.headers)
    method = method_from_json(factor_set.method)
    records = load_records(session, item.id)
    emissions = _compute(item, records, factor_set, session)
    rows = emissions.filter(
        (pl.col("year") == version.year) & (pl.col("territory") == version.territory_code)
    )
    if rows.is_empty():
        # e.g. a year holding only landfill deposits: by the first-order-decay method they emit
        # from the following year on (IPCC 2006 Vol. 5 Ch. 3 Eq. 3.5), not in the year itself.
        # Named at the year's first record, as the user sees it.
        first = records.with_row_index("at", offset=1).filter(pl.col("year") == version.year)
        error = _year_error(
            item,
            version.year,
            f"导入 {item.id} 中 {version.year} 年的记录在该年不产生排放（例如填埋量按一阶衰减法"
            "从次年起才产生甲烷）：请计算之后的年份，或补充该年的活动水平数据",
            f"the records of {version.year} in import {item.id} cause no emissions in "
            f"{version.year} (landfill deposits, for instance, emit methane from the following "
            "year on, by first-order decay): compute a later year, or add that year's activity "
            "data",
            row=int(first["at"][0]) if not first.is_empty() else None,
        )
        raise placed(error, item.filename, records=records, columns=item.headers)
    report = inventory_report(
        rows,
        year=version.year,
        method=method,
        territory=version.territory_code,
        socioeconomic=socioeconomic.table(session, version.territory_code),
        illustrative=item.illustrative,
    )
    report["quality"] = _quality(rows)
    report["method_used"] = method_used(factor_set, chosen_because=chosen_because)
    version.report = audit.json_safe(report)
    version.gross_co2e_t = float(report["summary"]["gross_co2e_t"] or 0.0)
    version.illustrative = item.illustrative
    version.import_id = item.id
    version.factor_set_id = factor_set.id
    session.execute(delete(InventoryResult).where(InventoryResult.version_id == version.id))
    results = rows.select(RESULT_COLUMNS).with_columns(
        version_id=pl.lit(version.id), scope=pl.col("scope").cast(pl.Int64)
    )
    for chunk in results.iter_slices(5000):
        session.execute(insert(InventoryResult), audit.json_safe(chunk.to_dicts()))


def _quality(rows: pl.DataFrame) -> dict[str, Any]:
    """Data-quality status: share of CO2e by data-quality tier and by factor level."""
    total = float(rows["co2e_t"].abs().sum()) or 1.0
    out: dict[str, Any] = {}
    for column in ("quality_tier", "factor_level"):
        grouped = rows.group_by(column).agg(pl.col("co2e_t").abs().sum().alias("co2e_t"))
        out[column] = [
            {"key": key or "unknown", "share": value / total}
            for key, value in grouped.sort("co2e_t", descending=True).iter_rows()
        ]
    out["nearest_year_factors"] = int(
        rows.filter(pl.col("selection_reason").str.contains("nearest year")).height
    )
    return out
