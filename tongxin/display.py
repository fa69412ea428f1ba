"""How figures are written for people: values with their qualifier and unit, periods, changes.

What belongs here: the honest-display rules of DATA_SPEC ("410余条", "近千件", "约63%",
百分点 for changes in rates) as small pure functions shared by charts, narrative and exports.
"""

from __future__ import annotations

import unicodedata

from .model import Change, Dataset, Observation, Share
from .schema import QUALIFIERS_AFTER, QUALIFIERS_BETWEEN

# Round numbers a source may write as a word with a qualifier ("近千件", "千余人", "逾万人"). A figure keeps
# the source's own writing (DATA_SPEC "Displaying figures honestly": a qualified value keeps its word):
# "1000余人次" stays in digits, "近千件" in words; which one the source used is in the figure's note.
_ROUND_WORDS = {100: "百", 1000: "千", 10000: "万"}


def visible_controls(text: str) -> str:
    """Invisible format characters (a right-to-left override U+202E, zero-width spaces) shown as
    [U+202E]: in data they can only confuse a reader, and on screen they must not reorder text."""
    return "".join(f"[U+{ord(ch):04X}]" if unicodedata.category(ch) == "Cf" else ch for ch in str(text))


def short(text: str, limit: int = 30) -> str:
    """A name cut for a chart label; the full text stays in tooltips and tables."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def number(value: float, decimals: int = 2) -> str:
    """Plain digits as the app writes them: 1500, 98.5, 0.25 — no thousands separators."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.{decimals}f}".rstrip("0").rstrip(".")


def figure(value: float, unit: str, qualifier: str = "", words: bool = False) -> str:
    """One figure as the source would write it, the qualifier where Chinese puts it (schema.QUALIFIERS):
    410余条, 400多人, 1000余人次, 约63%, 99%以上, 63%左右, 92%, 15万吨/年. With `words`, a round 100, 1000
    or 10000 with a qualifier is written as the word (近千件, 千余人, 逾万人) — only where the source did
    (see `observation_value`)."""
    if words and qualifier and qualifier not in QUALIFIERS_AFTER and value in _ROUND_WORDS:
        digits = _ROUND_WORDS[value]
    elif words and in_wan(value):
        digits = in_wan(value)
    else:
        digits = number(value)
    if qualifier in QUALIFIERS_BETWEEN:
        return f"{digits}{qualifier}{unit}"
    if qualifier in QUALIFIERS_AFTER:
        return f"{digits}{unit}{qualifier}"
    return f"{qualifier}{digits}{unit}"


def in_wan(value: float) -> str | None:
    """A figure of thousands as 万 (30000 → 3万, 25000 → 2.5万); None below 10000 or when 万 would need
    more than one decimal."""
    if value < 10000 or value % 1000:
        return None
    return number(value / 10000) + "万"


def written_as_word(obs: Observation) -> bool:
    """Whether the source wrote this round figure as a word — its note quotes it ("原文：…近千件",
    "千余人", "3万余人次", "约2.5万"): then it is shown so, else in digits as the data holds it
    ("1000余人次", "30000余人次")."""
    wan = in_wan(obs.value)
    if wan is not None and (f"{obs.qualifier}{wan}" in obs.note or f"{wan}{obs.qualifier}" in obs.note) \
            and obs.qualifier not in QUALIFIERS_AFTER:
        return True
    word = _ROUND_WORDS.get(obs.value)
    if word is None or not obs.qualifier or obs.qualifier in QUALIFIERS_AFTER:
        return False
    return f"{obs.qualifier}{word}" in obs.note or f"{word}{obs.qualifier}" in obs.note


def observation_value(dataset: Dataset, obs: Observation) -> str:
    """The figure as the source wrote it: value, qualifier and the indicator's unit (see `figure`)."""
    return figure(obs.value, dataset.indicator(obs.indicator).unit, obs.qualifier, written_as_word(obs))


