"""Load a folder (or list) of text files into a documents table, one row per file.

Detects the encoding (UTF-8 with/without BOM, UTF-16/32 with BOM, GB18030/GBK, Big5) with
charset-normalizer, joins the metadata of ``manifest.csv``, and skips bad files with a warning.
"""
from __future__ import annotations

import csv
import errno
import hashlib
import io
import logging
import os
import re
import stat
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .metadata import canonical_header, normalize_record
from .readers import (
    document_ids,
    merge_metadata,
    read_document,
    reader_columns,
    reader_for,
    report_unread,
    with_reader_files,
)

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
_NON_ASCII = re.compile(r"[^\x00-\x7f\ufffd]")
# what a text page is made of: CJK, ASCII, whitespace, CJK and full-width punctuation (UTF-16 without BOM)
_TEXTLIKE = re.compile(r"[\u3400-\u9fff\x20-\x7e\s\u3000-\u303f\uff00-\uffef\u2000-\u206f\u00b7]")
#: Manifest columns that name a column the documents table makes itself: read as ``manifest_<name>``.
RESERVED_COLUMNS = ("doc_id", "path", "text", "encoding", "n_chars", "sha256", "script_detected")


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

    Raises ``ValueError`` with a human-readable reason for empty, binary or undecodable input. UTF-8 with a
    few undecodable bytes is kept, each bad byte sequence replaced by U+FFFD (:func:`decode_report` also
    gives their offsets); UTF-16 without a byte-order mark is recognised by its NUL bytes.
    """
    return decode_report(data)[:2]


def _utf8_replacing(data: bytes, limit: int) -> tuple[str, list[int]] | None:
    """UTF-8 with each undecodable sequence replaced by U+FFFD, and the byte offsets of those sequences;
    None when there are more than ``limit`` of them."""
    parts, bad, pos = [], [], 0
    while True:
        try:
            parts.append(data[pos:].decode("utf-8"))
            return "".join(parts), bad
        except UnicodeDecodeError as exc:
            if len(bad) >= limit:
                return None
            parts += [data[pos:pos + exc.start].decode("utf-8"), "\ufffd"]
            bad.append(pos + exc.start)
            pos += exc.end


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """Text in UTF-16 without a byte-order mark: NUL bytes (the high half of ASCII characters) on one
    side only, and a decoded text made of CJK, ASCII and punctuation."""
    if len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    enc = "utf-16-le" if odd > 10 * even else "utf-16-be" if even > 10 * odd else None
    if enc is None:
        return None
    try:
        text = data.decode(enc)
    except UnicodeDecodeError:
        return None
    if len(_TEXTLIKE.findall(text)) < 0.95 * len(text):
        return None
    return text, enc


def decode_report(data: bytes) -> tuple[str, str, list[int]]:
    """:func:`decode_bytes` with the byte offsets of the undecodable bytes replaced by U+FFFD (usually
    none): ``(text, encoding, offsets)``."""
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
            return text, {"utf-8-sig": "utf-8-sig"}.get(enc, f"{enc}-bom" if enc.startswith("utf-") else enc), []
    bad: list[int] = []
    if b"\x00" in data:
        found = _utf16_without_bom(data)
        if found is None:
            raise ValueError("binary file (contains NUL bytes and no UTF-16/32 byte-order mark)")
        text, enc = found
        if len(_CONTROL.findall(text)) > max(2, 0.01 * len(text)):
            raise ValueError("binary file (too many control characters)")
        return text, enc, bad
    try:
        text, enc = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        # clearly UTF-8 (many valid multi-byte characters) with a few bad bytes: keep it, mark them
        mostly = _utf8_replacing(data, limit=max(8, min(200, len(data) // 300)))
        if mostly is not None and len(_NON_ASCII.findall(mostly[0])) >= 20 * len(mostly[1]):
            text, bad = mostly
            return text, "utf-8", bad
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
    return text, enc, bad


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

    points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    han = points[(points >= 0x3400) & (points <= 0x9FFF)][:20000]  # the first 20,000 Han characters
    if not han.size:
        return ""
    sample = han.tobytes().decode("utf-32-le")
    converted = to_simplified(sample)
    if len(converted) == len(sample):  # character for character (t2s keeps lengths): compare code points at once
        changed = int(np.count_nonzero(han != np.frombuffer(converted.encode("utf-32-le"), dtype=np.uint32)))
    else:
        changed = sum(a != b for a, b in zip(sample, converted))
    return "traditional" if changed / len(sample) > threshold else "simplified"


# ----------------------------------------------------------------------------- manifest
def read_manifest(path: str | Path) -> pd.DataFrame:
    """Read and validate a manifest CSV (column ``file`` required, the others optional).

    Raises :class:`ManifestError` naming the line and column of the first malformed row.
    """
    path = Path(path)
    try:
        data = read_file_bytes(path)
    except FileNotFoundError:
        raise ManifestError(f"{path}: no such manifest") from None
    except (OSError, ValueError) as exc:
        raise ManifestError(f"{path}: cannot be read: "
                            f"{_os_reason(exc) if isinstance(exc, OSError) else exc}") from None
    try:  # any encoding the pages may use (Excel on Chinese Windows saves GBK)
        text = decode_bytes(data)[0].lstrip("\ufeff")
    except ValueError as exc:
        if b"\x00" in data and "empty" not in str(exc):
            at = data.index(b"\x00")
            line = data.count(b"\n", 0, at) + 1
            raise ManifestError(f"{path}: line {line}: NUL byte at byte {at} "
                                "(a damaged or binary file?); save it as CSV UTF-8") from None
        if "empty" not in str(exc):
            raise ManifestError(f"{path}: cannot be read ({exc}); save it as CSV UTF-8") from None
        text = ""
    rows, starts = _csv_rows(text, path)
    if not rows:
        raise ManifestError(f"{path}: the manifest is empty (it needs at least a header with 'file')")
    header = [canonical_header(h) for h in rows[0]]  # 文件名 → file, 层级 → admin_level …
    if "file" not in header:
        raise ManifestError(f"{path}: line {starts[0]}: no 'file' column in the header {header}")
    twice = sorted({h for h in header if header.count(h) > 1})
    if twice:
        raise ManifestError(f"{path}: line {starts[0]}: column(s) {', '.join(map(repr, twice))} appear more than "
                            "once in the header")
    for i, h in enumerate(header):
        if h in RESERVED_COLUMNS:
            log.warning("%s: line %d: column %r is a name the documents table gives itself; read as %r",
                        path, starts[0], h, f"manifest_{h}")
            header[i] = f"manifest_{h}"
    records = []
    for lineno, row in zip(starts[1:], rows[1:]):
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


def _csv_rows(text: str, path: Path) -> tuple[list[list[str]], list[int]]:
    """The CSV records of ``text`` and the line each starts on (a quoted field may span lines); an
    unclosed quote, a stray quote or a NUL character is a :class:`ManifestError` naming the line."""
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        raise ManifestError(f"{path}: line {line}, column {nul - text.rfind(chr(10), 0, nul)}: NUL character "
                            "(a damaged file?); save it as CSV UTF-8")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows, starts = [], []
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            if "unexpected end of data" in str(exc):
                raise ManifestError(f"{path}: line {start}: a quoted field opened on this line is never closed "
                                    "(a missing \")") from None
            raise ManifestError(f"{path}: line {reader.line_num}: malformed CSV ({exc}); "
                                "quote a field that holds a comma or a quote") from None
        rows.append(row)
        starts.append(start)
    return rows, starts


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
_KINDS = [(stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISDIR, "a folder")]


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def _os_reason(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "symbolic link loop"
    if isinstance(exc, PermissionError):
        return "permission denied"
    return f"cannot be read: {exc.strerror or exc}"


def list_text_files(paths: str | Path | Iterable[str | Path], *, skipped: list[dict] | None = None) -> list[Path]:
    """Expand folders (recursively, ``*.txt`` in any case) and keep files as given.

    Nothing in a folder stops the listing: hidden files and folders, directories named ``*.txt``, FIFOs,
    sockets, dangling links, link loops and unreadable folders are left out, each appended to ``skipped``
    (``{"file", "reason"}``) when given. Symbolically linked folders are followed once (a link back to a
    folder already searched is reported, not followed). A path that does not exist is an error.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    notes: list[dict] = [] if skipped is None else skipped

    def skip(path, reason: str) -> None:
        notes.append(Skipped(str(path), reason).__dict__)

    files: list[Path] = []
    visited: set[tuple[int, int]] = set()
    links: list[tuple[Path, os.stat_result]] = []

    def walk(folder: Path) -> None:
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            skip(folder, f"folder not searched: {_os_reason(exc)}")
            return
        for e in entries:
            path = Path(e.path)
            is_txt = e.name.lower().endswith(".txt")
            try:
                st = os.stat(e.path)  # follows links
            except FileNotFoundError:
                skip(path, "dangling symbolic link (its target does not exist)")
                continue
            except OSError as exc:
                skip(path, _os_reason(exc))
                continue
            if e.name.startswith("."):
                if stat.S_ISDIR(st.st_mode) or is_txt:
                    skip(path, f"hidden {'folder' if stat.S_ISDIR(st.st_mode) else 'file'} (names starting "
                               "with '.' are not read)")
                continue
            if stat.S_ISDIR(st.st_mode):
                if is_txt:
                    skip(path, "a folder named like a text file (its contents are searched)")
                if e.is_symlink():
                    links.append((path, st))  # after the real folders, so files keep their real paths
                elif (st.st_dev, st.st_ino) not in visited:
                    visited.add((st.st_dev, st.st_ino))
                    walk(path)
            elif is_txt:
                if stat.S_ISREG(st.st_mode):
                    files.append(path)
                else:
                    skip(path, f"not a regular file: {_kind(st.st_mode)}")

    for p in map(Path, paths):
        try:
            st = os.stat(p)
        except FileNotFoundError:
            raise FileNotFoundError(f"no such file or folder: {p}"
                                    + (" (a dangling symbolic link)" if p.is_symlink() else "")) from None
        except OSError as exc:
            skip(p, _os_reason(exc))
            continue
        if stat.S_ISDIR(st.st_mode):
            visited.add((st.st_dev, st.st_ino))
            walk(p)
        elif stat.S_ISREG(st.st_mode):
            files.append(p)
        else:
            skip(p, f"not a regular file: {_kind(st.st_mode)}")
    while links:  # linked folders, each followed once
        path, st = links.pop(0)
        if (st.st_dev, st.st_ino) in visited:
            skip(path, "symbolic link to a folder already searched (a loop or a second way in); not followed")
            continue
        visited.add((st.st_dev, st.st_ino))
        walk(path)
    seen, unique = set(), []
    for f in files:
        key = os.path.realpath(f)
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique


def read_file_bytes(path: str | Path) -> bytes:
    """The bytes of a regular file. Anything else (a FIFO, socket, folder) is never opened for reading:
    ``ValueError`` with the reason; ``OSError`` for permission and I/O errors."""
    st = os.stat(path)
    if not stat.S_ISREG(st.st_mode):
        raise ValueError(f"not a regular file: {_kind(st.st_mode)}")
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    with open(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # replaced between the two looks
            raise ValueError("not a regular file")
        return fh.read()


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
    skipped: list[dict] = []
    listed = list_text_files(given, skipped=skipped)
    for s in skipped:
        log.warning("skipped %s: %s", s["file"], s["reason"])
    files, unread = with_reader_files(listed, given)  # + .html .docx .pdf .csv .xlsx .jsonl
    manifest_path = Path(manifest) if manifest is not None else _find_manifest(given)
    if manifest_path is None:
        log.warning("no %s found beside %s: metadata columns are left empty",
                    MANIFEST_NAME, ", ".join(map(str, given[:3])))
        meta = pd.DataFrame(columns=["file", *MANIFEST_COLUMNS])
    else:
        meta = read_manifest(manifest_path)

    rows, warnings = [], []
    for f in files:
        try:
            data = read_file_bytes(f)
        except (OSError, ValueError) as exc:  # permission, I/O error, replaced by a FIFO …: skip this one file
            reason = _os_reason(exc) if isinstance(exc, OSError) else str(exc)
            log.warning("skipped %s: %s", f, reason)
            skipped.append(Skipped(str(f), reason).__dict__)
            continue
        if reader_for(f) is not None:  # a web page, Word file, PDF or table export: helpers.ingest.readers
            rows += read_document(f, data, decode=decode_bytes, detect=detect_script, skipped=skipped)
            continue
        try:
            text, encoding, bad = decode_report(data)
        except ValueError as exc:
            log.warning("skipped %s: %s", f, exc)
            skipped.append(Skipped(str(f), str(exc)).__dict__)
            continue
        if bad:
            shown = ", ".join(map(str, bad[:10])) + (" …" if len(bad) > 10 else "")
            msg = (f"{len(bad)} undecodable byte sequence(s) replaced by U+FFFD (\ufffd) at byte offset(s) "
                   f"{shown}; the page is kept")
            log.warning("%s: %s", f, msg)
            warnings.append(dict(file=str(f), kind="undecodable bytes", message=msg, offsets=bad))
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
    docs.attrs["warnings"] = warnings
    if len(skipped) > 1:
        counts = Counter(s["reason"].split(":")[0] for s in skipped)
        log.warning("skipped %d file(s): %s (the list: corpus_summary(documents))", len(skipped),
                    ", ".join(f"{n} × {r}" for r, n in counts.most_common()))
    docs.attrs["unread"] = report_unread(unread)  # formats not read, listed once with how to convert them
    log.info("loaded %d document(s), skipped %d", len(docs), len(skipped))
    return docs


def _doc_ids(files: list[Path], given: list[Path]) -> list[str]:
    """File stems, made unique with the path relative to the given folder when stems repeat (relative to
    the files' common folder when that is not enough), so an id never depends on where the corpus lives."""
    stems = [f.stem for f in files]
    if len(set(stems)) == len(stems):
        return stems
    absolute = [Path(os.path.abspath(f)) for f in files]
    roots = [Path(os.path.abspath(g)) for g in given if g.is_dir()]
    rels = [next((f.relative_to(r) for r in roots if f.is_relative_to(r)), None) for f in absolute]
    if None in rels or len(set(rels)) < len(rels):
        common = Path(os.path.commonpath([f.parent for f in absolute]))
        rels = [f.relative_to(common) for f in absolute]
    return [r.with_suffix("").as_posix() for r in rels]


def corpus_summary(documents: pd.DataFrame) -> pd.DataFrame:
    """A one-row-per-outcome summary: loaded documents and skipped files with reasons."""
    rows = [dict(file=f, status="loaded", reason="") for f in documents["file"]]
    rows += [dict(file=s["file"], status="skipped", reason=s["reason"]) for s in documents.attrs.get("skipped", [])]
    return pd.DataFrame(rows, columns=["file", "status", "reason"])
