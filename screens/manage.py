"""数据维护 — for editors after sign-in: upload the template or CSVs, or edit in place; check, see
what changes, confirm; every save kept in history and restorable. Viewers see only the sign-in."""

import pandas as pd
import streamlit as st

from components import data, editor, frame, login, review, text
from tongxin import maintain, store
from tongxin.export import file_name, sheets, today

context = frame.context(allow_invalid=True)

# 1. Title and sign-in
st.title("数据维护")
account = login.editor()
if account is None:
    st.stop()
login.sign_out_button(account)
folder = data.data_dir()
if not folder.is_dir():
    st.error(f"当前数据是一个 XLSX 工作簿（{text.md(folder)}），看板不能直接修改它。请把数据放在文件夹中（三个 CSV 文件）。")
    st.stop()
snapshot = data.snapshot()
if context.dataset is None:
    st.warning("数据文件夹中的数据现在有问题（各页面显示了问题清单）。可以在下面上传改好的文件，或在“历史版本”中恢复以前的版本。")

if saved := st.session_state.pop("just_saved", None):
    st.success(f"已保存：{saved}。打开其他页面即可看到新数据；如需撤回，可在“历史版本”中恢复。")

upload_tab, edit_tab, history_tab = st.tabs(["上传文件", "在线编辑", "历史版本"])


def after_save(version: store.Version, *keys: str) -> None:
    st.session_state["just_saved"] = version.summary
    st.session_state["generation"] = st.session_state.get("generation", 0) + 1  # fresh widgets
    for key in keys:
        review.forget(key)
    st.rerun()


generation = st.session_state.get("generation", 0)

# 2. Upload
with upload_tab:
    st.markdown("**第一步**　下载数据模板：已填入当前的全部数据，用 Excel 修改后保存。")
    if context.dataset is not None:
        st.download_button("下载数据模板（Excel）", sheets.workbook(context.dataset, None, [], today(), template=True),
                           file_name=file_name("同心共建", "数据模板", today(), "xlsx"), key="template")
    st.markdown("**第二步**　上传改好的模板，或 indicators.csv、observations.csv、sources.csv 中的一个或几个"
                "（UTF-8 或 Excel 默认的 GBK 编码均可，每个文件不超过 5 MB）。只上传了部分表时，其余的表保持不变。")
    uploaded = st.file_uploader("选择文件", type=["xlsx", "csv"], accept_multiple_files=True,
                                key=f"uploads:{generation}",
                                help="点击框内的 Upload 按钮选择文件，或把文件拖到框内；可一次选多个文件")
    if uploaded:
        uploads = {f.name: f.getvalue() for f in uploaded}
        key = "upload:" + review.token(*[n.encode() + b"\0" + b for n, b in sorted(uploads.items())])
        st.markdown("**第三步**　核对将要保存的变化，确认无误后保存。")
        version = review.review(maintain.from_uploads(snapshot, uploads), folder, account.name, key)
        if version:
            after_save(version, key)
        if review.had_conflict(key) and st.button("重新载入最新数据", key="reload_upload"):
            review.forget(key)
            st.rerun()

# 3. Edit in place
with edit_tab:
    if context.dataset is None:
        st.info("数据有问题时不能在线编辑，请上传改好的文件或恢复历史版本。")
    else:
        if st.session_state.get("edit_base") is None or st.session_state.get("edit_generation") != generation:
            st.session_state["edit_tables"] = maintain.editable_tables(context.dataset)
            st.session_state["edit_base"] = snapshot.version
            st.session_state["edit_generation"] = generation
        st.caption("直接在表格中修改、添加（表格底部）或删除行（勾选行后按删除键）。左侧行号与问题提示中的“第几行”一致。")
        tables = st.session_state["edit_tables"]
        edited = {}
        figures_tab, indicators_tab, sources_tab = st.tabs(["数据", "指标", "来源"])
        for tab, name in ((figures_tab, "observations"), (indicators_tab, "indicators"), (sources_tab, "sources")):
            with tab:
                edited[name] = st.data_editor(tables[name], num_rows="dynamic", width="stretch", hide_index=False,
                                              key=f"editor:{name}:{generation}",
                                              column_config=editor.columns(name))
        key = f"edit:{generation}"
        st.session_state.setdefault(f"base:{key}", st.session_state["edit_base"])
        if st.button("检查并预览修改", key="edit_check") or st.session_state.get("edit_checked") == generation:
            st.session_state["edit_checked"] = generation
            version = review.review(maintain.from_tables(snapshot, edited), folder, account.name, key)
            if version:
                after_save(version, key)
            if review.had_conflict(key) and st.button("放弃我的修改，重新载入最新数据", key="reload_edit"):
                st.session_state["generation"] = generation + 1
                review.forget(key)
                st.rerun()

# 4. History
with history_tab:
    versions = store.history(folder)
    if not versions:
        st.info("还没有保存记录。第一次保存时，原来的数据也会记入历史，随时可以恢复。")
    else:
        rows = [[v.saved_at[:19].replace("T", " "), v.who, v.summary, "当前" if v.digest == snapshot.version else ""]
                for v in versions]
        st.markdown(text.markdown_table(pd.DataFrame(rows, columns=["保存时间", "保存人", "说明", "状态"])))
        # Numbered labels as the options themselves: unique even for two saves in the same second.
        labels = [f"{n}. {v.saved_at[:19].replace('T', ' ')} ｜ {v.who} ｜ {v.summary}"
                  for n, v in enumerate(versions, start=1)]
        chosen = st.selectbox("选择一个版本", labels, key="restore_choice")
        old = versions[labels.index(chosen)]
        if old.digest == snapshot.version:
            st.caption("这就是当前的数据。")
        else:
            st.markdown("恢复这个版本会产生以下变化（恢复本身也会记入历史，可以再撤回）：")
            key = f"restore:{old.id}"
            files = old.files(folder)
            version = review.review(maintain.from_uploads(snapshot, files), folder, account.name, key,
                                    files=files, summary=f"恢复到 {old.saved_at[:19].replace('T', ' ')} 的版本",
                                    confirm="确认恢复")
            if version:
                after_save(version, key)
