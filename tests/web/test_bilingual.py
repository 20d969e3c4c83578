"""The filters that choose the language of data on the pages (no browser needed)."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import pytest

from cityclimate.findings import Finding, Severity
from cityclimate.text import Text
from cityclimate.web import bilingual, i18n


@dataclass
class _Row:
    name: str
    name_en: str


@pytest.fixture(params=["zh_CN", "en"])
def lang(request: pytest.FixtureRequest) -> str:
    token = i18n.current.set(request.param)
    yield request.param
    i18n.current.reset(token)


def test_pick_reads_a_text_a_row_a_pair_and_a_json_ready_text(lang: str) -> None:
    zh = lang == "zh_CN"
    finding = Finding(Severity.INFO, "r", "w", message=Text("消息", "message"))
    assert bilingual.pick(Text("甲", "A")) == ("甲" if zh else "A")
    assert bilingual.pick({"title_zh": "甲", "title_en": "A"}, "title") == ("甲" if zh else "A")
    assert bilingual.pick(_Row("汽车厂", "Car plant"), "name") == ("汽车厂" if zh else "Car plant")
    assert bilingual.pick(("甲", "A")) == ("甲" if zh else "A")
    # a service that turned the finding into a dict (asdict) still shows its message
    assert bilingual.pick(asdict(finding)["message"]) == ("消息" if zh else "message")
    assert bilingual.pick(None) == ""


def test_name_and_reason_show_names_from_the_data(lang: str) -> None:
    zh = lang == "zh_CN"
    assert bilingual.name("m2/person", "unit") == ("m²/人" if zh else "m²/person")
    assert bilingual.name("no_such_code", "unit") == "no_such_code"
    shown = str(bilingual.reason("FOD: deposited 2010, decaying in 2011 (DOC <0.2>)"))
    assert shown.startswith("一阶衰减法" if zh else "first-order decay")
    assert shown.endswith('<code translate="no">DOC &lt;0.2&gt;</code>')  # escaped


def test_pick_refuses_a_bare_string() -> None:
    with pytest.raises(TypeError, match="pick needs a Text"):
        bilingual.pick("plain")
