"""``cityclimate inclusion ingest|credit|verify|report`` on a copy of the demo database."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cityclimate.cli import app
from cityclimate.demo import inclusion as demo
from cityclimate.inclusion.privacy import pseudonym
from cityclimate.inclusion.signing import sign
from tests.api.conftest import database, template  # noqa: F401 (fixtures shared)

runner = CliRunner()


@pytest.fixture
def db(database: str, monkeypatch: pytest.MonkeyPatch) -> Path:  # noqa: F811
    monkeypatch.setenv("CITYCLIMATE_DATABASE_URL", database)
    return Path(database.removeprefix("sqlite:///"))


def test_verify_demo_exits_0_then_1_naming_the_entry_changed_in_the_database(db: Path) -> None:
    result = runner.invoke(app, ["inclusion", "verify", "--demo"])
    assert result.exit_code == 0, result.output
    assert "ledger intact" in result.output
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE inclusion_ledger SET points = points + 50 WHERE number = 12")
    result = runner.invoke(app, ["inclusion", "verify", "--demo"])
    assert result.exit_code == 1
    assert "entry 12 was changed" in " ".join(result.output.split())


def test_verify_demo_removed_entry_is_named(db: Path) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute("DELETE FROM inclusion_ledger WHERE number = 30")
    result = runner.invoke(app, ["inclusion", "verify", "--demo"])
    assert result.exit_code == 1
    assert "entry 30 was removed" in " ".join(result.output.split())


def test_ingest_a_signed_file_then_credit_and_report(db: Path, tmp_path: Path) -> None:
    account = pseudonym(demo.PSEUDONYM_KEY, demo.external_ids()[3])
    batch = tmp_path / "april.csv"
    batch.write_bytes(
        b"event_id,account,behaviour,occurred_on,duration_s,distance_km,quantity\n"
        + f"apr-1,{account},metro,2025-04-02,900,6.0,1\n".encode()
    )
    source = next(s for s in demo.SOURCES if s.source_id == "lj-metro")
    signature = sign(source.private_key, batch.read_bytes())
    args = ["inclusion", "ingest", str(batch), "--source", "lj-metro", "--signature", signature]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "accepted 1 / 1" in result.output
    bad = runner.invoke(app, [*args[:-1], "00" * 64, "--batch", "other"])
    assert bad.exit_code == 2 and "signature" in bad.output
    credited = runner.invoke(
        app, ["inclusion", "credit", "--period", "2025-04", "--as-of", "2025-05-15"]
    )
    assert credited.exit_code == 0, credited.output
    assert json.loads(credited.output)["counts"] == {"credited": 1}
    report = runner.invoke(app, ["inclusion", "report", "--format", "json"])
    data = json.loads(report.output)
    metro = next(r for r in data["behaviours"] if r["behaviour"] == "metro")
    assert data["public"]["illustrative"] is True and data["public"]["ledger_intact"] is True
    assert metro["events"] > 1000
    assert runner.invoke(app, ["inclusion", "verify"]).exit_code == 0
