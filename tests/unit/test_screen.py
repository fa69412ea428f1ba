"""tongxin.screen: what the 大屏 shows, the order its panels rotate in, its settings from the link, and
the charts laid out for the canvas and for a phone."""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from tests import datasets as d
from tongxin import charts, compare, load, screen, theme


@pytest.fixture(scope="module")
def default():
    dataset, _ = load.read_dataset(d.PROJECT / "data")
    return dataset


def read(tmp_path, tables):
    dataset, problems = load.read_dataset(d.write(tmp_path / "data", tables))
    assert dataset is not None, problems
    return dataset


def test_settings_from_the_link():
    orgs = ["甲县政协", "乙县政协"]
    assert screen.settings({}, orgs, reload_hour=4) == screen.Settings("甲县政协", 15, 4)
    assert screen.settings({"org": "乙县政协", "interval": "1", "reload": "6"}, orgs) == screen.Settings("乙县政协", 1, 6)
    assert screen.settings({"interval": "0.2"}, orgs).interval == 1  # at least a second
    assert screen.settings({"interval": "0"}, orgs).notices == ("轮播间隔应为1–3600秒的整数，按1秒轮播",)
    assert screen.settings({"interval": "5"}, orgs).notices == ()
    assert screen.settings({"interval": "999999"}, orgs).interval == 3600
    asked = screen.settings({"org": "丙县政协", "interval": "十秒", "reload": "25"}, orgs, reload_hour=4)
    assert (asked.org, asked.interval, asked.reload_hour) == ("甲县政协", 15, 4)
    assert asked.notices == ("数据中没有单位“丙县政协”，显示甲县政协", "轮播间隔“十秒”不是秒数，按15秒轮播",
                             "每日刷新时间“25”应为0–23点，按4点刷新")
    assert screen.settings({"interval": "nan"}, orgs).interval == 15


def test_reload_hour_from_the_server_setting():
    assert screen.configured_reload_hour({}) == 4
    assert screen.configured_reload_hour({"TONGXIN_SCREEN_RELOAD_HOUR": "3"}) == 3
    assert screen.configured_reload_hour({"TONGXIN_SCREEN_RELOAD_HOUR": "24"}) == 4
    assert screen.configured_reload_hour({"TONGXIN_SCREEN_RELOAD_HOUR": "凌晨"}) == 4


def test_banner_of_the_default_data(default):
    banner = screen.banner(default, "犍为县政协", datetime(2026, 11, 29, 9, 5))
    assert banner.title == "犍为县政协 · 同心共建质效"
    assert banner.clock == "2026年11月29日 星期日 09:05"
    assert banner.as_of == "数据截至2025年"  # the latest period end among its figures
    assert banner.source == "来源：犍为县政协《坚持“四高”导向 增强同心共建质效——犍为县政协扎实推进专项工作》（2025-03-19）"


def test_headline_figures_with_their_change_in_points(default):
    found = [(c.label, c.value, c.change, c.tone) for c in screen.headline(default, "犍为县政协")]
    assert found == [("委员参与率", "92%", "+72个百分点（较2020年）", "good"),
                     ("成果转化率", "91%", "+73个百分点（较2020年）", "good"),
                     ("群众认可率", "93%", "+71个百分点（较2020年）", "good")]


def test_panels_rotate_through_every_pillar_in_data_order(default):
    found = screen.panels(default, "犍为县政协")
    assert [p.title for p in found] == ["主题读书", "主题读书", "建言献策", "古韵协商", "古韵协商", "四进四助", "四进四助",
                                        "四进四助"]
    assert all(p.kind == "pillar" and 0 < len(p.tiles) <= screen.TILES_PER_PANEL for p in found)
    # 7 figures of 主题读书 in two even pages, every figure once
    assert [len(p.tiles) for p in found[:2]] == [4, 3] and [p.note for p in found[:2]] == ["（1/2）", "（2/2）"]
    tiles = [t.name for p in found if p.title == "主题读书" for t in p.tiles]
    assert tiles[0] == "委员书屋及读书点" and len(tiles) == len(set(tiles)) == 7
    assert screen.shown(found, 0) == found[0] and screen.shown(found, 9) == found[1]  # cycles
    assert screen.shown([], 3) is None


