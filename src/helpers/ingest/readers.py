"""Readers for the formats researchers hold, behind one registry: file suffix → reader.

Every reader has the same contract: ``read(data: bytes, *, decode) -> list[Extracted]`` — the file's
bytes in, one :class:`Extracted` per document out (one for a page, one per row for a spreadsheet
export), each with its text, the metadata the file itself states (title, source, date …) and
``spans``: offsets into the extracted text saying where each part came from (a page's column, a
table, a row). A reader raises ``ValueError`` with a reason (and advice) when the file cannot be used.
:func:`read_document` turns them into rows of the documents table, with the original file's SHA-256;
``load_corpus`` calls it for every file that is not ``*.txt`` (plain text keeps its own path).

Files whose format is not read are listed once, at the end, with how to convert them
(:data:`CONVERT_ADVICE`).
"""
from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd

from . import docx, pdf, rows, webpage
from .extracted import Extracted, Span, TextBuilder, stated_metadata  # noqa: F401

log = logging.getLogger(__name__)


Reader = Callable[..., "list[Extracted]"]


def _registry() -> dict[str, tuple[str, Reader]]:
    return {
        ".html": ("html", webpage.read_html), ".htm": ("html", webpage.read_html),
        ".xhtml": ("html", webpage.read_html), ".shtml": ("html", webpage.read_html),
        ".mhtml": ("mhtml", webpage.read_mhtml), ".mht": ("mhtml", webpage.read_mhtml),
        ".docx": ("docx", docx.read_docx),
        ".pdf": ("pdf", pdf.read_pdf),
        ".csv": ("csv", rows.read_csv), ".tsv": ("csv", rows.read_csv),
        ".xlsx": ("xlsx", rows.read_xlsx), ".xlsm": ("xlsx", rows.read_xlsx),
        ".jsonl": ("jsonl", rows.read_jsonl), ".ndjson": ("jsonl", rows.read_jsonl),
    }


#: Suffixes read by a reader here; ``.txt`` is read by ``load_corpus`` itself (decode only).
READ_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml", ".mhtml", ".mht", ".docx", ".pdf", ".csv",
                           ".tsv", ".xlsx", ".xlsm", ".jsonl", ".ndjson"})
_TO_DOCX = "open it in Word, WPS or LibreOffice and save as .docx (or: soffice --headless --convert-to docx FILE)"
#: How to convert what is not read. Keys are suffixes; "" is the fallback.
CONVERT_ADVICE = {
    ".doc": _TO_DOCX, ".wps": _TO_DOCX, ".rtf": _TO_DOCX, ".odt": _TO_DOCX, ".pages": _TO_DOCX,
    ".xls": "save as .xlsx or .csv (one article per row; columns 标题, 正文, 来源, 日期, 地区)",
    ".et": "save as .xlsx or .csv (one article per row)", ".ods": "save as .xlsx or .csv (one article per row)",
    ".numbers": "export as .csv (one article per row)",
    ".json": "save as JSON Lines (.jsonl), one article per line with keys text, title, source, date, place",
    ".caj": "a CNKI file: download the PDF version, or print it to PDF from CAJViewer",
    ".kdh": "a CNKI file: download the PDF version, or print it to PDF from CAJViewer",
    ".nh": "a CNKI file: download the PDF version, or print it to PDF from CAJViewer",
    ".pdg": "a SuperStar scan: export to PDF and run OCR (e.g. ocrmypdf -l chi_sim in.pdf out.pdf)",
    ".epub": "convert to .txt or .html (e.g. ebook-convert FILE.epub FILE.txt)",
    ".ppt": "save as .pptx, then export its text as .txt", ".pptx": "export its text as .txt",
    ".jpg": "a page image: run OCR (e.g. tesseract FILE out -l chi_sim) and read out.txt",
    ".jpeg": "a page image: run OCR (e.g. tesseract FILE out -l chi_sim) and read out.txt",
    ".png": "a page image: run OCR (e.g. tesseract FILE out -l chi_sim) and read out.txt",
    ".tif": "a page image: run OCR (e.g. tesseract FILE out -l chi_sim) and read out.txt",
    ".tiff": "a page image: run OCR (e.g. tesseract FILE out -l chi_sim) and read out.txt",
    ".md": "rename to .txt if it is an article; Markdown headings are read as headlines",
    "": "save it as UTF-8 .txt, or as one of .html, .docx, .pdf, .csv, .xlsx, .jsonl",
}
#: Files in a folder that are never corpus documents and are not listed as unread.
_IGNORED_SUFFIXES = frozenset({".py", ".pyc", ".ipynb", ".sha256", ".md5", ".log", ".parquet", ".gz", ".zip",
                               ".yml", ".yaml", ".toml", ".cfg", ".ini", ".lock", ".db", ".sqlite"})
