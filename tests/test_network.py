"""Co-occurrence network: counts and association measures by hand, GraphML export, plotting."""
from __future__ import annotations

import math

import networkx as nx
import pandas as pd
import pytest

from helpers.words.network import cooccurrence_network, network_tables, plot_network, write_graphml


def _tokens() -> pd.DataFrame:
    arts = {1: ["巡察", "整改", "问题"], 2: ["巡察", "整改"], 3: ["巡察", "问题"], 4: ["监督"]}
    rows = [dict(doc_id="d", article=a, sentence=0, position=i, token=t)
            for a, toks in arts.items() for i, t in enumerate(toks)]
    return pd.DataFrame(rows)


def test_hand_computed_edges():
    # U = 4 articles; d(巡察) = 3, d(整改) = 2, d(问题) = 2; c(巡察, 整改) = 2, c(整改, 问题) = 1
    G = cooccurrence_network(_tokens(), min_edge=1, top_edges=None)
    e = G.edges["巡察", "整改"]
    assert e["weight"] == 2
    assert e["jaccard"] == pytest.approx(2 / (3 + 2 - 2))
    assert e["dice"] == pytest.approx(4 / 5)
    # npmi = ln(.5 / (.75 * .5)) / -ln(.5) = ln(4/3) / ln 2 = .415037
    assert e["npmi"] == pytest.approx(math.log(4 / 3) / math.log(2))
    f = G.edges["整改", "问题"]
    assert f["weight"] == 1 and f["jaccard"] == pytest.approx(1 / 3)
    assert "监督" not in G  # isolated
    assert G.nodes["巡察"] == {"freq": 3, "units": 3}
    assert G.graph["n_units"] == 4


def test_min_edge_and_top_edges():
    G = cooccurrence_network(_tokens(), min_edge=2, top_edges=None)
    assert sorted(map(sorted, G.edges)) == [["巡察", "整改"], ["巡察", "问题"]]  # both in 2 articles
    G = cooccurrence_network(_tokens(), min_edge=1, top_edges=1, measure="weight")  # tie: 整 < 问
    assert list(G.edges) == [("巡察", "整改")]


def test_sentence_units():
    tok = pd.DataFrame(dict(doc_id="d", article=1, sentence=[0, 0, 1, 1], position=range(4),
                            token=["巡察", "整改", "巡察", "问题"]))
    G = cooccurrence_network(tok, unit="sentence", min_edge=1, top_edges=None)
    assert not G.has_edge("整改", "问题")
    G2 = cooccurrence_network(tok, unit="sentence", sentence_window=2, min_edge=1, top_edges=None)
    assert G2.has_edge("整改", "问题")


def test_terms_and_tables(tmp_path):
    G = cooccurrence_network(_tokens(), terms=["巡察", "问题"], min_edge=1)
    nodes, edges = network_tables(G)
    assert set(nodes["term"]) == {"巡察", "问题"} and len(edges) == 1
    path = write_graphml(G, tmp_path / "g.graphml")
    back = nx.read_graphml(path)
    assert set(back.nodes) == {"巡察", "问题"} and back.edges["巡察", "问题"]["weight"] == 2


def test_plot_network_has_chinese_labels():
    import matplotlib

    matplotlib.use("Agg")
    fig = plot_network(cooccurrence_network(_tokens(), min_edge=1, top_edges=None))
    texts = {t.get_text() for t in fig.axes[0].texts}
    assert {"巡察", "整改", "问题"} <= texts
    assert fig.axes[0].texts[0].get_fontfamily()[0] == "Noto Sans SC"
