"""Benchmark tokenising: bare ``jieba.lcut``, ChineseTokenizer serial, its process pool, and rjieba.

Builds a synthetic corpus of at least ``--mb`` MB (UTF-8) by shuffling the sentences of the
cleaned seed pages (seeded), cut into articles of ~2,000 characters, and prints tokens/s for
each way of tokenising, plus the rjieba/jieba agreement on the seed pages. Not a test.

    .venv/bin/python benchmarks/bench_tokenize.py [--mb 10] [--jobs 2] [--seed 42]
"""
from __future__ import annotations

import argparse
import os
import random
import re
import sys
import time
from pathlib import Path

import pandas as pd

from helpers.core.config import RAW_DATA_DIR
from helpers.pages.cleaning import clean_text
from helpers.words.tokens import ChineseTokenizer, backend_agreement


def seed_texts(raw_dir: Path) -> list[str]:
    return [clean_text(p.read_text(encoding="utf-8")).text for p in sorted(raw_dir.glob("*.txt"))]


def synthetic_articles(texts: list[str], *, mb: float, random_state: int, article_chars: int = 2000) -> pd.DataFrame:
    """Articles of shuffled seed sentences until the corpus reaches ``mb`` megabytes of UTF-8."""
    rng = random.Random(random_state)
    sentences = [s for t in texts for s in re.findall(r"[^。！？\n]+[。！？]?", t) if len(s.strip()) > 4]
    target = int(mb * 1_000_000)
    rows, size, buf = [], 0, []
    while size < target:
        s = rng.choice(sentences)
        buf.append(s)
        size += len(s.encode("utf-8"))
        if sum(map(len, buf)) >= article_chars:
            rows.append("".join(buf))
            buf = []
    if buf:
        rows.append("".join(buf))
    return pd.DataFrame(dict(doc_id=[f"s{i // 20:05d}" for i in range(len(rows))],
                             article=[i % 20 + 1 for i in range(len(rows))], text=rows))


def timed(label: str, fn, n_chars: int) -> tuple[float, int]:
    t0 = time.perf_counter()
    n_tokens = fn()
    dt = time.perf_counter() - t0
    print(f"{label:<46} {n_tokens:>10,d} tokens {dt:7.1f} s {n_tokens / dt:>11,.0f} tokens/s "
          f"{n_chars / dt / 1e3:>8,.0f} kchar/s", flush=True)
    return dt, n_tokens


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=10.0, help="corpus size in MB of UTF-8 (default 10)")
    ap.add_argument("--jobs", type=int, default=2, help="processes for the pool (default 2)")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--raw-dir", type=Path, default=RAW_DATA_DIR)
    args = ap.parse_args(argv)

    texts = seed_texts(args.raw_dir)
    arts = synthetic_articles(texts, mb=args.mb, random_state=args.seed)
    corpus_texts = arts["text"].tolist()
    n_chars = sum(map(len, corpus_texts))
    n_bytes = sum(len(t.encode("utf-8")) for t in corpus_texts)
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPU(s); corpus: {len(arts):,} articles, "
          f"{n_chars:,} characters, {n_bytes / 1e6:.1f} MB UTF-8 (seed {args.seed}); "
          f"load average {os.getloadavg()[0]:.2f}", flush=True)

    agree = backend_agreement(texts, backend="rjieba")
    agree_plain = backend_agreement(texts, backend="rjieba", use_domain_dict=False)
    print(f"rjieba vs jieba token spans on the {len(texts)} seed pages: {agree['agreement']:.4%} with the domain "
          f"dictionary ({agree['n_same']:,}/{agree['n_jieba']:,}), {agree_plain['agreement']:.4%} without", flush=True)

    import jieba

    bare = jieba.Tokenizer()  # a private instance: same algorithm as jieba.lcut, global state untouched
    bare.initialize()
    serial = ChineseTokenizer(n_jobs=1)
    serial.cut("预热")  # load the dictionary outside the timing (the pool's start-up is timed)
    fast = ChineseTokenizer(backend="rjieba")
    fast.cut("预热")

    t_bare, _ = timed("bare jieba.lcut (default dict, no filtering)",
                      lambda: sum(len(bare.lcut(t)) for t in corpus_texts), n_chars)
    t_ser, n_ser = timed("ChineseTokenizer jieba, serial",
                         lambda: len(serial.tokenize_articles(arts)), n_chars)
    t_par, n_par = timed(f"ChineseTokenizer jieba, pool of {args.jobs} (incl. start-up)",
                         lambda: len(serial.tokenize_articles(arts, n_jobs=args.jobs)), n_chars)
    t_rj, n_rj = timed("ChineseTokenizer rjieba, serial",
                       lambda: len(fast.tokenize_articles(arts)), n_chars)
    assert n_par == n_ser
    print(f"load average (1 min) at the end: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPU(s) "
          "(other processes on the machine slow the pool down first)")
    print(f"speed-up: pool {t_ser / t_par:.2f}x serial (target >= 1.6x on 2 cores); rjieba {t_ser / t_rj:.1f}x "
          f"serial; serial wrapper costs {t_ser / t_bare - 1:+.0%} over bare lcut", flush=True)


if __name__ == "__main__":
    main()
