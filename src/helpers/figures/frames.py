"""A figure's frame — governing verb, head noun, unit — and the indicator it names.

``发现问题22个``: verb 发现 (class find), head noun 问题 (problem), unit 个 → problems_found.
``巡察覆盖全市41个市直部门``: verb 覆盖 (inspect), noun 部门 (org) → orgs_inspected. The classes and the
table that maps them to indicators are data files a researcher can extend (``data/frame_verbs.csv``,
``data/frame_nouns.csv``, ``data/frames.csv``). Where the table does not decide, a small logistic
regression over the frame (``data/frame_model.json``, rebuilt by ``make model``) gives an indicator and
its probability.

Reading the frame: the clause is tokenised with the lexicon (longest term first, so 诫勉谈话 is one
verb and 巡察组 a noun, not the verb 巡察). The head noun is the first noun after the measure word
(a short modifier may stand between: 41个 *市直* 部门) or, failing that, the noun right before the
number (问题线索 29件); the noun next to the figure beats any word further away. The verb is the nearest
verb before the figure in its clause, else the first after it (对…开展巡察), else the last verb of the
sentence before the clause (the clause topic: 发现问题506个，问题线索82条).
"""
from __future__ import annotations

import json
import math
import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..core.config import PACKAGE_DATA_DIR
from ..pages.cues import ends_sentence

VERBS_FILE = PACKAGE_DATA_DIR / "frame_verbs.csv"
NOUNS_FILE = PACKAGE_DATA_DIR / "frame_nouns.csv"
FRAMES_FILE = PACKAGE_DATA_DIR / "frames.csv"
MODEL_FILE = PACKAGE_DATA_DIR / "frame_model.json"

#: characters that end a clause or a list item: the frame never reads across them
_CLAUSE_STOP = "，,；;。！？!?：:\n"
_ITEM_STOP = "、和及与（）()"
#: 向 (to) or 在 (in) just before the count: the units receive something or locate an action
_OBLIQUE = re.compile(r"向(?!被)|在|由(?=[^，,；;。]{0,3}$)")
#: what may join the conjuncts of one counted list: 41个乡镇、部门和企事业单位
_CONJUNCT = re.compile(r"[、和及与][^，,；;。！？\n\d、和及与（）()]{0,4}")
_LOCATOR = re.compile(r"[^，,；;。！？\n\d及所下辖]{0,4}?的[^，,；;。！？\n\d]{0,6}?\d|[^，,；;。！？\n\d及所下辖]{0,4}?的[一二两三四五六七八九十]+个"
                      r"|的(?:各|所有|全部)")  # 3个镇的各村级党组织: the towns locate the villages
#: townships named (with others) before the villages they hold: 5个街道和三角镇等8个镇的46个村
_LOCATES_VILLAGES = re.compile(r"(?:(?!及其|及所|所辖|下辖)[^，,；;。！？\n]){0,30}?的\d+个")
#: indicators of units inspected: never for units that only locate others or that receive something
_INSPECTED = {"orgs_inspected", "villages_inspected", "townships_inspected"}
#: how far from the figure the head noun may start (after) or end (before)
NOUN_AFTER = 8
NOUN_BEFORE = 2
#: what may stand between the two verbs of one compound: nothing, or a closing quote (“回头看”巡察)
_QUOTES_ONLY = re.compile(r"[”’」』\"']?")
#: how far the counted noun phrase may run after the measure word (its head is its last noun)
NOUN_PHRASE = 16
#: what may stand between two nouns of one phrase: a short modifier without 的, a digit or a clause mark
_MODIFIER_GAP = re.compile(r"[^\d的，,；;。！？、\n（）()“”对在向把将从到由于为被给与和及或并作]{1,4}")
#: noun classes that modify the head of a counted phrase rather than head it (扶贫领域重点单位: 单位)
_MODIFIER_CLASSES = frozenset({"aspect", "area", "-"})
#: a long modifier closed by 的 between the measure word and its noun: 100个经济体量大、项目多的重点村
#: the classes of bodies inspected (a list mixing them counts bodies: orgs)
_UNIT_CLASSES = frozenset({"org", "township", "village"})
_PREPOSITION = re.compile(r"[对向在把将从为给与由被]")
_ASIDE = re.compile(r"[（(][^（）()\d]{1,8}[）)] ?(?=[\u4e00-\u9fff])")
_MODIFIER_DE = re.compile(r"[^，,；;。！？\n\d]{2,40}?的")
#: measure words that count actions, not things (开展两轮专项巡察): the words after them name no counted noun
_VERBAL_UNITS = frozenset({"轮"})
#: the names listed before 等 end in a village or township word: 甲村、乙村、丙社区等6个党组织
_NAMES_BEFORE_DENG = re.compile(r"([^，,；;。！？\n\d]{1,12}?(?:村|社区|镇|乡|街道)[、和及与]){1,}[^，,；;。！？\n\d]{1,12}?(村|社区|镇|乡|街道)等$")


