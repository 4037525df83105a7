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
# # 07 · Reprints: how one report travels
#
# **Question.** How many of the 巡察 reports in the corpus are copies of another report — the city paper, the
# county site, the discipline commission's site and a WeChat account carrying the same text days apart — who
# reprints whom, how fast, and what changes between the versions?
#
# **You need:** the tables of `xuncha build` (`articles`, `reprints`). **Time:** 25 minutes.
# **After this notebook** you can explain how near-duplicates are found at scale (MinHash, Jaccard similarity,
# LSH), read the `reprints` table, and say why the comparison tables count a figure once per cluster of copies.

# %% tags=["parameters"]
corpus_dir = "../data/raw"
processed_dir = "../data/processed"
reports_dir = "../reports"
seed = 42
shingle_size = 5      # characters per shingle (the build's default)
max_diff_rows = 12    # rows of the version diff shown

# %%
import difflib
import logging
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import display

from helpers.core.tables import read_table
from helpers.pages.reprints import _lsh_params, find_reprints, flag_canonical, normalize_for_reprints
from helpers.viz.theme import save_figure, say_nothing, set_theme

logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
set_theme()
processed, figures = Path(processed_dir), Path(reports_dir) / "figures"
articles = read_table(processed / "articles.parquet")
documents = read_table(processed / "documents.parquet")
reprints = read_table(processed / "reprints.csv")
relevant = articles[articles["relevant"].astype(bool)].reset_index(drop=True)
print(f"{len(relevant)} relevant articles; {len(reprints)} of them in "
      f"{reprints['cluster_id'].nunique() if len(reprints) else 0} cluster(s) of copies")

# %% [markdown]
# ## The method in plain words
#
# Two versions of one report differ by a new headline, edits, OCR noise or a cut ending, so comparing whole
# texts fails. Instead each article (Han characters, letters and digits only: spaces, punctuation and line
# breaks do not count) is cut into overlapping **shingles** of 5 characters: 巡察组进驻 → 巡察组进驻, 察组进驻城 …
# Two articles $A$ and $B$ are alike when they share many shingles; the **Jaccard similarity** of their sets is
#
# $$J(A,B)=\frac{|A\cap B|}{|A\cup B|}.$$
#
# Comparing every pair of 100,000 articles is 5 billion comparisons. **MinHash** summarises each set by the
# smallest hash value under each of $k=256$ random hash functions; for one function
# $P[\min h(A)=\min h(B)]=J(A,B)$, so the share of equal values estimates $J$. **LSH banding** cuts the 256
# values into $b$ bands of $r$ rows; two articles become *candidates* when they agree on a whole band, which
# happens with probability
#
# $$P(\text{candidate}) = 1-(1-J^r)^b ,$$
#
# an S-curve: near 0 for unrelated reports, near 1 for copies. The build tunes $b$ and $r$ so that the curve
# rises around $J=0.2$ (dashed line below): a copy cut to 60 % with OCR noise still has $J\approx0.4$. Every candidate pair is then checked exactly:
# its **similarity** is the share of the shorter article's shingles found in the other (1.0 for a copy cut to
# 60 %), and a pair at 0.5 or more (`BuildConfig.reprint_threshold`) is a reprint. Pairs join into clusters;
# the **canonical** article is the earliest (then the longest).

# %%
bands, rows = _lsh_params(0.2, 256)
j = np.linspace(0, 1, 201)
fig, ax = plt.subplots(figsize=(6, 3.5))
ax.plot(j, 1 - (1 - j ** rows) ** bands, label=f"b = {bands} 段, r = {rows} 行")
ax.axvline(0.2, ls="--", color="#888")
ax.set_xlabel("杰卡德相似度 J（Jaccard similarity）")
ax.set_ylabel("成为候选对的概率")
ax.set_title("LSH 分段的 S 曲线 · probability that a pair is proposed")
ax.legend()
save_figure(fig, "07_lsh_s_curve", figures)
example = normalize_for_reprints("县委第三巡察组进驻城关镇，开展常规巡察。")
print([example[i:i + shingle_size] for i in range(len(example) - shingle_size + 1)])

# %% [markdown]
# ## The result: how many reports are reprints
#
# The build looked for copies among the relevant articles (those whose figures are counted). When the corpus
# has none, the cell below says so in one sentence and goes on with a **demonstration**: a copy of one seed
# article with an edited headline, a cut ending and a later date, made here in the notebook and never written
# to a table.

# %%
pool = relevant if len(relevant) else articles  # no 巡察 article: demonstrate on any article
demo = len(reprints) == 0 and len(pool) > 0
if not len(pool):
    print("This corpus has no article at all: there is nothing to compare.")
if demo:
    print("No report in this corpus is a reprint of another; below is a DEMONSTRATION on an invented copy.")
    dated = pool[pool["date"].astype("string").str.fullmatch(r"\d{4}-\d{2}-\d{2}").fillna(False)] \
        if "date" in pool else pool.iloc[:0]
    base = (dated if len(dated) else pool).sort_values("n_chars").iloc[-1]  # the longest, dated to the day
    body = base["text"][base["text"].index("\n") + 1:] if "\n" in base["text"] else base["text"]
    copy = base.copy()
    copy["doc_id"], copy["file"], copy["article"] = "DEMO_copy", "演示副本（demonstration）.txt", 1
    copy["title"] = "【转载】" + str(base["title"] or "")[:12] + " 成效显著"
    copy["text"] = copy["title"] + "\n" + body[: int(len(body) * 0.8)].replace("巡察组", "巡察工作组")
    day = pd.to_datetime(base.get("date"), errors="coerce", format="%Y-%m-%d")
    copy["date"] = (day + pd.Timedelta(days=3)).strftime("%Y-%m-%d") if pd.notna(day) else base.get("date")
    source = documents.set_index("doc_id")["source"].astype("string")
    table = pd.concat([pool, copy.to_frame().T], ignore_index=True)
    table["source"] = table["doc_id"].map(source).fillna("演示转载账号（demonstration）")
    reprints = find_reprints(table)
    articles_used = table
