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

import re
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
    """A second claim on the same reduction; ``first`` is the claim already there."""

    def __init__(self, first: Claim, new: Claim) -> None:
        scheme = SCHEMES.get(first.scheme, Text(first.scheme, first.scheme))
        by = f"{first.claim_id}（{scheme.zh}，{first.claimant}）"
        by_en = f"{first.claim_id} ({scheme.en}, {first.claimant})"
        if first.source == new.source:
            what = (
                f"来源 {new.source} 在 {first.period_start}～{first.period_end} 的减排量已被登记为"
            )
            what_en = (
                f"the reduction of {new.source} in {first.period_start} to {first.period_end} "
                "is already claimed as"
            )
        else:  # CCER serials claimed again within another run
            what = f"{new.source} 中的 CCER 序列号已在 {first.source} 中被登记为"
            what_en = f"CCER serials of {new.source} are already claimed in {first.source} as"
        super().__init__(
            Text(
                f"{what} {by}：同一减排量只能声明一次",
                f"{what_en} {by_en}: one reduction, one claim",
            )
        )
        self.first = first
        self.new = new


def _overlaps(a: Claim, b: Claim) -> bool:
    return a.period_start <= b.period_end and b.period_start <= a.period_end


#: A run of CCER serial numbers as a source: ``ccer:<block>-<first>~<last>`` (one serial:
#: ``ccer:<block>-<number>``). The numbers are compared as numbers within one block.
_SERIALS = re.compile(r"^ccer:(?P<block>.+)-(?P<first>\d+)(?:~(?P<last>\d+))?$")


@dataclass(frozen=True)
class Serials:
    """The CCER serial numbers a source names: ``first`` to ``last`` of ``block``."""

    block: str
    first: int
    last: int

    def meets(self, other: Serials) -> bool:
        return self.block == other.block and self.first <= other.last and other.first <= self.last


def serials_of(source: str) -> Serials | None:
    """The serial numbers of a ``ccer:`` source written as a run, else None.

    >>> serials_of("ccer:CCER-LJ-0001-000001~000800")
    Serials(block='CCER-LJ-0001', first=1, last=800)
    >>> serials_of("project:LJ-CF-001") is None
    True
    """
    found = _SERIALS.match(source.strip())
    if found is None:
        return None
    first = int(found["first"])
    return Serials(found["block"], first, int(found["last"] or first))


def _clashes(a: Claim, b: Claim) -> bool:
    """The same reduction: one source in overlapping periods, or CCER serials claimed twice
    (a credit is one reduction whatever period a claim states)."""
    if a.source == b.source and _overlaps(a, b):
        return True
    mine, theirs = serials_of(a.source), serials_of(b.source)
    return mine is not None and theirs is not None and mine.meets(theirs)


def check_claim(existing: Iterable[Claim], new: Claim) -> None:
    """Refuse ``new`` when it is malformed or another claim covers the same source and period.

    Raises
    ------
    ClaimError
        Unknown scheme, empty source, an end before the start or a negative quantity.
    DoubleClaimError
        An existing claim on ``new.source`` whose period overlaps, or on CCER serials that
        ``new`` claims again (:func:`serials_of`); the earliest one is named.
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
    run = serials_of(new.source)
    if run is not None and run.last < run.first:
        raise ClaimError(
            f"序列号段“{new.source}”的结束号小于起始号",
            f"the serial run '{new.source}' ends before it starts",
        )
    clashes = sorted(
        (c for c in existing if _clashes(c, new)),
        key=lambda c: (c.period_start, c.claim_id),
    )
    if clashes:
        raise DoubleClaimError(clashes[0], new)
