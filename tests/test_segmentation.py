"""Segmentation: layout cues on small invented pages (numbered subheads, captions inside an article)."""
from __future__ import annotations

import pytest

from helpers.pages.cleaning import clean_text
from helpers.pages.cues import SECTION_NUMBER
from helpers.pages.segmentation import paragraphs_of, segment_paragraphs


def segments(page: str):
    return segment_paragraphs(paragraphs_of(clean_text(page)))


INTRO = ("今年以来，县委巡察机构坚持把政治监督摆在首位，统筹开展常规巡察和专项巡察，"
         "推动巡察监督向基层延伸，全年共巡察党组织48个，发现问题312个。")
PARTS = [
    "通过个别谈话、调阅资料、下沉走访等方式，巡察组深入了解被巡察单位落实上级决策部署情况。",
    "各被巡察单位对照反馈意见逐项制定整改方案，明确责任人和完成时限，已完成整改问题287个。",
    "医疗卫生系统开展药品采购专项检查，新建社区门诊两处，群众看病排队时间明显缩短。",
]


@pytest.mark.parametrize("numbers", [("01｜", "02｜", "03｜"), ("（一）", "（二）", "（三）"), ("一、", "二、", "三、")])
def test_numbered_subheads_stay_in_their_article(numbers):
    heads = ["聚焦政治监督 精准发现问题", "压实整改责任 推动问题清零", "回应民生关切 办好惠民实事"]
    page = "县委巡察工作年终盘点\n\n" + INTRO + "\n\n" + "\n\n".join(
        f"{n}{h}\n\n{body}" for n, h, body in zip(numbers, heads, PARTS))
    segs = segments(page)
    assert len(segs) == 1, [s.title for s in segs]
    assert segs[0].title == "县委巡察工作年终盘点"


@pytest.mark.parametrize("first, second", [("01｜", "02｜"), ("①", "②"), ("一、", "二、")])
def test_caption_between_numbered_sections_stays_inside(first, second):
    page = ("县委巡察工作年终盘点\n\n" + INTRO + f"\n\n{first}聚焦政治监督 精准发现问题\n\n" + PARTS[0] +
            f"\n\n▲县委第二巡察组在某镇入户走访（资料图）\n\n{second}压实整改责任 推动问题清零\n\n" + PARTS[1])
    assert len(segments(page)) == 1


def test_caption_after_an_article_still_opens_a_photo_item():
    page = ("县委巡察工作年终盘点\n\n" + INTRO + "\n\n▲某镇农民在田间收割水稻（记者 张某 摄）\n\n"
            "城区新建停车场\n\n" + "城区今年新建公共停车场三处，新增停车位六百余个，缓解了老城区停车难问题，市民出行更加便利。")
    assert len(segments(page)) >= 2


@pytest.mark.parametrize("text, numbered", [
    ("（二）坚持问题导向", True), ("三、强化整改落实", True), ("02｜紧盯关键少数", True), ("4. 加强队伍建设", True),
    ("⑤ 深化成果运用", True), ("第二部分 巡察发现的问题", True),
    ("1.2万名党员参加学习", False), ("2023年巡察工作要点", False), ("一批问题得到解决", False),
])
def test_section_number(text, numbered):
    assert bool(SECTION_NUMBER.match(text)) is numbered


def test_a_feature_article_keeps_its_unnumbered_subheads():
    sections = [
        ("延伸监督触角 群众获得感更加充实", "县委把村级巡察作为重点，巡察组进村入户，走访农户三千余户，推动修建村道、"
         "改造饮水管网，群众反映的用水难、出行难问题陆续解决，村民满意度明显提升。\n"
         "在山区乡镇，巡察组发现部分村集体合同管理混乱，督促清理规范合同，收回被占用的集体林地和鱼塘，"
         "村集体经济收入逐年增长，村民分红有了着落。"),
        ("锻造巡察铁军 队伍建设更加过硬", "打铁必须自身硬。巡察机构从纪检、组织、审计、财政等部门选调干部，"
         "建立人才库，举办业务培训班，以干代训培养骨干，形成一支懂政策、会查账、善沟通的专业队伍。\n"
         "同时制定工作规程和保密纪律，实行底稿审核、报告会审制度，对每份报告逐段推敲，"
         "确保巡察发现的问题事实清楚、定性准确，经得起检验，村级巡察整改成效经得起群众评判。"),
    ]
    page = ("利剑高悬 监督为民\n——十四届县委巡察工作综述\n本报记者 某某\n" + INTRO + "\n" +
            "\n".join(f"{h}\n{b}" for h, b in sections))
    segs = segments(page)
    assert len(segs) == 1, [s.title for s in segs]


