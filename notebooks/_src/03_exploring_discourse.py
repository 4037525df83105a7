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
group_by = "place"          # the grouping for frequencies, keyness and coding: place, admin_level, year, doc_id …
top_words = 8               # words per group in the frequency figure
kwic_node = "整改"           # the KWIC node: a word, or a regular expression when kwic_regex is True
kwic_regex = False
kwic_window = 14            # characters of context on each side
collocation_node = "问题"    # the collocation node
collocation_window = 5      # tokens on each side
min_freq = 3                # minimum co-occurrence / frequency for collocations and keyness
keyness_target = None       # a value of group_by (None: the largest group) …
keyness_reference = None    # … against these values (None: every other group)
network_terms = 40

# %%
import logging
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import Markdown, display

from helpers.core.tables import read_table
from helpers.viz.theme import figure_labels, label_bars, save_figure, say_nothing, set_theme
from helpers.words.coding import code_articles, code_crosstab
from helpers.words.collocations import collocations
from helpers.words.frequency import content_words, dispersion, frequency_table
from helpers.words.keyness import keyness
from helpers.words.kwic import kwic, kwic_to_html
from helpers.words.network import cooccurrence_network, plot_network
from helpers.words.slogans import count_slogans
from helpers.words.tokens import ChineseTokenizer

logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
set_theme()
processed, reports = Path(processed_dir), Path(reports_dir)
articles = read_table(processed / "articles.parquet")
relevant = articles[articles["relevant"]].reset_index(drop=True)
if len(relevant):  # a page without metadata (no manifest) stands for itself
    relevant[group_by] = relevant[group_by].astype("string").fillna("").mask(lambda x: x == "", relevant["doc_id"])
print(f"{len(relevant)} 巡察 articles of {len(articles)}; {relevant[group_by].nunique() if len(relevant) else 0} "
      f"value(s) of {group_by}")

# %% [markdown]
# ## Tokenising
#
# Chinese has no spaces between words, so a segmenter decides where words end. We use **jieba** through a
# private `jieba.Tokenizer` (the global one is never touched) with a versioned **domain dictionary** of
# 巡察 vocabulary (`helpers/data/domain_dict.txt`: 政治巡察, 被巡察党组织, 问题线索, 两个维护 …) so that
# these terms stay whole, and a documented stopword list (stopwords-iso `zh` plus domain additions).

# %%
tokens = read_table(processed / "tokens.parquet")  # `xuncha build` tokenised the 巡察 articles like this:
if len(tokens):
    tokens[group_by] = tokens[["doc_id", "article"]].merge(relevant[["doc_id", "article", group_by]], how="left",
                                                           on=["doc_id", "article"])[group_by].to_numpy()
print(ChineseTokenizer().get_params())
print(f"{len(tokens):,} tokens, {tokens['token'].nunique() if len(tokens) else 0:,} types")
tokens.head()

# %% [markdown]
# ## Frequency and dispersion
#
# Raw counts favour long pages, so frequencies are **normalised per 10,000 tokens**. A word can be
# frequent because one page repeats it: **dispersion** tells. With $v_i$ the word's share in part $i$
# (here a page) and $s_i$ the part's share of the corpus, Gries' $DP=\tfrac12\sum_i |v_i-s_i|$ (0 = spread
# exactly like the corpus, 1 = all in one part); Juilland's $D = 1-\frac{\sigma/\bar{x}}{\sqrt{n-1}}$ over
# the per-part relative frequencies (1 = perfectly even).

# %% [markdown]
# Numbers and measure words (12, 件, 十, 三个) are counted figures, not words of the discourse: the word
# counts below leave them out (`content_only=True`, the default; notebook 05 reads the figures).

# %%
words = content_words(tokens)
disp = dispersion(words, parts=("doc_id",)) if len(words) else pd.DataFrame()
disp.head(15)

