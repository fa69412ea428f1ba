"""Vectorised tests on a whole column of cells — what lets a million-row table be checked without a
Python loop per cell.

What belongs here: a handful of column primitives (is it blank, does it fully match a pattern, does
it contain one, as numbers) that run in Arrow's compute kernels (RE2 regular expressions) when the
column is Arrow-backed text — as pandas reads every CSV cell here — and fall back to pandas/Python
for workbook columns of mixed cells. Patterns are written in the syntax both RE2 and Python accept
(no \\s, \\d, \\w, look-arounds); the cell-by-cell meaning of each test lives in `cells`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

try:  # pyarrow comes with pandas' Arrow strings (and with streamlit); without it pandas does the work
    import pyarrow as pa
    import pyarrow.compute as pc
except ImportError:  # pragma: no cover — the stack always has it
    pa = pc = None


def is_text(s: pd.Series) -> bool:
    """A column of text as pandas reads a CSV (every cell a string), not a workbook's mixed cells."""
    return pd.api.types.is_string_dtype(s.dtype) and s.dtype != object


def _arrow(s: pd.Series):
    if pc is None or not is_text(s):
        return None
    try:
        return s.array.__arrow_array__()
    except (AttributeError, TypeError):
        return None


def _bools(result) -> np.ndarray:
    return np.asarray(pc.fill_null(result, False).to_numpy(zero_copy_only=False), dtype=bool).copy()


def fullmatch(s: pd.Series, pattern: str) -> np.ndarray:
    """True where the whole cell matches `pattern` (RE2/Python common syntax); False for blanks/NA."""
    arr = _arrow(s)
    if arr is not None:
        return _bools(pc.match_substring_regex(arr, f"^(?:{pattern})$"))
    return s.astype(str).str.fullmatch(pattern).to_numpy(dtype=bool, na_value=False).copy()


def contains(s: pd.Series, pattern: str) -> np.ndarray:
    """True where `pattern` occurs somewhere in the cell."""
    arr = _arrow(s)
    if arr is not None:
        return _bools(pc.match_substring_regex(arr, pattern))
    return s.astype(str).str.contains(pattern, regex=True).to_numpy(dtype=bool, na_value=False).copy()


def equals(s: pd.Series, value: str) -> np.ndarray:
    arr = _arrow(s)
    if arr is not None:
        return _bools(pc.equal(arr, value))
    return (s == value).to_numpy(dtype=bool, na_value=False).copy()


def shorter_than(s: pd.Series, length: int) -> np.ndarray:
    arr = _arrow(s)
    if arr is not None:
        return _bools(pc.less(pc.utf8_length(arr), length))
    return (s.astype(str).str.len() < length).to_numpy(dtype=bool, na_value=False).copy()


def is_in(s: pd.Series, values) -> np.ndarray:
    arr = _arrow(s)
    if arr is not None:
        return _bools(pc.is_in(arr, value_set=pa.array(list(values), type=pa.string())))
    return s.isin(list(values)).to_numpy(dtype=bool).copy()


def numbers(s: pd.Series, mask: np.ndarray) -> np.ndarray:
    """The cells under `mask` (already known to be plain decimal digits) as floats, NaN elsewhere."""
    out = np.full(len(s), np.nan)
    if not mask.any():
        return out
    arr = _arrow(s)
    if arr is not None:
        picked = pc.filter(arr, pa.array(mask))
        out[mask] = pc.cast(picked, pa.float64()).to_numpy(zero_copy_only=False)
    else:
        out[mask] = pd.to_numeric(s[mask]).to_numpy(dtype=float)
    return out


def values(s: pd.Series) -> list:
    """The cells as Python objects (str for a text column)."""
    return s.tolist()
