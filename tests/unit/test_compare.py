"""Comparing orgs (tongxin.compare), the Dataset's indexes and hierarchy, the words for many orgs, the
looks of charts and the frozen Chart: negative cases first."""

from __future__ import annotations

import dataclasses
import json

import pytest

from tests import datasets as d
from tongxin import charts, compare, display, load, narrative, theme
from tongxin.charts import Spec
from tongxin.charts.compare import ranking_table
from tongxin.model import gap_regions, missing_years

HEADER = d.INDICATORS_HEADER


def dataset_of(tmp_path, rows: list[str], orgs_csv: str | None = None, indicators: str | None = None):
    tables = {
        "indicators.csv": indicators or f"""{HEADER}
rate,参与率,履职,%,rate,,true,1,
bad,投诉率,履职,%,rate,,false,,
count,会议,履职,场次,count,,,,
""",
        "observations.csv": d.OBSERVATIONS_HEADER + "\n" + "\n".join(rows) + "\n",
        "sources.csv": f"{d.SOURCES_HEADER}\ns,统计,办公厅,2025-01-01,,\n",
    }
    if orgs_csv:
        tables["orgs.csv"] = orgs_csv
    return load.load_dataset(d.write(tmp_path / "x", tables))


def row(org, indicator, year, value, start=None, type_="", qualifier="", label=""):
    return d.observation(indicator, year, str(value), start=year if start is None else start, org=org, source="s",
                         type_=type_, qualifier=qualifier, label=label)


# --- rankings ------------------------------------------------------------------------------------


def test_fewer_than_two_comparable_figures_is_no_comparison(tmp_path):
    ds = dataset_of(tmp_path, [row("甲县政协", "rate", 2024, 90), row("乙县政协", "rate", 2023, 80)])
    with pytest.raises(compare.NoComparison, match="只有一个单位"):
        compare.ranking(ds, "rate", 2024, ds.orgs())
    with pytest.raises(compare.NoComparison, match="没有单位"):
        compare.ranking(ds, "rate", 2020, ds.orgs())
    with pytest.raises(KeyError):
        compare.ranking(ds, "nothing", 2024, ds.orgs())


def test_competition_ranks_share_a_place(tmp_path):
    ds = dataset_of(tmp_path, [row(o, "rate", 2024, v) for o, v in
                               (("甲县政协", 85), ("乙县政协", 90), ("丙县政协", 85), ("丁县政协", 70))])
    found = compare.ranking(ds, "rate", 2024, ds.orgs())
    assert [(e.org, e.rank, e.tied) for e in found.entries] == [
        ("乙县政协", 1, False), ("甲县政协", 2, True), ("丙县政协", 2, True), ("丁县政协", 4, False)]
    assert found.median == 85 and found.spread == 20 and found.quartiles == (81.25, 86.25)
    assert [e.org for e in found.leaders] == ["乙县政协"] and [e.org for e in found.laggards] == ["丁县政协"]


def test_lower_is_better_ranks_the_lowest_first(tmp_path):
    ds = dataset_of(tmp_path, [row(o, "bad", 2024, v) for o, v in (("甲县政协", 3), ("乙县政协", 1), ("丙县政协", 2))])
    found = compare.ranking(ds, "bad", 2024, ds.orgs())
    assert [e.org for e in found.entries] == ["乙县政协", "丙县政协", "甲县政协"]


def test_only_one_period_is_ranked_and_the_others_are_said(tmp_path):
    rows = [row("甲县政协", "rate", 2024, 90), row("乙县政协", "rate", 2024, 80),
            row("丙县政协", "rate", 2024, 99, start=2022, label="近三年")]
    found = compare.ranking(dataset_of(tmp_path, rows), "rate", 2024, ["甲县政协", "乙县政协", "丙县政协"])
    assert [e.org for e in found.entries] == ["甲县政协", "乙县政协"] and found.yearly
    assert [o.org for o in found.excluded] == ["丙县政协"] and found.missing == ("丙县政协",)
    said = narrative.comparison_summary(dataset_of(tmp_path, rows), found)
    assert said[0].startswith("2024年，3个县中有2024年数字的2个县参与率中位数为85%")
    assert said[-1] == "丙县的数字为2022–2024年（99%），与2024年的数字期间不同，未参与排名。"


