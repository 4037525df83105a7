"""Clean OCR'd or scraped newspaper pages while keeping a map from every cleaned character to the raw text.

Joins lines broken inside sentences, removes OCR spaces, control and replacement characters and
page boilerplate (navigation, datelines, editor lines, footers), and converts to simplified script.
"""
from __future__ import annotations

import csv
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from pathlib import Path

import numpy as np

from ..core.config import PACKAGE_DATA_DIR
from ..core.script import to_simplified
from .cues import (
    CAPTION_END,
    CONTINUING,
    CREDIT_LABELS,
    DATELINE,
    LINE_BYLINE,
    LINE_CONTINUED,
    LINE_CUE_FIRST,
    TABLE_RULE,
    ends_sentence,
    is_table_row,
)
from .prefilter import LiteralIndex, required_literals

BOILERPLATE_FILE = PACKAGE_DATA_DIR / "boilerplate.csv"

# zero-width, BOM, soft hyphen, replacement character, C0/C1 controls except tab/newline
_DROP = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028\u2029\u2060\ufeff\ufffd\ufffc]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+")
_LINE_BREAK = re.compile(r"(?<=\n)|(?<=\r)(?!\n)")
_MD_HEADING_M = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+", re.M)
_LIST_MARK = re.compile(r"\n[ \t]{0,3}[-*+][ \t]")  # a quick test before _MD_NOISE_M (on "\n" + text)
_MD_NOISE_M = re.compile(r"^[ \t]{0,3}>[ \t]?|\*\*|__|^[ \t]{0,3}[-*+][ \t]+(?=\S)|!\[[^\]\n]*\]\([^)\n]*\)", re.M)
_SENTENCE_MARK = re.compile(r"[，。；！？、：]")
_NAV_SEP = re.compile(r"[ \t\u00a0\u3000|｜·•/／]+")
_WORD_START = re.compile(r"[^\d\W]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_CLAUSE_MARK = re.compile(r"[，。；！？,;!?]")  # 、 joins the items of a headline too (查隐患、保安全)
_OPENER = re.compile(r"[“‘「《【（(]")
_ENCLOSED = re.compile(r"“[^”]*”|‘[^’]*’|「[^」]*」|《[^》]*》|【[^】]*】|（[^）]*）|\([^)]*\)|\"[^\"]*\"")
_SHORT_TAIL = re.compile(r"^[^，。！？；、,;!?]{1,3}[。！？；!?]|^[^，。！？；、,;!?一二三四五六七八九十\d][，、]"
                         # 「…分红现 / (xiàn)，」: a reading gloss (pinyin, an English name) cut from its word
                         r"|^[（(][A-Za-z\u00c0-\u024f\u0300-\u036f' -]{1,20}[）)][，。、；：！？,.;:!?]")

# Full-width ASCII forms that are better half-width for matching (digits, Latin letters and
# symbols); the full-width Chinese punctuation ，；：？！（） stays as written.
_KEEP_FULLWIDTH = set("，；：？！（）")
_TABLE = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F) if chr(cp) not in _KEEP_FULLWIDTH}
_FULLWIDTH = re.compile("[" + re.escape("".join(map(chr, _TABLE))) + "]")


# ----------------------------------------------------------------------------- script
def _simplify_aligned(text: str) -> str:
    """t2s conversion that never changes the length (so the offset map stays valid)."""
    out = to_simplified(text)
    if len(out) == len(text):
        return out
    parts = []
    for line in text.split("\n"):
        conv = to_simplified(line)
        if len(conv) != len(line):
            conv = "".join(c2 if len(c2 := to_simplified(c)) == 1 else c for c in line)
        parts.append(conv)
    return "\n".join(parts)


# ----------------------------------------------------------------------------- boilerplate
@dataclass(frozen=True)
class BoilerplateRule:
    """One line of ``boilerplate.csv``; ``needs``: strings of which every match contains one
    (:func:`helpers.pages.prefilter.required_literals`), used only to skip lines faster."""

    reason: str
    pattern: re.Pattern
    max_chars: int
    needs: tuple[str, ...] | None = None


