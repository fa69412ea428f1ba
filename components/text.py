"""Data text shown through Markdown stays text: no links, emphasis, maths or HTML from the data.

Tables of figures are Markdown tables: they use the Markdown renderer every page already loads,
where st.table/st.dataframe pull in ~750 KB of Arrow code and cost ~0.4 s of first paint on the
machines this runs on (bench/page_load.py)."""

from __future__ import annotations

import re

import pandas as pd

from tongxin.display import visible_controls

# Everything Markdown (and Streamlit's $…$ maths, :emoji: shortcodes) could read as syntax.
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~<$:&])")


def escape_markdown(text) -> str:
    """Backslash-escape Markdown syntax; line breaks become spaces (a table cell is one line);
    invisible direction overrides become visible [U+202E]."""
    flat = " ".join(visible_controls(text).split())
    return _MARKDOWN.sub(r"\\\1", flat)


md = escape_markdown  # the short name the pages use around data text


def markdown_table(table: pd.DataFrame) -> str:
    header = "| " + " | ".join(escape_markdown(c) for c in table.columns) + " |"
    rule = "|" + "|".join(" --- " for _ in table.columns) + "|"
    rows = ["| " + " | ".join(escape_markdown("" if pd.isna(v) else v) for v in row) + " |"
            for row in table.itertuples(index=False)]
    return "\n".join([header, rule, *rows])
