"""The content model of the 汇报材料 (tongxin.document), built without pictures: what it says, as a county
office would write it — a neutral title the office can set, the office's opening, key figures when there are
no rates, shares of the period the text reports, targets in words, nothing said twice, no generator line."""

from __future__ import annotations

import re

import pytest

from tests import datasets as d
from tests.unit.test_narrative import PINGWU
from tongxin import charts, document, load
from tongxin.document import KeyFigures, Paragraph, Table

CASES = d.PROJECT / "tests" / "cases"


def build(dataset, org=None, **options) -> document.Document:
    return document.build(dataset, org or dataset.orgs()[0], [], {}, "2026-11-26", **options)


def section(doc: document.Document, heading: str) -> document.Section:
    return next(s for s, b in doc.walk() if b is None and s.heading == heading)


def paragraphs(part: document.Section) -> list[str]:
    return [b.text for b in part.blocks if isinstance(b, Paragraph)]


def everything(doc) -> str:
    return "\n".join(document.texts(doc))


@pytest.fixture(scope="module")
def default():
    return load.load_dataset(d.DEFAULT_DATA)


def test_the_title_is_neutral_and_the_office_can_set_it(default, tmp_path):
    doc = build(default)
    assert doc.title == "犍为县政协工作情况汇报"  # not every office calls its work 同心共建
    assert [p.text for p in doc.opening] == ["现将犍为县政协工作有关情况汇报如下。"]
    assert build(default, subject="同心共建").title == "犍为县政协同心共建工作情况汇报"
    assert build(default, subject="同心共建工作").title == "犍为县政协同心共建工作情况汇报"
    own = build(default, title="关于2024年度协商工作情况的汇报")
    assert own.title == "关于2024年度协商工作情况的汇报" and own.opening[0].text == "现将有关情况汇报如下。"
    beijing = build(load.load_dataset(CASES / "15-beijing-duty-stats-gbk"))
    assert beijing.title == "北京市政协工作情况汇报" and "同心共建" not in everything(beijing)


def test_no_generator_line_in_the_body(default):
    doc = build(default)
    assert "看板" not in everything(doc) and "生成" not in everything(doc)
    assert doc.generator == "由同心共建质效看板于2026年11月26日生成"  # for the file's properties


def test_shares_are_of_the_period_the_text_reports():
    putian = load.load_dataset(CASES / "01-putian-xlsx" / "莆田市政协提案数据.xlsx")
    doc = build(putian)
    text = everything(doc)
    assert "其中集体提案74件（较七届四次会议增长23%；占31.4%）" in text
    assert "2023年集体提案 74件 ÷ 审查立案提案 236件 = 31.4%" in text
    assert "60件" not in text and "25.6%" not in text  # 2020's share is not the one the text reports
    table = next(b for b in doc.blocks(Table) if "提案工作" in b.caption)
    assert ("集体提案", "74件", "2023年", "较七届四次会议+23%；占31.4%") in table.rows


def test_shares_of_yearly_parts_are_in_the_text_and_the_table():
    """Case 15's README: 集体提案 and 委员个人提案 are 10% and 90% of 征集提案 — in the export."""
    doc = build(load.load_dataset(CASES / "15-beijing-duty-stats-gbk"))
    work = paragraphs(section(doc, "（二）建言献策"))[0]
    assert "其中集体提案129件（占10%），委员个人提案1161件（占90%）" in work
    table = next(b for b in doc.blocks(Table) if "建言献策" in b.caption)
    assert ("集体提案", "129件", "2023年", "占10%") in table.rows
    assert ("委员个人提案", "1161件", "2023年", "占90%") in table.rows


MULI = {  # the tester's dataset D: one figure approximate, a part named 其中…
    "indicators.csv": f"""{d.INDICATORS_HEADER}
c2,收集的群众急难愁盼问题线索,联系群众,条,count,,true,,
c3,其中已办结并得到群众满意答复的线索,联系群众,条,count,,true,,c2
""",
    "observations.csv": f"""{d.OBSERVATIONS_HEADER}
木里县政协,c2,,2024,十一届政协以来,5678,,actual,s1,
木里县政协,c3,,2024,十一届政协以来,5000,余,actual,s1,
""",
    "sources.csv": f"""{d.SOURCES_HEADER}
s1,县政协常务委员会工作报告,木里县政协,2025-01-10,,
""",
}


