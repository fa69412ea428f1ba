"""大屏展示 (screens/screen.py) run by AppTest: what the canvas holds, the link's settings, the carousel
advancing run by run, a save through the store shown at the next run, and bad data never a traceback."""

from __future__ import annotations

import re

from tests import datasets as d
from tongxin import maintain, store


def html_of(at) -> str:
    return "\n".join(h.proto.body for h in at.get("html"))


def carousel(at) -> str:
    found = re.search(r'tx-carousel"><div><span class="tx-panel-title">([^<]*)</span> <span class="tx-panel-note">([^<]*)',
                      html_of(at))
    return found.group(1) + found.group(2) if found else ""


def save_participation(folder, value: str) -> None:
    opened = store.open(folder)
    head = maintain.sync(opened).version
    files = opened.files(head.id)
    text = files["observations.csv"].decode("utf-8-sig")
    changed = text.replace("participation_rate,2024,2024,2024年,92,", f"participation_rate,2024,2024,2024年,{value},")
    assert changed != text
    opened.save({**files, "observations.csv": changed.encode("utf-8")}, "张三", "改委员参与率", base=head.id)


def test_the_canvas_on_the_default_data(app):
    at = app("screens/screen.py")
    page = html_of(at)
    assert "犍为县政协 · 同心共建质效" in page and "数据截至2025年" in page
    assert "来源：犍为县政协《坚持“四高”导向" in page
    for value, change in (("92%", "+72个百分点（较2020年）"), ("91%", "+73个百分点（较2020年）"),
                          ("93%", "+71个百分点（较2020年）")):
        assert f'<div class="tx-value">{value}</div><div class="tx-change tx-good">{change}</div>' in page
    assert "委员参与率、成果转化率、群众认可率变化趋势" in page
    chart = re.search(r'<img class="tx-chart" data-chart="trend"[^>]*src="data:image/svg\+xml;base64,([^"]+)"', page)
    assert chart is not None  # the trend as a picture, scaled with the canvas
    import base64

    svg = base64.b64decode(chart.group(1)).decode("utf-8")
    assert svg.startswith("<svg") and "2024" in svg and "2,020" not in svg and "2020.5" not in svg
    assert carousel(at) == "主题读书（1/2）"
    assert "unsafe" not in page and "--tx-s" in page  # the fitting script and style are there
    scripts = [h for h in at.get("html") if h.proto.unsafe_allow_javascript]
    assert len(scripts) == 1 and "HOUR = 4" in scripts[0].proto.body  # the daily reload at 4 by default
    assert not at.sidebar.selectbox  # no sidebar widgets: the whole window is the canvas


def test_the_carousel_advances_each_run_and_a_save_shows_at_the_next(app, tmp_path):
    folder = d.default_copy(tmp_path / "data")
    at = app("screens/screen.py", folder)
    seen = [carousel(at)]
    for _ in range(3):
        at.run()
        seen.append(carousel(at))
    assert seen == ["主题读书（1/2）", "主题读书（2/2）", "建言献策", "古韵协商（1/2）"]
    save_participation(folder, "95")
    at.run()
    assert not at.exception
    assert '<div class="tx-value">95%</div><div class="tx-change tx-good">+75个百分点（较2020年）</div>' in html_of(at)
    assert carousel(at) == "古韵协商（2/2）"  # the rotation goes on across a change of data


def test_settings_from_the_link(app, tmp_path, monkeypatch):
    folder = d.write(tmp_path / "t", d.targets_dataset())
    monkeypatch.setenv("TONGXIN_SCREEN_RELOAD_HOUR", "2")
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("TONGXIN_DATA_DIR", str(folder))
    at = AppTest.from_file(str(d.PROJECT / "screens/screen.py"), default_timeout=60)
    at.query_params.update({"org": "白马镇政协联络组", "interval": "abc"})
    at.run()
    assert not at.exception
    page = html_of(at)
    assert "白马镇政协联络组 · 同心共建质效" in page
    assert "轮播间隔“abc”不是秒数，按15秒轮播" in page
    assert "HOUR = 2" in page
    at.query_params.update({"org": "不存在的单位", "interval": "30", "reload": "5"})
    at.run()
    page = html_of(at)
    assert "数据中没有单位“不存在的单位”，显示青川县政协" in page and "HOUR = 5" in page


def test_invalid_data_at_the_start_is_a_calm_message(app, tmp_path):
    folder = d.write(tmp_path / "bad", observations=d.with_rows("observations", d.observation("topics", 2024, "九十")))
    at = app("screens/screen.py", folder)
    page = html_of(at)
    assert "大屏暂时没有可显示的数据" in page and "数据维护" in page
    assert not at.error and not at.exception


def test_data_broken_by_hand_keeps_the_last_good_with_a_notice(app, tmp_path):
    folder = d.default_copy(tmp_path / "data")
    at = app("screens/screen.py", folder)
    assert "92%" in html_of(at)
    (folder / "observations.csv").write_text("this is not the observations table\n1,2\n", encoding="utf-8")
    at.run()
    assert not at.exception
    page = html_of(at)
    assert '<div class="tx-value">92%</div>' in page
    assert "数据文件暂时无法读取，显示的是此前的数据" in page

