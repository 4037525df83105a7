"""Build the offline HTML report: headline findings, the executed notebooks, the figures and the tables.

Notebooks are converted with nbconvert's ``basic`` template (no scripts, no CDN, images inlined), their formulas
drawn at build time (:mod:`.mathrender`), and wrapped in the one page shell (:func:`.page.html_page`, with the
Chinese font subset), so ``reports/`` works without a network and after being moved or zipped: every link is
relative to ``reports/`` and the small tables are copied into ``reports/tables/``.
"""
from __future__ import annotations

import html
import json
import logging
import os
import shutil
from pathlib import Path

from .page import html_page

log = logging.getLogger(__name__)

CSS = """
.jp-InputPrompt,.jp-OutputPrompt,.prompt{display:none} .jp-Cell{margin-bottom:1em}
.figs{display:flex;flex-wrap:wrap;gap:1em} .figs figure{width:320px;margin:0} .figs img{border:1px solid #ddd}
.headline{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:1.2em}
.headline figure{margin:0} .headline img{border:1px solid #ddd}
figcaption{font-size:.9em;color:#444} .failed{color:#b00020} .ok{color:#1b7837}
img.math{display:inline;border:0;max-width:none} .math-display{display:block;text-align:center;margin:.6em 0}
pre.error{background:#fff0f0;border-left:3px solid #b00020;white-space:pre-wrap}
"""

#: One line per figure, shown under it in the report (figure file stem → caption).
FIGURE_CAPTIONS = {
    "01_characters_per_page": "每版字符数 · Characters per page: how much text each page holds, before cleaning.",
    "02_articles_per_page": "每版文章数 · Articles per page, and how many of them are mainly about 巡察.",
    "03_top_words_by_place": "高频词 · The most frequent content words of each place's 巡察 articles, per 10,000 tokens.",
    "03_cooccurrence_network": "共现网络 · Words that occur in the same articles; colours are communities.",
    "04_k_selection": "主题数 · Choosing the number of topics: perplexity, coherence and stability by K.",
    "04_topic_terms": "主题词 · The top words of each topic of the chosen model.",
    "04_topics_by_place": "各地主题 · Mean topic shares of each place's documents.",
    "05_indicators_by_page": "各地指标 · How many figures each page reports per indicator.",
    "06_indicators_by_place": "报告的指标 · The totals each report gives for the key indicators (label: place · period).",
    "06_ratios": "可比比率 · Ratios computed inside one report and one round, with the rate the text states.",
    "06_numeric_density_by_level": "数字密度 · Figures per 1,000 characters by admin level, with 95% bootstrap intervals.",
    "06_slogans_by_place": "口号使用 · Numbered slogans per 10,000 tokens in each place's 巡察 articles.",
}
#: The figures that open the report, in this order (those that exist).
HEADLINE_FIGURES = ["06_indicators_by_place", "06_ratios", "03_top_words_by_place", "04_topics_by_place",
                    "05_indicators_by_page"]
#: Tables copied into reports/tables/ (small, for readers); larger ones stay in the processed folder.
COPIED_SUFFIXES = (".csv", ".xlsx", ".graphml")
COPY_LIMIT = 50_000_000


def light_imports() -> None:
    """Make importing nbformat (papermill, nbconvert) two seconds cheaper: jsonschema builds the grammars of
    ``rfc3987_syntax`` at import, only to check IRIs, which notebooks never hold. Marking that optional
    module as absent makes jsonschema skip it (it imports it under ``suppress(ImportError)``)."""
    import sys

    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)


def _nav(depth: int, extra: list[tuple[str, str]] = ()) -> str:
    up = "../" * depth
    links = [(f"{up}index.html", "← report index")] if depth else []
    links += [(f"{up}{href}", label) for href, label in extra]
    return " ".join(f'<a href="{html.escape(h)}">{html.escape(t)}</a>' for h, t in links)


