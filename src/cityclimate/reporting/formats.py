"""How numbers are printed in documents and on the public pages (one place, so that a test can
compute the expected text independently: ``f"{t / 1e4:,.2f}"`` for 万t …)."""

from __future__ import annotations

import math

DASH = "—"


def wan(value_t: float | None) -> str:
    """Tonnes shown in 万t (10⁴ t) with two decimals.

    >>> wan(7244200.15), wan(None), wan(-77733.3)
    ('724.42', '—', '-7.77')
    """
    return DASH if not _finite(value_t) else f"{value_t / 1e4:,.2f}"  # type: ignore[operator]


def num(value: float | None, digits: int = 2) -> str:
    """A number with thousands separators and ``digits`` decimals.

    >>> num(0.34996), num(1234.5, 1), num(float("nan"))
    ('0.35', '1,234.5', '—')
    """
    return DASH if not _finite(value) else f"{value:,.{digits}f}"


def pct(share: float | None, digits: int = 1) -> str:
    """A share (0–1) as a percentage.

    >>> pct(0.62), pct(None)
    ('62.0%', '—')
    """
    return DASH if not _finite(share) else f"{100 * share:,.{digits}f}%"  # type: ignore[operator]


def signed_pct(value_pct: float | None, digits: int = 1) -> str:
    """A percentage already in % with its sign: ``+8.2%``, ``-7.7%``."""
    return DASH if not _finite(value_pct) else f"{value_pct:+.{digits}f}%"


def _finite(value: float | None) -> bool:
    return value is not None and math.isfinite(value)
