"""Figures with Chinese labels that render as glyphs on any machine, in one consistent theme.

Registers the OFL font Noto Sans SC shipped by the ``pylopdf-fonts-zh-cn`` package with matplotlib
(no system CJK font needed), sets one theme (seaborn's whitegrid look), and saves every figure as PNG and SVG.
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
#: Resolution of the PNG figures (journals ask for 300 dpi); SVGs are resolution-free.
SAVE_DPI = 300
BAR_COLOR = "#4c72b0"


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


#: seaborn's "colorblind" palette (Okabe-Ito-like), set without importing seaborn (3 s of scipy.stats per kernel).
COLORBLIND = ["#0173B2", "#DE8F05", "#029E73", "#D55E00", "#CC78BC", "#CA9161", "#FBAFE4", "#949494", "#ECE133",
              "#56B4E9"]
#: seaborn's "whitegrid" style and "notebook" context as rcParams (the look every figure shares).
THEME = {
    "figure.facecolor": "white", "axes.facecolor": "white", "axes.edgecolor": ".8", "axes.grid": True,
    "axes.axisbelow": True, "axes.labelcolor": ".15", "grid.color": ".8", "grid.linestyle": "-",
    "text.color": ".15", "xtick.color": ".15", "ytick.color": ".15", "xtick.direction": "out",
    "ytick.direction": "out", "xtick.major.size": 0, "ytick.major.size": 0, "xtick.minor.size": 0,
    "ytick.minor.size": 0, "lines.solid_capstyle": "round", "patch.edgecolor": "w", "patch.force_edgecolor": True,
    "axes.spines.left": True, "axes.spines.bottom": True, "axes.spines.right": True, "axes.spines.top": True,
    "font.size": 12, "axes.labelsize": 12, "axes.titlesize": 12, "xtick.labelsize": 11, "ytick.labelsize": 11,
    "legend.fontsize": 11, "legend.title_fontsize": 12, "axes.linewidth": 1.25, "grid.linewidth": 1,
    "lines.linewidth": 1.5, "lines.markersize": 6, "patch.linewidth": 1, "xtick.major.width": 1.25,
    "ytick.major.width": 1.25, "image.cmap": "viridis",
}


def set_theme(context: str = "notebook") -> None:
    """The project's one plot theme (seaborn's whitegrid look, colorblind palette), with the Chinese font."""
    from cycler import cycler

    matplotlib.rcParams.update(THEME)
    if context != "notebook":
        scale = {"paper": 0.8, "talk": 1.5, "poster": 2.0}.get(context, 1.0)
        for key in ("font.size", "axes.labelsize", "axes.titlesize", "xtick.labelsize", "ytick.labelsize",
                    "legend.fontsize", "legend.title_fontsize"):
            matplotlib.rcParams[key] = THEME[key] * scale
    matplotlib.rcParams["axes.prop_cycle"] = cycler(color=COLORBLIND)
    use_chinese_font.cache_clear()
    use_chinese_font()
    matplotlib.rcParams["figure.dpi"] = 100
    matplotlib.rcParams["savefig.dpi"] = SAVE_DPI
    matplotlib.rcParams["savefig.bbox"] = "tight"
    matplotlib.rcParams["savefig.pad_inches"] = 0.15
    matplotlib.rcParams["axes.titlesize"] = "medium"
    matplotlib.rcParams["figure.titlesize"] = "large"


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


# ----------------------------------------------------------------------------- helpers for every figure
def integer_ticks(ax, axis: str = "x") -> None:
    """Counts get whole-number ticks (no 0.5 件)."""
    from matplotlib.ticker import MaxNLocator

    (ax.xaxis if axis == "x" else ax.yaxis).set_major_locator(MaxNLocator(nbins=4, integer=True))


def format_value(v: float) -> str:
    """A value as a reader writes it: 4,858 · 95.5 · 13.8万 stays 138,000."""
    if v != v:  # NaN
        return ""
    return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.1f}"


_LABEL_BOX = dict(boxstyle="square,pad=0.1", fc="white", ec="none", alpha=0.85)


def label_bars(ax, values, *, horizontal: bool = True, fmt=format_value, fontsize: float = 8) -> None:
    """Write each bar's value at its end, and leave room for the labels inside the axes."""
    values = list(values)
    for i, v in enumerate(values):
        if v != v:
            continue
        if horizontal:
            ax.annotate(fmt(v), (v, i), xytext=(3, 0), textcoords="offset points", va="center", ha="left",
                        fontsize=fontsize, bbox=_LABEL_BOX)
        else:
            ax.annotate(fmt(v), (i, v), xytext=(0, 3), textcoords="offset points", va="bottom", ha="center",
                        fontsize=fontsize, bbox=_LABEL_BOX)
    top = max([v for v in values if v == v] or [0])
    if top > 0:
        (ax.set_xlim if horizontal else ax.set_ylim)(0, top * 1.18)


