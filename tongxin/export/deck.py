"""The meeting deck: the content model (`tongxin.document`) laid out on 16:9 slides whose text is real,
editable text (python-pptx), and PNG previews of its first slides for the export page.

The geometry is typed once: `plan()` turns the document into slides of positioned shapes (text boxes,
bars, pictures, tables — inches on PowerPoint's 13.333 × 7.5 slide), and both `pptx()` and `preview()`
only draw those shapes, so the preview cannot drift from the file. Slides: title (with the opening
paragraph), one per section's text (key figures as cards on 一、总体情况), one per figure (图题 as the slide
title, picture, note, 资料来源), one per table (split over slides when long), and the 数据说明.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from functools import lru_cache

from .. import display, theme
from ..document import GENERATOR, Document, Figure, KeyFigures, Paragraph, Section, Table

WIDE, HIGH = 12192000 / 914400, 7.5  # inches: PowerPoint's 16:9 (13.333 × 7.5)
MARGIN = 0.5
CONTENT_TOP = 1.35  # below the slide title
FOOT_Y = 6.9  # the 资料来源 / export line
TABLE_ROWS = 10  # rows per table slide before it continues on the next (14 pt rows of 0.4 in)
TABLE_ROWS_MAX = 12  # …but one or two rows left over stay on the slide (12 rows still end above the foot)
TEXT_SIZE = 18
LEAD_SIZE = 15  # a section's few sentences above its figure
LEAD_HEIGHT = 0.9  # inches: at most about three lines of them there; more get a slide of their own


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float


@dataclass(frozen=True)
class Text:
    box: Box
    paragraphs: tuple[str, ...]
    size: float
    bold: bool = False
    colour: str = theme.TEXT
    centred: bool = False
    name: str = ""


@dataclass(frozen=True)
class Bar:
    box: Box
    colour: str


@dataclass(frozen=True)
class Picture:
    box: Box
    image: bytes


@dataclass(frozen=True)
class Grid:
    """A 三线表: thick rules above and below, a thin one under the header, no vertical lines."""

    box: Box
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]  # inches
    size: float = 14


Shape = Text | Bar | Picture | Grid


# --- the plan: document → slides of shapes (the only place geometry is typed) ---------------


TITLE_X, TITLE_Y = 0.7, 0.35
TITLE_W = WIDE - 1.2
TITLE_SIZES = (28, 24, 22, 20)  # pt: a title takes the largest at which it fits one line, else wraps
TEXT_INSETS = 0.2  # inches: a text box's own left and right insets (python-pptx/PowerPoint default 0.1 each)


@lru_cache(maxsize=1)
def _measuring_font():
    from PIL import ImageFont

    path = theme.cjk_font_path()
    return ImageFont.truetype(path, 100) if path else None


def text_width(text: str, size: float) -> float:
    """Inches `text` takes on one line at `size` pt — measured in the CJK font this machine renders with,
    with room for a wider Latin face (PowerPoint's Microsoft YaHei, LibreOffice's substitute) and bold."""
    font = _measuring_font()
    latin = sum(1 for ch in text if ord(ch) < 0x2E80)
    ems = font.getlength(text) / 100 if font else len(text) - latin * 0.45
    return (ems + 0.1 * latin) * 1.05 * size / 72


def lines_at(text: str, size: float, width: float) -> int:
    """Lines `text` wraps onto at `size` pt in a text box `width` inches wide (wrapping breaks a little
    before the edge, so a line is counted as 92% of the box)."""
    usable = width - TEXT_INSETS
    needed = text_width(text, size)
    return 1 if needed <= usable else math.ceil(needed / (usable * 0.92))


def fit(text: str, width: float, sizes: tuple[float, ...], lines: int = 1) -> tuple[float, int]:
    """(size in pt, lines): the largest of `sizes` at which `text` takes at most `lines` lines in a box
    `width` inches wide; else the smallest size and the lines it needs there (the caller moves what is
    below down, so nothing overlaps — in PowerPoint and in LibreOffice alike)."""
    for size in sizes:
        if lines_at(text, size, width) <= lines:
            return size, lines_at(text, size, width)
    return sizes[-1], lines_at(text, sizes[-1], width)


def title_fit(title: str) -> tuple[float, int]:
    """(size in pt, lines) of a slide title: one line at the largest of TITLE_SIZES it fits, else wrapped."""
    return fit(title, TITLE_W, TITLE_SIZES)


def title_bottom(title: str) -> float:
    """Where a slide's title ends (inches from the top), so a subtitle or content never overlaps it."""
    size, lines = title_fit(title)
    return TITLE_Y + lines * size * 1.2 / 72 + 0.12


