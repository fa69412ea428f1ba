"""`python -m tongxin import` and `tongxin.importing` (DATA_SPEC v2 "Import"): the understanding and
the changes printed in Chinese, the merge rules, corrections, and — with any problem — exit 1 with
every problem listed and the data folder untouched."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

from tests import datasets as d
from tongxin import importing, load, store
from tongxin.export import templates

SOURCE_ARGS = ["--source-title", "2024年工作报告", "--source-publisher", "示例区政协", "--source-date", "2025/1/10"]
YEARS = """示例区政协2022—2024年工作数据,,,,
指标,计量单位,2022年,2023年,2024年
一、协商议事,,,,
委员参与率,%,50,75,80
协商课题,个,10,12,15
二、新的工作,,,,
界别活动（场）,,3,,5
"""


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tongxin", "import", *args], capture_output=True, text=True,
                          cwd=d.PROJECT)


def tree(folder: Path) -> dict[str, str]:
    """Every file under a folder with its digest: "untouched" means equal before and after."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()} if folder.exists() else {}


def test_import_prints_the_understanding_and_the_changes_then_saves(tmp_path):
    folder = d.write(tmp_path / "data")
    sheet = tmp_path / "逐年表.csv"
    sheet.write_text(YEARS, encoding="utf-8")
    result = run(str(sheet), "--into", str(folder), *SOURCE_ARGS)
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert "■ 逐年表.csv：逐年表（年份横排" in out and "表头在第2行" in out
    assert "单位：示例区政协（标题或说明行）" in out
    assert "跳过：第3行：板块标题（协商议事）；第6行：板块标题（新的工作）" in out
    assert "新指标 1 个" in out and "界别活动：单位 场（名称中的括号），类型 数量（由单位推断），板块 新的工作" in out
    # 委员参与率 2023 (75) is already there: unchanged; 协商课题's 12 was 近两年, not the yearly 2023 figure
    assert "改动：新增 7 条、修改 0 条、不变 1 条数字" in out
    assert "已保存到" in out
    dataset = load.load_dataset(folder)
    assert [(o.period_end, o.value) for o in dataset.series("join_rate", "示例区政协")] == [
        (2019, 40), (2022, 50), (2023, 75), (2024, 80)]
    assert dataset.observations_of("topics")[0].period_label == "近两年"  # kept, not replaced
    new = importing.new_indicator_id("界别活动")
    assert dataset.indicator(new).pillar == "新的工作" and dataset.indicator(new).unit == "场"
    assert dataset.source(dataset.series(new, "示例区政协")[0].source).date == "2025-01-10"
    [version, before] = store.history(folder)
    assert version.summary.startswith("导入 逐年表.csv：新增7条、修改0条数字；新增1个指标")
    assert before.who == store.INITIAL_EDITOR and before.origin == "initial"


def test_a_figure_with_the_same_key_replaces_the_old_one_and_others_are_kept(tmp_path):
    folder = d.write(tmp_path / "data")
    sheet = tmp_path / "更正.csv"
    sheet.write_text("示例区政协2023年数据,,\n指标,计量单位,2023年\n委员参与率,%,76\n", encoding="utf-8")
    result = run(str(sheet), "--into", str(folder), *SOURCE_ARGS)
    assert result.returncode == 0, result.stdout
    assert "修改：示例区政协 · 委员参与率 · 2023年：75% → 76%" in result.stdout
    dataset = load.load_dataset(folder)
    assert dataset.series("join_rate", "示例区政协")[1].value == 76
    assert len(dataset.observations) == 7  # nothing else added or lost


