from tests import datasets as d
from tongxin import load, narrative


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
