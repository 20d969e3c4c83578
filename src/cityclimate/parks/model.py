"""Types of zero-carbon parks and low-carbon pilots: the park, its versioned boundary, its members.

A park (or a pilot community, campus, commercial or scenic area) is a territory of its own
kind: its boundary is not a line on a map but a list of members (registered enterprises, or
some of their facilities) plus the park's shared infrastructure (park power, heat, gas, PV,
storage, charging). A boundary is versioned like other boundaries: a new version applies from
a year on, and the inventory of a year uses the version in force that year.

Everything here is a frozen dataclass; tables (member reports, park activity data, green
power, sector data) are Polars DataFrames whose columns are declared in the modules that read
them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from cityclimate.errors import DataValidationError, Problem
from cityclimate.text import Text

__all__ = [
    "ASSET_KINDS",
    "ElectricityMethod",
    "Member",
    "Park",
    "ParkBoundary",
    "ParkKind",
    "SharedAsset",
    "boundary_for",
    "check_park",
]


class ParkKind(StrEnum):
    """What kind of territory a park or pilot is (selects the indicator sets that can apply)."""

    ZERO_CARBON_PARK = "zero_carbon_park"  # 零碳园区 (national)
    NEAR_ZERO_PARK = "near_zero_park"  # 近零碳园区 (Chongqing pilot)
    COMMUNITY = "community"  # 近零碳社区
    CAMPUS = "campus"  # 近零碳校园
    COMMERCIAL = "commercial"  # 近零碳商业区
    SCENIC = "scenic"  # 近零碳景区


class ElectricityMethod(StrEnum):
    """How purchased electricity is counted (GHG Protocol Scope 2 Guidance, 2015, ch. 4 and 6).

    ``location_based``: every MWh taken from the grid at the grid's average factor; green
    power contracts and certificates change nothing. ``market_based``: MWh covered by a green
    power contract (绿电交易) or a green electricity certificate (绿证) held by the park or a
    member count at zero, the rest at the grid factor; on-site generation whose certificates
    were sold counts at the grid factor (its attribute went with the certificate).
    """

    LOCATION = "location_based"
    MARKET = "market_based"


#: Kinds of shared park infrastructure.
ASSET_KINDS = ("power", "heat", "gas", "pv", "storage", "charging", "hydrogen", "other")


@dataclass(frozen=True)
class Member:
    """A registered enterprise inside the park: all of it, or only some of its facilities.

    Attributes
    ----------
    enterprise_id:
        The enterprise's id in the registry.
    facility_ids:
        The facilities inside the park; empty: the whole enterprise.
    """

    enterprise_id: str
    facility_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class SharedAsset:
    """A piece of shared park infrastructure (its data are the park-level activity records).

    Attributes
    ----------
    asset_id:
        Id inside the park (activity records of the park name it in ``data_source``).
    kind:
        One of :data:`ASSET_KINDS`.
    name_zh, name_en:
        Names.
    capacity, capacity_unit:
        Nameplate capacity (e.g. 12 MW, 20 MWh), if any.
    """

    asset_id: str
    kind: str
    name_zh: str
    name_en: str
    capacity: float | None = None
    capacity_unit: str | None = None


@dataclass(frozen=True)
class ParkBoundary:
    """One version of a park's boundary, in force from ``valid_from`` (a year) on.

    Attributes
    ----------
    version:
        1, 2, … in order of ``valid_from``.
    valid_from:
        First year this version applies to.
    members:
        The enterprises (or their facilities) inside.
    assets:
        The shared infrastructure.
    reason:
        Why this version was made (a member joined, a PV plant was built …).
    """

    version: int
    valid_from: int
    members: tuple[Member, ...]
    assets: tuple[SharedAsset, ...] = ()
    reason: str = ""

    @property
    def enterprise_ids(self) -> tuple[str, ...]:
        """The members' enterprise ids, in boundary order."""
        return tuple(m.enterprise_id for m in self.members)


