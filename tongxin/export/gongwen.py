"""The 公文 format check: opens a DOCX and says, in Chinese, where it departs from GB/T 9704-2012.

What it verifies (clauses of GB/T 9704-2012): A4 page (§5.2.1); 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm
(§5.2.2); a document grid of 22 lines × 28 characters (§5.2.3: w:docGrid, line pitch ≈ 579 twips); the title
in 2号 (22 pt) 方正小标宋简体, centred (§7.3.3); body text 3号 (16 pt) 仿宋_GB2312 with a two-character
first-line indent (§5.2.3); 结构层次序数 一、 in 黑体, （一） in 楷体_GB2312, 1. and （1） in 仿宋_GB2312
(§7.3.3); black text (§5.2.4); page numbers 4号 (14 pt) 宋体 "— 1 —", odd pages right and even pages left
(§7.5: w:evenAndOddHeaders, a PAGE field in each footer); and what Word needs to show Chinese in the
intended font: an East Asian font (w:rFonts/@w:eastAsia) on every run. Pictures must sit within the type
area — no wider and no taller — with a 图题 (图1 …) below and a 资料来源 line after it; tables within the type
area after a 表题. No template marker ({{正文}}) may be left in the text.

An office's 版头 (红头: the 发文机关标志 above the title) is its own: it is exempt from the body rules. A
departure that comes from a style (the template's 正文 style in 11 pt 宋体) is reported once for the style,
with the number of paragraphs it affects, not once per paragraph.

`check(content)` returns the findings (an empty list: the document passes). Tolerances: ±1 mm for the
page and margins (the standard's own), ±3 twips for the line pitch.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
TWIPS_PER_MM = 1440 / 25.4

PAGE_MM = (210, 297)
MARGINS_MM = {"top": 37, "left": 28, "bottom": 35, "right": 26}  # 版心 156 × 225 mm
LINES, CHARS = 22, 28
LINE_PITCH = 579
TITLE = ("方正小标宋简体", 22)
BODY = ("仿宋_GB2312", 16)
HEADINGS = [  # 结构层次序数, in order; the pattern a heading's text starts with, and its font
    ("一级标题（一、）", re.compile(r"^[一二三四五六七八九十]+、"), "黑体"),
    ("二级标题（（一））", re.compile(r"^（[一二三四五六七八九十]+）"), "楷体_GB2312"),
    ("三级标题（1.）", re.compile(r"^\d+[.．]"), "仿宋_GB2312"),
    ("四级标题（（1））", re.compile(r"^（\d+）"), "仿宋_GB2312"),
]
PAGE_NUMBER = ("宋体", 14)
BLACK = {None, "auto", "000000"}
MARKER = re.compile(r"\{\{[^{}]*\}\}")  # a template placeholder such as {{正文}}
# How Chinese Word and WPS show the built-in style names a template uses.
STYLE_NAMES = {"Normal": "正文", "Title": "标题", "Heading 1": "标题 1", "Heading 2": "标题 2"}
PAGE_HINT = "（模板的页面设置：在 Word 或 WPS 的“布局→页面设置”中修改后另存模板）"


@dataclass(frozen=True)
class Finding:
    """One departure from the standard: where (页面设置, 第3段 …) and what, in Chinese."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}：{self.message}"


class _Styles:
    """Resolves a paragraph's or run's effective font, size, indent and alignment through the style
    chain (basedOn) and the document defaults, as Word does."""

    def __init__(self, root):
        self.by_id = {s.get(f"{W}styleId"): s for s in root.findall(f"{W}style")}
        self.names = {i: (s.find(f"{W}name").get(f"{W}val") if s.find(f"{W}name") is not None else i)
                      for i, s in self.by_id.items()}
        self.default_paragraph = next((i for i, s in self.by_id.items() if s.get(f"{W}type") == "paragraph"
                                       and s.get(f"{W}default") in ("1", "true")), None)
        self.defaults_r = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
        self.defaults_p = root.find(f"{W}docDefaults/{W}pPrDefault/{W}pPr")

    def chain(self, style_id):
        out, seen = [], set()
        while style_id and style_id in self.by_id and style_id not in seen:
            seen.add(style_id)
            style = self.by_id[style_id]
            out.append(style)
            based = style.find(f"{W}basedOn")
            style_id = based.get(f"{W}val") if based is not None else None
        return out

    def layers(self, style_id, tag):
        """Property elements (rPr or pPr) from the defaults up to the style itself."""
        defaults = self.defaults_r if tag == "rPr" else self.defaults_p
        return [defaults] + [s.find(f"{W}{tag}") for s in reversed(self.chain(style_id))]


