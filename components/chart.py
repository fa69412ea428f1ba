"""A chart on screen: the captioned figure (title, subtitle and source are baked into it),
the figures behind it, and the camera button that saves a 3× PNG with a Chinese file name."""

from __future__ import annotations

import streamlit as st

from tongxin import figures


def panel(chart: figures.Chart, org: str, *, table: bool = True) -> None:
    st.plotly_chart(
        chart.figure,
        theme=None,  # our template, not Streamlit's: the screen matches the exported files
        config=figures.modebar_config(chart, org),
        key=f"chart:{chart.id}",
        alt=f"{chart.title}。{chart.subtitle}。{chart.caption()}",
    )
    if table and not chart.table.empty:
        with st.expander(f"查看数据表：{chart.title}"):
            st.dataframe(chart.table, hide_index=True, width="stretch")
