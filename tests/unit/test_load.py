"""The loader: negative cases first (each with its Chinese message, file, row and column), then
the kind readings DATA_SPEC allows, then the default data."""

from __future__ import annotations

import io

import openpyxl
import pytest

from tests import datasets as d
from tongxin import load
from tongxin.model import DataError
from tongxin.read import cells


def read(tmp_path, tables=None, encoding="utf-8", **replace):
    folder = d.write(tmp_path / "data", tables, encoding=encoding, **replace)
    return load.read_dataset(folder)


def the_error(tmp_path, **replace):
    dataset, problems = read(tmp_path, **replace)
    errors = [p for p in problems if p.severity == "error"]
    assert dataset is None, "a dataset with an error must never be returned"
    assert len(errors) == 1, [str(p) for p in errors]
    return errors[0]


# --- bad input: every case of the foundation issue ---------------------------------------


def test_missing_required_column(tmp_path):
    lines = d.MINI["observations.csv"].splitlines()
    without_value = [",".join(c for i, c in enumerate(line.split(",")) if i != 5) for line in lines]
    e = the_error(tmp_path, observations="\n".join(without_value) + "\n")
    assert e.file == "observations.csv" and e.row == 1
    assert "缺少必填列「数值」（value）" in e.message


def test_unknown_column_alias(tmp_path):
    text = d.MINI["indicators.csv"].replace("name,", "指标名称,", 1)
    e = the_error(tmp_path, indicators=text)
    assert (e.file, e.row, e.column) == ("indicators.csv", 1, "指标名称")
    assert "无法识别的列名「指标名称」" in e.message
    assert "名称（name）" in e.hint


def test_unknown_indicator_id(tmp_path):
    e = the_error(tmp_path, observations=d.with_rows("observations", d.observation("join_rat", 2020, "50", start=2020)))
    assert (e.file, e.row, e.column) == ("observations.csv", 9, "indicator")
    assert "指标「join_rat」在指标表中不存在" in e.message
    assert "join_rate" in e.hint  # a close match is suggested


def test_unknown_source_id(tmp_path):
    e = the_error(tmp_path, observations=d.with_rows("observations", d.observation("topics", 2024, "3", source="nope")))
    assert (e.file, e.row, e.column) == ("observations.csv", 9, "source")
    assert "来源「nope」在来源表中不存在" in e.message


def test_duplicate_indicator_id(tmp_path):
    e = the_error(tmp_path, indicators=d.with_rows("indicators", "topics,重复课题,协商议事,个,count,,,,"))
    assert (e.file, e.row, e.column) == ("indicators.csv", 7, "id")
    assert "编号「topics」重复" in e.message and "第4行" in e.hint


def test_duplicate_observation(tmp_path):
    e = the_error(tmp_path, observations=d.with_rows("observations", d.observation("join_rate", 2023, "76", start=2023)))
    assert (e.file, e.row) == ("observations.csv", 9)
    assert "重复" in e.message and "第3行" in e.hint


def test_rate_above_100(tmp_path):
    e = the_error(tmp_path, observations=d.with_rows("observations", d.observation("join_rate", 2021, "120", start=2021)))
    assert (e.file, e.row, e.column) == ("observations.csv", 9, "value")
    assert "比率 120 超出 0–100" in e.message


def test_negative_count(tmp_path):
    e = the_error(tmp_path, observations=d.with_rows("observations", d.observation("topics", 2024, "-3")))
    assert (e.row, e.column) == (9, "value")
    assert "数量不能为负数" in e.message


def test_chinese_numeral(tmp_path):
    e = the_error(tmp_path, observations=d.with_rows("observations", d.observation("join_rate", 2021, "九十", start=2021)))
    assert (e.row, e.column) == (9, "value")
    assert "中文数字" in e.message and "90" in e.hint


def test_full_width_digits_are_read_with_a_notice(tmp_path):
    """DATA_SPEC: full-width digits and signs are read as their half-width forms — and said so."""
    rows = d.observation("join_rate", 2021, "９２．５％", start=2021)
    dataset, problems = read(tmp_path, observations=d.with_rows("observations", rows))
    assert dataset.series("join_rate", "示例区政协")[1].value == 92.5
    [notice] = problems
    assert (notice.severity, notice.row, notice.column) == ("notice", 9, "value") and "全角" in notice.message


