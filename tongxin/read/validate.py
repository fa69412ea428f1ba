"""Tables → Dataset: every rule of DATA_SPEC "Rules the loader enforces", with every problem located
(file, sheet, spreadsheet row, column) and every accommodation a notice.

What belongs here: checking the content of the long tables (`shape.Table`) and building the typed
records. The observations table — the one with a million rows — is checked column by column with
pandas: a cell only reaches the per-cell parsers of `cells` when the fast path (plain digits, known
ids, four-digit years) does not cover it, so both paths give the same answers. The small tables
(indicators, sources, orgs) are read row by row. A dataset with any error is never returned.
"""

from __future__ import annotations

import gc
from collections import defaultdict

import numpy as np
import pandas as pd

from .. import schema
from ..model import Dataset, Indicator, Observation, Org, Problem, Source
from . import cells as c
from . import columns
from .columns import is_text as _is_arrow_str
from .shape import Table, located

IDENTIFIERS = {
    "observations": ("org", "indicator", "period_label", "qualifier", "type", "source"),
    "indicators": ("id", "name", "pillar", "unit", "kind", "part_of"),
    "sources": ("id",),
    "orgs": ("name", "parent", "short_name"),
}


class Notes:
    """Notices gathered per (file, sheet, column, what was done) and said once with their rows:
    "observations.csv 「数值」列：第3、5–9行：全角数字或符号已按半角读取"."""

    def __init__(self):
        self._rows: dict[tuple, list[int]] = defaultdict(list)

    def add(self, table: Table, column: str, reason: str, rows) -> None:
        self._rows[(table.file, table.sheet, table.column_name(column), reason)].extend(int(r) for r in rows)

    def problems(self) -> list[Problem]:
        found = []
        for (file, sheet, column, reason), rows in self._rows.items():
            row, which = located(rows)
            found.append(Problem(file, reason if row else f"{which}：{reason}", row, column, severity="notice",
                                 sheet=sheet))
        return found


ALIAS = {c.name: c.alias for c in schema.OBSERVATIONS.columns}
# The duplicate rule's key (DATA_SPEC "Rules"), as people read it: 单位名称、指标、年份、期间、性质
SAME_FIGURE = "、".join((ALIAS["org"], ALIAS["indicator"], "年份", ALIAS["period_label"], ALIAS["type"]))


def _suggest(value: str, known) -> str:
    import difflib  # only when something is unknown

    guess = difflib.get_close_matches(value, list(known), n=1, cutoff=0.6)
    return f"是不是「{guess[0]}」？" if guess else "请先在对应的表中添加它，或检查拼写"


# --- cleaning a column -----------------------------------------------------------------------------------


def clean_column(table: Table, name: str, notes: Notes) -> pd.Series:
    """A column with every text cell cleaned (`cells.clean`): invisible characters removed with a
    notice, spaces trimmed, and our exports' ' before formula-like text taken off. Non-text cells
    of a workbook (numbers, dates, percent cells) are kept as they are."""
    s = table.frame[name]
    identifier = name in IDENTIFIERS[table.spec.name]
    if _is_arrow_str(s):
        todo = np.flatnonzero(columns.contains(s, c.NEEDS_CLEANING + "|^'"))  # or our exports' ' guard
        if not len(todo):
            return s
        values = s.to_numpy(dtype=object).copy()
    else:
        values = s.to_numpy(dtype=object).copy()
        todo = range(len(values))
    reasons: dict[str, list[int]] = defaultdict(list)
    for i in todo:
        v = values[i]
        if not isinstance(v, str):
            continue
        cleaned, done = c.clean(v, identifier)
        if cleaned.startswith("'") and cleaned[1:2] and cleaned[1] in schema.FORMULA_START:
            cleaned = cleaned[1:]
        values[i] = cleaned
        for reason in done:
            reasons[reason].append(table.rows[i])
    for reason, rows in reasons.items():
        notes.add(table, name, reason, rows)
    return pd.Series(values, index=s.index, dtype=s.dtype if _is_arrow_str(s) else object)


def _blank(s: pd.Series) -> np.ndarray:
    if _is_arrow_str(s):
        return columns.equals(s, "")
    return np.fromiter((c.is_blank(v) for v in s), dtype=bool, count=len(s))


