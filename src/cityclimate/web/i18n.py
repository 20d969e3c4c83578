"""Languages of the pages: zh-CN (default) and English, from Babel message catalogues.

The catalogues are ``locale/<lang>/LC_MESSAGES/messages.po``; msgids are English. Both must be
complete (a test extracts every message from the templates and the code and checks both).
"""

from __future__ import annotations

from contextvars import ContextVar
from functools import lru_cache
from importlib import resources

from babel.messages.pofile import read_po

from cityclimate.requests import DEFAULT_LANGUAGE as DEFAULT
from cityclimate.requests import LANG_COOKIE, LANGUAGES
from cityclimate.requests import pick_language as pick

__all__ = [
    "DEFAULT",
    "DYNAMIC",
    "LANGUAGES",
    "LANG_COOKIE",
    "N_",
    "catalogue",
    "current",
    "gettext",
    "ngettext",
    "pick",
]

current: ContextVar[str] = ContextVar("cityclimate_lang", default=DEFAULT)


@lru_cache(maxsize=4)
def catalogue(lang: str) -> dict[str, str]:
    """msgid → msgstr of a language (empty translations left out)."""
    path = resources.files("cityclimate.web").joinpath("locale", lang, "LC_MESSAGES", "messages.po")
    with path.open("rb") as handle:
        parsed = read_po(handle, locale=lang)
    return {str(m.id): str(m.string) for m in parsed if m.id and m.string}


def gettext(message: str) -> str:
    return catalogue(current.get()).get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return gettext(singular if n == 1 else plural)


def N_(message: str) -> str:  # noqa: N802 (the usual name of a gettext no-op marker)
    """Mark a message for extraction without translating it here (translated where shown)."""
    return message


#: Messages the templates translate from values (statuses, roles).
DYNAMIC = (
    N_("draft"),
    N_("published"),
    N_("recalculated"),
    N_("staged"),
    N_("confirmed"),
    N_("discarded"),
    N_("admin"),
    N_("climate_office"),
    N_("department"),
    N_("enterprise"),
    N_("public"),
    N_("financier"),
    # climate finance (issue 14): classes, stage steps, sides of an estimate, claim schemes
    N_("mitigation"),
    N_("adaptation"),
    N_("both"),
    N_("admit"),
    N_("promote"),
    N_("finance"),
    N_("build"),
    N_("operate"),
    N_("withdraw"),
    N_("refuse"),
    N_("baseline"),
    N_("project"),
    N_("finance_library"),
    N_("ets"),
    N_("carbon_inclusion"),
    N_("voluntary"),
)
