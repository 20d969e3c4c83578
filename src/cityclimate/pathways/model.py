"""Types of the carbon-peak pathway model (MISSION R5, R6).

The model is bottom-up, year by year: each *line* (an end use of one sector, e.g. passenger cars
in transport) has an activity *driver* (vehicle-km, floor area, value added …), an energy
intensity (tce per unit of driver) and fuel shares; emissions are energy × emission factor by
gas, plus process (non-energy) emissions and sinks. *Levers* (data, ``data/levers.toml``) change
drivers, intensities, fuel shares, local generation, process emissions or sinks. A *scenario*
(a TOML file) sets driver growth, intensity trends, the grid-factor trajectory and lever
strengths. Units are in the names: ``_tce`` tonnes of coal equivalent, ``_t`` tonnes (CO2e unless
said), ``_pct`` per cent, ``_pp`` percentage points.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
import polars as pl

from cityclimate.indicators import CityTarget
from cityclimate.text import Text

#: The five sectors of the plan's peak action (MISSION R5), in reporting order. Waste and sinks
#: are modelled too (as ``waste`` and ``sinks``) so that totals match the inventory.
SECTORS = ("industry", "energy", "buildings", "transport", "new_infrastructure")

#: Fuel slot of process (non-energy) emissions: industrial processes and waste.
NON_ENERGY = "non_energy"

#: Electricity: its factor follows the grid trajectory and local generation.
ELECTRICITY = "electricity"

FloatArray = np.ndarray[tuple[int, ...], np.dtype[np.float64]]


class LeverKind(StrEnum):
    """What a lever changes in the model (equations in :mod:`cityclimate.pathways.engine`)."""

    #: Local generation (distributed PV) displacing purchased electricity; amount in MW.
    LOCAL_GENERATION = "local_generation"
    #: Gas generation (CHP, distributed gas energy): burns gas, displaces purchased electricity.
    GAS_GENERATION = "gas_generation"
    #: A share of some fuels' energy in a line moves to another fuel (× energy ratio).
    FUEL_SWITCH = "fuel_switch"
    #: A line's energy intensity falls by a fraction.
    INTENSITY = "intensity"
    #: A PUE limit: intensity falls by 1 − limit / PUE before.
    PUE_LIMIT = "pue_limit"
    #: A share of one line's activity moves to another line (× activity ratio).
    MODE_SHIFT = "mode_shift"
    #: Process (non-energy) emissions of a line fall by a fraction.
    PROCESS_ABATEMENT = "process_abatement"
    #: New sink area (ha) removing CO2 at a rate per ha.
    SINK = "sink"

    @property
    def is_fraction(self) -> bool:
        """True when the lever's effect at full strength is a fraction that must stay ≤ 1."""
        return self in (
            LeverKind.FUEL_SWITCH,
            LeverKind.INTENSITY,
            LeverKind.PUE_LIMIT,
            LeverKind.MODE_SHIFT,
            LeverKind.PROCESS_ABATEMENT,
        )


@dataclass(frozen=True)
class Lever:
    """One lever as defined in ``levers.toml``.

    Attributes
    ----------
    id, name_zh, name_en, sector:
        Identity; ``sector`` is one of :data:`SECTORS` or ``"sinks"``.
    kind:
        :class:`LeverKind`.
    lines:
        Lines it acts on (for generation levers: the line that burns the gas, or none).
    amount, amount_unit, amount_unit_zh:
        Full effect at strength 1 (a fraction, MW, ha, or the PUE limit) and what it is, in
        English and Chinese.
    parameters:
        The kind's other parameters: ``full_load_hours`` (h/yr), ``heat_rate_tce_per_mwh``,
        ``energy_ratio`` (tce of the new fuel per tce of the old), ``activity_ratio``,
        ``pue_before``, ``removal_t_per_ha`` (t CO2/ha/yr).
    from_fuels, to_fuel, to_line:
        For fuel switches and mode shifts.
    start_year, ramp_years:
        Default start and years to full effect (linear ramp).
    cost_yuan_per_t:
        Cost per t CO2e avoided, or ``None`` when unknown.
    outcome_sd:
        Standard deviation of the achieved effect as a fraction of the planned one.
    source, illustrative:
        Where the values come from; ``True`` when invented for the demo.
    """

    id: str
    name_zh: str
    name_en: str
    sector: str
    kind: LeverKind
    lines: tuple[str, ...]
    amount: float
    amount_unit: str
    parameters: Mapping[str, float]
    from_fuels: tuple[str, ...]
    to_fuel: str | None
    to_line: str | None
    start_year: int
    ramp_years: int
    cost_yuan_per_t: float | None
    outcome_sd: float
    source: str
    illustrative: bool
    amount_unit_zh: str = ""

    @property
    def effect_at_full(self) -> float:
        """The effect at strength 1: ``amount``, or 1 − limit / PUE before for a PUE limit."""
        if self.kind is LeverKind.PUE_LIMIT:
            return 1.0 - self.amount / self.parameters["pue_before"]
        return self.amount

    @property
    def max_strength(self) -> float:
        """Largest allowed strength: a fraction may not exceed 1; other kinds up to 10×."""
        if self.kind.is_fraction:
            return 1.0 / self.effect_at_full if self.effect_at_full > 0 else 10.0
        return 10.0


