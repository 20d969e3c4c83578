"""Command line: ``cityclimate <group> <command>``.

Thin: each command parses its arguments, calls the core (later: a service), and renders. Errors of
the user's data are printed in Chinese and English with their location; the exit status is 2.
Each command group lives in its own module and is registered here.
"""

from __future__ import annotations

import typer

from cityclimate.cli import plan_edits as _plan_edits  # noqa: F401  (registers its commands on plan_app)
from cityclimate.cli.adaptation import adaptation_app
from cityclimate.cli.certification import certification_app
from cityclimate.cli.enterprises import enterprises_app
from cityclimate.cli.finance import finance_app
from cityclimate.cli.footprint import footprint_app
from cityclimate.cli.inclusion import inclusion_app
from cityclimate.cli.indicators import indicators_app
from cityclimate.cli.inventory import inventory_app
from cityclimate.cli.parks import parks_app
from cityclimate.cli.pathways import pathways_app
from cityclimate.cli.plan import plan_app
from cityclimate.cli.platform import platform_app
from cityclimate.cli.reporting import report_app
from cityclimate.cli.territory import territory_app

app = typer.Typer(
    help="cityclimate: 城市/区县应对气候变化规划平台 · climate-plan platform", no_args_is_help=True
)
app.add_typer(inventory_app, name="inventory")
app.add_typer(enterprises_app, name="enterprises")
app.add_typer(indicators_app, name="indicators")
app.add_typer(plan_app, name="plan")
app.add_typer(pathways_app, name="pathways")
app.add_typer(territory_app, name="territory")
app.add_typer(finance_app, name="finance")
finance_app.add_typer(certification_app, name="certify")
app.add_typer(adaptation_app, name="adaptation")
app.add_typer(parks_app, name="parks")
app.add_typer(inclusion_app, name="inclusion")
app.add_typer(report_app, name="report")
app.add_typer(footprint_app, name="footprint")
app.add_typer(platform_app)

if __name__ == "__main__":
    app()
