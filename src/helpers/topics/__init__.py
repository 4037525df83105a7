"""Stage 4 (notebook 04): keywords and topics.

TF-IDF keywords, LDA topic models with model selection, coherence and stability, the topic browser.
"""
from __future__ import annotations

import importlib

from .keywords import identity_analyzer, tfidf_params, tfidf_top_terms, token_lists  # noqa: F401
from .models import (  # noqa: F401
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
    topic_columns,
    topic_stability,
    train_test_split_docs,
)

__all__ = [
    "identity_analyzer",
    "token_lists",
    "tfidf_top_terms",
    "tfidf_params",
    "topic_columns",
    "TopicModel",
    "tidy_doc_topic",
    "topic_coherence",
    "match_topics",
    "topic_stability",
    "train_test_split_docs",
    "select_k",
    "k_selection_summary",
    "choose_k",
    "plot_k_selection",
    "plot_topic_terms",
    "plot_doc_topic_heatmap",
    "synthetic_corpus",
    "pyldavis_asset",
    "prepare_browser",
    "browser_topic_map",
    "browser_html",
    "save_topic_browser",
    "external_references",
]

#: The topic browser's names load on first use: importing it pulls in pyLDAvis and the report's matplotlib,
#: seconds that ``xuncha build`` (keywords and models only) does not need.
_LAZY = {name: ".browser" for name in ("browser_html", "browser_topic_map", "external_references",
                                       "prepare_browser", "pyldavis_asset", "save_topic_browser")}


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
