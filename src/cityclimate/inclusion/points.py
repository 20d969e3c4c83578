"""Points after they are earned: balance, redemption with merchants, expiry (first in, first out).

Points are non-tradable incentives (积分), whole numbers; they never turn into t CO2e and t CO2e
never turn into points. Points earned in a month expire at the end of the month
``validity_months`` later unless spent; spending and expiry use the oldest points first.

>>> earned = [("2024-01", 30), ("2024-06", 20)]
>>> expiring(earned, debited=10, as_of_period="2025-02", validity_months=12)
20
"""

from __future__ import annotations

from collections.abc import Iterable

from cityclimate.inclusion.model import InclusionError

#: Months points stay valid after the month they were earned in.
VALIDITY_MONTHS = 12


def _month_index(period: str) -> int:
    year, month = period.split("-")
    return int(year) * 12 + int(month) - 1


def expiring(
    earned: Iterable[tuple[str, int]],
    *,
    debited: int,
    as_of_period: str,
    validity_months: int = VALIDITY_MONTHS,
) -> int:
    """Points to expire now.

    Parameters
    ----------
    earned:
        ``(period "YYYY-MM", points)`` earned.
    debited:
        Points already redeemed or expired (a positive number).
    as_of_period:
        The month of the expiry run; points earned ``validity_months`` or more months before
        it have lapsed.

    Returns
    -------
    int
        max(0, Σ lapsed earnings − debited): with first-in-first-out spending, debits used the
        oldest points first, so what is left of the lapsed earnings is what expires.
    """
    cutoff = _month_index(as_of_period) - validity_months
    lapsed = sum(points for period, points in earned if _month_index(period) <= cutoff)
    return max(0, lapsed - debited)


def check_redemption(balance: int, points: int) -> None:
    """Refuse a redemption of ``points`` from ``balance`` that is not a positive whole number
    within the balance."""
    if points <= 0:
        raise InclusionError(
            "兑换的积分应为正整数", "the points redeemed must be a positive whole number"
        )
    if points > balance:
        raise InclusionError(
            f"积分不足：余额 {balance}，兑换 {points}",
            f"not enough points: balance {balance}, asked {points}",
        )
