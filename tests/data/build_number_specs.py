"""Build ``number_specs.csv`` from Microsoft Recognizers-Text's Chinese number specifications and cn2an's
own test tables (both MIT licence).

    python tests/data/build_number_specs.py /path/to/Recognizers-Text/Specs/Number/Chinese [/path/to/cn2an_test.py]

Reads NumberModel.json, PercentModel.json and NumberRangeModel.json and writes one row per expected result
(a case the specification says has no number gets one row with an empty span): source_file, input, span (the
substring of the input, not the specification's normalised text), expected_value, expected_high (upper end of a
range; percentages in percent), in_scope, reason_if_out. The scope rules below decide, case by case, what is
left out and why; a case is out when any of its results is out.
"""
from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
FILES = ("NumberModel.json", "PercentModel.json", "NumberRangeModel.json")
FINANCIAL = re.compile("[壹贰貳叁參肆伍陆陸柒捌玖拾佰仟倆]")
COMPARATIVE = re.compile(r"大于|小于|等于|之间|间|最多|最少|至少|不小于|不大于|低|之下|以下|或者|比|超过了|过|[≥<=]|位于|与")

#: cases left out one by one (input → reason)
SPECIAL = {
    "还有20万次以上来观影的呀？": "specification error: 20万 is 200000, not 20000 (no implementation supports the case)",
    "找出酒精量在5-20%之间的产品": "5-20% is read as the range 5–20 % by design; the specification reads only 20%",
    "二三十个百分点": "approximate range (二三十) read as 20–30 by design; the specification gives no number",
    "二三十個百分點": "approximate range (二三十) read as 20–30 by design; the specification gives no number",
    "五十千": "malformed (五十千): refused as a whole as issue 13 asks; the specification reads 五十 and drops 千",
    "百分之二三十": "approximate range (二三十) read as 20–30 by design; the specification gives no number",
}


def reason_out(case: dict, source: str) -> str:
    """Why a case is left out ('' when it is in scope)."""
    inp = case["Input"]
    if inp in SPECIAL:
        return SPECIAL[inp]
    texts = [r["Text"] for r in case["Results"]]
    if re.search(r"https?://", inp):
        return ""  # a web address: no number in it is a percentage
    spans = " ".join(texts)
    if FINANCIAL.search(spans):
        return "financial numerals (壹贰叁, 拾佰仟) do not occur in report figures"
    if re.search(r"[负負]\s*[\d零〇一二两三四五六七八九十百千.]|(?:^|[^\w\s.－-])[-－]\s*[\d.]", inp):
        return "negative numbers do not occur in report figures"
    if "折" in inp:
        return "discounts (折) do not occur in report figures"
    if re.search(r"\d\s*[eE]|\^", inp):
        return "scientific notation (2e5, 2^5)"
    if re.search(r"\d\s*[kKＫｋMＭ]", inp):
        return "Latin magnitude suffixes (40k, 2.5 M)"
    if "打" in inp and re.search(r"[一二三四五六七八九十\d]打", inp):
        return "打 as a dozen (一打 = 12) does not occur in reports; the reader refuses a numeral before 打"
    if "兆" in inp:
        return "兆 (10^12 here, 10^6 elsewhere) does not occur in report figures; refused"
    if re.search(r"半(?!$)", inp) and "成半" not in inp or inp.startswith("半"):
        return "半 as a number (半百 = 50, 半成 = 5 %) does not occur in report figures"
    if "美元" in inp or "美刀" in inp:
        return "currency: the specification leaves amounts to its currency model; the reader returns the numeral"
    if source == "NumberRangeModel.json" and any(COMPARATIVE.search(t) for t in texts):
        return "comparative phrase (大于, 小于, 之间, 至少 …): range-model semantics, not a number form"
    if source == "NumberRangeModel.json" and any(re.search(r"或者|更多", t) for t in texts):
        return "comparative phrase (或者以上, 或者更多)"
    return ""


