"""Word frequencies by group, normalised per 10,000 tokens, and how evenly words spread over texts.

Dispersion measures: range, Juilland's D and Gries' DP (with the normalised DP_norm), computed
over corpus parts such as documents or articles.
"""
from __future__ import annotations

import csv
import logging
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from ..core.config import PACKAGE_DATA_DIR
from ..core.documents import attach_metadata

log = logging.getLogger(__name__)

Columns = str | Sequence[str] | None

UNITS_FILE = PACKAGE_DATA_DIR / "units.csv"
_NUMERALS = "零〇一二两三四五六七八九十百千万亿"


@lru_cache(maxsize=4)
def _number_pattern(units_file: str) -> re.Pattern:
    with open(units_file, encoding="utf-8-sig", newline="") as fh:
        units = sorted({row["unit"] for row in csv.DictReader(fh) if row.get("unit")}, key=len, reverse=True)
    alt = "|".join(re.escape(u) for u in units)
    return re.compile(rf"[\d.,%％·]+|[{_NUMERALS}\d.]*[{_NUMERALS}\d][{_NUMERALS}\d.]*(?:余|多)?(?:{alt})?|(?:{alt})")


def is_number_or_measure(token: str, *, units_file: str | Path = UNITS_FILE) -> bool:
    """True for numbers (12, 4,858, 98%, 十三, 三千), a number with its measure word (12件, 三个) and a lone
    measure word from ``units.csv`` (件, 个, 人次): counts, not words of the discourse."""
    return bool(_number_pattern(str(units_file)).fullmatch(str(token)))


def content_words(tokens: pd.DataFrame, *, token_column: str = "token") -> pd.DataFrame:
    """``tokens`` without numbers and measure words (see :func:`is_number_or_measure`)."""
    vocab = tokens[token_column].astype(str).unique()
    drop = {t for t in vocab if is_number_or_measure(t)}
    return tokens[~tokens[token_column].isin(drop)] if drop else tokens


def _cols(by: Columns) -> list[str]:
    if by is None:
        return []
    return [by] if isinstance(by, str) else list(by)


def frequency_table(tokens: pd.DataFrame, *, by: Columns = None, articles: pd.DataFrame | None = None,
                    min_count: int = 1, per: int = 10_000, token_column: str = "token",
                    content_only: bool = True) -> pd.DataFrame:
    """Count tokens, overall or by group.

    Parameters
    ----------
    tokens:
        A token table (``doc_id, article, token`` …, e.g. from :func:`helpers.words.tokens.tokenize_articles`).
    by:
        Grouping column(s): any column of ``tokens``, or of ``articles`` when given (joined on
        ``doc_id``/``article``).
    min_count:
        Drop rows whose count is below this.
    per:
        Normalisation base: ``per_10k = count / n_tokens * per``.
    content_only:
        Leave out numbers and measure words (12, 件, 十, 三个; :func:`is_number_or_measure`), by default:
        they are the figures of notebook 05, not words. Group sizes (``n_tokens``) still count every token.

    Returns
    -------
    DataFrame ``[by…], token, count, n_tokens, per_10k, rank`` sorted by group, then descending
    count (ties by token); ``n_tokens`` is the size of the group and ``rank`` is 1 for the most
    frequent token of each group (ties share the lowest rank, ``method="min"``).
    """
    keys = _cols(by)
    if articles is not None and keys:
        tokens = attach_metadata(tokens, articles, keys)
    grp = keys + [token_column]
    counts = tokens.groupby(grp, sort=False, dropna=False, observed=True).size().rename("count").reset_index()
    if keys:
        sizes = tokens.groupby(keys, dropna=False, observed=True).size().rename("n_tokens").reset_index()
        counts = counts.merge(sizes, on=keys, how="left")
    else:
        counts["n_tokens"] = len(tokens)
    counts["per_10k"] = counts["count"] / counts["n_tokens"] * per
    counts = counts[counts["count"] >= min_count]
    if content_only:
        counts = content_words(counts, token_column=token_column)
    counts = counts.sort_values(keys + ["count", token_column], ascending=[True] * len(keys) + [False, True],
                                kind="stable")
    if keys:
        counts["rank"] = counts.groupby(keys, dropna=False)["count"].rank(method="min", ascending=False)
    else:
        counts["rank"] = counts["count"].rank(method="min", ascending=False)
    counts["rank"] = counts["rank"].astype("int64")
    counts = counts.rename(columns={token_column: "token"}) if token_column != "token" else counts
    return counts.reset_index(drop=True)


