"""Read a data folder, an XLSX workbook or uploaded files into a validated `Dataset`.

What belongs here: everything between bytes and a `Dataset` — encodings, Chinese header
aliases, the kind reading of values (DATA_SPEC "Rules the loader enforces") and validation that
collects *every* problem with its file, spreadsheet row and column. A dataset with any error is
never returned, not even partly; warnings travel with a good dataset.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import math
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .model import QUALIFIERS, DataError, Dataset, Indicator, Observation, Problem, Source

# --- the contract's tables ---------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    name: str  # English id used in code and written by the app
    alias: str  # Chinese header officials may use instead
    required: bool = False


@dataclass(frozen=True)
class TableSpec:
    name: str  # indicators / observations / sources
    file: str  # the CSV file name in a data folder
    sheet: str  # the Chinese sheet name in a workbook
    label: str  # what the table is called in messages
    columns: tuple[Column, ...]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


TABLES = {
    "indicators": TableSpec(
        "indicators",
        "indicators.csv",
        "指标",
        "指标表",
        (
            Column("id", "编号", True),
            Column("name", "名称", True),
            Column("pillar", "板块", True),
            Column("unit", "单位", True),
            Column("kind", "类型", True),
            Column("description", "说明"),
            Column("higher_is_better", "越高越好"),
            Column("headline", "重点"),
            Column("part_of", "所属指标"),
        ),
    ),
    "observations": TableSpec(
        "observations",
        "observations.csv",
        "数据",
        "数据表",
        (
            Column("org", "单位名称", True),
            Column("indicator", "指标", True),
            Column("period_start", "起始年份"),
            Column("period_end", "截止年份", True),
            Column("period_label", "期间"),
            Column("value", "数值", True),
            Column("qualifier", "限定"),
            Column("type", "性质"),
            Column("source", "来源", True),
            Column("note", "备注"),
        ),
    ),
    "sources": TableSpec(
        "sources",
        "sources.csv",
        "来源",
        "来源表",
        (
            Column("id", "编号", True),
            Column("title", "标题", True),
            Column("publisher", "发布者", True),
            Column("date", "日期", True),
            Column("url", "链接"),
            Column("note", "备注"),
        ),
    ),
}

KINDS = {"rate": "rate", "比率": "rate", "count": "count", "数量": "count", "amount": "amount", "金额": "amount"}
TYPES = {"actual": "actual", "实际": "actual", "target": "target", "目标": "target"}
BOOLEANS = {"true": True, "是": True, "yes": True, "1": True, "false": False, "否": False, "no": False, "0": False}
YEAR_MIN, YEAR_MAX = 1949, 2100
INDICATOR_ID = re.compile(r"[a-z][a-z0-9_]*")
SOURCE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]*")
ENCODINGS = ("utf-8-sig", "gb18030")  # utf-8-sig also reads plain UTF-8
MAX_XLSX_UNCOMPRESSED = 50 * 1024 * 1024  # a real template inflates to well under 1 MB
MAX_XLSX_PARTS = 200


@dataclass(frozen=True)
class Percent:
    """An XLSX cell formatted as a percentage: stored 0.92, shown 92%."""

    fraction: float


@dataclass
class RawTable:
    """A table as read from a file, before any meaning is given to it."""

    spec: TableSpec
    file: str  # how messages name it: "indicators.csv" or "模板.xlsx「指标」工作表"
    header: list
    rows: list  # (spreadsheet row number, list of cells)


class _Reject(Exception):
    """A single cell's problem, turned into a `Problem` by the row reader."""

    def __init__(self, message: str, hint: str = ""):
        self.message, self.hint = message, hint


# --- entry points --------------------------------------------------------------------------


def load_dataset(path: str | Path) -> Dataset:
    """A data folder (three CSVs) or an XLSX workbook → Dataset, or DataError with every problem."""
    dataset, problems = read_dataset(path)
    if dataset is None:
        raise DataError(problems)
    return dataset


