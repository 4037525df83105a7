r"""Topic models (LDA) on tokenised articles or paragraphs, with model selection and stability.

scikit-learn style ``TopicModel`` (default backend sklearn, optional tomotopy), K selection by
held-out perplexity and gensim coherence, seed stability by Hungarian matching, and charts.

Topic numbers
-------------
Topics are numbered **1 … K everywhere**: the ``topic`` column of :attr:`TopicModel.topic_term_`,
the ``topic_1 … topic_K`` columns of :attr:`TopicModel.doc_topic_`, the labels, the charts and the
pyLDAvis browser (:mod:`helpers.topics.browser`), whose JavaScript counts topics from 1 and keeps
0 for "no topic selected". Topic ``k`` is row ``k - 1`` of :attr:`TopicModel.topic_word_`.

Document unit: articles or paragraphs?
--------------------------------------
LDA learns topics from which words occur *together in the same document*, and describes each
document as a mixture of topics.

* **Articles** (``unit=("doc_id", "article")``, the default) keep a whole report together, so
  each document carries a full mixture of themes and the document-topic table answers "what is
  this article about". But the default corpus has only about 30 articles: too few documents to
  estimate more than a handful of topics, and K selection and stability become noisy.
* **Paragraphs** (add a paragraph column to ``unit``) give ten times more documents, each about
  one thing, which is closer to LDA's assumptions and gives sharper, more stable topics; but a
  paragraph has little context (tens of tokens), very short ones say almost nothing, and the
  document-topic table must be aggregated back to articles (mean of paragraph shares) to be
  read by place. Use paragraphs to *find* topics on a small corpus; use articles when the
  corpus has a few hundred articles or more, or when the article mixture is the result.

Formulas
--------
* **Held-out perplexity** of documents :math:`d` with :math:`N_d` scored in-vocabulary tokens:
  :math:`\exp\big(-\sum_d \log p(\mathbf{w}_d) / \sum_d N_d\big)`; lower is better. By
  "document completion" (Wallach et al. 2009): the topic shares :math:`\hat\theta_d` of a
  held-out document are inferred from its tokens at even positions and its tokens at odd
  positions are scored, :math:`\log p(\mathbf{w}_d) = \sum_w n_{dw} \log \sum_k
  \hat\theta_{dk} \phi_{kw}`, the same for both backends (see :meth:`TopicModel.perplexity`
  for why scikit-learn's own ``perplexity`` is not used). Words not in the fitted vocabulary
  are ignored.
* **NPMI coherence** (``"c_npmi"``, Bouma 2009; Röder et al. 2015) of a topic's top :math:`N`
  words: the mean over word pairs of
  :math:`\mathrm{NPMI}(w_i, w_j) = \frac{\log \frac{P(w_i, w_j) + \epsilon}{P(w_i) P(w_j)}}
  {-\log (P(w_i, w_j) + \epsilon)} \in [-1, 1]`, probabilities estimated from sliding windows of
  10 tokens over the corpus texts; ``"c_v"`` uses windows of 110 and compares NPMI context
  vectors by cosine (range [0, 1]). Both are gensim's ``CoherenceModel`` (``processes=1``),
  on the texts and a ``Dictionary`` built from the same tokens as the model. Higher is better.
* **Stability** of K (Greene et al. 2014): fit with several seeds; match the topics of each run
  to those of the first run by the Hungarian algorithm (``scipy.optimize.linear_sum_assignment``)
  maximising the total cosine similarity of topic-word distributions; a topic's stability is
  its mean matched cosine over the other runs, K's stability the mean over topics. 1.0 means the
  same topics in every run.
"""
from __future__ import annotations

import logging
import math
import time
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.optimize import linear_sum_assignment
from sklearn.base import BaseEstimator
from sklearn.feature_extraction.text import CountVectorizer

from ..core.documents import attach_metadata
from ..core.jsonable import to_jsonable
from .keywords import ARTICLE_UNIT, Docs, count_matrix, identity_analyzer, token_lists

log = logging.getLogger(__name__)

BACKENDS = ("sklearn", "tomotopy")
COHERENCE_MEASURES = ("c_npmi", "c_v")
#: Iterations when ``max_iter=None``: variational EM passes (sklearn) or Gibbs sweeps (tomotopy).
DEFAULT_MAX_ITER = {"sklearn": 20, "tomotopy": 200}


def topic_columns(n_topics: int) -> list[str]:
    """Column names of a document-topic table: ``topic_1 … topic_K``."""
    return [f"topic_{k}" for k in range(1, n_topics + 1)]


