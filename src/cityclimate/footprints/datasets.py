"""The product emission-factor database: datasets, their import check, the inventory's own.

A :class:`DatasetRecord` is one secondary (background) dataset: the cradle-to-gate emissions of one
unit of a product or service (kg CO2e per kWh of grid electricity, per kg of aluminium …) with
its source, region, year, version and licence, as GB/T 24067-2024 §6.3.5 asks a study to state
for every secondary datum. :func:`datasets_from_table` checks a whole table of them
(all-or-nothing, every problem located by file, row and field in zh and en);
:func:`inventory_datasets` offers the inventory's own factors (grid electricity by province and
year, fuel combustion) as datasets.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import polars as pl

from cityclimate.errors import DataValidationError, Problem
from cityclimate.footprints.model import Dataset, Quality
from cityclimate.footprints.pact import province_name
from cityclimate.text import Text

__all__ = ["DATASET_FIELDS", "DatasetRecord", "datasets_from_table", "inventory_datasets"]


@dataclass(frozen=True)
class DatasetRecord:
    """One entry of the emission-factor database as users see it (bilingual name, ratings):
    kg CO2e per ``unit`` of the product it describes; :meth:`as_dataset` gives the
    calculation's :class:`~cityclimate.footprints.model.Dataset`.

    ``dqr`` holds PACT's data quality ratings (``technological``, ``geographical``,
    ``temporal``; 1 best … 5 worst) when the source gives them.
    """

    code: str
    name: Text
    unit: str
    co2e_kg_per_unit: float
    region: str
    year: int
    source: str
    version: str
    licence: str
    biogenic_kg_per_unit: float = 0.0
    dqr: Mapping[str, float] = field(default_factory=dict)

    def as_dataset(self, code: str | None = None, *, primary: bool = False) -> Dataset:
        """The calculation's dataset (as ``code`` when given; ratings the source does not give
        stay at the model's default)."""
        given = {
            k: v for k, v in self.dqr.items() if k in ("technological", "geographical", "temporal")
        }
        return Dataset(
            code=code or self.code,
            name=self.name.zh,
            unit=self.unit,
            factor=self.co2e_kg_per_unit - self.biogenic_kg_per_unit,
            source=self.source,
            region=self.region,
            year=self.year,
            version=self.version,
            licence=self.licence,
            biogenic=self.biogenic_kg_per_unit,
            quality=replace(Quality(), primary=primary, **given),
        )


@dataclass(frozen=True)
class _Field:
    key: str
    header_zh: str
    header_en: str
    required: bool


#: The columns of a dataset file (headers in Chinese, English or the key are accepted).
DATASET_FIELDS: tuple[_Field, ...] = (
    _Field("code", "编码", "code", True),
    _Field("name_zh", "名称", "name", True),
    _Field("name_en", "英文名称", "English name", False),
    _Field("unit", "单位", "unit", True),
    _Field("co2e_kg_per_unit", "排放因子(kgCO2e/单位)", "kg CO2e per unit", True),
    _Field("biogenic_kg_per_unit", "生物源(kgCO2e/单位)", "biogenic kg CO2e per unit", False),
    _Field("region", "地区", "region", True),
    _Field("year", "年份", "year", True),
    _Field("source", "来源", "source", True),
    _Field("version", "版本", "version", True),
    _Field("licence", "许可", "licence", True),
    _Field("dqr_technological", "技术代表性", "technological DQR", False),
    _Field("dqr_geographical", "地理代表性", "geographical DQR", False),
    _Field("dqr_temporal", "时间代表性", "temporal DQR", False),
)
_DQR = ("technological", "geographical", "temporal")
_FIRST_YEAR, _LAST_YEAR = 1990, 2100


def _header_map() -> dict[str, str]:
    return {h: f.key for f in DATASET_FIELDS for h in (f.key, f.header_zh, f.header_en)}


def _number(
    where: str, row: int, key: str, text: str | None, problems: list[Problem], *, low: float
) -> float | None:
    if text is None or not text.strip():
        return None
    try:
        value = float(text.strip().replace(",", ""))
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < low:
        problems.append(
            Problem(
                where,
                row,
                key,
                text,
                message=Text(
                    f"应为不小于 {low:g} 的数字", f"should be a number of at least {low:g}"
                ),
            )
        )
        return None
    return value


