# %% [markdown]
# # 07 · Hints and solutions
#
# **1. How much of a cut is still a copy?** *Hint:* similarity is the share of the *shorter* text's shingles
# found in the other, so a clean cut keeps similarity near 1.0 however short; what breaks it is the length
# floor (50 characters) and edits inside the kept part. *Solution:* cut one article ever shorter, with edits.

# %%
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent) if "__file__" in globals() else ".")
from _common import PROCESSED  # noqa: E402

import pandas as pd  # noqa: E402

from helpers.core.tables import read_table  # noqa: E402
from helpers.pages.reprints import find_reprints  # noqa: E402

articles = read_table(PROCESSED / "articles.parquet")
relevant = articles[articles["relevant"].astype(bool)].reset_index(drop=True)
base = relevant.sort_values("n_chars").iloc[-1]
for share in (0.8, 0.4, 0.1, 0.02):
    cut = str(base["text"])[: int(len(str(base["text"])) * share)].replace("巡察", "巡视")
    table = pd.DataFrame({"doc_id": ["base", "copy"], "article": 1, "text": [str(base["text"]), cut]})
    found = find_reprints(table)
    print(f"cut to {share:.0%} with 巡察→巡视: {'found' if len(found) else 'not found'}",
          found["similarity"].tolist())

# %% [markdown]
# **2. A higher threshold.** *Hint:* at 0.8 only near-verbatim copies stay; edited or OCR-noisy versions drop
# out. Counting *reports* wants every version of one report in one cluster (a low threshold, so a figure is
# not counted twice); studying *editing* wants the versions that differ most, which only a low threshold keeps.

# %%
reprints = read_table(PROCESSED / "reprints.csv")
print(f"{len(reprints)} article(s) in clusters at the build's threshold;",
      f"{int((reprints['similarity'] >= 0.8).sum()) if len(reprints) else 0} at similarity 0.8 or more")

# %% [markdown]
# **3. A changed figure.** *Hint:* compare the `metrics` rows of the two articles (same indicator, different
# value); the original source, the date and the figure's context (其中…, 累计…) decide which is right, and the
# comparison tables use the canonical (earliest) one unless `count_reprints` is on.

# %%
metrics = read_table(PROCESSED / "metrics.parquet")
if len(reprints):
    pairs = reprints.merge(metrics, on=["doc_id", "article"])[["cluster_id", "doc_id", "indicator", "value"]]
    print(pairs.pivot_table(index=["cluster_id", "indicator"], columns="doc_id", values="value", aggfunc="first"))
else:
    print("no reprints in this corpus: no figures to compare between versions")
