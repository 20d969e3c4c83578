"""Regional coordination (R7): several territories side by side, from stored data only.

For each territory and the chosen year: its published inventory (gross and net emissions, the
sector mix), the intensity and per-capita figures from its stored socio-economic inputs, the
progress of its plan's intensity indicators where it has a plan and the data, and the methods the
inventory used (GWP set, factor set, fuel-parameter edition, grid factors and their basis, the
framework of the headline total). Where the territories' methods differ, a warning names the
method and each territory's choice. Whatever is missing is ``None`` (shown as "not reported"),
never an error: only an unknown territory code is refused.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cityclimate.errors import DataValidationError, Problem
from cityclimate.indicators.progress import cumulative_reduction_pct
from cityclimate.services import plans
from cityclimate.services.socioeconomic import figures_for
from cityclimate.services.territories import get_territory
from cityclimate.storage.models import InventoryVersion
from cityclimate.text import Text

#: At most this many territories side by side.
MAX_TERRITORIES = 12
#: The framework of every headline total on the platform: China's provincial inventory guideline
#: categories with scope-2 electricity (the IPCC and GPC views are re-groupings of it).
PLATFORM_FRAMEWORK = "cn"
#: Methods compared, with their names.
METHODS = {
    "gwp_set": Text("全球增温潜势（GWP）版本", "GWP set"),
    "factor_set": Text("排放因子集", "Factor set"),
    "fuel_parameters": Text("燃料参数版本", "Fuel-parameter edition"),
    "electricity": Text("电网排放因子", "Grid electricity factors"),
    "electricity_basis": Text("电力折标方法", "Electricity energy basis"),
    "framework": Text("清单框架", "Inventory framework"),
}
#: Intensity indicators derived from a published inventory and GDP: indicator → report summary
#: figure of its numerator (the indicator board's definitions: energy use; gross emissions).
DERIVED = {"energy_intensity_reduction": "energy_tce", "co2_intensity_reduction": "gross_co2e_t"}


def _published(session: Session, code: str) -> dict[int, InventoryVersion]:
    rows = session.scalars(
        select(InventoryVersion).where(
            InventoryVersion.territory_code == code, InventoryVersion.status == "published"
        )
    )
    return {v.year: v for v in rows}


def _methods(version: InventoryVersion) -> dict[str, Any]:
    report = version.report or {}
    method = report.get("method", {})
    used = report.get("method_used", {})
    electricity = method.get("electricity")
    return {
        "gwp_set": method.get("gwp_set"),
        "factor_set": used.get("factor_set"),
        "fuel_parameters": method.get("ncv_set"),
        "electricity": ", ".join(electricity) if isinstance(electricity, list) else electricity,
        "electricity_basis": method.get("electricity_basis"),
        "framework": report.get("framework", PLATFORM_FRAMEWORK),
    }


def _sector_mix(version: InventoryVersion) -> list[dict[str, Any]]:
    rows = (version.report or {}).get("breakdowns", {}).get("sector", [])
    sources = [r for r in rows if (r.get("co2e_t") or 0.0) > 0]
    total = sum(r["co2e_t"] for r in sources)
    return [
        {
            "sector": r["key"],
            "name_zh": r.get("name_zh", r["key"]),
            "name_en": r.get("name_en", r["key"]),
            "co2e_t": r["co2e_t"],
            "share": r["co2e_t"] / total if total else None,
        }
        for r in sorted(sources, key=lambda r: -r["co2e_t"])
    ]


def _intensity(session: Session, code: str, version: InventoryVersion, figure: str) -> float | None:
    value = (version.report or {}).get("summary", {}).get(figure)
    gdp = figures_for(session, code, version.year, 0.0)["gdp_10k_yuan"]
    return value / gdp if value is not None and gdp else None


def _progress(
    session: Session, code: str, year: int, published: dict[int, InventoryVersion]
) -> list[dict[str, Any]]:
    """The plan's derived intensity indicators: reduction since their base year vs the target."""
    stored = plans.find_plan(session, code)
    if stored is None:
        return []
    targets = plans.targets(session, code)
    out = []
    for definition in targets.definitions:
        figure = DERIVED.get(definition.id)
        if figure is None:
            continue
        intensity = {
            y: value
            for y in (definition.base_year, year)
            if y in published
            and (value := _intensity(session, code, published[y], figure)) is not None
        }
        reduction = cumulative_reduction_pct(intensity, definition.base_year).get(year)
        target, source = targets.target(definition.id)
        out.append(
            {
                "indicator_id": definition.id,
                "name_zh": definition.name_zh,
                "name_en": definition.name_en,
                "base_year": definition.base_year,
                "target_year": definition.target_year,
                "reduction_pct": reduction,
                "target_pct": target,
                "target_source": source,
            }
        )
    return out


