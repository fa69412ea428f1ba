"""One pure function per chart: a Dataset (and an org) in, a captioned `Chart` out.

What belongs here: building plotly figures and the table of figures each one shows. Every chart
carries its title, subtitle (period, unit) and a caption derived from the data's sources, baked
into the figure itself so the screen, the modebar PNG and every export say where numbers come from.
Input is checked first and a `NoData` error with a Chinese message says why a chart cannot be drawn.
Nothing here knows about Streamlit or files.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from . import display, tables, theme
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
    top_room: int = 0  # extra top margin a chart needs (e.g. panel titles under the subtitle)

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
_OUR_TAGS = re.compile(r"&lt;(/?b|br|/?extra)&gt;")


def plotly_text(text: str) -> str:
    """Data text for Plotly, which reads HTML-like tags in every label: shown literally instead."""
    return html.escape(display.visible_controls(text), quote=False)


def _escape_all(fig: go.Figure) -> None:
    """Escape every text a chart function put into the figure from data, keeping the few tags the
    charts themselves use (<b>, <br>, <extra>). Run once per figure (finish() marks it)."""

    def fix(value):
        if isinstance(value, str):
            return _OUR_TAGS.sub(lambda m: f"<{m.group(1)}>", plotly_text(value))
        if isinstance(value, (list, tuple)):
            return [fix(v) for v in value]
        return value

    for trace in fig.data:
        for attr in ("name", "legendgroup", "text", "hovertext", "hovertemplate", "customdata", "x", "y"):
            value = getattr(trace, attr, None)
            if value is not None and (isinstance(value, str) or any(isinstance(v, (str, list, tuple)) for v in value)):
                setattr(trace, attr, fix(value))
    for annotation in fig.layout.annotations:
        annotation.text = fix(annotation.text)
        for coordinate in ("x", "y"):  # a position on a category axis names its (escaped) category
            if isinstance(annotation[coordinate], str):
                annotation[coordinate] = fix(annotation[coordinate])
    for axis_name in [k for k in fig.layout.to_plotly_json() if k.startswith(("xaxis", "yaxis"))]:
        axis = fig.layout[axis_name]
        if axis.categoryarray is not None:
            axis.categoryarray = fix(list(axis.categoryarray))


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
    chart: Chart,
    width_px: int = 1000,
    font_size: int = theme.SCREEN_FONT_SIZE,
    exported_on: str | None = None,
    show_title: bool = True,
    show_caption: bool = True,
) -> Chart:
    """Apply the template, title, subtitle and the caption line, sized for `width_px`.

    Idempotent: exports call it again with their width and the export date, or without title and
    caption where a slide or report page sets those as real text.
    """
    fig = chart.figure
    if not (fig.layout.meta or {}).get("escaped"):
        _escape_all(fig)
        fig.layout.meta = {"escaped": True}
    caption_size = max(11, round(font_size * 0.85))
    line_height = round(caption_size * 1.45)
    wrapped = wrap(chart.caption(exported_on), width_px / caption_size - 6)
    caption = "<br>".join(plotly_text(line) for line in wrapped.split("<br>"))
    lines = caption.count("<br>") + 1 if show_caption else 0
    axis_labels = round(font_size * 2.6)  # room for the x tick labels above the caption
    title_room = round(font_size * 6.5) if show_title else round(font_size * 2)
    fig.update_layout(
        template=theme.TEMPLATE,
        title=dict(
            text=f"<b>{plotly_text(chart.title)}</b>" if show_title else "",
            xref="paper",
            x=0,
            font=dict(size=round(font_size * 1.45)),
            subtitle=dict(text=plotly_text(chart.subtitle) if show_title else "", font=dict(size=round(font_size * 0.95))),
        ),
        font=dict(size=font_size),
        # max(): a chart may ask for more top room than the title needs (kept in chart.top_room)
        margin=dict(b=axis_labels + lines * line_height + 12, t=max(chart.top_room, title_room)),
    )
    annotations = [a for a in fig.layout.annotations if a.name != CAPTION_NAME]
    if show_caption:
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
    # Assigned, not update_layout(annotations=…): an empty list there is a no-op, which left the
    # caption on a chart whose only annotation it was.
    fig.layout.annotations = annotations
    return chart


def modebar_config(chart: Chart, org: str = "") -> dict:
    """Plotly config: the camera button saves a 3× PNG with a Chinese file name (the org first,
    unless the chart is of several orgs)."""
    return {
        "displaylogo": False,
        "locale": "zh-CN",
        "modeBarButtonsToRemove": ["lasso2d", "select2d", "autoScale2d"],
        "toImageButtonOptions": {"format": "png", "filename": f"{org}_{chart.name}" if org else chart.name,
                                "scale": 3},
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


def _made(dataset: Dataset, figure: go.Figure, used: list[Observation], **fields) -> Chart:
    """A finished Chart whose sources and table are derived from the figures it shows, so neither
    can disagree with the picture."""
    chart = Chart(figure=figure, observations=used, sources=dataset.sources_of(used),
                  table=tables.observation_rows(dataset, used), **fields)
    return finish(chart)


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


def _gaps(series_by_line: dict[str, list[Observation]]) -> list[tuple[int, int]]:
    """(last known year, next known year) pairs with at least one missing year between them."""
    found = set()
    for series in series_by_line.values():
        years = [o.period_end for o in series]
        for a, b in zip(years, years[1:]):
            if b - a > 1:
                found.add((a, b))
    return sorted(found)


def gap_label(a: int, b: int) -> str:
    return f"{a + 1}年无公开数据" if b - a == 2 else f"{a + 1}–{b - 1}年无公开数据"


@dataclass(frozen=True)
class GapRegion:
    """Consecutive missing years inside at least one line; `everyone` if no line has data there."""

    first: int
    last: int
    everyone: bool

    @property
    def years(self) -> str:
        return display.year_runs(list(range(self.first, self.last + 1)))

    @property
    def what(self) -> str:
        return "无公开数据" if self.everyone else "部分指标无数据"

    @property
    def label(self) -> str:
        return self.years + self.what


def gap_regions(series_by_line: dict[str, list[Observation]]) -> list[GapRegion]:
    missing: set[int] = set()
    for a, b in _gaps(series_by_line):
        missing.update(range(a + 1, b))
    known = {o.period_end for s in series_by_line.values() for o in s}
    regions, run = [], []
    for y in sorted(missing) + [None]:
        if run and (y is None or y != run[-1] + 1):
            regions.append(GapRegion(run[0], run[-1], everyone=not (set(run) & known)))
            run = []
        if y is not None:
            run.append(y)
    return regions


# --- lines over years (rates) --------------------------------------------------------------


@dataclass
class Line:
    """One line of a year chart: its label, yearly actuals and (optional) yearly targets."""

    name: str
    actual: list[Observation]
    target: list[Observation]


def _draw_lines(fig: go.Figure, dataset: Dataset, lines: list[Line]) -> list[tuple[int, int]]:
    """Solid where years are consecutive, dashed across missing years (never interpolated markers),
    targets dotted; direct labels at both ends instead of a legend. Returns the gap regions."""
    regions = gap_regions({line.name: line.actual for line in lines})
    for region in regions:
        fig.add_vrect(x0=region.first - 0.5, x1=region.last + 0.5, fillcolor=theme.GAP_FILL, line_width=0,
                      layer="below")
    for n, line in enumerate(lines):
        colour, symbol = theme.colour(n), theme.symbol(n)
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
            fig.add_trace(
                go.Scatter(
                    x=xs,
                    y=ys,
                    customdata=custom,
                    name=line.name,
                    legendgroup=line.name,
                    mode="lines+markers",
                    line=dict(color=colour, width=3),
                    marker=dict(color=colour, symbol=symbol, size=11, line=dict(color="white", width=1)),
                    connectgaps=False,
                    hovertemplate=f"<b>{line.name}</b><br>%{{x}}年：%{{customdata[0]}}%{{customdata[1]}}<extra></extra>",
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
                        legendgroup=line.name,
                        showlegend=False,
                        hoverinfo="skip",
                        name=f"{line.name}（{gap_label(before.period_end, after.period_end)}）",
                    )
                )
        if line.target:
            ts = sorted(line.target, key=lambda o: o.period_end)
            fig.add_trace(
                go.Scatter(
                    x=[o.period_end for o in ts],
                    y=[o.value for o in ts],
                    customdata=[display.observation_value(dataset, o) for o in ts],
                    name=f"{line.name}（目标）",
                    legendgroup=line.name,
                    mode="lines+markers",
                    line=dict(color=colour, width=2, dash="dot"),
                    marker=dict(color="white", symbol=symbol, size=9, line=dict(color=colour, width=2)),
                    hovertemplate=f"<b>{line.name}目标</b><br>%{{x}}年：%{{customdata}}<extra></extra>",
                )
            )

    # Direct labels instead of a legend: the latest value at each line's end (targets too), the
    # first at its start; nudged apart so close values stay readable.
    ends = [(n, f"<b>{line.name} {display.observation_value(dataset, line.actual[-1])}</b>", line.actual[-1])
            for n, line in enumerate(lines) if line.actual]
    ends += [(n, f"{line.name}目标 {display.observation_value(dataset, line.target[-1])}", line.target[-1])
             for n, line in enumerate(lines) if line.target]
    for (n, text, o), y in zip(ends, _spread([o.value for _, _, o in ends], 6, 2, 100)):
        fig.add_annotation(x=o.period_end, y=y, text=text, xanchor="left", xshift=12, showarrow=False,
                           font=dict(color=theme.colour(n)))
    starts = [(n, line.actual[0]) for n, line in enumerate(lines) if len(line.actual) > 1]
    for (n, first), y in zip(starts, _spread([o.value for _, o in starts], 6, 2, 100)):
        fig.add_annotation(x=first.period_end, y=y, text=display.observation_value(dataset, first), xanchor="right",
                           xshift=-12, showarrow=False, font=dict(color=theme.colour(n)))
    for region in regions:
        around = [o.value for line in lines for o in line.actual if o.period_end in (region.first - 1, region.last + 1)]
        low_half_free = sum(around) / len(around) >= 50 if around else True
        fig.add_annotation(
            x=(region.first + region.last) / 2,
            y=8 if low_half_free else 97,
            text=(region.label if region.last - region.first >= 2 else f"{region.years}<br>{region.what}")
            + "<br>虚线仅示意变化方向",
            showarrow=False,
            font=dict(color=theme.MUTED, size=12),
        )
    longest = max((len(line.name) + 4 + (2 if line.target else 0) for line in lines), default=8)
    years = sorted({o.period_end for line in lines for o in line.actual + line.target})
    fig.update_layout(
        xaxis=_year_axis(years),
        yaxis=_percent_axis(),
        showlegend=False,
        height=theme.SCREEN_HEIGHT,
        margin=dict(r=24 + min(longest, 22) * theme.SCREEN_FONT_SIZE, l=50),
        hovermode="closest",
    )
    return regions


def _gap_note(regions: list[GapRegion]) -> str:
    return (" ｜ " + "，".join(r.label for r in regions)) if regions else ""


def _names_title(names: list[str], tail: str, fallback: str) -> str:
    """"委员参与率、成果转化率、群众认可率变化趋势", or a short fallback when names are long."""
    joined = "、".join(names)
    return f"{joined}{tail}" if len(names) <= 3 and len(joined) <= 20 else fallback


def rate_trend(dataset: Dataset, org: str, indicators: list[Indicator] | None = None) -> Chart:
    """Rates of one org by year; targets dotted with 完成率 in the tooltip."""
    candidates = indicators if indicators is not None else dataset.rate_indicators()
    rates = [i for i in candidates if i.is_rate and (dataset.series(i.id, org) or dataset.series(i.id, org, "target"))]
    if not rates:
        raise NoData(f"{org}没有按年份记录的比率数据，无法绘制趋势图")
    lines = [Line(display.short(i.name, 24), dataset.series(i.id, org), dataset.series(i.id, org, "target"))
             for i in rates]
    return _rate_lines(
        dataset,
        lines,
        org,
        id="rates",
        name="三率趋势" if len(rates) == 3 else "比率趋势",
        title=_names_title([i.name for i in rates], "变化趋势", "比率指标变化趋势"),
    )


def _rate_lines(dataset: Dataset, lines: list[Line], who: str, **meta) -> Chart:
    """Lines of rates on a year axis; the subtitle names who, the years, the unit and the gaps."""
    used = [o for line in lines for o in line.actual + line.target]
    fig = go.Figure()
    gaps = _draw_lines(fig, dataset, lines)
    subtitle = f"{who} ｜ {display.year_span(used)} ｜ 单位：%" + _gap_note(gaps)
    return _made(dataset, fig, used, subtitle=subtitle, **meta)


def org_comparison(dataset: Dataset, indicator: Indicator) -> Chart:
    """One rate across every org that reports it, side by side on one year axis."""
    if not indicator.is_rate:
        raise NoData(f"「{indicator.name}」不是比率，不能在同一坐标上比较各单位")
    lines = [
        Line(display.short(org, 24), dataset.series(indicator.id, org), dataset.series(indicator.id, org, "target"))
        for org in dataset.orgs()
    ]
    lines = [line for line in lines if line.actual or line.target]
    if len(lines) < 2:
        raise NoData(f"只有一个单位有「{indicator.name}」的逐年数据，无从比较")
    return _rate_lines(
        dataset,
        lines,
        f"{len(lines)}个单位",
        id=f"compare:{indicator.id}",
        name=f"{indicator.name}各单位对比",
        title=f"{indicator.name}：各单位对比",
    )


def rate_change(dataset: Dataset, org: str) -> Chart:
    """Earliest vs latest year of each rate (a dumbbell): the 2020-vs-2024 view of the article."""
    rows = []
    for ind in dataset.rate_indicators():
        change = dataset.change(ind.id, org)
        if change is not None:
            rows.append((ind, change))
    if not rows:
        raise NoData(f"{org}没有哪个比率有两个以上年份的数据，无法比较变化")
    rows.reverse()  # plotly draws categories bottom-up; keep data order top-down
    labels = [_wrap_label(display.short(ind.name, 40)) for ind, _ in rows]
    fig = go.Figure()
    for (_, ch), label in zip(rows, labels):
        fig.add_trace(
            go.Scatter(
                x=[ch.before.value, ch.after.value],
                y=[label, label],
                mode="lines",
                line=dict(color="#BBBBBB", width=6),
                showlegend=False,
                hoverinfo="skip",
            )
        )
    befores = sorted({c.before.period_end for _, c in rows})
    afters = sorted({c.after.period_end for _, c in rows})
    one_pair = len(befores) == 1 and len(afters) == 1
    fig.add_trace(
        go.Scatter(
            x=[c.before.value for _, c in rows],
            y=labels,
            mode="markers+text",
            name=f"{befores[0]}年" if one_pair else "最早年份",
            marker=dict(color="white", size=14, symbol="circle", line=dict(color=theme.MUTED, width=2)),
            text=[display.observation_value(dataset, c.before) for _, c in rows],
            textposition="middle left",
            customdata=[[ind.name, display.period(c.before)] for ind, c in rows],
            hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}：%{text}<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[c.after.value for _, c in rows],
            y=labels,
            mode="markers",
            name=f"{afters[0]}年" if one_pair else "最新年份",
            marker=dict(color=theme.colour(0), size=16, symbol="diamond"),
            customdata=[[ind.name, display.period(c.after), display.observation_value(dataset, c.after)] for ind, c in rows],
            hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}：%{customdata[2]}<extra></extra>",
        )
    )
    for (ind, ch), label in zip(rows, labels):
        good = (ch.amount or 0) >= 0 if ind.higher_is_better else (ch.amount or 0) <= 0
        fig.add_annotation(
            x=max(ch.before.value, ch.after.value),
            y=label,
            xanchor="left",
            xshift=14,
            showarrow=False,
            text=f"<b>{display.observation_value(dataset, ch.after)}</b>（{display.change(ch)}）",
            font=dict(color=theme.POSITIVE if good else theme.NEGATIVE),
        )
    used = [o for _, c in rows for o in (c.before, c.after)]
    fig.update_layout(
        # 0–100 ticks on a wider range: room for the change labels right of 100%
        xaxis=dict(_percent_axis(), range=[0, 125], tickmode="array", tickvals=[0, 20, 40, 60, 80, 100],
                   ticktext=["0%", "20%", "40%", "60%", "80%", "100%"], showgrid=True, gridcolor=theme.GRID),
        yaxis=dict(showgrid=False, type="category"),
        height=max(280, 150 + 70 * len(rows)),
        showlegend=False,  # the subtitle says which marker is which year
        margin=dict(l=20, r=30),
    )
    tail = f"{befores[0]}年与{afters[0]}年对比" if one_pair else "最早与最新年份对比"
    title = _names_title([ind.name for ind, _ in reversed(rows)], "：" + tail, "各比率" + tail)
    return _made(
        dataset,
        fig,
        used,
        id="rates_change",
        name="三率变化" if len(rows) == 3 else "比率变化",
        title=title,
        subtitle=f"{org} ｜ 空心圆为{befores[0] if one_pair else '最早'}年，菱形为{afters[0] if one_pair else '最新'}年"
        " ｜ 括号内为变化（百分点）",
    )


# --- counts and amounts --------------------------------------------------------------------


def _wrap_label(text: str, width: int = 11) -> str:
    """Long Chinese names wrap onto lines of about `width` characters; a bracketed period goes
    onto its own line rather than being cut in the middle."""
    if len(text) <= width:
        return text
    if "（" in text and text.index("（") > 0:
        head, tail = text.split("（", 1)
        return _wrap_label(head, width) + "<br>（" + tail
    return "<br>".join(text[i : i + width] for i in range(0, len(text), width))


@dataclass(frozen=True)
class Tile:
    """One figure on a pillar's "数字墙": the value as the source writes it, and what it is."""

    name: str
    value: str
    period: str
    note: str  # a change, a share, or ""
    observations: tuple[Observation, ...]


