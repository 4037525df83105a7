r"""Window-based collocations of a node word (or of all words): MI, T-score, logDice and G².

Counts how often each collocate occurs within a span of tokens around the node (never across a
sentence or article boundary) and compares it with chance in a 2 × 2 contingency table.

Formulas (Evert 2008, "Corpora and collocations"; Rychlý 2008 for logDice)
---------------------------------------------------------------------------
For a node *n* and a collocate *c* in a corpus of :math:`N` tokens:

* :math:`O_{11}` — tokens of *c* within the window of an occurrence of *n* (``freq``); a token inside the
  windows of two nearby occurrences of *n* is counted once, so :math:`O_{11} \le f_c` always;
* :math:`R_1` — window slots: the number of distinct tokens inside the windows of *n*, cut at
  boundaries (``window_slots``; ≈ :math:`(L+R) f_n` when the occurrences are far apart);
* :math:`C_1 = f_c` — frequency of the collocate; :math:`f_n` — frequency of the node;
* :math:`E_{11} = R_1 C_1 / N` (``expected``); the table is completed by
  :math:`O_{12} = R_1 - O_{11}`, :math:`O_{21} = C_1 - O_{11}`,
  :math:`O_{22} = N - R_1 - C_1 + O_{11}`, and :math:`E_{ij} = R_i C_j / N`.

.. math::

    MI = \log_2 \frac{O_{11}}{E_{11}} \qquad
    T = \frac{O_{11} - E_{11}}{\sqrt{O_{11}}} \qquad
    \mathrm{logDice} = 14 + \log_2 \frac{2 O_{11}}{f_n + f_c} \qquad
    G^2 = 2 \sum_{ij} O_{ij} \ln \frac{O_{ij}}{E_{ij}}

with :math:`0 \ln 0 = 0`; ``p_value`` is the upper tail of :math:`\chi^2_1` at :math:`G^2`.
MI favours rare pairs (use ``min_freq``), T favours frequent ones, logDice (max 14) does not
depend on corpus size. Counting each token once per node keeps every cell of the table
non-negative, so G² and its p-value are always defined. ``freq_left`` and ``freq_right`` count a token
that is left of one occurrence and right of another on both sides (they may add up to more than ``freq``).
"""
from __future__ import annotations

import logging
import re

import numpy as np
import pandas as pd
from scipy import stats

from ..core.arrays import sorted_unique, sorted_unique_counts

log = logging.getLogger(__name__)

COLLOCATION_COLUMNS = ["node", "collocate", "freq", "freq_left", "freq_right", "node_freq", "collocate_freq",
                       "window_slots", "n_tokens", "expected", "mi", "t_score", "log_dice", "g2", "p_value"]


