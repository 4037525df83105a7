"""Metric extraction on single invented sentences: which indicator a figure gets, and what is not a figure."""
from __future__ import annotations

import pytest

from helpers.figures.metrics import extract_metrics


def indicator_of(sentence: str, value: float) -> str | None:
    """The indicator given to the figure with ``value`` in ``sentence`` (None if it is not reported)."""
    rows = extract_metrics(sentence)
    hits = rows[rows["value"] == value]
    return hits["indicator"].iloc[0] if len(hits) else None


@pytest.mark.parametrize("sentence, value, indicator", [
    ("今年共发现问题900个，其中党的领导方面问题210个、党的建设方面问题330个和全面从严治党方面问题360个。", 330,
     "problems_found"),
    ("全年发现问题520个，分别为组织建设问题120个、作风问题150个和廉洁问题250个。", 250, "problems_found"),
    ("巡察发现该局在工程管理等方面存在问题23个。", 23, "problems_found"),
    ("从回头看情况看，上述单位共需整改问题64个，已完成整改60个。", 64, "problems_found"),
    ("从回头看情况看，上述单位共需整改问题64个，已完成整改60个。", 60, "problems_rectified"),
    ("截至目前，巡察反馈的430个问题已整改401个。", 430, "problems_found"),
    ("截至目前，巡察反馈的430个问题已整改401个。", 401, "problems_rectified"),
    ("建立巡察人才库，入库人员达到350名。", 350, "inspection_staff"),
    ("每个巡察组一般配备5至7名干部。", 5, None),  # a range per team: not reported (kind range)
    ("移交问题线索40件，其中涉及科级干部线索9件。", 9, "clues_transferred"),
    ("巡察期间列席被巡察单位会议35次。", 35, "other"),
    ("县委书记先后4次赴被巡察单位督导整改。", 4, "other"),
    ("巡察组每轮进驻时间为25天左右。", 25, "inspection_duration"),
    ("该村有2笔集体收入共计4.5万元未及时入账。", 45000, "funds_involved"),
    ("该院违规结算医疗费用120万元。", 1200000, "funds_involved"),
    ("县委已累计巡察村党组织150个，占全县行政村总数的80%。", 80, "coverage_rate"),
    ("对全县18个乡镇（街道）中的6个乡镇党委开展巡察。", 18, "other"),
    ("对全区9个乡镇（街道）及其所辖的40个村开展专项巡察。", 9, "townships_inspected"),
    ("巡察组延伸走访了某镇等2个乡镇的7个贫困村。", 7, "other"),
    ("对整改不力的，共问责党组织6个、党员干部27人。", 27, "accountability"),
    ("问责18人，其中科级干部7人。", 7, "accountability"),
    ("移交问题线索33件，其中涉及村干部线索21件。", 21, "clues_transferred"),
    ("巡察发现该村将扶贫专项资金8.2万元挪用于修建村委会围墙。", 82000, "funds_involved"),
    ("从类型看，落实党中央决策部署方面的问题120个，党的建设方面的问题98个。", 98, "problems_found"),
    ("巡察发现管网老化、维修不及时等问题31个。", 31, "problems_found"),
    ("通过大数据比对，筛查出疑似问题线索近200条。", 200, "other"),
    ("发现问题150个,已整改140个,整改率93.3%.对尚未完成整改的问题,实行台账管理.", 140, "problems_rectified"),
    ("全年共发现问题210个.其中,党的领导方面60个,党的建设方面70个.", 60, "problems_found"),
])
def test_indicator_rules(sentence, value, indicator):
    assert indicator_of(sentence, value) == indicator


@pytest.mark.parametrize("sentence, value", [
    ("截至目前，前三轮巡察反馈的问题已全部整改。", 3),       # a reference to earlier rounds, not a count
    ("推广“1+N”工作法，即1个巡察组联系N个镇街。", 1),        # a working formula
    ("明年，我们计划开展4轮常规巡察。", 4),                    # a plan
    ("紧紧围绕党的领导、党的建设、全面从严治党三个方面开展监督。", 3),  # the standard formula
    ("上述两轮巡察反馈的问题已全部整改。", 2),                 # a reference
])
def test_not_reported(sentence, value):
    assert value not in set(extract_metrics(sentence)["value"])


def test_changci_is_one_unit():
    rows = extract_metrics("开展警示教育活动12场次。")
    assert rows.loc[rows["value"] == 12, "unit"].tolist() == ["场次"]


TABLE_PAGE = """各轮巡察情况如下：
| 轮次 | 巡察对象 | 被巡察党组织（个） | 发现问题（个） | 移交线索（件） | 整改率 |
| --- | --- | --- | --- | --- | --- |
| 第一轮 | 市直部门 | 12 | 140 | 6 | 97.5% |
| 第二轮 | 镇街 | 8 | 77 | 2 | 95.0% |
| 合计 | — | 20 | 217 | 8 | 96.5% |
"""


