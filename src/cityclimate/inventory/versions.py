"""Inventory versions: draft, published (immutable) and recalculated, with a per-category diff.

A *draft* may be recomputed as often as the data change. *Publishing* freezes a version: its
activity data and results are fingerprinted (SHA-256 of their Arrow IPC bytes) and any version
object whose data no longer match the fingerprint cannot be built, so a published version
cannot be changed in place or by :func:`dataclasses.replace`. A *recalculation* makes a new
version, with a stated reason, that reruns the **whole time series with one method** (IPCC 2006
Vol. 1 Ch. 5 "Time Series Consistency", s. 5.3: recalculations are made for all years so the
series stays consistent). :func:`diff` shows, per category and year, old, new, change and reason.

Pure data and functions: storing versions is the platform's job.

>>> from cityclimate.demo import liangjiang
>>> from cityclimate.inventory.versions import draft, publish, recalculate, diff
>>> v1 = publish(draft("LJ-2016", liangjiang.activities(), liangjiang.method()), by="climate office")
>>> v2 = recalculate(v1, reason="new_factor", note="grid factor revised", method=liangjiang.method())
>>> diff(v1, v2)["change_t"].abs().max()
0.0
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Literal

import polars as pl

from cityclimate.errors import CityClimateError
from cityclimate.inventory.engine import compute_emissions
from cityclimate.inventory.model import Method

__all__ = [
    "REASONS",
    "InventoryVersion",
    "PublishedVersionError",
    "diff",
    "draft",
    "fingerprint",
    "publish",
    "recalculate",
    "recompute",
]

Status = Literal["draft", "published", "recalculated"]
Reason = Literal["census_revision", "new_factor", "new_data", "error_correction", "method_change"]
#: Reasons a recalculation may give (IPCC 2006 Vol. 1 Ch. 5 s. 5.2: new methods, new data,
#: new factors, corrections), with their names in Chinese and English.
REASONS: dict[str, tuple[str, str]] = {
    "census_revision": ("经济普查后数据修订", "statistics revised after an economic census"),
    "new_factor": ("排放因子更新", "new or revised emission factor"),
    "new_data": ("补充新的活动水平数据", "new activity data (a source added)"),
    "error_correction": ("更正错误", "correction of an error"),
    "method_change": ("核算方法变更", "change of method"),
}

Compute = Callable[[pl.DataFrame, Method], pl.DataFrame]


class PublishedVersionError(CityClimateError):
    """A published inventory version was to be changed; make a recalculation instead."""


def fingerprint(activities: pl.DataFrame, emissions: pl.DataFrame) -> str:
    """SHA-256 (hex) of the activity data and the results, as Arrow IPC bytes."""
    digest = hashlib.sha256()
    for frame in (activities, emissions):
        buffer = io.BytesIO()  # in memory: no file is touched
        frame.write_ipc(buffer, compression="uncompressed")
        digest.update(buffer.getvalue())
    return digest.hexdigest()


@dataclass(frozen=True)
class InventoryVersion:
    """One version of a territory's inventory (all its years).

    Attributes
    ----------
    territory:
        Territory code.
    number:
        Version number, 1 for the first draft; a recalculation takes the next number.
    status:
        ``"draft"``, ``"published"`` or ``"recalculated"`` (a new version made from a
        published one; it may itself be published).
    method:
        The one method used for every year.
    activities:
        The activity records of every year.
    emissions:
        The engine's record-level emissions of every year.
    reason, note:
        For recalculations: one of :data:`REASONS` and a free-text explanation.
    parent:
        The number of the version this one recalculates.
    published_by, published_on:
        Who published it and when (published versions only).
    checksum:
        :func:`fingerprint` of the data, set when published; "" for drafts.
    """

    territory: str
    number: int
    status: Status
    method: Method
    activities: pl.DataFrame = field(repr=False)
    emissions: pl.DataFrame = field(repr=False)
    reason: str = ""
    note: str = ""
    parent: int | None = None
    published_by: str = ""
    published_on: date | None = None
    checksum: str = ""

    def __post_init__(self) -> None:
        if self.status == "published" or self.checksum:
            actual = fingerprint(self.activities, self.emissions)
            if actual != self.checksum:
                raise PublishedVersionError(
                    f"已发布的清单 v{self.number} 不可修改：请以重新计算生成新版本",
                    f"published inventory v{self.number} cannot be changed: "
                    "make a recalculation (a new version) instead",
                )

    @property
    def is_published(self) -> bool:
        """Whether the version is frozen."""
        return bool(self.checksum)

    def verify(self) -> None:
        """Raise :class:`PublishedVersionError` if a published version's data were altered."""
        self.__post_init__()

    def totals(self) -> pl.DataFrame:
        """t CO2e by territory, category and year (removals negative)."""
        return (
            self.emissions.group_by(["territory", "category", "year"])
            .agg(co2e_t=pl.col("co2e_t").sum())
            .sort(["territory", "category", "year"])
        )


