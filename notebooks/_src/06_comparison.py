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

# %%
import logging
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

from helpers.compare.comparison import KEY_INDICATORS, group_bootstrap, indicator_table
from helpers.core.tables import read_table
from helpers.viz.theme import plot_indicator_grid, plot_intervals, save_figure, set_theme

logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
set_theme()
processed, figures = Path(processed_dir), Path(reports_dir) / "figures"
documents = read_table(processed / "documents.parquet")
articles = read_table(processed / "articles.parquet")
metrics = read_table(processed / "metrics.parquet")
documents[["doc_id", "place", "admin_level", "province", "date", "date_precision"]]

# %% [markdown]
# ## What the reports claim, indicator by indicator
#
# Each panel is one indicator; each bar one reported figure, labelled with its place and its **period**
# (`scope_period`: 2020年, 十三届 (the 13th term, about five years), 本届, 一年来 …). Figures for a term and for
# one year sit side by side here on purpose: never compare their heights without reading the labels.

# %%
table = indicator_table(metrics, documents)
fig = plot_indicator_grid(table, KEY_INDICATORS)
fig.suptitle("报告的指标 · reported figures by place (label: place and period)", y=1.02)
save_figure(fig, "06_indicators_by_place", figures)
plt.show()

# %% [markdown]
# ## Ratios make places comparable
#
# Absolute counts grow with the size of a place and the length of the period. Ratios computed **inside one
# article and one period** cancel both: the rectification rate (rectified ÷ found × 100), sanctions, leads
# transferred and organisational handling per 100 problems found. Where a report gives its own
# rectification rate, compare it with the computed one — they should agree.

# %%
ratios = read_table(processed / "ratios.csv")  # indicator_ratios(metrics, documents), run by `xuncha build`
ratios[["place", "admin_level", "scope_period", "label", "numerator", "denominator", "value"]].round(2)

# %%
if len(ratios):
    shown = ratios.assign(group=lambda d: d["place"] + " · " + d["label"], period=lambda d: d["scope_period"].replace("", "period not stated"))
    fig = plot_intervals(shown.assign(low=shown["value"], high=shown["value"]), label="group", estimate="value",
                         xlabel="per 100 problems found", title="可比比率 · ratios within one report and period",
                         annotate="period")
    save_figure(fig, "06_ratios", figures)
    plt.show()

# %% [markdown]
# ## How numeric is the style? With uncertainty
#
# A discourse measure that does not depend on what is claimed: **figures per 1,000 characters** in each
# relevant article. The interval is a percentile bootstrap over articles (2,000 resamples, seeded):
# resample the articles of a group with replacement, recompute the mean, and take the 2.5th and 97.5th
# percentiles. A group with one article has no interval — the honest answer.

# %%
density = read_table(processed / "numeric_density.csv")  # figure_density(metrics, articles), by the build
ci = group_bootstrap(density, "figures_per_1000_chars", "admin_level", random_state=seed)
fig = plot_intervals(ci, label="admin_level", xlabel="figures per 1,000 characters (mean, 95% bootstrap CI)",
                     title="数字密度 · numeric density by admin level", annotate="n")
save_figure(fig, "06_numeric_density_by_level", figures)
plt.show()
ci.round(2)

# %% [markdown]
# ## Comparing the discourse: slogans by place
#
# Which numbered formulas does each place use, per 10,000 tokens of its 巡察 articles?

# %%
tokens = read_table(processed / "tokens.parquet")
slogans = read_table(processed / "slogans.csv")
place = documents.set_index("doc_id")["place"]
size = tokens.groupby(tokens["doc_id"].map(place)).size().astype(float)
rate = slogans.assign(place=slogans["doc_id"].map(place)).groupby(["place", "canonical"]).size().rename("count")
rate = rate.reset_index()
rate["per_10k"] = 10_000 * rate["count"].astype(float) / rate["place"].map(size).astype(float)
if len(rate):
    pivot = rate.pivot_table(index="canonical", columns="place", values="per_10k", fill_value=0)
    pivot = pivot.loc[pivot.sum(axis=1).sort_values(ascending=False).index[:15]]
    fig, ax = plt.subplots(figsize=(8, 0.35 * len(pivot) + 1.5))
    im = ax.imshow(pivot.values, cmap="Oranges", aspect="auto")
    ax.set_xticks(range(pivot.shape[1]), pivot.columns, rotation=30, ha="right")
    ax.set_yticks(range(pivot.shape[0]), pivot.index)
    fig.colorbar(im, ax=ax, label="per 10,000 tokens")
    ax.set_title("口号使用 · slogans per place")
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
print(workbook, "exists:", workbook.exists())

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
#    recompute `indicator_ratios`.
# 2. Compute the numeric density by `place` instead of `admin_level`. Which interval is widest, and why?
# 3. Find two figures for the same indicator with different periods. How would you convert them to a
#    yearly rate, and what would you have to assume?
