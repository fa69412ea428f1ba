"""Saving a dataset so that nothing is ever lost: versions, history, the current version (head),
conflicts between editors, and editor sign-in failures — in a database (`tongxin.db`: SQLite in the
data folder by default, PostgreSQL for several servers) — plus the readable copy of the current
version as CSV files in the data folder.

What belongs here: rows and bytes. Nothing here parses or validates a table (that is `load`, called
by `maintain`), and nothing imports pandas (the crash test starts hundreds of writers).

The API (used by the page, the CLI and the import):
    open(folder) -> Store                      one per data folder and database, per process
    Store.read() -> Snapshot                   the current version: its id, digest and files
    Store.save(files, who, summary, base)      a new version, only if head is still `base`;
                                               else ConflictError (what was saved since)
    Store.restore(version_id, who, base)       an earlier version made current again (itself a save)
    Store.history() / version(id) / files(id)  every version, newest first
    Store.disk() / write_copy() / mark_synced  the readable copy (see below), for `maintain.sync`
    Store.record_attempt / clear_failures      sign-in failures (for `auth`)
    Store.backup(out)                          a consistent copy: database + readable CSVs
Module-level `read`, `save`, `restore`, `history` do the same on `open(folder)`.

Every write is one transaction, and head moves only if it is still the version the edit started
from (compare-and-set on the `head` row): two editors cannot overwrite each other, whichever
server they use.

The readable copy. The data folder keeps the data files (`DATA_FILES`), so people and other tools
can read them; they are written after each commit. A plain reader must never see a mix of two
versions — not even after a crash between two file writes — so the files are links:
    indicators.csv -> .tongxin/current/indicators.csv        (one link per data file)
    .tongxin/current -> copies/<digest>-<random>              (one link, switched by rename)
    .tongxin/copies/<digest>-<random>/indicators.csv …        (a complete version, read-only files)
Switching `current` is one atomic rename, so every file changes at the same instant; a crash leaves
the old or the new version, never a mix. A version's copy is written *before* its commit, so a full
disk fails the save cleanly. Files replaced by hand (Excel saving over a link, an editor on the
server) are read as they are; `maintain.sync` takes them in as a new version, validated first.
Whatever the store has to replace that is not a saved version (a hand edit that failed validation,
a folder where a file should be) is moved to `.tongxin/set-aside/<time>/`, never deleted.

A copy is only ever the folder's *readable* copy, never a version: versions live in the database. A
copy's files are read-only, yet a program running as root (`cp`, a shell `>`, `open(…, 'w')`) can
still write through a link into the current copy. So a copy is never reused: every switch writes a
fresh one (its name only says what it held when written), and what the folder showed before a switch
is kept in `set-aside/` unless it is a saved version — a restore or a rewrite always shows exactly the
stored version, and a hand edit written through a link is a hand edit like any other (t10 finding 1).
"""

from __future__ import annotations

import builtins
import contextlib
import datetime as dt
import fcntl
import hashlib
import json
import os
import shutil
import socket
import sqlite3
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, func, select, text, update
from sqlalchemy.exc import DBAPIError

from . import db, schema
from .db import STATE, StoreFault, fault_from

# The data files of a version (DATA_SPEC "Files"): the three tables, and `orgs.csv` when a version
# has it — named once, in `tongxin.schema`.
REQUIRED_FILES = tuple(t.file for t in schema.REQUIRED_TABLES.values())
OPTIONAL_FILES = tuple(t.file for t in schema.TABLES.values() if not t.required)
DATA_FILES = schema.FILES

# How a version came to be (shown in history).
ORIGINS = {
    "initial": "看板第一次读取的数据",
    "save": "网页上保存",
    "restore": "恢复历史版本",
    "hand": "在服务器上直接修改",
    "import": "导入",
    "legacy": "旧版历史记录",
}
HAND_EDITOR = "在服务器上直接修改"  # who, in history, of a version taken in from the folder
INITIAL_EDITOR = "初始数据"  # who of the first version: the folder as the store first found it
KEEP_COPIES = 3  # readable copies kept besides the current one (a slow reader may still be in one)
READ_ONLY = 0o444  # a copy's files: a tool writing through a link fails (unless it runs as root)


# --- records -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Version:
    """One saved version. `id` grows with every commit; `digest` identifies the content."""

    id: int
    saved_at: str  # ISO 8601, local time with offset
    who: str
    summary: str
    digest: str
    base: int | None  # the version this one was edited from
    origin: str  # a key of ORIGINS

    @property
    def when(self) -> str:
        """2026-11-26 10:05"""
        return self.saved_at[:16].replace("T", " ")

    @property
    def label(self) -> str:
        """第 12 版（张三，2026-11-26 10:05）"""
        return f"第 {self.id} 版（{self.who}，{self.when}）"