def draft(
    territory: str,
    activities: pl.DataFrame,
    method: Method,
    *,
    compute: Compute = compute_emissions,
) -> InventoryVersion:
    """Compute a first draft (version 1) from activity records of any number of years."""
    return InventoryVersion(
        territory=territory,
        number=1,
        status="draft",
        method=method,
        activities=activities.clone(),
        emissions=compute(activities, method),
    )


def recompute(
    version: InventoryVersion,
    activities: pl.DataFrame | None = None,
    method: Method | None = None,
    *,
    compute: Compute = compute_emissions,
) -> InventoryVersion:
    """Recompute a draft (same number) with changed data or method.

    Raises
    ------
    PublishedVersionError
        When ``version`` is published: use :func:`recalculate`.
    """
    if version.is_published:
        raise PublishedVersionError(
            f"清单 v{version.number} 已发布，不能重算：请用重新计算（recalculate）并说明原因",
            f"inventory v{version.number} is published and cannot be recomputed: "
            "recalculate it (a new version, with a reason)",
        )
    acts = version.activities if activities is None else activities
    chosen = version.method if method is None else method
    return replace(version, method=chosen, activities=acts.clone(), emissions=compute(acts, chosen))


def publish(version: InventoryVersion, *, by: str, on: date | None = None) -> InventoryVersion:
    """Freeze a version: fingerprint its data; later changes raise :class:`PublishedVersionError`.

    A recalculated version keeps its status ``"recalculated"`` when published (so the series of
    versions says which were recalculations); its ``checksum`` marks it frozen.
    """
    if version.is_published:
        return version
    activities, emissions = version.activities.clone(), version.emissions.clone()
    return replace(
        version,
        status="published" if version.status == "draft" else version.status,
        activities=activities,
        emissions=emissions,
        published_by=by,
        published_on=on,
        checksum=fingerprint(activities, emissions),
    )


def recalculate(
    previous: InventoryVersion,
    *,
    reason: Reason,
    note: str = "",
    activities: pl.DataFrame | None = None,
    method: Method | None = None,
    compute: Compute = compute_emissions,
) -> InventoryVersion:
    """Make a new version that reruns the whole time series with one method.

    Parameters
    ----------
    previous:
        The version being recalculated (usually the published one).
    reason:
        One of :data:`REASONS`, e.g. ``"census_revision"`` or ``"new_factor"``.
    note:
        What changed, in the user's words.
    activities:
        Revised activity records. Years they do not cover keep the previous version's records,
        so the series never loses a year; every year is then recomputed.
    method:
        A new method (e.g. a revised factor set), applied to **every** year; by default the
        previous version's method.

    Returns
    -------
    InventoryVersion
        Number ``previous.number + 1``, status ``"recalculated"``, ``parent`` set.
    """
    if reason not in REASONS:
        raise ValueError(f"reason must be one of {sorted(REASONS)}")
    old = previous.activities
    if activities is None:
        merged = old
    else:
        revised_years = activities["year"].unique().implode()
        kept = old.filter(~pl.col("year").is_in(revised_years))
        merged = (
            pl.concat([kept, activities], how="diagonal_relaxed") if kept.height else activities
        )
    chosen = previous.method if method is None else method
    return InventoryVersion(
        territory=previous.territory,
        number=previous.number + 1,
        status="recalculated",
        method=chosen,
        activities=merged.clone(),
        emissions=compute(merged, chosen),
        reason=reason,
        note=note,
        parent=previous.number,
    )


def diff(old: InventoryVersion, new: InventoryVersion) -> pl.DataFrame:
    """Per territory, category and year: old and new t CO2e, the change and the reason.

    Returns
    -------
    polars.DataFrame
        ``territory, category, year, old_co2e_t, new_co2e_t, change_t, change_pct, reason,
        note``. A category present in one version only counts as 0 in the other;
        ``change_pct`` is null where the old value is 0. ``reason`` is the new version's
        reason with its Chinese and English names.
    """
    keys = ["territory", "category", "year"]
    joined = (
        old.totals()
        .rename({"co2e_t": "old_co2e_t"})
        .join(new.totals().rename({"co2e_t": "new_co2e_t"}), on=keys, how="full", coalesce=True)
        .with_columns(pl.col("old_co2e_t").fill_null(0.0), pl.col("new_co2e_t").fill_null(0.0))
    )
    zh, en = REASONS.get(new.reason, ("", ""))
    reason = f"{new.reason}: {zh} / {en}" if new.reason else ""
    return (
        joined.with_columns(change_t=pl.col("new_co2e_t") - pl.col("old_co2e_t"))
        .with_columns(
            change_pct=pl.when(pl.col("old_co2e_t") != 0)
            .then(100.0 * pl.col("change_t") / pl.col("old_co2e_t").abs())
            .otherwise(None),
            reason=pl.lit(reason),
            note=pl.lit(new.note),
        )
        .sort(keys)
    )
