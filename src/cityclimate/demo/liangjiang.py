"""The Liangjiang New Area demo: ILLUSTRATIVE activity data calibrated to the plan's figures.

>>> from cityclimate.demo import liangjiang
>>> liangjiang.activities().height > 0
True

The activity data and the socio-economic inputs are illustrative (not statistics): they were
built by :mod:`cityclimate.demo.calibration` so that the inventory reproduces the totals,
intensities, per-capita figures and fossil mix published in the plan (``plan_figures()``).
"""

from __future__ import annotations

import csv
import io
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import TYPE_CHECKING

import polars as pl

from cityclimate.demo.calibration import demo_method
from cityclimate.inventory import Method

if TYPE_CHECKING:
    from cityclimate.planpack.model import PlanPack

TERRITORY = "LJ-2016"
NOTICE_ZH = "示例数据：两江新区演示数据为示意性数据，按规划公布的总量校准，并非统计数据。"
NOTICE_EN = (
    "ILLUSTRATIVE DATA: the Liangjiang demo data are illustrative, calibrated to the plan's "
    "published totals; they are not statistics."
)


def _read(name: str) -> str:
    return (
        resources.files("cityclimate.demo").joinpath("data", "liangjiang", name).read_text("utf-8")
    )


def activities_csv() -> str:
    """The shipped activity data as CSV text."""
    return _read("activities.csv")


def activities() -> pl.DataFrame:
    """Illustrative activity records for 2019 and 2020 (and landfill deposits from 2010)."""
    return pl.read_csv(io.StringIO(activities_csv()), schema_overrides={"year": pl.Int32})


def socioeconomic() -> pl.DataFrame:
    """Illustrative GDP (万元, 2020 prices) and population, consistent with the plan's figures."""
    return pl.read_csv(io.StringIO(_read("socioeconomic.csv")), schema_overrides={"year": pl.Int32})


def plan_events() -> list[dict[str, str]]:
    """ILLUSTRATIVE task status changes and evidence 2021–2023 (the core's task-event format,
    :mod:`cityclimate.plan.inputs`)."""
    return list(csv.DictReader(io.StringIO(_read("plan_events.csv"))))


def plan_figures() -> pl.DataFrame:
    """Figures published in the plan (ch.2), with their units, rounding and source."""
    return pl.read_csv(io.StringIO(_read("plan_figures.csv")), schema_overrides={"year": pl.Int32})


def method() -> Method:
    """The demo's method (see :func:`cityclimate.demo.calibration.demo_method`)."""
    return demo_method()


#: Folder of the Liangjiang plan pack inside ``data/liangjiang``.
PLAN_PACK = "plan"


def plan_pack_files() -> dict[str, bytes]:
    """The Liangjiang plan pack (path inside the pack → bytes), ILLUSTRATIVE where it says so.

    Read with :func:`cityclimate.planpack.read.parse_plan_pack`. The indicator definitions,
    target statements and task tree transcribe the plan and cite it by chapter, section and
    table; city targets, departments, assignments, weights and the pathway model are
    illustrative (``pack.toml`` carries the notice).
    """
    root = resources.files("cityclimate.demo").joinpath("data", "liangjiang", PLAN_PACK)
    files: dict[str, bytes] = {}

    def walk(folder: Traversable, prefix: str) -> None:
        for entry in folder.iterdir():
            if entry.is_dir():
                walk(entry, f"{prefix}{entry.name}/")
            elif entry.is_file():
                files[f"{prefix}{entry.name}"] = entry.read_bytes()

    walk(root, "")
    return files


@cache
def plan_pack() -> PlanPack:
    """The Liangjiang plan pack, read by the core (what ``--demo`` in the CLI uses; the
    platform reads the stored copy that ``cityclimate demo load`` imports)."""
    # Imported here: the pack's pathway part imports the pathways, which import this module.
    from cityclimate.planpack.read import parse_plan_pack

    return parse_plan_pack(plan_pack_files())