@dataclass(frozen=True)
class Snapshot:
    """The content of one version (or, before any version is saved, of the folder as it is)."""

    version: int | None  # the version id to pass as `base` when saving an edit of this
    digest: str
    files: dict[str, bytes]

    @property
    def complete(self) -> bool:
        return all(name in self.files for name in REQUIRED_FILES)


@dataclass(frozen=True)
class Saved:
    """The outcome of a save that committed. `copy_fault`: the readable copy could not be brought up
    to date (the version is saved and shown; the files follow once the fault is fixed).
    `set_aside`: where things the store replaced were moved (relative to the data folder)."""

    version: Version
    copy_fault: StoreFault | None = None
    set_aside: str | None = None


class ConflictError(Exception):
    """The head moved since the edit's base: someone else saved in between. Nothing was written.

    `theirs`: the versions saved since `base`, oldest first (their files: `Store.files(v.id)`);
    `base`: the version the edit started from (None: the edit started before any version);
    `head`: the current version."""

    def __init__(self, base: Version | None, head: Version | None, theirs: list[Version]):
        self.base, self.head, self.theirs = base, head, theirs
        people = "、".join(dict.fromkeys(v.who for v in theirs)) or "其他人"
        when = theirs[-1].when if theirs else ""
        super().__init__(
            f"保存未执行：在您开始修改之后，{people}"
            + (f"于 {when} " if when else "")
            + f"保存了新的数据（{len(theirs)} 次）。直接保存会撤销他们的修改，所以没有保存。"
        )


@dataclass(frozen=True)
class Disk:
    """What the data folder holds now, read consistently (`files` None when `fault`)."""

    files: dict[str, bytes] | None
    digest: str | None
    fault: StoreFault | None
    writable: bool


@dataclass(frozen=True)
class FolderRecord:
    """The version this data folder's readable copy was last brought to (None: a new folder)."""

    version_id: int | None
    digest: str | None


@dataclass(frozen=True)
class Attempt:
    """A sign-in attempt, recorded before the password is checked. `allowed`: check it."""

    allowed: bool
    failures: int  # attempts counted so far, this one included when allowed
    locked_until: float  # epoch seconds, 0 = not locked


digest = schema.digest  # SHA-256 over the data files' names and contents, in DATA_FILES order


def _now() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


# --- file operations ---------------------------------------------------------------------------------


class FileOps:
    """Every change the store makes to the file system goes through here, one step per call, so a
    test can make any single step fail (a full disk at each step, DONE-WHEN of issue 10)."""

    def write(self, path: Path, content: bytes) -> None:
        with builtins.open(path, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())

    def mkdir(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)

    def symlink(self, target: str, path: Path) -> None:
        os.symlink(target, path)

    def replace(self, source: Path, target: Path) -> None:
        os.replace(source, target)

    def link(self, source: Path, target: Path) -> None:
        os.link(source, target, follow_symlinks=False)

    def fsync_dir(self, path: Path) -> None:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


fs = FileOps()


# --- the store -----------------------------------------------------------------------------------------


