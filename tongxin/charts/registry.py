"""The one table of chart kinds: kind → builder, narrative, where a document places it.

Pages, the catalog, the exports (`tongxin.document`, `tongxin.export`) and the narrative all go
through `KINDS`: a chart is named by a `Spec` (kind + typed arguments), built by its kind's builder,
and described by its kind's narrative — no chart id is ever parsed back into its parts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .. import compare, narrative
from ..model import Dataset
from . import compare as many
from . import counts, rates
from .base import Chart, NoData, Spec


def _none(dataset: Dataset, spec: Spec) -> list[str]:
    return []


def _rates_text(dataset: Dataset, spec: Spec) -> list[str]:
    return narrative.rates_summary(dataset, spec.org)


def _rate_change_text(dataset: Dataset, spec: Spec) -> list[str]:
    changed = [i for i in dataset.rate_indicators() if dataset.change(i.id, spec.org) is not None]
    return narrative.headline_summary(dataset, spec.org, changed) if changed else []


def _pillar_text(dataset: Dataset, spec: Spec) -> list[str]:
    sentence = narrative.pillar_summary(dataset, spec.org, spec.pillar, limit=4)
    return [sentence] if sentence else []


def _before_after_text(dataset: Dataset, spec: Spec) -> list[str]:
    sentence = narrative.before_after_sentence(dataset, spec.org, dataset.indicator(spec.indicator))
    return [sentence] if sentence else []


def _shares_text(dataset: Dataset, spec: Spec) -> list[str]:
    return [narrative.share_sentence(dataset, s) for s in dataset.shares(spec.org)
            if not spec.pillar or s.part.pillar == spec.pillar]


def _by_year_text(dataset: Dataset, spec: Spec) -> list[str]:
    sentence = narrative.series_sentence(dataset, dataset.indicator(spec.indicator), spec.org)
    return [sentence] if sentence else []


def _coverage_text(dataset: Dataset, spec: Spec) -> list[str]:
    return [narrative.coverage_sentence(dataset, spec.org)]


def _ranking_text(dataset: Dataset, spec: Spec) -> list[str]:
    try:
        found = compare.ranking(dataset, spec.indicator, spec.year, spec.orgs or dataset.orgs())
    except (compare.NoComparison, KeyError):
        return []
    sentences = narrative.comparison_summary(dataset, found)
    place = compare.position(dataset, spec.indicator, spec.org, found.group, spec.year) if spec.org else None
    if place is not None:
        sentences.insert(1, narrative.position_sentence(dataset, place, subject=dataset.short_name(spec.org)))
    return sentences


def _whole_org(dataset: Dataset, spec: Spec) -> str | None:
    return None


def _pillar(dataset: Dataset, spec: Spec) -> str | None:
    return spec.pillar if spec.pillar in dataset.pillars() else None


def _indicator_pillar(dataset: Dataset, spec: Spec) -> str | None:
    return dataset.indicator(spec.indicator).pillar


@dataclass(frozen=True)
class Kind:
    """One kind of chart.

    `build(dataset, spec) -> Chart` raises `NoData` (Chinese) when the data cannot support it;
    `narrative(dataset, spec) -> [sentence, …]` says what it shows, in a report's words;
    `section(dataset, spec) -> pillar | None` is where a document places it (None: 一、总体情况);
    `in_documents`: whether the deck, the A4 report and the Word document carry it as a picture
    (a pillar's tile wall repeats its 三线表, the coverage map the 数据说明 text);
    `many_orgs`: a comparison across orgs (not part of one org's catalog)."""

    id: str
    label: str
    build: Callable[[Dataset, Spec], Chart]
    narrative: Callable[[Dataset, Spec], list[str]] = _none
    section: Callable[[Dataset, Spec], str | None] = _whole_org
    in_documents: bool = True
    many_orgs: bool = False


KINDS: dict[str, Kind] = {k.id: k for k in (
    Kind("rates", "比率趋势", rates.rate_trend, _rates_text),
    Kind("rates_change", "比率变化", rates.rate_change, _rate_change_text),
    Kind("pillar", "主要数字", counts.pillar_figures, _pillar_text, _pillar, in_documents=False),
    Kind("before_after", "前后对比", counts.before_after, _before_after_text, _indicator_pillar),
    Kind("shares", "“其中”占比", counts.shares, _shares_text, _pillar),
    Kind("by_year", "逐年数字", counts.count_by_year, _by_year_text, _indicator_pillar),
    Kind("pillar_years", "逐年数字", counts.pillar_years, _pillar_text, _pillar),
    Kind("by_unit", "同单位比较", counts.pillar_by_unit, _pillar_text, _pillar),
    Kind("coverage", "数据覆盖情况", counts.coverage, _coverage_text, in_documents=False),
    Kind("ranking", "各单位排名", many.ranking, _ranking_text, many_orgs=True),
    Kind("distribution", "各单位分布", many.distribution, _ranking_text, many_orgs=True),
    Kind("heat", "逐年热力表", many.heat, many_orgs=True),
    Kind("trends", "各单位趋势", many.trends, many_orgs=True),
)}


def build(dataset: Dataset, spec: Spec) -> Chart:
    """The chart a spec names. Raises NoData (Chinese) when the data cannot support it, KeyError for
    an unknown kind."""
    return KINDS[spec.kind].build(dataset, spec)


def sentences(dataset: Dataset, chart: Chart | Spec, limit: int | None = None) -> list[str]:
    """What the chart shows, in a report's sentences (its kind's narrative), at most `limit`."""
    spec = chart.spec if isinstance(chart, Chart) else chart
    found = KINDS[spec.kind].narrative(dataset, spec)
    return found if limit is None else found[:limit]


def section(dataset: Dataset, chart: Chart) -> str | None:
    """The pillar whose part of a document holds the chart; None for the whole org's picture."""
    return KINDS[chart.spec.kind].section(dataset, chart.spec)


def in_documents(chart: Chart) -> bool:
    return KINDS[chart.spec.kind].in_documents


def specs(dataset: Dataset, org: str, look: str = "light") -> list[Spec]:
    """Every chart one org's data may support, in the order the pages show them (some may turn out
    to have no data: `catalog` skips those)."""
    found = [Spec("rates", org, theme=look), Spec("rates_change", org, theme=look)]
    pairs = dataset.before_after_pairs(org)
    for pillar in dataset.by_pillar(org):
        found.append(Spec("pillar", org, pillar=pillar, theme=look))
        for before, _ in pairs:
            indicator = dataset.indicator(before.indicator)
            if indicator.pillar == pillar:
                found.append(Spec("before_after", org, indicator=indicator.id, theme=look))
        found.append(Spec("shares", org, pillar=pillar, theme=look))
        found += yearly_specs(dataset, org, pillar, look)
        found.append(Spec("by_unit", org, pillar=pillar, theme=look))
    found.append(Spec("coverage", org, theme=look))
    return found


def yearly_specs(dataset: Dataset, org: str, pillar: str, look: str = "light") -> list[Spec]:
    """A pillar's yearly counts and amounts: one chart for a single one (by_year), small multiples for
    two or more (pillar_years) — 33 charts of a province's indicators would be 33 charts to draw."""
    found = counts.yearly_counts(dataset, org, pillar)
    if len(found) == 1:
        return [Spec("by_year", org, indicator=found[0][0].id, theme=look)]
    return [Spec("pillar_years", org, pillar=pillar, theme=look)] if found else []


def catalog(dataset: Dataset, org: str, look: str = "light", documents_only: bool = False) -> list[Chart]:
    """Every chart the data supports for one org, in the order the pages show them (only those the
    documents carry, with `documents_only`)."""
    charts = []
    for spec in specs(dataset, org, look):
        if documents_only and not KINDS[spec.kind].in_documents:
            continue
        try:
            charts.append(build(dataset, spec))
        except NoData:
            continue
    return charts


def comparison_spec(dataset: Dataset, indicator: str, year: int, orgs, org: str = "", look: str = "light",
                    group_by_parent: bool = False) -> Spec:
    """The ranking of `orgs` on one indicator and year: bars up to `compare.BARS_UP_TO` orgs, else the
    distribution (the same numbers, readable with 183 orgs)."""
    n = sum(1 for o in dict.fromkeys(orgs) if o in dataset.yearly(indicator).get(year, {}))
    kind = "ranking" if n <= compare.BARS_UP_TO else "distribution"
    return Spec(kind, org, indicator=indicator, year=year, orgs=tuple(orgs), group_by_parent=group_by_parent,
                theme=look)


def comparison_catalog(dataset: Dataset, orgs, look: str = "light") -> list[Chart]:
    """The ranking charts of a comparison deck: each key indicator (the headline ones and the rates,
    else every indicator) ranked among `orgs` in its latest comparable year."""
    orgs = tuple(orgs)
    key = [i for i in dataset.indicators if i.headline is not None or i.is_rate]
    chosen = key or list(dataset.indicators)
    charts = []
    for ind in chosen:
        years = compare.comparable_years(dataset, ind.id, orgs)
        if not years:
            continue
        try:
            charts.append(build(dataset, comparison_spec(dataset, ind.id, years[-1], orgs, look=look)))
        except NoData:
            continue
    return charts
