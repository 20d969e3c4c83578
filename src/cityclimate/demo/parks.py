"""ILLUSTRATIVE Liangjiang zero-carbon park: four demo enterprises plus park PV and storage.

Nothing here is real: the park, its members' figures (the demo enterprises of
:mod:`cityclimate.demo.enterprises`), the park's own electricity, the green power, the PV and
the sector pilot data are made up to show the method, marked 示例/ILLUSTRATIVE everywhere.
The members have accepted reports for 2020 (the enterprises demo) and 2023 (their 2020 ledgers
scaled by :data:`SCALE_2023`: less gas and coal, a little more electricity), so the park is
evaluated in two years with a path to its 2030 target. The data lie in
``demo/data/liangjiang/parks``.

>>> from cityclimate.demo import parks
>>> parks.park().park_id, [b.version for b in parks.park().boundaries]
('LJ-ZCP', [1, 2])
"""

from __future__ import annotations

import io
import json
from importlib import resources
from typing import Any

import polars as pl

from cityclimate import parks as core
from cityclimate.demo import enterprises as demo_enterprises
from cityclimate.enterprises.compliance import CompliancePack, build_pack, replay_filing
from cityclimate.enterprises.ledgers import LedgerKind
from cityclimate.enterprises.model import Actor, Filing, Role
from cityclimate.enterprises.reports import emission_report
from cityclimate.inventory import Method

PARK_ID = "LJ-ZCP"
#: Years with the members' accepted reports.
YEARS = (2020, 2023)
#: 2023 quantity = 2020 quantity × this, by fuel or material (ILLUSTRATIVE).
SCALE_2023 = {"natural_gas": 0.92, "bituminous_coal": 0.5, "electricity": 1.06}
NOTICE_ZH = "示例数据：园区、成员企业数据、绿电和光伏均为示意性数据，并非真实园区或统计数据。"
NOTICE_EN = (
    "ILLUSTRATIVE DATA: the park, its members' figures, green power and PV are illustrative, "
    "not a real park or statistics."
)


def _read(name: str) -> str:
    return (
        resources.files("cityclimate.demo")
        .joinpath("data", "liangjiang", "parks", name)
        .read_text("utf-8")
    )


def park_definition() -> dict[str, Any]:
    """The park's definition in its JSON form (as the API takes it)."""
    data: dict[str, Any] = json.loads(_read("park.json"))
    return data


def park() -> core.Park:
    """The illustrative park (core value)."""
    data = park_definition()
    boundaries = tuple(
        core.ParkBoundary(
            version=b["version"],
            valid_from=b["valid_from"],
            members=tuple(
                core.Member(m["enterprise_id"], tuple(m["facility_ids"])) for m in b["members"]
            ),
            assets=tuple(
                core.SharedAsset(
                    a["asset_id"],
                    a["kind"],
                    a["name_zh"],
                    a["name_en"],
                    float(a["capacity"]),
                    a["capacity_unit"],
                )
                for a in b["assets"]
            ),
            reason=b["reason"],
        )
        for b in data["boundaries"]
    )
    return core.Park(
        park_id=data["park_id"],
        name_zh=data["name_zh"],
        name_en=data["name_en"],
        kind=core.ParkKind(data["kind"]),
        territory=data["territory"],
        indicator_set=data["indicator_set"],
        base_year=data["base_year"],
        target_year=data["target_year"],
        electricity_method=core.ElectricityMethod(data["electricity_method"]),
        illustrative=True,
        boundaries=boundaries,
    )


def member_ids() -> list[str]:
    """Every enterprise that is a member in some boundary version."""
    return sorted({m.enterprise_id for b in park().boundaries for m in b.members})


def data_rows(kind: str) -> list[dict[str, Any]]:
    """The park's own data of one kind (``activities``, ``attributes``, ``indicators``)."""
    return pl.read_csv(io.StringIO(_read(f"{kind}.csv")), infer_schema_length=None).to_dicts()


def sector_rows() -> list[dict[str, Any]]:
    """Sector pilot data 2020–2023 (district and the park's PV)."""
    frame = pl.read_csv(io.StringIO(_read("sector.csv")), infer_schema=False)
    return frame.to_dicts()


