"""Inventory versions: the one life cycle (draft → published → recalculated) and versions with data.

**The life cycle** (one state machine, used by this module's data-carrying versions and by the
platform's service, which loads the states from its database, calls these functions, saves what
they return and audits it):

- :func:`start` makes a *draft* with the next number; a draft made from a published version is a
  *recalculation* and must state its reason (IPCC 2006 Vol. 1 Ch. 5 s. 5.2: recalculations are
  documented with their reason).
- :func:`check_recompute`: only a draft may be recomputed; a published version is immutable.
- :func:`publish_over` publishes a draft and, in the same step, marks the version that was
  published for that territory and year ``"recalculated"`` (superseded, still readable): there is
  never more than one published version of a territory and year.
- :func:`check_recalculate`: only the current published version may be recalculated.

**Versions with data** (:class:`InventoryVersion`): a *draft* may be recomputed as often as the
data change. *Publishing* freezes a version: its activity data and results are fingerprinted
(SHA-256 of their Arrow IPC bytes) and any version object whose data no longer match the
fingerprint cannot be built, so a published version cannot be changed in place or by
:func:`dataclasses.replace`. A *recalculation* makes a new draft, with a stated reason, that
reruns the **whole time series with one method** (IPCC 2006 Vol. 1 Ch. 5 "Time Series
Consistency", s. 5.3: recalculations are made for all years so the series stays consistent).
:func:`diff` shows, per category and year, old, new, change and reason.

Pure data and functions: storing versions is the platform's job.

>>> import polars as pl
>>> gas = {"territory": "500000", "year": 2022, "category": "energy.manufacturing.combustion",
...     "fuel": "natural_gas", "quantity": 3.0, "unit": "10⁴Nm³"}
>>> activities = pl.DataFrame([gas, gas | {"year": 2021, "quantity": 2.5}])
>>> from cityclimate.inventory import Method
>>> from cityclimate.inventory.versions import draft, publish, recalculate, diff, supersede
>>> v1 = publish(draft("500000", activities, Method()), by="climate office")
>>> v2 = recalculate(v1, reason="new_factor", note="grid factor revised", method=Method())
>>> diff(v1, v2)["change_t"].abs().max()
0.0
>>> v2 = publish(v2, by="climate office")
>>> supersede(v1, by=v2).status
'recalculated'
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Literal

import polars as pl

from cityclimate.errors import CityClimateError, DataValidationError, Problem
from cityclimate.inventory.engine import compute_emissions
from cityclimate.inventory.model import Method

__all__ = [
    "REASONS",
    "STATUSES",
    "InventoryVersion",
    "LifeCycleError",
    "PublishedVersionError",
    "VersionState",
    "check_recalculate",
    "check_recompute",
    "diff",
    "draft",
    "fingerprint",
    "publish",
    "publish_over",
    "recalculate",
    "recompute",
    "start",
    "supersede",
]

Status = Literal["draft", "published", "recalculated"]
#: The states of a version: a draft (may be recomputed), the published version of its territory
#: and year (immutable), and a formerly published version superseded by a newer one (immutable,
#: still readable).
STATUSES: tuple[Status, ...] = ("draft", "published", "recalculated")
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


class LifeCycleError(CityClimateError):
    """A step the life cycle does not allow from the version's state (e.g. publish a published one)."""


class PublishedVersionError(LifeCycleError):
    """A published inventory version was to be changed; make a recalculation instead."""


# ------------------------------------------------------------------------------- the life cycle


@dataclass(frozen=True)
class VersionState:
    """What the life cycle knows of a version.

    Attributes
    ----------
    number:
        Version number within its series (1 for the first draft).
    status:
        One of :data:`STATUSES`.
    parent:
        Number of the version this one recalculates, or ``None``.
    reason:
        Why it was recalculated ("" for a first computation).
    """

    number: int
    status: Status = "draft"
    parent: int | None = None
    reason: str = ""


def start(
    existing: Iterable[VersionState], *, parent: VersionState | None = None, reason: str = ""
) -> VersionState:
    """A new draft numbered after every ``existing`` version of the series.

    Parameters
    ----------
    existing:
        The versions of the series so far (any status).
    parent:
        The published version this draft recalculates; a recalculation needs a ``reason``.
    reason:
        Why (stripped of surrounding blanks).

    Raises
    ------
    LifeCycleError
        ``parent`` is not the published version.
    DataValidationError
        A recalculation without a reason.
    """
    reason = reason.strip()
    if parent is not None:
        check_recalculate(parent)
        if not reason:
            raise DataValidationError(
                [
                    Problem(
                        "recalculation",
                        None,
                        "reason",
                        "",
                        "请说明重新计算的原因",
                        "state the reason for the recalculation",
                    )
                ]
            )
    number = max((v.number for v in existing), default=0) + 1
    return VersionState(number, "draft", parent.number if parent is not None else None, reason)


