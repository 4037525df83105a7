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
# # 06 · Comparing places, levels and years
#
# **Question.** How do the places in the corpus compare — in what their 巡察 reports claim (problems found,
# leads transferred, people disciplined), in how they report (how many figures, which slogans), and how far
# can such comparisons be trusted?
#
# **You need:** notebooks 02, 03 and 05 (articles, tokens, slogans, metrics). **Time:** 30 minutes.
# **After this notebook** you can build comparable ratios from reported figures, attach bootstrap
# intervals, and state what a comparison of official figures cannot show.

# %% tags=["parameters"]
corpus_dir = "../data/raw"
processed_dir = "../data/processed"
reports_dir = "../reports"
seed = 42
group_by = "place"            # compare places; or admin_level, province, year
density_by = "admin_level"    # the grouping of the numeric-density intervals
n_boot = 2000                 # bootstrap resamples
top_slogans = 15

# %%
import logging
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import display

from helpers.compare.comparison import KEY_INDICATORS, group_bootstrap, indicator_table
from helpers.core.labels import indicator_label
from helpers.core.tables import read_table
from helpers.pages.reprints import flag_canonical
from helpers.viz.theme import (plot_heatmap, plot_indicator_grid, plot_intervals, save_figure, say_nothing,
                               set_theme, unique_labels)

logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
set_theme()
processed, figures = Path(processed_dir), Path(reports_dir) / "figures"
documents = read_table(processed / "documents.parquet")
articles = read_table(processed / "articles.parquet")
metrics = read_table(processed / "metrics.parquet")  # carries place, admin_level, province, year … already
if (processed / "reprints.csv").exists():  # each report counts once: copies of it are flagged (notebook 07)
    articles = flag_canonical(articles, read_table(processed / "reprints.csv"))
for col in ("admin_level", "province", "source"):
    documents[col] = documents[col].astype("string").fillna("").replace("", "(not stated)")
documents["place"] = documents["place"].astype("string").fillna("").mask(lambda x: x == "", documents["doc_id"])
documents[["doc_id", "place", "admin_level", "province", "date", "date_precision"]]

# %% [markdown]
# ## What the reports claim, indicator by indicator
#
# Each panel is one indicator (its Chinese name from `helpers/data/indicator_names.csv`); each bar one reported
# **total**, labelled with its place and its **period** (`scope_period`: 2020年, 十三届 (the 13th term, about five
# years), 本届, 一年来 …), and the source where that is needed to tell two bars apart. Parts of a total (其中…)
# and summaries repeating a figure are left out: they would be counted twice. Figures for a term and for one
# year sit side by side here on purpose: never compare their heights without reading the labels.

# %%
table = indicator_table(metrics, documents, totals_only=True, articles=articles)
unnamed = table[group_by].astype("string").fillna("") == ""  # no manifest: the page's file stands for its place
table[group_by] = table[group_by].astype("string").mask(unnamed, table["doc_id"].astype("string"))
fig = plot_indicator_grid(table, KEY_INDICATORS, by=group_by)
fig.suptitle("报告的指标 · reported totals by place (label: place · period)", y=1.01)
save_figure(fig, "06_indicators_by_place", figures)
plt.show()

# %% [markdown]
# The same figures as a research table: `indicators_tidy.csv` (one row per figure, with every flag) and
# `indicators_wide.csv` (one row per place × year × period, one column per indicator, first total only), both
# written by `xuncha build` and in the workbook.

# %%
wide = read_table(processed / "indicators_wide.csv")
shown = [c for c in KEY_INDICATORS if c in wide.columns]
wide[["place", "year", "scope_period", "period", *shown, "flags"]].rename(
    columns={c: indicator_label(c) for c in shown}).head(20)

# %% [markdown]
# ## Ratios make places comparable
#
# Absolute counts grow with the size of a place and the length of the period. Ratios computed **inside one
# report and one round** cancel both: the rectification rate (rectified ÷ found × 100), sanctions, leads
# transferred and organisational handling per 100 problems found. "One round" means the same period
# (`scope_period` and the current/cumulative flag) and the same passage: the count of problems nearest before
# the count of rectifications, never one of a later round. Where a report states its own rate (整改率95%),
# `stated_vs_computed` says whether the two agree (within one point) — a disagreement is a finding about the
# report, or an extraction error to check in the quote.

# %%
ratios = read_table(processed / "ratios.csv")  # indicator_ratios(metrics, documents), run by `xuncha build`
ratios[["place", "scope_period", "period", "label", "numerator", "denominator", "value", "stated",
        "stated_vs_computed"]].round(2)

