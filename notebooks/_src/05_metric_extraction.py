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

# %%
import logging
import subprocess
import sys
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

from helpers.core.tables import read_table
from helpers.figures.metrics import INDICATORS_FILE, classify_figure, extract_metrics, find_figures
from helpers.viz.theme import save_figure, set_theme

logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
set_theme()
processed, figures = Path(processed_dir), Path(reports_dir) / "figures"
documents = read_table(processed / "documents.parquet")
articles = read_table(processed / "articles.parquet")
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
rel = articles[articles["relevant"]]
text = rel["text"].iloc[0]
sentence = max(text.split("。"), key=lambda s: len(find_figures(s)))  # the sentence with most figures
print(sentence, "\n")
pd.DataFrame([dict(figure=f.text, value=f.value, unit=f.unit, qualifier=f.qualifier,
                   indicator=classify_figure(sentence, f)[0], rule=classify_figure(sentence, f)[1])
              for f in find_figures(sentence)])

# %% [markdown]
# ## The full table, with provenance
#
# One row per figure in every relevant article. `start`/`end` index the **raw** page, so
# `documents.text[start:end]` is the figure exactly as printed (`value_text`).

# %%
metrics = read_table(processed / "metrics.parquet")  # extract_document_metrics(documents), run by `xuncha build`
raw = dict(zip(documents["doc_id"], documents["text"]))
assert all(raw[d][a:b] == v for d, a, b, v in zip(metrics.doc_id, metrics.start, metrics.end, metrics.value_text))
metrics[["doc_id", "indicator", "value", "unit", "qualifier", "value_text", "scope_period", "scope_body", "quote"]].head(25)

# %%
summary = (metrics[metrics.indicator != "other"]
           .assign(place=lambda d: d.doc_id.map(documents.set_index("doc_id")["place"]))
           .pivot_table(index="indicator", columns="place", values="value", aggfunc="count", fill_value=0))
fig, ax = plt.subplots(figsize=(9, 0.32 * len(summary) + 1.5))
im = ax.imshow(summary.values, cmap="Blues", aspect="auto")
ax.set_xticks(range(summary.shape[1]), summary.columns, rotation=30, ha="right")
ax.set_yticks(range(summary.shape[0]), summary.index)
for (i, j), v in pd.DataFrame(summary.values).stack().items():
    if v:
        ax.text(j, i, int(v), ha="center", va="center", fontsize=8)
ax.set_title("各地报告的指标数 · figures reported per indicator and page")
save_figure(fig, "05_indicators_by_page", figures)
plt.show()

# %% [markdown]
# ## Error analysis against the hand-checked gold
#
# `../shared/gold/check_metrics.py` compares the table with 146 hand-checked figures and 149 numbers that
# must *not* be reported. (a) counts a figure right when value and unit match; (b) also needs the
# indicator; (c) counts predictions that hit a known negative; (d) checks the hedge.

# %%
checker = Path(gold_dir) / "check_metrics.py"
if checker.is_file() and len(documents) == 5:
    res = subprocess.run([sys.executable, str(checker), "--predictions", str(processed / "metrics.csv"),
                          "--max-list", "20"], capture_output=True, text=True)
    print(res.stdout[:6000])
else:
    print("no gold for this corpus: skipped")

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
import shutil
import tempfile

from helpers.figures.metrics import load_indicator_rules

tmp = Path(tempfile.mkdtemp()) / "indicators.csv"
shutil.copy(INDICATORS_FILE, tmp)
with tmp.open("r+", encoding="utf-8") as fh:
    body = fh.read()
    header, rest = body.split("\n", 1)
    fh.seek(0)
    fh.write(header + "\nheart_to_heart_talks,谈心谈话CL{0,4}FIG,人次|人,,talks with cadres (谈心谈话)\n" + rest)
example = "巡察组开展谈心谈话120人次，个别谈话85人次。"
print(extract_metrics(example)[["indicator", "value", "unit", "rule"]])
print(extract_metrics(example, rules_file=tmp)[["indicator", "value", "unit", "rule"]])

# %% [markdown]
# ## Your turn
#
# 1. Find a row whose indicator is `other` but which you would classify differently. Which rule would
#    catch it without catching anything else on these pages?
# 2. Filter `metrics` to `problems_found` and `rectification_rate`. Do the rates agree with
#    problems rectified ÷ problems found where both are given?
# 3. Write a sentence with a distractor the extractor gets wrong (a date, an ordinal, a slogan).
#    Which step of the method lets it through?
