"""Sponge-city evaluation per drainage zone after GB/T 51345-2018.

GB/T 51345-2018 (海绵城市建设评价标准) evaluates a drainage zone (排水分区) against its items:
the **assessed** items (考核) decide whether the zone meets the standard; the **inspected**
items (考查: groundwater depth, heat island) are reported but do not decide it. A zone meets
the standard when every assessed item is evaluated and passes (a measured value at or above
its target for ``at_least`` items, a recorded pass for ``pass`` items). The share of the
built-up area meeting the standard (plan indicator 13) is

    share = Σ built-up area of the zones that meet / Σ built-up area of all zones × 100 %.

Items, kinds and sources: ``data/sponge_items.csv``.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from cityclimate.adaptation.catalogue import shipped_text
from cityclimate.errors import DataValidationError, Problem
from cityclimate.text import Text

KINDS = ("assessed", "inspected")
COMPARISONS = ("at_least", "at_most", "pass")
ZONE_COLUMNS = ("zone", "name_zh", "name_en", "area_km2", "built_up_km2")
EVALUATION_COLUMNS = ("zone", "item", "target", "measured", "passed", "source")


@dataclass(frozen=True)
class SpongeItem:
    item: str
    kind: str
    comparison: str
    unit: str
    name: Text
    source: str


@dataclass(frozen=True)
class ItemResult:
    item: SpongeItem
    target: float | None
    measured: float | None
    passed: bool
    source: str


@dataclass(frozen=True)
class ZoneResult:
    """One drainage zone's evaluation: ``meets`` decided by the assessed items only."""

    zone: str
    name: Text
    built_up_km2: float
    items: tuple[ItemResult, ...]
    missing: tuple[str, ...]

    @property
    def meets(self) -> bool:
        assessed = [r for r in self.items if r.item.kind == "assessed"]
        return not self.missing and all(r.passed for r in assessed)


def shipped_items() -> dict[str, SpongeItem]:
    """The GB/T 51345-2018 items (assessed and inspected), with their sources."""
    rows = csv.DictReader(io.StringIO(shipped_text("sponge_items.csv")))
    return {
        r["item"]: SpongeItem(
            r["item"], r["kind"], r["comparison"], r["unit"], Text.of(r, "name"), r["source"]
        )
        for r in rows
    }


def _number(text: object) -> float | None:
    if text is None or not str(text).strip():
        return None
    try:
        value = float(str(text))
    except ValueError:
        return math.nan
    return value


def evaluate_zones(
    zones: Sequence[Mapping[str, object]],
    evaluations: Sequence[Mapping[str, object]],
    items: Mapping[str, SpongeItem] | None = None,
    *,
    where: str = "sponge evaluations",
) -> list[ZoneResult]:
    """Evaluate each drainage zone.

    Parameters
    ----------
    zones:
        Rows with :data:`ZONE_COLUMNS` (areas in km²).
    evaluations:
        Rows with :data:`EVALUATION_COLUMNS`: ``target`` and ``measured`` for ``at_least`` /
        ``at_most`` items (in the item's unit), ``passed`` (``yes``/``no``) for ``pass`` items.
    items:
        The item catalogue (default :func:`shipped_items`).

    Raises
    ------
    DataValidationError
        Every bad row: unknown zone or item, a number that is not one, a pass that is not
        yes/no, an item evaluated twice for a zone, a zone whose built-up area exceeds its area.
    """
    catalogue = dict(items) if items is not None else shipped_items()
    problems: list[Problem] = []

    def bad(file: str, row: int | None, field: str, value: object, zh: str, en: str) -> None:
        problems.append(Problem(file, row, field, str(value), message=Text(zh, en)))

    known: dict[str, Mapping[str, object]] = {}
    for number, zone in enumerate(zones, start=1):
        area, built = _number(zone["area_km2"]), _number(zone["built_up_km2"])
        if area is None or not math.isfinite(area) or area <= 0:
            bad(
                "drainage zones",
                number,
                "area_km2",
                zone["area_km2"],
                "面积应为正数",
                "the area must be positive",
            )
        elif built is None or not math.isfinite(built) or not 0 <= built <= area:
            bad(
                "drainage zones",
                number,
                "built_up_km2",
                zone["built_up_km2"],
                "建成区面积应在0与分区面积之间",
                "the built-up area must lie between 0 and the zone's area",
            )
        known[str(zone["zone"])] = zone
    results: dict[str, list[ItemResult]] = {z: [] for z in known}
    seen: set[tuple[str, str]] = set()
    for number, row in enumerate(evaluations, start=1):
        zone_id, item_id = str(row["zone"]), str(row["item"])
        if zone_id not in known:
            bad(where, number, "zone", zone_id, "未知的排水分区", "unknown drainage zone")
            continue
        item = catalogue.get(item_id)
        if item is None:
            listed = ", ".join(catalogue)
            bad(
                where,
                number,
                "item",
                item_id,
                f"评价项应为：{listed}",
                f"the item must be one of: {listed}",
            )
            continue
        if (zone_id, item_id) in seen:
            bad(
                where,
                number,
                "item",
                item_id,
                "该分区的此项已评价过",
                "this item is already evaluated for the zone",
            )
            continue
        seen.add((zone_id, item_id))
        target, measured = _number(row.get("target")), _number(row.get("measured"))
        if item.comparison == "pass":
            flag = str(row.get("passed", "")).strip()
            if flag not in ("yes", "no"):
                bad(where, number, "passed", flag, "应为 yes 或 no", "must be yes or no")
                continue
            passed = flag == "yes"
        else:
            if (
                target is None
                or measured is None
                or not (math.isfinite(target) and math.isfinite(measured))
            ):
                bad(
                    where,
                    number,
                    "measured",
                    row.get("measured"),
                    "须给出目标值与实测值（数字）",
                    "give the target and the measured value as numbers",
                )
                continue
            passed = measured >= target if item.comparison == "at_least" else measured <= target
        results[zone_id].append(
            ItemResult(item, target, measured, passed, str(row.get("source", "")))
        )
    if problems:
        raise DataValidationError(problems)
    assessed = [i for i in catalogue.values() if i.kind == "assessed"]
    return [
        ZoneResult(
            zone=zone_id,
            name=Text(str(zone.get("name_zh", zone_id)), str(zone.get("name_en", zone_id))),
            built_up_km2=float(str(zone["built_up_km2"])),
            items=tuple(results[zone_id]),
            missing=tuple(i.item for i in assessed if (zone_id, i.item) not in seen),
        )
        for zone_id, zone in known.items()
    ]


def share_meeting(results: Sequence[ZoneResult]) -> tuple[float, float, float]:
    """(built-up area meeting the standard km², all built-up area km², share %)."""
    total = sum(r.built_up_km2 for r in results)
    meeting = sum(r.built_up_km2 for r in results if r.meets)
    if not total > 0:
        raise DataValidationError(
            [
                Problem(
                    "drainage zones",
                    None,
                    "built_up_km2",
                    str(total),
                    message=Text(
                        "建成区面积合计应为正数", "the built-up areas must add up to more than 0"
                    ),
                )
            ]
        )
    return meeting, total, meeting / total * 100.0
