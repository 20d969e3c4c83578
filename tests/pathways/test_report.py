"""Tests of pathway results as plain data."""

from __future__ import annotations

import json

from cityclimate.demo.pathways import liangjiang_study
from cityclimate.pathways.report import probabilities, result_summary


def test_summary_and_probabilities_are_json_ready_and_consistent() -> None:
    study = liangjiang_study(runs=200)
    plan = study.results["plan"]
    summary = result_summary(plan)
    json.dumps(summary)  # JSON-ready: no frames or dates left
    assert summary["peak"]["year"] == plan.peak.year
    assert max(row["gross_co2e_t"] for row in summary["totals"]) == plan.peak.co2e_t
    chances = probabilities(study.uncertainty["plan"])
    assert set(chances) == {"probability_peak_by", "probability_target_met"}
    assert all(0.0 <= p <= 1.0 for p in chances["probability_peak_by"].values())
