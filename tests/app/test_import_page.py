"""数据维护's one uploader (issue 11 Deliver 4), as an editor uses it: statistics tables understood,
corrected and merged; the data template and the contract's tables replacing as before; files that
cannot be read refused with one message; a stale import showing what it would undo; every real-world
case and the spreadsheets made like them read right through the page (the values asserted).

AppTest cannot choose files, so `uploading` puts them where the page's `st.file_uploader` returns
them (the widget itself is still drawn)."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import openpyxl
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests import datasets as d
from tests.app.conftest import plain
from tests.unit import test_cases as cases
from tests.unit.test_reading import GBK_YEARS, wps_style_xlsx, years_across_xls
from tongxin import auth, importing, load, schema, store
from tongxin.export import templates

PASSWORD = "正确的密码123"
HASH = auth.hash_password(PASSWORD, n=2**10)


class Chosen:
    """A file as Streamlit's uploader returns it."""

    def __init__(self, name: str, data: bytes):
        self.name, self._data = name, data

    def getvalue(self) -> bytes:
        return self._data


@pytest.fixture
def uploading(monkeypatch):
    """The files the page's uploader returns: `uploading[:] = [(name, bytes), …]`."""
    chosen: list[tuple[str, bytes]] = []
    real = st.file_uploader

    def file_uploader(label, *args, **kwargs):
        real(label, *args, **kwargs)
        return [Chosen(n, b) for n, b in chosen] or None

    monkeypatch.setattr(st, "file_uploader", file_uploader)
    return chosen


