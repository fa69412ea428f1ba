"""Shared by the benchmarks: servers and Chromium (from tests/server.py), summarising timings."""

from __future__ import annotations

import statistics

from tests.server import CHROMIUM, CHROMIUM_ARGS, Server  # noqa: F401 (re-exported for the benches)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def summary(values: list[float]) -> dict:
    return {"n": len(values), "median": statistics.median(values), "p95": percentile(values, 0.95)}
