"""The editor sign-in gate. Accounts come from .streamlit/secrets.toml; checking lives in tongxin.auth,
and failed attempts are counted in the store's database — nothing security-relevant sits in a
Streamlit cache, which any visitor can clear (issue 10)."""

from __future__ import annotations

import streamlit as st

from tongxin import auth, store

_EDITOR = "_tongxin_editor"


def _accounts() -> dict[str, auth.Account]:
    try:
        return auth.accounts_from(st.secrets.to_dict())
    except Exception:  # no secrets file at all: no editors configured
        return {}


def signed_in() -> auth.Account | None:
    """The editor signed in in this session, if any (no form drawn)."""
    return st.session_state.get(_EDITOR)


def editor(data_store: store.Store) -> auth.Account | None:
    """The signed-in editor, or None after drawing the sign-in form (viewers see nothing else)."""
    accounts = _accounts()
    account = st.session_state.get(_EDITOR)
    if account is not None:
        if accounts.get(account.username) == account:
            return account
        st.session_state.pop(_EDITOR, None)  # the account was removed or its password changed
    if not accounts:
        st.info("还没有配置编辑账号，数据只能查看。管理员可用 `python -m tongxin hash-password` 生成账号，"
                "写入服务器上的 `.streamlit/secrets.toml`（格式见 `.streamlit/secrets.toml.example`）。")
        return None
    st.info("修改数据需要编辑账号。请登录；只查看数据不需要登录。")
    with st.form("sign_in", clear_on_submit=False):
        username = st.text_input("用户名", key="sign_in_user")
        password = st.text_input("密码", type="password", key="sign_in_password")
        submitted = st.form_submit_button("登录", type="primary")
    if submitted:
        result = auth.sign_in(data_store, accounts, username, password, client=_client())
        if result.ok:
            st.session_state[_EDITOR] = result.account
            st.rerun()
        st.error(result.message)
    return None


def _client() -> str:
    """The browser's address for the sign-in log; behind a reverse proxy, with its X-Forwarded-For."""
    try:
        address = st.context.ip_address
        forwarded = st.context.headers.get("X-Forwarded-For")
    except Exception:  # noqa: BLE001 — no request context (a bare run): the log says "unknown address"
        return ""
    address = address if isinstance(address, str) else ""
    return address + (f" (X-Forwarded-For: {forwarded[:200]})" if isinstance(forwarded, str) and forwarded else "")


def sign_out_button(account: auth.Account) -> None:
    left, right = st.columns([4, 1])
    left.caption(f"已登录：{account.name}（{account.username}）")
    if right.button("退出登录", key="sign_out"):
        st.session_state.pop(_EDITOR, None)
        st.rerun()
