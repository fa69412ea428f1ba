"""Cells → values: what one cell means, as DATA_SPEC v2 "Rules the loader enforces" says.

What belongs here: the reading of a single cell — text cleaned of invisible characters, numbers as
officials type them (`1,500`, `92%`, `410余`, `近千`, `1.5万`, `99%以上`, full-width digits), the
qualifier vocabulary, gap markers, years, dates, ids and choices, total-row labels. Each parser
returns the value or raises `Reject` with a Chinese message and a hint. Nothing here knows about
files, rows or tables; the vectorised column checks in `validate` fall back to these for the cells
their fast path does not cover, so both always agree.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass

from .. import schema


class Reject(Exception):
    """A single cell's problem, turned into a located `Problem` by the table reader."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message, self.hint = message, hint


@dataclass(frozen=True)
class Shown:
    """A workbook number with a percent sign on screen: `number` is what the person sees (92.1 for a
    `0.0%` cell storing 0.921, and for a `0.0"%"` cell storing 92.1) — DATA_SPEC "read the number the
    person sees"."""

    number: float
    stored: float
    format: str


# --- text: invisible characters (DATA_SPEC "Leading/trailing spaces … invisible characters") -------

# Characters that show nothing yet make two cells differ: zero-width space/non-joiner/joiner, LRM/RLM,
# word joiner and invisible operators, BOM, soft hyphen, combining grapheme joiner, Mongolian vowel
# separator and variation selectors, Hangul fillers, tag characters. Direction overrides (U+202A–E,
# U+2066–9) are not here: they change how text looks, and `display.visible_controls` shows them.
INVISIBLE = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u2060-\u2064\u206a-\u206f"
    "\u3164\ufe00-\ufe0f\ufeff\uffa0\U000e0000-\U000e007f"
)
ODD_SPACES = "\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"  # look like a space, are not one
SPACES = "\t\n\x0b\x0c\r\x1c-\x1f \x85\u2028\u2029" + ODD_SPACES  # every character str.strip() removes
_INVISIBLE = re.compile(f"[{INVISIBLE}]")
_ODD_SPACE = re.compile(f"[{ODD_SPACES}]")
_SPACE_RUN = re.compile(r"[ \t]{2,}")
# Characters NFC would change without any visible difference (CJK compatibility ideographs, combining marks).
_NFC_SUSPECT = re.compile("[\u0300-\u036f\uf900-\ufaff\U0002f800-\U0002fa1f]")
# Regexes for the vectorised column tests (`columns`: RE2 and Python alike, so characters, not \s):
# does this cell need `clean` (invisible or odd characters anywhere, whitespace at either end); is it blank.
NEEDS_CLEANING = f"[{INVISIBLE}{ODD_SPACES}\u0300-\u036f\uf900-\ufaff]|^[{SPACES}]|[{SPACES}]$"
BLANK = f"[{SPACES}{INVISIBLE}]*"

# What `clean` did, in the words a notice uses.
INVISIBLE_REMOVED = "不可见字符（如零宽空格）已删除"
ODD_SPACE_TRIMMED = "首尾的不间断空格或全角空格已删除"
ODD_SPACE_INSIDE = "中间的不间断空格或全角空格已改为普通空格"
NFC_NORMALISED = "外观相同但编码不同的字符已统一"


