"""Window collocations: MI, T-score, logDice, G² against hand-computed numbers."""
from __future__ import annotations

import math

import pandas as pd
import pytest
from scipy import stats

from helpers.words.collocations import collocations, g2_2x2


def _tokens(*units: list[str], sentences: bool = False) -> pd.DataFrame:
    rows = []
    for k, toks in enumerate(units):
        for i, t in enumerate(toks):
            rows.append(dict(doc_id="d", article=1 if sentences else k + 1, sentence=k if sentences else 0,
                             position=i if not sentences else 100 * k + i, token=t))
    return pd.DataFrame(rows)


def test_hand_computed_example():
    # "a b c a b", window 1 on each side, N = 5.
    # node a at 0: slots = 0 left + 1 right; at 3: 1 + 1 -> R1 = 3.
    # O11(a, b) = 2 (both right), f_b = 2, E11 = 3 * 2 / 5 = 1.2
    # MI = log2(2 / 1.2) = 0.736966; T = (2 - 1.2) / sqrt(2) = 0.565685; logDice = 14 + log2(4 / 4) = 14
    # table: O = [[2, 1], [0, 2]], E = [[1.2, 1.8], [0.8, 1.2]]
    # G2 = 2 (2 ln(2/1.2) + 1 ln(1/1.8) + 0 + 2 ln(2/1.2)) = 2.911032
    df = collocations(_tokens(["a", "b", "c", "a", "b"]), "a", window=1, min_freq=1)
    r = df.set_index("collocate").loc["b"]
    assert (r["freq"], r["freq_left"], r["freq_right"], r["window_slots"], r["node_freq"], r["collocate_freq"]) == \
        (2, 0, 2, 3, 2, 2)
    assert r["expected"] == pytest.approx(1.2)
    assert r["mi"] == pytest.approx(0.7369656, abs=1e-6)
    assert r["t_score"] == pytest.approx(0.5656854, abs=1e-6)
    assert r["log_dice"] == pytest.approx(14.0)
    assert r["g2"] == pytest.approx(2.9110317, abs=1e-6)
    assert r["p_value"] == pytest.approx(stats.chi2.sf(2.9110317, 1), rel=1e-6)
    c = df.set_index("collocate").loc["c"]  # c left of the second a
    assert (c["freq"], c["freq_left"], c["freq_right"]) == (1, 1, 0)
    # O11 = 1, E11 = 3 * 1 / 5 = .6: MI = log2(1/.6) = .736966, logDice = 14 + log2(2 / 3)
    assert c["mi"] == pytest.approx(math.log2(1 / 0.6)) and c["log_dice"] == pytest.approx(14 + math.log2(2 / 3))


def test_g2_matches_scipy():
    for table in ([[2, 1], [0, 2]], [[10, 40], [25, 925]], [[3, 0], [7, 90]]):
        ref = stats.chi2_contingency(table, correction=False, lambda_="log-likelihood")[0]
        assert g2_2x2(table[0][0], table[0][1], table[1][0], table[1][1]) == pytest.approx(ref)


@pytest.mark.parametrize("boundary, expected", [("sentence", 0), ("article", 1)])
def test_windows_stop_at_boundaries(boundary, expected):
    toks = _tokens(["x", "a"], ["b", "y"], sentences=True)  # a | b across a sentence break
    df = collocations(toks, "a", window=2, min_freq=1, boundary=boundary)
    got = df.set_index("collocate")["freq"].get("b", 0)
    assert got == expected


@pytest.mark.parametrize("window, collocates", [
    ((2, 0), {"x": 1, "y": 1}),   # left only
    ((0, 1), {"b": 1}),           # right only
    (1, {"y": 1, "b": 1}),
])
def test_asymmetric_windows(window, collocates):
    df = collocations(_tokens(["x", "y", "a", "b", "z"]), "a", window=window, min_freq=1)
    assert dict(zip(df["collocate"], df["freq"])) == collocates


def test_min_freq_and_all_pairs():
    toks = _tokens(["a", "b", "a", "b", "c"])
    assert collocations(toks, "a", window=1, min_freq=4).empty
    allp = collocations(toks, None, window=1, min_freq=1)
    pairs = dict(zip(zip(allp["node"], allp["collocate"]), allp["freq"]))
    # windows of a (positions 0, 2) cover b at 1 and 3: the b at 1 is in both windows and counts once
    assert pairs[("a", "b")] == 2 and pairs[("b", "a")] == 2 and pairs[("c", "b")] == 1
    assert collocations(toks, "zzz").empty


def test_overlapping_windows_count_each_collocate_token_once():
    """Two nodes close together: a collocate between them is one co-occurrence, never more than it occurs,
    so every cell of the 2 x 2 table stays non-negative and G² and p are defined (issue 15)."""
    toks = _tokens(["问题", "整改", "问题", "整改", "问题", "其他", "词", "其他", "词", "词"])
    col = collocations(toks, "问题", window=3, min_freq=1)
    assert (col["freq"] <= col["collocate_freq"]).all()
    assert (col["window_slots"] <= col["n_tokens"]).all()
    assert col["g2"].notna().all() and col["p_value"].notna().all()
    row = col.set_index("collocate").loc["整改"]
    assert row["freq"] == 2  # two 整改 tokens, each inside the windows of two or three nodes