#: verb classes that after 的 name a topic, not what was done: 22个问题的整改情况 (their rectification is
#: discussed, not reported done; 对12个村的巡察 still says the villages were inspected)
_NOMINAL_AFTER_DE = frozenset({"rectify"})
#: 被巡察 inside the counted noun phrase: 40家被巡察单位
_INSPECTED_NP = re.compile(r"[^，,；;。！？\n\d]{0,4}被巡[察视]")
#: categories counted between a relative clause and the figure are part of its noun phrase: the verb of
#: 存在的5大方面14个问题 governs the 14 problems (the categories are counted, the last count is the things)
_CATEGORY_COUNT = re.compile(r"\s*(?:\d+|[一二两三四五六七八九十]+)\s*(?:大|个|项)?(?:方面|类|领域|大类|板块)\s*")


@dataclass(frozen=True)
class Frame:
    verb: str = ""
    verb_class: str = ""
    noun: str = ""
    noun_class: str = ""
    noun_adjacent: bool = False   # the noun stands right after the measure word or right before the number
    verb_where: str = ""          # clause-before, clause-after, topic
    unit: str = ""
    left: str = ""                # up to 12 characters of the clause before the figure
    right: str = ""               # up to 8 characters of the clause after it
    locates: bool = False         # the noun is followed by 的 and another count: 3个街道的15个村
    recipient: bool = False       # 向/在 just before: units that receive something or locate an action
    per: bool = False             # 每 stands before in the clause: a rate (每个巡察组配备5名), not a count


@dataclass(frozen=True)
class Lexicon:
    classes: dict[str, tuple[str, str]]      # term → (part, class), part "verb" / "noun" / "weak" (a weak verb)
    pattern: re.Pattern
    table: tuple[tuple[str, str, frozenset[str], str], ...]
    by_classes: dict[tuple[str, str], list[tuple[str, str, frozenset[str], str]]]  # (verb, noun) → rows
    paired: dict[str, frozenset[str]]        # noun class → the verb classes a row pairs with it


def _read(path: Path) -> list[dict]:
    """The rows of a lexicon file; a row with the wrong number of fields stops with file, line and reason."""
    from ..core.rules import read_rule_rows

    return [row for _, row in read_rule_rows(path)]


@lru_cache(maxsize=4)
def load_lexicon(verbs_file: str | Path = VERBS_FILE, nouns_file: str | Path = NOUNS_FILE,
                 frames_file: str | Path = FRAMES_FILE) -> Lexicon:
    """The verb and noun classes and the frame table (class × class × units → indicator)."""
    classes: dict[str, tuple[str, str]] = {}
    for part, path in (("noun", nouns_file), ("verb", verbs_file)):
        for row in _read(Path(path)):
            weak = part == "verb" and (row.get("weak") or "").strip() == "1"
            after_only = part == "noun" and (row.get("side") or "").strip() == "after"
            classes.setdefault(row["term"].strip(),
                               ("weak" if weak else "noun-after" if after_only else part, row["class"].strip()))
    terms = sorted(classes, key=len, reverse=True)
    table = []
    for row in _read(Path(frames_file)):
        units = frozenset(u.strip() for u in (row.get("units") or "").split("|") if u.strip())
        table.append((row["verb_class"].strip(), row["noun_class"].strip(), units, row["indicator"].strip()))
    by_classes: dict[tuple[str, str], list] = {}
    for row in table:
        by_classes.setdefault((row[0], row[1]), []).append(row)
    paired = {n: frozenset(v for v, n2, _, _ in table if n2 == n) for _, n, _, _ in table}
    return Lexicon(classes, re.compile("|".join(map(re.escape, terms))), tuple(table), by_classes, paired)


