"""Build the .ipynb files of notebooks/ from their cell lists (a maintainer's tool, not part of the run).

Usage: python tools/nbbuild.py  — each notebooks/_src/NN_name.py holds cells separated by lines
"# %% [markdown]" / "# %%" (the percent format); "# %% tags=[\"parameters\"]" marks the parameters cell;
a first line "# requires: 02, 03" names the notebooks whose outputs it reads.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "notebooks" / "_src"


def build(src: Path) -> Path:
    text = src.read_text(encoding="utf-8")
    req = re.match(r"# requires:(.*)\n", text)
    parts = re.split(r"^# %%(.*)$", text, flags=re.M)
    nb = nbformat.v4.new_notebook()
    if req:  # the notebooks whose tables this one reads (lets `xuncha run` run the others in parallel)
        nb.metadata["xuncha"] = {"requires": [r.strip() for r in req.group(1).split(",") if r.strip()]}
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    for header, body in zip(parts[1::2], parts[2::2]):
        body = body.strip("\n")
        if "[markdown]" in header:
            md = "\n".join(line[2:] if line.startswith("# ") else line.lstrip("#") for line in body.splitlines())
            nb.cells.append(nbformat.v4.new_markdown_cell(md))
        else:
            cell = nbformat.v4.new_code_cell(body)
            if "parameters" in header:
                cell.metadata["tags"] = ["parameters"]
            nb.cells.append(cell)
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"{src.stem[:2]}-{i:02d}"
    out = ROOT / "notebooks" / (src.stem + ".ipynb")
    nbformat.write(nb, out)
    return out


if __name__ == "__main__":
    for src in sorted(SRC.glob("[0-9][0-9]_*.py")) if len(sys.argv) < 2 else map(Path, sys.argv[1:]):
        print(build(src))
