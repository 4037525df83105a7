"""Tables written as their rows arrive: parquet row groups and CSV chunks, moved into place at the end.

:class:`TableStream` is :func:`~helpers.core.tables.write_table` for a table too large to hold: the pipeline
appends each batch of pages' rows as they finish (one parquet row group per batch, the CSV appended), so
memory stays bounded by the batch, not by the corpus. The outputs follow the same rules as ``write_table``:
written to hidden temporary files and moved into place with their provenance records only when complete
(under the folder lock), safe CSV cells (:func:`~helpers.core.tables.safe_cell`), no timestamps in the table.

Column types are fixed by the first batch (declared ``types`` first, then pandas' inference; a column that is
empty in the first batch is text), so every batch writes the same schema and two engines that cut the corpus
into the same batches write byte-identical files. Integer columns stay integers in the CSV when a later batch
has a missing value.
"""
from __future__ import annotations

import csv
import datetime as _dt
import json
import logging
import os
import platform
from collections.abc import Mapping, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .. import __version__
from .tables import (
    _jsonable,
    atomic_paths,
    folder_lock,
    git_commit,
    has_bare_cr,
    provenance_path,
    safe_frame,
    sha256_file,
    table_format,
)

log = logging.getLogger(__name__)

#: pandas dtype names accepted in ``types`` and their arrow types.
ARROW_TYPES = {"int64": pa.int64(), "Int64": pa.int64(), "float64": pa.float64(), "bool": pa.bool_(),
               "string": pa.string()}


def _all_text(s: pd.Series) -> bool:
    """Whether every cell of a column is text or missing (None, NaN): nothing to turn into text for arrow."""
    if pd.api.types.is_string_dtype(s.dtype) and not s.dtype == object:
        return True
    return all(v is None or isinstance(v, str) or (isinstance(v, float) and v != v) for v in s.tolist())


def _to_pandas(table: pa.Table) -> pd.DataFrame:
    # integers stay integers (nullable) whatever a batch holds, so CSV cells do not switch to "5.0"
    return table.to_pandas(types_mapper={pa.int64(): pd.Int64Dtype()}.get)


