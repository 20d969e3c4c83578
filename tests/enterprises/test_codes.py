"""USCC (GB 32100-2015) and organisation-code (GB 11714) checks: hand-computed cases, properties."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cityclimate.enterprises.codes import (
    USCC_ALPHABET,
    USCC_WEIGHTS,
    check_uscc,
    organisation_check_character,
    uscc_check_character,
)


def test_weights_are_powers_of_three_mod_31() -> None:
    assert USCC_WEIGHTS == (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def test_check_character_computed_by_hand() -> None:
    # Body 9 1 5 0 0 0 0 0 M A 5 U 0 0 0 1 1; values (alphabet index; M=21, A=10, U=27):
    #   9 1 5 0 0 0 0 0 21 10 5 27 0 0 0 1 1
    # × weights 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28:
    #   9 + 3 + 45 + 0 + 0 + 0 + 0 + 0 + 420 + 290 + 125 + 351 + 0 + 0 + 0 + 30 + 28 = 1301
    # 1301 mod 31 = 1301 − 41·31 = 30; (31 − 30) mod 31 = 1 → alphabet[1] = "1".
    assert uscc_check_character("91500000MA5U00011") == "1"
    assert check_uscc("91500000MA5U000111").valid


def test_second_hand_computed_case_with_check_zero() -> None:
    # Body 91500000000000000 (values 9, 1, 5, then zeros): 9·1 + 1·3 + 5·9 = 57;
    # 57 mod 31 = 26; (31 − 26) mod 31 = 5 → "5".
    assert uscc_check_character("91500000000000000") == "5"


def test_organisation_code_check_computed_by_hand() -> None:
    # GB 11714: M A 5 U 0 0 0 1 → values 22 10 5 30 0 0 0 1 (0–9, A=10 … Z=35)
    # × weights 3 7 9 10 5 8 4 2 = 66 + 70 + 45 + 300 + 0 + 0 + 0 + 2 = 483
    # 483 mod 11 = 10; 11 − 10 = 1 → "1".
    assert organisation_check_character("MA5U0001") == "1"
    # 00000001: 1·2 = 2 → 11 − 2 = 9.  00000000: Σ = 0 → 11 → written "0".
    # 00000006: 6·2 = 12, 12 mod 11 = 1 → 11 − 1 = 10 → written "X".
    assert organisation_check_character("00000001") == "9"
    assert organisation_check_character("00000000") == "0"
    assert organisation_check_character("00000006") == "X"


def test_reasons_name_the_problem() -> None:
    short = check_uscc("9150000")
    assert not short.valid and "18" in short.problems_en[0]
    letters = check_uscc("91500000MA5U0001I1")
    assert not letters.valid and "I" in letters.problems_en[0]
    wrong = check_uscc("91500000MA5U000112")
    assert not wrong.valid and wrong.expected_check == "1"
    assert (
        "position 18 should be '1'" in wrong.problems_en[0] and "第 18 位" in wrong.problems_zh[0]
    )
    region = check_uscc("91ABCDEFMA5U0001" + "1" + uscc_check_character("91ABCDEFMA5U00011"))
    assert not region.valid and "positions 3–8" in region.problems_en[0]


def test_lower_case_and_spaces_are_accepted() -> None:
    assert check_uscc(" 91500000ma5u000111 ").valid


bodies = st.text(alphabet=USCC_ALPHABET, min_size=17, max_size=17)


#: GB 32100-2015 written out here, independently of the module: the 31 characters (no I, O, S,
#: V, Z) and the weights 3^i mod 31 of positions 1-17.
STANDARD_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
STANDARD_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def _sums_to_zero(code: str) -> bool:
    # The check condition: Σ value_i·w_i (i < 17) + value_18 ≡ 0 (mod 31).
    values = [STANDARD_ALPHABET.index(c) for c in code]
    total = sum(v * w for v, w in zip(values[:17], STANDARD_WEIGHTS, strict=True))
    return (total + values[17]) % 31 == 0


@given(bodies)
def test_the_check_character_is_the_one_the_standard_allows(body: str) -> None:
    allowed = [c for c in STANDARD_ALPHABET if _sums_to_zero(body + c)]
    assert allowed == [uscc_check_character(body)]


@given(bodies, st.integers(min_value=0, max_value=17), st.integers(min_value=1, max_value=30))
def test_any_single_character_change_is_detected(body: str, position: int, shift: int) -> None:
    code = body + uscc_check_character(body)
    changed_char = USCC_ALPHABET[(USCC_ALPHABET.index(code[position]) + shift) % 31]
    changed = code[:position] + changed_char + code[position + 1 :]
    assert changed != code
    # The division-code rule may fire too; the checksum alone must reject the change.
    assert uscc_check_character(changed[:17]) != changed[17]


@given(bodies)
def test_a_code_with_its_check_character_is_valid_when_digits_sit_in_3_to_8(body: str) -> None:
    body = body[:2] + "500000" + body[8:]
    assert check_uscc(body + uscc_check_character(body)).valid
