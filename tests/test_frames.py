"""The figure's frame (governing verb, head noun, unit) and the indicator it names, on invented sentences:
one sentence per verb class × noun class row of ``data/frames.csv`` that names an indicator, the
precedence of the noun next to the figure, the classifier, and the flags for adding figures up."""
from __future__ import annotations

import pytest

from helpers.figures.frames import FrameModel, decide, frame_features, lexicon_indicator, load_model, read_frame
from helpers.figures.metrics import extract_metrics, find_figures


def frame_of(sentence: str, value: float):
    fig = next(f for f in find_figures(sentence) if f.value == value)
    return read_frame(sentence, fig.start, fig.end, fig.unit)


def indicator_of(sentence: str, value: float) -> str | None:
    rows = extract_metrics(sentence)
    hits = rows[rows["value"] == value]
    return hits["indicator"].iloc[0] if len(hits) else None


@pytest.mark.parametrize("sentence, value, verb_class, noun_class, indicator", [
    ("县委巡察组今年对27个县直部门开展了常规巡察。", 27, "inspect", "org", "orgs_inspected"),
    ("巡察覆盖全县31个行政村。", 31, "inspect", "village", "villages_inspected"),
    ("市委第三巡察组巡察了8个乡镇。", 8, "inspect", "township", "townships_inspected"),
    ("区委今年组建6个巡察组。", 6, "form", "team", "inspection_teams"),
    ("向县纪委监委报送问题线索14件。", 14, "transfer", "clue", "clues_transferred"),
    ("截至目前已办结问题线索11件。", 11, "conclude", "clue", "clues_concluded"),
    ("巡察组查找出基层治理领域问题37个。", 37, "find", "problem", "problems_found"),
    ("各单位已完成问题整改52个。", 52, "rectify", "problem", "problems_rectified"),
    ("巡察期间推动解决群众急难愁盼问题19个。", 19, "solve", "problem", "livelihood_issues_solved"),
    ("督促收缴违规发放的补贴资金46万元。", 460000, "recover", "money", "funds_recovered"),
    ("发现截留扶贫资金28万元未发放。", 280000, "involve", "money", "funds_involved"),
    ("巡察组查阅会议记录和账目凭证2300余份。", 2300, "review", "document", "documents_reviewed"),
    ("巡察组共受理群众来信来访86件。", 86, "receive", "petition", "petitions_received"),
    ("共收到问题线索40条。", 40, "receive", "clue", "petitions_received"),
    ("先后召开专题座谈会15次。", 15, "meet", "meeting", "meetings_held"),
    ("从各部门抽调巡察人员42名。", 42, "deploy", "staff", "inspection_staff"),
    ("对60名新入库巡察干部开展业务培训。", 60, "train", "staff", "trainees"),
    ("提出巡察意见建议73条。", 73, "propose", "recommendation", "recommendations"),
    ("推动被巡察单位建立健全制度24项。", 24, "establish", "rule", "rules_established"),
    ("共发放调查问卷1200份。", 1200, "distribute", "questionnaire", "other"),
    ("对40个单位开展巡察整改专项督查。", 40, "check", "org", "other"),
])
def test_one_sentence_per_verb_and_noun_class(sentence, value, verb_class, noun_class, indicator):
    frame = frame_of(sentence, value)
    assert (frame.verb_class, frame.noun_class) == (verb_class, noun_class)
    assert lexicon_indicator(frame)[0] == indicator
    assert indicator_of(sentence, value) == indicator


@pytest.mark.parametrize("sentence, value, indicator", [
    ("给予党纪政务处分9人。", 9, "disciplinary_sanctions"),
    ("诫勉谈话和组织处理12人。", 12, "organisational_handling"),
    ("对履职不力的问责7人。", 7, "accountability"),
    ("涉嫌犯罪移送司法机关3人。", 3, "judicial_transfers"),
    ("入户走访群众560户。", 560, "households_visited"),
    ("开展个别谈话310人次。", 310, "interviews"),
])
def test_verb_classes_decide_people_counts(sentence, value, indicator):
    assert indicator_of(sentence, value) == indicator


