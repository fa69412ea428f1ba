"""The sign-in holds against Streamlit's own protocol (issue 10, failures 1 and 2), against a real
server: an anonymous session's clear-cache message does not reset the count; 20 sessions guessing at
the same moment get at most 5 passwords checked (counted in the server's log of checks)."""

from __future__ import annotations

import asyncio

import pytest

from tests import datasets as d
from tests.browser.conftest import PASSWORD
from tests.protocol import Session, run, sign_in_states, texts, widget_ids
from tongxin import auth

pytestmark = pytest.mark.browser


@pytest.fixture
def guarded(tmp_path, start_server):
    folder = d.default_copy(tmp_path / "data")
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(f'[tongxin.editors.zhangsan]\nname = "张三"\npassword_hash = "{auth.hash_password(PASSWORD)}"\n',
                       encoding="utf-8")
    server = start_server(folder, extra_args=[f"--secrets.files={secrets}"])
    return server


def checks(server) -> int:
    """Passwords the server checked, from its log (`tongxin.auth`: one line per checked password)."""
    server.log.flush()
    return server.log_path.read_text(encoding="utf-8").count("password checked")


async def guess(session: Session, ids, password: str) -> str:
    return texts(await session.run("manage", sign_in_states(ids, "zhangsan", password)))


def test_clearing_streamlit_s_caches_does_not_reset_the_lockout(guarded):
    async def scenario():
        async with Session(guarded.port) as attacker, Session(guarded.port) as anonymous:
            ids = widget_ids(await attacker.run("manage"))
            await anonymous.run("")  # an anonymous visitor on the overview
            said = []
            for _round in range(3):  # 4 guesses → clear → 4 guesses … used to have no limit
                for _ in range(4):
                    said.append(await guess(attacker, ids, f"猜{len(said)}"))
                await anonymous.clear_cache()
            right = await guess(attacker, ids, PASSWORD)
            return said, right

    said, right = run(scenario())
    assert "还可尝试 4 次" in said[0] and "还可尝试 1 次" in said[3]
    assert "已锁定 15 分钟" in said[4]  # the fifth, after a clear-cache
    assert all("已锁定" in s for s in said[4:]) and "已锁定" in right  # the right password waits too
    assert checks(guarded) == 5


def test_twenty_sessions_guessing_at_once_check_at_most_five(guarded):
    async def scenario():
        async with Session(guarded.port) as first:
            ids = widget_ids(await first.run("manage"))
        sessions = [Session(guarded.port) for _ in range(20)]
        for s in sessions:
            await s.__aenter__()
            await s.run("manage")
        try:
            return await asyncio.gather(*(guess(s, ids, f"并发{n}") for n, s in enumerate(sessions)))
        finally:
            for s in sessions:
                await s.__aexit__(None, None, None)

    said = run(scenario())
    assert len(said) == 20 and not any("已登录" in s for s in said)
    assert sum("已锁定" in s for s in said) >= 15
    assert checks(guarded) == 5  # exactly the limit: each of the first five counted before its check