@pytest.mark.parametrize("line, headline", [
    ("职工医保门诊报销有哪些新变化？", True),
    ("记者：今年巡察工作有哪些新举措？", False),
    ("问：个人账户的钱还能用吗？", False),
    ("巡察组发现了哪些问题，又是怎样整改的？", False),
    ("全年共发现问题312个。", False),
    ("吗？", False),
])
def test_short_questions_are_headlines_unless_someone_asks_them(line, headline):
    from helpers.pages.segmentation import is_headline

    assert is_headline(line) is headline


# ----------------------------------------------------------------------------- headline lines set apart
BRIEFS = [
    ("甲县巡察整改见实效", "去年以来，甲县县委先后开展两轮巡察，对12个县直部门开展政治监督，发现问题156个，"
     "目前已完成整改141个，移交问题线索9件，推动解决了一批群众反映强烈的问题。"),
    ("乙县巡察延伸到村", "乙县县委把巡察监督延伸到村级党组织，今年对4个乡镇的36个村开展巡察，"
     "巡察组进村入户走访群众，发现村级财务管理不规范等问题88个，督促建立完善制度23项。"),
    ("丙区巡察精准发现问题", "丙区启动新一轮巡察以来，区委巡察组通过个别谈话、查阅资料等方式，"
     "发现问题64个、问题线索5件，对发现的问题建立台账、限期整改，确保件件有着落。"),
]


def test_short_reports_under_their_own_headline_lines_are_separate_items():
    """Several 巡察 items on one page (cohesion cannot part them): each headline line stands apart,
    with a blank line above and below, after a finished sentence."""
    page = "工作动态\n\n" + "\n\n".join(f"{h}\n\n{b}" for h, b in BRIEFS) + "\n"
    segs = segments(page)
    assert [s.title for s in segs if s.title in {h for h, _ in BRIEFS}] == [h for h, _ in BRIEFS]
    assert len([s for s in segs if "巡察" in s.title]) == 3


def test_a_headline_line_glued_to_its_body_still_needs_a_topic_change():
    """Without a blank line below it, a short line between two paragraphs of one report (an
    unnumbered subhead) does not open an item when the topic goes on."""
    h, b = BRIEFS[0]
    page = f"{h}\n\n{b}\n\n强化结果运用\n{BRIEFS[1][1]}\n"
    assert len(segments(page)) == 1


@pytest.mark.parametrize("line", ["—3—", "- 12 -"])
def test_a_page_number_between_paragraphs_opens_nothing(line):
    h, b = BRIEFS[0]
    page = f"{h}\n\n{b}\n\n{line}\n\n{BRIEFS[1][1]}\n"
    assert len(segments(page)) == 1


# ----------------------------------------------------------------------------- closing lines, labels, bylines
@pytest.mark.parametrize("closing", ["（区委巡察办）", "(来源:某某网)", "孙璐", "张三 李四",
                                     "中共某某县委巡察工作领导小组办公室"])
def test_a_closing_line_ends_the_item_above_a_new_headline(closing):
    """A signature in brackets, a line of names or the issuer of a notice, printed under the body
    without a blank line, closes that item: the next headline opens another, even on one topic."""
    (h1, b1), (h2, b2) = BRIEFS[0], BRIEFS[1]
    page = f"{h1}\n\n{b1}\n{closing}\n\n{h2}\n\n{b2}\n"
    segs = segments(page)
    assert [s.title for s in segs] == [h1, h2]
    assert closing.replace(" ", "") in segs[0].paras[-1].text


def test_a_short_line_inside_a_report_is_not_a_closing_line():
    (h1, b1), (_, b2) = BRIEFS[0], BRIEFS[1]
    page = f"{h1}\n\n{b1}\n强化结果运用\n{b2}\n"
    assert len(segments(page)) == 1