class Store:
    """The store of one data folder (use `open`). Thread-safe; every method is one transaction."""

    def __init__(self, folder: Path, url: str | None):
        self.folder = folder
        self.url = url  # None: SQLite in the folder
        # How the database names this folder: a database in the folder has only this folder; a server
        # may serve several (one per app server), told apart by host and path.
        self.key = "." if url is None else f"{socket.gethostname()}:{folder}"
        self._disk_lock = threading.Lock()
        self._disk_cache: tuple[tuple, Disk] | None = None

    # -- where things are

    @property
    def state(self) -> Path:
        return self.folder / STATE

    @property
    def external(self) -> bool:
        """True when the database is a server (PostgreSQL), not a file in the folder."""
        return self.url is not None

    def database(self, write: bool = False) -> str | None:
        """The database URL to use now, or None: no database exists and none can be made here
        (a read-only folder that was never written by the store)."""
        if self.url:
            return self.url
        path = db.sqlite_path(self.folder)
        if path.exists():
            writable = os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)
            url = db.sqlite_url(path, read_only=not writable)
            if not writable and not db.has_schema(url):
                return None  # an empty database nobody can fill
            return url
        if self._can_create_state():
            return db.sqlite_url(path)
        return None

    def _can_create_state(self) -> bool:
        if self.state.is_dir():
            return os.access(self.state, os.W_OK)
        return self.folder.is_dir() and os.access(self.folder, os.W_OK)

    def _engine(self, write: bool = False):
        try:
            url = self.database()
            if url is None or (write and "mode=ro" in url):
                raise self._unwritable()
            if url.startswith("sqlite") and "mode=ro" not in url:
                fs.mkdir(self.state)
            if "mode=ro" not in url:
                db.ensure_schema(url)
        except DBAPIError as error:
            raise fault_from(error, writing_data=write) from error
        except OSError as error:
            raise fault_from(error, STATE, writing_data=write) from error
        return db.engine(url)

    @contextlib.contextmanager
    def _read(self):
        eng = self._engine()
        try:
            with db.reading(eng) as conn:
                yield conn
        except DBAPIError as error:
            raise fault_from(error, writing_data=False) from error

    @contextlib.contextmanager
    def _write(self):
        eng = self._engine(write=True)
        try:
            with db.writing(eng) as conn:
                yield conn
        except DBAPIError as error:
            raise fault_from(error) from error

    def _unwritable(self) -> StoreFault:
        try:
            read_only_disk = bool(os.statvfs(self.folder).f_flag & os.ST_RDONLY)
        except OSError:
            read_only_disk = False
        if read_only_disk:
            return StoreFault("read_only", "数据文件夹所在的磁盘是只读的，看板不能保存修改（查看不受影响）。"
                                           "请管理员把数据文件夹放在可写的磁盘上。")
        return StoreFault("permission", "看板没有写入数据文件夹的权限，不能保存修改（查看不受影响）。"
                                        "请管理员让运行看板的用户可以写入数据文件夹及其中的 .tongxin 文件夹。")

    def available(self) -> bool:
        """True if there is a database to read (False: a read-only folder never written by the store)."""
        return self.database() is not None

    # -- versions

    def head(self) -> Version | None:
        """The current version, or None before the first."""
        if not self.available():
            return None
        with self._read() as conn:
            return self._head(conn)

    def head_and_record(self) -> tuple[Version | None, FolderRecord]:
        """The current version and what this folder's readable copy was last brought to (one read)."""
        if not self.available():
            return None, FolderRecord(None, None)
        with self._read() as conn:
            row = conn.execute(select(db.folders.c.version_id, db.folders.c.digest)
                               .where(db.folders.c.key == self.key)).first()
            return self._head(conn), FolderRecord(*(row or (None, None)))

    def version(self, version_id: int) -> Version:
        """One version; KeyError if there is none with this id."""
        with self._read() as conn:
            row = conn.execute(select(db.versions).where(db.versions.c.id == version_id)).first()
        if row is None:
            raise KeyError(version_id)
        return _version(row)

    def find(self, content_digest: str) -> Version | None:
        """The newest version with this content, or None."""
        with self._read() as conn:
            row = conn.execute(select(db.versions).where(db.versions.c.digest == content_digest)
                               .order_by(db.versions.c.id.desc()).limit(1)).first()
        return _version(row) if row else None

    def history(self, limit: int | None = None) -> list[Version]:
        """Every version, newest first."""
        if not self.available():
            return []
        with self._read() as conn:
            query = select(db.versions).order_by(db.versions.c.id.desc())
            return [_version(r) for r in conn.execute(query.limit(limit) if limit else query)]

    def since(self, base: int | None, head: int | None) -> list[Version]:
        """The versions saved after `base` up to `head`, oldest first (what an edit of `base` did not see)."""
        with self._read() as conn:
            query = select(db.versions).order_by(db.versions.c.id)
            if base is not None:
                query = query.where(db.versions.c.id > base)
            if head is not None:
                query = query.where(db.versions.c.id <= head)
            return [_version(r) for r in conn.execute(query)]

    def files(self, version_id: int) -> dict[str, bytes]:
        """The data files of a version, by name."""
        with self._read() as conn:
            return self._files(conn, version_id)

    def read(self) -> Snapshot:
        """The current version's content; before any version, the folder's files as they are."""
        current = self.head()
        if current is None:
            disk = self.disk()
            if disk.fault:
                raise disk.fault
            return Snapshot(None, disk.digest, disk.files)
        return Snapshot(current.id, current.digest, self.files(current.id))

    def save(self, files: dict[str, bytes], who: str, summary: str, base: int | None,
             origin: str = "save") -> Saved:
        """Make `files` the current version, if the current version is still `base`.

        `files`: the data files by name (the REQUIRED_FILES, and optional ones; no other names —
        ValueError). `base`: the version id the edit started from (`Snapshot.version`), None for an
        edit of a folder that has no version yet. Raises ConflictError (nothing written) if head is
        not `base`; StoreFault (nothing written) if the disk or database refuses before the commit.
        Once committed, a fault writing the readable copy is returned in `Saved.copy_fault`.
        """
        unknown = sorted(set(files) - set(DATA_FILES))
        missing = [name for name in REQUIRED_FILES if name not in files]
        if unknown or missing:
            raise ValueError(f"data files: missing {missing}, unknown {unknown}")
        if origin not in ORIGINS:
            raise ValueError(origin)
        files = {name: files[name] for name in DATA_FILES if name in files}
        content = digest(files)
        # Taken in from the folder: it already shows this content, no copy to write (unless it
        # changed again since it was judged — then the copy shows exactly what is saved).
        on_disk = origin in ("hand", "initial") and self.disk().digest == content
        with self._copy_lock(required=not on_disk):
            copy = None
            if not on_disk:
                copy = self._prepare_copy(files, content)  # before the commit: a full disk fails the save cleanly
            first = self._unsaved_folder(content) if base is None and not on_disk else None
            with self._write() as conn:
                if first is not None and self._head_id(conn) is None:
                    # The folder's data from before the store (shipped, or edited by hand) is kept
                    # as the first version, in the same transaction, so it can be restored.
                    base = self._commit(conn, first, digest(first), INITIAL_EDITOR,
                                        "保存前数据文件夹中的数据", None, "initial").id
                version = self._commit(conn, files, content, who, summary, base, origin)
                if on_disk:
                    self._record(conn, version)
            if on_disk:
                return Saved(version)
            try:
                set_aside = self._switch(version, copy, files, move_faulty=True)
                self.mark_synced(version)
            except (StoreFault, OSError, DBAPIError) as error:
                return Saved(version, _copy_fault(error))
            return Saved(version, None, set_aside)

    def restore(self, version_id: int, who: str, base: int | None) -> Saved:
        """Make an earlier version current again — a save of its files, so it can be undone the same way."""
        old = self.version(version_id)
        return self.save(self.files(old.id), who, f"恢复到{old.label}：{old.summary}", base, origin="restore")

    def _unsaved_folder(self, content: str) -> dict[str, bytes] | None:
        """The folder's complete data files when no version exists yet and they differ from `content`."""
        if self.head() is not None:
            return None
        disk = self.disk()
        if disk.fault or not all(n in disk.files for n in REQUIRED_FILES) or disk.digest == content:
            return None
        return disk.files

    def _head_id(self, conn) -> int | None:
        return conn.execute(select(db.head.c.version_id).where(db.head.c.slot == 1).with_for_update()).scalar()

    def _commit(self, conn, files, content, who, summary, base, origin) -> Version:
        current = self._head_id(conn)
        if current != base:
            raise self._conflict(conn, base, current)
        db.insert_missing(conn, db.blobs, [{"digest": hashlib.sha256(b).hexdigest(), "size": len(b), "content": b}
                                           for b in files.values()])
        saved_at = _now()
        new_id = conn.execute(db.versions.insert().values(
            saved_at=saved_at, who=who, summary=summary, digest=content, base_id=base, origin=origin,
        )).inserted_primary_key[0]
        conn.execute(db.version_files.insert(), [{"version_id": new_id, "name": name,
                                                  "blob": hashlib.sha256(b).hexdigest()}
                                                 for name, b in files.items()])
        moved = conn.execute(update(db.head).where(db.head.c.slot == 1)
                             .where(db.head.c.version_id.is_not_distinct_from(base)).values(version_id=new_id))
        if moved.rowcount != 1:  # cannot happen under the row lock; never move head on a doubt
            raise self._conflict(conn, base, current)
        return Version(new_id, saved_at, who, summary, content, base, origin)

    def _conflict(self, conn, base: int | None, current: int | None) -> ConflictError:
        query = select(db.versions).order_by(db.versions.c.id)
        if base is not None:
            query = query.where(db.versions.c.id > base)
        if current is not None:
            query = query.where(db.versions.c.id <= current)
        theirs = [_version(r) for r in conn.execute(query)]
        get = lambda i: _version(conn.execute(select(db.versions).where(db.versions.c.id == i)).first())  # noqa: E731
        return ConflictError(get(base) if base is not None else None, get(current) if current is not None else None,
                             theirs)

    def _head(self, conn) -> Version | None:
        row = conn.execute(select(db.versions).join(db.head, db.head.c.version_id == db.versions.c.id)
                           .where(db.head.c.slot == 1)).first()
        return _version(row) if row else None

    def _files(self, conn, version_id: int) -> dict[str, bytes]:
        rows = conn.execute(select(db.version_files.c.name, db.blobs.c.content)
                            .join(db.blobs, db.blobs.c.digest == db.version_files.c.blob)
                            .where(db.version_files.c.version_id == version_id)).all()
        found = {name: bytes(content) for name, content in rows}
        return {name: found[name] for name in DATA_FILES if name in found}

    # -- the readable copy

    def disk(self) -> Disk:
        """The data files as the folder holds them now, read so that a switch in between is never
        seen half (cached while nothing in the folder changes)."""
        signature = self._signature()
        with self._disk_lock:
            if self._disk_cache and self._disk_cache[0] == signature:
                return self._disk_cache[1]
        writable = self.folder.is_dir() and os.access(self.folder, os.W_OK)
        try:
            files = self.read_folder()
            disk = Disk(files, digest(files), None, writable)
        except StoreFault as fault:
            disk = Disk(None, None, fault, writable)
        with self._disk_lock:
            self._disk_cache = (signature, disk)
        return disk

    def _signature(self) -> tuple:
        parts: list = [_readlink(self.state / "current")]
        for name in DATA_FILES:
            entry = self.folder / name
            for stat in (os.lstat, os.stat):
                try:
                    s = stat(entry)
                    parts.append((s.st_ino, s.st_size, s.st_mtime_ns, s.st_ctime_ns, s.st_mode))
                except OSError as error:
                    parts.append(error.errno)
        return tuple(parts)

    def read_folder(self) -> dict[str, bytes]:
        """The data files in the folder, never a mix of two versions even while one is switched in.
        Raises StoreFault (a folder or a link loop where a file should be, no permission …)."""
        for _ in range(20):
            before = _readlink(self.state / "current")
            files = {}
            for name in DATA_FILES:
                entry = self.folder / name
                path = self.state / before / name if before and self._is_ours(name) else entry
                try:
                    files[name] = path.read_bytes()
                except FileNotFoundError:
                    if path != entry and entry.exists():  # the copy was cleaned up under us: read again
                        break
                except OSError as error:
                    raise fault_from(error, name, writing_data=False) from error
            else:
                if _readlink(self.state / "current") == before:
                    return files
        raise StoreFault("io", "数据文件夹中的文件正在被频繁改动，暂时无法读到完整的一版。请稍后刷新。")

    def _is_ours(self, name: str) -> bool:
        return _readlink(self.folder / name) == f"{STATE}/current/{name}"

    def write_copy(self, version: Version | None = None, move_faulty: bool = False) -> str | None:
        """Bring the readable copy to `version` (default: head). Returns where replaced things were
        set aside, if anywhere. Raises StoreFault."""
        with self._copy_lock(required=True):
            version = version or self.head()
            if version is None:
                return None
            files = self.files(version.id)
            try:
                set_aside = self._switch(version, self._prepare_copy(files, version.digest), files, move_faulty)
            except OSError as error:
                raise fault_from(error, writing_data=False) from error
            self.mark_synced(version)
            return set_aside

    def mark_synced(self, version: Version) -> None:
        """Record that this folder's readable copy now shows `version`."""
        with self._write() as conn:
            self._record(conn, version)

    def _record(self, conn, version: Version) -> None:
        table = db.folders
        values = {"version_id": version.id, "digest": version.digest, "synced_at": _now()}
        if conn.execute(update(table).where(table.c.key == self.key).values(**values)).rowcount == 0:
            conn.execute(table.insert().values(key=self.key, **values))

    @contextlib.contextmanager
    def _copy_lock(self, required: bool):
        """One writer of this folder's readable copy at a time (processes and threads alike)."""
        try:
            fs.mkdir(self.state)
            handle = builtins.open(self.state / "copy.lock", "a+b")  # noqa: SIM115
        except OSError as error:
            if required:
                raise fault_from(error, STATE) from error
            yield
            return
        with handle:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

    def _prepare_copy(self, files: dict[str, bytes], content: str | None = None) -> str:
        """A new folder `copies/<digest>-<random>` holding exactly `files` as read-only files, written
        completely before anyone points at it; returns its path relative to `.tongxin`. Never reused
        (see the module docstring: a copy may have been written through a link since)."""
        copies = self.state / "copies"
        name = f"{content or digest(files)}-{uuid.uuid4().hex[:8]}"
        try:
            fs.mkdir(copies)
            temp = copies / f".tmp-{uuid.uuid4().hex}"
            try:
                fs.mkdir(temp)
                for file_name, data in files.items():
                    fs.write(temp / file_name, data)
                    os.chmod(temp / file_name, READ_ONLY)
                fs.fsync_dir(temp)
                fs.replace(temp, copies / name)
                fs.fsync_dir(copies)
            finally:
                if temp.exists():
                    shutil.rmtree(temp, ignore_errors=True)
        except OSError as error:
            raise fault_from(error, STATE) from error
        return f"copies/{name}"

    def _switch(self, version: Version, copy: str, files: dict[str, bytes], move_faulty: bool) -> str | None:
        """Point the folder's data files at `copy` (of `version`'s `files`), all at one instant. What
        the folder showed before, if it is not a saved version, is kept in set-aside/ first."""
        set_aside = None
        current = self.state / "current"
        foreign = [n for n in DATA_FILES if os.path.lexists(self.folder / n) and not self._is_ours(n)]
        broken = []
        for name in foreign:
            try:
                (self.folder / name).read_bytes()
            except FileNotFoundError:
                pass  # a dangling link of someone else's: replaced below like a file
            except OSError as error:
                if not move_faulty:
                    raise fault_from(error, name, writing_data=False) from error
                broken.append(name)
        if broken:
            set_aside = self._set_aside(broken, move=True)
        here = self.read_folder()
        here_digest = digest(here)
        if here and here_digest != version.digest and self.find(here_digest) is None:
            # A hand edit (a file put in place, or written through a link into the current copy)
            # or files from before the store: not a version, so kept before they are replaced.
            set_aside = self._keep(here, into=set_aside)
        if foreign:
            # First make `current` show exactly what the folder shows now, then replace each foreign
            # file by a link to it: content-neutral steps, so a crash between them changes nothing.
            self._point(current, self._prepare_copy(here, here_digest))
            for name in foreign:
                if os.path.lexists(self.folder / name):
                    self._link(name)
        for name in files:
            if not self._is_ours(name):
                self._link(name)  # a link for a file the old version lacked: absent until the switch
        self._point(current, copy)
        for name in DATA_FILES:
            if name not in files and self._is_ours(name):
                (self.folder / name).unlink()  # dangling since the switch: absent either way
        fs.fsync_dir(self.folder)
        self._clean_copies(copy)
        return set_aside

    def _link(self, name: str) -> None:
        temp = self.folder / f".{name}.link-{uuid.uuid4().hex[:8]}"
        fs.symlink(f"{STATE}/current/{name}", temp)
        fs.replace(temp, self.folder / name)

    def _point(self, link: Path, target: str) -> None:
        if _readlink(link) == target:
            return
        temp = link.with_name(f".{link.name}.link-{uuid.uuid4().hex[:8]}")
        fs.symlink(target, temp)
        fs.replace(temp, link)
        fs.fsync_dir(link.parent)

    def _set_aside(self, names: list[str], move: bool, into: str | None = None) -> str:
        """Keep what is about to be replaced: `move` (folders, broken links) or hard-link (files)."""
        relative = into or self._new_set_aside()
        target = self.folder / relative
        fs.mkdir(target)
        for name in names:
            if move:
                fs.replace(self.folder / name, target / name)
            else:
                try:
                    fs.link(self.folder / name, target / name)
                except OSError:
                    fs.write(target / name, (self.folder / name).read_bytes())
        fs.fsync_dir(target)
        return relative

    def _keep(self, files: dict[str, bytes], into: str | None = None) -> str:
        """Write the content the folder showed into set-aside/ (a copy: the originals are links)."""
        relative = into or self._new_set_aside()
        target = self.folder / relative
        fs.mkdir(target)
        for name, data in files.items():
            if not os.path.lexists(target / name):
                fs.write(target / name, data)
        fs.fsync_dir(target)
        return relative

    @staticmethod
    def _new_set_aside() -> str:
        return f"{STATE}/set-aside/{dt.datetime.now():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:4]}"

    def _clean_copies(self, keep: str) -> None:
        copies = self.state / "copies"
        keep_name = Path(keep).name
        entries = sorted((p for p in copies.iterdir() if p.name != keep_name), key=_mtime, reverse=True)
        for stale in [p for p in entries if p.name.startswith(".tmp-")] + \
                     [p for p in entries if not p.name.startswith(".tmp-")][KEEP_COPIES:]:
            shutil.rmtree(stale, ignore_errors=True)
        for leftover in self.folder.glob(".*.link-*"):
            with contextlib.suppress(OSError):
                leftover.unlink()

    # -- sign-in failures (DESIGN: in the store, shared by every session, process and server)

    def record_attempt(self, username: str, now: float, limit: int, lockout: float) -> Attempt:
        """Count a sign-in attempt *before* its password is checked, in one transaction that locks
        the account's row: of N attempts at once, at most `limit` are allowed. An attempt after
        `limit` counted ones (within `lockout` seconds of the last) is refused until the lock ends."""
        table = db.sign_in_failures
        username = username[:200]
        with self._write() as conn:
            db.insert_missing(conn, table, [{"username": username, "failures": 0, "locked_until": 0.0,
                                             "last_attempt": now}])
            failures, locked_until, last = conn.execute(
                select(table.c.failures, table.c.locked_until, table.c.last_attempt)
                .where(table.c.username == username).with_for_update()).one()
            if locked_until > now:
                return Attempt(False, failures, locked_until)
            if locked_until or now - last > lockout:
                failures, locked_until = 0, 0.0  # a lock that ended, or old failures: start again
            failures += 1
            if failures >= limit:
                locked_until = now + lockout
            conn.execute(update(table).where(table.c.username == username)
                         .values(failures=failures, locked_until=locked_until, last_attempt=now))
            conn.execute(delete(table).where(table.c.last_attempt < now - 86400)
                         .where(table.c.locked_until < now))  # forget day-old attempts
            return Attempt(True, failures, locked_until)

    def unlock(self, username: str) -> Attempt | None:
        """An administrator's unlock (`python -m tongxin unlock`): forget the account's counted
        failures and any lock. Returns what was recorded before (`allowed` False: it was locked),
        None if nothing was. Raises StoreFault."""
        table = db.sign_in_failures
        username = username.strip()[:200]
        with self._write() as conn:
            row = conn.execute(select(table.c.failures, table.c.locked_until).where(table.c.username == username)
                               .with_for_update()).one_or_none()
            if row is None:
                return None
            conn.execute(delete(table).where(table.c.username == username))
            failures, locked_until = row
            return Attempt(not locked_until > time.time(), failures, locked_until)

    def clear_failures(self, username: str) -> None:
        """A successful sign-in: the count starts again."""
        with self._write() as conn:
            conn.execute(delete(db.sign_in_failures).where(db.sign_in_failures.c.username == username[:200]))

    # -- backup

    def backup(self, out: Path) -> Version | None:
        """A consistent copy of the store into the new folder `out`: `.tongxin/store.sqlite` (every
        version and the history; SQLite's online backup, or a copy in one transaction from
        PostgreSQL) and the current version's data files as plain files — `out` is itself a data
        folder the app and `check` can open. Returns the version the copy's head is."""
        out = Path(out)
        if out.exists() and any(out.iterdir()):
            raise FileExistsError(out)
        temp = out.with_name(f".{out.name}.part-{uuid.uuid4().hex[:6]}")
        (temp / STATE).mkdir(parents=True)
        target = db.sqlite_path(temp)
        try:
            if self.url is None:
                source = sqlite3.connect(f"file:{db.sqlite_path(self.folder)}?mode=ro", uri=True)
                copy = sqlite3.connect(target)
                with source, copy:
                    source.backup(copy)
                source.close()
                copy.close()
            else:
                self._copy_database(db.sqlite_url(target))
            url = db.sqlite_url(target)
            with db.writing(db.engine(url)) as conn:
                conn.execute(delete(db.folders))
                conn.execute(delete(db.sign_in_failures))
            copy_store = Store(temp, None)
            current = copy_store.head()
            if current is not None:
                for name, content in copy_store.files(current.id).items():
                    (temp / name).write_bytes(content)
            db.forget(url)
            if out.exists():
                out.rmdir()
            temp.rename(out)
            return current
        finally:
            if temp.exists():
                shutil.rmtree(temp, ignore_errors=True)

    def load_backup(self, backup: Path) -> Version | None:
        """Every version and the history of a backup folder (`backup`/.tongxin/store.sqlite, made by
        `backup`) into this store, which must have none yet — a new or emptied database, e.g. a
        PostgreSQL lost and created again; then the folder shows the backup's current version.
        Returns that version. Raises ValueError (this store already has versions: restore the
        backup's current version as a new version instead — `python -m tongxin restore`),
        FileNotFoundError (no store in `backup`), StoreFault."""
        path = db.sqlite_path(Path(backup).resolve())
        if not path.is_file():
            raise FileNotFoundError(path)
        source_url = db.sqlite_url(path, read_only=True)
        try:
            with db.reading(db.engine(source_url)) as src, self._write() as dst:
                if dst.execute(select(db.versions.c.id).limit(1)).first() is not None:
                    raise ValueError("the store already has versions")
                for table in (db.blobs, db.versions, db.version_files):
                    rows = [dict(row) for row in src.execute(select(table)).mappings()]
                    if rows:
                        dst.execute(table.insert(), rows)
                current = src.execute(select(db.head.c.version_id).where(db.head.c.slot == 1)).scalar()
                dst.execute(update(db.head).where(db.head.c.slot == 1).values(version_id=current))
                if dst.dialect.name == "postgresql":  # ids were given: the next save's id follows them
                    dst.execute(text("SELECT setval(pg_get_serial_sequence('versions', 'id'), "
                                     "(SELECT COALESCE(MAX(id), 0) + 1 FROM versions), false)"))
        finally:
            db.forget(source_url)
        if current is None:
            return None
        self.write_copy(move_faulty=True)
        return self.version(current)

    def _copy_database(self, target_url: str) -> None:
        source = self._engine()
        db.ensure_schema(target_url)
        with source.connect() as src:
            src.execution_options(isolation_level="REPEATABLE READ")  # one snapshot for every table
            with src.begin(), db.writing(db.engine(target_url)) as dst:
                dst.execute(delete(db.head))
                dst.execute(delete(db.settings))
                for table in (db.settings, db.blobs, db.versions, db.version_files, db.head):
                    for row in src.execute(select(table)).mappings():
                        dst.execute(table.insert().values(**row))

    # -- versions from before the database (the file journal of the first releases)

    def import_legacy(self) -> int:
        """Versions kept by the earlier file store (`.tongxin/history/<id>/meta.json` + files) become
        the first versions here, oldest first, so no history is lost by the upgrade. Only into an
        empty store; returns how many were imported. The old folder is left as it was."""
        root = self.state / "history"
        if not root.is_dir():
            return 0
        entries = []
        for entry in sorted(root.iterdir()):
            meta_path = entry / "meta.json"
            try:
                meta = json.loads(meta_path.read_text(encoding="utf-8"))
                files = {n: (entry / n).read_bytes() for n in DATA_FILES if (entry / n).is_file()}
            except (OSError, ValueError):
                continue  # an entry a crash left without its meta.json was never a version
            if all(n in files for n in REQUIRED_FILES):
                entries.append((entry.name, meta, files))
        if not entries:
            return 0
        with self._copy_lock(required=False), self._write() as conn:
            if conn.execute(select(func.count()).select_from(db.versions)).scalar():
                return 0
            base = None
            ids = {}
            for name, meta, files in entries:
                db.insert_missing(conn, db.blobs, [{"digest": hashlib.sha256(b).hexdigest(), "size": len(b),
                                                    "content": b} for b in files.values()])
                new_id = conn.execute(db.versions.insert().values(
                    saved_at=str(meta.get("saved_at", _now())), who=str(meta.get("who", "")),
                    summary=str(meta.get("summary", "")), digest=digest(files), base_id=base, origin="legacy",
                )).inserted_primary_key[0]
                conn.execute(db.version_files.insert(), [{"version_id": new_id, "name": n,
                                                          "blob": hashlib.sha256(b).hexdigest()}
                                                         for n, b in files.items()])
                base = ids[name] = new_id
            # Head: the version the old journal was putting in place (a crash mid-swap), else the newest.
            head_id = base
            with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
                head_id = ids.get(json.loads((self.state / "journal.json").read_text(encoding="utf-8"))["version"],
                                  base)
            conn.execute(update(db.head).where(db.head.c.slot == 1).values(version_id=head_id))
            return len(entries)


