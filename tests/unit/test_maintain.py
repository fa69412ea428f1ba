"""The upload and edit paths: every bad file refused with the data folder byte-identical; good input
turned into canonical files and a Chinese diff; partial uploads keep the other tables."""

from __future__ import annotations

import hashlib
import io

import openpyxl
import pytest

from tests import datasets as d
from tests.unit.test_load import workbook_bytes
from tongxin import load, maintain, store
from tongxin.export import sheets


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.delenv("TONGXIN_DATABASE_URL", raising=False)
    target = d.default_copy(tmp_path / "data")
    maintain.sync(store.open(target))  # what the app does first: the store and its first version
    return target


def folder_digest(folder) -> str:
    """Every file in the folder — data files, the store's database, the readable copies — except the
    lock file (a save opens it)."""
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.name.endswith(".lock"):
            h.update(str(path.relative_to(folder)).encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def upload_and_save_if_ok(folder, uploads):
    """Exactly what the 数据维护 page does with an upload."""
    snapshot = store.read(folder)
    proposal = maintain.from_uploads(snapshot, uploads)
    if proposal.ok and proposal.changes:
        store.save(folder, proposal.files, "测试", proposal.summary, proposal.head)
    return proposal


def mini_tables(**replace) -> dict[str, bytes]:
    tables = dict(d.MINI)
    for key, text in replace.items():
        tables[f"{key}.csv"] = text
    return {name: text.encode() if isinstance(text, str) else text for name, text in tables.items()}


def with_mini(*rows):
    return d.with_rows("observations", *rows)


BAD_UPLOADS = {
    "missing required column": lambda: mini_tables(observations="\n".join(
        ",".join(c for i, c in enumerate(line.split(",")) if i != 5)
        for line in d.MINI["observations.csv"].splitlines()) + "\n"),
    "unknown column alias": lambda: mini_tables(indicators=d.MINI["indicators.csv"].replace("name,", "指标名称,", 1)),
    "unknown indicator id": lambda: mini_tables(observations=with_mini(d.observation("nope", 2024, "3"))),
    "unknown source id": lambda: mini_tables(observations=with_mini(d.observation("topics", 2024, "3", source="x"))),
    "duplicate indicator id": lambda: mini_tables(indicators=d.with_rows("indicators", "topics,x,y,个,count,,,,")),
    "duplicate observation": lambda: mini_tables(observations=with_mini(d.observation("join_rate", 2023, "7",
                                                                                       start=2023))),
    "rate 120": lambda: mini_tables(observations=with_mini(d.observation("join_rate", 2021, "120", start=2021))),
    "negative count": lambda: mini_tables(observations=with_mini(d.observation("topics", 2024, "-3"))),
    "九十": lambda: mini_tables(observations=with_mini(d.observation("join_rate", 2021, "九十", start=2021))),
    "a range 92-95": lambda: mini_tables(observations=with_mini(d.observation("join_rate", 2021, "92-95", start=2021))),
    "92% on a count": lambda: mini_tables(observations=with_mini(d.observation("topics", 2024, "92%"))),
    "year 1900": lambda: mini_tables(observations=with_mini(d.observation("topics", 1900, "3"))),
    "start after end": lambda: mini_tables(observations=with_mini(d.observation("topics", 2020, "3", start=2022))),
    "empty file": lambda: {"observations.csv": b""},
    "header only": lambda: {"sources.csv": (d.SOURCES_HEADER + "\n").encode()},
    "binary": lambda: {"observations.csv": bytes(range(256)) * 20},
    "GBK file with an error": lambda: {"observations.csv": with_mini(d.observation("topics", 2024, "-3")).encode("gbk"),
                                       "indicators.csv": d.MINI["indicators.csv"].encode("gbk"),
                                       "sources.csv": d.MINI["sources.csv"].encode("gbk")},
    "XLSX with a missing sheet": lambda: {"模板.xlsx": workbook_bytes({k: v for k, v in d.MINI.items()
                                                                     if k != "sources.csv"})},
    "not an XLSX": lambda: {"模板.xlsx": b"PK\x03\x04 but not really a zip"},
    "renamed binary": lambda: {"数据.csv": b"\x89PNG\r\n\x1a\n" + bytes(200)},
    "wrong extension": lambda: {"数据.txt": d.MINI["observations.csv"].encode()},
    "too big": lambda: {"observations.csv": b"a," * (3 * 1024 * 1024)},
    "a file that is no table": lambda: {"随便.csv": d.MINI["observations.csv"].encode()},
    "zip bomb as XLSX": lambda: {"模板.xlsx": zip_bomb()},
}


def zip_bomb() -> bytes:
    """A tiny upload that would inflate to 200 MB inside a real-looking workbook."""
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (200 * 1024 * 1024))
    return buffer.getvalue()


