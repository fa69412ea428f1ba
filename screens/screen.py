"""大屏展示 — the big screen of a meeting room or lobby: the banner (org, clock, as-of date, sources), the
headline rates large with their 百分点 change, the trend, and a carousel of each 板块's key figures and
(with several orgs) the rankings, reading live data every `interval` seconds. ?org=…&interval=…&reload=…"""

from datetime import datetime

import streamlit as st

from components import frame
from components import screen as canvas
from tongxin import screen
from tongxin.charts import NoData

frame.context(bare=True)  # no sidebar: the whole window is the canvas
first, _ = canvas.live()
orgs = first.dataset.orgs() if first is not None else []
settings = screen.settings(st.query_params, orgs)
phone = screen.is_phone(st.context.headers.get("User-Agent"))
canvas.canvas(settings.reload_hour)


@st.fragment(run_every=settings.interval)
def carousel() -> None:
    loaded, notice = canvas.live()  # each rotation reads the current data: a save shows at the next one
    tick = canvas.tick()
    with st.container(key=canvas.CANVAS_KEY):
        if loaded is None or settings.org not in loaded.dataset.orgs():
            st.html(canvas.empty("大屏暂时没有可显示的数据。" + notice + "，请联系管理员在“数据维护”页检查数据。"))
            return
        dataset, org = loaded.dataset, settings.org
        notices = [*settings.notices, *([notice] if notice else [])]
        # 1. Banner and the large figures
        st.html(canvas.top(screen.banner(dataset, org, datetime.now()), screen.headline(dataset, org), notices))
        left, right = st.columns([11, 9], gap="large")
        # 2. The trend of the rates
        with left:
            spec = screen.trend_spec(dataset, org)
            try:
                trend = canvas.chart(loaded, spec, screen.TREND_WIDTH, phone) if spec is not None else None
            except NoData:
                trend = None
            if trend is not None:
                st.html(canvas.head(trend.chart.title, trend.chart.period))
                canvas.plot(trend, "trend")
            else:
                st.html(canvas.head("比率变化趋势") + canvas.empty(f"{org}没有按年份记录的比率数据"))
        # 3. The carousel: each 板块's key figures, then the rankings
        with right:
            panels = screen.panels(dataset, org)
            panel = screen.shown(panels, tick)
            if panel is None:
                st.html(canvas.empty("没有可以轮播的板块数字"))
                return
            dots = canvas.dots(len(panels), panels.index(panel))
            # the chart drawn before the heading is sent: a new title never stands over the last panel's chart
            # while this one is being drawn
            try:
                drawn = canvas.chart(loaded, panel.spec, screen.PANEL_WIDTH, phone) if panel.spec is not None else None
            except NoData as none:
                drawn = none
            st.html(canvas.head(panel.title, panel.note, dots, carousel=True))
            if panel.tiles:
                st.html(canvas.tiles(panel.tiles))
            elif panel.rows:
                st.html(canvas.rows(panel.rows))
            elif isinstance(drawn, NoData):
                st.html(canvas.empty(str(drawn)))
            elif drawn is not None:
                canvas.plot(drawn, "panel")


carousel()
