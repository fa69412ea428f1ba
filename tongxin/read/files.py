"""Bytes → grids: every file format an office keeps its figures in, read into rows and columns of
cells exactly as the person sees them (DATA_SPEC v2 "Reading what offices actually have" → Files).

What belongs here: encodings and separators of CSV/text files (UTF-8, UTF-8 with BOM, GB18030/GBK,
UTF-16 — Excel's "Unicode 文本"; comma or tab), XLSX as Excel and WPS write it (every cell read, the
stored sheet dimension never trusted), `.xls` (Excel 97–2003, through xlrd), number formats that
show a percent sign, merged areas (their value copied into every cell), and one clear message for
anything else (`.et`, Numbers, …). Nothing here knows what a header or a table is — that is `shape`.

Why xlrd for `.xls`: it is the long-standing reader of the BIFF format (Excel 97–2003), small and
pure Python, and with `formatting_info=True` it gives what tolerant reading needs and python-calamine
does not: each cell's number format (to read a `0.0%` cell as the percent it shows) and the merged
areas. It is only imported when an `.xls` arrives.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath

import pandas as pd

from ..model import Problem
from .cells import Reject, Shown

MAX_XLSX_UNCOMPRESSED = 50 * 1024 * 1024  # a real template inflates to well under 1 MB
MAX_XLSX_PARTS = 200
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container of .xls (and of WPS .et)

TEXT_EXTENSIONS = (".csv", ".txt", ".tsv")
XLSX_EXTENSIONS = (".xlsx", ".xlsm")
XLS_EXTENSIONS = (".xls",)
READABLE = TEXT_EXTENSIONS + XLSX_EXTENSIONS + XLS_EXTENSIONS
# Files that hold a spreadsheet this app cannot read, and how to save them so it can.
NOT_READABLE = {
    ".et": "这是 WPS 表格文件（.et）", ".ett": "这是 WPS 表格模板（.ett）",
    ".numbers": "这是苹果 Numbers 文件", ".ods": "这是 OpenDocument 表格（.ods）",
    ".xlsb": "这是 Excel 二进制工作簿（.xlsb）", ".xltx": "这是 Excel 模板（.xltx）",
    ".wps": "这是 WPS 文字文件（.wps），不是表格", ".doc": "这是 Word 文件，不是表格",
    ".docx": "这是 Word 文件，不是表格", ".pdf": "这是 PDF 文件，不是表格",
}
SAVE_AS = {
    ".et": "请在 WPS 中打开，选“文件 → 另存为”，文件类型选“Excel 工作簿（*.xlsx）”，再上传另存后的文件",
    ".ett": "请在 WPS 中打开，选“文件 → 另存为”，文件类型选“Excel 工作簿（*.xlsx）”",
    ".numbers": "请在 Numbers 中选“文件 → 导出为 → Excel”，得到 .xlsx 文件后再上传",
}
SAVE_AS_DEFAULT = "请用 Excel 或 WPS 打开，另存为“Excel 工作簿（*.xlsx）”或“CSV”后再上传"


@dataclass
class Grid:
    """One CSV, or one worksheet: cells as the person sees them.

    `cells`: a DataFrame with a RangeIndex (spreadsheet row = index + 1) and integer columns
    (spreadsheet column = column + 1). CSV cells are `str` ("" when empty); workbook cells are
    str, int/float, bool, `datetime`, or `Shown` (a number shown with a percent sign), "" when empty.
    `merged`: (row, column) of each cell that got its value from a merged area → the area ("A3:A5");
    the area's first cell is not in it.
    """

    file: str
    sheet: str
    cells: pd.DataFrame
    merged: dict[tuple[int, int], str] = field(default_factory=dict)
    detail: str = ""  # how the bytes were read, for the understanding: "GBK 编码，逗号分隔"
    notices: list[Problem] = field(default_factory=list)
    hidden: bool = False  # a hidden worksheet


def extension(name: str) -> str:
    return PurePath(name).suffix.lower()


def unreadable(name: str) -> Problem | None:
    """The one clear message for a file this app cannot read (DATA_SPEC v2 Files), else None."""
    ext = extension(name)
    if ext in READABLE:
        return None
    what = NOT_READABLE.get(ext, f"不认识这种文件（{ext or '没有扩展名'}）")
    return Problem(name, what + "，无法读取", hint=SAVE_AS.get(ext, SAVE_AS_DEFAULT))


def column_letter(index: int) -> str:
    """0 → A, 27 → AB: how a spreadsheet names a column."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# --- CSV and text -----------------------------------------------------------------------------------

