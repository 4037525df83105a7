"""Reprints and near-duplicates: MinHash LSH over character shingles, clusters, canonical articles, CLI."""
from __future__ import annotations

import logging
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from helpers.cli import main
from helpers.ingest.corpus import load_corpus
from helpers.pages.reprints import (
    REPRINT_COLUMNS,
    exact_duplicates,
    find_reprints,
    flag_canonical,
    minhash_signatures,
    normalize_for_reprints,
    shingle_hashes,
)

FORMATS = Path(__file__).parent / "fixtures" / "formats"
RAW = Path(__file__).parents[1] / "data" / "raw"


def _report() -> str:
    raw = (RAW / "004_a0103a6b34b63d51.txt").read_text(encoding="utf-8")
    return raw[raw.index("利剑出鞘去沉痾"): raw.index("构建起基层治理的新格局。") + 12]


def _other_reports() -> list[str]:
    """Other 巡察 articles of the seed pages: same topic, mostly the same province."""
    raw = (RAW / "002_d9f23b514ca9c709.txt").read_text(encoding="utf-8")
    raw1 = (RAW / "001_0e8ce62d7256c336.txt").read_text(encoding="utf-8")
    return [raw[700:3050], raw[3050:4870], raw[4870:6050], raw1[0:2170]]


def _ocr(text: str, rate: float, seed: int = 0) -> str:
    rng = np.random.default_rng(seed)
    out = []
    for ch in text:
        r = rng.random()
        out.append(chr(0x4E00 + int(rng.integers(0, 20000))) if r < rate / 2 else ch + " " if r < rate else ch)
    return "".join(out)


REPORT = _report()
VARIANTS = {
    "identical": REPORT,
    "new headline": "汤阴：巡察利剑出鞘 五年发现问题5154个\n" + REPORT[REPORT.index("\n"):],
    "truncated to 60 %": REPORT[: int(len(REPORT) * 0.6)],
    "OCR noise 5 %": _ocr(REPORT, 0.05),
    "edited": REPORT.replace("巡察组", "巡察工作组").replace("5年来", "五年来")[: len(REPORT) - 300]
              + "（来源：汤阴县纪委监委）",
    "traditional script, truncated": None,  # filled below (needs OpenCC)
    "truncated to 60 % with OCR noise": _ocr(REPORT[: int(len(REPORT) * 0.6)], 0.04, seed=1),
}


def _table(texts: dict[str, str], **cols) -> pd.DataFrame:
    df = pd.DataFrame({"doc_id": list(texts), "article": 1, "text": list(texts.values())})
    for k, v in cols.items():
        df[k] = v
    return df


@pytest.mark.parametrize("kind", [k for k in VARIANTS if VARIANTS[k] is not None])
def test_each_kind_of_copy_is_found(kind):
    others = {f"other{k}": t for k, t in enumerate(_other_reports())}
    arts = _table({"original": REPORT, "copy": VARIANTS[kind], **others})
    rp = find_reprints(arts)
    assert set(rp["doc_id"]) == {"original", "copy"}, kind
    assert rp.set_index("doc_id").loc["copy", "similarity"] >= 0.5


def test_traditional_copy_is_found_when_the_script_column_says_so():
    import opencc

    from helpers.core.script import to_simplified  # noqa: F401 - OpenCC present

    trad = opencc.OpenCC("s2t").convert(REPORT[:1500])
    arts = _table({"original": REPORT, "hk": trad}, script=["simplified", "traditional"])
    assert set(find_reprints(arts)["doc_id"]) == {"original", "hk"}


def test_distinct_reports_on_the_same_topic_are_not_reprints():
    others = _other_reports()
    texts = {f"r{k}": t for k, t in enumerate(others[1:])}
    # a report that borrows the lead sentences of the 汤阴 review but tells another story
    texts.update(tangyin=REPORT, template=REPORT[:180] + others[0][200:1500])
    assert find_reprints(_table(texts)).empty