def test_a_figure_of_another_year_is_said_never_as_if_the_org_had_none(tmp_path):
    """t1113 finding 8: 犍为 has 75个 截至2025年 while 截至2024年 is ranked — said, not left out silently."""
    rows = [row(o, "count", 2024, v, start="") for o, v in (("甲县政协", 5), ("乙县政协", 9), ("丙县政协", 7))]
    rows += [row("丁县政协", "count", 2025, 75, start=""), row("戊县政协", "count", 2023, 3)]
    ds = dataset_of(tmp_path, rows)
    found = compare.ranking(ds, "count", 2024, ds.orgs())
    assert [e.org for e in found.entries] == ["乙县政协", "丙县政协", "甲县政协"]
    assert [o.org for o in found.unranked] == ["丁县政协", "戊县政协"]
    said = narrative.comparison_summary(ds, found)
    assert said[0].startswith("截至2024年，5个县中有截至2024年数字的3个县会议中位数为7场次")
    assert said[-1] == ("丁县的数字为截至2025年（75场次），戊县的数字为2023年（3场次），均与截至2024年的数字期间不同，"
                        "未参与排名。")
    # a yearly ranking leaves an org's other years alone: a gap, not a figure of another period
    yearly = [row(o, "rate", y, v) for o, y, v in (("甲县政协", 2024, 90), ("乙县政协", 2024, 80), ("丙县政协", 2023, 70))]
    assert compare.ranking(dataset_of(tmp_path, yearly), "rate", 2024, ["甲县政协", "乙县政协", "丙县政协"]).unranked == ()
    many = [row(f"{n}县政协", "count", 2024, k, start="") for k, n in enumerate("甲乙丙丁", 1)]
    many += [row(f"{n}县政协", "count", 2025, 9, start="") for n in "戊己庚辛"]
    said = narrative.comparison_summary(dataset_of(tmp_path, many), compare.ranking(dataset_of(tmp_path, many), "count",
                                                                                      2024, [f"{n}县政协" for n in "甲乙丙丁戊己庚辛"]))
    assert said[-1] == "另有4个县的数字期间不同（截至2025年），不与截至2024年的数字一起排名。"


def test_figures_derived_from_approximate_values_say_so(tmp_path):
    """t1113 finding 12: a median of 45余 and 47余, a difference 90余 − 26, a distance from such a median are
    约; the median of a rate has the precision of every rate (64.95% → 65%, not 64.95%)."""
    rows = [row(o, "count", 2024, v, qualifier=q) for o, v, q in
            (("甲县政协", 90, "余"), ("乙县政协", 47, "余"), ("丙县政协", 45, "余"), ("丁县政协", 26, ""))]
    ds = dataset_of(tmp_path, rows)
    found = compare.ranking(ds, "count", 2024, ds.orgs())
    assert found.median_approximate and found.spread_approximate
    said = narrative.comparison_summary(ds, found)
    assert said[0] == ("2024年，4个县的会议中位数约为46场次；最高的是甲县（90余场次），最低的是丁县（26场次），"
                       "相差约64场次。")
    place = compare.position(ds, "count", "甲县政协", ds.orgs())
    assert "高于中位数约96%" in narrative.position_sentence(ds, place)
    exact = [row(o, "count", 2024, v) for o, v in (("甲县政协", 4), ("乙县政协", 5))]
    ds = dataset_of(tmp_path, exact)
    assert "中位数为4.5场次" in narrative.comparison_summary(ds, compare.ranking(ds, "count", 2024, ds.orgs()))[0]
    rates = [row(o, "rate", 2024, v) for o, v in (("甲县政协", 64.9), ("乙县政协", 65.0), ("丙县政协", 60), ("丁县政协", 70))]
    ds = dataset_of(tmp_path, rates)
    found = compare.ranking(ds, "rate", 2024, ds.orgs())
    assert "中位数为65%；" in narrative.comparison_summary(ds, found)[0]
    chart = charts.build(ds, Spec("ranking", "甲县政协", indicator="rate", year=2024, orgs=tuple(ds.orgs())))
    assert "中位数 65%" in [a.text for a in chart.figure.layout.annotations]


