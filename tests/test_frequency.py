"""Frequencies per 10k tokens and dispersion (range, Juilland's D, Gries' DP) against hand-computed numbers."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from helpers.words.frequency import attach_metadata, dispersion, frequency_table


def _tokens(parts: dict[str, list[str]]) -> pd.DataFrame:
    rows = [dict(doc_id=d, article=1, position=i, token=t) for d, toks in parts.items() for i, t in enumerate(toks)]
    return pd.DataFrame(rows)


# three parts of 2, 3 and 5 tokens (S = 10)
PARTS = {"A": ["a", "b"], "B": ["b", "c", "c"], "C": ["a", "c", "d", "d", "e"]}


@pytest.mark.parametrize("token, count, rng, d, dp, dp_norm", [
    # a: v = (1, 0, 1), e = (.2, .3, .5), o = (.5, 0, .5): DP = (.3 + .3 + 0) / 2 = .3, DP_norm = .3 / .8
    #    p = (1/2, 0, 1/5), mean = .23333, sd = .20548, V = .88063, D = 1 - V / sqrt(2) = .37730
    ("a", 2, 2, 0.3773001509, 0.3, 0.375),
    # c: v = (0, 2, 1), o = (0, 2/3, 1/3): DP = (.2 + .36667 + .16667) / 2 = .36667
    #    p = (0, 2/3, 1/5), mean = .28889, sd = .27933, V = .96691, D = .31629
    ("c", 3, 2, 0.3162927371, 0.3666666667, 0.3666666667 / 0.8),
    # e: only in C (v = 0, 0, 1): DP = (.2 + .3 + .5) / 2 = .5; p = (0, 0, .2): V = sqrt(2), D = 0
    ("e", 1, 1, 0.0, 0.5, 0.625),
])
def test_dispersion_hand_computed(token, count, rng, d, dp, dp_norm):
    df = dispersion(_tokens(PARTS)).set_index("token")
    r = df.loc[token]
    assert r["count"] == count and r["range"] == rng and r["n_parts"] == 3
    assert r["range_pct"] == pytest.approx(rng / 3 * 100)
    assert r["juilland_d"] == pytest.approx(d, abs=1e-9)
    assert r["gries_dp"] == pytest.approx(dp, abs=1e-9)
    assert r["dp_norm"] == pytest.approx(dp_norm, abs=1e-9)


@pytest.mark.parametrize("parts, d, dp", [
    ({"A": ["x", "y"], "B": ["x", "y"]}, 1.0, 0.0),   # perfectly even
    ({"A": ["x", "x"], "B": ["y", "y"]}, 0.0, 0.5),   # all in one of two equal parts
])
def test_dispersion_extremes(parts, d, dp):
    r = dispersion(_tokens(parts)).set_index("token").loc["x"]
    assert r["juilland_d"] == pytest.approx(d) and r["gries_dp"] == pytest.approx(dp)


def test_dispersion_one_part_is_nan():
    r = dispersion(_tokens({"A": ["x", "y"]})).iloc[0]
    assert math.isnan(r["juilland_d"]) and math.isnan(r["dp_norm"])


def test_dispersion_by_group():
    tok = _tokens(PARTS).assign(place=lambda d: d["doc_id"].map({"A": "p", "B": "p", "C": "q"}))
    df = dispersion(tok, by="place")
    r = df[(df["place"] == "p") & (df["token"] == "b")].iloc[0]
    # within p: parts A (2 tokens) and B (3), b = (1, 1): e = (.4, .6), o = (.5, .5) -> DP = .1
    assert r["gries_dp"] == pytest.approx(0.1) and r["n_parts"] == 2


@pytest.mark.parametrize("by, group, token, count, n, per_10k", [
    (None, None, "c", 3, 10, 3000.0),
    (None, None, "e", 1, 10, 1000.0),
    ("place", "p", "b", 2, 5, 4000.0),
    ("place", "q", "d", 2, 5, 4000.0),
])
def test_frequency_table(by, group, token, count, n, per_10k):
    tok = _tokens(PARTS)
    arts = pd.DataFrame(dict(doc_id=["A", "B", "C"], article=1, place=["p", "p", "q"]))
    df = frequency_table(tok, by=by, articles=arts)
    if by:
        df = df[df[by] == group]
    r = df.set_index("token").loc[token]
    assert (r["count"], r["n_tokens"]) == (count, n)
    assert r["per_10k"] == pytest.approx(per_10k)


def test_frequency_rank_and_order():
    df = frequency_table(_tokens(PARTS))
    assert df["token"].tolist() == ["c", "a", "b", "d", "e"]
    assert df["rank"].tolist() == [1, 2, 2, 2, 5]
    assert frequency_table(_tokens(PARTS), min_count=2)["token"].tolist() == ["c", "a", "b", "d"]


def test_attach_metadata():
    tok = _tokens(PARTS)
    arts = pd.DataFrame(dict(doc_id=["A", "B", "C"], article=1, year=[2020, 2021, 2021]))
    out = attach_metadata(tok, arts, "year")
    assert out["year"].tolist() == [2020, 2020, 2021, 2021, 2021] + [2021] * 5


def test_numbers_and_measure_words_are_not_counted_as_words_by_default():
    """12, 件, 十, 三个 are figures, not words (issue 15); content_only=False counts them."""
    from helpers.words.frequency import is_number_or_measure

    toks = pd.DataFrame({"doc_id": "d", "article": 1, "token": ["问题", "12", "件", "十", "三个", "整改", "问题"]})
    assert frequency_table(toks)["token"].tolist() == ["问题", "整改"]
    assert set(frequency_table(toks, content_only=False)["token"]) == set(toks["token"])
    assert [is_number_or_measure(t) for t in ("4,858", "98%", "十三", "13.8万", "人次", "两个维护", "一体")] == \
        [True, True, True, True, True, False, False]
