"""The A4 report: the content model (`tongxin.document`) as HTML rendered by WeasyPrint into a PDF whose
text is real (selectable, searchable) in an embedded CJK font — cover with the opening paragraph, then
each section with its paragraphs, key-figure cards, figures (图题 and 资料来源 below) and 三线表.

Colours come from `theme`. Every string from the data is HTML-escaped here; nothing from a data file
becomes markup.
"""

from __future__ import annotations

import base64
import html
import io

from .. import display, theme
from ..document import GENERATOR, Document, Figure, KeyFigures, Paragraph, Section, Table

PAGE_MM = (210, 297)
MARGINS_MM = (18, 17, 20, 17)  # top, right, bottom, left
CONTENT_WIDTH_MM = PAGE_MM[0] - MARGINS_MM[1] - MARGINS_MM[3]  # 176
# A picture's height on the page, leaving room for its 图题, 资料来源 and note on the same page.
PICTURE_HEIGHT_MM = PAGE_MM[1] - MARGINS_MM[0] - MARGINS_MM[2] - 45

CSS = f"""
@page {{ size: A4 portrait; margin: {" ".join(f"{m}mm" for m in MARGINS_MM)};
        @bottom-center {{ content: "第 " counter(page) " 页，共 " counter(pages) " 页"; font-size: 8.5pt;
                          color: {theme.MUTED}; }}
        @top-right {{ content: string(org); font-size: 8.5pt; color: {theme.MUTED}; }} }}
@page cover {{ @bottom-center {{ content: none; }} @top-right {{ content: none; }} }}
html {{ font-family: {theme.DOCUMENT_FONT_STACK}; font-size: 10.5pt; color: {theme.TEXT}; line-height: 1.6; }}
body {{ margin: 0; }}  /* the page margins are the only margins: content is CONTENT_WIDTH_MM wide */
h1, h2, h3 {{ line-height: 1.3; }}
.cover {{ page: cover; height: 240mm; display: flex; flex-direction: column; justify-content: center;
         border-top: 6mm solid {theme.ACCENT}; padding-top: 30mm; break-after: page; }}
.cover .org {{ font-size: 16pt; color: {theme.MUTED}; string-set: org content(); }}
.cover h1 {{ font-size: 26pt; margin: 6mm 0; }}
.cover .date {{ font-size: 13pt; color: {theme.MUTED}; }}
.cover .opening {{ margin-top: 20mm; font-size: 11pt; text-indent: 2em; }}
.cover .source {{ margin-top: 30mm; font-size: 9.5pt; color: {theme.MUTED}; }}
section.level1 {{ break-before: page; }}
h2 {{ font-size: 16pt; border-left: 2mm solid {theme.ACCENT}; padding-left: 3mm; margin: 0 0 4mm 0; }}
h3 {{ font-size: 13pt; margin: 6mm 0 2mm 0; }}
p {{ text-indent: 2em; margin: 0 0 2mm 0; }}
figure {{ margin: 4mm 0 6mm 0; break-inside: avoid; }}
figure img {{ display: block; margin: 0 auto; }}
figcaption {{ text-align: center; font-weight: bold; margin-top: 1mm; }}
.note, .source, .caption {{ color: {theme.MUTED}; font-size: 8.5pt; text-indent: 0; }}
.cards {{ display: flex; gap: 4mm; margin: 2mm 0 1mm 0; }}
.card {{ flex: 1; background: {theme.CARD_FILL}; padding: 3mm 4mm; }}
.card .value {{ font-size: 20pt; font-weight: bold; color: {theme.colour(0)}; }}
.card .change {{ font-size: 9pt; }}
.nobr {{ white-space: nowrap; }}
.table-caption {{ text-align: center; font-weight: bold; margin: 5mm 0 1mm 0; text-indent: 0; break-after: avoid; }}
table + .note {{ break-before: avoid; }}  /* a 表题 and a 表注 stay with their table */
table {{ width: 100%; border-collapse: collapse; font-size: 9pt; border-top: 0.5mm solid #000;
        border-bottom: 0.5mm solid #000; margin-bottom: 4mm; }}
th {{ border-bottom: 0.25mm solid #000; text-align: left; }}
th, td {{ padding: 1.2mm 1.5mm; vertical-align: top; }}
thead {{ display: table-header-group; }}
tr {{ break-inside: avoid; }}
"""


