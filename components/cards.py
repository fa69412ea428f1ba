"""Headline figure cards: latest value, change against the earliest year, period and source."""

from __future__ import annotations

import streamlit as st

from tongxin import display
from tongxin.model import Dataset, Indicator


def headline_row(dataset: Dataset, org: str, indicators: list[Indicator]) -> None:
    columns = st.columns(len(indicators)) if indicators else []
    for column, ind in zip(columns, indicators):
        latest = dataset.latest(ind.id, org)
        change = dataset.change(ind.id, org)
        with column:
            if latest is None:
                st.metric(ind.name, "暂无数据", border=True)
                continue
            source = dataset.source(latest.source)
            st.metric(
                ind.name,
                display.observation_value(dataset, latest),
                delta=f"{display.change(change)}（较{display.period(change.before)}）" if change else None,
                delta_color="normal" if ind.higher_is_better else "inverse",
                help=ind.description or None,
                border=True,
            )
            st.caption(f"{display.period(latest)} ｜ 来源：{source.publisher}（{source.date}）")