def _title(title: str, kicker: str = "") -> list[Shape]:
    size, lines = title_fit(title)
    shapes: list[Shape] = [Bar(Box(MARGIN, 0.45, 0.09, 0.6), theme.ACCENT),
                           Text(Box(TITLE_X, TITLE_Y, TITLE_W, max(0.8, title_bottom(title) - TITLE_Y)), (title,),
                                size, bold=True, name="标题")]
    if kicker:
        shapes.append(Text(Box(0.7, 0.05, WIDE - 1.2, 0.35), (kicker,), 12, colour=theme.MUTED, name="章节"))
    return shapes


def _foot(text: str) -> Text:
    return Text(Box(MARGIN, FOOT_Y, WIDE - 2 * MARGIN, 0.45), (text,), 10, colour=theme.MUTED, name="说明")


def text_height(paragraphs, width: float, size: float) -> float:
    """Inches a list of paragraphs takes at `size` pt in a box `width` inches wide (CJK: one em per
    character, 1.5 lines of leading with the paragraph gap) — used to split long text over slides."""
    per_line = max(1, int(width * 72 / size))
    lines = sum(math.ceil(len(p) / per_line) or 1 for p in paragraphs)
    return lines * size * 1.2 / 72 + len(paragraphs) * size * 0.4 / 72


def _chunks(paragraphs: list[str], width: float, height: float, size: float) -> list[list[str]]:
    """Whole paragraphs per slide, as many as fit (a slide always takes at least one)."""
    out: list[list[str]] = [[]]
    for p in paragraphs:
        if out[-1] and text_height(out[-1] + [p], width, size) > height:
            out.append([])
        out[-1].append(p)
    return [c for c in out if c]


def _cards(block: KeyFigures, top: float) -> list[Shape]:
    """The headline cards under their 表题 (a table's caption goes above it, as in the Word file and the PDF);
    a card's change line takes the size at which it fits the card (two lines at most)."""
    n = max(1, len(block.items))
    width = (WIDE - 2 * MARGIN - 0.3 * (n - 1)) / n
    shapes: list[Shape] = [Text(Box(MARGIN, top, WIDE - 2 * MARGIN, 0.35), (block.caption,), 11, colour=theme.MUTED,
                                name="表题")]
    top += 0.35
    inner = width - 0.3
    labels = [fit(card.label, inner, (16, 14, 12)) for card in block.items]
    labels = [f if f[1] == 1 else fit(card.label, inner, (14, 12, 11), lines=2) for f, card in zip(labels, block.items)]
    changes = [" ｜ ".join(p for p in (card.period, card.change) if p) for card in block.items]
    fits = [fit(c, inner, (13, 12, 11)) for c in changes]
    fits = [f if f[1] == 1 else fit(c, inner, (12, 11, 10), lines=2) for f, c in zip(fits, changes)]
    label_h = max(lines * size * 1.2 / 72 + 0.1 for size, lines in labels)  # one row of cards, one height
    change_h = max(0.45, *(lines * size * 1.2 / 72 + 0.1 for size, lines in fits))
    value_y = top + 0.05 + label_h
    change_y = value_y + 0.75
    for i, card in enumerate(block.items):
        x = MARGIN + i * (width + 0.3)
        shapes += [
            Bar(Box(x, top, width, change_y + change_h + 0.05 - top), theme.CARD_FILL),
            Text(Box(x + 0.2, top + 0.05, inner, label_h), (card.label,), labels[i][0], name="指标"),
            Text(Box(x + 0.2, value_y, inner, 0.8), (card.value,), 36, bold=True, colour=theme.colour(0),
                 name="数值"),
            Text(Box(x + 0.2, change_y, inner, change_h), (changes[i],), fits[i][0],
                 colour=theme.tone_colour(card.tone), name="变化"),
        ]
    return shapes


def cards_height(block: KeyFigures) -> float:
    """Inches the cards take with their 表题 (the text below them starts after)."""
    shapes = _cards(block, 0)
    return max(s.box.y + s.box.h for s in shapes)