def test_a_range_is_rejected_with_a_hint(tmp_path):
    e = the_error(tmp_path, observations=d.with_rows("observations", d.observation("join_rate", 2021, "92-95", start=2021)))
    assert (e.row, e.column) == (9, "value") and "范围" in e.message and e.hint


def test_percent_on_a_count(tmp_path):
    e = the_error(tmp_path, observations=d.with_rows("observations", d.observation("topics", 2024, "92%")))
    assert (e.row, e.column) == (9, "value")
    assert "带百分号" in e.message and "不是比率" in e.message


def test_year_1900(tmp_path):
    e = the_error(tmp_path, observations=d.with_rows("observations", d.observation("topics", 1900, "3")))
    assert (e.row, e.column) == (9, "period_end")
    assert "年份 1900 超出范围" in e.message


def test_start_after_end(tmp_path):
    e = the_error(tmp_path, observations=d.with_rows("observations", d.observation("topics", 2020, "3", start=2022)))
    assert (e.row, e.column) == (9, "period_start")
    assert "起始年份 2022 晚于截止年份 2020" in e.message


def test_empty_file(tmp_path):
    e = the_error(tmp_path, sources="")
    assert e.file == "sources.csv" and "文件是空的" in e.message


def test_header_only(tmp_path):
    e = the_error(tmp_path, sources=d.SOURCES_HEADER + "\n")
    assert e.file == "sources.csv" and "只有表头" in e.message


def test_binary_file(tmp_path):
    folder = d.write(tmp_path / "data")
    (folder / "observations.csv").write_bytes(bytes(range(256)) * 20)
    dataset, problems = load.read_dataset(folder)
    assert dataset is None
    assert [p.file for p in problems] == ["observations.csv"]
    assert "不是 CSV 文本文件" in problems[0].message


def test_xlsx_renamed_to_csv(tmp_path):
    folder = d.write(tmp_path / "data")
    (folder / "sources.csv").write_bytes(workbook_bytes(d.MINI))
    e = load.read_dataset(folder)[1][0]
    assert e.file == "sources.csv" and "XLSX" in e.message


def test_missing_file(tmp_path):
    folder = d.write(tmp_path / "data")
    (folder / "observations.csv").unlink()
    dataset, problems = load.read_dataset(folder)
    assert dataset is None
    assert [(p.file, p.message) for p in problems] == [("observations.csv", "找不到这个文件")]


def test_xlsx_with_a_missing_sheet(tmp_path):
    tables = dict(d.MINI)
    del tables["sources.csv"]
    path = tmp_path / "模板.xlsx"
    path.write_bytes(workbook_bytes(tables))
    dataset, problems = load.read_dataset(path)
    assert dataset is None
    assert len(problems) == 1 and problems[0].file == "模板.xlsx"
    assert "缺少「来源」工作表" in problems[0].message


def test_every_problem_is_reported_not_just_the_first(tmp_path):
    rows = [
        d.observation("join_rate", 2021, "120", start=2021),
        d.observation("topics", 2024, "九十", label="x"),
        d.observation("nope", 2024, "3"),
    ]
    dataset, problems = read(tmp_path, observations=d.with_rows("observations", *rows))
    assert dataset is None
    assert [(p.row, p.column) for p in problems] == [(9, "value"), (10, "value"), (11, "indicator")]


def test_bad_id_kind_date_and_boolean_are_named(tmp_path):
    indicators = d.with_rows("indicators", "Bad-Id,坏编号,协商议事,个,counts,,maybe,x,")
    sources = d.with_rows("sources", "s2,标题,发布者,2024-02-30,,")
    dataset, problems = read(tmp_path, indicators=indicators, sources=sources)
    found = {(p.file, p.row, p.column): p.message for p in problems}
    assert "不合规" in found[("indicators.csv", 7, "id")]
    assert "未知的类型「counts」" in found[("indicators.csv", 7, "kind")]
    assert "不是“是/否”" in found[("indicators.csv", 7, "higher_is_better")]
    assert "不是整数" in found[("indicators.csv", 7, "headline")]
    assert "不存在" in found[("sources.csv", 3, "date")]


