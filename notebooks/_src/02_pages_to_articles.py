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
# # 02 · From pages to articles
#
# **Question.** A newspaper page holds several articles, and OCR or scraping has mangled it. Which
# articles are on each page, which of them are *mainly about* 巡察, and can we trust the text?
#
# **You need:** notebook 01 (the documents table). **Time:** 30 minutes. **After this notebook** you can
# explain each cleaning step, read the segmenter's cues, and check a page of your own that goes wrong.

# %% tags=["parameters"]
corpus_dir = "../data/raw"
processed_dir = "../data/processed"
reports_dir = "../reports"
seed = 42
gold_dir = "../../shared/gold"
example_page = None  # the doc_id of the page to clean step by step; None: a traditional-script page if any

# %%
import logging
import subprocess
import sys
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

from helpers.pages.cleaning import clean_text
from helpers.core.tables import read_provenance, read_table
from helpers.pages.relevance import describe_rule
from helpers.viz.theme import figure_labels, integer_ticks, save_figure, set_theme
from helpers.pages.segmentation import paragraphs_of

logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
set_theme()
processed, figures = Path(processed_dir), Path(reports_dir) / "figures"
documents = read_table(processed / "documents.parquet")
pd.set_option("display.max_colwidth", 80)

# %% [markdown]
# ## Step 1: cleaning, with a map back to the raw text
#
# `clean_text` repairs what OCR and scrapers do to a page:
#
# * **line breaks inside sentences** — a printed column is wrapped every ~15 characters. A break is
#   kept as a paragraph break only when the line ends a sentence (。！？) or is visibly shorter than the
#   column; the column width is estimated locally from the widths of neighbouring lines (75th percentile),
#   because one page mixes columns of different widths;
# * **OCR spaces** between Chinese characters and inside digit groups (`4 858件` → `4858件`);
#   spaces between Latin words stay;
# * **full-width digits and symbols** to half-width (`９８％` → `98%`); control and replacement
#   characters (�) dropped;
# * **page furniture**: navigation bars, breadcrumbs (您当前的位置), datelines, editor lines (责任编辑),
#   copyright footers — rules in the editable file `helpers/data/boilerplate.csv`;
# * **traditional script** converted to simplified with OpenCC (`t2s`).
#
# Every cleaned character keeps the index of the raw character it came from (`offsets`), so an article,
# a KWIC line or a figure can always be traced to the exact place in the raw file.

# %%
if example_page is not None:
    doc = documents.set_index("doc_id", drop=False).loc[example_page]
else:
    doc = documents.iloc[[i for i, s in enumerate(documents["script"]) if s == "traditional"] or [0]].iloc[0]
clean = clean_text(doc["text"])
print("RAW (first 500 characters):\n", doc["text"][:500])
print("\nCLEANED:\n", clean.text[:400])
pd.DataFrame(clean.removed, columns=["raw_start", "raw_end", "reason"]).assign(
    text=lambda d: [doc["text"][a:b] for a, b in zip(d.raw_start, d.raw_end)])

# %% [markdown]
# The offset map in action: the first figure in the cleaned text, and the raw characters it came from.

# %%
import re

m = re.search(r"\d+(\.\d+)?", clean.text)
if m:
    a, b = clean.raw_span(m.start(), m.end())
    print(f"cleaned {m.group(0)!r} at {m.start()}:{m.end()}  ->  raw {doc['text'][a:b]!r} at {a}:{b}")
else:
    print("this page has no figure to trace")

# %% [markdown]
# ## Step 2: segmentation into articles
#
# The cleaned page is a list of paragraphs. Each paragraph gets a *kind* from layout cues:
# headline (short, no sentence end), subtitle (——…), byline (■/□ 本报记者…), brief (本报讯…),
# continuation (（上接第一版）), caption (图为…, arrows ↑→), credit (…摄), editor's note (编者按), or body.
#
# * **Sure boundaries** come from the cues: a byline, 本报讯, a continuation marker, a caption, a
#   signature that closes an article (「……。（某某）」 or 「……。邢帅 刘源」, names checked against common
#   surnames), or the top markdown heading level.
# * **Headlines without such a cue** may be subheads inside an article. They start a new article only
#   when the text after them changes topic: the *cohesion* of the two sides is the cosine similarity of
#   their character-bigram vectors weighted by inverse document frequency over the page's paragraphs,
#
#   $$\cos(L,R)=\frac{\sum_g w_L(g)\,w_R(g)}{\lVert w_L\rVert\,\lVert w_R\rVert},\qquad
#     w(g)=\mathrm{count}(g)\cdot\Big(\log\frac{1+n}{1+\mathrm{df}(g)}+1\Big),$$
#
#   and the cut is made when it falls below 0.12. The same test is applied where the printed column width
#   changes between two hard-wrapped paragraphs (another block of the page layout).
#
# Headlines printed *after* their body (common in OCR) end up attached to a neighbour; the `title`
# column then holds the nearest headline found.

