"""One bilingual text: :class:`Text` holds the Chinese and English of a message or a name.

Every message and name a person reads is a ``Text`` (zh-CN first, English second, DESIGN.md:
i18n). The faces choose the language in one place each (a Jinja filter on the pages, the
``Accept-Language`` header or ``lang`` parameter in the API) by calling :meth:`Text.pick`.

>>> t = Text("单位无法识别", "unknown unit")
>>> t.pick("zh_CN"), t.pick("en"), t.pick(None)
('单位无法识别', 'unknown unit', '单位无法识别')
>>> Text("梁江区", "").pick("en")  # no English name: the Chinese one, never a blank
'梁江区'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["Text", "is_english"]


def is_english(lang: str | None) -> bool:
    """True when ``lang`` (``"en"``, ``"en-US"``, ``"en_GB"``, …) asks for English.

    Anything else, including no language at all, means zh-CN, the platform's first language.
    """
    return lang is not None and lang.strip().lower()[:2] == "en"


@dataclass(frozen=True)
class Text:
    """A text in Chinese and English.

    Attributes
    ----------
    zh:
        The Chinese (zh-CN) text; never empty for a message shown to a person.
    en:
        The English text; ``""`` when there is none (then :meth:`pick` gives the Chinese).
    """

    zh: str
    en: str

    def pick(self, lang: str | None) -> str:
        """The text in ``lang`` (English for ``en*``, else Chinese; Chinese if no English)."""
        return (self.en or self.zh) if is_english(lang) else self.zh

    @classmethod
    def of(cls, row: Mapping[str, object], key: str) -> Text:
        """The text of ``row[key + "_zh"]`` and ``row[key + "_en"]`` (missing → ``""``).

        >>> Text.of({"name_zh": "道路交通", "name_en": "Road transport"}, "name")
        Text(zh='道路交通', en='Road transport')
        """
        zh, en = row.get(f"{key}_zh"), row.get(f"{key}_en")
        return cls("" if zh is None else str(zh), "" if en is None else str(en))

    def __str__(self) -> str:
        return f"{self.zh} / {self.en}" if self.en and self.en != self.zh else self.zh
