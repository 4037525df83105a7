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
# # 03 · Exploring the discourse: words, contexts, slogans
#
# **Question.** Which words, phrases and numbered slogans make up the 巡察 report genre, how evenly are
# they spread over the pages, and what distinguishes one place's reports from the others'?
#
# **You need:** notebook 02 (articles). **Time:** 45 minutes. **After this notebook** you can tokenise
# Chinese text with a managed dictionary, and compute and interpret frequencies, dispersion, KWIC lines,
# collocation scores, keyness and slogan counts.

# %% tags=["parameters"]
corpus_dir = "../data/raw"
processed_dir = "../data/processed"
reports_dir = "../reports"
seed = 42

# %%
import logging
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from helpers.words.coding import code_articles, code_crosstab
from helpers.words.collocations import collocations
from helpers.words.frequency import dispersion, frequency_table
from helpers.core.tables import read_table
from helpers.words.keyness import keyness
from helpers.words.kwic import kwic, kwic_to_html
from helpers.words.network import cooccurrence_network, plot_network
from helpers.viz.theme import save_figure, set_theme
from helpers.words.slogans import count_slogans
from helpers.words.tokens import ChineseTokenizer

logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
set_theme()
processed, reports = Path(processed_dir), Path(reports_dir)
articles = read_table(processed / "articles.parquet")
relevant = articles[articles["relevant"]].reset_index(drop=True)
print(f"{len(relevant)} 巡察 articles of {len(articles)}")

# %% [markdown]
# ## Tokenising
#
# Chinese has no spaces between words, so a segmenter decides where words end. We use **jieba** through a
# private `jieba.Tokenizer` (the global one is never touched) with a versioned **domain dictionary** of
# 巡察 vocabulary (`helpers/data/domain_dict.txt`: 政治巡察, 被巡察党组织, 问题线索, 两个维护 …) so that
# these terms stay whole, and a documented stopword list (stopwords-iso `zh` plus domain additions).

# %%
tokens = read_table(processed / "tokens.parquet")  # `xuncha build` tokenised the 巡察 articles like this:
print(ChineseTokenizer().get_params())
print(f"{len(tokens):,} tokens, {tokens['token'].nunique():,} types")
tokens.head()

# %% [markdown]
# ## Frequency and dispersion
#
# Raw counts favour long pages, so frequencies are **normalised per 10,000 tokens**. A word can be
# frequent because one page repeats it: **dispersion** tells. With $v_i$ the word's share in part $i$
# (here a page) and $s_i$ the part's share of the corpus, Gries' $DP=\tfrac12\sum_i |v_i-s_i|$ (0 = spread
# exactly like the corpus, 1 = all in one part); Juilland's $D = 1-\frac{\sigma/\bar{x}}{\sqrt{n-1}}$ over
# the per-part relative frequencies (1 = perfectly even).

# %%
disp = dispersion(tokens, parts=("doc_id",))
disp.head(15)

# %%
freq = frequency_table(tokens, by="place", articles=relevant)
top = freq[freq["rank"] <= 8]
fig, axes = plt.subplots(1, top["place"].nunique(), figsize=(3.2 * top["place"].nunique(), 3.6), sharex=False)
for ax, (place, g) in zip(np.atleast_1d(axes).ravel(), top.groupby("place")):
    ax.barh(g["token"][::-1], g["per_10k"][::-1], color="#4c72b0")
    ax.set_title(place, fontsize=10)
    ax.set_xlabel("per 10k tokens")
fig.suptitle("高频词 · most frequent words per place")
save_figure(fig, "03_top_words_by_place", reports / "figures")
plt.show()

# %% [markdown]
# ## KWIC: words in context
#
# A key-word-in-context concordance lines up every occurrence of a node with its left and right context,
# the first thing a discourse analyst reads. Sorting by the first word to the right (R1) groups the
# patterns: 整改**落实**, 整改**责任**, 整改**到位** … The HTML export highlights the node.

# %%
lines = kwic(relevant, "整改", window=14, sort=["R1"])
kwic_to_html(lines, reports / "kwic_整改.html", title="KWIC: 整改 (rectification)")
lines[["doc_id", "left", "node", "right"]].head(12)