def _as_text(s: pd.Series) -> list[str]:
    """Text cells as str (a number typed into a text column of a workbook becomes its digits)."""
    if _is_arrow_str(s):
        return s.tolist()
    return ["" if c.is_blank(v) else (v if isinstance(v, str) else c.text(v)) for v in s]


# --- row-by-row reading of the small tables ------------------------------------------------------------------


class RowReader:
    """Reads the cells of one row of a small table, each through a parser of `cells`; a cell's
    problem is recorded and None returned."""

    def __init__(self, table: Table, problems: list[Problem], notes: Notes):
        self.table, self.problems = table, problems
        self.columns = {name: clean_column(table, name, notes).tolist() for name in table.frame.columns}

    def rows(self):
        return range(len(self.table.frame))

    def number(self, i: int) -> int:
        return int(self.table.rows[i])

    def get(self, i: int, name: str, parse, required: bool = False):
        cell = self.columns[name][i] if name in self.columns else None
        if c.is_blank(cell):
            if required:
                self.problem("必填项为空", i, name, f"请填写「{self.table.spec.column(name).alias}」")
            return None
        try:
            return parse(cell)
        except c.Reject as r:
            self.problem(r.message, i, name, r.hint)
            return None

    def problem(self, message: str, i: int, name: str | None, hint: str = "", severity: str = "error") -> None:
        column = self.table.column_name(name) if name else None
        self.problems.append(self.table.problem(message, self.number(i), column, hint, severity))


def read_indicators(table: Table | None, problems: list[Problem], notes: Notes):
    """Good indicators by id, and every id the table names (None when the table is unreadable)."""
    if table is None:
        return {}, None
    reader = RowReader(table, problems, notes)
    found: dict[str, Indicator] = {}
    rows_of: dict[str, int] = {}
    for i in reader.rows():
        before = len(problems)
        id_ = reader.get(i, "id", c.indicator_id, required=True)
        name = reader.get(i, "name", c.text, required=True)
        pillar = reader.get(i, "pillar", c.text, required=True)
        unit = reader.get(i, "unit", c.text, required=True)
        kind = reader.get(i, "kind", c.kind, required=True)
        description = reader.get(i, "description", c.text) or ""
        better = reader.get(i, "higher_is_better", c.boolean)
        headline = reader.get(i, "headline", c.whole_number)
        part_of = reader.get(i, "part_of", c.indicator_id)
        if id_ is not None and id_ in rows_of:
            reader.problem(f"编号「{id_}」重复", i, "id", f"第{rows_of[id_]}行已用过这个编号")
            continue
        if id_ is not None:
            rows_of[id_] = reader.number(i)
        if len(problems) > before:
            continue
        found[id_] = Indicator(id_, name, pillar, unit, kind, description, better is not False, headline, part_of)
    index_of = {reader.number(i): i for i in reader.rows()}
    for ind in list(found.values()):
        if ind.part_of is None:
            continue
        i = index_of[rows_of[ind.id]]
        whole = found.get(ind.part_of)
        if ind.part_of == ind.id:
            reader.problem("指标不能是它自己的一部分", i, "part_of", "请填写它所属的另一个指标的编号")
        elif whole is None and ind.part_of not in rows_of:
            reader.problem(f"所属指标「{ind.part_of}」不存在", i, "part_of", _suggest(ind.part_of, rows_of))
        elif whole is None:
            continue  # the whole's own row has a problem, reported there
        elif whole.unit != ind.unit:
            reader.problem(f"所属指标「{whole.name}」的单位是「{whole.unit}」，与本指标的「{ind.unit}」不同，无法计算占比",
                           i, "part_of", "“其中”关系两边的单位应相同")
        elif whole.part_of is not None:
            reader.problem(f"所属指标「{whole.name}」本身又属于别的指标", i, "part_of", "“其中”关系只支持一层")
    return found, set(rows_of)


def read_sources(table: Table | None, problems: list[Problem], notes: Notes):
    if table is None:
        return {}, None
    reader = RowReader(table, problems, notes)
    found: dict[str, Source] = {}
    rows_of: dict[str, int] = {}
    for i in reader.rows():
        before = len(problems)
        id_ = reader.get(i, "id", c.source_id, required=True)
        title = reader.get(i, "title", c.text, required=True)
        publisher = reader.get(i, "publisher", c.text, required=True)
        date = reader.get(i, "date", c.iso_date, required=True)
        url = reader.get(i, "url", c.text) or ""
        note = reader.get(i, "note", c.text) or ""
        if id_ is not None and id_ in rows_of:
            reader.problem(f"编号「{id_}」重复", i, "id", f"第{rows_of[id_]}行已用过这个编号")
            continue
        if id_ is not None:
            rows_of[id_] = reader.number(i)
        if len(problems) > before:
            continue
        found[id_] = Source(id_, title, publisher, date, url, note)
    return found, set(rows_of)


