"""Speed of loading: `python -m tongxin check` against a bare pandas read of the same files, measured
as whole processes in one run (issue 11 item 7).

    .venv/bin/python -m bench.load_data [--rounds 3] [--keep DIR]

Builds two datasets in a temporary folder (or DIR): a province — 183 orgs × 12 years × 40 indicators
(87,840 figures) — and the country — 2,844 county-level committees × 11 years × 32 indicators
(1,001,088 figures), each with an orgs.csv of two levels (county → city → province). Each round runs, interleaved so the machine's load falls on both alike:
    bare:   python -c "import pandas; [pandas.read_csv(f) for f in the three CSVs]"
    check:  python -m tongxin check DIR
and reports the median wall time, the ratio check / bare, and each process's peak memory (max RSS,
from wait4). Targets: ≤ 2× the bare read at 88k; 1M checked in ≤ 10 s with peak memory ≤ 2 GB.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
SIZES = {"province": (183, 12, 40), "country": (2844, 11, 32)}  # orgs, years, indicators
CITIES = {"province": 21, "country": 333}  # orgs.csv: county → city → province (two levels above a county)
PROVINCES = {"province": 1, "country": 31}
UNITS = [("%", "rate"), ("场次", "count"), ("人次", "count"), ("个", "count"), ("件", "count"), ("万元", "amount")]
PILLARS = ["主题读书", "建言献策", "古韵协商", "四进四助"]


def org_name(o: int) -> str:
    return f"第{o + 1:04d}县政协"


def write_orgs(folder: Path, orgs: int, cities: int, provinces: int) -> None:
    """orgs.csv of two levels above the counties: each county under a city, each city under a province."""
    with open(folder / "orgs.csv", "w", encoding="utf-8-sig", newline="") as out:
        out.write("name,parent,short_name\r\n")
        for o in range(orgs):
            out.write(f"{org_name(o)},第{o % cities + 1:03d}市政协,{o + 1:04d}县\r\n")
        for c in range(cities):
            out.write(f"第{c + 1:03d}市政协,第{c % provinces + 1:02d}省政协,{c + 1:03d}市\r\n")
        for p in range(provinces):
            out.write(f"第{p + 1:02d}省政协,,\r\n")


def build(folder: Path, orgs: int, years: int, indicators: int, seed: int = 11, cities: int = 21,
          provinces: int = 1) -> int:
    """A valid dataset with realistic cells: Chinese names, some qualifiers, notes, labels, two sources,
    and orgs.csv of two levels (county → city → province)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    kinds = []
    with open(folder / "indicators.csv", "w", encoding="utf-8-sig", newline="") as out:
        out.write("id,name,pillar,unit,kind,description,higher_is_better,headline,part_of\r\n")
        for i in range(indicators):
            unit, kind = UNITS[i % len(UNITS)]
            kinds.append(kind)
            headline = str(i + 1) if i < 3 else ""
            out.write(f"ind_{i:03d},第{i + 1}项履职指标,{PILLARS[i % 4]},{unit},{kind},说明文字{i},true,{headline},\r\n")
    with open(folder / "sources.csv", "w", encoding="utf-8-sig", newline="") as out:
        out.write("id,title,publisher,date,url,note\r\n")
        out.write("yb2024,各级政协履职统计年报,省政协办公厅,2025-03-01,https://example.org/yb,\r\n")
        out.write("rpt2024,政协工作报告汇编,省政协研究室,2025-01-15,,汇编\r\n")
    rows = 0
    with open(folder / "observations.csv", "w", encoding="utf-8-sig", newline="") as out:
        out.write("org,indicator,period_start,period_end,period_label,value,qualifier,type,source,note\r\n")
        lines = []
        for o in range(orgs):
            org = org_name(o)
            for y in range(2025 - years, 2025):
                label = f"{y}年"
                for i, kind in enumerate(kinds):
                    if kind == "rate":
                        value = f"{rng.uniform(40, 100):.1f}"
                    elif kind == "amount":
                        value = f"{rng.uniform(1, 500):.2f}"
                    else:
                        value = str(rng.randint(0, 5000))
                    qualifier = "余" if kind == "count" and rng.random() < 0.03 else ""
                    note = "原文摘录" if rng.random() < 0.05 else ""
                    source = "yb2024" if i % 3 else "rpt2024"
                    lines.append(f"{org},ind_{i:03d},{y},{y},{label},{value},{qualifier},actual,{source},{note}\r\n")
                    rows += 1
                if len(lines) > 50_000:
                    out.write("".join(lines))
                    lines = []
        out.write("".join(lines))
    write_orgs(folder, orgs, cities, provinces)
    return rows


def run(command: list[str]) -> tuple[float, int, int]:
    """(wall seconds, peak RSS in MB, exit code) of one whole process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=PROJECT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        print(process.stderr.read().decode()[-2000:], file=sys.stderr)
    process.stderr.close()
    return elapsed, usage.ru_maxrss // 1024, process.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--keep", help="build the datasets here and keep them")
    args = parser.parse_args()
    python = sys.executable
    root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="tongxin-bench-"))
    results = {}
    for name, (orgs, years, indicators) in SIZES.items():
        folder = root / name
        if not (folder / "observations.csv").exists():
            start = time.perf_counter()
            rows = build(folder, orgs, years, indicators, cities=CITIES[name], provinces=PROVINCES[name])
            print(f"built {name}: {rows:,} figures in {time.perf_counter() - start:.1f} s "
                  f"({(folder / 'observations.csv').stat().st_size / 1e6:.1f} MB)", flush=True)
        files = [str(folder / f) for f in ("indicators.csv", "observations.csv", "sources.csv")]
        bare = [python, "-c", f"import pandas; [pandas.read_csv(f) for f in {files!r}]"]
        check = [python, "-m", "tongxin", "check", str(folder)]
        timings = {"bare": [], "check": []}
        memory = {"bare": 0, "check": 0}
        for _ in range(args.rounds):
            for label, command in (("bare", bare), ("check", check)):
                seconds, rss, code = run(command)
                if code:
                    print(f"{label} on {name} exited {code}", file=sys.stderr)
                    return 1
                timings[label].append(seconds)
                memory[label] = max(memory[label], rss)
        results[name] = {k: statistics.median(v) for k, v in timings.items()} | {"memory": memory}
        r = results[name]
        print(f"{name:8s} bare {r['bare']:.2f} s ({memory['bare']} MB) | check {r['check']:.2f} s ({memory['check']} MB)"
              f" | ratio {r['check'] / r['bare']:.2f}", flush=True)
    province, country = results["province"], results["country"]
    print()
    print(f"88k:  check / bare = {province['check'] / province['bare']:.2f} (target ≤ 2): "
          + ("met" if province["check"] <= 2 * province["bare"] else "NOT met"))
    print(f"1M:   check {country['check']:.2f} s (target ≤ 10 s), peak {country['memory']['check']} MB (target ≤ 2048 MB): "
          + ("met" if country["check"] <= 10 and country["memory"]["check"] <= 2048 else "NOT met"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
