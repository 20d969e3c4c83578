"""Monthly ledgers (台账) of key enterprises: energy use, materials, production, data-centre energy.

A ledger is a table with one row per month and source. :func:`validate_ledger` checks a whole
ledger at once and lists every problem by row and field in Chinese and English (negative
energy, month 13, a unit that does not fit the fuel, another enterprise's rows, …); nothing is
accepted when any row is wrong. :func:`file_ledger` does the same for an acting user, refusing
rows of an enterprise the user does not belong to.

Columns (Chinese headers of the Excel template are accepted too)
---------------------------------------------------------------
energy
    enterprise_id, facility_id, year, month, category (an energy category of the inventory),
    fuel, quantity, unit, measured_ncv + measured_ncv_unit (e.g. GJ/10⁴Nm³),
    measured_carbon_content + measured_carbon_content_unit (tC/GJ), data_source.
materials
    enterprise_id, facility_id, year, month, category (process or F-gas category), material
    (e.g. NF3), quantity, unit (mass), abatement_fraction (share of use through abatement),
    data_source.
production
    enterprise_id, year, month, product, quantity, unit, data_source.
data_centre
    enterprise_id, year, month, it_energy, total_energy, unit (energy), data_source.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import polars as pl

from cityclimate import refdata
from cityclimate.enterprises import rules
from cityclimate.enterprises.model import Actor
from cityclimate.enterprises.registry import require_access
from cityclimate.errors import DataValidationError, Problem, UnitError
from cityclimate.units import parse_unit, same_dimension

FieldType = Literal["str", "int", "float"]
LedgerKind = Literal["energy", "materials", "production", "data_centre"]
#: Reports one problem of the current row: (field, message zh, message en).
_Bad = Callable[[str, str, str], None]
_POLARS: dict[FieldType, type[pl.DataType]] = {
    "str": pl.String,
    "int": pl.Int32,
    "float": pl.Float64,
}


@dataclass(frozen=True)
class LedgerField:
    """One column of a ledger: name, Chinese and English header, type, whether required."""

    name: str
    header_zh: str
    header_en: str
    type: FieldType = "str"
    required: bool = True


def _f(name: str, zh: str, en: str, kind: FieldType = "str", required: bool = True) -> LedgerField:
    return LedgerField(name, zh, en, kind, required)


_HEAD = (
    _f("enterprise_id", "企业编号", "enterprise id"),
    _f("facility_id", "设施编号", "facility id", required=False),
    _f("year", "年份", "year", "int"),
    _f("month", "月份", "month (1–12)", "int"),
)
_TAIL = (_f("data_source", "数据来源", "data source", required=False),)

#: The columns of each ledger, in template order.
LEDGER_FIELDS: dict[LedgerKind, tuple[LedgerField, ...]] = {
    "energy": (
        *_HEAD,
        _f("category", "排放类别", "category"),
        _f("fuel", "能源品种", "fuel"),
        _f("quantity", "消费量", "quantity", "float"),
        _f("unit", "单位", "unit"),
        _f("measured_ncv", "实测低位发热量", "measured NCV", "float", False),
        _f("measured_ncv_unit", "低位发热量单位", "NCV unit", required=False),
        _f(
            "measured_carbon_content",
            "实测单位热值含碳量",
            "measured carbon content",
            "float",
            False,
        ),
        _f("measured_carbon_content_unit", "含碳量单位", "carbon content unit", required=False),
        *_TAIL,
    ),
    "materials": (
        *_HEAD,
        _f("category", "排放类别", "category"),
        _f("material", "物料", "material"),
        _f("quantity", "使用量", "quantity", "float"),
        _f("unit", "单位", "unit"),
        _f("abatement_fraction", "经处理设备比例", "abated share (0–1)", "float", False),
        *_TAIL,
    ),
    "production": (
        _HEAD[0],
        *_HEAD[2:],
        _f("product", "产品", "product"),
        _f("quantity", "产量", "quantity", "float"),
        _f("unit", "单位", "unit"),
        *_TAIL,
    ),
    "data_centre": (
        _HEAD[0],
        *_HEAD[2:],
        _f("it_energy", "IT设备用电量", "IT equipment energy", "float"),
        _f("total_energy", "总用电量", "total facility energy", "float"),
        _f("unit", "单位", "unit"),
        *_TAIL,
    ),
}
#: Rows that must be unique within a ledger (a repeat is almost always a double entry).
LEDGER_KEYS: dict[LedgerKind, tuple[str, ...]] = {
    "energy": ("enterprise_id", "facility_id", "year", "month", "category", "fuel"),
    "materials": ("enterprise_id", "facility_id", "year", "month", "category", "material"),
    "production": ("enterprise_id", "year", "month", "product"),
    "data_centre": ("enterprise_id", "year", "month"),
}
LEDGER_TITLES: dict[LedgerKind, tuple[str, str]] = {
    "energy": ("能源消费台账", "energy ledger"),
    "materials": ("物料台账", "materials ledger"),
    "production": ("产品产量台账", "production ledger"),
    "data_centre": ("数据中心能耗台账", "data-centre energy ledger"),
}
_CALCULATORS: dict[LedgerKind, frozenset[str]] = {
    "energy": frozenset({"combustion", "electricity", "heat"}),
    "materials": frozenset({"process", "fgas"}),
}


def empty_ledger(kind: LedgerKind) -> pl.DataFrame:
    """An empty, typed ledger of ``kind`` (with ``_row``), for enterprises without rows."""
    schema: dict[str, type[pl.DataType]] = {"_row": pl.Int64}
    schema.update({f.name: _POLARS[f.type] for f in LEDGER_FIELDS[kind]})
    return pl.DataFrame(schema=schema)


def validate_ledger(
    ledger: pl.DataFrame,
    kind: LedgerKind,
    *,
    enterprise_id: str | None = None,
    where: str | None = None,
    first_row: int = 1,
) -> pl.DataFrame:
    """Check a monthly ledger and return it typed, with ``_row`` (the row as the user sees it).

    Parameters
    ----------
    ledger:
        The rows (typed or text; Chinese headers of the template are accepted).
    kind:
        ``energy``, ``materials``, ``production`` or ``data_centre``.
    enterprise_id:
        When given, every row must belong to this enterprise.
    where, first_row:
        File or sheet name and the row number of the first data row, for messages.

    Raises
    ------
    DataValidationError
        Listing every problem: missing columns or values, text in number fields, month
        outside 1–12, negative or non-finite quantities, unknown categories or fuels, units
        that do not fit the fuel, material or product, measured parameters without a unit,
        IT energy above total energy, rows of another enterprise, duplicate rows.
    """
    fields = LEDGER_FIELDS[kind]
    where = where or LEDGER_TITLES[kind][1]
    headers = {f.header_zh: f.name for f in fields} | {f.header_en: f.name for f in fields}
    frame = ledger.rename({k: v for k, v in headers.items() if k in ledger.columns})
    missing = [f.name for f in fields if f.required and f.name not in frame.columns]
    if missing:
        raise DataValidationError(
            [
                Problem(
                    where,
                    None,
                    name,
                    "",
                    f"缺少必需的列“{name}”：请按模板添加",
                    f"required column '{name}' is missing: add it as in the template",
                )
                for name in missing
            ]
        )
    problems: list[Problem] = []
    rows: list[dict[str, object]] = []
    checks = _RowChecks(kind, where)
    for offset, raw in enumerate(frame.iter_rows(named=True)):
        number = first_row + offset
        row: dict[str, object] = {"_row": number}
        for spec in fields:
            row[spec.name], problem = _parse(raw.get(spec.name), spec, where, number)
            if problem is not None:
                problems.append(problem)
        problems += checks.check(row, number, enterprise_id)
        rows.append(row)
    schema: dict[str, type[pl.DataType]] = {"_row": pl.Int64}
    schema.update({f.name: _POLARS[f.type] for f in fields})
    typed = pl.DataFrame(rows, schema=schema, orient="row") if rows else empty_ledger(kind)
    key = list(LEDGER_KEYS[kind])
    repeated = typed.filter(pl.struct(key).is_duplicated() & ~pl.struct(key).is_first_distinct())
    problems += [
        Problem(
            where,
            int(r),
            None,
            "",
            "重复的行：同一企业、设施、月份和品种只能填一行（可能重复录入）",
            "duplicate row: one row per enterprise, facility, month and item (double entry?)",
        )
        for r in repeated["_row"]
    ]
    if problems:
        raise DataValidationError(sorted(problems, key=lambda p: (p.row or 0, p.field or "")))
    return typed


def file_ledger(
    actor: Actor,
    enterprise_id: str,
    ledger: pl.DataFrame,
    kind: LedgerKind,
    *,
    where: str | None = None,
    first_row: int = 1,
) -> pl.DataFrame:
    """Validate a ledger that ``actor`` files for ``enterprise_id`` (refusing others' rows).

    Raises
    ------
    EnterpriseAccessError
        When the actor may not write this enterprise's data.
    DataValidationError
        As :func:`validate_ledger`; rows naming another enterprise are errors.
    """
    require_access(actor, enterprise_id, write=True)
    return validate_ledger(
        ledger, kind, enterprise_id=enterprise_id, where=where, first_row=first_row
    )


def _parse(value: object, spec: LedgerField, where: str, row: int) -> tuple[object, Problem | None]:
    text = "" if value is None else str(value).strip()
    if text == "":
        if spec.required:
            return None, Problem(
                where,
                row,
                spec.name,
                "",
                f"必填项“{spec.header_zh}”为空",
                f"required value '{spec.header_en}' is empty",
            )
        return None, None
    if spec.type == "str":
        return text, None
    try:
        number = float(text)
    except ValueError:
        number = math.nan
    if spec.type == "int":
        if not number.is_integer():
            return None, Problem(where, row, spec.name, text, "应为整数", "must be a whole number")
        return int(number), None
    if not math.isfinite(number):
        return None, Problem(
            where, row, spec.name, text, "应为有限的数字", "must be a finite number"
        )
    return number, None


class _RowChecks:
    """The checks of one ledger row that need reference data (read once per ledger)."""

    def __init__(self, kind: LedgerKind, where: str) -> None:
        self.kind = kind
        self.where = where
        categories = refdata.categories()
        self.calculator = dict(categories.select("code", "calculator").iter_rows())
        self.physical_unit = dict(refdata.fuels().select("fuel", "physical_unit").iter_rows())
        self.product_unit = dict(rules.ets_sectors().select("product", "product_unit").iter_rows())
        self.units_ok: dict[str, UnitError | None] = {}

    def _unit_error(self, unit: str) -> UnitError | None:
        if unit not in self.units_ok:
            try:
                parse_unit(unit)
                self.units_ok[unit] = None
            except UnitError as exc:
                self.units_ok[unit] = exc
        return self.units_ok[unit]

    def check(
        self, row: dict[str, object], number: int, enterprise_id: str | None
    ) -> list[Problem]:
        out: list[Problem] = []

        def bad(field: str, zh: str, en: str) -> None:
            value = row.get(field)
            out.append(
                Problem(self.where, number, field, "" if value is None else str(value), zh, en)
            )

        if enterprise_id is not None and row["enterprise_id"] not in (None, enterprise_id):
            bad(
                "enterprise_id",
                f"该行属于另一企业：只能填报本企业（{enterprise_id}）的台账",
                f"the row belongs to another enterprise: file rows of {enterprise_id} only",
            )
        year, month = row["year"], row["month"]
        if isinstance(month, int) and not 1 <= month <= 12:
            bad("month", "月份应为 1–12 的整数", "month must be a whole number from 1 to 12")
        if isinstance(year, int) and not 1990 <= year <= 2100:
            bad("year", "年份应在 1990–2100 之间", "year must be between 1990 and 2100")
        for field in ("quantity", "it_energy", "total_energy"):
            value = row.get(field)
            if isinstance(value, float) and value < 0:
                word_zh = "能源消费量" if self.kind in ("energy", "data_centre") else "数量"
                word_en = "energy use" if self.kind in ("energy", "data_centre") else "quantity"
                bad(
                    field,
                    f"{word_zh}不能为负数：请填写≥0 的实际数值",
                    f"{word_en} cannot be negative: give the actual value (≥ 0)",
                )
        unit = row.get("unit")
        if isinstance(unit, str):
            error = self._unit_error(unit)
            if error is not None:
                bad("unit", error.message_zh, error.message_en)
                unit = None
        for name in ("measured_ncv_unit", "measured_carbon_content_unit"):
            value = row.get(name)
            if isinstance(value, str) and self._unit_error(value) is not None:
                error = self._unit_error(value)
                assert error is not None
                bad(name, error.message_zh, error.message_en)
        category = row.get("category")
        if self.kind in _CALCULATORS and isinstance(category, str):
            calculator = self.calculator.get(category)
            if calculator is None:
                bad(
                    "category",
                    "未知的排放类别：请使用类别表中的代码",
                    "unknown category: use a code of the category table",
                )
            elif calculator not in _CALCULATORS[self.kind]:
                bad(
                    "category",
                    f"该类别（{calculator}）不属于{LEDGER_TITLES[self.kind][0]}",
                    f"this category ({calculator}) does not belong in the {LEDGER_TITLES[self.kind][1]}",
                )
        if self.kind == "energy":
            self._energy(row, unit if isinstance(unit, str) else None, bad)
        elif self.kind == "materials" and isinstance(unit, str) and not same_dimension(unit, "t"):
            bad(
                "unit",
                f"物料应按质量填写（t 或 kg），不能用“{unit}”",
                f"materials are given by mass (t or kg), not '{unit}'",
            )
        elif self.kind == "production" and isinstance(unit, str):
            expected = self.product_unit.get(str(row.get("product")))
            if expected is not None and not same_dimension(unit, expected):
                bad("unit", f"该产品应以 {expected} 计", f"this product is measured in {expected}")
        elif self.kind == "data_centre":
            if isinstance(unit, str) and not same_dimension(unit, "kWh"):
                bad(
                    "unit",
                    f"用电量应以能量单位填写（kWh、MWh），不能用“{unit}”",
                    f"energy must be in an energy unit (kWh, MWh), not '{unit}'",
                )
            it, total = row.get("it_energy"), row.get("total_energy")
            if isinstance(it, float) and isinstance(total, float) and it > total:
                bad(
                    "it_energy",
                    "IT设备用电量大于总用电量（PUE 不可能小于 1）：请核对两列是否填反",
                    "IT energy exceeds total energy (PUE cannot be below 1): are the two columns swapped?",
                )
        share = row.get("abatement_fraction")
        if isinstance(share, float) and not 0 <= share <= 1:
            bad(
                "abatement_fraction",
                "经处理设备比例应在 0 到 1 之间",
                "the abated share must be between 0 and 1",
            )
        return out

    def _energy(self, row: dict[str, object], unit: str | None, bad: _Bad) -> None:
        fuel = row.get("fuel")
        category = str(row.get("category"))
        calculator = self.calculator.get(category)
        if not isinstance(fuel, str):
            return
        expected = self.physical_unit.get(fuel)
        if expected is None:
            bad(
                "fuel",
                "未知的能源品种：请使用燃料表中的代码",
                "unknown fuel: use a code of the fuel table",
            )
            return
        if calculator in ("electricity", "heat") and fuel != calculator:
            bad("fuel", f"该类别只能填 {calculator}", f"this category takes {calculator} only")
        if calculator == "combustion" and fuel in ("electricity", "heat"):
            bad(
                "fuel",
                "电力、热力请填在调入电力/热力类别",
                "put electricity and heat on the purchased electricity/heat categories",
            )
        if unit is not None and not same_dimension(unit, expected):
            is_energy = same_dimension(unit, "GJ") and "Wh" not in unit
            if not (is_energy and fuel not in ("electricity",)):
                bad(
                    "unit",
                    f"单位与能源品种不符：{fuel} 应以 {expected}（或热量单位）计",
                    f"unit does not fit the fuel: {fuel} is measured in {expected} (or an energy unit)",
                )
        measured = (
            row.get("measured_ncv") is not None or row.get("measured_carbon_content") is not None
        )
        for value, unit_field, dimension, zh_hint in (
            ("measured_ncv", "measured_ncv_unit", f"GJ/{expected}", f"GJ/{expected}"),
            ("measured_carbon_content", "measured_carbon_content_unit", "tC/GJ", "tC/GJ"),
        ):
            if row.get(value) is None:
                continue
            given = row.get(unit_field)
            if given is None:
                bad(
                    unit_field,
                    f"填写了实测值但缺少单位（如 {zh_hint}）",
                    f"a measured value needs its unit (e.g. {zh_hint})",
                )
            elif (
                isinstance(given, str)
                and self._unit_error(given) is None
                and not same_dimension(given, dimension)
            ):
                bad(unit_field, f"单位应为 {zh_hint} 类", f"the unit must be like {zh_hint}")
        if measured and calculator != "combustion":
            bad(
                "measured_ncv",
                "实测低位发热量、含碳量只适用于化石燃料燃烧",
                "measured NCV and carbon content apply to fuel combustion only",
            )
        elif measured and unit is not None and not same_dimension(unit, expected):
            bad(
                "unit",
                f"填写实测参数时，消费量请按实物量（{expected}）填写",
                f"with measured parameters give the quantity in physical units ({expected})",
            )