def test_ranking_panels_with_several_orgs(tmp_path):
    dataset = read(tmp_path, d.city_dataset())
    org = dataset.orgs()[0]
    found = screen.panels(dataset, org)
    rankings = [p for p in found if p.kind == "ranking"]
    assert [p.title for p in rankings] == ["委员参与率排名", "成果转化率排名"]
    assert found[-2:] == rankings  # after every pillar
    spec = rankings[0].spec
    assert (spec.kind, spec.indicator, spec.year, spec.theme, len(spec.orgs)) == ("ranking", "participation_rate", 2024,
                                                                                  "dark", 11)
    assert rankings[0].note == "乐山市政协的11个县（区） ｜ 2024年"
    chart = charts.build(dataset, spec)  # the registry builds it
    assert chart.spec.look is theme.DARK


def test_a_ranking_of_many_orgs_is_its_first_rows_and_the_org(tmp_path):
    tables = d.province_dataset(count=40)
    del tables["orgs.csv"]  # without orgs.csv every org is compared with every other (DATA_SPEC v2)
    dataset = read(tmp_path, tables)
    org = dataset.orgs()[-1]
    ranking = next(p for p in screen.panels(dataset, org) if p.kind == "ranking")
    assert ranking.spec is None and len(ranking.rows) == screen.RANKING_ROWS
    found = compare.ranking(dataset, "participation_rate", 2024, dataset.orgs())
    expected = [("并列" if e.tied else "") + f"第{e.rank}名" for e in found.entries[:3]]
    assert [r.rank for r in ranking.rows[:3]] == expected and expected[0] == "第1名"
    assert [r.value for r in ranking.rows[:2]] == [f"{e.value:g}%" for e in found.entries[:2]]
    own = [r for r in ranking.rows if r.own]
    assert len(own) == 1 and own[0].org == dataset.short_name(org)
    assert ranking.note == "全部40个县（区） ｜ 2024年"  # the group's label says how many


def test_one_org_has_no_ranking_panel(default):
    assert not [p for p in screen.panels(default, "犍为县政协") if p.kind == "ranking"]


def test_charts_enlarged_for_the_canvas(default):
    chart = charts.build(default, screen.trend_spec(default, "犍为县政协"))
    laid = screen.enlarged(chart, width=screen.TREND_WIDTH)
    layout = laid.figure.layout
    assert (layout.width, layout.height, layout.font.size) == (screen.TREND_WIDTH, screen.CHART_HEIGHT, 24)
    assert layout.template.layout.paper_bgcolor == theme.DARK.background
    assert all(a.font.size is None or a.font.size >= 24 for a in layout.annotations)  # gap notes grew from 12
    assert layout.xaxis.ticktext == ("2020", "2021", "2022", "2023", "2024")
    assert chart.figure.layout.font.size == theme.SCREEN_FONT_SIZE  # the shared chart is untouched


def test_trend_spec_without_rates(tmp_path):
    dataset = read(tmp_path, d.nearly_empty_dataset())
    assert screen.trend_spec(dataset, dataset.orgs()[0]) is None


def test_phones_and_charts_for_them(default):
    assert screen.is_phone("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148 MicroMessenger/8.0")
    assert screen.is_phone("Mozilla/5.0 (Linux; Android 14; HarmonyOS) Mobile Safari/537.36")
    assert not screen.is_phone("Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/130.0 Safari/537.36")
    assert not screen.is_phone(None)
    chart = charts.build(default, charts.Spec("rates", "犍为县政协"))
    phone = screen.for_phone(chart).figure.layout
    assert phone.font.size == screen.PHONE_FONT_SIZE
    assert phone.xaxis.tickvals == (2020, 2022, 2024) and phone.xaxis.tickangle == 0
    lines = phone.title.text.split("<br>")
    assert len(lines) == 2 and not lines[0].removesuffix("</b>")[-1:].isdigit()  # wrapped, a year kept whole
    assert phone.margin.r < chart.figure.layout.margin.r
    subtitle = phone.title.subtitle.text.split("<br>")  # 犍为县政协 ｜ 2020–2024年 ｜ 单位：% ｜ 2021–2023年无公开数据
    assert len(subtitle) >= 2 and "".join(subtitle) == charts.plotly_text(chart.subtitle).replace("<br>", "")


