"""Shared primitives every stage uses: paths and settings, tables with provenance, numerals, script.

Nothing here imports from a stage package; every stage may import from here.
"""
from __future__ import annotations

from .config import Paths, get_paths, PROJECT_ROOT, PACKAGE_DATA_DIR, RANDOM_STATE  # noqa: F401
from .script import to_simplified  # noqa: F401
from .numerals import NumberSpan, parse_chinese_int, parse_number, find_numbers  # noqa: F401
from .tables import git_commit, sha256_file, provenance_path, write_table, read_table, read_provenance  # noqa: F401

__all__ = [
    "Paths",
    "get_paths",
    "PROJECT_ROOT",
    "PACKAGE_DATA_DIR",
    "RANDOM_STATE",
    "to_simplified",
    "NumberSpan",
    "parse_chinese_int",
    "parse_number",
    "find_numbers",
    "git_commit",
    "sha256_file",
    "provenance_path",
    "write_table",
    "read_table",
    "read_provenance",
]
