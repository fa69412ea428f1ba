"""The Word 汇报材料: GB/T 9704 layout checked by `gongwen.check` on every dataset, the checker failing on
deliberately broken documents, the content as staff write it, and an office's own template."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile

import pytest
from docx import Document as open_docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Length, Mm, Pt, RGBColor

from tests import datasets as d
from tests.export.conftest import EXPORTED_ON
from tongxin import load
from tongxin.export import ExportRequest, build, gongwen, word

ORG = "犍为县政协"
DOCX = f"{ORG}_汇报材料_20261126.docx"


@pytest.fixture(scope="module")
def default_docx(pack_files) -> bytes:
    return pack_files[1][DOCX]


def docx_of(tmp_path, tables: dict, org: str | None = None, **request) -> bytes:
    folder = d.write(tmp_path / "data", tables)
    dataset = load.load_dataset(folder)
    files = build("docx", ExportRequest(dataset, org or dataset.orgs()[0], exported_on=EXPORTED_ON,
                                        data_dir=folder, **request))
    (content,) = files.values()
    return content


def paragraphs(content: bytes) -> list[str]:
    return [p.text for p in open_docx(io.BytesIO(content)).paragraphs]


def rewrite(content: bytes, part: str, change) -> bytes:
    """The same DOCX with one XML part changed by `change(text) -> text`."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == part:
                changed = change(data.decode())
                assert changed != data.decode(), f"the change did not apply to {part}"
                data = changed.encode()
            target.writestr(item, data)
    return out.getvalue()


def messages(content: bytes) -> str:
    return "\n".join(str(f) for f in gongwen.check(content))


# --- the checker, negative cases first ---------------------------------------------------------


BROKEN = {
    "margins": ("word/document.xml", lambda x: x.replace('w:top="2098"', 'w:top="1440"'), "上边距（天头）应为 37 毫米"),
    "letter paper": ("word/document.xml", lambda x: x.replace('w:w="11906" w:h="16838"', 'w:w="12240" w:h="15840"'),
                     "纸张应为 A4"),
    "no grid": ("word/document.xml", lambda x: re.sub(r"<w:docGrid[^>]*/>", "", x), "没有文档网格"),
    "24 lines": ("word/document.xml", lambda x: x.replace('w:linePitch="579"', 'w:linePitch="531"'), "每页应为 22 行"),
    "27 characters": ("word/document.xml", lambda x: x.replace('w:charSpace="-842"', 'w:charSpace="0"'),
                      "每行应为 28 字"),
    "body in 宋体": ("word/styles.xml", lambda x: x.replace(
        'w:eastAsia="仿宋_GB2312" w:cs="Times New Roman" w:hint="eastAsia"/><w:color w:val="000000"/><w:sz w:val="32"/>'
        '<w:szCs w:val="32"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Title"',
        'w:eastAsia="仿宋_GB2312" w:cs="Times New Roman" w:hint="eastAsia"/><w:color w:val="000000"/><w:sz w:val="28"/>'
        '<w:szCs w:val="28"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Title"'), "正文应为 16 磅 仿宋_GB2312"),
    "run without East Asian font": ("word/document.xml",
                                    lambda x: x.replace(' w:eastAsia="仿宋_GB2312"', "", 5), "没有指定中文字体"),
    "heading in 宋体": ("word/document.xml", lambda x: x.replace('w:eastAsia="黑体"', 'w:eastAsia="宋体"', 1),
                       "一级标题（一、）应为 16 磅 黑体"),
    "title not centred": ("word/styles.xml", lambda x: x.replace(
        '<w:jc w:val="center"/></w:pPr><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" '
        'w:eastAsia="方正小标宋简体"', '<w:jc w:val="both"/></w:pPr><w:rPr><w:rFonts w:ascii="Times New Roman" '
        'w:hAnsi="Times New Roman" w:eastAsia="方正小标宋简体"'), "标题应居中"),
    "no indent": ("word/styles.xml", lambda x: x.replace('w:firstLineChars="200" w:firstLine="640"',
                                                         'w:firstLineChars="0" w:firstLine="0"', 1), "首行应缩进两个字"),
    "red text": ("word/document.xml", lambda x: x.replace("<w:t>一、总体情况", '<w:t>一、总体情况', 1).replace(
        '<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="黑体"',
        '<w:color w:val="FF0000"/><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="黑体"', 1),
        "文字应为黑色"),
    "no odd/even pages": ("word/settings.xml", lambda x: x.replace("<w:evenAndOddHeaders/>", ""), "奇偶页不同"),
    "no page field": ("word/footer1.xml", lambda x: x.replace(" PAGE ", " DATE "), "没有页码域"),
    "page number left on odd pages": ("word/footer1.xml", lambda x: x.replace('w:val="right"', 'w:val="left"'),
                                      "单页（奇数页）页码应居右"),
    "no 图题": ("word/document.xml", lambda x: x.replace("<w:t>图1 ", "<w:t>见上图：", 1), "图片下方应有图题"),
    "no 资料来源": ("word/document.xml", lambda x: x.replace("<w:t>资料来源：", "<w:t>来源：", 1), "应有“资料来源"),
    "picture too wide": ("word/document.xml", lambda x: re.sub(r'<wp:extent cx="\d+"', '<wp:extent cx="7000000"', x,
                                                                count=1), "超出版心"),
    "no 表题": ("word/document.xml", lambda x: x.replace("<w:t>表1 ", "<w:t>如下：", 1), "表格上方应有表题"),
}


