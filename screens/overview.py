"""总览 — headline rate cards, what they say in one sentence, the trend behind them, and each
pillar's key figures in a sentence."""

import streamlit as st

from components import cards, chart, frame
from components.text import md
from tongxin import figures, narrative

context = frame.context()
view, org = context.view, context.org

# 1. Title
st.title(f"{md(org)} · 同心共建质效")

# 2. Headline cards (the indicators marked 重点; else the rates)
headline = view.headline_indicators() or view.rate_indicators()[:4]
headline = [i for i in headline if view.observations_of(i.id, org)]
if headline:
    cards.headline_row(view, org, headline)
    for sentence in narrative.headline_summary(view, org, headline):
        st.markdown(f"**{md(sentence)}**")
else:
    st.info("数据中没有标为“重点”的指标，也没有比率指标。可在指标表的「重点」列填 1、2、3 指定总览卡片。")

# 3. Trend of the headline rates
chart.show(context, figures.rate_trend, org, [i for i in headline if i.is_rate] or None, say_why=bool(headline))

# 4. Each line of work in a sentence (its cards are on 四高成效: one block here keeps the page light)
st.header("四项工作主要数字")
paragraphs = []
for pillar in view.by_pillar(org):
    sentence = narrative.pillar_summary(view, org, pillar, limit=5) or ""
    rest = sentence.removeprefix(f"{pillar}方面：")
    paragraphs.append(f"**{md(pillar)}**　{md(rest)}")
st.markdown("\n\n".join(paragraphs))
frame.link("screens/activities.py", label="查看四项工作的全部数字 →")
