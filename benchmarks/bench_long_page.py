"""Throughput on one huge page: metrics (clean → segment → relevance → figures) on a page without line breaks.

Issue 18: ``_scope`` scanned from the paragraph start for every figure and the segmenter's cohesion was
recomputed over the whole page, so a 10 MB page without a line break never finished. This prints MB/s (UTF-8
bytes of raw text per second) of ``extract_document_metrics`` on such a page (the seed pages joined without
line breaks and repeated to ``--mb`` MB), beside the same step on the seed pages as they are, and on one page
of the same size with its line breaks kept (many paragraphs: the segmenter's cohesion at work).
Target: at least 0.5 MB/s on the 10 MB page without line breaks.
Usage: python benchmarks/bench_long_page.py [--mb 10] [--rounds 1]
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

import pandas as pd

from helpers.ingest.corpus import load_corpus
from helpers.pipeline import extract_document_metrics

ROOT = Path(__file__).resolve().parents[1]
TARGET = 0.5


def page_of(text: str, mb: float) -> str:
    """``text`` repeated to ``mb`` megabytes of UTF-8 (cut at a character boundary)."""
    n = int(mb * 1e6)
    reps = n // len(text.encode("utf-8")) + 1
    return (text * reps).encode("utf-8")[:n].decode("utf-8", "ignore")


def rate(pages: list[str], rounds: int) -> tuple[float, float, int]:
    """``(MB/s, seconds, figures)`` of extract_document_metrics on ``pages`` (best of ``rounds``)."""
    docs = pd.DataFrame({"doc_id": [f"p{i}" for i in range(len(pages))],
                         "file": [f"p{i}.txt" for i in range(len(pages))], "text": pages})
    mb = sum(len(p.encode("utf-8")) for p in pages) / 1e6
    best, n = float("inf"), 0
    for _ in range(rounds):
        t0 = time.perf_counter()
        n = len(extract_document_metrics(docs))
        best = min(best, time.perf_counter() - t0)
    return mb / best, best, n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=10.0, help="size of the long page in MB (default 10)")
    ap.add_argument("--rounds", type=int, default=1, help="timed rounds; the best counts (default 1)")
    args = ap.parse_args()
    if args.mb <= 0 or args.rounds < 1:
        ap.error("--mb must be positive and --rounds at least 1")
    seeds = list(load_corpus(ROOT / "data" / "raw")["text"])
    rate(seeds[:1], 1)  # warm up: rule files, regexes, dictionaries
    one_line = page_of("".join(s.replace("\r", "").replace("\n", "") for s in seeds), args.mb)
    with_breaks = page_of("\n".join(seeds), args.mb)
    print(f"metrics (clean + segment + relevance + figures), one process, best of {args.rounds}:")
    for label, pages in [("seed pages as they are (5 pages)", seeds),
                         (f"one {args.mb:g} MB page, no line breaks", [one_line]),
                         (f"one {args.mb:g} MB page, line breaks kept", [with_breaks])]:
        mbs, secs, n = rate(pages, args.rounds)
        print(f"  {label:<40} {mbs:6.2f} MB/s  ({secs:6.1f} s, {n} figures)")
        if "no line breaks" in label:
            verdict = "meets" if mbs >= TARGET else "MISSES"
            print(f"  {'':<40} {verdict} the target of {TARGET} MB/s")


if __name__ == "__main__":
    main()
