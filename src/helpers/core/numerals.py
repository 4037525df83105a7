"""Read numbers as Chinese reports write them, and refuse what is not a well-formed number.

Three public functions, all pure:

- :func:`read_number` reads **one span** into a :class:`NumberReading` (value, upper value of a range, kind,
  qualifier, multiplier, unit, and the reason when it refuses);
- :func:`parse_number` is the short form: the value as a float, or None when the span is not one well-formed
  number (a range, a malformed span, a form left out);
- :func:`find_numbers` finds every number in a text and returns :class:`NumberSpan` objects with offsets.

What is read: Arabic numbers with thousands separators (4,858 and ４，５６５), full-width digits, digit groups
split by OCR (4 858); Chinese numerals with 两, 〇, 廿, 卅, 零 (一千零十 = 1010), colloquial elision (一万三 = 13000,
四百五 = 450, 两千六 = 2600, 百三 = 130), decimals (二点五, 1.2), multipliers (万, 亿, 万亿, 万万) on Arabic, Chinese
and mixed numbers (5万4千6百, 3万4000, 1万600, 1.2亿, 二点五万); fractions (三分之一, 2/3, 1 3/5, 三百五又三分之一);
percentages (98%, 百分之九十八, 百分之百, 千分之五, 5‰, 两成 = 20 %, 三点五个百分点), whose value is in percent; ranges
(3至5, 3—5万, 一到五) and approximate ranges (三四个, 二三十, 十七八); qualifiers (余 多 几 近 约 左右 以上 …) are kept
apart from the value (十余万 = 100000 with qualifier 余).

What is refused (value None and a reason, never a guess): malformed strings (十一十二, 五十千, 两十), financial
numerals (壹贰叁), negatives (负三, -5), discounts (八折), dozens (一打), 兆, scientific and Latin notation (2e5,
40k, 2^5), and vague counts (几十). :func:`find_numbers` also leaves out words that only contain a numeral
character (一切, 四川, 一律, 统一, 两岸, 三农, 零容忍; see :data:`NOT_NUMBER_WORDS`).

Chinese numerals are read by this module's grammar and cross-checked with cn2an (``cn2an.cn2an(…, "normal")``)
whenever cn2an reads the form: when the two disagree the span is refused, so a value comes out only when two
independent readers agree or cn2an does not read the form at all (零十, 百三, 四万万, 一百零十万 — forms the public
specifications in ``tests/data/number_specs.csv`` check). Forms cn2an reads wrongly (七八 → 78) are refused
by the grammar before cn2an is asked.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

__all__ = ["NumberReading", "NumberSpan", "read_number", "parse_number", "find_numbers", "parse_chinese_int",
           "AR_NUM", "CN_NUM", "MIXED_NUM", "MULTIPLIERS", "NOT_NUMBER_WORDS"]

# ----------------------------------------------------------------------------- characters and patterns
CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_BIG = {"万": 10_000, "亿": 100_000_000}
#: Multipliers written after a number, as the metrics attach them (350万, 1.2亿, 4.78万亿).
MULTIPLIERS = {"千万": 1e7, "百万": 1e6, "万": 1e4, "亿": 1e8, "万亿": 1e12}

#: Arabic number (thousands separators, decimals), as a regular-expression string.
AR_NUM = r"\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
#: Chinese numeral, with 万/亿 sections and a decimal part (九十八点五, 二点五), as a regular-expression string.
CN_NUM = (r"[零〇○一二两三四五六七八九十百千廿卅]+(?:[万亿][零〇○一二两三四五六七八九十百千]*)*"
          r"(?:点[零〇○一二三四五六七八九]+)?")
#: Arabic digits mixed with Chinese units (5万4千6百, 3万4000, 1万600, 2千零30万), as a regular-expression string.
MIXED_NUM = r"\d+(?:[千百万亿]+零?\d+)+[千百万亿]*|\d+[千百](?![分之])"

# One-to-one character map (offsets are kept): full-width forms, traditional 萬億兩點個幾餘, 〇 variants.
_FULLWIDTH = {chr(0xFF10 + i): str(i) for i in range(10)}
_TRANSLATE = str.maketrans({**_FULLWIDTH, "．": ".", "％": "%", "／": "/", "～": "~", "－": "-", "−": "-",
                            "萬": "万", "億": "亿", "兩": "两", "點": "点", "個": "个", "幾": "几", "餘": "余",
                            "○": "〇", "Ｋ": "K", "ｋ": "k", "Ｍ": "M", "ｅ": "e", "Ｅ": "E", "＋": "+"})
_PLAIN_MAP = {chr(k): v for k, v in _TRANSLATE.items()}
_TO_PLAIN = re.compile("[" + re.escape("".join(_PLAIN_MAP)) + "]")


def _to_plain(m: re.Match) -> str:
    return _PLAIN_MAP[m.group()]


_FINANCIAL = set("壹贰貳叁參肆伍陆陸柒捌玖拾佰仟倆")
_DIGITS_NO_LIANG = "零〇一二三四五六七八九"

#: Words that contain a numeral character but are no number (find_numbers leaves them out).
NOT_NUMBER_WORDS = tuple(sorted({
    "一切", "一律", "统一", "唯一", "一些", "一旦", "一样", "一般", "一直", "一致", "一定", "进一步", "一体", "一道",
    "一同", "一向", "一再", "一起", "一时", "一经", "万一", "一流", "一线", "一把手", "一手", "一心", "一贯", "一并",
    "一举", "一味", "一概", "一齐", "一下", "一番", "一看", "一度", "一方面", "一带一路", "一揽子", "一刀切", "一票否决",
    "一成不变", "一如既往", "一以贯之", "一丝不苟", "一针见血", "一盘棋", "一张蓝图", "独一无二", "举一反三", "万众一心",
    "一心一意", "三心二意", "一五一十", "十全十美", "七上八下", "乱七八糟", "五花八门", "七嘴八舌", "三番五次", "三令五申",
    "五湖四海", "四面八方", "千方百计", "千家万户", "千头万绪", "万家灯火", "百姓", "老百姓", "百货", "十分", "十足",
    "万分", "千万", "万千", "四川", "四周", "四处", "两岸", "三农", "三峡", "九州", "零容忍", "零距离", "零死角",
    "零报告", "二把手", "两面人", "两面派", "十四五", "十三五", "十二五", "十五五", "三公", "四风", "三不",
    "第一书记", "同一", "一定程度", "一系列", "一律", "一贯", "专一", "划一", "合一",
}, key=len, reverse=True))

_SP = r"[ \u3000]*"
_CNC = "零〇一二两三四五六七八九十百千万亿廿卅"
_AR = (r"(?:(?<![\d.])\d+\.\d+(?![.\d])|(?<![\d,，])\d{1,3}(?:[,，]\d{3})+(?![\d,，])(?:\.\d+(?![.\d]))?"
       r"|(?<!\d)\d{1,3}(?:[ \u3000]\d{3})+(?![\d.])|(?<![.\d])\.\d+(?![.\d])|\d+)")
_CNA = r"(?:[零〇一二两三四五六七八九十千万亿廿卅]|百(?![ \u3000]*分[ \u3000]*[位比点]))"  # 百分位 is a word
_S1 = r"[ \u3000]+"
# the elements of a numeral are mutually exclusive, so the scan never backtracks exponentially
_CHAIN = (rf"(?:{_AR}|{_CNA})(?:{_CNA}|(?<=[{_CNC}]){_S1}{_CNA}|(?<![{_CNC}]){_S1}[十百千万亿](?!{_SP}分{_SP}[位比点])"
          rf"|(?<=[{_CNC}]){_S1}{_AR}|(?<![\d.]){_AR}|{_SP}(?:余|多|几){_SP}(?=[万亿]))*")
_DEC = rf"(?:{_SP}点{_SP}(?:[{_DIGITS_NO_LIANG}](?:{_SP}[{_DIGITS_NO_LIANG}])*|(?<=点)\d+(?![\d.])))?"
_NUM = rf"{_CHAIN}{_DEC}(?:(?:余|多|几)?{_SP}(?:万亿|亿|万))?"
_FRAC = rf"{_NUM}{_SP}分{_SP}之{_SP}{_NUM}"
_MIXED_FRAC = rf"(?:{_NUM}{_SP}又{_SP})?{_FRAC}|\d+[ \u3000]+\d+/\d+(?![/\d])|(?<![/\d])\d+/\d+(?![/\d])"
_SUFFIX = (rf"(?:%|‰|{_SP}个{_SP}百{_SP}分{_SP}点|{_SP}百分点"
           rf"|{_SP}成(?:{_SP}(?:半|[一二三四五六七八九](?![{_CNC}\d])))?(?![立为功果效绩员本都熟就交型长分年人效])"
           rf")?")
_QPRE = r"(?:将近|接近|大约|超过|不到|不足|近|约|超|逾)"
_QPOST = r"(?:左右|以上|以下|之多|余|多|几)"
_RANGE_SEP = rf"{_SP}(?:至|到|~|-|—|–|－|～){_SP}"
_SCAN = re.compile(
    rf"(?=[\d.{_CNC}将接大超不近约逾])"  # fails fast where no number can start
    rf"(?P<qpre>{_QPRE})?"
    rf"(?P<num>(?:{_MIXED_FRAC}|{_NUM}){_SUFFIX}(?:{_RANGE_SEP}(?:{_MIXED_FRAC}|{_NUM}){_SUFFIX})?)"
    rf"(?P<qpost>{_QPOST})?")
_NOT_NUMBER = re.compile(f"(?=[{''.join(sorted({w[0] for w in NOT_NUMBER_WORDS}))}])(?:"
                         + "|".join(map(re.escape, NOT_NUMBER_WORDS)) + ")")
# what refuses a number next to it: 折 (discount), 打 (dozen), 兆, Latin notation (2e5, 40k, 2^5)
_BAD = "壹贰貳叁參肆伍陆陸柒捌玖拾佰仟倆兆"
# a number joined (through numerals, 点, 分之, 又) to one of these is refused: 折 (discount), 打 (dozen),
# 兆, financial numerals, Latin notation (2e5, 40k, 2^5)
_REFUSE_AFTER = re.compile(rf"[\s\d{_CNC}点.分之又]*?(?P<w>[折打{_BAD}])|\s*(?P<latin>[A-Za-z^])")
_REFUSE_BEFORE = re.compile(rf"(?:[{_BAD}]|[\^+A-Za-z][\s+-]*)[\s\d{_CNC}点.分之又]*$")
_HAS_DIGIT = re.compile(r"\d")
_HAS_CN = re.compile(f"[{_CNC}]")
_URL = re.compile(r"(?:https?://|www\.)[!-~]+")
_SIGN = "-负負"


# ----------------------------------------------------------------------------- results
@dataclass(frozen=True)
class NumberReading:
    """What one span says.

    ``value`` is None when the span is refused (``reason`` says why). For a range or an approximate range
    (三四个) ``value`` is the lower and ``value_high`` the upper end. ``kind`` is one of ``integer``,
    ``decimal``, ``percent`` (value in percent: 两成 → 20, 千分之五 → 0.5), ``fraction`` (三分之一 → 0.333…),
    ``range``, ``approximate``; ``""`` when refused. ``qualifier`` is the hedge as written (余, 多, 几, 近, 约,
    左右, 以上 …); ``multiplier`` the 万/亿 written after the digits (already applied to the value); ``unit``
    the percent sign as written (``%``, ``‰``, ``个百分点``, ``成``, ``百分之``).
    """
    value: float | None
    value_high: float | None = None
    kind: str = ""
    qualifier: str = ""
    multiplier: str = ""
    unit: str = ""
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.value is not None


@dataclass(frozen=True)
class NumberSpan:
    """A number found in a text: ``text[start:end]`` and its reading (see :class:`NumberReading`).

    ``script`` is ``arabic``, ``chinese`` or ``mixed``.
    """
    start: int
    end: int
    text: str
    value: float | None
    value_high: float | None = None
    kind: str = ""
    qualifier: str = ""
    multiplier: str = ""
    unit: str = ""
    script: str = ""
    reason: str = ""


class _Refuse(Exception):
    """Raised inside the grammar with the reason the span is refused."""


def _refused(reason: str) -> NumberReading:
    return NumberReading(None, reason=reason)


# ----------------------------------------------------------------------------- grammar
_TOKEN = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?|\.\d+|[零〇一二两三四五六七八九]|[十百千]|[万亿]")


def _tokens(s: str) -> list[str]:
    toks = _TOKEN.findall(s)
    if "".join(toks) != s:
        raise _Refuse(f"characters that are not part of a number: {s!r}")
    return toks


def _is_ar(t: str) -> bool:
    return t[0].isdigit() or t[0] == "."


def _ar_value(t: str) -> Decimal:
    return Decimal(t.replace(",", ""))


def _section(toks: list[str]) -> Decimal:
    """A number below 10 000 (or any Arabic integer written alone): 三千零五, 四百五, 十五, 5千4百, 百三."""
    if not toks:
        raise _Refuse("empty")
    if len(toks) == 1 and _is_ar(toks[0]):
        return _ar_value(toks[0])
    if all(t in CN_DIGITS for t in toks):
        if len(toks) == 1:
            return Decimal(CN_DIGITS[toks[0]])
        if "两" in toks:
            raise _Refuse("两 in a digit string")
        if len(toks) >= 3 or any(t in "零〇" for t in toks):  # 二〇二一, 一九九八: a digit string
            return Decimal("".join(str(CN_DIGITS[t]) for t in toks))
        raise _Refuse("two digits in a row: an approximate range (七八) or a slip")
    if toks[0] in "百千" and len(toks) == 2 and toks[1] in CN_DIGITS and toks[1] not in "零〇":
        return Decimal(CN_UNITS[toks[0]] // 10 * CN_DIGITS[toks[1]] + CN_UNITS[toks[0]])  # 百三 = 130, 千三 = 1300
    total = Decimal(0)
    pending: str | None = None
    zero = False
    last_unit = 10_000
    started = False
    for t in toks:
        if t in "零〇":
            if pending is not None or zero or not started and t != toks[0]:
                raise _Refuse("零 in the wrong place")
            zero = True
            continue
        if t in CN_UNITS:
            u = CN_UNITS[t]
            if pending is None:
                if t == "十" and (not started or zero or last_unit >= 100):
                    d = Decimal(1)
                else:
                    raise _Refuse(f"{t} without a digit")
            else:
                if _is_ar(pending) and (len(pending) > 1 or "." in pending):
                    raise _Refuse(f"{pending}{t}: more than one digit before a unit")
                if pending in "两" and t == "十":
                    raise _Refuse("两十 is not written (二十)")
                d = _ar_value(pending) if _is_ar(pending) else Decimal(CN_DIGITS[pending])
                if d == 0:
                    raise _Refuse("0 before a unit")
            if u >= last_unit:
                raise _Refuse("units out of order (十一十二, 五十千)")
            total += d * u
            last_unit, pending, zero, started = u, None, False, True
            continue
        # a digit (Chinese or Arabic)
        if pending is not None:
            raise _Refuse("two digits in a row")
        if _is_ar(t) and "." in t:
            raise _Refuse("a decimal inside a Chinese numeral")
        pending = t
    if pending is not None:
        d = _ar_value(pending) if _is_ar(pending) else Decimal(CN_DIGITS[pending])
        if not started:
            return d
        if zero:
            if d >= last_unit // 10 or d == 0:
                raise _Refuse("the part after 零 is too large")
            return total + d
        if _is_ar(pending) and len(pending) > 1:
            raise _Refuse("Arabic digits after a Chinese unit without 零")
        if pending == "两":
            raise _Refuse("两 as the last digit")
        if last_unit == 10:
            return total + d
        if _is_ar(pending):
            raise _Refuse("elision with an Arabic digit (2千3) is ambiguous")
        return total + d * last_unit // 10  # elision: 四百五 = 450, 一千三 = 1300
    if zero:
        raise _Refuse("零 at the end")
    return total


def _lower(toks: list[str], big: int) -> Decimal:
    """What follows 万 or 亿: nothing, 零 + a smaller number, one digit (elision: 一万三), or a number < big."""
    if not toks:
        return Decimal(0)
    if toks[0] in "零〇":
        rest = toks[1:]
        if not rest:
            raise _Refuse("零 at the end")
        if rest[0] == "百":  # 一万零百一十一 (cn2an's strict table): 零百 = 零一百
            rest = ["一", *rest]
        v = _wan(rest) if big > 10_000 else _section(rest)
        if v >= big or v == 0:
            raise _Refuse("the part after 零 is too large")
        return v
    if len(toks) == 1 and toks[0] in CN_DIGITS:
        return Decimal(CN_DIGITS[toks[0]] * big // 10)  # 一万三 = 13000, 九十二万四 = 924000
    if len(toks) == 1 and _is_ar(toks[0]) and len(toks[0]) == 1:
        raise _Refuse("elision with an Arabic digit (1万6) is ambiguous")
    v = _wan(toks) if big > 10_000 else _section(toks)
    if v >= big:
        raise _Refuse("the part after 万/亿 is too large")
    return v


def _high(toks: list[str]) -> Decimal:
    """The part before 万 or 亿: one Arabic number (13.8, 1,100) or a Chinese section."""
    if not toks:
        raise _Refuse("万/亿 without a digit")
    if len(toks) == 1 and _is_ar(toks[0]):
        return _ar_value(toks[0])
    v = _section(toks)
    if v >= 10_000 and not all(t in CN_DIGITS for t in toks):
        raise _Refuse("section too large")
    return v


def _wan(toks: list[str]) -> Decimal:
    """A number below 10^8 (or with 万万): [section 万] [lower]."""
    if "亿" in toks:
        raise _Refuse("亿 in the wrong place")
    n = toks.count("万")
    if n == 0:
        return _section(toks)
    i = toks.index("万")
    if n == 2 and toks[i + 1:] == ["万"]:  # 四万万 = 4 亿
        return _high(toks[:i]) * 100_000_000
    if n > 1:
        raise _Refuse("万 twice")
    hi = _high(toks[:i])
    if "." in "".join(toks[:i]) and toks[i + 1:]:
        raise _Refuse("a decimal before 万 followed by more digits")
    return hi * 10_000 + _lower(toks[i + 1:], 10_000)


def _integer(toks: list[str]) -> Decimal:
    """Any integer part: [[number] 亿] [lower]; 万亿 and 万万 as multipliers."""
    if toks.count("亿") > 1:
        raise _Refuse("亿 twice")
    if "亿" not in toks:
        return _wan(toks)
    i = toks.index("亿")
    head = toks[:i]
    if not head:
        raise _Refuse("亿 without a digit")
    hv = _wan(head) if "万" in head else _high(head)
    if "." in "".join(head) and toks[i + 1:]:
        raise _Refuse("a decimal before 亿 followed by more digits")
    return hv * 100_000_000 + _lower(toks[i + 1:], 100_000_000)


_MID_QUAL = re.compile(r"(零几|余|多|几)(?=万|亿)")
_DIGIT_STR = re.compile(rf"[{_DIGITS_NO_LIANG}]+")
_APPROX_PAIRS = {("一", "二"), ("一", "两"), ("二", "三"), ("两", "三"), ("三", "四"), ("四", "五"), ("五", "六"),
                 ("六", "七"), ("七", "八"), ("八", "九"), ("三", "五")}
_APPROX = re.compile(r"(?P<tens>[一二三四五六七八九]?十)?(?P<a>[一二两三四五六七八])(?P<b>[二两三四五六七八九])"
                     r"(?P<unit>十|百|千|万|十万|百万|千万|亿)?")


@lru_cache(maxsize=8192)
def _cn2an(s: str) -> float | None:
    """cn2an's reading of a pure Chinese numeral, None when cn2an does not read it."""
    try:
        import cn2an

        return float(cn2an.cn2an(s, "normal"))
    except Exception:  # noqa: BLE001 - cn2an raises ValueError and others on forms it does not read
        return None


