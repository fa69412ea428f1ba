"""Review before saving: every problem (nothing saved), or what would change — then save only when
the editor confirms. An edit that started from an older version than the current one is shown as
such: which of the other editors' changes it would undo, and saving over them is a separate,
explicit choice that names them (issue 10). Long lists show their first rows and a download."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import streamlit as st

from components import text
from components.frame import problems_table
from tongxin import maintain, store
from tongxin.db import StoreFault


def token(*parts: bytes | str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part if isinstance(part, bytes) else part.encode())
    return h.hexdigest()[:16]


def first_seen_base(key: str, head: int | None) -> int | None:
    """The version an input was first reviewed against in this session: its base from then on, so a
    file that was stale stays stale however often it is offered again (a plain CSV carries no base)."""
    bases = st.session_state.setdefault("_tongxin_bases", {})
    return bases.setdefault(key, head)


def remember_base(key: str, version: int | None) -> None:
    """The edit `key` starts from `version` now (an editor's choice), unless it started earlier."""
    st.session_state.setdefault("_tongxin_bases", {}).setdefault(key, version)


def chosen_base(key: str, head: int | None) -> int | None:
    """The base remembered for `key`, else the current version (nothing started yet)."""
    return st.session_state.get("_tongxin_bases", {}).get(key, head)


def proposal_for(key: str, data_store: store.Store, base_id: int | None, head: store.Snapshot,
                 make: Callable[[store.Snapshot | None, list[store.Version]], maintain.Proposal]) -> maintain.Proposal:
    """The proposal of an input, checked once per (base, head) and kept in the session.
    `make(base, theirs)`: build it; `base` is None unless the edit started before the current version."""
    cached = st.session_state.get(f"proposal:{key}")
    if cached is not None and cached[0] == (base_id, head.version):
        return cached[1]
    base, theirs = None, []
    if base_id != head.version:
        theirs = data_store.since(base_id, head.version)
        base = (store.Snapshot(base_id, "", data_store.files(base_id)) if base_id is not None
                else store.Snapshot(None, "", {}))
    with st.spinner("正在检查……"):
        proposal = make(base, theirs)
    st.session_state[f"proposal:{key}"] = ((base_id, head.version), proposal)
    return proposal


def forget_base(key: str) -> None:
    """Forget the version an input started from: after its own save, offering it again is a new edit
    of the then-current version (a statistics table carries no version of its own)."""
    st.session_state.get("_tongxin_bases", {}).pop(key, None)


def forget(key: str) -> None:
    """Drop a proposal's review state. Its base stays remembered (first_seen_base): the same input
    offered again later is still an edit of that version."""
    for prefix in ("proposal:", "conflict:", "overwrite:"):
        st.session_state.pop(prefix + key, None)


def review(proposal: maintain.Proposal, data_store: store.Store, who: str, key: str, *,
           summary: str | None = None, confirm: str = "确认保存", restore: store.Version | None = None,
           discard: Callable[[], None] | None = None, discard_label: str = "放弃我的文件，重新开始",
           origin: str = "save") -> store.Saved | None:
    """Draw the review of a proposal; save on confirmation and return what was saved.

    `restore`: the review is of restoring this version (saved as its exact files). `discard`: how to
    drop the editor's input (offered when the input is stale). `origin`: how the history names the
    save (`store.ORIGINS`: "save", "import")."""
    if message := st.session_state.pop(f"conflict:{key}", None):
        st.error(text.md(message))
    if not proposal.ok:
        problems(proposal)
        return None
    notices(proposal.problems, key)
    for warning in (p for p in proposal.problems if p.severity == "warning"):
        st.warning(text.md(str(warning)))
    if proposal.warning_count > len([p for p in proposal.problems if p.severity == "warning"]):
        st.caption(f"共 {proposal.warning_count} 条提醒，完整清单见下载。")
    if proposal.notice_count > len([p for p in proposal.problems if p.severity == "notice"]):
        st.caption(f"读取说明共 {proposal.notice_count} 条，完整清单见下载。")
    if proposal.stale and proposal.overwrites:
        return _conflict(proposal, data_store, who, key, summary, restore, discard, discard_label, origin)
    if proposal.stale:
        st.info(f"在您开始修改之后，{text.md(proposal.who_else)}保存了新的数据；您的修改不会撤销他们的修改，"
                "下面是与现在的数据相比将要发生的变化。")
    if not proposal.change_count:
        st.info("与当前数据相比没有任何变化，无需保存。")
        return None
    st.markdown(f"**将要保存的变化：{text.md(proposal.summary)}**")
    _list(maintain.changes_table(proposal.changes), proposal.change_count, proposal.full.get("changes"),
          "变化清单", key)
    if st.button(confirm, type="primary", key=f"save:{key}"):
        return _save(proposal, data_store, who, key, summary, restore, origin=origin)
    return None


def notices(found: list, key: str, title: str = "读取说明") -> None:
    """How the files were read (title rows skipped, 合计 rows set aside …): collapsed, counted, each
    with file, sheet, row and column — nothing to do, but never silent (DATA_SPEC v2)."""
    shown = [p for p in found if p.severity == "notice"]
    if not shown:
        return
    with st.expander(f"{title}（{len(shown)} 条：文件的写法与标准格式不同之处，已按下表读取，一般无需处理）"):
        table = problems_table(shown).drop(columns=["怎么改", "级别"]).rename(columns={"问题": "怎么读的"})
        st.markdown(text.markdown_table(table))


def problems(proposal: maintain.Proposal, intro: str | None = None) -> None:
    """The problem list of a refused input: counts, the first rows, the full list to download."""
    st.error(intro or f"发现 {proposal.error_count} 处问题，数据没有保存，现有数据不受影响。请按下表修改后重新上传或检查。")
    table = problems_table(proposal.problems)
    if proposal.warning_count == 0 and proposal.notice_count == 0:
        table = table.drop(columns=["级别"])  # all errors: the column says nothing
    _list(table, proposal.error_count + proposal.warning_count + proposal.notice_count, proposal.full.get("problems"),
          "问题清单",
          token(*(str(p) for p in proposal.problems[:5])))


# The short first columns of a list of changes (变化, 表) on one line, not one character per line
_NOWRAP = ("<style>[class*=st-key-tx-changes] table td:nth-child(-n+2),"
           "[class*=st-key-tx-changes] table th:nth-child(-n+2){white-space:nowrap}</style>")


def _list(table, total: int, full: str | None, title: str, key: str) -> None:
    if list(table.columns[:2]) == ["变化", "表"]:
        st.html(_NOWRAP)
        st.container(key=f"tx-changes-{token(title, key)}").markdown(text.markdown_table(table))
    else:
        st.markdown(text.markdown_table(table))
    if total > len(table):
        st.caption(f"共 {total} 处，上表列出前 {len(table)} 处；完整清单可下载后用 Excel 查看。")
    if full:
        zipped = full.endswith(".zip")
        st.download_button(f"下载完整{title}（" + ("ZIP 压缩包，内含 CSV" if zipped else "CSV") + "，Excel 可打开）",
                           data=lambda: Path(full).read_bytes(), file_name=Path(full).name,
                           mime="application/zip" if zipped else "text/csv", key=f"full:{title}:{key}")


def _conflict(proposal, data_store, who, key, summary, restore, discard, discard_label, origin) -> store.Saved | None:
    others = text.md(proposal.who_else)
    latest = proposal.theirs[-1] if proposal.theirs else None
    started = f"第 {proposal.base} 版" if proposal.base is not None else "以前的数据"
    st.error(f"**这个修改没有保存**。您是在{started}的基础上修改的；在那之后，{others}保存了新的数据"
             + (f"（最近一次：{text.md(latest.label)}）" if latest else "") + "。")
    undo = sum(1 for o in proposal.overwrites if o.undo) if proposal.overwrite_count <= len(proposal.overwrites) else None
    st.markdown(f"**如果按您的文件保存，会撤销{others}的以下 {proposal.overwrite_count} 处修改：**"
                + ("（“覆盖”表示您和对方都改了同一处）" if undo is None or undo < proposal.overwrite_count else ""))
    _list(maintain.overwrites_table(proposal.overwrites, proposal.who_else), proposal.overwrite_count,
          proposal.full.get("overwrites"), "会撤销的他人修改", key)
    merged = proposal.merged
    if merged is not None and merged.count:
        st.markdown(f"**您自己的修改**（{merged.count} 处）可以保存在最新的数据上，同时保留{others}的修改：")
        _list(maintain.changes_table(merged.changes), merged.count, None, "我的修改", key)
        if st.button(f"只保存我自己的修改（保留{others}的修改）", type="primary", key=f"save_mine:{key}"):
            kept = f"在最新数据上保存（保留{proposal.who_else}的修改）"
            return _save(proposal, data_store, who, key, f"{summary}，{kept}" if summary else kept, None,
                         files=merged.files, line=merged.summary, origin=origin)
    elif merged is not None and merged.problem:
        st.caption(f"不能把您的修改直接放到最新的数据上：{text.md(merged.problem)}")
    elif merged is not None:
        st.caption("除了上面这些，您的文件与现在的数据相比没有别的修改。")
    st.markdown("也可以放弃这个文件：下载最新的数据模板（其中已有他们的修改），把您的修改重新填进去再上传。")
    if discard is not None and st.button(discard_label, key=f"discard:{key}"):
        discard()
    names = "、".join(o.what for o in proposal.overwrites[:3]) + ("等" if proposal.overwrite_count > 3 else "")
    agreed = st.checkbox(f"我已核对：用我的文件保存，撤销{others}的上述 {proposal.overwrite_count} 处修改"
                         f"（{text.md(names)}）", key=f"overwrite:{key}")
    if st.button(f"撤销{others}的修改并保存", key=f"save_over:{key}", disabled=not agreed):
        line = f"撤销了{proposal.who_else}的 {proposal.overwrite_count} 处修改"
        return _save(proposal, data_store, who, key, f"{summary}（{line}）" if summary else line, restore, origin=origin)
    return None


def _save(proposal, data_store, who, key, summary, restore, files=None, line=None, origin="save") -> store.Saved | None:
    """Save against the version the review was checked against: if it moved meanwhile, the store
    refuses and the next run reviews the input again against the new version."""
    try:
        if restore is not None and files is None:
            return data_store.restore(restore.id, who, proposal.head)
        line = line or proposal.summary
        return data_store.save(files or proposal.files, who, f"{summary}：{line}" if summary else line, proposal.head,
                               origin=origin)
    except store.ConflictError as conflict:
        st.session_state[f"conflict:{key}"] = str(conflict)
        remember_base(key, proposal.head)  # from now on an edit of what the editor reviewed: shown as stale
        st.rerun()
    except StoreFault as fault:
        st.error(text.md(fault.message))
    return None
