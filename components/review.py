"""Review before saving: every problem (nothing saved), or what would change — then save only when
the editor confirms, refusing if someone else saved in between."""

from __future__ import annotations

import hashlib

import streamlit as st

from components import text
from components.frame import problems_table
from tongxin import maintain, store


def token(*parts: bytes | str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part if isinstance(part, bytes) else part.encode())
    return h.hexdigest()[:16]


def review(proposal: maintain.Proposal, folder, who: str, key: str, files: dict[str, bytes] | None = None,
           summary: str | None = None, confirm: str = "确认保存") -> store.Version | None:
    """Draw the review of a proposal; save on confirmation. `key` names this proposal: the version it
    was first checked against is remembered under it, so a save in between is caught as a conflict.
    A restore passes the old version's exact `files` and its own `summary`."""
    if not proposal.ok:
        errors = [p for p in proposal.problems if p.severity == "error"]
        st.error(f"发现 {len(errors)} 处问题，数据没有保存，现有数据不受影响。请按下表修改后重新上传或检查。")
        table = problems_table(proposal.problems)
        if len(errors) == len(proposal.problems):
            table = table.drop(columns=["级别"])  # all errors: the column says nothing
        st.markdown(text.markdown_table(table))
        return None
    for warning in (p for p in proposal.problems if p.severity == "warning"):
        st.warning(text.md(str(warning)))
    if not proposal.changes:
        st.info("与当前数据相比没有任何变化，无需保存。")
        return None
    base = st.session_state.setdefault(f"base:{key}", proposal.base)
    st.markdown(f"**将要保存的变化：{proposal.summary}**")
    st.markdown(text.markdown_table(maintain.changes_table(proposal.changes)))
    if st.button(confirm, type="primary", key=f"save:{key}"):
        try:
            line = f"{summary}：{proposal.summary}" if summary else proposal.summary
            version = store.save(folder, files or proposal.files, who, line, base)
        except store.ConflictError as conflict:
            st.error(str(conflict))
            st.session_state[f"conflict:{key}"] = True
            return None
        st.session_state.pop(f"base:{key}", None)
        return version
    return None


def forget(key: str) -> None:
    st.session_state.pop(f"base:{key}", None)
    st.session_state.pop(f"conflict:{key}", None)


def had_conflict(key: str) -> bool:
    return bool(st.session_state.get(f"conflict:{key}"))
