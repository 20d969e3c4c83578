"""ILLUSTRATIVE carbon-inclusion month for the Liangjiang demo: simulated residents, sources and
events — not real people, trips or operators' data.

Four sources (metro, bus, bike-share, a community station) send one signed batch each for
March 2025. Residents are simulated with a seeded generator; a few events are made wrong on
purpose so the anti-fraud rules show (a repeated event id, a trip too fast for the mode, a
resident with too many trips in a day, residents without location consent). The source keys
are derived from fixed text so the demo is the same on every machine: they protect nothing.
The bus operator's own CQCER project claims its riders' reductions for 2025 (as the first
CQCER bus deal did for its project), so converting the bus riders' reductions is refused.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

import numpy as np
import polars as pl

NOTICE_ZH = "示例数据（模拟）：碳普惠居民、出行和数据来源均为模拟，不代表真实个人或运营商数据"
NOTICE_EN = (
    "ILLUSTRATIVE (simulated): the carbon-inclusion residents, trips and sources are simulated"
)
PERIOD = "2025-03"
AS_OF = date(2025, 4, 15)
#: The key the demo derives pseudonyms with: the development default of the platform's setting
#: ``inclusion_pseudonym_key``, so a signed-in user can link a simulated card (LJ-DEMO-0002) on
#: the resident page and see its month. A real platform sets its own secret key.
PSEUDONYM_KEY = b"cityclimate-development-pseudonym-key"
RESIDENTS = 240
SUB_AREAS = ("礼嘉", "人和", "鸳鸯", "翠云", "大竹林")


@dataclass(frozen=True)
class DemoSource:
    source_id: str
    name_zh: str
    name_en: str
    kind: str
    behaviours: tuple[str, ...]

    @property
    def private_key(self) -> bytes:
        """32 bytes derived from the source id (illustrative only)."""
        return hashlib.sha256(f"liangjiang-demo:{self.source_id}".encode()).digest()


SOURCES = (
    DemoSource("lj-metro", "轨道交通（模拟）", "metro (simulated)", "transit", ("metro",)),
    DemoSource("lj-bus", "公交集团（模拟）", "bus operator (simulated)", "transit", ("bus",)),
    DemoSource("lj-bike", "共享单车（模拟）", "bike share (simulated)", "bike_share", ("cycling",)),
    DemoSource("lj-station", "社区低碳服务站（模拟）", "community station (simulated)",
               "community_station", ("waste_sorting", "second_hand", "community")),
)  # fmt: skip


#: The bus operator's own project claim on its riders' reductions (illustrative).
@dataclass(frozen=True)
class ProjectClaim:
    source: str
    scheme: str
    claimant: str
    period_start: date
    period_end: date
    quantity_co2e_t: float


BUS_PROJECT_CLAIM = ProjectClaim("operator:lj-bus", "voluntary", "公交集团 CQCER 项目（模拟）",
                                 date(2025, 1, 1), date(2025, 12, 31), 1200.0)  # fmt: skip


def external_ids() -> list[str]:
    """The residents' (simulated) card or app numbers."""
    return [f"LJ-DEMO-{i:04d}" for i in range(1, RESIDENTS + 1)]


def residents() -> pl.DataFrame:
    """external_id, sub_area, location_consent (about 1 in 12 without)."""
    rng = np.random.default_rng(15)
    ids = external_ids()
    return pl.DataFrame({
        "external_id": ids,
        "sub_area": [SUB_AREAS[i] for i in rng.integers(0, len(SUB_AREAS), len(ids))],
        "location_consent": (rng.random(len(ids)) > 1 / 12).tolist(),
    })  # fmt: skip


def batches(pseudonyms: dict[str, str]) -> dict[str, bytes]:
    """The month's batch (CSV bytes) of each source; ``pseudonyms`` maps external id to pseudonym."""
    rng = np.random.default_rng(2025)
    ids = external_ids()
    rows: dict[str, list[str]] = {s.source_id: [] for s in SOURCES}
    plans = {  # behaviour: (source, share of residents, trips a day, km range, km/h)
        "metro": ("lj-metro", 0.55, 2, (3.0, 25.0), 35.0),
        "bus": ("lj-bus", 0.45, 2, (2.0, 15.0), 18.0),
        "cycling": ("lj-bike", 0.30, 1, (1.0, 8.0), 14.0),
    }
    for behaviour, (source, share, per_day, (lo, hi), kmh) in plans.items():
        users = [i for i in ids if rng.random() < share]
        for day in range(1, 32):
            for person in users:
                if rng.random() > 0.45:  # rides on about 45 % of days
                    continue
                for trip in range(per_day):
                    km = round(float(rng.uniform(lo, hi)), 1)
                    seconds = int(km / kmh * 3600 * float(rng.uniform(0.9, 1.6)))
                    event = f"{source}-{day:02d}-{person[-4:]}-{trip}"
                    rows[source].append(
                        f"{event},{pseudonyms[person]},{behaviour},2025-03-{day:02d},{seconds},{km},1"
                    )
    for day in range(1, 32, 3):  # community station: sorting, exchanges, activities
        for person in ids[day::9]:
            rows["lj-station"].append(f"st-{day:02d}-{person[-4:]}-w,{pseudonyms[person]},waste_sorting,"
                                      f"2025-03-{day:02d},,,{round(float(rng.uniform(1, 8)), 1)}")  # fmt: skip
            if rng.random() < 0.3:
                rows["lj-station"].append(f"st-{day:02d}-{person[-4:]}-x,{pseudonyms[person]},second_hand,"
                                          f"2025-03-{day:02d},,,1")  # fmt: skip
    # Wrong on purpose: a repeated event, a 200 km/h "metro" trip, 14 bike rides in a day.
    first = pseudonyms[ids[0]]
    rows["lj-metro"].append(rows["lj-metro"][0])
    rows["lj-metro"].append(f"lj-metro-fast,{first},metro,2025-03-05,300,16.7,1")
    rows["lj-bike"] += [f"lj-bike-many-{k},{first},cycling,2025-03-09,600,2.0,1" for k in range(14)]
    header = "event_id,account,behaviour,occurred_on,duration_s,distance_km,quantity\n"
    return {s: (header + "\n".join(lines) + "\n").encode() for s, lines in rows.items()}
