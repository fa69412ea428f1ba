"""三率趋势 — every rate by year, targets when present, earliest-vs-latest, the figures table,
and (with several orgs) the orgs side by side."""

import streamlit as st

from components import chart, frame
from components.text import md, widget_text
from tongxin import figures, narrative, tables

context = frame.context()
view, org = context.view, context.org

# 1. Title and what the rates say
st.title("三率趋势")
rates = [i for i in view.rate_indicators() if view.observations_of(i.id, org)]
if not rates:
    st.info(f"{md(org)}在所选年份内没有比率类指标的数据。比率指标在指标表中「类型」填 rate（比率）。")
    st.stop()
for sentence in narrative.rates_summary(view, org):
    st.markdown(md(sentence))

# 2. By year, then earliest vs latest
chart.show(context, figures.rate_trend, org)
chart.show(context, figures.rate_change, org, say_why=False)

# 3. The figures behind the charts
st.subheader("比率数字一览")
observations = [o for i in rates for o in view.observations_of(i.id, org)]
chart.figures_table(tables.observation_rows(view, observations, detail=True))

# 4. Orgs side by side
everyone = context.dataset.restricted(years=context.years)
comparable = [i for i in everyone.rate_indicators() if sum(1 for o in everyone.orgs() if everyone.series(i.id, o)) > 1]
if comparable:
    st.subheader("各单位对比")
    names = {i.name: i for i in comparable}
    picked = names[st.selectbox("比较哪一项比率", list(names), key="compare_rate", format_func=widget_text)]
    sentence = narrative.comparison_sentence(everyone, picked)
    if sentence:
        st.markdown(md(sentence))
    chart.show(context, figures.org_comparison, picked, dataset=everyone, scope="all-orgs")
