"""Clean OCR'd or scraped newspaper pages while keeping a map from every cleaned character to the raw text.

Joins lines broken inside sentences, removes OCR spaces, control and replacement characters and
page boilerplate (navigation, datelines, editor lines, footers), and converts to simplified script.
"""
from __future__ import annotations

import csv
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import numpy as np

from .config import PACKAGE_DATA_DIR
from .prefilter import LiteralIndex, required_literals

log = logging.getLogger(__name__)

BOILERPLATE_FILE = PACKAGE_DATA_DIR / "boilerplate.csv"

#: Characters that end a sentence (a line ending in one of them may end a paragraph).
TERMINAL = "。！？!?…"
#: Closing quotes and brackets that may follow a terminal character.
CLOSERS = "”’」』）)】》\"'"
#: A line ending in one of these always continues on the next line.
CONTINUING = "，、；：,;:“‘「『（(《【—-"
# zero-width, BOM, soft hyphen, replacement character, C0/C1 controls except tab/newline
_DROP = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028\u2029\u2060\ufeff\ufffd\ufffc]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+")
_LINE_BREAK = re.compile(r"(?<=\n)|(?<=\r)(?!\n)")
_MD_HEADING_M = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+", re.M)
_MD_NOISE_M = re.compile(r"^[ \t]{0,3}>[ \t]?|\*\*|__|^[ \t]{0,3}[-*+][ \t]+(?=\S)|!\[[^\]\n]*\]\([^)\n]*\)", re.M)
_PUNCT = re.compile(r"[，。、；：！？“”‘’「」『』（）《》,;:!?()]")
_NAV_SEP = re.compile(r"[ \t\u00a0\u3000|｜·•/／]+")
_WORD_START = re.compile(r"[^\d\W]")
_SHORT_TAIL = re.compile(r"^[^，。！？；、,;!?]{1,3}[。！？；!?]|^[^，。！？；、,;!?][，、]")
_CONTINUED = re.compile(r"^[（(]\s*(上接|接上|下转)")
_BYLINE_START = re.compile(r"^[■□●◆▲★☆◎]|^本报(记者|讯|通讯员)|^(记者|通讯员)\s")

# Full-width ASCII forms that are better half-width for matching (digits, Latin letters and
# symbols); the full-width Chinese punctuation ，；：？！（） stays as written.
_KEEP_FULLWIDTH = set("，；：？！（）")
_TABLE = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F) if chr(cp) not in _KEEP_FULLWIDTH}
_FULLWIDTH = re.compile("[" + re.escape("".join(map(chr, _TABLE))) + "]")


# ----------------------------------------------------------------------------- script
@lru_cache(maxsize=1)
def _t2s():
    import opencc

    for cfg in ("t2s", "t2s.json"):
        try:
            return opencc.OpenCC(cfg)
        except Exception:  # noqa: BLE001 - the config name differs between opencc builds
            continue
    raise RuntimeError("OpenCC has no 't2s' configuration")