def test_a_group_only_partly_ranked_reads_as_a_sentence(tmp_path):
    """t1113 finding 13: "11个县（区）中有数字的10个群众认可率中位数" was missing the orgs' word."""
    rows = [row(o, "rate", 2024, v) for o, v in (("甲县政协", 90), ("乙县政协", 80))] + [row("丙县政协", "rate", 2023, 1)]
    ds = dataset_of(tmp_path, rows)
    found = compare.ranking(ds, "rate", 2024, ds.orgs())
    said = narrative.comparison_summary(ds, found, "县", "某市政协的3个县")
    assert said[0].startswith("2024年，某市政协的3个县中有数字的2个县参与率中位数为85%")


def test_a_period_without_yearly_figures_is_ranked_on_its_own(tmp_path):
    rows = [row(o, "count", 2024, v, start=2022) for o, v in (("甲县政协", 5), ("乙县政协", 9))]
    found = compare.ranking(dataset_of(tmp_path, rows), "count", 2024, ["甲县政协", "乙县政协"])
    assert found.period == (2022, 2024) and not found.yearly and found.period_words == "2022–2024年"
    assert found.previous_year is None and all(e.change is None for e in found.entries)


def test_year_before_changes_and_rank_moves(tmp_path):
    rows = [row("甲县政协", "rate", 2023, 70), row("乙县政协", "rate", 2023, 80), row("丙县政协", "rate", 2023, 60),
            row("甲县政协", "rate", 2024, 90), row("乙县政协", "rate", 2024, 85), row("丙县政协", "rate", 2024, 61)]
    found = compare.ranking(dataset_of(tmp_path, rows), "rate", 2024, ["甲县政协", "乙县政协", "丙县政协"])
    first = found.entry("甲县政协")
    assert first.change.in_points and first.change.amount == 20 and first.rank_change == 1
    assert found.entry("乙县政协").rank_change == -1 and found.entry("丙县政协").rank_change == 0
    assert [e.org for e in found.most_improved()] == ["甲县政协"]
    assert display.rank_change(first.rank_change) == "↑1" and display.rank_change(None) == "—"


def test_nobody_improved(tmp_path):
    rows = [row(o, "rate", y, v) for o, y, v in (("甲县政协", 2023, 90), ("乙县政协", 2023, 80),
                                                 ("甲县政协", 2024, 85), ("乙县政协", 2024, 80))]
    ds = dataset_of(tmp_path, rows)
    found = compare.ranking(ds, "rate", 2024, ds.orgs())
    assert found.most_improved() == []
    assert "与2023年相比，没有县提高。" in narrative.comparison_summary(ds, found)


def test_targets_reached_respect_qualifiers_and_direction(tmp_path):
    rows = [row("甲县政协", "rate", 2024, 80, qualifier="近"), row("甲县政协", "rate", 2024, 80, type_="target"),
            row("乙县政协", "rate", 2024, 80, qualifier="余"), row("乙县政协", "rate", 2024, 80, type_="target"),
            row("丙县政协", "bad", 2024, 2), row("丙县政协", "bad", 2024, 3, type_="target"),
            row("丁县政协", "bad", 2024, 4), row("丁县政协", "bad", 2024, 3, type_="target")]
    ds = dataset_of(tmp_path, rows)
    found = compare.ranking(ds, "rate", 2024, ["甲县政协", "乙县政协"])
    assert {e.org: e.met for e in found.entries} == {"甲县政协": False, "乙县政协": True}  # 近80% is below 80%
    assert {e.org: e.met for e in compare.ranking(ds, "bad", 2024, ["丙县政协", "丁县政协"]).entries} == {
        "丙县政协": True, "丁县政协": False}
    assert "设定目标的2个县中有1个达到目标。" in narrative.comparison_summary(ds, found)


