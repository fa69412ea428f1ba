"""Data text shown through Markdown stays text: no links, emphasis, maths or HTML from the data.

Tables of figures are Markdown tables: they use the Markdown renderer every page already loads,
where st.table/st.dataframe pull in ~750 KB of Arrow code and cost ~0.4 s of first paint on the
machines this runs on (bench/page_load.py)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pandas as pd
import streamlit as st

from tongxin.display import visible_controls
from tongxin.maintain import HIGHLIGHT

# Everything Markdown (and Streamlit's $…$ maths, :emoji: shortcodes) could read as syntax.
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~<$:&])")


def escape_markdown(text) -> str:
    """Backslash-escape Markdown syntax; line breaks become spaces (a table cell is one line);
    invisible direction overrides become visible [U+202E]."""
    flat = " ".join(visible_controls(text).split())
    return _MARKDOWN.sub(r"\\\1", flat)


md = escape_markdown  # the short name the pages use around data text


def marked(text) -> str:
    """Data text, escaped, with the changed part of a long text (`maintain.excerpts`) highlighted."""
    escaped = escape_markdown(text)
    if escaped.count(HIGHLIGHT[0]) != escaped.count(HIGHLIGHT[1]):
        return escaped  # not our marks: shown as they are
    return escaped.replace(HIGHLIGHT[0], ":orange-background[").replace(HIGHLIGHT[1], "]")


def markdown_table(table: pd.DataFrame) -> str:
    header = "| " + " | ".join(escape_markdown(c) for c in table.columns) + " |"
    rule = "|" + "|".join(" --- " for _ in table.columns) + "|"
    rows = ["| " + " | ".join(marked("" if pd.isna(v) else v) for v in row) + " |"
            for row in table.itertuples(index=False)]
    return "\n".join([header, rule, *rows])


def widget_text(value) -> str:
    """Data text inside Streamlit's own widgets (selectbox options, labels): those show text as it is,
    so an invisible direction override would reorder it there — made visible as [U+202E]."""
    return visible_controls(value)


# Streamlit's list of chosen files ("file chips") shows names as they are; CSS cannot undo a U+202E
# inside a name (unicode-bidi overrides do not reach explicit embeddings: checked in Chromium).
_HIDE_FILE_CHIPS = "<style>[data-testid=stFileUploader] [data-testid=stFileChips]{display:none}</style>"


def file_list(files: dict[str, bytes], clear: Callable[[], None] | None = None) -> None:
    """The chosen files by name and size. Where a name holds an invisible control character, the
    uploader's own list is hidden and this one shows the character ([U+202E]), with a way to clear."""
    hostile = any(widget_text(name) != name for name in files)
    if hostile:
        st.html(_HIDE_FILE_CHIPS)
        st.warning("所选文件的文件名中含有不可见的控制字符（如 [U+202E]，会让文件名显示得前后颠倒），已在下面标出。"
                   "请确认文件来源可靠。")
    sizes = "、".join(f"{escape_markdown(name)}（{size(len(data))}）" for name, data in files.items())
    st.caption(f"已选择 {len(files)} 个文件：{sizes}")
    if hostile and clear is not None and st.button("清除所选文件", key="clear_files"):
        clear()


def size(count: int) -> str:
    """A file size as the uploader shows it: 6 KB, 1.2 MB."""
    return f"{count / 1024 / 1024:.1f} MB" if count >= 1024 * 1024 else f"{max(1, round(count / 1024))} KB"
