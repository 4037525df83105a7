"""Readers for own corpora: web pages, Word, PDF, table exports; the manifest's aliases and encodings.

The fixtures in ``tests/fixtures/formats`` (made by its ``build_formats.py``) hold one real report — the
汤阴 review of seed page 004 — in every format, plus a Word file with a table, a scan without a text layer,
CSV/XLSX/JSONL exports with Chinese column names, a GBK manifest and a file in a format that is not read.
"""
from __future__ import annotations

import hashlib
import json
import logging
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from helpers.cli import main
from helpers.ingest.corpus import ManifestError, load_corpus, read_manifest
from helpers.ingest.metadata import canonical_header, normalize_date, normalize_value
from helpers.ingest.readers import CONVERT_ADVICE, READ_SUFFIXES, reader_for
from helpers.pipeline import extract_document_metrics, segment_documents

FORMATS = Path(__file__).parent / "fixtures" / "formats"
TITLE = "利剑出鞘去沉痾"
#: every document that holds the 汤阴 report, and the format it was read from
SAME_REPORT = {"tangyin.txt": "txt", "tangyin_web": "html", "tangyin_saved": "mhtml", "tangyin.docx": "docx",
               "tangyin_2col": "pdf", "export_cnki/1": "csv", "export_wechat/r0001": "xlsx",
               "articles/ay-2523": "jsonl"}


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def formats(tmp_path_factory):
    logging.disable(logging.NOTSET)
    return load_corpus(FORMATS)


@pytest.fixture(scope="module")
def docs(formats):
    return formats.set_index("doc_id")


def test_every_format_is_read_and_the_rest_reported(formats):
    assert set(formats["format"]) == {"txt", "html", "mhtml", "docx", "pdf", "csv", "xlsx", "jsonl"}
    assert formats["doc_id"].is_unique
    skipped = {Path(s["file"]).name: s["reason"] for s in formats.attrs["skipped"]}
    assert list(skipped) == ["scanned_page.pdf"] and "OCR" in skipped["scanned_page.pdf"]
    unread = formats.attrs["unread"]
    assert [Path(u["file"]).name for u in unread] == ["notes.wps"] and "docx" in unread[0]["reason"]
    assert "manifest.csv" not in set(formats["file"])


