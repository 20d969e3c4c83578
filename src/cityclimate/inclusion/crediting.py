"""The crediting job: validate events, drop duplicates, apply the anti-fraud rules and the caps,
give points and reductions — one vectorised Polars pass over a month of events.

Rules, in the order an event is judged (the first that applies names the reason):

1. ``duplicate`` — the same ``(source, event_id)`` seen before (the first received is kept);
2. ``no_method`` — no selected methodology for the behaviour valid on the event's day;
3. ``bad_quantity`` — quantity (or, for per-km methods, distance) missing, zero or negative;
4. ``no_consent`` — the method uses location-derived data and the resident has not given the
   separate consent PIPL Art. 29 asks for;
5. ``impossible_speed`` — distance / duration above the mode's maximum speed;
6. ``outlier`` — distance or quantity above the method's per-event limit;
7. held for review: ``flagged`` by the office, or ``too_many_per_day`` (a person's valid events
   of one behaviour on one day above :data:`~cityclimate.inclusion.model.MAX_EVENTS_PER_DAY`),
   or an outlier per source or per person: ``unusual_for_source`` / ``unusual_for_person``, a
   quantity above :data:`~cityclimate.inclusion.model.OUTLIER_MEDIAN_FACTOR` × the median of
   the valid events of the same source (person), behaviour and month, when there are at least
   ``OUTLIER_MIN_EVENTS_SOURCE`` (``_PERSON``) of them (per month, so a run over several months
   and one run per month-and-source partition judge alike);
   An event the office ``cleared`` after review (an upheld appeal) skips 5–7;
8. ``pending`` — inside the settlement delay (flags can still be raised), credited by a later run.

A credited event earns reduction_g = ⌊(EF_baseline − EF_project) × q × (1 − deduction) × 1000⌋
grams CO2e (DB11/T 3043-2024: BE − PE) and points = ⌊reduction_g × points_per_t / 10⁶⁾⌋, then
capped per person and behaviour: by day, then by month, in the order received. The greedy cap
has a closed form: credited_i = min(C_i, cap) − min(C_i − p_i, cap) with C_i the running sum
(points already credited earlier in the period are added to C). Reductions are not capped: the
cap limits an incentive budget, not what physically happened.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import polars as pl

from cityclimate.inclusion.model import (
    EVENT_FLAGS,
    EVENT_SCHEMA,
    MAX_EVENTS_PER_DAY,
    OUTLIER_MEDIAN_FACTOR,
    OUTLIER_MIN_EVENTS_PERSON,
    OUTLIER_MIN_EVENTS_SOURCE,
    InclusionError,
)

#: Reasons that hold an event for review instead of rejecting it.
HELD_REASONS = ("flagged", "too_many_per_day", "unusual_for_source", "unusual_for_person")

#: Output columns the job adds to each event.
RESULT_COLUMNS = ("method_id", "method_version", "status", "reason", "reduction_g", "points")


@dataclass(frozen=True)
class Credited:
    """The result of a crediting run.

    Attributes
    ----------
    events:
        Every input event with :data:`RESULT_COLUMNS` (status, reason, points, reduction_g),
        in the order received (``received_seq``).
    credits:
        Credited totals per account, month and method version (what the ledger records).
    """

    events: pl.DataFrame
    credits: pl.DataFrame


def check_events(columns: list[str]) -> None:
    """Refuse an event table without the event columns (names the missing ones)."""
    missing = [c for c in EVENT_SCHEMA if c not in columns]
    if missing:
        raise InclusionError(
            f"事件表缺少列：{'、'.join(missing)}",
            f"the event table lacks columns: {', '.join(missing)}",
        )


def _capped(points: pl.Expr, cap: pl.Expr, prior: pl.Expr, over: list[str]) -> pl.Expr:
    running = prior + points.cum_sum().over(over)
    return pl.min_horizontal(running, cap) - pl.min_horizontal(running - points, cap)


def credit_events(
    events: pl.DataFrame | pl.LazyFrame,
    methods: pl.DataFrame,
    *,
    as_of: date,
    settlement_days: int = 7,
    prior_points: pl.DataFrame | None = None,
) -> Credited:
    """Credit a batch of events.

    Parameters
    ----------
    events:
        Columns of :data:`~cityclimate.inclusion.model.EVENT_SCHEMA`; optionally
        ``location_consent``, ``held`` and ``cleared`` (bools; missing means no consent, not
        held, not cleared). ``cleared`` (an upheld appeal) lifts the rules that judge
        plausibility (speed, outlier, flags, per-person count), never duplicates, consent,
        method or quantity.
    methods:
        :func:`~cityclimate.inclusion.methodologies.methods_frame` of the registry.
    as_of:
        The day of the run; events on or after ``as_of − settlement_days`` stay pending.
    prior_points:
        Points already credited in earlier runs: ``account, behaviour, occurred_on, points``
        (summed per day and per month for the caps).
    """
    lazy = events.lazy() if isinstance(events, pl.DataFrame) else events
    names = lazy.collect_schema().names()
    check_events(names)
    flags = [
        (pl.lit(False) if f not in names else pl.col(f).fill_null(False)).alias(f)
        for f in EVENT_FLAGS
    ]
    settled_before = as_of - timedelta(days=settlement_days)
    judged = _judge(lazy.with_columns(flags), methods.lazy(), settled_before)
    capped = _apply_caps(judged, prior_points)
    out = capped.collect()
    credits = summarise(out)
    return Credited(out, credits)


def _judge(lazy: pl.LazyFrame, methods: pl.LazyFrame, settled_before: date) -> pl.LazyFrame:
    valid = pl.col("occurred_on").is_between(pl.col("valid_from"), pl.col("valid_to"))
    if methods.select(pl.len().over("behaviour").max()).collect().item() in (None, 1):
        # One selected method per behaviour (the usual registry): a left join, and no method
        # for an event outside its method's validity.
        joined = lazy.join(methods, on="behaviour", how="left").with_columns(
            pl.when(valid).then(pl.col("method_id")).alias("method_id")
        )
    else:
        dated = (
            lazy.with_row_index("_row")
            .join(methods, on="behaviour", how="left")
            .filter(pl.col("method_id").is_null() | valid)
        )
        # An event whose behaviour has methods, none valid that day, was dropped by the
        # filter: put it back without a method (validity never overlaps: one row per event).
        lost = (
            lazy.with_row_index("_row")
            .join(dated.select("_row"), on="_row", how="anti")
            .with_columns(pl.lit(None, dtype=pl.String).alias("method_id"))
        )
        joined = pl.concat([dated, lost], how="diagonal_relaxed").drop("_row")
    per_km = pl.col("activity_unit") == "pkm"
    quantity = pl.when(per_km).then(pl.col("distance_km")).otherwise(pl.col("quantity"))
    speed = pl.col("distance_km") / (pl.col("duration_s") / 3600.0)
    duplicate = ~pl.struct("source", "event_id").is_first_distinct() | pl.col("duplicate")
    reason = (
        pl.when(duplicate).then(pl.lit("duplicate"))
        .when(pl.col("method_id").is_null()).then(pl.lit("no_method"))
        .when(~(quantity > 0) | quantity.is_null() | quantity.is_nan()
              | (pl.col("max_speed_kmh").is_not_null() & (pl.col("duration_s").fill_null(0) <= 0))
              ).then(pl.lit("bad_quantity"))
        .when(pl.col("location_derived") & ~pl.col("location_consent")).then(pl.lit("no_consent"))
        .when(pl.col("cleared")).then(pl.lit(None, dtype=pl.String))
        .when(speed > pl.col("max_speed_kmh")).then(pl.lit("impossible_speed"))
        .when((pl.col("distance_km") > pl.col("max_distance_km"))
              | (quantity > pl.col("max_quantity"))).then(pl.lit("outlier"))
        .when(pl.col("held")).then(pl.lit("flagged"))
    )  # fmt: skip
    ordered = joined.sort("received_seq").with_columns(
        reason.alias("reason"), quantity.alias("_quantity")
    )
    fine = pl.col("reason").is_null()
    valid_q = pl.when(fine).then(pl.col("_quantity"))
    month = pl.col("occurred_on").dt.truncate("1mo")
    by_source, by_person = ["source", "behaviour", month], ["account", "behaviour", month]
    valid_today = ordered.with_columns(
        fine.sum().over("account", "behaviour", "occurred_on").alias("_per_day"),
        fine.sum().over(by_source).alias("_n_source"),
        valid_q.median().over(by_source).alias("_median_source"),
        fine.sum().over(by_person).alias("_n_person"),
        valid_q.median().over(by_person).alias("_median_person"),
    )
    unusual = {
        "unusual_for_source": (pl.col("_n_source") >= OUTLIER_MIN_EVENTS_SOURCE)
        & (pl.col("_quantity") > OUTLIER_MEDIAN_FACTOR * pl.col("_median_source")),
        "unusual_for_person": (pl.col("_n_person") >= OUTLIER_MIN_EVENTS_PERSON)
        & (pl.col("_quantity") > OUTLIER_MEDIAN_FACTOR * pl.col("_median_person")),
    }
    reason2 = (
        pl.when(pl.col("reason").is_not_null()).then(pl.col("reason"))
        .when(pl.col("cleared")).then(pl.lit(None, dtype=pl.String))
        .when(pl.col("_per_day") > MAX_EVENTS_PER_DAY).then(pl.lit("too_many_per_day"))
        .when(unusual["unusual_for_source"]).then(pl.lit("unusual_for_source"))
        .when(unusual["unusual_for_person"]).then(pl.lit("unusual_for_person"))
    )  # fmt: skip
    status = (
        pl.when(pl.col("reason").is_in(HELD_REASONS)).then(pl.lit("held"))
        .when(pl.col("reason").is_not_null()).then(pl.lit("rejected"))
        .when(pl.col("occurred_on") >= settled_before).then(pl.lit("pending"))
        .otherwise(pl.lit("credited"))
    )  # fmt: skip
    reduction = (
        (pl.col("factor_kg_per_unit") * pl.col("_quantity") * pl.col("keep_fraction") * 1000.0)
        .floor()
        .cast(pl.Int64)
    )
    return (
        valid_today.with_columns(reason2.alias("reason"))
        .with_columns(status.alias("status"))
        .with_columns(
            pl.when(pl.col("status") == "credited")
            .then(reduction)
            .otherwise(0)
            .alias("reduction_g")
        )
        .with_columns(
            (pl.col("reduction_g") * pl.col("points_per_t") // 1_000_000)
            .fill_null(0)
            .alias("_points")
        )
    )


def _apply_caps(judged: pl.LazyFrame, prior_points: pl.DataFrame | None) -> pl.LazyFrame:
    frame = judged.with_columns(pl.col("occurred_on").dt.truncate("1mo").alias("_month"))
    if prior_points is not None and prior_points.height:
        prior = prior_points.lazy().with_columns(
            pl.col("occurred_on").dt.truncate("1mo").alias("_month")
        )
        day = prior.group_by("account", "behaviour", "occurred_on").agg(
            pl.col("points").sum().alias("_prior_day")
        )
        month = prior.group_by("account", "behaviour", "_month").agg(
            pl.col("points").sum().alias("_prior_month")
        )
        frame = (
            frame.join(day, on=["account", "behaviour", "occurred_on"], how="left")
            .join(month, on=["account", "behaviour", "_month"], how="left")
        )  # fmt: skip
    else:
        frame = frame.with_columns(pl.lit(0).alias("_prior_day"), pl.lit(0).alias("_prior_month"))
    frame = frame.with_columns(pl.col("_prior_day", "_prior_month").fill_null(0))
    daily = _capped(pl.col("_points"), pl.col("daily_cap_points"), pl.col("_prior_day"),
                    ["account", "behaviour", "occurred_on"])  # fmt: skip
    frame = frame.with_columns(daily.fill_null(0).alias("_daily"))
    monthly = _capped(pl.col("_daily"), pl.col("monthly_cap_points"), pl.col("_prior_month"),
                      ["account", "behaviour", "_month"])  # fmt: skip
    return frame.with_columns(monthly.fill_null(0).cast(pl.Int64).alias("points")).select(
        *EVENT_SCHEMA, *RESULT_COLUMNS
    )


def summarise(events: pl.DataFrame) -> pl.DataFrame:
    """Credited totals per account, month and method version, sorted (the ledger's earn rows)."""
    return (
        events.filter(pl.col("status") == "credited")
        .group_by(
            "account",
            pl.col("occurred_on").dt.strftime("%Y-%m").alias("period"),
            "method_id",
            "method_version",
        )
        .agg(
            pl.len().cast(pl.Int64).alias("events"),
            pl.col("points").sum().cast(pl.Int64),
            pl.col("reduction_g").sum().cast(pl.Int64),
        )
        .sort("account", "period", "method_id", "method_version")
    )
