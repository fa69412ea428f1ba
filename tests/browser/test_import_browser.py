"""The import on 数据维护 in a real browser, as a county staff member goes through it (issue 11 "Done
when"): a years-across .xls and an indicators-across .xlsx uploaded together, the understanding step
read, one new indicator's 板块 corrected, the source's date filled in, saved — and the figures found on
总览 and 数据与来源. Screenshots of the understanding step, the notices and the review at both
screen sizes are kept in out/screenshots for review."""

from __future__ import annotations

import pytest

from tests import datasets as d
from tests.browser.conftest import PASSWORD, sign_in, wait_for_app
from tests.unit.test_reading import wps_style_xlsx, years_across_xls
from tongxin import auth, importing, load, store

pytestmark = pytest.mark.browser


@pytest.fixture
def editor_server(tmp_path, start_server):
    folder = d.default_copy(tmp_path / "data")
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(f'[tongxin.editors.zhangsan]\nname = "张三"\npassword_hash = "{auth.hash_password(PASSWORD)}"\n',
                       encoding="utf-8")
    return start_server(folder, extra_args=[f"--secrets.files={secrets}"]), folder


def keyed(page, key: str):
    """The element of the widget with this key (Streamlit marks it with a st-key-… class)."""
    return page.locator(f"[class*='st-key-'][class*='{key}']").first


