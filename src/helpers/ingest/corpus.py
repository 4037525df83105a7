"""Load a folder (or list) of text files into a documents table, one row per file.

Detects the encoding (UTF-8 with/without BOM, UTF-16/32 with BOM, GB18030/GBK, Big5) with
charset-normalizer, joins the metadata of ``manifest.csv``, and skips bad files with a warning.
"""
from __future__ import annotations

import csv
import hashlib
import io
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .metadata import canonical_header, normalize_record
from .readers import (document_ids, merge_metadata, read_document, reader_columns, reader_for, report_unread,
                      with_reader_files)

log = logging.getLogger(__name__)

#: Metadata columns a manifest may give; missing ones are added empty.
MANIFEST_COLUMNS = ["source", "place", "admin_level", "province", "date", "date_precision",
                    "date_source", "script"]
DOCUMENT_COLUMNS = ["doc_id", "file", "path", "text", "encoding", "n_chars", "sha256",
                    *MANIFEST_COLUMNS, "script_detected"]
DATE_PRECISIONS = {"day", "month", "year", "unknown", ""}
MANIFEST_NAME = "manifest.csv"

# Encodings charset-normalizer may choose between once BOMs and UTF-8 are ruled out.
_CANDIDATES = ["gb18030", "big5", "big5hkscs", "cp950", "utf_8"]
_BOMS = [(b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
         (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")]
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_CJK = re.compile(r"[\u3400-\u9fff]")


class ManifestError(ValueError):
    """A manifest row that cannot be read: the message names the file, line and column."""


@dataclass(frozen=True)
class Skipped:
    """A file the loader could not use, and why."""

    file: str
    reason: str


# ----------------------------------------------------------------------------- decoding
def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode a file's bytes; return ``(text, encoding)``.

    Raises ``ValueError`` with a human-readable reason for empty, binary or undecodable input.
    """
    if not data.strip():
        raise ValueError("empty file")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError as exc:
                raise ValueError(f"has a {enc} byte-order mark but does not decode: {exc.reason}") from exc
            if not text.strip():
                raise ValueError("empty file")
            return text, {"utf-8-sig": "utf-8-sig"}.get(enc, f"{enc}-bom" if enc.startswith("utf-") else enc)
    if b"\x00" in data:
        raise ValueError("binary file (contains NUL bytes and no UTF-16/32 byte-order mark)")
    try:
        text, enc = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(data, cp_isolation=_CANDIDATES).best()
        if best is not None:
            enc = best.encoding.replace("_", "-")
            enc = "gb18030" if enc in ("gbk", "gb2312") else enc
            text = str(best)
        else:  # the detector gave up (odd symbols such as ｜ or ＞ can do that): try each candidate
            text, enc = _most_plausible(data)
    if len(_CONTROL.findall(text)) > max(2, 0.01 * len(text)):
        raise ValueError("binary file (too many control characters)")
    return text, enc


def _common_ratio(text: str) -> float:
    """Share of Han characters that are common ones (GB2312 level 1 after t2s conversion)."""
    from ..core.script import to_simplified

    han = _CJK.findall(to_simplified(text))
    if not han:
        return 0.0
    common = 0
    for ch in han:
        try:
            common += 0xB0 <= ch.encode("gb2312")[0] <= 0xD7
        except UnicodeEncodeError:
            pass
    return common / len(han)


def _most_plausible(data: bytes) -> tuple[str, str]:
    """Decode with the candidate whose text has the most common Chinese characters (≥ 60 %)."""
    scored = []
    for enc in ("gb18030", "big5hkscs", "big5"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        scored.append((_common_ratio(text), enc, text))
    if not scored or max(scored)[0] < 0.6:
        raise ValueError("undecodable: not UTF-8, GB18030/GBK or Big5")
    ratio, enc, text = max(scored, key=lambda t: (t[0], t[1] == "big5"))
    return text, enc


def detect_script(text: str, *, threshold: float = 0.05) -> str:
    """Return ``"traditional"`` when OpenCC's t2s changes more than ``threshold`` of the Han
    characters, ``"simplified"`` otherwise (``""`` for text without Han characters)."""
    from ..core.script import to_simplified

    han = _CJK.findall(text)
    if not han:
        return ""
    sample = "".join(han[:20000])
    changed = sum(a != b for a, b in zip(sample, to_simplified(sample)))
    return "traditional" if changed / len(sample) > threshold else "simplified"


# ----------------------------------------------------------------------------- manifest
def read_manifest(path: str | Path) -> pd.DataFrame:
    """Read and validate a manifest CSV (column ``file`` required, the others optional).

    Raises :class:`ManifestError` naming the line and column of the first malformed row.
    """
    path = Path(path)
    try:  # any encoding the pages may use (Excel on Chinese Windows saves GBK)
        rows = list(csv.reader(io.StringIO(decode_bytes(path.read_bytes())[0].lstrip("\ufeff"), newline="")))
    except ValueError as exc:
        if "empty" not in str(exc):
            raise ManifestError(f"{path}: cannot be read ({exc}); save it as CSV UTF-8") from None
        rows = []
    if not rows:
        raise ManifestError(f"{path}: the manifest is empty (it needs at least a header with 'file')")
    header = [canonical_header(h) for h in rows[0]]  # 文件名 → file, 层级 → admin_level …
    if "file" not in header:
        raise ManifestError(f"{path}: line 1: no 'file' column in the header {header}")
    records = []
    for lineno, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise ManifestError(f"{path}: line {lineno}: {len(row)} fields, the header has {len(header)}")
        rec = dict(zip(header, (c.strip() for c in row)))
        try:  # 市级 → city, 繁体 → traditional; a value outside the allowed set is an error
            rec = normalize_record(rec)
        except ValueError as exc:
            raise ManifestError(f"{path}: line {lineno}, {exc}") from None
        if not rec["file"]:
            raise ManifestError(f"{path}: line {lineno}, column 'file': empty file name")
        prec = rec.get("date_precision", "")
        if prec not in DATE_PRECISIONS:
            raise ManifestError(f"{path}: line {lineno}, column 'date_precision': {prec!r} is not one of "
                                f"{sorted(DATE_PRECISIONS - {''})}")
        if rec.get("date"):
            _check_date(rec["date"], prec, f"{path}: line {lineno}, column 'date'")
        records.append(rec)
    df = pd.DataFrame(records, columns=header, dtype=object)
    dup = df["file"][df["file"].duplicated()].tolist()
    if dup:
        raise ManifestError(f"{path}: column 'file': listed more than once: {dup}")
    for col in MANIFEST_COLUMNS:
        if col not in df.columns:
            df[col] = ""
    return df


def _check_date(value: str, precision: str, where: str) -> None:
    formats = {"day": r"\d{4}-\d{2}-\d{2}", "month": r"\d{4}-\d{2}", "year": r"\d{4}"}
    pattern = formats.get(precision) or r"\d{4}(-\d{2}(-\d{2})?)?"
    if not re.fullmatch(pattern, value):
        raise ManifestError(f"{where}: {value!r} does not match the precision {precision or 'given'!r} "
                            "(use YYYY, YYYY-MM or YYYY-MM-DD)")
    parts = [int(p) for p in value.split("-")]
    if len(parts) > 1 and not 1 <= parts[1] <= 12:
        raise ManifestError(f"{where}: {value!r} has month {parts[1]}")
    if len(parts) > 2:
        try:
            pd.Timestamp(year=parts[0], month=parts[1], day=parts[2])
        except ValueError:
            raise ManifestError(f"{where}: {value!r} is not a calendar date") from None


# ----------------------------------------------------------------------------- loading
def list_text_files(paths: str | Path | Iterable[str | Path]) -> list[Path]:
    """Expand folders (recursively, ``*.txt``, hidden files ignored) and keep files as given."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files.extend(sorted(f for f in p.rglob("*.txt")
                                if not any(part.startswith(".") for part in f.relative_to(p).parts)))
        elif p.exists():
            files.append(p)
        else:
            raise FileNotFoundError(f"no such file or folder: {p}")
    seen, unique = set(), []
    for f in files:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique


def _find_manifest(paths: Sequence[Path]) -> Path | None:
    for p in paths:
        folder = p if p.is_dir() else p.parent
        candidate = folder / MANIFEST_NAME
        if candidate.is_file():
            return candidate
    return None


def load_corpus(paths: str | Path | Iterable[str | Path], *, manifest: str | Path | None = None,
                ) -> pd.DataFrame:
    """Load text files into a documents table (one row per readable file).

    Parameters
    ----------
    paths:
        A folder (searched recursively for ``*.txt``), a file, or a list of either.
    manifest:
        A metadata CSV with a ``file`` column. By default ``manifest.csv`` beside the first
        folder or file; when there is none, a warning is logged and metadata columns are empty.

    Returns
    -------
    DataFrame with columns :data:`DOCUMENT_COLUMNS` (plus any extra manifest columns), sorted by
    ``doc_id``. Files that could not be read are listed in ``df.attrs["skipped"]`` (a list of
    ``{"file", "reason"}``) and each is logged as a warning.
    """
    given = [Path(p) for p in ([paths] if isinstance(paths, (str, Path)) else paths)]
    files, unread = with_reader_files(list_text_files(given), given)  # + .html .docx .pdf .csv .xlsx .jsonl
    manifest_path = Path(manifest) if manifest is not None else _find_manifest(given)
    if manifest_path is None:
        log.warning("no %s found beside %s: metadata columns are left empty",
                    MANIFEST_NAME, ", ".join(map(str, given[:3])))
        meta = pd.DataFrame(columns=["file", *MANIFEST_COLUMNS])
    else:
        meta = read_manifest(manifest_path)

    rows, skipped = [], []
    for f in files:
        data = f.read_bytes()
        if reader_for(f) is not None:  # a web page, Word file, PDF or table export: helpers.ingest.readers
            rows += read_document(f, data, decode=decode_bytes, detect=detect_script, skipped=skipped)
            continue
        try:
            text, encoding = decode_bytes(data)
        except ValueError as exc:
            log.warning("skipped %s: %s", f, exc)
            skipped.append(Skipped(str(f), str(exc)).__dict__)
            continue
        if not _CJK.search(text):
            log.warning("%s has no Chinese characters; loaded anyway", f)
        rows.append(dict(file=f.name, path=str(f), text=text, encoding=encoding, n_chars=len(text),
                         sha256=hashlib.sha256(data).hexdigest(), script_detected=detect_script(text)))

    docs = pd.DataFrame(rows, columns=["file", "path", "text", "encoding", "n_chars", "sha256",
                                       "script_detected", *reader_columns(rows)])
    docs["doc_id"] = document_ids(docs, given, _doc_ids)
    extra = [c for c in meta.columns if c not in ("file", *DOCUMENT_COLUMNS)]
    docs = merge_metadata(docs, meta)  # the manifest, then what a page or row states itself
    unlisted = docs.loc[docs[MANIFEST_COLUMNS].isna().all(axis=1), "file"].tolist()
    if manifest_path is not None and unlisted:
        log.warning("%d file(s) not in %s (metadata left empty): %s", len(unlisted), manifest_path,
                    ", ".join(unlisted[:10]))
    missing = sorted(set(meta["file"]) - set(docs["file"]) - {Path(s["file"]).name for s in skipped})
    if missing:
        log.warning("%d file(s) listed in the manifest were not found: %s", len(missing), ", ".join(missing[:10]))
    for col in MANIFEST_COLUMNS:
        docs[col] = docs[col].fillna("").astype(str)
    docs["script"] = [m or d for m, d in zip(docs["script"], docs["script_detected"])]
    docs = docs[DOCUMENT_COLUMNS + extra + reader_columns(docs)].sort_values("doc_id", kind="stable").reset_index(drop=True)
    docs["n_chars"] = docs["n_chars"].astype("int64")
    docs.attrs["skipped"] = skipped
    docs.attrs["unread"] = report_unread(unread)  # formats not read, listed once with how to convert them
    log.info("loaded %d document(s), skipped %d", len(docs), len(skipped))
    return docs


def _doc_ids(files: list[Path], given: list[Path]) -> list[str]:
    """File stems, made unique with the folder path relative to the given root when stems repeat."""
    stems = [f.stem for f in files]
    if len(set(stems)) == len(stems):
        return stems
    roots = [g.resolve() for g in given if g.is_dir()]
    out = []
    for f in files:
        rel = None
        for r in roots:
            try:
                rel = f.resolve().relative_to(r)
                break
            except ValueError:
                continue
        out.append(str((rel or f).with_suffix("")).replace("\\", "/"))
    return out


def corpus_summary(documents: pd.DataFrame) -> pd.DataFrame:
    """A one-row-per-outcome summary: loaded documents and skipped files with reasons."""
    rows = [dict(file=f, status="loaded", reason="") for f in documents["file"]]
    rows += [dict(file=s["file"], status="skipped", reason=s["reason"]) for s in documents.attrs.get("skipped", [])]
    return pd.DataFrame(rows, columns=["file", "status", "reason"])
