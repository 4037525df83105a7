"""An interactive topic browser (pyLDAvis) saved as one self-contained HTML file that works offline.

d3, LDAvis' JavaScript and CSS and a subset of the bundled Chinese font are inlined: nothing is fetched.

Topic numbers
-------------
pyLDAvis numbers topics from 1 and, by default, re-orders them by size. :func:`prepare_browser`
keeps the model's order (``sort_topics=False``), so browser topic ``k`` is topic ``k`` of
:attr:`helpers.topics.models.TopicModel.topic_term_`, ``doc_topic_`` (``topic_k``) and the charts. With
``sort_topics=True`` (largest topic first, as pyLDAvis likes it) the numbers differ:
:func:`browser_topic_map` gives the mapping, and the saved page prints it above the browser.
"""
from __future__ import annotations

import html
import json
import logging
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..core.jsonable import to_jsonable
from ..viz.page import html_page
from .models import TopicModel

log = logging.getLogger(__name__)

#: Files of the installed pyLDAvis that the page inlines (d3 v5 ships with pyLDAvis 3.4).
PYLDAVIS_ASSETS = {"d3": "d3.v5.min.js", "ldavis": "ldavis.v3.0.0.js", "css": "ldavis.v1.0.0.css"}


def pyldavis_asset(name: str) -> str:
    """The text of one of pyLDAvis' bundled JS/CSS files (``"d3"``, ``"ldavis"`` or ``"css"``)."""
    import pyLDAvis

    path = Path(pyLDAvis.__file__).parent / "js" / PYLDAVIS_ASSETS[name]
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing from the installed pyLDAvis; reinstall pyLDAvis>=3.4")
    return path.read_text(encoding="utf-8")


def prepare_browser(model: TopicModel, *, R: int = 30, lambda_step: float = 0.01, sort_topics: bool = False,
                    mds: str = "pcoa") -> Any:
    """pyLDAvis' ``PreparedData`` from a fitted model's matrices (φ, θ, document lengths, term counts).

    ``sort_topics=False`` keeps the model's topic numbers (see the module docstring). Computed in
    one process (``n_jobs=1``): deterministic, and fast enough for the corpora of this project.
    """
    import pyLDAvis

    model._is_fitted()
    theta = model.doc_topic_[[f"topic_{k}" for k in range(1, model.n_topics + 1)]].to_numpy()
    keep = model.doc_lengths_ > 0
    return pyLDAvis.prepare(topic_term_dists=model.topic_word_, doc_topic_dists=theta[keep],
                            doc_lengths=model.doc_lengths_[keep], vocab=[str(t) for t in model.terms_],
                            term_frequency=model.term_frequency_, R=min(R, len(model.terms_)),
                            lambda_step=lambda_step, mds=mds, n_jobs=1, sort_topics=sort_topics, start_index=1)


def browser_topic_map(prepared: Any, model: TopicModel | None = None) -> pd.DataFrame:
    """Which model topic each browser topic shows: ``browser_topic, topic, share[, label]``.

    ``prepared.topic_order`` lists, for browser topics 1, 2, …, the model topic (1-based, as
    ``start_index=1``) it shows; ``share`` is the browser's share of tokens.
    """
    order = [int(t) for t in prepared.topic_order]
    coords = prepared.topic_coordinates.sort_values("topics")
    out = pd.DataFrame({"browser_topic": np.arange(1, len(order) + 1), "topic": order,
                        "share": (coords["Freq"].to_numpy() / 100.0)})
    if model is not None:
        out["label"] = model.suggest_labels().loc[out["topic"]].to_numpy()
    return out


def _script_safe(text: str) -> str:
    """Text that can sit inside <script> or <style>: no ``</`` that could close the element."""
    return text.replace("</", "<\\/").replace("<!--", "<\\!--")


