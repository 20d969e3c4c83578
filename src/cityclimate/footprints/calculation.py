"""Matrix LCA of a product system with scipy.sparse (issue 16).

The technosphere matrix A (products × processes: each process's reference output on the
diagonal, its inputs negative) and the biosphere matrix B (gas and origin × processes), both
partitioned by the allocation rule, give the scaling vector s = A⁻¹ f for a demand f and the
inventory g = B s; characterisation c (kg CO2e per kg of each gas, the inventory's GWP set)
gives the footprint c·g (Heijungs & Suh 2002, *The Computational Structure of LCA*, ch. 2).

- One sparse LU factorisation (SuperLU via :func:`scipy.sparse.linalg.splu`, of Aᵀ: far less
  fill-in) serves every demand: :meth:`Factorised.scores` takes many functional units at once.
- All products' footprints per unit at once: the adjoint system Aᵀ λ = (c B)ᵀ gives λ_j, the
  footprint of one unit of product j, with one transposed solve (:meth:`Factorised.per_unit`).
- Monte Carlo (:func:`monte_carlo`): exchanges with an uncertainty are drawn (seeded), the same
  sparsity pattern refilled and refactorised each run.

Errors name the process or exchange at fault: an input nobody makes, a product made twice, a
unit that does not convert to the maker's, a gas without a GWP, a loop that makes nothing net
(a singular A: the processes of the loop are listed).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np
import polars as pl
import scipy.sparse as sp
from scipy.sparse import csgraph
from scipy.sparse.linalg import splu

from cityclimate.errors import DataValidationError, Problem, UnitError
from cityclimate.footprints.model import (
    CO2E,
    ORIGINS,
    FootprintResult,
    Process,
    ProductSystem,
    Uncertainty,
)
from cityclimate.text import Text
from cityclimate.units import conversion_factor

QUALITY_FIELDS = ("technological", "temporal", "geographical", "completeness", "reliability")


def characterisation(gwp_table: pl.DataFrame, gwp_set: str) -> dict[str, float]:
    """kg CO2e per kg of each gas in ``gwp_set`` (AR4, AR5, AR6) from the inventory's GWP table
    (:func:`cityclimate.refdata.gwp`); ``CO2e`` itself counts 1."""
    rows = gwp_table.filter(pl.col("gwp_set") == gwp_set)
    if rows.is_empty():
        sets = ", ".join(sorted(set(gwp_table["gwp_set"])))
        raise DataValidationError([Problem("gwp", None, "gwp_set", gwp_set, message=Text(
            f"未知的 GWP 版本，应为：{sets}", f"unknown GWP set; use one of: {sets}"))])  # fmt: skip
    return {**dict(zip(rows["gas"], rows["value"], strict=True)), CO2E: 1.0}


def _where(process: Process) -> str:
    return f"process {process.code}"


def _bad(process: Process, field: str, value: object, zh: str, en: str) -> Problem:
    return Problem(_where(process), None, field, str(value), message=Text(zh, en))


@dataclass(frozen=True)
class Matrices:
    """The system as sparse matrices. ``codes[j]`` is process j (its product is row j);
    ``flows[r]`` is (gas, origin) of row r of B; ``c[r]`` its kg CO2e per kg."""

    codes: tuple[str, ...]
    products: dict[str, int]
    flows: tuple[tuple[str, str], ...]
    technosphere: sp.csc_matrix
    biosphere: sp.csc_matrix
    c: np.ndarray


def _share(process: Process, allocation: str) -> float:
    """The reference product's share of a multi-output process (1 without co-products)."""
    if not process.coproducts:
        return 1.0
    if allocation == "economic":
        own, others = process.value, sum(c.value for c in process.coproducts)
    else:
        own, others = process.mass_kg, sum(c.mass_kg for c in process.coproducts)
    total = own + others
    return own / total if total > 0 else math.nan