def clean(value: str, identifier: bool = False) -> tuple[str, tuple[str, ...]]:
    """Text as it looks: invisible characters removed, spaces trimmed; in an identifier (a name, id,
    period or choice that decides what a figure belongs to) odd spaces inside become one plain
    space. Returns the text and what was changed that a person could not have seen (for a notice);
    plain spaces at the ends are trimmed without a word."""
    done: list[str] = []
    text = value
    if _INVISIBLE.search(text):
        text = _INVISIBLE.sub("", text)
        done.append(INVISIBLE_REMOVED)
    stripped = text.strip()
    if stripped != text and (_ODD_SPACE.search(text[: len(text) - len(text.lstrip())])
                             or _ODD_SPACE.search(text[len(text.rstrip()):])):
        done.append(ODD_SPACE_TRIMMED)
    text = stripped
    if identifier and (_ODD_SPACE.search(text) or _SPACE_RUN.search(text)):
        text = _SPACE_RUN.sub(" ", _ODD_SPACE.sub(" ", text))
        done.append(ODD_SPACE_INSIDE)
    if _NFC_SUSPECT.search(text):
        normal = unicodedata.normalize("NFC", text)
        if normal != text:
            text = normal
            done.append(NFC_NORMALISED)
    return text, tuple(done)


def text(cell) -> str:
    """A cell as text. The ' our exports put before formula-like text (=1+1) is taken off again."""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    if isinstance(cell, Shown):
        cell = f"{_digits(cell.number)}%"
    value = clean(str(cell))[0]
    if value.startswith("'") and value[1:2] and value[1] in schema.FORMULA_START:
        return value[1:]
    return value


def match_key(name: str) -> str:
    """How two names are compared (an imported indicator with an existing one): NFKC folds full-width
    letters, digits and brackets, spaces are dropped — 办复（办结）率 equals 办复(办结)率."""
    folded = unicodedata.normalize("NFKC", clean(str(name), identifier=True)[0])
    return re.sub(r"\s+", "", folded).lower()


def is_blank(cell) -> bool:
    return cell is None or (isinstance(cell, float) and math.isnan(cell)) or (isinstance(cell, str) and not clean(cell)[0])


# --- gaps and totals (DATA_SPEC v2 "Reading what offices actually have") -------------------------

GAP_MARKERS = frozenset({"", "—", "——", "-", "--", "－", "–", "/", "／", "\\", "无", "不详", "暂无"})


def is_gap(cell) -> bool:
    """Blank, —, -, /, 无, 不详 in a value cell: no figure — a gap, never 0."""
    if cell is None or (isinstance(cell, float) and math.isnan(cell)):
        return True
    return isinstance(cell, str) and clean(cell)[0] in GAP_MARKERS


_SUMMARY_WHOLE = r"(?:全[省市县区州盟旗]|各县[（(]?[市区]?[)）]?|各[县市区]|各单位|总)?"
TOTAL_LABEL = re.compile(_SUMMARY_WHOLE + r"(合计|总计|小计)[:：]?")
# An average or median row of a comparison table summarises the rows above like a total does: not an
# org (t1113: a 平均 row became an org and was summed into the 总计 check).
AVERAGE_LABEL = re.compile(_SUMMARY_WHOLE + r"(?:平均值?|均值|平均数|中位数)[:：]?")
SUM_WORDS = frozenset({"合计", "总计", "小计"})  # the summary words whose row is a sum of the rows it covers
SUMMARY_MARKS = ("计", "均", "中位")  # a cheap first test: every summary label contains one


def total_word(cell) -> str | None:
    """合计 / 总计 / 小计 when the cell labels a total row (`合  计`, `全县合计：` too); 平均 when it labels
    an average or median row (`平均`, `均值`, `全市平均`, `平均值`, `中位数`) — a summary row, never an org
    or indicator, not a sum (`SUM_WORDS`); else None."""
    if not isinstance(cell, str):
        return None
    bare = re.sub(r"\s+", "", clean(cell)[0])
    match = TOTAL_LABEL.fullmatch(bare)
    if match:
        return match.group(1)
    match = AVERAGE_LABEL.fullmatch(bare)
    return ("中位数" if "中位" in bare else "平均") if match else None


# --- numbers ---------------------------------------------------------------------------------------

