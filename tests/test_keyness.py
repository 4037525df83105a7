"""Keyness: G² and chi² against scipy, log ratio, %DIFF and p-value corrections by hand."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from helpers.words.keyness import adjust_pvalues, chi2_2x2, keyness, keyness_from_counts


@pytest.mark.parametrize("a, b, nt, nr", [
    (10, 2, 1000, 1000), (0, 15, 500, 2000), (40, 40, 10_000, 12_000), (3, 0, 50, 80), (120, 300, 5000, 20_000),
])
def test_g2_and_chi2_match_scipy(a, b, nt, nr):
    out = keyness_from_counts(pd.Series({"w": a}), pd.Series({"w": b}), n_target=nt, n_reference=nr).iloc[0]
    table = np.array([[a, b], [nt - a, nr - b]])
    g2 = stats.chi2_contingency(table, correction=False, lambda_="log-likelihood")
    chi = stats.chi2_contingency(table, correction=False)
    assert out["g2"] == pytest.approx(g2[0], rel=1e-9)
    assert out["p_value"] == pytest.approx(g2[1], rel=1e-9)
    assert out["chi2"] == pytest.approx(chi[0], rel=1e-9)
    yates = keyness_from_counts(pd.Series({"w": a}), pd.Series({"w": b}), n_target=nt, n_reference=nr,
                                yates=True).iloc[0]
    assert yates["chi2"] == pytest.approx(stats.chi2_contingency(table, correction=True)[0], rel=1e-9)


def test_hand_computed_row():
    # a = 10 of 1000, b = 2 of 1000: E = 6 and 6 for the word row, 994 and 994 for the rest
    # G2 = 2 (10 ln(10/6) + 2 ln(2/6) + 990 ln(990/994) + 998 ln(998/994))
    #    = 2 (5.10826 - 2.19722 - 3.99198 + 4.00806) = 5.85426
    # chi2 = 16/6 + 16/6 + 16/994 + 16/994 = 5.36553
    # log ratio = log2((10/1000) / (2/1000)) = log2 5 = 2.321928; %DIFF = (0.01 - 0.002) / 0.002 * 100 = 400
    r = keyness_from_counts(pd.Series({"w": 10}), pd.Series({"w": 2}), n_target=1000, n_reference=1000).iloc[0]
    g2 = 2 * (10 * math.log(10 / 6) + 2 * math.log(2 / 6) + 990 * math.log(990 / 994) + 998 * math.log(998 / 994))
    assert r["g2"] == pytest.approx(g2) and r["g2"] == pytest.approx(5.85426, abs=1e-5)
    assert r["chi2"] == pytest.approx(16 / 6 * 2 + 16 / 994 * 2)
    assert r["log_ratio"] == pytest.approx(math.log2(5))
    assert r["pct_diff"] == pytest.approx(400.0)
    assert r["direction"] == "target"
    assert r["per_10k_target"] == pytest.approx(100.0) and r["per_10k_reference"] == pytest.approx(20.0)


@pytest.mark.parametrize("a, b, log_ratio, pct", [
    (0, 4, math.log2((0.5 / 100) / (4 / 100)), -100.0),   # zero target -> 0.5
    (4, 0, math.log2((4 / 100) / (0.5 / 100)), math.inf),  # zero reference -> 0.5; %DIFF infinite
])
def test_smoothing(a, b, log_ratio, pct):
    r = keyness_from_counts(pd.Series({"w": a}), pd.Series({"w": b}), n_target=100, n_reference=100).iloc[0]
    assert r["log_ratio"] == pytest.approx(log_ratio) and r["pct_diff"] == pytest.approx(pct)


@pytest.mark.parametrize("method, expected", [
    # p sorted: .01, .02, .03, .04 (m = 4); BH: .04, .04, .04, .04 (monotone from the top: .04*4/4 = .04,
    # .03*4/3 = .04, .02*4/2 = .04, .01*4/1 = .04); Bonferroni: .04, .08, .12, .16
    ("bh", [0.04, 0.04, 0.04, 0.04]),
    ("bonferroni", [0.04, 0.08, 0.12, 0.16]),
    ("none", [0.01, 0.02, 0.03, 0.04]),
])
def test_adjust_pvalues(method, expected):
    assert adjust_pvalues([0.01, 0.02, 0.03, 0.04], method=method) == pytest.approx(expected)


def test_bh_hand_example():
    # p = .001, .008, .039, .041, .042, .06, .074, .205 (m = 8)
    # p*m/i = .008, .032, .104, .082, .0672, .08, .084571, .205 -> cumulative min from the top:
    #         .008, .032, .0672, .0672, .0672, .08, .084571, .205
    p = [0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205]
    assert adjust_pvalues(p) == pytest.approx([0.008, 0.032, 0.0672, 0.0672, 0.0672, 0.08, 0.0845714, 0.205], abs=1e-6)
    assert np.isnan(adjust_pvalues([np.nan, 0.01])[0])


def test_chi2_vectorised():
    got = chi2_2x2(np.array([10, 0]), np.array([2, 15]), np.array([990, 500]), np.array([998, 1985]))
    assert got[1] == pytest.approx(stats.chi2_contingency([[0, 15], [500, 1985]], correction=False)[0])


def test_keyness_on_tokens():
    tokens = pd.DataFrame(dict(doc_id=["a"] * 6 + ["b"] * 6, article=1,
                               token=list("xxxxyz") + list("xyzzzz")))
    arts = pd.DataFrame(dict(doc_id=["a", "b"], article=1, place=["P", "Q"]))
    df = keyness(tokens, by="place", target="P", articles=arts, min_freq=1)
    assert df.attrs["keyness"]["target"] == ["P"] and df.attrs["keyness"]["reference"] == "rest"
    top = df.iloc[0]
    assert top["token"] in {"x", "z"} and set(df["token"]) == {"x", "y", "z"}
    x = df.set_index("token").loc["x"]
    assert (x["freq_target"], x["freq_reference"], x["direction"]) == (4, 1, "target")
    assert keyness(tokens, by="doc_id", target="b", min_freq=1).set_index("token").loc["z", "direction"] == "target"
    with pytest.raises(ValueError):
        keyness(tokens, by="doc_id", target="nope")
