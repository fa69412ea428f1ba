"""Export speed, measured in one run on the same figures (every chart of the default data):

    .venv/bin/python -m bench.export_pack [--naive N] [--rounds R]

1. naive: `fig.to_image()` per figure — Kaleido 1.x starts a Chromium for each call;
2. batch, cold: the project's path (`tongxin.export.images.render`), browser start included;
3. batch, warm: the same again with the browser already up (every export after the first in the app);
4. the full meeting pack (deck + A4 PDF + Word + XLSX + every figure PNG) through `tongxin.export.build`,
   beside the same pack without the Word document, and the Word document alone from the request's
   shared chart images; how many times charts were rendered for the pack.
Targets: naive / batch ≥ 8×, ≤ 0.4 s per figure in the batch; the DOCX adds ≤ 1.5 s and the pack with
it stays within 1.2× of the pack without; charts rendered once per request for all documents.
"""

from __future__ import annotations

import argparse
import sys
import time

from tongxin import charts as chart_kinds
from tongxin import load, theme
from tongxin.export import ExportRequest, build, images, pack, word
from tongxin.export.images import prepared

ORG = "犍为县政协"
EXPORTED_ON = "2026-11-26"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--naive", type=int, default=0, help="figures for the naive loop (default: all)")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved packs with and without Word")
    args = parser.parse_args(argv)
    dataset = load.load_dataset(load.Path(__file__).resolve().parent.parent / "data")
    charts = chart_kinds.catalog(dataset, ORG)
    preset = theme.SIZES["slide"]
    naive_charts = charts[: args.naive] if args.naive else charts

    # 1. naive — nothing shared between calls
    start = time.perf_counter()
    for chart in naive_charts:
        css_w, css_h, scale = images.layout_for(chart, preset)
        fig = prepared(chart, css_w, EXPORTED_ON).figure
        fig.to_image(format="png", width=css_w, height=css_h, scale=scale)
    naive = (time.perf_counter() - start) / len(naive_charts)

    # 2–3. the batch path: cold (browser start included), then warm
    start = time.perf_counter()
    images.render(charts, "png", "slide", EXPORTED_ON)
    cold = (time.perf_counter() - start) / len(charts)
    start = time.perf_counter()
    images.render(charts, "png", "slide", EXPORTED_ON)
    warm = (time.perf_counter() - start) / len(charts)

    # 4. the meeting pack (its images rendered on the warm browser, as in the app), with and without Word;
    #    every call of images.render counted
    calls = []
    original = images.render

    def counted(*a, **k):
        calls.append(len(a[0]))
        return original(*a, **k)

    images.render = counted
    # Interleaved rounds, best of each: the machine is shared, one slow moment must not decide the ratio.
    without_times, with_times = [], []
    try:
        for _ in range(args.rounds):
            without_word = ExportRequest(dataset, ORG, exported_on=EXPORTED_ON)
            start = time.perf_counter()
            pack._pack(without_word, [p for p in pack.PACK if p is not pack._pack_word])
            without_times.append(time.perf_counter() - start)
            calls.clear()
            with_word = ExportRequest(dataset, ORG, exported_on=EXPORTED_ON)
            start = time.perf_counter()
            files = build("zip", with_word)
            with_times.append(time.perf_counter() - start)
            renders = list(calls)
    finally:
        images.render = original
    pack_without, pack_with = min(without_times), min(with_times)
    size = sum(len(v) for v in files.values())
    start = time.perf_counter()
    content = word.docx(with_word.document(), with_word.word_template())  # from the request's shared images
    docx_alone = time.perf_counter() - start
    images.stop()

    print(f"{len(charts)} charts of the default data, PNG at the 16:9 slide preset ({preset.pixels[0]}×{preset.pixels[1]})")
    print(f"  naive fig.to_image per figure ({len(naive_charts)} figures): {naive:6.2f} s per figure")
    print(f"  batch, browser start included:        {cold:6.2f} s per figure   naive/batch {naive / cold:5.1f}×")
    print(f"  batch, browser already running:       {warm:6.2f} s per figure   naive/batch {naive / warm:5.1f}×")
    print(f"  meeting pack without Word:            {pack_without:6.2f} s (best of {args.rounds}: "
          + ", ".join(f"{t:.2f}" for t in without_times) + ")")
    print(f"  meeting pack with Word (pptx+pdf+docx+xlsx+{len(charts)} png): {pack_with:6.2f} s, "
          f"{size / 1024 / 1024:.1f} MB   with/without {pack_with / pack_without:4.2f}× (best of {args.rounds}: "
          + ", ".join(f"{t:.2f}" for t in with_times) + ")")
    print(f"  Word document from the shared images:  {docx_alone:6.2f} s ({len(content) // 1024} KB)")
    print(f"  chart renderings in the pack: {len(renders)} batches of {renders} charts "
          "(bare images for all documents once, captioned PNG files once)")
    print(f"targets: naive/batch ≥ 8× — {naive / cold:.1f}× {'MET' if naive / cold >= 8 else 'NOT MET'} (cold); "
          f"≤ 0.4 s per figure — {cold:.2f} s cold, {warm:.2f} s warm "
          f"{'MET' if cold <= 0.4 else ('MET warm only' if warm <= 0.4 else 'NOT MET')}; "
          f"DOCX ≤ 1.5 s — {'MET' if docx_alone <= 1.5 else 'NOT MET'}; "
          f"pack with/without ≤ 1.2× — {'MET' if pack_with / pack_without <= 1.2 else 'NOT MET'}; "
          f"documents' charts rendered once — {'MET' if len(renders) == 2 else 'NOT MET'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
