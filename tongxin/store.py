"""Saving a dataset so that nothing is ever lost: the three files change together or not at all,
for readers and after a crash at any instant; every save keeps the version it replaced; a save
based on data that changed meanwhile is refused.

What belongs here: bytes on disk, locks, the journal, history. Nothing here parses or validates a
table (that is `load`); callers validate first and hand over the exact bytes to store. Imports are
kept light (no pandas), so the crash-safety test can start hundreds of writers quickly.

Layout inside a data folder:
    indicators.csv observations.csv sources.csv   the current version (the data contract, unchanged)
    .tongxin/write.lock                           one writer at a time (flock, exclusive)
    .tongxin/read.lock                            readers share it; the swap takes it exclusively
    .tongxin/journal.json                         present only while a version is being put in place
    .tongxin/history/<id>/                        every version saved: the three files + meta.json

A save: write the new version into history (files, fsync, then meta.json — an entry without meta is
incomplete and ignored); write the journal naming it (atomic rename: the commit point); take the read
lock exclusively and copy each file into place (temp file, fsync, rename); drop the journal. Whoever
finds a journal (a reader, a writer, the app starting) first completes that swap — so the data is
always the old version or the new one, whatever instant a crash hits.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import json
import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

FILES = ("indicators.csv", "observations.csv", "sources.csv")
STATE = ".tongxin"


class ConflictError(Exception):
    """The data changed since the editor loaded it (message in Chinese)."""


@dataclass(frozen=True)
class Snapshot:
    files: dict[str, bytes]  # only the files that exist
    version: str  # content digest: equal digests, equal data

    @property
    def complete(self) -> bool:
        return all(name in self.files for name in FILES)


@dataclass(frozen=True)
class Version:
    id: str
    saved_at: str  # ISO time, local
    who: str
    summary: str
    digest: str

    def files(self, folder: str | Path) -> dict[str, bytes]:
        entry = _history(Path(folder)) / self.id
        return {name: (entry / name).read_bytes() for name in FILES if (entry / name).exists()}


def digest(files: dict[str, bytes]) -> str:
    """Same rule as `load.fingerprint`: file names and contents of the data files, in contract order."""
    h = hashlib.sha256()
    for name in FILES:
        if name in files:
            h.update(name.encode())
            h.update(files[name])
    return h.hexdigest()


# --- reading ---------------------------------------------------------------------------------


def read(folder: str | Path) -> Snapshot:
    """The current version, never a mix of two: read under the shared lock, after finishing any
    swap a crash left half done."""
    folder = Path(folder)
    if not _state_usable(folder):
        return _read_files(folder)  # a read-only folder: nobody can be writing it through us
    while True:
        with _locked(folder, "read.lock", fcntl.LOCK_SH):
            if not _journal(folder).exists():
                return _read_files(folder)
        recover(folder)


def _read_files(folder: Path) -> Snapshot:
    files = {}
    for name in FILES:
        with contextlib.suppress(FileNotFoundError):
            files[name] = (folder / name).read_bytes()
    return Snapshot(files, digest(files))


def recover(folder: str | Path) -> bool:
    """Finish a swap a crash interrupted, and clear incomplete history entries. True if it did work."""
    folder = Path(folder)
    if not _state_usable(folder):
        return False
    with _locked(folder, "write.lock", fcntl.LOCK_EX):
        return _recover_locked(folder)


def _recover_locked(folder: Path) -> bool:
    did = False
    journal = _journal(folder)
    if journal.exists():
        try:
            version_id = json.loads(journal.read_text(encoding="utf-8"))["version"]
        except (ValueError, KeyError):
            version_id = None  # the journal is written by rename, so this means a damaged disk
        if version_id and _complete(folder, version_id):
            with _locked(folder, "read.lock", fcntl.LOCK_EX):
                _apply(folder, version_id)
        journal.unlink()
        _fsync_dir(journal.parent)
        did = True
    for entry in _history(folder).glob("*") if _history(folder).exists() else []:
        if entry.is_dir() and not (entry / "meta.json").exists():
            shutil.rmtree(entry, ignore_errors=True)  # a save that died before its commit point
            did = True
    for temp in [*folder.glob(".*.tmp-*"), *(folder / STATE).glob(".*.tmp-*")]:
        temp.unlink(missing_ok=True)  # a copy a crash left before its rename
        did = True
    return did


# --- writing ---------------------------------------------------------------------------------


def save(folder: str | Path, files: dict[str, bytes], who: str, summary: str, base: str | None) -> Version:
    """Make `files` (all three) the current version.

    `base` is the version the editor started from (`Snapshot.version`); if the data changed since,
    nothing is written and ConflictError says so. The version being replaced is kept in history
    (added there first if it never went through a save, e.g. the data as shipped or edited by hand).
    """
    folder = Path(folder)
    missing = [name for name in FILES if name not in files]
    if missing:
        raise ValueError(f"missing files: {missing}")
    _prepare_state(folder)
    with _locked(folder, "write.lock", fcntl.LOCK_EX):
        _recover_locked(folder)
        current = _read_files(folder)
        if base is not None and current.version != base:
            raise ConflictError(
                "保存未执行：在您编辑期间，数据已被其他人修改并保存。为避免覆盖他人的修改，请重新载入最新数据，"
                "在其基础上再做修改。"
            )
        new_digest = digest(files)
        known = {v.digest for v in history(folder)}
        if current.complete and current.version not in known:
            _write_version(folder, current.files, "（保存前的数据）", "此前的数据（未经看板保存，如初始数据或手工修改）")
        version = _write_version(folder, files, who, summary)
        journal = _journal(folder)
        _write_atomic(journal, json.dumps({"version": version.id, "digest": new_digest}).encode())
        with _locked(folder, "read.lock", fcntl.LOCK_EX):
            _apply(folder, version.id)
        journal.unlink()
        _fsync_dir(journal.parent)
        return version


def restore(folder: str | Path, version_id: str, who: str, base: str | None) -> Version:
    """Make an earlier version current again — itself a save, so it can be undone the same way."""
    old = next((v for v in history(folder) if v.id == version_id), None)
    if old is None:
        raise KeyError(version_id)
    return save(folder, old.files(folder), who, f"恢复到 {old.saved_at[:16].replace('T', ' ')} 的版本（{old.summary}）",
                base)


def history(folder: str | Path) -> list[Version]:
    """Every complete saved version, newest first."""
    root = _history(Path(folder))
    if not root.exists():
        return []
    versions = []
    for entry in root.iterdir():
        meta = entry / "meta.json"
        if not meta.exists():
            continue
        try:
            data = json.loads(meta.read_text(encoding="utf-8"))
        except ValueError:
            continue
        versions.append(Version(entry.name, data["saved_at"], data["who"], data["summary"], data["digest"]))
    return sorted(versions, key=lambda v: v.id, reverse=True)


def _write_version(folder: Path, files: dict[str, bytes], who: str, summary: str) -> Version:
    now = dt.datetime.now().astimezone()
    version_id = f"{now:%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex[:6]}"
    entry = _history(folder) / version_id
    entry.mkdir(parents=True)
    for name in FILES:
        _write_synced(entry / name, files[name])
    version = Version(version_id, now.isoformat(timespec="seconds"), who, summary, digest(files))
    meta = {"saved_at": version.saved_at, "who": who, "summary": summary, "digest": version.digest}
    _write_synced(entry / "meta.json", json.dumps(meta, ensure_ascii=False, indent=1).encode("utf-8"))
    _fsync_dir(entry)
    _fsync_dir(entry.parent)
    return version


def _apply(folder: Path, version_id: str) -> None:
    """Copy a history version into place, file by file, each by atomic rename (idempotent)."""
    entry = _history(folder) / version_id
    for name in FILES:
        target = folder / name
        temp = folder / f".{name}.tmp-{uuid.uuid4().hex[:8]}"
        _write_synced(temp, (entry / name).read_bytes())
        os.replace(temp, target)
    _fsync_dir(folder)


def _complete(folder: Path, version_id: str) -> bool:
    entry = _history(folder) / version_id
    return (entry / "meta.json").exists() and all((entry / name).exists() for name in FILES)


# --- files, locks ------------------------------------------------------------------------------


def _history(folder: Path) -> Path:
    return folder / STATE / "history"


def _journal(folder: Path) -> Path:
    return folder / STATE / "journal.json"


def _state_usable(folder: Path) -> bool:
    try:
        _prepare_state(folder)
        return True
    except OSError:
        return False


def _prepare_state(folder: Path) -> None:
    (folder / STATE).mkdir(parents=True, exist_ok=True)


@contextlib.contextmanager
def _locked(folder: Path, name: str, mode: int):
    """flock on a file of our own: held per open file, so it also separates threads of one process."""
    with open(folder / STATE / name, "a+b") as handle:
        fcntl.flock(handle.fileno(), mode)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _write_synced(path: Path, content: bytes) -> None:
    with open(path, "wb") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())


def _write_atomic(path: Path, content: bytes) -> None:
    temp = path.with_name(f".{path.name}.tmp-{uuid.uuid4().hex[:8]}")
    _write_synced(temp, content)
    os.replace(temp, path)
    _fsync_dir(path.parent)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