def pillar_tiles(dataset: Dataset, org: str, pillar: str) -> list[Tile]:
    """Every figure of a pillar in data order: latest yearly values with their change, before/after
    pairs as one tile, shares noted on the part."""
    tiles = []
    pairs = {a.indicator: (a, b) for a, b in dataset.before_after_pairs(org)}
    for ind in dataset.indicators_of(pillar):
        series = dataset.series(ind.id, org)
        if series:
            latest = series[-1]
            change = dataset.change(ind.id, org)
            note = f"较{display.period(change.before)}{display.change(change)}" if change else ""
            tiles.append(Tile(ind.name, display.observation_value(dataset, latest), display.period(latest), note,
                              (latest,) + ((change.before,) if change else ())))
            continue
        if ind.id in pairs:
            a, b = pairs[ind.id]
            change = dataset.change_between(a, b)
            value = f"{display.number(a.value)}→{display.observation_value(dataset, b)}"
            tiles.append(Tile(ind.name, value, f"{a.period_label}→{b.period_label}", display.change(change), (a, b)))
            continue
        share = dataset.share(ind.id, org)
        for o in dataset.observations_of(ind.id, org, "actual"):
            note = display.share_note(share) if share and share.part_observation == o else ""
            period = o.period_label or (display.years(o) if o.period_start is not None else "")
            tiles.append(Tile(ind.name, display.observation_value(dataset, o), period, note, (o,)))
    return tiles