def test_problems_exit_1_and_leave_the_folder_untouched(tmp_path):
    folder = d.write(tmp_path / "data")
    before = tree(folder)
    sheet = tmp_path / "坏.csv"
    sheet.write_text("指标,计量单位,2024年\n委员参与率,%,120\n协商课题,场,5\n新指标,个,九十\n", encoding="utf-8")
    result = run(str(sheet), "--into", str(folder))  # no org, no source either
    assert result.returncode == 1
    out = result.stdout
    assert "不知道这些数字是哪个单位的" in out and "--org" in out
    assert "没有给出这些数字的来源" in out and "--source-title" in out
    assert "比率 120 超出 0–100" in out and "坏.csv 第2行 「2024年」列" in out
    assert "“协商课题”在表中的单位是“场”，数据中已有的单位是“个”" in out
    assert "「九十」含中文数字" in out
    assert "导入未执行" in out and "没有任何改动" in out
    assert tree(folder) == before  # not even a .tongxin folder


def test_dry_run_saves_nothing_and_a_new_folder_is_not_created(tmp_path):
    sheet = tmp_path / "逐年表.csv"
    sheet.write_text(YEARS, encoding="utf-8")
    target = tmp_path / "新数据"
    result = run(str(sheet), "--into", str(target), "--dry-run", *SOURCE_ARGS)
    assert result.returncode == 0 and "试运行" in result.stdout and "新增 8 条" in result.stdout
    assert not target.exists()
    result = run(str(sheet), "--into", str(target), *SOURCE_ARGS)
    assert result.returncode == 0
    assert len(load.load_dataset(target).observations) == 8


def test_org_and_year_from_options_and_conflicts_with_the_title(tmp_path):
    sheet = tmp_path / "横排.csv"
    sheet.write_text("年份,小微协商（场次）,委员参与率（%）\n2023,300,88\n2024,342,92\n", encoding="utf-8")
    result = run(str(sheet), "--into", str(tmp_path / "a"), "--org", "犍为县政协", *SOURCE_ARGS)
    assert result.returncode == 0, result.stdout
    dataset = load.load_dataset(tmp_path / "a")
    assert dataset.orgs() == ["犍为县政协"] and len(dataset.observations) == 4
    titled = tmp_path / "标题.csv"
    titled.write_text("2024年犍为县政协统计表,,\n单位名称,小微协商（场次）\n犍为县政协,342\n", encoding="utf-8")
    result = run(str(titled), "--into", str(tmp_path / "b"), "--year", "2023", *SOURCE_ARGS)
    assert result.returncode == 1 and "标题写的是2024年，而指定的年份是2023年" in result.stdout
    # the page's choice "以您填写的为准"
    plan = importing.plan(tmp_path / "b", {titled.name: titled.read_bytes()}, importing.Settings(
        year=2023, prefer_given=True, source=importing.SourceInfo("t", "p", "2025-01-01")))
    assert plan.ok and {o.period_end for o in plan.dataset.observations} == {2023}


def test_new_indicators_can_be_corrected_before_saving(tmp_path):
    uploads = {"逐年表.csv": YEARS.encode()}
    source = importing.SourceInfo("2024年工作报告", "示例区政协", "2025-01-10")
    first = importing.plan(tmp_path / "new", uploads, importing.Settings(source=source))
    ids = {i.name: i.id for i in first.new_indicators}
    assert set(ids) == {"委员参与率", "协商课题", "界别活动"}
    choice = importing.IndicatorChoice(pillar="联系群众", kind="amount", unit="万元")
    corrected = importing.plan(tmp_path / "new", uploads, importing.Settings(
        source=source, indicators={ids["界别活动"]: choice}))
    ind = corrected.dataset.indicator(ids["界别活动"])
    assert (ind.pillar, ind.kind, ind.unit) == ("联系群众", "amount", "万元")
    fixed = next(i for i in corrected.new_indicators if i.id == ids["界别活动"])
    assert (fixed.pillar_from, fixed.kind_from, fixed.unit_from) == ("您的修改", "您的修改", "您的修改")
    importing.save(corrected, "编辑甲")
    assert load.load_dataset(tmp_path / "new").indicator(ids["界别活动"]).pillar == "联系群众"