def test_part_of_must_name_an_indicator_of_the_same_unit(tmp_path):
    indicators = d.MINI["indicators.csv"].replace("ideas_used,采纳建议,建言资政,条", "ideas_used,采纳建议,建言资政,件")
    e = the_error(tmp_path, indicators=indicators)
    assert (e.row, e.column) == (6, "part_of") and "单位" in e.message
    indicators = d.MINI["indicators.csv"].replace(",,ideas\n", ",,idea\n")
    e = the_error(tmp_path / "b", indicators=indicators)
    assert "所属指标「idea」不存在" in e.message and "ideas" in e.hint


def test_a_row_with_a_bad_indicator_does_not_cascade_into_unknown_references(tmp_path):
    indicators = d.MINI["indicators.csv"].replace("topics,协商课题,协商议事,个,count", "topics,协商课题,协商议事,个,many")
    dataset, problems = read(tmp_path, indicators=indicators)
    assert [(p.file, p.column) for p in problems] == [("indicators.csv", "kind")]


def test_problem_text_names_file_row_and_column(tmp_path):
    e = the_error(tmp_path, observations=d.with_rows("observations", d.observation("topics", 2024, "-3")))
    assert str(e).startswith("observations.csv 第9行 「value」列：数量不能为负数")


def test_load_dataset_raises_with_every_problem(tmp_path):
    folder = d.write(tmp_path / "data", observations=d.with_rows("observations", d.observation("topics", 2024, "-3")))
    with pytest.raises(DataError) as caught:
        load.load_dataset(folder)
    assert len(caught.value.problems) == 1 and "第9行" in str(caught.value)


# --- encodings and headers -----------------------------------------------------------------


def test_gbk_file_is_read(tmp_path):
    dataset, problems = read(tmp_path, encoding="gbk")
    assert problems == [] and dataset.orgs() == ["示例区政协"]
    assert dataset.indicator("join_rate").name == "委员参与率"


def test_gb18030_with_chinese_headers(tmp_path):
    aliases = "编号,名称,板块,单位,类型,说明,越高越好,重点,所属指标"
    indicators = d.MINI["indicators.csv"].replace(d.INDICATORS_HEADER, aliases)
    indicators = indicators.replace(",rate,", ",比率,").replace(",count,", ",数量,")
    dataset, problems = read(tmp_path, encoding="gb18030", indicators=indicators)
    assert problems == []
    assert dataset.indicator("join_rate").kind == "rate" and dataset.indicator("topics").kind == "count"


def test_bom_file_is_read(tmp_path):
    dataset, problems = read(tmp_path, encoding="utf-8-sig")
    assert problems == []
    assert dataset.indicator("join_rate").id == "join_rate"  # no BOM glued to the first header


def test_spaces_are_trimmed_and_blank_rows_skipped(tmp_path):
    text = d.MINI["observations.csv"].replace("示例区政协,topics,,2023,近两年,12", " 示例区政协 , topics ,,2023, 近两年 , 12 ")
    text = text.replace("\n示例区政协,ideas,", "\n,,,,,,,,,\n示例区政协,ideas,")
    dataset, problems = read(tmp_path, observations=text)
    obs = dataset.observations_of("topics")[0]
    assert (obs.org, obs.period_label, obs.value) == ("示例区政协", "近两年", 12)
    # plain spaces are trimmed without a word; the empty row between figures is a notice
    [notice] = problems
    assert (notice.severity, notice.row, notice.message) == ("notice", 7, "这一行是空行，已跳过")
    assert str(notice) == "observations.csv 第7行：这一行是空行，已跳过"
    assert len(dataset.observations) == 7


# --- values read kindly where unambiguous ------------------------------------------------


@pytest.mark.parametrize(
    "written, kind, expected",
    [
        ("1500", "count", (1500, "")),
        ("1,500", "count", (1500, "")),
        ("98.5", "rate", (98.5, "")),
        ("92%", "rate", (92, "")),
        ("410余", "count", (410, "余")),
        ("近1000", "count", (1000, "近")),
        ("约63", "count", (63, "约")),
        ("约63%", "rate", (63, "约")),
        ("-12.5", "amount", (-12.5, "")),
        # DATA_SPEC v2: the whole qualifier vocabulary, before or after the number or after the %
        ("99%以上", "rate", (99, "以上")),
        ("以上99%", "rate", None),
        ("400多", "count", (400, "多")),
        ("逾1000", "count", (1000, "逾")),
        ("超过50", "count", (50, "超过")),
        ("63%左右", "rate", (63, "左右")),
        ("不足10", "count", (10, "不足")),
        ("不到 5", "count", (5, "不到")),
        ("近千", "count", (1000, "近")),
        ("逾万", "count", (10000, "逾")),
        ("千余", "count", (1000, "余")),
        ("百余", "count", (100, "余")),
        ("1.5万", "count", (15000, "")),
        ("3亿", "amount", (300000000, "")),
        ("1.5万余", "count", (15000, "余")),
        ("９２％", "rate", (92, "")),
        ("１，５００", "count", (1500, "")),
    ],
)
def test_values_read_kindly(written, kind, expected):
    if expected is None:
        with pytest.raises(cells.Reject):
            cells.value(written, kind)
    else:
        assert cells.value(written, kind) == expected