def load_boilerplate_rules(path: str | Path = BOILERPLATE_FILE) -> list[BoilerplateRule]:
    """Read the editable boilerplate rules (``reason,pattern,max_chars,note``); patterns are
    matched against the simplified line with spaces removed."""
    rules = []
    with open(path, encoding="utf-8-sig", newline="") as fh:
        for i, row in enumerate(csv.DictReader(fh), start=2):
            try:
                pattern = re.compile(row["pattern"])
                rules.append(BoilerplateRule(row["reason"], pattern, int(row["max_chars"]),
                                             required_literals(pattern)))
            except (re.error, ValueError, KeyError) as exc:
                raise ValueError(f"{path}: line {i}: bad boilerplate rule: {exc}") from exc
    return rules


@lru_cache(maxsize=4)
def _rules(path: str) -> tuple[BoilerplateRule, ...]:
    return tuple(load_boilerplate_rules(path))


_INDEXES: dict[int, tuple[object, LiteralIndex]] = {}


def _literal_index(rules) -> LiteralIndex:
    """The literal index of a rule collection, built once per collection object."""
    cached = _INDEXES.get(id(rules))
    if cached is None or cached[0] is not rules:
        if len(_INDEXES) > 8:
            _INDEXES.clear()
        cached = _INDEXES[id(rules)] = (rules, LiteralIndex([r.needs for r in rules]))
    return cached[1]


def boilerplate_reasons(lines: list[str], rules: tuple[BoilerplateRule, ...] | None = None, *,
                        simplified: list[str] | None = None) -> list[str | None]:
    """For each raw line, why it is page furniture (``"navigation"``, ``"dateline"`` …) or None.

    ``simplified``: the same lines already converted to simplified script (saves a conversion).
    Patterns see the simplified line with spaces removed; the first rule (in file order) that
    matches names the reason. Navigation bars are recognised in code (:func:`_is_navigation`).
    A rule runs only on the lines that hold one of its required literals (all found in one scan of
    the page), so a rule whose words are not on the page costs almost nothing.
    """
    rules = rules if rules is not None else _rules(str(BOILERPLATE_FILE))
    out: list[str | None] = [None] * len(lines)
    stripped = [line.strip() for line in lines]
    for i, s in enumerate(stripped):
        if s and s[0] in "|｜" and TABLE_RULE.match(s):
            out[i] = "table_rule"
        elif s and "，" not in s and "。" not in s and _NAV_SEP.search(s) and _is_navigation(s) and not is_table_row(s):
            out[i] = "navigation"
    todo = [i for i, s in enumerate(stripped) if s and out[i] is None]
    if not todo:
        return out
    compact = [simplified[i].strip() for i in todo] if simplified is not None else [stripped[i] for i in todo]
    page = _SPACES.sub("", "\n".join(compact))
    if simplified is None:
        page = to_simplified(page)
    compact = page.split("\n")
    if len(compact) != len(todo):  # a line break inside a line, or moved by the conversion
        compact = [to_simplified(_SPACES.sub("", lines[i].strip())) for i in todo]
        page = "\n".join(compact)
    line_starts = list(accumulate((len(c) + 1 for c in compact[:-1]), initial=0))
    found: list[str | None] = [None] * len(todo)
    for r, hits in zip(rules, _literal_index(rules).positions(page)):
        candidates: Iterable[int] = range(len(todo))
        if hits is not None:
            if not hits:
                continue  # none of the rule's words is on the page
            candidates = sorted({bisect_right(line_starts, h) - 1 for h in hits})
        for k in candidates:
            c = compact[k]
            if found[k] is None and len(c) <= r.max_chars and r.pattern.search(c):
                found[k] = r.reason
    for i, reason in zip(todo, found):
        out[i] = reason
    return out


def boilerplate_reason(line: str, rules: tuple[BoilerplateRule, ...] | None = None) -> str | None:
    """Why one raw line is page furniture, or None if it is text (see :func:`boilerplate_reasons`)."""
    return boilerplate_reasons([line], rules)[0]


def _is_navigation(line: str) -> bool:
    """A menu bar: four or more short items separated by spaces or | · / , without sentence punctuation."""
    if _SENTENCE_MARK.search(line) or LINE_BYLINE.match(line):
        return False
    items = [it for it in _NAV_SEP.split(line) if it]
    if len(items) < 4 or any(map(str.isdigit, line)):
        return False
    short = [it for it in items if 2 <= len(it) <= 8]
    return len(short) >= 0.8 * len(items) and sum(len(it) for it in items) / len(items) <= 6


