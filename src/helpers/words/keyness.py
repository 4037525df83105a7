r"""Keyness: which words are over- or under-used in a target sub-corpus compared with a reference.

G² with p-values and multiple-testing correction, Pearson chi² (with or without Yates), log ratio
(effect size) and %DIFF, for e.g. one place against the others or city against county pages.

Formulas
--------
For a word with frequency :math:`a` in the target (:math:`N_t` tokens) and :math:`b` in the
reference (:math:`N_r` tokens), the 2 × 2 table is
:math:`O = \begin{pmatrix} a & b \\ N_t - a & N_r - b \end{pmatrix}`, :math:`N = N_t + N_r`,
expected counts :math:`E_{ij} = R_i C_j / N`.

* **G²** (log-likelihood, Dunning 1993) :math:`= 2 \sum_{ij} O_{ij} \ln (O_{ij} / E_{ij})` over
  all four cells, with :math:`0 \ln 0 = 0`; identical to
  ``scipy.stats.chi2_contingency(O, correction=False, lambda_="log-likelihood")``. (Rayson's
  online LL calculator sums only the two cells :math:`a, b`; its values are slightly different.)
  ``p_value`` is the upper :math:`\chi^2_1` tail.
* **chi²** (Pearson) :math:`= \sum_{ij} (O_{ij} - E_{ij})^2 / E_{ij}`; with ``yates=True`` each
  :math:`|O_{ij} - E_{ij}|` is first reduced by 0.5 (not below 0), as scipy does with
  ``correction=True``.
* **log ratio** (Hardie 2014) :math:`= \log_2 \frac{a / N_t}{b / N_r}`; a zero frequency is
  replaced by ``smoothing`` (0.5) so the ratio stays finite. Each unit is a doubling: 1 = twice
  as frequent in the target, −1 = half.
* **%DIFF** (Gabrielatos & Marchi 2012) :math:`= 100 \, \frac{a/N_t - b/N_r}{b/N_r}`
  (``inf`` when :math:`b = 0`).
* **Correction**: ``p_adjusted`` by Benjamini–Hochberg (false discovery rate, default) or
  Bonferroni (family-wise error), over all words tested.
"""
from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from .collocations import g2_2x2

log = logging.getLogger(__name__)

KEYNESS_COLUMNS = ["token", "freq_target", "freq_reference", "per_10k_target", "per_10k_reference", "g2",
                   "p_value", "p_adjusted", "chi2", "chi2_p_value", "log_ratio", "pct_diff", "direction"]


def adjust_pvalues(p: Sequence[float] | np.ndarray, *, method: str = "bh") -> np.ndarray:
    r"""Adjust p-values for multiple testing.

    ``"bh"`` (Benjamini–Hochberg 1995): sort the :math:`m` p-values, :math:`p_{(i)} m / i`, made
    monotone from the largest down and capped at 1. ``"bonferroni"``: :math:`\min(1, m p)`.
    ``"none"`` returns the input. NaN p-values are kept and not counted in :math:`m`.
    """
    p = np.asarray(p, dtype=float)
    out = np.full_like(p, np.nan)
    ok = ~np.isnan(p)
    q = p[ok]
    m = len(q)
    if method in ("none", None):
        return p.copy()
    if m == 0:
        return out
    if method == "bonferroni":
        out[ok] = np.minimum(1.0, q * m)
    elif method == "bh":
        order = np.argsort(q, kind="stable")
        ranked = q[order] * m / np.arange(1, m + 1)
        ranked = np.minimum.accumulate(ranked[::-1])[::-1]
        res = np.empty(m)
        res[order] = np.minimum(1.0, ranked)
        out[ok] = res
    else:
        raise ValueError("method must be 'bh', 'bonferroni' or 'none'")
    return out


def chi2_2x2(o11: np.ndarray, o12: np.ndarray, o21: np.ndarray, o22: np.ndarray, *,
             yates: bool = False) -> np.ndarray:
    """Pearson chi² of 2 × 2 tables given cell by cell (vectorised), optionally Yates-corrected."""
    o = [np.asarray(x, dtype=float) for x in (o11, o12, o21, o22)]
    n = o[0] + o[1] + o[2] + o[3]
    r1, r2, c1, c2 = o[0] + o[1], o[2] + o[3], o[0] + o[2], o[1] + o[3]
    e = [r1 * c1 / n, r1 * c2 / n, r2 * c1 / n, r2 * c2 / n]
    total = 0.0
    with np.errstate(divide="ignore", invalid="ignore"):
        for oi, ei in zip(o, e):
            dev = np.abs(oi - ei)
            if yates:
                dev = np.maximum(dev - 0.5, 0.0)
            total = total + dev ** 2 / ei
    return total