def unique_labels(labels) -> list[str]:
    """Labels made unique: a repeated label gets ``#2``, ``#3`` … so no two bars read the same."""
    seen: dict[str, int] = {}
    out = []
    for lab in map(str, labels):
        seen[lab] = seen.get(lab, 0) + 1
        out.append(lab if seen[lab] == 1 else f"{lab} #{seen[lab]}")
    return out


def _short(value: str, limit: int = 14) -> str:
    """A label part as short as it can be read: a source's note in brackets or after "via" dropped."""
    import re

    value = re.split(r"\s+\(|（|\s+via\s", str(value).strip())[0].strip()
    return value if len(value) <= limit else value[: limit - 1] + "…"


def figure_labels(table, parts=("place", "scope_period", "year", "source")) -> list[str]:
    """Readable, unique labels for rows of a table: ``place · period · source``, each part added only when it
    tells more rows apart (so a place alone where that is enough); what is still repeated gets ``#2``."""
    import pandas as pd

    cols = [c for c in parts if c in table.columns]
    if not cols:
        return unique_labels(str(i) for i in table.index)
    def part(c, v):
        if v != v or str(v) in ("", "<NA>", "None"):
            return ""
        return _short(v) if c == "source" else (str(v) if len(str(v)) <= 16 else str(v)[:15] + "…")

    vals = pd.DataFrame({c: [part(c, v) for v in table[c].astype(object)] for c in cols}, index=table.index)

    def labels(chosen):
        return [" · ".join(x for x in row if x) for row in vals[chosen].itertuples(index=False)]

    def repeats(chosen):
        labs = labels(chosen)
        return len(labs) - len(set(labs))

    chosen = [cols[0]]
    for c in cols[1:]:
        if repeats(chosen) == 0:
            break
        if repeats([*chosen, c]) < repeats(chosen):
            chosen.append(c)
    return unique_labels([lab or "—" for lab in labels(chosen)])


def plot_heatmap(pivot, *, ax=None, cmap: str = "Blues", fmt=format_value, colorbar: str | None = None,
                 annotate: bool = True, xlabel: str = "", ylabel: str = "", title: str = "", max_label: int = 18):
    """A heatmap of a pivot table without gridlines through the cells, values written in the cells (dark
    text on light cells, white on dark), long tick labels shortened to ``max_label`` characters."""
    import numpy as np

    use_chinese_font()
    if ax is None:
        _, ax = plt.subplots(figsize=(max(5.0, 0.9 * pivot.shape[1] + 3), 0.38 * pivot.shape[0] + 1.8))
    values = pivot.to_numpy(dtype=float)
    im = ax.imshow(values, cmap=cmap, aspect="auto")
    ax.grid(False)
    for side in ax.spines.values():
        side.set_visible(False)

    def short(x):
        x = str(x)
        return x if len(x) <= max_label else x[: max_label - 1] + "…"

    ax.set_xticks(range(pivot.shape[1]), [short(c) for c in pivot.columns], rotation=30, ha="right")
    ax.set_yticks(range(pivot.shape[0]), [short(i) for i in pivot.index])
    ax.tick_params(length=0)
    if annotate and values.size:
        hi = np.nanmax(values) if np.isfinite(values).any() else 0
        for (i, j), v in np.ndenumerate(values):
            if v and v == v:
                ax.text(j, i, fmt(v), ha="center", va="center", fontsize=8,
                        color="white" if hi and v > 0.6 * hi else "#222")
    if colorbar:
        cb = ax.figure.colorbar(im, ax=ax, label=colorbar, shrink=0.8)
        cb.outline.set_visible(False)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
    return ax.figure


