"""Data-quality checks on indicator figures: flag, never silently resolve.

Rules
-----
``figure_inconsistent_between_sources`` (warning)
    Two sources give different base or target figures for the same indicator and year (the
    plan gives the new-data-centre PUE limit as 1.25 in Table 1 and 1.3 in its text,
    MISSION R2). The definition keeps the figure of its own source; a person decides.
``figure_missing_in_one_source`` (info)
    One source gives '–' where another gives a figure (the sponge-city share: '–' in
    Table 1, 31.12 % for 2020 in the text): the figure may be usable as the base value.
``entered_differs_from_derived`` (warning)
    A value entered by hand and a value derived from data for the same indicator and year
    differ by more than the tolerance the office sets. Both values are kept.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from cityclimate.findings import Finding, Severity
from cityclimate.indicators.model import (
    IndicatorDefinition,
    IndicatorValue,
    Provenance,
    TargetStatement,
)
from cityclimate.names import name
from cityclimate.text import Text
from cityclimate.units import conversion_factor


def _shown(statement: TargetStatement) -> Text:
    """The figure with its unit as people write it (``≤1.25`` for a PUE, ``9 m²/人``)."""
    if statement.value is None:
        return Text("–", "–")
    unit = name("unit", statement.unit)
    figure = f"{statement.comparator or ''}{statement.value:g}"
    return Text(f"{figure} {unit.zh}".strip(), f"{figure} {unit.en}".strip())


def check_target_consistency(statements: Iterable[TargetStatement]) -> list[Finding]:
    """Compare the base and target figures that several sources state for an indicator.

    Parameters
    ----------
    statements:
        Statements of figures (e.g. ``load_liangjiang_target_statements()``).

    Returns
    -------
    list of Finding
        One per (indicator, base/target, year) whose sources disagree (warning) or where a
        source gives no figure while another does (info). Empty when all agree.
    """
    groups: dict[tuple[str, str, int], list[TargetStatement]] = defaultdict(list)
    for statement in statements:
        groups[(statement.indicator_id, statement.statement, statement.year)].append(statement)
    findings: list[Finding] = []
    for (indicator_id, kind, year), group in groups.items():
        given = [s for s in group if s.value is not None]
        kind_zh = "目标值" if kind == "target" else "基准值"
        figures = {
            (s.comparator, round(s.value * conversion_factor(s.unit, given[0].unit), 9))
            for s in given
            if s.value is not None
        }
        # the sources (citations, as written) are in ``sources``, in the same order
        listing_zh = "；".join(f"{_shown(s).zh}（{s.scope_zh}）" for s in group)
        listing_en = "; ".join(f"{_shown(s).en} ({s.scope_en})" for s in group)
        sources = tuple(s.source for s in group)
        if len(figures) > 1:
            findings.append(
                Finding(
                    severity=Severity.WARNING,
                    rule="figure_inconsistent_between_sources",
                    where=indicator_id,
                    message=Text(
                        f"{year}年{kind_zh}在不同来源中不一致：{listing_zh}",
                        f"the {year} {kind} differs between sources: {listing_en}",
                    ),
                    fix=Text(
                        "请核实并确定采用的数值，系统不会自动选择",
                        "confirm which figure applies; the system does not choose",
                    ),
                    sources=sources,
                )
            )
        if given and len(given) < len(group):
            findings.append(
                Finding(
                    severity=Severity.INFO,
                    rule="figure_missing_in_one_source",
                    where=indicator_id,
                    message=Text(
                        f"{year}年{kind_zh}在部分来源中缺失：{listing_zh}",
                        f"the {year} {kind} is missing in a source: {listing_en}",
                    ),
                    fix=Text(
                        "可考虑采用其他来源的数值并注明出处",
                        "consider using the other source's figure, citing it",
                    ),
                    sources=sources,
                )
            )
    return findings


def check_entered_vs_derived(
    values: Iterable[IndicatorValue],
    definitions: Iterable[IndicatorDefinition],
    *,
    tolerance: float,
) -> list[Finding]:
    """Flag indicator-years whose entered and derived values differ by more than ``tolerance``.

    Parameters
    ----------
    values:
        Observed values of both provenances.
    definitions:
        The indicators (for their units).
    tolerance:
        Largest accepted absolute difference, in each indicator's own unit (e.g. 0.1 for
        0.1 percentage point), set by the climate office.

    Returns
    -------
    list of Finding
        One warning per indicator-year out of tolerance.
    """
    units = {definition.id: definition.unit for definition in definitions}
    pairs: dict[tuple[str, int], dict[Provenance, IndicatorValue]] = defaultdict(dict)
    for value in values:
        pairs[(value.indicator_id, value.year)][value.provenance] = value
    findings = []
    for (indicator_id, year), pair in sorted(pairs.items()):
        entered = pair.get(Provenance.ENTERED_BY_HAND)
        derived = pair.get(Provenance.DERIVED_FROM_DATA)
        unit = units.get(indicator_id)
        if entered is None or derived is None or unit is None:
            continue
        shown = name("unit", unit)
        a = entered.value * conversion_factor(entered.unit, unit)
        b = derived.value * conversion_factor(derived.unit, unit)
        if abs(a - b) > tolerance:
            findings.append(
                Finding(
                    severity=Severity.WARNING,
                    rule="entered_differs_from_derived",
                    where=indicator_id,
                    message=Text(
                        f"{year}年手工填报值 {a:g} 与数据推算值 {b:g} {shown.zh} 相差超过 "
                        f"{tolerance:g}",
                        f"{year}: entered {a:g} and derived {b:g} {shown.en} differ by more "
                        f"than {tolerance:g}",
                    ),
                    fix=Text("请核实两者的口径与数据", "check both values' scope and data"),
                    value=f"{a:g} / {b:g}",
                    sources=(entered.source, derived.source),
                )
            )
    return findings
