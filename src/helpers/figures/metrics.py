"""Find every reported figure in a 巡察 report and tie it to an indicator, unit, qualifier and scope.

A figure is a number with a measure word (4858件, 13.8万余份, 98%); dates, ordinals, term numbers,
slogans and idioms are dropped. Indicator rules live in ``data/indicators.csv`` (editable).
"""
from __future__ import annotations

import csv
import logging
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ..core.config import PACKAGE_DATA_DIR
from ..core.numerals import AR_NUM, CN_NUM, MIXED_NUM, MULTIPLIERS, parse_number
from ..pages.cues import is_table_row
from .frames import CONFIDENCE, DECIDERS, REVIEW_BELOW, add_flags, check_deciders, decide, read_frame

log = logging.getLogger(__name__)

INDICATORS_FILE = PACKAGE_DATA_DIR / "indicators.csv"
UNITS_FILE = PACKAGE_DATA_DIR / "units.csv"
PHRASES_FILE = PACKAGE_DATA_DIR / "number_phrases.txt"

METRIC_COLUMNS = ["doc_id", "file", "article", "indicator", "value", "value_high", "unit", "qualifier",
                  "value_text", "sentence", "quote", "start", "end", "scope_period", "scope_body", "rule",
                  "indicator_source", "confidence", "needs_review", "frame_verb", "frame_noun",
                  "figure_id", "part_of", "kind", "period", "repeat_of"]

#: Qualifiers as written → the taxonomy's form.
QUALIFIERS = {"余": "余", "多": "多", "近": "近", "将近": "近", "接近": "近", "约": "约", "大约": "约",
              "超": "超", "超过": "超", "逾": "逾", "以上": "以上", "左右": "左右", "不到": "不到", "不足": "不到"}
TIME_UNITS = {"天", "周", "个月", "工作日"}

# Shorthands usable in the indicator patterns (see data/indicators.csv and its README).
SHORTHANDS = {
    "FIG": r"⟨[^⟩]*⟩",                                   # the figure being classified
    "MOD": r"[^，,；;。！？⟨⟩、\d及和与\n（）()]{0,6}?",      # a short modifier between figure and noun
    "MODV": r"[^，,；;。！？⟨⟩、\d及和与\n（）()镇乡街]{0,6}?",   # the same, for village nouns (镇美丽乡村 is no village)
    "INS": r"巡(?![查逻河检防])(?:察|视)?",                 # an inspection verb: 巡察, 巡视, 一体巡
    "ORG": r"(?:党组织|党委|党组|单位|部门|机关|企业|站所|检察院|法院|学校|医院|机构|公司|协会)",
    "VIL": r"(?:行政村|村（社区）|村\(社区\)|村居|村级党组织|村党组织|村|社区)",
    "TWN": r"(?:乡（镇、街道）|乡\(镇、街道\)|乡镇（街道）|乡镇\(街道\)|乡镇|镇街|街道|办事处|镇|乡)",
    "LIST": r"(?:[^，,；;。！？⟨⟩\d\n（）()]{1,6}?[、和及与])*?",  # coordinated nouns: 乡镇、部门和…
    "CL": r"[^，,；;。！？⟨⟩\n]",                            # any character inside the same clause
}


# ----------------------------------------------------------------------------- rule files
@dataclass(frozen=True)
class IndicatorRule:
    indicator: str
    number: int            # position among the file's rules for this indicator (1-based)
    pattern: re.Pattern
    units: frozenset[str]  # empty: any unit
    exclude: re.Pattern | None
    note: str

    @property
    def name(self) -> str:
        return f"{self.indicator}#{self.number}"


def expand_shorthands(pattern: str) -> str:
    """Replace FIG, MOD, LIST, INS, ORG, VIL, TWN and CL by their regular expressions."""
    for key in ("FIG", "MODV", "MOD", "LIST", "INS", "ORG", "VIL", "TWN", "CL"):
        pattern = pattern.replace(key, SHORTHANDS[key])
    return pattern


@lru_cache(maxsize=8)
def load_indicator_rules(path: str | Path = INDICATORS_FILE, units_file: str | Path = UNITS_FILE
                         ) -> tuple[IndicatorRule, ...]:
    """Read the indicator rules (CSV: indicator, pattern, units, exclude, note), in file order.

    A malformed row stops with :class:`~helpers.core.rules.RuleFileError` naming the file, the line and the
    reason: a wrong field count (an unquoted comma in a pattern), a pattern or exclude that does not compile,
    or a unit that is not in ``units.csv``."""
    from ..core.rules import read_rule_rows

    known = set(load_units(units_file))
    known |= {c for c, _ in load_units(units_file).values()}

    def check(row: dict) -> str | None:
        for col in ("pattern", "exclude"):
            if col == "exclude" and not (row.get(col) or "").strip():
                continue
            try:
                re.compile(expand_shorthands(row[col]))
            except re.error as err:
                return f"the {col} of {row['indicator'].strip()} does not compile: {err}"
        bad = [u.strip() for u in (row.get("units") or "").split("|") if u.strip() and u.strip() not in known]
        if bad:
            return f"unit(s) {', '.join(bad)} of {row['indicator'].strip()} not in {Path(units_file).name}"
        return None

    rules, counts = [], {}
    for _, row in read_rule_rows(path, required=("indicator", "pattern", "units"), check=check):
        ind = row["indicator"].strip()
        counts[ind] = counts.get(ind, 0) + 1
        pat = re.compile(expand_shorthands(row["pattern"]))
        exc = re.compile(expand_shorthands(row["exclude"])) if (row.get("exclude") or "").strip() else None
        units = frozenset(u.strip() for u in (row.get("units") or "").split("|") if u.strip())
        rules.append(IndicatorRule(ind, counts[ind], pat, units, exc, row.get("note", "")))
    return tuple(rules)