class TopicModel(BaseEstimator):
    """LDA topic model on tokenised documents, scikit-learn style.

    Parameters
    ----------
    n_topics:
        K, the number of topics.
    backend:
        ``"sklearn"`` (``LatentDirichletAllocation``, variational Bayes; default, a core
        dependency) or ``"tomotopy"`` (``tomotopy.LDAModel``, collapsed Gibbs sampling in C++,
        one worker thread so that a seed gives one result; optional extra ``fast``).
    doc_topic_prior, topic_word_prior:
        Symmetric Dirichlet priors α (document-topic) and η (topic-word); ``None`` = 1/K for
        both, scikit-learn's convention, used for both backends so that they fit the same model.
    max_iter:
        Variational EM passes (sklearn) or Gibbs sweeps (tomotopy); ``None`` =
        :data:`DEFAULT_MAX_ITER` (20 passes / 200 sweeps).
    learning_method:
        sklearn only: ``"batch"`` (every pass sees all documents; the choice for small corpora)
        or ``"online"`` (mini-batches; faster on tens of thousands of documents).
    random_state:
        Seed of everything random in the fit: the same seed on the same documents gives
        identical tables.
    min_df, max_df:
        Vocabulary filters over documents (scikit-learn's ``CountVectorizer`` semantics: int =
        number of documents, float = proportion). Dropping words of every document
        (``max_df=0.9``) or hapaxes (``min_df=2``) usually gives cleaner topics.
    unit:
        Key columns of one document when a token table is given (see "Document unit" in the
        module docstring); lists of tokens get a key column ``doc``.
    token_column:
        The token column of a token table.
    n_top_terms:
        Terms per topic kept in :attr:`topic_term_`.
    infer_iter:
        tomotopy only: Gibbs sweeps to infer unseen documents in :meth:`transform` and
        :meth:`perplexity`.

    Attributes (after ``fit``)
    --------------------------
    vocabulary_ : dict[str, int]
        Term → column of :attr:`topic_word_` (as ``CountVectorizer.vocabulary_``).
    topic_word_ : ndarray (K, V)
        Topic-word probabilities φ (rows sum to 1).
    topic_term_ : DataFrame ``topic, rank, term, weight``
        The ``n_top_terms`` most probable terms of each topic (``weight`` = φ).
    doc_topic_ : DataFrame ``<unit keys>, topic_1 … topic_K``
        Topic shares θ of the training documents (rows sum to 1; a document with no
        in-vocabulary token gets 1/K).
    doc_lengths_, term_frequency_ : ndarray
        In-vocabulary tokens per training document and per term (what pyLDAvis needs).
    topic_share_ : Series
        Share of all training tokens assigned to each topic (index 1 … K).
    fit_seconds_ : float

    Examples
    --------
    >>> model = TopicModel(8, random_state=0, max_df=0.9).fit(tokens)      # doctest: +SKIP
    >>> model.suggest_labels()                                              # doctest: +SKIP
    """

    def __init__(self, n_topics: int = 10, *, backend: str = "sklearn", doc_topic_prior: float | None = None,
                 topic_word_prior: float | None = None, max_iter: int | None = None,
                 learning_method: str = "batch", random_state: int = 0, min_df: float | int = 1,
                 max_df: float | int = 1.0, unit: str | Sequence[str] = ARTICLE_UNIT, token_column: str = "token",
                 n_top_terms: int = 30, infer_iter: int = 100) -> None:
        self.n_topics = n_topics
        self.backend = backend
        self.doc_topic_prior = doc_topic_prior
        self.topic_word_prior = topic_word_prior
        self.max_iter = max_iter
        self.learning_method = learning_method
        self.random_state = random_state
        self.min_df = min_df
        self.max_df = max_df
        self.unit = unit
        self.token_column = token_column
        self.n_top_terms = n_top_terms
        self.infer_iter = infer_iter

    @property
    def alpha(self) -> float:
        return self.doc_topic_prior if self.doc_topic_prior is not None else 1.0 / self.n_topics

    @property
    def eta(self) -> float:
        return self.topic_word_prior if self.topic_word_prior is not None else 1.0 / self.n_topics

    @property
    def n_iter(self) -> int:
        return self.max_iter if self.max_iter is not None else DEFAULT_MAX_ITER[self.backend]

    def _check(self) -> None:
        if self.backend not in BACKENDS:
            raise ValueError(f"backend must be one of {BACKENDS}")
        if int(self.n_topics) < 1:
            raise ValueError("n_topics must be at least 1")
        if self.learning_method not in ("batch", "online"):
            raise ValueError("learning_method must be 'batch' or 'online'")

    def _is_fitted(self) -> None:
        if not hasattr(self, "topic_word_"):
            raise RuntimeError("this TopicModel is not fitted yet; call fit(docs) first")

    # -- fitting -----------------------------------------------------------------------------
    def fit(self, docs: Docs) -> TopicModel:
        """Fit the model on a token table (documents = ``unit``) or a list of token lists."""
        self.fit_transform(docs)
        return self

    def fit_transform(self, docs: Docs) -> pd.DataFrame:
        """Fit, and return the training documents' topic shares (:attr:`doc_topic_`)."""
        self._check()
        if len(docs) == 0:
            raise ValueError("no documents to fit")
        # the document-term counts straight from the tokens' codes (CountVectorizer's very matrix, without a
        # list of tokens per document: those of a large corpus took gigabytes)
        keys, counts, vocabulary = count_matrix(docs, unit=self.unit, token_column=self.token_column,
                                                min_df=self.min_df, max_df=self.max_df)
        if not len(keys):
            raise ValueError("no documents to fit")
        self.vocabulary_ = {str(t): int(i) for t, i in sorted(vocabulary.items(), key=lambda x: x[1])}
        # transforms new documents with the fitted vocabulary, as the fitted vectoriser would
        self._vectorizer = CountVectorizer(analyzer=identity_analyzer, vocabulary=self.vocabulary_)
        self.terms_ = np.array(list(self.vocabulary_), dtype=object)
        t0 = time.perf_counter()
        if self.backend == "sklearn":
            theta = self._fit_sklearn(counts)
        else:
            theta = self._fit_tomotopy(counts)
        self.fit_seconds_ = time.perf_counter() - t0
        self.doc_lengths_ = np.asarray(counts.sum(axis=1)).ravel().astype(int)
        self.term_frequency_ = np.asarray(counts.sum(axis=0)).ravel().astype(int)
        share = (theta * self.doc_lengths_[:, None]).sum(axis=0)
        self.topic_share_ = pd.Series(share / share.sum() if share.sum() > 0 else share,
                                      index=pd.RangeIndex(1, self.n_topics + 1, name="topic"), name="share")
        self.topic_term_ = self.top_terms(self.n_top_terms)
        self.topic_term_.attrs["params"] = to_jsonable(self.get_params())
        self.doc_topic_ = self._frame(keys, theta)
        log.info("fitted %s on %d documents, %d terms in %.2f s", self, counts.shape[0], len(self.terms_),
                 self.fit_seconds_)
        return self.doc_topic_

    def _fit_sklearn(self, counts: sparse.csr_matrix) -> np.ndarray:
        from sklearn.decomposition import LatentDirichletAllocation

        self._lda = LatentDirichletAllocation(
            n_components=self.n_topics, doc_topic_prior=self.alpha, topic_word_prior=self.eta,
            learning_method=self.learning_method, max_iter=self.n_iter, random_state=self.random_state)
        theta = self._lda.fit_transform(counts)
        comp = self._lda.components_
        self.topic_word_ = comp / comp.sum(axis=1, keepdims=True)
        return theta

    def _tp_docs(self, counts: sparse.csr_matrix) -> list[list[str] | None]:
        """Each row as a token list in the row's column order (None when empty)."""
        return list(self._tp_rows(counts))

    def _tp_rows(self, counts: sparse.csr_matrix) -> Iterator[list[str] | None]:
        """:meth:`_tp_docs` one row at a time (a large corpus's lists are never all held at once)."""
        counts = counts.tocsr()
        terms = np.asarray([str(t) for t in self.terms_], dtype=object)
        indptr, indices, data = counts.indptr, counts.indices, counts.data.astype(np.int64)
        for i in range(counts.shape[0]):
            a, b = indptr[i], indptr[i + 1]
            yield terms[np.repeat(indices[a:b], data[a:b])].tolist() or None

    def _fit_tomotopy(self, counts: sparse.csr_matrix) -> np.ndarray:
        import tomotopy as tp

        mdl = tp.LDAModel(k=self.n_topics, alpha=self.alpha, eta=self.eta, seed=int(self.random_state))
        index = []
        for i, words in enumerate(self._tp_rows(counts)):
            if words is not None:
                mdl.add_doc(words)
                index.append(i)
        mdl.train(self.n_iter, workers=1)
        self._tp = mdl
        cols = np.array([self.vocabulary_[w] for w in mdl.used_vocabs])
        phi = np.zeros((self.n_topics, len(self.terms_)))
        for k in range(self.n_topics):
            phi[k, cols] = mdl.get_topic_word_dist(k)
        self.topic_word_ = phi / phi.sum(axis=1, keepdims=True)
        theta = np.full((counts.shape[0], self.n_topics), 1.0 / self.n_topics)
        for row, doc in zip(index, mdl.docs):
            theta[row] = doc.get_topic_dist()
        return theta

    # -- using the model ---------------------------------------------------------------------
    def _counts(self, texts: list[list[str]]) -> sparse.csr_matrix:
        return self._vectorizer.transform(texts).tocsr()

    def _infer(self, counts: sparse.csr_matrix) -> tuple[np.ndarray, float]:
        """Topic shares of documents, and their total log-likelihood (tomotopy) or bound (sklearn)."""
        if self.backend == "sklearn":
            theta = self._lda.transform(counts)
            return theta, float("nan")
        theta = np.full((counts.shape[0], self.n_topics), 1.0 / self.n_topics)
        words = self._tp_docs(counts)
        rows = [i for i, w in enumerate(words) if w is not None]
        if not rows:
            return theta, 0.0
        docs = [self._tp.make_doc(words[i]) for i in rows]
        dists, ll = self._tp.infer(docs, iterations=self.infer_iter, workers=1, together=False)
        for i, dist in zip(rows, dists):
            theta[i] = dist
        return theta, float(np.sum(ll))

    def transform(self, docs: Docs) -> pd.DataFrame:
        """Topic shares of (new) documents: ``<unit keys>, topic_1 … topic_K``, rows summing to 1."""
        self._is_fitted()
        keys, texts = token_lists(docs, unit=self.unit, token_column=self.token_column)
        theta, _ = self._infer(self._counts(texts))
        return self._frame(keys, theta)

    def perplexity(self, docs: Docs, *, method: str = "completion") -> float:
        r"""Perplexity of (held-out) documents, :math:`\exp(-\sum_d \log p(\mathbf w_d) / \sum_d N_d)`.

        Parameters
        ----------
        method:
            * ``"completion"`` (default; "document completion", Wallach et al. 2009): each
              document's tokens at even positions estimate its topic shares
              :math:`\hat\theta_d` (:meth:`transform`), the tokens at odd positions are scored:
              :math:`\log p = \sum_{w} n_{dw} \log \sum_k \hat\theta_{dk} \phi_{kw}`. No word
              is used both to fit θ and to score it, and the same formula serves both backends,
              so their values can be compared.
            * ``"plugin"``: the same score with θ estimated on all tokens (optimistic).
            * ``"bound"``: the backend's own number: scikit-learn's
              ``LatentDirichletAllocation.perplexity`` (variational bound) or tomotopy's
              ``infer`` log-likelihood. Beware: scikit-learn's bound adds the topic-word prior
              term of the whole model and divides it by the *held-out* word count, so on a small
              held-out set it grows with K whatever the fit (scikit-learn issue #20032); that is
              why it is not the default.

        Out-of-vocabulary words are ignored; ``nan`` when no in-vocabulary token is scored.
        """
        self._is_fitted()
        _, texts = token_lists(docs, unit=self.unit, token_column=self.token_column)
        if method == "bound":
            counts = self._counts(texts)
            if counts.sum() == 0:
                return float("nan")
            if self.backend == "sklearn":
                return float(self._lda.perplexity(counts))
            _, ll = self._infer(counts)
            return float(math.exp(-ll / counts.sum()))
        if method == "completion":
            estimate, score = [t[0::2] for t in texts], [t[1::2] for t in texts]
        elif method == "plugin":
            estimate = score = texts
        else:
            raise ValueError("method must be 'completion', 'plugin' or 'bound'")
        theta, _ = self._infer(self._counts(estimate))
        sums = theta.sum(axis=1, keepdims=True)
        theta = np.divide(theta, sums, out=np.full_like(theta, 1.0 / self.n_topics), where=sums > 0)
        counts = self._counts(score).tocoo()
        if counts.sum() == 0:
            return float("nan")
        probs = np.einsum("ij,ji->i", theta[counts.row], self.topic_word_[:, counts.col])
        loglik = float(np.dot(counts.data, np.log(probs)))
        return float(math.exp(-loglik / counts.data.sum()))

    def _frame(self, keys: pd.DataFrame, theta: np.ndarray) -> pd.DataFrame:
        theta = np.asarray(theta, dtype=float)
        sums = theta.sum(axis=1, keepdims=True)
        theta = np.divide(theta, sums, out=np.full_like(theta, 1.0 / self.n_topics), where=sums > 0)
        out = pd.concat([keys.reset_index(drop=True),
                         pd.DataFrame(theta, columns=topic_columns(self.n_topics))], axis=1)
        out.attrs["params"] = to_jsonable(self.get_params())
        return out

    def top_terms(self, n: int = 10, *, lambda_: float = 1.0) -> pd.DataFrame:
        r"""The ``n`` top terms of each topic, ranked by relevance (Sievert & Shirley 2014).

        :math:`r(w, k \mid \lambda) = \lambda \log \phi_{kw} + (1 - \lambda) \log \frac{\phi_{kw}}{p_w}`,
        :math:`p_w` the term's share of the training tokens. ``lambda_=1`` ranks by probability
        (frequent words shared by all topics come first); around 0.6 favours words
        distinctive of the topic. Returns ``topic, rank, term, weight, relevance``
        (``weight`` = φ); ties broken by term.
        """
        self._is_fitted()
        phi = self.topic_word_
        with np.errstate(divide="ignore"):
            logphi = np.log(phi)
            pw = self.term_frequency_ / max(self.term_frequency_.sum(), 1)
            lift = logphi - np.log(pw)
        relevance = lambda_ * logphi + (1 - lambda_) * lift
        rows = []
        for k in range(self.n_topics):
            order = np.lexsort((self.terms_.astype(str), -relevance[k]))[:n]
            for rank, j in enumerate(order, start=1):
                rows.append((k + 1, rank, str(self.terms_[j]), float(phi[k, j]), float(relevance[k, j])))
        return pd.DataFrame(rows, columns=["topic", "rank", "term", "weight", "relevance"])

    def suggest_labels(self, n: int = 3, *, lambda_: float = 1.0, sep: str = "·") -> pd.Series:
        """A label per topic from its ``n`` top terms, e.g. ``"巡察·整改·问题"`` (index 1 … K).

        With ``lambda_`` below 1 (0.6 is common) the labels use distinctive rather than
        frequent words, which tells topics apart when the corpus-wide words (巡察, 工作 …)
        top every topic.
        """
        tt = self.top_terms(n, lambda_=lambda_)
        labels = tt.groupby("topic", sort=True)["term"].agg(sep.join)
        labels.name = "label"
        return labels

    def coherence(self, docs: Docs, *, measure: str = "c_npmi", topn: int = 10) -> pd.Series:
        """gensim coherence of each topic's ``topn`` terms on these documents (index 1 … K)."""
        self._is_fitted()
        _, texts = token_lists(docs, unit=self.unit, token_column=self.token_column)
        topics = self.top_terms(topn).groupby("topic", sort=True)["term"].agg(list).tolist()
        per_topic = topic_coherence(topics, texts, measure=measure, topn=topn)
        return pd.Series(per_topic, index=pd.RangeIndex(1, self.n_topics + 1, name="topic"), name=measure)


