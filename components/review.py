"""Review before saving: every problem (nothing saved), or what would change — then save only when
the editor confirms. An edit that started from an older version than the current one is shown as
such: which of the other editors' changes it would undo, and saving over them is a separate,
explicit choice that names them (issue 10). Long lists show their first rows and a download."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
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
                 make: Callable[..., maintain.Proposal], infer: bool = False) -> maintain.Proposal:
    """The proposal of an input, checked once per (base, head) and kept in the session.
    `make(base, theirs, recent)`: build it; `base` is None unless the edit started before the current
    version. `infer`: the input carries no version of its own (a plain CSV, a statistics table) —
    `recent` then holds the latest versions, so an input that still has records from before someone's
    save is checked against that older version (`maintain.started_from`), whatever this session saw."""
    cached = st.session_state.get(f"proposal:{key}")
    if cached is not None and cached[0] == (base_id, head.version):
        return cached[1]
    base, theirs = None, []
    if base_id != head.version:
        theirs = data_store.since(base_id, head.version)
        base = (store.Snapshot(base_id, "", data_store.files(base_id)) if base_id is not None
                else store.Snapshot(None, "", {}))
    with st.spinner("正在检查……"):
        recent = maintain.recent_versions(data_store, head.version) if infer else None
        proposal = make(base, theirs, recent)
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


@dataclass(frozen=True)
class Wording:
    """How a review speaks of one kind of edit (t10 finding 9: the words of an upload were used for a
    restore and an in-place edit). `{base}`: 第 N 版; `{others}`: who saved since; `{target}`: the
    version a restore brings back."""

    started: str  # where the edit began
    inferred: str  # the same, found from the content (`Proposal.inferred`); `{n}`: records from before
    would: str  # "如果按您的文件保存"
    mine: str  # the edit's own changes
    keep_mine: str  # the button saving only those on top of the newest data
    start_again: str  # how to start again instead ("" none)
    agree: str  # the checkbox's verb
    over: str  # the save-over button
    verb: str  # what did not happen when the store refused: 保存 / 恢复 / 采用
    after: str  # the column of what the edit would leave


WORDING = {
    "file": Wording("您上传的文件是在{base}的数据上修改的",
                    "您上传的文件中有 {n} 处还是{others}修改之前的样子，看来是在{base}（或更早）的数据上修改的",
                    "如果按您的文件保存", "您自己的修改", "只保存我自己的修改（保留{others}的修改）",
                    "也可以放弃这个文件：下载最新的数据模板（其中已有他们的修改），把您的修改重新填进去再上传。",
                    "用我的文件保存", "撤销{others}的修改并保存", "保存", "按您的文件保存后"),
    "template": Wording("这个模板是从{base}下载的", "这个模板中有 {n} 处还是{others}修改之前的样子",
                        "如果按这个模板保存", "您自己的修改", "只保存我自己的修改（保留{others}的修改）",
                        "也可以放弃这个模板：下载最新的数据模板（其中已有他们的修改），把您的修改重新填进去再上传。",
                        "用这个模板保存", "撤销{others}的修改并保存", "保存", "按模板保存后"),
    "import": Wording("这次导入是在{base}的数据上读取的",
                      "您导入的表格中有 {n} 处数字还是{others}修改之前的样子，看来是依据{base}（或更早）的数据填写的",
                      "如果按这次导入保存", "这次导入的其他变化", "只导入其余的数字（保留{others}的修改）",
                      "也可以放弃这次导入，核对表格中的这些数字后重新上传。",
                      "按表格导入", "撤销{others}的修改并导入", "导入", "导入后"),
    "edit": Wording("您在网页上修改的是{base}的数据", "您在网页上修改的是{base}的数据",
                    "如果保存您的修改", "您自己的修改", "只保存我自己的修改（保留{others}的修改）",
                    "也可以放弃您的修改，重新载入最新的数据后再修改。",
                    "保存我的修改", "撤销{others}的修改并保存", "保存", "按您的修改保存后"),
    "restore": Wording("您开始查看恢复{target}时，当前是{base}", "您开始查看恢复{target}时，当前是{base}",
                       "如果恢复{target}", "恢复带来的其他变化", "只恢复其他部分（保留{others}的修改）", "",
                       "恢复{target}", "撤销{others}的修改并恢复", "恢复", "恢复后"),
    "hand": Wording("服务器上的数据文件被直接修改过，修改所用的是{base}的数据",
                    "服务器上的数据文件被直接修改过，修改后的文件中有 {n} 处还是{others}修改之前的样子，"
                    "看来是用{base}（或更早）的文件修改的",
                    "如果采用直接修改后的文件", "直接修改中的其他变化", "只采用直接修改中的其他变化（保留{others}的修改）",
                    "也可以不采用这次直接修改：看板用当前版本重新写出数据文件，修改过的文件移到 .tongxin/set-aside/，不删除。",
                    "采用直接修改后的文件", "撤销{others}的修改并采用", "采用", "采用后"),
}


def review(proposal: maintain.Proposal, data_store: store.Store, who: str, key: str, *,
           summary: str | None = None, confirm: str = "确认保存", restore: store.Version | None = None,
           discard: Callable[[], None] | None = None, discard_label: str = "放弃我的文件，重新开始",
           origin: str = "save", kind: str = "file") -> store.Saved | None:
    """Draw the review of a proposal; save on confirmation and return what was saved.

    `restore`: the review is of restoring this version (saved as its exact files). `discard`: how to
    drop the editor's input (offered when the input is stale). `origin`: how the history names the
    save (`store.ORIGINS`: "save", "import", "hand"). `kind`: which edit this is, for the words of a
    conflict (a key of WORDING)."""
    words = WORDING[kind]
    refused = st.session_state.pop(f"conflict:{key}", None)
    if refused is None and proposal.stale and proposal.overwrites and st.session_state.get(f"save:{key}"):
        # The editor pressed save on a page drawn before someone else's save: nothing was saved.
        refused = f"在您核对期间，{proposal.who_else}"
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
        return _conflict(proposal, data_store, who, key, summary, restore, discard, discard_label, origin, words,
                         refused)
    if refused:
        st.error(f"**这次{words.verb}没有执行**：{text.md(refused)}保存了新的数据。下面是与最新数据相比的变化，请再核对一次。")
    if proposal.stale:
        st.info(f"在您开始修改之后，{text.md(proposal.who_else)}保存了新的数据；您的修改不会撤销他们的修改，"
                "下面是与现在的数据相比将要发生的变化。")
    if not proposal.change_count:
        st.info("与当前数据相比没有任何变化，无需保存。")
        return None
    st.markdown(f"**将要保存的变化：{text.md(proposal.summary)}**")
    _changes(proposal.changes, proposal.counts, proposal.full.get("changes"), "变化清单", key)
    if st.button(confirm, type="primary", key=f"save:{key}"):
        return _save(proposal, data_store, who, key, summary, restore, origin=origin)
    return None


def _changes(changes: list[maintain.Change], counts: dict[str, int], full: str | None, title: str, key: str) -> None:
    """A list of changes: per kind (删除, 修改, 新增) how many, then the first rows of each kind."""
    shown = len(changes)
    total = sum(counts.values())
    if total > shown:
        per_kind = "；".join(f"{kind} {what}" for kind, what in maintain.kind_counts(counts))
        st.caption(f"共 {total} 处：{text.md(per_kind)}。下表列出每一种的前几处（共 {shown} 处），完整清单可下载后用 Excel 查看。")
    _list(maintain.changes_table(changes), total, full, title, key, counted=True)


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


def _list(table, total: int, full: str | None, title: str, key: str, counted: bool = False) -> None:
    if list(table.columns[:2]) == ["变化", "表"]:
        st.html(_NOWRAP)
        st.container(key=f"tx-changes-{token(title, key)}").markdown(text.markdown_table(table))
    else:
        st.markdown(text.markdown_table(table))
    if total > len(table) and not counted:
        st.caption(f"共 {total} 处，上表列出前 {len(table)} 处；完整清单可下载后用 Excel 查看。")
    if full:
        zipped = full.endswith(".zip")
        st.download_button(f"下载完整{title}（" + ("ZIP 压缩包，内含 CSV" if zipped else "CSV") + "，Excel 可打开）",
                           data=lambda: Path(full).read_bytes(), file_name=Path(full).name,
                           mime="application/zip" if zipped else "text/csv", key=f"full:{title}:{key}")


def _conflict(proposal, data_store, who, key, summary, restore, discard, discard_label, origin, words: Wording,
              refused: str | None) -> store.Saved | None:
    others = text.md(proposal.who_else)
    latest = proposal.theirs[-1] if proposal.theirs else None
    fill = dict(base=f"第 {proposal.base} 版" if proposal.base is not None else "以前", others=others,
                target=f"第 {restore.id} 版" if restore is not None else "",
                n=sum(1 for o in proposal.overwrites if o.undo))
    started = (words.inferred if proposal.inferred else words.started).format(**fill)
    since = ("；在那之后，" if not proposal.inferred else "；") + f"{others}保存了新的数据" + (
        f"（最近一次：{text.md(latest.label)}）" if latest else "") + "。"
    if refused:
        st.error(f"**这次{words.verb}没有执行**。{started}{since}")
    else:
        st.warning(f"**请先核对**：{started}{since}")
    undo = sum(1 for o in proposal.overwrites if o.undo) if proposal.overwrite_count <= len(proposal.overwrites) else None
    st.markdown(f"**{words.would.format(**fill)}，会撤销{others}的以下 {proposal.overwrite_count} 处修改：**"
                + ("（“覆盖”表示双方都改了同一处）" if undo is None or undo < proposal.overwrite_count else ""))
    _list(maintain.overwrites_table(proposal.overwrites, proposal.who_else, words.after), proposal.overwrite_count,
          proposal.full.get("overwrites"), "会撤销的他人修改", key)
    merged = proposal.merged
    if merged is not None and merged.count:
        st.markdown(f"**{words.mine}**（{merged.count} 处）可以放在最新的数据上，同时保留{others}的修改：")
        _list(maintain.changes_table(merged.changes), merged.count, None, "我的修改", key)
        if st.button(words.keep_mine.format(**fill), type="primary", key=f"save_mine:{key}"):
            kept = f"在最新数据上保存（保留{proposal.who_else}的修改）"
            return _save(proposal, data_store, who, key, f"{summary}，{kept}" if summary else kept, None,
                         files=merged.files, line=merged.summary, origin=origin)
    elif merged is not None and merged.problem:
        st.caption(f"不能把{words.mine}直接放到最新的数据上：{text.md(merged.problem)}")
    elif merged is not None:
        st.caption(f"除了上面这些，{words.mine}与现在的数据相比没有别的变化。")
    if words.start_again:
        st.markdown(words.start_again)
    if discard is not None and st.button(discard_label, key=f"discard:{key}"):
        discard()
    names = "、".join(o.what for o in proposal.overwrites[:3]) + ("等" if proposal.overwrite_count > 3 else "")
    agreed = st.checkbox(f"我已核对：{words.agree.format(**fill)}，撤销{others}的上述 {proposal.overwrite_count} 处修改"
                         f"（{text.md(names)}）", key=f"overwrite:{key}")
    if st.button(words.over.format(**fill), key=f"save_over:{key}", disabled=not agreed):
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
        people = "、".join(dict.fromkeys(v.who for v in conflict.theirs)) or "其他人"
        st.session_state[f"conflict:{key}"] = f"在您核对期间，{people}"  # said on the next run, in the review's words
        remember_base(key, proposal.head)  # from now on an edit of what the editor reviewed: shown as stale
        st.rerun()
    except StoreFault as fault:
        st.error(text.md(fault.message))
    return None
