"""The layout cues of local Party newspapers, as regular expressions and small tests.

Sentence ends, bylines (本报记者, 通讯员), briefs (本报讯), continuation notes (（上接第一版）), photo captions
and credits, name signatures: cleaning reads them to tell whether a line break falls inside a sentence,
segmentation to tell what kind of paragraph it sees. Extend them here.
"""
from __future__ import annotations

import re

# ----------------------------------------------------------------------------- sentences
#: Characters that end a sentence (a line ending in one of them may end a paragraph).
TERMINAL = "。！？!?…"
#: Closing quotes and brackets that may follow a terminal character.
CLOSERS = "”’」』）)】》\"'"
#: A line ending in one of these always continues on the next line.
CONTINUING = "，、；：,;:“‘「『（(《【—-"
TRAILING_PAREN = re.compile(r"[（(][^（()）]{1,30}[）)]$")


def ends_sentence(s: str) -> bool:
    """True when a line ends a sentence: 。！？… possibly followed by closing quotes, brackets or
    a parenthetical signature such as 「。（本报记者 某某）」."""
    if s[-1:] in ("）", ")"):
        t = TRAILING_PAREN.sub("", s).rstrip(CLOSERS) or s.rstrip(CLOSERS)
    else:
        t = s.rstrip(CLOSERS)
    return bool(t) and t[-1] in TERMINAL


# ----------------------------------------------------------------------------- tables
#: a row of a text table (markdown or a PDF/Word export): 「| 第一轮 | 区直部门 | 14 | 126 |」
TABLE_ROW = re.compile(r"^\s*[|｜][^|｜\n]*(?:[|｜][^|｜\n]*){2,}[|｜]\s*$")
#: the rule under a markdown table header: 「| --- | :---: |」
TABLE_RULE = re.compile(r"^\s*[|｜](?:\s*:?[-—－─]{2,}:?\s*[|｜])+\s*$")


def is_table_row(line: str) -> bool:
    """True for a line of a text table with at least three cells."""
    return ("|" in line or "｜" in line) and bool(TABLE_ROW.match(line))


# ----------------------------------------------------------------------------- line cues (cleaning)
#: A line starting like this opens a byline or a continuation note: never joined to the line above.
LINE_CONTINUED = re.compile(r"^[（(]\s*(上接|接上|下转)")
LINE_BYLINE = re.compile(r"^[■□●◆▲★☆◎]|^本报(记者|讯|通讯员)|^(记者|通讯员)\s|^文[/／]")
LINE_CUE_FIRST = "■□●◆▲★☆◎本记通文（("  # first characters of LINE_BYLINE and LINE_CONTINUED
#: A short line ending in one of these is a credit broken after its label: joined to the next line.
CREDIT_LABELS = ("通讯员", "记者", "实习生", "摄影")


# ----------------------------------------------------------------------------- paragraph cues (segmentation)
#: The header of a post in a forum thread (Discuz and the like: 「沙发发表于2023-4-18 16:20:45|只看该作者」): each post
#: is an item of its own, whatever its topic.
POST_HEADER = re.compile(r"发表于\s*\d{4}[-./年]\d{1,2}|只看该作者|只看楼主|电梯直达")
BYLINE = re.compile(r"^[■□●◆▲★☆◎▉█]|^(本报|特约)?(记者|通讯员|通讯)\s?[\u4e00-\u9fff]{2,4}(\s|$|[,，、]|通讯员)|"
                    r"^本报记者|^本报通讯员|^文[/／]|^[（(]?(记者|通讯员)[\u4e00-\u9fff]{2,4}[）)]?$")
#: A dateline opening a news item: 本报讯, 本报济宁讯, 本报北京5月3日电, 新华社北京5月3日电, 中国甘肃网5月18日讯,
#: （中央社记者某某台北18日电） — a short source (and place, reporter) then a day and 讯/电.
DATELINE = re.compile(r"^[（(]?本报[\u4e00-\u9fff]{0,6}讯|^[（(]?[\u4e00-\u9fff·\s]{1,16}?(?:[0-9０-９]{1,2}月)?\s?[0-9０-９]{1,2}日\s?[讯电訊電]")
BRIEF_START = DATELINE
#: the opening of a news item's first sentence: 「近日，」「日前，」 within its first clauses (「根据县委统一部署，近日，我县…」),
#: or the day it happened (「10月9日至12日，」「8月3日上午，」)
NEWS_LEDE = re.compile(r"^[^。！？]{0,16}?(?<![最])(?:近日|日前)[，,]"
                       r"|^(?:(?:根据|按照)[^。！？，,]{1,16}(?:部署|安排|要求)[，,])?"
                       r"(?:20\d\d年)?\d{1,2}月\d{1,2}日(?:至(?:(?:20\d\d年)?\d{1,2}月)?\d{1,2}日)?(?:上午|下午|晚)?[，,]")
