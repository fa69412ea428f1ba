"""Every real-world case (tests/cases, copied from the project's shared cases) read right through the
loader, `python -m tongxin check` and `python -m tongxin import` — each with the values its README
says are right, and each accommodation said as a notice that names file, sheet, row and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import datasets as d
from tongxin import display, importing, load, tables
from tongxin.__main__ import main
from tongxin.export import sheets

CASES = d.PROJECT / "tests" / "cases"
PEERS = ["绛县政协", "陆良县政协", "姑苏区政协", "迪庆州政协"]


def check(capsys, path: Path) -> tuple[int, str]:
    code = main(["check", str(path)])
    return code, capsys.readouterr().out


def imported(tmp_path: Path, *paths: Path, **source) -> load.Dataset:
    """The case imported into a new data folder through the import (as `python -m tongxin import`)."""
    uploads = {p.name: p.read_bytes() for p in paths}
    settings = importing.Settings(source=importing.SourceInfo(**source)) if source else None
    plan = importing.plan(tmp_path / "imported", uploads, settings)
    assert plan.ok, importing.report(plan)
    importing.save(plan, "测试")
    return load.load_dataset(tmp_path / "imported")


def files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix != ".txt")


def value(dataset, indicator, org, year=None):
    found = [o for o in dataset.observations_of(indicator, org) if year is None or o.period_end == year]
    assert len(found) == 1, found
    return found[0]


def putian_values(dataset):
    rates = {o.period_end: o.value for o in dataset.observations_of("filing_rate", "莆田市政协")}
    assert rates == {2020: 92.1, 2022: 85.98, 2023: 93.3}
    assert value(dataset, "reply_rate", "莆田市政协").value == 100  # a 0% cell storing 1
    assert value(dataset, "satisfaction_rate", "莆田市政协").value == 99.2
    assert dataset.source("putian_2020").date == "2020-01-06"  # a date cell
    assert len(dataset.observations) == 18 and dataset.orgs() == ["莆田市政协"]


def peer_values(dataset, satisfaction_qualifier):
    assert dataset.orgs() == PEERS and len(dataset.observations) == 17
    jiang = value(dataset, "satisfaction_rate", "绛县政协")
    assert (jiang.value, jiang.qualifier) == (99, satisfaction_qualifier)
    assert value(dataset, "member_participation", "迪庆州政协").value == 87.04
    assert value(dataset, "filing_rate", "绛县政协").value == 96


# --- 01 an XLSX template with percent cells, a text "93.3%" and date cells ------------------------------


def test_01_putian_xlsx(tmp_path, capsys):
    path = CASES / "01-putian-xlsx" / "莆田市政协提案数据.xlsx"
    putian_values(load.load_dataset(path))
    code, out = check(capsys, path)
    assert code == 0 and "数字 18 条" in out and "莆田市政协" in out
    assert "百分比格式的单元格按显示的百分数读取" in out  # said, not silent
    putian_values(imported(tmp_path, path))
    # its export keeps numbers as numbers: 立案率 92.1 is a number Excel can sum, % in its own column
    book = sheets.workbook(load.load_dataset(path), "莆田市政协", [], "2026-11-29")
    import io

    import openpyxl

    ws = openpyxl.load_workbook(io.BytesIO(book))["数字一览"]
    header = [c.value for c in ws[1]]
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in ws.iter_rows(min_row=2)]
    filing = next(r for r in rows if r["指标"] == "提案立案率" and r["显示为"] == "92.1%")
    assert filing["数值"] == 92.1 and filing["单位"] == "%"


# --- 02 GBK CSVs from Excel with “99%以上” --------------------------------------------------------------


def test_02_peer_counties_gbk(tmp_path, capsys):
    folder = CASES / "02-peer-counties-gbk"
    dataset = load.load_dataset(folder)
    peer_values(dataset, "以上")  # DATA_SPEC v2: 99 with 以上 (the README predates v2)
    assert display.observation_value(dataset, value(dataset, "satisfaction_rate", "绛县政协")) == "99%以上"
    code, out = check(capsys, folder)
    assert code == 0 and "单位 4 个" in out
    peer_values(imported(tmp_path, *files(folder)), "以上")


# --- 04 a title row above the header ------------------------------------------------------------------------


def test_04_title_row_csv(tmp_path, capsys):
    folder = CASES / "04-title-row-above-header" / "csv"
    dataset, problems = load.read_dataset(folder)
    peer_values(dataset, "余")
    [notice] = [p for p in problems if p.file == "observations.csv"]
    assert (notice.severity, notice.row) == ("notice", 1)
    assert "这一行是标题或说明" in notice.message and "表头在第2行" in notice.message
    assert dataset.observations_of("proposals_received", "绛县政协")[0].value == 134
    code, out = check(capsys, folder)
    assert code == 0 and "说明  observations.csv 第1行：这一行是标题或说明（“周边县区政协提案工作数据对比表" in out
    peer_values(imported(tmp_path, *files(folder)), "余")


def test_04_title_row_xlsx_with_merged_titles(tmp_path, capsys):
    path = CASES / "04-title-row-above-header" / "莆田市政协提案数据_带标题行.xlsx"
    dataset, problems = load.read_dataset(path)
    putian_values(dataset)
    titles = [p for p in problems if "是标题或说明" in p.message]
    assert {(p.sheet, p.row) for p in titles} == {("指标", 1), ("数据", 1), ("来源", 1)}
    assert all(p.severity == "notice" and p.file_name == path.name for p in titles)
    assert check(capsys, path)[0] == 0
    putian_values(imported(tmp_path, path))


# --- 06 an Excel 97–2003 workbook, as a file and alone in a folder ---------------------------------------------


def test_06_xls_file_and_folder(tmp_path, capsys):
    path = CASES / "06-xls-97-2003" / "莆田市政协提案数据.xls"
    putian_values(load.load_dataset(path))
    putian_values(load.load_dataset(path.parent / "folder"))  # the folder names the .xls, reads it
    code, out = check(capsys, path.parent / "folder")
    assert code == 0 and "数字 18 条" in out
    putian_values(imported(tmp_path, path))


# --- 08 zero-width spaces from a WeChat article ------------------------------------------------------------


def test_08_invisible_characters_in_values_and_dates(tmp_path, capsys):
    folder = CASES / "08-invisible-chars-wechat" / "visible-errors"
    dataset, problems = load.read_dataset(folder)
    assert dataset is not None
    assert value(dataset, "micro_consultations", "犍为县政协").value == 342
    assert value(dataset, "participation_rate", "犍为县政协", 2024).value == 92
    assert dataset.source("qianwei_sigao_2025").date == "2025-03-19"
    assert dataset.orgs() == ["犍为县政协"]
    notices = {(p.file, p.column): p for p in problems if "不可见字符" in p.message}
    assert set(notices) == {("sources.csv", "date"), ("observations.csv", "value"), ("observations.csv", "org")}
    assert all(p.severity == "notice" for p in notices.values())
    assert notices["sources.csv", "date"].row == 2
    assert "第20、24行" in notices["observations.csv", "value"].message  # one notice naming both cells
    assert notices["observations.csv", "org"].row == 21
    code, out = check(capsys, folder)
    assert code == 0 and "不可见字符（如零宽空格）已删除" in out


def test_08_an_invisible_character_does_not_make_a_second_org(tmp_path, capsys):
    folder = CASES / "08-invisible-chars-wechat" / "silent-org"
    dataset = load.load_dataset(folder)
    assert dataset.orgs() == ["犍为县政协"]  # one org, not two that look the same
    org = dataset.orgs()[0]
    assert value(dataset, "micro_suggestions", org).value == 567
    shown = [ind.id for rows in dataset.by_pillar(org).values() for ind, _ in rows]
    assert "micro_suggestions" in shown  # the figure is in what reports and decks draw from
    assert "micro_suggestions" in set(tables.figures_table(dataset, [org])["指标"].map(
        {i.name: i.id for i in dataset.indicators}))
    default = load.load_dataset(d.DEFAULT_DATA)
    assert [o for o in dataset.observations] == list(default.observations)  # exactly the clean data
    code, out = check(capsys, folder)
    assert code == 0 and "单位 1 个（犍为县政协）" in out
    again = imported(tmp_path, *files(folder))
    assert again.orgs() == ["犍为县政协"] and len(again.observations) == 45


# --- 09 Excel's trailing empty cells and rows ---------------------------------------------------------------


def test_09_trailing_empty_cells(tmp_path, capsys):
    folder = CASES / "09-excel-trailing-empty-cells"
    dataset, problems = load.read_dataset(folder)
    peer_values(dataset, "余")
    assert all(p.severity == "notice" and "空行" in p.message for p in problems)  # only the inner blank rows
    code, out = check(capsys, folder)
    assert code == 0 and "单位 4 个" in out and "数字 17 条" in out
    peer_values(imported(tmp_path, *files(folder)), "余")


# --- 10 a 序号 column and a 合计 row -----------------------------------------------------------------------------


@pytest.mark.parametrize("case", ["with-serial", "total-row-filled"])
def test_10_serial_column_and_total_row(tmp_path, capsys, case):
    folder = CASES / "10-serial-column-total-row" / case
    dataset, problems = load.read_dataset(folder)
    peer_values(dataset, "余")
    assert "合计" not in dataset.orgs()  # the total is not an org
    total = next(p for p in problems if "合计行" in p.message)
    assert (total.file, total.row, total.severity) == ("observations.csv", 19, "notice")
    assert not [p for p in problems if p.severity == "warning"]  # 712 = 134 + 147 + 338 + 93
    if case == "with-serial":
        serial = next(p for p in problems if "行号" in p.message)
        assert (serial.column, serial.row) == ("序号", 1)
    code, out = check(capsys, folder)
    assert code == 0 and "单位 4 个" in out and "合计" not in out.split("单位 4 个")[1].splitlines()[0]
    peer_values(imported(tmp_path, *files(folder)), "余")


def test_10_a_total_that_does_not_add_up_is_a_warning(tmp_path):
    case = CASES / "10-serial-column-total-row" / "with-serial"
    tables_ = {name: (case / name).read_bytes() for name in ("indicators.csv", "sources.csv")}
    tables_["observations.csv"] = (case / "observations.csv").read_bytes().replace(b",712,", b",700,")
    folder = d.write(tmp_path / "t", tables_)
    dataset, problems = load.read_dataset(folder)
    assert dataset is not None
    [warning] = [p for p in problems if p.severity == "warning"]
    assert warning.row == 19 and "700" in warning.message and "712" in warning.message


# --- 11 Excel's “Unicode 文本” (UTF-16, tabs) and UTF-8 with tabs -------------------------------------------------


@pytest.mark.parametrize("case", ["utf16", "tab-utf8"])
def test_11_unicode_text_and_tabs(tmp_path, capsys, case):
    folder = CASES / "11-utf16-unicode-text" / case
    dataset, problems = load.read_dataset(folder)
    assert problems == []
    peer_values(dataset, "余")
    assert check(capsys, folder)[0] == 0
    peer_values(imported(tmp_path, *files(folder)), "余")


# --- 12–15 read right today; keep them right ---------------------------------------------------------------------


def beijing_values(dataset):
    assert dataset.orgs() == ["北京市政协"] and len(dataset.observations) == 13
    assert value(dataset, "member_attendance", "北京市政协").value == 31491  # "31,491"
    events = value(dataset, "studio_events", "北京市政协")
    assert (events.value, events.qualifier) == (130, "余")  # "130余"
    attendance = value(dataset, "studio_attendance", "北京市政协")
    assert (attendance.value, attendance.qualifier) == (570, "余")  # 限定 column
    assert dataset.source("bjzx_2024").date == "2024-04-09"  # 2024年4月9日
    shares = {s.part.id: display.share(s) for s in dataset.shares("北京市政协")}
    assert shares == {"collective_proposals": "10%", "individual_proposals": "90%"}


@pytest.mark.parametrize("case", ["12-csv-export-bom", "14-zip-chinese-names", "15-beijing-duty-stats-gbk"])
def test_12_14_15_beijing(tmp_path, capsys, case):
    folder = CASES / case
    dataset, problems = load.read_dataset(folder)
    assert problems == []
    beijing_values(dataset)
    assert check(capsys, folder)[0] == 0
    beijing_values(imported(tmp_path, *files(folder)))
    # the CSV export keeps numbers as numbers: 31491 in 数值, 人次 in 单位, 31491人次 beside them
    csv = sheets.csv_bytes(tables.figures_table(dataset, ["北京市政协"])).decode("utf-8-sig")
    assert ",31491,人次,,31491人次," in csv and ",570,人次,余,570余人次," in csv


def test_13_peer_counties(tmp_path, capsys):
    folder = CASES / "13-pptx-ea-font-png"
    dataset, problems = load.read_dataset(folder)
    assert problems == []
    peer_values(dataset, "余")
    assert check(capsys, folder)[0] == 0
    peer_values(imported(tmp_path, *files(folder)), "余")
