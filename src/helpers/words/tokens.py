"""Tokenise Chinese articles with jieba through a private ``jieba.Tokenizer`` and a managed domain dictionary.

Returns tidy token tables (``doc_id, article, sentence, position, token, [pos], start, end``) that
trace every token back to its characters; parallel runs use an own process pool.

Notes
-----
*Global state.* Every :class:`ChineseTokenizer` owns a ``jieba.Tokenizer()`` (and, with
``pos=True``, a ``jieba.posseg.POSTokenizer`` wrapping it) holding its own copy of jieba's
default dictionary, loaded once per process into a private base tokenizer (jieba's usual cache
file in the temp folder is used). The global ``jieba.dt`` is never
initialised or changed and ``jieba.load_userdict`` is never called. Dictionary entries of
frequency 0 (jieba's "force split") are refused because jieba implements them by changing a
module-level HMM table. While a private tokenizer loads its dictionary, the ``jieba`` logger is
raised to WARNING and restored afterwards (to silence "Building prefix dict ...").

*Dictionaries.* The shipped ``data/domain_dict.txt`` (巡察 vocabulary) is loaded unless
``use_domain_dict=False``; users add their own files with ``user_dict=``. Entries are validated
(byte-order mark, CRLF line ends, unparsable lines, missing/zero/low frequency, bad POS tags,
duplicates, punctuation or spaces inside entries) and every problem is logged as a warning;
:func:`validate_user_dict` returns them as a table. An entry containing characters jieba never
joins (punctuation such as 巡察村(社区), spaces) cannot come out of jieba as one token; such
entries are cut out of the text before segmentation (longest first) and kept as one token; the
text between them is segmented as usual.

*rjieba backend.* ``backend="rjieba"`` uses the Rust port jieba-rs (package ``rjieba``) with its
own ``rjieba.Jieba()`` instance; domain entries are added to that instance with ``add_word`` and
punctuation entries cut out as above. On the five cleaned seed pages it agrees with jieba on
100 % of token spans with the domain dictionary (tested by ``tests/test_tokenize.py``; printed by
``benchmarks/bench_tokenize.py``) and tokenises about 7 times faster (753 vs 104 kchar/s on the 10 MB
benchmark corpus, filtering included). Its POS tags do *not* agree
with jieba's posseg (``pos=True`` is only offered with the jieba backend), and jieba-rs' HMM for
unknown words may differ on other corpora: measure with :func:`backend_agreement` first.
"""
from __future__ import annotations

import contextlib
import logging
import math
import re
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator

from ..core.config import PACKAGE_DATA_DIR
from ..core.jsonable import to_jsonable

log = logging.getLogger(__name__)

DOMAIN_DICT: Path = PACKAGE_DATA_DIR / "domain_dict.txt"
DOMAIN_STOPWORDS: Path = PACKAGE_DATA_DIR / "stopwords_domain.txt"

#: Frequency given to dictionary entries that have none (the level of the shipped dictionary).
DEFAULT_FREQ = 3000
#: Characters jieba keeps inside one token (jieba's ``re_han_default``); others split tokens.
_JIEBA_WORD = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&._%\-]+")
_USERDICT_LINE = re.compile(r"^(.+?)(?: +([0-9]+))?(?: +([A-Za-z]+))?$")
_WORDLIKE = re.compile(r"\w")
_END_CHARS = frozenset("。！？!?；;\n")
TOKEN_COLUMNS = ["doc_id", "article", "sentence", "position", "token", "start", "end"]
BACKENDS = ("jieba", "rjieba")
#: Kinds of token in :meth:`ChineseTokenizer._analyse`: spaces (values added to the sentence number), a token,
#: and its flags (kept after the filters; ends a sentence).
_SPACE, _LINE_BREAK, _TOKEN, _KEPT, _ENDS = 0, 1, 2, 4, 8
#: Distinct tokens whose kind a tokenizer remembers before it starts afresh.
_KIND_CACHE_MAX = 2_000_000
#: Characters per piece of :meth:`ChineseTokenizer.iter_tokenize_articles` (about 0.7 s of rjieba's work).
CHUNK_CHARS = 500_000

PathLike = str | Path
Paths = PathLike | Sequence[PathLike] | None


# ----------------------------------------------------------------------------- dictionaries
@dataclass(frozen=True)
class DictEntry:
    """One user-dictionary entry: word, frequency, optional POS tag and where it came from."""

    word: str
    freq: int
    tag: str | None
    source: str
    line: int

    @property
    def is_phrase(self) -> bool:
        """True when jieba cannot return the entry as one token (it contains punctuation/spaces)."""
        return _JIEBA_WORD.fullmatch(self.word) is None


def _as_paths(paths: Paths) -> list[Path]:
    if paths is None:
        return []
    if isinstance(paths, (str, Path)):
        return [Path(paths)]
    return [Path(p) for p in paths]


