"""Figure cards: headline rates with their change, and a pillar's key figures."""

from __future__ import annotations

import streamlit as st

from components.text import md
from tongxin import display, figures
from tongxin.model import Dataset, Indicator


def headline_row(dataset: Dataset, org: str, indicators: list[Indicator]) -> None:
    columns = st.columns(len(indicators)) if indicators else []
    for column, ind in zip(columns, indicators):
        latest = dataset.latest(ind.id, org)
        change = dataset.change(ind.id, org)
        with column:
            if latest is None:
                st.metric(md(ind.name), "暂无数据", border=True)
                continue
            source = dataset.source(latest.source)
            st.metric(
                md(ind.name),
                display.observation_value(dataset, latest),
                delta=f"{display.change(change)}（较{display.period(change.before)}）" if change else None,
                delta_color="normal" if ind.higher_is_better else "inverse",
                help=ind.description or None,
                border=True,
            )
            st.caption(f"{md(display.period(latest))} ｜ 来源：{md(source.publisher)}（{md(source.date)}）")


def tile_row(tiles: list[figures.Tile], columns: int = 4) -> None:
    """Key figures of a pillar as small cards: value as the source writes it, name, and period/note
    as the card's grey line (one element per card: each element costs the server a message)."""
    for start in range(0, len(tiles), columns):
        row = st.columns(columns)
        for column, tile in zip(row, tiles[start : start + columns]):
            small = " ｜ ".join(p for p in (tile.period, tile.note) if p)
            column.metric(md(tile.name), tile.value, delta=md(small) if small else None, delta_color="off",
                          delta_arrow="off", border=True)