def say_nothing(ax, message: str):
    """An empty panel that says why it is empty (a figure is still written)."""
    ax.axis("off")
    ax.text(0.5, 0.5, message, ha="center", va="center", fontsize=11, color="#555", wrap=True,
            transform=ax.transAxes)
    return ax.figure


# ----------------------------------------------------------------------------- comparative figures
COUNT_UNITS = {"个", "件", "人", "人次", "名", "条", "项", "户", "次", "份", "家", "起", "处", "轮", "支", "场", "期"}


def plot_indicator_grid(table, indicators, *, by: str = "place", ncols: int = 3, label_period: bool = True):
    """Small multiples: one panel per indicator (titled with its Chinese name and unit), one bar per reported
    total, labelled ``place · period · source`` (as much as tells the bars apart), the value at each bar.

    Parts of totals and repeated figures are left out when the table carries those flags. Each panel has its
    own scale: never compare heights across panels, nor bars with different periods without reading labels.
    """
    import math

    import numpy as np
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    from ..core.labels import indicator_label

    use_chinese_font()
    if "part_of" in table.columns or "repeat_of" in table.columns:
        keep = np.ones(len(table), dtype=bool)
        for c in ("part_of", "repeat_of"):
            if c in table.columns:
                keep &= table[c].isna().to_numpy()
        table = table[keep]
    present = [i for i in indicators if i in set(table["indicator"])]
    if not present:
        fig, ax = plt.subplots(figsize=(6, 1.6))
        return say_nothing(ax, "这些指标在本语料中没有数字 · none of these indicators is reported in this corpus")
    ncols = max(1, min(ncols, len(present)))
    nrows = math.ceil(len(present) / ncols)
    counts = [int((table["indicator"] == i).sum()) for i in present]
    row_most = [max(counts[r * ncols:(r + 1) * ncols]) for r in range(nrows)]
    parts = (by, "scope_period", "year", "source") if label_period else (by, "source")
    fig, axes = plt.subplots(nrows, ncols, figsize=(4.6 * ncols, 0.36 * sum(row_most) + 1.4 * nrows), squeeze=False,
                             gridspec_kw=dict(height_ratios=[m + 3 for m in row_most]))
    for ax in axes.ravel()[len(present):]:
        ax.set_visible(False)
    for k, (ax, ind) in enumerate(zip(axes.ravel(), present)):
        most = row_most[k // ncols]
        g = table[table["indicator"] == ind].reset_index(drop=True)
        labels = figure_labels(g, parts)
        ax.barh(np.arange(len(g)), g["value"], color=BAR_COLOR, height=0.65)
        ax.set_yticks(np.arange(len(g)), labels, fontsize=8)
        ax.set_ylim(most - 0.5, -0.5)  # the same bar thickness in every panel
        ax.grid(axis="y", visible=False)
        label_bars(ax, g["value"])
        ax.xaxis.set_major_locator(MaxNLocator(nbins=4))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}" if abs(v) >= 1 or v == 0 else f"{v:g}"))
        unit = str(g["unit"].mode().iloc[0]) if len(g) and g["unit"].notna().any() else ""
        ax.set_title(f"{indicator_label(ind)}（{unit}）" if unit else indicator_label(ind), fontsize=10)
        ax.set_xlabel(unit or "value", fontsize=8)
        ax.tick_params(axis="x", labelsize=7)
        if unit in COUNT_UNITS:
            integer_ticks(ax, "x")
    fig.tight_layout()
    return fig


