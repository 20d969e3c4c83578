"""The adaptation service on stored data (demo loaded): plan indicators 11-13 on the indicator
board come from this module's stored green-space years and drainage-zone evaluations, and move
when those change; settings and writes are checked."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from cityclimate.errors import DataValidationError
from cityclimate.services import indicators
from cityclimate.services.actors import Actor
from cityclimate.services.adaptation import assessments, warnings
from cityclimate.services.errors import PermissionDeniedError
from cityclimate.storage.adaptation_models import AdaptationZoneItem

OFFICE = Actor(None, "office", "climate_office")
DEPARTMENT = Actor(None, "dept", "department")
LJ = "LJ-2016"


def _rows(session: Session, year: int) -> dict[str, dict[str, object]]:
    board = indicators.board(session, OFFICE, LJ, year)
    return {r["indicator_id"]: r for r in board["indicators"]}


def test_indicators_11_to_13_on_the_board_come_from_the_module(session: Session) -> None:
    rows = _rows(session, 2023)
    # Hand oracles from the demo's stored tables: 80.35 km² green of 177 km² built-up;
    # 37 200 000 m² of parks for 2 000 000 people; zones Z1-Z4 (95 km²) of 177 km² meet.
    assert rows["built_up_green_coverage"]["actual"] == pytest.approx(80.35 / 177 * 100)
    assert rows["park_green_space_per_person"]["actual"] == pytest.approx(18.6)
    assert rows["sponge_city_share_of_built_up"]["actual"] == pytest.approx(95 / 177 * 100)
    for key in ("built_up_green_coverage", "sponge_city_share_of_built_up"):
        assert rows[key]["provenance"] == "derived_from_data"


def test_a_zone_failing_an_assessed_item_lowers_indicator_13(session: Session) -> None:
    zones, evaluations = _stored_2023(session)
    for row in evaluations:
        if row["zone"] == "Z4" and row["item"] == "waterlogging":
            row["passed"] = "no"
    assessments.import_zones(session, OFFICE, LJ, 2023, zones, evaluations)
    session.flush()
    # Z4 (17 km²) no longer meets: (95 - 17) / 177.
    share = _rows(session, 2023)["sponge_city_share_of_built_up"]["actual"]
    assert share == pytest.approx(78 / 177 * 100)


def test_an_inspected_item_failing_changes_nothing(session: Session) -> None:
    zones, evaluations = _stored_2023(session)
    for row in evaluations:
        if row["item"] == "heat_island":
            row["passed"] = "no"
    results = assessments.import_zones(session, OFFICE, LJ, 2023, zones, evaluations)
    assert sum(r.built_up_km2 for r in results if r.meets) == 95


def _stored_2023(session: Session) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    results = assessments.zone_results(session, LJ, 2023)
    zones: list[dict[str, object]] = [
        {
            "zone": r.zone,
            "name_zh": r.name.zh,
            "name_en": r.name.en,
            "area_km2": r.built_up_km2 * 2,
            "built_up_km2": r.built_up_km2,
        }
        for r in results
    ]
    items = session.query(AdaptationZoneItem).filter_by(territory_code=LJ, year=2023).all()
    evaluations: list[dict[str, object]] = [
        {
            "zone": i.zone,
            "item": i.item,
            "target": i.target,
            "measured": i.measured,
            "passed": i.passed,
            "source": i.source,
        }
        for i in items
    ]
    return zones, evaluations


def test_writes_need_the_office_and_settings_are_checked(session: Session) -> None:
    with pytest.raises(PermissionDeniedError):
        warnings.evaluate(session, DEPARTMENT, LJ)
    settings = warnings.get_settings(session, LJ)
    with pytest.raises(DataValidationError) as caught:
        warnings.save_settings(
            session, OFFICE, warnings.Settings(**{**settings.__dict__, "region_code": "5001"})
        )
    assert caught.value.problems[0].field == "region_code"
    with pytest.raises(DataValidationError) as caught:
        warnings.save_settings(
            session, OFFICE, warnings.Settings(**{**settings.__dict__, "jurisdiction": "XX"})
        )
    assert caught.value.problems[0].field == "jurisdiction"


def test_bad_risk_layers_store_nothing(session: Session) -> None:
    before = assessments.risk_layer_rows(session, LJ)
    bad = [{**before[0], "direction": "sideways"}]
    with pytest.raises(DataValidationError):
        assessments.import_risk_layers(session, OFFICE, LJ, bad, where="layers.csv")
    assert assessments.risk_layer_rows(session, LJ) == before
