"""Baseline for the benchmarks: the smallest Streamlit app with one Plotly chart."""

import plotly.graph_objects as go
import streamlit as st

st.title("最小示例")
st.plotly_chart(go.Figure(go.Scatter(x=[2020, 2024], y=[20, 92])), theme=None)
