"""``cityclimate finance export|estimate|import|gaps``: offline demo, files, the database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cityclimate.cli import app
from tests.api.conftest import database, template  # noqa: F401 (fixtures shared)

runner = CliRunner()
CQ_2022 = 0.5227  # Chongqing provincial grid factor 2022 (MEE & NBS), the nearest year


def test_export_demo_json_prints_the_library_with_computed_estimates() -> None:
    result = runner.invoke(app, ["finance", "export", "--demo", "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert "ILLUSTRATIVE" in document["notice"]
    projects = {p["project_id"]: p for p in document["projects"]}
    assert len(projects) == 32 and all(p["illustrative"] for p in projects.values())
    pv = projects["LJ-CF-001"]["estimate"]
    assert pv["reduction_co2e_t"] == pytest.approx(4750 * CQ_2022)
    assert (pv["year"], pv["inputs"][0]["unit"], pv["factors"][0]["factor_level"]) == (
        2025,
        "MWh",
        "provincial",
    )
    assert "owner_contact" not in projects["LJ-CF-001"]
    # Display-fab F-gas abatement, IPCC 2006 Vol.3 Table 6.3 (TFT-FPD) and AR5 GWPs, by hand:
    # 20 t NF3 × 0.9 × 0.3 × 0.9 × 0.95 × 16,100 + 2 t SF6 × 0.9 × 0.6 × 0.9 × 0.9 × 23,500.
    fgas = projects["LJ-CF-026"]["estimate"]["reduction_co2e_t"]
    assert fgas == pytest.approx(20 * 0.9 * 0.3 * 0.9 * 0.95 * 16100 + 2 * 0.9 * 0.6 * 0.81 * 23500)


def test_estimate_one_project_and_a_file(tmp_path: Path) -> None:
    one = runner.invoke(app, ["finance", "estimate", "--demo", "--project", "LJ-CF-027"])
    assert one.exit_code == 0, one.output
    # 500 ha × 2.5 t C/ha/a (IPCC 2006 Vol.4 Table 4.9/4.10) × 44/12.
    assert json.loads(one.output)["reduction_co2e_t"] == pytest.approx(500 * 2.5 * 44 / 12)
    xlsx = tmp_path / "library.xlsx"
    made = runner.invoke(
        app, ["finance", "export", "--demo", "--format", "xlsx", "--out", str(xlsx)]
    )
    assert made.exit_code == 0 and xlsx.exists()
    checked = runner.invoke(app, ["finance", "import", str(xlsx), "--check"])
    assert checked.exit_code == 0 and "32" in checked.output
    table = runner.invoke(app, ["finance", "estimate", str(xlsx)])
    assert table.exit_code == 0 and "LJ-CF-032" in table.output
    missing = runner.invoke(app, ["finance", "estimate", "--demo", "--project", "NOPE"])
    assert missing.exit_code == 1


def test_import_and_gaps_on_the_database(
    database: str,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CITYCLIMATE_DATABASE_URL", database)
    xlsx = tmp_path / "library.xlsx"
    assert (
        runner.invoke(app, ["finance", "export", "--format", "xlsx", "--out", str(xlsx)]).exit_code
        == 0
    )
    again = runner.invoke(app, ["finance", "import", str(xlsx)])
    assert again.exit_code == 0 and "0 new, 32 updated" in again.output
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a workbook")
    refused = runner.invoke(app, ["finance", "import", str(bad)])
    assert refused.exit_code == 1 and ".xlsx" in refused.output
    gaps = runner.invoke(app, ["finance", "gaps", "--territory", "LJ-2016", "--json"])
    assert gaps.exit_code == 0, gaps.output
    rows = {g["lever"]: g for g in json.loads(gaps.output)["gaps"]}
    assert rows["distributed_pv"]["delivered_co2e_t"] == pytest.approx(25550 * CQ_2022)
    assert runner.invoke(app, ["finance", "gaps", "--territory", "500115"]).exit_code == 1


def test_recheck_lists_the_tags_a_new_edition_drops(tmp_path: Path) -> None:
    shipped = Path(__file__).parents[2] / "src/cityclimate/finance/data/catalogues.csv"
    lines = shipped.read_text("utf-8").splitlines()
    # The new edition drops green-bond code 3 (clean energy): the four PV and two CHP demo
    # projects carry it (by hand from the demo's projects.csv).
    edition = tmp_path / "catalogues.csv"
    edition.write_text(
        "\n".join(x for x in lines if not x.startswith("green_bond,2021,2021-07-01,3,")) + "\n",
        "utf-8",
    )
    result = runner.invoke(app, ["finance", "recheck", str(edition), "--demo"])
    assert result.exit_code == 1
    moved = sorted(
        line.split(":")[0] for line in result.output.splitlines() if "green_bond 3" in line
    )
    assert moved == ["LJ-CF-001", "LJ-CF-002", "LJ-CF-003", "LJ-CF-004", "LJ-CF-005", "LJ-CF-006"]
    same = runner.invoke(app, ["finance", "recheck", str(shipped), "--demo"])
    assert same.exit_code == 0 and "moved: 0 / 32" in same.output


def test_certification_from_the_command_line(
    database: str,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """criteria listed with sources; an application from an answers CSV; checked, approved."""
    monkeypatch.setenv("CITYCLIMATE_DATABASE_URL", database)
    listed = runner.invoke(app, ["finance", "certify", "criteria", "--json"])
    assert listed.exit_code == 0 and "渝府办发" in listed.output
    answers = tmp_path / "answers.csv"
    answers.write_text("criterion,value,evidence\nno_major_accident,yes,证明\n"
                       "green_revenue_share,70,审计\ncarbon_intensity_declining,2,报告\n",
                       encoding="utf-8")  # fmt: skip
    odd = tmp_path / "odd.csv"
    for text in ("", "criterion,value\n", "value\nyes\n"):  # empty, headers only, no criterion
        odd.write_text(text, encoding="utf-8")
        refused = runner.invoke(app, ["finance", "certify", "apply", "--scheme", "green_enterprise",
                                      "--enterprise", "LJ-PORT", "--answers", str(odd)])  # fmt: skip
        assert refused.exit_code == 1 and "odd.csv" in refused.output, (text, refused.output)
        assert "criterion" in refused.output, text
    applied = runner.invoke(app, ["finance", "certify", "apply", "--scheme", "green_enterprise",
                                  "--enterprise", "LJ-PORT", "--answers", str(answers)])  # fmt: skip
    assert applied.exit_code == 0, applied.output
    assert applied.output.split("application ")[-1].strip() == "3"  # the refusals stored nothing
    number = applied.output.split("application ")[-1].strip()
    early = runner.invoke(app, ["finance", "certify", "decide", number, "approve"])
    assert early.exit_code == 1  # not checked yet: refused, named
    for action in ("check", "approve"):
        assert runner.invoke(app, ["finance", "certify", "decide", number, action,
                                   "--on", "2025-03-01"]).exit_code == 0  # fmt: skip
    shown = json.loads(runner.invoke(app, ["finance", "certify", "list", "--json"]).output)
    mine = next(r for r in shown if str(r["id"]) == number)
    assert mine["status"] == "approved" and mine["valid_to"] == "2028-02-29"


def test_monitored_meter_data_from_the_command_line(
    database: str,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CITYCLIMATE_DATABASE_URL", database)
    meters = tmp_path / "meters.csv"
    meters.write_text("project_id,year,input,value,unit\nLJ-CF-002,2023,generation_mwh,10,GWh\n")
    done = runner.invoke(app, ["finance", "monitored", str(meters)])
    assert done.exit_code == 0, done.output
    assert "LJ-CF-002" in done.output and f"{10_000 * CQ_2022:,.0f}" in done.output
    meters.write_text("project_id,year,input,value,unit\nLJ-CF-999,2023,generation_mwh,10,MWh\n")
    refused = runner.invoke(app, ["finance", "monitored", str(meters)])
    assert refused.exit_code == 1 and "LJ-CF-999" in refused.output