def test_table_columns_canonical_date_lag_and_source():
    arts = _table({"paper": REPORT, "site": VARIANTS["edited"], "wechat": VARIANTS["truncated to 60 %"],
                   "undated": VARIANTS["new headline"]},
                  date=["2021-06-18", "2021-06-20", "2021-06-25", ""],
                  source=["安阳日报", "汤阴县纪委监委网站", "清风汤阴", "未知"], file=["a.txt", "b.html", "c.xlsx", "d.pdf"])
    rp = find_reprints(arts)
    assert list(rp.columns) == REPRINT_COLUMNS
    rp = rp.set_index("doc_id")
    assert rp["cluster_id"].nunique() == 1 and rp["canonical"].sum() == 1 and rp.loc["paper", "canonical"]
    assert rp.loc["site", "date_lag_days"] == 2 and rp.loc["wechat", "date_lag_days"] == 7
    assert pd.isna(rp.loc["undated", "date_lag_days"])
    assert rp.loc["wechat", "reprinted_from"] == "安阳日报" and rp.loc["paper", "reprinted_from"] == ""
    assert rp.loc["wechat", "similarity"] > 0.95  # a cut copy is contained in the original


def test_canonical_prefers_an_exact_day_within_the_month():
    arts = _table({"month": REPORT, "day": REPORT}, date=["2021-06", "2021-06-18"])
    rp = find_reprints(arts).set_index("doc_id")
    assert rp.loc["day", "canonical"] and not rp.loc["month", "canonical"] and rp["same_text"].all()


def test_same_seed_same_table_and_both_indexes_agree():
    texts = {"a": REPORT, "b": VARIANTS["OCR noise 5 %"], "c": VARIANTS["truncated to 60 %"],
             **{f"o{k}": t for k, t in enumerate(_other_reports())}}
    arts = _table(texts)
    small = find_reprints(arts, random_state=3)
    pd.testing.assert_frame_equal(small, find_reprints(arts, random_state=3))
    numpy_index = find_reprints(arts, random_state=3, datasketch_max=0)
    pd.testing.assert_frame_equal(small, numpy_index)


def test_chunk_size_does_not_change_the_table(monkeypatch):
    """Signatures and shingle sets are made a chunk of articles at a time: chunks of two give the same table
    (both indexes, a traditional copy and a text too short to compare among them)."""
    import opencc

    from helpers.pages import reprints

    texts = {"a": REPORT, "b": VARIANTS["OCR noise 5 %"], "c": VARIANTS["truncated to 60 %"], "d": "太短。",
             "hk": opencc.OpenCC("s2t").convert(REPORT[:1500]), "e": VARIANTS["edited"],
             **{f"o{k}": t for k, t in enumerate(_other_reports())}}
    arts = _table(texts, script=["traditional" if k == "hk" else "simplified" for k in texts],
                  date=[f"2021-06-{10 + k:02d}" for k in range(len(texts))])
    whole = [find_reprints(arts, datasketch_max=m) for m in (0, 5000)]
    assert set(whole[0]["doc_id"]) == {"a", "b", "c", "hk", "e"}
    monkeypatch.setattr(reprints, "_CHUNK", 2)
    for m, expected in zip((0, 5000), whole):
        pd.testing.assert_frame_equal(find_reprints(arts, datasketch_max=m), expected)
        assert find_reprints(arts, datasketch_max=m).attrs == expected.attrs


def test_flag_canonical_counts_each_report_once():
    arts = _table({"a": REPORT, "b": VARIANTS["edited"], "c": _other_reports()[0]})
    flagged = flag_canonical(arts, find_reprints(arts))
    assert flagged["canonical"].tolist() == [True, False, True]
    assert flagged["cluster_id"].isna().tolist() == [False, False, True]
    assert flag_canonical(arts, find_reprints(arts.iloc[[0, 2]]))["canonical"].all()


def test_short_articles_are_left_out():
    arts = _table({"a": "县委巡察组进驻。", "b": "县委巡察组进驻。"})
    assert find_reprints(arts).empty


