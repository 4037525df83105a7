"""The worked solutions in notebooks/solutions/ run on a small built corpus (issue 15)."""
from __future__ import annotations

import runpy
import sys

import pytest

from helpers.core.config import PROJECT_ROOT, BuildConfig, Paths

SOLUTIONS = sorted((PROJECT_ROOT / "notebooks" / "solutions").glob("[0-9][0-9]_*.py"))


def test_every_notebook_has_hints_and_solutions():
    notebooks = {p.name[:2] for p in (PROJECT_ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")}
    assert notebooks == {p.name[:2] for p in SOLUTIONS}
    for p in SOLUTIONS:
        text = p.read_text(encoding="utf-8")
        assert "*Hint:*" in text and "*Solution:*" in text, p.name


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from helpers.pipeline import build

    tmp = tmp_path_factory.mktemp("solutions")
    paths = Paths(raw=PROJECT_ROOT / "tests" / "fixtures" / "tiny", processed=tmp / "processed",
                  reports=tmp / "reports")
    build(BuildConfig(topic_ks=(2,), topic_seeds=1), paths=paths)
    return paths


@pytest.mark.slow
@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda p: p.name)
def test_the_solutions_run(solution, built, monkeypatch, capsys):
    monkeypatch.setenv("XUNCHA_PROCESSED_DIR", str(built.processed))
    monkeypatch.setenv("XUNCHA_RAW_DIR", str(built.raw))
    monkeypatch.syspath_prepend(str(solution.parent))
    sys.modules.pop("_common", None)
    runpy.run_path(str(solution), run_name="__main__")
    assert capsys.readouterr().out.strip()
