"""Every path the project uses, in one place (cookiecutter-data-science style).

Defaults follow the repository layout; each can be overridden by an environment variable
(``XUNCHA_RAW_DIR`` …) or by the command line's ``--raw-dir`` … options, via :func:`get_paths`.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


def _find_root() -> Path:
    """The project root: ``$XUNCHA_ROOT``, else the checkout this package lives in, else the cwd."""
    env = os.environ.get("XUNCHA_ROOT")
    if env:
        return Path(env).expanduser().resolve()
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "pyproject.toml").is_file() and (parent / "src" / "helpers").is_dir():
            return parent
    return Path.cwd().resolve()


PROJECT_ROOT: Path = _find_root()
PACKAGE_DATA_DIR: Path = Path(__file__).resolve().parents[1] / "data"

ENV_VARS = {
    "raw": "XUNCHA_RAW_DIR",
    "processed": "XUNCHA_PROCESSED_DIR",
    "reports": "XUNCHA_REPORTS_DIR",
}


@dataclass(frozen=True)
class Paths:
    """The folders of one run: raw input, derived tables, reports (with figures and notebooks)."""

    raw: Path
    processed: Path
    reports: Path
    notebooks: Path = field(default=PROJECT_ROOT / "notebooks")

    @property
    def figures(self) -> Path:
        return self.reports / "figures"

    @property
    def executed_notebooks(self) -> Path:
        return self.reports / "notebooks"

    def as_dict(self) -> dict[str, str]:
        return {k: str(v) for k, v in
                dict(raw=self.raw, processed=self.processed, reports=self.reports,
                     figures=self.figures, notebooks=self.notebooks).items()}


def get_paths(raw: str | Path | None = None, processed: str | Path | None = None,
              reports: str | Path | None = None) -> Paths:
    """Resolve the run's folders: explicit argument > environment variable > repository default."""

    def pick(value, key: str, default: Path) -> Path:
        if value is None:
            value = os.environ.get(ENV_VARS[key]) or default
        return Path(value).expanduser().resolve()

    return Paths(raw=pick(raw, "raw", PROJECT_ROOT / "data" / "raw"),
                 processed=pick(processed, "processed", PROJECT_ROOT / "data" / "processed"),
                 reports=pick(reports, "reports", PROJECT_ROOT / "reports"))


# Module-level defaults, as users of cookiecutter-data-science expect them.
_DEFAULT = get_paths()
RAW_DATA_DIR: Path = _DEFAULT.raw
PROCESSED_DATA_DIR: Path = _DEFAULT.processed
REPORTS_DIR: Path = _DEFAULT.reports
FIGURES_DIR: Path = _DEFAULT.figures
NOTEBOOKS_DIR: Path = _DEFAULT.notebooks

#: Default random seed for everything stochastic (topic models, bootstraps, samples).
RANDOM_STATE: int = 42


#: The rule files a researcher may replace (argument name of the stage function -> file name in data/).
RULE_FILES = {"boilerplate_file": "boilerplate.csv", "terms_file": "relevance_terms.csv",
              "rules_file": "indicators.csv", "units_file": "units.csv", "phrases_file": "number_phrases.txt"}


@dataclass(frozen=True)
class BuildConfig:
    """Every tunable of ``xuncha build`` (and of the notebooks that explain its tables), in one place.

    Each table's provenance record stores :meth:`as_dict`, so a table always says which settings made it.
    The segmentation and relevance defaults are those of the stage functions (a test checks they agree).
    """

    #: metadata CSV (default: ``manifest.csv`` beside the first input)
    manifest: str | None = None
    #: segmentation: a headline without a layout cue starts an article when the cohesion of the text before and
    #: after it falls below this (character-bigram cosine); inside a feature article the lower threshold applies
    cohesion_threshold: float = 0.12
    feature_threshold: float = 0.05
    #: relevance: weighted 巡察 term score at which an article counts as mainly about 巡察
    relevance_threshold: float = 6.0
    #: figures: only from relevant articles (False: from every article)
    relevant_only: bool = True
    #: figures: only those reported (default), or also planned, pledged and repeated ones, flagged by ``kind``
    include_unreported: bool = False
    #: keywords: TF-IDF top terms per group
    keywords_by: str = "place"
    keywords_top_n: int = 8
    #: topics: candidate numbers of topics, seeds for the stability of each K, minimum document frequency, and
    #: the corpus size (in articles) below which paragraphs are the document unit
    topic_ks: tuple[int, ...] = (2, 3, 4, 6)
    topic_seeds: int = 2
    topic_min_df: int = 2
    topic_min_articles: int = 30
    #: co-occurrence network: number of terms
    network_terms: int = 40
    #: reprints (issue 16): smallest share of the shorter article's 5-character shingles found in the other for
    #: two articles to be one report; the comparison tables count a figure once per cluster of copies (the
    #: canonical article's) unless ``count_reprints``
    reprint_threshold: float = 0.5
    count_reprints: bool = False
    #: a folder of your own rule files: each of RULE_FILES found there replaces the packaged one
    rules_dir: str | None = None
    #: seed for everything stochastic
    random_state: int = RANDOM_STATE
    #: scale (issue 17): model selection (K grid x seeds) on a seeded sample of this many topic documents, the
    #: final model fitted on all of them (0: select on all); LDA backend "sklearn", "tomotopy" or "auto"
    #: (scikit-learn up to ``topic_auto_threshold`` documents, tomotopy above it when installed); tomotopy's Gibbs
    #: sweeps per fit = ``topic_token_sweeps`` / the fit's tokens, between 20 and 200 (``pipeline.topic_sweeps``)
    topic_sample: int = 2000
    topic_backend: str = "auto"
    topic_auto_threshold: int = 300
    topic_token_sweeps: int = 400_000_000
    #: tokens table: "auto" = rjieba when installed (agrees with jieba on the suite's tests, ~7x faster),
    #: else jieba; "jieba" is the reference
    tokenizer_backend: str = "auto"
    #: the Excel workbook: a table of more rows than this is left out of it (its CSV/parquet beside it is whole),
    #: and a first sheet ``notes`` says which and where; 0 = every table whole
    workbook_max_rows: int = 50_000
    #: per-page work: worker processes (-1 = every core, 1 = in this process), pages per batch (one parquet
    #: row group per batch of articles and metrics), engine "local" or "dask" (scheduler address, or None for a
    #: LocalCluster); the tables are the same whatever the engine and the number of workers
    n_jobs: int = -1
    batch_pages: int = 64
    engine: str = "local"
    scheduler: str | None = None

    @property
    def metric_kinds(self) -> tuple[str, ...]:
        """The figure kinds the metrics table holds (see :data:`helpers.figures.metrics.KINDS`)."""
        return ("reported", "plan", "target", "repeat", "range") if self.include_unreported else ("reported",)

    def rule_files(self) -> dict[str, str]:
        """``{argument name: path}`` of the rule files in effect (packaged, or from ``rules_dir``), as the
        stage functions take them (``boilerplate_file``, ``terms_file``, ``rules_file`` …)."""
        folder = Path(self.rules_dir) if self.rules_dir else None
        out = {}
        for arg, name in RULE_FILES.items():
            own = folder / name if folder else None
            out[arg] = str(own if own is not None and own.is_file() else PACKAGE_DATA_DIR / name)
        return out

    def as_dict(self) -> dict:
        from dataclasses import asdict

        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items()}