def _plain(s: str) -> tuple[Decimal, str, str, str]:
    """One number without percent, fraction or range: ``(value, kind, qualifier, multiplier)``."""
    qual = ""
    m = _MID_QUAL.search(s)
    if m:
        qual = m.group(1)[-1]
        s = _MID_QUAL.sub("", s)
    mult = ""
    for suffix in ("万亿", "万万", "亿", "万"):
        if s.endswith(suffix) and len(s) > len(suffix):
            mult = suffix
            break
    if "点" in s or "." in s and not re.fullmatch(r"[\d,.]+", s):
        whole, sep, frac = s.partition("点") if "点" in s else (s, "", "")
        tail = ""
        if sep:
            for suffix in ("万亿", "亿", "万"):
                if frac.endswith(suffix):
                    frac, tail = frac[: -len(suffix)], suffix
                    break
            if not whole:
                raise _Refuse("点 without a whole part")
            if frac.isdigit() and frac.isascii():  # 一百点123 (cn2an's smart form)
                frac = "".join("零一二三四五六七八九"[int(c)] for c in frac)
            if not frac or any(ch not in _DIGITS_NO_LIANG for ch in frac):
                raise _Refuse("after 点 only the digits 零 to 九")
            if tail and any(ch in "万亿" for ch in whole):
                raise _Refuse("万/亿 both before and after 点")
            int_val = _integer(_tokens(whole)) if whole else Decimal(0)
            val = int_val + Decimal("0." + "".join(str(CN_DIGITS[c]) for c in frac))
            if tail:
                val *= Decimal(10) ** {"万": 4, "亿": 8, "万亿": 12}[tail]
                mult = tail
            return val, "decimal", qual, mult
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+", s):
        v = _ar_value(s)
        return v, ("decimal" if "." in s else "integer"), qual, ""
    if _DIGIT_STR.fullmatch(s) is None:
        am = _APPROX.fullmatch(s)
        if am and (am.group("a"), am.group("b")) in _APPROX_PAIRS:
            raise _Approx(am)
    elif len(s) == 2 and (s[0], s[1]) in _APPROX_PAIRS:
        raise _Approx(_APPROX.fullmatch(s))
    toks = _tokens(s)
    v = _integer(toks)
    if not any(_is_ar(t) for t in toks) and not _DIGIT_STR.fullmatch(s):
        other = _cn2an(s)
        if other is not None and abs(other - float(v)) > 1e-9 * max(1.0, abs(float(v))):
            raise _Refuse(f"readers disagree: grammar {v}, cn2an {other:g}")
    kind = "decimal" if v != v.to_integral_value() else "integer"
    return v, kind, qual, mult


