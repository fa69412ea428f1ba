"""Baseline for redraw: one selectbox in the sidebar, one Plotly chart whose title follows it."""

import plotly.graph_objects as go
import streamlit as st

org = st.sidebar.selectbox("单位", ["青川县政协", "白马镇政协联络组"])
values = {"青川县政协": [55, 88], "白马镇政协联络组": [50, 83]}[org]
figure = go.Figure(go.Scatter(x=[2018, 2026], y=values))
figure.update_layout(title=dict(text="最小示例", subtitle=dict(text=f"{org} ｜ 单位：%")))
st.plotly_chart(figure, theme=None)
