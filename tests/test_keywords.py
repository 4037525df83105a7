"""TF-IDF top terms against values computed by hand on a three-document corpus."""
from __future__ import annotations

import json
import math

import pandas as pd
import pytest

from helpers.topics.keywords import tfidf_params, tfidf_top_terms, token_lists

# d1 = 巡察 整改 整改 | d2 = 巡察 问题 | d3 = 问题 问题 反馈       (n = 3 documents)
# df: 巡察 2, 整改 1, 问题 2, 反馈 1
# smooth idf = ln((1 + n) / (1 + df)) + 1:  df=1 -> ln 2 + 1 = 1.693147,  df=2 -> ln(4/3) + 1 = 1.287682
IDF1 = math.log(4 / 2) + 1
IDF2 = math.log(4 / 3) + 1
DOCS = [["巡察", "整改", "整改"], ["巡察", "问题"], ["问题", "问题", "反馈"]]


def tokens_table() -> pd.DataFrame:
    rows = []
    for i, doc in enumerate(DOCS):
        for pos, tok in enumerate(doc):
            rows.append(dict(doc_id=f"p{i // 2}", article=i % 2 + 1, position=pos, token=tok))
    return pd.DataFrame(rows)


def l2(*xs: float) -> float:
    return math.sqrt(sum(x * x for x in xs))


# (document, term, expected tf-idf after l2 normalisation, rank)
HAND = [
    (0, "整改", 2 * IDF1 / l2(IDF2, 2 * IDF1), 1),        # 0.934702
    (0, "巡察", IDF2 / l2(IDF2, 2 * IDF1), 2),            # 0.355432
    (1, "巡察", 1 / math.sqrt(2), 1),                     # equal weights; tie broken by term
    (1, "问题", 1 / math.sqrt(2), 2),
    (2, "问题", 2 * IDF2 / l2(2 * IDF2, IDF1), 1),        # 0.835592
    (2, "反馈", IDF1 / l2(2 * IDF2, IDF1), 2),            # 0.549351
]


@pytest.mark.parametrize("doc, term, value, rank", HAND)
def test_per_document_values_by_hand(doc, term, value, rank):
    out = tfidf_top_terms(DOCS, top_n=5)
    row = out[(out["doc"] == doc) & (out["term"] == term)].iloc[0]
    assert row["tfidf"] == pytest.approx(value, rel=1e-12)
    assert row["rank"] == rank
    assert row["tf"] == DOCS[doc].count(term)
    assert row["df"] == sum(term in d for d in DOCS)
    assert row["idf"] == pytest.approx(IDF1 if row["df"] == 1 else IDF2)


def test_literal_values():
    out = tfidf_top_terms(DOCS, top_n=1)
    assert out["term"].tolist() == ["整改", "巡察", "问题"]
    assert out["tfidf"].tolist() == pytest.approx([0.934702, 0.707107, 0.835592], abs=1e-6)


def test_token_table_same_as_lists_and_keys():
    out = tfidf_top_terms(tokens_table(), top_n=5)
    assert list(out.columns) == ["doc_id", "article", "rank", "term", "tfidf", "tf", "df", "idf"]
    assert out[["doc_id", "article"]].drop_duplicates().values.tolist() == [["p0", 1], ["p0", 2], ["p1", 1]]
    ref = tfidf_top_terms(DOCS, top_n=5)
    assert out["term"].tolist() == ref["term"].tolist()
    assert out["tfidf"].tolist() == pytest.approx(ref["tfidf"].tolist())


def test_position_order_and_doc_id_as_str():
    table = tokens_table().sample(frac=1, random_state=3).assign(doc_id=lambda d: d["doc_id"])
    keys, texts = token_lists(table)
    assert texts == DOCS
    ints = pd.DataFrame(dict(doc_id=[7, 7], article=[1, 1], position=[1, 0], token=["b", "a"]))
    keys, texts = token_lists(ints)
    assert keys["doc_id"].tolist() == ["7"] and texts == [["a", "b"]]


def test_group_mean_of_unit_vectors():
    # group A = d1 + d2, group B = d3; mean of the l2-normalised unit vectors
    groups = pd.DataFrame(dict(doc=[0, 1, 2], place=["A", "A", "B"]))
    out = tfidf_top_terms(DOCS, groups=groups, top_n=3)
    a = out[out["place"] == "A"].set_index("term")
    d1_xuncha = IDF2 / l2(IDF2, 2 * IDF1)
    assert a.loc["巡察", "tfidf"] == pytest.approx((d1_xuncha + 1 / math.sqrt(2)) / 2)   # 0.531270
    assert a.loc["整改", "tfidf"] == pytest.approx(2 * IDF1 / l2(IDF2, 2 * IDF1) / 2)     # 0.467351
    assert a.loc["问题", "tfidf"] == pytest.approx(1 / math.sqrt(2) / 2)                  # 0.353553
    assert a["rank"].tolist() == [1, 2, 3] and a.index.tolist() == ["巡察", "整改", "问题"]
    assert a.loc["巡察", "tf"] == 2 and a.loc["巡察", "df"] == 2     # df counted over units
    assert out["place"].unique().tolist() == ["A", "B"]


