"""Train the frame classifier on every labelled figure the project has and write it as JSON.

    python tools/build_frame_model.py            # → src/helpers/data/frame_model.json  (make model)

Training figures: the seed gold (``../shared/gold/seed_metrics.csv`` on ``../shared/corpus``), the
fixture sets (``tests/fixtures/pages*/expected.json``) and the real development split
(``tests/fixtures/real/dev/gold_metrics.csv``). Never the blind ``test`` split. Each page is cleaned and
segmented as in the pipeline; every figure found is matched to a gold row of the same page with equal
value and unit (the row whose quote shares most with the figure's clause first) and takes its indicator.
The features are those of :func:`helpers.figures.frames.frame_features` (verb and noun classes and
words, unit, character bigrams around the figure); the model is a multinomial logistic regression
(scikit-learn, ``random_state=0``), written as classes, intercepts and per-feature weights rounded to
3 decimals (weights under 0.05 and features seen once left out), so the file is small, readable and
the same on every run.
"""
from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections import Counter
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
#: the studied real splits (never a blind test split such as test3)
DEV_SPLITS = tuple(ROOT / "tests" / "fixtures" / "real" / n for n in ("dev", "dev2", "dev3"))


def norm(s: str) -> str:
    return re.sub(r"[\W_]+", "", to_simplified(s))


def gold_rows(*, dev: bool = True) -> list[tuple[Path, list[dict]]]:
    """Per corpus folder, its labelled rows: file, indicator, value, unit, quote."""
    out: list[tuple[Path, list[dict]]] = []

    def read(path: Path) -> list[dict]:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            return [r for r in csv.DictReader(fh)]

    if SEED_GOLD.exists():
        out.append((SEED_CORPUS, read(SEED_GOLD)))
    for folder in FIXTURES:
        exp = json.loads((folder / "expected.json").read_text(encoding="utf-8"))["pages"]
        out.append((folder, [dict(file=page, **fig) for page, e in exp.items() for a in e["articles"]
                             for fig in a.get("figures", [])]))
    for split in DEV_SPLITS if dev else ():
        if (split / "gold_metrics.csv").exists():
            out.append((split, read(split / "gold_metrics.csv")))
    return out


def labelled_frames(*, dev: bool = True) -> list[tuple[list[str], str]]:
    """(features, indicator) for every figure of a labelled page that matches a gold row."""
    data = []
    for folder, rows in gold_rows(dev=dev):
        docs = load_corpus(folder)
        by_file: dict[str, list[dict]] = {}
        for r in rows:
            by_file.setdefault(Path(r["file"]).name, []).append(r)
        for file, raw in zip(docs["file"], docs["text"]):
            gold = by_file.get(Path(file).name)
            if not gold:
                continue
            clean = clean_text(raw)
            found = []
            for seg in segment_paragraphs(paragraphs_of(clean)):
                text = join_wrapped_lines(clean.text[seg.start:seg.end])  # read as extract_metrics reads
                for fig in find_figures(text):
                    a = max(text.rfind(c, 0, fig.start) for c in "，,；;。！？\n") + 1
                    found.append((norm(text[a:fig.end + 12]), fig.value, fig.unit,
                                  read_frame(text, fig.start, fig.end, fig.unit)))
            free = list(gold)
            for clause, value, unit, frame in found:
                cands = [g for g in free if abs(float(g["value"]) - value) <= 1e-6 * max(1.0, value)
                         and to_simplified(g["unit"] or "") == unit]
                if not cands:
                    continue
                best = max(cands, key=lambda g: len(set(norm(g["quote"])) & set(clause)))
                free.remove(best)
                data.append((frame_features(frame), best["indicator"]))
    return data


def train(data, *, c: float = 2.0) -> dict:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    seen = Counter(f for feats, _ in data for f in set(feats))
    vec = DictVectorizer()
    x = vec.fit_transform([{f: 1 for f in feats if seen[f] >= 2} for feats, _ in data])  # features seen twice
    y = [label for _, label in data]
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
    a = ap.parse_args(argv)
    data = labelled_frames(dev=not a.without_dev)
    model = train(data, c=a.C)
    a.out.write_text(json.dumps(model, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    counts = Counter(label for _, label in data)
    print(f"{len(data)} labelled figures, {len(counts)} classes, {len(model['weights'])} features -> {a.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
