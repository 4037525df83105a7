"""Number parsing: examples, and properties that must hold for any integer."""
from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.core.numerals import find_numbers, parse_chinese_int, parse_number

CN_DIGITS = "零一二三四五六七八九"


def to_chinese(n: int) -> str:
    """Write a non-negative integer < 10^12 in Chinese numerals (the usual grammar, 零 for gaps)."""
    if n == 0:
        return "零"

    def below_10k(x: int) -> str:
        out, zero = "", False
        for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            d, x = divmod(x, value)
            if d:
                if zero:
                    out += "零"
                out += CN_DIGITS[d] + unit
                zero = False
            elif out:
                zero = True
        return out

    out = ""
    yi, rest = divmod(n, 10**8)
    wan, low = divmod(rest, 10**4)
    if yi:
        out += below_10k(yi) + "亿"
    if wan:
        if yi and wan < 1000:
            out += "零"
        out += below_10k(wan) + "万"
    if low:
        if (yi or wan) and low < 1000:
            out += "零"
        out += below_10k(low)
    return out


@pytest.mark.parametrize("text, value", [
    ("4858", 4858), ("4,858", 4858), ("4 858", 4858), ("１２", 12), ("１２３４", 1234),
    ("13.8万", 138000), ("1.2亿", 120000000), ("350万", 3500000), ("0.5", 0.5),
    ("两", 2), ("十", 10), ("十三", 13), ("一百零五", 105), ("两千三百", 2300), ("三万五千", 35000),
    ("一千万", 10000000), ("两亿三千万", 230000000), ("二〇二一", 2021), ("百分之九十八", 98),
    ("九十八点五", 98.5), ("98%", 98), ("96.4％", 96.4),
])
def test_parse_number_examples(text, value):
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["十四五", "七八", "三五", "巡察", "", "百五", "万万"])
def test_not_numbers(text):
    assert parse_number(text) is None


@given(st.integers(min_value=1, max_value=10**12 - 1))
@settings(max_examples=300, deadline=None)
def test_chinese_numerals_round_trip(n):
    assert parse_chinese_int(to_chinese(n)) == n
    assert parse_number(to_chinese(n)) == n


@given(st.integers(min_value=0, max_value=10**9))
@settings(max_examples=200, deadline=None)
def test_arabic_forms_round_trip(n):
    assert parse_number(str(n)) == n
    assert parse_number(f"{n:,}") == n
    assert parse_number(str(n).translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})) == n
    if n >= 10**4:
        wan = str(Decimal(n) / Decimal(10**4))
        assert parse_number(f"{wan}万") == pytest.approx(n, rel=1e-12)


@given(st.text(max_size=200))
@settings(max_examples=300, deadline=None)
def test_parser_never_raises(text):
    parse_number(text)
    for span in find_numbers(text):
        assert text[span.start:span.end] == span.text
