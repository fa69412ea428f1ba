"""Every page in a real browser at the two screen sizes officials use: no exception, at least one
chart, no year tick with a decimal or a comma; screenshots kept in out/screenshots for review."""

from __future__ import annotations

import re

import pytest

from tests import datasets as d
from tests.browser.conftest import tick_texts, wait_for_app

pytestmark = pytest.mark.browser
BAD_TICK = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$|^(19|20)\d\d\.\d+$")
PAGES = {"overview": "", "rates": "rates", "activities": "activities", "sources": "sources"}
SIZES = [(1920, 1080), (1366, 768)]


def check_page(page, out_dir, name, require_chart=True):
    wait_for_app(page)
    page.wait_for_selector(".js-plotly-plot .main-svg" if require_chart else "[data-testid=stMetric], .tx-tile", timeout=30_000)
    page.wait_for_timeout(500)
    assert page.locator("[data-testid=stException]").count() == 0
    if require_chart:
        assert page.locator(".js-plotly-plot").count() >= 1
    bad = [t for t in tick_texts(page) if BAD_TICK.match(t)]
    assert not bad, bad
    assert "□" not in page.inner_text("body")
    page.screenshot(path=str(out_dir / f"{name}.png"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_default_data(server, page_at, out_dir, name, size):
    page = page_at(f"{server.url}/{PAGES[name]}", *size)
    check_page(page, out_dir, f"{name}_{size[0]}x{size[1]}")
    body = page.inner_text("body")
    expected = {"overview": "+72个百分点", "rates": "2021–2023年无公开数据", "activities": "218→67个",
                "sources": "坚持“四高”导向"}[name]
    assert expected in body


@pytest.fixture(scope="module")
def targets_server(tmp_path_factory):
    from tests.browser.conftest import logged_server

    s = logged_server(d.write(tmp_path_factory.mktemp("targets"), d.targets_dataset()))
    yield s
    s.stop()


@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_another_org_with_targets(targets_server, page_at, out_dir, name):
    page = page_at(f"{targets_server.url}/{PAGES[name]}", 1366, 768)
    # this fixture's 四高成效 has no before/after, share or same-unit pair: cards only, no chart
    check_page(page, out_dir, f"targets_{name}_1366x768", require_chart=name != "activities")
    assert page.locator("[data-testid=stMetric], .tx-tile").count() or page.locator(".js-plotly-plot").count()
    ticks = tick_texts(page)
    if name == "rates":
        assert {"2018", "2026"} <= set(ticks)


def test_switching_org_redraws_the_charts(targets_server, page_at):
    page = page_at(f"{targets_server.url}/rates", 1366, 768)
    wait_for_app(page)
    page.wait_for_selector(".js-plotly-plot .main-svg")
    assert "青川县政协" in page.inner_text("[data-testid=stMain]")
    page.locator("[data-testid=stSidebar] [data-testid=stSelectbox]").first.click()
    page.get_by_role("option", name="白马镇政协联络组").click()
    page.wait_for_function("() => document.querySelector('[data-testid=stMain]').innerText.includes('白马镇政协联络组 ｜')",
                           timeout=30_000)
    wait_for_app(page)
    assert page.locator("[data-testid=stException]").count() == 0


def test_first_visitor_after_a_restart_sees_the_chinese_navigation(start_server, page_at):
    """A folder named pages/ made Streamlit show file names (app, rates…) to the first visitor."""
    fresh = start_server(None)
    page = page_at(f"{fresh.url}/rates", 1366, 768)
    wait_for_app(page)
    # a first visit may draw, clear and draw again while the server warms up: wait for the navigation itself
    page.wait_for_selector("[data-testid=stSidebarNav] a", timeout=45_000)
    page.wait_for_timeout(1000)
    names = page.eval_on_selector_all("[data-testid=stSidebarNav] a", "els => els.map(e => e.innerText.trim())")
    assert names == ["总览", "三率趋势", "四高成效", "数据与来源", "导出会议材料", "数据维护", "大屏展示"]


def test_export_page_builds_and_downloads_the_meeting_pack(server, page_at, out_dir, tmp_path):
    import zipfile

    page = page_at(f"{server.url}/export", 1366, 768, accept_downloads=True)
    wait_for_app(page)
    page.get_by_role("button", name="生成", exact=True).click()
    page.wait_for_selector("[data-testid=stDownloadButton]", timeout=180_000)
    wait_for_app(page)
    assert page.locator("[data-testid=stException]").count() == 0
    assert page.locator("[data-testid=stImage] img").count() == 3  # the deck's first slides
    assert page.get_by_text("公文格式检查（Word 汇报材料）通过").count() == 1  # the pack's Word file, checked
    assert page.locator("input[aria-label^='材料标题']").input_value() == "犍为县政协工作情况汇报"
    page.screenshot(path=str(out_dir / "export_1366x768.png"), full_page=True)
    with page.expect_download() as download:
        page.locator("[data-testid=stDownloadButton] button").first.click()
    target = tmp_path / download.value.suggested_filename
    download.value.save_as(target)
    assert target.name.startswith("犍为县政协_会议材料包_") and target.suffix == ".zip"
    names = zipfile.ZipFile(target).namelist()
    assert any(n.endswith(".pptx") for n in names) and any(n.endswith(".pdf") for n in names)
    assert any(n.endswith(".xlsx") for n in names) and sum(n.endswith(".png") for n in names) >= 10
