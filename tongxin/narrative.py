"""Chinese sentences about figures, as a staff member would write them in a report.

What belongs here: turning queries of the Dataset (and comparisons of `compare`) into sentences —
qualifiers kept (410余条), rate changes in 百分点, derived figures marked 约. Never a number that is
not in the data. About many orgs it summarises and never enumerates: the highest, the lowest, the
median, the spread, how many reached a target, who improved most — at most a few names in any
sentence (`NAMES_IN_A_SENTENCE`), whatever the number of orgs (issue 13).
"""

from __future__ import annotations

import re

from . import display
from .compare import Position, Ranking
from .model import Dataset, Indicator

NAMES_IN_A_SENTENCE = 3  # orgs named for one role (highest, lowest, improved most) before counting instead


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
    """What the rates page says first: the headline rates together, then the others, then targets (met or
    not, and those ahead of the latest figure), then the years without figures."""
    rates = [i for i in dataset.rate_indicators() if dataset.observations_of(i.id, org)]
    yearly = [i for i in rates if dataset.change(i.id, org) is not None]
    sentences = headline_summary(dataset, org, yearly) if yearly else []
    for ind in rates:
        if ind not in yearly:
            sentence = rate_sentence(dataset, ind, org)
            if sentence:
                sentences.append(sentence)
    sentences += [s for s in (target_sentence(dataset, i, org) for i in rates) if s]
    # a target after the latest figure is drawn on the chart: said too (the deck said it, the page did not)
    sentences += targets_ahead(dataset, org, rates)
    gaps = gaps_sentence(dataset, org, yearly)
    if gaps:
        sentences.append(gaps)
    return sentences


def gaps_sentence(dataset: Dataset, org: str, indicators: list[Indicator]) -> str | None:
    """2021–2023年无公开数据…, or which indicator misses which years when they differ."""
    groups: dict[str, list[str]] = {}
    for ind in indicators:
        missing = dataset.missing_years(ind.id, org)
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
    """古韵协商方面：开展小微协商342场次，提出意见建议567条，……县镇村协商平台由优化前的218个调整为优化后的67个（减少69%）……

    The figures of `pillar_items`, the first `limit` of them (then 等)."""
    items = pillar_items(dataset, org, pillar)
    if not items:
        return None
    more = limit is not None and len(items) > limit
    shown = items[:limit] if limit else items
    return f"{pillar}方面：" + join_items(shown) + ("等。" if more else "。")


def coverage_sentence(dataset: Dataset, org: str, gaps: bool = True) -> str:
    """How much is known: how many figures, which indicators have figures for which years (a single year
    is said as such, not as 逐年), which years are missing (unless `gaps` is False: the caller says them)."""
    observations = dataset.figures_of(org)
    if not observations:
        return f"{org}暂无数字。"
    indicators = {o.indicator for o in observations}
    sources = {o.source for o in observations}
    text = f"{org}共有{len(indicators)}项指标、{len(observations)}条数字，来自{len(sources)}个来源"
    by_years: dict[tuple[int, ...], list[Indicator]] = {}
    for ind in dataset.indicators:
        years = tuple(o.period_end for o in dataset.series(ind.id, org))
        if years:
            by_years.setdefault(years, []).append(ind)
    yearly = [(years, inds) for years, inds in by_years.items() if len(years) > 1]
    single = [(years, inds) for years, inds in by_years.items() if len(years) == 1]
    if yearly:
        text += "；逐年数字有" + "，".join(f"{_some(inds)}（{display.year_runs(list(years))}）" for years, inds in yearly)
        missing = gaps_sentence(dataset, org, [i for _, inds in yearly for i in inds]) if gaps else None
        if missing:
            text += "，" + missing.split("，图中")[0]
    if single:
        text += "；" + "，".join(f"{_some(inds)}只有{years[0]}年的数字" for years, inds in single)
    undated = [o for o in observations if o.period_start is None]
    if undated:
        text += f"；另有{len(undated)}条为累计或现状数字（未注明起始年份）"
    return text + "。"


