"""Decide whether an article is mainly about 巡察 work, and say why, with a transparent term score.

The weighted term dictionary (``data/relevance_terms.csv``: term, weight, note) is editable; negative
weights mark look-alikes such as 巡查 (patrols, safety checks) and 巡逻.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ..core.config import PACKAGE_DATA_DIR

TERMS_FILE = PACKAGE_DATA_DIR / "relevance_terms.csv"

#: Relevant when the score (weighted term count per 1,000 characters) reaches this value …
THRESHOLD = 6.0
#: … and the core term occurs at least this often (a single passing mention never suffices).
MIN_CORE = 2
CORE_TERM = "巡察"
#: … unless 巡视 (inspection by central or provincial committees) occurs more than this many times as
#: often as 巡察 (both counted outside the pair 巡视巡察) and at least 3 times: then the article is about 巡视.
XUNSHI_RATIO = 2
OTHER_TERM, PAIRED_TERM = "巡视", "巡视巡察"
#: Party inspection is done by Party bodies in its own terms: a relevant article names a body (县委, 党组, 纪委, 巡察组,
#: 巡察办 …) or the work's own terms (专项巡察, 巡察整改, 问题线索 …). Taiwan's Control Yuan on tour (巡察团, 巡察委员,
#: 实地巡察) and a police or river 巡察 name none.
PARTY_BODY = re.compile(r"[省市县区州旗盟镇乡]委|党[委组工总支]|党组织|纪委|纪检|巡察组|巡察办(?!理)|巡察机构|巡察工作领导小组|被巡察"
                        r"|(?:专项|常规|政治|机动|提级|交叉|对村|延伸)巡察|巡察(?:整改|反馈|全覆盖|监督)|问题线索|立行立改")
#: The length (characters without whitespace) below which the score is not inflated: short texts count as this long.
LENGTH_FLOOR = 150
#: A text shorter than this (a caption, a brief) is relevant with one body mention of 巡察.
SHORT_TEXT = 200


def describe_rule(threshold: float = THRESHOLD, min_core: int = MIN_CORE) -> str:
    """The relevance rule in words, with the numbers the code uses (notebooks and READMEs print this)."""
    return (f"score = Σ weight × count / (max(characters, {LENGTH_FLOOR}) / 1000), over title and text; relevant "
            f"when score ≥ {threshold:g} and {CORE_TERM} occurs at least {min_core} times with at least one in the body "
            f"(one body mention suffices when {CORE_TERM} is also in the title, or in a text shorter than {SHORT_TEXT} "
            f"characters); a title alone never decides; not relevant when {OTHER_TERM} occurs at least 3 times and "
            f"more than {XUNSHI_RATIO}× as often as {CORE_TERM} (both outside {PAIRED_TERM}, title included), nor when no "
            f"Party body (县委, 党组, 纪委, 巡察组, 巡察办 …) nor term of its inspection work (专项巡察, 巡察整改, 问题线索 …) is named.")


@dataclass(frozen=True)
class Relevance:
    relevant: bool
    score: float
    terms: str  # "巡察×12; 整改×4; 巡查×-1"


@lru_cache(maxsize=4)
def load_terms(path: str | Path = TERMS_FILE) -> tuple[tuple[str, float], ...]:
    """The (term, weight) pairs of a relevance dictionary (CSV with columns term, weight[, note])."""
    out = []
    with open(path, encoding="utf-8-sig", newline="") as fh:
        for i, row in enumerate(csv.DictReader(fh), start=2):
            term = (row.get("term") or "").strip()
            try:
                weight = float(row["weight"])
            except (KeyError, TypeError, ValueError):
                raise ValueError(f"{path}: line {i}: weight must be a number, got {row.get('weight')!r}") from None
            if not term:
                raise ValueError(f"{path}: line {i}: empty term")
            out.append((term, weight))
    return tuple(out)


def score_text(text: str, title: str = "", *, terms_file: str | Path = TERMS_FILE,
               threshold: float = THRESHOLD, min_core: int = MIN_CORE) -> Relevance:
    """Score one article (simplified Chinese).

    The rule is :func:`describe_rule`: a weighted term score per 1,000 characters (length floored at
    ``LENGTH_FLOOR``), at least ``min_core`` mentions of 巡察 (one suffices with the title or in a text
    shorter than ``SHORT_TEXT``), and not an article about 巡视 (see ``XUNSHI_RATIO``).
    Terms overlap on purpose (政治巡察 also counts as 巡察): specific phrases add weight.
    """
    full = f"{title}\n{text}" if title else text
    weights = dict(load_terms(str(terms_file)))
    counts = {t: full.count(t) for t in weights}
    total = sum(weights[t] * c for t, c in counts.items())
    n = max(len(re.sub(r"\s", "", full)), LENGTH_FLOOR)
    score = total / (n / 1000)
    core = counts.get(CORE_TERM, full.count(CORE_TERM))
    short = len(re.sub(r"\s", "", text)) < SHORT_TEXT  # a caption or brief: one mention can be its subject
    in_body = text.count(CORE_TERM) - (text.count(title) * title.count(CORE_TERM) if title else 0)
    # a title alone never decides: OCR often prints a headline beside the wrong article
    relevant = score >= threshold and (core >= min_core and in_body >= 1 or (in_body >= 1 and (CORE_TERM in title or short)))
    # an article about central or provincial 巡视 that names 巡察 in passing (巡视巡察上下联动) is not about 巡察;
    # its title counts here (「省委第四轮巡视工作启动」 over a report that 巡视带巡察)
    pairs = full.count(PAIRED_TERM)
    own, other = full.count(CORE_TERM) - pairs, full.count(OTHER_TERM) - pairs
    if other >= 3 and other > XUNSHI_RATIO * own:
        relevant = False
    if relevant and not PARTY_BODY.search(full):
        relevant = False
    shown = "; ".join(f"{t}×{c}" for t, c in sorted(counts.items(), key=lambda kv: -abs(weights[kv[0]] * kv[1]))
                      if c)
    return Relevance(bool(relevant), round(score, 3), shown)


def score_articles(articles: pd.DataFrame, *, text_col: str = "text", title_col: str = "title",
                   **kwargs) -> pd.DataFrame:
    """Add ``relevant``, ``relevance_score`` and ``relevance_terms`` columns to an articles table."""
    res = [score_text(t, ti or "", **kwargs) for t, ti in
           zip(articles[text_col].fillna(""), articles.get(title_col, pd.Series([""] * len(articles))).fillna(""))]
    out = articles.copy()
    out["relevant"] = [r.relevant for r in res]
    out["relevance_score"] = [r.score for r in res]
    out["relevance_terms"] = [r.terms for r in res]
    return out
