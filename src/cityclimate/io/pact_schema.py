"""The vendored PACT Technical Specifications v3 OpenAPI document, loaded.

The file ``schemas/pact/openapi-v3.0.3.yaml`` is an exact, unmodified copy of WBCSD's
``spec/v3/openapi.yaml`` (version, source commit, checksum and licence: ``schemas/pact/README.md``
and ``LICENSE.md``). Reading it is file I/O, so it lives here; the pure
:mod:`cityclimate.footprints.pact` takes the parsed document as a dict.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

import yaml

__all__ = ["PACT_OPENAPI_FILE", "pact_openapi"]

PACT_OPENAPI_FILE = "openapi-v3.0.3.yaml"


@cache
def pact_openapi() -> MappingProxyType[str, Any]:
    """The PACT v3 OpenAPI document (read once; a read-only view of the parsed YAML)."""
    path = resources.files("cityclimate.io").joinpath("schemas", "pact", PACT_OPENAPI_FILE)
    return MappingProxyType(yaml.safe_load(path.read_text(encoding="utf-8")))
