"""The workbooks officials fill in, as bytes (the 数据维护 page offers them for download):

* the long workbook — 填表说明, then the dataset's own tables 指标/数据/来源/单位, filled with the current
  data (单位 lists the orgs even when the dataset has no orgs.csv, so an office sees where 上级单位 and
  简称 go); read back by the loader as a whole dataset;
* a 逐年表 — 填表说明, then one sheet laid out as offices keep statistics: a title naming the org,
  one row per indicator under section rows (一、主题读书 …), 计量单位, one column per year; read back
  through the import (DATA_SPEC v2 "Layouts": years across).

What belongs here: the layout of those two workbooks and their instructions. The tables' columns
and words come from `schema`; the same reader that reads what offices send reads these back.
"""

from __future__ import annotations

import io

import pandas as pd

from .. import display, schema
from ..model import Dataset
from . import sheets

CHINESE_NUMBERS = "一二三四五六七八九十"


def _book():
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                        "strings_to_numbers": False})
    formats = {
        "header": book.add_format({"bold": True, "bg_color": "#EFEFEF", "border": 1, "text_wrap": True,
                                   "font_name": "Microsoft YaHei", "valign": "vcenter"}),
        "text": book.add_format({"font_name": "Microsoft YaHei", "text_wrap": True, "valign": "top"}),
        "title": book.add_format({"bold": True, "font_size": 14, "font_name": "Microsoft YaHei", "align": "center"}),
        "section": book.add_format({"bold": True, "font_name": "Microsoft YaHei", "bg_color": "#F7F7F7"}),
        "number": book.add_format({"font_name": "Microsoft YaHei"}),
        "note": book.add_format({"font_name": "Microsoft YaHei"}),  # no wrapping: it runs on over empty cells
    }
    return book, buffer, formats


Base = tuple[int, str, str]  # (version id, content digest, how people call it): see `sheets.workbook`


def _mark(book, rows: list[tuple[str, str]], base: Base | None) -> None:
    """Record the version a template holds (as `sheets.workbook` does): an upload of it is then known
    to be an edit of that version, so a save over newer data is caught (issue 10)."""
    if base is None:
        return
    book.set_custom_property(sheets.BASE_PROPERTY, f"{base[0]}:{base[1]}")
    rows.insert(2, ("数据版本", f"本模板填入的是{base[2]}的数据。上传时看板据此判断这期间是否有人修改过数据，以免撤销他人的修改。"))


def _instructions(book, formats, rows: list[tuple[str, str]]) -> None:
    sheet = book.add_worksheet("填表说明")
    sheet.set_column(0, 0, 16)
    sheet.set_column(1, 1, 100)
    for r, (key, value) in enumerate(rows):
        sheet.write_string(r, 0, key, formats["header"])
        sheet.write_string(r, 1, sheets.neutralise(value), formats["text"])


def _column_help(spec: schema.TableSpec) -> str:
    return "；".join(f"「{c.alias}」{'（必填）' if c.required else ''}{c.help}" for c in spec.columns)


GUIDE = "完整的格式说明见看板“数据维护”页的“数据格式说明”（可下载）。"