def test_names_match_existing_indicators_after_normalisation(tmp_path):
    folder = d.write(tmp_path / "data")
    sheet = "示例区政协数据,,\n指标,计量单位,2024年\n委员参与率\u200b,%,81\n建议采纳率 ,％,70\n".encode()
    plan = importing.plan(folder, {"表.csv": sheet}, importing.Settings(source=importing.SourceInfo("t", "p", "2025-01-01")))
    assert plan.ok and plan.new_indicators == []
    assert {(o.indicator, o.value) for o in plan.dataset.observations if o.period_end == 2024} == {
        ("join_rate", 81), ("adopt_rate", 70)}


def test_a_long_observations_table_and_the_template_import(tmp_path):
    folder = d.write(tmp_path / "data")
    more = d.OBSERVATIONS_HEADER + "\n" + d.observation("topics", 2024, "20", start=2024) + "\n"
    plan = importing.plan(folder, {"observations.csv": more.encode()})
    assert plan.ok, importing.report(plan)
    assert plan.count("新增") == 1 and len(plan.dataset.observations) == 8
    # the long workbook of the current data imports as "nothing changes"
    template = templates.long_workbook(load.load_dataset(folder), "2026-11-29")
    again = importing.plan(folder, {"模板.xlsx": template})
    assert again.ok and again.count("新增") == 0 and again.count("修改") == 0 and again.count("不变") == 7
    assert not again.changes_anything


def test_the_years_workbook_round_trips(tmp_path):
    dataset = load.load_dataset(d.write(tmp_path / "data"))
    book = templates.years_workbook(dataset, "2026-11-29")
    plan = importing.plan(tmp_path / "data", {"逐年表.xlsx": book},
                          importing.Settings(source=importing.SourceInfo("t", "p", "2025-01-01")))
    assert plan.ok, importing.report(plan)
    assert plan.count("不变") == 4 and plan.count("新增") == 0 and not plan.new_indicators  # the four yearly rates
    [understood] = plan.understood
    assert understood.org == "示例区政协" and understood.layout == "years_across"


def test_a_conflicting_save_is_refused(tmp_path):
    folder = d.write(tmp_path / "data")
    plan = importing.plan(folder, {"表.csv": "示例区政协,,\n指标,计量单位,2024年\n委员参与率,%,81\n".encode()},
                          importing.Settings(source=importing.SourceInfo("t", "p", "2025-01-01")))
    assert plan.ok
    (folder / "observations.csv").write_bytes((folder / "observations.csv").read_bytes() + b"\n")
    import pytest

    with pytest.raises(importing.ConflictError):
        importing.save(plan, "编辑甲")


def test_a_county_written_without_政协_is_the_datasets_org(tmp_path):
    folder = d.write(tmp_path / "data")
    sheet = "2024年各区统计表,,\n单位名称,协商课题（个）\n示例区,15\n另一区,9\n".encode()
    plan = importing.plan(folder, {"表.csv": sheet}, importing.Settings(source=importing.SourceInfo("t", "p", "2025-01-01")))
    assert plan.ok, importing.report(plan)
    assert {(o.org, o.value) for o in plan.dataset.observations if o.period_end == 2024} == {("示例区政协", 15), ("另一区", 9)}
    assert any("单位“示例区”按数据中已有的“示例区政协”读取" in p.message for p in plan.notices)


def test_a_new_indicator_without_a_unit_is_refused_with_a_hint(tmp_path):
    sheet = "示例区政协2024年,,\n指标,2024年\n界别活动,5\n".encode()
    plan = importing.plan(tmp_path / "new", {"表.csv": sheet}, importing.Settings(source=importing.SourceInfo("t", "p", "2025-01-01")))
    [error] = plan.errors
    assert "新指标“界别活动”没有写计量单位" in error.message and "界别活动（场次）" in error.hint and error.row == 3
    fixed = importing.plan(tmp_path / "new", {"表.csv": sheet}, importing.Settings(
        source=importing.SourceInfo("t", "p", "2025-01-01"),
        indicators={importing.new_indicator_id("界别活动"): importing.IndicatorChoice(unit="场")}))
    assert fixed.ok and fixed.dataset.indicator(importing.new_indicator_id("界别活动")).unit == "场"