def pillar_figures(dataset: Dataset, org: str, pillar: str) -> Chart:
    """A pillar's figures as a wall of number tiles in data order. Tiles, not bars: the figures have
    different units and periods, and a shared scale would compare what cannot be compared."""
    tiles = pillar_tiles(dataset, org, pillar)
    if not tiles:
        raise NoData(f"{org}在「{pillar}」没有数字")
    n = len(tiles)
    cols = 3 if n <= 3 else (3 if n in (5, 6, 9) else 4)
    rows = -(-n // cols)
    tile_px = 140  # tall enough for the value, a two-line name and a two-line note
    colour = theme.colour(dataset.pillars().index(pillar)) if pillar in dataset.pillars() else theme.colour(0)
    fig = go.Figure()
    gap = 0.012
    for i, tile in enumerate(tiles):
        r, c = divmod(i, cols)
        x0, x1 = c / cols + gap, (c + 1) / cols - gap
        y1, y0 = 1 - r / rows, 1 - (r + 1) / rows
        y1, y0 = y1 - (y1 - y0) * 0.04, y0 + (y1 - y0) * 0.04
        fig.add_shape(type="rect", xref="paper", yref="paper", x0=x0, x1=x1, y0=y0, y1=y1,
                      fillcolor="#F7F7F7", line=dict(width=0), layer="below")
        fig.add_shape(type="rect", xref="paper", yref="paper", x0=x0, x1=x0 + 0.006, y0=y0, y1=y1,
                      fillcolor=colour, line=dict(width=0))
        text_x = x0 + 0.02
        fig.add_annotation(xref="paper", yref="paper", x=text_x, y=y1, yshift=-8, xanchor="left", yanchor="top",
                           showarrow=False, text=f"<b>{tile.value}</b>", font=dict(size=26, color=colour))
        fig.add_annotation(xref="paper", yref="paper", x=text_x, y=y1, yshift=-48, xanchor="left", yanchor="top",
                           showarrow=False, text=_wrap_label(display.short(tile.name, 36), 12), align="left",
                           font=dict(size=14, color=theme.TEXT))
        parts = [part for part in (tile.period, tile.note) if part]
        small = " ｜ ".join(parts) if len(" ｜ ".join(parts)) <= 18 else "<br>".join(_wrap_label(p, 18) for p in parts)
        if small:
            fig.add_annotation(xref="paper", yref="paper", x=text_x, y=y0, yshift=6, xanchor="left",
                               yanchor="bottom", showarrow=False, text=small, align="left",
                               font=dict(size=12, color=theme.MUTED))
    fig.update_layout(
        xaxis=dict(visible=False, range=[0, 1]),
        yaxis=dict(visible=False, range=[0, 1]),
        height=180 + rows * tile_px,
        margin=dict(l=10, r=10),
        showlegend=False,
    )
    used = [o for t in tiles for o in t.observations]
    approximate = any(not o.is_exact for o in used)
    return _made(
        dataset,
        fig,
        used,
        id=f"pillar:{pillar}",
        name=f"{pillar}主要数字",
        title=f"{pillar}：主要数字",
        subtitle=f"{org} ｜ {len(tiles)}项，按数据表顺序"
        + (" ｜ “余”“近”“约”照原文保留" if approximate else ""),
    )


def pillar_by_unit(dataset: Dataset, org: str, pillar: str) -> Chart:
    """Counts and amounts of a pillar that share a unit, as bars — one panel per unit, each on its
    own scale, so 场次 never stands beside 万元. Units with a single figure are left to the tiles."""
    paired = {a.indicator for a, _ in dataset.before_after_pairs(org)}
    by_unit: dict[str, list[Observation]] = {}
    for ind in dataset.indicators_of(pillar):
        if ind.is_rate or ind.id in paired or dataset.series(ind.id, org):
            continue
        by_unit.setdefault(ind.unit, []).extend(dataset.observations_of(ind.id, org, "actual"))
    by_unit = {u: obs for u, obs in by_unit.items() if len(obs) >= 2}
    if not by_unit:
        raise NoData(f"「{pillar}」没有两项以上同单位的数字可以比较")
    from plotly.subplots import make_subplots

    units = list(by_unit)
    heights = [len(v) for v in by_unit.values()]
    fig = make_subplots(rows=len(units), cols=1, row_heights=heights,
                        vertical_spacing=min(0.1, 0.45 / len(units)) if len(units) > 1 else 0,
                        subplot_titles=[f"单位：{u}" for u in units])
    colour = theme.colour(dataset.pillars().index(pillar))
    for row, unit in enumerate(units, start=1):
        obs = list(reversed(by_unit[unit]))  # plotly draws categories bottom-up
        fig.add_trace(
            go.Bar(
                x=[o.value for o in obs],
                y=[_bar_label(dataset, o) for o in obs],
                orientation="h",
                marker=dict(color=colour, pattern=dict(shape=["" if o.is_exact else "/" for o in obs],
                                                       fillmode="overlay", fgcolor="white", fgopacity=0.7, size=8)),
                text=[display.observation_value(dataset, o) for o in obs],
                textposition="outside",
                cliponaxis=False,
                customdata=[[dataset.indicator(o.indicator).name, display.period(o), _hover_note(dataset, o)] for o in obs],
                hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}：%{text}%{customdata[2]}<extra></extra>",
                showlegend=False,
            ),
            row=row,
            col=1,
        )
        top = max(o.value for o in obs)
        fig.update_xaxes(range=[0, top * 1.3 if top > 0 else 1], visible=False, row=row, col=1)
        fig.update_yaxes(type="category", ticks="", showgrid=False, row=row, col=1)
    for annotation in fig.layout.annotations:  # subplot titles: small, left-aligned
        annotation.update(x=0, xanchor="left", font=dict(size=12, color=theme.MUTED))
    shown = [o for obs in by_unit.values() for o in obs]
    fig.update_layout(height=max(260, 150 + 42 * sum(heights) + 44 * len(units)), bargap=0.35,
                      margin=dict(l=20, r=50))
    approximate = any(not o.is_exact for o in shown)
    return _made(
        dataset,
        fig,
        shown,
        id=f"by_unit:{pillar}",
        name=f"{pillar}同单位比较",
        title=f"{pillar}：同单位数字比较",
        subtitle=f"{org} ｜ 每组一个单位、各自刻度" + (" ｜ 斜纹为约数（余、近、约）" if approximate else ""),
        # the first panel's "单位：…" title sits below the subtitle, not on it
        top_room=round(theme.SCREEN_FONT_SIZE * 6.5) + 24,
    )