def _page(title: str, body: str, depth: int = 0, extra_nav: list[tuple[str, str]] = ()) -> str:
    from pygments.formatters import HtmlFormatter

    return html_page(title, body, css=CSS + HtmlFormatter().get_style_defs(".highlight"),
                     nav=_nav(depth, list(extra_nav)))


def interactive_pages(reports: Path) -> list[tuple[str, str]]:
    """The KWIC pages and the topic browser in ``reports`` as ``(relative href, label)``."""
    out = [(p.name, "KWIC " + p.stem.split("_", 1)[-1]) for p in sorted(reports.glob("kwic_*.html"))]
    if (reports / "topic_browser.html").is_file():
        out.append(("topic_browser.html", "topic browser 主题浏览"))
    return out


def _shown_parameters(nb, reports: Path | None) -> None:
    """Keep one parameters cell: the notebook's own, with this run's values (papermill's injected cell)
    added as comments, paths relative to the reports folder so no absolute path is shown."""
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    if not injected:
        return
    params = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    lines = []
    for line in injected[0].source.splitlines():
        if "=" not in line or line.lstrip().startswith("#"):
            continue
        name, value = (x.strip() for x in line.split("=", 1))
        if reports is not None and value[:1] in "\"'" and os.path.isabs(value.strip("\"'")):
            value = repr(os.path.relpath(value.strip("\"'"), reports))
        lines.append(f"#   {name} = {value}")
    if params and lines:
        params[0].source = params[0].source.rstrip() + "\n# this run (relative to reports/):\n" + "\n".join(lines)
    nb.cells = [c for c in nb.cells if c not in injected]


def notebook_to_html(nb_path: Path, out_path: Path, *, reports: Path | None = None) -> Path:
    """Convert one executed notebook to a standalone offline HTML page (formulas drawn, one parameters cell,
    links to the report index, the KWIC pages and the topic browser)."""
    light_imports()
    import nbformat
    from nbconvert import HTMLExporter

    from .mathrender import render_math

    nb = nbformat.read(nb_path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = render_math(cell.source)
    reports = reports or out_path.parent.parent
    _shown_parameters(nb, reports)
    exporter = HTMLExporter(template_name="basic")
    level = exporter.log.level
    exporter.log.setLevel(logging.ERROR)  # "alternative text is missing" on every figure
    try:
        body, _ = exporter.from_notebook_node(nb)
    finally:
        exporter.log.setLevel(level)
    out_path.write_text(_page(nb_path.stem, body, depth=1, extra_nav=interactive_pages(reports)), encoding="utf-8")
    return out_path


# ----------------------------------------------------------------------------- headline findings
def _read(processed: Path, name: str):
    from ..core.tables import read_table

    path = processed / name
    if not path.is_file():
        return None
    try:
        return read_table(path)
    except Exception as exc:  # a broken table must not stop the report
        log.warning("report: cannot read %s (%s)", path, exc)
        return None


def _table_html(df, max_rows: int = 15) -> str:
    shown = df.head(max_rows)
    more = f'<p class="muted">… {len(df) - max_rows} more rows in the table.</p>' if len(df) > max_rows else ""
    def number(v: float) -> str:
        return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.1f}"

    return shown.to_html(index=False, na_rep="", border=0, float_format=number) + more