def long_workbook(dataset: Dataset | None, exported_on: str, base: Base | None = None) -> bytes:
    """填表说明 + 指标/数据/来源 (+ 单位): the dataset as the template officials edit and upload again.
    `base`: the version it holds, recorded in the workbook (see `_mark`)."""
    book, buffer, formats = _book()
    qualifiers = "、".join(q for q in schema.QUALIFIERS if q)
    rows = [
        ("这是什么", "同心共建质效看板的数据模板：指标、数据、来源三个工作表（可选第四个“单位”）就是全部数据。"
                   "改好后在看板“数据维护”页上传，系统先检查，列出每一处问题或将要改动的数字，确认后才保存。"),
        ("导出时间", exported_on),
        ("指标表", _column_help(schema.INDICATORS)),
        ("数据表", _column_help(schema.OBSERVATIONS)),
        ("来源表", _column_help(schema.SOURCES)),
        ("单位表（可选）", _column_help(schema.ORGS) + "。填了上级单位，“各单位对比”页按上级单位分组比较，"
                        "同一上级的单位互为同级；简称用于单位较多时的图表。"),
        ("数值怎么写", "只写数字：1500、1,500、98.5；比率写 92 或 92%；原文的限定词（" + qualifiers + "）可以连数字一起写，"
                    "如 300余、近500、95%以上，也可以写在“限定”列。1.5万 读作 15000（单位本身是“万元”时不要再写“万”）。"),
        ("没有数字", "某年没有公开数字就不填这一行（或数值写 —、无）：看板显示为空缺，不会当作 0，也不会推算。"),
        ("不要改", "不要改工作表名称和表头（第1行）；表头上方可以加标题行，表中可以有“序号”列和“合计”行，系统会跳过并说明。"),
        ("格式说明", GUIDE),
    ]
    _mark(book, rows, base)
    _instructions(book, formats, rows)
    tables = {} if dataset is None else {**sheets.dataset_tables(dataset), **_orgs(dataset)}
    for spec in schema.TABLES.values():
        if dataset is None:
            frame = pd.DataFrame(columns=spec.aliases)
        elif spec.sheet in tables:
            frame = tables[spec.sheet]
        else:
            continue
        sheets._write_frame(book.add_worksheet(spec.sheet), frame, formats["header"], formats["text"])
    book.close()
    return buffer.getvalue()


def _orgs(dataset: Dataset) -> dict[str, pd.DataFrame]:
    """The 单位 sheet: orgs.csv when the dataset has one, else every org by name with 上级单位 and 简称 left
    blank (read back, that means what no orgs.csv means: every org a peer of every other, default short names)."""
    found = sheets.org_table(dataset)
    if found or not dataset.orgs():
        return found
    return {schema.ORGS.sheet: pd.DataFrame([[o, "", ""] for o in dataset.orgs()], columns=schema.ORGS.aliases)}


NAMED = 5  # the 填表说明 of a 逐年表 names at most this many indicators with figures of other periods


def _other_periods(dataset: Dataset | None, org: str, indicators) -> dict[str, tuple[str, list[str]]]:
    """indicator id → (its name, its figures for `org` that are not of one year: 截至2025年 75个 …):
    the figures a 逐年表 has no column for (t1113 #10)."""
    if dataset is None or org not in dataset.orgs():
        return {}
    found = {}
    for ind in indicators:
        said = [f"{display.period(o)} {display.observation_value(dataset, o)}"
                for o in dataset.observations_of(ind.id, org) if not o.is_yearly and o.type == "actual"]
        if said:
            found[ind.id] = (ind.name, said)
    return found


