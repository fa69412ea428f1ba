"""The schema reaches every writer and editor (issue 11 Deliver 6): orgs.csv kept through saves and
edits, the editor's choices are the schema's, a notice is never called 错误, .xls/.txt uploads are
accepted, data exports write numbers as numbers, close-match suggestions run once per bad value."""

from __future__ import annotations

import difflib

import pytest

from components import editor, frame
from tests import datasets as d
from tongxin import load, maintain, schema, store, tables
from tongxin.model import Problem

ORGS = "name,parent,short_name\n示例区政协,示例市政协,示例\n"


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.delenv("TONGXIN_DATABASE_URL", raising=False)
    target = d.write(tmp_path / "data", {**d.MINI, "orgs.csv": ORGS})
    maintain.sync(store.open(target))
    return target


def test_canonical_files_keep_the_orgs_table(folder):
    dataset = load.load_dataset(folder)
    files = maintain.canonical_files(dataset)
    assert list(files) == list(schema.FILES)
    again = load.read_files(files)[0]
    assert again.org_records == dataset.org_records and again.short_name("示例区政协") == "示例"
    without = load.load_dataset(d.write(folder.parent / "plain"))
    assert schema.ORGS.file not in maintain.canonical_files(without)  # no records, no file


def test_an_edit_of_another_table_keeps_orgs_and_an_org_edit_is_a_change(folder):
    head = store.read(folder)
    dataset = load.load_dataset(folder)
    edited = maintain.editable_tables(dataset)
    assert set(edited) == set(schema.TABLES) and list(edited["orgs"].columns) == schema.ORGS.aliases
    same = maintain.from_tables(head, edited)
    assert same.ok and same.change_count == 0 and load.read_files(same.files)[0].org_records == dataset.org_records
    orgs = edited["orgs"].copy()
    orgs.loc[2, "上级单位"] = "另一个市政协"
    proposal = maintain.from_tables(head, {**edited, "orgs": orgs})
    assert proposal.ok and proposal.summary == "修改1个单位"
    assert (proposal.changes[0].old, proposal.changes[0].new) == ("上级单位：示例市政协", "上级单位：另一个市政协")
    emptied = maintain.from_tables(head, {**edited, "orgs": orgs.iloc[0:0]})
    assert emptied.ok and emptied.summary == "删除1个单位" and schema.ORGS.file not in emptied.files


def test_a_template_without_an_orgs_sheet_keeps_orgs_csv(folder):
    from tongxin.export import sheets

    head = store.read(folder)
    dataset = load.load_dataset(folder)
    book = sheets.workbook(load.read_files({k: v for k, v in head.files.items() if k != schema.ORGS.file})[0],
                           None, [], "2026-01-01", template=True)
    assert maintain.workbook_tables("t.xlsx", book) == ["indicators", "observations", "sources"]
    proposal = maintain.from_uploads(head, {"t.xlsx": book})
    assert proposal.ok and proposal.change_count == 0
    assert load.read_files(proposal.files)[0].org_records == dataset.org_records


def test_the_editor_offers_the_schemas_choices():
    observations = editor.columns("observations")
    qualifier = observations[schema.OBSERVATIONS.column("qualifier").alias]
    assert qualifier["type_config"]["options"] == list(schema.QUALIFIERS)
    assert {"以上", "逾", "超过", "左右", "不足", "不到", "多"} <= set(qualifier["type_config"]["options"])
    kinds = editor.columns("indicators")[schema.INDICATORS.column("kind").alias]
    assert kinds["type_config"]["options"] == ["比率", "数量", "金额"]
    assert set(editor.columns("orgs")) == set(schema.ORGS.aliases)


def test_problems_table_names_each_severity():
    shown = frame.problems_table([Problem("a.csv", "坏", 2), Problem("a.csv", "注意", 3, severity="warning"),
                                  Problem("a.csv", "标题行已跳过", 1, severity="notice")])
    assert list(shown["级别"]) == ["错误", "提醒", "说明"]


@pytest.mark.parametrize("name", ["observations.txt", "数据.tsv", "模板.xls", "模板.xlsx"])
def test_uploads_of_every_readable_kind_are_accepted(name):
    assert maintain.check_uploads({name: b"x"}) == []


@pytest.mark.parametrize("name, says", [("统计表.et", "另存为"), ("统计表.numbers", "导出为"), ("图.png", "另存为")])
def test_unreadable_uploads_get_one_clear_message(name, says):
    [problem] = maintain.check_uploads({name: b"x"})
    assert problem.file == name and says in problem.hint


def test_figures_export_writes_numbers_beside_the_text(tmp_path):
    dataset = load.load_dataset(d.write(tmp_path / "m"))
    table = tables.figures_export(dataset, ["示例区政协"])
    assert not table.attrs
    row = table[table["显示为"] == "200余条"].iloc[0]
    assert (row["数值"], row["单位"], row["限定"]) == (200, "条", "余")
    assert list(table.columns[table.columns.get_loc("数值"):][:4]) == ["数值", "单位", "限定", "显示为"]


def test_close_match_suggestions_run_once_per_distinct_bad_value(tmp_path, monkeypatch):
    calls = []
    real = difflib.get_close_matches
    monkeypatch.setattr(difflib, "get_close_matches", lambda *a, **k: calls.append(a[0]) or real(*a, **k))
    rows = [d.observation("join_rat", year, "50", start=year) for year in range(1950, 2050)]
    rows += [d.observation("topics", year, "5", start=year, source="rp") for year in range(1950, 2050)]
    dataset, problems = load.read_dataset(d.write(tmp_path / "bad", observations=d.with_rows("observations", *rows)))
    assert dataset is None and sum("join_rat" in p.message for p in problems) == 100
    assert sorted(calls) == ["join_rat", "rp"]
    assert any("是不是「join_rate」" in p.hint for p in problems)
