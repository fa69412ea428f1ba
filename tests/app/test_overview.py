"""总览 on the default data and on fixtures of other orgs: the card values come from the data."""

from __future__ import annotations

from tests import datasets as d
from tests.app.conftest import plain


def cards(at):
    """The headline cards: every metric on 总览 (the lines of work are sentences, not cards)."""
    return {m.label: (m.value, m.delta) for m in at.metric}


def test_overview_default_cards(app):
    at = app("screens/overview.py")
    assert cards(at) == {
        "委员参与率": ("92%", "+72个百分点（较2020年）"),
        "成果转化率": ("91%", "+73个百分点（较2020年）"),
        "群众认可率": ("93%", "+71个百分点（较2020年）"),
    }
    assert at.title[0].value == "犍为县政协 · 同心共建质效"
    captions = plain(" ".join(c.value for c in at.caption))
    assert "2024年" in captions and "犍为县政协（2025-03-19）" in captions
    assert any("分别提高72、73、71个百分点" in m.value for m in at.markdown)
    pillars = plain(next(m.value for m in at.markdown if m.value.startswith("**主题读书**")))
    assert [p.split("**")[1] for p in pillars.split("\n\n")] == ["主题读书", "建言献策", "古韵协商", "四进四助"]
    assert "换届以来收集委员“金点子”410余条" in pillars and "由优化前的218个调整为优化后的67个" in pillars


def test_overview_on_another_org(app, tmp_path):
    at = app("screens/overview.py", d.write(tmp_path / "mini"))
    assert cards(at) == {
        "委员参与率": ("75%", "+35个百分点（较2019年）"),
        "建议采纳率": ("64.5%", "+34.5个百分点（较2019年）"),
    }
    assert at.title[0].value == "示例区政协 · 同心共建质效"


def test_overview_with_two_orgs_and_targets(app, tmp_path):
    at = app("screens/overview.py", d.write(tmp_path / "t", d.targets_dataset()))
    assert at.sidebar.selectbox(key="org").value == "青川县政协"
    assert cards(at)["协商议事室覆盖率"] == ("83%", "+31个百分点（较2018年）")
    at.sidebar.selectbox(key="org").select("白马镇政协联络组").run()
    assert not at.exception
    assert cards(at)["协商议事室覆盖率"] == ("78%", "+31个百分点（较2018年）")
    assert at.title[0].value == "白马镇政协联络组 · 同心共建质效"


def test_overview_without_rates_says_so(app, tmp_path):
    at = app("screens/overview.py", d.write(tmp_path / "e", d.nearly_empty_dataset()))
    assert not cards(at) and any("2024年走访群众36人次" in plain(m.value) for m in at.markdown)
    assert any("没有标为“重点”的指标" in i.value for i in at.info)


def test_invalid_data_shows_the_problem_list_not_a_traceback(app, tmp_path):
    folder = d.write(tmp_path / "bad", observations=d.with_rows("observations", d.observation("topics", 2024, "九十")))
    at = app("app.py", folder)
    assert "1 处问题" in at.error[0].value
    table = at.dataframe[0].value
    assert list(table["文件"]) == ["observations.csv"] and list(table["行"]) == [9] and list(table["列"]) == ["value"]


def test_app_entrypoint_runs_the_overview(app):
    at = app("app.py")
    assert cards(at)["委员参与率"][0] == "92%"


def test_an_unexpected_error_shows_a_chinese_message_not_a_traceback(app, monkeypatch):
    from dataclasses import replace

    from components import chart
    from tongxin.charts import KINDS

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setitem(KINDS, "rates", replace(KINDS["rates"], build=broken))
    chart._build.clear()  # built charts are shared by every run in this process
    at = app("app.py")
    assert not at.exception
    assert "本页出现了意外错误" in at.error[0].value and "boom" not in at.error[0].value


def test_a_new_server_whose_database_is_down_says_so(monkeypatch, tmp_path, postgres, pg_url):
    """t10 finding 7: "数据文件夹中的数据有 3 处问题 … 找不到这个文件" and advice to put CSV files in the
    folder, when what is wrong is that PostgreSQL cannot be reached."""
    from streamlit.testing.v1 import AppTest

    empty = tmp_path / "new-server"
    empty.mkdir()
    monkeypatch.setenv("TONGXIN_DATA_DIR", str(empty))
    monkeypatch.setenv("TONGXIN_DATABASE_URL", pg_url)
    postgres.pg_ctl("stop")
    try:
        at = AppTest.from_file(str(d.PROJECT / "screens" / "overview.py"), default_timeout=60)
        at.run()
    finally:
        postgres.pg_ctl("start")
    assert not at.exception
    shown = "\n".join(e.value for e in at.error)
    assert "数据库暂时无法连接" in shown and "找不到" not in shown and "处问题" not in shown