def test_a_table_shows_at_most_a_dozen_orgs_without_asking(tmp_path):
    orgs = [f"第{k:02d}县政协" for k in range(30)]
    ds = dataset_of(tmp_path, [row(o, "rate", 2024, 40 + k) for k, o in enumerate(orgs)])
    found = compare.ranking(ds, "rate", 2024, orgs)
    shown = found.shown("第10县政协")
    named = [e.org for e in shown if e is not None]
    assert len(named) == 9 and "第10县政协" in named and shown.count(None) == 2
    assert named[:3] == ["第29县政协", "第28县政协", "第27县政协"] and named[-1] == "第00县政协"
    assert len(compare.ranking(ds, "rate", 2024, orgs[:12]).shown()) == 12


def test_a_sentence_counts_instead_of_listing(tmp_path):
    orgs = [f"第{k:02d}县政协" for k in range(40)]
    ds = dataset_of(tmp_path, [row(o, "rate", 2024, 100 if k < 25 else 50) for k, o in enumerate(orgs)])
    said = narrative.comparison_summary(ds, compare.ranking(ds, "rate", 2024, orgs))
    assert "最高的是25个县（100%）" in said[0] and "最低的是15个县（50%）" in said[0]
    assert all(sum(1 for o in orgs if o.removesuffix("政协") in s) <= narrative.NAMES_IN_A_SENTENCE
               for s in said)


# --- positions, heat, groups ----------------------------------------------------------------------


def test_position_needs_the_org_and_a_comparable_other(tmp_path):
    ds = dataset_of(tmp_path, [row("甲县政协", "rate", 2024, 90), row("乙县政协", "rate", 2024, 80),
                               row("丙县政协", "rate", 2023, 70)])
    assert compare.position(ds, "rate", "丙县政协", ds.orgs(), 2024) is None  # no 2024 figure
    place = compare.position(ds, "rate", "乙县政协", ds.orgs())
    assert place.entry.rank == 2 and place.word == "县" and place.above_median == -5
    assert narrative.position_sentence(ds, place) == "2024年参与率在有数字的2个县中居第2位（80%），低于中位数5个百分点。"


def test_heat_keeps_gaps_as_none(tmp_path):
    ds = dataset_of(tmp_path, [row("甲县政协", "rate", 2020, 50), row("甲县政协", "rate", 2023, 70),
                               row("乙县政协", "rate", 2021, 60)])
    table = compare.heat(ds, "rate", ["乙县政协", "甲县政协"])
    assert table.years == (2020, 2021, 2022, 2023) and table.orgs == ("乙县政协", "甲县政协")
    assert [[c.value if c else None for c in r] for r in table.cells] == [[None, 60, None, None], [50, None, None, 70]]
    assert table.gaps == 5
    with pytest.raises(compare.NoComparison):
        compare.heat(ds, "count", ds.orgs())


ORGS_CSV = """name,parent,short_name
甲县政协,一市政协,甲
乙区政协,一市政协,
丙县政协,二市政协,丙
一市政协,省政协,
二市政协,省政协,
"""


