from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests import datasets as d

TIMEOUT = 60


@pytest.fixture
def app(monkeypatch, tmp_path):
    """Run a page (or app.py) on a given data folder: app("screens/overview.py", folder); without
    one, on a copy of the default data (the store writes its database into the folder it serves)."""

    def run(script: str, folder=None) -> AppTest:
        if folder is None:
            folder = d.default_copy(tmp_path / "default")
        monkeypatch.setenv("TONGXIN_DATA_DIR", str(folder))
        monkeypatch.delenv("TONGXIN_DATABASE_URL", raising=False)
        at = AppTest.from_file(str(d.PROJECT / script), default_timeout=TIMEOUT)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    return run


def plain(markdown: str) -> str:
    """What a reader sees of escaped Markdown: the backslashes the app adds to data text removed."""
    import re

    return re.sub(r"\\(.)", r"\1", markdown)
