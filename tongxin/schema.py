"""THE tables of the data contract (DATA_SPEC v2 "Files"): their file and sheet names, columns in
order, Chinese aliases, required flags, and the fixed choice lists (kinds, types, qualifiers, yes/no).

What belongs here: facts about the contract that the loader, the store, the editor and the exports
all need, each written once. No reading, no writing, no pandas (the store imports this and must stay
light). The aliases are the ones DATA_SPEC "Rules the loader enforces" lists; `orgs` is the optional
v2 table ("`orgs.csv` — optional").
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    name: str  # English id used in code and written by the app
    alias: str  # Chinese header officials may use instead
    required: bool = False
    help: str = ""  # what to write, in Chinese (the templates' 填表说明; DATA_SPEC "Files")
    # Other headers read as this column, not written by us: 截至年份 (the word the app itself prints,
    # "截至2025年") for 截止年份 — t1113; an addition to DATA_SPEC's alias list.
    also: tuple[str, ...] = ()


@dataclass(frozen=True)
class TableSpec:
    name: str  # indicators / observations / sources / orgs
    file: str  # the CSV file name in a data folder
    sheet: str  # the Chinese sheet name in a workbook
    label: str  # what the table is called in messages
    columns: tuple[Column, ...]
    required: bool = True  # False: a dataset may lack this table (orgs.csv)
    record: str = ""  # what one row is called in a list of changes (数字, 指标 …)
    counter: str = "个"  # its measure word (新增3条数字, 新增1个指标)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def aliases(self) -> list[str]:
        return [c.alias for c in self.columns]


INDICATORS = TableSpec(
    "indicators", "indicators.csv", "指标", "指标表",
    (
        Column("id", "编号", True, "英文小写字母、数字和下划线，以字母开头，如 participation_rate；不能重复"),
        Column("name", "名称", True, "指标的中文名称，如 委员参与率"),
        Column("pillar", "板块", True, "所属的工作板块，如 主题读书、建言献策"),
        Column("unit", "单位", True, "计量单位，如 %、个、场次、人次、件、万元"),
        Column("kind", "类型", True, "比率（百分数，0–100）、数量（不能为负）或 金额"),
        Column("description", "说明", False, "一句话说明含义或统计口径"),
        Column("higher_is_better", "越高越好", False, "是 / 否；留空为 是（决定变化用什么颜色）"),
        Column("headline", "重点", False, "填 1、2、3…：作为总览的重点卡片及其顺序；不是重点留空"),
        Column("part_of", "所属指标", False, "原文“其中”：本指标是哪个指标的一部分（填那个指标的编号），看板据此算占比"),
    ),
    record="指标",
)
OBSERVATIONS = TableSpec(
    "observations", "observations.csv", "数据", "数据表",
    (
        Column("org", "单位名称", True, "填报单位，如 犍为县政协"),
        Column("indicator", "指标", True, "指标表中的编号"),
        Column("period_start", "起始年份", False, "数字所属期间的第一年；全年数字与截止年份相同；原文没说可留空"),
        Column("period_end", "截止年份", True, "数字所属期间的最后一年，四位数字，如 2024", also=("截至年份",)),
        Column("period_label", "期间", False, "原文对期间的说法，如 三年来、换届以来、2024年"),
        Column("value", "数值", True, "只填数字，如 1500、98.5、92%；“410余”“近千”“99%以上”也可以"),
        Column("qualifier", "限定", False, "原文的限定词：余、多、以上、逾、超过、近、约、左右、不足、不到；准确数留空"),
        Column("type", "性质", False, "实际 或 目标；留空为 实际"),
        Column("source", "来源", True, "来源表中的编号"),
        Column("note", "备注", False, "原文摘录或说明"),
    ),
    record="数字", counter="条",
)
SOURCES = TableSpec(
    "sources", "sources.csv", "来源", "来源表",
    (
        Column("id", "编号", True, "英文字母、数字、下划线、点或短横线，如 qianwei_2025"),
        Column("title", "标题", True, "文章或报告的标题"),
        Column("publisher", "发布者", True, "发布单位或网站"),
        Column("date", "日期", True, "发布日期，如 2025-03-19"),
        Column("url", "链接", False, "网址（可不填）"),
        Column("note", "备注", False, "说明"),
    ),
    record="来源",
)
ORGS = TableSpec(
    "orgs", "orgs.csv", "单位", "单位表",
    (
        Column("name", "单位名称", True, "与数据表的“单位名称”完全一致，如 犍为县政协"),
        Column("parent", "上级单位", False, "所属的上一级政协，如 乐山市政协；同一上级的单位互相比较"),
        Column("short_name", "简称", False, "图上单位多时用的短名，如 犍为；留空则去掉末尾的“政协”"),
    ),
    required=False, record="单位",
)

# Every table, in contract order (the order files are hashed and sheets written in).
TABLES: dict[str, TableSpec] = {t.name: t for t in (INDICATORS, OBSERVATIONS, SOURCES, ORGS)}
REQUIRED_TABLES: dict[str, TableSpec] = {n: t for n, t in TABLES.items() if t.required}
FILES: tuple[str, ...] = tuple(t.file for t in TABLES.values())

# --- choices (the first word of each is what the app writes; the Chinese word what people read) ----
KINDS = {"rate": "rate", "比率": "rate", "count": "count", "数量": "count", "amount": "amount", "金额": "amount"}
KIND_WORDS = {"rate": "比率", "count": "数量", "amount": "金额"}
TYPES = {"actual": "actual", "实际": "actual", "target": "target", "目标": "target"}
TYPE_WORDS = {"actual": "实际", "target": "目标"}
BOOLEANS = {"true": True, "是": True, "yes": True, "1": True, "false": False, "否": False, "no": False, "0": False}
BOOLEAN_WORDS = {True: "是", False: "否"}

# DATA_SPEC "observations.csv" → qualifier: how exact the source is, in its own word. Blank = exact.
# Each word has the one place Chinese puts it (DATA_SPEC: "displayed where the source put it"):
#   before the number (近千件, 约63%, 逾万人, 超过100人, 不足百人, 不到10个),
#   between number and unit (410余条, 400多人), or after the unit (99%以上, 63%左右).
QUALIFIERS_BEFORE = ("近", "约", "逾", "超过", "不足", "不到")
QUALIFIERS_BETWEEN = ("余", "多")
QUALIFIERS_AFTER = ("以上", "左右")
QUALIFIERS = ("", *QUALIFIERS_BETWEEN, *QUALIFIERS_AFTER, *QUALIFIERS_BEFORE)
QUALIFIER_MEANINGS = {
    "余": "多于", "多": "多于", "以上": "多于", "逾": "多于", "超过": "多于",
    "近": "接近", "约": "大约", "左右": "大约", "不足": "少于", "不到": "少于",
}

YEAR_MIN, YEAR_MAX = 1949, 2100  # DATA_SPEC: "a year outside 1949–2100" is rejected
INDICATOR_ID = re.compile(r"[a-z][a-z0-9_]*")
SOURCE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]*")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # OWASP CSV injection: text starting so gets a '
UNCLASSIFIED_PILLAR = "未分类"  # DATA_SPEC v2 "Layouts": a new indicator's pillar when the file names none

# --- the header words of statistics tables (DATA_SPEC v2 "Layouts"): the columns besides the years or
# indicators, compared after `read.shape.header_word` (cleaned, inner spaces dropped) ---------------------------
LAYOUT_NAME_WORDS = frozenset({"指标", "指标名称", "名称", "项目", "内容", "指标项目", "统计指标", "主要指标", "项目名称", "工作内容", "事项"})
LAYOUT_ID_WORDS = frozenset({"编号", "指标编号", "id", "代码", "指标代码"})
LAYOUT_PILLAR_WORDS = frozenset({"板块", "类别", "分类", "工作板块", "所属板块", "领域"})
LAYOUT_UNIT_WORDS = frozenset({"计量单位", "单位"})
LAYOUT_ORG_WORDS = frozenset({"单位名称", "单位", "县（区）", "县(区)", "县区", "区县", "县（市、区）", "县(市、区)", "县（市）",
                              "地区", "报送单位", "填报单位", "政协", "组织名称", "名称", "县（市、区）政协", "县（区）政协"})
LAYOUT_YEAR_WORDS = frozenset({"年份", "年度", "年", "统计年份", "统计年度"})
LAYOUT_NOTE_WORDS = frozenset({"备注", "说明", "注"})


def table_for_file(name: str) -> TableSpec | None:
    """The table a CSV holds, from its file name: `indicators.csv`, `observations (1).csv`, or a
    name containing the Chinese sheet name (`数据.csv`, `2024指标.csv`)."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1].strip().lower()
    for spec in TABLES.values():
        if base == spec.file or base.startswith(spec.name):
            return spec
    for spec in TABLES.values():
        if spec.sheet in base:
            return spec
    return None


def digest(files: dict[str, bytes]) -> str:
    """File names and contents of the data files, in contract order: equal digests, equal data.
    The same rule as `store.digest` for the files the store keeps."""
    h = hashlib.sha256()
    for name in FILES:
        if name in files:
            h.update(name.encode())
            h.update(files[name])
    return h.hexdigest()
