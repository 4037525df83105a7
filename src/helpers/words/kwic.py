"""Keyword-in-context concordances over articles, by characters or by tokens, sortable like AntConc.

Every line keeps ``doc_id``, ``article`` and the node's offsets in the article text, and can be
written to a self-contained HTML page with the node highlighted.
"""
from __future__ import annotations

import html
import logging
import re
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from ..viz.page import html_page

log = logging.getLogger(__name__)

KWIC_COLUMNS = ["doc_id", "article", "start", "end", "left", "node", "right"]


def _pattern(node: str, regex: bool, ignore_case: bool) -> re.Pattern:
    if not node:
        raise ValueError("the node must not be empty")
    return re.compile(node if regex else re.escape(node), re.IGNORECASE if ignore_case else 0)


def kwic(articles: pd.DataFrame, node: str, *, regex: bool = False, window: int = 20,
         ignore_case: bool = False, sort: str | Sequence[str] | None = None, text_column: str = "text",
         keep: Sequence[str] = ()) -> pd.DataFrame:
    """Character-level concordance: every match of ``node`` in the article texts.

    Parameters
    ----------
    articles:
        An articles table with ``doc_id``, ``article`` and ``text``.
    node:
        A literal string, or a regular expression when ``regex=True`` (empty matches are skipped).
    window:
        Characters of context on each side (line breaks are shown as spaces, so widths stay exact).
    sort:
        AntConc-style sort keys, applied in order: ``"L1"`` (the character just left of the node),
        ``"L2"`` …, ``"R1"`` (just right) …, ``"node"``, or ``"left"``/``"right"`` (the whole
        context read outward from the node). ``None`` keeps text order.
    keep:
        Extra columns of ``articles`` to copy onto each line (``title``, ``place`` …).

    Returns
    -------
    DataFrame ``doc_id, article, start, end, left, node, right [, keep…]``; ``start``/``end`` are
    offsets of the node in the article's text (``text[start:end] == node``).

    Notes
    -----
    Offsets are in the *cleaned* article text. The article's ``start`` column is a raw-file
    offset, but ``article start + offset`` is only an approximation of the node's raw position
    whenever cleaning removed or joined characters (OCR spaces, line breaks, boilerplate); the
    exact raw span comes from the cleaning offset map (``CleanText.raw_span``) in the pipeline.
    """
    pat = _pattern(node, regex, ignore_case)
    rows = []
    extra = list(keep)
    cols = ["doc_id", "article", text_column, *extra]
    for rec in articles[cols].itertuples(index=False, name=None):
        doc_id, art, text = rec[0], rec[1], rec[2]
        if not isinstance(text, str):
            continue
        for m in pat.finditer(text):
            a, b = m.span()
            if a == b:
                continue
            rows.append((str(doc_id), int(art), a, b, text[max(0, a - window):a].replace("\n", " "),
                         m.group(0), text[b:b + window].replace("\n", " "), *rec[3:]))
    df = pd.DataFrame(rows, columns=KWIC_COLUMNS + extra)
    df[["article", "start", "end"]] = df[["article", "start", "end"]].astype("int64")
    df.attrs["kwic"] = dict(node=node, regex=regex, window=window, level="char")
    log.info("kwic %r: %d line(s)", node, len(df))
    return sort_kwic(df, sort) if sort else df


def kwic_tokens(tokens: pd.DataFrame, node: str, *, regex: bool = False, window: int = 5,
                sort: str | Sequence[str] | None = None, sep: str = " ") -> pd.DataFrame:
    """Token-level concordance: rows of a token table whose token equals ``node`` (or fully
    matches the regular expression ``node``), with ``window`` tokens on each side.

    Context tokens are those of the table (so stopwords removed by the tokenizer are absent),
    joined by ``sep``, and never cross an article boundary.

    Returns
    -------
    DataFrame ``doc_id, article, start, end, left, node, right, position`` with offsets of the
    node in the article text, sortable by ``L1``/``R1`` … (whole tokens).
    """
    pat = _pattern(node, regex, False)
    rows = []
    for (doc_id, art), sub in tokens.groupby(["doc_id", "article"], sort=True):
        sub = sub.sort_values("position", kind="stable")
        toks = sub["token"].tolist()
        starts, ends, pos = sub["start"].tolist(), sub["end"].tolist(), sub["position"].tolist()
        for i, t in enumerate(toks):
            if pat.fullmatch(t):
                rows.append((str(doc_id), int(art), starts[i], ends[i], sep.join(toks[max(0, i - window):i]), t,
                             sep.join(toks[i + 1:i + 1 + window]), pos[i]))
    df = pd.DataFrame(rows, columns=KWIC_COLUMNS + ["position"])
    df[["article", "start", "end", "position"]] = df[["article", "start", "end", "position"]].astype("int64")
    df.attrs["kwic"] = dict(node=node, regex=regex, window=window, level="token", sep=sep)
    return sort_kwic(df, sort, level="token", sep=sep) if sort else df


