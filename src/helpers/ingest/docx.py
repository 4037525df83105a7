"""Word files (``.docx``): paragraphs in document order, tables as text tables with ``| cell |`` rows.

Read with python-docx. Empty paragraphs are dropped; a table becomes one line per row, cells between
bars, merged cells once, so the cleaning step sees it as a table. The title is the document's first
Title or Heading paragraph, else its core property ``title``.
"""
from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

from .extracted import Extracted, TextBuilder


def _table_lines(table) -> list[str]:
    lines = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell is repeated by python-docx
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(cell.text.split()))
        if any(cells):
            lines.append("| " + " | ".join(cells) + " |")
    return lines


def read_docx(data: bytes, *, decode: Callable | None = None, name: str = "", **_) -> list[Extracted]:
    """One document: the file's paragraphs and tables in order, a blank line between them."""
    import docx
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ValueError(f"not a readable .docx file ({exc}); an old .doc must be saved as .docx first") from None
    built = TextBuilder()
    title = ""
    n_par = n_tab = 0
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            n_tab += 1
            built.add("\n".join(_table_lines(block)), "table", f"table {n_tab}")
            continue
        n_par += 1
        text = block.text.strip()
        style = (block.style.name if block.style is not None else "") or ""
        kind = "heading" if style.startswith(("Heading", "Title", "标题")) else "paragraph"
        if kind == "heading" and not title and text:
            title = text
        built.add(text, kind, f"paragraph {n_par}")
    if not built.spans:
        raise ValueError("the .docx file has no text")
    title = title or (document.core_properties.title or "").strip()
    return [Extracted(built.text, meta={"title": title}, spans=built.spans, encoding="docx")]