# ----------------------------------------------------------------------------- result type
@dataclass
class Paragraph:
    """One output line of the cleaned text, with layout cues the segmenter uses."""

    start: int           # offset in the cleaned text
    end: int
    raw_start: int       # offset in the raw text
    raw_end: int
    heading_level: int = 0    # markdown '#' level, 0 if none
    blank_before: bool = False  # a blank line or removed boilerplate precedes it in the raw text
    indented: bool = False      # the first raw line was indented
    n_lines: int = 1            # raw lines joined into it
    column: float = 0.0         # widest raw line joined into it (the column width when n_lines > 1)
    regular: bool = False       # its lines (but the last) fill ``column``: a printed column, not ragged text
    after_label: str = ""       # the reason of a removed column or link-list label just above it (图片新闻, 相关链接)


@dataclass
class CleanText:
    """Cleaned text plus the map back to the raw text.

    ``offsets[i]`` is the index in ``raw`` of the character that produced ``text[i]``;
    :meth:`raw_span` turns a cleaned span into the raw span that covers it.
    """

    text: str
    offsets: np.ndarray
    raw: str
    paragraphs: list[Paragraph] = field(default_factory=list)
    removed: list[tuple[int, int, str]] = field(default_factory=list)  # raw spans dropped, with reason
    script: str = "simplified"

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw ``(start, end)`` covering cleaned ``text[start:end]`` (end exclusive)."""
        if end <= start:
            pos = int(self.offsets[start]) if start < len(self.offsets) else len(self.raw)
            return pos, pos
        return int(self.offsets[start]), int(self.offsets[end - 1]) + 1

    def raw_text(self, start: int, end: int) -> str:
        a, b = self.raw_span(start, end)
        return self.raw[a:b]


# ----------------------------------------------------------------------------- char-level edits
def code_points(s: str) -> np.ndarray:
    """The code points of ``s`` as a numpy array (read-only; lone surrogates pass through)."""
    return np.frombuffer(s.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def from_code_points(codes: np.ndarray) -> str:
    """The string of a numpy array of code points (the inverse of :func:`code_points`)."""
    return codes.astype(np.uint32, copy=False).tobytes().decode("utf-32-le", "surrogatepass")


def _delete(s: str, idx: np.ndarray, pattern: re.Pattern) -> tuple[str, np.ndarray]:
    """Delete every match of ``pattern`` from ``s`` and the matching entries of ``idx``."""
    spans = [m.span() for m in pattern.finditer(s) if m.end() > m.start()]
    if not spans:
        return s, idx
    cut_from, cut_to = zip(*spans)
    delta = np.zeros(len(idx) + 1, dtype=np.int32)
    delta[list(cut_from)] += 1
    delta[list(cut_to)] -= 1
    return pattern.sub("", s), idx[np.cumsum(delta[:-1]) == 0]


_DIGIT_RUN, _DIGIT_RUN_END = re.compile(r"\d+"), re.compile(r"\d+$")
def _space_repl(s: str, a: int, b: int) -> str:
    """What the run of spaces ``s[a:b]`` becomes: one space between Latin words or numbers,
    nothing next to CJK text, at a line's edge or inside an OCR-split digit group."""
    if a == 0 or b == len(s):
        return ""
    left, right = s[a - 1], s[b]
    if left.isdecimal() and right.isdecimal():
        # "4 858件": an OCR-split thousands group joins, and so do letter-spaced digits ("4 8 6人次");
        # "2020 2021" stays apart
        head = len(_DIGIT_RUN_END.search(s, max(a - 4, 0), a).group(0))
        tail = len(_DIGIT_RUN.match(s, b, b + 4).group(0))
        return "" if (tail == 3 and head <= 3) or (head == 1 and tail == 1) else " "
    if left.isascii() and right.isascii() and (left.isalnum() or left in ".,%)") and right.isalnum():
        return " "
    return ""


_SPACE_CODES = [0x20, 0x09, 0xA0, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000]  # the characters of _SPACES
_IS_SPACE, _MAY_STAY = 1, 2


@lru_cache(maxsize=1)
def _char_classes() -> np.ndarray:
    """``table[c]`` for a BMP code point: _IS_SPACE, and _MAY_STAY for an ASCII character other
    than a line break, or any decimal digit (a space between two of these may be kept)."""
    table = np.zeros(0x10000, dtype=np.uint8)
    digits = re.findall(r"\d", "".join(map(chr, range(0x10000))))  # \d is str.isdecimal: category Nd
    table[[ord(d) for d in digits]] = _MAY_STAY
    table[:0x80] = _MAY_STAY
    table[10] = 0
    table[_SPACE_CODES] |= _IS_SPACE
    return table