@pytest.mark.parametrize("name", list(BROKEN))
def test_the_check_fails_on_a_broken_document(default_docx, name):
    part, change, expected = BROKEN[name]
    broken = rewrite(default_docx, part, change)
    assert expected in messages(broken), name


def test_the_check_refuses_what_is_not_a_word_file():
    with pytest.raises(ValueError, match="不是 Word 文档"):
        gongwen.check(b"PK not really")


def test_python_docx_font_name_alone_fails_the_check(default_docx):
    """python-docx #154: font.name sets only the Latin slots — the check catches such a run."""
    document = open_docx(io.BytesIO(default_docx))
    run = document.add_paragraph(style="Normal").add_run("新增的一段文字")
    run.font.name = "仿宋_GB2312"
    out = io.BytesIO()
    document.save(out)
    assert "有 1 段文字没有指定中文字体" in messages(out.getvalue())


# --- the produced documents pass -----------------------------------------------------------------


def test_default_docx_passes_the_format_check(default_docx):
    assert gongwen.check(default_docx) == []


FIXTURES = {
    "mini": (d.MINI, None),
    "another org with targets, 2018–2026": (d.targets_dataset(), "白马镇政协联络组"),
    "first org of that dataset": (d.targets_dataset(), "青川县政协"),
    "no rates, one pillar": (d.nearly_empty_dataset(), None),
    "hostile text": (d.hostile_dataset(), None),
}


@pytest.mark.parametrize("name", list(FIXTURES))
def test_fixture_datasets_pass_the_format_check(tmp_path, name):
    tables, org = FIXTURES[name]
    content = docx_of(tmp_path, tables, org)
    assert gongwen.check(content) == [], name
    text = paragraphs(content)
    assert text[0].endswith("工作情况汇报") and "一、总体情况" in text and "三、数据说明" in text


def test_geometry_comes_from_the_template(default_docx):
    section = open_docx(io.BytesIO(default_docx)).sections[0]
    assert (section.page_width.mm, section.page_height.mm) == (pytest.approx(210, abs=0.1), pytest.approx(297, abs=0.1))
    assert section.top_margin.mm == pytest.approx(37, abs=0.1) and section.left_margin.mm == pytest.approx(28, abs=0.1)
    assert Length(section.page_width - section.left_margin - section.right_margin).mm == pytest.approx(156, abs=0.1)
    assert Length(section.page_height - section.top_margin - section.bottom_margin).mm == pytest.approx(225, abs=0.1)
    with zipfile.ZipFile(io.BytesIO(default_docx)) as package:
        xml = package.read("word/document.xml").decode()
        assert '<w:docGrid w:type="linesAndChars" w:linePitch="579" w:charSpace="-842"/>' in xml
        assert "<w:evenAndOddHeaders/>" in package.read("word/settings.xml").decode()
        runs = re.findall(r"<w:r>.*?</w:r>|<w:r .*?</w:r>", xml)
        assert runs and all("w:eastAsia=" in r for r in runs if "<w:t" in r)


# --- content, as staff write it ------------------------------------------------------------------