class _Approx(Exception):
    def __init__(self, m: re.Match):
        super().__init__()
        self.m = m


def _approx_values(m: re.Match) -> tuple[float, float]:
    tens = m.group("tens")
    base = 0
    if tens:
        base = 10 * (CN_DIGITS[tens[0]] if len(tens) == 2 else 1)
    a, b = CN_DIGITS[m.group("a")], CN_DIGITS[m.group("b")]
    unit = m.group("unit") or ""
    mult = 1
    for ch in unit:
        mult *= CN_UNITS.get(ch) or CN_BIG[ch]
    if tens and unit:
        raise _Refuse("approximate range with both tens and a unit")
    return float((base + a) * mult), float((base + b) * mult)


def _number(s: str) -> NumberReading:
    """A single number (not a range): percent, fraction or plain."""
    # percentages written after the number
    for unit in ("个百分点", "百分点", "%", "‰"):
        if s.endswith(unit) and len(s) > len(unit):
            inner = _number(s[: -len(unit)])
            if inner.value is None or inner.kind in ("percent", "fraction"):
                return inner if inner.value is None else _refused("percent of a percent")
            scale = 0.1 if unit == "‰" else 1.0
            return NumberReading(_r(inner.value * scale), _r(inner.value_high * scale) if inner.value_high else None,
                                 "percent", inner.qualifier, inner.multiplier, "个百分点" if "百分点" in unit else unit)
    m = re.fullmatch(r"(?P<n>.+?)成(?P<tail>半|[一二三四五六七八九])?", s)
    if m:
        inner = _number(m.group("n"))
        if inner.value is None or inner.kind not in ("integer", "decimal") or inner.value > 10 or inner.multiplier:
            return inner if inner.value is None else _refused("成 after a number that is not 0–10")
        extra = {"半": 5}.get(m.group("tail") or "", CN_DIGITS.get(m.group("tail") or "", 0))
        if extra and inner.kind != "integer":
            return _refused("成 after a decimal followed by a digit")
        return NumberReading(_r(inner.value * 10 + extra), None, "percent", inner.qualifier, "", "成")
    # fractions and per-hundred/thousand forms: X分之Y, W又X分之Y
    if "分之" in s:
        whole, sep, rest = s.partition("又") if "又" in s else ("", "", s)
        den_s, _, num_s = rest.partition("分之")
        if not num_s:
            return _refused("分之 without a numerator")
        bare = re.fullmatch(r"(?:百|千|万)+", den_s)
        if bare and not sep:
            den = 1
            for ch in den_s:
                den *= CN_UNITS.get(ch) or CN_BIG[ch]
            if num_s == "百" and den == 100:
                return NumberReading(100.0, None, "percent", "", "", "百分之")
            inner = _number(num_s)
            if inner.value is None or inner.kind not in ("integer", "decimal"):
                return inner if inner.value is None else _refused("百分之 before something that is not a number")
            return NumberReading(_r(inner.value * 100 / den), None, "percent", inner.qualifier, "",
                                 den_s + "分之")
        den_r, num_r = _number(den_s), _number(num_s)
        for part in (den_r, num_r):
            if part.value is None:
                return part
            if part.kind not in ("integer", "decimal"):
                return _refused("fraction of something that is not a plain number")
        if den_r.value == 0:
            return _refused("denominator 0")
        val = num_r.value / den_r.value
        if sep:
            w = _number(whole)
            if w.value is None or w.kind != "integer":
                return w if w.value is None else _refused("又 after something that is not an integer")
            val += w.value
        return NumberReading(_r(val), None, "fraction")
    m = re.fullmatch(r"(?:(?P<w>\d+)\s+)?(?P<a>\d+)/(?P<b>\d+)", s)
    if m:
        a, b = int(m.group("a")), int(m.group("b"))
        if b == 0:
            return _refused("denominator 0")
        return NumberReading(_r(int(m.group("w") or 0) + a / b), None, "fraction")
    try:
        v, kind, qual, mult = _plain(s)
    except _Approx as exc:
        try:
            lo, hi = _approx_values(exc.m)
        except _Refuse as r:
            return _refused(str(r))
        return NumberReading(lo, hi, "approximate")
    return NumberReading(_r(float(v)), None, kind, qual, mult)


