# %% [markdown]
# # 05 · Hints and solutions
#
# **1. An `other` you would classify.** *Hint:* read `sentence` and `frame_verb`/`frame_noun` of the `other`
# rows; a rule must name the noun next to the figure. *Solution:* the most common nouns after `other` figures.

# %%
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent) if "__file__" in globals() else ".")
from _common import PROCESSED  # noqa: E402

from helpers.core.tables import read_table  # noqa: E402
from helpers.figures.metrics import extract_metrics  # noqa: E402

metrics = read_table(PROCESSED / "metrics.parquet")
other = metrics[metrics["indicator"] == "other"]
print(other["frame_noun"].value_counts().head(10) if "frame_noun" in other else other.head())

# %% [markdown]
# **2. Stated and computed rates.** *Hint:* `ratios.csv` has both, per report and round.

# %%
ratios = read_table(PROCESSED / "ratios.csv")
print(ratios[["place", "numerator", "denominator", "value", "stated", "stated_vs_computed"]]
      if len(ratios) else "no ratio in this corpus")

# %% [markdown]
# **3. A distractor.** *Hint:* dates take 年/月/日, which are no measure words; ordinals take 第. *Solution:*
# try a few and see which are (rightly) not taken.

# %%
for sentence in ("2021年6月召开会议3次。", "第三巡察组发现问题12个。", "坚持“两个维护”，发现问题5个。"):
    print(sentence, extract_metrics(sentence)[["value_text", "indicator"]].to_dict("records"))
