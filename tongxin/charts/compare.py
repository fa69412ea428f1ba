"""Charts of many orgs on one indicator (the 各单位对比 page, the comparison deck): a ranking of sorted
bars, a distribution (strip or histogram) when there are too many orgs for bars, a heat table org ×
year, and small multiples of trends on one shared axis. The numbers come from `tongxin.compare`;
labels on crowded axes are the orgs' short names (orgs.csv `short_name`).
"""

from __future__ import annotations

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from .. import compare, display, theme
from ..compare import NoComparison, Ranking
from ..model import Dataset
from .base import Chart, NoData, Spec, made, percent_axis
from .rates import Line, line_traces

VALUE_LABEL = "value-label"  # the annotation naming a ranking bar's value
STRIP_UP_TO = 400  # more orgs than this are drawn as a histogram: a strip of thousands of dots is a smear


def _ranking(dataset: Dataset, spec: Spec) -> Ranking:
    if spec.year is None or not spec.indicator:
        raise NoData("请选择指标和年份")
    try:
        return compare.ranking(dataset, spec.indicator, spec.year, spec.orgs or dataset.orgs())
    except NoComparison as none:
        raise NoData(str(none)) from none


def _axis(found: Ranking, look: theme.Theme) -> dict:
    """The value axis: 0–100 % for rates, from 0 to a little past the top for other figures."""
    top = max(found.values)
    if found.indicator.is_rate and top > 40:
        return dict(percent_axis(), showgrid=True, gridcolor=look.grid, zeroline=False)
    if found.indicator.is_rate:  # small rates (投诉率 2–15%) would be slivers on 0–100
        return dict(range=[0, top * 1.18], ticksuffix="%", showgrid=True, gridcolor=look.grid, title=None,
                    zeroline=False)
    return dict(range=[0, top * 1.18 if top > 0 else 1], showgrid=True, gridcolor=look.grid, title=None,
                ticksuffix="", zeroline=False)


def _word(dataset: Dataset, found: Ranking) -> str:
    return display.org_word(found.group)


def _subtitle(dataset: Dataset, found: Ranking, spec: Spec, extra: str = "") -> str:
    parts = [found.period_words, f"{found.n}个{_word(dataset, found)}", f"单位：{found.indicator.unit}"]
    if spec.org and found.entry(spec.org):
        e = found.entry(spec.org)
        parts.append(f"{dataset.short_name(spec.org)}第{e.rank}位")
    if extra:
        parts.append(extra)
    if found.unranked:
        parts.append(f"另有{len(found.unranked)}个单位的数字期间不同，未参与排名")
    return " ｜ ".join(parts)


def ranking_table(dataset: Dataset, found: Ranking, rows=None):
    """排名 | 单位名称 | (上级单位) | 数值 | 较上年 | 名次变化 | 是否达标 — the table a ranking shows; `rows` as
    `Ranking.shown` gives them (None: a row of …), default every entry."""
    import pandas as pd

    grouped = compare.grouped(dataset, found.group)
    records = []
    for e in found.entries if rows is None else rows:
        if e is None:
            records.append({"排名": "…", "单位名称": "…"})
            continue
        record = {"排名": f"{e.rank}" + ("（并列）" if e.tied else ""), "单位名称": e.org}
        if grouped:
            record["上级单位"] = dataset.parent(e.org) or "—"
        record |= {
            "数值": display.observation_value(dataset, e.observation),
            f"较{found.previous_year}年" if found.previous_year else "较上年": display.change(e.change) if e.change else "—",
            "名次变化": display.rank_change(e.rank_change),
            "是否达标": "—" if e.met is None else (
                f"达标（目标{display.observation_value(dataset, e.target)}）" if e.met
                else f"未达标（目标{display.observation_value(dataset, e.target)}）"),
        }
        records.append(record)
    table = pd.DataFrame(records).fillna("")
    if found.previous_year is None:
        table = table.drop(columns=[c for c in table.columns if c.startswith("较") or c == "名次变化"])
    if not found.with_target:
        table = table.drop(columns=["是否达标"])
    return table