# --- what the 数据维护 page uses: one uploader, fields from what the files say, the base version ------------


def test_uploads_are_told_apart_by_name_and_sheets(tmp_path):
    from tests.unit.test_reading import wps_style_xlsx, years_across_xls

    dataset = load.load_dataset(d.write(tmp_path / "data"))
    cases = d.PROJECT / "tests" / "cases"
    assert importing.classify({"模板.xlsx": templates.long_workbook(dataset, "2026-11-29")}).kind == importing.DATASET
    assert importing.classify({"x.xls": (cases / "06-xls-97-2003" / "莆田市政协提案数据.xls").read_bytes()}).kind == "dataset"
    assert importing.classify({"observations (1).csv": b"", "sources.csv": b""}).kind == importing.DATASET
    for name, data in (("2024年数据.csv", b""), ("统计.xls", years_across_xls()), ("各县.xlsx", wps_style_xlsx()),
                       ("逐年表.xlsx", templates.years_workbook(dataset, "2026-11-29"))):
        assert importing.classify({name: data}).kind == importing.STATISTICS, name
    mixed = importing.classify({"indicators.csv": b"", "统计.csv": b""})
    assert mixed.kind == "mixed" and "请分两次上传" in mixed.problems[0].message
    refused = importing.classify({"表.et": b"", "表.csv": b""})
    assert refused.kind == "unreadable" and "WPS" in refused.problems[0].message


def test_the_pages_fields_start_with_what_the_files_say(tmp_path):
    folder = d.write(tmp_path / "data")
    sheet = ("2024年示例区政协工作统计表,,\n填报单位：示例区政协办公室  填报日期：2025年1月8日,,\n"
             "指标,计量单位,数值\n").encode()
    years = YEARS.replace("示例区政协2022—2024年工作数据", "2022—2024年工作数据").encode()  # says no org
    first = importing.plan(folder, {"年表.csv": years}, importing.Settings(on_page=True))
    given = importing.suggested(first, load.load_dataset(folder))
    assert given.sheets == {"年表.csv": importing.SheetChoice("示例区政协", None)}  # the dataset's one org
    assert (given.source.title, given.source.date) == ("2022—2024年工作数据", "")
    assert {p.message for p in first.asked} == {"没有给出这些数字的来源（缺标题、发布者、日期）", "不知道这些数字是哪个单位的"}
    titled = importing.plan(folder, {"表.csv": sheet + "协商课题,个,15\n".encode()}, importing.Settings(on_page=True))
    assert [u.layout for u in titled.understood] == ["unknown"] and not titled.asked  # a file problem, not a field
    said = importing.suggested(importing.plan(folder, {"表.csv": sheet.replace("数值".encode(), "2024年".encode())
                                                      + "协商课题,个,15\n".encode()}, importing.Settings(on_page=True)),
                               None)
    assert said.source == importing.SourceInfo("2024年示例区政协工作统计表", "示例区政协办公室", "2025-01-08", "")
    assert said.sheets["表.csv"].org == "示例区政协"  # the office fills the table in; the figures are its body's
    cli = importing.plan(folder, {"年表.csv": years})
    assert cli.errors and not cli.asked and "--org" in " ".join(p.hint for p in cli.errors)


def test_a_plan_merges_into_the_version_it_is_given(tmp_path):
    folder = d.write(tmp_path / "data")
    opened = store.open(folder)
    first = opened.save(store.read_folder(folder), "甲", "第一版", None).version
    files = store.read(folder).files
    second = opened.save({**files, "observations.csv": files["observations.csv"].replace(b",75,", b",76,")},
                         "乙", "改", first.id).version
    settings = importing.Settings(source=importing.SourceInfo("t", "p", "2025-01-01"))
    on_first = importing.plan(folder, {"表.csv": YEARS.encode()}, settings,
                              current=store.Snapshot(first.id, first.digest, opened.files(first.id)))
    assert on_first.ok and on_first.base == first.id
    rate = {o.period_end: o.value for o in on_first.dataset.observations_of("join_rate", "示例区政协")}
    assert rate[2023] == 75  # the figure as the import's base had it: the review shows 乙's change being undone
    assert importing.plan(folder, {"表.csv": YEARS.encode()}, settings).base == second.id


