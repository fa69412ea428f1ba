"""The 大屏 (issue 14): what the big screen in a meeting room or lobby shows, in which order its panels
rotate, and how its settings are read from the link — everything but the drawing (screens/screen.py).

The screen is laid out on a 1920×1080 design canvas (`DESIGN_WIDTH`×`DESIGN_HEIGHT` CSS pixels) that the
browser scales to the viewport, so every size in here is in design pixels. Charts come from the registry
(`charts.Spec`) in the dark look (`theme.DARK`); nothing here types a colour.

    settings(params, orgs, reload_hour=…) -> Settings      ?org=…&interval=…&reload=… read, with notices
    banner(dataset, org, now) -> Banner                      title, clock, as-of date, source line
    headline(dataset, org) -> [KeyFigure]                    the large figures (cards.key_figure)
    trend_spec(dataset, org) -> Spec | None                  the rates' trend, dark
    panels(dataset, org) -> [Panel]                          the carousel, in rotation order
    shown(panels, tick) -> Panel                             the panel of the tick-th rotation
    enlarged(chart, font_size, height) -> Chart              a registry chart laid out for the canvas
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime

import plotly.graph_objects as go

from . import cards, charts, compare, display, theme
from .cards import KeyFigure, Tile
from .charts import Chart, Spec
from .charts.base import text_px, wrap_label
from .model import Dataset

DESIGN_WIDTH, DESIGN_HEIGHT = 1920, 1080
TREND_WIDTH, PANEL_WIDTH = 960, 780  # the charts of the two columns (11:9 of the canvas less its margins)
LOOK = "dark"  # theme.DARK: the one dark look of the charts
FONT_SIZE = 24  # body text at 1920×1080 (issue 14: ≥ 24 px, legible from the back of a meeting room)
CHART_HEIGHT = 470  # the trend chart and a ranking chart, in design pixels: room left for a source line of two
# lines in the banner (a long article title) — at 520 a ranking's axis was cut at the bottom (tester, issue 14)
DEFAULT_INTERVAL = 15  # seconds per panel (issue 14)
MIN_INTERVAL, MAX_INTERVAL = 1, 3600
DEFAULT_RELOAD_HOUR = 4  # the page reloads itself once a day at this local hour (sheds browser memory)
RELOAD_HOUR_SETTING = "TONGXIN_SCREEN_RELOAD_HOUR"
TILES_PER_PANEL = 6  # a pillar's figures per panel (2 columns × 3 rows); more figures: more panels
TILE_NAME_FITS, TILE_NOTE_FITS = 14, 24  # characters on one line of a tile (26 px and 24 px text, 380 px wide)
RANKING_BARS = 12  # a ranking of more orgs is shown as its first rows in a table (bars would be too thin)
RANKING_ROWS = 8
SOURCES_SHOWN = 2  # the banner's source line names at most this many sources, then counts the rest
WEEKDAYS = "一二三四五六日"


@dataclass(frozen=True)
class Settings:
    """The 大屏's settings from its link: `org` (a name in the data), `interval` (seconds per panel,
    `MIN_INTERVAL`–`MAX_INTERVAL`), `reload_hour` (0–23, the browser's local time). `notices`: what was
    asked but could not be used, in Chinese (the screen shows them discreetly)."""

    org: str
    interval: int
    reload_hour: int
    notices: tuple[str, ...] = ()


def _number(text: str | None) -> float | None:
    try:
        value = float(str(text).strip())
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


def configured_reload_hour(environ: Mapping[str, str] | None = None) -> int:
    """The daily reload hour set on the server ($TONGXIN_SCREEN_RELOAD_HOUR, 0–23), else 4 (a time when
    no meeting is held). An unusable setting falls back to the default."""
    value = _number((environ if environ is not None else os.environ).get(RELOAD_HOUR_SETTING))
    return int(value) if value is not None and value == int(value) and 0 <= value <= 23 else DEFAULT_RELOAD_HOUR


def settings(params: Mapping[str, str], orgs: list[str], reload_hour: int | None = None) -> Settings:
    """Read `?org=…&interval=…&reload=…`. `orgs`: the data's orgs (the first is the default). A value
    that cannot be used gives way to the default, with a notice saying so; never an error."""
    notices = []
    org = (params.get("org") or "").strip()
    if not org or org not in orgs:
        if org:
            notices.append(f"数据中没有单位“{display.short(display.visible_controls(org), 20)}”，显示{orgs[0]}")
        org = orgs[0] if orgs else ""
    interval = DEFAULT_INTERVAL
    asked = params.get("interval")
    if asked not in (None, ""):
        value = _number(asked)
        if value is None:
            notices.append(f"轮播间隔“{display.short(str(asked), 10)}”不是秒数，按{DEFAULT_INTERVAL}秒轮播")
        else:
            interval = int(min(MAX_INTERVAL, max(MIN_INTERVAL, round(value))))
            if interval != value:  # 0, 0.2 or a day: said, not silently changed
                notices.append(f"轮播间隔应为{MIN_INTERVAL}–{MAX_INTERVAL}秒的整数，按{interval}秒轮播")
    hour = configured_reload_hour() if reload_hour is None else reload_hour
    asked = params.get("reload")
    if asked not in (None, ""):
        value = _number(asked)
        if value is not None and value == int(value) and 0 <= value <= 23:
            hour = int(value)
        else:
            notices.append(f"每日刷新时间“{display.short(str(asked), 10)}”应为0–23点，按{hour}点刷新")
    return Settings(org, interval, hour, tuple(notices))


@dataclass(frozen=True)
class Banner:
    """The title banner: 犍为县政协 · 同心共建质效 | 2026年11月29日 星期日 23:25 | 数据截至2024年 | 来源：…"""

    title: str
    clock: str
    as_of: str
    source: str


def clock(now: datetime) -> str:
    """2026年11月29日 星期日 23:25"""
    return f"{now.year}年{now.month}月{now.day}日 星期{WEEKDAYS[now.weekday()]} {now:%H:%M}"


def banner(dataset: Dataset, org: str, now: datetime) -> Banner:
    """The banner of `org`'s screen at `now`: the as-of date is the end of the latest period the org has
    a figure for (数据截至2024年), the source line names the sources of its figures (sources.csv)."""
    figures = dataset.figures_of(org)
    as_of = f"数据截至{max(o.period_end for o in figures)}年" if figures else "暂无数据"
    sources = dataset.sources_of(figures)
    named = "；".join(f"{s.publisher}《{s.title}》（{s.date}）" for s in sources[:SOURCES_SHOWN])
    more = f"等{len(sources)}个来源" if len(sources) > SOURCES_SHOWN else ""
    return Banner(f"{org} · 同心共建质效", clock(now), as_of, f"来源：{named}{more}" if sources else "来源：未注明")


def headline(dataset: Dataset, org: str) -> list[KeyFigure]:
    """The large figures: the headline indicators (else the rates) with their 百分点 change, at most four
    (`cards.headline_indicators`, the same cards as 总览 and the documents)."""
    found = (cards.key_figure(dataset, org, i) for i in cards.headline_indicators(dataset, org))
    return [card for card in found if card is not None]


def trend_spec(dataset: Dataset, org: str) -> Spec | None:
    """The trend of the headline rates (all rates when none is marked headline), dark; None without rates."""
    rates = tuple(i.id for i in cards.headline_indicators(dataset, org) if i.is_rate)
    if not rates and not any(dataset.series(i.id, org) for i in dataset.rate_indicators()):
        return None
    return Spec("rates", org, indicators=rates, theme=LOOK)


@dataclass(frozen=True)
class RankRow:
    rank: str  # 第1名, 并列第3名
    org: str
    value: str
    own: bool  # the screen's org


@dataclass(frozen=True)
class Panel:
    """One panel of the carousel. `kind`: "pillar" (a 板块's key figures: `tiles`) or "ranking" (where the
    org stands among the others: a registry chart `spec` when few orgs, else `rows`, the first of the
    ranking and the org's own row). `title` says what it is and `note` its period or page (1/2)."""

    id: str
    kind: str
    title: str
    note: str = ""
    tiles: tuple[Tile, ...] = ()
    spec: Spec | None = None
    rows: tuple[RankRow, ...] = ()


def _pillar_panels(dataset: Dataset, org: str) -> list[Panel]:
    found = []
    for pillar in dataset.by_pillar(org):
        tiles = cards.pillar_tiles(dataset, org, pillar)
        # three rows of two fit the canvas when each tile is one line of name and one of notes; longer
        # words wrap, so a pillar with any such tile gets two rows a panel (nothing cut off)
        long = any(len(t.name) > TILE_NAME_FITS or len(" ｜ ".join((t.period, t.note))) > TILE_NOTE_FITS
                   for t in tiles)
        per_panel = TILES_PER_PANEL if not long else TILES_PER_PANEL - 2
        count = math.ceil(len(tiles) / per_panel)
        size = math.ceil(len(tiles) / count) if count else 0  # 7 figures: 4 + 3, not 6 + 1
        pages = [tiles[k:k + size] for k in range(0, len(tiles), size)] if size else []
        for n, page in enumerate(pages, 1):
            note = f"（{n}/{len(pages)}）" if len(pages) > 1 else ""
            found.append(Panel(f"pillar:{pillar}:{n}", "pillar", pillar, note, tiles=tuple(page)))
    return found


def _ranking_panels(dataset: Dataset, org: str) -> list[Panel]:
    groups = compare.scopes(dataset, org)
    if not groups:
        return []
    group = groups[0]  # the most specific group: the same parent in orgs.csv, else every org
    found = []
    chosen = cards.headline_indicators(dataset, org) or dataset.rate_indicators()
    for indicator in chosen:
        years = [y for y in compare.comparable_years(dataset, indicator.id, group.orgs)
                 if org in dataset.yearly(indicator.id).get(y, {})]
        if not years:
            continue
        try:
            found_ranking = compare.ranking(dataset, indicator.id, years[-1], group.orgs)
        except compare.NoComparison:
            continue
        title = f"{indicator.name}排名"
        note = f"{group.label} ｜ {found_ranking.period_words}"
        if found_ranking.n <= RANKING_BARS:
            spec = Spec("ranking", org, indicator=indicator.id, year=years[-1], orgs=group.orgs, theme=LOOK)
            found.append(Panel(f"ranking:{indicator.id}", "ranking", title, note, spec=spec))
            continue
        shown = list(found_ranking.entries[:RANKING_ROWS])
        own = found_ranking.entry(org)
        if own is not None and own not in shown:
            shown[-1] = own
        rows = tuple(RankRow(("并列" if e.tied else "") + f"第{e.rank}名", dataset.short_name(e.org),
                             display.observation_value(dataset, e.observation), e.org == org) for e in shown)
        found.append(Panel(f"ranking:{indicator.id}", "ranking", title, note, rows=rows))
    return found


def panels(dataset: Dataset, org: str) -> list[Panel]:
    """The carousel in rotation order: each 板块's key figures in data order (split into pages of
    `TILES_PER_PANEL`), then, with several orgs, the org's ranking on each headline indicator."""
    return _pillar_panels(dataset, org) + _ranking_panels(dataset, org)


def shown(found: list[Panel], tick: int) -> Panel | None:
    """The panel of the `tick`-th rotation (0 first), cycling; None when there is no panel."""
    return found[tick % len(found)] if found else None


PHONE_WIDTH, PHONE_FONT_SIZE = 340, 12  # a chart on a 390-px phone screen, in CSS pixels
PHONE_LABEL_SHARE = 0.35  # category names wider than this share of a phone's width are shortened
PHONE_LABEL_CHARS = 8  # characters a line of a shortened category name (108 px at 12 px text)
PHONE_PLOT_SHARE = 0.3  # the least share of a phone's plot width left to the points beside direct labels
PHONE_MODEBAR_PX = 30  # Plotly's toolbar over the top right of a chart: a title pinned to the top stays under it
PHONE_WORDS = ("iphone", "android", "mobile", "micromessenger", "harmonyos")


def is_phone(user_agent: str | None) -> bool:
    """Whether the browser says it is a phone (WeChat's browser included): the 大屏 then draws its charts
    at the phone's text size, stacked (the canvas is not scaled down to a phone's width)."""
    agent = (user_agent or "").lower()
    return any(word in agent for word in PHONE_WORDS) and "ipad" not in agent


def enlarged(chart: Chart, font_size: int = FONT_SIZE, height: int = CHART_HEIGHT, width: int | None = None) -> Chart:
    """A copy of a registry chart laid out for the canvas: its template and look kept, text at
    `font_size` (the sizes a chart set for its own labels grow in proportion), `height` and `width` design
    pixels (width None: the chart stretches to its container),
    title and caption left to the panel (the banner names the sources). The chart given is unchanged."""
    laid = charts.finish(chart, width_px=DESIGN_WIDTH // 2, font_size=font_size, show_title=False,
                         show_caption=False)
    fig: go.Figure = laid.figure
    grow = font_size / theme.SCREEN_FONT_SIZE
    for annotation in fig.layout.annotations:
        if annotation.font.size:
            annotation.font.size = max(font_size, round(annotation.font.size * grow))
    for name in [k for k in fig.layout.to_plotly_json() if k.startswith(("xaxis", "yaxis"))]:
        axis = fig.layout[name]
        if axis.tickfont.size:  # a chart's own small ticks (a ranking's org names) grow too
            axis.tickfont.size = max(font_size, round(axis.tickfont.size * grow))
    for trace in fig.data:
        textfont = getattr(trace, "textfont", None)
        if textfont is not None and textfont.size:
            trace.textfont.size = max(font_size, round(textfont.size * grow))
    margin = fig.layout.margin
    fig.update_layout(
        height=height,
        width=width,
        margin=dict(l=round((margin.l or 60) * grow), r=round((margin.r or 30) * grow), t=round(font_size * 1.5),
                    b=round(font_size * 2.5)),
        hovermode=False,
    )
    # the margins grew with the text: the start labels' room is made again for the plot now left
    charts.room_for_start_labels(fig, width or DESIGN_WIDTH // 2, font_size)
    return replace(laid, figure=fig)


def _legend_entries(fig: go.Figure) -> int:
    """How many entries the figure's legend shows (Plotly shows one for two or more named traces, or
    when asked to)."""
    named = [t for t in fig.data if t.name and t.showlegend is not False]
    if fig.layout.showlegend is False or (len(named) < 2 and fig.layout.showlegend is not True):
        return 0
    return len(named)


def _categories(fig: go.Figure) -> list[str]:
    """The text categories of the y axis, bottom up (its category array, else as the traces name them)."""
    axis = fig.layout.yaxis
    if axis.categoryarray is not None:
        return list(axis.categoryarray)
    found = {y: None for t in fig.data for y in (t.y if t.y is not None else ()) if isinstance(y, str)}
    return list(found)


def _category_labels_px(fig: go.Figure, font_size: int) -> int:
    """The width in px of the category labels left of a plot (Plotly's automargin makes that room; 0
    when the y axis has no text categories): the longest line of the longest label as shown (its tick
    text when the axis sets one)."""
    axis = fig.layout.yaxis
    names = list(axis.ticktext) if axis.ticktext is not None else _categories(fig)
    lines = [line for name in names if isinstance(name, str)
             for line in re.sub(r"<(?!br)[^>]+>", "", name).split("<br>")]
    return max(map(len, lines)) * font_size + 12 if lines else 0


def _label_lines(fig: go.Figure) -> int:
    """The most lines a y-axis category label has."""
    axis = fig.layout.yaxis
    names = list(axis.ticktext) if axis.ticktext is not None else _categories(fig)
    return max((str(name).count("<br>") + 1 for name in names), default=0)


def _shorter_category_labels(fig: go.Figure, width: int, font_size: int) -> None:
    """Category names that would take more than `PHONE_LABEL_SHARE` of a phone's width (a coverage map's
    "委员会议及专题协商会议…" wrapped at 14 characters, 180 px of 340) shown shorter: cut to two lines of
    `PHONE_LABEL_CHARS` and wrapped, as tick text (the categories and the hover keep the whole name). The
    plot beside them had ~80 px left (tester t13b)."""
    if _category_labels_px(fig, font_size) <= width * PHONE_LABEL_SHARE or "yaxis2" in fig.layout:
        return  # (a figure of several y axes, by_unit's panels, keeps its names: one axis's tick text is set)
    axis = fig.layout.yaxis
    names = _categories(fig)
    shown = list(axis.ticktext) if axis.ticktext is not None else names
    values = list(axis.tickvals) if axis.tickvals is not None else names

    def shorter(label: str) -> str:
        bold = label.startswith("<b>")
        plain = re.sub(r"<[^>]+>", "", label.replace("<br>", ""))
        head, bracket, tail = plain.partition("（")  # a bracketed period keeps its own line (wrap_label)
        text = wrap_label(display.short(head, PHONE_LABEL_CHARS * 2), PHONE_LABEL_CHARS) \
            + (f"<br>（{display.short(tail, PHONE_LABEL_CHARS)}" if bracket and head else "")
        return f"<b>{text}</b>" if bold else text

    axis.update(tickmode="array", tickvals=values, ticktext=[shorter(str(label)) for label in shown])


def _rows_tall_enough(fig: go.Figure, font_size: int) -> None:
    """A category axis whose rows are lower than their labels grows the figure: 9 indicators in 122 px of a
    phone's coverage map (its margins grew with the wrapped title) showed only every other name (tester
    t13b). A row: its label's lines at 1.3 line height and a little air."""
    lines = _label_lines(fig)
    rows = len(_categories(fig))
    if not rows or fig.layout.yaxis.type != "category":
        return
    margin = fig.layout.margin
    plot = (fig.layout.height or 450) - (margin.t or 0) - (margin.b or 0)
    need = rows * (lines * font_size * 1.3 + 6)
    if need > plot:
        fig.layout.height = round((fig.layout.height or 450) + need - plot)


def _caption_beside_labels(fig: go.Figure, chart: Chart, width: int, font_size: int) -> None:
    """The caption (sources and period) starts where the plot starts; beside long category labels it
    was wrapped to the whole width and cut at the right edge of a phone: wrapped again to what is left."""
    left = _category_labels_px(fig, font_size)
    caption = next((a for a in fig.layout.annotations if a.name == charts.CAPTION_NAME), None)
    if not left or caption is None:
        return
    size = caption.font.size or font_size
    lines = _whole_years(charts.wrap(chart.caption(), max(8, (width - left) / size - 2)).split("<br>"))
    added = len(lines) - (caption.text.count("<br>") + 1)
    caption.text = "<br>".join(charts.plotly_text(line) for line in lines)
    if added > 0:
        fig.layout.margin.b = (fig.layout.margin.b or 0) + added * round(size * 1.45)


def _room_for_inside_labels(fig: go.Figure, width: int, font_size: int) -> None:
    """Widen the x axis so labels written inside the plot fit: those right of their point
    (`charts.INSIDE_LABEL_NAME` annotations) before its right edge, a trace's texts left of its markers
    after its left edge. On a phone a dumbbell's "92%（+72个百分点）" was cut at the right, and once the axis
    was widened for it, "20%" left of the first marker ran into the rate's name."""
    right = [a for a in fig.layout.annotations if a.name == charts.INSIDE_LABEL_NAME]
    axis = fig.layout.xaxis
    if not right or not axis.range:
        return
    left = [t for t in fig.data if t.text is not None and t.textposition == "middle left" and "text" in (t.mode or "")]
    lo, hi = axis.range
    x_max = max(a.x for a in right)
    x_min = min((min(t.x) for t in left), default=lo)
    left_px = max((text_px(str(text), font_size) for t in left for text in t.text), default=0) + 14 if left else 0
    plot = width - max((fig.layout.margin.l or 0), _category_labels_px(fig, font_size)) - (fig.layout.margin.r or 0)
    if plot - left_px - charts.label_px(right, font_size) < plot * PHONE_PLOT_SHARE:
        # "78.8%（+3.6个百分点）" beside 群众诉求解决率 left the points too little of a phone's width, and the
        # axis was left as it was: the label was cut at the right edge (tester t13b). The change in its
        # brackets (the subtitle says what they hold) goes on a second line.
        for a in right:
            a.update(text=a.text.replace("（", "<br>（", 1), align="left")
    right_px = charts.label_px(right, font_size)
    if plot - left_px - right_px <= 0:
        return  # no width left for a plot at all: nothing an axis range can do
    # Axis units a pixel: the least for which the axis keeps its range and both labels fit (the right
    # label beyond the highest point, the left one before the lowest) — each bound alone, and both
    per_px = max((hi - lo) / plot, (x_max - lo) / (plot - right_px), (hi - x_min) / (plot - left_px),
                 (x_max - x_min) / (plot - left_px - right_px))
    low = min(lo, x_min - left_px * per_px)
    axis.range = [low, low + plot * per_px]
    ticks = list(axis.tickvals or ())
    if len(ticks) > 4:  # six ticks on a narrower axis were turned on their side, into the caption
        kept = [t for t in ticks if t % 50 == 0]
        kept = kept if len(kept) >= 3 else ticks[::2]
        text = dict(zip(ticks, axis.ticktext or [str(t) for t in ticks]))
        axis.update(tickvals=kept, ticktext=[text[t] for t in kept], tickangle=0)


def _whole_years(lines: list[str]) -> list[str]:
    """Wrapped lines where a year (or 2021–2023 and the 年 after it) is never cut in two: the digits, and a
    range's dash, move to the next line."""
    lines = list(lines)
    for k in range(len(lines) - 1):
        if not (lines[k + 1][:1].isdigit() or lines[k + 1][:1] == "年"):
            continue
        head = lines[k].rstrip("0123456789–-")
        if head:
            lines[k], lines[k + 1] = head, lines[k][len(head):] + lines[k + 1]
    return lines


def for_phone(chart: Chart, width: int = PHONE_WIDTH, font_size: int = PHONE_FONT_SIZE) -> Chart:
    """A copy of a registry chart laid out for a phone's width: smaller text, the title and caption
    wrapped to the width, the room kept for direct labels shrunk with the text (a label too wide for it
    wrapped), long category names shortened and their rows made tall enough, a legend under a title kept
    below the toolbar, and a year axis of many years labelled every other year, upright, or, too narrow for
    that, on its side with room kept above the caption (`_year_ticks`). The chart given is unchanged (it
    may be cached and shared)."""
    laid = charts.finish(chart, width_px=width, font_size=font_size)
    fig: go.Figure = laid.figure
    _shorter_category_labels(fig, width, font_size)
    title_lines = _whole_years(charts.wrap(chart.title, width / (font_size * 1.45) - 1).split("<br>")) \
        if chart.title else []
    if len(title_lines) > 1:
        fig.layout.title.text = "<br>".join(f"<b>{charts.plotly_text(line)}</b>" for line in title_lines)
        fig.layout.margin.t = (fig.layout.margin.t or 0) + round(font_size * 1.45 * 1.3) * (len(title_lines) - 1)
    sub_size = font_size * 0.95  # the subtitle's size (charts.finish)
    sub_lines = _whole_years(charts.wrap(chart.subtitle, width / (sub_size * 1.1) - 1).split("<br>")) \
        if chart.subtitle else []
    if len(sub_lines) > 1:  # a subtitle of org, years, unit and gaps ran past a phone's right edge (tester, issue 14)
        fig.layout.title.subtitle.text = "<br>".join(charts.plotly_text(line) for line in sub_lines)
        fig.layout.margin.t = (fig.layout.margin.t or 0) + round(sub_size * 1.7) * (len(sub_lines) - 1)
    shrink = font_size / theme.SCREEN_FONT_SIZE
    margin = fig.layout.margin
    fig.update_layout(margin=dict(l=round((margin.l or 60) * shrink), r=round((margin.r or 30) * shrink)))
    for annotation in fig.layout.annotations:
        if annotation.font.size and annotation.name != charts.CAPTION_NAME:
            annotation.font.size = max(10, round(annotation.font.size * shrink))
    entries = _legend_entries(fig)
    if entries:
        # A legend above the plot wrapped into rows on a phone and climbed over the subtitle (tester,
        # issue 14): one entry a line from the left edge, under a title block pinned to the top — below
        # the toolbar, which was drawn over the title's end (tester t13b)
        line = round(font_size * 1.7)
        title_block = round(font_size * 1.45 * 1.3) * len(title_lines) + round(sub_size * 1.7) * len(sub_lines) \
            + PHONE_MODEBAR_PX + 6
        fig.update_layout(
            title=dict(yref="container", y=1, yanchor="top", pad=dict(t=PHONE_MODEBAR_PX)),
            # from the plot's left edge: one at the container's pushed the plot's left margin past the
            # legend's width, and a coverage map was left ~80 px at the right (tester t13b)
            legend=dict(orientation="v", xref="paper", x=0, xanchor="left", yref="paper", y=1, yanchor="bottom"),
            margin=dict(t=max(fig.layout.margin.t or 0, title_block + line * entries + 8)),
        )
    charts.room_for_start_labels(fig, width, font_size)  # with the margins shrunk for the phone
    _room_for_inside_labels(fig, width, font_size)
    _caption_beside_labels(fig, chart, width, font_size)
    # The title block from the figure's left edge: from the plot's, a chart with long category labels
    # (a dumbbell's rate names) had its title start mid-screen and cut at the right edge
    fig.update_layout(title=dict(xref="container", x=0, xanchor="left", pad=dict(l=4)))
    _year_ticks(fig, width, font_size)
    _rows_tall_enough(fig, font_size)
    return replace(laid, figure=fig)


def _year_ticks(fig: go.Figure, width: int, font_size: int) -> None:
    """Year axes on a phone: of many years every other one, the latest kept, upright (rotated years ran
    into the caption, tester issue 14). An axis too narrow for even those upright (a small multiple, ~60 px
    a panel) keeps its years turned on their side with room made for them under it: they ran into the
    caption (tester t13b)."""
    plot = width - (fig.layout.margin.l or 0) - (fig.layout.margin.r or 0)
    label = 4 * 0.62 * font_size + 8  # "2024" and the air between two
    turned = False
    for name in [k for k in fig.layout.to_plotly_json() if k.startswith("xaxis")]:
        axis = fig.layout[name]
        ticks = list(axis.tickvals or ())
        if not ticks or not all(isinstance(t, int) and 1900 < t < 2200 for t in ticks):
            continue
        low, high = axis.domain or (0, 1)
        fits = (high - low) * plot // label
        kept = ticks[::-1][::2][::-1] if len(ticks) > 4 or len(ticks) > fits else ticks  # the latest kept
        if len(kept) <= fits:
            axis.update(tickvals=kept, ticktext=[str(t) for t in kept], tickangle=0)
        elif axis.showticklabels is not False:
            axis.update(tickangle=-90)
            turned = True
    caption = next((a for a in fig.layout.annotations if a.name == charts.CAPTION_NAME), None)
    if turned and caption is not None:
        extra = round(label)  # a year on its side is as tall as it was wide
        caption.yshift = (caption.yshift or 0) - extra
        fig.layout.margin.b = (fig.layout.margin.b or 0) + extra
