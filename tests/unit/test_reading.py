"""Spreadsheets shaped like the real cases, made here: other title words, other total words, other
merges, other invisible characters, a years-across .xls, an indicators-across .xlsx as WPS writes
it (a stale sheet dimension), a GBK years-across CSV with section rows, files that cannot be read.
Each is read through the loader or the import and its values asserted (DATA_SPEC v2 "Reading what
offices actually have")."""

from __future__ import annotations

import io
import re
import zipfile

import openpyxl
import pytest

from tests import datasets as d
from tongxin import importing, load
from tongxin.read import cells, files, layout

SOURCE = importing.SourceInfo("2024年工作报告", "示例区政协", "2025-01-10")


def xlsx(build) -> bytes:
    book = openpyxl.Workbook()
    build(book.active)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def plan(tmp_path, uploads: dict[str, bytes], folder=None, **settings) -> importing.Plan:
    settings.setdefault("source", SOURCE)
    return importing.plan(folder or tmp_path / "new", uploads, importing.Settings(**settings))


def figures(result: importing.Plan) -> dict[tuple, tuple]:
    """{(org, indicator name, year): (value, qualifier)} of a plan's merged dataset."""
    ds = result.dataset
    return {(o.org, ds.indicator(o.indicator).name, o.period_end): (o.value, o.qualifier) for o in ds.observations}


# --- the long tables: other title words, totals, merges, invisible characters ------------------------------------


def test_note_rows_above_the_header_are_skipped_and_said(tmp_path):
    text = ("填报单位：示例区政协,,,,,,,,,\n单位：个、%   填报日期：2024年1月5日,,,,,,,,,\n"
            + d.MINI["observations.csv"])
    dataset, problems = load.read_dataset(d.write(tmp_path / "t", observations=text))
    assert len(dataset.observations) == 7 and dataset.observations_of("topics")[0].value == 12
    [notice] = problems
    assert notice.row is None and notice.message.startswith("第1–2行是标题或说明（“填报单位：示例区政协”")
    assert "表头在第3行" in notice.message


WITHOUT_TOPICS = {**d.MINI, "observations.csv": "\n".join(
    line for line in d.MINI["observations.csv"].splitlines() if ",topics," not in line) + "\n"}


@pytest.mark.parametrize("word", ["总计", "小计", "全县合计", "合  计", "总计："])
def test_other_total_words_are_not_orgs(tmp_path, word):
    rows = [d.observation("topics", 2024, "3", start=2024, org="甲县政协"),
            d.observation("topics", 2024, "4", start=2024, org="乙县政协"),
            d.observation("topics", 2024, "7", start=2024, org=word)]
    folder = d.write(tmp_path / "t", WITHOUT_TOPICS, observations=d.with_rows("observations", *rows, base=WITHOUT_TOPICS))
    dataset, problems = load.read_dataset(folder)
    assert word not in dataset.orgs() and len(dataset.observations) == 8
    total = next(p for p in problems if "行，不是某个单位" in p.message)
    assert total.row == 10 and total.severity == "notice"
    assert not [p for p in problems if p.severity == "warning"]  # 3 + 4 = 7


def test_a_subtotal_is_checked_against_its_own_rows(tmp_path):
    rows = [d.observation("topics", 2024, "3", start=2024, org="甲县政协"),
            d.observation("topics", 2024, "4", start=2024, org="乙县政协"),
            d.observation("topics", 2024, "8", start=2024, org="小计"),
            d.observation("topics", 2024, "5", start=2024, org="丙县政协"),
            d.observation("topics", 2024, "12", start=2024, org="总计")]
    folder = d.write(tmp_path / "t", WITHOUT_TOPICS, observations=d.with_rows("observations", *rows, base=WITHOUT_TOPICS))
    dataset, problems = load.read_dataset(folder)
    warnings = [p for p in problems if p.severity == "warning"]
    # 小计 8 ≠ 3 + 4 (a warning); 总计 12 = 3 + 4 + 5 (the rows, not the subtotal)
    assert [(w.row, "小计行的 8" in w.message and "之和 7" in w.message) for w in warnings] == [(10, True)]
    assert len(dataset.observations) == 9