# %%
computed = ratios[ratios["value"].notna()].reset_index(drop=True)
if len(computed):
    period = computed["scope_period"].fillna("").replace("", "期间未说明")
    shown = computed.assign(group=unique_labels(computed["place"].astype(str) + " · " + period + "\n"
                                                + computed["ratio"].map(indicator_label)),
                            note=[f"报告所述 stated {s:g}" if s == s else "" for s in computed["stated"]])
    fig = plot_intervals(shown.assign(low=shown["value"], high=shown["value"]), label="group", estimate="value",
                         xlabel="每百个发现问题 · per 100 problems found",
                         title="可比比率 · ratios within one report and round", annotate="note")
    fig.axes[0].set_xlim(0, max(105, computed["value"].max() * 1.1))
    save_figure(fig, "06_ratios", figures)
    plt.show()
else:
    print("no report in this corpus gives both a count of problems found and a count to divide by it "
          "in the same round: no ratios")

# %% [markdown]
# ## How numeric is the style? With uncertainty
#
# A discourse measure that does not depend on what is claimed: **figures per 1,000 characters** in each
# relevant article. The interval is a percentile bootstrap over articles (2,000 resamples, seeded):
# resample the articles of a group with replacement, recompute the mean, and take the 2.5th and 97.5th
# percentiles. A group with one article has no interval — the honest answer.

# %%
density = read_table(processed / "numeric_density.csv")  # figure_density(metrics, articles), by the build
if len(density) and density_by in density.columns:
    levels = {"city": "市级 city", "county": "县级 county", "district": "区级 district", "province": "省级 province",
              "township": "乡镇 township"}
    density[density_by] = density[density_by].astype("string").fillna("").replace("", "(not stated)")
    density[density_by] = density[density_by].map(lambda v: levels.get(v, v))
    ci = group_bootstrap(density, "figures_per_1000_chars", density_by, n_boot=n_boot, random_state=seed)
    fig = plot_intervals(ci.assign(n=[f"n = {n}" for n in ci["n"]]), label=density_by,
                         xlabel="figures per 1,000 characters (mean, 95% bootstrap CI)",
                         title=f"数字密度 · numeric density by {density_by}", annotate="n")
    save_figure(fig, "06_numeric_density_by_level", figures)
    plt.show()
    display(ci.round(2))
else:
    print("no 巡察 articles: no numeric density")

# %% [markdown]
# ## Comparing the discourse: slogans by place
#
# Which numbered formulas does each place use, per 10,000 tokens of its 巡察 articles?

# %%
tokens = read_table(processed / "tokens.parquet")
slogans = read_table(processed / "slogans.csv")
group = documents.set_index("doc_id")[group_by] if group_by in documents.columns else None
if len(slogans) and len(tokens) and group is not None:
    size = tokens.groupby(tokens["doc_id"].map(group)).size().astype(float)
    rate = slogans.assign(g=slogans["doc_id"].map(group)).groupby(["g", "canonical"]).size().rename("count")
    rate = rate.reset_index()
    rate["per_10k"] = 10_000 * rate["count"].astype(float) / rate["g"].map(size).astype(float)
    pivot = rate.pivot_table(index="canonical", columns="g", values="per_10k", fill_value=0)
    pivot = pivot.loc[pivot.sum(axis=1).sort_values(ascending=False).index[:top_slogans]]
    pivot.columns.name = group_by
    fig = plot_heatmap(pivot, cmap="Oranges", colorbar="per 10,000 tokens", title="口号使用 · slogans per 10,000 tokens",
                       xlabel=group_by)
    save_figure(fig, "06_slogans_by_place", figures)
    plt.show()
else:
    print("no numbered slogans in the 巡察 articles of this corpus")

# %% [markdown]
# ## The tables, for readers who live in spreadsheets
#
# One workbook with the main tables (texts are in the CSV/parquet files; the workbook keeps them too,
# cut at Excel's cell limit).

# %%
workbook = processed / "xuncha_tables.xlsx"  # written by `xuncha build`: documents, articles, metrics, ratios …
print(workbook.name, "exists:", workbook.exists(), "· sheets: documents, articles, metrics, indicators_tidy, "
      "indicators_wide, ratios, numeric_density, slogans")

# %% [markdown]
# **What these comparisons cannot show.** The figures are what each committee chose to report: they measure
# reporting as much as inspection. Periods differ (one year, one term of about five years, "since 2019"),
# and terms of different committees do not line up. Places differ in size, and a city-level report may
# include its counties. Five pages are anecdotes, not a sample: intervals here describe variation between
# articles, not a population. Use these figures to ask questions of the texts, not to rank places.
#
# ## Your turn
#
# 1. Add a ratio to a copy of `helpers.compare.comparison.RATIOS` (e.g. leads concluded per lead transferred) and
#    recompute `indicator_ratios(metrics, documents, ratios=...)`.
# 2. Set `density_by = "place"` in the Parameters. Which interval is widest, and why?
# 3. Find two figures for the same indicator with different periods in `indicators_tidy.csv`. How would you
#    convert them to a yearly rate, and what would you have to assume?
#
# Hints and worked solutions: `notebooks/solutions/06_comparison.py`.