def plot_intervals(df, *, label: str, estimate: str = "estimate", low: str = "low", high: str = "high",
                   xlabel: str = "", title: str = "", annotate: str | None = None):
    """Point estimates with interval bars, one row per group (e.g. a bootstrap table). ``annotate`` names a
    column written at the right edge of each row (outside the data, so it never meets the title or a bar)."""
    import numpy as np

    use_chinese_font()
    fig, ax = plt.subplots(figsize=(7.5, 0.5 * len(df) + 1.6))
    y = np.arange(len(df))
    lo = (df[estimate] - df[low]).fillna(0).clip(lower=0)
    hi = (df[high] - df[estimate]).fillna(0).clip(lower=0)
    ax.errorbar(df[estimate], y, xerr=[lo, hi], fmt="o", color="#dd8452", ecolor="#555", capsize=4)
    ax.set_yticks(y, unique_labels(df[label]))
    ax.set_ylim(len(df) - 0.5, -0.5)
    ax.grid(axis="y", visible=False)
    ax.set_xlabel(xlabel)
    ax.set_title(title, pad=10)
    if annotate:
        for yi, note in enumerate(df[annotate]):
            ax.annotate(str(note), (1.0, yi), xycoords=("axes fraction", "data"), xytext=(8, 0),
                        textcoords="offset points", va="center", ha="left", fontsize=8, color="#555")
    fig.tight_layout()
    return fig


def _font_cache_dir() -> Path:
    import os

    return Path(os.environ.get("XUNCHA_CACHE_DIR") or Path.home() / ".cache" / "xuncha") / "fonts"


def font_face_css(chars: str, family: str = "XunchaCJK") -> str:
    """An ``@font-face`` rule with the bundled Noto Sans SC cut down to ``chars`` (base64, inline), so an
    HTML page shows its Chinese text on machines without CJK fonts.

    Cutting the font takes a second or two; the result is kept in ``~/.cache/xuncha/fonts`` (or
    ``$XUNCHA_CACHE_DIR``) under the hash of the characters, so a page with the same text is instant next time."""
    import hashlib
    import os

    chars = "".join(sorted(set(chars)))
    key = hashlib.sha256(f"v2|{cjk_font_path()}|{family}|{chars}".encode("utf-8", "surrogatepass")).hexdigest()[:32]
    cached = _font_cache_dir() / f"{key}.css"
    try:
        return cached.read_text(encoding="ascii")
    except OSError:
        pass
    css = _font_face_css(chars, family)
    if css:
        try:
            cached.parent.mkdir(parents=True, exist_ok=True)
            tmp = cached.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(css, encoding="ascii")
            tmp.replace(cached)
        except OSError:  # a read-only home: no cache, same result
            pass
    return css


#: The second embedded family: matplotlib's DejaVu Sans for what Noto Sans SC lacks (⟨ ⟩ � …).
FALLBACK_FAMILY = "XunchaFallback"


def _subset(path: Path, chars: str, fmt: str) -> str:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(str(path))
    options = subset.Options()
    options.name_IDs = ["*"]
    options.notdef_outline = True
    sub = subset.Subsetter(options)
    sub.populate(text=chars)
    ft_log = logging.getLogger("fontTools")
    level = ft_log.level
    ft_log.setLevel(logging.ERROR)  # every glyph list at INFO, "FFTM NOT subset" (DejaVu) at WARNING
    try:
        sub.subset(font)
    finally:
        ft_log.setLevel(level)
    buf = io.BytesIO()
    font.save(buf)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _font_face_css(chars: str, family: str) -> str:
    try:
        from fontTools.ttLib import TTFont

        data = _subset(cjk_font_path(), chars, "otf")
        css = (f"@font-face {{ font-family: '{family}'; "
               f"src: url(data:font/otf;base64,{data}) format('opentype'); }}\n")
        cmap = TTFont(str(cjk_font_path()), lazy=True).getBestCmap()
        rest = "".join(c for c in chars if ord(c) not in cmap and not c.isspace())
        if rest:  # symbols the CJK font lacks, from the DejaVu Sans that matplotlib ships
            dejavu = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
            data = _subset(dejavu, rest, "ttf")
            css += (f"@font-face {{ font-family: '{FALLBACK_FAMILY}'; "
                    f"src: url(data:font/ttf;base64,{data}) format('truetype'); }}\n")
        return css
    except Exception as exc:  # the page still works with the reader's own fonts
        log.warning("could not embed the Chinese font (%s); the browser uses the system fonts", exc)
        return ""
