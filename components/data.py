"""Where the app's dataset comes from, cached here and only here (DESIGN house rule 1).

Read through `tongxin.store`, so a page never sees half of a save; cached on the files' content,
so a saved change shows on the next run while unchanged data is parsed once for all sessions.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

import streamlit as st

from tongxin import load, store

PROJECT = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    """The data folder: $TONGXIN_DATA_DIR, else the project's data/."""
    return _resolved(os.environ.get("TONGXIN_DATA_DIR", "").strip())


@functools.lru_cache(maxsize=8)
def _resolved(configured: str) -> Path:
    # resolve() walks the file system; once per setting, not on every run of every session
    return Path(configured).expanduser().resolve() if configured else PROJECT / "data"


@st.cache_resource(max_entries=8, show_spinner=False)
def _parse(path: str, fingerprint: str, _files: dict[str, bytes] | None):
    if not _files:  # a workbook, or a folder holding one workbook instead of the three CSVs
        return load.read_dataset(path)
    return load.read_files(_files, where=path)


def snapshot() -> store.Snapshot | None:
    """The current files (a folder) or None (the data is one XLSX workbook: read-only here)."""
    path = data_dir()
    return store.read(path) if path.is_dir() else None


def current():
    """(dataset or None, problems, fingerprint) for the configured data."""
    path = data_dir()
    snap = snapshot()
    if snap is None or not snap.files:
        fingerprint = load.fingerprint(path)
        dataset, problems = _parse(str(path), fingerprint, None)
    else:
        fingerprint = snap.version
        dataset, problems = _parse(str(path), fingerprint, snap.files)
    return dataset, problems, fingerprint
