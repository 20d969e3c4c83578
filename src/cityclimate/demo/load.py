"""Load the illustrative Liangjiang demo: territories, socio-economic inputs, activity data,
the demo's factor set, and published 2019 and 2020 inventories, the indicator values and task
events, and the key enterprises. Loading twice changes nothing.

The loader is a way in like the CLI (``cityclimate demo load`` calls it): it writes the demo
through the services, which never import it (an import-linter layer). The rest of
:mod:`cityclimate.demo` is data and pure functions, part of the core.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cityclimate.demo import liangjiang
from cityclimate.services import (
    audit,
    enterprises,
    factor_sets,
    imports,
    indicators,
    inventories,
    plans,
)
from cityclimate.services.actors import Actor
from cityclimate.services.territories import seed_reference
from cityclimate.storage.models import ActivityImport, Socioeconomic, Territory

DEMO_FILENAME = "liangjiang-demo-activities.csv"
DEMO_FACTOR_SET = "liangjiang-demo"
NOTICE = {"zh": liangjiang.NOTICE_ZH, "en": liangjiang.NOTICE_EN}


def load_demo(session: Session, actor: Actor) -> dict[str, Any]:
    """Load the demo (idempotent); returns what exists afterwards."""
    seed_reference(session, actor)
    indicators.load_demo(session, actor)  # indicators and plan tracking (issue 6)
    if plans.find_plan(session, liangjiang.TERRITORY) is None:  # the plan as data (issue 12)
        plans.import_plan(session, actor, liangjiang.plan_pack_files())
    territory = session.get(Territory, liangjiang.TERRITORY)
    if territory is not None and not territory.illustrative:
        territory.illustrative = True
    existing = session.scalar(
        select(ActivityImport).where(
            ActivityImport.territory_code == liangjiang.TERRITORY,
            ActivityImport.filename == DEMO_FILENAME,
            ActivityImport.illustrative.is_(True),
        )
    )
    if existing is not None:
        return {"loaded": False, "import_id": existing.id}
    for row in liangjiang.socioeconomic().to_dicts():
        session.add(
            Socioeconomic(
                territory_code=row["territory"],
                year=row["year"],
                gdp_10k_yuan=row["gdp_10k_yuan"],
                gdp_price_base_year=row["gdp_price_base_year"],
                population=row["population"],
                source=row["source"],
                illustrative=True,
            )
        )
    factor_set = factor_sets.ensure_factor_set(
        session, actor, DEMO_FACTOR_SET, liangjiang.method(), liangjiang.method().note
    )
    item = imports.stage_frame(
        session,
        actor,
        liangjiang.activities(),
        territory_code=liangjiang.TERRITORY,
        filename=DEMO_FILENAME,
        illustrative=True,
    )
    imports.confirm_import(session, actor, item.id)
    versions = []
    for year in (2019, 2020):
        version = inventories.compute(
            session,
            actor,
            territory_code=liangjiang.TERRITORY,
            year=year,
            import_id=item.id,
            factor_set_id=factor_set.id,
        )
        inventories.publish(session, actor, version.id)
        versions.append(version.id)
    enterprises.load_demo_enterprises(session, actor)  # illustrative key enterprises (issue 8)
    audit.record(session, actor, "load", "demo", liangjiang.TERRITORY, after={"versions": versions})
    return {"loaded": True, "import_id": item.id, "versions": versions}