def headline_findings(paths) -> str:
    """The key numbers of the run as HTML: the corpus in one table, the key indicators (totals only, Chinese
    names), and the ratios with the rates the reports state. Missing tables are skipped with a sentence."""
    import pandas as pd

    processed = paths.processed
    parts = []
    documents, articles, metrics = (_read(processed, f"{t}.parquet") for t in ("documents", "articles", "metrics"))
    if documents is not None:
        n_rel = int(articles["relevant"].sum()) if articles is not None and "relevant" in articles else 0
        n_fig = 0 if metrics is None else len(metrics)
        n_ind = 0 if metrics is None else int((metrics["indicator"] != "other").sum())
        places = documents["place"].dropna().nunique() if "place" in documents else 0
        years = pd.to_numeric(documents.get("date", pd.Series(dtype=str)).astype("string").str[:4],
                              errors="coerce").dropna()
        span = f"{int(years.min())}–{int(years.max())}" if len(years) else "no dates"
        corpus = pd.DataFrame([{"pages 版面": len(documents),
                                "articles 文章": 0 if articles is None else len(articles),
                                "巡察 articles": n_rel, "figures 数字": n_fig, "tied to an indicator 有指标": n_ind,
                                "places 地点": places, "years 年份": span}])
        parts.append("<h3>The corpus</h3>" + _table_html(corpus))
    tidy = _read(processed, "indicators_tidy.csv")
    if tidy is not None and len(tidy):
        from ..core.labels import indicator_label

        key = ["problems_found", "problems_rectified", "rectification_rate", "clues_transferred",
               "disciplinary_sanctions", "organisational_handling", "orgs_inspected", "villages_inspected"]
        t = tidy[tidy["indicator"].isin(key)]
        if "is_total" in t.columns:
            t = t[t["is_total"].astype(str).str.lower().isin(["true", "1"])]
        if len(t):
            t = t.assign(indicator_zh=[indicator_label(i) for i in t["indicator"]],
                         order=t["indicator"].map({k: n for n, k in enumerate(key)}))
            cols = [c for c in ("indicator_zh", "place", "year", "scope_period", "period", "value", "unit",
                                "qualifier") if c in t.columns]
            t = t.sort_values(["order", "place"], kind="stable")[cols].rename(columns={"indicator_zh": "indicator 指标"})
            parts.append("<h3>What the reports claim (totals only; parts and repeats left out)</h3>"
                         + _table_html(t, 20))
    else:
        parts.append("<p>No figure in this corpus is tied to an indicator, so there is no indicator table.</p>")
    ratios = _read(processed, "ratios.csv")
    if ratios is not None and len(ratios):
        cols = [c for c in ("place", "scope_period", "period", "label", "numerator", "denominator", "value",
                            "stated", "stated_vs_computed") if c in ratios.columns]
        parts.append("<h3>Ratios within one report and round, checked against the stated rate</h3>"
                     + _table_html(ratios[cols], 12))
    return "".join(parts)


def _figure(png: Path, figures_rel: str, big: bool = False) -> str:
    svg = png.with_suffix(".svg")
    link = f' · <a href="{figures_rel}/{svg.name}">SVG</a>' if svg.exists() else ""
    caption = FIGURE_CAPTIONS.get(png.stem, png.stem)
    return (f'<figure><a href="{figures_rel}/{png.name}"><img src="{figures_rel}/{png.name}" '
            f'alt="{html.escape(caption, quote=True)}" loading="lazy"></a>'
            f"<figcaption>{html.escape(caption)} <span class=\"muted\">({png.stem}{link})</span></figcaption></figure>")


def _copy_tables(paths) -> list[tuple[Path, str]]:
    """Each table of the processed folder with the href the report links it by (relative to reports/)."""
    processed = paths.processed
    if not processed.exists():
        return []
    dest = paths.reports / "tables"
    out = []
    for t in sorted(p for p in processed.iterdir()
                    if p.suffix in (".csv", ".parquet", ".xlsx", ".graphml") and p.is_file()):
        href = os.path.relpath(t, paths.reports)
        if t.suffix in COPIED_SUFFIXES and t.stat().st_size <= COPY_LIMIT:
            dest.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(t, dest / t.name)
            prov = t.with_name(t.name + ".provenance.json")
            if prov.is_file():
                shutil.copyfile(prov, dest / prov.name)
            href = f"tables/{t.name}"
        out.append((t, href))
    return out


