"""The offline report: formulas drawn at build time, headline findings, relative links, one parameters cell."""
from __future__ import annotations

import re

import nbformat
import pandas as pd
import pytest

from helpers.core.config import Paths
from helpers.viz.mathrender import has_raw_tex, render_math, tex_to_svg


@pytest.mark.parametrize("tex", [r"DP=\tfrac12\sum_i |v_i-s_i|", r"\exp\!\big(-\frac{\sum_d \log p(w_d)}{\sum_d N_d}\big)",
                                 r"\cos(L,R)=\frac{a}{\lVert w_L\rVert\,\lVert w_R\rVert}", r"\text{tf-idf}(t,d)"])
def test_the_notebooks_formulas_are_drawn(tex):
    img = tex_to_svg(tex)
    assert img and img.startswith('<img class="math" src="data:image/svg+xml;base64,')


def test_render_math_leaves_code_alone_and_keeps_the_tex_as_alt_text():
    out = render_math("inline $G^2$, display $$\\frac{a}{b}$$ and code `$HOME`")
    assert out.count('class="math"') == 2 and "`$HOME`" in out and 'alt="G^2"' in out
    assert not has_raw_tex(out) and has_raw_tex("<p>$\\frac{a}{b}$</p>")


def test_the_report_opens_with_findings_and_links_relative_to_reports(tmp_path):
    from helpers.viz.report import build_report

    processed, reports = tmp_path / "elsewhere" / "processed", tmp_path / "reports"
    processed.mkdir(parents=True)
    (reports / "figures").mkdir(parents=True)
    (reports / "notebooks").mkdir()
    pd.DataFrame({"doc_id": ["a"], "place": ["某市"], "date": ["2023-05"], "text": ["x"]}).to_parquet(
        processed / "documents.parquet")
    pd.DataFrame({"doc_id": ["a"], "article": [1], "relevant": [True]}).to_parquet(processed / "articles.parquet")
    pd.DataFrame({"doc_id": ["a"], "indicator": ["problems_found"]}).to_parquet(processed / "metrics.parquet")
    pd.DataFrame({"indicator": ["problems_found"], "is_total": [True], "place": ["某市"], "year": [2023],
                  "scope_period": ["2023年"], "period": ["current"], "value": [12.0], "unit": ["个"],
                  "qualifier": [""]}).to_csv(processed / "indicators_tidy.csv", index=False)
    (reports / "kwic_整改.html").write_text("<p>kwic</p>", encoding="utf-8")
    (reports / "topic_browser.html").write_text("<p>topics</p>", encoding="utf-8")
    (reports / "figures" / "06_indicators_by_place.png").write_bytes(b"\x89PNG\r\n")
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("corpus_dir = '../data/raw'", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(f"corpus_dir = {str(tmp_path / 'raw')!r}", metadata={"tags": ["injected-parameters"]}),
        nbformat.v4.new_markdown_cell("Gries' $DP=\\tfrac12\\sum_i |v_i-s_i|$")])
    nbformat.write(nb, reports / "notebooks" / "03_x.ipynb")
    index = build_report(Paths(raw=tmp_path / "raw", processed=processed, reports=reports))
    html = index.read_text(encoding="utf-8")
    assert "Headline findings" in html and "发现问题" in html and "报告的指标" in html
    hrefs = re.findall(r'href="([^"]+)"', html)
    assert hrefs and not [h for h in hrefs if h.startswith(("/", "file:")) or str(tmp_path) in h]
    assert "kwic_整改.html" in hrefs and "topic_browser.html" in hrefs
    assert (reports / "tables" / "indicators_tidy.csv").is_file() and "tables/indicators_tidy.csv" in hrefs
    assert "@font-face" in html
    page = (reports / "notebooks" / "03_x.html").read_text(encoding="utf-8")
    assert not has_raw_tex(page) and 'class="math"' in page and "@font-face" in page
    assert str(tmp_path) not in page and "../kwic_整改.html" in page and "../topic_browser.html" in page
    for text in (html, page):
        cmap = _font_cmap(text)
        assert not {c for c in _visible_text(text) if ord(c) > 127 and not c.isspace() and ord(c) not in cmap}


def _font_cmap(page: str) -> set[int]:
    import base64
    import io

    from fontTools.ttLib import TTFont

    cmap = set()
    for data in re.findall(r"url\(data:font/(?:otf|ttf);base64,([A-Za-z0-9+/=]+)\)", page):
        cmap |= set(TTFont(io.BytesIO(base64.b64decode(data))).getBestCmap())
    assert cmap, "no embedded font"
    return cmap


def _visible_text(page: str) -> str:
    text = re.sub(r"<(style|script)[^>]*>.*?</\1>", "", page, flags=re.S)
    import html

    return html.unescape(re.sub(r"<[^>]+>", " ", text))


def test_every_chinese_character_of_a_page_is_in_its_embedded_font(tmp_path):
    """No missing glyphs without system fonts: the font subset embedded in a page covers its text."""
    from helpers.viz.page import html_page

    page = html_page("报告", "<p>发现问题4858件，整改率98%。綏化市 · 汤阴县 <code>…⟨4858件⟩…</code> �</p>")
    cmap = _font_cmap(page)
    missing = {c for c in _visible_text(page) if ord(c) > 127 and not c.isspace() and ord(c) not in cmap}
    assert not missing, missing


def test_every_page_in_a_headless_browser_makes_no_request(tmp_path):
    """Load a report page in headless Chromium with a network log: no http(s) request may appear. Skipped where
    no Chromium is installed (the glyph check above needs no browser)."""
    import shutil
    import subprocess

    browser = next((b for b in ("chromium", "chromium-browser", "google-chrome") if shutil.which(b)), None)
    if browser is None:
        pytest.skip("no headless browser (chromium) installed: network check skipped")
    from helpers.viz.report import build_report

    reports = tmp_path / "reports"
    (reports / "notebooks").mkdir(parents=True)
    index = build_report(Paths(raw=tmp_path / "raw", processed=tmp_path / "processed", reports=reports))
    log = tmp_path / "net.json"
    subprocess.run([browser, "--headless", "--disable-gpu", "--no-sandbox", f"--log-net-log={log}",
                    "--dump-dom", index.as_uri()], capture_output=True, timeout=120, check=False)
    assert log.is_file()
    assert not re.search(r'"url":"https?://', log.read_text(encoding="utf-8", errors="replace"))