def test_wan_is_not_read_when_the_unit_already_has_it():
    assert cells.value("1.5万", "amount", "元") == (15000, "")
    with pytest.raises(cells.Reject) as caught:
        cells.value("1.5万", "amount", "万元")
    assert "万元" in caught.value.message and caught.value.hint


@pytest.mark.parametrize(
    "written, kind, message",
    [
        ("九十", "rate", "中文数字"),
        ("千", "count", "中文数字"),
        ("数千", "count", "中文数字"),
        ("92-95", "rate", "范围"),
        ("92%", "count", "带百分号"),
        ("1,50", "count", "千位分隔符"),
        ("12个", "count", "不是数字"),
        ("abc", "count", "不是数字"),
        ("近410余", "count", "两个限定词"),
    ],
)
def test_values_rejected_with_a_hint(written, kind, message):
    with pytest.raises(cells.Reject) as caught:
        cells.value(written, kind)
    assert message in caught.value.message and caught.value.hint


def test_410yu_is_split_into_value_and_qualifier(tmp_path):
    rows = d.MINI["observations.csv"].replace(",200,余,", ",200余,,")
    dataset, problems = read(tmp_path, observations=rows)
    assert problems == []
    obs = dataset.observations_of("ideas")[0]
    assert (obs.value, obs.qualifier) == (200, "余")


def test_conflicting_qualifiers_are_rejected(tmp_path):
    rows = d.MINI["observations.csv"].replace(",200,余,", ",近200,余,")
    e = the_error(tmp_path, observations=rows)
    assert "不一致" in e.message


def test_fraction_rates_get_a_warning_not_an_error(tmp_path):
    rows = d.MINI["observations.csv"].replace(",2019,,40,", ",2019,,0.40,").replace(",2023,,75,", ",2023,,0.75,")
    dataset, problems = read(tmp_path, observations=rows)
    assert dataset is not None
    assert [p.severity for p in problems] == ["warning"]
    assert "是否把 92% 写成了 0.92" in problems[0].message and problems[0].row == 2
    assert dataset.warnings == tuple(problems)


def test_excel_style_dates_are_normalised(tmp_path):
    sources = d.MINI["sources.csv"].replace("2024-01-05", "2024/1/5")
    dataset, problems = read(tmp_path, sources=sources)
    assert problems == [] and dataset.source("rpt").date == "2024-01-05"


# --- XLSX -------------------------------------------------------------------------------------


def workbook_bytes(tables: dict[str, str], chinese_sheets: bool = True, percent_cells: bool = False) -> bytes:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    names = {"indicators.csv": "指标", "observations.csv": "数据", "sources.csv": "来源"}
    for file, text in tables.items():
        ws = wb.create_sheet(names[file] if chinese_sheets else file.removesuffix(".csv"))
        for r, line in enumerate(text.strip().splitlines(), start=1):
            for c, cell in enumerate(line.split(","), start=1):
                value = cell
                if r > 1 and cell.replace(".", "", 1).isdigit():
                    value = float(cell) if "." in cell else int(cell)
                ws.cell(r, c, value if value != "" else None)
        if percent_cells and file == "observations.csv":
            ws["F2"] = 0.4
            ws["F2"].number_format = "0%"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_xlsx_workbook_with_percent_cells(tmp_path):
    path = tmp_path / "模板.xlsx"
    path.write_bytes(workbook_bytes(d.MINI, percent_cells=True))
    dataset = load.load_dataset(path)
    assert dataset.series("join_rate", "示例区政协")[0].value == 40
    assert len(dataset.observations) == 7


