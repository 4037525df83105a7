"""Scale (issue 17): whole-process throughput against bare jieba.lcut, peak memory against corpus size, the Dask
engine against the local one — every ratio measured in the same run.

Corpora are made by reshuffling the seed pages' paragraphs into new pages (``synthetic_corpus.py``, seeded) in a
temporary folder. Measured:

1. ``xuncha segment`` and ``xuncha metrics`` as whole processes (start-up, reading, writing included), in one
   process (``--jobs 1``) and with a pool over every core, beside bare ``jieba.lcut`` on the same pages (one
   process, dictionary loaded before the clock starts). Targets: metrics >= 1.5x, segment >= 5x jieba.
2. ``xuncha build`` (every table) on corpora of ``--sizes`` MB: wall time, CPU time and peak memory of the whole
   process tree (the main process, the fork server and its pool workers, sampled every 0.2 s with psutil; the
   last column is the peak against the previous size's). Target: peak grows < 2x from 10 to 100 MB; 100 MB
   within 5 min and 2 GB.
3. The articles/metrics pass with ``--engine dask`` (a 2-worker LocalCluster) against the local pool.

LDA: ``bench_topics.py`` compares scikit-learn with tomotopy (``backend="auto"`` picks tomotopy above
``BuildConfig.topic_auto_threshold`` documents).

    .venv/bin/python benchmarks/bench_scale.py [--sizes 1,10,100] [--speed-mb 5] [--no-dask]

The machine's cores are reported; on a shared machine the ratios (same run, same load) are the figures to read.
"""
from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synthetic_corpus import make_corpus  # noqa: E402

PY = sys.executable
#: CPU seconds (user + system) of the last measured process tree: on a shared machine, wall time includes
#: waiting for the cores; CPU time does not. Summed over every process of the tree seen by the sampler (the pool
#: workers are children of the fork server, not of the command, so ``RUSAGE_CHILDREN`` would miss them); each
#: process counts with its last sample, so up to one sampling interval (0.2 s) per process can be missed.
LAST_CPU = 0.0
JIEBA_CPU = 0.0


def run_measured(cmd: list[str], cwd: str) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of the process tree of ``cmd`` (sum over the tree at each sample); the
    tree's CPU seconds go to :data:`LAST_CPU`."""
    import psutil

    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = 0.0
    cpu: dict[tuple[int, float], float] = {}  # (pid, start time) -> user + system seconds at its last sample
    stop = threading.Event()

    def sample():
        nonlocal peak
        try:
            root = psutil.Process(proc.pid)
        except psutil.NoSuchProcess:
            return
        while not stop.is_set():
            try:
                procs = [root, *root.children(recursive=True)]
            except psutil.Error:
                procs = []
            rss = 0
            for p in procs:
                try:
                    with p.oneshot():
                        rss += p.memory_info().rss
                        times = p.cpu_times()
                        cpu[(p.pid, p.create_time())] = times.user + times.system
                except psutil.Error:
                    pass
            peak = max(peak, rss / 1e6)
            stop.wait(0.2)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    _, err = proc.communicate()
    wall = time.perf_counter() - t0
    stop.set()
    th.join()
    global LAST_CPU
    LAST_CPU = sum(cpu.values())
    if proc.returncode:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{err[-2000:]}")
    return wall, peak


