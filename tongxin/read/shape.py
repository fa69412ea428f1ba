"""Rows → table: where the header is and which rows and columns hold figures (DATA_SPEC v2
"Reading what offices actually have").

What belongs here: finding the header below title and note rows; ignoring empty rows and columns and
a `序号` column; setting total rows (合计/总计/小计) aside; naming merged areas the values were spread
from; and mapping a long table's header to the contract's columns. Every accommodation becomes a
notice naming file, sheet, row and column. What the cells mean is `cells`; checking the table's
content is `validate`; the years-across and indicators-across layouts are `layout`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .. import schema
from ..model import Problem
from ..schema import TableSpec
from . import cells as c
from . import columns
from .files import Grid, column_letter

HEADER_SCAN = 30  # title and note rows above a header: a handful in real files
SERIAL_WORDS = frozenset({"序号", "序", "行号", "no", "no.", "#"})
_SPACES = re.compile(r"\s+")


def header_word(cell) -> str:
    """A header cell compared with column names: cleaned, inner spaces dropped (`序  号`, `单位 名称`)."""
    if cell is None or (isinstance(cell, float) and np.isnan(cell)):
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return _SPACES.sub("", c.clean(str(cell))[0]).lower()


def quote(text, limit: int = 24) -> str:
    text = c.clean(str(text))[0]
    return "“" + (text if len(text) <= limit else text[: limit - 1] + "…") + "”"


def rows_text(rows: list[int]) -> str:
    """[3, 4, 5, 9] → 第3–5、9行 (spreadsheet row numbers)."""
    runs: list[str] = []
    start = prev = None
    for r in sorted(rows) + [None]:
        if start is None:
            start = prev = r
        elif r is not None and r == prev + 1:
            prev = r
        else:
            runs.append(f"{start}" if start == prev else f"{start}–{prev}")
            start = prev = r
    if len(runs) > 12:
        runs = runs[:12] + [f"等共 {len(rows)} 行"]
    return "第" + "、".join(runs) + "行"


def located(rows: list[int]) -> tuple[int | None, str]:
    """How a notice names the rows it is about: one row → (that row, "这一行"), said by the problem's
    place; several → (None, "第3–5、9行") in the message itself."""
    rows = sorted(set(rows))
    return (rows[0], "这一行") if len(rows) == 1 else (None, rows_text(rows))


# --- blank cells, rows and columns, vectorised -------------------------------------------------------


def blank_cells(cells: pd.DataFrame) -> pd.DataFrame:
    """True where a cell shows nothing (empty, spaces, invisible characters only)."""
    out = {}
    for col in cells.columns:
        s = cells[col]
        if columns.is_text(s):
            out[col] = columns.fullmatch(s, c.BLANK)  # RE2 gives up at a cell's first visible character
        else:
            out[col] = np.fromiter((c.is_blank(v) for v in s), dtype=bool, count=len(s))
    return pd.DataFrame(out, index=cells.index)


def own(grid: Grid, r: int, col: int):
    """A cell's own content: "" where the value was only spread there from a merged area."""
    return "" if (r, col) in grid.merged else grid.cells.iat[r, col]


def row_texts(grid: Grid, r: int) -> list[str]:
    """The non-blank own cells of a row, as text."""
    return [c.text(v) for col in grid.cells.columns if not c.is_blank(v := own(grid, r, col))]


# --- header ---------------------------------------------------------------------------------------------


def find_header(grid: Grid, is_header) -> int | None:
    """The first row (0-based) within HEADER_SCAN rows that `is_header(words)` accepts, where words
    are the row's header words by column; None when no row does."""
    for r in range(min(HEADER_SCAN, grid.cells.shape[0])):
        words = {col: header_word(grid.cells.iat[r, col]) for col in grid.cells.columns}
        if is_header(words):
            return r
    return None


def first_filled_row(grid: Grid, blank: pd.DataFrame) -> int | None:
    filled = np.flatnonzero(~blank.to_numpy().all(axis=1))
    return int(filled[0]) if len(filled) else None


