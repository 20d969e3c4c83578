"""The finance tables on SQLite and PostgreSQL: a project round-trips through its JSON columns,
the claims register refuses a second claim on one source and period (the service) and the
database refuses two claims on one source starting the same day, and two users registering the
same reduction at the same moment get one claim (PostgreSQL: the advisory lock)."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from cityclimate.finance.model import ClimateType, Project, Stage
from cityclimate.services import claims
from cityclimate.services.actors import SYSTEM
from cityclimate.services.errors import ConflictError
from cityclimate.services.finance import library
from cityclimate.storage import transaction
from cityclimate.storage.finance_models import ReductionClaim
from tests.storage.test_races import race

PV = Project(
    project_id="T-1",
    name_zh="光伏",
    name_en="PV",
    owner_uscc="91500000MA5U7A1B2J",
    owner_name="业主",
    territory="LJ-2016",
    sub_area="LJ-2016-ST",
    project_type="distributed_pv",
    climate_type=ClimateType.MITIGATION,
    investment_wan_yuan=1000.0,
    financing_need_wan_yuan=600.0,
    operation_year=2022,
    stage=Stage.PROMOTED,
    catalogue_codes={"green_bond": ("3", "5")},
    phasing_wan_yuan={2021: 400.0, 2022: 600.0},
    instruments=("green_loan",),
    inputs={"generation_mwh": 1000.0},
    illustrative=True,
)


def _claim(session: Session, start: date, end: date) -> claims.Claim:
    return claims.register(
        session,
        SYSTEM,
        source="project:T-1",
        scheme="ets",
        claimant="x",
        period_start=start,
        period_end=end,
        quantity_co2e_t=1.0,
    )


def test_a_project_round_trips_and_is_estimated(sessions: sessionmaker[Session]) -> None:
    with transaction(sessions, write=True) as s:
        assert library.import_library(s, SYSTEM, [PV]) == {"created": 1, "updated": 0}
    with transaction(sessions) as s:
        [back] = library.list_projects(s, SYSTEM)
        assert back == PV
        # No published inventory: the platform default set; Chongqing 2022, 0.5227 t/MWh.
        assert library.territory_factor_set(s, "LJ-2016").name == "default"
        assert library.estimates(s, [back])["T-1"].reduction_co2e_t == pytest.approx(522.7)


def test_one_reduction_one_claim_and_the_database_key(sessions: sessionmaker[Session]) -> None:
    with transaction(sessions, write=True) as s:
        first = _claim(s, date(2024, 1, 1), date(2024, 12, 31))
    with pytest.raises(ConflictError) as caught, transaction(sessions, write=True) as s:
        _claim(s, date(2024, 12, 1), date(2025, 1, 31))
    assert first.claim_id in caught.value.message.en
    with pytest.raises(IntegrityError), transaction(sessions, write=True) as s:
        s.add(
            ReductionClaim(
                claim_id="RC-X",
                source="project:T-1",
                scheme="ets",
                claimant="y",
                period_start=date(2024, 1, 1),
                period_end=date(2024, 1, 31),
                quantity_co2e_t=1.0,
            )
        )
        s.flush()


def test_two_users_claiming_at_once_get_one_claim(
    sessions: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first user's claim waits before its commit while the second's runs (the race of
    :func:`tests.storage.test_races.race`). Their periods overlap but start on different days,
    so the database key cannot catch it: without the lock on the source (PostgreSQL advisory
    lock; SQLite's write lock) the second would read no claim and store its own."""

    def step(s: Session) -> claims.Claim:
        first = threading.current_thread().name == "first"
        return _claim(s, date(2024, 1, 1) if first else date(2024, 6, 1), date(2024, 12, 31))

    made, refused = race(sessions, step, monkeypatch)
    assert isinstance(made, claims.Claim) and isinstance(refused, ConflictError)
    assert made.claim_id in refused.message.en
    with transaction(sessions) as s:
        assert s.scalar(select(func.count()).select_from(ReductionClaim)) == 1
