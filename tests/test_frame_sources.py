"""Where a figure's indicator comes from (issue 14): the deciders of ``decide`` switched on and off, a
retrained classifier passed in, the scoring against gold that notebook 05 uses (``figures.evaluation``,
checked against ``../shared/gold/check_metrics.py``), and ``tools/build_frame_model.py --extra``."""
from __future__ import annotations

import importlib.util
import json
import subprocess
import sys

import pandas as pd
import pytest

from helpers.core.config import PROJECT_ROOT
from helpers.figures.evaluation import (
    ERROR_KINDS,
    confusion,
    error_kinds,
    explain_errors,
    match_figures,
    normalise_quote,
    predict_articles,
    prf,
    score_indicators,
    score_variants,
)
from helpers.figures.frames import DECIDERS, FrameModel, check_deciders, decide, read_frame
from helpers.figures.metrics import extract_metrics, find_figures

SENTENCES = ["县委巡察组今年对27个县直部门开展了常规巡察。", "区委今年组建6个巡察组。",
             "巡察组共发现问题120个，移交问题线索15件。", "推动被巡察单位建立健全制度24项。",
             "巡察组发现各类问题58个，已督促解决41个。", "对2所高中开展教育系统专项巡察。", "共走访村小组1260个。"]


def indicators(sentence: str, deciders=DECIDERS) -> list[tuple[str, str, str]]:
    rows = extract_metrics(sentence, deciders=deciders)
    return list(zip(rows["value_text"], rows["indicator"], rows["indicator_source"]))


# ----------------------------------------------------------------------------- the deciders
@pytest.mark.parametrize("sentence", SENTENCES)
def test_all_deciders_named_give_the_default(sentence):
    default = extract_metrics(sentence)
    named = extract_metrics(sentence, deciders=["model", "rule", "lexicon"])  # order and type do not matter
    pd.testing.assert_frame_equal(default, named)


@pytest.mark.parametrize("sentence, value_text, rules_only, lexicon_rules, full", [
    # the frame lexicon names what the sentence rules miss: 组建 + 巡察组, 建立健全 + 制度
    ("区委今年组建6个巡察组。", "6个", ("other", "rule"), ("inspection_teams", "lexicon"),
     ("inspection_teams", "lexicon")),
    ("推动被巡察单位建立健全制度24项。", "24项", ("other", "rule"), ("rules_established", "lexicon"),
     ("rules_established", "lexicon")),
    # the lexicon beats a rule that fires too: the verb and noun next to the figure decide first
    ("县委巡察组今年对27个县直部门开展了常规巡察。", "27个", ("orgs_inspected", "rule"), ("orgs_inspected", "lexicon"),
     ("orgs_inspected", "lexicon")),
    # neither knows 高中 (a high school) nor a clause without its noun: only the classifier decides
    ("对2所高中开展教育系统专项巡察。", "2所", ("other", "rule"), ("other", "rule"), ("orgs_inspected", "model")),
    ("巡察组发现各类问题58个，已督促解决41个。", "41个", ("other", "rule"), ("other", "rule"),
     ("livelihood_issues_solved", "model")),
])
def test_each_decider_adds_what_the_ones_before_leave(sentence, value_text, rules_only, lexicon_rules, full):
    def one(deciders):
        return next((i, s) for v, i, s in indicators(sentence, deciders) if v == value_text)

    assert one(("rule",)) == rules_only
    assert one(("lexicon", "rule")) == lexicon_rules
    assert one(DECIDERS) == full


def test_without_rules_the_sentence_rules_are_not_read():
    frame = read_frame("共发现问题5个。", 5, 7, "个")
    assert decide(frame, "problems_found", "problems_found#1", deciders=("rule",))[:3] == \
        ("problems_found", "problems_found#1", "rule")
    assert decide(frame, "problems_found", "problems_found#1", deciders=("model",), model=False) == \
        ("other", "unit", "rule", 0.5)


