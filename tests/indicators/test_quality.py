"""Tests of cityclimate.indicators.quality."""

from __future__ import annotations

from cityclimate.findings import Severity
from cityclimate.indicators.definitions import (
    load_liangjiang_indicators,
    load_liangjiang_target_statements,
)
from cityclimate.indicators.model import IndicatorValue, Provenance, TargetStatement
from cityclimate.indicators.quality import check_entered_vs_derived, check_target_consistency


def test_pue_limit_inconsistency_in_the_plan_is_flagged() -> None:
    findings = check_target_consistency(load_liangjiang_target_statements())
    warnings = [f for f in findings if f.severity is Severity.WARNING]
    assert [f.where for f in warnings] == ["datacentre_pue_new"]
    (warning,) = warnings
    assert warning.rule == "figure_inconsistent_between_sources"
    assert "1.25" in warning.message_en and "1.3" in warning.message_en
    assert "1.25" in warning.message_zh and "1.3" in warning.message_zh
    assert len(warning.sources) == 2
    # the figures with their units as people write them; the citations stay in ``sources``
    assert (
        warning.message_zh
        == "2025年目标值在不同来源中不一致：<=1.25（新建数据中心）；<=1.3（新建大型、超大型数据中心）"
    )
    assert not any(source in warning.message_zh for source in warning.sources)
    assert warning.fix_zh and warning.fix_en


def test_figure_missing_in_one_source_is_noted() -> None:
    findings = check_target_consistency(load_liangjiang_target_statements())
    infos = [f for f in findings if f.severity is Severity.INFO]
    assert [f.where for f in infos] == ["sponge_city_share_of_built_up"]
    assert "31.12" in infos[0].message_en


def _statement(value: float, unit: str, source: str) -> TargetStatement:
    return TargetStatement("x", "target", 2025, ">=", value, unit, "范围", "scope", source)


def test_same_figure_in_other_units_agrees() -> None:
    statements = [_statement(55, "%", "table"), _statement(0.55, "dimensionless", "text")]
    assert check_target_consistency(statements) == []


def test_different_figures_disagree() -> None:
    statements = [_statement(55, "%", "table"), _statement(50, "%", "text")]
    assert len(check_target_consistency(statements)) == 1


def test_entered_and_derived_are_compared() -> None:
    definitions = load_liangjiang_indicators()
    values = [
        IndicatorValue("energy_intensity_reduction", 2023, 8.0, "%", Provenance.ENTERED_BY_HAND),
        IndicatorValue("energy_intensity_reduction", 2023, 8.5, "%", Provenance.DERIVED_FROM_DATA),
        IndicatorValue("co2_intensity_reduction", 2023, 9.0, "%", Provenance.ENTERED_BY_HAND),
        IndicatorValue("co2_intensity_reduction", 2023, 9.05, "%", Provenance.DERIVED_FROM_DATA),
    ]
    findings = check_entered_vs_derived(values, definitions, tolerance=0.1)
    assert [f.where for f in findings] == ["energy_intensity_reduction"]
    assert findings[0].rule == "entered_differs_from_derived"
