"""Pipeline behaviour on bad or unusual pages, through the CLI a user would call."""
from __future__ import annotations

import logging

import pandas as pd

from helpers.cli import main
from helpers.ingest.corpus import load_corpus
from helpers.pipeline import extract_document_metrics, segment_documents


def test_page_without_boundaries_is_one_article_with_warning(tmp_path, caplog):
    (tmp_path / "p.txt").write_text("巡察工作取得成效。市委巡察组发现问题12个，已完成整改10个。\n巡察组表示将持续推进整改。",
                                    encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        arts = segment_documents(load_corpus(tmp_path))
    assert len(arts) == 1 and bool(arts.loc[0, "relevant"])
    assert "no article boundary" in caplog.text


def test_page_empty_after_cleaning_is_skipped_with_warning(tmp_path, caplog):
    (tmp_path / "nav.txt").write_text("首页 新闻 要闻 通知公告 视频\n编辑：张三\n版权所有 某某网\n", encoding="utf-8")
    (tmp_path / "ok.txt").write_text("县委巡察组发现问题3个，巡察整改持续推进。", encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        arts = segment_documents(load_corpus(tmp_path))
    assert arts["doc_id"].tolist() == ["ok"]
    assert "nav.txt: nothing left after cleaning" in caplog.text


def test_page_without_xuncha_gives_warning_and_no_metrics(tmp_path, caplog):
    (tmp_path / "fire.txt").write_text("全县开展防火巡查\n本报讯 消防大队组织防火巡查，检查单位32家，排查隐患5处。",
                                       encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        docs = load_corpus(tmp_path)
        mets = extract_document_metrics(docs)
    assert mets.empty
    assert "no 巡察 text" in caplog.text
    assert len(extract_document_metrics(docs, relevant_only=False)) == 2


def test_cli_segment_and_metrics_skip_bad_files(tmp_path, raw_dir):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "bin.txt").write_bytes(bytes(range(256)))
    (corpus / "good.txt").write_text((raw_dir / "004_a0103a6b34b63d51.txt").read_text(encoding="utf-8"),
                                     encoding="utf-8")
    assert main(["segment", str(corpus), "--out", str(tmp_path / "a.csv")]) == 0
    assert main(["metrics", str(corpus), "--out", str(tmp_path / "m.parquet"), "--all-articles"]) == 0
    arts = pd.read_csv(tmp_path / "a.csv")
    assert set(arts["doc_id"]) == {"good"} and arts["relevant"].sum() == 1
    assert len(pd.read_parquet(tmp_path / "m.parquet")) > 30


def test_cli_help_lists_commands(capsys):
    import pytest

    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for cmd in ("corpus", "segment", "metrics", "run", "report"):
        assert cmd in out


def test_rule_files_of_a_rules_dir_reach_every_stage(tmp_path):
    """BuildConfig.rules_dir: a file there replaces the packaged one in cleaning, relevance and the figures
    (here a units file without 个: figures counted in 个 are no longer figures)."""
    from helpers.core.config import PACKAGE_DATA_DIR, BuildConfig
    from helpers.pipeline import process_documents

    rules = tmp_path / "rules"
    rules.mkdir()
    lines = (PACKAGE_DATA_DIR / "units.csv").read_text(encoding="utf-8").splitlines()
    (rules / "units.csv").write_text("\n".join(l for l in lines if not l.startswith("个,")) + "\n", encoding="utf-8")
    cfg = BuildConfig(rules_dir=str(rules), n_jobs=1)
    files = cfg.rule_files()
    assert files["units_file"] == str(rules / "units.csv")
    assert files["rules_file"] == str(PACKAGE_DATA_DIR / "indicators.csv")  # not replaced: the packaged one
    text = ("县委巡察组进驻乡镇开展巡察\n县委第一巡察组对12个村开展巡察，发现问题35个，移交问题线索4件。"
            "巡察期间共开展个别谈话120人次，县委巡察办督促整改到位。")
    docs = pd.DataFrame({"doc_id": ["d"], "file": ["d.txt"], "text": [text]})
    default = process_documents(docs, BuildConfig(n_jobs=1))[1]
    own = process_documents(docs, cfg)[1]
    assert "个" in set(default["unit"]) and "个" not in set(own["unit"])
    assert set(own["unit"]) >= {"件", "人次"}
