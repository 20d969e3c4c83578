"""``cityclimate report pdf inventory``: the demo's report in English, its figures, and a page
drawn as pixels compared with the approved image; the stored path reads the database."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from typer.testing import CliRunner

from cityclimate.cli import app
from tests.reporting.pdf_text import page_pixels, pdf_text

runner = CliRunner()
APPROVED = Path(__file__).parents[1] / "reporting" / "approved" / "inventory-2020-en-results.png"


def test_demo_inventory_report_in_english_matches_the_approved_page(tmp_path: Path) -> None:
    out = tmp_path / "inventory.pdf"
    result = runner.invoke(
        app,
        [
            "report",
            "pdf",
            "inventory",
            "--demo",
            "--year",
            "2020",
            "--lang",
            "en",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    body = out.read_bytes()
    pages = pdf_text(body)
    assert "Greenhouse gas inventory report 2020" in pages[0]
    assert "Illustrative" in pages[0] or "ILLUSTRATIVE" in pages[0]
    results = next(i for i, p in enumerate(pages) if "4 Results" in p)
    # The plan's published 2020 figures (R2): 724.42 万t CO2e, 0.35 t/万元, 3.92 t/person.
    assert "Gross emissions (without removals) 724.42" in pages[results]
    assert (
        "Carbon intensity 0.35" in pages[results] and "Per-capita emissions 3.92" in pages[results]
    )
    drawn = page_pixels(body, results)
    if os.environ.get("CITYCLIMATE_APPROVE_IMAGES"):  # re-approve after a reviewed change
        Image.fromarray(drawn).save(APPROVED)
    approved = np.asarray(Image.open(APPROVED).convert("L"), dtype=np.uint8)
    assert drawn.shape == approved.shape
    # Tolerance: anti-aliasing and font hinting may move edge pixels a little between library
    # builds; a changed number, a missing bar or a moved table changes far more than 0.5 % of
    # the page by more than 64 grey levels (one digit of 9 pt text is ~0.05 %, a bar ~0.3 %).
    differing = np.mean(np.abs(drawn.astype(int) - approved.astype(int)) > 64)
    assert differing < 0.005, f"{differing:.4%} of the page differs from the approved image"


def test_one_of_demo_or_territory(tmp_path: Path) -> None:
    out = tmp_path / "x.pdf"
    both = runner.invoke(app, ["report", "pdf", "inventory", "--year", "2020", "--out", str(out)])
    assert both.exit_code == 2 and "--demo" in both.output
    missing = runner.invoke(
        app, ["report", "pdf", "inventory", "--demo", "--year", "1999", "--out", str(out)]
    )
    assert missing.exit_code == 2 and "1999" in missing.output
    assert not out.exists()


def test_stored_year_without_publication_is_refused(
    tmp_path: Path, database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CITYCLIMATE_DATABASE_URL", database)
    out = tmp_path / "x.pdf"
    answer = runner.invoke(
        app,
        [
            "report",
            "pdf",
            "inventory",
            "--territory",
            "LJ-2016",
            "--year",
            "2031",
            "--out",
            str(out),
        ],
    )
    assert answer.exit_code == 2 and "2031" in answer.output
    assert not out.exists()


def test_demo_evaluation_assessment_and_park(tmp_path: Path) -> None:
    from cityclimate.demo.plan import liangjiang_annual_evaluation
    from cityclimate.plan.annual_evaluation import annual_evaluation_dict

    made = annual_evaluation_dict(liangjiang_annual_evaluation(2023))
    department = made["grades"][0]["department"]
    runs = {
        "evaluation": ["--year", "2023"],
        "assessment": ["--year", "2023", "--department", department],
        "park": [],
    }
    texts = {}
    for kind, extra in runs.items():
        out = tmp_path / f"{kind}.pdf"
        result = runner.invoke(app, ["report", "pdf", kind, "--demo", *extra, "--out", str(out)])
        assert result.exit_code == 0, result.output
        texts[kind] = " ".join(pdf_text(out.read_bytes()))
    overdue = made["tasks"]["overdue"]
    assert overdue and all(t["deadline"] in texts["evaluation"] for t in overdue)
    mine = [r for r in made["rectification"] if r["department"] == department]
    assert all(r["deadline"] in texts["assessment"] for r in mine)
    assert f"{made['grades'][0]['score']:,.1f} 分" in texts["assessment"]
    assert "园区自评估报告" in texts["park"] and "单位能耗碳排放" in texts["park"]
    refused = runner.invoke(
        app,
        [
            "report",
            "pdf",
            "assessment",
            "--demo",
            "--year",
            "2023",
            "--department",
            "无此单位",
            "--out",
            str(tmp_path / "x.pdf"),
        ],
    )
    assert refused.exit_code == 2 and "无此单位" in refused.output