@pytest.mark.parametrize("label", ["图片新闻", "【图片新闻】", "相关链接", "□ 延伸阅读"])
def test_a_removed_column_label_opens_a_new_item(label):
    """A column or link-list label is removed as page furniture, but the item below it is new, even
    without a headline (a photo story) and on the same topic."""
    (h1, b1), (_, b2) = BRIEFS[0], BRIEFS[1]
    segs = segments(f"{h1}\n\n{b1}\n\n{label}\n{b2}\n")
    assert len(segs) == 2
    assert label.strip("【】□ ") not in "".join(s.paras[0].text for s in segs)


def test_a_byline_with_a_credit_slash_opens_an_item():
    (h1, b1), (h2, b2) = BRIEFS[0], BRIEFS[1]
    segs = segments(f"{h1}\n\n{b1}\n\n{h2}\n\n文/本刊记者 张某某 通讯员 李某\n{b2}\n")
    assert [s.title for s in segs] == [h1, h2]


def test_a_headline_standing_alone_is_not_joined_to_the_body_below():
    """OCR text wrapped at about 20 characters: a headline line between blank lines stays a line of its
    own even when it is as wide as the column (「老河口:“边巡边改”解难题 真情服务暖民心」)."""
    body = ("去年以来，甲县县委先后开展两轮巡察，对12个\n县直部门开展政治监督，发现问题156个，目\n"
            "前已完成整改141个，移交问题线索9件，推动\n解决了一批群众反映强烈的问题。\n")
    page = f"甲县：“边巡边改”解难题 真情服务暖民心\n\n{body}"
    clean = clean_text(page)
    assert clean.text.split("\n")[0] == "甲县：“边巡边改”解难题真情服务暖民心"


def _wrap(text: str, widths: list[int]) -> str:
    out, k, i = [], 0, 0
    while k < len(text):
        out.append(text[k:k + widths[i % len(widths)]])
        k += widths[i % len(widths)]
        i += 1
    return "\n".join(out)


def test_ragged_ocr_lines_give_no_column_change():
    """Lines cut at random widths (OCR of a scan, 12–30 characters) are no printed column: a narrower
    widest line in the next paragraph (a notice with a telephone number) is no change of layout block."""
    a = ("按照县委统一部署，县委第一巡察组进驻县人大机关党支部，开展为期60天的巡察工作。当天下午在二楼会议室召开"
         "巡察工作动员会，巡察组全体成员和机关全体党员干部参加会议，会议由支部书记主持，巡察组组长介绍了巡察工作的"
         "主要任务、重点内容和方式方法，支部书记作表态发言。")
    b = ("巡察期间设有举报电话15800000000，接听时间为工作日早8点至晚6点，电子邮箱为abc@163.com，另在机关设有"
         "举报信箱和信访接待室，受理来信来电来访。")
    page = "县委巡察组进驻县人大机关\n\n" + _wrap(a, [20, 30, 22, 26, 19, 28]) + "\n" + _wrap(b, [18, 14, 20, 16, 12])
    assert len(segments(page)) == 1


def test_a_line_cut_short_inside_a_report_opens_nothing_where_headlines_stand_apart():
    """On a page whose headlines have blank lines around them, a short line glued to the text above and
    below (an OCR line cut short: 「…问题底」 / 「稿制度，…」) is read as a headline only when the topic
    plainly changes (cohesion below the feature threshold), not at the ordinary threshold."""
    (h1, b1), (h2, b2) = BRIEFS[0], BRIEFS[1]
    page = (f"{h1}\n\n{b1}\n\n{h2}\n\n{b2}\n巡察结束后，及时形成巡察报告，分别向镇村两级反馈巡察意见。\n"
            "对巡察报告严格执行组办联审制度和问题底\n稿制度，确保发现问题有迹可循；严格执行三项汇报机制，确保县委全面、"
            "客观、真实了解情况。强化整改督办，及时对整改情况开展再监督、再检查，督促村级党组织整改问题，从严从实抓"
            "整改，确保整改任务清仓见底，用实实在在的成效让基层群众切身感受到全面从严治党的成果。\n")
    assert [s.title for s in segments(page)] == [h1, h2]


