"""Shared fixtures: the demo inventory, structure, levers and the three shipped scenarios."""

from __future__ import annotations

import polars as pl
import pytest

from cityclimate.demo import liangjiang
from cityclimate.demo.pathways import liangjiang_scenarios
from cityclimate.indicators import IndicatorDefinition, load_liangjiang_indicators
from cityclimate.inventory import compute_emissions
from cityclimate.pathways import (
    Lever,
    PathwayStructure,
    PreparedModel,
    Scenario,
    calibrate,
    load_levers,
    load_structure,
    prepare_model,
)


@pytest.fixture(scope="session")
def emissions() -> pl.DataFrame:
    return compute_emissions(liangjiang.activities(), liangjiang.method())


@pytest.fixture(scope="session")
def structure() -> PathwayStructure:
    return load_structure("liangjiang")


@pytest.fixture(scope="session")
def levers() -> dict[str, Lever]:
    return load_levers()


@pytest.fixture(scope="session")
def scenarios(structure: PathwayStructure, levers: dict[str, Lever]) -> dict[str, Scenario]:
    return {s.name: s for s in liangjiang_scenarios(structure, levers)}


@pytest.fixture(scope="session")
def model(
    emissions: pl.DataFrame, structure: PathwayStructure, levers: dict[str, Lever]
) -> PreparedModel:
    return prepare_model(calibrate(emissions, structure, 2020), structure, levers)


@pytest.fixture(scope="session")
def definitions() -> list[IndicatorDefinition]:
    return load_liangjiang_indicators()
