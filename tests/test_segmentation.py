"""Segmentation: layout cues on small invented pages (numbered subheads, captions inside an article)."""
from __future__ import annotations

import pytest

from helpers.cleaning import clean_text
from helpers.cues import SECTION_NUMBER
from helpers.segmentation import paragraphs_of, segment_paragraphs


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


def test_caption_between_numbered_sections_stays_inside():
    page = ("县委巡察工作年终盘点\n\n" + INTRO + "\n\n01｜聚焦政治监督 精准发现问题\n\n" + PARTS[0] +
            "\n\n▲县委第二巡察组在某镇入户走访（资料图）\n\n02｜压实整改责任 推动问题清零\n\n" + PARTS[1])
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
