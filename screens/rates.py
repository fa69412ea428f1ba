"""三率趋势 — every rate by year, targets when present, earliest-vs-latest, the figures table,
and (with several orgs) where the org stands and what the others' figures say, in a few sentences."""

import streamlit as st

from components import chart, frame, peers
from components.text import md
from tongxin import narrative, tables
from tongxin.charts import Spec

ROWS_SHOWN = 50  # a longer Markdown table only slows the page (bench/many_orgs.py)

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
chart.show(context, Spec("rates", org))
chart.show(context, Spec("rates_change", org), say_why=False)

# 3. The figures behind the charts
st.subheader("比率数字一览")
observations = [o for i in rates for o in view.observations_of(i.id, org)]
chart.figures_table(tables.observation_rows(view, observations[:ROWS_SHOWN], detail=True))
if len(observations) > ROWS_SHOWN:
    st.caption(f"共 {len(observations)} 条，上表列出前 {ROWS_SHOWN} 条；全部数字见“数据与来源”页，或在“导出会议材料”页导出 Excel。")

# 4. Among the other orgs: the org's place, then what the group's figures say (summarised, never listed)
group, places = peers.position_sentences(context, rates)
if group is not None:
    st.subheader(f"在{md(group.label)}中")
    for sentence in places:
        st.markdown(md(sentence))
    for indicator in rates:
        place = peers.position(context, indicator, group)
        if place is None:
            continue
        summary = narrative.comparison_summary(context.dataset, place.ranking, group.word, group.label)
        st.markdown(md("".join(summary[:2])))
    if not places:
        st.caption(f"{md(org)}的比率在所选年份没有可与其他单位比较的数字（同一指标、同一期间）。")
    frame.link("screens/compare.py", label="查看各单位对比：排名、分布、逐年热力表和趋势 →")
