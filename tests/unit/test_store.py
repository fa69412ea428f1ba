"""The store: saves change all three files or none, readers never see a mix, history keeps every
version, a save from stale data is refused."""

from __future__ import annotations

import json
import shutil
import threading

import pytest

from tests import datasets as d
from tongxin import store


def version_files(tag: str) -> dict[str, bytes]:
    """Three files whose contents all carry the same tag, so a mix of versions is visible."""
    return {name: f"{name},{tag}\n".encode() * 50 for name in store.FILES}


def tags(snapshot: store.Snapshot) -> set[str]:
    return {content.split(b"\n")[0].split(b",")[1].decode() for content in snapshot.files.values()}


@pytest.fixture
def folder(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(d.DEFAULT_DATA, target, ignore=shutil.ignore_patterns(".tongxin"))
    return target


def test_save_replaces_all_three_and_keeps_the_old_version(folder):
    before = store.read(folder)
    version = store.save(folder, version_files("A"), "张三", "修改1条数字", base=before.version)
    after = store.read(folder)
    assert tags(after) == {"A"} and after.version == version.digest
    history = store.history(folder)
    assert [v.who for v in history] == ["张三", "（保存前的数据）"]
    assert history[1].files(folder) == before.files  # the shipped data is kept byte for byte
    assert history[0].summary == "修改1条数字" and history[0].saved_at


def test_a_save_from_stale_data_is_refused(folder):
    base = store.read(folder).version
    store.save(folder, version_files("first"), "甲", "甲的修改", base=base)
    with pytest.raises(store.ConflictError, match="已被其他人修改"):
        store.save(folder, version_files("second"), "乙", "乙的修改", base=base)
    assert tags(store.read(folder)) == {"first"}
    assert [v.who for v in store.history(folder)] == ["甲", "（保存前的数据）"]


def test_restore_is_itself_a_save(folder):
    original = store.read(folder)
    store.save(folder, version_files("A"), "甲", "改", base=original.version)
    baseline = store.history(folder)[-1]
    store.restore(folder, baseline.id, "乙", base=store.read(folder).version)
    assert store.read(folder).files == original.files
    newest = store.history(folder)[0]
    assert newest.who == "乙" and newest.summary.startswith("恢复到")


def test_an_interrupted_swap_is_completed_by_the_next_reader(folder):
    store.save(folder, version_files("A"), "甲", "A", base=None)
    # A crash after the commit point: B is in history and named by the journal, only one file moved.
    b = store._write_version(folder, version_files("B"), "乙", "B")
    (folder / store.STATE / "journal.json").write_text(json.dumps({"version": b.id}))
    (folder / "sources.csv").write_bytes(version_files("B")["sources.csv"])
    assert tags(store.read(folder)) == {"B"}
    assert not (folder / store.STATE / "journal.json").exists()


def test_a_save_that_died_before_its_commit_point_leaves_no_trace(folder):
    store.save(folder, version_files("A"), "甲", "A", base=None)
    half = folder / store.STATE / "history" / "20990101T000000000000-dead00"
    half.mkdir()
    (half / "indicators.csv").write_bytes(b"partial")
    (folder / ".observations.csv.tmp-12345678").write_bytes(b"partial")
    assert tags(store.read(folder)) == {"A"}
    store.recover(folder)
    assert not half.exists() and not list(folder.glob(".*.tmp-*"))
    assert all(v.id != half.name for v in store.history(folder))


def test_readers_never_see_a_mix_while_writers_save(folder):
    store.save(folder, version_files("A"), "A", "A", base=None)
    stop = threading.Event()
    seen: list[set[str]] = []

    def writer(tag):
        while not stop.is_set():
            store.save(folder, version_files(tag), tag, tag, base=None)

    def reader():
        while not stop.is_set():
            seen.append(tags(store.read(folder)))

    threads = [threading.Thread(target=writer, args=(t,)) for t in "AB"] + [threading.Thread(target=reader)
                                                                            for _ in range(3)]
    for t in threads:
        t.start()
    threading.Event().wait(3)
    stop.set()
    for t in threads:
        t.join()
    assert len(seen) > 100
    assert all(len(s) == 1 for s in seen), [s for s in seen if len(s) != 1][:3]
    assert {"A", "B"} == set().union(*seen)


def test_missing_files_are_refused_before_anything_is_written(folder):
    before = store.read(folder)
    with pytest.raises(ValueError):
        store.save(folder, {"indicators.csv": b"x"}, "甲", "坏", base=None)
    assert store.read(folder).files == before.files
