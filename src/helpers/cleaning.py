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

import numpy as np

from .config import PACKAGE_DATA_DIR

log = logging.getLogger(__name__)

BOILERPLATE_FILE = PACKAGE_DATA_DIR / "boilerplate.csv"

#: Characters that end a sentence (a line ending in one of them may end a paragraph).
TERMINAL = "。！？!?…"
#: Closing quotes and brackets that may follow a terminal character.
CLOSERS = "”’」』）)】》\"'"
#: A line ending in one of these always continues on the next line.
CONTINUING = "，、；：,;:“‘「『（(《【—-"
_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_CJK_CHAR = re.compile(f"[{_CJK}]")
# zero-width, BOM, soft hyphen, replacement character, C0/C1 controls except tab/newline
_DROP = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028\u2029\u2060\ufeff\ufffd\ufffc]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+")
_MD_NOISE = re.compile(r"^\s{0,3}>\s?|\*\*|__|^\s{0,3}[-*+]\s+(?=\S)|!\[[^\]]*\]\([^)]*\)")
_SHORT_TAIL = re.compile(r"^[^，。！？；、,;!?]{1,3}[。！？；!?]|^[^，。！？；、,;!?][，、]")
_CONTINUED = re.compile(r"^[（(]\s*(上接|接上|下转)")
_BYLINE_START = re.compile(r"^[■□●◆▲★☆◎]|^本报(记者|讯|通讯员)|^(记者|通讯员)\s")

# Full-width ASCII forms that are better half-width for matching (digits, Latin letters and
# symbols); the full-width Chinese punctuation ，；：？！（） stays as written.
_KEEP_FULLWIDTH = set("，；：？！（）")
_TABLE = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F) if chr(cp) not in _KEEP_FULLWIDTH}


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
    reason: str
    pattern: re.Pattern
    max_chars: int


def load_boilerplate_rules(path: str | Path = BOILERPLATE_FILE) -> list[BoilerplateRule]:
    """Read the editable boilerplate rules (``reason,pattern,max_chars,note``); patterns are
    matched against the simplified line with spaces removed."""
    rules = []
    with open(path, encoding="utf-8-sig", newline="") as fh:
        for i, row in enumerate(csv.DictReader(fh), start=2):
            try:
                rules.append(BoilerplateRule(row["reason"], re.compile(row["pattern"]), int(row["max_chars"])))
            except (re.error, ValueError, KeyError) as exc:
                raise ValueError(f"{path}: line {i}: bad boilerplate rule: {exc}") from exc
    return rules


@lru_cache(maxsize=4)
def _rules(path: str) -> tuple[BoilerplateRule, ...]:
    return tuple(load_boilerplate_rules(path))


def boilerplate_reason(line: str, rules: tuple[BoilerplateRule, ...] | None = None) -> str | None:
    """Why a raw line is page furniture (``"navigation"``, ``"dateline"`` …), or None if it is text."""
    rules = rules if rules is not None else _rules(str(BOILERPLATE_FILE))
    stripped = line.strip()
    if not stripped:
        return None
    if _is_navigation(stripped):
        return "navigation"
    compact = to_simplified(_SPACES.sub("", stripped))
    for r in rules:
        if len(compact) <= r.max_chars and r.pattern.search(compact):
            return r.reason
    return None


def _is_navigation(line: str) -> bool:
    """A menu bar: four or more short items separated by spaces, without sentence punctuation."""
    if _BYLINE_START.search(line) or re.search(r"[，。；！？、：]", line):
        return False
    items = _SPACES.split(line)
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
def _edit(s: str, idx: list[int], pattern: re.Pattern, repl) -> tuple[str, list[int]]:
    """Apply ``pattern.sub(repl)`` to ``s`` while carrying the index list along.

    A replacement may be shorter than its match (never longer); its characters map to the
    first characters of the match.
    """
    out, out_idx, pos = [], [], 0
    for m in pattern.finditer(s):
        r = repl(m) if callable(repl) else repl
        if r == m.group(0):
            continue
        a, b = m.span()
        out.append(s[pos:a])
        out_idx.extend(idx[pos:a])
        out.append(r)
        out_idx.extend(idx[a:a + len(r)] if len(r) <= b - a else [idx[a]] * len(r))
        pos = b
    if pos == 0 and not out:
        return s, idx
    out.append(s[pos:])
    out_idx.extend(idx[pos:])
    return "".join(out), out_idx