def test_which_figure_is_approximate_is_said_and_no_qiqi(tmp_path):
    doc = build(load.load_dataset(d.write(tmp_path / "d", MULI)))
    text = everything(doc)
    assert "两项原数字均为约数" not in text
    assert "“5000余条”为约数、另一项为确数，由其计算的占比标“约”" in text
    assert "其中其中" not in text
    assert "其中已办结并得到群众满意答复的线索5000余条（约占88%）" in text


def test_overall_without_rates_says_the_key_figures_not_an_inventory(tmp_path):
    doc = build(load.load_dataset(d.write(tmp_path / "b", PINGWU)))
    overall = paragraphs(section(doc, "一、总体情况"))
    assert overall == ["提案工作方面，2025年立案提案168件（较2023年增长12%），其中重点提案20件（占11.9%）；"
                       "联系群众方面，一年来走访群众3000余人次，帮扶资金近56.5万元。"]
    notes = paragraphs(section(doc, "三、数据说明"))
    inventory = [p for p in notes if p.startswith("平武县政协共有4项指标、5条数字")]
    assert len(inventory) == 1 and "重点提案只有2025年的数字" in inventory[0]
    assert not any("共有4项指标" in p for p in overall)


def test_headline_rates_are_said_once(default):
    """The three rates are 一、总体情况's: the 古韵协商 paragraph does not repeat them, nor 表4 表1."""
    doc = build(default)
    part = section(doc, "（三）古韵协商")
    assert not any("委员参与率" in p for p in paragraphs(part))
    table = next(b for b in part.blocks if isinstance(b, Table))
    assert not any(r[0] in ("委员参与率", "成果转化率", "群众认可率") for r in table.rows)
    assert table.note == "委员参与率、成果转化率、群众认可率见表1。"
    key = doc.blocks(KeyFigures)[0]
    assert key.caption == "表1 主要指标" and [k.label for k in key.items] == ["委员参与率", "成果转化率", "群众认可率"]


def test_pillar_paragraphs_are_the_sources_words(default):
    doc = build(default)
    reading = paragraphs(section(doc, "（二）建言献策"))[0]
    assert reading.startswith("三年来共实施协商和监督课题46个，委员参与800余人次，形成建言成果50余份，")
    helping = paragraphs(section(doc, "（四）四进四助"))[0]
    assert "三年来开展委员志愿服务1000余人次" in helping and "100余次" in helping  # the source's digits
    assert "为群众解决实际问题近千件" in helping


def test_future_targets_are_in_words(tmp_path):
    tables = {
        "indicators.csv": f"""{d.INDICATORS_HEADER}
participation_rate,委员参与率,协商议政,%,rate,,true,1,
conversion_rate,成果转化率,协商议政,%,rate,,true,2,
consultations,协商活动,协商议政,场次,count,,true,,
""",
        "observations.csv": f"""{d.OBSERVATIONS_HEADER}
青川县政协,participation_rate,2024,2024,2024年,83,,actual,r,
青川县政协,participation_rate,2025,2025,2025年,88,,actual,r,
青川县政协,conversion_rate,2025,2025,2025年,71.5,,actual,r,
青川县政协,consultations,2025,2025,2025年,35,,actual,r,
青川县政协,participation_rate,2025,2025,2025年,90,,target,plan,
青川县政协,participation_rate,2026,2026,2026年,95,,target,plan,
青川县政协,conversion_rate,2026,2026,2026年,80,,target,plan,
青川县政协,consultations,2026,2026,2026年,40,,target,plan,
""",
        "sources.csv": f"""{d.SOURCES_HEADER}
r,2026年政协工作报告,青川县政协,2026-01-16,,
plan,十四五履职规划,青川县政协,2021-03-01,,目标值
""",
    }
    doc = build(load.load_dataset(d.write(tmp_path / "a", tables)))
    overall = paragraphs(section(doc, "一、总体情况"))
    assert "2025年委员参与率为88%，目标90%，完成率98%。" in overall
    assert "根据《十四五履职规划》，到2026年委员参与率、成果转化率、协商活动的目标分别为95%、80%、40场次。" in overall


