"""大屏展示 in a real browser at the sizes of meeting-room screens and a video wall, and every page on a
phone: nothing cut, no scrollbar, the carousel moving, a save shown without a reload; screenshots kept
in out/screenshots for review (screen_*.png, phone_*.png)."""

from __future__ import annotations

import pytest

from tests import datasets as d
from tests.browser.conftest import logged_server, wait_for_app
from tongxin import maintain, store

pytestmark = pytest.mark.browser

SCREEN_SIZES = [(1366, 768), (1920, 1080), (3840, 2160), (5760, 1080)]
PHONE = dict(is_mobile=True, has_touch=True, user_agent=(
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN"))
INTERVAL = 2
PANELS = ".tx-banner, .tx-figure, .tx-panel-head, .tx-tile, .tx-chart, .tx-rows, .tx-empty"

# Every element of the canvas that holds text or a chart, with its box in viewport pixels.
BOXES = f"""() => [...document.querySelectorAll('{PANELS}')].map(e => {{
  const r = e.getBoundingClientRect();
  return {{cls: e.className, text: e.innerText.slice(0, 30), left: r.left, top: r.top, right: r.right, bottom: r.bottom}};
}})"""
# The smallest text on the canvas, in viewport pixels (font size × the canvas's scale).
SMALLEST_TEXT = """() => {
  const s = parseFloat(getComputedStyle(document.documentElement).getPropertyValue('--tx-s')) || 1;
  const sizes = [...document.querySelectorAll('.st-key-tx-screen *')]
    .filter(e => [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
    .map(e => parseFloat(getComputedStyle(e).fontSize) * s);
  return Math.min(...sizes);
}"""


@pytest.fixture(scope="module")
def city_server(tmp_path_factory):
    s = logged_server(d.write(tmp_path_factory.mktemp("city"), d.city_dataset()))
    yield s
    s.stop()


def open_screen(page_at, url, width, height, **options):
    page = page_at(url, width, height, **options)
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.js_errors = errors
    page.wait_for_selector(".tx-carousel", timeout=90_000)
    page.wait_for_function("() => [...document.querySelectorAll('img.tx-chart')].some(i => i.complete && i.naturalWidth)",
                           timeout=60_000)
    page.wait_for_timeout(500)
    return page


def carousel(page) -> str:
    return page.inner_text(".tx-carousel")


@pytest.mark.parametrize("size", SCREEN_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_big_screen_fits_every_screen(city_server, page_at, out_dir, size):
    width, height = size
    page = open_screen(page_at, f"{city_server.url}/screen?interval={INTERVAL}", width, height)
    assert page.locator("[data-testid=stException]").count() == 0 and not page.js_errors
    # no scrollbar: the document is exactly the window, the sidebar and header are gone
    extent = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight,"
                           " document.body.scrollWidth, document.body.scrollHeight]")
    assert max(extent[0], extent[2]) <= width and max(extent[1], extent[3]) <= height, extent
    assert not page.locator("[data-testid=stSidebar]").is_visible()
    assert not page.locator("[data-testid=stHeader]").is_visible()
    # at least one chart, drawn
    assert page.locator("img.tx-chart").count() >= 1
    # every panel inside the window
    boxes = page.evaluate(BOXES)
    assert len(boxes) >= 6  # banner, two figures, two headings, a chart at least
    outside = [b for b in boxes if b["left"] < -0.5 or b["top"] < -0.5 or b["right"] > width + 0.5
               or b["bottom"] > height + 0.5]
    assert not outside, outside
    # the same composition at every size: the canvas scaled by the smaller of the two ratios
    scale = min(width / 1920, height / 1080)
    canvas = page.locator(".st-key-tx-screen").bounding_box()
    assert abs(canvas["width"] - 1920 * scale) < 2 and abs(canvas["height"] - 1080 * scale) < 2
    # legible from the back of the room: body text ≥ 24 px at 1920×1080, in proportion elsewhere
    assert page.evaluate(SMALLEST_TEXT) >= 24 * scale - 0.01
    text = page.inner_text(".st-key-tx-screen")
    assert "乐山第1县政协 · 同心共建质效" in text and "个百分点" in text and "□" not in text
    page.screenshot(path=str(out_dir / f"screen_{width}x{height}.png"))
    first = carousel(page)
    page.wait_for_function(f"() => document.querySelector('.tx-carousel').innerText !== {first!r}",
                           timeout=INTERVAL * 4000)
    assert page.locator("[data-testid=stException]").count() == 0 and not page.js_errors


def test_the_ranking_panel_comes_round(city_server, page_at, out_dir):
    page = open_screen(page_at, f"{city_server.url}/screen?interval=1&org=乐山第2县政协", 1920, 1080)
    page.wait_for_function("() => document.querySelector('.tx-carousel').innerText.includes('排名')", timeout=30_000)
    page.wait_for_function("() => document.querySelectorAll('img.tx-chart').length == 2 && "
                           "[...document.querySelectorAll('img.tx-chart')].every(i => i.complete && i.naturalWidth)",
                           timeout=30_000)
    assert "乐山市政协的11个县（区）" in carousel(page)
    page.screenshot(path=str(out_dir / "screen_ranking_1920x1080.png"))


def test_a_saved_change_shows_without_a_reload(start_server, page_at, out_dir, tmp_path):
    folder = d.default_copy(tmp_path / "data")
    server = start_server(folder)
    page = open_screen(page_at, f"{server.url}/screen?interval={INTERVAL}", 1920, 1080)
    assert page.locator(".tx-value", has_text="92%").count() == 1
    page.evaluate("() => { window.__notReloaded = true; }")
    opened = store.open(folder)
    head = maintain.sync(opened).version
    files = opened.files(head.id)
    text = files["observations.csv"].decode("utf-8-sig")
    changed = text.replace("participation_rate,2024,2024,2024年,92,", "participation_rate,2024,2024,2024年,95,")
    assert changed != text
    opened.save({**files, "observations.csv": changed.encode("utf-8")}, "张三", "改委员参与率", base=head.id)
    page.wait_for_function("() => [...document.querySelectorAll('.tx-value')].some(e => e.innerText === '95%')",
                           timeout=(INTERVAL + 8) * 1000)
    assert page.evaluate("() => window.__notReloaded === true")  # the same page, not reloaded
    assert "+75个百分点（较2020年）" in page.inner_text(".st-key-tx-screen")
    assert not page.js_errors


def test_the_big_screen_on_a_phone_is_a_vertical_stack(city_server, page_at, out_dir):
    page = open_screen(page_at, f"{city_server.url}/screen?interval=30", 390, 844, **PHONE)
    assert page.evaluate("() => document.documentElement.classList.contains('tx-stack')")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    title = page.locator(".tx-title").bounding_box()
    assert title["y"] >= 0 and title["y"] + title["height"] < 844 and title["x"] + title["width"] <= 390
    figures = page.locator(".tx-figure").all()
    boxes = [f.bounding_box() for f in figures]
    assert len(boxes) == 2 and boxes[1]["y"] > boxes[0]["y"] + boxes[0]["height"] - 1  # one per row
    assert all(b["x"] >= 0 and b["x"] + b["width"] <= 390 for b in boxes)
    chart = page.locator("img.tx-chart").first.bounding_box()
    assert chart["width"] > 300 and chart["x"] + chart["width"] <= 390
    page.screenshot(path=str(out_dir / "phone_screen.png"), full_page=True)


# The ordinary pages on a phone, on several orgs' data (so 各单位对比 is there): the title and the
# first figures on the first screen, the sidebar closed, nothing wider than the phone.
PHONE_PAGES = {"overview": "", "rates": "rates", "activities": "activities", "compare": "compare",
               "sources": "sources", "export": "export", "manage": "manage"}
WITH_FIGURES = {"overview", "rates", "activities", "compare", "sources"}
FIRST_FIGURE = r"""() => {
  const leaves = [...document.querySelectorAll('[data-testid=stMain] *')]
    .filter(e => e.children.length === 0 && /\d+(\.\d+)?%/.test(e.textContent) && e.getBoundingClientRect().height > 0);
  return leaves.length ? leaves[0].getBoundingClientRect().top : null;
}"""


@pytest.mark.parametrize("name", list(PHONE_PAGES))
def test_every_page_on_a_phone(city_server, page_at, out_dir, name):
    page = page_at(f"{city_server.url}/{PHONE_PAGES[name]}", 390, 844, **PHONE)
    wait_for_app(page)
    page.wait_for_timeout(1500)
    assert page.locator("[data-testid=stException]").count() == 0
    sidebar = page.locator("[data-testid=stSidebar]")
    if sidebar.count():
        assert sidebar.get_attribute("aria-expanded") != "true"
        box = sidebar.bounding_box()
        assert box is None or box["x"] + box["width"] <= 1  # off the screen
    title = page.locator("h1").first.bounding_box()
    assert title is not None and 0 <= title["y"] and title["y"] + title["height"] <= 844
    if name in WITH_FIGURES:
        top = page.evaluate(FIRST_FIGURE)
        assert top is not None and top < 844, top
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    assert page.evaluate("() => document.body.scrollWidth") <= 390
    if name == "overview":  # 总览 links to the 大屏 of its org
        href = page.locator("[data-testid=stMain]").get_by_role("link", name="大屏展示").get_attribute("href")
        assert "screen?org=" in href
    page.screenshot(path=str(out_dir / f"phone_{name}_390x844.png"))


def test_the_page_reloads_itself_once_a_day_at_the_chosen_hour(city_server, page_at):
    """The browser's clock set to 03:58 local time: nothing happens at once; at 04:00 (?reload=4) the page
    reloads itself and draws the canvas again."""
    import datetime

    page = page_at("about:blank", 1366, 768)
    page.clock.install(time=datetime.datetime(2026, 11, 30, 3, 58, 0))
    page.goto(f"{city_server.url}/screen?interval=30&reload=4")
    page.wait_for_selector(".tx-carousel", timeout=90_000)
    page.evaluate("() => { window.__sameDocument = true; }")
    page.clock.run_for(60_000)  # 03:59: still the same document
    assert page.evaluate("() => window.__sameDocument === true")
    with page.expect_event("load", timeout=30_000):
        page.clock.run_for(90_000)  # past 04:00
    page.wait_for_selector(".tx-carousel", timeout=90_000)
    assert page.evaluate("() => window.__sameDocument === undefined")  # a new document


def test_invalid_data_is_a_calm_dark_screen(start_server, page_at, out_dir, tmp_path):
    folder = d.write(tmp_path / "bad", observations=d.with_rows("observations", d.observation("topics", 2024, "九十")))
    server = start_server(folder)
    page = page_at(f"{server.url}/screen?interval={INTERVAL}", 1920, 1080)
    page.wait_for_selector(".tx-empty", timeout=90_000)
    assert "大屏暂时没有可显示的数据" in page.inner_text(".tx-empty")
    assert page.locator("[data-testid=stException], [data-testid=stAlert]").count() == 0
    page.screenshot(path=str(out_dir / "screen_invalid_1920x1080.png"))


def test_many_orgs_rank_as_rows(start_server, page_at, out_dir, tmp_path):
    tables = d.province_dataset(count=60)
    del tables["orgs.csv"]  # every org compared with every other: 60 orgs, too many for bars
    server = start_server(d.write(tmp_path / "many", tables))
    page = open_screen(page_at, f"{server.url}/screen?interval=1&org=乐山第1县政协", 1920, 1080)
    page.wait_for_selector(".tx-rows", timeout=30_000)
    rows = page.locator(".tx-rows tr").all_inner_texts()
    assert len(rows) == 8 and rows[0].startswith("第1名") and sum("\t乐山第1县\t" in r for r in rows) == 1
    assert "全部60个县（区）" in carousel(page)
    outside = [b for b in page.evaluate(BOXES) if b["bottom"] > 1080 or b["right"] > 1920]
    assert not outside, outside
    page.screenshot(path=str(out_dir / "screen_many_orgs_1920x1080.png"))


def test_a_long_source_and_a_broken_folder_keep_every_panel_on_the_screen(start_server, page_at, out_dir, tmp_path):
    """The tester's wall (issue 14): a source title long enough to take two lines in the banner cut the ranking's
    axis at the bottom, and the notice of unreadable data took a line of its own and pushed the canvas further
    down. Every panel of a whole round of the carousel stays inside 1920×1080, before and after the break."""
    tables = d.city_dataset()
    long_title = "坚持“四高”导向 增强同心共建质效——各县（区）政协扎实推进专项工作履职情况统计"
    tables["sources.csv"] = tables["sources.csv"].replace("各县（区）政协履职情况统计", long_title)
    folder = d.write(tmp_path / "city", tables)
    server = start_server(folder)
    page = open_screen(page_at, f"{server.url}/screen?interval=1&org=乐山第2县政协", 1920, 1080)

    def whole_round(tag: str) -> None:
        seen = set()
        for _ in range(40):
            seen.add(carousel(page))
            outside = [b for b in page.evaluate(BOXES) if b["bottom"] > 1080.5 or b["right"] > 1920.5]
            assert not outside, (tag, carousel(page), outside)
            if any("排名" in s for s in seen) and len(seen) >= 4:
                return
            page.wait_for_timeout(700)
        raise AssertionError(f"{tag}: the carousel did not come round: {seen}")

    whole_round("long source")
    (folder / "observations.csv").write_text("org,indicator\n坏,坏\n", encoding="utf-8")
    page.wait_for_function("() => document.querySelector('.tx-notice') !== null", timeout=30_000)
    assert "显示的是此前的数据" in page.inner_text(".tx-banner")
    whole_round("broken folder")
    page.screenshot(path=str(out_dir / "screen_long_source_broken_1920x1080.png"))
