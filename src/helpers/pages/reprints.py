"""Reprints and near-duplicates: the same report carried by several papers, sites and accounts.

A report is reprinted with a new headline, edits, OCR noise or a cut ending; counted once per copy it
inflates every comparison. :func:`find_reprints` finds them with MinHash and locality-sensitive hashing
over character shingles:

1. each article is normalised (NFKC, traditional → simplified where the ``script`` column says so, only
   Han characters, letters and digits kept: OCR spaces, punctuation and line breaks do not count) and cut
   into overlapping ``shingle_size``-character shingles;
2. a MinHash signature of ``num_perm`` values is computed for every article at once with numpy (one-
   permutation hashing with rotation densification: Li, Owen & Zhang 2012; Shrivastava 2017), so 100,000
   articles take seconds rather than the minutes of hashing shingle by shingle;
3. signatures are cut into bands (band and row numbers by the criterion of datasketch's ``MinHashLSH`` for
   ``lsh_threshold``);
   articles that agree on a whole band are candidates — the index is datasketch's ``MinHashLSH`` for up to
   ``datasketch_max`` articles, a numpy sort of the band keys beyond (same candidates, faster);
4. each candidate pair is checked: first its containment estimated from the two signatures (cheap,
   vectorised), then, if plausible, exactly: its similarity is the share of the shorter article's
   shingles found in the other (1.0 for a copy cut to 60 %); a pair is a reprint at ``threshold`` or more;
5. reprint pairs are joined into clusters; the canonical article of a cluster is the earliest (by
   ``date``; ``2021-06`` counts as the end of June), then the longest; every other member records its
   similarity to it, the date lag in days (when both dates give the day) and the source it reprinted
   (``reprinted_from``).

Exact duplicates (the same file twice) are found by their SHA-256 (:func:`exact_duplicates`).
"""
from __future__ import annotations

import logging
from functools import lru_cache

import numpy as np
import pandas as pd

from ..core.arrays import sorted_unique

log = logging.getLogger(__name__)

REPRINT_COLUMNS = ["cluster_id", "doc_id", "file", "article", "canonical", "similarity", "date", "date_lag_days",
                   "source", "reprinted_from", "canonical_doc_id", "canonical_article", "title", "n_chars",
                   "same_text"]
_M64 = np.uint64(0xFFFFFFFFFFFFFFFF)
_EMPTY = np.uint64(1 << 40)  # above every 32-bit value: marks an empty bin
_CHUNK = 4096


