"""Column settings for editing the three tables in place: numbers as numbers (years without a
thousands comma), fixed choices as drop-downs, ids as text (the checker suggests close matches)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from tongxin import load, maintain
from tongxin.display import visible_controls

MAX_ROWS = 20_000  # beyond this the grid is slow in the browser: the template is the better tool

YEAR = dict(min_value=load.YEAR_MIN, max_value=load.YEAR_MAX, step=1, format="%d")


def columns(table: str) -> dict:
    cc = st.column_config
    if table == "observations":
        return {
            maintain.HELPER_NAME: cc.TextColumn(maintain.HELPER_NAME, disabled=True, help="仅供参考，随指标编号显示"),
            "起始年份": cc.NumberColumn("起始年份", **YEAR, help="原文未说明时留空"),
            "截止年份": cc.NumberColumn("截止年份", **YEAR, required=True),
            "数值": cc.NumberColumn("数值", required=True, help="只填数字；“余”“近”“约”填在「限定」列"),
            "限定": cc.SelectboxColumn("限定", options=["", "余", "近", "约"], help="留空表示准确数"),
            "性质": cc.SelectboxColumn("性质", options=["实际", "目标"], required=True),
            "备注": cc.TextColumn("备注", width="large"),
        }
    if table == "indicators":
        return {
            "类型": cc.SelectboxColumn("类型", options=["比率", "数量", "金额"], required=True),
            "越高越好": cc.SelectboxColumn("越高越好", options=["是", "否"]),
            "重点": cc.NumberColumn("重点", min_value=1, step=1, format="%d", help="总览卡片的顺序，不是重点留空"),
            "说明": cc.TextColumn("说明", width="large"),
        }
    return {"标题": cc.TextColumn("标题", width="large"), "链接": cc.TextColumn("链接")}


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
                    found.append(f"{load.TABLES[name].sheet}表第{row}行「{column}」")
    return found


def warn_invisible(found: list[str]) -> None:
    if found:
        st.warning("以下单元格含有不可见的控制字符（如 U+202E，会让文字显示得前后颠倒），表格中看到的顺序可能不是实际内容："
                   + "、".join(found[:10]) + ("等" if len(found) > 10 else "") + "。")
