"""Build the offline HTML report: the executed notebooks, the figures and the processed tables.

Notebooks are converted with nbconvert's ``basic`` template (no scripts, no CDN, images inlined)
and wrapped in a small page with inline CSS, so ``reports/index.html`` works without a network.
"""
from __future__ import annotations

import html
import json
import logging
from pathlib import Path

from .page import html_page

log = logging.getLogger(__name__)

CSS = """
.jp-InputPrompt,.jp-OutputPrompt,.prompt{display:none} .jp-Cell{margin-bottom:1em}
.figs{display:flex;flex-wrap:wrap;gap:1em} .figs figure{width:320px;margin:0} .figs img{border:1px solid #ddd}
"""


def _page(title: str, body: str, depth: int = 0) -> str:
    from pygments.formatters import HtmlFormatter

    nav = f'<a href="{"../" * depth}index.html">← report index</a>' if depth else ""
    return html_page(title, body, css=CSS + HtmlFormatter().get_style_defs(".highlight"), nav=nav)


def notebook_to_html(nb_path: Path, out_path: Path) -> Path:
    """Convert one executed notebook to a standalone offline HTML page."""
    import nbformat
    from nbconvert import HTMLExporter

    nb = nbformat.read(nb_path, as_version=4)
    exporter = HTMLExporter(template_name="basic")
    body, _ = exporter.from_notebook_node(nb)
    out_path.write_text(_page(nb_path.stem, body, depth=1), encoding="utf-8")
    return out_path


def build_report(paths, *, timings: list[tuple[str, float]] | None = None) -> Path:
    """Write ``reports/index.html`` (and one HTML page per executed notebook); return its path."""
    paths.reports.mkdir(parents=True, exist_ok=True)
    nb_dir = paths.executed_notebooks
    times = dict(timings or [])
    items = []
    for nb in sorted(nb_dir.glob("*.ipynb")):
        page = notebook_to_html(nb, nb.with_suffix(".html"))
        t = f" <span class=\"muted\">({times[nb.name]:.1f} s)</span>" if nb.name in times else ""
        items.append(f"<li><a href=\"notebooks/{page.name}\">{html.escape(nb.stem)}</a>{t}</li>")
    figs = []
    for png in sorted(paths.figures.glob("*.png")):
        svg = png.with_suffix(".svg")
        link = f" · <a href=\"figures/{svg.name}\">SVG</a>" if svg.exists() else ""
        figs.append(f"<figure><a href=\"figures/{png.name}\"><img src=\"figures/{png.name}\" alt=\"{png.stem}\">"
                    f"</a><figcaption>{html.escape(png.stem)}{link}</figcaption></figure>")
    tables = []
    for t in sorted(p for p in paths.processed.iterdir() if p.suffix in (".csv", ".parquet", ".xlsx", ".graphml",
                                                                          ".html")) if paths.processed.exists() else []:
        prov = t.with_name(t.name + ".provenance.json")
        rows = json.loads(prov.read_text(encoding="utf-8")).get("rows", "") if prov.exists() else ""
        rel = Path("..") / t.relative_to(paths.processed.parent) if paths.processed.parent == paths.reports.parent \
            else t.resolve().as_uri()
        tables.append(f"<tr><td><a href=\"{rel}\">{html.escape(t.name)}</a></td><td>{rows}</td>"
                      f"<td>{'<a href=' + chr(34) + str(rel) + '.provenance.json' + chr(34) + '>provenance</a>' if prov.exists() else ''}</td></tr>")
    body = (
        "<h1>xuncha-discourse report</h1>"
        "<p>Inspection-tour (巡察) reports from local Party newspapers, analysed step by step: cleaning and "
        "segmentation, exploration, keywords and topics, metric extraction, comparison. Each notebook below was "
        "executed headless on the corpus in <code>" + html.escape(str(paths.raw)) + "</code>.</p>"
        "<h2>Notebooks</h2><ol>" + "".join(items) + "</ol>"
        "<h2>Figures</h2><div class=\"figs\">" + "".join(figs) + "</div>"
        "<h2>Tables</h2><table><tr><th>table</th><th>rows</th><th>record</th></tr>" + "".join(tables) + "</table>"
    )
    index = paths.reports / "index.html"
    index.write_text(_page("xuncha-discourse report", body), encoding="utf-8")
    log.info("wrote %s", index)
    return index