@lru_cache(maxsize=4)
def load_units(path: str | Path = UNITS_FILE) -> dict[str, tuple[str, float]]:
    """Measure words as written → (canonical unit, multiplier)."""
    out = {}
    with open(path, encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            out[row["unit"]] = (row["canonical"], float(row["multiplier"]))
    return out


@lru_cache(maxsize=4)
def load_number_phrases(path: str | Path = PHRASES_FILE) -> tuple[str, ...]:
    lines = Path(path).read_text(encoding="utf-8-sig").splitlines()
    return tuple(sorted({ln.strip() for ln in lines if ln.strip() and not ln.startswith("#")}, key=len, reverse=True))


@lru_cache(maxsize=4)
def _figure_regex(units_key: str) -> re.Pattern:
    units = sorted(load_units(units_key), key=len, reverse=True)
    unit_alt = "|".join(re.escape(u) for u in units)
    pre = "|".join(sorted((q for q in QUALIFIERS if q not in ("余", "多", "以上", "左右")), key=len, reverse=True))
    return re.compile(
        rf"(?P<qpre>{pre})?"
        rf"(?P<num>{MIXED_NUM}|{AR_NUM}|{CN_NUM}|(?<=[逾近超约])[万千百]|(?<![\d零〇一二两三四五六七八九十百千])[万百](?=余|多))"
        rf"(?:(?:至|到|-|~|－|—|～)(?P<num2>{AR_NUM}|{CN_NUM}))?"
        rf"(?P<q1>余|多)?(?P<mult>千万|百万|万|亿)?(?P<q2>余|多)?"
        rf"(?P<unit>{unit_alt})"
        rf"(?P<qpost>以上|左右|之多)?")


_PERCENT_CN = re.compile(r"(?P<qpre>近|约|超过|超|逾)?百分之(?P<num>[零〇一二两三四五六七八九十百点]+|\d+(?:\.\d+)?)")
_FRACTION = re.compile(r"(?P<qpre>约|近|超过|超|逾|不到)?(?<![\d/.])(?P<a>[1-9])/(?P<b>[2-9]|10)(?![\d/])")
_CHECKLIST = re.compile(r"(?<=[“\"「『])(?P<num>\d+)[\u4e00-\u9fff](?=[”\"」』])")
# numeral + content + numeral + content (三聚焦一落实, 六稳六保, 两不愁三保障); content characters are
# neither numerals nor measure words, so 一百二十个 or 两名干部三名群众 are not slogans
_NOT_CONTENT = "零〇一二两三四五六七八九十百千万亿个名人件项次户家条"
_SLOGAN_SHAPE = re.compile(rf"[一二两三四五六七八九十双][^\W\d{_NOT_CONTENT}]{{1,3}}[一二两三四五六七八九十双][^\W\d{_NOT_CONTENT}]")
_QUOTED = re.compile(r"[“\"「『‘][^”\"」』’“「『‘\n]{1,16}[”\"」』’]")
_CONVERSION = re.compile(r"[（(][^（）()]*[≈=＝][^（）()]*[）)]")
_TERM_AFTER = re.compile(r"^(?:届|次全会|中全会|次党代会|次全体会议|次会议精神)")
# characters after a unit that show it was not a measure word (任期, 组织, 支持 …)
_UNIT_BLOCK = {"期": "间限满末初中", "组": "织成建", "支": "持部付出撑", "口": "号径", "起": "来到步",
               "本": "届级地", "周": "年边", "名": "义单称额字", "家": "庭属长", "次": "全", "节": "日点约",
               "处": "分理置", "种": "植子", "所": "以有在谓", "间": "隙", "张": "贴", "个": "半",  # 两个半月
               "人": "民", "轮": "车"}  # 吕四人民 (a place name, then 人民), 三轮车
# what may stand between two figures of one list: 、 和 及 与, or a clause break and a total (合计/共计)
_LIST_LINK = re.compile(r"\s*(?:[、和及与]|[，,；;]?\s*(?:合计|共计|总计|累计|共))\s*")
#: 前/后 naming earlier or later rounds (前四轮, 后两轮), not 目前, 此前, 之后 …
_EARLIER = re.compile(r"(?<![目此之以提日今然最])[前后]$")
#: a figure planned, not achieved: 「计划开展3轮」, 「拟对20个左右党组织开展巡察」 …
_PLAN = re.compile(r"(?:计划|拟|预计|力争|打算|争取)(?:在|于|用|对|开展|培训|完成|实现|组织|派出|抽调|年内|全年|给予|将)"
                   r"|(?:年底|月底|年内|年前)前?将")  # a deadline ahead: 「今年年底前将对两家子公司开展巡察」
#: 拟 before a verb in the figure's own clause (立案3起，拟立案9起): planned
_PLAN_CLAUSE = re.compile(r"(?<![草起虚模])拟(?![定稿任])[\u4e00-\u9fff]")
#: a pledged figure: 「确保整改完成率达到95%」
_TARGET = re.compile(r"确保[^，,。；;！？]{0,16}(?:达到|实现|不低于|控制在)$")
#: work arranged in batches with its purpose after it (分三轮对245个村开展巡察，确保实现全覆盖): a plan
_ARRANGED = re.compile(r"分[一二三四五六七八九十两\d]+(?:轮|批|期|个阶段)")
_PURPOSE = re.compile(r"确保|力争|争取")
#: a numeral + measure word that opens a place name (三台县, 千家寨); 个 (三个县) counts
_PLACE_END = set("县寨庄屯堡岭峪")
#: a list of plenary sessions: 二次、三次、四次全会
_TERM_LIST = re.compile(r"(?:[、和及]?[一二三四五六七八九十]+次)*(?:全会|中全会|全体会议)")
#: rounds named, not counted: 「七轮巡察发现问题…」 (counted rounds have a verb: 开展七轮巡察, or stand in a list)
_ROUND_REFERENCE = re.compile(r"[^，,。；;！？\d]{0,4}?巡[察视][^，,。；;！？]{0,3}?(?:发现|共发现|均|中|期间|以来|反馈|移交|工作中|过程中)")
_ROUNDS_COUNTED = re.compile(r"开展|完成|组织|实施|进行|启动|安排|部署|累计|共|已|先后|通过|[、和及与]")
#: a statement of what a place has (全市辖11个镇街道, 四川共有村社区34万余个, 我市共有313个村级党组织), not inspection work
_BACKGROUND = re.compile(r"(?<![所及其])下?辖(?![区内的])|拥有|总面积|总人口|常住人口|(?:[全我该本][省市县区州旗镇乡]|辖区)内?共有$|"
                         r"共有(?:行政村|村|社区|乡镇|镇|街道)(?:[（(][^）)]{1,6}[）)])?$")  # $: right before the figure
#: the size of a place counted in the clause (涉及3439个村民小组、93万人口; 1587个行政村，总面积…; 19个民族): not inspection work
_POPULATION = re.compile(r"人口|面积|民族")
_INSPECTION_WORK = re.compile(r"巡|发现|整改|移交|处分|问责|走访|谈话")
#: a numbered formula: a verb of doctrine, a Chinese count and an abstract noun (推行三项机制, 落实四个到位)
_FORMULA_NOUN = re.compile(r"[项个条大种][^，,。；;、\d]{0,4}?(?:机制|措施|原则|要求|举措|工作法|到位|任务|清单|环节|重点|不准|严禁|标准"
                           r"|创新|工作(?!人员|组|队)|强化|提升|坚持|结合|融合|统筹|突破)")
_FORMULA_VERB = re.compile(r"推行|执行|落实|坚持|实行|做到|突出|聚焦|围绕|紧扣|把握|强化|严守|落细|实施|做好|抓好|抓实|提出了?|践行|以$")  # $: right before the count (以三个强化为抓手)
#: … unless its own clause says it is done: 「计划开展3轮，已完成2轮」
_DONE = re.compile(r"已|完成|累计|共计|实际")
#: a working formula with a placeholder count: 「1+N」, 「联系N个镇街」
_FORMULA = re.compile(r"[0-9一二三四五六七八九十][+＋][NnＮXx](?![A-Za-z])|(?<![A-Za-z])[NnＮ]个")
#: the next item of a list of categories: 「、党的建设方面」101个
_CATEGORY_ITEM = re.compile(r"[、,，]\s*[\u4e00-\u9fff“”]{1,12}(?:方面|领域|类)(?:的)?(?:问题)?")
#: a part of the figure before it, named by a short label: 「，其中科级干部」5人
_PART_LINK = re.compile(r"[，,。.]\s*其中[，,]?[^，,。；;！？\d]{0,12}")
#: what may stand between a figure and the one before it for the two to share an indicator:
#: 「214个、187个和165个，合计566个」, 「问责12人，其中科级干部5人」, 「党的领导方面87个、党的建设方面101个」
_LINKS = (("list", _LIST_LINK), ("part", _PART_LINK), ("list", _CATEGORY_ITEM))
_SENT_END_CHARS = "。！？；!?;\n"
#: a sentence end; a half-width period only when no digit or Latin letter follows (94.76%. 对…, not 1.2万 or gov.cn)
_SENT_END = re.compile(f"[{_SENT_END_CHARS}]|\\.(?![\\dA-Za-z])")
PERIOD = re.compile(r"\d{4}年(?:以来|来|度|底)?|[一二三四五六七八九十\d]+届(?![市县区]?委?第)(?:[市县区]委)?(?:以来)?|"
                    r"本届(?:[市县区]委)?|"
                    r"(?:今|去|前)年(?:以来)?|近[一二三四五六七八九十两\d]+年(?:来)?|[一二三四五六七八九十两\d]+年来|"
                    r"一年来|全年|截至(?:目前|\d{4}年\d{1,2}月(?:底)?)")
BODY = re.compile(r"(?:市|县|区|州|盟|旗)委(?:第[一二三四五六七八九十]+巡察组|巡察办|巡察组|巡察机构|巡察工作领导小组)?|"
                  r"(?:市|县|区|州)纪委监委|全(?:市|县|区|州)|巡察组|巡察办|巡察机构")


# ----------------------------------------------------------------------------- extraction
@dataclass
class Figure:
    start: int
    end: int
    value: float
    value_high: float | None
    unit: str
    qualifier: str
    text: str
    chinese: bool
    kind: str = "reported"   # or plan / target: not (yet) achieved


_CN_DIGITS = frozenset("零〇一二两三四五六七八九")
_DIGIT_BY_DIGIT = re.compile(r"[零〇一二两三四五六七八九]{2,}")
#: a team named by its number (巡察二组, 督导三组), not a count of teams (分七组, 7个巡察组)
_TEAM_NAMED = ("巡察", "巡视", "督导", "督查", "检查", "专项")

_ONE_SENT = ("派出", "组建", "成立", "派驻", "选派", "抽调")


def _counted_one(before: str, unit: str, after: str) -> bool:
    """一 that counts: one team sent or formed (派出一个巡察组), one month as a length (一个月左右, 一个月时间,
    为期一个月);
    ``after`` runs from the numeral past the measure word."""
    if unit in ("个", "支") and before.endswith(_ONE_SENT):
        return "组" in after[:7]
    return unit in ("个月", "周") and (any(w in after for w in ("左右", "时间")) or before.endswith(("为期", "历时", "用时")))


def _is_negative(text: str, m: re.Match, unit: str, chinese: bool, value: float,
                 phrases: tuple[str, ...]) -> str | None:
    """Why the figure matched by ``m`` (groups ``num`` …) is not a metric, or None."""
    m_start, end, num_start, num_end = m.start(), m.end(), m.start("num"), m.end("num")
    before = text[max(0, num_start - 8):num_start]
    after = text[end:end + 6]
    if before.endswith("第") or re.search(r"第[一二三四五六七八九十百\d]+、$", before):
        return "ordinal"
    if unit == "组" and before.endswith(_TEAM_NAMED):
        return "ordinal (a team's name: 巡察二组)"
    if chinese and (before[-1:] and before[-1] in _CN_DIGITS or _DIGIT_BY_DIGIT.fullmatch(m.group("num"))):
        return "enumeration or estimate (一二三轮巡察, 七八个)"  # counts are not written digit by digit
    if unit in ("天", "日", "个月", "月", "周", "年", "个工作日") and after.startswith(("内", "之内", "以内")):
        return "a deadline (在2个月内报送整改情况报告)"
    if unit == "点":
        if before.endswith(("早", "晚", "上午", "下午", "中午", "凌晨", "晚上", "夜里")) or after[:1] in "钟半至到-—－:：" \
                or (after[:1] == "整" and not after.startswith("整改")) \
                or after[:1].isdigit():
            return "a time of day (早8点至晚6点)"
        if not after.startswith(("整改", "具体整改", "针对性整改")):
            return "points of a speech (提出三点要求, 三点意见): only rectification advice is counted"
    if unit in ("天", "日") and before.endswith("前"):
        return "a time in the story (前两天)"
    if _TERM_AFTER.match(text[num_end:num_end + 6]):
        return "term"
    if before.endswith(("几", "数", "若干")) or text[num_end:num_end + 1] == "几":
        return "vague"
    blockers = _UNIT_BLOCK.get(unit[-1:], "")
    if blockers and after[:1] and after[0] in blockers:
        return "not a measure word"
    if chinese and value == 1 and (text.find(m.group(0), end, end + 8) >= 0
                                   or text.find(m.group(0), max(0, m_start - 8), m_start) >= 0):
        return "parallel formula (巡察一轮、反馈一轮; 成熟一个、发展一个)"
    if chinese and value == 1 and not (unit == "轮" and not before.endswith(("新", "每", "上", "下", "这", "那", "同"))) \
            and not _counted_one(before, unit, text[num_end:end + 6]):
        return "indefinite 一"  # 一个, 一批, 一起 … but 开展一轮巡察 counts one round
    if unit == "轮" and (before.endswith(("头", "上述", "这", "该")) or _EARLIER.search(before)):
        return "reference to rounds (前四轮巡察反馈的问题, 上述两轮巡察)"
    if chinese and unit not in ("个", "名", "人") and text[end:end + 1] in _PLACE_END:
        return "place name (三台县, 千家寨)"
    if unit == "次" and _TERM_LIST.match(text, end):
        return "term (二次三次四次全会)"
    a, b = _clause_bounds(text, m_start, end)
    if unit == "轮" and _ROUND_REFERENCE.match(text, end) and not _ROUNDS_COUNTED.search(text, a, m_start):
        return "reference to rounds (七轮巡察发现问题…, 两轮巡察均由县委决定)"
    if (_BACKGROUND.search(text, a, m_start) or _POPULATION.search(text, a, b)) and not _INSPECTION_WORK.search(text, a, b) \
            or "之一" in text[end:b] or _background_sentence(text, a, m_start):
        return "background fact (全市辖11个镇街道，共166个社区; 作为全省5个试点县之一)"
    if chinese and _FORMULA_NOUN.match(text, num_end) and (_FORMULA_VERB.search(text, max(a, m_start - 6), m_start) or (
            text[m_start - 1:m_start] == "的" and text.count("、", a, m_start) >= 2)):  # 聚焦…、…、…的四个判断标准
        return "numbered formula (推行三项机制, 落实四个到位)"
    if _FORMULA.search(text, a, b):
        return "formula (1个巡察组联系N个镇街)"
    if chinese and text.startswith("个方面", num_end) and text.count("、", max(0, num_start - 30), num_start) >= 2:
        return "formula (党的领导、党的建设、全面从严治党三个方面)"
    if chinese and text.startswith("件大事", num_end):
        return "formula (四件大事)"
    for ph in phrases:
        i = text.find(ph, max(0, m_start - len(ph)), end + len(ph))
        if i >= 0 and i < end and i + len(ph) > num_start:
            return "set phrase"
    if chinese:
        for q in _QUOTED.finditer(text, max(0, m_start - 16), min(len(text), end + 16)):
            if q.start() <= num_start and q.end() >= num_end:
                return "slogan (quoted)"
        window = text[max(0, num_start - 4):end + 4]
        if _SLOGAN_SHAPE.search(window):
            return "slogan (numbered formula)"
    if unit.endswith("元") and (after.startswith(("以下", "以内")) or
                                (before.endswith(("不到", "不足", "低于", "少于")) and after.startswith("的"))):
        return "threshold (金额…元的/以下)"
    for c in _CONVERSION.finditer(text, max(0, m_start - 30), min(len(text), end + 30)):
        if c.start() <= m_start and c.end() >= end:
            return "conversion note"
    return None


def _background_sentence(text: str, a: int, start: int) -> bool:
    """Whether the sentence before the clause ``a…`` opens with a background fact (全市辖11个镇(街道)，共166个
    社区，其中农村社区85个) and says nothing of inspection work up to the figure."""
    sa, _ = _sentence_bounds(text, start)
    return sa < a and bool(_BACKGROUND.search(text, sa, a)) and not _INSPECTION_WORK.search(text, sa, start)


def _figure_kind(text: str, start: int, num_start: int) -> str:
    """``reported``, or ``target`` (确保…达到95%) or ``plan`` (计划开展3轮, 拟对20个单位…) for a figure that
    is not (yet) achieved; a clause saying it is done (已完成2轮) keeps it reported. A round announced as it
    starts (本轮巡察将对12个单位开展巡察) is reported: its figures are facts of the round."""
    a, _ = _clause_bounds(text, start, start)
    if _TARGET.search(text, a, start):
        return "target"
    sa, sb = _sentence_bounds(text, num_start)
    if (_PLAN.search(text, sa, num_start) or _PLAN_CLAUSE.search(text, a, num_start)) \
            and not _DONE.search(text, a, num_start):
        return "plan"
    if _ARRANGED.search(text, sa, start + 8) and _PURPOSE.search(text, start, sb) and not _DONE.search(text, sa, sb):
        return "plan"
    return "reported"


def find_figures(text: str, *, units_file: str | Path = UNITS_FILE,
                 phrases_file: str | Path = PHRASES_FILE) -> list[Figure]:
    """All quantities in ``text`` that may be metrics, with value, unit and qualifier.

    Dates, years, ordinals (第三), term numbers (十三届, 六次全会), vague counts (十几), the
    indefinite 一 (一个, 一批), numbered slogans and set phrases are dropped.
    """
    units = load_units(str(units_file))
    phrases = load_number_phrases(str(phrases_file))
    out: list[Figure] = []
    taken: list[tuple[int, int]] = []
    for m in _figure_regex(str(units_file)).finditer(text):
        num = m.group("num")
        unit_written = m.group("unit")
        canonical, unit_mult = units[unit_written]
        chinese = not re.match(r"\d", num)
        if chinese and m.group("mult") and m.group("mult") in num:
            continue
        if num in ("万", "千", "百") and m.group("mult"):
            continue
        if num in ("万", "百") and m.group("q1") is None and m.group("q2") is None and not m.group("qpre"):
            continue
        value = {"万": 1e4, "千": 1e3, "百": 1e2}.get(num) or parse_number(num)  # 近万人, 万余人, 百余亩: a bare 万 or 百
        if value is None:
            continue
        if text[max(0, m.start("num") - 1):m.start("num")].isdigit() or text[m.end("num"):m.end("num") + 1] in ("年",):
            continue
        reason = _is_negative(text, m, unit_written, chinese, value, phrases)
        if reason:
            log.debug("dropped %r: %s", m.group(0), reason)
            continue
        mult = MULTIPLIERS.get(m.group("mult") or "", 1.0) * unit_mult
        high = parse_number(m.group("num2")) if m.group("num2") else None
        kind = _figure_kind(text, m.start(), m.start("num"))
        if high is not None and kind == "reported":
            kind = "range"  # 为期3至5天, 3—4个村: a span, no single figure to add up
        qual = m.group("qpre") or m.group("q1") or m.group("q2") or m.group("qpost") or ""
        if not qual and canonical != unit_written and ("多" in unit_written or "余" in unit_written):
            qual = "余" if "余" in unit_written else "多"  # the hedge inside the measure word: 1个多月
        out.append(Figure(m.start(), m.end(), _round(value * mult), _round(high * mult) if high is not None else None,
                          canonical, QUALIFIERS.get(qual, "多" if qual == "之多" else qual), m.group(0), chinese, kind))
        taken.append((m.start(), m.end()))
    for m in _PERCENT_CN.finditer(text):
        v = parse_number(m.group("num"))
        if v is not None and not _inside(taken, m.start()):
            out.append(Figure(m.start(), m.end(), _round(v), None, "%", QUALIFIERS.get(m.group("qpre") or "", ""),
                              m.group(0), True, _figure_kind(text, m.start(), m.start("num"))))
    for m in _FRACTION.finditer(text):
        a, b = int(m.group("a")), int(m.group("b"))
        if a < b and not _inside(taken, m.start()):
            out.append(Figure(m.start(), m.end(), _round(100 * a / b), None, "%",
                              QUALIFIERS.get(m.group("qpre") or "", ""), m.group(0), False))
    for m in _CHECKLIST.finditer(text):
        if not _inside(taken, m.start()):
            out.append(Figure(m.start("num"), m.end("num"), float(m.group("num")), None, "", "", m.group("num"), False))
    return sorted(out, key=lambda f: f.start)


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    """Whether ``pos`` falls in one of ``spans`` (sorted, not overlapping): a binary search."""
    k = bisect_right(spans, (pos, float("inf"))) - 1
    return k >= 0 and pos < spans[k][1]


def _round(x: float) -> float:
    return float(round(x, 6))


# Positions of sentence and clause ends (and all PERIOD/BODY matches) of the last few texts, found
# once per text, so bounds and scopes are a binary search, not a scan back to the start of a page
# without line breaks (which made a 10 MB page quadratic).
_CLAUSE_START = re.compile(r"[，,；;。！？：:\n]")
_CLAUSE_END = re.compile(r"[，,；;。！？\n]")
_NEWLINE = re.compile(r"\n")
_INDEX: dict[tuple[int, int], tuple[str, tuple[list[int], list[int], list[str]]]] = {}


def _matches(text: str, pattern: re.Pattern) -> tuple[list[int], list[int], list[str]]:
    """Starts, ends and texts of ``pattern.finditer(text)``, cached for the last few texts."""
    key = (id(text), id(pattern))
    hit = _INDEX.pop(key, None)
    if hit is None or hit[0] is not text:
        found = list(pattern.finditer(text))
        hit = (text, ([m.start() for m in found], [m.end() for m in found], [m.group(0) for m in found]))
        if len(_INDEX) >= 32:
            _INDEX.pop(next(iter(_INDEX)))  # the least recently used
    _INDEX[key] = hit
    return hit[1]


def _sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    """The sentence around ``pos``: after the last sentence end before it, up to the next one
    (a half-width period ends a sentence unless a digit or letter follows it: 94.76%. 对…)."""
    ends = _matches(text, _SENT_END)[0]
    k = bisect_left(ends, pos)
    return (ends[k - 1] + 1 if k else 0), (ends[k] if k < len(ends) else len(text))


def _clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    opens, closes = _matches(text, _CLAUSE_START)[0], _matches(text, _CLAUSE_END)[0]
    k, j = bisect_left(opens, start), bisect_left(closes, end)
    return (opens[k - 1] + 1 if k else 0), (closes[j] if j < len(closes) else len(text))


def classify_figure(text: str, fig: Figure, *, rules: tuple[IndicatorRule, ...] | None = None,
                    window: int = 120) -> tuple[str, str]:
    """Return ``(indicator, rule_name)`` for a figure, ``("other", "unit")`` when no rule matches."""
    rules = rules if rules is not None else load_indicator_rules(str(INDICATORS_FILE))
    a, b = _sentence_bounds(text, fig.start)
    a, b = max(a, fig.start - window), min(b, fig.end + window)
    marked = text[a:fig.start] + "⟨" + text[fig.start:fig.end] + "⟩" + text[fig.end:b]
    for r in rules:
        if r.units and fig.unit not in r.units:
            continue
        if fig.unit in TIME_UNITS and r.indicator != "inspection_duration":
            continue
        if r.pattern.search(marked) and not (r.exclude and r.exclude.search(marked)):
            return r.indicator, r.name
    return "other", "unit"


_SCAN_SPAN = 256  # longer than any PERIOD or BODY match and its look-ahead


def _last_match(pattern: re.Pattern, text: str, lo: int, hi: int) -> str:
    """The last match of ``pattern.finditer(text, lo, hi)`` (``""`` if none) in time independent of
    ``hi - lo``: matches ending well before ``hi`` come from one scan of the whole text; only the last
    ``_SCAN_SPAN`` characters, where ``hi`` may cut a match short, are scanned again. ``lo`` must not
    fall inside a match (true for sentence and paragraph starts: PERIOD and BODY hold no end marks)."""
    starts, ends, groups = _matches(text, pattern)
    k = bisect_left(starts, hi - _SCAN_SPAN) - 1
    if k >= 0 and starts[k] >= lo and ends[k] <= hi:
        restart, last = ends[k], groups[k]
    else:
        restart, last = max(lo, hi - _SCAN_SPAN), ""
    for m in pattern.finditer(text, restart, hi):
        last = m.group(0)
    return last


def _scope(text: str, fig: Figure) -> tuple[str, str]:
    a, _ = _sentence_bounds(text, fig.start)
    breaks = _matches(text, _NEWLINE)[0]
    k = bisect_left(breaks, fig.start)
    para_start = breaks[k - 1] + 1 if k else 0
    period = _last_match(PERIOD, text, a, fig.start) or _last_match(PERIOD, text, para_start, fig.start)
    return period, _last_match(BODY, text, a, fig.start)


#: every kind of figure: ``reported`` (achieved, said once), ``plan`` (计划开展3轮, 本轮巡察将对…), ``target``
#: (确保…达到95%), ``repeat`` (a headline or summary figure restating one given before: ``repeat_of``), ``range``
#: (为期3至5天, 3—4个村: a span given as ``value``–``value_high``, no single figure to add up)
KINDS = ("reported", "plan", "target", "repeat", "range")
REPORTED = ("reported",)
#: nullable integer columns (a missing part_of or repeat_of is <NA>, not a float NaN)
METRIC_INT_COLUMNS = ("figure_id", "part_of", "repeat_of")


def _kinds(kinds) -> frozenset[str]:
    if kinds is None or kinds == "all":
        return frozenset(KINDS)
    kinds = (kinds,) if isinstance(kinds, str) else tuple(kinds)
    unknown = set(kinds) - set(KINDS)
    if unknown:
        raise ValueError(f"unknown figure kind(s) {sorted(unknown)}; use some of {KINDS} or 'all'")
    return frozenset(kinds)


def extract_metrics(text: str, *, kinds=REPORTED, rules_file: str | Path = INDICATORS_FILE,
                    units_file: str | Path = UNITS_FILE, phrases_file: str | Path = PHRASES_FILE,
                    deciders=DECIDERS) -> pd.DataFrame:
    """Every metric in one (cleaned, simplified) text, one row per figure.

    Columns: indicator, value, value_high, unit, qualifier, value_text, sentence, quote, start, end
    (offsets in ``text``), scope_period, scope_body, rule, the frame's verdict and the flags (figure_id,
    part_of, kind, period, repeat_of). Time quantities (天, 个月, 周) are kept only as the length of an
    inspection (为期40天); other time spans are narrative.

    ``kinds``: which figures to return, by ``kind`` (default reported only: what a report says was done,
    once); ``"all"`` (or :data:`KINDS`) keeps planned, pledged, repeated and ranged figures too, flagged. Figure ids
    count every kind, so they are the same whichever kinds are returned.

    ``deciders``: which ways of deciding the indicator take part (:func:`helpers.figures.frames.decide`):
    default all, ``("rule",)`` the sentence rules alone, ``("lexicon", "rule")`` without the classifier,
    ``("lexicon", "rule", load_model(path))`` with a retrained classifier.
    """
    return records_frame(extract_metric_records(text, kinds=kinds, rules_file=rules_file, units_file=units_file,
                                                phrases_file=phrases_file, deciders=deciders))




def records_frame(records: list[dict], columns: list[str] | None = None) -> pd.DataFrame:
    """Metric records as a DataFrame, column by column, the ids built directly as nullable Int64 arrays (a
    missing part_of is <NA>, not NaN): casting them afterwards cost several times the extraction itself."""
    import numpy as np
    from pandas.arrays import IntegerArray

    data = {}
    for k in columns or METRIC_COLUMNS[3:]:
        vals = [r.get(k) for r in records]
        if k in METRIC_INT_COLUMNS:
            vals = IntegerArray(np.array([0 if v is None else v for v in vals], dtype="int64"),
                                np.array([v is None for v in vals], dtype=bool))
        data[k] = vals
    return pd.DataFrame(data)


#: a line break inside a sentence (OCR columns, wrapped web text): the line before holds a clause mark and
#: ends in a character, the next line starts with one: 医院党委对巡察组反馈\n的33项具体问题
#: a line break inside a sentence: after a character or digit, or after a short aside that follows one (共巡察69个（社区）
#: / 村党组织), before a character or digit
_WRAP = re.compile(r"(?:(?<=[\u4e00-\u9fff\d０-９])|(?<=[\u4e00-\u9fff][（(][\u4e00-\u9fff]{2}[）)])|(?<=[\u4e00-\u9fff][（(][\u4e00-\u9fff]{3}[）)]))"
                   r"[ \t\u3000]*\n(?=[ \t\u3000]*[\u4e00-\u9fff\d０-９])")
_WRAP_LINE = re.compile(r"[，,；;。、]")
#: the number of a section heading (一、 2、 （三）), whose 、 is no clause mark
_HEADING_NUMBER = re.compile(r"[ \t\u3000]*(?:[一二三四五六七八九十]+、|\d{1,2}[、.．](?!\d)|[（(][一二三四五六七八九十\d]{1,3}[）)])")


def join_wrapped_lines(text: str) -> str:
    """``text`` with each line break that only wraps a sentence replaced by a space (offsets unchanged):
    the line before must hold a clause mark (a headline or a label rarely does; the 、 of a section number
    such as 一、 does not count) and end in a character or digit, the next line start with one."""
    if "\n" not in text:
        return text
    out, last = [], 0
    for m in _WRAP.finditer(text):
        nl = text.index("\n", m.start())
        line_start = text.rfind("\n", 0, m.start()) + 1
        numbered = _HEADING_NUMBER.match(text, line_start, m.start())
        if numbered:
            line_start = numbered.end()
        if _WRAP_LINE.search(text, line_start, m.start()) and not is_table_row(text[line_start:nl]):
            out.append(text[last:nl])
            out.append(" ")
            last = nl + 1
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)


