"""The store, on SQLite in the data folder and on a real PostgreSQL (`database` fixture): saves change
every data file or none, for readers of the folder as plain files too; head moves only from the
edit's base; history keeps every version; restore; backup; the earlier file store's history."""

from __future__ import annotations

import json
import os
import sqlite3
import threading

import pytest

from tests import datasets as d
from tongxin import db, load, maintain, store


def version_files(tag: str, orgs: bool = False) -> dict[str, bytes]:
    """Data files whose contents all carry the same tag, so a mix of versions is visible."""
    names = store.REQUIRED_FILES + (("orgs.csv",) if orgs else ())
    return {name: f"{name},{tag}\n".encode() * 50 for name in names}


def tags(files: dict[str, bytes]) -> set[str]:
    return {content.split(b"\n")[0].split(b",")[1].decode() for content in files.values()}


def folder_as_files(folder) -> dict[str, bytes]:
    """The data files as any program reads them: open each path, one after the other."""
    found = {}
    for name in store.DATA_FILES:
        try:
            with open(folder / name, "rb") as handle:
                found[name] = handle.read()
        except FileNotFoundError:
            pass
    return found


@pytest.fixture
def folder(tmp_path):
    return d.default_copy(tmp_path / "data")


@pytest.fixture
def opened(folder, database):
    return store.Store(folder.resolve(), database)


def test_save_replaces_every_file_and_keeps_the_old_version(opened, folder):
    before = opened.read()
    assert before.version is None and before.complete  # nothing saved yet: the folder as it is
    saved = opened.save(version_files("A"), "张三", "修改1条数字", base=before.version)
    after = opened.read()
    assert tags(after.files) == {"A"} and after.version == saved.version.id and saved.copy_fault is None
    assert tags(folder_as_files(folder)) == {"A"}
    history = opened.history()
    assert [v.who for v in history] == ["张三", store.INITIAL_EDITOR]
    assert opened.files(history[1].id) == before.files  # the shipped data is kept byte for byte
    assert history[0].summary == "修改1条数字" and history[0].base == history[1].id
    assert history[0].id > history[1].id and history[0].saved_at


def test_a_save_from_stale_data_is_refused_and_says_what_was_saved_since(opened, folder):
    base = opened.save(version_files("A"), "甲", "甲的第一次", base=None).version.id
    first = opened.save(version_files("B"), "甲", "甲的修改", base=base).version
    with pytest.raises(store.ConflictError, match="甲.*保存了新的数据") as raised:
        opened.save(version_files("C"), "乙", "乙的修改", base=base)
    conflict = raised.value
    assert conflict.base.id == base and conflict.head.id == first.id
    assert [v.summary for v in conflict.theirs] == ["甲的修改"]
    assert opened.files(conflict.theirs[0].id) == version_files("B")  # what the other editor saved
    assert tags(opened.read().files) == {"B"} and tags(folder_as_files(folder)) == {"B"}
    assert [v.who for v in opened.history()][:2] == ["甲", "甲"]