def parse_value(v: str) -> tuple[str, str]:
    """A resolution value → (expected_value, expected_high) as strings; percentages without the sign."""
    v = v.strip()
    m = re.fullmatch(r"([\[(])([^,]*),([^,]*)([\])])", v)
    if m:
        lo, hi = m.group(2).strip(), m.group(3).strip()
        return lo, (hi if hi and hi != lo else "")
    return v.rstrip("%"), ""


CN2AN_TABLES = ("strict_data_dict", "normal_data_dict", "smart_data_dict")
CN2AN_ERRORS = ("error_strict_datas", "error_normal_datas", "error_smart_datas")
CN2AN_OUT = {
    "一一": "一一 is the adverb 'one by one' in reports; a two-digit string is read only with 零 (二〇)",
    "200亿零四千230": "Chinese digits and units followed by Arabic digits (四千230) do not occur in reports; refused",
    "1百01": "an Arabic digit after a Chinese unit without 零 (1百01) does not occur in reports; refused",
}


def cn2an_rows(test_file: Path) -> list[dict]:
    """The literal tables of cn2an's ``cn2an_test.py``: values (span = input) and errors (no value expected)."""
    import ast

    tree = ast.parse(test_file.read_text(encoding="utf-8"))
    tables: dict[str, object] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Attribute):
            name = node.targets[0].attr
            if name in CN2AN_TABLES + CN2AN_ERRORS and isinstance(node.value, (ast.Dict, ast.List)):
                tables[name] = ast.literal_eval(node.value)
    rows, seen = [], set()
    for name in CN2AN_TABLES + CN2AN_ERRORS:
        items = tables.get(name, {})
        pairs = items.items() if isinstance(items, dict) else ((k, None) for k in items)
        for inp, val in pairs:
            if not inp or inp in seen:
                continue
            seen.add(inp)
            why = ""
            if FINANCIAL.search(inp) or re.search("[元圆角整正]", inp):
                why = "financial numerals and money amounts (壹拾壹元整) do not occur in report figures"
            elif inp.startswith(("-", "负")):
                why = "negative numbers do not occur in report figures"
            elif inp in CN2AN_OUT:
                why = CN2AN_OUT[inp]
            elif val is None and inp in ("零点", "点零", "零点零大", "零点点"):
                why = "not a number as a whole, but its 零 is one (零点 is also midnight): only the span is scored"
            rows.append(dict(source_file=f"cn2an/cn2an_test.py:{name}", input=inp, span=inp,
                             expected_value="" if val is None else repr(val), expected_high="",
                             in_scope=not why, reason_if_out=why))
    return rows


def build(spec_dir: Path, out: Path, cn2an_test: Path | None = None) -> int:
    rows = []
    for name in FILES:
        cases = json.loads((spec_dir / name).read_text(encoding="utf-8-sig"))
        for case in cases:
            inp = case["Input"]
            why = reason_out(case, name)
            results = case["Results"]
            if not results:
                rows.append(dict(source_file=name, input=inp, span="", expected_value="", expected_high="",
                                 in_scope=not why, reason_if_out=why))
                continue
            for r in results:
                span = inp[r["Start"]:r["End"] + 1]
                val, high = parse_value(str(r["Resolution"].get("value", "")))
                rows.append(dict(source_file=name, input=inp, span=span, expected_value=val, expected_high=high,
                                 in_scope=not why, reason_if_out=why))
    if cn2an_test is not None:
        rows += cn2an_rows(cn2an_test)
    with open(out, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["source_file", "input", "span", "expected_value", "expected_high",
                                           "in_scope", "reason_if_out"], lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    return len(rows)


if __name__ == "__main__":
    n = build(Path(sys.argv[1]), HERE / "number_specs.csv", Path(sys.argv[2]) if len(sys.argv) > 2 else None)
    print(f"wrote {n} rows to {HERE / 'number_specs.csv'}")
