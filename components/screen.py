"""The 大屏's drawing: the canvas (a 1920×1080 design scaled to the viewport by the browser), its live
data (the store's current version, the last good one kept when the folder turns invalid), the cached
charts and the HTML of the banner, the large figures and a panel. What to show is `tongxin.screen`.

Colours are the dark look's (`theme.DARK`); sizes are design pixels (`screen.DESIGN_WIDTH`).
"""

from __future__ import annotations

import base64
import html
import logging
from dataclasses import dataclass

import streamlit as st

from components import data
from tongxin import charts, display, screen, theme
from tongxin.cards import KeyFigure, Tile
from tongxin.charts import Chart, NoData, Spec
from tongxin.export import images
from tongxin.model import Dataset

LOOK = theme.get(screen.LOOK)
CANVAS_KEY = "tx-screen"  # st.container(key=…) → the element's class st-key-tx-screen
STACK_BELOW = 640  # px of viewport width: below it (a phone) the panels stack (Streamlit stacks columns too)
_LAST_GOOD = "_tongxin_screen_last_good"
_TICK = "_tongxin_screen_tick"

# The canvas: fixed, design size, scaled by --tx-s and centred (set by the script below); the rest of
# Streamlit's chrome hidden. Stacked on a phone (html.tx-stack): ordinary flow, one column.
_STYLE = """<style>
:root {{ --tx-s: 1; --tx-x: 0px; --tx-y: 0px; }}
html, body, .stApp, [data-testid=stAppViewContainer], [data-testid=stMain] {{ background: {bg} !important; }}
html:not(.tx-stack), html:not(.tx-stack) body, html:not(.tx-stack) [data-testid=stAppViewContainer],
html:not(.tx-stack) [data-testid=stMain] {{ overflow: hidden !important; }}
html, body {{ scrollbar-width: none; }}
[data-testid=stSidebar], [data-testid=stSidebarCollapsedControl], [data-testid=stHeader],
[data-testid=stToolbar], [data-testid=stDecoration], [data-testid=stStatusWidget], footer {{ display: none !important; }}
[data-testid=stMainBlockContainer] {{ padding: 0 !important; max-width: none !important; }}
.st-key-{key} {{ position: fixed !important; left: 0; top: 0; width: {w}px !important;
  height: {h}px !important; max-width: none !important; flex: none !important; z-index: 10;
  transform: translate(var(--tx-x), var(--tx-y)) scale(var(--tx-s)); transform-origin: 0 0; background: {bg}; color: {text}; padding: 24px 36px;
  box-sizing: border-box; overflow: hidden; gap: 20px; font-family: {font}; font-size: {size}px; }}
.st-key-{key} [data-stale=true], .st-key-{key} .stale-element {{ opacity: 1 !important; transition: none !important; }}
.tx-banner {{ display: flex; justify-content: space-between; align-items: flex-end; gap: 32px;
  border-bottom: 2px solid {grid}; padding-bottom: 14px; }}
.tx-title {{ font-size: 52px; font-weight: 700; line-height: 1.2; color: {text}; letter-spacing: 2px; }}
.tx-meta {{ text-align: right; font-size: {size}px; line-height: 1.45; color: {muted}; min-width: 0; }}
.tx-clock {{ font-size: 32px; color: {text}; }}
.tx-source {{ max-width: 1000px; overflow-wrap: anywhere; }}
.tx-notice {{ color: {muted}; font-size: {size}px; }}
.tx-panel-head > div:first-child {{ white-space: nowrap; overflow: hidden; text-overflow: ellipsis; min-width: 0; }}
.tx-figures {{ display: grid; grid-template-columns: repeat(var(--tx-cards), 1fr); gap: 24px; }}
.tx-figure {{ background: {tile}; border: 1px solid {grid}; border-radius: 10px; padding: 16px 28px; min-width: 0; }}
.tx-label {{ font-size: 30px; color: {muted}; line-height: 1.3; }}
.tx-value {{ font-size: 96px; font-weight: 700; line-height: 1.1; color: {text}; font-variant-numeric: tabular-nums; }}
.tx-change {{ font-size: 30px; line-height: 1.3; }}
.tx-good {{ color: {positive}; }} .tx-bad {{ color: {negative}; }} .tx-flat, .tx-none {{ color: {muted}; }}
.tx-period {{ font-size: {size}px; color: {muted}; line-height: 1.4; }}
.tx-panel-head {{ display: flex; justify-content: space-between; align-items: baseline; gap: 24px;
  border-left: 8px solid {accent}; padding-left: 16px; margin-bottom: 8px; }}
.tx-panel-title {{ font-size: 36px; font-weight: 700; color: {text}; line-height: 1.3; }}
.tx-panel-note {{ font-size: {size}px; color: {muted}; }}
.tx-dots {{ font-size: {size}px; color: {muted}; letter-spacing: 4px; white-space: nowrap; }}
.tx-tiles {{ display: grid; grid-template-columns: repeat(2, 1fr); gap: 18px; }}
.tx-tile {{ background: {tile}; border: 1px solid {grid}; border-radius: 10px; padding: 14px 22px; min-width: 0; }}
.tx-tile-name {{ font-size: 26px; color: {muted}; line-height: 1.35; }}
.tx-tile-value {{ font-size: 50px; font-weight: 700; color: {text}; line-height: 1.2; overflow-wrap: anywhere; }}
.tx-tile-note {{ font-size: {size}px; color: {muted}; line-height: 1.35; }}
.tx-rows {{ width: 100%; border-collapse: collapse; font-size: 30px; color: {text}; }}
.tx-rows td {{ padding: 6px 12px; border-bottom: 1px solid {grid}; }}
.tx-rows td:nth-child(2) {{ width: 60%; }}
.tx-rows td.tx-rank, .tx-rows td.tx-num {{ text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }}
.tx-rows tr.tx-own td {{ color: {highlight}; font-weight: 700; }}
.tx-chart {{ display: block; width: 100%; height: auto; }}
.tx-empty {{ font-size: 36px; color: {muted}; padding: 120px 40px; text-align: center; line-height: 1.6; }}
html.tx-stack .st-key-{key} {{ position: static !important; transform: none; width: auto !important;
  height: auto !important; overflow: visible;
  padding: 12px 14px; font-size: 16px; }}
html.tx-stack .tx-banner {{ display: block; }}
html.tx-stack .tx-title {{ font-size: 26px; }}
html.tx-stack .tx-meta {{ text-align: left; font-size: 14px; margin-top: 6px; }}
html.tx-stack .tx-clock {{ font-size: 16px; }}
html.tx-stack .tx-figures, html.tx-stack .tx-tiles {{ grid-template-columns: 1fr; gap: 10px; }}
html.tx-stack .tx-value {{ font-size: 44px; }} html.tx-stack .tx-label, html.tx-stack .tx-change {{ font-size: 17px; }}
html.tx-stack .tx-panel-title {{ font-size: 22px; }} html.tx-stack .tx-tile-value {{ font-size: 30px; }}
html.tx-stack .tx-tile-name, html.tx-stack .tx-period, html.tx-stack .tx-panel-note, html.tx-stack .tx-tile-note,
html.tx-stack .tx-notice, html.tx-stack .tx-dots {{ font-size: 14px; }}
html.tx-stack .tx-rows {{ font-size: 16px; }} html.tx-stack .tx-empty {{ font-size: 18px; padding: 40px 10px; }}
</style>"""