def test_default_docx_reads_like_a_report(default_docx):
    text = paragraphs(default_docx)
    assert text[0] == "犍为县政协工作情况汇报" and text[1] == "（2026年11月26日）"
    assert text[2] == "现将犍为县政协工作有关情况汇报如下。"  # the sources are named in 三、数据说明
    headings = [t for t in text if re.match(r"^[一二三]、|^（[一二三四]）", t)]
    assert headings == ["一、总体情况", "二、主要工作成效", "（一）主题读书", "（二）建言献策", "（三）古韵协商",
                        "（四）四进四助", "三、数据说明"]
    overall = text[text.index("一、总体情况") + 1]
    assert overall == "2024年，犍为县政协委员参与率、成果转化率、群众认可率分别为92%、91%、93%，较2020年分别提高72、73、71个百分点。"
    reading = text[text.index("（一）主题读书") + 1]
    assert "换届以来收集委员“金点子”410余条，其中260余条被转化为发展举措（约占63%）" in reading  # 余 kept, 约 derived
    assert "图1 委员参与率、成果转化率、群众认可率变化趋势" in text
    sources = [t for t in text if t.startswith("资料来源：")]
    figures = [t for t in text if re.match(r"^图\d+ ", t)]
    assert len(sources) == len(figures) >= 5
    notes = text[text.index("三、数据说明") + 1 :]
    assert any("2025年3月19日发布" in t for t in notes)
    assert "2021–2023年无公开数据，本材料不作推算，图中相应年份以虚线连接。" in notes
    assert any("260余条 ÷ 收集委员“金点子” 410余条 ≈ 63%" in t for t in notes)
    assert not any("看板" in t for t in text)  # who made it is in the file's properties, not the body


def test_tables_are_three_line_tables(default_docx):
    document = open_docx(io.BytesIO(default_docx))
    tables = document.tables
    assert len(tables) == 6  # 主要指标, four pillars, 数据来源
    assert [c.text for c in tables[1].rows[0].cells] == ["指标", "数值", "期间", "变化或占比"]
    assert [c.text for c in tables[1].rows[3].cells] == ["“金点子”转化为发展举措", "260余条", "换届以来", "约占63%"]
    assert all(t.style.name == "三线表" for t in tables)
    xml = document.styles["三线表"].element.xml
    assert 'w:top w:val="single" w:sz="12"' in xml and 'w:bottom w:val="single" w:sz="12"' in xml
    assert 'w:insideV w:val="nil"' in xml


def test_no_rates_and_one_pillar(tmp_path):
    text = paragraphs(docx_of(tmp_path, d.nearly_empty_dataset()))
    overall = text[text.index("一、总体情况") + 1]
    assert overall == "联系群众方面，2024年走访群众36人次。"  # the figures, not a data inventory
    assert "（一）联系群众" in text and "（二）" not in "".join(text)
    assert not any(t.startswith("图") for t in text)  # nothing to draw: no empty picture


def test_another_org_with_targets_says_targets_and_gaps(tmp_path):
    text = "\n".join(paragraphs(docx_of(tmp_path, d.targets_dataset(), "白马镇政协联络组")))
    assert "白马镇政协联络组工作情况汇报" in text
    assert "2023年协商议事室覆盖率为78%，目标80%，完成率98%。" in text
    assert "2021年、2024–2025年无公开数据" in text or "缺" in text  # gaps named, never filled
    assert "满意程度分别为83%" in text or "满意程度达83%" in text  # 白马镇's 2026 figure (青川县's is 88%)
    assert "88%" not in text


# --- an office's own template --------------------------------------------------------------------


def office_template(tmp_path) -> bytes:
    """Our template with a red 红头 line, a {{正文}} marker, 30 mm margins and only its page styles."""
    document = open_docx(str(word.TEMPLATE))
    red = document.add_paragraph(style="Normal")
    red.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = red.add_run("犍为县政协办公室")
    run.font.color.rgb, run.font.size = RGBColor(0xFF, 0, 0), Pt(26)
    document.add_paragraph(word.MARKER)
    document.add_paragraph("（此件公开发布）")
    document.sections[0].top_margin = Mm(30)
    for name in ("图题", "资料来源"):
        document.styles.element.remove(document.styles[name].element)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_an_office_template_in_the_data_folder_is_used_and_checked(tmp_path):
    tables = dict(d.MINI)
    folder = d.write(tmp_path / "data", tables)
    (folder / word.OFFICE_TEMPLATE).write_bytes(office_template(tmp_path))
    dataset = load.load_dataset(folder)
    request = ExportRequest(dataset, "示例区政协", exported_on=EXPORTED_ON, data_dir=folder)
    assert request.word_template() == folder / word.OFFICE_TEMPLATE
    (content,) = build("docx", request).values()
    text = paragraphs(content)
    assert text[0] == "犍为县政协办公室" and text[1] == "示例区政协工作情况汇报"  # 红头 first, then ours
    assert text[-1] == "（此件公开发布）" and word.MARKER not in text  # content went where the marker was
    found = messages(content)
    assert "上边距（天头）应为 37 毫米" in found  # the office's departure is named
    assert "文字应为黑色" not in found  # a red 红头 above the title is the office's, not a departure
    styles = {s.name for s in open_docx(io.BytesIO(content)).styles}
    assert {"图题", "资料来源"} <= styles  # missing styles taken from ours


