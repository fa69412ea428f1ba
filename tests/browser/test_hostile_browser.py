"""Hostile text in the data, in a real browser: no dialog ever opens, no markup is obeyed, and the
text is shown literally on every page."""

from __future__ import annotations

import pytest

from tests import datasets as d
from tests.browser.conftest import wait_for_app

pytestmark = pytest.mark.browser
PAGES = ["", "rates", "activities", "sources", "export", "manage"]


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    from tests.browser.conftest import logged_server

    s = logged_server(d.write(tmp_path_factory.mktemp("hostile"), d.hostile_dataset()))
    yield s
    s.stop()


@pytest.mark.parametrize("path", PAGES)
def test_hostile_text_is_only_ever_text(hostile_server, page_at, out_dir, path):
    page = page_at(f"{hostile_server.url}/{path}", 1366, 900)
    wait_for_app(page)
    page.wait_for_timeout(1500)  # let charts and tooltips settle: an onerror would have fired by now
    name = path or "overview"
    page.screenshot(path=str(out_dir / f"hostile_{name}.png"), full_page=True)
    assert page.dialogs == []
    assert page.locator("[data-testid=stException]").count() == 0
    assert page.locator("img[src='x']").count() == 0
    assert page.locator("a[href^='javascript']").count() == 0
    assert page.locator("[data-testid=stMain] script").count() == 0
    body = page.inner_text("[data-testid=stMain]")
    if path in ("", "sources"):
        assert "<script>alert(1)</script>参与率" in body or "<script>alert(1)</scrip" in body
    if path == "sources":
        assert "<img src=x onerror=alert(1)>" in body and "[U+202E]" in body
    if path == "":
        svg_text = page.eval_on_selector_all(".js-plotly-plot text", "els => els.map(e => e.textContent).join(' ')")
        assert "<script>alert(1)</scrip" in svg_text  # the chart label shows the characters
