"""Carbon inclusion (issue 15): methodologies and public statistics for anyone, a resident's own
account (enrol, consent, view and export, redeem, delete), the office's totals, batches from
trusted sources, crediting runs, conversions and the ledger's verification.

Personal data is seen only by the resident and the climate office, and every look is audited.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel, Field

from cityclimate.api.deps import ALL_ROLES, ANYONE, DB, INVENTORY_WRITERS, allow, get_settings
from cityclimate.services.actors import Actor
from cityclimate.services.errors import NotFoundError
from cityclimate.services.inclusion import ingest, ledger, points, reports, residents
from cityclimate.settings import Settings

router = APIRouter(prefix="/inclusion", tags=["inclusion"])
Public = Annotated[Actor, Depends(allow(ANYONE))]
Resident = Annotated[Actor, Depends(allow(*ALL_ROLES))]
Office = Annotated[Actor, Depends(allow(*INVENTORY_WRITERS))]
Territory = Annotated[str, Query(min_length=1, max_length=32)]
Period = Annotated[str, Field(pattern=r"^\d{4}-\d{2}$")]
SourceId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")]
Pseudonym = Annotated[str, Path(min_length=3, max_length=32, pattern=r"^r-[0-9a-f]+$")]


class MethodologyOut(BaseModel):
    key: str
    behaviour: str
    name_zh: str
    name_en: str
    activity_unit: str
    baseline: str
    factor_kg_per_unit: float
    conservativeness: float
    daily_cap_points: int
    monthly_cap_points: int
    selected: bool
    valid_from: date
    source: str
    confidence: str


class BehaviourStat(BaseModel):
    behaviour: str
    events: int
    residents: int
    reduction_g: int


class StatisticsOut(BaseModel):
    """Aggregates only; behaviours with fewer than 10 residents are left out."""

    territory_code: str
    illustrative: bool
    behaviours: list[BehaviourStat]
    reduction_g: int
    ledger_entries: int
    ledger_head_hash: str
    ledger_intact: bool


class BreakOut(BaseModel):
    kind: Literal["changed", "removed", "inserted"]
    number: int
    message_zh: str
    message_en: str


class VerifyOut(BaseModel):
    entries: int
    head_number: int
    head_hash: str
    intact: bool
    breaks: list[BreakOut]


class OfficeOut(BaseModel):
    by_behaviour: list[dict[str, Any]]
    by_sub_area: list[dict[str, Any]]
    by_status: list[dict[str, Any]]
    held: list[dict[str, Any]]
    sources: list[dict[str, Any]]


class BatchIn(BaseModel):
    batch_ref: str = Field(min_length=1, max_length=100)
    csv: str = Field(min_length=1, max_length=20_000_000, description="the batch, UTF-8 CSV")
    signature: str = Field(
        min_length=1, max_length=200, description="Ed25519 of the CSV bytes (hex)"
    )


class BatchOut(BaseModel):
    batch_id: int
    source_id: str
    batch_ref: str
    sha256: str
    events_total: int
    accepted: int
    refused: list[dict[str, str]]
    already_received: bool


class CreditIn(BaseModel):
    territory: str = Field(min_length=1, max_length=32)
    period: Period
    as_of: date


class CreditOut(BaseModel):
    run_id: int
    period: str
    counts: dict[str, int]
    points: int
    reduction_g: int
    ledger_entries: int
    head_number: int
    head_hash: str


class ConvertIn(BaseModel):
    period: Period


class ConvertOut(BaseModel):
    claim_id: str
    reduction_g: int
    events: int
    entry: int


class EnrolIn(BaseModel):
    territory: str = Field(min_length=1, max_length=32)
    card_number: str = Field(min_length=4, max_length=64)
    location_consent: bool = False
    sub_area: str = Field(default="", max_length=32)


class ConsentIn(BaseModel):
    kind: Literal["participation", "location"]
    given: bool


class RedeemIn(BaseModel):
    points: int = Field(ge=1, le=1_000_000)
    merchant: str = Field(min_length=1, max_length=80)


class RedeemOut(BaseModel):
    entry: int
    balance: int


class MyDataOut(BaseModel):
    """Everything held on one resident (pseudonymous): consents, events, ledger lines."""

    pseudonym: str
    sub_area: str
    illustrative: bool
    consents: list[dict[str, Any]]
    events: list[dict[str, Any]]
    ledger: list[dict[str, Any]]
    points_balance: int
    reduction_g: int


class DeletedOut(BaseModel):
    deleted_events: int


@router.get("/methodologies", response_model=list[MethodologyOut])
def methodologies(_: Public) -> list[dict[str, Any]]:
    """方法学（含版本与来源）· The methodologies, every version, with sources."""
    return reports.methodology_rows()


@router.get("/statistics", response_model=StatisticsOut)
def statistics(db: DB, _: Public, territory: Territory = "LJ-2016") -> dict[str, Any]:
    """公开统计 · Public statistics (aggregates) and the ledger head."""
    with db.read() as session:
        return reports.public_statistics(session, territory)


@router.get("/ledger/verify", response_model=VerifyOut)
def verify(db: DB, _: Public, territory: Territory = "LJ-2016") -> dict[str, Any]:
    """校验账本哈希链 · Verify the ledger's hash chain (each broken entry named)."""
    with db.read() as session:
        result = ledger.verify_ledger(session, territory)
    breaks = [{"kind": b.kind, "number": b.number, "message_zh": b.message.zh, "message_en": b.message.en}
              for b in result["breaks"]]  # fmt: skip
    return {**result, "breaks": breaks, "intact": not breaks}


