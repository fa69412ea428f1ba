"""Changing the data: uploaded files or edited tables → a validated proposal with its diff against
the current data → (on the editor's confirmation) a save through `store`.

What belongs here: turning candidate input into the exact files that would be saved, and saying in
Chinese what would change. Uploads replace only the tables they contain; the others stay as they are.
Files are written in one canonical form (UTF-8 with BOM so Excel on Chinese Windows opens them,
contract column ids, formula-like text guarded with a leading ').
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

import pandas as pd

from . import display, load, store
from .model import Dataset, Indicator, Observation, Problem, Source


@dataclass(frozen=True)
class Change:
    kind: str  # 新增 / 修改 / 删除
    table: str  # 数字 / 指标 / 来源
    what: str
    old: str = ""
    new: str = ""


@dataclass
class Proposal:
    base: str  # the version the proposal was checked against
    dataset: Dataset | None
    problems: list[Problem]
    files: dict[str, bytes] = field(default_factory=dict)  # what would be saved
    changes: list[Change] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.dataset is not None and not any(p.severity == "error" for p in self.problems)

    @property
    def summary(self) -> str:
        return summarise(self.changes)


# --- building a proposal ------------------------------------------------------------------------

MAX_UPLOAD_BYTES = 5 * 1024 * 1024  # a full template is ~30 KB; anything near this is not our data
ACCEPTED = (".csv", ".xlsx")


def check_uploads(uploads: dict[str, bytes]) -> list[Problem]:
    """Name and size first; the content (encoding, XLSX structure) is checked by the loader."""
    problems = []
    for name, data in uploads.items():
        if not name.lower().endswith(ACCEPTED):
            problems.append(Problem(name, "不是 CSV 或 XLSX 文件", hint="请上传数据模板（.xlsx）或三张表的 .csv 文件"))
        elif len(data) > MAX_UPLOAD_BYTES:
            problems.append(Problem(name, f"文件过大（{len(data) / 1024 / 1024:.1f} MB）",
                                    hint=f"数据文件一般不到 1 MB，上限 {MAX_UPLOAD_BYTES // 1024 // 1024} MB；请检查是否选错了文件"))
    workbooks = [n for n in uploads if n.lower().endswith(".xlsx")]
    if workbooks and len(uploads) > 1:
        problems.append(Problem("、".join(uploads), "请只上传一个 XLSX 工作簿，或只上传 CSV 文件",
                                hint="工作簿已经包含三张表，不要再同时上传 CSV"))
    return problems


def from_uploads(snapshot: store.Snapshot, uploads: dict[str, bytes]) -> Proposal:
    """Uploaded CSVs (any accepted encoding) or one XLSX; tables not uploaded are kept as they are."""
    refused = check_uploads(uploads)
    if refused:
        return Proposal(snapshot.version, None, refused)
    covered: set[str] = set()
    for name in uploads:
        if name.lower().endswith(".xlsx"):
            covered |= set(load.TABLES)
        else:
            spec = load.table_for_file(name)
            if spec is not None:
                covered.add(spec.name)
    files = dict(uploads)
    for spec in load.TABLES.values():
        if spec.name not in covered and spec.file in snapshot.files:
            files[spec.file] = snapshot.files[spec.file]
    dataset, problems = load.read_files(files)
    return _proposal(snapshot, dataset, problems)


def from_tables(snapshot: store.Snapshot, tables: dict[str, pd.DataFrame]) -> Proposal:
    """Tables edited on the page (Chinese headers, as `editable_tables` made them)."""
    files = {load.TABLES[name].file: _frame_csv(frame.drop(columns=[c for c in frame.columns if c == HELPER_NAME]))
             for name, frame in tables.items()}
    for spec in load.TABLES.values():
        if spec.file not in files and spec.file in snapshot.files:
            files[spec.file] = snapshot.files[spec.file]
    dataset, problems = load.read_files(files)
    return _proposal(snapshot, dataset, problems)


def _proposal(snapshot: store.Snapshot, dataset: Dataset | None, problems: list[Problem]) -> Proposal:
    if dataset is None:
        return Proposal(snapshot.version, None, problems)
    current, _ = load.read_files(snapshot.files) if snapshot.complete else (None, [])
    return Proposal(snapshot.version, dataset, problems, canonical_files(dataset), compare(current, dataset))


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
    """The dataset as the three contract CSVs: what the store writes into the data folder."""
    def write(header, rows) -> bytes:
        out = io.StringIO(newline="")
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows([[_guard(v) for v in row] for row in rows])
        return out.getvalue().encode("utf-8-sig")

    def year(value):
        return "" if value is None else str(value)

    return {
        "indicators.csv": write(
            [c.name for c in load.TABLES["indicators"].columns],
            [[i.id, i.name, i.pillar, i.unit, i.kind, i.description, "true" if i.higher_is_better else "false",
              "" if i.headline is None else i.headline, i.part_of or ""] for i in dataset.indicators],
        ),
        "observations.csv": write(
            [c.name for c in load.TABLES["observations"].columns],
            [[o.org, o.indicator, year(o.period_start), o.period_end, o.period_label, display.number(o.value, 10),
              o.qualifier, o.type, o.source, o.note] for o in dataset.observations],
        ),
        "sources.csv": write(
            [c.name for c in load.TABLES["sources"].columns],
            [[s.id, s.title, s.publisher, s.date, s.url, s.note] for s in dataset.sources],
        ),
    }


def editable_tables(dataset: Dataset) -> dict[str, pd.DataFrame]:
    """The three tables with Chinese headers for the on-page editor; the index is the row number a
    spreadsheet (and every problem message) uses, so 第5行 is the row marked 5."""
    from .export.sheets import dataset_tables  # one definition of the Chinese table layout

    frames = {}
    for name, (_sheet, frame) in zip(load.TABLES, dataset_tables(dataset).items(), strict=True):
        frame = frame.copy()
        frame.index = range(2, len(frame) + 2)
        frames[name] = frame
    names = {i.id: i.name for i in dataset.indicators}
    # A read-only reminder of what each id is; dropped again before checking (HELPER columns).
    frames["observations"].insert(2, HELPER_NAME, frames["observations"]["指标"].map(names))
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
    return ("；".join(f"{labels[k]}：{fmt(getattr(old, k))}" for k in changed),
            "；".join(f"{labels[k]}：{fmt(getattr(new, k))}" for k in changed))


def compare(old: Dataset | None, new: Dataset) -> list[Change]:
    """Added, changed and removed figures (and indicators, sources), old → new, in Chinese."""
    changes: list[Change] = []
    old_obs = {o.key: o for o in (old.observations if old else ())}
    new_obs = {o.key: o for o in new.observations}
    for key, o in new_obs.items():
        before = old_obs.get(key)
        if before is None:
            changes.append(Change("新增", "数字", _observation_label(new, o), "", _observation_text(new, o)))
        elif before != o:
            same_value = (before.value, before.qualifier) == (o.value, o.qualifier)
            if same_value:
                old_text, new_text = _fields(before, o, {"source": "来源", "note": "备注"})
            else:
                old_text, new_text = _observation_text(old, before), _observation_text(new, o)
            changes.append(Change("修改", "数字", _observation_label(new, o), old_text, new_text))
    for key, o in old_obs.items():
        if key not in new_obs:
            changes.append(Change("删除", "数字", _observation_label(old, o), _observation_text(old, o), ""))
    changes += _compare_records(old.indicators if old else (), new.indicators, "指标", Indicator,
                                {"name": "名称", "pillar": "板块", "unit": "单位", "kind": "类型",
                                 "description": "说明", "higher_is_better": "越高越好", "headline": "重点",
                                 "part_of": "所属指标"})
    changes += _compare_records(old.sources if old else (), new.sources, "来源", Source,
                                {"title": "标题", "publisher": "发布者", "date": "日期", "url": "链接", "note": "备注"})
    return changes


def _compare_records(old_records, new_records, table: str, _type, labels) -> list[Change]:
    old_by = {r.id: r for r in old_records}
    new_by = {r.id: r for r in new_records}
    changes = []
    title = "name" if "name" in labels else "title"
    for id_, record in new_by.items():
        before = old_by.get(id_)
        if before is None:
            changes.append(Change("新增", table, f"{id_}（{getattr(record, title)}）", "", getattr(record, title)))
        elif before != record:
            old_text, new_text = _fields(before, record, labels)
            changes.append(Change("修改", table, f"{id_}（{getattr(record, title)}）", old_text, new_text))
    for id_, record in old_by.items():
        if id_ not in new_by:
            changes.append(Change("删除", table, f"{id_}（{getattr(record, title)}）", getattr(record, title), ""))
    return changes


def summarise(changes: list[Change]) -> str:
    """新增1条、修改2条数字；新增1个指标 — the one line the history keeps for a save."""
    if not changes:
        return "没有变化"
    parts = []
    for table, unit in (("数字", "条"), ("指标", "个"), ("来源", "个")):
        counts = [f"{kind}{n}{unit}" for kind in ("新增", "修改", "删除")
                  if (n := sum(1 for c in changes if c.table == table and c.kind == kind))]
        if counts:
            parts.append("、".join(counts) + table)
    return "；".join(parts)


def changes_table(changes: list[Change]) -> pd.DataFrame:
    return pd.DataFrame([[c.kind, c.table, c.what, c.old or "—", c.new or "—"] for c in changes],
                        columns=["变化", "表", "内容", "原来", "改为"])
