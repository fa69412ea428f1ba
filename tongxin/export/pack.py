"""The table of export formats (shared by the 导出会议材料 page and the CLI), the meeting pack, and the
batch of many orgs (`each_org`: a folder per org and a comparison deck, in one ZIP).

Each exporter turns an `ExportRequest` into named files ({file name: bytes}). Work the formats share is
done once per request: the content model (`tongxin.document`) and the bare chart images in it, which the
deck, the A4 report and the Word 汇报材料 each only lay out. A batch renders every org's images and the
comparison charts in one run of one Chromium.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .. import display, document, tables
from ..charts import Chart, catalog, comparison_catalog
from ..model import Dataset
from . import deck, images, report, sheets, word

UNSAFE_IN_FILE_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def file_name(org: str, what: str, exported_on: str, extension: str) -> str:
    """犍为县政协_三率趋势_20261126.png — Chinese, with org and export date."""
    # Invisible direction overrides are a classic file-name spoof ("报告\u202efdp.exe"): made visible.
    parts = (display.visible_controls(p) for p in (org, what, exported_on.replace("-", "")))
    stem = "_".join(UNSAFE_IN_FILE_NAMES.sub("_", part).strip() for part in parts)
    return f"{stem}.{extension}"


@dataclass
class ExportRequest:
    dataset: Dataset
    org: str
    chart_ids: list[str] | None = None  # None: every chart the data supports
    size: str = "slide"  # theme.SIZES key, for standalone images
    exported_on: str = field(default_factory=lambda: today())
    progress: Callable[[float, str], None] | None = None
    data_dir: Path | None = None  # where an office's own Word template (汇报模板.docx) may be
    documents_only: bool = False  # only the charts the documents carry (a batch makes no separate pictures)
    title: str = ""  # the office's own title of the 汇报材料 (else document.default_title)
    subject: str = ""  # the work it is about, for the default title (同心共建 → 犍为县政协同心共建工作情况汇报)
    # What the user should know about the files made (in Chinese): a picture scaled to fit the page, a
    # template completed or replaced by the standard one. The page and the CLI show them.
    notes: list[str] = field(default_factory=list)
    word_check: tuple[str, list] | None = None  # (template file name, gongwen findings) of the Word file made
    peers: Dataset | None = None  # the data the org is placed among its peers in (default `dataset`)
    _charts: list | None = field(default=None, repr=False)
    _bare: dict | None = field(default=None, repr=False)
    _document: document.Document | None = field(default=None, repr=False)

    def charts(self) -> list[Chart]:
        if self._charts is None:
            every = catalog(self.dataset, self.org, documents_only=self.documents_only)
            chosen = every if self.chart_ids is None else [c for c in every if c.id in self.chart_ids]
            self._charts = chosen
        return self._charts

    def report_progress(self, fraction: float, message: str) -> None:
        if self.progress:
            self.progress(min(1.0, fraction), message)

    def bare_images(self) -> dict[str, bytes]:
        """The charts the documents show, without title and caption (the slide, page or Word paragraph
        sets those as text), each in its own aspect — rendered once per request for every document."""
        if self._bare is None:
            charts = document.document_charts(self.charts())
            self.report_progress(0.05, f"正在生成图表图片（共 {len(charts)} 张）…")
            rendered = images.render(
                charts, "png", images.DOCUMENT_PRESET, self.exported_on,
                framing=images.Framing(title=False, caption=False),
                natural=True,
                progress=lambda done, total: self.report_progress(0.05 + 0.5 * done / total,
                                                                  f"正在生成图表图片（{done}/{total}）…"),
            ) if charts else []
            self._bare = {c.id: b for c, b in zip(charts, rendered)}
        return self._bare

    def document(self) -> document.Document:
        """The content model every document of this request lays out, built once."""
        if self._document is None:
            charts = document.document_charts(self.charts())
            self._document = document.build(self.dataset, self.org, charts, self.bare_images(), self.exported_on,
                                            title=self.title, subject=self.subject, peers=self.peers)
        return self._document

    def word_template(self) -> Path:
        return word.template_for(self.data_dir)


@dataclass(frozen=True)
class Exporter:
    format: str
    label: str  # what the page calls it
    extension: str
    mime: str
    build: Callable[[ExportRequest], dict[str, bytes]]


def _deck(request: ExportRequest) -> dict[str, bytes]:
    content = request.document()
    request.report_progress(0.7, "正在生成演示文稿…")
    return {file_name(request.org, "会议材料", request.exported_on, "pptx"): deck.pptx(content)}


def _report(request: ExportRequest) -> dict[str, bytes]:
    content = request.document()
    request.report_progress(0.8, "正在排版 A4 报告…")
    return {file_name(request.org, "报告", request.exported_on, "pdf"): report.pdf(content)}


def _word(request: ExportRequest, template: Path | None = None) -> dict[str, bytes]:
    """The Word 汇报材料 in the office's template (or `template`), checked against GB/T 9704
    (`request.word_check`). Raises word.TemplateError when the template cannot be used."""
    from . import gongwen

    content = request.document()
    request.report_progress(0.85, "正在生成 Word 汇报材料…")
    template = template or request.word_template()
    made = word.docx(content, template, request.notes)
    request.word_check = (template.name, gongwen.check(made))
    return {file_name(request.org, "汇报材料", request.exported_on, "docx"): made}


def _pack_word(request: ExportRequest) -> dict[str, bytes]:
    """The pack's Word file: an office template that cannot be used does not block the pack — the Word
    file is made in the standard template instead, and a note says so (the deck, PDF and Excel do not
    depend on it)."""
    try:
        return _word(request)
    except word.TemplateError as error:
        request.notes.append(f"{error}本次材料包中的 Word 汇报材料已改用看板自带的标准模板（{word.TEMPLATE.name}）。")
        return _word(request, word.TEMPLATE)


def _workbook(request: ExportRequest) -> dict[str, bytes]:
    request.report_progress(0.9, "正在生成 Excel 工作簿…")
    content = sheets.workbook(request.dataset, request.org, request.charts(), request.exported_on)
    return {file_name(request.org, "数据", request.exported_on, "xlsx"): content}


def _csv(request: ExportRequest) -> dict[str, bytes]:
    table = tables.figures_export(request.dataset, [request.org])  # numbers as numbers (DATA_SPEC "Command line")
    return {file_name(request.org, "数字一览", request.exported_on, "csv"): sheets.csv_bytes(table)}


def _figures(fmt: str) -> Callable[[ExportRequest], dict[str, bytes]]:
    def build(request: ExportRequest) -> dict[str, bytes]:
        charts = request.charts()
        rendered = images.render(
            charts, fmt, request.size, request.exported_on,
            progress=lambda done, total: request.report_progress(0.55 + 0.3 * done / total,
                                                                 f"正在导出图片（{done}/{total}）…"),
        )
        return _unique({file_name(request.org, c.name, request.exported_on, fmt): b for c, b in zip(charts, rendered)},
                       charts, request, fmt, rendered)

    return build


def _unique(named: dict, charts, request, fmt, rendered) -> dict[str, bytes]:
    """Two charts with the same short name get numbered rather than overwrite each other."""
    if len(named) == len(charts):
        return named
    result, seen = {}, {}
    for chart, content in zip(charts, rendered):
        seen[chart.name] = seen.get(chart.name, 0) + 1
        what = chart.name if seen[chart.name] == 1 else f"{chart.name}{seen[chart.name]}"
        result[file_name(request.org, what, request.exported_on, fmt)] = content
    return result


def _pack(request: ExportRequest, parts=None) -> dict[str, bytes]:
    """Every document and figure in one ZIP. The documents share one content model and one rendering
    of the bare chart images (`ExportRequest.document`); the PNG files are the captioned charts.
    Progress only goes forward: each part's own 0–100% is told within its share of the whole."""
    files: dict[str, bytes] = {}
    told = request.progress
    parts = list(parts or PACK)
    shares = [PACK_SHARES.get(part, 0.1) for part in parts]
    start, reached = 0.0, [0.0]
    for part, share in zip(parts, shares):
        low, high = start, start + share / sum(shares) * 0.95

        def within(fraction, message, low=low, high=high):
            reached[0] = max(reached[0], low + (high - low) * min(1.0, fraction))
            if told:
                told(reached[0], message)

        request.progress = within
        try:
            files |= part(request)
        finally:
            request.progress = told
        start = high
    request.report_progress(0.97, "正在打包…")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    request.report_progress(1.0, "完成")
    return {file_name(request.org, "会议材料包", request.exported_on, "zip"): buffer.getvalue()}


