"""Command line: `python -m tongxin check [DATA_DIR]` and `python -m tongxin export …` (DATA_SPEC)."""

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


def export(args) -> int:
    from .export import EXPORTERS, ExportRequest, build
    from .export.images import ExportError

    path = Path(args.data) if args.data else DEFAULT_DATA
    dataset, problems = load.read_dataset(path)
    if dataset is None:
        for p in problems:
            print(f"错误  {p}", file=sys.stderr)
        print(f"数据有问题，未导出。请先运行 python -m tongxin check {path}", file=sys.stderr)
        return 1
    org = args.org or dataset.orgs()[0]
    if org not in dataset.orgs():
        print(f"数据中没有单位「{org}」；可选：{'、'.join(dataset.orgs())}", file=sys.stderr)
        return 1
    request = ExportRequest(dataset, org, chart_ids=args.charts.split(",") if args.charts else None, size=args.size,
                            progress=lambda fraction, message: print(f"[{fraction:4.0%}] {message}", file=sys.stderr))
    if request.chart_ids is not None and not request.charts():
        print("没有找到所选的图表编号", file=sys.stderr)
        return 1
    try:
        files = build(args.format, request)
    except ExportError as error:
        print(str(error), file=sys.stderr)
        return 1
    out = Path(args.out)
    if len(files) == 1 and not out.is_dir():
        out.parent.mkdir(parents=True, exist_ok=True)
        targets = {out: next(iter(files.values()))}
    else:
        out.mkdir(parents=True, exist_ok=True)
        targets = {out / name: content for name, content in files.items()}
    for target, content in targets.items():
        partial = target.with_name(target.name + ".part")
        partial.write_bytes(content)
        partial.replace(target)  # never a half-written file under the final name
        print(f"已导出：{target}（{len(content) // 1024} KB）")
    print(f"格式：{EXPORTERS[args.format].label}；单位：{org}；图表 {len(request.charts())} 张")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tongxin", description="同心共建质效看板 命令行工具")
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("check", help="检查数据文件夹（或 XLSX 工作簿），列出所有问题")
    p.add_argument("data_dir", nargs="?", help="数据文件夹或 .xlsx 文件；默认为项目的 data/")
    p.set_defaults(run=check)

    from .export import EXPORTERS
    from .theme import SIZES

    p = commands.add_parser("export", help="生成会议材料（无需浏览器）")
    p.add_argument("--data", help="数据文件夹或 .xlsx 文件；默认为项目的 data/")
    p.add_argument("--format", required=True, choices=list(EXPORTERS),
                   help="；".join(f"{k}：{e.label}" for k, e in EXPORTERS.items()))
    p.add_argument("--out", required=True, help="输出文件；png/svg 等多个文件时为文件夹")
    p.add_argument("--org", help="单位名称；默认为数据中的第一个单位")
    p.add_argument("--size", default="slide", choices=list(SIZES), help="图片尺寸：" + "；".join(
        f"{k}：{s.label}" for k, s in SIZES.items()))
    p.add_argument("--charts", help="只导出这些图表（逗号分隔的图表编号，如 rates,rates_change）")
    p.set_defaults(run=export)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