def test_text_tables_are_read_cell_by_cell():
    from helpers.pages.cleaning import clean_text

    clean = clean_text(TABLE_PAGE)
    assert "| 轮次 |" not in clean.text and "|轮次|巡察对象|" in clean.text  # the header is kept, not navigation
    assert "---" not in clean.text  # the rule under the header is dropped
    rows = extract_metrics(clean.text)
    got = {(r.indicator, r.value, r.unit) for r in rows.itertuples()}
    assert {("orgs_inspected", 12, "个"), ("problems_found", 140, "个"), ("clues_transferred", 6, "件"),
            ("rectification_rate", 97.5, "%"), ("townships_inspected", 8, "个"), ("orgs_inspected", 20, "个"),
            ("problems_found", 217, "个")} <= got
    cell = rows[rows["value"] == 140].iloc[0]
    assert clean.text[cell["start"]:cell["end"]] == "140"  # offsets point at the cell


def test_a_plan_does_not_hide_what_is_done():
    rows = extract_metrics("今年计划开展巡察3轮，已完成2轮。")
    assert 2 in set(rows["value"]) and 3 not in set(rows["value"])


def test_times_is_a_unit():
    assert extract_metrics("查处问题数是上年的2.4倍。")["unit"].tolist() == ["倍"]


def test_muqian_is_not_a_reference_to_earlier_rounds():
    assert 3 in set(extract_metrics("目前3轮巡察已全部结束。")["value"])


def test_table_cells_with_their_own_unit_are_read_as_prose():
    rows = extract_metrics("|轮次|发现问题|\n|第二轮|镇街15个|\n")
    assert rows["value"].tolist() == [15]


def test_a_dot_in_a_web_address_does_not_end_the_sentence():
    rows = extract_metrics("详见www.gov.cn。巡察发现问题5个。")
    assert rows["sentence"].tolist() == ["巡察发现问题5个"]


@pytest.mark.parametrize("sentence, value", [
    ("该县推行三项机制，落实四个到位，巡察整改有序推进。", 3),        # numbered formulas
    ("该县推行三项机制，落实四个到位，巡察整改有序推进。", 4),
    ("某某县委第二巡察组在巡察某镇时发现问题。", 2),                  # an ordinal inside a body name stays out
    ("县委巡察三组向某镇党委反馈了巡察意见。", 3),                    # a team named by its number
    ("对区委一二三轮巡察的被巡察单位开展整改督查。", 3),               # rounds enumerated digit by digit
    ("巡察组发现问题七八个，正在核实。", 8),                          # an estimate
    ("村民说前两天试用的时候已经通水了。", 2),                        # a time in the story, not a span
    ("１５８７个行政村总面积１32万平方公里。", 1587),                  # the size of a place
    ("聚居汉、回、藏、土、撒拉等19个民族。", 19),
    ("今年年底前将对下属两家子公司开展专项巡察。", 2),                # a deadline ahead: a plan
    ("中央纪委二次、三次、四次全会均对村级巡察作出部署。", 3),         # a list of plenary sessions
    ("八轮巡察发现的问题已全部整改到位。", 8),                        # rounds named, not counted
    ("全市辖11个镇街道，常住人口45万。", 11),                          # background facts
    ("该县作为全省5个试点县之一，率先开展村级巡察。", 5),
    ("经研究，拟给予党纪处分2人。", 2),                               # a plan
    ("确保年底前整改完成率达到95%。", 95),                            # a target
    ("五台县委巡察组到乡里走访。", 5),                                 # a place name
])
def test_not_reported_real_shapes(sentence, value):
    assert value not in set(extract_metrics(sentence)["value"])


@pytest.mark.parametrize("sentence, value", [
    ("今年共开展八轮巡察，发现问题215个。", 8),          # rounds counted with a verb
    ("对9个乡镇及所辖的61个村开展巡察。", 61),            # 所辖 is no background
    ("共有村干部27人参加座谈。", 27),
])
def test_still_reported(sentence, value):
    assert value in set(extract_metrics(sentence)["value"])


@pytest.mark.parametrize("sentence, value", [
    ("乡镇改革后，全县涉及1200个村民小组、45万人口。", 1200),            # a place's size
    ("乡镇改革后，全县涉及1200个村民小组、45万人口。", 450000),
    ("某省共有行政村2.1万个，发展水平不一。", 21000),
    ("某市辖8个镇（街道），共120个社区，其中农村社区70个。", 120),    # the sentence opens with 辖
    ("某市辖8个镇（街道），共120个社区，其中农村社区70个。", 70),
    ("该镇三套领导班子成员参加动员会。", 3),                           # a name
    ("巡察采取交叉方式，开展为期两个半月的常规巡察。", 2),             # 两个半月 is no count of 个
    ("经过三个月努力整改，取得阶段性成效。", 3),                       # a narrative span
    ("启动为期三个月的集中整改。", 3),                                 # the length of other work
])
def test_background_names_and_spans_not_reported(sentence, value):
    assert value not in set(extract_metrics(sentence)["value"])


def test_work_in_batches_with_its_purpose_is_a_plan():
    sentence = "抽调人员成立巡察组，分两轮对全县120个村开展巡察，确保实现村级巡察全覆盖。"
    every = extract_metrics(sentence, kinds="all")
    assert set(every["kind"]) == {"plan"} and len(extract_metrics(sentence)) == 0
    done = extract_metrics("今年已分两轮对全县120个村开展巡察，确保实现全覆盖。")
    assert 120 in set(done["value"])