# Fits the canvas to the window (and again on every resize); reloads the page once a day at the chosen
# local hour to shed what the browser accumulated. Idempotent: a rerun of the page replaces the timer.
_SCRIPT = """<script>
(function () {
  const root = document.documentElement, W = %(w)d, H = %(h)d, STACK = %(stack)d, HOUR = %(hour)d;
  function fit() {
    const w = window.innerWidth, h = window.innerHeight;
    if (w < STACK) { root.classList.add('tx-stack'); return; }
    root.classList.remove('tx-stack');
    const s = Math.min(w / W, h / H);  // the whole canvas, centred: bands of background beside or below it
    root.style.setProperty('--tx-s', s);
    root.style.setProperty('--tx-x', ((w - W * s) / 2) + 'px');
    root.style.setProperty('--tx-y', ((h - H * s) / 2) + 'px');
  }
  if (!window.__txFit) { window.__txFit = fit; window.addEventListener('resize', () => window.__txFit()); }
  window.__txFit = fit;
  fit();
  clearTimeout(window.__txReload);
  const now = new Date(), next = new Date(now);
  next.setHours(HOUR, 0, 0, 0);
  if (next <= now) next.setDate(next.getDate() + 1);
  window.__txReload = setTimeout(() => {
    if (document.querySelector('.st-key-%(key)s')) window.location.reload();  // still on the 大屏
  }, next - now);
})();
</script>"""


