"""Meeting materials built from a Dataset without a browser: captioned figures (PNG/SVG/PDF), a PPTX
deck, an A4 PDF report, a Word 汇报材料 (GB/T 9704-2012), XLSX/CSV, and a ZIP pack of all of them. The three
documents lay out one content model (`tongxin.document`).

The exporters sit behind one table (`EXPORTERS`) that the 导出会议材料 page and the CLI both use;
sizes come from `theme.SIZES`. Modules: `images` (one Chromium per batch), `deck` (python-pptx),
`report` (WeasyPrint), `word` (python-docx into templates/公文模板.docx), `gongwen` (the 公文 format check),
`sheets` (XLSX/CSV, formula-safe), `pack` (ZIP, the registry, and `each_org`: one ZIP for many orgs).
"""

from .pack import EXPORTERS, Exporter, ExportRequest, build, chart_image, each_org, file_name, single_file, today

__all__ = ["EXPORTERS", "ExportRequest", "Exporter", "build", "chart_image", "each_org", "file_name",
           "single_file", "today"]
