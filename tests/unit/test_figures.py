"""Charts: integer year ticks, 0–100 % axes, honest gaps, captions derived from sources."""

from __future__ import annotations

import pytest

from tests import datasets as d
from tongxin import figures, load


@pytest.fixture(scope="module")
def default():
    return load.load_dataset(d.DEFAULT_DATA)


def year_ticks(fig):
    return list(fig.layout.xaxis.ticktext)


def test_rate_trend_has_integer_years_and_a_percent_axis(default):
    chart = figures.rate_trend(default, "犍为县政协")
    assert year_ticks(chart.figure) == ["2020", "2021", "2022", "2023", "2024"]
    assert list(chart.figure.layout.xaxis.tickvals) == [2020, 2021, 2022, 2023, 2024]
    assert chart.figure.layout.yaxis.ticksuffix == "%" and tuple(chart.figure.layout.yaxis.range) == (0, 104)


def test_the_gap_is_dashed_and_labelled_never_interpolated(default):
    fig = figures.rate_trend(default, "犍为县政协").figure
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
    chart = figures.rate_trend(default, "犍为县政协")
    assert chart.caption() == (
        "数据来源：犍为县政协《坚持“四高”导向 增强同心共建质效——犍为县政协扎实推进专项工作》（2025-03-19）"
        " ｜ 期间：2020–2024年"
    )
    caption = [a for a in chart.figure.layout.annotations if a.name == figures.CAPTION_NAME]
    assert len(caption) == 1 and "数据来源" in caption[0].text
    assert "导出时间：2026-11-26" in chart.caption("2026-11-26")


def test_targets_are_dotted_and_hover_shows_completion(tmp_path):
    ds = load.load_dataset(d.write(tmp_path / "t", d.targets_dataset()))
    fig = figures.rate_trend(ds, "青川县政协").figure
    dotted = [t for t in fig.data if t.line.dash == "dot"]
    assert len(dotted) == 1 and dotted[0].name.endswith("（目标）")
    coverage = next(t for t in fig.data if t.name == "协商议事室覆盖率")
    assert any("完成率" in (c[1] or "") for c in coverage.customdata)
    assert set(year_ticks(fig)) == {str(y) for y in range(2018, 2027)}


def test_no_rates_is_a_specific_error(tmp_path):
    ds = load.load_dataset(d.write(tmp_path / "e", d.nearly_empty_dataset()))
    with pytest.raises(figures.NoData, match="没有按年份记录的比率数据"):
        figures.rate_trend(ds, "孤山乡政协联络组")


def test_modebar_saves_a_3x_png_with_a_chinese_name(default):
    chart = figures.rate_trend(default, "犍为县政协")
    options = figures.modebar_config(chart, "犍为县政协")["toImageButtonOptions"]
    assert options == {"format": "png", "filename": "犍为县政协_三率趋势", "scale": 3}
