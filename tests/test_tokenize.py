"""Tokenising: the domain dictionary takes effect, entries are validated, offsets are exact, global
jieba is untouched, parallel equals serial, and the rjieba backend agrees with jieba."""
from __future__ import annotations

import pickle
from pathlib import Path

import jieba
import pandas as pd
import pytest

from helpers.core.config import PROJECT_ROOT
from helpers.words.tokens import (
    DOMAIN_DICT,
    ChineseTokenizer,
    backend_agreement,
    dictionary_diff,
    load_stopwords,
    parse_user_dict,
    tokenize_articles,
    validate_user_dict,
)


@pytest.fixture(scope="module")
def tok() -> ChineseTokenizer:
    return ChineseTokenizer()


@pytest.fixture(scope="module")
def plain() -> ChineseTokenizer:
    return ChineseTokenizer(use_domain_dict=False)


@pytest.fixture(scope="module")
def seed_texts() -> list[str]:
    from helpers.pages.cleaning import clean_text

    files = sorted((PROJECT_ROOT / "data" / "raw").glob("*.txt"))
    return [clean_text(f.read_text(encoding="utf-8")).text for f in files]


@pytest.mark.parametrize("sentence, word, pieces", [
    ("持续深化政治巡察工作", "政治巡察", ["政治", "巡察"]),
    ("推动全面从严治党向基层延伸", "全面从严治党", ["全面", "从严治党"]),
    ("坚决做到两个维护", "两个维护", ["两个", "维护"]),
    ("发现问题线索12件", "问题线索", ["问题", "线索"]),
    ("被巡察党组织书记", "被巡察党组织", ["被", "巡察", "党组织"]),
    ("坚持三聚焦一落实", "三聚焦一落实", None),
    ("整治形式主义官僚主义问题", "形式主义官僚主义", ["形式主义", "官僚主义"]),
    ("对立行立改情况进行督查", "立行立改", None),
    ("给予党纪政务处分3人", "党纪政务处分", None),
    ("开展巡察村（社区）工作", "巡察村（社区）", None),
    ("向184个村(社区)群众发放", "村(社区)", None),
])
def test_domain_dictionary_changes_segmentation(tok, plain, sentence, word, pieces):
    assert word in tok.raw_tokens(sentence)
    assert word not in plain.raw_tokens(sentence)
    if pieces:
        joined = "/".join(plain.raw_tokens(sentence))
        assert "/".join(pieces) in joined


def test_shipped_dictionary_is_clean_and_effective(tok):
    entries, issues = parse_user_dict(DOMAIN_DICT)
    assert len(entries) >= 80
    assert set(issues["issue"]) <= {"punctuation"}  # only the bracket entries, cut out on purpose
    assert all(e.freq >= 1000 for e in entries)
    assert tok.ineffective_entries().empty


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


@pytest.mark.parametrize("content, issue", [
    ("\ufeff巡察回访 5000 n\n".encode("utf-8"), "bom"),
    ("巡察回访 5000 n\r\n巡察督导 5000 n\r\n".encode(), "crlf"),
    ("巡察回访\n".encode(), "no_freq"),
    ("巡察回访 0\n".encode(), "zero_freq"),
    ("巡察（回访） 5000 n\n".encode(), "punctuation"),
    ("巡察回访 5000\n巡察回访 6000\n".encode(), "duplicate"),
    ("巡察回访 5k n\n".encode(), "unparsable"),
    ("发现问题 1 n\n".encode(), "no_effect"),
])
def test_validate_user_dict_reports(tmp_path, content, issue):
    issues = validate_user_dict(_write(tmp_path, "u.txt", content))
    assert issue in set(issues["issue"])


def test_validate_clean_dict_has_no_issues(tmp_path):
    p = _write(tmp_path, "u.txt", "# comment\n巡察回访 5000 n\n\n巡察督导 5000\n".encode())
    assert validate_user_dict(p).empty


