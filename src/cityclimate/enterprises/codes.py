"""Unified social credit codes (统一社会信用代码, GB 32100-2015) and organisation codes (GB 11714).

A unified social credit code has 18 characters::

    9 1 500000 MA5U0001 1 1
    │ │ │      │        │ └ 18: check character over positions 1–17 (GB 32100-2015, 4.5)
    │ │ │      │        └ 17: check of the organisation code (GB 11714-1997)
    │ │ │      └ 9–16: organisation-code body
    │ │ └ 3–8: administrative division of the registering authority (GB/T 2260), digits
    │ └ 2: category of the organisation within that authority (1 = enterprise under 9)
    └ 1: registration authority (9 = market regulation, 5 = civil affairs, …)

Check character (GB 32100-2015)
    Alphabet ``0123456789ABCDEFGHJKLMNPQRTUWXY`` (31 symbols: no I, O, S, V, Z), values 0–30;
    weights w_i = 3^i mod 31 for i = 0..16 (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8,
    24, 10, 30, 28); check = alphabet[(31 − Σ value_i · w_i mod 31) mod 31].

Organisation code check (GB 11714-1997)
    Characters 0–9 and A–Z with values 0–35; weights 3, 7, 9, 10, 5, 8, 4, 2;
    C9 = 11 − (Σ value_i · w_i mod 11), written ``X`` when 10 and ``0`` when 11. Confidence M:
    the weights and rule are consistent across several independent implementations, but the
    standard text itself was not checked. A failing organisation-code check is therefore
    reported separately (``organisation_code_ok``), and never makes a code invalid by itself.

>>> uscc_check_character("91500000MA5U00011")
'1'
>>> check_uscc("91500000MA5U000111").valid
True
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: GB 32100-2015 code alphabet; a character's value is its index.
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
#: Weights 3^i mod 31 for the 17 body positions (GB 32100-2015, 4.5).
USCC_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
#: GB 11714-1997 organisation-code characters (value = index) and weights.
ORGANISATION_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
ORGANISATION_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


@dataclass(frozen=True)
class CodeCheck:
    """The result of checking a unified social credit code.

    Attributes
    ----------
    code:
        The code as checked (stripped, upper case).
    valid:
        Whether the code is well formed and its GB 32100 check character is right.
    problems_zh, problems_en:
        Why it is not valid (empty when valid).
    expected_check:
        The check character the first 17 characters call for (``None`` if they are malformed).
    organisation_code_ok:
        Whether positions 9–17 pass the GB 11714 check (``None`` when not checkable). Shown as
        a warning only (see the module notes on confidence).
    """

    code: str
    valid: bool
    problems_zh: tuple[str, ...] = field(default_factory=tuple)
    problems_en: tuple[str, ...] = field(default_factory=tuple)
    expected_check: str | None = None
    organisation_code_ok: bool | None = None


def uscc_check_character(body: str) -> str:
    """Return the GB 32100-2015 check character for the first 17 characters of a code.

    Parameters
    ----------
    body:
        17 characters from :data:`USCC_ALPHABET`.

    Returns
    -------
    str
        ``alphabet[(31 − Σ value_i · 3^i mod 31) mod 31]``.

    Raises
    ------
    ValueError
        When ``body`` is not 17 characters of the alphabet.
    """
    if len(body) != 17 or any(c not in USCC_ALPHABET for c in body):
        raise ValueError(f"not a 17-character GB 32100 code body: {body!r}")
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(body, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def organisation_check_character(body: str) -> str:
    """Return the GB 11714-1997 check character for an 8-character organisation-code body.

    ``C9 = 11 − (Σ value_i · w_i mod 11)`` with weights 3, 7, 9, 10, 5, 8, 4, 2; 10 is
    written ``X`` and 11 is written ``0``.

    Raises
    ------
    ValueError
        When ``body`` is not 8 characters from 0–9 and A–Z.
    """
    if len(body) != 8 or any(c not in ORGANISATION_ALPHABET for c in body):
        raise ValueError(f"not an 8-character GB 11714 organisation-code body: {body!r}")
    total = sum(
        ORGANISATION_ALPHABET.index(c) * w for c, w in zip(body, ORGANISATION_WEIGHTS, strict=True)
    )
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def check_uscc(code: str) -> CodeCheck:
    """Check a unified social credit code (GB 32100-2015) and say why it fails.

    Parameters
    ----------
    code:
        The code as entered; surrounding spaces are ignored and letters upper-cased.

    Returns
    -------
    CodeCheck
        ``valid`` with the reasons in Chinese and English when not, the expected check
        character, and the GB 11714 result for the embedded organisation code.
    """
    text = code.strip().upper()
    zh: list[str] = []
    en: list[str] = []
    if len(text) != 18:
        zh.append(f"长度应为 18 位，实为 {len(text)} 位")
        en.append(f"must be 18 characters long, not {len(text)}")
    bad = sorted({c for c in text if c not in USCC_ALPHABET})
    if bad:
        shown = "".join(bad)
        zh.append(f"含有不允许的字符“{shown}”（不使用 I、O、S、V、Z）")
        en.append(f"has characters outside the GB 32100 alphabet: '{shown}' (no I, O, S, V, Z)")
    if zh:
        return CodeCheck(text, False, tuple(zh), tuple(en))
    if not text[2:8].isdigit():
        zh.append(f"第 3–8 位应为行政区划代码（6 位数字），实为“{text[2:8]}”")
        en.append(f"positions 3–8 must be a six-digit division code, not '{text[2:8]}'")
    expected = uscc_check_character(text[:17])
    if text[17] != expected:
        zh.append(f"校验码错误：第 18 位应为“{expected}”，实为“{text[17]}”，请核对代码是否抄错")
        en.append(
            f"wrong check character: position 18 should be '{expected}', not '{text[17]}'; "
            "check the code for a typing error"
        )
    organisation = text[8:17]
    organisation_ok = organisation_check_character(organisation[:8]) == organisation[8]
    return CodeCheck(text, not zh, tuple(zh), tuple(en), expected, organisation_ok)
