"""Benchmark the number reader: numbers read per second by ``parse_number`` and ``find_numbers`` on the seed
corpus text, the current reader against the one before issue 13 (kept below, only here, for comparison).

    .venv/bin/python benchmarks/bench_numbers.py [--repeat 5]

``parse_number`` is timed on every span the old and the new ``find_numbers`` return (cold: the reader's cache
is cleared before each pass); ``find_numbers`` on the cleaned seed pages. Not a test.
"""
from __future__ import annotations

import argparse
import re
import time
import unicodedata
from dataclasses import dataclass

from helpers.core import numerals as new
from helpers.core.config import RAW_DATA_DIR
from helpers.pages.cleaning import clean_text

# ----------------------------------------------------------------------------- the reader before issue 13
CN_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
             "七": 7, "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_BIG = {"万": 10_000, "亿": 100_000_000}
MULTIPLIERS = {"千万": 1e7, "百万": 1e6, "万": 1e4, "亿": 1e8, "万亿": 1e12}

CN_NUM_CHARS = "零〇○一二两三四五六七八九十百千万亿"
#: 廿 (twenty) and 卅 (thirty), still used in dates and some counts, are read as 二十 and 三十.
CN_CONTRACTIONS = str.maketrans({"廿": "二十", "卅": "三十"})
AR_NUM = r"\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
CN_NUM = r"[零〇○一二两三四五六七八九十百千廿卅]+(?:[万亿][零〇○一二两三四五六七八九十百千]*)*"
NUMBER = re.compile(rf"(?P<ar>{AR_NUM})|(?P<cn>{CN_NUM})")
PERCENT_CN = re.compile(r"百分之(?P<num>[零〇○一二两三四五六七八九十百千点]+|\d+(?:\.\d+)?)")


@dataclass(frozen=True)
class OldSpan:
    start: int
    end: int
    text: str
    value: float
    kind: str  # "arabic" or "chinese"


def parse_chinese_int(s: str) -> int | None:
    """Parse a well-formed Chinese integer (一百二十, 两, 十四, 三万五千, 一千零五). None if malformed.

    Digit sequences without place values (二〇二一, 一九九八) are read digit by digit. Two digits
    in a row inside a place-value numeral (十四五, 七八) are not one number and give None.
    """
    if not s or any(ch not in CN_NUM_CHARS for ch in s):
        return None
    if all(ch in CN_DIGITS for ch in s):
        if len(s) == 1:
            return CN_DIGITS[s]
        if any(ch in "零〇○" for ch in s) or len(s) >= 3:  # 二〇二一, 一九九八: a digit string
            return int("".join(str(CN_DIGITS[ch]) for ch in s))
        return None  # 七八, 三五: an approximate pair, not one number
    total, section, number, last_digit = 0, 0, 0, False
    prev_big = None
    for ch in s:
        if ch in CN_DIGITS:
            if last_digit and CN_DIGITS[ch] != 0 and number != 0:
                return None
            number, last_digit = CN_DIGITS[ch], True
        elif ch in CN_UNITS:
            if not last_digit and number == 0 and ch != "十" and section == 0 and total == 0:
                return None  # 百五 is not a number
            section += (number if last_digit else 1) * CN_UNITS[ch]
            number, last_digit = 0, False
        elif ch in CN_BIG:
            if prev_big is not None and CN_BIG[ch] >= prev_big and not (prev_big == 10_000 and ch == "亿"):
                return None
            section += number
            if ch == "亿" and total and prev_big == 10_000:
                total = (total + section) * CN_BIG[ch]
            else:
                total += (section or 1) * CN_BIG[ch]
            section, number, last_digit = 0, 0, False
            prev_big = CN_BIG[ch]
    return total + section + number