def test_a_photo_story_cut_mid_sentence_stays_one_item():
    """The photo story's credit line (「记者 某某 摄」) ends a paragraph that finishes a sentence the
    paragraph above left open: it closes that story, it does not open one."""
    h1, b1 = BRIEFS[0]
    page = (f"{h1}\n\n{b1}\n\n图片新闻\n3月9日，在某镇果蔬种植合作社，村民正在管理果树。据悉，该\n"
            "镇通过调整农业产业结构，培育了一批农产品专业合作社，全镇已建立各类专业合作社20余家，"
            "带动近5000名农民实现增收。 记者 张某 摄\n\n"
            f"{BRIEFS[1][0]}\n\n{BRIEFS[1][1]}\n")
    segs = segments(page)
    assert len(segs) == 3
    assert "村民正在管理果树" in segs[1].paras[0].text and "摄" in segs[1].paras[-1].text


def test_a_supplied_photo_credit_closes_its_item():
    h1, b1 = BRIEFS[0]
    page = (f"{h1}\n\n{b1}\n\n某县某合作社成立于2014年，拥有茶叶基地4016亩，惠及成员2386户。\n"
            "（某县某合作社 张某 供图）\n金秋时节，某镇香芋种植合作社喜获丰收，平均亩产达2500多公斤。\n")
    segs = segments(page)
    assert segs[-2].paras[-1].text.endswith("供图）") and segs[-1].paras[0].text.startswith("金秋时节")


# ----------------------------------------------------------------------------- blank lines, datelines, headlines
WEB_PAGE = """新闻中心 > 廉政

乙市委巡察组进驻市交通运输局
乙市讯 按照市委统一部署，乙市委第三巡察组近日进驻市交通运输局，开展为期两个月的常规巡察。
巡察期间，巡察组将通过个别谈话、受理信访、调阅资料等方式了解被巡察单位落实全面从严治党责任情况。

街道开展防汛巡查工作
为应对强降雨天气，某街道组织网格员对辖区低洼路段、排水设施开展巡查，及时清理堵塞井口三处。
巡查中工作人员逐一登记隐患点位，并向居民发放防汛提示卡，提醒居民雨天减少外出。

丙县委第五轮巡察完成进驻
按照县委统一部署，丙县委第五轮巡察组建四个巡察组，对六个乡镇党委及所辖村级党组织开展巡察。
巡察期间，各巡察组设立举报电话和意见箱，重点受理反映被巡察党组织领导班子及其成员问题的来信来访。
"""


def test_where_blank_lines_separate_items_a_headline_after_one_opens_an_item():
    """A web page runs each item's paragraphs together and puts a blank line before each headline:
    there a headline after a finished paragraph opens an item, even when the topics look alike
    (two 巡察 reports) or share words (巡察 / 巡查)."""
    titles = [s.title for s in segments(WEB_PAGE)]
    assert titles[-3:] == ["乙市委巡察组进驻市交通运输局", "街道开展防汛巡查工作", "丙县委第五轮巡察完成进驻"]


def test_blank_lines_between_paragraphs_do_not_make_subheads_items():
    """Where every paragraph has a blank line above it, a blank line says nothing about items: a short
    unnumbered subhead inside one report stays inside it when the topic goes on."""
    page = ("丁区巡察工作综述\n\n" + INTRO + "\n\n巡察组到村入户，走访群众一百余户。\n\n聚焦主责主业\n\n" + PARTS[0]
            + "\n\n" + PARTS[1] + "\n\n压实整改责任\n\n"
            + "各被巡察单位对照反馈问题建立整改台账，巡察组跟踪督办，已完成整改问题287个。\n\n"
            + "区委巡察办对整改情况开展回访督查，对整改不力的单位进行约谈。\n")
    assert len(segments(page)) == 1


def test_a_dateline_opens_an_item_and_is_never_joined_to_the_line_above():
    """A news dateline (（某社记者某某台北18日电）, 某某网5月18日讯, 本报某地讯) starts a news item: the
    headline line above it stays a line of its own, even when it is as wide as the column."""
    page = ("戊县县委巡察办召开巡察整改推进会，要求各\n被巡察单位按期完成整改，目前已整改问题\n"
            "二十六个。\n\n监院十九日巡察政院 关注打诈与反情报议题\n（中央社记者某某台北18日电）监察院说，\n"
            "明天将巡察行政院，针对打诈政策检讨等议\n题提出询问，各部会首长也将说明。\n")
    clean = clean_text(page)
    assert "监院十九日巡察政院关注打诈与反情报议题" in clean.text.split("\n")
    segs = segments(page)
    assert len(segs) == 2 and segs[1].title == "监院十九日巡察政院关注打诈与反情报议题"