def test_a_ranking_chart_enlarged_keeps_its_org_names_legible(tmp_path):
    dataset = read(tmp_path, d.city_dataset())
    panel = next(p for p in screen.panels(dataset, dataset.orgs()[0]) if p.kind == "ranking")
    chart = charts.build(dataset, panel.spec)
    assert chart.figure.layout.yaxis.tickfont.size == 13  # the registry's own size for a ranking's names
    laid = screen.enlarged(chart, width=screen.PANEL_WIDTH).figure.layout
    assert laid.yaxis.tickfont.size >= screen.FONT_SIZE and laid.width == screen.PANEL_WIDTH
    assert all(a.font.size is None or a.font.size >= screen.FONT_SIZE for a in laid.annotations)


def test_long_tiles_take_two_rows_a_panel(default, monkeypatch):
    monkeypatch.setattr(screen, "TILE_NAME_FITS", 5)  # every name now wraps onto a second line
    found = screen.panels(default, "犍为县政协")
    assert max(len(p.tiles) for p in found) == screen.TILES_PER_PANEL - 2
    assert sum(len(p.tiles) for p in found) == 7 + 6 + 10 + 18  # every figure still shown, on more panels


def test_phone_charts_keep_start_labels_and_legends_clear(default):
    """On a phone, a rates chart's start values stand clear of the y-axis ticks ("22%" stood on "20%"),
    and a legend above the plot is listed one entry a line under the title block, not over the subtitle
    (tester, issue 14)."""
    chart = charts.build(default, charts.Spec("rates", "犍为县政协"))
    phone = screen.for_phone(chart).figure.layout
    lo, hi = phone.xaxis.range
    plot = screen.PHONE_WIDTH - phone.margin.l - phone.margin.r
    room = (2020 - lo) * plot / (hi - lo)  # px between the y axis and the first year
    assert room >= len("22%") * screen.PHONE_FONT_SIZE * 0.6 + 12
    assert chart.figure.layout.xaxis.range[0] == 2019.4  # the shared chart is unchanged

    coverage = charts.build(default, charts.Spec("coverage", "犍为县政协"))
    laid = screen.for_phone(coverage).figure.layout
    entries = [t.name for t in coverage.figure.data if t.name and t.showlegend is not False]
    assert len(entries) == 2  # 当年数字, 截至该年（未注明起始年份）
    assert laid.legend.orientation == "v" and laid.legend.xref == "paper" and laid.legend.yanchor == "bottom"
    title_lines = laid.title.text.count("<br>") + 1
    sub_lines = laid.title.subtitle.text.count("<br>") + 1
    block = title_lines * screen.PHONE_FONT_SIZE * 1.45 * 1.3 + sub_lines * screen.PHONE_FONT_SIZE * 0.95 * 1.7
    assert laid.margin.t >= block + 2 * screen.PHONE_FONT_SIZE * 1.7
    assert laid.title.yref == "container" and laid.title.y == 1 and laid.title.yanchor == "top"


def test_phone_charts_fit_labels_and_captions_beside_category_names(default):
    """A dumbbell's "92%（+72个百分点）" fits inside the phone's plot (the axis widened, its ticks upright and
    fewer), and a caption beside long category names is wrapped to what is left of the width, a year or a
    date never cut in two (tester, issue 14: cut at the right edge)."""
    change = charts.build(default, charts.Spec("rates_change", "犍为县政协"))
    axis = screen.for_phone(change).figure.layout.xaxis
    assert axis.range[1] > change.figure.layout.xaxis.range[1] == 125
    assert axis.tickangle == 0 and len(axis.tickvals) <= 4

    chart = charts.build(default, charts.Spec("by_unit", "犍为县政协", pillar="主题读书"))
    laid = screen.for_phone(chart).figure.layout
    [caption] = [a for a in laid.annotations if a.name == charts.CAPTION_NAME]
    lines = [re.sub(r"<[^>]+>", "", line) for line in caption.text.split("<br>")]
    shown = laid.yaxis.ticktext or [y for t in chart.figure.data for y in t.y]  # names as shown (shortened)
    labels = max(len(line) for y in shown for line in re.sub(r"<(?!br)[^>]+>", "", str(y)).split("<br>"))
    room = (screen.PHONE_WIDTH - labels * screen.PHONE_FONT_SIZE) / caption.font.size  # in font-sizes
    ems = [sum(1.0 if ord(ch) > 0x2E80 else 0.55 for ch in line) for line in lines]  # as charts.wrap counts
    assert len(lines) >= 4 and max(ems) <= room, lines
    assert not any(line[-1:].isdigit() and lines[k + 1][:1].isdigit() for k, line in enumerate(lines[:-1]))