#: pinyin printed after a character (ruby annotations copied as text): 组建4个gè巡察组, 网(wǎng)络; one
#: syllable with a tone mark, so Latin words (App, gov) stay
_TONE = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_RUBY = re.compile(rf"(?<=[\u4e00-\u9fff])(?:[(（][a-zü]{{0,5}}[{_TONE}][a-zü]{{0,5}}[)）]"
                   rf"|[a-zü]{{0,5}}[{_TONE}][a-zü]{{0,5}}(?![A-Za-z{_TONE}]))")


def strip_ruby(text: str) -> tuple[str, list[int] | None]:
    """``text`` without pinyin annotations and the map from its positions to those of ``text`` (one entry
    per character plus the end), or ``(text, None)`` when it has none."""
    if not _RUBY.search(text):
        return text, None
    parts, back, last = [], [], 0
    for m in _RUBY.finditer(text):
        parts.append(text[last:m.start()])
        back.extend(range(last, m.start()))
        last = m.end()
    parts.append(text[last:])
    back.extend(range(last, len(text) + 1))
    return "".join(parts), back


def extract_metric_records(text: str, *, kinds=REPORTED, rules_file: str | Path = INDICATORS_FILE,
                           units_file: str | Path = UNITS_FILE, phrases_file: str | Path = PHRASES_FILE,
                           deciders=DECIDERS) -> list[dict]:
    """:func:`extract_metrics` as plain records (one dict per figure, the same keys and values), without
    a DataFrame: what the pipeline calls once per article, where building a frame cost more than the
    extraction itself (issue 17). Pinyin annotations (个gè月) are skipped for reading; offsets and the
    text shown are the page's."""
    page, (text, back) = text, strip_ruby(text)
    wanted = _kinds(kinds)
    if deciders is not DECIDERS:
        check_deciders(deciders)  # an unknown name stops here, not at the first figure
    rules = load_indicator_rules(str(rules_file))
    shown, text = text, join_wrapped_lines(text)  # figures are read across OCR line wraps; rows show the page
    table_rows = _table_figures(text, _table_rows(text), rules_file=rules_file, units_file=units_file,
                                deciders=deciders)
    in_cells = {r["start"] for r in table_rows}
    rows = []
    prev: tuple[Figure, str] | None = None
    for fig in find_figures(text, units_file=units_file, phrases_file=phrases_file):
        if fig.start in in_cells:
            continue  # read with its column header below
        frame = read_frame(text, fig.start, fig.end, fig.unit)
        indicator, rule, source, confidence = decide(frame, *classify_figure(text, fig, rules=rules), deciders=deciders)
        if indicator == "other" and prev is not None and prev[1] != "other" and prev[0].unit == fig.unit:
            between = text[prev[0].end:fig.start]
            link = next((name for name, rx in _LINKS if rx.fullmatch(between)), None)
            if link:
                indicator, rule, source, confidence = prev[1], link, "rule", CONFIDENCE["link"]
        prev = (fig, indicator)
        if fig.unit in TIME_UNITS and indicator != "inspection_duration":
            continue  # a narrative span (经过三个月努力) or the length of other work (为期2天的培训)
        sa, sb = _sentence_bounds(text, fig.start)
        ca, cb = _clause_bounds(text, fig.start, fig.end)
        period, body = _scope(text, fig)
        rows.append(dict(indicator=indicator, value=fig.value, value_high=fig.value_high, unit=fig.unit,
                         qualifier=fig.qualifier, value_text=shown[fig.start:fig.end], sentence=shown[sa:sb].strip(),
                         quote=shown[ca:cb].strip(), start=fig.start, end=fig.end, scope_period=period,
                         scope_body=body, rule=rule, indicator_source=source, confidence=confidence,
                         needs_review=confidence < REVIEW_BELOW, frame_verb=frame.verb, frame_noun=frame.noun,
                         kind=fig.kind, _spans=(sa, sb, ca, cb)))
    for r in table_rows:
        r.update(indicator_source="table", confidence=CONFIDENCE["table"], needs_review=False, kind="reported")
    rows = add_flags(shown, rows + table_rows)
    for r in rows:
        spans = r.pop("_spans", None)
        if back is not None:  # back to the page's offsets
            r["start"], r["end"] = back[r["start"]], back[r["end"] - 1] + 1
            r["value_text"] = page[r["start"]:r["end"]]
            if spans:
                sa, sb, ca, cb = (back[x] for x in spans)
                r["sentence"], r["quote"] = page[sa:sb].strip(), page[ca:cb].strip()
    return rows if len(wanted) == len(KINDS) else [r for r in rows if r["kind"] in wanted]


