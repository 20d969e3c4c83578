"""The office's yearly compliance overview: one call from ledgers to grades and reconciliation.

A :class:`CompliancePack` holds what the district has for a year (registry, the four ledgers,
ETS allocation inputs, and per enterprise a filing record: report state and dates, verifier,
findings, surrender). :func:`compliance_overview` runs the core on it, in order:

1. each enterprise's report with the inventory engine (:mod:`.reports`), and its filing taken
   through the workflow to the recorded state (:mod:`.workflow`, with audit records);
2. allocation and the compliance account of ETS enterprises (:mod:`.ets`);
3. PUE of data centres against the configured limits;
4. deadlines: obligations, overdue list and reminders;
5. disclosure forms of accepted reports and their completeness (:mod:`.disclosure`);
6. carbon-compliance score, grade and joint lists (:mod:`.credit`);
7. reconciliation with the district inventory (:mod:`.reconciliation`), for the office.

What an actor sees is limited by :func:`~cityclimate.enterprises.registry.visible_enterprises`:
an enterprise user gets an overview of its own enterprise and nothing else.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

import polars as pl

from cityclimate.enterprises.credit import CreditInput, CreditScore, joint_lists, score_credit
from cityclimate.enterprises.disclosure import DisclosureForm, disclosure_form, missing_share
from cityclimate.enterprises.ets import (
    AllocationLine,
    EtsAccount,
    allocate,
    covered_emissions_t,
    district_ets_view,
    ets_account,
)
from cityclimate.enterprises.ledgers import LedgerKind, validate_ledger
from cityclimate.enterprises.model import (
    Actor,
    AuditRecord,
    Enterprise,
    Filing,
    FilingStatus,
    Role,
)
from cityclimate.enterprises.reconciliation import Reconciliation, reconcile
from cityclimate.enterprises.registry import (
    enterprises_from_records,
    existed_in,
    register,
    visible_enterprises,
)
from cityclimate.enterprises.reports import PueCheck, check_pue, emission_report, report_totals
from cityclimate.enterprises.workflow import Action, Obligation, new_filing, obligations, step
from cityclimate.errors import DataValidationError, Problem
from cityclimate.inventory import Method
from cityclimate.refdata.tables import Column, TableSchema, read_csv_table

#: Local time of the filing steps replayed from records (China Standard Time).
CST = timezone(timedelta(hours=8))
_STATUSES = frozenset(s.value for s in FilingStatus)

COMPLIANCE_RECORDS = TableSchema(
    "compliance records",
    (
        Column("enterprise_id"),
        Column("year", "int"),
        Column("report_status", allowed=_STATUSES),
        Column("report_submitted", required=False),
        Column("disclosure_published", required=False),
        Column("verifier", required=False),
        Column("major_findings", "int"),
        Column("minor_findings", "int"),
        Column("surrendered_t", "float", required=False),
        Column("offsets_surrendered_t", "float", required=False),
        Column("net_purchased_t", "float", required=False),
        Column("measures", required=False),
        Column("comment", required=False),
        Column("source"),
        # The offsets' identity (issue 14): claimed in the shared reduction-claims register.
        # Files made before it read as 'source not stated'.
        Column("offsets_source", required=False, added_later=True),
        Column("offsets_period_start", required=False, added_later=True),
        Column("offsets_period_end", required=False, added_later=True),
    ),
    key=("enterprise_id", "year"),
)
ALLOCATION_INPUTS = TableSchema(
    "allocation inputs",
    (
        Column("enterprise_id"),
        Column("year", "int"),
        Column("product"),
        Column("prior_output", "float"),
        Column("adjustment_factor", "float", required=False),
        Column("adjustment_note", required=False),
        Column("historical_intensity", "float", required=False),
        Column("source"),
    ),
    key=("enterprise_id", "year", "product"),
)
LEDGER_KINDS: tuple[LedgerKind, ...] = ("energy", "materials", "production", "data_centre")


@dataclass(frozen=True)
class CompliancePack:
    """What the district holds for the compliance cycle (ledgers validated, records typed)."""

    territory: str
    enterprises: tuple[Enterprise, ...]
    ledgers: dict[LedgerKind, pl.DataFrame]
    allocation_inputs: pl.DataFrame
    records: pl.DataFrame
    notice: str = ""


def _csv_text(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return ""
    return pl.DataFrame(
        [{k: None if v is None else str(v) for k, v in r.items()} for r in rows]
    ).write_csv()


def build_pack(
    territory: str,
    enterprises: list[Enterprise],
    ledgers: dict[LedgerKind, pl.DataFrame],
    allocation_inputs_csv: str,
    records_csv: str,
    *,
    notice: str = "",
    where: str = "pack",
) -> CompliancePack:
    """Check every part (all-or-nothing) and return the pack.

    Parameters
    ----------
    territory:
        Territory code of the district inventory the pack belongs to.
    enterprises:
        Registry records (checked with :func:`~cityclimate.enterprises.registry.register`).
    ledgers:
        Raw ledgers by kind (validated here; rows as in a CSV with a header).
    allocation_inputs_csv, records_csv:
        CSV text of the ETS allocation inputs and of the filing records.

    Raises
    ------
    DataValidationError
        Listing the problems of every part, or records of enterprises not in the registry.
    """
    problems: list[Problem] = []
    try:
        register(enterprises, where=f"{where}: enterprises")
    except DataValidationError as exc:
        problems += exc.problems
    typed: dict[LedgerKind, pl.DataFrame] = {}
    for kind in LEDGER_KINDS:
        try:
            typed[kind] = validate_ledger(
                ledgers.get(kind, pl.DataFrame()), kind, where=f"{where}: {kind}", first_row=2
            )
        except DataValidationError as exc:
            problems += exc.problems
    tables: list[pl.DataFrame] = []
    for text, schema in (
        (allocation_inputs_csv, ALLOCATION_INPUTS),
        (records_csv, COMPLIANCE_RECORDS),
    ):
        if not text.strip():
            text = ",".join(c.name for c in schema.columns) + "\n"
        try:
            tables.append(read_csv_table(text, schema, f"{where}: {schema.name}"))
        except DataValidationError as exc:
            problems += exc.problems
    if problems:
        raise DataValidationError(problems)
    ids = {e.enterprise_id for e in enterprises}
    unknown = sorted(set(tables[1]["enterprise_id"]) - ids)
    if unknown:
        raise DataValidationError(
            [
                Problem(
                    f"{where}: compliance records",
                    None,
                    "enterprise_id",
                    u,
                    "登记表中没有该企业",
                    "no such enterprise in the registry",
                )
                for u in unknown
            ]
        )
    return CompliancePack(territory, tuple(enterprises), typed, tables[0], tables[1], notice)


def pack_from_json(text: str, *, where: str = "pack.json") -> CompliancePack:
    """Read a pack from JSON: ``territory``, ``notice``, ``enterprises`` (registry records),
    ``energy``, ``materials``, ``production``, ``data_centre``, ``allocation_inputs`` and
    ``compliance`` (lists of rows with the columns of each table)."""
    try:
        data = json.loads(text)
        territory = str(data["territory"])
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        raise DataValidationError(
            [
                Problem(
                    where,
                    None,
                    None,
                    "",
                    f"不是有效的数据包 JSON：{exc}",
                    f"not a valid pack JSON: {exc}",
                )
            ]
        ) from exc
    ledgers: dict[LedgerKind, pl.DataFrame] = {
        kind: pl.read_csv(io.StringIO(_csv_text(data.get(kind, []))), infer_schema=False)
        if data.get(kind)
        else pl.DataFrame()
        for kind in LEDGER_KINDS
    }
    return build_pack(
        territory,
        enterprises_from_records(data.get("enterprises", [])),
        ledgers,
        _csv_text(data.get("allocation_inputs", [])),
        _csv_text(data.get("compliance", [])),
        notice=str(data.get("notice", "")),
        where=where,
    )


def pack_to_json(pack: CompliancePack) -> str:
    """Write a pack as JSON (the format :func:`pack_from_json` reads)."""

    def rows(frame: pl.DataFrame) -> list[dict[str, Any]]:
        return frame.drop("_row", strict=False).to_dicts()

    data: dict[str, Any] = {
        "territory": pack.territory,
        "notice": pack.notice,
        "enterprises": [_enterprise_json(e) for e in pack.enterprises],
        **{kind: rows(frame) for kind, frame in pack.ledgers.items()},
        "allocation_inputs": rows(pack.allocation_inputs),
        "compliance": rows(pack.records),
    }
    return json.dumps(data, ensure_ascii=False, indent=1, default=str)


def _enterprise_json(enterprise: Enterprise) -> dict[str, Any]:
    data = asdict(enterprise)
    if enterprise.code_override is not None:
        data["code_override"]["at"] = enterprise.code_override.at.isoformat()
    return data


@dataclass(frozen=True)
class ComplianceOverview:
    """Everything the office sees for one year (see the module notes for how it is made)."""

    territory: str
    year: int
    as_of: date
    notice: str
    reports: pl.DataFrame
    filings: tuple[Filing, ...]
    audit: tuple[AuditRecord, ...]
    allocations: tuple[AllocationLine, ...]
    accounts: tuple[EtsAccount, ...]
    ets: pl.DataFrame
    pue: tuple[PueCheck, ...]
    obligations: tuple[Obligation, ...]
    disclosures: tuple[DisclosureForm, ...]
    credit: tuple[CreditScore, ...]
    joint_lists: dict[str, list[str]]
    reconciliation: Reconciliation | None
    pue_edition: str = field(default="plan_table1")

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready content (dates and times as ISO 8601 text via ``default=str``)."""
        recon = self.reconciliation
        return {
            "territory": self.territory,
            "year": self.year,
            "as_of": self.as_of.isoformat(),
            "notice": self.notice,
            "units": {"co2e_t": "t CO2e", "energy_tce": "tce", "ets": "t (CO2 or CO2e per sector)"},
            "reports": self.reports.to_dicts(),
            "audit": [asdict(a) for a in self.audit],
            "allocations": [asdict(a) for a in self.allocations],
            "ets": self.ets.to_dicts(),
            "pue": [
                {k: v for k, v in asdict(p).items() if k != "monthly"}
                | {"monthly": p.monthly.to_dicts()}
                for p in self.pue
            ],
            "pue_edition": self.pue_edition,
            "obligations": [asdict(o) for o in self.obligations],
            "overdue": [asdict(o) for o in self.obligations if o.status == "overdue"],
            "disclosures": [d.as_dict() for d in self.disclosures],
            "credit": [asdict(c) for c in self.credit],
            "joint_lists": self.joint_lists,
            "reconciliation": None
            if recon is None
            else {
                "by_sector": recon.by_sector.to_dicts(),
                "by_category": recon.by_category.to_dicts(),
                "findings": [asdict(f) for f in recon.findings],
            },
        }


