"""Charts: integer year ticks, 0–100 % axes, honest gaps, captions derived from sources; every chart
through the registry (`charts.build(dataset, Spec(kind, …))`)."""

from __future__ import annotations

import pytest

from tests import datasets as d
from tongxin import charts, load
from tongxin.cards import pillar_tiles
from tongxin.charts import CAPTION_NAME, NoData, Spec
from tongxin.charts.base import bar_label


def chart_of(dataset, kind, org, **args):
    return charts.build(dataset, Spec(kind, org, **args))


@pytest.fixture(scope="module")
def default():
    return load.load_dataset(d.DEFAULT_DATA)


def year_ticks(fig):
    return list(fig.layout.xaxis.ticktext)


def test_rate_trend_has_integer_years_and_a_percent_axis(default):
    chart = chart_of(default, "rates", "犍为县政协")
    assert year_ticks(chart.figure) == ["2020", "2021", "2022", "2023", "2024"]
    assert list(chart.figure.layout.xaxis.tickvals) == [2020, 2021, 2022, 2023, 2024]
    assert chart.figure.layout.yaxis.ticksuffix == "%" and tuple(chart.figure.layout.yaxis.range) == (0, 104)


def test_the_gap_is_dashed_and_labelled_never_interpolated(default):
    fig = chart_of(default, "rates", "犍为县政协").figure
    solid = [t for t in fig.data if t.mode == "lines+markers"]
    dashed = [t for t in fig.data if t.line.dash == "dash"]
    assert len(solid) == 3 and len(dashed) == 3
    for trace in solid:  # the solid line is broken across the gap
        assert list(trace.x) == [2020, None, 2024]
    for trace in fig.data:  # no trace holds a value for a year without data
        assert not {x for x in trace.x if x is not None} & {2021, 2022, 2023}
    texts = [a.text for a in fig.layout.annotations]
    assert any("2021–2023年无公开数据" in t for t in texts)


def test_caption_names_source_and_period(default):
    chart = chart_of(default, "rates", "犍为县政协")
    assert chart.caption() == (
        "数据来源：犍为县政协《坚持“四高”导向 增强同心共建质效——犍为县政协扎实推进专项工作》（2025-03-19）"
        " ｜ 期间：2020–2024年"
    )
    caption = [a for a in chart.figure.layout.annotations if a.name == CAPTION_NAME]
    assert len(caption) == 1 and "数据来源" in caption[0].text
    assert "导出时间：2026-11-26" in chart.caption("2026-11-26")


def test_targets_are_dotted_and_hover_shows_completion(tmp_path):
    ds = load.load_dataset(d.write(tmp_path / "t", d.targets_dataset()))
    fig = chart_of(ds, "rates", "青川县政协").figure
    dotted = [t for t in fig.data if t.line.dash == "dot"]
    assert len(dotted) == 1 and dotted[0].name.endswith("（目标）")
    coverage = next(t for t in fig.data if t.name == "协商议事室覆盖率")
    assert any("完成率" in (c[1] or "") for c in coverage.customdata)
    assert set(year_ticks(fig)) == {str(y) for y in range(2018, 2027)}


def test_no_rates_is_a_specific_error(tmp_path):
    ds = load.load_dataset(d.write(tmp_path / "e", d.nearly_empty_dataset()))
    with pytest.raises(NoData, match="没有按年份记录的比率数据"):
        chart_of(ds, "rates", "孤山乡政协联络组")


def test_one_year_of_rates_is_no_trend():
    """Case 15 (北京, one year of statistics): the rates have only 2024 — no one-dot 变化趋势 chart in the
    pages or the documents; the message says why (t12 finding 6)."""
    ds = load.load_dataset(d.PROJECT / "tests" / "cases" / "15-beijing-duty-stats-gbk")
    org = ds.orgs()[0]
    years = {o.period_end for o in ds.observations if ds.indicator(o.indicator).is_rate and o.org == org}
    assert len(years) == 1
    with pytest.raises(NoData, match=f"只有{min(years)}年一年的数字，画不出变化趋势"):
        chart_of(ds, "rates", org)
    assert "rates" not in [c.spec.kind for c in charts.catalog(ds, org, documents_only=True)]


def test_modebar_saves_a_3x_png_with_a_chinese_name(default):
    chart = chart_of(default, "rates", "犍为县政协")
    options = charts.modebar_config(chart, "犍为县政协")["toImageButtonOptions"]
    assert options == {"format": "png", "filename": "犍为县政协_三率趋势", "scale": 3}
    assert charts.modebar_config(chart)["toImageButtonOptions"]["filename"] == "三率趋势"  # a chart of all orgs


# --- every chart, every dataset ---------------------------------------------------------------

DATASETS = {
    "default": lambda tmp: d.DEFAULT_DATA,
    "mini": lambda tmp: d.write(tmp / "mini"),
    "targets": lambda tmp: d.write(tmp / "targets", d.targets_dataset()),
    "empty": lambda tmp: d.write(tmp / "empty", d.nearly_empty_dataset()),
}