_pack_png = _figures("png")
PACK = (_deck, _report, _pack_word, _workbook, _pack_png)
# How much of the pack's time each part takes (the deck renders the charts every document shares).
PACK_SHARES = {_deck: 0.55, _report: 0.1, _pack_word: 0.05, _workbook: 0.05, _pack_png: 0.25}


EXPORTERS: dict[str, Exporter] = {
    e.format: e
    for e in [
        Exporter("zip", "会议材料包（演示文稿 + 报告 + Word 汇报材料 + Excel + 全部图片）", "zip", "application/zip",
                 _pack),
        Exporter("pptx", "PPT 演示文稿（16:9，可编辑）", "pptx",
                 "application/vnd.openxmlformats-officedocument.presentationml.presentation", _deck),
        Exporter("pdf", "A4 PDF 报告", "pdf", "application/pdf", _report),
        Exporter("docx", "Word 汇报材料（公文格式，可编辑）", "docx",
                 "application/vnd.openxmlformats-officedocument.wordprocessingml.document", _word),
        Exporter("xlsx", "Excel 工作簿（数据与表格）", "xlsx",
                 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _workbook),
        Exporter("csv", "CSV 数字一览（UTF-8）", "csv", "text/csv", _csv),
        Exporter("png", "PNG 图片（每张图表一个文件）", "png", "image/png", _figures("png")),
        Exporter("svg", "SVG 矢量图（每张图表一个文件）", "svg", "image/svg+xml", _figures("svg")),
    ]
}


