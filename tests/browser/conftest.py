"""Real rendering: `streamlit run` on a free port, driven by Playwright in Debian's Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import datasets as d
from tests.server import CHROMIUM, CHROMIUM_ARGS, Server

SCREENSHOTS = d.PROJECT / "out" / "screenshots"


def logged_server(data_dir, **kwargs) -> Server:
    """A server whose output is kept in out/ for reading after a failure."""
    return Server(data_dir, log_dir=d.PROJECT / "out", **kwargs)


@pytest.fixture(scope="session")
def out_dir():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture(scope="session")
def server(out_dir, tmp_path_factory):
    s = logged_server(d.default_copy(tmp_path_factory.mktemp("default") / "data"))
    yield s
    s.stop()


@pytest.fixture
def start_server(out_dir):
    started = []

    def start(data_dir, **kwargs):
        s = logged_server(data_dir, **kwargs)
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


PASSWORD = "正确的密码123"  # every browser test's editor accounts (hashed into their secrets.toml)


def sign_in(page, user: str = "zhangsan", until: str = "text=已登录：") -> None:
    """Sign `user` in on the 数据维护 page open in `page`, then wait for `until` (a selector: signed in, by
    default; a refusal or a review for the tests that expect one) and the finished script run."""
    wait_for_app(page)
    page.get_by_label("用户名").fill(user)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_selector(until, timeout=30_000)
    wait_for_app(page)


def tick_texts(page) -> list[str]:
    return page.eval_on_selector_all(".js-plotly-plot .xtick text, .js-plotly-plot .ytick text",
                                     "els => els.map(e => e.textContent)")