def _read_lines(path: Path, issues: list[dict]) -> list[str]:
    data = path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        issues.append(dict(path=str(path), line=1, word="", issue="bom",
                           detail="file starts with a UTF-8 byte-order mark (removed; jieba.load_userdict "
                                  "would keep it in the first word when given text)"))
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path}: not UTF-8 ({exc.reason} at byte {exc.start}); save the file as UTF-8") from exc
    if "\r" in text:
        issues.append(dict(path=str(path), line=text[:text.index("\r")].count("\n") + 1, word="", issue="crlf",
                           detail="Windows (CRLF) or old Mac (CR) line endings (normalised to LF)"))
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.split("\n")


def parse_user_dict(path: PathLike) -> tuple[list[DictEntry], pd.DataFrame]:
    """Read a jieba-format user dictionary (``word [freq] [pos]``, ``#`` comments) and check it.

    Parameters
    ----------
    path:
        A UTF-8 text file, one entry a line.

    Returns
    -------
    entries, issues
        The usable entries, and a table ``path, line, word, issue, detail`` of every problem
        (issues: ``bom``, ``crlf``, ``unparsable``, ``no_freq``, ``zero_freq``,
        ``duplicate``, ``punctuation``). Entries without frequency get :data:`DEFAULT_FREQ`;
        entries of frequency 0 are dropped (see the module notes).
    """
    path = Path(path)
    issues: list[dict] = []
    entries: dict[str, DictEntry] = {}
    for lineno, raw in enumerate(_read_lines(path, issues), start=1):
        line = raw.replace("\t", " ").strip()
        if not line or line.startswith("#"):
            continue

        def issue(kind: str, detail: str, word: str = "") -> None:
            issues.append(dict(path=str(path), line=lineno, word=word, issue=kind, detail=detail))

        m = _USERDICT_LINE.match(line)
        word, freq_s, tag = m.group(1).strip(), m.group(2), m.group(3)
        if not word or re.fullmatch(r"[0-9]+", word):
            issue("unparsable", f"{line!r} has no word", line)
            continue
        if re.search(r" \S*[0-9]", word):
            issue("unparsable", f"{line!r}: the fields after the word are not 'frequency [pos]' "
                                "(integer, letters), so the whole line became the word", word)
        if freq_s is None:
            issue("no_freq", f"no frequency; using {DEFAULT_FREQ}", word)
            freq = DEFAULT_FREQ
        else:
            freq = int(freq_s)
        if freq == 0:
            issue("zero_freq", "frequency 0 (jieba's force-split) changes global jieba state; entry skipped", word)
            continue
        if tag is not None:
            tag = tag.lower()
        if not _JIEBA_WORD.fullmatch(word):
            bad = "".join(sorted(set(_JIEBA_WORD.sub("", word))))
            issue("punctuation", f"contains {bad!r}, which jieba never keeps inside a token; "
                                 "cut out of the text before segmentation instead", word)
        if word in entries:
            issue("duplicate", f"also on line {entries[word].line}; the later entry wins", word)
        entries[word] = DictEntry(word, freq, tag, str(path), lineno)
    table = pd.DataFrame(issues, columns=["path", "line", "word", "issue", "detail"])
    return list(entries.values()), table


def validate_user_dict(path: PathLike, *, backend: str = "jieba") -> pd.DataFrame:
    """All problems of a user dictionary, including entries that do not take effect.

    Besides the format checks of :func:`parse_user_dict`, each entry is added to a fresh private
    tokenizer and segmented on its own; an entry that still comes out in pieces (frequency too
    low for the words it competes with) is reported as ``no_effect``.

    Returns
    -------
    DataFrame ``path, line, word, issue, detail`` (empty when the dictionary is clean).
    """
    entries, issues = parse_user_dict(path)
    tok = ChineseTokenizer(user_dict=path, use_domain_dict=False, backend=backend)
    extra = tok.ineffective_entries()
    extra = extra[extra["word"].isin({e.word for e in entries})]
    return pd.concat([issues, extra], ignore_index=True) if len(extra) else issues


@lru_cache(maxsize=1)
def _iso_stopwords() -> frozenset[str]:
    import stopwordsiso

    return frozenset(stopwordsiso.stopwords("zh"))


def load_stopwords(paths: Paths = None, *, defaults: bool = True) -> frozenset[str]:
    """Stopwords: stopwords-iso ``zh`` plus ``data/stopwords_domain.txt`` (when ``defaults``) and
    the words of the given files (one a line, ``#`` comments, UTF-8 with or without BOM)."""
    words: set[str] = set()
    files = _as_paths(paths)
    if defaults:
        words |= _iso_stopwords()
        files = [DOMAIN_STOPWORDS, *files]
    for f in files:
        for line in Path(f).read_text(encoding="utf-8-sig").splitlines():
            w = line.strip()
            if w and not w.startswith("#"):
                words.add(w)
    return frozenset(words)


# ----------------------------------------------------------------------------- engines
@contextlib.contextmanager
def _quiet_jieba() -> Iterator[None]:
    jl = logging.getLogger("jieba")
    old = jl.level
    jl.setLevel(logging.WARNING)
    try:
        yield
    finally:
        jl.setLevel(old)


