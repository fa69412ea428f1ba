"""数据维护's one uploader (issue 11): the templates to download, the format guide, and the two ways a
file is saved — the person does not have to pick one:

* the data template or the contract's own tables **replace** the tables they hold (a download edited
  and uploaded again must be able to delete a row); when that would delete figures of a file that
  is not our template, the person may choose to **merge** instead (a city gathering its counties);
* any other table — a 统计表 in any layout the reader takes — is **imported**: understood, shown as
  “我们这样理解您的表格” with its corrections (`components.importer`), then merged.

Both end in the same review (`components.review`): the diff, the conflicts with the base version,
the large-input limits, and a save through the store.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import streamlit as st

from components import data, importer, review, text
from tongxin import importing, maintain, store
from tongxin.export import file_name, templates, today
from tongxin.model import Dataset

GUIDE = Path(__file__).resolve().parent.parent / "docs" / "数据格式说明.md"

Restart = Callable[..., None]


def template_downloads(dataset: Dataset, version: store.Version, org: str) -> None:
    """The long workbook and the 逐年表, each with its 填表说明 and the version it holds (issue 10)."""
    marker = (version.id, version.digest, version.label)
    long_col, years_col = st.columns(2)
    long_col.download_button("下载数据模板（完整数据，Excel）", key="template",
                             data=lambda: templates.long_workbook(dataset, today(), base=marker),
                             file_name=file_name("同心共建", "数据模板", today(), "xlsx"),
                             help="指标、数据、来源等工作表就是全部数据；改好后上传，以它为准替换现有数据")
    years_col.download_button("下载逐年表（每行一个指标、每列一年，Excel）", key="years_template",
                              data=lambda: templates.years_workbook(dataset, today(), org, base=marker),
                              file_name=file_name(org, "逐年表", today(), "xlsx"),
                              help="按年份填写的统计表；填好后上传，其中的数字并入现有数据")
    st.caption("两个模板都有“填表说明”工作表，写明每一列怎么填。")


def format_guide() -> None:
    """docs/数据格式说明.md, readable on the page and downloadable (the people who use it have no repo)."""
    guide = GUIDE.read_text(encoding="utf-8")
    with st.expander("数据格式说明：看板能读哪些表格、每列怎么填、出了问题怎么改"):
        st.download_button("下载数据格式说明（文本文件）", data=guide.encode("utf-8-sig"), key="guide",
                           file_name="数据格式说明.txt", mime="text/plain")
        st.markdown(guide.split("\n", 1)[1] if guide.startswith("# ") else guide)  # the expander is its title


def same_names(chosen: list) -> bool:
    """Two or more chosen files with one name (the uploader keeps both; a later one is often the
    corrected copy): say so and use neither, rather than silently keeping one (t10 finding 10).
    `chosen`: the uploader's files (`.name`, `.getvalue()`). Returns True when some names repeat."""
    names = [f.name for f in chosen]
    twice = list(dict.fromkeys(n for n in names if names.count(n) > 1))
    if not twice:
        return False
    each = "；".join(f"{text.md(n)}（" + "、".join(text.size(len(f.getvalue())) for f in chosen if f.name == n) + "）"
                    for n in twice)
    st.error(f"所选文件中有同名的文件：{each}。看板不知道该用哪一个，所以都没有采用。"
             "请点上面文件名右边的 × 去掉不要的那一个（或点下面的按钮全部清除后重新选择）。")
    return True


def refused(found: importing.Uploads, head: store.Snapshot) -> None:
    review.problems(maintain.Proposal(head.version, head.version, found.problems, error_count=len(found.problems)),
                    "这些文件不能读取，数据没有保存，现有数据不受影响。请按下表处理后重新上传。")


def _from_plan(plan: importing.Plan, head: store.Snapshot):
    """How a review makes the proposal of an import: its files (the base with the figures merged in)
    checked against the current version, listing what they would undo if the base is older."""
    return lambda base, theirs, recent: maintain.check_isolated(plan.files, head, base, theirs, uploads=False,
                                                                recent=recent)


def _base(data_store: store.Store, base_id: int | None, head: store.Snapshot) -> store.Snapshot:
    return head if base_id == head.version else data.snapshot(data_store.version(base_id))


