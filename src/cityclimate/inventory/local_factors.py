"""Local, measured and regional factors a user adds to a factor set, as composite factors.

A local factor is given per unit of activity, like a row of ``refdata/data/emission_factors.csv``:
the region it applies to (a sub-area, territory, province or grid-region code), the calculator
(``electricity``, ``heat`` or ``process``), material, sector (``*`` for any), gas, value with its
unit (``kg/kWh``, ``t/t`` …), the years it is valid for, source and confidence. It takes part in
the normal selection (:func:`~cityclimate.inventory.factors.select_factors`): the most specific
region wins, so a district's own grid factor beats the provincial and national ones.
"""

from __future__ import annotations

import math

import polars as pl

from cityclimate.errors import DataValidationError, Problem, UnitError
from cityclimate.inventory.factors import COMPOSITE_SCHEMA, _row
from cityclimate.units import conversion_factor, parse_unit

#: Calculators whose factors are given directly per unit of activity.
LOCAL_CALCULATORS = ("electricity", "heat", "process")
#: Gases a local factor may be for.
LOCAL_GASES = ("CO2", "CH4", "N2O")

LOCAL_FACTOR_COLUMNS = (
    "region",
    "calculator",
    "material",
    "sector",
    "gas",
    "value",
    "unit",
    "valid_from",
    "valid_to",
    "source",
    "confidence",
)


def local_factors(
    table: pl.DataFrame, *, factor_set: str, where: str = "local factors"
) -> pl.DataFrame:
    """Turn local factors into composite factors (t of gas per activity unit).

    Parameters
    ----------
    table:
        Columns :data:`LOCAL_FACTOR_COLUMNS`; ``value`` in ``unit`` = mass of gas per unit of
        activity (e.g. 0.45 ``kg/kWh``).
    factor_set:
        The name of the factor set they belong to (part of each ``factor_id``).
    where:
        Name used in error messages.

    Returns
    -------
    polars.DataFrame
        Rows of :data:`~cityclimate.inventory.factors.COMPOSITE_SCHEMA`; value = given value ×
        (mass unit → t).

    Raises
    ------
    DataValidationError
        Every bad row, located (1-based), with the fix; nothing is returned half-made.
    """
    problems: list[Problem] = []
    rows = []
    for i, r in enumerate(table.iter_rows(named=True), start=1):

        def bad(fieldname: str, value: object, zh: str, en: str, i: int = i) -> None:
            problems.append(Problem(where, i, fieldname, str(value), zh, en))

        if r["calculator"] not in LOCAL_CALCULATORS:
            bad(
                "calculator",
                r["calculator"],
                f"本地因子的计算方法应为：{', '.join(LOCAL_CALCULATORS)}",
                f"a local factor's calculator must be one of {', '.join(LOCAL_CALCULATORS)}",
            )
        if r["gas"] not in LOCAL_GASES:
            bad("gas", r["gas"], "气体应为 CO2、CH4 或 N2O", "the gas must be CO2, CH4 or N2O")
        value = r["value"]
        if value is None or not math.isfinite(value) or not 0 <= value < 1e6:
            bad("value", value, "因子值应为非负有限数", "the value must be a finite number ≥ 0")
        if not (1900 <= (r["valid_from"] or 0) <= (r["valid_to"] or 0) <= 2200):
            bad(
                "valid_from",
                f"{r['valid_from']}-{r['valid_to']}",
                "有效年份应在 1900–2200 之间且起始不晚于截止",
                "the valid years must lie in 1900–2200, from ≤ to",
            )
        if not (r["region"] or "").strip() or not (r["material"] or "").strip():
            bad("region", r["region"], "地区和物料必填", "region and material are required")
        unit = r["unit"] or ""
        numerator, _, denominator = unit.partition("/")
        try:
            to_t = conversion_factor(numerator, "t")
            parse_unit(denominator)
        except UnitError:
            bad(
                "unit",
                unit,
                "单位应为“质量/活动单位”，如 kg/kWh、t/t",
                "the unit must be mass per activity unit, e.g. kg/kWh or t/t",
            )
            continue
        if problems:
            continue
        rows.append(
            _row(
                factor_set,
                r["calculator"],
                r["material"],
                r["gas"],
                float(value) * to_t,
                denominator,
                r["source"] or "",
                r["confidence"] or "M",
                f"EF {value:g} {unit} (local)",
                sector=r["sector"] or "*",
                region=r["region"],
                years=(int(r["valid_from"]), int(r["valid_to"])),
            )
        )
    if problems:
        raise DataValidationError(problems)
    return pl.DataFrame(rows, schema=COMPOSITE_SCHEMA)
