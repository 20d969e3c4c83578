"""The HTTP API under ``/api/v1``: FastAPI routers, problem+json errors, OpenAPI as the contract.

Its routers join the application in :func:`cityclimate.api.routers.mount`; the application is
built by the composition root :func:`cityclimate.app.create_app`. Nothing (engine, settings) is
built at import time.
"""
