"""Export speed, measured in one run on the same figures (every chart of the default data):

    .venv/bin/python -m bench.export_pack [--naive N]

1. naive: `fig.to_image()` per figure — Kaleido 1.x starts a Chromium for each call;
2. batch, cold: the project's path (`tongxin.export.images.render`), browser start included;
3. batch, warm: the same again with the browser already up (every export after the first in the app);
4. the full meeting pack (deck + A4 PDF + XLSX + every figure PNG) through `tongxin.export.build`.
Targets: naive / batch ≥ 8×, and ≤ 0.4 s per figure in the batch.
"""

from __future__ import annotations

import argparse
import sys
import time

from tongxin import figures, load, theme
from tongxin.export import ExportRequest, build, images
from tongxin.export.images import prepared

ORG = "犍为县政协"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--naive", type=int, default=0, help="figures for the naive loop (default: all)")
    args = parser.parse_args(argv)
    dataset = load.load_dataset(load.Path(__file__).resolve().parent.parent / "data")
    charts = figures.catalog(dataset, ORG)
    preset = theme.SIZES["slide"]
    naive_charts = charts[: args.naive] if args.naive else charts

    # 1. naive — nothing shared between calls
    start = time.perf_counter()
    for chart in naive_charts:
        css_w, css_h, scale = images.layout_for(chart, preset)
        fig = prepared(chart, css_w, "2026-11-26").figure
        fig.to_image(format="png", width=css_w, height=css_h, scale=scale)
    naive = (time.perf_counter() - start) / len(naive_charts)

    # 2–3. the batch path: cold (browser start included), then warm
    start = time.perf_counter()
    images.render(charts, "png", "slide", "2026-11-26")
    cold = (time.perf_counter() - start) / len(charts)
    start = time.perf_counter()
    images.render(charts, "png", "slide", "2026-11-26")
    warm = (time.perf_counter() - start) / len(charts)

    # 4. the meeting pack (its images rendered on the warm browser, as in the app)
    start = time.perf_counter()
    files = build("zip", ExportRequest(dataset, ORG, exported_on="2026-11-26"))
    pack = time.perf_counter() - start
    size = sum(len(v) for v in files.values())
    images.stop()

    print(f"{len(charts)} charts of the default data, PNG at the 16:9 slide preset ({preset.pixels[0]}×{preset.pixels[1]})")
    print(f"  naive fig.to_image per figure ({len(naive_charts)} figures): {naive:6.2f} s per figure")
    print(f"  batch, browser start included:        {cold:6.2f} s per figure   naive/batch {naive / cold:5.1f}×")
    print(f"  batch, browser already running:       {warm:6.2f} s per figure   naive/batch {naive / warm:5.1f}×")
    print(f"  meeting pack (pptx+pdf+xlsx+{len(charts)} png):  {pack:6.2f} s total, {size / 1024 / 1024:.1f} MB")
    print(f"targets: naive/batch ≥ 8× — {naive / cold:.1f}× {'MET' if naive / cold >= 8 else 'NOT MET'} (cold); "
          f"≤ 0.4 s per figure — {cold:.2f} s cold, {warm:.2f} s warm "
          f"{'MET' if cold <= 0.4 else ('MET warm only' if warm <= 0.4 else 'NOT MET')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
