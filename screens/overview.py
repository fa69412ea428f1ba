"""总览 — headline rate cards, what they say in one sentence, where the org stands among its peers,
the trend behind them, and each pillar's key figures in a sentence."""

import streamlit as st

from components import cards, chart, frame, peers
from components.text import md
from tongxin import narrative
from tongxin.charts import Spec

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

# 3. Where the org stands among the others (several orgs only)
group, places = peers.position_sentences(context, headline)
if places:
    st.markdown(f"**在{md(group.label)}中**　" + "".join(md(s) for s in places))
    frame.link("screens/compare.py", label="查看各单位对比（排名、分布、逐年）→")

# 4. Trend of the headline rates
rates = tuple(i.id for i in headline if i.is_rate)
chart.show(context, Spec("rates", org, indicators=rates), say_why=bool(headline))

# 5. Each line of work in a sentence (its cards are on 四高成效: one block here keeps the page light)
st.header("四项工作主要数字")
paragraphs = []
for pillar in view.by_pillar(org):
    sentence = narrative.pillar_summary(view, org, pillar, limit=5) or ""
    rest = sentence.removeprefix(f"{pillar}方面：")
    paragraphs.append(f"**{md(pillar)}**　{md(rest)}")
st.markdown("\n\n".join(paragraphs))
frame.link("screens/activities.py", label="查看四项工作的全部数字 →")