@pytest.mark.parametrize("sentence, value, indicator", [
    # the noun next to the figure beats 巡察组 further back in the clause
    ("县委巡察组本轮对18个市直单位党组织开展巡察。", 18, "orgs_inspected"),
    # a run of nouns: the last one heads it, a Party body takes the class of what it belongs to
    ("同步对24个社区党组织开展提级巡察。", 24, "villages_inspected"),
    ("对11个乡镇街道党委开展巡察。", 11, "townships_inspected"),
    # a list of conjuncts counted together: the last conjunct
    ("对52个乡镇、部门和企事业单位开展巡察。", 52, "orgs_inspected"),
    # a modifier chain without 的: the phrase is head-final (领域 modifies 单位)
    ("市委对9个乡村振兴领域重点单位党组织开展专项巡察。", 9, "orgs_inspected"),
    ("区委对6个民生领域重点部门开展巡察。", 6, "orgs_inspected"),
    # …but a preposition after the noun starts another phrase
    ("共组建5个巡察组对甲镇、乙镇党委开展巡察。", 5, "inspection_teams"),
    # groups of an inspection are its teams; people visited at home
    ("区委分五组对区直部门开展巡察。", 5, "inspection_teams"),
    # a verb compound is head-final: a 回头看 inspection is an inspection
    ("对某镇等3个乡镇党委进行“回头看”巡察。", 3, "townships_inspected"),
    ("巡察组对320位困难群众上门访问。", 320, "households_visited"),
    # townships that only locate the villages, units that receive something
    ("对辖区4个街道的22个村开展巡察。", 4, "other"),
    ("向96个村发放巡察公告。", 96, "other"),
    # a verb paired with the noun beats a nearer one
    ("已办结巡察移交线索21件。", 21, "clues_concluded"),
    # not a count: per team, commended
    ("每个巡察组配备4名干部。", 4, "other"),
    ("表彰优秀巡察干部15名。", 15, "other"),
])
def test_frame_precedence(sentence, value, indicator):
    assert indicator_of(sentence, value) == indicator


def test_decide_reports_its_source_and_confidence():
    frame = frame_of("巡察组查找出基层治理领域问题37个。", 37)
    assert decide(frame, "other", "unit", model=False)[2:] == ("lexicon", 0.95)
    bare = frame_of("合计37个。", 37)
    assert decide(bare, "problems_found", "problems_found#1", model=False)[:3] == ("problems_found", "problems_found#1", "rule")
    row = extract_metrics("巡察组查找出基层治理领域问题37个。").iloc[0]
    assert row["indicator_source"] == "lexicon" and not row["needs_review"]


def test_classifier_on_an_invented_model():
    """A two-class model: the weights of the frame's features decide, with a softmax probability."""
    model = FrameModel(("other", "problems_found"), (0.0, -1.0), {"nc=problem": {1: 4.0}})
    frame = frame_of("巡察组查找出基层治理领域问题37个。", 37)
    assert "nc=problem" in frame_features(frame)
    label, p = model.predict(frame)
    assert label == "problems_found" and 0.9 < p < 1
    assert decide(frame_of("合计37个。", 37), "other", "unit", model=model)[0] == "other"


def test_shipped_classifier_loads_and_is_deterministic():
    model = load_model()
    assert model is not None and "problems_found" in model.classes
    frame = frame_of("巡察发现各类问题58个。", 58)
    assert model.predict(frame) == model.predict(frame)


def test_flags_for_adding_up():
    text = ("巡察发现问题120个\n今年，县委共发现问题120个，其中党的领导方面40个。对77个单位（含3个办事处）开展巡察。"
            "前两轮巡察发现问题80个。2018年以来累计移交问题线索30件。全年发现问题120个。")
    rows = extract_metrics(text)
    assert list(rows["value"]).count(120) == 1  # the headline copy and the closing summary are repeats
    by = {v: r for v, r in zip(rows["value"], rows.to_dict("records"))}
    assert by[40]["part_of"] == by[120]["figure_id"]
    assert by[3]["part_of"] == by[77]["figure_id"]
    assert by[80]["period"] == "earlier" and by[30]["period"] == "cumulative" and by[77]["period"] == "current"
    assert set(rows["kind"]) == {"reported"}
    every = extract_metrics(text, kinds="all")
    copies = every[every["value"] == 120]
    body = copies[copies["kind"] == "reported"].iloc[0]
    assert copies["kind"].tolist() == ["repeat", "reported", "repeat"]  # headline, body, summary
    assert copies["repeat_of"].tolist()[::2] == [body["figure_id"]] * 2
    # ids count every kind, so a figure has the same id whichever kinds are returned
    assert every.set_index("start").loc[rows["start"], "figure_id"].tolist() == rows["figure_id"].tolist()


