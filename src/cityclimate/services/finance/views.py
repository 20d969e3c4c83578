"""Projects and estimates as plain dicts for the faces (API, pages, CLI export), in one place.

The owner's contact is left out unless the reader sees everything (the office, departments).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from cityclimate.finance.catalogues import project_types
from cityclimate.finance.matching import reduction_per_wan_yuan
from cityclimate.finance.model import STAGE_NAMES, Estimate, Project, ProjectFilter
from cityclimate.finance.stages import allowed_actions
from cityclimate.services.actors import Actor
from cityclimate.services.finance import investors
from cityclimate.services.finance.library import (
    estimates,
    get_project,
    list_projects,
    sees_everything,
    stage_history,
)


def estimate_view(e: Estimate | None) -> dict[str, Any] | None:
    """Method, inputs (with units), factors, year and figures of an estimate."""
    if e is None:
        return None
    return {
        "basis": e.basis,
        "year": e.year,
        "method_zh": e.method.zh,
        "method_en": e.method.en,
        "method_source": e.method_source,
        "gwp_set": e.gwp_set,
        "inputs": [
            {"input": k, "value": v, "unit": e.input_units.get(k, "")} for k, v in e.inputs.items()
        ],
        "baseline_co2e_t": e.baseline_co2e_t,
        "project_co2e_t": e.project_co2e_t,
        "reduction_co2e_t": e.reduction_co2e_t,
        "benefit_indicators": dict(e.benefit_indicators),
        "factors": [
            {
                "side": f.side,
                "category": f.category,
                "fuel": f.fuel,
                "gas": f.gas,
                "activity_value": f.activity_value,
                "activity_unit": f.activity_unit,
                "factor_value": f.factor_value,
                "factor_id": f.factor_id,
                "factor_level": f.factor_level,
                "factor_source": f.factor_source,
                "selection_reason": f.selection_reason,
                "co2e_t": f.co2e_t,
            }
            for f in e.factors
        ],
    }


def project_view(p: Project, e: Estimate | None, *, contact: bool) -> dict[str, Any]:
    """A project with its estimate; ``contact`` False leaves the owner's contact out."""
    kind = project_types().filter(type=p.project_type)
    type_row = kind.row(0, named=True) if kind.height else {}
    rate = reduction_per_wan_yuan(p, e)
    view: dict[str, Any] = {
        "project_id": p.project_id,
        "name_zh": p.name_zh,
        "name_en": p.name_en,
        "owner_uscc": p.owner_uscc,
        "owner_name": p.owner_name,
        "territory": p.territory,
        "sub_area": p.sub_area,
        "location": p.location,
        "project_type": p.project_type,
        "project_type_zh": type_row.get("name_zh", p.project_type),
        "project_type_en": type_row.get("name_en", p.project_type),
        "climate_type": p.climate_type.value,
        "catalogue_codes": {k: list(v) for k, v in p.catalogue_codes.items()},
        "investment_wan_yuan": p.investment_wan_yuan,
        "phasing_wan_yuan": {str(k): v for k, v in sorted(p.phasing_wan_yuan.items())},
        "financing_need_wan_yuan": p.financing_need_wan_yuan,
        "financing_secured_wan_yuan": p.financing_secured_wan_yuan,
        "instruments": list(p.instruments),
        "stage": p.stage.value,
        "stage_zh": STAGE_NAMES[p.stage].zh,
        "stage_en": STAGE_NAMES[p.stage].en,
        "operation_year": p.operation_year,
        "lever": p.lever or type_row.get("lever"),
        "description": p.description,
        "illustrative": p.illustrative,
        "reduction_t_per_wan_yuan": rate,
        "estimate": estimate_view(e),
    }
    if contact:
        view["owner_contact"] = p.owner_contact
    return view


def library_views(
    session: Session,
    actor: Actor,
    territory: str | None = None,
    f: ProjectFilter | None = None,
) -> list[dict[str, Any]]:
    """The projects ``actor`` sees (only published ones pass a filter), with their estimates."""
    contact = sees_everything(actor)
    if f is not None:
        return [
            project_view(p, e, contact=contact)
            for p, e in investors.find(session, actor, f, territory)
        ]
    projects = list_projects(session, actor, territory)
    found = estimates(session, projects)
    return [project_view(p, found.get(p.project_id), contact=contact) for p in projects]


def one_view(session: Session, actor: Actor, project_id: str) -> dict[str, Any]:
    """One project with its estimate, the ex-ante one beside an ex-post one, and its history."""
    project = get_project(session, actor, project_id)
    found = estimates(session, [project]).get(project_id)
    view = project_view(project, found, contact=sees_everything(actor))
    view["ex_ante"] = (
        estimate_view(estimates(session, [project], ex_ante_only=True).get(project_id))
        if found is not None and found.basis == "ex_post"
        else None
    )
    view["history"] = stage_history(session, actor, project_id) if sees_everything(actor) else []
    view["allowed_actions"] = allowed_actions(project.stage) if sees_everything(actor) else []
    return view
