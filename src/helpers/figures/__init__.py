"""Stage 5 (notebook 05): reported figures.

Every figure in a 巡察 report tied to indicator, value, unit, qualifier, scope and source offsets.
"""
from __future__ import annotations

from .metrics import (  # noqa: F401
    INDICATORS_FILE,
    METRIC_COLUMNS,
    PHRASES_FILE,
    UNITS_FILE,
    Figure,
    IndicatorRule,
    classify_figure,
    expand_shorthands,
    extract_metrics,
    find_figures,
    load_indicator_rules,
    load_number_phrases,
    load_units,
)

__all__ = [
    "IndicatorRule",
    "expand_shorthands",
    "load_indicator_rules",
    "load_units",
    "load_number_phrases",
    "Figure",
    "find_figures",
    "classify_figure",
    "extract_metrics",
    "METRIC_COLUMNS",
    "INDICATORS_FILE",
    "UNITS_FILE",
    "PHRASES_FILE",
]