# %% [markdown]
# ## Collocations of 问题 (problems)
#
# Which words keep company with 问题 within five tokens? With $O$ the observed co-occurrences, $E$ the
# count expected if they were independent, $f_n, f_c$ the node and collocate frequencies:
# MI $=\log_2(O/E)$ (favours rare pairs), T-score $=(O-E)/\sqrt{O}$ (favours frequent ones),
# logDice $=14+\log_2\frac{2O}{f_n+f_c}$ (comparable across corpora), and the log-likelihood $G^2$
# with its p-value. Read the verbs: 发现, 解决, 整改, 移交 — the genre's chain of accountability.

# %%
col = collocations(tokens, node="问题", window=5, min_freq=3)
col.sort_values("log_dice", ascending=False)[["collocate", "freq", "mi", "t_score", "log_dice", "g2", "p_value"]].head(12)

# %% [markdown]
# ## Keyness: what distinguishes one place?
#
# Keyness compares a word's frequency in a target sub-corpus with a reference (here: one place against all
# others). $G^2 = 2\sum O\ln(O/E)$ tests whether the difference is more than chance (p-values corrected
# with Benjamini–Hochberg for the many words tested); the **log ratio** $\log_2\frac{f_t/N_t}{f_r/N_r}$
# (with 0.5 added to zero counts) measures how large it is. Report both: with pages this short, few words
# pass the test, and large ratios on small counts are fragile.

# %%
target = relevant["place"].value_counts().index[0]
keys = keyness(tokens, by="place", target=target, articles=relevant, min_freq=3)
print("target:", target)
keys.sort_values("g2", ascending=False)[["token", "freq_target", "freq_reference", "g2", "p_adjusted", "log_ratio"]].head(12)

# %% [markdown]
# ## Numbered formulas and slogans
#
# The genre speaks in numbered formulas: 两个维护 ("the two upholds"), 四个意识, 三聚焦一落实, 十四五.
# The extractor combines a curated list (`helpers/data/slogans.csv`, with English glosses) and a pattern
# for numeral + measure + content; each hit keeps its offsets.

# %%
slogans = read_table(processed / "slogans.csv")  # extract_slogans(relevant), run by `xuncha build`
by_place = count_slogans(slogans, by="place", articles=relevant)
by_place.pivot_table(index="canonical", columns="place", values="count", aggfunc="sum", fill_value=0).sort_values(
    by=list(by_place["place"].unique())[:1], ascending=False).head(15)

# %% [markdown]
# ## Co-occurrence network and codebook coding
#
# Terms that appear in the same article are linked (edge weight: Jaccard similarity of the articles they
# occur in); communities of the network suggest themes. The codebook (`helpers/data/codebook.csv`, like
# KH Coder's coding rules) turns term lists into codes per article; the cross-table shows where each code
# is over- or under-represented (adjusted residuals beyond ±2).

# %%
G = cooccurrence_network(tokens, top_n=40)  # `xuncha build` also wrote it as cooccurrence.graphml (Gephi)
fig, ax = plt.subplots(figsize=(8, 7))
plot_network(G, ax=ax, random_state=seed)
ax.set_title("共现网络 · term co-occurrence")
save_figure(fig, "03_cooccurrence_network", reports / "figures")
plt.show()

# %%
coded = code_articles(relevant)
code_crosstab(coded, by="place", articles=relevant)[["code", "place", "n_coded", "percent", "residual"]].head(15)

# %% [markdown]
# **What this shows and what it cannot.** With a dozen relevant articles, frequencies describe these
# pages, not a population; keyness mostly finds place names and the committee's level (市委 vs 县委).
# Tokenisation errors propagate: check a KWIC before trusting a count.
#
# ## Your turn
#
# 1. Run `kwic(relevant, "巡察.{0,2}组", regex=True)`: which kinds of teams are named?
# 2. Compare MI and logDice for the collocates of 整改. Why does MI put rare words first?
# 3. Add a term to a copy of the domain dictionary and use `helpers.words.tokens.dictionary_diff` to see
#    which tokens change.
