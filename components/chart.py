"""A chart on screen: the captioned figure (title, subtitle and source are baked into it), the
figures behind it, and the camera button that saves a 3× PNG with a Chinese file name.

Charts are built once per data version, year range and `charts.Spec` (which names the kind, the org
and every argument), and shared by sessions: a rerun (a filter change, another visitor) does not
rebuild a figure that cannot have changed.
"""

from __future__ import annotations

import streamlit as st

from components import text
from components.frame import PageContext
from tongxin import charts, screen
from tongxin.charts import Chart, NoData, Spec
from tongxin.model import Dataset


@st.cache_resource(max_entries=1024, show_spinner=False)
def _build(fingerprint: str, years, scope: str, spec_key: str, _spec: Spec, _dataset: Dataset):
    try:
        return charts.build(_dataset, _spec)
    except NoData as empty:
        return empty


def build(context: PageContext, spec: Spec, *, dataset: Dataset | None = None, scope: str = "view") -> Chart:
    """The chart `spec` names, built from the page's view (one org, chosen years) or, for a chart of
    many orgs, from `dataset` (`scope` names which dataset it is). Raises NoData when nothing to show."""
    result = _build(context.fingerprint, context.years, scope, repr(spec), spec,
                    dataset if dataset is not None else context.view)
    if isinstance(result, NoData):
        raise result
    return result


@st.cache_resource(max_entries=64, show_spinner=False)
def _catalog(fingerprint: str, org: str, years, _dataset: Dataset) -> list[Chart]:
    return charts.catalog(_dataset, org)


def catalog(context: PageContext) -> list[Chart]:
    """Every chart of the page's org (the export page's choices), built once per data version."""
    return _catalog(context.fingerprint, context.org, context.years, context.view)


TABLE_ROWS = 30  # rows of a chart's table on screen


def _on_phone() -> bool:
    try:
        return screen.is_phone(st.context.headers.get("User-Agent"))
    except Exception:  # noqa: BLE001 — no request headers (AppTest): a desktop
        return False


def panel(chart: Chart, org: str, *, table: bool = True, expanded: bool = False) -> None:
    # On a phone the chart is laid out for its width (wrapped title, smaller text, fewer year ticks)
    figure = screen.for_phone(chart).figure if _on_phone() else chart.figure
    st.plotly_chart(
        figure,
        theme=None,  # our template, not Streamlit's: the screen matches the exported files
        config=charts.modebar_config(chart, org),
        key=f"chart:{chart.id}",
        alt=f"{chart.title}。{chart.subtitle}。{chart.caption()}",
    )
    if table and not chart.table.empty:
        # The table is drawn only while its expander is open (a rerun on opening): a closed expander's
        # content would otherwise be sent and laid out at every change of org or year (bench/many_orgs.py)
        box = st.expander(f"数据表：{text.md(chart.title)}", expanded=expanded, key=f"table:{chart.id}",
                          on_change="rerun")
        if box.open:
            with box:
                figures_table(chart.table.head(TABLE_ROWS))
                if len(chart.table) > TABLE_ROWS:
                    st.caption(f"共 {len(chart.table)} 条，上表列出前 {TABLE_ROWS} 条；全部数字见“数据与来源”页，"
                               "或在“导出会议材料”页导出 Excel。")


def figures_table(table) -> None:
    """A read-only table of figures, as an escaped Markdown table (see components/text.py)."""
    if table.empty:
        st.caption("（没有符合条件的数字）")
        return
    st.markdown(text.markdown_table(table))


def show(context: PageContext, spec: Spec, *, say_why: bool = True, table: bool = True, expanded: bool = False,
         dataset: Dataset | None = None, scope: str = "view") -> Chart | None:
    """Build (cached) and draw a chart; if the data cannot support it, say why in Chinese (or stay quiet)."""
    try:
        chart = build(context, spec, dataset=dataset, scope=scope)
    except NoData as empty:
        if say_why:
            st.info(text.md(str(empty)))
        return None
    # A chart of many orgs is not named after the chosen one; its config then stays the same when the
    # org changes, so the browser keeps it instead of drawing it again.
    panel(chart, context.org if scope == "view" else "", table=table, expanded=expanded)
    return chart