@lru_cache(maxsize=1)
def _base_jieba() -> tuple[dict[str, int], int]:
    """The default dictionary, loaded once per process into a private tokenizer (never jieba.dt)."""
    import jieba

    with _quiet_jieba():
        base = jieba.Tokenizer()
        base.initialize()
    return base.FREQ, base.total


def _new_jieba():
    """A fresh private ``jieba.Tokenizer`` holding a *copy* of the default dictionary (fast: no
    reload from disk; adding words to it never changes another tokenizer)."""
    import jieba

    freq, total = _base_jieba()
    tok = jieba.Tokenizer()
    tok.FREQ, tok.total, tok.initialized = dict(freq), total, True
    return tok


@lru_cache(maxsize=1)
def _base_word_tags() -> dict[str, str]:
    import jieba.posseg

    holder = jieba.posseg.POSTokenizer.__new__(jieba.posseg.POSTokenizer)
    holder.load_word_tag(_new_jieba().get_dict_file())
    return holder.word_tag_tab


def _new_posseg(tokenizer):
    """A ``jieba.posseg.POSTokenizer`` over a private tokenizer, with a copy of the tag table."""
    import jieba.posseg

    pos = jieba.posseg.POSTokenizer.__new__(jieba.posseg.POSTokenizer)
    pos.tokenizer = tokenizer
    pos.word_tag_tab = dict(_base_word_tags())
    return pos


class _Engine:
    """A private segmenter: ``cut(text) -> (tokens, tags | None)`` covering every character."""

    def __init__(self, backend: str, entries: Sequence[DictEntry], pos: bool, hmm: bool):
        self.backend, self.pos, self.hmm = backend, pos, hmm
        self.phrases = {e.word: (e.tag or "n") for e in entries if e.is_phrase}
        words = [e for e in entries if not e.is_phrase]
        if backend == "jieba":
            self._tok = _new_jieba()
            for e in words:
                self._tok.add_word(e.word, e.freq, e.tag)
            if pos:
                self._pos = _new_posseg(self._tok)
        elif backend == "rjieba":
            if pos:
                raise ValueError("pos=True needs backend='jieba' (rjieba's tags differ from jieba.posseg's)")
            import rjieba

            self._tok = rjieba.Jieba()
            for e in words:
                self._tok.add_word(e.word, e.freq, e.tag)
        else:
            raise ValueError(f"backend must be one of {BACKENDS}, not {backend!r}")

    def _cut(self, text: str) -> tuple[list[str], list[str] | None]:
        if self.pos:
            pairs = list(self._pos.cut(text, HMM=self.hmm))
            return [p.word for p in pairs], [p.flag for p in pairs]
        if self.backend == "jieba":
            return self._tok.lcut(text, HMM=self.hmm), None
        return self._tok.cut(text, self.hmm), None

    def raw_cut(self, text: str) -> tuple[list[str], list[str] | None]:
        """Segments covering every character; phrase entries are cut out first and kept whole."""
        if not self.phrases:
            return self._cut(text)
        tokens: list[str] = []
        tags: list[str] | None = [] if self.pos else None
        last = 0
        for m in self._phrase_re.finditer(text):
            for piece in (text[last:m.start()], None):
                if piece is None:
                    tokens.append(m.group(0))
                    if tags is not None:
                        tags.append(self.phrases[m.group(0)])
                elif piece:
                    t, p = self._cut(piece)
                    tokens.extend(t)
                    if tags is not None:
                        tags.extend(p)
            last = m.end()
        if last < len(text):
            t, p = self._cut(text[last:])
            tokens.extend(t)
            if tags is not None:
                tags.extend(p)
        return tokens, tags

    @property
    def _phrase_re(self) -> re.Pattern:
        if not hasattr(self, "_phrase_pattern"):
            alts = sorted(self.phrases, key=len, reverse=True)
            self._phrase_pattern = re.compile("|".join(map(re.escape, alts)))
        return self._phrase_pattern


