"""The Word 汇报材料: the content model (`tongxin.document`) filled into a 公文 template (GB/T 9704-2012).

The layout lives in the template, not here: `templates/公文模板.docx` holds the page, margins, document
grid (22 lines × 28 characters), the styles 标题 (Title), 标题日期, 正文 (Normal), 一级标题 … 四级标题, 图,
图题, 资料来源, 表题, 表头, 表格, the 三线表 table style and the page-number footers (made by
scripts/make_word_template.py; editable in Word or WPS). An office that puts its own template into the
data folder as `汇报模板.docx` gets the document in it — its 红头, its styles; styles it lacks are
taken from ours. A paragraph `{{正文}}` in a template marks where the content goes (else: at the end).

Every run gets its fonts written out (w:rFonts with @w:eastAsia from its style): python-docx's
`font.name` sets only the Latin slots, so Chinese text would otherwise fall back to the default font
(python-docx issue #154). `gongwen.check` verifies the result.
"""

from __future__ import annotations

import copy
import io
from pathlib import Path

from .. import display
from ..document import Document, Figure, KeyFigures, Paragraph, Section, Table

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


def template_for(data_dir: Path | None) -> Path:
    """The office's own template when its data folder has one (汇报模板.docx), else ours."""
    if data_dir is not None:
        own = Path(data_dir) / OFFICE_TEMPLATE
        if own.is_file():
            return own
    return TEMPLATE


class TemplateError(ValueError):
    """The template cannot be used (not a Word file); the message is Chinese and names the file."""


def docx(document: Document, template: Path | None = None) -> bytes:
    """The 汇报材料 as DOCX bytes. Raises TemplateError when `template` is not a readable .docx."""
    from docx import Document as open_docx

    path = template or TEMPLATE
    try:
        word = open_docx(str(path))
    except Exception as error:  # python-docx raises several kinds for a file that is not a .docx
        raise TemplateError(f"Word 模板 {path.name} 无法打开（{type(error).__name__}）：请用 Word 或 WPS "
                            "另存为 .docx 格式后再放入数据文件夹，或删除它以使用看板自带的模板。") from error
    _complete_styles(word)
    writer = _Writer(word)
    writer.document(document)
    writer.place()
    word.core_properties.title = document.title
    word.core_properties.author = document.org
    word.core_properties.comments = f"同心共建质效看板生成，{document.date}；数据来源：{document.sources}"
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


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


def _text(element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{_W}t"))


class _Writer:
    def __init__(self, word):
        self.word = word
        self.body = word.element.body
        # where our paragraphs begin: after the template's own content, before its final sectPr
        self.start = len(self.body) - (1 if len(self.body) and self.body[-1].tag == f"{_W}sectPr" else 0)
        section = word.sections[-1]
        self.width = section.page_width - section.left_margin - section.right_margin  # the type area, EMU
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

    def figure(self, block: Figure) -> None:
        paragraph = self.paragraph("", STYLES["picture"])
        paragraph.runs[0].add_picture(io.BytesIO(block.image), width=self.width)
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

    # --- where it goes ------------------------------------------------------------------------
    def place(self) -> None:
        """Move what was added to the template's {{正文}} marker, if it has one; drop empty paragraphs
        the template body had (a blank template's leftover paragraph)."""
        added = [el for el in list(self.body)[self.start:] if el.tag != f"{_W}sectPr"]
        before = list(self.body)[: self.start]
        marker = next((el for el in before if el.tag == f"{_W}p" and _text(el).strip() == MARKER), None)
        if marker is not None:
            for el in added:
                marker.addprevious(el)
            marker.getparent().remove(marker)
            return
        if all(el.tag == f"{_W}sectPr" or (el.tag == f"{_W}p" and not _text(el).strip()
                                           and el.find(f".//{_W}drawing") is None) for el in before):
            for el in before:
                if el.tag == f"{_W}p" and el.find(f".//{_W}sectPr") is None:
                    self.body.remove(el)
