# %% [markdown]
# # 04 · Hints and solutions
#
# **1. Another grid of K.** *Hint:* `select_k` fits every K with each seed; `choose_k` reads the table.

# %%
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent) if "__file__" in globals() else ".")
from _common import PROCESSED  # noqa: E402

from helpers.core.tables import read_table  # noqa: E402
from helpers.topics.models import TopicModel, choose_k, select_k, topic_stability  # noqa: E402

tokens = read_table(PROCESSED / "topic_tokens.parquet")
n_docs = tokens[["doc_id", "article"]].drop_duplicates().shape[0] if len(tokens) else 0
ks = [k for k in (2, 4, 8, 12) if k < n_docs]
if ks:
    sel = select_k(tokens, ks=ks, seeds=(1, 2), random_state=1, min_df=1)
    for criterion in ("coherence", "stability"):
        if sel[criterion].notna().any():
            print(criterion, "->", choose_k(sel, criterion=criterion))
else:
    print(f"{n_docs} documents: too few for a topic model")

# %% [markdown]
# **2. Proper names among the keywords.** *Hint:* place names end in 市, 县, 区, 镇; people's names are two or
# three characters. *Solution:* list the keywords that look like place names; add them to a stopword file
# (`ChineseTokenizer(stopwords=...)`) to see the discourse behind them.

# %%
import re  # noqa: E402

files = sorted(PROCESSED.glob("keywords_by_*.csv"))
if files:
    kw = read_table(files[0])
    print(kw[kw["term"].astype(str).str.contains(re.compile(r"[市县区镇乡村]$"))].head(10))

# %% [markdown]
# **3. The least stable topic.** *Hint:* `topic_stability` gives each topic's best match in the other runs.

# %%
if ks:
    runs = [TopicModel(n_topics=min(ks), random_state=s, min_df=1).fit(tokens) for s in (1, 2, 3)]
    print(topic_stability(runs))