def test_a_classifier_passed_in_replaces_the_shipped_one():
    always = FrameModel(("other", "trainees"), (0.0, 5.0), {})
    sentence = "共走访村小组1260个。"
    assert indicators(sentence)[0][1:] == ("other", "model")
    assert indicators(sentence, ("lexicon", "rule", always))[0][1:] == ("trainees", "model")
    assert indicators(sentence, ("lexicon", "rule"))[0][1:] == ("other", "rule")
    assert check_deciders(("rule", always)) == (frozenset({"rule", "model"}), always)


@pytest.mark.parametrize("bad", [("rules",), ("lexicon", "classifier"), "tree"])
def test_an_unknown_decider_stops_with_its_name(bad):
    with pytest.raises(ValueError, match="unknown decider"):
        extract_metrics("共发现问题5个。", deciders=bad)


def test_table_cells_follow_the_deciders():
    text = "|轮次|巡察组（个）|新建制度（项）|\n|第一轮|6|24|\n"
    full = extract_metrics(text)
    rules = extract_metrics(text, deciders=("rule",))
    assert full["rule"].str.startswith("table:").all() and rules["rule"].str.startswith("table:").all()
    assert full["indicator"].tolist() == ["inspection_teams", "rules_established"]
    assert rules["indicator"].tolist() == ["other", "other"]


# ----------------------------------------------------------------------------- scoring
def table(rows, columns=("file", "indicator", "value", "unit", "quote")):
    return pd.DataFrame(rows, columns=list(columns))


GOLD = table([
    ("a.txt", "problems_found", "120", "个", "共发现问题120个"),
    ("a.txt", "problems_rectified", "98", "个", "已整改98个"),
    ("a.txt", "other", "3", "个", "3个方面"),
    ("a.txt", "orgs_inspected", "12", "个", "对12个单位"),
    ("b.txt", "clues_transferred", "15", "件", "移交问题线索15件"),
])


def test_score_counts_value_and_indicator_levels():
    pred = table([
        ("a", "problems_found", 120, "个", "共发现问题120个"),     # right
        ("a", "other", 98.0, "个", "已整改98个"),                  # value right, indicator left as other
        ("a", "other", 3, "个", "3个方面"),                        # right, but other: not in the indicator level
        ("dir/b.txt", "clues_transferred", "15", "件", "移交线索15件"),  # file given with folder and suffix
        ("a", "problems_found", 7, "个", "7个"),                   # in no gold row
    ])
    s = score_indicators(pred, GOLD)
    assert s.loc["value", ["correct", "predicted", "gold"]].tolist() == [4, 5, 5]
    assert s.loc["indicator", ["correct", "predicted", "gold"]].tolist() == [2, 3, 4]
    assert s.loc["indicator", "precision"] == pytest.approx(2 / 3)
    assert s.loc["indicator", "recall"] == pytest.approx(2 / 4)
    assert s.loc["indicator", "f1"] == pytest.approx(2 * (2 / 3) * 0.5 / (2 / 3 + 0.5))
    m = match_figures(pred, GOLD)
    assert m["outcome"].tolist() == ["correct", "wrong_indicator", "correct", "missed", "correct", "spurious"]
    assert error_kinds(m).tolist() == ["", ERROR_KINDS[0], "", ERROR_KINDS[3], "", ERROR_KINDS[4]]


def test_matching_prefers_the_same_indicator_then_the_closer_quote():
    gold = table([("a", "problems_found", 5, "个", "发现问题5个"), ("a", "problems_rectified", 5, "个", "已整改5个"),
                  ("a", "other", 5, "个", "另有5个")])
    pred = table([("a", "other", 5, "个", "另有5个"), ("a", "problems_rectified", 5, "个", "发现问题5个"),
                  ("a", "trainees", 5, "个", "发现问题5个")])
    m = match_figures(pred, gold)
    # the first pass pairs equal indicators (pred 0 → gold 2, pred 1 → gold 1) whatever the quotes say;
    # the second pairs what is left by value and unit: pred 2 → gold 0
    assert m.set_index("gold_row")["pred_row"].to_dict() == {0: 2, 1: 1, 2: 0}
    two = table([("a", "problems_found", 5, "个", "发现问题5个"), ("a", "problems_found", 5, "个", "整改问题5个")])
    one = table([("a", "problems_found", 5, "个", "整改问题5个")])
    assert match_figures(one, two)["pred_row"].fillna(-1).tolist() == [-1, 0]  # the closer quote wins


