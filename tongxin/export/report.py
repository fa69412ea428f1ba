"""The A4 report: cover, summary, one section per chart, sources and every figure — HTML rendered by
WeasyPrint into a PDF whose text is real (selectable, searchable) in an embedded CJK font.

Every string from the data is HTML-escaped here; nothing from a data file becomes markup.
"""

from __future__ import annotations

import base64
import html

from .. import display, narrative, tables
from ..figures import Chart, citation
from ..model import Dataset
from .deck import Slide, chinese_date

CSS = """
@page { size: A4 portrait; margin: 18mm 17mm 20mm 17mm;
        @bottom-center { content: "第 " counter(page) " 页，共 " counter(pages) " 页"; font-size: 8.5pt; color: #777; }
        @top-right { content: string(org); font-size: 8.5pt; color: #777; } }
@page cover { @bottom-center { content: none; } @top-right { content: none; } }
html { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif; font-size: 10.5pt;
       color: #222; line-height: 1.6; }
h1, h2, h3 { line-height: 1.3; }
.cover { page: cover; height: 240mm; display: flex; flex-direction: column; justify-content: center;
         border-top: 6mm solid #A61B29; padding-top: 30mm; break-after: page; }
.cover .org { font-size: 16pt; color: #555; string-set: org content(); }
.cover h1 { font-size: 28pt; margin: 6mm 0; }
.cover .date { font-size: 13pt; color: #555; }
.cover .source { margin-top: 60mm; font-size: 9.5pt; color: #666; }
section { break-before: page; }
section.figure { break-before: auto; break-inside: avoid; margin-bottom: 9mm; }
h2 { font-size: 16pt; border-left: 2mm solid #A61B29; padding-left: 3mm; margin: 0 0 4mm 0; }
h3 { font-size: 12.5pt; margin: 0 0 1mm 0; }
.subtitle, .caption { color: #666; font-size: 8.5pt; }
.caption { margin-top: 1mm; }
img { width: 100%; }
.cards { display: flex; gap: 4mm; margin: 2mm 0 6mm 0; }
.card { flex: 1; background: #F5F5F5; padding: 3mm 4mm; }
.card .value { font-size: 20pt; font-weight: bold; color: #0072B2; }
.card .change { color: #009E73; font-size: 9pt; }
table { width: 100%; border-collapse: collapse; font-size: 8.5pt; }
th, td { border-bottom: 0.3mm solid #DDD; padding: 1.2mm 1.5mm; text-align: left; vertical-align: top; }
th { background: #EFEFEF; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
"""


def escape(text) -> str:
    """Data text for the report page: markup shown literally, invisible direction overrides made visible."""
    return html.escape(display.visible_controls(str(text)))


def document(dataset: Dataset, org: str, charts: list[Chart], images: list[bytes], summary: Slide, sources: Slide,
         exported_on: str) -> str:
    parts = [f"<!doctype html><html lang='zh-CN'><head><meta charset='utf-8'><title>{escape(org)}同心共建质效报告"
             f"</title><style>{CSS}</style></head><body>"]
    parts.append(
        "<div class='cover'>"
        f"<div class='org'>{escape(org)}</div><h1>同心共建质效情况报告</h1>"
        f"<div class='date'>{escape(chinese_date(exported_on))}</div>"
        f"<div class='source'>{escape(summary.caption)}</div></div>"
    )
    cards = "".join(
        f"<div class='card'><div>{escape(c.label)}</div><div class='value'>{escape(c.value)}</div>"
        f"<div class='change'>{escape(' ｜ '.join(p for p in (c.note, c.change) if p))}</div></div>"
        for c in summary.cards
    )
    lines = "".join(f"<p>{escape(line)}</p>" for line in summary.lines)
    parts.append(f"<section><h2>主要情况</h2><div class='cards'>{cards}</div>{lines}</section>")
    parts.append("<section><h2>图表</h2>")
    for chart, image in zip(charts, images):
        sentences = "".join(f"<p>{escape(s)}</p>" for s in narrative.for_chart(dataset, org, chart.id))
        parts.append(
            "<section class='figure'>"
            f"<h3>{escape(chart.title)}</h3><div class='subtitle'>{escape(chart.subtitle)}</div>"
            f"<img src='data:image/png;base64,{base64.b64encode(image).decode()}' alt='{escape(chart.title)}'>"
            f"<div class='caption'>{escape(chart.caption(exported_on))}</div>{sentences}</section>"
        )
    parts.append("</section>")
    source_rows = "".join("<tr>" + "".join(f"<td>{escape(v)}</td>" for v in row) + "</tr>" for row in sources.rows)
    parts.append(
        "<section><h2>数据来源</h2><table><thead><tr><th>标题</th><th>发布者</th><th>日期</th><th>链接</th>"
        f"<th>数字条数</th></tr></thead><tbody>{source_rows}</tbody></table>"
        + "".join(f"<p class='caption'>{escape(line)}</p>" for line in sources.lines)
    )
    figures = tables.figures_table(dataset, [org]).drop(columns=["链接"])
    figures, same = tables.split_constant_columns(figures)
    head = "".join(f"<th>{escape(c)}</th>" for c in figures.columns)
    body = "".join("<tr>" + "".join(f"<td>{escape(str(v))}</td>" for v in row) + "</tr>"
                   for row in figures.itertuples(index=False))
    same_text = "；".join(f"{c}均为“{v}”" for c, v in same.items() if v)
    parts.append(f"<h2 style='margin-top:8mm'>附：全部数字（{len(figures)}条）</h2>"
                 + (f"<p class='caption'>{escape(same_text)}</p>" if same_text else "")
                 + f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></section>")
    parts.append(f"<p class='caption'>数据来源：{escape(citation(dataset.sources_of(dataset.observations)))}"
                 f" ｜ 导出时间：{escape(exported_on)}</p></body></html>")
    return "".join(parts)


def pdf(document: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=document).write_pdf()