FULL_WIDTH = str.maketrans("０１２３４５６７８９．，％－＋", "0123456789.,%-+")
CHINESE_NUMERALS = set("零〇一二三四五六七八九十百千万亿两壹贰叁肆伍陆柒捌玖拾佰仟")
NUMBER = r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
PLAIN_NUMBER = r"-?[0-9]+(?:\.[0-9]+)?"  # what the vectorised fast path takes without this module
MAGNITUDES = {"万": 10_000, "亿": 100_000_000}
ROUND_WORDS = {"百": 100, "千": 1000, "万": 10_000}
_BEFORE = "|".join(sorted(schema.QUALIFIERS_BEFORE, key=len, reverse=True))
_BETWEEN = "|".join(schema.QUALIFIERS_BETWEEN)
_AFTER = "|".join(schema.QUALIFIERS_AFTER)
_VALUE = re.compile(
    rf"(?P<before>{_BEFORE})?\s*"
    rf"(?:(?P<number>{NUMBER})\s*(?P<magnitude>[万亿])?|(?P<round>[百千万]))\s*"
    rf"(?P<between>{_BETWEEN})?\s*(?P<percent>%)?\s*(?P<after>{_AFTER})?"
)

FULL_WIDTH_READ = "全角数字或符号已按半角读取"
MAGNITUDE_READ = "“万”“亿”已换算为数字"
ROUND_READ = "“近千”“逾万”“千余”这类整数已换算为数字"
PERCENT_FORMAT_READ = "百分比格式的单元格按显示的百分数读取"
LITERAL_PERCENT_READ = "只显示百分号的数字格式按显示的数读取"


@dataclass(frozen=True)
class Reading:
    """A value cell read: the number, its qualifier (schema.QUALIFIERS), and what was done to read
    it that deserves a notice (full-width digits, 1.5万, 近千 …)."""

    number: float
    qualifier: str = ""
    how: tuple[str, ...] = ()


