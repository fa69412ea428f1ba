"""各单位对比 in a real browser, with 11 orgs (one city) and 183 (a province, orgs.csv of two levels),
at the two screen sizes officials use: no exception, the charts drawn, no decimal year ticks, no
sentence or table shown without asking that names more than ~10 orgs; screenshots kept in
out/screenshots for review (a city leader must see at a glance who leads and who lags)."""

from __future__ import annotations

import re

import pytest

from tests import datasets as d
from tests.browser.conftest import tick_texts, wait_for_app

pytestmark = pytest.mark.browser
SIZES = [(1920, 1080), (1366, 768)]
BAD_TICK = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$|^(19|20)\d\d\.\d+$")


@pytest.fixture(scope="module")
def many_servers(tmp_path_factory):
    from tests.browser.conftest import logged_server

    folder = tmp_path_factory.mktemp("many")
    servers = {
        "city": logged_server(d.write_workbook(folder / "city.xlsx", d.city_dataset())),
        "province": logged_server(d.write_workbook(folder / "province.xlsx", d.province_dataset())),
    }
    yield servers
    for s in servers.values():
        s.stop()


def names_in(text: str, names: list[str]) -> int:
    return sum(1 for n in names if n in text)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("which", ["city", "province"])
def test_compare_page(many_servers, page_at, out_dir, which, size):
    page = page_at(f"{many_servers[which].url}/compare", *size)
    wait_for_app(page)
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
    page.wait_for_timeout(800)
    assert page.locator("[data-testid=stException]").count() == 0
    bad = [t for t in tick_texts(page) if BAD_TICK.match(t)]
    assert not bad, bad
    body = page.inner_text("[data-testid=stMain]")
    assert "□" not in body
    assert "各单位对比" in body and "中位数" in body and "居第" in body
    orgs = [name for name, _, _ in d.province_orgs(21 * 11 if which == "city" else 183)]
    shorts = [short for _, _, short in d.province_orgs(21 * 11 if which == "city" else 183)]
    for paragraph in page.locator("[data-testid=stMarkdownContainer] p").all_inner_texts():
        assert names_in(paragraph, orgs) + names_in(paragraph, shorts) <= 10, paragraph
    page.screenshot(path=str(out_dir / f"compare_{which}_{size[0]}x{size[1]}.png"))
    whole_page(page, out_dir / f"compare_{which}_{size[0]}x{size[1]}_full.png")
    for view, name in (("逐年热力表", "heat"), ("趋势对比", "trends")):
        page.set_viewport_size({"width": size[0], "height": size[1]})
        page.get_by_text(view, exact=True).click()
        wait_for_app(page)
        page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot .main-svg').length >= 2",
                               timeout=60_000)
        page.wait_for_timeout(800)
        assert page.locator("[data-testid=stException]").count() == 0
        assert not [t for t in tick_texts(page) if BAD_TICK.match(t)]
        whole_page(page, out_dir / f"compare_{which}_{size[0]}x{size[1]}_{name}.png")


def whole_page(page, path) -> None:
    """The page from top to bottom (Streamlit scrolls inside its main block, so full_page is not enough)."""
    width = page.viewport_size["width"]
    height = page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollHeight")
    page.set_viewport_size({"width": width, "height": min(height + 60, 10_000)})
    page.wait_for_timeout(1500)
    page.screenshot(path=str(path))


def test_scope_and_grouping_on_the_province(many_servers, page_at, out_dir):
    page = page_at(f"{many_servers['province'].url}/compare", 1366, 768)
    wait_for_app(page)
    page.get_by_text("全部183个县（区）").click()
    wait_for_app(page)
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
    body = page.inner_text("[data-testid=stMain]")
    assert re.search(r"在183个县（区）中居(并列)?第\d+位", body) and "183个县（区）的分布" in body
    page.get_by_text("按上级单位分组").click()
    wait_for_app(page)
    page.wait_for_timeout(800)
    assert page.locator("[data-testid=stException]").count() == 0
    assert "每行一个上级单位" in page.inner_text("[data-testid=stMain]")
    whole_page(page, out_dir / "compare_province_grouped_1366x768.png")


def test_the_navigation_offers_the_comparison_with_several_orgs(many_servers, page_at):
    page = page_at(f"{many_servers['city'].url}/", 1366, 768)
    wait_for_app(page)
    page.wait_for_timeout(1000)
    names = page.eval_on_selector_all("[data-testid=stSidebarNav] a", "els => els.map(e => e.innerText.trim())")
    assert names == ["总览", "三率趋势", "四高成效", "各单位对比", "数据与来源", "导出会议材料", "数据维护"]
    body = page.inner_text("[data-testid=stMain]")
    assert "在乐山市政协的11个县（区）中" in body and "居第" in body  # the position on 总览
