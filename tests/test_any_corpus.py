"""Any corpus runs to the end (issue 15): one place, no manifest, a single page — every notebook runs and
``reports/index.html`` is written; a failing notebook is marked failed in the report while the others run.

The end-to-end runs build small corpora in ``tmp_path`` from the seed pages (the two or three shortest) so
that each run stays short; they are marked slow.
"""
from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import nbformat
import pytest

from helpers.core.config import PROJECT_ROOT, Paths

RAW = PROJECT_ROOT / "data" / "raw"
SHORT = ["003_636984c0b3bbcc68.txt", "004_a0103a6b34b63d51.txt"]  # the two shortest seed pages


def _corpus(folder: Path, files: list[str], *, manifest: bool = True, place: str | None = None) -> Path:
    folder.mkdir(parents=True)
    rows = {r["file"]: r for r in csv.DictReader((RAW / "manifest.csv").open(encoding="utf-8"))}
    for f in files:
        shutil.copy(RAW / f, folder / f)
    if manifest:
        with (folder / "manifest.csv").open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(rows[files[0]]))
            writer.writeheader()
            for f in files:
                writer.writerow({**rows[f], **({"place": place, "admin_level": "city"} if place else {})})
    return folder


def _run(tmp_path: Path, corpus: Path) -> Path:
    from helpers.pipeline import run_all

    paths = Paths(raw=corpus, processed=tmp_path / "processed", reports=tmp_path / "reports")
    assert run_all(paths) == 0
    reports = paths.reports
    index = (reports / "index.html").read_text(encoding="utf-8")
    assert "Headline findings" in index and "failed" not in index.split("<h2>Notebooks</h2>")[1].split("</ol>")[0]
    assert "file://" not in index and str(tmp_path) not in index
    for nb in sorted((reports / "notebooks").glob("*.ipynb")):
        for cell in nbformat.read(nb, as_version=4).cells:
            for out in cell.get("outputs", []):
                assert out.get("output_type") != "error", f"{nb.name}: {out.get('ename')}: {out.get('evalue')}"
    assert len(list((reports / "notebooks").glob("*.html"))) == len(list((PROJECT_ROOT / "notebooks").glob("0*.ipynb")))
    from test_report import _font_cmap, _visible_text

    from helpers.viz.mathrender import has_raw_tex

    for page in reports.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not has_raw_tex(text), page.name
        assert not re.search(r"""(?:src|href)=["'](?:https?:|file:|/)""", text), page.name
        cmap = _font_cmap(text)
        assert not {c for c in _visible_text(text) if ord(c) > 127 and not c.isspace() and ord(c) not in cmap}, page
    return reports


@pytest.mark.slow
def test_a_one_place_corpus_runs_to_the_end(tmp_path):
    reports = _run(tmp_path, _corpus(tmp_path / "c", SHORT, place="某市"))
    html = (reports / "notebooks" / "03_exploring_discourse.html").read_text(encoding="utf-8")
    assert "keyness needs two groups" in html  # said in one sentence, then on


@pytest.mark.slow
def test_a_corpus_without_manifest_runs_to_the_end(tmp_path):
    _run(tmp_path, _corpus(tmp_path / "c", SHORT[1:], manifest=False))


@pytest.mark.slow
def test_a_single_page_runs_to_the_end(tmp_path):
    reports = _run(tmp_path, _corpus(tmp_path / "c", SHORT[:1]))
    assert (reports / "figures" / "06_indicators_by_place.png").is_file()


@pytest.mark.slow
def test_a_corpus_without_any_relevant_article_runs_to_the_end(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "page.txt").write_text(
        "本报讯 今年以来，我市大力推进农业现代化建设，全市粮食播种面积稳定在120万亩以上，粮食总产量达到45万吨。\n"
        "市农业农村局有关负责人介绍，全市共建成高标准农田18万亩，培育新型农业经营主体320家。\n\n城市建设稳步推进\n"
        "今年我市共实施城市更新项目56个，完成投资32亿元，改造老旧小区87个，惠及居民2.3万户。\n", encoding="utf-8")
    reports = _run(tmp_path, corpus)
    assert "no 巡察 articles" in (reports / "notebooks" / "03_exploring_discourse.html").read_text(encoding="utf-8")


def test_a_failed_notebook_is_marked_in_the_report_and_the_others_still_run(tmp_path, monkeypatch):
    """Without kernels: papermill is replaced by a stub that fails on the first notebook only."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    from helpers import pipeline

    nb_dir = tmp_path / "nb"
    nb_dir.mkdir()
    for name, requires in (("01_a", []), ("02_b", []), ("03_c", ["01"])):
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("$x^2$"), nbformat.v4.new_code_cell("1")])
        nb.metadata["xuncha"] = {"requires": requires}
        nbformat.write(nb, nb_dir / f"{name}.ipynb")
    corpus = _corpus(tmp_path / "c", SHORT[:1])
    paths = Paths(raw=corpus, processed=tmp_path / "processed", reports=tmp_path / "reports", notebooks=nb_dir)
    ran = []

    def execute(nb, out, **kwargs):
        ran.append(Path(nb).name)
        if "01_" in nb:
            raise PapermillExecutionError(cell_index=1, exec_count=2, source="1", ename="ValueError",
                                          evalue="empty sub-corpus", traceback=["long"] * 50)
        shutil.copy(nb, out)

    monkeypatch.setattr(papermill, "execute_notebook", execute)
    monkeypatch.setattr(pipeline, "build", lambda config, paths: {})
    assert pipeline.run_all(paths) == 1
    assert sorted(ran) == ["01_a.ipynb", "02_b.ipynb"]  # the independent one still ran; 03 reads 01's output
    index = (paths.reports / "index.html").read_text(encoding="utf-8")
    listing = index.split("<h2>Notebooks</h2>")[1].split("</ol>")[0]
    assert re.search(r"01_a.*failed.*ValueError: empty sub-corpus", listing, re.S)
    assert re.search(r"03_c.*failed.*not run: it needs 01_a.ipynb", listing, re.S)
    assert listing.count('class="ok"') == 1
    page = (paths.reports / "notebooks" / "02_b.html").read_text(encoding="utf-8")
    assert 'class="math"' in page and "$x^2$" not in page
