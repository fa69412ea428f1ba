import pytest

from tests import datasets as d
from tongxin import compare, load, narrative


def test_headline_summary_on_the_default_data():
    ds = load.load_dataset(d.DEFAULT_DATA)
    assert narrative.headline_summary(ds, "犍为县政协", ds.headline_indicators()) == [
        "2024年，犍为县政协委员参与率、成果转化率、群众认可率分别为92%、91%、93%，较2020年分别提高72、73、71个百分点。"
    ]


def test_rate_sentence(tmp_path):
    ds = load.load_dataset(d.DEFAULT_DATA)
    assert narrative.rate_sentence(ds, ds.indicator("participation_rate"), "犍为县政协") == (
        "2024年委员参与率达92%，较2020年提高72个百分点。"
    )
    mini = load.load_dataset(d.write(tmp_path / "m"))
    assert narrative.rate_sentence(mini, mini.indicator("adopt_rate"), "示例区政协") == (
        "2023年建议采纳率达64.5%，较2019年提高34.5个百分点。"
    )


def test_pillar_summary_keeps_periods_qualifiers_and_shares():
    ds = load.load_dataset(d.DEFAULT_DATA)
    # The source's own words where each figure's note quotes them (原文：…), the share after its whole.
    assert narrative.pillar_summary(ds, "犍为县政协", "主题读书", limit=3) == (
        "主题读书方面：打造“委员书屋”及读书点75个，换届以来收集委员“金点子”410余条，"
        "其中260余条被转化为发展举措（约占63%）等。"
    )
    text = narrative.pillar_summary(ds, "犍为县政协", "古韵协商")
    assert "县镇村协商平台由优化前的218个调整为优化后的67个（减少69%）" in text
    assert "2024年委员参与率92%（较2020年提高72个百分点）" in text
    text = narrative.pillar_summary(ds, "犍为县政协", "建言献策")
    assert text.startswith("建言献策方面：三年来共实施协商和监督课题46个，委员参与800余人次，形成建言成果50余份，")


def test_pillar_paragraph_without_quotes_groups_by_period(tmp_path):
    """Without 原文 notes: name and figure, a period said once for consecutive figures of that period,
    a “其中” part after its whole (its name not starting 其中其中), the headline rates left out."""
    ds = load.load_dataset(d.write(tmp_path / "m", {**d.MINI, "indicators.csv": d.MINI["indicators.csv"].replace(
        "ideas_used,采纳建议", "ideas_used,其中采纳建议")}))
    assert narrative.pillar_paragraph(ds, "示例区政协", "建言资政") == (
        "本届以来收集建议200余条，其中采纳建议150余条（约占75%）。")
    assert narrative.pillar_paragraph(ds, "示例区政协", "协商议事", leave_out={"join_rate", "adopt_rate"}) == (
        "近两年协商课题12个。")


def test_an_indicator_is_never_said_twice_without_periods(tmp_path):
    """t1113 finding 9: 金口河's 委员书屋 88个 截至2023年 and 66余个 截至2024年 were said "委员书屋88个，委员书屋66余个".
    Standing counts: the latest only, with its period; figures the source words apart: each with its period."""
    rows = "\n".join([d.observation("topics", 2023, "88"), d.observation("topics", 2024, "66", qualifier="余"),
                      d.observation("ideas", 2024, "300", label="三年来"), d.observation("ideas", 2025, "410",
                                                                                          qualifier="余")])
    ds = load.load_dataset(d.write(tmp_path / "m", {**d.MINI, "observations.csv": d.OBSERVATIONS_HEADER + "\n" + rows}))
    assert narrative.pillar_paragraph(ds, "示例区政协", "协商议事") == "截至2024年协商课题66余个。"
    assert narrative.pillar_paragraph(ds, "示例区政协", "建言资政") == "三年来收集建议300条，截至2025年收集建议410余条。"


def test_yearly_parts_say_their_share(tmp_path):
    """Beijing (case 15): the parts have a year, their share is said (it used to vanish)."""
    ds = load.load_dataset(d.PROJECT / "tests" / "cases" / "15-beijing-duty-stats-gbk")
    text = narrative.pillar_paragraph(ds, "北京市政协", "建言献策")
    assert "2023年征集提案1290件，其中集体提案129件（占10%），委员个人提案1161件（占90%）" in text


def test_key_figures_summary_and_targets_ahead(tmp_path):
    ds = load.load_dataset(d.write(tmp_path / "b", PINGWU))
    assert narrative.key_figures_summary(ds, "平武县政协") == (
        "提案工作方面，2025年立案提案168件（较2023年增长12%），其中重点提案20件（占11.9%）；"
        "联系群众方面，一年来走访群众3000余人次，帮扶资金近56.5万元。")
    t = load.load_dataset(d.write(tmp_path / "t", d.targets_dataset()))
    assert narrative.targets_ahead(t, "青川县政协") == [
        "根据《青川县政协年鉴》，协商议事室覆盖率2024年、2025年、2026年的目标分别为90%、95%、100%。"]


