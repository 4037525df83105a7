"""Find numbered political formulas (两个维护, 四个意识, 六稳六保, 十四五 …) in articles and count them.

A curated list (``data/slogans.csv``: slogan, canonical form, English gloss, category) is matched
first; a pattern for numeral + measure + content then finds formulas the list does not know.

The pattern (``source="pattern"``) has three shapes, all starting with a Chinese numeral that is
not part of a larger number or an ordinal (not after 第/每/几 or another numeral):

* **quoted** — a numeral-led expression of 2-7 Han characters between quotes: “六稳”, “十四五”
  (led by 一 only when it is parallel, “一约五会”; not “一盘棋”, “一体化”).
* **parallel** — two or three numeral + X parts with all X of equal length (1 or 2 characters):
  三严三实, 两学一做, 两不愁三保障, 三聚焦一落实, 三联三包三提. Four-character idioms of that shape
  (一心一意, 三心二意, 举一反三 …, also when the match only overlaps one), 一X一Y phrases, time and counting units (三年一轮, 两周一次)
  and enumeration (三是一体) are rejected.
* **measure** — numeral other than 一 + measure word (个, 项, 种, 大, 条, 类, 张, 级) + two
  Han characters that end a phrase (followed by punctuation, a quote, 的/和/与/及/等, or the end),
  unless the two characters are a counted noun (三个街道, 两个方面, 五个巡察组 …).

Deliberately not matched: 一批, 一线, 一体, 进一步, 一把手 by the pattern (一 alone is too
ambiguous); Arabic numerals (3个街道); ordinals (第三个); congress numbers (十九大 — the numeral
is two characters and is not in the list). 一把手 ("the number one hand", the top leader) is a
Party term of interest to inspection discourse, so the curated list includes it (category
``cadre``) although it is not a numbered formula.
"""
from __future__ import annotations

import csv
import logging
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ..core.config import PACKAGE_DATA_DIR
from ..core.documents import attach_metadata

log = logging.getLogger(__name__)

SLOGANS_FILE: Path = PACKAGE_DATA_DIR / "slogans.csv"
SLOGAN_COLUMNS = ["doc_id", "article", "slogan", "canonical", "start", "end", "source", "category"]

NUM = "一二三四五六七八九十两"
_NUMX = NUM + "百千万亿零〇几双多半第每0-9０-９"
_HAN = r"\u4e00-\u9fff"
_NOT_AFTER = rf"(?<![{_NUMX}第每几])"
MEASURES = "个项种大条类张级"
_H = rf"(?:(?![{_NUMX}])[{_HAN}])"  # a Han character that is not a numeral
_QUOTED = re.compile(rf"[“\"「『‘]([{NUM}][{_HAN}]{{1,6}})[”\"」』’]")
_PARALLEL = re.compile(rf"{_NOT_AFTER}[{NUM}]{_H}{{2}}(?:[{NUM}]{_H}{{2}}){{1,2}}(?![{_NUMX}])"
                       rf"|{_NOT_AFTER}[{NUM}]{_H}(?:[{NUM}]{_H}){{1,2}}(?![{_NUMX}])")
_MEASURE = re.compile(rf"{_NOT_AFTER}([{NUM.replace('一', '')}])([{MEASURES}])({_H}{{2}})"
                      rf"(?=$|[^{_HAN}]|[的和与及等])")

