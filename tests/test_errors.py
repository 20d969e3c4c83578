"""Tests of the error hierarchy: located, bilingual, complete."""

from __future__ import annotations

import pytest

from cityclimate.errors import CityClimateError, DataValidationError, MissingFactorError, Problem
from cityclimate.text import Text


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


def test_problem_built_with_keywords_and_a_text_equals_the_positional_one() -> None:
    keyword = Problem(
        "activities.csv",
        row=7,
        field="unit",
        value="furlong",
        message=Text("无法识别的单位", "unknown unit"),
    )
    assert keyword == Problem(
        "activities.csv", 7, "unit", "furlong", "无法识别的单位", "unknown unit"
    )
    assert (keyword.message_zh, keyword.message_en) == ("无法识别的单位", "unknown unit")
    assert Problem("f.csv", message=Text("缺少文件", "missing file")).location() == "f.csv"


def test_problem_refuses_a_message_given_twice_or_not_at_all() -> None:
    with pytest.raises(TypeError, match="not both"):
        Problem("f", 1, "x", "", "错", "wrong", message=Text("错", "wrong"))
    with pytest.raises(TypeError, match="needs message"):
        Problem("f", 1, "x", "", "错")


def test_an_error_takes_a_text_or_the_two_strings() -> None:
    assert CityClimateError(Text("错", "wrong")).message == CityClimateError("错", "wrong").message
    error = CityClimateError(Text("错", "wrong"))
    assert (error.message_zh, error.message_en, str(error)) == ("错", "wrong", "错 / wrong")
    with pytest.raises(TypeError, match="Chinese and English"):
        CityClimateError("错")
