r"""Keywords by TF-IDF: the terms that characterise each article, paragraph or group of articles.

Works on already tokenised text (a tidy token table or lists of tokens); nothing is re-tokenised.

Formulas
--------
scikit-learn's TF-IDF (``TfidfVectorizer`` defaults, which this module follows) for term
:math:`t` in document :math:`d` of a collection of :math:`n` documents:

* :math:`\mathrm{tf}(t, d)` = raw count of :math:`t` in :math:`d`
  (with ``sublinear_tf=True``: :math:`1 + \ln \mathrm{tf}` for :math:`\mathrm{tf} > 0`);
* :math:`\mathrm{idf}(t) = \ln \frac{1 + n}{1 + \mathrm{df}(t)} + 1` with ``smooth_idf=True``
  (default; as if one extra document contained every term once), else
  :math:`\ln \frac{n}{\mathrm{df}(t)} + 1`, where :math:`\mathrm{df}(t)` is the number of
  documents containing :math:`t`. The ``+ 1`` keeps terms found in every document (idf > 0).
* :math:`\mathrm{tfidf}(t, d) = \mathrm{tf}(t, d) \cdot \mathrm{idf}(t)`, then each document
  vector is divided by its Euclidean length (``norm="l2"``), its sum of absolute values
  (``"l1"``) or left as it is (``None``).

Groups (place, admin level, year …)
-----------------------------------
Two ways are offered (``aggregate=``):

* ``"mean"`` (default): the group's score is the **mean of its units' normalised TF-IDF
  vectors**. IDF is estimated over the units (articles or paragraphs: a few dozen to hundreds of
  documents, not a handful of groups); each article weighs the same whatever its length; and
  the per-unit and per-group tables share one vocabulary and one IDF, so their numbers can be
  compared. This is why it is the default.
* ``"concat"``: each group's tokens are concatenated into one document and TF-IDF is computed
  over the groups (:math:`n` = number of groups). This is the classic "what distinguishes this
  group from the other groups", but with few groups (three admin levels, two years) the IDF
  takes only a few values, and a term found in every group gets the lowest IDF even when it is
  concentrated in one of them; long articles dominate their group.
"""
from __future__ import annotations

import logging
from collections.abc import Sequence
from numbers import Integral
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer

from ..core.jsonable import to_jsonable

log = logging.getLogger(__name__)

#: The default document unit of a token table: one article.
ARTICLE_UNIT: tuple[str, ...] = ("doc_id", "article")
#: The key column given to units when the input is a list of token lists.
LIST_UNIT: str = "doc"

Docs = pd.DataFrame | Sequence[Sequence[str]]


def identity_analyzer(doc: Sequence[str]) -> Sequence[str]:
    """The vectoriser's analyzer: a document already *is* its list of tokens (no re-tokenising)."""
    return doc


def _cols(by: str | Sequence[str]) -> list[str]:
    return [by] if isinstance(by, str) else list(by)


def token_lists(docs: Docs, *, unit: str | Sequence[str] = ARTICLE_UNIT,
                token_column: str = "token") -> tuple[pd.DataFrame, list[list[str]]]:
    """Documents as lists of tokens, with the keys that identify them.

    Parameters
    ----------
    docs:
        A tidy token table (one row per token, columns ``unit`` + ``token_column``, optionally
        ``position``) or a sequence of token lists.
    unit:
        The key column(s) of one document in a token table: ``("doc_id", "article")`` for
        articles, add a paragraph/sentence column for smaller units. Ignored for token lists,
        whose key is a column ``doc`` numbering them 0, 1, ….

    Returns
    -------
    (keys, texts):
        ``keys`` has one row per document (sorted by the unit columns for a table, in input order
        for lists) and ``texts[i]`` is the token list of row ``i``, in ``position`` order when the
        table has that column. ``doc_id`` is returned as ``str``.
    """
    if isinstance(docs, pd.DataFrame):
        unit = _cols(unit)
        missing = set(unit + [token_column]) - set(docs.columns)
        if missing:
            raise ValueError(f"the token table lacks column(s) {sorted(missing)}")
        fast = _token_lists_by_codes(docs, unit, token_column)
        if fast is not None:
            return fast
        df = docs[[*unit, token_column] + (["position"] if "position" in docs.columns else [])]
        if "doc_id" in unit:
            df = df.assign(doc_id=df["doc_id"].astype(str))
        sort_cols = unit + (["position"] if "position" in df.columns else [])
        df = df.sort_values(sort_cols, kind="stable")
        grouped = df.groupby(unit, sort=True, dropna=False)[token_column].agg(list)
        keys = grouped.index.to_frame(index=False)
        return keys, [[str(t) for t in toks] for toks in grouped.tolist()]
    if isinstance(docs, (str, bytes)):
        raise TypeError("docs must be a token table or a list of token lists, not a string")
    texts = []
    for d in docs:
        if isinstance(d, str):
            raise TypeError("each document must be a list of tokens, not a string (tokenise first)")
        texts.append([str(t) for t in d])
    return pd.DataFrame({LIST_UNIT: np.arange(len(texts))}), texts


