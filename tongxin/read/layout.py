"""Rows → figures for the layouts people lay statistics out in (DATA_SPEC v2 "Layouts"):

* years across — one row per indicator (or per org × indicator), one column per year (`2020`,
  `2020年`, `2020年度`); other columns may give 指标/名称, 板块, 计量单位/单位, 单位名称, 备注. A row
  with only its first cell filled (`一、主题读书`, `（二）古韵协商`) is a section row naming the 板块 of
  the rows below it.
* indicators across — one row per org (or per year), one column per indicator, a unit in brackets
  in the header (`小微协商（场次）`); a merged row above the header may group the indicators into 板块.

What belongs here: recognising the layout, its header and label columns, section and total rows,
and turning each non-empty value cell into a `Figure` (indicator as written, unit, 板块, org, year,
the cell). Matching indicators to a dataset, reading the values and merging are `tongxin.importing`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import schema
from ..model import Problem
from . import cells as c
from .files import Grid, column_letter, is_date
from .shape import (
    HEADER_SCAN,
    SERIAL_WORDS,
    blank_cells,
    first_filled_row,
    header_word,
    located,
    merged_notices,
    own,
    quote,
    row_texts,
    rows_text,
    title_notice,
)

# The header words of statistics tables are part of the contract's vocabulary: named in `schema`.
NAME_WORDS, ID_WORDS, PILLAR_WORDS = schema.LAYOUT_NAME_WORDS, schema.LAYOUT_ID_WORDS, schema.LAYOUT_PILLAR_WORDS
UNIT_WORDS, ORG_WORDS, YEAR_WORDS = schema.LAYOUT_UNIT_WORDS, schema.LAYOUT_ORG_WORDS, schema.LAYOUT_YEAR_WORDS
NOTE_WORDS = schema.LAYOUT_NOTE_WORDS
SECTION_NUMBER = re.compile(r"^\s*(?:[一二三四五六七八九十]+\s*[、.．:：]|[（(]\s*[一二三四五六七八九十\d]+\s*[)）]|\d+\s*[、.．]"
                            r"|第[一二三四五六七八九十]+[部分章节项]\s*[、:：]?)\s*")
TITLE_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
TITLE_ORG = re.compile(r"填报单位\s*[:：]\s*([^\s，,；;]+)")
ORG_IN_TITLE = re.compile(r"([\u4e00-\u9fa5（）()]{2,15}?政协)")

LAYOUT_WORDS = {"years_across": "逐年表（年份横排：每行一个指标，每列一年）",
                "indicators_across": "指标横排表（每行一个单位或一年，每列一个指标）",
                "unknown": "看不出是哪种表格（原因见问题清单）", "empty": "空表"}


@dataclass
class Figure:
    """One value cell of a statistics table, before its indicator is matched or its value read."""

    row: int  # spreadsheet row
    column: str  # spreadsheet column letter
    header: str  # its column's header as written (2024年, 小微协商（场次）)
    indicator: str  # name or id as written (cleaned)
    unit: str  # from the header brackets or the 计量单位 column; "" when the table says none
    unit_from: str  # where the unit came from, in Chinese
    pillar: str  # from a section row, the 板块 column or a group header; "" when none
    pillar_from: str
    org: str  # from the 单位名称 column; "" when the table has none
    year: int | None  # from the year column header or a 年份 column; None when the table has none
    cell: object
    note: str = ""


@dataclass
class WideTotal:
    """A 合计/总计/小计 row of a statistics table, set aside; checked against the rows it sums."""

    row: int
    word: str
    values: dict  # column letter → cell
    covers: list[int]  # the spreadsheet rows it sums


@dataclass
class SheetReading:
    """How one sheet or CSV was understood (shown to the person before anything is saved)."""

    file: str
    sheet: str
    layout: str  # years_across / indicators_across / empty / unknown
    detail: str = ""
    header_row: int | None = None
    titles: list[str] = field(default_factory=list)
    title_year: int | None = None
    title_org: str = ""
    figures: list[Figure] = field(default_factory=list)
    totals: list[WideTotal] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    notices: list[Problem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)  # column letter → role in Chinese
    cleaned: dict[tuple[int, str], list[int]] = field(default_factory=dict)  # (column, what) → spreadsheet rows

    @property
    def layout_words(self) -> str:
        return LAYOUT_WORDS.get(self.layout, "")

    def notice(self, message: str, row=None, column=None) -> None:
        self.notices.append(Problem(self.file, message, row, column, severity="notice", sheet=self.sheet))

    def problem(self, message: str, row=None, column=None, hint: str = "") -> None:
        self.problems.append(Problem(self.file, message, row, column, hint, sheet=self.sheet))


def _label(reading: SheetReading, cell, r: int, col: int) -> str:
    """A label cell (an org, an indicator name) as it looks — `cells.clean` as an identifier — and
    what was removed that a person could not see, kept for one notice per column (`_finish`)."""
    value = c.clean(c.text(cell), identifier=True)[0]
    if isinstance(cell, str):
        for what in c.clean(cell, identifier=True)[1]:
            reading.cleaned.setdefault((col, what), []).append(r + 1)
    return value


def year_header(cell) -> int | None:
    """2020, 2020.0, 「2020」, 「2020年」, 「2020年度」 → 2020 (within DATA_SPEC's 1949–2100)."""
    if isinstance(cell, bool) or is_date(cell):
        return None
    if isinstance(cell, (int, float)):
        found = int(cell) if float(cell).is_integer() else None
    elif isinstance(cell, str):
        match = re.fullmatch(r"(\d{4})\s*(?:年度|年)?", c.clean(cell)[0].translate(c.FULL_WIDTH))
        found = int(match.group(1)) if match else None
    else:
        return None
    return found if found is not None and schema.YEAR_MIN <= found <= schema.YEAR_MAX else None


def section_name(text: str) -> str:
    """一、主题读书 → 主题读书; （二）古韵协商 → 古韵协商."""
    return SECTION_NUMBER.sub("", text).strip(" ：:")


TITLE_DATE = re.compile(r"(?:19|20)\d{2}\s*[年/.\-]\s*\d{1,2}\s*[月/.\-]?(?:\s*\d{1,2}\s*日?)?")
TITLE_RANGE = re.compile(r"(?:19|20)\d{2}\s*年?\s*[—–\-~～至到]+\s*(?:19|20)\d{2}\s*年?")


OFFICE_WORDS = ("办公室", "秘书处", "秘书科", "研究室", "办")


def _body_of(org: str) -> str:
    """填报单位：犍为县政协办公室 → 犍为县政协: the office fills the table in, the figures are its body's."""
    for word in OFFICE_WORDS:
        body = org[: -len(word)] if org.endswith(word) else ""
        if body.endswith(("政协", "委员会")):
            return body
    return org


def title_facts(titles: list[str]) -> tuple[int | None, str]:
    """The year and org a title or note row states (2024年…统计表; 填报单位：犍为县政协). A date
    (填报日期：2025年3月) or a span of years (2020—2024年) states no single year."""
    years = set()
    for t in titles:
        bare = TITLE_RANGE.sub(" ", TITLE_DATE.sub(" ", t.translate(c.FULL_WIDTH)))
        years |= {int(y) for y in TITLE_YEAR.findall(bare)}
    year = years.pop() if len(years) == 1 else None
    org = ""
    for t in titles:
        match = TITLE_ORG.search(t)
        if match:
            org = _body_of(match.group(1))
            break
    if not org:
        for t in titles:
            for candidate in ORG_IN_TITLE.findall(re.sub(r"\d{4}\s*年度?", " ", t)):
                if not candidate.startswith(("各", "全", "本", "有关")):
                    org = candidate
                    break
            if org:
                break
    return year, org


def read_layout(grid: Grid) -> SheetReading:
    """A grid in one of the statistics layouts → SheetReading with its figures; the reasons it could
    not be read as problems."""
    reading = SheetReading(grid.file, grid.sheet, "unknown", grid.detail)
    reading.notices += grid.notices
    blank = blank_cells(grid.cells)
    first = first_filled_row(grid, blank)
    if first is None:
        reading.layout = "empty"
        return reading
    header, layout = None, None
    for r in range(first, min(HEADER_SCAN, grid.cells.shape[0])):
        words = {col: header_word(own(grid, r, col)) for col in grid.cells.columns}
        years = [col for col in grid.cells.columns if year_header(own(grid, r, col)) is not None]
        filled = [col for col, w in words.items() if w]
        labels = [col for col, w in words.items() if w in NAME_WORDS | ORG_WORDS | YEAR_WORDS | PILLAR_WORDS | ID_WORDS]
        if years and (labels or len(filled) > len(years)):
            header, layout = r, "years_across"
            break
        if [col for col in labels if words[col] in ORG_WORDS | YEAR_WORDS] and len(filled) >= 2:
            header, layout = r, "indicators_across"
            break
    if header is None:
        reading.problem("看不出这张表的表头", first + 1, hint="表头应有“指标/名称”和年份列（逐年表），或“单位名称/年份”和各指标列"
                        "（指标横排表）；也可以用数据模板的长表格式")
        return reading
    reading.layout, reading.header_row = layout, header + 1
    reading.titles, notice = title_notice(grid, header, blank)
    if notice:
        reading.notices.append(notice)
    reading.title_year, reading.title_org = title_facts(reading.titles)
    if layout == "years_across":
        _years_across(grid, blank, header, reading)
    else:
        _indicators_across(grid, blank, header, reading)
    return reading


# --- years across --------------------------------------------------------------------------------------


def _looks_like_units(grid: Grid, col: int, rows) -> bool:
    values = [c.text(v) for r in rows if not c.is_blank(v := grid.cells.iat[r, col])]
    return bool(values) and sum(1 for v in values if c.looks_like_unit(v)) * 2 >= len(values)


def _years_across(grid: Grid, blank, header: int, reading: SheetReading) -> None:
    cells = grid.cells
    body = [r for r in range(header + 1, cells.shape[0]) if not blank.iloc[r].all()]
    roles: dict[int, object] = {}
    for col in cells.columns:
        head = own(grid, header, col)
        word = header_word(head)
        year = year_header(head)
        if year is not None:
            roles[col] = year
        elif word in SERIAL_WORDS:
            roles[col] = "serial"
        elif word in NAME_WORDS:
            roles[col] = "name"
        elif word in ID_WORDS:
            roles[col] = "id"
        elif word in PILLAR_WORDS:
            roles[col] = "pillar"
        elif word in UNIT_WORDS and (word == "计量单位" or _looks_like_units(grid, col, body)):
            roles[col] = "unit"
        elif word in ORG_WORDS:
            roles[col] = "org"
        elif word in NOTE_WORDS:
            roles[col] = "note"
        elif not word:
            empty_column = blank.iloc[body, col].all() if body else True
            roles[col] = "" if empty_column else "unnamed"
        else:
            roles[col] = "other"
    if "name" not in roles.values() and "id" not in roles.values():
        # the indicator names stand in the first text column without a header of their own
        year_cols = [col for col, role in roles.items() if isinstance(role, int)]
        for col in cells.columns:
            if roles[col] in ("unnamed", "other") and col < min(year_cols):
                roles[col] = "name"
                break
    _describe_columns(grid, header, roles, reading)
    year_cols = [col for col, role in roles.items() if isinstance(role, int)]
    label_cols = [col for col, role in roles.items() if role in ("name", "id", "serial", "pillar", "org", "unit", "note")]
    name_col = next((col for col, role in roles.items() if role == "name"), None)
    id_col = next((col for col, role in roles.items() if role == "id"), None)
    first_label = min((col for col in label_cols if roles[col] != "serial"), default=None)

    pillar, pillar_from = "", ""
    gaps: list[int] = []
    last = body[-1] if body else header
    empty_inside = [r + 1 for r in range(header + 1, last) if blank.iloc[r].all()]
    if empty_inside:
        row, which = located(empty_inside)
        reading.notice(f"{which}是空行，已跳过", row)
        reading.skipped.append(f"{rows_text(empty_inside)}：空行")
    since_section: list[int] = []
    since_total: list[int] = []
    for r in body:
        owned = [col for col in cells.columns if not c.is_blank(own(grid, r, col)) and roles[col] != "serial"]
        label_cell = next((cells.iat[r, col] for col in (name_col, id_col, first_label) if col is not None
                           and not c.is_blank(cells.iat[r, col])), None)
        word = next((w for col in cells.columns if not isinstance(roles[col], int)
                     and (w := c.total_word(cells.iat[r, col]))), None)
        if word:
            covers = since_section if word == "小计" else since_total
            reading.totals.append(WideTotal(r + 1, word, {column_letter(col): cells.iat[r, col] for col in year_cols},
                                            list(covers)))
            continue
        year_values = [col for col in year_cols if not c.is_blank(own(grid, r, col))]
        label_text = c.text(label_cell) if label_cell is not None else ""
        serial_text = next((c.text(v) for col in cells.columns if roles[col] == "serial"
                            and isinstance(v := cells.iat[r, col], str) and not c.is_blank(v)), "")
        if not year_values and not owned and SECTION_NUMBER.match(serial_text) and section_name(serial_text):
            # `一、建言献策` written in the 序号 column, every other cell empty (docs/数据格式说明.md §三.2)
            label_text, owned = serial_text, [None]
        if not year_values and label_text and (len(owned) == 1 or SECTION_NUMBER.match(label_text)):
            pillar, pillar_from = section_name(label_text) or label_text, f"第{r + 1}行的板块标题"
            reading.notice(f"这一行{quote(label_text)}是板块标题行：下面各行属于板块“{pillar}”", r + 1)
            reading.skipped.append(f"第{r + 1}行：板块标题（{pillar}）")
            since_section = []
            continue
        if label_cell is None:
            if year_values:
                reading.problem("这一行有数字，但没有指标名称", r + 1, hint="请在“指标”列填写这一行是什么指标")
            else:  # only a 序号 or a note: no figure to read, nothing lost
                shown = "、".join(quote(t) for t in row_texts(grid, r)) or "（空）"
                reading.notice(f"这一行只有{shown}，没有指标名称也没有数字，已跳过", r + 1)
                reading.skipped.append(f"第{r + 1}行：没有指标名称和数字")
            continue
        name = c.text(cells.iat[r, name_col]) if name_col is not None and not c.is_blank(cells.iat[r, name_col]) else ""
        ident = c.text(cells.iat[r, id_col]) if id_col is not None and not c.is_blank(cells.iat[r, id_col]) else ""
        name, unit = c.split_unit(name or ident)
        unit_from = "名称中的括号" if unit else ""
        for col, role in roles.items():
            value = cells.iat[r, col]
            if c.is_blank(value):
                continue
            if role == "unit":
                unit, unit_from = c.text(value).translate(c.FULL_WIDTH), "计量单位列"
        row_pillar, row_pillar_from = pillar, pillar_from
        pillar_cols = [col for col, role in roles.items() if role == "pillar" and not c.is_blank(cells.iat[r, col])]
        if pillar_cols:
            row_pillar, row_pillar_from = c.text(cells.iat[r, pillar_cols[0]]), "板块列"
        org_cols = [col for col, role in roles.items() if role == "org" and not c.is_blank(cells.iat[r, col])]
        org = _label(reading, cells.iat[r, org_cols[0]], r, org_cols[0]) if org_cols else ""
        note_cols = [col for col, role in roles.items() if role == "note" and not c.is_blank(cells.iat[r, col])]
        note = c.text(cells.iat[r, note_cols[0]]) if note_cols else ""
        indicator = c.clean(ident or name, identifier=True)[0]
        _label(reading, cells.iat[r, id_col if ident else name_col], r, id_col if ident else name_col)  # said
        for col in year_cols:
            value = cells.iat[r, col]
            if c.is_gap(value):
                gaps.append(r + 1)
                continue
            reading.figures.append(Figure(r + 1, column_letter(col), c.text(own(grid, header, col)), indicator,
                                          unit, unit_from, row_pillar, row_pillar_from, org, roles[col], value, note))
        since_section.append(r + 1)
        since_total.append(r + 1)
    _finish(grid, header, gaps, reading)


# --- indicators across -------------------------------------------------------------------------------------


def _group_row_above(grid: Grid, blank, header: int, roles: dict, reading: SheetReading) -> int | None:
    """A row just above the header that names 板块 over the indicator columns only (`古韵协商` merged
    over two of them), nothing over the label columns: a group row, not a title. Found, the title rows
    are the ones above it (the reading's titles and their notice are made again)."""
    r = header - 1
    if r < 0 or blank.iloc[r].all():
        return None
    filled = [col for col in grid.cells.columns if not c.is_blank(grid.cells.iat[r, col])]
    texts = [grid.cells.iat[r, col] for col in filled]
    if not all(roles.get(col) == "indicator" for col in filled) or not all(
            isinstance(t, str) and not _numeric(t) and not TITLE_YEAR.search(t) for t in texts):
        return None
    reading.notices = [n for n in reading.notices if "是标题或说明" not in n.message]
    reading.titles, notice = title_notice(grid, r, blank)
    if notice:
        reading.notices.append(notice)
    reading.title_year, reading.title_org = title_facts(reading.titles)
    reading.header_row = r + 1  # a two-row header starts at its group row (as one with the names below)
    return r


def _indicators_across(grid: Grid, blank, header: int, reading: SheetReading) -> None:
    cells = grid.cells
    roles: dict[int, object] = {}
    for col in cells.columns:
        word = header_word(own(grid, header, col))
        if word in SERIAL_WORDS:
            roles[col] = "serial"
        elif word in YEAR_WORDS:
            roles[col] = "year"
        elif word in ORG_WORDS and "org" not in roles.values():
            roles[col] = "org"
        elif word in NOTE_WORDS:
            roles[col] = "note"
        elif not word:
            roles[col] = ""
        else:
            roles[col] = "indicator"
    label_col = next(col for col, role in roles.items() if role in ("org", "year"))
    # a second header row: names under a merged group row (板块 over its indicators)
    names_row, group_row = header, None
    nxt = header + 1
    above = _group_row_above(grid, blank, header, roles, reading)
    if above is not None:
        group_row = above
    elif nxt < cells.shape[0]:
        under = [col for col, role in roles.items() if role == "indicator" or (role == "" and not c.is_blank(cells.iat[nxt, col]))]
        texts = [own(grid, nxt, col) for col in under]
        label_below = own(grid, nxt, label_col)
        written = [t for t in texts if not c.is_blank(t)]
        if written and all(isinstance(t, str) and not _numeric(t) for t in written) and c.is_blank(label_below):
            names_row, group_row = nxt, header
            for col in under:
                if not c.is_blank(cells.iat[nxt, col]):
                    roles[col] = "indicator"
    body = [r for r in range(names_row + 1, cells.shape[0]) if not blank.iloc[r].all()]
    _describe_columns(grid, names_row, roles, reading)
    indicator_cols = [col for col, role in roles.items() if role == "indicator"]
    headers = {}
    for col in indicator_cols:
        name, unit = c.split_unit(c.text(cells.iat[names_row, col]))
        group = c.text(cells.iat[group_row, col]) if group_row is not None and not c.is_blank(cells.iat[group_row, col]) else ""
        _label(reading, cells.iat[names_row, col], names_row, col)  # what cleaning the header took out: said
        headers[col] = (c.clean(name, identifier=True)[0], unit, section_name(group) if group else "")
    if group_row is not None:
        reading.notice("这一行是分组表头：其下各列指标属于所写的板块", group_row + 1)
    gaps: list[int] = []
    last = body[-1] if body else names_row
    empty_inside = [r + 1 for r in range(names_row + 1, last) if blank.iloc[r].all()]
    if empty_inside:
        row, which = located(empty_inside)
        reading.notice(f"{which}是空行，已跳过", row)
        reading.skipped.append(f"{rows_text(empty_inside)}：空行")
    org_col = next((col for col, role in roles.items() if role == "org"), None)
    year_col = next((col for col, role in roles.items() if role == "year"), None)
    note_col = next((col for col, role in roles.items() if role == "note"), None)
    since_section: list[int] = []
    since_total: list[int] = []
    for r in body:
        label = cells.iat[r, label_col]
        word = next((w for col in cells.columns if roles[col] != "indicator" and (w := c.total_word(cells.iat[r, col]))),
                    None)
        if word:
            covers = since_section if word == "小计" else since_total
            reading.totals.append(WideTotal(r + 1, word, {column_letter(col): cells.iat[r, col] for col in indicator_cols},
                                            list(covers)))
            continue
        owned = [col for col in cells.columns if not c.is_blank(own(grid, r, col)) and roles[col] != "serial"]
        if c.is_blank(label):
            if owned:
                what = "单位名称" if label_col == org_col else "年份"
                reading.problem(f"这一行有数字，但没有{what}", r + 1, column_letter(label_col), f"请填写这一行的{what}")
            elif texts := row_texts(grid, r):  # a group title or a bare 序号: no figure, but said
                reading.notice(f"这一行只有{'、'.join(quote(t) for t in texts)}，没有数字，已跳过", r + 1)
                reading.skipped.append(f"第{r + 1}行：没有数字")
            continue
        if owned == [label_col] and isinstance(label, str) and SECTION_NUMBER.match(label):
            reading.notice(f"这一行{quote(label)}是分组标题行，已跳过", r + 1)
            reading.skipped.append(f"第{r + 1}行：分组标题")
            since_section = []
            continue
        org = _label(reading, cells.iat[r, org_col], r, org_col) if org_col is not None else ""
        year = None
        if year_col is not None:
            try:
                year = c.year(cells.iat[r, year_col])
            except c.Reject as reject:
                reading.problem(reject.message, r + 1, c.text(cells.iat[names_row, year_col]), reject.hint)
                continue
        note = c.text(cells.iat[r, note_col]) if note_col is not None and not c.is_blank(cells.iat[r, note_col]) else ""
        for col in indicator_cols:
            value = cells.iat[r, col]
            if c.is_gap(value):
                gaps.append(r + 1)
                continue
            name, unit, group = headers[col]
            reading.figures.append(Figure(r + 1, column_letter(col), c.text(cells.iat[names_row, col]), name, unit,
                                          "表头中的括号" if unit else "", group, "分组表头" if group else "", org, year,
                                          value, note))
        since_section.append(r + 1)
        since_total.append(r + 1)
    _finish(grid, names_row, gaps, reading)


def _numeric(text) -> bool:
    try:
        c.read_value(text, None)
        return True
    except c.Reject:
        return False


# --- shared --------------------------------------------------------------------------------------------------

ROLE_WORDS = {"serial": "序号（已忽略）", "name": "指标名称", "id": "指标编号", "pillar": "板块", "unit": "计量单位",
              "org": "单位名称", "note": "备注", "year": "年份", "indicator": "指标"}


def _describe_columns(grid: Grid, header: int, roles: dict, reading: SheetReading) -> None:
    for col, role in roles.items():
        letter = column_letter(col)
        head = c.text(own(grid, header, col)) if not c.is_blank(own(grid, header, col)) else ""
        if isinstance(role, int):
            reading.columns[letter] = f"{role}年的数字"
        elif role in ROLE_WORDS:
            same = head == ROLE_WORDS[role] or role == "serial"
            reading.columns[letter] = ROLE_WORDS[role] + (f"（{head}）" if head and not same else "")
            if role == "indicator":
                reading.columns[letter] = f"指标“{head}”"
        elif role == "other":
            reading.columns[letter] = f"“{head}”：不是年份，也不是认得的列，未读取"
            reading.notice("这一列不是年份，也不是认得的列（指标、板块、计量单位、单位名称、备注），未读取", header + 1, head)
            reading.skipped.append(f"{letter}列（{head}）：不认得的列")
        elif role == "unnamed":
            reading.problem(f"{letter}列有内容，但没有列名", header + 1, letter, "请给这一列写上列名（如 指标、2024年），或删除它")
    serial = [col for col, role in roles.items() if role == "serial"]
    if serial:
        reading.notice("这一列是序号，已忽略", header + 1, c.text(own(grid, header, serial[0])))
        reading.skipped.append(f"{'、'.join(column_letter(s) + '列' for s in serial)}：序号")


def _finish(grid: Grid, header: int, gaps: list[int], reading: SheetReading) -> None:
    for (col, what), rows in reading.cleaned.items():
        row, which = located(sorted(set(rows)))
        head = c.text(own(grid, header, col)) if not c.is_blank(own(grid, header, col)) else f"{column_letter(col)}列"
        reading.notice(what if row else f"{which}：{what}", row, head)
    if gaps:
        row, which = located(gaps)
        reading.notice(f"{which}有空白或“—”“/”“无”等格子：表示没有数字，按空缺处理，不记为 0", row)
    if reading.totals:
        rows = [t.row for t in reading.totals]
        words = "、".join(dict.fromkeys(t.word for t in reading.totals))
        row, which = located(rows)
        checked = "（与各行之和核对）" if any(t.word in c.SUM_WORDS for t in reading.totals) else ""
        reading.notice(f"{which}是{words}行，不是某个单位或指标的数字，已跳过{checked}", row)
        reading.skipped.append(f"{rows_text(rows)}：{words}行")
    figure_rows = {fig.row - 1 for fig in reading.figures} | {header}
    reading.notices += merged_notices(grid, figure_rows, set(range(grid.cells.shape[1])))
    if not reading.figures and not reading.problems:
        reading.problem("表中没有读到任何数字", header + 1, hint="请检查数字是否填在年份列或指标列下面")