def _figure(block: Figure, kicker: str, foot: str, lead: tuple[str, ...] = ()) -> list[Shape]:
    """A figure's slide: 图题, its note, the picture; `lead` — a section's few sentences — above the picture
    (a slide of one sentence on its own reads as empty, t1113 #13)."""
    from PIL import Image

    shapes = _title(block.caption, kicker)
    top = max(1.1, title_bottom(block.caption))  # a wrapped 图题 moves its note and picture down
    shapes.append(Text(Box(0.7, top, WIDE - 1.2, 0.4), (block.note,), 13, colour=theme.MUTED, name="副标题"))
    if lead:
        high = text_height(list(lead), WIDE - 2 * MARGIN, LEAD_SIZE)
        shapes.append(Text(Box(MARGIN, top + 0.45, WIDE - 2 * MARGIN, high), lead, LEAD_SIZE, name="要点"))
        top += high + 0.05
    box = Box(MARGIN, top + 0.45, WIDE - 2 * MARGIN, FOOT_Y - 0.1 - (top + 0.45))
    with Image.open(io.BytesIO(block.image)) as image:
        ratio = image.width / image.height
    w, h = (box.w, box.w / ratio) if box.w / ratio <= box.h else (box.h * ratio, box.h)
    shapes.append(Picture(Box(box.x + (box.w - w) / 2, box.y, w, h), block.image))
    shapes.append(_foot(f"{block.source} ｜ {foot.rpartition(' ｜ ')[2]}"))  # its own source, then the export date
    return shapes


def _tables(block: Table, kicker: str, foot: str) -> list[list[Shape]]:
    slides = []
    width = WIDE - 2 * MARGIN
    widths = tuple(width * w / sum(block.widths) for w in block.widths)
    for start, end in _row_slices(len(block.rows)):
        rows = block.rows[start:end]
        caption = block.caption if start == 0 else f"{block.caption}（续）"
        shapes = _title(caption, kicker)
        top = max(CONTENT_TOP, title_bottom(caption) + 0.05)
        shapes.append(Grid(Box(MARGIN, top, width, 0.4 * (len(rows) + 1)), block.header, rows, widths))
        if block.note and end == len(block.rows):
            # under the last rows, above the foot: at 0.45 in a row the 表注 of an 11-org ranking stood on
            # the 资料来源 line (12 rows of 0.4 in leave 0.3 in)
            below = top + 0.4 * (len(rows) + 1) + 0.05
            shapes.append(Text(Box(MARGIN, below, width, max(0.3, FOOT_Y - below)), (block.note,), 12,
                               colour=theme.MUTED, name="表注"))
        shapes.append(_foot(foot))
        slides.append(shapes)
    return slides


def _row_slices(count: int) -> list[tuple[int, int]]:
    """(start, end) of each table slide's rows: TABLE_ROWS a slide, and never a slide of one or two
    leftover rows (an 11-org ranking is one slide)."""
    if count <= TABLE_ROWS_MAX:
        return [(0, max(count, 1))]
    slices = [(start, min(start + TABLE_ROWS, count)) for start in range(0, count, TABLE_ROWS)]
    if slices[-1][1] - slices[-1][0] <= TABLE_ROWS_MAX - TABLE_ROWS:
        (start, _), (_, end) = slices[-2], slices[-1]
        slices[-2:] = [(start, end)]
    return slices


def _section(section: Section, kicker: str, foot: str) -> list[list[Shape]]:
    slides: list[list[Shape]] = []
    text = [b.text for b in section.blocks if isinstance(b, Paragraph)]
    cards = next((b for b in section.blocks if isinstance(b, KeyFigures)), None)
    figure = next((b for b in section.blocks if isinstance(b, Figure)), None)
    # A (sub)section of a sentence or two and a figure: the sentences go on the figure's slide, the
    # section's heading above its 图题 (the comparison deck's （一）委员参与率 was a slide of one line).
    lead = tuple(text) if (text and not cards and figure is not None and section.level > 1
                           and text_height(text, WIDE - 2 * MARGIN, LEAD_SIZE) <= LEAD_HEIGHT) else ()
    if lead:
        text = []
    if text or cards:
        first = max(CONTENT_TOP, title_bottom(f"{section.heading}（续）") + 0.05)  # below a wrapped heading
        top = first + (cards_height(cards) + 0.2 if cards else 0)
        chunks = _chunks(text, WIDE - 2 * MARGIN, FOOT_Y - 0.1 - top, TEXT_SIZE) or [[]]
        for n, chunk in enumerate(chunks):
            shapes = _title(section.heading if n == 0 else f"{section.heading}（续）", kicker)
            if cards and n == 0:
                shapes += _cards(cards, first)
            y = top if n == 0 else first
            if chunk:
                shapes.append(Text(Box(MARGIN, y, WIDE - 2 * MARGIN, FOOT_Y - 0.1 - y), tuple(chunk), TEXT_SIZE,
                                   name="要点"))
            shapes.append(_foot(foot))
            slides.append(shapes)
    inner = section.heading if section.level == 1 else kicker
    for block in section.blocks:
        if isinstance(block, Figure) and lead and block is figure:
            slides.append(_figure(block, section.heading, foot, lead))
        elif isinstance(block, Figure):
            slides.append(_figure(block, inner, foot))
        elif isinstance(block, Table):
            slides += _tables(block, inner, foot)
    for child in section.sections:
        slides += _section(child, section.heading, foot)
    return slides