# ----------------------------------------------------------------------------- tokenizer
class ChineseTokenizer(BaseEstimator):
    """jieba (or rjieba) segmentation with a managed dictionary, stopwords and tidy output.

    Parameters
    ----------
    user_dict:
        Path(s) of extra jieba-format dictionaries (``word [freq] [pos]``), added after the
        domain dictionary.
    stopwords:
        Path(s) of extra stopword files (one word a line).
    use_domain_dict:
        Load the shipped 巡察 dictionary ``data/domain_dict.txt``.
    use_default_stopwords:
        Start from stopwords-iso ``zh`` + ``data/stopwords_domain.txt``.
    keep_stopwords:
        Keep stopwords in the output (they are dropped by default).
    keep_punct:
        Keep tokens without any letter, digit or Han character (dropped by default).
    min_length:
        Drop tokens shorter than this many characters.
    pos:
        Add a ``pos`` column (jieba.posseg tags; jieba backend only). posseg splits a few
        mixed Latin/number strings differently from the plain cut.
    hmm:
        Let jieba guess unknown words with its HMM (jieba's default).
    backend:
        ``"jieba"`` or ``"rjieba"`` (see the module notes for the measured agreement).
    n_jobs:
        Processes for :meth:`tokenize_articles`; 1 runs in-process, -1 uses every core.
        The pool gives exactly the serial output (articles are cut into consecutive chunks whose
        results are concatenated in order).
    start_method:
        ``multiprocessing`` start method of the pool: default ``"forkserver"`` where the OS has it
        (Linux, macOS: a clean server process forks the workers, so threads of the caller cannot
        deadlock them), else ``"spawn"`` (Windows); each worker loads jieba's dictionary once (1-3 s).
        ``"fork"`` starts fastest (the workers inherit the loaded dictionary) but is safe only in a
        process without threads. The worker function is top-level and works with any of them.

    Examples
    --------
    >>> tok = ChineseTokenizer()
    >>> tok.cut("持续深化政治巡察")
    ['持续', '深化', '政治巡察']
    """

    def __init__(self, user_dict: Paths = None, stopwords: Paths = None, *, use_domain_dict: bool = True,
                 use_default_stopwords: bool = True, keep_stopwords: bool = False, keep_punct: bool = False,
                 min_length: int = 1, pos: bool = False, hmm: bool = True, backend: str = "jieba",
                 n_jobs: int = 1, start_method: str | None = None):
        if backend not in BACKENDS:
            raise ValueError(f"backend must be one of {BACKENDS}, not {backend!r}")
        if pos and backend != "jieba":
            raise ValueError("pos=True needs backend='jieba'")
        self.user_dict = user_dict
        self.stopwords = stopwords
        self.use_domain_dict = use_domain_dict
        self.use_default_stopwords = use_default_stopwords
        self.keep_stopwords = keep_stopwords
        self.keep_punct = keep_punct
        self.min_length = min_length
        self.pos = pos
        self.hmm = hmm
        self.backend = backend
        self.n_jobs = n_jobs
        self.start_method = start_method
        self._engine: _Engine | None = None
        self._stopset: frozenset[str] | None = None
        self._entries: list[DictEntry] | None = None

    def __getstate__(self) -> dict:
        state = self.__dict__.copy()
        state["_engine"] = None  # rebuilt lazily in the receiving process
        state.pop("_kind_key", None)
        state.pop("_kind_cache", None)
        return state

    # -- resources
    @property
    def dict_paths(self) -> list[Path]:
        """The dictionary files in load order."""
        return ([DOMAIN_DICT] if self.use_domain_dict else []) + _as_paths(self.user_dict)

    @property
    def entries(self) -> list[DictEntry]:
        """Dictionary entries in effect (later files override earlier ones); issues are logged."""
        if self._entries is None:
            merged: dict[str, DictEntry] = {}
            for p in self.dict_paths:
                entries, issues = parse_user_dict(p)
                for r in issues.itertuples():
                    if r.issue == "punctuation" and Path(r.path) == DOMAIN_DICT:
                        log.debug("%s:%s %s: %s", r.path, r.line, r.word, r.detail)
                    else:
                        log.warning("%s:%s %s: %s", r.path, r.line, r.word or "", r.detail)
                merged.update({e.word: e for e in entries})
            self._entries = list(merged.values())
        return self._entries

    @property
    def stopword_set(self) -> frozenset[str]:
        """The stopwords in effect."""
        if self._stopset is None:
            self._stopset = load_stopwords(self.stopwords, defaults=self.use_default_stopwords)
        return self._stopset

    def _get_engine(self) -> _Engine:
        if self._engine is None:
            self._engine = _Engine(self.backend, self.entries, self.pos, self.hmm)
            bad = self.ineffective_entries()
            for r in bad.itertuples():
                log.warning("%s:%s %s: %s", r.path, r.line, r.word, r.detail)
        return self._engine

    def ineffective_entries(self) -> pd.DataFrame:
        """Entries that still come out in pieces when segmented on their own (``no_effect``)."""
        eng = self._engine or _Engine(self.backend, self.entries, False, self.hmm)
        rows = []
        for e in self.entries:
            toks, _ = eng.raw_cut(e.word)
            if toks != [e.word]:
                rows.append(dict(path=e.source, line=e.line, word=e.word, issue="no_effect",
                                 detail=f"still segmented as {'/'.join(toks)}: raise its frequency ({e.freq})"))
        return pd.DataFrame(rows, columns=["path", "line", "word", "issue", "detail"])

    # -- segmentation
    def raw_tokens(self, text: str) -> list[str]:
        """Every segment of ``text`` (spaces and punctuation included; ``"".join`` gives ``text``)."""
        return self._get_engine().raw_cut(text)[0]

    def _kinds(self) -> dict[str, int]:
        """What each distinct token is (:data:`_SPACE`, :data:`_LINE_BREAK`, or :data:`_TOKEN` with the flags
        :data:`_KEPT` and :data:`_ENDS`), judged once per token and settings: words repeat, so the per-token work
        of :meth:`_analyse` is a dictionary lookup."""
        key = (self.keep_stopwords, self.keep_punct, self.min_length, self.stopword_set)
        if getattr(self, "_kind_key", None) != key or len(self._kind_cache) > _KIND_CACHE_MAX:
            self._kind_key, self._kind_cache = key, {}
        return self._kind_cache

    def _kind(self, tok: str) -> int:
        if tok.isspace():
            return _LINE_BREAK if "\n" in tok else _SPACE
        wordlike = tok[0].isalnum() or _WORDLIKE.search(tok) is not None
        kind = _TOKEN | (_ENDS if not wordlike and tok[-1] in _END_CHARS else 0)
        dropped = ((not self.keep_punct and not wordlike) or len(tok) < self.min_length
                   or (not self.keep_stopwords and wordlike and tok in self.stopword_set))
        return kind if dropped else kind | _KEPT

    def _analyse(self, text: str) -> tuple[list[str], list[str] | None, list[int], list[int], list[int]]:
        """Kept tokens with tags, start offsets, positions and sentence numbers."""
        tokens, tags = self._get_engine().raw_cut(text)
        kinds, judge = self._kinds(), self._kind
        out_t, out_p, out_s, out_pos, out_sent = [], ([] if tags is not None else None), [], [], []
        offset = position = sentence = 0
        for i, tok in enumerate(tokens):
            start = offset
            offset += len(tok)
            kind = kinds.get(tok)
            if kind is None:
                kind = kinds[tok] = judge(tok)
            if kind < _TOKEN:  # spaces: a line break ends the sentence
                sentence += kind
                continue
            position += 1
            if kind & _KEPT:
                out_t.append(tok)
                out_s.append(start)
                out_pos.append(position - 1)
                out_sent.append(sentence)
                if out_p is not None:
                    out_p.append(tags[i])
            if kind & _ENDS:
                sentence += 1
        if offset != len(text):  # pragma: no cover - jieba always covers the text
            raise RuntimeError("segmenter lost characters; offsets would be wrong")
        return out_t, out_p, out_s, out_pos, out_sent

    def cut(self, text: str) -> list[str]:
        """The kept tokens of one text (after stopword, punctuation and length filters)."""
        return self._analyse(text)[0]

    def tokenize(self, text: str) -> pd.DataFrame:
        """Token table of one text: ``sentence, position, token, [pos], start, end``."""
        df = _frame(*_pack(self, [text]), doc_ids=np.array([""]), articles=np.array([0]), pos=self.pos)
        return df.drop(columns=["doc_id", "article"])

    def tokenize_articles(self, articles: pd.DataFrame, *, text_column: str = "text",
                          n_jobs: int | None = None) -> pd.DataFrame:
        """Token table of an articles table.

        Parameters
        ----------
        articles:
            Needs ``doc_id``, ``article`` and ``text_column``; other columns are ignored.
        n_jobs:
            Overrides the instance's ``n_jobs`` for this call.

        Returns
        -------
        DataFrame ``doc_id, article, sentence, position, token, [pos], start, end``:
        ``position`` numbers every non-space token of the article from 0 (punctuation and
        stopwords included, so removed tokens leave gaps); ``sentence`` numbers the sentences
        (split after 。！？；!?; and at line breaks) from 0; ``start``/``end`` are offsets of
        the token in the article text: ``text[start:end] == token``. The tokenizer's parameters
        are in ``df.attrs["tokenizer"]``.
        """
        missing = {"doc_id", "article", text_column} - set(articles.columns)
        if missing:
            raise KeyError(f"articles table lacks column(s) {sorted(missing)}")
        texts = ["" if (isinstance(t, float) and math.isnan(t)) or t is None else str(t)
                 for t in articles[text_column].tolist()]
        n = _n_workers(self.n_jobs if n_jobs is None else n_jobs)
        if n > 1 and len(texts) > 1:
            packed = _pack_parallel(self, texts, n)
        else:
            packed = _pack(self, texts)
        df = _frame(*packed, doc_ids=articles["doc_id"].astype(str).to_numpy(),
                    articles=articles["article"].to_numpy(), pos=self.pos)
        df.attrs["tokenizer"] = to_jsonable(self.get_params())
        log.info("tokenised %d article(s) into %d tokens", len(texts), len(df))
        return df

    def iter_tokenize_articles(self, articles: pd.DataFrame, *, text_column: str = "text",
                               n_jobs: int | None = None, chunk_chars: int = CHUNK_CHARS) -> Iterator[pd.DataFrame]:
        """The token table of an articles table in pieces, for corpora whose token table is too large to hold.

        Consecutive articles of about ``chunk_chars`` characters are tokenised together (in a process pool of
        ``n_jobs`` workers when there is more than one piece) and their rows yielded in article order, so the
        pieces concatenated are exactly :meth:`tokenize_articles`'s table whatever the pieces and workers; at
        most two pieces per worker are in flight, so memory is bounded by the pieces, not by the corpus.
        """
        missing = {"doc_id", "article", text_column} - set(articles.columns)
        if missing:
            raise KeyError(f"articles table lacks column(s) {sorted(missing)}")
        column = articles[text_column]
        lengths = np.fromiter((len(t) if isinstance(t, str) else 0 for t in column.tolist()), np.int64, len(column))
        bounds = _chunk_bounds(lengths, chunk_chars)
        jobs = ((a, _texts(column.iloc[a:b])) for a, b in bounds)  # each piece's texts made when it is sent
        doc_ids = articles["doc_id"].astype(str).to_numpy()
        numbers = articles["article"].to_numpy()
        n = min(_n_workers(self.n_jobs if n_jobs is None else n_jobs), len(bounds))
        params = to_jsonable(self.get_params())
        packs = _pool_packs(self, jobs, n) if n > 1 else (_pack(self, chunk, first) for first, chunk in jobs)
        n_tokens = 0
        for packed in packs:
            df = _frame(*packed, doc_ids=doc_ids, articles=numbers, pos=self.pos)
            df.attrs["tokenizer"] = params
            n_tokens += len(df)
            yield df
        log.info("tokenised %d article(s) into %d tokens in %d piece(s), %d worker(s)", len(articles), n_tokens,
                 len(bounds), n)


