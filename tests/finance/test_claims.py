"""The reduction-claims register: one reduction, one claim."""

from __future__ import annotations

from datetime import date

import pytest

from cityclimate.claims import Claim, ClaimError, DoubleClaimError, check_claim


def claim(
    claim_id: str,
    start: date,
    end: date,
    source: str = "project:P1",
    scheme: str = "finance_library",
) -> Claim:
    return Claim(claim_id, source, scheme, "91500000MA5U7A1B2J", start, end, 100.0)


def test_a_second_claim_on_the_same_source_and_period_names_the_first() -> None:
    first = claim("C-1", date(2024, 1, 1), date(2024, 12, 31))
    later = claim("C-0", date(2025, 1, 1), date(2025, 12, 31))
    with pytest.raises(DoubleClaimError) as caught:
        check_claim([later, first], claim("C-2", date(2024, 6, 1), date(2024, 6, 30), scheme="ets"))
    assert caught.value.first is first
    assert "C-1" in caught.value.message.zh and "C-1" in caught.value.message.en
    # One day of overlap is enough to refuse.
    with pytest.raises(DoubleClaimError):
        check_claim([first], claim("C-3", date(2024, 12, 31), date(2025, 3, 31)))


def test_next_period_and_other_sources_are_free() -> None:
    first = claim("C-1", date(2024, 1, 1), date(2024, 12, 31))
    check_claim([first], claim("C-2", date(2025, 1, 1), date(2025, 12, 31)))
    check_claim([first], claim("C-3", date(2024, 1, 1), date(2024, 12, 31), source="project:P2"))


def test_malformed_claims_are_refused() -> None:
    for bad in (
        claim("X", date(2024, 2, 1), date(2024, 1, 1)),
        claim("X", date(2024, 1, 1), date(2024, 2, 1), source="P1"),
        claim("X", date(2024, 1, 1), date(2024, 2, 1), scheme="lottery"),
    ):
        with pytest.raises(ClaimError):
            check_claim([], bad)


def test_ccer_serials_are_one_reduction_whatever_the_run_or_period() -> None:
    """Credits are counted by serial number: a run overlapping a claimed run of the same block
    is the same reduction claimed again, even under another period; other blocks and disjoint
    runs are other reductions."""
    first = claim("C-1", date(2020, 1, 1), date(2020, 12, 31), "ccer:CCER-LJ-0001-000001~000800")
    for overlapping in ("ccer:CCER-LJ-0001-000500~000900", "ccer:CCER-LJ-0001-000800"):
        with pytest.raises(DoubleClaimError) as caught:
            check_claim([first], claim("C-2", date(2021, 1, 1), date(2021, 12, 31), overlapping))
        assert caught.value.first is first
        assert "CCER" in caught.value.message.zh and first.source in caught.value.message.en
    for other in (
        "ccer:CCER-LJ-0001-000801~000900",  # the next serials
        "ccer:CCER-LJ-0002-000001~000800",  # another block
        "project:CCER-LJ-0001-000001~000800",  # not a CCER source
    ):
        check_claim([first], claim("C-3", date(2020, 1, 1), date(2020, 12, 31), other))
    with pytest.raises(ClaimError, match="ends before it starts"):
        check_claim([], claim("C-4", date(2020, 1, 1), date(2020, 12, 31), "ccer:B-000900~000100"))
