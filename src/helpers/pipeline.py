"""The one pipeline: raw pages to every table the notebooks read, then the whole run.

``build`` reads the corpus once, cleans, segments and extracts figures in one pass per page and writes every
table with its provenance; ``run_all`` = build + every notebook in order + the HTML report.
"""
from __future__ import annotations

import contextvars
import logging
import os
import re
import sys
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from .core.config import BuildConfig, Paths, get_paths
from .core.documents import attach_metadata, document_metadata
from .figures.metrics import METRIC_COLUMNS, extract_metric_records
from .pages.cleaning import CleanText, clean_text
from .pages.relevance import score_text
from .pages.segmentation import Segment, paragraphs_of, segment_paragraphs

log = logging.getLogger(__name__)

ARTICLE_COLUMNS = ["doc_id", "file", "article", "title", "subtitle", "byline", "text", "start", "end",
                   "n_chars", "relevant", "relevance_score", "relevance_terms", "boundary"]
META_COLUMNS = ["place", "admin_level", "province", "date", "script"]


def _page(doc_id: str, file: str, raw: str, config: BuildConfig | None = None, one_article: bool = False,
          rule_files: dict | None = None) -> tuple[CleanText, list[Segment], list[dict]]:
    """Clean one page, split it into articles and score them; keep the cleaning for offsets.

    Returns the cleaning, the segments and one row (ARTICLE_COLUMNS) per segment."""
    config = config or BuildConfig()
    files = rule_files or config.rule_files()
    clean = clean_text(raw, boilerplate_file=files["boilerplate_file"])
    paras = paragraphs_of(clean)
    if not paras:
        _note("empty page", file, "nothing left after cleaning (empty page); skipped")
        return clean, [], []
    segments = segment_paragraphs(paras, cohesion_threshold=config.cohesion_threshold,
                                  feature_threshold=config.feature_threshold)
    if one_article and len(segments) > 1:  # a row of a table export is one known article: keep it whole
        head = segments[0]
        segments = [Segment(paras=paras, title=head.title, subtitle=head.subtitle, byline=head.byline,
                            boundary="known_article", body_paras=[p for s in segments for p in s.body_paras])]
    if len(segments) == 1 and not one_article:
        _note("no article boundary", file, "no article boundary found; the page is one article")
    rows = []
    for k, seg in enumerate(segments, start=1):
        a, b = clean.raw_span(seg.start, seg.end)
        text = clean.text[seg.start:seg.end]
        rel = score_text(text, seg.title or "", threshold=config.relevance_threshold, terms_file=files["terms_file"])
        rows.append(dict(doc_id=doc_id, file=file, article=k, title=seg.title, subtitle=seg.subtitle,
                         byline=seg.byline, text=text, start=a, end=b, n_chars=len(text), relevant=rel.relevant,
                         relevance_score=rel.score, relevance_terms=rel.terms, boundary=seg.boundary))
    if not any(r["relevant"] for r in rows) and "巡察" not in clean.text:
        _note("no 巡察 text", file, "no 巡察 text on this page")
    return clean, segments, rows


# ----------------------------------------------------------------------------- warnings at scale
_NOTES: contextvars.ContextVar[list[dict] | None] = contextvars.ContextVar("page_notes", default=None)


def _note(kind: str, file: str, message: str) -> None:
    """A warning about one page: logged at once, or collected while :func:`page_warnings` is open."""
    notes = _NOTES.get()
    if notes is None:
        log.warning("%s: %s", file, message)
    else:
        notes.append(dict(file=file, kind=kind, message=message))
        log.debug("%s: %s", file, message)


@contextmanager
def page_warnings(first: int = 3):
    """Collect the per-page warnings of a corpus and log them as one line (counts by kind, the first
    ``first`` files of each), so that 3,700 "no article boundary" warnings do not bury a skipped file.
    Yields the list of ``{"file", "kind", "message"}``; nested uses share the outer list."""
    if _NOTES.get() is not None:
        yield _NOTES.get()
        return
    notes: list[dict] = []
    token = _NOTES.set(notes)
    try:
        yield notes
    finally:
        _NOTES.reset(token)
        if len(notes) <= first:  # a few: each in full
            for n in notes:
                log.warning("%s: %s", n["file"], n["message"])
        elif notes:
            files: dict[str, list[str]] = {}
            for n in notes:
                files.setdefault(n["kind"], []).append(n["file"])
            parts = [f"{len(fs)} × {kind} ({', '.join(fs[:first])}{' …' if len(fs) > first else ''})"
                     for kind, fs in sorted(files.items(), key=lambda kv: -len(kv[1]))]
            log.warning("page warnings: %s; the full list is in .attrs['warnings']", "; ".join(parts))


def _page_figures(doc_id: str, file: str, raw: str, clean: CleanText, segments: list[Segment],
                  articles: list[dict], relevant_only: bool, kinds=("reported",), rule_files: dict | None = None
                  ) -> list[dict]:
    """Figures of one page's (relevant) articles, with raw offsets (ARTICLE rows from :func:`_page`);
    ``rule_files``: the indicator, unit and phrase files (:meth:`BuildConfig.rule_files`)."""
    files = {k: v for k, v in (rule_files or BuildConfig().rule_files()).items()
             if k in ("rules_file", "units_file", "phrases_file")}
    rows = []
    for seg, art in zip(segments, articles):
        if relevant_only and not art["relevant"]:
            continue
        for rec in extract_metric_records(clean.text[seg.start:seg.end], kinds=kinds, **files):
            a, b = clean.raw_span(seg.start + rec["start"], seg.start + rec["end"])
            rec.update(doc_id=doc_id, file=file, article=int(art["article"]), start=a, end=b,
                       value_text=_SURROGATE.sub("\ufffd", raw[a:b]))  # a lone surrogate cannot be stored
            rows.append(rec)
    return rows


