"""What every chart shares: the `Spec` that names a chart, the frozen `Chart` it builds, the caption
derived from the data's sources, escaping of data text, and the finishing (template, title, subtitle,
caption line) for the screen or an export.

A `Chart` is cached and shared by every session (components/chart.py), so nothing changes one after it
is built: `finish` lays out a copy, and exports dress their own copies (`export.images.prepared`).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field, replace

import pandas as pd
import plotly.graph_objects as go

from .. import display, tables, theme
from ..model import Dataset, Observation, Source


class NoData(ValueError):
    """The dataset has nothing this chart could honestly show (message in Chinese)."""


@dataclass(frozen=True)
class Spec:
    """Which chart: its kind (a key of `charts.KINDS`) and the arguments that kind reads.

    Hashable, so it is the cache key of a built chart. `org` is whose figures a one-org chart shows,
    or which org a comparison highlights ("" for none); `orgs` the orgs a comparison or the small
    multiples show (data order); `year` the year a ranking compares; `years` the span of a heat table
    or of trends; `theme` a key of `theme.THEMES`. Kinds ignore the fields they do not read.
    """

    kind: str
    org: str = ""
    indicator: str = ""
    pillar: str = ""
    indicators: tuple[str, ...] = ()
    orgs: tuple[str, ...] = ()
    year: int | None = None
    years: tuple[int, int] | None = None
    group_by_parent: bool = False
    theme: str = "light"

    @property
    def id(self) -> str:
        """A stable name for file names, widget keys and the CLI's --charts (formatted, never parsed):
        rates, rates_change, pillar:主题读书, before_after:consultation_platforms, ranking:participation_rate:2024."""
        arg = self.indicator or self.pillar
        if self.kind == "shares" and not arg:
            arg = "all"
        if self.kind in ("ranking", "distribution") and self.year is not None:
            return f"{self.kind}:{arg}:{self.year}"
        return f"{self.kind}:{arg}" if arg else self.kind

    @property
    def look(self) -> theme.Theme:
        return theme.get(self.theme)


@dataclass(frozen=True)
class Chart:
    """A built chart: the plotly figure with title, subtitle and caption baked in, the figures it
    shows and their sources (so neither can disagree with the picture), and the table behind it.

    Frozen and shared between sessions: treat `figure` and `table` as read-only (`finish` and the
    exports work on copies)."""

    spec: Spec
    name: str  # short Chinese name, used in file names: 三率趋势
    title: str
    subtitle: str
    figure: go.Figure = field(repr=False, compare=False)
    observations: tuple[Observation, ...] = field(repr=False, compare=False)
    sources: tuple[Source, ...] = field(compare=False)
    table: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False, compare=False)
    top_room: int = 0  # extra top margin a chart needs (e.g. panel titles under the subtitle)

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def kind(self) -> str:
        return self.spec.kind

    @property
    def period(self) -> str:
        return display.year_span(self.observations)

    def caption(self, exported_on: str | None = None) -> str:
        parts = [f"数据来源：{citation(self.sources)}", f"期间：{self.period}"]
        if exported_on:
            parts.append(f"导出时间：{exported_on}")
        return " ｜ ".join(parts)


def citation(sources) -> str:
    """Sources as a caption names them, derived from sources.csv so it cannot go stale."""
    return "；".join(f"{s.publisher}《{s.title}》（{s.date}）" for s in sources) or "未注明"


# --- shared figure furniture ---------------------------------------------------------------

CAPTION_NAME = "caption"  # the annotation exports find and extend with the export date
# A label written inside the plot right of its point (a dumbbell's "92%（+72个百分点）"): a narrower
# layout (a phone) widens the axis so it still fits
INSIDE_LABEL_NAME = "inside-label"
# A label written left of a line's first point (a rates chart's start value "67.1%"): the year axis is
# widened on the left so it stands clear of the y-axis tick labels (`room_for_start_labels`)
START_LABEL_NAME = "start-label"
_OUR_TAGS = re.compile(r"&lt;(/?b|br|/?extra)&gt;")


def plotly_text(text: str) -> str:
    """Data text for Plotly, which reads HTML-like tags in every label: shown literally instead."""
    return html.escape(display.visible_controls(text), quote=False)


def _escape_all(fig: go.Figure) -> None:
    """Escape every text a chart function put into the figure from data, keeping the few tags the
    charts themselves use (<b>, <br>, <extra>). Run once per figure (the meta marks it)."""

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
        if axis.ticktext is not None:
            axis.ticktext = fix(list(axis.ticktext))


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


def _dress(chart: Chart, width_px: int, font_size: int, exported_on: str | None, show_title: bool,
           show_caption: bool, layout_px: int | None = None) -> None:
    """Template, title, subtitle and caption line on `chart.figure` itself (a figure no one else holds);
    the caption wrapped to `width_px`, the start labels given room for a figure `layout_px` wide (default
    `width_px`)."""
    fig = chart.figure
    look = chart.spec.look
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
        template=theme.template_of(look),
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
                font=dict(size=caption_size, color=look.muted),
            )
        )
    # Assigned, not update_layout(annotations=…): an empty list there is a no-op, which left the
    # caption on a chart whose only annotation it was.
    fig.layout.annotations = annotations
    room_for_start_labels(fig, layout_px or width_px, font_size)


def finish(
    chart: Chart,
    width_px: int = 1000,
    font_size: int = theme.SCREEN_FONT_SIZE,
    exported_on: str | None = None,
    show_title: bool = True,
    show_caption: bool = True,
) -> Chart:
    """A copy of `chart` laid out for `width_px`: the template, title, subtitle and the caption line
    (with the export date), or without title and caption where a slide or report page sets those as
    real text. The chart given is left as it was (it may be cached and shared)."""
    copied = replace(chart, figure=go.Figure(chart.figure))  # a deep copy, the meta (escaped) included
    _dress(copied, width_px, font_size, exported_on, show_title, show_caption)
    return copied


def made(dataset: Dataset, spec: Spec, figure: go.Figure, used: list[Observation], *, name: str, title: str,
         subtitle: str, table: pd.DataFrame | None = None, top_room: int = 0) -> Chart:
    """A finished Chart whose sources and table are derived from the figures it shows, so neither
    can disagree with the picture (a comparison passes its own ranking table)."""
    chart = Chart(spec=spec, name=name, title=title, subtitle=subtitle, figure=figure, observations=tuple(used),
                  sources=tuple(dataset.sources_of(used)),
                  table=tables.observation_rows(dataset, used) if table is None else table, top_room=top_room)
    _dress(chart, SCREEN_CAPTION_PX, theme.SCREEN_FONT_SIZE, None, True, True, layout_px=SCREEN_WIDTH_PX)
    return chart


# The narrowest width a chart is drawn at on a desktop screen: the main column beside the sidebar at
# 1366×768 (≈ 900 px; wider screens only give the plot more room). Room for labels is made for it.
SCREEN_WIDTH_PX = 900
# The width the caption of a chart on screen is wrapped to. The caption starts at the plot's left edge,
# which a ranking's labels push ~120 px into the main column (≈ 900 px wide at 1366×768 beside the
# sidebar): wrapped to 1000 px, a caption naming two sources ran past the right edge and was cut off
# (t1113 finding 6). 760 px leaves ≈ 57 characters a line.
SCREEN_CAPTION_PX = 760


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


# --- axes and labels -------------------------------------------------------------------------


def label_px(annotations, font_size: int) -> float:
    """The widest of these annotations in px at `font_size` (when they set none): its longest line (markup
    left out, a Chinese character or full-width bracket 1 em, anything else ≈ 0.62 em, digits and % being
    most of it) and its shift from its point. "（+3.6个百分点）" counted at 0.62 em a character was ~30 px
    short, and was cut at a phone's right edge (tester t13b)."""
    size = max((a.font.size or font_size) for a in annotations)
    return max(text_px(str(a.text), size) for a in annotations) + max(abs(a.xshift or 0) for a in annotations) + 6


