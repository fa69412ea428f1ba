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


def run_cli(*args, env=None) -> subprocess.CompletedProcess:
    import os

    environment = {k: v for k, v in os.environ.items() if k not in ("TONGXIN_DATA_DIR", "TONGXIN_DATABASE_URL")}
    return subprocess.run([sys.executable, "-m", "tongxin", *map(str, args)], capture_output=True, text=True,
                          cwd=d.PROJECT, env={**environment, **(env or {})})


def test_check_reads_a_folder_without_creating_a_store(tmp_path):
    folder = d.write(tmp_path / "plain")
    assert run_check(folder).returncode == 0
    assert not (folder / ".tongxin").exists()


def test_check_and_export_read_the_store_s_folder_as_one_version(tmp_path):
    from tongxin import maintain, store

    folder = d.default_copy(tmp_path / "data")
    opened = store.open(folder)
    first = maintain.sync(opened).version
    files = opened.files(first.id)
    changed = files["observations.csv"].replace(b",342,", b",350,")
    opened.save({**files, "observations.csv": changed}, "张三", "修改1条数字", base=first.id)
    assert (folder / "observations.csv").is_symlink()  # the readable copy: links into .tongxin/current
    result = run_check(folder)
    assert result.returncode == 0 and "数字 45 条" in result.stdout
    out = tmp_path / "表.csv"
    exported = run_cli("export", "--data", folder, "--format", "csv", "--out", out)
    assert exported.returncode == 0, exported.stderr


def test_backup_command_makes_a_data_folder_with_every_version(tmp_path):
    from tongxin import maintain, store

    folder = d.default_copy(tmp_path / "data")
    opened = store.open(folder)
    first = maintain.sync(opened).version
    files = opened.files(first.id)
    opened.save({**files, "observations.csv": files["observations.csv"].replace(b",342,", b",350,")}, "张三",
                "修改1条数字", base=first.id)
    out = tmp_path / "备份" / "2026-11-26"
    result = run_cli("backup", out, env={"TONGXIN_DATA_DIR": str(folder)})
    assert result.returncode == 0, result.stderr
    assert "第 2 版（张三" in result.stdout and "共 2 个版本" in result.stdout
    copy = store.Store(out.resolve(), None)
    assert [v.who for v in copy.history()] == ["张三", store.INITIAL_EDITOR]
    assert (out / "observations.csv").read_bytes() == opened.files(2)["observations.csv"]
    assert run_check(out).returncode == 0
    again = run_cli("backup", out, "--data", folder)
    assert again.returncode == 1 and "已存在" in again.stderr  # never over an earlier backup


def test_backup_of_a_postgresql_store_and_pg_dump(tmp_path, postgres, pg_url):
    """README: `backup` works the same with PostgreSQL (into a SQLite copy); pg_dump/pg_restore too."""
    from tongxin import db, maintain, store

    folder = d.default_copy(tmp_path / "data")
    opened = store.open(folder, pg_url)
    first = maintain.sync(opened).version
    files = opened.files(first.id)
    opened.save({**files, "sources.csv": files["sources.csv"] + b"x,y,z,2024-01-01,,\r\n"}, "张三", "新增1个来源",
                base=first.id)
    out = tmp_path / "backup"
    result = run_cli("backup", out, "--data", folder, env={"TONGXIN_DATABASE_URL": pg_url})
    assert result.returncode == 0, result.stderr
    assert "pg_dump" in result.stdout
    assert [v.summary for v in store.Store(out.resolve(), None).history()] == [v.summary for v in opened.history()]

    name = postgres.name(pg_url)
    dump = tmp_path / "tongxin.dump"
    postgres.tool("pg_dump", "-Fc", "-d", name, "-f", dump)
    restored_url = postgres.create_database()
    postgres.tool("pg_restore", "-d", postgres.name(restored_url), dump)
    restored = store.Store(folder.resolve(), restored_url)
    assert restored.head() == opened.head() and restored.files(2) == opened.files(2)
    db.forget(restored_url)
    postgres.drop_database(restored_url)
