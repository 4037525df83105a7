"""Figures with Chinese labels that render as glyphs on any machine, in one consistent theme.

Registers the OFL font Noto Sans SC shipped by the ``pylopdf-fonts-zh-cn`` package with matplotlib
(no system CJK font needed), sets a seaborn theme, and saves every figure as PNG and SVG.
"""
from __future__ import annotations

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