# %%
freq = frequency_table(tokens, by=group_by) if len(tokens) else pd.DataFrame(columns=[group_by, "token", "rank"])
top = freq[freq["rank"] <= top_words]
# ties at the cut would crowd a panel: keep the first `top_words` of each group (count, then token order)
top = top.groupby(group_by, sort=True).head(top_words)
n = top[group_by].nunique()
if n:
    ncols = min(n, 3)
    nrows = -(-n // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(4.4 * ncols, 0.34 * top_words * nrows + 1.4 * nrows),
                             squeeze=False)
    for ax in axes.ravel()[n:]:
        ax.set_visible(False)
    for ax, (name, g) in zip(axes.ravel(), top.groupby(group_by, sort=True)):
        ax.barh(range(len(g)), g["per_10k"], color="#4c72b0", height=0.65)
        ax.set_yticks(range(len(g)), g["token"])
        ax.invert_yaxis()
        ax.grid(axis="y", visible=False)
        label_bars(ax, g["per_10k"])
        ax.set_title(str(name), fontsize=10)
        ax.set_xlabel("每万词 · per 10,000 tokens", fontsize=8)
    fig.suptitle(f"高频词 · most frequent words by {group_by}")
    fig.tight_layout(rect=(0, 0, 1, 1 - 0.5 / fig.get_figheight()))  # room for the title above the panels
    save_figure(fig, "03_top_words_by_place", reports / "figures")
    plt.show()
else:
    print("no 巡察 articles in this corpus: no word frequencies")

# %% [markdown]
# ## KWIC: words in context
#
# A key-word-in-context concordance lines up every occurrence of a node with its left and right context,
# the first thing a discourse analyst reads. Sorting by the first word to the right (R1) groups the
# patterns: 整改**落实**, 整改**责任**, 整改**到位** … The HTML export highlights the node.

# %%
lines = kwic(relevant, kwic_node, regex=kwic_regex, window=kwic_window, sort=["R1"]) if len(relevant) else pd.DataFrame()
kwic_page = reports / f"kwic_{kwic_node if not kwic_regex else 'pattern'}.html"
if len(lines):
    kwic_to_html(lines, kwic_page, title=f"KWIC: {kwic_node}")
    display(Markdown(f"{len(lines)} lines · the whole concordance: [{kwic_page.name}](../{kwic_page.name})"))
    display(lines[["doc_id", "left", "node", "right"]].head(12))
else:
    print(f"{kwic_node!r} does not occur in the 巡察 articles of this corpus: no concordance")

# %% [markdown]
# ## Collocations of the node (问题, problems, by default)
#
# Which words keep company with the node within five tokens? Each collocate token is counted once per
# node even where the windows of two nearby occurrences overlap, so no count exceeds the word's frequency. With $O$ the observed co-occurrences, $E$ the
# count expected if they were independent, $f_n, f_c$ the node and collocate frequencies:
# MI $=\log_2(O/E)$ (favours rare pairs), T-score $=(O-E)/\sqrt{O}$ (favours frequent ones),
# logDice $=14+\log_2\frac{2O}{f_n+f_c}$ (comparable across corpora), and the log-likelihood $G^2$
# with its p-value. Read the verbs: 发现, 解决, 整改, 移交 — the genre's chain of accountability.

# %%
col = collocations(words, node=collocation_node, window=collocation_window, min_freq=min_freq) if len(words) \
    else pd.DataFrame()
if len(col):
    display(col.sort_values("log_dice", ascending=False)[["collocate", "freq", "mi", "t_score", "log_dice", "g2",
                                                          "p_value"]].head(12).round(3))
else:
    print(f"no collocate of {collocation_node!r} occurs {min_freq} times or more in this corpus")

