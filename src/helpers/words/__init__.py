"""Stage 3 (notebook 03): exploring the discourse word by word.

Tokens, frequencies and dispersion, KWIC, collocations, keyness, slogans, co-occurrence networks, coding.
"""
from __future__ import annotations

from .tokens import (  # noqa: F401
    DictEntry,
    parse_user_dict,
    validate_user_dict,
    load_stopwords,
    ChineseTokenizer,
    tokenize_articles,
    dictionary_diff,
    backend_agreement,
)
from .frequency import frequency_table, dispersion  # noqa: F401
from .kwic import kwic, kwic_tokens, sort_kwic, kwic_to_html  # noqa: F401
from .collocations import g2_2x2, collocations  # noqa: F401
from .keyness import adjust_pvalues, chi2_2x2, keyness_from_counts, keyness  # noqa: F401
from .slogans import load_slogans, pattern_slogans, extract_slogans, count_slogans  # noqa: F401
from .network import cooccurrence_network, network_tables, write_graphml, plot_network  # noqa: F401
from .coding import load_codebook, code_articles, code_crosstab  # noqa: F401

__all__ = [
    "DictEntry",
    "parse_user_dict",
    "validate_user_dict",
    "load_stopwords",
    "ChineseTokenizer",
    "tokenize_articles",
    "dictionary_diff",
    "backend_agreement",
    "frequency_table",
    "dispersion",
    "kwic",
    "kwic_tokens",
    "sort_kwic",
    "kwic_to_html",
    "g2_2x2",
    "collocations",
    "adjust_pvalues",
    "chi2_2x2",
    "keyness_from_counts",
    "keyness",
    "load_slogans",
    "pattern_slogans",
    "extract_slogans",
    "count_slogans",
    "cooccurrence_network",
    "network_tables",
    "write_graphml",
    "plot_network",
    "load_codebook",
    "code_articles",
    "code_crosstab",
]