def read_orgs(table: Table | None, problems: list[Problem], notes: Notes,
              rows_of: dict[str, int] | None = None) -> dict[str, Org]:
    """orgs.csv (DATA_SPEC v2, optional): names unique; a parent may be a body not listed itself.
    `rows_of`, when given, receives each name's spreadsheet row."""
    if rows_of is None:
        rows_of = {}
    if table is None:
        return {}
    reader = RowReader(table, problems, notes)
    found: dict[str, Org] = {}
    for i in reader.rows():
        before = len(problems)
        name = reader.get(i, "name", c.text, required=True)
        parent = reader.get(i, "parent", c.text) or ""
        short = reader.get(i, "short_name", c.text) or ""
        if name is not None and name in rows_of:
            reader.problem(f"单位「{name}」重复", i, "name", f"第{rows_of[name]}行已有这个单位")
            continue
        if name is not None and name == parent:
            reader.problem("上级单位不能是它自己", i, "parent", "请填写它所属的上一级政协，如 乐山市政协")
        if name is not None:
            rows_of[name] = reader.number(i)
        if len(problems) > before:
            continue
        found[name] = Org(name, parent, short)
    return found


# --- the observations, column by column ------------------------------------------------------------------------

YEAR4 = r"[0-9]{4}"  # not \\d: it matches full-width digits too


