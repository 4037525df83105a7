"""Split a cleaned newspaper page into articles: headlines, bylines, captions, briefs and body text.

Layout cues (bylines, 本报讯, （上接第一版）, captions, signatures, markdown levels) mark sure boundaries;
a headline without such a cue starts a new article only when the text after it changes topic.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

import numpy as np

from ..core.numerals import parse_number
from ..core.script import to_simplified
from .cleaning import INLINE_LABEL, CleanText, _reads_as_headline, code_points
from .cues import (
    BRIEF_START,
    BYLINE,
    CAPTION_END,
    CAPTION_START,
    CONTINUED_FROM,
    CONTINUED_TO,
    EDITOR_NOTE,
    FEATURE_SUBTITLE,
    NEWS_LEDE,
    PAREN_SIGNATURE,
    POST_HEADER,
    SECTION_NUMBER,
    SUBTITLE,
    ends_sentence,
    is_table_row,
    looks_like_names,
    name_signature,
)

log = logging.getLogger(__name__)

HEADLINE_MAX = 40
_COMMA = re.compile(r"[，,]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_SPEAKER = re.compile(r"^[^，。？：:]{0,6}[：:]")


@dataclass
class Para:
    """A cleaned paragraph with the cues the segmenter reads."""

    index: int
    start: int
    end: int
    text: str
    kind: str              # body, headline, subtitle, byline, brief, continued, caption, credit, note, table
    raw_text: str = ""
    heading_level: int = 0
    blank_before: bool = False
    ends_article: bool = False   # a signature, 下转, or caption credit closes the article
    column: float = 0.0          # printed column width when the paragraph was hard-wrapped, else 0
    regular: bool = False        # its lines fill that column (a printed column, not ragged OCR text)
    after_label: str = ""        # a removed column or link-list label (图片新闻, 相关链接) stands just above it


def classify_paragraph(text: str, raw: str | None = None) -> tuple[str, bool]:
    """Return ``(kind, ends_article)`` for one cleaned paragraph (``raw``: its raw text, if known).

    A raw line cut off by the scraper (ending in U+FFFD) is body text, never a headline, and a
    name signature is only read on text that was not cut off.
    """
    t = text.strip()
    if is_table_row(t):
        return "table", False
    raw = (raw if raw is not None else text).rstrip()
    truncated = raw.endswith("\ufffd")
    sig = None if truncated else name_signature(raw)
    ends = bool((sig and looks_like_names(sig.group(1))) or (t[-1:] in ("）", ")") and PAREN_SIGNATURE.search(t))
                or ("下转" in t and CONTINUED_TO.search(t)))
    if CONTINUED_FROM.match(t):
        return "continued", ends
    if BRIEF_START.match(t):
        return "brief", ends
    if EDITOR_NOTE.match(t):
        return "note", ends
    if CAPTION_START.match(t):
        return "caption", True
    photo_credit = ("摄" in t or "供图" in t) and CAPTION_END.search(t)
    if photo_credit and len(t) <= 30:
        return "credit", True  # "（本报记者 某某 摄）" closing a photo story
    if photo_credit and len(t) < 200 and not BYLINE.match(t):
        return "caption", True
    if len(t) <= 60 and POST_HEADER.search(t):
        return "post", False
    if BYLINE.match(t) and len(t) <= 40:
        return "byline", "摄" in t[-3:]
    if SUBTITLE.match(t) and len(t) <= 60:
        return "subtitle", False
    if is_headline(t) and not truncated:
        return "headline", False
    return "body", ends


def is_headline(t: str) -> bool:
    """Short, no sentence end, not cut off mid-clause, not a lead sentence broken by the scraper.

    A short question is a headline (「门诊报销有哪些新变化？」) unless a speaker asks it (「记者：…？」).
    Headlines may contain commas (「围绕中心，服务大局，精准落实政治巡察要求」), but a line longer
    than 24 characters with a comma, or one whose first comma comes within six characters
    (「当日，赵建玲还到…」, 「5年来,汤阴县委…」), is a broken body line.
    """
    question = t.endswith(("？", "?")) and 6 <= len(t) <= 30 and not _SPEAKER.match(t) and not _COMMA.search(t)
    if not t or len(t) > HEADLINE_MAX or (ends_sentence(t) and not question) or t[-1] in "，、；：,;:":
        return False
    if t[0] in "”’」』）)":
        return False
    comma = _COMMA.search(t)
    if comma and (len(t) > 24 or comma.start() < 7):
        return False
    return True


def paragraphs_of(clean: CleanText) -> list[Para]:
    out = []
    for i, p in enumerate(clean.paragraphs):
        text = clean.text[p.start:p.end]
        line_end = clean.raw.find("\n", p.raw_end)
        raw = clean.raw[p.raw_start:line_end if line_end >= 0 else len(clean.raw)]
        kind, ends = classify_paragraph(text, raw)
        out.append(Para(i, p.start, p.end, text, kind, raw, p.heading_level, p.blank_before, ends,
                        p.column if p.n_lines > 2 else 0.0, p.regular, p.after_label))
    _closing_lines(out)
    return out


def _closing_lines(paras: list[Para]) -> None:
    """Short lines that close the article above them become credits that end it: a line in brackets
    (「（区委巡察办）」, 「(来源:新华网)」), a line of names (「孙璐」, 「张三 李四」), and the issuer or date
    lines printed under a notice without a blank line (「中共某某区委巡察工作领导小组办公室」) when a
    blank line and a new headline block follow them."""
    n = len(paras)
    for i in range(1, n):
        p, prev = paras[i], paras[i - 1]
        if p.kind != "headline" or not (prev.kind == "body" and ends_sentence(prev.text) or prev.ends_article):
            continue
        t = p.text
        bracketed = t[:1] in "（(" and t[-1:] in "）)" and len(t) <= 24 and not SECTION_NUMBER.match(t)
        names = len(t) <= 9 and looks_like_names(p.raw_text.strip() if p.raw_text else t)
        if bracketed or names:
            p.kind, p.ends_article = "credit", True
            continue
        if p.blank_before:
            continue
        j = i  # the run of headline lines glued to the body above, up to a blank line
        while j < n and paras[j].kind == "headline" and not (j > i and paras[j].blank_before):
            j += 1
        if i < j < n and paras[j].blank_before and paras[j].kind in ("headline", "subtitle", "byline", "brief"):
            for k in range(i, j):
                paras[k].kind = "credit"
            paras[j - 1].ends_article = True


# ----------------------------------------------------------------------------- cohesion
class Cohesion:
    """TF-IDF weighted cosine of character bigrams between two stretches of one page.

    Bigrams are pairs of adjacent CJK characters inside a paragraph. IDF is computed over the
    page's paragraphs, ``idf(g) = ln((1 + n) / (1 + df(g))) + 1``, so words every article on the
    page uses (工作, 党员 …) count little and names and topic words count much. The counts are
    built lazily, with numpy, the first time a similarity is asked for.
    """

    def __init__(self, paras: list[Para]):
        self.texts = [p.text for p in paras]
        self.n = max(len(paras), 1)
        self._built = False

    def _build(self) -> None:
        lens = np.fromiter(map(len, self.texts), dtype=np.int64, count=len(self.texts))
        chars = code_points("\n".join(self.texts))
        cjk = (chars >= 0x3400) & (chars <= 0x9FFF)
        left = np.flatnonzero(cjk[:-1] & cjk[1:])  # bigram = chars[k], chars[k + 1]
        codes = (chars[left].astype(np.int64) << 21) | chars[left + 1]
        self.para_of = np.repeat(np.arange(len(lens)), lens + 1)[left]
        # number the distinct bigrams by sorting; a stable sort keeps each bigram's occurrences
        # in paragraph order, so its distinct paragraphs are where the paragraph number changes
        order = np.argsort(codes, kind="stable")
        ranked, para = codes[order], self.para_of[order]
        new_gram = np.ones(len(ranked), dtype=bool)
        new_gram[1:] = ranked[1:] != ranked[:-1]
        gram_sorted = np.cumsum(new_gram) - 1
        self.gram = np.empty_like(gram_sorted)
        self.gram[order] = gram_sorted
        self.n_grams = int(gram_sorted[-1]) + 1 if len(gram_sorted) else 0
        new_pair = new_gram.copy()
        new_pair[1:] |= para[1:] != para[:-1]
        df = np.bincount(gram_sorted[new_pair], minlength=self.n_grams)
        self.idf = np.log((1 + self.n) / (1 + df)) + 1
        # bigrams are in page order, so paragraph i's are gram[offsets[i]:offsets[i + 1]]
        self.offsets = np.searchsorted(self.para_of, np.arange(len(lens) + 1))
        self._built = True

    def _grams(self, idxs: list[int]) -> np.ndarray:
        """The bigram numbers of the paragraphs ``idxs``: only their own slices are read."""
        if not self._built:
            self._build()
        parts = [self.gram[self.offsets[i]:self.offsets[i + 1]] for i in idxs]
        return np.concatenate(parts) if parts else np.zeros(0, dtype=self.gram.dtype)

    def _weights(self, idxs: list[int]) -> tuple[np.ndarray, np.ndarray]:
        """The non-zero entries of :meth:`vector`: sorted bigram numbers and their TF-IDF weights."""
        ids, counts = np.unique(self._grams(sorted(set(idxs))), return_counts=True)
        return ids, counts * self.idf[ids]

    def vector(self, idxs: list[int]) -> np.ndarray:
        """TF-IDF vector (over the page's bigrams) of the paragraphs ``idxs`` taken together."""
        grams = self._grams(sorted(set(idxs)))
        return np.bincount(grams, minlength=self.n_grams) * self.idf

    def similarity(self, left: list[int], right: list[int]) -> float:
        if not left or not right:
            return 0.0
        # sparse: time in the size of the two windows, not of the page (a 50 MB page was quadratic)
        (ia, a), (ib, b) = self._weights(left), self._weights(right)
        na, nb = float(np.sqrt(a @ a)), float(np.sqrt(b @ b))
        _, ka, kb = np.intersect1d(ia, ib, assume_unique=True, return_indices=True)
        return float(a[ka] @ b[kb]) / (na * nb) if na and nb else 0.0


# ----------------------------------------------------------------------------- segmentation
@dataclass
class Segment:
    """An article found on a page: paragraph range and its parts (offsets in the cleaned text)."""

    paras: list[Para]
    title: str = ""
    subtitle: str = ""
    byline: str = ""
    boundary: str = ""          # the cue that opened it
    body_paras: list[Para] = field(default_factory=list)

    @property
    def start(self) -> int:
        return self.paras[0].start

    @property
    def end(self) -> int:
        return self.paras[-1].end


def _window(paras: list[Para], idx: int, step: int, limit: int, stop: set[int]) -> list[int]:
    """Indices of body-ish paragraphs from ``idx`` in direction ``step`` up to ``limit`` characters."""
    out, n, i = [], 0, idx
    while 0 <= i < len(paras) and n < limit:
        if step > 0 and i in stop and i != idx:
            break
        p = paras[i]
        if p.kind in ("body", "brief", "continued", "note", "caption", "table") and len(p.text) > 12:
            out.append(i)
            n += len(p.text)
        if step < 0 and i in stop:
            break
        i += step
    return out


def _inline_captions(paras: list[Para]) -> set[int]:
    """Captions printed inside an article: between its body text and a later numbered section
    (「……。」 ▲ 某某入户走访（资料图） 「02｜紧盯…」), so they open no article of their own."""
    out: set[int] = set()
    i = 1
    while i < len(paras):
        if paras[i].kind != "caption":
            i += 1
            continue
        j = i
        while j < len(paras) and paras[j].kind == "caption":
            j += 1
        before = paras[i - 1]
        m = SECTION_NUMBER.match(paras[j].text) if j < len(paras) else None
        number = _section_ordinal(m.group(0)) if m else None
        if before.kind == "body" and not before.ends_article and number is not None and number > 1:
            out.update(range(i, j))
        i = j
    return out


def _captions_inside(paras: list[Para], coh: Cohesion, threshold: float, window_chars: int,
                     min_evidence: int) -> set[int]:
    """Photo captions printed between two paragraphs of one story (a web article with its pictures
    inline, maybe under a subhead): body text above and below the run of captions and credits, and
    the text below goes on with the topic of the text above (cohesion at least ``threshold``)."""
    out: set[int] = set()
    n, i = len(paras), 1
    while i < n:
        if paras[i].kind != "caption":
            i += 1
            continue
        j = i
        while j < n and paras[j].kind in ("caption", "credit"):
            j += 1
        h = i
        while h > 1 and paras[h - 1].kind in ("headline", "subtitle") and not paras[h - 1].ends_article:
            h -= 1  # a subhead printed above the picture
        above = paras[h - 1]
        if j < n and paras[j].kind == "body" and above.kind in ("body", "note") and not above.ends_article:
            left = _window(paras, h - 1, -1, window_chars, set())
            right = _window(paras, j, +1, window_chars, set())
            enough = min(sum(len(paras[k].text) for k in left),
                         sum(len(paras[k].text) for k in right)) >= min_evidence
            sim = coh.similarity(left, right)
            log.debug("caption run %d-%d: cohesion %.3f across it", i, j, sim)
            if enough and sim >= threshold:
                out.update(range(i, j))
        i = j
    return out


_RUN_IN = re.compile(r"^(\S{8,40}?)[ \t\u3000]+\S")
_GAP = re.compile(r"[ \t\u3000]+")


def _run_in_headline(p: Para) -> bool:
    """Whether the paragraph's first raw line opens with a headline parted from its text only by a space
    (a web page that lost the line break: 「某县公布巡察整改进展 “今年以来，…」): a run of at least eight
    Chinese characters without clause punctuation, then a space, in a line far longer than a printed
    column, with hardly any other space (OCR spaces, printed columns read side by side say nothing)."""
    line = p.raw_text.strip().split("\n", 1)[0]
    if len(line) < 80 or len(_GAP.findall(line)) > 1 + len(line) / 100:
        return False
    m = _RUN_IN.match(line)
    return bool(m) and len(_CJK.findall(m.group(1))) >= 8 and _reads_as_headline(m.group(1))


_QUOTED_WHOLE = re.compile(r"“[^“”]{4,30}”")


def _photos_under_headline(paras: list[Para], i: int) -> bool:
    """Whether the credit line ``paras[i]`` closes a photo printed between a headline and its text: walking
    back over credits and short caption lines (「某组干部查阅文件资料。」「某某摄」) reaches the headline."""
    if paras[i].kind != "credit":
        return False
    k = i
    while k > 0 and (paras[k].kind in ("credit", "caption") or (paras[k].kind == "body" and len(paras[k].text) <= 60)):
        k -= 1
    return k < i and paras[k].kind in ("headline", "subtitle", "byline")


def _in_feature(paras: list[Para], cuts: dict[int, str], i: int) -> bool:
    """Whether paragraph ``i`` lies in a feature article (subtitle ——…综述, 纪实, 回眸 …), which runs
    long under subheads that change topic."""
    start = max((c for c in cuts if c < i), default=0)
    for p in paras[start:i]:
        if p.kind == "subtitle" and FEATURE_SUBTITLE.search(p.text):
            return True
        if p.kind in ("body", "brief", "continued", "table"):
            return False
    return False


def _set_apart(paras: list[Para], i: int, j: int, blank_marks_items: bool = False) -> bool:
    """Whether the headline block ``paras[i:j]`` stands apart as the title of a new item, whatever its
    topic: a blank line above it (and below it, unless ``blank_marks_items``: the page's body paragraphs
    follow each other without blank lines, so a blank line is an item boundary), a finished sentence
    above it (the end of the item before) and a paragraph of body text below it. Several short reports
    on one page (all about 巡察, so cohesion cannot tell them apart) are laid out like this; subheads
    inside one report are read as such when numbered (（一）, 二、) or inside a feature (综述, 纪实 …).
    A long paragraph above that stops mid-sentence (an excerpt cut short) still ends its item when the
    headline has blank lines on both sides."""
    before, after = paras[i - 1], paras[j]
    head = paras[i].text
    column = max(before.column, after.column)
    if blank_marks_items and after.column:
        # a blank line ends the item above, so only the column below counts: a headline may fill most
        # of it, a line cut off inside the text would fill it
        cut_off = len(head) >= after.column - max(2.5, 0.13 * after.column)
    else:
        cut_off = bool(column) and len(head) >= 0.75 * column
    if len(_CJK.findall(head)) < 4 or cut_off:
        return False  # a page number (—3—), or maybe a body line cut off near the column's width
    closing = before.kind in ("credit", "byline") and blank_marks_items  # (通讯员供稿) closing the item above
    return (paras[i].blank_before and (after.blank_before or blank_marks_items) and (before.kind == "body" or closing)
            and (ends_sentence(before.text) or before.ends_article or closing
                 or ((blank_marks_items or after.blank_before) and len(before.text) >= 100))
            and after.kind in ("body", "brief", "byline", "caption")
            and (len(after.text) >= 40 or after.kind == "caption"))


def _opens_news_item(paras: list[Para], i: int, j: int) -> bool:
    """Whether the headline block ``paras[i:j]`` opens a news item although nothing in the layout sets it
    apart: the text above has finished its sentence and the paragraph below opens the way a news item
    opens (「根据县委统一部署，近日，我县…」); a subhead inside a report goes on with its subject instead."""
    before, after = paras[i - 1], paras[j]
    return (before.kind == "body" and ends_sentence(before.text) and after.kind == "body"
            and bool(NEWS_LEDE.match(after.text)) and len(after.text) >= 20)


def _script(p: Para) -> str | None:
    """"traditional" or "simplified" for a paragraph of at least 20 Chinese characters as printed, else None."""
    raw = "".join(_CJK.findall(p.raw_text or ""))
    if len(raw) < 20:
        return None
    changed = sum(a != b for a, b in zip(raw, to_simplified(raw)))
    return "traditional" if changed >= max(2, 0.03 * len(raw)) else "simplified" if changed == 0 else None


def _script_changes(before: Para, after: Para) -> bool:
    """Whether the body text above a headline and the body text below it are printed in different scripts:
    a page assembled from two sources (a traditional-script item after a simplified one) changes item there."""
    if before.kind != "body" or after.kind not in ("body", "brief", "byline"):
        return False
    a, b = _script(before), _script(after)
    return a is not None and b is not None and a != b


def _blank_line_share(paras: list[Para]) -> float | None:
    """The share of body paragraphs following body text that have a blank line above them (None: too few)."""
    runs = [q.blank_before for p, q in zip(paras, paras[1:]) if p.kind in ("body", "brief") and q.kind == "body"]
    return sum(runs) / len(runs) if len(runs) >= 3 else None


def _blank_lines_mark_items(paras: list[Para]) -> bool:
    """Whether blank lines on this page separate items, not paragraphs: body paragraphs that follow body
    text almost never have a blank line above them (web pages and exports that run paragraphs together),
    while some headline after body text does."""
    share = _blank_line_share(paras)
    heads = any(q.kind == "headline" and q.blank_before for p, q in zip(paras, paras[1:]) if p.kind == "body")
    return heads and share is not None and share <= 0.2


def _headlines_stand_apart(paras: list[Para]) -> bool:
    """Whether the page sets headlines apart: some headline (not the first line) has a blank line above
    it and above the body text below it."""
    return any(p.kind == "headline" and p.blank_before and q.blank_before and q.kind in ("body", "brief", "byline")
               for p, q in zip(paras[1:], paras[2:]))


def _section_ordinal(mark: str) -> int | None:
    """The number in a section mark: 「02｜」 → 2, 「（三）」 → 3, 「②」 → 2."""
    circled = "①②③④⑤⑥⑦⑧⑨⑩"
    if mark[:1] in circled:
        return circled.index(mark[0]) + 1
    value = parse_number(re.sub(r"\D", "", mark) or re.sub(r"[^一二三四五六七八九十]", "", mark))
    return int(value) if value is not None else None


def find_boundaries(paras: list[Para], *, cohesion_threshold: float = 0.12, feature_threshold: float = 0.05,
                    window_chars: int = 500, min_evidence: int = 80) -> dict[int, str]:
    """Paragraph indices where a new article starts, with the cue that says so.

    A headline with no layout cue opens an article only when the text after it has a cohesion below
    ``cohesion_threshold`` with the text before it (``feature_threshold`` inside a feature article)."""
    n = len(paras)
    cuts: dict[int, str] = {}

    def block_start(i: int) -> int:
        """Walk back over the headline block (titles, kickers, subtitles) just above paragraph i."""
        j = i
        while j > 0 and (paras[j - 1].kind in ("headline", "subtitle") or
                         (paras[j - 1].kind == "byline" and paras[i].kind == "brief")) and not paras[j - 1].ends_article:
            j -= 1
        return j

    top = min((p.heading_level for p in paras if p.heading_level), default=0)
    levels = {p.heading_level for p in paras if p.heading_level}
    coh = Cohesion(paras)
    inline = _inline_captions(paras) | _captions_inside(paras, coh, cohesion_threshold, window_chars, min_evidence)
    for i, p in enumerate(paras):
        if i == 0 or i in inline or i - 1 in inline:
            continue
        if p.kind == "post":  # a forum post: its thread title (the headlines above the first post) goes with it
            cuts.setdefault(block_start(i), "forum_post")
        if p.kind in ("byline", "brief", "continued", "note"):
            j = block_start(i)
            if p.kind == "byline" and j == i and paras[i - 1].kind == "body" and not paras[i - 1].ends_article:
                # a byline directly after body text with no headline: a credit line closing the article
                continue
            cuts.setdefault(j, p.kind)
        elif p.kind == "caption":
            prev = paras[i - 1]
            # 「图为…」 after body text closes that story; so does a credit line finishing a sentence the
            # paragraph above left open (「…据悉，该」 / 「镇通过…合作社20余家。记者 某某 摄」)
            closes_story = prev.kind == "body" and not prev.ends_article and (
                p.text.startswith("图为") or not ends_sentence(prev.text))
            if prev.kind != "caption" and not closes_story:
                cuts.setdefault(block_start(i), "caption")
        if paras[i - 1].ends_article and p.kind not in ("byline", "credit") and not _photos_under_headline(paras, i - 1):
            cuts.setdefault(i, "after_signature")
        if p.after_label and not p.after_label.endswith(INLINE_LABEL) and not (
                p.kind == "body" and paras[i - 1].kind in ("headline", "subtitle", "byline")):
            # (a widget removed between a headline and its text, 【打印】 or 【字号 大 中 小】, opens nothing)
            cuts.setdefault(i, "after_label")
        if p.kind == "body" and p.blank_before and _run_in_headline(p) and (
                paras[i - 1].kind == "body" and ends_sentence(paras[i - 1].text) or paras[i - 1].ends_article):
            cuts.setdefault(i, "run_in_headline")
        if paras[i - 1].kind == "caption" and p.kind not in ("caption", "byline", "credit"):
            cuts.setdefault(i, "after_caption")
        if p.heading_level and len(levels) > 1 and p.heading_level == top:
            cuts.setdefault(block_start(i), "heading")

    # headline blocks without a layout cue: cut only where the topic changes
    share = _blank_line_share(paras)
    # a page with a blank line between all its paragraphs: blank lines say nothing about items
    spaced_heads = _headlines_stand_apart(paras) and not (share is not None and share >= 0.8)
    blank_items = _blank_lines_mark_items(paras)
    i = 1
    while i < n:
        if paras[i].kind in ("headline", "subtitle") and paras[i - 1].kind not in ("headline", "subtitle"):
            j = i
            while j < n and paras[j].kind in ("headline", "subtitle"):
                j += 1
            deepest = max(levels) if len(levels) > 1 else 0
            sub_heading = deepest and all(paras[k].heading_level == deepest for k in range(i, j))
            # a heading at the page's deepest markdown level (####), or one that opens with a section
            # number (（一）, 二、, 03|) is a subhead of the article above, whatever its topic
            if sub_heading or SECTION_NUMBER.match(paras[i].text):
                i = j
                continue
            if i not in cuts and j < n and not any(k in cuts for k in range(i, j + 1)):
                left = _window(paras, i - 1, -1, window_chars, set(cuts))
                right = _window(paras, j, +1, window_chars, set(cuts))
                enough = min(sum(len(paras[k].text) for k in left),
                             sum(len(paras[k].text) for k in right)) >= min_evidence
                sim = coh.similarity(left, right)
                log.debug("headline block %d-%d %r: cohesion %.3f%s", i, j, paras[i].text[:20], sim,
                          "" if enough else " (too little text to judge)")
                feature = _in_feature(paras, cuts, i)
                # where the page sets its headlines apart with blank lines, a short line glued to the
                # text above and below is a subhead or a line of OCR text cut short, unless the topic
                # plainly changes
                tight = spaced_heads and not paras[i].blank_before and not paras[j].blank_before
                # a subhead quoting a speaker whole (“群众关心的就是最大的政治”) heads a part of a feature story
                quoted = j == i + 1 and _QUOTED_WHOLE.fullmatch(paras[i].text) is not None
                threshold = feature_threshold if feature or tight or quoted else cohesion_threshold
                if enough and sim < threshold:
                    cuts[i] = f"topic_shift({sim:.2f})"
                elif not feature and (spaced_heads or blank_items) and _set_apart(paras, i, j, blank_items):
                    cuts[i] = "headline_line"
                elif _script_changes(paras[i - 1], paras[j]):
                    cuts[i] = "script_change"
                elif not feature and _opens_news_item(paras, i, j):
                    cuts[i] = "headline_lede"
            i = j
        else:
            i += 1

    # a label glued inside the text (【信访受理范围】 between two paragraphs): a subhead unless the topic changes
    for i, p in enumerate(paras):
        if i and i not in cuts and p.after_label.endswith(INLINE_LABEL):
            left = _window(paras, i - 1, -1, window_chars, set(cuts))
            right = _window(paras, i, +1, window_chars, set(cuts))
            sim = coh.similarity(left, right)
            log.debug("inline label above %d: cohesion %.3f", i, sim)
            if sim < cohesion_threshold:
                cuts[i] = f"after_label({sim:.2f})"

    # hard-wrapped body text whose column width changes: another block of the page layout
    for i in range(1, n):
        a, b = paras[i - 1], paras[i]
        if i in cuts or not (a.regular and b.regular) or a.kind != "body" or b.kind != "body":
            continue
        if abs(a.column - b.column) / max(a.column, b.column) > 0.25:
            left = _window(paras, i - 1, -1, window_chars, set(cuts))
            right = _window(paras, i, +1, window_chars, set(cuts))
            sim = coh.similarity(left, right)
            log.debug("column change %d (%.0f -> %.0f): cohesion %.3f", i, a.column, b.column, sim)
            if sim < cohesion_threshold:
                cuts[i] = f"layout_shift({sim:.2f})"
    return dict(sorted(cuts.items()))


def segment_paragraphs(paras: list[Para], **kwargs) -> list[Segment]:
    """Group paragraphs into articles at the boundaries of :func:`find_boundaries`."""
    if not paras:
        return []
    cuts = find_boundaries(paras, **kwargs)
    starts = [0] + [c for c in cuts if c > 0]
    segments = []
    for a, b in zip(starts, starts[1:] + [len(paras)]):
        seg = Segment(paras=paras[a:b], boundary=cuts.get(a, "page_start"))
        _describe(seg)
        segments.append(seg)
    return segments


def _describe(seg: Segment) -> None:
    """Fill title, subtitle and byline from the segment's leading (or trailing) headline block."""
    head = []
    for p in seg.paras:
        if p.kind in ("headline", "subtitle", "byline"):
            head.append(p)
        else:
            break
    head_ids = {p.index for p in head}
    body = [p for p in seg.paras if p.index not in head_ids]
    if not body:  # only headlines: keep them as the text
        body = list(seg.paras)
    tail = []
    if not any(p.kind == "headline" for p in head):
        for p in reversed(seg.paras):  # a title displaced to the end of the article
            if p.kind in ("headline", "subtitle") and p.index not in head_ids:
                tail.insert(0, p)
            else:
                break
    titles = [p for p in head + tail if p.kind == "headline"]
    seg.title = titles[-1].text if titles else ""
    if len(titles) > 1:  # kicker + title: the longer one is the headline
        seg.title = max(titles, key=lambda p: len(p.text)).text
    subs = [p.text for p in head + tail if p.kind == "subtitle"]
    seg.subtitle = subs[0] if subs else ""
    bylines = [p.text for p in head if p.kind == "byline"]
    seg.byline = bylines[0] if bylines else ""
    tail_ids = {p.index for p in tail}
    seg.body_paras = [p for p in body if p.index not in tail_ids] or body
