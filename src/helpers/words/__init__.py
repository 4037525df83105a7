"""Stage 3 (notebook 03): exploring the discourse word by word.

Tokens, frequencies and dispersion, KWIC, collocations, keyness, slogans, co-occurrence networks, coding.
"""
from __future__ import annotations

from .coding import code_articles, code_crosstab, load_codebook  # noqa: F401
from .collocations import collocations, g2_2x2  # noqa: F401
from .frequency import dispersion, frequency_table  # noqa: F401
from .keyness import adjust_pvalues, chi2_2x2, keyness, keyness_from_counts  # noqa: F401
from .kwic import kwic, kwic_to_html, kwic_tokens, sort_kwic  # noqa: F401
from .network import cooccurrence_network, network_tables, plot_network, write_graphml  # noqa: F401
from .slogans import count_slogans, extract_slogans, load_slogans, pattern_slogans  # noqa: F401
from .tokens import (  # noqa: F401
    ChineseTokenizer,
    DictEntry,
    backend_agreement,
    dictionary_diff,
    load_stopwords,
    parse_user_dict,
    tokenize_articles,
    validate_user_dict,
)

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
