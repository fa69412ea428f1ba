"""The “我们这样理解您的表格” step of an import on 数据维护 (issue 11, DATA_SPEC v2 "Import").

For each file or worksheet: its layout, header row, what each column holds, the rows and columns set
aside and why, and every notice (file, sheet, row, column). Then the fields the person corrects
before anything is compared or saved — each statistics table's 单位 and 年份 where its rows do not say
them, the 来源 (title, publisher, date, link) and each new indicator's 单位, 类型 and 板块. The fields
start with what the files say (`importing.suggested`); the plan is made again from them.

The plan merges into the version the import started from (its base), so an import saved after
someone else's save is caught like every stale edit (issue 10).
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from components import review, text
from tongxin import importing, schema, store
from tongxin.model import Dataset

_PLANS = "_tongxin_import_plans"
SEVERITY_SHOWN = ("error", "warning")


def plan_of(key: str, folder: Path, uploads: dict[str, bytes], settings: importing.Settings,
            base: store.Snapshot) -> importing.Plan:
    """The plan of these uploads with these settings on `base`, made once and kept in the session
    (the last two per upload: the first reading and the one with the person's corrections)."""
    plans = st.session_state.setdefault(_PLANS, {})
    token = (key, repr(settings), base.version, base.digest)
    if token not in plans:
        with st.spinner("正在读取……"):
            plans[token] = importing.plan_isolated(folder, uploads, settings, base)
        for old in [t for t in plans if t[0] == key][:-2]:
            plans.pop(old)
    return plans[token]


def forget(key: str) -> None:
    plans = st.session_state.get(_PLANS, {})
    for token in [t for t in plans if t[0] == key]:
        plans.pop(token)


def _default(name: str, value) -> str:
    """A widget key whose first value is `value` (what the file says); the person's edits then stay."""
    st.session_state.setdefault(name, value)
    return name


def _where(u: importing.FileUnderstanding) -> str:
    parts = [u.detail] if u.detail else []
    if u.header_row:
        parts.append(f"表头在第 {u.header_row} 行")
    return "；".join(parts)


def _file_card(u: importing.FileUnderstanding, key: str) -> importing.SheetChoice | None:
    """One file or worksheet as understood; its 单位/年份 fields when its rows do not say them."""
    choice = None
    with st.container(border=True):
        st.markdown(f"**{text.md(u.label)}**：{text.md(u.layout_words or u.layout)}")
        how = _where(u)
        lines = [f"- 读法：{text.md(how)}"] if how else []
        if u.columns:
            lines.append("- 各列：" + "；".join(f"{k} 列 {text.md(v)}" for k, v in u.columns.items()))
        if u.skipped:
            lines.append("- 跳过：" + "；".join(text.md(s) for s in u.skipped))
        if u.org_in_rows:
            lines.append("- 单位：表中每行的“单位名称”")
        if u.year_in_rows:
            lines.append(f"- 年份：{text.md(u.year_from)}")
        lines.append(f"- 读到数字 **{u.figures}** 个")
        st.markdown("\n".join(lines))
        if u.statistics and not (u.org_in_rows and u.year_in_rows):
            fields = iter(st.columns(2))
            org = year = None
            if not u.org_in_rows:
                said = f"（标题写的是“{u.org}”）" if u.org_from == importing.TITLE_WORDS else ""
                org = next(fields).text_input(f"这些数字是哪个单位的{said}", key=f"{key}:org:{u.label}",
                                      placeholder="如 犍为县政协", help="表中没有“单位名称”列时，全表的数字都记在这个单位名下")
            if not u.year_in_rows:
                said = "（标题写的年份）" if u.year_from == importing.TITLE_WORDS else ""
                year = next(fields).number_input(f"这些数字是哪一年的{said}", key=f"{key}:year:{u.label}",
                                          min_value=schema.YEAR_MIN, max_value=schema.YEAR_MAX, step=1,
                                          placeholder="如 2024", help="表中没有年份列时，全表的数字都记在这一年")
            choice = importing.SheetChoice((org or "").strip() or None, int(year) if year else None)
    return choice


def _indicator_row(ind: importing.NewIndicator, pillars: list[str], key: str) -> importing.IndicatorChoice:
    name, unit_col, kind_col, pillar_col = st.columns([3, 2, 2, 3])
    name.markdown(f"**{text.md(ind.name)}**")
    name.caption(f"{text.md(ind.file)} 第 {ind.row} 行，{ind.figures} 个数字" if ind.row else text.md(ind.file))
    kind_key = _default(f"{key}:kind:{ind.id}", ind.kind)
    unit_key = _default(f"{key}:unit:{ind.id}", ind.unit)

    def unit_changed() -> None:  # a new unit: the kind follows it (% → 比率, 万元 → 金额), unless chosen after
        st.session_state[kind_key] = importing.kind_of_unit(st.session_state[unit_key] or "")

    unit = unit_col.text_input("单位", key=unit_key, on_change=unit_changed, placeholder="如 场次",
                               help=f"取自：{ind.unit_from or '表中没有写'}")
    kind = kind_col.selectbox("类型", list(schema.KIND_WORDS), key=kind_key, format_func=schema.KIND_WORDS.get,
                              help="比率：百分数（0–100）；数量：不能为负；金额：钱数")
    options = list(dict.fromkeys([*pillars, ind.pillar]))
    pillar_key = _default(f"{key}:pillar:{ind.id}", ind.pillar)
    pillar = pillar_col.selectbox("板块", options, key=pillar_key, accept_new_options=True, format_func=text.widget_text,
                                  placeholder="选择或输入板块",
                                  help=f"取自：{ind.pillar_from}；可以选已有的板块，或直接输入新板块的名称")
    return importing.IndicatorChoice(pillar=(pillar or "").strip() or None, kind=kind, unit=(unit or "").strip())


def step(key: str, folder: Path, uploads: dict[str, bytes], base: store.Snapshot,
         dataset: Dataset | None) -> importing.Plan:
    """Draw the understanding and the fields; return the plan with the person's corrections."""
    first = plan_of(key, folder, uploads, importing.Settings(on_page=True), base)
    defaults = importing.suggested(first, dataset)
    st.markdown("**第三步**　**我们这样理解您的表格**：请核对。单位、年份、来源和新指标的单位、类型、板块都可以直接修改，"
                "下面将要保存的变化会随之更新。")
    settings = importing.Settings(on_page=True)
    for u in first.understood:
        if u.statistics:
            given = defaults.sheets.get(u.label, importing.SheetChoice())
            _default(f"{key}:org:{u.label}", given.org or "")
            _default(f"{key}:year:{u.label}", given.year)
        choice = _file_card(u, key)
        if choice is not None:
            settings.sheets[u.label] = choice
    if not first.understood:
        st.info("没有读到可以理解的表格，原因见下面的问题清单。")

    if first.new_indicators:
        st.markdown(f"**新指标 {len(first.new_indicators)} 个**　数据中还没有这些名称，将作为新指标加入。"
                    "请核对单位、类型和板块（类型由单位推断：% 为比率，元、万元、亿元为金额，其余为数量）。")
        pillars = list(dict.fromkeys([*(dataset.pillars() if dataset else []),
                                      *(i.pillar for i in first.new_indicators), schema.UNCLASSIFIED_PILLAR]))
        with st.container(border=True):
            for ind in first.new_indicators:
                settings.indicators[ind.id] = _indicator_row(ind, pillars, key)

    if any(u.statistics for u in first.understood):
        st.markdown("**这些数字的来源**　每个数字都要注明出处（如统计表、工作报告、公开文章），会显示在图表和导出材料中。")
        source = defaults.source
        title, publisher, date, url = st.columns([4, 3, 2, 3])
        settings.source = importing.SourceInfo(
            title.text_input("标题", key=_default(f"{key}:source:title", source.title), placeholder="如 2024年工作情况统计表"),
            publisher.text_input("发布者", key=_default(f"{key}:source:publisher", source.publisher),
                                 placeholder="如 犍为县政协办公室"),
            date.text_input("日期", key=_default(f"{key}:source:date", source.date), placeholder="如 2025-01-10",
                            help="统计表的填报日期或文章的发布日期；2025年1月10日、2025/1/10 也可以"),
            url.text_input("链接（可不填）", key=_default(f"{key}:source:url", source.url), placeholder="https://…"),
        )

    final = plan_of(key, folder, uploads, settings, base)
    notices = final.notices
    if notices:
        review.notices(notices, key)
    for warning in (p for p in final.problems if p.severity == "warning"):
        st.warning(text.md(str(warning)))
    return final


def problems_of(plan: importing.Plan):
    """The plan's errors and warnings as a refused proposal (the review's problem list)."""
    from tongxin import maintain

    shown = [p for p in plan.problems if p.severity in SEVERITY_SHOWN]
    return maintain.Proposal(plan.base, plan.base, shown, error_count=plan.error_count,
                             warning_count=len(shown) - len(plan.errors))


def counts(plan: importing.Plan) -> str:
    """表中的 16 个数字：15 个是新的，1 个数据中已有且相同 — the imported figures against the version
    they merge into."""
    total = sum(plan.count(kind) for kind in ("新增", "修改", "不变"))
    parts = [f"{n} 个{word}" for kind, word in (("新增", "是新的"), ("修改", "会替换数据中原来的数")) if (n := plan.count(kind))]
    if same := plan.count("不变"):
        parts.append(f"{same} 个数据中已有且相同")
    return f"表中的 {total} 个数字：" + "，".join(parts)
