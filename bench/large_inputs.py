"""Large uploads (issue 10, failure 6): 200,000 valid rows and 200,000 bad rows (4 problems each),
each ~4–5 MB (just under the upload limit of the time; it is 12 MB since t10), checked and reviewed on 数据维护.

    .venv/bin/python -m bench.large_inputs            # core: maintain.check_isolated, timed, memory of both processes
    .venv/bin/python -m bench.large_inputs --browser  # the page: upload in Chromium → review shown → save, server RSS

Targets (issue 10): each reviewed (and the valid one saved) within 30 s on this machine, server
memory growth ≤ 300 MB; the review shows counts, the first rows and a download — never one huge message.
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

ROWS = 200_000
INDICATORS = 40


def valid_files() -> dict[str, bytes]:
    """A new dataset of 200,000 figures: 40 indicators × 5,000 bodies (short names keep it under 5 MB)."""
    indicators = "id,name,pillar,unit,kind\n" + "".join(f"i{k},指标{k},板块,个,count\n" for k in range(INDICATORS))
    observations = "org,indicator,period_end,value,source\n" + "".join(
        f"o{n // INDICATORS},i{n % INDICATORS},2024,{n % 997},s\n" for n in range(ROWS))
    sources = "id,title,publisher,date\ns,某市政协年报,某市政协,2025-01-10\n"
    return {"indicators.csv": indicators.encode(), "observations.csv": observations.encode(),
            "sources.csv": sources.encode()}


def bad_files() -> dict[str, bytes]:
    """200,000 rows, each with four errors: unknown indicator, year 1800, 'abc' as value, unknown source."""
    observations = "org,indicator,period_end,value,source\n" + "".join(
        f"o{n // INDICATORS},x{n % INDICATORS},1800,abc,q\n" for n in range(ROWS))
    return {"observations.csv": observations.encode()}


def rss_mb(pid: int | None = None) -> float:
    import psutil

    return psutil.Process(pid).memory_info().rss / 1024 / 1024


def core() -> None:
    import psutil

    from tests import datasets as d
    from tongxin import maintain, store

    head = store.Snapshot(1, "", {n: (d.DEFAULT_DATA / n).read_bytes() for n in store.REQUIRED_FILES})
    print(f"{'input':<8} {'MB':>5} {'seconds':>8} {'server RSS +MB':>15} {'child peak MB':>14}  result")
    for name, files in (("valid", valid_files()), ("bad", bad_files())):
        size = sum(map(len, files.values())) / 1024 / 1024
        before = rss_mb()
        start = time.perf_counter()
        proposal = maintain.check_isolated(files, head)
        seconds = time.perf_counter() - start
        child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        result = (f"{proposal.summary}, {len(proposal.changes)} shown" if proposal.ok else
                  f"{proposal.error_count} problems, {len(proposal.problems)} shown, full list "
                  f"{Path(proposal.full['problems']).stat().st_size // 1024 // 1024} MB")
        print(f"{name:<8} {size:5.1f} {seconds:8.1f} {rss_mb() - before:15.0f} {child:14.0f}  {result}")
    del psutil


class Peak:
    """The server's RSS sampled every 0.1 s: its own, and with its children (the checking process)."""

    def __init__(self, pid: int):
        import threading

        self.pid, self.own, self.tree = pid, 0.0, 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self):
        import psutil

        process = psutil.Process(self.pid)
        while not self._stop.is_set():
            try:
                own = process.memory_info().rss
                tree = own + sum(c.memory_info().rss for c in process.children(recursive=True))
            except psutil.Error:
                continue
            self.own, self.tree = max(self.own, own / 2**20), max(self.tree, tree / 2**20)
            self._stop.wait(0.1)

    def stop(self) -> Peak:
        self._stop.set()
        self._thread.join()
        return self


