"""数据维护 — for editors after sign-in: upload the data template or any statistics table (one uploader:
a template replaces the tables it holds, a statistics table is understood, corrected and merged —
`components.upload`), or edit in place; check, see what changes, confirm; every save kept in history
and restorable. Viewers see only the sign-in.
Opens whatever state the data is in (invalid files, a disk or database fault), so an editor can
always restore."""

import pandas as pd
import streamlit as st

from components import data, editor, frame, login, review, text, upload
from tongxin import importing, maintain, schema, store
from tongxin.db import StoreFault, shown_url

context = frame.context(allow_invalid=True)
loaded = context.loaded or data.Loaded(None, [], "")  # the frame failed: no data, but the page opens

# 1. Title and sign-in
st.title("数据维护")
data_store = data.data_store()
if data_store is None:
    st.error("当前数据是一个 XLSX 工作簿，看板不能直接修改它。请管理员把数据放在文件夹中（三个 CSV 文件）。")
    st.stop()
account = login.editor(data_store)
if account is None:
    st.stop()
login.sign_out_button(account)
st.caption(f"数据文件夹：{text.md(data_store.folder)}" +
           (f"；数据库：{text.md(shown_url(data_store.url))}" if data_store.external else ""))

# 2. What is wrong with the data, if anything, and the way out
generation = st.session_state.get("generation", 0)


def after_save(saved, *keys: str) -> None:
    st.session_state["just_saved"] = saved
    start_over(*keys)


def start_over(*keys: str) -> None:
    """Fresh widgets: an empty uploader, the editor reloaded from the current version."""
    st.session_state["generation"] = generation + 1
    for key in keys:
        review.forget(key)
    st.rerun()


if saved := st.session_state.pop("just_saved", None):
    st.success(f"已保存：{text.md(saved.version.summary)}。打开其他页面即可看到新数据；如需撤回，可在“历史版本”中恢复。")
    if saved.copy_fault:
        st.warning(text.md(saved.copy_fault.message))
    if saved.set_aside:
        st.info(f"数据文件夹中原有的、未被采用的文件已移到 {text.md(saved.set_aside)}，没有删除。")
try:
    head = data.snapshot()
except StoreFault as fault:
    if not data.no_version_yet(fault):
        st.error(f"{text.md(fault.message)} 问题解决之前不能修改数据。")
        st.stop()
    # A broken folder before any saved version: nothing to restore or rewrite, but complete files
    # can be uploaded; saving sets the broken entries aside (t10 finding 8).
    if not loaded.fault:
        st.error(text.md(fault.message))
    st.info("看板还没有保存过任何版本，不能恢复或重新写出数据文件。可以在下面“上传文件”中上传完整的数据"
            "（数据模板，或三个 CSV 文件），检查通过后保存；数据文件夹中有问题的文件或文件夹会移到 .tongxin/set-aside/，不会删除。")
    head = store.Snapshot(None, "", {})
if loaded.fault:
    st.error(text.md(loaded.fault.message))
if loaded.rejected and loaded.rejected.stale:
    # A hand edit that would undo a save: not taken in; the editor confirms or discards it (t10 finding 3).
    hand = loaded.rejected
    st.warning("服务器上的数据文件被直接修改过，但会撤销网页上保存过的修改，所以没有自动采用；看板仍显示此前的数据。"
               + (f"数据文件夹中的文件正是{text.md(hand.old_version.label)}（例如从备份放回的旧文件）。"
                  if hand.old_version else "")
               + "请核对下面的变化，决定是否采用。")
    hand_key = f"hand:{hand.digest}:{head.version}"
    if f"proposal:{hand_key}" not in st.session_state:
        try:
            st.session_state[f"proposal:{hand_key}"] = maintain.hand_proposal(data_store, hand)
        except StoreFault as fault:
            st.error(text.md(fault.message))
            st.stop()

    def not_taken_in() -> None:
        try:
            moved = data_store.write_copy(move_faulty=True)
        except StoreFault as fault:
            st.session_state["hand_discard_fault"] = fault.message
        else:
            st.session_state["hand_discarded"] = moved
        start_over(hand_key)

    saved = review.review(st.session_state[f"proposal:{hand_key}"], data_store, account.name, hand_key,
                          summary="采用服务器上直接修改的文件", confirm="采用直接修改后的文件", origin="hand",
                          kind="hand", discard=not_taken_in, discard_label="不采用，用当前版本重新写出数据文件")
    if saved:
        after_save(saved, hand_key)
