"""Topic models: reproducibility, planted topics recovered, stability, K selection, coherence, charts."""
from __future__ import annotations

import importlib.util
import math
import warnings

import numpy as np
import pandas as pd
import pytest

from helpers.topics.models import (
    TopicModel,
    choose_k,
    k_selection_summary,
    match_topics,
    plot_doc_topic_heatmap,
    plot_k_selection,
    plot_topic_terms,
    select_k,
    synthetic_corpus,
    tidy_doc_topic,
    topic_coherence,
    topic_stability,
)

BACKENDS = ["sklearn", pytest.param("tomotopy", marks=pytest.mark.skipif(
    importlib.util.find_spec("tomotopy") is None, reason="tomotopy (extra 'fast') not installed"))]

# Chinese words for three planted topics, so charts and labels are exercised with CJK text.
WORDS = [["巡察", "整改", "反馈", "问题", "督促", "落实", "清单", "销号", "台账", "约谈"],
         ["扶贫", "产业", "合作社", "增收", "帮扶", "农户", "项目", "资金", "种植", "脱贫"],
         ["党建", "支部", "党员", "组织", "学习", "会议", "阵地", "书记", "培训", "发展"]]


def chinese(texts: list[list[str]]) -> list[list[str]]:
    return [[WORDS[int(w[1:w.index("w")])][int(w[w.index("w") + 1:])] for w in t] for t in texts]


@pytest.fixture(scope="module")
def corpus():
    texts, beta = synthetic_corpus(90, 3, words_per_topic=10, doc_length=30, random_state=3)
    return chinese(texts), beta


