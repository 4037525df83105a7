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