#: Counting, time and enumeration characters that make numeral + X a plain count.
UNITS = set("年月日天周次轮届期批名人家位户处起件元岁是头只台辆本")
#: Counted nouns after 个/项/种… that make the expression a count, not a formula.
COUNTED_NOUNS = set("""方面 部门 单位 街道 乡镇 社区 村庄 村组 小组 组别 县区 地区 问题 批次 轮次 阶段 环节 层面 领域
重点 专项 项目 班子 支部 党支 巡察 巡视 工作 月份 季度 年度 小时 方向 企业 学校 人员 干部 群众 家庭 片区 台账 行政
县市 市县 城区 乡村 村居 部分 步骤 原因 案件 事项 任务 措施 目标 指标 要求 标准 内容 文件 会议 制度 机制 渠道 平台""".split())
#: Idioms and common words of the parallel shape.
IDIOMS = set("""一心一意 一模一样 一点一滴 一言一行 一草一木 一砖一瓦 一针一线 一朝一夕 一五一十 一举一动 一丝一毫 一生一世
一唱一和 一张一弛 一饮一啄 举一反三 一抓到底 一以贯之 一分为二 三心二意 三番五次 三番两次 三令五申 三言两语 三五成群 三长两短 三头六臂 四面八方 四通八达
五湖四海 五颜六色 六神无主 七上八下 七嘴八舌 七零八落 七手八脚 八面玲珑 九死一生 九牛一毛 十全十美 十拿九稳 一干二净
一清二楚 一穷二白 一来二去 三三两两 两全其美 一石二鸟 一举两得 一分为二 独一无二 接二连三 丢三落四 颠三倒四 说三道四
横七竖八 乱七八糟 四平八稳 五花八门 一本正经 两面三刀 三从四德 三教九流 七情六欲 十字路口""".split())


@lru_cache(maxsize=4)
def _read_list(path: str) -> pd.DataFrame:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    df = pd.DataFrame(rows, columns=["slogan", "canonical", "gloss", "category"]).fillna("")
    df["slogan"] = df["slogan"].str.strip()
    df = df[df["slogan"] != ""]
    dup = df["slogan"][df["slogan"].duplicated()].tolist()
    if dup:
        log.warning("%s: slogans listed twice (the first row wins): %s", path, dup)
        df = df.drop_duplicates("slogan")
    df["canonical"] = [c.strip() or s for s, c in zip(df["slogan"], df["canonical"])]
    return df.reset_index(drop=True)


def load_slogans(path: str | Path | None = None) -> pd.DataFrame:
    """The curated slogan list: ``slogan, canonical, gloss, category`` (default ``data/slogans.csv``)."""
    return _read_list(str(path or SLOGANS_FILE)).copy()


def pattern_slogans(text: str) -> list[tuple[int, int, str]]:
    """Numbered formulas found by the pattern alone: ``(start, end, surface)`` in text order.

    See the module docstring for the three shapes and what they reject.
    """
    found: dict[tuple[int, int], str] = {}
    for m in _QUOTED.finditer(text):
        s = m.group(1)
        if s[0] == "一" and not _PARALLEL.fullmatch(s):
            continue  # “一盘棋”, “一体化”, “一对一”: 一 alone does not make a formula
        found[(m.start(1), m.end(1))] = s
    for m in _PARALLEL.finditer(text):
        s = m.group(0)
        nums = [c for c in s if c in NUM]
        parts = [p for p in re.split(f"[{NUM}]", s) if p]
        if set(nums) == {"一"} and len(parts[0]) == 1:
            continue  # 一X一Y: 一村一策 … too often a plain phrase
        if any(p[0] in UNITS or p[-1] == "是" for p in parts):
            continue
        a, b = m.span()
        around = text[max(0, a - 3):b + 3]
        if any(around[i:i + 4] in IDIOMS for i in range(len(around) - 3)
               if max(0, a - 3) + i < b and max(0, a - 3) + i + 4 > a):
            continue  # part of an idiom (一心一意, 举一反三 …)
        found.setdefault(m.span(), s)
    for m in _MEASURE.finditer(text):
        if m.group(3) in COUNTED_NOUNS:
            continue
        found.setdefault(m.span(), m.group(0))
    # keep the longest of overlapping matches
    out, last_end = [], -1
    for (a, b), s in sorted(found.items(), key=lambda kv: (kv[0][0], -kv[0][1])):
        if a >= last_end:
            out.append((a, b, s))
            last_end = b
    return out


