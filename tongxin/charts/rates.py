"""Rates over years: the trend of an org's rates (targets dotted, gaps dashed and labelled, never
interpolated) and the earliest-vs-latest dumbbell. Lines are also drawn by the small multiples of
many orgs (`charts.compare`)."""

from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go

from .. import display, theme
from ..model import Dataset, GapRegion, Observation, gap_regions
from .base import (
    INSIDE_LABEL_NAME,
    START_LABEL_NAME,
    Chart,
    NoData,
    Spec,
    made,
    percent_axis,
    spread,
    wrap_label,
    year_axis,
)


@dataclass(frozen=True)
class Line:
    """One line of a year chart: its label, yearly actuals and (optional) yearly targets."""

    name: str
    actual: tuple[Observation, ...]
    target: tuple[Observation, ...] = ()


def line_traces(dataset: Dataset, line: Line, colour: str, symbol: str, look: theme.Theme, width: float = 3,
                marker: int = 11) -> list[go.Scatter]:
    """Solid where years are consecutive, dashed across missing years (never interpolated markers),
    targets dotted. The hover of a figure names its target and 完成率 when there is one."""
    traces = []
    series = line.actual
    targets = {o.period_end: o for o in line.target}
    xs, ys, custom = [], [], []
    for k, o in enumerate(series):
        if k and o.period_end - series[k - 1].period_end > 1:
            xs.append(None)  # break the solid line across the gap
            ys.append(None)
            custom.append([None, None])
        t = targets.get(o.period_end)
        done = (
            f"<br>目标 {display.observation_value(dataset, t)}，完成率 {o.value / t.value * 100:.0f}%"
            if t and t.value
            else ""
        )
        xs.append(o.period_end)
        ys.append(o.value)
        custom.append([display.observation_value(dataset, o), done])
    if series:
        traces.append(go.Scatter(
            x=xs, y=ys, customdata=custom, name=line.name, legendgroup=line.name, mode="lines+markers",
            line=dict(color=colour, width=width),
            marker=dict(color=colour, symbol=symbol, size=marker, line=dict(color=look.marker_edge, width=1)),
            connectgaps=False,
            hovertemplate=f"<b>{line.name}</b><br>%{{x}}年：%{{customdata[0]}}%{{customdata[1]}}<extra></extra>",
        ))
    for k in range(1, len(series)):
        before, after = series[k - 1], series[k]
        if after.period_end - before.period_end > 1:
            traces.append(go.Scatter(
                x=[before.period_end, after.period_end], y=[before.value, after.value], mode="lines",
                line=dict(color=colour, width=max(1, width - 1), dash="dash"), legendgroup=line.name,
                showlegend=False, hoverinfo="skip",
                name=f"{line.name}（{display.gap_between(before.period_end, after.period_end)}）",
            ))
    if line.target:
        ts = sorted(line.target, key=lambda o: o.period_end)
        traces.append(go.Scatter(
            x=[o.period_end for o in ts], y=[o.value for o in ts],
            customdata=[display.observation_value(dataset, o) for o in ts],
            name=f"{line.name}（目标）", legendgroup=line.name, mode="lines+markers",
            line=dict(color=colour, width=2, dash="dot"),
            marker=dict(color=look.background, symbol=symbol, size=max(5, marker - 2), line=dict(color=colour, width=2)),
            hovertemplate=f"<b>{line.name}目标</b><br>%{{x}}年：%{{customdata}}<extra></extra>",
        ))
    return traces


