r"""Code articles with a codebook of term lists and regular expressions, as KH Coder's coding rules do.

Produces a per-article code matrix (counts or 0/1) and a code × group table with percentages,
chi² tests and adjusted standardised residuals.

The codebook (default ``data/codebook.csv``) has the columns ``code, terms, regex, description``:
``terms`` are literal strings separated by ``|``, ``regex`` a Python regular expression; a row
may give either or both, and several rows with the same code are combined with OR. A code's
count in an article is the number of non-overlapping matches of all its terms and expressions
(longer terms are tried first, so 党纪政务处分 counts once, not also as 政务处分).

Cross-table statistics, for one code and groups :math:`j = 1..k` with :math:`n_j` articles of
which :math:`o_j` carry the code (:math:`O` is the 2 × k table coded / not coded × group,
:math:`E_{ij} = R_i C_j / N`):

* ``chi2`` :math:`= \sum_{ij} (O_{ij} - E_{ij})^2 / E_{ij}` with :math:`k - 1` degrees of freedom
  (no Yates correction), ``p_value`` its upper tail;
* ``residual`` (adjusted standardised residual of the coded cell, Haberman 1973)
  :math:`= (o_j - E_{1j}) / \sqrt{E_{1j} (1 - R_1/N)(1 - C_j/N)}`; beyond ±1.96 the group uses
  the code significantly more / less than the others (at 5 %, before multiple testing).
"""
from __future__ import annotations

import csv
import logging
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from ..core.config import PACKAGE_DATA_DIR
from ..core.documents import attach_metadata

log = logging.getLogger(__name__)

CODEBOOK_FILE: Path = PACKAGE_DATA_DIR / "codebook.csv"


def load_codebook(path: str | Path | pd.DataFrame | None = None) -> pd.DataFrame:
    """Read and compile a codebook.

    Returns
    -------
    DataFrame ``code, pattern, description`` with one row per code (in file order) and
    ``pattern`` the combined regular expression. Raises ``ValueError`` naming the line of an
    invalid expression or of a row with neither terms nor regex.
    """
    if isinstance(path, pd.DataFrame):
        rows = path.fillna("").astype(str).to_dict("records")
        where = "codebook table"
    else:
        where = str(path or CODEBOOK_FILE)
        with open(where, encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))
    codes: dict[str, dict] = {}
    for line, row in enumerate(rows, start=2):
        code = (row.get("code") or "").strip()
        if not code:
            continue
        terms = [t.strip() for t in (row.get("terms") or "").split("|") if t.strip()]
        regex = (row.get("regex") or "").strip()
        if not terms and not regex:
            raise ValueError(f"{where}: line {line}: code {code!r} has neither terms nor regex")
        if regex:
            try:
                re.compile(regex)
            except re.error as exc:
                raise ValueError(f"{where}: line {line}: bad regex for {code!r}: {exc}") from exc
        entry = codes.setdefault(code, dict(terms=[], regex=[], description=""))
        entry["terms"] += terms
        if regex:
            entry["regex"].append(regex)
        entry["description"] = entry["description"] or (row.get("description") or "").strip()
    out = []
    for code, e in codes.items():
        terms = sorted(set(e["terms"]), key=lambda t: (-len(t), t))
        parts = [re.escape(t) for t in terms] + [f"(?:{r})" for r in e["regex"]]
        out.append(dict(code=code, pattern="|".join(parts), description=e["description"]))
    return pd.DataFrame(out, columns=["code", "pattern", "description"])


def code_articles(articles: pd.DataFrame, *, codebook: str | Path | pd.DataFrame | None = None,
                  binary: bool = False, text_column: str = "text") -> pd.DataFrame:
    """The code matrix: one row per article, one column per code.

    Parameters
    ----------
    articles:
        An articles table (``doc_id``, ``article``, ``text``).
    codebook:
        A codebook path or table (default ``data/codebook.csv``); see the module docstring.
    binary:
        1/0 (the code occurs / not) instead of counts.

    Returns
    -------
    DataFrame ``doc_id, article, <code>…`` (int64), in the articles' order.
    """
    book = codebook if isinstance(codebook, pd.DataFrame) and "pattern" in codebook else load_codebook(codebook)
    pats = [(c, re.compile(p)) for c, p in zip(book["code"], book["pattern"])]
    texts = [t if isinstance(t, str) else "" for t in articles[text_column]]
    data = {c: np.array([sum(1 for m in p.finditer(t) if m.end() > m.start()) for t in texts], dtype=np.int64)
            for c, p in pats}
    out = pd.DataFrame({"doc_id": articles["doc_id"].astype(str).to_numpy(),
                        "article": articles["article"].to_numpy().astype("int64"), **data})
    if binary:
        out[list(data)] = (out[list(data)] > 0).astype("int64")
    out.attrs["codes"] = dict(zip(book["code"], book["description"]))
    return out


def code_crosstab(coded: pd.DataFrame, *, by: str, articles: pd.DataFrame | None = None,
                  codes: Sequence[str] | None = None) -> pd.DataFrame:
    """Code × group table: how many articles of each group carry each code, with chi² tests.

    Parameters
    ----------
    coded:
        Output of :func:`code_articles` (counts or 0/1; any count > 0 means coded).
    by:
        The grouping column, from ``coded`` or from ``articles`` (joined on ``doc_id``/``article``).
    codes:
        The code columns to use (default: every column except ``doc_id``, ``article`` and ``by``).

    Returns
    -------
    Long table ``code, <by>, n_articles, n_coded, percent, expected, residual, chi2, dof,
    p_value``: ``percent`` = n_coded / n_articles × 100; ``expected``, ``residual``, ``chi2`` and
    ``p_value`` as in the module docstring (``chi2``/``dof``/``p_value`` repeat on each row of
    a code; NaN when the code is in no or in every article).
    """
    if by not in coded.columns:
        if articles is None:
            raise KeyError(f"{by!r} is not a column of the code matrix; pass articles=")
        coded = attach_metadata(coded, articles, by)
    codes = list(codes) if codes is not None else [c for c in coded.columns if c not in ("doc_id", "article", by)]
    group = coded[by]
    levels = sorted(group.dropna().unique().tolist(), key=str)
    n_j = np.array([(group == g).sum() for g in levels], dtype=float)
    N = n_j.sum()
    rows = []
    for code in codes:
        hit = coded[code].to_numpy() > 0
        o = np.array([(hit & (group == g).to_numpy()).sum() for g in levels], dtype=float)
        r1 = o.sum()
        e = r1 * n_j / N
        table = np.vstack([o, n_j - o])
        if 0 < r1 < N and len(levels) > 1:
            chi2, p, dof, _ = stats.chi2_contingency(table, correction=False)
            with np.errstate(divide="ignore", invalid="ignore"):
                resid = (o - e) / np.sqrt(e * (1 - r1 / N) * (1 - n_j / N))
        else:
            chi2 = p = np.nan
            dof = len(levels) - 1
            resid = np.full(len(levels), np.nan)
        for j, g in enumerate(levels):
            rows.append({"code": code, by: g, "n_articles": int(n_j[j]), "n_coded": int(o[j]),
                         "percent": o[j] / n_j[j] * 100 if n_j[j] else np.nan, "expected": e[j],
                         "residual": resid[j], "chi2": chi2, "dof": int(dof), "p_value": p})
    return pd.DataFrame(rows, columns=["code", by, "n_articles", "n_coded", "percent", "expected", "residual",
                                       "chi2", "dof", "p_value"])