def ranking(dataset: Dataset, spec: Spec) -> Chart:
    """Sorted bars, best at the top; the chosen org highlighted, the median dashed, targets marked.
    Labels are short names with the rank (1 犍为); values as the source writes them (410余条)."""
    found = _ranking(dataset, spec)
    look, ind = spec.look, found.indicator
    if found.n > compare.BARS_UP_TO:
        raise NoData(f"{found.n}个单位的条形图无法辨认，请看分布图")
    entries = list(reversed(found.entries))  # plotly draws categories bottom-up
    labels = [f"{e.rank} {dataset.short_name(e.org)}" for e in entries]
    parents = [dataset.parent(e.org) for e in entries]
    by_parent = spec.group_by_parent and compare.grouped(dataset, found.group)
    parent_order = list(dict.fromkeys(dataset.parent(e.org) for e in found.entries))
    colours = []
    for e, parent in zip(entries, parents):
        if e.org == spec.org:
            colours.append(look.highlight)
        elif by_parent:
            colours.append(look.colour(parent_order.index(parent) + 1 if look.colour(0) == look.highlight
                                       else parent_order.index(parent)))
        else:
            colours.append(look.colour(0) if not spec.org else look.neutral)
    fig = go.Figure(go.Bar(
        x=[e.value for e in entries], y=labels, orientation="h",
        marker=dict(color=colours, pattern=dict(shape=["" if e.observation.is_exact else "/" for e in entries],
                                                fgcolor=look.background, fgopacity=0.7, size=8)),
        # the value labels are annotations (below), which can hide the median and target lines under them
        text=[display.observation_value(dataset, e.observation) for e in entries], textposition="none",
        customdata=[[e.org, parent or "", e.rank] for e, parent in zip(entries, parents)],
        hovertemplate="<b>%{customdata[0]}</b><br>第%{customdata[2]}位：%{text}<extra></extra>",
        showlegend=False,
    ))
    median = found.median
    targets = {e.target.value for e in found.with_target}
    goal = targets.pop() if len(targets) == 1 and len(found.with_target) == found.n else None
    # under the bars and their value labels: a dashed line drawn over "71.5%" read as "7¦1.5%" (t1113 #13)
    fig.add_vline(x=median, line=dict(color=look.reference, width=1.5, dash="dash"), layer="below")
    fig.add_annotation(x=median, y=1, yref="paper", yanchor="bottom", showarrow=False,
                       xanchor="right" if goal is not None and goal > median else "left" if goal is not None else "center",
                       text=f"中位数 {display.derived(median, ind.unit, ind.is_rate, found.median_approximate)}", font=dict(color=look.reference, size=12))
    if goal is not None:
        fig.add_vline(x=goal, line=dict(color=look.target, width=2, dash="dot"), layer="below")
        fig.add_annotation(x=goal, y=1, yref="paper", yanchor="bottom", showarrow=False,
                           xanchor="left" if goal > median else "right",
                           text=f"目标 {display.figure(goal, ind.unit)}", font=dict(color=look.target, size=12))
    elif found.with_target:
        marked = [(e, label) for e, label in zip(entries, labels) if e.target is not None]
        fig.add_trace(go.Scatter(
            x=[e.target.value for e, _ in marked], y=[label for _, label in marked], mode="markers",
            marker=dict(symbol="line-ns", size=18, line=dict(width=3, color=look.target)), name="目标",
            customdata=[display.observation_value(dataset, e.target) for e, _ in marked],
            hovertemplate="目标 %{customdata}<extra></extra>", showlegend=False,
        ))
    # Each value right of its bar (or of its own target mark, which it would cover), on the background's
    # colour: a line under the bars still ran through the label beside them ("7¦9%" on the median, "78%"
    # crossed by the target, tester t13 finding 2); an annotation is drawn over every line
    own_target = goal is None and bool(found.with_target)
    for e, label in zip(entries, labels):
        beyond_mark = own_target and e.target is not None and e.target.value >= e.value
        fig.add_annotation(x=e.target.value if beyond_mark else e.value, y=label, name=VALUE_LABEL,
                           text=display.observation_value(dataset, e.observation),
                           xanchor="left", xshift=5 if beyond_mark else 3, showarrow=False,
                           bgcolor=look.background, borderpad=1)
    fig.update_layout(
        xaxis=_axis(found, look),
        yaxis=dict(type="category", categoryorder="array", categoryarray=labels, showgrid=False, ticks="",
                   tickfont=dict(size=13), tickmode="array", tickvals=labels,
                   ticktext=[f"<b>{label}</b>" if e.org == spec.org else label for e, label in zip(entries, labels)]),
        height=max(300, 170 + 26 * found.n),
        bargap=0.25,
        margin=dict(l=20, r=70),
    )
    notes = ["虚线为中位数"]
    if found.with_target:
        notes.append("点线为目标")
    if any(not e.observation.is_exact for e in entries):
        notes.append("斜纹为约数")
    if by_parent:
        notes.append("颜色区分上级单位")
    # a line more above the plot than the title needs: the median's and the target's labels stand
    # there, clear of the subtitle ("中位数 46个" was written over it, t1113 #13)
    return _ranked(dataset, spec, fig, found, name=f"{ind.name}排名", title=f"{ind.name}：各单位排名",
                   notes=notes, room=22)


