"""Column settings for editing the three tables in place: numbers as numbers (years without a
thousands comma), fixed choices as drop-downs, ids as text (the checker suggests close matches)."""

from __future__ import annotations

import streamlit as st

from tongxin import load, maintain

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