def _r(x: float) -> float:
    return float(round(x, 9)) if abs(x) < 1e15 else float(x)


_PRE_Q = re.compile(r"^(将近|接近|大约|超过|不到|不足|近|约|超|逾)")
_POST_Q = re.compile(r"(左右|以上|以下|之多|余|多|几)$")
_RANGE = re.compile(r"(?<=[\d零〇一二两三四五六七八九十百千万亿%成点])(?:至|到|~|-|—|–)(?=[\d零〇一二两三四五六七八九十百])")


_PLAIN_ARABIC = re.compile(r"(?:0|[1-9][0-9]{0,14})(?:\.[0-9]{1,6})?")


def _normalise(text: str) -> str:
    s = str(text).translate(_TRANSLATE).replace("廿", "二十").replace("卅", "三十").strip()
    s = re.sub(r"(?<=\d)[ \u3000](?=\d{3}(?!\d))", "", s)  # OCR-split digit groups: 4 858
    s = re.sub(r"(?<=\d)，(?=\d{3}(?!\d))", ",", s)
    s = re.sub(r"(?<=\d)[ \u3000]+(?=\d+/\d)", " ", s)  # keep the space of a mixed fraction 1 3/5
    s = re.sub(r"(?<!\d)[ \u3000]+|[ \u3000]+(?![\d ])", "", s)
    return s