def _sorted_codes(values: pd.Series, as_text: bool) -> tuple[np.ndarray, pd.Index] | None:
    """Codes of a key column numbered in sorted order (as text when ``as_text``), and the sorted values; None
    when the column has missing values (the general path handles them)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    if (codes < 0).any():
        return None
    if as_text:
        uniques = pd.Index(np.asarray(pd.Index(uniques).astype(str), dtype=object))
    else:
        uniques = pd.Index(np.asarray(uniques))
    rank, levels = pd.factorize(uniques, sort=True)
    return rank[codes], levels


def _token_lists_by_codes(docs: pd.DataFrame, unit: list[str], token_column: str
                          ) -> tuple[pd.DataFrame, list[list[str]]] | None:
    """:func:`token_lists` of a table by integer codes instead of a group-by of Python lists: the same keys and
    lists, in memory and time linear in the tokens (each distinct token is one string object shared by the
    lists). None when the table is empty or a key column has missing values."""
    coded = _coded_tokens(docs, unit, token_column)
    if coded is None:
        return None
    keys, bounds, tok_codes, words = coded
    words = words[tok_codes]
    return keys, [words[a:b].tolist() for a, b in zip(bounds[:-1], bounds[1:])]


def _coded_tokens(docs: pd.DataFrame, unit: list[str], token_column: str
                  ) -> tuple[pd.DataFrame, list[int], np.ndarray, np.ndarray] | None:
    """The documents of a token table as :func:`token_lists` orders them, in integer codes: ``(keys, bounds,
    codes, words)``: document ``i``'s tokens are ``words[codes[bounds[i]:bounds[i + 1]]]`` (``words``: each
    distinct token once, as text). None when the table is empty or a key column has missing values."""
    if docs.empty:
        return None
    coded = []
    for c in unit:
        got = _sorted_codes(docs[c], as_text=c == "doc_id")
        if got is None:
            return None
        coded.append(got)
    n = len(docs)
    group = np.zeros(n, dtype=np.int64)
    for codes, levels in coded:
        group = group * len(levels) + codes
    position = docs["position"].to_numpy() if "position" in docs.columns else None
    step = np.diff(group)
    if (step >= 0).all() and (position is None or ((step > 0) | (np.diff(position) >= 0)).all()):
        order = None  # already in (unit, position) order, as a table in document order is: nothing to sort
    else:
        sort_keys = [position] if position is not None else []
        order = np.lexsort([*sort_keys, *(codes for codes, _ in reversed(coded))])  # stable, as sort_values
        group = group[order]
    first = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    rows = first if order is None else order[first]
    keys = pd.DataFrame({c: levels[codes[rows]] for c, (codes, levels) in zip(unit, coded)})
    tok_codes, tok_uniques = pd.factorize(docs[token_column], use_na_sentinel=False)
    words = np.array([str(t) for t in tok_uniques], dtype=object)
    return keys, [*first.tolist(), n], (tok_codes if order is None else tok_codes[order]), words


def count_matrix(docs: Docs, *, unit: str | Sequence[str] = ARTICLE_UNIT, token_column: str = "token",
                 min_df: float | int = 1, max_df: float | int = 1.0
                 ) -> tuple[pd.DataFrame, sparse.csr_matrix, dict[str, int]]:
    """The document-term counts of :func:`token_lists`' documents: ``(keys, counts, vocabulary)``, exactly
    ``CountVectorizer(analyzer=identity_analyzer, min_df=min_df, max_df=max_df).fit_transform(texts)`` and its
    ``vocabulary_`` (the same matrix, entries of a row in the same order), made from the tokens' integer codes
    for a token table: no list of tokens per document (a 100 MB corpus's lists and the vectoriser's own lists of
    Python integers took gigabytes). A sequence of token lists, or a table the codes cannot take, goes through
    the vectoriser."""
    coded = None
    if isinstance(docs, pd.DataFrame):
        missing = set(_cols(unit) + [token_column]) - set(docs.columns)
        if missing:
            raise ValueError(f"the token table lacks column(s) {sorted(missing)}")
        coded = _coded_tokens(docs, _cols(unit), token_column)
    if coded is None:
        keys, texts = token_lists(docs, unit=unit, token_column=token_column)
        cv = CountVectorizer(analyzer=identity_analyzer, min_df=min_df, max_df=max_df)
        counts = cv.fit_transform(texts).tocsr()
        return keys, counts, cv.vocabulary_
    keys, bounds, codes, words = coded
    merged, words = pd.factorize(words)  # two values with one text (1 and "1") are one term, as in the lists
    codes = merged[codes]
    n_docs = len(keys)
    doc = np.repeat(np.arange(n_docs, dtype=np.int64), np.diff(np.asarray(bounds, dtype=np.int64)))
    # the vectoriser numbers the terms in the order they first occur (documents in order, tokens in order)
    seen, first_codes = pd.factorize(codes)
    del codes
    n_terms = len(first_codes)
    pair, counts = np.unique(doc * max(n_terms, 1) + seen, return_counts=True)  # (document, term) sorted
    del doc, seen
    row, col = np.divmod(pair, max(n_terms, 1))
    del pair
    index_type = np.int64 if len(col) > np.iinfo(np.int32).max else np.int32
    indptr = np.zeros(n_docs + 1, dtype=np.int64)
    np.cumsum(np.bincount(row, minlength=n_docs), out=indptr[1:])
    del row
    X = sparse.csr_matrix((counts.astype(np.int64), col.astype(index_type), indptr.astype(index_type)),
                          shape=(n_docs, n_terms), dtype=np.int64)
    del counts, col
    X.sort_indices()
    vocabulary = {str(words[c]): i for i, c in enumerate(first_codes)}
    # then as CountVectorizer.fit_transform: the document-frequency limits, then the columns in term order
    max_count = max_df if isinstance(max_df, Integral) else max_df * n_docs
    min_count = min_df if isinstance(min_df, Integral) else min_df * n_docs
    if max_count < min_count:
        raise ValueError("max_df corresponds to < documents than min_df")
    dfs = np.bincount(X.indices, minlength=X.shape[1])
    mask = (dfs <= max_count) & (dfs >= min_count)
    new_indices = np.cumsum(mask) - 1
    for term, old in list(vocabulary.items()):
        if mask[old]:
            vocabulary[term] = new_indices[old]
        else:
            del vocabulary[term]
    kept = np.where(mask)[0]
    if len(kept) == 0:
        raise ValueError("After pruning, no terms remain. Try a lower min_df or a higher max_df.")
    X = X[:, kept]
    map_index = np.empty(len(vocabulary), dtype=X.indices.dtype)
    for new, (term, old) in enumerate(sorted(vocabulary.items())):
        vocabulary[term] = new
        map_index[old] = new
    X.indices = map_index.take(X.indices, mode="clip")
    return keys, X.tocsr(), vocabulary


def feature_names(vocabulary: dict[str, int]) -> np.ndarray:
    """The terms in column order (``CountVectorizer.get_feature_names_out()``)."""
    return np.asarray([t for t, _ in sorted(vocabulary.items(), key=lambda kv: kv[1])], dtype=object)


def _group_frame(keys: pd.DataFrame, groups: pd.DataFrame, group_by: str | Sequence[str] | None
                 ) -> tuple[pd.DataFrame, list[str]]:
    unit = list(keys.columns)
    missing = set(unit) - set(groups.columns)
    if missing:
        raise ValueError(f"groups lacks the unit column(s) {sorted(missing)}")
    gcols = _cols(group_by) if group_by is not None else [c for c in groups.columns if c not in unit]
    if not gcols:
        raise ValueError("groups has no group column besides the unit keys; pass group_by=")
    g = groups[[*unit, *gcols]].drop_duplicates(unit)
    if "doc_id" in unit:
        g = g.assign(doc_id=g["doc_id"].astype(str))
    merged = keys.merge(g, on=unit, how="left", validate="one_to_one")
    return merged, gcols


def _vectorise(texts: list[list[str]], *, min_df: float | int, max_df: float | int, sublinear_tf: bool,
               norm: str | None, smooth_idf: bool) -> tuple[sparse.csr_matrix, sparse.csr_matrix, np.ndarray,
                                                           TfidfTransformer]:
    cv = CountVectorizer(analyzer=identity_analyzer, min_df=min_df, max_df=max_df)
    counts = cv.fit_transform(texts).tocsr()
    tt = TfidfTransformer(norm=norm, use_idf=True, smooth_idf=smooth_idf, sublinear_tf=sublinear_tf)
    weights = tt.fit_transform(counts).tocsr()
    return counts, weights, cv.get_feature_names_out(), tt


def _weigh(counts: sparse.csr_matrix, vocabulary: dict[str, int], *, sublinear_tf: bool, norm: str | None,
           smooth_idf: bool) -> tuple[sparse.csr_matrix, sparse.csr_matrix, np.ndarray, TfidfTransformer]:
    """:func:`_vectorise` of counts already made (:func:`count_matrix`)."""
    tt = TfidfTransformer(norm=norm, use_idf=True, smooth_idf=smooth_idf, sublinear_tf=sublinear_tf)
    weights = tt.fit_transform(counts).tocsr()
    return counts, weights, feature_names(vocabulary), tt


def _top_rows(scores: np.ndarray, tf: np.ndarray, df: np.ndarray, idf: np.ndarray, terms: np.ndarray,
              top_n: int) -> list[tuple[int, str, float, int, int, float]]:
    """Top ``top_n`` terms of one row: by score descending, ties by term (deterministic)."""
    nz = np.flatnonzero(scores > 0)
    order = sorted(nz, key=lambda j: (-scores[j], terms[j]))[:top_n]
    return [(rank, str(terms[j]), float(scores[j]), int(tf[j]), int(df[j]), float(idf[j]))
            for rank, j in enumerate(order, start=1)]


def tfidf_top_terms(tokens: Docs, *, by: str | Sequence[str] = ARTICLE_UNIT, groups: pd.DataFrame | None = None,
                    group_by: str | Sequence[str] | None = None, aggregate: str = "mean", top_n: int = 10,
                    min_df: float | int = 1, max_df: float | int = 1.0, sublinear_tf: bool = False,
                    norm: str | None = "l2", smooth_idf: bool = True, token_column: str = "token") -> pd.DataFrame:
    """Top TF-IDF terms per document unit, or per group of units.

    Parameters
    ----------
    tokens:
        A token table (``doc_id, article, position, token`` …, stopwords already removed) or a
        sequence of token lists (then the unit key is ``doc`` = 0, 1, …).
    by:
        The unit columns of the token table: ``("doc_id", "article")`` for articles, or a
        paragraph key. These units are the "documents" of TF-IDF (``aggregate="mean"``).
    groups:
        Optional table mapping units (the ``by`` columns) to group column(s) such as ``place``,
        ``admin_level`` or ``year``, e.g. the articles table. Units without a group are dropped
        (logged). Without ``groups`` the result has one block per unit.
    group_by:
        Which columns of ``groups`` form the group; default every column that is not a unit key.
    aggregate:
        ``"mean"`` (mean of the units' normalised TF-IDF vectors; IDF over units) or
        ``"concat"`` (one concatenated document per group; IDF over groups). See the module
        docstring for why ``"mean"`` is the default.
    top_n:
        Terms kept per unit/group (ties broken by term, so the output is deterministic).
    min_df, max_df:
        scikit-learn's vocabulary filters over the TF-IDF documents: an int is a number of
        documents, a float a proportion (``max_df=0.9`` drops terms in more than 90 % of them).
    sublinear_tf, norm, smooth_idf:
        scikit-learn's TF-IDF options (formulas in the module docstring).
    token_column:
        The token column of the table.

    Returns
    -------
    DataFrame ``[group or unit columns…], rank, term, tfidf, tf, df, idf``: ``tfidf`` is the
    score (the normalised TF-IDF of the unit, or the group's mean / concatenated TF-IDF), ``tf``
    the raw count of the term in the unit or group, ``df`` the number of TF-IDF documents
    (units, or groups with ``"concat"``) containing it, ``idf`` its IDF. The parameters are in
    ``result.attrs["params"]`` (see :func:`tfidf_params`).
    """
    if aggregate not in ("mean", "concat"):
        raise ValueError("aggregate must be 'mean' or 'concat'")
    if top_n < 1:
        raise ValueError("top_n must be at least 1")
    vec = dict(min_df=min_df, max_df=max_df, sublinear_tf=sublinear_tf, norm=norm, smooth_idf=smooth_idf)
    texts: list[list[str]] | None = None
    counted = None
    if isinstance(tokens, pd.DataFrame) and (groups is None or aggregate == "mean"):
        # the units' counts straight from the tokens' codes (no list of tokens per unit: see count_matrix)
        keys, counts, vocabulary = count_matrix(tokens, unit=by, token_column=token_column, min_df=min_df,
                                                max_df=max_df)
        counted = (counts, vocabulary)
    else:
        keys, texts = token_lists(tokens, unit=by, token_column=token_column)
    params: dict[str, Any] = dict(method="tfidf", by=list(keys.columns), group_by=None, aggregate=aggregate,
                                  top_n=top_n, min_df=min_df, max_df=max_df, sublinear_tf=sublinear_tf, norm=norm,
                                  smooth_idf=smooth_idf, use_idf=True, n_units=len(keys),
                                  implementation="sklearn.feature_extraction.text.TfidfTransformer")

    def vectorise() -> tuple[sparse.csr_matrix, sparse.csr_matrix, np.ndarray, TfidfTransformer]:
        if counted is not None:
            return _weigh(*counted, **{k: v for k, v in vec.items() if k not in ("min_df", "max_df")})
        return _vectorise(texts, **vec)

    if groups is None:
        out_keys, gcols = keys, list(keys.columns)
        counts, weights, terms, tt = vectorise()
        df = np.asarray((counts > 0).sum(axis=0)).ravel()
        scores, tf = weights, counts
    else:
        merged, gcols = _group_frame(keys, groups, group_by)
        params["group_by"] = gcols
        lacking = merged[gcols].isna().any(axis=1).to_numpy()
        if lacking.any():
            log.warning("%d unit(s) have no group in %s and are left out", int(lacking.sum()), gcols)
            merged = merged.loc[~lacking].reset_index(drop=True)
            if texts is None:  # the vocabulary is the remaining units': counted again, from their lists
                counted = None
                texts = token_lists(tokens, unit=by, token_column=token_column)[1]
            texts = [t for t, bad in zip(texts, lacking) if not bad]
        codes = merged.groupby(gcols, sort=True).ngroup().to_numpy()
        out_keys = merged[gcols].drop_duplicates().sort_values(gcols, kind="stable").reset_index(drop=True)
        n_groups = len(out_keys)
        if aggregate == "concat":
            joined: list[list[str]] = [[] for _ in range(n_groups)]
            for code, toks in zip(codes, texts):
                joined[code].extend(toks)
            counts, scores, terms, tt = _vectorise(joined, **vec)
            df = np.asarray((counts > 0).sum(axis=0)).ravel()
            tf = counts
        else:
            counts, weights, terms, tt = vectorise()
            df = np.asarray((counts > 0).sum(axis=0)).ravel()
            member = sparse.csr_matrix((np.ones(len(codes)), (codes, np.arange(len(codes)))),
                                       shape=(n_groups, len(codes)))
            sizes = np.asarray(member.sum(axis=1)).ravel()
            scores = sparse.diags(1.0 / sizes) @ member @ weights
            tf = member @ counts
        params["n_groups"] = n_groups
    scores = sparse.csr_matrix(scores)
    tf = sparse.csr_matrix(tf)
    idf = tt.idf_
    rows = []
    key_records = out_keys.to_dict("records")
    for i, key in enumerate(key_records):
        s = scores.getrow(i).toarray().ravel()
        f = tf.getrow(i).toarray().ravel()
        for rank, term, score, count, dfreq, idf_t in _top_rows(s, f, df, idf, terms, top_n):
            rows.append({**key, "rank": rank, "term": term, "tfidf": score, "tf": count, "df": dfreq, "idf": idf_t})
    columns = [*gcols, "rank", "term", "tfidf", "tf", "df", "idf"]
    out = pd.DataFrame(rows, columns=columns)
    if len(out):
        out = out.astype({"rank": "int64", "tf": "int64", "df": "int64"})
    params["n_terms"] = int(len(terms))
    out.attrs["params"] = params
    log.info("TF-IDF top %d terms for %d %s (%d terms in the vocabulary)", top_n, len(out_keys),
             "groups" if groups is not None else "units", len(terms))
    return out


def tfidf_params(result: pd.DataFrame) -> dict[str, Any]:
    """The parameters that produced a :func:`tfidf_top_terms` table, as a JSON-serialisable dict.

    Pass it as ``config=`` to :func:`helpers.core.tables.write_table` so the table's provenance records it.
    """
    params = result.attrs.get("params")
    if params is None:
        raise ValueError("this table has no recorded parameters (was it made by tfidf_top_terms?)")
    return to_jsonable(params)
