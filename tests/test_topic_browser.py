"""The offline topic browser: no external scripts or styles, topic numbers consistent with the tables."""
from __future__ import annotations

import re

import numpy as np
import pytest

from helpers.topics.browser import (
    browser_html,
    browser_topic_map,
    external_references,
    prepare_browser,
    save_topic_browser,
)
from helpers.topics.models import TopicModel, synthetic_corpus

WORDS = [["巡察", "整改", "反馈", "问题", "督促", "落实", "清单", "销号"],
         ["扶贫", "产业", "合作社", "增收", "帮扶", "农户", "项目", "资金"],
         ["党建", "支部", "党员", "组织", "学习", "会议", "阵地", "书记"]]


@pytest.fixture(scope="module")
def model():
    # unequal topic sizes (alpha favours no topic, but 60 documents make sizes differ)
    texts, _ = synthetic_corpus(60, 3, words_per_topic=8, doc_length=25, random_state=4)
    texts = [[WORDS[int(w[1])][int(w[3:])] for w in t] for t in texts]
    return TopicModel(3, random_state=0, max_iter=10).fit(texts)


def test_saved_page_is_self_contained(model, tmp_path):
    path = save_topic_browser(model, tmp_path / "browser.html")
    page = path.read_text(encoding="utf-8")
    assert external_references(page) == []
    assert not re.search(r"<script[^>]*\bsrc\s*=", page, flags=re.I)
    assert not re.search(r"<link[^>]*\bhref\s*=", page, flags=re.I)
    assert "new LDAvis(" in page and "d3js.org v5" in page          # d3 and LDAvis inlined
    assert "@font-face" in page and "data:font/otf;base64," in page  # the Chinese font too
    assert "巡察" in page and page.count("</script>") == page.count("<script>") == 3


def test_detector_flags_pyldavis_default_html(model):
    import pyLDAvis

    default = pyLDAvis.prepared_data_to_html(prepare_browser(model), template_type="simple")
    refs = external_references(default)
    assert refs and all(r.startswith("https://") for r in refs)
    css = '<style>@import "https://x/y.css"; a{background:url(//cdn/z.png)} b{background:url(data:,x)}</style>'
    assert external_references(css) == ["//cdn/z.png", "https://x/y.css"]
    assert external_references('<link rel="stylesheet" href="local.css"><script src="http://a/b.js"></script>') == [
        "http://a/b.js"]


def _browser_top_terms(prepared, browser_topic: int, n: int) -> list[str]:
    info = prepared.topic_info[prepared.topic_info["Category"] == f"Topic{browser_topic}"]
    return info.sort_values(["logprob", "Term"], ascending=[False, True])["Term"].head(n).tolist()


@pytest.mark.parametrize("sort_topics", [False, True])
def test_browser_topics_match_model_topics(model, sort_topics):
    prepared = prepare_browser(model, sort_topics=sort_topics)
    mapping = browser_topic_map(prepared, model)
    assert sorted(mapping["topic"]) == [1, 2, 3]
    if not sort_topics:
        assert mapping["browser_topic"].tolist() == mapping["topic"].tolist()
    else:
        assert mapping["share"].is_monotonic_decreasing
        assert mapping["topic"].tolist() == model.topic_share_.sort_values(ascending=False).index.tolist()
    for row in mapping.itertuples():
        ours = model.top_terms(5).query("topic == @row.topic")["term"].tolist()
        assert _browser_top_terms(prepared, row.browser_topic, 5) == ours
        assert row.share == pytest.approx(model.topic_share_.loc[row.topic], abs=1e-6)
        assert row.label == model.suggest_labels().loc[row.topic]
    again = browser_topic_map(prepare_browser(model, sort_topics=sort_topics))
    assert again["topic"].tolist() == mapping["topic"].tolist()            # the ordering is stable


def test_page_prints_the_mapping_when_sorted(model):
    page = browser_html(model, sort_topics=True, embed_font=False)
    mapping = browser_topic_map(prepare_browser(model, sort_topics=True), model)
    for row in mapping.itertuples():
        assert f"<tr><td>{row.browser_topic}</td><td>{row.topic}</td><td>{row.label}</td>" in page
    assert "@font-face" not in page and external_references(page) == []
    assert np.isclose(mapping["share"].sum(), 1.0)