def _tokens(lex: Lexicon, text: str, lo: int, hi: int) -> list[tuple[int, int, str, str, str]]:
    """Lexicon terms in ``text[lo:hi]``: (start, end, term, part, class), longest first, no overlaps."""
    return [(m.start(), m.end(), m.group(0), *lex.classes[m.group(0)]) for m in lex.pattern.finditer(text, lo, hi)]


def _bounds(text: str, start: int, end: int, stops: str, limit: int = 160) -> tuple[int, int]:
    """The stretch around ``text[start:end]`` up to the nearest stop character on each side (at most
    ``limit`` characters away)."""
    lo, hi = max(0, start - limit), min(len(text), end + limit)
    rx = _stop_regex(stops)
    a = lo
    for m in rx.finditer(text, lo, start):
        a = m.end()
    m = rx.search(text, end, hi)
    return a, (m.start() if m else hi)


@lru_cache(maxsize=16)
def _stop_regex(stops: str) -> re.Pattern:
    return re.compile(f"[{re.escape(stops)}]")


#: a verb that sends people (选派, 抽调) and the verb classes of what it sends them to do, which then govern the
#: count: 选派1名干部参加全国巡察办主任培训班 counts trainees, not inspection staff
_PIVOT = {"deploy": frozenset({"train"})}