def test_units_values_and_quotes_are_compared_normalised():
    gold = table([("a", "funds_recovered", "12.5", "万元", "收回资金12.5万元")])
    pred = table([("a", "funds_recovered", "１２.５", "萬元", "收回資金 12.5 萬元")])
    assert score_indicators(pred, gold).loc["indicator", "f1"] == 1.0
    assert normalise_quote("收回資金 12.5 萬元。") == "收回资金125万元"
    bad = table([("a", "funds_recovered", "twelve", "万元", "")])
    s = score_indicators(bad, gold)
    assert s.loc["value", ["correct", "predicted"]].tolist() == [0, 1]


def test_empty_sides_and_missing_columns():
    assert prf(0, 0, 0) == (1.0, 1.0, 1.0)
    assert prf(0, 3, 0) == (0.0, 0.0, 0.0)  # predictions where the gold has none: nothing recalled either
    assert score_indicators(GOLD.iloc[:0], GOLD.iloc[:0]).loc["indicator", "f1"] == 1.0
    with pytest.raises(ValueError, match="missing"):
        score_indicators(GOLD.drop(columns="unit"), GOLD)


def test_confusion_counts_gold_against_predicted():
    pred = table([("a", "problems_found", 120, "个", ""), ("a", "other", 98, "个", ""), ("a", "trainees", 1, "人", "")])
    c = confusion(match_figures(pred, GOLD))
    assert c.loc["problems_found", "problems_found"] == 1
    assert c.loc["problems_rectified", "other"] == 1
    assert c.loc["—", "trainees"] == 1 and c.loc["clues_transferred", "—"] == 1
    assert c.to_numpy().sum() == len(GOLD) + 1


def test_the_scoring_agrees_with_the_shared_checker(tmp_path, gold_dir):
    """Predictions made by spoiling the seed gold (rows dropped, indicators changed, values moved, rows
    added, order shuffled) get the same figures from :func:`score_indicators` and ``check_metrics.py``."""
    gold = pd.read_csv(gold_dir / "seed_metrics.csv", dtype=str, keep_default_na=False)
    pred = gold.copy()
    pred.loc[pred.index % 5 == 0, "indicator"] = "other"
    pred.loc[pred.index % 9 == 1, "indicator"] = "problems_found"
    pred.loc[pred.index % 11 == 2, "value"] = (pred["value"].astype(float) + 1).astype(str)
    pred.loc[pred.index % 13 == 3, "quote"] = ""
    pred = pd.concat([pred[pred.index % 7 != 4], pred.iloc[::17].assign(unit="人")])
    pred = pred.sample(frac=1, random_state=0)
    path = tmp_path / "pred.csv"
    pred.to_csv(path, index=False)
    out = tmp_path / "scores.json"
    subprocess.run([sys.executable, str(gold_dir / "check_metrics.py"), "--predictions", str(path),
                    "--gold-dir", str(gold_dir), "--corpus-dir", str(gold_dir.parent / "corpus"), "--json", str(out)],
                   check=True, capture_output=True)
    theirs = json.loads(out.read_text(encoding="utf-8"))
    ours = score_indicators(pred, gold)
    for level in ("value", "indicator"):
        assert (ours.loc[level, "precision"], ours.loc[level, "recall"], ours.loc[level, "f1"]) == pytest.approx(
            (theirs[level]["p"], theirs[level]["r"], theirs[level]["f1"]), abs=1e-12)