def years_workbook(dataset: Dataset | None, exported_on: str, org: str | None = None,
                   years: list[int] | None = None, base: Base | None = None) -> bytes:
    """填表说明 + 逐年表: one row per indicator under its 板块, one column per year, the org named in the
    title; with a dataset, its indicators and `org`'s yearly figures already filled in (default: the
    first org, its years; else the last five years). `base`: the version it holds (see `_mark`)."""
    book, buffer, formats = _book()
    org = org or (dataset.orgs()[0] if dataset and dataset.orgs() else "（单位名称）")
    if years is None:
        known = [y for y in (dataset.years(org) if dataset and org in dataset.orgs() else [])]
        last = int(exported_on[:4]) - 1 if exported_on[:4].isdigit() else 2024
        years = list(range(min(known), max(known) + 1)) if known else list(range(last - 4, last + 1))
    rows = [
        ("这是什么", "逐年表：每行一个指标，每列一年。填好后在看板“数据维护”页导入（或用命令 python -m tongxin import），"
                   "系统会先显示“我们这样理解您的表格”：哪一行是表头、哪些行列被跳过、新指标的单位和板块，确认后才保存。"),
        ("导出时间", exported_on),
        ("单位", "第2行“填报单位：”后写单位全称（如 犍为县政协）。"),
        ("板块", "只在第一格写字的行（如“一、主题读书”）是板块标题：下面各行的指标属于这个板块。"),
        ("指标", "指标名称与看板中已有的一致时并入该指标；新名称成为新指标（单位由“计量单位”列得出，"
               "%为比率，元/万元/亿元为金额，其余为数量），导入前可以修改。"),
        ("年份", "表头的年份列（2020年、2021年…）可以增删；每格只填一个数字。"),
        ("数值怎么写", "1500、98.5、92%；原文的限定词可以连数字一起写，如 300余、近500、95%以上、约60%。"),
        ("没有数字", "没有公开数字的年份留空或写 —：看板显示为空缺，不当作 0，不推算。"),
        ("合计", "可以保留“合计”行：系统不把它当作指标，只用来核对各行之和。"),
        ("来源", "导入时要写明这些数字的来源（标题、发布者、日期）。"),
        ("格式说明", GUIDE),
    ]
    indicators = list(dataset.indicators) if dataset else []
    other_periods = _other_periods(dataset, org, indicators)
    if other_periods:
        listed = "；".join(f"{name}：{'、'.join(said)}" for name, said in list(other_periods.values())[:NAMED])
        more = f"……（共 {len(other_periods)} 个指标）" if len(other_periods) > NAMED else ""
        rows.insert(-1, ("非逐年数字", f"“截至某年”“换届以来”“近两年”等不是某一年的数字，看板中已有，但不在年份列中（指标名称格带批注的就是）："
                                  f"{listed}{more}。不要把它们填进年份列：那样会多出一个同样的逐年数字。"))
    _mark(book, rows, base)
    _instructions(book, formats, rows)
    sheet = book.add_worksheet("逐年表")
    header = ["序号", "指标", "计量单位", *[f"{y}年" for y in years], "备注"]
    width = len(header)
    sheet.merge_range(0, 0, 0, width - 1, f"{org}{years[0]}—{years[-1]}年同心共建工作情况统计表", formats["title"])
    sheet.write_string(1, 0, f"填报单位：{org}", formats["note"])
    sheet.write_string(1, 3, f"填报日期：{exported_on}", formats["note"])
    for c, text in enumerate(header):
        sheet.write_string(2, c, text, formats["header"])
    sheet.set_column(0, 0, 6)
    sheet.set_column(1, 1, 28)
    sheet.set_column(2, 2, 10)
    sheet.set_column(3, width - 2, 10)
    sheet.set_column(width - 1, width - 1, 30)
    r = 3
    pillars = list(dict.fromkeys(i.pillar for i in indicators)) or ["主题读书"]
    serial = 1
    for n, pillar in enumerate(pillars):
        number = CHINESE_NUMBERS[n] if n < len(CHINESE_NUMBERS) else str(n + 1)
        sheet.merge_range(r, 0, r, width - 1, f"{number}、{pillar}", formats["section"])
        r += 1
        members = [i for i in indicators if i.pillar == pillar] or [None]
        for ind in members:
            sheet.write_number(r, 0, serial)
            sheet.write_string(r, 1, ind.name if ind else "（指标名称）", formats["text"])
            if ind is not None and ind.id in other_periods:
                sheet.write_comment(r, 1, "看板中已有不是某一年的数字：" + "、".join(other_periods[ind.id][1])
                                    + "。它们不在年份列中，请不要再填入年份列。", {"x_scale": 2, "y_scale": 1.2})
            sheet.write_string(r, 2, ind.unit if ind else "（单位）", formats["text"])
            if ind is not None and dataset is not None and org in dataset.orgs():
                for obs in dataset.series(ind.id, org):
                    if obs.period_end in years:
                        c = 3 + years.index(obs.period_end)
                        if obs.qualifier:
                            sheet.write_string(r, c, display.figure(obs.value, "", obs.qualifier), formats["text"])
                        else:
                            sheet.write_number(r, c, obs.value, formats["number"])
            serial += 1
            r += 1
    sheet.freeze_panes(3, 2)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)  # printed: every year on one page width, the header on every page
    sheet.repeat_rows(2)
    book.close()
    return buffer.getvalue()
