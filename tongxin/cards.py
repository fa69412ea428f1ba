"""Figures as cards: the headline card (委员参与率 | 92% | +72个百分点) and a pillar's figure tiles.

What belongs here: the view-models of cards, defined once for the screen (`components/cards.py`), the
tile chart (`charts`) and every document (`document`, the deck, the A4 report, the Word 汇报材料).
Values are written by `display` (qualifiers kept, 百分点 for rate changes, 约 for derived shares).
"""

from __future__ import annotations

from dataclasses import dataclass

from . import display
from .model import Dataset, Indicator, Observation


@dataclass(frozen=True)
class KeyFigure:
    """A headline figure as a card shows it: 委员参与率 | 92% | 2024年 | +72个百分点（较2020年）.

    `change` leads with its sign (a screen metric reads the sign for its arrow); `change_words` is the
    same change as a sentence says it (较2020年提高72个百分点). `tone` colours the change: "good" when it
    goes the way `higher_is_better` wants, "bad" when it goes the other way, "flat" when unchanged, ""
    when there is no change to show (DATA_SPEC: `higher_is_better`).
    """

    label: str
    value: str
    period: str
    change: str
    change_words: str
    tone: str
    higher_is_better: bool
    source: str  # publisher and date: 犍为县政协（2025-03-19）
    description: str = ""


def key_figure(dataset: Dataset, org: str, indicator: Indicator) -> KeyFigure | None:
    """The card of one indicator for one org, or None when the org has no figure for it."""
    latest = dataset.latest(indicator.id, org)
    if latest is None:
        return None
    change = dataset.change(indicator.id, org)
    if change is not None and change.after != latest:
        change = None  # a card shows the change that ends at its own figure, nothing older
    tone = ""
    if change is not None and change.amount is not None:
        if round(change.amount, 1) == 0:
            tone = "flat"
        else:
            tone = "good" if (change.amount > 0) == indicator.higher_is_better else "bad"
    source = dataset.source(latest.source)
    return KeyFigure(
        label=indicator.name,
        value=display.observation_value(dataset, latest),
        period=display.period(latest),
        change=f"{display.change(change)}（较{display.period(change.before)}）" if change else "",
        change_words=f"较{display.period(change.before)}{display.change_words(change)}" if change else "",
        tone=tone,
        higher_is_better=indicator.higher_is_better,
        source=f"{source.publisher}（{source.date}）",
        description=indicator.description,
    )


def headline_indicators(dataset: Dataset, org: str, limit: int = 4) -> list[Indicator]:
    """The indicators a document leads with: those marked `headline` (DATA_SPEC), else the rates,
    keeping only those the org has a figure for; at most `limit` (four cards fit a slide)."""
    chosen = dataset.headline_indicators() or dataset.rate_indicators()
    return [i for i in chosen if dataset.latest(i.id, org) is not None][:limit]


@dataclass(frozen=True)
class Tile:
    """One figure on a pillar's "数字墙": the value as the source writes it, and what it is."""

    name: str
    value: str
    period: str
    note: str  # a change, a share, or ""
    observations: tuple[Observation, ...]


def pillar_tiles(dataset: Dataset, org: str, pillar: str) -> list[Tile]:
    """Every figure of a pillar in data order: latest yearly values with their change, before/after
    pairs as one tile, shares noted on the part."""
    tiles = []
    pairs = {a.indicator: (a, b) for a, b in dataset.before_after_pairs(org)}
    for ind in dataset.indicators_of(pillar):
        series = dataset.series(ind.id, org)
        if series:
            latest = series[-1]
            change = dataset.change(ind.id, org)
            note = f"较{display.period(change.before)}{display.change(change)}" if change else ""
            tiles.append(Tile(ind.name, display.observation_value(dataset, latest), display.period(latest), note,
                              (latest,) + ((change.before,) if change else ())))
            continue
        if ind.id in pairs:
            a, b = pairs[ind.id]
            change = dataset.change_between(a, b)
            value = f"{display.number(a.value)}→{display.observation_value(dataset, b)}"
            tiles.append(Tile(ind.name, value, f"{a.period_label}→{b.period_label}", display.change(change), (a, b)))
            continue
        share = dataset.share(ind.id, org)
        for o in dataset.observations_of(ind.id, org, "actual"):
            note = display.share_note(share) if share and share.part_observation == o else ""
            period = o.period_label or (display.years(o) if o.period_start is not None else "")
            tiles.append(Tile(ind.name, display.observation_value(dataset, o), period, note, (o,)))
    return tiles