@dataclass(frozen=True)
class LeverSetting:
    """A scenario's setting of one lever: strength (0 = off), start year and ramp years."""

    strength: float
    start_year: int
    ramp_years: int


@dataclass(frozen=True)
class DriverPath:
    """Growth of one activity driver.

    Attributes
    ----------
    growth_pct:
        From-year → growth in % per year, applying from that year until the next key.
    uncertainty_pp:
        Standard deviation of the growth in percentage points (Monte Carlo).
    """

    growth_pct: Mapping[int, float]
    uncertainty_pp: float


@dataclass(frozen=True)
class Scenario:
    """A pathway scenario, after inheritance and validation.

    Attributes
    ----------
    name, title_zh, title_en:
        Identity.
    structure:
        Name of the shipped model structure (lines, drivers, allocation), e.g. ``"liangjiang"``.
    base_year, end_year:
        The base year (an inventory year) and the horizon.
    drivers:
        Driver name → :class:`DriverPath`.
    intensity_change_pct, intensity_uncertainty_pp:
        Line → autonomous change of energy intensity in %/yr, and its standard deviation.
    grid_factor_change_pct, grid_uncertainty_pp:
        Change of the imported grid factor in %/yr, and its standard deviation.
    levers:
        Lever id → :class:`LeverSetting` (levers not listed are off).
    city_targets:
        Targets set by the city for ``set_by_city`` indicators.
    illustrative, note:
        Whether the assumptions are invented for a demo, and a remark.
    files:
        The files read, the scenario's own first, then what it inherits.
    """

    name: str
    title_zh: str
    title_en: str
    structure: str
    base_year: int
    end_year: int
    drivers: Mapping[str, DriverPath]
    intensity_change_pct: Mapping[str, float]
    intensity_uncertainty_pp: float
    grid_factor_change_pct: float
    grid_uncertainty_pp: float
    levers: Mapping[str, LeverSetting]
    city_targets: tuple[CityTarget, ...] = ()
    illustrative: bool = False
    note: str = ""
    files: tuple[str, ...] = ()

    @property
    def years(self) -> range:
        """The modelled years, base year to horizon inclusive."""
        return range(self.base_year, self.end_year + 1)


@dataclass(frozen=True)
class Line:
    """One line of the model: an end use of a sector with its activity driver."""

    id: str
    sector: str
    driver: str
    energy: bool
    name_zh: str
    name_en: str


@dataclass(frozen=True)
class Driver:
    """An activity driver with its base-year value and unit."""

    id: str
    unit: str
    base_year: int
    base_value: float
    name_zh: str
    name_en: str
    illustrative: bool
    source: str


@dataclass(frozen=True)
class PathwayStructure:
    """The model structure of a territory: drivers, lines and how the inventory maps onto them.

    Attributes
    ----------
    name:
        E.g. ``"liangjiang"``.
    drivers, lines:
        Keyed by id.
    allocation:
        ``category`` (exact, or a prefix ending in ``*``), ``fuel`` (or ``*``), ``line``,
        ``share``: how the inventory's records are split over lines.
    sector_value_added:
        ``sector``, ``value_added_driver``, ``share_of_driver``: each sector's value added as a
        share of a driver (for the LMDI structure effect of modelled years).
    hydrogen_co2_t_per_tce, hydrogen_source:
        Emission factor of hydrogen (not in the base-year inventory) and its source.
    """

    name: str
    drivers: Mapping[str, Driver]
    lines: Mapping[str, Line]
    allocation: pl.DataFrame
    sector_value_added: pl.DataFrame
    hydrogen_co2_t_per_tce: float
    hydrogen_source: str


