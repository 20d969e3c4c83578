"""A project in the tests' own words."""

from __future__ import annotations

from cityclimate.finance.model import ClimateType, Project, Stage

#: A well-formed unified social credit code (GB 32100-2015 check character J).
USCC = "91500000MA5U7A1B2J"


def project(project_type: str = "distributed_pv", **overrides: object) -> Project:
    values: dict[str, object] = {
        "project_id": f"T-{project_type}",
        "name_zh": "测试项目",
        "name_en": "test project",
        "owner_uscc": USCC,
        "owner_name": "测试业主",
        "territory": "LJ-2016",
        "project_type": project_type,
        "climate_type": ClimateType.MITIGATION,
        "investment_wan_yuan": 1000.0,
        "financing_need_wan_yuan": 600.0,
        "operation_year": 2022,
        "stage": Stage.PROMOTED,
        "catalogue_codes": {"green_bond": ("3",)},
    }
    values.update(overrides)
    return Project(**values)  # type: ignore[arg-type]