def _cell(session: Session, code: str, year: int) -> dict[str, Any]:
    territory = get_territory(session, code)
    published = _published(session, code)
    version = published.get(year)
    row: dict[str, Any] = {
        "territory": code,
        "name_zh": territory.name_zh,
        "name_en": territory.name_en or territory.name_zh,
        "year": year,
        "published_years": sorted(published),
        "version_id": None,
        "illustrative": False,
        "gross_co2e_t": None,
        "net_co2e_t": None,
        "intensity_t_per_10k_yuan": None,
        "per_capita_t": None,
        "gdp_10k_yuan": None,
        "population": None,
        "sector_mix": [],
        "indicator_progress": _progress(session, code, year, published),
        "methods": None,
    }
    if version is None:
        socio = figures_for(session, code, year, 0.0)
        row["gdp_10k_yuan"], row["population"] = socio["gdp_10k_yuan"], socio["population"]
        return row
    figures = figures_for(session, code, year, version.gross_co2e_t)
    row.update(
        version_id=version.id,
        illustrative=version.illustrative,
        gross_co2e_t=version.gross_co2e_t,
        net_co2e_t=(version.report or {}).get("summary", {}).get("net_co2e_t"),
        intensity_t_per_10k_yuan=figures["intensity_t_per_10k_yuan"],
        per_capita_t=figures["per_capita_t"],
        gdp_10k_yuan=figures["gdp_10k_yuan"],
        population=figures["population"],
        sector_mix=_sector_mix(version),
        methods=_methods(version),
    )
    return row


def _warnings(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    with_methods = [r for r in rows if r["methods"] is not None]
    out = []
    for key, name in METHODS.items():
        values = {r["territory"]: r["methods"][key] for r in with_methods}
        if len(set(values.values())) > 1:
            listed = "; ".join(f"{code}: {value}" for code, value in values.items())
            out.append(
                {
                    "method": key,
                    "name_zh": name.zh,
                    "name_en": name.en,
                    "values": values,
                    "message_zh": f"{name.zh}不一致，数值不可直接比较（{listed}）",
                    "message_en": f"{name.en} differs, so the figures are not directly "
                    f"comparable ({listed})",
                }
            )
    return out


def parse_codes(text: str) -> list[str]:
    """Territory codes from ``A,B,C`` (spaces and repeats ignored).

    Raises
    ------
    DataValidationError
        No code, or more than :data:`MAX_TERRITORIES`.
    """
    codes = list(dict.fromkeys(c.strip() for c in text.split(",") if c.strip()))
    if not codes or len(codes) > MAX_TERRITORIES:
        raise DataValidationError(
            [
                Problem(
                    "compare",
                    None,
                    "territories",
                    text[:200],
                    f"请列出 1 至 {MAX_TERRITORIES} 个地区代码，以逗号分隔，如 LJ-2016,500112",
                    f"list 1 to {MAX_TERRITORIES} territory codes separated by commas, e.g. "
                    "LJ-2016,500112",
                )
            ]
        )
    return codes


def compare(session: Session, codes: list[str], year: int | None = None) -> dict[str, Any]:
    """The territories side by side in ``year`` (default: the latest year every territory with a
    published inventory has published; when they have none in common, the latest of any).

    Raises
    ------
    NotFoundError
        An unknown territory code (missing data is never an error).
    """
    for code in codes:
        get_territory(session, code)
    published = [set(_published(session, code)) for code in codes]
    years = sorted(set().union(*published))
    common = set.intersection(*[p for p in published if p]) if any(published) else set()
    chosen = year if year is not None else max(common or years or [0]) or None
    rows = [_cell(session, code, chosen) for code in codes] if chosen is not None else []
    if chosen is None:  # nobody has published anything: every cell is "not reported"
        rows = [_cell(session, code, -1) | {"year": None} for code in codes]
    return {
        "year": chosen,
        "years": years,
        "territories": rows,
        "method_warnings": _warnings(rows),
        "illustrative": any(r["illustrative"] for r in rows),
    }


def territories_with_data(session: Session) -> list[str]:
    """Territories with a published inventory: those with a stored plan first, then by code."""
    codes = set(
        session.scalars(
            select(InventoryVersion.territory_code)
            .where(InventoryVersion.status == "published")
            .distinct()
        )
    )
    with_plan = [p["territory"] for p in plans.list_plans(session) if p["territory"] in codes]
    return with_plan + sorted(codes - set(with_plan))[: MAX_TERRITORIES - len(with_plan)]
