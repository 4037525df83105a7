"""Write and read the project's tables, each with a JSON provenance record beside it.

Tables carry no timestamps, so two runs on the same input give byte-identical files; the
sidecar ``<table>.provenance.json`` records version, git commit, configuration, inputs and time.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import json
import logging
import platform
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from .. import __version__
from .config import PROJECT_ROOT

log = logging.getLogger(__name__)

SUFFIXES = (".csv", ".parquet", ".xlsx")


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


def write_table(df: pd.DataFrame, path: str | Path, *, config: Mapping[str, Any] | None = None,
                inputs: pd.DataFrame | Mapping[str, str] | None = None, step: str = "") -> Path:
    """Write ``df`` as CSV, parquet or xlsx (by suffix) and its provenance sidecar.

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
    if path.suffix not in SUFFIXES:
        raise ValueError(f"{path}: unknown table format {path.suffix!r}; use one of {SUFFIXES}")
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".csv":
        df.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
    elif path.suffix == ".parquet":
        df.to_parquet(path, index=False)
    else:
        df.to_excel(path, index=False)
    if isinstance(inputs, pd.DataFrame):
        name_col = "path" if "path" in inputs.columns else "file"
        input_hashes = dict(zip(inputs[name_col].astype(str), inputs["sha256"]))
    else:
        input_hashes = dict(inputs or {})
    record = {
        "table": path.name,
        "step": step,
        "rows": int(len(df)),
        "columns": [str(c) for c in df.columns],
        "table_sha256": sha256_file(path),
        "package": "xuncha-discourse",
        "package_version": __version__,
        "git_commit": git_commit(),
        "python": platform.python_version(),
        "pandas": pd.__version__,
        "config": _jsonable(dict(config or {})),
        "inputs_sha256": input_hashes,
        "created": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
    }
    provenance_path(path).write_text(json.dumps(record, ensure_ascii=False, indent=2), encoding="utf-8")
    log.info("wrote %s (%d rows)", path, len(df))
    return path


def read_table(path: str | Path) -> pd.DataFrame:
    """Read a table written by :func:`write_table` (CSV keeps empty strings as empty strings)."""
    path = Path(path)
    if path.suffix == ".csv":
        return pd.read_csv(path, keep_default_na=False, na_values=[""], encoding="utf-8")
    if path.suffix == ".parquet":
        return pd.read_parquet(path)
    if path.suffix == ".xlsx":
        return pd.read_excel(path)
    raise ValueError(f"{path}: unknown table format {path.suffix!r}")


def read_provenance(path: str | Path) -> dict:
    """The provenance record written beside a table."""
    return json.loads(provenance_path(path).read_text(encoding="utf-8"))


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