elif loaded.rejected:
    rejected = maintain.Proposal(None, None, loaded.rejected.problems,
                                 error_count=sum(p.severity == "error" for p in loaded.rejected.problems))
    review.problems(rejected, f"服务器上的数据文件被直接修改过，但有 {rejected.error_count} 处问题，没有采用；"
                              "看板仍显示此前的数据。请按下表改正这些文件，或在下面上传、恢复数据。")
if message := st.session_state.pop("rewritten", None):
    st.success(message)
if message := st.session_state.pop("hand_discard_fault", None):
    st.error(text.md(message))
if "hand_discarded" in st.session_state:
    moved = st.session_state.pop("hand_discarded")
    st.success("没有采用直接修改的文件，已用当前版本重新写出数据文件。" + (f"原来的文件已移到 {text.md(moved)}。" if moved else ""))
rewritable = head.version is not None and (
    (loaded.rejected and not loaded.rejected.stale) or (loaded.fault and loaded.fault.kind in ("not_a_file", "link_loop")))
if rewritable:
    if st.button("用看板中的当前版本重新写出数据文件", key="rewrite_copy",
                 help="数据文件夹中不能采用的文件会移到 .tongxin/set-aside/ 下保存，不会删除"):
        try:
            moved = data_store.write_copy(move_faulty=True)
        except StoreFault as fault:
            st.error(text.md(fault.message))
        else:  # said on the next run, which reads the folder again: no stale error above it (t10 finding 11)
            st.session_state["rewritten"] = "已重新写出数据文件。" + (f"原来的文件已移到 {text.md(moved)}。" if moved else "")
            st.rerun()
if context.dataset is None:
    st.warning("数据文件夹中的数据现在有问题（各页面显示了问题清单）。可以在下面上传改好的文件，或在“历史版本”中恢复以前的版本。")
elif loaded.outdated:
    st.warning("看板暂时无法读到最新的数据，各页面显示的是最近一次读到的版本。")

# A keyed tab set keeps the editor's tab when messages above it come and go (after a save: t10 finding 6).
upload_tab, edit_tab, history_tab = st.tabs(["上传文件", "在线编辑", "历史版本"], key="manage_tab", on_change="rerun")
# 3. Upload: one uploader, for the data template and for any statistics table
with upload_tab:
    st.markdown("**第一步（可选）**　下载模板：已填入当前的数据，用 Excel 或 WPS 修改后上传。")
    if context.dataset is not None and loaded.version is not None and not loaded.outdated:
        upload.template_downloads(context.dataset, loaded.version, context.org)
    upload.format_guide()
    st.markdown("**第二步**　上传文件：数据模板，或办公室平时的统计表（逐年表、各县对比表等，标题行、序号列、合计行都可以保留）。"
                f".xlsx、.xls、.csv、.txt 均可，每个文件不超过 {maintain.UPLOAD_LIMIT_MB} MB（更大的文件，上传框会用英文提示 "
                f"“File must be {maintain.UPLOAD_LIMIT_MB}.0MB or smaller”，意思是文件太大）；WPS 的 .et 文件请先另存为 .xlsx。")
    uploaded = st.file_uploader("选择文件", type=None, accept_multiple_files=True, key=f"uploads:{generation}",
                                help="点击框内的按钮选择文件，或把文件拖到框内；可一次选多个文件")
    if uploaded and upload.same_names(uploaded):
        if st.button("清除所选文件", key="clear_same_names"):
            start_over()
    elif uploaded:
        uploads = {f.name: f.getvalue() for f in uploaded}
        text.file_list(uploads, clear=lambda: start_over())
        token = review.token(*[n.encode() + b"\0" + b for n, b in sorted(uploads.items())])
        found = importing.classify(uploads)  # replace (template, contract tables) or import (statistics tables)
        marker = maintain.template_base(data_store, uploads)
        if marker:
            st.caption(f"这个文件是从{text.md(marker.label)}下载的模板。")
        if found.problems:
            upload.refused(found, head)
        elif found.kind == importing.DATASET:
            saved, key = upload.replace_tables(uploads, found, marker, token, data_store, head, account.name, start_over)
            if saved:
                after_save(saved, key)
        else:
            saved, key = upload.import_tables(uploads, marker, token, data_store, head, context.dataset, account.name,
                                              start_over)
            if saved:
                after_save(saved, key)