def _remove_spaces(s: str, idx: np.ndarray) -> tuple[str, np.ndarray]:
    """Drop OCR spaces while carrying the offsets: every run of spaces (see ``_SPACES``) goes,
    except one space between Latin words and between numbers that are not one split digit group
    (:func:`_space_repl`). Runs beside Chinese characters, the common case, are decided with numpy."""
    codes = code_points(s)
    cls = _char_classes()[np.minimum(codes, 0xFFFF)]
    cls[codes > 0xFFFF] = _MAY_STAY  # astral characters: let _space_repl decide
    spaces = (cls & _IS_SPACE).astype(bool)
    if not spaces.any():
        return s, idx
    before, after = np.zeros_like(spaces), np.zeros_like(spaces)
    before[1:], after[:-1] = spaces[:-1], spaces[1:]
    starts, ends = np.flatnonzero(spaces & ~before), np.flatnonzero(spaces & ~after) + 1
    inside = (starts > 0) & (ends < len(codes))
    may_stay = (cls & _MAY_STAY).astype(bool)
    undecided = inside & may_stay[np.maximum(starts - 1, 0)] & may_stay[np.minimum(ends, len(codes) - 1)]
    kept = [k for k in np.flatnonzero(undecided).tolist() if _space_repl(s, int(starts[k]), int(ends[k])) == " "]
    if kept:
        spaces[starts[kept]] = False
        codes = codes.copy()
        codes[starts[kept]] = 0x20
    mask = ~spaces
    return from_code_points(codes[mask]), idx[mask]


# ----------------------------------------------------------------------------- line joining
def _is_full(width: float, column: float) -> bool:
    return width >= column - max(2.5, 0.13 * column)


def estimate_wrap_widths(widths: list[float], *, window: int = 6, max_column: float = 45,
                         ) -> list[tuple[float | None, float | None]]:
    """For each line, the column width of the hard-wrapped text before and after it (or None).

    A page is hard-wrapped only when half of its characters sit in lines of at most
    ``max_column`` characters (already-cleaned text, one paragraph per line, never is).
    Printed pages mix columns of different widths, so the width is estimated locally: the 75th
    percentile of the widths of the ``window`` lines up to the line, and of those from the line on
    (a line at the edge of two columns belongs to one of them). The text counts as hard-wrapped
    when that width is at most ``max_column`` characters and at least 40 % of those lines fill it
    (within 2.5 characters or 13 %).
    """
    n = len(widths)
    if not widths or _mass_median(widths) > max_column:
        return [(None, None)] * n  # most text sits in long lines: not a printed column
    w = np.asarray(widths, dtype=float)
    w[w < 4] = np.nan
    pad = np.full(window, np.nan)
    padded = np.concatenate([pad, w, pad])
    win = np.lib.stride_tricks.sliding_window_view(padded, window + 1)  # win[k] = padded[k:k+window+1]
    before, after = win[:n], win[window:window + n]

    def columns(ws: np.ndarray) -> list[float | None]:
        valid = np.sum(~np.isnan(ws), axis=1)
        srt = np.sort(ws, axis=1)  # NaNs sort last
        pos = np.maximum(valid - 1, 0) * 0.75  # numpy's linear 75th percentile of the valid values
        lo = np.floor(pos).astype(int)
        hi = np.minimum(lo + 1, np.maximum(valid - 1, 0))
        rows = np.arange(len(ws))
        col = srt[rows, lo] + (srt[rows, hi] - srt[rows, lo]) * (pos - lo)
        with np.errstate(invalid="ignore"):
            full = np.sum(ws >= (col - np.maximum(2.5, 0.13 * col))[:, None], axis=1)
        ok = (valid >= 3) & (col <= max_column) & (full >= 0.4 * valid)
        return [float(c) if good else None for c, good in zip(col, ok)]

    return list(zip(columns(before), columns(after)))


def _mass_median(widths: list[float]) -> float:
    """The line width below which half of the page's characters lie (long paragraphs dominate)."""
    ws = sorted(widths)
    half, acc = sum(ws) / 2, 0.0
    for w in ws:
        acc += w
        if acc >= half:
            return w
    return ws[-1]