def build(format: str, request: ExportRequest) -> dict[str, bytes]:
    return EXPORTERS[format].build(request)


def single_file(files: dict[str, bytes], org: str, exported_on: str, format: str) -> tuple[str, bytes]:
    """One download: the file itself, or a ZIP when a format made several (one PNG per chart)."""
    if len(files) == 1:
        return next(iter(files.items()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return file_name(org, f"图表{format.upper()}", exported_on, "zip"), buffer.getvalue()


BATCH_PARTS = (_deck, _report, _pack_word)  # what each org's folder holds


def each_org(dataset: Dataset, orgs, exported_on: str | None = None,
             progress: Callable[[float, str], None] | None = None, data_dir: Path | None = None,
             subject: str = "") -> tuple[str, bytes, list[str]]:
    """Meeting materials of many orgs in one ZIP (issue 13): a folder per org holding its deck, A4
    report and Word 汇报材料 (titled `document.default_title(org, subject)`, placing the org among its
    peers), and a comparison deck of the ranking charts of each parent's orgs (orgs.csv; every org
    together without one). Every chart
    image of the batch is rendered in one run of one Chromium; `progress(fraction, message)` is told
    as the batch goes. Returns (file name, ZIP bytes, notes for the user — e.g. an office template that
    could not be used, the standard one used instead: said once, not once per org). Raises ExportError
    (no browser); KeyError for an org not in the data."""
    orgs = list(dict.fromkeys(orgs))
    unknown = [o for o in orgs if o not in set(dataset.orgs())]
    if unknown:
        raise KeyError(f"数据中没有单位：{'、'.join(unknown)}")
    exported_on = exported_on or today()
    say = progress or (lambda fraction, message: None)
    say(0.01, f"正在准备{len(orgs)}个单位的图表…")
    requests = [ExportRequest(dataset.restricted(org=o), o, exported_on=exported_on, data_dir=data_dir,
                              documents_only=True, subject=subject, peers=dataset) for o in orgs]
    pictures = [document.document_charts(r.charts()) for r in requests]
    # Peers are the orgs of one parent (DATA_SPEC v2, orgs.csv): a batch over two cities makes a comparison
    # deck per city, never one list ranking 乐山's counties with 眉山's (t1113 finding 13).
    by_parent: dict[str, list[str]] = {}
    for o in orgs:
        by_parent.setdefault(dataset.parent(o) if dataset.org_records else "", []).append(o)
    groups = [members for members in by_parent.values() if len(members) > 1]
    rankings = [comparison_catalog(dataset, members) for members in groups]
    framing = images.Framing(title=False, caption=False)

    def draw(charts: list) -> list[bytes]:
        if not charts:
            return []
        return images.render(charts, "png", images.DOCUMENT_PRESET, exported_on, framing=framing, natural=True)

    # One thread has Chromium draw each org's pictures in turn while this one writes the documents of the
    # orgs already drawn: the browser and Python each keep a core busy (bench/batch_pack.py). Progress is
    # told from this thread only (a page's progress bar belongs to its script thread).
    files: dict[str, bytes] = {}
    drawer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tongxin-batch-images")
    try:
        drawn = [drawer.submit(draw, shown) for shown in pictures]
        ranked = [drawer.submit(draw, charts) for charts in rankings]
        for n, (request, shown, future) in enumerate(zip(requests, pictures, drawn)):
            say(0.02 + 0.9 * n / len(requests), f"正在生成第{n + 1}/{len(requests)}个单位的图表和材料：{request.org}…")
            request._bare = {c.id: b for c, b in zip(shown, future.result())}
            folder = UNSAFE_IN_FILE_NAMES.sub("_", display.visible_controls(request.org)).strip() or f"单位{n + 1}"
            for part in BATCH_PARTS:
                for name, content in part(request).items():
                    files[f"{folder}/{name}"] = content
        shown_images = [{c.id: b for c, b in zip(charts, future.result())} for charts, future in zip(rankings, ranked)]
    finally:
        drawer.shutdown(wait=True, cancel_futures=True)
    group = document.group_title(dataset, orgs)
    for members, charts, pictured in zip(groups, rankings, shown_images):
        if charts:
            say(0.93, f"正在生成{document.group_title(dataset, members)}的各单位对比演示文稿…")
            files[file_name(document.group_title(dataset, members), "各单位对比", exported_on, "pptx")] = deck.pptx(
                document.comparison(dataset, members, charts, pictured, exported_on))
    say(0.97, "正在打包…")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    say(1.0, "完成")
    notes = list(dict.fromkeys(note for request in requests for note in request.notes))
    return file_name(group, "各单位会议材料包", exported_on, "zip"), buffer.getvalue(), notes


def today() -> str:
    return dt.date.today().isoformat()


def chart_image(chart: Chart, fmt: str, size: str, exported_on: str) -> bytes:
    """One chart as PNG, SVG or PDF, captioned with the export date (the page's per-chart download)."""
    return images.render([chart], fmt, size, exported_on)[0]


def figures_said(format: str, request: ExportRequest) -> str:
    """How many charts the files of `format` hold, as the CLI says it: 图表 8 张 for a document (the charts
    a document carries, document.document_charts), one file per chart for PNG/SVG, both for the pack;
    "" for the data formats."""
    in_documents = len(document.document_charts(request.charts()))
    every = len(request.charts())
    if format in ("pptx", "pdf", "docx"):
        return f"图表 {in_documents} 张"
    if format in ("png", "svg"):
        return f"图表 {every} 张（每张一个文件）"
    if format == "zip":
        return f"演示文稿、报告和 Word 材料中图表各 {in_documents} 张，另有图片 {every} 张"
    return ""  # a workbook or table holds figures, not charts