def _digits(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else repr(float(number))


def read_value(cell, kind: str | None, unit: str = "") -> Reading:
    """A figure as officials type it → Reading. `kind` is the indicator's (None: not known yet, so
    kind-dependent checks wait); `unit` decides whether 1.5万 may be read as 15000 (not when the unit
    itself has 万/亿). DATA_SPEC "Rules the loader enforces" lists what is read kindly."""
    if isinstance(cell, Shown):
        if kind not in ("rate", None):
            raise Reject("单元格是百分比格式，但这个指标不是比率", "请把单元格格式改为“常规”或“数值”")
        how = PERCENT_FORMAT_READ if cell.number != cell.stored else LITERAL_PERCENT_READ
        return Reading(round(cell.number, 10), "", (how,))
    if isinstance(cell, bool):
        raise Reject("不是数字", "请填写数字，如 1500 或 98.5")
    if isinstance(cell, (int, float)):
        if not math.isfinite(cell):
            raise Reject("不是有效数字", "请填写数字，如 1500 或 98.5")
        return Reading(float(cell))
    raw = text(cell)
    how: list[str] = list(clean(cell)[1]) if isinstance(cell, str) else []  # what a person could not see
    folded = raw.translate(FULL_WIDTH)
    if folded != raw:
        how.append(FULL_WIDTH_READ)
    match = _VALUE.fullmatch(folded)
    if not match:
        _explain_rejection(raw, folded)
    parts = match.groupdict()
    qualifiers = [q for q in (parts["before"], parts["between"], parts["after"]) if q]
    if len(qualifiers) > 1:
        raise Reject(f"「{raw}」同时有两个限定词", "“近”“约”“余”“以上”等只能用一个")
    qualifier = qualifiers[0] if qualifiers else ""
    if parts["round"]:
        if not qualifier:
            raise Reject(f"「{raw}」含中文数字", f"请改写为阿拉伯数字，如 {ROUND_WORDS[parts['round']]}")
        number = float(ROUND_WORDS[parts["round"]])
        how.append(ROUND_READ)
    else:
        number = float(parts["number"].replace(",", ""))
        if parts["magnitude"]:
            if "万" in unit or "亿" in unit:
                raise Reject(f"「{raw}」带“{parts['magnitude']}”，而单位已是“{unit}”",
                             f"数值里不要再写“{parts['magnitude']}”，单位“{unit}”已表明数量级")
            number = round(number * MAGNITUDES[parts["magnitude"]], 6)
            how.append(MAGNITUDE_READ)
    if parts["percent"] and kind not in ("rate", None):
        raise Reject(f"「{raw}」带百分号，但这个指标不是比率", "数量或金额请只填数字")
    if not math.isfinite(number):
        raise Reject("不是有效数字", "请填写数字，如 1500 或 98.5")
    return Reading(number, qualifier, tuple(how))


def _explain_rejection(raw: str, folded: str):
    if any(ch in CHINESE_NUMERALS for ch in folded):
        raise Reject(
            f"「{raw}」含中文数字",
            "请改写为阿拉伯数字，如 九十 → 90；“近千”“逾万”“千余”可以直接写",
        )
    if re.fullmatch(r"\d+(?:\.\d+)?\s*[-~～至到]\s*\d+(?:\.\d+)?%?", folded):
        raise Reject(f"「{raw}」是一个范围", "每格只填一个数；可在备注里写明范围，数值填原文的某一端并加限定词，如 约92")
    if "," in folded and re.fullmatch(r"[\d,.\-]+%?", folded):
        raise Reject(f"「{raw}」的千位分隔符位置不对", "写作 1500 或 1,500；小数点请用“.”")
    raise Reject(f"「{raw}」不是数字",
                 "数值列只填数字，如 1500、98.5、92%、410余、近1000、99%以上；单位写在指标表的「单位」列")


def value(cell, kind: str | None, unit: str = "") -> tuple[float, str]:
    """(number, qualifier) of a value cell; see `read_value`."""
    reading = read_value(cell, kind, unit)
    return reading.number, reading.qualifier


# --- ids, years, dates, choices ------------------------------------------------------------------


def indicator_id(cell) -> str:
    value_ = text(cell)
    if not schema.INDICATOR_ID.fullmatch(value_):
        raise Reject(f"编号「{value_}」不合规", "只能用小写英文字母、数字和下划线，并以字母开头，如 participation_rate")
    return value_


def source_id(cell) -> str:
    value_ = text(cell)
    if not schema.SOURCE_ID.fullmatch(value_):
        raise Reject(f"编号「{value_}」不合规", "只能用英文字母、数字、下划线、点或短横线，如 qianwei_2025")
    return value_


YEAR_TEXT = re.compile(r"(\d{4})(?:\.0)?\s*(?:年度|年)?")


def year(cell) -> int:
    if isinstance(cell, bool):
        raise Reject("年份应为四位整数", "如 2024")
    if isinstance(cell, (int, float)):
        if not float(cell).is_integer():
            raise Reject(f"年份「{cell}」不是整数", "如 2024")
        found = int(cell)
    else:
        raw = text(cell)
        match = YEAR_TEXT.fullmatch(raw.translate(FULL_WIDTH))
        if not match:
            raise Reject(f"年份「{raw}」看不懂", "请填四位数字年份，如 2024")
        found = int(match.group(1))
    if not schema.YEAR_MIN <= found <= schema.YEAR_MAX:
        raise Reject(f"年份 {found} 超出范围", f"应在 {schema.YEAR_MIN}–{schema.YEAR_MAX} 之间")
    return found


def whole_number(cell) -> int:
    if isinstance(cell, (int, float)) and not isinstance(cell, bool) and float(cell).is_integer():
        return int(cell)
    raw = text(cell)
    if re.fullmatch(r"\d+", raw.translate(FULL_WIDTH)):
        return int(raw.translate(FULL_WIDTH))
    raise Reject(f"「{raw}」不是整数", "填 1、2、3 表示在总览中的先后顺序，不是重点则留空")


def boolean(cell) -> bool:
    if isinstance(cell, bool):
        return cell
    raw = text(cell).lower()
    if raw in schema.BOOLEANS:
        return schema.BOOLEANS[raw]
    raise Reject(f"「{raw}」不是“是/否”", "填 true 或 false（也可填 是 / 否），留空表示越高越好")


def kind(cell) -> str:
    raw = text(cell)
    found = schema.KINDS.get(raw.lower()) or schema.KINDS.get(raw)
    if found is None:
        raise Reject(f"未知的{schema.INDICATORS.column('kind').alias}「{raw}」",
                     "只能是 " + "、".join(f"{k}（{w}）" for k, w in schema.KIND_WORDS.items()))
    return found


def observation_type(cell) -> str:
    raw = text(cell)
    found = schema.TYPES.get(raw.lower()) or schema.TYPES.get(raw)
    if found is None:
        raise Reject(f"未知的{schema.OBSERVATIONS.column('type').alias}「{raw}」",
                     "只能是 " + " 或 ".join(f"{k}（{w}）" for k, w in schema.TYPE_WORDS.items())
                     + f"，留空表示{schema.TYPE_WORDS['actual']}")
    return found


def qualifier(cell) -> str:
    raw = text(cell)
    if raw not in schema.QUALIFIERS:
        words = "、".join(q for q in schema.QUALIFIERS if q)
        raise Reject(f"未知的限定词「{raw}」", f"只能是 {words} 之一，或留空表示准确数")
    return raw


def iso_date(cell) -> str:
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat()
    if isinstance(cell, dt.date):
        return cell.isoformat()
    raw = text(cell).translate(FULL_WIDTH)
    # Excel rewrites 2025-03-19 as 2025/3/19 when it saves a CSV; both are unambiguous.
    match = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?", raw)
    if match:
        try:
            return dt.date(*(int(g) for g in match.groups())).isoformat()
        except ValueError:
            raise Reject(f"日期「{raw}」不存在", "请检查月份和日期") from None
    raise Reject(f"日期「{raw}」看不懂", "请写成 2025-03-19 这样的格式")


# --- units and kinds of new indicators (DATA_SPEC v2 "Layouts") ------------------------------------

AMOUNT_UNITS = ("元", "万元", "亿元", "千元", "百万元")
_UNIT_IN_BRACKETS = re.compile(r"(.+?)\s*[（(]\s*([^（）()]{1,8}?)\s*[)）]")


def kind_of_unit(unit: str) -> str:
    """`%` → rate; 元/万元/亿元 → amount; anything else → count (DATA_SPEC v2 "Layouts")."""
    unit = unit.strip().translate(FULL_WIDTH)
    if unit == "%":
        return "rate"
    if unit in AMOUNT_UNITS:
        return "amount"
    return "count"


def looks_like_unit(text_: str) -> bool:
    """A short measure word (场次, %, 万元, 人次, 个, 万吨/年), not a qualification like 办结 or 含联名."""
    t = text_.strip().translate(FULL_WIDTH)
    if t == "%" or t in AMOUNT_UNITS:
        return True
    return bool(re.fullmatch(r"[万亿千百]?[\u4e00-\u9fff]{1,2}(?:/[\u4e00-\u9fff]{1,2})?|[a-zA-Z²³/]{1,6}", t)) and \
        t not in ("含联名", "办结", "个人", "集体", "其中", "下同", "累计", "全年", "年度", "合计")


def split_unit(header: str) -> tuple[str, str]:
    """小微协商（场次） → (小微协商, 场次); 委员参与率（%） → (委员参与率, %); without one → (header, "")."""
    match = _UNIT_IN_BRACKETS.fullmatch(header.strip())
    if match and looks_like_unit(match.group(2)):
        return match.group(1).strip(), match.group(2).strip().translate(FULL_WIDTH)
    return header.strip(), ""
