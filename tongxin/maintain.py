"""Changing the data: uploaded files, edited tables, a restore or files changed by hand on the
server → a validated proposal with what would change → (on the editor's confirmation) a save through
`store`, refused if someone else saved since the edit began.

What belongs here: turning candidate input into the exact files that would be saved, saying in
Chinese what would change and — when the edit started from an older version — which of the other
editors' changes it would undo (issue 10); bringing the data folder and the store together
(`sync`). Uploads replace only the tables they contain; the others are taken from the current
version. Files are written in one canonical form (UTF-8 with BOM so Excel on Chinese Windows opens
them, contract column ids, formula-like text guarded with a leading ').

Large inputs stay usable: a proposal keeps the counts and the first `SHOWN` problems or changes;
the full lists are CSV files for download. Inputs over `ISOLATE_ABOVE` bytes are checked in a child
process (`check_isolated`), so the memory a 200,000-row file needs is returned when it exits.
"""

from __future__ import annotations

import csv
import io
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from pathlib import Path

import pandas as pd

from . import display, load, read, schema, store
from .db import StoreFault
from .model import Dataset, Observation, Org, Problem
from .read import files as readers

SHOWN = 300  # problems or changes listed on the page; the rest are in the download
ISOLATE_ABOVE = 512 * 1024  # bytes of input checked in a child process
CHILD_MEMORY = 3 * 1024**3  # address-space limit of that child (a hostile file cannot take the server's memory)
CHILD_SECONDS = 300


@dataclass(frozen=True)
class Change:
    kind: str  # 新增 / 修改 / 删除
    table: str  # 数字 / 指标 / 来源
    what: str
    old: str = ""
    new: str = ""
    key: tuple = ()  # the record's key in its table (not shown)


@dataclass(frozen=True)
class Overwrite:
    """A change someone else saved after the edit's base that saving the edit would take back."""

    what: str
    theirs: str  # their change, e.g. "92% → 95%", "新增 95%", "删除 92%"
    mine: str  # what the record would be after saving the edit
    undo: bool  # True: the edit still has the value from before their change; False: both changed it


@dataclass
class Merge:
    """A stale edit's own changes applied to the current version, keeping what others saved since:
    `files` to save, `changes` (first SHOWN of `count`) what that would change. `problem`: why the
    merge is not offered (it would not pass validation, e.g. a figure of an indicator deleted since)."""

    files: dict[str, bytes] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)
    count: int = 0
    summary: str = ""
    problem: str = ""


@dataclass
class Proposal:
    """What saving an edit would do. `base`: the version the edit started from; `head`: the current
    version it was checked against. Lists hold at most SHOWN rows; `full` names CSV files with all."""

    base: int | None
    head: int | None
    problems: list[Problem]
    error_count: int = 0
    warning_count: int = 0  # 提醒 (severity "warning")
    notice_count: int = 0  # 读取说明 (severity "notice": how a file was read; nothing to do)
    files: dict[str, bytes] = field(default_factory=dict)  # what would be saved
    changes: list[Change] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # "数字:新增" → how many
    overwrites: list[Overwrite] = field(default_factory=list)
    overwrite_count: int = 0
    theirs: list[store.Version] = field(default_factory=list)  # saved since `base`, oldest first
    merged: Merge | None = None  # a stale edit's own changes on top of the current version
    full: dict[str, str] = field(default_factory=dict)  # "problems" / "changes" / "overwrites" → CSV path
    foreign: bool = False  # none of the edit's orgs is in the current data (another body's figures)
    inferred: bool = False  # `base` found from the content: the input carries no version (`started_from`)

    @property
    def ok(self) -> bool:
        return bool(self.files) and self.error_count == 0

    @property
    def stale(self) -> bool:
        """The edit started from an older version than the current one."""
        return self.base != self.head

    @property
    def change_count(self) -> int:
        return sum(self.counts.values())

    @property
    def summary(self) -> str:
        return summarise_counts(self.counts)

    @property
    def who_else(self) -> str:
        """The people who saved since the edit's base: 李四、王五"""
        return "、".join(dict.fromkeys(v.who for v in self.theirs)) or "其他人"


# --- building a proposal ------------------------------------------------------------------------

MAX_UPLOAD_BYTES = 12 * 1024 * 1024  # the data template of 200,000 figures is ~7 MB and must go back in (t10 finding 5)
UPLOAD_LIMIT_MB = MAX_UPLOAD_BYTES // 1024 // 1024  # = server.maxUploadSize (.streamlit/config.toml)
ACCEPTED = readers.READABLE  # .csv/.txt/.tsv, .xlsx/.xlsm, .xls (DATA_SPEC v2 "Files")
WORKBOOKS = readers.XLSX_EXTENSIONS + readers.XLS_EXTENSIONS


def check_uploads(uploads: dict[str, bytes]) -> list[Problem]:
    """Name and size first; the content (encoding, workbook structure) is checked by the loader.
    A file of a kind that cannot be read (.et, Numbers …) gets the one message saying how to save it."""
    problems = []
    for name, data in uploads.items():
        refused = readers.unreadable(name)
        if refused is not None:
            problems.append(refused)
        elif len(data) > MAX_UPLOAD_BYTES:
            problems.append(Problem(name, f"文件过大（{len(data) / 1024 / 1024:.1f} MB）",
                                    hint=f"每个文件的上限是 {UPLOAD_LIMIT_MB} MB（20 万条数字的数据模板约 7 MB）；请检查是否选错了文件"))
    workbooks = [n for n in uploads if n.lower().endswith(WORKBOOKS)]
    if workbooks and len(uploads) > 1:
        problems.append(Problem("、".join(uploads), "请只上传一个数据模板工作簿，或只上传 CSV 文件",
                                hint="数据模板已经包含全部的表，不要再同时上传 CSV"))
    return problems