def build(system: ProductSystem, gwp: Mapping[str, float]) -> Matrices:
    """The system's matrices; every problem is reported at once, naming process and exchange."""
    problems: list[Problem] = []
    products: dict[str, int] = {}
    for j, process in enumerate(system.processes):
        if process.product in products:
            other = system.processes[products[process.product]].code
            problems.append(_bad(process, "product", process.product,
                                 f"产品 {process.product} 已由过程 {other} 生产：每种产品只能有一个生产过程",
                                 f"product {process.product} is made by process {other} already: one maker a product"))  # fmt: skip
        elif not (math.isfinite(process.output) and process.output > 0):
            problems.append(_bad(process, "output", process.output, "产出量应为正数",
                                 "the reference output must be positive"))  # fmt: skip
        products.setdefault(process.product, j)
    units = {p.product: p.unit for p in system.processes}
    rows_a: list[int] = []
    cols_a: list[int] = []
    vals_a: list[float] = []
    flows: dict[tuple[str, str], int] = {}
    rows_b: list[int] = []
    cols_b: list[int] = []
    vals_b: list[float] = []
    for j, process in enumerate(system.processes):
        share = _share(process, system.allocation)
        if not math.isfinite(share):
            problems.append(_bad(process, "coproducts", system.allocation,
                                 "多产出过程的分配依据（质量或价值）之和须为正数",
                                 "a multi-output process needs a positive total mass or value to allocate by"))  # fmt: skip
            continue
        rows_a.append(products.get(process.product, j))
        cols_a.append(j)
        vals_a.append(process.output)
        for exchange in process.exchanges:
            if not math.isfinite(exchange.amount):
                problems.append(_bad(process, exchange.flow, exchange.amount, "数量应为有限数",
                                     "the amount must be a finite number"))  # fmt: skip
                continue
            if exchange.kind == "technosphere":
                maker = products.get(exchange.flow)
                if maker is None:
                    problems.append(_bad(process, exchange.flow, exchange.amount,
                                         f"投入 {exchange.flow} 没有生产过程或数据集：请添加它或其排放因子数据集",
                                         f"input {exchange.flow} has no producing process or dataset: add one"))  # fmt: skip
                    continue
                try:
                    scale = _to_unit(exchange.unit, units[exchange.flow])
                except UnitError:
                    problems.append(_bad(process, exchange.flow, exchange.unit,
                                         f"单位 {exchange.unit} 不能换算为生产过程的单位 {units[exchange.flow]}",
                                         f"unit {exchange.unit} does not convert to its maker's unit {units[exchange.flow]}"))  # fmt: skip
                    continue
                rows_a.append(maker)
                cols_a.append(j)
                vals_a.append(-exchange.amount * scale * share)
            elif exchange.kind == "biosphere":
                if exchange.flow not in gwp:
                    problems.append(_bad(process, exchange.flow, exchange.flow,
                                         "该气体没有所选版本的 GWP 值", "this gas has no GWP in the chosen set"))  # fmt: skip
                    continue
                if exchange.origin not in ORIGINS:
                    problems.append(_bad(process, exchange.flow, exchange.origin,
                                         "来源应为 fossil、biogenic 或 luc", "origin is fossil, biogenic or luc"))  # fmt: skip
                    continue
                try:
                    scale = _to_unit(exchange.unit, "kg")
                except UnitError:
                    problems.append(_bad(process, exchange.flow, exchange.unit,
                                         "排放量的单位应为质量单位（如 kg）", "an emission is a mass (e.g. kg)"))  # fmt: skip
                    continue
                r = flows.setdefault((exchange.flow, exchange.origin), len(flows))
                rows_b.append(r)
                cols_b.append(j)
                vals_b.append(exchange.amount * scale * share)
            else:
                problems.append(_bad(process, exchange.flow, exchange.kind,
                                     "交换类型应为 technosphere 或 biosphere", "kind is technosphere or biosphere"))  # fmt: skip
    if system.reference not in {p.code for p in system.processes}:
        problems.append(Problem(system.product, None, "reference", system.reference, message=Text(
            "参考过程不在产品系统中", "the reference process is not in the product system")))  # fmt: skip
    if problems:
        raise DataValidationError(problems)
    n = len(system.processes)
    technosphere = sp.csc_matrix((vals_a, (rows_a, cols_a)), shape=(n, n))
    biosphere = sp.csc_matrix((vals_b, (rows_b, cols_b)), shape=(len(flows), n))
    listed = tuple(flows)
    c = np.array([gwp[gas] for gas, _ in listed], dtype=float)
    codes = tuple(p.code for p in system.processes)
    return Matrices(codes, products, listed, technosphere, biosphere, c)


def _to_unit(unit: str, target: str) -> float:
    return 1.0 if unit == target else conversion_factor(unit, target)


class Factorised:
    """One LU factorisation of a system's technosphere, reused for any number of demands."""

    def __init__(self, matrices: Matrices, processes: Sequence[Process]) -> None:
        self.matrices = matrices
        try:
            # Factorise Aᵀ (the CSR arrays of A read as CSC) and solve transposed: SuperLU's
            # column ordering leaves far less fill in a technosphere's transpose (bw2calc
            # measured 52 s against 1.7 s on ecoinvent 3.9; bw2calc.utils.lu_solver).
            self.lu = splu(matrices.technosphere.tocsr().T)
        except RuntimeError as exc:  # "Factor is exactly singular"
            raise DataValidationError(_singular(matrices, processes)) from exc
        #: kg CO2e per unit of each process's activity (c B), one value per process.
        self.intensity = np.asarray(matrices.biosphere.T @ matrices.c).ravel()

    def scaling(self, demand: np.ndarray) -> np.ndarray:
        """s = A⁻¹ f (one column per demand when ``demand`` is a matrix)."""
        return np.asarray(self.lu.solve(np.asarray(demand, dtype=float), trans="T"))

    def scores(self, demands: np.ndarray) -> np.ndarray:
        """Footprints (kg CO2e) of many demands at once: columns of ``demands`` (n × k)."""
        return np.asarray(self.intensity @ self.scaling(demands))

    def per_unit(self) -> np.ndarray:
        """Every product's footprint per unit of it, by one transposed solve: λ = A⁻ᵀ (c B)ᵀ."""
        return np.asarray(self.lu.solve(self.intensity))  # the factors are Aᵀ's already