def test_an_ocr_headline_after_a_blank_line_is_measured_against_the_column_below():
    """In hard-wrapped text a line without clause punctuation after a blank line is a headline unless it
    fills the column of the text BELOW it (the column above belongs to another block, however wide)."""
    above = _wrap("某镇组织开展店铺消防安全检查，共排查出安全隐患九条，现场整改六条，限期整改三条，"
                  "促进全镇安全生产形势持续稳定。", [20, 21, 19, 20])
    below = _wrap("二〇一七年以来，己市委立足地域狭小、熟人社会的实际，统一谋划部署巡察工作，以市县"
                  "一体联动巡察为切入点，统筹巡察模式、任务和成果运用，破解熟人社会监督难的问题。", [28, 29, 28, 30])
    page = f"{above}\n\n己市：市县一体联动巡察破解“熟人社会”监督难\n{below}\n"
    assert "己市：市县一体联动巡察破解“熟人社会”监督难" in clean_text(page).text.split("\n")


def test_a_first_line_quoted_whole_or_opening_a_quote_is_not_a_headline():
    """Speech quoted whole, and a line that opens a quote it does not close, run on as body text."""
    from helpers.pages.cleaning import _reads_as_headline

    assert _reads_as_headline("己市：市县一体联动巡察破解“熟人社会”监督难")
    assert _reads_as_headline("【守底线】某局开展“五一”期间食品安全专项检查")
    assert not _reads_as_headline("“门开喽，能用了，每天还有人打扫。”")
    assert not _reads_as_headline("“政治建设推进乏力”“领导核心作用发挥不")
    assert not _reads_as_headline("本报济宁讯（通讯员 某某）为进一步加强辖区")
    assert not _reads_as_headline("巡察组进驻后，通过个别谈话发现")


def test_where_blank_lines_separate_items_a_headline_nearly_as_wide_as_a_narrow_column_opens_one():
    """In a narrow printed column (about 22 characters) whose items are parted by blank lines, a headline
    may fill most of the column below it: only a line that fills it is a body line cut off."""
    def item(*paras):
        return "\n".join(_wrap(p, [22, 21, 22]) for p in paras)
    first = item("按照区委统一部署，庚区委第三轮巡察近日正式启动，区委组建四个巡察组，对八个单位党组织开展常规巡察，"
                 "巡察时间为两个月。",
                 "巡察组进驻前，区委巡察办召开巡察工作培训会，对巡察组成员开展业务培训，明确巡察工作纪律和巡察工作要求。",
                 "截至目前，各巡察组已全部进驻被巡察单位，召开巡察工作动员会议，通报巡察任务，公布巡察组举报电话。")
    second = item("根据市委部署，辛市委组建六个巡察组，对二十七家单位党组织开展为期两个月的常规巡察，对其中五家单位开展"
                  "巡察回头看。",
                  "巡察期间，巡察组受理被巡察单位党组织及党员干部问题的来信来电来访，其他不属于巡察受理范围的信访问题按规定处理。")
    third = item("根据区委统一部署，区委专项巡察组对市第一人民医院党委开展专项巡察，巡察时间为一个月，重点巡察"
                 "党组织落实巡察整改情况。",
                 "巡察期间，巡察组安排专人负责受理信访，设置巡察举报信箱，公布巡察组举报电话和电子邮箱，受理来信来电来访。")
    page = (f"庚区委新一轮巡察正式启动\n{first}\n\n辛市委组建巡察组开展常规巡察\n{second}\n\n"
            f"区委专项巡察组巡察市第一人民医院党委\n{third}\n")
    assert [s.title for s in segments(page)] == ["庚区委新一轮巡察正式启动", "辛市委组建巡察组开展常规巡察",
                                                 "区委专项巡察组巡察市第一人民医院党委"]