def test_flag_columns_are_nullable_integers():
    rows = extract_metrics("共发现问题12个，其中党的建设方面5个。")
    assert {str(rows[c].dtype) for c in ("figure_id", "part_of", "repeat_of")} == {"Int64"}
    assert rows["part_of"].tolist()[1] == rows["figure_id"].tolist()[0] and rows["part_of"].isna().tolist()[0]
    assert str(extract_metrics("没有数字。")["part_of"].dtype) == "Int64"


@pytest.mark.parametrize("sentence, value, kind", [
    ("明年，县委计划开展巡察4轮。", 4, "plan"),
    ("经研究，拟给予党纪处分2人。", 2, "plan"),
    ("力争对全县21个村实现巡察全覆盖。", 21, "plan"),
    ("确保年底前整改完成率达到95%。", 95, "target"),
    ("今年计划开展巡察3轮，已完成2轮。", 2, "reported"),
    ("本轮巡察将对12个单位开展常规巡察。", 12, "reported"),  # a round announced as it starts: its facts
])
def test_planned_and_pledged_figures_are_flagged_not_lost(sentence, value, kind):
    every = extract_metrics(sentence, kinds="all")
    assert every.loc[every["value"] == value, "kind"].tolist() == [kind]
    assert (value in set(extract_metrics(sentence)["value"])) == (kind == "reported")
    assert (value in set(extract_metrics(sentence, kinds=("reported", kind))["value"]))


def test_repeats_of_one_sentence_are_parallel_statements():
    text = "对甲县5个乡镇10个村、乙县5个乡镇10个村开展巡察。组建6个巡察组。目前，6个巡察组已全部进驻。"
    every = extract_metrics(text, kinds="all")
    assert every.loc[every["value"] == 10, "kind"].tolist() == ["reported", "reported"]
    assert every.loc[every["value"] == 6, "kind"].tolist() == ["reported", "repeat"]


def test_equal_figures_of_different_rounds_are_not_repeats():
    text = ("5月份，县委第十一轮巡察派出六个巡察组开展为期40天的巡察。"
            "10月份，县委第十三轮巡察派出六个巡察组开展为期40天的巡察。"
            "目前，六个巡察组已全部进驻。")
    every = extract_metrics(text, kinds="all")
    assert every.loc[every["value"] == 6, "kind"].tolist() == ["reported", "reported", "repeat"]
    assert every.loc[every["value"] == 40, "kind"].tolist() == ["reported", "reported"]


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="kind"):
        extract_metrics("发现问题5个。", kinds=("planned",))


def test_build_config_and_cli_switch_keep_unreported_figures(tmp_path):
    import pandas as pd

    from helpers.cli import main
    from helpers.core.config import BuildConfig
    from helpers.pipeline import extract_document_metrics

    text = "县委巡察工作综述\n今年县委巡察发现问题12个，移交问题线索3件。明年计划开展巡察4轮，确保整改率达到98%。\n"
    docs = pd.DataFrame({"doc_id": ["a"], "file": ["a.txt"], "text": [text]})
    plain = extract_document_metrics(docs, relevant_only=False, config=BuildConfig(n_jobs=1))
    every = extract_document_metrics(docs, relevant_only=False, config=BuildConfig(n_jobs=1, include_unreported=True))
    assert set(plain["kind"]) == {"reported"} and {"plan", "target"} <= set(every["kind"])
    assert str(every["part_of"].dtype) == "Int64"
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "a.txt").write_text(text, encoding="utf-8")
    for flag, kinds in (([], {"reported"}), (["--all-kinds"], {"reported", "plan", "target"})):
        out = tmp_path / "m.csv"
        assert main(["metrics", str(tmp_path / "pages"), "--all-articles", "--out", str(out), *flag]) == 0
        assert set(pd.read_csv(out)["kind"]) == kinds


