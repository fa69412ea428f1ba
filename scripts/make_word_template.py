"""Writes tongxin/export/templates/公文模板.docx, the Word template of the 汇报材料 (GB/T 9704-2012).

    .venv/bin/python scripts/make_word_template.py

The template file is the layout: page, margins, document grid, styles and the page-number footers. The
app only fills paragraphs into it (tongxin/export/word.py) and never types geometry. This script is how
the shipped file was made, kept so a change is reviewable; an office can equally edit the .docx in Word
or WPS (or drop its own into the data folder as 汇报模板.docx). Numbers, with the standard's clauses:

- A4 210 × 297 mm (§5.2.1); 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm (§5.2.2) → bottom 35 mm, right 26 mm.
- 22 lines of 28 characters (§5.2.3, 3号 font): line pitch 225 mm / 22 = 579 twips; character pitch
  156 mm / 28 = 15.79 pt, i.e. w:charSpace −842 (4096ths of a point below the 16 pt default font).
- Body 3号 (16 pt) 仿宋_GB2312 (§5.2.3); title 2号 (22 pt) 方正小标宋简体, centred (§7.3.3); 结构层次序数
  一、黑体, （一）楷体_GB2312, 1. and （1） 仿宋_GB2312 (§7.3.3); first-line indent two characters.
- Page numbers 4号 (14 pt) 宋体 "— 1 —", odd pages right and even pages left, one character in from the
  edge of the type area, 7 mm below it (§7.5): w:evenAndOddHeaders and a PAGE field.
- Black text (§5.2.4). Digits and Latin letters in Times New Roman (the usual office rule).
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import zipfile
from pathlib import Path

from docx import Document
from docx.oxml import parse_xml
from docx.shared import Mm, Twips

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tongxin.document import GENERATOR  # noqa: E402 — the project's own names, after its root is on the path
from tongxin.export.word import app_xml  # noqa: E402

OUT = ROOT / "tongxin" / "export" / "templates" / "公文模板.docx"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
LATIN = "Times New Roman"


def fonts(east_asia: str, latin: str = LATIN) -> str:
    return (f'<w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{east_asia}" w:cs="{latin}" '
            'w:hint="eastAsia"/>')


def paragraph_style(style_id: str, name: str, *, east_asia: str, size_pt: float, centred=False, indent=True,
                    keep_next=False, outline: int | None = None, grid=True, line: str = "", after_lines=0,
                    before_lines=0, bold=False) -> str:
    ppr = []
    if keep_next:
        ppr.append("<w:keepNext/>")
    if not grid:
        ppr.append('<w:snapToGrid w:val="0"/>')
    spacing = ""
    if before_lines:
        spacing += f' w:beforeLines="{before_lines}" w:before="{int(before_lines * 5.79)}"'
    if after_lines:
        spacing += f' w:afterLines="{after_lines}" w:after="{int(after_lines * 5.79)}"'
    spacing += line or ' w:line="240" w:lineRule="auto"'
    ppr.append(f"<w:spacing{spacing}/>")
    ppr.append('<w:ind w:firstLineChars="200" w:firstLine="640"/>' if indent
               else '<w:ind w:firstLineChars="0" w:firstLine="0"/>')
    ppr.append(f'<w:jc w:val="{"center" if centred else "both"}"/>')
    if outline is not None:
        ppr.append(f'<w:outlineLvl w:val="{outline}"/>')
    half_points = int(size_pt * 2)
    rpr = (fonts(east_asia) + ("<w:b/><w:bCs/>" if bold else "") + '<w:color w:val="000000"/>'
           f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>')
    based = "" if style_id == "Normal" else '<w:basedOn w:val="Normal"/>'
    kind = ' w:default="1"' if style_id == "Normal" else ""
    return (f'<w:style w:type="paragraph"{kind} w:styleId="{style_id}"><w:name w:val="{name}"/>{based}'
            f'<w:qFormat/><w:pPr>{"".join(ppr)}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>')


def styles_xml() -> str:
    heiti, kaiti, fangsong, title_font, songti = "黑体", "楷体_GB2312", "仿宋_GB2312", "方正小标宋简体", "宋体"
    styles = [
        # Normal is 正文: that is its name in Chinese Word and WPS.
        paragraph_style("Normal", "Normal", east_asia=fangsong, size_pt=16),
        # Title is 标题 in Chinese Word; exact 35 pt lines keep a two-line title together (§7.3.3 间距恰当).
        paragraph_style("Title", "Title", east_asia=title_font, size_pt=22, centred=True, indent=False,
                        keep_next=True, line=' w:line="700" w:lineRule="exact"'),
        paragraph_style("TitleDate", "标题日期", east_asia=kaiti, size_pt=16, centred=True, indent=False,
                        after_lines=100),
        paragraph_style("Heading1CN", "一级标题", east_asia=heiti, size_pt=16, keep_next=True, outline=0),
        paragraph_style("Heading2CN", "二级标题", east_asia=kaiti, size_pt=16, keep_next=True, outline=1),
        paragraph_style("Heading3CN", "三级标题", east_asia=fangsong, size_pt=16, keep_next=True, outline=2),
        paragraph_style("Heading4CN", "四级标题", east_asia=fangsong, size_pt=16, keep_next=True, outline=3),
        paragraph_style("Picture", "图", east_asia=fangsong, size_pt=16, centred=True, indent=False, keep_next=True,
                        grid=False, before_lines=50),
        paragraph_style("FigureCaption", "图题", east_asia=heiti, size_pt=14, centred=True, indent=False,
                        keep_next=True),
        paragraph_style("SourceLine", "资料来源", east_asia=kaiti, size_pt=14, indent=False, grid=False,
                        after_lines=50),
        paragraph_style("TableCaption", "表题", east_asia=heiti, size_pt=14, centred=True, indent=False,
                        keep_next=True, before_lines=50),
        paragraph_style("TableHead", "表头", east_asia=heiti, size_pt=14, centred=True, indent=False, grid=False),
        paragraph_style("TableText", "表格", east_asia=fangsong, size_pt=14, indent=False, grid=False),
        paragraph_style("TableNote", "表注", east_asia=kaiti, size_pt=14, indent=False, grid=False, after_lines=50),
        paragraph_style("Footer", "footer", east_asia=songti, size_pt=14, indent=False, grid=False),
        paragraph_style("Header", "header", east_asia=songti, size_pt=14, indent=False, grid=False),
    ]
    rule = '<w:{side} w:val="single" w:sz="{sz}" w:space="0" w:color="000000"/>'
    three_line = (
        '<w:style w:type="table" w:styleId="ThreeLine"><w:name w:val="三线表"/><w:basedOn w:val="TableNormal"/>'
        '<w:tblPr><w:jc w:val="center"/><w:tblBorders>'
        + rule.format(side="top", sz=12) + '<w:left w:val="nil"/>' + rule.format(side="bottom", sz=12)
        + '<w:right w:val="nil"/><w:insideH w:val="nil"/><w:insideV w:val="nil"/></w:tblBorders>'
        '<w:tblCellMar><w:left w:w="85" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr>'
        '<w:tblStylePr w:type="firstRow"><w:tblPr/><w:tcPr><w:tcBorders>' + rule.format(side="bottom", sz=6)
        + "</w:tcBorders></w:tcPr></w:tblStylePr></w:style>"
    )
    defaults = (
        f"<w:docDefaults><w:rPrDefault><w:rPr>{fonts('仿宋_GB2312')}<w:color w:val=\"000000\"/>"
        '<w:kern w:val="2"/><w:sz w:val="32"/><w:szCs w:val="32"/><w:lang w:val="en-US" w:eastAsia="zh-CN" '
        'w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:widowControl w:val="0"/>'
        '<w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults>'
    )
    base = (
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>'
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
        '<w:semiHidden/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
        '<w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
        "</w:tblCellMar></w:tblPr></w:style>"
    )
    return f'<w:styles {W}>{defaults}{base}{"".join(styles)}{three_line}</w:styles>'


# Fonts the document names, with their GB2312 charset (86) and the name Windows ships under when the
# _GB2312 version is not installed (Windows has 仿宋 and 楷体, not 仿宋_GB2312 and 楷体_GB2312).
FONT_TABLE = {
    "Times New Roman": ("02020603050405020304", "00", "roman", ""),
    "宋体": ("02010600030101010101", "86", "auto", "SimSun"),
    "黑体": ("02010609060101010101", "86", "modern", "SimHei"),
    "仿宋_GB2312": ("02010609030101010101", "86", "modern", "仿宋"),
    "楷体_GB2312": ("02010609030101010101", "86", "modern", "楷体"),
    "方正小标宋简体": ("02000000000000000000", "86", "auto", "宋体"),
}


def font_table_xml() -> str:
    entries = "".join(
        f'<w:font w:name="{name}">' + (f'<w:altName w:val="{alt}"/>' if alt else "")
        + f'<w:panose1 w:val="{panose}"/><w:charset w:val="{charset}"/><w:family w:val="{family}"/>'
        '<w:pitch w:val="variable"/></w:font>'
        for name, (panose, charset, family, alt) in FONT_TABLE.items()
    )
    return f'<w:fonts {W}>{entries}</w:fonts>'


def footer_paragraph(align: str) -> str:
    """— PAGE — in 4号宋体, one character (14 pt) in from the type area's edge on the outer side."""
    run_pr = f"<w:rPr>{fonts('宋体', '宋体')}<w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/></w:rPr>"
    indent = '<w:ind w:right="280"/>' if align == "right" else '<w:ind w:left="280"/>'
    return (
        f'<w:p {W}><w:pPr><w:pStyle w:val="Footer"/>{indent}<w:jc w:val="{align}"/></w:pPr>'
        f'<w:r>{run_pr}<w:t xml:space="preserve">— </w:t></w:r>'
        f'<w:r>{run_pr}<w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r>{run_pr}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        f'<w:r>{run_pr}<w:fldChar w:fldCharType="separate"/></w:r>'
        f'<w:r>{run_pr}<w:t>1</w:t></w:r>'
        f'<w:r>{run_pr}<w:fldChar w:fldCharType="end"/></w:r>'
        f'<w:r>{run_pr}<w:t xml:space="preserve"> —</w:t></w:r></w:p>'
    )