def read_frame(text: str, start: int, end: int, unit: str, *, lexicon: Lexicon | None = None) -> Frame:
    """The frame of the figure ``text[start:end]`` (its unit already read)."""
    lex = lexicon or load_lexicon()
    ca, cb = _bounds(text, start, end, _CLAUSE_STOP)
    ia, ib = _bounds(text, start, end, _CLAUSE_STOP + _ITEM_STOP)
    toks = _tokens(lex, text, ca, cb)
    noun, ncls, adjacent = "", "", False
    # the noun after the figure: before any verb, digit or list mark that follows it
    # (被巡察 before the noun is part of its phrase: 6个被巡察村级党组织)
    # an aside in brackets right after the measure word (69个（社区）村党组织) is read past: the noun follows it
    aside = _ASIDE.match(text, end, cb)
    nstart = aside.end() if aside else end
    if aside:
        ib = _bounds(text, nstart, nstart, _CLAUSE_STOP + _ITEM_STOP)[1]
    first_verb = min([t[0] for t in toks if t[3] == "verb" and t[0] >= end and text[t[0] - 1] != "被"] + [ib])
    stop = min(first_verb, nstart + NOUN_AFTER)
    phrase_end = min(first_verb, nstart + NOUN_PHRASE)  # Chinese noun phrases are head-final
    after = [t for t in toks if t[3] in ("noun", "noun-after") and nstart <= t[0] < stop
             and not re.search(r"\d", text[nstart:t[0]])
             and not (t[3] == "noun-after" and len(t[2]) == 1 and t[0] != nstart)]  # 派出4个组, not 245个……这一组
    if text.startswith(("由", "经"), nstart):  # 12个由乡镇纪委书记任组长的巡察小组: a relative clause, its head after 的
        after = []
    if not after:  # a long modifier closed by 的: the noun right after 的 is the head
        m = _MODIFIER_DE.match(text, end, cb)
        if m:  # 的重点村: a short qualifier may stand before the noun
            after = [t for t in toks if m.end() <= t[0] <= m.end() + 2 and t[3] in ("noun", "noun-after")
                     and not re.search(r"[\d、，,]", text[m.end():t[0]])][:1]
    before = [t for t in toks if t[3] == "noun" and max(ia, start - NOUN_BEFORE) <= t[1] <= start
              and not _PREPOSITION.search(text, t[1], start)  # 8个巡察组对8个县市区: 对 starts another phrase
              # 线索立案200件: 立案 governs the count (问题整改52个: 整改 goes with 问题, which stays the head)
              and not any(v[3] == "verb" and t[1] <= v[0] < start and v[4] not in lex.paired.get(t[4], ()) for v in toks)]
    if unit in _VERBAL_UNITS:
        after = before = []
    locates = False
    if after:
        k = toks.index(after[0])
        # a list is followed only when no other count comes before the verb (not 12个单位和甲乡、乙镇3个乡镇)
        verb_at = min([t[0] for t in toks if t[3] == "verb" and t[0] >= end] + [cb])
        lists = not re.search(r"\d|[一二两三四五六七八九十]+个", text[end:verb_at])
        while k + 1 < len(toks) and toks[k + 1][3] in ("noun", "noun-after") and (
                toks[k + 1][0] == toks[k][1] or (lists and _CONJUNCT.fullmatch(text, toks[k][1], toks[k + 1][0]))
                or (toks[k][4] in _MODIFIER_CLASSES and toks[k + 1][1] <= phrase_end
                    and _MODIFIER_GAP.fullmatch(text, toks[k][1], toks[k + 1][0]))):
            k += 1  # a run of nouns (乡镇部门), a list (乡镇、部门和企事业单位) or a modifier chain without 的
            # (扶贫领域重点单位党组织: 单位): the last is the head
        noun, ncls, adjacent = toks[k][2], toks[k][4], after[0][0] - end <= 4
        if ncls == "party":  # 村社区党组织 → village, 乡镇街道党委 → township, 县直部门党组织 → org
            ncls = next((toks[j][4] for j in range(k - 1, toks.index(after[0]) - 1, -1)
                         if toks[j][4] not in ("party", "-")), "")
            if not ncls:  # 甲村、乙村、丙社区等6个党组织: the names listed say what they are
                names = _NAMES_BEFORE_DENG.search(text, max(ca, start - 80), start)
                ncls = ({"村": "village", "社区": "village"}.get(names.group(2), "township") if names else "org")
        # a count that only locates the next one: 3个街道的15个村 (not 9个乡镇及其所辖的40个村)
        locates = bool(_LOCATOR.match(text, toks[k][1], cb) or
                       (ncls == "township" and _LOCATES_VILLAGES.match(text, toks[k][1], cb)))
    elif before:
        noun, ncls, adjacent = before[-1][2], before[-1][4], True
        k = toks.index(before[-1])
        listed = {ncls}
        while k > 0 and toks[k - 1][3] == "noun" and _CONJUNCT.fullmatch(text, toks[k - 1][1], toks[k][0]):
            k -= 1
            listed.add(toks[k][4])
        if len(listed & _UNIT_CLASSES) > 1:  # 县直单位和街道12个: units of several kinds are bodies inspected
            ncls = "org"
        if ncls == "party":  # 村社区党组织86个 → village
            k = toks.index(before[-1])
            while k > 0 and toks[k - 1][1] == toks[k][0] and toks[k - 1][3] == "noun" and toks[k][4] == "party":
                k -= 1
            ncls = toks[k][4] if toks[k][4] not in ("party", "-") else "org"
    if ncls == "-":
        noun, ncls, adjacent = "", "", False
    recipient = bool(_OBLIQUE.search(text, max(ca, start - 5), start))
    if noun and _INSPECTED_NP.match(text, end, min(cb, end + NOUN_AFTER + 4)):
        # 向40家被巡察单位党组织反馈: the noun phrase itself says the units were inspected, whatever the
        # preposition before them or the count after them
        recipient = locates = False
    def verbs(tokens, weak=False):
        # a verb closing a relative clause far from the figure modifies another noun (施工涉及的甲镇…补偿款),
        # one right before it governs the figure (反馈的883个问题)
        return [t for t in tokens if (t[3] == "verb" or (weak and t[3] == "weak")) and t[4] != "-"
                and not (text.startswith("的", t[1]) and t[1] + 1 < start - 2
                         and not _CATEGORY_COUNT.fullmatch(text, t[1] + 1, start))
                # a verb named as work (研究整改工作3次: 整改工作 is a noun) governs nothing before the count
                and not (text.startswith("工作", t[1]) and t[1] + 2 < start)
                and t[0] < nominal_at]

    # 22个问题的整改情况进行了检查: the rectification named after 的 is a topic, and the verb after it
    # governs that topic, not the figure; the verbs after a nominalised one are not read
    nominal_at = min([t[0] for t in toks if t[0] >= end and t[3] == "verb" and t[4] in _NOMINAL_AFTER_DE
                      and text[t[0] - 1:t[0]] == "的"] + [len(text) + 1])

    # the governing verb: the nearest before the figure in its clause; else the last after it (the
    # head of 对…开展巡察整改专项督查 is 督查); else the clause topic, the sentence's last verb before
    # the clause. Weak verbs (违规 in 收缴违规资金) count only when no other verb is there.
    def topic():
        sa, _ = _bounds(text, start, end, "。！？!?；;\n", limit=200)
        return verbs(_tokens(lex, text, sa, ca))[::-1]

    verb, vcls, where = "", "", ""
    paired = lex.paired.get(ncls, ())
    for get, label in ((lambda: verbs(t for t in toks if t[1] <= start)[::-1], "clause-before"),
                       (lambda: verbs((t for t in toks if t[0] >= end), True), "clause-after"),
                       (lambda: verbs((t for t in toks if t[1] <= start), True)[::-1], "clause-before"),
                       (topic, "topic")):
        cands = get()
        if cands:
            # nearest first, but before the figure a verb the table pairs with this noun beats a
            # nearer one (已办结巡察移交线索36件: 办结 + 线索, not 移交)
            best = next((t for t in cands if t[4] in paired), cands[0]) if ncls and label != "clause-after" else cands[0]
            if label == "clause-after":  # a verb compound is head-final: “回头看”巡察 is an inspection
                later = {t[0]: t for t in cands}
                while (nxt := next((later[k] for k in range(best[1], best[1] + 2) if k in later), None)) is not None \
                        and _QUOTES_ONLY.fullmatch(text, best[1], nxt[0]):
                    best = nxt
            if label == "clause-before" and best[4] in _PIVOT:
                # 选派1名干部参加…培训班: people sent are counted for what they are sent to do
                purpose = next((t for t in verbs((t for t in toks if t[0] >= end), True) if t[4] in _PIVOT[best[4]]), None)
                best = purpose or best
            verb, vcls, where = best[2], best[4], label
            break
    per = "每" in text[ca:start]
    return Frame(verb, vcls, noun, ncls, adjacent, where, unit, text[max(ca, start - 12):start],
                 text[end:min(cb, end + 8)], locates, recipient, per)


