"""KWIC concordances: offsets, context widths, regex, AntConc-style sorting, token level, HTML export."""
from __future__ import annotations

import pandas as pd
import pytest

from helpers.words.kwic import kwic, kwic_to_html, kwic_tokens, sort_kwic

ARTS = pd.DataFrame(dict(
    doc_id=["d1", "d1", "d2"], article=[1, 2, 1],
    text=["开展政治巡察，推动整改。", "巡察整改\n落实到位", "立行立改，边巡边改，巡察整改"],
    title=["t1", "t2", "t3"]))


@pytest.mark.parametrize("node, regex, window, expected", [
    ("整改", False, 3, [("d1", 1, 9, 11, "，推动", "整改", "。"), ("d1", 2, 2, 4, "巡察", "整改", " 落实"),
                        ("d2", 1, 12, 14, "，巡察", "整改", "")]),
    (r"[边立]\w[边立]", True, 2, [("d2", 1, 0, 3, "", "立行立", "改，"), ("d2", 1, 5, 8, "改，", "边巡边", "改，")]),
    ("巡察", False, 0, [("d1", 1, 4, 6, "", "巡察", ""), ("d1", 2, 0, 2, "", "巡察", ""), ("d2", 1, 10, 12, "", "巡察", "")]),
])
def test_kwic_char(node, regex, window, expected):
    df = kwic(ARTS, node, regex=regex, window=window)
    got = [tuple(r) for r in df[["doc_id", "article", "start", "end", "left", "node", "right"]].itertuples(index=False)]
    assert got == expected
    for r in df.itertuples():
        text = ARTS.set_index(["doc_id", "article"]).loc[(r.doc_id, r.article), "text"]
        assert text[r.start:r.end] == r.node


def test_kwic_keep_columns_and_empty():
    df = kwic(ARTS, "推动", keep=["title"])
    assert df["title"].tolist() == ["t1"]
    assert kwic(ARTS, "不存在").empty
    with pytest.raises(ValueError):
        kwic(ARTS, "")


@pytest.mark.parametrize("keys, order", [
    (["R1"], ["", " 落实", "。"]),       # R1 characters: '' < ' ' < '。'
    (["L1"], ["，推动", "巡察", "，巡察"]),  # L1 characters: 动 (U+52A8) < 察 (U+5BDF); ties stable
    (["L1", "L2"], ["，推动", "巡察", "，巡察"]),  # L2: 巡 = 巡, text order kept
])
def test_sort_char(keys, order):
    df = kwic(ARTS, "整改", window=3, sort=keys)
    col = "right" if keys[0].startswith("R") else "left"
    assert df[col].tolist() == order


def test_sort_left_reads_outward():
    df = pd.DataFrame(dict(doc_id="d", article=1, start=0, end=1, left=["ba", "ab", "cb"], node="x", right=""))
    # read outward (right to left) the keys are "ab", "ba", "bc"
    assert sort_kwic(df, "left", level="char")["left"].tolist() == ["ba", "ab", "cb"]
    assert sort_kwic(df, "R1", level="char")["left"].tolist() == ["ba", "ab", "cb"]  # all ties: stable
    with pytest.raises(ValueError):
        sort_kwic(df, "X9")


def _tokens() -> pd.DataFrame:
    toks = [("d1", 1, 0, "开展", 0, 2), ("d1", 1, 1, "政治巡察", 2, 6), ("d1", 1, 3, "推动", 7, 9),
            ("d1", 1, 4, "整改", 9, 11), ("d2", 1, 0, "巡察", 0, 2), ("d2", 1, 1, "整改", 2, 4),
            ("d2", 1, 2, "落实", 5, 7)]
    return pd.DataFrame(toks, columns=["doc_id", "article", "position", "token", "start", "end"])


def test_kwic_tokens():
    df = kwic_tokens(_tokens(), "整改", window=2)
    assert df[["doc_id", "left", "node", "right", "start"]].values.tolist() == [
        ["d1", "政治巡察 推动", "整改", "", 9], ["d2", "巡察", "整改", "落实", 2]]
    srt = kwic_tokens(_tokens(), "整改", window=2, sort="L1")
    assert srt["left"].tolist() == ["巡察", "政治巡察 推动"]  # L1 tokens: 巡察 < 推动 (巡 U+5DE1 < 推 U+63A8)
    assert kwic_tokens(_tokens(), ".*巡察", regex=True)["node"].tolist() == ["政治巡察", "巡察"]


def test_kwic_to_html(tmp_path):
    arts = ARTS.assign(text=ARTS["text"].str.replace("推动", "<b>&推动"))
    path = kwic_to_html(kwic(arts, "整改", window=5), tmp_path / "k.html")
    page = path.read_text(encoding="utf-8")
    assert page.count("<mark>整改</mark>") == 3
    assert "b&gt;&amp;推动" in page
    assert "http" not in page and "<script" not in page and "<link" not in page
    assert page.startswith("<!DOCTYPE html>") and 'charset="utf-8"' in page


def test_kwic_page_embeds_the_chinese_font(tmp_path):
    """The KWIC page carries the font subset for its own characters, like every page of the report."""
    import base64
    import io
    import re

    from fontTools.ttLib import TTFont

    df = kwic(pd.DataFrame({"doc_id": ["d"], "article": [1], "text": ["巡察组发现问题十二个，整改到位。"]}), "问题")
    page = kwic_to_html(df, tmp_path / "k.html").read_text(encoding="utf-8")
    data = re.search(r"base64,([A-Za-z0-9+/=]+)", page)
    assert "@font-face" in page and data
    cmap = TTFont(io.BytesIO(base64.b64decode(data.group(1)))).getBestCmap()
    assert all(ord(ch) in cmap for ch in "巡察组发现问题整改")
