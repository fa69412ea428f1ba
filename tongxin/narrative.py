"""Chinese sentences about figures, as a staff member would write them in a report.

What belongs here: turning queries of the Dataset into sentences — qualifiers kept (410余条),
rate changes in 百分点, derived figures marked 约. Never a number that is not in the data.
"""

from __future__ import annotations

from . import display
from .model import Dataset, Indicator


def rate_sentence(dataset: Dataset, indicator: Indicator, org: str) -> str | None:
    """2024年委员参与率达92%，较2020年提高72个百分点。"""
    latest = dataset.latest(indicator.id, org)
    if latest is None:
        return None
    change = dataset.change(indicator.id, org)
    rising = change is None or (change.amount or 0) >= 0
    period = display.period(latest) if _leads(latest) else ""
    text = f"{period}{indicator.name}{'达' if rising else '为'}{display.observation_value(dataset, latest)}"
    if latest.period_label and not _leads(latest):
        text += f"（{latest.period_label}）"
    if change is not None and change.after == latest:
        text += f"，较{display.period(change.before)}{display.change_words(change)}"
    return text + "。"


def headline_summary(dataset: Dataset, org: str, indicators: list[Indicator]) -> list[str]:
    """One sentence for rates that share their years (分别…), else one sentence each."""
    changes = [dataset.change(i.id, org) for i in indicators]
    same_years = (
        len(indicators) > 1
        and all(c is not None and c.in_points for c in changes)
        and len({(c.before.period_end, c.after.period_end) for c in changes}) == 1
    )
    if not same_years:
        return [s for s in (rate_sentence(dataset, i, org) for i in indicators) if s]
    first = changes[0]
    names = "、".join(i.name for i in indicators)
    values = "、".join(display.observation_value(dataset, c.after) for c in changes)
    rising = all(c.amount >= 0 for c in changes)
    verb = "提高" if rising else "变化"
    if rising:
        amounts = "、".join(display.number(round(c.amount, 1)) for c in changes)
        tail = f"较{display.period(first.before)}分别{verb}{amounts}个百分点"
    else:
        tail = f"较{display.period(first.before)}分别" + "、".join(display.change_words(c) for c in changes)
    return [f"{display.period(first.after)}，{org}{names}分别为{values}，{tail}。"]


def target_sentence(dataset: Dataset, indicator: Indicator, org: str) -> str | None:
    """2023年协商议事室覆盖率为83%，目标85%，完成率98%。 (latest year with both)"""
    targets = {o.period_end: o for o in dataset.series(indicator.id, org, "target")}
    both = [o for o in dataset.series(indicator.id, org) if o.period_end in targets]
    if not both:
        return None
    actual = both[-1]
    target = targets[actual.period_end]
    done = f"，完成率{actual.value / target.value * 100:.0f}%" if target.value else ""
    return (
        f"{display.period(actual)}{indicator.name}为{display.observation_value(dataset, actual)}，"
        f"目标{display.observation_value(dataset, target)}{done}。"
    )


def rates_summary(dataset: Dataset, org: str) -> list[str]:
    """What the rates page says first: the headline rates together, then the others, then targets."""
    rates = [i for i in dataset.rate_indicators() if dataset.observations_of(i.id, org)]
    yearly = [i for i in rates if dataset.change(i.id, org) is not None]
    sentences = headline_summary(dataset, org, yearly) if yearly else []
    for ind in rates:
        if ind not in yearly:
            sentence = rate_sentence(dataset, ind, org)
            if sentence:
                sentences.append(sentence)
    sentences += [s for s in (target_sentence(dataset, i, org) for i in rates) if s]
    gaps = gaps_sentence(dataset, org, yearly)
    if gaps:
        sentences.append(gaps)
    return sentences