CSS = """
body{max-width:none;margin:1em} text{font-family:"XunchaCJK","Noto Sans SC","PingFang SC","Microsoft YaHei",sans-serif}
table.topics{border-collapse:collapse;font-size:13px;margin-bottom:1em}
table.topics td,table.topics th{border:1px solid #ccc;padding:2px 8px;text-align:left}
"""


def browser_html(model: TopicModel, *, title: str = "主题浏览 Topic browser", R: int = 30,
                 lambda_step: float = 0.01, sort_topics: bool = False, embed_font: bool = True) -> str:
    """The browser page as a string: LDAvis (topic map, top terms with the relevance λ slider,
    topic sizes) with every script, style and font inline, and a table of topic numbers."""
    prepared = prepare_browser(model, R=R, lambda_step=lambda_step, sort_topics=sort_topics)
    mapping = browser_topic_map(prepared, model)
    data = json.dumps(to_jsonable(prepared.to_dict()), ensure_ascii=False)
    rows = "\n".join(f"<tr><td>{r.browser_topic}</td><td>{r.topic}</td><td>{html.escape(str(r.label))}</td>"
                     f"<td>{r.share:.1%}</td></tr>" for r in mapping.itertuples())
    same = bool((mapping["browser_topic"] == mapping["topic"]).all())
    note = ("浏览器主题编号与模型表格一致。Browser topic numbers are the model's topic numbers."
            if same else "浏览器按主题大小排序；对应关系见下表。The browser orders topics by size; "
                         "the table maps them to the model's topic numbers.")
    body = (f"<h2>{html.escape(title)}</h2>\n<p>{html.escape(note)}</p>\n<table class=\"topics\">\n"
            "<tr><th>浏览器主题 browser topic</th><th>模型主题 model topic</th><th>标签 label</th><th>比例 share</th></tr>\n"
            f"{rows}\n</table>\n<div id=\"ldavis_el\" style=\"background-color:white;\"></div>\n"
            f"<script>\nvar ldavis_data = {_script_safe(data)};\nnew LDAvis(\"#ldavis_el\", ldavis_data);\n</script>\n")
    head = (f"<style>{_script_safe(pyldavis_asset('css'))}</style><script>\n{_script_safe(pyldavis_asset('d3'))}\n"
            f"</script><script>\n{_script_safe(pyldavis_asset('ldavis'))}\n</script>")
    return html_page(title, body, css=CSS, head=head, embed_font=embed_font, font_text=data + "主题浏览比例标签词语相关度")


def save_topic_browser(model: TopicModel, path: str | Path, *, title: str = "主题浏览 Topic browser", R: int = 30,
                       lambda_step: float = 0.01, sort_topics: bool = False, embed_font: bool = True) -> Path:
    """Write the offline topic browser to ``path`` (one ``.html`` file, UTF-8); return the path.

    The page inlines d3 v5 and LDAvis from the installed pyLDAvis, and (``embed_font=True``) the
    bundled Noto Sans SC reduced to the characters on the page, so Chinese terms render on any
    machine, with no network. Open it in any browser.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(browser_html(model, title=title, R=R, lambda_step=lambda_step, sort_topics=sort_topics,
                                 embed_font=embed_font), encoding="utf-8")
    log.info("wrote topic browser %s", path)
    return path


def external_references(page: str) -> list[str]:
    """``src``/``href`` values of ``<script>``/``<link>`` tags and CSS ``url()``/``@import`` targets
    that point outside the file (http, https or protocol-relative ``//``); empty for an offline page."""
    from html.parser import HTMLParser

    found: list[str] = []

    class _Parser(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            for name, value in attrs:
                if tag in ("script", "link", "img", "iframe") and name in ("src", "href") and value:
                    found.append(value)

    _Parser().feed(page)
    for style in re.findall(r"<style[^>]*>(.*?)</style>", page, flags=re.S | re.I):
        found += re.findall(r"url\(\s*['\"]?([^'\")]+)", style)
        found += re.findall(r"@import\s+['\"]([^'\"]+)", style)
    return [u for u in found if re.match(r"(?i)\s*(https?:)?//", u)]


