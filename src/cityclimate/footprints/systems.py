"""Product systems as users describe them, checked, and turned into the calculation's model.

A :class:`SystemSpec` is what an enterprise describes for one product (GB/T 24067-2024 §6.3):
its unit processes, each with its output, its inputs (made by another process of the system,
taken from a secondary dataset, or filled by a supplier's own footprint), its direct
emissions by gas and its life-cycle stage. :func:`system_from_dict` checks a stored or uploaded
description and names the process and input at fault; :func:`to_model` gives the
:class:`~cityclimate.footprints.model.ProductSystem` that
:func:`~cityclimate.footprints.calculation.compute` solves (matrix LCA), and
:func:`breakdown` groups the result by described process, stage and input for the report.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace

from cityclimate.errors import DataValidationError, Problem
from cityclimate.footprints.calculation import compute
from cityclimate.footprints.datasets import DatasetRecord
from cityclimate.footprints.model import (
    Dataset,
    DeclaredUnit,
    Exchange,
    FootprintResult,
    Process,
    ProductSystem,
    Quality,
)
from cityclimate.text import Text

__all__ = [
    "STAGES",
    "Breakdown",
    "EmissionSpec",
    "InputSpec",
    "ProcessSpec",
    "SupplierValue",
    "SystemSpec",
    "breakdown",
    "compute_footprint",
    "system_from_dict",
    "system_to_dict",
    "to_model",
]

#: Life-cycle stages a process belongs to (GB/T 24067-2024 §6.3.4, report clause 8).
STAGES = ("raw_materials", "production", "distribution", "use", "end_of_life")


@dataclass(frozen=True)
class InputSpec:
    """An input of a process: ``amount`` ``unit`` per the process's output amount.

    Exactly one of ``process`` (another process of the system) or ``dataset`` (a dataset
    code) says where it comes from; ``supplier`` marks an input a supplier's answer may fill
    (the dataset is the fallback until the answer arrives).
    """

    code: str
    name: Text
    amount: float
    unit: str
    process: str | None = None
    dataset: str | None = None
    supplier: bool = False


@dataclass(frozen=True)
class EmissionSpec:
    """A direct emission of a process: ``kg`` of ``gas`` per the process's output amount."""

    gas: str
    kg: float
    biogenic: bool = False


@dataclass(frozen=True)
class ProcessSpec:
    code: str
    name: Text
    output_amount: float
    output_unit: str
    stage: str = "production"
    inputs: tuple[InputSpec, ...] = ()
    emissions: tuple[EmissionSpec, ...] = ()
    #: Measured on site (primary data), not estimated from secondary data.
    primary: bool = False


@dataclass(frozen=True)
class SystemSpec:
    """A described product system: ``reference`` is the process whose output is the product."""

    reference: str
    processes: tuple[ProcessSpec, ...]


@dataclass(frozen=True)
class SupplierValue:
    """A supplier's footprint filling an input: kg CO2e per unit of the input (biogenic part
    included), its data quality ratings and where it came from."""

    co2e_kg_per_unit: float
    biogenic_kg_per_unit: float = 0.0
    dqr: Mapping[str, float] | None = None
    source: str = ""

    def as_dataset(self, code: str, unit: str) -> Dataset:
        """The answer as the calculation's dataset (primary data: supplier-specific)."""
        given = {
            k: v
            for k, v in (self.dqr or {}).items()
            if k in ("technological", "geographical", "temporal")
        }
        return Dataset(
            code=code,
            name=self.source or code,
            unit=unit,
            factor=self.co2e_kg_per_unit - self.biogenic_kg_per_unit,
            source=self.source,
            biogenic=self.biogenic_kg_per_unit,
            quality=replace(Quality(), primary=True, **given),
        )


def _text(value: object) -> Text:
    if isinstance(value, Mapping):
        return Text(str(value.get("zh", "")), str(value.get("en", "")))
    return Text(str(value), str(value))


def _float(value: object) -> float:
    return float(value)  # type: ignore[arg-type]