def test_a_photo_caption_between_two_paragraphs_of_one_story_stays_inside_it():
    """A web article with its picture inline: the caption (with its credit, maybe under a subhead)
    sits between paragraphs that speak of the same things, so it closes and opens nothing."""
    page = ("壬县开展村级巡察\n\n"
            "今年以来，壬县县委把对村巡察作为推动全面从严治党向基层延伸的重要抓手，组织巡察组深入各村，"
            "围绕村级集体资产管理、惠民资金发放、村干部履职等群众关心的问题开展巡察，共巡察村级党组织三十二个，"
            "发现问题一百余个。\n"
            "深化对村巡察 守护群众利益\n"
            "壬县县委第二巡察组在某村田头与村民面对面交流，了解惠民资金发放情况。某某某 摄\n"
            "巡察组在对村巡察中发现，个别村集体资产管理不规范、惠民资金发放不及时，已督促村党组织"
            "建立集体资产台账，推动惠民资金全部发放到位，对巡察发现的问题逐项建立整改台账，跟踪督办到底。\n")
    segs = segments(page)
    assert len(segs) == 1


def test_a_photo_caption_between_two_stories_still_parts_them():
    h1, b1 = BRIEFS[0]
    page = (f"{h1}\n\n{b1}\n\n某镇农民在田间收割水稻，今年全镇粮食喜获丰收。记者 张某 摄\n\n"
            "城区今年新建公共停车场三处，新增停车位六百余个，缓解了老城区停车难问题，市民出行更加便利。\n")
    assert len(segments(page)) >= 2


def test_a_headline_run_into_its_body_line_after_a_blank_line_opens_an_item():
    """A web page that lost the line break after a headline prints it on the body's line, parted by a
    space: after a finished paragraph and a blank line, that line opens an item."""
    h, b = BRIEFS[0]
    body = ("“今年以来，某县采取多项措施，大力推进农村安全饮水工程，建成后将惠及农村群众一万八千余人。”"
            "某县有关负责人介绍，该县还通过媒体公告、张榜公示等形式公布整改进展，接受群众监督。")
    page = f"{h}\n{b}\n{BRIEFS[1][1]}\n\n以媒体公告、张榜公示等形式公布整改进展 {body}\n"
    segs = segments(page)
    assert len(segs) == 2 and segs[1].paras[0].text.startswith("以媒体公告")


def test_ocr_spaces_in_a_long_line_of_side_by_side_columns_open_nothing():
    """A line of OCR text read across printed columns has spaces everywhere: its first words before a
    space are no headline."""
    h, b = BRIEFS[0]
    line = ("为提升群众对巡察工作的知晓率和参 与度，该区创新设计巡察联系明白 卡，进村入户走访时向群众发放。 "
            "以来，共向多个村社区群众发放 巡察明白卡，收集意见 建议一百余条，推动 解决问题五十余个。 ")
    page = f"{h}\n{b}\n\n{line}\n"
    assert len(segments(page)) == 1


def test_a_change_of_script_under_a_headline_opens_an_item():
    """A page assembled from two sources: the body below a headline printed in traditional characters
    after simplified body text above it is another item, even on the same topic with no blank line."""
    page = ("集团党委关于巡察整改进展情况的通报\n"
            "根据区委统一部署，区委第三巡察组对集团党委开展了常规巡察，集团党委高度重视，全面动员部署整改工作。\n"
            "集团党委建立整改台账，明确责任人和完成时限，召开整改调度会十二次，推动问题整改落实到位。\n"
            "集團黨委新一輪巡察工作動員會召開\n"
            "經集團黨委批准，集團黨委第二輪巡察工作動員會近日召開，兩個巡察組將對所屬單位開展常規巡察。\n"
            "集團紀委書記、黨委巡察工作領導小組成員出席會議，被巡察單位領導班子成員參加會議並作表態發言。\n")
    titles = [s.title for s in segments(page)]
    assert len(titles) == 2 and titles[1] == "集团党委新一轮巡察工作动员会召开"