def _xlogx_ratio(o: np.ndarray, e: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(o > 0, o * np.log(np.where(o > 0, o, 1) / e), 0.0)


def g2_2x2(o11: np.ndarray, o12: np.ndarray, o21: np.ndarray, o22: np.ndarray) -> np.ndarray:
    """Log-likelihood G² of 2 × 2 tables given cell by cell (vectorised; NaN for negative cells)."""
    o = [np.asarray(x, dtype=float) for x in (o11, o12, o21, o22)]
    n = o[0] + o[1] + o[2] + o[3]
    r1, r2, c1, c2 = o[0] + o[1], o[2] + o[3], o[0] + o[2], o[1] + o[3]
    e = [r1 * c1 / n, r1 * c2 / n, r2 * c1 / n, r2 * c2 / n]
    g = 2 * sum(_xlogx_ratio(oi, ei) for oi, ei in zip(o, e))
    bad = np.any(np.stack(o) < 0, axis=0)
    return np.where(bad, np.nan, g)


def collocations(tokens: pd.DataFrame, node: str | None = None, *, window: int | tuple[int, int] = 5,
                 min_freq: int = 3, min_collocate_freq: int = 1, boundary: str = "sentence",
                 regex: bool = False, token_column: str = "token") -> pd.DataFrame:
    """Collocates of ``node`` (or every pair of words when ``node`` is None) in a token window.

    Parameters
    ----------
    tokens:
        A token table with ``doc_id``, ``article``, ``position`` (and ``sentence`` for
        ``boundary="sentence"``), e.g. from :func:`helpers.words.tokens.tokenize_articles`.
        Windows count the rows of the table, so tokens removed by the tokenizer (stopwords,
        punctuation) do not take window slots.
    node:
        The node word; with ``regex=True`` a regular expression every node token must fully
        match (all matching tokens are analysed separately).
    window:
        Tokens on each side, or ``(left, right)``.
    min_freq:
        Minimum co-occurrence frequency :math:`O_{11}`.
    min_collocate_freq:
        Minimum corpus frequency of the collocate.
    boundary:
        ``"sentence"`` or ``"article"``: windows stop there.

    Returns
    -------
    DataFrame with the columns of :data:`COLLOCATION_COLUMNS`, sorted by descending ``g2``.
    ``freq_left``/``freq_right`` split ``freq`` by side. See the module docstring for formulas.
    """
    left, right = (window, window) if isinstance(window, int) else window
    if left < 0 or right < 0 or left + right == 0:
        raise ValueError("window must be positive")
    if boundary not in ("sentence", "article"):
        raise ValueError("boundary must be 'sentence' or 'article'")
    unit_cols = ["doc_id", "article"] + (["sentence"] if boundary == "sentence" else [])
    t = tokens.sort_values(["doc_id", "article", "position"], kind="stable")
    codes, vocab = pd.factorize(t[token_column], sort=False)
    vocab = np.asarray(vocab, dtype=object)
    unit = t.groupby(unit_cols, sort=False, observed=True).ngroup().to_numpy()
    n_tok = len(codes)
    freq = np.bincount(codes, minlength=len(vocab))

    if node is None:
        is_node = np.ones(len(vocab), dtype=bool)
    elif regex:
        pat = re.compile(node)
        is_node = np.array([bool(pat.fullmatch(str(w))) for w in vocab], dtype=bool)
    else:
        is_node = vocab == node
    empty = pd.DataFrame(columns=COLLOCATION_COLUMNS)
    if not is_node.any():
        log.warning("node %r does not occur in the token table", node)
        return empty

    # every (node type, token position) pair inside a window of that node, each position once per node type:
    # where the windows of two nearby occurrences overlap, a token in both is one co-occurrence, not two, so
    # O11 never exceeds the collocate's frequency and the window slots never exceed the corpus
    idx = np.arange(n_tok, dtype=np.int64)
    pos_n, pos_c, side = [], [], []
    for d in range(1, max(left, right) + 1):
        same = unit[:-d] == unit[d:]
        i, j = idx[:-d][same], idx[d:][same]
        if d <= right:  # j is d to the right of a node at i
            m = is_node[codes[i]]
            pos_n.append(codes[i[m]].astype(np.int64))
            pos_c.append(j[m])
            side.append(np.ones(m.sum(), bool))
        if d <= left:  # i is d to the left of a node at j
            m = is_node[codes[j]]
            pos_n.append(codes[j[m]].astype(np.int64))
            pos_c.append(i[m])
            side.append(np.zeros(m.sum(), bool))
    node_code = np.concatenate(pos_n) if pos_n else np.zeros(0, dtype=np.int64)
    coll_pos = np.concatenate(pos_c) if pos_c else np.zeros(0, dtype=np.int64)
    is_right = np.concatenate(side) if side else np.zeros(0, dtype=bool)
    N64 = np.int64(max(n_tok, 1))
    V = np.int64(len(vocab))

    def pair_counts(keys: np.ndarray) -> pd.Series:
        """Unique (node type, position) keys → counts per (node type, collocate type) key."""
        u = sorted_unique(keys)
        nk, pk = u // N64, u % N64
        cu, cc = sorted_unique_counts(nk * V + codes[pk])
        return pd.Series(cc, index=cu)

    keys = node_code * N64 + coll_pos
    uniq = sorted_unique(keys)
    slots = np.bincount((uniq // N64).astype(np.int64), minlength=len(vocab)).astype(float)
    both = pd.concat([pair_counts(keys[~is_right]).rename("freq_left"), pair_counts(keys[is_right]).rename("freq_right"),
                      pair_counts(keys).rename("freq")], axis=1).fillna(0).astype("int64")
    both = both[both["freq"] >= min_freq]
    key = both.index.to_numpy(dtype=np.int64)
    n_code, c_code = key // V, key % V
    both = both[freq[c_code] >= min_collocate_freq]
    key = both.index.to_numpy(dtype=np.int64)
    n_code, c_code = key // V, key % V

    o11 = both["freq"].to_numpy(dtype=float)
    r1 = slots[n_code]
    c1 = freq[c_code].astype(float)
    N = float(n_tok)
    e11 = r1 * c1 / N
    with np.errstate(divide="ignore", invalid="ignore"):
        mi = np.log2(o11 / e11)
        t_score = (o11 - e11) / np.sqrt(o11)
        log_dice = 14 + np.log2(2 * o11 / (freq[n_code] + c1))
    g2 = g2_2x2(o11, r1 - o11, c1 - o11, N - r1 - c1 + o11)
    out = pd.DataFrame({
        "node": vocab[n_code], "collocate": vocab[c_code], "freq": both["freq"].to_numpy(),
        "freq_left": both["freq_left"].to_numpy(), "freq_right": both["freq_right"].to_numpy(),
        "node_freq": freq[n_code].astype("int64"), "collocate_freq": freq[c_code].astype("int64"),
        "window_slots": r1.astype("int64"), "n_tokens": n_tok, "expected": e11, "mi": mi, "t_score": t_score,
        "log_dice": log_dice, "g2": g2, "p_value": stats.chi2.sf(g2, 1)})
    out = out.sort_values(["g2", "freq", "node", "collocate"], ascending=[False, False, True, True],
                          kind="stable", na_position="last").reset_index(drop=True)
    out.attrs["collocations"] = dict(node=node, window=[left, right], min_freq=min_freq, boundary=boundary)
    return out