@router.get("/office", response_model=OfficeOut)
def office(db: DB, _: Office, territory: Territory = "LJ-2016") -> dict[str, Any]:
    """气候办汇总：按行为、片区、状态，待查事件，数据来源 · The office's totals, flags, sources."""
    with db.read() as session:
        return {
            "by_behaviour": reports.by_behaviour(session, territory),
            "by_sub_area": reports.by_sub_area(session, territory),
            "by_status": reports.by_status(session, territory),
            "held": reports.held_events(session, territory),
            "sources": ingest.list_sources(session, territory),
        }


@router.post("/sources/{source_id}/batches", response_model=BatchOut)
def post_batch(source_id: SourceId, body: BatchIn, db: DB, actor: Office) -> dict[str, Any]:
    """接收已签名批次（按事件编号幂等）· Ingest a signed batch (idempotent by event id)."""
    with db.write() as session:
        return ingest.ingest_batch(session, actor, source_id=source_id, batch_ref=body.batch_ref,
                                   payload=body.csv.encode(), signature=body.signature)  # fmt: skip


@router.post("/sources/{source_id}/convert", response_model=ConvertOut)
def convert(source_id: SourceId, body: ConvertIn, db: DB, actor: Office) -> dict[str, Any]:
    """把乘客减排量转为核证减排量（经声明登记簿）· Convert riders' reductions via the claims register."""
    with db.write() as session:
        return points.convert(session, actor, source_id, body.period)


@router.post("/runs", response_model=CreditOut)
def credit(body: CreditIn, db: DB, actor: Office) -> dict[str, Any]:
    """入账一个月 · Credit a month of events."""
    with db.write() as session:
        return ledger.credit_period(session, actor, body.territory, body.period, as_of=body.as_of)


@router.get("/accounts/{pseudonym}", response_model=MyDataOut)
def account(pseudonym: Pseudonym, db: DB, actor: Office) -> dict[str, Any]:
    """查看一位居民的数据（留痕）· One resident's data, for the office (audited)."""
    with db.write() as session:
        return residents.my_data(session, actor, pseudonym)


def _mine(session: Any, actor: Actor) -> str:
    name = residents.account_of_user(session, actor.user_id)
    if name is None:
        raise NotFoundError("您还没有碳普惠账户", "you have no carbon-inclusion account yet")
    return name


@router.get("/me", response_model=MyDataOut)
def me(db: DB, actor: Resident) -> dict[str, Any]:
    """我的出行、积分、减排量和同意（可导出）· My trips, points, reductions, consents (export)."""
    with db.write() as session:
        return residents.my_data(session, actor, _mine(session, actor))


@router.post("/me", response_model=MyDataOut)
def enrol(
    body: EnrolIn, db: DB, actor: Resident, settings: Annotated[Settings, Depends(get_settings)]
) -> dict[str, Any]:
    """开通账户（以卡号生成假名）· Open my account (a pseudonym of my card number)."""
    with db.write() as session:
        name = residents.enrol(session, actor, body.territory, body.card_number,
                               settings.inclusion_pseudonym_key.encode(), on=date.today(),
                               location_consent=body.location_consent, user_id=actor.user_id,
                               sub_area=body.sub_area)  # fmt: skip
        return residents.my_data(session, actor, name)


@router.post("/me/consent", response_model=MyDataOut)
def consent(body: ConsentIn, db: DB, actor: Resident) -> dict[str, Any]:
    """给予或撤回同意 · Give or withdraw a consent."""
    with db.write() as session:
        name = _mine(session, actor)
        residents.set_consent(session, actor, name, body.kind, given=body.given, on=date.today())
        return residents.my_data(session, actor, name)


@router.post("/me/redeem", response_model=RedeemOut)
def redeem(body: RedeemIn, db: DB, actor: Resident) -> dict[str, Any]:
    """兑换积分 · Redeem points with a merchant."""
    with db.write() as session:
        return points.redeem(session, actor, _mine(session, actor), body.points,
                             merchant=body.merchant, on=date.today())  # fmt: skip


@router.delete("/me", response_model=DeletedOut)
def delete_me(db: DB, actor: Resident) -> dict[str, Any]:
    """注销并删除我的数据 · Delete my account and data."""
    with db.write() as session:
        return {"deleted_events": residents.delete_account(session, actor, _mine(session, actor))}
