"""Editor accounts: salted hashes, constant-time checks, lockout after five failures."""

from __future__ import annotations

import subprocess
import sys
import threading
import time

import pytest

from tests import datasets as d
from tongxin import auth, store
from tongxin.db import StoreFault

FAST = dict(n=2**10)  # scrypt cost lowered for tests only


def test_hashes_are_salted_and_verify():
    one, two = auth.hash_password("正确的密码123", **FAST), auth.hash_password("正确的密码123", **FAST)
    assert one != two and one.startswith("scrypt$1024$8$1$")
    assert auth.verify_password("正确的密码123", one) and not auth.verify_password("错误的密码", one)
    assert not auth.verify_password("x", "not-a-hash") and not auth.verify_password("x", "md5$1$2$3$4$5")


class Clock:
    def __init__(self):
        self.now = 1_800_000_000.0

    def __call__(self):
        return self.now


def accounts():
    return {"zhangsan": auth.Account("zhangsan", "张三", HASH)}


HASH = auth.hash_password("正确的密码123", **FAST)


@pytest.fixture
def attempts(tmp_path, database):
    """Where sign-in attempts are counted: the store of a data folder (SQLite or PostgreSQL)."""
    return store.Store(d.default_copy(tmp_path / "data").resolve(), database)


def test_five_failures_lock_the_account_for_fifteen_minutes(attempts):
    clock = Clock()
    for left in (4, 3, 2, 1):
        result = auth.sign_in(attempts, accounts(), "zhangsan", "错", clock)
        assert not result.ok and f"还可尝试 {left} 次" in result.message
    assert "已锁定 15 分钟" in auth.sign_in(attempts, accounts(), "zhangsan", "错", clock).message
    locked = auth.sign_in(attempts, accounts(), "zhangsan", "正确的密码123", clock)  # even the right password waits
    assert not locked.ok and "已锁定" in locked.message
    clock.now += 15 * 60 + 1
    assert auth.sign_in(attempts, accounts(), "zhangsan", "正确的密码123", clock).ok


def test_failures_older_than_the_window_are_forgotten(attempts):
    clock = Clock()
    for _ in range(4):
        auth.sign_in(attempts, accounts(), "zhangsan", "错", clock)
    clock.now += 16 * 60
    assert "还可尝试 4 次" in auth.sign_in(attempts, accounts(), "zhangsan", "错", clock).message


def test_unknown_user_gets_the_same_answer_as_a_wrong_password(attempts):
    wrong_user = auth.sign_in(attempts, accounts(), "lisi", "正确的密码123").message
    wrong_password = auth.sign_in(attempts, accounts(), "zhangsan", "错").message
    assert wrong_user == wrong_password == "用户名或密码不正确（还可尝试 4 次）。"


def test_success_resets_the_count(attempts):
    for _ in range(4):
        auth.sign_in(attempts, accounts(), "zhangsan", "错")
    assert auth.sign_in(attempts, accounts(), "zhangsan", "正确的密码123").ok
    assert "还可尝试 4 次" in auth.sign_in(attempts, accounts(), "zhangsan", "错").message


def test_the_count_is_shared_by_every_store_object_of_the_database(attempts):
    """Another session, another process or (PostgreSQL) another server sees the same count."""
    for _ in range(3):
        auth.sign_in(attempts, accounts(), "zhangsan", "错")
    other = store.Store(attempts.folder, attempts.url)
    assert "还可尝试 1 次" in auth.sign_in(other, accounts(), "zhangsan", "错").message


def test_twenty_parallel_wrong_guesses_check_at_most_five_passwords(attempts, monkeypatch):
    """Issue 10: 20 sessions guessing at once got 60 passwords checked before the lock."""
    checked = []
    real = auth.verify_password
    monkeypatch.setattr(auth, "verify_password", lambda p, h: checked.append(p) or real(p, h))
    start = threading.Barrier(20)
    results = []

    def guess(n):
        start.wait()
        results.append(auth.sign_in(attempts, accounts(), "zhangsan", f"猜{n}"))

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(checked) == 5, len(checked)
    assert sum("已锁定" in r.message for r in results) == 16  # the fifth says so too
    assert not any(r.ok for r in results)
    assert not auth.sign_in(attempts, accounts(), "zhangsan", "正确的密码123").ok


