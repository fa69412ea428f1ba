"""Entrypoint: page setup, the shared frame (sidebar), and navigation over pages/."""

import streamlit as st

from components import frame

frame.configure_page()
navigation = st.navigation(
    [
        st.Page("pages/overview.py", title="总览", default=True),
        st.Page("pages/rates.py", title="三率趋势"),
        st.Page("pages/activities.py", title="四高成效"),
        st.Page("pages/sources.py", title="数据与来源"),
    ]
)
frame.build()
navigation.run()
