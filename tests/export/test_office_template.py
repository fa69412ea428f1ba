"""An office's own Word template (汇报模板.docx in its data folder): the content goes exactly where its
{{正文}} marker is, even inside a sentence or split over runs; its 红头 is its own; a template made from a
plain Word document is completed (page numbers) and reported once per style, not once per paragraph; a
template that cannot be used gets a clear Chinese message — and does not block the meeting pack."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile

import pytest
from docx import Document as open_docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt, RGBColor

from tests import datasets as d
from tests.export.conftest import EXPORTED_ON
from tests.export.test_word import paragraphs
from tongxin import document, load
from tongxin.export import ExportRequest, build, gongwen, word

ORG = "示例区政协"
EAST_ASIA = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"


@pytest.fixture(scope="module")
def content():
    """The 汇报材料 of the MINI dataset, without pictures (the template is what is tested here)."""
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        dataset = load.load_dataset(d.write(Path(folder) / "mini"))
    return document.build(dataset, ORG, [], {}, EXPORTED_ON)


def saved(doc) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def template(tmp_path, doc, name="汇报模板.docx"):
    path = tmp_path / name
    path.write_bytes(saved(doc))
    return path


def red_header(doc) -> None:
    """A 红头 as offices set it: no style of its own, 方正小标宋简体 26 pt in red, centred."""
    header = doc.add_paragraph()
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = header.add_run("中国人民政治协商会议示例区委员会办公室")
    run.font.size, run.font.color.rgb = Pt(26), RGBColor(0xE6, 0, 0)
    run._r.get_or_add_rPr().get_or_add_rFonts().set(EAST_ASIA, "方正小标宋简体")


def marker_in_a_sentence(doc, split: bool) -> None:
    """正文如下：{{正文}}（完） — with the marker split over runs, as Word saves an edited paragraph."""
    paragraph = doc.add_paragraph()
    for text in (["正文如下：", "{{", "正文", "}}", "（完）"] if split else ["正文如下：{{正文}}（完）"]):
        paragraph.add_run(text)._r.get_or_add_rPr().get_or_add_rFonts().set(EAST_ASIA, "仿宋_GB2312")


@pytest.mark.parametrize("split", [False, True])
def test_the_marker_is_replaced_where_it_stands(tmp_path, content, split):
    doc = open_docx(str(word.TEMPLATE))
    red_header(doc)
    marker_in_a_sentence(doc, split)
    made = word.docx(content, template(tmp_path, doc))
    text = [t for t in paragraphs(made) if t]
    assert text[0] == "中国人民政治协商会议示例区委员会办公室" and text[1] == "正文如下："
    assert text[2] == "示例区政协工作情况汇报" and text[-1] == "（完）"
    assert not any("{{" in t or "}}" in t for t in text)
    assert gongwen.check(made) == []  # the 红头 (its own font, size and colour) is the office's


def test_a_marker_left_in_the_text_fails_the_check(tmp_path, content):
    made = word.docx(content)
    doc = open_docx(io.BytesIO(made))
    doc.paragraphs[3].add_run("{{落款}}")
    assert "模板占位符“{{落款}}”没有被替换" in "\n".join(str(f) for f in gongwen.check(saved(doc)))


def test_a_marker_in_a_table_is_refused_with_what_to_do(tmp_path, content):
    doc = open_docx(str(word.TEMPLATE))
    doc.add_table(rows=1, cols=1).cell(0, 0).paragraphs[0].add_run(word.MARKER)
    with pytest.raises(word.TemplateError, match="单独写成表格外的一段"):
        word.docx(content, template(tmp_path, doc))


@pytest.mark.parametrize("bad", [b"", b"not a word file", b"PK\x03\x04 broken zip"])
def test_an_unusable_template_says_what_to_do_in_chinese(tmp_path, content, bad):
    path = tmp_path / "汇报模板.docx"
    path.write_bytes(bad)
    with pytest.raises(word.TemplateError) as raised:
        word.docx(content, path)
    message = str(raised.value)
    assert "汇报模板.docx" in message and "另存为 .docx" in message
    assert not re.search(r"[A-Za-z]+(Error|Exception|NotFound)", message)  # no class names for a user


def test_a_template_made_from_a_plain_word_document(tmp_path, content):
    """Letter paper, 11 pt body without a Chinese font, no page numbers (the tester's T2): page numbers are
    completed from the standard, the rest is reported — once per style, saying which style to fix."""
    doc = open_docx()  # python-docx's own default document: what "new blank document" gives
    doc.add_paragraph("某县政协 红头")
    doc.add_paragraph(word.MARKER)
    doc.add_paragraph("落款：某县政协办公室")
    notes: list[str] = []
    made = word.docx(content, template(tmp_path, doc), notes)
    findings = [str(f) for f in gongwen.check(made)]
    assert len(findings) <= 13, findings
    body = [f for f in findings if "正文应为 16 磅 仿宋_GB2312" in f]
    assert len(body) == 1 and body[0].startswith("模板的「正文」样式：") and "请在模板中修改「正文」样式" in body[0]
    assert "实为 11 磅 宋体" in body[0]
    assert not any(re.match(r"第\d+段", f) and "正文应为" in f for f in findings)
    assert any("纸张应为 A4 纵向 210×297 毫米，实为 216×279 毫米" in f and "布局→页面设置" in f for f in findings)
    assert not any(f.startswith("页码") for f in findings)  # completed from the standard
    assert notes == ["Word 模板 汇报模板.docx 没有设置页码（单页居右、双页居左），已按国家标准（GB/T 9704-2012）补上。"]
    sections = open_docx(io.BytesIO(made)).sections
    assert "PAGE" in sections[0].footer._element.xml and "PAGE" in sections[0].even_page_footer._element.xml


def test_a_template_without_page_set_up_takes_the_standard(tmp_path, content):
    doc = open_docx(str(word.TEMPLATE))
    sect = doc.sections[0]._sectPr
    for tag in ("pgSz", "pgMar", "docGrid"):
        sect.remove(sect.find(f"{{http://schemas.openxmlformats.org/wordprocessingml/2006/main}}{tag}"))
    notes: list[str] = []
    made = word.docx(content, template(tmp_path, doc), notes)
    assert gongwen.check(made) == []
    assert notes == ["Word 模板 汇报模板.docx 没有设置纸张大小、页边距、文档网格，已按国家标准（GB/T 9704-2012）补上。"]


# --- the pack: a broken template does not block it ------------------------------------------------


def test_the_pack_uses_the_standard_template_when_the_offices_is_broken(tmp_path):
    folder = d.write(tmp_path / "data")
    (folder / word.OFFICE_TEMPLATE).write_bytes(b"not a word file")
    told: list[float] = []
    request = ExportRequest(load.load_dataset(folder), ORG, chart_ids=["rates"], exported_on=EXPORTED_ON,
                            data_dir=folder, progress=lambda fraction, message: told.append(fraction))
    ((name, pack),) = build("zip", request).items()
    with zipfile.ZipFile(io.BytesIO(pack)) as archive:
        docx = next(n for n in archive.namelist() if n.endswith(".docx"))
        assert gongwen.check(archive.read(docx)) == []
    assert request.word_check == ("公文模板.docx", [])
    assert any("汇报模板.docx 无法打开" in n and "已改用看板自带的标准模板" in n for n in request.notes)
    assert told == sorted(told) and told[-1] == 1.0  # progress never goes backwards


def test_cli_pack_prints_the_check_of_its_word_file(tmp_path):
    folder = d.write(tmp_path / "data")
    doc = open_docx(str(word.TEMPLATE))
    doc.sections[0].top_margin = Mm(30)
    template(folder, doc, word.OFFICE_TEMPLATE)
    result = subprocess.run([sys.executable, "-m", "tongxin", "export", "--data", str(folder), "--format", "zip",
                             "--charts", "rates", "--out", str(tmp_path / "包.zip")],
                            capture_output=True, text=True, cwd=d.PROJECT)
    assert result.returncode == 0, result.stderr
    assert "Word 模板：汇报模板.docx" in result.stdout
    assert "公文格式检查：Word 汇报材料有 1 处与 GB/T 9704-2012 不一致" in result.stdout
    assert "上边距（天头）应为 37 毫米" in result.stdout
    fractions = [int(p) for p in re.findall(r"^\[\s*(\d+)%\]", result.stderr, re.M)]
    assert fractions and fractions == sorted(fractions)


def test_cli_pack_with_a_broken_template_still_exports_and_says_so(tmp_path):
    folder = d.write(tmp_path / "data")
    (folder / word.OFFICE_TEMPLATE).write_bytes(b"")
    out = tmp_path / "包.zip"
    result = subprocess.run([sys.executable, "-m", "tongxin", "export", "--data", str(folder), "--format", "zip",
                             "--charts", "rates", "--out", str(out)], capture_output=True, text=True, cwd=d.PROJECT)
    assert result.returncode == 0 and out.exists(), result.stderr
    assert "说明：Word 模板 汇报模板.docx 无法打开" in result.stdout and "已改用看板自带的标准模板" in result.stdout
    assert "Word 模板：公文模板.docx" in result.stdout and "公文格式检查：Word 汇报材料通过" in result.stdout
    alone = subprocess.run([sys.executable, "-m", "tongxin", "export", "--data", str(folder), "--format", "docx",
                            "--charts", "rates", "--out", str(tmp_path / "汇报.docx")], capture_output=True, text=True,
                           cwd=d.PROJECT)
    assert alone.returncode == 1 and "另存为 .docx" in alone.stderr  # the Word file alone: the office decides