@pytest.fixture(scope="module")
def token_table(corpus):
    texts, _ = corpus
    rows = [dict(doc_id=f"d{i // 6:02d}", article=i % 6 // 2 + 1, paragraph=i % 2 + 1, position=p, token=tok)
            for i, t in enumerate(texts) for p, tok in enumerate(t)]
    return pd.DataFrame(rows)


def true_order(model: TopicModel, beta_terms: list[str]) -> np.ndarray:
    return np.array([model.vocabulary_[t] for t in beta_terms])


@pytest.mark.parametrize("backend", BACKENDS)
def test_same_seed_identical_output(corpus, backend):
    texts, _ = corpus
    a = TopicModel(3, backend=backend, random_state=7, max_iter=15).fit(texts)
    b = TopicModel(3, backend=backend, random_state=7, max_iter=15).fit(texts)
    pd.testing.assert_frame_equal(a.doc_topic_, b.doc_topic_, check_exact=True)
    pd.testing.assert_frame_equal(a.topic_term_, b.topic_term_, check_exact=True)
    assert np.array_equal(a.topic_word_, b.topic_word_)
    new = [["巡察", "整改", "扶贫"], ["党员", "学习"]]
    pd.testing.assert_frame_equal(a.transform(new), b.transform(new), check_exact=True)
    assert a.perplexity(texts[:10]) == b.perplexity(texts[:10])


@pytest.mark.parametrize("backend", BACKENDS)
def test_recovers_planted_topics(corpus, backend):
    texts, beta = corpus
    model = TopicModel(3, backend=backend, random_state=0).fit(texts)
    terms = [w for ws in WORDS for w in ws]
    _, sim = match_topics(beta, model.topic_word_[:, true_order(model, terms)])
    assert sim.min() > 0.95
    labels = model.suggest_labels()
    assert sorted(lab.split("·")[0] for lab in labels) == sorted(ws[0] for ws in WORDS)   # Zipf: word 0 on top


def test_tables_from_token_table_and_units(token_table):
    model = TopicModel(3, random_state=0, max_iter=10)
    doc_topic = model.fit_transform(token_table)
    assert list(doc_topic.columns) == ["doc_id", "article", "topic_1", "topic_2", "topic_3"]
    assert len(doc_topic) == token_table[["doc_id", "article"]].drop_duplicates().shape[0]
    assert np.allclose(doc_topic.filter(like="topic_").sum(axis=1), 1.0)
    para = TopicModel(3, random_state=0, max_iter=10, unit=["doc_id", "article", "paragraph"]).fit(token_table)
    assert len(para.doc_topic_) == 90 and "paragraph" in para.doc_topic_.columns
    tt = model.topic_term_
    assert list(tt.columns) == ["topic", "rank", "term", "weight", "relevance"]
    assert sorted(tt["topic"].unique()) == [1, 2, 3] and tt.groupby("topic")["rank"].max().eq(30).all()
    assert model.topic_share_.sum() == pytest.approx(1.0) and list(model.topic_share_.index) == [1, 2, 3]
    assert model.doc_lengths_.sum() == model.term_frequency_.sum() == len(token_table)
    tidy = tidy_doc_topic(doc_topic)
    assert list(tidy.columns) == ["doc_id", "article", "topic", "share"] and len(tidy) == 3 * len(doc_topic)
    assert tidy.groupby(["doc_id", "article"])["share"].sum().to_numpy() == pytest.approx(1.0)
    assert tt.attrs["params"]["n_topics"] == 3 and doc_topic.attrs["params"]["unit"] == ["doc_id", "article"]


def test_transform_matches_fit_and_handles_unknown_and_empty(corpus):
    texts, _ = corpus
    model = TopicModel(3, random_state=0, max_iter=10)
    fitted = model.fit_transform(texts)
    pd.testing.assert_frame_equal(model.transform(texts), fitted)
    out = model.transform([["未知词"], [], ["巡察", "巡察", "未知词"]])
    assert out.loc[0, "topic_1"] == pytest.approx(1 / 3) and out.loc[1, "topic_2"] == pytest.approx(1 / 3)
    assert out.filter(like="topic_").iloc[2].max() > 0.7     # (2 + α) / (2 + Kα) = 0.78 at α = 1/3
    with pytest.raises(RuntimeError):
        TopicModel(3).transform(texts)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("method", ["completion", "plugin", "bound"])
def test_perplexity_lower_on_model_like_text(corpus, backend, method):
    texts, _ = corpus
    model = TopicModel(3, backend=backend, random_state=0, max_iter=20).fit(texts[:70])
    held_out = model.perplexity(texts[70:], method=method)
    mixed = [[WORDS[j % 3][j % 10] for j, _ in enumerate(t)] for t in texts[70:]]   # every topic in turn
    assert 1 < held_out < len(model.terms_)
    assert model.perplexity(mixed, method=method) > held_out
    assert math.isnan(model.perplexity([["未知词"]], method=method))


def test_plugin_and_completion_perplexity_by_hand(corpus):
    # exp(-sum_w n_dw log sum_k theta_dk phi_kw / N), theta from transform (on the even tokens)
    texts, _ = corpus
    model = TopicModel(3, random_state=0, max_iter=10).fit(texts[:70])
    docs = [texts[70] + ["未知词"], texts[71]]
    phi = pd.DataFrame(model.topic_word_.T, index=model.terms_)

    def by_hand(estimate, score):
        theta = model.transform(estimate).filter(like="topic_").to_numpy()
        ll = sum(math.log(theta[d] @ phi.loc[w].to_numpy()) for d, doc in enumerate(score) for w in doc
                 if w in model.vocabulary_)
        return math.exp(-ll / sum(w in model.vocabulary_ for doc in score for w in doc))

    assert model.perplexity(docs, method="plugin") == pytest.approx(by_hand(docs, docs), rel=1e-10)
    assert model.perplexity(docs) == pytest.approx(by_hand([d[0::2] for d in docs], [d[1::2] for d in docs]),
                                                   rel=1e-10)
    with pytest.raises(ValueError):
        model.perplexity(docs, method="exact")


def test_top_terms_relevance_lambda():
    # topic-word rows and term frequencies set by hand: relevance = λ log φ + (1 - λ) log(φ / p)
    model = TopicModel(2)
    model.terms_ = np.array(["a", "b", "c"], dtype=object)
    model.vocabulary_ = {"a": 0, "b": 1, "c": 2}
    model.topic_word_ = np.array([[0.6, 0.3, 0.1], [0.5, 0.1, 0.4]])
    model.term_frequency_ = np.array([110, 40, 50])           # p = 0.55, 0.2, 0.25
    tt = model.top_terms(3, lambda_=0.0)
    first = tt[tt["topic"] == 1]
    assert first["term"].tolist() == ["b", "a", "c"]          # lifts 1.5, 1.09, 0.4
    assert first["relevance"].iloc[0] == pytest.approx(math.log(0.3 / 0.2))
    mid = model.top_terms(1, lambda_=0.6)
    assert mid["relevance"].iloc[0] == pytest.approx(0.6 * math.log(0.6) + 0.4 * math.log(0.6 / 0.55))
    assert model.suggest_labels(2).tolist() == ["a·b", "a·c"]
    assert model.suggest_labels(2, lambda_=0.0, sep="/").tolist() == ["b/a", "c/a"]


def test_match_topics_recovers_a_permutation():
    rng = np.random.default_rng(0)
    ref = rng.dirichlet(np.full(20, 0.2), size=5)
    perm = np.array([3, 0, 4, 1, 2])
    match, sim = match_topics(ref, ref[perm])
    assert np.array_equal(perm[match], np.arange(5))
    assert np.allclose(sim, 1.0)


@pytest.mark.parametrize("backend", BACKENDS)
def test_stability_one_for_repeated_seed(corpus, backend):
    texts, _ = corpus
    runs = [TopicModel(3, backend=backend, random_state=5, max_iter=10).fit(texts) for _ in range(2)]
    st = topic_stability(runs)
    assert list(st.columns) == ["topic", "label", "stability", "min_similarity"]
    assert st["stability"].tolist() == pytest.approx([1.0, 1.0, 1.0], abs=1e-12)


def test_stability_below_one_when_topics_differ(corpus):
    texts, _ = corpus
    good = TopicModel(3, random_state=0).fit(texts)
    poor = TopicModel(3, random_state=0, max_iter=1).fit(texts[:10])   # other (smaller) vocabulary: aligned
    assert topic_stability([good, poor])["stability"].mean() < 0.99
    with pytest.raises(ValueError):
        topic_stability([good, TopicModel(2, max_iter=2).fit(texts)])


def test_select_k_repeated_seed_and_table(corpus):
    texts, _ = corpus
    res = select_k(texts, ks=[2, 3], seeds=(0, 0), max_iter=10)
    assert list(res.columns) == ["k", "seed", "perplexity_heldout", "coherence", "stability", "stability_k",
                                 "fit_seconds"]
    assert res["stability_k"].tolist() == pytest.approx([1.0] * 4)
    assert res["coherence"].between(-1, 1).all() and (res["perplexity_heldout"] > 1).all()
    assert res.attrs["params"]["n_test"] == 18 and res.attrs["params"]["model"]["max_iter"] == 10
    assert {r["k"] for r in res.attrs["topic_stability"]} == {2, 3}
    summary = k_selection_summary(res)
    assert summary["k"].tolist() == [2, 3] and "coherence_mean" in summary


def test_select_k_recovers_planted_k():
    # four topics with disjoint vocabularies: NPMI peaks at K = 4; held-out perplexity falls
    # steeply up to K = 4 and is flat after it (the smallest K within 0.5 of the best is 4)
    texts, _ = synthetic_corpus(200, 4, words_per_topic=20, doc_length=50, random_state=1)
    res = select_k(texts, ks=[2, 3, 4, 5, 6], seeds=(0, 1, 2), coherence="c_npmi", max_iter=10)
    assert choose_k(res, criterion="coherence") == 4
    perp = res.groupby("k")["perplexity_heldout"].mean()
    assert perp[4] < 0.85 * perp[3] < 0.85 * 0.85 * perp[2]
    assert choose_k(res, criterion="perplexity_heldout", tolerance=0.5) == 4


@pytest.mark.parametrize("criterion, tolerance, expected", [
    ("coherence", 0.0, 4), ("coherence", 0.05, 3), ("perplexity_heldout", 0.0, 5), ("stability", 0.0, 3),
])
def test_choose_k_rules(criterion, tolerance, expected):
    res = pd.DataFrame(dict(k=[3, 3, 4, 4, 5, 5], coherence=[0.20, 0.22, 0.25, 0.23, 0.1, 0.1],
                            perplexity_heldout=[30, 31, 28, 28, 27, 27.5], stability=[1.0, 0.9, 0.9, 0.8, 0.7, 0.7]))
    assert choose_k(res, criterion=criterion, tolerance=tolerance) == expected


def test_npmi_by_hand():
    # a and b always together, c and d always together; each text shorter than the window (10),
    # so P(a) = P(a, b) = 1/2: NPMI(a, b) = log(1/2 / (1/2)^2) / -log(1/2) = 1
    # a and c never together: NPMI = log(eps / (1/2 * 1/2)) / -log(eps), eps = 1e-12
    texts = [["a", "b"]] * 5 + [["c", "d"]] * 5
    together, apart = topic_coherence([["a", "b"], ["a", "c"]], texts, measure="c_npmi", topn=2)
    assert together == pytest.approx(1.0, abs=1e-6)
    assert apart == pytest.approx(math.log(1e-12 / 0.25) / -math.log(1e-12), rel=1e-6)   # -0.949829
    cv = topic_coherence([["a", "b"], ["a", "c"]], texts, measure="c_v", topn=2)
    assert cv[0] > cv[1]
    with pytest.raises(ValueError):
        topic_coherence([["a", "b"]], texts, measure="u_mass")


def test_model_coherence_per_topic(corpus):
    texts, _ = corpus
    model = TopicModel(3, random_state=0).fit(texts)
    coh = model.coherence(texts)
    assert list(coh.index) == [1, 2, 3] and (coh > 0.2).all()


def test_charts_render_chinese(corpus, token_table, tmp_path):
    from helpers.viz.theme import save_figure

    texts, _ = corpus
    model = TopicModel(3, random_state=0, max_iter=10).fit(token_table)
    articles = token_table[["doc_id", "article"]].drop_duplicates().assign(
        place=lambda d: np.where(d["article"] == 1, "甲县", "乙市"))
    res = select_k(texts, ks=[2, 3], seeds=(0, 1), max_iter=5)
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)            # "Glyph ... missing from font(s)"
        figs = {"terms": plot_topic_terms(model, n_terms=5),
                "heatmap": plot_doc_topic_heatmap(model.doc_topic_, "place", articles=articles,
                                                  labels=model.suggest_labels()),
                "k": plot_k_selection(res)}
        for name, fig in figs.items():
            paths = save_figure(fig, name, tmp_path)
            assert all(p.stat().st_size > 1000 for p in paths)
    assert len(figs["k"].axes) == 3
    heat = figs["heatmap"].axes[0]
    assert [t.get_text() for t in heat.get_yticklabels()] == ["乙市", "甲县"]
    with pytest.raises(ValueError):
        plot_doc_topic_heatmap(model.doc_topic_, "place")


