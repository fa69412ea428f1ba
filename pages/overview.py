"""总览 — headline rate cards, what they say in one sentence, and the trend behind them."""

import streamlit as st

from components import cards, chart, frame
from tongxin import figures, narrative

context = frame.context()
view, org = context.view, context.org

# 1. Title
st.title(f"{org} · 同心共建质效")

# 2. Headline cards (the indicators marked 重点; else the rates)
headline = view.headline_indicators() or view.rate_indicators()[:4]
if headline:
    cards.headline_row(view, org, headline)
    for sentence in narrative.headline_summary(view, org, headline):
        st.markdown(f"**{sentence}**")
else:
    st.info("数据中没有标为“重点”的指标，也没有比率指标。可在指标表的「重点」列填 1、2、3 指定总览卡片。")

# 3. Trend of the headline rates
try:
    chart.panel(figures.rate_trend(view, org, [i for i in headline if i.is_rate] or None), org)
except figures.NoData as empty:
    st.info(str(empty))