@pytest.mark.parametrize("sentence, value, indicator", [
    ("巡察期间共处置问题线索58件。", 58, "clues_concluded"),                       # 处置: a conclude verb
    ("县纪委共办理巡察移交问题线索12件。", 12, "clues_concluded"),                  # 办理 + lead
    ("巡察组共收集群众急难愁盼问题15个。", 15, "problems_found"),                   # collected = found
    ("巡察中发现并处理即知即改问题37个。", 37, "immediate_fixes"),                  # the modifier names the kind
    ("向被巡察单位提出立行立改建议11个。", 11, "immediate_fixes"),
    ("对50个班子弱、项目多、信访突出的重点村开展巡察。", 50, "villages_inspected"),  # a long modifier closed by 的
    ("向甲村、乙村、丙社区等3个党组织反馈巡察意见。", 3, "villages_inspected"),      # the names listed say what
    ("开展两轮常规巡察和一轮民生领域专项巡察。", 1, "inspection_rounds"),           # 轮 counts rounds, not 领域
])
def test_frame_classes_from_real_shapes(sentence, value, indicator):
    assert indicator_of(sentence, value) == indicator


@pytest.mark.parametrize("sentence, value", [
    ("每个巡察组配备2名副组长。", 2),                              # 每: a rate, not a count of staff
    ("平均每个村发现问题5.6个。", 5.6),
    ("开展谈话提醒9人次。", 9),                                    # an admonition, not an interview
    ("工程方已向项目涉及的甲镇农户发放补偿款共计8万元。", 80000),  # 涉及的 modifies 甲镇, not the money
])
def test_frames_that_name_no_indicator(sentence, value):
    assert indicator_of(sentence, value) == "other"


def test_a_passive_participle_stays_in_the_noun_phrase():
    text = "巡察组向甲村、乙村等2个党组织反馈意见。会上，2个被巡察村级党组织负责人作表态发言。"
    every = extract_metrics(text, kinds="all")
    assert every["indicator"].tolist() == ["villages_inspected"] * 2
    assert every["kind"].tolist() == ["reported", "repeat"]


# ----------------------------------------------------------------------------- generalisation (issue 14, dev2)
@pytest.mark.parametrize("sentence, value, indicator", [
    # firms, schools and school districts are units inspected, counted with 户, 所 or 个
    ("省国资委巡察组进驻甲公司、乙公司等9户企业开展巡察。", 9, "orgs_inspected"),
    ("本轮还延伸巡察5个学区和11所小学。", 5, "orgs_inspected"),
    ("本轮还延伸巡察5个学区和11所小学。", 11, "orgs_inspected"),
    # teams that go into units: the units are inspected
    ("县委成立4个巡察组，深入到甲局、乙局、丙局三个单位。", 3, "orgs_inspected"),
    # reports received as leads are petitions received
    ("巡察期间接受群众信访举报线索27条。", 27, "petitions_received"),
    # a combined handling led by a sanction counts as sanctions
    ("对相关责任人给予党政纪及组织处理64人。", 64, "disciplinary_sanctions"),
    # categories counted between a relative clause and the figure: the last count is the problems
    ("该局党组对巡察组指出存在的4大方面17个问题逐一整改。", 17, "problems_found"),
    # the rectification named after 的 is a topic: the problems and units were found and inspected
    ("巡察回访时，专班对该乡3大类9个方面31个问题及12个村级党组织58个问题的整改情况进行了核查。", 31, "problems_found"),
    ("巡察回访时，专班对该乡3大类9个方面31个问题及12个村级党组织58个问题的整改情况进行了核查。", 12, "villages_inspected"),
    # 被巡察 in the noun phrase: inspected even after 向
    ("区委巡察组向27家被巡察单位党组织反馈了意见。", 27, "orgs_inspected"),
    # a reprimand or a rectification still under way names no indicator
    ("对5人批评教育，正在整改问题4个。", 4, "other"),
    # an OCR line wrap inside a sentence does not cut the frame
    ("医院党委高度重视，对巡察组反馈\n的27项具体问题逐项研究。", 27, "problems_found"),
])
def test_frames_generalise_to_new_shapes(sentence, value, indicator):
    assert indicator_of(sentence, value) == indicator


