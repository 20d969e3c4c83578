"""Services never touch the file system for user data and never import io (DESIGN.md, issue 11).

Read from the source with ``ast``, so a use hidden inside a function is found too; import-linter
holds the import part in CI as well (pyproject.toml), this test holds the calls.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import cityclimate.services

SERVICES = Path(cityclimate.services.__file__).parent
MODULES = sorted(SERVICES.rglob("*.py"))
#: Modules that touch files; methods that read or write them.
FILE_MODULES = {"tempfile", "shutil", "cityclimate.io"}
FILE_CALLS = {"open", "read_bytes", "write_bytes", "read_text", "write_text", "unlink", "mkdir"}


def uses(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        else:
            names = []
        found += [
            f"import {n} (line {node.lineno})"
            for n in names
            if any(n == m or n.startswith(m + ".") for m in FILE_MODULES)
        ]
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in FILE_CALLS:
                found.append(f"{name}() (line {node.lineno})")
    return found


def test_the_scan_finds_what_it_looks_for(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text(
        "import tempfile\nfrom cityclimate.io.activities import read_activities\n"
        "def f(p):\n    return p.read_bytes()\n",
        encoding="utf-8",
    )
    assert len(uses(probe)) == 3


@pytest.mark.parametrize("module", MODULES, ids=lambda p: str(p.relative_to(SERVICES)))
def test_no_service_uses_files_or_io(module: Path) -> None:
    assert uses(module) == []