def _normalized_codes(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Code points of the texts after normalisation, concatenated, and each text's length.

    Full-width letters and digits become ASCII, letters lower case; only Han characters (CJK unified
    and compatibility ideographs), ASCII letters and digits are kept. Vectorised over all texts."""
    if not texts:
        return np.zeros(0, np.uint32), np.zeros(0, np.int64)
    cp = np.frombuffer("\x00".join(t.replace("\x00", "") for t in texts).encode("utf-32-le", "surrogatepass"),
                       dtype=np.uint32).copy()
    full = (cp >= 0xFF01) & (cp <= 0xFF5E)
    cp[full] -= 0xFEE0
    upper = (cp >= 65) & (cp <= 90)
    cp[upper] += 32
    keep = (((cp >= 0x3400) & (cp <= 0x9FFF)) | ((cp >= 0xF900) & (cp <= 0xFAFF)) | ((cp >= 48) & (cp <= 57))
            | ((cp >= 97) & (cp <= 122)) | (cp == 0))
    cp = cp[keep]
    sep = np.flatnonzero(cp == 0)
    ends = np.concatenate([sep, [len(cp)]])
    starts = np.concatenate([[0], sep + 1])
    return cp[cp != 0], (ends - starts).astype(np.int64)


def normalize_for_reprints(text: str, *, traditional: bool = False) -> str:
    """The characters reprint detection compares: Han characters, letters and digits (full-width made
    ASCII, lower case); OCR spaces, punctuation and line breaks do not count."""
    if traditional:
        from ..core.script import to_simplified

        text = to_simplified(text)
    return _normalized_codes([str(text)])[0].tobytes().decode("utf-32-le", "surrogatepass")


def _mix(h: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: spreads shingle codes over 64 bits (wrapping uint64 arithmetic)."""
    with np.errstate(over="ignore"):
        h = h ^ (h >> np.uint64(30))
        h = h * np.uint64(0xBF58476D1CE4E5B9)
        h = h ^ (h >> np.uint64(27))
        h = h * np.uint64(0x94D049BB133111EB)
        return h ^ (h >> np.uint64(31))


def shingle_hashes(texts: list[str], shingle_size: int = 5, *, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """64-bit hashes of every ``shingle_size``-character shingle of every (normalised) text, and the text
    each belongs to."""
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    codes = np.frombuffer("".join(texts).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    return _shingles(codes, lengths, shingle_size, seed)


def _shingles(codes: np.ndarray, lengths: np.ndarray, shingle_size: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    if not len(lengths) or lengths.sum() < shingle_size:
        return np.zeros(0, np.uint64), np.zeros(0, np.int64)
    codes = codes.astype(np.uint64)
    m = len(codes) - shingle_size + 1  # shingles starting at every position; those crossing a text end dropped
    h = np.full(m, np.uint64((int(seed) * 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(shingle_size):
            h *= np.uint64(0x100000001B3)
            h ^= codes[j:j + m]
    doc = np.repeat(np.arange(len(lengths)), lengths)
    ok = doc[:m] == doc[shingle_size - 1:]
    return _mix(h[ok]), doc[:m][ok]


def _shingle_set_arrays(texts: list[str], shingle_size: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The sorted distinct shingle hashes (40 bits) of each text (normalised here), concatenated, and how
    many each text has; computed in one batch (about 50 bytes of temporary arrays per character)."""
    codes, lengths = _normalized_codes(texts)
    h, doc = _shingles(codes, lengths, shingle_size, seed)
    del codes
    key = (doc.astype(np.uint64) << np.uint64(40)) | (h >> np.uint64(24))
    del h, doc
    key.sort()
    first = np.ones(len(key), dtype=bool)
    first[1:] = key[1:] != key[:-1]
    key = key[first]
    counts = np.bincount((key >> np.uint64(40)).astype(np.int64), minlength=len(texts))
    key &= np.uint64((1 << 40) - 1)
    return key, counts


def minhash_signatures(hashes: np.ndarray, doc: np.ndarray, n_docs: int, num_perm: int = 256) -> np.ndarray:
    """One-permutation MinHash signatures (``n_docs`` × ``num_perm``, uint64; all-empty rows for texts
    without shingles): each shingle hash picks a bin with its high bits, the bin keeps the minimum of the
    low 32 bits; empty bins borrow from the next non-empty bin (rotation densification)."""
    sig = np.full(n_docs * num_perm, _EMPTY, dtype=np.uint64)
    if len(hashes):
        bins = ((hashes >> np.uint64(32)) % np.uint64(num_perm)).astype(np.int64)
        np.minimum.at(sig, doc * num_perm + bins, hashes & np.uint64(0xFFFFFFFF))
    sig = sig.reshape(n_docs, num_perm)
    empty = sig == _EMPTY
    partly = empty.any(axis=1) & ~empty.all(axis=1)
    if partly.any():
        sub = sig[partly]
        k = np.arange(num_perm)
        idx = np.where(empty[partly], 2 * num_perm, k)
        idx = np.minimum(np.concatenate([idx, idx + num_perm], axis=1), 2 * num_perm)
        nxt = np.minimum.accumulate(idx[:, ::-1], axis=1)[:, ::-1][:, :num_perm]
        dist = (nxt - k).astype(np.uint64)
        borrowed = np.take_along_axis(sub, nxt % num_perm, axis=1)
        with np.errstate(over="ignore"):
            sig[partly] = (borrowed + dist * np.uint64(0x9E3779B1)) & np.uint64(0xFFFFFFFF)
    return sig


@lru_cache(maxsize=32)
def _lsh_params(lsh_threshold: float, num_perm: int) -> tuple[int, int]:
    """Bands and rows that minimise the false-positive plus false-negative area of the LSH S-curve around
    ``lsh_threshold`` (datasketch's criterion for ``MinHashLSH(threshold=…)``, computed on a grid)."""
    s = np.linspace(0.0, 1.0, 2001)
    best, best_err = (1, num_perm), np.inf
    for b in range(1, num_perm + 1):
        for r in range(1, num_perm // b + 1):
            p = 1.0 - (1.0 - s ** r) ** b
            err = np.trapezoid(np.where(s < lsh_threshold, p, 1.0 - p), s)
            if err < best_err - 1e-12:
                best, best_err = (b, r), err
    return best


def _sorted_unique(a: np.ndarray) -> np.ndarray:
    """``np.unique`` of a 1-d integer array, by sorting (see :mod:`helpers.core.arrays`)."""
    return sorted_unique(a)


def _candidates_numpy(sig: np.ndarray, usable: np.ndarray, bands: int, rows: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    mult = rng.integers(1, 2**63, size=rows, dtype=np.uint64) | np.uint64(1)
    ids = np.flatnonzero(usable)
    n = np.int64(len(sig))
    # each pair (i < j) kept as one number i * n + j: half the memory of two columns, and the sorted distinct
    # numbers are the pairs in lexicographic order; merged now and then so that repeats do not pile up
    codes, kept, pending = [], 0, 0
    for b in range(bands):
        block = sig[ids, b * rows:(b + 1) * rows]
        with np.errstate(over="ignore"):
            key = _mix((block * mult).sum(axis=1, dtype=np.uint64) ^ np.uint64(b))
        del block
        order = np.argsort(key, kind="stable")
        ks = key[order]
        same = np.flatnonzero(ks[1:] == ks[:-1])
        if not len(same):
            continue
        # every member of a run of equal keys is paired with the run's first member and its neighbour
        run_start = np.ones(len(ks), dtype=bool)
        run_start[1:] = ks[1:] != ks[:-1]
        first = np.maximum.accumulate(np.where(run_start, np.arange(len(ks)), 0))
        j = same + 1
        for x, y in ((ids[order[first[j]]], ids[order[j]]), (ids[order[j - 1]], ids[order[j]])):
            lo, hi = np.minimum(x, y), np.maximum(x, y)
            ok = lo != hi
            codes.append(lo[ok] * n + hi[ok])
            pending += int(ok.sum())
        if pending > max(1 << 22, 2 * kept):
            codes = [_sorted_unique(np.concatenate(codes))]
            kept = pending = len(codes[0])
    if not codes:
        return np.zeros((0, 2), dtype=np.int64)
    c = _sorted_unique(np.concatenate(codes))
    del codes
    return np.stack([c // n, c % n], axis=1)


def _candidates_datasketch(sig: np.ndarray, usable: np.ndarray, bands: int, rows: int, seed: int) -> np.ndarray:
    from datasketch import LeanMinHash, MinHashLSH

    lsh = MinHashLSH(num_perm=sig.shape[1], params=(bands, rows))
    ids = np.flatnonzero(usable)
    sketches = {int(i): LeanMinHash(seed=seed, hashvalues=sig[i], scheme="affine32") for i in ids}
    with lsh.insertion_session() as session:
        for i, m in sketches.items():
            session.insert(i, m, check_duplication=False)
    pairs = {(min(i, j), max(i, j)) for i, m in sketches.items() for j in lsh.query(m) if j != i}
    return np.array(sorted(pairs), dtype=np.int64).reshape(-1, 2)


def _estimated_containment(sig: np.ndarray, size: np.ndarray, pairs: np.ndarray) -> np.ndarray:
    """Containment of each pair estimated from the signatures: Jaccard J = share of equal values, then
    |A∩B| / min(|A|, |B|) = J (|A| + |B|) / ((1 + J) min(|A|, |B|))."""
    out = np.empty(len(pairs))
    step = 8192
    for a in range(0, len(pairs), step):
        i, j = pairs[a:a + step, 0], pairs[a:a + step, 1]
        jac = (sig[i] == sig[j]).mean(axis=1)
        out[a:a + step] = jac * (size[i] + size[j]) / ((1 + jac) * np.minimum(size[i], size[j]))
    return out


def _containment(a: np.ndarray, b: np.ndarray) -> float:
    """|a ∩ b| / min(|a|, |b|) for two sorted arrays of distinct values."""
    if not len(a) or not len(b):
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    idx = np.searchsorted(b, a)
    idx[idx == len(b)] = 0
    return int(np.count_nonzero(b[idx] == a)) / len(a)


def _chunk_signatures(texts: list[str], shingle_size: int, min_chars: int, num_perm: int, seed: int
                      ) -> tuple[np.ndarray, np.ndarray]:
    """Normalised lengths and MinHash signatures of some texts; the signatures as uint32, 0 in the rows of
    texts too short to be compared (their values are all empty, the others all below 2**32)."""
    codes, lens = _normalized_codes(texts)
    hashes, doc = _shingles(codes, lens, shingle_size, seed)
    del codes
    keep = (lens >= max(min_chars, shingle_size))[doc] if len(doc) else np.zeros(0, bool)
    sig = minhash_signatures(hashes[keep], doc[keep], len(lens), num_perm)
    return lens, np.where(sig == _EMPTY, np.uint64(0), sig).astype(np.uint32)


class _ShingleSets:
    """The shingle sets (:func:`_shingle_set_arrays`) of some rows, made a chunk of texts at a time (a character
    costs about 50 bytes while its set is made) and kept end to end in one array; ``sets[row]`` is a view.
    ``n_chars`` holds the length of each text (before normalisation)."""

    def __init__(self, rows: np.ndarray, texts, capacity: int, n: int, shingle_size: int, seed: int):
        self.slot = np.full(n, -1, dtype=np.int64)
        self.slot[rows] = np.arange(len(rows))
        self.n_chars = np.zeros(len(rows), dtype=np.int64)
        self.count = np.zeros(len(rows), dtype=np.int64)
        self.values = np.empty(int(capacity), dtype=np.uint64)  # at most one distinct shingle per position
        filled = 0
        for a in range(0, len(rows), _CHUNK):
            raw = texts(rows[a:a + _CHUNK])
            self.n_chars[a:a + len(raw)] = np.fromiter(map(len, raw), dtype=np.int64, count=len(raw))
            key, self.count[a:a + len(raw)] = _shingle_set_arrays(raw, shingle_size, seed)
            self.values[filled:filled + len(key)] = key
            filled += len(key)
        self.start = np.cumsum(self.count) - self.count

    def __getitem__(self, row: int) -> np.ndarray:
        k = self.slot[row]
        return self.values[self.start[k]:self.start[k] + self.count[k]]


def _dates(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """``(last possible day, exact day)`` of each date: ``2021-06`` may be any day up to 30 June, so a report
    dated 2021-06-18 counts as earlier; the exact day is NaT unless the date gives the day."""
    s = values.astype(str).str.strip()
    day = pd.to_datetime(s.where(s.str.fullmatch(r"\d{4}-\d{2}-\d{2}")), errors="coerce", format="%Y-%m-%d")
    month = pd.to_datetime(s.where(s.str.fullmatch(r"\d{4}-\d{2}")) + "-01", errors="coerce", format="%Y-%m-%d")
    year = pd.to_datetime(s.where(s.str.fullmatch(r"\d{4}")) + "-12-31", errors="coerce", format="%Y-%m-%d")
    last = day.fillna(month + pd.offsets.MonthEnd(0)).fillna(year)
    return last, day


def find_reprints(articles: pd.DataFrame, *, threshold: float = 0.5, num_perm: int = 256, shingle_size: int = 5,
                  lsh_threshold: float = 0.2, min_chars: int = 50, datasketch_max: int = 5000,
                  prefilter_margin: float = 0.25, random_state: int = 0) -> pd.DataFrame:
    """The reprints table: one row per article in a cluster of two or more copies of one report.

    Parameters
    ----------
    articles:
        The articles table (``doc_id``, ``article``, ``text``; ``file``, ``title``, ``date``, ``source``,
        ``script``, ``sha256`` used when present). A documents table works too (one article per document).
    threshold:
        Smallest similarity (share of the shorter article's shingles found in the other) for a reprint.
    num_perm:
        MinHash values per article; more values find low-similarity copies more surely and cost time.
    shingle_size:
        Characters per shingle (5: one OCR error changes at most 5 shingles, common 4-character words
        such as 巡察工作 do not make two reports alike).
    lsh_threshold:
        Jaccard similarity at which the LSH bands are tuned to propose a pair (below ``threshold``: a copy
        cut to 60 % with OCR noise has a Jaccard similarity of about 0.4).
    min_chars:
        Articles with fewer normalised characters are left out (captions, one-line briefs).
    datasketch_max:
        Up to this many articles the candidates come from datasketch's ``MinHashLSH``; beyond, from the
        equivalent numpy band sort.
    prefilter_margin:
        Candidate pairs whose containment estimated from the signatures is below ``threshold`` minus this
        margin are dropped before the exact check (the estimate's error is about ±0.1 at 256 values).
    random_state:
        Seed of the hash functions; the same seed gives the same table.

    Returns
    -------
    DataFrame with :data:`REPRINT_COLUMNS`, sorted by cluster and date; ``canonical`` is True for one
    member per cluster, ``similarity`` and ``date_lag_days`` are relative to it and ``same_text`` marks a
    member whose normalised text equals the canonical's. ``attrs`` hold the parameters.
    """
    arts = articles.reset_index(drop=True)
    if "article" not in arts.columns:
        arts = arts.assign(article=1)
    traditional = (arts["script"].astype(str) == "traditional").to_numpy() if "script" in arts.columns else None

    def texts(rows) -> list[str]:
        """The texts of these rows as Python strings, made only when needed (a chunk, or the candidates), so
        a large arrow-backed articles table is never copied whole; traditional copies of a simplified report
        compare in simplified script."""
        rows = np.asarray(rows, dtype=np.int64)
        out = arts["text"].iloc[rows].astype(str).tolist()
        if traditional is not None and traditional[rows].any():
            from ..core.script import to_simplified

            out = [to_simplified(t) if tr else t for t, tr in zip(out, traditional[rows])]
        return out

    n = len(arts)
    # the signatures' values are below 2**32 for every usable article (the empty marker only fills the rows
    # of articles without shingles, which are never compared): kept as uint32, half the memory
    sig = np.empty((n, num_perm), dtype=np.uint32)
    length = np.zeros(n, dtype=np.int64)
    for a in range(0, n, _CHUNK):  # in chunks: a shingle costs 8 bytes for each of its steps
        length[a:a + _CHUNK], sig[a:a + _CHUNK] = _chunk_signatures(texts(range(a, min(a + _CHUNK, n))),
                                                                    shingle_size, min_chars, num_perm, random_state)
    usable = length >= max(min_chars, shingle_size)
    bands, rows = _lsh_params(lsh_threshold, num_perm)
    finder = _candidates_datasketch if usable.sum() <= datasketch_max else _candidates_numpy
    cand = finder(sig, usable, bands, rows, random_state)
    n_candidates = len(cand)
    if len(cand):  # a cheap estimate from the signatures first: only plausible pairs get the exact check
        size = np.maximum(length - shingle_size + 1, 1).astype(float)
        cand = cand[_estimated_containment(sig, size, cand) >= threshold - prefilter_margin]
    n_checked = len(cand)
    del sig
    # the exact check: the shingle sets of the articles in a candidate pair, made a chunk at a time
    need = _sorted_unique(cand.ravel())
    sets = _ShingleSets(need, texts, np.maximum(length[need] - shingle_size + 1, 0).sum(), n, shingle_size,
                        random_state)
    sims = np.empty(len(cand))
    for a in range(0, len(cand), 65536):  # Python pairs for a slice at a time (a pair as a list costs ~130 bytes)
        sims[a:a + 65536] = [_containment(sets[i], sets[j]) for i, j in cand[a:a + 65536].tolist()]
    edges = cand[sims >= threshold] if len(cand) else cand
    del cand, sims
    params = dict(threshold=threshold, num_perm=num_perm, shingle_size=shingle_size, lsh_threshold=lsh_threshold,
                  bands=bands, rows=rows, min_chars=min_chars, random_state=random_state,
                  n_articles=n, n_candidates=n_candidates, n_checked=n_checked, n_pairs=len(edges))
    if not len(edges):
        out = pd.DataFrame(columns=REPRINT_COLUMNS)
        out.attrs.update(params)
        return out

    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    graph = coo_matrix((np.ones(len(edges)), (edges[:, 0], edges[:, 1])), shape=(n, n))
    _, label = connected_components(graph, directed=False)
    members = _sorted_unique(edges.ravel())
    del edges
    nat = pd.Series(pd.NaT, index=members, dtype="datetime64[ns]")
    dates, days = _dates(arts["date"].iloc[members]) if "date" in arts.columns else (nat, nat)
    frame = pd.DataFrame({"row": members, "label": label[members], "date_ts": dates.to_numpy(),
                          "n": length[members]})
    frame["undated"] = frame["date_ts"].isna()
    frame = frame.sort_values(["label", "undated", "date_ts", "n", "row"], ascending=[True, True, True, False, True])
    canon_of = frame.groupby("label", sort=False)["row"].first()
    first_row = frame.groupby("label")["row"].min().sort_values()
    cluster_id = {lab: k for k, lab in enumerate(first_row.index, start=1)}
    # each member against its canonical article, then the shingle sets are let go before the table is made
    rows_, canon_ = frame["row"].tolist(), canon_of.loc[frame["label"]].tolist()
    similarity = {i: 1.0 if i == c else round(_containment(sets[i], sets[c]), 4)
                  for i, c in zip(rows_, canon_)}
    same_text = {i: bool(length[i] == length[c] and np.array_equal(sets[i], sets[c]))
                 for i, c in zip(rows_, canon_)}
    chars = dict(zip(members.tolist(), sets.n_chars[sets.slot[members]].tolist()))
    del sets
    col = {name: dict(zip(members.tolist(), arts[name].iloc[members].tolist() if name in arts.columns
                          else [""] * len(members)))
           for name in ("doc_id", "file", "article", "date", "source", "title")}
    day = dict(zip(members.tolist(), days.tolist()))
    recs = []
    for lab, grp in frame.groupby("label", sort=False):
        c = int(canon_of[lab])
        for i in grp["row"].tolist():
            lag = (day[i] - day[c]).days if pd.notna(day[i]) and pd.notna(day[c]) else np.nan
            recs.append(dict(cluster_id=cluster_id[lab], doc_id=col["doc_id"][i], file=col["file"][i],
                             article=col["article"][i], canonical=i == c, similarity=similarity[i],
                             date=col["date"][i], date_lag_days=lag, source=col["source"][i],
                             reprinted_from="" if i == c else col["source"][c],
                             canonical_doc_id=col["doc_id"][c], canonical_article=col["article"][c],
                             title=col["title"][i], n_chars=chars[i], same_text=same_text[i]))
    out = pd.DataFrame(recs, columns=REPRINT_COLUMNS)
    out["date_lag_days"] = out["date_lag_days"].astype("Float64")
    out = out.sort_values(["cluster_id", "canonical", "date_lag_days", "doc_id"],
                          ascending=[True, False, True, True], kind="stable").reset_index(drop=True)
    out.attrs.update(params)
    log.info("%d reprint cluster(s) with %d article(s) among %d", out["cluster_id"].nunique(), len(out), len(arts))
    return out


def flag_canonical(articles: pd.DataFrame, reprints: pd.DataFrame) -> pd.DataFrame:
    """``articles`` with ``cluster_id`` (Int64, empty outside clusters) and ``canonical`` (False only for a
    reprint of another article), so that counting ``articles[articles.canonical]`` counts each report once."""
    out = articles.copy()
    key = pd.MultiIndex.from_frame(out[["doc_id", "article"]].astype({"article": "int64"}))
    rp = reprints.astype({"article": "int64"}).set_index(["doc_id", "article"]) if len(reprints) else None
    if rp is None:
        out["cluster_id"] = pd.array([pd.NA] * len(out), dtype="Int64")
        out["canonical"] = True
        return out
    out["cluster_id"] = pd.array(rp["cluster_id"].reindex(key).to_numpy(), dtype="Int64")
    out["canonical"] = rp["canonical"].reindex(key).fillna(True).astype(bool).to_numpy()
    return out


def exact_duplicates(documents: pd.DataFrame) -> pd.DataFrame:
    """Files that are byte-identical copies (same SHA-256): one row per copy after the first of each group,
    with the ``doc_id`` and file it duplicates."""
    cols = ["sha256", "doc_id", "file", "duplicate_of", "duplicate_of_file"]
    if "sha256" not in documents.columns or not len(documents):
        return pd.DataFrame(columns=cols)
    files = documents.drop_duplicates("path" if "path" in documents.columns else "doc_id")
    rows = []
    for sha, grp in files.groupby("sha256", sort=False):
        if len(grp) < 2:
            continue
        first = grp.iloc[0]
        for _, r in grp.iloc[1:].iterrows():
            rows.append(dict(sha256=sha, doc_id=r["doc_id"], file=r["file"], duplicate_of=first["doc_id"],
                             duplicate_of_file=first["file"]))
    return pd.DataFrame(rows, columns=cols)