@dataclass(frozen=True)
class Calibration:
    """The base year of the model, taken from the inventory (arrays indexed line × fuel × gas).

    Attributes
    ----------
    base_year:
        Inventory year.
    lines, fuels, gases:
        Axis labels; the last fuel is :data:`NON_ENERGY`.
    line_sector, line_driver:
        Sector and driver of each line.
    driver_base:
        Base-year value of each line's driver.
    energy_tce:
        Base-year energy use, line × fuel (tce; electricity at its calorific equivalent).
    emission_factor_t_per_tce:
        t CO2e per tce, line × fuel × gas, from the inventory (base-year emissions / energy);
        where a line did not use a fuel, the fuel's average over lines (hydrogen: the structure's
        factor).
    process_co2e_t:
        Base-year non-energy emissions, line × gas (t CO2e).
    removals_t:
        Base-year removals by sinks (t CO2, negative).
    kgce_per_kwh:
        Calorific equivalent of electricity used by the inventory (GB/T 2589).
    """

    base_year: int
    lines: tuple[str, ...]
    fuels: tuple[str, ...]
    gases: tuple[str, ...]
    line_sector: tuple[str, ...]
    line_driver: tuple[str, ...]
    driver_base: FloatArray
    energy_tce: FloatArray
    emission_factor_t_per_tce: FloatArray
    process_co2e_t: FloatArray
    removals_t: float
    kgce_per_kwh: float


@dataclass(frozen=True)
class Peak:
    """Peak of gross emissions within the horizon.

    ``year`` is the year of the highest gross emissions (the first if tied); ``within_horizon``
    is False when that is the last modelled year (emissions may still be rising).
    """

    year: int
    co2e_t: float
    within_horizon: bool


@dataclass(frozen=True)
class TargetOutcome:
    """Whether an intensity-reduction target is met, read from the indicator definition.

    Attributes
    ----------
    indicator_id, name_zh, name_en:
        The indicator (from :mod:`cityclimate.indicators`).
    base_year, target_year, target_pct, target_source:
        The target: cumulative reduction (%) from the definition's base year to its target year.
    reduction_at_target_year_pct:
        Modelled cumulative reduction in the target year.
    met:
        Whether the target is met in the target year.
    first_year_met:
        First modelled year after the base year with the reduction ≥ the target, or ``None``.
    """

    indicator_id: str
    name_zh: str
    name_en: str
    base_year: int
    target_year: int
    target_pct: float
    target_source: str
    reduction_at_target_year_pct: float
    met: bool
    first_year_met: int | None


@dataclass(frozen=True)
class PathwayResult:
    """Result of one scenario.

    Attributes
    ----------
    scenario:
        The scenario run.
    emissions:
        ``year, sector, line, fuel, gas, co2e_t`` (gross; sinks are in ``totals``).
    energy:
        ``year, sector, line, fuel, energy_tce``.
    totals:
        Per year: ``gross_co2e_t``, ``removals_t`` (≤ 0), ``net_co2e_t``, ``energy_tce``
        (without double-counting locally generated electricity), ``energy_co2_t`` (CO2 of
        energy use, for the CO2-intensity indicator), ``gdp_10k_yuan``,
        ``co2_intensity_t_per_10k_yuan``, ``energy_intensity_tce_per_10k_yuan``.
    drivers:
        ``year, driver, value``: every driver (GDP in 万元 at base-year prices …).
    activity:
        ``year, line, driver, activity``: each line's activity after mode shifts.
    peak:
        :class:`Peak` of the district's gross emissions.
    sector_peaks:
        ``sector, peak_year, peak_co2e_t, within_horizon``: the peak of each sector's gross
        emissions (MISSION R5 asks for a pathway per sector).
    targets:
        One :class:`TargetOutcome` per intensity indicator with a target.
    idle_levers:
        Lever id → why it acts on nothing in this territory, for each lever the scenario
        turns on that reaches nothing in the calibration (:mod:`cityclimate.pathways.reach`).
    """

    scenario: Scenario
    emissions: pl.DataFrame
    energy: pl.DataFrame
    totals: pl.DataFrame
    drivers: pl.DataFrame
    activity: pl.DataFrame
    peak: Peak
    sector_peaks: pl.DataFrame
    targets: tuple[TargetOutcome, ...] = field(default_factory=tuple)
    idle_levers: Mapping[str, Text] = field(default_factory=dict)
