"""Many orgs (issue 13), measured in one run against warm servers, beside the minimal one-chart app:

    .venv/bin/python -m bench.many_orgs [--runs 10] [--changes 20] [--sessions 20] [--keep DIR] [--no-country]

Data: the province of bench/load_data.py — 183 orgs × 12 years × 40 indicators (87,840 figures) with an
orgs.csv of two levels — and the country (2,844 orgs, 1,001,088 figures).
1. Navigation → first chart drawn, every page on the province, each load followed by one load of
   bench/minimal_app.py (a new browser session each, 1366×768): median, p95, ratio to the minimal app.
   Targets: every page ≤ 1.3×, 各单位对比 ≤ 1.5×.
2. A change → first chart redrawn: the sidebar org on 三率趋势 (typed into the selectbox of 183 orgs) and
   the indicator on 各单位对比; beside the same kind of change on bench/minimal_filter_app.py. The first
   visit to each org and indicator (its charts built, then shared by every session) is reported apart.
   Target p95 ≤ 0.3 s.
3. Server memory per extra session: N websocket sessions (Streamlit's own protocol, as bench/load.py) each
   running 总览, 三率趋势 and 各单位对比, all kept open; (RSS with all open − RSS before) / N. Target ≤ 20 MB.
4. The country: a fresh server; seconds until 总览's first chart (the dataset parsed on the way), then
   各单位对比's; the server's RSS after.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from bench import load_data
from bench.common import CHROMIUM, CHROMIUM_ARGS, Server, summary
from bench.load import protocol_level, rss_mb
from bench.page_load import FIRST_CHART, first_chart_seconds

PAGES = {"总览": "", "三率趋势": "rates", "四高成效": "activities", "各单位对比": "compare", "数据与来源": "sources"}
TITLE = ".js-plotly-plot .gtitle, .js-plotly-plot .g-gtitle text"


def datasets(root: Path, country: bool) -> dict[str, Path]:
    found = {}
    for name in ("province", "country") if country else ("province",):
        folder = root / name
        if not (folder / "orgs.csv").exists():
            orgs, years, indicators = load_data.SIZES[name]
            load_data.build(folder, orgs, years, indicators, cities=load_data.CITIES[name],
                            provinces=load_data.PROVINCES[name])
        found[name] = folder
    return found


def _wait_title(page, text: str) -> None:
    page.wait_for_function(
        f"t => [...document.querySelectorAll('{TITLE}')].some(e => e.textContent.includes(t))",
        arg=text, timeout=60_000)


def org_changes(browser, url: str, orgs: list[str], changes: int) -> list[float]:
    """Type another org into the sidebar selectbox (183 options), press Enter; until the first chart
    names it in its subtitle."""
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector(FIRST_CHART, timeout=60_000)
    times = []
    for i in range(changes):
        org = orgs[(i + 1) % len(orgs)]
        box = page.locator("[data-testid=stSidebar] [data-testid=stSelectbox]").first
        box.click()
        page.keyboard.type(org)
        page.get_by_role("option", name=org).wait_for()
        start = time.perf_counter()
        page.keyboard.press("Enter")
        _wait_title(page, org + " ｜")
        times.append(time.perf_counter() - start)
        page.wait_for_timeout(150)
    context.close()
    return times


def indicator_changes(browser, url: str, names: list[str], changes: int) -> list[float]:
    """Pick another indicator on 各单位对比; until the first chart's title names it."""
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector(FIRST_CHART, timeout=60_000)
    times = []
    for i in range(changes):
        name = names[(i + 1) % len(names)]
        page.locator("[data-testid=stMain] [data-testid=stSelectbox]").first.click()
        option = page.get_by_role("option", name=name, exact=True)
        option.wait_for()
        start = time.perf_counter()
        option.click()
        _wait_title(page, name + "：")
        times.append(time.perf_counter() - start)
        page.wait_for_timeout(150)
    context.close()
    return times


def minimal_changes(browser, url: str, changes: int) -> list[float]:
    orgs = ["青川县政协", "白马镇政协联络组"]
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector(FIRST_CHART, timeout=60_000)
    times = []
    for i in range(changes):
        org = orgs[(i + 1) % 2]
        page.locator("[data-testid=stSidebar] [data-testid=stSelectbox]").first.click()
        option = page.get_by_role("option", name=org)
        option.wait_for()
        start = time.perf_counter()
        option.click()
        _wait_title(page, org + " ｜")
        times.append(time.perf_counter() - start)
        page.wait_for_timeout(150)
    context.close()
    return times


def cold_pages(browser, url: str, pages: list[str]) -> list[float]:
    """One new session opening `pages` in turn on a server that has served nothing yet."""
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    found = []
    for path in pages:
        start = time.perf_counter()
        page.goto(f"{url}/{path}", wait_until="commit")
        page.wait_for_selector(FIRST_CHART, timeout=600_000)
        found.append(time.perf_counter() - start)
    context.close()
    return found