@pytest.mark.parametrize("case", list(BAD_UPLOADS))
def test_every_bad_upload_is_refused_and_the_folder_is_untouched(folder, case):
    before = folder_digest(folder)
    proposal = upload_and_save_if_ok(folder, BAD_UPLOADS[case]())
    assert not proposal.ok
    assert [p for p in proposal.problems if p.severity == "error"]
    assert all(p.file and p.message for p in proposal.problems)
    assert folder_digest(folder) == before  # nothing written: data files byte-identical, no history entry


def test_a_partial_gbk_upload_keeps_the_other_tables(folder):
    snapshot = store.read(folder)
    text = snapshot.files["observations.csv"].decode("utf-8").replace(",2024,2024,2024年,92,", ",2024,2024,2024年,95,")
    proposal = upload_and_save_if_ok(folder, {"数据.csv": text.encode("gb18030")})
    assert proposal.ok and proposal.summary == "修改1条数字"
    change = proposal.changes[0]
    assert (change.what, change.old, change.new) == ("犍为县政协 · 委员参与率 · 2024年", "92%", "95%")
    after = load.load_dataset(folder)
    assert after.latest("participation_rate", "犍为县政协").value == 95
    assert len(after.indicators) == 41  # the indicators table was not uploaded and is unchanged


def test_the_template_round_trips_without_changes(folder):
    dataset = load.load_dataset(folder)
    template = sheets.workbook(dataset, None, [], "2026-11-26", template=True)
    assert openpyxl.load_workbook(io.BytesIO(template)).sheetnames == ["说明", "指标", "数据", "来源"]
    proposal = maintain.from_uploads(store.read(folder), {"犍为县政协数据模板.xlsx": template})
    assert proposal.ok and proposal.changes == []


def test_an_edited_template_adds_a_figure(folder):
    dataset = load.load_dataset(folder)
    book = openpyxl.load_workbook(io.BytesIO(sheets.workbook(dataset, None, [], "2026-11-26", template=True)))
    sheet = book["数据"]
    sheet.append(["犍为县政协", "participation_rate", 2025, 2025, "2025年", 0.95, None, "实际", "qianwei_sigao_2025",
                  "测试"])
    sheet.cell(sheet.max_row, 6).number_format = "0%"  # typed as 95% in Excel
    buffer = io.BytesIO()
    book.save(buffer)
    proposal = maintain.from_uploads(store.read(folder), {"模板.xlsx": buffer.getvalue()})
    assert proposal.ok and proposal.summary == "新增1条数字"
    assert proposal.changes[0].new == "95%"


def test_canonical_files_load_back_identically(folder):
    dataset = load.load_dataset(folder)
    files = maintain.canonical_files(dataset)
    assert all(content.startswith(b"\xef\xbb\xbf") for content in files.values())
    again, problems = load.read_files(files)
    assert problems == [] and again.observations == dataset.observations and again.indicators == dataset.indicators