@dataclass(frozen=True)
class Park:
    """A zero-carbon park or a low-carbon pilot.

    Attributes
    ----------
    park_id:
        Stable id (``LJ-ZCP``).
    name_zh, name_en:
        Names.
    kind:
        :class:`ParkKind`.
    territory:
        Code of the territory the park lies in (its grid region and default factors).
    indicator_set:
        Id of the indicator set the park is evaluated against (``data/indicator_sets.csv``).
    base_year, target_year:
        The base year of its construction plan (the national notice: 2025) and the year its
        target is due.
    boundaries:
        The boundary versions, oldest first.
    electricity_method:
        The stated choice for purchased electricity (:class:`ElectricityMethod`).
    illustrative:
        True for demo data.
    """

    park_id: str
    name_zh: str
    name_en: str
    kind: ParkKind
    territory: str
    indicator_set: str
    base_year: int
    target_year: int
    boundaries: tuple[ParkBoundary, ...] = field(default_factory=tuple)
    electricity_method: ElectricityMethod = ElectricityMethod.MARKET
    illustrative: bool = False

    @property
    def name(self) -> Text:
        """The park's name in both languages."""
        return Text(self.name_zh, self.name_en)


def boundary_for(park: Park, year: int) -> ParkBoundary:
    """The boundary version in force in ``year``: the latest with ``valid_from ≤ year``.

    Raises
    ------
    DataValidationError
        When no version applies (``year`` is before the first version).
    """
    in_force = [b for b in park.boundaries if b.valid_from <= year]
    if not in_force:
        first = min((b.valid_from for b in park.boundaries), default=None)
        raise DataValidationError(
            [
                Problem(
                    f"park {park.park_id}",
                    None,
                    "year",
                    str(year),
                    message=Text(
                        f"园区 {year} 年没有边界版本（最早的版本自 {first} 年起）：请选择其他年份或添加边界版本",
                        f"the park has no boundary version for {year} (the first applies from "
                        f"{first}): choose another year or add a boundary version",
                    ),
                )
            ]
        )
    return max(in_force, key=lambda b: (b.valid_from, b.version))


def check_park(park: Park) -> list[Problem]:
    """What is wrong with a park's definition (every problem, bilingual)."""
    where = f"park {park.park_id}"
    problems: list[Problem] = []

    def bad(field_name: str, value: str, zh: str, en: str) -> None:
        problems.append(Problem(where, None, field_name, value, message=Text(zh, en)))

    if not park.park_id.strip():
        bad("park_id", "", "园区编号为空：请填写编号", "the park id is empty: give an id")
    if not park.name_zh.strip():
        bad("name_zh", "", "园区中文名称为空：请填写名称", "the Chinese name is empty: give one")
    if park.target_year <= park.base_year:
        bad(
            "target_year",
            str(park.target_year),
            f"目标年 {park.target_year} 应晚于基准年 {park.base_year}",
            f"the target year {park.target_year} must be after the base year {park.base_year}",
        )
    if not park.boundaries:
        bad(
            "boundaries",
            "",
            "园区没有边界版本：请至少列出一个成员企业",
            "the park has no boundary: list at least one member",
        )
    versions = [b.version for b in park.boundaries]
    if len(set(versions)) != len(versions):
        bad("version", str(versions), "边界版本号重复", "boundary version numbers repeat")
    starts = [b.valid_from for b in park.boundaries]
    if len(set(starts)) != len(starts):
        bad(
            "valid_from",
            str(starts),
            "两个边界版本自同一年起生效：请合并为一个版本",
            "two boundary versions start in the same year: merge them",
        )
    for boundary in park.boundaries:
        ids = boundary.enterprise_ids
        for eid in sorted({e for e in ids if ids.count(e) > 1}):
            bad(
                "members",
                eid,
                f"成员企业 {eid} 在边界版本 {boundary.version} 中重复",
                f"member {eid} is listed twice in boundary version {boundary.version}",
            )
        if not boundary.members and not boundary.assets:
            bad(
                "members",
                "",
                f"边界版本 {boundary.version} 既无成员也无共享设施",
                f"boundary version {boundary.version} has neither members nor shared assets",
            )
        for asset in boundary.assets:
            if asset.kind not in ASSET_KINDS:
                bad(
                    "assets.kind",
                    asset.kind,
                    f"设施 {asset.asset_id} 的类型未知：应为 {', '.join(ASSET_KINDS)} 之一",
                    f"asset {asset.asset_id} has an unknown kind: use one of {', '.join(ASSET_KINDS)}",
                )
    return problems
