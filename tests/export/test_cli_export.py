"""`python -m tongxin export` says what it did truly: the charts a file really holds, which org of a
multi-org dataset it is about and how to choose another, the title the office set; an --out whose
extension does not match --format is refused in Chinese with nothing written."""

from __future__ import annotations

import io
import re
import subprocess
import sys

import pytest
from docx import Document as open_docx

from tests import datasets as d


def export(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tongxin", "export", *args], capture_output=True, text=True,
                          cwd=d.PROJECT)


@pytest.mark.parametrize("fmt, out", [("docx", "汇报.pdf"), ("pdf", "报告.docx"), ("zip", "材料.pptx"),
                                      ("xlsx", "数据.csv")])
def test_an_out_file_of_another_format_is_refused(tmp_path, fmt, out):
    folder = d.write(tmp_path / "data")
    result = export("--data", str(folder), "--format", fmt, "--out", str(tmp_path / out))
    assert result.returncode == 1
    assert f"的扩展名 .{out.rsplit('.', 1)[1]} 与格式 {fmt} 不符" in result.stderr and "未导出任何文件" in result.stderr
    assert not (tmp_path / out).exists()


def test_a_multi_org_dataset_says_which_org_and_how_to_choose(tmp_path):
    folder = d.write(tmp_path / "data", d.targets_dataset())
    result = export("--data", str(folder), "--format", "csv", "--out", str(tmp_path / "一览.csv"))
    assert result.returncode == 0, result.stderr
    assert ("数据中有 2 个单位（青川县政协、白马镇政协联络组），未指定 --org，本次导出「青川县政协」（数据中的第一个单位）。"
            "导出其他单位请加 --org 单位名称。") in result.stdout
    chosen = export("--data", str(folder), "--format", "csv", "--org", "白马镇政协联络组",
                    "--out", str(tmp_path / "二.csv"))
    assert chosen.returncode == 0 and "未指定 --org" not in chosen.stdout


def test_the_count_of_charts_is_that_of_the_file_and_the_title_is_set(tmp_path):
    folder = d.write(tmp_path / "data", d.targets_dataset())
    out = tmp_path / "汇报.docx"
    result = export("--data", str(folder), "--format", "docx", "--org", "白马镇政协联络组", "--out", str(out),
                    "--subject", "同心共建")
    assert result.returncode == 0, result.stderr
    pictures = len(re.findall(r"<wp:inline", open_docx(io.BytesIO(out.read_bytes())).element.xml))
    said = int(re.search(r"图表 (\d+) 张", result.stdout)[1])
    assert said == pictures and pictures > 0
    assert open_docx(str(out)).paragraphs[0].text == "白马镇政协联络组同心共建工作情况汇报"
    titled = export("--data", str(folder), "--format", "docx", "--org", "白马镇政协联络组", "--charts", "rates",
                    "--out", str(tmp_path / "二.docx"), "--title", "关于基层协商工作情况的汇报")
    assert titled.returncode == 0 and "图表 1 张" in titled.stdout
    assert open_docx(str(tmp_path / "二.docx")).paragraphs[0].text == "关于基层协商工作情况的汇报"
