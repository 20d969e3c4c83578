"""The hash chain: an independent SHA-256 recomputation, and every kind of tampering named."""

from __future__ import annotations

import hashlib

import polars as pl

from cityclimate.inclusion import GENESIS, chain, head, verify


def entries(n: int) -> pl.DataFrame:
    return pl.DataFrame({
        "kind": ["earn"] * n, "account": [f"r{i}" for i in range(n)], "period": ["2025-03"] * n,
        "method": ["metro_mean@1"] * n, "events": [2] * n, "points": [8] * n,
        "reduction_g": [926] * n, "reference": ["run-1"] * n,
    })  # fmt: skip


def sealed(n: int) -> tuple[pl.DataFrame, list[tuple[int, str]]]:
    rows = chain(entries(n))
    return rows, [head(rows)]


def test_each_hash_is_sha256_of_the_previous_hash_and_the_content() -> None:
    rows = chain(entries(2))
    first = f"{GENESIS}|1|earn|r0|2025-03|metro_mean@1|2|8|926|run-1"
    h1 = hashlib.sha256(first.encode()).hexdigest()
    h2 = hashlib.sha256(f"{h1}|2|earn|r1|2025-03|metro_mean@1|2|8|926|run-1".encode()).hexdigest()
    assert rows["hash"].to_list() == [h1, h2]
    assert rows["prev_hash"].to_list() == [GENESIS, h1]


def test_appending_continues_the_chain() -> None:
    rows = chain(entries(5))
    first, second = rows.head(3), chain(entries(2), prev_hash=rows["hash"][2], first_number=4)
    assert second["prev_hash"][0] == rows["hash"][2]
    joined = pl.concat([first, second])
    assert verify(joined, [head(joined)]) == []


def test_an_intact_ledger_verifies() -> None:
    rows, seals = sealed(10)
    assert verify(rows, seals) == []


def test_a_changed_entry_is_named() -> None:
    rows, seals = sealed(10)
    tampered = rows.with_columns(
        pl.when(pl.col("number") == 4).then(800).otherwise(pl.col("points")).alias("points")
    )
    assert [(b.kind, b.number) for b in verify(tampered, seals)] == [("changed", 4)]


def test_a_removed_entry_is_named() -> None:
    rows, seals = sealed(10)
    breaks = verify(rows.filter(pl.col("number") != 6), seals)
    assert [(b.kind, b.number) for b in breaks] == [("removed", 6)]
    assert "6" in breaks[0].message.en


def test_removed_entries_at_the_end_are_caught_by_the_seal() -> None:
    rows, seals = sealed(10)
    breaks = verify(rows.filter(pl.col("number") <= 8), seals)
    assert [(b.kind, b.number) for b in breaks] == [("removed", 10)]
    assert verify(rows.clear(), seals)[0].kind == "removed"


def test_an_entry_inserted_in_the_middle_is_named() -> None:
    rows, seals = sealed(10)
    forged = chain(entries(1).with_columns(points=pl.lit(5000)), prev_hash=rows["hash"][3],
                   first_number=5)  # fmt: skip
    # the forger shifts entries 5.. up by one and puts a correctly hashed entry at 5
    shifted = rows.filter(pl.col("number") >= 5).with_columns(pl.col("number") + 1)
    tampered = pl.concat([rows.head(4), forged, shifted])
    breaks = verify(tampered, seals)
    assert ("inserted", 5) in [(b.kind, b.number) for b in breaks]
    # the renumbered entries no longer match their hashes, and are named too
    assert {b.number for b in breaks if b.kind == "changed"} == set(range(6, 12))


def test_an_entry_appended_after_the_last_seal_is_named() -> None:
    rows, seals = sealed(10)
    forged = chain(entries(1), prev_hash=rows["hash"][-1], first_number=11)
    breaks = verify(pl.concat([rows, forged]), seals)
    assert [(b.kind, b.number) for b in breaks] == [("inserted", 11)]


def test_a_recomputed_chain_is_caught_by_the_seal() -> None:
    _, seals = sealed(10)
    rewritten = chain(entries(10).with_columns(points=pl.lit(80)))
    assert [(b.kind, b.number) for b in verify(rewritten, seals)] == [("changed", 10)]
