"""Shared fixtures: the seed corpus, the gold folder beside the project, a tiny corpus."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers.core.config import PROJECT_ROOT

RAW_DIR = PROJECT_ROOT / "data" / "raw"
SHARED = PROJECT_ROOT.parent / "shared"
GOLD_DIR = SHARED / "gold"


@pytest.fixture(scope="session")
def raw_dir() -> Path:
    return RAW_DIR


@pytest.fixture(scope="session")
def gold_dir() -> Path:
    if not (GOLD_DIR / "check_articles.py").is_file():
        pytest.skip(f"gold checkers not found at {GOLD_DIR}")
    return GOLD_DIR


@pytest.fixture(scope="session")
def documents(raw_dir):
    from helpers.ingest.corpus import load_corpus

    return load_corpus(raw_dir)


@pytest.fixture()
def corpus_copy(tmp_path, raw_dir) -> Path:
    """A writable copy of the seed corpus."""
    dst = tmp_path / "corpus"
    shutil.copytree(raw_dir, dst)
    return dst