def _reads_as_headline(line: str) -> bool:
    """A line with no clause punctuation outside quotes and brackets (a headline may quote a slogan
    with commas, 「…」 or 【…】; a line of body text of any length almost always has a comma)."""
    if DATELINE.match(line) or LINE_BYLINE.match(line):
        return False
    rest = _ENCLOSED.sub("", line)  # (a line quoted whole is speech, not a headline)
    return len(_CJK.findall(rest)) >= 4 and not _CLAUSE_MARK.search(rest) and not _OPENER.search(rest)


#: a line opening with characters a decoder could not read (「?。?)强化…」 for 「（1）强化…」), not with punctuation
#: that finishes the line above
_MOJIBAKE_START = re.compile(r"\?+[^\u4e00-\u9fff\w\s]")


def _should_join(prev: str, nxt: str, prev_level: int, next_level: int,
                 wrap: tuple[float | None, float | None], prev_width: float, prev_opens: bool = False,
                 alone: bool = False, blank_above: bool = False, next_alone: bool = False,
                 blank_between: bool = False) -> bool:
    """Whether the line break between ``prev`` and ``nxt`` falls inside a sentence.

    ``prev_opens``: ``prev`` is the first line of a paragraph, printed two characters narrower
    because of the indent that OCR drops. ``blank_above``: a blank line stands above ``prev``. ``alone``: ``prev`` stands between two blank lines (a
    headline, a masthead line): it is joined to ``nxt`` only when it ends in a continuing mark (，、：…)
    or ``nxt`` plainly finishes its word or clause. ``next_alone``: ``nxt`` stands between two blank lines;
    when it reads as a headline it opens a new item even below text that stops mid-sentence (an excerpt
    cut short before the next story). ``blank_between``: a blank line stands between them; a line below it that
    reads as a headline (and does not fill the column) opens a new block even under a line ending in a comma.
    """
    if not prev or not nxt or is_table_row(prev) or is_table_row(nxt):
        return False
    if len(prev) <= 30 and prev.endswith(CREDIT_LABELS):
        return True  # a credit line broken after its label: "本报记者 某某 通讯员 / 某某 摄"
    if next_alone and _reads_as_headline(nxt) and not _SHORT_TAIL.match(nxt):
        return False
    if blank_between and _reads_as_headline(nxt) and not _SHORT_TAIL.match(nxt) \
            and all(col is None or len(nxt) < col - 2 for col in wrap):
        return False  # a headline after a blank line, below an excerpt cut off mid-clause (「…立案2066件，」)
    if (nxt[0] in LINE_CUE_FIRST and (LINE_BYLINE.match(nxt) or LINE_CONTINUED.match(nxt))) or prev[0] in "—─":
        return False
    if DATELINE.match(nxt) and not prev.endswith(CREDIT_LABELS):
        return False  # a dateline (（新华社北京5月3日电）, 中国甘肃网5月18日讯) opens a news item
    if (prev[-1].isdecimal() or (prev[-1] in "余多万亿" and prev[-2:-1].isdecimal())) and _WORD_START.match(nxt):
        return True  # "通过20 / 天的巡察": a number is never cut from its measure word
    if prev[-1].isdecimal() and nxt[0].isdecimal() and (wrap[0] is not None or wrap[1] is not None):
        return True  # "所辖13 / 6个村": a number cut by the line break of a printed column
    ends = ends_sentence(prev)
    if not ends and (_SHORT_TAIL.match(nxt) or (nxt[0] in "，。、；：！？,.;:!?）)”’」』】》" and not _MOJIBAKE_START.match(nxt))):
        # "…评估机 / 制。推动…": the next line starts by finishing a cut word or a clause
        return True
    if prev[-1] in CONTINUING:
        return True
    if prev_level or next_level or ends or alone:
        return False
    if prev_opens and _reads_as_headline(prev):
        # a first line without clause punctuation may be a headline (于都县巡察监督实现全覆盖, 银川：市县一体
        # 联动巡察破解“熟人社会”监督难): join only when it fills the column to within one character; after a
        # blank line (``blank_above``) only the column below counts (the one above belongs to another block)
        return (any(col is not None and prev_width >= col - 1 for col in (wrap[1:] if blank_above else wrap))
                or (any(col is not None for col in wrap) and word_across(prev, nxt)))
    width = prev_width + 2.0 if prev_opens else prev_width
    for col in wrap:
        if col is not None and _is_full(width, col):
            return True
    # hard-wrapped text whose lines do not fill one width (OCR of a ragged column, text re-wrapped at varying
    # widths): a paragraph of body text ends with its sentence, so a line that stops mid-sentence goes on,
    # unless it could be a headline (a first line with no clause punctuation, handled above)
    return (any(col is not None for col in wrap) and _CLAUSE_MARK.search(prev) is not None
            and not _reads_as_headline(prev) and not CAPTION_END.search(prev))