NANCHONG_RATES = {  # the tester's 顺庆区政协 (t13b): four rates, 群众诉求解决率 the longest name
    "participation_rate": ("委员参与率", 75.2, 78.8), "conversion_rate": ("成果转化率", 58.6, 63.3),
    "approval_rate": ("群众认可率", 91.1, 99), "request_resolution_rate": ("群众诉求解决率", 82, 88.6),
}
NANCHONG_COUNTS = ("审查立案提案", "小微协商", "社情民意信息", "委员书屋及读书点", "委员志愿服务")


def nanchong(tmp_path, long_name: str = ""):
    """One county of the tester's city data: 4 rates and 5 counts yearly 2019–2024, one figure of 2025
    without a start year; `long_name` renames the first count."""
    indicators, rows = [], []
    for k, (key, (name, first, last)) in enumerate(NANCHONG_RATES.items()):
        indicators.append(f"{key},{name},协商{k % 3},%,rate,,true,,")
        rows += [d.observation(key, 2019, str(first), start=2019, org="顺庆区政协"),
                 d.observation(key, 2024, str(last), start=2024, org="顺庆区政协")]
    for k, name in enumerate(NANCHONG_COUNTS):
        indicators.append(f"c{k},{long_name if long_name and not k else name},协商{k % 3},件,count,,,,")
        rows += [d.observation(f"c{k}", year, str(10 + year - 2019), start=year, org="顺庆区政协")
                 for year in range(2019, 2025)]
    rows.append(d.observation("c1", 2025, "12", label="截至2025年", org="顺庆区政协"))
    return read(tmp_path, {"indicators.csv": d.INDICATORS_HEADER + "\n" + "\n".join(indicators) + "\n",
                           "observations.csv": d.OBSERVATIONS_HEADER + "\n" + "\n".join(rows) + "\n",
                           "sources.csv": f"{d.SOURCES_HEADER}\nrpt,南充市政协系统履职情况统计,南充市政协办公室,2025-02-20,,\n"})


def test_a_coverage_map_on_a_phone_keeps_its_plot(tmp_path):
    """Tester t13b, finding 1: on a phone the coverage map's plot was squeezed into ~80 px at the right (the
    legend, placed from the container's edge, pushed the plot's margin), every other indicator name was
    hidden in rows lower than their labels, the years overprinted, the toolbar sat on the title; long
    names take a third of the width at most. Its legend shows the marks' shapes in a neutral colour, never
    the first mark's pillar colour."""
    dataset = nanchong(tmp_path)
    chart = charts.build(dataset, charts.Spec("coverage", "顺庆区政协"))
    legend = [t for t in chart.figure.data if t.showlegend is not False and t.name]
    assert [t.name for t in legend] == ["当年数字", "截至该年（未注明起始年份）"]
    assert {t.marker.color for t in legend} == {theme.LIGHT.muted} and [t.marker.symbol for t in legend] == \
        ["circle", "square-open"]
    assert all(t.showlegend is False for t in chart.figure.data if t not in legend)

    laid = screen.for_phone(chart).figure.layout
    assert laid.legend.xref == "paper"  # from the plot's edge: it pushes no margin
    assert laid.title.pad.t >= screen.PHONE_MODEBAR_PX
    rows = len(NANCHONG_RATES) + len(NANCHONG_COUNTS)
    assert (laid.height - laid.margin.t - laid.margin.b) / rows >= screen.PHONE_FONT_SIZE * 1.3
    plot = screen.PHONE_WIDTH - laid.margin.l - laid.margin.r - screen._category_labels_px(chart.figure, 12)
    assert laid.xaxis.tickangle == 0 and len(laid.xaxis.tickvals) * 4 * 0.62 * 12 < plot
    assert laid.xaxis.tickvals == (2019, 2021, 2023, 2025)

    long = nanchong(tmp_path / "long", long_name="委员会议及专题协商会议建议办理情况")
    chart = charts.build(long, charts.Spec("coverage", "顺庆区政协"))
    laid = screen.for_phone(chart).figure
    shown = [re.sub(r"<[^>]+>", "", line) for t in laid.layout.yaxis.ticktext for line in t.split("<br>")]
    assert max(map(len, shown)) <= screen.PHONE_LABEL_CHARS and "委员会议及专题协" in shown
    assert screen._category_labels_px(laid, 12) <= screen.PHONE_WIDTH * screen.PHONE_LABEL_SHARE
    assert laid.layout.yaxis.tickvals == tuple(laid.layout.yaxis.categoryarray)  # the categories unchanged


