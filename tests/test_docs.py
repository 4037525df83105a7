"""Docs equal code: every number a rule README, a notebook or ARCHITECTURE.md states about a rule is the code's.

The rules' numbers live in the code (module constants, function defaults, ``BuildConfig``); these tests hold
the prose to them, so a change to a rule fails here until its documentation says the same.
"""
from __future__ import annotations

import inspect
import re

import pytest

from helpers.core.config import PACKAGE_DATA_DIR, PROJECT_ROOT, BuildConfig
from helpers.pages import relevance
from helpers.pages.segmentation import find_boundaries

RULES_README = PACKAGE_DATA_DIR / "README.md"
NOTEBOOK_SRC = PROJECT_ROOT / "notebooks" / "_src"


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("# ", " ")).strip()


def test_build_config_defaults_are_the_stage_defaults():
    cfg = BuildConfig()
    seg = inspect.signature(find_boundaries).parameters
    assert cfg.cohesion_threshold == seg["cohesion_threshold"].default
    assert cfg.feature_threshold == seg["feature_threshold"].default
    assert cfg.relevance_threshold == relevance.THRESHOLD
    assert inspect.signature(relevance.score_text).parameters["threshold"].default == relevance.THRESHOLD


def test_rules_readme_states_the_relevance_rule_of_the_code():
    assert _flat(relevance.describe_rule()) in _flat(RULES_README.read_text(encoding="utf-8"))


def test_describe_rule_follows_the_constants(monkeypatch):
    monkeypatch.setattr(relevance, "LENGTH_FLOOR", 999)
    assert "max(characters, 999)" in relevance.describe_rule()
    assert "score ≥ 7.5" in relevance.describe_rule(threshold=7.5)


def test_notebook_02_states_the_segmentation_threshold_of_the_code():
    text = (NOTEBOOK_SRC / "02_pages_to_articles.py").read_text(encoding="utf-8")
    stated = [float(x) for x in re.findall(r"falls below ([0-9]+(?:\.[0-9]+)?)", text)]
    assert stated == [BuildConfig().cohesion_threshold]


@pytest.mark.parametrize("name", ["boilerplate.csv", "relevance_terms.csv", "indicators.csv", "units.csv",
                                  "number_phrases.txt", "slogans.csv", "codebook.csv", "domain_dict.txt",
                                  "stopwords_domain.txt"])
def test_every_rule_file_is_documented(name):
    assert name in RULES_README.read_text(encoding="utf-8")
    assert (PACKAGE_DATA_DIR / name).is_file()


def test_architecture_names_every_room():
    import helpers

    text = (PROJECT_ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    rooms = sorted(p.name for p in (PROJECT_ROOT / "src" / "helpers").iterdir() if (p / "__init__.py").is_file())
    assert all(f"`{room}/`" in text for room in rooms), rooms
    assert helpers.API  # the stable names ARCHITECTURE.md promises