def upload_files(uploads: dict[str, bytes], head: store.Snapshot) -> dict[str, bytes]:
    """The uploaded files plus, for every table they do not hold, the current version's file.
    A workbook holds the tables it has sheets for (a template without a 单位 sheet keeps orgs.csv)."""
    covered: set[str] = set()
    for name, data in uploads.items():
        if name.lower().endswith(WORKBOOKS):
            covered |= set(schema.REQUIRED_TABLES) | set(workbook_tables(name, data))
        else:
            spec = schema.table_for_file(name)
            if spec is not None:
                covered.add(spec.name)
    files = dict(uploads)
    for spec in schema.TABLES.values():
        if spec.name not in covered and spec.file in head.files:
            files[spec.file] = head.files[spec.file]
    return files


workbook_tables = read.workbook_tables


def check(candidate: dict[str, bytes], head: store.Snapshot, base: store.Snapshot | None = None,
          theirs: list[store.Version] | None = None, uploads: bool = True, work: str | None = None,
          recent: Recent | None = None) -> Proposal:
    """Check an edit and say what saving it would do.

    `candidate`: uploaded files (`uploads=True`: names and sizes checked, tables not uploaded taken
    from `head`) or the complete files of an edit (edited tables, a restore). `head`: the current
    version. `base`: the version the edit started from, when older than `head` — then the proposal
    lists which of `theirs` (the versions saved since) it would undo. `recent`: for an input that
    carries no version (a plain CSV, a statistics table, files edited on the server) the latest
    versions, newest first from head (`recent_versions`): an older base is then found from what the
    input still has from before them (`started_from`; `Proposal.inferred`). `work`: a folder for the
    full lists (default: a new temporary folder).
    """
    base_id = base.version if base is not None else head.version
    if uploads:
        refused = check_uploads(candidate)
        if refused:
            return _with_problems(Proposal(base_id, head.version, []), refused, work)
        candidate = upload_files(candidate, head)
    dataset, problems = load.read_files(candidate)
    proposal = Proposal(base_id, head.version, [], theirs=list(theirs or []))
    if dataset is None:
        return _with_problems(proposal, problems, work)
    _with_problems(proposal, problems, work)
    proposal.files = canonical_files(dataset)
    current = _parsed(head.files)
    parsed: dict[int, Dataset | None] = {}  # versions parsed for the inference, kept for the base below
    if recent and current is not None:
        def parse(version: store.Version, files: dict[str, bytes]) -> Dataset | None:
            if version.id == head.version:
                return current  # already parsed: a 200,000-row parse is seconds
            if version.id not in parsed:
                parsed[version.id] = _parsed(files)
            return parsed[version.id]

        found = started_from(dataset, current, [(v, lambda v=v, f=f: parse(v, f)) for v, f in recent])
        if found is not None and _older(found.id, base_id):
            # Older than the base the page knew: the input still has records as they were before
            # someone's save — checked against that version, like any stale edit.
            files = next(f for v, f in recent if v.id == found.id)
            base, base_id = store.Snapshot(found.id, found.digest, files), found.id
            proposal.base, proposal.inferred = found.id, True
            proposal.theirs = sorted((v for v, _ in recent if v.id > found.id), key=lambda v: v.id)
    proposal.foreign = current is not None and not set(dataset.orgs()) & set(current.orgs())
    changes = compare(current, dataset)
    proposal.changes = shown_changes(changes)
    proposal.counts = _counts(changes)
    if len(changes) > SHOWN:
        proposal.full["changes"] = _write_list(work, "变化清单", ["变化", "表", "内容", "原来", "改为"],
                                               ([c.kind, c.table, c.what, plain_marks(c.old), plain_marks(c.new)]
                                                for c in changes), len(changes))
    if base is not None and base.version != head.version:
        before = parsed[base.version] if base.version in parsed else _parsed(base.files)
        overwrites = overwrites_of(before, current, dataset)
        proposal.overwrites = overwrites[:SHOWN]
        proposal.overwrite_count = len(overwrites)
        if len(overwrites) > SHOWN:
            proposal.full["overwrites"] = _write_list(
                work, "会撤销的他人修改", ["内容", "他人的修改", "保存后", "情况"],
                ([o.what, plain_marks(o.theirs), plain_marks(o.mine), "撤销" if o.undo else "覆盖"] for o in overwrites),
                len(overwrites))
        if overwrites and current is not None:
            proposal.merged = _merge(before, current, dataset)
    return proposal


def _merge(base: Dataset | None, head: Dataset, mine: Dataset) -> Merge:
    files = canonical_files(rebase(base, head, mine))
    merged, problems = load.read_files(files)
    errors = [p for p in problems if p.severity == "error"]
    if merged is None or errors:
        return Merge(problem=str(errors[0]) if errors else "合并后的数据没有通过检查")
    changes = compare(head, merged)
    return Merge(files, shown_changes(changes), len(changes), summarise(changes))


def rebase(base: Dataset | None, head: Dataset, mine: Dataset) -> Dataset:
    """Three-way merge, record by record: what others changed between `base` and `head` stays as
    `head` has it; every other record is as `mine` has it (added, changed or deleted by the editor).
    Where both changed a record, theirs is kept — taking it back is the explicit choice."""
    theirs = {(c.table, c.key) for c in compare(base, head)}
    current, new = _records(head), _records(mine)
    merged = {}
    for table in TABLE_ORDER:
        keys = list(new[table]) + [k for k in current[table] if k not in new[table]]
        chosen = ((current if (table, k) in theirs else new)[table].get(k) for k in keys)
        merged[table] = tuple(r for r in chosen if r is not None)
    return Dataset(merged[INDICATORS], merged[FIGURES], merged[SOURCES], (), merged[ORGS])