def test_of_many_saves_from_one_base_exactly_one_wins(opened):
    base = opened.save(version_files("A"), "甲", "A", base=None).version.id
    outcomes: list[str] = []

    def save(n):
        try:
            opened.save(version_files(f"T{n}"), f"编辑{n}", "并发", base=base)
            outcomes.append("saved")
        except store.ConflictError:
            outcomes.append("conflict")

    threads = [threading.Thread(target=save, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["conflict"] * 7 + ["saved"]
    assert len(opened.history()) == 3  # initial, A, the one winner


def test_restore_is_itself_a_save(opened):
    original = opened.read()
    saved = opened.save(version_files("A"), "甲", "改", base=None).version
    initial = opened.history()[-1]
    restored = opened.restore(initial.id, "乙", base=saved.id).version
    assert opened.read().files == original.files and restored.origin == "restore"
    newest = opened.history()[0]
    assert newest.who == "乙" and newest.summary.startswith(f"恢复到第 {initial.id} 版")
    with pytest.raises(store.ConflictError):
        opened.restore(initial.id, "丙", base=saved.id)  # restore carries its base too


def test_an_optional_file_comes_and_goes_with_its_version(opened, folder):
    with_orgs = opened.save(version_files("A", orgs=True), "甲", "A", base=None).version
    assert set(folder_as_files(folder)) == set(store.DATA_FILES) and tags(folder_as_files(folder)) == {"A"}
    opened.save(version_files("B"), "甲", "B", base=with_orgs.id)
    assert set(folder_as_files(folder)) == set(store.REQUIRED_FILES) and not os.path.lexists(folder / "orgs.csv")
    assert opened.files(with_orgs.id)["orgs.csv"] == version_files("A", orgs=True)["orgs.csv"]


def test_files_that_are_not_data_files_are_refused_before_anything_is_written(opened):
    before = opened.read()
    with pytest.raises(ValueError):
        opened.save({"indicators.csv": b"x"}, "甲", "坏", base=None)
    with pytest.raises(ValueError):
        opened.save({**version_files("A"), "evil.sh": b"x"}, "甲", "坏", base=None)
    assert opened.read().files == before.files and opened.history() == []


def test_readers_of_the_folder_never_see_a_mix_while_writers_save(opened, folder):
    """`read_folder` is how the CLI (check, export) and the backup read a data folder: it follows the
    one `current` link once, so a switch during the read is never seen half. (A program opening the
    files one by one at the very instant of a switch could straddle it; after every switch and every
    crash the folder as plain files is one whole version — tests/unit/test_store_crash.py.)"""
    opened.save(version_files("A", orgs=True), "A", "A", base=None)
    stop = threading.Event()
    seen: list[tuple] = []
    errors: list[BaseException] = []

    saves = {"A": 0, "B": 0}
    last = ["A"]

    def writer(tag, orgs):
        # The writers take turns (a version of A, then of B, …): racing, one writer could win every race
        # for a minute on PostgreSQL (1,848 saves to 0), and the test is of readers during switches, not
        # of writers against each other (tests of conflicts do that).
        while not stop.is_set():
            if last[0] == tag:
                stop.wait(0.001)
                continue
            try:
                opened.save(version_files(tag, orgs), tag, tag, base=opened.head().id)
                saves[tag] += 1
                last[0] = tag
            except store.ConflictError:
                pass
            except BaseException as error:  # noqa: BLE001
                errors.append(error)

    def reader():
        while not stop.is_set():
            files = opened.read_folder()
            seen.append((frozenset(tags(files)), frozenset(files)))

    threads = [threading.Thread(target=writer, args=args) for args in (("A", True), ("B", False))]
    threads += [threading.Thread(target=reader) for _ in range(3)]
    for t in threads:
        t.start()
    # Until both writers have switched the folder several times (a fixed time let one writer win
    # every race on a busy database server), bounded so a stuck store fails rather than hangs.
    waited = 0.0
    while waited < 60 and (min(saves.values()) < 5 or len(seen) < 100) and not errors:
        threading.Event().wait(0.2)
        waited += 0.2
    threading.Event().wait(0.5)  # readers see the last switch too
    stop.set()
    for t in threads:
        t.join()
    assert not errors, errors[:1]
    assert len(seen) > 100
    mixed = [s for s in seen if len(s[0]) != 1]
    assert not mixed, mixed[:3]
    # a version's file set comes whole: orgs.csv exactly with A
    assert all((tag == {"A"}) == ("orgs.csv" in names) for tag, names in seen)
    assert {"A", "B"} == {t for tagset, _ in seen for t in tagset}


def test_a_commit_whose_copy_was_not_written_is_brought_in_by_the_next_reader(opened, folder, monkeypatch):
    """A crash after the commit, before the folder's files were switched: the folder still shows
    the old version whole, and the next sync shows the committed one."""
    first = opened.save(version_files("A"), "甲", "A", base=None).version

    def crash(*args, **kwargs):
        raise OSError(5, "simulated crash")

    monkeypatch.setattr(opened, "_switch", crash)
    saved = opened.save(version_files("B"), "乙", "B", base=first.id)
    assert saved.copy_fault is not None and "已保存" in saved.copy_fault.message
    assert tags(folder_as_files(folder)) == {"A"} and opened.head().id == saved.version.id
    monkeypatch.undo()
    current = maintain.sync(opened)
    assert current.version.id == saved.version.id and current.fault is None
    assert tags(folder_as_files(folder)) == {"B"}


def test_what_the_store_replaces_is_set_aside_never_deleted(opened, folder):
    first = opened.save(version_files("A"), "甲", "A", base=None).version
    (folder / "observations.csv").unlink()
    (folder / "observations.csv").write_bytes(b"changed by hand, not valid")  # a regular file now
    (folder / "sources.csv").unlink()
    (folder / "sources.csv").mkdir()  # a folder where a file should be
    (folder / "sources.csv" / "inside.txt").write_text("keep me")
    saved = opened.save(version_files("B"), "乙", "B", base=first.id)
    assert tags(folder_as_files(folder)) == {"B"}
    aside = folder / saved.set_aside
    assert (aside / "observations.csv").read_bytes() == b"changed by hand, not valid"
    assert (aside / "sources.csv" / "inside.txt").read_text() == "keep me"


def test_history_of_the_earlier_file_store_is_imported(folder, database):
    """Folders saved by the first releases kept versions in .tongxin/history/<id>/ (+ meta.json)."""
    history = folder / store.STATE / "history"
    for n, tag in enumerate(("A", "B", "C")):
        entry = history / f"2026010{n + 1}T000000000000-abc00{n}"
        entry.mkdir(parents=True)
        for name, content in version_files(tag).items():
            (entry / name).write_bytes(content)
        (entry / "meta.json").write_text(json.dumps({"saved_at": f"2026-01-0{n + 1}T00:00:00+08:00",
                                                     "who": f"编辑{tag}", "summary": f"保存{tag}"}))
    (history / "20260109T000000000000-dead00").mkdir()  # died before its commit point: not a version
    # The old journal says B was being put in place when the process died.
    (folder / store.STATE / "journal.json").write_text(json.dumps({"version": "20260102T000000000000-abc001"}))
    opened = store.Store(folder.resolve(), database)
    current = maintain.sync(opened)
    assert [v.who for v in opened.history()] == ["编辑C", "编辑B", "编辑A"]
    assert all(v.origin == "legacy" for v in opened.history())
    assert current.version.who == "编辑B" and tags(folder_as_files(folder)) == {"B"}


def test_backup_is_a_consistent_data_folder_with_the_whole_history(opened, folder, tmp_path):
    base = None
    for tag in "ABC":
        base = opened.save(version_files(tag), "甲", tag, base=base).version.id
    opened.record_attempt("zhangsan", 1000.0, 5, 900)
    out = tmp_path / "backup"
    head = opened.backup(out)
    assert head.id == base
    assert folder_as_files(out) == version_files("C") and not (out / "observations.csv").is_symlink()
    copy = store.Store(out.resolve(), None)  # a backup is SQLite, whatever the store was
    assert [v.summary for v in copy.history()] == [v.summary for v in opened.history()]
    assert copy.files(copy.history()[-1].id) == opened.files(opened.history()[-1].id)
    with sqlite3.connect(db.sqlite_path(out)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT count(*) FROM sign_in_failures").fetchone() == (0,)
    with pytest.raises(FileExistsError):
        opened.backup(out)


def test_backup_while_saving_is_never_torn(folder, tmp_path):
    opened = store.Store(folder.resolve(), None)
    opened.save(version_files("A"), "甲", "A", base=None)
    stop = threading.Event()

    def writer():
        tag = 0
        while not stop.is_set():
            tag += 1
            opened.save(version_files(f"W{tag}"), "甲", "W", base=opened.head().id)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        for n in range(5):
            out = tmp_path / f"b{n}"
            opened.backup(out)
            copy = store.Store(out.resolve(), None)
            head = copy.head()
            assert len(tags(folder_as_files(out))) == 1 and copy.files(head.id) == folder_as_files(out)
            assert load.read_files  # the copy is a data folder: its own store agrees with its files
    finally:
        stop.set()
        thread.join()


def test_a_read_only_folder_is_read_without_writing(tmp_path):
    folder = d.write(tmp_path / "ro")
    os.chmod(folder, 0o555)
    try:
        opened = store.Store(folder.resolve(), None)
        if os.access(folder, os.W_OK):
            pytest.skip("running as root: a mode does not stop writes (the server tests use a read-only mount)")
        assert not opened.available() and opened.head() is None
        assert opened.read().files == {n: (folder / n).read_bytes() for n in store.REQUIRED_FILES}
        with pytest.raises(db.StoreFault) as raised:
            opened.save(version_files("A"), "甲", "A", base=None)
        assert raised.value.kind in ("permission", "read_only")
        assert not (folder / store.STATE).exists()
    finally:
        os.chmod(folder, 0o755)


# --- t10 finding 1: a stored version never changes, whatever writes through the folder's links ---------


def write_through(path, content: bytes) -> bool:
    """Write into a data file in place, the way cp, a shell `>` or open(…, 'w') do — through the link
    when it is one. False: the file refused the write (a read-only copy, for anyone but root)."""
    try:
        with open(path, "r+b") as handle:
            handle.truncate(0)
            handle.write(content)
        return True
    except PermissionError:
        return False


def test_writing_through_a_link_never_changes_a_stored_version(opened, folder):
    """The tester's cp over observations.csv after a web save: it changed the stored copy, so the
    rewrite button rewrote nothing and a restore of that version brought the hand edit back."""
    first = opened.save(version_files("A"), "甲", "A", base=None).version
    second = opened.save(version_files("B"), "乙", "B", base=first.id).version
    assert (folder / "observations.csv").is_symlink()
    assert os.stat(folder / "observations.csv").st_mode & 0o222 == 0  # the copies are read-only files
    hand = b"observations.csv,HAND\n"
    wrote = write_through(folder / "observations.csv", hand)
    assert folder_as_files(folder)["observations.csv"] == (hand if wrote else version_files("B")["observations.csv"])
    for version in opened.history():
        assert store.digest(opened.files(version.id)) == version.digest

    moved = opened.write_copy(move_faulty=True)  # the rewrite button: exactly the stored version
    assert folder_as_files(folder) == version_files("B")
    if wrote:  # what was written through the link is kept, never deleted
        assert (folder / moved / "observations.csv").read_bytes() == hand

    write_through(folder / "observations.csv", hand)
    restored = opened.restore(first.id, "丙", base=second.id).version
    assert folder_as_files(folder) == version_files("A")
    opened.restore(second.id, "丙", base=restored.id)  # the version whose copy was written through
    assert folder_as_files(folder) == version_files("B")
    assert maintain.sync(opened).rejected is None or not wrote  # (these tags are not a valid dataset)


def test_a_restore_after_a_hand_edit_written_through_a_link_stays(folder, database):
    """The tester's valid case: v6 has 35; a write-through edit makes it 36 and is taken in; an
    editor restores v6 — and on the next page load 36 came back as a new hand version."""
    opened = store.Store(folder.resolve(), database)
    initial = maintain.sync(opened).version
    files = opened.files(initial.id)
    mine = opened.save({**files, "observations.csv": files["observations.csv"].replace(b",342,", b",35,")},
                       "张三", "修改1条数字", base=initial.id).version
    changed = folder_as_files(folder)["observations.csv"].replace(b",35,", b",36,")
    if not write_through(folder / "observations.csv", changed):
        pytest.skip("not root: the read-only copy refused the write (checked above)")
    taken = maintain.sync(opened)
    assert taken.taken_in is not None and taken.version.origin == "hand"
    opened.restore(mine.id, "张三", base=taken.version.id)
    after = maintain.sync(opened)
    assert after.taken_in is None and after.version.origin == "restore"
    assert opened.history()[0].origin == "restore"  # no hand version brought 36 back
    assert folder_as_files(folder) == opened.files(mine.id)


# --- t10 findings 3 and 4: a hand edit or an older copy never silently undoes a save -------------------


BOOKS = (b"art_exhibitions,,2025,,2,", b"art_exhibitions,,2025,,3,")  # 书画作品展 2 → 3 (李四's web save)


def hand_edit(folder, content: dict[str, bytes]) -> None:
    """Files put in place on the server the way mv or Excel do (a new file renamed over the old)."""
    for name, data in content.items():
        temp = folder / f".{name}.hand"
        temp.write_bytes(data)
        os.replace(temp, folder / name)


def test_a_hand_edit_of_a_file_older_than_a_web_save_is_not_taken_in(folder, database):
    """The tester copied observations.csv aside at v9, 李四 saved v10 on the web (书画作品展 2 → 3),
    then the old copy came back with one line changed: taken in as v11, 3 set back to 2, nobody told."""
    opened = store.Store(folder.resolve(), database)
    first = maintain.sync(opened).version
    old_copy = folder_as_files(folder)["observations.csv"]
    assert old_copy.count(BOOKS[0]) == 1
    files = opened.files(first.id)
    li = opened.save({**files, "observations.csv": files["observations.csv"].replace(*BOOKS)}, "李四",
                     "修改1条数字", base=first.id).version
    hand_edit(folder, {"observations.csv": old_copy.replace(b",342,", b",343,")})
    current = maintain.sync(opened)
    assert opened.head() == li and current.version == li and current.taken_in is None  # viewers keep 李四's save
    rejected = current.rejected
    assert rejected is not None and rejected.stale and rejected.base == first.id and rejected.undone == 1
    assert rejected.old_version is None
    assert maintain.sync(opened).rejected == rejected  # the same verdict, not taken in on a later run

    proposal = maintain.hand_proposal(opened, rejected)
    assert proposal.stale and proposal.overwrite_count == 1 and proposal.who_else == "李四"
    assert "书画" in proposal.overwrites[0].what and proposal.overwrites[0].theirs == "2届 → 3届"
    assert proposal.files == folder_as_files(folder)  # confirming takes in exactly what is on disk
    assert proposal.merged.count == 1  # or only 342 → 343, keeping 李四's change


def test_a_hand_edit_of_the_current_data_is_still_taken_in(folder, database):
    opened = store.Store(folder.resolve(), database)
    first = maintain.sync(opened).version
    files = opened.files(first.id)
    opened.save({**files, "observations.csv": files["observations.csv"].replace(*BOOKS)}, "李四", "修改1条数字",
                base=first.id)
    now = folder_as_files(folder)["observations.csv"]
    hand_edit(folder, {"observations.csv": now.replace(b",342,", b",343,")})
    current = maintain.sync(opened)
    assert current.taken_in is not None and current.rejected is None
    assert current.version.summary == "在服务器上直接修改：修改1条数字"


def test_a_folder_replaced_by_an_older_backup_does_not_become_the_shared_version(folder, tmp_path, database):
    """With PostgreSQL the folder is only a readable copy: put back from a backup at the same path, its
    older files were taken in as a new version 'edited on the server' and pushed to every server."""
    opened = store.Store(folder.resolve(), database)
    first = maintain.sync(opened).version
    backup = tmp_path / "backup"
    opened.backup(backup)
    files = opened.files(first.id)
    third = opened.save({**files, "observations.csv": files["observations.csv"].replace(*BOOKS)}, "李四", "修改",
                        base=first.id).version
    import shutil

    shutil.move(folder, tmp_path / "old-folder")
    shutil.copytree(backup, folder)  # the README's restore steps, with the same database still configured
    if database is None:
        db.forget(db.sqlite_url(db.sqlite_path(folder.resolve())))  # (the server is stopped for this)
        opened = store.Store(folder.resolve(), None)  # SQLite: the backup's own database comes with it
        assert maintain.sync(opened).version.id == first.id
        return
    current = maintain.sync(opened)
    assert opened.head() == third and current.version == third and current.taken_in is None
    assert current.rejected.old_version.id == first.id and current.rejected.undone == 1
    assert [v.id for v in opened.history()][0] == third.id  # nothing new was saved


# --- t10 finding 4: a backup is loaded back with `python -m tongxin restore` -------------------------


def run_restore(backup, folder, url):
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("TONGXIN_DATA_DIR", "TONGXIN_DATABASE_URL")}
    if url:
        env["TONGXIN_DATABASE_URL"] = url
    return subprocess.run([sys.executable, "-m", "tongxin", "restore", str(backup), "--data", str(folder)],
                          capture_output=True, text=True, cwd=d.PROJECT, env={**env, "PYTHONPATH": str(d.PROJECT)})


def _backed_up_after_a_save(folder, tmp_path, database):
    """The store of `folder` on `database` with its first version and 李四's save (书画作品展 2 → 3), backed
    up to tmp_path/backup: (store, first version, second version)."""
    opened = store.Store(folder.resolve(), database)
    first = maintain.sync(opened).version
    files = opened.files(first.id)
    second = opened.save({**files, "observations.csv": files["observations.csv"].replace(*BOOKS)}, "李四", "改",
                         base=first.id).version
    opened.backup(tmp_path / "backup")
    return opened, first, second


def test_restoring_a_backup_into_a_store_with_versions_adds_its_version_and_keeps_history(folder, tmp_path,
                                                                                        database):
    opened, first, second = _backed_up_after_a_save(folder, tmp_path, database)
    files = opened.files(first.id)
    third = opened.save({**files, "observations.csv": files["observations.csv"].replace(b",342,", b",343,")}, "张三",
                        "改", base=second.id).version
    done = run_restore(tmp_path / "backup", folder, database)
    assert done.returncode == 0, done.stderr
    assert f"备份中的第 {second.id} 版" in done.stdout and f"第 {third.id + 1} 版" in done.stdout
    history = opened.history()
    assert [v.id for v in history] == [third.id + 1, third.id, second.id, first.id]  # nothing lost
    assert history[0].origin == "restore" and history[0].who.startswith("从备份恢复")
    assert opened.files(history[0].id) == opened.files(second.id) == folder_as_files(folder)
    assert "无需恢复" in run_restore(tmp_path / "backup", folder, database).stdout  # twice: nothing new


def test_restoring_a_backup_into_an_empty_database_loads_every_version(folder, tmp_path, database):
    """A lost PostgreSQL created again (or a new SQLite folder): the backup's whole history comes back,
    and saving afterwards goes on from its last version id."""
    opened, first, second = _backed_up_after_a_save(folder, tmp_path, database)
    files = opened.files(first.id)
    new_folder = tmp_path / "new-server"
    new_folder.mkdir()
    url = None
    if database is not None:  # an emptied database: the same server, a fresh one
        with db.writing(db.engine(database)) as conn:
            for table in (db.version_files, db.folders, db.sign_in_failures):
                conn.execute(table.delete())
            conn.execute(db.head.update().values(version_id=None))
            conn.execute(db.versions.delete())
            conn.execute(db.blobs.delete())
        url = database
    done = run_restore(tmp_path / "backup", new_folder, url)
    assert done.returncode == 0, done.stderr
    assert "全部 2 个版本" in done.stdout
    loaded = store.Store(new_folder.resolve(), url)
    assert [(v.id, v.who) for v in loaded.history()] == [(second.id, "李四"), (first.id, store.INITIAL_EDITOR)]
    assert folder_as_files(new_folder) == loaded.files(second.id)
    third = loaded.save({**files, "sources.csv": files["sources.csv"] + b"\n"}, "张三", "改", base=second.id).version
    assert third.id == second.id + 1


def test_a_hand_edit_of_a_figure_whose_note_was_corrected_since_is_not_taken_in(folder, database):
    """李四 corrected the note of 小微协商 on the web; an old copy with that figure's value changed came
    back by hand: the record differs from both, yet its note is still as it was before 李四's save."""
    opened = store.Store(folder.resolve(), database)
    first = maintain.sync(opened).version
    old_copy = folder_as_files(folder)["observations.csv"]
    files = opened.files(first.id)
    li = opened.save({**files, "observations.csv": files["observations.csv"].replace(
        "原文：开展小微协商342场次".encode(), "原文（已核对）：开展小微协商342场次".encode())}, "李四", "改备注", base=first.id).version
    hand_edit(folder, {"observations.csv": old_copy.replace(b",342,", b",343,")})
    current = maintain.sync(opened)
    assert current.taken_in is None and opened.head() == li
    assert current.rejected.stale and current.rejected.base == first.id