def test_signatures_estimate_jaccard():
    a = normalize_for_reprints(REPORT)
    b = normalize_for_reprints(VARIANTS["truncated to 60 %"])
    h, doc = shingle_hashes([a, b], 5)
    sig = minhash_signatures(h, doc, 2, 256)
    sa, sb = set(h[doc == 0].tolist()), set(h[doc == 1].tolist())
    assert abs((sig[0] == sig[1]).mean() - len(sa & sb) / len(sa | sb)) < 0.1


def test_normalisation_ignores_spaces_punctuation_and_width():
    assert normalize_for_reprints("巡察 组，发现\n问题１２个。ＡＢ") == "巡察组发现问题12个ab"


def test_the_fixture_formats_are_one_report_and_exact_copies_are_found_by_hash(tmp_path):
    for name in ("tangyin.txt", "tangyin.docx", "tangyin_2col.pdf", "export_cnki.csv", "manifest.csv"):
        shutil.copy(FORMATS / name, tmp_path / name)
    shutil.copy(FORMATS / "tangyin.txt", tmp_path / "tangyin_copy.txt")
    logging.disable(logging.WARNING)
    try:
        docs = load_corpus(tmp_path)
    finally:
        logging.disable(logging.NOTSET)
    rp = find_reprints(docs.assign(article=1))
    tangyin = rp[rp["doc_id"].str.startswith(("tangyin", "export_cnki/1"))]
    assert tangyin["cluster_id"].nunique() == 1 and len(tangyin) == 5
    dup = exact_duplicates(docs)
    assert dup[["file", "duplicate_of_file"]].values.tolist() == [["tangyin_copy.txt", "tangyin.txt"]]


def test_cli_reprints_writes_one_row_per_clustered_article(tmp_path, capsys):
    out = tmp_path / "reprints.csv"
    assert main(["reprints", str(FORMATS), "--out", str(out), "-q"]) == 0
    table = pd.read_csv(out)
    assert {"cluster_id", "doc_id", "file", "article", "canonical", "similarity"} <= set(table.columns)
    assert table["cluster_id"].nunique() == 2 and len(table) == 11
    assert table.groupby("cluster_id")["canonical"].sum().eq(1).all()
    assert "cluster(s) of reprints" in capsys.readouterr().out


# ----------------------------------------------------------------------------- in the build (issue 16)
_INVENTED = ("县委第三巡察组完成对城关镇的常规巡察\n"
             "县委第三巡察组于3月至5月对城关镇党委开展了为期两个月的常规巡察。巡察组坚持问题导向，深入12个村和社区，"
             "采取个别谈话、调阅资料、实地走访等方式，共发现问题35个，移交问题线索4件，督促整改问题30个。"
             "巡察组负责人表示，巡察是全面从严治党的重要举措，城关镇党委要切实担负起整改主体责任，"
             "对巡察反馈的问题逐条制定整改措施，明确责任人和完成时限，做到件件有着落、事事有回音。"
             "县委巡察办将加强对整改情况的督查督办，推动巡察成果转化为基层治理效能。\n")
_REPRINT = "城关镇：巡察利剑出鞘 35个问题限期整改\n" + _INVENTED[_INVENTED.index("\n") + 1:]


def _planted_corpus(folder: Path) -> Path:
    """Two pages carrying the same invented report, the second a day later with a new headline."""
    folder.mkdir()
    (folder / "a_city_paper.txt").write_text(_INVENTED, encoding="utf-8")
    (folder / "b_county_site.txt").write_text(_REPRINT, encoding="utf-8")
    (folder / "manifest.csv").write_text("file,place,admin_level,date,source\n"
                                         "a_city_paper.txt,城关镇,county,2021-06-01,城关日报\n"
                                         "b_county_site.txt,城关镇,county,2021-06-02,县政府网站\n", encoding="utf-8")
    return folder


