"""Run one function over batches of work, results in input order: in this process, a process pool, or Dask.

The pipeline cuts the corpus into batches of pages (by file) and calls :func:`map_batches` with a function
that processes one batch; whatever runs it, the results come back in the order of the batches, so the
tables are the same whichever engine made them. At most a few batches per worker are in flight, so memory is
bounded by the pool, not by the corpus.

Engines:

* ``"local"`` with ``n_jobs=1`` (or a single batch): a plain loop in this process;
* ``"local"`` with ``n_jobs > 1`` (``-1`` = every core this process may use): a ``ProcessPoolExecutor``
  (``forkserver`` on Linux: a clean server process forks the workers, so a caller's threads cannot
  deadlock them);
* ``"dask"``: ``dask.distributed`` — a ``LocalCluster`` of ``n_jobs`` single-threaded workers, or the
  existing cluster whose scheduler is at ``scheduler`` (``tcp://host:8786``); optional extra ``[dask]``.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from tqdm import tqdm

log = logging.getLogger(__name__)

ENGINES = ("local", "dask")


def available_cores() -> int:
    """Cores this process may run on (the affinity mask where the system has one)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - macOS, Windows
        return max(1, os.cpu_count() or 1)


def resolve_jobs(n_jobs: int | None) -> int:
    """Worker count from scikit-learn's convention: ``-1`` every core, ``-2`` all but one …, ``None`` = 1."""
    if n_jobs is None:
        return 1
    n_jobs = int(n_jobs)
    if n_jobs == 0:
        raise ValueError("n_jobs must not be 0 (1 = in this process, -1 = every core)")
    return max(1, available_cores() + 1 + n_jobs) if n_jobs < 0 else n_jobs


def batched(items: Sequence, size: int) -> list[list]:
    """``items`` cut into consecutive lists of ``size`` (the last one shorter)."""
    size = max(1, int(size))
    return [list(items[i:i + size]) for i in range(0, len(items), size)]


def pool_context(*preload: str) -> multiprocessing.context.BaseContext:
    """The start method of the process pools: ``forkserver`` on Linux, the platform's default elsewhere.

    Forkserver, not fork: forking a process that runs threads (jupyter, pytest-xdist, BLAS) can deadlock. The
    server imports the modules ``preload`` once and forks every worker from itself, so a worker starts in
    milliseconds instead of importing pandas and the rules anew (about a second each); call
    :func:`start_workers_early` before slow work in the main process to have that import happen meanwhile."""
    if not sys.platform.startswith("linux"):
        return multiprocessing.get_context()
    context = multiprocessing.get_context("forkserver")
    wanted = [m for m in preload if m and m != "__main__"]
    if wanted:
        context.set_forkserver_preload(wanted)  # no effect once the server runs (it keeps its first preload)
    return context


def start_workers_early(n_jobs: int | None, *preload: str) -> None:
    """Start the pool's fork server now (importing ``preload`` in it) when ``n_jobs`` asks for a pool, so that
    its start-up overlaps with what the caller does next (reading the corpus). Harmless to call twice."""
    if resolve_jobs(n_jobs) > 1 and sys.platform.startswith("linux"):
        pool_context(*preload)
        from multiprocessing import forkserver

        forkserver.ensure_running()


def _bar(total: int | None, desc: str | None, unit: str):
    return tqdm(total=total, desc=desc, unit=unit, disable=None if desc else True, leave=False)


def map_batches(func: Callable[..., Any], batches: Iterable[Sequence], *, args: tuple = (), n_jobs: int | None = 1,
                engine: str = "local", scheduler: str | None = None, desc: str | None = None, unit: str = "item",
                total: int | None = None, in_flight: int = 2) -> Iterator[Any]:
    """Yield ``func(batch, *args)`` for every batch, in the order of ``batches``.

    Parameters
    ----------
    func:
        A module-level function (pickled to the workers).
    n_jobs:
        Workers (``-1`` = every core); ``1`` runs in this process.
    engine:
        ``"local"`` or ``"dask"`` (see the module docstring).
    scheduler:
        Dask only: address of an existing scheduler; ``None`` starts a ``LocalCluster`` for the call.
    desc, unit, total:
        Progress bar (shown on a terminal only): its label, unit and total in units; each batch advances it
        by its length.
    in_flight:
        Batches queued per worker ahead of the one being collected (memory bound).
    """
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {ENGINES}, not {engine!r}")
    batches = list(batches)
    n = resolve_jobs(n_jobs)
    with _bar(total, desc, unit) as bar:
        if engine == "dask":
            yield from _map_dask(func, batches, args, n, scheduler, bar, in_flight)
            return
        if n == 1 or len(batches) <= 1:
            for batch in batches:
                yield func(batch, *args)
                bar.update(len(batch))
            return
        from concurrent.futures import ProcessPoolExecutor

        context = pool_context(func.__module__)
        with ProcessPoolExecutor(max_workers=min(n, len(batches)), mp_context=context) as pool:
            yield from _ordered(pool.submit, func, batches, args, n * in_flight, bar)


def _ordered(submit, func, batches, args, window: int, bar) -> Iterator[Any]:
    """Keep ``window`` batches submitted and yield their results in order."""
    pending: deque = deque()
    it = iter(batches)
    for batch in it:
        pending.append((submit(func, batch, *args), len(batch)))
        if len(pending) >= window:
            break
    while pending:
        fut, size = pending.popleft()
        result = fut.result()
        for batch in it:
            pending.append((submit(func, batch, *args), len(batch)))
            break
        bar.update(size)
        yield result


def _map_dask(func, batches, args, n: int, scheduler: str | None, bar, in_flight: int) -> Iterator[Any]:
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("the Dask engine needs dask.distributed: pip install 'xuncha-discourse[dask]'") from exc
    if scheduler:
        client = Client(scheduler)
        cluster = None
        workers = max(1, sum(w.get("nthreads", 1) for w in client.scheduler_info()["workers"].values()))
        log.info("dask: using the cluster at %s (%d worker threads)", scheduler, workers)
    else:
        cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
        workers = n
        log.info("dask: LocalCluster with %d workers", n)
    try:
        def submit(f, batch, *a):
            return client.submit(f, batch, *a, pure=False)

        yield from _ordered(submit, func, batches, args, workers * in_flight, bar)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
