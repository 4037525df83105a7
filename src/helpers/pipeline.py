"""The steps that turn the documents table into the project's tables, and the whole run.

``segment_documents`` (clean → segment → relevance), ``extract_document_metrics`` and ``run_all``
(every notebook in order, then the HTML report) are what the CLI and the notebooks call.
"""
from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd
from tqdm import tqdm

from .pages.cleaning import CleanText, clean_text
from .figures.metrics import METRIC_COLUMNS, extract_metrics
from .pages.relevance import score_text
from .pages.segmentation import Segment, paragraphs_of, segment_paragraphs

log = logging.getLogger(__name__)

ARTICLE_COLUMNS = ["doc_id", "file", "article", "title", "subtitle", "byline", "text", "start", "end",
                   "n_chars", "relevant", "relevance_score", "relevance_terms", "boundary"]
META_COLUMNS = ["place", "admin_level", "province", "date", "script"]


def _page(doc_id: str, file: str, raw: str) -> tuple[CleanText, list[Segment], list[dict]]:
    """Clean one page, split it into articles and score them; keep the cleaning for offsets.

    Returns the cleaning, the segments and one row (ARTICLE_COLUMNS) per segment."""
    clean = clean_text(raw)
    paras = paragraphs_of(clean)
    if not paras:
        log.warning("%s: nothing left after cleaning (empty page); skipped", file)
        return clean, [], []
    segments = segment_paragraphs(paras)
    if len(segments) == 1:
        log.warning("%s: no article boundary found; the page is one article", file)
    rows = []
    for k, seg in enumerate(segments, start=1):
        a, b = clean.raw_span(seg.start, seg.end)
        text = clean.text[seg.start:seg.end]
        rel = score_text(text, seg.title or "")
        rows.append(dict(doc_id=doc_id, file=file, article=k, title=seg.title, subtitle=seg.subtitle,
                         byline=seg.byline, text=text, start=a, end=b, n_chars=len(text), relevant=rel.relevant,
                         relevance_score=rel.score, relevance_terms=rel.terms, boundary=seg.boundary))
    if not any(r["relevant"] for r in rows) and "巡察" not in clean.text:
        log.warning("%s: no 巡察 text on this page", file)
    return clean, segments, rows


def segment_document(doc_id: str, file: str, raw: str) -> pd.DataFrame:
    """Clean one page and split it into articles (all of them, relevant or not)."""
    return pd.DataFrame(_page(doc_id, file, raw)[2], columns=ARTICLE_COLUMNS)


def segment_documents(documents: pd.DataFrame) -> pd.DataFrame:
    """Articles of every document: one row per article, with relevance and document metadata."""
    pages = zip(documents["doc_id"], documents["file"], documents["text"])
    rows = [row for d, f, t in tqdm(pages, total=len(documents), desc="segment", unit="page", disable=None,
                                    leave=False)
            for row in _page(d, f, t)[2]]
    arts = pd.DataFrame(rows, columns=ARTICLE_COLUMNS)
    meta = [c for c in META_COLUMNS if c in documents.columns]
    arts = arts.merge(documents[["doc_id", *meta]], on="doc_id", how="left")
    if "date" in arts.columns:
        arts["year"] = pd.to_numeric(arts["date"].astype(str).str[:4], errors="coerce").astype("Int64")
    return arts


def extract_document_metrics(documents: pd.DataFrame, *, relevant_only: bool = True) -> pd.DataFrame:
    """Figures of every (relevant) article of every document, with raw offsets of each figure.

    ``start``/``end`` index the document's raw text (``documents.text``), so
    ``raw[start:end]`` is the figure as printed (spaces and traditional characters included).
    """
    rows = []
    pages = zip(documents["doc_id"], documents["file"], documents["text"])
    for doc_id, file, raw in tqdm(pages, total=len(documents), desc="metrics", unit="page", disable=None, leave=False):
        clean, segments, rows_here = _page(doc_id, file, raw)
        for seg, art in zip(segments, rows_here):
            if relevant_only and not art["relevant"]:
                continue
            text = clean.text[seg.start:seg.end]
            found = extract_metrics(text)
            for rec in found.to_dict("records"):
                a, b = clean.raw_span(seg.start + rec["start"], seg.start + rec["end"])
                rec.update(doc_id=doc_id, file=file, article=int(art["article"]), start=a, end=b,
                           value_text=raw[a:b])
                rows.append(rec)
    out = pd.DataFrame(rows, columns=METRIC_COLUMNS)
    return out.astype({"article": "int64", "start": "int64", "end": "int64"}) if len(out) else out


