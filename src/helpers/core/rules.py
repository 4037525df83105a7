"""One reader for the rule files in ``data/`` (CSV with a header): every malformed row is an error that names
the file, the line and the reason, never a silently shifted column.

A row with more fields than the header (an unquoted comma inside a pattern such as ``{0,4}``) or fewer is
rejected; so is a value a caller's check refuses (a pattern that does not compile, a unit not in units.csv).
Blank rows and rows whose first cell starts with ``#`` are comments.
"""
from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from pathlib import Path


class RuleFileError(ValueError):
    """A malformed row of a rule file: ``file:line: reason``."""

    def __init__(self, path, line: int, reason: str):
        self.path, self.line, self.reason = Path(path), line, reason
        super().__init__(f"{path}:{line}: {reason}")


def read_rule_rows(path: str | Path, *, required: tuple[str, ...] = (),
                   check: Callable[[dict], str | None] | None = None) -> Iterator[tuple[int, dict]]:
    """``(line, row)`` for each rule of the CSV file ``path`` (line numbers as an editor shows them).

    Raises :class:`RuleFileError` for a missing required column, a row whose field count differs from the
    header's (with a hint to quote a field holding a comma), or a row for which ``check(row)`` returns a reason.
    """
    path = Path(path)
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        try:
            header = [h.strip() for h in next(reader)]
        except StopIteration:
            raise RuleFileError(path, 1, "the file is empty (a header line is needed)") from None
        missing = [c for c in required if c not in header]
        if missing:
            raise RuleFileError(path, 1, f"missing column(s) {', '.join(missing)} in the header {','.join(header)}")
        start = reader.line_num + 1
        for cells in reader:
            line, start = start, reader.line_num + 1
            if not cells or not any(c.strip() for c in cells) or cells[0].lstrip().startswith("#"):
                continue
            if len(cells) != len(header):
                hint = (" — a field holding a comma (a pattern such as {0,4}) must be quoted: \"…{0,4}…\""
                        if len(cells) > len(header) else "")
                raise RuleFileError(path, line, f"{len(cells)} fields where the header {','.join(header)} has "
                                                f"{len(header)}{hint}")
            row = dict(zip(header, cells))
            reason = check(row) if check else None
            if reason:
                raise RuleFileError(path, line, reason)
            yield line, row
