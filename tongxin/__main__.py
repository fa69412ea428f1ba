"""Command line: `check`, `import` and `export` (DATA_SPEC "Command line"), `hash-password` for
editor accounts, and `backup` (a consistent copy of the store and the current data). Each command
imports only what it needs: `check` of a million figures should not wait for the chart and
document libraries."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import load

DEFAULT_DATA = Path(__file__).resolve().parent.parent / "data"


def names(items: list[str], limit: int = 8) -> str:
    """甲、乙、丙 — or the first few and how many in all: a line listing 183 names helps nobody."""
    return "、".join(items) if len(items) <= limit else "、".join(items[:limit]) + f" 等 {len(items)} 个"


def print_problems(problems, out=None) -> None:
    """Errors, then warnings, then notices (how the files were read), each on a line in Chinese."""
    for severity in ("error", "warning", "notice"):
        for p in problems:
            if p.severity == severity:
                print(f"{p.severity_word}  {p}", file=out or sys.stdout)


def _understand_alone(path: Path) -> None:
    """A statistics table given to check: say how an import would read it (nothing is written)."""
    from . import importing

    plan = importing.plan(None, {path.name: path.read_bytes()})
    if plan.understood:
        print("\n这张表导入时会这样读取（导入命令：python -m tongxin import 文件 --into 数据文件夹 --source-title … "
              "--source-publisher … --source-date …）：")
        for line in importing.report(plan):
            if not line.startswith(("错误", "提醒")):
                print(line)
def read(path: Path):
    """A data folder read as one whole version even while the app saves into it (the store's
    reader follows the folder's one `current` link once); a workbook, or a folder holding one,
    as the loader reads it. Reads only: no database is created or changed."""
    from . import store
    from .db import StoreFault
    from .model import Problem

    if path.is_dir():
        try:
            files = store.read_folder(path)
        except StoreFault as fault:
            return None, [Problem(str(path), fault.message)]
        if files:
            return load.read_files(files, where=str(path))
    return load.read_dataset(path)


def check(args) -> int:
    path = Path(args.data_dir) if args.data_dir else DEFAULT_DATA
    dataset, problems = read(path)
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity == "warning"]
    notices = [p for p in problems if p.severity == "notice"]
    print_problems(problems)
    if dataset is None and path.is_file() and any("不是完整的数据集" in p.hint for p in errors):
        _understand_alone(path)
    if dataset is None:
        print(f"\n检查未通过：{path} 有 {len(errors)} 处错误" + (f"、{len(warnings)} 条提醒" if warnings else "") + "。")
        return 1
    years = dataset.years()
    orgs = dataset.orgs()
    print(
        ("\n" if problems else "") + f"检查通过：{path}\n"
        f"  指标 {len(dataset.indicators)} 个（板块：{names(dataset.pillars())}）\n"
        f"  数字 {len(dataset.observations)} 条\n"
        f"  单位 {len(orgs)} 个（{names(orgs)}）\n"
        f"  年份 {years[0]}–{years[-1]}\n"
        f"  来源 {len(dataset.sources)} 个"
        + (f"\n  提醒 {len(warnings)} 条（见上）" if warnings else "")
        + (f"\n  说明 {len(notices)} 条：文件的读法（见上），数字已按说明读取" if notices else "")
    )
    return 0


def export(args) -> int:
    from .export import EXPORTERS, ExportRequest, build
    from .export.images import ExportError
    from .export.word import TemplateError

    path = Path(args.data) if args.data else DEFAULT_DATA
    dataset, problems = read(path)
    if dataset is None:
        for p in problems:
            print(f"错误  {p}", file=sys.stderr)
        print(f"数据有问题，未导出。请先运行 python -m tongxin check {path}", file=sys.stderr)
        return 1
    if args.each_org:
        return _export_each_org(args, dataset, path)
    wrong = _out_mismatch(args.out, args.format)
    if wrong:
        print(wrong, file=sys.stderr)
        return 1
    org = args.org or dataset.orgs()[0]
    if org not in dataset.orgs():
        print(f"数据中没有单位「{org}」；可选：{names(dataset.orgs())}", file=sys.stderr)
        return 1
    if not args.org and len(dataset.orgs()) > 1:
        print(_which_org(dataset.orgs(), org))
    request = ExportRequest(dataset, org, chart_ids=args.charts.split(",") if args.charts else None, size=args.size,
                            data_dir=path if path.is_dir() else path.parent, title=args.title or "",
                            subject=args.subject or "",
                            progress=lambda fraction, message: print(f"[{fraction:4.0%}] {message}", file=sys.stderr))
    if request.chart_ids is not None and not request.charts():
        print("没有找到所选的图表编号", file=sys.stderr)
        return 1
    try:
        files = build(args.format, request)
    except (ExportError, TemplateError) as error:
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
    from .export.pack import figures_said

    said = figures_said(args.format, request)
    print(f"格式：{EXPORTERS[args.format].label}；单位：{org}" + (f"；{said}" if said else ""))
    _print_word_check(request)
    return 0


def _out_mismatch(out: str, format: str) -> str:
    """A Chinese refusal when --out names a file whose extension is not the format's (汇报.pdf for docx),
    else "". PNG/SVG make one file per chart: --out is then a folder (any name)."""
    from .export import EXPORTERS

    extension = EXPORTERS[format].extension
    suffix = Path(out).suffix.lower().lstrip(".")
    if format in ("png", "svg") or not suffix or suffix == extension or Path(out).is_dir():
        return ""
    return (f"输出文件 {out} 的扩展名 .{suffix} 与格式 {format} 不符：{EXPORTERS[format].label}应保存为 "
            f"{Path(out).with_suffix('.' + extension).name}；或改用与扩展名相符的 --format。未导出任何文件。")


def _which_org(orgs: list[str], org: str) -> str:
    """Which org a multi-org export is of, and how to choose another: one material is one office's."""
    return (f"数据中有 {len(orgs)} 个单位（{names(orgs)}），未指定 --org，本次导出「{org}」（数据中的第一个单位）。"
            f"导出其他单位请加 --org 单位名称。每个单位一份请加 --each-org（须 --format zip）。")


def _print_word_check(request) -> None:
    """What the user should know about the files (notes), and the 公文 check of the Word file made (for
    docx and for the pack, whose Word file is checked the same way)."""
    for note in request.notes:
        print(f"说明：{note}")
    if request.word_check is None:
        return
    template, findings = request.word_check
    print(f"Word 模板：{template}")
    if findings:
        print(f"公文格式检查：Word 汇报材料有 {len(findings)} 处与 GB/T 9704-2012 不一致（多半来自所用模板）：")
        for finding in findings:
            print(f"  {finding}")
    else:
        print("公文格式检查：Word 汇报材料通过（GB/T 9704-2012 版式）")


def backup(args) -> int:
    """A consistent copy of the store (every version, the history) and the current data files into
    the new folder OUT — itself a data folder the app and `check` can open."""
    from . import db, maintain, store

    path = Path(args.data or os.environ.get("TONGXIN_DATA_DIR") or DEFAULT_DATA).expanduser()
    out = Path(args.out).expanduser()
    if not path.is_dir():
        print(f"找不到数据文件夹：{path}（备份只适用于数据文件夹）", file=sys.stderr)
        return 1
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        print(f"{out} 已存在且不是空文件夹：请指定一个新的文件夹。", file=sys.stderr)
        return 1
    opened = store.open(path)
    current = maintain.sync(opened)  # files changed by hand on the server are taken in first (validated)
    if current.fault and current.fault.kind == "db_down" or not opened.available():
        print(current.fault.message if current.fault else "数据文件夹中还没有看板的数据库，无需备份看板的历史；"
              "直接复制三个 CSV 文件即可。", file=sys.stderr)
        return 1
    if current.rejected:
        print("注意：服务器上的数据文件被直接修改过但没有采用（有问题或基于旧版本），备份的是看板中的当前版本。",
              file=sys.stderr)
    try:
        version = opened.backup(out)
    except (OSError, db.StoreFault) as error:
        fault = db.fault_from(error, writing_data=False)
        print(f"备份失败：{fault.message if fault else error}", file=sys.stderr)
        return 1
    count = len(store.Store(out.resolve(), None).history())
    print(f"已备份到 {out}：当前版本为" + (version.label if version else "（无）") + f"，共 {count} 个版本。")
    print(f"恢复时运行：python -m tongxin restore {out}（所有版本都保留在历史中）。")
    if opened.external:
        print(f"数据库是 PostgreSQL（{db.shown_url(opened.url)}）：也可以用 pg_dump 备份整个数据库。")
    return 0


def _export_each_org(args, dataset, path: Path) -> int:
    """--each-org: one ZIP with a folder per org (deck, A4 report, Word) and a comparison deck (issue 13)."""
    from .export import each_org
    from .export.images import ExportError
    from .export.word import TemplateError

    if args.format != "zip":
        print("--each-org 只能与 --format zip 一起使用（每个单位一个文件夹，打包为一个 ZIP）", file=sys.stderr)
        return 1
    wrong = _out_mismatch(args.out, args.format)
    if wrong:
        print(wrong, file=sys.stderr)
        return 1
    orgs = dataset.orgs()
    if args.parent:
        orgs = [o for o in orgs if dataset.parent(o) == args.parent]
        if not orgs:
            parents = list(dict.fromkeys(p for p in (dataset.parent(o) for o in dataset.orgs()) if p))
            print(f"单位表中没有上级单位为「{args.parent}」的单位" + (f"；可选：{names(parents)}" if parents else
                                                               "（数据没有单位表 orgs.csv）"), file=sys.stderr)
            return 1
    if args.org:
        wanted = [o.strip() for o in args.org.split(",") if o.strip()]
        missing = [o for o in wanted if o not in dataset.orgs()]
        if missing:
            print(f"数据中没有单位「{'、'.join(missing)}」；可选：{names(dataset.orgs())}", file=sys.stderr)
            return 1
        orgs = [o for o in orgs if o in wanted]
    print(f"批量导出 {len(orgs)} 个单位的会议材料（每个单位一个文件夹：演示文稿、A4 报告、Word 汇报材料；"
          f"另附各单位对比演示文稿）", file=sys.stderr)
    try:
        if args.title:
            print("--each-org 不用 --title（每个单位的材料各有标题）；可用 --subject 指定工作主题。", file=sys.stderr)
            return 1
        name, content, notes = each_org(
            dataset, orgs, data_dir=path if path.is_dir() else path.parent, subject=args.subject or "",
            progress=lambda fraction, message: print(f"[{fraction:4.0%}] {message}", file=sys.stderr))
    except (ExportError, TemplateError) as error:
        print(str(error), file=sys.stderr)
        return 1
    for note in notes:
        print(f"说明  {note}")
    out = Path(args.out)
    target = out / name if out.is_dir() else out
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    partial.write_bytes(content)
    partial.replace(target)  # never a half-written file under the final name
    print(f"已导出：{target}（{len(content) // 1024} KB，{len(orgs)} 个单位）")
    return 0


def hash_password(args) -> int:
    """Print a [tongxin.editors.<username>] block for .streamlit/secrets.toml."""
    import getpass
    import re

    from .auth import hash_password as make_hash

    if not re.fullmatch(r"[A-Za-z0-9_.-]+", args.username):
        print("用户名只能用英文字母、数字、下划线、点或短横线", file=sys.stderr)
        return 1
    if args.stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("新密码：")
        if getpass.getpass("再输入一次：") != password:
            print("两次输入的密码不一致，未生成。", file=sys.stderr)
            return 1
    if len(password) < 8:
        print("密码至少 8 位。", file=sys.stderr)
        return 1
    name = (args.name or args.username).replace('"', "")
    print(f'[tongxin.editors.{args.username}]\nname = "{name}"\npassword_hash = "{make_hash(password)}"')
    print("把上面三行加入服务器上的 .streamlit/secrets.toml，然后重启看板。", file=sys.stderr)
    return 0


def _export_parser(commands) -> None:
    from .export import EXPORTERS
    from .theme import SIZES

    p = commands.add_parser("export", help="生成会议材料（无需浏览器）")
    p.add_argument("--data", help="数据文件夹或 .xlsx 文件；默认为项目的 data/")
    p.add_argument("--format", required=True, choices=list(EXPORTERS),
                   help="；".join(f"{k}：{e.label}" for k, e in EXPORTERS.items()))
    p.add_argument("--out", required=True, help="输出文件；png/svg 等多个文件时为文件夹")
    p.add_argument("--org", help="单位名称；默认为数据中的第一个单位（与 --each-org 一起时可写多个，逗号分隔）")
    p.add_argument("--each-org", action="store_true",
                   help="每个单位一份：一个 ZIP，每个单位一个文件夹（演示文稿、A4 报告、Word 汇报材料），另附各单位对比演示文稿；"
                        "须与 --format zip 一起使用")
    p.add_argument("--parent", help="与 --each-org 一起：只导出单位表中上级为该单位的各单位（如 乐山市政协）")
    p.add_argument("--title", help="材料标题，如 关于2024年度协商工作情况的汇报；默认为“单位名称工作情况汇报”")
    p.add_argument("--subject", help="工作主题，用于默认标题，如 同心共建 → 犍为县政协同心共建工作情况汇报")
    p.add_argument("--size", default="slide", choices=list(SIZES), help="图片尺寸：" + "；".join(
        f"{k}：{s.label}" for k, s in SIZES.items()))
    p.add_argument("--charts", help="只导出这些图表（逗号分隔的图表编号，如 rates,rates_change）")
    p.set_defaults(run=export)


def import_files(args) -> int:
    """DATA_SPEC v2 "Import": how each file was understood, what changes, then the save (or, with
    problems, every problem and nothing written; exit 1)."""
    import getpass
    import socket

    from . import importing

    settings = importing.Settings(org=args.org or "", year=args.year, source=importing.SourceInfo(
        args.source_title or "", args.source_publisher or "", args.source_date or "", args.source_url or ""))
    uploads = {}
    for name in args.files:
        path = Path(name)
        if not path.is_file():
            print(f"错误  {name}：找不到这个文件", file=sys.stderr)
            return 1
        uploads[path.name] = path.read_bytes()
    plan = importing.plan(args.into, uploads, settings)
    for line in importing.report(plan):
        print(line)
    if not plan.ok:
        print(f"\n导入未执行：有 {len(plan.errors)} 处问题，数据文件夹 {args.into} 没有任何改动。")
        return 1
    if args.dry_run:
        print("\n试运行（--dry-run）：以上改动没有保存。")
        return 0
    if not plan.changes_anything:
        print("\n没有需要保存的改动。")
        return 0
    try:
        who = f"命令行导入（{getpass.getuser()}@{socket.gethostname()}）"
    except (KeyError, OSError):
        who = "命令行导入"
    try:
        saved = importing.save(plan, who)
    except importing.ConflictError as conflict:
        print(f"\n导入未执行：{conflict}", file=sys.stderr)
        return 1
    except importing.store.StoreFault as fault:
        print(f"\n导入未执行：{fault.message}", file=sys.stderr)
        return 1
    print(f"\n已保存到 {args.into}（第 {saved.version.id} 版，可在“数据维护”页的历史版本中查看或恢复）。")
    if saved.copy_fault:
        print(f"注意：{saved.copy_fault.message}", file=sys.stderr)
    return 0


def restore(args) -> int:
    """Bring a backup (made by `backup`) back into the data folder's store — SQLite or PostgreSQL
    ($TONGXIN_DATABASE_URL). A store with no version yet (a new or emptied database) receives every
    version and the history of the backup; a store with versions gets the backup's current version
    as a new version (origin "restore"), so nothing saved since the backup is lost from history
    (t10 finding 4: putting the backup folder in place while PostgreSQL was configured made its CSVs
    a new version "edited on the server" and ignored its history)."""
    import getpass
    import socket

    from . import db, store

    backup_dir = Path(args.backup).expanduser().resolve()
    path = Path(args.data or os.environ.get("TONGXIN_DATA_DIR") or DEFAULT_DATA).expanduser().resolve()
    if not db.sqlite_path(backup_dir).is_file():
        print(f"{backup_dir} 不是备份文件夹（其中没有 .tongxin/store.sqlite）。备份用 python -m tongxin backup 生成。",
              file=sys.stderr)
        return 1
    if not path.is_dir():
        print(f"找不到数据文件夹：{path}", file=sys.stderr)
        return 1
    if path == backup_dir:
        print("备份文件夹就是数据文件夹本身：看板直接打开它即可，无需恢复。", file=sys.stderr)
        return 1
    source = store.Store(backup_dir, None)
    wanted = source.head()
    if wanted is None:
        print("这个备份中没有任何版本，无需恢复。", file=sys.stderr)
        return 1
    target = store.open(path)
    where = f"数据库 {db.shown_url(target.url)}" if target.external else f"数据文件夹 {path}"
    try:
        head = target.head()
        if head is None:
            loaded = target.load_backup(backup_dir)
            count = len(target.history(limit=None))
            print(f"已把备份中的全部 {count} 个版本和历史载入{where}；当前为{loaded.label}。")
            return 0
        if head.digest == wanted.digest:
            print(f"{where}的当前数据（{head.label}）与备份中的当前版本（{wanted.label}）相同，无需恢复。")
            return 0
        try:
            who = f"从备份恢复（{getpass.getuser()}@{socket.gethostname()}）"
        except (KeyError, OSError):
            who = "从备份恢复"
        saved = target.save(source.files(wanted.id), who, f"从备份恢复：备份中的{wanted.label}：{wanted.summary}",
                            head.id, origin="restore")
    except (store.ConflictError, ValueError):  # ValueError: the first version was saved meanwhile
        print("恢复时正好有人保存了新数据，没有恢复；请再运行一次。", file=sys.stderr)
        return 1
    except db.StoreFault as fault:
        print(f"恢复失败：{fault.message}", file=sys.stderr)
        return 1
    print(f"已恢复：备份中的{wanted.label}现在是{where}的第 {saved.version.id} 版。此前的所有版本仍在历史中，"
          "需要时可在“数据维护”页的“历史版本”中再恢复。")
    if saved.copy_fault:
        print(f"注意：{saved.copy_fault.message}", file=sys.stderr)
    return 0


def unlock(args) -> int:
    """Lift an account's sign-in lock (five wrong passwords: auth.MAX_FAILURES) before it ends by
    itself, and forget its counted failures; the sign-in page's "联系管理员" points here (t10 finding 13)."""
    from . import db, store

    path = Path(args.data or os.environ.get("TONGXIN_DATA_DIR") or DEFAULT_DATA).expanduser()
    if not path.is_dir():
        print(f"找不到数据文件夹：{path}", file=sys.stderr)
        return 1
    opened = store.open(path)
    if not opened.external and not db.sqlite_path(opened.folder).exists():
        print(f"{args.username} 没有被锁定（数据文件夹中还没有看板的数据库，没有记录过登录）。")
        return 0
    try:
        before = opened.unlock(args.username)
    except db.StoreFault as fault:
        print(f"解锁失败：{fault.message}", file=sys.stderr)
        return 1
    if before is None or (before.allowed and not before.failures):
        print(f"{args.username} 没有被锁定，也没有记录到密码错误。")
    elif not before.allowed:
        print(f"已解除 {args.username} 的锁定（此前连续 {before.failures} 次密码错误），现在可以重新登录。")
    else:
        print(f"{args.username} 没有被锁定；已清除此前记录的 {before.failures} 次密码错误。")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tongxin", description="同心共建质效看板 命令行工具")
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("check", help="检查数据文件夹（或 XLSX 工作簿），列出所有问题")
    p.add_argument("data_dir", nargs="?", help="数据文件夹或 .xlsx/.xls 文件；默认为项目的 data/")
    p.set_defaults(run=check)

    p = commands.add_parser("import", help="把表格（CSV、XLSX、XLS，长表、逐年表或指标横排表）中的数字并入数据文件夹")
    p.add_argument("files", nargs="+", metavar="FILE", help="要导入的文件")
    p.add_argument("--into", required=True, metavar="DATA_DIR", help="数据文件夹（不存在时新建）")
    p.add_argument("--org", help="单位名称（文件中没有“单位名称”列、标题里也没写时必填）")
    p.add_argument("--year", type=int, help="年份（文件中没有年份列、标题里也没写时必填）")
    p.add_argument("--source-title", help="来源标题，如 2024年工作报告")
    p.add_argument("--source-publisher", help="来源发布者，如 犍为县政协")
    p.add_argument("--source-date", help="来源日期，YYYY-MM-DD")
    p.add_argument("--source-url", help="来源链接（可不填）")
    p.add_argument("--dry-run", action="store_true", help="只显示将怎样读取和改动，不保存")
    p.set_defaults(run=import_files)

    if (argv if argv is not None else sys.argv[1:])[:1] == ["export"]:
        _export_parser(commands)  # the export table imports the chart and document libraries
    else:
        commands.add_parser("export", help="生成会议材料（无需浏览器）；python -m tongxin export -h 查看选项")
    p = commands.add_parser("backup", help="备份：把看板的全部版本和当前数据一致地复制到一个新文件夹")
    p.add_argument("out", help="新的备份文件夹，如 /srv/备份/2026-11-26")
    p.add_argument("--data", help="数据文件夹；默认为 $TONGXIN_DATA_DIR，未设置时为项目的 data/")
    p.set_defaults(run=backup)

    p = commands.add_parser("restore", help="从备份恢复：把 backup 生成的备份载入数据文件夹的数据库（SQLite 或 PostgreSQL）")
    p.add_argument("backup", help="备份文件夹，如 /srv/备份/2026-11-26")
    p.add_argument("--data", help="数据文件夹；默认为 $TONGXIN_DATA_DIR，未设置时为项目的 data/")
    p.set_defaults(run=restore)

    p = commands.add_parser("unlock", help="解除编辑账号的登录锁定（连续 5 次密码错误后锁定 15 分钟）")
    p.add_argument("username", help="登录用的用户名，如 zhangsan")
    p.add_argument("--data", help="数据文件夹；默认为 $TONGXIN_DATA_DIR，未设置时为项目的 data/")
    p.set_defaults(run=unlock)

    p = commands.add_parser("hash-password", help="为编辑账号生成密码散列（写入 .streamlit/secrets.toml）")
    p.add_argument("--username", required=True, help="登录用的用户名（英文），如 zhangsan")
    p.add_argument("--name", help="显示的姓名，如 张三（保存记录中显示）")
    p.add_argument("--stdin", action="store_true", help="从标准输入读一行作为密码（脚本用）")
    p.set_defaults(run=hash_password)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    code = main()
    if sys.argv[1:2] == ["check"]:
        # Nothing is left to clean up after a check, and tearing down a million records one by one takes
        # longer than reading them (bench/load_data.py): leave at once. Other commands exit normally —
        # export's browser is closed by its exit handlers.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code)
