"""The rule tables load, carry sources, and can be replaced by a district's own text."""

from __future__ import annotations

import pytest

from cityclimate.enterprises import rules
from cityclimate.errors import ReferenceDataError

LOADERS = [
    rules.industries,
    rules.pue_limits,
    rules.deadlines,
    rules.ets_sectors,
    rules.credit_rules,
    rules.credit_grades,
    rules.disclosure_fields,
    rules.coverage_expectations,
]


@pytest.mark.parametrize("loader", LOADERS)
def test_every_table_loads_with_a_source_on_every_row(loader) -> None:  # type: ignore[no-untyped-def]
    table = loader()
    assert table.height > 0
    assert table["source"].null_count() == 0


def test_pue_limits_keep_both_figures_of_the_plan() -> None:
    limits = rules.pue_limits()
    new = dict(limits.filter(data_centre_class="new").select("edition", "limit").iter_rows())
    assert new == {"plan_table1": 1.25, "plan_text": 1.3}
    assert limits.filter(data_centre_class="existing")["limit"].unique().to_list() == [1.5]
    assert limits.filter(data_centre_class="national_hub")["limit"].unique().to_list() == [1.25]


def test_deadlines_are_31_march_and_15_march() -> None:
    table = rules.deadlines()
    got = {r["obligation"]: (r["month"], r["day"]) for r in table.iter_rows(named=True)}
    assert got == {"emission_report": (3, 31), "disclosure": (3, 15)}


def test_a_district_may_ship_its_own_deadlines() -> None:
    text = (
        "obligation,name_zh,name_en,applies_to,month,day,source,confidence\n"
        "emission_report,年报,report,all,4,30,district notice,H\n"
    )
    assert rules.deadlines(text)["month"].to_list() == [4]


def test_a_bad_rule_row_is_located() -> None:
    text = "edition,data_centre_class,limit,source,confidence\nx,tiny,abc,s,H\n"
    with pytest.raises(ReferenceDataError) as info:
        rules.pue_limits(text)
    fields = {p.field for p in info.value.problems}
    assert {"data_centre_class", "limit"} <= fields