def test_edited_tables_path(folder):
    dataset = load.load_dataset(folder)
    tables = maintain.editable_tables(dataset)
    assert list(tables["observations"].index[:2]) == [2, 3]  # spreadsheet row numbers
    unchanged = maintain.from_tables(store.read(folder), tables)
    assert unchanged.ok and unchanged.changes == []
    edited = tables["observations"].copy()
    row = edited.index[edited["指标"] == "micro_consultations"][0]
    edited.loc[row, "数值"] = 350.0
    edited.loc[row + 1, "截止年份"] = 1900
    proposal = maintain.from_tables(store.read(folder), {**tables, "observations": edited})
    assert not proposal.ok
    assert [(p.row, p.column) for p in proposal.problems] == [(row + 1, "截止年份")]  # the row the editor shows
    edited.loc[row + 1, "截止年份"] = 2025
    proposal = maintain.from_tables(store.read(folder), {**tables, "observations": edited})
    assert proposal.ok and proposal.summary == "修改1条数字"
    assert (proposal.changes[0].old, proposal.changes[0].new) == ("342场次", "350场次")


def test_diff_of_indicators_and_sources(tmp_path):
    old = load.load_dataset(d.write(tmp_path / "old"))
    indicators = d.MINI["indicators.csv"].replace("协商课题,协商议事,个", "协商课题数,协商议事,个")
    new = load.load_dataset(d.write(tmp_path / "new", indicators=indicators,
                                    observations=d.with_rows("observations", d.observation("topics", 2024, "5"))))
    changes = maintain.compare(old, new)
    assert maintain.summarise(changes) == "新增1条数字；修改1个指标"
    edit = next(c for c in changes if c.table == "指标")
    assert (edit.old, edit.new) == ("名称：协商课题", "名称：协商课题数")


# --- an edit of an older version (issue 10) ------------------------------------------------------


def edit(files: dict[str, bytes], name: str, old: bytes, new: bytes) -> dict[str, bytes]:
    assert old in files[name], old
    return {**files, name: files[name].replace(old, new)}


RATE_2024 = (b",2024,2024,2024\xe5\xb9\xb4,92,", b",2024,2024,2024\xe5\xb9\xb4,95,")
MICRO = (b",342,", b",350,")


def stale_edit(folder, mine_change, theirs_change):
    """Both start from the current version; 张三 saves theirs_change; then mine is checked."""
    opened = store.open(folder)
    base = opened.read()
    saved = opened.save(edit(base.files, "observations.csv", *theirs_change), "张三", "张三的修改", base.version)
    head = opened.read()
    mine = edit(base.files, "observations.csv", *mine_change)
    return maintain.from_uploads(head, {"observations.csv": mine["observations.csv"]}, base, [saved.version]), head


def test_a_stale_edit_names_the_changes_it_would_undo(folder):
    proposal, head = stale_edit(folder, MICRO, RATE_2024)
    assert proposal.ok and proposal.stale and proposal.who_else == "张三"
    assert proposal.overwrite_count == 1
    undone = proposal.overwrites[0]
    assert (undone.what, undone.theirs, undone.mine, undone.undo) == ("犍为县政协 · 委员参与率 · 2024年", "92% → 95%",
                                                                      "92%", True)
    # Saving the file as it is would change two figures: the editor's own and 张三's (back).
    assert proposal.summary == "修改2条数字"
    # The merge keeps 张三's change and applies only the editor's own.
    assert proposal.merged.count == 1 and proposal.merged.changes[0].new == "350场次"
    merged = load.read_files(proposal.merged.files)[0]
    assert {o.value for o in merged.observations if o.indicator in ("micro_consultations",)} == {350}
    assert merged.latest("participation_rate", "犍为县政协").value == 95


def test_both_changed_the_same_figure(folder):
    proposal, _ = stale_edit(folder, (RATE_2024[0], RATE_2024[0].replace(b",92,", b",96,")), RATE_2024)
    undone = proposal.overwrites[0]
    assert (undone.theirs, undone.mine, undone.undo) == ("92% → 95%", "96%", False)  # 覆盖, not 撤销
    assert proposal.merged.count == 0  # theirs is kept in a merge: the editor's only change is gone