_IGNORED_NAMES = frozenset({"manifest.csv", "sha256sums", "md5sums", "readme", "readme.md", "readme.txt",
                            "license", "thumbs.db", "desktop.ini"})


def reader_for(path: str | Path) -> tuple[str, Reader] | None:
    """``(format, reader)`` for a file name, or None when ``load_corpus`` reads it as plain text."""
    return _registry().get(Path(path).suffix.lower())


def with_reader_files(files: list[Path], given: Iterable[str | Path]) -> tuple[list[Path], list[Path]]:
    """Add to ``files`` (the ``*.txt`` found) the files of the given folders that a reader reads.

    Returns ``(files, unread)``: ``unread`` are the folder files in formats not read (hidden files,
    the manifest, checksums and code are left out) and files named directly whose format needs a
    conversion (``.doc``, ``.caj``, images …).
    """
    seen = {f.resolve() for f in files}
    out, unread = list(files), []
    for g in map(Path, given):
        if not g.is_dir():
            continue
        for f in sorted(g.rglob("*")):
            suffix = f.suffix.lower()
            if suffix == ".txt":  # list_text_files has them (resolving each of 10⁵ pages costs seconds)
                continue
            rel = f.relative_to(g)
            if not f.is_file() or any(part.startswith(".") for part in rel.parts) or f.resolve() in seen:
                continue
            if suffix in READ_SUFFIXES and f.name.lower() != "manifest.csv":
                out.append(f)
            elif (suffix not in (".txt", "") and suffix not in _IGNORED_SUFFIXES
                  and f.name.lower() not in _IGNORED_NAMES):
                unread.append(f)
            seen.add(f.resolve())
    keep = []
    for f in out:  # a file named directly in a format that needs converting: listed, not decoded as text
        suffix = f.suffix.lower()
        if suffix in CONVERT_ADVICE and suffix not in (".md", "") and suffix not in READ_SUFFIXES:
            unread.append(f)
        else:
            keep.append(f)
    return keep, unread


def report_unread(unread: list[Path]) -> list[dict]:
    """Log the files not read once, grouped by suffix with how to convert them; return them as records."""
    if not unread:
        return []
    groups: dict[str, list[Path]] = {}
    for f in unread:
        groups.setdefault(f.suffix.lower(), []).append(f)
    lines = [f"  {suffix or '(no suffix)'} ×{len(fs)} ({', '.join(f.name for f in fs[:3])}"
             f"{', …' if len(fs) > 3 else ''}): {CONVERT_ADVICE.get(suffix, CONVERT_ADVICE[''])}"
             for suffix, fs in sorted(groups.items())]
    log.warning("%d file(s) in formats that are not read (read: .txt, %s):\n%s", len(unread),
                ", ".join(sorted(READ_SUFFIXES)), "\n".join(lines))
    return [dict(file=str(f), reason=f"format {f.suffix.lower() or '(none)'} not read: "
                 f"{CONVERT_ADVICE.get(f.suffix.lower(), CONVERT_ADVICE[''])}") for f in unread]


#: Columns a reader adds to the documents table (only when some file was read by a reader).
READER_COLUMNS = ["format", "part", "title", "one_article", "spans"]
#: Metadata a reader may state, filled into the manifest columns when the manifest leaves them blank.
STATED = ["source", "place", "admin_level", "province", "date", "date_precision", "date_source", "script"]