@pytest.mark.parametrize("sentence, value", [
    ("全区坚持“巡察一轮、反馈一轮”，也做到巡察一轮、整改一轮。", 1),       # a parallel formula
    ("我们坚持抓实两项创新，以四个强化为抓手。", 2),                          # numbered work formulas
    ("我们坚持抓实两项创新，以四个强化为抓手。", 4),
])
def test_formulas_are_not_figures(sentence, value):
    assert indicator_of(sentence, value) is None


def test_a_planned_case_in_its_own_clause_is_a_plan_not_the_clause_before():
    rows = extract_metrics("共发现问题线索12条，立案4起，拟立案6起，移送司法机关2人。", kinds="all")
    kinds = dict(zip(rows["value"], rows["kind"]))
    assert kinds[6] == "plan" and kinds[4] == "reported" and kinds[2] == "reported"


def test_flags_are_linear_and_unchanged_on_a_page_without_line_breaks():
    page = "县委巡察组对12个单位开展巡察，共发现问题120个，其中党的建设方面问题40个。" * 400
    rows = extract_metrics(page, kinds="all")
    assert rows["part_of"].notna().sum() == 400
    assert (rows["kind"] == "repeat").sum() > 0


# ---------------------------------------------------------------- classes found on the second blind split (dev3)
@pytest.mark.parametrize("sentence,value,indicator", [
    ("巡察组谈话了解情况，访谈村干部36人次。", 36, "interviews"),               # 访谈 talk
    ("巡察期间个别访谈干部群众12人。", 12, "interviews"),
    ("对照清单查摆出问题9个。", 9, "problems_found"),                          # find near-synonyms
    ("巡察组排查出问题14个。", 14, "problems_found"),
    ("今年以来专题研究巡察工作事项13次。", 13, "meetings_held"),               # 研究 (weak) + 次
    ("召开县委巡察工作领导小组会议4次、推进会3次。", 4, "meetings_held"),       # meetings by name
    ("召开县委巡察工作领导小组会议4次、推进会3次。", 3, "meetings_held"),
    ("从人才库挑选7位组员组成巡察组。", 7, "inspection_staff"),                # posts, measure word 位
    ("首轮巡察派出3个组，分赴各乡镇。", 3, "inspection_teams"),                # 组 right after the measure word
    ("乙镇对4个村党组织进行回头看巡察。", 4, "villages_inspected"),            # a follow-up inspection
    ("共有11名党员干部受到党政纪处分。", 11, "disciplinary_sanctions"),        # 受到 far after the figure
    ("巡察组利用2个多月的时间，对县教育局等单位开展巡察。", 2, "inspection_duration"),  # 个多月, 利用…时间
    ("本轮巡察共组建5个gè巡察组，进驻qū各单位。", 5, "inspection_teams"),      # pinyin ruby copied as text
])
def test_dev3_classes(sentence, value, indicator):
    from helpers.figures.metrics import extract_metric_records
    rows = [r for r in extract_metric_records(sentence) if r["value"] == value]
    assert rows and rows[0]["indicator"] == indicator, rows


def test_one_character_noun_counts_only_next_to_the_measure_word():
    from helpers.figures.metrics import extract_metric_records
    rows = extract_metric_records("解决群众急难愁盼问题120个……这一组数字背后是担当。")
    assert [r["indicator"] for r in rows] == ["livelihood_issues_solved"]


def test_ruby_offsets_point_into_the_page():
    from helpers.figures.metrics import extract_metric_records
    text = "据(jù)悉，市委组建6个gè巡察组。"
    r = extract_metric_records(text)[0]
    assert text[r["start"]:r["end"]] == r["value_text"] == "6个" and "gè" in r["quote"]


@pytest.mark.parametrize("sentence, value, indicator", [
    ("该村支书以修路为名向村民借款35万元至今未还。", 350000, "funds_involved"),  # 借款: money borrowed
    ("有干部借用集体资金12万元长期不还。", 120000, "funds_involved"),
    ("区委巡察办建立了80人的工作人员库。", 80, "inspection_staff"),          # 人员库 beats 人员 (person)
    ("市委组建了60名专家库。", 60, "inspection_staff"),
    ("巡察组实地走访调研52处。", 52, "households_visited"),                  # 走访调研 beats 调研, unit 处
    ("县委派出两个督导组开展整改督导。", 2, "inspection_teams"),             # 督导组 is a team
    ("县委派出5个督查组。", 5, "other"),                                      # 督查组 stays a check
    ("实地走访核查安全隐患点位40余处。", 40, "other"),                        # sites checked, not visits
])
def test_dev4_classes(sentence, value, indicator):
    from helpers.figures.metrics import extract_metric_records
    rows = [r for r in extract_metric_records(sentence) if r["value"] == value]
    assert rows and rows[0]["indicator"] == indicator, rows