def _version(row) -> Version:
    m = row._mapping
    return Version(m["id"], m["saved_at"], m["who"], m["summary"], m["digest"], m["base_id"], m["origin"])


def _copy_fault(error: BaseException) -> StoreFault:
    fault = fault_from(error, writing_data=False) or StoreFault("io", str(error))
    return StoreFault(fault.kind, "修改已保存，看板显示的是新数据；但数据文件夹中供查看的 CSV 文件没能更新："
                      + fault.message + " 问题解决后会自动更新。", fault.name)


def _readlink(path: Path) -> str | None:
    try:
        return os.readlink(path)
    except OSError:
        return None


def _mtime(path: Path) -> float:
    try:
        return path.lstat().st_mtime
    except OSError:
        return 0.0


# --- one store per folder ----------------------------------------------------------------------------

_stores: dict[tuple[str, str | None], Store] = {}
_stores_lock = threading.Lock()


def open(folder: str | Path, url: str | None = None) -> Store:  # noqa: A001 — the store's verb
    """The store of a data folder; `url` defaults to $TONGXIN_DATABASE_URL (unset: SQLite in the folder)."""
    folder = Path(folder).resolve()
    url = db.normalise_url(url) if url else db.configured_url()
    with _stores_lock:
        found = _stores.get((str(folder), url))
        if found is None:
            found = _stores[(str(folder), url)] = Store(folder, url)
        return found


def read(folder: str | Path) -> Snapshot:
    return open(folder).read()


def read_folder(folder: str | Path) -> dict[str, bytes]:
    """A data folder's files as one whole version, without opening (or creating) its database."""
    return Store(Path(folder).resolve(), None).read_folder()


def save(folder: str | Path, files: dict[str, bytes], who: str, summary: str, base: int | None,
         origin: str = "save") -> Saved:
    return open(folder).save(files, who, summary, base, origin)


def restore(folder: str | Path, version_id: int, who: str, base: int | None) -> Saved:
    return open(folder).restore(version_id, who, base)


def history(folder: str | Path) -> list[Version]:
    return open(folder).history()

