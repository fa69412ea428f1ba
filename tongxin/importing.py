"""Import: the tables an office already keeps → figures merged into a data folder, with how each file
was understood shown before anything is saved (DATA_SPEC v2 "Import" and "Reading what offices
actually have").

What belongs here: reading any accepted file and layout (through `tongxin.read`), matching its
indicators to the dataset's (by id, or by name after the loader's normalisations) and making new
ones (stable id, unit, kind and 板块 inferred — and correctable), taking org, year and source from the
file or from what the person gives, merging (a figure with the same key replaces the old one; all
else is kept) and validating the result exactly as the loader does. Saving goes through
`tongxin.store`, so an import is one version in the history like any save from the browser.

The page and the CLI call the same three functions:
    plan(folder, uploads, settings) -> Plan      understand, merge, validate — nothing written
    report(plan) -> list[str]                    the understanding and the changes, in Chinese
    save(plan, who) -> store.Version             write it (ConflictError if the data changed meanwhile)
A page shows `plan.understood`, `plan.new_indicators`, `plan.source`, `plan.figures` and
`plan.problems`; the person's corrections go back in through `Settings` and a new `plan`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import display, schema, store
from .model import Dataset, Indicator, Observation, Problem, Source, default_short_name
from .read import cells as c
from .read import files as f
from .read import read_files
from .read.layout import SheetReading, read_layout
from .read.shape import header_word, long_table, long_table_of, renamed_problem, renamed_sheet
from .read.validate import build_dataset
from .store import ConflictError

__all__ = ["ConflictError", "FigureChange", "FileUnderstanding", "IndicatorChoice", "NewIndicator", "Plan", "Settings",
           "SheetChoice", "SourceInfo", "Uploads", "classify", "kind_of_unit", "new_indicator_id", "plan", "plan_isolated",
           "report", "save", "source_said", "suggested"]


# --- what the person gives ------------------------------------------------------------------------------


@dataclass
class SourceInfo:
    """Where the imported figures come from (DATA_SPEC sources.csv: title, publisher, date, url)."""

    title: str = ""
    publisher: str = ""
    date: str = ""  # YYYY-MM-DD (2025/3/19 and 2025年3月19日 are read too)
    url: str = ""

    @property
    def given(self) -> bool:
        return any((self.title, self.publisher, self.date, self.url))


@dataclass
class IndicatorChoice:
    """The person's correction of a new indicator; None keeps what was inferred."""

    pillar: str | None = None
    kind: str | None = None  # rate / count / amount
    unit: str | None = None
    name: str | None = None


@dataclass
class SheetChoice:
    """The org and year of one file or worksheet's figures as the person confirmed them on the page
    (used where the rows do not say them; they win over the title). None: not given."""

    org: str | None = None
    year: int | None = None


@dataclass
class Settings:
    """What the person gives besides the files (CLI options or the page's fields).

    `org`/`year` are used where the file does not say them (a 单位名称 or 年份 column always wins; a
    title's year or org wins too unless `prefer_given` — the page sets it when the person corrected
    what was read from a title). `sheets` gives them per file or worksheet (keyed by
    `FileUnderstanding.label`; the page's fields). `indicators` corrects new indicators, keyed by
    their id. `on_page`: hints speak of the page's fields rather than of command-line options."""

    org: str = ""
    year: int | None = None
    source: SourceInfo = field(default_factory=SourceInfo)
    indicators: dict[str, IndicatorChoice] = field(default_factory=dict)
    prefer_given: bool = False
    sheets: dict[str, SheetChoice] = field(default_factory=dict)
    on_page: bool = False

    def hint(self, cli: str, page: str) -> str:
        return page if self.on_page else cli


FIELD_HINT = "请在上面"  # the words of a page hint that point at one of the page's fields (`Plan.asked`)
TITLE_WORDS = "标题或说明行"  # where an org or year came from when a title or note row said it


# --- what the import found ----------------------------------------------------------------------------------


@dataclass
class NewIndicator:
    """An indicator the files name that the dataset does not have yet — shown for review."""

    id: str
    name: str
    unit: str
    kind: str
    pillar: str
    unit_from: str  # where each came from, in Chinese (表头中的括号 / 计量单位列 / 您的修改 …)
    kind_from: str
    pillar_from: str
    file: str
    sheet: str
    row: int | None
    figures: int = 0

    def indicator(self) -> Indicator:
        return Indicator(self.id, self.name, self.pillar, self.unit, self.kind)


@dataclass
class FileUnderstanding:
    """How one file (or worksheet) was read: what the "我们这样理解您的表格" step shows."""

    file: str
    sheet: str
    layout: str  # dataset / observations / indicators / sources / orgs / years_across / indicators_across / skipped
    layout_words: str  # the layout in Chinese
    detail: str = ""  # encoding and separator, or the workbook kind
    header_row: int | None = None
    columns: dict[str, str] = field(default_factory=dict)  # column letter → what it holds
    skipped: list[str] = field(default_factory=list)  # rows and columns set aside, and why
    org: str = ""
    org_from: str = ""
    year: int | None = None
    year_from: str = ""
    figures: int = 0
    notices: list[Problem] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)  # the title and note rows above the header
    org_in_rows: bool = False  # the rows say the org (a 单位名称 column) / the year (year columns or a 年份 column)
    year_in_rows: bool = False

    @property
    def label(self) -> str:
        return f"{self.file}「{self.sheet}」工作表" if self.sheet else self.file

    @property
    def statistics(self) -> bool:
        """A statistics table (years or indicators across): its org and year may need the person."""
        return self.layout in ("years_across", "indicators_across")


@dataclass
class FigureChange:
    """One imported figure against the data folder: 新增 / 修改 / 不变."""

    kind: str
    observation: Observation
    before: Observation | None
    what: str  # 犍为县政协 · 小微协商 · 2024年
    old: str = ""
    new: str = ""