def datasets_from_table(frame: pl.DataFrame, where: str) -> list[DatasetRecord]:
    """Every dataset of a table read from a file, or one error listing every problem.

    Parameters
    ----------
    frame:
        Text columns named by the file's headers (Chinese, English or the key; see
        :data:`DATASET_FIELDS`) and ``_row``, the row number as the user sees it.
    where:
        The file's name, for the problems.

    Raises
    ------
    DataValidationError
        Unknown or missing columns, an empty required cell, a bad number or year, a DQR outside
        1–5, or a code given twice for the same version: each named by file, row and field.
    """
    by_header = _header_map()
    problems: list[Problem] = []
    columns = [c for c in frame.columns if c != "_row"]
    unknown = [c for c in columns if c not in by_header]
    keys = {by_header[c]: c for c in columns if c in by_header}
    missing = [f.key for f in DATASET_FIELDS if f.required and f.key not in keys]
    if unknown or missing:
        problems += [
            Problem(where, 1, c, c, message=Text("未知的列", "unknown column")) for c in unknown
        ]
        problems += [
            Problem(where, 1, k, message=Text("缺少必填列", "a required column is missing"))
            for k in missing
        ]
        raise DataValidationError(problems)
    out: list[DatasetRecord] = []
    seen: dict[tuple[str, str], int] = {}
    for record in frame.iter_rows(named=True):
        row = int(record["_row"])
        cell = {key: record[column] for key, column in keys.items()}
        blank = [
            f.key
            for f in DATASET_FIELDS
            if f.required and (cell.get(f.key) is None or not str(cell[f.key]).strip())
        ]
        problems += [
            Problem(where, row, k, message=Text("必填项为空", "a required cell is empty"))
            for k in blank
        ]
        value = _number(
            where, row, "co2e_kg_per_unit", cell.get("co2e_kg_per_unit"), problems, low=-1e12
        )
        biogenic = _number(
            where,
            row,
            "biogenic_kg_per_unit",
            cell.get("biogenic_kg_per_unit"),
            problems,
            low=-1e12,
        )
        year = _number(where, row, "year", cell.get("year"), problems, low=_FIRST_YEAR)
        if year is not None and (year != int(year) or year > _LAST_YEAR):
            problems.append(
                Problem(
                    where,
                    row,
                    "year",
                    str(cell.get("year")),
                    message=Text(
                        f"年份应为 {_FIRST_YEAR}–{_LAST_YEAR} 之间的整数",
                        f"the year should be a whole number from {_FIRST_YEAR} to {_LAST_YEAR}",
                    ),
                )
            )
            year = None
        dqr: dict[str, float] = {}
        for name in _DQR:
            rating = _number(where, row, f"dqr_{name}", cell.get(f"dqr_{name}"), problems, low=1)
            if rating is not None and rating > 5:
                problems.append(
                    Problem(
                        where,
                        row,
                        f"dqr_{name}",
                        str(cell.get(f"dqr_{name}")),
                        message=Text(
                            "数据质量评分应在 1–5 之间", "a data quality rating is 1 to 5"
                        ),
                    )
                )
            elif rating is not None:
                dqr[name] = rating
        code = str(cell.get("code") or "").strip()
        version = str(cell.get("version") or "").strip()
        if code and (code, version) in seen:
            problems.append(
                Problem(
                    where,
                    row,
                    "code",
                    code,
                    message=Text(
                        f"编码与版本与第 {seen[(code, version)]} 行重复",
                        f"the code and version repeat row {seen[(code, version)]}",
                    ),
                )
            )
        seen.setdefault((code, version), row)
        if blank or value is None or year is None:
            continue
        out.append(
            DatasetRecord(
                code=code,
                name=Text(str(cell["name_zh"]).strip(), str(cell.get("name_en") or "").strip()),
                unit=str(cell["unit"]).strip(),
                co2e_kg_per_unit=value,
                biogenic_kg_per_unit=biogenic or 0.0,
                region=str(cell["region"]).strip(),
                year=int(year),
                source=str(cell["source"]).strip(),
                version=version,
                licence=str(cell["licence"]).strip(),
                dqr=dqr,
            )
        )
    if problems:
        raise DataValidationError(problems)
    return out


def inventory_datasets(
    emission_factors: pl.DataFrame, fuel_parameters: pl.DataFrame, fuels: pl.DataFrame
) -> list[DatasetRecord]:
    """The inventory's own factors as datasets (combustion and grid CO2 only, no upstream).

    - Grid electricity, one per region and year of the ``cn_grid_average`` factor set (MEE &
      NBS national and provincial average CO2 factors), in kg CO2 per kWh.
    - Fuels, one per fuel of the GB/T 32151 (2024) parameters: kg CO2 per GJ =
      carbon content (t C/GJ) × oxidation rate × 44/12 × 1000 (GB/T 32151 equation 2).

    Both cover the use stage only (no extraction, refining or grid losses): a study that uses
    them states so (GB/T 24067 §6.3.5); the sources are kept in each dataset.
    """
    out: list[DatasetRecord] = []
    grid = emission_factors.filter(
        (pl.col("factor_set") == "cn_grid_average") & (pl.col("calculator") == "electricity")
    )
    for row in grid.iter_rows(named=True):
        year = int(row["valid_from"])
        region = str(row["region"])
        place = province_name(region)
        out.append(
            DatasetRecord(
                code=f"electricity.grid.{region}.{year}",
                name=Text(
                    f"电网电力（{place.zh}，{year}）", f"grid electricity ({place.en}, {year})"
                ),
                unit="kWh",
                co2e_kg_per_unit=float(row["value"]),
                region=region,
                year=year,
                source=str(row["source"]),
                version=str(row["factor_set"]),
                licence="public (MEE & NBS announcement)",
                dqr={},
            )
        )
    params = fuel_parameters.filter(pl.col("factor_set") == "cn_gbt32151_2024")
    names = {str(r["fuel"]): r for r in fuels.iter_rows(named=True)}
    by_fuel: dict[str, dict[str, float]] = {}
    sources: dict[str, str] = {}
    for row in params.iter_rows(named=True):
        by_fuel.setdefault(str(row["fuel"]), {})[str(row["parameter"])] = float(row["value"])
        sources[str(row["fuel"])] = str(row["source"])
    for fuel, values in sorted(by_fuel.items()):
        if "carbon_content" not in values or "oxidation" not in values:
            continue
        kg_per_gj = values["carbon_content"] * values["oxidation"] * 44 / 12 * 1000
        name = names.get(fuel, {})
        out.append(
            DatasetRecord(
                code=f"fuel.combustion.{fuel}",
                name=Text(
                    f"{name.get('name_zh', fuel)}燃烧", f"{name.get('name_en', fuel)} combustion"
                ),
                unit="GJ",
                co2e_kg_per_unit=kg_per_gj,
                region="CN",
                year=2024,
                source=sources[fuel],
                version="cn_gbt32151_2024",
                licence="GB/T 32151 (national standard; factor values cited)",
            )
        )
    return out
