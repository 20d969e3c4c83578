"""The product emission-factor database: import (all-or-nothing), the inventory's own factors
offered as datasets, and the datasets an actor may use."""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from cityclimate import refdata
from cityclimate.errors import DataValidationError, Problem
from cityclimate.footprints.datasets import DatasetRecord, inventory_datasets
from cityclimate.services import audit
from cityclimate.services.actors import OFFICE, Actor
from cityclimate.services.footprints.access import enterprise_of, own_enterprise
from cityclimate.storage.footprints_models import FootprintDataset
from cityclimate.text import Text


def dataset_of(row: FootprintDataset) -> DatasetRecord:
    return DatasetRecord(
        code=row.code,
        name=Text(row.name_zh, row.name_en),
        unit=row.unit,
        co2e_kg_per_unit=row.co2e_kg_per_unit,
        biogenic_kg_per_unit=row.biogenic_kg_per_unit,
        region=row.region,
        year=row.year,
        source=row.source,
        version=row.version,
        licence=row.licence,
        dqr=dict(row.dqr or {}),
    )


def _row(
    dataset: DatasetRecord, owner: str, kind: str, file_name: str, illustrative: bool
) -> FootprintDataset:
    return FootprintDataset(
        owner=owner,
        kind=kind,
        code=dataset.code,
        name_zh=dataset.name.zh,
        name_en=dataset.name.en,
        unit=dataset.unit,
        co2e_kg_per_unit=dataset.co2e_kg_per_unit,
        biogenic_kg_per_unit=dataset.biogenic_kg_per_unit,
        region=dataset.region,
        year=dataset.year,
        source=dataset.source,
        version=dataset.version,
        licence=dataset.licence,
        dqr=dict(dataset.dqr),
        file_name=file_name,
        illustrative=illustrative,
    )


def import_datasets(
    session: Session,
    actor: Actor,
    datasets: list[DatasetRecord],
    *,
    file_name: str,
    illustrative: bool = False,
) -> int:
    """Store checked datasets: the office's are shared (``secondary``), an enterprise's its own
    (``user``). All or nothing: a code and version already stored for the same owner refuses
    the whole file, naming each such code."""
    owner = "" if actor.role in OFFICE else own_enterprise(session, actor)
    kind = "secondary" if owner == "" else "user"
    stored = {
        (code, version)
        for code, version in session.execute(
            select(FootprintDataset.code, FootprintDataset.version).where(
                FootprintDataset.owner == owner
            )
        )
    }
    repeated = [d for d in datasets if (d.code, d.version) in stored]
    if repeated:
        raise DataValidationError(
            [
                Problem(
                    file_name,
                    field="code",
                    value=d.code,
                    message=Text(
                        f"版本 {d.version} 的该数据集已导入：新版本请改版本号",
                        f"this dataset is already imported in version {d.version}: give a new "
                        "version for new values",
                    ),
                )
                for d in repeated
            ]
        )
    session.add_all(_row(d, owner, kind, file_name, illustrative) for d in datasets)
    audit.record(
        session,
        actor,
        "import_datasets",
        "footprint_dataset",
        file_name,
        after={"owner": owner, "kind": kind, "count": len(datasets)},
    )
    return len(datasets)


def offer_inventory_datasets(session: Session, actor: Actor) -> int:
    """Offer the inventory's grid and fuel factors as shared ``inventory`` datasets (once)."""
    rows = inventory_datasets(
        refdata.emission_factors(), refdata.fuel_parameters(), refdata.fuels()
    )
    have = set(
        session.scalars(select(FootprintDataset.code).where(FootprintDataset.kind == "inventory"))
    )
    new = [d for d in rows if d.code not in have]
    session.add_all(_row(d, "", "inventory", "", False) for d in new)
    if new:
        audit.record(
            session, actor, "import_datasets", "footprint_dataset", "inventory",
            after={"owner": "", "kind": "inventory", "count": len(new)},
        )  # fmt: skip
    return len(new)


def _visible(session: Session, actor: Actor) -> Any:
    query = select(FootprintDataset)
    if actor.role in OFFICE:
        return query
    enterprise = enterprise_of(session, actor)
    owners = [""] if enterprise is None else ["", enterprise]
    return query.where(or_(*(FootprintDataset.owner == o for o in owners)))


def usable_datasets(session: Session, actor: Actor, owner: str) -> dict[str, DatasetRecord]:
    """Code → dataset for a system of ``owner``: shared ones, then the owner's own (which win);
    of several versions of a code the latest stored one."""
    rows = session.scalars(
        select(FootprintDataset)
        .where(or_(FootprintDataset.owner == "", FootprintDataset.owner == owner))
        .order_by(FootprintDataset.owner, FootprintDataset.id)
    )
    return {row.code: dataset_of(row) for row in rows}


def list_datasets(session: Session, actor: Actor) -> list[dict[str, Any]]:
    rows = session.scalars(
        _visible(session, actor).order_by(FootprintDataset.kind, FootprintDataset.code)
    )
    return [dataset_view(r) for r in rows]


def dataset_view(row: FootprintDataset) -> dict[str, Any]:
    return {
        "id": row.id,
        "owner": row.owner,
        "kind": row.kind,
        "code": row.code,
        "name_zh": row.name_zh,
        "name_en": row.name_en,
        "unit": row.unit,
        "co2e_kg_per_unit": row.co2e_kg_per_unit,
        "biogenic_kg_per_unit": row.biogenic_kg_per_unit,
        "region": row.region,
        "year": row.year,
        "source": row.source,
        "version": row.version,
        "licence": row.licence,
        "dqr": dict(row.dqr or {}),
        "illustrative": row.illustrative,
    }
