"""Write and read the project's tables, each with a JSON provenance record beside it.

Tables carry no timestamps, so two runs on the same input give byte-identical files; the
sidecar ``<table>.provenance.json`` records version, git commit, configuration, inputs and time.

Every writer goes through this module, which makes outputs safe and consistent:

* **safe cells** (:func:`safe_cell`): a text cell starting with ``= + - @``, a tab or a carriage return
  gets a leading ``'`` (the OWASP CSV-injection rule), so no spreadsheet runs it as a formula; Excel gets
  strings, never formulas, with characters XML cannot hold replaced by U+FFFD; :func:`read_table` takes
  the quote off again. Workbooks have fixed document properties and zip times, so they are byte-identical
  across runs too.
* **atomic outputs**: a table and its sidecar are written to hidden temporary files in the same folder and
  moved into place (``os.replace``) only when both are complete, under a lock on the folder
  (``.xuncha.lock``), so two processes never interleave and a full disk or an interrupt leaves the
  previous table and sidecar as they were.
* **checks before work** (:func:`check_output`, :func:`check_output_dir`): suffix, folder, writability,
  and never inside an input folder or onto an input file.
"""
from __future__ import annotations

import contextlib
import csv
import datetime as _dt
import hashlib
import json
import logging
import os
import platform
import re
import secrets
import subprocess
import threading
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .. import __version__
from .config import PROJECT_ROOT

try:  # POSIX; on other systems the folder lock is a no-op
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None

log = logging.getLogger(__name__)

SUFFIXES = (".csv", ".parquet", ".xlsx")
#: A text cell starting with one of these is taken for a formula by spreadsheets (OWASP CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
#: Longest text written to an Excel cell (Excel's limit is 32,767 characters).
EXCEL_CELL_LIMIT = 32000
#: The lock file each output folder gets while a table is written into it.
LOCK_NAME = ".xuncha.lock"
#: The document properties every workbook gets, so two runs give the same bytes.
WORKBOOK_TIME = "2000-01-01T00:00:00Z"

_SURROGATES = re.compile(r"[\ud800-\udfff]")
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_CORE_TIMES = re.compile(rb"(<dcterms:(created|modified)\b[^>]*>)[^<]*(</dcterms:\2>)")


class OutputError(OSError):
    """An output that cannot or must not be written: the message names the path and the reason."""


