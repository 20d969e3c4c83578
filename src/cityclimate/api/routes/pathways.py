"""Carbon-peak pathways of a territory: its plan's and saved scenarios, runs, results JSON with the
published (actual) years, and the LMDI decomposition between any two published years.

``territory`` (default: the territory whose plan was stored first) and ``base_year`` (default:
the plan's calibration base year) choose the context on every read."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel, Field, StrictBool

from cityclimate.api.deps import ALL_ROLES, DB, INVENTORY_WRITERS, allow
from cityclimate.api.schemas import Timestamp
from cityclimate.services import pathways
from cityclimate.services.actors import Actor

router = APIRouter(prefix="/pathways", tags=["pathways"])
Reader = Annotated[Actor, Depends(allow(*ALL_ROLES))]
Writer = Annotated[Actor, Depends(allow(*INVENTORY_WRITERS))]
Name = Annotated[str, Path(min_length=1, max_length=60)]
TerritoryCode = Annotated[
    str | None,
    Query(min_length=1, max_length=32, description="territory code (default: first stored plan)"),
]
BaseYear = Annotated[
    int | None,
    Query(ge=1949, le=2100, description="calibration year: a published inventory year"),
]


class ScenarioSummary(BaseModel):
    name: str
    title_zh: str
    title_en: str
    kind: str
    inherits: str
    illustrative: bool
    peak_year: int
    peak_co2e_t: float
    peak_within_horizon: bool
    updated_at: Timestamp | None


class ScenarioList(BaseModel):
    territory: str
    base_year: int
    items: list[ScenarioSummary]
    notice_zh: str
    notice_en: str


class ScenarioText(BaseModel):
    name: str
    kind: str
    toml: str = Field(description="the scenario file as written (may use inherits)")
    flat_toml: str = Field(description="the complete scenario after inheritance")


class ScenarioBody(BaseModel):
    toml: str = Field(min_length=1, max_length=pathways.MAX_TOML_CHARS)


class RunRequest(BaseModel):
    toml: str = Field(min_length=1, max_length=pathways.MAX_TOML_CHARS)
    uncertainty: StrictBool = True
    wedges: StrictBool = True


class LeverNote(BaseModel):
    """A lever the scenario turns on that acts on nothing in this territory, and why."""

    lever_id: str
    note_zh: str
    note_en: str


class PathwayResultOut(BaseModel):
    """One scenario's results (t CO2e, tce, %); ``wedges`` against the baseline (Shapley)."""

    name: str
    title_zh: str
    title_en: str
    territory: str
    base_year: int = Field(description="the published inventory year the model is calibrated to")
    files: list[str]
    illustrative: bool
    notice_zh: str
    notice_en: str
    years: list[int]
    actual: list[dict[str, Any]] = Field(
        description="published inventory years: year, gross_co2e_t, net_co2e_t, version_id"
    )
    lever_actuals: list[dict[str, Any]] = Field(
        default=[],
        description="the levers' actual years from the territory's sector pilot figures: lever, "
        "lever_name_zh/en, measure, name_zh/en, unit, year, value, coverage (district | parks: "
        "the parks' sum only, a lower bound), source",
    )
    peak: dict[str, Any]
    sector_peaks: list[dict[str, Any]]
    targets: list[dict[str, Any]]
    totals: list[dict[str, Any]]
    by_sector: dict[str, list[float]]
    levers: dict[str, dict[str, float]]
    notes: list[LeverNote] = Field(
        description="levers that act on nothing here: their fuels or lines are absent from the "
        "territory's base-year inventory"
    )
    monte_carlo: dict[str, Any] | None
    wedges: dict[str, Any] | None


class DecompositionOut(BaseModel):
    """LMDI of the published inventories between two years, or why it is not available."""

    available: bool
    years: list[int]
    method: str | None = None
    start_year: int | None = None
    end_year: int | None = None
    start_co2e_t: float | None = None
    end_co2e_t: float | None = None
    effects: list[dict[str, Any]] = []
    problems: list[dict[str, Any]] = []


