"""Tests of the error hierarchy: located, bilingual, complete."""

from __future__ import annotations

import pytest

from cityclimate.errors import CityClimateError, DataValidationError, MissingFactorError, Problem


def test_problem_names_file_row_field_and_value() -> None:
    p = Problem("activities.csv", 7, "unit", "furlong", "无法识别的单位", "unknown unit")
    assert (
        str(p) == "activities.csv, row 7, field 'unit' = 'furlong': 无法识别的单位 / unknown unit"
    )


def test_validation_error_lists_every_problem_and_counts_the_rest() -> None:
    problems = [Problem("f", i, "x", str(i), "错", "wrong") for i in range(1, 26)]
    error = DataValidationError(problems)
    assert error.problems == problems
    assert "25" in error.message_en and "5 more" in error.message_en
    assert isinstance(error, CityClimateError)
    assert issubclass(MissingFactorError, DataValidationError)


def test_validation_error_needs_a_problem() -> None:
    with pytest.raises(ValueError, match="at least one"):
        DataValidationError([])
