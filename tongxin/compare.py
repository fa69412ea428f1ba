"""Comparing orgs — what a city or provincial office asks: who leads, who lags, how far apart they
are, how many reached a target, who improved most, and where one org stands among its peers.

What belongs here: the comparison queries over a Dataset (rankings, positions, heat tables, the
groups an org is compared in), as typed values the charts, the narrative, the pages and the
documents all read. Nothing here draws or words anything for people (charts and narrative do).

Comparable means the same indicator and the same period: a ranking takes the figures whose period
ends in the chosen year and ranks only those of one period (the yearly ones where there are any);
figures of another period are returned as `excluded`, never ranked with them (issue 13).
Ranks are competition ranks (1, 2, 2, 4): equal values share a rank. "Better" follows the
indicator's `higher_is_better` (DATA_SPEC). Changes against the year before are `model.Change`s:
百分点 for rates, % for everything else.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from . import display
from .model import Change, Dataset, Indicator, Observation

# How many orgs a table or sentence names without being asked (issue 13: "at most ~10 names").
NAMES_SHOWN = 12
# Up to this many orgs a ranking is drawn as one bar each; more are drawn as a distribution.
BARS_UP_TO = 30
# Small multiples: at most this many orgs side by side.
TRENDS_UP_TO = 16

# Qualifiers that put the true figure below the written one (近90% is less than 90%).
_BELOW = ("近", "不足", "不到")


class NoComparison(ValueError):
    """Fewer than two orgs have a comparable figure (message in Chinese)."""


@dataclass(frozen=True)
class Scope:
    """A group of orgs to compare an org with: `peers` (the same parent in orgs.csv), `level` (every
    org at the same level of orgs.csv), `children` (the orgs reporting to it)."""

    id: str
    label: str  # 乐山市政协的11个县（区） / 全部183个县（区）
    orgs: tuple[str, ...]
    word: str  # 县（区）


def scopes(dataset: Dataset, org: str) -> list[Scope]:
    """The groups `org` can be compared in, most specific first; each with two or more orgs.
    Without orgs.csv there is one: every org (DATA_SPEC v2: every org is a peer of every other)."""
    found: list[Scope] = []
    peers = tuple(dataset.peers(org))
    parent = dataset.parent(org)
    word = display.org_word(peers)
    if parent:
        found.append(Scope("peers", f"{parent}的{len(peers)}个{word}", peers, word))
    level = tuple(dataset.same_level(org))
    if set(level) != set(peers) or not parent:
        level_word = display.org_word(level)
        found.append(Scope("level", f"全部{len(level)}个{level_word}", level, level_word))
    children = tuple(dataset.children(org))
    if len(children) > 1:
        child_word = display.org_word(children)
        found.append(Scope("children", f"{org}所属{len(children)}个{child_word}", children, child_word))
    return [s for s in found if len(s.orgs) > 1]


@dataclass(frozen=True)
class Entry:
    """One org in a ranking: its figure and rank, the year before, its target."""

    org: str
    rank: int
    observation: Observation
    tied: bool = False  # shares its rank with another org
    previous: Observation | None = None  # its figure of the year before (yearly rankings)
    change: Change | None = None  # previous → observation
    # Rank moves are counted among the orgs ranked both years (`Ranking.both_years`): an org new this
    # year would otherwise push every org below it down a place that none of them lost (t13 finding 1)
    previous_rank: int | None = None  # its rank the year before, among the orgs ranked both years
    rank_both_years: int | None = None  # its rank this year among the same orgs
    target: Observation | None = None  # its own target for the same period
    higher_is_better: bool = True  # the indicator's direction (DATA_SPEC `higher_is_better`)

    @property
    def value(self) -> float:
        return self.observation.value

    @property
    def rank_change(self) -> int | None:
        """Places moved up since the year before among the orgs ranked both years (negative: down); None
        when not ranked then."""
        if self.previous_rank is None or self.rank_both_years is None:
            return None
        return self.previous_rank - self.rank_both_years

    @property
    def met(self) -> bool | None:
        """Whether the figure reached its target (None without one). 近90% does not reach 90%."""
        if self.target is None:
            return None
        value, goal = self.observation.value, self.target.value
        if value == goal:
            return self.observation.qualifier not in _BELOW if self.higher_is_better else True
        return value > goal if self.higher_is_better else value < goal


@dataclass(frozen=True)
class Ranking:
    """The orgs of a group ranked on one indicator for one period, best first."""

    indicator: Indicator
    year: int
    period: tuple[int | None, int]  # (period_start, period_end) of every ranked figure
    entries: tuple[Entry, ...]
    group: tuple[str, ...]  # the orgs asked about, in data order
    excluded: tuple[Observation, ...] = ()  # figures of the group ending that year with another period
    missing: tuple[str, ...] = ()  # orgs of the group with no figure for the period
    previous_year: int | None = None  # the year the 较上年 columns compare with
    # figures of `missing` orgs of another period ending in another year (截至2025年 when 2024 is ranked):
    # one per org, the nearest in time — said on the page and in the text, never ranked (finding t1113-8)
    elsewhere: tuple[Observation, ...] = ()
    both_years: int = 0  # orgs ranked both this year and `previous_year`: whose rank moves are counted
    previous_n: int = 0  # orgs with a figure of `previous_year`

    @property
    def rank_moves_partial(self) -> bool:
        """Whether the orgs ranked differ between the two years, so rank moves are counted among
        `both_years` orgs only (False without a year before)."""
        return self.previous_year is not None and not (self.both_years == self.n == self.previous_n)

    @property
    def yearly(self) -> bool:
        return self.period[0] == self.period[1]

    @property
    def period_words(self) -> str:
        """2024年 / 2022–2024年 / 截至2024年."""
        return display.years(self.entries[0].observation)

    @property
    def n(self) -> int:
        return len(self.entries)

    @property
    def unranked(self) -> tuple[Observation, ...]:
        """One figure per org of the group that has a figure of another period and so is not ranked
        (`excluded` first, then `elsewhere`), in group order. An org ranked with its figure of the period
        is not among them, whatever else it has (t13b: 仪陇, 第2位 with its 2024 figure, was also said to be
        未参与排名 for its 2022–2024 one)."""
        ranked = {e.org for e in self.entries}
        by_org: dict[str, Observation] = {}
        for o in self.excluded + self.elsewhere:
            if o.org not in ranked:
                by_org.setdefault(o.org, o)
        return tuple(by_org[org] for org in self.group if org in by_org)

    @property
    def median_approximate(self) -> bool:
        """Whether the median is computed from an approximate figure (45余 and 47余 → 约46): the middle
        figure, or either of the two middle ones (DATA_SPEC: a value computed from qualified values is 约)."""
        middle = {(self.n - 1) // 2, self.n // 2}
        return any(not self.entries[k].observation.is_exact for k in middle)

    @property
    def spread_approximate(self) -> bool:
        """Whether the highest or the lowest figure is approximate (then so is their difference)."""
        return any(not e.observation.is_exact for e in self.highest + self.lowest)

    @property
    def values(self) -> list[float]:
        return [e.value for e in self.entries]

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def quartiles(self) -> tuple[float, float]:
        """Lower and upper quartile (the 'inclusive' method: within the values' range)."""
        if self.n < 2:
            return self.values[0], self.values[0]
        q = statistics.quantiles(self.values, n=4, method="inclusive")
        return q[0], q[2]

    @property
    def spread(self) -> float:
        return max(self.values) - min(self.values)

    @property
    def leaders(self) -> list[Entry]:
        """The org(s) ranked first."""
        return [e for e in self.entries if e.rank == self.entries[0].rank]

    @property
    def laggards(self) -> list[Entry]:
        """The org(s) ranked last."""
        return [e for e in self.entries if e.rank == self.entries[-1].rank]

    @property
    def highest(self) -> list[Entry]:
        top = max(self.values)
        return [e for e in self.entries if e.value == top]

    @property
    def lowest(self) -> list[Entry]:
        bottom = min(self.values)
        return [e for e in self.entries if e.value == bottom]

    @property
    def with_target(self) -> list[Entry]:
        return [e for e in self.entries if e.target is not None]

    @property
    def reached(self) -> list[Entry]:
        return [e for e in self.entries if e.met]

    def most_improved(self) -> list[Entry]:
        """The org(s) whose figure moved furthest the way `higher_is_better` wants since the year
        before (百分点 for rates, % otherwise); empty when no org improved or none has a change."""
        sign = 1 if self.indicator.higher_is_better else -1
        moves = [(sign * e.change.amount, e) for e in self.entries if e.change and e.change.amount is not None]
        moves = [(m, e) for m, e in moves if round(m, 1) > 0]
        if not moves:
            return []
        best = max(m for m, _ in moves)
        return [e for m, e in moves if m == best]

    def entry(self, org: str) -> Entry | None:
        return next((e for e in self.entries if e.org == org), None)

    def shown(self, org: str = "", limit: int = NAMES_SHOWN) -> list[Entry | None]:
        """The rows a table shows without being asked: every entry when there are at most `limit`;
        else the first three, `org` with its neighbours, the last three — None where rows are left out."""
        if self.n <= limit:
            return list(self.entries)
        keep = {0, 1, 2, self.n - 3, self.n - 2, self.n - 1}
        at = next((k for k, e in enumerate(self.entries) if e.org == org), None)
        if at is not None:
            keep |= {at - 1, at, at + 1}
        rows: list[Entry | None] = []
        for k in range(self.n):
            if k in keep and 0 <= k < self.n:
                rows.append(self.entries[k])
            elif rows and rows[-1] is not None:
                rows.append(None)
        return rows


def _ranked(indicator: Indicator, figures: dict[str, Observation], order: Sequence[str]) -> dict[str, int]:
    """Competition ranks (1, 2, 2, 4) of the orgs' figures, best first by `higher_is_better`."""
    sign = -1 if indicator.higher_is_better else 1
    values = sorted(sign * figures[o].value for o in order if o in figures)
    ranks: dict[str, int] = {}
    for org in order:
        if org in figures:
            key = sign * figures[org].value
            ranks[org] = 1 + _count_below(values, key)
    return ranks


def _count_below(sorted_values: list[float], key: float) -> int:
    import bisect

    return bisect.bisect_left(sorted_values, key)


def ranking(dataset: Dataset, indicator_id: str, year: int, orgs: Sequence[str]) -> Ranking:
    """The orgs of `orgs` ranked on one indicator for the period ending in `year`.

    The ranked period is the yearly one (`year`–`year`) when two or more of the orgs have a figure
    for it, else the period with most figures. Raises `NoComparison` (Chinese message) when fewer
    than two orgs have a figure of one period, and KeyError for an unknown indicator."""
    indicator = dataset.indicator(indicator_id)
    group = tuple(dict.fromkeys(orgs))
    wanted = set(group)
    periods = dataset.periods(indicator.id).get(year, {})
    candidates = {
        period: {org: obs[0] for org, obs in by_org.items() if org in wanted and len(obs) == 1}
        for period, by_org in periods.items()
    }
    candidates = {p: f for p, f in candidates.items() if f}
    if not candidates:
        raise NoComparison(f"{year}年没有单位有「{indicator.name}」的数字")
    yearly = (year, year)
    if len(candidates.get(yearly, {})) >= 2:
        period = yearly
    else:
        period = max(candidates, key=lambda p: (len(candidates[p]), p == yearly, p[0] or 0))
    figures = candidates[period]
    if len(figures) < 2:
        raise NoComparison(f"{year}年只有一个单位有「{indicator.name}」的数字，无从比较")
    order = [o for o in group if o in figures]
    ranks = _ranked(indicator, figures, order)
    rank_counts: dict[int, int] = {}
    for r in ranks.values():
        rank_counts[r] = rank_counts.get(r, 0) + 1

    previous_year = None
    before: dict[str, Observation] = {}
    before_ranks: dict[str, int] = {}
    ranks_both: dict[str, int] = {}
    if period == yearly:
        earlier = dataset.yearly(indicator.id).get(year - 1, {})
        before = {o: earlier[o] for o in group if o in earlier}
        if before:
            previous_year = year - 1
            both = [o for o in order if o in before]
            before_ranks = _ranked(indicator, before, both)
            ranks_both = _ranked(indicator, figures, both)
    targets = {org: obs[0] for org, obs in dataset.periods(indicator.id, "target").get(year, {}).get(period, {}).items()
               if org in wanted and len(obs) == 1}

    entries = []
    for org in sorted(order, key=lambda o: ranks[o]):  # stable: equal ranks keep data order
        o = figures[org]
        prev = before.get(org)
        entries.append(Entry(
            org=org, rank=ranks[org], observation=o, tied=rank_counts[ranks[org]] > 1, previous=prev,
            change=dataset.change_between(prev, o) if prev is not None else None,
            previous_rank=before_ranks.get(org), rank_both_years=ranks_both.get(org), target=targets.get(org),
            higher_is_better=indicator.higher_is_better,
        ))
    excluded = tuple(obs for p, f in candidates.items() if p != period for obs in f.values())
    missing = tuple(o for o in group if o not in figures)
    return Ranking(indicator, year, period, tuple(entries), group, excluded, missing, previous_year,
                   _elsewhere(dataset, indicator.id, year, period, [o for o in missing
                                                                    if o not in {x.org for x in excluded}]),
                   both_years=len(ranks_both), previous_n=len(before))


def _elsewhere(dataset: Dataset, indicator_id: str, year: int, period: tuple[int | None, int],
               orgs: Sequence[str]) -> tuple[Observation, ...]:
    """For each of `orgs` (not ranked in `year`), its figure of another period ending in another year,
    nearest to `year` (the later on a tie) — 犍为's 截至2025年 when 截至2024年 is ranked. Yearly figures
    of other years are left out of a yearly ranking: they are the org's other years (a gap), not a
    figure of another period."""
    found = []
    for org in orgs:
        others = [o for o in dataset.observations_of(indicator_id, org, "actual")
                  if o.period_end != year and not (period[0] == period[1] and o.is_yearly)]
        if others:
            found.append(min(others, key=lambda o: (abs(o.period_end - year), -o.period_end)))
    return tuple(found)


def comparable_years(dataset: Dataset, indicator_id: str, orgs: Sequence[str]) -> list[int]:
    """Years in which two or more of `orgs` have a figure of one period for the indicator (sorted)."""
    wanted = set(orgs)
    years = []
    for year, periods in dataset.periods(indicator_id).items():
        if any(sum(1 for o in by_org if o in wanted) >= 2 for by_org in periods.values()):
            years.append(year)
    return years


def comparable_indicators(dataset: Dataset, orgs: Sequence[str]) -> list[Indicator]:
    """Indicators (in data order) with figures for two or more of `orgs` — the candidates to compare on;
    `comparable_years` then says in which years two of them share a period (a lookup per org here, so
    listing 40 indicators for 2,844 orgs does not sort a million figures by period)."""
    found = []
    for indicator in dataset.indicators:
        having = 0
        for org in orgs:
            if dataset.has_figures(indicator.id, org):
                having += 1
                if having == 2:
                    found.append(indicator)
                    break
    return found


@dataclass(frozen=True)
class Position:
    """Where one org stands in a ranking (居第3位，高于中位数5.2个百分点，较上年上升2位)."""

    ranking: Ranking
    entry: Entry
    word: str  # what the orgs are called: 县（区）

    @property
    def above_median(self) -> float:
        return self.entry.value - self.ranking.median


def position(dataset: Dataset, indicator_id: str, org: str, orgs: Sequence[str], year: int | None = None,
             word: str | None = None) -> Position | None:
    """`org`'s place among `orgs` on one indicator in `year` (default: the latest year the org has a
    yearly figure); None when the org has no figure there or no other org is comparable."""
    if year is None:
        series = dataset.series(indicator_id, org)
        if not series:
            return None
        year = series[-1].period_end
    try:
        found = ranking(dataset, indicator_id, year, orgs)
    except NoComparison:
        return None
    entry = found.entry(org)
    if entry is None:
        return None
    return Position(found, entry, word or display.org_word(found.group))


@dataclass(frozen=True)
class Heat:
    """One indicator for many orgs and years: `cells[i][j]` is org i's figure of year j, or None (a gap,
    never 0). Orgs in the order given (a ranking's order), years ascending."""

    indicator: Indicator
    orgs: tuple[str, ...]
    years: tuple[int, ...]
    cells: tuple[tuple[Observation | None, ...], ...]

    @property
    def gaps(self) -> int:
        return sum(1 for row in self.cells for c in row if c is None)


def heat(dataset: Dataset, indicator_id: str, orgs: Sequence[str], years: tuple[int, int] | None = None) -> Heat:
    """The yearly figures of `orgs` on one indicator, over `years` (default: every year any of them has)."""
    indicator = dataset.indicator(indicator_id)
    by_year = dataset.yearly(indicator.id)
    wanted = set(orgs)
    known = [y for y, figures in by_year.items() if any(o in wanted for o in figures)]
    if years is not None:
        known = [y for y in known if years[0] <= y <= years[1]]
    if not known:
        raise NoComparison(f"所选单位没有「{indicator.name}」的逐年数字")
    span = tuple(range(min(known), max(known) + 1))
    cells = tuple(tuple(by_year.get(y, {}).get(org) for y in span) for org in orgs)
    return Heat(indicator, tuple(orgs), span, cells)


@dataclass(frozen=True)
class Group:
    """The orgs of one parent within a ranking (grouping by orgs.csv `parent`)."""

    parent: str
    entries: tuple[Entry, ...]

    @property
    def median(self) -> float:
        return statistics.median(e.value for e in self.entries)


def by_parent(dataset: Dataset, found: Ranking) -> list[Group]:
    """A ranking's entries grouped by parent, groups ordered by their median (best first)."""
    groups: dict[str, list[Entry]] = {}
    for e in found.entries:
        groups.setdefault(dataset.parent(e.org) or "（未注明上级）", []).append(e)
    result = [Group(p, tuple(es)) for p, es in groups.items()]
    result.sort(key=lambda g: g.median, reverse=found.indicator.higher_is_better)
    return result


def grouped(dataset: Dataset, orgs: Sequence[str]) -> bool:
    """Whether orgs.csv puts `orgs` under more than one parent (grouping by parent then says something)."""
    return len({dataset.parent(o) for o in orgs}) > 1 if dataset.org_records else False


def trend_orgs(found: Ranking, org: str, limit: int = 7) -> list[str]:
    """The default orgs of the small multiples: every org when few, else the chosen org with the
    leaders and the laggards (at most `limit`), in rank order."""
    if found.n <= limit:
        return [e.org for e in found.entries]
    picked = [e.org for e in found.entries[:3]] + [e.org for e in found.entries[-3:]]
    if org and org not in picked and found.entry(org):
        picked.insert(3, org)
    order = {e.org: k for k, e in enumerate(found.entries)}
    return sorted(dict.fromkeys(picked), key=order.get)
