"""Formulas rendered when the report is built, so that the notebook pages show them offline.

Each ``$…$`` and ``$$…$$`` of a notebook's markdown becomes an inline SVG image drawn by matplotlib's mathtext
(glyphs as outlines: no MathJax, no CDN, no font needed), with the TeX kept as its ``alt`` text. TeX that
mathtext cannot draw stays visible as code.
"""
from __future__ import annotations

import base64
import html
import io
import logging
import re
import warnings
from functools import lru_cache

log = logging.getLogger(__name__)

#: TeX that mathtext lacks → what it draws the same way.
_SUBSTITUTES = [(r"\tfrac", r"\frac"), (r"\dfrac", r"\frac"), (r"\lVert", r"\Vert"), (r"\rVert", r"\Vert"),
                (r"\Bigl", ""), (r"\Bigr", ""), (r"\bigl", ""), (r"\bigr", ""), (r"\Big", ""), (r"\big", ""),
                (r"\,", r"\ ")]
_DISPLAY = re.compile(r"\$\$(.+?)\$\$", re.S)
_INLINE = re.compile(r"(?<![\\$])\$(?!\s)([^$\n]+?)(?<!\s)\$(?!\$)")
_CODE = re.compile(r"(```.*?```|`[^`\n]*`)", re.S)
FONT_SIZE = 11


_SHORT_FRAC = re.compile(r"\\[td]?frac\s*([0-9A-Za-z])\s*([0-9A-Za-z])")


def _prepare(tex: str) -> str:
    tex = " ".join(tex.split())
    tex = _SHORT_FRAC.sub(r"\\frac{\1}{\2}", tex)  # \tfrac12 -> \frac{1}{2}
    for a, b in _SUBSTITUTES:
        tex = tex.replace(a, b)
    return tex


@lru_cache(maxsize=512)
def tex_to_svg(tex: str, display: bool = False) -> str | None:
    """An ``<img>`` holding the formula as an SVG data URI (baseline-aligned), or None if mathtext fails."""
    import matplotlib
    from matplotlib import mathtext
    from matplotlib.font_manager import FontProperties

    buf = io.BytesIO()
    size = FONT_SIZE * (1.15 if display else 1.0)
    try:
        with warnings.catch_warnings(), matplotlib.rc_context({"svg.fonttype": "path", "svg.hashsalt": "xuncha",
                                                               "mathtext.fontset": "dejavusans"}):
            warnings.simplefilter("ignore")
            depth = mathtext.math_to_image(f"${_prepare(tex)}$", buf, prop=FontProperties(size=size), dpi=72,
                                           format="svg")
    except Exception as exc:  # mathtext covers most but not all of TeX
        log.debug("mathtext cannot draw %r: %s", tex, exc)
        return None
    svg = buf.getvalue()
    svg = re.sub(rb"<metadata>.*?</metadata>", b"", svg, flags=re.S)
    data = base64.b64encode(svg).decode("ascii")
    style = f"vertical-align:-{float(depth or 0):.1f}px"
    img = (f'<img class="math" src="data:image/svg+xml;base64,{data}" alt="{html.escape(tex, quote=True)}" '
           f'style="{style}">')
    return f'<span class="math-display">{img}</span>' if display else img


def _replace(match: re.Match, display: bool) -> str:
    rendered = tex_to_svg(match.group(1).strip(), display)
    if rendered is None:
        return f"<code>{html.escape(match.group(0))}</code>"
    return rendered


def render_math(markdown: str) -> str:
    """``markdown`` with every formula outside code replaced by its rendered image."""
    parts = _CODE.split(markdown)
    for i in range(0, len(parts), 2):  # even parts are outside code
        text = _DISPLAY.sub(lambda m: _replace(m, True), parts[i])
        parts[i] = _INLINE.sub(lambda m: _replace(m, False), text)
    return "".join(parts)


def has_raw_tex(html_text: str) -> bool:
    """True when a page still shows TeX as text (a ``$\\frac`` outside code): for tests."""
    text = re.sub(r"<(code|pre|script|style)[^>]*>.*?</\1>", "", html_text, flags=re.S)
    text = re.sub(r"<[^>]+>", "", text)
    return bool(re.search(r"\$[^$\n]*\\[A-Za-z]+", text))