def title_notice(grid: Grid, header: int, blank: pd.DataFrame) -> tuple[list[str], Problem | None]:
    """Rows above the header that hold something: title and note rows, skipped (their text returned,
    for a year or org they may state)."""
    above = [r for r in range(header) if not blank.iloc[r].all()]
    texts = [" ".join(dict.fromkeys(row_texts(grid, r))) for r in above]
    if not above:
        return [], None
    shown = "；".join(quote(t, 30) for t in texts[:3]) + ("等" if len(texts) > 3 else "")
    row, which = located([r + 1 for r in above])
    notice = Problem(grid.file, f"{which}是标题或说明（{shown}），已跳过；表头在第{header + 1}行",
                     row=row, severity="notice", sheet=grid.sheet)
    return texts, notice


# --- a long table of the contract ---------------------------------------------------------------------------


@dataclass
class TotalRow:
    """A row labelled 合计/总计/小计, set aside; its cells are kept to check it against what it sums."""

    row: int  # spreadsheet row
    word: str  # 合计 / 总计 / 小计
    cells: dict  # contract column → cell


@dataclass
class Table:
    """A sheet or CSV read as one long table of the contract (indicators, observations, sources, orgs).

    `frame` has one column per contract column found in the header (cells as read: str for CSV),
    only the rows that hold figures; `rows` gives each one's spreadsheet row number."""

    spec: TableSpec
    file: str
    sheet: str
    header_row: int
    columns: dict[str, str]  # contract column → header text as written
    positions: dict[str, int]  # contract column → 0-based column index (problems are ordered by it)
    frame: pd.DataFrame
    rows: np.ndarray
    totals: list[TotalRow] = field(default_factory=list)
    notices: list[Problem] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # what was set aside and why, in Chinese

    @property
    def label(self) -> str:
        return f"{self.file}「{self.sheet}」工作表" if self.sheet else self.file

    def column_name(self, name: str) -> str:
        return self.columns.get(name, self.spec.column(name).alias)

    def problem(self, message: str, row=None, column=None, hint="", severity="error") -> Problem:
        return Problem(self.file, message, row, column, hint, severity, self.sheet)


# The cells that label a row as a total, per table (DATA_SPEC v2: "a row whose label cell says 合计…").
LABEL_COLUMNS = {"observations": ("org", "indicator"), "indicators": ("id", "name"), "sources": ("id", "title"),
                 "orgs": ("name",)}


def spec_words(spec: TableSpec) -> dict[str, str]:
    """header word → contract column, for English ids and Chinese aliases alike."""
    words = {col.name.lower(): col.name for col in spec.columns}
    words |= {header_word(col.alias): col.name for col in spec.columns}
    words |= {header_word(other): col.name for col in spec.columns for other in col.also}
    return words


def is_long_header(words: dict[int, str]) -> str | None:
    """The contract table whose columns a header row names (three or more of them), else None."""
    for spec in schema.TABLES.values():
        known = spec_words(spec)
        if sum(1 for w in words.values() if w in known) >= min(3, len(spec.columns)):
            return spec.name
    return None


def long_table_of(grid: Grid) -> str | None:
    """The contract table a grid's header names (a long table), else None."""
    for r in range(min(HEADER_SCAN, grid.cells.shape[0])):
        found = is_long_header({col: header_word(grid.cells.iat[r, col]) for col in grid.cells.columns})
        if found:
            return found
    return None


def renamed_sheet(spec: TableSpec, grids: list[Grid], claimed) -> Grid | None:
    """The sheet of a data workbook that holds `spec`'s table under another name (「2023年数据」 for
    数据): its header names the table's columns. None when no unclaimed sheet does."""
    return next((g for g in grids if g not in claimed and not g.hidden and long_table_of(g) == spec.name), None)


def renamed_problem(file: str, spec: TableSpec, grid: Grid) -> Problem:
    """The error of a data workbook whose `spec` sheet was renamed: names the sheet, says to rename it."""
    return Problem(file, f"缺少「{spec.sheet}」工作表：「{grid.sheet}」工作表的表头像是{spec.label}，但工作表名称不是“{spec.sheet}”",
                   hint=f"请把「{grid.sheet}」工作表改名为“{spec.sheet}”（或 {spec.name}）后重新上传；数据模板的工作表名称不要改",
                   sheet=grid.sheet)


