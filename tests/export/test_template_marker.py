"""The data template records the version it holds (issue 10), and the record survives an office
program saving the workbook again: openpyxl (what the tests' "Excel" edits use) and LibreOffice
Calc (headless). Excel and WPS keep custom document properties too, but cannot run here."""

from __future__ import annotations

import io
import shutil
import subprocess

import openpyxl
import pytest

from tests import datasets as d
from tongxin import load
from tongxin.export import sheets

BASE = (7, "b" * 64, "第 7 版（张三，2026-11-26 10:05）")


@pytest.fixture
def template() -> bytes:
    return sheets.workbook(load.load_dataset(d.DEFAULT_DATA), None, [], "2026-11-26", template=True, base=BASE)


def test_the_template_says_its_version_to_people_and_to_the_app(template):
    assert sheets.template_marker(template) == BASE[:2]
    notes = {row[0].value: row[1].value for row in openpyxl.load_workbook(io.BytesIO(template))["说明"].iter_rows()}
    assert "第 7 版（张三，2026-11-26 10:05）" in notes["数据版本"]
    plain = sheets.workbook(load.load_dataset(d.DEFAULT_DATA), None, [], "2026-11-26", template=True)
    assert sheets.template_marker(plain) is None and sheets.template_marker(b"not a zip") is None


def test_the_marker_survives_saving_in_openpyxl_and_libreoffice(template, tmp_path):
    book = openpyxl.load_workbook(io.BytesIO(template))
    book["数据"]["F2"] = 1
    buffer = io.BytesIO()
    book.save(buffer)
    assert sheets.template_marker(buffer.getvalue()) == BASE[:2]

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.fail("找不到 LibreOffice（soffice）：请先运行 make test 安装测试用的系统组件")
    (tmp_path / "模板.xlsx").write_bytes(template)
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to",
                    "xlsx:Calc MS Excel 2007 XML", "--outdir", str(tmp_path / "out"), str(tmp_path / "模板.xlsx")],
                   check=True, capture_output=True, timeout=180)
    assert sheets.template_marker((tmp_path / "out" / "模板.xlsx").read_bytes()) == BASE[:2]