@lru_cache(maxsize=16384)
def read_number(text: str) -> NumberReading:
    """Read one number span.

    Args:
        text: the span, e.g. ``"4,858"``, ``"一万三"``, ``"二点五万"``, ``"百分之百"``, ``"3至5"``, ``"十余万"``.
            Spaces inside it (OCR) are ignored; full-width and traditional forms (萬, 億, 兩, 點) are read.

    Returns:
        A :class:`NumberReading`. Its ``value`` is None and ``reason`` says why when the span is not one
        well-formed number: malformed (十一十二, 五十千, 两十), a form left out (壹贰叁, 负三, 八折, 一打, 兆, 2e5,
        40k), a vague count (几十), or no number at all.
    """
    if text is None:
        return _refused("no text")
    if _PLAIN_ARABIC.fullmatch(text):  # the common case, read at once
        return NumberReading(float(text), None, "decimal" if "." in text else "integer")
    s = _normalise(text)
    if not s:
        return _refused("empty")
    if any(ch in _FINANCIAL for ch in s):
        return _refused("financial numerals (壹贰叁) are not read")
    if s[0] in _SIGN:
        return _refused("negative numbers are not read")
    if re.search(r"[A-Za-z^]", s):
        return _refused("Latin or scientific notation (2e5, 40k, 2^5) is not read")
    if re.search(r"[折打兆]", s):
        return _refused("折 (discount), 打 (dozen) and 兆 are not read")
    qual = ""
    m = _PRE_Q.match(s)
    if m and len(s) > m.end():
        qual, s = m.group(1), s[m.end():]
    m = _POST_Q.search(s)
    if m and m.start() > 0 and not s.endswith("分之" + m.group(1)):
        qual, s = qual or m.group(1), s[: m.start()]
    try:
        parts = _RANGE.split(s)
        if len(parts) == 2:
            return _range(parts[0], parts[1], qual)
        if len(parts) > 2:
            return _refused("more than two numbers")
        r = _number(s)
    except _Refuse as exc:
        return _refused(str(exc))
    except (InvalidOperation, ValueError, KeyError, IndexError, ZeroDivisionError, OverflowError) as exc:
        return _refused(f"not a number ({type(exc).__name__})")
    if r.value is None:
        return r
    if r.qualifier or qual:
        r = NumberReading(r.value, r.value_high, r.kind, qual or r.qualifier, r.multiplier, r.unit)
    return r


