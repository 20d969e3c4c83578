"""The one place the pages choose a language for data: the ``pick`` and ``name`` filters.

Messages of the templates are translated by the Babel catalogues (``_("…")``); texts that come
with the data — a :class:`~cityclimate.text.Text`, a row's ``name_zh``/``name_en`` — and the
names of codes (:mod:`cityclimate.names`) are chosen here, in the request's language
(:data:`cityclimate.web.i18n.current`)::

    {{ finding.message|pick }}          a Text
    {{ enterprise|pick("name") }}       name_zh / name_en of a row or an object
    {{ row.category|name("category") }} the name of a code, from the data
    {{ factor.selection_reason|reason }} why a factor was chosen
"""

from __future__ import annotations

from collections.abc import Mapping
from contextvars import ContextVar
from typing import Any

from jinja2 import Environment
from markupsafe import Markup, escape

from cityclimate import names
from cityclimate.errors import CityClimateError, DataValidationError
from cityclimate.inventory.reasons import equation_of, reason_text
from cityclimate.text import Text
from cityclimate.web import i18n


def _text(value: Any, key: str | None) -> Text:
    if isinstance(value, Text):
        return value
    if isinstance(value, tuple | list) and len(value) == 2:  # (zh, en) pairs of the core
        return Text(str(value[0]), str(value[1]))
    if key is None and isinstance(value, Mapping) and "zh" in value:  # a Text made JSON-ready
        return Text(str(value["zh"]), str(value.get("en") or ""))
    if key is None:
        raise TypeError(f"pick needs a Text, or a row and the name of its field: {value!r}")
    row = value if isinstance(value, Mapping) else vars(value)
    # the Chinese is ``key_zh``, or plain ``key`` where the Chinese is the record's own name
    zh, en = row.get(f"{key}_zh", row.get(key)), row.get(f"{key}_en")
    return Text("" if zh is None else str(zh), "" if en is None else str(en))


def pick(value: Any, key: str | None = None) -> str:
    """The text of ``value`` in the page's language (``value[key_zh]``/``[key_en]`` for rows)."""
    if value is None:
        return ""
    return _text(value, key).pick(i18n.current.get())


#: The stored territories' names of the request being rendered (set by the page): a territory
#: or sub-area created in the platform is named like the shipped ones.
stored_territories: ContextVar[Mapping[str, Text] | None] = ContextVar(
    "stored_territories", default=None
)


def name(code: Any, kind: str) -> str:
    """The name of ``code`` of ``kind`` in the page's language (the code if the data lack it)."""
    if code is None or code == "":
        return ""
    stored = stored_territories.get() or {}
    if kind == "territory" and str(code) in stored:
        return stored[str(code)].pick(i18n.current.get())
    return names.name(kind, str(code)).pick(i18n.current.get())


def reason(selection_reason: str | None) -> Markup:
    """Why a result's factor was chosen, in the page's language (an equation as code)."""
    if not selection_reason:
        return Markup("")
    shown = escape(reason_text(selection_reason).pick(i18n.current.get()))
    equation = equation_of(selection_reason)
    if equation is None:
        return Markup(shown)
    return Markup('{}: <code translate="no">{}</code>').format(shown, equation)


def error_lines(exc: CityClimateError) -> list[Text]:
    """The lines a page shows for a refused input: each located problem, or the message."""
    if isinstance(exc, DataValidationError):
        return [q.located() for q in exc.problems]
    return [exc.message]


def sep() -> str:
    """The separator of a list of names in the page's language (、 in Chinese, a comma in English)."""
    return ", " if i18n.current.get() == "en" else "、"


def install(env: Environment) -> None:
    """Add the filters to the pages' template environment."""
    env.filters.update(pick=pick, name=name, reason=reason)
    env.globals["sep"] = sep