def years(obs: Observation) -> str:
    """The calendar years a figure covers: 2024年, 2022–2024年, 截至2025年."""
    if obs.period_start is None:
        return f"截至{obs.period_end}年"
    if obs.period_start == obs.period_end:
        return f"{obs.period_end}年"
    return f"{obs.period_start}–{obs.period_end}年"


def period(obs: Observation) -> str:
    """The period as the source words it (三年来, 优化前), else the years."""
    return obs.period_label or years(obs)


def year_span(observations) -> str:
    """The years a set of figures covers, for captions: 2020–2024年, 2024年, 截至2025年."""
    observations = list(observations)
    if not observations:
        return ""
    starts = [o.period_start for o in observations if o.period_start is not None]
    ends = [o.period_end for o in observations]
    if not starts:
        return f"截至{max(ends)}年"
    first, last = min(starts), max(ends)
    return f"{first}年" if first == last else f"{first}–{last}年"


def year_runs(years: list[int]) -> str:
    """[2021, 2024, 2025] → 2021年、2024–2025年"""
    runs, years = [], sorted(years)
    start = prev = None
    for y in years + [None]:
        if start is None:
            start = prev = y
        elif y is not None and y == prev + 1:
            prev = y
        else:
            runs.append(f"{start}年" if start == prev else f"{start}–{prev}年")
            start = prev = y
    return "、".join(runs)


def signed(value: float, decimals: int = 1) -> str:
    text = number(round(abs(value), decimals), decimals)
    if round(value, decimals) == 0:
        return "0"
    # ASCII minus: Streamlit's metric reads the sign to choose the arrow.
    return ("+" if value > 0 else "-") + text


def change(ch: Change) -> str:
    """Compact change for cards: "+72个百分点", "−69%", "约+12%"."""
    if ch.amount is None:
        return "—"
    about = "约" if ch.approximate else ""
    if ch.in_points:
        return f"{about}{signed(ch.amount)}个百分点"
    return f"{about}{signed(ch.amount, 0)}%"  # a relative change: whole percent, no false precision


def change_words(ch: Change) -> str:
    """Change as a report sentence says it: 提高72个百分点, 减少69%, 约增长12%."""
    if ch.amount is None:
        return "无法计算变化幅度"
    about = "约" if ch.approximate else ""
    if round(ch.amount, 1) == 0:
        return "基本持平"
    if ch.in_points:
        verb = "提高" if ch.amount > 0 else "下降"
        return f"{verb}{about}{number(round(abs(ch.amount), 1))}个百分点"
    verb = "增长" if ch.amount > 0 else "减少"
    return f"{verb}{about}{round(abs(ch.amount)):d}%"


def percent(value: float, approximate: bool) -> str:
    """A computed percentage: whole number when its inputs are approximate, else one decimal."""
    return f"{round(value):d}%" if approximate else f"{number(round(value, 1))}%"


def share(s: Share) -> str:
    """约63% — a value computed from qualified values is itself approximate."""
    return ("约" if s.approximate else "") + percent(s.percent, s.approximate)


def share_note(s: Share) -> str:
    """约占63% — 约 leads the verb when the share is computed from approximate figures."""
    return ("约占" if s.approximate else "占") + percent(s.percent, s.approximate)


def share_formula(dataset: Dataset, s: Share) -> str:
    part = observation_value(dataset, s.part_observation)
    whole = observation_value(dataset, s.whole_observation)
    sign = "≈" if s.approximate else "="
    return f"{s.part.name} {part} ÷ {s.whole.name} {whole} {sign} {percent(s.percent, s.approximate)}"


# --- gaps (found by `model.gap_regions` / `Dataset.missing_years`; worded here) ------------------


def gap_between(before: int, after: int) -> str:
    """The years between two known figures, as a dashed line's label: 2021–2023年无公开数据."""
    return f"{before + 1}年无公开数据" if after - before == 2 else f"{before + 1}–{after - 1}年无公开数据"


def gap_years(region) -> str:
    """A `model.GapRegion`'s years: 2021–2023年."""
    return year_runs(region.years)


def gap_what(region) -> str:
    """无公开数据 when no line of the chart has those years, else 部分指标无数据."""
    return "无公开数据" if region.everyone else "部分指标无数据"