_RANGE_TAIL = re.compile(r"(个百分点|百分点|%|‰|成|万亿|亿|万)$")


def _range(left: str, right: str, qual: str) -> NumberReading:
    hi = _number(right)
    lo = _number(left)
    if hi.value is None:
        return hi
    tail = _RANGE_TAIL.search(right)
    if lo.value is not None and tail and not _RANGE_TAIL.search(left) and lo.kind in ("integer", "decimal"):
        t = tail.group(1)
        if t in ("万亿", "亿", "万"):  # 3至5万: the multiplier of the upper end applies to the lower one
            lo = _number(left + t)
        else:  # 3—5%: the unit of the upper end applies to the lower one
            lo = _number(left + t)
    if lo.value is None:
        return lo
    if lo.kind == "approximate" or hi.kind == "approximate" or lo.kind != hi.kind and "percent" in (lo.kind, hi.kind):
        return _refused("a range of ranges or of mixed kinds")
    if hi.value < lo.value:
        return _refused("range upper end below its lower end")
    if re.match(r"0\d", left) or re.match(r"0\d", right):
        return _refused("a leading 0: a code or a date, not a range")
    return NumberReading(lo.value, hi.value, "range", qual or lo.qualifier or hi.qualifier, hi.multiplier,
                         hi.unit if hi.kind == "percent" else "")


