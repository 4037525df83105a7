"""Score the segmenter and the metric extractor on a folder of pages with gold.

    python tools/score_real.py tests/fixtures/real/dev
    python tools/score_real.py ../shared/corpus --gold-dir ../shared/gold      # the seed pages
    python tools/score_real.py DIR --keep out/ --details                         # keep the CSVs, print the lists

Runs ``python -m helpers segment`` and ``python -m helpers metrics`` on ``SPLIT_DIR`` and scores them
with the shared checkers (``../shared/gold/check_articles.py`` and ``check_metrics.py``): the gold is
``gold_articles.csv``, ``gold_metrics.csv`` and ``gold_negatives.csv`` in ``SPLIT_DIR`` (or the
``seed_*.csv`` files of ``--gold-dir``). Prints one line: articles intact, relevant precision, value F1,
indicator F1 (P, R) and the negatives reported. ``--json`` writes the same figures.

The blind ``test`` split is scored once, after the work; never tune anything on its output.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHECKERS = ROOT.parent / "shared" / "gold"


def _first(folder: Path, names: tuple[str, ...]) -> Path | None:
    return next((folder / n for n in names if (folder / n).exists()), None)


def _run(cmd: list[str], *, show: bool) -> str:
    res = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if show:
        print(res.stdout)
    if res.returncode not in (0, 1):  # the checkers exit 1 on a failing score: that is a result
        sys.stderr.write(res.stdout[-3000:] + res.stderr[-3000:])
        raise SystemExit(f"failed ({res.returncode}): {' '.join(cmd)}")
    return res.stdout


def _utf8_copy(split: Path, work: Path) -> Path:
    """The pages of ``split`` as UTF-8 (the checkers read UTF-8 only): encodings from ``encodings.csv``
    (file,encoding) when the folder has one, else UTF-8, GB18030 or Big5, whichever decodes."""
    import csv

    enc = {}
    if (split / "encodings.csv").exists():
        with open(split / "encodings.csv", encoding="utf-8") as fh:
            enc = {r["file"]: r["encoding"] for r in csv.DictReader(fh)}
    out = work / "pages_utf8"
    out.mkdir(parents=True, exist_ok=True)
    for f in split.glob("*.txt"):
        raw = f.read_bytes()
        for e in ([enc[f.name]] if f.name in enc else []) + ["utf-8-sig", "gb18030", "big5"]:
            try:
                text = raw.decode(e)
                break
            except (UnicodeDecodeError, LookupError):
                continue
        else:
            text = raw.decode("utf-8", errors="replace")
        (out / f.name).write_text(text, encoding="utf-8")
    return out


def score(split: Path, *, gold_dir: Path | None = None, keep: Path | None = None, details: bool = False,
          checkers: Path = CHECKERS) -> dict:
    """Segment and extract ``split``, score both, return the summary figures."""
    gold_dir = gold_dir or split
    arts_gold = _first(gold_dir, ("gold_articles.csv", "seed_articles.csv"))
    mets_gold = _first(gold_dir, ("gold_metrics.csv", "seed_metrics.csv"))
    negs_gold = _first(gold_dir, ("gold_negatives.csv", "seed_negatives.csv"))
    work = keep or Path(tempfile.mkdtemp(prefix="score_real_"))
    work.mkdir(parents=True, exist_ok=True)
    py = sys.executable
    seg, met = work / "segments.csv", work / "metrics.csv"
    _run([py, "-m", "helpers", "segment", str(split), "--out", str(seg)], show=False)
    _run([py, "-m", "helpers", "metrics", str(split), "--out", str(met)], show=False)
    pages = _utf8_copy(split, work)
    out: dict = {"split": str(split)}
    if arts_gold:
        js = work / "articles.json"
        _run([py, str(checkers / "check_articles.py"), "--segments", str(seg), "--gold", str(arts_gold),
              "--corpus-dir", str(pages), "--json", str(js)], show=details)
        ov = json.loads(js.read_text(encoding="utf-8"))["overall"]
        out.update(articles=ov["articles"], articles_correct=ov["articles_correct"], relevant=ov["relevant"],
                   relevant_intact=ov["relevant_intact_rate"], relevant_precision=ov["relevant_precision"],
                   merges=ov["merges"], splits=ov["splits"], label_errors=ov["label_errors"])
    if mets_gold:
        js = work / "metrics.json"
        cmd = [py, str(checkers / "check_metrics.py"), "--predictions", str(met), "--gold-dir", str(gold_dir),
               "--corpus-dir", str(pages), "--gold", str(mets_gold), "--json", str(js), "--max-list", "0"]
        if negs_gold:
            cmd += ["--negatives", str(negs_gold)]
        _run(cmd, show=details)
        sm = json.loads(js.read_text(encoding="utf-8"))
        out.update(value_f1=sm["value"]["f1"], indicator_p=sm["indicator"]["p"], indicator_r=sm["indicator"]["r"],
                   indicator_f1=sm["indicator"]["f1"], negatives_reported=sm["negatives_hit"],
                   gold_rows=sm["gold_rows"], predictions=sm["predictions"])
    return out


def _fmt(x) -> str:
    return "  —  " if x is None else f"{x:.3f}" if isinstance(x, float) else str(x)


def main(argv=None) -> int:
    """Command line: print the figures of one folder."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("split", type=Path, help="folder of pages (with manifest.csv and gold_*.csv)")
    ap.add_argument("--gold-dir", type=Path, default=None, help="folder of the gold CSVs (default: SPLIT)")
    ap.add_argument("--keep", type=Path, default=None, help="write segments.csv, metrics.csv and the scores here")
    ap.add_argument("--details", action="store_true", help="print the checkers' full reports (failures, misses …)")
    ap.add_argument("--json", type=Path, default=None, help="also write the summary figures to this file")
    a = ap.parse_args(argv)
    s = score(a.split.resolve(), gold_dir=a.gold_dir.resolve() if a.gold_dir else None,
              keep=a.keep.resolve() if a.keep else None, details=a.details)
    if "articles" in s:
        print(f"articles: {s['articles_correct']}/{s['articles']} correct; relevant intact "
              f"{_fmt(s['relevant_intact'])} of {s['relevant']}, relevant precision {_fmt(s['relevant_precision'])} "
              f"({s['merges']} merged segments, {s['splits']} splits, {s['label_errors']} label errors)")
    if "value_f1" in s:
        print(f"metrics: value F1 {_fmt(s['value_f1'])}; indicator F1 {_fmt(s['indicator_f1'])} "
              f"(P {_fmt(s['indicator_p'])}, R {_fmt(s['indicator_r'])}); negatives reported "
              f"{s['negatives_reported']} ({s['predictions']} predictions, {s['gold_rows']} gold rows)")
    if a.json:
        a.json.write_text(json.dumps(s, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