def dispersion(tokens: pd.DataFrame, *, parts: Columns = ("doc_id",), by: Columns = None,
               articles: pd.DataFrame | None = None, min_count: int = 1,
               token_column: str = "token") -> pd.DataFrame:
    r"""Range, Juilland's D and Gries' DP of every token over corpus parts.

    Let the corpus (or group) be divided into :math:`n` parts (documents by default) with
    sizes :math:`s_i` tokens, :math:`S = \sum s_i`, and let a token occur :math:`v_i` times in
    part :math:`i`, :math:`f = \sum v_i` times in all.

    * **range** — the number of parts with :math:`v_i > 0`; ``range_pct`` = range / n × 100.
    * **Juilland's D** (Juilland & Chang-Rodríguez 1964, for parts of unequal size as in
      Gries 2008): with the relative frequencies :math:`p_i = v_i / s_i`, their mean
      :math:`\bar p` and population standard deviation :math:`\sigma_p`, the variation
      coefficient :math:`V = \sigma_p / \bar p` and

      .. math:: D = 1 - \frac{V}{\sqrt{n - 1}}

      1 = perfectly even, 0 = all in one part (NaN when n = 1).
    * **Gries' DP** (Gries 2008): the expected share of part :math:`i` is :math:`e_i = s_i / S`,
      the observed share :math:`o_i = v_i / f`, and

      .. math:: DP = \tfrac12 \sum_i |o_i - e_i|

      0 = distributed like the parts' sizes, towards 1 = concentrated in a small part.
      ``dp_norm`` = DP / (1 − min e_i) (Lijffijt & Gries 2012) reaches 1 exactly.

    Parameters
    ----------
    parts:
        Column(s) defining the parts (``"doc_id"``; ``["doc_id", "article"]`` for articles).
    by:
        Compute within each group of these column(s) separately (parts of each group only).
    articles:
        Table to take ``by`` columns from when they are not in ``tokens``.
    min_count:
        Drop tokens whose frequency (in the group) is below this.

    Returns
    -------
    DataFrame ``[by…], token, count, n_parts, range, range_pct, juilland_d, gries_dp, dp_norm``
    sorted by group and descending count.
    """
    keys, part_cols = _cols(by), _cols(parts)
    if articles is not None and keys:
        tokens = attach_metadata(tokens, articles, keys)
    out = []
    groups = tokens.groupby(keys, dropna=False, observed=True, sort=True) if keys else [((), tokens)]
    for key, sub in groups:
        key = key if isinstance(key, tuple) else (key,)
        part_id = sub.groupby(part_cols, dropna=False, observed=True, sort=True).ngroup().to_numpy()
        n = int(part_id.max()) + 1 if len(part_id) else 0
        sizes = np.bincount(part_id, minlength=n).astype(float)
        codes, uniques = pd.factorize(sub[token_column], sort=False)
        mat = np.zeros((len(uniques), n))
        np.add.at(mat, (codes, part_id), 1)
        f = mat.sum(axis=1)
        keep = f >= min_count
        mat, f, uniques = mat[keep], f[keep], np.asarray(uniques)[keep]
        e = sizes / sizes.sum()
        dp = 0.5 * np.abs(mat / f[:, None] - e[None, :]).sum(axis=1)
        rel = mat / sizes[None, :]
        mean = rel.mean(axis=1)
        sd = rel.std(axis=1, ddof=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            d = 1 - (sd / mean) / np.sqrt(n - 1) if n > 1 else np.full(len(f), np.nan)
            dp_norm = dp / (1 - e.min()) if n > 1 else np.full(len(f), np.nan)
        rng = (mat > 0).sum(axis=1)
        df = pd.DataFrame({"token": uniques, "count": f.astype("int64"), "n_parts": n, "range": rng,
                           "range_pct": rng / n * 100, "juilland_d": d, "gries_dp": dp, "dp_norm": dp_norm})
        for k, v in zip(keys, key):
            df.insert(keys.index(k), k, v)
        out.append(df)
    cols = [*keys, "token", "count", "n_parts", "range", "range_pct", "juilland_d", "gries_dp", "dp_norm"]
    res = pd.concat(out, ignore_index=True) if out else pd.DataFrame(columns=cols)
    res = res.sort_values(keys + ["count", "token"], ascending=[True] * len(keys) + [False, True], kind="stable")
    return res.reset_index(drop=True)
