"""Research tables (issue 15): metadata on every figure, tidy and wide indicator tables, ratios within one report
and one round with the stated rate checked, totals never added to their parts."""
from __future__ import annotations

import pandas as pd

from helpers.compare.comparison import indicator_ratios, tidy_indicators, wide_indicators
from helpers.figures.metrics import extract_metrics

DOCS = pd.DataFrame({"doc_id": ["a", "b"], "place": ["某市", "某县"], "admin_level": ["city", "county"],
                     "province": ["四川", "四川"], "date": ["2023-05", "2021"], "source": ["某某日报", "某县报"]})


def _metrics(doc_id: str, text: str) -> pd.DataFrame:
    m = extract_metrics(text)
    return m.assign(doc_id=doc_id, article=1)


def test_ratios_stay_within_one_round_and_check_the_stated_rate():
    text = ("第一轮巡察共发现问题120个，已整改114个，整改率为95%。"
            "第二轮巡察发现问题200个，已整改150个，整改率为90%。")
    ratios = indicator_ratios(_metrics("a", text), DOCS)
    rect = ratios[ratios["ratio"] == "rectification_rate_computed"].reset_index(drop=True)
    assert rect[["numerator", "denominator"]].values.tolist() == [[114, 120], [150, 200]]  # never 114 of 200
    assert rect["stated"].tolist() == [95, 90]
    assert rect["stated_vs_computed"].tolist() == ["agrees", "disagrees by -15.0"]
    assert rect["place"].tolist() == ["某市", "某市"]


def test_a_stated_rate_without_counts_is_kept_as_stated_only():
    ratios = indicator_ratios(_metrics("b", "五年来，巡察反馈问题整改完成率为93.65%。"), DOCS)
    assert ratios["stated_vs_computed"].tolist() == ["stated only"] and ratios["value"].isna().all()


def test_tidy_and_wide_tables_carry_metadata_and_never_add_parts_to_totals():
    text = "2023年共巡察党组织77个，其中乡镇3个、村41个；发现问题1139个。"
    metrics = _metrics("a", text)
    tidy = tidy_indicators(metrics, DOCS)
    assert {"place", "admin_level", "province", "year", "source", "indicator_zh", "is_total"} <= set(tidy.columns)
    assert tidy.loc[tidy["indicator"] == "problems_found", "indicator_zh"].iloc[0] == "发现问题"
    parts = tidy[~tidy["is_total"]]
    assert len(parts) >= 1 and parts["part_of"].notna().all()
    wide = wide_indicators(tidy)
    assert len(wide) == 1 and wide.loc[0, "orgs_inspected"] == 77 and wide.loc[0, "problems_found"] == 1139
    assert wide.loc[0, "parts_left_out"] == len(parts)


def test_tables_without_the_flag_columns_still_work():
    metrics = _metrics("a", "发现问题120个，已整改114个。").drop(columns=["part_of", "repeat_of", "kind", "period"])
    assert len(indicator_ratios(metrics, DOCS)) == 1
    assert len(wide_indicators(tidy_indicators(metrics, DOCS))) == 1