def test_an_edit_that_does_not_touch_their_changes_is_not_a_conflict(folder):
    opened = store.open(folder)
    base = opened.read()
    saved = opened.save(edit(base.files, "sources.csv", b"\xe7\x8a\x8d\xe4\xb8\xba", b"\xe7\x8a\x8d\xe4\xb8\xba\xe5\x8e\xbf"),
                        "张三", "改来源", base.version)  # 张三 changed the sources table only
    mine = edit(base.files, "observations.csv", *MICRO)
    proposal = maintain.from_uploads(opened.read(), {"observations.csv": mine["observations.csv"]}, base,
                                     [saved.version])
    assert proposal.stale and proposal.overwrite_count == 0 and proposal.summary == "修改1条数字"


def test_a_merge_that_would_not_validate_is_not_offered(folder):
    """张三 deleted an indicator and its figures; the editor, uploading all three tables of the older
    version, added a figure of it: the file alone is valid, the merge is not."""
    opened = store.open(folder)
    base = opened.read()
    theirs = load.read_files(base.files)[0]
    gone = "micro_consultations"
    kept = type(theirs)(tuple(i for i in theirs.indicators if i.id != gone),
                        tuple(o for o in theirs.observations if o.indicator != gone), theirs.sources)
    saved = opened.save(maintain.canonical_files(kept), "张三", "删除小微协商", base.version)
    added = "犍为县政协,micro_consultations,2026,2026,2026年,12,,actual,qianwei_sigao_2025,\r\n".encode()
    mine = {**base.files, "observations.csv": base.files["observations.csv"] + added}
    proposal = maintain.from_uploads(opened.read(), mine, base, [saved.version])
    assert proposal.ok and proposal.stale and proposal.overwrite_count >= 2  # 张三's deletions, taken back
    assert proposal.merged.count == 0 and gone in proposal.merged.problem


def test_large_lists_keep_the_first_rows_and_a_full_download(tmp_path, monkeypatch):
    monkeypatch.setattr(maintain, "SHOWN", 10)
    head = store.Snapshot(None, "", {n: d.MINI[n].encode() for n in store.REQUIRED_FILES})
    rows = [d.observation("topics", 2000 + n, str(n)) for n in range(30)]
    good = maintain.check({"observations.csv": d.with_rows("observations", *rows).encode()}, head)
    assert good.ok and len(good.changes) == 10 and good.change_count == 30
    with open(good.full["changes"], encoding="utf-8-sig") as handle:
        assert len(handle.read().splitlines()) == 31  # header + every change
    bad = maintain.check({"observations.csv": d.with_rows("observations", *[r.replace(",rpt,", ",nope,")
                                                                                for r in rows]).encode()}, head)
    assert not bad.ok and len(bad.problems) == 10 and bad.error_count == 30
    with open(bad.full["problems"], encoding="utf-8-sig") as handle:
        assert len(handle.read().splitlines()) == 31
    monkeypatch.setattr(maintain, "ZIP_ABOVE", 20)  # a long list comes zipped, the CSV inside whole
    zipped = maintain.check({"observations.csv": d.with_rows("observations", *[r.replace(",rpt,", ",nope,")
                                                                                   for r in rows]).encode()}, head)
    import zipfile

    with zipfile.ZipFile(zipped.full["problems"]) as archive:
        assert archive.namelist() == ["问题清单.csv"]
        text = archive.read("问题清单.csv").decode("utf-8-sig")
    assert len(text.splitlines()) == 31 and "来源「nope」在来源表中不存在" in text


