"""ILLUSTRATIVE key enterprises of the Liangjiang demo, one in each of the nine sub-areas.

None of these is a real enterprise, and no figure is real data: names carry 示例 and
"(illustrative)", every ledger row's ``data_source`` says so, and the codes are valid GB 32100
codes made up for the demo. They include a gas CHP plant (like the Huaneng Liangjiang plant
the plan names, not its data), a display-panel plant with F-gases in 水土 and a new data centre.
Their 2020 ledgers are built to be consistent with the illustrative Liangjiang demo inventory
(:mod:`cityclimate.demo.liangjiang`) where they overlap: each enterprise stays below the
inventory's figure for its sub-area and category, so the reconciliation is meaningful.

>>> from cityclimate.demo import enterprises
>>> len({e.sub_area for e in enterprises.enterprises()})
9
"""

from __future__ import annotations

import io
import json
from importlib import resources

import polars as pl

from cityclimate.demo import liangjiang
from cityclimate.enterprises.compliance import CompliancePack, build_pack
from cityclimate.enterprises.ledgers import LedgerKind
from cityclimate.enterprises.model import Enterprise
from cityclimate.enterprises.registry import enterprises_from_records

YEAR = 2020
NOTICE_ZH = "示例数据：以下企业及其台账均为示意性数据，并非真实企业或统计数据。"
NOTICE_EN = (
    "ILLUSTRATIVE DATA: these enterprises and their ledgers are illustrative, not real "
    "enterprises or statistics."
)


def _read(name: str) -> str:
    return (
        resources.files("cityclimate.demo")
        .joinpath("data", "liangjiang", "enterprises", name)
        .read_text("utf-8")
    )


def enterprises() -> list[Enterprise]:
    """The nine illustrative key enterprises (registry records)."""
    return enterprises_from_records(json.loads(_read("enterprises.json"))["enterprises"])


def ledger(kind: LedgerKind) -> pl.DataFrame:
    """A raw 2020 ledger of the demo (text columns, as read from its CSV file)."""
    return pl.read_csv(io.StringIO(_read(f"{kind}_{YEAR}.csv")), infer_schema=False)


def pack() -> CompliancePack:
    """The demo's compliance pack for 2020 (registry, ledgers, allocation inputs, records)."""
    kinds: tuple[LedgerKind, ...] = ("energy", "materials", "production", "data_centre")
    return build_pack(
        liangjiang.TERRITORY,
        enterprises(),
        {kind: ledger(kind) for kind in kinds},
        _read(f"allocation_inputs_{YEAR}.csv"),
        _read(f"compliance_{YEAR}.csv"),
        notice=f"{NOTICE_ZH} {NOTICE_EN}",
        where="demo/data/liangjiang/enterprises",
    )