def _attr(element, name):
    return None if element is None else element.get(f"{W}{name}")


def _run_props(styles: _Styles, paragraph, run) -> dict:
    """Effective east-Asian font, size (pt), colour of a run, and whether it sets w:eastAsia itself."""
    p_style = _attr(paragraph.find(f"{W}pPr/{W}pStyle"), "val") or styles.default_paragraph
    r_style = _attr(run.find(f"{W}rPr/{W}rStyle"), "val")
    layers = styles.layers(p_style, "rPr") + [s.find(f"{W}rPr") for s in reversed(styles.chain(r_style))]
    layers.append(run.find(f"{W}rPr"))
    props = {"font": None, "size": None, "colour": None}
    for rpr in layers:
        if rpr is None:
            continue
        fonts = rpr.find(f"{W}rFonts")
        if _attr(fonts, "eastAsia"):
            props["font"] = _attr(fonts, "eastAsia")
        size = _attr(rpr.find(f"{W}sz"), "val")
        if size:
            props["size"] = int(size) / 2
        colour = _attr(rpr.find(f"{W}color"), "val")
        if colour:
            props["colour"] = colour.upper() if colour != "auto" else "auto"
    own = run.find(f"{W}rPr/{W}rFonts")
    props["own_east_asia"] = _attr(own, "eastAsia") is not None
    return props


def _paragraph_props(styles: _Styles, paragraph) -> dict:
    p_style = _attr(paragraph.find(f"{W}pPr/{W}pStyle"), "val") or styles.default_paragraph
    props = {"style": styles.names.get(p_style, p_style), "jc": None, "first_chars": None, "first": None}
    for ppr in styles.layers(p_style, "pPr") + [paragraph.find(f"{W}pPr")]:
        if ppr is None:
            continue
        jc = _attr(ppr.find(f"{W}jc"), "val")
        if jc:
            props["jc"] = jc
        ind = ppr.find(f"{W}ind")
        if ind is not None:
            if _attr(ind, "firstLineChars") is not None:
                props["first_chars"] = int(_attr(ind, "firstLineChars"))
            if _attr(ind, "firstLine") is not None:
                props["first"] = int(_attr(ind, "firstLine"))
            if _attr(ind, "hanging") is not None:
                props["first"] = -int(_attr(ind, "hanging"))
    return props


def _text(paragraph) -> str:
    return "".join(t.text or "" for t in paragraph.iter(f"{W}t"))


def _runs(paragraph):
    return [r for r in paragraph.iter(f"{W}r") if r.find(f"{W}t") is not None and (r.find(f"{W}t").text or "")]


def _short(text: str) -> str:
    return text if len(text) <= 16 else text[:15] + "…"


def check(content: bytes) -> list[Finding]:
    """Every departure of a DOCX from GB/T 9704-2012's layout (see the module docstring). Raises
    ValueError when `content` is not a Word document."""
    import zipfile

    from lxml import etree

    try:
        package = zipfile.ZipFile(io.BytesIO(content))
        document = etree.fromstring(package.read("word/document.xml"))
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError) as error:
        raise ValueError(f"不是 Word 文档（.docx）：{error}") from error
    names = set(package.namelist())
    styles = _Styles(etree.fromstring(package.read("word/styles.xml")) if "word/styles.xml" in names
                     else etree.Element(f"{W}styles"))
    findings: list[Finding] = []
    body = document.find(f"{W}body")
    sect = body.find(f"{W}sectPr")
    findings += _page(sect, styles)
    findings += _footers(package, names, sect)
    findings += _content(body, styles, _type_area(sect))
    return findings


def _type_area(sect) -> tuple[int, int]:
    """(width, height) of the type area in twips."""
    size, margins = sect.find(f"{W}pgSz"), sect.find(f"{W}pgMar")
    width = int(_attr(size, "w") or 0) - int(_attr(margins, "left") or 0) - int(_attr(margins, "right") or 0)
    height = int(_attr(size, "h") or 0) - int(_attr(margins, "top") or 0) - int(_attr(margins, "bottom") or 0)
    return width, height