def _bar_label(dataset: Dataset, o: Observation) -> str:
    name = dataset.indicator(o.indicator).name
    period = o.period_label or (display.years(o) if o.period_start is not None else "")
    name = display.short(name, 30)
    return _wrap_label(f"{name}（{period}）" if period else name, 14)


def _hover_note(dataset: Dataset, o: Observation) -> str:
    src = dataset.source(o.source)
    note = f"<br>{o.note}" if o.note else ""
    return f"{note}<br>来源：{src.publisher}（{src.date}）"


def before_after(dataset: Dataset, org: str, indicator: Indicator) -> Chart:
    """A figure before and after a change (协商平台 218 → 67), with the relative change."""
    pair = next(((a, b) for a, b in dataset.before_after_pairs(org) if a.indicator == indicator.id), None)
    if pair is None:
        raise NoData(f"「{indicator.name}」没有前后对比的两条数字")
    before, after = pair
    change = dataset.change_between(before, after)
    good = (change.amount or 0) >= 0 if indicator.higher_is_better else (change.amount or 0) <= 0
    labels = [before.period_label, after.period_label]
    fig = go.Figure(
        go.Bar(
            x=labels,
            y=[before.value, after.value],
            marker=dict(color=["#BBBBBB", theme.colour(dataset.pillars().index(indicator.pillar))]),
            text=[display.observation_value(dataset, o) for o in pair],
            textposition="outside",
            cliponaxis=False,
            width=0.45,
            customdata=[_hover_note(dataset, o) for o in pair],
            hovertemplate="%{x}：%{text}%{customdata}<extra></extra>",
        )
    )
    fig.add_annotation(
        x=0.5,
        y=max(before.value, after.value) * 1.12,
        text=f"<b>{display.change(change)}</b>",
        showarrow=False,
        font=dict(size=18, color=theme.POSITIVE if good else theme.NEGATIVE),
    )
    fig.add_annotation(
        x=1, y=after.value, ax=0, ay=before.value, xref="x", yref="y", axref="x", ayref="y",
        showarrow=True, arrowhead=3, arrowwidth=2, arrowcolor=theme.MUTED, standoff=12, startstandoff=12, text="",
    )
    fig.update_layout(
        xaxis=dict(type="category", title=None),
        yaxis=dict(visible=False, range=[0, max(before.value, after.value) * 1.3]),
        height=360,
        showlegend=False,
        margin=dict(l=20, r=20),
    )
    return _made(
        dataset,
        fig,
        [before, after],
        id=f"before_after:{indicator.id}",
        name=f"{indicator.name}前后对比",
        title=f"{indicator.name}：{before.period_label} → {after.period_label}",
        subtitle=f"{org} ｜ 单位：{indicator.unit} ｜ {display.change_words(change)}",
    )


