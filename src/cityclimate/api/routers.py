"""The API's routers under ``/api/v1``, and how they join an application (:func:`mount`).

The application itself is built by the composition root :func:`cityclimate.app.create_app`.
"""

from __future__ import annotations

from fastapi import FastAPI

from cityclimate.api import contract, problems
from cityclimate.api.routes import adaptation as adaptation_routes
from cityclimate.api.routes import admin, imports, inventories, system, territories
from cityclimate.api.routes import calendar as calendar_routes
from cityclimate.api.routes import certification as certification_routes
from cityclimate.api.routes import compare as compare_routes
from cityclimate.api.routes import enterprises as enterprises_routes
from cityclimate.api.routes import factor_sets as factor_sets_routes
from cityclimate.api.routes import finance as finance_routes
from cityclimate.api.routes import footprints as footprints_routes
from cityclimate.api.routes import inclusion as inclusion_routes
from cityclimate.api.routes import indicators as indicators_routes
from cityclimate.api.routes import open_data as open_data_routes
from cityclimate.api.routes import pact as pact_routes
from cityclimate.api.routes import parks as parks_routes
from cityclimate.api.routes import pathways as pathways_routes
from cityclimate.api.routes import plan_edits as plan_edits_routes
from cityclimate.api.routes import plans as plans_routes
from cityclimate.api.routes import reporting as reporting_routes

API_PREFIX = "/api/v1"

#: The routers of the API, in order (the authorisation matrix test walks their routes).
ROUTERS = (
    system.router,
    territories.router,
    imports.router,
    inventories.router,
    factor_sets_routes.router,
    admin.router,
    indicators_routes.router,
    pathways_routes.router,
    enterprises_routes.router,
    plans_routes.router,
    plan_edits_routes.router,
    compare_routes.router,
    finance_routes.router,
    certification_routes.router,
    adaptation_routes.router,
    parks_routes.router,
    reporting_routes.router,
    open_data_routes.router,
    calendar_routes.router,
    inclusion_routes.router,
    footprints_routes.router,
    pact_routes.router,
)


def mount(app: FastAPI) -> None:
    """Add the API routes and the problem+json error handlers to ``app``."""
    problems.install(app)
    contract.install(app)
    pact_routes.install(app)
    for router in ROUTERS:
        app.include_router(router, prefix=API_PREFIX)