def _at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=CST)


def replay_filing(
    record: dict[str, Any], enterprise_id: str, year: int, emissions: pl.DataFrame
) -> tuple[Filing, list[AuditRecord]]:
    """Take a filing through the workflow to the state its record gives, with audit records.

    The enterprise user submits on ``report_submitted``; the verifier verifies a week later;
    the office accepts a week after that; a ``returned`` filing is returned by the verifier
    with the record's comment.
    """
    owner = Actor(f"{enterprise_id}-user", Role.ENTERPRISE, frozenset({enterprise_id}))
    verifier = Actor(
        record.get("verifier") or "verifier", Role.VERIFIER, frozenset({enterprise_id})
    )
    office = Actor("climate-office", Role.CLIMATE_OFFICE)
    submitted = (
        date.fromisoformat(record["report_submitted"]) if record.get("report_submitted") else None
    )
    start = submitted or date(year + 1, 1, 15)
    filing, first = new_filing(
        owner, enterprise_id, year, emissions, _at(start - timedelta(days=7))
    )
    audit = [first]
    status = FilingStatus(record["report_status"])
    if status is FilingStatus.DRAFT or submitted is None:
        return filing, audit
    plan: list[tuple[Actor, Action, date, str]] = [(owner, "submit", submitted, "")]
    if status is FilingStatus.RETURNED:
        plan.append(
            (verifier, "return", submitted + timedelta(days=7), record.get("comment") or "—")
        )
    if status in (FilingStatus.VERIFIED, FilingStatus.ACCEPTED):
        plan.append((verifier, "verify", submitted + timedelta(days=7), ""))
    if status is FilingStatus.ACCEPTED:
        plan.append((office, "accept", submitted + timedelta(days=14), ""))
    for actor, action, day, comment in plan:
        filing, record_ = step(actor, filing, action, _at(day), comment)
        audit.append(record_)
    return filing, audit


