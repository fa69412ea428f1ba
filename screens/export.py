"""导出会议材料 — choose figures, a format, a size and the material's title; one click builds the file with
a progress bar; download it; see the deck's first slides before opening PowerPoint; what to know about the
files (a picture scaled to the page, the standard template used instead of the office's); for Word and the
pack, the 公文 format check of the Word file; with several orgs, one ZIP of every org's materials and a
comparison deck."""

import streamlit as st

from components import chart, data, frame, peers
from components.text import md
from tongxin import document, export, theme
from tongxin.export import deck, images
from tongxin.export.images import ExportError
from tongxin.export.word import TemplateError

context = frame.context()
view, org = context.view, context.org

# 1. Title
st.title("导出会议材料")
st.caption("一键生成 PPT 演示文稿、A4 PDF 报告、Word 汇报材料（公文格式）、Excel 表格和图片；每张图都带标题、期间、"
           "数据来源和导出时间。演示文稿、报告和 Word 材料内容相同；各板块数字以三线表列出，“主要数字”图和"
           "“数据覆盖情况”图只导出为图片。")

# 2. What to export (the browser that draws images starts in the background meanwhile)
images.warm_up()
charts = chart.catalog(context)
if not charts:
    st.info(f"{md(org)}在所选年份内没有可以导出的图表。可在左侧调整年份范围。")
    st.stop()
titles = {c.id: c.title for c in charts}
chosen = st.multiselect("选择图表（默认全部）", list(titles), default=list(titles), format_func=titles.get,
                        key="export_charts")
left, right = st.columns(2)
formats = export.EXPORTERS
fmt = left.radio("格式", list(formats), format_func=lambda f: formats[f].label, key="export_format")
size = right.radio("图片尺寸（PNG/SVG 和材料包中的图片）", list(theme.SIZES),
                   format_func=lambda s: theme.SIZES[s].label, key="export_size")
title = st.text_input("材料标题（演示文稿、报告和 Word 材料的标题）", value=document.default_title(org),
                      key=f"export_title:{org}", help="默认为“单位名称工作情况汇报”，可改为本单位的标题，"
                      "如“犍为县政协同心共建工作情况汇报”“关于2024年度协商工作情况的汇报”。")

# 3. Build on request, with progress
if st.button("生成", type="primary", disabled=not chosen, key="export_go"):
    bar = st.progress(0.0, text="准备中…")
    request = export.ExportRequest(view, org, chart_ids=chosen, size=size, data_dir=data.data_dir(),
                                   title=title if title.strip() != document.default_title(org) else "",
                                   # the whole data of the chosen years: the documents place the org among its peers
                                   peers=context.dataset.restricted(years=context.years) if context.years
                                   else context.dataset,
                                   progress=lambda fraction, message: bar.progress(fraction, text=message))
    try:
        files = export.build(fmt, request)
    except (ExportError, TemplateError) as error:
        st.error(str(error))
    else:
        name, content = export.single_file(files, org, request.exported_on, fmt)
        st.session_state["export_result"] = (name, content, formats[fmt].mime if len(files) == 1 else "application/zip")
        st.session_state["export_preview"] = (deck.preview(request.document(), count=3) if fmt in ("pptx", "zip")
                                              else [])
        st.session_state["export_check"] = request.word_check  # the Word file's, for docx and the pack
        st.session_state["export_notes"] = list(request.notes)
        bar.progress(1.0, text="完成")

# 4. Download, and a look at the deck
result = st.session_state.get("export_result")
if result:
    name, content, mime = result
    st.download_button(f"下载 {md(name)}（{len(content) / 1024 / 1024:.1f} MB）", content, file_name=name, mime=mime,
                       type="primary", key="export_download")
for note in st.session_state.get("export_notes", []):
    st.info(md(note))
check = st.session_state.get("export_check")
if check:
    template, findings = check
    if findings:
        st.warning(f"公文格式检查（Word 汇报材料）：所用模板 {md(template)} 有 {len(findings)} 处与 GB/T 9704-2012 "
                   "不一致：\n\n" + "\n".join(f"- {md(str(f))}" for f in findings))
    else:
        st.success(f"公文格式检查（Word 汇报材料）通过（GB/T 9704-2012：A4、版心 156×225 毫米、每页 22 行每行 28 字、"
                   f"字体字号、页码）。模板：{md(template)}")
for number, image in enumerate(st.session_state.get("export_preview", []), start=1):
    if number == 1:
        st.subheader("演示文稿预览（前几页）")
    st.image(image, caption=f"第 {number} 页", width=640)

# 5. One chart on its own
with st.expander("单张图表下载（PNG / SVG / PDF）"):
    one = st.selectbox("图表", list(titles), format_func=titles.get, key="one_chart")
    one_format = st.radio("格式", ["png", "svg", "pdf"], horizontal=True, key="one_format")
    if st.button("生成这张图", key="one_go"):
        picked = next(c for c in charts if c.id == one)
        with st.spinner("正在生成…"):
            try:
                exported_on = export.today()
                content = export.chart_image(picked, one_format, size, exported_on)
            except ExportError as error:
                st.error(str(error))
            else:
                st.session_state["one_result"] = (export.file_name(org, picked.name, exported_on, one_format),
                                                  content, one_format)
    if st.session_state.get("one_result"):
        name, content, kind = st.session_state["one_result"]
        st.download_button(f"下载 {md(name)}", content, file_name=name, key="one_download",
                           mime={"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}[kind])

# 6. Every org of the group at once (several orgs only)
group = peers.scope(context)
if group is not None:
    with st.expander(f"批量导出：{md(group.label)}，每个单位一份"):
        minutes = max(1, round(len(group.orgs) * 3 / 60))
        st.caption(f"一个 ZIP 文件：每个单位一个文件夹（PPT 演示文稿、A4 PDF 报告、Word 汇报材料），另附各单位对比演示文稿"
                   f"（各项重点指标的排名图和排名表）。共 {len(group.orgs)} 个单位，约需 {minutes} 分钟。比较范围可在"
                   "「各单位对比」页选择。")
        if st.button(f"生成 {len(group.orgs)} 个单位的材料包", key="batch_go"):
            bar = st.progress(0.0, text="准备中…")
            scope = context.dataset.restricted(years=context.years)
            try:
                name, content, notes = export.each_org(
                    scope, group.orgs, data_dir=data.data_dir(),
                    progress=lambda fraction, message: bar.progress(fraction, text=message))
            except (ExportError, TemplateError) as error:
                st.error(str(error))
            else:
                st.session_state["batch_result"] = (name, content, notes)
        if st.session_state.get("batch_result"):
            name, content, notes = st.session_state["batch_result"]
            for note in notes:
                st.info(md(note))
            st.download_button(f"下载 {md(name)}（{len(content) / 1024 / 1024:.1f} MB）", content, file_name=name,
                               mime="application/zip", key="batch_download")
