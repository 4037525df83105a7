"""Figures and HTML for humans: the plot theme with the bundled CJK font, the report page.

Used by notebooks and by the stages that draw (network, topics); imports only from core.
"""
from __future__ import annotations

from .report import build_report, notebook_to_html  # noqa: F401
from .theme import (  # noqa: F401
    cjk_font_path,
    figure_labels,
    font_face_css,
    integer_ticks,
    label_bars,
    plot_heatmap,
    plot_indicator_grid,
    plot_intervals,
    save_figure,
    say_nothing,
    set_theme,
    unique_labels,
    use_chinese_font,
)

__all__ = [
    "cjk_font_path",
    "use_chinese_font",
    "set_theme",
    "save_figure",
    "plot_indicator_grid",
    "plot_intervals",
    "plot_heatmap",
    "label_bars",
    "integer_ticks",
    "unique_labels",
    "figure_labels",
    "say_nothing",
    "font_face_css",
    "notebook_to_html",
    "build_report",
]
