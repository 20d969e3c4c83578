"""Emissions trading for controlled enterprises: allocation, surrender, balance, compliance.

Allocation per product line, with the sector's method from ``data/ets_sectors.csv``:

benchmark method (e.g. the national ETS power sector, 国环规气候〔2020〕3号)::

    A = output × benchmark × adjustment

intensity method (historical intensity, as regional pilots use)::

    A = output × historical intensity × reduction factor × adjustment

The *preliminary* allocation uses the previous year's output times the sector's preliminary
share (70 % in the national plan); the *final* allocation uses the year's actual output; the
difference is issued or taken back. Compliance: allowances plus offsets (capped at the
sector's share of verified emissions) surrendered against verified emissions::

    shortfall = max(0, verified − surrendered allowances − min(offsets, cap × verified))
    balance   = final allocation + net purchases − surrendered allowances
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import polars as pl

from cityclimate.enterprises import rules
from cityclimate.enterprises.model import Enterprise
from cityclimate.errors import DataValidationError, Problem
from cityclimate.units import conversion_factor

#: Columns of the allocation inputs (per enterprise, year and product).
ALLOCATION_INPUT_COLUMNS = (
    "enterprise_id",
    "year",
    "product",
    "prior_output",
    "adjustment_factor",
    "adjustment_note",
    "historical_intensity",
)


@dataclass(frozen=True)
class AllocationLine:
    """Allowances of one product line of one enterprise and year.

    Attributes
    ----------
    enterprise_id, year, sector, product, method:
        Whose, which year, sector and product, ``benchmark`` or ``intensity``.
    output, prior_output, output_unit:
        The year's output (from the production ledger) and the previous year's, in the
        sector's product unit.
    factor_t_per_unit:
        Benchmark, or historical intensity × reduction factor (t CO2 or t CO2e per unit).
    adjustment_factor:
        Product of the adjustment factors (e.g. heat-supply correction), with ``adjustment_note``.
    preliminary_t, final_t:
        Preliminary and final allocation (t).
    source:
        Source of the sector's method and figures.
    """

    enterprise_id: str
    year: int
    sector: str
    product: str
    method: str
    output: float
    prior_output: float
    output_unit: str
    factor_t_per_unit: float
    adjustment_factor: float
    adjustment_note: str
    preliminary_t: float
    final_t: float
    source: str


def allocate(
    enterprise: Enterprise,
    production: pl.DataFrame,
    inputs: pl.DataFrame,
    year: int,
    *,
    sectors: pl.DataFrame | None = None,
) -> list[AllocationLine]:
    """Preliminary and final allocation of an ETS enterprise for ``year``.

    Parameters
    ----------
    enterprise:
        An ETS-controlled enterprise with its ``ets_sector``.
    production:
        Validated production ledger; the year's output per product is the sum of its months,
        converted to the sector's product unit.
    inputs:
        Allocation inputs (:data:`ALLOCATION_INPUT_COLUMNS`): previous year's output,
        adjustment factor and, for the intensity method, the historical intensity.
    year:
        Allocation year.
    sectors:
        Sector configuration (default :func:`cityclimate.enterprises.rules.ets_sectors`).

    Raises
    ------
    DataValidationError
        When an input row lacks what its method needs, or a product is not configured.
    """
    sectors = rules.ets_sectors() if sectors is None else sectors
    config = sectors.filter(sector=enterprise.ets_sector)
    mine = inputs.filter(
        (pl.col("enterprise_id") == enterprise.enterprise_id) & (pl.col("year") == year)
    )
    produced = production.filter(
        (pl.col("enterprise_id") == enterprise.enterprise_id) & (pl.col("year") == year)
    )
    lines: list[AllocationLine] = []
    problems: list[Problem] = []
    where = f"ETS allocation inputs: {enterprise.enterprise_id} {year}"
    for row in mine.iter_rows(named=True):
        product = row["product"]
        found = config.filter(product=product)
        if found.is_empty():
            problems.append(
                Problem(
                    where,
                    None,
                    "product",
                    product,
                    f"行业 {enterprise.ets_sector} 未配置该产品的分配方法",
                    f"sector {enterprise.ets_sector} has no allocation method for this product",
                )
            )
            continue
        sector = found.row(0, named=True)
        unit = sector["product_unit"]
        output = sum(
            q * conversion_factor(u, unit)
            for q, u in produced.filter(product=product).select("quantity", "unit").iter_rows()
        )
        if sector["method"] == "benchmark":
            factor = sector["benchmark"] * conversion_factor(sector["benchmark_unit"], f"t/{unit}")
        elif row.get("historical_intensity") is None:
            problems.append(
                Problem(
                    where,
                    None,
                    "historical_intensity",
                    "",
                    "强度法须给出历史排放强度（t/产品单位）",
                    "the intensity method needs the historical intensity (t per product unit)",
                )
            )
            continue
        else:
            factor = float(row["historical_intensity"]) * sector["reduction_factor"]
        adjustment = (
            1.0 if row.get("adjustment_factor") is None else float(row["adjustment_factor"])
        )
        prior = float(row["prior_output"] or 0.0)
        lines.append(
            AllocationLine(
                enterprise_id=enterprise.enterprise_id,
                year=year,
                sector=str(enterprise.ets_sector),
                product=product,
                method=sector["method"],
                output=output,
                prior_output=prior,
                output_unit=unit,
                factor_t_per_unit=factor,
                adjustment_factor=adjustment,
                adjustment_note=row.get("adjustment_note") or "",
                preliminary_t=sector["preliminary_share"] * prior * factor * adjustment,
                final_t=output * factor * adjustment,
                source=sector["source"],
            )
        )
    if problems:
        raise DataValidationError(problems)
    return lines


@dataclass(frozen=True)
class EtsAccount:
    """An ETS enterprise's compliance account for one year (t CO2 or t CO2e, per sector).

    Attributes
    ----------
    preliminary_t, final_t:
        Allocation; ``final_t − preliminary_t`` is issued (positive) or taken back.
    verified_t:
        Verified emissions of the covered gases.
    surrendered_t, offsets_surrendered_t, offsets_counted_t:
        Allowances surrendered; offsets surrendered and how many count (capped).
    net_purchased_t:
        Allowances bought minus sold.
    balance_t:
        Allowances left after surrender.
    shortfall_t:
        What is still owed.
    status:
        ``compliant``, ``shortfall`` or ``not_surrendered``.
    """

    enterprise_id: str
    year: int
    sector: str
    preliminary_t: float
    final_t: float
    verified_t: float
    surrendered_t: float
    offsets_surrendered_t: float
    offsets_counted_t: float
    net_purchased_t: float
    balance_t: float
    shortfall_t: float
    status: str

    @property
    def shortfall_share(self) -> float:
        """Shortfall as a share of verified emissions (0 when compliant)."""
        return self.shortfall_t / self.verified_t if self.verified_t > 0 else 0.0


def covered_emissions_t(
    emissions: pl.DataFrame, sector: str, sectors: pl.DataFrame | None = None
) -> float:
    """Emissions of a report that the sector's ETS covers: CO2 only (t) or all gases (t CO2e)."""
    sectors = rules.ets_sectors() if sectors is None else sectors
    gases = sectors.filter(sector=sector)["covered_gases"].first()
    if gases == "CO2":
        return float(emissions.filter(gas="CO2")["emission_t"].sum())
    return float(emissions["co2e_t"].sum())


