"""Names for humans: the Chinese (and English) name beside every indicator key.

The names live in the data file ``data/indicator_names.csv`` (key, name_zh, name_en); every figure and every
table meant for readers shows them instead of the snake_case keys. A key without a row keeps its key.
"""
from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

from .config import PACKAGE_DATA_DIR

INDICATOR_NAMES_FILE = PACKAGE_DATA_DIR / "indicator_names.csv"


@lru_cache(maxsize=4)
def indicator_names(path: str | Path = INDICATOR_NAMES_FILE) -> dict[str, tuple[str, str]]:
    """``{key: (name_zh, name_en)}`` from the names file (rows with a wrong field count are an error)."""
    out = {}
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        for line, row in enumerate(reader, start=2):
            if not row or row[0].startswith("#"):
                continue
            if len(row) != len(header):
                raise ValueError(f"{path}: line {line}: {len(row)} fields, expected {len(header)} ({','.join(header)})")
            rec = dict(zip(header, (c.strip() for c in row)))
            out[rec["key"]] = (rec["name_zh"], rec["name_en"])
    return out


def indicator_label(key: str, lang: str = "zh") -> str:
    """The indicator's name in ``lang`` (``zh``, ``en`` or ``both``: 发现问题 problems found)."""
    zh, en = indicator_names().get(str(key), (str(key), str(key)))
    return {"zh": zh, "en": en}.get(lang, f"{zh} {en}")


def add_indicator_names(table, column: str = "indicator"):
    """``table`` with ``<column>_zh`` and ``<column>_en`` right after ``column`` (a copy)."""
    out = table.copy()
    pos = list(out.columns).index(column) + 1
    for k, lang in enumerate(("zh", "en")):
        name = f"{column}_{lang}"
        if name in out.columns:
            out = out.drop(columns=name)
        out.insert(pos + k, name, [indicator_label(v, lang) for v in out[column]])
    return out