def ets_and_pue(
    enterprise: Enterprise,
    pack: CompliancePack,
    year: int,
    emissions: pl.DataFrame,
    record: Mapping[str, Any],
    *,
    ets: bool = True,
    pue_edition: str = "plan_table1",
) -> tuple[list[AllocationLine], EtsAccount | None, PueCheck | None]:
    """An enterprise's ETS allocation and account (ETS enterprises, when ``ets``) and its PUE
    check (data centres) for ``year``, from the pack and its report's ``emissions``.

    ``record`` is the enterprise's compliance record of the year (surrendered allowances,
    offsets, net purchases).
    """
    lines: list[AllocationLine] = []
    account = None
    if ets and enterprise.ets_controlled:
        lines = allocate(enterprise, pack.ledgers["production"], pack.allocation_inputs, year)
        account = ets_account(
            lines,
            enterprise,
            year,
            verified_t=covered_emissions_t(emissions, str(enterprise.ets_sector)),
            surrendered_t=record.get("surrendered_t") or 0.0,
            offsets_surrendered_t=record.get("offsets_surrendered_t") or 0.0,
            net_purchased_t=record.get("net_purchased_t") or 0.0,
        )
    check = None
    if enterprise.data_centre:
        check = check_pue(enterprise, pack.ledgers["data_centre"], year, edition=pue_edition)
    return lines, account, check


