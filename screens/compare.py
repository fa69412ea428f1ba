"""各单位对比 — for a city or provincial office: choose an indicator and a year; see who leads and who
lags (ranking bars, or the distribution when there are many orgs), where the chosen org stands; then
the table of ranks, a heat table org × year or small multiples of trends, one at a time. Only figures
of one indicator and one period are ranked together."""

import streamlit as st

from components import chart, frame, peers
from components.text import md, widget_text
from tongxin import charts, compare, narrative
from tongxin.charts import Spec
from tongxin.charts.compare import ranking_table

context = frame.context()
dataset, org = context.dataset, context.org

# 1. Title and the group compared
st.title("各单位对比")
groups = peers.scopes(context)
if not groups:
    st.info("数据中只有一个单位，没有可以比较的单位。数据表的「单位名称」列有多个单位时，这里按指标和年份比较它们。")
    st.stop()
by_id = {g.id: g for g in groups}
if len(groups) > 1:
    chosen_id = st.radio("比较范围", list(by_id), format_func=lambda g: widget_text(by_id[g].label), horizontal=True,
                         index=list(by_id).index(peers.scope(context).id), key=peers.SCOPE_KEY)
else:
    chosen_id = groups[0].id
group = by_id[chosen_id]
peers.remember(group.id)
st.caption(f"{md(group.label)} ｜ 只比较同一指标、同一期间的数字；以左侧所选单位 {md(org)} 为参照")

# 2. What to compare: an indicator and a year
indicators = compare.comparable_indicators(dataset, group.orgs)
if not indicators:
    st.info(f"{md(group.label)}没有同一指标、同一期间的数字可以比较。")
    st.stop()
names = {i.id: i for i in indicators}
first = next((i.id for i in dataset.headline_indicators() if i.id in names), None) or \
    next((i.id for i in indicators if i.is_rate), indicators[0].id)
left, middle, right = st.columns([3, 1, 1])
picked = left.selectbox("指标", list(names), index=list(names).index(first),
                        format_func=lambda i: widget_text(names[i].name),
                        key=f"compare_indicator:{group.id}")
indicator = names[picked]
years = [y for y in compare.comparable_years(dataset, indicator.id, group.orgs)
         if context.years is None or context.years[0] <= y <= context.years[1]]
if not years:
    st.info(f"所选年份范围内没有可以比较的「{md(indicator.name)}」数字。可在左侧调整年份范围。")
    st.stop()
# no key: the chosen year stays while another indicator has the same years (a new list starts at the latest)
year = middle.selectbox("年份", list(reversed(years)))
grouped = compare.grouped(dataset, group.orgs)
by_parent = right.toggle("按上级单位分组", key="compare_by_parent", help="按单位表（orgs.csv）的「上级单位」分组显示") \
    if grouped else False
found = peers.ranking(context, indicator.id, year, group.orgs)

# 3. What the figures say: the group in a few sentences, then the chosen org's place
place = found.entry(org)
# the chosen org's figure of another period is said in its own line below, not again in the summary
summary = narrative.comparison_summary(dataset, found, group.word, group.label, apart=org if place is None else "")
st.markdown(md(summary[0]))
if place is not None:
    sentence = narrative.position_sentence(dataset, compare.Position(found, place, group.word), subject=org)
    st.markdown(f"**{md(sentence)}**")
elif org in group.orgs:
    st.markdown(f"**{md(narrative.not_ranked_sentence(dataset, found, org))}**")
for sentence in summary[1:]:
    st.markdown(md(sentence))

# 4. Who leads and who lags: bars, or the distribution when there are too many orgs for bars
spec = charts.comparison_spec(dataset, indicator.id, year, group.orgs, org, group_by_parent=by_parent)
chart.show(context, spec, dataset=dataset, scope="all", table=False)

# 5. Below the chart, one view at a time (each is drawn only when chosen, so a change of indicator redraws
#    one of them, not three): the ranks, the years as a heat table, the trends side by side
VIEWS = ("排名表", "逐年热力表", "趋势对比")
view = st.segmented_control("查看", VIEWS, default=VIEWS[0], key="compare_view") or VIEWS[0]
if view == "排名表":
    chart.figures_table(ranking_table(dataset, found, found.shown(org)))
    if note := narrative.rank_change_note(found, group.word):
        st.caption(md(note))
    if found.n > compare.NAMES_SHOWN and st.toggle(f"列出全部{found.n}个{md(group.word)}的排名", key="rank_all"):
        chart.figures_table(ranking_table(dataset, found))  # drawn only when asked: 183 rows are not free
elif view == "逐年热力表":
    rows = [e.org for e in found.shown(org) if e is not None]
    if found.n > len(rows) and st.toggle(f"显示全部{found.n}个{md(group.word)}", key="heat_all"):
        rows = [e.org for e in found.entries]
    chart.show(context, Spec("heat", org, indicator=indicator.id, orgs=tuple(rows), years=context.years),
               dataset=dataset, scope="all", table=False)
else:
    # the orgs chosen stay chosen when the indicator or the year changes: the leaders and laggards of the
    # first ranking shown, then whoever the user picks
    chosen = st.multiselect(f"选择单位（最多{compare.TRENDS_UP_TO}个）", list(group.orgs),
                            default=compare.trend_orgs(found, org), max_selections=compare.TRENDS_UP_TO,
                            format_func=lambda o: widget_text(dataset.short_name(o)), key=f"trend_orgs:{group.id}")
    if chosen:
        chart.show(context, Spec("trends", org, indicator=indicator.id, orgs=tuple(chosen), years=context.years),
                   dataset=dataset, scope="all", table=False)
