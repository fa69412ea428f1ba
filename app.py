"""Entrypoint: page setup, the shared frame (sidebar), and navigation over screens/.

The screens live in screens/, not pages/: Streamlit treats a pages/ folder as the old file-name
navigation and shows it to the first visitor after a restart, before st.navigation takes over.
"""

import logging

import streamlit as st

from components import frame, heap, peers

frame.log_to_stderr()
frame.configure_page()
navigation = st.navigation(
    [
        st.Page("screens/overview.py", title="总览", default=True),
        st.Page("screens/rates.py", title="三率趋势"),
        st.Page("screens/activities.py", title="四高成效"),
        *([st.Page("screens/compare.py", title="各单位对比")] if peers.many_orgs() else []),
        st.Page("screens/sources.py", title="数据与来源"),
        st.Page("screens/export.py", title="导出会议材料"),
        st.Page("screens/manage.py", title="数据维护", url_path="manage"),
    ]
)


def run_page() -> None:
    try:
        frame.build(navigation.url_path)
    except Exception:
        if navigation.url_path not in frame.OPEN_WHEN_INVALID:
            raise
        # 数据维护 opens whatever happened before it, so an editor can still restore
        logging.getLogger("tongxin").exception("the frame failed before page %s", navigation.url_path)
        frame.without_data()
    navigation.run()


# Everything before the page (the frame: reading the data, the sidebar) is inside the error handling.
try:
    run_page()
except Exception:  # st.stop/st.rerun are BaseException and pass through; a real error lands here
    logging.getLogger("tongxin").exception("page %s failed", navigation.url_path or "overview")
    st.error("抱歉，本页出现了意外错误，已记录在服务器日志中。请刷新页面重试；如果反复出现，请联系管理员。")
heap.freeze_once()