def browser(out: Path | None = None, chromium=None) -> list[dict]:
    """Upload both files on 数据维护 in Chromium; time until the review (and the save) shows; the
    server's RSS before, at its peak and after. Returns the rows it prints. `chromium`: a Playwright
    browser to use (the tests' own); else one is started."""
    if chromium is None:
        from playwright.sync_api import sync_playwright

        from tests.server import CHROMIUM, CHROMIUM_ARGS

        with sync_playwright() as p:
            started = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                return browser(out, started)
            finally:
                started.close()
    import tempfile

    from tests import datasets as d
    from tests.server import Server
    from tongxin import auth

    work = Path(tempfile.mkdtemp(prefix="tongxin-large-"))
    folder = d.default_copy(work / "data")
    secrets = work / "secrets.toml"
    secrets.write_text(f'[tongxin.editors.zhangsan]\nname = "张三"\npassword_hash = "{auth.hash_password("密码12345678")}"\n',
                       encoding="utf-8")
    for name, files in (("valid", valid_files()), ("bad", bad_files())):
        (work / name).mkdir()
        for file_name, content in files.items():
            (work / name / file_name).write_bytes(content)
    rows = []
    with Server(folder, extra_args=[f"--secrets.files={secrets}"]) as server:
        context = chromium.new_context(viewport={"width": 1366, "height": 1400}, locale="zh-CN")
        page = context.new_page()
        page.goto(f"{server.url}/manage")
        page.get_by_label("用户名").fill("zhangsan")
        page.get_by_label("密码").fill("密码12345678")
        page.get_by_role("button", name="登录").click()
        page.wait_for_selector("text=已登录：", timeout=60_000)
        page.wait_for_timeout(1000)
        start_rss = rss_mb(server.process.pid)
        for name, wait_for in (("valid", "将要保存的变化："), ("bad", "处问题，数据没有保存")):
            before = rss_mb(server.process.pid)
            peak = Peak(server.process.pid)
            started = time.perf_counter()
            page.locator("[data-testid=stFileUploader] input[type=file]").set_input_files(
                [str(p) for p in sorted((work / name).iterdir())])
            page.wait_for_selector(f"text={wait_for}", timeout=300_000)
            reviewed = time.perf_counter() - started
            html = len(page.content())
            body = page.inner_text("[data-testid=stMain]")
            shown = {"counts": "新增200000条" in body if name == "valid" else "发现 800000 处问题" in body,
                     "rows": body.count("observations.csv" if name == "bad" else "截至2024年"),
                     "download": page.get_by_role("button", name="下载完整").count() > 0}
            saved = None
            if name == "valid":
                if out:
                    page.screenshot(path=str(out / "large_1_valid_review.png"), full_page=True)
                started = time.perf_counter()
                page.get_by_role("button", name="确认保存").click()
                page.wait_for_selector("text=已保存", timeout=300_000)
                page.wait_for_function("() => !document.querySelector('[data-testid=stStatusWidget]')",
                                       timeout=300_000)
                saved = time.perf_counter() - started
            elif out:
                page.screenshot(path=str(out / "large_2_bad_review.png"), full_page=True)
            peak.stop()
            rows.append({"input": name, "reviewed": reviewed, "saved": saved, "page_kb": html // 1024, **shown,
                         "before": before, "peak": peak.own, "tree_peak": peak.tree,
                         "after": rss_mb(server.process.pid), "start": start_rss})
        context.close()
    print(f"{'input':<6} {'review s':>8} {'save s':>7} {'page KB':>8} {'RSS before':>10} {'peak':>6} "
          f"{'peak+child':>10} {'after':>6} {'growth':>6}")
    for r in rows:
        saved = "" if r["saved"] is None else f"{r['saved']:.1f}"
        print(f"{r['input']:<6} {r['reviewed']:8.1f} {saved:>7} {r['page_kb']:8d} {r['before']:10.0f} {r['peak']:6.0f} "
              f"{r['tree_peak']:10.0f} {r['after']:6.0f} {r['peak'] - r['start']:6.0f}")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--browser", action="store_true")
    parser.add_argument("--shots", type=Path, help="save screenshots of the reviews here")
    args = parser.parse_args()
    if args.browser:
        browser(args.shots)
    else:
        core()


if __name__ == "__main__":
    main()