def test_problems_are_logged_as_warnings(tmp_path, caplog):
    p = _write(tmp_path, "u.txt", "\ufeff发现问题 1 n\r\n".encode("utf-8"))
    with caplog.at_level("WARNING", logger="helpers.words.tokens"):
        ChineseTokenizer(user_dict=p, use_domain_dict=False).cut("发现问题")
    text = caplog.text
    assert "byte-order mark" in text and "CRLF" in text and "still segmented as 发现/问题" in text


def test_non_utf8_dictionary_is_an_error(tmp_path):
    p = _write(tmp_path, "u.txt", "巡察回访 5000 n\n".encode("gb18030"))
    with pytest.raises(ValueError, match="not UTF-8"):
        parse_user_dict(p)


def test_user_dict_and_stopwords_by_path(tmp_path):
    d = _write(tmp_path, "d.txt", "巡察回访 5000 n\n".encode())
    s = _write(tmp_path, "s.txt", "开展\n".encode())
    t = ChineseTokenizer(user_dict=d, stopwords=s)
    assert t.cut("开展巡察回访") == ["巡察回访"]
    assert ChineseTokenizer().cut("开展巡察回访") != ["巡察回访"]


def _jieba_state() -> dict:
    import jieba.finalseg
    import jieba.posseg

    dt = jieba.dt
    return dict(initialized=dt.initialized, total=dt.total, n_freq=len(dt.FREQ), freq_id=id(dt.FREQ),
                user_tags=dict(dt.user_word_tag_tab), dictionary=dt.dictionary,
                force_split=set(jieba.finalseg.Force_Split_Words),
                pos_tags=len(jieba.posseg.dt.word_tag_tab), has_word="政治巡察" in dt.FREQ)


def test_global_jieba_state_untouched(tmp_path):
    before = _jieba_state()
    d = _write(tmp_path, "d.txt", "巡察回访 5000 n\n巡察新词 0\n".encode())
    for kw in (dict(), dict(pos=True), dict(user_dict=d), dict(backend="rjieba")):
        t = ChineseTokenizer(**kw)
        t.cut("持续深化政治巡察，开展巡察回访")
        t.tokenize_articles(pd.DataFrame(dict(doc_id=["a"], article=[1], text=["政治巡察"])))
    assert _jieba_state() == before
    assert jieba.lcut("政治巡察") == ["政治", "巡察"]  # the global dictionary never learned it


TEXT = "持续深化政治巡察。做到“两个维护”！\n2021年，巡察组发现问题线索12件"


def test_offsets_and_sentences(tok):
    df = tok.tokenize(TEXT)
    assert all(TEXT[s:e] == t for s, e, t in zip(df["start"], df["end"], df["token"]))
    got = dict(zip(df["token"], df["sentence"]))
    assert got == {"持续": 0, "深化": 0, "政治巡察": 0, "做到": 1, "两个维护": 1, "2021": 3, "巡察组": 3,
                   "发现": 3, "问题线索": 3, "12": 3, "件": 3}
    assert df["position"].is_monotonic_increasing and df["position"].is_unique


@pytest.mark.parametrize("params, text, expected", [
    (dict(), "我们要持续深化政治巡察", ["持续", "深化", "政治巡察"]),
    (dict(keep_stopwords=True), "我们要持续深化政治巡察", ["我们", "要", "持续", "深化", "政治巡察"]),
    (dict(min_length=3), "我们要持续深化政治巡察", ["政治巡察"]),
    (dict(keep_punct=True), "深化政治巡察，一是整改", ["深化", "政治巡察", "，", "整改"]),
    (dict(), "一是开展巡察，二是整改", ["开展", "巡察", "整改"]),
    (dict(use_domain_dict=False), "持续深化政治巡察", ["持续", "深化", "政治", "巡察"]),
])
def test_filters(params, text, expected):
    assert ChineseTokenizer(**params).cut(text) == expected


def test_pos_column():
    df = ChineseTokenizer(pos=True).tokenize("持续深化政治巡察，坚决做到两个维护")
    assert list(df.columns) == ["sentence", "position", "token", "pos", "start", "end"]
    tags = dict(zip(df["token"], df["pos"]))
    assert tags["政治巡察"] == "n" and tags["两个维护"] == "j"