def _singular(matrices: Matrices, processes: Sequence[Process]) -> list[Problem]:
    """Name the processes that make nothing net: each loop (a strongly connected group of
    processes feeding each other, or one process feeding itself) whose block of A is singular."""
    graph = (matrices.technosphere != 0).astype(int)
    count, labels = csgraph.connected_components(graph, directed=True, connection="strong")
    problems: list[Problem] = []
    for group in range(count):
        members = np.flatnonzero(labels == group)
        block = matrices.technosphere[np.ix_(members, members)].toarray()
        if np.linalg.matrix_rank(block) == len(members):
            continue
        listed = " → ".join(matrices.codes[j] for j in members)
        problems.append(Problem(f"process {matrices.codes[members[0]]}", None, "loop", listed,
                                message=Text(
            f"这些过程互相供给，净产出为零或为负（技术矩阵奇异）：{listed}；请检查投入量",
            f"these processes feed each other and make nothing net (singular technosphere): "
            f"{listed}; check their input amounts")))  # fmt: skip
    return problems or [Problem("technosphere", None, "loop", "", message=Text(
        "技术矩阵奇异：请检查各过程的投入量", "singular technosphere: check the processes' input amounts"))]  # fmt: skip


def demand_of(system: ProductSystem, matrices: Matrices) -> np.ndarray:
    """The demand vector of one declared unit: its amount of the reference product, converted
    between pieces and mass with the mass per piece where the units differ."""
    reference = next(p for p in system.processes if p.code == system.reference)
    unit = system.declared_unit
    mass = unit.mass_per_piece_kg

    def refuse(zh: str, en: str) -> DataValidationError:
        return DataValidationError([Problem(system.product, None, "declared_unit", unit.kind,
                                            message=Text(zh, en))])  # fmt: skip

    try:
        if unit.kind == reference.unit:
            amount = unit.amount
        elif "piece" in (unit.kind, reference.unit):
            if mass is None or not mass > 0:
                raise refuse(f"声明单位 {unit.kind} 与参考产品单位 {reference.unit} 不同：请给出单件质量",
                             f"declared unit {unit.kind} differs from the reference unit {reference.unit}: "
                             "give the mass per piece")  # fmt: skip
            if unit.kind == "piece":  # pieces of a product counted by mass
                amount = unit.amount * mass * _to_unit("kg", reference.unit)
            else:  # a mass or energy of a product counted in pieces
                amount = unit.amount * _to_unit(unit.kind, "kg") / mass
        else:
            amount = unit.amount * _to_unit(unit.kind, reference.unit)
    except UnitError as exc:
        raise refuse(f"声明单位 {unit.kind} 不能换算为参考产品单位 {reference.unit}",
                     f"declared unit {unit.kind} does not convert to the reference unit {reference.unit}") from exc  # fmt: skip
    demand = np.zeros(len(matrices.codes))
    demand[matrices.products[reference.product]] = amount
    return demand


def _results(system: ProductSystem, matrices: Matrices, s: np.ndarray) -> FootprintResult:
    inventory = matrices.biosphere @ s
    by_origin = dict.fromkeys(("fossil", "biogenic", "luc"), 0.0)
    for (_, origin), amount, factor in zip(matrices.flows, inventory, matrices.c, strict=True):
        by_origin[origin] += float(amount * factor)
    contribution = np.asarray(matrices.biosphere.T @ matrices.c).ravel() * s
    by_process = {code: float(v) for code, v in zip(matrices.codes, contribution, strict=True) if v}
    weights = np.abs(contribution)
    total_weight = float(weights.sum())
    quality: dict[str, float] = {}
    primary = 0.0
    if total_weight > 0:
        for name in QUALITY_FIELDS:
            ratings = np.array([getattr(p.quality, name) for p in system.processes])
            quality[name] = float(ratings @ weights / total_weight)
        flags = np.array([p.quality.primary for p in system.processes], dtype=float)
        primary = float(flags @ weights / total_weight)
    return FootprintResult(
        product=system.product, declared_unit=system.declared_unit,
        total=sum(by_origin.values()), fossil=by_origin["fossil"],
        biogenic=by_origin["biogenic"], luc=by_origin["luc"], by_process=by_process,
        quality=quality, primary_share=primary, boundary=system.boundary,
        allocation=system.allocation, cut_off=system.cut_off, standard=system.standard,
        gwp_set=system.gwp_set,
    )  # fmt: skip


