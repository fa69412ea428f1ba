"""Counts and amounts of one org: a pillar's tile wall, same-unit bars, before/after, "其中" shares,
yearly bars; and the coverage map of which indicator has figures for which years."""

from __future__ import annotations

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from .. import display, theme
from ..cards import pillar_tiles
from ..model import Dataset, Observation
from .base import Chart, NoData, Spec, bar_label, hover_note, made, pillar_colour, wrap_label, year_axis


def pillar_figures(dataset: Dataset, spec: Spec) -> Chart:
    """A pillar's figures as a wall of number tiles in data order. Tiles, not bars: the figures have
    different units and periods, and a shared scale would compare what cannot be compared."""
    org, pillar, look = spec.org, spec.pillar, spec.look
    tiles = pillar_tiles(dataset, org, pillar)
    if not tiles:
        raise NoData(f"{org}在「{pillar}」没有数字")
    n = len(tiles)
    cols = 3 if n <= 3 else (3 if n in (5, 6, 9) else 4)
    rows = -(-n // cols)
    tile_px = 140  # tall enough for the value, a two-line name and a two-line note
    colour = pillar_colour(dataset, pillar, look)
    fig = go.Figure()
    gap = 0.012
    for i, tile in enumerate(tiles):
        r, c = divmod(i, cols)
        x0, x1 = c / cols + gap, (c + 1) / cols - gap
        y1, y0 = 1 - r / rows, 1 - (r + 1) / rows
        y1, y0 = y1 - (y1 - y0) * 0.04, y0 + (y1 - y0) * 0.04
        fig.add_shape(type="rect", xref="paper", yref="paper", x0=x0, x1=x1, y0=y0, y1=y1,
                      fillcolor=look.tile, line=dict(width=0), layer="below")
        fig.add_shape(type="rect", xref="paper", yref="paper", x0=x0, x1=x0 + 0.006, y0=y0, y1=y1,
                      fillcolor=colour, line=dict(width=0))
        text_x = x0 + 0.02
        fig.add_annotation(xref="paper", yref="paper", x=text_x, y=y1, yshift=-8, xanchor="left", yanchor="top",
                           showarrow=False, text=f"<b>{tile.value}</b>", font=dict(size=26, color=colour))
        fig.add_annotation(xref="paper", yref="paper", x=text_x, y=y1, yshift=-48, xanchor="left", yanchor="top",
                           showarrow=False, text=wrap_label(display.short(tile.name, 36), 12), align="left",
                           font=dict(size=14, color=look.text))
        parts = [part for part in (tile.period, tile.note) if part]
        small = " ｜ ".join(parts) if len(" ｜ ".join(parts)) <= 18 else "<br>".join(wrap_label(p, 18) for p in parts)
        if small:
            fig.add_annotation(xref="paper", yref="paper", x=text_x, y=y0, yshift=6, xanchor="left",
                               yanchor="bottom", showarrow=False, text=small, align="left",
                               font=dict(size=12, color=look.muted))
    fig.update_layout(
        xaxis=dict(visible=False, range=[0, 1]),
        yaxis=dict(visible=False, range=[0, 1]),
        height=180 + rows * tile_px,
        margin=dict(l=10, r=10),
        showlegend=False,
    )
    used = [o for t in tiles for o in t.observations]
    approximate = any(not o.is_exact for o in used)
    return made(
        dataset, spec, fig, used,
        name=f"{pillar}主要数字",
        title=f"{pillar}：主要数字",
        subtitle=f"{org} ｜ {len(tiles)}项，按数据表顺序" + (" ｜ “余”“近”“约”照原文保留" if approximate else ""),
    )


def pillar_by_unit(dataset: Dataset, spec: Spec) -> Chart:
    """Counts and amounts of a pillar that share a unit, as bars — one panel per unit, each on its
    own scale, so 场次 never stands beside 万元. Units with a single figure are left to the tiles."""
    org, pillar, look = spec.org, spec.pillar, spec.look
    paired = {a.indicator for a, _ in dataset.before_after_pairs(org)}
    by_unit: dict[str, list[Observation]] = {}
    for ind in dataset.indicators_of(pillar):
        if ind.is_rate or ind.id in paired or dataset.series(ind.id, org):
            continue
        by_unit.setdefault(ind.unit, []).extend(dataset.observations_of(ind.id, org, "actual"))
    by_unit = {u: obs for u, obs in by_unit.items() if len(obs) >= 2}
    if not by_unit:
        raise NoData(f"「{pillar}」没有两项以上同单位的数字可以比较")
    units = list(by_unit)
    heights = [len(v) for v in by_unit.values()]
    fig = make_subplots(rows=len(units), cols=1, row_heights=heights,
                        vertical_spacing=min(0.1, 0.45 / len(units)) if len(units) > 1 else 0,
                        subplot_titles=[f"单位：{u}" for u in units])
    colour = pillar_colour(dataset, pillar, look)
    for row, unit in enumerate(units, start=1):
        obs = list(reversed(by_unit[unit]))  # plotly draws categories bottom-up
        fig.add_trace(
            go.Bar(
                x=[o.value for o in obs],
                y=[bar_label(dataset, o) for o in obs],
                orientation="h",
                marker=dict(color=colour, pattern=dict(shape=["" if o.is_exact else "/" for o in obs],
                                                       fillmode="overlay", fgcolor=look.background, fgopacity=0.7,
                                                       size=8)),
                text=[display.observation_value(dataset, o) for o in obs],
                textposition="outside",
                cliponaxis=False,
                customdata=[[dataset.indicator(o.indicator).name, display.period(o), hover_note(dataset, o)]
                            for o in obs],
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
        annotation.update(x=0, xanchor="left", font=dict(size=12, color=look.muted))
    shown = [o for obs in by_unit.values() for o in obs]
    fig.update_layout(height=max(260, 150 + 42 * sum(heights) + 44 * len(units)), bargap=0.35,
                      margin=dict(l=20, r=50))
    approximate = any(not o.is_exact for o in shown)
    return made(
        dataset, spec, fig, shown,
        name=f"{pillar}同单位比较",
        title=f"{pillar}：同单位数字比较",
        subtitle=f"{org} ｜ 每组一个单位、各自刻度" + (" ｜ 斜纹为约数（余、近、约）" if approximate else ""),
        # the first panel's "单位：…" title sits below the subtitle, not on it
        top_room=round(theme.SCREEN_FONT_SIZE * 6.5) + 24,
    )


def before_after(dataset: Dataset, spec: Spec) -> Chart:
    """A figure before and after a change (协商平台 218 → 67), with the relative change."""
    org, look = spec.org, spec.look
    indicator = dataset.indicator(spec.indicator)
    pair = next(((a, b) for a, b in dataset.before_after_pairs(org) if a.indicator == indicator.id), None)
    if pair is None:
        raise NoData(f"「{indicator.name}」没有前后对比的两条数字")
    before, after = pair
    change = dataset.change_between(before, after)
    good = (change.amount or 0) >= 0 if indicator.higher_is_better else (change.amount or 0) <= 0
    fig = go.Figure(
        go.Bar(
            x=[before.period_label, after.period_label],
            y=[before.value, after.value],
            marker=dict(color=[look.neutral, pillar_colour(dataset, indicator.pillar, look)]),
            text=[display.observation_value(dataset, o) for o in pair],
            textposition="outside",
            cliponaxis=False,
            width=0.45,
            customdata=[hover_note(dataset, o) for o in pair],
            hovertemplate="%{x}：%{text}%{customdata}<extra></extra>",
        )
    )
    fig.add_annotation(x=0.5, y=max(before.value, after.value) * 1.12, text=f"<b>{display.change(change)}</b>",
                       showarrow=False, font=dict(size=18, color=look.positive if good else look.negative))
    fig.add_annotation(
        x=1, y=after.value, ax=0, ay=before.value, xref="x", yref="y", axref="x", ayref="y",
        showarrow=True, arrowhead=3, arrowwidth=2, arrowcolor=look.muted, standoff=12, startstandoff=12, text="",
    )
    fig.update_layout(
        xaxis=dict(type="category", title=None),
        yaxis=dict(visible=False, range=[0, max(before.value, after.value) * 1.3]),
        height=360,
        showlegend=False,
        margin=dict(l=20, r=20),
    )
    return made(
        dataset, spec, fig, [before, after],
        name=f"{indicator.name}前后对比",
        title=f"{indicator.name}：{before.period_label} → {after.period_label}",
        subtitle=f"{org} ｜ 单位：{indicator.unit} ｜ {display.change_words(change)}",
    )


def shares(dataset: Dataset, spec: Spec) -> Chart:
    """Parts of a whole declared with `part_of` (the source's "其中"): the share is computed here,
    marked 约 when its inputs are approximate, with the formula in the tooltip."""
    org, pillar, look = spec.org, spec.pillar or None, spec.look
    found = [s for s in dataset.shares(org) if pillar is None or s.part.pillar == pillar]
    if not found:
        raise NoData("没有“其中”关系的指标（在指标表的「所属指标」列声明）")
    found.reverse()
    labels = [wrap_label(display.short(s.part.name, 40), 14) for s in found]
    formulas = [display.share_formula(dataset, s) for s in found]
    colour = pillar_colour(dataset, found[0].part.pillar, look)
    fig = go.Figure()
    fig.add_trace(go.Bar(
        y=labels, x=[s.percent for s in found], orientation="h", name="其中", marker=dict(color=colour),
        text=[f"{display.share(s)}（{display.observation_value(dataset, s.part_observation)}）" for s in found],
        textposition="inside", insidetextanchor="start", textfont=dict(color=look.background),
        customdata=formulas, hovertemplate="%{customdata}<extra></extra>",
    ))
    fig.add_trace(go.Bar(
        y=labels, x=[100 - s.percent for s in found], orientation="h", name="其余", marker=dict(color=look.rest),
        text=[f"共{display.observation_value(dataset, s.whole_observation)}" for s in found],
        textposition="inside", insidetextanchor="end", textfont=dict(color=look.text),
        customdata=formulas, hovertemplate="%{customdata}<extra></extra>",
    ))
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
    return made(
        dataset, spec, fig, used,
        name=f"{pillar or ''}占比",
        title="“其中”占比" if pillar is None else f"{pillar}：“其中”占比",
        subtitle=f"{org} ｜ 占比由两项数字计算得出" + ("，原数字为约数，占比亦为约数" if approximate else ""),
    )


def count_by_year(dataset: Dataset, spec: Spec) -> Chart:
    """A count or amount with two or more yearly figures: one bar per year, missing years marked."""
    org, look = spec.org, spec.look
    indicator = dataset.indicator(spec.indicator)
    series = dataset.series(indicator.id, org)
    if len(series) < 2:
        raise NoData(f"「{indicator.name}」没有两个以上年份的数据")
    years = [o.period_end for o in series]
    fig = go.Figure(
        go.Bar(
            x=years,
            y=[o.value for o in series],
            marker=dict(color=pillar_colour(dataset, indicator.pillar, look),
                        pattern=dict(shape=["" if o.is_exact else "/" for o in series], fgcolor=look.background)),
            text=[display.observation_value(dataset, o) for o in series],
            textposition="outside",
            cliponaxis=False,
            customdata=[hover_note(dataset, o) for o in series],
            hovertemplate="%{x}年：%{text}%{customdata}<extra></extra>",
        )
    )
    missing = dataset.missing_years(indicator.id, org)
    for y in missing:
        fig.add_annotation(x=y, y=0, yanchor="bottom", text="无数据", showarrow=False,
                           font=dict(color=look.muted, size=11))
    top = max(o.value for o in series)
    fig.update_layout(
        xaxis=year_axis(years),
        yaxis=dict(visible=False, range=[0, top * 1.25 if top > 0 else 1]),
        height=360,
        showlegend=False,
    )
    return made(
        dataset, spec, fig, series,
        name=f"{indicator.name}逐年",
        title=f"{indicator.name}：逐年",
        subtitle=f"{org} ｜ 单位：{indicator.unit}" + (f" ｜ {'、'.join(map(str, missing))}年无数据" if missing else ""),
    )


def coverage(dataset: Dataset, spec: Spec) -> Chart:
    """Which indicator has figures for which years: the honest map of what is known and what is not."""
    org, look = spec.org, spec.look
    indicators = [i for i in dataset.indicators if dataset.observations_of(i.id, org)]
    if not indicators:
        raise NoData(f"{org}没有任何数字")
    indicators.reverse()
    fig = go.Figure()
    kinds = {"yearly": ("当年数字", "circle"), "span": ("跨年累计", "line-ew"),
             "undated": ("截至该年（未注明起始年份）", "square-open")}
    points: dict[str, list] = {k: [] for k in kinds}
    used = []
    for ind in indicators:
        label = wrap_label(display.short(ind.name, 40), 14)
        colour = pillar_colour(dataset, ind.pillar, look)
        for o in dataset.observations_of(ind.id, org):
            used.append(o)
            value = display.observation_value(dataset, o)
            hover = f"{ind.name}<br>{display.period(o)}（{display.years(o)}）：{value}"
            if o.type == "target":
                hover += "（目标）"
            if o.is_yearly:
                points["yearly"].append((o.period_end, label, hover, colour))
            elif o.period_start is None:
                points["undated"].append((o.period_end, label, hover, colour))
            else:
                fig.add_trace(go.Scatter(x=[o.period_start, o.period_end], y=[label, label], mode="lines",
                                         line=dict(color=colour, width=6), showlegend=False, hoverinfo="text",
                                         hovertext=hover))
                points["span"].append((o.period_end, label, hover, colour))
    for kind, (name, symbol) in kinds.items():
        pts = points[kind]
        if not pts or kind == "span":
            continue
        fig.add_trace(go.Scatter(
            x=[p[0] for p in pts], y=[p[1] for p in pts], mode="markers", name=name, legendgroup=kind,
            marker=dict(symbol=symbol, size=11, color=[p[3] for p in pts], line=dict(width=2, color=[p[3] for p in pts])),
            hoverinfo="text", hovertext=[p[2] for p in pts], showlegend=False,
        ))
        # The legend says the shape only, in a neutral colour: drawn from the marks, it showed the first
        # mark's pillar colour (a green dot for 当年数字) while the marks are coloured by pillar (tester t13b)
        fig.add_trace(go.Scatter(
            x=[None], y=[None], mode="markers", name=name, legendgroup=kind, hoverinfo="skip",
            marker=dict(symbol=symbol, size=11, color=look.muted, line=dict(width=2, color=look.muted)),
        ))
    years = sorted({y for o in used for y in (o.period_start, o.period_end) if y is not None})
    fig.update_layout(
        xaxis=dict(year_axis(years), showgrid=True, gridcolor=look.grid),
        yaxis=dict(type="category", categoryorder="array",
                   categoryarray=[wrap_label(display.short(i.name, 40), 14) for i in indicators],
                   showgrid=True, gridcolor=look.grid),
        height=max(300, 170 + 22 * len(indicators)),
        legend=dict(orientation="h", y=1.0, yanchor="bottom", x=1, xanchor="right"),
        margin=dict(l=20, r=20),
    )
    return made(
        dataset, spec, fig, used,
        name="数据覆盖情况",
        title="数据覆盖情况：哪些年份有公开数字",
        subtitle=f"{org} ｜ 每个标记是一条数字；空白表示该年没有数据，看板不作推算",
    )


def yearly_counts(dataset: Dataset, org: str, pillar: str) -> list:
    """(indicator, its yearly series) of a pillar's counts and amounts with two or more yearly figures."""
    found = []
    for ind in dataset.indicators_of(pillar):
        if not ind.is_rate:
            series = dataset.series(ind.id, org)
            if len(series) >= 2:
                found.append((ind, series))
    return found


def pillar_years(dataset: Dataset, spec: Spec) -> Chart:
    """A pillar's counts and amounts year by year, one small cell each, in one plot area: each cell's
    bars on its own scale from 0 (场次 never shares a scale with 万元), its unit in its title, its latest
    and its highest figure written on their bars, missing years marked 无, approximate figures hatched.
    One bar trace for all cells rather than a subplot each: a province's 40 indicators drew 33 charts
    (bench/many_orgs.py), subplots made four heavy ones."""
    org, pillar, look = spec.org, spec.pillar, spec.look
    found = yearly_counts(dataset, org, pillar)
    if len(found) < 2:
        raise NoData(f"「{pillar}」没有两项以上逐年的数字（一项时单独成图）")
    n = len(found)
    cols = n if n <= 5 else (3 if n == 6 else 5)  # wide rather than tall: the figure fits a slide and a screen
    rows = -(-n // cols)
    first = min(o.period_end for _, s in found for o in s)
    last = max(o.period_end for _, s in found for o in s)
    span = last - first + 1
    width, height, tall = span + 2.4, 1.0, 0.6  # a cell's width in years, its height, its bars' full height
    colour = pillar_colour(dataset, pillar, look)
    bars = {"x": [], "y": [], "base": [], "pattern": [], "hover": []}
    words = {"x": [], "y": [], "text": [], "position": []}
    fig = go.Figure()
    used = []
    for k, (ind, series) in enumerate(found):
        r, c = divmod(k, cols)
        x0, y0 = c * width, -r * height - 0.85  # bars stand on y0; the cell's title above them
        top = max(o.value for o in series) or 1
        used += series
        for o in series:
            bars["x"].append(x0 + o.period_end - first)
            bars["y"].append(o.value / top * tall)
            bars["base"].append(y0)
            bars["pattern"].append("" if o.is_exact else "/")
            bars["hover"].append(f"{ind.name}<br>{o.period_end}年：{display.observation_value(dataset, o)}")
        highest = max(series, key=lambda o: o.value)
        for o in dict.fromkeys([series[-1], highest]):
            at = o.period_end - first
            words["x"].append(x0 + at)
            words["y"].append(y0 + o.value / top * tall + 0.02)
            words["text"].append(display.observation_value(dataset, o))
            # a label at a cell's edge leans inwards, never into the next cell
            words["position"].append("top left" if at >= span - 2 else "top right" if at <= 1 else "top center")
        for y in dataset.missing_years(ind.id, org):
            words["x"].append(x0 + y - first)
            words["y"].append(y0 + 0.02)
            words["text"].append("无")
            words["position"].append("top center")
        fig.add_annotation(x=x0 - 0.5, y=y0 + tall + 0.2, xanchor="left", yanchor="bottom", showarrow=False,
                           align="left", text=f"<b>{display.short(ind.name, 14)}</b>（{ind.unit}）",
                           font=dict(size=12, color=look.text))
        fig.add_annotation(x=x0 - 0.5, y=y0, xanchor="left", yanchor="top", showarrow=False,
                           text=f"{series[0].period_end}", font=dict(size=10, color=look.muted))
        fig.add_annotation(x=x0 + series[-1].period_end - first + 0.5, y=y0, xanchor="right", yanchor="top",
                           showarrow=False, text=f"{series[-1].period_end}", font=dict(size=10, color=look.muted))
        fig.add_shape(type="line", x0=x0 - 0.5, x1=x0 + span - 0.5, y0=y0, y1=y0, line=dict(color=look.axis, width=1))
    fig.add_trace(go.Bar(
        x=bars["x"], y=bars["y"], base=bars["base"], width=0.78, showlegend=False,
        marker=dict(color=colour, pattern=dict(shape=bars["pattern"], fgcolor=look.background)),
        hovertext=bars["hover"], hovertemplate="%{hovertext}<extra></extra>",
    ))
    fig.add_trace(go.Scatter(x=words["x"], y=words["y"], text=words["text"], mode="text", textposition=words["position"],
                             textfont=dict(size=10, color=look.text), hoverinfo="skip", showlegend=False))
    fig.update_layout(
        xaxis=dict(visible=False, range=[-1, cols * width - 0.8]),
        yaxis=dict(visible=False, range=[-rows * height - 0.05, 0.05]),
        height=130 + 150 * rows,
        bargap=0,
        margin=dict(l=20, r=20),
    )
    missing = any(dataset.missing_years(i.id, org) for i, _ in found)
    return made(
        dataset, spec, fig, used,
        name=f"{pillar}逐年数字",
        title=f"{pillar}：{n}项数字逐年",
        subtitle=f"{org} ｜ {display.year_span(used)} ｜ 每格一项、各自刻度（从0起），标出最新和最高的数字"
        + (" ｜ “无”为该年无数据" if missing else ""),
    )
