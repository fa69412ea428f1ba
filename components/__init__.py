"""Streamlit UI pieces shared by pages. May import streamlit and tongxin; holds no domain logic."""
