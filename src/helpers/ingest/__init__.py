"""Stage 1 (notebook 01): read a folder of pages into the documents table.

Encodings, manifest metadata, checksums and skips; no cleaning beyond decoding.
"""
from __future__ import annotations

from .corpus import (  # noqa: F401
    ManifestError,
    Skipped,
    corpus_summary,
    decode_bytes,
    detect_script,
    list_text_files,
    load_corpus,
    read_manifest,
)

__all__ = [
    "ManifestError",
    "Skipped",
    "decode_bytes",
    "detect_script",
    "read_manifest",
    "list_text_files",
    "load_corpus",
    "corpus_summary",
]
