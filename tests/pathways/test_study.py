"""Tests of the Liangjiang demo study: three scenarios, wedges, LMDI, probabilities."""

from __future__ import annotations

import numpy as np
import pytest

from cityclimate.demo.pathways import NOTICE_EN, liangjiang_study


def test_demo_study_has_everything_the_issue_asks_for() -> None:
    study = liangjiang_study(runs=200, seed=11)
    assert list(study.results) == ["baseline", "plan", "enhanced"]
    assert study.illustrative and "ILLUSTRATIVE" in NOTICE_EN
    for result in study.results.values():
        assert 2020 <= result.peak.year <= 2035 and result.peak.co2e_t > 0
        assert len(result.targets) == 2
    assert set(study.wedges) == {"plan", "enhanced"}
    for name, wedges in study.wedges.items():
        net = study.results[name].totals["net_co2e_t"].to_numpy()
        assert np.allclose(wedges.scenario_t, net, rtol=1e-12)
    assert set(study.uncertainty) == {"baseline", "plan", "enhanced"}
    d = study.decomposition
    assert d is not None and (d.start_year, d.end_year) == (2019, 2020)
    assert round(d.start_co2e_t / 1e4, 2) == 685.36 and round(d.end_co2e_t / 1e4, 2) == 724.42
    assert d.effects["co2e_t"].sum() == pytest.approx(d.end_co2e_t - d.start_co2e_t)
