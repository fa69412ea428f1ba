"""Every page on the default data and on fixtures (another org with 2018–2026 and targets; a
nearly empty one; a small one): no exception, the right values, widgets act."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from tests import datasets as d
from tests.app.conftest import plain
from tongxin import load, tables

PAGES = ["screens/overview.py", "screens/rates.py", "screens/activities.py", "screens/compare.py",
         "screens/sources.py"]
FIXTURES = {
    "default": lambda tmp: None,
    "targets": lambda tmp: d.write(tmp / "targets", d.targets_dataset()),
    "empty": lambda tmp: d.write(tmp / "empty", d.nearly_empty_dataset()),
    "mini": lambda tmp: d.write(tmp / "mini"),
    # 183 orgs under 21 cities (orgs.csv of two levels), as one workbook: read whole, orgs included
    "province": lambda tmp: d.write_workbook(tmp / "province.xlsx", d.province_dataset()),
}


def tiles(at) -> dict[str, str]:
    """The figure cards of 四高成效 (HTML blocks): name → value, as a reader sees them."""
    import html

    found = re.findall(r'<div class="tx-name">(.*?)</div><div class="tx-value">(.*?)</div>',
                       "".join(h.proto.body for h in at.get("html")))
    return {html.unescape(name): html.unescape(value) for name, value in found}


def texts(at) -> str:
    return plain("\n".join([m.value for m in at.markdown if not m.value.startswith("| ")]
                           + [c.value for c in at.caption] + [i.value for i in at.info]))


def table(at, index: int) -> pd.DataFrame:
    """The index-th figures table on the page (an escaped Markdown table) as a DataFrame."""
    found = [m.value for m in at.markdown if m.value.startswith("| ")]
    lines = found[index].splitlines()
    split = lambda line: [unescape(c.strip()) for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]  # noqa: E731
    return pd.DataFrame([split(line) for line in lines[2:]], columns=split(lines[0]))


def unescape(cell: str) -> str:
    return re.sub(r"\\(.)", r"\1", cell)


def chart_ids(at) -> list[str]:
    return [c.proto.id for c in at.get("plotly_chart")]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("fixture", list(FIXTURES))
def test_every_page_runs_on_every_dataset(app, tmp_path, page, fixture):
    at = app(page, FIXTURES[fixture](tmp_path))
    assert not at.exception
    assert at.title  # every page says what it is


def test_rates_page_default(app):
    at = app("screens/rates.py")
    assert at.title[0].value == "三率趋势"
    body = texts(at)
    assert "分别为92%、91%、93%，较2020年分别提高72、73、71个百分点" in body
    assert "群众诉求解决率达98.5%" in body and "2021–2023年无公开数据" in body
    assert len(at.get("plotly_chart")) == 2  # trend and 2020-vs-2024
    rows = table(at, -1)  # the figures table (earlier ones sit under each chart)
    assert len(rows) == 7 and set(rows["数值"]) >= {"20%", "92%", "98.5%"}
    assert not at.selectbox  # one org: nothing to compare


def test_rates_page_compares_orgs_and_shows_targets(app, tmp_path):
    at = app("screens/rates.py", FIXTURES["targets"](tmp_path))
    body = texts(at)
    assert "2023年协商议事室覆盖率为83%，目标85%，完成率98%。" in body
    assert len(at.get("plotly_chart")) == 2  # trend and change; the orgs side by side are on 各单位对比
    # where the org stands, and what the two orgs' figures say — in sentences, not one chart per org
    assert "2023年协商议事室覆盖率居第1位（83%），高于中位数2.5个百分点，名次与上年相同。" in body
    assert "2023年，全部2个单位的协商议事室覆盖率中位数为80.5%；最高的是青川县（83%），最低的是白马镇政协联络组（78%）" in body
    assert [s.value for s in at.subheader][-1] == "在全部2个单位中"
    at.sidebar.selectbox(key="org").select("白马镇政协联络组").run()
    assert "2023年协商议事室覆盖率居第2位（78%），低于中位数2.5个百分点" in texts(at)


def test_activities_page_sections_in_data_order(app):
    at = app("screens/activities.py")
    assert [h.value for h in at.header] == ["主题读书", "建言献策", "古韵协商", "四进四助"]
    body = texts(at)
    assert "其中260余条被转化为发展举措（约占63%）" in body  # the source's words (its note quotes them)
    assert "县镇村协商平台由优化前的218个调整为优化后的67个（减少69%）" in body
    ids = [c.key for c in at.get("plotly_chart")]
    assert {"chart:shares:主题读书", "chart:before_after:consultation_platforms", "chart:by_unit:四进四助"} <= set(ids)
    cards = tiles(at)
    assert len(cards) == 45 - 1 - 3  # every figure once: 218→67 is one card, three rates show their latest
    assert cards["收集委员“金点子”"] == "410余条" and cards["县镇村协商平台"] == "218→67个"
    assert "换届以来 ｜ 约占63%" in "".join(h.proto.body for h in at.get("html"))  # period and share on the card


def test_activities_page_on_another_org(app, tmp_path):
    at = app("screens/activities.py", FIXTURES["mini"](tmp_path))
    assert [h.value for h in at.header] == ["协商议事", "建言资政"]
    assert "其中采纳建议150余条（约占75%）" in texts(at)


def test_sources_page_lists_and_searches_every_figure(app):
    at = app("screens/sources.py")
    figures_table = table(at, 0)
    assert len(figures_table) == 45 and "原文/备注" in figures_table.columns
    expected = tables.search(tables.figures_table(load.load_dataset(d.DEFAULT_DATA)), "三年来")
    at.text_input(key="search").input("三年来").run()
    assert len(table(at, 0)) == len(expected) > 0
    at.text_input(key="search").input("").run()
    at.multiselect(key="pillars").select("主题读书").run()
    assert len(table(at, 0)) == 7 and "板块均为“主题读书”" in texts(at)
    assert "2025-03-19 ｜ 数字 45 条" in texts(at)


def test_sources_page_other_orgs_toggle(app, tmp_path):
    at = app("screens/sources.py", FIXTURES["targets"](tmp_path))
    assert "单位名称均为“青川县政协”" in texts(at)
    # a source both orgs cite counts the chosen org's figures, and says the whole data's beside them
    assert "青川县政协办公室 ｜ 2024-03-01 ｜ 青川县政协数字 19 条（全部单位共 38 条）" in texts(at)
    at.toggle(key="all_orgs").set_value(True).run()
    assert set(table(at, 0)["单位名称"]) == {"青川县政协", "白马镇政协联络组"}
    assert "2024-03-01 ｜ 数字 38 条" in texts(at) and "全部单位共" not in texts(at)


def test_sources_page_lists_the_chosen_orgs_sources(app, tmp_path):
    """With a report per county, the chosen county's page lists its own source, not every county's."""
    tables_ = d.targets_dataset()
    tables_["sources.csv"] += "bm,白马镇政协联络组工作总结,白马镇政协联络组,2024-12-30,,\n"
    tables_["observations.csv"] = "\n".join(
        line.replace(",yb,", ",bm,") if line.startswith("白马镇政协联络组,funds,") else line
        for line in tables_["observations.csv"].splitlines()) + "\n"
    at = app("screens/sources.py", d.write(tmp_path / "two", tables_))
    body = texts(at)
    assert "白马镇政协联络组工作总结" not in body
    assert "另有 1 个来源只用于其他单位的数字" in body
    at.toggle(key="all_orgs").set_value(True).run()
    body = texts(at)
    assert "白马镇政协联络组 ｜ 2024-12-30 ｜ 所选2个单位数字 1 条" not in body  # every org's figures: no 全部 aside
    assert "白马镇政协联络组 ｜ 2024-12-30 ｜ 数字 1 条" in body and "另有" not in body


def test_year_range_filters_every_figure(app, tmp_path):
    at = app("screens/overview.py", FIXTURES["targets"](tmp_path))
    slider = at.sidebar.select_slider(key="years:青川县政协")
    assert slider.value == (2018, 2026)
    slider.set_range(2022, 2023).run()
    assert not at.exception
    cards = {m.label: (m.value, m.delta) for m in at.metric}
    assert cards["协商议事室覆盖率"] == ("83%", "+4个百分点（较2022年）")


def test_nearly_empty_data_gets_sensible_empty_states(app, tmp_path):
    folder = FIXTURES["empty"](tmp_path)
    at = app("screens/rates.py", folder)
    assert "没有比率类指标的数据" in at.info[0].value
    at = app("screens/overview.py", folder)
    assert len(at.info) == 1  # one explanation, not one per missing chart
    at = app("screens/sources.py", folder)
    assert len(table(at, 0)) == 1


def test_data_status_in_sidebar(app, tmp_path):
    folder = d.default_copy(tmp_path / "data")
    at = app("screens/overview.py", folder)
    status = "\n".join(m.value for m in at.sidebar.markdown)
    assert "指标 **41** 个，数字 **45** 条" in status and "来源 **1** 个" in status
    captions = [c.value for c in at.sidebar.caption]
    assert any(c.startswith("数据版本：第 1 版") for c in captions)
    # The server's folder is for editors, not for every visitor (issue 10)
    assert not any("数据文件夹" in c or str(tmp_path) in c for c in captions)
    from tongxin import auth

    at.session_state["_tongxin_editor"] = auth.Account("zhangsan", "张三", "scrypt$x")
    at.run()
    assert any("数据文件夹" in c.value and str(folder.name) in c.value for c in at.sidebar.caption)


def test_anonymous_visitors_never_see_the_server_s_folder(app, tmp_path):
    folder = d.write(tmp_path / "secret-place", observations=None)  # observations.csv missing
    at = app("app.py", folder)
    shown = [e.value for e in at.error] + [str(t.value.to_dict()) for t in at.dataframe] + [c.value for c in at.caption]
    assert "找不到这个文件" in "".join(shown)
    assert not any(str(tmp_path) in s for s in shown)


def test_a_charts_table_is_drawn_when_its_expander_is_opened(app):
    """The figures under a chart are sent only while its 数据表 expander is open (a closed one would be
    laid out at every change of org or year), and the opened table keeps the chart's figures."""
    at = app("screens/rates.py")
    labels = [e.label for e in at.expander if e.label.startswith("数据表：")]
    assert len(labels) == 2 and all(not e.markdown for e in at.expander if e.label in labels)
    before = len([m for m in at.markdown if m.value.startswith("| ")])
    at.session_state["table:rates"] = True  # what opening it in the browser sets
    at.run()
    assert not at.exception
    [opened] = [e for e in at.expander if e.label == labels[0]]
    [shown] = [m.value for m in opened.markdown if m.value.startswith("| ")]
    assert len([m for m in at.markdown if m.value.startswith("| ")]) == before + 1
    assert "92%" in shown and "20%" in shown and "2020" in shown