def keyness_from_counts(target: pd.Series, reference: pd.Series, *, n_target: int | None = None,
                        n_reference: int | None = None, correction: str = "bh", yates: bool = False,
                        smoothing: float = 0.5, min_freq: int = 1) -> pd.DataFrame:
    """Keyness of every word from two frequency Series (index = word).

    Parameters
    ----------
    target, reference:
        Word frequencies of the two sub-corpora.
    n_target, n_reference:
        Sub-corpus sizes in tokens (default: the sums of the Series).
    correction:
        ``"bh"``, ``"bonferroni"`` or ``"none"`` for ``p_adjusted`` (applied to the G² p-values).
    yates:
        Yates' continuity correction for ``chi2``.
    smoothing:
        Replaces zero frequencies in the log ratio.
    min_freq:
        Only test words whose combined frequency is at least this.

    Returns
    -------
    DataFrame with the columns of :data:`KEYNESS_COLUMNS` sorted by descending G²;
    ``direction`` is ``"target"`` when the word is relatively more frequent in the target,
    else ``"reference"``.
    """
    df = pd.concat([target.rename("a"), reference.rename("b")], axis=1).fillna(0)
    nt = float(n_target if n_target is not None else df["a"].sum())
    nr = float(n_reference if n_reference is not None else df["b"].sum())
    df = df[(df["a"] + df["b"]) >= min_freq]
    a, b = df["a"].to_numpy(float), df["b"].to_numpy(float)
    g2 = g2_2x2(a, b, nt - a, nr - b)
    chi2 = chi2_2x2(a, b, nt - a, nr - b, yates=yates)
    p = stats.chi2.sf(g2, 1)
    rel_t, rel_r = a / nt, b / nr
    with np.errstate(divide="ignore", invalid="ignore"):
        log_ratio = np.log2((np.where(a > 0, a, smoothing) / nt) / (np.where(b > 0, b, smoothing) / nr))
        pct = np.where(b > 0, (rel_t - rel_r) * 100 / np.where(b > 0, rel_r, 1), np.inf)
    out = pd.DataFrame({
        "token": df.index.to_numpy(), "freq_target": a.astype("int64"), "freq_reference": b.astype("int64"),
        "per_10k_target": rel_t * 10_000, "per_10k_reference": rel_r * 10_000, "g2": g2, "p_value": p,
        "p_adjusted": adjust_pvalues(p, method=correction), "chi2": chi2, "chi2_p_value": stats.chi2.sf(chi2, 1),
        "log_ratio": log_ratio, "pct_diff": pct, "direction": np.where(rel_t >= rel_r, "target", "reference")})
    out = out.sort_values(["g2", "token"], ascending=[False, True], kind="stable").reset_index(drop=True)
    out.attrs["keyness"] = dict(n_target=nt, n_reference=nr, correction=correction, yates=yates,
                                smoothing=smoothing, min_freq=min_freq)
    return out


def keyness(tokens: pd.DataFrame, *, by: str, target: Any | Sequence[Any], reference: Any | Sequence[Any] | None = None,
            articles: pd.DataFrame | None = None, correction: str = "bh", yates: bool = False,
            smoothing: float = 0.5, min_freq: int = 5, token_column: str = "token") -> pd.DataFrame:
    """Keyness of the tokens whose ``by`` value is in ``target`` against those in ``reference``.

    Parameters
    ----------
    tokens:
        A token table.
    by:
        The column that defines the sub-corpora (``doc_id``, ``place``, ``admin_level`` …); taken
        from ``articles`` (joined on ``doc_id``/``article``) when it is not in ``tokens``.
    target:
        One value or a list of values of ``by``.
    reference:
        Values of the reference sub-corpus; default: every other value (target vs rest).
    min_freq:
        Only test words whose combined frequency is at least this (5 is a common floor for G²).

    Returns
    -------
    See :func:`keyness_from_counts`. The definition of both sub-corpora is in ``df.attrs``.
    """
    if by not in tokens.columns:
        if articles is None:
            raise KeyError(f"column {by!r} is not in the token table; pass articles= to join it")
        from ..core.documents import attach_metadata

        tokens = attach_metadata(tokens, articles, by)
    tvals = list(target) if isinstance(target, (list, tuple, set)) else [target]
    is_t = tokens[by].isin(tvals)
    if reference is None:
        is_r = ~is_t & tokens[by].notna()
    else:
        rvals = list(reference) if isinstance(reference, (list, tuple, set)) else [reference]
        is_r = tokens[by].isin(rvals) & ~is_t
    if not is_t.any() or not is_r.any():
        raise ValueError(f"empty sub-corpus: {int(is_t.sum())} target and {int(is_r.sum())} reference tokens")
    tc = tokens.loc[is_t, token_column].value_counts()
    rc = tokens.loc[is_r, token_column].value_counts()
    out = keyness_from_counts(tc, rc, n_target=int(is_t.sum()), n_reference=int(is_r.sum()),
                              correction=correction, yates=yates, smoothing=smoothing, min_freq=min_freq)
    out.attrs["keyness"].update(by=by, target=[str(v) for v in tvals],
                                reference="rest" if reference is None else [str(v) for v in rvals])
    return out
