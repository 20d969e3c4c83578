"""The mandatory disclosure form (企业环境信息依法披露) of a key enterprise for one year.

The form is built from an *accepted* report only (MISSION R9: published after acceptance) and
is plain data (:meth:`DisclosureForm.as_dict` gives JSON-ready content for the platform's
public page). Which fields are required, and for whom, is ``data/disclosure_fields.csv``;
:func:`missing_fields` lists the required ones left empty, which the credit rating counts.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import polars as pl

from cityclimate.enterprises import rules
from cityclimate.enterprises.ets import EtsAccount
from cityclimate.enterprises.model import Enterprise, Filing, FilingStatus, WorkflowError
from cityclimate.enterprises.reports import PueCheck, report_totals


@dataclass(frozen=True)
class DisclosureForm:
    """The content of one disclosure form (units: t CO2e, t, tce; PUE dimensionless)."""

    enterprise_id: str
    enterprise_name: str | None
    uscc: str | None
    industry: str | None
    sub_area: str | None
    year: int
    report_version: int
    total_co2e_t: float | None
    co2e_by_gas: dict[str, float] = field(default_factory=dict)
    energy_tce: float | None = None
    verifier: str | None = None
    emission_reduction_measures: str | None = None
    ets_allocation_t: float | None = None
    ets_surrendered_t: float | None = None
    pue: float | None = None
    illustrative: bool = False

    def as_dict(self) -> dict[str, object]:
        """The form as JSON-ready data."""
        return asdict(self)


def disclosure_form(
    enterprise: Enterprise,
    filing: Filing,
    *,
    measures: str | None = None,
    account: EtsAccount | None = None,
    pue: PueCheck | None = None,
) -> DisclosureForm:
    """Build the disclosure form of an accepted report.

    Parameters
    ----------
    enterprise:
        The enterprise (registry record).
    filing:
        Its accepted report of the year.
    measures:
        Emission-reduction measures taken, in the enterprise's words.
    account, pue:
        ETS account and PUE check, for ETS enterprises and data centres.

    Raises
    ------
    WorkflowError
        When the report is not accepted (nothing is published before acceptance).
    """
    if filing.status is not FilingStatus.ACCEPTED:
        raise WorkflowError(
            f"报告 {filing.filing_id} 尚未审定，不能公开披露",
            f"report {filing.filing_id} is not accepted yet: it cannot be disclosed",
        )
    totals = report_totals(filing.emissions)
    by_gas = totals["co2e_by_gas"]
    assert isinstance(by_gas, dict)
    return DisclosureForm(
        enterprise_id=enterprise.enterprise_id,
        enterprise_name=enterprise.name_zh,
        uscc=enterprise.uscc,
        industry=enterprise.industry,
        sub_area=enterprise.sub_area,
        year=filing.year,
        report_version=filing.version,
        total_co2e_t=float(str(totals["total_co2e_t"])),
        co2e_by_gas={str(k): float(v) for k, v in by_gas.items()},
        energy_tce=float(str(totals["energy_tce"])),
        verifier=filing.verifier,
        emission_reduction_measures=measures or None,
        ets_allocation_t=None if account is None else account.final_t,
        ets_surrendered_t=None if account is None else account.surrendered_t,
        pue=None if pue is None else pue.annual_pue,
        illustrative=enterprise.illustrative,
    )


def required_fields(enterprise: Enterprise, fields: pl.DataFrame | None = None) -> list[str]:
    """The fields this enterprise must disclose (all; ETS ones; data-centre ones)."""
    fields = rules.disclosure_fields() if fields is None else fields
    applies = {"all": True, "ets": enterprise.ets_controlled, "data_centre": enterprise.data_centre}
    return [r["field"] for r in fields.iter_rows(named=True) if applies[r["required_for"]]]


def missing_fields(
    form: DisclosureForm, enterprise: Enterprise, fields: pl.DataFrame | None = None
) -> list[str]:
    """The required fields of ``form`` that are empty (``None``, empty text or empty mapping)."""
    content = form.as_dict()
    return [f for f in required_fields(enterprise, fields) if content.get(f) in (None, "", {})]


def missing_share(
    form: DisclosureForm, enterprise: Enterprise, fields: pl.DataFrame | None = None
) -> float:
    """Share of the required fields left empty (0 = complete)."""
    required = required_fields(enterprise, fields)
    return len(missing_fields(form, enterprise, fields)) / len(required) if required else 0.0