def to_simplified(text: str) -> str:
    """Convert traditional characters to simplified with OpenCC (``t2s``); other text is unchanged."""
    return _t2s().convert(text) if text else text


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
    (:func:`helpers.prefilter.required_literals`), used only to skip lines faster."""

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


@lru_cache(maxsize=4)
def _literal_index(rules: tuple[BoilerplateRule, ...]) -> LiteralIndex:
    return LiteralIndex([r.needs for r in rules])


def boilerplate_reasons(lines: list[str], rules: tuple[BoilerplateRule, ...] | None = None, *,
                        simplified: list[str] | None = None) -> list[str | None]:
    """For each raw line, why it is page furniture (``"navigation"``, ``"dateline"`` …) or None.

    ``simplified``: the same lines already converted to simplified script (saves a conversion).
    Patterns see the simplified line with spaces removed; the first rule (in file order) that
    matches names the reason. Navigation bars are recognised in code (:func:`_is_navigation`).
    A rule runs only on the lines that hold one of its required literals (found with ``str.find``
    on the whole page), so a rule whose words are not on the page costs almost nothing.
    """
    rules = rules if rules is not None else _rules(str(BOILERPLATE_FILE))
    out: list[str | None] = [None] * len(lines)
    todo, compact = [], []
    for i, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        if "，" not in stripped and "。" not in stripped and _NAV_SEP.search(stripped) and _is_navigation(stripped):
            out[i] = "navigation"
            continue
        todo.append(i)
        compact.append((simplified[i] if simplified is not None else line).strip())
    if not todo:
        return out
    page = _SPACES.sub("", "\n".join(compact))
    if simplified is None:
        page = to_simplified(page)
    compact = page.split("\n")
    if len(compact) != len(todo):  # a line break inside a line, or moved by the conversion
        compact = [to_simplified(_SPACES.sub("", lines[i].strip())) for i in todo]
        page = "\n".join(compact)
    line_starts = np.cumsum([0] + [len(c) + 1 for c in compact[:-1]])
    found: list[str | None] = [None] * len(todo)
    for r, hits in zip(rules, _literal_index(tuple(rules)).positions(page)):
        candidates: Iterable[int] = range(len(todo))
        if hits is not None:
            if not hits:
                continue  # none of the rule's words is on the page
            candidates = np.unique(np.searchsorted(line_starts, hits, side="right") - 1).tolist()
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
    if _BYLINE_START.search(line) or re.search(r"[，。；！？、：]", line):
        return False
    items = [it for it in _NAV_SEP.split(line) if it]
    if len(items) < 4 or any(ch.isdigit() for ch in line):
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
def _codes(s: str) -> np.ndarray:
    """The code points of ``s`` as a numpy array."""
    return np.frombuffer(s.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


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
        # "4 858件": an OCR-split thousands group joins; "2020 2021" stays apart
        head, tail = _DIGIT_RUN_END.search(s, max(a - 4, 0), a), _DIGIT_RUN.match(s, b, b + 4)
        return "" if len(tail.group(0)) == 3 and len(head.group(0)) <= 3 else " "
    if left.isascii() and right.isascii() and (left.isalnum() or left in ".,%)") and right.isalnum():
        return " "
    return ""


_SPACE_CODES = np.array([0x20, 0x09, 0xA0, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000], dtype=np.uint32)


@lru_cache(maxsize=1)
def _bmp_decimal() -> np.ndarray:
    """``table[c]``: whether the BMP character ``c`` is a decimal digit (``str.isdecimal``)."""
    return np.fromiter((chr(c).isdecimal() for c in range(0x10000)), dtype=bool, count=0x10000)


def _remove_spaces(s: str, idx: np.ndarray) -> tuple[str, np.ndarray]:
    """Drop OCR spaces while carrying the offsets: every run of spaces (see ``_SPACES``) goes,
    except one space between Latin words and between numbers that are not one split digit group
    (:func:`_space_repl`). Runs beside Chinese characters, the common case, are decided with numpy."""
    codes = _codes(s)
    spaces = np.isin(codes, _SPACE_CODES)
    if not spaces.any():
        return s, idx
    edges = np.diff(spaces.astype(np.int8), prepend=0, append=0)
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    left = codes[np.maximum(starts - 1, 0)]
    right = codes[np.minimum(ends, len(codes) - 1)]
    inside = (starts > 0) & (ends < len(codes))

    def may_stay(c: np.ndarray) -> np.ndarray:  # an ASCII character other than a line break, or a digit
        bmp = np.minimum(c, 0xFFFF)
        return ((c < 0x80) & (c != 10)) | (c > 0xFFFF) | _bmp_decimal()[bmp]

    keep = np.zeros(len(starts), dtype=bool)
    for k in np.flatnonzero(inside & may_stay(left) & may_stay(right)).tolist():
        keep[k] = _space_repl(s, int(starts[k]), int(ends[k])) == " "
    drop = spaces.copy()
    drop[starts[keep]] = False
    out = codes.copy()
    out[starts[keep]] = 0x20
    mask = ~drop
    return out[mask].tobytes().decode("utf-32-le", "surrogatepass"), idx[mask]


# ----------------------------------------------------------------------------- line joining
def _width(s: str) -> float:
    """Printed width: CJK and full-width characters 1, ASCII 0.5."""
    wide = (len(s.encode("utf-8")) - len(s)) / 2  # exact for CJK (3 bytes); close for the rest
    return wide + 0.5 * (len(s) - wide)


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


_TRAILING_PAREN = re.compile(r"[（(][^（()）]{1,30}[）)]$")


def _ends_sentence(s: str) -> bool:
    """True when a line ends a sentence: 。！？… possibly followed by closing quotes, brackets or
    a parenthetical signature such as 「。（本报记者 某某）」."""
    if s[-1:] in ("）", ")"):
        t = _TRAILING_PAREN.sub("", s).rstrip(CLOSERS) or s.rstrip(CLOSERS)
    else:
        t = s.rstrip(CLOSERS)
    return bool(t) and t[-1] in TERMINAL


_CREDIT_LABELS = ("通讯员", "记者", "实习生", "摄影")
_STOP_FIRST = "■□●◆▲★☆◎本记通（("  # first characters of _BYLINE_START and _CONTINUED


def _should_join(prev: str, nxt: str, prev_level: int, next_level: int,
                 wrap: tuple[float | None, float | None], prev_width: float, prev_opens: bool = False) -> bool:
    """Whether the line break between ``prev`` and ``nxt`` falls inside a sentence.

    ``prev_opens``: ``prev`` is the first line of a paragraph, printed two characters narrower
    because of the indent that OCR drops.
    """
    if not prev or not nxt:
        return False
    if len(prev) <= 30 and prev.endswith(_CREDIT_LABELS):
        return True  # a credit line broken after its label: "本报记者 某某 通讯员 / 某某 摄"
    if (nxt[0] in _STOP_FIRST and (_BYLINE_START.match(nxt) or _CONTINUED.match(nxt))) or prev[0] in "—─":
        return False
    if (prev[-1].isdecimal() or (prev[-1] in "余多万亿" and prev[-2:-1].isdecimal())) and _WORD_START.match(nxt):
        return True  # "通过20 / 天的巡察": a number is never cut from its measure word
    ends = _ends_sentence(prev)
    if not ends and (_SHORT_TAIL.match(nxt) or nxt[0] in "，。、；：！？,.;:!?）)”’」』】》"):
        # "…评估机 / 制。推动…": the next line starts by finishing a cut word or a clause
        return True
    if prev[-1] in CONTINUING:
        return True
    if prev_level or next_level or ends:
        return False
    if prev_opens and not _PUNCT.search(prev):
        # a first line without any punctuation may be a headline (于都县巡察监督实现全覆盖): join only
        # when it fills the column to within one character
        return any(col is not None and prev_width >= col - 1 for col in wrap)
    width = prev_width + 2.0 if prev_opens else prev_width
    for col in wrap:
        if col is not None and _is_full(width, col):
            return True
    return False


# ----------------------------------------------------------------------------- main entry
def clean_text(raw: str, *, simplify: bool = True, remove_boilerplate: bool = True,
               boilerplate_file: str | Path | None = None) -> CleanText:
    """Clean a raw page and keep the offset map.

    Steps: split into lines; drop boilerplate lines (rules in ``data/boilerplate.csv``); per line,
    drop control/replacement characters, make full-width digits/letters half-width, strip markdown,
    remove OCR spaces; join lines broken inside sentences (hard-wrapped columns are detected from
    the distribution of line widths); convert to simplified script with OpenCC.

    The result's ``text`` has one paragraph per line; ``offsets`` maps each character to ``raw``.
    """
    rules = _rules(str(boilerplate_file or BOILERPLATE_FILE))
    simple_raw = to_simplified(raw) if remove_boilerplate else raw
    if len(simple_raw) != len(raw):
        simple_raw = None
    # 1. line by line: drop boilerplate, note markdown level, indentation and printed width
    raw_lines = _LINE_BREAK.split(raw)
    line_starts = np.cumsum([0] + [len(x) for x in raw_lines[:-1]]).tolist()
    bodies = [x.rstrip("\r\n") for x in raw_lines]
    reasons: list[str | None] = [None] * len(bodies)
    if remove_boilerplate:
        simple = None if simple_raw is None else [simple_raw[a:a + len(b)] for a, b in zip(line_starts, bodies)]
        reasons = boilerplate_reasons(bodies, rules, simplified=simple)
    kept: list[tuple[int, str, int, bool, float]] = []  # raw start, body, level, indented, width
    removed: list[tuple[int, int, str]] = []
    for start, body, reason in zip(line_starts, bodies, reasons):
        if reason:
            removed.append((start, start + len(body), reason))
            body = ""
        if not body or body.isspace():
            kept.append((start, "", 0, False, 0.0))
            continue
        m = _MD_HEADING.match(body)
        indented = body[:2] in ("  ", "\u3000\u3000", "\t\t", " \u3000", "\u3000 ") or body[:1] == "\t"
        kept.append((start, body, len(m.group(1)) if m else 0, indented, _width(_SPACES.sub(" ", body.strip()))))

    # 2. character repairs on the whole page at once, carrying the offsets
    bodies = [k[1] for k in kept]
    whole = "\n".join(bodies)
    lens = np.fromiter(map(len, bodies), dtype=np.int64, count=len(bodies))
    line_at = np.cumsum(lens + 1) - (lens + 1)  # where each line starts in ``whole``
    starts = np.fromiter((k[0] for k in kept), dtype=np.int64, count=len(kept))
    idx = np.repeat(starts - line_at, lens + 1)[:len(whole)] + np.arange(len(whole), dtype=np.int64)
    np.minimum(idx, max(len(raw) - 1, 0), out=idx)  # a newline after the page's last character
    whole, idx = _delete(whole, idx, _DROP)
    if _FULLWIDTH.search(whole):
        whole = whole.translate(_TABLE)
    whole, idx = _delete(whole, idx, _MD_HEADING_M)
    whole, idx = _delete(whole, idx, _MD_NOISE_M)
    whole, idx = _remove_spaces(whole, idx)

    # 3. back to lines (the page's newlines survived every edit)
    lines: list[tuple[str, np.ndarray, int, bool, bool, float]] = []
    blank, pos = True, 0
    for (start, body, level, indented, width), s_line in zip(kept, whole.split("\n")):
        end = pos + len(s_line)
        line_idx = idx[pos:end]
        pos = end + 1
        if not s_line:
            blank = True
            continue
        lines.append((s_line, line_idx, level, blank, indented, width))
        blank = False

    wraps = estimate_wrap_widths([ln[5] for ln in lines])
    pieces: list[str] = []
    offsets: list[np.ndarray] = []
    n_out = 0
    paragraphs: list[Paragraph] = []
    last_raw = max(len(raw) - 1, 0)
    for i, (s, idx, level, blank_before, indented, _w) in enumerate(lines):
        prev_opens = bool(paragraphs) and paragraphs[-1].n_lines == 1
        joined = bool(paragraphs) and _should_join(lines[i - 1][0], s, lines[i - 1][2], level,
                                                      wraps[i - 1], lines[i - 1][5], prev_opens)
        first, last = int(idx[0]), int(idx[-1])
        if joined:
            prev = lines[i - 1][0]
            if prev[-1].isascii() and prev[-1].isalpha() and s[0].isascii() and s[0].isalpha():
                pieces.append(" ")
                offsets.append(np.array([first - 1 if first > 0 else first], dtype=np.int64))
                n_out += 1
            pieces.append(s)
            offsets.append(idx)
            n_out += len(s)
            p = paragraphs[-1]
            p.end, p.raw_end, p.n_lines = n_out, last + 1, p.n_lines + 1
            p.column = max(p.column, _w)
            continue
        if paragraphs:
            pieces.append("\n")
            offsets.append(np.array([min(paragraphs[-1].raw_end, last_raw)], dtype=np.int64))
            n_out += 1
        pieces.append(s)
        offsets.append(idx)
        paragraphs.append(Paragraph(n_out, n_out + len(s), first, last + 1, level, blank_before, indented,
                                    column=_w))
        n_out += len(s)

    text = "".join(pieces)
    script = "simplified"
    if simplify and text:
        simple = _simplify_aligned(text)
        if simple != text:
            before, after = _codes(text), _codes(simple)
            han = int(np.count_nonzero(((before >= 0x3400) & (before <= 0x9FFF)) | ((before >= 0xF900) & (before <= 0xFAFF))))
            script = "traditional" if np.count_nonzero(before != after) / (han or 1) > 0.05 else "simplified"
            text = simple
    arr = np.concatenate(offsets) if offsets else np.zeros(0, dtype=np.int64)
    return CleanText(text=text, offsets=arr, raw=raw, paragraphs=paragraphs, removed=removed, script=script)


def normalize_for_matching(text: str) -> str:
    """Simplified script, NFKC, and no whitespace or punctuation: for comparing texts."""
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", to_simplified(text)))
