"""The illustrative demo: labelled, across the nine sub-areas, consistent with the inventory."""

from __future__ import annotations

from cityclimate import refdata
from cityclimate.demo import enterprises as demo
from cityclimate.enterprises import register


def test_nine_sub_areas_all_labelled_illustrative() -> None:
    enterprises = demo.enterprises()
    registry = register(enterprises)
    sub_areas = set(refdata.territories().filter(parent="LJ-2016")["code"])
    assert {e.sub_area for e in registry.values()} == sub_areas
    assert all(
        e.illustrative and "示例" in e.name_zh and "illustrative" in e.name_en for e in enterprises
    )
    for kind in ("energy", "materials", "production", "data_centre"):
        assert demo.ledger(kind)["data_source"].str.contains("ILLUSTRATIVE").all()


def test_gas_power_plant_display_plant_with_fgases_and_data_centre() -> None:
    registry = register(demo.enterprises())
    assert registry["LJ-CHP"].industry == "4412" and registry["LJ-CHP"].sub_area == "LJ-2016-YF"
    panel = registry["LJ-PANEL"]
    assert panel.sub_area == "LJ-2016-ST"
    fuels = {s.fuel for f in panel.facilities for s in f.sources}
    assert {"NF3", "CF4", "SF6"} <= fuels
    assert registry["LJ-DC"].data_centre and registry["LJ-DC"].data_centre_class == "new"


def test_pack_validates() -> None:
    pack = demo.pack()
    assert pack.territory == "LJ-2016" and "ILLUSTRATIVE" in pack.notice
    assert pack.ledgers["energy"]["month"].max() == 12
