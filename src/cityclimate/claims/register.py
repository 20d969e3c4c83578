"""The reduction-claims register: one reduction, one claim.

A reduction can be claimed once: by a library project's financing (green-loan reporting, a
carbon-credit revenue), by an ETS enterprise, by carbon inclusion (碳普惠) or by a voluntary
credit. A claim names the *source* of the reduction (what physically reduced emissions, e.g. the
PV plant ``project:LJ-CF-001`` or a meter ``meter:…``), the period it covers, the scheme, the
claimant and the quantity. A second claim on the same source whose period overlaps an existing
claim's is refused with the first claim named, whatever the scheme (double counting across
schemes is exactly what the register exists to stop; round2-sources §4 "platform must" 3).

The core is pure (:func:`check_claim`); the platform's service
(:mod:`cityclimate.services.claims`) stores claims and is the one door every module uses.

>>> from datetime import date
>>> first = Claim("C1", "project:P1", "finance_library", "owner", date(2024, 1, 1),
...               date(2024, 12, 31), 500.0)
>>> second = Claim("C2", "project:P1", "carbon_inclusion", "someone", date(2024, 7, 1),
...                date(2025, 6, 30), 300.0)
>>> try:
...     check_claim([first], second)
... except DoubleClaimError as exc:
...     print(exc.first.claim_id)
C1
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from cityclimate.errors import CityClimateError
from cityclimate.text import Text

#: Schemes that claim reductions (the register is shared by all of them).
SCHEMES: dict[str, Text] = {
    "finance_library": Text("气候投融资项目库", "climate finance library"),
    "ets": Text("碳排放权交易", "emissions trading (ETS)"),
    "carbon_inclusion": Text("碳普惠", "carbon inclusion"),
    "voluntary": Text("自愿减排（CCER 等）", "voluntary credits (CCER etc.)"),
}


@dataclass(frozen=True)
class Claim:
    """One claim on a reduction.

    Attributes
    ----------
    claim_id:
        The register's id.
    source:
        What reduced emissions, as ``kind:id`` (``project:LJ-CF-001``, ``facility:<USCC>/1``).
    scheme:
        A key of :data:`SCHEMES`.
    claimant:
        Who claims (enterprise USCC, user, platform).
    period_start, period_end:
        The period of the reduction claimed (inclusive dates).
    quantity_co2e_t:
        The reduction claimed (t CO2e), ≥ 0.
    """

    claim_id: str
    source: str
    scheme: str
    claimant: str
    period_start: date
    period_end: date
    quantity_co2e_t: float
    note: str = ""


class ClaimError(CityClimateError):
    """A claim that cannot be registered as given."""


class DoubleClaimError(ClaimError):
    """A second claim on the same source and period; ``first`` is the claim already there."""

    def __init__(self, first: Claim, new: Claim) -> None:
        scheme = SCHEMES.get(first.scheme, Text(first.scheme, first.scheme))
        super().__init__(
            Text(
                f"来源 {new.source} 在 {first.period_start}～{first.period_end} 的减排量已被"
                f"登记为 {first.claim_id}（{scheme.zh}，{first.claimant}）：同一减排量只能声明一次",
                f"the reduction of {new.source} in {first.period_start} to {first.period_end} "
                f"is already claimed as {first.claim_id} ({scheme.en}, {first.claimant}): "
                "one reduction, one claim",
            )
        )
        self.first = first
        self.new = new


def _overlaps(a: Claim, b: Claim) -> bool:
    return a.period_start <= b.period_end and b.period_start <= a.period_end


def check_claim(existing: Iterable[Claim], new: Claim) -> None:
    """Refuse ``new`` when it is malformed or another claim covers the same source and period.

    Raises
    ------
    ClaimError
        Unknown scheme, empty source, an end before the start or a negative quantity.
    DoubleClaimError
        An existing claim on ``new.source`` whose period overlaps (the earliest one is named).
    """
    if new.scheme not in SCHEMES:
        raise ClaimError(
            f"未知的减排量声明类型“{new.scheme}”；可选：{'、'.join(SCHEMES)}",
            f"unknown scheme '{new.scheme}'; use one of {', '.join(SCHEMES)}",
        )
    if ":" not in new.source or not new.source.split(":", 1)[1].strip():
        raise ClaimError(
            f"减排来源“{new.source}”应写作“类型:编号”，如 project:LJ-CF-001",
            f"the source '{new.source}' must be 'kind:id', e.g. project:LJ-CF-001",
        )
    if new.period_end < new.period_start:
        raise ClaimError("声明期的结束日期早于开始日期", "the claim period ends before it starts")
    if not new.quantity_co2e_t >= 0:
        raise ClaimError("声明的减排量不能为负数", "the quantity claimed may not be negative")
    clashes = sorted(
        (c for c in existing if c.source == new.source and _overlaps(c, new)),
        key=lambda c: (c.period_start, c.claim_id),
    )
    if clashes:
        raise DoubleClaimError(clashes[0], new)
