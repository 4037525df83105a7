"""Saved web pages (``.html``, ``.htm``, ``.mhtml``): the article's text and title, without the page's furniture.

The main text is found by trafilatura (made for news pages: navigation, scripts, related links and
footers are dropped). The title, publication date and source come from the page's metadata: the
government-site tags ``ArticleTitle``, ``PubDate`` and ``ContentSource`` (required on Chinese government
sites), then Open Graph and ``<title>``; a 来源：… line near the top of the page as a last resort. A
subtitle heading (——…纪实), which the extractor drops with the title, is put back under the title.
"""
from __future__ import annotations

import email
import re
from collections.abc import Callable

from .extracted import Extracted, TextBuilder, stated_metadata

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.I)
_SOURCE_LINE = re.compile(r"来源[:：]\s*([^\s　|｜]{2,20})")
_TITLE_SUFFIX = re.compile(r"\s*[_|｜\-—–]\s*[^_|｜\-—–]{2,30}$")
#: (meta name or property, field), first found wins
_META = [("articletitle", "title"), ("og:title", "title"),
         ("pubdate", "date"), ("article:published_time", "date"), ("publishdate", "date"), ("firstpublishedtime", "date"),
         ("contentsource", "source"), ("source", "source"), ("og:site_name", "site"), ("sitename", "site")]


def _decode_html(data: bytes, decode: Callable[[bytes], tuple[str, str]]) -> tuple[str, str]:
    m = _CHARSET.search(data[:4096])
    if m:
        enc = m.group(1).decode("ascii", "replace").lower()
        enc = "gb18030" if enc in ("gb2312", "gbk", "gb18030") else enc
        try:
            return data.decode(enc), enc
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(data)


def _page_meta(html: str) -> dict[str, str]:
    import lxml.html

    tree = lxml.html.fromstring(html)
    out: dict[str, str] = {}
    for el in tree.iter("meta"):
        key = (el.get("name") or el.get("property") or "").strip().lower()
        content = (el.get("content") or "").strip()
        for name, field in _META:
            if key == name and content and field not in out:
                out[field] = content
    for el in tree.xpath("//h2|//h3|//h4"):  # a newspaper subtitle (——…纪实), which extractors drop
        text = " ".join(el.text_content().split())
        if text.startswith(("——", "—", "--")) and "subtitle" not in out:
            out["subtitle"] = text
    titles = tree.xpath("//title/text()")
    if titles and "title" not in out:
        out["title"] = _TITLE_SUFFIX.sub("", titles[0].strip())
    if "source" not in out:
        m = _SOURCE_LINE.search(" ".join(tree.xpath("//body//text()")[:400]))
        if m:
            out["source"] = m.group(1)
    return out


def read_html(data: bytes, *, decode: Callable[[bytes], tuple[str, str]], name: str = "", **_) -> list[Extracted]:
    """One document: the page's title (a line of its own), then its main text, a paragraph a line.

    ``meta`` holds ``title``, ``date`` (with ``date_precision``), ``source`` (the content source, else the
    site's name) and ``date_source``. Raises ``ValueError`` when no main text is found.
    """
    import trafilatura

    html, enc = _decode_html(data, decode)
    meta = _page_meta(html)
    doc = trafilatura.bare_extraction(html, with_metadata=True, include_tables=True, include_comments=False,
                                      favor_recall=True)
    body = (getattr(doc, "text", None) or "") if doc is not None else ""
    if not body.strip():
        raise ValueError("no main text found in the web page (is it a saved page of an article?)")
    title = meta.get("title") or (getattr(doc, "title", None) or "")
    date = meta.get("date") or (getattr(doc, "date", None) or "")
    source = meta.get("source") or meta.get("site") or (getattr(doc, "sitename", None) or "")
    built = TextBuilder()
    lines = [ln.strip() for ln in body.split("\n") if ln.strip()]
    if title and not (lines and lines[0].replace(" ", "") == title.replace(" ", "")):
        built.add(title, "title", "page metadata")
    subtitle = meta.get("subtitle", "")
    if subtitle and subtitle not in body:
        built.add(subtitle, "subtitle", "page heading")
    for k, line in enumerate(lines, start=1):
        kind = "table" if line.startswith("|") else "paragraph"
        built.add(line, kind, f"main text, line {k}")
    stated = {"source": source}
    try:
        stated.update(stated_metadata({"date": date[:25]}, where=name or "page"))
        stated["date_source"] = "page metadata" if meta.get("date") else "page text (trafilatura)"
    except ValueError:
        pass
    stated = {k: v for k, v in stated.items() if v}
    return [Extracted(built.text, meta={"title": title, **stated}, spans=built.spans, encoding=f"html {enc}")]


def read_mhtml(data: bytes, *, decode: Callable[[bytes], tuple[str, str]], name: str = "", **kw) -> list[Extracted]:
    """A page saved as one file (``.mhtml``, "Web page, single file"): its HTML part, read as a page."""
    msg = email.message_from_bytes(data)
    for part in msg.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True) or b""
            charset = part.get_content_charset()
            if charset and not _CHARSET.search(payload[:4096]):
                payload = f'<meta charset="{charset}">'.encode("ascii") + payload
            docs = read_html(payload, decode=decode, name=name, **kw)
            for d in docs:
                d.encoding = d.encoding.replace("html", "mhtml", 1)
            return docs
    raise ValueError("no HTML part in the MHTML file")
