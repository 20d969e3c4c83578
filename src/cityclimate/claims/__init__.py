"""The reduction-claims register, shared by the finance library, ETS, carbon inclusion and
voluntary credits: one reduction, one claim (see :mod:`cityclimate.claims.register`)."""

from cityclimate.claims.register import (
    SCHEMES,
    Claim,
    ClaimError,
    DoubleClaimError,
    check_claim,
)

__all__ = ["SCHEMES", "Claim", "ClaimError", "DoubleClaimError", "check_claim"]