@dataclass
class Plan:
    """An import understood, merged and validated, not yet saved."""

    folder: Path
    base: int | None  # the store version the plan was made against (None: never saved; conflict check)
    settings: Settings
    base_files: str | None = None  # digest of the folder's files the plan read (for a folder never saved)
    understood: list[FileUnderstanding] = field(default_factory=list)
    new_indicators: list[NewIndicator] = field(default_factory=list)
    source: Source | None = None  # the source of the figures from statistics tables
    source_is_new: bool = False
    new_sources: list[Source] = field(default_factory=list)
    figures: list[FigureChange] = field(default_factory=list)
    dataset: Dataset | None = None  # the merged, validated dataset
    files: dict[str, bytes] = field(default_factory=dict)  # what `save` writes
    problems: list[Problem] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    # A plan made in a child process comes back compact (`compact`): its figures as counts, its
    # problems as the first LISTED errors and warnings with how many more errors there were.
    figure_counts: dict[str, int] | None = None
    unlisted_errors: int = 0

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def error_count(self) -> int:
        return len(self.errors) + self.unlisted_errors

    @property
    def ok(self) -> bool:
        return self.dataset is not None and not self.errors

    @property
    def asked(self) -> list[Problem]:
        """The errors a field of the page puts right (a source not given, a year the table does not
        say …), on the page only: when they are all there is, the page asks rather than refuses."""
        return [p for p in self.errors if self.settings.on_page and FIELD_HINT in p.hint]

    @property
    def notices(self) -> list[Problem]:
        """Every notice: how each file was read (title rows skipped, units from brackets …)."""
        found = [p for p in self.problems if p.severity == "notice"]
        for u in self.understood:
            found += [n for n in u.notices if n not in found]
        return found

    def count(self, kind: str) -> int:
        """How many imported figures are 新增 / 修改 / 不变."""
        if self.figure_counts is not None:
            return self.figure_counts.get(kind, 0)
        return sum(1 for ch in self.figures if ch.kind == kind)

    LISTED = 1000  # errors and warnings a compact plan keeps (the page shows the first 300)

    def compact(self) -> Plan:
        """The plan as a page needs it from a child process: no merged dataset (an empty one stands
        for it: the page saves `files`), the figures counted, at most LISTED errors and warnings
        (every notice is kept: one per kind of accommodation and place)."""
        self.figure_counts = {kind: self.count(kind) for kind in ("新增", "修改", "不变")}
        self.figures = []
        if self.dataset is not None:
            self.dataset = Dataset((), (), ())
        serious = [p for p in self.problems if p.severity != "notice"]
        if len(serious) > self.LISTED:
            kept = serious[: self.LISTED]
            self.unlisted_errors = sum(1 for p in serious[self.LISTED:] if p.severity == "error")
            self.problems = kept + [p for p in self.problems if p.severity == "notice"]
        return self

    @property
    def changes_anything(self) -> bool:
        return bool(self.count("新增") or self.count("修改") or self.new_indicators or self.new_sources)

    @property
    def summary(self) -> str:
        """导入 统计表.xlsx：新增30条、修改2条数字；新增3个指标 — the line the history keeps."""
        parts = [f"新增{self.count('新增')}条、修改{self.count('修改')}条数字"]
        if self.new_indicators:
            parts.append(f"新增{len(self.new_indicators)}个指标")
        if self.new_sources:
            parts.append(f"新增{len(self.new_sources)}个来源")
        return f"导入 {'、'.join(self.names)}：" + "；".join(parts)


# --- ids -----------------------------------------------------------------------------------------------------


def new_indicator_id(name: str) -> str:
    """The stable id of a new indicator: `ind_` + the first 10 hex digits of the SHA-256 of its name
    as names are compared (`cells.match_key`: invisible characters, spaces and full/half width do not
    matter). The same name gives the same id in every import, on every machine; ASCII, matches
    DATA_SPEC's `[a-z][a-z0-9_]*`. (A hash, not pinyin: no dictionary to install, no homophones.)"""
    return "ind_" + hashlib.sha256(c.match_key(name).encode("utf-8")).hexdigest()[:10]


def _source_id(title: str, publisher: str, date: str) -> str:
    digest = hashlib.sha256("\n".join((title, publisher, date)).encode("utf-8")).hexdigest()[:6]
    return f"src_{date.replace('-', '')}_{digest}"


# --- the current data -----------------------------------------------------------------------------------------


def _current(folder: Path, problems: list[Problem]) -> tuple[Dataset | None, dict[str, bytes], int | None]:
    """The folder's dataset (None when it has none yet), its files and version. Nothing is written:
    a folder the store has never saved into is read directly (same digest as `store.read`)."""
    if not folder.exists():
        return None, {}, None
    if not folder.is_dir():
        problems.append(Problem(str(folder), "这不是一个文件夹", hint="--into 后面写数据文件夹的路径"))
        return None, {}, None
    try:
        if (folder / store.STATE).is_dir():
            snapshot = store.read(folder)
            files, version = dict(snapshot.files), snapshot.version
        else:  # never saved through the store: read as it is, without creating a database (a dry run writes nothing)
            files, version = store.read_folder(folder), None
    except store.StoreFault as fault:
        problems.append(Problem(str(folder), fault.message))
        return None, {}, None
    if not files:
        workbooks = [p.name for p in folder.iterdir() if p.suffix.lower() in (".xlsx", ".xls")]
        if workbooks:
            problems.append(Problem(str(folder), f"这个数据文件夹的数据是工作簿（{'、'.join(workbooks)}），导入需要 CSV 数据文件夹",
                                    hint="请导入到一个新的文件夹，或先把工作簿导入到新文件夹"))
        return None, {}, version if files else None
    return _dataset_of(files, str(folder), problems), files, version


def _dataset_of(files: dict[str, bytes], where: str, problems: list[Problem]) -> Dataset | None:
    dataset, found = read_files(files, where=where)
    if dataset is None:
        problems.append(Problem(where or "数据", "现有的数据有问题，无法并入新数字",
                                hint=f"请先运行 python -m tongxin check {where} 并改正，或在“数据维护”页恢复一个好的版本"))
        problems += [p for p in found if p.severity == "error"]
    return dataset


# --- reading the files ---------------------------------------------------------------------------------------

INSTRUCTION_SHEETS = frozenset({"填表说明", "说明", "使用说明"})
DATASET_WORDS = "数据模板（" + "、".join(s.sheet for s in schema.REQUIRED_TABLES.values()) + "工作表）"


@dataclass
class _Reading:
    long_tables: dict = field(default_factory=dict)  # table name → shape.Table
    sheets: list[SheetReading] = field(default_factory=list)


