"""The corpus loader: seeds, encodings, bad input, manifests, CLI."""
from __future__ import annotations

import hashlib
import logging

import pandas as pd
import pytest

from helpers.cli import main
from helpers.ingest.corpus import DOCUMENT_COLUMNS, ManifestError, corpus_summary, decode_bytes, load_corpus

SIMPLIFIED = "市委巡察组共发现问题4858件，整改率98%，移交问题线索915件。\n"
TRADITIONAL = "市委巡察組共發現問題4858件，整改率98%，移交問題線索915件。\n"


def test_seed_corpus_loads_with_metadata(documents, raw_dir):
    assert len(documents) == 5
    assert list(documents.columns[: len(DOCUMENT_COLUMNS)]) == DOCUMENT_COLUMNS
    assert documents["doc_id"].is_unique
    assert set(documents["encoding"]) == {"utf-8"}
    assert documents["place"].str.len().gt(0).all()
    assert documents.set_index("file").loc["003_636984c0b3bbcc68.txt", "script"] == "traditional"
    assert documents.set_index("file").loc["003_636984c0b3bbcc68.txt", "script_detected"] == "traditional"
    assert set(documents["admin_level"]) == {"city", "district", "county"}


def test_seed_checksums_match_sha256sums(documents, raw_dir):
    sums = dict(reversed(line.split()) for line in (raw_dir / "SHA256SUMS").read_text().splitlines())
    for file, sha in zip(documents["file"], documents["sha256"]):
        assert sums[file] == sha
        assert hashlib.sha256((raw_dir / file).read_bytes()).hexdigest() == sha
    # the text is the decoded file, unchanged: offsets index the raw file's characters
    first = documents.iloc[0]
    assert first["text"] == (raw_dir / first["file"]).read_text(encoding="utf-8")
    assert first["n_chars"] == len(first["text"])


@pytest.mark.parametrize("name, data, expected", [
    ("utf8.txt", SIMPLIFIED.encode("utf-8"), "utf-8"),
    ("utf8bom.txt", SIMPLIFIED.encode("utf-8-sig"), "utf-8-sig"),
    ("utf16.txt", SIMPLIFIED.encode("utf-16"), "utf-16-bom"),
    ("gbk.txt", (SIMPLIFIED * 3).encode("gbk"), "gb18030"),
    ("gb18030.txt", (SIMPLIFIED * 3).encode("gb18030"), "gb18030"),
    ("big5.txt", (TRADITIONAL * 3).encode("big5"), "big5"),
    ("big5short.txt", "巡察工作綜述".encode("big5"), "big5"),
])
def test_encodings_are_detected(tmp_path, name, data, expected):
    (tmp_path / name).write_bytes(data)
    docs = load_corpus(tmp_path)
    assert len(docs) == 1
    assert docs.loc[0, "encoding"] == expected
    assert "巡察" in docs.loc[0, "text"]