def test_xlsx_with_english_sheet_names(tmp_path):
    path = tmp_path / "data.xlsx"
    path.write_bytes(workbook_bytes(d.MINI, chinese_sheets=False))
    assert len(load.load_dataset(path).indicators) == 5


def test_xlsx_percent_cell_on_a_count_is_rejected(tmp_path):
    wb_bytes = workbook_bytes(d.MINI)
    wb = openpyxl.load_workbook(io.BytesIO(wb_bytes))
    ws = wb["数据"]
    ws["F6"] = 0.12
    ws["F6"].number_format = "0%"
    buffer = io.BytesIO()
    wb.save(buffer)
    dataset, problems = load.read_files({"模板.xlsx": buffer.getvalue()})
    assert dataset is None
    assert (problems[0].file, problems[0].row, problems[0].column) == ("模板.xlsx「数据」工作表", 6, "value")
    assert (problems[0].file_name, problems[0].sheet) == ("模板.xlsx", "数据")
    assert str(problems[0]).startswith("模板.xlsx「数据」工作表 第6行 「value」列：")
    assert "百分比格式" in problems[0].message


def test_not_an_xlsx(tmp_path):
    dataset, problems = load.read_files({"假的.xlsx": b"just text, not a zip"})
    assert dataset is None and "不是 XLSX 工作簿" in problems[0].message


# --- the default data ------------------------------------------------------------------------


def test_default_data_loads_without_problems():
    dataset, problems = load.read_dataset(d.DEFAULT_DATA)
    assert problems == []
    assert dataset.orgs() == ["犍为县政协"]
    assert dataset.pillars() == ["主题读书", "建言献策", "古韵协商", "四进四助"]
    assert [i.name for i in dataset.headline_indicators()] == ["委员参与率", "成果转化率", "群众认可率"]
    assert len(dataset.sources) == 1


def test_default_data_invents_no_yearly_rates_between_2020_and_2024():
    dataset = load.load_dataset(d.DEFAULT_DATA)
    for ind in dataset.rate_indicators():
        years = [o.period_end for o in dataset.series(ind.id, "犍为县政协")]
        assert not set(years) & {2021, 2022, 2023}


def test_default_data_keeps_the_articles_qualifiers():
    dataset = load.load_dataset(d.DEFAULT_DATA)
    by_id = {o.indicator: o for o in dataset.observations if o.indicator != "consultation_platforms"}
    assert (by_id["ideas_collected"].value, by_id["ideas_collected"].qualifier) == (410, "余")
    assert (by_id["ideas_adopted"].value, by_id["ideas_adopted"].qualifier) == (260, "余")
    assert (by_id["problems_solved_for_public"].value, by_id["problems_solved_for_public"].qualifier) == (1000, "近")
    assert by_id["consultation_topics"].period_label == "三年来"
    assert by_id["proposals_filed"].period_label == "换届以来"


def test_every_default_figure_is_quoted_from_the_article():
    """Each figure's note quotes the article, and the quote is really in the article."""
    # A copy of ../shared/seeds/000_059a53f98d6e4f4c.txt, committed so CI checks it too.
    article = d.PROJECT / "docs" / "sources" / "qianwei_sigao_2025.txt"
    text = article.read_text(encoding="utf-8").replace(",", "，")
    dataset = load.load_dataset(d.DEFAULT_DATA)
    for o in dataset.observations:
        quote = o.note.removeprefix("原文：")
        for piece in quote.split("……"):
            assert piece in text, f"{o.indicator}: 「{piece}」 not in the article"
        assert load_number_in(quote, o.value), f"{o.indicator}: {o.value:g} not in its quote"


def load_number_in(quote: str, value: float) -> bool:
    words = {2: "两", 1000: "千"}
    number = f"{value:g}"
    return number in quote or words.get(value, "\0") in quote


