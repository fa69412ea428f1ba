"""`python -m tongxin check`: summary and exit 0 on good data, every problem and exit 1 on bad."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests import datasets as d


def run_check(path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tongxin", "check", str(path)], capture_output=True, text=True, cwd=d.PROJECT
    )


def test_check_default_data():
    result = run_check(d.DEFAULT_DATA)
    assert result.returncode == 0, result.stdout
    assert "检查通过" in result.stdout
    assert "指标 41 个" in result.stdout and "数字 45 条" in result.stdout
    assert "犍为县政协" in result.stdout and "2020–2025" in result.stdout and "来源 1 个" in result.stdout


BAD = {
    "gbk_bad_value": ({"observations": d.with_rows("observations", d.observation("topics", 2024, "-3"))}, "gbk",
                      "observations.csv 第9行 「value」列"),
    "unknown_indicator": ({"observations": d.with_rows("observations", d.observation("x", 2024, "3"))}, "utf-8",
                          "observations.csv 第9行 「indicator」列"),
    "rate_120": ({"observations": d.with_rows("observations", d.observation("join_rate", 2021, "120", start=2021))},
                 "utf-8-sig", "第9行 「value」列：比率 120 超出 0–100"),
    "duplicate_indicator": ({"indicators": d.with_rows("indicators", "topics,x,y,个,count,,,,")}, "utf-8",
                            "indicators.csv 第7行 「id」列"),
    "header_only": ({"sources": d.SOURCES_HEADER + "\n"}, "utf-8", "sources.csv：只有表头"),
    "empty": ({"sources": ""}, "utf-8", "sources.csv：文件是空的"),
    "year_1900": ({"observations": d.with_rows("observations", d.observation("topics", 1900, "3"))}, "utf-8",
                  "第9行 「period_end」列：年份 1900 超出范围"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_check_bad_data_exits_1_naming_file_row_column(tmp_path, case):
    replace, encoding, expected = BAD[case]
    folder = d.write(tmp_path / case, encoding=encoding, **replace)
    result = run_check(folder)
    assert result.returncode == 1
    assert expected in result.stdout
    assert "检查未通过" in result.stdout


def test_check_a_fixture_of_another_org(tmp_path):
    result = run_check(d.write(tmp_path / "t", d.targets_dataset()))
    assert result.returncode == 0 and "青川县政协、白马镇政协联络组" in result.stdout and "2018–2026" in result.stdout
