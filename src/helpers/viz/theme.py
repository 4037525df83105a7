"""Figures with Chinese labels that render as glyphs on any machine, in one consistent theme.

Registers the OFL font Noto Sans SC shipped by the ``pylopdf-fonts-zh-cn`` package with matplotlib
(no system CJK font needed), sets a seaborn theme, and saves every figure as PNG and SVG.
"""
from __future__ import annotations

import base64
import io
import logging
from functools import lru_cache
from pathlib import Path

import matplotlib

matplotlib.use("Agg") if matplotlib.get_backend().lower().startswith("agg") else None
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import font_manager  # noqa: E402

log = logging.getLogger(__name__)

FONT_FAMILY = "Noto Sans SC"


@lru_cache(maxsize=1)
def cjk_font_path() -> Path:
    """Path of the bundled OFL CJK font (Noto Sans SC, from ``pylopdf-fonts-zh-cn``)."""
    import pylopdf_fonts_zh_cn

    path = Path(pylopdf_fonts_zh_cn.sans_path())
    if not path.is_file():
        raise FileNotFoundError(f"the CJK font is missing at {path}; reinstall pylopdf-fonts-zh-cn")
    return path


@lru_cache(maxsize=1)
def use_chinese_font() -> str:
    """Register the bundled font and make it matplotlib's default sans-serif; return its name."""
    path = cjk_font_path()
    font_manager.fontManager.addfont(str(path))
    name = font_manager.FontProperties(fname=str(path)).get_name()
    matplotlib.rcParams["font.family"] = "sans-serif"
    matplotlib.rcParams["font.sans-serif"] = [name, "DejaVu Sans"]
    matplotlib.rcParams["axes.unicode_minus"] = False
    matplotlib.rcParams["svg.fonttype"] = "path"  # glyphs as outlines: SVGs render anywhere
    matplotlib.rcParams["svg.hashsalt"] = "xuncha"  # deterministic SVG ids
    return name


def set_theme(context: str = "notebook") -> None:
    """The project's seaborn theme, with the Chinese font."""
    import seaborn as sns

    sns.set_theme(context=context, style="whitegrid", palette="colorblind")
    use_chinese_font.cache_clear()
    use_chinese_font()
    matplotlib.rcParams["figure.dpi"] = 100
    matplotlib.rcParams["savefig.dpi"] = 150
    matplotlib.rcParams["savefig.bbox"] = "tight"


def save_figure(fig: plt.Figure, name: str, figures_dir: str | Path, *, formats: tuple[str, ...] = ("png", "svg"),
                ) -> list[Path]:
    """Save ``fig`` as ``<figures_dir>/<name>.png`` and ``.svg``; return the paths."""
    figures_dir = Path(figures_dir)
    figures_dir.mkdir(parents=True, exist_ok=True)
    out = []
    for fmt in formats:
        path = figures_dir / f"{name}.{fmt}"
        metadata = {"Date": None} if fmt == "svg" else {"Software": None}
        fig.savefig(path, format=fmt, metadata=metadata)
        out.append(path)
    log.info("saved figure %s", name)
    return out


# ----------------------------------------------------------------------------- comparative figures
def plot_indicator_grid(table, indicators, *, by: str = "place", ncols: int = 4, label_period: bool = True):
    """Small multiples: one panel per indicator, one bar per figure, grouped by ``by``.

    Each bar is labelled with its period (``scope_period``) so that yearly and cumulative figures are
    never read as the same thing. Panels have their own scales.
    """
    import math

    import numpy as np

    use_chinese_font()
    present = [i for i in indicators if i in set(table["indicator"])]
    nrows = max(1, math.ceil(len(present) / ncols))
    most = max((int((table["indicator"] == i).sum()) for i in present), default=1)
    fig, axes = plt.subplots(nrows, ncols, figsize=(4.2 * ncols, (0.32 * most + 1.2) * nrows), squeeze=False)
    for ax in axes.ravel()[len(present):]:
        ax.set_visible(False)
    for ax, ind in zip(axes.ravel(), present):
        g = table[table["indicator"] == ind].reset_index(drop=True)
        labels = [f"{p} · {per}" if label_period and per else str(p) for p, per in zip(g[by], g["scope_period"])]
        ax.barh(np.arange(len(g)), g["value"], color="#4c72b0")
        ax.set_yticks(np.arange(len(g)), labels, fontsize=7)
        ax.invert_yaxis()
        unit = g["unit"].iloc[0] if len(g) else ""
        ax.set_title(f"{ind} ({unit})", fontsize=9)
        ax.tick_params(axis="x", labelsize=7)
    fig.tight_layout()
    return fig


def plot_intervals(df, *, label: str, estimate: str = "estimate", low: str = "low", high: str = "high",
                   xlabel: str = "", title: str = "", annotate: str | None = None):
    """Point estimates with interval bars, one row per group (e.g. a bootstrap table)."""
    import numpy as np

    use_chinese_font()
    fig, ax = plt.subplots(figsize=(7, 0.5 * len(df) + 1.4))
    y = np.arange(len(df))
    lo = (df[estimate] - df[low]).fillna(0).clip(lower=0)
    hi = (df[high] - df[estimate]).fillna(0).clip(lower=0)
    ax.errorbar(df[estimate], y, xerr=[lo, hi], fmt="o", color="#dd8452", ecolor="#555", capsize=4)
    ax.set_yticks(y, df[label])
    ax.invert_yaxis()
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    if annotate:
        for yi, (v, note) in enumerate(zip(df[estimate], df[annotate])):
            ax.annotate(str(note), (v, yi), textcoords="offset points", xytext=(6, 6), fontsize=8, color="#555")
    fig.tight_layout()
    return fig


def font_face_css(chars: str, family: str = "XunchaCJK") -> str:
    """An ``@font-face`` rule with the bundled Noto Sans SC cut down to ``chars`` (base64, inline), so an
    HTML page shows its Chinese text on machines without CJK fonts."""
    try:
        from fontTools import subset
        from fontTools.ttLib import TTFont

        font = TTFont(str(cjk_font_path()))
        options = subset.Options()
        options.name_IDs = ["*"]
        options.notdef_outline = True
        sub = subset.Subsetter(options)
        sub.populate(text=chars)
        ft_log = logging.getLogger("fontTools")
        level = ft_log.level
        ft_log.setLevel(logging.WARNING)  # fontTools logs every glyph list at INFO
        try:
            sub.subset(font)
        finally:
            ft_log.setLevel(level)
        buf = io.BytesIO()
        font.save(buf)
        data = base64.b64encode(buf.getvalue()).decode("ascii")
        return (f"@font-face {{ font-family: '{family}'; "
                f"src: url(data:font/otf;base64,{data}) format('opentype'); }}\n")
    except Exception as exc:  # the page still works with the reader's own fonts
        log.warning("could not embed the Chinese font (%s); the browser uses the system fonts", exc)
        return ""