def test_orgs_csv_names_that_match_no_data_org_are_warned(tmp_path):
    """t1113 #4: 犍为县 written for 犍为县政协 in orgs.csv and another county left out: both named in a 提醒
    (file, row), the data still loads; a consistent orgs.csv (parents without figures included) has none."""
    files = d.province_dataset()
    dataset, problems = load.read_dataset(d.write(tmp_path / "ok", files))
    assert not [p for p in problems if p.file_name == "orgs.csv" and p.severity != "notice"]
    names = [line.split(",")[0] for line in files["orgs.csv"].splitlines()[1:]]
    first, second = names[0], names[1]
    rows = files["orgs.csv"].splitlines()
    rows[1] = rows[1].replace(first, first.removesuffix("政协"), 1)
    del rows[2]
    dataset, problems = load.read_dataset(d.write(tmp_path / "bad", {**files, "orgs.csv": "\n".join(rows) + "\n"}))
    assert dataset is not None
    warned = [p for p in problems if p.file_name == "orgs.csv" and p.severity == "warning"]
    assert len(warned) == 2
    assert warned[0].row == 2 and f"单位「{first.removesuffix('政协')}」在数据中没有任何数字" in warned[0].message
    assert f"是不是「{first}」？" in warned[0].hint
    assert f"「{first}」、「{second}」没有列在单位表中" in warned[1].message


def test_an_org_that_is_its_own_parent_is_said_once(tmp_path):
    """t13 finding 5: 上级单位 = the org itself is an error on its row; no second 提醒 saying the same org is
    missing from the table it is listed in."""
    files = d.province_dataset(count=21)
    rows = files["orgs.csv"].splitlines()
    name = rows[1].split(",")[0]
    rows[1] = f"{name},{name},{rows[1].split(',')[2]}"
    _, problems = load.read_dataset(d.write(tmp_path / "self", {**files, "orgs.csv": "\n".join(rows) + "\n"}))
    said = [p for p in problems if p.file_name == "orgs.csv" and p.severity != "notice" and name in p.message]
    errors = [(p.row, p.message) for p in problems if p.file_name == "orgs.csv" and p.severity == "error"]
    assert errors == [(2, "上级单位不能是它自己")] and said == []


def test_截至年份_is_read_as_the_period_end_column(tmp_path):
    """t1113: the app itself writes 截至2025年; a header 截至年份 is 截止年份 (period_end), not refused."""
    observations = d.MINI["observations.csv"].replace("period_end", "截至年份", 1)
    dataset, problems = read(tmp_path, observations=observations)
    assert [p for p in problems if p.severity == "error"] == []
    assert dataset.observations_of("topics")[0].period_end == 2023


def test_a_value_written_in_wan_or_as_a_word_keeps_its_writing(tmp_path):
    """t1113: 3万余 typed in the template's 数值 column was shown as 30000余条: the cell as written joins the
    note (原文：…), which keeps the writing on screen and in documents; a note that already quotes it, and a
    plain number, are left as they are."""
    from tongxin import display

    observations = d.MINI["observations.csv"].replace(",200,余,,rpt,", ",3万余,,,rpt,").replace(
        ",150,余,,rpt,", ",近千,,,rpt,原文：“金点子”近千条").replace(",12,,,rpt,", ",1.5万,,,rpt,见报告")
    dataset, problems = read(tmp_path, observations=observations)
    assert dataset is not None, [str(p) for p in problems]
    shown = {o.indicator: (display.observation_value(dataset, o), o.note) for o in dataset.observations}
    assert shown["ideas"] == ("3万余条", "原文：3万余")
    assert shown["ideas_used"] == ("近千条", "原文：“金点子”近千条")
    assert shown["topics"] == ("1.5万个", "见报告；原文：1.5万")
    assert shown["join_rate"][1] == ""


def test_a_blank_start_with_one_year_as_the_period_is_that_year(tmp_path):
    """t13b finding 5: 起始年份 left blank and 期间 written 2024年 (截止年份 2024) is a figure of 2024, not 截至2024年 —
    said in a notice; a blank start with 三年来 or 截至2024年 stays 截至 (the source does not say when it began)."""
    observations = (d.MINI["observations.csv"]
                    .replace("示例区政协,join_rate,2019,2019,,40", "示例区政协,join_rate,,2019,2019年,40")
                    .replace("示例区政协,join_rate,2023,2023,,75", "示例区政协,join_rate,,2023,2023年度,75"))
    dataset, problems = read(tmp_path, observations=observations)
    assert dataset is not None, [str(p) for p in problems]
    assert [(o.period_start, o.period_end) for o in dataset.series("join_rate", "示例区政协")] == [
        (2019, 2019), (2023, 2023)]
    [notice] = [p for p in problems if "按该年全年的数字读取" in p.message]
    assert notice.severity == "notice" and notice.file_name == "observations.csv"
    topics = dataset.observations_of("topics")[0]
    assert (topics.period_start, topics.period_label) == (None, "近两年")  # the source does not say: 截至
