"""Load the illustrative Liangjiang demo: territories, its plan pack, socio-economic inputs
2019–2023, activity data, the demo's factor set and published 2019–2023 inventories (2021–2023
scaled from 2020, :mod:`cityclimate.demo.indicators`), the indicator values and task events,
published evaluations of 2021 and 2022, the key enterprises and the zero-carbon park with its
sector pilot data. Loading twice changes nothing.

The loader is a way in like the CLI (``cityclimate demo load`` calls it): it writes the demo
through the services, which never import it (an import-linter layer). The rest of
:mod:`cityclimate.demo` is data and pure functions, part of the core.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl
from sqlalchemy import select
from sqlalchemy.orm import Session

from cityclimate.demo import adaptation as demo_adaptation
from cityclimate.demo import enterprises as demo_enterprises
from cityclimate.demo import finance as demo_finance
from cityclimate.demo import footprints as demo_footprints
from cityclimate.demo import inclusion as demo_inclusion
from cityclimate.demo import indicators as demo_indicators
from cityclimate.demo import liangjiang, neighbours
from cityclimate.demo import parks as demo_parks
from cityclimate.io.pact_schema import pact_openapi
from cityclimate.services import (
    audit,
    claims,
    enterprises,
    factor_sets,
    imports,
    indicators,
    inventories,
    parks,
    plans,
    socioeconomic,
)
from cityclimate.services.actors import Actor
from cityclimate.services.adaptation import warnings as adaptation_warnings
from cityclimate.services.finance import library as finance_library
from cityclimate.services.footprints import datasets as footprint_datasets
from cityclimate.services.footprints import products as footprint_products
from cityclimate.services.footprints import requests as footprint_requests
from cityclimate.services.inclusion import ingest as inclusion_ingest
from cityclimate.services.inclusion import ledger as inclusion_ledger
from cityclimate.services.inclusion import points as inclusion_points
from cityclimate.services.inclusion import residents as inclusion_residents
from cityclimate.services.indicators.derived import FROM_ADAPTATION
from cityclimate.services.territories import seed_reference
from cityclimate.storage.enterprises_models import EnterpriseRecord
from cityclimate.storage.footprints_models import FootprintProduct
from cityclimate.storage.models import ActivityImport, Territory

DEMO_FILENAME = "liangjiang-demo-activities.csv"
DEMO_FACTOR_SET = "liangjiang-demo"
NOTICE = {"zh": liangjiang.NOTICE_ZH, "en": liangjiang.NOTICE_EN}
#: Years of the demo's published inventories, and of its published annual evaluations.
INVENTORY_YEARS = (2019, 2020, *demo_indicators.DEMO_YEARS)
PUBLISHED_EVALUATIONS = (2021, 2022)


def load_demo(session: Session, actor: Actor) -> dict[str, Any]:
    """Load the demo (idempotent); returns what exists afterwards."""
    seed_reference(session, actor)
    territory_code = liangjiang.TERRITORY
    if plans.find_plan(session, territory_code) is None:  # the plan as data (issue 12)
        plans.import_plan(session, actor, liangjiang.plan_pack_files())
    if not adaptation_warnings.has_settings(session, territory_code):  # issue 17
        demo_adaptation.load_adaptation(session, actor)
    territory = session.get(Territory, territory_code)
    if territory is not None and not territory.illustrative:
        territory.illustrative = True
    existing = session.scalar(
        select(ActivityImport).where(
            ActivityImport.territory_code == territory_code,
            ActivityImport.filename == DEMO_FILENAME,
            ActivityImport.illustrative.is_(True),
        )
    )
    if existing is not None:
        load_finance(session, actor)
        load_inclusion(session, actor)
        load_footprints(session, actor)
        return {"loaded": False, "import_id": existing.id}
    neighbour_versions = load_neighbours(session, actor)
    for row in liangjiang.socioeconomic().to_dicts():
        values = {k: v for k, v in row.items() if k not in ("territory", "year", "source")}
        socioeconomic.put_year(
            session,
            actor,
            row["territory"],
            row["year"],
            values,
            source=row["source"],
            illustrative=True,
        )
    factor_set = factor_sets.ensure_factor_set(
        session, actor, DEMO_FACTOR_SET, liangjiang.method(), liangjiang.method().note
    )
    item = imports.stage_frame(
        session,
        actor,
        demo_indicators.liangjiang_activities(),
        territory_code=territory_code,
        filename=DEMO_FILENAME,
        illustrative=True,
    )
    imports.confirm_import(session, actor, item.id)
    versions = []
    for year in INVENTORY_YEARS:
        version = inventories.compute(
            session,
            actor,
            territory_code=territory_code,
            year=year,
            import_id=item.id,
            factor_set_id=factor_set.id,
        )
        inventories.publish(session, actor, version.id)
        versions.append(version.id)
    _load_plan_tracking(session, actor, territory_code)
    enterprises.load_compliance_pack(  # illustrative key enterprises (issue 8)
        session,
        actor,
        demo_enterprises.pack(),
        demo_enterprises.YEAR,
        note=demo_enterprises.NOTICE_EN,
        illustrative=True,
        filename="demo (ILLUSTRATIVE)",
    )
    finance_projects = load_finance(session, actor)
    load_park(session, actor)
    load_inclusion(session, actor)
    load_footprints(session, actor)
    audit.record(
        session,
        actor,
        "load",
        "demo",
        territory_code,
        after={
            "versions": versions,
            "neighbours": neighbour_versions,
            "finance_projects": finance_projects,
        },
    )
    return {"loaded": True, "import_id": item.id, "versions": versions}


def _load_plan_tracking(session: Session, actor: Actor, territory_code: str) -> None:
    """Indicator values (entered, and derived from the demo's series), task events 2021–2023,
    and the published evaluations of 2021 and 2022."""
    indicators.import_values(
        session,
        actor,
        territory_code,
        demo_indicators.read_demo_rows("indicator_values.csv")
        # Rows 11-13 of the years come from the adaptation module (issue 17), not entered.
        + [
            r
            for r in demo_indicators.derived_rows()
            if r["kind"] != "actual" or r["indicator_id"] not in FROM_ADAPTATION
        ],
        where="indicator_values.csv",
        illustrative=True,
    )
    indicators.import_task_events(
        session,
        actor,
        territory_code,
        liangjiang.plan_events(),
        where="plan_events.csv",
        illustrative=True,
    )
    for year in PUBLISHED_EVALUATIONS:
        indicators.publish_evaluation(session, actor, territory_code, year)


def load_finance(session: Session, actor: Actor) -> int:
    """The ILLUSTRATIVE climate-finance library (:mod:`cityclimate.demo.finance`) through the
    finance services, and the demo's claims in the register; nothing when a library exists."""
    if finance_library.list_projects(session, actor, liangjiang.TERRITORY):
        return 0
    projects = demo_finance.projects()
    finance_library.import_library(session, actor, projects)
    found = finance_library.estimates(session, projects)
    for project_id, year in demo_finance.DEMO_CLAIMS:
        project = next(p for p in projects if p.project_id == project_id)
        claims.register(
            session,
            actor,
            source=f"project:{project_id}",
            scheme="finance_library",
            claimant=project.owner_uscc,
            period_start=date(year, 1, 1),
            period_end=date(year, 12, 31),
            quantity_co2e_t=found[project_id].reduction_co2e_t or 0.0,
            note="ILLUSTRATIVE: green-loan environmental-benefit reporting (demo)",
        )
    demo_finance.load_certifications(session, actor)
    return len(projects)


def load_inclusion(session: Session, actor: Actor) -> bool:
    """The ILLUSTRATIVE carbon-inclusion month (:mod:`cityclimate.demo.inclusion`) through the
    inclusion services: sources, residents, one signed batch per source, the crediting run, a
    few redemptions, the bus operator's own claim and the metro riders' conversion."""
    from cityclimate.inclusion.signing import public_key_of, sign

    if inclusion_ingest.list_sources(session, liangjiang.TERRITORY):
        return False
    for source in demo_inclusion.SOURCES:
        inclusion_ingest.register_source(
            session, actor, source_id=source.source_id, territory_code=liangjiang.TERRITORY,
            name_zh=source.name_zh, name_en=source.name_en, kind=source.kind,
            behaviours=list(source.behaviours), public_key=public_key_of(source.private_key),
            illustrative=True,
        )  # fmt: skip
    pseudonyms = {}
    for row in demo_inclusion.residents().iter_rows(named=True):
        pseudonyms[row["external_id"]] = inclusion_residents.enrol(
            session, actor, liangjiang.TERRITORY, row["external_id"],
            demo_inclusion.PSEUDONYM_KEY, on=date(2025, 1, 1),
            location_consent=row["location_consent"], sub_area=row["sub_area"], illustrative=True,
        )  # fmt: skip
    payloads = demo_inclusion.batches(pseudonyms)
    for source in demo_inclusion.SOURCES:
        payload = payloads[source.source_id]
        inclusion_ingest.ingest_batch(
            session, actor, source_id=source.source_id, batch_ref=f"{demo_inclusion.PERIOD}-1",
            payload=payload, signature=sign(source.private_key, payload), illustrative=True,
        )  # fmt: skip
    inclusion_ledger.credit_period(
        session, actor, liangjiang.TERRITORY, demo_inclusion.PERIOD, as_of=demo_inclusion.AS_OF
    )
    for external_id in demo_inclusion.external_ids()[:5]:
        name = pseudonyms[external_id]
        if inclusion_points.balance(session, liangjiang.TERRITORY, name) >= 20:
            inclusion_points.redeem(session, actor, name, 20, merchant="社区超市（模拟）",
                                    on=date(2025, 4, 20))  # fmt: skip
    bus = demo_inclusion.BUS_PROJECT_CLAIM
    claims.register(
        session, actor, source=bus.source, scheme=bus.scheme, claimant=bus.claimant,
        period_start=bus.period_start, period_end=bus.period_end,
        quantity_co2e_t=bus.quantity_co2e_t, note=demo_inclusion.NOTICE_EN,
    )  # fmt: skip
    inclusion_points.convert(session, actor, "lj-metro", demo_inclusion.PERIOD)
    return True


def load_neighbours(session: Session, actor: Actor) -> list[int]:
    """The neighbours' ILLUSTRATIVE comparison data (:mod:`cityclimate.demo.neighbours`):
    socio-economic inputs and one published inventory each, computed with the platform's
    default factor set (AR6 GWPs for Sichuan Tianfu New Area)."""
    default = factor_sets.default_factor_set(session)
    other = factor_sets.ensure_factor_set(
        session,
        actor,
        "demo-ar6",
        neighbours.ar6(factor_sets.DEFAULT_METHOD),
        "ILLUSTRATIVE: the platform defaults with AR6 GWPs (regional comparison demo)",
    )
    frame = neighbours.activities()
    for row in neighbours.socioeconomic().to_dicts():
        socioeconomic.put_year(
            session,
            actor,
            row["territory"],
            row["year"],
            {k: row[k] for k in ("gdp_10k_yuan", "gdp_price_base_year", "population")},
            source=row["source"],
            illustrative=True,
        )
    versions = []
    for code in neighbours.TERRITORIES:
        item = imports.stage_frame(
            session,
            actor,
            frame.filter(pl.col("territory") == code),
            territory_code=code,
            filename=f"demo-{code}.csv",
            illustrative=True,
        )
        imports.confirm_import(session, actor, item.id)
        version = inventories.compute(
            session,
            actor,
            territory_code=code,
            year=neighbours.YEAR,
            import_id=item.id,
            factor_set_id=(other if code == neighbours.AR6_TERRITORY else default).id,
        )
        inventories.publish(session, actor, version.id)
        versions.append(version.id)
    return versions


def load_park(session: Session, actor: Actor) -> None:
    """The ILLUSTRATIVE zero-carbon park (:mod:`cityclimate.demo.parks`): its members' 2023
    reports, the park, its own data, the sector pilot data, and the published 2020 and 2023
    evaluations (the public disclosure of the core indicator)."""
    enterprises.load_compliance_pack(
        session,
        actor,
        demo_parks.member_pack_2023(),
        2023,
        note=demo_parks.NOTICE_EN,
        illustrative=True,
        filename="demo park members (ILLUSTRATIVE)",
        registered=True,
    )
    parks.save_park(
        session, actor, parks.park_from_json(demo_parks.park_definition()), illustrative=True
    )
    for kind in parks.DATA_KINDS:
        parks.put_data(
            session,
            actor,
            demo_parks.PARK_ID,
            kind,
            demo_parks.data_rows(kind),
            source=f"{kind}.csv (ILLUSTRATIVE)",
            illustrative=True,
        )
    parks.put_sector(
        session,
        actor,
        demo_parks.park_definition()["territory"],
        demo_parks.sector_rows(),
        where="sector.csv",
        illustrative=True,
    )
    for year in demo_parks.YEARS:
        parks.publish(session, actor, demo_parks.PARK_ID, year)


def load_footprints(session: Session, actor: Actor) -> bool:
    """The ILLUSTRATIVE product footprints (:mod:`cityclimate.demo.footprints`) through the
    footprint services: the datasets, two more enterprises, three products with their systems,
    two supplier requests (one answered with the battery maker's own product, one with a PACT
    v3 footprint), the results and the published declarations. Loading twice changes nothing."""
    data = demo_footprints
    if session.scalar(select(FootprintProduct.id).where(FootprintProduct.illustrative.is_(True))):
        return False
    schema = pact_openapi()
    footprint_datasets.offer_inventory_datasets(session, actor)
    footprint_datasets.import_datasets(
        session, actor, data.datasets(), file_name="demo (ILLUSTRATIVE)", illustrative=True
    )
    for record in data.enterprises():
        if session.get(EnterpriseRecord, record["enterprise_id"]) is None:
            enterprises.register_enterprise(session, actor, record, illustrative=True)
    products: dict[str, int] = {}
    for spec in data.PRODUCTS:
        product = footprint_products.create_product(
            session,
            actor,
            code=spec["code"],
            name_zh=spec["name_zh"],
            name_en=spec["name_en"],
            mass_per_unit_kg=spec["mass_per_unit_kg"],
            description=spec["description"],
            tags=spec["tags"],
            verifier=spec["verifier"],
            enterprise_id=spec["enterprise_id"],
            illustrative=True,
        )
        footprint_products.save_system(
            session, actor, product.id, {"processes": spec["system"]()}, reference_year=data.YEAR
        )
        footprint_products.compute(session, actor, product.id)
        products[spec["code"]] = product.id
    car = footprint_requests.create_request(
        session, actor, product_id=products["ev-sedan"], input_code="vehicle_assembly/battery_pack",
        supplier_id="LJ-BATT", message="请提供 60 kWh 电池包的碳足迹（示意）", on_behalf_of="LJ-AUTO",
    )  # fmt: skip
    footprint_requests.answer_with_product(session, actor, car.id, products["battery-pack-60"])
    laptop = footprint_requests.create_request(
        session, actor, product_id=products["laptop-14"], input_code="laptop_assembly/battery",
        supplier_id="LJ-BATT", message="请按碳足迹数据交换规范提供笔记本电池的碳足迹（示意）",
        on_behalf_of="LJ-LAPTOP",
    )  # fmt: skip
    footprint_requests.answer_with_pact(
        session, actor, laptop.id, data.laptop_battery_document(), schema
    )
    for product_id in products.values():
        footprint_products.publish(session, actor, product_id, schema)
    return True