def _n_workers(n_jobs: int | None) -> int:
    import os

    if n_jobs is None or n_jobs == 0:
        return 1
    cpus = os.cpu_count() or 1
    return max(1, cpus + 1 + n_jobs) if n_jobs < 0 else int(n_jobs)


# ----------------------------------------------------------------------------- packing / pool
Packed = tuple[np.ndarray, list[str], list[str] | None, np.ndarray, np.ndarray, np.ndarray]


def _pack(tok: ChineseTokenizer, texts: Sequence[str], first_row: int = 0) -> Packed:
    """Tokenise texts into flat arrays: row index, tokens, tags, starts, positions, sentences."""
    rows: list[np.ndarray] = []
    tokens: list[str] = []
    tags: list[str] | None = [] if tok.pos else None
    starts: list[int] = []
    positions: list[int] = []
    sentences: list[int] = []
    for r, text in enumerate(texts, start=first_row):
        t, p, s, pos, sent = tok._analyse(text)
        rows.append(np.full(len(t), r, dtype=np.int64))
        tokens.extend(t)
        if tags is not None:
            tags.extend(p)
        starts.extend(s)
        positions.extend(pos)
        sentences.extend(sent)
    row = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
    return (row, tokens, tags, np.asarray(starts, dtype=np.int64), np.asarray(positions, dtype=np.int64),
            np.asarray(sentences, dtype=np.int64))