def _page_batch(pages: list[tuple], config: BuildConfig, figures: bool) -> tuple[list[dict], list[dict], list[dict]]:
    """The per-page work for a batch of pages ``(doc_id, file, raw, one_article)``, in plain records: article
    rows, figure rows and the pages' warnings. Module-level so that a process pool or a Dask worker runs it."""
    art_rows, fig_rows = [], []
    token = _NOTES.set([])
    files = config.rule_files()
    try:
        for doc_id, file, raw, one in pages:
            clean, segments, rows = _page(doc_id, file, raw, config, one_article=bool(one), rule_files=files)
            art_rows += rows
            if figures:
                fig_rows += _page_figures(doc_id, file, raw, clean, segments, rows, config.relevant_only,
                                          config.metric_kinds, files)
        notes = _NOTES.get()
    finally:
        _NOTES.reset(token)
    return art_rows, fig_rows, notes


def iter_page_batches(documents: pd.DataFrame, config: BuildConfig | None = None, *, figures: bool = True):
    """Yield ``(article rows, figure rows)`` per batch of ``config.batch_pages`` pages, in document order, the
    pages processed by ``config.engine`` with ``config.n_jobs`` workers (:func:`helpers.core.parallel.map_batches`).

    Page warnings go to the enclosing :func:`page_warnings` (or are logged one by one without one)."""
    from .core.parallel import batched, map_batches

    config = config or BuildConfig()
    whole = (documents["one_article"].fillna(False).astype(bool) if "one_article" in documents.columns
             else pd.Series(False, index=documents.index))  # rows of table exports: articles already known
    pages = list(zip(documents["doc_id"], documents["file"], documents["text"], whole))
    notes = _NOTES.get()
    for art_rows, fig_rows, page_notes in map_batches(
            _page_batch, batched(pages, config.batch_pages), args=(config, figures), n_jobs=config.n_jobs,
            engine=config.engine, scheduler=config.scheduler, desc="pages", unit="page", total=len(pages)):
        for n in page_notes:
            if notes is None:
                log.warning("%s: %s", n["file"], n["message"])
            else:
                notes.append(n)
        yield art_rows, fig_rows


def start_pool_early(sources: list[Path], config: BuildConfig | None = None) -> None:
    """Start the worker pool's fork server (importing this module in it) before the corpus is read, when the
    pages will need more than one batch, so that the workers' start-up (about a second) overlaps the reading."""
    from .core.parallel import resolve_jobs, start_workers_early

    config = config or BuildConfig()
    if config.engine != "local" or resolve_jobs(config.n_jobs) == 1:
        return
    enough, seen = 2 * config.batch_pages, 0
    for src in map(Path, sources):
        walk = (f for _, _, files in os.walk(src) for f in files) if src.is_dir() else iter([src])
        for _ in walk:
            seen += 1
            if seen >= enough:
                start_workers_early(config.n_jobs, __name__)
                return


def _metrics_frame(fig_rows: list[dict]) -> pd.DataFrame:
    out = pd.DataFrame(fig_rows, columns=METRIC_COLUMNS)
    out = out.astype({"figure_id": "Int64", "part_of": "Int64", "repeat_of": "Int64"})
    return out.astype({"article": "int64", "start": "int64", "end": "int64"}) if len(out) else out