def check_recompute(version: VersionState) -> None:
    """Raise :class:`PublishedVersionError` unless ``version`` is a draft."""
    if version.status != "draft":
        raise PublishedVersionError(
            f"清单 v{version.number} 已发布，不可更改：请用“重新计算”生成新版本并说明原因",
            f"inventory v{version.number} is {version.status} and immutable: "
            "recalculate it (a new version, with a reason)",
        )


def check_recalculate(version: VersionState) -> None:
    """Raise :class:`LifeCycleError` unless ``version`` is the published one."""
    if version.status != "published":
        raise LifeCycleError(
            f"只能重新计算已发布的当前版本（v{version.number} 为 {version.status}）",
            f"only the current published version can be recalculated "
            f"(v{version.number} is {version.status})",
        )


def publish_over(
    version: VersionState, current: VersionState | None
) -> tuple[VersionState, VersionState | None]:
    """Publish a draft over the series' ``current`` published version.

    Returns
    -------
    tuple
        The published version, and ``current`` marked ``"recalculated"`` (``None`` if there was
        none): one published version per series, always.

    Raises
    ------
    LifeCycleError
        ``version`` is not a draft, or ``current`` is not published.
    """
    if version.status != "draft":
        raise LifeCycleError(
            f"清单 v{version.number} 状态为 {version.status}，只能发布草稿",
            f"inventory v{version.number} is {version.status}: only drafts can be published",
        )
    if current is not None and current.status != "published":
        raise LifeCycleError(
            f"清单 v{current.number} 不是已发布版本，不能被取代",
            f"inventory v{current.number} is not the published version and cannot be superseded",
        )
    superseded = replace(current, status="recalculated") if current is not None else None
    return replace(version, status="published"), superseded


# ------------------------------------------------------------------------------- versions with data


Compute = Callable[[pl.DataFrame, Method], pl.DataFrame]


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
        One of :data:`STATUSES`: ``"draft"``, ``"published"``, or ``"recalculated"`` (once
        published, superseded by a newer published version).
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
        """Whether the version is frozen (published, or published once and superseded)."""
        return bool(self.checksum)

    @property
    def state(self) -> VersionState:
        """Its place in the life cycle."""
        return VersionState(self.number, self.status, self.parent, self.reason)

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
    first = start(())
    return InventoryVersion(
        territory=territory,
        number=first.number,
        status=first.status,
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
    check_recompute(version.state)
    acts = version.activities if activities is None else activities
    chosen = version.method if method is None else method
    return replace(version, method=chosen, activities=acts.clone(), emissions=compute(acts, chosen))


def publish(version: InventoryVersion, *, by: str, on: date | None = None) -> InventoryVersion:
    """Freeze a draft: fingerprint its data; later changes raise :class:`PublishedVersionError`.

    The version it replaces (if any) is marked with :func:`supersede`.

    Raises
    ------
    LifeCycleError
        When ``version`` is not a draft.
    """
    published, _ = publish_over(version.state, None)
    activities, emissions = version.activities.clone(), version.emissions.clone()
    return replace(
        version,
        status=published.status,
        activities=activities,
        emissions=emissions,
        published_by=by,
        published_on=on,
        checksum=fingerprint(activities, emissions),
    )


def supersede(current: InventoryVersion, *, by: InventoryVersion) -> InventoryVersion:
    """``current`` marked ``"recalculated"`` once ``by`` (published) replaces it; data unchanged.

    Raises
    ------
    LifeCycleError
        When ``current`` is not published, or ``by`` is not.
    """
    if by.status != "published":
        raise LifeCycleError(
            f"清单 v{by.number} 尚未发布，不能取代 v{current.number}",
            f"inventory v{by.number} is not published and cannot supersede v{current.number}",
        )
    _, superseded = publish_over(replace(by.state, status="draft"), current.state)
    assert superseded is not None
    return replace(current, status=superseded.status)


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
        A draft numbered ``previous.number + 1`` with ``parent`` and ``reason`` set; publishing
        it and :func:`supersede` ``previous`` completes the recalculation.

    Raises
    ------
    LifeCycleError
        When ``previous`` is not published.
    """
    if reason not in REASONS:
        raise ValueError(f"reason must be one of {sorted(REASONS)}")
    state = start([previous.state], parent=previous.state, reason=reason)
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
        number=state.number,
        status=state.status,
        method=chosen,
        activities=merged.clone(),
        emissions=compute(merged, chosen),
        reason=state.reason,
        note=note,
        parent=state.parent,
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
