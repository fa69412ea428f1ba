"""Invisible direction overrides (U+202E) shown as [U+202E] inside Streamlit's own widgets too
(issue 10, smaller items): the 单位 selectbox (its value and its options), and the uploader's list of
chosen files — which shows names as they are, so the app hides it and lists the files itself."""

from __future__ import annotations

import pytest

from tests import datasets as d
from tests.browser.conftest import wait_for_app
from tests.browser.test_faults_browser import secrets_file, sign_in

pytestmark = pytest.mark.browser
RLO = "\u202e"


def two_orgs_one_hostile() -> dict[str, str]:
    tables = d.hostile_dataset()
    tables["observations.csv"] += "另一县政协,rate_x,2020,2020,,50,,,evil,\n另一县政协,rate_x,2024,2024,,60,,,evil,\n"
    return tables


def test_the_org_selectbox_shows_the_override(tmp_path, start_server, page_at, out_dir):
    server = start_server(d.write(tmp_path / "data", two_orgs_one_hostile()))
    page = page_at(server.url, 1366, 900)
    wait_for_app(page)
    box = page.locator("[data-testid=stSidebar] [data-testid=stSelectbox]").first
    shown = box.locator("input[role=combobox]").input_value()  # the chosen org, as the widget shows it
    assert shown == "某县[U+202E]政协", shown
    box.locator("button[aria-label=Open]").click()
    options = page.locator("[role=option]")
    options.first.wait_for(timeout=10_000)
    texts = options.all_inner_texts()
    page.screenshot(path=str(out_dir / "visible_controls_selectbox.png"))
    assert any("[U+202E]" in t for t in texts) and not any(RLO in t for t in texts), texts


def test_the_uploader_s_file_list_shows_the_override(tmp_path, start_server, page_at, out_dir):
    folder = d.default_copy(tmp_path / "data")
    server = start_server(folder, extra_args=[f"--secrets.files={secrets_file(tmp_path)}"])
    page = page_at(f"{server.url}/manage", 1366, 1000)
    sign_in(page)
    named = tmp_path / f"observations{RLO}vsc.exe.csv"  # would read "observations.csv.exe…" reversed
    named.write_bytes((folder / "observations.csv").read_bytes())
    page.locator("[data-testid=stFileUploader] input[type=file]").set_input_files(str(named))
    page.wait_for_selector("text=不可见的控制字符", timeout=30_000)
    wait_for_app(page)
    page.screenshot(path=str(out_dir / "visible_controls_uploader.png"))
    main = page.inner_text("[data-testid=stMain]")  # what is rendered visibly
    assert RLO not in main and "observations[U+202E]vsc.exe.csv" in main
    assert not page.locator("[data-testid=stFileChips]").is_visible()  # Streamlit's own list is hidden
    page.get_by_role("button", name="清除所选文件").click()
    wait_for_app(page)
    assert "已选择" not in page.inner_text("[data-testid=stMain]")
