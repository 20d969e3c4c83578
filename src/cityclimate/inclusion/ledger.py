"""The append-only ledger: a hash chain of entries, and its verification.

Each entry commits to the one before: hash_n = SHA-256(prev_hash ‖ "|" ‖ content_n), where
content_n is the entry's number, kind, account, period, method, event count, points, reduction
(grams) and reference joined by "|" (:func:`content`). The first entry's prev_hash is
:data:`GENESIS`. After every write the platform stores a *seal* (the number and hash of the last
entry) and shows the head on the public statistics page, so an entry appended or removed at the
end is caught as well.

:func:`verify` finds, and names, every

- ``changed`` entry (its content no longer gives its hash),
- ``removed`` entry (the next entry's prev_hash points past a gap; the missing numbers named),
- ``inserted`` entry (the entry after it links over it to an earlier one; or it lies after the
  last seal),

and rows are checked with vectorised hashing (the chain's links are compared with a shifted
column), so ten million entries verify in seconds.

>>> rows = chain(pl.DataFrame({"kind": ["earn", "redeem"], "account": ["a", "a"],
...     "period": ["2025-03", "2025-04"], "method": ["metro_mean@1", ""], "events": [3, 0],
...     "points": [12, -5], "reduction_g": [1392, 0], "reference": ["run-1", "R-1"]}))
>>> verify(rows, seals=[(2, rows["hash"][1])])
[]
>>> tampered = rows.with_columns(points=pl.Series([120, -5]))
>>> [(b.kind, b.number) for b in verify(tampered, seals=[(2, rows["hash"][1])])]
[('changed', 1)]
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from cityclimate.text import Text

GENESIS = "0" * 64
#: The columns of an entry's content, in the order they are hashed.
CONTENT_COLUMNS = (
    "number", "kind", "account", "period", "method", "events", "points", "reduction_g", "reference",
)  # fmt: skip
LEDGER_SCHEMA: dict[str, type[pl.DataType]] = {
    "number": pl.Int64, "kind": pl.String, "account": pl.String, "period": pl.String,
    "method": pl.String, "events": pl.Int64, "points": pl.Int64, "reduction_g": pl.Int64,
    "reference": pl.String, "prev_hash": pl.String, "hash": pl.String,
}  # fmt: skip


@dataclass(frozen=True)
class Break:
    """One break of the chain.

    Attributes
    ----------
    kind:
        ``changed``, ``removed`` or ``inserted``.
    number:
        The entry's number (for ``removed``, the first missing number).
    message:
        What is wrong, naming the entry.
    """

    kind: str
    number: int
    message: Text


def content(frame: pl.DataFrame | pl.LazyFrame) -> pl.Expr:
    """The expression giving each row's hashed content (see the module docstring)."""
    return pl.concat_str([pl.col(c).cast(pl.String) for c in CONTENT_COLUMNS], separator="|")


def _hash(prev: str, text: str) -> str:
    return hashlib.sha256(f"{prev}|{text}".encode()).hexdigest()


def chain(entries: pl.DataFrame, prev_hash: str = GENESIS, first_number: int = 1) -> pl.DataFrame:
    """Number and hash new entries after the entry whose hash is ``prev_hash``.

    Parameters
    ----------
    entries:
        Columns kind, account, period, method, events, points, reduction_g, reference.
    prev_hash:
        The hash of the ledger's last entry (:data:`GENESIS` for an empty ledger).
    first_number:
        The number the first new entry gets (the last entry's number + 1).
    """
    numbered = entries.with_columns(
        pl.int_range(first_number, first_number + entries.height, dtype=pl.Int64).alias("number")
    ).select(CONTENT_COLUMNS)
    texts = numbered.select(content(numbered)).to_series().to_list()
    prevs: list[str] = []
    hashes: list[str] = []
    previous = prev_hash
    for text in texts:
        prevs.append(previous)
        previous = _hash(previous, text)
        hashes.append(previous)
    return numbered.with_columns(
        pl.Series("prev_hash", prevs, dtype=pl.String), pl.Series("hash", hashes, dtype=pl.String)
    ).cast(LEDGER_SCHEMA)  # type: ignore[arg-type]


