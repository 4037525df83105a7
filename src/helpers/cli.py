"""The ``xuncha`` command line (also ``python -m helpers``): one sub-command per pipeline step.

Each sub-command reads text files or folders, calls the helper functions the notebooks use, and
writes a table (CSV or parquet, by the ``--out`` suffix) with its provenance record.
"""
from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from helpers import __version__
from helpers.core.config import get_paths

log = logging.getLogger("helpers")


def _paths_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help="files or folders (*.txt, .html, .docx, .pdf, .csv, .xlsx, .jsonl; default: the raw folder)")


def _out_arg(p: argparse.ArgumentParser, default: str) -> None:
    p.add_argument("--out", "-o", required=False, default=None, metavar="FILE",
                   help=f"output table, .csv, .parquet or .xlsx (default: <processed dir>/{default}); "
                        "never inside an input folder")


def _inputs(args) -> list[Path]:
    return [Path(p) for p in args.paths] or [get_paths(raw=args.raw_dir).raw]


def _out(args, default: str) -> Path:
    """The output table, checked before any work: suffix (.csv, .parquet, .xlsx in any case), not a folder,
    a writable folder, and never an input file, the manifest or a path inside an input folder."""
    from helpers.core.tables import check_output

    out = Path(args.out) if args.out else get_paths(processed=args.processed_dir).processed / default
    inputs = _inputs(args)
    manifest = getattr(args, "manifest", None)
    besides = [(p if p.is_dir() else p.parent) / "manifest.csv" for p in inputs]
    return check_output(out, inputs=[*inputs, *([manifest] if manifest else besides)])


def _load(args):
    from helpers.ingest.corpus import load_corpus
    from helpers.pipeline import start_pool_early

    start_pool_early(_inputs(args))
    docs = load_corpus(_inputs(args), manifest=getattr(args, "manifest", None))
    if docs.empty:
        raise SystemExit("no readable documents in " + ", ".join(map(str, _inputs(args))))
    return docs


# ----------------------------------------------------------------------------- commands
def cmd_corpus(args) -> int:
    from helpers.core.tables import write_table

    out = _out(args, "documents.csv")
    docs = _load(args)
    write_table(docs.drop(columns=["path"]), out, step="corpus", inputs=docs,
                config={"paths": [str(p) for p in _inputs(args)], "manifest": args.manifest})
    skipped = docs.attrs.get("skipped", [])
    print(f"{len(docs)} document(s) loaded, {len(skipped)} skipped -> {out}")
    for s in skipped:
        print(f"  skipped {s['file']}: {s['reason']}")
    return 0


def cmd_segment(args) -> int:
    from helpers.core.tables import write_table
    from helpers.pipeline import segment_documents

    out = _out(args, "articles.csv")
    docs = _load(args)
    arts = segment_documents(docs)
    write_table(arts, out, step="segment", inputs=docs, config={"paths": [str(p) for p in _inputs(args)]})
    print(f"{len(arts)} article(s) from {docs['doc_id'].nunique()} document(s), "
          f"{int(arts['relevant'].sum()) if len(arts) else 0} relevant -> {out}")
    return 0


def cmd_metrics(args) -> int:
    from helpers.core.config import BuildConfig
    from helpers.core.tables import write_table
    from helpers.pipeline import extract_document_metrics

    out = _out(args, "metrics.csv")
    docs = _load(args)
    mets = extract_document_metrics(docs, relevant_only=not args.all_articles,
                                    config=BuildConfig(include_unreported=args.all_kinds))
    write_table(mets, out, step="metrics", inputs=docs,
                config={"paths": [str(p) for p in _inputs(args)], "all_articles": args.all_articles,
                        "all_kinds": args.all_kinds})
    print(f"{len(mets)} figure(s) from {docs['doc_id'].nunique()} document(s) -> {out}")
    return 0


def cmd_reprints(args) -> int:
    from helpers.core.tables import write_table
    from helpers.pages.reprints import exact_duplicates, find_reprints
    from helpers.pipeline import segment_documents

    out = _out(args, "reprints.csv")
    docs = _load(args)
    arts = segment_documents(docs)
    extra = [c for c in ("source", "sha256") if c in docs.columns and c not in arts.columns]
    arts = arts.merge(docs[["doc_id", *extra]], on="doc_id", how="left")
    found = find_reprints(arts, threshold=args.threshold, random_state=0)
    write_table(found, out, step="reprints", inputs=docs,
                config={"paths": [str(p) for p in _inputs(args)], **found.attrs})
    print(f"{found['cluster_id'].nunique() if len(found) else 0} cluster(s) of reprints, {len(found)} article(s) "
          f"in them, among {len(arts)} article(s) of {len(docs)} document(s) -> {out}")
    for dup in exact_duplicates(docs).itertuples():
        print(f"  same file twice (SHA-256): {dup.file} = {dup.duplicate_of_file}")
    return 0


def cmd_build(args) -> int:
    from helpers.core.config import BuildConfig
    from helpers.pipeline import build

    paths = get_paths(raw=args.raw_dir, processed=args.processed_dir, reports=args.reports_dir)
    if args.scheduler and args.engine != "dask":
        raise ValueError("--scheduler needs --engine dask")
    config = BuildConfig(manifest=args.manifest, engine=args.engine, scheduler=args.scheduler, n_jobs=args.jobs,
                         rules_dir=args.rules)
    written = build(config, paths=paths, inputs=[Path(p) for p in args.paths] or None)
    print(f"{len(written)} table(s) -> {paths.processed}")
    return 0


