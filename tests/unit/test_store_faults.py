"""Faults keep the data whole (issue 10, failure 4): a full disk at every step of a save, on a real
small tmpfs too; a read-only folder; no permission; a folder or a link loop where a data file should
be; a database that is down. A save that failed never takes effect later; the current version stays
readable; every fault comes back as a Chinese message naming it."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from tests import datasets as d
from tongxin import db, maintain, store
from tongxin.db import StoreFault


def version_files(tag: str) -> dict[str, bytes]:
    return {name: f"{name},{tag}\n".encode() * 200 for name in store.REQUIRED_FILES}


def on_disk(folder: Path) -> dict[str, bytes]:
    found = {}
    for name in store.DATA_FILES:
        with contextlib.suppress(FileNotFoundError):
            found[name] = (folder / name).read_bytes()
    return found


class FullDiskAt(store.FileOps):
    """A disk that fills up at the `at`-th file-system step of the store."""

    def __init__(self, at: int):
        self.at, self.calls = at, 0

    def _step(self):
        self.calls += 1
        if self.calls == self.at:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def write(self, path, content):
        self._step()
        super().write(path, content)

    def mkdir(self, path):
        if not path.exists():
            self._step()
        super().mkdir(path)

    def symlink(self, target, path):
        self._step()
        super().symlink(target, path)

    def replace(self, source, target):
        self._step()
        super().replace(source, target)

    def link(self, source, target):
        self._step()
        super().link(source, target)

    def fsync_dir(self, path):
        self._step()
        super().fsync_dir(path)


@pytest.fixture
def folder(tmp_path):
    return d.default_copy(tmp_path / "data")


def test_a_full_disk_at_every_step_of_a_save(folder, database, monkeypatch):
    opened = store.Store(folder.resolve(), database)
    first = opened.save(version_files("A"), "甲", "A", base=None).version
    opened.save(version_files("B"), "甲", "B", base=first.id)  # the folder's files are our links now
    step, outcomes = 0, {"refused": 0, "saved, copy behind": 0}
    while True:
        step += 1
        old = opened.head()
        failing = FullDiskAt(step)
        monkeypatch.setattr(store, "fs", failing)
        try:
            saved = opened.save(version_files(f"C{step}"), "乙", "C", base=old.id)
        except StoreFault as fault:
            assert fault.kind == "disk_full" and "磁盘空间已满，本次修改没有保存" in fault.message
            outcomes["refused"] += 1
            monkeypatch.setattr(store, "fs", store.FileOps())
            assert opened.head() == old  # nothing committed …
            assert maintain.sync(opened).version == old  # … and nothing takes effect later
            assert on_disk(folder) == opened.files(old.id)
            continue
        monkeypatch.setattr(store, "fs", store.FileOps())
        if failing.calls < step:
            break  # the save went through without reaching this step: every step has been tried
        # Failed after the commit: the version is saved and shown; the folder shows the old version
        # whole until the fault is gone, then the new one.
        assert saved.copy_fault is not None and saved.copy_fault.kind == "disk_full"
        assert "修改已保存" in saved.copy_fault.message and opened.head() == saved.version
        assert on_disk(folder) in (opened.files(old.id), opened.files(saved.version.id))
        outcomes["saved, copy behind"] += 1
        assert maintain.sync(opened).fault is None
        assert on_disk(folder) == opened.files(saved.version.id)
    assert outcomes["refused"] >= 5 and step > 8, outcomes


def test_a_database_that_is_full_refuses_the_commit(folder, monkeypatch):
    opened = store.Store(folder.resolve(), None)
    first = opened.save(version_files("A"), "甲", "A", base=None).version

    def full(*args, **kwargs):
        import sqlite3

        raise OperationalError("INSERT INTO versions", {}, sqlite3.OperationalError("database or disk is full"))

    monkeypatch.setattr(opened, "_commit", full)
    with pytest.raises(StoreFault) as raised:
        opened.save(version_files("B"), "乙", "B", base=first.id)
    assert raised.value.kind == "disk_full"
    monkeypatch.undo()
    assert opened.head() == first and maintain.sync(opened).version == first
    assert on_disk(folder) == version_files("A")


@contextlib.contextmanager
def tmpfs(size_kb: int):
    """A small tmpfs of our own (root with CAP_SYS_ADMIN, as in CI here); skip where mounting is not
    allowed — the injected full disk above covers every step there."""
    where = Path(tempfile.mkdtemp(prefix="tongxin-tmpfs-"))
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(where)],
                             capture_output=True)
    if mounted.returncode != 0:
        where.rmdir()
        pytest.skip("cannot mount a tmpfs here: " + mounted.stderr.decode(errors="replace").strip())
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)
        shutil.rmtree(where, ignore_errors=True)


def fill(where: Path) -> Path:
    """Take every free byte of the file system."""
    filler = where / "filler"
    with open(filler, "wb", buffering=0) as handle:  # unbuffered: nothing left to fail at close
        for block in (65536, 4096, 1):
            with contextlib.suppress(OSError):
                while handle.write(b"\0" * block):
                    pass
    return filler


def test_a_real_full_disk_and_a_read_only_remount(tmp_path):
    with tmpfs(1024) as where:
        folder = d.default_copy(where / "data")
        opened = store.Store(folder.resolve(), None)
        current = maintain.sync(opened).version
        files = opened.files(current.id)
        big = {**files, "observations.csv": files["observations.csv"] * 20}  # ~120 KB more than there is room for
        filler = fill(where)
        for _attempt in range(3):
            with pytest.raises(StoreFault) as raised:
                opened.save(big, "甲", "大", base=current.id)
            assert raised.value.kind == "disk_full"
        assert opened.head() == current and on_disk(folder) == files
        filler.unlink()
        assert maintain.sync(opened).version == current  # the failed save never comes back
        saved = opened.save(big, "甲", "大", base=current.id)
        assert saved.copy_fault is None and on_disk(folder) == big

        # The same folder through a read-only mount (as a read-only disk or share would give it)
        view = Path(tempfile.mkdtemp(prefix="tongxin-ro-"))
        subprocess.run(["mount", "--bind", str(where), str(view)], check=True)
        try:
            subprocess.run(["mount", "-o", "remount,ro,bind", str(view)], check=True)
            read_only = store.Store((view / "data").resolve(), None)
            now = maintain.sync(read_only)
            assert now.version == saved.version and now.fault is None and now.files() == big
            with pytest.raises(StoreFault) as raised:
                read_only.save(files, "甲", "回去", base=saved.version.id)
            assert raised.value.kind == "read_only" and "只读" in raised.value.message
        finally:
            subprocess.run(["umount", "-l", str(view)], check=False)
            view.rmdir()


def test_a_folder_or_a_link_loop_where_a_data_file_should_be(folder):
    opened = store.Store(folder.resolve(), None)
    current = maintain.sync(opened).version
    (folder / "observations.csv").unlink()
    (folder / "observations.csv").mkdir()
    now = maintain.sync(opened)
    assert now.version == current and now.fault.kind == "not_a_file"
    assert "observations.csv" in now.fault.message and "文件夹" in now.fault.message
    assert str(folder) not in now.fault.message  # a name inside the folder, never the server's path
    (folder / "observations.csv").rmdir()
    os.symlink("observations.csv", folder / "observations.csv")  # a link to itself
    now = maintain.sync(opened)
    assert now.version == current and now.fault.kind == "link_loop" and "链接" in now.fault.message
    # An editor's way out: write the current version out again; what was there is set aside.
    moved = opened.write_copy(move_faulty=True)
    assert maintain.sync(opened).fault is None and on_disk(folder) == opened.files(current.id)
    assert os.path.islink(folder / moved / "observations.csv")


CHILD = """
import sys
from pathlib import Path
from tongxin import maintain, store
from tongxin.db import StoreFault
folder = Path(sys.argv[1])
opened = store.open(folder)
now = maintain.sync(opened)
print("version", now.version.id if now.version else None)
print("fault", now.fault.kind if now.fault else None)
try:
    opened.save(opened.read().files, "x", "x", base=now.version.id if now.version else None)
    print("saved")
