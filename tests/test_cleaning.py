"""Cleaning: examples of each repair, the offset map, and properties (never raises, monotone, idempotent)."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.pages.cleaning import boilerplate_reason, clean_text, normalize_for_matching, to_simplified


@pytest.mark.parametrize("raw, expected", [
    ("共发现问题 4 858 件", "共发现问题4858件"),
    ("对 77 个单位党组织 （含 3\n个办事处）", "对77个单位党组织（含3个办事处）"),
    ("巡察\ufffd工作\u200b高质量", "巡察工作高质量"),
    ("整改率为９８％", "整改率为98%"),
    ("GDP growth 增长 5%", "GDP growth增长5%"),
    ("# 奏好四部曲\n\n正文第一段。", "奏好四部曲\n正文第一段。"),
    ("**巡察**工作", "巡察工作"),
    ("市委巡察組發現問題", "市委巡察组发现问题"),
    ("第一段。\n\n第二段。", "第一段。\n第二段。"),
    ("同时，\n加强整改。", "同时，加强整改。"),
])
def test_cleaning_examples(raw, expected):
    assert clean_text(raw).text == expected


HARD_WRAPPED = """七届市纪委六次全会将“持续深
化政治巡察，充分发挥党内监督利剑
和密切联系群众纽带作用”作为 2021
年一项重要工作，对推动新时代巡察
工作高质量发展、更好发挥巡察在全
面从严治党中的战略作用作出明确

部署。
2020 年，市委巡察工作牢牢把握

