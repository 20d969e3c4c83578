"""Described product systems: checks that name the process and input, the model they become,
and a footprint computed by hand."""

from __future__ import annotations

import pytest

from cityclimate.errors import DataValidationError
from cityclimate.footprints.datasets import DatasetRecord
from cityclimate.footprints.systems import (
    SupplierValue,
    compute_footprint,
    system_from_dict,
    system_to_dict,
)
from cityclimate.text import Text

GWP = {"CO2": 1.0, "CH4": 27.9, "CO2e": 1.0}


def _dataset(
    code: str, unit: str, value: float, dqr: dict[str, float] | None = None
) -> DatasetRecord:
    return DatasetRecord(
        code, Text(code, code), unit, value, "CN", 2022, "test", "1", "CC0", dqr=dqr or {}
    )


DATASETS = {
    "power": _dataset("power", "kWh", 0.5, {"technological": 2, "geographical": 1, "temporal": 1}),
    "steel": _dataset("steel", "kg", 2.0, {"technological": 3, "geographical": 3, "temporal": 3}),
}


def system() -> dict[str, object]:
    return {
        "processes": [
            {
                "code": "assembly",
                "name": {"zh": "装配", "en": "assembly"},
                "output_amount": 1,
                "output_unit": "piece",
                "primary": True,
                "inputs": [
                    {"code": "part", "amount": 2, "unit": "piece", "process": "part"},
                    {"code": "power", "amount": 10, "unit": "kWh", "dataset": "power"},
                ],
                "emissions": [{"gas": "CH4", "kg": 0.1}],
            },
            {
                "code": "part",
                "output_amount": 1,
                "output_unit": "piece",
                "inputs": [
                    {
                        "code": "steel",
                        "amount": 3,
                        "unit": "kg",
                        "dataset": "steel",
                        "supplier": True,
                    }
                ],
            },
        ]
    }


def test_a_footprint_equals_the_hand_computed_sum() -> None:
    spec = system_from_dict(system())
    result, parts = compute_footprint(spec, DATASETS, GWP, product="widget")
    # 10 kWh × 0.5 + 0.1 kg CH4 × 27.9 + 2 parts × 3 kg × 2.0 = 5 + 2.79 + 12
    assert result.total == pytest.approx(19.79, rel=1e-12)
    assert parts.by_process == pytest.approx({"assembly": 7.79, "part": 12.0})
    assert parts.by_input == pytest.approx({"assembly/power": 5.0, "part/steel": 12.0})
    assert parts.by_stage == pytest.approx({"production": 19.79})
    assert result.primary_share == pytest.approx(2.79 / 19.79)


def test_a_supplier_answer_replaces_the_dataset_and_counts_as_primary() -> None:
    spec = system_from_dict(system())
    answer = SupplierValue(1.5, dqr={"technological": 1, "geographical": 1, "temporal": 1})
    result, parts = compute_footprint(spec, DATASETS, GWP, supplier_values={"part/steel": answer})
    assert result.total == pytest.approx(5 + 2.79 + 2 * 3 * 1.5)
    assert parts.by_input["part/steel"] == pytest.approx(9.0)
    assert result.primary_share == pytest.approx((2.79 + 9.0) / result.total)
    assert (
        result.quality["technological"]
        < compute_footprint(spec, DATASETS, GWP)[0].quality["technological"]
    )


def test_problems_name_the_process_and_input() -> None:
    bad = system()
    processes = bad["processes"]
    assert isinstance(processes, list)
    processes[0]["inputs"][0]["process"] = "nowhere"
    processes[1]["output_amount"] = 0
    processes[1]["inputs"][0]["amount"] = -1
    with pytest.raises(DataValidationError) as caught:
        system_from_dict(bad, where="widget")
    located = {(p.where, p.field) for p in caught.value.problems}
    assert located == {
        ("widget: process assembly, input part", "process"),
        ("widget: process part", "output_amount"),
        ("widget: process part, input steel", "amount"),
    }


def test_a_missing_dataset_is_named() -> None:
    spec = system_from_dict(system())
    with pytest.raises(DataValidationError) as caught:
        compute_footprint(spec, {"power": DATASETS["power"]}, GWP)
    [problem] = caught.value.problems
    assert (problem.where, problem.field, problem.value) == (
        "process part, input steel",
        "dataset",
        "steel",
    )


def test_stored_form_round_trips() -> None:
    spec = system_from_dict(system())
    assert system_from_dict(system_to_dict(spec)) == spec