except StoreFault as fault:
    print("refused", fault.kind)
"""


def run_without_override(folder: Path) -> dict[str, str]:
    """Run the check in a child that obeys file modes: as root without the capabilities that let root
    ignore them (setpriv), or as the current user when that is not root."""
    command = [sys.executable, "-c", CHILD, str(folder)]
    if os.geteuid() == 0:
        if not shutil.which("setpriv"):
            pytest.skip("setpriv (util-linux) is needed to drop root's file-permission override")
        command = ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner", "--", *command]
    result = subprocess.run(command, capture_output=True, text=True, cwd=d.PROJECT,
                            env={**os.environ, "PYTHONPATH": str(d.PROJECT)})
    assert result.returncode == 0, result.stderr
    return dict(line.split(" ", 1) for line in result.stdout.splitlines())


def test_no_write_permission_keeps_the_data_readable(tmp_path):
    """The app may not write the folder (its mode says so): the data shows, a save is refused."""
    folder = d.default_copy(tmp_path / "data")
    first = maintain.sync(store.Store(folder.resolve(), None)).version  # a store made while it was writable
    never = d.default_copy(tmp_path / "never")  # a folder no store has written: read without one
    subprocess.run(["chmod", "-R", "a-w", str(folder), str(never)], check=True)
    try:
        assert run_without_override(folder) == {"version": str(first.id), "fault": "None", "refused": "permission"}
        assert run_without_override(never) == {"version": "None", "fault": "None", "refused": "permission"}
        assert not (never / ".tongxin").exists()
    finally:
        subprocess.run(["chmod", "-R", "u+w", str(folder), str(never)], check=True)


def test_a_database_that_is_down(folder, postgres, pg_url):
    opened = store.Store(folder.resolve(), pg_url)
    first = maintain.sync(opened).version
    postgres.pg_ctl("stop")
    try:
        now = maintain.sync(opened)
        assert now.fault.kind == "db_down" and "数据库暂时无法连接" in now.fault.message
        assert now.version is None and now.files() == opened.read_folder()  # the readable copy is shown
        with pytest.raises(StoreFault) as raised:
            opened.save(version_files("B"), "乙", "B", base=first.id)
        assert raised.value.kind == "db_down"
    finally:
        postgres.pg_ctl("start")
    assert maintain.sync(opened).version == first  # the failed save never takes effect
    db.forget(pg_url)


def test_a_new_server_whose_database_is_down_says_so(tmp_path, postgres, pg_url):
    """t10 finding 7: a new server's empty folder while PostgreSQL is down showed "找不到这个文件" three
    times and advice to put CSV files in the folder; the database cannot be reached is what is wrong."""
    empty = tmp_path / "new-server"
    empty.mkdir()
    opened = store.Store(empty.resolve(), pg_url)
    postgres.pg_ctl("stop")
    try:
        now = maintain.sync(opened)
        assert now.fault.kind == "db_down" and "数据库暂时无法连接" in now.fault.message
        assert now.digest is None and now.version is None  # nothing from the folder to show
    finally:
        postgres.pg_ctl("start")
    db.forget(pg_url)
