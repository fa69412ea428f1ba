"""Exports, decoded: the deck's slides, the PDF's fonts and text, image sizes, XLSX cells, CSV bytes."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import threading
import zipfile
from xml.etree import ElementTree

import pytest
from PIL import Image
from pptx import Presentation

from tests import datasets as d
from tests.export.conftest import EXPORTED_ON, HOSTILE_NOTES, hostile_tables
from tongxin import charts, document, load, theme
from tongxin.charts import Spec
from tongxin.export import EXPORTERS, ExportRequest, build, deck, file_name, images, sheets

ORG = "犍为县政协"
SOURCE = "犍为县政协《坚持“四高”导向 增强同心共建质效——犍为县政协扎实推进专项工作》"


def test_pack_holds_deck_report_word_workbook_and_every_figure(pack_files, default_dataset):
    name, files = pack_files
    assert name == "犍为县政协_会议材料包_20261126.zip"
    every = charts.catalog(default_dataset, ORG)
    assert f"{ORG}_会议材料_20261126.pptx" in files and f"{ORG}_报告_20261126.pdf" in files
    assert f"{ORG}_汇报材料_20261126.docx" in files
    assert f"{ORG}_数据_20261126.xlsx" in files and f"{ORG}_三率趋势_20261126.png" in files
    assert len([n for n in files if n.endswith(".png")]) == len(every)


def test_deck_slides(pack_files, default_dataset):
    deck = Presentation(io.BytesIO(pack_files[1][f"{ORG}_会议材料_20261126.pptx"]))
    assert (deck.slide_width, deck.slide_height) == (12192000, 6858000)  # 16:9
    slides = list(deck.slides)
    pictures = document.document_charts(charts.catalog(default_dataset, ORG))
    texts = [{s.name: s.text_frame.text for s in slide.shapes if s.has_text_frame} for slide in slides]
    assert texts[0]["标题"] == "犍为县政协工作情况汇报" and texts[0]["日期"] == "2026年11月26日"
    assert texts[1]["标题"] == "一、总体情况"
    summary = " ".join(s.text_frame.text for s in slides[1].shapes if s.has_text_frame)
    assert "92%" in summary and "+72个百分点（较2020年）" in summary and "分别提高72、73、71个百分点" in summary
    figure_slides = [(slide, t) for slide, t in zip(slides, texts) if re.match(r"^图\d+ ", t["标题"])]
    assert [t["标题"] for _, t in figure_slides] == [f"图{n} {c.title}" for n, c in enumerate(pictures, start=1)]
    for slide, by_name in figure_slides:
        assert len([s for s in slide.shapes if s.shape_type == 13]) == 1
        assert by_name["说明"].startswith("资料来源：" + SOURCE) and "导出时间：2026-11-26" in by_name["说明"]
    tables = [slide for slide in slides if any(s.has_table for s in slide.shapes)]
    assert len(tables) >= 6  # 主要 figures of four pillars (四进四助 over two slides) and the sources
    last = next(s for s in slides[-1].shapes if s.has_table).table
    assert last.cell(1, 0).text.startswith("坚持“四高”导向") and last.cell(1, 3).text == "45"


def test_deck_cards_are_coloured_by_higher_is_better(tmp_path):
    """A falling count of platforms is good news when fewer is better: the card is green, not red."""
    tables = dict(d.MINI)
    tables["indicators.csv"] = tables["indicators.csv"].replace("join_rate,委员参与率,协商议事,%,rate,,true,1,",
                                                                "join_rate,委员缺席率,协商议事,%,rate,,false,1,")
    dataset = load.load_dataset(d.write(tmp_path / "data", tables))
    (card,) = [k for k in [document.key_figure(dataset, "示例区政协", dataset.indicator("join_rate"))]]
    assert card.change == "+35个百分点（较2019年）" and card.tone == "bad" and theme.tone_colour(card.tone) == theme.NEGATIVE
    good = document.key_figure(dataset, "示例区政协", dataset.indicator("adopt_rate"))
    assert good.tone == "good" and theme.tone_colour(good.tone) == theme.POSITIVE


def test_preview_is_drawn_from_the_same_plan_as_the_pptx(pack_files, default_dataset):
    request = ExportRequest(default_dataset, ORG, chart_ids=["rates"], exported_on=EXPORTED_ON)
    content = request.document()
    plan = deck.plan(content)
    slide = Presentation(io.BytesIO(deck.pptx(content))).slides[0]
    boxes = [(round(s.left / 914400, 2), round(s.top / 914400, 2)) for s in slide.shapes]
    assert boxes == [(round(s.box.x, 2), round(s.box.y, 2)) for s in plan[0]]
    pngs = deck.preview(content, count=2)
    assert len(pngs) == 2 and all(Image.open(io.BytesIO(p)).size == (960, 540) for p in pngs)


def test_deck_text_uses_an_east_asian_font(pack_files):
    with zipfile.ZipFile(io.BytesIO(pack_files[1][f"{ORG}_会议材料_20261126.pptx"])) as pptx:
        xml = pptx.read("ppt/slides/slide1.xml").decode()
    assert f'<a:ea typeface="{theme.DECK_FONT}"/>' in xml


def test_report_pdf_embeds_a_cjk_font_and_has_real_text(pack_files, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(pack_files[1][f"{ORG}_报告_20261126.pdf"])
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    cjk = [line for line in fonts.splitlines() if "CJK" in line]
    assert cjk and all(" yes " in line.split("Identity-H", 1)[1] for line in cjk)  # embedded
    from pypdf import PdfReader

    reader = PdfReader(path)
    assert len(reader.pages) >= 5
    assert reader.pages[0].mediabox.width == pytest.approx(595.3, abs=1)  # A4 portrait, points
    text = "".join(page.extract_text() for page in reader.pages)
    for name in ("委员参与率", "成果转化率", "群众认可率", "资料来源", "410余条", "三、数据说明"):
        assert name in text


def test_figure_pngs_carry_caption_and_match_the_preset(default_dataset):
    two = charts.catalog(default_dataset, ORG)[:2]
    for size in theme.SIZES.values():
        for content in images.render(two, "png", size.id, EXPORTED_ON):
            with Image.open(io.BytesIO(content)) as image:
                assert image.size == size.pixels, size.id


def test_svg_and_pdf_of_one_chart(default_dataset):
    chart = charts.build(default_dataset, Spec("rates", ORG))
    svg, pdf = images.render([chart], "svg", "a4", EXPORTED_ON)[0], images.render([chart], "pdf", "a4", EXPORTED_ON)[0]
    root = ElementTree.fromstring(svg)
    text = "".join(root.itertext())
    assert "委员参与率" in text and "数据来源" in text and "导出时间：2026-11-26" in text
    assert pdf.startswith(b"%PDF")


def test_parallel_batches_get_their_own_images(default_dataset):
    """Two sessions exporting at once must not receive each other's images."""
    trend = charts.build(default_dataset, Spec("rates", ORG))
    tiles = charts.build(default_dataset, Spec("pillar", ORG, pillar="主题读书"))
    results = {}

    def run(key, chart):
        results[key] = images.render([chart] * 3, "svg", "a4", EXPORTED_ON)

    threads = [threading.Thread(target=run, args=("trend", trend)), threading.Thread(target=run, args=("tiles", tiles))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all("变化趋势" in s.decode() and "主要数字" not in s.decode() for s in results["trend"])
    assert all("主要数字" in s.decode() and "变化趋势" not in s.decode() for s in results["tiles"])


def sheet_xml(content: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(content)) as book:
        return {n: book.read(n).decode() for n in book.namelist() if n.startswith("xl/worksheets/sheet")} | {
            "shared": book.read("xl/sharedStrings.xml").decode() if "xl/sharedStrings.xml" in book.namelist() else ""}


def test_xlsx_neutralises_formulas_and_keeps_numbers(tmp_path):
    dataset = load.load_dataset(d.write(tmp_path / "hostile", hostile_tables()))
    content = sheets.workbook(dataset, "示例区政协", charts.catalog(dataset, "示例区政协"), EXPORTED_ON)
    xml = sheet_xml(content)
    for name, body in xml.items():
        assert "<f>" not in body and "<f " not in body, name  # no formula cell anywhere
    from html import escape

    for note in HOSTILE_NOTES:
        assert escape("'" + note, quote=False) in xml["shared"] or escape("'" + note) in xml["shared"]
    # numbers stay numbers: the 数据 sheet's value cells are numeric (no t="s")
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(content))
    assert book.sheetnames[:4] == ["说明", "指标", "数据", "来源"]
    values = [row[5] for row in book["数据"].iter_rows(min_row=2, values_only=True)]
    assert all(isinstance(v, (int, float)) for v in values)