def test_a_headline_with_a_photo_caption_below_it_stands_apart():
    """On a page that runs paragraphs together and sets items apart with blank lines, a headline followed by
    a short photo caption (图为…) opens an item like one followed by body text."""
    page = ("甲区启动新一轮巡察\n本报讯 甲区近日启动区委第三轮巡察，四个巡察组采取一托二的方式开展常规巡察。\n"
            "本轮巡察为期两个月，巡察组将通过个别谈话、调阅资料等方式了解被巡察党组织情况。\n"
            "各巡察组组长、副组长和组员均由区委研究同意，并抽调了财务、审计专业人员。\n\n"
            "乙市新一轮机动巡察启动\n图为机动巡察组召开小组会，学习巡察工作计划。\n"
            "近期，乙市新一轮机动巡察工作正式启动，市委机动巡察组将对新一批乡镇党委开展机动巡察。\n"
            "机动巡察组要求各巡察人员严守纪律，确保本轮机动巡察取得实效。\n")
    segs = segments(page)
    assert segs[1].title == "乙市新一轮机动巡察启动"
    assert all("乙市" not in p.text for p in segs[0].paras)  # the first item ends above the headline


def test_a_label_glued_inside_a_report_is_a_subhead_not_a_new_item():
    """A 【…】 label between two paragraphs with no blank line (【信访受理范围】 inside an announcement)
    is removed as a label but does not open an item when the text goes on about the same thing; set
    apart by blank lines it still does (test above)."""
    h1, b1 = BRIEFS[0]
    glued = f"{h1}\n\n{b1}\n【信访受理范围】\n巡察期间，巡察组设立举报箱，主要受理反映被巡察党组织领导班子及其成员问题的来信来电来访，" \
            "发现问题线索将按规定移交处理，确保巡察发现的问题整改到位。\n"
    segs = segments(glued)
    assert len(segs) == 1, [s.boundary for s in segs]
    # glued, but the topic changes: a new item
    other = f"{h1}\n\n{b1}\n【本地简讯】\n春节前夕，某镇组织文艺志愿者走进敬老院，为老人们送去精彩的文艺演出和新春祝福，" \
            "现场欢声笑语不断，老人们纷纷点赞。\n"
    assert len(segments(other)) == 2


def test_an_excerpt_cut_mid_sentence_does_not_swallow_the_next_headline():
    """A report whose text stops mid-sentence (an excerpt cut short), then a headline standing alone
    between blank lines: the headline opens the next item instead of finishing the sentence above."""
    (h1, b1), (h2, b2) = BRIEFS[0], BRIEFS[1]
    page = f"{h1}\n\n{b1}截至目前，县委巡察机构对历轮巡察反馈问题开展整改督查，全县巡察发现的问题已整改\n\n{h2}\n\n{b2}\n"
    segs = segments(page)
    assert [s.title for s in segs] == [h1, h2]


@pytest.mark.parametrize("opening", ["根据县委统一部署，近日，", "10月9日至12日，", "8月3日上午，",
                                     "根据省委统一部署，2024年8月27日至11月22日，"])
def test_a_headline_over_a_news_lede_opens_an_item_without_layout_cues(opening):
    """No blank lines, both items about 巡察 (cohesion cannot part them): a headline line after a finished
    sentence, over a paragraph that opens as news items open (根据…部署，近日，… or the day it happened),
    starts a new item; the same line over text that goes on with the report's subject stays a subhead."""
    (h1, b1), (h2, b2) = BRIEFS[0], BRIEFS[2]
    lede = opening + b2
    segs = segments(f"{h1}\n{b1}\n{h2}\n{lede}\n")
    assert [s.title for s in segs] == [h1, h2]
    assert len(segments(f"{h1}\n{b1}\n{h2}\n{b2}\n")) == 1


def test_each_post_of_a_forum_thread_is_an_item():
    """A forum thread (Discuz: 「沙发发表于… | 只看该作者」) reposts reports under post headers: each post is an
    item, whatever its topic; the thread title goes with the first post."""
    (h1, b1), (h2, b2) = BRIEFS[0], BRIEFS[1]
    page = (f"某某论坛-家乡新闻\n\n[本地新闻]{h1}\n\n楼主发表于2019-4-2 09:14:36|只看该作者\n\n{b1}\n\n"
            f"沙发发表于2023-4-18 16:20:45|只看该作者\n\n转一篇别的县的，看看人家怎么抓整改\n\n{h2}\n\n{b2}\n")
    segs = segments(page)
    assert len(segs) == 2
    texts = ["\n".join(p.text for p in s.paras) for s in segs]
    assert b1[:20] in texts[0] and b2[:20] in texts[1] and b2[:20] not in texts[0]