@pytest.mark.parametrize("kwargs", [dict(backend="gensim"), dict(n_topics=0), dict(learning_method="em")])
def test_bad_parameters(kwargs):
    with pytest.raises(ValueError):
        TopicModel(**{"n_topics": 2, **kwargs}).fit([["a", "b"], ["c"]])


def test_topic_model_follows_scikit_learn_conventions():
    """BaseEstimator: clone, get_params and set_params round-trip every constructor argument as given."""
    from sklearn.base import clone

    model = TopicModel(n_topics=4, random_state=7, unit=("doc_id", "article"), min_df=2)
    copy = clone(model)
    assert copy.get_params() == model.get_params() and copy is not model
    assert copy.get_params()["unit"] == ("doc_id", "article")
    assert copy.set_params(n_topics=6).n_topics == 6 and model.n_topics == 4
    with pytest.raises(ValueError):
        model.set_params(no_such_parameter=1)


@pytest.mark.parametrize("shuffle", [False, True])
def test_token_lists_by_codes_equal_the_group_by(token_table, shuffle):
    """token_lists' fast path (integer codes; issue 17) gives the keys and lists of a plain group-by, for string
    and categorical columns, shuffled rows, any unit; missing keys fall back to the group-by."""
    from helpers.topics.keywords import token_lists

    table = token_table.sample(frac=1, random_state=1) if shuffle else token_table
    for unit in (("doc_id", "article"), ("doc_id", "article", "paragraph"), ("article",)):
        for t in (table, table.astype({"doc_id": "category", "token": "category"}), table.drop(columns="position")):
            df = t.assign(doc_id=t["doc_id"].astype(str)).sort_values(
                [*unit, *(["position"] if "position" in t else [])], kind="stable")
            grouped = df.groupby(list(unit), sort=True)["token"].agg(list)
            keys, texts = token_lists(t, unit=unit)
            pd.testing.assert_frame_equal(keys, grouped.index.to_frame(index=False))
            assert texts == [[str(w) for w in ws] for ws in grouped.tolist()]
    with_gap = token_table.astype({"article": "float64"})
    with_gap.loc[0, "article"] = np.nan
    keys, texts = token_lists(with_gap)
    assert keys["article"].isna().sum() == 1 and sum(map(len, texts)) == len(with_gap)


@pytest.mark.skipif(importlib.util.find_spec("tomotopy") is None, reason="tomotopy not installed")
def test_tomotopy_documents_from_counts(corpus):
    texts, _ = corpus
    model = TopicModel(3, backend="tomotopy", max_iter=5, random_state=0).fit(texts[:20])
    counts = model._counts([["巡察", "巡察", "整改"], [], ["未知词"], texts[0]])
    docs = model._tp_docs(counts)
    assert docs[0] == sorted(["巡察", "巡察", "整改"], key=model.vocabulary_.get) and docs[1] is None
    assert docs[2] is None and sorted(docs[3]) == sorted(texts[0])
