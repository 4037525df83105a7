"""Numbered formulas: curated list first, pattern for the rest, false positives rejected, counts by group."""
from __future__ import annotations

import pandas as pd
import pytest

from helpers.words.slogans import count_slogans, extract_slogans, load_slogans, pattern_slogans


@pytest.mark.parametrize("text, expected", [
    ("增强四个意识、坚定四个自信、做到两个维护", ["四个意识", "四个自信", "两个维护"]),
    ("坚持三聚焦一落实，实现两不愁三保障", ["三聚焦一落实", "两不愁三保障"]),
    ("做好“六稳”工作、落实“六保”任务，开局“十四五”", ["六稳", "六保", "十四五"]),
    ("三严三实和两学一做", ["三严三实", "两学一做"]),
    ("深化“三不”一体推进", ["三不"]),
    ("建立“四项机制”", ["四项机制"]),
    ("开展“四史”学习", ["四史"]),
    ("落实四个监督，", ["四个监督"]),
    ("推行“一约五会”", ["一约五会"]),
])
def test_pattern_finds(text, expected):
    assert [s for _, _, s in pattern_slogans(text)] == expected


@pytest.mark.parametrize("text", [
    "三个街道，3个街道，一批干部，进一步，一体推进，一线", "一把手", "一心一意，三心二意", "一是加强，三是一体推进",
    "党的十九大精神", "第三个方面", "三年一轮全覆盖", "五个巡察组", "两个方面", "举一反三抓整改", "“一盘棋”“一体化”",
    "发现问题120个", "七届市纪委六次全会",
])
def test_pattern_rejects(text):
    assert pattern_slogans(text) == []


def test_offsets_are_exact():
    text = "要“两个维护”，坚持六稳六保"
    for a, b, s in pattern_slogans(text):
        assert text[a:b] == s


ARTS = pd.DataFrame(dict(
    doc_id=["d1", "d1", "d2"], article=[1, 2, 1], place=["P", "P", "Q"],
    text=["落实中央八项规定精神，做到两个维护和四个意识。", "压实一把手责任，推行四不两直", "两个维护，三联三包三提"]))


def test_extract_list_precedence_and_columns():
    df = extract_slogans(ARTS)
    assert list(df.columns) == ["doc_id", "article", "slogan", "canonical", "start", "end", "source", "category"]
    rows = df[["doc_id", "article", "slogan", "canonical", "source"]].values.tolist()
    assert rows == [
        ["d1", 1, "中央八项规定", "八项规定", "list"],   # longer list entry wins over 八项规定
        ["d1", 1, "两个维护", "两个维护", "list"],
        ["d1", 1, "四个意识", "四个意识", "list"],
        ["d1", 2, "一把手", "一把手", "list"],          # a Party term kept in the list, never by the pattern
        ["d1", 2, "四不两直", "四不两直", "list"],
        ["d2", 1, "两个维护", "两个维护", "list"],
        ["d2", 1, "三联三包三提", "三联三包三提", "pattern"],
    ]
    for r in df.itertuples():
        text = ARTS.set_index(["doc_id", "article"]).loc[(r.doc_id, r.article), "text"]
        assert text[r.start:r.end] == r.slogan
    assert df.loc[df["slogan"] == "两个维护", "category"].iloc[0] == "political_loyalty"


def test_list_only_and_custom_list():
    custom = pd.DataFrame(dict(slogan=["三联三包三提"], canonical=["三联三包"], category=["local"]))
    df = extract_slogans(ARTS, slogan_list=custom, use_pattern=False)
    assert df[["slogan", "canonical", "source"]].values.tolist() == [["三联三包三提", "三联三包", "list"]]


def test_count_by_document_and_group():
    s = extract_slogans(ARTS)
    by_doc = count_slogans(s)
    r = by_doc[(by_doc["doc_id"] == "d1")].set_index("canonical")
    assert r.loc["两个维护", "count"] == 1 and r.loc["八项规定", "category"] == "discipline"
    by_place = count_slogans(s, by="place", articles=ARTS)
    p = by_place.set_index(["place", "canonical"])
    assert p.loc[("P", "两个维护"), "count"] == 1 and p.loc[("Q", "两个维护"), "n_articles"] == 1
    assert p.loc[("Q", "三联三包三提"), "source"] == "pattern"


def test_shipped_list():
    lst = load_slogans()
    assert {"slogan", "canonical", "gloss", "category"} <= set(lst.columns)
    assert {"两个维护", "四个意识", "三聚焦一落实", "六稳六保", "两不愁三保障", "十四五", "三不一体", "五个一定要",
            "四项机制", "一把手"} <= set(lst["slogan"])
    assert lst["gloss"].str.len().min() > 10 and not lst["slogan"].duplicated().any()
