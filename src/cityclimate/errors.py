"""The domain exception hierarchy.

Every error a user can cause carries a bilingual message (zh-CN first, then English) that
names where the problem is (file, row, field) and what to do about it. Callers at the edges
(CLI, API) render :attr:`CityClimateError.message_zh` / :attr:`message_en`; the core only
raises.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One located problem in input data.

    Attributes
    ----------
    where:
        File (or data set) name, e.g. ``"activities.csv"`` or ``"activities"``.
    row:
        1-based row number in the user's terms (the data row, not counting a header), or
        ``None`` when the problem is not tied to one row.
    field:
        Column / field name, or ``None``.
    value:
        The offending value as text (``""`` when missing).
    message_zh, message_en:
        What is wrong and how to fix it, in Chinese and English.
    """

    where: str
    row: int | None
    field: str | None
    value: str
    message_zh: str
    message_en: str

    def location(self) -> str:
        """Return ``file, row N, field F`` (only the parts that are known)."""
        parts = [self.where]
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.field is not None:
            parts.append(f"field '{self.field}'")
        return ", ".join(parts)

    def __str__(self) -> str:
        shown = f" = {self.value!r}" if self.value != "" else ""
        return f"{self.location()}{shown}: {self.message_zh} / {self.message_en}"


class CityClimateError(Exception):
    """Base class of every error raised on purpose by cityclimate."""

    def __init__(self, message_zh: str, message_en: str) -> None:
        self.message_zh = message_zh
        self.message_en = message_en
        super().__init__(f"{message_zh} / {message_en}")


class UnitError(CityClimateError):
    """A unit could not be parsed, or has the wrong dimension for its use."""


class DataValidationError(CityClimateError):
    """Input data failed validation; :attr:`problems` lists every located problem.

    Nothing is computed or written when this is raised (all-or-nothing).
    """

    #: How many problems the message text lists before saying "and N more".
    SHOWN = 20

    def __init__(self, problems: list[Problem]) -> None:
        if not problems:
            raise ValueError("DataValidationError needs at least one problem")
        self.problems = problems
        shown = "\n".join(f"  - {p}" for p in problems[: self.SHOWN])
        more = len(problems) - self.SHOWN
        tail_zh = f"\n  ……另有 {more} 个问题" if more > 0 else ""
        tail_en = f" (and {more} more)" if more > 0 else ""
        super().__init__(
            f"输入数据有 {len(problems)} 个问题，未做任何计算：\n{shown}{tail_zh}",
            f"input data has {len(problems)} problem(s); nothing was computed{tail_en}",
        )


class ReferenceDataError(DataValidationError):
    """A shipped or user-supplied reference data file (factors, GWPs, territories) is invalid."""


class MissingFactorError(DataValidationError):
    """No emission factor matches one or more activity records (never a silent zero)."""