def test_a_broken_office_template_says_what_to_do(tmp_path):
    folder = d.write(tmp_path / "data", d.MINI)
    (folder / word.OFFICE_TEMPLATE).write_bytes(b"not a word file")
    request = ExportRequest(load.load_dataset(folder), "示例区政协", exported_on=EXPORTED_ON, data_dir=folder)
    with pytest.raises(word.TemplateError, match="另存为 .docx"):
        build("docx", request)


def test_cli_exports_docx_and_prints_the_check(tmp_path):
    folder = d.write(tmp_path / "data", d.targets_dataset())
    out = tmp_path / "汇报.docx"
    result = subprocess.run([sys.executable, "-m", "tongxin", "export", "--data", str(folder), "--format", "docx",
                             "--out", str(out), "--org", "白马镇政协联络组"], capture_output=True, text=True, cwd=d.PROJECT)
    assert result.returncode == 0, result.stderr
    assert gongwen.check(out.read_bytes()) == []
    assert "公文格式检查：Word 汇报材料通过" in result.stdout


# --- rendered by LibreOffice: nothing leaves the type area ----------------------------------------


@pytest.mark.skipif(not __import__("shutil").which("soffice"), reason="LibreOffice (make setup-dev) not installed")
def test_rendered_pages_keep_text_inside_the_type_area(default_docx, tmp_path):
    from tests.export import render

    source = tmp_path / "汇报.docx"
    source.write_bytes(default_docx)
    pdf = render.to_pdf(source, tmp_path / "out")
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = re.findall(r"<page (.*?)</page>", html, re.S)
    assert len(pages) >= 8
    mm = 72 / 25.4
    left, right, top, bottom = 28 * mm, (28 + 156) * mm, 37 * mm, (37 + 225) * mm
    for n, page in enumerate(pages, start=1):
        for x0, y0, x1, y1, word_text in re.findall(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', page):
            x0, y0, x1, y1 = map(float, (x0, y0, x1, y1))
            # Chinese punctuation may hang past the line's end by one character (标点溢出边界, as in Word).
            hang = 17 if word_text[-1] in "，。、；：”）》" else 2
            assert left - 2 <= x0 and x1 <= right + hang, (n, word_text)
            if y0 > bottom:  # only the page number lives below the type area
                assert re.fullmatch(r"—|\d+", word_text), (n, word_text)
                assert (x1 > (left + right) / 2) == (n % 2 == 1), (n, "odd pages right, even pages left")
            else:
                assert y0 >= top - 2, (n, word_text)


# --- the file's properties -------------------------------------------------------------------------


def _parts(content: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        return {n: package.read(n).decode("utf-8") for n in ("docProps/core.xml", "docProps/app.xml",
                                                             "word/settings.xml")}


@pytest.mark.parametrize("which", ["export", "template"])
def test_properties_say_who_made_it_and_when(default_docx, which):
    """Not python-docx's 2013 template by "Microsoft Macintosh Word" with a Japanese theme language."""
    parts = _parts(default_docx if which == "export" else word.TEMPLATE.read_bytes())
    core, app, settings = parts["docProps/core.xml"], parts["docProps/app.xml"], parts["word/settings.xml"]
    assert "<Application>同心共建质效看板</Application>" in app and "Macintosh" not in app
    assert 'w:eastAsia="zh-CN"' in settings and "ja-JP" not in settings
    assert "<cp:lastModifiedBy>同心共建质效看板</cp:lastModifiedBy>" in core and "2013-" not in core
    if which == "export":
        created = re.search(r"<dcterms:created[^>]*>([^<]+)<", core)[1]
        assert created.startswith(EXPORTED_ON) and re.search(r"<dcterms:modified[^>]*>" + EXPORTED_ON, core)
        assert f"<dc:creator>{ORG}</dc:creator>" in core and "<dc:title>犍为县政协工作情况汇报</dc:title>" in core
        assert "由同心共建质效看板于2026年11月26日生成" in core


def test_properties_of_an_export_today_are_now(tmp_path):
    import datetime as dt

    from tongxin import document

    today = dt.date.today().isoformat()
    dataset = load.load_dataset(d.write(tmp_path / "m"))
    made = word.docx(document.build(dataset, "示例区政协", [], {}, today))
    created = re.search(r"<dcterms:created[^>]*>([^<]+)<", _parts(made)["docProps/core.xml"])[1]
    stamp = dt.datetime.fromisoformat(created.rstrip("Z")).replace(tzinfo=dt.UTC)
    assert abs((dt.datetime.now(dt.UTC) - stamp).total_seconds()) < 120