def lexicon_indicator(frame: Frame, *, lexicon: Lexicon | None = None) -> tuple[str, str] | None:
    """``(indicator, match)`` from the frame table, match ``verb+noun``, ``noun`` or ``verb``; None when
    no row fits. A verb read from the clause topic only counts together with a noun."""
    lex = lexicon or load_lexicon()
    best = None
    v, n = frame.verb_class, frame.noun_class
    rows = [r for key in ((v, n), ("*", n), (v, "*")) for r in lex.by_classes.get(key, ())]
    for vcls, ncls, units, indicator in rows:
        if units and frame.unit not in units:
            continue
        v_ok = vcls == "*" or (vcls == frame.verb_class and frame.verb_class)
        n_ok = ncls == "*" or (ncls == frame.noun_class and frame.noun_class)
        if not (v_ok and n_ok):
            continue
        if vcls != "*" and ncls != "*":
            rank, match = 3, "verb+noun"
        elif ncls != "*":
            if not frame.noun_adjacent:
                continue
            rank, match = 2, "noun"
        elif vcls != "*":
            if frame.verb_where == "topic":
                continue
            rank, match = 1, "verb"
        else:
            continue
        if best is None or rank > best[0]:
            best = (rank, indicator, match)
    return (best[1], best[2]) if best else None


