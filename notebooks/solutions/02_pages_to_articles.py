# %% [markdown]
# # 02 · Hints and solutions
#
# **1. A subhead that did not start an article.** *Hint:* `paragraphs_of` gives each paragraph its kind; look
# for `headline` paragraphs inside one article. *Solution:* list them with the article they fell into.

# %%
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent) if "__file__" in globals() else ".")
from _common import PROCESSED  # noqa: E402

import pandas as pd  # noqa: E402

from helpers.core.tables import read_table  # noqa: E402
from helpers.pages.cleaning import clean_text  # noqa: E402
from helpers.pages.segmentation import paragraphs_of  # noqa: E402

documents = read_table(PROCESSED / "documents.parquet")
articles = read_table(PROCESSED / "articles.parquet")
doc = documents.iloc[0]
paras = paragraphs_of(clean_text(doc["text"]))
kinds = pd.Series([getattr(p, "kind", "?") for p in paras]).value_counts()
print(kinds)

# %% [markdown]
# **2. 巡视 as a relevance term.** *Hint:* copy `relevance_terms.csv`, add a row, pass `terms_file=`.
# *Solution:* score again and compare the labels.

# %%
import shutil  # noqa: E402
import tempfile  # noqa: E402

from helpers.pages.relevance import TERMS_FILE, score_articles  # noqa: E402

terms = Path(tempfile.mkdtemp()) / "relevance_terms.csv"
shutil.copy(TERMS_FILE, terms)
with terms.open("a", encoding="utf-8") as fh:
    fh.write("巡视,1.0,added in the exercise\n")
again = score_articles(articles, terms_file=terms)
changed = (again["relevant"] != articles["relevant"]).sum()
print(f"{changed} article(s) change label when 巡视 counts")

# %% [markdown]
# **3. Two-column scans.** *Hint:* which step assumes that a line continues the line above? *Solution:* the
# joining of hard-wrapped lines: with two columns read across, a line continues in the other column, so
# sentences from two articles are glued together. Export without `-layout` or split the columns first.