def test_a_check_that_runs_out_of_memory_is_a_chinese_problem_not_a_crash(monkeypatch):
    """Large inputs are checked in a child process with a memory limit: exceeding it leaves the server
    as it was and says what happened."""
    monkeypatch.setattr(maintain, "ISOLATE_ABOVE", 0)
    head = store.Snapshot(None, "", {n: d.MINI[n].encode() for n in store.REQUIRED_FILES})
    fine = maintain.check_isolated({"observations.csv": d.MINI["observations.csv"].encode()}, head)
    assert fine.ok and fine.change_count == 0  # the same check, in the child
    monkeypatch.setattr(maintain, "CHILD_MEMORY", 64 * 1024 * 1024)
    refused = maintain.check_isolated({"observations.csv": d.MINI["observations.csv"].encode()}, head)
    assert not refused.ok and "无法完成检查" in refused.problems[0].message and "没有保存" in refused.problems[0].message


# --- t10 finding 2: a file without a version is checked against what it still has from before ------


NOTE = ("2024年,92,,actual,qianwei_sigao_2025,原文：".encode(), "2024年,92,,actual,qianwei_sigao_2025,原文（已核对）：".encode())  # 李四 corrects a note


def uploaded_after(folder, mine: dict[str, bytes]):
    """张三 changed 342 → 350 from the first version; `mine` (a file of that first version, changed
    otherwise) is then uploaded — as a new file, with no memory of any earlier conflict."""
    opened = store.open(folder)
    head = opened.read()
    return maintain.from_uploads(head, mine, recent=maintain.recent_versions(opened, head.version))


def zhang_saves(folder) -> store.Snapshot:
    opened = store.open(folder)
    base = opened.read()
    opened.save(edit(base.files, "observations.csv", *MICRO), "张三", "修改1条数字", base.version)
    return base


def test_a_stale_file_changed_after_the_conflict_is_still_stale(folder):
    """The tester's 李四 fixes one note and uploads again: still checked against the version the file
    came from, 张三's 342 → 350 named as what it would undo (it was shown as 李四's own 350 → 342)."""
    base = zhang_saves(folder)
    fixed = edit(base.files, "observations.csv", *NOTE)
    proposal = uploaded_after(folder, {"observations.csv": fixed["observations.csv"]})
    assert proposal.ok and proposal.stale and proposal.inferred and proposal.base == base.version
    assert proposal.who_else == "张三" and proposal.overwrite_count == 1
    assert proposal.overwrites[0].theirs == "342场次 → 350场次" and proposal.overwrites[0].undo
    assert proposal.merged.count == 1  # his own note, on top of 张三's change


def test_adding_an_unchanged_file_does_not_make_a_stale_one_fresh(folder):
    base = zhang_saves(folder)
    proposal = uploaded_after(folder, {"observations.csv": base.files["observations.csv"],
                                       "sources.csv": base.files["sources.csv"]})
    assert proposal.stale and proposal.overwrite_count == 1 and proposal.merged.count == 0


def test_a_file_of_the_current_version_is_not_stale(folder):
    """No false alarms: a file downloaded after 张三's save, changed elsewhere, is an ordinary edit."""
    zhang_saves(folder)
    head = store.read(folder)
    proposal = uploaded_after(folder, {"observations.csv": edit(head.files, "observations.csv", *NOTE)[
        "observations.csv"]})
    assert not proposal.stale and not proposal.inferred and proposal.summary == "修改1条数字"


def test_a_deleted_figure_that_a_later_version_added_back_counts(folder):
    """A record someone added since is missing from the stale file: saving it would delete theirs."""
    opened = store.open(folder)
    base = opened.read()
    added = "犍为县政协,micro_consultations,2026,2026,2026年,12,,actual,qianwei_sigao_2025,\r\n".encode()
    opened.save({**base.files, "observations.csv": base.files["observations.csv"] + added}, "张三", "新增1条数字",
                base.version)
    proposal = uploaded_after(folder, {"observations.csv": edit(base.files, "observations.csv", *NOTE)[
        "observations.csv"]})
    assert proposal.stale and proposal.overwrite_count == 1 and proposal.overwrites[0].theirs.startswith("新增")


# --- t10 findings 9 and 12: long texts show what changed; large reviews show every kind of change ----