def _units(context: str, level: str, sep: str) -> list[str]:
    if level == "token":
        return [u for u in context.split(sep) if u]
    return list(context)


def sort_kwic(df: pd.DataFrame, keys: str | Sequence[str], *, level: str | None = None,
              sep: str = " ") -> pd.DataFrame:
    """Sort concordance lines by AntConc-style keys (see :func:`kwic`).

    ``level`` is ``"char"`` or ``"token"`` (default: the level recorded by :func:`kwic` /
    :func:`kwic_tokens` in ``df.attrs``). Missing context (a node at the text edge) sorts first.
    Sorting is stable, so text order breaks ties.
    """
    if isinstance(keys, str):
        keys = [keys]
    info = df.attrs.get("kwic", {})
    level = level or info.get("level", "char")
    sep = info.get("sep", sep)
    frame = pd.DataFrame(index=df.index)
    for k, key in enumerate(keys):
        m = re.fullmatch(r"([LR])([1-9][0-9]*)", key)
        if m:
            side, n = m.group(1), int(m.group(2))
            col = df["left"] if side == "L" else df["right"]
            vals = []
            for ctx in col:
                units = _units(ctx, level, sep)
                if side == "L":
                    units = units[::-1]
                vals.append(units[n - 1] if len(units) >= n else "")
            frame[f"k{k}"] = vals
        elif key == "left":
            frame[f"k{k}"] = [sep.join(_units(c, level, sep)[::-1]) if level == "token" else c[::-1]
                              for c in df["left"]]
        elif key in ("right", "node"):
            frame[f"k{k}"] = df[key].tolist()
        else:
            raise ValueError(f"unknown sort key {key!r}: use L1…, R1…, left, right or node")
    order = frame.sort_values(list(frame.columns), kind="stable").index
    out = df.loc[order].reset_index(drop=True)
    out.attrs = df.attrs
    return out


_CSS = """
body{max-width:none;margin:1.5em}
table{border-collapse:collapse;font-size:15px}
td{padding:2px 6px;white-space:pre;border:none;border-bottom:1px solid #eee}
td.left{text-align:right;color:#333}
td.node{text-align:center;font-weight:bold}
td.node mark{background:#ffe08a;padding:0 2px}
td.right{text-align:left;color:#333}
td.meta{color:#888;font-size:12px}
caption{text-align:left;margin-bottom:.5em;color:#555}
"""


def kwic_to_html(df: pd.DataFrame, path: str | Path, *, title: str | None = None) -> Path:
    """Write concordance lines as one self-contained HTML file (inline CSS, no external files).

    The node is wrapped in ``<mark>``; all text is HTML-escaped. Returns the path.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    info = df.attrs.get("kwic", {})
    title = title or f"KWIC: {info.get('node', '')}"
    lines = []
    for r in df.itertuples(index=False):
        meta = f"{r.doc_id} #{r.article} @{r.start}"
        lines.append(f'<tr><td class="meta">{html.escape(meta)}</td><td class="left">{html.escape(r.left)}</td>'
                     f'<td class="node"><mark>{html.escape(r.node)}</mark></td>'
                     f'<td class="right">{html.escape(r.right)}</td></tr>')
    body = (f"<table>\n<caption>{html.escape(title)} — {len(df)} line(s)</caption>\n" + "\n".join(lines)
            + "\n</table>\n")
    doc = html_page(title, body, css=_CSS)
    path.write_text(doc, encoding="utf-8")
    log.info("wrote %s (%d lines)", path, len(df))
    return path
