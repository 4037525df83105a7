"""Stage 4 (notebook 04): keywords and topics.

TF-IDF keywords, LDA topic models with model selection, coherence and stability, the topic browser.
"""
from __future__ import annotations

from .keywords import identity_analyzer, token_lists, tfidf_top_terms, tfidf_params  # noqa: F401
from .models import (  # noqa: F401
    topic_columns,
    TopicModel,
    tidy_doc_topic,
    topic_coherence,
    match_topics,
    topic_stability,
    train_test_split_docs,
    select_k,
    k_selection_summary,
    choose_k,
    plot_k_selection,
    plot_topic_terms,
    plot_doc_topic_heatmap,
    synthetic_corpus,
)
from .browser import (  # noqa: F401
    pyldavis_asset,
    prepare_browser,
    browser_topic_map,
    browser_html,
    save_topic_browser,
    external_references,
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
