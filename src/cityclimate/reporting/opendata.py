"""Open-data layouts of published figures: the Open SDG data CSV and its YAML metadata, and
SDMX-CSV (issue 19, the open-data portal).

The input is one long table of published observations (:data:`OBSERVATION_COLUMNS`): one row
per territory, dataset (an indicator of the plan, or the GHG inventory), year and
disaggregation (a sector of the inventory; ``None`` for the headline), with its value and unit.

Open SDG data format (open-sdg/open-sdg ``docs/data-format.md``): the first column is ``Year``,
the last ``Value``; ``GeoCode`` second to last when present; ``Units`` optional; free
disaggregation columns in between, where a blank cell means "all" and a row blank in every
disaggregation column is the headline series. Metadata: one YAML file per indicator with the
SDMX metadata concepts (``docs/metadata-format.md``); a non-SDG hierarchy is expressed as
Goal → Target → Indicator (``docs/non-sdg.md``).

SDMX-CSV (SDMX 2.1 CSV format, version 1.0): first column ``DATAFLOW`` (agency:id(version)),
then the dimensions, ``TIME_PERIOD``, ``OBS_VALUE``, then the attributes.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Mapping, Sequence
from typing import Any

import polars as pl

#: The observations every layout is made from.
OBSERVATION_COLUMNS = {
    "territory": pl.String,
    "dataset": pl.String,
    "year": pl.Int32,
    "sector": pl.String,  # the disaggregation; None for the headline
    "value": pl.Float64,
    "unit": pl.String,
}
#: The agency and dataflow of the SDMX-CSV downloads.
DATAFLOW = "CITYCLIMATE:DF_CLIMATE_PLAN(1.0)"


def observations(rows: Sequence[Mapping[str, Any]]) -> pl.DataFrame:
    """The observations as a frame with :data:`OBSERVATION_COLUMNS` (missing keys are null)."""
    return pl.DataFrame(
        [{k: r.get(k) for k in OBSERVATION_COLUMNS} for r in rows],
        schema=OBSERVATION_COLUMNS,
        orient="row",
    )


def _number(value: float | None) -> str:
    """A value as data: full precision, no thousands separator; blank when missing."""
    if value is None or not math.isfinite(value):
        return ""
    return repr(float(value)) if value != int(value) else str(int(value))


def open_sdg_csv(frame: pl.DataFrame, dataset: str, *, sector_column: str = "Sector") -> str:
    """One dataset in the Open SDG data layout: ``Year, [Sector,] Units, GeoCode, Value``.

    The headline rows (no sector) have a blank ``Sector`` cell; the column is left out when
    the dataset has no disaggregation.

    Examples
    --------
    >>> rows = observations([
    ...     {"territory": "T1", "dataset": "ghg", "year": 2020, "value": 10.5, "unit": "t"},
    ...     {"territory": "T1", "dataset": "ghg", "year": 2020, "sector": "工业", "value": 6,
    ...      "unit": "t"},
    ... ])
    >>> print(open_sdg_csv(rows, "ghg"), end="")
    Year,Sector,Units,GeoCode,Value
    2020,,t,T1,10.5
    2020,工业,t,T1,6
    """
    rows = frame.filter(pl.col("dataset") == dataset).sort(
        "year", pl.col("sector").is_not_null(), "sector", "territory"
    )
    disaggregated = rows["sector"].is_not_null().any()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["Year", *([sector_column] if disaggregated else []), "Units", "GeoCode", "Value"]
    )
    for r in rows.iter_rows(named=True):
        sector = [r["sector"] or ""] if disaggregated else []
        writer.writerow([r["year"], *sector, r["unit"] or "", r["territory"], _number(r["value"])])
    return out.getvalue()


def open_sdg_meta(meta: Mapping[str, Any]) -> str:
    """The YAML metadata of one indicator (Open SDG ``meta/<id>.md`` front matter keys).

    ``meta`` gives ``indicator_number, name, goal, target, unit, nature, source, organisation,
    definition, published`` (bool); the output uses Open SDG's settings (``reporting_status``,
    ``graph_type``, ``computation_units`` …) and the SDMX metadata concepts
    (``COMPILING_ORG``, ``STAT_CONC_DEF``, ``UNIT_MEASURE``, ``SOURCE_TYPE``).

    Examples
    --------
    >>> print(open_sdg_meta({"indicator_number": "2-1-1", "name": "碳强度", "goal": "2",
    ...     "target": "2-1", "unit": "%", "published": True}).splitlines()[0])
    indicator_number: "2-1-1"
    """
    published = bool(meta.get("published"))
    fields: list[tuple[str, object]] = [
        ("indicator_number", meta.get("indicator_number", "")),
        ("indicator_name", meta.get("name", "")),
        ("goal_meta_link", meta.get("goal", "")),
        ("target_id", meta.get("target", "")),
        ("reporting_status", "complete" if published else "notstarted"),
        ("published", published),
        ("data_non_statistical", False),
        ("graph_type", "line"),
        ("graph_title", meta.get("name", "")),
        ("computation_units", meta.get("unit", "")),
        ("national_indicator_available", meta.get("nature", "")),
        ("source_active_1", True),
        ("source_organisation_1", meta.get("organisation", "")),
        ("source_periodicity_1", "annual"),
        ("COMPILING_ORG", meta.get("organisation", "")),
        ("STAT_CONC_DEF", meta.get("definition", "")),
        ("UNIT_MEASURE", meta.get("unit", "")),
        ("SOURCE_TYPE", meta.get("source", "")),
    ]
    return "".join(f"{key}: {_yaml(value)}\n" for key, value in fields)


def _yaml(value: object) -> str:
    """A YAML scalar: booleans as true/false, everything else a double-quoted string."""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return f'"{text}"'


def sdmx_csv(frame: pl.DataFrame, *, dataflow: str = DATAFLOW) -> str:
    """Every observation in SDMX-CSV: ``DATAFLOW, REF_AREA, INDICATOR, SECTOR, TIME_PERIOD,
    OBS_VALUE, UNIT_MEASURE`` (``_T`` is the SDMX code for the total of a dimension).

    Examples
    --------
    >>> rows = observations([{"territory": "T1", "dataset": "ghg", "year": 2020,
    ...     "value": 10.5, "unit": "t"}])
    >>> print(sdmx_csv(rows).splitlines()[1])
    CITYCLIMATE:DF_CLIMATE_PLAN(1.0),T1,ghg,_T,2020,10.5,t
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["DATAFLOW", "REF_AREA", "INDICATOR", "SECTOR", "TIME_PERIOD", "OBS_VALUE", "UNIT_MEASURE"]
    )
    ordered = frame.sort("territory", "dataset", "year", pl.col("sector").is_not_null(), "sector")
    for r in ordered.iter_rows(named=True):
        writer.writerow(
            [
                dataflow,
                r["territory"],
                r["dataset"],
                r["sector"] or "_T",
                r["year"],
                _number(r["value"]),
                r["unit"] or "",
            ]
        )
    return out.getvalue()
