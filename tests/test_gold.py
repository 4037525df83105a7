"""The seed pages scored by the gold checkers in ../shared/gold (through their own scripts)."""
from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest

from helpers.cli import main
from helpers.pages.cleaning import to_simplified


@pytest.fixture(scope="module")
def outputs(tmp_path_factory, raw_dir):
    out = tmp_path_factory.mktemp("gold")
    assert main(["segment", str(raw_dir), "--out", str(out / "segments.csv")]) == 0
    assert main(["metrics", str(raw_dir), "--out", str(out / "metrics.csv")]) == 0
    return out


def _run(script, *args):
    return subprocess.run([sys.executable, str(script), *map(str, args)], capture_output=True, text=True, timeout=120)


def test_articles_checker_passes(outputs, gold_dir):
    res = _run(gold_dir / "check_articles.py", "--segments", outputs / "segments.csv", "--json", outputs / "s.json")
    assert res.returncode == 0, res.stdout[-3000:]
    overall = json.loads((outputs / "s.json").read_text())["overall"]
    assert overall["articles_correct"] == overall["articles"]
    assert overall["relevant_intact_rate"] == 1.0 and overall["relevant_precision"] == 1.0


def test_metrics_checker_meets_targets(outputs, gold_dir):
    res = _run(gold_dir / "check_metrics.py", "--predictions", outputs / "metrics.csv", "--min-f1", "0.97")
    assert res.returncode == 0, res.stdout[-3000:]
    lines = {ln[:3]: ln for ln in res.stdout.splitlines() if ln[:3] in ("(a)", "(b)", "(c)")}
    f1 = {k: float(v.split("F1=")[1].split()[0]) for k, v in lines.items() if "F1=" in v}
    assert f1["(a)"] >= 0.97 and f1["(b)"] >= 0.97
    assert "predictions hitting a negative: 0" in lines["(c)"]


def test_every_figure_points_at_its_raw_text(outputs, documents):
    mets = pd.read_csv(outputs / "metrics.csv", keep_default_na=False)
    raw = dict(zip(documents["doc_id"], documents["text"]))
    assert len(mets) > 100
    for r in mets.itertuples():
        span = raw[r.doc_id][r.start:r.end]
        assert span == r.value_text
        squeezed = to_simplified(span.replace(" ", "").replace("\u3000", ""))
        assert squeezed and squeezed[0] in "0123456789０１２３４５６７８９零〇一二两三四五六七八九十百千近约超逾不将接大"


def test_every_article_points_at_its_raw_span(outputs, documents):
    from helpers.pages.cleaning import normalize_for_matching

    arts = pd.read_csv(outputs / "segments.csv", keep_default_na=False)
    raw = dict(zip(documents["doc_id"], documents["text"]))
    for r in arts.itertuples():
        span = normalize_for_matching(raw[r.doc_id][r.start:r.end])
        body = normalize_for_matching(r.text)
        assert body[:10] in span and body[-10:] in span
    # articles are in reading order and do not overlap
    for _, g in arts.groupby("doc_id"):
        assert g["article"].tolist() == list(range(1, len(g) + 1))
        assert (g["start"].values[1:] >= g["end"].values[:-1]).all()
