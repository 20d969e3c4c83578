"""Request and response bodies: the OpenAPI contract of ``/api/v1``."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import AfterValidator, BaseModel, Field, StrictBool

T = TypeVar("T")


def _utc(value: datetime) -> datetime:
    """SQLite keeps no time zone: a stored time without one is UTC (all are written in UTC)."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


#: A point in time as the API answers it: always with its zone, in UTC (``...+00:00``/``Z``).
Timestamp = Annotated[datetime, AfterValidator(_utc)]


class Page(BaseModel, Generic[T]):
    """A page of items: ``total`` matching items, this page from ``offset``, at most ``limit``."""

    items: list[T]
    total: int
    limit: int
    offset: int


class ProblemItem(BaseModel):
    """One located problem: ``where`` is the file (``name [sheet]`` for a sheet of the import
    template), ``row`` the row as the file shows it, ``field`` the machine-readable field and
    ``column`` the column's header as the file shows it (``单位``; ``H 单位 / unit`` on the
    template), when known."""

    where: str
    row: int | None
    field: str | None
    column: str | None = None
    value: str
    message_zh: str
    message_en: str


class Problem(BaseModel):
    """RFC 9457 problem details with zh/en texts and, for data errors, every located problem."""

    type: str
    title: str
    status: int
    detail: str
    instance: str
    title_zh: str
    title_en: str
    detail_zh: str
    detail_en: str
    errors: list[ProblemItem] | None = None


class Health(BaseModel):
    status: Literal["ok"]
    database: str
    version: str


class TokenRequest(BaseModel):
    username: str = Field(min_length=1, max_length=100)
    password: str = Field(min_length=1, max_length=1000)


class TokenOut(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_at: Timestamp
    role: str


class UserOut(BaseModel):
    id: int
    username: str
    display_name: str
    role: str
    territory_code: str | None
    active: bool


Role = Literal["admin", "climate_office", "department", "enterprise", "public"]


class UserCreate(BaseModel):
    username: str = Field(min_length=1, max_length=100)
    password: str = Field(min_length=10, max_length=1000)
    role: Role
    display_name: str = Field(default="", max_length=200)
    territory_code: str | None = Field(default=None, max_length=32)


class UserUpdate(BaseModel):
    role: Role | None = None
    active: StrictBool | None = None
    display_name: str | None = Field(default=None, max_length=200)
    password: str | None = Field(default=None, min_length=10, max_length=1000)


class ImportOut(BaseModel):
    id: int
    territory_code: str
    #: ``None`` where the reader's role may not see it (public and enterprise, on lineage).
    filename: str | None
    sha256: str
    status: str
    row_count: int
    years: list[int]
    illustrative: bool
    created_by: int | None
    created_at: Timestamp
    confirmed_at: Timestamp | None


class ActivityRecordOut(BaseModel):
    id: int
    import_id: int
    row: int
    #: The import template's sheet the record came from (null for a flat table).
    sheet: str | None = None
    record_id: str
    territory: str
    sub_area: str | None
    year: int
    category: str
    fuel: str
    quantity: float
    unit: str
    data_source: str | None
    quality_tier: str | None
    enterprise_id: str | None
    measured_factor: float | None
    measured_factor_unit: str | None
    abatement_fraction: float | None


class FactorSetOut(BaseModel):
    id: int
    name: str
    method: dict[str, Any]
    note: str


class ComputeRequest(BaseModel):
    territory_code: str = Field(min_length=1, max_length=32)
    year: int = Field(ge=1900, le=2200)
    import_id: int | None = Field(default=None, ge=1, le=2**31 - 1)
    factor_set_id: int | None = Field(default=None, ge=1, le=2**31 - 1)


class RecalculateRequest(BaseModel):
    reason: str = Field(min_length=1, max_length=2000)
    import_id: int | None = Field(default=None, ge=1, le=2**31 - 1)
    factor_set_id: int | None = Field(default=None, ge=1, le=2**31 - 1)


class VersionOut(BaseModel):
    id: int
    territory_code: str
    year: int
    number: int
    status: str
    reason: str
    parent_id: int | None
    import_id: int
    factor_set_id: int
    illustrative: bool
    gross_co2e_t: float
    created_by: int | None
    created_at: Timestamp
    published_at: Timestamp | None


class VersionDetail(VersionOut):
    report: dict[str, Any]
    notice_zh: str = ""
    notice_en: str = ""


class QualityOut(BaseModel):
    """The quality result of a stored inventory version (see cityclimate.inventory.quality).

    ``uncertainty``: ``method`` (zh/en), ``iterations``, ``seed``, ``total`` and ``by_category``
    (Monte Carlo, t CO2e and %), ``approach1``, ``drivers``; ``key_categories`` with
    ``reason_zh``/``reason_en``; ``findings`` (QA/QC); ``frameworks`` (``cn``, ``ipcc``,
    ``gpc``: every row with numbers or a notation key); ``reconciliation``.
    """

    version_id: int
    status: str
    illustrative: bool
    territory: str
    year: int
    base_year: int | None
    gross_co2e_t: float | None
    method: dict[str, Any]
    uncertainty: dict[str, Any]
    key_categories: list[dict[str, Any]]
    findings: list[dict[str, Any]]
    frameworks: dict[str, list[dict[str, Any]]]
    reconciliation: list[dict[str, Any]]
    notice_zh: str = ""
    notice_en: str = ""


class ResultOut(BaseModel):
    id: int
    version_id: int
    record_id: str
    territory: str
    sub_area: str | None
    year: int
    category: str
    sector: str | None
    scope: int | None
    fuel: str | None
    gas: str
    activity_value: float | None
    activity_unit: str | None
    factor_value: float | None
    factor_id: str | None
    factor_level: str | None
    factor_source: str | None
    selection_reason: str | None
    gwp: float | None
    emission_t: float | None
    co2e_t: float | None
    energy_tce: float | None
    quality_tier: str | None
    enterprise_id: str | None


class FactorUsed(BaseModel):
    factor_id: str | None
    value: float | None
    level: str | None
    source: str | None
    selection_reason: str | None
    gwp: float | None


class Lineage(BaseModel):
    result: ResultOut
    activity_record: ActivityRecordOut | None
    import_: ImportOut = Field(alias="import")
    factor: FactorUsed
    equation: str


class DiffRow(BaseModel):
    category: str
    before_co2e_t: float
    after_co2e_t: float
    change_co2e_t: float
    change_share: float | None


class Diff(BaseModel):
    version: VersionOut
    against: VersionOut
    reason: str
    total_before_co2e_t: float
    total_after_co2e_t: float
    categories: list[DiffRow]


class TrendPoint(BaseModel):
    year: int
    version_id: int
    gross_co2e_t: float
    intensity_t_per_10k_yuan: float | None
    per_capita_t: float | None


class Dashboard(BaseModel):
    territory: str
    trend: list[TrendPoint]
    latest: VersionDetail | None
    illustrative: bool
    notice_zh: str = ""
    notice_en: str = ""


class AuditOut(BaseModel):
    id: int
    at: Timestamp
    user_id: int | None
    username: str
    action: str
    entity: str
    entity_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    client: str