def tidy_doc_topic(doc_topic: pd.DataFrame) -> pd.DataFrame:
    """A document-topic table in long form: ``<unit keys>, topic, share`` (topic 1 … K)."""
    cols = [c for c in doc_topic.columns if str(c).startswith("topic_")]
    keys = [c for c in doc_topic.columns if c not in cols]
    out = doc_topic.melt(id_vars=keys, value_vars=cols, var_name="topic", value_name="share")
    out["topic"] = out["topic"].str.removeprefix("topic_").astype("int64")
    return out.sort_values([*keys, "topic"], kind="stable").reset_index(drop=True)


# -- coherence and stability -------------------------------------------------------------------

def topic_coherence(topics: Sequence[Sequence[str]], texts: Sequence[Sequence[str]], *, measure: str = "c_npmi",
                    topn: int = 10) -> list[float]:
    """Coherence of each topic (a list of its top words) on ``texts``, by gensim's ``CoherenceModel``.

    The dictionary is built from ``texts`` (the same tokens the model saw) and the computation
    runs in one process (``processes=1``) so that it is deterministic. Formulas: module docstring.
    """
    if measure not in COHERENCE_MEASURES:
        raise ValueError(f"measure must be one of {COHERENCE_MEASURES}")
    from gensim.corpora import Dictionary
    from gensim.models.coherencemodel import CoherenceModel

    texts = [list(t) for t in texts]
    dictionary = Dictionary(texts)
    topics = [[w for w in t if w in dictionary.token2id][:topn] for t in topics]
    cm = CoherenceModel(topics=topics, texts=texts, dictionary=dictionary, coherence=measure, topn=topn, processes=1)
    return [float(x) for x in cm.get_coherence_per_topic()]