def process_documents(documents: pd.DataFrame, config: BuildConfig | None = None, *, figures: bool = True
                      ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Articles and figures of every document in one pass per page (clean → segment → relevance → figures).

    Returns ``(articles, metrics)``: one row per article with relevance and document metadata, and one row
    per figure (an empty table when ``figures`` is False). Offsets in both index the raw text. Pages are
    processed in batches by ``config.n_jobs`` workers; the rows come out in document order whatever the
    number of workers. For corpora too large to hold, :func:`stream_documents` writes the tables batch by batch.
    """
    config = config or BuildConfig()
    art_rows, fig_rows = [], []
    with page_warnings() as notes:
        for arts, figs in iter_page_batches(documents, config, figures=figures):
            art_rows += arts
            fig_rows += figs
    arts = pd.DataFrame(art_rows, columns=ARTICLE_COLUMNS)
    arts = attach_metadata(arts, document_metadata(documents), [*META_COLUMNS, "year"])
    out = _metrics_frame(fig_rows)
    arts.attrs["warnings"] = out.attrs["warnings"] = list(notes)
    return arts, out


#: Column types of the streamed tables that must not depend on the first batch (counts sometimes missing).
ARTICLE_TYPES = {"article": "int64", "start": "int64", "end": "int64", "n_chars": "int64", "relevant": "bool",
                 "relevance_score": "float64", "year": "Int64"}
METRIC_TYPES = {"article": "int64", "start": "int64", "end": "int64", "value": "float64", "value_high": "float64",
                "confidence": "float64", "needs_review": "bool", "figure_id": "Int64", "part_of": "Int64",
                "repeat_of": "Int64", "year": "Int64"}
WARNING_COLUMNS = ["file", "kind", "message"]


def stream_documents(documents: pd.DataFrame, folder: str | Path, config: BuildConfig | None = None, *,
                     metrics_rows=None, write=None) -> dict[str, Path]:
    """Articles and metrics of every document written to ``folder`` as the pages finish (``articles`` and
    ``metrics``, CSV and parquet, one parquet row group per batch of pages), and the pages' warnings
    (``warnings.csv``: file, kind, message; summarised in one log line). Memory is bounded by the batches in
    flight, not by the corpus; the files are byte-identical whatever the engine and the number of workers.

    ``metrics_rows``: a function applied to each batch's metrics frame before it is written (e.g. adding
    document metadata); ``write``: ``{"step", "config", "inputs"}`` for the provenance records.
    Returns ``{file name: path}``.
    """
    from .core.streams import TableStream

    config = config or BuildConfig()
    folder = Path(folder)
    write = dict(write or {})
    meta = document_metadata(documents)
    art_cols = [*ARTICLE_COLUMNS, *[c for c in [*META_COLUMNS, "year"] if c in meta.columns]]
    met_cols = list(metrics_rows(_metrics_frame([])).columns) if metrics_rows is not None else METRIC_COLUMNS
    paths: dict[str, Path] = {}
    with page_warnings() as notes:
        with TableStream(folder / "articles", art_cols, types=ARTICLE_TYPES, step="segment",
                         config=write.get("config"), inputs=write.get("inputs")) as arts_out, \
             TableStream(folder / "metrics", met_cols, types=METRIC_TYPES, step="metrics",
                         config=write.get("config"), inputs=write.get("inputs")) as mets_out:
            for art_rows, fig_rows in iter_page_batches(documents, config):
                arts = pd.DataFrame(art_rows, columns=ARTICLE_COLUMNS)
                arts = attach_metadata(arts, batch_metadata(meta, arts["doc_id"]), [*META_COLUMNS, "year"])
                arts_out.append(arts)
                mets = _metrics_frame(fig_rows)
                mets_out.append(metrics_rows(mets) if metrics_rows is not None and len(mets) else mets)
        with TableStream(folder / "warnings", WARNING_COLUMNS, suffixes=(".csv",), step="warnings",
                         config=write.get("config"), inputs=write.get("inputs")) as warn_out:
            warn_out.append(pd.DataFrame(notes, columns=WARNING_COLUMNS))
    if notes:
        log.warning("%d page warning(s) in %s", len(notes), warn_out.paths[0])
    for t in (arts_out, mets_out, warn_out):
        for p in t.paths:
            paths[p.name] = p
    return paths


def batch_metadata(meta: pd.DataFrame, doc_ids) -> pd.DataFrame:
    """The rows of a document metadata table (:func:`~helpers.core.documents.document_metadata`) of the given
    documents: a batch's rows joined to these instead of the whole corpus's metadata (the join checks that the
    right side's keys are unique, which over 29,000 documents per batch of 64 pages costs more than the join)."""
    ids = pd.Series(doc_ids).astype(str).unique()
    part = meta[meta["doc_id"].isin(ids)]
    return part if len(part) else meta


def segment_documents(documents: pd.DataFrame, config: BuildConfig | None = None) -> pd.DataFrame:
    """Articles of every document: one row per article, with relevance and document metadata."""
    return process_documents(documents, config, figures=False)[0]


def extract_document_metrics(documents: pd.DataFrame, *, relevant_only: bool = True,
                             config: BuildConfig | None = None) -> pd.DataFrame:
    """Figures of every (relevant) article of every document, with raw offsets of each figure.

    ``start``/``end`` index the document's raw text (``documents.text``), so
    ``raw[start:end]`` is the figure as printed (spaces and traditional characters included).
    """
    from dataclasses import replace

    config = replace(config or BuildConfig(), relevant_only=relevant_only)
    return process_documents(documents, config)[1]


# ----------------------------------------------------------------------------- whole run
#: Written into the processed folder when a run starts, removed when it ends well: while it is there the
#: folder may hold tables of two runs.
INCOMPLETE_MARKER = "RUN_INCOMPLETE"
_SURROGATE = re.compile(r"[\ud800-\udfff]")


class NotebookFailed(RuntimeError):
    """A notebook stopped with an error: its name, cell and last error, in one line."""


def check_run(paths) -> None:
    """Everything ``run`` needs, checked before any table or notebook is made: the raw folder exists, the
    processed and reports folders are writable and outside it (raw is read-only), its manifest reads, and
    the notebooks folder exists. Raises ``FileNotFoundError``, ``ManifestError`` or ``OutputError``."""
    from .core.tables import check_output_dir
    from .ingest.corpus import MANIFEST_NAME, read_manifest

    raw = Path(paths.raw)
    if not raw.is_dir():
        raise FileNotFoundError(f"raw folder {raw} " + ("is a file, not a folder" if raw.exists() else "does not exist")
                                + " (give --raw-dir or set XUNCHA_RAW_DIR)")
    for what, folder in (("--processed-dir", paths.processed), ("--reports-dir", paths.reports)):
        check_output_dir(folder, inputs=[raw], what=what)
    if (raw / MANIFEST_NAME).is_file():
        read_manifest(raw / MANIFEST_NAME)
    if not Path(paths.notebooks).is_dir():
        raise FileNotFoundError(f"notebooks folder {paths.notebooks} does not exist")


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


#: Kernel options for a quiet run: no "running over TCP without encryption" banner per notebook.
KERNEL_QUIET_ARGS = ["--IPKernelApp.log_level=CRITICAL"]


@contextmanager
def _quiet_kernels():
    """Keep papermill's and the kernel manager's INFO chatter out of the run's output."""
    names = ("papermill", "traitlets", "nbclient", "jupyter_client")
    levels = {n: logging.getLogger(n).level for n in names}
    for n in names:
        logging.getLogger(n).setLevel(logging.ERROR)
    try:
        yield
    finally:
        for n, level in levels.items():
            logging.getLogger(n).setLevel(level)


def run_all(paths, *, only: str | None = None, seed: int | None = None, max_workers: int = 2,
            config: BuildConfig | None = None) -> int:
    """Build every table (:func:`build`), execute every ``notebooks/NN_*.ipynb`` with papermill, then the report.

    With ``only`` the tables are not rebuilt: the selected notebooks read what the last build wrote.

    Each notebook gets the parameters ``corpus_dir``, ``processed_dir``, ``reports_dir`` and ``seed``
    and is written, executed, to ``reports/notebooks/``. A notebook starts once the notebooks it reads
    from (its ``requires`` metadata) are done; independent ones run two at a time. Prints the time per
    notebook.
    """
    import time
    from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait

    from .core.config import RANDOM_STATE
    from .viz.report import build_report, light_imports

    light_imports()
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    notebooks = sorted(paths.notebooks.glob("[0-9][0-9]_*.ipynb"))
    if only:
        wanted = {w.strip() for w in only.split(",") if w.strip()}
        notebooks = [nb for nb in notebooks if nb.name[:2] in wanted]
    if not notebooks:
        log.error("no notebooks found in %s", paths.notebooks)
        return 1
    check_run(paths)
    paths.processed.mkdir(parents=True, exist_ok=True)
    marker = paths.processed / INCOMPLETE_MARKER
    marker.write_text(f"a run started at {time.strftime('%Y-%m-%d %H:%M:%S')} has not finished: the tables here "
                      "may come from two runs; run `xuncha run` again\n", encoding="utf-8")
    paths.executed_notebooks.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    if not only:
        print("building the tables …", flush=True)
        config = config or BuildConfig(random_state=RANDOM_STATE if seed is None else seed)
        try:
            build(config, paths=paths)
        except Exception as exc:  # the report still says what happened, then the error goes on to the caller
            try:
                build_report(paths, failures={"xuncha build": f"the tables were not built: {exc}"})
            except Exception:  # noqa: BLE001 - the build's error is the message
                pass
            raise
        print(f"  {'tables built':<40} {time.perf_counter() - start:6.1f} s", flush=True)
    params = dict(corpus_dir=str(paths.raw), processed_dir=str(paths.processed), reports_dir=str(paths.reports),
                  seed=RANDOM_STATE if seed is None else seed)
    requires = _requirements(notebooks)
    timings: dict[str, float] = {}

    def execute(nb: Path) -> None:
        t0 = time.perf_counter()
        try:
            pm.execute_notebook(str(nb), str(paths.executed_notebooks / nb.name), parameters=params,
                                cwd=str(nb.parent), progress_bar=False, kernel_name="python3",
                                extra_arguments=KERNEL_QUIET_ARGS)
        except PapermillExecutionError as exc:  # its last error in one block, not 60 lines of traceback
            print(f"  {nb.name:<40} failed", flush=True)
            raise NotebookFailed(f"{nb.name} failed in cell {exc.exec_count}: {exc.ename}: {exc.evalue}\n"
                                 f"  the executed notebook, with the full traceback: "
                                 f"{paths.executed_notebooks / nb.name}") from None
        timings[nb.name] = time.perf_counter() - t0
        print(f"  {nb.name:<40} {timings[nb.name]:6.1f} s", flush=True)

    # run each notebook once the notebooks it reads from are done, two at a time
    done: set[str] = set()
    failures: list[NotebookFailed] = []
    failed: dict[str, str] = {}  # notebook name -> its error, for the report
    pending = list(notebooks)
    with _quiet_kernels(), ThreadPoolExecutor(max_workers=max_workers) as pool:
        running: dict = {}
        while pending or running:
            ready = [nb for nb in pending if requires[nb.name] <= done]
            if not ready and not running:  # what they need failed or was not run
                for nb in pending:
                    failed[nb.name] = f"{nb.name} not run: a notebook it needs did not finish"
                break
            for nb in ready[: max_workers - len(running)]:
                pending.remove(nb)
                running[pool.submit(execute, nb)] = nb
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for fut in finished:
                nb = running.pop(fut)
                error = fut.exception()
                if isinstance(error, NotebookFailed):  # the others still run; the report marks this one
                    failures.append(error)
                    failed[nb.name] = str(error)
                    for other in [o for o in pending if nb.name[:2] in requires[o.name]]:
                        pending.remove(other)  # it reads what the failed one should have made
                        failed[other.name] = f"{other.name} not run: it needs {nb.name}, which failed"
                    continue
                if error is not None:
                    raise error
                done.add(nb.name[:2])
    timings = [(nb.name, timings[nb.name]) for nb in notebooks if nb.name in timings]
    if failures:
        for error in failures:
            print(f"\nnotebook {error}", flush=True)
        try:
            print(f"report (incomplete): {build_report(paths, timings=timings, failures=failed)}")
        except Exception as exc:  # the report is a courtesy here: the notebook's error is the message
            log.warning("the report could not be built either: %s", exc)
        return 1
    report = build_report(paths, timings=timings)
    marker.unlink(missing_ok=True)
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


# ----------------------------------------------------------------------------- build: every table, once
def topic_documents(articles: pd.DataFrame, config: BuildConfig | None = None) -> tuple[str, pd.DataFrame]:
    """The topic models' document unit and table: articles, or paragraphs when the corpus is small."""
    config = config or BuildConfig()
    unit = "article" if len(articles) >= config.topic_min_articles else "paragraph"
    return unit, (articles if unit == "article" else paragraph_table(articles))


def topic_tokens(docs: pd.DataFrame, tokens: pd.DataFrame | None = None, *, backend: str = "jieba",
                 names: set[str] | None = None) -> pd.DataFrame:
    """Tokens for keywords and topics: words of two or more characters, no stopwords, no numbers or measure
    words, and no reporters' names (from the bylines: they say who wrote, not what about).

    ``tokens``: the documents' token table when it is already made (:class:`~helpers.words.tokens.ChineseTokenizer`
    with its defaults; any minimum length up to 2), filtered here instead of tokenising the documents again (the
    rows are the same: positions, sentences and offsets do not depend on the minimum length); else the documents
    are tokenised with ``backend``. ``names``: the byline names to drop (default: those of ``docs``)."""
    from .words.bylines import byline_names
    from .words.tokens import ChineseTokenizer

    if tokens is None:
        tokens = ChineseTokenizer(min_length=2, backend=backend).tokenize_articles(docs)
    return TopicWords(byline_names(docs) if names is None else names)(tokens)


class TopicWords:
    """The filter of :func:`topic_tokens` for a stream of token tables: each distinct word is judged once (two or
    more characters, not a number or measure word, not part of a byline name) and remembered for later pieces."""

    def __init__(self, names: set[str]):
        from .words.bylines import name_pieces

        self.pieces = name_pieces(names)
        self.judged: dict[str, bool] = {}

    def keep(self, word: str) -> bool:
        from .words.frequency import is_number_or_measure

        ok = self.judged.get(word)
        if ok is None:
            ok = self.judged[word] = (len(word) >= 2 and _NUMBER_TOKEN.fullmatch(word) is None
                                      and not is_number_or_measure(word) and word not in self.pieces)
        return ok

    def __call__(self, tokens: pd.DataFrame) -> pd.DataFrame:
        vocab = tokens["token"].astype(str).unique()
        kept = [w for w in vocab if self.keep(w)]
        return tokens[tokens["token"].isin(kept)].reset_index(drop=True)


_NUMBER_TOKEN = re.compile(r"[\d.,%]+")


#: Token columns of the tokens and topic_tokens tables whose type does not depend on the first piece.
TOKEN_TYPES = {"article": "int64", "sentence": "int64", "position": "int64", "start": "int64", "end": "int64"}


def tokenize_corpus(articles: pd.DataFrame, docs: pd.DataFrame | None, folder: str | Path,
                    config: BuildConfig | None = None, *, write: dict | None = None,
                    on_tokens=None, on_words=None) -> dict[str, Path]:
    """The ``tokens`` table (relevant articles) and, when the topic documents are the articles (``docs`` given),
    the ``topic_tokens`` table from **one** tokenisation of every article, written piece by piece as parquet
    (:meth:`~helpers.words.tokens.ChineseTokenizer.iter_tokenize_articles`; a process pool of ``config.n_jobs``
    workers from :data:`TOKENS_POOL_CHARS` characters of text on): memory is bounded by the pieces, not by the
    corpus. The tokenizer is ``config.tokenizer_backend`` (:func:`tokenizer_backend`), recorded in both tables'
    provenance. Without ``docs`` only the relevant articles are tokenised. ``on_tokens``, ``on_words``: called with
    each piece of the tokens and topic_tokens tables as it is written (e.g.
    :meth:`~helpers.words.network.CooccurrenceCounts.add`, :meth:`~helpers.words.tokens.TokenCodes.add`). Returns
    ``{file name: path}``."""
    from .words.bylines import byline_names
    from .words.tokens import CHUNK_CHARS, TOKEN_COLUMNS, ChineseTokenizer

    config = config or BuildConfig()
    write = dict(write or {})
    folder = Path(folder)
    source = articles if docs is not None else articles[articles["relevant"].astype(bool)]
    chars = int(source["text"].str.len().sum()) if len(source) else 0
    tokenizer = ChineseTokenizer(backend=tokenizer_backend(config.tokenizer_backend),
                                 n_jobs=config.n_jobs if chars >= TOKENS_POOL_CHARS else 1)
    params = tokenizer.get_params()
    extra = {"tokenizer": params, "tokenised": "every article once (tokens: the relevant ones; topic_tokens: "
                                              "their words)" if docs is not None else "the relevant articles"}
    names = byline_names(docs) if docs is not None else set()
    relevant = articles.loc[articles["relevant"].astype(bool), ["doc_id", "article"]]
    relevant_keys = pd.MultiIndex.from_arrays([relevant["doc_id"].astype(str), relevant["article"].astype("int64")])
    streams = [_token_stream(folder / "tokens", TOKEN_COLUMNS, types=TOKEN_TYPES, suffixes=(".parquet",),
                            step="tokenize", config={**write.get("config", {}), **extra}, inputs=write.get("inputs"))]
    if docs is not None:
        streams.append(_token_stream(folder / "topic_tokens", TOKEN_COLUMNS, types=TOKEN_TYPES, suffixes=(".parquet",),
                                    step="topics", config={**write.get("config", {}), "unit": "article", **extra},
                                    inputs=write.get("inputs")))
    from contextlib import ExitStack

    words = TopicWords(names)
    with ExitStack() as stack:
        outs = [stack.enter_context(st) for st in streams]
        for piece in tokenizer.iter_tokenize_articles(source, chunk_chars=CHUNK_CHARS):
            if docs is not None:
                kept = words(piece)
                outs[1].append(kept)
                if on_words is not None:
                    on_words(kept)
                piece = piece[pd.MultiIndex.from_arrays([piece["doc_id"], piece["article"]]).isin(relevant_keys)]
            outs[0].append(piece)
            if on_tokens is not None:
                on_tokens(piece)
    return {p.name: p for st in streams for p in st.paths}


def release_memory() -> None:
    """Give freed memory back to the system: Python's garbage, arrow's memory pool and (on Linux, glibc) the
    heap's free pages. A large corpus's steps free hundreds of megabytes that the allocators would otherwise
    keep (100 MB corpus: 800 MB resident after the reprints' search, 500 MB after this)."""
    import gc

    gc.collect()
    try:
        import pyarrow as pa

        pa.default_memory_pool().release_unused()
    except (ImportError, AttributeError):  # pragma: no cover - an older pyarrow
        pass
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL("libc.so.6").malloc_trim(0)
        except (OSError, AttributeError):  # pragma: no cover - not glibc (musl)
            pass


def _token_stream(*args, **kwargs):
    """A :class:`~helpers.core.streams.TableStream` for token tables: their pieces have fixed types (text and
    64-bit integers), so each goes to arrow as a whole instead of cell by cell (millions of cells per piece)."""
    import pyarrow as pa

    from .core.streams import TableStream

    class TokenStream(TableStream):
        def _arrow(self, df: pd.DataFrame) -> pa.Table:
            return pa.Table.from_pandas(df, schema=self.schema, preserve_index=False)

    return TokenStream(*args, **kwargs)


def research_metrics(metrics: pd.DataFrame, documents: pd.DataFrame, meta: pd.DataFrame | None = None
                     ) -> pd.DataFrame:
    """The metrics table as researchers read it: every figure with its document's metadata (place, admin
    level, province, date, year, source) and the indicator's Chinese and English names beside the key.
    ``meta``: ``document_metadata(documents)`` when already made (a stream of batches makes it once)."""
    from .core.labels import add_indicator_names

    meta = document_metadata(documents) if meta is None else meta
    if len(metrics) and "doc_id" in metrics.columns:
        meta = batch_metadata(meta, metrics["doc_id"])
    out = attach_metadata(metrics, meta, ["place", "admin_level", "province", "date", "year", "source"])
    return add_indicator_names(out) if "indicator" in out.columns else out


def tokenizer_backend(name: str = "auto") -> str:
    """The tokens table's backend: ``"auto"`` = rjieba when installed (it agrees with jieba on the suite's
    tests and is about 7x faster), else jieba; any other name as given."""
    if name != "auto":
        return name
    import importlib.util

    return "rjieba" if importlib.util.find_spec("rjieba") is not None else "jieba"


def topic_backend(name: str, n_docs: int, threshold: int = 300) -> str:
    """The LDA backend: ``"auto"`` = scikit-learn for class-sized corpora (up to ``threshold`` documents: the
    seed pages' few dozen articles), tomotopy above it when installed (collapsed Gibbs sampling in C++, one
    thread; 4.7x faster than scikit-learn's batch variational Bayes on 10,000 documents and far faster on more;
    both deterministic with a seed)."""
    if name != "auto":
        return name
    import importlib.util

    if n_docs > threshold and importlib.util.find_spec("tomotopy") is not None:
        return "tomotopy"
    return "sklearn"


#: Text (characters) from which the tokens are made in a process pool: below it the pool's start-up (a worker
#: imports the tokenizer and loads the dictionary, about 2 s) costs more than it saves.
TOKENS_POOL_CHARS = 3_000_000


def topic_sweeps(n_tokens: int, budget: int, most: int = 200, least: int = 20) -> int:
    """Gibbs sweeps of a tomotopy fit on ``n_tokens`` tokens: ``budget // n_tokens`` (token-sweeps: the work
    of the sampler, linear in both), between ``least`` and ``most`` (tomotopy's default 200 for small corpora).
    A large corpus needs fewer sweeps: each sweep updates the topics from many more tokens."""
    return int(max(least, min(most, budget // max(int(n_tokens), 1))))


def sample_topic_documents(words: pd.DataFrame, n: int, random_state: int) -> pd.DataFrame:
    """The token rows of a seeded sample of ``n`` topic documents (``doc_id, article``), in table order; all
    rows when there are no more than ``n`` documents or ``n`` is 0. Model selection runs on this sample."""
    keys = words[["doc_id", "article"]].drop_duplicates()
    if not n or len(keys) <= n:
        return words
    keep = keys.sample(n=n, random_state=random_state)
    index = pd.MultiIndex.from_frame(keep)
    mask = pd.MultiIndex.from_frame(words[["doc_id", "article"]]).isin(index)
    return words[mask].reset_index(drop=True)


def build_reprints(articles: pd.DataFrame, documents: pd.DataFrame, config: BuildConfig | None = None
                   ) -> pd.DataFrame:
    """The reprints table of the build: copies of one report among the articles whose figures are counted
    (the relevant ones, or every article when ``config.relevant_only`` is off), so that a report's canonical
    copy is always one whose figures are in the metrics table. The articles carry the documents' ``source``
    for ``reprinted_from``; ``attrs`` hold the detection's parameters and the scope."""
    from .pages.reprints import find_reprints

    config = config or BuildConfig()
    scanned = articles[articles["relevant"].astype(bool)] if config.relevant_only else articles
    cols = [c for c in ["doc_id", "article", "file", "title", "text", "date", "script"] if c in scanned.columns]
    # the metadata joined to the other columns, the texts put back beside them: the join would copy them again
    # (rows keep their order and number: one document per article)
    text = scanned["text"].array if "text" in cols else None
    scanned = attach_metadata(scanned[[c for c in cols if c != "text"]], document_metadata(documents),
                              ["date", "script", "source"])
    if text is not None:
        scanned.insert(cols.index("text"), "text", text)
    reprints = find_reprints(scanned, threshold=config.reprint_threshold)
    reprints.attrs["scope"] = "relevant articles" if config.relevant_only else "every article"
    return reprints


def build(config: BuildConfig | None = None, paths: Paths | None = None, inputs=None) -> dict[str, Path]:
    """Read the corpus once and write every table the notebooks read, each with its provenance record.

    Parameters
    ----------
    config:
        Every tunable (:class:`~helpers.core.config.BuildConfig`); recorded in each table's provenance.
    paths:
        The run's folders (default :func:`~helpers.core.config.get_paths`): pages are read from
        ``paths.raw`` (or ``inputs``), tables written to ``paths.processed``.
    inputs:
        Files or folders to read instead of ``paths.raw``.

    Returns
    -------
    ``{table name: path}`` of everything written: documents, articles, metrics (CSV and parquet), reprints,
    tokens, slogans, cooccurrence (GraphML), keywords, topic_selection, topic_terms, doc_topics, ratios and the Excel
    workbook ``xuncha_tables.xlsx``.
    """
    import networkx as nx  # noqa: F401 - fail early if the environment is incomplete

    from .compare.comparison import (
        figure_density,
        indicator_ratios,
        once_per_report,
        tidy_indicators,
        wide_indicators,
        write_workbook,
    )
    from .core.tables import read_table, write_table
    from .ingest.corpus import load_corpus
    from .pages.reprints import flag_canonical
    from .topics.keywords import tfidf_top_terms
    from .topics.models import TopicModel, choose_k, select_k
    from .words.network import CooccurrenceCounts, write_graphml
    from .words.slogans import extract_slogans
    from .words.tokens import TokenCodes

    config = config or BuildConfig()
    paths = paths or get_paths()
    sources = [Path(p) for p in inputs] if inputs else [paths.raw]
    from .core.tables import check_output_dir  # raw is read-only: checked before any work

    check_output_dir(paths.processed, inputs=[*sources, config.manifest], what="processed folder")
    start_pool_early(sources, config)
    documents = load_corpus(sources, manifest=config.manifest)
    if documents.empty:
        raise ValueError("no readable documents in " + ", ".join(map(str, sources)))
    out = paths.processed
    settings = config.as_dict()
    written: dict[str, Path] = {}

    def save(name: str, df: pd.DataFrame, step: str, suffixes=(".csv",), extra: dict | None = None) -> None:
        for suffix in suffixes:
            written[f"{name}{suffix}"] = write_table(df, out / f"{name}{suffix}", step=step, inputs=documents,
                                                     config={**settings, **(extra or {})})

    docs_table = documents.drop(columns=["path"], errors="ignore")
    save("documents", docs_table, "corpus", (".csv", ".parquet"))
    # articles, metrics and warnings written as the pages finish (memory bounded by the batches in flight);
    # the later steps read them back in arrow-backed columns, far smaller than the pages' Python records
    meta = document_metadata(documents)  # once, not once per batch of pages
    written.update(stream_documents(documents, out, config,
                                    metrics_rows=lambda m: research_metrics(m, documents, meta),
                                    write=dict(config=settings, inputs=documents)))
    # the pages' text is in the articles now: the documents keep their metadata only
    documents, docs_table = documents.drop(columns=["text"]), docs_table.drop(columns=["text"])
    release_memory()  # the pages' texts and the batches' records, back to the system before the reprints' search
    articles = read_table(out / "articles.parquet")  # the metrics are read when the comparison tables need them
    reprints = build_reprints(articles, documents, config)
    save("reprints", reprints, "reprints", extra=reprints.attrs)
    articles = flag_canonical(articles, reprints)  # cluster_id, canonical: each report counted once below

    slogans = extract_slogans(articles.loc[articles["relevant"], ["doc_id", "article", "text"]])
    release_memory()  # what the reprints' search freed, back to the system before the tokenizer's workers start
    save("slogans", slogans, "slogans")
    # tokens: one tokenisation of every article, written piece by piece (tokens = the relevant articles' rows;
    # topic_tokens = their words, when the articles are the topic documents)
    unit, docs = topic_documents(articles, config)
    # the network's counts and the topic models' words (as integer codes) gathered as the pieces are written
    counts, codes = CooccurrenceCounts(), TokenCodes()
    written.update(tokenize_corpus(articles, docs if unit == "article" else None, out, config,
                                   write=dict(config=settings, inputs=documents), on_tokens=counts.add,
                                   on_words=codes.add))
    if counts.n_tokens:
        written["cooccurrence.graphml"] = write_graphml(counts.graph(top_n=config.network_terms),
                                                        out / "cooccurrence.graphml")
    del counts
    if unit == "article" and config.workbook_max_rows and len(articles) > config.workbook_max_rows:
        # the texts are tokenised and the articles too many for the workbook: nothing below reads the texts
        articles = docs = articles.drop(columns=["text"])
    if unit != "article":  # a small corpus: paragraphs are the topic documents
        words = topic_tokens(docs, backend=tokenizer_backend(config.tokenizer_backend))
        save("topic_tokens", words, "topics", (".parquet",), {"unit": unit})
        words = words[["doc_id", "article", "token"]]
    else:  # doc_id and token as categories: one string per distinct value, not one per row
        words = codes.frame()
    del codes
    release_memory()

    n_docs = words[["doc_id", "article"]].drop_duplicates().shape[0]
    if config.keywords_by in docs.columns and n_docs:
        groups = docs[["doc_id", "article", config.keywords_by]]
        keywords = tfidf_top_terms(words, by=["doc_id", "article"], groups=groups, group_by=config.keywords_by,
                                   top_n=config.keywords_top_n)
        save(f"keywords_by_{config.keywords_by}", keywords, "keywords", extra=keywords.attrs.get("params", {}))
    ks = [k for k in config.topic_ks if k < n_docs] or ([2] if n_docs > 2 else [])
    if ks:
        seeds = tuple(config.random_state + i for i in range(config.topic_seeds))
        backend = topic_backend(config.topic_backend, n_docs, config.topic_auto_threshold)
        sample = sample_topic_documents(words, config.topic_sample, config.random_state)
        scale = {"unit": unit, "backend": backend, "documents": n_docs, "tokens": int(len(words)),
                 "selection_documents": int(sample[["doc_id", "article"]].drop_duplicates().shape[0]),
                 "selection_sample": "all documents" if len(sample) == len(words) else
                 f"seeded sample of {config.topic_sample} documents (random_state={config.random_state})"}
        fit = {}
        if backend == "tomotopy":  # Gibbs sweeps within the budget of token-sweeps (topic_sweeps)
            fit = {"max_iter": topic_sweeps(len(words), config.topic_token_sweeps)}
            scale.update(selection_sweeps=topic_sweeps(len(sample), config.topic_token_sweeps),
                         final_sweeps=fit["max_iter"], token_sweeps_budget=config.topic_token_sweeps,
                         doc_topics="the fitted model's topic shares of its documents (last Gibbs state)")
        log.info("topics: %d documents, backend %s, K selected on %s", n_docs, backend, scale["selection_sample"])
        selection = select_k(sample, ks=ks, seeds=seeds, random_state=config.random_state,
                             min_df=config.topic_min_df, backend=backend,
                             **({"max_iter": scale["selection_sweeps"]} if fit else {}))
        save("topic_selection", selection, "topics", extra=scale)
        k = choose_k(selection, criterion="coherence") if selection["coherence"].notna().any() else min(ks)
        model = TopicModel(n_topics=k, random_state=config.random_state, min_df=config.topic_min_df,
                           backend=backend, **fit).fit(words)
        save("topic_terms", model.topic_term_, "topics", extra={**scale, "model": model.get_params()})
        # tomotopy: the shares of the fit itself (inferring them again would cost as much as the fit); scikit-learn
        # (small corpora): transform, as before
        doc_topics = model.doc_topic_ if backend == "tomotopy" else model.transform(words)
        save("doc_topics", doc_topics, "topics", extra={**scale, "model": model.get_params()})
    else:
        log.warning("too few documents for topic models (%d); topic tables not written", n_docs)

    metrics = read_table(out / "metrics.parquet")
    once = dict(articles=articles, count_reprints=config.count_reprints)
    counted = once_per_report(metrics, articles, count_reprints=config.count_reprints)
    reprint_note = {"figures_of_reprints": "counted (count_reprints=True)" if config.count_reprints else
                    f"left out: {counted.attrs['reprints_dropped']} figure(s) of articles reprinting another "
                    f"(count_reprints=False; each report counted once, as its canonical article)"}
    tidy = tidy_indicators(metrics, documents, **once)
    save("indicators_tidy", tidy, "compare", extra=reprint_note)
    wide = wide_indicators(tidy)
    save("indicators_wide", wide, "compare", extra=reprint_note)
    ratios = indicator_ratios(metrics, documents, **once)
    save("ratios", ratios, "compare", extra=reprint_note)
    density = figure_density(metrics, articles, count_reprints=config.count_reprints)
    save("numeric_density", density, "compare", extra=reprint_note)
    workbook = out / "xuncha_tables.xlsx"
    sheets = {"documents": docs_table, "articles": articles, "metrics": metrics, "reprints": reprints,
              "indicators_tidy": tidy, "indicators_wide": wide, "ratios": ratios, "numeric_density": density,
              "slogans": slogans}
    full = {name: ", ".join(p for p in (f"{name}.csv", f"{name}.parquet") if p in written) + " (beside this workbook)"
            for name in sheets}
    write_workbook(sheets, workbook, max_rows=config.workbook_max_rows, full_tables=full)
    written["xuncha_tables.xlsx"] = workbook
    log.info("build: %d tables in %s", len(written), out)
    return written
