"""Tables and their provenance records; byte-identical output across runs."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from helpers.core.tables import provenance_path, read_provenance, read_table, sha256_file, write_table


@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".xlsx"])
def test_write_table_round_trip_and_sidecar(tmp_path, suffix):
    df = pd.DataFrame({"doc_id": ["a", "b"], "text": ["巡察", ""], "value": [1.5, 2.0]})
    inputs = pd.DataFrame({"file": ["a.txt"], "sha256": ["00ff"]})
    path = write_table(df, tmp_path / f"t{suffix}", config={"k": 3, "p": tmp_path}, inputs=inputs, step="test")
    back = read_table(path)
    assert back["doc_id"].tolist() == ["a", "b"]
    rec = read_provenance(path)
    assert rec["rows"] == 2 and rec["step"] == "test"
    assert rec["inputs_sha256"] == {"a.txt": "00ff"}
    assert rec["config"]["k"] == 3 and isinstance(rec["config"]["p"], str)
    assert rec["table_sha256"] == sha256_file(path)
    assert {"package_version", "git_commit", "created", "python"} <= set(rec)


def test_unknown_suffix_rejected(tmp_path):
    with pytest.raises(ValueError):
        write_table(pd.DataFrame({"a": [1]}), tmp_path / "t.json")


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_tables_are_byte_identical_across_runs(tmp_path, documents, suffix):
    from helpers.pipeline import extract_document_metrics, segment_documents

    digests = []
    for run in ("one", "two"):
        arts = segment_documents(documents)
        mets = extract_document_metrics(documents)
        a = write_table(arts, tmp_path / run / f"articles{suffix}")
        m = write_table(mets, tmp_path / run / f"metrics{suffix}")
        digests.append((sha256_file(a), sha256_file(m)))
        assert json.loads(provenance_path(a).read_text())["created"]  # the time lives in the sidecar only
    assert digests[0] == digests[1]