def _browser(browser, app, minimal, minimal_filter, args, orgs, indicators):
    # warm: the store takes the folder in and the dataset is parsed (minutes on a busy machine), caches
    # filled, bundles in the OS cache
    cold_pages(browser, app.url, list(PAGES.values()))
    for url in [minimal.url, minimal_filter.url] + [f"{app.url}/{path}" for path in PAGES.values()]:
        first_chart_seconds(browser, url)
    ours: dict[str, list[float]] = {name: [] for name in PAGES}
    baseline: list[float] = []
    for _ in range(args.runs):
        for name, path in PAGES.items():
            ours[name].append(first_chart_seconds(browser, f"{app.url}/{path}"))
            baseline.append(first_chart_seconds(browser, minimal.url))
    # a first visit to each org and indicator builds its charts (kept for every session after): reported
    # on its own; the target is for the changes after it
    redraw = {"org": [], "indicator": [], "minimal": [],
              "org_first": org_changes(browser, f"{app.url}/rates", orgs, len(orgs)),
              "indicator_first": indicator_changes(browser, f"{app.url}/compare", indicators, len(indicators))}
    for _ in range(2):  # alternate blocks, so both see the same machine
        redraw["org"] += org_changes(browser, f"{app.url}/rates", orgs, args.changes // 2)
        redraw["indicator"] += indicator_changes(browser, f"{app.url}/compare", indicators, args.changes // 2)
        redraw["minimal"] += minimal_changes(browser, minimal_filter.url, args.changes // 2)

    return ours, baseline, redraw


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--changes", type=int, default=20)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--keep", help="build the datasets here and keep them")
    parser.add_argument("--no-country", action="store_true", help="skip the million figures")
    args = parser.parse_args(argv)
    root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="tongxin-many-"))
    data = datasets(root, not args.no_country)
    orgs = [load_data.org_name(o) for o in (0, 91, 182, 45)]
    indicators = ["第1项履职指标", "第7项履职指标", "第2项履职指标"]
    out: list[str] = []

    with Server(data["province"]) as app, Server(script="bench/minimal_app.py") as minimal, \
            Server(script="bench/minimal_filter_app.py") as minimal_filter:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            ours, baseline, redraw = _browser(browser, app, minimal, minimal_filter, args, orgs, indicators)
            browser.close()
        memory = asyncio.run(_memory(app, minimal, args.sessions))


    base = summary(baseline)
    out.append(f"1. navigation → first chart drawn, province (183 orgs, 87,840 figures), {args.runs} rounds, "
               f"a new session per load, 1366×768")
    out.append(f"{'page':<10}{'median s':>10}{'p95 s':>9}{'ratio median':>14}{'ratio p95':>11}{'target':>8}")
    out.append(f"{'最小应用':<8}{base['median']:>12.2f}{base['p95']:>9.2f}{'1.00':>14}{'1.00':>11}")
    met_pages = True
    for name in PAGES:
        r = summary(ours[name])
        target = 1.5 if name == "各单位对比" else 1.3
        ratio = r["median"] / base["median"]
        met_pages &= ratio <= target
        out.append(f"{name:<8}{r['median']:>12.2f}{r['p95']:>9.2f}{ratio:>14.2f}{r['p95'] / base['p95']:>11.2f}"
                   f"{target:>8.1f}")
    out.append(f"   pages: {'MET' if met_pages else 'NOT MET'}")
    out.append(f"2. a change → first chart redrawn, {args.changes} changes each")
    worst = 0.0
    for key, label in (("org", "三率趋势: sidebar org of 183"), ("indicator", "各单位对比: indicator"),
                       ("minimal", "minimal filter app")):
        r = summary(redraw[key])
        if key != "minimal":
            worst = max(worst, r["p95"])
        out.append(f"   {label:<32} median {r['median']:.3f} s  p95 {r['p95']:.3f} s")
    out.append("   first visit (charts built): org " + ", ".join(f"{t:.2f}" for t in redraw["org_first"])
               + " s; indicator " + ", ".join(f"{t:.2f}" for t in redraw["indicator_first"]) + " s")
    out.append(f"   redraw p95 ≤ 0.3 s: {'MET' if worst <= 0.3 else 'NOT MET'} (worst {worst:.3f} s)")
    out.append(f"3. server memory: {args.sessions} sessions at once, each 总览 → 三率趋势 → 各单位对比, kept open")
    for name in ("minimal", "ours"):
        m = memory[name]
        per = (m["rss_during"] - m["rss_before"]) / args.sessions
        out.append(f"   {name:<8} success {m['success']:.0%}  RSS before {m['rss_before']:.0f} MB, all open "
                   f"{m['rss_during']:.0f} MB, closed {m['rss_after']:.0f} MB → {per:.1f} MB per session; "
                   f"script runs p50 {m['p50']:.2f} s p95 {m['p95']:.2f} s")
    per = (memory["ours"]["rss_during"] - memory["ours"]["rss_before"]) / args.sessions
    out.append(f"   ≤ 20 MB per extra session: {'MET' if per <= 20 else 'NOT MET'} ({per:.1f} MB)")

    if "country" in data:
        with Server(data["country"]) as big, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            cold = cold_pages(browser, big.url, ["", "compare"])
            warm = cold_pages(browser, big.url, ["", "compare"])
            rss = rss_mb(big.process.pid)
            browser.close()
        out.append("4. the country (2,844 orgs, 1,001,088 figures), a fresh server:")
        out.append(f"   总览 first chart {cold[0]:.1f} s (the dataset parsed on the way), then 各单位对比 {cold[1]:.1f} s;"
                   f" again in a new session: 总览 {warm[0]:.1f} s, 各单位对比 {warm[1]:.1f} s; server RSS {rss:.0f} MB")
    print("\n".join(out))
    return 0


async def _memory(app: Server, minimal: Server, n: int) -> dict:
    found = {}
    for name, server, pages in (("minimal", minimal, ["", "", ""]), ("ours", app, ["", "rates", "compare"])):
        await protocol_level(server, pages, 2)  # warm
        found[name] = await protocol_level(server, pages, n)
    return found


if __name__ == "__main__":
    sys.exit(main())