CONTINUED_FROM = re.compile(r"^[（(]\s*上接(第?\s*[0-9０-９一二三四五六七八九十]+\s*版|[0-9]+版)[^）)]*[）)]")
CONTINUED_TO = re.compile(r"[（(]\s*下转(第?\s*[0-9０-９一二三四五六七八九十]+\s*版|[0-9]+版)[^）)]*[）)]\s*$")
CAPTION_START = re.compile(r"^(图为|图片?[:：]|[↑↓←→↖↗↙↘▲▼◀▶]|图[①②③④⑤⑥⑦⑧⑨⑩0-9一二三四五六])")
CAPTION_END = re.compile(r"[（(][^（）()]{0,40}(?:摄|供图)[）)]?\s*$|(?:摄|供图)\s*$")
EDITOR_NOTE = re.compile(r"^编者按")
#: a section number opening a subhead: （一） 二、 03| 4. ⑤ 第二部分
SECTION_NUMBER = re.compile(r"^(?:[（(][一二三四五六七八九十]{1,3}[）)]|[一二三四五六七八九十]{1,3}[、．]|"
                            r"\d{1,2}\s*(?:[|｜、]|[．.](?!\d))|[①②③④⑤⑥⑦⑧⑨⑩]|第[一二三四五六七八九十]{1,3}(?:部分|章|节|篇))")
SUBTITLE = re.compile(r"^[—–－─]{1,3}")
#: the subtitle of a feature article (a long review with subheads): ——2022年市委巡察工作综述
FEATURE_SUBTITLE = re.compile(r"综述|纪实|回眸|巡礼|侧记|述评|扫描|盘点|回顾")
# a paragraph ending with a sentence and then names (checked on the raw text, where OCR keeps the
# spaces between names): "……。孙耀克", "……。邢帅 刘源", "……。 赵明奇 谷晓媛 陈帅鹏"
NAME_SIGNATURE = re.compile(r"[。！？”」』]\s*((?:[\u4e00-\u9fff·]{2,4}[ \t\u3000]*){1,4})$")
#: Common one-character surnames (the ~300 most frequent), to tell a signature from a cut-off clause.
SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
    "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴"
    "莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪"
    "梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简"
    "车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛"
    "仲虞敖巩佘池查麻苑迟邝封谈匡鞠惠荆冀郁胥班储原栗燕楚鄢劳谌奚皮粟冼蔺楼闻厉伊仝郜阚权帅屠豆朴盖"
    "练廉禹井祖漆巴丰支卿狄计索宣晋相初云容敬扈晁芮都普阙浦戈伏鹿薄邸雍辜羊乌母裘亓修邰赫杭况宿鲜印逯"
    "隆茹诸战慕危亢嵇湛宾戎勾茅揭尉冶斯束檀衣展昝幸奉衡富尧闭")


def looks_like_names(run: str) -> bool:
    """True when ``run`` splits into personal names (surname + one or two characters), e.g.
    「孙耀克」, 「邢帅刘源」, 「赵明奇 谷晓媛 陈帅鹏」; false for a cut-off clause such as 「组织党员」."""
    parts = run.split()
    if len(parts) > 1:
        return all(2 <= len(p) <= 4 and p[0] in SURNAMES for p in parts)
    s = run.strip()
    ok = [False] * (len(s) + 1)
    ok[0] = True
    for i in range(len(s)):
        if ok[i] and s[i] in SURNAMES:
            for n in (2, 3):
                if i + n <= len(s):
                    ok[i + n] = True
    return 2 <= len(s) <= 9 and ok[len(s)]


#: a paragraph ending with a sentence and a signature in brackets: 「……。（本报记者 某某）」
PAREN_SIGNATURE = re.compile(r"[。！？”」』…][（(][^（）()]{2,30}[）)]$")


def name_signature(raw: str) -> re.Match | None:
    """NAME_SIGNATURE at the end of ``raw``. Names contain no sentence punctuation, so a match can
    only start at the last 。！？”」』 of the text: one anchored match instead of a search."""
    last = max(map(raw.rfind, "。！？”」』"))
    return NAME_SIGNATURE.match(raw, last) if last >= 0 else None