def plan(document: Document) -> list[list[Shape]]:
    """Every slide as a list of positioned shapes, in order."""
    foot = f"数据来源：{document.sources} ｜ 导出时间：{document.exported_on}"
    size, lines = fit(document.title, WIDE - 1.6, (40, 36, 32, 28), lines=2)  # an org's full name is long
    high = lines * size * 1.2 / 72 + 0.15
    slides: list[list[Shape]] = [[
        Bar(Box(0, 0, WIDE, 0.35), theme.ACCENT),
        Text(Box(0.8, 1.6, WIDE - 1.6, max(1.4, high)), (document.title,), size, bold=True, centred=True,
             name="标题"),
        Text(Box(0.8, max(3.0, 1.6 + high), WIDE - 1.6, 0.6), (document.date,), 22, colour=theme.MUTED,
             centred=True, name="日期"),
        Text(Box(1.3, 4.0, WIDE - 2.6, 2.2), tuple(p.text for p in document.opening), 16, name="导语"),
        Text(Box(0.8, 6.4, WIDE - 1.6, 0.7), (f"数据来源：{document.sources}",), 12, colour=theme.MUTED,
             centred=True, name="说明"),
    ]]
    for section in document.sections:
        slides += _section(section, "", foot)
    return slides


# --- PowerPoint --------------------------------------------------------------------------------


def pptx(document: Document) -> bytes:
    from pptx import Presentation
    from pptx.util import Emu

    deck = Presentation()
    deck.slide_width, deck.slide_height = Emu(12192000), Emu(6858000)  # PowerPoint's own 16:9 size
    blank = deck.slide_layouts[6]
    for shapes in plan(document):
        slide = deck.slides.add_slide(blank)
        for shape in shapes:
            {Text: _draw_text, Bar: _draw_bar, Picture: _draw_picture, Grid: _draw_grid}[type(shape)](slide, shape)
    _properties(deck, document)
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


def _properties(deck, document: Document) -> None:
    """The file's properties: its title, the org as author, made by the dashboard on the export day
    (python-pptx's own template otherwise says 2013 and "python-pptx")."""
    import datetime as dt

    properties = deck.core_properties
    properties.title = document.title
    properties.author = document.org
    properties.last_modified_by = GENERATOR
    today = dt.date.today().isoformat() == document.exported_on
    properties.created = properties.modified = (dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None) if today
                                                else dt.datetime.fromisoformat(document.exported_on))
    properties.revision = 1
    properties.comments = f"{document.generator}；数据来源：{document.sources}"


def _rgb(hex_colour: str):
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(hex_colour.lstrip("#"))


def _inches(box: Box):
    from pptx.util import Inches

    return Inches(box.x), Inches(box.y), Inches(box.w), Inches(box.h)


def _draw_text(slide, shape: Text):
    from pptx.enum.text import PP_ALIGN
    from pptx.util import Pt

    box = slide.shapes.add_textbox(*_inches(shape.box))
    if shape.name:
        box.name = shape.name
    frame = box.text_frame
    frame.word_wrap = True
    for i, text in enumerate(shape.paragraphs):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        if shape.centred:
            paragraph.alignment = PP_ALIGN.CENTER
        paragraph.space_after = Pt(shape.size * 0.4)
        run = paragraph.add_run()
        run.text = display.visible_controls(text)
        _font(run, shape.size, shape.bold, shape.colour)


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


def _draw_bar(slide, shape: Bar):
    from pptx.enum.shapes import MSO_SHAPE

    bar = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, *_inches(shape.box))
    bar.fill.solid()
    bar.fill.fore_color.rgb = _rgb(shape.colour)
    bar.line.fill.background()


def _draw_picture(slide, shape: Picture):
    picture = slide.shapes.add_picture(io.BytesIO(shape.image), *_inches(shape.box))
    picture.name = "图表"


