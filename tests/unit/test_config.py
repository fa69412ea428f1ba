"""The production settings, as Streamlit itself reads them from .streamlit/config.toml."""

from __future__ import annotations

import pytest

from tests import datasets as d


@pytest.fixture
def option(monkeypatch):
    from streamlit import config

    monkeypatch.chdir(d.PROJECT)
    config.get_config_options(force_reparse=True)
    yield config.get_option
    config.get_config_options(force_reparse=True)


def test_production_settings(option):
    assert option("server.enableXsrfProtection") is True
    assert option("server.enableStaticServing") is False
    assert option("server.maxUploadSize") == 12
    assert option("server.runOnSave") is False
    assert option("client.toolbarMode") == "minimal"  # no developer menu, no Deploy button
    assert str(option("client.showErrorDetails")).lower() in ("none", "false")
    assert option("browser.gatherUsageStats") is False
    assert option("runner.postScriptGC") is False  # a full GC per run was most of the server's time


def test_the_upload_limit_matches_the_apps_own_check(option):
    from tongxin import maintain

    assert option("server.maxUploadSize") * 1024 * 1024 == maintain.MAX_UPLOAD_BYTES
