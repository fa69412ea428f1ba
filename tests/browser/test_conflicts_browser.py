"""Two editors, one version, in real browsers (issue 10, failure 3): an upload can no longer undo
another editor's save without saying so.

(a) Both upload from the same version; 张三 saves; 李四's save is refused and the review says which of
    张三's changes his file would undo; starting over clears the file, and the same stale file offered
    again is still shown as stale; saving over 张三 needs a separate, named choice.
(b) 李四 downloads the template, 张三 saves, 李四 fills in the template and uploads it: shown as stale
    at once (the template records its version), with 张三's change named; 李四 saves only his own
    change on top of the newer data, and both changes stand."""

from __future__ import annotations

import io

import openpyxl
import pytest

from tests import datasets as d
from tests.browser.conftest import PASSWORD, sign_in, wait_for_app
from tongxin import auth, store

pytestmark = pytest.mark.browser


@pytest.fixture
def two_editors(tmp_path, start_server):
    folder = d.default_copy(tmp_path / "data")
    secrets = tmp_path / "secrets.toml"
    hashed = auth.hash_password(PASSWORD, n=2**12)
    secrets.write_text("".join(f'[tongxin.editors.{user}]\nname = "{name}"\npassword_hash = "{hashed}"\n'
                               for user, name in (("zhangsan", "张三"), ("lisi", "李四"))), encoding="utf-8")
    return start_server(folder, extra_args=[f"--secrets.files={secrets}"]), folder


def signed_in(page_at, server, user: str):
    page = page_at(f"{server.url}/manage", 1366, 1600)
    sign_in(page, user)
    return page


def upload(page, path, wait_for: str = "第三步") -> None:
    page.locator("[data-testid=stFileUploader] input[type=file]").set_input_files(str(path))
    page.wait_for_selector(f"text={wait_for}", timeout=30_000)
    wait_for_app(page)


def observations_with(folder, tmp_path, name: str, old: bytes, new: bytes):
    """observations.csv of the current version with one figure changed, as an editor's file."""
    text = store.read_folder(folder)["observations.csv"]
    assert old in text
    path = tmp_path / name / "observations.csv"
    path.parent.mkdir()
    path.write_bytes(text.replace(old, new))
    return path


RATE_2024 = (b",2024,2024,2024\xe5\xb9\xb4,92,", b",2024,2024,2024\xe5\xb9\xb4,95,")  # 委员参与率 2024: 92 → 95
MICRO = (b",342,", b",350,")  # 小微协商 342 → 350


def main_text(page) -> str:
    return page.inner_text("[data-testid=stMain]")


def test_two_uploads_from_one_version(two_editors, page_at, out_dir, tmp_path):
    server, folder = two_editors
    zhang = signed_in(page_at, server, "zhangsan")
    li = signed_in(page_at, server, "lisi")
    first = store.open(folder).head()
    zhang_file = observations_with(folder, tmp_path, "zhang", *RATE_2024)
    li_file = observations_with(folder, tmp_path, "li", *MICRO)  # from the same version: 2024 still 92
    upload(zhang, zhang_file)
    upload(li, li_file)
    assert "修改1条数字" in main_text(li)

    zhang.get_by_role("button", name="确认保存").click()
    zhang.wait_for_selector("text=已保存", timeout=30_000)
    li.get_by_role("button", name="确认保存").click()
    li.wait_for_selector("text=会撤销张三的以下 1 处修改", timeout=30_000)
    wait_for_app(li)
    li.screenshot(path=str(out_dir / "conflict_1_refused.png"), full_page=True)
    body = main_text(li)
    assert "这次保存没有执行" in body and "张三" in body
    assert "委员参与率" in body and "92% → 95%" in body  # 张三's change, named, with what saving would do
    assert li.get_by_role("button", name="确认保存").count() == 0  # no plain save of a stale file
    over = li.get_by_role("button", name="撤销张三的修改并保存")
    assert over.is_disabled()  # saving over 张三 needs its own, explicit choice
    assert store.open(folder).head().id == first.id + 1  # 张三's save stands

    # Starting over drops the file; the same stale file offered again is still stale, never "fresh".
    li.get_by_role("button", name="放弃这个文件，重新开始").click()
    wait_for_app(li)
    assert "第三步" not in main_text(li) and li.get_by_role("button", name="确认保存").count() == 0
    upload(li, li_file)
    li.screenshot(path=str(out_dir / "conflict_2_offered_again.png"), full_page=True)
    body = main_text(li)
    assert "会撤销张三的以下 1 处修改" in body and li.get_by_role("button", name="确认保存").count() == 0

    # The explicit choice names what it undoes, then saves over it.
    choice = li.get_by_text("我已核对：用我的文件保存，撤销张三的上述 1 处修改")
    assert "委员参与率" in choice.inner_text()
    choice.click()
    wait_for_app(li)
    li.get_by_role("button", name="撤销张三的修改并保存").click()
    li.wait_for_selector("text=已保存", timeout=30_000)
    head = store.open(folder).head()
    assert head.who == "李四" and "撤销了张三的 1 处修改" in head.summary
    assert MICRO[1] in store.read(folder).files["observations.csv"]


def test_a_template_filled_in_after_someone_saved(two_editors, page_at, out_dir, tmp_path):
    server, folder = two_editors
    zhang = signed_in(page_at, server, "zhangsan")
    li = signed_in(page_at, server, "lisi")
    with li.expect_download() as download:
        li.get_by_role("button", name="下载数据模板（完整数据，Excel）").click()
    template = tmp_path / "模板.xlsx"
    download.value.save_as(template)

    upload(zhang, observations_with(folder, tmp_path, "zhang", *RATE_2024))
    zhang.get_by_role("button", name="确认保存").click()
    zhang.wait_for_selector("text=已保存", timeout=30_000)

    book = openpyxl.load_workbook(template)  # 李四 fills in the template as in Excel (a different figure)
    for row in book["数据"].iter_rows(min_row=2):
        if row[1].value == "micro_consultations":
            row[5].value = 350
    buffer = io.BytesIO()
    book.save(buffer)
    filled = tmp_path / "李四填好的模板.xlsx"
    filled.write_bytes(buffer.getvalue())
    upload(li, filled)
    li.wait_for_selector("text=会撤销张三的以下 1 处修改", timeout=30_000)
    li.screenshot(path=str(out_dir / "conflict_3_template.png"), full_page=True)
    body = main_text(li)
    assert "这个文件是从第 1 版" in body and "92% → 95%" in body
    assert li.get_by_role("button", name="确认保存").count() == 0
    assert li.get_by_role("button", name="撤销张三的修改并保存").is_disabled()
    assert "您自己的修改（1 处）" in body.replace("**", "") and "342场次" in body and "350场次" in body
    li.get_by_role("button", name="只保存我自己的修改（保留张三的修改）").click()
    li.wait_for_selector("text=已保存", timeout=30_000)
    saved = store.read(folder).files["observations.csv"]
    assert RATE_2024[1] in saved and MICRO[1] in saved  # both changes stand
    assert store.open(folder).head().summary == "在最新数据上保存（保留张三的修改）：修改1条数字"