def system_from_dict(document: Mapping[str, object], where: str = "system") -> SystemSpec:
    """Check a product system's description and return it typed.

    Raises
    ------
    DataValidationError
        Each problem names the process and exchange (``process cell_production, input
        cathode``): unknown processes or datasets referred to, non-positive outputs, negative
        or non-finite amounts, repeated codes, an unknown stage, no reference process.
    """
    problems: list[Problem] = []
    raw = document.get("processes")
    items = raw if isinstance(raw, list) else []
    codes = [str(p.get("code", "")) for p in items if isinstance(p, Mapping)]
    processes: list[ProcessSpec] = []
    for index, item in enumerate(items, start=1):
        if not isinstance(item, Mapping):
            problems.append(
                Problem(where, index, "processes", message=Text("应为一个过程", "not a process"))
            )
            continue
        code = str(item.get("code", ""))
        here = f"{where}: process {code or index}"
        try:
            output = _float(item.get("output_amount", 1))
        except (TypeError, ValueError):
            output = math.nan
        if not code or codes.count(code) > 1:
            problems.append(
                Problem(
                    here,
                    field="code",
                    value=code,
                    message=Text("过程编码为空或重复", "the process code is empty or repeated"),
                )
            )
        if not math.isfinite(output) or output <= 0:
            problems.append(
                Problem(
                    here,
                    field="output_amount",
                    value=str(item.get("output_amount")),
                    message=Text("产出量应为正数", "the output amount must be positive"),
                )
            )
        stage = str(item.get("stage", "production"))
        if stage not in STAGES:
            problems.append(
                Problem(
                    here,
                    field="stage",
                    value=stage,
                    message=Text(
                        "未知的生命周期阶段", "unknown life-cycle stage: " + ", ".join(STAGES)
                    ),
                )
            )
        inputs = _exchanges(item.get("inputs"), here, codes, code, problems)
        emissions = _emissions(item.get("emissions"), here, problems)
        processes.append(
            ProcessSpec(
                code=code,
                name=_text(item.get("name", code)),
                output_amount=output,
                output_unit=str(item.get("output_unit", "piece")),
                stage=stage,
                inputs=inputs,
                emissions=emissions,
                primary=bool(item.get("primary", False)),
            )
        )
    reference = str(document.get("reference", codes[0] if codes else ""))
    if reference not in codes:
        problems.append(
            Problem(
                where,
                field="reference",
                value=reference,
                message=Text(
                    "参考过程（产出该产品的过程）不在系统中",
                    "the reference process (the one making the product) is not in the system",
                ),
            )
        )
    if problems:
        raise DataValidationError(problems)
    return SystemSpec(reference, tuple(processes))


def _exchanges(
    raw: object, here: str, codes: list[str], own: str, problems: list[Problem]
) -> tuple[InputSpec, ...]:
    out: list[InputSpec] = []
    for item in raw if isinstance(raw, list) else []:
        code = str(item.get("code", ""))
        where = f"{here}, input {code}"
        try:
            amount = _float(item.get("amount"))
        except (TypeError, ValueError):
            amount = math.nan
        if not math.isfinite(amount) or amount < 0:
            problems.append(
                Problem(
                    where,
                    field="amount",
                    value=str(item.get("amount")),
                    message=Text("投入量应为非负数", "the amount must be a number ≥ 0"),
                )
            )
        process = item.get("process") or None
        dataset = item.get("dataset") or None
        if (process is None) == (dataset is None):
            problems.append(
                Problem(
                    where,
                    field="process",
                    message=Text(
                        "投入须来自系统中的一个过程或一个数据集（二选一）",
                        "an input comes from one process of the system or one dataset (one of them)",
                    ),
                )
            )
        elif process is not None and (process not in codes or process == own):
            problems.append(
                Problem(
                    where,
                    field="process",
                    value=str(process),
                    message=Text("系统中没有这个过程", "no such process in the system"),
                )
            )
        out.append(
            InputSpec(
                code=code,
                name=_text(item.get("name", code)),
                amount=amount,
                unit=str(item.get("unit", "")),
                process=None if process is None else str(process),
                dataset=None if dataset is None else str(dataset),
                supplier=bool(item.get("supplier", False)),
            )
        )
    return tuple(out)


def _emissions(raw: object, here: str, problems: list[Problem]) -> tuple[EmissionSpec, ...]:
    out: list[EmissionSpec] = []
    for item in raw if isinstance(raw, list) else []:
        try:
            kg = _float(item.get("kg"))
        except (TypeError, ValueError):
            kg = math.nan
        if not math.isfinite(kg):
            problems.append(
                Problem(
                    f"{here}, emission {item.get('gas', '')}",
                    field="kg",
                    value=str(item.get("kg")),
                    message=Text("排放量应为数字", "the emission must be a number"),
                )
            )
        out.append(EmissionSpec(str(item.get("gas", "CO2")), kg, bool(item.get("biogenic", False))))
    return tuple(out)


def system_to_dict(system: SystemSpec) -> dict[str, object]:
    """The stored form of ``system`` (inverse of :func:`system_from_dict`)."""

    def exchange(e: InputSpec) -> dict[str, object]:
        out: dict[str, object] = {
            "code": e.code,
            "name": {"zh": e.name.zh, "en": e.name.en},
            "amount": e.amount,
            "unit": e.unit,
        }
        if e.process is not None:
            out["process"] = e.process
        if e.dataset is not None:
            out["dataset"] = e.dataset
        if e.supplier:
            out["supplier"] = True
        return out

    return {
        "reference": system.reference,
        "processes": [
            {
                "code": p.code,
                "name": {"zh": p.name.zh, "en": p.name.en},
                "output_amount": p.output_amount,
                "output_unit": p.output_unit,
                "stage": p.stage,
                "primary": p.primary,
                "inputs": [exchange(e) for e in p.inputs],
                "emissions": [
                    {"gas": m.gas, "kg": m.kg, **({"biogenic": True} if m.biogenic else {})}
                    for m in p.emissions
                ],
            }
            for p in system.processes
        ],
    }


def _declared(declared_unit: str, mass_per_unit_kg: float) -> DeclaredUnit:
    kind = _PACT_TO_MODEL_UNITS.get(declared_unit, declared_unit)
    return DeclaredUnit(kind, 1.0, mass_per_unit_kg or None)


