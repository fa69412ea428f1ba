"""数据维护: viewers see no write control; wrong password, lockout; an editor restores a version."""

from __future__ import annotations

import shutil

import pytest
from streamlit.testing.v1 import AppTest

from tests import datasets as d
from tongxin import auth, load, store

PASSWORD = "正确的密码123"
HASH = auth.hash_password(PASSWORD, n=2**10)


@pytest.fixture
def folder(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(d.DEFAULT_DATA, target, ignore=shutil.ignore_patterns(".tongxin"))
    return target


@pytest.fixture
def manage(monkeypatch, folder):
    """The page on its own (as AppTest runs it); failed sign-ins are counted in the folder's store."""

    def run(accounts=True) -> AppTest:
        monkeypatch.setenv("TONGXIN_DATA_DIR", str(folder))
        monkeypatch.delenv("TONGXIN_DATABASE_URL", raising=False)
        at = AppTest.from_file(str(d.PROJECT / "screens" / "manage.py"), default_timeout=60)
        if accounts:
            at.secrets["tongxin"] = {"editors": {"zhangsan": {"name": "张三", "password_hash": HASH}}}
        at.run()
        assert not at.exception
        return at

    return run


def write_controls(at) -> list[str]:
    return ([b.label for b in at.button if b.label not in ("登录",)] + [w.type for w in at.get("file_uploader")]
            + [w.type for w in at.get("arrow_data_frame")] + [t.label for t in at.tabs])


def sign_in(at, password=PASSWORD, user="zhangsan"):
    at.text_input(key="sign_in_user").input(user)
    at.text_input(key="sign_in_password").input(password)
    at.button(key="FormSubmitter:sign_in-登录").click().run()
    return at


def test_a_viewer_sees_only_the_sign_in(manage):
    at = manage()
    assert at.title[0].value == "数据维护"
    assert write_controls(at) == [] and not at.get("download_button")
    assert "修改数据需要编辑账号" in at.info[0].value


def test_without_accounts_nobody_can_edit(manage):
    at = manage(accounts=False)
    assert write_controls(at) == [] and not at.text_input
    assert "还没有配置编辑账号" in at.info[0].value


def test_wrong_password_then_lockout(manage):
    at = manage()
    sign_in(at, "错的")
    assert at.error[0].value == "用户名或密码不正确（还可尝试 4 次）。" and write_controls(at) == []
    for _ in range(4):
        sign_in(at, "错的")
    assert "已锁定 15 分钟" in at.error[0].value
    sign_in(at)  # the right password does not help while locked
    assert "已锁定" in at.error[0].value and write_controls(at) == []


def test_an_editor_signs_in_sees_the_tools_and_signs_out(manage):
    at = sign_in(manage())
    assert not at.exception
    assert "已登录：张三（zhangsan）" in [c.value for c in at.caption]
    assert [t.label for t in at.tabs][:2] == ["上传文件", "在线编辑"]
    assert at.get("download_button")  # the template
    at.button(key="sign_out").click().run()
    assert write_controls(at) == []


def test_an_editor_restores_an_earlier_version(manage, folder):
    original = store.read(folder)
    changed = original.files["observations.csv"].replace(b",342,", b",350,")
    store.save(folder, {**original.files, "observations.csv": changed}, "李四", "修改1条数字", base=original.version)
    at = sign_in(manage())
    labels = at.selectbox(key="restore_choice:0").options
    assert len(labels) == 2 and "李四" in labels[0] and store.INITIAL_EDITOR in labels[1]
    at.selectbox(key="restore_choice:0").select_index(1).run()
    body = "\n".join(m.value for m in at.markdown)
    assert "350场次" in body and "342场次" in body  # the diff of the restore, old → new
    restore_button = next(b for b in at.button if b.label == "确认恢复")
    restore_button.click().run()
    assert not at.exception
    assert store.read(folder).files == original.files
    assert store.history(folder)[0].who == "张三" and store.history(folder)[0].summary.startswith("恢复到")
    assert load.load_dataset(folder).observations_of("micro_consultations")[0].value == 342


def test_invalid_data_can_still_be_fixed_here(manage, folder):
    (folder / "observations.csv").write_text(d.OBSERVATIONS_HEADER + "\n犍为县政协,x,,2024,,九十,,,s,\n")
    at = sign_in(manage())
    assert not at.exception
    assert any("数据文件夹中的数据现在有问题" in w.value for w in at.warning)


# --- issue 10: faults before the page, hand edits, stale restores ----------------------------------


def test_manage_always_opens_even_when_reading_the_data_fails(monkeypatch, folder):
    """frame.build and everything before a page run inside the error handling; 数据维护 opens anyway."""
    from components import data

    def broken():
        raise RuntimeError("boom")

    monkeypatch.setattr(data, "current", broken)
    monkeypatch.setenv("TONGXIN_DATA_DIR", str(folder))
    at = AppTest.from_file(str(d.PROJECT / "app.py"), default_timeout=60)
    at.secrets["tongxin"] = {"editors": {"zhangsan": {"name": "张三", "password_hash": HASH}}}
    at.run()
    assert not at.exception and "本页出现了意外错误" in at.error[0].value and "boom" not in at.error[0].value
    at.switch_page("screens/manage.py").run()
    assert not at.exception
    assert at.title[0].value == "数据维护" and at.text_input(key="sign_in_user")  # an editor can sign in


def test_a_valid_hand_edit_on_the_server_becomes_a_version(manage, folder):
    manage(accounts=False)  # the first run: the folder's data is the first version
    text = (folder / "observations.csv").read_bytes().replace(b",342,", b",351,")
    (folder / "observations.csv").unlink()
    (folder / "observations.csv").write_bytes(text)  # as Excel saves: a new file in place of the old
    at = sign_in(manage())
    history = store.history(folder)
    assert history[0].who == store.HAND_EDITOR and history[0].summary == "在服务器上直接修改：修改1条数字"
    assert any(f"第 {history[0].id} 版" in label for label in at.selectbox(key="restore_choice:0").options)


def test_an_invalid_hand_edit_is_not_taken_in_and_editors_see_why(manage, folder):
    manage(accounts=False)
    before = store.history(folder)
    with open(folder / "observations.csv", "ab") as handle:  # written in place, through the link
        handle.write("犍为县政协,micro_consultations,,2026,,九十,,,qianwei_sigao_2025,\r\n".encode())
    at = sign_in(manage())
    assert store.history(folder) == before
    assert any("服务器上的数据文件被直接修改过，但有 1 处问题，没有采用" in e.value for e in at.error)
    assert "九十" in "\n".join(m.value for m in at.markdown)  # the problem list names the cell
    at.button(key="rewrite_copy").click().run()
    assert not at.exception and any("已重新写出数据文件" in s.value for s in at.success)
    assert not any("有 1 处问题" in e.value for e in at.error)  # no stale error above the success (t10 finding 11)
    assert (folder / "observations.csv").read_bytes() == store.read(folder).files["observations.csv"]
    assert list(folder.glob(".tongxin/set-aside/*/observations.csv"))


def test_a_restore_reviewed_before_someone_saved_is_stale(manage, folder):
    original = store.read(folder)
    first = store.save(folder, {**original.files, "observations.csv": original.files["observations.csv"]
                                .replace(b",342,", b",350,")}, "李四", "修改1条数字", base=original.version).version
    at = sign_in(manage())
    at.selectbox(key="restore_choice:0").select_index(1).run()  # the editor picks the data before 李四's save
    assert any(b.label == "确认恢复" for b in at.button)
    current = store.read(folder)  # meanwhile 王五 saves
    store.save(folder, {**current.files, "sources.csv": current.files["sources.csv"].replace(b"2025-03-19", b"2025-03-20")},
               "王五", "修改1个来源", base=first.id)
    next(b for b in at.button if b.label == "确认恢复").click().run()
    assert not at.exception
    body = "\n".join(m.value for m in at.markdown)
    assert "会撤销王五的以下 1 处修改" in body and not any(b.label == "确认恢复" for b in at.button)
    assert store.history(folder)[0].who == "王五"  # nothing was restored


def test_a_restore_nobody_picked_is_never_stale(manage, folder):
    """The history tab renders unseen: its default choice starts nothing, however many saves follow."""
    at = sign_in(manage())
    for n in range(2):
        current = store.read(folder)
        store.save(folder, {**current.files, "observations.csv": current.files["observations.csv"]
                            .replace(b",342," if n == 0 else b",350,", b",350," if n == 0 else b",351,")},
                   "李四", "修改1条数字", base=current.version)
        at.run()
    assert not any("会撤销李四" in m.value for m in at.markdown) and not at.warning and not at.error
    at.selectbox(key="restore_choice:0").select_index(2).run()
    assert not any("会撤销李四" in m.value for m in at.markdown) and not at.warning and not at.error
    assert any(b.label == "确认恢复" for b in at.button)


def all_text(at) -> str:
    return "\n".join(e.value for e in [*at.markdown, *at.error, *at.warning, *at.info, *at.caption])


def test_a_restore_that_became_stale_speaks_of_restoring_and_not_restoring_clears_it(manage, folder):
    """t10 finding 9: picking a version after someone saved showed an upload's refusal ("这个修改没有
    保存", "您的文件", download a template) though nothing was saved; after 不恢复了, picking the same
    version again still showed the old conflict."""
    original = store.read(folder)
    store.save(folder, {**original.files, "observations.csv": original.files["observations.csv"]
                        .replace(b",342,", b",350,")}, "李四", "修改1条数字", base=original.version)
    at = sign_in(manage())
    at.selectbox(key="restore_choice:0").select_index(1).run()  # the first version, before 李四's save
    current = store.read(folder)  # meanwhile 王五 saves
    store.save(folder, {**current.files, "sources.csv": current.files["sources.csv"].replace(b"2025-03-19", b"2025-03-20")},
               "王五", "修改1个来源", base=current.version)
    at.run()
    assert not at.exception and not at.error  # nothing was refused: the editor pressed nothing
    shown = all_text(at)
    assert "请先核对" in shown and "您开始查看恢复第 1 版时，当前是第 2 版" in shown
    assert "如果恢复第 1 版，会撤销王五的以下 1 处修改" in shown
    assert not any("文件" in w.value for w in at.warning) and "下载最新的数据模板" not in shown
    assert not any("文件" in m.value for m in at.markdown if "撤销王五" in m.value)
    assert not any("文件" in b.label for b in at.button)
    assert any(b.label == "撤销王五的修改并恢复" for b in at.button)
    next(b for b in at.button if b.label == "不恢复了").click().run()
    at.selectbox(key="restore_choice:1").select_index(2).run()  # the same first version, picked again
    assert not any("会撤销王五" in m.value for m in at.markdown) and not at.warning
    assert any(b.label == "确认恢复" for b in at.button)


BOOKS = (b"art_exhibitions,,2025,,2,", b"art_exhibitions,,2025,,3,")  # 书画作品展 2 → 3


def _hand_edit_of_an_old_copy(manage, folder) -> None:
    """李四 saves 书画作品展 2 → 3 on the web; then a copy of observations.csv taken before his save, with
    小微协商 342 → 343, is moved back into the folder by hand (its own file, as `mv` leaves it)."""
    manage(accounts=False)
    old_copy = (folder / "observations.csv").read_bytes()
    current = store.read(folder)
    store.save(folder, {**current.files, "observations.csv": current.files["observations.csv"].replace(*BOOKS)},
               "李四", "修改1条数字", base=current.version)
    (folder / "observations.csv").unlink()
    (folder / "observations.csv").write_bytes(old_copy.replace(b",342,", b",343,"))


def test_a_hand_edit_of_an_old_copy_is_shown_to_editors_to_confirm_or_discard(manage, folder):
    """t10 finding 3: a file copied aside before 李四's web save, changed and put back by hand, undid
    his save silently. Now it is not taken in; editors see what it would undo, and choose."""
    _hand_edit_of_an_old_copy(manage, folder)
    at = sign_in(manage())
    assert store.history(folder)[0].who == "李四"  # not taken in
    shown = all_text(at)
    assert "服务器上的数据文件被直接修改过，但会撤销网页上保存过的修改" in shown
    assert "如果采用直接修改后的文件，会撤销李四的以下 1 处修改" in shown and "2届" in shown
    assert not any(b.label == "确认保存" for b in at.button)
    next(b for b in at.button if b.label == "只采用直接修改中的其他变化（保留李四的修改）").click().run()
    assert not at.exception
    latest = store.history(folder)[0]
    assert latest.who == "张三" and latest.origin == "hand" and latest.summary.startswith("采用服务器上直接修改的文件")
    files = store.read(folder).files["observations.csv"]
    assert BOOKS[1] in files and b",343," in files  # both changes stand
    assert (folder / "observations.csv").read_bytes() == files
    assert not any("会撤销李四" in m.value for m in at.markdown)


def test_a_hand_edit_of_an_old_copy_can_be_discarded(manage, folder):
    _hand_edit_of_an_old_copy(manage, folder)
    at = sign_in(manage())
    before = store.history(folder)
    next(b for b in at.button if b.label == "不采用，用当前版本重新写出数据文件").click().run()
    assert not at.exception and any("没有采用直接修改的文件" in s.value for s in at.success)
    assert store.history(folder) == before
    assert (folder / "observations.csv").read_bytes() == store.read(folder).files["observations.csv"]
    kept = list(folder.glob(".tongxin/set-aside/*/observations.csv"))
    assert kept and b",343," in kept[0].read_bytes()  # set aside, never deleted
    assert not any("会撤销李四" in m.value for m in at.markdown)


def test_empty_cells_of_the_in_place_editor_look_empty(manage):
    """t10 finding 14: 起始年份, 限定 … showed a grey "None" in every empty cell."""
    at = sign_in(manage())
    grids = at.get("dataframe")
    assert len(grids) == 4
    assert all(g.proto.HasField("placeholder") and g.proto.placeholder == "" for g in grids)
