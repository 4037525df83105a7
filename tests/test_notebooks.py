"""Every notebook: has a parameters cell, matches its source, runs headless on the seeds and on a tiny corpus."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

import nbformat
import pytest

from helpers.core.config import PROJECT_ROOT, Paths
from helpers.pipeline import run_all

NOTEBOOKS = sorted((PROJECT_ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
TINY = PROJECT_ROOT / "tests" / "fixtures" / "tiny"


def test_notebooks_exist_in_order():
    prefixes = [nb.name[:2] for nb in NOTEBOOKS]
    assert prefixes == sorted(prefixes) and prefixes[0] == "01"
    assert len(NOTEBOOKS) >= 3


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.name)
def test_parameters_cell_and_teaching_structure(nb_path):
    nb = nbformat.read(nb_path, as_version=4)
    params = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1
    for name in ("corpus_dir", "processed_dir", "reports_dir", "seed"):
        assert re.search(rf"^{name}\s*=", params[0].source, re.M), name
    md = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert "**Question.**" in md and "## Your turn" in md
    assert all(len(c.source.splitlines()) <= 40 for c in nb.cells if c.cell_type == "code"), "no long logic in cells"
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), "commit notebooks without outputs"


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_matches_its_source(nb_path, tmp_path, monkeypatch):
    import importlib.util

    spec = importlib.util.spec_from_file_location("nbbuild", PROJECT_ROOT / "tools" / "nbbuild.py")
    nbbuild = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(nbbuild)
    src = PROJECT_ROOT / "notebooks" / "_src" / (nb_path.stem + ".py")
    assert src.is_file()
    built = nbformat.reads(nbformat.writes(_build_to(nbbuild, src, tmp_path)), as_version=4)
    assert [c.source for c in built.cells] == [c.source for c in nbformat.read(nb_path, as_version=4).cells], \
        "notebook differs from notebooks/_src: run `python tools/nbbuild.py`"


def _build_to(nbbuild, src, tmp_path):
    nbbuild.ROOT = tmp_path
    (tmp_path / "notebooks").mkdir(exist_ok=True)
    return nbformat.read(nbbuild.build(src), as_version=4)


def _sums(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def _check_report(reports: Path):
    index = (reports / "index.html").read_text(encoding="utf-8")
    pages = [index] + [p.read_text(encoding="utf-8") for p in (reports / "notebooks").glob("*.html")]
    for page in pages:
        assert not re.search(r"<(script|link|img)[^>]+(src|href)=[\"']https?://", page), "external reference"
        assert "mathjax" not in page.lower() or "cdn" not in page.lower()
    for nb in (reports / "notebooks").glob("*.ipynb"):
        for cell in nbformat.read(nb, as_version=4).cells:
            for out in cell.get("outputs", []):
                assert out.get("output_type") != "error", f"{nb.name}: {out.get('ename')}"
    assert list((reports / "figures").glob("*.png")) and list((reports / "figures").glob("*.svg"))


@pytest.mark.slow
def test_all_notebooks_on_the_seed_corpus_leave_raw_untouched(tmp_path, raw_dir):
    before = _sums(raw_dir)
    paths = Paths(raw=raw_dir, processed=tmp_path / "processed", reports=tmp_path / "reports")
    assert run_all(paths) == 0
    assert _sums(raw_dir) == before
    _check_report(paths.reports)
    for table in ("documents", "articles", "metrics"):
        assert (paths.processed / f"{table}.csv").is_file()
        assert (paths.processed / f"{table}.csv.provenance.json").is_file()


@pytest.mark.slow
def test_all_notebooks_on_a_tiny_corpus(tmp_path):
    paths = Paths(raw=TINY, processed=tmp_path / "processed", reports=tmp_path / "reports")
    assert run_all(paths, seed=7) == 0
    _check_report(paths.reports)