def _read_uploads(uploads: dict[str, bytes], plan: Plan) -> _Reading:
    reading = _Reading()
    for raw_name, data in uploads.items():
        name = c.clean(raw_name)[0]
        plan.names.append(name)
        bad = f.unreadable(name)
        if bad is not None:
            plan.problems.append(bad)
            continue
        try:
            grids = f.read_grids(name, data)
        except c.Reject as r:
            plan.problems.append(Problem(name, r.message, hint=r.hint))
            continue
        contract = {header_word(g.sheet): g for g in grids if g.sheet}
        dataset_sheets = {spec.name: contract.get(spec.name) or contract.get(header_word(spec.sheet))
                          for spec in schema.TABLES.values()}
        if any(dataset_sheets[n] for n in schema.REQUIRED_TABLES):
            _read_long(name, {n: g for n, g in dataset_sheets.items() if g}, reading, plan, "dataset")
            renamed = {}
            for spec in schema.TABLES.values():
                if dataset_sheets[spec.name] is None and spec.required:
                    found = renamed_sheet(spec, grids, [*dataset_sheets.values(), *renamed.values()])
                    if found is not None:  # 「2023年数据」 for 数据: say so, never fall back silently
                        renamed[spec.name] = found
                        plan.problems.append(renamed_problem(name, spec, found))
            for g in grids:
                if g not in dataset_sheets.values() and g not in renamed.values() and not g.hidden \
                        and header_word(g.sheet) not in INSTRUCTION_SHEETS:
                    plan.problems.append(Problem(name, "这个工作表不是数据模板的表，未读取", severity="notice", sheet=g.sheet))
            continue
        for grid in grids:
            if header_word(grid.sheet) in INSTRUCTION_SHEETS:
                if len(grids) > 1:  # our templates' 填表说明: instructions, no figures — said, never silent
                    plan.problems.append(Problem(name, "这是填表说明工作表，没有数字，未读取", severity="notice",
                                                 sheet=grid.sheet))
                continue
            if grid.hidden:
                plan.problems.append(Problem(name, "隐藏的工作表，未读取", severity="notice", sheet=grid.sheet))
                continue
            long_name = long_table_of(grid)
            if long_name:
                _read_long(name, {long_name: grid}, reading, plan, long_name)
                continue
            sheet = read_layout(grid)
            if sheet.layout == "empty":
                if len(grids) == 1:
                    plan.problems.append(Problem(name, "文件是空的", hint="请填入表头和数字", sheet=grid.sheet))
                else:
                    plan.problems.append(Problem(name, "空工作表，已跳过", severity="notice", sheet=grid.sheet))
                continue
            reading.sheets.append(sheet)
    return reading


def _read_long(name: str, grids: dict[str, f.Grid], reading: _Reading, plan: Plan, layout: str) -> None:
    words = {"dataset": DATASET_WORDS, "observations": f"{schema.OBSERVATIONS.label}（长表：每行一个数字）",
             **{spec.name: spec.label for spec in schema.TABLES.values() if spec is not schema.OBSERVATIONS}}
    for table_name, grid in grids.items():
        if table_name in reading.long_tables:
            plan.problems.append(Problem(name, f"与另一个文件重复：都是{schema.TABLES[table_name].label}",
                                         hint="每张表只导入一个文件", sheet=grid.sheet))
            continue
        table = long_table(grid, schema.TABLES[table_name], plan.problems)
        understanding = FileUnderstanding(name, grid.sheet, layout if layout != "dataset" else table_name,
                                          words.get(table_name if layout != "dataset" else "dataset", ""), grid.detail)
        if table is not None:
            reading.long_tables[table_name] = table
            understanding.header_row = table.header_row
            understanding.columns = {f.column_letter(pos): f"{schema.TABLES[table_name].column(col).alias}"
                                     for col, pos in table.positions.items()}
            understanding.skipped = list(table.skipped)
            understanding.figures = len(table.frame) if table_name == "observations" else 0
            understanding.notices = [n for n in table.notices if n.severity == "notice"]
        plan.understood.append(understanding)


# --- figures of statistics tables ---------------------------------------------------------------------------


class _Indicators:
    """Indicators by id and by name (as names are compared), existing ones first, new ones as met."""

    def __init__(self, existing: list[Indicator], settings: Settings):
        self.by_id = {i.id: i for i in existing}
        self.by_key = {}
        for i in existing:
            self.by_key.setdefault(c.match_key(i.name), i)
        self.new: dict[str, NewIndicator] = {}
        self.settings = settings

    def resolve(self, figure, sheet: SheetReading) -> Indicator | NewIndicator:
        written = figure.indicator
        if written in self.by_id:
            return self.by_id[written]
        key = c.match_key(written)
        if key in self.by_key:
            return self.by_key[key]
        ident = new_indicator_id(written)
        if ident in self.new:
            found = self.new[ident]
            if not found.unit and figure.unit:
                found.unit, found.unit_from = figure.unit, figure.unit_from
            if found.pillar == schema.UNCLASSIFIED_PILLAR and figure.pillar:
                found.pillar, found.pillar_from = figure.pillar, figure.pillar_from
            return found
        unit, unit_from = figure.unit, figure.unit_from
        if not unit and written.endswith("率"):
            unit, unit_from = "%", "名称以“率”结尾"
        pillar, pillar_from = (figure.pillar, figure.pillar_from) if figure.pillar else (schema.UNCLASSIFIED_PILLAR,
                                                                                        "表中没有写板块")
        found = NewIndicator(ident, written, unit, "", pillar, unit_from, "", pillar_from, sheet.file, sheet.sheet,
                             figure.row)
        self.new[ident] = found
        return found

    def finish(self) -> None:
        """Apply the person's corrections, then infer each kind from its unit."""
        for ind in self.new.values():
            choice = self.settings.indicators.get(ind.id)
            if choice:
                if choice.name:
                    ind.name = choice.name
                if choice.unit is not None:
                    ind.unit, ind.unit_from = choice.unit, "您的修改"
                if choice.pillar:
                    ind.pillar, ind.pillar_from = choice.pillar, "您的修改"
            if choice and choice.kind:
                ind.kind, ind.kind_from = choice.kind, "您的修改"
            else:
                ind.kind, ind.kind_from = c.kind_of_unit(ind.unit), "由单位推断" if ind.unit else "没有单位，按数量"


class _OrgNames:
    """Orgs as a statistics table may write them: 犍为县 or 犍为 for 犍为县政协 (its 简称 in orgs.csv, or
    the name without 政协) — read as the dataset's org, with a notice; any other name is a new org."""

    def __init__(self, current: Dataset | None):
        self.names: dict[str, str] = {}
        self.spaceless: dict[str, str] = {}
        self.said: set[str] = set()
        if current is None:
            return
        for name in current.orgs() + [o.name for o in current.org_records]:
            for alias in (current.short_name(name), default_short_name(name)):
                if alias and alias != name:
                    self.names.setdefault(alias, name)
        for name in current.orgs() + [o.name for o in current.org_records]:
            self.names[name] = name
        # 井研县　政协 (a full-width or no-break space typed into the name) is 井研县政协, never a second org
        self.spaceless = {_spaceless(alias): name for alias, name in self.names.items()}
        for name in current.orgs() + [o.name for o in current.org_records]:
            self.spaceless[_spaceless(name)] = name

    def resolve(self, written: str, sheet: SheetReading, row: int, plan: Plan) -> str:
        found = self.names.get(written) or self.spaceless.get(_spaceless(written), written)
        if found != written and written not in self.said:
            self.said.add(written)
            how = "（只差空格）" if _spaceless(written) == _spaceless(found) else ""
            plan.problems.append(Problem(sheet.file, f"单位“{written}”按数据中已有的“{found}”读取{how}", row,
                                         severity="notice", sheet=sheet.sheet))
        return found


