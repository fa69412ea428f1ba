"""导出会议材料: every chart chosen by default; one click builds the file; a preview of the deck."""

from __future__ import annotations

import io

import openpyxl

from tests import datasets as d
from tests.app.conftest import plain


def test_defaults_choose_every_chart_and_the_pack(app):
    at = app("screens/export.py")
    assert at.title[0].value == "导出会议材料"
    chosen = at.multiselect(key="export_charts")
    assert len(chosen.value) == 13 and chosen.value[0] == "rates"
    assert at.radio(key="export_format").value == "zip" and at.radio(key="export_size").value == "slide"
    assert not at.get("download_button")


def test_one_click_builds_an_excel_workbook(app):
    at = app("screens/export.py")
    at.radio(key="export_format").set_value("xlsx")
    at.button(key="export_go").click().run()
    assert not at.exception
    name, content, mime = at.session_state["export_result"]
    assert name.startswith("犍为县政协_数据_") and name.endswith(".xlsx")
    assert openpyxl.load_workbook(io.BytesIO(content)).sheetnames[:4] == ["说明", "指标", "数据", "来源"]
    assert at.get("download_button")


def test_deck_with_chosen_charts_and_its_preview(app, tmp_path):
    at = app("screens/export.py", d.write(tmp_path / "mini"))
    at.multiselect(key="export_charts").set_value(["rates"])
    at.radio(key="export_format").set_value("pptx")
    at.button(key="export_go").click().run(timeout=180)
    assert not at.exception
    name, content, _ = at.session_state["export_result"]
    assert name.startswith("示例区政协_会议材料_") and content[:2] == b"PK"
    assert len(at.session_state["export_preview"]) == 3  # title, summary, the one chart
    assert len(at.get("image")) == 3


def test_no_charts_says_so(app, tmp_path, monkeypatch):
    # Any loadable dataset has at least a tile chart and coverage, so "no chart" is reached by a catalog
    # that offers none: the page must say so in Chinese and offer nothing to export.
    from components import chart
    from tongxin import charts

    monkeypatch.setattr(charts, "catalog", lambda *args, **kwargs: [])
    chart._catalog.clear()  # built catalogs are shared by every run in this process
    at = app("screens/export.py", d.write(tmp_path / "e", d.nearly_empty_dataset()))
    assert [i.value for i in at.info] == ["孤山乡政协联络组在所选年份内没有可以导出的图表。可在左侧调整年份范围。"]
    assert not at.multiselect and not at.button


def test_word_export_shows_the_format_check(app, tmp_path):
    at = app("screens/export.py", d.write(tmp_path / "mini"))
    at.multiselect(key="export_charts").set_value(["rates"])
    at.radio(key="export_format").set_value("docx")
    at.button(key="export_go").click().run(timeout=180)
    assert not at.exception
    name, content, mime = at.session_state["export_result"]
    assert name.startswith("示例区政协_汇报材料_") and name.endswith(".docx") and "wordprocessingml" in mime
    template, findings = at.session_state["export_check"]
    assert template == "公文模板.docx" and findings == []
    assert "公文格式检查（Word 汇报材料）通过" in at.success[0].value


def test_an_office_template_that_departs_is_named(app, tmp_path):
    from docx import Document
    from docx.shared import Mm

    from tongxin.export import word

    folder = d.write(tmp_path / "mini")
    template = Document(str(word.TEMPLATE))
    template.sections[0].left_margin = Mm(20)
    template.save(str(folder / word.OFFICE_TEMPLATE))
    at = app("screens/export.py", folder)
    at.multiselect(key="export_charts").set_value(["rates"])
    at.radio(key="export_format").set_value("docx")
    at.button(key="export_go").click().run(timeout=180)
    assert not at.exception
    shown = plain(at.warning[0].value)
    assert "汇报模板.docx" in shown and "左边距（订口）应为 28 毫米" in shown


def test_the_title_field_sets_the_documents_title(app, tmp_path):
    from docx import Document

    at = app("screens/export.py", d.write(tmp_path / "mini"))
    field = at.text_input(key="export_title:示例区政协")
    assert field.value == "示例区政协工作情况汇报"  # neutral: not every office calls its work 同心共建
    field.set_value("示例区政协同心共建工作情况汇报")
    at.multiselect(key="export_charts").set_value(["rates"])
    at.radio(key="export_format").set_value("docx")
    at.button(key="export_go").click().run(timeout=180)
    assert not at.exception
    _, content, _ = at.session_state["export_result"]
    assert Document(io.BytesIO(content)).paragraphs[0].text == "示例区政协同心共建工作情况汇报"


def test_a_single_orgs_document_places_it_among_its_peers(app, tmp_path):
    """t1113 finding 7: the page's view holds one org; the document places it among the others anyway."""
    from docx import Document

    at = app("screens/export.py", d.write(tmp_path / "t", d.targets_dataset()))
    at.multiselect(key="export_charts").set_value(["rates"])
    at.radio(key="export_format").set_value("docx")
    at.button(key="export_go").click().run(timeout=180)
    assert not at.exception
    _, content, _ = at.session_state["export_result"]
    text = " ".join(p.text for p in Document(io.BytesIO(content)).paragraphs)
    assert "在全部2个单位中，" in text and "居第1位（83%）" in text


def test_the_pack_shows_its_word_check_and_a_broken_template_does_not_block_it(app, tmp_path):
    from tongxin.export import word

    folder = d.write(tmp_path / "mini")
    (folder / word.OFFICE_TEMPLATE).write_bytes(b"not a word file")
    at = app("screens/export.py", folder)
    at.multiselect(key="export_charts").set_value(["rates"])
    assert at.radio(key="export_format").value == "zip"
    at.button(key="export_go").click().run(timeout=240)
    assert not at.exception and not at.error
    name, content, _ = at.session_state["export_result"]
    assert name.endswith(".zip") and content[:2] == b"PK"
    assert any("已改用看板自带的标准模板" in plain(i.value) for i in at.info)
    assert "公文格式检查（Word 汇报材料）通过" in at.success[0].value and "公文模板.docx" in plain(at.success[0].value)


def test_batch_of_every_org_on_the_page(app, tmp_path):
    import zipfile

    folder = d.write(tmp_path / "t", d.targets_dataset())  # two orgs, no orgs.csv: the group is both
    at = app("screens/export.py", folder)
    assert any(e.label == "批量导出：全部2个单位，每个单位一份" for e in at.expander)
    at.button(key="batch_go").click().run(timeout=300)
    assert not at.exception
    name, content, notes = at.session_state["batch_result"]
    assert name.startswith("2个单位_各单位会议材料包_") and name.endswith(".zip")
    names = zipfile.ZipFile(io.BytesIO(content)).namelist()
    assert {n.split("/")[0] for n in names if "/" in n} == {"青川县政协", "白马镇政协联络组"}
    assert any(n.startswith("2个单位_各单位对比_") for n in names)
    assert at.get("download_button")


def test_no_batch_with_one_org(app):
    at = app("screens/export.py")
    assert not any("批量导出" in e.label for e in at.expander)