def _draw_grid(slide, shape: Grid):
    from pptx.oxml.ns import qn
    from pptx.util import Inches, Pt

    rows, cols = len(shape.rows) + 1, len(shape.header)
    frame = slide.shapes.add_table(rows, cols, *_inches(shape.box))
    frame.name = "表格"
    table = frame.table
    table.first_row = True
    table.horz_banding = False
    for c, width in enumerate(shape.widths):
        table.columns[c].width = Inches(width)
    for r, values in enumerate([shape.header, *shape.rows]):
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            cell.text = ""
            run = cell.text_frame.paragraphs[0].add_run()
            run.text = display.visible_controls(value)
            _font(run, shape.size, r == 0, theme.TEXT)
            cell.margin_left = cell.margin_right = Pt(6)
            # 三线表: no fill, thick rules at the top and bottom, a thin one under the header.
            tcpr = cell._tc.get_or_add_tcPr()
            for child in list(tcpr):
                tcpr.remove(child)
            top = 2.25 if r == 0 else (0.75 if r == 1 else 0)
            bottom = 2.25 if r == rows - 1 else (0.75 if r == 0 else 0)
            for tag, width in (("a:lnL", 0), ("a:lnR", 0), ("a:lnT", top), ("a:lnB", bottom)):
                line = tcpr.makeelement(qn(tag), {"w": str(int(width * 12700))})
                fill = line.makeelement(qn("a:solidFill" if width else "a:noFill"), {})
                if width:
                    fill.append(fill.makeelement(qn("a:srgbClr"), {"val": "000000"}))
                line.append(fill)
                tcpr.append(line)
            tcpr.append(tcpr.makeelement(qn("a:noFill"), {}))


# --- preview -----------------------------------------------------------------------------------


def preview(document: Document, count: int = 3, width: int = 960) -> list[bytes]:
    """PNG sketches of the first slides, drawn from the same plan as the PPTX."""
    from PIL import Image, ImageDraw, ImageFont

    font_path = theme.cjk_font_path()
    scale = width / WIDE

    def font(size_pt):
        px = max(8, round(size_pt / 72 * scale))
        return ImageFont.truetype(font_path, px) if font_path else ImageFont.load_default()

    def write(draw, box: Box, text: str, size_pt, fill, bold=False, centred=False, y=None):
        f = font(size_pt)
        lines, line = [], ""
        for ch in text:
            if draw.textlength(line + ch, font=f) > box.w * scale and line:
                lines.append(line)
                line = ""
            line += ch
        lines.append(line)
        top = (box.y if y is None else y) * scale
        for i, text_line in enumerate(lines):
            x = box.x * scale
            if centred:
                x += (box.w * scale - draw.textlength(text_line, font=f)) / 2
            draw.text((x, top + i * f.size * 1.2), text_line, font=f, fill=fill,
                      stroke_width=1 if bold else 0, stroke_fill=fill)
        return top / scale + (len(lines) * f.size * 1.2 + size_pt * 0.4 / 72 * scale) / scale

    out = []
    for shapes in plan(document)[:count]:
        canvas = Image.new("RGB", (width, round(HIGH * scale)), "white")
        draw = ImageDraw.Draw(canvas)
        for shape in shapes:
            b = shape.box
            if isinstance(shape, Bar):
                draw.rectangle([b.x * scale, b.y * scale, (b.x + b.w) * scale, (b.y + b.h) * scale], fill=shape.colour)
            elif isinstance(shape, Text):
                y = b.y + 0.05
                for text in shape.paragraphs:
                    y = write(draw, b, text, shape.size, shape.colour, shape.bold, shape.centred, y)
            elif isinstance(shape, Picture):
                image = Image.open(io.BytesIO(shape.image)).convert("RGB")
                image = image.resize((max(1, round(b.w * scale)), max(1, round(b.h * scale))))
                canvas.paste(image, (round(b.x * scale), round(b.y * scale)))
            elif isinstance(shape, Grid):
                row_h = b.h / (len(shape.rows) + 1)
                for r, values in enumerate([shape.header, *shape.rows]):
                    x = b.x
                    for value, w in zip(values, shape.widths):
                        write(draw, Box(x + 0.08, b.y + r * row_h + 0.08, w - 0.16, row_h), value, shape.size,
                              theme.TEXT, bold=r == 0)
                        x += w
                for y, thick in ((b.y, 3), (b.y + row_h, 1), (b.y + b.h, 3)):
                    draw.line([b.x * scale, y * scale, (b.x + b.w) * scale, y * scale], fill="black", width=thick)
        buffer = io.BytesIO()
        canvas.save(buffer, "PNG")
        out.append(buffer.getvalue())
    return out
