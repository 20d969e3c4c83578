"""Static files: the pages' own CSS/JS, and ECharts and htmx from ``node_modules``."""

from __future__ import annotations

import os
from functools import lru_cache
from importlib import resources
from pathlib import Path

from fastapi import FastAPI, HTTPException
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

#: Files served under /static/vendor/, from the npm packages in package-lock.json.
VENDOR = {
    "echarts.min.js": ("echarts", "dist/echarts.min.js"),
    "htmx.min.js": ("htmx.org", "dist/htmx.min.js"),
}


@lru_cache(maxsize=1)
def node_modules() -> Path | None:
    """``CITYCLIMATE_NODE_MODULES``, else the first ``node_modules`` above the package or cwd."""
    configured = os.environ.get("CITYCLIMATE_NODE_MODULES")
    if configured:
        return Path(configured)
    starts = [Path(__file__).resolve().parent, Path.cwd()]
    for start in starts:
        for folder in (start, *start.parents):
            if (folder / "node_modules" / "echarts").is_dir():
                return folder / "node_modules"
    return None


def mount(app: FastAPI) -> None:
    static = str(resources.files("cityclimate.web").joinpath("static"))
    app.mount("/static/app", StaticFiles(directory=static), name="static")

    @app.get("/static/vendor/{name}", include_in_schema=False)
    def vendor(name: str) -> FileResponse:
        folder = node_modules()
        if name not in VENDOR or folder is None:
            raise HTTPException(404)
        package, inner = VENDOR[name]
        path = folder / package / inner
        if not path.is_file():
            raise HTTPException(404)
        return FileResponse(
            path, media_type="text/javascript", headers={"Cache-Control": "max-age=86400"}
        )
