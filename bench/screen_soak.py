"""Soak of the 大屏 (issue 14): the page driven with a 1-second carousel for ≥ 30 minutes (≈2,000
rotations) in Debian's Chromium, with a change saved through the store every few minutes. Prints the
browser's JS heap (CDP, after a forced garbage collection) and the server's RSS at the start and the end,
every minute in between, the rotations counted in the page, how long each saved change took to show, and
every browser console error. Exit status 1 when a goal is missed (growth > 50 MB, an error, a stall).

    .venv/bin/python -m bench.screen_soak [--minutes 30] [--interval 1] [--edit-every 300] [--data default|city]

Console: Streamlit's base-path probe on first load (GET <page>/_stcore/health and …/host-config, 404,
before it falls back to /_stcore/…) is logged by Chromium as a failed resource; those two requests are
reported apart and do not count as errors of the page.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import psutil

from bench.common import CHROMIUM, CHROMIUM_ARGS, Server
from tests import datasets as d
from tongxin import maintain, store

MB = 1024 * 1024
GOAL_MB = 50
PROBE = ("/_stcore/health", "/_stcore/host-config")  # Streamlit's base-path probe (see above)

# Counts changes of the carousel heading (each rotation shows another panel) without touching the page.
COUNTER = """() => {
  if (window.__txCount) return;
  window.__txCount = {rotations: 0, last: null};
  setInterval(() => {
    const el = document.querySelector('.tx-carousel');
    const text = el ? el.innerText : null;
    if (text && text !== window.__txCount.last) { window.__txCount.rotations++; window.__txCount.last = text; }
  }, 100);
}"""


def rss(pid: int) -> tuple[float, float]:
    """(the server process's RSS, its children's — Kaleido's Chromium) in MB."""
    proc = psutil.Process(pid)
    children = sum(c.memory_info().rss for c in proc.children(recursive=True) if c.is_running())
    return proc.memory_info().rss / MB, children / MB


def heap(cdp) -> float:
    """The page's used JS heap in MB after a full garbage collection."""
    cdp.send("HeapProfiler.collectGarbage")
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    return metrics["JSHeapUsedSize"] / MB


def dom_nodes(cdp) -> int:
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    return int(metrics.get("Nodes", 0))


def edit(folder: Path, value: str) -> None:
    """Save the first org's participation rate of 2024 as `value` through the store, as 数据维护 does."""
    opened = store.open(folder)
    head = maintain.sync(opened).version
    files = opened.files(head.id)
    text = files["observations.csv"].decode("utf-8-sig")
    lines = text.splitlines(keepends=True)
    for k, line in enumerate(lines):
        cells = line.split(",")
        if len(cells) > 5 and cells[1] == "participation_rate" and cells[3] == "2024" and cells[7] in ("actual", ""):
            cells[5] = value
            lines[k] = ",".join(cells)
            break
    else:
        raise SystemExit("no 2024 participation_rate figure to edit")
    opened.save({**files, "observations.csv": "".join(lines).encode("utf-8")}, "soak", f"委员参与率改为{value}%",
                base=head.id)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=30)
    parser.add_argument("--interval", type=int, default=1)
    parser.add_argument("--edit-every", type=float, default=300, help="seconds between saved changes (0: none)")
    parser.add_argument("--data", choices=("default", "city"), default="default")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    where = Path(tempfile.mkdtemp(prefix="tongxin-soak-"))
    folder = d.default_copy(where / "data") if args.data == "default" else d.write(where / "data", d.city_dataset())
    server = Server(folder, extra_args=["--server.fileWatcherType=none"])
    errors, probes, failed = [], [], False
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN").new_page()

            def on_console(msg):
                if msg.type == "error":
                    url = msg.location.get("url", "")
                    (probes if url.endswith(PROBE) else errors).append(f"{time.strftime('%H:%M:%S')} {msg.text} {url}")

            def on_response(response):
                if response.status >= 400 and not response.url.endswith(PROBE):  # a probe: its console line
                    errors.append(f"{time.strftime('%H:%M:%S')} HTTP {response.status} {response.url}")

            page.on("console", on_console)
            page.on("pageerror", lambda exc: errors.append(f"{time.strftime('%H:%M:%S')} pageerror {exc}"))
            page.on("response", on_response)
            page.goto(f"{server.url}/screen?interval={args.interval}")
            page.wait_for_selector(".tx-carousel", timeout=120_000)
            page.evaluate(COUNTER)
            cdp = page.context.new_cdp_session(page)
            cdp.send("Performance.enable")
            page.wait_for_timeout(60_000)  # warm-up: every panel drawn once, every picture cached
            start_heap, (start_rss, start_kids) = heap(cdp), rss(server.process.pid)
            start_rot = page.evaluate("window.__txCount.rotations")
            print(f"url {server.url}/screen?interval={args.interval}  data {args.data}  minutes {args.minutes}")
            print(f"start: JS heap {start_heap:.1f} MB, DOM nodes {dom_nodes(cdp)}, server RSS {start_rss:.1f} MB "
                  f"(Kaleido/Chromium children {start_kids:.1f} MB)", flush=True)
            began = time.time()
            next_edit = began + args.edit_every if args.edit_every else float("inf")
            next_report = began + 60
            values, shown_after = ["95", "92"], []
            while time.time() - began < args.minutes * 60:
                if time.time() >= next_edit:
                    value = values[len(shown_after) % 2]
                    edit(folder, value)
                    saved = time.time()
                    try:
                        page.wait_for_function(
                            f"() => [...document.querySelectorAll('.tx-value')].some(e => e.innerText === '{value}%')",
                            timeout=(args.interval + 30) * 1000)
                        shown_after.append(time.time() - saved)
                    except Exception:  # noqa: BLE001 — a change that never shows is a failed goal
                        errors.append(f"{time.strftime('%H:%M:%S')} saved {value}% not shown within "
                                      f"{args.interval + 30} s")
                        shown_after.append(float("nan"))
                    next_edit += args.edit_every
                if time.time() >= next_report:
                    minute = (time.time() - began) / 60
                    now_rss, now_kids = rss(server.process.pid)
                    print(f"{minute:5.1f} min: rotations {page.evaluate('window.__txCount.rotations') - start_rot}, "
                          f"JS heap {heap(cdp):.1f} MB, DOM nodes {dom_nodes(cdp)}, server RSS {now_rss:.1f} MB "
                          f"(children {now_kids:.1f}), errors {len(errors)}", flush=True)
                    next_report += 60
                page.wait_for_timeout(1000)
            end_heap, (end_rss, end_kids) = heap(cdp), rss(server.process.pid)
            rotations = page.evaluate("window.__txCount.rotations") - start_rot
            minutes = (time.time() - began) / 60
            print(f"end after {minutes:.1f} min: JS heap {end_heap:.1f} MB, DOM nodes {dom_nodes(cdp)}, "
                  f"server RSS {end_rss:.1f} MB (children {end_kids:.1f} MB)")
            print(f"rotations: {rotations} in {minutes:.1f} min ({rotations / minutes / 60:.2f} per s, interval "
                  f"{args.interval} s)")
            print(f"growth: JS heap {end_heap - start_heap:+.1f} MB, server RSS {end_rss - start_rss:+.1f} MB "
                  f"(goal ≤ {GOAL_MB} MB each); Kaleido/Chromium children {end_kids - start_kids:+.1f} MB")
            if shown_after:
                print("saved changes shown after (s): " + ", ".join(f"{s:.1f}" for s in shown_after))
            print(f"console errors: {len(errors)}; Streamlit base-path probes (404, first load): {len(probes)}")
            for line in probes:
                print("  probe: " + line)
            for line in errors[:20]:
                print("  " + line)
            failed = (end_heap - start_heap > GOAL_MB or end_rss - start_rss > GOAL_MB or bool(errors)
                      or rotations < minutes * 60 / args.interval * 0.8)
            print("RESULT: " + ("goals missed" if failed else "goals met"))
            browser.close()
    finally:
        server.stop()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
