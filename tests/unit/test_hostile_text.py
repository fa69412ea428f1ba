"""Hostile text in data stays text: charts carry it escaped, exports keep it literal and inert."""

from __future__ import annotations

import io
import json
import zipfile

from tests import datasets as d
from tongxin import charts, load, tables
from tongxin.charts import Spec
from tongxin.export import ExportRequest, build, sheets


def test_the_hostile_fixture_loads(tmp_path):
    dataset = load.load_dataset(d.write(tmp_path / "h", d.hostile_dataset()))
    assert dataset.indicator("rate_x").name == d.SCRIPT_NAME and dataset.orgs() == [d.RTL_ORG]


def test_no_chart_carries_raw_markup(tmp_path):
    dataset = load.load_dataset(d.write(tmp_path / "h", d.hostile_dataset()))
    found = charts.catalog(dataset, d.RTL_ORG)
    assert {c.id for c in found} >= {"rates", "coverage"}
    for chart in found:
        spec = json.dumps(chart.figure.to_plotly_json(), ensure_ascii=False)
        assert "<script" not in spec and "<img" not in spec and "<i>" not in spec, chart.id
        assert "\u202e" not in spec and "[U+202E]" in spec
    assert "&lt;script&gt;alert(1)&lt;/scrip" in json.dumps(  # the name, shortened for the line label
        charts.build(dataset, Spec("rates", d.RTL_ORG)).figure.to_plotly_json(), ensure_ascii=False)


def test_links_only_for_web_addresses(tmp_path):
    dataset = load.load_dataset(d.write(tmp_path / "h", d.hostile_dataset()))
    assert tables.sources_table(dataset)["链接"].tolist() == [""]
    assert "未作为链接显示：javascript:alert(1)" in tables.sources_table(dataset)["备注"][0]


def test_exports_keep_hostile_text_literal(tmp_path):
    dataset = load.load_dataset(d.write(tmp_path / "h", d.hostile_dataset()))
    request = ExportRequest(dataset, d.RTL_ORG, chart_ids=["rates", "coverage"], exported_on="2026-11-26")
    (name, pack), = build("zip", request).items()
    assert name == "某县[U+202E]政协_会议材料包_20261126.zip"  # no invisible override in a file name
    with zipfile.ZipFile(io.BytesIO(pack)) as archive:
        names = archive.namelist()
        pdf = next(archive.read(n) for n in names if n.endswith(".pdf"))
        workbook = next(archive.read(n) for n in names if n.endswith(".xlsx"))
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "<script>alert(1)</script>参与率" in text  # shown as the characters it is
    with zipfile.ZipFile(io.BytesIO(workbook)) as book:
        xml = "".join(book.read(n).decode() for n in book.namelist() if n.startswith("xl/"))
    assert "<f>" not in xml  # no formula anywhere in the workbook
    assert "&apos;=HYPERLINK" in xml or "'=HYPERLINK" in xml  # the formula-like text kept, guarded by a '

    assert sheets.neutralise('=HYPERLINK("http://x","点")').startswith("'")
