"""xuncha-discourse helpers: the tested functions behind the notebooks.

Each module does one job (corpus loading, cleaning, segmentation, metrics, tokenising, statistics,
topics, plotting); notebooks and the ``xuncha`` command line call them.
"""
from __future__ import annotations

import logging
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("xuncha-discourse")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0.0.0+unknown"

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = ["__version__"]
