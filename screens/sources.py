"""数据与来源 — every figure with its period, qualifier, unit and source; search and filter by
pillar; the sources themselves; and a map of which years have data."""

import streamlit as st

from components import chart, frame, peers
from components.text import md, widget_text
from tongxin import narrative, tables
from tongxin.charts import Spec

ROWS_SHOWN = 100  # a longer Markdown table slows the page (bench/many_orgs.py); search or filter to find the rest
ORGS_AT_ONCE = 20  # other orgs' figures: at most this many orgs in one table

context = frame.context()
view, org = context.view, context.org

# 1. Title and how much is known
st.title("数据与来源")
st.markdown(md(narrative.coverage_sentence(view, org)))

# 2. Every figure, searchable
orgs = [org]
group = peers.scope(context)
if group is not None and st.toggle("包含其他单位", key="all_orgs"):
    if len(group.orgs) <= ORGS_AT_ONCE:
        orgs = list(group.orgs)
    else:
        orgs = st.multiselect(f"选择单位（{md(group.label)}，一次最多{ORGS_AT_ONCE}个）", list(group.orgs),
                              default=[org], max_selections=ORGS_AT_ONCE, key="source_orgs",
                              format_func=widget_text) or [org]
left, right = st.columns([2, 1])
text = left.text_input("搜索", key="search", placeholder="输入指标、期间、数值或原文中的词，如：协商、三年来、余")
pillars = right.multiselect("板块", context.dataset.pillars(), key="pillars", placeholder="全部板块",
                            format_func=widget_text)
table = tables.search(tables.figures_table(context.dataset, orgs, context.years), text, pillars)
shown, same = tables.split_constant_columns(table.drop(columns=["链接"]))
same_text = "；".join(f"{column}均为“{value}”" for column, value in same.items() if value)
more = f"，下表列出前 {ROWS_SHOWN} 条，可搜索或按板块缩小范围；全部数字可在“导出会议材料”页导出为 Excel" \
    if len(shown) > ROWS_SHOWN else ""
st.caption(f"共 {len(table)} 条数字" + (f"（{md(same_text)}，表中不再逐行列出）" if same_text else "") + more)
chart.figures_table(shown.head(ROWS_SHOWN))

# 3. The sources, with a button to open each one that has a web address
# (of the orgs in the table above: with many orgs, their sources and counts, not the whole data's)
st.subheader("来源")
sources = tables.sources_table(context.dataset, orgs)
whose = md(orgs[0]) if len(orgs) == 1 else f"所选{len(orgs)}个单位"
for source in sources.itertuples(index=False):
    with st.container(border=True):
        st.markdown(f"**{md(source.标题)}**")
        count = f"数字 {source.数字条数} 条" if source.数字条数 == source.全部数字条数 else \
            f"{whose}数字 {source.数字条数} 条（全部单位共 {source.全部数字条数} 条）"
        st.caption(f"{md(source.发布者)} ｜ {md(source.日期)} ｜ {count}")
        if source.备注:
            st.caption(md(source.备注))
        if source.链接:
            st.link_button("打开原文", source.链接)
others = len(context.dataset.sources) - len(sources)
if others:
    st.caption(f"另有 {others} 个来源只用于其他单位的数字；打开“包含其他单位”可查看。")

# 4. Which years have data
chart.show(context, Spec("coverage", org))
