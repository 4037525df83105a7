"""Reporters' names out of keyword and topic input.

A byline (■本报记者 郭凡 通讯员 原金贵, （记者 蔡文瑶）) names the people who wrote the article, not what it is
about; TF-IDF and topic models would otherwise rank a prolific reporter's name as a place's top keyword. The
names are read from the articles' ``byline`` column and from the byline formulas inside the text, and the
tokens that are (part of) such a name are dropped.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

_ROLE = r"(?:本报)?(?:特约|首席|实习)?(?:记者|通讯员|实习生|摄影|撰稿|文/图|文／图|图/文)"
_BYLINE = re.compile(_ROLE + r"[\s:：]*(?P<run>[\u4e00-\u9fff][\u4e00-\u9fff· \t\u3000、，,/／]{1,23})")
_ROLE_RE = re.compile(_ROLE)
_SPLIT = re.compile(_ROLE + r"|本报|[\s、，,/／·]+|摄$")
_END = re.compile(r"[)）\]】\n]|$")
#: Longest name run kept when no closing bracket or break ends it (two three-character names).
MAX_RUN = 6


def _names_in(run: str, closed: bool) -> list[str]:
    if not closed:  # 通讯员张泽卿张争累计开展… : no bracket ends the byline; the last name keeps a name's length
        parts = _ROLE_RE.split(re.split(r"[，,。；;\s]", run)[0])
        run = " ".join([*parts[:-1], parts[-1][:3]])
    out = []
    for piece in _SPLIT.split(run):
        piece = piece.strip()
        if piece.endswith("摄"):
            piece = piece[:-1]
        if 2 <= len(piece) <= MAX_RUN:
            out.append(piece)
    return out


def byline_names(articles: pd.DataFrame, *, text_column: str = "text") -> set[str]:
    """Name runs of the corpus's bylines (2–6 characters each; two names written together stay one run)."""
    names: set[str] = set()
    texts: Iterable[str] = []
    if "byline" in articles.columns:
        texts = [str(b) for b in articles["byline"].dropna()]
    if text_column in articles.columns:
        texts = [*texts, *(str(t) for t in articles[text_column].dropna())]
    for text in texts:
        for m in _BYLINE.finditer(text):
            run = m.group("run")
            end = _END.search(text, m.start("run"))
            closed = end is not None and end.start() - m.start("run") <= MAX_RUN + 6
            if closed:
                run = text[m.start("run"):end.start()]
                run = _SPLIT.sub(" ", run)
            names.update(_names_in(run, closed))
    return names


def name_pieces(names: Iterable[str]) -> set[str]:
    """Every piece of two or more characters of every name: a word is (part of) a name when it is in this set,
    one set lookup instead of a scan of all names (a name run has at most MAX_RUN characters, 15 pieces)."""
    return {n[i:j] for n in names for i in range(len(n)) for j in range(i + 2, len(n) + 1)}


def drop_names(tokens: pd.DataFrame, names: set[str], *, token_column: str = "token") -> pd.DataFrame:
    """``tokens`` without the tokens (of two or more characters) that are a name or part of a name run."""
    if not names or tokens.empty:
        return tokens
    pieces = name_pieces(names)
    vocab = tokens[token_column].astype(str).unique()
    drop = {t for t in vocab if t in pieces}
    return tokens[~tokens[token_column].isin(drop)].reset_index(drop=True) if drop else tokens