GUESSER = """
import sys, time
from pathlib import Path
from tongxin import auth, store
folder, url, start, n, hashed = sys.argv[1], sys.argv[2] or None, float(sys.argv[3]), sys.argv[4], sys.argv[5]
opened = store.open(folder, url)
opened.head()  # connect before the start line
checked = []
real = auth.verify_password
auth.verify_password = lambda p, h: checked.append(1) or real(p, h)
time.sleep(max(0.0, start - time.time()))
result = auth.sign_in(opened, {"zhangsan": auth.Account("zhangsan", "张三", hashed)}, "zhangsan", "猜" + n)
print(len(checked), result.ok)
"""


def test_twenty_processes_guessing_at_once_check_at_most_five_passwords(attempts):
    attempts.head()  # the database exists before the guessers start
    start = time.time() + 4
    guessers = [subprocess.Popen([sys.executable, "-c", GUESSER, str(attempts.folder), attempts.url or "", str(start),
                                  str(n), HASH], cwd=d.PROJECT, stdout=subprocess.PIPE, text=True)
                for n in range(20)]
    outputs = [g.communicate(timeout=60)[0].split() for g in guessers]
    assert all(g.returncode == 0 for g in guessers)
    assert sum(int(out[0]) for out in outputs) == 5, outputs
    assert not any(out[1] == "True" for out in outputs)


def test_a_store_that_cannot_count_refuses_without_checking(monkeypatch, attempts):
    checked = []
    monkeypatch.setattr(auth, "verify_password", lambda p, h: checked.append(p) or True)

    def down(*args, **kwargs):
        raise StoreFault("db_down", "数据库暂时无法连接。")

    monkeypatch.setattr(attempts, "record_attempt", down)
    result = auth.sign_in(attempts, accounts(), "zhangsan", "正确的密码123")
    assert not result.ok and result.message == "暂时无法登录：登录需要记录每一次尝试，现在记录不了。数据库暂时无法连接。"
    assert checked == []


def test_accounts_from_secrets():
    found = auth.accounts_from({"tongxin": {"editors": {"zhangsan": {"name": "张三", "password_hash": "scrypt$x"},
                                                         "broken": {"name": "无密码"}}}})
    assert list(found) == ["zhangsan"] and found["zhangsan"].name == "张三"
    assert auth.accounts_from({}) == {} and auth.accounts_from(None) == {}


def test_hash_password_command_prints_a_secrets_block():
    result = subprocess.run([sys.executable, "-m", "tongxin", "hash-password", "--username", "zhangsan", "--name", "张三",
                             "--stdin"], input="正确的密码123\n", capture_output=True, text=True, cwd=d.PROJECT)
    assert result.returncode == 0, result.stderr
    import tomllib

    parsed = tomllib.loads(result.stdout)
    account = auth.accounts_from(parsed)["zhangsan"]
    assert account.name == "张三" and auth.verify_password("正确的密码123", account.password_hash)
    short = subprocess.run([sys.executable, "-m", "tongxin", "hash-password", "--username", "x", "--stdin"],
                           input="123\n", capture_output=True, text=True, cwd=d.PROJECT)
    assert short.returncode == 1 and "至少 8 位" in short.stderr


def test_an_administrator_unlocks_a_locked_account(attempts):
    """t10 finding 13: the lock message says 联系管理员, but there was no way for one to unlock."""
    import os

    for _ in range(auth.MAX_FAILURES):
        auth.sign_in(attempts, accounts(), "zhangsan", "错")
    assert not auth.sign_in(attempts, accounts(), "zhangsan", "正确的密码123").ok
    env = {**os.environ, "PYTHONPATH": str(d.PROJECT)}
    env.pop("TONGXIN_DATABASE_URL", None)
    if attempts.url:
        env["TONGXIN_DATABASE_URL"] = attempts.url

    def unlock() -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "tongxin", "unlock", "zhangsan", "--data", str(attempts.folder)],
                              capture_output=True, text=True, cwd=d.PROJECT, env=env)

    done = unlock()
    assert done.returncode == 0 and "已解除 zhangsan 的锁定（此前连续 5 次密码错误）" in done.stdout, done.stderr
    assert auth.sign_in(attempts, accounts(), "zhangsan", "正确的密码123").ok
    again = unlock()
    assert again.returncode == 0 and "zhangsan 没有被锁定" in again.stdout


def test_sign_in_log_lines_name_the_client(attempts, caplog):
    caplog.set_level("INFO", logger="tongxin.auth")
    auth.sign_in(attempts, accounts(), "zhangsan", "错", client="203.0.113.7 (X-Forwarded-For: 198.51.100.2)")
    (line,) = [r.getMessage() for r in caplog.records if r.name == "tongxin.auth"]
    assert line == "sign-in 'zhangsan' from 203.0.113.7 (X-Forwarded-For: 198.51.100.2): password checked, wrong (attempt 1)"
