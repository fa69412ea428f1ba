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
    text = f"{display.period(latest)}{indicator.name}{'达' if rising else '为'}{display.observation_value(dataset, latest)}"
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
