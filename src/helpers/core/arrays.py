"""Integer-array helpers the large-corpus steps share.

``sorted_unique`` replaces ``np.unique`` on large integer arrays: numpy 2.4 hashes the values first, about 100×
slower than sorting for millions of random int64 keys (the reprints' candidate pairs, the network's pairs).
"""
from __future__ import annotations

import numpy as np


def sorted_unique(a: np.ndarray) -> np.ndarray:
    """The distinct values of a 1-d array, sorted: ``np.unique(a)`` by sorting (4 million int64: 0.07 s, not 6 s)."""
    a = np.sort(np.asarray(a).ravel())
    if len(a) < 2:
        return a
    keep = np.empty(len(a), dtype=bool)
    keep[0] = True
    np.not_equal(a[1:], a[:-1], out=keep[1:])
    return a[keep]


def sorted_unique_counts(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(a, return_counts=True)`` by sorting."""
    a = np.sort(np.asarray(a).ravel())
    if len(a) == 0:
        return a, np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(np.r_[True, a[1:] != a[:-1]])
    return a[starts], np.diff(np.r_[starts, len(a)]).astype(np.int64)