else:
    articles_used = pool
flagged = flag_canonical(articles_used, reprints)
summary = pd.Series({"relevant articles": len(articles_used), "clusters of copies": reprints["cluster_id"].nunique(),
                     "articles in a cluster": len(reprints), "reprints (not canonical)": int((~flagged["canonical"]).sum()),
                     "reports counted once": int(flagged["canonical"].sum())})
display(summary.to_frame("DEMONSTRATION" if demo else "corpus"))
display(reprints[["cluster_id", "doc_id", "title", "canonical", "similarity", "date", "date_lag_days",
                  "source", "reprinted_from"]])

# %% [markdown]
# ## Who reprints whom, and how fast
#
# `reprinted_from` is the source of the cluster's canonical (earliest) article; `date_lag_days` the days between
# the canonical article and the copy (empty when either date gives only a month or a year). Read the lags with
# care: a page's date is when it was saved or published, not always when the report was written.

# %%
copies = reprints[~reprints["canonical"].astype(bool)].copy()
copies["source"] = copies["source"].astype("string").fillna("").replace("", "(来源不详)")
copies["reprinted_from"] = copies["reprinted_from"].astype("string").fillna("").replace("", "(来源不详)")
display(pd.crosstab(copies["reprinted_from"], copies["source"]).rename_axis(index="原发 (from)", columns="转载 (by)"))
lags = pd.to_numeric(copies["date_lag_days"], errors="coerce").dropna()
fig, ax = plt.subplots(figsize=(6, 3.5))
if len(lags):
    ax.hist(lags, bins=np.arange(lags.min(), lags.max() + 2) - 0.5, color="#0173b2")
    ax.set_xlabel("转载滞后天数（days after the canonical article）")
    ax.set_ylabel("转载篇数")
else:
    say_nothing(ax, "没有按日可比的日期 · no copy has a date to the day")
ax.set_title(("演示 · DEMONSTRATION: " if demo else "") + "转载速度 · how fast reports are reprinted")
save_figure(fig, "07_reprint_lags", figures)
print(lags.describe() if len(lags) else "no lag in days")

# %% [markdown]
# ## What changes between versions
#
# A character diff of the canonical article and one copy (`difflib.SequenceMatcher`): each row is a stretch
# that was replaced, inserted or deleted. Headlines, bylines, source lines and the cut ending are the usual
# changes; a changed *figure* between two versions is worth a close look (which is right?).

# %%
def diff_table(a: str, b: str, n: int) -> pd.DataFrame:
    """The first ``n`` changed stretches from ``a`` (canonical) to ``b`` (copy)."""
    ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    rows = [dict(change=op, canonical=a[i1:i2][:60], copy=b[j1:j2][:60], at=i1)
            for op, i1, i2, j1, j2 in ops if op != "equal"]
    return pd.DataFrame(rows[:n], columns=["change", "at", "canonical", "copy"])


if len(copies):
    member = copies.iloc[0]
    canon = reprints[(reprints["cluster_id"] == member["cluster_id"]) & reprints["canonical"].astype(bool)].iloc[0]
    text = articles_used.set_index(["doc_id", "article"])["text"]
    a = str(text[(canon["doc_id"], int(canon["article"]))])
    b = str(text[(member["doc_id"], int(member["article"]))])
    ratio = difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
    print(f"{'DEMONSTRATION: ' if demo else ''}{canon['doc_id']} → {member['doc_id']}: "
          f"{len(a)} → {len(b)} characters, difflib ratio {ratio:.2f}, shingle similarity {member['similarity']}")
    display(diff_table(a, b, max_diff_rows))

# %% [markdown]
# ## Limits
#
# - **A reprint is a textual fact, not a social one.** Two sites may both copy a third that is not in the
#   corpus; the "canonical" article is only the earliest *in the corpus*, and `reprinted_from` the source of
#   that article, not proof of who copied whom.
# - **Dates** are as precise as the pages: a month-only date counts as the month's last day, and lags need
#   dates to the day.
# - **Short articles** (under 50 characters) are left out; a brief that cites a long report is not a copy
#   of it. A heavily rewritten version (less than half of the shorter text shared) is a *new* report here.
# - **What counts once.** The comparison tables of the build (`indicators_tidy`, `indicators_wide`, `ratios`,
#   `numeric_density`) keep only the canonical article's figures unless `BuildConfig(count_reprints=True)`;
#   each table's provenance says which. The `metrics` table keeps every figure.

# %% [markdown]
# ## Your turn
#
# 1. Add a copy of another seed article with a different edit (cut to 60 %, or a few characters changed every
#    line as OCR would) to the demonstration table and run `find_reprints` again. At what cut does the copy
#    stop being found?
# 2. Change `threshold` in `find_reprints(table, threshold=…)` to 0.8. Which pairs drop out, and why would a
#    researcher studying *editing* want a low threshold and one counting *reports* a high one?
# 3. In the diff, find a changed figure or name, if any. How would you decide which version is right?
#
# Hints and worked solutions: `notebooks/solutions/07_reprints_diffusion.py`.
