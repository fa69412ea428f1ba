"""One pure function per chart: a Dataset (and an org) in, a captioned `Chart` out.

What belongs here: building plotly figures and the table of figures each one shows. Every chart
carries its title, subtitle (period, unit) and a caption derived from the data's sources, baked
into the figure itself so the screen, the modebar PNG and every export say where numbers come from.
Input is checked first and a `NoData` error with a Chinese message says why a chart cannot be drawn.
Nothing here knows about Streamlit or files.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from . import display, theme
from .model import Dataset, Indicator, Observation, Source


class NoData(ValueError):
    """The dataset has nothing this chart could honestly show (message in Chinese)."""


@dataclass
class Chart:
    id: str  # stable: "rates", "pillar:主题读书" …
    name: str  # short Chinese name, used in file names: 三率趋势
    title: str
    subtitle: str
    figure: go.Figure
    observations: list[Observation]
    sources: list[Source]
    table: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def period(self) -> str:
        return display.year_span(self.observations)

    def caption(self, exported_on: str | None = None) -> str:
        parts = [f"数据来源：{citation(self.sources)}", f"期间：{self.period}"]
        if exported_on:
            parts.append(f"导出时间：{exported_on}")
        return " ｜ ".join(parts)


def citation(sources: list[Source]) -> str:
    """Sources as a caption names them, derived from sources.csv so it cannot go stale."""
    return "；".join(f"{s.publisher}《{s.title}》（{s.date}）" for s in sources) or "未注明"


# --- shared figure furniture ---------------------------------------------------------------

CAPTION_NAME = "caption"  # the annotation exports find and extend with the export date


def wrap(text: str, width_em: float) -> str:
    """Break a caption into lines of about `width_em` font-sizes (CJK ≈ 1 em, Latin ≈ 0.55 em)."""
    lines, current, used = [], "", 0.0
    for ch in text:
        w = 1.0 if ord(ch) > 0x2E80 else 0.55
        if used + w > width_em and current:
            lines.append(current)
            current, used = "", 0.0
        current += ch
        used += w
    lines.append(current)
    return "<br>".join(lines)


def finish(
    chart: Chart, width_px: int = 1000, font_size: int = theme.SCREEN_FONT_SIZE, exported_on: str | None = None
) -> Chart:
    """Apply the template, title, subtitle and the caption line, sized for `width_px`.

    Idempotent: exports call it again with their preset's size and the export date.
    """
    fig = chart.figure
    caption_size = max(11, round(font_size * 0.85))
    line_height = round(caption_size * 1.45)
    caption = wrap(chart.caption(exported_on), width_px / caption_size - 6)
    lines = caption.count("<br>") + 1
    axis_labels = round(font_size * 2.6)  # room for the x tick labels above the caption
    fig.update_layout(
        template=theme.TEMPLATE,
        title=dict(
            text=f"<b>{chart.title}</b>",
            xref="paper",
            x=0,
            font=dict(size=round(font_size * 1.45)),
            subtitle=dict(text=chart.subtitle, font=dict(size=round(font_size * 0.95))),
        ),
        font=dict(size=font_size),
        margin=dict(b=axis_labels + lines * line_height + 12, t=round(font_size * 6.5)),
    )
    annotations = [a for a in fig.layout.annotations if a.name != CAPTION_NAME]
    annotations.append(
        go.layout.Annotation(
            name=CAPTION_NAME,
            text=caption,
            xref="paper",
            yref="paper",
            x=0,
            y=0,
            xanchor="left",
            yanchor="top",
            yshift=-axis_labels,
            showarrow=False,
            align="left",
            font=dict(size=caption_size, color=theme.MUTED),
        )
    )
    fig.update_layout(annotations=annotations)
    return chart


def modebar_config(chart: Chart, org: str) -> dict:
    """Plotly config: the camera button saves a 3× PNG with a Chinese file name."""
    return {
        "displaylogo": False,
        "locale": "zh-CN",
        "modeBarButtonsToRemove": ["lasso2d", "select2d", "autoScale2d"],
        "toImageButtonOptions": {"format": "png", "filename": f"{org}_{chart.name}", "scale": 3},
    }


def _spread(positions: list[float], min_gap: float, low: float, high: float) -> list[float]:
    """Nudge label positions apart (same order) so labels for 91/92/93 do not overlap."""
    order = sorted(range(len(positions)), key=lambda i: positions[i])
    placed = [positions[i] for i in order]
    for k in range(1, len(placed)):
        placed[k] = max(placed[k], placed[k - 1] + min_gap)
    overflow = placed[-1] - high if placed else 0
    if overflow > 0:
        placed = [p - overflow for p in placed]
    for k in range(len(placed) - 2, -1, -1):
        placed[k] = min(placed[k], placed[k + 1] - min_gap)
    placed = [max(low, p) for p in placed]
    result = [0.0] * len(positions)
    for k, i in enumerate(order):
        result[i] = placed[k]
    return result


def _observation_rows(dataset: Dataset, observations: list[Observation]) -> pd.DataFrame:
    rows = []
    for o in observations:
        ind = dataset.indicator(o.indicator)
        src = dataset.source(o.source)
        rows.append(
            {
                "单位名称": o.org,
                "板块": ind.pillar,
                "指标": ind.name,
                "期间": display.period(o),
                "年份": display.years(o),
                "数值": display.observation_value(dataset, o),
                "性质": "目标" if o.type == "target" else "实际",
                "来源": f"{src.publisher}《{src.title}》",
            }
        )
    return pd.DataFrame(rows)


def _year_axis(years: list[int]) -> dict:
    """Integer year ticks only: a year is never drawn as 2,020.5."""
    lo, hi = min(years), max(years)
    ticks = list(range(lo, hi + 1)) if hi - lo <= 12 else sorted(set(years))
    return dict(
        type="linear",
        range=[lo - 0.6, hi + 0.6],
        tickmode="array",
        tickvals=ticks,
        ticktext=[str(y) for y in ticks],
        title=None,
    )


def _percent_axis() -> dict:
    return dict(range=[0, 104], tickmode="linear", tick0=0, dtick=20, ticksuffix="%", title=None)


def _gaps(series_by_indicator: dict[str, list[Observation]]) -> list[tuple[int, int]]:
    """(last known year, next known year) pairs with at least one missing year between them."""
    found = set()
    for series in series_by_indicator.values():
        years = [o.period_end for o in series]
        for a, b in zip(years, years[1:]):
            if b - a > 1:
                found.add((a, b))
    return sorted(found)


def gap_label(a: int, b: int) -> str:
    return f"{a + 1}年无公开数据" if b - a == 2 else f"{a + 1}–{b - 1}年无公开数据"


# --- charts --------------------------------------------------------------------------------


def rate_trend(dataset: Dataset, org: str, indicators: list[Indicator] | None = None) -> Chart:
    """Rates by year: solid where years are consecutive, dashed and labelled across missing years;
    targets dotted with 完成率 in the tooltip."""
    candidates = indicators if indicators is not None else dataset.rate_indicators()
    rates = [i for i in candidates if i.is_rate and (dataset.series(i.id, org) or dataset.series(i.id, org, "target"))]
    if not rates:
        raise NoData(f"{org}没有按年份记录的比率数据，无法绘制趋势图")
    actual = {i.id: dataset.series(i.id, org) for i in rates}
    target = {i.id: dataset.series(i.id, org, "target") for i in rates}
    used = [o for s in actual.values() for o in s] + [o for s in target.values() for o in s]
    years = sorted({o.period_end for o in used})

    fig = go.Figure()
    gaps = _gaps(actual)
    for a, b in gaps:
        fig.add_vrect(x0=a + 0.5, x1=b - 0.5, fillcolor=theme.GAP_FILL, line_width=0, layer="below")
    for n, ind in enumerate(rates):
        colour, symbol = theme.colour(n), theme.symbol(n)
        series = actual[ind.id]
        targets = {o.period_end: o for o in target[ind.id]}
        # Solid line only between consecutive years; None breaks the line across a gap.
        xs, ys, custom = [], [], []
        for k, o in enumerate(series):
            if k and o.period_end - series[k - 1].period_end > 1:
                xs.append(None)
                ys.append(None)
                custom.append([None, None])
            t = targets.get(o.period_end)
            done = f"<br>目标 {display.figure(t.value, '%')}，完成率 {o.value / t.value * 100:.0f}%" if t and t.value else ""
            xs.append(o.period_end)
            ys.append(o.value)
            custom.append([display.observation_value(dataset, o), done])
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                customdata=custom,
                name=ind.name,
                legendgroup=ind.id,
                mode="lines+markers",
                line=dict(color=colour, width=3),
                marker=dict(color=colour, symbol=symbol, size=11, line=dict(color="white", width=1)),
                connectgaps=False,
                hovertemplate=f"<b>{ind.name}</b><br>%{{x}}年：%{{customdata[0]}}%{{customdata[1]}}<extra></extra>",
            )
        )
        for k in range(1, len(series)):
            before, after = series[k - 1], series[k]
            if after.period_end - before.period_end > 1:
                fig.add_trace(
                    go.Scatter(
                        x=[before.period_end, after.period_end],
                        y=[before.value, after.value],
                        mode="lines",
                        line=dict(color=colour, width=2, dash="dash"),
                        legendgroup=ind.id,
                        showlegend=False,
                        hoverinfo="skip",
                        name=f"{ind.name}（{gap_label(before.period_end, after.period_end)}）",
                    )
                )
        if targets:
            ts = sorted(targets.values(), key=lambda o: o.period_end)
            fig.add_trace(
                go.Scatter(
                    x=[o.period_end for o in ts],
                    y=[o.value for o in ts],
                    customdata=[display.observation_value(dataset, o) for o in ts],
                    name=f"{ind.name}（目标）",
                    legendgroup=ind.id,
                    mode="lines+markers",
                    line=dict(color=colour, width=2, dash="dot"),
                    marker=dict(color="white", symbol=symbol, size=9, line=dict(color=colour, width=2)),
                    hovertemplate=f"<b>{ind.name}目标</b><br>%{{x}}年：%{{customdata}}<extra></extra>",
                )
            )

    # Direct labels instead of a legend: the latest value at each line's end, the first at its start.
    ends = [(ind, actual[ind.id][-1]) for ind in rates if actual[ind.id]]
    end_y = _spread([o.value for _, o in ends], 6, 2, 100)
    for (ind, o), y in zip(ends, end_y):
        n = rates.index(ind)
        fig.add_annotation(
            x=o.period_end, y=y, text=f"<b>{ind.name} {display.observation_value(dataset, o)}</b>",
            xanchor="left", xshift=12, showarrow=False, font=dict(color=theme.colour(n)),
        )
    starts = [(ind, actual[ind.id][0]) for ind in rates if len(actual[ind.id]) > 1]
    start_y = _spread([o.value for _, o in starts], 6, 2, 100)
    for (ind, o), y in zip(starts, start_y):
        n = rates.index(ind)
        fig.add_annotation(
            x=o.period_end, y=y, text=display.observation_value(dataset, o),
            xanchor="right", xshift=-12, showarrow=False, font=dict(color=theme.colour(n)),
        )
    for a, b in gaps:
        mid = [o.value for s in actual.values() for o in s if o.period_end in (a, b)]
        low_half_free = sum(mid) / len(mid) >= 50 if mid else True
        fig.add_annotation(
            x=(a + b) / 2, y=8 if low_half_free else 97, text=gap_label(a, b) + "<br>虚线仅示意变化方向",
            showarrow=False, font=dict(color=theme.MUTED, size=12),
        )
    longest = max((len(ind.name) + 3 for ind, _ in ends), default=8)
    fig.update_layout(
        xaxis=_year_axis(years),
        yaxis=_percent_axis(),
        showlegend=any(targets for targets in target.values()),
        height=theme.SCREEN_HEIGHT,
        margin=dict(r=24 + longest * theme.SCREEN_FONT_SIZE, l=50),
        hovermode="closest",
    )
    names = "、".join(i.name for i in rates)
    subtitle = f"{org} ｜ {names} ｜ {display.year_span(used)} ｜ 单位：%"
    if gaps:
        subtitle += " ｜ " + "，".join(gap_label(a, b) for a, b in gaps)
    chart = Chart(
        id="rates",
        name="三率趋势" if len(rates) == 3 else "比率趋势",
        title=f"{names}变化趋势" if len(rates) <= 3 else "比率指标变化趋势",
        subtitle=subtitle,
        figure=fig,
        observations=used,
        sources=dataset.sources_of(used),
        table=_observation_rows(dataset, used),
    )
    return finish(chart)
