"""What a territory's pathways run on, all of it stored: plan, published inventories, inputs.

:func:`context` builds, for one territory and calibration year, the model the pathway pages
and API run: the structure, levers and scenarios of the territory's stored plan
(:mod:`cityclimate.services.plans`), its targets from the plan's indicators
(:func:`cityclimate.services.plans.targets`, the one source the indicator board reads too), the
model calibrated to the territory's PUBLISHED inventory of the chosen year (default: the plan's
calibration base year when it is published, else the latest published year), drivers at that
year from the stored socio-economic inputs (:mod:`cityclimate.pathways.rebase`), and every
published year as the actual series overlaid on the modelled ones.

A context is cached by everything it is built from (plan digest, published versions, inputs),
so publishing an inventory or entering a year's GDP gives a new context on the next request.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import polars as pl
from sqlalchemy import select
from sqlalchemy.orm import Session

from cityclimate.errors import DataValidationError, Problem
from cityclimate.indicators.model import IndicatorDefinition
from cityclimate.pathways import Lever, PathwayStructure, PreparedModel, Scenario, build_study
from cityclimate.pathways.rebase import rebase_scenario, rebase_structure, sector_value_added
from cityclimate.services import parks, plans
from cityclimate.services.errors import NotFoundError
from cityclimate.services.inventories import results_frame
from cityclimate.services.socioeconomic import FIELD_NAMES
from cityclimate.services.territories import get_territory
from cityclimate.storage.models import InventoryVersion, Socioeconomic
from cityclimate.storage.plans_models import Plan
from cityclimate.text import Text

#: Contexts kept (one per territory, year and state of its data; a few territories at a time).
MAX_CONTEXTS = 8


@dataclass(frozen=True)
class ActualYear:
    """A published inventory year of the territory (the actual series)."""

    year: int
    version_id: int
    gross_co2e_t: float
    net_co2e_t: float | None


@dataclass(frozen=True)
class Context:
    """A territory's pathway model at a calibration year (see the module docstring).

    ``scenarios``: the plan's scenarios by name, the baseline first, starting at
    ``base_year`` and carrying the plan's targets. ``scenario_texts``: their TOML as stored in
    the plan (what saved scenarios inherit). ``cache``: wedges and Monte Carlo by scenario text.
    """

    territory: str
    territory_name: Text
    base_year: int
    plan_base_year: int
    structure: PathwayStructure
    levers: Mapping[str, Lever]
    definitions: tuple[IndicatorDefinition, ...]
    model: PreparedModel
    scenarios: Mapping[str, Scenario]
    scenario_texts: Mapping[str, str]
    baseline: str
    actual: tuple[ActualYear, ...]
    emissions: pl.DataFrame
    sector_value_added: pl.DataFrame
    illustrative: bool
    notice: Text
    #: The territory's sector pilot figures of the quantities the plan's levers act on (PV
    #: MW, fleets, charging points …), by year: the levers' actual years, with their sources
    #: (:func:`cityclimate.services.parks.sector_actuals`).
    lever_actuals: tuple[dict[str, Any], ...] = ()
    cache: dict[tuple[str, str], Any] = field(default_factory=dict, compare=False)

    @property
    def actual_years(self) -> tuple[int, ...]:
        return tuple(a.year for a in self.actual)


_CONTEXTS: dict[tuple[Any, ...], Context] = {}


def default_territory(session: Session) -> str:
    """The territory whose plan was stored first (shown when none is chosen).

    Raises
    ------
    NotFoundError
        When no plan is stored.
    """
    code = session.scalar(select(Plan.territory_code).order_by(Plan.id).limit(1))
    if code is None:
        raise NotFoundError(
            "平台中尚无规划；请先导入一个地区的规划包",
            "no plan is stored yet; import a territory's plan pack first",
        )
    return code


def _inputs(session: Session, territory: str) -> dict[int, dict[str, float | None]]:
    rows = session.scalars(select(Socioeconomic).where(Socioeconomic.territory_code == territory))
    return {r.year: {name: getattr(r, name) for name in FIELD_NAMES} for r in rows}


def _published(session: Session, territory: str) -> list[InventoryVersion]:
    return list(
        session.scalars(
            select(InventoryVersion)
            .where(
                InventoryVersion.territory_code == territory,
                InventoryVersion.status == "published",
            )
            .order_by(InventoryVersion.year)
        )
    )


def context(
    session: Session, territory: str | None = None, base_year: int | None = None
) -> Context:
    """The pathway model of ``territory`` calibrated to its published inventory of ``base_year``.

    Raises
    ------
    NotFoundError
        No such territory, no stored plan, or no published inventory at all.
    DataValidationError
        ``base_year`` is not a published year of the territory, or the published inventory does
        not fit the plan's model structure (every problem located).
    """
    code = territory or default_territory(session)
    place = get_territory(session, code)
    stored = plans.get_plan(session, code)
    versions = _published(session, code)
    if not versions:
        raise NotFoundError(
            f"地区 {code} 尚无已发布的清单；发布一年的清单后才能校准排放路径",
            f"territory {code} has no published inventory; publish one year's inventory to "
            "calibrate its pathways",
        )
    years = [v.year for v in versions]
    header = stored.pack.header
    if base_year is None:
        base_year = header.pathway_base_year if header.pathway_base_year in years else years[-1]
    elif base_year not in years:
        raise DataValidationError(
            [
                Problem(
                    "pathways",
                    None,
                    "base_year",
                    str(base_year),
                    f"{code} 没有 {base_year} 年的已发布清单；可选：{'、'.join(map(str, years))}",
                    f"{code} has no published inventory of {base_year}; choose one of "
                    f"{', '.join(map(str, years))}",
                )
            ]
        )
    inputs = _inputs(session, code)
    sector = tuple(parks.sector_actuals(session, code))
    key = (
        code,
        base_year,
        stored.digest,
        tuple((v.id, v.year, v.gross_co2e_t) for v in versions),
        tuple(sorted((y, tuple(sorted(v.items()))) for y, v in inputs.items())),
        tuple((r["measure"], r["year"], r["value"], r["coverage"], r["source"]) for r in sector),
    )
    cached = _CONTEXTS.get(key)
    if cached is not None:
        return cached
    built = _build(
        session,
        code,
        Text(place.name_zh, place.name_en or place.name_zh),
        stored,
        versions,
        inputs,
        base_year,
        sector,
    )
    if len(_CONTEXTS) >= MAX_CONTEXTS:
        _CONTEXTS.pop(next(iter(_CONTEXTS)))
    _CONTEXTS[key] = built
    return built


def _build(
    session: Session,
    code: str,
    name: Text,
    stored: plans.StoredPlan,
    versions: list[InventoryVersion],
    inputs: dict[int, dict[str, float | None]],
    base_year: int,
    sector: tuple[dict[str, Any], ...] = (),
) -> Context:
    pack = stored.pack
    targets = plans.targets(session, code)
    plan_scenarios = pack.pathways.scenarios
    structure = rebase_structure(
        pack.pathways.structure, base_year, inputs.get(base_year, {}), plan_scenarios[0]
    )
    scenarios = [
        dataclasses.replace(rebase_scenario(s, base_year), city_targets=targets.city_targets)
        for s in plan_scenarios
    ]
    emissions = pl.concat([results_frame(session, v.id) for v in versions], how="vertical_relaxed")
    study = build_study(
        emissions, structure, pack.pathways.levers, scenarios[:1], targets.definitions, runs=0
    )
    files = plans.export_plan(session, code)
    header = pack.header
    illustrative = header.illustrative or any(v.illustrative for v in versions)
    return Context(
        territory=code,
        territory_name=name,
        base_year=base_year,
        plan_base_year=header.pathway_base_year,
        structure=structure,
        levers=pack.pathways.levers,
        definitions=targets.definitions,
        model=study.model,
        scenarios={s.name: s for s in scenarios},
        scenario_texts={
            s.name: files.get(f"pathways/scenarios/{s.name}.toml", "") for s in scenarios
        },
        baseline=scenarios[0].name,
        actual=tuple(
            ActualYear(
                year=v.year,
                version_id=v.id,
                gross_co2e_t=float(v.gross_co2e_t),
                net_co2e_t=_net(v),
            )
            for v in versions
        ),
        emissions=emissions,
        sector_value_added=sector_value_added(structure, inputs),
        illustrative=illustrative,
        notice=Text(header.notice_zh, header.notice_en) if illustrative else Text("", ""),
        lever_actuals=tuple(
            {
                **row,
                "lever_name_zh": pack.pathways.levers[row["lever"]].name_zh,
                "lever_name_en": pack.pathways.levers[row["lever"]].name_en,
            }
            for row in sector
            if row["lever"] in pack.pathways.levers
        ),
    )


def _net(version: InventoryVersion) -> float | None:
    value = (version.report or {}).get("summary", {}).get("net_co2e_t")
    return None if value is None else float(value)
