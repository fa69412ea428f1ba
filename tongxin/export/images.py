"""Static images of charts through Kaleido, with one Chromium reused for every batch.

Kaleido 1.x spends ~2 s starting Chromium; naive `fig.to_image` pays that per figure. Here the
browser starts once (lazily) and stays up; a lock serialises batches because Kaleido's global sync
server hands results back through one shared queue and is not safe for concurrent callers (several
Streamlit sessions exporting at once would otherwise receive each other's images).
"""

from __future__ import annotations

import math
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .. import theme
from ..charts import Chart, finish

FORMATS = ("png", "svg", "pdf")
_LOCK = threading.Lock()
_TABS = 2  # two pages render in parallel: measured best on this 2-core machine (bench/export_pack.py)
DESIGN_WIDTH = 1000  # CSS width the chart layouts are designed and tested at
PAGE_WIDTH = 860  # bare images for slides and report pages: a little narrower, so their text reads larger
# Pictures inside the documents: 2000 px wide — sharper than a projector (1920) and ~330 dpi across an A4
# text width; 3200 px (the slide preset) made every picture 2.6× the pixels to draw, encode and embed.
DOCUMENT_PRESET = "a4"


class ExportError(RuntimeError):
    """Rendering failed; the message is Chinese and says what is missing."""


@dataclass(frozen=True)
class Framing:
    """How a chart is dressed for export: with its title/caption baked in, or bare for a slide or
    report page that sets title and caption as real text."""

    title: bool = True
    caption: bool = True


def prepared(chart: Chart, width: int, exported_on: str | None, framing: Framing = Framing()) -> Chart:
    """A copy of the chart laid out for `width` CSS px with the export date in its caption (the chart
    given, cached and shared, is left as it was)."""
    return finish(chart, width_px=width, exported_on=exported_on, show_title=framing.title,
                  show_caption=framing.caption)


def natural_height(chart: Chart) -> int:
    return int(chart.figure.layout.height or theme.SCREEN_HEIGHT)


def layout_for(chart: Chart, preset: theme.SizePreset) -> tuple[int, int, float]:
    """(CSS width, CSS height, scale) giving exactly the preset's pixels.

    Layouts are designed at ~1000 CSS px; a bigger canvas is reached by zooming (scale), so a slide
    looks like the screen, only sharper. A chart taller than the preset's aspect allows is zoomed
    less, so nothing is squeezed."""
    zoom = max(0.5, min(preset.width / DESIGN_WIDTH, preset.height / natural_height(chart)))
    pixels_w, _ = preset.pixels
    # CSS sizes in the preset's exact aspect (16:9 → 16k × 9k), so width × scale and height × scale
    # both land on the preset's pixels without rounding.
    unit = math.gcd(preset.width, preset.height)
    a, b = preset.width // unit, preset.height // unit
    k = max(1, round(preset.width / zoom / a))
    css_w, css_h = a * k, b * k
    return css_w, css_h, pixels_w / css_w


def _server() -> None:
    import kaleido

    kaleido.start_sync_server(n=_TABS, mathjax=False, timeout=120, silence_warnings=True)


def render(
    charts: list[Chart],
    fmt: str = "png",
    preset: str | theme.SizePreset = "slide",
    exported_on: str | None = None,
    framing: Framing = Framing(),
    natural: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> list[bytes]:
    """Images of charts, in order. `natural=True` keeps each chart's own aspect (report pages)."""
    if fmt not in FORMATS:
        raise ValueError(fmt)
    preset = theme.SIZES[preset] if isinstance(preset, str) else preset
    jobs = []
    for chart in charts:
        if natural:
            css_w, css_h, scale = PAGE_WIDTH, natural_height(chart), preset.pixels[0] / PAGE_WIDTH
        else:
            css_w, css_h, scale = layout_for(chart, preset)
        ready = prepared(chart, css_w, exported_on, framing)
        ready.figure.update_layout(width=css_w, height=css_h)
        jobs.append((ready.figure.to_dict(), {"format": fmt, "width": css_w, "height": css_h, "scale": scale}))
    return _render_jobs(jobs, progress)


def _render_jobs(jobs, progress=None) -> list[bytes]:
    import kaleido

    results: list[bytes] = []
    with _LOCK, tempfile.TemporaryDirectory(prefix="tongxin-") as tmp:
        try:
            _server()
            # In slices of one per tab: parallel in the browser, progress reported as they land.
            for start in range(0, len(jobs), _TABS):
                batch = jobs[start : start + _TABS]
                paths = [Path(tmp) / f"{start + i}.{opts['format']}" for i, (_, opts) in enumerate(batch)]
                errors = kaleido.write_fig_from_object_sync(
                    [{"fig": fig, "opts": opts, "path": str(path)} for (fig, opts), path in zip(batch, paths)]
                )
                if errors:
                    raise errors[0]
                results += [p.read_bytes() for p in paths]
                if progress:
                    progress(len(results), len(jobs))
        except ExportError:
            raise
        except Exception as error:  # Kaleido/choreographer raise many kinds; say it in Chinese
            raise ExportError(
                "生成图片失败：需要 Chromium 浏览器（Debian 上的 chromium 软件包）。"
                f"请运行 make run 安装，或联系管理员。（{type(error).__name__}: {error}）"
            ) from error
    return results


_warming = threading.Event()


def warm_up() -> None:
    """Start the browser in the background (the export page calls this on open), so the first
    export does not wait ~3 s for Chromium. Returns at once; does nothing the second time."""
    if _warming.is_set():
        return
    _warming.set()

    def run():
        import plotly.graph_objects as go

        try:
            _render_jobs([(go.Figure().to_dict(), {"format": "png", "width": 10, "height": 10, "scale": 1})])
        except ExportError:
            _warming.clear()  # no browser here; a real export will say so in Chinese

    threading.Thread(target=run, name="kaleido-warm-up", daemon=True).start()


def stop() -> None:
    """Stop the shared browser (tests and benchmarks; the app keeps it for its lifetime)."""
    import kaleido

    with _LOCK:
        kaleido.stop_sync_server(silence_warnings=True)
        _warming.clear()

