"""Product systems per GB/T 24067-2024 / ISO 14067:2018 as data (issue 16).

A :class:`ProductSystem` is a set of unit processes. Each :class:`Process` makes one reference
product (``output`` of it, in ``unit``) and may make co-products, partitioned by the system's
allocation rule (physical: by mass; economic: by value; ISO 14067 §6.4.6, the choice stated on
the result). Its :class:`Exchange` list holds technosphere inputs (another process's product,
amount per ``output``) and elementary flows to air (kg of a greenhouse gas by origin: fossil,
biogenic or land-use change, characterised with the inventory's GWP set).

Secondary datasets (a product emission-factor database entry: kg CO2e per unit with source,
region, year, version and licence) enter a system as processes with one output and one
``CO2e`` flow: :func:`Dataset.as_process`.

Data quality follows the PACT scheme (ratings 1 = good … 3 = poor for technology, time,
geography, completeness and reliability), rated per process; the result aggregates them by
contribution and states the share of primary data.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: Where a flow's carbon comes from (ISO 14067 §6.5: reported separately).
ORIGINS = ("fossil", "biogenic", "luc")
#: Allocation rules of a multi-output process (ISO 14067 §6.4.6.3).
ALLOCATIONS = ("physical", "economic")
#: System boundaries (GB/T 24067-2024 §6.3.4).
BOUNDARIES = ("cradle-to-gate", "cradle-to-grave")
#: Declared units: per piece (with its mass), per kg, per kWh.
DECLARED_UNITS = ("piece", "kg", "kWh")
#: The gas of a pre-characterised flow (a dataset's kg CO2e).
CO2E = "CO2e"


@dataclass(frozen=True)
class Quality:
    """PACT data-quality ratings, 1 (good) to 3 (poor); ``primary``: measured by the reporter."""

    technological: float = 2.0
    temporal: float = 2.0
    geographical: float = 2.0
    completeness: float = 2.0
    reliability: float = 2.0
    primary: bool = False


@dataclass(frozen=True)
class Uncertainty:
    """How an exchange amount varies in Monte Carlo runs.

    ``lognormal``: geometric standard deviation ``spread`` (> 1) around the amount; ``normal``:
    standard deviation ``spread``; ``triangular``: from ``low`` to ``high`` with the amount as
    mode."""

    kind: str
    spread: float = 0.0
    low: float = 0.0
    high: float = 0.0


@dataclass(frozen=True)
class Exchange:
    """An input of a product (``kind="technosphere"``, ``flow`` = the product's code) or an
    emission (``kind="biosphere"``, ``flow`` = the gas, e.g. ``CO2``, ``CH4``, ``N2O`` or
    ``CO2e``; ``origin`` fossil, biogenic or luc), per ``Process.output`` of the process.

    A biogenic CO2 removal (uptake in biomass) is a negative amount of biogenic ``CO2``."""

    flow: str
    amount: float
    unit: str
    kind: str = "technosphere"
    origin: str = "fossil"
    uncertainty: Uncertainty | None = None


@dataclass(frozen=True)
class Coproduct:
    """Another product of a multi-output process: its amount, mass (kg) and value (元) per
    ``Process.output``, which the allocation rule weighs."""

    product: str
    amount: float
    mass_kg: float
    value: float


@dataclass(frozen=True)
class Process:
    """A unit process making ``output`` ``unit`` of ``product``.

    ``mass_kg`` and ``value`` are those of the reference output (used only when the process has
    co-products); ``quality`` rates its data."""

    code: str
    name: str
    product: str
    output: float
    unit: str
    exchanges: tuple[Exchange, ...] = ()
    coproducts: tuple[Coproduct, ...] = ()
    mass_kg: float = 0.0
    value: float = 0.0
    quality: Quality = field(default_factory=Quality)
    region: str = ""
    source: str = ""


@dataclass(frozen=True)
class Dataset:
    """A secondary dataset of the product emission-factor database: ``factor`` kg CO2e per
    ``unit`` of ``product`` (fossil; ``biogenic`` kg CO2e per unit kept apart)."""

    code: str
    name: str
    unit: str
    factor: float
    source: str
    region: str = ""
    year: int | None = None
    version: str = ""
    licence: str = ""
    biogenic: float = 0.0
    quality: Quality = field(default_factory=lambda: Quality(2.0, 2.0, 2.0, 2.0, 2.0, False))

    def as_process(self) -> Process:
        """The dataset as a process making one ``unit`` of its product with its emissions."""
        flows = [Exchange(CO2E, self.factor, "kg", "biosphere", "fossil")]
        if self.biogenic:
            flows.append(Exchange(CO2E, self.biogenic, "kg", "biosphere", "biogenic"))
        return Process(self.code, self.name, self.code, 1.0, self.unit, tuple(flows),
                       quality=self.quality, region=self.region, source=self.source)  # fmt: skip


@dataclass(frozen=True)
class DeclaredUnit:
    """What the footprint is per: ``amount`` of ``kind`` (piece, kg or kWh) of the reference
    product; ``mass_per_piece_kg`` converts between pieces and kg."""

    kind: str = "piece"
    amount: float = 1.0
    mass_per_piece_kg: float | None = None


@dataclass(frozen=True)
class ProductSystem:
    """A product's system: its reference process, declared unit, boundary, cut-off and
    allocation rules (stated on the result) and its processes (datasets included)."""

    product: str
    name: str
    reference: str
    processes: tuple[Process, ...]
    declared_unit: DeclaredUnit = field(default_factory=DeclaredUnit)
    boundary: str = "cradle-to-gate"
    cut_off: str = (
        "flows below 1 % of mass and energy left out, 5 % in all (GB/T 24067-2024 §6.3.5)"
    )
    allocation: str = "physical"
    standard: str = "GB/T 24067-2024"
    gwp_set: str = "AR6"


@dataclass(frozen=True)
class FootprintResult:
    """A product's carbon footprint per declared unit (kg CO2e).

    ``total`` = ``fossil`` + ``biogenic`` + ``luc``; ``biogenic`` is reported separately as ISO
    14067 asks (emissions minus removals). ``by_process`` gives each process's contribution
    (kg CO2e) to ``total``; ``quality`` the contribution-weighted ratings; ``primary_share``
    the share of |contributions| from processes rated primary."""

    product: str
    declared_unit: DeclaredUnit
    total: float
    fossil: float
    biogenic: float
    luc: float
    by_process: dict[str, float]
    quality: dict[str, float]
    primary_share: float
    boundary: str
    allocation: str
    cut_off: str
    standard: str
    gwp_set: str
