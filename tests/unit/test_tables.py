from tests import datasets as d
from tongxin import load, tables


def test_figures_table_has_every_figure_with_source():
    ds = load.load_dataset(d.DEFAULT_DATA)
    table = tables.figures_table(ds)
    assert len(table) == 45 and list(table.columns) == tables.FIGURE_COLUMNS
    row = table[table["指标"] == "收集委员“金点子”"].iloc[0]
    assert (row["数值"], row["期间"], row["年份"]) == ("410余条", "换届以来", "截至2025年")
    assert row["来源"] == "犍为县政协" and row["发布日期"] == "2025-03-19"


def test_search_by_words_and_pillars():
    ds = load.load_dataset(d.DEFAULT_DATA)
    table = tables.figures_table(ds)
    assert set(tables.search(table, "三年来")["期间"]) == {"三年来"}
    only = tables.search(table, "", ["主题读书"])
    assert set(only["板块"]) == {"主题读书"} and len(only) == 7
    assert len(tables.search(table, "小微协商 意见")) == 1
    assert tables.search(table, "不存在的词").empty


def test_only_web_links_become_links():
    assert tables.safe_url("https://example.org/a") == "https://example.org/a"
    assert tables.safe_url("javascript:alert(1)") == ""
    assert tables.safe_url("data:text/html,<script>") == ""
    assert tables.safe_url(" JavaScript:alert(1)") == ""


def test_constant_columns_are_said_once():
    ds = load.load_dataset(d.DEFAULT_DATA)
    shown, same = tables.split_constant_columns(tables.figures_table(ds))
    assert same["单位名称"] == "犍为县政协" and same["来源"] == "犍为县政协" and same["性质"] == "实际"
    assert "指标" in shown.columns and "单位名称" not in shown.columns and len(shown) == 45


def test_sources_table_counts_the_orgs_asked_for(tmp_path):
    ds = load.load_dataset(d.write(tmp_path / "t", d.targets_dataset()))
    everyone = tables.sources_table(ds).set_index("编号")
    assert everyone.loc["yb", "数字条数"] == everyone.loc["yb", "全部数字条数"] == 38
    one = tables.sources_table(ds, ["白马镇政协联络组"]).set_index("编号")
    assert (one.loc["yb", "数字条数"], one.loc["yb", "全部数字条数"]) == (19, 38)
    assert (one.loc["yb2", "数字条数"], one.loc["yb2", "全部数字条数"]) == (1, 2)
    assert tables.sources_table(ds, ["没有这个单位"]).empty  # sources cited by others are left out
