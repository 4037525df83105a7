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
# # 04 · Keywords and topics
#
# **Question.** Which words characterise each place's reports, and which themes recur across the corpus?
# How many themes does the evidence support, and are they stable?
#
# **You need:** notebooks 02 and 03 (articles, the tokenizer). **Time:** 45 minutes. **After this notebook**
# you can compute TF-IDF keywords per group, fit an LDA topic model reproducibly, choose the number of
# topics with held-out perplexity, coherence and stability, and explore the topics in a browser.

# %% tags=["parameters"]
corpus_dir = "../data/raw"
processed_dir = "../data/processed"
reports_dir = "../reports"
seed = 42
topic_ks = None         # numbers of topics to compare, e.g. [2, 4, 8, 12]; None: the grid the build used
criterion = "coherence"  # how K is chosen: coherence, perplexity_heldout or stability
n_terms = 8             # top words shown per topic
stability_runs = 3      # refits with other seeds to check the topics

# %%
import logging
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import Markdown, display

from helpers.core.config import BuildConfig
from helpers.core.tables import read_provenance, read_table
from helpers.pipeline import topic_documents
from helpers.topics.browser import save_topic_browser
from helpers.topics.models import (TopicModel, choose_k, plot_doc_topic_heatmap, plot_k_selection, plot_topic_terms,
                                   select_k, topic_stability)
from helpers.viz.theme import save_figure, set_theme

logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
set_theme()
processed, reports = Path(processed_dir), Path(reports_dir)
articles = read_table(processed / "articles.parquet")
settings = read_provenance(processed / "topic_tokens.parquet")["config"]  # what `xuncha build` used
# the document unit: articles when there are enough of them, else paragraphs (see below)
unit, docs = topic_documents(articles, BuildConfig(topic_min_articles=settings["topic_min_articles"]))
# words of two or more characters, no stopwords, numbers, measure words or reporters' names from the bylines
tokens = read_table(processed / "topic_tokens.parquet")
n_docs = tokens[["doc_id", "article"]].drop_duplicates().shape[0] if len(tokens) else 0
print(f"{len(docs)} documents ({unit}s), {n_docs} with words, {len(tokens):,} tokens")

# %% [markdown]
# ## Keywords: TF-IDF by place
#
# TF-IDF weighs a word by how often it occurs in a document (tf) and how rare it is across documents
# (idf). scikit-learn's smoothed form is $\mathrm{idf}(t)=\ln\frac{1+n}{1+\mathrm{df}(t)}+1$ and
# $\text{tf-idf}(t,d)=\mathrm{tf}(t,d)\cdot\mathrm{idf}(t)$, each document vector then scaled to unit
# length. Words every page uses (巡察, 工作) sink; names of places, programmes and local campaigns rise.
# The vectoriser reads our tokens directly: there is no second tokenisation.

# %%
keyword_file = processed / f"keywords_by_{settings.get('keywords_by', 'place')}.csv"
if keyword_file.is_file():
    keywords = read_table(keyword_file)  # tfidf_top_terms(tokens, group_by="place"), by the build
    group = settings.get("keywords_by", "place")
    display(keywords.assign(**{group: keywords[group].astype("string").fillna("").replace("", "(not stated)")})
            .pivot_table(index="rank", columns=group, values="term", aggfunc="first"))
else:
    print("no keywords: this corpus has no words left after stopwords")

# %% [markdown]
# ## Topics: LDA, and how many?
#
# Latent Dirichlet Allocation treats each document as a mixture of topics and each topic as a
# distribution over words. **Which document unit?** Articles keep their context but the default corpus
# has only a few dozen; paragraphs give more documents but each says less. With your own corpus of
# thousands of articles, use articles. Here we use all articles (relevant or not), so topics also
# separate 巡察 from the rest of the page; a corpus of fewer than 30 articles falls back to paragraphs.
#
# To choose $K$ we fit each value with two seeds and read three measures:
# * **held-out perplexity** $\exp\!\big(-\frac{\sum_d \log p(w_d)}{\sum_d N_d}\big)$ on 20% of the
#   documents, by *document completion* (half of each held-out document's words estimate its topic shares,
#   the other half are scored; Wallach et al. 2009). Lower is better; it flattens once K is large enough;
# * **coherence** NPMI of each topic's top words, $\frac{\log\frac{p(w_i,w_j)}{p(w_i)p(w_j)}}{-\log p(w_i,w_j)}$,
#   averaged over word pairs (gensim's implementation; higher means words that really co-occur);
# * **stability**: topics of different seeds matched by the Hungarian algorithm on cosine similarity
#   of their word distributions (1 = the same topics every time).

