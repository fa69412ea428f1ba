"""四高成效 — one section per line of work (data order): its figures as cards, before/after
pairs, “其中” shares, yearly counts, and same-unit comparisons."""

import streamlit as st

from components import cards, chart, frame
from components.text import md
from tongxin import charts, narrative
from tongxin.cards import pillar_tiles
from tongxin.charts import Spec

context = frame.context()
view, org = context.view, context.org

# 1. Title
st.title("四高成效")
st.caption(f"{md(org)} ｜ 各项工作的数字按数据表顺序排列，“余”“近”“约”照原文保留，占比由两项数字计算得出")
pillars = view.by_pillar(org)
if not pillars:
    st.info(f"{md(org)}在所选年份内没有数字。可在左侧调整年份范围。")
    st.stop()

# 2. One section per pillar
for pillar, rows in pillars.items():
    st.header(md(pillar))
    summary = narrative.pillar_summary(view, org, pillar)
    if summary:
        st.markdown(md(summary))
    # Cards as one HTML grid: the same tiles as the exported "主要数字" figure, without the cost of
    # Plotly annotations or of one Streamlit element per card (bench/page_load.py).
    cards.tile_grid(pillar_tiles(view, org, pillar))
    for before, _ in view.before_after_pairs(org):
        indicator = view.indicator(before.indicator)
        if indicator.pillar == pillar:
            chart.show(context, Spec("before_after", org, indicator=indicator.id))
    chart.show(context, Spec("shares", org, pillar=pillar), say_why=False)
    for spec in charts.yearly_specs(view, org, pillar):  # one chart, or small multiples of many
        chart.show(context, spec)
    if any(i.is_rate for i, _ in rows):
        frame.link("screens/rates.py", label=f"{md(pillar)}中的比率见「三率趋势」")
    chart.show(context, Spec("by_unit", org, pillar=pillar), say_why=False, table=False)
