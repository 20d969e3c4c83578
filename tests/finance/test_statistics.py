"""Area finance statistics: the plan's figures (993 and 130 亿元 at end 2020, read by hand from the
plan text in /work/shared/seed), with sources; an unconfirmed target is marked; a territory
without data has none; a district's own file is read and a bad row refused."""

from __future__ import annotations

import pytest

from cityclimate.errors import DataValidationError
from cityclimate.finance.statistics import area_statistics


def test_the_plans_green_loan_and_bond_figures_with_their_source() -> None:
    actual = {(s.year, s.measure): s for s in area_statistics("LJ-2016") if s.kind == "actual"}
    assert actual[(2020, "green_loans")].value == 993
    assert actual[(2020, "green_bonds")].value == 130
    assert all(
        s.confidence == "H" and "993" in actual[(2020, "green_loans")].source.zh
        for s in actual.values()
    )
    targets = [s for s in area_statistics("LJ-2016") if s.kind == "target"]
    assert targets and all(
        s.confidence == "L" for s in targets
    )  # secondary source, year unconfirmed


def test_a_territory_without_finance_data_has_none() -> None:
    assert area_statistics("CQ-XX") == []


HEADER = (
    "territory,territory_name_zh,territory_name_en,year,measure,kind,value,unit,"
    "source_zh,source_en,confidence\n"
)


def test_a_districts_own_file_and_a_bad_row() -> None:
    own = HEADER + "T1,甲区,District A,2023,green_bonds,actual,12.5,yi_yuan,年报,annual report,M\n"
    (s,) = area_statistics(None, own)
    assert (s.territory, s.year, s.value, s.source.en) == ("T1", 2023, 12.5, "annual report")
    bad = HEADER + "T1,甲区,District A,2023,green_shares,actual,1,yi_yuan,年报,annual report,M\n"
    with pytest.raises(DataValidationError):
        area_statistics(None, bad)
