"""The one finding type: severity order, and the same fields for every check that reports one."""

from __future__ import annotations

import dataclasses

from cityclimate.findings import NO_FIX, SEVERITIES, Finding, Severity
from cityclimate.text import Text


def test_severities_sort_most_serious_first() -> None:
    assert [s.rank for s in SEVERITIES] == [0, 1, 2]
    mixed = [Severity.INFO, Severity.ERROR, Severity.WARNING]
    assert sorted(mixed, key=lambda s: s.rank) == ["error", "warning", "info"]


def test_a_finding_reads_in_both_languages() -> None:
    f = Finding(
        Severity.WARNING,
        "year_on_year_jump",
        "LJ 2020 energy.transport.road",
        message=Text("同比变化 +60%", "change +60%"),
        fix=Text("核对活动水平", "check the activity data"),
        value="+60 %",
    )
    assert (f.message_zh, f.message_en, f.fix_zh, f.fix_en) == (
        "同比变化 +60%",
        "change +60%",
        "核对活动水平",
        "check the activity data",
    )
    assert (
        str(f)
        == "[warning] year_on_year_jump @ LJ 2020 energy.transport.road: 同比变化 +60% / change +60%"
    )
    assert f.fix is not NO_FIX and f.row is None and f.sources == ()


def test_the_checks_of_every_room_report_the_one_finding_type() -> None:
    from cityclimate.enterprises import reconciliation
    from cityclimate.indicators import quality
    from cityclimate.inventory import qa

    for module in (qa, reconciliation, quality):
        assert module.Finding is Finding, module.__name__
    assert {f.name for f in dataclasses.fields(Finding)} == {
        "severity",
        "rule",
        "where",
        "message",
        "fix",
        "value",
        "row",
        "sources",
    }
