"""Relevance: the transparent term score on invented articles."""
from __future__ import annotations

from helpers.pages.relevance import score_text

XUNCHA = ("县委第二巡察组进驻县卫健局开展常规巡察。巡察组通过个别谈话、调阅资料等方式，发现问题23个，"
          "移交问题线索4件。被巡察单位党组织对照巡察反馈意见逐项整改，巡察整改取得阶段性成效。")
XUNSHI = ("省委第一巡视组向某市委反馈巡视情况。巡视组指出，该市落实全面从严治党主体责任还有差距。"
          "市委表示，将把巡视整改作为重大政治任务，统筹推进巡视巡察上下联动，确保巡视反馈问题件件有着落。")
PATROL = "镇政府组织开展防火巡查和安全巡查，共巡查重点部位36处，消除隐患12处。"


def test_an_inspection_report_is_relevant_and_says_why():
    rel = score_text(XUNCHA, "县委巡察组进驻卫健局")
    assert rel.relevant and rel.score >= 6
    assert "巡察×" in rel.terms


def test_an_article_about_provincial_xunshi_is_not_relevant():
    assert not score_text(XUNSHI, "省委巡视组反馈巡视情况").relevant


def test_patrols_are_not_inspection_tours():
    assert not score_text(PATROL, "开展防火安全巡查").relevant


def test_a_passing_mention_is_not_enough():
    text = "今年以来，某镇大力发展民宿产业，接待游客3万人次，带动村民增收。" * 6 + "镇党委还配合县委巡察组完成了相关工作。"
    assert not score_text(text, "民宿产业激活乡村").relevant


def test_a_xunshi_report_that_mentions_xuncha_teams_is_not_relevant_its_title_counts():
    """A 巡视 launch report that 巡视带巡察 (the inspected units set up 巡察组): 巡视 in the title and body
    outnumbers 巡察 more than twice."""
    text = ("本轮巡视工作近日启动，共组建12个巡视组，将对8个县区开展常规巡视。巡视组进驻后设立举报电话。"
            "本轮巡视坚持巡视带巡察，带动被巡视党组织成立巡察组，对所管理的部门开展巡察，"
            "巡察干部随巡视组学习，期间受理群众来信来访。")
    assert text.count("巡视") == 2 * text.count("巡察")  # the body alone is on the line
    assert not score_text(text, "十三届省委第四轮巡视工作启动").relevant


def test_the_control_yuan_inspecting_the_executive_yuan_is_not_party_inspection():
    text = ("监察院年度巡察行政院会议今天上午举行，行政院长与各部会首长出席。监察院院长表示，监察委员到地方巡察，"
            "了解施政情况，本次巡察所提问题汇集监察院年度调查案和审计部建议。行政院长回应，行政院将研议改进。"
            "监察院也谈到预算问题，监委到地方巡察的交通费、住宿费不足。")
    assert not score_text(text, "监察院巡察行政院").relevant


def test_control_yuan_members_touring_a_county_are_not_party_inspection():
    """Without 监察院 in the text: 巡察委员 on tour and 陈情 name the Control Yuan's practice."""
    text = ("本院地方机关巡察第二组巡察委员王委员、李委员，于本月十日至十一日赴某县巡察，除于县政府受理民众陈情外，"
            "并勘察排水改善工程，实地了解工程进度延宕原因及经费运用情形；下午巡察工业区，听取简报及厂商意见。")
    assert not score_text(text, "监委巡察某县").relevant
    party = ("县委第二巡察组进驻某镇开展巡察，巡察期间受理群众来信来访23件，巡察组组长表示，将把巡察发现的问题"
             "及时反馈，督促整改落实。")
    assert score_text(party, "县委巡察组进驻某镇").relevant


def test_inspection_named_by_no_party_body_nor_its_terms_is_not_party_inspection():
    """巡察 many times, but no Party body (县委, 党组, 巡察组 …) and none of the work's own terms (专项巡察, 问题线索 …):
    a tour of another kind (here a Control Yuan team, written without the words the dictionary weighs)."""
    tour = ("某机关年度地方巡察团11日、12日前往东引巡察。巡察团由委员二人、秘书四人组成，11日下午受理民众意见。"
            "本次巡察主要了解海巡业务执行状况，12日安排实地巡察坑道养殖情形，巡察结束后返回。")
    assert not score_text(tour).relevant
    # a county's inspection that names no committee but speaks of its special inspections is Party inspection
    county = ("巡察工作开展以来，某县已对7个乡镇、15个行业扶贫部门开展脱贫攻坚专项巡察，发现问题247个，"
              "整改问题247个，移交问题线索18件。该县紧盯扶贫领域易发多发问题，深入开展巡察。")
    assert score_text(county).relevant


def test_rules_of_a_control_yuan_tour_are_not_party_inspection():
    """巡察辦理情形 (how tours were handled) is no 巡察办, and 巡察工作报告 of a tour names no Party body."""
    rules = ("各委员会及各巡察责任区秘书应于每次巡察结束后，撰写巡察报告，并刊登于本院网站。全年度之巡察办理情形，"
             "应提报本院年度工作检讨会。每年年底前提出全年巡察工作报告，中央及地方机关巡察，系撰写巡察报告。")
    assert not score_text(rules).relevant
    assert "巡察办理×1" in score_text(rules).terms
