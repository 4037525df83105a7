"""Extracted figures scored against hand-checked gold rows, matched as ``../shared/gold/check_metrics.py`` does.
Each figure is matched to a gold row of its file with equal value and unit; precision, recall and F1 follow.
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from pathlib import PurePath

import pandas as pd

from ..core.script import to_simplified
from .frames import DECIDERS
from .metrics import extract_metric_records

#: the columns a table of predictions or of gold rows needs (``qualifier`` and ``quote`` are optional)
NEEDED = ("file", "indicator", "value", "unit")
#: what a matched, missed or spurious figure is in :func:`match_figures`
OUTCOMES = ("correct", "wrong_indicator", "missed", "spurious")
#: the kinds of error :func:`error_kinds` tells apart
ERROR_KINDS = ("named figure left as other", "other figure given an indicator", "two indicators confused",
               "figure not extracted", "figure not in the gold")
_STRIP = re.compile(r"[\W_]+")


def normalise_quote(text) -> str:
    """A quote as the gold writes it: simplified script, no spaces, punctuation or underscores."""
    return _STRIP.sub("", to_simplified(_text(text)))


def _text(x) -> str:
    if x is None or (isinstance(x, float) and x != x) or x is pd.NA:
        return ""
    s = str(x)
    return "" if s.lower() in ("nan", "none", "<na>") else s


def _unit(u) -> str:
    return unicodedata.normalize("NFKC", to_simplified(_text(u))).strip()


def _number(x) -> float | None:
    s = unicodedata.normalize("NFKC", _text(x)).strip().replace(",", "").replace(" ", "").rstrip("%")
    try:
        v = float(s)
    except ValueError:
        return None
    return v if v == v else None


def _stem(name) -> str:
    base = PurePath(_text(name).strip()).name
    return base[:-4] if base.lower().endswith(".txt") else base


def _same(a: float, b: float) -> bool:
    return a == b or abs(a - b) <= 1e-6 * max(abs(a), abs(b))


def _rows(table: pd.DataFrame, *, gold: bool) -> list[dict]:
    missing = [c for c in NEEDED if c not in table.columns]
    if missing:
        raise ValueError(f"{'gold' if gold else 'predictions'} need columns {list(NEEDED)}; missing {missing}")
    quals = table["qualifier"] if "qualifier" in table.columns else [None] * len(table)
    quotes = table["quote"] if "quote" in table.columns else [""] * len(table)
    out = []
    for i, (f, ind, v, u, q, quote) in enumerate(zip(table["file"], table["indicator"], table["value"], table["unit"],
                                                     quals, quotes)):
        ind = _text(ind).strip()
        out.append(dict(i=i, file=_stem(f), ind=ind if gold else ind.lower(), val=_number(v), unit=_unit(u),
                        qual=None if q is None else _unit(q),
                        quote=_text(quote) if gold else normalise_quote(quote), matched=None))
    return out


def match_figures(predictions: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """Every gold row and every unmatched prediction, aligned.

    A prediction matches a free gold row of the same file (file names compared without folder and
    ``.txt``) with equal value (relative tolerance 1e-6) and equal unit (simplified, NFKC). A first pass
    takes only gold rows of the same indicator, a second any; among several candidates the one whose quote
    is most alike (difflib ratio of the normalised quotes), then the one with the same qualifier, then
    the first. Predictions are taken in table order: the rules of ``check_metrics.py``.

    Returns one row per gold row (``gold_row`` its position in ``gold``) then one per unmatched prediction
    (``pred_row`` its position in ``predictions``): file, value, unit, gold_indicator, pred_indicator,
    gold_quote, pred_quote, outcome (:data:`OUTCOMES`).
    """
    G, P = _rows(gold, gold=True), _rows(predictions, gold=False)
    has_q = "qualifier" in predictions.columns
    by_file: dict[str, list[dict]] = {}
    for g in G:
        by_file.setdefault(g["file"], []).append(g)

    def key(p, g):
        sim = difflib.SequenceMatcher(None, p["quote"], g["quote"]).ratio() if p["quote"] else 0.0
        return sim, (p["qual"] == g["qual"]) if has_q else 0, -g["i"]

    for need_ind in (True, False):
        for p in P:
            if p["matched"] is not None or p["val"] is None:
                continue
            cands = [g for g in by_file.get(p["file"], ()) if g["matched"] is None and g["val"] is not None
                     and _same(p["val"], g["val"]) and p["unit"] == g["unit"] and (not need_ind or p["ind"] == g["ind"])]
            if cands:
                best = max(cands, key=lambda g: key(p, g))
                best["matched"], p["matched"] = p["i"], best["i"]
    rows = []
    for g in G:
        p = P[g["matched"]] if g["matched"] is not None else None
        outcome = "missed" if p is None else "correct" if p["ind"] == g["ind"] else "wrong_indicator"
        rows.append(dict(file=g["file"], value=g["val"], unit=g["unit"], gold_indicator=g["ind"],
                         pred_indicator=p["ind"] if p else None, gold_quote=g["quote"],
                         pred_quote=p["quote"] if p else None, gold_row=g["i"], pred_row=p["i"] if p else None,
                         outcome=outcome))
    for p in P:
        if p["matched"] is None:
            rows.append(dict(file=p["file"], value=p["val"], unit=p["unit"], gold_indicator=None,
                             pred_indicator=p["ind"], gold_quote=None, pred_quote=p["quote"], gold_row=None,
                             pred_row=p["i"], outcome="spurious"))
    out = pd.DataFrame(rows, columns=["file", "value", "unit", "gold_indicator", "pred_indicator", "gold_quote",
                                      "pred_quote", "gold_row", "pred_row", "outcome"])
    return out.astype({"gold_row": "Int64", "pred_row": "Int64"})


def prf(correct: int, predicted: int, gold: int) -> tuple[float, float, float]:
    """Precision correct/predicted, recall correct/gold and their harmonic mean F1 (an empty side counts
    as 1.0 when the other is empty too, else 0.0)."""
    p = correct / predicted if predicted else (1.0 if gold == 0 else 0.0)
    r = correct / gold if gold else (1.0 if predicted == 0 else 0.0)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score_indicators(predictions: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """Precision, recall and F1 of ``predictions`` against ``gold`` (columns file, indicator, value, unit;
    optional qualifier, quote), matched by :func:`match_figures`.

    Two rows: ``value`` (a prediction is correct when it is matched: same file, value and unit) and
    ``indicator`` (matched and with the gold row's indicator; ``other`` rows are left out of every count).
    Columns: correct, predicted, gold, precision, recall, f1 — the figures (a) and (b) of ``check_metrics.py``.
    """
    m = match_figures(predictions, gold)
    n_pred, n_gold = len(predictions), len(gold)
    matched = int(m["outcome"].isin(("correct", "wrong_indicator")).sum())
    named_gold = int((m["gold_indicator"].notna() & (m["gold_indicator"] != "other")).sum())
    named_pred = int((predictions["indicator"].map(lambda x: _text(x).strip().lower()) != "other").sum())
    right = int(((m["outcome"] == "correct") & (m["gold_indicator"] != "other")).sum())
    rows = {}
    for level, c, npred, ngold in (("value", matched, n_pred, n_gold), ("indicator", right, named_pred, named_gold)):
        p, r, f = prf(c, npred, ngold)
        rows[level] = dict(correct=c, predicted=npred, gold=ngold, precision=p, recall=r, f1=f)
    return pd.DataFrame.from_dict(rows, orient="index")


def confusion(matched: pd.DataFrame, *, missing: str = "—") -> pd.DataFrame:
    """Gold indicator × predicted indicator of :func:`match_figures` rows, counts; ``missing`` names the
    gold rows no prediction matched (column) and the predictions matching no gold row (row)."""
    g = matched["gold_indicator"].fillna(missing)
    p = matched["pred_indicator"].fillna(missing)
    return pd.crosstab(g.rename("gold"), p.rename("predicted"))


def error_kinds(matched: pd.DataFrame) -> pd.Series:
    """The kind of error of each :func:`match_figures` row (:data:`ERROR_KINDS`), ``""`` for a correct one."""
    def kind(outcome, g, p):
        if outcome == "missed":
            return ERROR_KINDS[3]
        if outcome == "spurious":
            return ERROR_KINDS[4]
        if outcome == "correct":
            return ""
        return ERROR_KINDS[0] if p == "other" else ERROR_KINDS[1] if g == "other" else ERROR_KINDS[2]

    return pd.Series([kind(o, g, p) for o, g, p in zip(matched["outcome"], matched["gold_indicator"],
                                                        matched["pred_indicator"])], index=matched.index, name="error")


def predict_articles(articles: pd.DataFrame, *, deciders=DECIDERS, relevant_only: bool = True) -> pd.DataFrame:
    """The figures of each (relevant) article of an articles table (columns file, article, text, relevant),
    read by :func:`~helpers.figures.metrics.extract_metric_records` with ``deciders``: one row per figure
    with its article's ``file`` and ``article``; ``start`` indexes the article's text."""
    keep = articles["relevant"].astype(bool) if relevant_only else pd.Series(True, index=articles.index)
    rows = []
    for file, article, text in zip(articles.loc[keep, "file"], articles.loc[keep, "article"], articles.loc[keep, "text"]):
        for rec in extract_metric_records(text, deciders=deciders):
            rows.append(dict(file=file, article=article, **rec))
    return pd.DataFrame(rows, columns=["file", "article", "start", "value_text", "indicator", "value", "unit",
                                       "qualifier", "quote", "rule", "indicator_source", "confidence",
                                       "frame_verb", "frame_noun", "kind"])


def score_variants(predictions: dict[str, pd.DataFrame], gold: pd.DataFrame) -> pd.DataFrame:
    """:func:`score_indicators` of each ``{name: predictions}``: one row per name and level (value,
    indicator), in the order given."""
    parts = [score_indicators(pred, gold).rename_axis("level").reset_index().assign(variant=name)
             for name, pred in predictions.items()]
    out = pd.concat(parts, ignore_index=True)
    return out[["variant", "level", "correct", "predicted", "gold", "precision", "recall", "f1"]]


def explain_errors(predictions: pd.DataFrame, gold: pd.DataFrame,
                   columns=("indicator_source", "rule", "frame_verb", "frame_noun")) -> pd.DataFrame:
    """The rows of :func:`match_figures` that are errors, with their kind (``error``), the quote (the
    gold's, else the prediction's) and ``columns`` of the prediction involved (which decider, which rule,
    which frame), most frequent kind first."""
    m = match_figures(predictions, gold)
    m = m.assign(error=error_kinds(m), quote=m["gold_quote"].fillna(m["pred_quote"]))
    m = m[m["error"] != ""].copy()
    pred = predictions.reset_index(drop=True)
    for col in columns:
        m[col] = [pred[col].iloc[int(i)] if pd.notna(i) and col in pred else None for i in m["pred_row"]]
    order = m["error"].map(m["error"].value_counts()).rename("n")
    m = m.assign(n=order).sort_values(["n", "error", "file"], ascending=[False, True, True], kind="stable")
    keep = ["error", "file", "value", "unit", "gold_indicator", "pred_indicator", *columns, "quote", "gold_row", "pred_row"]
    return m[keep].reset_index(drop=True)