def test_orgs_hierarchy_and_the_groups_an_org_is_compared_in(tmp_path):
    rows = [row(o, "rate", 2024, v) for o, v in (("甲县政协", 90), ("乙区政协", 80), ("丙县政协", 70),
                                                 ("一市政协", 85), ("二市政协", 75))]
    ds = dataset_of(tmp_path, rows, ORGS_CSV)
    assert ds.level("甲县政协") == 2 and ds.level("一市政协") == 1 and ds.parent("甲县政协") == "一市政协"
    assert ds.peers("甲县政协") == ["甲县政协", "乙区政协"] and ds.same_level("甲县政协") == ["甲县政协", "乙区政协", "丙县政协"]
    assert ds.children("一市政协") == ["甲县政协", "乙区政协"] and ds.short_name("乙区政协") == "乙区"
    assert [(s.id, s.label) for s in compare.scopes(ds, "甲县政协")] == [
        ("peers", "一市政协的2个县（区）"), ("level", "全部3个县（区）")]
    assert [(s.id, s.label) for s in compare.scopes(ds, "一市政协")] == [
        ("peers", "省政协的2个市"), ("children", "一市政协所属2个县（区）")]
    assert compare.grouped(ds, ds.same_level("甲县政协")) and not compare.grouped(ds, ds.peers("甲县政协"))
    groups = compare.by_parent(ds, compare.ranking(ds, "rate", 2024, ds.same_level("甲县政协")))
    assert [(g.parent, g.median) for g in groups] == [("一市政协", 85), ("二市政协", 70)]


def test_without_orgs_csv_every_org_is_a_peer(tmp_path):
    ds = dataset_of(tmp_path, [row("甲县政协", "rate", 2024, 90), row("白马镇政协联络组", "rate", 2024, 80)])
    assert [(s.id, s.label, s.word) for s in compare.scopes(ds, "甲县政协")] == [("level", "全部2个单位", "单位")]
    assert not compare.grouped(ds, ds.orgs())


@pytest.mark.parametrize("names, word", [
    (["甲县政协", "乙区政协", "丙县政协"], "县（区）"),
    (["甲县政协", "乙市政协", "丙区政协"], "县（市、区）"),
    (["甲区政协", "乙区政协"], "区"),
    (["甲市政协", "阿坝州政协"], "市（州）"),
    (["甲县政协", "白马镇政协联络组"], "单位"),
    (["某某委员会"], "单位"),
])
def test_what_a_group_of_orgs_is_called(names, word):
    assert display.org_word(names) == word


# --- the Dataset's indexes ------------------------------------------------------------------------


def test_indexed_queries_equal_a_plain_scan(tmp_path):
    ds = load.load_dataset(d.write(tmp_path / "p", d.province_dataset(count=30)))
    for org in ds.orgs()[:5]:
        assert ds.figures_of(org) == [o for o in ds.observations if o.org == org]
        assert ds.restricted(org=org, years=(2020, 2022)).observations == tuple(
            o for o in ds.observations if o.org == org and 2020 <= o.period_end <= 2022)
        for ind in ds.indicators:
            plain = sorted((o for o in ds.observations if o.org == org and o.indicator == ind.id and o.is_yearly
                            and o.type == "actual"), key=lambda o: o.period_end)
            assert ds.series(ind.id, org) == plain
    assert ds.orgs() == list(dict.fromkeys(o.org for o in ds.observations))
    assert ds.source_counts() == {"yb": len(ds.observations)}
    yearly = ds.yearly("participation_rate")
    assert set(yearly) == set(d.PROVINCE_YEARS) and len(yearly[2021]) == 30 - 3  # orgs 0, 10, 20 miss 2021
    assert ds.restricted() is ds


def test_gaps_are_found_once_for_charts_and_sentences(tmp_path):
    ds = dataset_of(tmp_path, [row("甲县政协", "rate", y, 50) for y in (2018, 2019, 2022, 2024)])
    series = ds.series("rate", "甲县政协")
    assert missing_years(series) == ds.missing_years("rate", "甲县政协") == [2020, 2021, 2023]
    regions = gap_regions({"a": series})
    assert [(r.first, r.last, r.everyone) for r in regions] == [(2020, 2021, True), (2023, 2023, True)]
    assert [display.gap_region(r) for r in regions] == ["2020–2021年无公开数据", "2023年无公开数据"]
    assert narrative.gaps_sentence(ds, "甲县政协", [ds.indicator("rate")]).startswith("2020–2021年、2023年无公开数据")


