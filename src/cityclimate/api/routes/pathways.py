"""Carbon-peak pathways: scenarios (shipped and saved), runs, results JSON (ILLUSTRATIVE demo)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path
from pydantic import BaseModel, Field, StrictBool

from cityclimate.api.deps import ALL_ROLES, DB, INVENTORY_WRITERS, allow
from cityclimate.api.schemas import Timestamp
from cityclimate.services import pathways
from cityclimate.services.actors import Actor

router = APIRouter(prefix="/pathways", tags=["pathways"])
Reader = Annotated[Actor, Depends(allow(*ALL_ROLES))]
Writer = Annotated[Actor, Depends(allow(*INVENTORY_WRITERS))]
Name = Annotated[str, Path(min_length=1, max_length=60)]


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


class PathwayResultOut(BaseModel):
    """One scenario's results (t CO2e, tce, %); ``wedges`` against the baseline (Shapley)."""

    name: str
    title_zh: str
    title_en: str
    files: list[str]
    illustrative: bool
    notice_zh: str
    notice_en: str
    years: list[int]
    peak: dict[str, Any]
    sector_peaks: list[dict[str, Any]]
    targets: list[dict[str, Any]]
    totals: list[dict[str, Any]]
    by_sector: dict[str, list[float]]
    levers: dict[str, dict[str, float]]
    monte_carlo: dict[str, Any] | None
    wedges: dict[str, Any] | None


@router.get("/scenarios", response_model=ScenarioList)
def list_scenarios(db: DB, _: Reader) -> ScenarioList:
    """情景列表（内置与用户保存）及峰值 · Scenarios (shipped and saved) with their peaks."""
    with db.read() as session:
        items = [ScenarioSummary(**s) for s in pathways.list_scenarios(session)]
    return ScenarioList(
        items=items, notice_zh=pathways.NOTICE["zh"], notice_en=pathways.NOTICE["en"]
    )


@router.get("/scenarios/{name}", response_model=ScenarioText)
def get_scenario(name: Name, db: DB, _: Reader) -> ScenarioText:
    """一个情景的 TOML 文本 · A scenario's TOML text, as written and complete."""
    with db.read() as session:
        scenario = pathways.get_scenario(session, name)
        return ScenarioText(
            name=name,
            kind="shipped" if pathways.is_shipped(name) else "user",
            toml=pathways.scenario_text(session, name),
            flat_toml=pathways.flat_text(scenario),
        )


@router.put("/scenarios/{name}", response_model=ScenarioText)
def save_scenario(name: Name, body: ScenarioBody, db: DB, actor: Writer) -> ScenarioText:
    """保存用户情景（校验后；错误指明键名）· Save a user scenario (validated; errors name the key)."""
    with db.write() as session:
        scenario = pathways.save_scenario(session, actor, name, body.toml)
        return ScenarioText(
            name=name, kind="user", toml=body.toml, flat_toml=pathways.flat_text(scenario)
        )


@router.get("/scenarios/{name}/results", response_model=PathwayResultOut)
def results(name: Name, db: DB, _: Reader) -> PathwayResultOut:
    """情景结果：分部门排放、峰值、目标、楔形、概率 · Results: sectors, peak, targets, wedges, odds."""
    with db.read() as session:
        scenario = pathways.get_scenario(session, name)
    return PathwayResultOut(**pathways.result_view(scenario))


@router.post("/run", response_model=PathwayResultOut)
def run(body: RunRequest, db: DB, _: Reader) -> PathwayResultOut:
    """运行一个情景文本（不保存）· Run a scenario text without saving it."""
    with db.read() as session:
        scenario = pathways.parse_text(session, body.toml)
    return PathwayResultOut(
        **pathways.result_view(scenario, with_wedges=body.wedges, with_uncertainty=body.uncertainty)
    )