_WORKER: ChineseTokenizer | None = None


def _init_worker(params: dict[str, Any]) -> None:
    """Pool initializer: build the worker's own tokenizer once (top-level, spawn-safe)."""
    global _WORKER
    _WORKER = ChineseTokenizer(**{**params, "n_jobs": 1})
    _WORKER._get_engine()


_SEP = "\x00"


def _work(job: tuple[int, list[str]]) -> tuple:
    """Tokenise one chunk in a worker; tokens travel back as one joined string (cheap to pickle)."""
    first, texts = job
    assert _WORKER is not None
    row, tokens, tags, starts, positions, sentences = _pack(_WORKER, texts, first)
    if any(_SEP in t for t in texts):  # cannot join safely: send the list
        return row, tokens, tags, starts, positions, sentences
    return row, _SEP.join(tokens), None if tags is None else _SEP.join(tags), starts, positions, sentences


def _unjoin(x: str | list[str] | None, n: int) -> list[str]:
    if x is None:
        return []
    if isinstance(x, list):
        return x
    return x.split(_SEP) if n else []


def _chunks(texts: Sequence[str], n_chunks: int) -> list[tuple[int, list[str]]]:
    """Consecutive chunks of roughly equal character counts."""
    total = sum(map(len, texts)) or 1
    target = total / n_chunks
    out, cur, size, first = [], [], 0, 0
    for i, t in enumerate(texts):
        if not cur:
            first = i
        cur.append(t)
        size += len(t)
        if size >= target:
            out.append((first, cur))
            cur, size = [], 0
    if cur:
        out.append((first, cur))
    return out


def _texts(column: pd.Series) -> list[str]:
    return ["" if (isinstance(t, float) and math.isnan(t)) or t is None else str(t) for t in column.tolist()]


def _chunk_bounds(lengths: np.ndarray, chunk_chars: int) -> list[tuple[int, int]]:
    """``(first, end)`` rows of consecutive chunks of about ``chunk_chars`` characters each (a chunk ends with the
    text that reaches the size; at least one text each)."""
    out, first, size = [], 0, 0
    for i, n in enumerate(lengths.tolist()):
        size += n
        if size >= chunk_chars:
            out.append((first, i + 1))
            first, size = i + 1, 0
    if first < len(lengths):
        out.append((first, len(lengths)))
    return out