def cmd_run(args) -> int:
    from helpers.pipeline import run_all

    paths = get_paths(raw=args.raw_dir, processed=args.processed_dir, reports=args.reports_dir)
    return run_all(paths, only=args.only, seed=args.seed)


def cmd_report(args) -> int:
    from helpers.viz.report import build_report

    paths = get_paths(raw=args.raw_dir, processed=args.processed_dir, reports=args.reports_dir)
    print(build_report(paths))
    return 0


COMMANDS: dict[str, tuple[Callable, str]] = {
    "corpus": (cmd_corpus, "load text files into the documents table (encoding, checksums, metadata)"),
    "segment": (cmd_segment, "clean pages, split them into articles and flag the 巡察 ones"),
    "metrics": (cmd_metrics, "extract reported figures (indicator, value, unit, qualifier, source)"),
    "reprints": (cmd_reprints, "find reprints and near-duplicates (one row per article in a cluster of copies)"),
    "build": (cmd_build, "read the corpus once and write every table the notebooks read (with provenance)"),
    "run": (cmd_run, "build the tables, run every notebook in order and build the HTML report"),
    "report": (cmd_report, "rebuild reports/index.html from the executed notebooks and tables"),
}


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="xuncha", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--version", action="version", version=f"xuncha-discourse {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("-v", "--verbose", action="count", default=0, help="more log output (-vv: debug)")
    common.add_argument("-q", "--quiet", action="store_true", help="only errors")
    common.add_argument("--raw-dir", default=None, help="input folder (default data/raw or $XUNCHA_RAW_DIR)")
    common.add_argument("--processed-dir", default=None,
                        help="derived tables folder (default data/processed or $XUNCHA_PROCESSED_DIR)")
    common.add_argument("--reports-dir", default=None, help="reports folder (default reports or $XUNCHA_REPORTS_DIR)")
    sub = ap.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, (func, help_) in COMMANDS.items():
        p = sub.add_parser(name, help=help_, description=help_, parents=[common])
        p.set_defaults(func=func)
        if name == "build":
            _paths_arg(p)
            p.add_argument("--manifest", default=None,
                           help="metadata CSV (default: manifest.csv beside the first input)")
            p.add_argument("--engine", choices=("local", "dask"), default="local",
                           help="who processes the pages: this machine's cores (default) or a Dask cluster "
                                "(needs the [dask] extra); the tables are the same (docs/scale.md)")
            p.add_argument("--scheduler", default=None, metavar="ADDRESS",
                           help="with --engine dask: an existing cluster's scheduler (tcp://host:8786); "
                                "default: a LocalCluster on this machine")
            p.add_argument("--jobs", "-j", type=int, default=-1, metavar="N",
                           help="worker processes (-1 = every core, the default; 1 = in this process)")
            p.add_argument("--rules", default=None, metavar="DIR",
                           help="a folder of your own rule files (boilerplate.csv, relevance_terms.csv, indicators.csv, "
                                "units.csv, number_phrases.txt): each one there replaces the packaged file")
        if name in ("corpus", "segment", "metrics", "reprints"):
            _paths_arg(p)
            _out_arg(p, {"corpus": "documents.csv", "segment": "articles.csv", "metrics": "metrics.csv",
                         "reprints": "reprints.csv"}[name])
            p.add_argument("--manifest", default=None,
                           help="metadata CSV (default: manifest.csv beside the first input)")
        if name == "reprints":
            p.add_argument("--threshold", type=float, default=0.5,
                           help="smallest share of the shorter article found in the other (default 0.5)")
        if name == "metrics":
            p.add_argument("--all-articles", action="store_true",
                           help="extract from every article, not only the 巡察-relevant ones")
            p.add_argument("--all-kinds", action="store_true",
                           help="keep planned, pledged, repeated and ranged figures too (flagged in the kind column)")
        if name == "run":
            p.add_argument("--only", default=None, help="comma-separated notebook prefixes to run, e.g. 01,02")
            p.add_argument("--seed", type=int, default=None, help="random seed passed to every notebook")
    return ap


class Terminated(KeyboardInterrupt):
    """SIGTERM, turned into an exception so that half-written outputs are cleaned up."""


def _on_sigterm(signum, frame):  # pragma: no cover - exercised through a subprocess
    raise Terminated()


def main(argv: Sequence[str] | None = None) -> int:
    import signal
    import threading

    from helpers.core.tables import OutputError

    args = build_parser().parse_args(argv)
    level = logging.ERROR if args.quiet else (logging.DEBUG if args.verbose > 1 else
                                              logging.INFO if args.verbose else logging.WARNING)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    in_main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _on_sigterm) if in_main else None
    try:
        return int(args.func(args) or 0)
    except FileNotFoundError as exc:
        log.error("%s", exc)
        return 2
    except ValueError as exc:  # ManifestError and other input errors: a message, not a traceback
        log.error("%s", exc)
        return 2
    except OutputError as exc:  # refused or failed output (inside raw, full disk …): previous files intact
        log.error("%s", exc)
        return 1
    except OSError as exc:
        log.error("%s: %s", getattr(exc, "filename", None) or "error", exc.strerror or exc)
        return 1
    except KeyboardInterrupt as exc:
        log.error("%s: stopped; tables already written are complete, the one being written was not replaced",
                  "terminated" if isinstance(exc, Terminated) else "interrupted")
        return 143 if isinstance(exc, Terminated) else 130
    finally:
        if in_main and previous is not None:
            signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