# ----------------------------------------------------------------------------- the classifier
def frame_features(frame: Frame) -> list[str]:
    """Binary features of a frame for the classifier: classes, words, unit, character bigrams around."""
    feats = [f"vc={frame.verb_class}", f"nc={frame.noun_class}", f"u={frame.unit}", f"v={frame.verb}",
             f"n={frame.noun}", f"vc+nc={frame.verb_class}+{frame.noun_class}", f"nc+u={frame.noun_class}+{frame.unit}",
             f"vc+u={frame.verb_class}+{frame.unit}", f"where={frame.verb_where}"]
    left, right = frame.left[-10:], frame.right[:6]
    feats += [f"l:{left[i:i + 2]}" for i in range(len(left) - 1)]
    feats += [f"r:{right[i:i + 2]}" for i in range(len(right) - 1)]
    return feats


@dataclass(frozen=True)
class FrameModel:
    classes: tuple[str, ...]
    intercept: tuple[float, ...]
    weights: dict[str, dict[int, float]]   # feature → {class index: weight} (sparse)

    def predict(self, frame: Frame) -> tuple[str, float]:
        """The most probable indicator and its probability (softmax over the classes)."""
        scores = list(self.intercept)
        for f in set(frame_features(frame)):
            for k, x in self.weights.get(f, {}).items():
                scores[k] += x
        top = max(scores)
        exp = [math.exp(s - top) for s in scores]
        k = max(range(len(scores)), key=scores.__getitem__)
        return self.classes[k], exp[k] / sum(exp)


@lru_cache(maxsize=4)
def load_model(path: str | Path = MODEL_FILE) -> FrameModel | None:
    """The shipped classifier (JSON of coefficients), or None when the file is missing."""
    p = Path(path)
    if not p.exists():
        return None
    data = json.loads(p.read_text(encoding="utf-8"))
    return FrameModel(tuple(data["classes"]), tuple(data["intercept"]),
                      {f: {int(k): float(x) for k, x in w.items()} for f, w in data["weights"].items()})


# ----------------------------------------------------------------------------- the decision
#: confidence of each way of deciding; rows below REVIEW_BELOW get ``needs_review``
CONFIDENCE = {"verb+noun": 0.95, "noun": 0.85, "rule": 0.8, "verb": 0.75, "table": 0.8, "link": 0.8}
REVIEW_BELOW = 0.6
#: the noun class of units inspected → their indicator
_UNIT_CLASS = {"org": "orgs_inspected", "village": "villages_inspected", "township": "townships_inspected"}
#: what a clause with 每 may still report: the length of each round, shares
_PER_OK = frozenset({"inspection_duration", "rectification_rate", "coverage_rate"})
#: the classifier's answer is taken only at or above this probability
MODEL_MIN = 0.6
#: the ways of deciding a figure's indicator, all used by default: the frame lexicon (``data/frame*.csv``),
#: the sentence rules (``data/indicators.csv``) and the classifier (``data/frame_model.json``)
DECIDERS = ("lexicon", "rule", "model")


def check_deciders(deciders) -> tuple[frozenset[str], FrameModel | None]:
    """The names of ``deciders`` (some of :data:`DECIDERS`; a :class:`FrameModel` stands for ``"model"``
    with that classifier instead of the shipped one) and the classifier given, if any. A ValueError
    names what is not a decider."""
    items = (deciders,) if isinstance(deciders, (str, FrameModel)) else tuple(deciders)
    unknown = [d for d in items if not isinstance(d, FrameModel) and d not in DECIDERS]
    if unknown:
        raise ValueError(f"unknown decider(s) {unknown}; use some of {DECIDERS} (a FrameModel for 'model')")
    given = [d for d in items if isinstance(d, FrameModel)]
    return frozenset("model" if isinstance(d, FrameModel) else d for d in items), (given[0] if given else None)