# %%
selection_file = processed / "topic_selection.csv"
if topic_ks is not None and n_docs > 2:  # your own grid (slower: every K is fitted with two seeds)
    selection = select_k(tokens, ks=[k for k in topic_ks if k < n_docs], seeds=(seed, seed + 1), random_state=seed,
                         min_df=settings["topic_min_df"])
elif selection_file.is_file():
    selection = read_table(selection_file)  # select_k over BuildConfig.topic_ks, by the build
else:
    selection = None
    print(f"{n_docs} documents are too few for a topic model: this section and the next are skipped")
if selection is not None and len(selection):
    fig = plot_k_selection(selection)
    save_figure(fig if hasattr(fig, "savefig") else plt.gcf(), "04_k_selection", reports / "figures")
    plt.show()
    has = selection[criterion].notna().any() if criterion in selection else False
    k = choose_k(selection, criterion=criterion) if has else int(selection["k"].min())
    print(f"K chosen by {criterion if has else 'the smallest K (no ' + criterion + ')'}:", k)
else:
    k = None

# %%
if k:
    # the build fitted this model and wrote topic_terms.csv and doc_topics.csv; refitting with the same seed gives
    # the same model, which the figures and the browser below need
    model = TopicModel(n_topics=k, random_state=seed, min_df=settings["topic_min_df"]).fit(tokens)
    labels = model.suggest_labels(n=3)
    doc_topic = model.transform(tokens)
    display(labels)

# %%
if k:
    fig = plot_topic_terms(model, n_terms=n_terms)
    save_figure(fig if hasattr(fig, "savefig") else plt.gcf(), "04_topic_terms", reports / "figures")
    plt.show()

# %%
if k:
    fig = plot_doc_topic_heatmap(doc_topic, "place", articles=docs, labels=labels)
    save_figure(fig if hasattr(fig, "savefig") else plt.gcf(), "04_topics_by_place", reports / "figures")
    plt.show()

# %% [markdown]
# ## Are these topics stable?
#
# Refit the chosen $K$ with other seeds and match the topics. A topic that reappears with cosine ≥ 0.8
# is a finding; one that does not is an artefact of this run.

# %%
if k:
    runs = [model] + [TopicModel(n_topics=k, random_state=s, min_df=settings["topic_min_df"]).fit(tokens)
                      for s in range(seed + 1, seed + stability_runs)]  # the model above is the run with `seed`
    display(topic_stability(runs))

# %% [markdown]
# ## The topic browser
#
# An interactive view (pyLDAvis): topics as circles by similarity, and each topic's words ranked by
# *relevance* $\lambda\log\phi_{kw}+(1-\lambda)\log\frac{\phi_{kw}}{p_w}$ — slide λ down to see the words
# most specific to a topic. The page is self-contained (scripts and a font subset inlined): it opens
# offline. Topic numbers are the same as in the tables above.

# %%
if k:
    browser = save_topic_browser(model, reports / "topic_browser.html")
    display(Markdown(f"Open the topic browser: [{browser.name}](../{browser.name})"))

# %% [markdown]
# **What this shows and what it cannot.** With a few dozen articles, LDA finds the obvious division
# (inspection reports vs. other news) and a few local themes; coherence and stability are noisy at this
# size. Topics are word distributions, not meanings: name them only after reading the articles with the
# highest share of each topic.
#
# ## Your turn
#
# 1. Set `topic_ks = [2, 4, 8, 12]` in the Parameters and run again. Does the chosen K change? And with
#    `criterion = "stability"`?
# 2. Which place's keywords are dominated by proper names? What would you remove to see its discourse?
# 3. Find the topic with the lowest stability and read its top words. Is it a theme or noise?
#
# Hints and worked solutions: `notebooks/solutions/04_keywords_topics.py`.
