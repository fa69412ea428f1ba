"""Freeze the long-lived heap once, after the first page run of the server process.

Streamlit's full collection after every run is off (`runner.postScriptGC`, bench/RESULTS.md);
Python's own generation-2 collections still walk every object alive — Streamlit, Plotly's
validators, pandas, the parsed dataset — and took 60–100 ms each, landing inside a page run
about once in ten filter changes (the tail of redraw in bench/page_load.py). What exists after
the first run lives as long as the server, so it is collected once and then left out of later
collections (`gc.freeze`, as CPython documents for long-lived servers).
"""

from __future__ import annotations

import gc
import threading

_done = threading.Event()
_lock = threading.Lock()


def freeze_once() -> None:
    if _done.is_set():
        return
    with _lock:
        if not _done.is_set():
            gc.collect()
            gc.freeze()
            _done.set()