def compute(system: ProductSystem, gwp: Mapping[str, float]) -> FootprintResult:
    """The footprint of one declared unit of the system's product.

    ``gwp``: kg CO2e per kg of each gas (:func:`characterisation`)."""
    matrices = build(system, gwp)
    factorised = Factorised(matrices, system.processes)
    return _results(system, matrices, factorised.scaling(demand_of(system, matrices)))


def per_unit_of_every_product(system: ProductSystem, gwp: Mapping[str, float]) -> dict[str, float]:
    """kg CO2e per unit of every product of the system (one adjoint solve)."""
    matrices = build(system, gwp)
    scores = Factorised(matrices, system.processes).per_unit()
    return {p.product: float(scores[matrices.products[p.product]]) for p in system.processes}


@dataclass(frozen=True)
class MonteCarloResult:
    """Footprint samples (kg CO2e per declared unit) of ``runs`` seeded draws."""

    runs: int
    seed: int
    mean: float
    median: float
    low: float  # 2.5th percentile
    high: float  # 97.5th percentile
    samples: np.ndarray


def _draw(rng: np.random.Generator, amount: float, u: Uncertainty, size: int) -> np.ndarray:
    if u.kind == "lognormal":  # the amount is the median (geometric mean), spread the GSD
        return amount * rng.lognormal(0.0, math.log(u.spread) if u.spread > 1 else 0.0, size)
    if u.kind == "normal":
        return rng.normal(amount, u.spread, size)
    if u.kind == "triangular":
        return rng.triangular(u.low, amount, u.high, size)
    raise DataValidationError([Problem("uncertainty", None, "kind", u.kind, message=Text(
        "不确定性类型应为 lognormal、normal 或 triangular", "uncertainty is lognormal, normal or triangular"))])  # fmt: skip


def monte_carlo(
    system: ProductSystem, gwp: Mapping[str, float], *, runs: int = 1000, seed: int = 1
) -> MonteCarloResult:
    """Draw every exchange with an uncertainty ``runs`` times (seeded) and compute each draw.

    Lognormal draws have the amount as median (the geometric mean, as the pedigree approach
    states it). Each run rebuilds and refactorises the matrices (same sparsity): simple and
    exact; a system of a few hundred processes takes milliseconds a run."""
    if runs < 2:
        raise DataValidationError([Problem("monte_carlo", None, "runs", str(runs), message=Text(
            "模拟次数至少为 2", "at least 2 runs"))])  # fmt: skip
    rng = np.random.default_rng(seed)
    varied: list[tuple[int, int, np.ndarray]] = []  # (process index, exchange index, draws)
    for j, process in enumerate(system.processes):
        for e, exchange in enumerate(process.exchanges):
            if exchange.uncertainty is not None:
                varied.append((j, e, _draw(rng, exchange.amount, exchange.uncertainty, runs)))
    samples = np.empty(runs)
    for run in range(runs):
        changed = _with_amounts(system, {(j, e): float(d[run]) for j, e, d in varied})
        matrices = build(changed, gwp)
        factorised = Factorised(matrices, changed.processes)
        samples[run] = factorised.scores(demand_of(changed, matrices))
    return MonteCarloResult(runs, seed, float(samples.mean()), float(np.median(samples)),
                            float(np.percentile(samples, 2.5)), float(np.percentile(samples, 97.5)),
                            samples)  # fmt: skip


def _with_amounts(system: ProductSystem, amounts: Mapping[tuple[int, int], float]) -> ProductSystem:
    processes = list(system.processes)
    touched: dict[int, list[tuple[int, float]]] = {}
    for (j, e), value in amounts.items():
        touched.setdefault(j, []).append((e, value))
    for j, changes in touched.items():
        exchanges = list(processes[j].exchanges)
        for e, value in changes:
            exchanges[e] = replace(exchanges[e], amount=value)
        processes[j] = replace(processes[j], exchanges=tuple(exchanges))
    return replace(system, processes=tuple(processes))


def with_datasets(system: ProductSystem, datasets: Iterable[Process]) -> ProductSystem:
    """The system with processes (datasets as processes) added for inputs it does not make."""
    made = {p.product for p in system.processes}
    extra = tuple(d for d in datasets if d.product not in made)
    return replace(system, processes=system.processes + extra)