def decide(frame: Frame, rule_indicator: str, rule_name: str, *, lexicon: Lexicon | None = None,
           model: FrameModel | None | bool = True, deciders=DECIDERS) -> tuple[str, str, str, float]:
    """``(indicator, rule, source, confidence)`` for a figure from its frame and the sentence rules.

    Order: the frame table when it names the head noun (verb+noun, or the noun next to the figure);
    then the sentence rules of ``indicators.csv``; then the frame table by the verb alone; then the
    classifier (``source`` model) when it is at least ``MODEL_MIN`` sure; else ``other``.

    ``deciders``: which of :data:`DECIDERS` take part, always in that order (default all): ``("rule",)``
    the sentence rules alone, ``("lexicon", "rule")`` the lexicon and the rules without the classifier;
    a :class:`FrameModel` in place of ``"model"`` is used instead of the shipped classifier (a retrained
    one). ``model=False`` also leaves the classifier out.
    """
    use, given = (frozenset(DECIDERS), None) if deciders is DECIDERS else check_deciders(deciders)
    if "rule" not in use:
        rule_indicator, rule_name = "other", "unit"
    hit = None
    if "lexicon" in use:
        if frame.per and rule_indicator not in _PER_OK:  # 每个巡察组配备1名组长, 平均每村发现问题18个: a rate
            return "other", "frame:per", "lexicon", CONFIDENCE["noun"]
        hit = None if frame.per else lexicon_indicator(frame, lexicon=lexicon)
        if hit and hit[0] in _INSPECTED and (frame.locates or frame.recipient):
            hit = ("other", hit[1])
        if hit and hit[1] in ("verb+noun", "noun"):
            return hit[0], f"frame:{hit[1]}", "lexicon", CONFIDENCE[hit[1]]
        if rule_indicator in _INSPECTED and frame.noun_adjacent and _UNIT_CLASS.get(frame.noun_class, rule_indicator) != rule_indicator:
            # the rule saw the units inspected; the noun next to the figure says which (甲村、乙社区等6个党组织)
            if not (frame.locates or frame.recipient):
                return _UNIT_CLASS[frame.noun_class], f"{rule_name}+noun", "rule", CONFIDENCE["rule"]
    if rule_indicator != "other":
        return rule_indicator, rule_name, "rule", CONFIDENCE["rule"]
    if hit:
        return hit[0], f"frame:{hit[1]}", "lexicon", CONFIDENCE[hit[1]]
    fm = None if "model" not in use else given or (load_model() if model is True else (model or None))
    if fm is not None:
        label, p = fm.predict(frame)
        if label != "other" and p >= MODEL_MIN:
            return label, "model", "model", round(p, 3)
        return "other", rule_name, "model", round(p if label == "other" else 1 - p, 3)
    return "other", rule_name, "rule", 0.5


# ----------------------------------------------------------------------------- flags for adding up
#: what names the parts of a total: 其中…, （含…）, 包括…
_PARTS = re.compile(r"其中|[（(]含|包括")
_CUMULATIVE = re.compile(r"累计|本届|届以来|截至|截止|总计|[一二三四五六七八九十两\d]+年(?:以)?来|\d{4}年以来")
_EARLIER = re.compile(r"前[一二三四五六七八九十两\d]+轮|上一?轮|上届|去年|此前")
_SENTENCE_STOP = re.compile(r"[。！？!?；;\n]")
_HEADLINE_MAX = 40


def _line(text: str, pos: int) -> str:
    a = text.rfind("\n", 0, pos) + 1
    b = text.find("\n", pos)
    return text[a:b if b >= 0 else len(text)].strip()


def _headline_flags(text: str, starts: list[int]) -> list[bool]:
    """``_is_headline_line(_line(text, s))`` for each of ``starts``, in time linear in the text: the line
    ends are found once (a bisection over the newline positions per figure) and each line is judged once,
    however many figures it holds (a 10 MB page without line breaks was quadratic)."""
    breaks = [m.start() for m in re.finditer("\n", text)]
    judged: dict[int, bool] = {}
    out = []
    for pos in starts:
        k = bisect_left(breaks, pos)
        a = breaks[k - 1] + 1 if k else 0
        if a not in judged:
            b = breaks[k] if k < len(breaks) else len(text)
            judged[a] = _is_headline_line(text[a:b].strip())
        out.append(judged[a])
    return out