def _cn2an(s: str) -> float | None:
    """cn2an on a well-formed numeral (cross-checked with our own parser)."""
    own = parse_chinese_int(s)
    if own is None:
        return None
    try:
        import cn2an

        val = cn2an.cn2an(s, "smart")
    except Exception:  # noqa: BLE001 - cn2an raises ValueError and others on odd input
        return float(own)
    return float(val) if float(val) == float(own) else float(own)


def parse_number(text: str) -> float | None:
    """Parse one number span into a float, applying 万/亿 multipliers.

    Examples: ``"4858"`` → 4858, ``"4,858"`` and ``"4 858"`` → 4858, ``"１２"`` → 12, ``"13.8万"`` →
    138000, ``"三千"`` → 3000, ``"两"`` → 2, ``"1.2亿"`` → 120000000, ``"百分之九十八"`` → 98,
    ``"九十八点五"`` → 98.5. Returns None when the span is not a number.
    """
    if text is None:
        return None
    s = unicodedata.normalize("NFKC", str(text)).strip().translate(CN_CONTRACTIONS)
    s = re.sub(r"(?<=\d)[\s\u3000](?=\d{3}\b)", "", s)
    s = s.replace("％", "%").rstrip("%")
    m = PERCENT_CN.fullmatch(s)
    if m:
        s = m.group("num")
    for suffix in ("千万", "百万", "万亿", "亿", "万"):
        head = s[: -len(suffix)]
        if s.endswith(suffix) and re.fullmatch(AR_NUM, head):
            return float(head.replace(",", "")) * MULTIPLIERS[suffix]
    if re.fullmatch(AR_NUM, s):
        return float(s.replace(",", ""))
    if "点" in s:
        whole, _, frac = s.partition("点")
        w = _cn2an(whole) if whole else 0.0
        if w is None or not frac or any(ch not in CN_DIGITS for ch in frac):
            return None
        return w + float("0." + "".join(str(CN_DIGITS[c]) for c in frac))
    return _cn2an(s)


def find_numbers(text: str) -> list[OldSpan]:
    """Every number span in ``text`` (Arabic or Chinese numerals; multipliers not included)."""
    out = []
    for m in NUMBER.finditer(text):
        kind = "arabic" if m.group("ar") else "chinese"
        val = parse_number(m.group(0))
        if val is not None:
            out.append(OldSpan(m.start(), m.end(), m.group(0), val, kind))
    return out


# ----------------------------------------------------------------------------- timing
def seed_texts() -> list[str]:
    return [clean_text(p.read_text(encoding="utf-8")).text for p in sorted(RAW_DATA_DIR.glob("*.txt"))]


def best_of(fn, repeat: int) -> tuple[float, int]:
    best, n = float("inf"), 0
    for _ in range(repeat):
        new.read_number.cache_clear()
        new._cn2an.cache_clear()
        t0 = time.perf_counter()
        n = fn()
        best = min(best, time.perf_counter() - t0)
    return best, n


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)
    texts = seed_texts()
    chars = sum(map(len, texts))
    spans = [s for t in texts for s in [m.text for m in find_numbers(t)] + [m.text for m in new.find_numbers(t)]]
    print(f"seed corpus: {len(texts)} pages, {chars:,} characters, {len(spans):,} number spans")
    rows = [
        ("parse_number  old (before issue 13)", lambda: sum(parse_number(s) is not None for s in spans) and len(spans)),
        ("parse_number  new", lambda: sum(new.parse_number(s) is not None for s in spans) and len(spans)),
        ("find_numbers  old (before issue 13)", lambda: sum(len(find_numbers(t)) for t in texts)),
        ("find_numbers  new", lambda: sum(len(new.find_numbers(t)) for t in texts)),
    ]
    for label, fn in rows:
        dt, n = best_of(fn, args.repeat)
        print(f"{label:<40} {n:>7,d} numbers {dt * 1e3:8.1f} ms {n / dt:>12,.0f} numbers/s "
              f"{chars / dt / 1e3 if label.startswith('find') else 0:>8,.0f} kchar/s", flush=True)


if __name__ == "__main__":
    main()
