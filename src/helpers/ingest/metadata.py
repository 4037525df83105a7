"""Metadata values checked against allowed sets, with Chinese aliases mapped (市级 → city, 繁体 → traditional).

The alias table is the rule file ``data/metadata_aliases.csv`` (``column,value,alias``): for each
checked column (``admin_level``, ``script``, ``date_precision``) the allowed values and the spellings
that mean them; rows with column ``header`` map column names (标题, 正文, 来源 …) to the table's names.
Used by the manifest reader and by the readers of spreadsheet exports and web pages.
"""
from __future__ import annotations

import csv
import datetime as dt
import re
from functools import lru_cache
from pathlib import Path

ALIASES_FILE = Path(__file__).resolve().parent.parent / "data" / "metadata_aliases.csv"
#: Columns whose values must be one of the allowed set (empty is always allowed).
CHECKED_COLUMNS = ("admin_level", "script", "date_precision")


class MetadataValueError(ValueError):
    """A metadata value outside its allowed set; ``column`` names the column."""

    def __init__(self, column: str, message: str):
        super().__init__(f"column {column!r}: {message}")
        self.column = column


def _key(text: str) -> str:
    return re.sub(r"[\s_\-]+", "", str(text)).lower()


@lru_cache(maxsize=4)
def load_aliases(path: str | Path | None = None) -> dict[str, dict[str, str]]:
    """``{column: {normalised alias: value}}`` from the alias file (every value is its own alias)."""
    out: dict[str, dict[str, str]] = {}
    with Path(path or ALIASES_FILE).open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            table = out.setdefault(row["column"].strip(), {})
            value = row["value"].strip()
            table[_key(value)] = value
            table[_key(row["alias"])] = value
    return out


def allowed_values(column: str) -> list[str]:
    """The allowed values of a checked column, in file order."""
    return list(dict.fromkeys(load_aliases().get(column, {}).values()))


def normalize_value(column: str, value: str) -> str:
    """Map ``value`` of a checked column to its canonical form; other columns pass unchanged.

    Raises :class:`MetadataValueError` for a value that is neither allowed nor an alias.
    """
    value = "" if value is None else str(value).strip()
    if not value or column not in CHECKED_COLUMNS:
        return value
    table = load_aliases().get(column, {})
    found = table.get(_key(value))
    if found is None:
        examples = [a for a, v in table.items() if v != a][:8]
        raise MetadataValueError(column, f"{value!r} is not one of {allowed_values(column)} "
                                         f"(Chinese aliases such as {', '.join(examples)} are mapped)")
    return found


def normalize_record(record: dict) -> dict:
    """A copy of ``record`` with every checked column mapped to its canonical value."""
    return {k: normalize_value(k, v) if k in CHECKED_COLUMNS else v for k, v in record.items()}


def canonical_header(name: str) -> str:
    """The table's name for a column header (标题 → title, 正文 → text); unknown names unchanged."""
    name = str(name).strip().lstrip("\ufeff")
    return load_aliases().get("header", {}).get(_key(name), name)


_DATE = re.compile(r"(\d{4})\s*(?:[-/.年]\s*(\d{1,2})\s*(?:[-/.月]\s*(\d{1,2})\s*日?)?\s*月?)?")


def normalize_date(value) -> tuple[str, str]:
    """``(date, precision)``: ``YYYY-MM-DD``/``day``, ``YYYY-MM``/``month`` or ``YYYY``/``year``.

    Reads ISO dates and times, ``2021/6/18``, ``2021.6.18``, ``2021年6月18日``, ``20210618``, ``2021年6月``
    and date objects; returns ``("", "")`` for an empty value and raises ``ValueError`` otherwise.
    """
    if value is None or (isinstance(value, float) and value != value):
        return "", ""
    if isinstance(value, (dt.date, dt.datetime)) or hasattr(value, "to_pydatetime"):
        return f"{value.year:04d}-{value.month:02d}-{value.day:02d}", "day"
    text = str(value).strip()
    if not text:
        return "", ""
    if re.fullmatch(r"\d{8}", text):
        text = f"{text[:4]}-{text[4:6]}-{text[6:]}"
    m = _DATE.match(text)
    if not m:
        raise ValueError(f"{text!r} is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = m.group(1), m.group(2), m.group(3)
    if day:
        try:
            d = dt.date(int(year), int(month), int(day))
        except ValueError:
            raise ValueError(f"{text!r} is not a calendar date") from None
        return d.isoformat(), "day"
    if month:
        if not 1 <= int(month) <= 12:
            raise ValueError(f"{text!r} has month {int(month)}")
        return f"{year}-{int(month):02d}", "month"
    return year, "year"