PINGWU = {  # the tester's dataset B: no rates, two pillars, a yearly part, 余 and 近
    "indicators.csv": f"""{d.INDICATORS_HEADER}
proposals,立案提案,提案工作,件,count,,true,,
key_proposals,重点提案,提案工作,件,count,,true,,proposals
visits,走访群众,联系群众,人次,count,,true,,
funds,帮扶资金,联系群众,万元,amount,,true,,
""",
    "observations.csv": f"""{d.OBSERVATIONS_HEADER}
平武县政协,proposals,2023,2023,2023年,150,,actual,s1,
平武县政协,proposals,2025,2025,2025年,168,,actual,s1,
平武县政协,key_proposals,2025,2025,2025年,20,,actual,s1,
平武县政协,visits,,2025,一年来,3000,余,actual,s1,
平武县政协,funds,,2025,,56.5,近,actual,s1,
""",
    "sources.csv": f"""{d.SOURCES_HEADER}
s1,2025年工作总结,平武县政协,2025-12-20,,
""",
}


def test_rates_summary_with_targets_and_uneven_gaps(tmp_path):
    ds = load.load_dataset(d.write(tmp_path / "t", d.targets_dataset()))
    sentences = narrative.rates_summary(ds, "青川县政协")
    assert "2023年协商议事室覆盖率为83%，目标85%，完成率98%。" in sentences
    assert sentences[-1] == (
        "群众对基层协商议事工作成效的总体满意程度缺2021年、2024–2025年数据；协商议事室覆盖率缺2020–2021年数据，"
        "图中以虚线连接、不作推算。"
    )


def test_rates_summary_says_a_target_the_chart_draws(tmp_path):
    """t1113 finding 13: 三率趋势 drew the 2025 target 95% but its text never said it."""
    rows = "\n".join([d.observation("join_rate", 2019, "40", start=2019), d.observation("join_rate", 2023, "75", start=2023),
                      d.observation("join_rate", 2025, "95", start=2025, type_="target")])
    ds = load.load_dataset(d.write(tmp_path / "m", {**d.MINI, "observations.csv": d.OBSERVATIONS_HEADER + "\n" + rows}))
    sentences = narrative.rates_summary(ds, "示例区政协")
    assert "根据《示例区政协工作报告》，到2025年委员参与率的目标为95%。" in sentences


def test_rates_summary_default():
    ds = load.load_dataset(d.DEFAULT_DATA)
    assert narrative.rates_summary(ds, "犍为县政协")[1:] == [
        "群众诉求解决率达98.5%。",
        "2021–2023年无公开数据，图中以虚线连接、不作推算。",
    ]


def test_coverage_and_comparison_sentences(tmp_path):
    ds = load.load_dataset(d.DEFAULT_DATA)
    assert narrative.coverage_sentence(ds, "犍为县政协").startswith("犍为县政协共有41项指标、45条数字，来自1个来源")
    t = load.load_dataset(d.write(tmp_path / "t", d.targets_dataset()))
    assert narrative.comparison_summary(t, compare.ranking(t, "satisfaction", 2026, t.orgs())) == [
        "2026年，2个单位的群众对基层协商议事工作成效的总体满意程度中位数为85.5%；最高的是青川县（88%），"
        "最低的是白马镇政协联络组（83%），相差5个百分点。"
    ]
    assert narrative.comparison_summary(t, compare.ranking(t, "coverage", 2023, t.orgs()))[1:] == [
        "设定目标的2个单位均未达到目标。", "较2022年提高最多的是青川县、白马镇政协联络组（+4个百分点）。"]
    place = compare.position(t, "coverage", "白马镇政协联络组", t.orgs())
    assert narrative.position_sentence(t, place) == (
        "2023年协商议事室覆盖率在2个单位中居第2位（78%），低于中位数2.5个百分点，名次与上年相同。")
    with pytest.raises(compare.NoComparison, match="只有一个单位"):
        compare.ranking(ds, "participation_rate", 2024, ds.orgs())


def test_coverage_says_each_indicator_its_own_years(tmp_path):
    """The tester's dataset E: 委员参与率 has 2022 and 2024, the other two only 2024 — one year is not 逐年."""
    tables = {
        "indicators.csv": f"""{d.INDICATORS_HEADER}
participation_rate,委员参与率,协商议政,%,rate,,true,1,
proposals,立案提案,提案工作,件,count,,true,,
consultations,协商活动,协商议政,场次,count,,true,,
""",
        "observations.csv": f"""{d.OBSERVATIONS_HEADER}
犍为县政协,participation_rate,2024,2024,2024年,92,,actual,s1,
犍为县政协,participation_rate,2022,2022,2022年,82,,actual,s1,
犍为县政协,proposals,2024,2024,2024年,270,,actual,s1,
犍为县政协,consultations,2024,2024,2024年,342,,actual,s1,
""",
        "sources.csv": f"""{d.SOURCES_HEADER}
s1,2024年各县（区）政协履职情况统计表,乐山市政协办公室,2025-02-01,,
""",
    }
    ds = load.load_dataset(d.write(tmp_path / "e", tables))
    assert narrative.coverage_sentence(ds, "犍为县政协") == (
        "犍为县政协共有3项指标、4条数字，来自1个来源；逐年数字有委员参与率（2022年、2024年），2023年无公开数据；"
        "立案提案、协商活动只有2024年的数字。")
    assert narrative.coverage_sentence(ds, "犍为县政协", gaps=False) == (
        "犍为县政协共有3项指标、4条数字，来自1个来源；逐年数字有委员参与率（2022年、2024年）；"
        "立案提案、协商活动只有2024年的数字。")
