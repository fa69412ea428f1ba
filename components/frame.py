"""The frame around every page: the dataset, the sidebar (org, years, data status), or the
problem list when there is no valid data to show.

The entrypoint (app.py) builds the frame once per run so sidebar widgets keep their state
across pages (Streamlit ties a widget to the script that draws it). A page run on its own —
as AppTest does — builds the same frame itself.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from components import data, login
from components.text import md
from tongxin.display import visible_controls
from tongxin.model import Dataset, Problem

APP_TITLE = "同心共建质效看板"
_CONTEXT = "_tongxin_context"
_FROM_ENTRYPOINT = "_tongxin_entrypoint"


@dataclass(frozen=True)
class PageContext:
    dataset: Dataset | None  # everything in the data folder (None only on pages that allow invalid data)
    view: Dataset | None  # only the chosen org's figures within the chosen years
    org: str
    years: tuple[int, int] | None
    fingerprint: str
    loaded: data.Loaded | None = None  # the version shown, and any fault or rejected hand edit

# Pages that still open when the data folder is invalid: editors must be able to fix or restore it; the
# 大屏 keeps showing the last good data.
OPEN_WHEN_INVALID = {"manage", "screen"}
# Pages drawn without the frame (no sidebar): the 大屏 is the whole window.
BARE = {"screen"}


def log_to_stderr() -> None:
    """The app's own log (faults, every sign-in attempt: `tongxin.auth`) on the server's stderr, once."""
    import logging
    import sys

    logger = logging.getLogger("tongxin")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)


def configure_page() -> None:
    # "auto": expanded on a desktop, collapsed on a phone, where it would cover the page (issue 14)
    st.set_page_config(page_title=APP_TITLE, layout="wide", initial_sidebar_state="auto")


def build(page_path: str = "") -> PageContext:
    """Called by the entrypoint before the page runs (`page_path`: the page's url path)."""
    context = _bare() if page_path in BARE else _build(allow_invalid=page_path in OPEN_WHEN_INVALID)
    st.session_state[_FROM_ENTRYPOINT] = True
    st.session_state[_CONTEXT] = context
    return context


def without_data() -> PageContext:
    """The context of a page that opens without data (the frame itself failed)."""
    context = PageContext(None, None, "", None, "")
    st.session_state[_FROM_ENTRYPOINT] = True
    st.session_state[_CONTEXT] = context
    return context


def context(allow_invalid: bool = False, bare: bool = False) -> PageContext:
    """Called at the top of every page (`bare`: a page without the sidebar, such as the 大屏)."""
    if st.session_state.get(_FROM_ENTRYPOINT):
        return st.session_state[_CONTEXT]
    configure_page()
    return _bare() if bare else _build(allow_invalid)


def _bare() -> PageContext:
    """The data without the sidebar: nothing drawn, nothing stopped (the page says what it cannot show)."""
    loaded = data.current()
    return PageContext(loaded.dataset, None, "", None, loaded.fingerprint, loaded)


# A column heading stays on one line (a long source column squeezed 数值 and 性质 into one character a
# line). On a phone (Streamlit stacks columns below 640 px) a wide table scrolls inside itself, its cells
# on one line, instead of squeezing every column to a character's width or widening the page.
_TABLE_STYLE = ("<style>[data-testid=stMarkdownContainer] table th {white-space: nowrap;} "
                "@media (max-width: 640px) {[data-testid=stMarkdownContainer] table {display: block; "
                "overflow-x: auto; max-width: 100%;} [data-testid=stMarkdownContainer] table :is(th, td) "
                "{white-space: nowrap;}}</style>")


def _build(allow_invalid: bool = False) -> PageContext:
    loaded = data.current()
    dataset, problems, fingerprint = loaded.dataset, loaded.problems, loaded.fingerprint
    if dataset is None:
        if allow_invalid:
            return PageContext(None, None, "", None, fingerprint, loaded)
        if loaded.fault is not None and loaded.fault.kind == "db_down":
            # Nothing read yet and the database cannot be reached: that is what is wrong, not the
            # folder's files (t10 finding 7).
            st.title(APP_TITLE)
            st.error("数据库暂时无法连接，看板暂时无法显示数据。请稍后刷新本页；如果一直如此，请联系管理员检查数据库服务器是否在运行。")
            st.stop()
        show_problems(problems if login.signed_in() else _without_folder(problems))
        st.stop()
    orgs = dataset.orgs()
    org = orgs[0]
    if len(orgs) > 1:
        # format_func: a name holding U+202E would otherwise reorder inside the widget itself
        org = st.sidebar.selectbox("单位", orgs, key="org", help="数据中有多个单位，选择要查看的一个",
                                   format_func=visible_controls)
    years = dataset.years(org)
    chosen = None
    if len(years) > 1:
        chosen = st.sidebar.select_slider(
            "年份范围",
            options=years,
            value=(years[0], years[-1]),
            key=f"years:{org}",
            help="只显示截止年份在此范围内的数字",
        )
    view = dataset.restricted(org=org, years=chosen)
    _data_status(dataset, problems, loaded)
    st.html(_TABLE_STYLE)  # after the data is read: the page's first element is drawn by a finished frame
    return PageContext(dataset, view, org, chosen, fingerprint, loaded)


SHOWN_NOTICES = 10  # in the sidebar; the rest are counted (数据维护 lists every one)


def _data_status(dataset: Dataset, problems: list[Problem], loaded: data.Loaded) -> None:
    warnings = [p for p in problems if p.severity == "warning"]
    notices = [p for p in problems if p.severity == "notice"]  # how the files were read: no action needed
    editor = login.signed_in()
    notice = editor and (loaded.fault or loaded.rejected)
    with st.sidebar.expander("数据状态", expanded=bool(warnings or notice)):
        st.markdown(
            f"- 指标 **{len(dataset.indicators)}** 个，数字 **{len(dataset.observations)}** 条\n"
            f"- 来源 **{len(dataset.sources)}** 个，单位 **{len(dataset.orgs())}** 个\n"
            f"- 提醒 **{len(warnings)}** 条，读取说明 **{len(notices)}** 条"
        )
        for w in warnings[:20]:
            st.warning(md(str(w)))
        if notices:
            st.caption("读取说明（数据文件的写法与标准格式不同，已按下面的方式读取，无需处理）：")
            st.caption("\n".join(f"- {md(str(n))}" for n in notices[:SHOWN_NOTICES])
                       + (f"\n- ……另有 {len(notices) - SHOWN_NOTICES} 条" if len(notices) > SHOWN_NOTICES else ""))
        if loaded.version is not None:
            st.caption(f"数据版本：第 {loaded.version.id} 版，{md(loaded.version.when)} 保存")
        if editor:  # where the data lives and what is wrong with it: for editors, not for every visitor
            st.caption(f"数据文件夹：{md(data.data_dir())}")
            if loaded.fault:
                st.error(md(loaded.fault.message))
            if loaded.rejected:
                st.warning("服务器上的数据文件被直接修改过，但没有采用（详见“数据维护”页）；看板仍显示此前的数据。")


def _without_folder(problems: list[Problem]) -> list[Problem]:
    """The server's folder path is for editors: every other visitor reads “数据文件夹” instead."""
    import dataclasses

    folder = str(data.data_dir())
    hide = lambda text: (text or "").replace(f"数据文件夹 {folder} ", "数据文件夹").replace(folder, "数据文件夹")  # noqa: E731
    return [dataclasses.replace(p, file=hide(p.file), message=hide(p.message), hint=hide(p.hint)) for p in problems]


def problems_table(problems: list[Problem]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "文件": p.file,
                "行": p.row if p.row is not None else "",
                "列": p.column or "",
                "问题": p.message,
                "怎么改": p.hint,
                "级别": p.severity_word,  # 错误 / 提醒 / 说明: a notice is never called an error
            }
            for p in problems
        ]
    )


