"""Codebook coding: term/regex codes per article, 0/1 and counts, code × group table with chi² and residuals."""
from __future__ import annotations

import math

import pandas as pd
import pytest
from scipy import stats

from helpers.words.coding import code_articles, code_crosstab, load_codebook

BOOK = pd.DataFrame(dict(
    code=["sanction", "sanction", "rectify", "numbers"],
    terms=["党纪政务处分|政务处分", "组织处理", "整改", ""],
    regex=["", "", "", r"[0-9]+个"],
    description=["sanctions", "", "rectification", "counts"]))

ARTS = pd.DataFrame(dict(
    doc_id=["a", "a", "b", "c", "d"], article=[1, 2, 1, 1, 1], level=["city", "city", "city", "county", "county"],
    text=["给予党纪政务处分3人，组织处理2人，整改12个问题", "整改整改", "立行立改", "没有", "政务处分"]))


def test_load_codebook_combines_rows():
    book = load_codebook(BOOK)
    assert book["code"].tolist() == ["sanction", "rectify", "numbers"]
    assert book.loc[0, "description"] == "sanctions"


@pytest.mark.parametrize("binary, expected", [
    # longest term first: 党纪政务处分 counts once, not also as 政务处分
    (False, {"sanction": [2, 0, 0, 0, 1], "rectify": [1, 2, 0, 0, 0], "numbers": [1, 0, 0, 0, 0]}),
    (True, {"sanction": [1, 0, 0, 0, 1], "rectify": [1, 1, 0, 0, 0], "numbers": [1, 0, 0, 0, 0]}),
])
def test_code_matrix(binary, expected):
    m = code_articles(ARTS, codebook=BOOK, binary=binary)
    assert list(m.columns) == ["doc_id", "article", "sanction", "rectify", "numbers"]
    assert {k: m[k].tolist() for k in expected} == expected


def test_crosstab_hand_computed():
    # rectify: city 2 of 3 articles, county 0 of 2. O = [[2, 0], [1, 2]], N = 5
    # E coded = (1.2, .8); chi2 = .8²/1.2 + .8²/.8 + .8²/1.8 + .8²/1.2 = 2.222222
    # residual city = .8 / sqrt(1.2 * (1 - 2/5) * (1 - 3/5)) = 1.490712, county = -1.490712
    m = code_articles(ARTS, codebook=BOOK)
    tab = code_crosstab(m, by="level", articles=ARTS)
    r = tab[tab["code"] == "rectify"].set_index("level")
    assert r.loc["city", "n_coded"] == 2 and r.loc["city", "n_articles"] == 3
    assert r.loc["city", "percent"] == pytest.approx(200 / 3)
    assert r.loc["city", "expected"] == pytest.approx(1.2)
    assert r.loc["city", "chi2"] == pytest.approx(2.222222, abs=1e-6)
    assert r.loc["city", "p_value"] == pytest.approx(stats.chi2.sf(20 / 9, 1))
    assert r.loc["city", "residual"] == pytest.approx(1.490712, abs=1e-6)
    assert r.loc["county", "residual"] == pytest.approx(-1.490712, abs=1e-6)
    assert r.loc["city", "dof"] == 1
    # numbers is in 1 of 5 articles; sanction in 2: both testable; a code in no article gives NaN
    none = code_crosstab(m.assign(empty=0), by="level", articles=ARTS, codes=["empty"])
    assert math.isnan(none["chi2"].iloc[0])


def test_shipped_codebook_and_errors(tmp_path):
    book = load_codebook()
    assert len(book) >= 10 and book["pattern"].str.len().min() > 0
    bad = tmp_path / "b.csv"
    bad.write_text("code,terms,regex,description\nx,,[unclosed,oops\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 2"):
        load_codebook(bad)
    empty = tmp_path / "e.csv"
    empty.write_text("code,terms,regex,description\nx,,,nothing\n", encoding="utf-8")
    with pytest.raises(ValueError, match="neither terms nor regex"):
        load_codebook(empty)