def _spaceless(name: str) -> str:
    """A name without any space (ASCII, full-width U+3000, no-break U+00A0 …): how orgs are told apart
    when a name was typed with a space in it."""
    return "".join(name.split())


def _file_facts(sheet: SheetReading, settings: Settings, problems: list[Problem]) -> tuple[str, str, int | None, str]:
    """The org and year of a sheet's figures where its rows do not say them: what the person
    confirmed for this sheet (the page's fields), else the title, else the settings (CLI options)."""
    chosen = settings.sheets.get(FileUnderstanding(sheet.file, sheet.sheet, "", "").label) or SheetChoice()
    org, org_from = "", ""
    year, year_from = None, ""
    if chosen.org:
        org = c.clean(chosen.org, identifier=True)[0]
        org_from = TITLE_WORDS if org == sheet.title_org else "您填写的单位"
    elif sheet.title_org and not (settings.prefer_given and settings.org):
        org, org_from = sheet.title_org, TITLE_WORDS
        if settings.org and c.clean(settings.org, identifier=True)[0] != org:
            problems.append(Problem(sheet.file, f"标题写的单位是“{org}”，而指定的单位是“{settings.org}”",
                                    hint="请确认哪一个对；标题写错时请改标题", sheet=sheet.sheet))
    elif settings.org:
        org, org_from = c.clean(settings.org, identifier=True)[0], "您填写的单位"
    if chosen.year:
        year, year_from = chosen.year, TITLE_WORDS if chosen.year == sheet.title_year else "您填写的年份"
    elif sheet.title_year and not (settings.prefer_given and settings.year):
        year, year_from = sheet.title_year, TITLE_WORDS
        if settings.year and settings.year != year:
            problems.append(Problem(sheet.file, f"标题写的是{year}年，而指定的年份是{settings.year}年",
                                    hint="请确认哪一个对；标题写错时请改标题", sheet=sheet.sheet))
    elif settings.year:
        year, year_from = settings.year, "您填写的年份"
    return org, org_from, year, year_from


SOURCE_PLACE = "来源"  # where a problem of the given source is (not a file): the source the person gave


def _the_source(settings: Settings, existing: list[Source], plan: Plan, sheets: list[SheetReading]) -> Source | None:
    info = settings.source
    if not settings.on_page and not info.given:
        # On the command line as on the page (`suggested`): the source the tables state — a 逐年表
        # sent back with its title, 填报单位 and 填报日期 needs no --source-* options.
        stated = source_said([t for s in sheets for t in s.titles], [s.title_org for s in sheets])
        if stated.title and stated.publisher and stated.date:
            info = stated
            plan.problems.append(Problem(SOURCE_PLACE, f"来源取自表中的标题、填报单位和填报日期：{stated.publisher}《{stated.title}》"
                                         f"（{stated.date}）", hint="如不对，请用 --source-title、--source-publisher、"
                                         "--source-date 指定", severity="notice"))
    word = lambda name: schema.SOURCES.column(name).alias  # noqa: E731
    missing = [word(name) for name, value in (("title", info.title), ("publisher", info.publisher), ("date", info.date))
               if not c.clean(value)[0]]
    if missing:
        plan.problems.append(Problem(SOURCE_PLACE, f"没有给出这些数字的来源（缺{'、'.join(missing)}）",
                                     hint=settings.hint("每个数字都要注明来源：命令行用 --source-title、--source-publisher、"
                                                        "--source-date（可加 --source-url）",
                                                        f"{FIELD_HINT}“来源”处填写{'、'.join(missing)}")))
        return None
    try:
        date = c.iso_date(info.date)
    except c.Reject as r:
        plan.problems.append(Problem(SOURCE_PLACE, r.message, column=word("date"), hint=r.hint))
        return None
    title, publisher = c.text(info.title), c.text(info.publisher)
    for s in existing:
        if (s.title, s.publisher, s.date) == (title, publisher, date):
            return s
    plan.source_is_new = True
    return Source(_source_id(title, publisher, date), title, publisher, date, c.text(info.url) if info.url else "")