def _draw_lines(fig: go.Figure, dataset: Dataset, lines: list[Line], look: theme.Theme) -> list[GapRegion]:
    """Every line, direct labels at both ends instead of a legend, the gap bands. Returns the gaps."""
    regions = gap_regions({line.name: line.actual for line in lines})
    for region in regions:
        fig.add_vrect(x0=region.first - 0.5, x1=region.last + 0.5, fillcolor=look.gap_fill, line_width=0,
                      layer="below")
    for n, line in enumerate(lines):
        for trace in line_traces(dataset, line, look.colour(n), theme.symbol(n), look):
            fig.add_trace(trace)

    # Direct labels instead of a legend: the latest value at each line's end (targets too), the
    # first at its start; nudged apart so close values stay readable.
    ends = [(n, f"<b>{line.name} {display.observation_value(dataset, line.actual[-1])}</b>", line.actual[-1])
            for n, line in enumerate(lines) if line.actual]
    ends += [(n, f"{line.name}目标 {display.observation_value(dataset, line.target[-1])}", line.target[-1])
             for n, line in enumerate(lines) if line.target]
    for (n, text, o), y in zip(ends, spread([o.value for _, _, o in ends], 6, 2, 100)):
        fig.add_annotation(x=o.period_end, y=y, text=text, xanchor="left", xshift=12, showarrow=False,
                           font=dict(color=look.colour(n)))
    starts = [(n, line.actual[0]) for n, line in enumerate(lines) if len(line.actual) > 1]
    for (n, first), y in zip(starts, spread([o.value for _, o in starts], 6, 2, 100)):
        fig.add_annotation(x=first.period_end, y=y, text=display.observation_value(dataset, first), xanchor="right",
                           xshift=-12, showarrow=False, font=dict(color=look.colour(n)), name=START_LABEL_NAME)
    for region in regions:
        around = [o.value for line in lines for o in line.actual if o.period_end in (region.first - 1, region.last + 1)]
        low_half_free = sum(around) / len(around) >= 50 if around else True
        words = (display.gap_region(region) if region.last - region.first >= 2
                 else f"{display.gap_years(region)}<br>{display.gap_what(region)}")
        fig.add_annotation(x=(region.first + region.last) / 2, y=8 if low_half_free else 97,
                           text=words + "<br>虚线仅示意变化方向", showarrow=False,
                           font=dict(color=look.muted, size=12))
    longest = max((len(line.name) + 4 + (2 if line.target else 0) for line in lines), default=8)
    years = sorted({o.period_end for line in lines for o in line.actual + line.target})
    fig.update_layout(
        xaxis=year_axis(years),
        yaxis=percent_axis(),
        showlegend=False,
        height=theme.SCREEN_HEIGHT,
        margin=dict(r=24 + min(longest, 22) * theme.SCREEN_FONT_SIZE, l=50),
        hovermode="closest",
    )
    return regions


def gap_note(regions: list[GapRegion]) -> str:
    return (" ｜ " + "，".join(display.gap_region(r) for r in regions)) if regions else ""


def _names_title(names: list[str], tail: str, fallback: str) -> str:
    """"委员参与率、成果转化率、群众认可率变化趋势", or a short fallback when names are long."""
    joined = "、".join(names)
    return f"{joined}{tail}" if len(names) <= 3 and len(joined) <= 20 else fallback


def rate_trend(dataset: Dataset, spec: Spec) -> Chart:
    """Rates of one org by year (`spec.indicators`, else every rate); targets dotted with 完成率 in the tooltip."""
    org = spec.org
    candidates = [dataset.indicator(i) for i in spec.indicators] if spec.indicators else dataset.rate_indicators()
    rates = [i for i in candidates if i.is_rate and (dataset.series(i.id, org) or dataset.series(i.id, org, "target"))]
    if not rates:
        raise NoData(f"{org}没有按年份记录的比率数据，无法绘制趋势图")
    lines = [Line(display.short(i.name, 24), tuple(dataset.series(i.id, org)),
                  tuple(dataset.series(i.id, org, "target"))) for i in rates]
    used = [o for line in lines for o in line.actual + line.target]
    years = sorted({o.period_end for o in used})
    if len(years) < 2:  # one dot per rate is no trend (a tester's finding on issue 12: 图1 one dot)
        raise NoData(f"{org}的比率只有{years[0]}年一年的数字，画不出变化趋势；这一年的数字见卡片和数据表")
    fig = go.Figure()
    gaps = _draw_lines(fig, dataset, lines, spec.look)
    return made(
        dataset, spec, fig, used,
        name="三率趋势" if len(rates) == 3 else "比率趋势",
        title=_names_title([i.name for i in rates], "变化趋势", "比率指标变化趋势"),
        subtitle=f"{org} ｜ {display.year_span(used)} ｜ 单位：%" + gap_note(gaps),
    )