def _space_repl(m: re.Match) -> str:
    """Keep one space between Latin words; drop spaces next to CJK text and inside digit groups."""
    s, a, b = m.string, m.start(), m.end()
    left = s[a - 1] if a > 0 else ""
    right = s[b] if b < len(s) else ""
    if not left or not right:
        return ""
    if left.isdecimal() and right.isdecimal():
        # "4 858件": an OCR-split thousands group joins; "2020 2021" stays apart
        tail = re.match(r"\d+", s[b:]).group(0)
        head = re.search(r"\d+$", s[:a]).group(0)
        return "" if len(tail) == 3 and len(head) <= 3 else " "
    if left.isascii() and right.isascii() and (left.isalnum() or left in ".,%)") and right.isalnum():
        return " "
    return ""


def clean_line(line: str, start: int = 0) -> tuple[str, list[int], int]:
    """Clean one raw line; return ``(text, raw_offsets, markdown_heading_level)``."""
    idx = list(range(start, start + len(line)))
    s, idx = _edit(line, idx, _DROP, "")
    s = s.translate(_TABLE)
    level = 0
    m = _MD_HEADING.match(s)
    if m:
        level = len(m.group(1))
        s, idx = s[m.end():], idx[m.end():]
    s, idx = _edit(s, idx, _MD_NOISE, "")
    s, idx = _edit(s, idx, _SPACES, _space_repl)
    return s, idx, level


# ----------------------------------------------------------------------------- line joining
def _width(s: str) -> float:
    """Printed width: CJK and full-width characters 1, ASCII 0.5."""
    wide = (len(s.encode("utf-8")) - len(s)) / 2  # exact for CJK (3 bytes); close for the rest
    return wide + 0.5 * (len(s) - wide)


def _is_full(width: float, column: float) -> bool:
    return width >= column - max(2.5, 0.13 * column)


def _percentile(values: list[float], q: float) -> float:
    """Linear-interpolation percentile (numpy's default) for short lists, without numpy's overhead."""
    xs = sorted(values)
    pos = (len(xs) - 1) * q / 100
    lo = int(pos)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def _column(near: list[float], max_column: float) -> float | None:
    near = [w for w in near if w >= 4]
    if len(near) < 3:
        return None
    col = _percentile(near, 75)
    full = sum(1 for w in near if _is_full(w, col))
    return col if col <= max_column and full >= 0.4 * len(near) else None


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
    if not widths or _mass_median(widths) > max_column:
        return [(None, None)] * len(widths)  # most text sits in long lines: not a printed column
    return [(_column(widths[max(0, i - window): i + 1], max_column),
             _column(widths[i: i + window + 1], max_column)) for i in range(len(widths))]


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
    t = _TRAILING_PAREN.sub("", s).rstrip(CLOSERS) or s.rstrip(CLOSERS)
    return bool(t) and t[-1] in TERMINAL


