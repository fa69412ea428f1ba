"""The loader's public names, kept where callers have always found them (a facade over `tongxin.read`).

What belongs here: nothing new — the reading lives in `tongxin.read` (files → shape → cells →
validate) and the tables in `tongxin.schema`. `TABLES` here are the tables every dataset must have
(indicators, observations, sources); the optional `orgs` table is in `schema.TABLES`.
"""

from __future__ import annotations

from pathlib import Path  # noqa: F401 — callers (bench/export_pack.py) reach Path through here

from .read import fingerprint, last_modified, load_dataset, read_dataset, read_files
from .schema import FORMULA_START, YEAR_MAX, YEAR_MIN, TableSpec, table_for_file
from .schema import REQUIRED_TABLES as TABLES

__all__ = ["FORMULA_START", "TABLES", "YEAR_MAX", "YEAR_MIN", "TableSpec", "fingerprint", "last_modified",
           "load_dataset", "read_dataset", "read_files", "table_for_file"]