def test_neutralise_covers_every_formula_start_and_leaves_numbers():
    for text in ["=1", "+1", "-1", "@x", "\tx", "\rx"]:
        assert sheets.neutralise(text) == "'" + text
    assert sheets.neutralise(-5) == -5 and sheets.neutralise("正文") == "正文"


def test_xlsx_reimports_to_the_same_dataset(tmp_path):
    dataset = load.load_dataset(d.write(tmp_path / "hostile", hostile_tables()))
    content = sheets.workbook(dataset, None, [], EXPORTED_ON)
    again = load.read_files({"导出.xlsx": content})[0]
    assert again is not None
    assert again.observations == dataset.observations and again.indicators == dataset.indicators
    assert again.sources == dataset.sources


def test_csv_has_a_bom_and_neutralised_text(tmp_path):
    dataset = load.load_dataset(d.write(tmp_path / "hostile", hostile_tables()))
    files = build("csv", ExportRequest(dataset, "示例区政协", exported_on=EXPORTED_ON))
    (name, content), = files.items()
    assert name == "示例区政协_数字一览_20261126.csv"
    assert content.startswith(b"\xef\xbb\xbf")
    text = content.decode("utf-8-sig")
    assert "'=1+1" in text and "'@A1" in text and "'-2+3" in text and "'=HYPERLINK" in text
    assert not re.search(r'(^|,)"?[=+@]', text, re.MULTILINE)


