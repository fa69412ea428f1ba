"""Batch materials (issue 13): `python -m tongxin export --each-org --format zip` on an 11-org dataset
makes one ZIP with 11 folders (deck, A4 report, Word each) and a comparison deck of the ranking
charts; every image of the batch in one rendering run (one Chromium); progress told as it goes."""

from __future__ import annotations

import io
import statistics
import subprocess
import sys
import zipfile

import pytest
from pptx import Presentation

from tests import datasets as d
from tests.export.conftest import EXPORTED_ON
from tongxin import load
from tongxin.export import each_org, images

CITY = [name for name, parent, _ in d.province_orgs(21 * 11) if parent == "乐山市政协"]
LAST = d.PROVINCE_YEARS[-1]


@pytest.fixture(scope="module")
def city_folder(tmp_path_factory):
    return d.write(tmp_path_factory.mktemp("city") / "data", d.city_dataset())


@pytest.fixture(scope="module")
def cli_pack(city_folder, tmp_path_factory):
    out = tmp_path_factory.mktemp("out") / "批量.zip"
    done = subprocess.run([sys.executable, "-m", "tongxin", "export", "--data", str(city_folder), "--each-org",
                           "--format", "zip", "--out", str(out)], capture_output=True, text=True, timeout=900,
                          cwd=d.PROJECT)
    assert done.returncode == 0, done.stderr[-2000:]
    with zipfile.ZipFile(out) as archive:
        return done, {n: archive.read(n) for n in archive.namelist()}


def test_each_org_makes_a_folder_per_org_and_a_comparison_deck(cli_pack):
    done, files = cli_pack
    folders = sorted({n.split("/", 1)[0] for n in files if "/" in n})
    assert folders == sorted(CITY) and len(folders) == 11
    for org in CITY:
        inside = sorted(n.split("/", 1)[1] for n in files if n.startswith(org + "/"))
        assert inside == sorted([f"{org}_会议材料_{done_date(files)}.pptx", f"{org}_报告_{done_date(files)}.pdf",
                                 f"{org}_汇报材料_{done_date(files)}.docx"])
    decks = [n for n in files if "/" not in n]
    assert decks == [f"乐山市政协所属11个县（区）_各单位对比_{done_date(files)}.pptx"]
    assert "[100%] 完成" in done.stderr and "第11/11个单位" in done.stderr and "已导出" in done.stdout


def done_date(files) -> str:
    return next(n for n in files if "/" not in n).rsplit("_", 1)[1].removesuffix(".pptx")


def test_the_comparison_deck_ranks_the_city(cli_pack):
    _, files = cli_pack
    deck = Presentation(io.BytesIO(next(v for n, v in files.items() if "/" not in n)))
    slides = list(deck.slides)
    texts = [{s.name: s.text_frame.text for s in slide.shapes if s.has_text_frame} for slide in slides]
    assert texts[0]["标题"] == "乐山市政协所属11个县（区）工作情况对比"
    titles = [t.get("标题", "") for t in texts]
    assert "图1 委员参与率：各单位排名" in titles and "表1 委员参与率排名" in titles
    table = next(s for s in slides[titles.index("表1 委员参与率排名")].shapes if s.has_table).table
    rows = [[table.cell(r, c).text for c in range(len(table.columns))] for r in range(1, len(table.rows))]
    assert len(rows) == 11  # one slide: no slide of a leftover row
    members = [k for k in range(21 * 11) if d.province_orgs(21 * 11)[k][1] == "乐山市政协"]
    values = {d.province_orgs(21 * 11)[k][0]: d.province_value(k, LAST, "participation_rate") for k in members}
    for rank, org, value, *_ in rows:
        assert int(rank.split("（")[0]) == 1 + sum(1 for v in values.values() if v > values[org])
        assert value == f"{values[org]:g}%"
    # no slide of a single sentence: （一）委员参与率's sentences stand on its ranking chart's slide (t1113 #13)
    for t in texts[1:]:
        assert set(t) - {"章节", "说明"} != {"标题", "要点"} or len(t["要点"]) > 60, t
    ranking_slide = texts[titles.index("图1 委员参与率：各单位排名")]
    assert ranking_slide["章节"] == "（一）委员参与率" and "提高最多的是" in ranking_slide["要点"]
    summary = " ".join(t.get("要点", "") for t in texts)
    assert f"委员参与率中位数为{statistics.median(values.values()):g}%" in summary
    for t in texts:  # no slide's sentences list every org
        assert sum(1 for org in CITY if org in t.get("要点", "")) <= 3