# --- which version an input without one started from (t10 findings 2 and 3) ----------------------

Recent = list[tuple[store.Version, dict[str, bytes]]]  # versions and their files, newest first from head
RECENT = 12  # versions looked back at for what an input still has from before them …
RECENT_BYTES = 4 * 1024 * 1024  # … and beyond the first two, only while they total at most this: each is
# parsed (a 200,000-row version is ~7 MB and seconds to parse: such data is compared with the version before
# head only; a county's data of a few hundred figures, with all 12)


def recent_versions(data_store: store.Store, head: int | None, limit: int = RECENT,
                    budget: int = RECENT_BYTES) -> Recent:
    """`head` and the versions before it, newest first, with their files: at most `limit`, and no more
    than `budget` bytes after the first two (what `started_from` compares). Raises StoreFault."""
    if head is None:
        return []
    found: Recent = []
    size = 0
    for version in data_store.history(limit=None):
        if version.id > head:
            continue
        files = data_store.files(version.id)
        size += sum(map(len, files.values()))
        if len(found) >= 2 and size > budget:
            break
        found.append((version, files))
        if len(found) >= limit:
            break
    return found


def started_from(mine: Dataset, head: Dataset,
                 recent: list[tuple[store.Version, Callable[[], Dataset | None]]]) -> store.Version | None:
    """The version an input that carries none must have started from, if older than head: walking
    back through `recent` (newest first from head; each with a way to parse it), the oldest version
    whose successor changed a record that `mine` still has as it was before that change — while head
    has it otherwise, so saving `mine` would take that change back. None: nothing of the kind.

    A person may of course set a figure back on purpose; then the review names the change it takes
    back and saving needs the same explicit choice as any stale edit — never a silent undo."""
    if len(recent) < 2:
        return None
    by_id: dict[int, dict] = {}  # records of each dataset once (200,000 figures: a second each)

    def records_of(dataset: Dataset) -> dict:
        if id(dataset) not in by_id:
            by_id[id(dataset)] = _records(dataset)
        return by_id[id(dataset)]

    mine_records, head_records = records_of(mine), records_of(head)
    found = None
    newer = recent[0][1]()
    for version, parse in recent[1:]:
        older = parse()
        if newer is None or older is None:
            break
        before, after = records_of(older), records_of(newer)
        for table in TABLE_ORDER:
            old_by, new_by, my_by, head_by = before[table], after[table], mine_records[table], head_records[table]
            if any(_still_before(old_by.get(key), new_by.get(key), my_by.get(key), head_by.get(key))
                   for key in old_by.keys() | new_by.keys()):
                found = version
                break
        newer = older
    return found


def _still_before(previous, changed, mine, head) -> bool:
    """A change (`previous` → `changed`) that `mine` does not have and `head` does: mine still has the
    record as it was, or — the record changed in both — a field of it as it was before (a note
    corrected by one, the value of the same figure by the other)."""
    if previous == changed or head == previous:
        return False
    if mine == previous:
        return True
    if previous is None or changed is None or mine is None or head is None:
        return False
    return any(getattr(previous, f.name) != getattr(changed, f.name) and getattr(mine, f.name) == getattr(previous, f.name)
               and getattr(head, f.name) != getattr(previous, f.name) for f in fields(previous))


def _older(a: int | None, b: int | None) -> bool:
    """Version `a` is older than `b` (None: before any version)."""
    return b is not None and (a is None or a < b)


def _parsed(files: dict[str, bytes]) -> Dataset | None:
    if not all(name in files for name in store.REQUIRED_FILES):
        return None
    return load.read_files(files)[0]


def _with_problems(proposal: Proposal, problems: list[Problem], work: str | None) -> Proposal:
    ordered = sorted(problems, key=lambda p: p.severity != "error")  # errors first, file order kept
    proposal.problems = ordered[:SHOWN]
    proposal.error_count = sum(1 for p in problems if p.severity == "error")
    proposal.warning_count = sum(1 for p in problems if p.severity == "warning")
    proposal.notice_count = len(problems) - proposal.error_count - proposal.warning_count
    if len(problems) > SHOWN:
        proposal.full["problems"] = _write_list(
            work, "问题清单", ["文件", "行", "列", "问题", "怎么改", "级别"],
            ([p.file, "" if p.row is None else p.row, p.column or "", p.message, p.hint, p.severity_word]
             for p in ordered), len(ordered))
    return proposal


ZIP_ABOVE = 20_000  # rows: a longer list is downloaded zipped (800,000 problems are ~100 MB as CSV, ~5 MB zipped)


def _write_list(work: str | None, title: str, header: list[str], rows, count: int) -> str:
    """A full list as a CSV Excel opens (UTF-8 with BOM) — inside a ZIP when it has more than
    ZIP_ABOVE rows (Windows opens a ZIP by double-click); returns its path."""
    folder = Path(work or new_work_folder())
    if count <= ZIP_ABOVE:
        path = folder / f"{title}.csv"
        handle = open(path, "w", encoding="utf-8-sig", newline="")  # noqa: SIM115
        archive = None
    else:
        path = folder / f"{title}.zip"
        archive = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1)
        handle = io.TextIOWrapper(archive.open(f"{title}.csv", "w", force_zip64=True), encoding="utf-8-sig",
                                  newline="")
    with handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow([_guard(v) for v in row])
    if archive is not None:
        archive.close()
    return str(path)


WORK_ROOT = Path(tempfile.gettempdir()) / "tongxin-review"


