# %% [markdown]
# # 06 · Hints and solutions
#
# **1. A new ratio.** *Hint:* `RATIOS` maps a name to (numerator, denominator, multiplier, label).

# %%
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent) if "__file__" in globals() else ".")
from _common import PROCESSED  # noqa: E402

from helpers.compare.comparison import RATIOS, group_bootstrap, indicator_ratios  # noqa: E402
from helpers.core.tables import read_table  # noqa: E402

documents = read_table(PROCESSED / "documents.parquet")
metrics = read_table(PROCESSED / "metrics.parquet")
mine = {**RATIOS, "concluded_per_100_leads": ("clues_concluded", "clues_transferred", 100, "leads concluded per 100")}
ratios = indicator_ratios(metrics, documents, ratios=mine)
print(ratios[ratios["ratio"] == "concluded_per_100_leads"][["place", "numerator", "denominator", "value"]])

# %% [markdown]
# **2. Density by place.** *Hint:* a group with one article has no interval; few articles, a wide one.

# %%
density = read_table(PROCESSED / "numeric_density.csv")
if len(density):
    ci = group_bootstrap(density, "figures_per_1000_chars", "place", random_state=0)
    print(ci.assign(width=ci["high"] - ci["low"]).sort_values("width", ascending=False))

# %% [markdown]
# **3. Yearly rates.** *Hint:* a term figure (本届, 十三届) covers about five years; dividing by five assumes an
# even pace, which inspection rounds are not. *Solution:* the pairs of periods for one indicator and place.

# %%
tidy = read_table(PROCESSED / "indicators_tidy.csv")
if len(tidy):
    pairs = tidy[tidy["is_total"]].groupby(["place", "indicator"])["scope_period"].nunique()
    print(pairs[pairs > 1].head(10))