def read_dataset(path: str | Path) -> tuple[Dataset | None, list[Problem]]:
    """Like `load_dataset`, but returns (dataset or None, problems incl. warnings)."""
    path = Path(path)
    if path.is_file():
        if path.suffix.lower() == ".xlsx":
            return read_files({path.name: path.read_bytes()})
        return None, [Problem(path.name, "不是 XLSX 工作簿，也不是数据文件夹", hint="请指定数据文件夹或 .xlsx 文件")]
    if not path.is_dir():
        return None, [Problem(str(path), "找不到这个数据文件夹或文件")]
    files = {}
    for spec in TABLES.values():
        f = path / spec.file
        if f.is_file():
            files[spec.file] = f.read_bytes()
    if not files:
        workbooks = sorted(p for p in path.glob("*.xlsx") if not p.name.startswith("~$"))
        if len(workbooks) == 1:
            return read_files({workbooks[0].name: workbooks[0].read_bytes()})
    return read_files(files, where=str(path))


def read_files(files: dict[str, bytes], where: str = "") -> tuple[Dataset | None, list[Problem]]:
    """Named file contents (the three CSVs, or one workbook) → (dataset or None, problems).

    CSVs are matched to tables by their file name (`indicators.csv`, or one containing 指标/数据/来源).
    """
    problems: list[Problem] = []
    tables: dict[str, RawTable] = {}
    attempted: set[str] = set()
    for name, data in files.items():
        if name.lower().endswith(".xlsx"):
            found, file_problems = read_workbook(name, data)
            tables.update(found)
            problems += file_problems
            attempted.update(TABLES)  # the workbook reader names a missing sheet itself
            continue
        spec = table_for_file(name)
        if spec is None:
            problems.append(
                Problem(
                    name,
                    "认不出这是哪一张表",
                    hint="文件名应为 indicators.csv、observations.csv、sources.csv（或含“指标”“数据”“来源”）",
                )
            )
            continue
        if spec.name in attempted:
            problems.append(Problem(name, f"与另一个文件重复：都是{spec.label}", hint="每张表只上传一个文件"))
            continue
        attempted.add(spec.name)
        try:
            tables[spec.name] = read_csv(spec, name, data)
        except _Reject as r:
            problems.append(Problem(name, r.message, hint=r.hint))
    for spec in TABLES.values():
        if spec.name not in attempted:
            folder = f"数据文件夹 {where} " if where else ""
            problems.append(
                Problem(
                    spec.file,
                    "找不到这个文件",
                    hint=f"{folder}需要 indicators.csv、observations.csv、sources.csv 三个文件，"
                    "或一个含三个工作表的 XLSX 工作簿",
                )
            )
    dataset, table_problems = build_dataset(tables)
    problems += table_problems
    if any(p.severity == "error" for p in problems):
        return None, problems
    return dataset, problems


def table_for_file(name: str) -> TableSpec | None:
    base = Path(name).name.lower()
    for spec in TABLES.values():
        if base == spec.file or base.startswith(spec.name):
            return spec
    for spec in TABLES.values():
        if spec.sheet in base:
            return spec
    return None


# --- reading bytes -------------------------------------------------------------------------