def long_table(grid: Grid, spec: TableSpec, problems: list[Problem]) -> Table | None:
    """A grid read as the long table `spec`: the header found below any title rows and mapped to
    the contract's columns; rows split into figures and set-aside rows. Problems (errors) are added
    to `problems`; None when the header cannot be used (every reason reported)."""
    blank = blank_cells(grid.cells)
    first = first_filled_row(grid, blank)
    if first is None:
        problems.append(Problem(grid.file, "工作表是空的" if grid.sheet else "文件是空的", hint="请填入表头和至少一行数据",
                                sheet=grid.sheet))
        return None
    words = spec_words(spec)
    need = min(2, len(spec.columns))
    header = find_header(grid, lambda ws: sum(1 for w in ws.values() if w in words) >= need)
    if header is None:
        header = first
    notices: list[Problem] = list(grid.notices)
    _titles, notice = title_notice(grid, header, blank)
    if notice:
        notices.append(notice)

    columns: dict[str, str] = {}
    positions: dict[str, int] = {}
    unnamed: list[int] = []
    serial: list[int] = []
    ok = True
    suggested: set[str] = set()
    for col in grid.cells.columns:
        written = c.text(grid.cells.iat[header, col]) if not c.is_blank(grid.cells.iat[header, col]) else ""
        word = header_word(written)
        if not word:
            unnamed.append(col)
            continue
        if word in SERIAL_WORDS:
            serial.append(col)
            continue
        name = words.get(word)
        if name is None:
            ok = False
            accepted = "、".join(f"{x.alias}（{x.name}）" for x in spec.columns)
            import difflib  # only when a header is wrong

            guess = difflib.get_close_matches(written, list(words), n=1, cutoff=0.5)
            if guess:
                suggested.add(words[guess[0]])
            hint = (f"是不是「{guess[0]}」？" if guess else "") + f"{spec.label}可用的列名：{accepted}"
            problems.append(Problem(grid.file, f"无法识别的列名「{written}」", header + 1, written, hint, sheet=grid.sheet))
        elif name in columns:
            ok = False
            problems.append(Problem(grid.file, f"列「{written}」出现了两次", header + 1, written, "每一列只能有一个",
                                    sheet=grid.sheet))
        else:
            columns[name] = written
            positions[name] = col
    for col in spec.columns:
        if col.name in suggested and col.name not in columns:
            ok = False
        elif col.required and col.name not in columns:
            ok = False
            problems.append(Problem(grid.file, f"缺少必填列「{col.alias}」（{col.name}）", header + 1, None,
                                    f"请在表头加上「{col.alias}」列", sheet=grid.sheet))
    if not ok:
        return None

    body = np.arange(header + 1, grid.cells.shape[0])
    body_blank = blank.to_numpy()[header + 1:]
    row_blank = body_blank.all(axis=1) if body_blank.size else np.zeros(0, dtype=bool)
    filled = body[~row_blank]
    if not len(filled):
        problems.append(Problem(grid.file, "只有表头，没有数据行", hint="请至少填写一行数据", sheet=grid.sheet))
        return None
    last = filled[-1]
    inside_blank = body[row_blank & (body < last)]
    skipped: list[str] = []
    if len(inside_blank):
        row, which = located([int(r) + 1 for r in inside_blank])
        notices.append(Problem(grid.file, f"{which}是空行，已跳过", row=row, severity="notice", sheet=grid.sheet))
        skipped.append(f"{rows_text([r + 1 for r in inside_blank])}：空行")
    if serial:
        names = "、".join(f"{column_letter(s)}列（{c.text(grid.cells.iat[header, s])}）" for s in serial)
        notices.append(Problem(grid.file, "这一列只是行号，已忽略", row=header + 1,
                               column=c.text(grid.cells.iat[header, serial[0]]), severity="notice", sheet=grid.sheet))
        skipped.append(f"{names}：序号")

    # Cells in a column without a header: an error where they hold something, a notice for an empty
    # column between named ones (trailing empty columns, as Excel's CSVs end rows with ",,,", say nothing).
    mapped_cols = sorted(positions.values()) + serial
    rightmost = max(mapped_cols) if mapped_cols else -1
    column_index = {col: i for i, col in enumerate(grid.cells.columns)}
    for col in unnamed:
        holds = filled[~body_blank[filled - header - 1, column_index[col]]]
        if len(holds):
            for r in holds:
                problems.append(Problem(grid.file, "这一行在表头之外还有内容", int(r) + 1, column_letter(col),
                                        "请删除多余的单元格，或为它补上列名", sheet=grid.sheet))
        elif col < rightmost:
            notices.append(Problem(grid.file, "这一列是空列，已忽略", row=header + 1,
                                   column=column_letter(col), severity="notice", sheet=grid.sheet))
            skipped.append(f"{column_letter(col)}列：空列")

    frame = grid.cells.iloc[filled, [positions[n] for n in columns]].copy()
    frame.columns = list(columns)
    frame.index = range(len(frame))
    rows = filled + 1

    totals: list[TotalRow] = []
    total_mask = np.zeros(len(frame), dtype=bool)
    for name in LABEL_COLUMNS[spec.name]:
        if name in frame.columns:
            total_mask |= _total_cells(frame[name])
    if total_mask.any():
        for i in np.flatnonzero(total_mask):
            cells_ = {n: frame.iat[i, k] for k, n in enumerate(frame.columns)}
            word = next(w for n in LABEL_COLUMNS[spec.name] if n in cells_ and (w := c.total_word(cells_[n])))
            totals.append(TotalRow(int(rows[i]), word, cells_))
        row, which = located([t.row for t in totals])
        notices.append(Problem(
            grid.file,
            f"{which}是{'、'.join(dict.fromkeys(t.word for t in totals))}行，不是某个单位或指标的数字，已跳过",
            row=row, severity="notice", sheet=grid.sheet,
            hint="合计可由看板算出；如确需保存，请作为一个指标填写"))
        skipped.append(f"{rows_text([t.row for t in totals])}：{'、'.join(dict.fromkeys(t.word for t in totals))}行")
        frame = frame[~total_mask]
        frame.index = range(len(frame))
        rows = rows[~total_mask]

    if not len(frame):
        problems.append(Problem(grid.file, "只有表头，没有数据行", hint="请至少填写一行数据", sheet=grid.sheet))
        return None
    notices += merged_notices(grid, set(range(header, grid.cells.shape[0])), set(positions.values()))
    return Table(spec, grid.file, grid.sheet, header + 1, columns, positions, frame, rows, totals, notices, skipped)