@lru_cache(maxsize=1)
def _segmenter():
    """jieba's default segmenter (dictionary loaded once, from jieba's cache when it has one)."""
    import logging

    import jieba

    logging.getLogger("jieba").setLevel(logging.WARNING)
    jieba.dt.check_initialized()
    return jieba.dt


def word_across(prev: str, nxt: str, context: int = 4) -> bool:
    """Whether jieba, cutting the last ``context`` characters of ``prev`` and the first of ``nxt`` as one
    string, puts a word of two or more Chinese characters across the break (「…浙江省人民医 / 院毕节医院…」:
    人民医院): the line was cut inside a word, so it is no headline. 「…防汛巡查工作 / 为应对…」 is cut
    工作 / 为 / 应对: no word runs across."""
    a, b = prev.rstrip()[-context:], nxt.lstrip()[:context]
    if not (a and b and _CJK.match(a[-1]) and _CJK.match(b[0])):
        return False
    at = 0
    for word in _segmenter().cut(a + b, HMM=False):
        if at < len(a) < at + len(word):
            return len(word) >= 2
        at += len(word)
    return False


# ----------------------------------------------------------------------------- main entry
def clean_text(raw: str, *, simplify: bool = True, remove_boilerplate: bool = True,
               boilerplate_file: str | Path | None = None) -> CleanText:
    """Clean a raw page and keep the offset map.

    Steps: split into lines; drop boilerplate lines (rules in ``data/boilerplate.csv``); drop
    control/replacement characters, make full-width digits/letters half-width, strip markdown,
    remove OCR spaces; join lines broken inside sentences (hard-wrapped columns are detected from
    the distribution of line widths); convert to simplified script with OpenCC.

    The result's ``text`` has one paragraph per line; ``offsets`` maps each character to ``raw``.
    """
    # 1. lines; boilerplate lines and blank lines become empty (lone surrogates, which OpenCC cannot
    # read, are replacement characters for the time of cleaning: same length, so offsets hold)
    original, raw = raw, _SURROGATE.sub("\ufffd", raw)
    bodies, starts = _split_lines(raw)
    removed: list[tuple[int, int, str]] = []
    if remove_boilerplate:
        simple_raw = to_simplified(raw)
        simple = [simple_raw[a:a + len(b)] for a, b in zip(starts, bodies)] if len(simple_raw) == len(raw) else None
        reasons = boilerplate_reasons(bodies, _rules(str(boilerplate_file or BOILERPLATE_FILE)), simplified=simple)
        for k, reason in enumerate(reasons):
            if reason:
                removed.append((starts[k], starts[k] + len(bodies[k]), reason))
                bodies[k] = ""
    bodies = [b if b and not b.isspace() else "" for b in bodies]

    # 2. character repairs on the whole page at once, carrying the offsets
    whole, idx = _repair(bodies, starts, len(raw))

    # 3. the lines that still hold text, with their layout cues
    lens = [len(s) for s in whole.split("\n")]
    line_at = list(accumulate((n + 1 for n in lens[:-1]), initial=0))  # where each line starts in whole
    keep = [k for k, n in enumerate(lens) if n]
    texts = [whole[line_at[k]:line_at[k] + lens[k]] for k in keep]
    blank_before = [k == 0 or not lens[k - 1] for k in keep]
    levels = [_heading_level(bodies[k]) for k in keep]
    indented = [bodies[k][:2] in _INDENTS or bodies[k][:1] == "\t" for k in keep]
    widths = _printed_widths([bodies[k] for k in keep])

    after_label = _after_label(lens, keep, reasons) if remove_boilerplate else [""] * len(keep)

    # 4. join lines broken inside a sentence (never across a removed label: 「图片新闻」 opens a new item)
    wraps = estimate_wrap_widths(widths)
    joins = [False] * len(texts)  # joins[i]: line i continues the paragraph of line i - 1
    opens = True  # the previous line opened its paragraph
    # a line between two blank lines stands alone, unless the page puts a blank line after every line
    spaced = sum(blank_before) > 0.5 * len(blank_before)
    for i in range(1, len(texts)):
        alone = opens and blank_before[i - 1] and blank_before[i] and not spaced
        next_alone = blank_before[i] and (i + 1 == len(texts) or blank_before[i + 1]) and not spaced
        joins[i] = not after_label[i] and _should_join(texts[i - 1], texts[i], levels[i - 1], levels[i],
                                                       wraps[i - 1], widths[i - 1], opens, alone,
                                                       blank_before[i - 1] and not spaced, next_alone,
                                                       blank_before[i] and not spaced)
        opens = not joins[i]

    # 5. assemble the text and the offsets
    text, offsets, paragraphs = _assemble(whole, idx, [line_at[k] for k in keep], [lens[k] for k in keep], joins,
                                          len(raw))
    for p, i in zip(paragraphs, [i for i, j in enumerate(joins) if not j]):
        p.heading_level, p.blank_before, p.indented = levels[i], blank_before[i], indented[i]
        p.after_label = after_label[i]
        ws = widths[i:i + p.n_lines]
        p.column = max(ws)
        if p.n_lines > 2:  # every line but the last fills the column (within 2.5 characters or 13 %)
            p.regular = sum(w >= p.column - max(2.5, 0.13 * p.column) for w in ws[:-1]) >= 0.8 * (p.n_lines - 1)
    script = "simplified"
    if simplify and text:
        simple = _simplify_aligned(text)
        if simple != text:
            before, after = code_points(text), code_points(simple)
            han = int(np.count_nonzero(((before >= 0x3400) & (before <= 0x9FFF)) | ((before >= 0xF900) & (before <= 0xFAFF))))
            script = "traditional" if np.count_nonzero(before != after) / (han or 1) > 0.05 else "simplified"
            text = simple
    return CleanText(text=text, offsets=offsets, raw=original, paragraphs=paragraphs, removed=removed, script=script)