def new_work_folder() -> str:
    """A folder for one proposal's full lists; folders older than a day are removed."""
    WORK_ROOT.mkdir(parents=True, exist_ok=True)
    for old in WORK_ROOT.iterdir():
        try:
            if time.time() - old.stat().st_mtime > 86400:
                shutil.rmtree(old, ignore_errors=True)
        except OSError:
            pass
    return tempfile.mkdtemp(dir=WORK_ROOT)


def check_isolated(candidate: dict[str, bytes], head: store.Snapshot, base: store.Snapshot | None = None,
                   theirs: list[store.Version] | None = None, uploads: bool = True,
                   recent: Recent | None = None) -> Proposal:
    """`check`, in a child process when the input is large (over ISOLATE_ABOVE bytes): the memory a
    200,000-row file needs is the child's and goes when it exits; a child that runs out of memory
    or time gives a Chinese problem instead of taking the server down."""
    work = new_work_folder()
    arguments = dict(candidate=candidate, head=head, base=base, theirs=theirs, uploads=uploads, work=work,
                     recent=recent)
    if _size(candidate, head.files) <= ISOLATE_ABOVE:
        return check(**arguments)
    try:
        return run_isolated("check", arguments, work)
    except IsolatedFailed as failed:
        return Proposal(head.version, head.version, [Problem(
            "、".join(candidate), f"文件太大或太复杂，无法完成检查（{failed}），数据没有保存",
            hint="请把文件拆成几个较小的文件分别上传，或联系管理员")], error_count=1)


def read_isolated(files: dict[str, bytes], where: str = "") -> tuple[Dataset | None, list[Problem]]:
    """`load.read_files`, in a child process for a large version: the server receives the finished
    dataset (unpickling a 200,000-row dataset takes ~140 MB; parsing it in place peaks ~70 MB higher).
    Falls back to reading in place if the child fails."""
    if _size(files) <= ISOLATE_ABOVE:
        return load.read_files(files, where=where)
    try:
        return run_isolated("read", dict(files=files, where=where), new_work_folder())
    except IsolatedFailed:
        return load.read_files(files, where=where)


class IsolatedFailed(Exception):
    """The child process ran out of memory or time, or died (message in Chinese)."""


def run_isolated(task: str, arguments: dict, work: str):
    """Run one of `tongxin.isolate.TASKS` in a child process; its result, or IsolatedFailed."""
    request, result = Path(work) / "request.pickle", Path(work) / "result.pickle"
    request.write_bytes(pickle.dumps((task, arguments), protocol=pickle.HIGHEST_PROTOCOL))
    try:
        # One BLAS thread: each would reserve address space towards the child's limit on a many-core server.
        env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
        done = subprocess.run([sys.executable, "-m", "tongxin.isolate", str(request), str(result), str(CHILD_MEMORY)],
                              cwd=Path(__file__).resolve().parent.parent, timeout=CHILD_SECONDS, env=env,
                              capture_output=True)
        if done.returncode == 0:
            return pickle.loads(result.read_bytes())
        raise IsolatedFailed("内存不足" if b"MemoryError" in done.stderr else f"检查程序异常退出（{done.returncode}）")
    except subprocess.TimeoutExpired as timeout:
        raise IsolatedFailed(f"超过 {CHILD_SECONDS // 60} 分钟") from timeout
    finally:
        request.unlink(missing_ok=True)
        result.unlink(missing_ok=True)


def _size(*groups: dict[str, bytes]) -> int:
    return sum(len(content) for files in groups for content in files.values())


def from_uploads(head: store.Snapshot, uploads: dict[str, bytes], base: store.Snapshot | None = None,
                 theirs: list[store.Version] | None = None, recent: Recent | None = None) -> Proposal:
    """Uploaded CSVs (any accepted encoding) or one XLSX; tables not uploaded are kept as they are.
    `recent`: given for files that carry no version (all but the data template), see `check`."""
    return check_isolated(uploads, head, base, theirs, uploads=True, recent=recent)


def from_tables(head: store.Snapshot, tables: dict[str, pd.DataFrame], base: store.Snapshot | None = None,
                theirs: list[store.Version] | None = None) -> Proposal:
    """Tables edited on the page (Chinese headers, as `editable_tables` made them; keyed by schema
    table name). An optional table left empty (单位) means the dataset has no such file."""
    files = {}
    for name, frame in tables.items():
        spec = schema.TABLES[name]
        frame = frame.drop(columns=[c for c in frame.columns if c == HELPER_NAME]).dropna(how="all")
        if spec.required or len(frame):
            files[spec.file] = _frame_csv(frame)
    for spec in schema.TABLES.values():
        if spec.name not in tables and spec.file in head.files:
            files[spec.file] = head.files[spec.file]
    return check_isolated(files, head, base, theirs, uploads=False)


def from_version(head: store.Snapshot, files: dict[str, bytes], base: store.Snapshot | None = None,
                 theirs: list[store.Version] | None = None) -> Proposal:
    """A restore: an earlier version's exact files, checked against the current version (`base`: the
    version current when the restore was first reviewed, if older)."""
    return check_isolated(files, head, base, theirs, uploads=False)


def _frame_csv(frame: pd.DataFrame) -> bytes:
    """An edited table as CSV; whole numbers the editor holds as floats (2020.0) written as 2020."""
    def cell(value) -> str:
        if value is None or (isinstance(value, float) and pd.isna(value)):
            return ""
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)

    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow([str(c) for c in frame.columns])
    writer.writerows([[cell(v) for v in row] for row in frame.itertuples(index=False)])
    return out.getvalue().encode("utf-8")


