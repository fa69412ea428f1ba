"""Where the app's dataset comes from, cached here and only here (DESIGN house rule 1).

Every run asks `maintain.sync` what to show — the store's current version, after taking in files
changed by hand on the server — and parses each version once for all sessions (cached on its
content digest). Nothing here stops a page: when the disk, the folder or the database fails, viewers
keep the last good version and `Loaded.fault` carries the message for editors. The last good version
is kept at module level, not in a Streamlit cache, so clearing the caches cannot take it away.
"""

from __future__ import annotations

import functools
import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from tongxin import load, maintain, store
from tongxin.db import StoreFault
from tongxin.model import Dataset, Problem

PROJECT = Path(__file__).resolve().parent.parent
_log = logging.getLogger("tongxin")


def data_dir() -> Path:
    """The data folder: $TONGXIN_DATA_DIR, else the project's data/."""
    return _resolved(os.environ.get("TONGXIN_DATA_DIR", "").strip())


@functools.lru_cache(maxsize=8)
def _resolved(configured: str) -> Path:
    # resolve() walks the file system; once per setting, not on every run of every session
    return Path(configured).expanduser().resolve() if configured else PROJECT / "data"


def data_store() -> store.Store | None:
    """The store of the data folder, or None when the data is one XLSX workbook (read-only here)."""
    path = data_dir()
    return None if path.is_file() else store.open(path)


@st.cache_resource(max_entries=8, show_spinner=False)
def _parse(where: str, digest: str, _files):
    """A version's data files → (dataset or None, problems), once per content for all sessions
    (a large version parsed in a child process: the server keeps only the finished dataset)."""
    return maintain.read_isolated(_files(), where=where)


@st.cache_resource(max_entries=4, show_spinner=False)
def _parse_path(path: str, fingerprint: str):
    return load.read_dataset(path)


@dataclass(frozen=True)
class Loaded:
    """What the pages show. `dataset` None: nothing valid to show (`problems` say why).
    `version`: the store's version shown (None: the folder's files without a store version).
    `fault`: a disk, folder or database fault (for editors). `rejected`: a hand edit on the
    server that was not taken in. `outdated`: the dataset is the last good one, kept through a fault."""

    dataset: Dataset | None
    problems: list[Problem]
    fingerprint: str
    version: store.Version | None = None
    fault: StoreFault | None = None
    rejected: maintain.Rejected | None = None
    outdated: bool = False


_last_good: dict[str, Loaded] = {}
_last_good_lock = threading.Lock()


def current() -> Loaded:
    """The dataset to show, for the configured data folder (or workbook)."""
    path = data_dir()
    if path.is_file() or not path.exists():
        fingerprint = load.fingerprint(path)
        dataset, problems = _parse_path(str(path), fingerprint)
        return Loaded(dataset, problems, fingerprint)
    where = str(path)
    try:
        now = maintain.sync(data_store(), lambda digest, files: _parse(where, digest, files))
    except Exception:  # a bug, not a fault: keep showing what we had, and say so in the log
        _log.exception("reading the data folder failed")
        now = maintain.Current(None, None, dict, fault=StoreFault("io", "读取数据时出现意外错误，已记录在服务器日志中。"))
    if now.digest is None:
        if now.fault is None:  # no data files: perhaps a folder holding one workbook
            fingerprint = load.fingerprint(path)
            dataset, problems = _parse_path(where, fingerprint)
            return Loaded(dataset, problems, fingerprint)
        return _fallback(where, now, [Problem("数据文件夹", now.fault.message)])
    dataset, problems = _parse(where, now.digest, now.files)
    loaded = Loaded(dataset, problems, now.digest, now.version, now.fault, now.rejected)
    if dataset is None:
        return _fallback(where, now, problems) if now.fault or now.rejected else loaded
    with _last_good_lock:
        _last_good[where] = loaded
    return loaded


def _fallback(where: str, now: maintain.Current, problems: list[Problem]) -> Loaded:
    with _last_good_lock:
        good = _last_good.get(where)
    if good is None:
        return Loaded(None, problems, now.digest or "", now.version, now.fault, now.rejected)
    return Loaded(good.dataset, good.problems, good.fingerprint, good.version, now.fault, now.rejected, outdated=True)


@st.cache_resource(max_entries=2, show_spinner=False)
def _files_of(folder: str, version_id: int, _st) -> dict[str, bytes]:
    return _st.files(version_id)


def no_version_yet(fault: StoreFault) -> bool:
    """`fault` is the data folder's (a folder or a link loop where a file should be) and the store
    has no version yet: nothing to restore, but complete files can still be saved."""
    if fault.kind not in ("not_a_file", "link_loop"):
        return False
    try:
        return data_store().head() is None
    except StoreFault:
        return False


def snapshot(version: store.Version | None = None) -> store.Snapshot:
    """A version's content (default: the current one) — what an edit starts from.
    Raises StoreFault when the store cannot be read."""
    st_ = data_store()
    version = version or st_.head()
    if version is None:
        return st_.read()
    return store.Snapshot(version.id, version.digest, _files_of(str(st_.folder), version.id, st_))