#: Removed lines that open a new item below them: a column label (【图片新闻】, 图片新闻) or the label
#: of a link list (相关链接, 延伸阅读). Reasons of ``boilerplate.csv``.
LABEL_REASONS = ("share", "section_label")


#: suffix of ``Paragraph.after_label`` for a label glued between two lines of text (see :func:`_after_label`)
INLINE_LABEL = ":inline"


def _after_label(lens: list[int], keep: list[int], reasons: list[str | None]) -> list[str]:
    """For each kept line, the reason of a label line removed just above it (only blank or removed
    lines between), else "". A label glued between two lines of text (no blank line on either side:
    「…已经进驻巡察。 / 【信访受理范围】 / 根据…」) may be a subhead of the story it sits in; its reason
    gets the suffix ``INLINE_LABEL`` so that segmentation asks whether the topic changes there."""
    out = [""] * len(keep)
    if not any(r in LABEL_REASONS for r in reasons):
        return out
    for n, k in enumerate(keep):
        j = k - 1
        while j >= 0 and not lens[j]:
            if reasons[j] in LABEL_REASONS:
                glued = j == k - 1 and j > 0 and lens[j - 1] > 0 and not reasons[j - 1]
                out[n] = reasons[j] + (INLINE_LABEL if glued else "")
                break
            j -= 1
    return out


def _split_lines(raw: str) -> tuple[list[str], list[int]]:
    """The lines of ``raw`` without their breaks (``\n``, ``\r\n`` or ``\r``) and where each starts."""
    if "\r" in raw:
        with_breaks = _LINE_BREAK.split(raw)
        bodies = [x.rstrip("\r\n") for x in with_breaks]
        lengths = [len(x) for x in with_breaks]
    else:
        bodies = raw.split("\n")
        lengths = [len(x) + 1 for x in bodies]
    return bodies, list(accumulate(lengths[:-1], initial=0))


_INDENTS = ("  ", "\u3000\u3000", "\t\t", " \u3000", "\u3000 ")


def _heading_level(line: str) -> int:
    """The markdown heading level of a raw line (``## 标题`` → 2), 0 if it is not a heading."""
    if "#" not in line[:4]:
        return 0
    m = _MD_HEADING.match(line)
    return len(m.group(1)) if m else 0


