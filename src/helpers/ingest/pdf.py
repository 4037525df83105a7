"""PDF pages with a text layer: text in reading order, column by column, so two-column pages do not interleave.

Read with pdfplumber. The characters of a page are grouped into lines and a line into runs (split at
wide gaps); runs are cut into blocks recursively (XY-cut): a vertical gutter that no run crosses splits
a block into columns read left to right; otherwise the block is read top to bottom, and a stretch of
lines that shares a gutter becomes a block of its own. Lines join into paragraphs (no break inside a
paragraph, a blank line between paragraphs); a paragraph starts at a first-line indent, after a wider
line gap, after a short line, or where the font size changes. A PDF without a text layer (a scan) is
skipped with a warning that it needs OCR.
"""
from __future__ import annotations

import io
import statistics
from collections.abc import Callable
from dataclasses import dataclass

from .extracted import Extracted, TextBuilder

NEEDS_OCR = ("no text layer: a scanned PDF needs OCR first "
             "(e.g. `ocrmypdf -l chi_sim in.pdf out.pdf`, then read out.pdf)")


@dataclass
class Run:
    """Characters of one line with no wide gap between them."""

    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    text: str


def _runs(chars: list[dict], gap: float) -> list[Run]:
    """Group characters into lines (by their vertical middle) and lines into runs."""
    chars = [c for c in chars if c.get("text", "").strip() or c.get("text") == " "]
    chars.sort(key=lambda c: ((c["top"] + c["bottom"]) / 2, c["x0"]))
    lines: list[list[dict]] = []
    for c in chars:
        mid = (c["top"] + c["bottom"]) / 2
        if lines:
            last = lines[-1]
            lmid = (last[0]["top"] + last[0]["bottom"]) / 2
            if abs(mid - lmid) <= 0.4 * max(c["size"], last[0]["size"]):
                last.append(c)
                continue
        lines.append([c])
    runs = []
    for line in lines:
        line.sort(key=lambda c: c["x0"])
        cur: list[dict] = []
        for c in line:
            if cur and c["x0"] - cur[-1]["x1"] > gap * max(c["size"], 1.0):
                runs.append(_run(cur))
                cur = []
            cur.append(c)
        if cur:
            runs.append(_run(cur))
    return [r for r in runs if r.text.strip()]


def _run(chars: list[dict]) -> Run:
    text = "".join(c["text"] for c in chars)
    return Run(min(c["x0"] for c in chars), max(c["x1"] for c in chars), min(c["top"] for c in chars),
               max(c["bottom"] for c in chars), statistics.median(c["size"] for c in chars), text.strip())


def _gutters(runs: list[Run], min_gap: float) -> list[tuple[float, float]]:
    """Vertical strips inside the runs' horizontal extent that no run covers."""
    spans = sorted((r.x0, r.x1) for r in runs)
    gaps, reach = [], spans[0][1]
    for x0, x1 in spans[1:]:
        if x0 - reach >= min_gap:
            gaps.append((reach, x0))
        reach = max(reach, x1)
    return gaps


def _crosses(run: Run, gutter: tuple[float, float]) -> bool:
    return run.x0 < gutter[1] - 0.5 and run.x1 > gutter[0] + 0.5


def _order(runs: list[Run], min_gap: float, depth: int = 0) -> list[list[Run]]:
    """Blocks of runs in reading order (each block one column, its runs top to bottom)."""
    if not runs:
        return []
    gutters = _gutters(runs, min_gap) if depth < 8 else []
    if gutters:  # a gutter through the whole block: columns, left to right
        g = max(gutters, key=lambda g: g[1] - g[0])
        left = [r for r in runs if r.x1 <= g[0] + 0.5]
        right = [r for r in runs if r.x0 >= g[1] - 0.5]
        return _order(left, min_gap, depth + 1) + _order(right, min_gap, depth + 1)
    # no gutter: cut into horizontal bands at the line gaps, then regroup the bands that share a gutter
    runs = sorted(runs, key=lambda r: (r.top, r.x0))
    bands: list[list[Run]] = []
    bottom = None
    for r in runs:
        if bands and r.top < bottom - 0.5:
            bands[-1].append(r)
            bottom = max(bottom, r.bottom)
        else:
            bands.append([r])
            bottom = r.bottom
    groups: list[tuple[tuple[float, float] | None, list[Run]]] = []
    for band in bands:
        gs = _gutters(band, min_gap)
        if groups:
            gutter, members = groups[-1]
            if gutter is not None and not any(_crosses(r, gutter) for r in band):
                members.extend(band)
                continue
            if gutter is None and not gs:
                members.extend(band)
                continue
        groups.append((max(gs, key=lambda g: g[1] - g[0]) if gs else None, list(band)))
    if len(groups) == 1 and groups[0][0] is None:
        return [runs]
    out = []
    for gutter, members in groups:
        out.extend(_order(members, min_gap, depth + 1) if gutter is not None else [members])
    return out


