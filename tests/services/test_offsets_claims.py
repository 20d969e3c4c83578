"""ETS offsets with their source identity, claimed in the shared reduction-claims register
(issue 14): a second claim on the same source and period is refused naming the first, whether it
comes from another enterprise or from the finance library; old records stay readable."""

from __future__ import annotations

import dataclasses
from datetime import date

import polars as pl
import pytest
from sqlalchemy.orm import Session, sessionmaker

from cityclimate.demo import enterprises as demo_enterprises
from cityclimate.errors import DataValidationError
from cityclimate.services import claims, enterprises
from cityclimate.services.actors import SYSTEM
from cityclimate.services.enterprises import cycles
from cityclimate.services.errors import ConflictError
from cityclimate.storage import transaction

CCER = "ccer:CCER-LJ-0001-000001~000800"


def test_offsets_with_a_source_are_claimed_once(demo_sessions: sessionmaker[Session]) -> None:
    with transaction(demo_sessions, write=True) as s:
        old = cycles.cycle_view(s, SYSTEM, "LJ-CHP", 2020)["record"]
        assert old["offsets_source"] is None and old["offsets_claim_id"] is None  # not stated
        record = cycles.update_compliance_record(
            s, SYSTEM, "LJ-CHP", 2020, {"offsets_surrendered_t": 800.0, "offsets_source": CCER}
        )
    assert (record["offsets_period_start"], record["offsets_period_end"]) == (
        "2020-01-01",
        "2020-12-31",
    )
    first = record["offsets_claim_id"]
    with transaction(demo_sessions, write=False) as s:
        [claim] = claims.list_claims(s, CCER)
    assert (claim.claim_id, claim.scheme, claim.claimant, claim.quantity_co2e_t) == (
        first,
        "ets",
        "LJ-CHP",
        800.0,
    )
    with transaction(demo_sessions, write=True) as s, pytest.raises(ConflictError) as caught:
        cycles.update_compliance_record(
            s, SYSTEM, "LJ-GLASS", 2020,
            {"offsets_surrendered_t": 100.0, "offsets_source": CCER,
             "offsets_period_start": "2020-06-01", "offsets_period_end": "2020-06-30"},
        )  # fmt: skip
    assert first in caught.value.message.zh and first in caught.value.message.en
    with transaction(demo_sessions, write=True) as s, pytest.raises(ConflictError) as finance:
        claims.register(
            s, SYSTEM, source=CCER, scheme="finance_library", claimant="LJ-CF-002",
            period_start=date(2020, 3, 1), period_end=date(2020, 3, 31), quantity_co2e_t=1.0,
        )  # fmt: skip
    assert first in finance.value.message.en


def test_a_finance_project_claimed_first_refuses_the_enterprise(
    demo_sessions: sessionmaker[Session],
) -> None:
    with transaction(demo_sessions, write=False) as s:
        [demo] = claims.list_claims(s, "project:LJ-CF-002")  # the demo's finance claim, 2024
    with transaction(demo_sessions, write=True) as s, pytest.raises(ConflictError) as caught:
        cycles.update_compliance_record(
            s, SYSTEM, "LJ-CHP", 2024,
            {"offsets_surrendered_t": 50.0, "offsets_source": "project:LJ-CF-002"},
        )  # fmt: skip
    assert demo.claim_id in caught.value.message.zh
    with transaction(demo_sessions, write=False) as s:
        assert cycles.cycle_view(s, SYSTEM, "LJ-CHP", 2024)["record"]["offsets_source"] is None


def test_a_source_without_offsets_or_with_a_bad_date_is_refused(
    demo_sessions: sessionmaker[Session],
) -> None:
    with transaction(demo_sessions, write=True) as s, pytest.raises(DataValidationError) as bad:
        cycles.update_compliance_record(
            s, SYSTEM, "LJ-CHP", 2020, {"offsets_source": CCER, "offsets_period_end": "31/12/2020"}
        )
    assert [p.field for p in bad.value.problems] == ["offsets_period_end"]
    with transaction(demo_sessions, write=True) as s, pytest.raises(DataValidationError) as none:
        cycles.update_compliance_record(
            s, SYSTEM, "LJ-CHP", 2020, {"offsets_surrendered_t": 0, "offsets_source": CCER}
        )
    assert [p.field for p in none.value.problems] == ["offsets_surrendered_t"]


def test_a_compliance_pack_claims_the_offsets_it_names(
    demo_sessions: sessionmaker[Session],
) -> None:
    pack = demo_enterprises.pack()
    ledgers = {
        k: v.with_columns(pl.lit(2021).cast(v.schema["year"]).alias("year"))
        for k, v in pack.ledgers.items()
    }
    records = pack.records.with_columns(
        pl.lit(2021).alias("year"),
        pl.when(pl.col("enterprise_id") == "LJ-CHP").then(pl.lit(CCER)).otherwise(None).alias("offsets_source"),
        pl.when(pl.col("enterprise_id") == "LJ-CHP").then(300.0).otherwise(pl.col("offsets_surrendered_t")).alias("offsets_surrendered_t"),
    )  # fmt: skip
    pack2021 = dataclasses.replace(pack, ledgers=ledgers, records=records)
    with transaction(demo_sessions, write=True) as s:
        loaded = enterprises.load_compliance_pack(
            s, SYSTEM, pack2021, 2021, note="t", illustrative=True, registered=True
        )
        assert loaded.get("loaded") is not False
        [claim] = claims.list_claims(s, CCER)
        record = cycles.cycle_view(s, SYSTEM, "LJ-CHP", 2021)["record"]
    assert record["offsets_claim_id"] == claim.claim_id and claim.claimant == "LJ-CHP"
    assert claim.period_start == date(2021, 1, 1) and claim.quantity_co2e_t == 300.0


def test_an_overlapping_ccer_run_is_refused_naming_the_first(
    demo_sessions: sessionmaker[Session],
) -> None:
    """The register reads the block's other runs (and locks the block), on both databases."""
    with transaction(demo_sessions, write=True) as s:
        first = claims.register(
            s, SYSTEM, source="ccer:B_1-000001~000800", scheme="ets", claimant="LJ-CHP",
            period_start=date(2020, 1, 1), period_end=date(2020, 12, 31), quantity_co2e_t=800.0,
        )  # fmt: skip
        # "_" is not a wildcard here: block BX1 is another block.
        claims.register(
            s, SYSTEM, source="ccer:BX1-000001~000800", scheme="ets", claimant="LJ-GLASS",
            period_start=date(2020, 1, 1), period_end=date(2020, 12, 31), quantity_co2e_t=800.0,
        )  # fmt: skip
    with transaction(demo_sessions, write=True) as s, pytest.raises(ConflictError) as caught:
        claims.register(
            s, SYSTEM, source="ccer:B_1-000700~000900", scheme="voluntary", claimant="someone",
            period_start=date(2021, 1, 1), period_end=date(2021, 12, 31), quantity_co2e_t=200.0,
        )  # fmt: skip
    assert first.claim_id in caught.value.message.zh and first.claim_id in caught.value.message.en
    with transaction(demo_sessions, write=True) as s:
        claims.register(
            s, SYSTEM, source="ccer:B_1-000801~000900", scheme="voluntary", claimant="someone",
            period_start=date(2021, 1, 1), period_end=date(2021, 12, 31), quantity_co2e_t=100.0,
        )  # fmt: skip
