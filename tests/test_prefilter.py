"""Literal prefilters: what a regex provably requires, and that skipping on it never loses a match."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.pages.cleaning import BOILERPLATE_FILE, boilerplate_reasons, load_boilerplate_rules
from helpers.pages.prefilter import LiteralIndex, required_literals

PATTERNS = [
    r"^来源[:：]",
    r"(浏览|阅读|点击)(次数|量|数)[:：]",
    r"^(文|图|文图|图文)[/／:：]\s*\S{1,12}$",
    r"当前的?位置|您的位置",
    r"^[^，。]{0,12}(首页|主页)\s*(>|/)",
    r"^[^，。]{1,12}(?:\s*[>＞]\s*[^，。>＞]{1,12}){2,}$",
    r"(?:\d{4}|[〇一二]{4})(?:年|-)\d",
    r"x?(ab|cd)+y",
    r"(?<![A-Za-z])[A-H]\d",
    r"a(?=b)c|d",
    r"(a|)b",
    r"(?:星期|周)[一二三]",
    r"[一-龥]{2,}网$",
]


@pytest.mark.parametrize("pattern, expected", [
    (r"^来源[:：]", ("来源:", "来源：")),
    (r"^(发布|更新)(时间|日期)[:：]", None),  # 8 strings, checked below
    (r"当前的?位置|您的位置", ("当前", "您的位置")),
    (r"^[\u4e00-\u9fff]{0,8}\d{4}年", ("年",)),
    (r".*", None),
    (r"\d+", None),
    (r"(?i)copyright", None),  # case-insensitive: no shortcut
    (r"(a)\1", ("a",)),
])
def test_required_literals_examples(pattern, expected):
    got = required_literals(pattern)
    if pattern.startswith("^(发布"):
        assert set(got) == {a + b + c for a in ("发布", "更新") for b in ("时间", "日期") for c in ":："}
    else:
        assert got == expected


ALPHABET = "来源:：浏览阅读点击次数量文图/／ 当前的位置您首页主>＞，。2024年〇一二-xabcdyABH星期周三网零"


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(PATTERNS), st.text(alphabet=ALPHABET, max_size=30))
def test_a_match_always_holds_a_required_literal(pattern, text):
    lits = required_literals(pattern)
    if lits is not None and re.search(pattern, text):
        assert any(lit in text for lit in lits), (pattern, text, lits)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=ALPHABET + "\u3000", max_size=25), max_size=12))
def test_boilerplate_prefilter_equals_trying_every_rule_on_every_line(lines):
    rules = tuple(load_boilerplate_rules(BOILERPLATE_FILE))
    plain = tuple(r.__class__(r.reason, r.pattern, r.max_chars) for r in rules)  # no literals: no shortcut
    assert boilerplate_reasons(lines, rules) == boilerplate_reasons(lines, plain)


def test_literal_index_finds_overlapping_and_nested_literals():
    index = LiteralIndex([("图文/",), ("文/",), None, ("不在",), ("网", "网站地图")])
    got = index.positions("看图文/和网站地图")
    assert got == [[1], [2], None, [], [5]]


def test_every_shipped_rule_has_a_shortcut_or_is_known_not_to():
    # the shortcut matters for speed only; this records which rules run on every line
    rules = load_boilerplate_rules(BOILERPLATE_FILE)
    assert sum(r.needs is None for r in rules) <= 1
