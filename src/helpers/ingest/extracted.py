"""What every reader returns: the extracted text, the metadata the file states, and where each part came from.

:class:`Extracted` is the readers' common contract (see ``helpers.ingest.readers``); :class:`TextBuilder`
assembles a text part by part and records the spans; :func:`stated_metadata` checks the metadata a file
or a row states (dates normalised, admin levels and scripts mapped from their Chinese aliases).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .metadata import normalize_date, normalize_value


@dataclass
class Span:
    """Where a stretch ``text[start:end]`` of the extracted text came from."""

    start: int
    end: int
    kind: str             # title, subtitle, paragraph, table, heading, row
    where: str = ""       # page 1, column 2 · table 1 · line 7 …


@dataclass
class Extracted:
    """One document read from a file: text, stated metadata, provenance spans."""

    text: str
    meta: dict[str, str] = field(default_factory=dict)
    spans: list[Span] = field(default_factory=list)
    part: str = ""                 # which document of a file holding many (a row id), else ""
    one_article: bool = False      # the document is known to be one article: do not segment it
    encoding: str = ""             # how the bytes were read (e.g. "docx", "pdf text layer", "html utf-8")


class TextBuilder:
    """Assemble a text from parts separated by blank lines, recording each part's span."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.spans: list[Span] = []
        self.n = 0

    def add(self, text: str, kind: str, where: str = "") -> None:
        text = text.strip()
        if not text:
            return
        if self.parts:
            self.parts.append("\n\n")
            self.n += 2
        self.parts.append(text)
        self.spans.append(Span(self.n, self.n + len(text), kind, where))
        self.n += len(text)

    @property
    def text(self) -> str:
        return "".join(self.parts) + ("\n" if self.parts else "")


def stated_metadata(record: dict, *, where: str) -> dict[str, str]:
    """Metadata a file or row states, checked: dates normalised (with their precision), levels and
    scripts mapped from their aliases. Raises ``ValueError`` naming ``where`` and the column."""
    out = {}
    for col, value in record.items():
        if value is None or (isinstance(value, float) and value != value) or str(value).strip() == "":
            continue
        if col == "date":
            try:
                out["date"], out["date_precision"] = normalize_date(value)
            except ValueError as exc:
                raise ValueError(f"{where}, column 'date': {exc}") from None
            continue
        try:
            out[col] = normalize_value(col, str(value).strip())
        except ValueError as exc:
            raise ValueError(f"{where}, {exc}") from None
    return out