def test_photos_between_a_headline_and_its_text_do_not_cut_the_report():
    """Captions with their credits printed under a headline (photo, credit, photo, credit, then a subhead and
    the text) belong to the report: a credit there closes the photo, not the item."""
    (h1, b1) = BRIEFS[0]
    page = (f"{h1}\n\n县委巡察组干部在被巡察单位查阅文件资料。\n张某某摄\n巡察组工作人员从举报箱取出信访件。\n李某摄\n"
            f"引子\n{b1}\n{PARTS[0]}\n")
    segs = segments(page)
    assert len(segs) == 1 and segs[0].title == h1


def test_a_headline_over_a_line_of_mojibake_is_not_joined_to_it():
    """「?。?)强化…」 is 「（1）强化…」 that a decoder could not read: no punctuation finishing the line above, so a
    headline standing alone there is not glued to it."""
    (h1, b1) = BRIEFS[0]
    page = f"{h1}\n\n{b1}\n\n某市创新举措 扎实做好防汛备汛工作\n?。?)强化责任分工，逐级明确水库、堤防的防汛行政责任人。\n"
    assert "\n某市创新举措扎实做好防汛备汛工作\n?。?)强化" in clean_text(page).text
    joined = f"{h1}\n\n{b1}\n\n某市巡察办召开巡察整改推进\n。会议要求各单位抓好整改。\n"  # a real closing mark still joins
    assert "某市巡察办召开巡察整改推进。会议" in clean_text(joined).text


def test_a_widget_between_a_headline_and_its_text_opens_nothing():
    """【打印】 removed between a headline (and its source line) and the text: the headline keeps its report."""
    (h1, b1) = BRIEFS[0]
    page = f"{h1}\n\n来源:本网原创稿 日期:2020-10-14 14:45:47\n【打印】\n\n{b1}\n\n{PARTS[0]}\n"
    segs = segments(page)
    assert len(segs) == 1 and segs[0].title == h1


def test_a_headline_after_a_blank_line_is_not_joined_to_an_excerpt_cut_at_a_comma():
    """「…立案2066件，」 then a blank line and a headline (with its deck glued below): the excerpt above was cut
    short; the headline opens the next item instead of finishing the clause."""
    (h1, b1) = BRIEFS[0]
    page = (f"{h1}\n{b1}\n{PARTS[0]}\n{PARTS[1]}\n{BRIEFS[2][1]}\n"
            "截至目前，全省共巡察县直部门1201个、乡镇770个，发现问题及线索7000余件、立案2066件，\n\n"
            "某省第三轮巡视正式启动\n将对22个县开展常规巡视，对4家单位开展机动式巡视\n\n"
            "12月6日，某省第三轮巡视工作动员部署会召开，本轮巡视将组建13个巡视组，其中11个巡视组对22个县开展常规巡视。\n")
    assert "\n某省第三轮巡视正式启动\n" in clean_text(page).text


def test_a_subhead_quoting_a_speaker_stays_in_its_feature_story():
    """“群众关心的就是最大的政治” between two parts of one report: a quoted subhead needs a plain change of topic
    (the feature threshold) to open an item."""
    (h1, b1), b2 = BRIEFS[0], BRIEFS[1][1]
    page = (f"{h1}\n\n{b1}\n\n{PARTS[0]}\n\n{BRIEFS[2][1]}\n\n“群众关心的就是最大的政治”\n\n{b2}\n\n{PARTS[1]}\n\n"
            "巡察组督促被巡察党组织建立问题清单，逐项整改销号，群众反映的问题得到解决。\n")
    # thresholds set so that any headline line opens an item unless it gets the feature threshold
    strict = dict(cohesion_threshold=0.99, feature_threshold=0.01)
    assert len(segment_paragraphs(paragraphs_of(clean_text(page)), **strict)) == 1
    plain = page.replace("“群众关心的就是最大的政治”", "群众关心的就是最大的政治")
    assert len(segment_paragraphs(paragraphs_of(clean_text(plain)), **strict)) == 2