def _unpack(p: tuple) -> Packed:
    return (p[0], _unjoin(p[1], len(p[0])), None if p[2] is None else _unjoin(p[2], len(p[0])), p[3], p[4], p[5])


def _pool_packs(tok: ChineseTokenizer, jobs: Iterable[tuple[int, list[str]]], n: int) -> Iterator[Packed]:
    """The packed tokens of each job from a pool of ``n`` workers, in job order, two jobs per worker in flight."""
    import multiprocessing as mp
    from collections import deque

    method = tok.start_method or ("forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn")
    params = tok.get_params()
    params["user_dict"], params["stopwords"] = tok.user_dict, tok.stopwords
    with ProcessPoolExecutor(max_workers=n, mp_context=mp.get_context(method),
                             initializer=_init_worker, initargs=(params,)) as pool:
        pending: deque = deque()
        it = iter(jobs)
        for job in it:
            pending.append(pool.submit(_work, job))
            if len(pending) >= 2 * n:
                break
        while pending:
            result = pending.popleft().result()
            for job in it:
                pending.append(pool.submit(_work, job))
                break
            yield _unpack(result)


def _pack_parallel(tok: ChineseTokenizer, texts: Sequence[str], n: int) -> Packed:
    import multiprocessing as mp

    # forkserver rather than fork: forking a process that runs threads can deadlock
    method = tok.start_method or ("forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn")
    params = tok.get_params()
    params["user_dict"], params["stopwords"] = tok.user_dict, tok.stopwords
    if method == "fork":  # load once here; the children inherit it
        tok._get_engine()
        tok.stopword_set  # noqa: B018
        if tok.backend == "jieba":
            _base_jieba()
        if tok.pos:
            _base_word_tags()
    jobs = _chunks(texts, n * 4)
    with ProcessPoolExecutor(max_workers=n, mp_context=mp.get_context(method),
                             initializer=_init_worker, initargs=(params,)) as pool:
        parts = list(pool.map(_work, jobs))
    tokens: list[str] = []
    tags: list[str] | None = [] if tok.pos else None
    for p in parts:
        tokens.extend(_unjoin(p[1], len(p[0])))
        if tags is not None:
            tags.extend(_unjoin(p[2], len(p[0])))
    return (np.concatenate([p[0] for p in parts]), tokens, tags,
            np.concatenate([p[3] for p in parts]), np.concatenate([p[4] for p in parts]),
            np.concatenate([p[5] for p in parts]))


def _frame(row: np.ndarray, tokens: list[str], tags: list[str] | None, starts: np.ndarray,
           positions: np.ndarray, sentences: np.ndarray, *, doc_ids: np.ndarray, articles: np.ndarray,
           pos: bool) -> pd.DataFrame:
    tok_arr = pd.array(tokens, dtype="str") if tokens else pd.array([], dtype="str")
    lengths = np.fromiter(map(len, tokens), dtype=np.int64, count=len(tokens))
    data = {"doc_id": pd.array(doc_ids[row], dtype="str") if len(row) else pd.array([], dtype="str"),
            "article": np.asarray(articles)[row].astype("int64") if len(row) else np.zeros(0, dtype="int64"),
            "sentence": sentences, "position": positions, "token": tok_arr}
    if pos:
        data["pos"] = pd.array(tags or [], dtype="str")
    data["start"] = starts
    data["end"] = starts + lengths
    return pd.DataFrame(data)


class TokenCodes:
    """A large token table kept small: pieces added one by one (``doc_id, article, token``), held as integer
    codes, and returned by :meth:`frame` with ``doc_id`` and ``token`` as categories — one string per distinct
    value instead of one per row (for 10 million tokens about 130 MB instead of gigabytes of Python strings)."""

    def __init__(self) -> None:
        self._docs: dict[str, int] = {}
        self._words: dict[str, int] = {}
        self._parts: dict[str, list[np.ndarray]] = {"doc_id": [], "article": [], "token": []}

    def add(self, tokens: pd.DataFrame) -> None:
        if tokens.empty:
            return
        for col, known in (("doc_id", self._docs), ("token", self._words)):
            codes, uniques = pd.factorize(tokens[col].astype(str))
            ids = np.array([known.setdefault(v, len(known)) for v in uniques], dtype=np.int32)
            self._parts[col].append(ids[codes])
        # a copy (a view would keep the piece's whole block of integer columns alive), as 32 bits when it fits
        article = tokens["article"].to_numpy(dtype=np.int64)
        small = len(article) == 0 or (article.min() >= -2**31 and article.max() < 2**31)
        self._parts["article"].append(article.astype(np.int32 if small else np.int64, copy=True))

    def frame(self) -> pd.DataFrame:
        """``doc_id`` (category), ``article``, ``token`` (category), the rows in the order they were added; the
        pieces are let go as they are joined (call it once)."""
        def joined(col: str, dtype) -> np.ndarray:
            parts = self._parts[col]
            out = np.concatenate(parts) if parts else np.zeros(0, dtype)
            parts.clear()
            return out

        def cat(col: str, known: dict[str, int]) -> pd.Categorical:
            return pd.Categorical.from_codes(joined(col, np.int32), categories=pd.Index(list(known), dtype=object))

        return pd.DataFrame({"doc_id": cat("doc_id", self._docs),
                             "article": joined("article", np.int64).astype(np.int64, copy=False),
                             "token": cat("token", self._words)})