def decode_text(data: bytes) -> str:
    """Bytes of a CSV in an accepted encoding → text; `_Reject` for anything else."""
    if not data.strip():
        raise _Reject("文件是空的", "请填入表头和至少一行数据")
    if data[:4] == b"PK\x03\x04":
        raise _Reject("这是一个压缩文件或 XLSX 工作簿，不是 CSV 文本", "XLSX 请按工作簿上传，或在 Excel 中另存为“CSV”")
    if b"\x00" in data[:8192]:
        raise _Reject("不是 CSV 文本文件（含二进制内容）", "请在 Excel 中用“另存为 → CSV”保存后再试")
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\r\n\t")
        if controls > max(2, len(text) // 100):
            break
        return text
    raise _Reject("不是 CSV 文本文件（无法按 UTF-8 或 GBK 编码读取）", "请在 Excel 中用“另存为 → CSV”保存后再试")


def read_csv(spec: TableSpec, name: str, data: bytes) -> RawTable:
    text = decode_text(data)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    numbered = [(i + 1, row) for i, row in enumerate(rows)]
    header_at = next((n for n, row in numbered if any(c.strip() for c in row)), None)
    if header_at is None:
        raise _Reject("文件是空的", "请填入表头和至少一行数据")
    header = numbered[header_at - 1][1]
    return RawTable(spec, name, header, [(n, row) for n, row in numbered[header_at:]])


def read_workbook(name: str, data: bytes) -> tuple[dict[str, RawTable], list[Problem]]:
    """An XLSX with sheets indicators/observations/sources (or 指标/数据/来源)."""
    try:
        check_xlsx_container(data)
    except _Reject as r:
        return {}, [Problem(name, r.message, hint=r.hint)]
    import openpyxl  # imported here: only workbook users pay for it

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many types for a damaged file
        return {}, [Problem(name, "无法打开这个 XLSX 工作簿（文件损坏或不是 Excel 格式）", hint="请用 Excel 打开后重新保存再试")]
    tables: dict[str, RawTable] = {}
    problems: list[Problem] = []
    sheetnames = {s.strip().lower(): s for s in wb.sheetnames}
    for spec in TABLES.values():
        sheet = sheetnames.get(spec.name) or sheetnames.get(spec.sheet)
        if sheet is None:
            problems.append(
                Problem(
                    name,
                    f"缺少「{spec.sheet}」工作表",
                    hint="工作簿需要三个工作表：指标、数据、来源（或 indicators、observations、sources）",
                )
            )
            continue
        rows = []
        for r, cells in enumerate(wb[sheet].iter_rows(), start=1):
            rows.append((r, [_cell_value(c) for c in cells]))
        label = f"{name}「{sheet}」工作表"
        header_at = next((i for i, (_, cells) in enumerate(rows) if any(_blank(c) is False for c in cells)), None)
        if header_at is None:
            problems.append(Problem(label, "工作表是空的", hint="请填入表头和至少一行数据"))
            continue
        tables[spec.name] = RawTable(spec, label, rows[header_at][1], rows[header_at + 1 :])
    wb.close()
    return tables, problems


def check_xlsx_container(data: bytes) -> None:
    """An XLSX is a zip holding a workbook part; refuse anything else before parsing it — including a
    "zip bomb", measured by actually inflating (a zip's declared sizes can lie)."""
    if data[:4] != b"PK\x03\x04":
        raise _Reject("不是 XLSX 工作簿", "请上传用 Excel 保存的 .xlsx 文件（不是 .xls 或改了扩展名的文件）")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist())
            if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
                raise _Reject("这个压缩文件不是 XLSX 工作簿", "请上传用 Excel 保存的 .xlsx 文件")
            if len(names) > MAX_XLSX_PARTS:
                raise _Reject(f"工作簿内部文件过多（{len(names)} 个），拒绝读取", "正常的数据模板只有十几个内部文件")
            total = 0
            for info in z.infolist():
                with z.open(info) as part:
                    while chunk := part.read(1 << 16):
                        total += len(chunk)
                        if total > MAX_XLSX_UNCOMPRESSED:
                            raise _Reject(
                                f"工作簿解压后超过 {MAX_XLSX_UNCOMPRESSED // (1024 * 1024)} MB，拒绝读取",
                                "正常的数据模板解压后不到 1 MB；请检查是否误传了其他文件",
                            )
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError, ValueError, RuntimeError):
        raise _Reject("XLSX 工作簿已损坏，无法打开", "请用 Excel 打开后重新保存再试") from None


def _cell_value(cell):
    value = cell.value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if "%" in (getattr(cell, "number_format", "") or ""):
            return Percent(value)
    return value


