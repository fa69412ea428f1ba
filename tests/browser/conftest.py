"""Real rendering: `streamlit run` on a free port, driven by Playwright in Debian's Chromium."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests import datasets as d

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
SCREENSHOTS = d.PROJECT / "out" / "screenshots"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, data_dir: Path | None, script: str = "app.py", extra_env: dict | None = None,
                 extra_args: list[str] | None = None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ, **(extra_env or {}))
        if data_dir is None:
            env.pop("TONGXIN_DATA_DIR", None)
        else:
            env["TONGXIN_DATA_DIR"] = str(data_dir)
        self.log = open(d.PROJECT / "out" / f"streamlit-{self.port}.log", "w")  # noqa: SIM115
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", script, "--server.headless=true",
             f"--server.port={self.port}", "--server.address=127.0.0.1", "--browser.gatherUsageStats=false",
             *(extra_args or [])],
            cwd=d.PROJECT, env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"streamlit did not start on port {self.port}")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


@pytest.fixture(scope="session")
def out_dir():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture(scope="session")
def server(out_dir):
    s = Server(None)
    yield s
    s.stop()


@pytest.fixture
def start_server(out_dir):
    started = []

    def start(data_dir, **kwargs):
        s = Server(data_dir, **kwargs)
        started.append(s)
        return s

    yield start
    for s in started:
        s.stop()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("找不到 Chromium（/usr/bin/chromium）：请先运行 make test 安装系统组件")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page_at(browser):
    contexts = []

    def open_page(url: str, width: int = 1366, height: int = 768, **context_options):
        context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN", **context_options)
        contexts.append(context)
        page = context.new_page()
        dialogs = []
        page.on("dialog", lambda dlg: (dialogs.append(dlg.message), dlg.dismiss()))
        page.dialogs = dialogs
        page.goto(url)
        return page

    yield open_page
    for c in contexts:
        c.close()


def wait_for_app(page, timeout=45_000):
    """Wait until the script run finished and something real is on screen."""
    page.wait_for_selector("[data-testid=stMain]", timeout=timeout)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=stStatusWidget]') && "
        "document.querySelectorAll('[data-testid=stMainBlockContainer] [data-testid=stElementContainer]').length > 0",
        timeout=timeout,
    )
    page.wait_for_timeout(300)


def tick_texts(page) -> list[str]:
    return page.eval_on_selector_all(".js-plotly-plot .xtick text, .js-plotly-plot .ytick text",
                                     "els => els.map(e => e.textContent)")