def parse_number(text: str) -> float | None:
    """The value of one number span as a float, or None.

    Examples: ``"4858"``, ``"4,858"``, ``"4 858"``, ``"４８５８"`` → 4858; ``"13.8万"`` → 138000; ``"三千"`` → 3000;
    ``"两"`` → 2; ``"一万三"`` → 13000; ``"四百五"`` → 450; ``"一千零十"`` → 1010; ``"1.2亿"`` → 1.2e8;
    ``"5万4千6百"`` → 54600; ``"二点五"`` → 2.5; ``"百分之九十八"`` and ``"98%"`` → 98 (percent); ``"两成"`` → 20;
    ``"三分之一"`` → 0.333…; ``"十余万"`` → 100000 (the qualifier is dropped; :func:`read_number` keeps it).

    Returns None for a range or an approximate range (``"3至5"``, ``"三四"``: use :func:`read_number`), for
    malformed spans (``"十一十二"``, ``"五十千"``) and for the forms this reader leaves out (see the module doc).
    """
    r = read_number(text)
    if r.value is None or r.value_high is not None:
        return None
    return r.value


def parse_chinese_int(s: str) -> int | None:
    """A well-formed Chinese integer (一百二十, 两, 一万三, 一千零五) as an int; None otherwise."""
    r = read_number(s)
    if r.value is None or r.kind != "integer" or r.qualifier or r.unit or not s or any(ch.isdigit() for ch in s):
        return None
    return int(r.value)