def test_a_dumbbell_on_a_phone_never_cuts_its_change_labels(tmp_path):
    """Tester t13b, finding 2: beside 群众诉求解决率 the axis was not widened for "78.8%（+3.6个百分点）" and the
    label was cut at the right edge. The change goes on a second line and every label fits: the change
    labels before the plot's right edge, the start values after its left edge."""
    chart = charts.build(nanchong(tmp_path), charts.Spec("rates_change", "顺庆区政协"))
    fig = screen.for_phone(chart).figure
    laid = fig.layout
    lo, hi = laid.xaxis.range
    plot = screen.PHONE_WIDTH - max(laid.margin.l, screen._category_labels_px(fig, 12)) - laid.margin.r
    labels = [a for a in laid.annotations if a.name == charts.INSIDE_LABEL_NAME]
    assert len(labels) == 4 and all(a.text.count("<br>") == 1 for a in labels)
    assert "<b>78.8%</b><br>（+3.6个百分点）" in [a.text for a in labels]
    for a in labels:
        assert (a.x - lo) / (hi - lo) * plot + charts.label_px([a], 12) <= plot + 0.5, a.text
    starts = [t for t in fig.data if t.textposition == "middle left"][0]
    assert (min(starts.x) - lo) / (hi - lo) * plot >= len("75.2%") * 12 * 0.62 + 14 - 0.5
    assert laid.xaxis.tickangle == 0 and len(laid.xaxis.tickvals) <= 4


def test_small_multiples_on_a_phone_keep_their_years_off_the_caption(tmp_path):
    """Tester t13b, finding 3: the bottom row's years, turned on their side in ~60-px panels, ran into the
    source caption. Upright when they fit, else on their side with the caption moved below them."""
    dataset = read(tmp_path, d.province_dataset(count=12))
    orgs = tuple(dataset.orgs()[:6])
    chart = charts.build(dataset, charts.Spec("trends", orgs[0], indicator="participation_rate", orgs=orgs))
    laid = screen.for_phone(chart).figure.layout
    [caption] = [a for a in laid.annotations if a.name == charts.CAPTION_NAME]
    [before] = [a for a in chart.figure.layout.annotations if a.name == charts.CAPTION_NAME]
    label = 4 * 0.62 * screen.PHONE_FONT_SIZE  # a year's width, and its height on its side
    plot = screen.PHONE_WIDTH - laid.margin.l - laid.margin.r
    for k in (4, 5):  # the bottom row's panels
        axis = laid[f"xaxis{k + 1}"]
        fits = (axis.domain[1] - axis.domain[0]) * plot // (label + 8)
        if axis.tickangle == 0:
            assert len(axis.tickvals) <= fits
        else:
            assert axis.tickangle == -90 and caption.yshift <= -(round(screen.PHONE_FONT_SIZE * 2.6) + label)
    assert laid.margin.b - chart.figure.layout.margin.b < 200 and before.yshift > caption.yshift or \
        all(laid[f"xaxis{k + 1}"].tickangle == 0 for k in (4, 5))
