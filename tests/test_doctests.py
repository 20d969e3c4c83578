"""Every example in the docstrings of ``src/cityclimate`` runs and gives what it shows (issue 11).

The modules are found by their text (a line starting ``>>>``), so an example added to any
module is run by ``make test`` without being listed here.
"""

from __future__ import annotations

import doctest
import importlib
import io
import re
from pathlib import Path

import pytest

import cityclimate

PACKAGE = Path(cityclimate.__file__).parent
EXAMPLE = re.compile(r"^\s*>>> ", re.MULTILINE)


def modules_with_examples() -> list[str]:
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if EXAMPLE.search(path.read_text(encoding="utf-8")):
            parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
            names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


MODULES = modules_with_examples()


def test_the_examples_are_found() -> None:
    # a sample of modules known to carry examples: the finder must see them
    assert {"cityclimate.inventory", "cityclimate.inventory.engine", "cityclimate.units"} <= set(
        MODULES
    )


@pytest.mark.parametrize("name", MODULES)
def test_the_examples_of_a_module_run(name: str) -> None:
    module = importlib.import_module(name)
    out = io.StringIO()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    tests = doctest.DocTestFinder().find(module, name)
    for test in tests:
        runner.run(test, out=out.write)
    result = runner.summarize(verbose=False)
    assert result.attempted > 0, f"{name}: no example was found by doctest"
    assert result.failed == 0, out.getvalue()