def _figures(reading: _Reading, current: Dataset | None, plan: Plan) -> list[tuple[Observation, tuple]]:
    """Observations from the statistics tables, each with where it was read (file, sheet, row, column)."""
    if not reading.sheets:
        return []
    existing = list(current.indicators) if current else []
    indicators = _Indicators(existing, plan.settings)
    for sheet in reading.sheets:
        for figure in sheet.figures:
            indicators.resolve(figure, sheet)
    indicators.finish()
    plan.new_indicators = list(indicators.new.values())
    # no figures read (a layout not recognised): the source is not the problem to report
    figures_read = any(sheet.figures for sheet in reading.sheets)
    source = _the_source(plan.settings, list(current.sources) if current else [], plan,
                         reading.sheets) if figures_read else None
    plan.source = source
    if source is not None and plan.source_is_new:
        plan.new_sources.append(source)

    for ind in plan.new_indicators:
        if not ind.unit:
            plan.problems.append(Problem(ind.file, f"新指标“{ind.name}”没有写计量单位", ind.row, sheet=ind.sheet,
                                         hint=plan.settings.hint(f"请在表头或名称后的括号里写上单位，如 {ind.name}（场次），"
                                                                 "或加“计量单位”列",
                                                                 f"{FIELD_HINT}“新指标”处填写它的单位，如 场次、人次、%")))
    orgs = _OrgNames(current)

    found: list[tuple[Observation, tuple]] = []
    for sheet in reading.sheets:
        plan.problems += sheet.problems
        org, org_from, year, year_from = _file_facts(sheet, plan.settings, plan.problems)
        understanding = FileUnderstanding(sheet.file, sheet.sheet, sheet.layout, sheet.layout_words, sheet.detail,
                                          sheet.header_row, dict(sheet.columns), list(sheet.skipped), org, org_from,
                                          year, year_from, 0, list(sheet.notices), list(sheet.titles))
        if sheet.figures and all(fig.org for fig in sheet.figures):
            understanding.org, understanding.org_from = "各行的单位名称", "单位名称列"
            understanding.org_in_rows = True
        if sheet.figures and all(fig.year for fig in sheet.figures):
            understanding.year, understanding.year_from = None, "年份列" if sheet.layout == "indicators_across" else "各列的年份"
            understanding.year_in_rows = True
        plan.understood.append(understanding)
        missing_org = [fig for fig in sheet.figures if not (fig.org or org)]
        missing_year = [fig for fig in sheet.figures if not (fig.year or year)]
        if missing_org:
            plan.problems.append(Problem(sheet.file, "不知道这些数字是哪个单位的", missing_org[0].row, sheet=sheet.sheet,
                                         hint=plan.settings.hint("表中没有“单位名称”列，标题里也没写；请加 --org 单位名称",
                                                                 f"表中没有“单位名称”列，标题里也没写；{FIELD_HINT}这个文件的“单位”处填写")))
        if missing_year:
            plan.problems.append(Problem(sheet.file, "不知道这些数字是哪一年的", missing_year[0].row, sheet=sheet.sheet,
                                         hint=plan.settings.hint("请在标题里写明年份（如 2024年…统计表）或加“年份”列；"
                                                                 "也可加 --year 2024",
                                                                 f"{FIELD_HINT}这个文件的“年份”处填写，如 2024")))
        read_values: dict[tuple[int, str], float] = {}
        for figure in sheet.figures:
            ind = indicators.resolve(figure, sheet)
            where = (sheet.file, sheet.sheet, figure.row, figure.header)
            if isinstance(ind, Indicator) and figure.unit and figure.unit != ind.unit:
                plan.problems.append(Problem(sheet.file, f"“{ind.name}”在表中的单位是“{figure.unit}”，数据中已有的单位是“{ind.unit}”",
                                             figure.row, figure.header, "单位不同的数字不能并在一起；请换算后再导入，"
                                             "或把它改名作为一个新指标", sheet=sheet.sheet))
                continue
            if isinstance(ind, Indicator) and figure.pillar and figure.pillar != ind.pillar:
                sheet_notice = f"“{ind.name}”已在板块“{ind.pillar}”中，表中写的板块“{figure.pillar}”未采用"
                if sheet_notice not in [n.message for n in plan.problems]:
                    plan.problems.append(Problem(sheet.file, sheet_notice, figure.row, severity="notice", sheet=sheet.sheet))
            if isinstance(ind, NewIndicator):
                ind.figures += 1
            try:
                reading_ = c.read_value(figure.cell, ind.kind, ind.unit)
            except c.Reject as r:
                plan.problems.append(Problem(sheet.file, r.message, figure.row, figure.header, r.hint, sheet=sheet.sheet))
                continue
            for how in reading_.how:
                message = f"{how}（{figure.column}{figure.row} 等）"
                if not any(p.message.startswith(how) and p.file_name == sheet.file and p.sheet == sheet.sheet for p in plan.problems):
                    plan.problems.append(Problem(sheet.file, message, figure.row, figure.header, severity="notice",
                                                 sheet=sheet.sheet))
            if ind.kind == "rate" and not 0 <= reading_.number <= 100:
                plan.problems.append(Problem(sheet.file, f"比率 {reading_.number:g} 超出 0–100", figure.row, figure.header,
                                             f"「{ind.name}」是百分比，如 92 表示 92%", sheet=sheet.sheet))
                continue
            if ind.kind == "count" and reading_.number < 0:
                plan.problems.append(Problem(sheet.file, f"数量不能为负数（{reading_.number:g}）", figure.row, figure.header,
                                             f"「{ind.name}」是计数，请检查是否多了负号", sheet=sheet.sheet))
                continue
            read_values[(figure.row, figure.column)] = reading_.number
            understanding.figures += 1
            when = figure.year or year
            who = orgs.resolve(figure.org or org, sheet, figure.row, plan)
            if not when or not who or source is None:
                continue
            found.append((Observation(who, ind.id, when, reading_.number, source.id, when, "", reading_.qualifier,
                                      "actual", _with_original(figure, reading_)), where))
        _check_wide_totals(sheet, indicators, read_values, plan)
    return found


def _with_original(figure, reading_: c.Reading) -> str:
    """The figure's note, with the cell as written when it was a word or 万 (原文：3万余) — a figure keeps
    the source's writing where the note quotes it (display.written_as_word), so 3万余人次 is not shown as
    30000余人次 (t1113)."""
    if c.MAGNITUDE_READ not in reading_.how and c.ROUND_READ not in reading_.how:
        return figure.note
    said = f"原文：{c.clean(str(figure.cell))[0].strip()}"
    return f"{figure.note}；{said}" if figure.note else said


def _check_wide_totals(sheet: SheetReading, indicators: _Indicators, values: dict, plan: Plan) -> None:
    """A total row of a statistics table against the rows it sums, column by column: only where those
    rows are one indicator or share a unit, not rates, all exact. A mismatch is a warning."""
    for total in sheet.totals:
        if total.word not in c.SUM_WORDS:  # an average row: no sum to check
            continue
        for letter, cell in total.values.items():
            if c.is_gap(cell):
                continue
            covered = [fig for fig in sheet.figures if fig.row in total.covers and fig.column == letter]
            if not covered:
                continue
            resolved = [indicators.resolve(fig, sheet) for fig in covered]
            if len({(i.unit, i.kind) for i in resolved}) != 1 or resolved[0].kind == "rate":
                continue
            try:
                stated = c.read_value(cell, resolved[0].kind, resolved[0].unit)
            except c.Reject:
                continue
            if stated.qualifier or any((fig.row, letter) not in values for fig in covered):
                continue
            if any(isinstance(fig.cell, str) and any(q in fig.cell for q in schema.QUALIFIERS if q) for fig in covered):
                continue
            summed = sum(values[(fig.row, letter)] for fig in covered)
            if abs(summed - stated.number) > 1e-6 * max(1.0, abs(summed)):
                plan.problems.append(Problem(sheet.file, f"{total.word}行的 {stated.number:g} 与上面 {len(covered)} 行之和 "
                                             f"{summed:g} 不一致", total.row, covered[0].header,
                                             "请核对合计或各行的数字；合计行本身不会收录为数字", "warning", sheet.sheet))


# --- merging -----------------------------------------------------------------------------------------------------


