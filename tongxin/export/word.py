"""The Word 汇报材料: the content model (`tongxin.document`) filled into a 公文 template (GB/T 9704-2012).

The layout lives in the template, not here: `templates/公文模板.docx` holds the page, margins, document
grid (22 lines × 28 characters), the styles 标题 (Title), 标题日期, 正文 (Normal), 一级标题 … 四级标题, 图,
图题, 资料来源, 表题, 表头, 表格, the 三线表 table style and the page-number footers (made by
scripts/make_word_template.py; editable in Word or WPS). An office that puts its own template into the
data folder as `汇报模板.docx` gets the document in it — its 红头, its styles; styles it lacks are
taken from ours. A paragraph `{{正文}}` in a template marks where the content goes (else: at the end).

What is taken from an office's template: its content (the 红头 and anything above or around the marker),
its styles, its page set-up and its footers. What it lacks is completed from ours: a missing style, a
missing page size, margins or document grid, missing page numbers (no footer at all). What it has but
departs from GB/T 9704 is kept and reported by `gongwen.check`, once per style or setting.

Pictures are as wide as the type area, or — a chart taller than the page allows — scaled down to fit
the type area's height with room for its 图题 and 资料来源 (noted in `notes`), never cropped or
overflowing. Every run gets its fonts written out (w:rFonts with @w:eastAsia from its style):
python-docx's `font.name` sets only the Latin slots, so Chinese text would otherwise fall back to the
default font (python-docx issue #154). The file's properties say who made it and when (core and app
properties; East Asian theme language zh-CN). `gongwen.check` verifies the result.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
import zipfile
from pathlib import Path

from .. import display
from ..document import GENERATOR, Document, Figure, KeyFigures, Paragraph, Section, Table

TEMPLATE = Path(__file__).resolve().parent / "templates" / "公文模板.docx"
OFFICE_TEMPLATE = "汇报模板.docx"  # an office's own template, in its data folder
MARKER = "{{正文}}"

# Style names the renderer uses (w:name). Normal and Title are Word's built-in names: Chinese Word and
# WPS show them as 正文 and 标题.
STYLES = {
    "title": "Title",
    "date": "标题日期",
    "body": "Normal",
    1: "一级标题",
    2: "二级标题",
    3: "三级标题",
    4: "四级标题",
    "picture": "图",
    "figure_caption": "图题",
    "source": "资料来源",
    "table_caption": "表题",
    "table_head": "表头",
    "table_text": "表格",
    "table_note": "表注",
    "table": "三线表",
}

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
EMU_PER_MM = 36000
# Room a picture leaves on its page for its 图题 (one line) and 资料来源 (up to three): four grid lines.
CAPTION_LINES = 4


def template_for(data_dir: Path | None) -> Path:
    """The office's own template when its data folder has one (汇报模板.docx), else ours."""
    if data_dir is not None:
        own = Path(data_dir) / OFFICE_TEMPLATE
        if own.is_file():
            return own
    return TEMPLATE


class TemplateError(ValueError):
    """The template cannot be used (not a Word file, or its {{正文}} marker cannot take the content); the
    message is Chinese, names the file and says what to do."""


def docx(document: Document, template: Path | None = None, notes: list[str] | None = None) -> bytes:
    """The 汇报材料 as DOCX bytes. What a reader should know about the layout (a picture scaled down to fit
    the page, what was completed from the standard template) is appended to `notes`, in Chinese. Raises
    TemplateError when `template` is not a readable .docx or its marker cannot take the content."""
    from docx import Document as open_docx

    path = template or TEMPLATE
    try:
        word = open_docx(str(path))
    except Exception as error:  # python-docx raises several kinds for a file that is not a .docx
        raise TemplateError(f"Word 模板 {path.name} 无法打开，它不是可用的 Word 文档（.docx）：请用 Word 或 WPS "
                            "另存为 .docx 格式后再放入数据文件夹，或删除它以使用看板自带的模板。") from error
    notes = notes if notes is not None else []
    _complete_styles(word)
    notes += _complete_page(word, path.name)
    writer = _Writer(word, path.name)
    writer.document(document)
    writer.place()
    notes += writer.notes
    _properties(word, document)
    out = io.BytesIO()
    word.save(out)
    return _app_properties(out.getvalue())


