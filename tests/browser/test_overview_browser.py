"""总览 in a real browser at the two screen sizes officials use."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import tick_texts, wait_for_app

pytestmark = pytest.mark.browser
BAD_TICK = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$|^(19|20)\d\d\.\d+$")


@pytest.mark.parametrize("size", [(1920, 1080), (1366, 768)])
def test_overview_renders(server, page_at, out_dir, size):
    page = page_at(server.url, *size)
    wait_for_app(page)
    page.wait_for_selector(".js-plotly-plot .xtick text", timeout=30_000)
    assert page.locator("[data-testid=stException]").count() == 0
    assert page.locator(".js-plotly-plot").count() >= 1
    ticks = tick_texts(page)
    assert "2020" in ticks and "2024" in ticks
    assert not [t for t in ticks if BAD_TICK.match(t)]
    body = page.inner_text("body")
    assert "委员参与率" in body and "92%" in body and "+72个百分点" in body
    page.screenshot(path=str(out_dir / f"overview_{size[0]}x{size[1]}.png"), full_page=True)