def shoot(page, path, anchor: str) -> None:
    """The screen as the person sees it with `anchor` (a text) scrolled to the top — Streamlit scrolls
    inside its main block, so a full-page shot would show only the first screen — and the whole
    page at the same width beside it (`…_whole.png`)."""
    page.get_by_text(anchor).first.evaluate("e => e.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(300)
    page.screenshot(path=str(path))
    size = page.viewport_size
    height = page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollHeight")
    page.set_viewport_size({"width": size["width"], "height": min(max(height, size["height"]), 6000)})
    page.wait_for_timeout(500)
    page.screenshot(path=str(path).replace(".png", "_whole.png"))
    page.set_viewport_size(size)
    page.wait_for_timeout(300)


def settle(page) -> None:
    page.wait_for_timeout(400)
    wait_for_app(page)


@pytest.mark.parametrize("size", [(1920, 1080), (1366, 768)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_import_two_statistics_tables_correct_a_pillar_save_and_see_them(editor_server, page_at, out_dir, tmp_path, size):
    server, folder = editor_server
    name = f"{size[0]}x{size[1]}"
    page = page_at(f"{server.url}/manage", *size)
    sign_in(page)
    xls, xlsx = tmp_path / "犍为县逐年统计.xls", tmp_path / "各县统计.xlsx"
    xls.write_bytes(years_across_xls(rate_2024=92))  # as the .xlsx has it: two files that agree
    xlsx.write_bytes(wps_style_xlsx())
    page.locator("[data-testid=stFileUploader] input[type=file]").set_input_files([str(xls), str(xlsx)])
    page.wait_for_selector("text=下面将要保存的变化会随之更新", timeout=60_000)
    settle(page)

    main = page.locator("[data-testid=stMain]")
    said = main.inner_text()
    assert "逐年表（年份横排：每行一个指标，每列一年）" in said and "指标横排表（每行一个单位或一年，每列一个指标）" in said
    assert "第3行：板块标题（主题读书）" in said and "新指标 3 个" in said
    assert "还差一步：没有给出这些数字的来源（缺日期）" in said  # the one thing the files do not say
    shoot(page, out_dir / f"import_1_understanding_{name}.png", "我们这样理解您的表格：")

    # The notices, opened: each with file, sheet, row and column
    page.get_by_text("读取说明（").first.click()
    settle(page)
    notices = main.inner_text()
    assert "百分比格式的单元格按显示的百分数读取（D7 等）" in notices and "合并单元格 D5:E5" in notices
    shoot(page, out_dir / f"import_2_notices_{name}.png", "读取说明（")

    # Correct one new indicator's 板块: 读书活动 from 主题读书 (its section row) to 建言献策
    reading = importing.new_indicator_id("读书活动")
    pillar = keyed(page, f"pillar-{reading}")
    combo = pillar.get_by_role("combobox")
    combo.click()
    combo.fill("建言")  # typing filters the 板块 already in the data
    page.get_by_role("option", name="建言献策", exact=True).click()
    settle(page)
    keyed(page, "source-date").locator("input").fill("2025-01-10")
    keyed(page, "source-date").locator("input").press("Enter")
    page.wait_for_selector("text=将要保存的变化：", timeout=60_000)
    settle(page)
    review = main.inner_text()
    assert "新增3个指标" in review and "新增1个来源" in review and "22余场" in review
    shoot(page, out_dir / f"import_3_review_{name}.png", "核对将要保存的变化（")
    page.get_by_role("button", name="确认保存").click()
    page.wait_for_selector("text=已保存", timeout=60_000)
    settle(page)
    page.screenshot(path=str(out_dir / f"import_4_saved_{name}.png"), full_page=False)

    latest = store.history(folder)[0]
    assert (latest.who, latest.origin) == ("张三", "import")
    assert latest.summary.startswith("导入 犍为县逐年统计.xls、各县统计.xlsx：")
    dataset = load.load_dataset(folder)
    assert dataset.indicator(reading).pillar == "建言献策"
    rate = {o.period_end: o.value for o in dataset.observations_of("participation_rate", "犍为县政协")}
    assert rate == {2020: 20, 2021: 20, 2024: 92}  # 2021 from the .xls (a 0% cell storing 0.2)

    overview = page_at(server.url, *size)
    wait_for_app(overview)
    overview.wait_for_selector("[data-testid=stMetric]", timeout=30_000)
    card = overview.locator("[data-testid=stMetric]", has_text="委员参与率").first
    assert card.locator("[data-testid=stMetricValue]").inner_text() == "92%"
    # 总览 says each pillar in one sentence of its first five figures; the new indicator is on 数据与来源 below
    assert "建言献策" in overview.locator("[data-testid=stMain]").inner_text()
    overview.screenshot(path=str(out_dir / f"import_5_overview_{name}.png"))

    sources = page_at(f"{server.url}/sources", *size)
    wait_for_app(sources)
    sources.get_by_placeholder("输入指标").fill("读书活动")
    sources.get_by_placeholder("输入指标").press("Enter")
    sources.wait_for_timeout(800)
    wait_for_app(sources)
    table = sources.locator("[data-testid=stMain]").inner_text()
    assert "读书活动" in table and "22余场" in table and "建言献策" in table
    assert "犍为县政协2021—2024年履职情况统计表" in table  # the source the import named
    sources.screenshot(path=str(out_dir / f"import_6_sources_{name}.png"), full_page=True)


def test_the_notices_of_the_data_and_a_refused_file_read_clearly(start_server, page_at, out_dir, tmp_path):
    """The sidebar's 数据状态 with the notices of data that has a title row; an .et file refused with the
    one message saying how to save it."""
    import shutil

    folder = tmp_path / "data"
    shutil.copytree(d.PROJECT / "tests" / "cases" / "04-title-row-above-header" / "csv", folder)
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(f'[tongxin.editors.zhangsan]\nname = "张三"\npassword_hash = "{auth.hash_password(PASSWORD)}"\n',
                       encoding="utf-8")
    server = start_server(folder, extra_args=[f"--secrets.files={secrets}"])
    page = page_at(server.url, 1366, 768)
    wait_for_app(page)
    page.get_by_text("数据状态").click()
    page.wait_for_timeout(600)
    side = page.locator("[data-testid=stSidebar]").inner_text()
    assert "读取说明 1 条" in side and "这一行是标题或说明" in side and "错误" not in side
    page.screenshot(path=str(out_dir / "import_7_sidebar_notices_1366x768.png"))

    manage = page_at(f"{server.url}/manage", 1366, 768)
    sign_in(manage)
    et = tmp_path / "统计表.et"
    et.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    manage.locator("[data-testid=stFileUploader] input[type=file]").set_input_files(str(et))
    manage.wait_for_selector("text=这些文件不能读取", timeout=60_000)
    settle(manage)
    said = manage.locator("[data-testid=stMain]").inner_text()
    assert "这是 WPS 表格文件（.et），无法读取" in said and "另存为" in said
    shoot(manage, out_dir / "import_8_refused_et_1366x768.png", "这些文件不能读取")
