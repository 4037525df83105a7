"""Script conversion: traditional to simplified characters with OpenCC.

One cached converter for the whole package; cleaning, corpus loading and the gold normalisation use it.
"""
from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    for cfg in ("t2s", "t2s.json"):
        try:
            return opencc.OpenCC(cfg)
        except Exception:  # noqa: BLE001 - the config name differs between opencc builds
            continue
    raise RuntimeError("OpenCC has no 't2s' configuration")


def to_simplified(text: str) -> str:
    """Convert traditional characters to simplified with OpenCC (``t2s``); other text is unchanged."""
    return _t2s().convert(text) if text else text
