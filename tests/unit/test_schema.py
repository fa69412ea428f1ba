"""One schema, one loader shape: the tables are defined once (tongxin/schema.py), the optional v2
orgs table is read into the Dataset (peers, short names), the loader's fingerprint equals the
store's digest, and exports and templates follow the schema and read back."""

from __future__ import annotations

import io
import re

import openpyxl

from tests import datasets as d
from tongxin import display, load, schema, store, tables
from tongxin.export import sheets, templates
from tongxin.model import Observation

ORGS = """单位名称,上级单位,简称
甲县政协,乐山市政协,甲县
乙县政协,乐山市政协,
丙区政协,成都市政协,丙区
"""


def three_orgs(tmp_path, with_orgs: bool = True):
    rows = [d.observation("topics", 2024, str(n), start=2024, org=org) for n, org in enumerate(["甲县政协", "乙县政协",
                                                                                                "丙区政协"], 3)]
    tables_ = {**d.MINI, "observations.csv": d.with_rows("observations", *rows)}
    if with_orgs:
        tables_["orgs.csv"] = ORGS
    return load.load_dataset(d.write(tmp_path / ("o" if with_orgs else "n"), tables_))


def test_orgs_give_peers_and_short_names(tmp_path):
    dataset = three_orgs(tmp_path)
    assert [o.name for o in dataset.org_records] == ["甲县政协", "乙县政协", "丙区政协"]
    assert dataset.peers("甲县政协") == ["甲县政协", "乙县政协"]  # same parent
    assert dataset.peers("丙区政协") == ["丙区政协"]
    assert dataset.peers("示例区政协") == ["示例区政协"]  # not listed: no parent, alone with its kind
    assert dataset.short_name("甲县政协") == "甲县" and dataset.short_name("乙县政协") == "乙县"  # default: 政协 dropped
    assert dataset.org("乙县政协").parent == "乐山市政协"


def test_without_orgs_every_org_is_a_peer(tmp_path):
    dataset = three_orgs(tmp_path, with_orgs=False)
    assert dataset.org_records == () and dataset.peers("甲县政协") == dataset.orgs() == [
        "示例区政协", "甲县政协", "乙县政协", "丙区政协"]
    assert dataset.short_name("示例区政协") == "示例区"


def test_orgs_table_problems_are_located(tmp_path):
    folder = d.write(tmp_path / "b", {**d.MINI, "orgs.csv": "单位名称,上级单位\n甲县政协,甲县政协\n甲县政协,\n"})
    dataset, problems = load.read_dataset(folder)
    assert dataset is None
    assert {(p.file, p.row, p.column) for p in problems} == {("orgs.csv", 2, "上级单位"), ("orgs.csv", 3, "单位名称")}


def test_the_workbook_carries_the_orgs_sheet_and_reads_back(tmp_path):
    dataset = three_orgs(tmp_path)
    book = templates.long_workbook(dataset, "2026-11-29")
    assert openpyxl.load_workbook(io.BytesIO(book)).sheetnames == ["填表说明", "指标", "数据", "来源", "单位"]
    again = load.read_files({"模板.xlsx": book})[0]
    assert again.org_records == dataset.org_records and again.observations == dataset.observations


def test_fingerprint_is_the_store_digest(tmp_path):
    folder = d.write(tmp_path / "f")
    assert load.fingerprint(folder) == store.digest({name: (folder / name).read_bytes() for name in store.REQUIRED_FILES})
    assert load.fingerprint(folder) == store.read(folder).digest
    (folder / "orgs.csv").write_text(ORGS, encoding="utf-8")
    assert load.fingerprint(folder) != store.read(folder).version  # orgs.csv is data too: a change is seen