# 4. Edit in place
with edit_tab:
    if context.dataset is None or loaded.version is None or loaded.outdated:
        st.info("数据有问题或暂时无法读到最新版本时不能在线编辑，请上传改好的文件或恢复历史版本。")
    elif len(context.dataset.observations) > editor.MAX_ROWS:
        st.info(f"数据超过 {editor.MAX_ROWS} 条，网页表格编辑会很慢：请下载数据模板，在 Excel 中修改后上传。")
    else:
        if st.session_state.get("edit_generation") != generation:
            st.session_state["edit_tables"] = maintain.editable_tables(context.dataset)
            st.session_state["edit_base"] = loaded.version.id
            st.session_state["edit_generation"] = generation
            st.session_state["edit_invisible"] = editor.invisible_cells(st.session_state["edit_tables"])
        st.caption("直接在表格中修改、添加（表格底部）或删除行（勾选行后按删除键）。左侧行号与问题提示中的“第几行”一致。")
        editor.warn_invisible(st.session_state["edit_invisible"])
        tables = st.session_state["edit_tables"]
        edited = {}
        for tab, (name, spec) in zip(st.tabs([spec.sheet for spec in schema.TABLES.values()]), schema.TABLES.items(),
                                     strict=True):
            with tab:
                if not spec.required:
                    st.caption(f"可选：{spec.label}写明各单位的上级和简称（城市、省级政协比较所辖单位时用）；不需要可以留空。")
                edited[name] = st.data_editor(tables[name], num_rows="dynamic", width="stretch", hide_index=False,
                                              placeholder="",  # an empty cell looks empty, not "None" (t10 finding 14)
                                              key=f"editor:{name}:{generation}",
                                              column_config=editor.columns(name))
        if st.button("检查并预览修改", key="edit_check") or st.session_state.get("edit_checked") == generation:
            st.session_state["edit_checked"] = generation
            key = f"edit:{generation}:" + review.token(*[f.to_csv() for f in edited.values()])
            proposal = review.proposal_for(key, data_store, st.session_state["edit_base"], head,
                                           lambda base, theirs, _: maintain.from_tables(head, edited, base, theirs))
            saved = review.review(proposal, data_store, account.name, key, discard=lambda: start_over(key),
                                  discard_label="放弃我的修改，重新载入最新数据", kind="edit")
            if saved:
                after_save(saved, key)

# 5. History
with history_tab:
    versions = data_store.history()
    if not versions:
        st.info("还没有保存记录。第一次保存时，原来的数据也会记入历史，随时可以恢复。")
    else:
        rows = [[v.id, v.when, v.who, v.summary, "当前" if v.id == head.version else ""] for v in versions[:50]]
        st.markdown(text.markdown_table(pd.DataFrame(rows, columns=["版本", "保存时间", "保存人", "说明", "状态"])))
        if len(versions) > 50:
            st.caption(f"共 {len(versions)} 个版本，上表列出最近 50 个；下面可以选择任何一个。")
        # Numbered labels as the options themselves: unique even for two saves in the same second.
        labels = [f"第 {v.id} 版 ｜ {v.when} ｜ {v.who} ｜ {v.summary}" for v in versions]
        choice = f"restore_choice:{generation}"  # back to the current version after one's own save

        def chose() -> None:  # a restore starts when the editor picks a version (the tab renders unseen too)
            picked = versions[labels.index(st.session_state[choice])]
            review.remember_base(f"restore:{picked.id}", head.version)

        chosen = st.selectbox("选择一个版本", labels, key=choice, format_func=text.widget_text, on_change=chose)
        old = versions[labels.index(chosen)]
        if old.id == head.version:
            st.caption("这就是当前的数据。")
        else:
            st.markdown("恢复这个版本会产生以下变化（恢复本身也会记入历史，可以再撤回）：")
            key = f"restore:{old.id}"
            files = data_store.files(old.id)
            proposal = review.proposal_for(key, data_store, review.chosen_base(key, head.version), head,
                                           lambda base, theirs, _: maintain.from_version(head, files, base, theirs))
            def not_restored(key=key) -> None:  # picked again later, a restore starts from the then-current data
                review.forget_base(key)
                start_over(key)

            saved = review.review(proposal, data_store, account.name, key, restore=old, confirm="确认恢复",
                                  discard=not_restored, discard_label="不恢复了", kind="restore")
            if saved:
                after_save(saved, key)
