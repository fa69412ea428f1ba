"""Two app servers on one PostgreSQL work as one (issue 10, "several servers"): each has its own data
folder (the second starts empty and gets the readable copy from the database); a save on one is seen
on the other; two editors saving from the same version on different servers conflict; sign-in
failures count across servers."""

from __future__ import annotations

import pytest

from tests import datasets as d
from tests.browser.conftest import PASSWORD, wait_for_app
from tests.browser.test_conflicts_browser import MICRO, RATE_2024, observations_with, signed_in, upload
from tests.protocol import Session, run, sign_in_states, texts, widget_ids
from tongxin import auth, store

pytestmark = pytest.mark.browser


@pytest.fixture
def two_servers(tmp_path, start_server, pg_url):
    secrets = tmp_path / "secrets.toml"
    hashed = auth.hash_password(PASSWORD, n=2**12)
    secrets.write_text("".join(f'[tongxin.editors.{user}]\nname = "{name}"\npassword_hash = "{hashed}"\n'
                               for user, name in (("zhangsan", "张三"), ("lisi", "李四"))), encoding="utf-8")
    first_folder = d.default_copy(tmp_path / "one" / "data")
    second_folder = tmp_path / "two" / "data"
    second_folder.mkdir(parents=True)  # a new server: nothing in its folder yet
    env = {"TONGXIN_DATABASE_URL": pg_url}
    args = [f"--secrets.files={secrets}"]
    first = start_server(first_folder, extra_env=env, extra_args=args)
    second = start_server(second_folder, extra_env=env, extra_args=args)
    return (first, first_folder), (second, second_folder), pg_url


def rate_card(page) -> str:
    page.wait_for_selector("[data-testid=stMetric]", timeout=30_000)
    card = page.locator("[data-testid=stMetric]", has_text="委员参与率").first
    return card.locator("[data-testid=stMetricValue]").inner_text()


def test_a_save_on_one_server_is_seen_on_the_other(two_servers, page_at, out_dir, tmp_path):
    (first, first_folder), (second, second_folder), url = two_servers
    viewer_one = page_at(first.url, 1366, 900)
    wait_for_app(viewer_one)
    viewer_two = page_at(second.url, 1366, 900)
    wait_for_app(viewer_two)
    assert rate_card(viewer_one) == rate_card(viewer_two) == "92%"
    assert store.read_folder(second_folder) == store.read_folder(first_folder)  # the copy came from the database

    editor = signed_in(page_at, first, "zhangsan")
    upload(editor, observations_with(first_folder, tmp_path, "edit-one", *RATE_2024))
    editor.get_by_role("button", name="确认保存").click()
    editor.wait_for_selector("text=已保存", timeout=30_000)
    viewer_two.reload()
    wait_for_app(viewer_two)
    assert rate_card(viewer_two) == "95%"
    viewer_two.screenshot(path=str(out_dir / "two_servers_1_seen_on_the_other.png"))
    assert RATE_2024[1] in store.read_folder(second_folder)["observations.csv"]  # its folder follows too


def test_editors_on_two_servers_saving_from_one_version_conflict(two_servers, page_at, out_dir, tmp_path):
    (first, first_folder), (second, _), url = two_servers
    zhang = signed_in(page_at, first, "zhangsan")
    li = signed_in(page_at, second, "lisi")
    upload(zhang, observations_with(first_folder, tmp_path, "zhang", *RATE_2024))
    upload(li, observations_with(first_folder, tmp_path, "li", *MICRO))
    zhang.get_by_role("button", name="确认保存").click()
    zhang.wait_for_selector("text=已保存", timeout=30_000)
    li.get_by_role("button", name="确认保存").click()
    li.wait_for_selector("text=会撤销张三的以下 1 处修改", timeout=30_000)
    wait_for_app(li)
    li.screenshot(path=str(out_dir / "two_servers_2_conflict.png"), full_page=True)
    assert li.get_by_role("button", name="确认保存").count() == 0
    history = store.open(first_folder, url).history()
    assert [v.who for v in history] == ["张三", store.INITIAL_EDITOR]


def test_sign_in_failures_count_across_servers(two_servers):
    (first, _), (second, _), _ = two_servers

    async def scenario():
        async with Session(first.port) as one, Session(second.port) as two:
            ids_one, ids_two = widget_ids(await one.run("manage")), widget_ids(await two.run("manage"))
            said = [texts(await one.run("manage", sign_in_states(ids_one, "zhangsan", f"猜{n}"))) for n in range(3)]
            said += [texts(await two.run("manage", sign_in_states(ids_two, "zhangsan", f"猜{n}"))) for n in range(2)]
            said.append(texts(await one.run("manage", sign_in_states(ids_one, "zhangsan", PASSWORD))))
            return said

    said = run(scenario())
    assert "还可尝试 2 次" in said[2] and "还可尝试 1 次" in said[3]  # the second server continues the count
    assert "已锁定 15 分钟" in said[4] and "已锁定" in said[5]
