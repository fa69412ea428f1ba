"""Where the app's dataset comes from, cached here and only here (DESIGN house rule 1)."""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from tongxin import load

PROJECT = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    """The data folder: $TONGXIN_DATA_DIR, else the project's data/."""
    configured = os.environ.get("TONGXIN_DATA_DIR", "").strip()
    return Path(configured).expanduser().resolve() if configured else PROJECT / "data"


@st.cache_resource(max_entries=8, show_spinner=False)
def _read(path: str, fingerprint: str):
    # Keyed on the files' content, so a saved change is picked up on the next run
    # while unchanged data is parsed once for all sessions.
    return load.read_dataset(path)


def current():
    """(dataset or None, problems, fingerprint) for the configured data folder."""
    path = data_dir()
    fingerprint = load.fingerprint(path)
    dataset, problems = _read(str(path), fingerprint)
    return dataset, problems, fingerprint