def shares(dataset: Dataset, org: str, pillar: str | None = None) -> Chart:
    """Parts of a whole declared with `part_of` (the source's "其中"): the share is computed here,
    marked 约 when its inputs are approximate, with the formula in the tooltip."""
    found = [s for s in dataset.shares(org) if pillar is None or s.part.pillar == pillar]
    if not found:
        raise NoData("没有“其中”关系的指标（在指标表的「所属指标」列声明）")
    found.reverse()
    labels = [_wrap_label(display.short(s.part.name, 40), 14) for s in found]
    formulas = [display.share_formula(dataset, s) for s in found]
    colour = theme.colour(dataset.pillars().index(found[0].part.pillar))
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            y=labels,
            x=[s.percent for s in found],
            orientation="h",
            name="其中",
            marker=dict(color=colour),
            text=[f"{display.share(s)}（{display.observation_value(dataset, s.part_observation)}）" for s in found],
            textposition="inside",
            insidetextanchor="start",
            textfont=dict(color="white"),
            customdata=formulas,
            hovertemplate="%{customdata}<extra></extra>",
        )
    )
    fig.add_trace(
        go.Bar(
            y=labels,
            x=[100 - s.percent for s in found],
            orientation="h",
            name="其余",
            marker=dict(color="#E6E6E6"),
            text=[f"共{display.observation_value(dataset, s.whole_observation)}" for s in found],
            textposition="inside",
            insidetextanchor="end",
            textfont=dict(color=theme.TEXT),
            customdata=formulas,
            hovertemplate="%{customdata}<extra></extra>",
        )
    )
    used = [o for s in found for o in (s.part_observation, s.whole_observation)]
    fig.update_layout(
        barmode="stack",
        xaxis=dict(range=[0, 100], ticksuffix="%", tickmode="linear", tick0=0, dtick=20, title=None),
        yaxis=dict(type="category", showgrid=False),
        height=max(240, 170 + 60 * len(found)),
        showlegend=False,
        margin=dict(l=20, r=30),
    )
    approximate = any(s.approximate for s in found)
    return _made(
        dataset,
        fig,
        used,
        id=f"shares:{pillar or 'all'}",
        name=f"{pillar or ''}占比",
        title="“其中”占比" if pillar is None else f"{pillar}：“其中”占比",
        subtitle=f"{org} ｜ 占比由两项数字计算得出" + ("，原数字为约数，占比亦为约数" if approximate else ""),
    )