# ----------------------------------------------------------------------------- whole run
def _requirements(notebooks: list[Path]) -> dict[str, set[str]]:
    """Each notebook's prerequisites (metadata ``xuncha.requires``; by default every earlier notebook)."""
    import nbformat

    names = [nb.name[:2] for nb in notebooks]
    out = {}
    for i, nb in enumerate(notebooks):
        meta = nbformat.read(nb, as_version=4).metadata.get("xuncha", {})
        req = set(meta["requires"]) if "requires" in meta else set(names[:i])
        out[nb.name] = req & set(names)  # with --only, a prerequisite outside the selection is assumed done
    return out


def run_all(paths, *, only: str | None = None, seed: int | None = None, max_workers: int = 2) -> int:
    """Execute every ``notebooks/NN_*.ipynb`` with papermill, then build the HTML report.

    Each notebook gets the parameters ``corpus_dir``, ``processed_dir``, ``reports_dir`` and ``seed``
    and is written, executed, to ``reports/notebooks/``. A notebook starts once the notebooks it reads
    from (its ``requires`` metadata) are done; independent ones run two at a time. Prints the time per
    notebook.
    """
    import time
    from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait

    import papermill as pm

    from .core.config import RANDOM_STATE
    from .viz.report import build_report

    notebooks = sorted(paths.notebooks.glob("[0-9][0-9]_*.ipynb"))
    if only:
        wanted = {w.strip() for w in only.split(",") if w.strip()}
        notebooks = [nb for nb in notebooks if nb.name[:2] in wanted]
    if not notebooks:
        log.error("no notebooks found in %s", paths.notebooks)
        return 1
    paths.executed_notebooks.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    params = dict(corpus_dir=str(paths.raw), processed_dir=str(paths.processed), reports_dir=str(paths.reports),
                  seed=RANDOM_STATE if seed is None else seed)
    requires = _requirements(notebooks)
    timings: dict[str, float] = {}

    def execute(nb: Path) -> None:
        t0 = time.perf_counter()
        print(f"running {nb.name} …", flush=True)
        pm.execute_notebook(str(nb), str(paths.executed_notebooks / nb.name), parameters=params,
                            cwd=str(nb.parent), progress_bar=False, kernel_name="python3")
        timings[nb.name] = time.perf_counter() - t0

    # run each notebook once the notebooks it reads from are done, two at a time
    done: set[str] = set()
    pending = list(notebooks)
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        running: dict = {}
        while pending or running:
            ready = [nb for nb in pending if requires[nb.name] <= done]
            for nb in ready[: max_workers - len(running)]:
                pending.remove(nb)
                running[pool.submit(execute, nb)] = nb
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for fut in finished:
                nb = running.pop(fut)
                fut.result()  # re-raise a notebook's error
                done.add(nb.name[:2])
    timings = [(nb.name, timings[nb.name]) for nb in notebooks]
    report = build_report(paths, timings=timings)
    print("\ntime per notebook (independent notebooks run two at a time):")
    for name, t in timings:
        print(f"  {name:<40} {t:6.1f} s")
    print(f"  {'wall time, with the report':<40} {time.perf_counter() - start:6.1f} s\nreport: {report}")
    return 0


def paragraph_table(articles: pd.DataFrame) -> pd.DataFrame:
    """One row per paragraph of every article, as a smaller document unit for topic models.

    ``article`` becomes a running paragraph number within the document and ``source_article`` keeps the
    article it came from, so tokenisers and models that key on ``(doc_id, article)`` work unchanged.
    """
    rows = []
    for rec in articles.to_dict("records"):
        for k, para in enumerate(p for p in str(rec["text"]).split("\n") if p.strip()):
            rows.append({**rec, "source_article": rec["article"], "paragraph": k + 1, "text": para,
                         "n_chars": len(para)})
    out = pd.DataFrame(rows)
    if len(out):
        out["article"] = out.groupby("doc_id").cumcount() + 1
    return out