def _properties(word, document: Document) -> None:
    """Core properties of this export (Word's 文件→信息): title, the org as author, made and saved now by
    the dashboard, what it was made from; the East Asian theme language Chinese (python-docx's own
    template says ja-JP, which makes Word pick Japanese theme fonts for text without a font of its own)."""
    now = _export_time(document.exported_on)
    properties = word.core_properties
    properties.title = document.title
    properties.author = document.org
    properties.last_modified_by = GENERATOR
    properties.created = properties.modified = now
    properties.revision = 1
    properties.subject = document.date
    properties.comments = f"{document.generator}；数据来源：{document.sources}"
    settings = word.settings.element
    lang = settings.find(f"{_W}themeFontLang")
    if lang is None:
        lang = settings.makeelement(f"{_W}themeFontLang", {})
        anchor = settings.find(f"{_W}clrSchemeMapping")
        if anchor is not None:
            anchor.addprevious(lang)
        else:
            settings.append(lang)
    lang.set(f"{_W}val", "en-US")
    lang.set(f"{_W}eastAsia", "zh-CN")


def _export_time(exported_on: str) -> dt.datetime:
    """Now (UTC, as the properties store it), on the day of the export; midnight of `exported_on` when a
    request names another day."""
    if dt.date.today().isoformat() == exported_on:
        return dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
    return dt.datetime.fromisoformat(exported_on)


def _complete_styles(word) -> None:
    """Styles the template lacks are copied from the shipped template (an office's own may have only
    its 红头 and page set-up)."""
    names = {s.name for s in word.styles}
    missing = [n for n in STYLES.values() if n not in names]
    if not missing:
        return
    from docx import Document as open_docx

    ours = open_docx(str(TEMPLATE))
    by_name = {s.name: s for s in ours.styles}
    root = word.styles.element
    for name in missing:
        root.append(copy.deepcopy(by_name[name].element))


def _app_properties(content: bytes) -> bytes:
    """docProps/app.xml names the dashboard as the application that wrote the file (not whatever program
    last saved the template)."""
    source = zipfile.ZipFile(io.BytesIO(content))
    if "docProps/app.xml" not in source.namelist():
        return content
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "docProps/app.xml":
                data = app_xml(data.decode("utf-8")).encode("utf-8")
            target.writestr(item, data)
    return out.getvalue()


def app_xml(xml: str) -> str:
    """app.xml with <Application> set to the dashboard (added when missing); its Template dropped."""
    xml = re.sub(r"<Template>.*?</Template>|<Template/>", "", xml, flags=re.S)
    if re.search(r"<Application>.*?</Application>|<Application/>", xml, flags=re.S):
        return re.sub(r"<Application>.*?</Application>|<Application/>", f"<Application>{GENERATOR}</Application>", xml,
                      flags=re.S)
    return xml.replace("</Properties>", f"<Application>{GENERATOR}</Application></Properties>")


