"""The domain exception hierarchy.

Every error a user can cause carries a bilingual message (a :class:`~cityclimate.text.Text`,
zh-CN first, then English) that names where the problem is (file, row, field) and what to do
about it. Callers at the edges (CLI, API, pages) pick the language of
:attr:`CityClimateError.message`; the core only raises.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from cityclimate.text import Text


@dataclass(frozen=True, init=False)
class Problem:
    """One located problem in input data.

    Build it with keywords and a :class:`~cityclimate.text.Text`::

        Problem("activities.csv", row=7, field="unit", value="furlong",
                message=Text("无法识别的单位", "unknown unit"))

    (the older positional form ``Problem(where, row, field, value, zh, en)`` still works).

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
    message:
        What is wrong and how to fix it, in Chinese and English.
    column:
        The column as the user sees it in the file, when it is known: the file's own header
        (``单位`` for a CSV whose header says 单位), or for the import template the letter and
        both headers (``H 单位 / unit``). ``field`` keeps the machine-readable name.
    """

    where: str
    row: int | None
    field: str | None
    value: str
    message: Text
    column: str | None

    def __init__(
        self,
        where: str,
        row: int | None = None,
        field: str | None = None,
        value: str = "",
        message_zh: str | None = None,
        message_en: str | None = None,
        *,
        message: Text | None = None,
        column: str | None = None,
    ) -> None:
        if message is None:
            if message_zh is None or message_en is None:
                raise TypeError("Problem needs message=Text(zh, en) (or message_zh and message_en)")
            message = Text(message_zh, message_en)
        elif message_zh is not None or message_en is not None:
            raise TypeError("Problem takes message=Text(...) or message_zh/message_en, not both")
        for name, item in (
            ("where", where),
            ("row", row),
            ("field", field),
            ("value", value),
            ("message", message),
            ("column", column),
        ):
            object.__setattr__(self, name, item)

    @property
    def message_zh(self) -> str:
        return self.message.zh

    @property
    def message_en(self) -> str:
        return self.message.en

    @property
    def shown_field(self) -> str | None:
        """The column as the user sees it if known, else the field's name."""
        return self.column or self.field

    def location(self) -> str:
        """Return ``file, row N, field F`` (only the parts that are known; F as the user sees it)."""
        parts = [self.where]
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.shown_field is not None:
            parts.append(f"field '{self.shown_field}'")
        return ", ".join(parts)

    def placed(self, where: str, row: int | None = None, column: str | None = None) -> Problem:
        """The same problem named at ``where``, ``row`` (kept when None) and ``column``."""
        return Problem(
            where,
            self.row if row is None else row,
            self.field,
            self.value,
            message=self.message,
            column=column or self.column,
        )

    def located(self) -> Text:
        """Where the problem is and what it is, in both languages: one line of an error list.

        >>> Problem("a.csv", 3, "unit", "furlongs", message=Text("未知单位", "unknown unit")).located()
        Text(zh='a.csv，第 3 行，字段 unit = furlongs：未知单位', en="a.csv, row 3, field 'unit' = furlongs: unknown unit")
        """
        zh, en = [self.where], [self.where]
        if self.row is not None:
            zh.append(f"第 {self.row} 行")
            en.append(f"row {self.row}")
        if self.column is not None:
            zh.append(f"列 {self.column}")
            en.append(f"column '{self.column}'")
        elif self.field is not None:
            zh.append(f"字段 {self.field}")
            en.append(f"field '{self.field}'")
        shown = f" = {self.value}" if self.value != "" else ""
        return Text(
            f"{'，'.join(zh)}{shown}：{self.message.zh}",
            f"{', '.join(en)}{shown}: {self.message.en}",
        )

    def __str__(self) -> str:
        shown = f" = {self.value!r}" if self.value != "" else ""
        return f"{self.location()}{shown}: {self.message_zh} / {self.message_en}"


class CityClimateError(Exception):
    """Base class of every error raised on purpose by cityclimate.

    Raise it with a :class:`~cityclimate.text.Text` (``SomeError(Text(zh, en))``) or with the
    two strings (``SomeError(zh, en)``); :attr:`message` holds the text either way.
    """

    def __init__(self, message: Text | str, message_en: str | None = None) -> None:
        if isinstance(message, str):
            if message_en is None:
                raise TypeError("a CityClimateError needs its message in Chinese and English")
            message = Text(message, message_en)
        self.message = message
        self.message_zh = message.zh
        self.message_en = message.en
        super().__init__(f"{message.zh} / {message.en}")


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


def require_table(rows: Sequence[Mapping[str, object]], columns: Sequence[str], where: str) -> None:
    """Refuse a table with no data rows, or whose first row lacks one of ``columns`` (one
    problem naming the columns missing, or all of them when there is no row at all)."""
    missing = [c for c in columns if rows and c not in rows[0]]
    if rows and not missing:
        return
    listed = ", ".join(missing or columns)
    raise DataValidationError([Problem(where, None, "columns", listed, message=Text(
        f"文件须有数据行和这些列：{listed}", f"the file needs data rows and the columns {listed}"))])  # fmt: skip