@router.get("/scenarios", response_model=ScenarioList)
def list_scenarios(
    db: DB, _: Reader, territory: TerritoryCode = None, base_year: BaseYear = None
) -> ScenarioList:
    """情景列表（规划情景与用户保存）及峰值 · Scenarios (the plan's and saved) with their peaks."""
    with db.read() as session:
        ctx = pathways.context(session, territory, base_year)
        items = [ScenarioSummary(**s) for s in pathways.list_scenarios(session, ctx)]
    return ScenarioList(
        territory=ctx.territory,
        base_year=ctx.base_year,
        items=items,
        notice_zh=ctx.notice.zh,
        notice_en=ctx.notice.en,
    )


@router.get("/scenarios/{name}", response_model=ScenarioText)
def get_scenario(name: Name, db: DB, _: Reader, territory: TerritoryCode = None) -> ScenarioText:
    """一个情景的 TOML 文本 · A scenario's TOML text, as written and complete."""
    with db.read() as session:
        ctx = pathways.context(session, territory)
        scenario = pathways.get_scenario(session, name, ctx)
        return ScenarioText(
            name=name,
            kind="shipped" if pathways.is_shipped(ctx, name) else "user",
            toml=pathways.scenario_text(session, name, ctx),
            flat_toml=pathways.flat_text(scenario),
        )


@router.put("/scenarios/{name}", response_model=ScenarioText)
def save_scenario(
    name: Name, body: ScenarioBody, db: DB, actor: Writer, territory: TerritoryCode = None
) -> ScenarioText:
    """保存用户情景（校验后；错误指明键名）· Save a user scenario (validated; errors name the key)."""
    with db.write() as session:
        ctx = pathways.context(session, territory)
        scenario = pathways.save_scenario(session, actor, name, body.toml, ctx)
        return ScenarioText(
            name=name, kind="user", toml=body.toml, flat_toml=pathways.flat_text(scenario)
        )


@router.get("/scenarios/{name}/results", response_model=PathwayResultOut)
def results(
    name: Name, db: DB, _: Reader, territory: TerritoryCode = None, base_year: BaseYear = None
) -> PathwayResultOut:
    """情景结果：分部门排放、峰值、目标、楔形、概率，及已发布的实际年份 · Results: sectors, peak,
    targets, wedges, odds, and the published (actual) years."""
    with db.read() as session:
        ctx = pathways.context(session, territory, base_year)
        scenario = pathways.get_scenario(session, name, ctx)
    return PathwayResultOut(**pathways.result_view(ctx, scenario))


@router.get("/decomposition", response_model=DecompositionOut)
def decomposition(
    db: DB,
    _: Reader,
    territory: TerritoryCode = None,
    start: Annotated[int | None, Query(ge=1949, le=2100)] = None,
    end: Annotated[int | None, Query(ge=1949, le=2100)] = None,
) -> DecompositionOut:
    """两个已发布年份之间的 LMDI 分解 · LMDI decomposition between two published years."""
    with db.read() as session:
        ctx = pathways.context(session, territory)
    return DecompositionOut(**pathways.decomposition_view(ctx, start, end))


@router.post("/run", response_model=PathwayResultOut)
def run(
    body: RunRequest, db: DB, _: Reader, territory: TerritoryCode = None, base_year: BaseYear = None
) -> PathwayResultOut:
    """运行一个情景文本（不保存）· Run a scenario text without saving it."""
    with db.read() as session:
        ctx = pathways.context(session, territory, base_year)
        scenario = pathways.parse_text(session, body.toml, ctx=ctx)
    return PathwayResultOut(
        **pathways.result_view(
            ctx, scenario, with_wedges=body.wedges, with_uncertainty=body.uncertainty
        )
    )
