"""One HTML page shell for every page the suite writes (report, notebooks, KWIC, topic browser).

Inline CSS and the bundled Chinese font cut down to the page's own characters: pages open offline and show
Chinese on machines without CJK fonts.
"""
from __future__ import annotations

import html
import re

from .theme import font_face_css

#: The font stack: the embedded subset first, then common system CJK fonts.
FONT_STACK = '"XunchaCJK","XunchaFallback","Noto Sans SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif'
BASE_CSS = (f"body{{font-family:{FONT_STACK};max-width:1100px;margin:2em auto;padding:0 1em;line-height:1.6;"
            "color:#222}\nh1,h2,h3{line-height:1.25} table{border-collapse:collapse;font-size:.9em;margin:1em 0}\n"
            "th,td{border:1px solid #ccc;padding:.25em .5em;vertical-align:top} th{background:#f3f3f3}\n"
            f"pre,code{{background:#f7f7f7;font-family:\"DejaVu Sans Mono\",monospace,{FONT_STACK};font-size:.88em}}\n"
            "pre{padding:.6em;overflow-x:auto} img{max-width:100%} .nav a{margin-right:1em} .muted{color:#666;"
            "font-size:.9em}\n")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def page_chars(*texts: str) -> str:
    """The non-ASCII characters of ``texts`` (sorted, once each) plus digits and common symbols: what the
    embedded font subset must hold."""
    found = set()
    for t in texts:
        found.update(_NON_ASCII.findall(t))
    return "".join(sorted(found)) + "0123456789.-%λ"


def html_page(title: str, body: str, *, css: str = "", head: str = "", nav: str = "", lang: str = "zh-Hans",
              embed_font: bool = True, font_text: str = "") -> str:
    """A complete offline HTML page: ``body`` under a ``<title>``, the base CSS plus ``css``, and the
    Chinese font subset for the characters in ``title``, ``body`` and ``font_text`` (text that scripts
    will write into the page). ``head`` is extra markup for ``<head>`` (e.g. inline scripts)."""
    font = font_face_css(page_chars(title, body, nav, font_text)) if embed_font else ""
    nav_html = f'<p class="nav">{nav}</p>' if nav else ""
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f"<style>{font}{BASE_CSS}{css}</style>{head}</head><body>{nav_html}{body}</body></html>\n")
