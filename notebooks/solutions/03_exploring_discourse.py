# %% [markdown]
# # 03 · Hints and solutions
#
# **1. Which kinds of teams?** *Hint:* set `kwic_node = "巡察.{0,2}组"` and `kwic_regex = True`; count the nodes.

# %%
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent) if "__file__" in globals() else ".")
from _common import PROCESSED  # noqa: E402

from helpers.core.tables import read_table  # noqa: E402
from helpers.words.collocations import collocations  # noqa: E402
from helpers.words.frequency import content_words  # noqa: E402
from helpers.words.keyness import keyness  # noqa: E402
from helpers.words.kwic import kwic  # noqa: E402

articles = read_table(PROCESSED / "articles.parquet")
relevant = articles[articles["relevant"]]
lines = kwic(relevant, "巡察.{0,2}组", regex=True, window=10) if len(relevant) else None
print(lines["node"].value_counts().head(10) if lines is not None and len(lines) else "no match in this corpus")

# %% [markdown]
# **2. MI against logDice for 整改.** *Hint:* MI divides by the expected count, which is tiny for rare words.
# *Solution:* sort both ways; MI's top collocates occur once or twice, logDice's are frequent partners.

# %%
words = content_words(read_table(PROCESSED / "tokens.parquet"))
col = collocations(words, node="整改", window=5, min_freq=1) if len(words) else None
if col is not None and len(col):
    print(col.nlargest(5, "mi")[["collocate", "freq", "collocate_freq", "mi"]])
    print(col.nlargest(5, "log_dice")[["collocate", "freq", "collocate_freq", "log_dice"]])
else:
    print("整改 does not occur in this corpus")

# %% [markdown]
# **3. Keyness by year.** *Hint:* `group_by = "year"` needs at least two years with tokens.

# %%
words = words.merge(relevant[["doc_id", "article", "year"]], on=["doc_id", "article"], how="left") \
    if len(words) else words
years = words["year"].dropna().value_counts() if len(words) else []
if len(years) >= 2:
    target = years.index[0]
    keys = keyness(words.dropna(subset=["year"]), by="year", target=target, min_freq=2)
    print(target, keys.nlargest(8, "g2")[["token", "freq_target", "freq_reference", "log_ratio"]])
else:
    print("fewer than two years in this corpus: keyness by year is not possible")