def _should_join(prev: str, nxt: str, prev_level: int, next_level: int,
                 wrap: tuple[float | None, float | None], prev_width: float, prev_opens: bool = False) -> bool:
    """Whether the line break between ``prev`` and ``nxt`` falls inside a sentence.

    ``prev_opens``: ``prev`` is the first line of a paragraph, printed two characters narrower
    because of the indent that OCR drops.
    """
    if not prev or not nxt:
        return False
    if re.search(r"(通讯员|记者|实习生|摄影)$", prev) and len(prev) <= 30:
        return True  # a credit line broken after its label: "本报记者 某某 通讯员 / 某某 摄"
    if _BYLINE_START.search(nxt) or _CONTINUED.search(nxt) or prev.startswith(("—", "─")):
        return False
    if re.search(r"\d[余多万亿]?$", prev) and re.match(r"[^\d\W]", nxt):
        return True  # "通过20 / 天的巡察": a number is never cut from its measure word
    if not _ends_sentence(prev) and _SHORT_TAIL.match(nxt):
        return True  # "…评估机 / 制。推动…": the next line starts by finishing a cut word
    if nxt[0] in "，。、；：！？,.;:!?）)”’」』】》" and not _ends_sentence(prev):
        return True
    if prev[-1] in CONTINUING:
        return True
    if prev_level or next_level or _ends_sentence(prev):
        return False
    indent = 2.0 if prev_opens else 0.0
    return any(col is not None and _is_full(prev_width + indent, col) for col in wrap)


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
    # text, raw offsets, markdown level, blank before, indented, printed width of the raw line
    lines: list[tuple[str, list[int], int, bool, bool, float]] = []
    removed: list[tuple[int, int, str]] = []
    pos, blank = 0, True
    for raw_line in re.split(r"(?<=\n)|(?<=\r)(?!\n)", raw):
        body = raw_line.rstrip("\r\n")
        start = pos
        pos += len(raw_line)
        reason = boilerplate_reason(body, rules) if remove_boilerplate else None
        if reason:
            removed.append((start, start + len(body), reason))
            blank = True
            continue
        s, idx, level = clean_line(body, start)
        if not s:
            blank = True
            continue
        indented = bool(re.match(r"^[ \t\u3000]{2,}", body))
        lines.append((s, idx, level, blank, indented, _width(_SPACES.sub(" ", body.strip()))))
        blank = False

    wraps = estimate_wrap_widths([ln[5] for ln in lines])
    pieces: list[str] = []
    offsets: list[int] = []
    paragraphs: list[Paragraph] = []
    cur_start = 0
    for i, (s, idx, level, blank_before, indented, _w) in enumerate(lines):
        prev_opens = bool(paragraphs) and paragraphs[-1].n_lines == 1
        joined = bool(paragraphs) and _should_join(lines[i - 1][0], s, lines[i - 1][2], level,
                                                      wraps[i - 1], lines[i - 1][5], prev_opens)
        if joined:
            prev = lines[i - 1][0]
            if prev[-1].isascii() and prev[-1].isalnum() and s[0].isascii() and s[0].isalnum():
                pieces.append(" ")
                offsets.append(idx[0] - 1 if idx[0] > 0 else idx[0])
            pieces.append(s)
            offsets.extend(idx)
            p = paragraphs[-1]
            p.end, p.raw_end, p.n_lines = len(offsets), idx[-1] + 1, p.n_lines + 1
            p.column = max(p.column, _w)
            continue
        if paragraphs:
            nl = paragraphs[-1].raw_end if paragraphs[-1].raw_end < len(raw) else len(raw) - 1
            pieces.append("\n")
            offsets.append(min(nl, max(len(raw) - 1, 0)))
        cur_start = len(offsets)
        pieces.append(s)
        offsets.extend(idx)
        paragraphs.append(Paragraph(cur_start, len(offsets), idx[0], idx[-1] + 1, level, blank_before, indented,
                                    column=_w))

    text = "".join(pieces)
    script = "simplified"
    if simplify and text:
        simple = _simplify_aligned(text)
        if simple != text:
            changed = sum(a != b for a, b in zip(text, simple))
            han = len(_CJK_CHAR.findall(text)) or 1
            script = "traditional" if changed / han > 0.05 else "simplified"
            text = simple
    arr = np.asarray(offsets, dtype=np.int64)
    return CleanText(text=text, offsets=arr, raw=raw, paragraphs=paragraphs, removed=removed, script=script)


def normalize_for_matching(text: str) -> str:
    """Simplified script, NFKC, and no whitespace or punctuation: for comparing texts."""
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", to_simplified(text)))
