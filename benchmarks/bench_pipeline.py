"""Throughput of cleaning + segmentation and of metric extraction, beside bare jieba.lcut.

Prints MB/s (UTF-8 bytes of raw text per second) on a corpus made by repeating the seed pages
(default 40×, about 3.4 MB), each step timed in the same run, single process, best of ``--rounds``
(as ``timeit`` does: the fastest round is the one least disturbed by the rest of the machine).
Targets (issues 4 and 5): cleaning + segmentation at least 5× jieba's throughput; extraction
reported beside jieba.
Usage: python benchmarks/bench_pipeline.py [--repeat N] [--rounds R] [--corpus DIR]
(``--corpus``: a folder of your own pages instead of data/raw).
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

import jieba
import pandas as pd

from helpers.figures.metrics import extract_metrics
from helpers.ingest.corpus import load_corpus
from helpers.pages.cleaning import clean_text
from helpers.pages.segmentation import paragraphs_of, segment_paragraphs
from helpers.pipeline import segment_documents

ROOT = Path(__file__).resolve().parents[1]


def timed(fn, *args, rounds: int = 1):
    """``fn(*args)`` and the shortest wall time of ``rounds`` calls."""
    best = float("inf")
    for _ in range(rounds):
        t0 = time.perf_counter()
        out = fn(*args)
        best = min(best, time.perf_counter() - t0)
    return out, best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=40, help="copies of the seed pages (default 40)")
    ap.add_argument("--rounds", type=int, default=3, help="timed rounds per step; the best counts (default 3)")
    ap.add_argument("--corpus", type=Path, default=ROOT / "data" / "raw", help="folder of pages (default data/raw)")
    args = ap.parse_args()
    if args.repeat < 1 or args.rounds < 1:
        ap.error("--repeat and --rounds must be at least 1")
    docs = load_corpus(args.corpus)
    docs = pd.concat([docs.assign(doc_id=docs["doc_id"] + f"#{i}") for i in range(args.repeat)], ignore_index=True)
    pages = list(docs["text"])
    mb = sum(len(p.encode("utf-8")) for p in pages) / 1e6
    tok = jieba.Tokenizer()
    tok.initialize()

    def run_jieba():
        for p in pages:
            tok.lcut(p)

    def run_clean():
        return [clean_text(p) for p in pages]

    def run_segment(cleaned):
        return [(c, segment_paragraphs(paragraphs_of(c))) for c in cleaned]

    def run_extract(done):
        n = 0
        for c, segs in done:
            for s in segs:
                n += len(extract_metrics(c.text[s.start:s.end]))
        return n

    r = args.rounds
    _, t_jieba = timed(run_jieba, rounds=r)
    cleaned, t_clean = timed(run_clean, rounds=r)
    done, t_split = timed(run_segment, cleaned, rounds=r)
    t_seg = t_clean + t_split
    n, t_met = timed(run_extract, done, rounds=r)
    arts, t_table = timed(segment_documents, docs, rounds=r)
    print(f"corpus: {len(pages)} pages, {mb:.2f} MB ({args.corpus.name} × {args.repeat}); best of {r} rounds")
    print(f"{'step':<40}{'seconds':>9}{'MB/s':>9}{'× jieba':>9}")
    for name, t in [("jieba.lcut (bare)", t_jieba), ("  cleaning", t_clean), ("  segmentation", t_split),
                    ("clean + segment", t_seg), ("segment_documents (+ relevance, table)", t_table),
                    ("metric extraction (all articles)", t_met)]:
        print(f"{name:<40}{t:9.2f}{mb / t:9.2f}{t_jieba / t:9.2f}")
    print(f"articles: {len(arts)}, figures extracted: {n}")
    print(f"target clean+segment ≥ 5× jieba: {'met' if t_jieba / t_seg >= 5 else 'NOT met'}")


if __name__ == "__main__":
    main()
