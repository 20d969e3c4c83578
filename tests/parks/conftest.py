"""Hand-made members, reports and park data for the park tests (figures chosen to add up by hand)."""

from __future__ import annotations

from datetime import UTC, datetime

import polars as pl

from cityclimate.enterprises.model import Filing, FilingStatus
from cityclimate.inventory import EMISSION_COLUMNS
from cityclimate.parks import ATTRIBUTE_COLUMNS, Member, Park, ParkBoundary, ParkKind, SharedAsset

YEAR = 2022
TERRITORY = "500000"


def emission_row(record_id: str, enterprise: str, **values: object) -> dict[str, object]:
    row: dict[str, object] = dict.fromkeys(EMISSION_COLUMNS)
    row.update(
        record_id=record_id,
        territory=TERRITORY,
        year=YEAR,
        gas="CO2",
        gwp=1.0,
        enterprise_id=enterprise,
        factor_id=f"factor-{record_id}",
    )
    row.update(values)
    return row


def filing(enterprise: str, rows: list[dict[str, object]], status: str = "accepted") -> Filing:
    frame = pl.DataFrame(rows, orient="row", infer_schema_length=None)
    return Filing(
        filing_id=f"{enterprise}-{YEAR}-v1",
        enterprise_id=enterprise,
        year=YEAR,
        version=1,
        status=FilingStatus(status),
        emissions=frame,
        accepted_at=datetime(2023, 3, 1, tzinfo=UTC) if status == "accepted" else None,
    )


def member_filings() -> dict[str, Filing]:
    """A: gas 100 t CO2 / 50 tce and grid electricity 1 000 MWh = 500 t CO2 / 122.9 tce;
    B: 200 t CO2 / 80 tce (facility F1) and CH4 10 t CO2e (facility F2);
    C: a report still submitted (not accepted)."""
    gas = {"fuel": "natural_gas", "category": "energy.manufacturing.combustion"}
    grid = {"fuel": "electricity", "category": "energy.electricity.industry"}
    a = [
        emission_row(
            "A-1",
            "A",
            **gas,
            emission_t=100.0,
            co2e_t=100.0,
            energy_tce=50.0,
            activity_value=20.0,
            activity_unit="10⁴Nm³",
        ),
        emission_row(
            "A-2",
            "A",
            **grid,
            emission_t=500.0,
            co2e_t=500.0,
            energy_tce=122.9,
            activity_value=1_000_000.0,
            activity_unit="kWh",
            factor_value=0.0005,
        ),
    ]
    b = [
        emission_row(
            "B-1",
            "B",
            **gas,
            emission_t=200.0,
            co2e_t=200.0,
            energy_tce=80.0,
            activity_value=40.0,
            activity_unit="10⁴Nm³",
        ),
        emission_row(
            "B-2",
            "B",
            **gas,
            gas="CH4",
            gwp=28.0,
            emission_t=10.0 / 28.0,
            co2e_t=10.0,
            energy_tce=None,
            activity_value=2.0,
            activity_unit="10⁴Nm³",
        ),
    ]
    c = [emission_row("C-1", "C", **gas, emission_t=999.0, co2e_t=999.0, energy_tce=99.0)]
    return {"A": filing("A", a), "B": filing("B", b), "C": filing("C", c, status="submitted")}


def park(members: tuple[Member, ...] | None = None) -> Park:
    members = members or (Member("A"), Member("B"), Member("C"))
    return Park(
        park_id="P",
        name_zh="测试园区",
        name_en="test park",
        kind=ParkKind.ZERO_CARBON_PARK,
        territory=TERRITORY,
        indicator_set="national_zcp_2025",
        base_year=2022,
        target_year=2030,
        boundaries=(
            ParkBoundary(1, 2020, (Member("A"),), reason="founded"),
            ParkBoundary(
                2,
                2022,
                members,
                (SharedAsset("PV1", "pv", "园区光伏", "park PV", 1.0, "MW"),),
                reason="B and C joined",
            ),
        ),
    )


def park_activities() -> pl.DataFrame:
    """The park's own grid electricity: 100 MWh at a measured 0.6 t/MWh = 60 t CO2, 12.29 tce."""
    return pl.DataFrame(
        {
            "record_id": ["P-1"],
            "territory": [TERRITORY],
            "year": [YEAR],
            "category": ["energy.electricity.commercial"],
            "fuel": ["electricity"],
            "quantity": [100.0],
            "unit": ["MWh"],
            "measured_factor": [0.6],
            "measured_factor_unit": ["t/MWh"],
        }
    )


def attributes(*rows: tuple[str, str, str, float, float]) -> pl.DataFrame:
    return pl.DataFrame(
        [
            {
                "attribute_id": ident,
                "holder": holder,
                "year": YEAR,
                "instrument": instrument,
                "mwh": mwh,
                "certificates_sold_mwh": sold,
                "source": "test",
            }
            for ident, holder, instrument, mwh, sold in rows
        ],
        schema=ATTRIBUTE_COLUMNS,
        orient="row",
    )


def standard_attributes() -> pl.DataFrame:
    """A holds a 400 MWh certificate; the park's PV gives 300 MWh used on site, 100 MWh of it
    with the certificates sold."""
    return attributes(
        ("GEC-1", "A", "certificate", 400.0, 0.0),
        ("PV-2022", "park", "onsite_generation", 300.0, 100.0),
    )
