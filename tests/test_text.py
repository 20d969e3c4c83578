"""The one bilingual text: which language a request gets, and the fall-back to Chinese."""

from __future__ import annotations

import doctest

import pytest

from cityclimate import text
from cityclimate.text import Text, is_english


@pytest.mark.parametrize(
    ("lang", "shown"),
    [
        ("en", "road"),
        ("en-US", "road"),
        ("EN_gb", "road"),
        (" en ", "road"),
        ("zh_CN", "道路"),
        ("zh-CN", "道路"),
        ("zh", "道路"),
        ("", "道路"),
        (None, "道路"),
        ("fr", "道路"),  # a language the platform does not have: its first language
    ],
)
def test_pick_gives_english_only_when_asked(lang: str | None, shown: str) -> None:
    assert Text("道路", "road").pick(lang) == shown
    assert is_english(lang) is (shown == "road")


def test_a_missing_english_text_falls_back_to_the_chinese() -> None:
    assert Text("梁江区", "").pick("en") == "梁江区"


def test_of_reads_the_zh_and_en_columns_of_a_row() -> None:
    assert Text.of({"title_zh": "甲", "title_en": "A", "x": 1}, "title") == Text("甲", "A")
    assert Text.of({"title_zh": "甲"}, "title") == Text("甲", "")


def test_str_shows_both_languages_once() -> None:
    assert str(Text("单位", "unit")) == "单位 / unit"
    assert str(Text("单位", "")) == "单位"


def test_the_examples_in_the_docstrings_hold() -> None:
    assert doctest.testmod(text).failed == 0