@pytest.mark.parametrize("sentence, value, unit, indicator", [
    ("市委派出一个巡察组对该镇开展机动巡察。", 1, "个", "inspection_teams"),    # one team sent counts
    ("区委组建一个专项巡察组。", 1, "个", "inspection_teams"),
    ("每轮巡察进驻时间一个月左右。", 1, "个月", "inspection_duration"),        # one month as a length
])
def test_counted_one(sentence, value, unit, indicator):
    from helpers.figures.metrics import extract_metric_records
    rows = [r for r in extract_metric_records(sentence) if r["value"] == value and r["unit"] == unit]
    assert rows and rows[0]["indicator"] == indicator, rows


@pytest.mark.parametrize("sentence", [
    "县委成立一个工作专班。",          # 一 before a non-team noun stays indefinite
    "要求一个月内完成整改。",          # a deadline, not a length
    "这是一个长期任务。",
])
def test_indefinite_one_still_dropped(sentence):
    from helpers.figures.metrics import extract_metric_records
    assert not [r for r in extract_metric_records(sentence) if r["value"] == 1]


@pytest.mark.parametrize("sentence, value, indicator", [
    # people trained: the training verb decides, after the figure or as the purpose of sending them
    ("邀请专家对80余名巡察人才库人员进行专题培训。", 80, "trainees"),
    ("组织5名巡察干部到某大学脱产专题学习。", 5, "trainees"),
    ("选派3名干部参加全省巡察干部培训班。", 3, "trainees"),
    # …people sent to inspect stay inspection staff
    ("从各单位抽调40名干部参加巡察工作。", 40, "inspection_staff"),
    ("选派12名业务骨干充实巡察组。", 12, "inspection_staff"),
])
def test_training_counts_people_trained_not_staff(sentence, value, indicator):
    from helpers.figures.metrics import extract_metric_records
    rows = [r for r in extract_metric_records(sentence) if r["value"] == value]
    assert rows and rows[0]["indicator"] == indicator, rows


def test_a_numbered_heading_is_not_joined_to_the_paragraph_below():
    """一、 in a section heading is no clause mark: the background fact below keeps its own sentence."""
    from helpers.figures.metrics import extract_metric_records, join_wrapped_lines
    text = "二、全县巡察工作基本情况\n全县辖12个乡镇、210个行政村，总人口45万。\n县委共开展巡察8轮，发现问题320个。"
    assert join_wrapped_lines(text).startswith("二、全县巡察工作基本情况\n")
    values = {r["value"] for r in extract_metric_records(text)}
    assert 210 not in values and {8, 320} <= values
    wrapped = "巡察组发现问题\n共计45个，已整改30个。"  # a line with a clause mark is still joined
    assert join_wrapped_lines("县委巡察组进驻后，发现问题\n45个。") == "县委巡察组进驻后，发现问题 45个。"
    assert "\n" in join_wrapped_lines(wrapped)  # no clause mark before the break: left alone


@pytest.mark.parametrize("sentence, value, high, unit", [
    ("对93个村开展为期3至5天的村社直巡。", 3, 5, "天"),
    ("每次进驻7至10天。", 7, 10, "天"),
    ("对3—4个村开展巡察。", 3, 4, "个"),
])
def test_ranges_are_read_whole_and_kept_apart_from_reported_figures(sentence, value, high, unit):
    """A span (3至5天) has no single value to add up: it is read with value_high and flagged kind=range, and
    only the full table (kinds="all") keeps it."""
    from helpers.figures.metrics import extract_metric_records
    every = [r for r in extract_metric_records(sentence, kinds="all") if r["value"] == value and r["unit"] == unit]
    assert every and every[0]["value_high"] == high and every[0]["kind"] == "range"
    assert not [r for r in extract_metric_records(sentence) if r["value"] == value and r["unit"] == unit]


