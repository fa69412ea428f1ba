"""Batch materials of many orgs against one meeting pack per org, measured in one run:

    .venv/bin/python -m bench.batch_pack [--orgs 11] [--rounds 1] [--keep DIR]

Data: bench/load_data.py's generator, `--orgs` orgs × 12 years × 40 indicators, with an orgs.csv placing
them under one city. In one process, with Chromium already running (as in the app; the CLI pays its ~3 s
start once per command, which only favours the batch further):
1. eleven single packs: `export.build("zip", ExportRequest(dataset, org))` for each org in turn — what an
   office gets today by exporting each county's 会议材料包 from the page or the CLI;
2. the batch: `export.each_org(dataset, orgs)` — a folder per org (deck, A4 report, Word) and the
   comparison deck, every image in one Chromium run.
Rounds alternate 1 and 2. Target: batch ≤ 0.6× the eleven single packs. Also printed: the images rendered
by each path and the sizes of the ZIPs.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from bench import load_data
from tongxin import load
from tongxin.export import ExportRequest, build, each_org, images

EXPORTED_ON = "2026-11-26"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", type=int, default=11)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--keep", help="build the dataset here and keep it")
    args = parser.parse_args(argv)
    folder = Path(args.keep or tempfile.mkdtemp(prefix="tongxin-batch-")) / f"city{args.orgs}"
    if not (folder / "orgs.csv").exists():
        load_data.build(folder, args.orgs, 12, 40, cities=1, provinces=1)
    dataset = load.load_dataset(folder)
    orgs = dataset.orgs()

    counted: list[int] = []
    original = images.render

    def render(charts, *a, **k):
        counted.append(len(charts))
        return original(charts, *a, **k)

    images.render = render
    images.render([], "png")  # start Chromium: both paths run on a warm browser
    singles, batches, single_images, batch_images, single_bytes, batch_bytes = [], [], [], [], 0, 0
    try:
        for _ in range(args.rounds):
            counted.clear()
            start = time.perf_counter()
            for org in orgs:
                files = build("zip", ExportRequest(dataset, org, exported_on=EXPORTED_ON))
                single_bytes = sum(len(v) for v in files.values())
            singles.append(time.perf_counter() - start)
            single_images.append(sum(counted))
            counted.clear()
            start = time.perf_counter()
            _, content, _ = each_org(dataset, orgs, EXPORTED_ON)
            batches.append(time.perf_counter() - start)
            batch_images.append(sum(counted))
            batch_bytes = len(content)
    finally:
        images.render = original
        images.stop()
    single, batch = min(singles), min(batches)
    print(f"{len(orgs)} orgs × 12 years × 40 indicators ({len(dataset.observations):,} figures), Chromium warm, "
          f"best of {args.rounds}")
    print(f"  {len(orgs)} single meeting packs (pptx+pdf+docx+xlsx+png each): {single:7.1f} s "
          f"({single / len(orgs):.1f} s per org; {single_images[-1]} images; last ZIP {single_bytes / 1e6:.1f} MB)")
    print(f"  one batch (a folder per org: pptx+pdf+docx; comparison deck): {batch:7.1f} s "
          f"({batch / len(orgs):.1f} s per org; {batch_images[-1]} images in one run; ZIP {batch_bytes / 1e6:.1f} MB)")
    print(f"  batch / singles = {batch / single:.2f} (target ≤ 0.6): {'MET' if batch / single <= 0.6 else 'NOT MET'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