def escape(text) -> str:
    """Data text for the report page: markup shown literally, invisible direction overrides made visible."""
    return html.escape(display.visible_controls(str(text)))


def _change(card) -> str:
    """2024年 ｜ +72个百分点（较2020年） — a line may break between these parts, never inside one
    (not in 较2020年)."""
    amount, paren, since = card.change.partition("（")
    parts = [p for p in (card.period, amount, paren + since) if p]
    spans = [f"<span class='nobr'>{escape(p)}</span>" for p in parts]
    return " ｜ ".join(spans[:2]) + "".join(spans[2:])


def _cards(block: KeyFigures) -> str:
    """The headline cards under their 表题 (a table's caption goes above it, as in the Word file)."""
    cards = "".join(
        f"<div class='card'><div>{escape(c.label)}</div><div class='value'>{escape(c.value)}</div>"
        f"<div class='change' style='color:{theme.tone_colour(c.tone)}'>{_change(c)}</div></div>"
        for c in block.items
    )
    return f"<p class='table-caption'>{escape(block.caption)}</p><div class='cards'>{cards}</div>"


def picture_width_mm(image: bytes) -> float:
    """A picture as wide as the text, or narrower when that would make it taller than a page allows."""
    from PIL import Image

    with Image.open(io.BytesIO(image)) as picture:
        ratio = picture.height / picture.width
    return min(CONTENT_WIDTH_MM, PICTURE_HEIGHT_MM / ratio)


def _figure(block: Figure) -> str:
    return (f"<figure><img src='data:image/png;base64,{base64.b64encode(block.image).decode()}' "
            f"style='width:{picture_width_mm(block.image):.1f}mm' "
            f"alt='{escape(block.caption)}'><figcaption>{escape(block.caption)}</figcaption>"
            f"<p class='source'>{escape(block.source)}</p><p class='note'>{escape(block.note)}</p></figure>")


def _table(block: Table) -> str:
    widths = "".join(f"<col style='width:{w / sum(block.widths) * 100:.0f}%'>" for w in block.widths)
    head = "".join(f"<th>{escape(c)}</th>" for c in block.header)
    body = "".join("<tr>" + "".join(f"<td>{escape(v)}</td>" for v in row) + "</tr>" for row in block.rows)
    note = f"<p class='note'>{escape(block.note)}</p>" if block.note else ""
    return (f"<p class='table-caption'>{escape(block.caption)}</p><table><colgroup>{widths}</colgroup>"
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{note}")


def _section(section: Section) -> str:
    tag = "h2" if section.level == 1 else "h3"
    parts = [f"<section class='level{section.level}'><{tag}>{escape(section.heading)}</{tag}>"]
    for block in section.blocks:
        if isinstance(block, Paragraph):
            parts.append(f"<p>{escape(block.text)}</p>")
        elif isinstance(block, KeyFigures):
            parts.append(_cards(block))
        elif isinstance(block, Figure):
            parts.append(_figure(block))
        elif isinstance(block, Table):
            parts.append(_table(block))
    parts += [_section(child) for child in section.sections]
    parts.append("</section>")
    return "".join(parts)


def html_page(document: Document) -> str:
    """The whole report as one HTML page (A4 pages through CSS paged media)."""
    parts = [f"<!doctype html><html lang='zh-CN'><head><meta charset='utf-8'><title>{escape(document.title)}"
             f"</title><meta name='author' content='{escape(document.org)}'>"
             f"<meta name='generator' content='{escape(GENERATOR)}'>"
             f"<meta name='description' content='{escape(document.generator)}'>"
             f"<style>{CSS}</style></head><body>"]
    opening = "".join(f"<p>{escape(p.text)}</p>" for p in document.opening)
    parts.append(
        "<div class='cover'>"
        f"<div class='org'>{escape(document.org)}</div><h1>{escape(document.title)}</h1>"
        f"<div class='date'>{escape(document.date)}</div><div class='opening'>{opening}</div>"
        f"<div class='source'>数据来源：{escape(document.sources)} ｜ 导出时间：{escape(document.exported_on)}</div>"
        "</div>"
    )
    parts += [_section(section) for section in document.sections]
    parts.append("</body></html>")
    return "".join(parts)


def pdf(document: Document) -> bytes:
    from weasyprint import HTML

    return HTML(string=html_page(document)).write_pdf()
