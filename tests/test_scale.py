"""Scale (issue 17): batches in a process pool or on Dask give the same tables as one process; streamed tables
equal whole-table writes; warnings are collected into one table; the topic backend and sample are chosen as
documented."""
from __future__ import annotations

import importlib.util
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from helpers.core.config import BuildConfig
from helpers.core.parallel import batched, map_batches, resolve_jobs
from helpers.core.streams import TableStream
from helpers.core.tables import read_provenance, read_table, write_table
from helpers.ingest.corpus import load_corpus
from helpers.pipeline import process_documents, sample_topic_documents, stream_documents, topic_backend

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "data" / "raw"
PAGES = ROOT / "tests" / "fixtures" / "pages"


def _square(batch, offset):
    return [x * x + offset for x in batch]


def test_map_batches_keeps_order_in_a_pool():
    batches = batched(list(range(50)), 3)
    serial = list(map_batches(_square, batches, args=(1,), n_jobs=1))
    pooled = list(map_batches(_square, batches, args=(1,), n_jobs=2, in_flight=1))
    assert pooled == serial == [[x * x + 1 for x in b] for b in batches]


def test_resolve_jobs():
    assert resolve_jobs(1) == 1 and resolve_jobs(None) == 1 and resolve_jobs(-1) >= 1
    with pytest.raises(ValueError):
        resolve_jobs(0)


@pytest.fixture(scope="module")
def docs():
    return load_corpus(PAGES)


def test_pool_equals_one_process(docs):
    one = process_documents(docs, BuildConfig(n_jobs=1, batch_pages=2))
    pool = process_documents(docs, BuildConfig(n_jobs=2, batch_pages=2))
    pd.testing.assert_frame_equal(one[0], pool[0])
    pd.testing.assert_frame_equal(one[1], pool[1])
    assert one[0].attrs["warnings"] == pool[0].attrs["warnings"]


def test_streamed_tables_equal_whole_tables(docs, tmp_path):
    config = BuildConfig(n_jobs=1, batch_pages=2)
    arts, mets = process_documents(docs, config)
    written = stream_documents(docs, tmp_path / "s", config)
    write_table(arts, tmp_path / "w" / "articles.csv")
    write_table(mets, tmp_path / "w" / "metrics.csv")
    for name in ("articles.csv", "metrics.csv"):
        assert (tmp_path / "s" / name).read_bytes() == (tmp_path / "w" / name).read_bytes(), name
    back = read_table(written["articles.parquet"])
    assert len(back) == len(arts) and list(back.columns) == list(arts.columns)
    assert back["text"].tolist() == arts["text"].tolist()
    assert read_provenance(written["metrics.parquet"])["rows"] == len(mets)
    warnings = read_table(written["warnings.csv"])
    assert list(warnings.columns) == ["file", "kind", "message"] and len(warnings) == len(arts.attrs["warnings"])


def test_stream_types_fixed_by_declaration_and_cr_quoted(tmp_path):
    with TableStream(tmp_path / "t", ["a", "n", "s"], types={"n": "Int64"}) as t:
        t.append([{"a": "x", "n": 1, "s": None}])
        t.append([{"a": "=y", "n": None, "s": "p\rq"}])
    df = pd.DataFrame({"a": ["x", "=y"], "n": pd.array([1, None], dtype="Int64"), "s": [None, "p\rq"]})
    write_table(df, tmp_path / "w.csv")
    assert (tmp_path / "t.csv").read_bytes() == (tmp_path / "w.csv").read_bytes()
    assert read_table(tmp_path / "t.parquet")["n"].isna().tolist() == [False, True]


def test_stream_error_leaves_previous_files(tmp_path):
    write_table(pd.DataFrame({"a": [1]}), tmp_path / "t.csv")
    before = (tmp_path / "t.csv").read_bytes()
    with pytest.raises(RuntimeError), TableStream(tmp_path / "t", ["a"]) as t:
        t.append([{"a": 2}])
        raise RuntimeError("stop")
    assert (tmp_path / "t.csv").read_bytes() == before and not (tmp_path / "t.parquet").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".t.tmp")]


def test_topic_backend_and_sample():
    assert topic_backend("auto", 100, 2000) == "sklearn"
    expected = "tomotopy" if importlib.util.find_spec("tomotopy") else "sklearn"
    assert topic_backend("auto", 5000, 2000) == expected
    assert topic_backend("sklearn", 10**6) == "sklearn"
    words = pd.DataFrame({"doc_id": [f"d{i // 3}" for i in range(300)], "article": 1, "token": "词"})
    assert sample_topic_documents(words, 0, 0) is words
    a = sample_topic_documents(words, 10, 42)
    assert a.equals(sample_topic_documents(words, 10, 42))
    assert a[["doc_id", "article"]].drop_duplicates().shape[0] == 10 and len(a) == 30


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("distributed") is None, reason="dask[distributed] not installed")
def test_dask_engine_writes_the_same_tables(tmp_path):
    docs = pd.concat([load_corpus(SEEDS), load_corpus(PAGES)], ignore_index=True)
    config = BuildConfig(n_jobs=2, batch_pages=3)
    local = stream_documents(docs, tmp_path / "local", config)
    dask = stream_documents(docs, tmp_path / "dask", replace(config, engine="dask"))
    for name, path in local.items():
        assert path.read_bytes() == dask[name].read_bytes(), name
