"""Faults keep the site up (issue 10, failure 4), against a running server with a second session
viewing throughout: a full disk (a small tmpfs) during a save, then freed; a read-only folder that
has a store; a folder where a data file should be; PostgreSQL down. Viewers keep the last good
version; the editor gets a Chinese message naming the fault; a failed save never takes effect."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import pytest

from tests import datasets as d
from tests.browser.conftest import PASSWORD, sign_in, wait_for_app
from tests.browser.test_conflicts_browser import MICRO, RATE_2024, observations_with, upload
from tests.unit.test_store_faults import fill, tmpfs
from tongxin import auth, maintain, store

pytestmark = pytest.mark.browser
ENGLISH_ERRORS = ("Traceback", "Error", "Exception", "No space left", "Permission denied")


def secrets_file(tmp_path) -> Path:
    path = tmp_path / "secrets.toml"
    path.write_text(f'[tongxin.editors.zhangsan]\nname = "张三"\npassword_hash = "{auth.hash_password(PASSWORD, n=2**12)}"\n',
                    encoding="utf-8")
    return path


def viewer_sees(page, value: str, shot: Path) -> None:
    """The viewer's overview (opened again): the 委员参与率 card shows `value`, nothing English or broken."""
    page.goto(page.url.split("/", 3)[0] + "//" + page.url.split("/", 3)[2] + "/")
    wait_for_app(page)
    page.wait_for_selector("[data-testid=stMetric]", timeout=30_000)
    page.screenshot(path=str(shot))
    card = page.locator("[data-testid=stMetric]", has_text="委员参与率").first
    assert card.locator("[data-testid=stMetricValue]").inner_text() == value
    body = page.inner_text("body")
    assert page.locator("[data-testid=stException]").count() == 0
    assert not any(word in body for word in ENGLISH_ERRORS), body[:500]


def test_a_full_disk_during_a_save_with_a_viewer_watching(tmp_path, start_server, page_at, out_dir):
    with tmpfs(2048) as where:
        folder = d.default_copy(where / "data")
        server = start_server(folder, extra_args=[f"--secrets.files={secrets_file(tmp_path)}"])
        viewer = page_at(server.url, 1366, 900)
        viewer_sees(viewer, "92%", out_dir / "fault_1_viewer_before.png")
        editor = page_at(f"{server.url}/manage", 1366, 1400)
        sign_in(editor)
        before = store.open(folder).head()
        upload(editor, observations_with(folder, tmp_path, "one", *RATE_2024))

        filler = fill(where)
        editor.get_by_role("button", name="确认保存").click()
        editor.wait_for_selector("text=磁盘空间已满", timeout=30_000)
        wait_for_app(editor)
        editor.screenshot(path=str(out_dir / "fault_2_disk_full.png"), full_page=True)
        body = editor.inner_text("[data-testid=stMain]")
        assert "磁盘空间已满，本次修改没有保存，现有数据不受影响" in body and "已保存：" not in body
        viewer_sees(viewer, "92%", out_dir / "fault_3_viewer_disk_full.png")
        viewer.goto(f"{server.url}/sources")
        wait_for_app(viewer)
        assert viewer.locator("[data-testid=stException]").count() == 0

        filler.unlink()  # space again: the failed save does not come back by itself
        viewer.goto(server.url)
        viewer_sees(viewer, "92%", out_dir / "fault_4_viewer_space_again.png")
        assert store.open(folder).head() == before

        editor.get_by_role("button", name="确认保存").click()  # the same review, saved now
        editor.wait_for_selector("text=已保存", timeout=30_000)
        viewer_sees(viewer, "95%", out_dir / "fault_5_viewer_after_save.png")