@pytest.fixture
def folder(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(d.DEFAULT_DATA, target, ignore=shutil.ignore_patterns(".tongxin"))
    return target


@pytest.fixture
def page(monkeypatch, uploading):
    """数据维护 on `folder`, signed in as 张三."""

    def run(folder: Path) -> AppTest:
        monkeypatch.setenv("TONGXIN_DATA_DIR", str(folder))
        monkeypatch.delenv("TONGXIN_DATABASE_URL", raising=False)
        at = AppTest.from_file(str(d.PROJECT / "screens" / "manage.py"), default_timeout=90)
        at.secrets["tongxin"] = {"editors": {"zhangsan": {"name": "张三", "password_hash": HASH}}}
        at.run()
        at.text_input(key="sign_in_user").input("zhangsan")
        at.text_input(key="sign_in_password").input(PASSWORD)
        at.button(key="FormSubmitter:sign_in-登录").click().run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    return run


def choose(at: AppTest, uploading, *files: tuple[str, bytes]) -> AppTest:
    uploading[:] = list(files)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


GUIDE_START = "本说明写给"  # the format guide on the page: not what the page says about the files


def body(at: AppTest) -> str:
    said = [m.value for m in at.markdown if not m.value.startswith(GUIDE_START)]
    return plain("\n".join(said)).replace("**", "")


def infos(at: AppTest) -> str:
    return plain("\n".join(i.value for i in at.info))


def widget(at: AppTest, kind: str, suffix: str):
    [found] = [w for w in getattr(at, kind) if w.key and w.key.endswith(suffix)]
    return found


def save(at: AppTest, label: str = "确认保存") -> AppTest:
    [button] = [b for b in at.button if b.label == label]
    button.click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def fill_source_date(at: AppTest, date: str = "2025-01-10") -> AppTest:
    widget(at, "text_input", ":source:date").input(date).run()
    return at


# --- statistics tables: understood, corrected, merged ---------------------------------------------------------


def test_a_years_across_xls_is_understood_corrected_and_imported(page, uploading, folder):
    at = choose(page(folder), uploading, ("逐年统计.xls", years_across_xls()))
    shown = body(at)
    assert "我们这样理解您的表格" in shown
    assert "逐年统计.xls「逐年统计」工作表：逐年表（年份横排：每行一个指标，每列一年）" in shown
    assert "Excel 97–2003 工作簿（.xls）；表头在第 2 行" in shown
    assert "第3行：板块标题（主题读书）" in shown and "第8行：小计行" in shown and "A列：序号" in shown
    # the notices, each with file, sheet, row and column
    assert "| 逐年统计.xls「逐年统计」工作表 | 7 | 2021年 | 百分比格式的单元格按显示的百分数读取（D7 等） |" in shown
    assert "合并单元格 D5:E5 的值“60”已用于其中每一格" in shown
    # what the file says fills the fields; the date it does not say is asked for
    assert widget(at, "text_input", "逐年统计.xls「逐年统计」工作表").value == "犍为县政协"
    assert widget(at, "text_input", ":source:title").value == "犍为县政协2021—2024年履职情况统计表"
    assert widget(at, "text_input", ":source:publisher").value == "犍为县政协"
    asked = infos(at)
    assert "还差一步：没有给出这些数字的来源（缺日期），请在上面“来源”处填写日期" in asked and not at.error
    assert "新指标 2 个" in shown  # 委员参与率 is the dataset's own indicator
    fill_source_date(at, "2025年1月10日")
    reading = importing.new_indicator_id("读书活动")
    assert widget(at, "selectbox", f":pillar:{reading}").value == "主题读书"  # from the section row
    widget(at, "selectbox", f":pillar:{reading}").select("建言献策").run()
    shown = body(at)
    assert "将要保存的变化：新增8条、修改1条数字；新增2个指标；新增1个来源" in shown
    assert "| 修改 | 数字 | 犍为县政协 · 委员参与率 · 2024年 | 92% | 92.1% |" in shown
    assert f"| 新增 | 指标 | {reading}（读书活动） | — | 读书活动（建言献策，单位：场，数量） |" in shown  # corrected
    save(at)
    assert "已保存：导入 逐年统计.xls：新增8条、修改1条数字" in plain(at.success[0].value)
    latest = store.history(folder)[0]
    assert (latest.who, latest.origin) == ("张三", "import")
    dataset = load.load_dataset(folder)
    assert dataset.indicator(reading).pillar == "建言献策"
    assert dataset.indicator(importing.new_indicator_id("委员书屋")).pillar == "主题读书"
    books = {o.period_end: (o.value, o.qualifier) for o in dataset.observations_of(reading, "犍为县政协")}
    assert books == {2021: (12, ""), 2023: (20, ""), 2024: (22, "余")}
    assert dataset.latest("participation_rate", "犍为县政协").value == 92.1
    source = dataset.source(dataset.observations_of(reading, "犍为县政协")[0].source)
    assert (source.title, source.publisher, source.date) == ("犍为县政协2021—2024年履职情况统计表", "犍为县政协", "2025-01-10")


def test_an_indicators_across_wps_xlsx_with_a_unit_and_kind_corrected(page, uploading, folder):
    at = choose(page(folder), uploading, ("各县统计.xlsx", wps_style_xlsx()))
    shown = body(at)
    assert "指标横排表（每行一个单位或一年，每列一个指标）" in shown and "单位：表中每行的“单位名称”" in shown
    assert widget(at, "number_input", "各县统计.xlsx「Sheet1」工作表").value == 2024  # from the title
    assert "新指标 1 个" in shown  # 小微协商 and 委员参与率 are the dataset's own
    funds = importing.new_indicator_id("协商经费")
    assert (widget(at, "text_input", f":unit:{funds}").value, widget(at, "selectbox", f":kind:{funds}").value) == (
        "万元", "amount")
    widget(at, "text_input", f":unit:{funds}").input("元").run()  # the kind follows the unit
    assert widget(at, "selectbox", f":kind:{funds}").value == "amount"
    widget(at, "text_input", f":unit:{funds}").input("个").run()
    assert widget(at, "selectbox", f":kind:{funds}").value == "count"
    widget(at, "selectbox", f":kind:{funds}").select("amount").run()  # chosen after: kept
    widget(at, "text_input", f":unit:{funds}").input("万元").run()
    assert widget(at, "text_input", ":source:publisher").value == ""  # never the data's one org (t1113 #11)
    widget(at, "text_input", ":source:publisher").input("某市政协办公室").run()
    fill_source_date(at)
    assert "将要保存的变化：新增7条数字；新增1个指标；新增1个来源" in body(at)  # 犍为 92% is there already
    save(at)
    dataset = load.load_dataset(folder)
    assert dataset.orgs() == ["犍为县政协", "沐川县政协", "井研县政协"]
    assert dataset.indicator(funds).unit == "万元" and dataset.indicator(funds).kind == "amount"
    well = dataset.observations_of("participation_rate", "井研县政协")[0]
    assert (well.value, well.qualifier, well.period_end) == (95, "以上", 2024)


def test_the_year_and_org_a_table_does_not_say_are_asked_for(page, uploading, tmp_path):
    folder = d.write(tmp_path / "mini")
    years = "指标,计量单位,2024年\n协商课题,个,15\n".encode()  # no org anywhere
    orgs = "单位名称,协商课题（个）\n另一区政协,9\n".encode()  # no year anywhere
    at = choose(page(folder), uploading, ("年表.csv", years), ("区表.csv", orgs))
    assert widget(at, "text_input", ":org:年表.csv").value == "示例区政协"  # the dataset's one org, to confirm
    assert not [w for w in at.number_input if w.key.endswith("年表.csv") and ":year:年表" in w.key]
    assert widget(at, "number_input", ":year:区表.csv").value is None
    asked = infos(at)
    assert "不知道这些数字是哪一年的，请在上面这个文件的“年份”处填写" in asked
    assert "缺标题、发布者、日期" in asked  # never the file name, never the data's one org (t1113 #11)
    widget(at, "number_input", ":year:区表.csv").set_value(2023).run()
    fill_source_date(at)
    widget(at, "text_input", ":source:title").input("2023年工作统计").run()
    widget(at, "text_input", ":source:publisher").input("示例区政协办公室").run()
    save(at)
    dataset = load.load_dataset(folder)
    assert {(o.org, o.period_end, o.value) for o in dataset.observations_of("topics")} >= {
        ("示例区政协", 2024, 15), ("另一区政协", 2023, 9)}


def test_files_that_cannot_be_read_or_do_not_go_together_are_refused(page, uploading, folder):
    before = store.read(folder).files
    at = choose(page(folder), uploading, ("统计表.et", b"\xd0\xcf\x11\xe0 not really"))
    assert "这些文件不能读取" in at.error[0].value
    assert "这是 WPS 表格文件（.et），无法读取" in body(at) and "另存为" in body(at)
    at = choose(at, uploading, ("observations.csv", before["observations.csv"]), ("统计.csv", GBK_YEARS.encode("gbk")))
    assert "这次选择的文件有两种，请分两次上传" in body(at)
    assert not [b for b in at.button if b.label == "确认保存"] and store.read(folder).files == before


def test_a_stale_import_shows_what_it_would_undo_and_saves_only_its_own(page, uploading, folder):
    at = choose(page(folder), uploading, ("犍为县数据.csv", GBK_YEARS.encode("gbk")))
    fill_source_date(at)
    assert "将要保存的变化" in body(at)
    current = store.read(folder)  # meanwhile 李四 saves a change of his own
    store.save(folder, {**current.files, "observations.csv": current.files["observations.csv"].replace(b",342,", b",350,")},
               "李四", "修改1条数字", base=current.version)
    save(at)
    assert "这次导入没有执行" in at.error[0].value and "李四保存了新的数据" in at.error[0].value
    at.run()
    shown = body(at)
    assert "会撤销李四的以下 1 处修改" in shown and "342场次" in shown
    save(at, "只导入其余的数字（保留李四的修改）")
    dataset = load.load_dataset(folder)
    assert dataset.observations_of("micro_consultations", "犍为县政协")[0].value == 350  # 李四's change kept
    assert dataset.observations_of("opinion_reports", "犍为县政协")  # the import's figures saved
    latest = store.history(folder)[0]
    assert latest.origin == "import" and latest.summary.startswith("导入 犍为县数据.csv，在最新数据上保存（保留李四的修改）")


def test_a_new_office_imports_its_first_statistics_table_into_an_empty_folder(page, uploading, tmp_path):
    folder = tmp_path / "new"
    folder.mkdir()
    at = choose(page(folder), uploading, ("犍为县数据.csv", GBK_YEARS.encode("gbk")))
    assert "新指标 3 个" in body(at) and widget(at, "text_input", ":org:犍为县数据.csv").value == "犍为县政协"
    fill_source_date(at)
    assert "将要保存的变化：新增8条数字；新增3个指标；新增1个来源" in body(at)
    save(at)
    dataset = load.load_dataset(folder)
    assert dataset.orgs() == ["犍为县政协"] and len(dataset.observations) == 8
    assert [v.origin for v in store.history(folder)] == ["import"]


# --- the templates: both with 填表说明 and the version marker; their round trip ----------------------------


def test_both_templates_carry_the_version_and_round_trip(page, uploading, folder):
    at = page(folder)
    labels = [b.label for b in at.get("download_button")]
    assert "下载数据模板（完整数据，Excel）" in labels and "下载逐年表（每行一个指标、每列一年，Excel）" in labels
    head = store.history(folder)[0]
    dataset = load.load_dataset(folder)
    marker = (head.id, head.digest, head.label)
    years = openpyxl.load_workbook(io.BytesIO(templates.years_workbook(dataset, "2026-11-29", base=marker)))
    assert years.sheetnames == ["填表说明", "逐年表"]
    sheet = years["逐年表"]
    row = next(r for r in sheet.iter_rows(min_row=4) if r[1].value == "委员参与率")
    column = next(c for c in sheet[3] if c.value == "2024年").column - 1
    assert row[column].value == 92
    row[column].value = 93
    buffer = io.BytesIO()
    years.save(buffer)
    at = choose(at, uploading, ("逐年表.xlsx", buffer.getvalue()))
    assert f"这个文件是从{head.label}下载的模板" in plain(" ".join(c.value for c in at.caption))
    assert widget(at, "text_input", ":source:date").value == "2026-11-29"  # its 填报日期
    shown = body(at)
    assert "将要保存的变化：修改1条数字；新增1个来源" in shown and "| 92% | 93% |" in shown
    store.save(folder, store.read(folder).files | {"sources.csv": store.read(folder).files["sources.csv"]
               .replace(b"2025-03-19", b"2025-03-20")}, "王五", "修改1个来源", base=head.id)
    at.run()
    assert "会撤销王五的以下 1 处修改" in body(at)  # the marker is the import's base: the round trip is checked


def test_a_foreign_complete_dataset_can_be_merged_instead_of_replacing(page, uploading, folder):
    path = cases.CASES / "01-putian-xlsx" / "莆田市政协提案数据.xlsx"
    at = choose(page(folder), uploading, (path.name, path.read_bytes()))
    assert "是数据模板（指标、数据、来源工作表）" in body(at)
    how = [r for r in at.radio if r.key and r.key.startswith("how:")][0]
    assert how.value == "merge"  # its orgs are not ours: replacing would delete every figure of ours
    assert "新增18条数字" in body(at) and "删除" not in body(at).split("将要保存的变化：")[1].splitlines()[0]
    save(at)
    dataset = load.load_dataset(folder)
    assert set(dataset.orgs()) == {"犍为县政协", "莆田市政协"} and len(dataset.observations) == 45 + 18
    assert store.history(folder)[0].origin == "import"


# --- every real-world case, and spreadsheets made like them, read right through the page ------------------------


CASE_FILES = {
    "01": ("01-putian-xlsx/莆田市政协提案数据.xlsx", cases.putian_values),
    "02": ("02-peer-counties-gbk", lambda ds: cases.peer_values(ds, "以上")),
    "04-csv": ("04-title-row-above-header/csv", lambda ds: cases.peer_values(ds, "余")),
    "04-xlsx": ("04-title-row-above-header/莆田市政协提案数据_带标题行.xlsx", cases.putian_values),
    "06": ("06-xls-97-2003/莆田市政协提案数据.xls", cases.putian_values),
    "08-visible": ("08-invisible-chars-wechat/visible-errors", lambda ds: ds.orgs() == ["犍为县政协"]
                   and cases.value(ds, "micro_consultations", "犍为县政协").value == 342),
    "08-silent": ("08-invisible-chars-wechat/silent-org", lambda ds: ds.orgs() == ["犍为县政协"]
                  and cases.value(ds, "micro_suggestions", "犍为县政协").value == 567),
    "09": ("09-excel-trailing-empty-cells", lambda ds: cases.peer_values(ds, "余")),
    "10-serial": ("10-serial-column-total-row/with-serial", lambda ds: cases.peer_values(ds, "余")),
    "10-total": ("10-serial-column-total-row/total-row-filled", lambda ds: cases.peer_values(ds, "余")),
    "11-utf16": ("11-utf16-unicode-text/utf16", lambda ds: cases.peer_values(ds, "余")),
    "11-tabs": ("11-utf16-unicode-text/tab-utf8", lambda ds: cases.peer_values(ds, "余")),
    "12": ("12-csv-export-bom", cases.beijing_values),
    "13": ("13-pptx-ea-font-png", lambda ds: cases.peer_values(ds, "余")),
    "14": ("14-zip-chinese-names", cases.beijing_values),
    "15": ("15-beijing-duty-stats-gbk", cases.beijing_values),
}


@pytest.mark.parametrize("case", list(CASE_FILES))
def test_every_case_reads_right_through_the_page(page, uploading, tmp_path, case):
    """A new office: an empty data folder, its own files uploaded on the page, reviewed and saved."""
    where, right = CASE_FILES[case]
    path = cases.CASES / where
    files = cases.files(path) if path.is_dir() else [path]
    folder = tmp_path / "new"
    folder.mkdir()
    at = choose(page(folder), uploading, *((p.name, p.read_bytes()) for p in files))
    shown = body(at)
    assert "我们这样理解您的文件" in shown and "将要保存的变化：新增" in shown, shown[-2000:]
    save(at)
    dataset = load.load_dataset(folder)
    assert right(dataset) is not False
    if case.startswith("10"):
        assert "合计" not in dataset.orgs()


def made_xlsx() -> bytes:
    """An indicators-across workbook by year, with the habits of real ones the cases do not have: a
    title without a year, other total words (全县合计), a merged 板块 group row over the indicators,
    a merged year cell over two rows of notes, invisible characters (U+2060, U+FEFF, U+3000, U+00A0)."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "历年"
    ws.append(["犍为县政协\u3000历年同心共建工作统计"])
    ws.merge_cells("A1:E1")
    ws.append(["填报单位：犍为县政协办公室\u00a0\u00a0填报日期：2025年2月8日"])
    ws.append([None, None, "古韵协商", None, "四进四助"])
    ws.merge_cells("C3:D3")
    ws.append(["序号", "年份", "小微协商（场次）", "协商\u2060议事室（个）", "法律宣讲（场）"])
    ws.append([1, "2022年", "\ufeff120", 30, "—"])
    ws.append([2, 2023, "1,40\u200b0", "35", 12])
    ws.append(["全县合计", None, 1520, 65, 12])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_spreadsheet_made_like_the_real_ones_reads_right_through_the_page(page, uploading, folder):
    at = choose(page(folder), uploading, ("历年统计.xlsx", made_xlsx()))
    shown = body(at)
    assert "历年统计.xlsx「历年」工作表：指标横排表" in shown and "XLSX 工作簿；表头在第 3 行" in shown
    assert "跳过：A列：序号；第7行：合计行" in shown and "| 3 |  | 这一行是分组表头" in shown
    assert "| 4 | 协商议事室（个） | 不可见字符（如零宽空格）已删除 |" in shown
    assert "| 5 | 小微协商（场次） | 不可见字符（如零宽空格）已删除（C5 等） |" in shown
    assert widget(at, "text_input", ":source:date").value == "2025-02-08"
    assert widget(at, "text_input", ":source:publisher").value == "犍为县政协办公室"
    rooms = importing.new_indicator_id("协商议事室")
    assert widget(at, "selectbox", f":pillar:{rooms}").value == "古韵协商"  # the merged group row
    assert widget(at, "text_input", ":org:历年统计.xlsx「历年」工作表").value == "犍为县政协"  # 填报单位's body
    assert "将要保存的变化：新增5条数字；新增2个指标；新增1个来源" in shown
    save(at)
    dataset = load.load_dataset(folder)
    micro = {o.period_end: o.value for o in dataset.observations_of("micro_consultations", "犍为县政协")
             if o.is_yearly}
    assert micro == {2022: 120, 2023: 1400}
    assert dataset.indicator(rooms).name == "协商议事室" and dataset.indicator(rooms).unit == "个"
    talks = {o.period_end: o.value for o in dataset.observations_of(importing.new_indicator_id("法律宣讲"), "犍为县政协")}
    assert talks == {2023: 12}  # — is a gap, never 0
    assert schema.UNCLASSIFIED_PILLAR not in dataset.pillars()


# --- the notices of the current data: in the sidebar's 数据状态, counted, never called errors ------------------


def test_the_sidebar_counts_and_lists_the_current_datas_notices(app, tmp_path):
    folder = tmp_path / "titled"
    shutil.copytree(cases.CASES / "04-title-row-above-header" / "csv", folder)
    at = app("screens/overview.py", folder)
    status = plain("\n".join(m.value for m in at.sidebar.markdown)).replace("**", "")
    assert "提醒 0 条，读取说明 1 条" in status
    said = plain("\n".join(c.value for c in at.sidebar.caption))
    assert "读取说明（数据文件的写法与标准格式不同，已按下面的方式读取，无需处理）" in said
    assert "observations.csv 第1行：这一行是标题或说明" in said and "错误" not in said


def test_a_broken_folder_before_any_version_can_be_replaced_by_uploading(page, uploading, folder):
    """t10 finding 8: observations.csv a folder, no version saved yet: 数据维护 said only "问题解决之前
    不能修改数据" — no uploader, nothing to restore. Now complete files can be uploaded and saved."""
    files = {n: (folder / n).read_bytes() for n in ("indicators.csv", "observations.csv", "sources.csv")}
    (folder / "observations.csv").unlink()
    (folder / "observations.csv").mkdir()
    at = page(folder)
    assert "看板还没有保存过任何版本" in infos(at) and at.get("file_uploader")
    assert not [b for b in at.button if b.key == "rewrite_copy"]  # nothing to rewrite from
    at = choose(at, uploading, *[(n, b.replace(b",342,", b",343,")) for n, b in files.items()])
    assert "将要保存的变化" in body(at)
    save(at)
    assert any("已保存" in s.value for s in at.success)
    assert store.history(folder)[0].who == "张三"
    assert b",343," in (folder / "observations.csv").read_bytes()
    assert list(folder.glob(".tongxin/set-aside/*/observations.csv"))  # the folder kept, not deleted


def test_two_files_with_one_name_are_named_not_silently_reduced_to_one(page, uploading, folder):
    """t10 finding 10: after an error list, adding the corrected observations.csv left two chips
    (277 B and 6 KB); the page said "已选择 1 个文件" and used one of them."""
    before = store.read(folder).files
    good = before["observations.csv"].replace(b",342,", b",343,")
    at = choose(page(folder), uploading, ("observations.csv", b"x" * 2000), ("observations.csv", good))
    said = plain("\n".join(e.value for e in at.error))
    assert "所选文件中有同名的文件" in said and "observations.csv" in said and "2 KB" in said
    assert not any("已选择" in c.value for c in at.caption) and "将要保存的变化" not in body(at)
    assert not [b for b in at.button if b.label == "确认保存"] and store.read(folder).files == before


def test_reading_notices_are_shown_when_a_template_is_merged_and_are_not_called_提醒(page, uploading, folder):
    """t1113 #5: case 10's filled 合计 row and case 04's title rows, uploaded into data they do not
    replace (并入), are said on the page as when replacing; 说明 are never counted as 提醒."""
    for where, said in (("10-serial-column-total-row/total-row-filled", "合计"),
                        ("04-title-row-above-header/莆田市政协提案数据_带标题行.xlsx", "标题或说明")):
        path = cases.CASES / where
        files = cases.files(path) if path.is_dir() else [path]
        at = choose(page(folder), uploading, *((p.name, p.read_bytes()) for p in files))
        how = [r for r in at.radio if r.key and r.key.startswith("how:")][0]
        assert how.value == "merge", where
        [expander] = [e for e in at.expander if e.label.startswith("读取说明（")]
        shown = plain("\n".join(m.value for m in expander.markdown))
        assert said in shown, (where, shown)
        assert "条提醒" not in plain("\n".join(c.value for c in at.caption)), where
