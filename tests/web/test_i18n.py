"""Both message catalogues (zh-CN and English) translate every message of the pages."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from babel.messages.extract import extract_from_dir

from cityclimate.web import i18n

METHODS = [("**.py", "python"), ("templates/**.html", "jinja2")]
OPTIONS = {"templates/**.html": {"extensions": "jinja2.ext.i18n"}}


def extracted() -> set[str]:
    folder = Path(str(resources.files("cityclimate.web")))
    messages = extract_from_dir(
        str(folder), METHODS, keywords={"_": None, "N_": None, "gettext": None}, options_map=OPTIONS
    )
    return {message for _, _, message, _, _ in messages if isinstance(message, str)}


def test_templates_have_messages() -> None:
    assert len(extracted()) > 100


def test_both_catalogues_are_complete() -> None:
    wanted = extracted()
    for lang in i18n.LANGUAGES:
        missing = wanted - set(i18n.catalogue(lang))
        assert missing == set(), f"{lang} lacks translations for {sorted(missing)}"


def test_chinese_is_the_default_and_really_chinese() -> None:
    assert i18n.DEFAULT == "zh_CN"
    zh = i18n.catalogue("zh_CN")
    assert zh["Overview"] == "总览"
    untranslated = [k for k, v in zh.items() if k == v and any(c.isalpha() for c in k)]
    assert untranslated == []