def canvas(reload_hour: int) -> None:
    """The canvas style and its fitting script (once per page run, outside the carousel)."""
    st.set_page_config(initial_sidebar_state="collapsed")
    images.warm_up()  # the pictures' browser starts in the background while the data is read
    style = _STYLE.format(
        w=screen.DESIGN_WIDTH, h=screen.DESIGN_HEIGHT, key=CANVAS_KEY, bg=LOOK.background, text=LOOK.text,
        muted=LOOK.muted, grid=LOOK.grid, tile=LOOK.tile, positive=LOOK.positive, negative=LOOK.negative,
        highlight=LOOK.highlight, accent=LOOK.colour(0), font=theme.FONT_FAMILY, size=screen.FONT_SIZE,
    )
    st.html(style)
    st.html(_SCRIPT % dict(w=screen.DESIGN_WIDTH, h=screen.DESIGN_HEIGHT, stack=STACK_BELOW, hour=reload_hour,
                           key=CANVAS_KEY), unsafe_allow_javascript=True)


def live() -> tuple[data.Loaded | None, str]:
    """The data to show now, read through the store like every page (a save on 数据维护 shows at the next
    rotation), and a discreet notice when it is not the current data. When nothing valid can be read, the
    last good data this browser showed is kept. (None, notice) only if there never was any."""
    try:
        loaded = data.current()
    except Exception:  # noqa: BLE001 — a wall screen never shows a traceback; the log has it
        import logging

        logging.getLogger("tongxin").exception("the 大屏 could not read the data")
        loaded = None
    if loaded is not None and loaded.dataset is not None:
        st.session_state[_LAST_GOOD] = loaded
        stale = loaded.outdated or loaded.rejected is not None or loaded.fault is not None
        return loaded, "数据文件暂时无法读取，显示的是此前的数据" if stale else ""
    kept = st.session_state.get(_LAST_GOOD)
    if kept is not None:
        return kept, "数据文件暂时无法读取，显示的是此前的数据"
    return None, "数据文件暂时无法读取"


def tick() -> int:
    """The rotation number of this run of the carousel (0, 1, 2, …), per browser session."""
    value = st.session_state.get(_TICK, -1) + 1
    st.session_state[_TICK] = value
    return value


@dataclass(frozen=True)
class Drawn:
    """A chart of the canvas: the registry chart laid out for it, and its SVG (None when the server
    cannot draw pictures: the live chart is shown instead)."""

    chart: Chart
    svg: str | None


@st.cache_resource(max_entries=64, show_spinner=False)
def _chart(fingerprint: str, spec_key: str, font_size: int, height: int, width: int, _spec: Spec,
           _dataset: Dataset):
    try:
        laid = screen.enlarged(charts.build(_dataset, _spec), font_size, height, width)
    except NoData as empty:
        return empty
    try:
        svg = base64.b64encode(images.figure_svg(laid.figure, width, height)).decode("ascii")
    except images.ExportError:
        logging.getLogger("tongxin").exception("the 大屏 draws %s live: no picture", spec_key)
        svg = None
    return Drawn(laid, svg)


def chart(loaded: data.Loaded, spec: Spec, width: int, phone: bool = False) -> Drawn:
    """A registry chart drawn for the canvas at `width` design pixels (or for a phone's width), once per
    data version. Raises NoData."""
    size, height, width = (theme.SCREEN_FONT_SIZE, 380, 400) if phone else (screen.FONT_SIZE, screen.CHART_HEIGHT,
                                                                              width)
    result = _chart(loaded.fingerprint, repr(spec), size, height, width, spec, loaded.dataset)
    if isinstance(result, NoData):
        raise result
    return result


