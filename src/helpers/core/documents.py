"""The document model: the metadata a page carries (place, level, province, date, year, source, script).

Metadata is attached to a table once, here; every statistic then groups by column names (``by="place"``).
"""
from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

#: Metadata columns a documents table may carry (from the manifest or detected), in display order.
META_COLUMNS = ["place", "admin_level", "province", "date", "year", "source", "script"]


def year_of(dates: pd.Series) -> pd.Series:
    """The year of ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` dates as a nullable integer (``<NA>`` if unknown)."""
    return pd.to_numeric(dates.astype("string").str[:4], errors="coerce").astype("Int64")


def document_metadata(documents: pd.DataFrame, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """One row per document: ``doc_id`` and its metadata columns, with ``year`` derived from ``date``.

    ``columns`` selects metadata columns (default: every column of :data:`META_COLUMNS` available).
    """
    meta = documents.drop_duplicates("doc_id")
    if "year" not in meta.columns and "date" in meta.columns:
        meta = meta.assign(year=year_of(meta["date"]))
    cols = [c for c in (columns if columns is not None else META_COLUMNS) if c in meta.columns and c != "doc_id"]
    return meta[["doc_id", *cols]].assign(doc_id=lambda d: d["doc_id"].astype(str)).reset_index(drop=True)


def attach_metadata(table: pd.DataFrame, source: pd.DataFrame, columns: str | Sequence[str] | None = None
                    ) -> pd.DataFrame:
    """Copy metadata columns from ``source`` (documents or articles) onto ``table``.

    Joins on ``doc_id`` and, when both tables have it, ``article``; ``year`` is derived from ``date`` when
    asked for and missing. Columns already in ``table`` are left as they are; rows keep their order.
    """
    wanted = [columns] if isinstance(columns, str) else list(columns if columns is not None else META_COLUMNS)
    wanted = [c for c in wanted if c not in table.columns]
    keys = ["doc_id", "article"] if "article" in table.columns and "article" in source.columns else ["doc_id"]
    if "year" in wanted and "year" not in source.columns and "date" in source.columns:
        source = source.assign(year=year_of(source["date"]))
    wanted = [c for c in wanted if c in source.columns]
    if not wanted:
        return table
    meta = source[[*keys, *wanted]].drop_duplicates(keys).assign(doc_id=lambda d: d["doc_id"].astype(str))
    out = table.assign(doc_id=table["doc_id"].astype(str)) if table["doc_id"].dtype != object else table
    out = out.merge(meta, on=keys, how="left", validate="many_to_one")
    out.attrs = table.attrs
    return out