def _some(indicators: list[Indicator], limit: int = 4) -> str:
    """委员参与率、成果转化率 — or the first few and how many: 甲、乙、丙、丁等6项指标."""
    names = "、".join(i.name for i in indicators[:limit])
    return names if len(indicators) <= limit else f"{names}等{len(indicators)}项指标"


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
        f"其中{share.part.name.removeprefix('其中')}{display.observation_value(dataset, part)}，{display.share_note(share)}。"
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


# --- a 板块's figures as staff write them (the documents' 二、主要工作成效, the pages' summaries) -----

_QUOTE = re.compile(r"^原文[：:]\s*")
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
_LONGEST_QUOTE = 60  # characters: a longer sentence of the source is cut down to its clause


def source_words(dataset: Dataset, o) -> str | None:
    """The source's own words for a figure when its note quotes them (`原文：三年来共实施协商和监督课题46个`):
    the sentence of the quote — else its clause between commas — that holds the figure exactly as it is
    displayed (value, qualifier, unit) and no other number. None when the note quotes nothing usable, so
    a sentence never borrows a verb or a fact that is not in the data."""
    quote = _QUOTE.match(o.note.strip())
    if quote is None:
        return None
    text = o.note.strip()[quote.end():]
    shown = display.observation_value(dataset, o)
    digits = display.number(o.value)
    sentences = [p for p in re.split(r"[。；！？]", text) if p.strip()]
    clauses = [c for p in sentences for c in re.split(r"[，,]", p) if c.strip()]
    for part in [p for p in sentences if len(p) <= _LONGEST_QUOTE] + clauses:
        if shown in part and [n.replace(",", "") for n in _DIGITS.findall(part)] == [digits]:
            return part.strip()
    return None


def _share_words(share, after_whole: bool) -> str:
    """约占63% right after its whole (其中…), else 约占收集委员“金点子”的63%."""
    if after_whole:
        return display.share_note(share)
    return ("约占" if share.approximate else "占") + f"{share.whole.name}的" + display.percent(
        share.percent, share.approximate)


def pillar_items(dataset: Dataset, org: str, pillar: str, leave_out=()) -> list[str]:
    """The pillar's figures as clauses, in indicators.csv order, each as the source wrote it where its note
    quotes the source (`source_words`), else name and figure: `三年来共实施协商和监督课题46个`,
    `读书活动先进个人27名`, `2024年立案提案224件（较2018年增长3%）`, `其中260余条被转化为发展举措（约占63%）`,
    `县镇村协商平台由优化前的218个调整为优化后的67个（减少69%）`. A period is said once for consecutive
    figures of that period; a “其中” part follows its whole; `leave_out` are indicator ids said elsewhere
    (the headline rates of 一、总体情况)."""
    pairs = {a.indicator: (a, b) for a, b in dataset.before_after_pairs(org)}
    items: list[str] = []
    said: str | None = None  # the period last said in front of a figure
    previous = None  # the indicator of the last clause, for 其中
    for ind in dataset.indicators_of(pillar):
        if ind.id in leave_out:
            continue
        if ind.id in pairs:
            a, b = pairs[ind.id]
            items.append(f"{ind.name}由{a.period_label}的{display.observation_value(dataset, a)}调整为"
                         f"{b.period_label}的{display.observation_value(dataset, b)}"
                         f"（{display.change_words(dataset.change_between(a, b))}）")
            said, previous = None, ind
            continue
        series = dataset.series(ind.id, org)
        change = dataset.change(ind.id, org) if series else None
        share = dataset.share(ind.id, org)
        figures = [series[-1]] if series else _one_each(dataset.observations_of(ind.id, org, "actual"))
        dated = len(figures) > 1 or (not series and len(dataset.observations_of(ind.id, org, "actual")) > 1)
        for o in figures:
            part = share if share is not None and share.part_observation == o else None
            after_whole = part is not None and previous is not None and (
                previous.id == part.whole.id or previous.part_of == part.whole.id)
            words = None if o.is_yearly else source_words(dataset, o)
            if words is not None:
                # The source's words as they stand (its period where it said one): the table gives each period.
                if o.period_label and o.period_label in words:
                    said = o.period_label
                text = words
                if part is not None and previous is not None and previous.id == part.whole.id \
                        and not words.startswith("其中"):
                    text = "其中" + words
            else:
                name = ind.name.removeprefix("其中") if part is not None else ind.name
                value = f"{name}{display.observation_value(dataset, o)}"
                if _leads(o) or (dated and not o.period_label):  # more than one figure: each with its period
                    period = display.period(o)
                    value = value if period == said else period + value
                    said = period
                elif o.period_label:
                    value += f"（{o.period_label}）"
                lead = "其中" if part is not None and previous is not None and previous.id == part.whole.id else ""
                text = lead + value
            notes = []
            if change is not None and change.after == o:
                notes.append(f"较{display.period(change.before)}{display.change_words(change)}")
            if part is not None:
                notes.append(_share_words(part, after_whole))
            if notes:
                text += f"（{'；'.join(notes)}）"
            items.append(text)
            previous = ind
    return items