def count_by_year(dataset: Dataset, org: str, indicator: Indicator) -> Chart:
    """A count or amount with two or more yearly figures: one bar per year, missing years marked."""
    series = dataset.series(indicator.id, org)
    if len(series) < 2:
        raise NoData(f"「{indicator.name}」没有两个以上年份的数据")
    years = [o.period_end for o in series]
    fig = go.Figure(
        go.Bar(
            x=years,
            y=[o.value for o in series],
            marker=dict(color=theme.colour(dataset.pillars().index(indicator.pillar)),
                        pattern=dict(shape=["" if o.is_exact else "/" for o in series], fgcolor="white")),
            text=[display.observation_value(dataset, o) for o in series],
            textposition="outside",
            cliponaxis=False,
            customdata=[_hover_note(dataset, o) for o in series],
            hovertemplate="%{x}年：%{text}%{customdata}<extra></extra>",
        )
    )
    missing = [y for y in range(years[0], years[-1] + 1) if y not in years]
    for y in missing:
        fig.add_annotation(x=y, y=0, yanchor="bottom", text="无数据", showarrow=False, font=dict(color=theme.MUTED, size=11))
    top = max(o.value for o in series)
    fig.update_layout(
        xaxis=_year_axis(years),
        yaxis=dict(visible=False, range=[0, top * 1.25 if top > 0 else 1]),
        height=360,
        showlegend=False,
    )
    return _made(
        dataset,
        fig,
        series,
        id=f"by_year:{indicator.id}",
        name=f"{indicator.name}逐年",
        title=f"{indicator.name}：逐年",
        subtitle=f"{org} ｜ 单位：{indicator.unit}" + (f" ｜ {'、'.join(map(str, missing))}年无数据" if missing else ""),
    )


