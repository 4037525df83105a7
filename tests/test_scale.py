"""Scale (issue 17): batches in a process pool or on Dask give the same tables as one process; streamed tables
equal whole-table writes; warnings are collected into one table; the topic backend and sample are chosen as
documented."""
from __future__ import annotations

import importlib.util
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.core.config import BuildConfig
from helpers.core.parallel import batched, map_batches, resolve_jobs
from helpers.core.streams import TableStream
from helpers.core.tables import read_provenance, read_table, write_table
from helpers.ingest.corpus import load_corpus
from helpers.pipeline import (
    process_documents,
    sample_topic_documents,
    stream_documents,
    tokenize_corpus,
    topic_backend,
    topic_documents,
    topic_sweeps,
    topic_tokens,
)

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
    # the default threshold: the seed pages' few dozen articles stay on scikit-learn, a few hundred do not
    assert BuildConfig().topic_auto_threshold == 300
    assert topic_backend("auto", 50) == "sklearn" and topic_backend("auto", 301) == expected
    assert topic_sweeps(10_000, 400_000_000) == 200 and topic_sweeps(10**7, 400_000_000) == 40
    assert topic_sweeps(10**9, 400_000_000) == 20
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


def test_one_tokenisation_gives_both_token_tables(docs, tmp_path):
    """tokens (relevant articles) and topic_tokens (words of every article) from one tokenisation, written in
    pieces, equal the two separate tokenisations they replace (issue 17)."""
    from helpers.words.network import CooccurrenceCounts, cooccurrence_network
    from helpers.words.tokens import ChineseTokenizer, TokenCodes

    arts = process_documents(docs, BuildConfig(n_jobs=1))[0]
    config = BuildConfig(n_jobs=1, tokenizer_backend="jieba")
    unit, topic_docs = topic_documents(arts, replace(config, topic_min_articles=1))
    counts, codes = CooccurrenceCounts(), TokenCodes()
    written = tokenize_corpus(arts, topic_docs, tmp_path, config, on_tokens=counts.add, on_words=codes.add)
    assert set(written) == {"tokens.parquet", "topic_tokens.parquet"}
    relevant = arts[arts["relevant"]].reset_index(drop=True)
    tokens = ChineseTokenizer(backend="jieba").tokenize_articles(relevant)
    pd.testing.assert_frame_equal(read_table(written["tokens.parquet"]), tokens, check_dtype=False)
    words = topic_tokens(topic_docs, backend="jieba")
    pd.testing.assert_frame_equal(read_table(written["topic_tokens.parquet"]), words, check_dtype=False)
    assert read_provenance(written["tokens.parquet"])["config"]["tokenizer"]["backend"] == "jieba"
    compact = codes.frame()  # the topic words as categories, in the table's order
    assert list(compact.columns) == ["doc_id", "article", "token"] and compact["token"].dtype == "category"
    assert compact.astype(str).values.tolist() == words[["doc_id", "article", "token"]].astype(str).values.tolist()
    whole = cooccurrence_network(tokens, top_n=20)  # the network's counts gathered from the pieces
    assert list(counts.graph(top_n=20).edges(data=True)) == list(whole.edges(data=True))
    only = tokenize_corpus(arts, None, tmp_path / "relevant", config)
    assert set(only) == {"tokens.parquet"}
    pd.testing.assert_frame_equal(read_table(only["tokens.parquet"]), tokens, check_dtype=False)


def test_workbook_leaves_out_long_tables_with_a_note(tmp_path):
    import openpyxl

    from helpers.compare.comparison import write_workbook

    small, big = pd.DataFrame({"a": [1, 2], "t": ["=x", "巡察"]}), pd.DataFrame({"n": range(30)})
    write_workbook({"small": small, "big": big}, tmp_path / "w.xlsx", max_rows=10,
                   full_tables={"big": "big.csv, big.parquet"})
    book = openpyxl.load_workbook(tmp_path / "w.xlsx")
    assert book.sheetnames == ["notes", "small"]
    notes = pd.read_excel(tmp_path / "w.xlsx", sheet_name="notes")
    assert notes.to_dict("records")[1] == {"table": "big", "rows": 30, "in_workbook": "no: more than 10 rows",
                                           "full_table": "big.csv, big.parquet"}
    sheet = book["small"]
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [["a", "t"], [1, "'=x"], [2, "巡察"]]
    assert sheet["A1"].font.bold and sheet["B2"].data_type == "s"
    write_workbook({"small": small, "big": big}, tmp_path / "all.xlsx", max_rows=30)
    assert openpyxl.load_workbook(tmp_path / "all.xlsx").sheetnames == ["small", "big"]