def build_report(paths, *, timings: list[tuple[str, float]] | None = None,
                 failures: dict[str, str] | None = None) -> Path:
    """Write ``reports/index.html`` (and one HTML page per executed notebook); return its path.

    ``failures`` maps a notebook's file name to its error: the notebook is listed as failed with the error,
    and the rest of the report is written as usual."""
    paths.reports.mkdir(parents=True, exist_ok=True)
    nb_dir = paths.executed_notebooks
    times = dict(timings or [])
    failures = dict(failures or {})
    items = []
    names = sorted({p.name for p in nb_dir.glob("*.ipynb")} | set(failures)) if nb_dir.exists() else sorted(failures)
    for name in names:
        nb = nb_dir / name
        page = None
        if nb.is_file() and nb.stat().st_size > 2:
            try:
                page = notebook_to_html(nb, nb.with_suffix(".html"), reports=paths.reports)
            except Exception as exc:  # a broken notebook file must not stop the report
                log.warning("report: cannot convert %s (%s)", nb.name, exc)
        link = f'<a href="notebooks/{page.name}">{html.escape(nb.stem)}</a>' if page else html.escape(Path(name).stem)
        if name in failures:
            items.append(f'<li>{link} <span class="failed">failed</span><pre class="error">'
                         f"{html.escape(failures[name])}</pre></li>")
        else:
            t = f' <span class="muted">({times[name]:.1f} s)</span>' if name in times else ""
            items.append(f'<li>{link} <span class="ok">ran</span>{t}</li>')
    pngs = sorted(paths.figures.glob("*.png")) if paths.figures.exists() else []
    by_stem = {p.stem: p for p in pngs}
    heads = [by_stem[s] for s in HEADLINE_FIGURES if s in by_stem][:4]
    figs = "".join(_figure(p, "figures") for p in pngs)
    tables = []
    for t, href in _copy_tables(paths):
        prov = t.with_name(t.name + ".provenance.json")
        rows = ""
        if prov.exists():
            try:
                rows = json.loads(prov.read_text(encoding="utf-8")).get("rows", "")
            except (OSError, ValueError):
                rows = "?"
        rec = f'<a href="{html.escape(href)}.provenance.json">provenance</a>' if prov.exists() else ""
        tables.append(f'<tr><td><a href="{html.escape(href)}">{html.escape(t.name)}</a></td><td>{rows}</td>'
                      f"<td>{rec}</td></tr>")
    interactive = "".join(f'<li><a href="{html.escape(h)}">{html.escape(label)}</a></li>'
                          for h, label in interactive_pages(paths.reports))
    try:
        findings = headline_findings(paths)
    except Exception as exc:  # the findings are a summary: the rest of the report still stands
        log.warning("report: headline findings not written (%s)", exc)
        findings = "<p>The headline tables could not be read; see the tables below.</p>"
    status = (f'<p class="failed">{len(failures)} notebook(s) did not run to the end; their errors are listed '
              "below and the other notebooks' results are complete.</p>" if failures else "")
    body = (
        "<h1>xuncha-discourse report</h1>"
        "<p>Inspection-tour (巡察) reports from local Party newspapers, analysed step by step: cleaning and "
        "segmentation, exploration, keywords and topics, metric extraction, comparison. Each notebook below was "
        "executed headless on the corpus <code>" + html.escape(Path(paths.raw).name) + "</code>.</p>" + status +
        "<h2>Headline findings</h2>" + findings +
        ("<div class=\"headline\">" + "".join(_figure(p, "figures", big=True) for p in heads) + "</div>"
         if heads else "") +
        "<h2>Notebooks</h2><ol>" + "".join(items) + "</ol>" +
        ("<h2>Interactive pages</h2><ul>" + interactive + "</ul>" if interactive else "") +
        "<h2>All figures</h2><div class=\"figs\">" + figs + "</div>"
        "<h2>Tables</h2><table><tr><th>table</th><th>rows</th><th>record</th></tr>" + "".join(tables) + "</table>"
    )
    index = paths.reports / "index.html"
    index.write_text(_page("xuncha-discourse report", body), encoding="utf-8")
    log.info("wrote %s", index)
    return index