def jieba_seconds(corpus: Path) -> tuple[float, float]:
    """Bare jieba.lcut over every page (dictionary loaded first) and the corpus MB."""
    import jieba

    pages = [p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt"))]
    tok = jieba.Tokenizer()
    tok.initialize()
    t0, c0 = time.perf_counter(), time.process_time()
    for p in pages:
        tok.lcut(p)
    global JIEBA_CPU
    JIEBA_CPU = time.process_time() - c0
    return time.perf_counter() - t0, sum(len(p.encode("utf-8")) for p in pages) / 1e6


def cli_api(step: str, corpus: Path, out: Path, jobs: int) -> list[str]:
    """A whole process doing what ``xuncha segment|metrics`` does, with ``n_jobs`` set."""
    code = (
        "import sys; from helpers.core.config import BuildConfig; from helpers.core.tables import write_table;"
        "from helpers.ingest.corpus import load_corpus; from helpers.pipeline import process_documents;"
        f"d = load_corpus({str(corpus)!r}); a, m = process_documents(d, BuildConfig(n_jobs={jobs}), "
        f"figures={step == 'metrics'}); write_table({'m' if step == 'metrics' else 'a'}, {str(out)!r})"
    )
    return [PY, "-c", code]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1,10,100", help="corpus sizes for the memory curve, MB (default 1,10,100)")
    ap.add_argument("--speed-mb", type=float, default=5.0, help="corpus size for the throughput ratios (5 MB)")
    ap.add_argument("--no-dask", action="store_true", help="skip the Dask comparison")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    import psutil

    print(f"machine: {psutil.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start "
          f"(other processes share the cores: compare ratios, not seconds)")
    with tempfile.TemporaryDirectory(prefix="xuncha-scale-") as tmp:
        tmp = Path(tmp)
        # 1. throughput against bare jieba
        corpus = tmp / "speed"
        info = make_corpus(corpus, args.speed_mb, seed=args.seed)
        t_jieba, mb = jieba_seconds(corpus)
        t_jieba_cpu = JIEBA_CPU
        print(f"\n1. throughput on {info['pages']} pages, {mb:.1f} MB (whole processes; jieba.lcut in-process)")
        print(f"{'step':<34}{'seconds':>9}{'MB/s':>8}{'x jieba':>9}")
        print(f"{'jieba.lcut (bare, one process)':<34}{t_jieba:>9.1f}{mb / t_jieba:>8.2f}{1:>9.2f}")
        for step in ("segment", "metrics"):
            for jobs in (1, -1):
                wall, _ = run_measured(cli_api(step, corpus, tmp / f"{step}{jobs}.csv", jobs), str(tmp))
                label = f"xuncha {step} ({'1 process' if jobs == 1 else 'pool, all cores'})"
                print(f"{label:<34}{wall:>9.1f}{mb / wall:>8.2f}{t_jieba / wall:>9.2f}   (CPU {LAST_CPU:.1f} s: "
                      f"{t_jieba_cpu / LAST_CPU:.2f}x jieba's CPU)")
        # 2. build: time and peak memory against corpus size
        print("\n2. xuncha build (every table): wall time, CPU time and peak RSS of the process tree")
        print(f"{'corpus':>10}{'pages':>8}{'seconds':>9}{'CPU s':>8}{'MB/s':>8}{'peak MB':>9}{'x previous':>12}")
        previous = None
        for size in [float(s) for s in args.sizes.split(",")]:
            corpus = tmp / f"c{size:g}"
            info = make_corpus(corpus, size, seed=args.seed)
            wall, peak = run_measured([PY, "-m", "helpers", "build", str(corpus), "--processed-dir",
                                       str(tmp / f"out{size:g}"), "-q"], str(tmp))
            print(f"{info['mb']:>8.1f}MB{info['pages']:>8}{wall:>9.1f}{LAST_CPU:>8.1f}{info['mb'] / wall:>8.2f}"
                  f"{peak:>9.0f}{peak / (previous or peak):>12.2f}", flush=True)
            previous = peak
        # 3. Dask against the local engine (articles + metrics pass)
        if not args.no_dask and importlib.util.find_spec("distributed"):
            corpus = tmp / "speed"
            print(f"\n3. articles + metrics pass on {mb:.1f} MB: Dask LocalCluster (2 workers) vs local pool (2)")
            for engine in ("local", "dask"):
                code = ("from helpers.core.config import BuildConfig; from helpers.ingest.corpus import load_corpus;"
                        "from helpers.pipeline import stream_documents;"
                        f"d = load_corpus({str(corpus)!r}); stream_documents(d, {str(tmp / engine)!r}, "
                        f"BuildConfig(n_jobs=2, engine={engine!r}))")
                wall, peak = run_measured([PY, "-c", code], str(tmp))
                print(f"  {engine:<6} {wall:7.1f} s  {mb / wall:5.2f} MB/s  peak {peak:6.0f} MB")
            same = all((tmp / "local" / n).read_bytes() == (tmp / "dask" / n).read_bytes()
                       for n in ("articles.csv", "articles.parquet", "metrics.csv", "metrics.parquet"))
            print(f"  tables byte-identical: {same}")


if __name__ == "__main__":
    main()