_HEADER_UNIT = re.compile(r"[（(]([^（）()]{1,6})[）)]")
_CELL_NUMBER = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([%％]?)\s*")


def _table_rows(text: str) -> list[tuple[int, int, list[tuple[int, int]], list[tuple[int, int]]]]:
    """Data rows of the text tables in ``text``: ``(line_start, line_end, cells, header_cells)`` with
    cells as ``(start, end)`` offsets; a table's first row is its header."""
    out = []
    if "|" not in text and "｜" not in text:
        return out
    header = None
    pos = 0
    for line in text.split("\n"):
        start, pos = pos, pos + len(line) + 1
        if not is_table_row(line):
            header = None
            continue
        bars = [start + i for i, ch in enumerate(line) if ch in "|｜"]
        cells = list(zip([b + 1 for b in bars[:-1]], bars[1:]))
        if header is None:
            header = cells
            continue
        out.append((start, start + len(line), cells, header))
    return out


def _table_figures(text: str, tables, *, rules_file, units_file, deciders=DECIDERS) -> list[dict]:
    """Figures in table cells: the unit from the cell (%) or from its column header (被巡察党组织（个）),
    the indicator from a sentence made of the header, the row label and the cell (被巡察党组织镇街11个,
    then 第一轮区直部门发现问题126个 if that one names no indicator)."""
    out = []
    for line_start, line_end, cells, header in tables:
        texts = [text[a:b] for a, b in cells]
        label = "".join(t.strip() for t in texts if not _CELL_NUMBER.fullmatch(t) and t.strip("—－-– "))
        for j, ((a, b), cell) in enumerate(zip(cells, texts)):
            m = _CELL_NUMBER.fullmatch(cell)
            if not m:
                continue
            head = text[header[j][0]:header[j][1]] if j < len(header) else ""
            unit_m = _HEADER_UNIT.search(head)
            unit = "%" if m.group(2) else (unit_m.group(1) if unit_m else "")
            if not unit:
                continue  # a bare number with no unit anywhere: not a figure
            head = _HEADER_UNIT.sub("", head).strip()
            rec = None
            for stem in (head + label, label + head):  # 被巡察党组织镇街11个, 第一轮区直部门发现问题126个
                found = [r for r in extract_metric_records(f"{stem}{m.group(1)}{unit}。", kinds=KINDS,
                                                           rules_file=rules_file, units_file=units_file,
                                                           deciders=deciders)
                         if r["start"] == len(stem)]
                if found and (rec is None or rec["indicator"] == "other"):
                    rec = dict(found[0])
            if rec is None:
                continue
            rec.update(start=a + m.start(1), end=a + m.end(2) if m.group(2) else a + m.end(1),
                       value_text=cell.strip(), sentence=text[line_start:line_end], quote=text[line_start:line_end],
                       rule=f"table:{rec['rule']}")
            out.append(rec)
    return out