def test_the_schema_is_the_one_source_of_the_tables():
    assert load.TABLES == schema.REQUIRED_TABLES and list(schema.TABLES) == ["indicators", "observations", "sources",
                                                                             "orgs"]
    assert store.REQUIRED_FILES == tuple(t.file for t in schema.REQUIRED_TABLES.values())
    assert store.DATA_FILES == schema.FILES and store.digest is schema.digest
    assert [c.alias for c in schema.ORGS.columns] == ["单位名称", "上级单位", "简称"]
    assert schema.QUALIFIERS == ("", "余", "多", "以上", "左右", "近", "约", "逾", "超过", "不足", "不到")
    frames = sheets.dataset_tables(load.load_dataset(d.DEFAULT_DATA))
    assert [list(f.columns) for f in frames.values()] == [t.aliases for t in schema.REQUIRED_TABLES.values()]
    assert all(c.help for t in schema.TABLES.values() for c in t.columns)  # every column explained in the templates


def test_every_qualifier_is_displayed_where_chinese_puts_it():
    shown = {q: display.figure(410, "条", q) for q in schema.QUALIFIERS}
    assert shown == {"": "410条", "余": "410余条", "多": "410多条", "以上": "410条以上", "左右": "410条左右",
                     "近": "近410条", "约": "约410条", "逾": "逾410条", "超过": "超过410条", "不足": "不足410条",
                     "不到": "不到410条"}
    assert display.figure(99, "%", "以上") == "99%以上"
    assert display.figure(1000, "人", "余", words=True) == "千余人"
    assert display.figure(10000, "人", "逾", words=True) == "逾万人"
    assert display.figure(1000, "人", "余") == "1000余人"
    assert display.figure(1000, "人") == "1000人"


def test_exports_keep_numbers_as_numbers(tmp_path):
    dataset = load.load_dataset(d.DEFAULT_DATA)
    table = tables.figures_table(dataset)
    assert "410余条" in set(table["数值"])  # pages show the text people read
    exported = tables.with_numbers(table)
    columns = list(exported.columns)
    assert columns[columns.index("数值"):columns.index("数值") + 4] == ["数值", "单位", "限定", "显示为"]
    ideas = exported[exported["指标"] == "收集委员“金点子”"].iloc[0]
    assert (ideas["数值"], ideas["单位"], ideas["限定"], ideas["显示为"]) == (410, "条", "余", "410余条")
    # the same after a page's search and column drops
    found = tables.with_numbers(tables.search(table, "金点子").drop(columns=["链接"]))
    assert sorted(found["数值"]) == [260, 410]
    book = openpyxl.load_workbook(io.BytesIO(sheets.workbook(dataset, "犍为县政协", [], "2026-11-29")))
    ws = book["数字一览"]
    header = [c.value for c in ws[1]]
    values = [row[header.index("数值")] for row in ws.iter_rows(min_row=2, values_only=True)]
    assert all(isinstance(v, (int, float)) for v in values) and sum(values) > 0  # Excel can sum the column
    csv = sheets.csv_bytes(table).decode("utf-8-sig")
    assert re.search(r",410,条,余,410余条,", csv)


def test_observations_are_immutable_records():
    o = Observation("甲", "x", 2024, 1.0, "s")
    try:
        o.value = 2  # type: ignore[misc]
    except AttributeError:
        return
    raise AssertionError("an observation must not change after loading")


def test_the_workbook_lists_the_orgs_even_without_orgs_csv(tmp_path):
    """An office sees where 上级单位 and 简称 go; read back, blank cells mean what no orgs.csv means."""
    dataset = load.load_dataset(d.write(tmp_path / "m"))
    book = templates.long_workbook(dataset, "2026-11-29")
    sheet = openpyxl.load_workbook(io.BytesIO(book))["单位"]
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [["单位名称", "上级单位", "简称"],
                                                                   ["示例区政协", None, None]]
    again = load.read_files({"模板.xlsx": book})[0]
    assert again.observations == dataset.observations and again.peers("示例区政协") == ["示例区政协"]
    assert again.short_name("示例区政协") == dataset.short_name("示例区政协") == "示例区"
