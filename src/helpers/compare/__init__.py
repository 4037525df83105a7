"""Stage 6 (notebook 06): comparing places, levels and years.

Indicator tables, ratios within one report, bootstrap intervals, the Excel workbook.
"""
from __future__ import annotations

from .comparison import (  # noqa: F401
    KEY_INDICATORS,
    bootstrap_ci,
    figure_density,
    group_bootstrap,
    headline_figures,
    indicator_ratios,
    indicator_table,
    once_per_report,
    tidy_indicators,
    wide_indicators,
    write_workbook,
)

__all__ = [
    "indicator_table",
    "indicator_ratios",
    "headline_figures",
    "once_per_report",
    "tidy_indicators",
    "wide_indicators",
    "bootstrap_ci",
    "group_bootstrap",
    "figure_density",
    "write_workbook",
    "KEY_INDICATORS",
]
