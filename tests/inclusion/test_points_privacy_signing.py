"""Points after earning (redemption, expiry), pseudonyms and retention, signed batches."""

from __future__ import annotations

from datetime import date

import pytest

from cityclimate.inclusion import InclusionError
from cityclimate.inclusion.points import check_redemption, expiring
from cityclimate.inclusion.privacy import pseudonym, retention_cutoff
from cityclimate.inclusion.signing import check_signature, new_key_pair, public_key_of, sign


def test_expiry_takes_the_oldest_points_first() -> None:
    earned = [("2024-01", 30), ("2024-02", 20), ("2024-09", 50)]
    # as of 2025-02 the Jan and Feb 2024 points (50) have lapsed (12 months); 35 already spent
    assert expiring(earned, debited=35, as_of_period="2025-02") == 15
    assert expiring(earned, debited=35, as_of_period="2025-01") == 0  # only Jan lapsed: 30 < 35
    assert expiring(earned, debited=60, as_of_period="2025-02") == 0


def test_redemption_needs_a_positive_amount_within_the_balance() -> None:
    check_redemption(10, 10)
    for points in (0, -1, 11):
        with pytest.raises(InclusionError):
            check_redemption(10, points)


def test_pseudonyms_depend_on_the_secret_and_hide_the_id() -> None:
    a = pseudonym(b"k1", "card-123")
    assert a == pseudonym(b"k1", " card-123 ") and a != pseudonym(b"k2", "card-123")
    assert "card" not in a and len(a) == 22


def test_retention_keeps_thirteen_months() -> None:
    assert retention_cutoff(date(2026, 3, 15)) == date(2025, 2, 1)
    assert retention_cutoff(date(2026, 1, 1), months=1) == date(2025, 12, 1)


def test_a_batch_verifies_only_unchanged_and_under_its_sources_key() -> None:
    private, public = new_key_pair()
    assert public_key_of(private) == public
    signature = sign(private, b"batch")
    check_signature(public, b"batch", signature)
    _, other = new_key_pair()
    for key, payload, sig in ((public, b"batch!", signature), (other, b"batch", signature),
                              (public, b"batch", "zz")):  # fmt: skip
        with pytest.raises(InclusionError):
            check_signature(key, payload, sig)
