"""Tests of cityclimate.inventory.versions: the life cycle (one published version per series),
drafts, immutable published versions, recalculation, diff."""

from __future__ import annotations

import dataclasses

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cityclimate.demo import liangjiang
from cityclimate.errors import DataValidationError
from cityclimate.inventory import Method
from cityclimate.inventory.versions import (
    LifeCycleError,
    PublishedVersionError,
    VersionState,
    check_recalculate,
    check_recompute,
    diff,
    draft,
    publish,
    publish_over,
    recalculate,
    recompute,
    start,
    supersede,
)
from tests.conftest import activity, frame

SERIES = frame(
    activity(year=2021, quantity=100.0, record_id="g21"),
    activity(year=2022, quantity=110.0, record_id="g22"),
    activity(
        year=2021,
        category="energy.electricity.industry",
        fuel="electricity",
        quantity=50.0,
        unit="MWh",
        record_id="e21",
    ),
    activity(
        year=2022,
        category="energy.electricity.industry",
        fuel="electricity",
        quantity=55.0,
        unit="MWh",
        record_id="e22",
    ),
)


def test_a_draft_can_be_recomputed() -> None:
    v1 = draft("500000", SERIES, Method())
    v1b = recompute(v1, SERIES.with_columns(pl.col("quantity") * 2))
    assert v1b.number == 1 and v1b.status == "draft"
    assert v1b.emissions["co2e_t"].sum() == pytest.approx(2 * v1.emissions["co2e_t"].sum())


def test_a_published_version_is_immutable() -> None:
    v1 = publish(draft("500000", SERIES, Method()), by="climate office")
    assert v1.status == "published" and v1.is_published and len(v1.checksum) == 64
    with pytest.raises(PublishedVersionError):
        recompute(v1, SERIES)
    with pytest.raises(PublishedVersionError):
        dataclasses.replace(v1, activities=SERIES.head(1))
    with pytest.raises(dataclasses.FrozenInstanceError):
        v1.method = Method(gwp_set="AR6")  # type: ignore[misc]
    # even a change behind the dataclass's back is caught when the version is checked
    object.__setattr__(v1, "emissions", v1.emissions.head(1))
    with pytest.raises(PublishedVersionError):
        v1.verify()


def test_recalculation_after_a_census_revision_reruns_the_whole_series() -> None:
    v1 = publish(draft("500000", SERIES, Method()), by="climate office")
    revised_2021 = SERIES.filter(pl.col("year") == 2021).with_columns(
        pl.when(pl.col("record_id") == "g21")
        .then(120.0)
        .otherwise(pl.col("quantity"))
        .alias("quantity")
    )
    v2 = recalculate(
        v1, reason="census_revision", note="2021 economic census", activities=revised_2021
    )
    assert (v2.number, v2.status, v2.parent, v2.reason) == (2, "draft", 1, "census_revision")
    assert sorted(v2.emissions["year"].unique()) == [2021, 2022]  # no year lost
    changes = diff(v1, v2).filter(pl.col("change_t") != 0)
    assert changes.select("category", "year").rows() == [("energy.manufacturing.combustion", 2021)]
    row = changes.row(0, named=True)
    assert row["change_pct"] == pytest.approx(20.0)
    assert row["new_co2e_t"] - row["old_co2e_t"] == pytest.approx(row["change_t"])
    assert "census" in row["reason"] and row["note"] == "2021 economic census"
    v2 = publish(v2, by="climate office")
    assert v2.status == "published" and v2.is_published
    old = supersede(v1, by=v2)
    assert old.status == "recalculated" and old.checksum == v1.checksum  # data untouched
    with pytest.raises(PublishedVersionError):
        recompute(old, SERIES)


def test_a_new_factor_applies_to_every_year() -> None:
    v1 = publish(draft("500000", SERIES, Method()), by="climate office")
    v2 = recalculate(v1, reason="new_factor", method=Method(gwp_set="AR6"))
    changed = diff(v1, v2).filter(pl.col("change_t") != 0)
    # CH4 and N2O of fuel combustion change in both years; CO2-only electricity does not
    assert changed.select("category", "year").rows() == [
        ("energy.manufacturing.combustion", 2021),
        ("energy.manufacturing.combustion", 2022),
    ]
    assert v2.method.gwp_set == "AR6"


def test_unknown_reason_is_refused() -> None:
    v1 = draft("500000", SERIES, Method())
    with pytest.raises(ValueError, match="reason"):
        recalculate(v1, reason="because")  # type: ignore[arg-type]


def test_the_demo_recalculated_without_change_has_an_all_zero_diff() -> None:
    v1 = publish(draft("LJ-2016", liangjiang.activities(), liangjiang.method()), by="x")
    v2 = recalculate(v1, reason="error_correction")
    assert diff(v1, v2)["change_t"].abs().max() == 0.0


# ------------------------------------------------------------------ the life cycle on its own


def test_numbers_follow_every_existing_version() -> None:
    assert start(()) == VersionState(1, "draft")
    existing = [VersionState(1, "recalculated"), VersionState(3, "published"), VersionState(2)]
    assert start(existing).number == 4


def test_a_recalculation_needs_the_published_version_and_a_reason() -> None:
    published = VersionState(3, "published")
    made = start([published], parent=published, reason="  census  ")
    assert made == VersionState(4, "draft", parent=3, reason="census")
    with pytest.raises(DataValidationError, match="reason"):
        start([published], parent=published, reason=" ")
    for status in ("draft", "recalculated"):
        with pytest.raises(LifeCycleError):
            start([published], parent=VersionState(1, status), reason="x")  # type: ignore[arg-type]
        with pytest.raises(LifeCycleError):
            check_recalculate(VersionState(1, status))  # type: ignore[arg-type]


def test_only_a_draft_is_recomputed_or_published() -> None:
    check_recompute(VersionState(1, "draft"))
    for status in ("published", "recalculated"):
        with pytest.raises(PublishedVersionError):
            check_recompute(VersionState(1, status))  # type: ignore[arg-type]
        with pytest.raises(LifeCycleError):
            publish_over(VersionState(1, status), None)  # type: ignore[arg-type]


def test_publishing_supersedes_the_published_version() -> None:
    new, old = publish_over(VersionState(2), VersionState(1, "published"))
    assert new == VersionState(2, "published") and old == VersionState(1, "recalculated")
    assert publish_over(VersionState(1), None) == (VersionState(1, "published"), None)
    with pytest.raises(LifeCycleError):
        publish_over(VersionState(3), VersionState(1, "recalculated"))


@given(st.lists(st.sampled_from(["compute", "recalculate", "publish_latest", "publish_first"])))
def test_any_sequence_of_steps_leaves_at_most_one_published_version(steps: list[str]) -> None:
    """A model of a series driven only through the life cycle; the invariant is counted by hand."""
    series: dict[int, VersionState] = {}

    def current() -> VersionState | None:
        return next((v for v in series.values() if v.status == "published"), None)

    for step in steps:
        if step == "compute":
            made = start(series.values())
            series[made.number] = made
        elif step == "recalculate":
            parent = current()
            if parent is None:
                continue
            made = start(series.values(), parent=parent, reason="new data")
            series[made.number] = made
        else:
            drafts = sorted(n for n, v in series.items() if v.status == "draft")
            if not drafts:
                continue
            chosen = drafts[-1] if step == "publish_latest" else drafts[0]
            new, old = publish_over(series[chosen], current())
            series[new.number] = new
            if old is not None:
                series[old.number] = old
        published = [n for n, v in series.items() if v.status == "published"]
        assert len(published) <= 1
    assert sorted(series) == list(range(1, len(series) + 1))