def rate_change(dataset: Dataset, spec: Spec) -> Chart:
    """Earliest vs latest year of each rate (a dumbbell): the 2020-vs-2024 view of the article."""
    org, look = spec.org, spec.look
    rows = []
    for ind in dataset.rate_indicators():
        change = dataset.change(ind.id, org)
        if change is not None:
            rows.append((ind, change))
    if not rows:
        raise NoData(f"{org}没有哪个比率有两个以上年份的数据，无法比较变化")
    rows.reverse()  # plotly draws categories bottom-up; keep data order top-down
    labels = [wrap_label(display.short(ind.name, 40)) for ind, _ in rows]
    fig = go.Figure()
    for (_, ch), label in zip(rows, labels):
        fig.add_trace(go.Scatter(x=[ch.before.value, ch.after.value], y=[label, label], mode="lines",
                                 line=dict(color=look.neutral, width=6), showlegend=False, hoverinfo="skip"))
    befores = sorted({c.before.period_end for _, c in rows})
    afters = sorted({c.after.period_end for _, c in rows})
    one_pair = len(befores) == 1 and len(afters) == 1
    fig.add_trace(go.Scatter(
        x=[c.before.value for _, c in rows], y=labels, mode="markers+text",
        name=f"{befores[0]}年" if one_pair else "最早年份",
        marker=dict(color=look.background, size=14, symbol="circle", line=dict(color=look.muted, width=2)),
        text=[display.observation_value(dataset, c.before) for _, c in rows], textposition="middle left",
        customdata=[[ind.name, display.period(c.before)] for ind, c in rows],
        hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}：%{text}<extra></extra>",
    ))
    fig.add_trace(go.Scatter(
        x=[c.after.value for _, c in rows], y=labels, mode="markers",
        name=f"{afters[0]}年" if one_pair else "最新年份",
        marker=dict(color=look.colour(0), size=16, symbol="diamond"),
        customdata=[[ind.name, display.period(c.after), display.observation_value(dataset, c.after)] for ind, c in rows],
        hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}：%{customdata[2]}<extra></extra>",
    ))
    for (ind, ch), label in zip(rows, labels):
        good = (ch.amount or 0) >= 0 if ind.higher_is_better else (ch.amount or 0) <= 0
        fig.add_annotation(
            x=max(ch.before.value, ch.after.value), y=label, xanchor="left", xshift=14, showarrow=False,
            name=INSIDE_LABEL_NAME,
            text=f"<b>{display.observation_value(dataset, ch.after)}</b>（{display.change(ch)}）",
            font=dict(color=look.positive if good else look.negative),
        )
    used = [o for _, c in rows for o in (c.before, c.after)]
    fig.update_layout(
        # 0–100 ticks on a wider range: room for the change labels right of 100%
        xaxis=dict(percent_axis(), range=[0, 125], tickmode="array", tickvals=[0, 20, 40, 60, 80, 100],
                   ticktext=["0%", "20%", "40%", "60%", "80%", "100%"], showgrid=True, gridcolor=look.grid),
        yaxis=dict(showgrid=False, type="category"),
        height=max(280, 150 + 70 * len(rows)),
        showlegend=False,  # the subtitle says which marker is which year
        margin=dict(l=20, r=30),
    )
    tail = f"{befores[0]}年与{afters[0]}年对比" if one_pair else "最早与最新年份对比"
    return made(
        dataset, spec, fig, used,
        name="三率变化" if len(rows) == 3 else "比率变化",
        title=_names_title([ind.name for ind, _ in reversed(rows)], "：" + tail, "各比率" + tail),
        subtitle=f"{org} ｜ 空心圆为{befores[0] if one_pair else '最早'}年，菱形为{afters[0] if one_pair else '最新'}年"
        " ｜ 括号内为变化（百分点）",
    )