def read_observations(table: Table | None, indicators: dict[str, Indicator], indicator_ids: set | None,
                      source_ids: set | None, problems: list[Problem], notes: Notes) -> list[Observation]:
    """The figures: vectorised checks; reference checks only against a table that could be read
    (ids None = unreadable, so its own problems are not repeated as unknown references here)."""
    if table is None:
        return []
    n = len(table.frame)
    rows = table.rows
    found: list[tuple[int, int, Problem]] = []  # (index, column position, problem) → sorted by row then column
    bad = np.zeros(n, dtype=bool)
    positions = {name: table.positions.get(name, 99) for name in schema.OBSERVATIONS.names}

    def fail(i: int, name: str | None, message: str, hint: str = "") -> None:
        column = table.column_name(name) if name else None
        found.append((i, positions.get(name, 99) if name else 100, table.problem(message, int(rows[i]), column, hint)))
        bad[i] = True

    cleaned = {name: clean_column(table, name, notes) for name in table.frame.columns}

    def raw(name: str) -> pd.Series:
        """A column's cleaned cells as read (numbers and dates of a workbook kept as they are)."""
        if name not in cleaned:
            cleaned[name] = pd.Series(pd.array([""] * n, dtype="str"))
        return cleaned[name]

    def text(name: str) -> pd.Series:
        """A text column as Arrow-backed text (a workbook's number in a text column becomes its digits)."""
        s = raw(name)
        return s if _is_arrow_str(s) else pd.Series(_as_text(s), dtype="str")

    # value: a gap (blank, —, 无 …) means no figure — the row is not a figure, never a 0
    gap = _gaps(raw("value"))
    if gap.any():
        notes.add(table, "value", "空白或“—”“/”“无”“不详”表示没有数字，按空缺处理，未收录", rows[gap])

    org, ind, source, label, note = text("org"), text("indicator"), text("source"), text("period_label"), text("note")
    for name, s in (("org", org), ("indicator", ind), ("period_end", raw("period_end")), ("source", source)):
        for i in np.flatnonzero(_blank(s) & ~gap):
            fail(i, name, "必填项为空", f"请填写「{schema.OBSERVATIONS.column(name).alias}」")

    codes, uniques = pd.factorize(ind)  # indicator ids → small integers, so kinds and units are array lookups
    uniques = list(uniques)
    if indicator_ids is not None:
        for k, ident in enumerate(uniques):
            if ident and ident not in indicator_ids:
                hint = _suggest(ident, indicator_ids)
                for i in np.flatnonzero((codes == k) & ~gap):
                    fail(i, "indicator", f"指标「{ident}」在指标表中不存在", hint)
    kinds = np.array([indicators[u].kind if u in indicators else None for u in uniques] + [None], dtype=object)[codes]
    units = np.array([indicators[u].unit if u in indicators else "" for u in uniques] + [""], dtype=object)[codes]

    start = _years(table, raw("period_start"), "period_start", fail, notes, gap)
    end = _years(table, raw("period_end"), "period_end", fail, notes, gap)
    # 起始年份 blank, 期间 "2024年" (or 2024年度/2024年全年) and 截止年份 2024: the source says the year, so it is
    # that one year — not 截至2024年 (t13b: six years of rates read as 截至 had no trend, and pages disagreed)
    blank = np.flatnonzero(np.isnan(start) & ~gap)  # most figures have a start: only these are looked at
    said = pd.to_numeric(label.iloc[blank].str.extract(r"^\s*(\d{4})\s*年(?:度|全年)?\s*$", expand=False),
                         errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    one_year = np.zeros(n, dtype=bool)
    one_year[blank[said == end[blank]]] = True
    if one_year.any():
        start = np.where(one_year, end, start)
        notes.add(table, "period_start", "起始年份空白、“期间”写明一年（如 2024年）的数字，按该年全年的数字读取", rows[one_year])
    number, value_qualifier, written = _values(table, raw("value"), kinds, units, fail, notes, gap)
    if written:  # 3万余 or 近千 as written, in the note: a figure keeps the source's writing (display.written_as_word)
        note = note.copy()
        for i, said in written.items():
            current = note.iat[i] if isinstance(note.iat[i], str) else ""
            if said not in current:
                note.iat[i] = f"{current}；原文：{said}" if current else f"原文：{said}"
    qualifiers = _choices(table, raw("qualifier"), "qualifier", c.qualifier, fail)
    types = _choices(table, raw("type"), "type", c.observation_type, fail, default="actual")

    if source_ids is not None and n:
        unknown = ~columns.is_in(source, source_ids) & ~columns.equals(source, "") & ~gap
        suggestions: dict[str, str] = {}
        for i in np.flatnonzero(unknown):
            ident = source.iat[i]
            if ident not in suggestions:
                suggestions[ident] = _suggest(ident, source_ids)
            fail(i, "source", f"来源「{ident}」在来源表中不存在", suggestions[ident])

    both = ~np.isnan(start) & ~np.isnan(end)
    for i in np.flatnonzero(both & (start > end)):
        fail(i, "period_start", f"{ALIAS['period_start']} {int(start[i])} 晚于{ALIAS['period_end']} {int(end[i])}",
             "请检查两列是否填反")

    for i in np.flatnonzero((value_qualifier != "") & (qualifiers != "") & (value_qualifier != qualifiers)):
        fail(i, "value", f"数值里的“{value_qualifier[i]}”与限定列的“{qualifiers[i]}”不一致", "只保留一处即可")

    parsed = ~np.isnan(number)
    for i in np.flatnonzero((kinds == "rate") & parsed & ((number < 0) | (number > 100))):
        fail(i, "value", f"比率 {number[i]:g} 超出 0–100", f"「{indicators[ind.iat[i]].name}」是百分比，如 92 表示 92%")
    for i in np.flatnonzero((kinds == "count") & parsed & (number < 0)):
        fail(i, "value", f"数量不能为负数（{number[i]:g}）", f"「{indicators[ind.iat[i]].name}」是计数，请检查是否多了负号")

    good = ~bad & ~gap
    key_columns = ["org", "indicator", "start", "end", "label", "type"]
    keys = pd.DataFrame({"org": org, "indicator": codes, "start": np.nan_to_num(start, nan=-1),
                         "end": np.nan_to_num(end, nan=-1), "label": label, "type": types == "target", "row": rows})[good]
    duplicated = keys.duplicated(key_columns, keep="first").to_numpy()
    if duplicated.any():
        first_row = keys.groupby(key_columns, sort=False)["row"].transform("first").to_numpy()
        good_index = np.flatnonzero(good)
        for k in np.flatnonzero(duplicated):
            fail(int(good_index[k]), None, f"与另一行重复（{SAME_FIGURE}都相同）",
                 f"与第{int(first_row[k])}行重复；如是两个不同时期，请在「{ALIAS['period_label']}」列区分")
        good = ~bad & ~gap

    found.sort(key=lambda f: (f[0], f[1]))
    problems += [p for _, _, p in found]

    everything = bool(good.all())

    def kept(s: pd.Series) -> list:
        return s.tolist() if everything else s[good].tolist()

    starts_kept = start[good]
    missing = np.isnan(starts_kept)
    starts = np.where(missing, 0, starts_kept).astype(np.int64).astype(object)
    starts[missing] = None
    qualifier = np.where(value_qualifier != "", value_qualifier, qualifiers)
    # A million new objects would set off the cyclic garbage collector hundreds of times, each pass walking
    # every object alive (pandas included); records of plain values hold no cycles, so it waits.
    collecting = gc.isenabled()
    gc.disable()
    try:
        observations = list(map(
            Observation, kept(org), kept(ind), end[good].astype(np.int64).tolist(), number[good].tolist(),
            kept(source), starts.tolist(), kept(label), qualifier[good].tolist(), types[good].tolist(), kept(note),
        ))
    finally:
        if collecting:
            gc.enable()
    _warn_fraction_rates(table, number[good], codes[good], kinds[good], rows[good], uniques, indicators, problems)
    if table.totals:
        _check_totals(table, observations, rows[good], indicators, problems)
    return observations


def _gaps(s: pd.Series) -> np.ndarray:
    if _is_arrow_str(s):
        return columns.is_in(s, c.GAP_MARKERS)
    return np.fromiter((c.is_gap(v) for v in s), dtype=bool, count=len(s))


def _years(table: Table, s: pd.Series, name: str, fail, notes: Notes, gap: np.ndarray) -> np.ndarray:
    """Years as floats (NaN where blank or wrong); four plain digits take the fast path."""
    n = len(table.frame)
    out = np.full(n, np.nan)
    if name not in table.frame.columns or not n:
        return out
    if _is_arrow_str(s):
        blank = columns.equals(s, "")
        fast = columns.fullmatch(s, YEAR4)
        out = columns.numbers(s, fast)
        slow = np.flatnonzero(~fast & ~blank & ~gap)
        outside = np.flatnonzero(fast & ~gap & ((out < schema.YEAR_MIN) | (out > schema.YEAR_MAX)))
        for i in outside:
            fail(i, name, f"年份 {int(out[i])} 超出范围", f"应在 {schema.YEAR_MIN}–{schema.YEAR_MAX} 之间")
            out[i] = np.nan
    else:
        slow = np.flatnonzero(~_blank(s) & ~gap)
    full_width = []
    for i in slow:
        cell = s.iat[i]
        try:
            out[i] = c.year(cell)
            if isinstance(cell, str) and cell.translate(c.FULL_WIDTH) != cell:
                full_width.append(table.rows[i])
        except c.Reject as r:
            fail(i, name, r.message, r.hint)
    if full_width:
        notes.add(table, name, c.FULL_WIDTH_READ, full_width)
    return out


def _values(table: Table, s: pd.Series, kinds, units, fail, notes: Notes, gap: np.ndarray):
    """Numbers (NaN where none), the qualifier each value cell carried (410余 → 余), and {row index: the
    cell as written} where it was 万 or a word (3万余, 近千) that the number alone does not say."""
    n = len(table.frame)
    number = np.full(n, np.nan)
    qualifier = np.full(n, "", dtype=object)
    written: dict[int, str] = {}
    if not n:
        return number, qualifier, written
    if _is_arrow_str(s):
        fast = columns.fullmatch(s, c.PLAIN_NUMBER)
        number = columns.numbers(s, fast)
        slow = np.flatnonzero(~fast & ~gap)
    else:
        slow = np.flatnonzero(~gap)
    how: dict[str, list[int]] = defaultdict(list)
    for i in slow:
        kind = kinds[i] if isinstance(kinds[i], str) else None
        unit = units[i] if isinstance(units[i], str) else ""
        try:
            reading = c.read_value(s.iat[i], kind, unit)
        except c.Reject as r:
            fail(i, "value", r.message, r.hint)
            continue
        number[i], qualifier[i] = reading.number, reading.qualifier
        for h in reading.how:
            how[h].append(table.rows[i])
        if c.MAGNITUDE_READ in reading.how or c.ROUND_READ in reading.how:
            written[i] = c.clean(str(s.iat[i]))[0]
    for h, rows in how.items():
        notes.add(table, "value", h, rows)
    return number, qualifier, written


def _choices(table: Table, s: pd.Series, name: str, parse, fail, default: str = "") -> np.ndarray:
    """A column of fixed choices (qualifier, type): each distinct cell parsed once, then mapped."""
    n = len(table.frame)
    out = np.full(n, default, dtype=object)
    if name not in table.frame.columns or not n:
        return out
    filled = ~_blank(s)
    if _is_arrow_str(s):
        distinct = [v for v in pd.unique(s) if v]
        masks = ((v, columns.equals(s, v)) for v in distinct)
    else:
        written = np.asarray(s.to_numpy(dtype=object))
        masks = ((v, filled & (written == v)) for v in pd.unique(written[filled]))
    for value, where in masks:
        try:
            out[where] = parse(value)
        except c.Reject as r:
            for i in np.flatnonzero(where):
                fail(i, name, r.message, r.hint)
    return out


def _warn_fraction_rates(table: Table, number, codes, kinds, rows, uniques, indicators, problems) -> None:
    """A rate whose values are all ≤ 1: probably 92% written as 0.92 (a warning, not an error)."""
    rate = kinds == "rate"
    if not rate.any():
        return
    frame = pd.DataFrame({"code": codes[rate], "value": number[rate], "row": rows[rate]})
    by = frame.groupby("code", sort=False).agg(most=("value", "max"), first=("row", "first"))
    for code, most, first in by.itertuples():
        if 0 < most <= 1:
            name = indicators[uniques[code]].name
            problems.append(table.problem(f"「{name}」的数值都不超过 1：是否把 92% 写成了 0.92？", int(first),
                                          table.column_name("value"), "比率请按百分数填写，如 92 或 92%", "warning"))


def _check_totals(table: Table, observations, rows, indicators, problems) -> None:
    """A 合计/总计 row against the figures of its indicator above it; a 小计 row against those since
    the previous total. A mismatch is a warning (DATA_SPEC v2). Rates and approximate figures are
    not summed."""
    previous: dict[tuple[str, str], int] = {}
    for total in table.totals:
        if total.word not in c.SUM_WORDS:  # an average row: no sum to check
            continue
        ind_id = c.text(total.cells.get("indicator", "")) if not c.is_blank(total.cells.get("indicator")) else ""
        indicator = indicators.get(ind_id)
        if indicator is None or indicator.kind == "rate":
            continue
        try:
            stated = c.read_value(total.cells.get("value"), indicator.kind, indicator.unit)
        except c.Reject:
            continue
        type_ = "actual"
        if not c.is_blank(total.cells.get("type")):
            try:
                type_ = c.observation_type(total.cells["type"])
            except c.Reject:
                continue
        since = previous.get((ind_id, "小计" if total.word == "小计" else "合计"), 0)
        covered = [o for o, row in zip(observations, rows, strict=True)
                   if since < row < total.row and o.indicator == ind_id and o.type == type_]
        previous[(ind_id, "小计")] = total.row
        if total.word != "小计":
            previous[(ind_id, "合计")] = total.row
        if not covered or stated.qualifier or any(o.qualifier for o in covered):
            continue
        summed = sum(o.value for o in covered)
        if abs(summed - stated.number) > 1e-6 * max(1.0, abs(summed)):
            problems.append(table.problem(
                f"{total.word}行的 {stated.number:g} 与上面 {len(covered)} 行「{indicator.name}」之和 {summed:g} 不一致",
                total.row, table.column_name("value"), "请核对合计或各行的数字；合计行本身不会收录为数字", "warning"))


# --- the dataset ----------------------------------------------------------------------------------------------


def build_dataset(tables: dict[str, Table], problems: list[Problem], complete: bool = True) -> Dataset | None:
    """Long tables → Dataset; None when any table is missing (complete=False) or any error was found.
    Problems (errors, warnings, notices) are added to `problems`."""
    notes = Notes()
    indicators, indicator_ids = read_indicators(tables.get("indicators"), problems, notes)
    sources, source_ids = read_sources(tables.get("sources"), problems, notes)
    org_rows: dict[str, int] = {}
    orgs = read_orgs(tables.get("orgs"), problems, notes, org_rows)
    observations = read_observations(tables.get("observations"), indicators, indicator_ids, source_ids, problems, notes)
    if orgs and not _names_only(orgs, observations):
        _check_org_names(tables["orgs"], orgs, org_rows, observations, problems)
    if tables.get("observations") is not None:
        _check_near_names(tables["observations"], observations, problems)
    for table in tables.values():
        problems += [n for n in table.notices if n not in problems]
    problems += notes.problems()
    if not complete or any(p.severity == "error" for p in problems):
        return None
    return Dataset(
        tuple(indicators.values()),
        tuple(observations),
        tuple(sources.values()),
        tuple(p for p in problems if p.severity == "warning"),
        () if _names_only(orgs, observations) else tuple(orgs.values()),
        tuple(p for p in problems if p.severity == "notice"),
    )


ORG_ROWS_LISTED = 10  # one warning per orgs.csv row that matches no org, up to this many; then one for the rest
ORG_NAMES_LISTED = 5  # a warning names at most this many data orgs missing from orgs.csv ("…等12个")


def _check_org_names(table: Table, orgs: dict[str, Org], rows_of: dict[str, int], observations: list[Observation],
                     problems: list[Problem]) -> None:
    """orgs.csv against the orgs that have figures (t1113: `犍为县` written for 犍为县政协 dropped it from
    its group without a word). A listed org with no figures that is no listed org's parent, and an org
    with figures that orgs.csv does not list, are each a warning naming it — groups, ranks and medians
    count only the orgs listed under a parent."""
    with_figures = list(dict.fromkeys(o.org for o in observations))
    parents = {o.parent for o in orgs.values() if o.parent}
    unmatched = [name for name in orgs if name not in set(with_figures) and name not in parents]
    # a listed org whose row has an error (上级单位 is itself) is said once, by that error (t13 finding 5)
    missing = [name for name in with_figures if name not in orgs and name not in rows_of]
    name_column = table.column_name("name")
    for name in unmatched[:ORG_ROWS_LISTED]:
        problems.append(table.problem(
            f"单位「{name}」在数据中没有任何数字，也不是其他单位的上级单位", rows_of.get(name), name_column,
            f"{guess if (guess := _suggest(name, missing or with_figures)).startswith('是不是') else ''}"
            "单位名称须与数据表中的写法完全一致，否则它不会被算入所属上级的对比",
            "warning"))
    if len(unmatched) > ORG_ROWS_LISTED:
        rest = unmatched[ORG_ROWS_LISTED:]
        problems.append(table.problem(
            f"另有 {len(rest)} 个单位在数据中没有任何数字（如「{rest[0]}」，第{rows_of.get(rest[0])}行）", None, name_column,
            "请核对单位名称与数据表中的写法是否一致", "warning"))
    if missing:
        shown = "、".join(f"「{n}」" for n in missing[:ORG_NAMES_LISTED])
        more = f"等 {len(missing)} 个单位" if len(missing) > ORG_NAMES_LISTED else ""
        problems.append(table.problem(
            f"数据中有数字的{shown}{more}没有列在单位表中", None, name_column,
            "没有列出的单位不属于任何上级单位，不会被算入各单位对比的同组排名和中位数；请在单位表中补上它们", "warning"))


def _check_near_names(table: Table, observations: list[Observation], problems: list[Problem]) -> None:
    """Two orgs whose names differ only by spaces (示例区政协, 示例区 政协): two orgs to the data, most likely
    one to the person — a warning naming both (t1113 #3; the import reads such a name as the existing org)."""
    groups: dict[str, list[str]] = defaultdict(list)
    for name in dict.fromkeys(o.org for o in observations):
        groups["".join(name.split())].append(name)
    for names in groups.values():
        if len(names) > 1:
            shown = "、".join(f"「{n}」" for n in names)
            problems.append(table.problem(
                f"单位{shown}只差空格，看板把它们当作{len(names)}个不同的单位", None, table.column_name("org"),
                f"如果是同一个单位，请把名称改成一样（如都写「{''.join(names[0].split())}」）", "warning"))


def _names_only(orgs: dict[str, Org], observations: list[Observation]) -> bool:
    """A 单位 table naming exactly the orgs that have figures, with no 上级单位 and no 简称, says what no
    orgs.csv says (DATA_SPEC v2: every org a peer of every other, default short names) — as the data
    template writes it for data without orgs.csv. Read as none, so a template sent back unchanged does not
    add an orgs.csv nobody wrote."""
    return bool(orgs) and all(not o.parent and not o.short_name for o in orgs.values()) and \
        set(orgs) == {o.org for o in observations}