def test_variants_on_an_articles_table():
    arts = pd.DataFrame(dict(file=["p.txt", "p.txt"], article=[1, 2], relevant=[True, False],
                             text=["区委今年组建6个巡察组，发现问题12个。", "共发现问题99个。"]))
    pred = predict_articles(arts)
    assert pred["value"].tolist() == [6, 12] and set(pred["file"]) == {"p.txt"}
    assert pred["start"].tolist() == [6, 16]
    assert len(predict_articles(arts, relevant_only=False)) == 3
    gold = table([("p.txt", "inspection_teams", 6, "个", "组建6个巡察组"), ("p.txt", "problems_found", 12, "个", ""),
                  ("p.txt", "trainees", 30, "人", "培训30人")])
    preds = {"rules": predict_articles(arts, deciders=("rule",)), "all": pred}
    s = score_variants(preds, gold).set_index(["variant", "level"])
    assert list(s.index) == [("rules", "value"), ("rules", "indicator"), ("all", "value"), ("all", "indicator")]
    assert s.loc[("rules", "indicator"), "recall"] == pytest.approx(1 / 3)
    assert s.loc[("all", "indicator"), "precision"] == 1.0
    errors = explain_errors(preds["rules"], gold)
    assert errors["error"].tolist() == [ERROR_KINDS[3], ERROR_KINDS[0]]  # as frequent: by name
    assert errors.loc[1, ["pred_indicator", "indicator_source", "quote"]].tolist() == ["other", "rule", "组建6个巡察组"]
    assert pd.isna(errors.loc[0, "indicator_source"]) and errors.loc[0, "quote"] == "培训30人"


# ----------------------------------------------------------------------------- retraining with corrections
def _tool():
    spec = importlib.util.spec_from_file_location("build_frame_model", PROJECT_ROOT / "tools" / "build_frame_model.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


PAGE = "巡察工作\n县委第一巡察组对2所中学开展专项巡察，督促解决群众反映的问题4个。\n"


def _corrections(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "p1.txt").write_text(PAGE, encoding="utf-8")
    csv = tmp_path / "corrections.csv"
    table([("p1.txt", "orgs_inspected", "2", "所", "对2所中学开展专项巡察")],
          ("file", "indicator", "value", "unit", "quote")).to_csv(csv, index=False)
    return csv, pages


def test_extra_rows_replace_the_same_figure_and_come_last(tmp_path):
    tool = _tool()
    csv, pages = _corrections(tmp_path)
    base = tool.gold_rows(dev=False)
    groups = tool.gold_rows(dev=False, extra=((csv, pages),))
    assert groups[:-1] == base and groups[-1][0] == pages and groups[-1][1][0]["indicator"] == "orgs_inspected"
    # a correction of a row another source holds for the same pages replaces it
    gold = tmp_path / "gold.csv"
    table([("p1.txt", "other", "2", "所", "对2所中学开展专项巡察"), ("p1.txt", "other", "4", "个", "问题4个")]
          ).to_csv(gold, index=False)
    groups = tool.gold_rows(dev=False, extra=((gold, pages), (csv, pages)))
    assert [r["value"] for r in groups[-2][1]] == ["4"] and groups[-1][1][0]["indicator"] == "orgs_inspected"
    assert len(tool.labelled_frames(dev=False, extra=((csv, pages),))) == len(tool.labelled_frames(dev=False)) + 1


def test_extra_needs_the_gold_columns(tmp_path):
    tool = _tool()
    bad = tmp_path / "bad.csv"
    bad.write_text("file,indicator,value\np1.txt,other,2\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="missing column"):
        tool.gold_rows(dev=False, extra=((bad, tmp_path),))
    with pytest.raises(SystemExit, match="no such file"):
        tool.main(["--extra", str(tmp_path / "none.csv"), "--out", str(tmp_path / "m.json")])


@pytest.mark.slow
def test_retraining_with_extra_rows_is_deterministic(tmp_path):
    csv, pages = _corrections(tmp_path)
    outs = []
    for k in (1, 2):
        out = tmp_path / f"model{k}.json"
        subprocess.run([sys.executable, str(PROJECT_ROOT / "tools" / "build_frame_model.py"), "--without-dev",
                        "--extra", str(csv), "--extra-pages", str(pages), "--out", str(out)], check=True,
                       capture_output=True)
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
    model = json.loads(outs[0])
    assert model["n_training_figures"] > 0 and "orgs_inspected" in model["classes"]
    assert find_figures(PAGE)  # the corrected figure is one the extractor finds
