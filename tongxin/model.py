"""The dataset every page, exporter and the CLI share: indicators, observations, sources.

What belongs here: the typed records of DATA_SPEC.md and the read-only queries pages need
(a yearly series, the latest figure, a change between two periods, figures by pillar, derived
shares). Nothing here reads files (that is `load`) or formats text for people (that is `display`).
"""

from __future__ import annotations

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


@dataclass(frozen=True)
class Dataset:
    indicators: tuple[Indicator, ...]
    observations: tuple[Observation, ...]
    sources: tuple[Source, ...]
    warnings: tuple[Problem, ...] = ()
    org_records: tuple[Org, ...] = ()  # orgs.csv, when the dataset has one
    notices: tuple[Problem, ...] = ()  # how the files were read (title rows skipped, spaces removed …)
    _by_id: dict = field(default=None, init=False, repr=False, compare=False)

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

    # --- lookups -------------------------------------------------------------------------
    def indicator(self, indicator_id: str) -> Indicator:
        return self._by_id["indicator"][indicator_id]

    def source(self, source_id: str) -> Source:
        return self._by_id["source"][source_id]

    def orgs(self) -> list[str]:
        """Reporting bodies in order of first appearance."""
        return list(dict.fromkeys(o.org for o in self.observations))

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

    def pillars(self) -> list[str]:
        """Lines of work in the order indicators.csv first names them."""
        return list(dict.fromkeys(i.pillar for i in self.indicators))

    def years(self, org: str | None = None) -> list[int]:
        """Every year some observation starts or ends in (sorted)."""
        found: set[int] = set()
        for o in self._observations(org=org):
            found.add(o.period_end)
            if o.period_start is not None:
                found.add(o.period_start)
        return sorted(found)

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
        return [
            o
            for o in self.observations
            if (indicator is None or o.indicator == indicator)
            and (org is None or o.org == org)
            and (type is None or o.type == type)
        ]

    def observations_of(self, indicator: str, org: str | None = None, type: str | None = None) -> list[Observation]:
        """All figures of one indicator, in file order."""
        return self._observations(indicator, org, type)

    def series(self, indicator: str, org: str, type: ObservationType = "actual") -> list[Observation]:
        """The yearly figures of one indicator for one org, by year. Missing years stay missing."""
        yearly = [o for o in self._observations(indicator, org, type) if o.is_yearly]
        return sorted(yearly, key=lambda o: o.period_end)

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
        """The same dataset keeping only one org's figures and/or periods ending within `years`."""
        kept = [
            o
            for o in self.observations
            if (org is None or o.org == org) and (years is None or years[0] <= o.period_end <= years[1])
        ]
        return Dataset(self.indicators, tuple(kept), self.sources, self.warnings, self.org_records, self.notices)