_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")  # in text only by accident: many mean a binary file
ENCODING_NAMES = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8（带 BOM）", "gb18030": "GBK/GB18030", "utf-16": "UTF-16（Unicode 文本）"}


def decode(data: bytes) -> tuple[str, str]:
    """Bytes of a text table in an accepted encoding → (text, encoding); `Reject` for anything else."""
    if not data.strip(b" \t\r\n\x00"):
        raise Reject("文件是空的", "请填入表头和至少一行数据")
    if data[:4] == b"PK\x03\x04":
        raise Reject("这是一个压缩文件或 XLSX 工作簿，不是 CSV 文本",
                     "XLSX 请按工作簿上传（扩展名 .xlsx），或在 Excel 中另存为“CSV”")
    if data[:8] == OLE2:
        raise Reject("这是一个 Excel 97–2003 工作簿（.xls），不是 CSV 文本", "请把扩展名改回 .xls，或在 Excel 中另存为“CSV”")
    encoding = None
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        encoding = "utf-16"
    elif len(data) >= 4 and data[1:40:2].count(0) > 15 and b"\x00" not in data[0:40:2]:
        encoding = "utf-16-le"  # "Unicode 文本" that lost its BOM
    if encoding:
        try:
            return data.decode(encoding), "utf-16"
        except UnicodeDecodeError:
            raise Reject("不是 CSV 文本文件（UTF-16 编码有误）", "请在 Excel 中用“另存为 → CSV”保存后再试") from None
    if b"\x00" in data[:8192]:
        raise Reject("不是 CSV 文本文件（含二进制内容）", "请在 Excel 中用“另存为 → CSV”保存后再试")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        head = text[:65536]
        controls = len(_CONTROLS.findall(head))
        if controls > max(2, len(head) // 100):
            break
        if encoding == "utf-8-sig":
            encoding = "utf-8-sig" if data[:3] == b"\xef\xbb\xbf" else "utf-8"
        return text, encoding
    raise Reject("不是 CSV 文本文件（无法按 UTF-8、GBK 或 UTF-16 编码读取）", "请在 Excel 中用“另存为 → CSV”保存后再试")


def separator(text: str) -> str:
    """Tab when most of the first non-empty lines have more tabs than commas (Excel's "Unicode 文本",
    "文本文件（制表符分隔）"), else comma."""
    lines = [line for line in text[:65536].splitlines()[:30] if line.strip(" ,\t")]
    tabbed = sum(1 for line in lines if line.count("\t") > line.count(","))
    return "\t" if lines and tabbed * 2 > len(lines) else ","


def read_text(name: str, data: bytes) -> Grid:
    """A CSV or tab-separated text file → Grid of str cells. The common, well-formed file goes
    straight through pandas' C parser; a ragged one (rows of different lengths) through `csv`."""
    text, encoding = decode(data)
    sep = separator(text)
    if encoding in ("utf-8", "utf-8-sig"):
        source, pandas_encoding = data, "utf-8-sig"
    else:
        source, pandas_encoding = text.encode("utf-8"), "utf-8"
    try:
        cells = pd.read_csv(io.BytesIO(source), sep=sep, header=None, dtype=str, keep_default_na=False,
                            na_filter=False, skip_blank_lines=False, encoding=pandas_encoding, engine="c")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError, ValueError):
        rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=sep))
        width = max((len(r) for r in rows), default=0)
        cells = pd.DataFrame([r + [""] * (width - len(r)) for r in rows], dtype=str)
    cells = cells.fillna("")
    cells.columns = range(cells.shape[1])
    detail = f"{ENCODING_NAMES[encoding]} 编码，{'制表符' if sep == chr(9) else '逗号'}分隔"
    return Grid(name, "", cells, detail=detail)


# --- XLSX (Excel and WPS) ------------------------------------------------------------------------------


def check_xlsx_container(data: bytes) -> None:
    """An XLSX is a zip holding a workbook part; refuse anything else before parsing it — including a
    "zip bomb", measured by actually inflating (a zip's declared sizes can lie)."""
    if data[:4] != b"PK\x03\x04":
        if data[:8] == OLE2:
            raise Reject("扩展名是 .xlsx，内容却是 Excel 97–2003 工作簿（.xls）", "请把扩展名改为 .xls 再上传，或在 Excel 中另存为 .xlsx")
        raise Reject("不是 XLSX 工作簿", "请上传用 Excel 保存的 .xlsx 文件（不是改了扩展名的文件）")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist())
            if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
                raise Reject("这个压缩文件不是 XLSX 工作簿", "请上传用 Excel 保存的 .xlsx 文件")
            if len(names) > MAX_XLSX_PARTS:
                raise Reject(f"工作簿内部文件过多（{len(names)} 个），拒绝读取", "正常的数据模板只有十几个内部文件")
            total = 0
            for info in z.infolist():
                with z.open(info) as part:
                    while chunk := part.read(1 << 16):
                        total += len(chunk)
                        if total > MAX_XLSX_UNCOMPRESSED:
                            raise Reject(
                                f"工作簿解压后超过 {MAX_XLSX_UNCOMPRESSED // (1024 * 1024)} MB，拒绝读取",
                                "正常的数据模板解压后不到 1 MB；请检查是否误传了其他文件",
                            )
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError, ValueError, RuntimeError):
        raise Reject("XLSX 工作簿已损坏，无法打开", "请用 Excel 打开后重新保存再试") from None