def test_a_sheet_choice_wins_over_the_title(tmp_path):
    folder = d.write(tmp_path / "data")
    settings = importing.Settings(source=importing.SourceInfo("t", "p", "2025-01-01"), on_page=True,
                                  sheets={"表.csv": importing.SheetChoice("另一区政协", None)})
    plan = importing.plan(folder, {"表.csv": YEARS.encode()}, settings)
    assert plan.ok and plan.understood[0].org_from == "您填写的单位"
    assert {o.org for o in plan.dataset.observations if o.period_end == 2024} == {"另一区政协"}


def test_invisible_characters_in_a_value_are_said():
    from tongxin.read import cells

    assert cells.INVISIBLE_REMOVED in cells.read_value("1,40\u200b0", "count").how
    assert cells.read_value("1,400", "count").how == ()


def test_a_large_import_is_planned_in_a_child_and_comes_back_compact(tmp_path, monkeypatch):
    from tongxin import maintain

    folder = d.write(tmp_path / "data")
    settings = importing.Settings(source=importing.SourceInfo("t", "p", "2025-01-01"), on_page=True)
    current = store.Snapshot(None, "", store.read_folder(folder))
    here = importing.plan(folder, {"表.csv": YEARS.encode()}, settings, current=current)
    monkeypatch.setattr(maintain, "ISOLATE_ABOVE", 0)  # every input counts as large
    there = importing.plan_isolated(folder, {"表.csv": YEARS.encode()}, settings, current)
    assert there.ok and there.files == here.files and there.figures == [] and not there.dataset.observations
    assert [there.count(k) for k in ("新增", "修改", "不变")] == [here.count(k) for k in ("新增", "修改", "不变")] == [7, 0, 1]
    assert [i.name for i in there.new_indicators] == ["界别活动"] and there.notices == here.notices
    many = importing.Plan(Path(), None, settings, problems=[importing.Problem("f", f"坏{n}") for n in range(1500)])
    many.compact()
    assert len(many.problems) == importing.Plan.LISTED and many.error_count == 1500


def test_an_org_written_with_a_space_inside_is_the_datasets_org(tmp_path):
    """t1113 #3: 井研县　政协 (U+3000), 示例区\u00a0政协, 示例区 政协 next to an existing 示例区政协: that org, with a
    notice — never a second, near-identical org."""
    folder = d.write(tmp_path / "data")
    for written in ("示例区\u3000政协", "示例区\u00a0政协", "示例区 政协", " 示例 区政协"):
        sheet = f"2024年各区统计表,,\n单位名称,协商课题（个）\n{written},15\n另一区,9\n".encode()
        plan = importing.plan(folder, {"表.csv": sheet},
                              importing.Settings(source=importing.SourceInfo("t", "p", "2025-01-01")))
        assert plan.ok, importing.report(plan)
        assert {(o.org, o.value) for o in plan.dataset.observations if o.period_end == 2024} == {
            ("示例区政协", 15), ("另一区", 9)}, written
        assert any(p.message.endswith("按数据中已有的“示例区政协”读取（只差空格）") for p in plan.notices), written