# --- data coverage -------------------------------------------------------------------------


def coverage(dataset: Dataset, org: str) -> Chart:
    """Which indicator has figures for which years: the honest map of what is known and what is not."""
    indicators = [i for i in dataset.indicators if dataset.observations_of(i.id, org)]
    if not indicators:
        raise NoData(f"{org}没有任何数字")
    indicators.reverse()
    fig = go.Figure()
    kinds = {"yearly": ("当年数字", "circle"), "span": ("跨年累计", "line-ew"), "undated": ("截至该年（未注明起始年份）", "square-open")}
    points: dict[str, list] = {k: [] for k in kinds}
    used = []
    for ind in indicators:
        label = _wrap_label(display.short(ind.name, 40), 14)
        for o in dataset.observations_of(ind.id, org):
            used.append(o)
            value = display.observation_value(dataset, o)
            hover = f"{ind.name}<br>{display.period(o)}（{display.years(o)}）：{value}"
            if o.type == "target":
                hover += "（目标）"
            if o.is_yearly:
                points["yearly"].append((o.period_end, label, hover, ind.pillar))
            elif o.period_start is None:
                points["undated"].append((o.period_end, label, hover, ind.pillar))
            else:
                fig.add_trace(
                    go.Scatter(x=[o.period_start, o.period_end], y=[label, label], mode="lines",
                               line=dict(color=theme.colour(dataset.pillars().index(ind.pillar)), width=6),
                               showlegend=False, hoverinfo="text", hovertext=hover)
                )
                points["span"].append((o.period_end, label, hover, ind.pillar))
    for kind, (name, symbol) in kinds.items():
        pts = points[kind]
        if not pts or kind == "span":
            continue
        fig.add_trace(
            go.Scatter(
                x=[p[0] for p in pts],
                y=[p[1] for p in pts],
                mode="markers",
                name=name,
                marker=dict(
                    symbol=symbol,
                    size=11,
                    color=[theme.colour(dataset.pillars().index(p[3])) for p in pts],
                    line=dict(width=2, color=[theme.colour(dataset.pillars().index(p[3])) for p in pts]),
                ),
                hoverinfo="text",
                hovertext=[p[2] for p in pts],
            )
        )
    years = sorted({y for o in used for y in (o.period_start, o.period_end) if y is not None})
    fig.update_layout(
        xaxis=dict(_year_axis(years), showgrid=True, gridcolor=theme.GRID),
        yaxis=dict(type="category", categoryorder="array",
                   categoryarray=[_wrap_label(display.short(i.name, 40), 14) for i in indicators],
                   showgrid=True, gridcolor="#F2F2F2"),
        height=max(300, 170 + 22 * len(indicators)),
        legend=dict(orientation="h", y=1.0, yanchor="bottom", x=1, xanchor="right"),
        margin=dict(l=20, r=20),
    )
    return _made(
        dataset,
        fig,
        used,
        id="coverage",
        name="数据覆盖情况",
        title="数据覆盖情况：哪些年份有公开数字",
        subtitle=f"{org} ｜ 每个标记是一条数字；空白表示该年没有数据，看板不作推算",
    )


# --- the catalogue ---------------------------------------------------------------------------


def catalog(dataset: Dataset, org: str) -> list[Chart]:
    """Every chart the data supports for one org, in the order the pages show them."""
    builders = [lambda: rate_trend(dataset, org), lambda: rate_change(dataset, org)]
    pairs = dataset.before_after_pairs(org)
    for pillar in dataset.by_pillar(org):
        builders.append(lambda p=pillar: pillar_figures(dataset, org, p))
        for before, _ in pairs:
            indicator = dataset.indicator(before.indicator)
            if indicator.pillar == pillar:
                builders.append(lambda i=indicator: before_after(dataset, org, i))
        builders.append(lambda p=pillar: shares(dataset, org, p))
        for indicator in dataset.indicators_of(pillar):
            if not indicator.is_rate and len(dataset.series(indicator.id, org)) >= 2:
                builders.append(lambda i=indicator: count_by_year(dataset, org, i))
        builders.append(lambda p=pillar: pillar_by_unit(dataset, org, p))
    builders.append(lambda: coverage(dataset, org))
    charts = []
    for build in builders:
        try:
            charts.append(build())
        except NoData:
            continue
    return charts
