"""Column settings for editing the tables in place: numbers as numbers (years without a thousands
comma), fixed choices as drop-downs, ids as text (the checker suggests close matches). Every column
name and every choice comes from `tongxin.schema`."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from tongxin import maintain, schema
from tongxin.display import visible_controls

MAX_ROWS = 20_000  # beyond this the grid is slow in the browser: the template is the better tool

YEAR = dict(min_value=schema.YEAR_MIN, max_value=schema.YEAR_MAX, step=1, format="%d")


def _alias(spec: schema.TableSpec, name: str) -> str:
    return spec.column(name).alias


def columns(table: str) -> dict:
    """`st.data_editor` column settings of a table (a schema table name), keyed by its Chinese headers."""
    cc = st.column_config
    spec = schema.TABLES[table]
    a = lambda name: _alias(spec, name)  # noqa: E731
    if spec is schema.OBSERVATIONS:
        qualifier = a("qualifier")
        return {
            maintain.HELPER_NAME: cc.TextColumn(maintain.HELPER_NAME, disabled=True, help="仅供参考，随指标编号显示"),
            a("period_start"): cc.NumberColumn(a("period_start"), **YEAR, help="原文未说明时留空"),
            a("period_end"): cc.NumberColumn(a("period_end"), **YEAR, required=True),
            a("value"): cc.NumberColumn(a("value"), required=True,
                                        help=f"只填数字；“余”“近”“约”等限定词选在「{qualifier}」列"),
            qualifier: cc.SelectboxColumn(qualifier, options=list(schema.QUALIFIERS),
                                          help="原文的限定词，如 300余条 选“余”，近500件 选“近”；留空表示准确数"),
            a("type"): cc.SelectboxColumn(a("type"), options=list(schema.TYPE_WORDS.values()), required=True),
            a("note"): cc.TextColumn(a("note"), width="large"),
        }
    if spec is schema.INDICATORS:
        return {
            a("kind"): cc.SelectboxColumn(a("kind"), options=list(schema.KIND_WORDS.values()), required=True),
            a("higher_is_better"): cc.SelectboxColumn(a("higher_is_better"), options=list(schema.BOOLEAN_WORDS.values())),
            a("headline"): cc.NumberColumn(a("headline"), min_value=1, step=1, format="%d",
                                           help="总览卡片的顺序，不是重点留空"),
            a("description"): cc.TextColumn(a("description"), width="large"),
        }
    if spec is schema.ORGS:
        return {c.alias: cc.TextColumn(c.alias, required=c.required, help=c.help) for c in spec.columns}
    return {a("title"): cc.TextColumn(a("title"), width="large"), a("url"): cc.TextColumn(a("url"))}


def invisible_cells(tables: dict[str, pd.DataFrame]) -> list[str]:
    """The cells whose text holds an invisible control character such as U+202E: the grid shows text
    as it is (an edit must keep it), so what it shows there may be reordered. Computed once per load."""
    found = []
    for name, frame in tables.items():
        for column in frame.columns:
            values = frame[column]
            if values.dtype != object:
                continue
            for row, value in values.items():
                if isinstance(value, str) and visible_controls(value) != value:
                    found.append(f"{schema.TABLES[name].sheet}表第{row}行「{column}」")
    return found


def warn_invisible(found: list[str]) -> None:
    if found:
        st.warning("以下单元格含有不可见的控制字符（如 U+202E，会让文字显示得前后颠倒），表格中看到的顺序可能不是实际内容："
                   + "、".join(found[:10]) + ("等" if len(found) > 10 else "") + "。")
