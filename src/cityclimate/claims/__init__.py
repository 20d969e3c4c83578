"""The reduction-claims register, shared by the finance library, ETS, carbon inclusion and
voluntary credits: one reduction, one claim (see :mod:`cityclimate.claims.register`)."""

from cityclimate.claims.register import (
    SCHEMES,
    Claim,
    ClaimError,
    DoubleClaimError,
    Serials,
    check_claim,
    serials_of,
)

__all__ = [
    "SCHEMES",
    "Claim",
    "ClaimError",
    "DoubleClaimError",
    "Serials",
    "check_claim",
    "serials_of",
]
