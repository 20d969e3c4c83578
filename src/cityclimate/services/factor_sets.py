"""Factor sets in the platform: a calculation method plus local, measured and regional factors.

A factor set names the GWP set, the fuel-parameter edition, the NCV edition, the grid-factor
sets, the other calculators' sets and the nearest-year policy (:class:`cityclimate.inventory.Method`),
and may add factors of its own per unit of activity (a district's measured grid factor, a regional
grid's factor for ``CN-SW``, a plant's process factor; :mod:`cityclimate.inventory.local_factors`).
Sets are created and edited by the climate office (audited) and chosen per compute.

Platform defaults (the set called ``default``, used when a compute names no set and the
territory has no earlier version): AR5 GWPs, the GB/T 32151-2024 fuel parameters and NCVs, IPCC
2006 non-CO2 and other factors, the MEE & NBS average grid factors (provincial where published,
else national), and the nearest-year policy ON, because the grid tables cover 2021–2023 only:
any other year uses the nearest published year and every such result row says so.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import polars as pl
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from cityclimate import refdata
from cityclimate.errors import DataValidationError, Problem, ReferenceDataError
from cityclimate.inventory import Method
from cityclimate.inventory.factors import compile_factors
from cityclimate.inventory.local_factors import LOCAL_FACTOR_COLUMNS, local_factors
from cityclimate.services import audit
from cityclimate.services.actors import SYSTEM, Actor
from cityclimate.services.errors import ConflictError, NotFoundError
from cityclimate.storage.models import FactorSet, InventoryVersion
from cityclimate.storage.territories_models import FactorSetFactor

DEFAULT_FACTOR_SET = "default"
DEFAULT_METHOD = Method(
    nearest_year=True,
    note=(
        "platform defaults: AR5; GB/T 32151-2024 fuel parameters; IPCC 2006 non-CO2; MEE & NBS "
        "average grid factors; nearest year allowed (grid tables cover 2021-2023)"
    ),
)


def method_to_json(method: Method) -> dict[str, Any]:
    return {
        k: list(v) if isinstance(v, tuple) else v for k, v in dataclasses.asdict(method).items()
    }


def method_from_json(data: dict[str, Any]) -> Method:
    known = {f.name for f in dataclasses.fields(Method)}
    values: dict[str, Any] = {
        k: tuple(v) if isinstance(v, list) else v for k, v in data.items() if k in known
    }
    return Method(**values)


def defaults_used(method: Method) -> list[str]:
    """The method's choices that are the platform defaults (names of :class:`Method` fields)."""
    return [
        f.name
        for f in dataclasses.fields(Method)
        if f.name != "note" and getattr(method, f.name) == getattr(DEFAULT_METHOD, f.name)
    ]


def factor_set_view(f: FactorSet, local: list[FactorSetFactor] | None = None) -> dict[str, Any]:
    return {
        "id": f.id,
        "name": f.name,
        "method": f.method,
        "note": f.note,
        "local_factors": [_local_view(x) for x in local or []],
    }


def _local_view(x: FactorSetFactor) -> dict[str, Any]:
    return {c: getattr(x, c) for c in LOCAL_FACTOR_COLUMNS}


def list_factor_sets(session: Session) -> list[FactorSet]:
    return list(session.scalars(select(FactorSet).order_by(FactorSet.id)).all())


def local_rows(session: Session, factor_set_id: int) -> list[FactorSetFactor]:
    return list(
        session.scalars(
            select(FactorSetFactor)
            .where(FactorSetFactor.factor_set_id == factor_set_id)
            .order_by(FactorSetFactor.id)
        ).all()
    )


def get_factor_set(session: Session, factor_set_id: int) -> FactorSet:
    found = session.get(FactorSet, factor_set_id)
    if found is None:
        raise NotFoundError(
            f"因子集 {factor_set_id} 不存在", f"factor set {factor_set_id} does not exist"
        )
    return found


def ensure_factor_set(
    session: Session, actor: Actor, name: str, method: Method, note: str = ""
) -> FactorSet:
    """The factor set called ``name``, created from ``method`` if missing."""
    existing = session.scalar(select(FactorSet).where(FactorSet.name == name))
    if existing is not None:
        return existing
    row = FactorSet(name=name, method=method_to_json(method), note=note)
    session.add(row)
    session.flush()
    audit.record(
        session, actor, "create", "factor_set", row.id, after={"name": name, "method": row.method}
    )
    return row