def test_merged_org_cells_in_a_long_workbook_apply_to_every_row(tmp_path):
    def build(ws):
        ws.title = "数据"
        for row in d.MINI["observations.csv"].strip().splitlines():
            ws.append([c if not re.fullmatch(r"\d+(\.\d+)?", c) else float(c) for c in row.split(",")])
        for r in range(3, 9):
            ws.cell(r, 1).value = None
        ws.merge_cells("A2:A8")  # 单位名称 written once for all seven figures
    book = openpyxl.load_workbook(io.BytesIO(xlsx(build)))
    for name, sheet in (("indicators.csv", "指标"), ("sources.csv", "来源")):
        ws = book.create_sheet(sheet)
        for row in d.MINI[name].strip().splitlines():
            ws.append(row.split(","))
    buffer = io.BytesIO()
    book.save(buffer)
    dataset, problems = load.read_files({"模板.xlsx": buffer.getvalue()})
    assert dataset.orgs() == ["示例区政协"] and len(dataset.observations) == 7
    merged = next(p for p in problems if "合并单元格" in p.message)
    assert (merged.sheet, merged.row, merged.severity) == ("数据", 2, "notice") and "A2:A8" in merged.message


INVISIBLE = {
    "BOM inside the org": ("示例区\ufeff政协", "org"),
    "word joiner in an indicator id": ("topics\u2060", "indicator"),
    "no-break space after a source id": ("rpt\u00a0", "source"),
    "ideographic space before a label": ("\u3000近两年", "period_label"),
    "soft hyphen in a qualifier": ("余\u00ad", "qualifier"),
    "left-to-right mark in a value": ("\u200e12", "value"),
    "zero-width non-joiner in a year": ("2023\u200c", "period_end"),
}


@pytest.mark.parametrize("case", list(INVISIBLE))
def test_every_invisible_character_is_removed_with_a_notice(tmp_path, case):
    written, column = INVISIBLE[case]
    row = {"org": "示例区政协", "indicator": "topics", "period_start": "", "period_end": "2023", "period_label": "近两年",
           "value": "12", "qualifier": "", "type": "", "source": "rpt", "note": ""}
    row[column] = written
    if column == "qualifier":
        row["value"] = "12"
    lines = d.MINI["observations.csv"].splitlines()
    lines = [line for line in lines if ",topics," not in line] + [",".join(row.values())]
    dataset, problems = load.read_dataset(d.write(tmp_path / "t", observations="\n".join(lines) + "\n"))
    assert dataset is not None, [str(p) for p in problems]
    obs = dataset.observations_of("topics")[0]
    assert (obs.org, obs.source, obs.period_label, obs.value, obs.period_end) == ("示例区政协", "rpt", "近两年", 12, 2023)
    assert dataset.orgs() == ["示例区政协"]
    [notice] = [p for p in problems if p.severity == "notice"]
    assert notice.column == column and notice.row == 8


def test_odd_spaces_inside_a_name_do_not_make_a_second_org(tmp_path):
    rows = [d.observation("topics", 2024, "3", start=2024, org="示例区 政协"),
            d.observation("topics", 2023, "4", start=2023, org="示例区\u00a0政协"),
            d.observation("topics", 2022, "5", start=2022, org="示例区\u3000政协")]
    dataset, _ = load.read_dataset(d.write(tmp_path / "t", observations=d.with_rows("observations", *rows)))
    assert sorted(set(dataset.orgs())) == ["示例区 政协", "示例区政协"]


def test_direction_overrides_stay_visible_instead_of_vanishing(tmp_path):
    """U+202E changes how text looks, so it is not removed silently: pages show it as [U+202E]."""
    dataset = load.load_dataset(d.write(tmp_path / "h", d.hostile_dataset()))
    assert dataset.orgs() == [d.RTL_ORG]


# --- gaps, numbers and percent formats ------------------------------------------------------------------------------


@pytest.mark.parametrize("gap", ["", "—", "-", "/", "无", "不详"])
def test_gap_markers_are_no_figure_never_zero(tmp_path, gap):
    rows = d.MINI["observations.csv"].replace("示例区政协,topics,,2023,近两年,12,", f"示例区政协,topics,,2023,近两年,{gap},")
    dataset, problems = load.read_dataset(d.write(tmp_path / "t", observations=rows))
    assert dataset.observations_of("topics") == [] and len(dataset.observations) == 6
    [notice] = problems
    assert notice.column == "value" and notice.row == 6 and "空缺" in notice.message


