"""The dataset every page, exporter and the CLI share: indicators, observations, sources, orgs.

What belongs here: the typed records of DATA_SPEC.md and the read-only queries pages need
(a yearly series, the latest figure, a change between two periods, figures by pillar, derived
shares, the orgs' hierarchy from orgs.csv, the years a series misses). Nothing here reads files
(that is `load`) or formats text for people (that is `display`).

Queries go through indexes built once per dataset, on first use (by org, by indicator, by
indicator and org, and each indicator's yearly figures by year), so a page asking about one org
of 183, or ranking 2,844 orgs, never scans a million observations (bench/RESULTS.md).
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from .schema import QUALIFIERS  # noqa: F401 — the vocabulary lives in the schema; re-exported for callers

Kind = Literal["rate", "count", "amount"]
ObservationType = Literal["actual", "target"]
Severity = Literal["error", "warning", "notice"]
SEVERITY_WORDS = {"error": "错误", "warning": "提醒", "notice": "说明"}


@dataclass(frozen=True)
class Indicator:
    id: str
    name: str
    pillar: str
    unit: str
    kind: Kind
    description: str = ""
    higher_is_better: bool = True
    headline: int | None = None
    part_of: str | None = None

    @property
    def is_rate(self) -> bool:
        return self.kind == "rate"


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    publisher: str
    date: str  # ISO YYYY-MM-DD
    url: str = ""
    note: str = ""


@dataclass(frozen=True)
class Org:
    """A reporting body from orgs.csv (DATA_SPEC v2): who it reports to and its name on crowded axes."""

    name: str
    parent: str = ""
    short_name: str = ""


def default_short_name(name: str) -> str:
    """犍为县政协 → 犍为县: the name without a trailing 政协/委员会 (DATA_SPEC v2 orgs.csv `short_name`)."""
    for suffix in ("政协委员会", "委员会", "政协"):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


@dataclass(frozen=True, slots=True)
class Observation:
    org: str
    indicator: str
    period_end: int
    value: float
    source: str
    period_start: int | None = None
    period_label: str = ""
    qualifier: str = ""
    type: ObservationType = "actual"
    note: str = ""

    @property
    def is_yearly(self) -> bool:
        """A figure for exactly one calendar year (the only kind a yearly series holds)."""
        return self.period_start is not None and self.period_start == self.period_end

    @property
    def is_exact(self) -> bool:
        return self.qualifier == ""

    @property
    def key(self) -> tuple:
        """What makes an observation unique (DATA_SPEC's duplicate rule)."""
        return (self.org, self.indicator, self.period_start, self.period_end, self.period_label, self.type)


@dataclass(frozen=True)
class Change:
    """A change between two observations of one indicator.

    For rates `amount` is in 百分点 (percentage points); for everything else it is the
    relative change in % — never the other way round (DATA_SPEC, "Displaying figures honestly").
    """

    indicator: Indicator
    before: Observation
    after: Observation
    amount: float | None  # None when a relative change is undefined (before == 0)
    in_points: bool

    @property
    def approximate(self) -> bool:
        return not (self.before.is_exact and self.after.is_exact)


@dataclass(frozen=True)
class Share:
    """A part of a whole, from an indicator declared `part_of` another (the source's "其中")."""

    part: Indicator
    whole: Indicator
    part_observation: Observation
    whole_observation: Observation
    percent: float

    @property
    def approximate(self) -> bool:
        return not (self.part_observation.is_exact and self.whole_observation.is_exact)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a data file, located as a spreadsheet user would find it."""

    file: str
    message: str
    row: int | None = None  # spreadsheet row: header is row 1
    column: str | None = None  # the column header as written in the file
    hint: str = ""
    severity: Severity = "error"  # notice: how a file was read (DATA_SPEC v2 "Reading what offices actually have")
    sheet: str = ""  # the worksheet, for a workbook

    def __post_init__(self):
        # `file` is how a list of problems names the place: a workbook's sheet is part of it
        # ("模板.xlsx「数据」工作表"), so every list that shows `file` names the sheet too.
        suffix = f"「{self.sheet}」工作表"
        if self.sheet and not self.file.endswith(suffix):
            object.__setattr__(self, "file", self.file + suffix)

    @property
    def file_name(self) -> str:
        """The file alone, without the sheet."""
        suffix = f"「{self.sheet}」工作表"
        return self.file[: -len(suffix)] if self.sheet and self.file.endswith(suffix) else self.file

    @property
    def where(self) -> str:
        parts = [self.file]
        if self.row is not None:
            parts.append(f"第{self.row}行")
        if self.column:
            parts.append(f"「{self.column}」列")
        return " ".join(parts)

    def __str__(self) -> str:
        text = f"{self.where}：{self.message}"
        if self.hint:
            text += f"（{self.hint}）"
        return text

    @property
    def severity_word(self) -> str:
        """错误 / 提醒 / 说明 — what the problem lists call each severity."""
        return SEVERITY_WORDS[self.severity]


class DataError(Exception):
    """A dataset that failed validation; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        count = sum(1 for p in self.problems if p.severity == "error")
        super().__init__(f"数据有 {count} 处问题：\n" + "\n".join(str(p) for p in self.problems))


# --- gaps: missing years inside a yearly series (DATA_SPEC "Displaying figures honestly") ---------


def missing_years(series: Sequence[Observation]) -> list[int]:
    """Years between the first and the last figure of a yearly series that have no figure, sorted.
    `series` is what `Dataset.series` returns (one org, one indicator, by year)."""
    years = sorted({o.period_end for o in series})
    if len(years) < 2:
        return []
    known = set(years)
    return [y for y in range(years[0], years[-1] + 1) if y not in known]


@dataclass(frozen=True)
class GapRegion:
    """Consecutive missing years inside at least one line of a chart; `everyone` when no line has a
    figure in them (then the chart says 无公开数据, else 部分指标无数据 — words in `display`)."""

    first: int
    last: int
    everyone: bool

    @property
    def years(self) -> list[int]:
        return list(range(self.first, self.last + 1))


def gap_regions(series_by_line: Mapping[str, Sequence[Observation]]) -> list[GapRegion]:
    """The runs of years missing inside any of the yearly series drawn together, in year order."""
    missing: set[int] = set()
    for series in series_by_line.values():
        missing.update(missing_years(series))
    known = {o.period_end for s in series_by_line.values() for o in s}
    regions, run = [], []
    for y in sorted(missing) + [None]:
        if run and (y is None or y != run[-1] + 1):
            regions.append(GapRegion(run[0], run[-1], everyone=not (set(run) & known)))
            run = []
        if y is not None:
            run.append(y)
    return regions


@contextlib.contextmanager
def _no_collection():
    """No garbage collection while an index is built: its million small containers would otherwise set
    off full collections that walk every object alive (the loader does the same, read/validate.py)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


class _Index:
    """Lookups built once per dataset in one pass over the observations (file order kept in each list)."""

    def __init__(self, observations: Iterable[Observation]):
        with _no_collection():
            self._build(observations)

    def _build(self, observations: Iterable[Observation]) -> None:
        by_org: dict[str, list[Observation]] = {}
        by_indicator: dict[str, list[Observation]] = {}
        by_pair: dict[tuple[str, str], list[Observation]] = {}
        for o in observations:
            org, ind = o.org, o.indicator
            found = by_org.get(org)
            if found is None:
                by_org[org] = found = []
            found.append(o)
            found = by_indicator.get(ind)
            if found is None:
                by_indicator[ind] = found = []
            found.append(o)
            found = by_pair.get((ind, org))
            if found is None:
                by_pair[(ind, org)] = found = []
            found.append(o)
        self.orgs = tuple(by_org)  # dicts keep insertion order: first appearance
        self.by_org = by_org
        self.by_indicator = by_indicator
        self.by_pair = by_pair
        self.series: dict[tuple[str, str, str], tuple[Observation, ...]] = {}
        self.years: dict[str | None, tuple[int, ...]] = {}
        self.yearly: dict[tuple[str, str], dict[int, dict[str, Observation]]] = {}
        self.source_counts: dict[str, int] | None = None
        self.periods: dict[tuple[str, str], dict[int, dict[tuple, dict[str, tuple[Observation, ...]]]]] = {}


_INDEX_LOCK = threading.Lock()  # one builder at a time: sessions share a cached Dataset


@dataclass(frozen=True)
class Dataset:
    indicators: tuple[Indicator, ...]
    observations: tuple[Observation, ...]
    sources: tuple[Source, ...]
    warnings: tuple[Problem, ...] = ()
    org_records: tuple[Org, ...] = ()  # orgs.csv, when the dataset has one
    notices: tuple[Problem, ...] = ()  # how the files were read (title rows skipped, spaces removed …)
    _by_id: dict = field(default=None, init=False, repr=False, compare=False)
    _index: _Index | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self):
        # Indexes built once; the dataclass stays frozen for callers.
        object.__setattr__(
            self,
            "_by_id",
            {
                "indicator": {i.id: i for i in self.indicators},
                "source": {s.id: s for s in self.sources},
                "org": {o.name: o for o in self.org_records},
            },
        )

    def _idx(self) -> _Index:
        """The observation indexes, built on first use (a `check` of a million figures never needs them)."""
        index = self._index
        if index is None:
            with _INDEX_LOCK:
                index = self._index
                if index is None:
                    index = _Index(self.observations)
                    object.__setattr__(self, "_index", index)
        return index

    # --- lookups -------------------------------------------------------------------------
    def indicator(self, indicator_id: str) -> Indicator:
        return self._by_id["indicator"][indicator_id]

    def source(self, source_id: str) -> Source:
        return self._by_id["source"][source_id]

    def orgs(self) -> list[str]:
        """Reporting bodies in order of first appearance."""
        return list(self._idx().orgs)

    def org(self, name: str) -> Org:
        """The org's record from orgs.csv, or a bare one (no parent, default short name)."""
        return self._by_id["org"].get(name) or Org(name)

    def short_name(self, org: str) -> str:
        """The org's name on a crowded axis: its 简称 in orgs.csv, else the name without 政协/委员会."""
        return self.org(org).short_name or default_short_name(org)

    def peers(self, org: str) -> list[str]:
        """Orgs to compare `org` with, itself included, in data order: those with the same parent in
        orgs.csv; every org when the dataset has no orgs.csv (DATA_SPEC v2)."""
        every = self.orgs()
        if not self.org_records:
            return every
        parent = self.org(org).parent
        return [o for o in every if self.org(o).parent == parent]

    def parent(self, org: str) -> str:
        """The body `org` reports to (orgs.csv `parent`), or "" when none is given."""
        return self.org(org).parent

    def level(self, org: str) -> int:
        """How many bodies stand above `org` in orgs.csv (0: none given). A loop in the file stops the count."""
        seen = {org}
        depth, current = 0, self.parent(org)
        while current and current not in seen:
            seen.add(current)
            depth += 1
            current = self.parent(current)
        return depth

    def same_level(self, org: str) -> list[str]:
        """Orgs with figures at the same level of orgs.csv as `org` (all counties of a province, not
        its cities), in data order; every org when the dataset has no orgs.csv."""
        every = self.orgs()
        if not self.org_records:
            return every
        depth = self.level(org)
        return [o for o in every if self.level(o) == depth]

    def children(self, org: str) -> list[str]:
        """Orgs with figures whose parent in orgs.csv is `org`, in data order."""
        return [o for o in self.orgs() if self.parent(o) == org] if self.org_records else []

    def pillars(self) -> list[str]:
        """Lines of work in the order indicators.csv first names them."""
        return list(dict.fromkeys(i.pillar for i in self.indicators))

    def years(self, org: str | None = None) -> list[int]:
        """Every year some observation (of `org`) starts or ends in (sorted)."""
        index = self._idx()
        found = index.years.get(org)
        if found is None:
            years: set[int] = set()
            for o in self._observations(org=org):
                years.add(o.period_end)
                if o.period_start is not None:
                    years.add(o.period_start)
            found = index.years[org] = tuple(sorted(years))
        return list(found)

    def headline_indicators(self) -> list[Indicator]:
        marked = [i for i in self.indicators if i.headline is not None]
        return sorted(marked, key=lambda i: i.headline)

    def rate_indicators(self) -> list[Indicator]:
        return [i for i in self.indicators if i.is_rate]

    def indicators_of(self, pillar: str) -> list[Indicator]:
        return [i for i in self.indicators if i.pillar == pillar]

    def sources_of(self, observations) -> list[Source]:
        ids = dict.fromkeys(o.source for o in observations)
        return [self.source(s) for s in ids]

    # --- queries -------------------------------------------------------------------------
    def _observations(self, indicator: str | None = None, org: str | None = None, type: str | None = None):
        index = self._idx()
        if indicator is not None and org is not None:
            found = index.by_pair.get((indicator, org), ())
        elif org is not None:
            found = index.by_org.get(org, ())
        elif indicator is not None:
            found = index.by_indicator.get(indicator, ())
        else:
            found = self.observations
        if type is None:
            return list(found)
        return [o for o in found if o.type == type]

    def source_counts(self, orgs: Iterable[str] | None = None) -> dict[str, int]:
        """How many figures cite each source id: {source id: count}, of every org (counted once per
        dataset) or of `orgs` only (counted from their own figures)."""
        index = self._idx()
        if orgs is not None:
            counts = {}
            for org in dict.fromkeys(orgs):
                for o in index.by_org.get(org, ()):
                    counts[o.source] = counts.get(o.source, 0) + 1
            return counts
        if index.source_counts is None:
            counts: dict[str, int] = {}
            for o in self.observations:
                counts[o.source] = counts.get(o.source, 0) + 1
            index.source_counts = counts
        return dict(index.source_counts)

    def has_figures(self, indicator: str, org: str) -> bool:
        """Whether the org has any figure of the indicator (a lookup, no list made)."""
        return (indicator, org) in self._idx().by_pair

    def figures_of(self, org: str) -> list[Observation]:
        """Every figure of one org, in file order (indexed: no scan of the other orgs' figures)."""
        return self._observations(org=org)

    def observations_of(self, indicator: str, org: str | None = None, type: str | None = None) -> list[Observation]:
        """All figures of one indicator, in file order."""
        return self._observations(indicator, org, type)

    def series(self, indicator: str, org: str, type: ObservationType = "actual") -> list[Observation]:
        """The yearly figures of one indicator for one org, by year. Missing years stay missing."""
        index = self._idx()
        key = (indicator, org, type)
        found = index.series.get(key)
        if found is None:
            yearly = [o for o in index.by_pair.get((indicator, org), ()) if o.type == type and o.is_yearly]
            found = index.series[key] = tuple(sorted(yearly, key=lambda o: o.period_end))
        return list(found)

    def missing_years(self, indicator: str, org: str) -> list[int]:
        """Years inside the org's yearly series of `indicator` without a figure (gaps, never zeros)."""
        return missing_years(self.series(indicator, org))

    def yearly(self, indicator: str, type: ObservationType = "actual") -> dict[int, dict[str, Observation]]:
        """Every org's yearly figure of one indicator: {year: {org: observation}}, years sorted, orgs in
        data order. The basis of rankings, positions and heat tables across many orgs (built once per
        indicator; read-only)."""
        index = self._idx()
        key = (indicator, type)
        found = index.yearly.get(key)
        if found is None:
            found = {}
            for year, periods in self.periods(indicator, type).items():
                figures = {org: obs[0] for org, obs in periods.get((year, year), {}).items() if len(obs) == 1}
                if figures:
                    found[year] = figures
            index.yearly[key] = found
        return found

    def periods(self, indicator: str, type: ObservationType = "actual") -> dict[int, dict[tuple, dict[str, tuple]]]:
        """Every figure of one indicator by the year its period ends, then by period (period_start,
        period_end), then by org: {2024: {(2024, 2024): {org: (observation,)}, (2022, 2024): {…}}}.
        Figures are comparable only within one period (issue 13); an org holds more than one figure
        of a period only when the source words them apart (优化前/优化后). Built once per indicator."""
        index = self._idx()
        key = (indicator, type)
        found = index.periods.get(key)
        if found is None:
            flat: dict[tuple, dict[str, tuple[Observation, ...]]] = {}
            with _no_collection():
                self._periods_of(index.by_indicator.get(indicator, ()), type, flat)
            found = {}
            for period in sorted(flat, key=lambda p: (p[1], p[0] is None, p[0] or 0)):
                found.setdefault(period[1], {})[period] = flat[period]
            found = {year: found[year] for year in sorted(found)}
            index.periods[key] = found
        return found

    @staticmethod
    def _periods_of(observations, type: str, flat: dict) -> None:
        """{(period_start, period_end): {org: (observation, …)}} of `observations` of one type."""
        for o in observations:
            if o.type != type:
                continue
            period = (o.period_start, o.period_end)
            orgs = flat.get(period)
            if orgs is None:
                flat[period] = orgs = {}
            before = orgs.get(o.org)
            orgs[o.org] = (o,) if before is None else before + (o,)

    def latest(self, indicator: str, org: str, type: ObservationType = "actual") -> Observation | None:
        """The most recent figure: the last yearly one, else the one whose period ends last."""
        series = self.series(indicator, org, type)
        if series:
            return series[-1]
        others = self._observations(indicator, org, type)
        return max(others, key=lambda o: o.period_end) if others else None

    def change(
        self, indicator: str, org: str, from_year: int | None = None, to_year: int | None = None
    ) -> Change | None:
        """Change between two yearly figures (default: earliest → latest); None if fewer than two."""
        series = [
            o
            for o in self.series(indicator, org)
            if (from_year is None or o.period_end >= from_year) and (to_year is None or o.period_end <= to_year)
        ]
        if len(series) < 2:
            return None
        return self.change_between(series[0], series[-1])

    def change_between(self, before: Observation, after: Observation) -> Change:
        ind = self.indicator(after.indicator)
        if ind.is_rate:
            return Change(ind, before, after, after.value - before.value, in_points=True)
        if before.value == 0:
            return Change(ind, before, after, None, in_points=False)
        return Change(ind, before, after, (after.value - before.value) / before.value * 100, in_points=False)

    def before_after_pairs(self, org: str) -> list[tuple[Observation, Observation]]:
        """Indicators with exactly two non-yearly figures told apart by period label (218 → 67).

        The pair is in file order: the row written first is the "before".
        """
        pairs = []
        for ind in self.indicators:
            obs = [o for o in self._observations(ind.id, org, "actual") if not o.is_yearly]
            if len(obs) == 2 and obs[0].period_label and obs[1].period_label:
                pairs.append((obs[0], obs[1]))
        return pairs

    def share(self, indicator: str, org: str) -> Share | None:
        """The share of a `part_of` indicator in its whole, for the same org and period (the source's
        "其中": part and whole with the same period_start, period_end and period_label).

        When part and whole share several periods, the share is that of the latest common one — the
        period whose figures a report states (莆田: 2023's 集体提案74件 of 立案236件, not 2020's), ordered
        by period_end, then period_start (an undated figure before a dated one). None when the
        indicator is not a part, or no period has both figures with a whole above 0.
        """
        part = self.indicator(indicator)
        if part.part_of is None:
            return None
        whole = self.indicator(part.part_of)
        wholes = {(w.period_start, w.period_end, w.period_label): w
                  for w in self._observations(whole.id, org, "actual") if w.value > 0}
        pairs = [(p, wholes[key]) for p in self._observations(part.id, org, "actual")
                 if (key := (p.period_start, p.period_end, p.period_label)) in wholes]
        if not pairs:
            return None
        p, w = max(pairs, key=lambda pair: (pair[0].period_end, -1 if pair[0].period_start is None
                                                                  else pair[0].period_start))
        return Share(part, whole, p, w, p.value / w.value * 100)

    def shares(self, org: str) -> list[Share]:
        """Every `part_of` indicator's share for `org` (see `share`: the latest common period), in
        indicators.csv order."""
        found = (self.share(i.id, org) for i in self.indicators if i.part_of)
        return [s for s in found if s is not None]

    def by_pillar(self, org: str) -> dict[str, list[tuple[Indicator, list[Observation]]]]:
        """Each pillar's indicators that have figures for this org, in data order."""
        result: dict[str, list[tuple[Indicator, list[Observation]]]] = {}
        for pillar in self.pillars():
            rows = []
            for ind in self.indicators_of(pillar):
                obs = self._observations(ind.id, org)
                if obs:
                    rows.append((ind, obs))
            if rows:
                result[pillar] = rows
        return result

    def restricted(self, org: str | None = None, years: tuple[int, int] | None = None) -> Dataset:
        """The same dataset keeping only one org's figures and/or periods ending within `years`.
        With `org` it reads that org's figures only (indexed); without, it scans every figure."""
        if org is None and years is None:
            return self
        kept = [
            o
            for o in (self._observations(org=org) if org is not None else self.observations)
            if years is None or years[0] <= o.period_end <= years[1]
        ]
        return Dataset(self.indicators, tuple(kept), self.sources, self.warnings, self.org_records, self.notices)
