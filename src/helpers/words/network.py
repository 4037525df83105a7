r"""Co-occurrence networks of key terms (as in KH Coder): which words appear in the same articles or sentences.

Builds a networkx graph whose edges carry the co-occurrence count and association measures,
exports it to GraphML and draws it with Chinese labels.

For terms *i*, *j* over :math:`U` units (articles, or blocks of sentences), let :math:`d_i` be
the number of units containing *i* and :math:`c_{ij}` the number containing both:

* ``weight`` :math:`= c_{ij}`;
* ``jaccard`` :math:`= c_{ij} / (d_i + d_j - c_{ij})` (KH Coder's default);
* ``dice`` :math:`= 2 c_{ij} / (d_i + d_j)`;
* ``npmi`` :math:`= \ln \frac{p_{ij}}{p_i p_j} / (-\ln p_{ij})` with :math:`p = d / U`
  (normalised PMI, −1 … 1; 1 when the two terms always occur together).
"""
from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
from scipy import sparse

from ..core.arrays import sorted_unique

log = logging.getLogger(__name__)

MEASURES = ("weight", "jaccard", "dice", "npmi")


def cooccurrence_network(tokens: pd.DataFrame, *, terms: Sequence[str] | None = None, top_n: int = 60,
                         unit: str = "article", sentence_window: int = 1, min_length: int = 2,
                         min_edge: int = 2, measure: str = "jaccard", top_edges: int | None = 60,
                         drop_isolates: bool = True, token_column: str = "token") -> nx.Graph:
    """Co-occurrence graph of terms within articles or sentence blocks.

    Parameters
    ----------
    tokens:
        A token table (``doc_id``, ``article``, ``token``; ``sentence`` for ``unit="sentence"``).
    terms:
        The terms to connect; default the ``top_n`` terms of at least ``min_length`` characters
        occurring in the most units (ties by token frequency, then alphabetically); pure numbers are skipped.
    unit:
        ``"article"`` or ``"sentence"``; with ``"sentence"``, consecutive sentences of an
        article are grouped into non-overlapping blocks of ``sentence_window``.
    min_edge:
        Keep edges whose co-occurrence count is at least this.
    measure:
        The association measure that ranks edges (one of ``weight, jaccard, dice, npmi``).
    top_edges:
        Keep only the strongest edges by ``measure`` (KH Coder draws 60); None keeps all.
    drop_isolates:
        Remove terms left without edges.

    Returns
    -------
    ``networkx.Graph``: nodes carry ``freq`` (tokens) and ``units`` (units containing it); edges
    ``weight``, ``jaccard``, ``dice``, ``npmi``; ``G.graph`` records the parameters and ``n_units``.
    """
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {MEASURES}")
    if unit not in ("article", "sentence"):
        raise ValueError("unit must be 'article' or 'sentence'")
    t = tokens
    if unit == "sentence":
        t = t.assign(_block=t["sentence"] // max(1, int(sentence_window)))
        unit_cols = ["doc_id", "article", "_block"]
    else:
        unit_cols = ["doc_id", "article"]
    unit_id = t.groupby(unit_cols, sort=True, observed=True).ngroup().to_numpy()
    n_units = int(unit_id.max()) + 1 if len(unit_id) else 0
    # tokens as integer codes (one string per distinct token, never one per row: linear memory at any size)
    codes, uniques = pd.factorize(t[token_column], use_na_sentinel=False)
    words, merged = pd.factorize(pd.Index(uniques).astype(str))
    codes = words[codes]
    vocab = np.asarray(merged, dtype=object)
    pair_unit, pair_word = _unique_pairs(unit_id, codes, len(vocab))
    freq = np.bincount(codes, minlength=len(vocab))
    doc_freq = np.bincount(pair_word, minlength=len(vocab))
    return _graph(lambda: [(pair_unit, pair_word)], vocab, freq, doc_freq, n_units, terms=terms, top_n=top_n,
                  unit=unit, sentence_window=sentence_window, min_length=min_length, min_edge=min_edge,
                  measure=measure, top_edges=top_edges, drop_isolates=drop_isolates)


def _unique_pairs(unit: np.ndarray, word: np.ndarray, n_words: int) -> tuple[np.ndarray, np.ndarray]:
    """Each (unit, word) pair once, sorted."""
    width = max(int(n_words), 1)
    pair = sorted_unique(np.asarray(unit, dtype=np.int64) * width + word)
    return pair // width, pair % width


class CooccurrenceCounts:
    """What :func:`cooccurrence_network` needs of a token table with article units, gathered piece by piece: each
    (article, word) pair once, and each word's frequency and number of articles, as integers. For a token table
    too large to hold (the build feeds it the pieces of the tokenizer): ``counts.add(piece)`` for every piece,
    then ``counts.graph(top_n=…)`` is ``cooccurrence_network(whole_table, top_n=…)``. An article may be split
    over pieces (then the pairs are made unique over all pieces at the end, which costs more memory).
    """

    def __init__(self, token_column: str = "token"):
        self.token_column = token_column
        self._word_code: dict[str, int] = {}
        self._unit_code: dict[tuple, int] = {}
        self._freq = np.zeros(0, dtype=np.int64)
        self._doc_freq = np.zeros(0, dtype=np.int64)
        self._pairs: list[tuple[np.ndarray, np.ndarray]] = []
        self._split = False  # an article seen in more than one piece

    @property
    def n_tokens(self) -> int:
        """Tokens counted so far."""
        return int(self._freq.sum())

    def add(self, tokens: pd.DataFrame) -> None:
        """Count one piece of a token table (``doc_id, article`` and the token column)."""
        if tokens.empty:
            return
        unit_local = tokens.groupby(["doc_id", "article"], sort=False, observed=True).ngroup().to_numpy()
        keys = tokens[["doc_id", "article"]].drop_duplicates()
        known = len(self._unit_code)
        units = np.array([self._unit_code.setdefault((str(d), a), len(self._unit_code))
                          for d, a in zip(keys["doc_id"].tolist(), keys["article"].tolist())], dtype=np.int64)
        self._split = self._split or bool((units < known).any())
        codes, uniques = pd.factorize(tokens[self.token_column], use_na_sentinel=False)
        words = np.array([self._word_code.setdefault(w, len(self._word_code))
                          for w in pd.Index(uniques).astype(str)], dtype=np.int64)
        local_unit, local_word = _unique_pairs(unit_local, codes, len(uniques))
        unit, word = units[local_unit], words[local_word]
        self._pairs.append((unit.astype(np.int32), word.astype(np.int32)))
        self._freq = _add_counts(self._freq, np.bincount(words[codes], minlength=len(self._word_code)))
        self._doc_freq = _add_counts(self._doc_freq, np.bincount(word, minlength=len(self._word_code)))

    def graph(self, **params) -> nx.Graph:
        """The network (parameters of :func:`cooccurrence_network`, article units)."""
        if params.get("unit", "article") != "article":
            raise ValueError("CooccurrenceCounts counts article units; use cooccurrence_network for sentences")
        vocab = np.array(list(self._word_code), dtype=object)
        freq, doc_freq = _add_counts(self._freq, np.zeros(len(vocab), np.int64)), self._doc_freq
        if self._split:  # an article's pairs in several pieces: count each pair once
            unit = np.concatenate([u for u, _ in self._pairs])
            doc_freq = np.bincount(_unique_pairs(unit, np.concatenate([w for _, w in self._pairs]), len(vocab))[1],
                                   minlength=len(vocab))
        doc_freq = _add_counts(doc_freq, np.zeros(len(vocab), np.int64))
        return _graph(lambda: self._pairs, vocab, freq, doc_freq, len(self._unit_code), **params)


def _add_counts(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``a + b`` for count vectors of different lengths (the shorter padded with zeros)."""
    out = np.zeros(max(len(a), len(b)), dtype=np.int64)
    out[: len(a)] += a
    out[: len(b)] += b
    return out


def _graph(pairs, vocab: np.ndarray, freq: np.ndarray, doc_freq: np.ndarray, n_units: int, *,
           terms: Sequence[str] | None = None, top_n: int = 60, unit: str = "article", sentence_window: int = 1,
           min_length: int = 2, min_edge: int = 2, measure: str = "jaccard", top_edges: int | None = 60,
           drop_isolates: bool = True) -> nx.Graph:
    """The network from the (unit, word) pairs (``pairs()``: chunks of unit and word codes), the words, their
    frequencies and numbers of units (see :func:`cooccurrence_network`). Only the pairs of the chosen terms are
    gathered, each once."""
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {MEASURES}")
    n_words = len(vocab)
    code_of = {w: i for i, w in enumerate(vocab)}
    if terms is None:
        cand = pd.DataFrame({"term": vocab, "units": doc_freq, "freq": freq})
        cand = cand[(cand["term"].str.len() >= min_length) & cand["term"].str.contains(r"[^\W\d_]", regex=True)]
        cand = cand.sort_values(["units", "freq", "term"], ascending=[False, False, True], kind="stable")
        terms = cand["term"].head(top_n).tolist()
    terms = [w for w in dict.fromkeys(terms) if w in code_of]
    column = np.full(n_words, -1, dtype=np.int64)
    column[[code_of[w] for w in terms]] = np.arange(len(terms))
    units, columns = [np.zeros(0, np.int64)], [np.zeros(0, np.int64)]
    for u, w in pairs():
        keep = column[w] >= 0
        units.append(u[keep].astype(np.int64))
        columns.append(column[w[keep]])
    pair_unit, pair_column = _unique_pairs(np.concatenate(units), np.concatenate(columns), len(terms))
    X = sparse.csr_matrix((np.ones(len(pair_unit)), (pair_unit, pair_column)), shape=(n_units, len(terms)))
    C = (X.T @ X).tocoo()
    d = np.asarray(X.sum(axis=0)).ravel()
    G = nx.Graph(unit=unit, sentence_window=int(sentence_window), n_units=n_units, measure=measure,
                 min_edge=int(min_edge), top_edges=-1 if top_edges is None else int(top_edges))
    for w in terms:
        G.add_node(w, freq=int(freq[code_of[w]]), units=int(doc_freq[code_of[w]]))
    m = (C.row < C.col) & (C.data >= min_edge)
    i, j, c = C.row[m], C.col[m], C.data[m]
    di, dj = d[i], d[j]
    jac = c / (di + dj - c)
    dice = 2 * c / (di + dj)
    with np.errstate(divide="ignore", invalid="ignore"):
        pij, pi, pj = c / n_units, di / n_units, dj / n_units
        npmi = np.where(pij < 1, np.log(pij / (pi * pj)) / -np.log(pij), 1.0)
    edges = pd.DataFrame({"i": i, "j": j, "weight": c.astype(int), "jaccard": jac, "dice": dice, "npmi": npmi})
    edges["a"] = [terms[k] for k in edges["i"]]
    edges["b"] = [terms[k] for k in edges["j"]]
    edges = edges.sort_values([measure, "weight", "a", "b"], ascending=[False, False, True, True], kind="stable")
    if top_edges is not None:
        edges = edges.head(top_edges)
    for r in edges.itertuples(index=False):
        G.add_edge(r.a, r.b, weight=int(r.weight), jaccard=float(r.jaccard), dice=float(r.dice),
                   npmi=float(r.npmi))
    if drop_isolates:
        G.remove_nodes_from([n for n in list(G.nodes) if G.degree(n) == 0])
    log.info("co-occurrence network: %d terms, %d edges over %d %s unit(s)", G.number_of_nodes(),
             G.number_of_edges(), n_units, unit)
    return G


def network_tables(graph: nx.Graph) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Nodes (``term, freq, units, degree``) and edges (``source, target, weight, jaccard, dice,
    npmi``) as DataFrames."""
    nodes = pd.DataFrame([{"term": n, **a, "degree": graph.degree(n)} for n, a in graph.nodes(data=True)],
                         columns=["term", "freq", "units", "degree"])
    edges = pd.DataFrame([{"source": a, "target": b, **e} for a, b, e in graph.edges(data=True)],
                         columns=["source", "target", *MEASURES])
    return nodes, edges


def write_graphml(graph: nx.Graph, path: str | Path) -> Path:
    """Write the graph as GraphML (UTF-8; opens in Gephi, Cytoscape, yEd). Returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    nx.write_graphml(graph, path, encoding="utf-8")
    log.info("wrote %s", path)
    return path


def _layout(graph: nx.Graph, random_state: int) -> dict:
    """Positions that use the page: the largest component spread by Kamada-Kawai (graph distances), the
    small components in a row beneath it instead of flung to the corners by a spring layout."""
    comps = sorted((sorted(c) for c in nx.connected_components(graph)), key=lambda c: (-len(c), c))
    main = graph.subgraph(comps[0])
    pos = (nx.kamada_kawai_layout(main) if len(comps[0]) > 2 else
           nx.spring_layout(main, seed=random_state))
    pos = {n: np.asarray(p, dtype=float) for n, p in pos.items()}
    rest = comps[1:]
    for k, comp in enumerate(rest):
        sub = nx.spring_layout(graph.subgraph(comp), seed=random_state, scale=0.12)
        x = -1 + (2 * (k + 0.5) / len(rest))
        for n, p in sub.items():
            pos[n] = np.array([x, -1.35]) + np.asarray(p, dtype=float)
    return pos


def _repel_labels(ax, texts, *, rounds: int = 120, pad: float = 2.0) -> None:
    """Move overlapping labels apart (in display space) until none overlap or ``rounds`` is reached."""
    if len(texts) < 2:
        return
    fig = ax.figure
    ax.margins(0.1)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    inv = ax.transData.inverted()
    for _ in range(rounds):
        boxes = [t.get_window_extent(renderer).expanded(1.0, 1.0).padded(pad) for t in texts]
        moved = False
        for i in range(len(texts)):
            for j in range(i + 1, len(texts)):
                a, b = boxes[i], boxes[j]
                if not a.overlaps(b):
                    continue
                dx = (a.x0 + a.x1 - b.x0 - b.x1) / 2 or 1.0
                dy = (a.y0 + a.y1 - b.y0 - b.y1) / 2 or 1.0
                ox = min(a.x1, b.x1) - max(a.x0, b.x0)
                oy = min(a.y1, b.y1) - max(a.y0, b.y0)
                step = np.array([0.0, np.sign(dy) * (oy / 2 + 1)]) if oy < ox else np.array([np.sign(dx) * (ox / 2 + 1), 0.0])
                for t, sgn in ((texts[i], 1), (texts[j], -1)):
                    x, y = ax.transData.transform(t.get_position())
                    t.set_position(inv.transform((x + sgn * step[0], y + sgn * step[1])))
                boxes[i] = texts[i].get_window_extent(renderer).padded(pad)
                boxes[j] = texts[j].get_window_extent(renderer).padded(pad)
                moved = True
        if not moved:
            break


def plot_network(graph: nx.Graph, *, ax=None, measure: str | None = None, random_state: int = 42,
                 communities: bool = True, figsize: tuple[float, float] = (9, 9)):
    """Draw the network with Chinese labels (bundled Noto Sans SC font).

    Node size grows with the term's frequency, edge width with ``measure`` (default the graph's
    ranking measure); with ``communities`` nodes are coloured by greedy modularity communities
    (deterministic), as KH Coder colours its subgraphs. The spring layout is seeded by
    ``random_state``. Returns the matplotlib Figure.
    """
    import matplotlib.pyplot as plt

    from ..viz.theme import use_chinese_font

    font = use_chinese_font()
    measure = measure or graph.graph.get("measure", "jaccard")
    if ax is None:
        fig, ax = plt.subplots(figsize=figsize)
    else:
        fig = ax.figure
    ax.set_axis_off()
    if graph.number_of_nodes() == 0:
        ax.text(0.5, 0.5, "(empty network)", ha="center", va="center")
        return fig
    pos = _layout(graph, random_state)
    freq = np.array([graph.nodes[n].get("freq", 1) for n in graph.nodes], dtype=float)
    sizes = 60 + 600 * np.sqrt(freq / freq.max())
    colors = np.zeros(len(freq))
    if communities and graph.number_of_edges():
        groups = nx.algorithms.community.greedy_modularity_communities(graph, weight="weight")
        lookup = {n: k for k, g in enumerate(groups) for n in g}
        colors = np.array([lookup[n] for n in graph.nodes], dtype=float)
    vals = np.array([e.get(measure, 1.0) for _, _, e in graph.edges(data=True)], dtype=float)
    widths = 0.3 + 2.5 * (vals - vals.min()) / (np.ptp(vals) or 1) if len(vals) else []
    nx.draw_networkx_edges(graph, pos, ax=ax, width=widths, edge_color="#aaaaaa", alpha=0.6)
    nx.draw_networkx_nodes(graph, pos, ax=ax, node_size=sizes, node_color=colors, cmap="Pastel1",
                           edgecolors="#555555", linewidths=0.5)
    texts = [ax.text(x, y, str(node), fontsize=9, fontfamily=font, ha="center", va="center", zorder=5,
                     bbox=dict(boxstyle="round,pad=0.1", fc="white", ec="none", alpha=0.75))
             for node, (x, y) in pos.items()]
    _repel_labels(ax, texts)
    ax.set_title(f"Co-occurrence network ({graph.graph.get('unit', '')}, edges by {measure})")
    return fig
