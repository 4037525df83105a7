"""Rule files: a malformed row stops with the file, the line and the reason (issue 15)."""
from __future__ import annotations

import csv
import shutil

import pytest

from helpers.core.labels import add_indicator_names, indicator_label, indicator_names
from helpers.core.rules import RuleFileError
from helpers.figures.metrics import INDICATORS_FILE, extract_metrics, load_indicator_rules

HEADER = "indicator,pattern,units,exclude,note\n"


def _rules(tmp_path, row: str):
    path = tmp_path / "indicators.csv"
    path.write_text(HEADER + "# a comment line\n" + row + "\n", encoding="utf-8")
    return path


def test_an_unquoted_comma_in_a_pattern_is_a_wrong_field_count(tmp_path):
    path = _rules(tmp_path, "talks,谈心谈话CL{0,4}FIG,人次|人,,talks")
    with pytest.raises(RuleFileError) as err:
        load_indicator_rules(path)
    assert err.value.line == 3 and str(path) in str(err.value)
    assert "6 fields" in err.value.reason and "quoted" in err.value.reason


def test_a_pattern_that_does_not_compile(tmp_path):
    path = _rules(tmp_path, 'talks,"谈心谈话(CL{0,4}FIG",人次,,talks')
    with pytest.raises(RuleFileError, match=r"indicators.csv:3: the pattern of talks does not compile"):
        load_indicator_rules(path)


def test_a_unit_not_in_units_csv(tmp_path):
    path = _rules(tmp_path, 'talks,"谈心谈话CL{0,4}FIG",人次|FIG,,talks')
    with pytest.raises(RuleFileError, match=r"unit\(s\) FIG of talks not in units.csv"):
        load_indicator_rules(path)


def test_a_quoted_row_is_read_and_used(tmp_path):
    path = tmp_path / "indicators.csv"
    rows = list(csv.reader(INDICATORS_FILE.open(encoding="utf-8-sig")))
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(rows[0])
        w.writerow(["heart_to_heart_talks", "谈心谈话CL{0,4}FIG", "人次|人", "", "talks with cadres"])
        w.writerows(rows[1:])
    example = "巡察组开展谈心谈话120人次，个别谈话85人次。"
    before = extract_metrics(example)["indicator"].tolist()
    after = extract_metrics(example, rules_file=path)["indicator"].tolist()
    assert after[0] == "heart_to_heart_talks" and before[0] != after[0]


def test_the_shipped_rule_files_are_well_formed():
    from helpers.figures.frames import load_lexicon

    load_indicator_rules.cache_clear()
    load_lexicon.cache_clear()
    assert load_indicator_rules() and load_lexicon().table


def test_frame_lexicon_rows_with_a_wrong_field_count_are_rejected(tmp_path):
    from helpers.figures import frames

    nouns = tmp_path / "frame_nouns.csv"
    shutil.copy(frames.NOUNS_FILE, nouns)
    with nouns.open("a", encoding="utf-8") as fh:
        fh.write("整改台账,ledger,,a ledger, not a document\n")
    with pytest.raises(RuleFileError, match="frame_nouns.csv"):
        frames.load_lexicon(frames.VERBS_FILE, nouns, frames.FRAMES_FILE)


def test_every_indicator_has_a_chinese_name():
    names = indicator_names()
    from helpers.figures.frames import load_lexicon

    rules = {r.indicator for r in load_indicator_rules()} | {row[3] for row in load_lexicon().table}
    assert rules <= set(names), sorted(rules - set(names))
    assert indicator_label("problems_found") == "发现问题"
    assert indicator_label("no_such_key") == "no_such_key"
    import pandas as pd

    out = add_indicator_names(pd.DataFrame({"indicator": ["rectification_rate"]}))
    assert out.columns.tolist() == ["indicator", "indicator_zh", "indicator_en"]