# %%
articles = read_table(processed / "articles.parquet")  # written by `xuncha build` with the settings below
settings = read_provenance(processed / "articles.parquet")["config"]
print({k: settings[k] for k in ("cohesion_threshold", "feature_threshold", "relevance_threshold")})
articles[["doc_id", "article", "title", "n_chars", "boundary", "relevant", "relevance_score"]]

# %% [markdown]
# ## Step 3: which articles are about 巡察?
#
# Relevance is a transparent score from the weighted dictionary `helpers/data/relevance_terms.csv`
# (term, weight, note): positive terms (巡察, 巡察组, 整改, 问题线索 …) and negative look-alikes
# (巡查 as patrol, 防火巡查, 巡逻, 巡河 …):
#
# $$\text{score}=\frac{\sum_t w_t\,\mathrm{count}_t}{\max(n_\text{chars},L)/1000}$$
#
# with the length floor $L$ given in the rule below (short captions are not inflated).
#
# The rule, printed from the code below, needs both a high score **and** repeated mentions of 巡察, so a
# passing mention never makes an article relevant. `relevance_terms` shows the evidence.

# %%
print(describe_rule(threshold=settings["relevance_threshold"]))
articles.loc[:, ["doc_id", "article", "title", "relevant", "relevance_score", "relevance_terms"]].sort_values(
    "relevance_score", ascending=False).head(15)

# %%
counts = articles.groupby(["doc_id", "relevant"]).size().unstack(fill_value=0).reindex(columns=[True, False],
                                                                                       fill_value=0)
meta = documents.set_index("doc_id").reindex(counts.index)
counts.index = figure_labels(meta.assign(page=meta["place"].replace("", pd.NA).fillna(pd.Series(counts.index,
                                                                                                 index=meta.index))),
                             parts=("page", "date", "source"))
counts = counts.rename(columns={True: "巡察 articles", False: "other articles"})
ax = counts.plot.barh(stacked=True, figsize=(8, 0.45 * len(counts) + 1.6), width=0.65)
for container in ax.containers:
    ax.bar_label(container, labels=[str(int(v)) if v else "" for v in container.datavalues], label_type="center",
                 fontsize=8, color="white")
integer_ticks(ax, "x")
ax.grid(axis="y", visible=False)
ax.set_xlabel("文章数 · articles on the page")
ax.set_title("每版文章数 · articles per page")
ax.legend(title=None)
ax.invert_yaxis()
save_figure(ax.figure, "02_articles_per_page", figures)
plt.show()

# %% [markdown]
# ## Checking against hand-made answers
#
# For the seed pages, `../shared/gold/check_articles.py` checks that every hand-picked probe string lands
# in one article (no splits, no merges) with the right relevance label. On your own corpus there is no
# gold: read the table above page by page instead.

# %%
checker = Path(gold_dir) / "check_articles.py"
sums = Path("../data/raw/SHA256SUMS")  # the gold was made for the seed pages: same bytes, same gold
seeds = {line.split()[0] for line in sums.read_text(encoding="utf-8").splitlines() if line.endswith(".txt")} \
    if sums.is_file() else set()
if checker.is_file() and seeds == set(documents["sha256"]):
    res = subprocess.run([sys.executable, str(checker.resolve()), "--segments", "articles.csv"],
                         capture_output=True, text=True, cwd=processed)
    print(res.stdout[:2500])
else:
    print("no gold for this corpus (the gold is for the five seed pages): skipped")

# %% [markdown]
# ## When a page of your own goes wrong
#
# * **One article per page and a warning** — no cue was found: check that headlines are on lines of
#   their own; for web pages with one paragraph per line this is usually right.
# * **An article split at a subhead** — the two sides share few words; raise `cohesion_threshold`
#   only if subheads are numbered or parallel; better, check the paragraph kinds with
#   `paragraphs_of(clean_text(raw))`.
# * **Navigation left in the text** — add a rule (a regular expression) to `boilerplate.csv`.
# * **A relevant article marked irrelevant** — read `relevance_terms`; add the local term to
#   `relevance_terms.csv` with a weight.
#
# ## Your turn
#
# 1. Print `paragraphs_of(clean_text(raw))` for one page and find a subhead that did *not* start a new
#    article. What was its cohesion? (Run with logging at DEBUG level to see it.)
# 2. Add 巡视 with weight 1.0 to a copy of `relevance_terms.csv` and score the articles again with
#    `helpers.pages.relevance.score_articles(articles, terms_file=...)`: which labels change?
# 3. Which cleaning step would you distrust most for a page scanned in two columns? Why?
#
# Hints and worked solutions: `notebooks/solutions/02_pages_to_articles.py`.