def _long_dataset(reading: _Reading, current_files: dict[str, bytes], plan: Plan) -> Dataset | None:
    """The long tables imported, completed by the folder's own tables for those not imported."""
    if not reading.long_tables:
        return None
    tables = dict(reading.long_tables)
    for spec in schema.TABLES.values():
        if spec.name not in tables and spec.file in current_files:
            try:
                grid = f.read_text(spec.file, current_files[spec.file])
            except c.Reject:
                continue
            table = long_table(grid, spec, [])
            if table is not None:
                tables[spec.name] = table
    found: list[Problem] = []
    complete = all(n in tables for n in schema.REQUIRED_TABLES)
    dataset = build_dataset(tables, found, complete)
    imported = {(t.file, t.sheet) for t in reading.long_tables.values()}
    plan.problems += [p for p in found if p.severity == "error" or (p.file_name, p.sheet) in imported]
    if not complete:
        for spec in schema.REQUIRED_TABLES.values():
            said = any(p.message.startswith(f"缺少「{spec.sheet}」工作表") for p in plan.problems)  # renamed
            if spec.name not in tables and not said:
                plan.problems.append(Problem(spec.file, f"缺少{spec.label}", hint=f"数据文件夹中还没有{spec.label}，"
                                             f"请一起导入 {spec.file}（或用含三个工作表的数据模板）"))
    return dataset


def _merge(current: Dataset | None, long: Dataset | None, wide: list[tuple[Observation, tuple]], plan: Plan) -> Dataset:
    indicators = {i.id: i for i in (current.indicators if current else ())}
    sources = {s.id: s for s in (current.sources if current else ())}
    orgs = {o.name: o for o in (current.org_records if current else ())}
    if long is not None:
        for new in long.indicators:
            old = indicators.get(new.id)
            if old is None:
                indicators[new.id] = new
                plan.new_indicators.append(NewIndicator(new.id, new.name, new.unit, new.kind, new.pillar, "指标表",
                                                        "指标表", "指标表", "", "", None))
            elif old != new:
                plan.problems.append(Problem(schema.INDICATORS.file, f"指标“{new.id}”的定义与数据文件夹中的不同，保留原来的定义",
                                             hint="如要修改指标的名称、单位或板块，请在“数据维护”页编辑指标表",
                                             severity="warning"))
        for new in long.sources:
            if new.id not in sources:
                sources[new.id] = new
                plan.new_sources.append(new)
            elif sources[new.id] != new:
                plan.problems.append(Problem(schema.SOURCES.file, f"来源“{new.id}”与数据文件夹中的不同，保留原来的",
                                             severity="warning"))
        for new in long.org_records:
            orgs.setdefault(new.name, new)
    for new in plan.new_indicators:
        indicators.setdefault(new.id, new.indicator())
    used = {o.source for o, _ in wide}
    wide_sources = [s for s in plan.new_sources if s.id in used]
    for new in wide_sources:
        sources.setdefault(new.id, new)

    merged = {o.key: o for o in (current.observations if current else ())}
    old = dict(merged)
    seen: dict[tuple, tuple] = {}
    # A yearly figure from a statistics table is the same figure as the dataset's yearly one of that org,
    # indicator and year, whatever words its 期间 uses (2024年): it takes that figure's place and label.
    yearly = {}
    for o in merged.values():
        if o.is_yearly:
            yearly.setdefault((o.org, o.indicator, o.period_end, o.type), []).append(o)
    wide = [(_matched(o, yearly), where) for o, where in wide]
    incoming = [(o, ("", "", None, None)) for o in (long.observations if long else ())] + wide
    for obs, where in incoming:
        if obs.key in seen:
            first_obs, first_where = seen[obs.key]
            if first_obs != obs:
                plan.problems.append(Problem(where[0], "同一个数字（单位、指标、年份相同）在导入的文件中出现两次，且不一致",
                                             where[2], where[3], f"另一处：{first_where[0]} 第{first_where[2]}行",
                                             sheet=where[1]))
            continue
        seen[obs.key] = (obs, where)
        merged[obs.key] = obs
    kept_sources = {o.source for o in merged.values()}
    plan.new_sources = [s for s in plan.new_sources if s.id in kept_sources and (s in wide_sources or long is not None)]
    if plan.source is not None and plan.source.id not in kept_sources:
        plan.source_is_new = False  # every figure was already there: the source is not added
    dataset = Dataset(tuple(indicators.values()), tuple(merged.values()),
                      tuple(s for s in sources.values() if s.id in kept_sources or s.id not in {n.id for n in wide_sources}),
                      (), tuple(orgs.values()))
    _warn_same_as_other_period(old, wide, dataset, plan)
    for key, (obs, _where) in seen.items():
        before = old.get(key)
        what = _label(dataset, obs)
        if before is None:
            plan.figures.append(FigureChange("新增", obs, None, what, "", display.observation_value(dataset, obs)))
        elif before == obs:
            plan.figures.append(FigureChange("不变", obs, before, what, display.observation_value(dataset, obs),
                                             display.observation_value(dataset, obs)))
        else:
            plan.figures.append(FigureChange("修改", obs, before, what, display.observation_value(dataset, before),
                                             display.observation_value(dataset, obs)))
    return dataset


def _warn_same_as_other_period(old: dict, wide: list[tuple[Observation, tuple]], dataset: Dataset, plan: Plan) -> None:
    """A yearly figure new to the data that equals a figure of another period ending that year (截至2025年,
    换届以来) of the same org and indicator: most likely that figure typed into the 逐年表's year
    column, which would show it twice (t1113 #10). A warning, not an error: it may be true of both."""
    other: dict[tuple, list[Observation]] = {}
    for o in old.values():
        if not o.is_yearly:
            other.setdefault((o.org, o.indicator, o.period_end, o.type), []).append(o)
    if not other:
        return
    for obs, where in wide:
        if obs.key in old or not obs.is_yearly:
            continue
        for before in other.get((obs.org, obs.indicator, obs.period_end, obs.type), []):
            if (before.value, before.qualifier) == (obs.value, obs.qualifier):
                shown = display.observation_value(dataset, obs)
                plan.problems.append(Problem(
                    where[0], f"{_label(dataset, obs)}：{shown} 与数据中已有的“{display.period(before)}”的数字相同，"
                    "导入后会成为两个数字", where[2], where[3],
                    f"如果这就是“{display.period(before)}”的那个数字，请清空这一格后重新上传；逐年表只填某一年一年的数字",
                    "warning", where[1]))
                break