def gaps_sentence(dataset: Dataset, org: str, indicators: list[Indicator]) -> str | None:
    """2021–2023年无公开数据…, or which indicator misses which years when they differ."""
    groups: dict[str, list[str]] = {}
    for ind in indicators:
        years = [o.period_end for o in dataset.series(ind.id, org)]
        missing = [y for y in range(years[0], years[-1] + 1) if y not in years] if len(years) > 1 else []
        if missing:
            groups.setdefault(display.year_runs(missing), []).append(ind.name)
    if not groups:
        return None
    tail = "，图中以虚线连接、不作推算。"
    if len(groups) == 1 and len(next(iter(groups.values()))) == len(indicators):
        return f"{next(iter(groups))}无公开数据{tail}"
    return "；".join(f"{'、'.join(names)}缺{years}数据" for years, names in groups.items()) + tail


def _leads(o) -> bool:
    """Whether a period reads well in front of a figure (三年来…, 目前…, 2024年…) rather than after it."""
    label = o.period_label
    if not label:
        return o.is_yearly
    return label.endswith("来") or label.endswith("年") or label in ("目前", "每年", "当年", "现有") or label.startswith("截至")


def _item(dataset: Dataset, o, previous_period: str | None = None) -> str:
    """One figure inside a sentence: 三年来协商和监督课题46个 / 社情民意信息155篇（三年）.

    A leading period equal to the previous item's is not repeated.
    """
    ind = dataset.indicator(o.indicator)
    value = f"{ind.name}{display.observation_value(dataset, o)}"
    if _leads(o):
        period = display.period(o)
        return value if period == previous_period else period + value
    return f"{value}（{o.period_label}）" if o.period_label else value


def pillar_summary(dataset: Dataset, org: str, pillar: str, limit: int | None = None) -> str | None:
    """古韵协商方面：小微协商342场次，……县镇村协商平台由优化前的218个调整为优化后的67个（减少69%）……"""
    pairs = {a.indicator: (a, b) for a, b in dataset.before_after_pairs(org)}
    items: list[str] = []
    previous: str | None = None  # the last leading period written, so 三年来 is said once
    for ind in dataset.indicators_of(pillar):
        if ind.id in pairs:
            a, b = pairs[ind.id]
            change = dataset.change_between(a, b)
            items.append(
                f"{ind.name}由{a.period_label}的{display.observation_value(dataset, a)}调整为"
                f"{b.period_label}的{display.observation_value(dataset, b)}（{display.change_words(change)}）"
            )
            previous = None
            continue
        series = dataset.series(ind.id, org)
        if series:
            change = dataset.change(ind.id, org)
            text = _item(dataset, series[-1], previous)
            if change:
                text += f"（较{display.period(change.before)}{display.change_words(change)}）"
            items.append(text)
            previous = display.period(series[-1])
            continue
        share = dataset.share(ind.id, org)
        for o in dataset.observations_of(ind.id, org, "actual"):
            if share is not None and share.part_observation == o:
                items.append(f"其中{ind.name}{display.observation_value(dataset, o)}（{display.share_note(share)}）")
            else:
                items.append(_item(dataset, o, previous))
                previous = display.period(o) if _leads(o) else None
    if not items:
        return None
    more = limit is not None and len(items) > limit
    shown = items[:limit] if limit else items
    return f"{pillar}方面：" + "，".join(shown) + ("等。" if more else "。")


def coverage_sentence(dataset: Dataset, org: str) -> str:
    """How much is known: how many figures, which have years, which years are missing."""
    observations = [o for o in dataset.observations if o.org == org]
    if not observations:
        return f"{org}暂无数字。"
    indicators = {o.indicator for o in observations}
    sources = {o.source for o in observations}
    yearly = [i for i in dataset.indicators if i.id in indicators and dataset.series(i.id, org)]
    text = f"{org}共有{len(indicators)}项指标、{len(observations)}条数字，来自{len(sources)}个来源"
    if yearly:
        years = sorted({o.period_end for i in yearly for o in dataset.series(i.id, org)})
        names = "、".join(i.name for i in yearly[:4]) + ("等" if len(yearly) > 4 else "")
        text += f"；逐年数字有{names}（{display.year_runs(years)}）"
        gaps = gaps_sentence(dataset, org, yearly)
        if gaps:
            text += "，" + gaps.split("，图中")[0]
    undated = [o for o in observations if o.period_start is None]
    if undated:
        text += f"；另有{len(undated)}条为累计或现状数字（未注明起始年份）"
    return text + "。"