def ets_account(
    lines: Iterable[AllocationLine],
    enterprise: Enterprise,
    year: int,
    *,
    verified_t: float,
    surrendered_t: float,
    offsets_surrendered_t: float = 0.0,
    net_purchased_t: float = 0.0,
    sectors: pl.DataFrame | None = None,
) -> EtsAccount:
    """Balance, shortfall and compliance status of one ETS enterprise and year.

    Offsets count up to ``offset_cap_share × verified_t`` (sector configuration).
    """
    sectors = rules.ets_sectors() if sectors is None else sectors
    caps = sectors.filter(sector=enterprise.ets_sector)["offset_cap_share"].to_list()
    cap_share = float(caps[0]) if caps else 0.0
    lines = list(lines)
    final = sum(line.final_t for line in lines)
    counted = min(offsets_surrendered_t, cap_share * verified_t)
    shortfall = max(0.0, verified_t - surrendered_t - counted)
    if surrendered_t + offsets_surrendered_t == 0 and verified_t > 0:
        status = "not_surrendered"
    else:
        status = "shortfall" if shortfall > 1e-9 else "compliant"
    return EtsAccount(
        enterprise_id=enterprise.enterprise_id,
        year=year,
        sector=str(enterprise.ets_sector),
        preliminary_t=sum(line.preliminary_t for line in lines),
        final_t=final,
        verified_t=verified_t,
        surrendered_t=surrendered_t,
        offsets_surrendered_t=offsets_surrendered_t,
        offsets_counted_t=counted,
        net_purchased_t=net_purchased_t,
        balance_t=final + net_purchased_t - surrendered_t,
        shortfall_t=shortfall,
        status=status,
    )


def district_ets_view(accounts: Iterable[EtsAccount]) -> pl.DataFrame:
    """The district's view of its ETS enterprises: one row per account, shortfalls first."""
    rows = [
        {
            "enterprise_id": a.enterprise_id,
            "year": a.year,
            "sector": a.sector,
            "preliminary_t": a.preliminary_t,
            "final_t": a.final_t,
            "verified_t": a.verified_t,
            "surrendered_t": a.surrendered_t,
            "offsets_counted_t": a.offsets_counted_t,
            "balance_t": a.balance_t,
            "shortfall_t": a.shortfall_t,
            "status": a.status,
        }
        for a in accounts
    ]
    schema: dict[str, type[pl.DataType]] = {
        "enterprise_id": pl.String,
        "year": pl.Int32,
        "sector": pl.String,
        "preliminary_t": pl.Float64,
        "final_t": pl.Float64,
        "verified_t": pl.Float64,
        "surrendered_t": pl.Float64,
        "offsets_counted_t": pl.Float64,
        "balance_t": pl.Float64,
        "shortfall_t": pl.Float64,
        "status": pl.String,
    }
    return pl.DataFrame(rows, schema=schema).sort(
        ["shortfall_t", "enterprise_id"], descending=[True, False]
    )
