"""Spreadsheet and database exports with one article per row: CSV / TSV, XLSX, JSON Lines.

Columns are found by name, Chinese or English (标题/title, 正文/内容/text, 来源/source, 日期/date,
地区/place, 层级/admin_level, 省份/province, 编号/id; the alias table ``data/metadata_aliases.csv``), or
given with ``columns={"text": "全文内容", ...}``. Each row becomes one document whose article is known
(``one_article``: segmentation keeps it whole); its title is the first line of its text. Dates are
normalised (2021/6/18, 2021年6月18日 → 2021-06-18), levels and scripts mapped from their aliases; a bad
value names its line and column. Rows without text are skipped with a warning.
"""
from __future__ import annotations

import csv
import io
import json
import logging
from collections.abc import Callable, Iterable, Mapping

from .extracted import Extracted, TextBuilder, stated_metadata
from .metadata import canonical_header

log = logging.getLogger(__name__)

#: Fields a row may state (besides ``text``, ``title`` and ``id``).
FIELDS = ("source", "place", "admin_level", "province", "date", "date_source", "script")


def _columns(header: list[str], columns: Mapping[str, str] | None, name: str) -> dict[str, str]:
    """``{field: header name}`` for the fields found (given names first, then aliases)."""
    found: dict[str, str] = {}
    for col, given in (columns or {}).items():
        if given not in header:
            raise ValueError(f"{name}: no column {given!r} for {col!r} (columns: {header})")
        found[col] = given
    for h in header:
        field = canonical_header(h)
        if field in ("text", "title", "id", *FIELDS) and field not in found and h not in found.values():
            found[field] = h
    if "text" not in found:
        raise ValueError(f"{name}: no text column (named 正文, 内容, 全文, text or content; or give "
                         f"columns={{'text': NAME}}) among {header}")
    return found


def _documents(records: Iterable[tuple[str, Mapping]], header: list[str], *, name: str,
               columns: Mapping[str, str] | None, encoding: str) -> list[Extracted]:
    cols = _columns(header, columns, name)
    out, seen = [], set()
    for k, (where, rec) in enumerate(records, start=1):
        def get(field: str) -> object:
            value = rec.get(cols[field]) if field in cols else None
            return None if value is None or (isinstance(value, float) and value != value) else value

        body = str(get("text") or "").strip()
        if not body:
            log.warning("%s: %s has no text; skipped", name, where)
            continue
        title = str(get("title") or "").strip()
        stated = stated_metadata({f: get(f) for f in FIELDS if get(f) is not None}, where=f"{name}: {where}")
        built = TextBuilder()
        if title and not body.startswith(title):
            built.add(title, "title", f"{where}, column {cols['title']!r}")
        built.add(body, "text", f"{where}, column {cols['text']!r}")
        part = str(get("id") or "").strip() or f"r{k:04d}"
        if part in seen:
            part = f"{part}-r{k:04d}"
        seen.add(part)
        out.append(Extracted(built.text, meta={"title": title, **stated}, spans=built.spans, part=part,
                             one_article=True, encoding=encoding))
    if not out:
        raise ValueError(f"{name}: no row with text")
    return out


def read_csv(data: bytes, *, decode: Callable[[bytes], tuple[str, str]], name: str = "",
             columns: Mapping[str, str] | None = None, delimiter: str | None = None, **_) -> list[Extracted]:
    """One document per row of a CSV or TSV export (any encoding the loader reads: UTF-8, GBK …)."""
    text, enc = decode(data)
    text = text.lstrip("\ufeff")
    if delimiter is None:
        first = text.split("\n", 1)[0]
        delimiter = max(",\t;", key=first.count) if any(d in first for d in ",\t;") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [h.strip() for h in (reader.fieldnames or [])]
    reader.fieldnames = header

    def records():
        for rec in reader:
            yield f"line {reader.line_num}", rec
    return _documents(records(), header, name=name, columns=columns, encoding=f"csv {enc}")


def read_xlsx(data: bytes, *, decode: Callable | None = None, name: str = "",
              columns: Mapping[str, str] | None = None, sheet: int | str = 0, **_) -> list[Extracted]:
    """One document per row of an Excel sheet (the first, or ``sheet``); row 1 is the header."""
    import zipfile

    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ValueError(f"not a readable .xlsx file ({exc}); an old .xls must be saved as .xlsx first") from None
    ws = book.worksheets[sheet] if isinstance(sheet, int) else book[sheet]
    rows = ws.iter_rows(values_only=True)
    header = [str(h).strip() if h is not None else "" for h in next(rows, [])]

    def records():
        for i, row in enumerate(rows, start=2):
            if any(v not in (None, "") for v in row):
                yield f"row {i}", dict(zip(header, row))
    docs = _documents(records(), header, name=name, columns=columns, encoding="xlsx")
    book.close()
    return docs


def read_jsonl(data: bytes, *, decode: Callable[[bytes], tuple[str, str]], name: str = "",
               columns: Mapping[str, str] | None = None, **_) -> list[Extracted]:
    """One document per line of a JSON Lines file (an object per line)."""
    text, enc = decode(data)
    recs, header = [], []
    for i, line in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{name}: line {i}: not JSON ({exc.msg})") from None
        if not isinstance(obj, dict):
            raise ValueError(f"{name}: line {i}: not a JSON object")
        header.extend(k for k in obj if k not in header)
        recs.append((f"line {i}", obj))
    return _documents(recs, header, name=name, columns=columns, encoding=f"jsonl {enc}")