def _is_headline_line(line: str) -> bool:
    return 0 < len(line) <= _HEADLINE_MAX and not ends_sentence(line) and line[-1:] not in "，、；：,;:"


def add_flags(text: str, rows: list[dict]) -> list[dict]:
    """Number the figures of one text and flag what a researcher needs before adding them up.

    ``figure_id`` 1..n in text order (every kind counted); ``part_of`` the id of the total a part belongs
    to (共发现问题120个，其中…40个; 77个单位（含3个办事处）); ``kind`` as read (reported, plan, target), or
    ``repeat`` for a figure that restates one given before (same value, unit and indicator, not ``other``)
    or a headline copy of a body figure, with ``repeat_of`` the id of the figure it repeats; ``period``
    current, cumulative (累计, 本届以来, 截至…) or earlier (前两轮, 去年).
    """
    rows = sorted(rows, key=lambda r: r["start"])
    heads = _headline_flags(text, [r["start"] for r in rows])
    for k, r in enumerate(rows, start=1):
        r.update(figure_id=k, part_of=None, repeat_of=None)
        r.setdefault("kind", "reported")

    def key(r):
        return (r["value"], r["unit"], r["indicator"])

    # a headline repeating a body figure: the body reports it (the first body figure of that value and
    # unit, whatever indicator each was given: a headline is too short to name it reliably)
    body: dict[tuple, dict] = {}
    for r, h in zip(rows, heads):
        if not h and r["kind"] == "reported":
            body.setdefault(key(r)[:2], r)
    for r, h in zip(rows, heads):
        if h and key(r)[:2] in body:
            r.update(kind="repeat", repeat_of=body[key(r)[:2]]["figure_id"])
    starts = []  # where each figure's sentence starts
    for k, r in enumerate(rows):
        lo = max(0, r["start"] - 200)
        sa = max((m.end() for m in _SENTENCE_STOP.finditer(text, lo, r["start"])), default=lo)
        starts.append(sa)
        before = text[sa:r["start"]]
        r["period"] = ("earlier" if _EARLIER.search(before) else
                       "cumulative" if _CUMULATIVE.search(before) or _CUMULATIVE.search(str(r.get("scope_period") or ""))
                       else "current")
        mark = None
        for m in _PARTS.finditer(text, sa, r["start"]):
            mark = m
        if mark is not None:
            # the last figure of the same unit between the sentence start and the mark: the rows are in
            # text order, so walk back only over the figures of this sentence (at most 200 characters)
            for j in range(k - 1, -1, -1):
                q = rows[j]
                if q["start"] < sa:
                    break
                if q["end"] <= mark.start() and q["unit"] == r["unit"]:
                    r["part_of"] = q["figure_id"]
                    break
    # a summary restating a figure given in an earlier sentence (6个巡察组已全部进驻, after 组成6个巡察组);
    # equal figures of one sentence are parallel statements (甲县5个乡镇10个村、乙县5个乡镇10个村)
    # a sentence naming another round (第十二轮巡察派出三个巡察组 after 第十一轮巡察派出三个巡察组) is a parallel
    # statement too
    seen: dict[tuple, tuple[dict, int]] = {}
    for r, h, sa in zip(rows, heads, starts):
        if h or r["kind"] != "reported" or r["indicator"] == "other" or r["part_of"] is not None:
            continue
        first, first_sa = seen.setdefault(key(r), (r, sa))
        if first is not r and first_sa != sa:
            mine, theirs = set(_ROUND.findall(text, sa, r["start"])), set(_ROUND.findall(text, first_sa, first["start"]))
            if mine and theirs and mine != theirs:
                continue  # another round's figure, equal by chance
            r.update(kind="repeat", repeat_of=first["figure_id"])
    return rows


#: the round a sentence reports on (第十二轮): two sentences naming different rounds are parallel statements
_ROUND = re.compile(r"第[一二三四五六七八九十百\d]+轮")
