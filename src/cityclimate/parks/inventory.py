"""A park's inventory: its members' accepted reports plus park-level data, with lineage to both.

The park is not a second calculator. Its rows are

``member``
    the emission rows of each member's accepted annual report (computed by the inventory
    engine from the member's ledgers; :mod:`cityclimate.enterprises.reports`), unchanged, for
    the members (or member facilities) inside the boundary version in force that year;
``park``
    the engine's rows for the park's own activity records (shared infrastructure: park
    boilers, the park's grid electricity for lighting, charging and storage losses …),
    computed by :func:`cityclimate.inventory.compute_emissions` with the same method;
``onsite``
    electricity generated inside the boundary and consumed there (park or member PV) that is
    in no member's purchased-electricity ledger: energy use without emissions;
``green_power``
    under the market-based method only, one row per green power contract or certificate:
    minus its MWh times the holder's grid factor (GHG Protocol Scope 2 Guidance, 2015, ch. 6);
``sold_attributes``
    under the market-based method only: on-site generation whose certificates were sold counts
    at the grid factor.

Each row keeps the engine's lineage (``record_id``, ``factor_id``) and adds ``origin``,
``holder`` (``park`` or the member's enterprise id) and ``source_ref`` (the filing id, the
park data set, the certificate id). Nothing is counted twice: a certificate id may appear once
in the whole electricity-attribute table (all holders and years), a holder cannot claim more
green MWh in a year than the grid electricity it used, and members' rows are taken as
reported, so the members' part of the park reconciles with their reports
(:func:`reconcile_members`).

Core indicator (national set, 单位能耗碳排放)::

    carbon_per_energy [t CO2/tce] = Σ CO2 [t] / Σ energy use [tce]

over all rows, CO2 only (direct and purchased electricity and heat); energy use includes the
on-site electricity at the method's electricity coefficient (GB/T 2589-2020: 0.1229 kgce/kWh
calorific equivalent). Clean-energy share = non-fossil electricity consumed (on-site, and under
the market-based method the green MWh claimed) in tce / Σ energy use in tce.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import polars as pl

from cityclimate.enterprises.model import Filing, FilingStatus
from cityclimate.errors import DataValidationError, Problem
from cityclimate.findings import Finding, Severity
from cityclimate.inventory import EMISSION_COLUMNS, Method, compute_emissions
from cityclimate.parks.attributes import (
    ATTRIBUTE_COLUMNS,
    INSTRUMENTS,
    PARK_COLUMNS,
    PARK_HOLDER,
    ROW_SCHEMA,
    attribute_rows,
    check_attributes,
)
from cityclimate.parks.model import ElectricityMethod, Park, ParkBoundary, boundary_for
from cityclimate.text import Text

__all__ = [
    "ATTRIBUTE_COLUMNS",
    "INSTRUMENTS",
    "PARK_COLUMNS",
    "ParkInventory",
    "check_attributes",
    "park_inventory",
    "reconcile_members",
]


@dataclass(frozen=True)
class ParkInventory:
    """A park's inventory of one year.

    Attributes
    ----------
    park_id, year:
        Whose and which year.
    boundary_version:
        The boundary version used.
    electricity_method:
        The stated method for purchased electricity.
    rows:
        :data:`PARK_COLUMNS` (t of gas, t CO2e, tce).
    missing_members:
        Members of the boundary without an accepted report for the year (not in ``rows``).
    findings:
        What a person should know (missing reports, claims capped …).
    """

    park_id: str
    year: int
    boundary_version: int
    electricity_method: ElectricityMethod
    rows: pl.DataFrame = field(repr=False)
    missing_members: tuple[str, ...] = ()
    findings: tuple[Finding, ...] = ()

    @property
    def complete(self) -> bool:
        """True when every member has an accepted report and no finding is an error."""
        return not self.missing_members and not any(
            f.severity is Severity.ERROR for f in self.findings
        )

    @property
    def co2_t(self) -> float:
        """CO2 in t (all origins)."""
        return float(self.rows.filter(gas="CO2")["emission_t"].sum())

    @property
    def co2e_t(self) -> float:
        """All gases in t CO2e."""
        return float(self.rows["co2e_t"].sum())

    @property
    def energy_tce(self) -> float:
        """Energy use in tce (members, park and on-site electricity)."""
        return float(self.rows["energy_tce"].fill_null(0.0).sum())

    @property
    def clean_energy_tce(self) -> float:
        """Non-fossil electricity consumed, tce (on-site; green power under market-based)."""
        clean = self.rows.filter(pl.col("origin").is_in(["onsite", "green_power_energy"]))
        return float(clean["clean_energy_tce"].fill_null(0.0).sum()) if clean.height else 0.0

    @property
    def carbon_per_energy(self) -> float | None:
        """The core indicator, t CO2 per tce of energy use (``None`` without energy use)."""
        energy = self.energy_tce
        return self.co2_t / energy if energy > 0 else None

    @property
    def clean_energy_share(self) -> float | None:
        """Clean-energy share of energy use (0–1; ``None`` without energy use)."""
        energy = self.energy_tce
        return self.clean_energy_tce / energy if energy > 0 else None

    def by_origin(self) -> pl.DataFrame:
        """t CO2, t CO2e and tce by origin and holder."""
        return (
            self.rows.group_by("origin", "holder")
            .agg(
                co2_t=pl.col("emission_t").filter(pl.col("gas") == "CO2").sum(),
                co2e_t=pl.col("co2e_t").sum(),
                energy_tce=pl.col("energy_tce").fill_null(0.0).sum(),
            )
            .sort("origin", "holder")
        )


def _member_rows(
    boundary: ParkBoundary,
    filings: Mapping[str, Filing],
    facility_of: Mapping[str, str],
    year: int,
) -> tuple[list[pl.DataFrame], list[str]]:
    parts: list[pl.DataFrame] = []
    missing: list[str] = []
    for member in boundary.members:
        filing = filings.get(member.enterprise_id)
        if filing is None or filing.status != FilingStatus.ACCEPTED or filing.year != year:
            missing.append(member.enterprise_id)
            continue
        rows = filing.emissions
        if member.facility_ids:
            ids = rows["record_id"].to_list()
            unknown = [r for r in ids if r not in facility_of]
            if unknown:
                raise DataValidationError(
                    [
                        Problem(
                            f"report {filing.filing_id}",
                            None,
                            "record_id",
                            unknown[0],
                            message=Text(
                                f"成员 {member.enterprise_id} 只有部分设施在园区内，但报告行"
                                f" {unknown[0]} 不知属于哪个设施：请提供台账行的设施编号",
                                f"only some facilities of {member.enterprise_id} are in the "
                                f"park, but report row {unknown[0]} names no facility: give "
                                "the facility of each ledger row",
                            ),
                        )
                    ]
                )
            keep = [facility_of[r] in member.facility_ids for r in ids]
            rows = rows.filter(pl.Series(keep, dtype=pl.Boolean))
        parts.append(
            rows.select(EMISSION_COLUMNS).with_columns(
                origin=pl.lit("member"),
                holder=pl.lit(member.enterprise_id),
                source_ref=pl.lit(filing.filing_id),
            )
        )
    return parts, missing


def park_inventory(
    park: Park,
    year: int,
    filings: Mapping[str, Filing],
    park_activities: pl.DataFrame,
    attributes: pl.DataFrame,
    method: Method | None = None,
    *,
    electricity_method: ElectricityMethod | None = None,
    facility_of: Mapping[str, str] | None = None,
) -> ParkInventory:
    """Compute a park's inventory of ``year``.

    Parameters
    ----------
    park, year:
        The park and the year (the boundary version in force that year is used).
    filings:
        Each member's counted report of the year by enterprise id (only accepted reports
        count; others make the member *missing*).
    park_activities:
        The park's own activity records (inventory activity columns), all years; rows of
        ``year`` are computed by the inventory engine with ``method``.
    attributes:
        Electricity attributes (:data:`ATTRIBUTE_COLUMNS`), all years: checked as a whole
        so an id is never used twice.
    method:
        The inventory method (the territory's; default :class:`~cityclimate.inventory.Method`).
    electricity_method:
        Location- or market-based (default: the park's stated choice).
    facility_of:
        Report ``record_id`` → facility id, needed when a member is only some facilities.

    Raises
    ------
    DataValidationError
        Bad park data or attributes (every problem listed; nothing computed).
    """
    method = method or Method()
    choice = electricity_method or park.electricity_method
    boundary = boundary_for(park, year)
    parts, missing = _member_rows(boundary, filings, facility_of or {}, year)
    own = park_activities.filter(pl.col("year") == year)
    if own.height:
        computed = compute_emissions(own, method, where=f"park data of {park.park_id}")
        parts.append(
            computed.select(EMISSION_COLUMNS).with_columns(
                origin=pl.lit("park"),
                holder=pl.lit(PARK_HOLDER),
                source_ref=pl.lit(f"park data of {park.park_id}"),
            )
        )
    rows = (
        pl.concat([pl.DataFrame(schema=ROW_SCHEMA), *parts], how="diagonal_relaxed")
        if parts
        else pl.DataFrame(schema=ROW_SCHEMA)
    )
    problems = check_attributes(attributes, boundary.enterprise_ids)
    if problems:
        raise DataValidationError(problems)
    this_year = attributes.filter(pl.col("year") == year)
    extra, findings = attribute_rows(park, year, rows, this_year, choice, method)
    rows = pl.concat([rows, extra], how="diagonal_relaxed")
    for eid in missing:
        findings.append(
            Finding(
                Severity.WARNING,
                "park_member_without_report",
                f"{park.park_id} {year} {eid}",
                Text(
                    f"成员企业 {eid} 没有 {year} 年已审定的排放报告，未计入园区清单",
                    f"member {eid} has no accepted report for {year}; it is not in the park's inventory",
                ),
                Text(
                    "请督促该企业提交报告并完成审定",
                    "ask the enterprise to file and have the report accepted",
                ),
            )
        )
    return ParkInventory(
        park_id=park.park_id,
        year=year,
        boundary_version=boundary.version,
        electricity_method=choice,
        rows=rows,
        missing_members=tuple(missing),
        findings=tuple(findings),
    )


def reconcile_members(inventory: ParkInventory, filings: Mapping[str, Filing]) -> pl.DataFrame:
    """The members' part of the park against their own accepted reports, member by member.

    Every ``member`` row of the park must be a row of the member's report with the same
    t CO2e (matched by ``record_id``), and the report's rows not in the park (facilities
    outside the boundary) are listed as outside::

        difference = report total − (in the park + outside)

    Returns
    -------
    polars.DataFrame
        enterprise_id, filing_id, report_co2e_t, in_park_co2e_t, outside_co2e_t,
        green_power_co2e_t (its market-based adjustments, shown apart), rows_changed (park rows
        whose t CO2e differs from the report's row, or that the report does not have),
        difference_co2e_t, agrees (no changed rows and |difference| ≤ 1e-6 relative).
    """
    members = inventory.rows.filter(pl.col("origin") == "member")
    adjustments = inventory.rows.filter(pl.col("origin").is_in(["green_power", "sold_attributes"]))
    out = []
    for eid in sorted(set(members["holder"].to_list())):
        filing = filings[eid]
        inside = members.filter(pl.col("holder") == eid).select("record_id", "gas", "co2e_t")
        report = filing.emissions.select("record_id", "gas", "co2e_t")
        joined = inside.join(report, on=["record_id", "gas"], how="left", suffix="_report")
        changed = joined.filter(
            pl.col("co2e_t_report").is_null()
            | ((pl.col("co2e_t") - pl.col("co2e_t_report")).abs() > 1e-9)
        ).height
        outside = report.join(inside, on=["record_id", "gas"], how="anti")
        report_total = float(report["co2e_t"].sum())
        in_park = float(inside["co2e_t"].sum())
        outside_total = float(outside["co2e_t"].sum())
        difference = report_total - (in_park + outside_total)
        out.append(
            {
                "enterprise_id": eid,
                "filing_id": filing.filing_id,
                "report_co2e_t": report_total,
                "in_park_co2e_t": in_park,
                "outside_co2e_t": outside_total,
                "green_power_co2e_t": float(
                    adjustments.filter(pl.col("holder") == eid)["co2e_t"].sum()
                ),
                "rows_changed": changed,
                "difference_co2e_t": difference,
                "agrees": changed == 0 and abs(difference) <= 1e-6 * max(1.0, abs(report_total)),
            }
        )
    return pl.DataFrame(
        out,
        schema={
            "enterprise_id": pl.String,
            "filing_id": pl.String,
            "report_co2e_t": pl.Float64,
            "in_park_co2e_t": pl.Float64,
            "outside_co2e_t": pl.Float64,
            "green_power_co2e_t": pl.Float64,
            "rows_changed": pl.Int64,
            "difference_co2e_t": pl.Float64,
            "agrees": pl.Boolean,
        },
        orient="row",
    )
