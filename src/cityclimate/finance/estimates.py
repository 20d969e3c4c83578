"""Expected annual reductions of library projects, computed by the inventory engine.

No official estimation method for pilot libraries was found (round2-sources §4, [U]); the method
is *baseline minus project*: each project type turns its inputs into two sets of inventory
activity records, the baseline (what would happen without the project) and the project (what
happens with it), and the inventory engine (:func:`cityclimate.inventory.compute_emissions`)
computes both with the territory's factor set (its :class:`~cityclimate.inventory.Method` and
composite factors) for the project's operating year::

    reduction = Σ co2e(baseline records) − Σ co2e(project records)       (t CO2e a year)

So a distributed PV plant of G MWh a year gives G × the year's grid factor (the engine's most
specific grid factor for the territory, e.g. Chongqing's provincial factor), a gas CHP unit the
grid electricity and boiler gas it displaces minus its own gas, a forestry project its removals
(negative project emissions). Every estimate names its method, inputs, factors and year.
Adaptation projects carry their benefit as indicators (their ``benefit_indicator`` inputs).

>>> from cityclimate.finance.model import ClimateType, Project
>>> pv = Project("P1", "光伏", "PV", "91500000MA5U000000", "业主", "LJ-2016", "distributed_pv",
...              ClimateType.MITIGATION, 1000.0, 800.0, 2022, inputs={"generation_mwh": 1000.0})
>>> round(estimate(pv).reduction_co2e_t, 1)  # 1,000 MWh × Chongqing 2022 0.5227 t/MWh
522.7
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

import polars as pl

from cityclimate.errors import DataValidationError, Problem
from cityclimate.finance.catalogues import project_inputs, project_types
from cityclimate.finance.model import Estimate, FactorUsed, Project
from cityclimate.inventory import Method, compute_emissions
from cityclimate.inventory.model import ACTIVITY_COLUMNS
from cityclimate.text import Text

Inputs = Mapping[str, float]


@dataclass(frozen=True)
class Term:
    """One activity record of a method: side, category, fuel, unit, quantity from the inputs."""

    side: str
    category: str
    fuel: str
    unit: str
    quantity: Callable[[Inputs], float]
    abatement: Callable[[Inputs], float] | None = None


def _get(name: str) -> Callable[[Inputs], float]:
    return lambda x: x.get(name, 0.0)


_GRID = "electricity"
_GAS_U = "10⁴Nm³"
_B, _P = "baseline", "project"


def _energy_saved(category_el: str, category_gas: str) -> tuple[Term, ...]:
    return (
        Term(_B, category_el, _GRID, "MWh", _get("electricity_saved_mwh")),
        Term(_B, category_gas, "natural_gas", _GAS_U, _get("gas_saved_10k_nm3")),
    )


def _fuel_for_power(fuel: str, displaced: str, charged: str) -> tuple[Term, ...]:
    return (
        Term(_B, "energy.transport.road", fuel, "t", _get(displaced)),
        Term(_P, "energy.electricity.transport", _GRID, "MWh", _get(charged)),
    )


#: The activity records of each mitigation type's baseline and project (see the module doc).
METHODS: dict[str, tuple[Term, ...]] = {
    "distributed_pv": (
        Term(_B, "energy.electricity.commercial", _GRID, "MWh", _get("generation_mwh")),
    ),
    "gas_chp": (
        Term(_B, "energy.electricity.industry", _GRID, "MWh", _get("power_mwh")),
        Term(
            _B, "energy.manufacturing.combustion", "natural_gas", _GAS_U, _get("boiler_gas_10k_nm3")
        ),
        Term(
            _P,
            "energy.energy_industries.combustion",
            "natural_gas",
            _GAS_U,
            _get("unit_gas_10k_nm3"),
        ),
    ),
    "building_retrofit": _energy_saved(
        "energy.electricity.commercial", "energy.commercial.combustion"
    ),
    "green_building": _energy_saved(
        "energy.electricity.commercial", "energy.commercial.combustion"
    ),
    "nev_cars": _fuel_for_power("gasoline", "gasoline_displaced_t", "charging_mwh"),
    "nev_buses": _fuel_for_power("diesel", "diesel_displaced_t", "charging_mwh"),
    "charging": _fuel_for_power("gasoline", "gasoline_displaced_t", "electricity_delivered_mwh"),
    "hydrogen_vehicles": (
        Term(_B, "energy.transport.road", "diesel", "t", _get("diesel_displaced_t")),
        Term(_P, "energy.electricity.industry", _GRID, "MWh", _get("electrolysis_mwh")),
        Term(
            _P,
            "energy.manufacturing.combustion",
            "natural_gas",
            _GAS_U,
            _get("reforming_gas_10k_nm3"),
        ),
    ),
    "shore_power": (
        Term(_B, "energy.transport.navigation", "diesel", "t", _get("ship_diesel_displaced_t")),
        Term(_P, "energy.electricity.transport", _GRID, "MWh", _get("shore_mwh")),
    ),
    "freight_shift": (
        Term(_B, "energy.transport.road", "diesel", "t", _get("road_diesel_displaced_t")),
        Term(_P, "energy.electricity.transport", _GRID, "MWh", _get("rail_mwh")),
        Term(_P, "energy.transport.navigation", "diesel", "t", _get("water_diesel_t")),
    ),
    "datacentre_pue": (
        Term(
            _B,
            "energy.electricity.new_infrastructure",
            _GRID,
            "MWh",
            lambda x: x.get("it_load_mwh", 0.0) * x.get("pue_before", 0.0),
        ),
        Term(
            _P,
            "energy.electricity.new_infrastructure",
            _GRID,
            "MWh",
            lambda x: x.get("it_load_mwh", 0.0) * x.get("pue_after", 0.0),
        ),
    ),
    "fgas_abatement": tuple(
        Term(side, "ippu.electronics.display", gas, "kg", _get(f"{gas.lower()}_kg"), abatement)
        for gas in ("NF3", "SF6")
        for side, abatement in ((_B, None), (_P, _get("abatement_share")))
    ),
    "forestry": (Term(_P, "sink.forest", "forest_subtropical", "ha", _get("forest_ha")),),
    "parks": (Term(_P, "sink.urban_green", "urban_tree_crown", "ha", _get("tree_crown_ha")),),
}


def input_problems(
    project: Project,
    inputs: Inputs,
    *,
    where: str = "projects",
    row: int | None = None,
    table: pl.DataFrame | None = None,
) -> list[Problem]:
    """Inputs of ``project`` its type does not know, or that are negative or missing."""
    table = project_inputs() if table is None else table
    spec = table.filter(type=project.project_type)
    known = set(spec["input"])
    problems = [
        Problem(
            where,
            row,
            name,
            str(value),
            f"项目 {project.project_id}：类型 {project.project_type} 没有输入项“{name}”；"
            f"可用：{'、'.join(sorted(known))}",
            f"project {project.project_id}: type {project.project_type} has no input '{name}'; "
            f"use {', '.join(sorted(known))}",
        )
        for name, value in inputs.items()
        if name not in known
    ]
    problems += [
        Problem(
            where,
            row,
            name,
            str(value),
            f"项目 {project.project_id}：输入项“{name}”不能为负数",
            f"project {project.project_id}: input '{name}' may not be negative",
        )
        for name, value in inputs.items()
        if name in known and not value >= 0
    ]
    needed = spec.filter(~pl.col("benefit_indicator"))["input"].to_list()
    if project.project_type in METHODS and not any(inputs.get(n, 0.0) > 0 for n in needed):
        problems.append(
            Problem(
                where,
                row,
                "inputs",
                "",
                f"项目 {project.project_id}：请至少填写一项计算输入（{'、'.join(needed)}）",
                f"project {project.project_id}: give at least one of the method's inputs "
                f"({', '.join(needed)})",
            )
        )
    return problems


def _activity_rows(
    projects: Sequence[tuple[Project, Inputs, int]],
) -> tuple[pl.DataFrame, list[str]]:
    rows: list[dict[str, object]] = []
    owners: list[str] = []
    for project, inputs, year in projects:
        for n, term in enumerate(METHODS.get(project.project_type, ())):
            quantity = term.quantity(inputs)
            if quantity == 0:
                continue
            rows.append(
                {
                    "record_id": f"{project.project_id}|{term.side}|{n}",
                    "territory": project.territory,
                    "sub_area": project.sub_area,
                    "year": year,
                    "category": term.category,
                    "fuel": term.fuel,
                    "quantity": quantity,
                    "unit": term.unit,
                    "abatement_fraction": term.abatement(inputs) if term.abatement else None,
                }
            )
            owners.append(project.project_id)
    schema = {k: ACTIVITY_COLUMNS[k] for k in rows[0]} if rows else None
    return pl.DataFrame(rows, schema=schema), owners


def estimate_many(
    projects: Iterable[Project],
    method: Method | None = None,
    *,
    factors: pl.DataFrame | None = None,
    territories: pl.DataFrame | None = None,
    grid_regions: pl.DataFrame | None = None,
    monitored: Mapping[str, tuple[int, Inputs]] | None = None,
) -> dict[str, Estimate]:
    """Estimates of many projects in one engine run (see the module doc).

    Parameters
    ----------
    projects:
        The projects (their ``inputs`` and ``operation_year`` are used).
    method, factors, territories, grid_regions:
        The territory's factor set (method and composite factors) and reference tables, passed
        to :func:`cityclimate.inventory.compute_emissions`.
    monitored:
        Project id → (year, monitored inputs): the ex-post basis replaces the estimate for
        these (``basis="ex_post"``).

    Returns
    -------
    dict
        Project id → :class:`Estimate`.

    Raises
    ------
    DataValidationError, MissingFactorError
        The engine's problems, named by project (e.g. no factor for the year and the factor set
        does not allow the nearest year).
    """
    method = method or Method()
    monitored = monitored or {}
    chosen = [
        (
            p,
            *(
                (monitored[p.project_id][1], monitored[p.project_id][0])
                if p.project_id in monitored
                else (p.inputs, p.operation_year)
            ),
        )
        for p in projects
    ]
    acts, owners = _activity_rows(chosen)
    try:
        result = (
            compute_emissions(
                acts,
                method,
                factors=factors,
                territories=territories,
                grid_regions=grid_regions,
                where="projects",
            )
            if acts.height
            else None
        )
    except DataValidationError as exc:
        raise type(exc)([_named(p, owners) for p in exc.problems]) from exc
    types = {r["type"]: r for r in project_types().iter_rows(named=True)}
    spec = project_inputs()
    out: dict[str, Estimate] = {}
    for project, inputs, year in chosen:
        kind = types.get(project.project_type)
        mine = (
            result.filter(pl.col("record_id").str.starts_with(f"{project.project_id}|"))
            if result is not None
            else None
        )
        units = dict(spec.filter(type=project.project_type).select("input", "unit").iter_rows())
        indicators = set(spec.filter(type=project.project_type, benefit_indicator=True)["input"])
        basis = "ex_post" if project.project_id in monitored else "ex_ante"
        out[project.project_id] = replace(
            _estimate(project, inputs, year, kind, mine, units, indicators, method), basis=basis
        )
    return out


def _named(problem: Problem, owners: list[str]) -> Problem:
    owner = owners[problem.row - 1] if problem.row and problem.row <= len(owners) else None
    if owner is None:
        return problem
    return Problem(
        f"project {owner}",
        None,
        problem.field,
        problem.value,
        message=Text(
            f"项目 {owner}：{problem.message.zh}", f"project {owner}: {problem.message.en}"
        ),
    )


def _estimate(
    project: Project,
    inputs: Inputs,
    year: int,
    kind: Mapping[str, object] | None,
    rows: pl.DataFrame | None,
    units: Mapping[str, str],
    indicators: set[str],
    method: Method,
) -> Estimate:
    benefit = {k: v for k, v in inputs.items() if k in indicators}
    base = Estimate(
        project_type=project.project_type,
        method=Text(str(kind["method_zh"]), str(kind["method_en"])) if kind else Text("", ""),
        method_source=str(kind["source"]) if kind else "",
        year=year,
        inputs=dict(inputs),
        input_units=dict(units),
        baseline_co2e_t=None,
        project_co2e_t=None,
        reduction_co2e_t=None,
        benefit_indicators=benefit,
        gwp_set=method.gwp_set,
    )
    if project.project_type not in METHODS:
        return base
    rows = rows if rows is not None else pl.DataFrame()
    sides = {_B: 0.0, _P: 0.0}
    used: list[FactorUsed] = []
    for r in rows.iter_rows(named=True) if rows.height else ():
        side = str(r["record_id"]).split("|")[1]
        sides[side] += float(r["co2e_t"])
        used.append(
            FactorUsed(
                side=side,
                category=r["category"],
                fuel=r["fuel"],
                gas=r["gas"],
                activity_value=float(r["activity_value"]),
                activity_unit=r["activity_unit"],
                factor_value=float(r["factor_value"]),
                factor_id=r["factor_id"],
                factor_level=r["factor_level"],
                factor_source=r["factor_source"],
                selection_reason=r["selection_reason"],
                co2e_t=float(r["co2e_t"]),
            )
        )
    return replace(
        base,
        baseline_co2e_t=sides[_B],
        project_co2e_t=sides[_P],
        reduction_co2e_t=sides[_B] - sides[_P],
        factors=tuple(used),
    )


def estimate(
    project: Project,
    method: Method | None = None,
    *,
    factors: pl.DataFrame | None = None,
    territories: pl.DataFrame | None = None,
    grid_regions: pl.DataFrame | None = None,
) -> Estimate:
    """The estimate of one project (see :func:`estimate_many`)."""
    return estimate_many(
        [project], method, factors=factors, territories=territories, grid_regions=grid_regions
    )[project.project_id]
