"""The decoded files of a plan pack, read one file at a time, problems gathered as they are found.

:class:`PackFiles` decodes the pack's files (UTF-8, a BOM allowed), names files a pack does not
have and files it lacks, and gives each file's CSV rows or TOML table; a file's parser runs
through :meth:`PackFiles.attempt` so that one file's mistakes do not stop the others.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from cityclimate.errors import DataValidationError, Problem
from cityclimate.indicators.inputs import missing_columns
from cityclimate.pathways.scenarios import parse_toml
from cityclimate.planpack.model import PACK_FILES, SCENARIOS

_T = TypeVar("_T")

#: Files other than the pack's own that a pack may carry (ignored).
IGNORED_PREFIXES = ("README",)


def pack_problem(where: str, field: str | None, value: object, zh: str, en: str) -> Problem:
    """A problem with a file as a whole or one of its settings (no row)."""
    return Problem(where, None, field, "" if value is None else str(value), zh, en)


class PackFiles:
    """The decoded files of a pack and the problems found so far."""

    def __init__(self, files: Mapping[str, bytes | str]) -> None:
        self.problems: list[Problem] = []
        self.texts: dict[str, str] = {}
        for raw_name, content in files.items():
            name = raw_name.replace("\\", "/").lstrip("./")
            if isinstance(content, bytes):
                try:
                    content = content.decode("utf-8-sig")
                except UnicodeDecodeError:
                    self.problems.append(
                        pack_problem(
                            name,
                            None,
                            "",
                            "文件须为 UTF-8 编码；请以 UTF-8 另存后重新导入",
                            "the file must be UTF-8; save it as UTF-8 and import again",
                        )
                    )
                    continue
            self.texts[name] = content.removeprefix("\ufeff")
        expected = set(PACK_FILES)
        for name in sorted(self.texts):
            known = name in expected or (
                name.startswith(SCENARIOS)
                and name.endswith(".toml")
                and "/" not in name.removeprefix(SCENARIOS)
            )
            if not known and not name.split("/")[-1].startswith(IGNORED_PREFIXES):
                self.problems.append(
                    pack_problem(
                        name,
                        None,
                        "",
                        "规划包中没有这个文件；请删除或改名为规划包的文件之一："
                        + "、".join(PACK_FILES),
                        "no such file in a plan pack; remove it or rename it to one of: "
                        + ", ".join(PACK_FILES),
                    )
                )
        for name in PACK_FILES:
            if name not in self.texts and not any(p.where == name for p in self.problems):
                self.problems.append(
                    pack_problem(
                        name,
                        None,
                        "",
                        "规划包缺少此文件；请从导出的规划包复制模板后填写",
                        "the pack lacks this file; copy it from an exported pack and fill it in",
                    )
                )

    def rows(self, name: str, columns: Sequence[str]) -> list[dict[str, str | None]] | None:
        """The rows of a CSV file, or ``None`` (with a problem) when it is missing or bad."""
        if name not in self.texts:
            return None
        reader = csv.DictReader(io.StringIO(self.texts[name]))
        error = missing_columns(reader.fieldnames or (), columns, name)
        if error is not None:
            self.problems.extend(error.problems)
            return None
        return list(reader)

    def attempt(self, parse: Callable[[], _T]) -> _T | None:
        """Run one file's parser; keep its problems instead of stopping."""
        try:
            return parse()
        except DataValidationError as exc:
            self.problems.extend(exc.problems)
            return None

    def toml(self, name: str) -> dict[str, Any] | None:
        if name not in self.texts:
            return None
        return self.attempt(lambda: parse_toml(self.texts[name], name))


def rows_then(
    pack: PackFiles,
    name: str,
    columns: Sequence[str],
    parse: Callable[[list[dict[str, str | None]]], _T],
    *needs: object,
) -> _T | None:
    """Parse one CSV file, unless a file it refers to (``needs``) could not be read."""
    if any(need is None for need in needs):
        return None
    rows = pack.rows(name, columns)
    if rows is None:
        return None
    return pack.attempt(lambda: parse(rows))