def _complete_page(word, name: str) -> list[str]:
    """What the template's page set-up lacks, taken from ours: page size, margins, document grid, page
    numbers (footers with a PAGE field, odd and even). What it has stays, and the check reports it."""
    from docx import Document as open_docx

    body = word.element.body
    sect = body.find(f"{_W}sectPr")
    if sect is not None and all(sect.find(f"{_W}{t}") is not None for t in ("pgSz", "pgMar", "docGrid")) and any(
            ref.get(f"{_W}type") in ("default", "even") for ref in sect.findall(f"{_W}footerReference")):
        return []  # nothing lacking (our own template, or a complete one): no need to open ours
    ours = open_docx(str(TEMPLATE))
    our_sect = ours.sections[-1]._sectPr
    added = []
    if body.find(f"{_W}sectPr") is None:  # a package without any page set-up: ours, whole
        body.append(copy.deepcopy(our_sect))
        for ref in body.find(f"{_W}sectPr").findall(f"{_W}footerReference"):
            ref.getparent().remove(ref)  # their targets are parts of our package; made below
        added.append("页面")
    section = word.sections[-1]
    sect = section._sectPr
    for tag, what in (("pgSz", "纸张大小"), ("pgMar", "页边距"), ("docGrid", "文档网格")):
        if sect.find(f"{_W}{tag}") is None:
            element = copy.deepcopy(our_sect.find(f"{_W}{tag}"))
            following = {"pgSz": ("pgMar", "docGrid"), "pgMar": ("docGrid",), "docGrid": ()}[tag]
            anchor = next((sect.find(f"{_W}{t}") for t in following if sect.find(f"{_W}{t}") is not None), None)
            if anchor is not None:
                anchor.addprevious(element)
            else:
                sect.append(element)
            added.append(what)
    has_footer = any(ref.get(f"{_W}type") in ("default", "even") for ref in sect.findall(f"{_W}footerReference"))
    if not has_footer:
        ours_section = ours.sections[-1]
        for mine, theirs in ((section.footer, ours_section.footer), (section.even_page_footer,
                                                                      ours_section.even_page_footer)):
            mine.is_linked_to_previous = False  # makes this section's own footer part
            element = mine._element
            for child in list(element):
                element.remove(child)
            for child in theirs._element:
                element.append(copy.deepcopy(child))
        word.settings.odd_and_even_pages_header_footer = True
        section.footer_distance = ours_section.footer_distance
        added.append("页码（单页居右、双页居左）")
    if not added:
        return []
    return [f"Word 模板 {name} 没有设置{'、'.join(added)}，已按国家标准（GB/T 9704-2012）补上。"]