def _printed_widths(lines: list[str]) -> list[float]:
    """Printed width of each raw line (CJK and full-width characters 1, ASCII 0.5, after stripping and collapsing spaces)."""
    if not lines:
        return []
    codes = code_points(_SPACES.sub(" ", "\n".join(s.strip() for s in lines)))
    # UTF-8 length decides: ASCII 0.5, two bytes 0.75, CJK (three bytes) 1, four bytes 1.25
    weight = np.where(codes < 0x80, 0.5, np.where(codes < 0x800, 0.75, np.where(codes < 0x10000, 1.0, 1.25)))
    breaks = np.flatnonzero(codes == 10)
    weight[breaks] = 0.0
    bounds = np.concatenate(([0], breaks))
    return np.add.reduceat(weight, bounds).tolist() if len(weight) else [0.0] * len(lines)


def _repair(bodies: list[str], starts: list[int], n_raw: int) -> tuple[str, np.ndarray]:
    """Character repairs on the page's lines joined by newlines, with each character's raw offset:
    control and replacement characters, full-width ASCII, markdown marks, OCR spaces."""
    whole = "\n".join(bodies)
    lens = np.fromiter(map(len, bodies), dtype=np.int64, count=len(bodies))
    line_at = np.cumsum(lens + 1) - (lens + 1)
    idx = np.repeat(np.asarray(starts, dtype=np.int64) - line_at, lens + 1)[:len(whole)]
    idx += np.arange(len(whole), dtype=np.int64)
    whole, idx = _delete(whole, idx, _DROP)
    if _FULLWIDTH.search(whole):
        whole = whole.translate(_TABLE)
    if "#" in whole:
        whole, idx = _delete(whole, idx, _MD_HEADING_M)
    if any(mark in whole for mark in (">", "**", "__", "![")) or _LIST_MARK.search("\n" + whole):
        whole, idx = _delete(whole, idx, _MD_NOISE_M)
    return _remove_spaces(whole, idx)


def _ascii_letter(c: np.ndarray) -> np.ndarray:
    return ((c >= 65) & (c <= 90)) | ((c >= 97) & (c <= 122))


def _assemble(whole: str, idx: np.ndarray, at: list[int], lens: list[int], joins: list[bool],
              n_raw: int) -> tuple[str, np.ndarray, list[Paragraph]]:
    """Cut the text lines (``whole[at[i]:at[i] + lens[i]]``) out of the repaired page and glue them:
    a line that ``joins`` its predecessor follows it directly (after one space between two Latin
    letters), any other line starts a new paragraph after a newline."""
    if not at:
        return "", np.zeros(0, dtype=np.int64), []
    codes = code_points(whole).copy()
    out_idx = idx.copy()
    keep = codes != 10
    at_a, len_a = np.asarray(at), np.asarray(lens)
    first, last = idx[at_a], idx[at_a + len_a - 1]
    sep = at_a[:-1] + len_a[:-1]  # the newline after each line but the last
    join = np.asarray(joins[1:], dtype=bool)
    prev_char, next_char = codes[sep - 1], codes[at_a[1:]]
    spaced = join & _ascii_letter(prev_char) & _ascii_letter(next_char)
    broken = ~join
    keep[sep[spaced | broken]] = True
    codes[sep[spaced]] = 32
    out_idx[sep[spaced]] = np.where(first[1:][spaced] > 0, first[1:][spaced] - 1, first[1:][spaced])
    out_idx[sep[broken]] = np.minimum(last[:-1][broken] + 1, max(n_raw - 1, 0))
    out_pos = np.cumsum(keep) - 1
    opens = np.flatnonzero(~np.asarray(joins, dtype=bool))  # joins[0] is always False
    closes = np.append(opens[1:] - 1, len(at) - 1)
    fields = zip(out_pos[at_a[opens]].tolist(), (out_pos[at_a[closes] + len_a[closes] - 1] + 1).tolist(),
                 first[opens].tolist(), (last[closes] + 1).tolist(), (closes - opens + 1).tolist())
    paragraphs = [Paragraph(a, b, ra, rb, n_lines=n) for a, b, ra, rb, n in fields]
    text = from_code_points(codes[keep])
    return text, out_idx[keep], paragraphs


def normalize_for_matching(text: str) -> str:
    """Simplified script, NFKC, and no whitespace or punctuation: for comparing texts."""
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", to_simplified(text)))
