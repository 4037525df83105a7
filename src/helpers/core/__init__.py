"""Shared primitives every stage uses: paths and settings, tables with provenance, numerals, script.

Nothing here imports from a stage package; every stage may import from here.
"""
from __future__ import annotations

from .config import PACKAGE_DATA_DIR, PROJECT_ROOT, RANDOM_STATE, BuildConfig, Paths, get_paths  # noqa: F401
from .documents import META_COLUMNS, attach_metadata, document_metadata, year_of  # noqa: F401
from .numerals import find_numbers, parse_number, read_number  # noqa: F401
from .script import to_simplified  # noqa: F401
from .tables import git_commit, provenance_path, read_provenance, read_table, sha256_file, write_table  # noqa: F401

__all__ = [
    "BuildConfig",
    "Paths",
    "get_paths",
    "PROJECT_ROOT",
    "PACKAGE_DATA_DIR",
    "RANDOM_STATE",
    "to_simplified",
    "parse_number",
    "find_numbers",
    "read_number",
    "META_COLUMNS",
    "attach_metadata",
    "document_metadata",
    "year_of",
    "git_commit",
    "sha256_file",
    "provenance_path",
    "write_table",
    "read_table",
    "read_provenance",
]