@pytest.mark.parametrize("name", list(DATASETS))
def test_every_chart_is_captioned_and_has_integer_years(tmp_path, name):
    ds = load.load_dataset(DATASETS[name](tmp_path))
    for org in ds.orgs():
        found = charts.catalog(ds, org)
        assert found, f"{name}/{org}: no chart at all"
        for chart in found:
            caption = [a.text for a in chart.figure.layout.annotations if a.name == CAPTION_NAME]
            assert len(caption) == 1 and "数据来源：" in caption[0] and "期间：" in caption[0], chart.id
            assert chart.title and chart.subtitle and chart.observations and chart.sources
            for axis in (chart.figure.layout.xaxis, chart.figure.layout.yaxis):
                if axis.tickvals and all(1949 <= v <= 2100 for v in axis.tickvals):  # a year axis
                    assert all(str(t).isdigit() and len(str(t)) == 4 for t in axis.ticktext), chart.id
                    assert all(float(v).is_integer() for v in axis.tickvals), chart.id
                elif axis.type == "linear" and axis.range and axis.range[0] > 1900:
                    raise AssertionError(f"{chart.id}: a year axis without explicit integer ticks")


def test_catalog_of_the_default_data():
    ds = load.load_dataset(d.DEFAULT_DATA)
    ids = [c.id for c in charts.catalog(ds, "犍为县政协")]
    assert ids[:3] == ["rates", "rates_change", "pillar:主题读书"]
    assert "before_after:consultation_platforms" in ids and "shares:主题读书" in ids and ids[-1] == "coverage"


def test_rate_change_dumbbell(default):
    chart = chart_of(default, "rates_change", "犍为县政协")
    assert chart.title == "委员参与率、成果转化率、群众认可率：2020年与2024年对比"
    texts = [a.text for a in chart.figure.layout.annotations]
    assert "<b>92%</b>（+72个百分点）" in texts and "<b>93%</b>（+71个百分点）" in texts
    assert chart.figure.layout.xaxis.ticktext[-1] == "100%"


def test_gap_regions_say_whether_all_or_some_lines_miss_a_year(tmp_path):
    ds = load.load_dataset(d.write(tmp_path / "t", d.targets_dataset()))
    chart = chart_of(ds, "rates", "青川县政协")
    assert "2020–2021年部分指标无数据" in chart.subtitle and "2024–2025年无公开数据" in chart.subtitle


def test_pillar_tiles_keep_qualifiers_pairs_and_shares(default):
    tiles = {t.name: t for t in pillar_tiles(default, "犍为县政协", "主题读书")}
    assert tiles["收集委员“金点子”"].value == "410余条" and tiles["收集委员“金点子”"].period == "换届以来"
    assert tiles["“金点子”转化为发展举措"].note == "约占63%"
    tiles = {t.name: t for t in pillar_tiles(default, "犍为县政协", "古韵协商")}
    assert tiles["县镇村协商平台"].value == "218→67个" and tiles["县镇村协商平台"].note == "-69%"
    assert tiles["委员参与率"].value == "92%" and tiles["委员参与率"].note == "较2020年+72个百分点"
    tiles = {t.name: t for t in pillar_tiles(default, "犍为县政协", "四进四助")}
    assert tiles["为群众解决实际问题"].value == "近千件"


def test_pillar_by_unit_never_puts_two_units_on_one_axis(default):
    chart = chart_of(default, "by_unit", "犍为县政协", pillar="四进四助")
    for trace in chart.figure.data:
        units = {default.indicator(o.indicator).unit for o in chart.observations
                 if bar_label(default, o) in trace.y}
        assert len(units) == 1, units
    titles = [a.text for a in chart.figure.layout.annotations if a.text.startswith("单位：")]
    assert len(titles) == len(chart.figure.data) and len(set(titles)) == len(titles)


def test_before_after_and_share_charts(default):
    chart = chart_of(default, "before_after", "犍为县政协", indicator="consultation_platforms")
    assert list(chart.figure.data[0].y) == [218, 67]
    assert any(a.text == "<b>-69%</b>" for a in chart.figure.layout.annotations)
    chart = chart_of(default, "shares", "犍为县政协", pillar="主题读书")
    assert chart.figure.data[0].customdata[0].endswith("≈ 63%")
    assert chart.figure.data[0].text[0] == "约63%（260余条）"


def test_count_by_year_marks_missing_years(tmp_path):
    text = d.with_rows("observations", d.observation("topics", 2020, "5", start=2020),
                       d.observation("topics", 2023, "9", start=2023))
    ds = load.load_dataset(d.write(tmp_path / "m", observations=text))
    chart = chart_of(ds, "by_year", "示例区政协", indicator="topics")
    assert list(chart.figure.data[0].x) == [2020, 2023]
    assert [a.x for a in chart.figure.layout.annotations if a.text == "无数据"] == [2021, 2022]


