"""Carbon inclusion (碳普惠): residents' low-carbon behaviour turned into points and reductions.

Pure calculation, no database: the methodology registry as versioned data
(:mod:`~cityclimate.inclusion.methodologies`), the crediting job with its anti-fraud rules and
caps (:mod:`~cityclimate.inclusion.crediting`), the hash-chained ledger and its verification
(:mod:`~cityclimate.inclusion.ledger`), points after they are earned
(:mod:`~cityclimate.inclusion.points`), privacy by design (:mod:`~cityclimate.inclusion.privacy`)
and signed source batches (:mod:`~cityclimate.inclusion.signing`). The platform's service
(:mod:`cityclimate.services.inclusion`) stores and audits; the same crediting runs on Dask
(:mod:`cityclimate.inclusion.distributed`) for more events than one machine holds.
"""

from cityclimate.inclusion.crediting import Credited, credit_events, summarise
from cityclimate.inclusion.ledger import GENESIS, Break, chain, head, verify
from cityclimate.inclusion.methodologies import by_key, in_force, methodologies, methods_frame
from cityclimate.inclusion.model import (
    EVENT_SCHEMA,
    LEDGER_KINDS,
    REASONS,
    STATUSES,
    InclusionError,
    Methodology,
)

__all__ = [
    "EVENT_SCHEMA",
    "GENESIS",
    "LEDGER_KINDS",
    "REASONS",
    "STATUSES",
    "Break",
    "Credited",
    "InclusionError",
    "Methodology",
    "by_key",
    "chain",
    "credit_events",
    "head",
    "in_force",
    "methodologies",
    "methods_frame",
    "summarise",
    "verify",
]
