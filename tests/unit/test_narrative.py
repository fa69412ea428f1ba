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
    assert narrative.pillar_summary(ds, "犍为县政协", "主题读书", limit=3) == (
        "主题读书方面：委员书屋及读书点75个，换届以来收集委员“金点子”410余条，"
        "其中“金点子”转化为发展举措260余条（约占63%）等。"
    )
    text = narrative.pillar_summary(ds, "犍为县政协", "古韵协商")
    assert "县镇村协商平台由优化前的218个调整为优化后的67个（减少69%）" in text
    assert "2024年委员参与率92%（较2020年提高72个百分点）" in text
    # "三年来" is said once for consecutive figures of the same period
    text = narrative.pillar_summary(ds, "犍为县政协", "建言献策")
    assert text.startswith("建言献策方面：三年来协商和监督课题46个，委员参与协商监督800余人次，建言成果50余份，")


def test_rates_summary_with_targets_and_uneven_gaps(tmp_path):
    ds = load.load_dataset(d.write(tmp_path / "t", d.targets_dataset()))
    sentences = narrative.rates_summary(ds, "青川县政协")
    assert "2023年协商议事室覆盖率为83%，目标85%，完成率98%。" in sentences
    assert sentences[-1] == (
        "群众对基层协商议事工作成效的总体满意程度缺2021年、2024–2025年数据；协商议事室覆盖率缺2020–2021年数据，"
        "图中以虚线连接、不作推算。"
    )


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
