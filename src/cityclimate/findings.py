"""One finding: something a check flagged for a person to resolve, never silently fixed.

The inventory QA/QC checks, the indicator data-quality checks and the reconciliation of the
enterprises' reports with the district inventory all report :class:`Finding` objects, so the
pages, the API and the CLI show them one way: severity, rule, where, value, what was found and
what to do, in both languages.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from cityclimate.text import Text

__all__ = ["NO_FIX", "SEVERITIES", "Finding", "Severity"]

#: The fix of a finding whose message already says what to do.
NO_FIX = Text("", "")


class Severity(StrEnum):
    """How serious a finding is."""

    #: The figure is wrong (or impossible) and must be fixed before publishing.
    ERROR = "error"
    #: To be checked and explained.
    WARNING = "warning"
    #: For information.
    INFO = "info"

    @property
    def rank(self) -> int:
        """0 for errors, 1 for warnings, 2 for information (to sort the most serious first)."""
        return SEVERITIES.index(self)


#: Severities, most serious first.
SEVERITIES: tuple[Severity, ...] = (Severity.ERROR, Severity.WARNING, Severity.INFO)


@dataclass(frozen=True)
class Finding:
    """One finding.

    Attributes
    ----------
    severity:
        :class:`Severity`.
    rule:
        The id of the rule that fired, e.g. ``"factor_out_of_range"``.
    where:
        What it is about: a territory, year and category, a file and row, an indicator id.
    message:
        What was found, with the figures compared.
    fix:
        What to check or do (:data:`NO_FIX` when the message says it all).
    value:
        The offending value or the figures compared, as text with units (``""`` if none).
    row:
        The input row (1-based data row) for findings on input records, else ``None``.
    sources:
        The sources involved (for findings that compare sources).
    """

    severity: Severity
    rule: str
    where: str
    message: Text
    fix: Text = NO_FIX
    value: str = ""
    row: int | None = None
    sources: tuple[str, ...] = ()

    # Read-only accessors under the names the findings had before they were one type.
    @property
    def message_zh(self) -> str:
        return self.message.zh

    @property
    def message_en(self) -> str:
        return self.message.en

    @property
    def fix_zh(self) -> str:
        return self.fix.zh

    @property
    def fix_en(self) -> str:
        return self.fix.en

    def __str__(self) -> str:
        return f"[{self.severity}] {self.rule} @ {self.where}: {self.message}"