def text_px(text: str, size: float) -> float:
    """The width in px of a chart text's longest line at `size` px (markup left out): a Chinese character or
    full-width bracket 1 em, anything else ≈ 0.62 em — an estimate, the figure is drawn in the browser."""
    lines = [re.sub(r"<[^>]+>", "", line) for line in text.split("<br>")]
    return max(sum(1.0 if ord(ch) > 0x2E80 else 0.62 for ch in line) for line in lines) * size


def room_for_start_labels(fig: go.Figure, width_px: int, font_size: int) -> None:
    """Widen a year axis on the left, in place, so the labels written left of the lines' first points
    (`START_LABEL_NAME` annotations, a rates chart's start values) stand clear of the y-axis tick labels
    in a figure `width_px` wide: the 0.6 year of padding is ~30 px on a phone and ~33 px of a 900-px
    screen's 12-year axis, and "22%" stood on the tick "20%" (tester, issue 14), "67.1%" on "80%"
    (tester t13, finding 4). The axis only ever widens, so a figure laid out again for another width
    keeps labels clear at both."""
    axis = fig.layout.xaxis
    starts = [a for a in fig.layout.annotations if a.name == START_LABEL_NAME]
    if not starts or not axis.range:
        return
    first = min(a.x for a in starts)  # a line starting later is labelled inside the plot, clear of the ticks
    label = label_px([a for a in starts if a.x == first], font_size)
    lo, hi = axis.range
    plot = width_px - (fig.layout.margin.l or 0) - (fig.layout.margin.r or 0)
    if plot <= label * 2:
        return  # no room for a plot beside such labels: leave the axis as it is
    # (first - lo) years must cover `label` px of a plot `plot` px wide spanning (hi - lo) years
    need = label * (hi - first) / (plot - label)
    if need > first - lo:
        axis.range = [first - need, hi]


def year_axis(years: list[int]) -> dict:
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


def percent_axis() -> dict:
    return dict(range=[0, 104], tickmode="linear", tick0=0, dtick=20, ticksuffix="%", title=None)


def spread(positions: list[float], min_gap: float, low: float, high: float) -> list[float]:
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


def wrap_label(text: str, width: int = 11) -> str:
    """Long Chinese names wrap onto lines of about `width` characters; a bracketed period goes
    onto its own line rather than being cut in the middle."""
    if len(text) <= width:
        return text
    if "（" in text and text.index("（") > 0:
        head, tail = text.split("（", 1)
        return wrap_label(head, width) + "<br>（" + tail
    return "<br>".join(text[i : i + width] for i in range(0, len(text), width))


def bar_label(dataset: Dataset, o: Observation) -> str:
    name = dataset.indicator(o.indicator).name
    period = o.period_label or (display.years(o) if o.period_start is not None else "")
    name = display.short(name, 30)
    return wrap_label(f"{name}（{period}）" if period else name, 14)


def hover_note(dataset: Dataset, o: Observation) -> str:
    src = dataset.source(o.source)
    note = f"<br>{o.note}" if o.note else ""
    return f"{note}<br>来源：{src.publisher}（{src.date}）"


def pillar_colour(dataset: Dataset, pillar: str, look: theme.Theme) -> str:
    pillars = dataset.pillars()
    return look.colour(pillars.index(pillar) if pillar in pillars else 0)
