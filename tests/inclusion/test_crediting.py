"""The crediting job: each anti-fraud rule, the caps, points vs reductions (figures by hand)."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from cityclimate.inclusion import InclusionError, credit_events, methodologies, methods_frame
from tests.inclusion.conftest import events

AS_OF = date(2025, 4, 15)
METHODS = methods_frame(methodologies())


def run(frame: pl.DataFrame, **kw: object) -> pl.DataFrame:
    return credit_events(frame, METHODS, as_of=AS_OF, **kw).events  # type: ignore[arg-type]


def test_a_metro_trip_earns_the_mean_method_reduction_and_points() -> None:
    out = run(events({}))
    # 0.5155 kg/trip x (1 - 0.10) = 0.46395 kg -> 463 g; 10 points/kg -> 4.63 -> 4 points
    assert out.select("status", "method_id", "method_version", "reduction_g", "points").row(0) == (
        "credited", "metro_mean", 1, 463, 4)  # fmt: skip


def test_a_bus_trip_is_credited_per_km() -> None:
    out = run(events({"behaviour": "bus", "source": "bus", "distance_km": 8.0, "duration_s": 1800}))
    # (0.12 - 0.045) kg/pkm x 8 km x 0.9 = 0.54 kg -> 540 g (floating point may give 539.99…)
    assert out["reduction_g"][0] in (539, 540)
    assert out["points"][0] == out["reduction_g"][0] * 10_000 // 1_000_000


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ({"behaviour": "teleport"}, "no_method"),
        ({"occurred_on": date(2023, 12, 31)}, "no_method"),
        ({"behaviour": "bus", "distance_km": 0.0}, "bad_quantity"),
        ({"behaviour": "bus", "distance_km": None}, "bad_quantity"),
        ({"duration_s": None}, "bad_quantity"),
        ({"location_consent": False}, "no_consent"),
        # 30 km in 10 minutes is 180 km/h, above the metro's 120
        ({"distance_km": 30.0}, "impossible_speed"),
        ({"distance_km": 90.0, "duration_s": 3600 * 2}, "outlier"),
        ({"behaviour": "waste_sorting", "quantity": 80.0, "location_consent": False}, "outlier"),
        ({"held": True}, "flagged"),
    ],
)
def test_every_rejected_or_held_event_names_its_reason(row: dict[str, object], reason: str) -> None:
    out = run(events(row))
    assert out["reason"][0] == reason
    assert out["status"][0] == ("held" if reason == "flagged" else "rejected")
    assert (out["points"][0], out["reduction_g"][0]) == (0, 0)


def test_waste_sorting_needs_no_location_consent() -> None:
    out = run(events({"behaviour": "waste_sorting", "quantity": 10.0, "location_consent": False}))
    # 0.1 kg/kg x 10 kg x (1 - 0.2) = 0.8 kg -> 800 g -> 8 points
    assert out.select("status", "reduction_g", "points").row(0) == ("credited", 800, 8)


def test_duplicates_by_source_and_event_id_keep_the_first_received() -> None:
    frame = events({}, {}, {"source": "bus", "behaviour": "bus", "duration_s": 900})
    frame = frame.with_columns(pl.Series("event_id", ["x", "x", "x"]),
                               pl.Series("received_seq", [5, 2, 9]))  # fmt: skip
    out = run(frame)
    # rows in the order received: seq 2 (first), seq 5 (its repeat), seq 9 (bus x: other source)
    assert out["received_seq"].to_list() == [2, 5, 9]
    assert out["reason"].to_list() == [None, "duplicate", None]


def test_settlement_delay_keeps_recent_events_pending() -> None:
    out = run(events({"occurred_on": date(2025, 4, 9)}, {"occurred_on": date(2025, 4, 7)}))
    # as_of 2025-04-15 minus 7 days = 2025-04-08: the 9th is pending, the 7th credited
    assert out["status"].to_list() == ["pending", "credited"]


def test_daily_cap_then_monthly_cap_in_the_order_received() -> None:
    # metro: 4 points per trip, daily cap 20: trips 1-5 give 4 each, the 6th gives 0
    day = [{} for _ in range(6)]
    out = run(events(*day))
    assert out["points"].to_list() == [4, 4, 4, 4, 4, 0]
    assert out["reduction_g"].to_list() == [463] * 6  # reductions are not capped
    # monthly cap 300: 5 trips a day on 16 days = 320 uncapped -> 300, the last day gets 0
    month = [{"occurred_on": date(2025, 3, d)} for d in range(1, 17) for _ in range(5)]
    out = run(events(*month))
    per_day = out.group_by("occurred_on").agg(pl.col("points").sum()).sort("occurred_on")
    assert per_day["points"].to_list() == [20] * 15 + [0]


def test_points_credited_earlier_count_against_the_caps() -> None:
    prior = pl.DataFrame({"account": ["r1"], "behaviour": ["metro"],
                          "occurred_on": [date(2025, 3, 3)], "points": [18]})  # fmt: skip
    out = run(events({}, {}), prior_points=prior)
    assert out["points"].to_list() == [2, 0]


def test_too_many_events_of_one_person_in_a_day_are_held() -> None:
    out = run(events(*({} for _ in range(13)), {"account": "r2"}))
    assert out["reason"].to_list() == ["too_many_per_day"] * 13 + [None]
    assert set(out["status"].to_list()[:13]) == {"held"}


def test_credits_sum_per_account_month_and_method() -> None:
    result = credit_events(events({}, {}, {"account": "r2"}), METHODS, as_of=AS_OF)
    assert result.credits.to_dicts() == [
        {"account": "r1", "period": "2025-03", "method_id": "metro_mean", "method_version": 1,
         "events": 2, "points": 8, "reduction_g": 926},
        {"account": "r2", "period": "2025-03", "method_id": "metro_mean", "method_version": 1,
         "events": 1, "points": 4, "reduction_g": 463},
    ]  # fmt: skip


def test_a_frame_without_the_event_columns_is_refused() -> None:
    with pytest.raises(InclusionError, match="distance_km"):
        credit_events(events({}).drop("distance_km"), METHODS, as_of=AS_OF)


def test_an_upheld_appeal_clears_plausibility_rules_but_not_consent() -> None:
    frame = events({"distance_km": 30.0}, {"location_consent": False}).with_columns(
        pl.lit(True).alias("cleared")
    )
    assert run(frame)["reason"].to_list() == [None, "no_consent"]


def test_an_outlier_for_its_source_is_held_for_review() -> None:
    # 20 ordinary 2 km bus trips of 20 people from one source, and one of 25 km (under the
    # method's 60 km limit): median of the 21 valid trips = 2 km, 25 > 10 x 2 -> held.
    rows = [
        {"behaviour": "bus", "source": "bus", "account": f"p{i}", "distance_km": 2.0,
         "duration_s": 600} for i in range(20)
    ] + [{"behaviour": "bus", "source": "bus", "account": "q", "distance_km": 25.0,
          "duration_s": 1800}]  # fmt: skip
    out = run(events(*rows))
    assert out["reason"].to_list() == [None] * 20 + ["unusual_for_source"]
    assert out["status"][20] == "held" and out["points"][20] == 0
    # 18 ordinary trips and the long one are 19 valid events, too few for the source screen
    # (20): the 25 km trip is credited.
    out = run(events(*rows[2:]))
    assert out["reason"][18] is None and out["status"][18] == "credited"
    # An upheld appeal clears it.
    cleared = run(events(*rows).with_columns(cleared=pl.Series([False] * 20 + [True])))
    assert cleared["status"][20] == "credited"


def test_an_outlier_for_the_person_is_held_for_review() -> None:
    # One person's five 1 km bus trips on five days and one of 15 km: the person's median of
    # the six is 1 km, 15 > 10 x 1 -> held; six events are too few for the source screen.
    rows = [
        {"behaviour": "bus", "source": "bus", "distance_km": 1.0, "duration_s": 300,
         "occurred_on": date(2025, 3, d)} for d in range(1, 6)
    ] + [{"behaviour": "bus", "source": "bus", "distance_km": 15.0, "duration_s": 1800,
          "occurred_on": date(2025, 3, 6)}]  # fmt: skip
    out = run(events(*rows))
    assert out["reason"].to_list() == [None] * 5 + ["unusual_for_person"]
    # The screen works per month: the same trips split over two months judge nothing.
    rows[5]["occurred_on"] = date(2025, 2, 6)
    assert run(events(*rows))["reason"].to_list() == [None] * 6