#: PACT's declared units → the model's declared units.
_PACT_TO_MODEL_UNITS = {"piece": "piece", "kilogram": "kg", "kilowatt hour": "kWh"}


def to_model(
    system: SystemSpec,
    datasets: Mapping[str, DatasetRecord],
    *,
    product: str,
    name: str,
    declared_unit: str = "piece",
    mass_per_unit_kg: float = 0.0,
    supplier_values: Mapping[str, SupplierValue] | None = None,
    boundary: str = "cradle-to-gate",
    allocation: str = "physical",
    cut_off: str = "",
    gwp_set: str = "AR6",
) -> ProductSystem:
    """The calculation's :class:`~cityclimate.footprints.model.ProductSystem` of a described one.

    Each dataset input becomes a process of its own, coded ``<process>/<input>`` (so that its
    contribution is attributed to the input and the stage of the process using it); a
    supplier's answer replaces the dataset of the input it fills and counts as primary data
    (supplier-specific data, PACT methodology §4.2.2).

    Raises
    ------
    DataValidationError
        A dataset referred to that is not given, named by process and input.
    """
    supplied = supplier_values or {}
    problems: list[Problem] = []
    processes: list[Process] = []
    extra: list[Process] = []
    for spec in system.processes:
        exchanges: list[Exchange] = []
        for item in spec.inputs:
            key = f"{spec.code}/{item.code}"
            if item.process is not None:
                exchanges.append(Exchange(item.process, item.amount, item.unit))
                continue
            if key in supplied:
                value = supplied[key]
                extra.append(value.as_dataset(key, item.unit).as_process())
            elif item.dataset is not None and item.dataset in datasets:
                extra.append(datasets[item.dataset].as_dataset(key).as_process())
            else:
                problems.append(
                    Problem(
                        f"process {spec.code}, input {item.code}",
                        field="dataset",
                        value=str(item.dataset),
                        message=Text(
                            "找不到该数据集：请先导入，或改用已有的数据集",
                            "no such dataset: import it first or choose one that exists",
                        ),
                    )
                )
                continue
            exchanges.append(Exchange(key, item.amount, item.unit))
        exchanges += [
            Exchange(e.gas, e.kg, "kg", "biosphere", "biogenic" if e.biogenic else "fossil")
            for e in spec.emissions
        ]
        processes.append(
            Process(
                code=spec.code,
                name=spec.name.zh,
                product=spec.code,
                output=spec.output_amount,
                unit=spec.output_unit,
                exchanges=tuple(exchanges),
                quality=replace(Quality(), primary=spec.primary),
            )
        )
    if problems:
        raise DataValidationError(problems)
    return ProductSystem(
        product=product,
        name=name,
        reference=system.reference,
        processes=(*processes, *extra),
        declared_unit=_declared(declared_unit, mass_per_unit_kg),
        boundary=boundary,
        allocation=allocation,
        **({"cut_off": cut_off} if cut_off else {}),
        gwp_set=gwp_set,
    )


@dataclass(frozen=True)
class Breakdown:
    """Where a footprint comes from (kg CO2e per declared unit): by process of the description
    (its own emissions and its dataset or supplier inputs), by life-cycle stage, by input."""

    by_process: Mapping[str, float]
    by_stage: Mapping[str, float]
    by_input: Mapping[str, float]


def breakdown(system: SystemSpec, result: FootprintResult) -> Breakdown:
    """Group a result's contributions by the described processes, their stages and inputs."""
    stage = {p.code: p.stage for p in system.processes}
    by_process = dict.fromkeys(stage, 0.0)
    by_stage: dict[str, float] = {}
    by_input: dict[str, float] = {}
    for code, value in result.by_process.items():
        owner = code.split("/", 1)[0]
        if "/" in code:
            by_input[code] = value
        if owner in by_process:
            by_process[owner] += value
            by_stage[stage[owner]] = by_stage.get(stage[owner], 0.0) + value
    return Breakdown(by_process, by_stage, by_input)


def compute_footprint(
    system: SystemSpec,
    datasets: Mapping[str, DatasetRecord],
    gwp: Mapping[str, float],
    *,
    product: str = "product",
    name: str = "",
    declared_unit: str = "piece",
    mass_per_unit_kg: float = 0.0,
    supplier_values: Mapping[str, SupplierValue] | None = None,
    boundary: str = "cradle-to-gate",
    allocation: str = "physical",
    cut_off: str = "",
    gwp_set: str = "AR6",
) -> tuple[FootprintResult, Breakdown]:
    """The footprint of one declared unit of a described system (:func:`to_model`, then
    :func:`cityclimate.footprints.calculation.compute`) and its breakdown."""
    model = to_model(
        system, datasets, product=product, name=name or product, declared_unit=declared_unit,
        mass_per_unit_kg=mass_per_unit_kg, supplier_values=supplier_values, boundary=boundary,
        allocation=allocation, cut_off=cut_off, gwp_set=gwp_set,
    )  # fmt: skip
    result = compute(model, gwp)
    return result, breakdown(system, result)