def verify(rows: pl.DataFrame, seals: Sequence[tuple[int, str]] = ()) -> list[Break]:
    """Every break of the chain ``rows`` (in stored order), each naming its entry.

    Parameters
    ----------
    rows:
        The ledger as stored (columns of :data:`LEDGER_SCHEMA`), in the order of its ``number``
        column as the database returns it.
    seals:
        ``(number, hash)`` of the last entry after each write, oldest first.
    """
    if rows.height == 0:
        return [_removed_tail(n, h) for n, h in seals[-1:]]  # everything is gone
    texts = rows.select(content(rows)).to_series().to_list()
    prev_hashes = rows["prev_hash"].to_list()
    recomputed = pl.Series([_hash(p, t) for p, t in zip(prev_hashes, texts, strict=True)])
    checks = rows.select(
        "number", "hash", "prev_hash",
        (pl.col("hash") != recomputed).alias("changed"),
        (pl.col("prev_hash") != pl.col("hash").shift(1).fill_null(GENESIS)).alias("unlinked"),
    )  # fmt: skip
    breaks: list[Break] = []
    suspicious = checks.filter(pl.col("changed") | pl.col("unlinked"))
    if suspicious.height:
        breaks.extend(_name_breaks(rows, suspicious))
    breaks.extend(_check_seals(rows, seals))
    unique = {(b.kind, b.number): b for b in breaks}
    return sorted(unique.values(), key=lambda b: (b.number, b.kind))


def _name_breaks(rows: pl.DataFrame, suspicious: pl.DataFrame) -> list[Break]:
    hashes = rows["hash"].to_list()
    numbers = rows["number"].to_list()
    position = {h: i for i, h in enumerate(hashes)}
    index_of = {n: i for i, n in enumerate(numbers)}
    breaks: list[Break] = []
    for number, prev_hash, changed, unlinked in suspicious.select(
        "number", "prev_hash", "changed", "unlinked"
    ).iter_rows():
        if changed:
            breaks.append(Break("changed", number, Text(
                f"第 {number} 条记录的内容被改动（其哈希与内容不符）",
                f"entry {number} was changed (its hash no longer matches its content)")))  # fmt: skip
        if not unlinked:
            continue
        i = index_of[number]
        earlier = position.get(prev_hash)
        if earlier is not None and earlier < i - 1:
            for j in range(earlier + 1, i):
                breaks.append(Break("inserted", numbers[j], Text(
                    f"第 {numbers[j]} 条记录是插入的：它不在哈希链上（其后一条链接到更早的记录）",
                    f"entry {numbers[j]} was inserted: it is not on the chain "
                    "(the entry after it links past it)")))  # fmt: skip
            continue
        last = numbers[i - 1] if i > 0 else 0
        missing = list(range(last + 1, number)) or [number - 1]
        shown = "、".join(str(m) for m in missing[:10])
        breaks.append(Break("removed", missing[0], Text(
            f"第 {shown} 条记录被删除（第 {number} 条记录链接的前一条不存在）",
            f"entry {', '.join(str(m) for m in missing[:10])} was removed "
            f"(entry {number} links to an entry that is gone)")))  # fmt: skip
    return breaks


def _removed_tail(number: int, hash_: str) -> Break:
    return Break("removed", number, Text(
        f"第 {number} 条及之前的记录被删除（封存的链头 {hash_[:12]}… 已不在账本中）",
        f"entry {number} (and maybe more before it) was removed (the sealed head "
        f"{hash_[:12]}… is gone)"))  # fmt: skip


def _check_seals(rows: pl.DataFrame, seals: Sequence[tuple[int, str]]) -> list[Break]:
    if not seals:
        return []
    by_number = dict(zip(rows["number"].to_list(), rows["hash"].to_list(), strict=True))
    breaks: list[Break] = []
    for number, sealed in seals:
        found = by_number.get(number)
        if found is None:
            breaks.append(_removed_tail(number, sealed))
        elif found != sealed:
            breaks.append(Break("changed", number, Text(
                f"第 {number} 条记录与封存时不同（链被重算过）",
                f"entry {number} differs from its seal (the chain was recomputed)")))  # fmt: skip
    last_number = seals[-1][0]
    for number in rows.filter(pl.col("number") > last_number)["number"].to_list():
        breaks.append(Break("inserted", number, Text(
            f"第 {number} 条记录是插入的：它在最后一次封存（第 {last_number} 条）之后",
            f"entry {number} was inserted: it lies after the last seal (entry {last_number})")))  # fmt: skip
    return breaks


def head(rows: pl.DataFrame) -> tuple[int, str]:
    """``(number, hash)`` of the last entry, ``(0, GENESIS)`` for an empty ledger."""
    if rows.height == 0:
        return 0, GENESIS
    return int(rows["number"][-1]), str(rows["hash"][-1])
