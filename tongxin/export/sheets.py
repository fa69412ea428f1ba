"""The dataset and the tables people see, as XLSX (Chinese headers, a 说明 sheet) and CSV (UTF-8
with BOM, what Excel on Chinese Windows opens without garbling).

Both neutralise formula injection (OWASP "CSV injection"): a text cell starting with =, +, -, @, tab
or CR gets a leading ' so Excel shows it instead of evaluating it; numbers are written as numbers and
never touched. The loader strips that ' again, so an exported workbook re-imports unchanged.
"""

from __future__ import annotations

import csv
import io
import re

import pandas as pd

from .. import display, schema, tables
from ..model import Dataset

FORMULA_START = schema.FORMULA_START
SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")
KIND_WORDS = schema.KIND_WORDS
TYPE_WORDS = schema.TYPE_WORDS


def neutralise(value):
    """'=1+1 for text that a spreadsheet would run as a formula; everything else unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def dataset_tables(dataset: Dataset) -> dict[str, pd.DataFrame]:
    """The three tables every dataset has (schema.REQUIRED_TABLES), with their Chinese headers, in the
    form the loader reads back: {sheet name: table}. (`org_table` is the optional fourth.)"""
    indicators = pd.DataFrame(
        [
            [i.id, i.name, i.pillar, i.unit, KIND_WORDS[i.kind], i.description, schema.BOOLEAN_WORDS[i.higher_is_better],
             i.headline, i.part_of or ""]
            for i in dataset.indicators
        ],
        columns=schema.INDICATORS.aliases,
    )
    observations = pd.DataFrame(
        [
            [o.org, o.indicator, o.period_start, o.period_end, o.period_label, o.value, o.qualifier,
             TYPE_WORDS[o.type], o.source, o.note]
            for o in dataset.observations
        ],
        columns=schema.OBSERVATIONS.aliases,
    )
    sources = pd.DataFrame(
        [[s.id, s.title, s.publisher, s.date, s.url, s.note] for s in dataset.sources],
        columns=schema.SOURCES.aliases,
    )
    return {schema.INDICATORS.sheet: indicators, schema.OBSERVATIONS.sheet: observations,
            schema.SOURCES.sheet: sources}


def org_table(dataset: Dataset) -> dict[str, pd.DataFrame]:
    """{单位: the orgs table} when the dataset has orgs.csv (DATA_SPEC v2), else {}."""
    if not dataset.org_records:
        return {}
    frame = pd.DataFrame([[o.name, o.parent, o.short_name] for o in dataset.org_records], columns=schema.ORGS.aliases)
    return {schema.ORGS.sheet: frame}


def explanation(dataset: Dataset, org: str | None, exported_on: str, template: bool = False) -> list[tuple[str, str]]:
    sources = "；".join(f"{s.publisher}《{s.title}》（{s.date}）" for s in dataset.sources)
    return [
        ("内容", f"{org or '全部单位'}同心共建质效数据"),
        ("导出时间", exported_on),
        ("数据来源", sources),
        ("工作表", "指标、数据、来源：完整数据集，改好后在看板的“数据维护”页上传（不要改表头和工作表名）"
                  + ("" if template else "；数字一览及其后各表：看板上显示的表格，仅供查阅")),
        ("限定词", "“余”“多”“以上”“逾”“超过”表示多于（300余条、95%以上），“近”表示接近（近500件），"
                  "“约”“左右”表示大约，“不足”“不到”表示少于；由两个带限定词的数字算出的占比标为“约”"),
        ("数值", "数字一览和各图表的表中，“数值”列是数字（可以求和），单位、限定词各占一列，“显示为”是看板上的写法"),
        ("比率", "比率按百分数填写（92 表示 92%）；比率的变化以“百分点”表示"),
        ("期间", "“期间”照原文（如 三年来、换届以来）；“截止年份”为该数字所截止的年份，原文未注明时按发布年份记"),
        ("空缺", "没有公开数据的年份留空，不作推算"),
        ("单引号", "以 = + - @ 开头的文字前加了英文单引号 '，防止被 Excel 当作公式执行"),
    ]


def shown_tables(dataset: Dataset, org: str | None, charts) -> dict[str, pd.DataFrame]:
    """The tables the pages show: every figure, then the table behind each chart."""
    orgs = [org] if org else None
    found = {"数字一览": tables.figures_table(dataset, orgs)}
    for chart in charts:
        if not chart.table.empty:
            found[chart.name] = chart.table
    return found


def _sheet_name(name: str, taken: set[str]) -> str:
    base = SHEET_NAME_BAD.sub("_", name)[:31] or "表"
    candidate, n = base, 2
    while candidate in taken:
        suffix = f"({n})"
        candidate, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(candidate)
    return candidate


def workbook(dataset: Dataset, org: str | None, charts, exported_on: str, template: bool = False,
             base: tuple[int, str, str] | None = None) -> bytes:
    """说明, then the dataset (指标/数据/来源), then the tables shown on the pages — or, as the
    template officials fill in, only 说明 and the dataset.

    `base` (a template): the version it holds — (version id, content digest, how people call it) —
    recorded as a document property, so an upload of the filled-in template is known to be an
    edit of that version (a save over newer data is caught, issue 10)."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                        "strings_to_urls": False, "strings_to_numbers": False})
    rows = explanation(dataset, org, exported_on, template)
    if base is not None:
        book.set_custom_property(BASE_PROPERTY, f"{base[0]}:{base[1]}")
        rows.insert(2, ("数据版本", f"本模板填入的是{base[2]}的数据。上传时看板据此判断这期间是否有人修改过数据，"
                                  "以免撤销他人的修改。"))
    header = book.add_format({"bold": True, "bg_color": "#EFEFEF", "border": 1, "text_wrap": True,
                              "font_name": "Microsoft YaHei"})
    text = book.add_format({"font_name": "Microsoft YaHei", "text_wrap": True, "valign": "top"})
    taken: set[str] = set()

    sheet = book.add_worksheet(_sheet_name("说明", taken))
    sheet.set_column(0, 0, 12)
    sheet.set_column(1, 1, 90)
    for r, (key, value) in enumerate(rows):
        sheet.write_string(r, 0, key, header)
        sheet.write_string(r, 1, neutralise(value), text)

    shown = {} if template else shown_tables(dataset, org, charts)
    for name, frame in {**dataset_tables(dataset), **org_table(dataset), **shown}.items():
        _write_frame(book.add_worksheet(_sheet_name(name, taken)), frame, header, text)
    book.close()
    return buffer.getvalue()


