"""A source's batch of events (CSV, UTF-8) read into typed rows; bad rows refused with a reason.

Columns: ``event_id, account, behaviour, occurred_on (YYYY-MM-DD), duration_s, distance_km,
quantity``. Only what a method needs: no place names, no coordinates, no tracks; a batch with a
column that looks like a position (``lat``, ``lon``, ``track`` …) is refused whole (PIPL
minimisation: the platform never stores what it was not asked for).

>>> good, refused = parse_batch(b"event_id,account,behaviour,occurred_on,duration_s,distance_km,quantity\\n"
...                             b"e1,r-1,metro,2025-03-03,600,5,1\\ne2,r-1,metro,2025-13-01,600,5,1\\n")
>>> good.height, refused
(1, [{'row': '3', 'event_id': 'e2', 'field': 'occurred_on', 'reason': 'bad_field'}])
"""

from __future__ import annotations

import io

import polars as pl

from cityclimate.inclusion.model import InclusionError

BATCH_COLUMNS = ("event_id", "account", "behaviour", "occurred_on", "duration_s", "distance_km",
                 "quantity")  # fmt: skip
#: Column names that would carry whereabouts; a batch with one is refused whole.
LOCATION_WORDS = ("lat", "lon", "lng", "track", "gps", "coord", "address", "station")
_TYPES: dict[str, pl.DataType | type[pl.DataType]] = {
    "duration_s": pl.Int64,
    "distance_km": pl.Float64,
    "quantity": pl.Float64,
}


def parse_batch(payload: bytes) -> tuple[pl.DataFrame, list[dict[str, str]]]:
    """Typed event rows of a batch, and the rows refused (row number, event id, field, reason).

    Raises
    ------
    InclusionError
        Not UTF-8 CSV, a missing column, or a column carrying location.
    """
    try:
        raw = pl.read_csv(io.BytesIO(payload), infer_schema=False)
    except (pl.exceptions.PolarsError, UnicodeDecodeError) as exc:
        raise InclusionError(
            "批次不是 UTF-8 编码的 CSV 表", "the batch is not a UTF-8 CSV table"
        ) from exc
    located = [c for c in raw.columns if any(w in c.lower() for w in LOCATION_WORDS)]
    if located:
        raise InclusionError(
            f"批次含位置列 {'、'.join(located)}：平台只接收方式、距离、时长、日期，请删除这些列后重发",
            f"the batch has location columns {', '.join(located)}: the platform takes only mode, "
            "distance, duration and date; remove them and send again",
        )
    missing = [c for c in BATCH_COLUMNS if c not in raw.columns]
    if missing:
        raise InclusionError(
            f"批次缺少列：{'、'.join(missing)}", f"the batch lacks columns: {', '.join(missing)}"
        )
    raw = raw.select(pl.col(c).str.strip_chars() for c in BATCH_COLUMNS)
    typed = raw.with_columns(
        pl.col("occurred_on").str.to_date("%Y-%m-%d", strict=False),
        *(pl.col(c).cast(t, strict=False) for c, t in _TYPES.items()),
    ).with_columns(pl.col("quantity").fill_null(1.0))
    bad_field = pl.lit(None, dtype=pl.String)
    for column in reversed(BATCH_COLUMNS):
        given = raw[column].is_not_null() & (raw[column] != "")
        if column in ("event_id", "account", "behaviour", "occurred_on"):
            wrong = ~given.fill_null(False) | typed[column].is_null()
        else:
            wrong = given.fill_null(False) & typed[column].is_null()
        bad_field = pl.when(pl.lit(wrong)).then(pl.lit(column)).otherwise(bad_field)
    checked = typed.with_row_index("_row", offset=2).with_columns(bad_field.alias("_bad"))
    refused = [
        {"row": str(r), "event_id": e or "", "field": f, "reason": "bad_field"}
        for r, e, f in checked.filter(pl.col("_bad").is_not_null())
        .select("_row", "event_id", "_bad")
        .iter_rows()
    ]
    return checked.filter(pl.col("_bad").is_null()).drop("_row", "_bad"), refused
