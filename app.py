"""Entrypoint: page setup, the shared frame (sidebar), and navigation over pages/."""

import streamlit as st

from components import frame

frame.configure_page()
navigation = st.navigation(
    [
        st.Page("pages/overview.py", title="总览", icon="🏠", default=True),
    ]
)
frame.build()
navigation.run()
