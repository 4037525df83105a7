"""Every notebook: has a parameters cell, is paired with its source, runs headless on the seeds and a tiny corpus."""
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
def test_notebook_is_paired_with_its_source(nb_path):
    """Each notebook and its percent-format source (jupytext pairing) hold the same cells."""
    import jupytext

    src = PROJECT_ROOT / "notebooks" / "_src" / (nb_path.stem + ".py")
    assert src.is_file(), f"{src} missing: run `jupytext --sync {nb_path}`"
    nb = nbformat.read(nb_path, as_version=4)
    text = jupytext.read(src)
    assert nb.metadata.get("jupytext", {}).get("formats") == "ipynb,_src//py:percent"
    assert [(c.cell_type, c.source) for c in text.cells] == [(c.cell_type, c.source) for c in nb.cells], \
        f"{nb_path.name} and its source differ: run `jupytext --sync notebooks/*.ipynb`"


def test_an_edited_notebook_syncs_to_its_source(tmp_path):
    """What JupyterLab does on save: an edit in the .ipynb reaches the paired .py (and back)."""
    import shutil

    import jupytext
    from jupytext.cli import jupytext as jupytext_cli

    nb_dir = tmp_path / "notebooks"
    (nb_dir / "_src").mkdir(parents=True)
    nb_path = nb_dir / NOTEBOOKS[0].name
    shutil.copy(NOTEBOOKS[0], nb_path)
    shutil.copy(PROJECT_ROOT / "notebooks" / "_src" / (NOTEBOOKS[0].stem + ".py"), nb_dir / "_src")
    nb = nbformat.read(nb_path, as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell("A student's note."))
    nbformat.write(nb, nb_path)
    jupytext_cli(["--sync", str(nb_path)])
    assert jupytext.read(nb_dir / "_src" / (NOTEBOOKS[0].stem + ".py")).cells[-1].source == "A student's note."


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