def default_factor_set(session: Session) -> FactorSet:
    """The platform's ``default`` set (made with :data:`DEFAULT_METHOD` on first use)."""
    return ensure_factor_set(
        session, SYSTEM, DEFAULT_FACTOR_SET, DEFAULT_METHOD, DEFAULT_METHOD.note
    )


# ---------------------------------------------------------------- checking a method


def _known_sets() -> dict[str, set[str]]:
    factors = refdata.emission_factors()

    def sets_of(calculator: str) -> set[str]:
        return set(factors.filter(calculator=calculator)["factor_set"].to_list())

    fuel_sets = set(refdata.fuel_parameters()["factor_set"].to_list())
    return {
        "combustion_co2": fuel_sets | {"ipcc2006"},
        "ncv_set": fuel_sets,
        "electricity": sets_of("electricity"),
        "heat": sets_of("heat"),
        "process": sets_of("process"),
    }


def check_method(fields: dict[str, Any], *, where: str = "factor set") -> Method:
    """A :class:`Method` from user fields, or every problem (unknown field or edition)."""
    names = {f.name for f in dataclasses.fields(Method)}
    problems = [
        Problem(
            where,
            None,
            k,
            "",
            "未知的方法字段",
            f"unknown method field; use one of {sorted(names)}",
        )
        for k in fields
        if k not in names
    ]
    if problems:
        raise DataValidationError(problems)
    defaults = method_to_json(DEFAULT_METHOD) | {"note": ""}
    for k, v in fields.items():  # the JSON type of each field must be the default's
        # A field whose default is None (the climate zone) takes text or null.
        want = str if defaults[k] is None else type(defaults[k])
        ok = (v is None and defaults[k] is None) or (
            isinstance(v, want) and (want is not list or all(isinstance(x, str) for x in v))
        )
        if want is int and isinstance(v, bool):
            ok = False
        if not ok:
            problems.append(
                Problem(
                    where,
                    None,
                    k,
                    str(v)[:100],
                    f"类型应为 {want.__name__}",
                    f"must be of type {want.__name__}",
                )
            )
    if problems:
        raise DataValidationError(problems)
    merged = defaults | fields
    try:
        method = method_from_json(merged)
    except TypeError as exc:  # pragma: no cover - defensive: dataclass arguments
        raise DataValidationError(
            [
                Problem(
                    where,
                    None,
                    None,
                    "",
                    "方法字段类型错误",
                    f"a method field has the wrong type: {exc}",
                )
            ]
        ) from exc
    if method.gwp_set not in refdata.GWP_SETS:
        problems.append(
            Problem(
                where,
                None,
                "gwp_set",
                str(method.gwp_set),
                f"GWP 集应为：{', '.join(sorted(refdata.GWP_SETS))}",
                f"gwp_set must be one of {', '.join(sorted(refdata.GWP_SETS))}",
            )
        )
    if method.climate_zone is not None and method.climate_zone not in refdata.CLIMATE_ZONES:
        zones = ", ".join(sorted(refdata.CLIMATE_ZONES))
        problems.append(
            Problem(
                where,
                None,
                "climate_zone",
                str(method.climate_zone),
                f"气候区应为：{zones}",
                f"climate_zone must be one of {zones}",
            )
        )
    known = _known_sets()
    for name, allowed in known.items():
        value = getattr(method, name)
        for v in value if isinstance(value, tuple) else (value,):
            if v not in allowed:
                problems.append(
                    Problem(
                        where,
                        None,
                        name,
                        str(v),
                        f"没有这个因子版本：可选 {', '.join(sorted(allowed))}",
                        f"no such factor edition; use one of {', '.join(sorted(allowed))}",
                    )
                )
    if problems:
        raise DataValidationError(problems)
    try:
        compile_factors(method)
    except ReferenceDataError as exc:
        raise DataValidationError(exc.problems) from exc
    return method


def _local_frame(rows: list[dict[str, Any]]) -> pl.DataFrame:
    return pl.DataFrame(
        [{c: r.get(c) for c in LOCAL_FACTOR_COLUMNS} for r in rows],
        schema={
            "region": pl.String,
            "calculator": pl.String,
            "material": pl.String,
            "sector": pl.String,
            "gas": pl.String,
            "value": pl.Float64,
            "unit": pl.String,
            "valid_from": pl.Int64,
            "valid_to": pl.Int64,
            "source": pl.String,
            "confidence": pl.String,
        },
    )


# ---------------------------------------------------------------- writing