@pytest.mark.parametrize("name, data, reason", [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"  \n\n \t", "empty file"),
    ("binary.txt", bytes(range(256)) * 4, "binary"),
    ("png.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "binary"),
    ("latin.txt", bytes(range(0x80, 0x100)) * 3, "undecodable"),
])
def test_bad_files_are_skipped_with_reason(tmp_path, caplog, name, data, reason):
    (tmp_path / name).write_bytes(data)
    (tmp_path / "good.txt").write_text(SIMPLIFIED, encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        docs = load_corpus(tmp_path)
    assert docs["file"].tolist() == ["good.txt"]
    skipped = docs.attrs["skipped"]
    assert len(skipped) == 1 and skipped[0]["file"].endswith(name)
    assert reason in skipped[0]["reason"]
    assert name in caplog.text
    summary = corpus_summary(docs)
    assert summary["status"].value_counts().to_dict() == {"loaded": 1, "skipped": 1}


def test_decode_bytes_never_accepts_binary():
    with pytest.raises(ValueError):
        decode_bytes(b"\x00\x01\x02abc\x00")


def test_missing_manifest_warns_and_leaves_metadata_empty(tmp_path, caplog):
    (tmp_path / "a.txt").write_text(SIMPLIFIED, encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        docs = load_corpus(tmp_path)
    assert "no manifest.csv" in caplog.text
    assert docs.loc[0, "place"] == ""
    assert docs.loc[0, "script"] == "simplified"  # filled from detection


def test_manifest_metadata_joined_and_unlisted_files_warned(tmp_path, caplog):
    (tmp_path / "a.txt").write_text(SIMPLIFIED, encoding="utf-8")
    (tmp_path / "b.txt").write_text(TRADITIONAL, encoding="utf-8")
    (tmp_path / "manifest.csv").write_text("file,place,admin_level,date,date_precision\n"
                                           "a.txt,成都市,city,2023-05,month\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        docs = load_corpus(tmp_path).set_index("file")
    assert docs.loc["a.txt", "place"] == "成都市"
    assert docs.loc["b.txt", "place"] == ""
    assert docs.loc["b.txt", "script"] == "traditional"
    assert "not in" in caplog.text and "b.txt" in caplog.text


@pytest.mark.parametrize("manifest, where", [
    ("file,place,date,date_precision\na.txt,成都市,2023-05,month,extra\n", "line 2: 5 fields"),
    ("file,place,date,date_precision\na.txt,成都市,2023-13,month\n", "line 2, column 'date'"),
    ("file,place,date,date_precision\na.txt,成都市,2023-05,week\n", "line 2, column 'date_precision'"),
    ("file,place,date,date_precision\na.txt,成都市,2023-02-30,day\n", "line 2, column 'date'"),
    ("place,date\n成都市,2023\n", "line 1: no 'file' column"),
    ("file,place\na.txt,x\na.txt,y\n", "listed more than once"),
    ("file,place\n,x\n", "line 2, column 'file'"),
])
def test_malformed_manifest_names_line_and_column(tmp_path, manifest, where):
    (tmp_path / "a.txt").write_text(SIMPLIFIED, encoding="utf-8")
    (tmp_path / "manifest.csv").write_text(manifest, encoding="utf-8")
    with pytest.raises(ManifestError, match=where.replace("(", r"\(")):
        load_corpus(tmp_path)


def test_list_of_files_and_duplicate_stems(tmp_path):
    for sub in ("henan", "sichuan"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "page1.txt").write_text(SIMPLIFIED, encoding="utf-8")
    docs = load_corpus([tmp_path / "henan" / "page1.txt", tmp_path / "sichuan"])
    assert sorted(docs["doc_id"]) == ["page1", "page1"] or docs["doc_id"].is_unique
    docs = load_corpus(tmp_path)
    assert docs["doc_id"].is_unique and len(docs) == 2


def test_missing_path_is_an_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        load_corpus(tmp_path / "nope")


def test_cli_corpus_writes_table_and_provenance(tmp_path, raw_dir, capsys):
    out = tmp_path / "docs.parquet"
    assert main(["corpus", str(raw_dir), "--out", str(out)]) == 0
    df = pd.read_parquet(out)
    assert len(df) == 5 and "text" in df.columns
    assert (tmp_path / "docs.parquet.provenance.json").is_file()
    assert "5 document(s) loaded" in capsys.readouterr().out


def test_cli_reports_bad_manifest_without_traceback(tmp_path, capsys):
    corpus = tmp_path / "corpus"  # the output may not go inside the input folder
    corpus.mkdir()
    (corpus / "a.txt").write_text(SIMPLIFIED, encoding="utf-8")
    (corpus / "manifest.csv").write_text("file,date,date_precision\na.txt,2023-99,month\n", encoding="utf-8")
    assert main(["corpus", str(corpus), "--out", str(tmp_path / "d.csv")]) == 2
