"""The HTTP API (FastAPI) under ``/api/v1``: thin routes that parse, call one service, render.

Build the application with :func:`create_app`; nothing (engine, settings) is built at import time.
"""

from cityclimate.api.app import create_app

__all__ = ["create_app"]
