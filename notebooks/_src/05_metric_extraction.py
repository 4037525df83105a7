# ---
# jupyter:
#   jupytext:
#     cell_metadata_filter: tags,-all
#     formats: ipynb,_src//py:percent
#     notebook_metadata_filter: xuncha,kernelspec,-jupytext.text_representation.jupytext_version
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
#   xuncha:
#     requires: []
# ---

# %% [markdown]
# # 05 · Metric extraction: which figures do the reports give?
#
# **Question.** 巡察 reports are full of performance figures — 「共发现问题4858件，整改率为98%；移交问题线索
# 915件……党纪政务处分72人」. Which figures does each report give, what do they count, and how sure are we?
#
# **You need:** notebook 02 (articles). **Time:** 40 minutes. **After this notebook** you can read the
# extraction table with its provenance, explain why a number was or was not taken, and add an indicator.

# %% tags=["parameters"]
corpus_dir = "../data/raw"
processed_dir = "../data/processed"
reports_dir = "../reports"
seed = 42
gold_dir = "../../shared/gold"
example_sentence = None  # a sentence of your own to take apart; None: the corpus sentence with most figures

# %%
import logging
import subprocess
import sys
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import display

from helpers.core.labels import indicator_label
from helpers.core.tables import read_table
from helpers.figures.metrics import INDICATORS_FILE, extract_metrics, find_figures
from helpers.viz.theme import plot_heatmap, save_figure, say_nothing, set_theme

logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
set_theme()
processed, figures = Path(processed_dir), Path(reports_dir) / "figures"
documents = read_table(processed / "documents.parquet")
articles = read_table(processed / "articles.parquet")
metrics = read_table(processed / "metrics.parquet")  # extract_document_metrics(documents), run by `xuncha build`
pd.set_option("display.max_colwidth", 70)

# %% [markdown]
# ## How a figure is found
#
# 1. **Find quantities**: a number (Arabic, full-width, or Chinese numerals such as 两, 三千, 十三) with an
#    optional multiplier (万, 亿), a hedge (余, 多, 近, 约, 超, 逾, 以上, 左右, 不到) and a **measure word**
#    from `helpers/data/units.csv` (件, 个, 人次, 万元 …). Without a measure word a number is not a figure.
# 2. **Drop what is not a metric**: ordinals (第三巡察组), term numbers (十三届, 六次全会), dates and years
#    (they take 年/月/日, which are not measure words), vague counts (十几位), the indefinite 一 (一批, 一个),
#    numbered slogans (「两个维护」, 三聚焦一落实: a numeral inside quotes, or numerals alternating with
#    words), set phrases (`number_phrases.txt`), conversion notes (1亩≈666.67平方米), and time spans
#    (3天, 10余年) unless they give the length of an inspection (为期40天).
# 3. **Link to an indicator**: the sentence is marked `…⟨4858件⟩…` and the rules of
#    `helpers/data/indicators.csv` are tried in order; the first whose pattern matches (and whose unit
#    fits) names the indicator; otherwise the figure is `other`.
# 4. **Scope**: the nearest period (2020年, 十三届…以来, 本届) and body (市委, 县委巡察组 …) before it.
#
# Here is one real sentence, step by step.

# %%
if example_sentence:
    sentence = example_sentence
elif len(metrics):  # the sentence of the corpus that gives the most figures
    sentence = metrics["sentence"].value_counts().index[0]
else:
    sentence = "巡察组共发现问题120个，其中已整改98个，整改率为81.7%；移交问题线索15件。"  # an invented one
    print("no figure in this corpus: an invented sentence instead")
print(sentence, "\n")
print("step 1, quantities:", [f.text for f in find_figures(sentence)])
steps = extract_metrics(sentence)
steps.insert(1, "indicator_zh", steps["indicator"].map(indicator_label))
cols = ["value_text", "value", "unit", "qualifier", "indicator", "indicator_zh", "indicator_source", "frame_verb",
        "frame_noun", "rule", "scope_period", "period", "part_of"]
steps[[c for c in cols if c in steps.columns]]

# %% [markdown]
# ## The full table, with provenance
#
# One row per figure in every relevant article. `start`/`end` index the **raw** page, so
# `documents.text[start:end]` is the figure exactly as printed (`value_text`).

# %%
raw = dict(zip(documents["doc_id"], documents["text"]))
assert all(raw[d][a:b] == v for d, a, b, v in zip(metrics.doc_id, metrics.start, metrics.end, metrics.value_text))
cols = ["doc_id", "place", "year", "indicator", "indicator_zh", "value", "unit", "qualifier", "value_text",
        "scope_period", "period", "part_of", "quote"]
metrics[[c for c in cols if c in metrics.columns]].head(25)

