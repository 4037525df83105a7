"""Where the solutions read from: the folders of `xuncha build` (environment variables or the repository)."""
from __future__ import annotations

import os
from pathlib import Path

from helpers.core.config import get_paths

PATHS = get_paths()
PROCESSED = Path(os.environ.get("XUNCHA_PROCESSED_DIR") or PATHS.processed)
RAW = Path(os.environ.get("XUNCHA_RAW_DIR") or PATHS.raw)