好政治巡察定位，认真落实中央、省
委、市委重大决策部署，紧密结合全
市实际，加强监督检查，实现了全覆
盖，发现和推动解决了一大批问题。
"""


def test_hard_wrapped_column_is_joined_into_paragraphs():
    c = clean_text(HARD_WRAPPED)
    paras = c.text.split("\n")
    assert len(paras) == 2
    assert paras[0].startswith("七届市纪委") and paras[0].endswith("作出明确部署。")
    assert "2021年一项重要工作" in paras[0]
    assert paras[1].startswith("2020年，市委巡察工作牢牢把握好政治巡察定位")


def test_headline_between_wrapped_paragraphs_stays_apart():
    raw = HARD_WRAPPED.replace("2020 年，市委", "县委巡察监督实现全覆盖\n2020 年，市委")
    paras = clean_text(raw).text.split("\n")
    assert "县委巡察监督实现全覆盖" in paras


@pytest.mark.parametrize("line, reason", [
    ("國內要聞 省內要聞 本地要聞 精彩點擊 專題新聞 通知公告", "navigation"),
    ("  您當前的位置 : 東北網  >  綏化新聞網  >  本地新聞", "breadcrumb"),
    ("來源:綏化日報 2026-02-03 字體:", "dateline"),
    ("責任編輯：韓敏", "editor"),
    ("编辑: 王五", "editor"),
    ("綏化新聞網©", "copyright"),
    ("Copyright 2021 某某日报社 版权所有", "copyright"),
    ("豫ICP备12345678号", "copyright"),
    ("上一篇：市委召开常委会", "share"),
    ("2021年6月15日 星期二 第3版", "page_header"),
    # WeChat and web exports (invented examples of the shapes, not lines of any fixture)
    ("清风某市  2023-05-06 09:12  发表于江苏", "dateline"),
    ("点击上方蓝字  关注我们", "share"),
    ("分享 收藏 点赞 在看", "navigation"),
    ("阅读原文", "share"),
    ("[图片]", "image"),
    ("-END-", "footer"),
    ("举报电话：12388", "footer"),
    ("▶ 区委巡察组开展专项巡察", "link_list"),
    ("某县纪委监委官方微信公众号", "site_name"),
    ("【廉政简讯】", "section_label"),
])
def test_boilerplate_lines(line, reason):
    assert boilerplate_reason(line) == reason


@pytest.mark.parametrize("line", [
    "市委巡察组共发现问题4858件。",
    "坚守政治定位  『政治体检』更加精准",
    "■本报记者 张军亚",
    "编辑部门召开巡察工作会议，研究部署整改任务，推动问题解决落到实处。",
    "对标看齐 探索创新 奏好规范提升曲",
    "网站建设与巡察工作同步推进，群众满意度持续提升。",
    "作者在调研中发现，巡察整改成效明显。",
    "【巡察利剑】市委第一巡察组进驻某局开展巡察，发现问题12个。",
    "举报方式多样，群众反映问题渠道畅通。",
])
def test_text_lines_are_not_boilerplate(line):
    assert boilerplate_reason(line) is None


def test_boilerplate_removed_from_web_page():
    raw = ("國內要聞 省內要聞 本地要聞 精彩點擊 專題新聞 通知公告\n  您當前的位置 : 首頁 > 要聞\n"
           "深化政治巡察\n來源:綏化日報 2026-02-03 字體:\n  巡察工作取得實效，發現問題。\n編輯:韓敏\n綏化新聞網©\n")
    c = clean_text(raw)
    assert c.text == "深化政治巡察\n巡察工作取得实效，发现问题。"
    assert c.script == "traditional"
    assert [r for *_, r in c.removed] == ["navigation", "breadcrumb", "dateline", "editor", "copyright"]


def test_offsets_point_back_to_raw():
    raw = "２０２０ 年，市委巡察組\n發現問題 4 858 件。"
    c = clean_text(raw)
    assert c.text == "2020年，市委巡察组\n发现问题4858件。"  # two lines, nothing says they join
    i = c.text.index("4858")
    a, b = c.raw_span(i, i + 4)
    assert raw[a:b] == "4 858"
    j = c.text.index("巡察组")
    assert raw[slice(*c.raw_span(j, j + 3))] == "巡察組"


def test_seed_pages_offsets_and_gold_normalisation(documents):
    for raw in documents["text"]:
        c = clean_text(raw)
        assert len(c.offsets) == len(c.text)
        assert np.all(np.diff(c.offsets) > 0)  # strictly increasing: each cleaned char has its own raw char
        kept = "".join(raw[i] for i in c.offsets)
        # every cleaned character comes from its raw character (up to width, script and newline)
        assert normalize_for_matching(kept) == normalize_for_matching(c.text)


CHUNKS = st.sampled_from([
    "巡察", "整改", "发现问题", "4 858", "件", "，", "。", " ", "\n", "\n\n", "\u3000", "Ａ", "１２", "％",
    "\ufffd", "# ", "**", "國內要聞 省內要聞 本地要聞 精彩點擊", "■本报记者", "（上接第一版）", "图为", "摄",
    "abc", "“", "”", "——", "\r\n", "\t", "第三", "十四五", "巡察組", "人（次）",
])
PAGES = st.lists(CHUNKS, max_size=60).map("".join) | st.text(max_size=300)


@given(PAGES)
@settings(max_examples=300, deadline=None)
def test_cleaning_never_raises_and_offsets_are_monotone(raw):
    c = clean_text(raw)
    assert len(c.offsets) == len(c.text)
    if len(c.text):
        assert np.all(np.diff(c.offsets) >= 0)
        assert c.offsets.min() >= 0 and c.offsets.max() < len(raw)


WORDS = st.sampled_from(["巡察", "整改", "发现问题", "4858件", "98%", "市委", "巡察组", "群众", "GDP growth",
                         "两个维护", "13.8万余份", "反馈", "党组织", "（社区）", "“后半篇文章”", "第三巡察组"])
SENTENCE = st.lists(WORDS, min_size=3, max_size=10).map(lambda ws: "，".join(ws) + "。")
BODY = st.lists(SENTENCE, min_size=1, max_size=4).map("".join).filter(lambda p: len(p) > 45)
HEADLINE = st.lists(st.sampled_from(["巡察", "利剑", "整改", "深化", "政治", "监督", "“回头看”"]),
                    min_size=2, max_size=6).map("".join)
ARTICLE = st.tuples(st.one_of(st.none(), HEADLINE), st.lists(BODY, min_size=1, max_size=4)).map(
    lambda t: ([t[0]] if t[0] else []) + t[1])
CLEAN_PAGES = st.lists(ARTICLE, min_size=1, max_size=4).map(lambda arts: "\n".join(p for a in arts for p in a))


@given(CLEAN_PAGES)
@settings(max_examples=200, deadline=None)
def test_clean_text_is_left_unchanged(text):
    """Already-clean text (paragraphs ending in a sentence, headlines above them) is a fixed point."""
    assert clean_text(text).text == text


def test_cleaning_is_idempotent_on_real_pages(documents):
    for raw in documents["text"]:
        once = clean_text(raw).text
        assert clean_text(once).text == once


def test_to_simplified():
    assert to_simplified("綏化日報") == "绥化日报"
    assert to_simplified("") == ""


SPACEY = st.lists(st.sampled_from(["巡察", "4", "858", "2020", "GDP", "growth", " ", "  ", "\u3000", "\t",
                                   "\u00a0", "\n", "，", "%", ".", "٣", "①", "a", "件"]), max_size=30).map("".join)


@given(SPACEY)
@settings(max_examples=300, deadline=None)
def test_space_removal_equals_the_plain_regex_rule(text):
    """The numpy fast path of OCR-space removal gives what one regex substitution gives."""
    from helpers.pages.cleaning import _SPACES, _remove_spaces, _space_repl

    out, idx = _remove_spaces(text, np.arange(len(text)))
    expected = _SPACES.sub(lambda m: _space_repl(m.string, m.start(), m.end()), text)
    assert out == expected
    kept = [m.start() for m in _SPACES.finditer(text) if _space_repl(text, m.start(), m.end())]
    dropped = {i for m in _SPACES.finditer(text) for i in range(m.start(), m.end())} - set(kept)
    assert idx.tolist() == [i for i in range(len(text)) if i not in dropped]


def test_lone_surrogates_are_dropped_and_raw_is_kept():
    c = clean_text("巡察\ud800。发现问题12个")
    assert c.text == "巡察。发现问题12个" and c.raw == "巡察\ud800。发现问题12个"
    assert c.raw[c.offsets[2]] == "。"


@given(st.lists(st.sampled_from(["本报", "记者", "通讯员", "讯", " ", "（", "(", "上接", "接上", "下转", "■", "◎", "某某",
                                 "巡察", "第一版", "）"]), max_size=8).map("".join))
@settings(max_examples=300, deadline=None)
def test_line_cue_first_characters_cover_the_line_cues(line):
    """LINE_CUE_FIRST is a shortcut written by hand: it must hold the first character of every cue."""
    from helpers.pages.cues import LINE_BYLINE, LINE_CONTINUED, LINE_CUE_FIRST

    if LINE_BYLINE.match(line) or LINE_CONTINUED.match(line):
        assert line[0] in LINE_CUE_FIRST


# ----------------------------------------------------------------------------- labels and datelines
@pytest.mark.parametrize("line, reason", [
    ("□ 延伸阅读", "share"), ("▎相关阅读", "share"), ("【相关新闻】", "share"), ("热点推荐：", "share"),
    ("两岸新闻", "section_label"), ("【其他新闻】", "section_label"), ("巡视动态", "section_label"),
    ("（本版编辑：李 文）", "editor"), ("文/张某", "editor"),
    ("日期:2023-01-13  来源:某某网站", "dateline"), ("2025-08-20 来源:区委巡察办", "dateline"),
    ("2019-03-20 17:03:08|来源:某某纪委网", "dateline"), ("2021-05-06 | 作者:某某", "dateline"),
    ("文/本刊记者 张某某 通讯员 李某", None), ("全县新闻工作会议召开", None), ("巡察发现问题动态清零", None),
])
def test_web_labels_and_datelines(line, reason):
    assert boilerplate_reason(line) == reason


def test_the_paragraph_under_a_removed_label_knows_it():
    clean = clean_text("第一条消息正文。\n\n图片新闻\n3月9日，村民正在管理枇杷树。\n")
    assert [p.after_label for p in clean.paragraphs] == ["", "share"]


def test_a_line_opening_with_a_bracketed_gloss_and_a_comma_finishes_the_line_above():
    """A reading gloss in brackets (pinyin, an English name) cut from its word by the line break, then a
    comma: the line above, however headline-like, goes on into it."""
    text = clean_text("村民们高兴地来到分红现\n(chǎng)，七十余名村民代表依次上台签字领取分红款。\n").text
    assert text.split("\n")[0] == "村民们高兴地来到分红现(chǎng)，七十余名村民代表依次上台签字领取分红款。"
    two = clean_text("某县巡察工作动态\n(一)迅速安排部署，切实履行主体责任。\n").text
    assert len(two.split("\n")) == 2


def test_a_ragged_hard_wrapped_column_keeps_its_sentences_whole():
    # lines re-wrapped at varying widths (18-30 characters): a line that stops mid-sentence, with clause
    # punctuation, goes on, even when it does not fill the column; a headline line and a caption credit do not
    page = ("县委巡察组进驻以来，坚持问题导向，深入基层一线，走访群众\n"
            "听取意见，共发现问题56个，\n"
            "移交问题线索12件，推动整改落实，取得了明显的成效，群众\n"
            "满意度持续提升。巡察期间，巡察组还围绕乡村振兴，\n"
            "开展专项检查，督促相关单位建立长效机制，切实把整改\n"
            "成果转化为治理效能。\n"
            "某某镇开展安全生产大检查\n"
            "近日，某某镇组织开展安全生产大检查，对辖区内企业进行\n"
            "全面排查，现场提出整改意见，限期整改到位。\n"
            "图为检查现场，右为张三。 张三 摄\n"
            "下一步，该镇将持续巩固排查成果，确保安全形势平稳。\n")
    lines = clean_text(page).text.split("\n")
    assert any(line.startswith("县委巡察组进驻以来") and line.endswith("治理效能。") for line in lines)
    assert "某某镇开展安全生产大检查" in lines
    assert any(line.endswith("张三 摄") or line.endswith("张三摄") for line in lines)


def test_a_first_line_cut_inside_a_word_is_not_a_headline():
    """「…浙江省人民医 / 院毕节医院…」: no clause punctuation and short, but jieba puts 人民医院 across the break."""
    from helpers.pages.cleaning import word_across

    assert word_across("市委第四巡察组全体成员、浙江省人民医", "院毕节医院党委领导班子成员")
    assert not word_across("街道开展防汛巡查工作", "为应对强降雨天气")  # 工作 / 为: a headline over its body
    page = ("县委巡察组进驻以来，坚持问题导向，深入基层一线，走访群众听\n取意见，推动整改落实，取得了明显的成效。\n"
            "县委第二巡察组全体成员、某某县人民医\n院党委领导班子成员及中层干部参加会议，会\n议由院党委书记主持，巡察组组长作动员讲话。\n")
    assert any(line.startswith("县委第二巡察组全体成员") and line.endswith("作动员讲话。")
               for line in clean_text(page).text.split("\n"))