def _paragraphs(block: list[Run]) -> list[tuple[str, float, bool, bool]]:
    """Join a column's lines into paragraphs: ``(text, font size, indented start, full last line)``."""
    lines: list[Run] = sorted(block, key=lambda r: (r.top, r.x0))
    if not lines:
        return []
    left = min(r.x0 for r in lines)
    right = max(r.x1 for r in lines)
    pitches = [b.top - a.top for a, b in zip(lines, lines[1:]) if 0 < b.top - a.top < 3 * a.size]
    pitch = statistics.median(pitches) if pitches else lines[0].size * 1.5
    paras: list[list[Run]] = [[lines[0]]]
    for prev, cur in zip(lines, lines[1:]):
        new = (cur.top - prev.top > 1.4 * pitch
               or cur.x0 - left > 1.2 * cur.size                    # first-line indent
               or right - prev.x1 > 2.0 * prev.size                 # the line before ended short
               or abs(cur.size - prev.size) > 0.15 * prev.size)     # a headline
        if new:
            paras.append([cur])
        else:
            paras[-1].append(cur)
    out = []
    for para in paras:
        text = ""
        for r in para:
            if text and text[-1].isascii() and text[-1].isalnum() and r.text[:1].isascii() and r.text[:1].isalnum():
                text += " "
            text += r.text
        out.append((text, statistics.median(r.size for r in para), para[0].x0 - left > 1.2 * para[0].size,
                    right - para[-1].x1 <= 2.0 * para[-1].size))
    return out


def read_pdf(data: bytes, *, decode: Callable | None = None, name: str = "", gap: float = 1.5,
             **_) -> list[Extracted]:
    """One document: every page's text in reading order, a paragraph a line, blank lines between.

    ``gap``: a horizontal gap wider than ``gap`` × the font size splits a line (and opens a column).
    Raises ``ValueError`` (advice: OCR) for a PDF without a text layer.
    """
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError

    built = TextBuilder()
    title = ""
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except (PDFSyntaxError, ValueError, TypeError) as exc:
        raise ValueError(f"not a readable PDF ({exc})") from None
    with pdf:
        meta_title = str((pdf.metadata or {}).get("Title", "") or "").strip()
        n_chars = 0
        biggest = 0.0
        carry = None  # the last paragraph while its last line is full: it may go on in the next column
        for pno, page in enumerate(pdf.pages, start=1):
            chars = page.chars
            n_chars += sum(1 for c in chars if c.get("text", "").strip())
            runs = _runs(chars, gap)
            if not runs:
                continue
            size = statistics.median(r.size for r in runs)
            for col, block in enumerate(_order(runs, gap * size), start=1):
                for k, (text, psize, indented, full) in enumerate(_paragraphs(block)):
                    kind = "headline" if psize > 1.2 * size else "paragraph"
                    if kind == "headline" and psize > biggest:
                        biggest, title = psize, text
                    if k == 0 and carry and not indented and abs(psize - carry[1]) < 0.15 * psize:
                        carry[0] += text  # the paragraph goes on at the top of the next column or page
                    else:
                        if carry:
                            built.add(carry[0], carry[2], carry[3])
                        carry = [text, psize, kind, f"page {pno}, block {col}"]
                    if not full:
                        built.add(carry[0], carry[2], carry[3])
                        carry = None
    if carry:
        built.add(carry[0], carry[2], carry[3])
    if n_chars < 10:
        raise ValueError(NEEDS_OCR)
    return [Extracted(built.text, meta={"title": title or meta_title}, spans=built.spans,
                      encoding="pdf text layer")]