def member_pack_2023() -> CompliancePack:
    """The members' 2023 ledgers (2020 scaled) and accepted filing records, as a pack."""
    ids = member_ids()
    kinds: tuple[LedgerKind, ...] = ("energy", "materials", "production", "data_centre")
    ledgers: dict[LedgerKind, pl.DataFrame] = {}
    for kind in kinds:
        frame = demo_enterprises.ledger(kind).filter(pl.col("enterprise_id").is_in(ids))
        frame = frame.with_columns(year=pl.lit("2023"))
        if kind in ("energy", "materials"):
            name = "fuel" if kind == "energy" else "material"
            scale = pl.col(name).replace_strict(SCALE_2023, default=1.0, return_dtype=pl.Float64)
            frame = frame.with_columns(
                quantity=(pl.col("quantity").cast(pl.Float64) * scale).round(3).cast(pl.String)
            )
        elif kind == "data_centre":
            frame = frame.with_columns(
                (pl.col(c).cast(pl.Float64) * SCALE_2023["electricity"]).round(2).cast(pl.String)
                for c in ("it_energy", "total_energy")
            )
        ledgers[kind] = frame
    header = (
        "enterprise_id,year,report_status,report_submitted,disclosure_published,verifier,"
        "major_findings,minor_findings,surrendered_t,offsets_surrendered_t,net_purchased_t,"
        "measures,comment,source,offsets_source,offsets_period_start,offsets_period_end\n"
    )
    records = header + "".join(
        f"{eid},2023,accepted,2024-03-20,,verifier-A,0,0,,,,,,示例数据 ILLUSTRATIVE,,,\n"
        for eid in ids
    )
    registry = [e for e in demo_enterprises.enterprises() if e.enterprise_id in ids]
    return build_pack(
        demo_enterprises.pack().territory,
        registry,
        dict(ledgers),
        "",
        records,
        notice=f"{NOTICE_ZH} {NOTICE_EN}",
        where="demo/data/liangjiang/parks",
    )


def member_filings(year: int, method: Method) -> dict[str, Filing]:
    """The members' accepted reports of a year, computed as the platform computes them."""
    pack = demo_enterprises.pack() if year == demo_enterprises.YEAR else member_pack_2023()
    office = Actor("system", Role.ADMIN)
    out: dict[str, Filing] = {}
    for enterprise in pack.enterprises:
        eid = enterprise.enterprise_id
        records = pack.records.filter(pl.col("enterprise_id") == eid)
        if eid not in member_ids() or not records.height:
            continue
        emissions = emission_report(
            office,
            enterprise,
            pack.ledgers["energy"],
            pack.ledgers["materials"],
            year,
            method=method,
        )
        out[eid] = replay_filing(records.to_dicts()[0], eid, year, emissions)[0]
    return out


def _typed(kind: str) -> pl.DataFrame:
    schema = {"activities": None, "attributes": core.ATTRIBUTE_COLUMNS}.get(kind)
    rows = data_rows(kind)
    if schema is None:
        return pl.DataFrame(rows, infer_schema_length=None)
    return pl.DataFrame([{c: r.get(c) for c in schema} for r in rows], schema=schema, orient="row")


def evaluation(
    method: Method, electricity_method: core.ElectricityMethod | None = None
) -> tuple[pl.DataFrame, dict[int, core.ParkInventory]]:
    """The demo park evaluated by year without a database (``parks evaluate --demo``)."""
    the_park = park()
    sector = core.validate_sector(pl.DataFrame(sector_rows()), where="sector.csv")
    attributes = pl.concat(
        [_typed("attributes"), core.onsite_attributes(sector, PARK_ID)], how="vertical_relaxed"
    )
    activities = _typed("activities").with_columns(pl.col("year").cast(pl.Int32))
    inventories = {
        year: core.park_inventory(
            the_park,
            year,
            member_filings(year, method),
            activities,
            attributes,
            method,
            electricity_method=electricity_method,
        )
        for year in YEARS
    }
    entered = pl.DataFrame(data_rows("indicators")).select("year", "indicator_id", "value")
    return core.evaluate_park(the_park, inventories, entered, years=list(YEARS)), inventories