@pytest.mark.skipif(importlib.util.find_spec("tomotopy") is None, reason="tomotopy not installed")
def test_build_takes_the_large_corpus_path_when_told(tmp_path):
    """The paths of a large corpus on a small one (thresholds lowered): tomotopy on a sample with scaled sweeps,
    doc_topics from the fit, the workbook without the long tables but with its notes; deterministic."""
    import json

    import openpyxl

    from helpers.core.config import Paths
    from helpers.pipeline import build

    config = BuildConfig(topic_ks=(2, 3), topic_seeds=2, topic_min_articles=1, topic_auto_threshold=5,
                         topic_sample=8, topic_token_sweeps=200_000, workbook_max_rows=20, n_jobs=1)
    digests = []
    for run in ("a", "b"):
        paths = Paths(raw=PAGES, processed=tmp_path / run, reports=tmp_path / "reports")
        written = build(replace(config, manifest=str(PAGES / "manifest.csv")), paths=paths)
        digests.append({n: p.read_bytes() for n, p in written.items()
                        if (n.endswith(".csv") or n.endswith(".xlsx")) and n != "topic_selection.csv"})
        digests[-1]["selection"] = read_table(written["topic_selection.csv"]).drop(columns="fit_seconds").to_csv()
    assert digests[0] == digests[1]  # fit_seconds aside (a time), every table the same
    prov = json.loads((tmp_path / "a" / "doc_topics.csv.provenance.json").read_text(encoding="utf-8"))["config"]
    assert prov["backend"] == "tomotopy" and prov["selection_documents"] == 8 and prov["documents"] > 8
    assert prov["final_sweeps"] == topic_sweeps(prov["tokens"], 200_000) < prov["selection_sweeps"]
    assert prov["model"]["max_iter"] == prov["final_sweeps"]
    doc_topics = read_table(tmp_path / "a" / "doc_topics.csv")
    assert len(doc_topics) == prov["documents"]
    book = openpyxl.load_workbook(tmp_path / "a" / "xuncha_tables.xlsx", read_only=True)
    notes = pd.read_excel(tmp_path / "a" / "xuncha_tables.xlsx", sheet_name="notes")
    left_out = notes.loc[notes["in_workbook"] != "yes", "table"].tolist()
    assert book.sheetnames[0] == "notes" and "articles" in left_out and "articles" not in book.sheetnames
    assert notes.set_index("table").loc["articles", "full_table"].startswith("articles.csv, articles.parquet")


@pytest.mark.parametrize("min_df,max_df", [(1, 1.0), (2, 1.0), (2, 0.5), (0.05, 40)])
@pytest.mark.parametrize("shuffle", [False, True])
def test_count_matrix_is_the_vectorisers_matrix(min_df, max_df, shuffle):
    """The document-term counts made from the tokens' codes (topics and keywords at scale) are CountVectorizer's
    matrix of the token lists: the same entries in the same order within each row (tomotopy reads a row's words
    in that order), the same vocabulary; a table given out of order or with categories changes nothing."""
    import numpy as np
    from sklearn.feature_extraction.text import CountVectorizer

    from helpers.topics.keywords import count_matrix, identity_analyzer, token_lists

    rng = np.random.default_rng(0)
    n = 4000
    table = pd.DataFrame({"doc_id": rng.choice([f"d{i}" for i in range(40)], n), "article": rng.integers(1, 4, n),
                          "position": rng.integers(0, 200, n),
                          "token": pd.Categorical(rng.choice([f"词{i}" for i in range(300)] + ["1"], n))})
    if shuffle:
        table = table.sample(frac=1, random_state=1).reset_index(drop=True)
    keys, texts = token_lists(table)
    cv = CountVectorizer(analyzer=identity_analyzer, min_df=min_df, max_df=max_df)
    want = cv.fit_transform(texts).tocsr()
    got_keys, got, vocabulary = count_matrix(table, min_df=min_df, max_df=max_df)
    pd.testing.assert_frame_equal(got_keys, keys)
    assert type(got) is type(want) and got.shape == want.shape
    for part in ("indptr", "indices", "data"):
        a, b = getattr(got, part), getattr(want, part)
        assert a.dtype == b.dtype and np.array_equal(a, b), part
    assert vocabulary == cv.vocabulary_


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=-2**62, max_value=2**62), max_size=200))
def test_sorted_unique_is_np_unique(values):
    from helpers.core.arrays import sorted_unique, sorted_unique_counts
    a = np.array(values, dtype=np.int64)
    assert np.array_equal(sorted_unique(a), np.unique(a))
    u, c = sorted_unique_counts(a)
    eu, ec = np.unique(a, return_counts=True)
    assert np.array_equal(u, eu) and np.array_equal(c, ec)
