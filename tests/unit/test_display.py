"""Honest display: qualifiers kept, 百分点 for rate changes, 约 for derived figures."""

from tests import datasets as d
from tongxin import display, load


def test_figures_keep_their_qualifier_and_unit():
    assert display.figure(410, "条", "余") == "410余条"
    assert display.figure(1000, "件", "近") == "近1000件"  # digits unless the source wrote the word
    assert display.figure(1000, "件", "近", words=True) == "近千件"
    assert display.figure(63, "%", "约") == "约63%"
    assert display.figure(92, "%") == "92%"
    assert display.figure(98.5, "%") == "98.5%"
    assert display.figure(15, "万吨/年") == "15万吨/年"
    assert display.figure(1500, "人") == "1500人"  # plain digits, no thousands separator


def test_periods():
    ds = load.load_dataset(d.DEFAULT_DATA)
    by = {o.indicator: o for o in ds.observations}
    assert display.period(by["consultation_topics"]) == "三年来"
    assert display.years(by["consultation_topics"]) == "截至2025年"
    assert display.years(ds.series("participation_rate", "犍为县政协")[0]) == "2020年"


def test_changes_of_rates_are_in_points_and_of_counts_in_percent():
    ds = load.load_dataset(d.DEFAULT_DATA)
    change = ds.change("participation_rate", "犍为县政协")
    assert display.change(change) == "+72个百分点"
    assert display.change_words(change) == "提高72个百分点"
    platforms = ds.change_between(*ds.before_after_pairs("犍为县政协")[0])
    assert display.change(platforms) == "-69%"
    assert display.change_words(platforms) == "减少69%"


def test_a_share_of_qualified_figures_is_approximate():
    ds = load.load_dataset(d.DEFAULT_DATA)
    share = ds.share("ideas_adopted", "犍为县政协")
    assert display.share(share) == "约63%"
    assert display.share_formula(ds, share).endswith("260余条 ÷ 收集委员“金点子” 410余条 ≈ 63%")


def test_year_span():
    ds = load.load_dataset(d.DEFAULT_DATA)
    assert display.year_span(ds.series("participation_rate", "犍为县政协")) == "2020–2024年"
    assert display.year_span([o for o in ds.observations if o.period_start is None]) == "截至2025年"


def test_round_figures_keep_the_source_writing():
    """DATA_SPEC: a qualified value keeps its word. The article writes 1000余人次 and 100余次 in digits and
    近千件 in words (each figure's note quotes it); a round figure without such a note keeps its digits."""
    ds = load.load_dataset(d.DEFAULT_DATA)
    shown = {o.indicator: display.observation_value(ds, o) for o in ds.observations}
    assert shown["volunteer_services"] == "1000余人次"
    assert shown["water_deliveries"] == "100余次"
    assert shown["problems_solved_for_public"] == "近千件"
    assert shown["new_farmers"] == "1500人"


def test_figures_the_source_wrote_in_wan_keep_it():
    """t1113 finding 13: "3万余"/"约2.5万" were shown as 30000余人次/约25000人次. Where the note quotes the
    source's 万 form it is shown so; without such a note the digits stay (as for 1000余人次)."""
    from tongxin.model import Observation

    def obs(value, qualifier, note):
        return Observation(org="甲县政协", indicator="x", period_end=2024, value=value, source="s", period_start=2024,
                           qualifier=qualifier, note=note)

    assert display.written_as_word(obs(30000, "余", "原文：服务群众3万余人次"))
    assert display.figure(30000, "人次", "余", words=True) == "3万余人次"
    assert display.figure(25000, "人次", "约", words=True) == "约2.5万人次"
    assert display.written_as_word(obs(25000, "约", "原文：约2.5万人次"))
    assert display.written_as_word(obs(15000, "", "原文：1.5万人"))
    assert not display.written_as_word(obs(30000, "余", ""))  # no quote: digits, as the data holds them
    assert not display.written_as_word(obs(30000, "余", "原文：30000余人次"))
    assert display.in_wan(12345) is None and display.in_wan(9000) is None