def test_unread_formats_are_listed_once_with_advice(tmp_path, caplog):
    for name in ("a.doc", "b.doc", "c.caj", "d.jpg"):
        (tmp_path / name).write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 20)
    (tmp_path / "page.txt").write_text("县委巡察组进驻。\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        docs = load_corpus(tmp_path)
    assert len(docs) == 1
    warnings = [r.getMessage() for r in caplog.records if "not read" in r.getMessage()]
    assert len(warnings) == 1
    assert ".doc ×2" in warnings[0] and "CNKI" in warnings[0] and "OCR" in warnings[0]


def test_a_docx_or_pdf_named_directly_is_read_not_called_binary(tmp_path):
    docs = load_corpus([FORMATS / "tangyin.docx", FORMATS / "tangyin_2col.pdf"], manifest=FORMATS / "manifest.csv")
    assert list(docs["format"]) == ["docx", "pdf"]
    assert not docs.attrs["skipped"]


@pytest.mark.parametrize("doc_id, title, source, date, precision, place, level", [
    ("tangyin.txt", "", "安阳日报", "2021-06-18", "day", "汤阴县", "county"),
    ("tangyin_web", TITLE, "安阳日报", "2021-06-18", "day", "汤阴县", "county"),       # page metadata
    ("tangyin_saved", TITLE, "安阳日报", "2021-06-18", "day", "", ""),                  # not in the manifest
    ("tangyin.docx", TITLE, "汤阴县纪委监委（Word 稿）", "2021-06", "month", "汤阴县", "county"),
    ("tangyin_2col", TITLE, "安阳日报（PDF 版）", "2021-06-18", "day", "汤阴县", "county"),
    ("export_cnki/1", TITLE, "安阳日报", "2021-06-18", "day", "汤阴县", "county"),      # 2021年6月18日, 县级
    ("export_cnki/3", "充分发挥巡察利剑作用", "平顶山日报", "2023-03-20", "day", "平顶山市", "city"),  # 地级市
    ("export_wechat/r0001", TITLE, "清风汤阴（微信公众号）", "2021-06-21", "day", "汤阴县", "county"),  # a datetime cell
    ("export_wechat/r0002", '奏好"四部曲"推动巡察工作高质量发展', "清风郾城（微信公众号）", "2021-06-25", "day", "郾城区",
     "district"),
    ("articles/ay-2523", TITLE, "安阳日报", "2021-06-18", "day", "汤阴县", "county"),
    ("briefing_table", "县委巡察办通报第三轮巡察反馈情况", "汤阴县委巡察办", "2021", "year", "汤阴县", "county"),
])
def test_metadata_from_the_page_the_row_and_the_manifest(docs, doc_id, title, source, date, precision, place, level):
    d = docs.loc[doc_id]
    assert (d["title"], d["source"], d["date"], d["date_precision"]) == (title, source, date, precision)
    assert (d["place"], d["admin_level"], d["script"]) == (place, level, "simplified")


@pytest.mark.parametrize("doc_id", sorted(SAME_REPORT))
def test_the_same_report_reads_to_the_same_text_in_every_format(docs, doc_id):
    assert docs.loc[doc_id, "format"] == SAME_REPORT[doc_id]
    assert squeeze(docs.loc[doc_id, "text"]) == squeeze(docs.loc["tangyin.txt", "text"])


def test_web_page_drops_navigation_scripts_and_footer(docs):
    text = docs.loc["tangyin_web", "text"]
    for furniture in ("首页", "政务公开", "搜索", "巡察统计", "访问量统计", "相关阅读", "ICP备", "分享到", "字体"):
        assert furniture not in text, furniture
    assert text.startswith(TITLE + "\n\n——十三届汤阴县委巡察工作纪实\n\n□本报记者 郭凡\n\n")
    assert docs.loc["tangyin_web", "date_source"] == "page metadata"


def test_two_column_pdf_is_read_column_by_column(docs):
    paras = [p for p in docs.loc["tangyin_2col", "text"].split("\n\n") if p.strip()]
    expected = [squeeze(p) for p in docs.loc["tangyin_web", "text"].split("\n\n") if p.strip()]
    assert [squeeze(p) for p in paras] == expected  # paragraphs whole and in order, across columns and pages
    spans = json.loads(docs.loc["tangyin_2col", "spans"])
    assert {w.split(",")[0] for *_, w in spans} == {"page 1", "page 2"}


def test_docx_keeps_paragraph_order_and_tables_as_text_tables(docs):
    text = docs.loc["briefing_table", "text"]
    assert text.split("\n\n")[:3] == ["县委巡察办通报第三轮巡察反馈情况",
                                      "近日，县委第三轮巡察反馈工作全部完成。本轮巡察共发现问题186个，移交问题线索12件，已立行立改43项。",
                                      "各被巡察单位发现问题情况如下："]
    assert ("| 被巡察单位 | 发现问题（个） | 移交线索（件） |\n| 县发展改革委 | 38 | 3 |\n| 县住建局 | 52 | 5 |\n"
            "| 城关镇 | 96 | 4 |") in text
    assert text.rstrip().endswith("整改情况向社会公开。")


def test_spans_index_the_extracted_text_and_the_hash_is_the_files(formats):
    for rec in formats.to_dict("records"):
        assert rec["sha256"] == hashlib.sha256(Path(rec["path"]).read_bytes()).hexdigest()
        spans = json.loads(rec["spans"])
        if rec["format"] == "txt":
            assert spans == []
            continue
        assert spans, rec["doc_id"]
        for start, end, kind, where in spans:
            piece = rec["text"][start:end]
            assert piece == piece.strip() and piece, (rec["doc_id"], kind, where)
        assert squeeze("".join(rec["text"][s:e] for s, e, *_ in spans)) == squeeze(rec["text"])


def test_segmentation_and_metrics_match_the_txt_version(formats):
    logging.disable(logging.WARNING)
    try:
        arts = segment_documents(formats).set_index("doc_id")
        mets = extract_document_metrics(formats)
    finally:
        logging.disable(logging.NOTSET)
    base = arts.loc[["tangyin.txt"]]
    figures = {d: Counter(zip(g["indicator"], g["value"], g["unit"])) for d, g in mets.groupby("doc_id")}
    assert sum(figures["tangyin.txt"].values()) >= 25
    for doc_id in SAME_REPORT:
        here = arts.loc[[doc_id]]
        assert len(here) == len(base) == 1, doc_id
        assert (here["title"].iat[0], here["subtitle"].iat[0], bool(here["relevant"].iat[0])) == \
            ("利剑出鞘去沉疴", "——十三届汤阴县委巡察工作纪实", True), doc_id
        assert figures[doc_id] == figures["tangyin.txt"], doc_id


def test_a_row_of_an_export_is_one_article_even_with_headlines_inside(tmp_path):
    body = ("县委第一巡察组进驻城关镇。共发现问题12个，移交问题线索2件。\n\n"
            "另讯\n\n县委第二巡察组进驻城南街道，发现问题9个。\n\n本报讯 县委召开巡察工作会议，部署第三轮巡察。")
    (tmp_path / "export.csv").write_text(f"标题,正文,日期\n巡察简讯,\"{body}\",2022-03-01\n", encoding="utf-8")
    logging.disable(logging.WARNING)
    try:
        docs = load_corpus(tmp_path)
        arts = segment_documents(docs)
    finally:
        logging.disable(logging.NOTSET)
    assert bool(docs["one_article"].iat[0]) and len(arts) == 1
    assert arts["title"].iat[0] == "巡察简讯" and arts["boundary"].iat[0] in ("known_article", "page_start", "byline")


@pytest.mark.parametrize("content, columns, expected", [
    ("标题,内容,来源\n题一,巡察组发现问题3个。,县报\n", None, ("题一", "县报")),
    ("title\ttext\tsource\n题二\t巡察组发现问题4个。\t市报\n", None, ("题二", "市报")),
    ("篇名,全文内容,报纸名称\n题三,巡察组发现问题5个。,省报\n", {"text": "全文内容", "source": "报纸名称"},
     ("题三", "省报")),
])
def test_export_columns_by_alias_or_given(tmp_path, content, columns, expected):
    from helpers.ingest.corpus import decode_bytes
    from helpers.ingest.rows import read_csv

    (doc,) = read_csv(content.encode("utf-8"), decode=decode_bytes, name="x.csv", columns=columns)
    assert (doc.meta["title"], doc.meta["source"]) == expected
    assert doc.one_article and doc.text.startswith(expected[0] + "\n\n巡察组")


def test_export_without_text_column_or_with_a_bad_value_says_where(tmp_path):
    from helpers.ingest.corpus import decode_bytes
    from helpers.ingest.rows import read_csv

    with pytest.raises(ValueError, match="no text column"):
        read_csv("标题,来源\n题,报\n".encode(), decode=decode_bytes, name="x.csv")
    with pytest.raises(ValueError, match=r"x.csv: line 3, column 'admin_level'"):
        read_csv("正文,层级\n巡察。,县级\n巡察。,村委会\n".encode(), decode=decode_bytes, name="x.csv")
    with pytest.raises(ValueError, match=r"line 2, column 'date'"):
        read_csv("正文,日期\n巡察。,去年\n".encode(), decode=decode_bytes, name="x.csv")


def test_gbk_manifest_with_chinese_values(tmp_path):
    raw = (FORMATS / "manifest.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # it really is GBK, as Excel on Chinese Windows saves it
    man = read_manifest(FORMATS / "manifest.csv").set_index("file")
    assert man.loc["tangyin.txt", ["admin_level", "date_precision", "script"]].tolist() == ["county", "day", "simplified"]
    assert man.loc["briefing_table.docx", "date_precision"] == "year"


@pytest.mark.parametrize("value, expected", [
    ("市级", "city"), ("地级市", "city"), ("县级", "county"), ("县", "county"), ("区级", "district"),
    ("省级", "province"), ("乡镇", "township"), ("国企", "soe"), ("央企", "soe"), ("高校", "university"),
    ("医院", "hospital"), ("City", "city"), ("county", "county"),
])
def test_admin_level_aliases(value, expected):
    assert normalize_value("admin_level", value) == expected


def test_manifest_value_outside_the_allowed_set_names_line_and_column(tmp_path):
    (tmp_path / "a.txt").write_text("巡察\n", encoding="utf-8")
    (tmp_path / "manifest.csv").write_text("文件名,层级,简繁\na.txt,市级,繁体\nb.txt,村委会,简体\n", encoding="gbk")
    with pytest.raises(ManifestError, match=r"line 3, column 'admin_level': '村委会' is not one of"):
        read_manifest(tmp_path / "manifest.csv")
    (tmp_path / "manifest.csv").write_text("文件名,层级,简繁\na.txt,市级,繁体\n", encoding="gbk")
    man = read_manifest(tmp_path / "manifest.csv")
    assert man.loc[0, ["file", "admin_level", "script"]].tolist() == ["a.txt", "city", "traditional"]


@pytest.mark.parametrize("value, expected", [
    ("2021-06-18", ("2021-06-18", "day")), ("2021/6/8", ("2021-06-08", "day")), ("2021.06.18", ("2021-06-18", "day")),
    ("2021年6月18日", ("2021-06-18", "day")), ("20210618", ("2021-06-18", "day")),
    ("2021-06-18T08:30:00+08:00", ("2021-06-18", "day")), ("2021年6月", ("2021-06", "month")),
    ("2021", ("2021", "year")), ("", ("", "")),
])
def test_dates_normalised(value, expected):
    assert normalize_date(value) == expected


def test_registry_and_headers():
    assert reader_for("a.HTML")[0] == "html" and reader_for("a.txt") is None
    assert {".html", ".docx", ".pdf", ".csv", ".xlsx", ".jsonl"} <= READ_SUFFIXES
    assert not READ_SUFFIXES & set(CONVERT_ADVICE)
    assert [canonical_header(h) for h in ("标题", "正文", "内容", "来源", "日期", "地区", "层级")] == \
        ["title", "text", "text", "source", "date", "place", "admin_level"]


def test_cli_corpus_reads_every_format(tmp_path):
    out = tmp_path / "documents.csv"
    assert main(["corpus", str(FORMATS), "--out", str(out), "-q"]) == 0
    import pandas as pd

    table = pd.read_csv(out, dtype=str)
    assert len(table) == 13 and set(table["format"]) >= {"pdf", "docx", "html", "xlsx"}


def test_txt_only_corpus_keeps_its_columns(tmp_path):
    shutil.copy(FORMATS / "tangyin.txt", tmp_path / "a.txt")
    docs = load_corpus(tmp_path)
    assert "format" not in docs.columns and "spans" not in docs.columns