@pytest.mark.parametrize("number_format, stored, expected, said", [
    ("0.0%", 0.921, 92.1, "百分比格式"),
    ('0.0"%"', 92.1, 92.1, "只显示百分号"),
    ("0.00\\%", 92.1, 92.1, "只显示百分号"),
    ("[Red]0%", 0.5, 50, "百分比格式"),
    ("0.0", 92.1, 92.1, None),
])
def test_read_the_number_the_person_sees(number_format, stored, expected, said):
    assert files.percent_format(number_format) == {"百分比格式": "real", "只显示百分号": "literal", None: None}[said]
    reading = cells.read_value(files.shown(stored, number_format), "rate")
    assert reading.number == pytest.approx(expected)
    assert (said in reading.how[0]) if said else reading.how == ()


# --- a years-across .xls --------------------------------------------------------------------------------------------


def years_across_xls(rate_2024: float = 92.1) -> bytes:
    """犍为县政协's years across as an .xls (`rate_2024`: its 委员参与率 in 2024, shown 0.0"%")."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet("逐年统计")
    percent = xlwt.easyxf(num_format_str="0%")
    literal = xlwt.easyxf(num_format_str='0.0"%"')
    ws.write_merge(0, 0, 0, 6, "犍为县政协2021—2024年履职情况统计表")
    for c, text in enumerate(["序号", "指标", "计量单位", "2021年", "2022年", "2023年", "2024年"]):
        ws.write(1, c, text)
    ws.write_merge(2, 2, 0, 6, "一、主题读书")
    ws.write(3, 0, 1), ws.write(3, 1, "读书活动"), ws.write(3, 2, "场")
    for c, v in zip(range(3, 7), [12, "—", 20, "22余"], strict=True):
        ws.write(3, c, v)
    ws.write(4, 0, 2), ws.write(4, 1, "委员书屋"), ws.write(4, 2, "个")
    ws.write_merge(4, 4, 3, 4, 60)  # one value for 2021 and 2022, merged: it applies to both
    ws.write(4, 5, 70), ws.write(4, 6, 75)
    ws.write_merge(5, 5, 0, 6, "（二）古韵协商")
    ws.write(6, 0, 3), ws.write(6, 1, "委员参与率"), ws.write(6, 2, "%")
    ws.write(6, 3, 0.2, percent), ws.write(6, 6, rate_2024, literal)
    ws.write(7, 1, "小  计")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_years_across_xls(tmp_path):
    result = plan(tmp_path, {"逐年统计.xls": years_across_xls()})
    assert result.ok, importing.report(result)
    assert figures(result) == {
        ("犍为县政协", "读书活动", 2021): (12, ""), ("犍为县政协", "读书活动", 2023): (20, ""),
        ("犍为县政协", "读书活动", 2024): (22, "余"),
        ("犍为县政协", "委员书屋", 2021): (60, ""), ("犍为县政协", "委员书屋", 2022): (60, ""),
        ("犍为县政协", "委员书屋", 2023): (70, ""), ("犍为县政协", "委员书屋", 2024): (75, ""),
        ("犍为县政协", "委员参与率", 2021): (20, ""), ("犍为县政协", "委员参与率", 2024): (92.1, ""),
    }
    new = {i.name: (i.unit, i.kind, i.pillar) for i in result.new_indicators}
    assert new == {"读书活动": ("场", "count", "主题读书"), "委员书屋": ("个", "count", "主题读书"),
                   "委员参与率": ("%", "rate", "古韵协商")}
    [understood] = result.understood
    assert understood.layout == "years_across" and understood.header_row == 2 and understood.org == "犍为县政协"
    said = "\n".join(importing.report(result))
    assert "逐年统计.xls「逐年统计」工作表 第3行：这一行“一、主题读书”是板块标题行" in said
    assert "合并单元格 D5:E5 的值“60”已用于其中每一格" in said and "第8行：这一行是小计行" in said


# --- an indicators-across .xlsx as WPS writes it --------------------------------------------------------------------------


def wps_style_xlsx() -> bytes:
    def build(ws):
        ws.title = "Sheet1"
        ws.append(["2024年各县（区）政协履职情况统计表"])
        ws.merge_cells("A1:E1")
        ws.append(["序号", "单位名称", "小微协商（场次）", "委员参与率（%）", "协商经费（万元）"])
        ws.append([1, "犍为县政协", 342, 0.92, "39"])
        ws["D3"].number_format = "0%"
        ws.append([2, "沐川县政协", "300余", 88, "—"])
        ws.append([3, "井研县政协", "１５０", "95%以上", 1.5])
        ws.append(["合计", None, 792, None, 40.5])
    data = xlsx(build)
    # WPS (and some exporters) leave the stored dimension at A1: a reader trusting it sees one cell
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            content = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                content, n = re.subn(rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="A1"/>', content)
                assert n == 1
            dst.writestr(item, content)
    return out.getvalue()


def test_an_indicators_across_xlsx_with_a_stale_dimension(tmp_path):
    data = wps_style_xlsx()
    stale = openpyxl.load_workbook(io.BytesIO(data), read_only=True).active
    assert stale.max_row == 1  # what trusting the dimension would read
    result = plan(tmp_path, {"各县统计.xlsx": data})
    assert result.ok, importing.report(result)
    assert figures(result) == {
        ("犍为县政协", "小微协商", 2024): (342, ""), ("犍为县政协", "委员参与率", 2024): (92, ""),
        ("犍为县政协", "协商经费", 2024): (39, ""),
        ("沐川县政协", "小微协商", 2024): (300, "余"), ("沐川县政协", "委员参与率", 2024): (88, ""),
        ("井研县政协", "小微协商", 2024): (150, ""), ("井研县政协", "委员参与率", 2024): (95, "以上"),
        ("井研县政协", "协商经费", 2024): (1.5, ""),
    }
    units = {i.name: (i.unit, i.kind, i.pillar) for i in result.new_indicators}
    assert units == {"小微协商": ("场次", "count", "未分类"), "委员参与率": ("%", "rate", "未分类"),
                     "协商经费": ("万元", "amount", "未分类")}
    [understood] = result.understood
    assert (understood.layout, understood.header_row, understood.year, understood.year_from) == (
        "indicators_across", 2, 2024, "标题或说明行")
    # 合计 E: 39 + 1.5 = 40.5 checks out; C holds a 余 figure, so it is not summed
    assert not [p for p in result.problems if p.severity == "warning"]
    assert any("全角" in p.message for p in result.notices)


# --- a GBK years-across CSV with section rows ---------------------------------------------------------------------------


GBK_YEARS = """犍为县政协2022—2024年工作数据,,,,
指标名称,单位,2022年,2023年,2024年
一、主题读书,,,,
委员书屋,个,60,70,75
二、建言献策,,,,
社情民意信息,篇,40,"1,200",55
（三）古韵协商,,,,
小微协商,场次,100,不详,342
合计,,,,
"""


def test_a_gbk_years_across_csv_with_section_rows(tmp_path):
    result = plan(tmp_path, {"犍为县数据.csv": GBK_YEARS.encode("gbk")})
    assert result.ok, importing.report(result)
    pillars = {i.name: i.pillar for i in result.new_indicators}
    assert pillars == {"委员书屋": "主题读书", "社情民意信息": "建言献策", "小微协商": "古韵协商"}
    got = figures(result)
    assert got[("犍为县政协", "社情民意信息", 2023)] == (1200, "")
    assert ("犍为县政协", "小微协商", 2023) not in got  # 不详: a gap, never 0
    assert len(got) == 8
    [understood] = result.understood
    assert understood.detail == "GBK/GB18030 编码，逗号分隔" and understood.layout == "years_across"


# --- files that cannot be read ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name, words", [("统计.et", "WPS"), ("统计.numbers", "Numbers"), ("统计.ods", "另存为"),
                                         ("统计.docx", "不是表格")])
def test_unreadable_files_get_one_clear_message(tmp_path, name, words):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / name).write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100))
    dataset, problems = load.read_dataset(folder)
    if name.endswith(".docx"):
        assert [p.message for p in problems][:1] == ["找不到这个文件"]  # not a spreadsheet: the folder has no data
        return
    assert dataset is None and len(problems) == 1
    assert problems[0].file == name and words in problems[0].message + problems[0].hint
    assert ".xlsx" in problems[0].hint  # says how to save it so it can be read
    result = plan(tmp_path, {name: b"x"})
    assert not result.ok and words in str(result.errors[0])


def test_an_xls_that_is_really_a_web_page(tmp_path):
    result = plan(tmp_path, {"导出.xls": b"<html><table><tr><td>1</td></tr></table></html>"})
    assert "网页" in result.errors[0].message and "xlsx" in result.errors[0].hint


# --- the layouts' pieces ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("header, expected", [("小微协商（场次）", ("小微协商", "场次")), ("委员参与率(%)", ("委员参与率", "%")),
                                              ("协商经费（万元）", ("协商经费", "万元")), ("办复（办结）率", ("办复（办结）率", "")),
                                              ("提案（含联名）", ("提案（含联名）", ""))])
def test_units_in_header_brackets(header, expected):
    assert cells.split_unit(header) == expected


@pytest.mark.parametrize("titles, expected", [
    (["2024年各县（区）政协履职情况统计表"], (2024, "")),
    (["犍为县政协2020—2024年履职情况统计表"], (None, "犍为县政协")),
    (["2024年工作统计", "填报单位：沐川县政协  填报日期：2025年1月5日"], (2024, "沐川县政协")),
])
def test_what_a_title_says(titles, expected):
    assert layout.title_facts(titles) == expected


def test_new_indicator_ids_are_stable_and_ascii():
    first = importing.new_indicator_id("小微协商")
    assert first == importing.new_indicator_id(" 小微协商\u200b") == importing.new_indicator_id("小微协商")
    assert re.fullmatch(r"[a-z][a-z0-9_]*", first) and first != importing.new_indicator_id("小微协商活动")
    assert importing.new_indicator_id("办复（办结）率") == importing.new_indicator_id("办复(办结)率")


# --- t1113: what a fresh tester's spreadsheets showed ------------------------------------------------------------------


def test_section_rows_written_in_the_serial_column_name_the_pillar(tmp_path):
    """`一、建言献策` in the 序号 column, the other cells empty (docs/数据格式说明.md §三.2), in an .xlsx
    and a GBK CSV: the 板块 of the rows below, never "a row with numbers but no name"."""
    def build(sheet):
        for row in (["序号", "指标", "计量单位", "2023年", "2024年"], ["一、建言献策"], [1, "提交提案", "件", 130, 145],
                    ["（二）四进四助"], [2, "走访群众", "人次", 15000, 20000], [3]):
            sheet.append(row)

    csv = "序号,指标,单位,2023,2024\n一、建言献策,,,,\n1,提交提案,件,130,145\n（二）四进四助,,,,\n2,走访群众,人次,1.5万,2万\n"
    for name, data in (("表.xlsx", xlsx(build)), ("表.csv", csv.encode("gbk"))):
        result = plan(tmp_path, {name: data}, org="示例区政协")
        assert result.ok, importing.report(result)
        assert {i.name: i.pillar for i in result.new_indicators} == {"提交提案": "建言献策", "走访群众": "四进四助"}
        assert figures(result)[("示例区政协", "走访群众", 2024)] == (20000, "")
        assert not any("没有指标名称" in p.message and "有数字" in p.message for p in result.problems)
    xlsx_plan = plan(tmp_path, {"表.xlsx": xlsx(build)}, org="示例区政协")
    [said] = [n for n in xlsx_plan.notices if n.row == 6]
    assert "没有指标名称也没有数字，已跳过" in said.message and said.severity == "notice"


def test_a_row_with_numbers_but_no_name_is_still_an_error(tmp_path):
    csv = "序号,指标,单位,2023,2024\n1,提交提案,件,130,145\n2,,,5,6\n"
    result = plan(tmp_path, {"表.csv": csv.encode()}, org="示例区政协")
    [error] = result.errors
    assert error.message == "这一行有数字，但没有指标名称" and error.row == 3


@pytest.mark.parametrize("word", ["平均", "均值", "全市平均", "平均值", "平 均", "中位数"])
def test_an_average_row_is_a_summary_row_never_an_org_nor_summed(tmp_path, word):
    """t1113 #2: a 平均 row of a county comparison became an org and was counted into the 总计 check."""
    table = ("2024年各县（区）政协提案统计表,,,\n序号,单位名称,提交提案（件）,立案率（%）\n1,甲县政协,180,92%\n"
             f"2,乙县政协,120,88%\n3,丙县政协,150,85%\n,全市合计,450,\n,{word},150,88.3\n,总　计,450,\n")
    result = plan(tmp_path, {"表.csv": table.encode()})
    assert result.ok, importing.report(result)
    assert sorted(result.dataset.orgs()) == ["丙县政协", "乙县政协", "甲县政协"]
    assert not [p for p in result.problems if p.severity == "warning"]  # 总计 450 = 180 + 120 + 150
    said = next(n for n in result.notices if "不是某个单位或指标的数字，已跳过" in n.message)
    assert said.message.startswith("第6–8行是合计、") and said.severity == "notice"
    # the same row in a long observations table: skipped with a notice, not an org, not a sum
    rows = [d.observation("topics", 2024, "3", start=2024, org="甲县政协"),
            d.observation("topics", 2024, "4", start=2024, org="乙县政协"),
            d.observation("topics", 2024, "3.5", start=2024, org=word),
            d.observation("topics", 2024, "7", start=2024, org="合计")]
    folder = d.write(tmp_path / "t", WITHOUT_TOPICS, observations=d.with_rows("observations", *rows, base=WITHOUT_TOPICS))
    dataset, problems = load.read_dataset(folder)
    assert word not in dataset.orgs() and len(dataset.observations) == 8
    assert not [p for p in problems if p.severity != "notice"]