def comparison_sentence(dataset: Dataset, indicator: Indicator) -> str | None:
    """2023年，青川县政协为83%，白马镇政协联络组为78%。 (the latest year all orgs share)"""
    series = {org: dataset.series(indicator.id, org) for org in dataset.orgs()}
    series = {org: s for org, s in series.items() if s}
    if len(series) < 2:
        return None
    common = set.intersection(*({o.period_end for o in s} for s in series.values()))
    if not common:
        return None
    year = max(common)
    parts = [
        f"{org}为{display.observation_value(dataset, next(o for o in s if o.period_end == year))}"
        for org, s in series.items()
    ]
    return f"{year}年{indicator.name}：" + "，".join(parts) + "。"


def before_after_sentence(dataset: Dataset, org: str, indicator: Indicator) -> str | None:
    """县镇村协商平台由优化前的218个调整为优化后的67个，减少69%。"""
    for a, b in dataset.before_after_pairs(org):
        if a.indicator == indicator.id:
            change = dataset.change_between(a, b)
            return (
                f"{indicator.name}由{a.period_label}的{display.observation_value(dataset, a)}调整为"
                f"{b.period_label}的{display.observation_value(dataset, b)}，{display.change_words(change)}。"
            )
    return None


def share_sentence(dataset: Dataset, share) -> str:
    """换届以来收集委员“金点子”410余条，其中“金点子”转化为发展举措260余条，约占63%。"""
    whole, part = share.whole_observation, share.part_observation
    lead = display.period(whole) if _leads(whole) else ""
    return (
        f"{lead}{share.whole.name}{display.observation_value(dataset, whole)}，"
        f"其中{share.part.name}{display.observation_value(dataset, part)}，{display.share_note(share)}。"
    )


def series_sentence(dataset: Dataset, indicator: Indicator, org: str) -> str | None:
    """2023年协商课题12个，较2020年增长…"""
    series = dataset.series(indicator.id, org)
    if not series:
        return None
    text = f"{display.period(series[-1])}{indicator.name}{display.observation_value(dataset, series[-1])}"
    change = dataset.change(indicator.id, org)
    if change is not None:
        text += f"，较{display.period(change.before)}{display.change_words(change)}"
    return text + "。"


def for_chart(dataset: Dataset, org: str, chart_id: str, limit: int = 2) -> list[str]:
    """One or two sentences to put beside a chart on a slide or a report page."""
    kind, _, arg = chart_id.partition(":")
    sentences: list[str] = []
    if kind == "rates":
        sentences = rates_summary(dataset, org)
    elif kind == "rates_change":
        changed = [i for i in dataset.rate_indicators() if dataset.change(i.id, org) is not None]
        sentences = headline_summary(dataset, org, changed)
    elif kind in ("pillar", "by_unit"):
        sentence = pillar_summary(dataset, org, arg, limit=4)
        sentences = [sentence] if sentence else []
    elif kind == "before_after":
        sentences = [s for s in [before_after_sentence(dataset, org, dataset.indicator(arg))] if s]
    elif kind == "shares":
        sentences = [share_sentence(dataset, s) for s in dataset.shares(org) if arg in ("all", s.part.pillar)]
    elif kind == "by_year":
        sentences = [s for s in [series_sentence(dataset, dataset.indicator(arg), org)] if s]
    elif kind == "compare":
        sentences = [s for s in [comparison_sentence(dataset, dataset.indicator(arg))] if s]
    elif kind == "coverage":
        sentences = [coverage_sentence(dataset, org)]
    return sentences[:limit]