def test_the_pages_source_fields_are_never_guessed(tmp_path):
    """t1113 #11: a table without a title row gets no title from its file name, and another body's
    table (five counties, its own title) no publisher from the data's one org: empty, the page asks."""
    folder = d.write(tmp_path / "data")
    bare = "指标,计量单位,2023年,2024年\n协商课题,个,12,15\n".encode()
    first = importing.plan(folder, {"years_across_unmerged.csv": bare}, importing.Settings(on_page=True))
    given = importing.suggested(first, load.load_dataset(folder))
    assert given.source == importing.SourceInfo("", "", "", "")
    counties = "2024年某市各县（区）政协履职情况统计表,\n单位名称,协商课题（个）\n甲县政协,15\n乙县政协,9\n".encode()
    other = importing.suggested(importing.plan(folder, {"各县.csv": counties}, importing.Settings(on_page=True)),
                                load.load_dataset(folder))
    assert other.source == importing.SourceInfo("2024年某市各县（区）政协履职情况统计表", "", "", "")
    titled = ("示例区政协2023—2024年统计,,,\n" + bare.decode()).encode()
    said = importing.suggested(importing.plan(folder, {"t.csv": titled}, importing.Settings(on_page=True)), None)
    assert said.source.publisher == "示例区政协"  # the title names it


def test_the_years_workbook_says_which_figures_are_not_yearly_and_a_copy_of_one_is_warned(tmp_path):
    """t1113 #10: the 逐年表 names the figures of other periods (截至2025年 75个) it has no column for; a
    year cell filled with the same number is warned, not silently a second figure; sent back unchanged
    on the command line, its 填报单位/填报日期/title are the source (as on the page)."""
    import io

    import openpyxl

    folder = d.default_copy(tmp_path / "data")
    dataset = load.load_dataset(folder)
    book = openpyxl.load_workbook(io.BytesIO(templates.years_workbook(dataset, "2026-11-29")))
    guide = {k: v for k, v in book["填表说明"].iter_rows(values_only=True)}
    assert "委员书屋及读书点：截至2025年 75个" in guide["非逐年数字"] and "不要把它们填进年份列" in guide["非逐年数字"]
    sheet = book["逐年表"]
    [row] = [r for r in sheet.iter_rows() if r[1].value == "委员书屋及读书点"]
    assert "截至2025年 75个" in row[1].comment.text
    unchanged = io.BytesIO()
    book.save(unchanged)
    result = run(_saved(tmp_path / "逐年表.xlsx", unchanged.getvalue()), "--into", str(folder), "--dry-run")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "来源取自表中的标题、填报单位和填报日期" in result.stdout and "新增 0 条、修改 0 条" in result.stdout
    header = [c.value for c in sheet[3]]
    row[header.index("2025年")].value = 75
    filled = io.BytesIO()
    book.save(filled)
    plan = importing.plan(folder, {"逐年表.xlsx": filled.getvalue()})
    assert plan.ok, importing.report(plan)
    [warned] = [p for p in plan.problems if p.severity == "warning"]
    assert "与数据中已有的“截至2025年”的数字相同" in warned.message and warned.row == row[1].row


def _saved(path: Path, data: bytes) -> str:
    path.write_bytes(data)
    return str(path)


def test_a_figure_written_in_wan_or_as_a_word_keeps_its_writing(tmp_path):
    """t1113: 3万余 and 约2.5万 in a statistics table were shown as 30000余人次 and 约25000人次 after the import: the
    cell as written goes into the note (原文：…), which is what keeps a figure's writing (display.written_as_word).
    A figure in plain digits gets no such note."""
    from tongxin import display

    folder = d.write(tmp_path / "data")
    sheet = ("示例区政协2024年数据,,\n指标,计量单位,2024年\n服务群众,人次,3万余\n走访群众,人次,约2.5万\n"
             "收集意见,条,近千\n协商课题,个,15\n")
    settings = importing.Settings(source=importing.SourceInfo("t", "p", "2025-01-01"))
    plan = importing.plan(folder, {"表.csv": sheet.encode()}, settings)
    assert plan.ok, [str(p) for p in plan.problems]
    shown = {plan.dataset.indicator(o.indicator).name: (display.observation_value(plan.dataset, o), o.note)
             for o in plan.dataset.observations if o.period_end == 2024 and o.org == "示例区政协"}
    assert shown["服务群众"] == ("3万余人次", "原文：3万余")
    assert shown["走访群众"] == ("约2.5万人次", "原文：约2.5万")
    assert shown["收集意见"] == ("近千条", "原文：近千")
    assert shown["协商课题"] == ("15个", "")