def disclosure_forms(
    pack: CompliancePack,
    year: int,
    accepted: Iterable[Filing],
    *,
    pue_edition: str = "plan_table1",
) -> list[DisclosureForm]:
    """The public disclosure forms of accepted reports: THE way forms are made (the compliance
    overview, the command line and the platform all call it).

    Each form is filled from the report's own emission rows, with the ETS allocation and
    surrender (ETS enterprises) and the annual PUE (data centres) that
    ``data/disclosure_fields.csv`` requires, and the measures of the enterprise's compliance
    record of the year.

    Raises
    ------
    WorkflowError
        For a report that is not accepted.
    """
    registry = {e.enterprise_id: e for e in pack.enterprises}
    records = {
        r["enterprise_id"]: r
        for r in pack.records.filter(pl.col("year") == year).iter_rows(named=True)
    }
    forms = []
    for filing in accepted:
        enterprise = registry[filing.enterprise_id]
        record = records.get(filing.enterprise_id, {})
        _, account, check = ets_and_pue(
            enterprise, pack, year, filing.emissions, record, pue_edition=pue_edition
        )
        forms.append(
            disclosure_form(
                enterprise, filing, measures=record.get("measures"), account=account, pue=check
            )
        )
    return forms


def compliance_overview(
    actor: Actor,
    pack: CompliancePack,
    year: int,
    *,
    as_of: date,
    method: Method | None = None,
    district_emissions: pl.DataFrame | None = None,
    pue_edition: str = "plan_table1",
    tolerance: float = 0.005,
) -> ComplianceOverview:
    """Build the compliance overview of ``year`` as ``actor`` may see it.

    Parameters
    ----------
    actor:
        Who looks: the office and admin see every enterprise and the reconciliation; an
        enterprise user only its own enterprise (and no reconciliation).
    pack:
        The year's data (:func:`build_pack`, :func:`pack_from_json` or the demo).
    year:
        Reporting year.
    as_of:
        The day deadlines are judged on.
    method:
        The inventory method of the reports (use the district inventory's for a meaningful
        reconciliation).
    district_emissions:
        The district inventory's emission rows; without them no reconciliation is made.
    pue_edition:
        PUE limits in force: ``plan_table1`` (new ≤ 1.25) or ``plan_text`` (new ≤ 1.3).
    tolerance:
        Relative margin of the reconciliation's "exceeds" rule.
    """
    method = method or Method()
    # an enterprise that did not exist in the year has no report, deadline or grade for it
    seen = [e for e in visible_enterprises(actor, pack.enterprises) if existed_in(e, year)]
    records = {
        r["enterprise_id"]: r
        for r in pack.records.filter(pl.col("year") == year).iter_rows(named=True)
    }
    energy, materials = pack.ledgers["energy"], pack.ledgers["materials"]
    filings: list[Filing] = []
    audit: list[AuditRecord] = []
    lines: list[AllocationLine] = []
    accounts: list[EtsAccount] = []
    pue: list[PueCheck] = []
    disclosures: list[DisclosureForm] = []
    report_rows: list[dict[str, Any]] = []
    done: dict[tuple[str, str], date | None] = {}
    for enterprise in seen:
        eid = enterprise.enterprise_id
        record = records.get(eid, {"report_status": "draft"})
        emissions = emission_report(actor, enterprise, energy, materials, year, method=method)
        filing, steps = replay_filing(record, eid, year, emissions)
        filings.append(filing)
        audit += steps
        totals = report_totals(emissions)
        report_rows.append(
            {
                "enterprise_id": eid,
                "name_zh": enterprise.name_zh,
                "sub_area": enterprise.sub_area,
                "status": filing.status.value,
                "version": filing.version,
                "total_co2e_t": totals["total_co2e_t"],
                "co2_t": totals["co2_t"],
                "energy_tce": totals["energy_tce"],
                "measured_rows": emissions.filter(factor_level="measured").height,
            }
        )
        for obligation, column in (
            ("emission_report", "report_submitted"),
            ("disclosure", "disclosure_published"),
        ):
            value = record.get(column)
            done[(eid, obligation)] = date.fromisoformat(value) if value else None
        verified = filing.status in (FilingStatus.VERIFIED, FilingStatus.ACCEPTED)
        mine, account, check = ets_and_pue(
            enterprise, pack, year, emissions, record, ets=verified, pue_edition=pue_edition
        )
        lines += mine
        accounts += [] if account is None else [account]
        pue += [] if check is None else [check]
        if filing.status is FilingStatus.ACCEPTED:
            disclosures += disclosure_forms(pack, year, [filing], pue_edition=pue_edition)
    due = obligations(seen, year, done, as_of)
    forms = {d.enterprise_id: d for d in disclosures}
    scores: list[CreditScore] = []
    for enterprise in seen:
        eid = enterprise.enterprise_id
        record = records.get(eid, {})
        mine_due = {o.obligation: o for o in due if o.enterprise_id == eid}
        report = mine_due["emission_report"]
        disclosure = mine_due.get("disclosure")
        account_of = next((a for a in accounts if a.enterprise_id == eid), None)
        missing: float | None = None
        if disclosure is not None:
            form = forms.get(eid)
            published = disclosure.done_on is not None
            missing = missing_share(form, enterprise) if form is not None and published else 1.0
        scores.append(
            score_credit(
                CreditInput(
                    enterprise_id=eid,
                    year=year,
                    ets_shortfall_share=None
                    if not enterprise.ets_controlled
                    else (1.0 if account_of is None else account_of.shortfall_share),
                    report_days_late=report.days_late,
                    disclosure_days_late=None if disclosure is None else disclosure.days_late,
                    disclosure_missing_share=missing,
                    major_findings=int(record.get("major_findings") or 0),
                    minor_findings=int(record.get("minor_findings") or 0),
                )
            )
        )
    reconciliation = None
    if district_emissions is not None and actor.role in (Role.ADMIN, Role.CLIMATE_OFFICE):
        reconciliation = reconcile(
            pl.concat([f.emissions.select(district_emissions.columns) for f in filings]),
            district_emissions,
            pack.territory,
            year,
            tolerance=tolerance,
        )
    return ComplianceOverview(
        territory=pack.territory,
        year=year,
        as_of=as_of,
        notice=pack.notice,
        reports=pl.DataFrame(report_rows),
        filings=tuple(filings),
        audit=tuple(audit),
        allocations=tuple(lines),
        accounts=tuple(accounts),
        ets=district_ets_view(accounts),
        pue=tuple(pue),
        obligations=tuple(due),
        disclosures=tuple(disclosures),
        credit=tuple(scores),
        joint_lists=joint_lists(scores),
        reconciliation=reconciliation,
        pue_edition=pue_edition,
    )