def test_a_long_changed_text_shows_the_changed_part(folder):
    """网站 → 官网 inside a long note: both texts in full hid a two-character change."""
    head = store.read(folder)
    files = edit(head.files, "observations.csv", "原文：开展小微协商342场次".encode(),
                 ("原文：开展小微协商342场次，详见县政协网站发布的《坚持“四高”导向 增强同心共建质效》一文，"
                  "数据截至2024年底").encode())
    store.save(folder, files, "张三", "改备注", head.version)
    head = store.read(folder)
    changed = edit(head.files, "observations.csv", "县政协网站发布".encode(), "县政协官网发布".encode())
    proposal = maintain.from_uploads(head, {"observations.csv": changed["observations.csv"]})
    (change,) = proposal.changes
    old, new = maintain.HIGHLIGHT
    assert f"{old}网站{new}" in change.old and f"{old}官网{new}" in change.new
    assert len(change.old) < 40 and change.old.startswith("备注：…") and "数据截至" not in change.old
    assert maintain.plain_marks(change.new).count("【官网】") == 1


def test_a_large_review_shows_the_first_rows_of_each_kind(monkeypatch):
    """The tester's 45 deletions hidden behind 300 additions: every kind gets rows, deletions first."""
    monkeypatch.setattr(maintain, "SHOWN", 30)
    head = store.Snapshot(None, "", {n: d.MINI[n].encode() for n in store.REQUIRED_FILES})
    kept = [line for line in d.MINI["observations.csv"].splitlines()[1:] if ",topics," not in line]
    rows = [d.observation("ideas", 2000 + n, str(n)) for n in range(100)]
    changed = [r.replace(",75,", ",76,") for r in kept]
    text = "\n".join([d.OBSERVATIONS_HEADER, *changed, *rows]) + "\n"
    proposal = maintain.check({"observations.csv": text.encode()}, head)
    kinds = [c.kind for c in proposal.changes]
    assert proposal.counts == {"数字:新增": 100, "数字:修改": 1, "数字:删除": 1}
    assert kinds[:2] == ["删除", "修改"] and kinds.count("新增") == 28 and len(kinds) == 30
    assert maintain.kind_counts(proposal.counts) == [("删除", "1条数字"), ("修改", "1条数字"), ("新增", "100条数字")]


def test_the_data_template_of_200000_figures_can_be_uploaded_back(tmp_path):
    """t10 finding 5: a saved 200,000-row dataset's 数据模板 (~7 MB) was over the 5 MB upload limit,
    so it could not be edited from the web at all (in-place editing stops at 20,000 rows)."""
    from bench.large_inputs import valid_files
    from tongxin import load
    from tongxin.export import templates

    folder = tmp_path / "large"
    folder.mkdir()
    for name, data in valid_files().items():
        (folder / name).write_bytes(data)
    dataset = load.load_dataset(folder)
    assert len(dataset.observations) == 200_000
    workbook = templates.long_workbook(dataset, "2026-11-29", base=(1, "0" * 64, "第 1 版"))
    assert 5 * 1024 * 1024 < len(workbook) < maintain.MAX_UPLOAD_BYTES / 1.5  # with room for longer names and notes
    assert not maintain.check_uploads({"犍为县政协数据模板.xlsx": workbook})


def test_reading_notices_are_counted_apart_from_warnings(folder):
    """t1113 #5: a file read with 3 说明 and no 提醒 is not "共 3 条提醒"."""
    from tests.unit import test_cases as cases

    files = cases.files(cases.CASES / "08-invisible-chars-wechat" / "visible-errors")
    proposal = maintain.from_uploads(store.read(folder), {p.name: p.read_bytes() for p in files})
    notices = [p for p in proposal.problems if p.severity == "notice"]
    assert proposal.ok and notices and proposal.notice_count == len(notices)
    assert proposal.warning_count == len([p for p in proposal.problems if p.severity == "warning"]) == 0