# %%
named = metrics[metrics["indicator"] != "other"]
if len(named):
    label = named["place"].astype("string").fillna("").replace("", pd.NA).fillna(named["doc_id"])
    summary = (named.assign(page=label, name=named["indicator"].map(indicator_label))
               .pivot_table(index="name", columns="page", values="value", aggfunc="count", fill_value=0))
    summary = summary.loc[summary.sum(axis=1).sort_values(ascending=False).index]
    summary.columns.name = None
    fig = plot_heatmap(summary, cmap="Blues", fmt=lambda v: f"{v:.0f}",
                       title="各地报告的指标数 · figures reported per indicator and page", colorbar="figures")
    save_figure(fig, "05_indicators_by_page", figures)
    plt.show()
else:
    print("no figure in this corpus is tied to an indicator: no table by page")

# %% [markdown]
# ## Error analysis against the hand-checked gold
#
# `../shared/gold/check_metrics.py` compares the table with 146 hand-checked figures and 149 numbers that
# must *not* be reported. (a) counts a figure right when value and unit match; (b) also needs the
# indicator; (c) counts predictions that hit a known negative; (d) checks the hedge.

# %%
checker = Path(gold_dir) / "check_metrics.py"
sums = Path("../data/raw/SHA256SUMS")  # the gold was made for the seed pages: same bytes, same gold
seeds = {line.split()[0] for line in sums.read_text(encoding="utf-8").splitlines() if line.endswith(".txt")} \
    if sums.is_file() else set()
if checker.is_file() and seeds == set(documents["sha256"]):
    res = subprocess.run([sys.executable, str(checker.resolve()), "--predictions", "metrics.csv", "--max-list", "20"],
                         capture_output=True, text=True, cwd=processed)
    print(res.stdout[:6000])
else:
    print("no gold for this corpus (the gold is for the five seed pages): skipped")

# %% [markdown]
# **Limits.** The rules read one sentence at a time: a figure whose indicator is only clear from the
# previous sentence becomes `other`. Totals and their parts are both kept (77 organisations, of which 3
# sub-districts and 41 villages): do not add them up. Cumulative (本届以来) and yearly figures sit side by
# side; use `scope_period` before comparing.
#
# ## How to add an indicator
#
# Add a row to a copy of `indicators.csv`: `indicator`, `pattern` (a regular expression over the marked
# sentence, where `FIG` is the figure, `CL` any character in the same clause, `INS` an inspection verb,
# `ORG`/`VIL`/`TWN` organisation, village and township nouns), `units` (e.g. `人|名`), an optional
# `exclude` pattern, and a `note`. Rules are tried in file order. For example, counting *talks with
# cadres* (谈心谈话) separately from individual talks:

# %%
import csv
import tempfile

from helpers.figures.metrics import load_indicator_rules

tmp = Path(tempfile.mkdtemp()) / "indicators.csv"
rows = list(csv.reader(INDICATORS_FILE.open(encoding="utf-8-sig")))
new_rule = ["heart_to_heart_talks", "谈心谈话CL{0,4}FIG", "人次|人", "", "talks with cadres (谈心谈话)"]
with tmp.open("w", encoding="utf-8", newline="") as fh:  # csv.writer quotes the comma of {0,4}
    writer = csv.writer(fh)
    writer.writerow(rows[0])
    writer.writerow(new_rule)  # first: rules are tried in file order
    writer.writerows(rows[1:])
example = "巡察组开展谈心谈话120人次，个别谈话85人次。"
before = extract_metrics(example)[["value_text", "indicator", "rule"]]
after = extract_metrics(example, rules_file=tmp)[["value_text", "indicator", "rule"]]
pd.concat({"before": before, "after": after}, axis=1)

# %% [markdown]
# Written by hand, the same row must be quoted: `heart_to_heart_talks,"谈心谈话CL{0,4}FIG",人次|人,,…`. Without the
# quotes the comma in `{0,4}` splits the row into six fields, and the loader stops with the file, the line and
# the reason instead of reading a wrong unit; it also stops on a pattern that does not compile and on a unit
# that is not in `units.csv`:

# %%
broken = tmp.with_name("broken.csv")
broken.write_text("indicator,pattern,units,exclude,note\nheart_to_heart_talks,谈心谈话CL{0,4}FIG,人次|人,,talks\n",
                  encoding="utf-8")
try:
    load_indicator_rules(broken)
except ValueError as err:
    print(str(err).replace(str(broken.parent) + "/", ""))  # file:line: reason

# %% [markdown]
# ## Your turn
#
# 1. Find a row whose indicator is `other` but which you would classify differently. Which rule would
#    catch it without catching anything else on these pages?
# 2. Filter `metrics` to `problems_found` and `rectification_rate`. Do the rates agree with
#    problems rectified ÷ problems found where both are given? (Compare with `stated_vs_computed` in `ratios.csv`.)
# 3. Write a sentence with a distractor the extractor gets wrong (a date, an ordinal, a slogan), put it in
#    `example_sentence` in the Parameters, and run the notebook again. Which step of the method lets it through?
#
# Hints and worked solutions: `notebooks/solutions/05_metric_extraction.py`.
