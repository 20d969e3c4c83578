"""Zero-carbon parks and low-carbon pilots (pure core).

A park or pilot is a territory whose boundary is its members (registered enterprises or some
of their facilities) plus shared infrastructure, versioned by year (:mod:`.model`). Its
inventory is the members' accepted reports plus the park's own activity data computed by the
same inventory engine, with green power and certificates counted once under a stated
location- or market-based choice (:mod:`.inventory`). It is evaluated year by year against a
dated indicator set — the national zero-carbon park set (core indicator t CO2/tce with size
tiers), provincial and Chongqing pilot sets — with the path to its target year
(:mod:`.sets`, :mod:`.evaluation`). Sector pilot data (PV, distributed gas, CHP,
charging, hydrogen, fleets, shore power, truck retirement) are tracked by year (:mod:`.sector`).

Nothing here touches a database or a file of the user's: tables in, tables out.
"""

from cityclimate.parks.evaluation import EVALUATION_COLUMNS, evaluate_park, indicator_values
from cityclimate.parks.inventory import (
    ATTRIBUTE_COLUMNS,
    INSTRUMENTS,
    PARK_COLUMNS,
    ParkInventory,
    check_attributes,
    park_inventory,
    reconcile_members,
)
from cityclimate.parks.model import (
    ASSET_KINDS,
    ElectricityMethod,
    Member,
    Park,
    ParkBoundary,
    ParkKind,
    SharedAsset,
    boundary_for,
    check_park,
)
from cityclimate.parks.sector import (
    SECTOR_COLUMNS,
    onsite_attributes,
    sector_by_year,
    sector_measures,
    territory_sector,
    validate_sector,
)
from cityclimate.parks.sets import (
    Threshold,
    indicator_sets,
    indicators,
    set_indicators,
    thresholds,
    tier_for,
)
from cityclimate.parks.summary import evaluation_summary, inventory_totals

__all__ = [
    "ASSET_KINDS",
    "ATTRIBUTE_COLUMNS",
    "EVALUATION_COLUMNS",
    "INSTRUMENTS",
    "PARK_COLUMNS",
    "SECTOR_COLUMNS",
    "ElectricityMethod",
    "Member",
    "Park",
    "ParkBoundary",
    "ParkInventory",
    "ParkKind",
    "SharedAsset",
    "Threshold",
    "boundary_for",
    "check_attributes",
    "check_park",
    "evaluate_park",
    "evaluation_summary",
    "indicator_sets",
    "indicator_values",
    "indicators",
    "inventory_totals",
    "onsite_attributes",
    "park_inventory",
    "reconcile_members",
    "sector_by_year",
    "sector_measures",
    "set_indicators",
    "territory_sector",
    "thresholds",
    "tier_for",
    "validate_sector",
]