def save_factor_set(
    session: Session,
    actor: Actor,
    *,
    name: str,
    method: dict[str, Any],
    note: str = "",
    local: list[dict[str, Any]] | None = None,
    factor_set_id: int | None = None,
) -> FactorSet:
    """Create (``factor_set_id`` None) or edit a factor set, audited.

    A set that a published inventory used cannot be edited (its results name its factors):
    make a new set instead.
    """
    checked = check_method(method)
    local = [
        {"sector": "*", "confidence": "M", "source": ""}
        | {k: v for k, v in r.items() if v is not None}
        for r in local or []
    ]
    frame = _local_frame(local)
    local_factors(frame, factor_set=name, where="local_factors")  # validates every row
    clash = session.scalar(select(FactorSet).where(FactorSet.name == name))
    if clash is not None and clash.id != factor_set_id:
        raise ConflictError(f"因子集 {name} 已存在", f"factor set {name} already exists")
    if factor_set_id is None:
        row = FactorSet(name=name, method={}, note="")
        session.add(row)
        before = None
    else:
        row = get_factor_set(session, factor_set_id)
        used = session.scalar(
            select(InventoryVersion.id).where(
                InventoryVersion.factor_set_id == row.id,
                InventoryVersion.status != "draft",
            )
        )
        if used is not None:
            raise ConflictError(
                f"因子集 {row.name} 已用于已发布的清单，不能修改：请新建因子集",
                f"factor set {row.name} was used by a published inventory: create a new set",
            )
        before = factor_set_view(row, local_rows(session, row.id))
    row.name, row.method, row.note = name, method_to_json(checked), note
    session.flush()
    session.execute(delete(FactorSetFactor).where(FactorSetFactor.factor_set_id == row.id))
    for r in frame.iter_rows(named=True):
        session.add(FactorSetFactor(factor_set_id=row.id, **r))
    session.flush()
    audit.record(
        session,
        actor,
        "create" if before is None else "update",
        "factor_set",
        row.id,
        before=before,
        after=factor_set_view(row, local_rows(session, row.id)),
    )
    return row


# ---------------------------------------------------------------- what a compute uses


def composite_factors(session: Session, factor_set: FactorSet) -> pl.DataFrame | None:
    """The set's compiled factors with its local factors added; None when it has none."""
    rows = local_rows(session, factor_set.id)
    if not rows:
        return None
    method = method_from_json(factor_set.method)
    extra = local_factors(_local_frame([_local_view(r) for r in rows]), factor_set=factor_set.name)
    return pl.concat([compile_factors(method), extra])


def method_used(factor_set: FactorSet, *, chosen_because: str) -> dict[str, Any]:
    """What a version says about its method: the set, why it was chosen, which defaults."""
    method = method_from_json(factor_set.method)
    return {
        "factor_set_id": factor_set.id,
        "factor_set": factor_set.name,
        "chosen_because": chosen_because,
        "defaults_used": defaults_used(method),
        "method": method_to_json(method),
    }


def known_editions() -> dict[str, list[str]]:
    """The shipped editions a method may name, by field (for forms)."""
    return {name: sorted(values) for name, values in _known_sets().items()}


#: The order of the fields of a local factor typed as one line of a form.
LINE_FIELDS = ("region", "calculator", "material", "gas", "value", "unit", "valid_from", "valid_to")


def parse_local_lines(text: str, *, where: str = "local_factors") -> list[dict[str, Any]]:
    """Local factors typed one a line: ``region, calculator, material, gas, value, unit, from,
    to[, source]`` (e.g. ``500112, electricity, electricity, CO2, 0.45, kg/kWh, 2024, 2024``)."""
    rows: list[dict[str, Any]] = []
    problems: list[Problem] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [x.strip() for x in line.split(",")]
        if len(parts) < len(LINE_FIELDS):
            problems.append(
                Problem(
                    where,
                    number,
                    None,
                    line[:100],
                    f"每行应有 {len(LINE_FIELDS)} 项：{', '.join(LINE_FIELDS)}",
                    f"each line needs {len(LINE_FIELDS)} items: {', '.join(LINE_FIELDS)}",
                )
            )
            continue
        row: dict[str, Any] = dict(zip(LINE_FIELDS, parts, strict=False))
        row["source"] = ",".join(parts[len(LINE_FIELDS) :])
        try:
            row["value"] = float(row["value"])
            row["valid_from"], row["valid_to"] = int(row["valid_from"]), int(row["valid_to"])
        except ValueError:
            problems.append(
                Problem(
                    where,
                    number,
                    "value",
                    line[:100],
                    "因子值和年份应为数字",
                    "the value and the years must be numbers",
                )
            )
            continue
        rows.append(row)
    if problems:
        raise DataValidationError(problems)
    return rows