# ----------------------------------------------------------------------------- small helpers
def git_commit(root: Path = PROJECT_ROOT) -> str | None:
    """The current commit of the checkout (with ``-dirty`` when it has changes), or None."""
    try:
        sha = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True,
                             timeout=5, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=root,
                               capture_output=True, text=True, timeout=5).stdout.strip()
        return sha + ("-dirty" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return None


def sha256_file(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def provenance_path(table_path: str | Path) -> Path:
    p = Path(table_path)
    return p.with_name(p.name + ".provenance.json")


def table_format(path: str | Path) -> str:
    """``".csv"``, ``".parquet"`` or ``".xlsx"`` from the path's suffix, in any case (``.CSV``)."""
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        raise ValueError(f"{path}: unknown table format {Path(path).suffix or '(no suffix)'!r}; "
                         f"use one of {', '.join(SUFFIXES)}")
    return suffix


# ----------------------------------------------------------------------------- safe cells
def safe_cell(value: Any, *, excel: bool = False) -> Any:
    """One cell made safe for a spreadsheet; values that are not strings pass unchanged.

    A string starting with ``= + - @``, a tab or a carriage return — or with ``'`` itself, so the rule
    can be undone — gets a leading ``'``. Lone surrogates become U+FFFD; for Excel (``excel=True``) so do
    the control characters XML cannot hold, and the text is cut to :data:`EXCEL_CELL_LIMIT` characters.
    """
    if not isinstance(value, str):
        return value
    if _SURROGATES.search(value):
        value = _SURROGATES.sub("\ufffd", value)
    if excel:
        value = _ILLEGAL_XML.sub("\ufffd", value)[:EXCEL_CELL_LIMIT]
    if value.startswith(FORMULA_PREFIXES) or value.startswith("'"):
        return "'" + value
    return value


def unsafe_cell(value: Any) -> Any:
    """Undo :func:`safe_cell`'s quote (the replaced characters stay replaced)."""
    return value[1:] if isinstance(value, str) and value.startswith("'") else value


def _is_text(series: pd.Series) -> bool:
    return series.dtype == object or pd.api.types.is_string_dtype(series.dtype) or \
        isinstance(series.dtype, pd.CategoricalDtype)


def _texts_of(series: pd.Series) -> list[str]:
    return [v for v in series.tolist() if isinstance(v, str)]


def _needs_safe_cells(series: pd.Series, excel: bool) -> bool:
    """Whether :func:`safe_cell` would change a cell of a text column (checked on the whole column at once: a
    column of 100,000 article texts that needs nothing is not mapped cell by cell)."""
    texts = _texts_of(series)
    if not texts:
        return False
    prefixes = (*FORMULA_PREFIXES, "'")
    if any(t.startswith(prefixes) for t in texts):
        return True
    joined = "\n".join(texts)  # "\n" is neither a surrogate nor a character XML cannot hold
    if _SURROGATES.search(joined) is not None:
        return True
    return excel and (_ILLEGAL_XML.search(joined) is not None or any(len(t) > EXCEL_CELL_LIMIT for t in texts))


def has_bare_cr(series: pd.Series) -> bool:
    """Whether a text cell of the column holds a carriage return."""
    return any("\r" in t for t in _texts_of(series))


def safe_frame(df: pd.DataFrame, *, excel: bool = False) -> pd.DataFrame:
    """A copy of ``df`` with :func:`safe_cell` applied to every text cell and column name."""
    out = df.copy()
    for i, col in enumerate(out.columns):
        s = out.iloc[:, i]
        if _is_text(s):
            if isinstance(s.dtype, pd.CategoricalDtype):
                s = s.astype(object)
                out.isetitem(i, s)
            if _needs_safe_cells(s, excel):
                out.isetitem(i, s.map(lambda v: safe_cell(v, excel=excel)))
    out.columns = [safe_cell(str(c), excel=excel) for c in out.columns]
    return out


def restore_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Undo :func:`safe_frame` on a table read back from CSV or Excel."""
    for i in range(df.shape[1]):
        s = df.iloc[:, i]
        if _is_text(s) and s.map(lambda v: isinstance(v, str) and v.startswith("'")).any():
            df.isetitem(i, s.map(unsafe_cell))
    df.columns = [unsafe_cell(c) for c in df.columns]
    return df


# ----------------------------------------------------------------------------- locks and atomic writes
class _FolderLock:
    def __init__(self) -> None:
        self.rlock = threading.RLock()
        self.depth = 0
        self.fd: int | None = None


_LOCKS: dict[Path, _FolderLock] = {}
_LOCKS_GUARD = threading.Lock()


@contextlib.contextmanager
def folder_lock(folder: str | Path) -> Iterator[None]:
    """Hold the output lock of ``folder`` (``fcntl.flock`` on ``folder/.xuncha.lock``).

    Re-entrant within one thread; other threads and other processes wait their turn, so the writes of
    two processes into one folder never interleave.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    key = folder.resolve()
    with _LOCKS_GUARD:
        lock = _LOCKS.setdefault(key, _FolderLock())
    with lock.rlock:
        if lock.depth == 0 and fcntl is not None:
            try:
                fd = os.open(key / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
            except OSError as exc:
                raise OutputError(f"{folder}: cannot create the lock file {LOCK_NAME}: "
                                  f"{exc.strerror or exc}") from exc
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                log.warning("%s: another process is writing here; waiting for it to finish", folder)
                fcntl.flock(fd, fcntl.LOCK_EX)
            lock.fd = fd
        lock.depth += 1
        try:
            yield
        finally:
            lock.depth -= 1
            if lock.depth == 0 and lock.fd is not None:
                os.close(lock.fd)  # releases the flock
                lock.fd = None


def _temp_name(path: Path) -> Path:
    """A hidden temporary file beside ``path`` that keeps its suffix (pandas picks the writer by it)."""
    return path.with_name(f".{path.stem}.tmp-{os.getpid()}-{secrets.token_hex(4)}{path.suffix}")


def _remove_stale_temps(path: Path) -> None:
    """Temporary files of ``path`` left by processes that were killed (their pid no longer runs)."""
    for tmp in path.parent.glob(f".{glob_escape(path.stem)}.tmp-*{glob_escape(path.suffix)}"):
        m = re.search(r"\.tmp-(\d+)-", tmp.name)
        if not m:
            continue
        try:
            os.kill(int(m.group(1)), 0)
        except ProcessLookupError:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass


def glob_escape(text: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", text)


@contextlib.contextmanager
def atomic_paths(*paths: str | Path) -> Iterator[list[Path]]:
    """Yield temporary paths for ``paths``; when the block succeeds, move each into place (in order).

    On any failure (a full disk, ``KeyboardInterrupt``, ``SystemExit`` from SIGTERM) the temporary files
    are removed and the previous files are left exactly as they were; an ``OSError`` is re-raised as an
    :class:`OutputError` naming the file.
    """
    finals = [Path(p) for p in paths]
    for p in finals:
        p.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale_temps(p)
    temps = [_temp_name(p) for p in finals]
    try:
        yield temps
        for tmp in temps:
            with open(tmp, "rb") as fh:
                os.fsync(fh.fileno())
        for tmp, final in zip(temps, finals):
            os.replace(tmp, final)
    except BaseException as exc:
        for tmp in temps:
            with contextlib.suppress(OSError):
                tmp.unlink()
        if isinstance(exc, OSError) and not isinstance(exc, OutputError):
            names = ", ".join(str(p) for p in finals)
            raise OutputError(f"could not write {names}: {exc.strerror or exc}; "
                              "the previous version (if any) is left unchanged") from exc
        raise


# ----------------------------------------------------------------------------- checks before work
def _writable_folder(folder: Path, what: str) -> None:
    """``folder`` exists as a writable folder, or can be created inside one."""
    probe = folder
    while not probe.exists():
        if probe.is_symlink():
            raise OutputError(f"{what}: {probe} is a dangling symbolic link")
        if probe.parent == probe:
            break
        probe = probe.parent
    if not probe.is_dir():
        raise OutputError(f"{what}: {probe} is a file, not a folder")
    if not os.access(probe, os.W_OK | os.X_OK):
        raise OutputError(f"{what}: the folder {probe} is not writable")


def _inside_inputs(target: Path, inputs: Iterable[str | Path], what: str) -> None:
    t = target.expanduser().resolve()
    for inp in inputs:
        if inp is None:
            continue
        r = Path(inp).expanduser().resolve()
        if t == r:
            raise OutputError(f"{what}: {target} is an input ({inp}); inputs are read-only, choose another path")
        if r.is_dir() and t.is_relative_to(r):
            raise OutputError(f"{what}: {target} is inside the input folder {inp}; raw data is read-only, "
                              "choose a path outside it")


def check_output(path: str | Path, *, inputs: Iterable[str | Path] = (), what: str = "--out") -> Path:
    """Check an output table before any work: known suffix (any case), not a folder, not an input file
    nor inside an input folder (manifests included), and a writable folder. Returns the path."""
    path = Path(path)
    inputs = list(inputs)
    _inside_inputs(path, inputs, what)
    if path.is_dir():
        raise OutputError(f"{what}: {path} is a folder; give a file name ending in {', '.join(SUFFIXES)}")
    try:
        table_format(path)
    except ValueError as exc:
        raise OutputError(f"{what}: {exc}") from None
    if path.exists() and not os.access(path, os.W_OK):
        raise OutputError(f"{what}: {path} exists and is not writable")
    _inside_inputs(provenance_path(path), inputs, what)
    _writable_folder(path.parent, what)
    return path


def check_output_dir(folder: str | Path, *, inputs: Iterable[str | Path] = (), what: str = "output folder") -> Path:
    """Check an output folder before any work: not an input nor inside one, a folder, writable."""
    folder = Path(folder)
    _inside_inputs(folder, list(inputs), what)
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{what}: {folder} is a file, not a folder")
    _writable_folder(folder, what)
    return folder


# ----------------------------------------------------------------------------- writing
def _write_csv(df: pd.DataFrame, target: Path) -> None:
    safe = safe_frame(df)
    # csv quotes a field with \n but not one with a bare \r (CR-only line ends): quote every text field then
    has_cr = any(has_bare_cr(s) for _, s in safe.items() if _is_text(s)) or any("\r" in c for c in safe.columns)
    safe.to_csv(target, index=False, encoding="utf-8", lineterminator="\n",
                quoting=csv.QUOTE_NONNUMERIC if has_cr else csv.QUOTE_MINIMAL)


def _sheet_name(name: str) -> str:
    return re.sub(r"[\[\]:*?/\\]", "_", str(name))[:31] or "Sheet1"


def _normalise_workbook(target: Path, rows: Mapping[str, bytes] | None = None) -> None:
    """Fixed document times and zip entry times, so the same tables give the same bytes; ``rows``: the data rows
    of worksheets (part name -> ``<row>`` elements) put in after their header row."""
    with zipfile.ZipFile(target) as z:
        items = [(info.filename, z.read(info)) for info in z.infolist()]
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in items:
            if name == "docProps/core.xml":
                data = _CORE_TIMES.sub(rb"\g<1>" + WORKBOOK_TIME.encode() + rb"\g<3>", data)
            if rows and name in rows:
                head, tail = data.rsplit(b"</sheetData>", 1)
                data = b"".join([head, rows[name], b"</sheetData>", tail])
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data)


def _excel_value(value: Any) -> Any:
    """One cell's value as openpyxl writes it: missing values empty, infinities as text (pandas' ``inf_rep``),
    numpy scalars as Python numbers, anything else that is not a number, date or text as its text."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        if value != value:
            return None
        return float(value) if abs(value) != float("inf") else ("inf" if value > 0 else "-inf")
    if isinstance(value, (str, _dt.datetime, _dt.date, _dt.time)):
        return value
    return str(value)


def _xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _rows_xml(columns: list[list], first_row: int = 2) -> bytes | None:
    """The ``<row>`` elements of a sheet's data cells exactly as openpyxl's write-only mode writes them (inline
    strings, numbers as ``%.16g``, booleans as 1/0, missing cells left out), made with string formatting: about
    ten times faster than openpyxl's cell objects. None when a cell holds a date or time (openpyxl writes those,
    with its date styles)."""
    from openpyxl.utils import get_column_letter

    letters = [get_column_letter(i + 1) for i in range(len(columns))]
    out = []
    for r, row in enumerate(zip(*columns), start=first_row):
        cells = []
        for letter, v in zip(letters, row):
            if v is None:
                continue
            if isinstance(v, str):
                if not v:
                    cells.append(f'<c r="{letter}{r}" t="inlineStr"></c>')
                else:
                    space = ' xml:space="preserve"' if v != v.strip() else ""
                    cells.append(f'<c r="{letter}{r}" t="inlineStr"><is><t{space}>{_xml_text(v)}</t></is></c>')
            elif isinstance(v, bool):
                cells.append(f'<c r="{letter}{r}" t="b"><v>{int(v)}</v></c>')
            elif isinstance(v, (int, float)):
                cells.append(f'<c r="{letter}{r}" t="n"><v>{v:.16g}</v></c>')
            else:  # a date or time
                return None
        out.append(f'<row r="{r}">{"".join(cells)}</row>')
    return "".join(out).encode("utf-8")


def _write_xlsx(tables: Mapping[str, pd.DataFrame], target: Path) -> None:
    """One sheet per table: openpyxl's write-only mode writes the workbook with each sheet's header row, and the
    data rows of each sheet (:func:`_rows_xml`) go into its part when the file is normalised."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Border, Font, Side

    book = Workbook(write_only=True)
    thin = Side(style="thin")  # header cells bold, boxed and centred, as pandas' to_excel draws them
    header_font, header_border = Font(bold=True), Border(left=thin, right=thin, top=thin, bottom=thin)
    header_alignment = Alignment(horizontal="center", vertical="top")
    rows: dict[str, bytes] = {}
    for number, (name, df) in enumerate(tables.items() if tables else [("Sheet1", pd.DataFrame())], start=1):
        sheet = book.create_sheet(_sheet_name(name))
        safe = safe_frame(df, excel=True)
        if len(safe.columns):
            header = []
            for col in safe.columns:
                cell = WriteOnlyCell(sheet, value=_excel_value(col))
                cell.font, cell.border, cell.alignment = header_font, header_border, header_alignment
                header.append(cell)
            sheet.append(header)
        columns = [[_excel_value(v) for v in safe.iloc[:, i].tolist()] for i in range(safe.shape[1])]
        data = _rows_xml(columns) if len(safe) else b""
        if data is None:  # dates or times: openpyxl writes the rows
            for row in zip(*columns):
                sheet.append(row)
        elif data:
            rows[f"xl/worksheets/sheet{number}.xml"] = data
    book.properties.creator = "xuncha-discourse"
    book.save(target)
    _normalise_workbook(target, rows)


def workbook_notes(tables: Mapping[str, pd.DataFrame], max_rows: int,
                   full_tables: Mapping[str, str] | None = None) -> pd.DataFrame | None:
    """The ``notes`` sheet of a workbook whose tables of more than ``max_rows`` rows are left out: one row per
    table (``table, rows, in_workbook, full_table``), or None when every table fits (or ``max_rows`` is 0)."""
    if not max_rows or all(len(df) <= max_rows for df in tables.values()):
        return None
    where = dict(full_tables or {})
    rows = [{"table": name, "rows": len(df),
             "in_workbook": "yes" if len(df) <= max_rows else f"no: more than {max_rows:,} rows",
             "full_table": where.get(name, f"{name}.csv beside this workbook")}
            for name, df in tables.items()]
    return pd.DataFrame(rows, columns=["table", "rows", "in_workbook", "full_table"])


def write_workbook(tables: Mapping[str, pd.DataFrame], path: str | Path, *, max_rows: int = 0,
                   full_tables: Mapping[str, str] | None = None) -> Path:
    """One Excel workbook, one sheet per table, safe cells, written atomically under the folder lock.

    ``max_rows``: a table of more rows is left out (0: none is), and a first sheet ``notes`` lists every table
    with its rows, whether it is in the workbook, and where the whole table is (``full_tables``: table name ->
    file names; default ``<name>.csv``). A workbook is for reading and filtering by hand: a sheet cut to its
    first rows could be mistaken for the whole table, so a long table is left out whole, never cut."""
    path = Path(path)
    if table_format(path) != ".xlsx":
        raise ValueError(f"{path}: a workbook must end in .xlsx")
    notes = workbook_notes(tables, max_rows, full_tables)
    sheets = dict(tables)
    if notes is not None:
        sheets = {"notes": notes, **{k: v for k, v in tables.items() if len(v) <= max_rows}}
        log.info("workbook %s: %s left out (more than %d rows; whole in their CSV/parquet files)", path.name,
                 ", ".join(notes.loc[notes["in_workbook"] != "yes", "table"]), max_rows)
    with folder_lock(path.parent), atomic_paths(path) as (tmp,):
        _write_xlsx(sheets, tmp)
    log.info("wrote %s (%d sheets)", path, len(sheets))
    return path


def write_table(df: pd.DataFrame, path: str | Path, *, config: Mapping[str, Any] | None = None,
                inputs: pd.DataFrame | Mapping[str, str] | None = None, step: str = "") -> Path:
    """Write ``df`` as CSV, parquet or xlsx (by suffix, any case) and its provenance sidecar.

    Both are written to temporary files and moved into place together, under the folder's lock; text
    cells are made safe for spreadsheets (:func:`safe_cell`) in CSV and xlsx.

    Parameters
    ----------
    config:
        The parameters that produced the table (recorded verbatim, must be JSON-serialisable).
    inputs:
        The input files: a documents table (columns ``file``/``path`` and ``sha256``) or a
        mapping of file name to SHA-256.
    step:
        A short name for the step that made the table (``"segment"``, ``"metrics"`` …).
    """
    path = Path(path)
    fmt = table_format(path)
    if isinstance(inputs, pd.DataFrame):
        name_col = "path" if "path" in inputs.columns else "file"
        input_hashes = dict(zip(inputs[name_col].astype(str), inputs["sha256"]))
    else:
        input_hashes = dict(inputs or {})
    with folder_lock(path.parent), atomic_paths(path, provenance_path(path)) as (tmp, tmp_record):
        if fmt == ".csv":
            _write_csv(df, tmp)
        elif fmt == ".parquet":
            df.to_parquet(tmp, index=False)
        else:
            _write_xlsx({"Sheet1": df}, tmp)
        record = {
            "table": path.name,
            "step": step,
            "rows": int(len(df)),
            "columns": [str(c) for c in df.columns],
            "table_sha256": sha256_file(tmp),
            "package": "xuncha-discourse",
            "package_version": __version__,
            "git_commit": git_commit(),
            "python": platform.python_version(),
            "pandas": pd.__version__,
            "config": _jsonable(dict(config or {})),
            "inputs_sha256": input_hashes,
            "created": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
        }
        tmp_record.write_text(json.dumps(record, ensure_ascii=False, indent=2), encoding="utf-8")
    log.info("wrote %s (%d rows)", path, len(df))
    return path


# ----------------------------------------------------------------------------- reading
def read_table(path: str | Path) -> pd.DataFrame:
    """Read a table written by :func:`write_table` (CSV keeps empty strings as empty strings; the quote
    :func:`safe_cell` put before formula-like text is taken off again)."""
    path = Path(path)
    fmt = table_format(path)
    if fmt == ".csv":
        return restore_frame(pd.read_csv(path, keep_default_na=False, na_values=[""], encoding="utf-8"))
    if fmt == ".parquet":
        return pd.read_parquet(path)
    return restore_frame(pd.read_excel(path))


def read_provenance(path: str | Path) -> dict:
    """The provenance record written beside a table (a clear error naming the file if it is unusable)."""
    record_path = provenance_path(path)
    try:
        data = record_path.read_bytes()
    except FileNotFoundError:
        raise FileNotFoundError(f"{record_path}: no provenance record beside {Path(path).name}") from None
    text = data.decode("utf-8", "replace")
    try:
        record = json.loads(data.decode("utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        what = "empty" if not text.strip() else f"not valid JSON ({exc})"
        raise ValueError(f"{record_path}: the provenance record is {what}; rerun the step that wrote "
                         f"{Path(path).name}") from None
    if not isinstance(record, dict):
        raise ValueError(f"{record_path}: the provenance record is not a JSON object")
    return record


def _jsonable(obj: Any) -> Any:
    if isinstance(obj, Mapping):
        return {str(k): _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple, set)):
        return [_jsonable(v) for v in obj]
    if isinstance(obj, Path):
        return str(obj)
    if isinstance(obj, (str, int, float, bool)) or obj is None:
        return obj
    return repr(obj)