def test_comparison_tables_count_a_reprinted_figure_once_unless_switched():
    from helpers.compare.comparison import figure_density, indicator_ratios, once_per_report, tidy_indicators
    from helpers.pipeline import process_documents

    docs = pd.DataFrame({"doc_id": ["a", "b"], "file": ["a.txt", "b.txt"], "text": [_INVENTED, _REPRINT],
                         "date": ["2021-06-01", "2021-06-02"], "place": "城关镇"})
    from helpers.core.config import BuildConfig

    articles, metrics = process_documents(docs, BuildConfig(n_jobs=1))
    assert articles["relevant"].all() and set(metrics["doc_id"]) == {"a", "b"}
    rp = find_reprints(articles)
    assert rp["cluster_id"].nunique() == 1 and rp.loc[rp["canonical"], "doc_id"].tolist() == ["a"]
    flagged = flag_canonical(articles, rp)
    once = tidy_indicators(metrics, docs, articles=flagged)
    twice = tidy_indicators(metrics, docs, articles=flagged, count_reprints=True)
    found = lambda t: t[t["indicator"] == "problems_found"]  # noqa: E731
    assert len(found(once)) == 1 and found(once)["doc_id"].tolist() == ["a"] and len(found(twice)) == 2
    assert once_per_report(metrics, flagged).attrs["reprints_dropped"] == (metrics["doc_id"] == "b").sum()
    assert set(indicator_ratios(metrics, docs, articles=flagged)["doc_id"]) <= {"a"}
    assert figure_density(metrics, flagged)["doc_id"].tolist() == ["a"]
    assert figure_density(metrics, flagged, count_reprints=True)["doc_id"].tolist() == ["a", "b"]
    assert len(found(tidy_indicators(metrics, docs))) == 2  # no flags given: nothing dropped


@pytest.mark.parametrize("count_reprints", [False, True])
def test_build_writes_reprints_and_counts_a_figure_once_per_cluster(tmp_path, count_reprints):
    import json

    from helpers.core.config import BuildConfig, Paths
    from helpers.core.tables import read_table
    from helpers.pipeline import build

    raw = _planted_corpus(tmp_path / "raw")
    paths = Paths(raw=raw, processed=tmp_path / "processed", reports=tmp_path / "reports")
    written = build(BuildConfig(topic_ks=(2,), topic_seeds=1, n_jobs=1, count_reprints=count_reprints), paths=paths)
    assert "reprints.csv" in written
    rp = read_table(paths.processed / "reprints.csv")
    assert len(rp) == 2 and rp["cluster_id"].nunique() == 1
    canon = rp[rp["canonical"].astype(bool)].iloc[0]
    copy = rp[~rp["canonical"].astype(bool)].iloc[0]
    assert canon["file"] == "a_city_paper.txt" and copy["reprinted_from"] == "城关日报"
    assert copy["date_lag_days"] == 1
    tidy = read_table(paths.processed / "indicators_tidy.csv")
    found = tidy[tidy["indicator"] == "problems_found"]
    assert len(found) == (2 if count_reprints else 1)
    density = read_table(paths.processed / "numeric_density.csv")
    assert len(density) == (2 if count_reprints else 1)
    for table in ("indicators_tidy", "indicators_wide", "ratios", "numeric_density"):
        prov = json.loads((paths.processed / f"{table}.csv.provenance.json").read_text(encoding="utf-8"))
        text = json.dumps(prov, ensure_ascii=False)
        assert '"count_reprints": ' + ("true" if count_reprints else "false") in text
        assert "figures_of_reprints" in text
    prov = json.loads((paths.processed / "reprints.csv.provenance.json").read_text(encoding="utf-8"))
    assert "relevant articles" in json.dumps(prov, ensure_ascii=False)


def test_build_config_reprint_defaults_are_the_function_defaults():
    import inspect

    from helpers.compare.comparison import tidy_indicators
    from helpers.core.config import BuildConfig

    assert BuildConfig().reprint_threshold == inspect.signature(find_reprints).parameters["threshold"].default
    assert BuildConfig().count_reprints is inspect.signature(tidy_indicators).parameters["count_reprints"].default
