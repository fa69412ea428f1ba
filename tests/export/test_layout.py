"""Nothing leaves the page: a picture taller than the type area is scaled into it (Word and the A4 PDF),
the 公文 check fails a document whose picture is too tall, the PDF's cards keep 较2020年 on one line under
their 表题, and a deck title that wraps pushes its subtitle down instead of covering it."""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import pytest
from docx import Document as open_docx
from PIL import Image
from pypdf import PdfReader

from tests import datasets as d
from tests.export.conftest import EXPORTED_ON
from tests.export.test_word import rewrite
from tongxin import document, load
from tongxin.document import Figure, Paragraph, Section
from tongxin.export import ExportRequest, build, deck, gongwen, report, word

MM = 36000  # EMU
ORG = "犍为县政协"


def png(width: int, height: int) -> bytes:
    image = Image.new("RGB", (width, height), "white")
    for y in range(0, height, 40):  # bars, so a cropped picture would be visible
        image.paste((0, 114, 178), (20, y, width - 20, y + 20))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def one_figure(image: bytes, caption: str = "图1 四进四助：同单位数字比较") -> document.Document:
    section = Section("一、总体情况", 1, [Paragraph("2024年，某县政协各项工作有序推进。"),
                                        Figure("by_unit:x", caption, "截至2024年", "资料来源：某县政协《年度统计》（2025-01-01）",
                                               image)])
    return document.Document("某县政协工作情况汇报", "某县政协", "2026年11月26日", EXPORTED_ON,
                             [Paragraph("现将某县政协工作有关情况汇报如下。")], [section], "某县政协《年度统计》")


def extents(content: bytes) -> list[tuple[float, float]]:
    xml = open_docx(io.BytesIO(content)).element.xml
    return [(int(cx) / MM, int(cy) / MM) for cx, cy in re.findall(r'<wp:extent cx="(\d+)" cy="(\d+)"', xml)]


# --- Word ------------------------------------------------------------------------------------------


def test_a_tall_picture_is_scaled_into_the_type_area():
    """The tester's G22: a chart 156 × 243 mm at the type area's width ran into the footer."""
    notes: list[str] = []
    content = word.docx(one_figure(png(1000, 1560)), notes=notes)
    ((width, height),) = extents(content)
    assert height <= 225 - 4 * 579 / 1440 * 25.4 + 0.5  # room left for 图题 and 资料来源 on the page
    assert width == pytest.approx(height * 1000 / 1560, rel=0.01)  # in proportion, not squeezed
    assert gongwen.check(content) == []
    assert len(notes) == 1 and "“图1 四进四助：同单位数字比较”按版心宽度排会超出页面高度" in notes[0]


def test_a_wide_picture_takes_the_type_area_width():
    notes: list[str] = []
    ((width, height),) = extents(word.docx(one_figure(png(1600, 900)), notes=notes))
    assert width == pytest.approx(156, abs=0.1) and height == pytest.approx(156 * 900 / 1600, abs=0.1)
    assert notes == []


def test_the_check_fails_a_picture_taller_than_the_type_area():
    content = word.docx(one_figure(png(1600, 900)))
    tall = rewrite(content, "word/document.xml",
                   lambda x: re.sub(r'<wp:extent cx="(\d+)" cy="\d+"', lambda m: f'<wp:extent cx="{m[1]}" '
                                    f'cy="{243 * MM}"', x))
    assert "图片高 243 毫米，超出版心高度（225 毫米）" in "\n".join(str(f) for f in gongwen.check(tall))
    small = rewrite(content, "word/document.xml",
                    lambda x: re.sub(r'<wp:extent cx="\d+" cy="\d+"', f'<wp:extent cx="{80 * MM}" cy="{45 * MM}"', x))
    assert "应与版心同宽" in "\n".join(str(f) for f in gongwen.check(small))  # could have been full width


def test_a_real_tall_chart_fits(tmp_path):
    """22 figures in six units in one 板块 (the tester's G22): every picture inside the type area."""
    units = ["场", "件", "人次", "万元", "条", "个"]
    indicators = "".join(f"c{n},第{n}项工作,四进四助,{units[(n - 1) % 6]},{'amount' if units[(n - 1) % 6] == '万元' else 'count'},"
                         ",true,,\n" for n in range(1, 23))
    observations = "".join(f"某县政协,c{n},,2024,,{7 * n},,actual,s1,\n" for n in range(1, 23))
    folder = d.write(tmp_path / "g22", {"indicators.csv": f"{d.INDICATORS_HEADER}\n{indicators}",
                                        "observations.csv": f"{d.OBSERVATIONS_HEADER}\n{observations}",
                                        "sources.csv": f"{d.SOURCES_HEADER}\ns1,年度统计,某县政协,2025-01-01,,\n"})
    request = ExportRequest(load.load_dataset(folder), "某县政协", exported_on=EXPORTED_ON, data_dir=folder)
    (content,) = build("docx", request).values()
    sizes = extents(content)
    assert sizes and all(w <= 156.1 and h <= 225 for w, h in sizes)
    assert gongwen.check(content) == [] and request.word_check == ("公文模板.docx", [])