def _one_each(observations: list) -> list:
    """The figures of one indicator a sentence says: of the standing counts (截至2023年 88个, 截至2024年 66余个 —
    no start year, no words of their own) only the latest, which supersedes the others; figures the source
    words apart (三年来, 换届以来) all stay. The 三线表 and the pages list every figure with its period."""
    standing = [o for o in observations if o.period_start is None and not o.period_label]
    if len(standing) < 2:
        return observations
    latest = max(standing, key=lambda o: o.period_end)
    return [o for o in observations if o is latest or o not in standing]


def join_items(items: list[str]) -> str:
    """Clauses joined as one sentence: by ， — by ； next to a clause that has a comma of its own."""
    out = ""
    for n, item in enumerate(items):
        if n:
            out += "；" if "，" in item or "，" in items[n - 1] else "，"
        out += item
    return out


def pillar_paragraph(dataset: Dataset, org: str, pillar: str, leave_out=()) -> str | None:
    """The paragraph of a 板块 in a 汇报材料 (its heading names the 板块): every figure of `pillar_items`."""
    items = pillar_items(dataset, org, pillar, leave_out)
    return join_items(items) + "。" if items else None


def key_figures_summary(dataset: Dataset, org: str, per_pillar: int = 3, pillars: int = 6) -> str | None:
    """一、总体情况 without headline rates: the first figures of each 板块, as staff sum up a year's work —
    提案工作方面，2025年立案提案168件（较2023年增长12%），其中重点提案20件（约占12%）；联系群众方面，……。"""
    parts = []
    for pillar in list(dataset.by_pillar(org))[:pillars]:
        items = pillar_items(dataset, org, pillar)
        if items:
            parts.append(f"{pillar}方面，" + join_items(items[:per_pillar]) + ("等" if len(items) > per_pillar else ""))
    return "；".join(parts) + "。" if parts else None


def targets_ahead(dataset: Dataset, org: str, indicators: list[Indicator] | None = None) -> list[str]:
    """Targets for periods after the latest actual figure (a chart's dashed line, said in words), one
    sentence per source: 根据《十四五履职规划》，到2026年委员参与率、成果转化率的目标分别为95%、80%。 —
    or, when the years differ, 协商议事室覆盖率2024年、2025年的目标分别为90%、95%."""
    by_source: dict[str, dict[str, list]] = {}
    for ind in indicators if indicators is not None else dataset.indicators:
        latest = dataset.latest(ind.id, org)
        for t in sorted(dataset.observations_of(ind.id, org, "target"), key=lambda o: o.period_end):
            if latest is None or t.period_end > latest.period_end:
                by_source.setdefault(t.source, {}).setdefault(ind.id, []).append(t)
    sentences = []
    for source, found in by_source.items():
        title = dataset.source(source).title
        years = {t.period_end for targets in found.values() for t in targets}
        if len(years) == 1 and all(len(targets) == 1 for targets in found.values()):
            names = "、".join(dataset.indicator(i).name for i in found)
            values = "、".join(display.observation_value(dataset, targets[0]) for targets in found.values())
            said = f"到{years.pop()}年{names}的目标{'分别为' if len(found) > 1 else '为'}{values}"
        else:
            said = "；".join(
                f"{dataset.indicator(i).name}{'、'.join(f'{t.period_end}年' for t in targets)}的目标"
                f"{'分别为' if len(targets) > 1 else '为'}"
                + "、".join(display.observation_value(dataset, t) for t in targets)
                for i, targets in found.items())
        sentences.append(f"根据《{title}》，{said}。")
    return sentences