# --- the canonical files ------------------------------------------------------------------------


def _guard(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(load.FORMULA_START) else text


def canonical_files(dataset: Dataset) -> dict[str, bytes]:
    """The dataset as the contract CSVs — the three tables, and orgs.csv when the dataset has org
    records (DATA_SPEC v2): what the store writes into the data folder."""
    def write(header, rows) -> bytes:
        out = io.StringIO(newline="")
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows([[_guard(v) for v in row] for row in rows])
        return out.getvalue().encode("utf-8-sig")

    def year(value):
        return "" if value is None else str(value)

    files = {
        schema.INDICATORS.file: write(
            schema.INDICATORS.names,
            [[i.id, i.name, i.pillar, i.unit, i.kind, i.description, "true" if i.higher_is_better else "false",
              "" if i.headline is None else i.headline, i.part_of or ""] for i in dataset.indicators],
        ),
        schema.OBSERVATIONS.file: write(
            schema.OBSERVATIONS.names,
            [[o.org, o.indicator, year(o.period_start), o.period_end, o.period_label, display.number(o.value, 10),
              o.qualifier, o.type, o.source, o.note] for o in dataset.observations],
        ),
        schema.SOURCES.file: write(
            schema.SOURCES.names,
            [[s.id, s.title, s.publisher, s.date, s.url, s.note] for s in dataset.sources],
        ),
    }
    if dataset.org_records:
        files[schema.ORGS.file] = write(schema.ORGS.names,
                                        [[o.name, o.parent, o.short_name] for o in dataset.org_records])
    return files


def editable_tables(dataset: Dataset) -> dict[str, pd.DataFrame]:
    """Every table of the contract with Chinese headers for the on-page editor, keyed by schema
    name (单位 empty when the dataset has no orgs.csv); the index is the row number a spreadsheet
    (and every problem message) uses, so 第5行 is the row marked 5."""
    from .export.sheets import dataset_tables, org_table  # one definition of the Chinese table layout

    by_sheet = {**dataset_tables(dataset), **org_table(dataset)}
    frames = {}
    for spec in schema.TABLES.values():
        frame = by_sheet.get(spec.sheet, pd.DataFrame(columns=spec.aliases)).copy()
        frame.index = range(2, len(frame) + 2)
        frames[spec.name] = frame
    names = {i.id: i.name for i in dataset.indicators}
    # A read-only reminder of what each id is; dropped again before checking (HELPER columns).
    figures = frames[schema.OBSERVATIONS.name]
    figures.insert(2, HELPER_NAME, figures[schema.OBSERVATIONS.column("indicator").alias].map(names))
    return frames


HELPER_NAME = "（指标名称）"


# --- what changes ---------------------------------------------------------------------------------


def _observation_text(dataset: Dataset, o: Observation) -> str:
    text = display.observation_value(dataset, o)
    return text + ("（目标）" if o.type == "target" else "")


def _observation_label(dataset: Dataset, o: Observation) -> str:
    try:
        name = dataset.indicator(o.indicator).name
    except KeyError:
        name = o.indicator
    years = display.years(o)
    period = display.period(o)
    return f"{o.org} · {name} · {period}" + ("" if period == years else f"（{years}）")


def _fields(old, new, labels: dict[str, str]) -> tuple[str, str]:
    changed = [k for k in labels if getattr(old, k) != getattr(new, k)]
    fmt = lambda v: "（空）" if v in (None, "") else str(v)  # noqa: E731
    pairs = [(labels[k], *excerpts(fmt(getattr(old, k)), fmt(getattr(new, k)))) for k in changed]
    return "；".join(f"{label}：{a}" for label, a, _ in pairs), "；".join(f"{label}：{b}" for label, _, b in pairs)


# The changed part of a long text, marked: the page highlights it, a CSV list shows it in 【】.
HIGHLIGHT = ("\u27e6", "\u27e7")  # ⟦ ⟧: not characters a table of figures holds
LONG_TEXT = 24  # characters; a shorter text is shown whole
CONTEXT = 6  # characters kept on each side of a change


def excerpts(old: str, new: str) -> tuple[str, str]:
    """Two versions of a text as a reader compares them: short ones whole; long ones as the changed
    parts, marked with HIGHLIGHT, with a few characters around them and … for the rest
    ("…县政协⟦网站⟧发布的…" / "…县政协⟦官网⟧发布的…"; t10 finding 9)."""
    if max(len(old), len(new)) <= LONG_TEXT:
        return old, new
    import difflib

    blocks = [op for op in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes() if op[0] != "equal"]
    if not blocks:
        return old, new
    # Changes a character or two apart are one change to a reader (网站 → 官网, not +官 and −站).
    spans = [list(blocks[0][1:])]
    for _, a1, a2, b1, b2 in blocks[1:]:
        if a1 - spans[-1][1] <= 2:
            spans[-1][1], spans[-1][3] = a2, b2
        else:
            spans.append([a1, a2, b1, b2])

    def side(text: str, marked: list[tuple[int, int]]) -> str:
        windows: list[list] = []  # [from, to, [marked spans]] with CONTEXT around each, overlapping ones merged
        for start, end in marked:
            low, high = max(0, start - CONTEXT), min(len(text), end + CONTEXT)
            if windows and low <= windows[-1][1]:
                windows[-1][1] = max(windows[-1][1], high)
                windows[-1][2].append((start, end))
            else:
                windows.append([low, high, [(start, end)]])
        out = []
        for low, high, inside in windows:
            out.append("…" if low > 0 else "")
            at = low
            for start, end in inside:
                out.append(text[at:start] + HIGHLIGHT[0] + text[start:end] + HIGHLIGHT[1])
                at = end
            out.append(text[at:high])
        if windows and windows[-1][1] < len(text):
            out.append("…")
        return "".join(out)

    return side(old, [(a1, a2) for a1, a2, _, _ in spans]), side(new, [(b1, b2) for _, _, b1, b2 in spans])


def plain_marks(text: str) -> str:
    """A marked excerpt for plain text (a CSV list, the command line): the changed part in 【】."""
    return text.replace(HIGHLIGHT[0], "【").replace(HIGHLIGHT[1], "】")


def _labels(spec: schema.TableSpec, key: str) -> dict[str, str]:
    """A table's fields (but its key) with the Chinese words people read them by (schema aliases)."""
    return {c.name: c.alias for c in spec.columns if c.name != key}


# The tables of a list of changes, by what one of their records is called, figures first.
FIGURES, INDICATORS, SOURCES, ORGS = (schema.TABLES[n].record for n in ("observations", "indicators", "sources", "orgs"))
TABLE_ORDER = (FIGURES, INDICATORS, SOURCES, ORGS)
COUNTERS = {spec.record: spec.counter for spec in schema.TABLES.values()}
INDICATOR_LABELS = _labels(schema.INDICATORS, "id")
SOURCE_LABELS = _labels(schema.SOURCES, "id")
ORG_LABELS = _labels(schema.ORGS, "name")
FIGURE_DETAIL_LABELS = {k: v for k, v in _labels(schema.OBSERVATIONS, "").items() if k in ("source", "note")}


def _records(dataset: Dataset | None) -> dict[str, dict]:
    """Each table's records by key: 数字 by (org, indicator, period, label, type), 指标 and 来源 by
    id, 单位 by name."""
    if dataset is None:
        return {table: {} for table in TABLE_ORDER}
    return {FIGURES: {o.key: o for o in dataset.observations}, INDICATORS: {i.id: i for i in dataset.indicators},
            SOURCES: {s.id: s for s in dataset.sources}, ORGS: {o.name: o for o in dataset.org_records}}


def _what(table: str, dataset: Dataset, record) -> str:
    if table == FIGURES:
        return _observation_label(dataset, record)
    if table == ORGS:
        return record.name
    return f"{record.id}（{record.name if table == INDICATORS else record.title}）"


def _org_text(org: Org) -> str:
    parts = [f"上级：{org.parent}" if org.parent else "", f"简称：{org.short_name}" if org.short_name else ""]
    return org.name + (f"（{'；'.join(p for p in parts if p)}）" if any(parts) else "")


def _text(table: str, dataset: Dataset, record) -> str:
    """A record in a few words: a figure's value, an indicator's name, a source's title, an org."""
    if table == FIGURES:
        return _observation_text(dataset, record)
    if table == ORGS:
        return _org_text(record)
    if table == INDICATORS:  # what an added or deleted indicator is, not only its name
        return f"{record.name}（{record.pillar}，单位：{record.unit}，{schema.KIND_WORDS[record.kind]}）"
    return record.title


def _difference(table: str, old_ds: Dataset, old, new_ds: Dataset, new) -> tuple[str, str]:
    """How a record changed, old side and new side, naming only what changed."""
    if table == FIGURES:
        if (old.value, old.qualifier, old.type) != (new.value, new.qualifier, new.type):
            return _observation_text(old_ds, old), _observation_text(new_ds, new)
        return _fields(old, new, FIGURE_DETAIL_LABELS)
    return _fields(old, new, {INDICATORS: INDICATOR_LABELS, SOURCES: SOURCE_LABELS, ORGS: ORG_LABELS}[table])


def compare(old: Dataset | None, new: Dataset) -> list[Change]:
    """Added, changed and removed figures (then indicators, sources), old → new, in Chinese."""
    changes: list[Change] = []
    before, after = _records(old), _records(new)
    for table in TABLE_ORDER:
        old_by, new_by = before[table], after[table]
        for key, record in new_by.items():
            previous = old_by.get(key)
            if previous is None:
                changes.append(Change("新增", table, _what(table, new, record), "", _text(table, new, record), key))
            elif previous != record:
                changes.append(Change("修改", table, _what(table, new, record),
                                      *_difference(table, old, previous, new, record), key))
        for key, record in old_by.items():
            if key not in new_by:
                changes.append(Change("删除", table, _what(table, old, record), _text(table, old, record), "", key))
    return changes


def overwrites_of(base: Dataset | None, head: Dataset | None, mine: Dataset) -> list[Overwrite]:
    """Which changes saved between `base` and `head` (by other editors) saving `mine` would take
    back: records where `mine` still has the `base` value (`undo`), or a third value (both changed
    it). Changes the edit keeps (mine equals head) are not listed."""
    found = []
    old, current, new = _records(base), _records(head), _records(mine)
    for change in compare(base, head) if head is not None else []:
        table, key = change.table, change.key
        theirs_record, my_record = current[table].get(key), new[table].get(key)
        if my_record == theirs_record:
            continue
        theirs = {"新增": f"新增 {change.new}", "删除": f"删除 {change.old}"}.get(change.kind,
                                                                            f"{change.old} → {change.new}")
        if my_record is None:
            mine_text = "没有这一条"
        elif theirs_record is None:
            mine_text = f"仍有 {_text(table, mine, my_record)}"
        else:
            mine_text = _difference(table, head, theirs_record, mine, my_record)[1] or _text(table, mine, my_record)
        found.append(Overwrite(change.what, theirs, mine_text, undo=my_record == old[table].get(key)))
    return found


def _counts(changes: list[Change]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for c in changes:
        counts[f"{c.table}:{c.kind}"] = counts.get(f"{c.table}:{c.kind}", 0) + 1
    return counts


def summarise_counts(counts: dict[str, int]) -> str:
    """新增1条、修改2条数字；新增1个指标 — the one line the history keeps for a save."""
    parts = []
    for table in TABLE_ORDER:
        found = [f"{kind}{n}{COUNTERS[table]}" for kind in ("新增", "修改", "删除") if (n := counts.get(f"{table}:{kind}"))]
        if found:
            parts.append("、".join(found) + table)
    return "；".join(parts) or "没有变化"


def summarise(changes: list[Change]) -> str:
    return summarise_counts(_counts(changes))


KINDS = ("删除", "修改", "新增")  # the order a review lists them in: what is lost first


def shown_changes(changes: list[Change], limit: int | None = None) -> list[Change]:
    """The rows a review lists: all when they fit, else the first rows of each kind (deletions,
    then changes, then additions), sharing `limit` (default SHOWN) — a few deletions are never
    hidden behind hundreds of additions (t10 finding 12)."""
    limit = SHOWN if limit is None else limit
    by_kind = {kind: [c for c in changes if c.kind == kind] for kind in KINDS}
    quota = dict.fromkeys(KINDS, 0)
    left = limit
    while left > 0 and any(quota[k] < len(by_kind[k]) for k in KINDS):
        open_kinds = [k for k in KINDS if quota[k] < len(by_kind[k])]
        share = max(1, left // len(open_kinds))
        for kind in open_kinds:
            step = min(share, len(by_kind[kind]) - quota[kind], left)
            quota[kind] += step
            left -= step
    return [c for kind in KINDS for c in by_kind[kind][:quota[kind]]]


def kind_counts(counts: dict[str, int]) -> list[tuple[str, str]]:
    """Per kind, in review order, what it counts: [("删除", "45条数字、41个指标"), …]."""
    found = []
    for kind in KINDS:
        parts = [f"{n}{COUNTERS[table]}{table}" for table in TABLE_ORDER if (n := counts.get(f"{table}:{kind}"))]
        if parts:
            found.append((kind, "、".join(parts)))
    return found


def changes_table(changes: list[Change]) -> pd.DataFrame:
    return pd.DataFrame([[c.kind, c.table, c.what, c.old or "—", c.new or "—"] for c in changes],
                        columns=["变化", "表", "内容", "原来", "改为"])


def overwrites_table(overwrites: list[Overwrite], who: str, after: str = "按您的文件保存后") -> pd.DataFrame:
    """`after`: the header of what the edit would leave (the words of its kind: 恢复后, 采用后 …)."""
    return pd.DataFrame([[o.what, o.theirs, o.mine, "撤销" if o.undo else "覆盖"] for o in overwrites],
                        columns=["内容", f"{who}的修改", after, "结果"])


# --- the data folder and the store ---------------------------------------------------------------

Parse = Callable[[str, Callable[[], dict[str, bytes]]], tuple[Dataset | None, list[Problem]]]


def _parse_plain(_digest: str, files: Callable[[], dict[str, bytes]]):
    return load.read_files(files())


@dataclass(frozen=True)
class Rejected:
    """Files changed by hand on the server that were not taken in: they have `problems`, or they
    would undo a save (`stale`): made from a file older than the current version (three-way, as a
    web edit: `base` is the version they must have started from, `undone` how many of the changes
    saved since they would take back), or exactly an older version (`old_version`: e.g. a folder put
    back from a backup while the database is PostgreSQL). Editors confirm or discard them on
    数据维护 (`hand_proposal`); viewers keep the current version meanwhile (t10 findings 3 and 4)."""

    digest: str
    problems: list[Problem]
    stale: bool = False
    base: int | None = None
    undone: int = 0
    old_version: store.Version | None = None


@dataclass(frozen=True)
class Current:
    """What to show: `version` (None before the first version, or when the database cannot be
    read: then the folder's files), its content `digest`, and `files()` to get its data files.
    `fault`: what kept the store or the folder from being read or brought up to date (editors are
    told; viewers see the data). `rejected`: a hand edit that was not taken in. `taken_in`: a hand
    edit just saved as a new version."""

    version: store.Version | None
    digest: str | None
    files: Callable[[], dict[str, bytes]]
    fault: StoreFault | None = None
    rejected: Rejected | None = None
    taken_in: store.Version | None = None

    @property
    def snapshot(self) -> store.Snapshot:
        return store.Snapshot(self.version.id if self.version else None, self.digest or "", self.files())


def sync(st: store.Store, parse: Parse = _parse_plain) -> Current:
    """Bring the data folder and the store together, and say what to show.

    - No version yet: the folder's files, if valid, become the first version.
    - The folder's files are the current version: nothing to do.
    - They are an older version (a crash after a commit, a save on another server, a folder new
      to this database): the readable copy is brought up to the current version.
    - They were changed by hand since the folder was last brought up to date ("在服务器上直接修改"):
      validated, then saved as a new version — unless invalid, or changed on an outdated copy.
    Never raises for faults of the disk, folder or database: they come back in `Current.fault`.
    """
    try:
        head, record = st.head_and_record()
        if head is None and st.import_legacy():
            head, record = st.head_and_record()
    except StoreFault as fault:
        return _from_folder(st, fault)
    disk = st.disk()
    if head is None:
        return _first(st, disk, parse)

    def shown(**extra) -> Current:
        return Current(head, head.digest, lambda: st.files(head.id), **extra)

    if disk.fault:
        return shown(fault=disk.fault)
    if disk.digest == head.digest:
        if record.digest != head.digest:
            try:
                st.mark_synced(head)
            except StoreFault:
                pass  # a read-only database: nothing to remember
        return shown()
    if record.version_id is None or disk.digest == record.digest:
        try:
            st.write_copy(head)  # an older copy, or a folder new to this database
        except StoreFault as fault:
            return shown(fault=fault)
        return shown()
    dataset, problems = parse(disk.digest, lambda: disk.files)
    if dataset is None:
        return shown(rejected=Rejected(disk.digest, problems))
    before, _ = parse(head.digest, lambda: st.files(head.id))
    try:
        stale = _hand_verdict(st, parse, head, record, disk.digest, dataset, before)
    except StoreFault as fault:
        return shown(fault=fault)
    if stale is not None:
        return shown(rejected=stale)
    summary = summarise(compare(before, dataset))
    try:
        saved = st.save(disk.files, store.HAND_EDITOR, f"在服务器上直接修改：{summary}", head.id, origin="hand")
    except store.ConflictError:
        return sync(st, parse) if st.head() != head else shown()  # another process took it in first
    except StoreFault as fault:
        return shown(fault=fault)
    return Current(saved.version, saved.version.digest, lambda: disk.files, taken_in=saved.version)


HAND_RECENT = 6  # versions a hand edit is compared with (each is parsed; cached per content)
_verdicts: dict[tuple, Rejected | None] = {}  # (folder, database, head, record, disk) → verdict, a few kept
_verdicts_lock = threading.Lock()


def _hand_verdict(st: store.Store, parse: Parse, head: store.Version, record: store.FolderRecord, content: str,
                  mine: Dataset, current: Dataset | None) -> Rejected | None:
    """None: files changed by hand on the server may be taken in. Else why not: they are an older
    version exactly, or they still have records as they were before a save that head has — the
    folder's last known version (`record`) or, found from their content, an earlier one."""
    key = (str(st.folder), st.url, head.id, record.version_id, content)
    with _verdicts_lock:
        if key in _verdicts:
            return _verdicts[key]
    exact = st.find(content)
    base = exact.id if exact is not None else record.version_id
    if exact is None and current is not None:
        window = [v for v in st.history(limit=HAND_RECENT + 1) if v.id <= head.id]
        found = started_from(mine, current, [(v, lambda v=v: parse(v.digest, lambda: st.files(v.id))[0])
                                             for v in window])
        if found is not None and _older(found.id, base):
            base = found.id
    verdict = None
    if base != head.id:
        older = parse(st.version(base).digest, lambda: st.files(base))[0] if base is not None else None
        undone = len(overwrites_of(older, current, mine))
        if undone:
            verdict = Rejected(content, [], stale=True, base=base, undone=undone, old_version=exact)
    with _verdicts_lock:
        if len(_verdicts) > 32:
            _verdicts.clear()
        _verdicts[key] = verdict
    return verdict


def hand_proposal(st: store.Store, rejected: Rejected) -> Proposal:
    """The review of files changed by hand that would undo a save (`Rejected.stale`): what they would
    take back, what else they change, and — confirmed — exactly the files on disk (raw, as a hand
    edit is taken in). Raises StoreFault; the files must still be the ones judged (else the
    proposal has a problem saying they changed again)."""
    disk = st.disk()
    head = st.head()
    if disk.fault:
        raise disk.fault
    if disk.digest != rejected.digest or head is None:
        return Proposal(None, None, [Problem("数据文件夹", "服务器上的数据文件又被修改过，请刷新页面后再核对")],
                        error_count=1)
    base = store.Snapshot(rejected.base, "", st.files(rejected.base) if rejected.base is not None else {})
    proposal = check(disk.files, store.Snapshot(head.id, head.digest, st.files(head.id)), base,
                     st.since(rejected.base, head.id), uploads=False)
    if proposal.ok:
        proposal.files = dict(disk.files)
    return proposal


def _first(st: store.Store, disk: store.Disk, parse: Parse) -> Current:
    if disk.fault:
        return Current(None, None, dict, fault=disk.fault)
    if not disk.files:
        return Current(None, None, dict)
    dataset, _ = parse(disk.digest, lambda: disk.files)
    if dataset is None or not st.available():
        return Current(None, disk.digest, lambda: disk.files)
    try:
        saved = st.save(disk.files, store.INITIAL_EDITOR, "看板第一次读取时数据文件夹中的数据", None, origin="initial")
    except store.ConflictError:
        return sync(st, parse)  # another process saved the first version just now
    except StoreFault:
        return Current(None, disk.digest, lambda: disk.files)  # read-only: shown without a store
    return Current(saved.version, saved.version.digest, lambda: disk.files)


def _from_folder(st: store.Store, fault: StoreFault) -> Current:
    """The database cannot be read: show the readable copy (the version last written out). With no
    complete copy (a new server's empty folder) there is nothing to show but the fault — not "file
    not found" problems and advice to put files in the folder (t10 finding 7)."""
    disk = st.disk()
    if disk.fault or not all(name in disk.files for name in store.REQUIRED_FILES):
        return Current(None, None, dict, fault=fault)
    return Current(None, disk.digest, lambda: disk.files, fault=fault)


def template_base(st: store.Store, uploads: dict[str, bytes]) -> store.Version | None:
    """The version a filled-in data template was downloaded from (its marker), if this store has it."""
    from .export.sheets import template_marker

    workbooks = [data for name, data in uploads.items() if name.lower().endswith(".xlsx")]
    if len(workbooks) != 1:
        return None
    marker = template_marker(workbooks[0])
    if marker is None:
        return None
    version_id, content = marker
    try:
        found = st.version(version_id)
        if found.digest == content:
            return found
    except (KeyError, StoreFault):
        pass
    try:
        return st.find(content)  # the same data in a store rebuilt from a backup
    except StoreFault:
        return None


