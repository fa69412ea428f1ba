"""Load, in two layers, each against one server and beside a minimal one-chart app in the same run.

    .venv/bin/python -m bench.load [--browser 5,10,25] [--protocol 50,200]

1. Browser layer — one Chromium, N browser contexts at once, each opening 总览 and then 三率趋势 (the
   minimal app: its one page twice): success rate, p50/p95 time to first chart, p95 ratio to the
   minimal app. Bar: 100 % success, p95 ratio ≤ 1.3. What limits it: the browser itself — N tabs
   rendering Plotly on a 2-core machine that also runs the server.
2. Protocol layer — no browser: N sessions at once speaking Streamlit's own websocket protocol
   (open /_stcore/stream, send a BackMsg rerun_script, read ForwardMsgs until script_finished), each
   running 总览 then 三率趋势: success rate (finished, no exception element), p50/p95 script-run time,
   server RSS before / with all sessions connected / after they close. Bar: 100 % success at 200,
   RSS growth < 100 MB per 50 sessions. What limits it: the server's Python — script runs share
   two cores and the GIL.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time

import psutil

from bench.common import CHROMIUM, CHROMIUM_ARGS, Server, percentile

FIRST_CHART = ".js-plotly-plot .main-svg"
TIMEOUT = 300  # seconds: 25 tabs at once take ~50 s each here even on the minimal app


# --- browser layer -------------------------------------------------------------------------------


async def _visit(browser, urls: list[str]) -> list[float | None]:
    """One new session opening each url in turn; seconds to first chart, None on failure."""
    context = await browser.new_context(viewport={"width": 1366, "height": 768})
    page = await context.new_page()
    times: list[float | None] = []
    try:
        for url in urls:
            start = time.perf_counter()
            try:
                await page.goto(url, wait_until="commit", timeout=TIMEOUT * 1000)
                await page.wait_for_selector(FIRST_CHART, timeout=TIMEOUT * 1000)
                if await page.locator("[data-testid=stException]").count():
                    raise RuntimeError("exception on page")
                times.append(time.perf_counter() - start)
            except Exception:  # noqa: BLE001 — a failed load is counted, not fatal
                times.append(None)
    finally:
        await context.close()
    return times


async def browser_layer(levels: list[int], app_url: str, minimal_url: str) -> list[dict]:
    from playwright.async_api import async_playwright

    results = []
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        await _visit(browser, [minimal_url, f"{app_url}/", f"{app_url}/rates"])  # warm
        for n in levels:
            row = {"n": n}
            for name, urls in (("minimal", [minimal_url, minimal_url]), ("ours", [f"{app_url}/", f"{app_url}/rates"])):
                runs = await asyncio.gather(*(_visit(browser, urls) for _ in range(n)))
                flat = [t for run in runs for t in run]
                ok = [t for t in flat if t is not None]
                row[name] = {"success": len(ok) / len(flat), "p50": statistics.median(ok) if ok else None,
                             "p95": percentile(ok, 0.95) if ok else None}
            row["ratio_p95"] = row["ours"]["p95"] / row["minimal"]["p95"]
            results.append(row)
        await browser.close()
    return results


# --- protocol layer ------------------------------------------------------------------------------


async def _session(port: int, pages: list[str], connected: asyncio.Event, release: asyncio.Event,
                   counter: list[int], total: int) -> list[float | None]:
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ClientState_pb2 import ClientState
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    times: list[float | None] = []
    try:
        async with websockets.connect(f"ws://127.0.0.1:{port}/_stcore/stream", subprotocols=["streamlit"],
                                      origin=f"http://127.0.0.1:{port}", max_size=None,
                                      open_timeout=TIMEOUT, ping_interval=None) as ws:
            for page in pages:
                start = time.perf_counter()
                await ws.send(BackMsg(rerun_script=ClientState(page_name=page)).SerializeToString())
                failed = False
                while True:
                    message = ForwardMsg()
                    message.ParseFromString(await asyncio.wait_for(ws.recv(), TIMEOUT))
                    kind = message.WhichOneof("type")
                    if kind == "delta" and message.delta.WhichOneof("type") == "new_element" and \
                            message.delta.new_element.WhichOneof("type") == "exception":
                        failed = True
                    if kind == "script_finished":
                        failed |= message.script_finished not in (0, 3)  # finished (or fragment) successfully
                        break
                times.append(None if failed else time.perf_counter() - start)
            counter[0] += 1
            if counter[0] == total:
                connected.set()
            await release.wait()  # stay connected until RSS with every session open is measured
    except Exception:  # noqa: BLE001
        counter[0] += 1
        if counter[0] == total:
            connected.set()
        times += [None] * (len(pages) - len(times))
    return times


def rss_mb(pid: int) -> float:
    process = psutil.Process(pid)
    return sum(p.memory_info().rss for p in [process, *process.children(recursive=True)]) / 1024 / 1024


async def protocol_level(server: Server, pages: list[str], n: int) -> dict:
    before = rss_mb(server.process.pid)
    connected, release = asyncio.Event(), asyncio.Event()
    counter = [0]
    tasks = [asyncio.create_task(_session(server.port, pages, connected, release, counter, n)) for _ in range(n)]
    await connected.wait()
    during = rss_mb(server.process.pid)
    release.set()
    runs = await asyncio.gather(*tasks)
    await asyncio.sleep(3)
    after = rss_mb(server.process.pid)
    flat = [t for run in runs for t in run]
    ok = [t for t in flat if t is not None]
    return {"success": len(ok) / len(flat), "p50": statistics.median(ok) if ok else None,
            "p95": percentile(ok, 0.95) if ok else None, "rss_before": before, "rss_during": during,
            "rss_after": after}


async def protocol_layer(levels: list[int]) -> list[dict]:
    results = []
    for n in levels:
        row = {"n": n}
        # fresh servers per level, so each level's RSS growth is its own
        with Server(script="bench/minimal_app.py") as minimal, Server() as app:
            for name, server, pages in (("minimal", minimal, ["", ""]), ("ours", app, ["", "rates"])):
                await protocol_level(server, pages, 2)  # warm: imports, caches
                row[name] = await protocol_level(server, pages, n)
        row["ratio_p95"] = row["ours"]["p95"] / row["minimal"]["p95"]
        results.append(row)
    return results


# --- report --------------------------------------------------------------------------------------


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--browser", default="5,10,25", help="browser contexts at once, per level ('' to skip)")
    parser.add_argument("--protocol", default="50,200", help="websocket sessions at once, per level ('' to skip)")
    args = parser.parse_args(argv)
    browser_levels = [int(x) for x in args.browser.split(",") if x]
    protocol_levels = [int(x) for x in args.protocol.split(",") if x]

    if browser_levels:
        with Server() as app, Server(script="bench/minimal_app.py") as minimal:
            rows = asyncio.run(browser_layer(browser_levels, app.url, minimal.url))
        print("Browser layer: one Chromium, N contexts at once, each opening two pages; time to first chart (s)")
        print(f"{'N':>4}{'ours ok':>9}{'p50':>8}{'p95':>8}{'minimal ok':>12}{'p50':>8}{'p95':>8}{'p95 ratio':>11}")
        for r in rows:
            o, m = r["ours"], r["minimal"]
            print(f"{r['n']:>4}{o['success']:>9.0%}{o['p50']:>8.1f}{o['p95']:>8.1f}{m['success']:>12.0%}"
                  f"{m['p50']:>8.1f}{m['p95']:>8.1f}{r['ratio_p95']:>11.2f}")
        met = all(r["ours"]["success"] == 1 and r["ratio_p95"] <= 1.3 for r in rows)
        print(f"bar (100 % success, p95 ratio ≤ 1.3 at every N): {'MET' if met else 'NOT MET'}\n")

    if protocol_levels:
        rows = asyncio.run(protocol_layer(protocol_levels))
        print("Protocol layer: N websocket sessions at once, each running two pages; script-run time (s), server RSS (MB)")
        print(f"{'N':>4}{'app':>9}{'ok':>7}{'p50':>8}{'p95':>8}{'RSS before':>12}{'all open':>10}{'closed':>8}"
              f"{'MB/50':>8}")
        for r in rows:
            for name in ("minimal", "ours"):
                x = r[name]
                growth = (x["rss_during"] - x["rss_before"]) / (r["n"] / 50)
                print(f"{r['n']:>4}{name:>9}{x['success']:>7.0%}{x['p50']:>8.2f}{x['p95']:>8.2f}"
                      f"{x['rss_before']:>12.0f}{x['rss_during']:>10.0f}{x['rss_after']:>8.0f}{growth:>8.1f}")
            print(f"{'':>4}p95 ratio ours/minimal: {r['ratio_p95']:.2f}")
        last = rows[-1]["ours"]
        growth = max((r["ours"]["rss_during"] - r["ours"]["rss_before"]) / (r["n"] / 50) for r in rows)
        print(f"bar (100 % success at {rows[-1]['n']}, RSS growth < 100 MB per 50 sessions): "
              f"{'MET' if last['success'] == 1 and growth < 100 else 'NOT MET'} "
              f"(success {last['success']:.0%}, worst growth {growth:.0f} MB per 50)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