def gap_region(region) -> str:
    return gap_years(region) + gap_what(region)


# --- many orgs ------------------------------------------------------------------------------------

# The kinds of body a CPPCC committee's name says, in the order Chinese documents list them
# (县（市、区）): matched at the end of the name without 政协.
_ORG_KINDS = ("省", "自治区", "市", "州", "盟", "县", "区", "旗", "镇", "乡", "街道")
_KIND_ORDER = ("县", "市", "区", "旗", "州", "盟", "省", "自治区", "镇", "乡", "街道")


def org_word(names) -> str:
    """What a group of orgs is called, read from their names: 县, 县（区）, 县（市、区）, 市（州）; 单位 when
    a name does not say (e.g. 白马镇政协联络组). The most common kind leads, the others follow in
    brackets in the order documents list them. Never hard-coded to 县 (issue 13)."""
    from .model import default_short_name

    counts: dict[str, int] = {}
    for name in names:
        base = default_short_name(name)
        if base == name:  # not a …政协 / …委员会 name: it does not say what body it is
            return "单位"
        kind = next((k for k in sorted(_ORG_KINDS, key=len, reverse=True) if base.endswith(k)), None)
        if kind is None:
            return "单位"
        counts[kind] = counts.get(kind, 0) + 1
    if not counts:
        return "单位"
    lead = max(counts, key=lambda k: (counts[k], -_KIND_ORDER.index(k)))
    rest = [k for k in _KIND_ORDER if k in counts and k != lead]
    return f"{lead}（{'、'.join(rest)}）" if rest else lead


def rank_change(steps: int | None) -> str:
    """名次变化 as a table says it: ↑2, ↓1, 持平; — when the org was not ranked the year before."""
    if steps is None:
        return "—"
    if steps == 0:
        return "持平"
    return f"↑{steps}" if steps > 0 else f"↓{-steps}"


def rank_change_words(steps: int) -> str:
    """较上年上升2位 / 下降1位 / 名次与上年相同."""
    if steps == 0:
        return "名次与上年相同"
    return f"较上年{'上升' if steps > 0 else '下降'}{abs(steps)}位"


def half_up(value: float, decimals: int) -> float:
    """`value` rounded half up at `decimals` as written in decimal (64.95 → 65.0; Python's round gives
    64.9 for the binary 64.95)."""
    from decimal import ROUND_HALF_UP, Decimal

    return float(Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


def derived(value: float, unit: str, is_rate: bool, approximate: bool = False) -> str:
    """A figure computed from others (a median, a difference): rates with at most one decimal like
    every rate the app writes (64.95% → 65%), other figures with at most one (45.5个), whole when computed
    from approximate figures — and then marked 约 (DATA_SPEC "Displaying figures honestly")."""
    digits = number(half_up(value, 0 if approximate and not is_rate else 1))
    return f"{'约' if approximate else ''}{digits}{unit}"


def difference(value: float, reference: float, in_points: bool, approximate: bool = False) -> str:
    """How far a figure stands from a reference (the median): 高于中位数5.2个百分点 for rates, 低于…12% for
    other figures (relative, whole percent); 与中位数持平 when equal; 约 before the amount when either
    figure is approximate (高于中位数约43%)."""
    about = "约" if approximate else ""
    # from the reference as `derived` writes it beside the difference, so the two add up by hand (t13b: 65.7%
    # against a median shown as 68.6% was 低于2.8个百分点, from the median's 68.55)
    reference = half_up(reference, 0 if approximate and not in_points else 1)
    if in_points:
        amount = half_up(value - reference, 1)
        if amount == 0:
            return "与中位数持平"
        return f"{'高于' if amount > 0 else '低于'}中位数{about}{number(abs(amount))}个百分点"
    if reference == 0:
        return "与中位数持平" if value == 0 else "高于中位数"
    amount = round((value - reference) / reference * 100)
    if amount == 0:
        return "与中位数持平"
    return f"{'高于' if amount > 0 else '低于'}中位数{about}{abs(amount)}%"
