"""Command line: `python -m tongxin check [DATA_DIR]` (and more subcommands as they land)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import load

DEFAULT_DATA = Path(__file__).resolve().parent.parent / "data"


def check(args) -> int:
    path = Path(args.data_dir) if args.data_dir else DEFAULT_DATA
    dataset, problems = load.read_dataset(path)
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity == "warning"]
    for p in errors:
        print(f"错误  {p}")
    for p in warnings:
        print(f"提醒  {p}")
    if dataset is None:
        print(f"\n检查未通过：{path} 有 {len(errors)} 处错误" + (f"、{len(warnings)} 条提醒" if warnings else "") + "。")
        return 1
    years = dataset.years()
    orgs = dataset.orgs()
    print(
        f"检查通过：{path}\n"
        f"  指标 {len(dataset.indicators)} 个（板块：{'、'.join(dataset.pillars())}）\n"
        f"  数字 {len(dataset.observations)} 条\n"
        f"  单位 {len(orgs)} 个（{'、'.join(orgs)}）\n"
        f"  年份 {years[0]}–{years[-1]}\n"
        f"  来源 {len(dataset.sources)} 个"
        + (f"\n  提醒 {len(warnings)} 条（见上）" if warnings else "")
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tongxin", description="同心共建质效看板 命令行工具")
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("check", help="检查数据文件夹（或 XLSX 工作簿），列出所有问题")
    p.add_argument("data_dir", nargs="?", help="数据文件夹或 .xlsx 文件；默认为项目的 data/")
    p.set_defaults(run=check)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
