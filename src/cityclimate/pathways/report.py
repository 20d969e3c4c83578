"""Pathway results as plain data (JSON-ready), shared by the command line, the API and the pages.

Units: ``co2e_t`` in t CO2e, shares and probabilities as fractions (0–1), reductions in %.
"""

from __future__ import annotations

from typing import Any

from cityclimate.pathways.model import PathwayResult
from cityclimate.pathways.uncertainty import MonteCarloResult


def result_summary(result: PathwayResult) -> dict[str, Any]:
    """Peak, sector peaks, target outcomes, yearly totals and the notes of the levers that act
    on nothing in this territory (``notes``: lever id, zh, en) of one scenario run."""
    return {
        "notes": [
            {"lever_id": lever_id, "note_zh": note.zh, "note_en": note.en}
            for lever_id, note in result.idle_levers.items()
        ],
        "peak": {
            "year": result.peak.year,
            "co2e_t": result.peak.co2e_t,
            "within_horizon": result.peak.within_horizon,
        },
        "sector_peaks": result.sector_peaks.to_dicts(),
        "targets": [
            {
                "indicator_id": t.indicator_id,
                "name_zh": t.name_zh,
                "name_en": t.name_en,
                "base_year": t.base_year,
                "target_year": t.target_year,
                "target_pct": t.target_pct,
                "target_source": t.target_source,
                "reduction_at_target_year_pct": t.reduction_at_target_year_pct,
                "met": t.met,
                "first_year_met": t.first_year_met,
            }
            for t in result.targets
        ],
        "totals": result.totals.to_dicts(),
    }


def probabilities(mc: MonteCarloResult) -> dict[str, dict[str, float]]:
    """Probability of peaking by each year asked, and of meeting each indicator's target."""
    return {
        "probability_peak_by": {str(y): p for y, p in mc.peak_probability.iter_rows()},
        "probability_target_met": {
            row["indicator_id"]: row["probability_met"]
            for row in mc.target_probability.iter_rows(named=True)
        },
    }
