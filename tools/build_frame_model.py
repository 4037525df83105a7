"""Train the frame classifier on every labelled figure the project has and write it as JSON.

    python tools/build_frame_model.py            # → src/helpers/data/frame_model.json  (make model)
    python tools/build_frame_model.py --extra corrections.csv --extra-pages my_pages/ --out /tmp/model.json

Training figures: the seed gold (``../shared/gold/seed_metrics.csv`` on ``../shared/corpus``), the
fixture sets (``tests/fixtures/pages*/expected.json``) and the studied real splits
(``tests/fixtures/real/dev*/gold_metrics.csv``), never a blind ``test*`` split. Each page is cleaned and
segmented as in the pipeline; every figure found is matched to a gold row of the same page with equal
value and unit (the row whose quote shares most with the figure's clause first) and takes its indicator.
The features are those of :func:`helpers.figures.frames.frame_features` (verb and noun classes and
words, unit, character bigrams around the figure); the model is a multinomial logistic regression
(scikit-learn, ``random_state=0``), written as classes, intercepts and per-feature weights rounded to
3 decimals (weights under 0.05 and features seen once left out), so the file is small, readable and
the same on every run.

``--extra CSV`` adds labelled rows of your own — corrections of figures the classifier got wrong — in the
format of ``gold_metrics.csv`` (file, indicator, value, unit, quote; qualifier and description may be
there), for the pages in ``--extra-pages`` (default: the folder of the CSV). They are read after every other
source; a row with the same file, value, unit and quote as a row of another source replaces that row.
Without ``--extra`` the output is the same as before the option existed.
"""
from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections import Counter
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from helpers.core.script import to_simplified  # noqa: E402
from helpers.figures.frames import MODEL_FILE, frame_features, read_frame  # noqa: E402
from helpers.figures.metrics import find_figures, join_wrapped_lines  # noqa: E402
from helpers.ingest.corpus import load_corpus  # noqa: E402
from helpers.pages.cleaning import clean_text  # noqa: E402
from helpers.pages.segmentation import paragraphs_of, segment_paragraphs  # noqa: E402

SEED_CORPUS = ROOT.parent / "shared" / "corpus"
SEED_GOLD = ROOT.parent / "shared" / "gold" / "seed_metrics.csv"
FIXTURES = sorted((ROOT / "tests" / "fixtures").glob("pages*"))
DEV = ROOT / "tests" / "fixtures" / "real" / "dev"
#: the studied real splits, every folder named dev* (a blind split is named test*: never trained on)
DEV_SPLITS = tuple(sorted(p for p in (ROOT / "tests" / "fixtures" / "real").glob("dev*") if p.is_dir()))


def norm(s: str) -> str:
    return re.sub(r"[\W_]+", "", to_simplified(s))