def _text(element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{_W}t"))


class _Writer:
    def __init__(self, word, template_name: str = TEMPLATE.name):
        self.word = word
        self.template_name = template_name
        self.body = word.element.body
        self.notes: list[str] = []
        # where our paragraphs begin: after the template's own content, before its final sectPr
        self.start = len(self.body) - (1 if len(self.body) and self.body[-1].tag == f"{_W}sectPr" else 0)
        section = word.sections[-1]
        self.width = section.page_width - section.left_margin - section.right_margin  # the type area, EMU
        grid = section._sectPr.find(f"{_W}docGrid")
        pitch = int(grid.get(f"{_W}linePitch") or 0) if grid is not None else 0
        line = (pitch or 579) * 635  # one line of the grid (twips → EMU), 公文's 579 without a grid
        # the type area's height, less room for the 图题 and 资料来源 below the picture on its page
        self.height = section.page_height - section.top_margin - section.bottom_margin - CAPTION_LINES * line
        self._fonts: dict[str, tuple] = {}

    # --- fonts: the style's, written on every run --------------------------------------------
    def fonts(self, style_name: str) -> tuple[dict, bool]:
        """(w:rFonts attributes, bold) the style resolves to, through basedOn and the doc defaults."""
        if style_name not in self._fonts:
            attributes: dict[str, str] = {}
            bold = None
            style = self.word.styles[style_name]
            chain = []
            while style is not None:
                chain.append(style)
                style = style.base_style
            defaults = self.word.styles.element.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr")
            layers = [defaults] + [s.element.find(f"{_W}rPr") for s in reversed(chain)]
            for rpr in layers:
                if rpr is None:
                    continue
                fonts = rpr.find(f"{_W}rFonts")
                if fonts is not None:
                    attributes |= {k: v for k, v in fonts.attrib.items() if not k.endswith("Theme")}
                b = rpr.find(f"{_W}b")
                if b is not None:
                    bold = b.get(f"{_W}val", "1") not in ("0", "false")
            self._fonts[style_name] = (attributes, bool(bold))
        return self._fonts[style_name]

    def paragraph(self, text: str, style: str):
        from docx.oxml.ns import qn

        paragraph = self.word.add_paragraph(style=self.word.styles[style])
        run = paragraph.add_run(display.visible_controls(text))
        attributes, _ = self.fonts(style)
        rpr = run._r.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = rpr.makeelement(qn("w:rFonts"), {})
            rpr.insert(0, fonts)
        for key, value in attributes.items():
            fonts.set(key, value)
        fonts.set(qn("w:hint"), "eastAsia")  # “ ” — and 、 take the East Asian font
        if fonts.get(qn("w:eastAsia")) is None:
            fonts.set(qn("w:eastAsia"), "宋体")  # a template without any East Asian font: Word's default
        return paragraph

    # --- blocks -------------------------------------------------------------------------------
    def document(self, document: Document) -> None:
        self.paragraph(document.title, STYLES["title"])
        self.paragraph(f"（{document.date}）", STYLES["date"])
        for p in document.opening:
            self.paragraph(p.text, STYLES["body"])
        for section in document.sections:
            self.section(section)

    def section(self, section: Section) -> None:
        self.paragraph(section.heading, STYLES[min(section.level, 4)])
        for block in section.blocks:
            if isinstance(block, Paragraph):
                self.paragraph(block.text, STYLES["body"])
            elif isinstance(block, KeyFigures):
                rows = tuple((k.label, k.value, k.period, k.change_words or "—") for k in block.items)
                self.table(Table(block.caption, ("指标", "数值", "期间", "变化"), rows, (0.28, 0.15, 0.15, 0.42)))
            elif isinstance(block, Figure):
                self.figure(block)
            elif isinstance(block, Table):
                self.table(block)
        for child in section.sections:
            self.section(child)

    def picture_size(self, image: bytes) -> tuple[int, int]:
        """(width, height) in EMU: the type area's width, or — a picture too tall for the page with its
        captions — the height that leaves room for them, the width in proportion."""
        from PIL import Image

        with Image.open(io.BytesIO(image)) as picture:
            ratio = picture.height / picture.width
        width, height = int(self.width), int(self.width * ratio)
        if height > self.height:
            width, height = int(self.height / ratio), int(self.height)
        return width, height

    def figure(self, block: Figure) -> None:
        paragraph = self.paragraph("", STYLES["picture"])
        width, height = self.picture_size(block.image)
        paragraph.runs[0].add_picture(io.BytesIO(block.image), width=width, height=height)
        if width < self.width * 0.99:
            self.notes.append(f"“{block.caption}”按版心宽度排会超出页面高度，已按比例缩小为 {width / EMU_PER_MM:.0f}×{height / EMU_PER_MM:.0f} "
                              f"毫米，放在版心之内；图中文字可能偏小，可少选几项指标后重新导出。")
        self.paragraph(block.caption, STYLES["figure_caption"])
        self.paragraph(f"{block.source}。注：{block.note}。", STYLES["source"])

    def table(self, block: Table) -> None:
        from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
        from docx.oxml import parse_xml
        from docx.oxml.ns import nsdecls, qn

        self.paragraph(block.caption, STYLES["table_caption"])
        table = self.word.add_table(rows=len(block.rows) + 1, cols=len(block.header))
        table.style = self.word.styles[STYLES["table"]]
        table.autofit = False
        tbl_pr = table._tbl.tblPr
        look = tbl_pr.find(qn("w:tblLook"))
        if look is not None:
            tbl_pr.remove(look)
        tbl_pr.append(parse_xml(f'<w:tblLook {nsdecls("w")} w:val="0020" w:firstRow="1" w:lastRow="0" '
                                'w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>'))
        width = tbl_pr.find(qn("w:tblW"))
        if width is None:
            width = parse_xml(f'<w:tblW {nsdecls("w")}/>')
            tbl_pr.append(width)
        total = int(self.width / 635)  # EMU → twips
        width.set(qn("w:w"), str(total))
        width.set(qn("w:type"), "dxa")
        widths = [int(total * w / sum(block.widths)) for w in block.widths]
        for c, column in enumerate(table.columns):
            column.width = widths[c] * 635  # w:gridCol: LibreOffice and WPS size columns from it
        header_borders = self._header_borders()
        for r, values in enumerate([block.header, *block.rows]):
            row = table.rows[r]
            if r == 0:  # the header repeats on every page the table runs over
                row._tr.get_or_add_trPr().append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))
            for c, value in enumerate(values):
                cell = row.cells[c]
                cell.width = widths[c] * 635
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
                target = cell.paragraphs[0]._p
                made = self.paragraph(value, STYLES["table_head" if r == 0 else "table_text"])
                target.addprevious(made._p)
                target.getparent().remove(target)
                if r == 0 and header_borders is not None:
                    # The header's rule comes from the 三线表 style's first-row borders; written on the
                    # cells too, because not every program applies a table style's first-row part.
                    tc_pr = cell._tc.get_or_add_tcPr()
                    tc_pr.append(copy.deepcopy(header_borders))
        if block.note:
            self.paragraph(block.note, STYLES["table_note"])

    def _header_borders(self):
        from docx.oxml.ns import qn

        style = self.word.styles[STYLES["table"]].element
        for part in style.findall(qn("w:tblStylePr")):
            if part.get(qn("w:type")) == "firstRow":
                return part.find(f"{qn('w:tcPr')}/{qn('w:tcBorders')}")
        return None

    # --- where it goes ------------------------------------------------------------------------------
    def place(self) -> None:
        """Move what was added to the template's {{正文}} marker, if it has one — a paragraph of its own is
        replaced; text around the marker in its paragraph (正文如下：{{正文}}（完）) stays, before and after
        the content; a marker inside a table cannot take tables and pictures (TemplateError). Without a
        marker the content follows the template's own; a blank template's empty paragraphs are dropped."""
        added = [el for el in list(self.body)[self.start:] if el.tag != f"{_W}sectPr"]
        before = list(self.body)[: self.start]
        marker = next((p for p in self.body.iter(f"{_W}p") if MARKER in _text(p)), None)
        if marker is not None and marker.getparent() is not self.body:
            raise TemplateError(f"Word 模板 {self.template_name} 中的“{MARKER}”在表格或文本框里，放不下正文的表格和图片："
                                f"请把“{MARKER}”单独写成表格外的一段，或删除它（正文将接在模板内容之后）。")
        if marker is not None:
            text = _text(marker)
            at = text.index(MARKER)
            head, tail = _slice(marker, 0, at), _slice(marker, at + len(MARKER), len(text))
            for el in ([head] if _text(head).strip() else []) + added + ([tail] if _text(tail).strip() else []):
                marker.addprevious(el)
            marker.getparent().remove(marker)
            return
        if all(el.tag == f"{_W}sectPr" or (el.tag == f"{_W}p" and not _text(el).strip()
                                           and el.find(f".//{_W}drawing") is None) for el in before):
            for el in before:
                if el.tag == f"{_W}p" and el.find(f".//{_W}sectPr") is None:
                    self.body.remove(el)


def _slice(paragraph, start: int, end: int):
    """A copy of `paragraph` keeping only the characters [start, end) of its text (runs and their
    formatting kept; a marker split over several runs, as Word often saves it, is cut correctly)."""
    copied = copy.deepcopy(paragraph)
    position = 0
    for t in list(copied.iter(f"{_W}t")):
        text = t.text or ""
        keep = text[max(0, start - position): max(0, end - position)]
        position += len(text)
        if keep:
            t.text = keep
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        else:
            run = t.getparent()
            run.remove(t)
            if run.find(f"{_W}t") is None and run.getparent() is not None and len(
                    [c for c in run if c.tag != f"{_W}rPr"]) == 0:
                run.getparent().remove(run)
    return copied