# --- the A4 PDF ------------------------------------------------------------------------------------


def picture_boxes(html: str):
    """(page, image box, the page's content bottom and right) of every picture WeasyPrint lays out."""
    from weasyprint import HTML

    rendered = HTML(string=html).render()
    for number, page in enumerate(rendered.pages, start=1):
        box = page._page_box
        bottom = box.margin_height() - box.margin_bottom
        right = box.margin_width() - box.margin_right
        stack = [box]
        while stack:
            current = stack.pop()
            stack += list(getattr(current, "children", []))
            if getattr(current, "element_tag", "") == "img":
                yield number, current, bottom, right


def test_pdf_pictures_stay_on_their_page():
    """WeasyPrint cropped a tall picture at the page's edge; now it is scaled to fit with its captions."""
    for image in (png(1000, 1560), png(1000, 3300), png(1600, 900)):
        boxes = list(picture_boxes(report.html_page(one_figure(image))))
        assert boxes
        for _, box, bottom, right in boxes:
            assert box.content_box_y() + box.height <= bottom + 0.5
            assert box.content_box_x() + box.width <= right + 0.5


def test_pdf_cards_keep_the_year_whole_under_their_caption(pack_files):
    content = pack_files[1][f"{ORG}_报告_20261126.pdf"]
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert "（较2020年）" in text and not re.search(r"较2020\s*\n\s*年", text)
    model = ExportRequest(load.load_dataset(d.DEFAULT_DATA), ORG, chart_ids=["rates"], exported_on=EXPORTED_ON)
    html = report.html_page(model.document())
    assert re.search(r"<p class='table-caption'>表1 主要指标</p><div class='cards'>", html)  # the 表题 above
    assert "<span class='nobr'>（较2020年）</span>" in html


# --- the deck --------------------------------------------------------------------------------------

LONG = "图2 委员参与率、成果转化率、群众认可率、建议采纳率、提案办理满意率：2020年与2024年对比（按板块）"


def test_a_long_slide_title_wraps_and_moves_its_subtitle_down():
    slide = deck.plan(one_figure(png(1600, 900), caption=LONG))[2]
    by_name = {s.name: s for s in slide if isinstance(s, deck.Text)}
    title, note = by_name["标题"], by_name["副标题"]
    size, lines = deck.title_fit(LONG)
    assert lines == 2 and title.size == size
    assert note.box.y >= title.box.y + lines * size * 1.2 / 72  # below the second line
    picture = next(s for s in slide if isinstance(s, deck.Picture))
    assert picture.box.y >= note.box.y + note.box.h - 0.01 and picture.box.y + picture.box.h <= deck.FOOT_Y


@pytest.mark.parametrize("count", [11, 12, 25])
def test_a_tables_note_stands_between_its_last_rows_and_the_foot(count):
    """t13: the 表注 under an 11-org ranking (名次变化只比较…) stood on the 资料来源 line; it goes once, under the
    table's last rows, above the foot."""
    rows = tuple((str(k), f"单位{k}", "90%", "持平") for k in range(1, count + 1))
    table = document.Table("表1 委员参与率排名", ("排名", "单位名称", "数值", "名次变化"), rows, (1, 3, 1, 1),
                           note="名次变化只比较2023年和2024年都有数字的9个县；2024年有数字的11个，2023年9个。")
    model = document.Document("某市政协工作情况对比", "某市政协", "2026年11月30日", EXPORTED_ON, [],
                              [Section("二、各项指标对比", 1, [table])], "某市政协《年度统计》")
    slides = [s for s in deck.plan(model) if any(isinstance(x, deck.Grid) for x in s)]
    notes = [[x for x in s if isinstance(x, deck.Text) and x.name == "表注"] for s in slides]
    assert [len(n) for n in notes] == [0] * (len(slides) - 1) + [1]
    grid = next(x for x in slides[-1] if isinstance(x, deck.Grid))
    [note] = notes[-1]
    assert note.box.y >= grid.box.y + grid.box.h and note.box.y + note.box.h <= deck.FOOT_Y + 1e-9