def _matched(new: Observation, yearly: dict) -> Observation:
    """`new` as the dataset's own yearly figure when there is exactly one: unchanged if the number is
    the same; otherwise that figure with the new number, qualifier, source and note."""
    found = yearly.get((new.org, new.indicator, new.period_end, new.type), [])
    if len(found) != 1:
        return new
    old = found[0]
    if (old.value, old.qualifier) == (new.value, new.qualifier):
        return old
    return replace(old, value=new.value, qualifier=new.qualifier, source=new.source, note=new.note)


def _label(dataset: Dataset, o: Observation) -> str:
    try:
        name = dataset.indicator(o.indicator).name
    except KeyError:
        name = o.indicator
    return f"{o.org} · {name} · {display.period(o)}"


# --- the three calls ---------------------------------------------------------------------------------------------


def plan(folder: str | Path | None, uploads: dict[str, bytes], settings: Settings | None = None, *,
         current: store.Snapshot | None = None) -> Plan:
    """Understand `uploads` ({file name: bytes}: CSV/TXT, XLSX, XLS; long tables, the data template,
    years-across or indicators-across tables), merge them into the data in `folder` (none yet, or
    None: a new dataset) and validate the result as the loader does. Writes nothing. Every problem is
    in `Plan.problems`; `Plan.ok` says whether `save` may be called (never for folder None).

    `current`: merge into this version instead of the folder's current one (the 数据维护 page: the
    version the import started from, its base — a stale import is then a conflict, issue 10)."""
    result = Plan(Path(folder) if folder is not None else Path(), None, settings or Settings())
    if current is not None:
        current_files, result.base = dict(current.files), current.version
        dataset = _dataset_of(current_files, str(folder or ""), result.problems) if current_files else None
        current = dataset
    elif folder is None:
        current, current_files = None, {}
    else:
        current, current_files, result.base = _current(Path(folder), result.problems)
        result.base_files = store.digest(current_files) if current_files else None
    if result.errors:
        return result
    if not uploads:
        result.problems.append(Problem("导入", "没有选择要导入的文件"))
        return result
    reading = _read_uploads(uploads, result)
    long = _long_dataset(reading, current_files, result)
    wide = _figures(reading, current, result)
    if result.errors or (long is None and not wide):
        if not result.errors:
            result.problems.append(Problem("、".join(result.names), "没有读到可以导入的数字",
                                           hint=result.settings.hint("请检查文件内容；格式说明见 docs/数据格式说明.md",
                                                                     "请检查文件内容；可以对照本页的“数据格式说明”")))
        return result
    merged = _merge(current, long, wide, result)
    if result.errors:
        return result
    from .maintain import canonical_files  # the one writer of the contract's CSVs

    files = canonical_files(merged)
    checked, problems = read_files(files, where=str(folder))
    result.problems += [p for p in problems if p.severity != "notice"]
    if checked is None:
        return result
    result.files = files
    result.dataset = replace(checked, org_records=merged.org_records) if merged.org_records else checked
    return result


# --- the 数据维护 page: one uploader for every kind of file ------------------------------------------------

DATASET, STATISTICS = "dataset", "statistics"


