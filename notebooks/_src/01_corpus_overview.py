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
# # 01 · The corpus: what pages do we have?
#
# **Question.** Which newspaper pages make up the corpus, where and when were they published, in which
# script, and how much text does each hold?
#
# **You need:** nothing but the raw pages (`data/raw/`) and their `manifest.csv`.
# **Time:** 15 minutes in class. **After this notebook** you can load any folder of pages, read the
# loader's warnings, and say what metadata each page carries.
#
# The corpus is a set of pages from local Party newspapers reporting on **巡察** (*xúnchá*, inspection
# tours run by city, county and district Party committees). Each page is one text file, usually OCR'd
# or scraped, with several articles on it. The manifest records where (place, admin level, province),
# when (date with its precision: day, month or year, and how it was established) and in which script
# (simplified 简体 or traditional 繁體) each page appeared.

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

from helpers.ingest.corpus import corpus_summary, load_corpus
from helpers.core.tables import read_provenance, read_table
from helpers.viz.theme import figure_labels, label_bars, save_figure, set_theme

logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
set_theme()
processed, figures = Path(processed_dir), Path(reports_dir) / "figures"
pd.set_option("display.max_colwidth", 60)

# %% [markdown]
# ## Loading the pages
#
# `load_corpus` reads every `*.txt` file in the folder. It detects the encoding (UTF-8, UTF-16,
# GB18030/GBK, Big5) with *charset-normalizer*, records a SHA-256 checksum of the bytes (so any later
# result can be traced to the exact file), and joins the manifest. Files that are empty, binary or
# undecodable are **skipped with a warning**, never silently.

# %%
documents = load_corpus(corpus_dir)
corpus_summary(documents)

# %% [markdown]
# ## The documents table
#
# One row per page. `n_chars` counts characters of the file as decoded; `script_detected` is what
# OpenCC's traditional→simplified conversion suggests (it fills `script` when the manifest is silent).

# %%
overview = documents.drop(columns=["text", "path"])
overview[["doc_id", "place", "admin_level", "province", "date", "date_precision", "script", "encoding", "n_chars"]]

# %% [markdown]
# `xuncha build` (run by `make run` before the notebooks) wrote this table to `data/processed/documents.csv`
# and `.parquet`, with a provenance record beside it: the package version, the git commit, every setting and
# the SHA-256 of every input file. The later notebooks read it from there; this one only shows how it is made.

# %%
built = read_table(processed / "documents.parquet")
assert list(built["sha256"]) == list(documents["sha256"]), "the built table comes from other files: run `make data`"
{Path(f).name: h[:16] + "…" for f, h in read_provenance(processed / "documents.parquet")["inputs_sha256"].items()}

# %% [markdown]
# ## How much text per page?
#
# Pages differ in length because they differ in layout: a full page of short news items, a page given
# entirely to inspection work, or a single web article. Length in characters is a first check that
# nothing went wrong in loading (an unexpectedly short file is often a failed download).

# %%
shown = documents.assign(label_place=documents["place"].replace("", pd.NA).fillna(documents["doc_id"]))
labels = figure_labels(shown, parts=("label_place", "date", "admin_level", "doc_id"))
fig, ax = plt.subplots(figsize=(8, 0.45 * len(documents) + 1.5))
ax.barh(range(len(documents)), documents["n_chars"], color="#4c72b0", height=0.65)
ax.set_yticks(range(len(documents)), labels)
ax.invert_yaxis()
ax.grid(axis="y", visible=False)
label_bars(ax, documents["n_chars"])
ax.set_xlabel("字符数 · characters (as decoded)")
ax.set_title("每版字符数 · characters per page")
save_figure(fig, "01_characters_per_page", figures)
plt.show()

# %% [markdown]
# **What this shows and what it cannot.** Character counts include navigation, captions and articles
# that have nothing to do with 巡察; the next notebook separates them. Dates with precision `month`
# were inferred from the content (see `date_source`): treat year comparisons as approximate.
#
# ## What comes next
#
# | notebook | question |
# |---|---|
# | 02 from pages to articles | which articles are on each page, and which are about 巡察? |
# | 03 exploring the discourse | which words, phrases and slogans does the genre use? |
# | 04 keywords and topics | what distinguishes pages, and which themes recur? |
# | 05 metric extraction | which figures do the reports give, and how are they tied to indicators? |
# | 06 comparison | how do places, levels and years compare? |
#
# ## Your turn
#
# 1. Copy two pages into a new folder, save one of them as GBK (`iconv -f utf-8 -t gbk`), and load the
#    folder: which encoding does the loader report?
# 2. Remove a line from the manifest and reload: what does the warning say, and which columns are empty?
# 3. Which page would you expect to dominate word counts in notebook 03, and why?
#
# Hints and worked solutions: `notebooks/solutions/01_corpus_overview.py`.