def test_default_slide_titles_fit_one_line(default_dataset):
    model = ExportRequest(default_dataset, ORG, exported_on=EXPORTED_ON, chart_ids=[]).document()
    captions = [f.caption for f in model.blocks(Figure)] + [
        "图2 委员参与率、成果转化率、群众认可率：2020年与2024年对比"]  # the tester's slide 4
    for caption in captions:
        size, lines = deck.title_fit(caption)
        assert lines == 1 and deck.text_width(caption, size) <= deck.TITLE_W - deck.TEXT_INSETS


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (make setup-dev) not installed")
def test_titles_do_not_cover_subtitles_in_libreoffice(tmp_path):
    from tests.export import render

    short = "图2 委员参与率、成果转化率、群众认可率：2020年与2024年对比"
    model = one_figure(png(1600, 900), caption=LONG)
    model.sections[0].blocks.append(Figure("x", short, "2020–2024年；空心圆为2020年", "资料来源：某县政协",
                                           png(1600, 900)))
    source = tmp_path / "deck.pptx"
    source.write_bytes(deck.pptx(model))
    pdf = render.to_pdf(source, tmp_path / "out")
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = re.findall(r"<page (.*?)</page>", html, re.S)
    for page, caption, note in ((pages[2], LONG, "截至2024年"), (pages[3], short, "2020–2024年；空心圆为2020年")):
        words = [(float(y0), float(y1), w) for y0, y1, w in re.findall(
            r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(.*?)</word>', page)]
        title = [y1 for y0, y1, w in words if w in caption and w not in note and y0 < 120]
        subtitle = [y0 for y0, y1, w in words if w in note and w not in caption]
        assert title and subtitle and max(title) <= min(subtitle) + 1, (caption, max(title), min(subtitle))


def test_long_card_labels_wrap_above_their_value(tmp_path):
    """An org's long indicator names (the tester's D) wrapped into the card's value; now the label takes
    the lines it needs and the value and change move down."""
    long_name = "全体政协委员参与“有事好商量”基层协商议事活动的参与率"
    cards = document.KeyFigures("表1 主要指标", tuple(
        document.KeyFigure(name, "97.25%", "2024年", "+41.8个百分点（较2021年）", "", "good", True, "某县政协")
        for name in (long_name, "政协委员提出的意见建议被党委政府采纳并转化为具体政策举措的转化率")))
    shapes = deck._cards(cards, 1.35)
    assert shapes[0].name == "表题" and shapes[0].box.y == 1.35  # the caption above the cards
    by_card = [shapes[1 + 4 * i: 5 + 4 * i] for i in range(2)]
    for bar, label, value, change in by_card:
        lines = deck.lines_at(label.paragraphs[0], label.size, label.box.w)
        assert lines <= 2 and label.box.h >= lines * label.size * 1.2 / 72
        assert label.box.y + label.box.h <= value.box.y + 0.01 and value.box.y + 0.7 <= change.box.y
        assert deck.lines_at(change.paragraphs[0], change.size, change.box.w) * change.size * 1.2 / 72 <= change.box.h
        assert change.box.y + change.box.h <= bar.box.y + bar.box.h


def test_pdf_table_captions_stay_with_their_tables():
    """A 表题 at the foot of a page with its table on the next (the tester's D) — kept together now."""
    from weasyprint import HTML

    rows = tuple((f"第{n}项工作", f"{n}个", "2024年", "—") for n in range(1, 6))
    for height in range(700, 1300, 50):  # pictures of every height push the 表题 to every place on the page
        model = one_figure(png(1000, height))
        model.sections[0].blocks.append(document.Table("表2 四进四助主要数字", ("指标", "数值", "期间", "变化或占比"),
                                                       rows, (0.34, 0.18, 0.22, 0.26), "委员参与率见表1。"))
        pages = {}
        for number, page in enumerate(HTML(string=report.html_page(model)).render().pages, start=1):
            stack = [page._page_box]
            while stack:
                box = stack.pop()
                stack += list(getattr(box, "children", []))
                classes = (box.element.get("class") or "") if getattr(box, "element", None) is not None else ""
                if getattr(box, "element_tag", "") == "table":
                    pages.setdefault("table", set()).add(number)
                elif "table-caption" in classes:
                    pages.setdefault("caption", set()).add(number)
        assert pages["caption"] <= pages["table"], height