@pytest.mark.parametrize("sentence, value, indicator", [
    ("共巡察56个（社区）村党组织。", 56, "villages_inspected"),              # an aside after the measure word is read past
    ("通过走访等方式，共巡察56个（社区）\n村党组织。", 56, "villages_inspected"),  # …also across an OCR line break
    ("该县组建9个由乡镇纪委书记任组长的巡察小组。", 9, "inspection_teams"),   # 由…的: the head noun follows 的
    ("对某某两个镇的各村级党组织开展巡察。", 2, "other"),                    # the towns only locate the villages
    ("共巡察县直单位和街道12个。", 12, "orgs_inspected"),                   # a list of units of several kinds
])
def test_noun_phrases_with_asides_and_relative_clauses(sentence, value, indicator):
    from helpers.figures.metrics import extract_metric_records
    rows = [r for r in extract_metric_records(sentence) if r["value"] == value]
    assert rows and rows[0]["indicator"] == indicator, rows


@pytest.mark.parametrize("sentence", [
    "为吕四人民身体健康做出更大的贡献。",     # a place name ending in a numeral, then 人民
    "村干部开个三轮车去镇上办事。",           # 三轮车 is a vehicle
    "会上，县委书记提出了三项工作要求。",     # the points of a speech
])
def test_numerals_inside_words_and_speech_points_are_not_figures(sentence):
    from helpers.figures.metrics import extract_metric_records
    assert extract_metric_records(sentence) == []


@pytest.mark.parametrize("sentence, value", [
    ("“我市共有313个村级党组织，任务较重。”该负责人说。", 313),   # what a place has
    ("2023年下半年检查时，仍有3个村存在“组织生活走过场”问题。", 3),  # still standing, not inspected
])
def test_places_a_county_has_or_that_still_have_problems_are_not_inspected(sentence, value):
    from helpers.figures.metrics import extract_metric_records
    rows = [r for r in extract_metric_records(sentence) if r["value"] == value]
    assert not rows or rows[0]["indicator"] == "other", rows


def test_a_noun_before_a_preposition_is_not_the_head_of_the_count_after_it():
    """8个巡察组对8个部门…: 对 opens another phrase, so 巡察组 does not head the second count."""
    from helpers.figures.metrics import extract_metric_records
    rows = extract_metric_records("今年该市6个巡察组对6个部门和甲开发区开展提级巡察。")
    assert [r["indicator"] for r in rows] == ["inspection_teams", "orgs_inspected"]


@pytest.mark.parametrize("sentence, value, unit, indicator", [
    ("全市纪检监察机关根据巡察移交线索立案200件。", 200, "件", "cases_filed"),   # 立案 between 线索 and the count governs it
    ("汝州市委第三巡察组入驻梅庄村，开始为期一个月的巡察村（社区）工作。", 1, "个月", "inspection_duration"),
])
def test_dev7_classes(sentence, value, unit, indicator):
    from helpers.figures.metrics import extract_metric_records
    rows = [r for r in extract_metric_records(sentence) if r["value"] == value and r["unit"] == unit]
    assert rows and rows[0]["indicator"] == indicator, rows


def test_the_standards_a_speaker_names_are_no_figure():
    from helpers.figures.metrics import extract_metric_records
    assert extract_metric_records("要践行聚焦问题逐一整改、举一反三深入整改、注重实效认真整改的四个判断标准。") == []


@pytest.mark.parametrize("sentence, value, indicator", [
    ("由三个镇党委分别负责监督。", 3, "other"),              # 由: the bodies that act, not those inspected
    ("10个村都张贴了巡察通告。", 10, "other"),               # notices posted in villages
    ("共召开党委会专题研究整改工作3次。", 3, "meetings_held"),  # 整改工作 is a noun, 召开 governs the count
    ("由县委3个巡察组对12个单位开展巡察。", 12, "orgs_inspected"),
])
def test_dev8_classes(sentence, value, indicator):
    from helpers.figures.metrics import extract_metric_records
    rows = [r for r in extract_metric_records(sentence) if r["value"] == value]
    assert rows and rows[0]["indicator"] == indicator, rows
