"""``cityclimate footprint compute|import|export-pact``: the demo products, PACT v3 JSON that
validates, imports with errors named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from cityclimate.cli import app
from cityclimate.footprints import pact
from cityclimate.io.pact_schema import pact_openapi
from cityclimate.storage import make_engine, make_sessionmaker, transaction
from cityclimate.storage.footprints_models import FootprintProduct
from tests.api.conftest import database, template  # noqa: F401 (fixtures shared)

runner = CliRunner()


def test_export_pact_demo_prints_valid_pact_v3() -> None:
    result = runner.invoke(app, ["footprint", "export-pact", "--demo"])
    assert result.exit_code == 0, result.output
    documents = json.loads(result.output)["data"]
    assert [d["productIds"][0].rsplit(":", 1)[1] for d in documents] == [
        "battery-pack-60", "laptop-14", "ev-sedan",
    ]  # fmt: skip
    for document in documents:
        pact.validate_product_footprint(document, pact_openapi())
        assert "ILLUSTRATIVE" in document["comment"]


def test_compute_demo_says_it_is_illustrative_and_the_car_uses_the_pack() -> None:
    result = runner.invoke(app, ["footprint", "compute", "--demo", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert "ILLUSTRATIVE" in data["notice"]["en"]
    by_code = {row["product"]: row for row in data["products"]}
    # the car's battery pack is the battery maker's own result (supplier-specific, primary data)
    assert by_code["ev-sedan"]["primary_share"] > by_code["battery-pack-60"]["primary_share"]
    assert by_code["ev-sedan"]["co2e_kg"] > by_code["battery-pack-60"]["co2e_kg"]
    table = runner.invoke(app, ["footprint", "compute", "--demo"])
    assert "示意" in table.output and "ILLUSTRATIVE" in table.output


def test_import_checks_a_pact_file_and_names_the_field(tmp_path: Path) -> None:
    exported = json.loads(runner.invoke(app, ["footprint", "export-pact", "--demo"]).output)
    good = tmp_path / "pf.json"
    good.write_text(json.dumps(exported["data"][1]), encoding="utf-8")
    result = runner.invoke(app, ["footprint", "import", str(good)])
    assert result.exit_code == 0 and "PACT v3" in result.output
    broken = exported["data"][1]
    broken["pcf"]["declaredUnitOfMeasurement"] = "pieces"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(broken), encoding="utf-8")
    result = runner.invoke(app, ["footprint", "import", str(bad)])
    assert result.exit_code == 2
    assert "pcf.declaredUnitOfMeasurement" in result.output


def test_import_reads_what_export_pact_writes(tmp_path: Path) -> None:
    whole = tmp_path / "export.json"
    assert (
        runner.invoke(app, ["footprint", "export-pact", "--demo", "--out", str(whole)]).exit_code
        == 0
    )
    result = runner.invoke(app, ["footprint", "import", str(whole)])
    assert result.exit_code == 0, result.output
    assert result.output.count("PACT v3 ✓") == len(json.loads(whole.read_text())["data"]) > 1
    for text in ("[]", "3", '{"data": [1]}'):
        odd = tmp_path / "odd.json"
        odd.write_text(text, encoding="utf-8")
        refused = runner.invoke(app, ["footprint", "import", str(odd)])
        assert refused.exit_code == 2 and "ProductFootprint" in refused.output, text


@pytest.mark.parametrize("args", [[], ["--demo", "--product", "1"]])
def test_compute_needs_one_source(args: list[str]) -> None:
    result = runner.invoke(app, ["footprint", "compute", *args])
    assert result.exit_code == 2


@pytest.mark.parametrize(
    ("fmt", "magic"), [("svg", b"<svg"), ("png", b"\x89PNG"), ("pdf", b"%PDF")]
)
def test_label_demo_writes_each_format(tmp_path: Path, fmt: str, magic: bytes) -> None:
    out = tmp_path / f"label.{fmt}"
    result = runner.invoke(
        app, ["footprint", "label", "--demo", "battery-pack-60", "--format", fmt, "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(magic)
    if fmt == "svg":
        text = out.read_text("utf-8")
        assert "4,246.35" in text and "示意数据" in text and "从摇篮到大门" in text


def test_a_stored_demo_product_computes_and_says_it_is_illustrative(
    database: str,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CITYCLIMATE_DATABASE_URL", database)
    engine = make_engine(database)
    with transaction(make_sessionmaker(engine), write=False) as session:
        pack = session.scalars(
            select(FootprintProduct).where(FootprintProduct.code == "battery-pack-60")
        ).one()
    engine.dispose()
    result = runner.invoke(app, ["footprint", "compute", "--product", str(pack.id)])
    assert result.exit_code == 0, result.output
    assert "ILLUSTRATIVE" in result.output and "4,246.35" in result.output
    missing = runner.invoke(app, ["footprint", "compute", "--product", "99999"])
    assert missing.exit_code == 2 and "no such product" in missing.output