def test_a_renamed_data_sheet_is_named_and_a_填表说明_sheet_is_said(tmp_path):
    """t1113: a template whose 数据 sheet was renamed 「2023年数据」: the message names that sheet and
    says to rename it (not "observations.csv：缺少数据表"); a 填表说明 sheet skipped gets a notice."""
    from tongxin.export import templates

    folder = d.write(tmp_path / "data")
    book = openpyxl.load_workbook(io.BytesIO(templates.long_workbook(load.load_dataset(folder), "2026-11-29")))
    book["数据"].title = "2023年数据"
    buffer = io.BytesIO()
    book.save(buffer)
    (tmp_path / "模板.xlsx").write_bytes(buffer.getvalue())
    for result in (plan(tmp_path, {"模板.xlsx": buffer.getvalue()}), plan(tmp_path, {"模板.xlsx": buffer.getvalue()},
                                                                            folder=folder)):
        [error] = result.errors
        assert error.message.startswith("缺少「数据」工作表：「2023年数据」工作表的表头像是数据表") and error.sheet == "2023年数据"
        assert "请把「2023年数据」工作表改名为“数据”" in error.hint and error.file_name == "模板.xlsx"
    _, problems = load.read_dataset(tmp_path / "模板.xlsx")
    assert [p.message for p in problems if p.severity == "error"] == [error.message]

    def build(sheet):
        sheet.title = "填表说明"
        sheet.append(["请按下表填写，数字不要带单位。"])
        data = sheet.parent.create_sheet("2024年")
        data.append(["指标", "计量单位", "2023年", "2024年"])
        data.append(["提交提案", "件", 130, 145])

    result = plan(tmp_path, {"表.xlsx": xlsx(build)}, org="示例区政协")
    assert result.ok and any(n.sheet == "填表说明" and "填表说明工作表" in n.message for n in result.notices)


def test_two_orgs_differing_only_by_spaces_in_a_data_folder_are_warned(tmp_path):
    """t1113 #3 in a data folder (not an import): both kept as written, a 提醒 names them."""
    rows = [d.observation("topics", 2024, "3", start=2024, org="示例区 政协")]
    _, problems = load.read_dataset(d.write(tmp_path / "t", observations=d.with_rows("observations", *rows)))
    [warned] = [p for p in problems if p.severity == "warning"]
    assert warned.message == "单位「示例区政协」、「示例区 政协」只差空格，看板把它们当作2个不同的单位"


def test_a_group_title_in_the_serial_column_of_an_indicators_across_table_is_said(tmp_path):
    table = "序号,单位名称,协商课题（个）\n一、川南片区,,\n1,甲县政协,15\n2,乙县政协,9\n"
    result = plan(tmp_path, {"表.csv": table.encode()}, year=2024)
    assert result.ok, importing.report(result)
    [said] = [n for n in result.notices if n.row == 2]
    assert said.message == "这一行只有“一、川南片区”，没有数字，已跳过"
