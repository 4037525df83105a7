"""Build a corpus of a given size by reshuffling the seed pages' paragraphs into new pages (seeded).

Used by the scale benchmarks (``bench_scale.py``, ``bench_dask.py``); also a command:

    .venv/bin/python benchmarks/synthetic_corpus.py OUT_DIR --mb 10 [--seed 0]

Each new page takes 8-40 paragraphs (blocks between blank lines) drawn with replacement from the five seed
pages of ``data/raw``, so pages look like the seeds (OCR line breaks, headlines, bylines, figures, the
traditional page's script mixed in) but no two pages are the same. The manifest gives each page the
metadata of one seed page (source, place, level, province, date), so grouping by place works.
"""
from __future__ import annotations

import argparse
import csv
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED_DIR = ROOT / "data" / "raw"


def seed_paragraphs(seed_dir: Path = SEED_DIR) -> tuple[list[str], list[dict]]:
    """Every paragraph (block between blank lines) of the seed pages, and the seed manifest's rows."""
    paras = []
    for path in sorted(seed_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        paras += [p.strip("\n") for p in re.split(r"\n\s*\n", text) if p.strip()]
    with open(seed_dir / "manifest.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return paras, rows


def make_corpus(out: str | Path, mb: float, *, seed: int = 0, seed_dir: Path = SEED_DIR) -> dict:
    """Write about ``mb`` MB (UTF-8) of reshuffled pages and a manifest into ``out``; returns a summary."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    paras, meta = seed_paragraphs(seed_dir)
    rng = random.Random(seed)
    target = int(mb * 1e6)
    total = n = 0
    with open(out / "manifest.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(meta[0]), lineterminator="\n")
        writer.writeheader()
        while total < target:
            page = "\n\n".join(rng.choice(paras) for _ in range(rng.randint(8, 40))) + "\n"
            name = f"p{n:06d}.txt"
            data = page.encode("utf-8")
            (out / name).write_bytes(data)
            writer.writerow({**rng.choice(meta), "file": name})
            total += len(data)
            n += 1
    return {"dir": str(out), "pages": n, "mb": total / 1e6}


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("--mb", type=float, default=10.0)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    print(make_corpus(args.out, args.mb, seed=args.seed))