def _text(value) -> str:
    return html.escape(display.visible_controls(str(value)))


def top(banner: screen.Banner, figures: list[KeyFigure], notices: list[str]) -> str:
    """The banner and the large figures, as HTML."""
    # beside the as-of date, not a line of its own: a notice must not push the canvas's bottom off the screen
    notice = "".join(f'<span class="tx-notice">　·　{_text(n)}</span>' for n in notices)
    parts = [
        '<div class="tx-banner">',
        f'<div class="tx-title">{_text(banner.title)}</div>',
        '<div class="tx-meta">',
        f'<div class="tx-clock">{_text(banner.clock)}</div>',
        f'<div>{_text(banner.as_of)}{notice}</div>',
        f'<div class="tx-source">{_text(banner.source)}</div>',
        "</div></div>",
    ]
    if figures:
        parts.append(f'<div class="tx-figures" style="--tx-cards:{len(figures)}">')
        for card in figures:
            change = card.change or "暂无可比较的早年数字"
            parts.append(
                f'<div class="tx-figure tx-panel" role="group" aria-label="{_text(card.label)}">'
                f'<div class="tx-label">{_text(card.label)}</div>'
                f'<div class="tx-value">{_text(card.value)}</div>'
                f'<div class="tx-change tx-{card.tone or "none"}">{_text(change)}</div>'
                f'<div class="tx-period">{_text(card.period)}</div></div>'
            )
        parts.append("</div>")
    return "".join(parts)


def head(title: str, note: str = "", dots: str = "", carousel: bool = False) -> str:
    """A panel's heading: title, its period or group, and where the carousel is (● ○ ○)."""
    return (f'<div class="tx-panel-head{" tx-carousel" if carousel else ""}"><div><span class="tx-panel-title">{_text(title)}</span> '
            f'<span class="tx-panel-note">{_text(note)}</span></div>'
            + (f'<div class="tx-dots">{_text(dots)}</div>' if dots else "") + "</div>")


def tiles(found: tuple[Tile, ...]) -> str:
    cells = []
    for tile in found:
        small = " ｜ ".join(p for p in (tile.period, tile.note) if p)
        cells.append(f'<div class="tx-tile" role="group" aria-label="{_text(tile.name)}">'
                     f'<div class="tx-tile-name">{_text(tile.name)}</div>'
                     f'<div class="tx-tile-value">{_text(tile.value)}</div>'
                     + (f'<div class="tx-tile-note">{_text(small)}</div>' if small else "") + "</div>")
    return '<div class="tx-tiles">' + "".join(cells) + "</div>"


def rows(found: tuple[screen.RankRow, ...]) -> str:
    body = "".join(f'<tr class="{"tx-own" if r.own else ""}"><td class="tx-rank">{_text(r.rank)}</td>'
                   f'<td>{_text(r.org)}</td><td class="tx-num">{_text(r.value)}</td></tr>' for r in found)
    return f'<table class="tx-rows">{body}</table>'


def empty(message: str) -> str:
    return f'<div class="tx-empty">{_text(message)}</div>'


def plot(drawn: Drawn, name: str) -> None:
    """A canvas chart as a picture (it scales with the canvas, sharp at any size, and costs the browser
    no chart library over a day of rotations); live, static, when no picture could be drawn."""
    found = drawn.chart
    words = f"{found.title}。{found.subtitle}。{found.caption()}"
    if drawn.svg is not None:
        st.html(f'<img class="tx-chart" data-chart="{_text(name)}" alt="{_text(words)}" '
                f'src="data:image/svg+xml;base64,{drawn.svg}">')
        return
    st.plotly_chart(found.figure, theme=None, key=f"tx-chart:{name}", width="content",
                    config={"displayModeBar": False, "staticPlot": True}, alt=words)


def dots(count: int, current: int) -> str:
    """● ○ ○ — where the carousel is, when there are few panels; 3/12 when many."""
    if count <= 1:
        return ""
    if count > 10:
        return f"{current + 1}/{count}"
    return " ".join("●" if k == current else "○" for k in range(count))
