"""Types of enterprise reporting: enterprises, acting users, filings, audit records, findings.

Everything here is a frozen dataclass: a change makes a new value (and, for filings, an
:class:`AuditRecord` that the platform stores). Ledger tables are Polars DataFrames whose
columns are declared in :mod:`cityclimate.enterprises.ledgers`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

import polars as pl

from cityclimate.errors import CityClimateError

__all__ = [
    "Actor",
    "AuditRecord",
    "CodeOverride",
    "Contact",
    "EmissionSource",
    "Enterprise",
    "EnterpriseAccessError",
    "Facility",
    "Filing",
    "FilingStatus",
    "Role",
    "WorkflowError",
]


class EnterpriseAccessError(CityClimateError):
    """An acting user tried to read or change another enterprise's data, or act outside a role."""


class WorkflowError(CityClimateError):
    """A filing step that the workflow does not allow (e.g. changing an accepted report)."""


class Role(StrEnum):
    """Roles of the platform that act on enterprise data (DESIGN.md: auth)."""

    ADMIN = "admin"
    CLIMATE_OFFICE = "climate_office"
    ENTERPRISE = "enterprise"
    VERIFIER = "verifier"
    PUBLIC = "public"


@dataclass(frozen=True)
class Actor:
    """Who is acting: a user id, a role and the enterprises the user is bound to.

    Attributes
    ----------
    user_id:
        The platform's user id (kept in audit records).
    role:
        :class:`Role`.
    enterprise_ids:
        For ``enterprise`` users the one enterprise they belong to; for ``verifier`` users the
        enterprises they are engaged to verify. Ignored for admin and climate office (all).
    """

    user_id: str
    role: Role
    enterprise_ids: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class CodeOverride:
    """An administrator's acceptance of a code that fails the GB 32100 check (e.g. a historic one).

    Attributes
    ----------
    reason:
        Why the code is accepted (required, kept with the enterprise).
    by:
        User id of the administrator.
    at:
        When (timezone-aware).
    """

    reason: str
    by: str
    at: datetime


@dataclass(frozen=True)
class Contact:
    """A contact person of an enterprise (name, role in words, phone, e-mail)."""

    name: str
    role: str
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class EmissionSource:
    """One emission source of a facility: inventory category and fuel or material.

    ``category`` is an inventory category code (``refdata/data/categories.csv``); ``fuel`` a
    fuel or material code (``natural_gas``, ``electricity``, ``NF3`` …).
    """

    source_id: str
    category: str
    fuel: str
    description: str = ""


@dataclass(frozen=True)
class Facility:
    """A site or installation of an enterprise, with its sub-area and emission sources."""

    facility_id: str
    name: str
    sub_area: str | None
    sources: tuple[EmissionSource, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Enterprise:
    """A key enterprise in the registry.

    Attributes
    ----------
    enterprise_id:
        The platform's id (stable; the USCC may be corrected).
    uscc:
        Unified social credit code (GB 32100-2015).
    name_zh, name_en:
        Names.
    industry:
        GB/T 4754-2017 industry code (class, 4 digits; or group/division).
    territory, sub_area:
        Territory code and sub-area code (``refdata/data/territories.csv``).
    ets_controlled, key_energy_user, data_centre, mandatory_disclosure:
        Flags: in the carbon emissions trading scheme (控排企业), key energy-using unit
        (重点用能单位), operates a data centre, must disclose environmental information.
    ets_sector:
        Sector of ``data/ets_sectors.csv`` whose allocation method applies (ETS only).
    data_centre_class:
        ``new``, ``existing`` or ``national_hub`` (data centres only; selects the PUE limit).
    facilities, contacts:
        Sites with their emission sources; contact persons.
    code_override:
        Present when an administrator accepted a code that fails the check.
    illustrative:
        True for demo data that are not statistics of a real enterprise.
    established_on:
        The day the enterprise was established (or, when that is not known, registered on the
        platform): it has no obligations, grades or reports for the years before
        (:func:`cityclimate.enterprises.registry.existed_in`). ``None``: no date known.
    """

    enterprise_id: str
    uscc: str
    name_zh: str
    name_en: str
    industry: str
    territory: str
    sub_area: str | None
    ets_controlled: bool = False
    key_energy_user: bool = False
    data_centre: bool = False
    mandatory_disclosure: bool = False
    ets_sector: str | None = None
    data_centre_class: str | None = None
    facilities: tuple[Facility, ...] = field(default_factory=tuple)
    contacts: tuple[Contact, ...] = field(default_factory=tuple)
    code_override: CodeOverride | None = None
    illustrative: bool = False
    established_on: date | None = None


class FilingStatus(StrEnum):
    """States of an annual emission report (填报 → 提交 → 核查 → 审定, or 退回)."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    VERIFIED = "verified"
    ACCEPTED = "accepted"
    RETURNED = "returned"


@dataclass(frozen=True)
class Filing:
    """One version of an enterprise's annual emission report, as it moves through the workflow.

    Attributes
    ----------
    filing_id:
        ``{enterprise_id}-{year}-v{version}``.
    enterprise_id, year, version:
        Whose report, for which year, which version (a correction of an accepted report is
        the next version).
    status:
        :class:`FilingStatus`.
    emissions:
        The report's emission rows (from :func:`cityclimate.enterprises.reports.emission_report`).
    comments:
        Every comment given with a step, oldest first (``"role: text"``).
    submitted_at, accepted_at:
        When it was (last) submitted and when accepted.
    verifier:
        User id of the verifier who verified it.
    supersedes:
        ``filing_id`` of the accepted version this one corrects.
    """

    filing_id: str
    enterprise_id: str
    year: int
    version: int
    status: FilingStatus
    emissions: pl.DataFrame = field(compare=False, repr=False)
    comments: tuple[str, ...] = field(default_factory=tuple)
    submitted_at: datetime | None = None
    accepted_at: datetime | None = None
    verifier: str | None = None
    supersedes: str | None = None

    @property
    def co2e_t(self) -> float:
        """Total of the report in t CO2e."""
        return float(self.emissions["co2e_t"].sum()) if self.emissions.height else 0.0


@dataclass(frozen=True)
class AuditRecord:
    """What the platform stores for every step: who, when, what, from which state to which.

    Attributes
    ----------
    who, role:
        User id and role of the acting user.
    when:
        Timezone-aware time of the step.
    entity, entity_id:
        What was acted on (``"filing"``, ``"enterprise"``) and its id.
    action:
        ``submit``, ``verify``, ``accept``, ``return``, ``amend``, ``correct``, ``override_code``.
    from_status, to_status:
        The states before and after (``None`` where not a state change).
    comment:
        The comment or reason given.
    """

    who: str
    role: str
    when: datetime
    entity: str
    entity_id: str
    action: str
    from_status: str | None
    to_status: str | None
    comment: str = ""