def read_document(path: Path, data: bytes, *, decode: Callable[[bytes], tuple[str, str]],
                  detect: Callable[[str], str] | None = None, skipped: list | None = None,
                  options: dict | None = None) -> list[dict]:
    """Rows of the documents table for one file read by its reader (an empty list when it is skipped).

    ``decode`` turns bytes into ``(text, encoding)`` (the loader's ``decode_bytes``); ``detect`` gives the
    script of a text. A file that cannot be used is logged, appended to ``skipped`` as
    ``{"file", "reason"}`` and yields no row.
    """
    fmt, reader = reader_for(path) or ("txt", None)
    sha = hashlib.sha256(data).hexdigest()
    try:
        if reader is None:
            text, enc = decode(data)
            docs = [Extracted(text, encoding=enc)]
        else:
            docs = reader(data, decode=decode, name=path.name, **(options or {}))
        if not docs:
            raise ValueError("no text found")
    except ValueError as exc:
        log.warning("skipped %s: %s", path, exc)
        if skipped is not None:
            skipped.append(dict(file=str(path), reason=str(exc)))
        return []
    out = []
    for doc in docs:
        meta = {k: str(v) for k, v in doc.meta.items() if v not in (None, "")}
        out.append(dict(file=path.name, path=str(path), text=doc.text, encoding=doc.encoding or fmt,
                        n_chars=len(doc.text), sha256=sha, script_detected=detect(doc.text) if detect else "",
                        format=fmt, part=doc.part, title=meta.pop("title", ""), one_article=doc.one_article,
                        spans=json.dumps([[s.start, s.end, s.kind, s.where] for s in doc.spans], ensure_ascii=False),
                        stated=meta))
    return out


def reader_columns(records: list[dict] | pd.DataFrame) -> list[str]:
    """The reader columns present (none for a corpus of ``*.txt`` only, so its tables do not change)."""
    if isinstance(records, pd.DataFrame):
        return [c for c in READER_COLUMNS if c in records.columns]
    return [*READER_COLUMNS, "stated"] if any("format" in r for r in records) else []


def document_ids(docs: pd.DataFrame, given: list[Path], base: Callable[[list[Path], list[Path]], list[str]]
                 ) -> list[str]:
    """Document ids: ``base`` (file stems, made unique by folder) on the distinct files, then the part
    (``export/r0003``) for files holding many documents, the suffix where two formats share a stem."""
    paths = list(dict.fromkeys(docs["path"]))
    ids = dict(zip(paths, base([Path(p) for p in paths], given)))
    counts = pd.Series(list(ids.values())).value_counts()
    ids = {p: (f"{i}{Path(p).suffix}" if counts[i] > 1 else i) for p, i in ids.items()}
    parts = docs["part"] if "part" in docs.columns else [""] * len(docs)
    return [ids[p] + (f"/{part}" if isinstance(part, str) and part else "") for p, part in zip(docs["path"], parts)]


def merge_metadata(docs: pd.DataFrame, meta: pd.DataFrame) -> pd.DataFrame:
    """Join the manifest (on ``file``); metadata a file states itself fills what the manifest leaves blank."""
    out = docs.merge(meta, on="file", how="left")
    if "stated" not in out.columns:
        return out
    for col, default in {"format": "txt", "part": "", "title": "", "one_article": False, "spans": "[]"}.items():
        out[col] = out[col].astype(object).where(out[col].notna(), default)
    out["one_article"] = out["one_article"].astype(bool)
    parts = out["part"] if "part" in out.columns else pd.Series("", index=out.index)
    for i, stated, part in zip(out.index, out.pop("stated"), parts):
        if not isinstance(stated, dict):
            continue
        for col, value in stated.items():  # a row of an export states its own metadata: it wins
            if col in out.columns and (part or pd.isna(out.at[i, col]) or out.at[i, col] == ""):
                out.at[i, col] = value
            elif col not in out.columns:
                out[col] = pd.Series([pd.NA] * len(out), index=out.index, dtype=object)
                out.at[i, col] = value
    return out