def show_problems(problems: list[Problem]) -> None:
    errors = [p for p in problems if p.severity == "error"]
    st.title(APP_TITLE)
    st.error(
        f"数据文件夹中的数据有 {len(errors)} 处问题，看板暂时无法显示。"
        "请按下表逐条修改（行号与 Excel 中看到的一致），保存后刷新本页。"
    )
    shown = problems[:SHOWN_PROBLEMS]
    st.dataframe(problems_table(shown), hide_index=True, width="stretch")
    if len(problems) > len(shown):
        st.caption(f"共 {len(problems)} 处，上表列出前 {len(shown)} 处；可用命令 python -m tongxin check 列出全部。")
    st.caption("也可以用命令 python -m tongxin check 检查数据文件夹。"
               "编辑人员可在“数据维护”页上传改好的文件，或恢复到以前保存的版本。")


SHOWN_PROBLEMS = 300


def link(page: str, label: str, query_params: dict | None = None) -> None:
    """A link to another page; drawn only inside the app (a page run on its own has no navigation).

    No icons anywhere: emoji show as boxes without an emoji font, and Streamlit's Material icon
    font costs ~0.4 s of first paint (bench/page_load.py)."""
    if st.session_state.get(_FROM_ENTRYPOINT):
        st.page_link(page, label=label, query_params=query_params)