def _total_cells(s: pd.Series) -> np.ndarray:
    """Vectorised: which cells of a label column say 合计/总计/小计/平均 (cheap test first)."""
    if columns.is_text(s):
        maybe = columns.contains(s, "|".join(c.SUMMARY_MARKS))
    else:
        maybe = np.fromiter((isinstance(v, str) and any(m in v for m in c.SUMMARY_MARKS) for v in s), dtype=bool,
                            count=len(s))
    out = np.zeros(len(s), dtype=bool)
    for i in np.flatnonzero(maybe):
        out[i] = c.total_word(s.iat[i]) is not None
    return out


def merged_notices(grid: Grid, rows: set[int], cols: set[int]) -> list[Problem]:
    """One notice per merged area whose value was spread into cells that are read (DATA_SPEC v2:
    "the merged area's value applies to every cell of the area")."""
    areas: dict[str, tuple[int, int]] = {}
    for (r, col), area in grid.merged.items():
        if r in rows and col in cols and area not in areas:
            areas[area] = (r, col)
    notices = []
    for area, (r, col) in sorted(areas.items(), key=lambda a: a[1]):
        value = grid.cells.iat[r, col]
        if c.is_blank(value):
            continue
        notices.append(Problem(grid.file, f"合并单元格 {area} 的值{quote(c.text(value))}已用于其中每一格",
                               row=int(area.split(":")[0].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")),
                               severity="notice", sheet=grid.sheet))
    return notices