# --- many orgs ------------------------------------------------------------------------------------


def _names(dataset: Dataset, entries) -> str:
    """犍为、沐川 — short names, at most NAMES_IN_A_SENTENCE; more are counted (5个…) by the caller."""
    return "、".join(dataset.short_name(e.org) for e in entries[:NAMES_IN_A_SENTENCE])


def _who(dataset: Dataset, entries, word: str) -> str:
    """The org(s) of one role: 犍为 / 犍为、沐川 / 5个县（区）."""
    if len(entries) <= NAMES_IN_A_SENTENCE:
        return _names(dataset, entries)
    return f"{len(entries)}个{word}"


def _value(dataset: Dataset, entry) -> str:
    return display.observation_value(dataset, entry.observation)


def comparison_summary(dataset: Dataset, found: Ranking, word: str | None = None, group_label: str = "",
                       apart: str = "") -> list[str]:
    """What a ranking says, in a few sentences that name at most a handful of orgs, however many there are:

    2024年，乐山市政协的11个县（区）委员参与率中位数为78.5%；最高的是犍为（92%），最低的是沐川（55%），相差37个百分点。
    设定目标的9个县（区）中有8个达到目标。较2023年提高最多的是峨边（+6.2个百分点）。
    犍为的数字为截至2025年（75个），未参与排名。

    Medians and differences computed from approximate figures are marked 约 (中位数约为46个, 相差约64个).
    `apart`: an org whose unranked figure the caller says on its own (`not_ranked_sentence`)."""
    word = word or display.org_word(found.group)
    ind = found.indicator
    unit = ind.unit
    who = group_label or f"{found.n}个{word}"
    if found.n < len(found.group):
        having = f"有{found.period_words}数字的" if found.unranked else "有数字的"
        who = f"{group_label or f'{len(found.group)}个{word}'}中{having}{found.n}个{word}"
    median = display.derived(found.median, unit, ind.is_rate, found.median_approximate)
    first = (f"{found.period_words}，{who}{'' if '的' in who else '的'}{ind.name}中位数"
             f"{'约为' + median.removeprefix('约') if found.median_approximate else '为' + median}")
    highest, lowest = found.highest, found.lowest
    top, bottom = max(found.values), min(found.values)
    if top == bottom:
        first += f"，各{word}均为{display.figure(top, unit)}。"
    else:
        about = "约" if found.spread_approximate else ""
        first += (f"；最高的是{_who(dataset, highest, word)}（{_value(dataset, highest[0])}），"
                  f"最低的是{_who(dataset, lowest, word)}（{_value(dataset, lowest[0])}），相差{about}"
                  + (f"{display.number(display.half_up(top - bottom, 1))}个百分点" if ind.is_rate
                     else display.derived(top - bottom, unit, False, found.spread_approximate).removeprefix("约"))
                  + "。")
    sentences = [first]
    targeted = found.with_target
    if targeted:
        reached = found.reached
        if len(reached) == len(targeted):
            sentences.append(f"设定目标的{len(targeted)}个{word}全部达到目标。")
        elif not reached:
            sentences.append(f"设定目标的{len(targeted)}个{word}均未达到目标。")
        else:
            sentences.append(f"设定目标的{len(targeted)}个{word}中有{len(reached)}个达到目标。")
    if found.previous_year is not None:
        improved = found.most_improved()
        verb = "提高" if ind.higher_is_better else "降低"
        if improved:
            change = display.change(improved[0].change)
            sentences.append(f"较{found.previous_year}年{verb}最多的是{_who(dataset, improved, word)}（{change}）。")
        elif any(e.change for e in found.entries):
            sentences.append(f"与{found.previous_year}年相比，没有{word}{verb}。")
    unranked = unranked_sentence(dataset, found, word, apart)
    if unranked:
        sentences.append(unranked)
    return sentences