def _ranked(dataset: Dataset, spec: Spec, fig: go.Figure, found: Ranking, *, name: str, title: str, notes: list[str],
            room: int) -> Chart:
    """The finished chart of one ranking: every ranked figure, the table of ranks,
    a subtitle ending in `notes` (what the marks mean), `room` px above the plot beyond the title's."""
    return made(dataset, spec, fig, [e.observation for e in found.entries], name=name, title=title,
                subtitle=_subtitle(dataset, found, spec, "，".join(notes)), table=ranking_table(dataset, found),
                top_room=round(theme.SCREEN_FONT_SIZE * 6.5) + room)


def distribution(dataset: Dataset, spec: Spec) -> Chart:
    """Where many orgs stand: one dot per org (in rows by parent when asked), the middle half shaded,
    the median dashed; only the highest, the lowest and the chosen org are named. More orgs than a
    strip can show (`STRIP_UP_TO`) are drawn as a histogram with the chosen org's value marked."""
    found = _ranking(dataset, spec)
    look, ind = spec.look, found.indicator
    by_parent = spec.group_by_parent and compare.grouped(dataset, found.group)
    chosen = found.entry(spec.org) if spec.org else None
    fig = go.Figure()

    def hover(entries):
        return dict(customdata=[[e.org, display.observation_value(dataset, e.observation), e.rank] for e in entries],
                    hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}（第%{customdata[2]}位）<extra></extra>")

    dot = dict(color=look.colour(0), size=9 if found.n <= 200 else 7, opacity=0.6,
               line=dict(color=look.marker_edge, width=1))
    strip = not by_parent and found.n <= STRIP_UP_TO
    if by_parent:
        groups = compare.by_parent(dataset, found)
        row_of = {e.org: g.parent for g in groups for e in g.entries}
        for group in groups:
            fig.add_trace(go.Scatter(x=[e.value for e in group.entries], y=[group.parent] * len(group.entries),
                                     mode="markers", marker=dot, showlegend=False, **hover(group.entries)))
            fig.add_trace(go.Scatter(
                x=[group.median], y=[group.parent], mode="markers", showlegend=False,
                marker=dict(symbol="line-ns", size=22, line=dict(width=3, color=look.reference)),
                hovertemplate=f"{group.parent}中位数 {display.derived(group.median, ind.unit, ind.is_rate)}<extra></extra>",
            ))
        fig.update_layout(yaxis=dict(type="category", categoryorder="array", showgrid=False, ticks="",
                                     categoryarray=[g.parent for g in reversed(groups)]))
        height = 150 + 34 * len(groups)

        def place(e):
            return row_of[e.org]
    elif found.n > STRIP_UP_TO:
        fig.add_trace(go.Histogram(x=found.values, nbinsx=40, marker=dict(color=look.colour(0)), showlegend=False,
                                   hovertemplate="%{x}：%{y}个单位<extra></extra>"))
        fig.update_layout(bargap=0.05, yaxis=dict(title=None, gridcolor=look.grid))
        height = 360
        place = None
    else:
        # a strip: the dots spread over a few lanes by rank, so equal values do not hide each other
        lanes = 7
        lane = {e.org: ((k % lanes) - lanes // 2) / lanes for k, e in enumerate(found.entries)}
        fig.add_trace(go.Scatter(x=found.values, y=[lane[e.org] for e in found.entries], mode="markers",
                                 marker=dot, showlegend=False, **hover(found.entries)))
        fig.update_layout(yaxis=dict(visible=False, range=[-1.1, 1.1]))
        height = 340

        def place(e):
            return lane[e.org]
    if not by_parent:
        low, high = found.quartiles
        fig.add_vrect(x0=low, x1=high, fillcolor=look.gap_fill, line_width=0, layer="below")
    fig.add_vline(x=found.median, line=dict(color=look.reference, width=1.5, dash="dash"))
    fig.add_annotation(x=found.median, y=1, yref="paper", yanchor="bottom", showarrow=False,
                       text=f"中位数 {display.derived(found.median, ind.unit, ind.is_rate, found.median_approximate)}",
                       font=dict(color=look.reference, size=12))
    # name the two ends and the chosen org only: a few labels, never one per org
    best, worst = found.entries[0], found.entries[-1]
    marks = [] if by_parent else [(best, False), (worst, False)]  # rows by parent: their order says it
    if chosen is not None and (by_parent or chosen.org not in (best.org, worst.org)):
        marks.append((chosen, True))
    top, bottom = max(found.values), min(found.values)
    for e, is_chosen in marks:
        is_chosen = is_chosen or (chosen is not None and e.org == chosen.org)
        text = f"{dataset.short_name(e.org)} 第{e.rank}位 {display.observation_value(dataset, e.observation)}"
        # the ends' labels lean inwards, above the dots; the chosen org's label stands below them
        anchor = "right" if e.value == top and not is_chosen else "left" if e.value == bottom and not is_chosen \
            else "center"
        if strip:  # text clear of the dots' lanes, a line down (or up) to its dot
            at = dict(y=place(e), yref="y", ayref="y", ay=-0.85 if is_chosen else 0.85)
        elif place:
            at = dict(y=place(e), yref="y", ay=30 if is_chosen else -30)
        else:
            at = dict(y=1, yref="paper", ay=-24 if is_chosen else -48)
        fig.add_annotation(x=e.value, text=f"<b>{text}</b>" if is_chosen else text, showarrow=True, arrowhead=0,
                           arrowcolor=look.highlight if is_chosen else look.muted, ax=0, xanchor=anchor,
                           font=dict(color=look.highlight if is_chosen else look.text, size=12), **at)
    if chosen is not None:
        if place:
            fig.add_trace(go.Scatter(x=[chosen.value], y=[place(chosen)], mode="markers", showlegend=False,
                                     marker=dict(color=look.highlight, size=16, symbol="diamond",
                                                 line=dict(color=look.marker_edge, width=2)),
                                     hovertemplate=f"<b>{chosen.org}</b><br>第{chosen.rank}位<extra></extra>"))
        else:
            fig.add_vline(x=chosen.value, line=dict(color=look.highlight, width=3))
    fig.update_layout(xaxis=_axis(found, look), height=height, margin=dict(l=20, r=40))
    notes = ["直方图" if place is None else "每点一个单位", "虚线为中位数"]
    notes.append("每行一个上级单位，竖线为其中位数" if by_parent else "阴影为中间一半单位")
    return _ranked(dataset, spec, fig, found, name=f"{ind.name}分布",
                   title=f"{ind.name}：{found.n}个{_word(dataset, found)}的分布", notes=notes, room=24)


def heat(dataset: Dataset, spec: Spec) -> Chart:
    """A heat table org × year for one indicator: darker is higher, each cell says its value, a
    year without a figure is an empty white cell (never 0). Rows in the order of `spec.orgs`."""
    look = spec.look
    try:
        table = compare.heat(dataset, spec.indicator, spec.orgs or dataset.orgs(), spec.years)
    except NoComparison as none:
        raise NoData(str(none)) from none
    ind = table.indicator
    rows = list(reversed(table.orgs))  # top row first on screen
    labels = [dataset.short_name(o) for o in rows]
    cells = {o: c for o, c in zip(table.orgs, table.cells)}
    z = [[c.value if c is not None else None for c in cells[o]] for o in rows]
    text = [[display.observation_value(dataset, c) if c is not None else "" for c in cells[o]] for o in rows]
    hover = [[f"{o}<br>{y}年：" + (display.observation_value(dataset, c) if c is not None else "无数据")
              for y, c in zip(table.years, cells[o])] for o in rows]
    values = [v for row in z for v in row if v is not None]
    scale = [[k / (len(look.heat) - 1), c] for k, c in enumerate(look.heat)]
    dense = len(rows) * len(table.years) > 600  # beyond this the numbers would not fit in the cells
    fig = go.Figure(go.Heatmap(
        z=z, x=[str(y) for y in table.years], y=labels, colorscale=scale, zmin=min(values), zmax=max(values),
        text=text, texttemplate="" if dense else "%{text}", textfont=dict(size=11),
        hovertext=hover, hovertemplate="%{hovertext}<extra></extra>", xgap=2, ygap=2,
        colorbar=dict(title=dict(text=ind.unit, side="top"), thickness=12, len=min(1, 300 / (150 + 22 * len(rows)))),
    ))
    fig.update_layout(
        xaxis=dict(type="category", side="top", showgrid=False, ticks=""),
        yaxis=dict(type="category", categoryorder="array", categoryarray=labels, showgrid=False, ticks="",
                   tickmode="array", tickvals=labels,
                   ticktext=[f"<b>{label}</b>" if o == spec.org else label for o, label in zip(rows, labels)]),
        height=max(260, 170 + (22 if not dense else 12) * len(rows)),
        plot_bgcolor=look.empty,
        margin=dict(l=20, r=20),
    )
    used = [c for row in table.cells for c in row if c is not None]
    return made(
        dataset, spec, fig, used,
        name=f"{ind.name}逐年热力表",
        title=f"{ind.name}：各单位逐年",
        subtitle=f"{display.year_span(used)} ｜ {len(table.orgs)}个单位 ｜ 单位：{ind.unit} ｜ 颜色越深数值越高"
        + (f" ｜ 空白为无数据（{table.gaps}格），不作推算" if table.gaps else ""),
        top_room=round(theme.SCREEN_FONT_SIZE * 6.5) + 30,
    )


def trends(dataset: Dataset, spec: Spec) -> Chart:
    """Small multiples: one panel per org (at most 16), one shared y-axis for the indicator, years as
    integers; the chosen org in the highlight colour; gaps dashed as everywhere."""
    look = spec.look
    ind = dataset.indicator(spec.indicator)
    orgs = [o for o in (spec.orgs or ()) if dataset.series(ind.id, o, "actual") or dataset.series(ind.id, o, "target")]
    if spec.years:
        lo, hi = spec.years
    else:
        lo, hi = None, None
    orgs = orgs[: compare.TRENDS_UP_TO]
    if not orgs:
        raise NoData(f"所选单位没有「{ind.name}」的逐年数字")
    cols = min(4, len(orgs))
    rows = -(-len(orgs) // cols)
    fig = make_subplots(rows=rows, cols=cols, shared_yaxes="all", shared_xaxes="all",
                        subplot_titles=[dataset.short_name(o) for o in orgs],
                        horizontal_spacing=0.04, vertical_spacing=min(0.12, 0.5 / rows))
    used = []
    years: set[int] = set()
    for k, org in enumerate(orgs):
        r, c = divmod(k, cols)
        actual = [o for o in dataset.series(ind.id, org) if (lo is None or lo <= o.period_end <= hi)]
        target = [o for o in dataset.series(ind.id, org, "target") if (lo is None or lo <= o.period_end <= hi)]
        used += actual + target
        years.update(o.period_end for o in actual + target)
        colour = look.highlight if org == spec.org else look.colour(0)
        for trace in line_traces(dataset, Line(dataset.short_name(org), tuple(actual), tuple(target)), colour,
                                 "circle", look, width=2, marker=6):
            fig.add_trace(trace, row=r + 1, col=c + 1)
    if not used:
        raise NoData(f"所选单位在所选年份没有「{ind.name}」的数字")
    span = sorted(years)
    step = max(1, -(-(span[-1] - span[0] + 1) // 4))  # about four ticks per small panel
    ticks = list(range(span[0], span[-1] + 1, step))
    fig.update_xaxes(type="linear", range=[span[0] - 0.5, span[-1] + 0.5], tickmode="array", tickvals=ticks,
                     ticktext=[str(t) for t in ticks], showgrid=False, linecolor=look.axis)
    # Shared x axes label the bottom row only: a top-row panel with no panel under it (6 or 7 orgs in
    # rows of 4) had no years at all (tester t13, finding 3). The lowest panel of each column shows them.
    for k in range(max(0, len(orgs) - cols), len(orgs)):
        if k < (rows - 1) * cols:
            r, c = divmod(k, cols)
            fig.update_xaxes(showticklabels=True, row=r + 1, col=c + 1)
    top = max(o.value for o in used)
    yaxis = dict(range=[0, 104], tickvals=[0, 50, 100], ticktext=["0%", "50%", "100%"]) if ind.is_rate \
        else dict(range=[0, top * 1.15 if top > 0 else 1])
    fig.update_yaxes(gridcolor=look.grid, zeroline=False, **yaxis)
    for annotation in fig.layout.annotations:  # panel titles
        annotation.update(font=dict(size=13, color=look.text))
    fig.update_layout(height=150 + 190 * rows, showlegend=False, margin=dict(l=50, r=20))
    gaps = any(dataset.missing_years(ind.id, o) for o in orgs)
    targets = any(o.type == "target" for o in used)  # line_traces draws a target as a hollow circle
    return made(
        dataset, spec, fig, used,
        name=f"{ind.name}各单位趋势",
        title=f"{ind.name}：{len(orgs)}个单位逐年趋势",
        subtitle=f"{display.year_span(used)} ｜ 单位：{ind.unit} ｜ 各小图纵轴相同"
        + (" ｜ 虚线跨过无数据的年份" if gaps else "") + (" ｜ 空心圆为目标" if targets else ""),
        top_room=round(theme.SCREEN_FONT_SIZE * 6.5) + 24,
    )