def test_a_read_only_folder_that_has_a_store(tmp_path, start_server, page_at, out_dir):
    with tmpfs(4096) as where:
        folder = d.default_copy(where / "data")
        opened = store.open(folder)
        first = maintain.sync(opened).version
        files = opened.files(first.id)
        opened.save({**files, "observations.csv": files["observations.csv"].replace(*MICRO)}, "李四", "改",
                    base=first.id)  # .tongxin/ with a database, copies and links
        view = Path(tempfile.mkdtemp(prefix="tongxin-ro-"))
        subprocess.run(["mount", "--bind", str(where), str(view)], check=True)
        try:
            subprocess.run(["mount", "-o", "remount,ro,bind", str(view)], check=True)
            server = start_server(view / "data", extra_args=[f"--secrets.files={secrets_file(tmp_path)}"])
            viewer = page_at(server.url, 1366, 900)
            for path in ("", "rates", "activities", "sources", "export"):
                viewer.goto(f"{server.url}/{path}")
                wait_for_app(viewer)
                assert viewer.locator("[data-testid=stException]").count() == 0, path
            viewer_sees(viewer, "92%", out_dir / "fault_6_read_only_viewer.png")
            # Sign-in attempts cannot be counted in a read-only store: refused, naming the fault
            editor = page_at(f"{server.url}/manage", 1366, 1000)
            sign_in(editor, until="text=暂时无法登录")
            editor.screenshot(path=str(out_dir / "fault_7_read_only_editor.png"), full_page=True)
            assert "只读" in editor.inner_text("[data-testid=stMain]")
            viewer_sees(viewer, "92%", out_dir / "fault_8_read_only_viewer_after.png")
        finally:
            subprocess.run(["umount", "-l", str(view)], check=False)
            view.rmdir()


def test_a_folder_where_a_data_file_should_be(tmp_path, start_server, page_at, out_dir):
    folder = d.default_copy(tmp_path / "data")
    maintain.sync(store.open(folder))
    server = start_server(folder, extra_args=[f"--secrets.files={secrets_file(tmp_path)}"])
    viewer = page_at(server.url, 1366, 900)
    viewer_sees(viewer, "92%", out_dir / "fault_9_viewer_before.png")
    (folder / "observations.csv").unlink()
    (folder / "observations.csv").mkdir()
    viewer_sees(viewer, "92%", out_dir / "fault_10_viewer_folder_in_place.png")  # the version in the store
    editor = page_at(f"{server.url}/manage", 1366, 1200)
    sign_in(editor)
    editor.wait_for_selector("text=现在却是一个文件夹", timeout=30_000)
    editor.screenshot(path=str(out_dir / "fault_11_editor_folder_in_place.png"), full_page=True)
    editor.get_by_role("button", name="用看板中的当前版本重新写出数据文件").click()
    editor.wait_for_selector("text=已重新写出数据文件", timeout=30_000)
    assert (folder / "observations.csv").is_file()
    assert list(folder.glob(".tongxin/set-aside/*/observations.csv"))  # moved, not deleted


def test_postgresql_down_with_a_viewer_watching(tmp_path, start_server, page_at, out_dir, postgres, pg_url):
    folder = d.default_copy(tmp_path / "data")
    server = start_server(folder, extra_args=[f"--secrets.files={secrets_file(tmp_path)}"],
                          extra_env={"TONGXIN_DATABASE_URL": pg_url})
    viewer = page_at(server.url, 1366, 900)
    viewer_sees(viewer, "92%", out_dir / "fault_12_pg_viewer_before.png")
    editor = page_at(f"{server.url}/manage", 1366, 1200)
    sign_in(editor)
    upload(editor, observations_with(folder, tmp_path, "pg", *RATE_2024))
    postgres.pg_ctl("stop")
    try:
        viewer_sees(viewer, "92%", out_dir / "fault_13_pg_down_viewer.png")
        editor.get_by_role("button", name="确认保存").click()
        editor.wait_for_selector("text=数据库暂时无法连接", timeout=60_000)
        editor.screenshot(path=str(out_dir / "fault_14_pg_down_editor.png"), full_page=True)
    finally:
        postgres.pg_ctl("start")
    viewer_sees(viewer, "92%", out_dir / "fault_15_pg_back_viewer.png")  # the failed save did not happen
    editor.reload()
    wait_for_app(editor)