def test_file_names_are_chinese_and_safe():
    assert file_name("犍为县政协", "三率趋势", "2026-11-26", "png") == "犍为县政协_三率趋势_20261126.png"
    assert file_name("a/b:c", "x*y", "2026-11-26", "zip") == "a_b_c_x_y_20261126.zip"


@pytest.mark.parametrize("fmt", list(EXPORTERS))
def test_cli_builds_every_format_for_another_org(tmp_path, fmt):
    folder = d.write(tmp_path / "data", d.targets_dataset())
    out = tmp_path / ("out" if fmt in ("png", "svg") else f"out.{EXPORTERS[fmt].extension}")
    result = subprocess.run(
        [sys.executable, "-m", "tongxin", "export", "--data", str(folder), "--format", fmt, "--out", str(out),
         "--org", "白马镇政协联络组"],
        capture_output=True, text=True, cwd=d.PROJECT,
    )
    assert result.returncode == 0, result.stderr
    if fmt in ("png", "svg"):
        made = list(out.iterdir())
        assert made and all(p.name.startswith("白马镇政协联络组_") for p in made)
    else:
        content = out.read_bytes()
        assert len(content) > 100
        if fmt == "csv":
            assert content.startswith(b"\xef\xbb\xbf") and "白马镇政协联络组" in content.decode("utf-8-sig")
        if fmt in ("zip", "pptx", "xlsx", "docx"):
            assert zipfile.is_zipfile(out)
        if fmt == "pdf":
            assert content.startswith(b"%PDF")
    assert "已导出" in result.stdout


def test_cli_refuses_bad_data(tmp_path):
    folder = d.write(tmp_path / "bad", observations=d.with_rows("observations", d.observation("topics", 2024, "九十")))
    result = subprocess.run([sys.executable, "-m", "tongxin", "export", "--data", str(folder), "--format", "xlsx",
                             "--out", str(tmp_path / "x.xlsx")], capture_output=True, text=True, cwd=d.PROJECT)
    assert result.returncode == 1 and "第9行" in result.stderr and not (tmp_path / "x.xlsx").exists()