def _case_datasets():
    found = []
    for folder in sorted(p for p in CASES.rglob("*") if p.is_dir()):
        if (folder / "indicators.csv").exists():
            found.append(folder)
        found += sorted(folder.glob("*.xls*"))
    return found


@pytest.mark.parametrize("source", _case_datasets(), ids=lambda p: str(p.relative_to(CASES)))
def test_every_case_reads_without_doubled_words(source):
    dataset, _ = load.read_dataset(source)
    if dataset is None:
        pytest.skip("a case of bad input")
    for org in dataset.orgs():
        text = everything(build(dataset, org))
        assert not re.search(r"其中其中|。。|，，|；；|年年|、、", text), (source.name, org)


def test_the_share_sentence_of_a_part_named_qizhong(tmp_path):
    from tongxin import narrative

    dataset = load.load_dataset(d.write(tmp_path / "d", MULI))
    (share,) = dataset.shares("木里县政协")
    assert narrative.share_sentence(dataset, share) == (
        "十一届政协以来收集的群众急难愁盼问题线索5678条，其中已办结并得到群众满意答复的线索5000余条，约占88%。")


def test_an_orgs_document_places_it_among_its_peers(tmp_path):
    """t1113 finding 7: each county's 汇报材料 says where it stands, as 总览 does — also when its document is
    built from its own figures only (a batch), from the whole data passed as `peers`."""
    import statistics

    from tongxin import compare

    city = load.load_dataset(d.write(tmp_path / "city", d.city_dataset()))
    org = city.orgs()[2]
    alone = city.restricted(org=org)
    said = paragraphs(section(build(alone, org, peers=city), "一、总体情况"))
    place = compare.position(city, "participation_rate", org, city.peers(org))
    standing = next(p for p in said if p.startswith("在乐山市政协的11个县（区）中，"))
    rank = f"并列第{place.entry.rank}位" if place.entry.tied else f"第{place.entry.rank}位"
    assert f"{place.ranking.period_words}委员参与率居{rank}（{place.entry.value:g}%）" in standing
    assert statistics.median(place.ranking.values) == place.ranking.median and "中位数" in standing
    assert standing.count("乐山市政协") == 1 and "居第" in standing.split("；")[-1]
    assert said == paragraphs(section(build(city, org), "一、总体情况"))  # the same from the whole data
    # one org alone: nothing to place it among
    assert not any("居第" in p for p in paragraphs(section(build(load.load_dataset(d.DEFAULT_DATA)), "一、总体情况")))


def test_a_comparison_says_what_its_rank_moves_compare(tmp_path):
    """t13 finding 1 in the 汇报材料: when the orgs ranked differ between the two years, the table of ranks
    carries a 表注 saying 名次变化 compares the orgs with figures in both years."""
    tables_ = d.province_dataset(count=21 * 3)  # three orgs a city; org 0 has no 2021 figure (the fixture's gap)
    dataset = load.load_dataset(d.write(tmp_path / "p", tables_))
    orgs = [name for name, parent, _ in d.province_orgs(21 * 3) if parent == d.province_orgs(21 * 3)[0][1]]
    shown = [charts.build(dataset, charts.comparison_spec(dataset, "participation_rate", 2022, tuple(orgs)))]
    made = document.comparison(dataset, orgs, shown, {shown[0].id: b""}, "2026-11-30")
    [table] = [b for s in made.sections for part in s.sections for b in part.blocks if isinstance(b, document.Table)]
    assert table.note == "名次变化只比较2021年和2022年都有数字的2个县；2022年有数字的3个，2021年2个。"
    assert table.widths[table.header.index("排名")] < table.widths[table.header.index("单位名称")]
