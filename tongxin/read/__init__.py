"""Reading data: a data folder, a workbook or uploaded files → a validated `Dataset`, with every
problem and every accommodation located (DATA_SPEC v2 "Rules the loader enforces" and "Reading
what offices actually have").

The layers, each a small module whose docstring says what belongs in it:
    files     bytes → grids     CSV/text in four encodings and two separators, XLSX (Excel, WPS), XLS
    shape     rows → table      header below title rows, empty rows/columns, 序号, totals, merged cells
    layout    rows → figures    the years-across and indicators-across layouts (used by the import)
    cells     cell → value      invisible characters, numbers as typed, qualifiers, gaps, years, dates
    validate  table → Dataset   every rule, vectorised for the observations; errors, warnings, notices

This package is the pipeline for whole datasets; `tongxin.importing` uses the same layers to merge
any table into a data folder. A dataset with any error is never returned, not even partly.
"""

from __future__ import annotations

from pathlib import Path

from .. import schema
from ..model import DataError, Dataset, Problem
from . import files as f
from .cells import Reject, clean
from .shape import header_word, long_table, renamed_problem, renamed_sheet
from .validate import build_dataset

WORKBOOK_EXTENSIONS = f.XLSX_EXTENSIONS + f.XLS_EXTENSIONS
IMPORT_HINT = "这张表不是完整的数据集；要把其中的数字并入数据，请用“数据维护”页的导入，或命令 python -m tongxin import"


def load_dataset(path: str | Path) -> Dataset:
    """A data folder (the CSVs) or a workbook → Dataset, or DataError with every problem."""
    dataset, problems = read_dataset(path)
    if dataset is None:
        raise DataError(problems)
    return dataset


def read_dataset(path: str | Path) -> tuple[Dataset | None, list[Problem]]:
    """Like `load_dataset`, but returns (dataset or None, problems incl. warnings and notices)."""
    path = Path(path)
    if path.is_file():
        problem = f.unreadable(path.name)
        if problem is not None:
            return None, [problem]
        if path.suffix.lower() in WORKBOOK_EXTENSIONS:
            return read_files({path.name: path.read_bytes()})
        return None, [Problem(path.name, "这是单独一个表格文件，不是数据文件夹或数据工作簿",
                              hint="检查数据请指定数据文件夹（含 indicators.csv、observations.csv、sources.csv）或 .xlsx 工作簿；"
                              + IMPORT_HINT)]
    if not path.is_dir():
        return None, [Problem(str(path), "找不到这个数据文件夹或文件")]
    found = {spec.file: (path / spec.file).read_bytes() for spec in schema.TABLES.values() if (path / spec.file).is_file()}
    others = [p for p in sorted(path.iterdir()) if p.is_file() and _spreadsheet_like(p.name) and p.name not in found]
    problems: list[Problem] = []
    if not any(name in found for name in (s.file for s in schema.REQUIRED_TABLES.values())):
        workbooks = [p for p in others if p.suffix.lower() in WORKBOOK_EXTENSIONS]
        if len(workbooks) == 1:
            return read_files({workbooks[0].name: workbooks[0].read_bytes()})
        if len(workbooks) > 1:
            return None, [Problem(str(path), f"数据文件夹里有 {len(workbooks)} 个工作簿（{'、'.join(p.name for p in workbooks)}），不知道读哪一个",
                                  hint="数据文件夹里只放一个数据工作簿，或放 indicators.csv、observations.csv、sources.csv 三个文件")]
        unreadable = [f.unreadable(p.name) for p in others if f.unreadable(p.name)]
        if unreadable:  # the one clear message per file, not three "file not found" beside it
            return None, unreadable
    else:
        for p in others:
            if p.suffix.lower() in f.TEXT_EXTENSIONS[1:]:
                continue  # a README.txt beside the tables is no table that was left out
            reason = f.unreadable(p.name)
            problems.append(Problem(p.name, "数据文件夹中的这个文件不是数据表，未读取" + (f"（{reason.message}）" if reason else ""),
                                    severity="notice"))
    dataset, read_problems = read_files(found, where=str(path))
    problems = [p for p in problems if p.severity == "error"] + read_problems + [p for p in problems if p.severity != "error"]
    if dataset is not None and problems != read_problems:
        dataset = _with_problems(dataset, problems)
    return (None if any(p.severity == "error" for p in problems) else dataset), problems


def _spreadsheet_like(name: str) -> bool:
    ext = f.extension(name)
    if name.startswith(("~$", ".")):
        return False  # Excel's lock files, hidden files
    return ext in f.READABLE + (".et", ".ett", ".numbers", ".ods", ".xlsb")


def _with_problems(dataset: Dataset, problems: list[Problem]) -> Dataset:
    return Dataset(dataset.indicators, dataset.observations, dataset.sources,
                   tuple(p for p in problems if p.severity == "warning"), dataset.org_records,
                   tuple(p for p in problems if p.severity == "notice"))


