"""A chart on screen: the captioned figure (title, subtitle and source are baked into it), the
figures behind it, and the camera button that saves a 3× PNG with a Chinese file name.

Charts are built once per data version, org, year range and arguments, and shared by sessions:
a rerun (a filter change, another visitor) does not rebuild a figure that cannot have changed.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from components import text
from components.frame import PageContext
from tongxin import figures
from tongxin.model import Dataset


@st.cache_resource(max_entries=1024, show_spinner=False)
def _build(name: str, fingerprint: str, org: str, years, args_key: str, _fn, _dataset, _args):
    try:
        return _fn(_dataset, *_args)
    except figures.NoData as empty:
        return empty


def build(context: PageContext, fn: Callable[..., figures.Chart], *args, dataset: Dataset | None = None,
          scope: str = "view") -> figures.Chart:
    """fn(dataset, *args), cached; `scope` names which dataset it is when not the page's view."""
    result = _build(f"{fn.__module__}.{fn.__qualname__}:{scope}", context.fingerprint, context.org, context.years,
                    repr(args), fn, dataset if dataset is not None else context.view, args)
    if isinstance(result, figures.NoData):
        raise result
    return result


def panel(chart: figures.Chart, org: str, *, table: bool = True, expanded: bool = False) -> None:
    st.plotly_chart(
        chart.figure,
        theme=None,  # our template, not Streamlit's: the screen matches the exported files
        config=figures.modebar_config(chart, org),
        key=f"chart:{chart.id}",
        alt=f"{chart.title}。{chart.subtitle}。{chart.caption()}",
    )
    if table and not chart.table.empty:
        with st.expander(f"数据表：{text.md(chart.title)}", expanded=expanded):
            figures_table(chart.table)


def figures_table(table) -> None:
    """A read-only table of figures, as an escaped Markdown table (see components/text.py)."""
    if table.empty:
        st.caption("（没有符合条件的数字）")
        return
    st.markdown(text.markdown_table(table))


def show(context: PageContext, fn: Callable[..., figures.Chart], *args, say_why: bool = True,
         table: bool = True, expanded: bool = False, dataset: Dataset | None = None,
         scope: str = "view") -> figures.Chart | None:
    """Build (cached) and draw a chart; if the data cannot support it, say why in Chinese (or stay quiet)."""
    try:
        chart = build(context, fn, *args, dataset=dataset, scope=scope)
    except figures.NoData as empty:
        if say_why:
            st.info(text.md(str(empty)))
        return None
    # A chart of every org is not named after the chosen one; its config then stays the same when the
    # org changes, so the browser keeps it instead of drawing it again.
    panel(chart, context.org if scope == "view" else "", table=table, expanded=expanded)
    return chart