def _page(sect, styles: _Styles) -> list[Finding]:
    where = "页面设置"
    if sect is None:
        return [Finding(where, "文档没有页面设置（w:sectPr）")]
    out = []
    size = sect.find(f"{W}pgSz")
    w, h = int(_attr(size, "w") or 0), int(_attr(size, "h") or 0)
    if abs(w / TWIPS_PER_MM - PAGE_MM[0]) > 1 or abs(h / TWIPS_PER_MM - PAGE_MM[1]) > 1:
        out.append(Finding(where, f"纸张应为 A4 纵向 210×297 毫米，实为 {w / TWIPS_PER_MM:.0f}×{h / TWIPS_PER_MM:.0f} 毫米"
                                  + PAGE_HINT))
    margins = sect.find(f"{W}pgMar")
    words = {"top": "上边距（天头）", "left": "左边距（订口）", "bottom": "下边距", "right": "右边距"}
    for side, mm in MARGINS_MM.items():
        actual = abs(int(_attr(margins, side) or 0)) / TWIPS_PER_MM
        if abs(actual - mm) > 1:
            out.append(Finding(where, f"{words[side]}应为 {mm} 毫米（版心 156×225 毫米），实为 {actual:.1f} 毫米"
                                      + PAGE_HINT))
    grid = sect.find(f"{W}docGrid")
    width, height = _type_area(sect)
    if grid is None or _attr(grid, "type") not in ("lines", "linesAndChars", "snapToChars"):
        out.append(Finding(where, f"没有文档网格：应设每页 {LINES} 行、每行 {CHARS} 字（w:docGrid；在 Word 的"
                                  f"“布局→页面设置→文档网格”中选“指定行和字符网格”）"))
        return out
    pitch = int(_attr(grid, "linePitch") or 0)
    if abs(pitch - LINE_PITCH) > 3 or (pitch and height // pitch != LINES):
        lines = height // pitch if pitch else 0
        out.append(Finding(where, f"每页应为 {LINES} 行（行距约 {LINE_PITCH} 缇），实为 {lines} 行（行距 {pitch} 缇）"))
    if _attr(grid, "type") == "lines":
        out.append(Finding(where, f"文档网格只指定了行：应同时指定每行 {CHARS} 字（“指定行和字符网格”）"))
    else:
        base = (styles.layers(styles.default_paragraph, "rPr"))
        size = 10.5
        for rpr in base:
            value = _attr(None if rpr is None else rpr.find(f"{W}sz"), "val")
            if value:
                size = int(value) / 2
        char_pitch = size + int(_attr(grid, "charSpace") or 0) / 4096  # points
        chars = int(width / 20 / char_pitch + 1e-6) if char_pitch > 0 else 0
        if chars != CHARS:
            out.append(Finding(where, f"每行应为 {CHARS} 字，文档网格给出 {chars} 字（w:charSpace）"))
    return out


def _footers(package, names, sect) -> list[Finding]:
    from lxml import etree

    where = "页码"
    out = []
    settings = etree.fromstring(package.read("word/settings.xml")) if "word/settings.xml" in names else None
    if settings is None or settings.find(f"{W}evenAndOddHeaders") is None:
        out.append(Finding(where, "未设“奇偶页不同”（w:evenAndOddHeaders）：单页码应居右、双页码应居左"))
    rels = etree.fromstring(package.read("word/_rels/document.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels}
    refs = {ref.get(f"{W}type"): ref.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
            for ref in (sect.findall(f"{W}footerReference") if sect is not None else [])}
    for kind, side, word in (("default", ("right", "end"), "单页（奇数页）"), ("even", ("left", "start"), "双页（偶数页）")):
        if kind not in refs or f"word/{targets.get(refs[kind], '')}" not in names:
            out.append(Finding(where, f"没有{word}页脚"))
            continue
        footer = etree.fromstring(package.read(f"word/{targets[refs[kind]]}"))
        instructions = "".join(t.text or "" for t in footer.iter(f"{W}instrText"))
        simple = [f.get(f"{W}instr") or "" for f in footer.iter(f"{W}fldSimple")]
        if "PAGE" not in instructions and not any("PAGE" in s for s in simple):
            out.append(Finding(where, f"{word}页脚没有页码域（PAGE）"))
            continue
        paragraph = next(p for p in footer.iter(f"{W}p") if "PAGE" in "".join(t.text or "" for t in p.iter(
            f"{W}instrText")) or p.find(f".//{W}fldSimple") is not None)
        jc = _attr(paragraph.find(f"{W}pPr/{W}jc"), "val")
        if jc not in side:
            out.append(Finding(where, f"{word}页码应{'居右' if side[0] == 'right' else '居左'}，实为 {jc or '未设对齐'}"))
        text = _text(paragraph)
        if not (text.startswith("—") and text.endswith("—")):
            out.append(Finding(where, f"{word}页码两侧应各有一条一字线（“— 1 —”），实为“{text}”"))
        for run in paragraph.iter(f"{W}r"):
            rpr = run.find(f"{W}rPr")
            font = _attr(None if rpr is None else rpr.find(f"{W}rFonts"), "eastAsia")
            size = _attr(None if rpr is None else rpr.find(f"{W}sz"), "val")
            if font != PAGE_NUMBER[0] or size is None or int(size) / 2 != PAGE_NUMBER[1]:
                out.append(Finding(where, f"{word}页码应为4号宋体（14磅），实为 {font or '未设中文字体'} "
                                          f"{int(size) / 2 if size else '?'}磅"))
                break
    return out


def _content(body, styles: _Styles, area: tuple[int, int]) -> list[Finding]:
    out: list[Finding] = []
    paragraphs = list(body.iter(f"{W}p"))
    in_table = {id(p) for tbl in body.iter(f"{W}tbl") for p in tbl.iter(f"{W}p")}
    top = [p for p in paragraphs if id(p) not in in_table]
    title = _find_title(top, styles)
    if title is None:
        out.append(Finding("标题", "找不到标题：应为居中的2号方正小标宋简体（样式“标题”）"))
    width_emu, height_emu = area[0] * 635, area[1] * 635
    untitled_runs = 0
    body_checked = 0
    # departures a style causes: (style, what the standard wants) → [(paragraph, what it is)]
    by_style: dict[tuple[str, str], list[tuple[str, str]]] = {}
    # An office's 版头 (a red 发文机关标志, its own font and size) sits above the title: it is the office's.
    before_title = set() if title is None else {id(p) for p in top[: next(i for i, p in enumerate(top) if p is title)]}
    for n, paragraph in enumerate(paragraphs, start=1):
        text = _text(paragraph).strip()
        runs = _runs(paragraph)
        where = f"第{n}段“{_short(text)}”" if text else f"第{n}段"
        for marker in MARKER.findall(text):
            out.append(Finding(where, f"模板占位符“{marker}”没有被替换：正文应放在它所在的位置"))
        if id(paragraph) in before_title:
            continue
        for run in runs:
            props = _run_props(styles, paragraph, run)
            if not props["own_east_asia"]:
                untitled_runs += 1
            if props["colour"] not in BLACK:
                bare = _run_props(styles, paragraph, paragraph.makeelement(f"{W}r", {}))
                if bare["colour"] == props["colour"]:
                    by_style.setdefault((_style_name(styles, paragraph), "文字应为黑色"), []).append(
                        (where, f"#{props['colour']}"))
                else:
                    out.append(Finding(where, f"文字应为黑色，实为 #{props['colour']}"))
                break
        for drawing in paragraph.iter(f"{WP}extent"):
            cx, cy = int(drawing.get("cx") or 0), int(drawing.get("cy") or 0)
            if cx > width_emu * 1.01:
                out.append(Finding(where, f"图片宽 {cx / 36000:.0f} 毫米，超出版心（{width_emu / 36000:.0f} 毫米）"))
            if cy > height_emu * 1.01:
                out.append(Finding(where, f"图片高 {cy / 36000:.0f} 毫米，超出版心高度（{height_emu / 36000:.0f} 毫米）："
                                          "图会压住页码或被截断，应按比例缩小到版心以内"))
            elif cx < width_emu * 0.95 and cx and cy * width_emu / cx <= height_emu * 0.8:
                # narrower than the type area although at its width it would still fit the page
                out.append(Finding(where, f"图片宽 {cx / 36000:.0f} 毫米，应与版心同宽（{width_emu / 36000:.0f} 毫米）"))
            out += _after_picture(top, paragraph, where)
        if id(paragraph) in in_table or not runs or paragraph is title:
            if paragraph is title:
                out += _expect(where, styles, paragraph, runs, TITLE, by_style, centred=True)
            continue
        heading = next((h for h in HEADINGS if h[1].match(text)), None)
        props = _paragraph_props(styles, paragraph)
        if heading:
            out += _expect(where, styles, paragraph, runs[:1], (heading[2], BODY[1]), by_style, what=heading[0])
        elif props["style"] in ("Normal", "正文"):
            body_checked += 1
            out += _expect(where, styles, paragraph, runs, BODY, by_style, indent=True)
    for (style, wanted), places in by_style.items():
        actual = "、".join(dict.fromkeys(a for _, a in places if a))
        where = f"共 {len(places)} 段，如{places[0][0]}" if len(places) > 1 else places[0][0]
        out.append(Finding(f"模板的「{style}」样式", f"{wanted}{'，实为 ' + actual if actual else ''}（{where}）："
                                                   f"请在模板中修改「{style}」样式"))
    if untitled_runs:
        out.append(Finding("全文", f"有 {untitled_runs} 段文字没有指定中文字体（w:rFonts/@w:eastAsia）："
                                   "Word 会用默认字体显示这些中文"))
    if title is not None and not body_checked:
        out.append(Finding("正文", "找不到正文段落（样式“正文”）"))
    for n, table in enumerate(body.iter(f"{W}tbl"), start=1):
        out += _table(table, n, area)
    return out


def _find_title(paragraphs, styles: _Styles):
    for p in paragraphs:
        if _paragraph_props(styles, p)["style"] in ("Title", "标题", "公文标题") and _text(p).strip():
            return p
    for p in paragraphs:  # no title style: the first centred paragraph in a large font
        runs = _runs(p)
        if runs and _paragraph_props(styles, p)["jc"] == "center" and (
                _run_props(styles, p, runs[0])["size"] or 0) >= 20:
            return p
    return None


def _expect(where, styles, paragraph, runs, font_size, by_style, centred=False, indent=False,
            what="") -> list[Finding]:
    """The paragraph's font, size, centring and indent against the standard. A departure its style causes
    (the run and the paragraph add nothing of their own that differs) goes to `by_style`, to be said once
    for the style; one of the paragraph's own is returned as a finding of that paragraph."""
    font, size = font_size
    out = []
    label = what or ("标题" if centred else "正文")
    style = _style_name(styles, paragraph)
    bare = _run_props(styles, paragraph, paragraph.makeelement(f"{W}r", {}))  # what the style alone gives

    def report(wanted, actual, from_style):
        if from_style:
            by_style.setdefault((style, wanted), []).append((where, actual))
        else:
            out.append(Finding(where, wanted + (f"，实为 {actual}" if actual else "")))

    for run in runs:
        props = _run_props(styles, paragraph, run)
        if props["font"] != font or props["size"] != size:
            actual = f"{_points(props['size'])} 磅 {props['font'] or '未设中文字体'}"
            # The run's own font is the style's — or, where the style names none, the one written in for it.
            from_style = bare["size"] == props["size"] and bare["font"] in (None, props["font"])
            report(f"{label}应为 {size:g} 磅 {font}", actual, from_style)
            break
    props = _paragraph_props(styles, paragraph)
    own = paragraph.find(f"{W}pPr")
    if centred and props["jc"] != "center":
        report(f"{label}应居中", "", own is None or own.find(f"{W}jc") is None)
    if indent:
        chars = props["first_chars"]
        ok = chars == 200 if chars is not None else abs((props["first"] or 0) - 2 * size * 20) <= 20
        if not ok:
            report("正文首行应缩进两个字", "", own is None or own.find(f"{W}ind") is None)
    return out


def _points(size) -> str:
    return "?" if size is None else f"{size:g}"


def _style_name(styles: _Styles, paragraph) -> str:
    """The paragraph style as Chinese Word and WPS name it (Normal → 正文)."""
    name = _paragraph_props(styles, paragraph)["style"] or "Normal"
    return STYLE_NAMES.get(name, name)


def _after_picture(paragraphs, paragraph, where) -> list[Finding]:
    try:
        i = next(n for n, p in enumerate(paragraphs) if p is paragraph)
    except StopIteration:
        return [Finding(where, "图片应单独成段，不放在表格里")]
    following = [_text(p).strip() for p in paragraphs[i + 1 : i + 3]]
    out = []
    if not following or not re.match(r"^图\s*\d+", following[0]):
        out.append(Finding(where, "图片下方应有图题（“图1 ……”）"))
    if len(following) < 2 or not following[1].startswith("资料来源"):
        out.append(Finding(where, "图题下方应有“资料来源：……”"))
    return out


def _table(table, n: int, area) -> list[Finding]:
    where = f"第{n}个表格"
    out = []
    widths = [int(_attr(c, "w") or 0) for c in table.findall(f"{W}tblGrid/{W}gridCol")]
    if sum(widths) > area[0] * 1.01:
        out.append(Finding(where, f"表格宽 {sum(widths) / TWIPS_PER_MM:.0f} 毫米，超出版心"))
    previous = table.getprevious()
    if previous is None or previous.tag != f"{W}p" or not re.match(r"^表\s*\d+", _text(previous).strip()):
        out.append(Finding(where, "表格上方应有表题（“表1 ……”）"))
    return out
