"""ID number validation and masking of personal data (disclosure.md §7, X1; GB 11643)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openvillage.core.errors import InvalidInput
from openvillage.core.masking import (
    BANK_ACCOUNT,
    ID_NUMBER,
    PHONE,
    find_clear_id_numbers,
    find_personal_numbers,
    id_check_character,
    is_valid_id_number,
    mask_bank_account,
    mask_id_number,
    mask_name,
    mask_phone,
    mask_text,
    surname_mou,
    validate_id_number,
)


def iso7064_check(first17: str) -> str:
    """Independent oracle: ISO 7064 MOD 11-2 computed the recursive way (not by weights)."""
    p = 0
    for c in first17:
        p = (p + int(c)) * 2 % 11
    r = (12 - p) % 11
    return "X" if r == 10 else str(r)


# Check characters computed with iso7064_check above; the first is the well-known sample.
VALID_IDS = [
    "11010519491231002X",
    "370704198001011232",
    "440306200002290017",  # born 29 February 2000 (leap year)
    "510108199912318888",
    "320102196408080033",
    "370704198001010002",
]


@pytest.mark.parametrize("value", VALID_IDS)
def test_valid_id_numbers_pass(value: str) -> None:
    assert iso7064_check(value[:17]) == value[17]
    assert id_check_character(value[:17]) == value[17]
    assert validate_id_number(value) == value


def test_validation_normalizes_lower_case_x_spaces_and_full_width_digits() -> None:
    assert validate_id_number(" 11010519491231002x ") == "11010519491231002X"
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in "11010519491231002X")
    assert validate_id_number(full_width) == "11010519491231002X"


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("11010519491231002", "18 characters"),  # 17 characters
        ("11010519491231002X1", "18 characters"),  # 19 characters
        ("", "18 characters"),
        ("1101051949123100AX", "other characters"),
        ("X10105194912310020", "other characters"),
        ("110105194902300021", "birth date"),  # 30 February 1949
        ("110105194913010021", "birth date"),  # month 13
        ("110105189912310021", "birth date"),  # before 1900
        ("110105194912310021", "last character"),  # check should be X
        ("370704198001011234", "last character"),  # check should be 2
    ],
)
def test_invalid_id_numbers_are_refused_with_a_clear_message(value: str, problem: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        validate_id_number(value)
    assert caught.value.field == "id_number"
    assert problem in str(caught.value)
    assert not is_valid_id_number(value)


def test_a_birth_date_after_today_is_refused_when_today_is_given() -> None:
    assert validate_id_number("110105202402294565") == "110105202402294565"
    with pytest.raises(InvalidInput):
        validate_id_number("110105202402294565", today=date(2024, 2, 28))


@pytest.mark.parametrize(
    ("function", "value", "masked"),
    [
        (mask_id_number, "370704198001011232", "370704********1232"),
        (mask_id_number, "11010519491231002x", "110105********002X"),
        (mask_id_number, "110105194912310021", "110105********0021"),  # bad check still masked
        (mask_phone, "13812345678", "138****5678"),
        (mask_phone, "19900001111", "199****1111"),
        (mask_bank_account, "6222021234567890", "************7890"),
        (mask_bank_account, "6222 0212 3456 7890 123", "**** **** **** ***0 123"),
        (mask_name, "张三", "张*"),
        (mask_name, "张三丰", "张**"),
        (mask_name, "欧阳修文", "欧***"),
        (mask_name, "李", "*"),
        (surname_mou, "张三丰", "张某"),
    ],
)
def test_masks(function: object, value: str, masked: str) -> None:
    assert callable(function)
    assert function(value) == masked


def test_staff_screens_may_keep_first_4_and_last_4() -> None:
    assert mask_id_number("370704198001011232", keep_start=4) == "3707**********1232"


@pytest.mark.parametrize(
    ("function", "value"),
    [
        (mask_id_number, "12345"),
        (mask_phone, "12812345678"),  # 12x is not a mobile prefix
        (mask_phone, "1381234567"),
        (mask_bank_account, "1234"),
        (mask_name, "  "),
        (surname_mou, "张"),
    ],
)
def test_masks_refuse_values_of_the_wrong_shape(function: object, value: str) -> None:
    assert callable(function)
    with pytest.raises(InvalidInput):
        function(value)


def test_the_scanner_finds_a_valid_id_number_in_chinese_text() -> None:
    text = "申请人张三，身份证号11010519491231002X，住一组。"
    assert find_clear_id_numbers(text) == [(10, 28, "11010519491231002X")]


@pytest.mark.parametrize(
    "text",
    [
        "身份证号110105194912310021，住一组。",  # wrong check character
        "流水号9911010519491231002X号",  # inside a longer run of digits
        "流水号11010519491231002X7",  # followed by another digit
        "身份证号110105194902300021。",  # no such birth date
        "金额 370704198001011232000 元",
    ],
)
def test_the_scanner_ignores_invalid_or_embedded_numbers(text: str) -> None:
    assert find_clear_id_numbers(text) == []


def test_the_scanner_finds_grouped_full_width_and_lower_case_numbers() -> None:
    assert find_clear_id_numbers("号码：110105 19491231 002x") == [(3, 23, "11010519491231002X")]
    assert find_clear_id_numbers("ID:370704-19800101-1232.") == [(3, 23, "370704198001011232")]
    full_width = "证号" + "".join(chr(ord(c) + 0xFEE0) for c in "370704198001011232")
    assert find_clear_id_numbers(full_width) == [(2, 20, "370704198001011232")]


def test_personal_numbers_are_classified() -> None:
    text = "张三 11010519491231002X 电话13812345678 卡号6222021234567890 订单12345"
    assert [kind for _, _, kind in find_personal_numbers(text)] == [ID_NUMBER, PHONE, BANK_ACCOUNT]


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("身份证11010519491231002X。", "身份证110105********002X。"),
        ("电话：13812345678，", "电话：138****5678，"),
        ("电话 +86 138-1234-5678", "电话 +86 138-****-5678"),
        ("电话+8613812345678", "电话+86138****5678"),
        ("卡号 6222021234567890123", "卡号 ***************0123"),
        ("错号110105194912310021", "错号**************0021"),  # invalid ID: masked as account
        ("订单号 12345678901234567890123", "订单号 12345678901234567890123"),  # 23 digits
        ("编号 202601150001", "编号 202601150001"),  # 12 digits: not personal data
        ("金额 1,234,567.89 元", "金额 1,234,567.89 元"),
    ],
)
def test_mask_text(text: str, masked: str) -> None:
    assert mask_text(text) == masked


# --- properties ---------------------------------------------------------------------------


@st.composite
def id_numbers(draw: st.DrawFn) -> str:
    region = draw(st.from_regex(r"[1-8][0-9]{5}", fullmatch=True))
    born = draw(st.dates(min_value=date(1900, 1, 1), max_value=date(2025, 12, 31)))
    sequence = draw(st.from_regex(r"[0-9]{3}", fullmatch=True))
    first17 = f"{region}{born:%Y%m%d}{sequence}"
    return first17 + iso7064_check(first17)


phones = st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True)
accounts = st.from_regex(r"[1-9][0-9]{15,18}", fullmatch=True)
# Surrounding text with no digits (a digit would make the number part of a longer run).
filler = st.text(alphabet=st.sampled_from("村民张三李四，。：；、 abcXYZ-（）+\n"), max_size=12)


@given(id_numbers())
def test_generated_id_numbers_validate_and_mask_to_6_plus_4(value: str) -> None:
    assert validate_id_number(value) == value
    masked = mask_id_number(value)
    assert masked == value[:6] + "*" * 8 + value[-4:]


@given(filler, st.one_of(id_numbers(), phones, accounts), filler)
def test_masked_text_never_contains_the_clear_number_and_keeps_its_length(
    before: str, number: str, after: str
) -> None:
    text = f"{before} {number} {after}"
    masked = mask_text(text)
    assert number not in masked
    assert len(masked) == len(text)
    assert mask_text(masked) == masked  # idempotent


@given(st.text(max_size=60))
def test_masking_only_replaces_digits_and_x_by_stars(text: str) -> None:
    masked = mask_text(text)
    assert len(masked) == len(text)
    for original, new in zip(text, masked, strict=True):
        assert new == original or (new == "*" and original in "0123456789Xx")


@given(id_numbers(), filler, filler)
def test_the_scanner_finds_every_valid_id_in_text(value: str, before: str, after: str) -> None:
    text = f"{before}{value}{after}"
    assert find_clear_id_numbers(text) == [(len(before), len(before) + 18, value)]


@given(id_numbers(), st.sampled_from("0123456789X"))
def test_the_scanner_ignores_a_wrong_check_character(value: str, wrong: str) -> None:
    if wrong == value[-1]:
        return
    assert find_clear_id_numbers(f"证号{value[:17]}{wrong}。") == []


def test_hex_safe_scanning_skips_digit_runs_inside_a_hash_but_not_beside_it() -> None:
    digest = "ab13812345678cd" + "0" * 10 + "e6222021234567890123f"
    assert [kind for _s, _e, kind in find_personal_numbers(digest)] == ["phone", "bank_account"]
    assert find_personal_numbers(digest, hex_safe=True) == []
    assert find_personal_numbers("电话 13812345678。", hex_safe=True) == [(3, 14, "phone")]