# ----------------------------------------------------------------------------- module functions
def tokenize_articles(articles: pd.DataFrame, *, tokenizer: ChineseTokenizer | None = None,
                      text_column: str = "text", **params: Any) -> pd.DataFrame:
    """Token table of an articles table (see :meth:`ChineseTokenizer.tokenize_articles`).

    Parameters
    ----------
    tokenizer:
        A configured tokenizer; otherwise one is built from ``params``
        (``ChineseTokenizer(**params)``).
    """
    tok = tokenizer if tokenizer is not None else ChineseTokenizer(**params)
    return tok.tokenize_articles(articles, text_column=text_column)


def _boundaries(tokens: list[str]) -> list[int]:
    return list(np.cumsum([0] + [len(t) for t in tokens]))


def dictionary_diff(texts: Iterable[str], *, user_dict: Paths = None, base_dict: Paths = None,
                    use_domain_dict_in_base: bool = False, backend: str = "jieba") -> pd.DataFrame:
    """Which segmentations change when a dictionary is added.

    Segments each text twice, without and with ``user_dict`` (default: the shipped domain
    dictionary), and reports every stretch of text whose token boundaries differ.

    Parameters
    ----------
    texts:
        Plain strings.
    user_dict:
        The dictionary under test (default :data:`DOMAIN_DICT`).
    base_dict:
        Dictionaries loaded in both runs.
    use_domain_dict_in_base:
        Load the domain dictionary in both runs (to test a user dictionary on top of it).

    Returns
    -------
    DataFrame ``before, after, count, example_text, example_start`` sorted by count:
    ``before``/``after`` are the tokens of the stretch joined by ``/`` (e.g. ``政治/巡察`` →
    ``政治巡察``); ``example_text`` is the index of the first text where it occurs.
    """
    added = _as_paths(user_dict) or [DOMAIN_DICT]
    base = ChineseTokenizer(user_dict=_as_paths(base_dict), use_domain_dict=use_domain_dict_in_base,
                            backend=backend)
    new = ChineseTokenizer(user_dict=_as_paths(base_dict) + added, use_domain_dict=use_domain_dict_in_base,
                           backend=backend)
    counts: dict[tuple[str, str], list] = {}
    for k, text in enumerate(texts):
        a, b = base.raw_tokens(text), new.raw_tokens(text)
        ba, bb = _boundaries(a), _boundaries(b)
        common = sorted(set(ba) & set(bb))
        ia = {v: i for i, v in enumerate(ba)}
        ib = {v: i for i, v in enumerate(bb)}
        for lo, hi in zip(common, common[1:]):
            seg_a, seg_b = a[ia[lo]:ia[hi]], b[ib[lo]:ib[hi]]
            if seg_a != seg_b:
                key = ("/".join(seg_a), "/".join(seg_b))
                if key in counts:
                    counts[key][0] += 1
                else:
                    counts[key] = [1, k, int(lo)]
    rows = [dict(before=k[0], after=k[1], count=v[0], example_text=v[1], example_start=v[2])
            for k, v in counts.items()]
    df = pd.DataFrame(rows, columns=["before", "after", "count", "example_text", "example_start"])
    return df.sort_values(["count", "after"], ascending=[False, True], kind="stable").reset_index(drop=True)


def backend_agreement(texts: Iterable[str], *, backend: str = "rjieba", **params: Any) -> dict[str, float]:
    """Share of jieba's token spans that another backend reproduces exactly.

    Both runs use the same dictionaries (``params`` go to both tokenizers). Agreement is
    ``n_same / max(n_jieba, n_other)`` where a token agrees when its (start, end) span is the
    same in both segmentations (spaces excluded).

    Returns
    -------
    dict with ``n_jieba``, ``n_other``, ``n_same``, ``agreement``.
    """
    ref = ChineseTokenizer(backend="jieba", **params)
    other = ChineseTokenizer(backend=backend, **params)
    n_ref = n_other = n_same = 0
    for text in texts:
        spans = []
        for tok in (ref, other):
            toks = tok.raw_tokens(text)
            b = _boundaries(toks)
            spans.append({(b[i], b[i + 1]) for i, t in enumerate(toks) if not t.isspace()})
        n_ref += len(spans[0])
        n_other += len(spans[1])
        n_same += len(spans[0] & spans[1])
    return dict(n_jieba=n_ref, n_other=n_other, n_same=n_same,
                agreement=n_same / max(n_ref, n_other, 1))
