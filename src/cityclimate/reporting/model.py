"""A report as data: a cover, sections, and in each section paragraphs, tables and charts.

Every text a reader sees is a :class:`~cityclimate.text.Text` (zh and en); the face picks one
language when it renders. Numbers are already formatted (strings): the document says exactly
what is printed, so that a test can compare the printed text with the stored results.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from cityclimate.text import Text, is_english


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of running text."""

    text: Text


@dataclass(frozen=True)
class Table:
    """A table whose header repeats on every page it runs over.

    Attributes
    ----------
    caption:
        What the table shows, with its unit.
    columns:
        The column headings.
    rows:
        The cells, formatted; a cell may be a :class:`Text` (a name) or a string (a number).
    numeric:
        The indices of the columns holding numbers (right-aligned).
    """

    caption: Text
    columns: tuple[Text, ...]
    rows: tuple[tuple[Text | str, ...], ...]
    numeric: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Chart:
    """A vector chart (SVG markup) with a text alternative; its numbers are also in a table."""

    caption: Text
    svg_zh: str
    svg_en: str
    description: Text

    def svg(self, lang: str | None) -> str:
        """The chart drawn with the labels of ``lang``."""
        return self.svg_en if is_english(lang) else self.svg_zh


Block = Paragraph | Table | Chart


@dataclass(frozen=True)
class Section:
    """A numbered section of a document."""

    title: Text
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Document:
    """A document to hand on: cover (title, issuing body, date), sections, the demo banner.

    Attributes
    ----------
    kind:
        ``inventory``, ``evaluation``, ``assessment``, ``enterprise`` or ``park``.
    title, subtitle:
        The cover's title and the line under it (territory, year).
    issuer:
        The issuing body (发布单位) named on the cover.
    issued_on:
        The date on the cover.
    illustrative:
        True for demo data: every page carries the banner :attr:`notice`.
    """

    kind: str
    title: Text
    subtitle: Text
    issuer: Text
    issued_on: date
    sections: tuple[Section, ...]
    illustrative: bool = False
    notice: Text = field(default_factory=lambda: Text("", ""))


@dataclass(frozen=True)
class Cover:
    """What a cover says besides the title: whom or what the document is about, the issuing
    body, the date, the version reported, and whether the data are illustrative."""

    subject: Text
    issuer: Text
    issued_on: date
    version: Text = field(default_factory=lambda: Text("", ""))
    illustrative: bool = False
    notice: Text = field(default_factory=lambda: Text("", ""))

    def document(self, kind: str, title: Text, sections: tuple[Section, ...]) -> Document:
        """The document of ``kind`` with this cover (subtitle: subject · version)."""
        zh = " · ".join(x for x in (self.subject.zh, self.version.zh) if x)
        en = " · ".join(
            x for x in (self.subject.en or self.subject.zh, self.version.en or self.version.zh) if x
        )
        return Document(
            kind=kind,
            title=title,
            subtitle=Text(zh, en),
            issuer=self.issuer,
            issued_on=self.issued_on,
            sections=sections,
            illustrative=self.illustrative,
            notice=self.notice,
        )