def _blank(cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


# --- building the dataset ------------------------------------------------------------------


def build_dataset(tables: dict[str, RawTable]) -> tuple[Dataset | None, list[Problem]]:
    problems: list[Problem] = []
    readers = {}
    for name, raw in tables.items():
        reader = _TableReader(raw, problems)
        if reader.header_ok:
            readers[name] = reader

    indicators, indicator_ids = _read_indicators(readers.get("indicators"), problems)
    sources, source_ids = _read_sources(readers.get("sources"), problems)
    observations = _read_observations(readers.get("observations"), indicators, indicator_ids, source_ids, problems)

    if any(p.severity == "error" for p in problems) or len(readers) < len(TABLES):
        return None, problems
    dataset = Dataset(
        tuple(indicators.values()),
        tuple(o for o, _ in observations),
        tuple(sources.values()),
        tuple(p for p in problems if p.severity == "warning"),
    )
    return dataset, problems


class _TableReader:
    """Maps a raw table's header to contract columns and reads its rows cell by cell."""

    def __init__(self, raw: RawTable, problems: list[Problem]):
        self.raw, self.spec, self.problems = raw, raw.spec, problems
        self.index: dict[str, int] = {}
        self.header_text: dict[str, str] = {}
        self.header_ok = self._map_header()
        self._rows = self._read_rows() if self.header_ok else []
        if self.header_ok and not self._rows:
            self.header_ok = False
            self._problem("只有表头，没有数据行", hint="请至少填写一行数据")

    def _problem(self, message, row=None, column=None, hint="", severity="error"):
        self.problems.append(Problem(self.raw.file, message, row, column, hint, severity))

    def _map_header(self) -> bool:
        ok = True
        names = {c.name.lower(): c for c in self.spec.columns} | {c.alias: c for c in self.spec.columns}
        suggested: set[str] = set()  # a missing column already offered as "是不是…" is not reported twice
        header_row = self._header_row_number()
        for i, cell in enumerate(self.raw.header):
            text = "" if cell is None else str(cell).strip().lstrip("\ufeff").strip()
            if not text:
                continue
            column = names.get(text.lower()) or names.get(text)
            if column is None:
                ok = False
                accepted = "、".join(f"{c.alias}（{c.name}）" for c in self.spec.columns)
                guess = difflib.get_close_matches(text, list(names), n=1, cutoff=0.5)
                if guess:
                    suggested.add(names[guess[0]].name)
                hint = (f"是不是「{guess[0]}」？" if guess else "") + f"{self.spec.label}可用的列名：{accepted}"
                self._problem(f"无法识别的列名「{text}」", header_row, text, hint)
            elif column.name in self.index:
                ok = False
                self._problem(f"列「{text}」出现了两次", header_row, text, "每一列只能有一个")
            else:
                self.index[column.name] = i
                self.header_text[column.name] = text
        for column in self.spec.columns:
            if column.name in suggested and column.name not in self.index:
                ok = False
            elif column.required and column.name not in self.index:
                ok = False
                self._problem(
                    f"缺少必填列「{column.alias}」（{column.name}）",
                    header_row,
                    None,
                    f"请在表头加上「{column.alias}」列",
                )
        return ok

    def _header_row_number(self) -> int:
        return self.raw.rows[0][0] - 1 if self.raw.rows else 1

    def rows(self):
        return self._rows

    def _read_rows(self):
        """Non-blank rows as (row number, {column: cell}); stray cells outside the header are reported."""
        result = []
        width = len(self.raw.header)
        for number, cells in self.raw.rows:
            if all(_blank(c) for c in cells):
                continue
            extra = [c for c in cells[width:] if not _blank(c)]
            if extra:
                self._problem("这一行在表头之外还有内容", number, None, "请删除多余的单元格，或为它补上列名")
            values = {}
            for name, i in self.index.items():
                cell = cells[i] if i < len(cells) else None
                if isinstance(cell, str):
                    cell = cell.strip()
                values[name] = cell
            result.append((number, values))
        return result

    def column_name(self, name: str) -> str:
        return self.header_text.get(name, self.spec.column(name).alias)

    def get(self, row_number, values, name, parse, required=False):
        """Parse one cell; report and return None on a problem."""
        cell = values.get(name)
        if _blank(cell):
            if required:
                self._problem("必填项为空", row_number, self.column_name(name), f"请填写「{self.spec.column(name).alias}」")
            return None
        try:
            return parse(cell)
        except _Reject as r:
            self._problem(r.message, row_number, self.column_name(name), r.hint)
            return None


# --- cell parsers (each raises _Reject with a Chinese message and hint) ---------------------

FULL_WIDTH = str.maketrans("０１２３４５６７８９．，％－", "0123456789.,%-")
CHINESE_NUMERALS = set("零〇一二三四五六七八九十百千万亿两壹贰叁肆伍陆柒捌玖拾佰仟")
NUMBER = re.compile(r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def text(cell) -> str:
    """A cell as text. The ' our exports put before formula-like text (=1+1) is taken off again."""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    value = str(cell).strip()
    if value.startswith("'") and value[1:2] and value[1] in FORMULA_START:
        return value[1:]
    return value


def indicator_id(cell) -> str:
    value = text(cell)
    if not INDICATOR_ID.fullmatch(value):
        raise _Reject(f"编号「{value}」不合规", "只能用小写英文字母、数字和下划线，并以字母开头，如 participation_rate")
    return value


def source_id(cell) -> str:
    value = text(cell)
    if not SOURCE_ID.fullmatch(value):
        raise _Reject(f"编号「{value}」不合规", "只能用英文字母、数字、下划线、点或短横线，如 qianwei_2025")
    return value


def year(cell) -> int:
    if isinstance(cell, bool):
        raise _Reject("年份应为四位整数", "如 2024")
    if isinstance(cell, (int, float)):
        if not float(cell).is_integer():
            raise _Reject(f"年份「{cell}」不是整数", "如 2024")
        value = int(cell)
    else:
        raw = text(cell)
        match = re.fullmatch(r"(\d{4})(?:\.0)?\s*年?", raw)
        if not match:
            if raw.translate(FULL_WIDTH) != raw:
                raise _Reject(f"年份「{raw}」含全角数字", f"请改为半角数字，如 {raw.translate(FULL_WIDTH)}")
            raise _Reject(f"年份「{raw}」看不懂", "请填四位数字年份，如 2024")
        value = int(match.group(1))
    if not YEAR_MIN <= value <= YEAR_MAX:
        raise _Reject(f"年份 {value} 超出范围", f"应在 {YEAR_MIN}–{YEAR_MAX} 之间")
    return value


def whole_number(cell) -> int:
    if isinstance(cell, (int, float)) and not isinstance(cell, bool) and float(cell).is_integer():
        return int(cell)
    raw = text(cell)
    if re.fullmatch(r"\d+", raw):
        return int(raw)
    raise _Reject(f"「{raw}」不是整数", "填 1、2、3 表示在总览中的先后顺序，不是重点则留空")


def boolean(cell) -> bool:
    if isinstance(cell, bool):
        return cell
    raw = text(cell).lower()
    if raw in BOOLEANS:
        return BOOLEANS[raw]
    raise _Reject(f"「{raw}」不是“是/否”", "填 true 或 false（也可填 是 / 否），留空表示越高越好")


def kind(cell) -> str:
    raw = text(cell)
    value = KINDS.get(raw.lower()) or KINDS.get(raw)
    if value is None:
        raise _Reject(f"未知的类型「{raw}」", "只能是 rate（比率）、count（数量）或 amount（金额）")
    return value


def observation_type(cell) -> str:
    raw = text(cell)
    value = TYPES.get(raw.lower()) or TYPES.get(raw)
    if value is None:
        raise _Reject(f"未知的性质「{raw}」", "只能是 actual（实际）或 target（目标），留空表示实际")
    return value


def qualifier(cell) -> str:
    raw = text(cell)
    if raw not in QUALIFIERS:
        raise _Reject(f"未知的限定词「{raw}」", "只能是 余、近、约，或留空表示准确数")
    return raw


def iso_date(cell) -> str:
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat()
    if isinstance(cell, dt.date):
        return cell.isoformat()
    raw = text(cell)
    # Excel rewrites 2025-03-19 as 2025/3/19 when it saves a CSV; both are unambiguous.
    match = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?", raw)
    if match:
        try:
            return dt.date(*(int(g) for g in match.groups())).isoformat()
        except ValueError:
            raise _Reject(f"日期「{raw}」不存在", "请检查月份和日期") from None
    raise _Reject(f"日期「{raw}」看不懂", "请写成 2025-03-19 这样的格式")


def value(cell, indicator_kind: str | None) -> tuple[float, str]:
    """A figure as officials type it → (number, qualifier). DATA_SPEC lists what is read kindly."""
    if isinstance(cell, Percent):
        if indicator_kind != "rate":
            raise _Reject("单元格是百分比格式，但这个指标不是比率", "请把单元格格式改为“常规”或“数值”")
        return round(cell.fraction * 100, 10), ""
    if isinstance(cell, bool):
        raise _Reject("不是数字", "请填写数字，如 1500 或 98.5")
    if isinstance(cell, (int, float)):
        if not math.isfinite(cell):
            raise _Reject("不是有效数字", "请填写数字，如 1500 或 98.5")
        return float(cell), ""
    raw = text(cell)
    if raw.translate(FULL_WIDTH) != raw:
        raise _Reject(f"「{raw}」含全角数字或符号", f"请改为半角，如 {raw.translate(FULL_WIDTH)}")
    if any(ch in CHINESE_NUMERALS for ch in raw):
        raise _Reject(
            f"「{raw}」含中文数字",
            "请改写为阿拉伯数字，如 九十 → 90；“近千”请写作 近1000，“四百一十余”请写作 410余",
        )
    match = re.fullmatch(r"(近|约)?\s*(" + NUMBER.pattern + r")\s*(余)?\s*(%)?", raw)
    if not match:
        if "," in raw and re.fullmatch(r"[\d,.\-]+", raw):
            raise _Reject(f"「{raw}」的千位分隔符位置不对", "写作 1500 或 1,500；小数点请用“.”")
        raise _Reject(f"「{raw}」不是数字", "数值列只填数字，如 1500、98.5、92%、410余、近1000；单位写在指标表的「单位」列")
    prefix, number, suffix, percent = match.groups()
    if prefix and suffix:
        raise _Reject(f"「{raw}」同时有两个限定词", "“近”“约”“余”只能用一个")
    if percent and indicator_kind != "rate":
        raise _Reject(f"「{raw}」带百分号，但这个指标不是比率", "数量或金额请只填数字")
    return float(number.replace(",", "")), prefix or suffix or ""


# --- tables --------------------------------------------------------------------------------


def _read_indicators(reader: _TableReader | None, problems: list[Problem]) -> tuple[dict[str, Indicator], set | None]:
    """Good indicators by id, and every id the table names (None when the table is unreadable)."""
    if reader is None:
        return {}, None
    found: dict[str, Indicator] = {}
    rows_of: dict[str, int] = {}
    for number, cells in reader.rows():
        before = len(problems)
        id_ = reader.get(number, cells, "id", indicator_id, required=True)
        name = reader.get(number, cells, "name", text, required=True)
        pillar = reader.get(number, cells, "pillar", text, required=True)
        unit = reader.get(number, cells, "unit", text, required=True)
        kind_ = reader.get(number, cells, "kind", kind, required=True)
        description = reader.get(number, cells, "description", text) or ""
        better = reader.get(number, cells, "higher_is_better", boolean)
        headline = reader.get(number, cells, "headline", whole_number)
        part_of = reader.get(number, cells, "part_of", indicator_id)
        if id_ is not None and id_ in rows_of:
            reader._problem(f"编号「{id_}」重复", number, reader.column_name("id"), f"第{rows_of[id_]}行已用过这个编号")
            continue
        if id_ is not None:
            rows_of[id_] = number
        if len(problems) > before:
            continue
        found[id_] = Indicator(id_, name, pillar, unit, kind_, description, better is not False, headline, part_of)
    for ind in list(found.values()):
        if ind.part_of is None:
            continue
        column = reader.column_name("part_of")
        row = rows_of[ind.id]
        whole = found.get(ind.part_of)
        if ind.part_of == ind.id:
            reader._problem("指标不能是它自己的一部分", row, column, "请填写它所属的另一个指标的编号")
        elif whole is None and ind.part_of not in rows_of:
            reader._problem(f"所属指标「{ind.part_of}」不存在", row, column, _suggest(ind.part_of, rows_of))
        elif whole is None:
            continue  # the whole's own row has a problem, reported there
        elif whole.unit != ind.unit:
            reader._problem(
                f"所属指标「{whole.name}」的单位是「{whole.unit}」，与本指标的「{ind.unit}」不同，无法计算占比",
                row,
                column,
                "“其中”关系两边的单位应相同",
            )
        elif whole.part_of is not None:
            reader._problem(f"所属指标「{whole.name}」本身又属于别的指标", row, column, "“其中”关系只支持一层")
    return found, set(rows_of)


def _read_sources(reader: _TableReader | None, problems: list[Problem]) -> tuple[dict[str, Source], set | None]:
    if reader is None:
        return {}, None
    found: dict[str, Source] = {}
    rows_of: dict[str, int] = {}
    for number, cells in reader.rows():
        before = len(problems)
        id_ = reader.get(number, cells, "id", source_id, required=True)
        title = reader.get(number, cells, "title", text, required=True)
        publisher = reader.get(number, cells, "publisher", text, required=True)
        date = reader.get(number, cells, "date", iso_date, required=True)
        url = reader.get(number, cells, "url", text) or ""
        note = reader.get(number, cells, "note", text) or ""
        if id_ is not None and id_ in rows_of:
            reader._problem(f"编号「{id_}」重复", number, reader.column_name("id"), f"第{rows_of[id_]}行已用过这个编号")
            continue
        if id_ is not None:
            rows_of[id_] = number
        if len(problems) > before:
            continue
        found[id_] = Source(id_, title, publisher, date, url, note)
    return found, set(rows_of)


def _read_observations(
    reader: _TableReader | None,
    indicators: dict[str, Indicator],
    indicator_ids: set | None,
    source_ids: set | None,
    problems: list[Problem],
) -> list[tuple[Observation, int]]:
    """Reference checks run only against a table that could be read (ids None = unreadable)."""
    if reader is None:
        return []
    found: list[tuple[Observation, int]] = []
    seen: dict[tuple, int] = {}
    for number, cells in reader.rows():
        before = len(problems)
        org = reader.get(number, cells, "org", text, required=True)
        ind_id = reader.get(number, cells, "indicator", text, required=True)
        indicator = indicators.get(ind_id) if ind_id else None
        if ind_id and indicator_ids is not None and ind_id not in indicator_ids:
            reader._problem(
                f"指标「{ind_id}」在指标表中不存在", number, reader.column_name("indicator"), _suggest(ind_id, indicator_ids)
            )
        start = reader.get(number, cells, "period_start", year)
        end = reader.get(number, cells, "period_end", year, required=True)
        label = reader.get(number, cells, "period_label", text) or ""
        kind_ = indicator.kind if indicator else None
        parsed = reader.get(number, cells, "value", lambda c, k=kind_: value(c, k), required=True)
        written_qualifier = reader.get(number, cells, "qualifier", qualifier) or ""
        type_ = reader.get(number, cells, "type", observation_type) or "actual"
        source = reader.get(number, cells, "source", text, required=True)
        if source and source_ids is not None and source not in source_ids:
            reader._problem(
                f"来源「{source}」在来源表中不存在", number, reader.column_name("source"), _suggest(source, source_ids)
            )
        note = reader.get(number, cells, "note", text) or ""
        if start is not None and end is not None and start > end:
            reader._problem(
                f"起始年份 {start} 晚于截止年份 {end}", number, reader.column_name("period_start"), "请检查两列是否填反"
            )
        number_value, found_qualifier = parsed if parsed else (None, "")
        if found_qualifier and written_qualifier and found_qualifier != written_qualifier:
            reader._problem(
                f"数值里的“{found_qualifier}”与限定列的“{written_qualifier}”不一致",
                number,
                reader.column_name("value"),
                "只保留一处即可",
            )
        if number_value is not None and indicator is not None:
            _check_range(reader, number, number_value, indicator)
        if len(problems) > before:
            continue
        obs = Observation(
            org=org,
            indicator=ind_id,
            period_end=end,
            value=number_value,
            source=source,
            period_start=start,
            period_label=label,
            qualifier=found_qualifier or written_qualifier,
            type=type_,
            note=note,
        )
        if obs.key in seen:
            reader._problem(
                "与另一行重复（单位名称、指标、年份、期间、性质都相同）",
                number,
                None,
                f"与第{seen[obs.key]}行重复；如是两个不同时期，请在「期间」列区分",
            )
            continue
        seen[obs.key] = number
        found.append((obs, number))
    _warn_fraction_rates(reader, found, indicators)
    return found


def _check_range(reader: _TableReader, row: int, number: float, indicator: Indicator) -> None:
    column = reader.column_name("value")
    if indicator.kind == "rate" and not 0 <= number <= 100:
        reader._problem(f"比率 {number:g} 超出 0–100", row, column, f"「{indicator.name}」是百分比，如 92 表示 92%")
    elif indicator.kind == "count" and number < 0:
        reader._problem(f"数量不能为负数（{number:g}）", row, column, f"「{indicator.name}」是计数，请检查是否多了负号")


def _warn_fraction_rates(reader, found, indicators) -> None:
    by_indicator: dict[str, list[tuple[Observation, int]]] = {}
    for obs, row in found:
        if indicators.get(obs.indicator) and indicators[obs.indicator].kind == "rate":
            by_indicator.setdefault(obs.indicator, []).append((obs, row))
    for ind_id, rows in by_indicator.items():
        if all(o.value <= 1 for o, _ in rows) and any(o.value > 0 for o, _ in rows):
            first = rows[0]
            reader._problem(
                f"「{indicators[ind_id].name}」的数值都不超过 1：是否把 92% 写成了 0.92？",
                first[1],
                reader.column_name("value"),
                "比率请按百分数填写，如 92 或 92%",
                severity="warning",
            )


def _suggest(value: str, known) -> str:
    guess = difflib.get_close_matches(value, list(known), n=1, cutoff=0.6)
    return f"是不是「{guess[0]}」？" if guess else "请先在对应的表中添加它，或检查拼写"


def fingerprint(path: str | Path) -> str:
    """A digest of the data files' content: equal digests mean an equal dataset."""
    import hashlib

    path = Path(path)
    digest = hashlib.sha256()
    files = [path] if path.is_file() else [path / spec.file for spec in TABLES.values()]
    if path.is_dir() and not any(f.is_file() for f in files):
        files = sorted(path.glob("*.xlsx"))
    for f in files:
        digest.update(f.name.encode())
        try:
            digest.update(f.read_bytes())
        except OSError:
            digest.update(b"<missing>")
    return digest.hexdigest()


def last_modified(path: str | Path) -> float | None:
    """Latest modification time (epoch seconds) of the data files, or None if there are none."""
    path = Path(path)
    files = [path] if path.is_file() else [path / spec.file for spec in TABLES.values()]
    times = [f.stat().st_mtime for f in files if f.is_file()]
    return max(times) if times else None