def extract_slogans(articles: pd.DataFrame, *, slogan_list: str | Path | pd.DataFrame | None = None,
                    use_pattern: bool = True, text_column: str = "text") -> pd.DataFrame:
    """Every numbered formula / slogan in the articles.

    Parameters
    ----------
    articles:
        An articles table (``doc_id``, ``article``, ``text``).
    slogan_list:
        A CSV path or table with ``slogan, canonical[, gloss, category]``; default
        ``data/slogans.csv``. Its matches take precedence: a pattern match overlapping a list
        match is dropped; longer list entries win over shorter ones (中央八项规定 over 八项规定).
    use_pattern:
        Also run the pattern for formulas not in the list.

    Returns
    -------
    DataFrame ``doc_id, article, slogan, canonical, start, end, source, category``: ``slogan`` is
    the text as written, ``start``/``end`` its offsets in the article text, ``source`` is
    ``"list"`` or ``"pattern"``; for pattern matches ``canonical`` is the surface form and
    ``category`` is empty.
    """
    lst = slogan_list if isinstance(slogan_list, pd.DataFrame) else load_slogans(slogan_list)
    lst = lst.assign(canonical=lst.get("canonical", lst["slogan"]),
                     category=lst["category"] if "category" in lst else "")
    info = {s: (c, cat) for s, c, cat in zip(lst["slogan"], lst["canonical"], lst["category"])}
    alts = sorted(info, key=len, reverse=True)
    list_re = re.compile("|".join(map(re.escape, alts))) if alts else None
    rows = []
    for doc_id, art, text in articles[["doc_id", "article", text_column]].itertuples(index=False, name=None):
        if not isinstance(text, str) or not text:
            continue
        taken: list[tuple[int, int]] = []
        if list_re is not None:
            for m in list_re.finditer(text):
                canon, cat = info[m.group(0)]
                rows.append((str(doc_id), int(art), m.group(0), canon, m.start(), m.end(), "list", cat))
                taken.append(m.span())
        if use_pattern:
            for a, b, s in pattern_slogans(text):
                if any(a < e and s_ < b for s_, e in taken):
                    continue
                rows.append((str(doc_id), int(art), s, s, a, b, "pattern", ""))
    df = pd.DataFrame(rows, columns=SLOGAN_COLUMNS)
    df = df.sort_values(["doc_id", "article", "start"], kind="stable").reset_index(drop=True)
    for c in ("article", "start", "end"):
        df[c] = df[c].astype("int64")
    return df


def count_slogans(slogans: pd.DataFrame, *, by: str | Sequence[str] = "doc_id",
                  articles: pd.DataFrame | None = None) -> pd.DataFrame:
    """Count slogans (by canonical form) per group.

    Parameters
    ----------
    slogans:
        Output of :func:`extract_slogans`.
    by:
        Grouping column(s): ``doc_id`` (default), or article metadata such as ``place``/``year``
        taken from ``articles`` (joined on ``doc_id``/``article``).

    Returns
    -------
    DataFrame ``[by…], canonical, source, category, count, n_articles`` (``n_articles`` = articles
    of the group that use the slogan), sorted by group and descending count.
    """
    keys = [by] if isinstance(by, str) else list(by)
    missing = [k for k in keys if k not in slogans.columns]
    if missing:
        if articles is None:
            raise KeyError(f"column(s) {missing} not in the slogans table; pass articles=")
        slogans = attach_metadata(slogans, articles, missing)
    g = slogans.groupby(keys + ["canonical"], dropna=False, sort=True)
    out = g.agg(source=("source", lambda s: "list" if (s == "list").any() else "pattern"),
                category=("category", "first"), count=("slogan", "size"),
                n_articles=("article", lambda s: slogans.loc[s.index, ["doc_id", "article"]].drop_duplicates().shape[0]))
    out = out.reset_index().sort_values(keys + ["count", "canonical"], ascending=[True] * len(keys) + [False, True],
                                        kind="stable")
    return out.reset_index(drop=True)