# %% [markdown]
# ## Keyness: what distinguishes one place?
#
# Keyness compares a word's frequency in a target sub-corpus with a reference (by default: the largest
# group of `group_by` against all others; set `keyness_target` and `keyness_reference` in the Parameters). $G^2 = 2\sum O\ln(O/E)$ tests whether the difference is more than chance (p-values corrected
# with Benjamini–Hochberg for the many words tested); the **log ratio** $\log_2\frac{f_t/N_t}{f_r/N_r}$
# (with 0.5 added to zero counts) measures how large it is. Report both: with pages this short, few words
# pass the test, and large ratios on small counts are fragile.

# %%
values = words[group_by].dropna().value_counts() if len(words) else pd.Series(dtype=int)
target = keyness_target if keyness_target is not None else (values.index[0] if len(values) else None)
reference = keyness_reference if keyness_reference is not None else [v for v in values.index if v != target]
if target is None or not len(reference) or not values.get(target, 0):
    print(f"keyness needs two groups of {group_by} with tokens; this corpus has {len(values)}: "
          f"skipped (compare years or pages instead: set group_by in the Parameters)")
else:
    keys = keyness(words, by=group_by, target=target, reference=reference, min_freq=min_freq)
    print("target:", target, "· reference:", ", ".join(map(str, reference)))
    display(keys.sort_values("g2", ascending=False)[["token", "freq_target", "freq_reference", "g2", "p_adjusted",
                                                     "log_ratio"]].head(12).round(3))

# %% [markdown]
# ## Numbered formulas and slogans
#
# The genre speaks in numbered formulas: 两个维护 ("the two upholds"), 四个意识, 三聚焦一落实, 十四五.
# The extractor combines a curated list (`helpers/data/slogans.csv`, with English glosses) and a pattern
# for numeral + measure + content; each hit keeps its offsets.

# %%
slogans = read_table(processed / "slogans.csv")  # extract_slogans(relevant), run by `xuncha build`
if len(slogans):
    by_group = count_slogans(slogans, by=group_by, articles=relevant)
    table = by_group.pivot_table(index="canonical", columns=group_by, values="count", aggfunc="sum", fill_value=0)
    display(table.loc[table.sum(axis=1).sort_values(ascending=False).index].head(15))
else:
    print("no numbered slogans in the 巡察 articles of this corpus")

# %% [markdown]
# ## Co-occurrence network and codebook coding
#
# Terms that appear in the same article are linked (edge weight: Jaccard similarity of the articles they
# occur in); communities of the network suggest themes. The codebook (`helpers/data/codebook.csv`, like
# KH Coder's coding rules) turns term lists into codes per article; the cross-table shows where each code
# is over- or under-represented (adjusted residuals beyond ±2).

# %%
G = cooccurrence_network(words, top_n=network_terms) if len(words) else None  # also cooccurrence.graphml (Gephi)
fig, ax = plt.subplots(figsize=(9, 8))
if G is not None and G.number_of_nodes():
    plot_network(G, ax=ax, random_state=seed)
    ax.set_title("共现网络 · term co-occurrence (colours: communities)")
else:
    say_nothing(ax, "no 巡察 articles: no network")
save_figure(fig, "03_cooccurrence_network", reports / "figures")
plt.show()

# %%
if len(relevant):
    coded = code_articles(relevant)
    crosstab = code_crosstab(coded, by=group_by, articles=relevant)
    display(crosstab[["code", group_by, "n_coded", "percent", "residual"]].head(15))

# %% [markdown]
# **What this shows and what it cannot.** With a dozen relevant articles, frequencies describe these
# pages, not a population; keyness mostly finds place names and the committee's level (市委 vs 县委).
# Tokenisation errors propagate: check a KWIC before trusting a count.
#
# ## Your turn
#
# 1. Set `kwic_node = "巡察.{0,2}组"` and `kwic_regex = True` in the Parameters and run again: which kinds of
#    teams are named?
# 2. Set `collocation_node = "整改"`. Compare MI and logDice for its collocates. Why does MI put rare words first?
# 3. Set `group_by = "year"` (or `admin_level`): what does keyness find now?
#
# Hints and worked solutions: `notebooks/solutions/03_exploring_discourse.py`.