def test_each_orgs_documents_are_its_own(cli_pack):
    _, files = cli_pack
    org = CITY[2]
    deck = Presentation(io.BytesIO(next(v for n, v in files.items() if n.startswith(org + "/") and n.endswith("pptx"))))
    first = {s.name: s.text_frame.text for s in deck.slides[0].shapes if s.has_text_frame}
    assert first["标题"] == f"{org}工作情况汇报"
    other = [o for o in CITY if o != org]
    text = " ".join(s.text_frame.text for slide in deck.slides for s in slide.shapes if s.has_text_frame)
    assert not any(o in text for o in other)
    # where it stands among its city's counties (t1113 finding 7), in the deck, the PDF and the Word file alike
    members = [k for k in range(21 * 11) if d.province_orgs(21 * 11)[k][1] == "乐山市政协"]
    values = {d.province_orgs(21 * 11)[k][0]: d.province_value(k, LAST, "participation_rate") for k in members}
    rank = 1 + sum(1 for v in values.values() if v > values[org])
    said = f"在乐山市政协的11个县（区）中，{LAST}年委员参与率居第{rank}位（{values[org]:g}%）"
    assert said in text.replace("\n", "")
    import docx

    word = docx.Document(io.BytesIO(next(v for n, v in files.items() if n.startswith(org + "/") and n.endswith("docx"))))
    assert said in " ".join(p.text for p in word.paragraphs)


def test_a_batch_over_two_cities_compares_each_citys_counties(tmp_path):
    """t1113 finding 13: without --parent, 乐山's and 眉山's counties were ranked in one list; peers are the
    orgs of one parent (DATA_SPEC v2), so each city gets its own comparison deck."""
    dataset = load.load_dataset(d.write(tmp_path / "p", d.province_dataset(count=21 * 2)))
    orgs = [o for o in dataset.orgs() if dataset.parent(o) in ("乐山市政协", "眉山市政协")]
    assert len(orgs) == 4
    _, content, _ = each_org(dataset, orgs, EXPORTED_ON)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        decks = sorted(n for n in archive.namelist() if "/" not in n)
        assert decks == [f"乐山市政协所属2个县_各单位对比_{EXPORTED_ON.replace('-', '')}.pptx",
                         f"眉山市政协所属2个县（区）_各单位对比_{EXPORTED_ON.replace('-', '')}.pptx"]
        deck = Presentation(io.BytesIO(archive.read(decks[0])))
    text = " ".join(s.text_frame.text for slide in deck.slides for s in slide.shapes if s.has_text_frame)
    assert "眉山" not in text


def test_one_rendering_run_for_the_whole_batch(city_folder, monkeypatch):
    dataset = load.load_dataset(city_folder)
    import kaleido

    calls, told, started = [], [], []
    original, opened = images.render, kaleido._sync_server.GlobalKaleidoServer.open
    kaleido.stop_sync_server(silence_warnings=True)  # a Chromium of an earlier test must not count

    def counted(charts, *args, **kwargs):
        calls.append(len(charts))
        return original(charts, *args, **kwargs)

    def open_(server, *args, **kwargs):
        started.append(not server.is_running())  # True: a Chromium started
        return opened(server, *args, **kwargs)

    monkeypatch.setattr(images, "render", counted)
    monkeypatch.setattr(kaleido._sync_server.GlobalKaleidoServer, "open", open_)
    name, content, notes = each_org(dataset, CITY[:3], EXPORTED_ON, progress=lambda f, m: told.append((f, m)))
    assert notes == []
    # each org's pictures, then the ranking charts, drawn while the documents are written: one Chromium
    assert len(calls) == 4 and all(calls) and started.count(True) == 1
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert len([n for n in archive.namelist() if n.endswith(".pptx")]) == 4
    fractions = [f for f, _ in told]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert any("第3/3个单位" in m for _, m in told)


def test_cli_refuses_what_it_cannot_do(city_folder, tmp_path):
    run = lambda *extra: subprocess.run(  # noqa: E731
        [sys.executable, "-m", "tongxin", "export", "--data", str(city_folder), "--each-org", *extra,
         "--out", str(tmp_path / "x.zip")], capture_output=True, text=True, timeout=120, cwd=d.PROJECT)
    wrong = run("--format", "pptx")
    assert wrong.returncode == 1 and "--each-org 只能与 --format zip 一起使用" in wrong.stderr
    nobody = run("--format", "zip", "--parent", "绵阳市政协")
    assert nobody.returncode == 1 and "没有上级单位为「绵阳市政协」的单位；可选：乐山市政协" in nobody.stderr
    assert not (tmp_path / "x.zip").exists()