_QUOTED = re.compile(r'"[^"]*"')
_ESCAPED = re.compile(r"\\.")
_BRACKETED = re.compile(r"\[[^\]]*\]")


def percent_format(number_format: str | None) -> str | None:
    """"real" for a format that shows a stored 0.92 as 92% (`0%`, `0.0%`), "literal" for one that only
    prints a percent sign after the stored number (`0.0"%"`, `0.00\\%`), else None."""
    if not number_format or "%" not in number_format:
        return None
    first = number_format.split(";")[0]
    bare = _BRACKETED.sub("", _ESCAPED.sub("", _QUOTED.sub("", first)))
    if "%" in bare:
        return "real"
    return "literal" if "%" in first else None


def shown(number, number_format: str | None):
    """A stored number → what the cell shows: `Shown` when a percent sign shows, else the number."""
    if isinstance(number, bool) or not isinstance(number, (int, float)):
        return number
    how = percent_format(number_format)
    if how == "real":
        return Shown(round(number * 100, 10), number, number_format)
    if how == "literal":
        return Shown(float(number), number, number_format)
    return number


def read_xlsx(name: str, data: bytes) -> list[Grid]:
    """Every worksheet of an XLSX (Excel or WPS) → Grids, hidden ones included (the caller decides).

    openpyxl's normal (not read-only) mode is used on purpose: it parses every `<c>` element and
    works out the sheet's extent from them, where read-only mode trusts `<dimension ref=…>` — which
    WPS and some exporters leave at "A1". It also gives the merged areas.
    """
    check_xlsx_container(data)
    import openpyxl  # imported here: only workbook users pay for it

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception:  # openpyxl raises many types for a damaged file
        raise Reject("无法打开这个 XLSX 工作簿（文件损坏或不是 Excel 格式）", "请用 Excel 打开后重新保存再试") from None
    formulas = _formula_cells_without_values(data, book)
    grids = []
    for ws in book.worksheets:
        rows = []
        for row in ws.iter_rows(min_row=1, max_row=max(ws.max_row, 1), max_col=max(ws.max_column, 1)):
            rows.append(["" if c.value is None else shown(c.value, c.number_format) for c in row])
        grid = Grid(name, ws.title.strip(), _frame(rows), detail="XLSX 工作簿")
        for area in ws.merged_cells.ranges:
            _fill_merged(grid, area.min_row - 1, area.max_row - 1, area.min_col - 1, area.max_col - 1)
        for coordinate in formulas.get(ws.title, ()):
            grid.notices.append(Problem(name, f"单元格 {coordinate} 是公式，但文件里没有保存它的计算结果，按空白读取",
                                        hint="请在 Excel 或 WPS 中打开这个文件、保存一次，再上传", severity="warning",
                                        sheet=grid.sheet))
        grid.hidden = ws.sheet_state != "visible"
        grids.append(grid)
    return grids


