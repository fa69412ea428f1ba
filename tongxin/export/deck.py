"""The meeting deck: a 16:9 PPTX whose text is real, editable text (python-pptx), and PNG previews
of its first slides for the export page.

The slides are described once as plain specs (`slides()`), so the PPTX and the preview cannot drift
apart: title, summary (headline figures and narrative), one slide per chart (picture, editable title,
caption, one or two sentences), sources.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field

from .. import display, narrative, theme
from ..figures import Chart, citation
from ..model import Dataset, Source

WIDE, HIGH = 12192000 / 914400, 7.5  # inches: PowerPoint's 16:9 (13.333 × 7.5)


@dataclass
class Card:
    label: str
    value: str
    change: str = ""
    note: str = ""


@dataclass
class Slide:
    kind: str  # title | summary | figure | sources
    title: str
    subtitle: str = ""
    lines: list[str] = field(default_factory=list)
    cards: list[Card] = field(default_factory=list)
    image: bytes | None = None
    caption: str = ""
    rows: list[list[str]] = field(default_factory=list)


def chinese_date(iso: str) -> str:
    d = dt.date.fromisoformat(iso)
    return f"{d.year}年{d.month}月{d.day}日"


def slides(dataset: Dataset, org: str, charts: list[Chart], images: list[bytes], exported_on: str) -> list[Slide]:
    used_sources = _sources(dataset, org)
    result = [
        Slide("title", f"{org}同心共建质效情况", subtitle=chinese_date(exported_on),
              caption=f"数据来源：{citation(used_sources)}")
    ]
    headline = [i for i in (dataset.headline_indicators() or dataset.rate_indicators()[:4])
                if dataset.latest(i.id, org) is not None][:4]
    cards = []
    for ind in headline:
        latest = dataset.latest(ind.id, org)
        change = dataset.change(ind.id, org)
        cards.append(Card(ind.name, display.observation_value(dataset, latest),
                          f"较{display.period(change.before)}{display.change(change)}" if change else "",
                          display.period(latest)))
    lines = narrative.headline_summary(dataset, org, headline) if headline else []
    for pillar in dataset.by_pillar(org):
        sentence = narrative.pillar_summary(dataset, org, pillar, limit=3)
        if sentence:
            lines.append(sentence)
    result.append(Slide("summary", "主要数字", cards=cards, lines=lines[:6],
                        caption=f"数据来源：{citation(used_sources)} ｜ 导出时间：{exported_on}"))
    for chart, image in zip(charts, images):
        result.append(Slide("figure", chart.title, subtitle=chart.subtitle, image=image,
                            lines=narrative.for_chart(dataset, org, chart.id), caption=chart.caption(exported_on)))
    counts = {s.id: sum(1 for o in dataset.observations if o.source == s.id and o.org == org) for s in used_sources}
    result.append(Slide("sources", "数据来源", rows=[[s.title, s.publisher, s.date, s.url or "—", str(counts[s.id])]
                                                  for s in used_sources],
                        lines=["本材料中的数字均取自上述来源；“余”“近”“约”照原文保留；原文没有给出的年份不作推算。"]))
    return result


def _sources(dataset: Dataset, org: str) -> list[Source]:
    return dataset.sources_of([o for o in dataset.observations if o.org == org]) or list(dataset.sources)


# --- PowerPoint --------------------------------------------------------------------------------


def pptx(specs: list[Slide]) -> bytes:
    from pptx import Presentation
    from pptx.util import Emu

    deck = Presentation()
    deck.slide_width, deck.slide_height = Emu(12192000), Emu(6858000)  # PowerPoint's own 16:9 size
    blank = deck.slide_layouts[6]
    for spec in specs:
        slide = deck.slides.add_slide(blank)
        {"title": _title_slide, "summary": _summary_slide, "figure": _figure_slide,
         "sources": _sources_slide}[spec.kind](slide, spec)
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


def _rgb(hex_colour: str):
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(hex_colour.lstrip("#"))


def _text(slide, x, y, w, h, paragraphs, size=16, bold=False, colour=theme.TEXT, align=None, name=None):
    """A text box; `paragraphs` is a string or a list of strings (one paragraph each)."""
    from pptx.util import Inches, Pt

    box = slide.shapes.add_textbox(Inches(x), Inches(y), Inches(w), Inches(h))
    if name:
        box.name = name
    frame = box.text_frame
    frame.word_wrap = True
    for i, text in enumerate([paragraphs] if isinstance(paragraphs, str) else paragraphs):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        if align is not None:
            paragraph.alignment = align
        paragraph.space_after = Pt(size * 0.4)
        run = paragraph.add_run()
        run.text = display.visible_controls(text)
        _font(run, size, bold, colour)
    return box


def _font(run, size, bold, colour):
    from pptx.oxml.ns import qn
    from pptx.util import Pt

    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.color.rgb = _rgb(colour)
    run.font.name = theme.DECK_FONT
    rpr = run._r.get_or_add_rPr()
    for tag in ("a:ea", "a:cs"):  # East Asian text takes its font from <a:ea>, not <a:latin>
        element = rpr.find(qn(tag))
        if element is None:
            element = rpr.makeelement(qn(tag), {})
            rpr.append(element)
        element.set("typeface", theme.DECK_FONT)


def _bar(slide, x, y, w, h, colour):
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.util import Inches

    shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Inches(x), Inches(y), Inches(w), Inches(h))
    shape.fill.solid()
    shape.fill.fore_color.rgb = _rgb(colour)
    shape.line.fill.background()
    return shape


def _title_slide(slide, spec: Slide):
    from pptx.enum.text import PP_ALIGN

    _bar(slide, 0, 0, WIDE, 0.35, theme.ACCENT)
    _text(slide, 0.8, 2.3, WIDE - 1.6, 1.4, spec.title, size=40, bold=True, align=PP_ALIGN.CENTER, name="标题")
    _text(slide, 0.8, 3.9, WIDE - 1.6, 0.6, spec.subtitle, size=22, colour=theme.MUTED, align=PP_ALIGN.CENTER)
    _text(slide, 0.8, 6.4, WIDE - 1.6, 0.7, spec.caption, size=12, colour=theme.MUTED, align=PP_ALIGN.CENTER,
          name="说明")


def _slide_title(slide, title):
    _bar(slide, 0.5, 0.45, 0.09, 0.6, theme.ACCENT)
    _text(slide, 0.7, 0.35, WIDE - 1.2, 0.8, title, size=28, bold=True, name="标题")


def _summary_slide(slide, spec: Slide):
    _slide_title(slide, spec.title)
    n = max(1, len(spec.cards))
    width = (WIDE - 1.0 - 0.3 * (n - 1)) / n
    for i, card in enumerate(spec.cards):
        x = 0.5 + i * (width + 0.3)
        _bar(slide, x, 1.4, width, 1.75, "#F5F5F5")
        _text(slide, x + 0.2, 1.45, width - 0.3, 0.45, card.label, size=16, colour=theme.TEXT)
        _text(slide, x + 0.2, 1.85, width - 0.3, 0.8, card.value, size=36, bold=True, colour=theme.colour(0))
        _text(slide, x + 0.2, 2.65, width - 0.3, 0.45, " ｜ ".join(p for p in (card.note, card.change) if p),
              size=13, colour=theme.POSITIVE)
    top = 3.45 if spec.cards else 1.4
    _text(slide, 0.5, top, WIDE - 1.0, 6.8 - top, spec.lines, size=16, name="要点")
    _text(slide, 0.5, 6.9, WIDE - 1.0, 0.45, spec.caption, size=10, colour=theme.MUTED, name="说明")


def _figure_slide(slide, spec: Slide):
    from PIL import Image
    from pptx.util import Inches

    _slide_title(slide, spec.title)
    box_x, box_y, box_w, box_h = 0.5, 1.3, 8.7, 5.45
    with Image.open(io.BytesIO(spec.image)) as image:
        ratio = image.width / image.height
    w, h = (box_w, box_w / ratio) if box_w / ratio <= box_h else (box_h * ratio, box_h)
    picture = slide.shapes.add_picture(io.BytesIO(spec.image), Inches(box_x), Inches(box_y), Inches(w), Inches(h))
    picture.name = "图表"
    _text(slide, 9.5, 1.35, 3.35, 0.9, spec.subtitle, size=12, colour=theme.MUTED, name="副标题")
    _text(slide, 9.5, 2.35, 3.35, 4.4, spec.lines, size=15, name="要点")
    _text(slide, 0.5, 6.85, WIDE - 1.0, 0.5, spec.caption, size=10, colour=theme.MUTED, name="说明")


def _sources_slide(slide, spec: Slide):
    from pptx.util import Inches, Pt

    _slide_title(slide, spec.title)
    header = ["标题", "发布者", "日期", "链接", "数字条数"]
    rows, cols = len(spec.rows) + 1, len(header)
    table = slide.shapes.add_table(rows, cols, Inches(0.5), Inches(1.4), Inches(WIDE - 1.0),
                                   Inches(0.5 * rows)).table
    for c, width in enumerate((5.2, 2.0, 1.5, 2.4, 1.2)):
        table.columns[c].width = Inches(width)
    for r, values in enumerate([header, *spec.rows]):
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            cell.text = ""
            run = cell.text_frame.paragraphs[0].add_run()
            run.text = display.visible_controls(value)
            _font(run, 13, r == 0, "#FFFFFF" if r == 0 else theme.TEXT)
            cell.margin_left = cell.margin_right = Pt(6)
    _text(slide, 0.5, 1.6 + 0.5 * rows, WIDE - 1.0, 1.0, spec.lines, size=13, colour=theme.MUTED, name="说明")


# --- preview -----------------------------------------------------------------------------------


def preview(specs: list[Slide], count: int = 3, width: int = 960) -> list[bytes]:
    """PNG sketches of the first slides, drawn from the same specs as the PPTX."""
    from PIL import Image, ImageDraw, ImageFont

    font_path = theme.cjk_font_path()
    scale = width / WIDE

    def font(size_pt):
        px = max(8, round(size_pt / 72 * scale))
        return ImageFont.truetype(font_path, px) if font_path else ImageFont.load_default()

    def write(draw, x, y, w, text, size_pt, fill=theme.TEXT, bold=False):
        f = font(size_pt)
        lines, line = [], ""
        for ch in text:
            if draw.textlength(line + ch, font=f) > w * scale and line:
                lines.append(line)
                line = ""
            line += ch
        lines.append(line)
        for i, text_line in enumerate(lines):
            draw.text((x * scale, y * scale + i * f.size * 1.35), text_line, font=f, fill=fill,
                      stroke_width=1 if bold else 0, stroke_fill=fill)
        return y + len(lines) * f.size * 1.35 / scale

    out = []
    for spec in specs[:count]:
        canvas = Image.new("RGB", (width, round(HIGH * scale)), "white")
        draw = ImageDraw.Draw(canvas)
        if spec.kind == "title":
            draw.rectangle([0, 0, width, 0.35 * scale], fill=theme.ACCENT)
            write(draw, 0.8, 2.4, WIDE - 1.6, spec.title, 40, bold=True)
            write(draw, 0.8, 3.9, WIDE - 1.6, spec.subtitle, 22, fill=theme.MUTED)
            write(draw, 0.8, 6.4, WIDE - 1.6, spec.caption, 12, fill=theme.MUTED)
        else:
            draw.rectangle([0.5 * scale, 0.45 * scale, 0.59 * scale, 1.05 * scale], fill=theme.ACCENT)
            write(draw, 0.7, 0.45, WIDE - 1.2, spec.title, 28, bold=True)
            y = 1.4
            if spec.kind == "summary":
                n = max(1, len(spec.cards))
                card_w = (WIDE - 1.0 - 0.3 * (n - 1)) / n
                for i, card in enumerate(spec.cards):
                    x = 0.5 + i * (card_w + 0.3)
                    draw.rectangle([x * scale, 1.4 * scale, (x + card_w) * scale, 3.15 * scale], fill="#F5F5F5")
                    write(draw, x + 0.2, 1.5, card_w - 0.3, card.label, 16)
                    write(draw, x + 0.2, 1.9, card_w - 0.3, card.value, 36, fill=theme.colour(0), bold=True)
                    write(draw, x + 0.2, 2.7, card_w - 0.3, card.change, 13, fill=theme.POSITIVE)
                y = 3.45 if spec.cards else 1.4
                for line in spec.lines:
                    y = write(draw, 0.5, y, WIDE - 1.0, line, 16) + 0.1
            elif spec.kind == "figure" and spec.image:
                image = Image.open(io.BytesIO(spec.image)).convert("RGB")
                image.thumbnail((round(8.7 * scale), round(5.45 * scale)))
                canvas.paste(image, (round(0.5 * scale), round(1.3 * scale)))
                y = write(draw, 9.5, 1.35, 3.35, spec.subtitle, 12, fill=theme.MUTED) + 0.2
                for line in spec.lines:
                    y = write(draw, 9.5, y, 3.35, line, 15) + 0.1
            write(draw, 0.5, 6.9, WIDE - 1.0, spec.caption, 10, fill=theme.MUTED)
        buffer = io.BytesIO()
        canvas.save(buffer, "PNG")
        out.append(buffer.getvalue())
    return out