def read_files(files: dict[str, bytes], where: str = "") -> tuple[Dataset | None, list[Problem]]:
    """Named file contents (the CSVs of a dataset, or one workbook) → (dataset or None, problems).

    CSVs are matched to tables by file name (`indicators.csv`, or one containing 指标/数据/来源/单位);
    a workbook's sheets by name (indicators/observations/sources/orgs or 指标/数据/来源/单位)."""
    problems: list[Problem] = []
    tables = {}
    attempted: set[str] = set()
    for raw_name, data in files.items():
        name = clean(raw_name)[0]
        problem = f.unreadable(name)
        if problem is not None:
            problems.append(problem)
            continue
        if f.extension(name) in WORKBOOK_EXTENSIONS:
            attempted.update(schema.REQUIRED_TABLES)  # the workbook reader names a missing sheet itself
            try:
                grids = f.read_grids(name, data)
            except Reject as r:
                problems.append(Problem(name, r.message, hint=r.hint))
                continue
            tables.update(_workbook_tables(name, grids, problems))
            continue
        spec = schema.table_for_file(name)
        if spec is None:
            problems.append(Problem(name, "认不出这是哪一张表",
                                    hint="文件名应为 indicators.csv、observations.csv、sources.csv、orgs.csv"
                                    "（或含“指标”“数据”“来源”“单位”）；" + IMPORT_HINT))
            continue
        if spec.name in attempted:
            problems.append(Problem(name, f"与另一个文件重复：都是{spec.label}", hint="每张表只上传一个文件"))
            continue
        attempted.add(spec.name)
        try:
            grid = f.read_text(name, data)
        except Reject as r:
            problems.append(Problem(name, r.message, hint=r.hint))
            continue
        table = long_table(grid, spec, problems)
        if table is not None:
            tables[spec.name] = table
    for spec in schema.REQUIRED_TABLES.values():
        if spec.name not in attempted:
            folder = f"数据文件夹 {where} " if where else ""
            problems.append(Problem(spec.file, "找不到这个文件",
                                    hint=f"{folder}需要 indicators.csv、observations.csv、sources.csv 三个文件，"
                                    "或一个含三个工作表的 XLSX 工作簿"))
    complete = all(name in tables for name in schema.REQUIRED_TABLES)
    dataset = build_dataset(tables, problems, complete)
    return dataset, problems


def _workbook_tables(name: str, grids: list[f.Grid], problems: list[Problem]) -> dict:
    """The sheets of a dataset workbook, matched by name; every missing one reported."""
    by_word = {header_word(g.sheet): g for g in grids}
    tables = {}
    missing = []
    for spec in schema.TABLES.values():
        grid = by_word.get(spec.name) or by_word.get(header_word(spec.sheet))
        if grid is None:
            if spec.required:
                missing.append(spec)
            continue
        table = long_table(grid, spec, problems)
        if table is not None:
            tables[spec.name] = table
    if missing and len(missing) == len(schema.REQUIRED_TABLES):
        problems.append(Problem(name, "这个工作簿没有「指标」「数据」「来源」工作表", hint=IMPORT_HINT))
    else:
        claimed = [by_word.get(spec.name) or by_word.get(header_word(spec.sheet)) for spec in schema.TABLES.values()]
        for spec in missing:
            found = renamed_sheet(spec, grids, claimed)
            if found is not None:
                claimed.append(found)
                problems.append(renamed_problem(name, spec, found))
                continue
            problems.append(Problem(name, f"缺少「{spec.sheet}」工作表",
                                    hint="工作簿需要三个工作表：指标、数据、来源（或 indicators、observations、sources）"))
    return tables


def workbook_tables(name: str, data: bytes) -> list[str]:
    """The contract tables (schema names) a workbook has sheets for, from its sheet names alone
    (the cells are not read): ["indicators", "observations", "sources"] for a data template."""
    words = {header_word(sheet) for sheet in f.sheet_names(name, data)}
    return [spec.name for spec in schema.TABLES.values() if spec.name in words or header_word(spec.sheet) in words]


def _data_files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    files = [path / name for name in schema.FILES]
    if not any(p.is_file() for p in files):
        files = sorted(p for p in path.iterdir() if p.suffix.lower() in WORKBOOK_EXTENSIONS and not p.name.startswith("~$"))
    return files


def fingerprint(path: str | Path) -> str:
    """A digest of the data files' content: equal digests mean an equal dataset. For a folder of
    CSVs it is `schema.digest` of them — the same as `store.digest` of the files the store keeps."""
    path = Path(path)
    if path.is_dir() and any((path / name).is_file() for name in schema.FILES):
        return schema.digest({name: (path / name).read_bytes() for name in schema.FILES if (path / name).is_file()})
    import hashlib

    digest = hashlib.sha256()
    for file in _data_files(path) if path.exists() else []:
        digest.update(file.name.encode())
        try:
            digest.update(file.read_bytes())
        except OSError:
            digest.update(b"<missing>")
    return digest.hexdigest()


def last_modified(path: str | Path) -> float | None:
    """Latest modification time (epoch seconds) of the data files, or None if there are none."""
    path = Path(path)
    times = [p.stat().st_mtime for p in (_data_files(path) if path.exists() else []) if p.is_file()]
    return max(times) if times else None