# ----------------------------------------------------------------------------- finding numbers in text
def find_numbers(text: str, *, include_refused: bool = False) -> list[NumberSpan]:
    """Every number in ``text``, in order, with its offsets, value and qualifier.

    A span takes in the multiplier (二点五万, 1.2亿, 十余万), a percent or 成 (98%, 百分之百, 两成, 三点五个百分点),
    a fraction (三分之一, 2/3), a range (3至5万, 20–100) and its qualifiers (近, 约, 余, 多, 左右, 以上). Words that
    only contain a numeral character (一切, 四川, 统一, 两岸, 三农 …, :data:`NOT_NUMBER_WORDS`) are not numbers.

    Args:
        text: any text (not changed; offsets index it).
        include_refused: also return the spans that look like numbers but are refused (value None,
            ``reason`` set): malformed numerals, negatives, financial numerals, discounts, Latin notation.

    Returns:
        A list of :class:`NumberSpan`; ``text[span.start:span.end] == span.text``.
    """
    if not text:
        return []
    t = _TO_PLAIN.sub(_to_plain, text) if _TO_PLAIN.search(text) else text
    words = [(w.start(), w.end()) for w in _NOT_NUMBER.finditer(t)]
    urls = [(u.start(), u.end()) for u in _URL.finditer(t)] if "http" in t or "www." in t else []
    out: list[NumberSpan] = []
    for m in _SCAN.finditer(t):
        if urls and any(a <= m.start() < b for a, b in urls):
            continue  # numbers inside a web address are not numbers
        out.extend(_spans_of(text, t, m.start(), m.end(), m.start("num"), m.end("num"), words, include_refused))
    return out


def _spans_of(text: str, t: str, start: int, end: int, ns: int, ne: int, words, include_refused) -> list[NumberSpan]:
    # leave out words such as 一切, 四川 when the number lies inside them
    if words:
        i = bisect.bisect_left(words, (ns - 8, 0))
        while i < len(words) and words[i][0] < ne:
            a, b = words[i]
            if a <= ns and ne <= b or (a < ne and ns < b and b - a >= ne - ns):
                return []
            i += 1
    qpre = t[start:ns]
    nxt = t[ne:ne + 1]
    if nxt and (qpre == "近" and nxt in "年月日天周期届轮" or qpre and nxt == "年"):
        start = ns
    reason = ""
    before = t[max(0, start - 2):start]
    if before and before[-1] in _SIGN and not (len(before) == 2 and (before[0] in _SIGN or before[0].isdigit())):
        reason = "negative numbers are not read"
    elif _REFUSE_BEFORE.search(t[max(0, start - 12):start]):
        reason = "next to a financial numeral, 兆 or Latin notation"
    else:
        after = _REFUSE_AFTER.match(t, end)
        if after:
            reason = "followed by 折, 打, 兆, a financial numeral or Latin notation"
    span_text = text[start:end]
    if reason:
        r = _refused(reason)
    else:
        r = read_number(t[start:end])
        if r.value is None and _RANGE.search(t, ns, ne):
            # a refused range (a date 2021-05, a phone number): read its two sides apart
            cut = _RANGE.search(t, ns, ne)
            return (_spans_of(text, t, start, cut.start(), ns, cut.start(), words, include_refused)
                    + _spans_of(text, t, cut.end(), end, cut.end(), end, words, include_refused))
        if r.value is None and re.search(r"[ \u3000]", t[ns:ne]):
            # a refused chain with spaces inside (一 二 三): read the pieces between the spaces apart
            out = []
            for piece in re.finditer(r"[^ \u3000]+", t[ns:ne]):
                a, b = ns + piece.start(), ns + piece.end()
                out += _spans_of(text, t, a, b, a, b, words, include_refused)
            return out
    if r.value is None and not include_refused:
        return []
    core = t[ns:ne]
    has_digit = _HAS_DIGIT.search(core) is not None
    script = ("mixed" if has_digit and _HAS_CN.search(core) else "arabic" if has_digit else "chinese")
    return [NumberSpan(start, end, span_text, r.value, r.value_high, r.kind, r.qualifier, r.multiplier, r.unit,
                       script, r.reason)]