def replace_tables(uploads: dict[str, bytes], found: importing.Uploads, marker: store.Version | None, token: str,
                   data_store: store.Store, head: store.Snapshot, who: str, restart: Restart):
    """The data template or the contract's tables: their review (replace, or merge when chosen);
    returns (what was saved or None, the review's key)."""
    key = "upload:" + token
    base_id = marker.id if marker else review.first_seen_base(key, head.version)
    st.markdown("**我们这样理解您的文件**：" + "；".join(f"{text.md(n)} 是{text.md(w)}" for n, w in found.files.items())
                + "。将以文件为准替换现有的这些表（文件中没有的数字会被删除），其余的表不变。")
    proposal = review.proposal_for(key, data_store, base_id, head,
                                   lambda base, theirs, recent: maintain.from_uploads(head, uploads, base, theirs,
                                                                                      recent),
                                   infer=marker is None)
    summary, origin, kind = None, "save", "template" if marker else "file"
    if proposal.ok and proposal.counts.get(f"{maintain.FIGURES}:删除") and marker is None:
        # Not our template, and replacing would delete figures: perhaps another body's data to add.
        how = st.radio("这个文件要怎样保存？", ["replace", "merge"], key=f"how:{token}", horizontal=True,
                       index=1 if proposal.foreign else 0,
                       format_func={"replace": "替换：以文件为准（文件中没有的数字删除）",
                                    "merge": "并入：保留现有数字，只新增或更新文件中的数字"}.get,
                       help="文件中的单位与现有数据不同时（如汇总所辖各县的数据），一般应选“并入”")
        if how == "merge":
            key = "merge:" + token
            plan = importer.plan_of(key, data_store.folder, uploads, importing.Settings(on_page=True),
                                    _base(data_store, base_id, head))
            if not plan.ok:
                review.problems(importer.problems_of(plan))
                return None, key
            review.notices(plan.notices, key)  # how the files were read: merged, as when replacing, never silent
            proposal = review.proposal_for(key, data_store, base_id, head, _from_plan(plan, head),
                                           infer=marker is None)
            summary, origin, kind = f"并入 {'、'.join(plan.names)}", "import", "import"
    st.markdown("**第三步**　核对将要保存的变化，确认无误后点“确认保存”。")
    saved = review.review(proposal, data_store, who, key, discard=lambda: restart(key),
                          discard_label="放弃这个文件，重新开始", summary=summary, origin=origin, kind=kind)
    return saved, key


def import_tables(uploads: dict[str, bytes], marker: store.Version | None, token: str, data_store: store.Store,
                  head: store.Snapshot, dataset: Dataset | None, who: str, restart: Restart):
    """A statistics table: the understanding step, then the review of merging it; returns (what was
    saved or None, the review's key)."""
    key = "import:" + token
    base_id = marker.id if marker else review.first_seen_base(key, head.version)
    plan = importer.step(key, data_store.folder, uploads, _base(data_store, base_id, head), dataset)
    if plan.errors and plan.asked == plan.errors:  # only fields left to fill in: ask, do not refuse
        st.info("还差一步：" + "；".join(f"{text.md(p.message)}，{text.md(p.hint)}" for p in plan.asked)
                + "。填好后，这里会列出将要保存的变化。")
        return None, key
    if not plan.ok:
        review.problems(importer.problems_of(plan),
                        f"还不能导入：有 {plan.error_count} 处问题，数据没有保存，现有数据不受影响。"
                        "请按下表在上面改正，或修改文件后重新上传。")
        return None, key
    st.markdown(f"**第四步**　核对将要保存的变化（{importer.counts(plan)}），确认无误后点“确认保存”。")
    review_key = f"{key}:{review.token(repr(plan.settings))}"
    previous = st.session_state.get(f"review_key:{key}")
    if previous not in (None, review_key):
        review.forget(previous)  # the review of the settings before the person's last correction
    st.session_state[f"review_key:{key}"] = review_key
    proposal = review.proposal_for(review_key, data_store, base_id, head, _from_plan(plan, head),
                                   infer=marker is None)
    def discard() -> None:
        importer.forget(key)
        restart(key, review_key)

    saved = review.review(proposal, data_store, who, review_key, discard=discard,
                          discard_label="放弃这个文件，重新开始", summary=f"导入 {'、'.join(plan.names)}",
                          origin="import", kind="import")
    if saved:
        review.forget_base(key)  # offered again, the same file is a new import of the then-current data
        importer.forget(key)
    return saved, review_key