class TableStream:
    """Write one table (``.csv`` and/or ``.parquet`` beside each other) batch by batch.

    Parameters
    ----------
    path:
        The table without or with a suffix; ``suffixes`` says which files are written.
    columns:
        The table's columns, in order (missing keys of a record are empty).
    types:
        ``{column: "int64" | "Int64" | "float64" | "bool" | "string"}`` for columns whose type must not depend on
        the first batch (e.g. a count that is sometimes missing).
    step, config, inputs:
        As :func:`~helpers.core.tables.write_table`: recorded in each file's provenance.

    Use as a context manager: ``append`` batches (records or DataFrames); on a clean exit the files are moved
    into place, on an error the previous files are left as they were.
    """

    def __init__(self, path: str | Path, columns: Sequence[str], *, types: Mapping[str, str] | None = None,
                 suffixes: Sequence[str] = (".csv", ".parquet"), step: str = "",
                 config: Mapping[str, Any] | None = None, inputs: pd.DataFrame | Mapping[str, str] | None = None):
        path = Path(path)
        stem = path.with_suffix("") if path.suffix.lower() in (".csv", ".parquet") else path
        self.paths = [stem.with_name(stem.name + s) for s in suffixes]
        for p in self.paths:
            table_format(p)
        self.columns = list(columns)
        self.types = dict(types or {})
        self.step, self.config = step, dict(config or {})
        if isinstance(inputs, pd.DataFrame):
            name_col = "path" if "path" in inputs.columns else "file"
            self.inputs = dict(zip(inputs[name_col].astype(str), inputs["sha256"]))
        else:
            self.inputs = dict(inputs or {})
        self.rows = 0
        self.schema: pa.Schema | None = None
        self._stack = ExitStack()
        self._temps: dict[str, Path] = {}
        self._parquet: pq.ParquetWriter | None = None
        self._csv = None
        self._csv_quoting = csv.QUOTE_MINIMAL
        self._csv_has_cr = False

    # -- context -----------------------------------------------------------------------------------------
    def __enter__(self) -> TableStream:
        finals = [*self.paths, *(provenance_path(p) for p in self.paths)]
        temps = self._stack.enter_context(atomic_paths(*finals))
        self._temps = {str(p): t for p, t in zip(finals, temps)}
        return self

    def __exit__(self, exc_type, exc, tb) -> bool:
        if exc_type is None:
            try:
                self._finish()
            except BaseException:
                self._close_files()
                self._stack.__exit__(*__import__("sys").exc_info())
                raise
            with folder_lock(self.paths[0].parent):
                self._stack.__exit__(None, None, None)  # fsync + move every temporary into place
            for p in self.paths:
                log.info("wrote %s (%d rows)", p, self.rows)
            return False
        self._close_files()
        return bool(self._stack.__exit__(exc_type, exc, tb))

    def _close_files(self) -> None:
        if self._parquet is not None:
            self._parquet.close()
            self._parquet = None
        if self._csv is not None:
            self._csv.close()
            self._csv = None

    # -- writing -----------------------------------------------------------------------------------------
    def _schema_for(self, df: pd.DataFrame) -> pa.Schema:
        fields = []
        for col in self.columns:
            if col in self.types:
                typ = ARROW_TYPES[self.types[col]]
            else:
                try:
                    typ = pa.Array.from_pandas(df[col]).type
                except (pa.ArrowInvalid, pa.ArrowTypeError):
                    typ = pa.string()
                if pa.types.is_null(typ) or pa.types.is_dictionary(typ) or pa.types.is_large_string(typ):
                    typ = pa.string()
            fields.append(pa.field(col, typ))
        return pa.schema(fields)

    def _arrow(self, df: pd.DataFrame) -> pa.Table:
        arrays = []
        for field in self.schema:
            s = df[field.name]
            if pa.types.is_string(field.type) and not _all_text(s):
                s = s.map(lambda v: v if v is None or isinstance(v, str) or (isinstance(v, float) and v != v)
                          else str(v))
            try:
                arrays.append(pa.Array.from_pandas(s, type=field.type))
            except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
                raise TypeError(f"{self.paths[0].name}: column {field.name!r} does not fit the type "
                                f"{field.type} of the first batch: {exc}") from exc
        return pa.Table.from_arrays(arrays, schema=self.schema)

    def append(self, rows: pd.DataFrame | Sequence[Mapping[str, Any]]) -> None:
        """Add a batch of rows (one parquet row group, appended to the CSV); an empty batch is skipped."""
        df = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame(list(rows), columns=self.columns)
        if df.empty:
            return
        df = df.reindex(columns=self.columns)
        if self.schema is None:
            self.schema = self._schema_for(df)
        table = self._arrow(df)
        self.rows += table.num_rows
        for p in self.paths:
            tmp = self._temps[str(p)]
            if table_format(p) == ".parquet":
                if self._parquet is None:
                    self._parquet = pq.ParquetWriter(tmp, self.schema)
                self._parquet.write_table(table)
            else:
                self._append_csv(_to_pandas(table), tmp)

    def _append_csv(self, df: pd.DataFrame, tmp: Path) -> None:
        safe = safe_frame(df)
        if not self._csv_has_cr and any(has_bare_cr(safe[c]) for c in safe.columns if safe[c].dtype != bool):
            self._csv_has_cr = True  # write_table quotes every text field then: redone from the parquet at the end
        first = self._csv is None
        if first:
            self._csv = open(tmp, "w", encoding="utf-8", newline="")
        safe.to_csv(self._csv, index=False, header=first, lineterminator="\n", quoting=self._csv_quoting)

    def _finish(self) -> None:
        if self.schema is None:  # no rows at all: an empty table with the columns
            self.schema = pa.schema([pa.field(c, ARROW_TYPES.get(self.types.get(c, "string"), pa.string()))
                                     for c in self.columns])
        for p in self.paths:
            tmp = self._temps[str(p)]
            if table_format(p) == ".parquet" and self._parquet is None:
                self._parquet = pq.ParquetWriter(tmp, self.schema)
        self._close_files()
        parquet = next((p for p in self.paths if table_format(p) == ".parquet"), None)
        for p in self.paths:
            tmp = self._temps[str(p)]
            if table_format(p) == ".csv" and ((self._csv_has_cr and parquet) or self.rows == 0):
                self._rewrite_csv(tmp, self._temps[str(parquet)] if parquet else None)
        for p in self.paths:
            tmp = self._temps[str(p)]
            record = {
                "table": p.name, "step": self.step, "rows": int(self.rows), "columns": list(self.columns),
                "table_sha256": sha256_file(tmp), "package": "xuncha-discourse", "package_version": __version__,
                "git_commit": git_commit(), "python": platform.python_version(), "pandas": pd.__version__,
                "written": "streamed in batches (helpers.core.streams.TableStream)",
                "config": _jsonable(self.config), "inputs_sha256": self.inputs,
                "created": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
            }
            self._temps[str(provenance_path(p))].write_text(json.dumps(record, ensure_ascii=False, indent=2),
                                                           encoding="utf-8")

    def _rewrite_csv(self, tmp: Path, parquet: Path | None) -> None:
        """The CSV again, every text field quoted (a field holds a bare CR), or just the header (no rows)."""
        quoting = csv.QUOTE_NONNUMERIC if self._csv_has_cr else csv.QUOTE_MINIMAL
        with open(tmp, "w", encoding="utf-8", newline="") as fh:
            if parquet is None or self.rows == 0:
                pd.DataFrame(columns=self.columns).to_csv(fh, index=False, lineterminator="\n", quoting=quoting)
                return
            reader = pq.ParquetFile(parquet)
            for i in range(reader.num_row_groups):
                safe_frame(_to_pandas(reader.read_row_group(i))).to_csv(
                    fh, index=False, header=i == 0, lineterminator="\n", quoting=quoting)
        os.utime(tmp)