def _formula_cells_without_values(data: bytes, book) -> dict[str, list[str]]:
    """Formula cells whose file holds no computed value (files written by a program, never opened in
    Excel): read as blank by data_only, so name them instead of dropping them silently."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        if not any(b"<f" in z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/")):
            return {}
    import openpyxl

    found: dict[str, list[str]] = {}
    raw = openpyxl.load_workbook(io.BytesIO(data), data_only=False)
    for ws in raw.worksheets:
        computed = book[ws.title]
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and c.value.startswith("=") and computed[c.coordinate].value is None:
                    found.setdefault(ws.title, []).append(c.coordinate)
    return found


def _frame(rows: list[list]) -> pd.DataFrame:
    width = max((len(r) for r in rows), default=0)
    frame = pd.DataFrame([r + [""] * (width - len(r)) for r in rows], dtype=object)
    frame.columns = range(frame.shape[1])
    return frame


def _fill_merged(grid: Grid, r0: int, r1: int, c0: int, c1: int) -> None:
    if r0 >= grid.cells.shape[0] or c0 >= grid.cells.shape[1]:
        return
    value = grid.cells.iat[r0, c0]
    area = f"{column_letter(c0)}{r0 + 1}:{column_letter(c1)}{r1 + 1}"
    for r in range(r0, min(r1, grid.cells.shape[0] - 1) + 1):
        for c in range(c0, min(c1, grid.cells.shape[1] - 1) + 1):
            if (r, c) != (r0, c0):
                grid.cells.iat[r, c] = value
                grid.merged[(r, c)] = area


# --- XLS (Excel 97–2003) --------------------------------------------------------------------------------


def read_xls(name: str, data: bytes) -> list[Grid]:
    """Every worksheet of an Excel 97–2003 workbook → Grids, through xlrd with number formats."""
    if data[:4] == b"PK\x03\x04":  # an .xlsx someone renamed: read it for what it is, and say so
        grids = read_xlsx(name, data)
        for g in grids[:1]:
            g.notices.append(Problem(name, "扩展名是 .xls，内容其实是 .xlsx 工作簿，已按 .xlsx 读取", severity="notice"))
        return grids
    if data[:8] != OLE2:
        head = data[:512].lstrip().lower()
        if head.startswith((b"<", b"\xef\xbb\xbf<")):
            raise Reject("这个 .xls 其实是网页（HTML）格式，不是真正的 Excel 工作簿",
                         "请用 Excel 或 WPS 打开它，另存为“Excel 工作簿（*.xlsx）”后再上传")
        raise Reject("不是 Excel 97–2003 工作簿（.xls）", SAVE_AS_DEFAULT)
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True)
    except Exception:  # xlrd raises XLRDError, CompDocError, struct.error … for damaged files
        raise Reject("无法打开这个 .xls 工作簿（文件损坏，或是 WPS 的 .et 改了扩展名）",
                     "请用 Excel 或 WPS 打开它，另存为“Excel 工作簿（*.xlsx）”后再上传") from None
    grids = []
    for sheet in book.sheets():
        rows = []
        for r in range(sheet.nrows):
            rows.append([_xls_cell(book, sheet.cell(r, c)) for c in range(sheet.ncols)])
        grid = Grid(name, sheet.name.strip(), _frame(rows), detail="Excel 97–2003 工作簿（.xls）")
        for r0, r1, c0, c1 in sheet.merged_cells:  # xlrd: half-open ranges
            _fill_merged(grid, r0, r1 - 1, c0, c1 - 1)
        grid.hidden = sheet.visibility != 0
        grids.append(grid)
    return grids


def _xls_cell(book, cell):
    import xlrd

    kind = cell.ctype
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return ""
    if kind == xlrd.XL_CELL_TEXT:
        return cell.value
    if kind == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    if kind == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(cell.value, "#ERROR")
    if kind == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate_as_datetime(cell.value, book.datemode)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return cell.value
    number_format = book.format_map[book.xf_list[cell.xf_index].format_key].format_str
    return shown(cell.value, number_format)


# --- any file -------------------------------------------------------------------------------------------


def read_grids(name: str, data: bytes) -> list[Grid]:
    """A file of any accepted kind → its grids (one for a CSV, one per worksheet). `Reject` with the
    one clear message for a file that cannot be read."""
    problem = unreadable(name)
    if problem is not None:
        raise Reject(problem.message, problem.hint)
    ext = extension(name)
    if ext in XLSX_EXTENSIONS:
        return read_xlsx(name, data)
    if ext in XLS_EXTENSIONS:
        return read_xls(name, data)
    return [read_text(name, data)]


def sheet_names(name: str, data: bytes) -> list[str]:
    """A workbook's worksheet names without reading its cells ([] for a text file or a workbook that
    cannot be opened: reading it whole reports why)."""
    ext = extension(name)
    try:
        if ext in XLSX_EXTENSIONS or (ext in XLS_EXTENSIONS and data[:4] == b"PK\x03\x04"):
            check_xlsx_container(data)
            import openpyxl

            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
            try:
                return [n.strip() for n in book.sheetnames]
            finally:
                book.close()
        if ext in XLS_EXTENSIONS and data[:8] == OLE2:
            import xlrd

            return [n.strip() for n in xlrd.open_workbook(file_contents=data, on_demand=True).sheet_names()]
    except Exception:  # damaged: the full read says what is wrong
        return []
    return []


def is_date(cell) -> bool:
    return isinstance(cell, (dt.date, dt.datetime))