def read(path: Path) -> list[dict]:
    """The rows of a gold-format CSV (UTF-8, with or without BOM)."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return [r for r in csv.DictReader(fh)]


def _figure_key(row: dict) -> tuple:
    """What names one figure across sources: file name, value, unit, normalised quote."""
    return (Path(row["file"]).name, round(float(row["value"]), 6), to_simplified(row.get("unit") or ""),
            norm(row.get("quote") or ""))


def gold_rows(*, dev: bool = True, extra: tuple[tuple[Path, Path], ...] = ()) -> list[tuple[Path, list[dict]]]:
    """Per corpus folder, its labelled rows: file, indicator, value, unit, quote. ``extra``: ``(csv, pages
    folder)`` pairs read last; their rows replace the rows of the same figures from the other sources."""
    out: list[tuple[Path, list[dict]]] = []

    if SEED_GOLD.exists():
        out.append((SEED_CORPUS, read(SEED_GOLD)))
    for folder in FIXTURES:
        exp = json.loads((folder / "expected.json").read_text(encoding="utf-8"))["pages"]
        out.append((folder, [dict(file=page, **fig) for page, e in exp.items() for a in e["articles"]
                             for fig in a.get("figures", [])]))
    for split in DEV_SPLITS if dev else ():
        if (split / "gold_metrics.csv").exists():
            out.append((split, read(split / "gold_metrics.csv")))
    for path, pages in extra:
        rows = read(path)
        missing = [c for c in ("file", "indicator", "value", "unit", "quote") if rows and c not in rows[0]]
        if missing:
            raise SystemExit(f"{path}: missing column(s) {', '.join(missing)} (the format of gold_metrics.csv)")
        corrected = {_figure_key(r) for r in rows}
        out = [(folder, [r for r in old if folder.resolve() != pages.resolve() or _figure_key(r) not in corrected])
               for folder, old in out]
        out.append((pages, rows))
    return out


@cache
def figures_of(raw: str) -> tuple[tuple[str, float, str, tuple[str, ...]], ...]:
    """Every figure of a page's text as the pipeline finds it: (its clause normalised, value, unit, frame
    features). Kept for the process's life, by text: a second training in the same process (notebook 05
    retrains twice) reads each page once."""
    clean = clean_text(raw)
    found = []
    for seg in segment_paragraphs(paragraphs_of(clean)):
        text = join_wrapped_lines(clean.text[seg.start:seg.end])  # read as extract_metrics reads
        for fig in find_figures(text):
            a = max(text.rfind(c, 0, fig.start) for c in "，,；;。！？\n") + 1
            found.append((norm(text[a:fig.end + 12]), fig.value, fig.unit,
                          tuple(frame_features(read_frame(text, fig.start, fig.end, fig.unit)))))
    return tuple(found)


def labelled_frames(*, dev: bool = True, extra: tuple[tuple[Path, Path], ...] = ()) -> list[tuple[list[str], str]]:
    """(features, indicator) for every figure of a labelled page that matches a gold row."""
    data = []
    for folder, rows in gold_rows(dev=dev, extra=extra):
        docs = load_corpus(folder)
        by_file: dict[str, list[dict]] = {}
        for r in rows:
            by_file.setdefault(Path(r["file"]).name, []).append(r)
        for file, raw in zip(docs["file"], docs["text"]):
            gold = by_file.get(Path(file).name)
            if not gold:
                continue
            free = list(gold)
            for clause, value, unit, features in figures_of(raw):
                cands = [g for g in free if abs(float(g["value"]) - value) <= 1e-6 * max(1.0, value)
                         and to_simplified(g["unit"] or "") == unit]
                if not cands:
                    continue
                best = max(cands, key=lambda g: len(set(norm(g["quote"])) & set(clause)))
                free.remove(best)
                data.append((list(features), best["indicator"]))
    return data


def train(data, *, c: float = 2.0) -> dict:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from threadpoolctl import threadpool_limits

    seen = Counter(f for feats, _ in data for f in set(feats))
    vec = DictVectorizer()
    x = vec.fit_transform([{f: 1 for f in feats if seen[f] >= 2} for feats, _ in data])  # features seen twice
    y = [label for _, label in data]
    # one BLAS thread: the problem is small (about 40,000 weights), and L-BFGS with a thread per core
    # waits on its threads at every step — 4 s instead of 0.1 s on two busy cores, for the same weights
    with threadpool_limits(limits=1):
        model = LogisticRegression(C=c, max_iter=2000, random_state=0).fit(x, y)
    names = vec.get_feature_names_out()
    weights = {}
    for j, name in enumerate(names):  # sparse: class index → weight, weights under 0.05 left out
        w = {str(k): round(float(v), 3) for k, v in enumerate(model.coef_[:, j]) if abs(v) >= 0.05}
        if w:
            weights[str(name)] = w
    return dict(about="frame classifier for helpers.figures.frames (tools/build_frame_model.py); "
                      "binary features, softmax over classes", n_training_figures=len(data),
                classes=[str(k) for k in model.classes_], intercept=[round(float(v), 4) for v in model.intercept_],
                weights=dict(sorted(weights.items())))


def main(argv=None) -> int:
    """Command line: build the model file."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=MODEL_FILE)
    ap.add_argument("--without-dev", action="store_true", help="leave the real dev split out (to score it honestly)")
    ap.add_argument("-C", type=float, default=2.0, help="inverse regularisation strength (default 2)")
    ap.add_argument("--extra", type=Path, action="append", default=[], metavar="CSV",
                    help="labelled rows of your own in the format of gold_metrics.csv (may be given again)")
    ap.add_argument("--extra-pages", type=Path, default=None, metavar="DIR",
                    help="folder of the pages the --extra rows name (default: the folder of each CSV)")
    a = ap.parse_args(argv)
    extra = tuple((csv_path, a.extra_pages or csv_path.parent) for csv_path in a.extra)
    for csv_path, pages in extra:
        if not csv_path.is_file() or not pages.is_dir():
            raise SystemExit(f"--extra {csv_path}: " + ("no such file" if not csv_path.is_file() else
                                                          f"no folder of pages {pages}"))
    data = labelled_frames(dev=not a.without_dev, extra=extra)
    model = train(data, c=a.C)
    a.out.write_text(json.dumps(model, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    counts = Counter(label for _, label in data)
    if extra:
        print(f"with {sum(len(read(p)) for p, _ in extra)} row(s) from {', '.join(str(p) for p, _ in extra)}")
    print(f"{len(data)} labelled figures, {len(counts)} classes, {len(model['weights'])} features -> {a.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