def test_stopwords_sources():
    sw = load_stopwords()
    assert {"的", "了", "一是", "本报讯"} <= sw and "巡察" not in sw
    assert load_stopwords(defaults=False) == frozenset()


def test_tokenize_articles_table(tok):
    arts = pd.DataFrame(dict(doc_id=["b", "a", "c"], article=[2, 1, 1],
                             text=["巡察组进驻。", None, "立行立改"], place=["x", "y", "z"]))
    df = tokenize_articles(arts, tokenizer=tok)
    assert list(df.columns) == ["doc_id", "article", "sentence", "position", "token", "start", "end"]
    assert df[["doc_id", "article", "token"]].values.tolist() == [["b", 2, "巡察组"], ["b", 2, "进驻"],
                                                                   ["c", 1, "立行立改"]]
    assert df.attrs["tokenizer"]["backend"] == "jieba"


@pytest.mark.parametrize("start_method", [None, "spawn"])  # None: the default, forkserver on Linux
def test_parallel_equals_serial(tok, seed_texts, start_method):
    texts = [p for t in seed_texts for p in t.split("\n")][:120]
    arts = pd.DataFrame(dict(doc_id=[f"d{i // 10}" for i in range(len(texts))],
                             article=[i % 10 + 1 for i in range(len(texts))], text=texts))
    serial = tok.tokenize_articles(arts)
    parallel = ChineseTokenizer(n_jobs=2, start_method=start_method).tokenize_articles(arts)
    pd.testing.assert_frame_equal(serial, parallel)


def test_pickle_roundtrip(tok):
    tok.cut("巡察")
    clone = pickle.loads(pickle.dumps(tok))
    assert clone.cut("持续深化政治巡察") == tok.cut("持续深化政治巡察")


def test_rjieba_backend_agrees_with_jieba(seed_texts):
    res = backend_agreement(seed_texts, backend="rjieba")
    assert res["agreement"] >= 0.999
    assert ChineseTokenizer(backend="rjieba").cut("持续深化政治巡察，巡察村（社区）") == ["持续", "深化", "政治巡察",
                                                                                   "巡察村（社区）"]


def test_rjieba_has_no_pos():
    with pytest.raises(ValueError, match="pos=True"):
        ChineseTokenizer(backend="rjieba", pos=True)


def test_dictionary_diff():
    df = dictionary_diff(["持续深化政治巡察，政治巡察", "全面从严治党"])
    rows = {(r.before, r.after): r.count for r in df.itertuples()}
    assert rows[("政治/巡察", "政治巡察")] == 2
    assert rows[("全面/从严治党", "全面从严治党")] == 1
    assert list(df.columns) == ["before", "after", "count", "example_text", "example_start"]


def test_tokenizer_follows_scikit_learn_conventions():
    from sklearn.base import clone

    tok = ChineseTokenizer(min_length=2, keep_punct=True)
    copy = clone(tok)
    assert copy.get_params() == tok.get_params() and copy.min_length == 2
    assert "min_length=2" in repr(tok)


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_pieces_concatenated_equal_the_whole_table(tok, seed_texts, n_jobs):
    """iter_tokenize_articles (issue 17): any piece size, in one process or a pool, gives tokenize_articles' rows."""
    texts = [p for t in seed_texts for p in t.split("\n")][:80] + ["", "巡察"]
    arts = pd.DataFrame(dict(doc_id=[f"d{i // 10}" for i in range(len(texts))],
                             article=[i % 10 + 1 for i in range(len(texts))], text=texts))
    whole = tok.tokenize_articles(arts)
    pieces = list(tok.iter_tokenize_articles(arts, chunk_chars=700, n_jobs=n_jobs))
    assert len(pieces) > 4
    pd.testing.assert_frame_equal(pd.concat(pieces, ignore_index=True), whole)
    assert pieces[0].attrs["tokenizer"] == whole.attrs["tokenizer"]
