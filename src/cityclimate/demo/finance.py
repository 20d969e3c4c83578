"""The ILLUSTRATIVE Liangjiang climate-finance project library (issue 14).

32 made-up projects across the library's types (PV, gas CHP, building retrofit, green building,
NEVs, buses, hydrogen trucks, charging, shore power at Guoyuan port, rail-water freight shift,
data-centre PUE, display-fab F-gas abatement, forestry, parks, sponge city, drainage), in every
stage. Owners, contacts, money and inputs are invented for the demonstration, not a real
library; every row says ``illustrative``. The expected reductions are not in the files: the
platform computes them with the inventory engine. The three CSV files are the three tables of
the library template (:data:`cityclimate.finance.library.FIELDS`).
"""

from __future__ import annotations

import io
from importlib import resources

import polars as pl

from cityclimate.finance.library import FIELDS, projects_from_tables
from cityclimate.finance.model import Project

#: The demo's claims: (project, year) of the reductions claimed for its green-loan reporting.
DEMO_CLAIMS = (("LJ-CF-002", 2024), ("LJ-CF-014", 2024))


def tables() -> dict[str, pl.DataFrame]:
    """The three tables of the demo library as text frames."""
    folder = resources.files("cityclimate.demo").joinpath("data", "liangjiang", "finance")
    return {
        kind: pl.read_csv(
            io.StringIO(folder.joinpath(f"{kind}.csv").read_text("utf-8")),
            schema=dict.fromkeys((f.key for f in FIELDS[kind]), pl.String),
        )
        for kind in FIELDS
    }


def projects() -> list[Project]:
    """The demo library's projects (checked by the core like any import)."""
    return projects_from_tables(
        tables(), where={k: f"demo/finance/{k}.csv" for k in FIELDS}, first_row=2
    )
