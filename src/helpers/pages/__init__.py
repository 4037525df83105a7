"""Stage 2 (notebook 02): from raw pages to articles.

Cleaning with an offset map back to the raw text, layout cues, segmentation and 巡察 relevance.
"""
from __future__ import annotations

from .cleaning import (  # noqa: F401
    BoilerplateRule,
    CleanText,
    Paragraph,
    boilerplate_reason,
    boilerplate_reasons,
    clean_text,
    code_points,
    estimate_wrap_widths,
    from_code_points,
    load_boilerplate_rules,
    normalize_for_matching,
)
from .cues import ends_sentence, is_table_row, looks_like_names, name_signature  # noqa: F401
from .prefilter import LiteralIndex, required_literals  # noqa: F401
from .relevance import Relevance, load_terms, score_articles, score_text  # noqa: F401
from .segmentation import (  # noqa: F401
    Cohesion,
    Para,
    Segment,
    classify_paragraph,
    find_boundaries,
    is_headline,
    paragraphs_of,
    segment_paragraphs,
)

__all__ = [
    "ends_sentence",
    "is_table_row",
    "looks_like_names",
    "name_signature",
    "required_literals",
    "LiteralIndex",
    "BoilerplateRule",
    "load_boilerplate_rules",
    "boilerplate_reasons",
    "boilerplate_reason",
    "Paragraph",
    "CleanText",
    "code_points",
    "from_code_points",
    "estimate_wrap_widths",
    "clean_text",
    "normalize_for_matching",
    "Para",
    "classify_paragraph",
    "is_headline",
    "paragraphs_of",
    "Cohesion",
    "Segment",
    "find_boundaries",
    "segment_paragraphs",
    "Relevance",
    "load_terms",
    "score_text",
    "score_articles",
]