def test_group_concat():
    # A = 巡察 整改 整改 巡察 问题, B = 问题 问题 反馈: n = 2 groups
    # idf(df=1) = ln(3/2) + 1, idf(df=2) = 1
    groups = pd.DataFrame(dict(doc=[0, 1, 2], place=["A", "A", "B"]))
    out = tfidf_top_terms(DOCS, groups=groups, aggregate="concat", top_n=3)
    j1 = math.log(3 / 2) + 1
    a = out[out["place"] == "A"].set_index("term")
    norm = l2(2 * j1, 2 * j1, 1)
    assert a.loc["巡察", "tfidf"] == pytest.approx(2 * j1 / norm)   # 0.685743
    assert a.loc["问题", "tfidf"] == pytest.approx(1 / norm)        # 0.243956
    assert a.index.tolist() == ["巡察", "整改", "问题"]             # tie 巡察/整改 broken by term
    assert a.loc["问题", "df"] == 2 and a.loc["巡察", "tf"] == 2


def test_groups_from_articles_table_with_group_by():
    articles = pd.DataFrame(dict(doc_id=["p0", "p0", "p1"], article=[1, 2, 1], place=["甲", "甲", "乙"],
                                 year=[2020, 2021, 2021]))
    out = tfidf_top_terms(tokens_table(), groups=articles, group_by="year", top_n=2)
    assert list(out.columns[:1]) == ["year"] and sorted(out["year"].unique()) == [2020, 2021]
    both = tfidf_top_terms(tokens_table(), groups=articles, top_n=2)
    assert list(both.columns[:2]) == ["place", "year"]


def test_unit_without_group_is_dropped(caplog):
    groups = pd.DataFrame(dict(doc=[0, 1, 2], place=["A", None, "B"]))
    out = tfidf_top_terms(DOCS, groups=groups, top_n=3)
    assert "no group" in caplog.text
    assert set(out[out["place"] == "A"]["term"]) == {"巡察", "整改"}


@pytest.mark.parametrize("kwargs, check", [
    (dict(sublinear_tf=True, norm=None), lambda r: r.loc["整改", "tfidf"] == pytest.approx((1 + math.log(2)) * IDF1)),
    (dict(norm=None), lambda r: r.loc["整改", "tfidf"] == pytest.approx(2 * IDF1)),
    (dict(norm=None, smooth_idf=False),
     lambda r: r.loc["整改", "tfidf"] == pytest.approx(2 * (math.log(3) + 1))),
    (dict(max_df=0.5), lambda r: "巡察" not in r.index),                     # df 2/3 > 0.5
    (dict(min_df=2), lambda r: list(r.index) == ["巡察"]),
])
def test_options(kwargs, check):
    out = tfidf_top_terms(DOCS, top_n=5, **kwargs)
    assert check(out[out["doc"] == 0].set_index("term"))


def test_params_recorded_and_jsonable():
    out = tfidf_top_terms(tokens_table(), top_n=2, max_df=0.9, sublinear_tf=True)
    p = tfidf_params(out)
    assert json.loads(json.dumps(p)) == p
    assert p["max_df"] == 0.9 and p["sublinear_tf"] is True and p["by"] == ["doc_id", "article"]
    assert p["n_units"] == 3 and p["top_n"] == 2


def test_bad_inputs():
    with pytest.raises(TypeError):
        tfidf_top_terms(["巡察整改"])
    with pytest.raises(ValueError):
        tfidf_top_terms(DOCS, aggregate="sum")
    with pytest.raises(ValueError):
        tfidf_top_terms(tokens_table(), by=["doc_id", "paragraph"])


def test_reporters_names_from_bylines_are_left_out_of_keyword_input():
    """Bylines name who wrote, not what about (issue 15)."""
    from helpers.words.bylines import byline_names, drop_names

    arts = pd.DataFrame({"byline": ["■本报记者 郭凡 通讯员 原金贵", None],
                         "text": ["（记者蔡文瑶 通讯员王磊磊）巡察组进驻……", "通讯员张泽卿张争累计开展巡察14轮"]})
    names = byline_names(arts)
    assert {"郭凡", "原金贵", "蔡文瑶", "王磊磊", "张泽卿"} <= names
    toks = pd.DataFrame({"doc_id": "d", "article": 1, "token": ["郭凡", "巡察", "蔡文瑶", "整改", "张泽卿"]})
    assert drop_names(toks, names)["token"].tolist() == ["巡察", "整改"]