def test_long_names_wrap(tmp_path):
    ds = load.load_dataset(d.write(tmp_path / "t", d.targets_dataset()))
    chart = chart_of(ds, "rates_change", "青川县政协")
    assert any("<br>" in label for label in chart.figure.data[-1].y)
    assert chart.title == "各比率最早与最新年份对比"


def test_finish_can_drop_title_and_caption_for_slides(default):
    for chart in charts.catalog(default, "犍为县政协"):
        bare = charts.finish(chart, show_title=False, show_caption=False)
        assert not [a for a in bare.figure.layout.annotations if a.name == CAPTION_NAME], chart.id
        assert not bare.figure.layout.title.text
        assert [a for a in chart.figure.layout.annotations if a.name == CAPTION_NAME]  # original untouched


def test_a_caption_naming_two_sources_fits_the_screen(tmp_path):
    """t1113 finding 6: "…《2020—2024年各县（区）政" / "测试数据）》" — a two-source caption's first line ran
    past the right edge of the main column at 1366×768 and lost its middle. Every line now fits beside a
    ranking's labels (≈ 780 px at 12 px a character), and no character is lost in the wrapping."""
    from tongxin.charts.base import SCREEN_CAPTION_PX

    rows = "\n".join([d.observation("join_rate", 2019, "40", start=2019),
                      d.observation("join_rate", 2023, "75", start=2023, source="city")])
    ds = load.load_dataset(d.write(tmp_path / "m", {
        **d.MINI, "observations.csv": d.OBSERVATIONS_HEADER + "\n" + rows,
        "sources.csv": d.MINI["sources.csv"].rstrip("\n")
        + "\ncity,2020—2024年各县（区）政协履职统计（测试数据）,乐山市政协办公室,2025-02-01,,\n"}))
    chart = chart_of(ds, "rates", "示例区政协")
    caption = next(a.text for a in chart.figure.layout.annotations if a.name == CAPTION_NAME)
    lines = caption.split("<br>")
    assert len(lines) >= 2 and "".join(lines) == chart.caption()
    em = [sum(1.0 if ord(ch) > 0x2E80 else 0.55 for ch in line) for line in lines]
    assert max(em) * 12 <= 780 and SCREEN_CAPTION_PX <= 780


def test_start_values_stand_clear_of_the_y_ticks_on_a_desktop_and_in_exports(tmp_path):
    """Tester t13, finding 4: with seven rates over twelve years the start labels ("67.1%") stood on the
    y-axis ticks ("80%") of a ≈ 900-px main column, the 0.6 year of padding being ~33 px. The first year
    is now at least a label's width (≈ 0.55 em a digit or %, plus its 12-px shift) from the plot's left
    edge — on screen, in an export at any width, on the 大屏 — and the chart given stays as it was."""
    from tongxin import screen, theme
    from tongxin.charts.base import SCREEN_WIDTH_PX
    from tongxin.export import images

    names = "".join(f"r{k},第{k}项履职指标,履职,%,rate,,true,{k},\n" for k in range(1, 8))
    rows = [d.observation(f"r{k}", year, f"{40 + (k * 7.3 + year * 3.1) % 55:.1f}", start=year, org="甲县政协")
            for k in range(1, 8) for year in range(2013, 2025)]
    ds = load.load_dataset(d.write(tmp_path / "seven", {
        "indicators.csv": f"{d.INDICATORS_HEADER}\n{names}",
        "observations.csv": d.OBSERVATIONS_HEADER + "\n" + "\n".join(rows) + "\n",
        "sources.csv": f"{d.SOURCES_HEADER}\nrpt,履职统计,县政协办公室,2025-01-15,,\n"}))
    chart = chart_of(ds, "rates", "甲县政协")
    starts = [a for a in chart.figure.layout.annotations if a.name == charts.START_LABEL_NAME]
    assert len(starts) == 7 and {a.x for a in starts} == {2013}
    widest = max(len(a.text) for a in starts)  # "67.1%"

    def room(layout, width, font_size):
        lo, hi = layout.xaxis.range
        plot = width - layout.margin.l - layout.margin.r
        assert (2013 - lo) * plot / (hi - lo) >= widest * font_size * 0.55 + 12, (width, layout.xaxis.range)

    room(chart.figure.layout, SCREEN_WIDTH_PX, theme.SCREEN_FONT_SIZE)
    before = tuple(chart.figure.layout.xaxis.range)
    for width in (images.PAGE_WIDTH, images.DESIGN_WIDTH, 700):
        room(images.prepared(chart, width, "2026-11-30").figure.layout, width, theme.SCREEN_FONT_SIZE)
    big = screen.enlarged(chart, width=screen.TREND_WIDTH)
    room(big.figure.layout, screen.TREND_WIDTH, screen.FONT_SIZE)
    assert tuple(chart.figure.layout.xaxis.range) == before
    assert list(chart.figure.layout.xaxis.tickvals) == list(range(2013, 2025))  # whole years, unchanged