def _unit_rows(matrix: np.ndarray) -> np.ndarray:
    m = np.asarray(matrix, dtype=float)
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    return np.divide(m, norms, out=np.zeros_like(m), where=norms > 0)


def match_topics(reference: np.ndarray, other: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Match the topics of two runs by the Hungarian algorithm on topic-word cosine similarity.

    Parameters
    ----------
    reference, other:
        Topic-word matrices (K × V) over the same vocabulary.

    Returns
    -------
    (match, similarity):
        ``other`` row ``match[i]`` is matched to ``reference`` row ``i`` (a permutation that
        maximises the total cosine), with cosine ``similarity[i]``.
    """
    a, b = _unit_rows(reference), _unit_rows(other)
    if a.shape != b.shape:
        raise ValueError(f"topic-word matrices differ in shape: {a.shape} vs {b.shape}")
    sim = a @ b.T
    rows, cols = linear_sum_assignment(sim, maximize=True)
    match = np.empty(len(rows), dtype=int)
    match[rows] = cols
    return match, np.clip(sim[rows, cols][np.argsort(rows)], -1.0, 1.0)


def _aligned(models: Sequence[TopicModel]) -> list[np.ndarray]:
    """Topic-word matrices of the models over the reference model's vocabulary (0 for missing terms)."""
    ref_terms = models[0].terms_
    out = []
    for m in models:
        m._is_fitted()
        if len(m.terms_) == len(ref_terms) and np.array_equal(m.terms_, ref_terms):
            out.append(m.topic_word_)
            continue
        mat = np.zeros((m.n_topics, len(ref_terms)))
        idx = np.array([m.vocabulary_.get(str(t), -1) for t in ref_terms])
        ok = idx >= 0
        mat[:, ok] = m.topic_word_[:, idx[ok]]
        out.append(mat)
    return out


def topic_stability(models: Sequence[TopicModel]) -> pd.DataFrame:
    """Stability of each topic of ``models[0]`` across runs (e.g. the same K with other seeds).

    Each other run's topics are matched to the first run's by :func:`match_topics`; a topic's
    ``stability`` is its mean matched cosine over the other runs (1.0: found identically in
    every run), ``min_similarity`` the worst match. The mean over topics is K's stability.

    Returns
    -------
    DataFrame ``topic, label, stability, min_similarity`` (topics of ``models[0]``, 1 … K).
    """
    if len(models) < 2:
        raise ValueError("stability needs at least two fitted models")
    ks = {m.n_topics for m in models}
    if len(ks) != 1:
        raise ValueError(f"all models must have the same number of topics, got {sorted(ks)}")
    mats = _aligned(models)
    sims = np.array([match_topics(mats[0], other)[1] for other in mats[1:]])
    return pd.DataFrame({"topic": np.arange(1, models[0].n_topics + 1),
                         "label": models[0].suggest_labels().to_numpy(),
                         "stability": sims.mean(axis=0), "min_similarity": sims.min(axis=0)})


# -- model selection ---------------------------------------------------------------------------

def train_test_split_docs(n_docs: int, *, test_size: float = 0.2, random_state: int = 0
                          ) -> tuple[np.ndarray, np.ndarray]:
    """Indices of training and held-out documents (a seeded shuffle; at least one of each)."""
    if not 0 <= test_size < 1:
        raise ValueError("test_size must be in [0, 1)")
    perm = np.random.default_rng(random_state).permutation(n_docs)
    n_test = 0 if test_size == 0 else min(max(1, round(test_size * n_docs)), n_docs - 1)
    return np.sort(perm[n_test:]), np.sort(perm[:n_test])


def select_k(docs: Docs, ks: Sequence[int] = (2, 4, 6, 8, 10, 12), *, seeds: Sequence[int] = (0, 1, 2),
             test_size: float = 0.2, coherence: str = "c_npmi", topn: int = 10, random_state: int = 0,
             perplexity_method: str = "completion", unit: str | Sequence[str] = ARTICLE_UNIT,
             token_column: str = "token",
             **model_params: Any) -> pd.DataFrame:
    """Fit every K of ``ks`` with every seed and measure held-out perplexity, coherence and stability.

    The documents are split once (``test_size``, seeded by ``random_state``); each model is fitted
    on the training part. Coherence is computed on *all* the documents (the corpus itself) with
    gensim; stability compares each seed's topics with the first seed's (Hungarian matching on
    topic-word cosine). Formulas in the module docstring.

    Parameters
    ----------
    docs:
        Token table (with ``unit``) or list of token lists.
    ks:
        Numbers of topics to try.
    seeds:
        ``random_state`` of each fit; at least two for stability (repeating a seed gives 1.0).
    test_size:
        Share of documents held out for perplexity (0: no perplexity).
    coherence:
        ``"c_npmi"`` or ``"c_v"``.
    topn:
        Top terms per topic for coherence.
    perplexity_method:
        How held-out perplexity is computed (:meth:`TopicModel.perplexity`): ``"completion"``
        (default), ``"plugin"`` or ``"bound"``.
    **model_params:
        Passed to :class:`TopicModel` (``backend``, ``min_df``, ``max_df``, ``max_iter`` …).

    Returns
    -------
    DataFrame, one row per (K, seed): ``k, seed, perplexity_heldout, coherence, stability,
    stability_k, fit_seconds``. ``stability`` is that run's mean matched cosine with the first
    seed's run (NaN for the first run), ``stability_k`` its mean over the K's runs.
    ``result.attrs["topic_stability"]`` holds per-topic records (``k, topic, label,
    stability``) and ``result.attrs["params"]`` the parameters. See :func:`choose_k`,
    :func:`plot_k_selection`.
    """
    keys, texts = token_lists(docs, unit=unit, token_column=token_column)
    train, test = train_test_split_docs(len(texts), test_size=test_size, random_state=random_state)
    train_texts = [texts[i] for i in train]
    test_texts = [texts[i] for i in test]
    from tqdm import tqdm  # a bar on a terminal: the K grid is the long step of a large build

    rows, per_topic, all_topics = [], [], []
    for k in tqdm(ks, desc="topic models: K grid", unit="K", disable=None, leave=False):
        models = []
        for seed in seeds:
            model = TopicModel(int(k), random_state=int(seed), **model_params).fit(train_texts)
            models.append(model)
            perp = model.perplexity(test_texts, method=perplexity_method) if test_texts else float("nan")
            all_topics.append(model.top_terms(topn).groupby("topic")["term"].agg(list).tolist())
            rows.append(dict(k=int(k), seed=int(seed), perplexity_heldout=perp, fit_seconds=model.fit_seconds_))
            log.info("K=%d seed=%d: held-out perplexity %.2f", k, seed, perp)
        stab_runs = [float("nan")]
        if len(models) > 1:
            mats = _aligned(models)
            sims = [match_topics(mats[0], other)[1] for other in mats[1:]]
            stab_runs += [float(s.mean()) for s in sims]
            st = topic_stability(models)
            per_topic += [dict(k=int(k), **r) for r in st.to_dict("records")]
        for row, s in zip(rows[-len(models):], stab_runs):
            row["stability"] = s
            row["stability_k"] = float(np.nanmean(stab_runs)) if len(models) > 1 else float("nan")
    # One gensim pass over the texts for the topics of every run: a topic's coherence depends only
    # on its own words and the window counts, so this equals one CoherenceModel per run.
    flat = [t for topics in all_topics for t in topics]
    per = topic_coherence(flat, texts, measure=coherence, topn=topn) if flat else []
    start = 0
    for row, topics in zip(rows, all_topics):
        row["coherence"] = float(np.mean(per[start:start + len(topics)]))
        start += len(topics)
    out = pd.DataFrame(rows, columns=["k", "seed", "perplexity_heldout", "coherence", "stability", "stability_k",
                                      "fit_seconds"])
    out.attrs["topic_stability"] = [{k: (v if not isinstance(v, np.generic) else v.item()) for k, v in r.items()}
                                    for r in per_topic]
    params = TopicModel(**model_params).get_params()
    params.pop("n_topics")
    params.pop("random_state")
    out.attrs["params"] = dict(ks=[int(k) for k in ks], seeds=[int(s) for s in seeds], test_size=test_size,
                               coherence=coherence, topn=topn, random_state=random_state,
                               perplexity_method=perplexity_method, n_docs=len(texts),
                               n_test=len(test_texts), model=params)
    return out


def k_selection_summary(result: pd.DataFrame) -> pd.DataFrame:
    """Mean and standard deviation over seeds of each metric of :func:`select_k`, one row per K."""
    metrics = ["perplexity_heldout", "coherence", "stability"]
    agg = result.groupby("k", sort=True)[metrics].agg(["mean", "std"])
    agg.columns = [f"{m}_{s}" for m, s in agg.columns]
    return agg.reset_index()


def choose_k(result: pd.DataFrame, *, criterion: str = "coherence", tolerance: float = 0.0) -> int:
    """The K that a :func:`select_k` table favours.

    ``criterion="coherence"`` or ``"stability"``: highest mean over seeds;
    ``"perplexity_heldout"``: lowest. Among Ks within ``tolerance`` of the best value, the
    smallest K is returned (prefer the simpler model). Read the chart too: no single number
    replaces looking at the topics.
    """
    if criterion not in ("coherence", "stability", "perplexity_heldout"):
        raise ValueError("criterion must be 'coherence', 'stability' or 'perplexity_heldout'")
    means = result.groupby("k", sort=True)[criterion].mean().dropna()
    if means.empty:
        raise ValueError(f"no values of {criterion} to choose from")
    if criterion == "perplexity_heldout":
        ok = means[means <= means.min() + tolerance]
    else:
        ok = means[means >= means.max() - tolerance]
    return int(ok.index.min())


# -- views -------------------------------------------------------------------------------------

def plot_k_selection(result: pd.DataFrame, ax: Any = None, *,
                     metrics: Sequence[str] = ("perplexity_heldout", "coherence", "stability")) -> Any:
    """Chart of :func:`select_k`: each metric against K, mean over seeds with the seeds as dots.

    ``ax``: None (a new figure with one panel per metric) or a sequence of as many Axes as
    ``metrics``. Returns the Figure; save it with :func:`helpers.viz.theme.save_figure`.
    Held-out perplexity: lower is better; coherence and stability: higher is better.
    """
    import matplotlib.pyplot as plt

    from ..viz.theme import use_chinese_font

    use_chinese_font()
    metrics = [m for m in metrics if m in result.columns]
    if ax is None:
        fig, axes = plt.subplots(1, len(metrics), figsize=(4.2 * len(metrics), 3.4), squeeze=False)
        axes = list(axes[0])
    else:
        axes = list(np.atleast_1d(ax))
        if len(axes) != len(metrics):
            raise ValueError(f"give {len(metrics)} axes, one per metric")
        fig = axes[0].figure
    names = {"perplexity_heldout": "困惑度 perplexity (held-out, ↓)",
             "coherence": f"一致性 coherence ({result.attrs.get('params', {}).get('coherence', 'c_npmi')}, ↑)",
             "stability": "稳定性 stability (mean cosine, ↑)"}
    for a, metric in zip(axes, metrics):
        data = result.dropna(subset=[metric])
        a.scatter(data["k"], data[metric], s=14, alpha=0.5, color="grey", label="seeds")
        mean = data.groupby("k", sort=True)[metric].mean()
        a.plot(mean.index, mean.to_numpy(), marker="o", label="mean")
        a.set_xlabel("主题数 K")
        a.set_title(names.get(metric, metric), fontsize=10)
        a.set_xticks(sorted(result["k"].unique()))
    fig.suptitle("选择主题数 Choosing K")
    fig.tight_layout()
    return fig


def plot_topic_terms(model: TopicModel, n_terms: int = 10, *, lambda_: float = 1.0, ncols: int = 4,
                     topics: Sequence[int] | None = None) -> Any:
    """Small multiples: one horizontal bar chart of the top terms per topic (φ on the x axis).

    Titles are "主题 k: label" with the numbering of every other view (1 … K). ``lambda_``
    ranks terms by relevance (see :meth:`TopicModel.top_terms`). Returns the Figure.
    """
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    from ..viz.theme import label_bars, use_chinese_font

    use_chinese_font()
    tt = model.top_terms(n_terms, lambda_=lambda_)
    labels = model.suggest_labels(lambda_=lambda_)
    topics = list(topics) if topics is not None else list(range(1, model.n_topics + 1))
    ncols = max(1, min(ncols, len(topics)))
    nrows = math.ceil(len(topics) / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(3.2 * ncols, 0.28 * n_terms * nrows + 1.0 * nrows),
                             squeeze=False)
    for a in axes.ravel()[len(topics):]:
        a.set_visible(False)
    for a, k in zip(axes.ravel(), topics):
        sub = tt[tt["topic"] == k].sort_values("rank")
        a.barh(range(len(sub)), sub["weight"], color=f"C{(k - 1) % 10}", height=0.65)
        a.set_yticks(range(len(sub)), sub["term"])
        a.invert_yaxis()
        a.grid(axis="y", visible=False)
        label_bars(a, sub["weight"], fmt=lambda v: f"{v:.3f}", fontsize=7)
        a.xaxis.set_major_locator(MaxNLocator(nbins=3))
        a.set_title(f"主题 {k}: {labels.loc[k]}", fontsize=9)
        a.tick_params(axis="both", labelsize=8)
        a.set_xlabel("φ (词在主题中的概率 · word probability)", fontsize=8)
    fig.tight_layout()
    return fig


def plot_doc_topic_heatmap(doc_topic: pd.DataFrame, group_col: str, *, articles: pd.DataFrame | None = None,
                           labels: pd.Series | None = None, ax: Any = None, annotate: bool = True) -> Any:
    """Heatmap of the mean topic share of the documents of each group (e.g. ``place``).

    Parameters
    ----------
    doc_topic:
        A document-topic table (:attr:`TopicModel.doc_topic_` or ``transform``): unit keys and
        ``topic_1 … topic_K``.
    group_col:
        The group column, in ``doc_topic`` or in ``articles`` (joined on ``doc_id, article``).
    labels:
        Topic labels (index 1 … K, e.g. ``model.suggest_labels()``) for the x axis.

    Returns the Figure. Rows are groups, columns topics; each cell is the mean share (rows of
    documents weigh equally), so each row sums to 1.
    """
    import matplotlib.pyplot as plt

    from ..viz.theme import use_chinese_font

    use_chinese_font()
    cols = [c for c in doc_topic.columns if c.startswith("topic_")]
    data = doc_topic
    if group_col not in data.columns:
        if articles is None:
            raise ValueError(f"{group_col!r} is not in doc_topic; pass articles= to join it")
        data = attach_metadata(data, articles, group_col)
    table = data.groupby(group_col, sort=True)[cols].mean()
    xt = [f"{c.split('_')[1]}" + (f" {labels.loc[int(c.split('_')[1])]}" if labels is not None else "") for c in cols]
    if ax is None:
        fig, ax = plt.subplots(figsize=(max(4.0, 0.9 * len(cols) + 2), max(2.5, 0.4 * len(table) + 1.5)))
    else:
        fig = ax.figure
    im = ax.imshow(table.to_numpy(), aspect="auto", cmap="Blues", vmin=0, vmax=max(float(table.to_numpy().max()), 1e-9))
    ax.set_xticks(range(len(cols)), xt, rotation=45 if labels is not None else 0, ha="right" if labels is not None
                  else "center", fontsize=8)
    ax.set_yticks(range(len(table)), [str(i) for i in table.index], fontsize=8)
    ax.set_xlabel("主题 topic")
    ax.set_ylabel(group_col)
    ax.grid(False)
    if annotate:
        values = table.to_numpy()
        for i in range(values.shape[0]):
            for j in range(values.shape[1]):
                ax.text(j, i, f"{values[i, j]:.2f}", ha="center", va="center", fontsize=7,
                        color="white" if values[i, j] > 0.6 * values.max() else "black")
    fig.colorbar(im, ax=ax, label="平均主题比例 mean share")
    fig.tight_layout()
    return fig


# -- synthetic corpora -------------------------------------------------------------------------

def synthetic_corpus(n_docs: int = 200, n_topics: int = 4, *, words_per_topic: int = 25, doc_length: int = 50,
                     alpha: float = 0.1, random_state: int = 0) -> tuple[list[list[str]], np.ndarray]:
    r"""Documents generated by LDA's own story from known topics, to check that methods find them.

    Topic :math:`k` owns ``words_per_topic`` words ``"t{k}w{j}"`` (disjoint vocabularies) with
    Zipf probabilities :math:`\propto 1/(j+1)`; each document draws shares
    :math:`\theta \sim \mathrm{Dirichlet}(\alpha)`, a length :math:`\sim \mathrm{Poisson}` (at
    least 1), then for each token a topic from θ and a word from that topic.

    Returns
    -------
    (texts, topic_word):
        The token lists and the true K × V topic-word matrix (columns in the order
        ``t0w0, t0w1, …``).
    """
    rng = np.random.default_rng(random_state)
    vocab = np.array([f"t{k}w{j}" for k in range(n_topics) for j in range(words_per_topic)], dtype=object)
    zipf = 1.0 / np.arange(1, words_per_topic + 1)
    zipf /= zipf.sum()
    topic_word = np.zeros((n_topics, len(vocab)))
    for k in range(n_topics):
        topic_word[k, k * words_per_topic:(k + 1) * words_per_topic] = zipf
    texts = []
    for _ in range(n_docs):
        theta = rng.dirichlet(np.full(n_topics, alpha))
        per_topic = rng.multinomial(max(1, int(rng.poisson(doc_length))), theta)
        words = np.concatenate([k * words_per_topic + rng.choice(words_per_topic, size=c, p=zipf)
                                for k, c in enumerate(per_topic) if c])
        rng.shuffle(words)
        texts.append([str(w) for w in vocab[words]])
    return texts, topic_word