def main() -> int:
    document = Document()
    package = document.part.package
    # python-docx's own template carries a thumbnail and Word-2010 styles we replace: drop them.
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            package.rels.pop(rel_id)
    for rel_id, rel in list(document.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects") or rel.reltype.endswith("/numbering"):
            document.part.rels.pop(rel_id)
    styles = document.styles.element
    for child in list(styles):
        styles.remove(child)
    for child in parse_xml(styles_xml()):
        styles.append(child)

    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.left_margin = Mm(37), Mm(28)
    section.right_margin = Twips(11906 - 1587 - 8845)  # 版心 156 mm = 8845 twips wide
    section.bottom_margin = Twips(16838 - 2098 - 12756)  # 版心 225 mm = 12756 twips high
    section.top_margin = Twips(2098)
    section.left_margin = Twips(1587)
    section.header_distance, section.footer_distance = Mm(15), Mm(22)
    sect_pr = section._sectPr
    for old in sect_pr.findall("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}docGrid"):
        sect_pr.remove(old)
    sect_pr.append(parse_xml(f'<w:docGrid {W} w:type="linesAndChars" w:linePitch="579" w:charSpace="-842"/>'))

    document.settings.odd_and_even_pages_header_footer = True
    for footer, align in ((section.footer, "right"), (section.even_page_footer, "left")):
        footer.is_linked_to_previous = False
        body = footer._element
        for child in list(body):
            body.remove(child)
        body.append(parse_xml(footer_paragraph(align)))
    body = document.element.body
    for paragraph in body.findall("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p"):
        body.remove(paragraph)
    properties = document.core_properties
    properties.title = "汇报材料模板（GB/T 9704-2012）"
    properties.author = properties.last_modified_by = GENERATOR
    properties.created = properties.modified = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
    properties.revision = 1
    properties.comments = "正文内容由看板填入；可在 Word/WPS 中修改样式后另存为数据文件夹中的 汇报模板.docx"
    # python-docx's own template says ja-JP: Word would pick Japanese theme fonts for East Asian text.
    document.settings.element.find(f"{{{W_NS}}}themeFontLang").set(f"{{{W_NS}}}eastAsia", "zh-CN")

    buffer = io.BytesIO()
    document.save(buffer)
    # The font table is a plain part python-docx does not model: rewrite it in the saved package.
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/fontTable.xml":
                data = ("<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n" + font_table_xml()).encode()
            if item.filename == "docProps/app.xml":  # the application that wrote it: not "Microsoft Macintosh Word"
                data = app_xml(data.decode("utf-8")).encode("utf-8")
            target.writestr(item, data)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_bytes(out.getvalue())
    print(f"wrote {OUT} ({len(out.getvalue()) // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