# --- looks and the frozen chart -------------------------------------------------------------------


def test_a_chart_takes_its_look_from_the_theme(tmp_path):
    ds = load.load_dataset(d.write(tmp_path / "p", d.province_dataset(count=12)))
    orgs = tuple(ds.orgs())
    for look in theme.THEMES.values():
        chart = charts.build(ds, Spec("ranking", orgs[0], indicator="participation_rate", year=2024, orgs=orgs,
                                      theme=look.id))
        assert chart.figure.layout.template.layout.paper_bgcolor == look.background
        bars = chart.figure.data[0]
        colours = dict(zip((c[0] for c in bars.customdata), bars.marker.color))
        assert colours.pop(orgs[0]) == look.highlight and set(colours.values()) == {look.neutral}
    dark = charts.build(ds, Spec("rates", orgs[0], theme="dark"))
    assert dark.figure.data[0].line.color == theme.DARK.palette[0] != theme.LIGHT.palette[0]
    with pytest.raises(KeyError):
        charts.build(ds, Spec("rates", orgs[0], theme="neon"))


def test_a_cached_chart_cannot_be_changed_by_those_who_show_or_export_it(tmp_path):
    from tongxin.export import images

    ds = load.load_dataset(d.DEFAULT_DATA)
    chart = charts.build(ds, Spec("rates", "犍为县政协"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        chart.title = "别的标题"
    before = json.dumps(chart.figure.to_plotly_json(), sort_keys=True, default=str)
    charts.finish(chart, width_px=600, exported_on="2026-11-26", show_title=False, show_caption=False)
    images.prepared(chart, 800, "2026-11-26", images.Framing(title=False, caption=True))
    assert json.dumps(chart.figure.to_plotly_json(), sort_keys=True, default=str) == before
    assert hash(chart.spec) == hash(Spec("rates", "犍为县政协"))  # a spec is a cache key


def test_every_kind_is_in_the_registry_and_ids_are_never_parsed():
    ds = load.load_dataset(d.DEFAULT_DATA)
    assert not [c.id for c in charts.catalog(ds, "犍为县政协") if charts.KINDS[c.kind].many_orgs]
    assert [c.kind for c in charts.catalog(ds, "犍为县政协", documents_only=True)
            if not charts.KINDS[c.kind].in_documents] == []
    assert set(charts.KINDS) == {"rates", "rates_change", "pillar", "before_after", "shares", "by_year", "pillar_years", "by_unit",
                                 "coverage", "ranking", "distribution", "heat", "trends"}
    assert Spec("before_after", "x", indicator="a").id == "before_after:a"
    assert Spec("ranking", indicator="a", year=2024).id == "ranking:a:2024"


def test_the_median_line_runs_under_the_value_labels_and_its_label_clear_of_the_subtitle(tmp_path):
    """t1113 finding 13: the dashed median was drawn over the value labels ("7¦1.5%") and its label on the
    subtitle ("中位数 46个" over "金口河区第6位")."""
    from tongxin import theme

    ds = dataset_of(tmp_path, [row(o, "rate", 2024, v) for o, v in (("甲县政协", 71.5), ("乙县政协", 71.5), ("丙县政协", 90))])
    chart = charts.build(ds, Spec("ranking", "甲县政协", indicator="rate", year=2024, orgs=tuple(ds.orgs())))
    median = [s for s in chart.figure.layout.shapes if s.line.dash == "dash"]
    assert len(median) == 1 and median[0].layer == "below"
    assert chart.figure.layout.margin.t >= round(theme.SCREEN_FONT_SIZE * 6.5) + 20


def test_an_org_new_this_year_does_not_push_the_others_down(tmp_path):
    """t13 finding 1: 甲 has no 2023 figure and ranks first in 2024; 乙, 丙, 丁 keep their order, so none of
    them moved — counted among the orgs ranked both years, and said so wherever 名次变化 is shown."""
    rows = [row(o, "rate", 2023, v) for o, v in (("乙县政协", 80), ("丙县政协", 60), ("丁县政协", 50))]
    rows += [row(o, "rate", 2024, v) for o, v in (("甲县政协", 95), ("乙县政协", 85), ("丙县政协", 61), ("丁县政协", 40))]
    ds = dataset_of(tmp_path, rows)
    found = compare.ranking(ds, "rate", 2024, ds.orgs())
    assert [(e.org, e.rank, e.rank_change) for e in found.entries] == [
        ("甲县政协", 1, None), ("乙县政协", 2, 0), ("丙县政协", 3, 0), ("丁县政协", 4, 0)]
    assert found.rank_moves_partial and (found.both_years, found.previous_n) == (3, 3)
    assert narrative.rank_change_note(found, "县") == \
        "名次变化只比较2023年和2024年都有数字的3个县；2024年有数字的4个，2023年3个。"
    place = compare.Position(found, found.entry("乙县政协"), "县")
    assert narrative.position_sentence(ds, place).endswith("，在两年都有数字的3个县中名次与上年相同。")
    table = ranking_table(ds, found)
    assert list(table["名次变化"]) == ["—", "持平", "持平", "持平"]

    same = compare.ranking(ds, "rate", 2024, ["乙县政协", "丙县政协", "丁县政协"])  # the same orgs both years
    assert not same.rank_moves_partial and narrative.rank_change_note(same, "县") == ""
    assert "两年都有数字" not in narrative.position_sentence(ds, compare.Position(same, same.entries[0], "县"))


def test_value_labels_are_drawn_over_the_median_and_target_lines(tmp_path):
    """Tester t13, finding 2: "79%" and "78%" beside bars ending at the median and the target were crossed by
    the dashed and the dotted line. Both lines run under the bars; each value is an annotation (drawn over
    every line) on the background's colour, at its bar's end; the lines' own labels stay above the plot."""
    from tongxin.charts.compare import VALUE_LABEL

    ds = load.load_dataset(d.write(tmp_path / "city", d.city_dataset()))
    orgs = tuple(ds.orgs())
    for look in theme.THEMES.values():
        chart = charts.build(ds, Spec("ranking", orgs[0], indicator="participation_rate", year=2024, orgs=orgs,
                                      theme=look.id))
        fig = chart.figure
        found = compare.ranking(ds, "participation_rate", 2024, orgs)
        lines = {s.line.dash: s for s in fig.layout.shapes}
        assert set(lines) == {"dash", "dot"}  # the median, the target of 80% every county has
        assert all(s.layer == "below" for s in lines.values())
        labels = [a for a in fig.layout.annotations if a.name == VALUE_LABEL]
        assert len(labels) == found.n and all(a.bgcolor == look.background for a in labels)
        assert {a.text: a.x for a in labels} == {display.observation_value(ds, e.observation): e.value
                                                 for e in found.entries}
        assert fig.data[0].textposition == "none"  # no second, uncovered copy of the values
        assert all(a.yref == "paper" and a.y == 1 for a in fig.layout.annotations
                   if a.text.startswith(("中位数", "目标")))


def test_a_value_label_stands_beyond_its_own_target_mark(tmp_path):
    """Targets that differ are marked on each bar's row; a value label at the bar's end would cover a mark
    just past it, so it starts after the mark."""
    from tongxin.charts.compare import VALUE_LABEL

    rows = [row("甲县政协", "rate", 2024, 78), row("甲县政协", "rate", 2024, 80, type_="target"),
            row("乙县政协", "rate", 2024, 90), row("乙县政协", "rate", 2024, 85, type_="target"),
            row("丙县政协", "rate", 2024, 60)]
    ds = dataset_of(tmp_path, rows)
    chart = charts.build(ds, Spec("ranking", "甲县政协", indicator="rate", year=2024, orgs=tuple(ds.orgs())))
    at = {a.text: (a.x, a.xshift) for a in chart.figure.layout.annotations if a.name == VALUE_LABEL}
    assert at == {"78%": (80, 5), "90%": (90, 3), "60%": (60, 3)}


@pytest.mark.parametrize("count", [5, 6, 7, 9])
def test_the_lowest_panel_of_every_column_shows_its_years(tmp_path, count):
    """Tester t13, finding 3: with 6 or 7 orgs in rows of four, the top-row panels with no panel under them
    (the chosen org's among them) had no year labels. Whole years only."""
    ds = load.load_dataset(d.write(tmp_path / "p", d.province_dataset(count=12)))
    orgs = tuple(ds.orgs()[:count])
    fig = charts.build(ds, Spec("trends", orgs[-1], indicator="participation_rate", orgs=orgs)).figure
    cols = 4
    rows = -(-count // cols)
    for k in range(count):
        axis = fig.layout["xaxis" if k == 0 else f"xaxis{k + 1}"]
        lowest = k + cols >= count  # no panel under it
        assert (axis.showticklabels is not False) == lowest, (k, axis.showticklabels)
        assert all(isinstance(t, int) for t in axis.tickvals) and list(axis.ticktext) == [str(t) for t in axis.tickvals]
    assert len([k for k in range(count) if k + cols >= count]) == min(cols, count)
    assert rows == (2 if count <= 8 else 3)


def test_an_org_ranked_for_the_period_is_not_said_to_be_unranked(tmp_path):
    """t13b finding 1: 乙 has a 2024 figure (ranked) and a 2022–2024 one; only 丙, with the 2022–2024 figure
    alone, is not ranked — in the sentences and in the chart's subtitle."""
    rows = [row(o, "count", 2024, v) for o, v in (("甲县政协", 500), ("乙县政协", 404))]
    rows += [row("乙县政协", "count", 2024, 780, start=2022), row("丙县政协", "count", 2024, 900, start=2022)]
    ds = dataset_of(tmp_path, rows)
    found = compare.ranking(ds, "count", 2024, ds.orgs())
    assert [e.org for e in found.entries] == ["甲县政协", "乙县政协"]
    assert [o.org for o in found.unranked] == ["丙县政协"]
    said = " ".join(narrative.comparison_summary(ds, found, "县"))
    assert "丙县的数字为2022–2024年" in said and "乙县的数字为" not in said
    chart = charts.build(ds, Spec("ranking", "甲县政协", indicator="count", year=2024, orgs=tuple(ds.orgs())))
    assert "另有1个单位的数字期间不同" in chart.subtitle


def test_a_difference_from_the_median_adds_up_with_the_median_shown():
    """t13b finding 8: 65.7% against a median of 68.55 (shown 68.6%) is 2.9 points below, as a reader
    computes it from the two figures on the page — not 2.8 from the unrounded median."""
    assert display.derived(68.55, "%", True) == "68.6%"
    assert display.difference(65.7, 68.55, True) == "低于中位数2.9个百分点"
    assert display.difference(68.6, 68.55, True) == "与中位数持平"
    assert display.difference(110, 99.96, False) == "高于中位数10%"  # 110 vs 100 as shown


def test_small_multiples_say_what_the_hollow_circles_are(tmp_path):
    """Tester t13b, finding 4: the hollow target circles of the small multiples were not explained; the
    subtitle says what they are when a panel shows a target, and only then."""
    rows = [row(org, "rate", year, value) for org, value in (("甲县政协", 70), ("乙县政协", 80))
            for year in (2022, 2023, 2024)]
    ds = dataset_of(tmp_path, rows + [row("乙县政协", "rate", 2024, 85, type_="target")])
    orgs = tuple(ds.orgs())
    chart = charts.build(ds, Spec("trends", "甲县政协", indicator="rate", orgs=orgs))
    assert chart.subtitle.endswith(" ｜ 空心圆为目标")
    without = dataset_of(tmp_path / "none", rows)
    assert "目标" not in charts.build(without, Spec("trends", "甲县政协", indicator="rate", orgs=orgs)).subtitle