@dataclass
class Uploads:
    """What a set of uploaded files is, told apart by file names, sheet names and, for text files, the
    name alone (nothing is read whole here):

    * `dataset` — the data template (a workbook with the 指标/数据/来源 sheets) or the contract's own
      tables by their file names (indicators.csv …): they replace the tables they hold, as a
      download edited and uploaded again must be able to delete a row; other tables are kept;
    * `statistics` — any other table (a 统计表 in any layout, a long table under another name):
      imported, i.e. merged — a figure with the same key replaced, everything else kept;
    * `mixed` — both at once (refused: they are saved differently, so they are uploaded one by one);
    * `unreadable` — a file that cannot be read at all (`problems` says how to save it).

    `files`: file name → what it is, in Chinese."""

    kind: str
    files: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def _contract_file(name: str) -> schema.TableSpec | None:
    """A contract table by its own file name (indicators.csv, observations (1).csv), not by a word in it."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1].strip().lower()
    stem = base.rsplit(".", 1)[0]
    for spec in schema.TABLES.values():
        if base == spec.file or stem == spec.name or stem.startswith(spec.name + " ") or stem.startswith(spec.name + "("):
            return spec
    return None


def classify(uploads: dict[str, bytes]) -> Uploads:
    """Which way the uploads go: replace (the data template, the contract's tables) or import."""
    from .read import workbook_tables

    kinds: dict[str, str] = {}
    found = Uploads("")
    for raw_name, data in uploads.items():
        name = c.clean(raw_name)[0]
        bad = f.unreadable(name)
        if bad is not None:
            found.problems.append(bad)
            continue
        if f.extension(name) in f.XLSX_EXTENSIONS + f.XLS_EXTENSIONS:
            tables = workbook_tables(name, data)
            if any(t in schema.REQUIRED_TABLES for t in tables):
                kinds[raw_name] = DATASET
                found.files[raw_name] = "数据模板（" + "、".join(schema.TABLES[t].sheet for t in tables) + "工作表）"
            else:
                kinds[raw_name] = STATISTICS
                found.files[raw_name] = "统计表（工作簿）"
            continue
        spec = _contract_file(name)
        kinds[raw_name] = DATASET if spec else STATISTICS
        found.files[raw_name] = f"{spec.label}（{spec.file}）" if spec else "统计表"
    if found.problems:
        found.kind = "unreadable"
    elif len(set(kinds.values())) > 1:
        found.kind = "mixed"
        tables = "、".join(n for n, k in kinds.items() if k == DATASET)
        others = "、".join(n for n, k in kinds.items() if k == STATISTICS)
        found.problems.append(Problem("、".join(uploads), "这次选择的文件有两种，请分两次上传",
                                      hint=f"{tables} 是数据模板或数据表，会以它为准替换现有的表；{others} 是统计表，"
                                      "会把其中的数字并入现有数据。两种文件保存的方式不同，请先上传一种，保存后再上传另一种"))
    else:
        found.kind = next(iter(kinds.values()), STATISTICS)
    return found


kind_of_unit = c.kind_of_unit  # `%` → rate; 元/万元/亿元 → amount; else count (DATA_SPEC v2 "Layouts")


def _date_in(titles: list[str]) -> str:
    """The date a 填报日期 note states (2025年1月10日 → 2025-01-10), or ""."""
    from .read.layout import TITLE_DATE

    for t in titles:
        if "日期" in t or "时间" in t:
            for match in TITLE_DATE.finditer(t.translate(c.FULL_WIDTH)):
                try:
                    return c.iso_date(match.group(0))
                except c.Reject:
                    continue
    return ""


def source_said(titles: list[str], title_orgs: list[str]) -> SourceInfo:
    """The source a statistics table states: its title from the first title row, its publisher from
    填报单位 (else the org a title names), its date from 填报日期. Empty where the file says nothing —
    never the file name, never the dataset's one org as publisher (t1113 #11): it is printed as
    数据来源 on every chart."""
    from .read.layout import TITLE_ORG

    publisher = next((m.group(1) for t in titles if (m := TITLE_ORG.search(t))), "")
    title = next((t for t in titles if "填报" not in t), "")
    return SourceInfo(title, publisher or next((o for o in title_orgs if o), ""), _date_in(titles), "")


def suggested(plan: Plan, current: Dataset | None) -> Settings:
    """What the page's fields start with, from what the files say: each statistics table's org and
    year from its title or note rows (else the dataset's one org), the source as `source_said`."""
    only_org = current.orgs()[0] if current is not None and len(current.orgs()) == 1 else ""
    settings = Settings(on_page=True)
    titles: list[str] = []
    for u in plan.understood:
        if not u.statistics:
            continue
        settings.sheets[u.label] = SheetChoice(None if u.org_in_rows else (u.org or only_org or None),
                                               None if u.year_in_rows else u.year)
        titles += u.titles
    said = [u.org for u in plan.understood if u.statistics and u.org and u.org_from == TITLE_WORDS]
    settings.source = source_said(titles, said)
    return settings


def plan_isolated(folder: str | Path | None, uploads: dict[str, bytes], settings: Settings,
                  current: store.Snapshot) -> Plan:
    """`plan`, in a child process when the files are large (as `maintain.check_isolated`): the memory
    a large table needs goes when the child exits; a child out of memory or time is a Chinese problem.
    A plan made in the child comes back `compact` (the page reviews and saves the plan's `files`)."""
    from .maintain import ISOLATE_ABOVE, IsolatedFailed, new_work_folder, run_isolated

    arguments = dict(folder=folder, uploads=uploads, settings=settings, current=current)
    if sum(len(b) for b in uploads.values()) + sum(len(b) for b in current.files.values()) <= ISOLATE_ABOVE:
        return plan(**arguments)
    try:
        return run_isolated("import", arguments, new_work_folder())
    except IsolatedFailed as failed:
        result = Plan(Path(folder or ""), current.version, settings, names=list(uploads))
        result.problems.append(Problem("、".join(uploads), f"文件太大或太复杂，无法完成读取（{failed}），数据没有保存",
                                       hint="请把文件拆成几个较小的文件分别导入，或联系管理员"))
        return result


def save(plan: Plan, who: str) -> store.Saved:
    """Write a plan that is `ok` through the store: one version in the history (`Saved.version`);
    ConflictError when the folder's data changed since the plan was made, StoreFault when the disk or
    database refuses (nothing written then)."""
    if not plan.ok:
        raise ValueError("an import with problems cannot be saved")
    if plan.base is None and plan.base_files is not None:
        # A folder the store never saved: the files themselves are the base. Edited by hand since the
        # plan read them, the import would silently undo that edit.
        now = store.read(plan.folder)
        if now.version is None and now.digest != plan.base_files:
            conflict = ConflictError(None, None, [])
            conflict.args = ("保存未执行：读取数据文件夹之后，其中的数据文件又被修改过，按这次读取的结果保存会撤销那些修改。"
                             "请重新运行导入（会在最新的文件基础上合并）。",)
            raise conflict
    return store.save(plan.folder, plan.files, who, plan.summary, plan.base, origin="import")


def report(plan: Plan, changes_shown: int = 30) -> list[str]:
    """The plan in Chinese, as the CLI prints it: how each file was understood, new indicators, the
    source, the changes, then every problem, warning and notice."""
    lines: list[str] = []
    for u in plan.understood:
        lines.append(f"■ {u.label}：{u.layout_words or u.layout}")
        how = [u.detail] if u.detail else []
        if u.header_row:
            how.append(f"表头在第{u.header_row}行")
        if how:
            lines.append("  读法：" + "；".join(how))
        if u.columns:
            lines.append("  各列：" + "；".join(f"{k}列 {v}" for k, v in u.columns.items()))
        if u.org or u.org_from:
            lines.append(f"  单位：{u.org}" + (f"（{u.org_from}）" if u.org_from and u.org_from != "单位名称列" else ""))
        if u.year or u.year_from:
            lines.append(f"  年份：{u.year or ''}" + (f"（{u.year_from}）" if u.year_from else ""))
        if u.skipped:
            lines.append("  跳过：" + "；".join(u.skipped))
        if u.layout in ("years_across", "indicators_across", "observations", "dataset"):
            lines.append(f"  读到数字 {u.figures} 个")
    if plan.new_indicators:
        lines.append(f"■ 新指标 {len(plan.new_indicators)} 个（请核对单位、类型、板块；可在导入时修改）：")
        for ind in plan.new_indicators:
            kind = schema.KIND_WORDS.get(ind.kind, ind.kind)
            lines.append(f"  {ind.id} {ind.name}：单位 {ind.unit or '（未注明）'}（{ind.unit_from or '未注明'}），"
                         f"类型 {kind}（{ind.kind_from}），板块 {ind.pillar}（{ind.pillar_from}）")
    if plan.source is not None:
        s = plan.source
        if plan.source_is_new:
            how = f"，新增来源 {s.id}"
        elif plan.dataset is not None and any(x.id == s.id for x in plan.dataset.sources):
            how = f"，已有来源 {s.id}"
        else:
            how = "（这些数字都已在数据中，不新增来源）"
        lines.append(f"■ 来源：{s.publisher}《{s.title}》（{s.date}）{how}")
    if plan.figures:
        lines.append(f"■ 改动：新增 {plan.count('新增')} 条、修改 {plan.count('修改')} 条、不变 {plan.count('不变')} 条数字")
        shown = [ch for ch in plan.figures if ch.kind != "不变"][:changes_shown]
        for ch in shown:
            lines.append(f"  {ch.kind}：{ch.what}：" + (f"{ch.old} → {ch.new}" if ch.kind == "修改" else ch.new))
        rest = sum(1 for ch in plan.figures if ch.kind != "不变") - len(shown)
        if rest > 0:
            lines.append(f"  ……另有 {rest} 处改动")
    for severity in ("error", "warning", "notice"):
        for p in plan.problems:
            if p.severity == severity:
                lines.append(f"{p.severity_word}  {p}")
    for u in plan.understood:
        for n in u.notices:
            if n not in plan.problems:
                lines.append(f"{n.severity_word}  {n}")
    return lines