def unranked_sentence(dataset: Dataset, found: Ranking, word: str | None = None, apart: str = "") -> str | None:
    """The orgs whose figure is of another period, so not ranked — never as if they had no figure:
    犍为的数字为截至2025年（75个），未参与排名。 / 甲的数字为2022–2024年（…），乙的数字为截至2025年（…），均未参与排名。 /
    另有5个县（区）的数字期间不同（截至2025年、2022–2024年），不与2024年的数字一起排名。"""
    unranked = [o for o in found.unranked if o.org != apart]
    if not unranked:
        return None
    word = word or display.org_word(found.group)
    if len(unranked) <= NAMES_IN_A_SENTENCE:
        said = "，".join(f"{dataset.short_name(o.org)}的数字为{display.years(o)}（{display.observation_value(dataset, o)}）"
                        for o in unranked)
        return f"{said}，{'均' if len(unranked) > 1 else ''}与{found.period_words}的数字期间不同，未参与排名。"
    periods = list(dict.fromkeys(display.years(o) for o in unranked))
    others = "此外还有" if len(unranked) < len(found.unranked) else "另有"
    listed = "、".join(periods[:NAMES_IN_A_SENTENCE]) + ("等" if len(periods) > NAMES_IN_A_SENTENCE else "")
    return f"{others}{len(unranked)}个{word}的数字期间不同（{listed}），不与{found.period_words}的数字一起排名。"


def not_ranked_sentence(dataset: Dataset, found: Ranking, org: str) -> str:
    """Why `org` is not in the ranking, never as if it had no figure when it has one of another period:
    犍为县政协的「委员书屋及读书点」数字为截至2025年（75个），与截至2024年的数字期间不同，未参与排名。"""
    other = next((o for o in found.unranked if o.org == org), None)
    name = found.indicator.name
    if other is None:
        return f"{org}没有{found.period_words}的「{name}」数字，未参与排名。"
    return (f"{org}的「{name}」数字为{display.years(other)}（{display.observation_value(dataset, other)}），"
            f"与{found.period_words}的数字期间不同，未参与排名。")


def position_sentence(dataset: Dataset, place: Position, subject: str = "", group_said: bool = False) -> str:
    """2024年委员参与率在11个县（区）中居第3位（92%），高于中位数5.2个百分点，较上年上升2位。
    `subject` (an org's short name) leads when the sentence is not about the page's own org. With
    `group_said` (a heading or the sentence before names the group) the group is not named again —
    2024年委员参与率居第3位… — unless only some of it is ranked (在有数字的10个县（区）中居第3位)."""
    found, entry = place.ranking, place.entry
    ind = found.indicator
    if found.n == len(found.group):
        among = "" if group_said else f"在{found.n}个{place.word}中"
    else:
        having = f"有{found.period_words}数字的" if found.unranked else "有数字的"
        among = f"在{having}{found.n}个{place.word}中"
    rank = f"并列第{entry.rank}位" if entry.tied else f"第{entry.rank}位"
    lead = f"{found.period_words}，{subject}" if subject else found.period_words
    text = f"{lead}{ind.name}{among}居{rank}（{_value(dataset, entry)}）"
    approximate = found.median_approximate or not entry.observation.is_exact
    text += "，" + display.difference(entry.value, found.median, ind.is_rate, approximate)
    if entry.rank_change is not None:
        text += "，" + (f"在两年都有数字的{found.both_years}个{place.word}中" if found.rank_moves_partial else "") \
            + display.rank_change_words(entry.rank_change)
    return text + "。"


def rank_change_note(found: Ranking, word: str) -> str:
    """Under a table with 名次变化, when the orgs ranked differ between the two years: what the moves
    compare ("" otherwise) — an org new this year does not push the others down (t13 finding 1)."""
    if not found.rank_moves_partial:
        return ""
    return (f"名次变化只比较{found.previous_year}年和{found.year}年都有数字的{found.both_years}个{word}"
            f"；{found.year}年有数字的{found.n}个，{found.previous_year}年{found.previous_n}个。")
