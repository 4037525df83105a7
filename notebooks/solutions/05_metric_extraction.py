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

# %% [markdown]
# **4. What the frame lexicon rescues.** *Hint:* `match_figures` lists the gold rows first, in the gold's
# order, whatever the predictions: the first `len(gold)` rows of two variants line up. *Solution:* count the
# gold indicators of the rows wrong with the rules alone and right with the lexicon; their verbs and nouns
# (`frame_verb`, `frame_noun`) are common ones (移交…问题线索, 巡察…村, 巡察…巡察组) in orders or at distances no
# sentence rule spells out.

# %%
import pandas as pd  # noqa: E402

from helpers.core.config import PROJECT_ROOT, BuildConfig  # noqa: E402
from helpers.figures.evaluation import match_figures, predict_articles  # noqa: E402
from helpers.ingest.corpus import load_corpus  # noqa: E402
from helpers.pipeline import process_documents  # noqa: E402

dev = PROJECT_ROOT / "tests" / "fixtures" / "real" / "dev"
if (dev / "gold_metrics.csv").is_file():
    arts, _ = process_documents(load_corpus(sorted(dev.glob("*.txt"))), BuildConfig(n_jobs=1), figures=False)
    gold = pd.read_csv(dev / "gold_metrics.csv", dtype=str, keep_default_na=False)
    lexicon = predict_articles(arts, deciders=("lexicon", "rule"))
    rules = match_figures(predict_articles(arts, deciders=("rule",)), gold).iloc[:len(gold)]
    both = match_figures(lexicon, gold).iloc[:len(gold)]
    rescued = both[(rules["outcome"] != "correct").to_numpy() & (both["outcome"] == "correct").to_numpy()]
    print(rescued["gold_indicator"].value_counts().head(8))
    frames = lexicon.iloc[rescued["pred_row"].astype(int)]
    print(frames[["frame_verb", "frame_noun"]].value_counts().head(8))
else:
    print(f"no development split at {dev}")
