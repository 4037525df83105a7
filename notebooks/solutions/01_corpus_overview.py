# %% [markdown]
# # 01 · Hints and solutions
#
# **1. A page saved as GBK.** *Hint:* the loader detects the encoding from the bytes, not from the name.
# *Solution:* write a copy in GB18030 and load the folder; the `encoding` column says what was detected.

# %%
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent) if "__file__" in globals() else ".")
from _common import RAW  # noqa: E402

from helpers.ingest.corpus import load_corpus  # noqa: E402

pages = sorted(RAW.glob("*.txt"))[:2]
folder = Path(tempfile.mkdtemp())
(folder / pages[0].name).write_bytes(pages[0].read_text(encoding="utf-8").encode("gb18030", errors="replace"))
if len(pages) > 1:
    (folder / pages[1].name).write_bytes(pages[1].read_bytes())
print(load_corpus(folder)[["file", "encoding", "n_chars"]])

# %% [markdown]
# **2. A line removed from the manifest.** *Hint:* only `file` is required; the other columns stay empty.
# *Solution:* the loader warns that the page has no manifest row and leaves place, date … empty.

# %%
import logging  # noqa: E402

logging.basicConfig(level=logging.WARNING)
(folder / "manifest.csv").write_text("file,place\n" + f"{pages[0].name},某市\n", encoding="utf-8")
docs = load_corpus(folder)
print(docs[["file", "place", "date"]])

# %% [markdown]
# **3. Which page dominates word counts?** *Hint:* counts grow with length. *Solution:* the longest page in
# characters; per-10k normalisation (notebook 03) removes the length effect, dispersion shows what remains.

# %%
print(load_corpus(RAW).sort_values("n_chars", ascending=False)[["file", "place", "n_chars"]].head(3))
