"""xuncha-discourse helpers: the tested functions behind the notebooks, in rooms by stage.

``core`` (paths, tables, numerals) and ``viz`` (theme, report) under the stage packages ``ingest`` (01),
``pages`` (02), ``words`` (03), ``topics`` (04), ``figures`` (05) and ``compare`` (06); ``pipeline`` builds
every table and ``cli`` is the ``xuncha`` command. The names a notebook calls are importable from here
(``from helpers import load_corpus, segment_documents, extract_metrics``); they load on first use.
"""
from __future__ import annotations

import importlib
import logging
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("xuncha-discourse")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0.0.0+unknown"

logging.getLogger(__name__).addHandler(logging.NullHandler())

#: The stable public API: name -> the module that defines it. Internal moves change only this table.
API: dict[str, str] = {
    # core
    "get_paths": "core.config", "Paths": "core.config", "BuildConfig": "core.config", "RANDOM_STATE": "core.config",
    "parse_number": "core.numerals", "find_numbers": "core.numerals", "read_number": "core.numerals", "to_simplified": "core.script",
    "read_table": "core.tables", "attach_metadata": "core.documents", "document_metadata": "core.documents", "write_table": "core.tables", "read_provenance": "core.tables",
    # 01 ingest
    "load_corpus": "ingest.corpus", "read_manifest": "ingest.corpus", "corpus_summary": "ingest.corpus",
    # 02 pages
    "clean_text": "pages.cleaning", "paragraphs_of": "pages.segmentation",
    "segment_paragraphs": "pages.segmentation", "score_text": "pages.relevance", "find_reprints": "pages.reprints",
    # 03 words
    "ChineseTokenizer": "words.tokens", "tokenize_articles": "words.tokens",
    "frequency_table": "words.frequency", "dispersion": "words.frequency", "kwic": "words.kwic",
    "collocations": "words.collocations", "keyness": "words.keyness", "extract_slogans": "words.slogans",
    "count_slogans": "words.slogans", "cooccurrence_network": "words.network", "code_articles": "words.coding",
    # 04 topics
    "tfidf_top_terms": "topics.keywords", "TopicModel": "topics.models", "choose_k": "topics.models",
    "select_k": "topics.models", "save_topic_browser": "topics.browser",
    # 05 figures
    "extract_metrics": "figures.metrics", "classify_figure": "figures.metrics",
    # 06 compare
    "indicator_table": "compare.comparison", "indicator_ratios": "compare.comparison",
    # viz
    "set_theme": "viz.theme", "save_figure": "viz.theme", "build_report": "viz.report",
    # the whole pipeline
    "build": "pipeline", "segment_documents": "pipeline", "extract_document_metrics": "pipeline",
    "run_all": "pipeline",
}


def __getattr__(name: str):
    """Import a public name from its module on first use (PEP 562), so ``import helpers`` stays light."""
    if name in API:
        value = getattr(importlib.import_module(f".{API[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'helpers' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *API])


__all__ = ["__version__", *API]