BASE_PROPERTY = "tongxin_base_version"  # "<version id>:<sha256 of its files>"
_CUSTOM_PART = "docProps/custom.xml"


def template_marker(data: bytes) -> tuple[int, str] | None:
    """The (version id, content digest) a data template was made from, read from its document
    properties (Excel, WPS and LibreOffice keep them when saving); None if it has none."""
    import re
    import xml.etree.ElementTree as ElementTree
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo(_CUSTOM_PART)
            if info.file_size > 256 * 1024:  # a property list, not a payload
                return None
            root = ElementTree.fromstring(archive.read(info))
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError, OSError, ValueError):
        return None
    for prop in root:
        if prop.get("name") == BASE_PROPERTY:
            value = "".join(prop.itertext()).strip()
            match = re.fullmatch(r"(\d{1,12}):([0-9a-f]{64})", value)
            return (int(match.group(1)), match.group(2)) if match else None
    return None


def _write_frame(sheet, frame: pd.DataFrame, header, text) -> None:
    frame = tables.with_numbers(frame)
    for c, column in enumerate(frame.columns):
        sheet.write_string(0, c, str(column), header)
        width = max([len(str(column))] + [len(str(v)) for v in frame[column].head(200)])
        sheet.set_column(c, c, min(60, max(8, width * 1.6)))
    for r, row in enumerate(frame.itertuples(index=False), start=1):
        for c, value in enumerate(row):
            if value is None or (isinstance(value, float) and pd.isna(value)) or value == "":
                sheet.write_blank(r, c, None, text)
            elif isinstance(value, bool):
                sheet.write_string(r, c, schema.BOOLEAN_WORDS[value], text)
            elif isinstance(value, (int, float)):
                sheet.write_number(r, c, value)
            else:
                sheet.write_string(r, c, neutralise(str(value)), text)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(1, len(frame)), max(0, len(frame.columns) - 1))


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with BOM; formula-like text neutralised; numbers written as plain digits (a figures table
    with its 数值 as numbers, 单位 and 限定 beside it: `tables.with_numbers`)."""
    frame = tables.with_numbers(frame)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralise(str(c)) for c in frame.columns])
    for row in frame.itertuples(index=False):
        writer.writerow([_csv_cell(v) for v in row])
    return out.getvalue().encode("utf-8-sig")


def _csv_cell(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return display.number(value, decimals=10)
    return neutralise(str(value))
