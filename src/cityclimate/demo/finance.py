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
from datetime import date
from importlib import resources

import polars as pl
from sqlalchemy.orm import Session

from cityclimate.finance.library import FIELDS, projects_from_tables
from cityclimate.finance.model import Project
from cityclimate.services.actors import Actor

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


#: ILLUSTRATIVE green-enterprise applications: (enterprise, green revenue %, intensity decline %,
#: the steps the office took). Made up for the demo, like the enterprises themselves.
DEMO_CERTIFICATIONS = (
    ("LJ-PANEL", "62", "4.1", ("check", "approve")),
    ("LJ-GLASS", "35", "1.2", ("check",)),
)


def load_certifications(session: Session, actor: Actor) -> None:
    """Two ILLUSTRATIVE green-enterprise applications through the certification service: one
    approved (valid three years from 2024-06-30), one checked and waiting (its green revenue
    share is below the illustrative 50 % threshold, so it cannot be approved as it stands)."""
    from cityclimate.finance.certification import Answer
    from cityclimate.services.finance import certification
    from cityclimate.storage.enterprises_models import EnterpriseRecord

    for enterprise_id, share, decline, steps in DEMO_CERTIFICATIONS:
        if session.get(EnterpriseRecord, enterprise_id) is None:
            continue
        answers = {
            "no_major_accident": Answer("yes", "示例：安全环保部门证明（示意）"),
            "green_revenue_share": Answer(share, "示例：2023 年审计报告（示意）"),
            "carbon_intensity_declining": Answer(decline, "示例：2022–2023 年碳排放报告（示意）"),
        }
        row = certification.apply(session, actor, "green_enterprise", enterprise_id, answers,
                                  illustrative=True)  # fmt: skip
        for action in steps:
            certification.decide(session, actor, row.id, action, date(2024, 6, 30))
