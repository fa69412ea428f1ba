"""Editor accounts: salted hashes, constant-time checks, lockout after five failures."""

from __future__ import annotations

import subprocess
import sys

from tests import datasets as d
from tongxin import auth

FAST = dict(n=2**10)  # scrypt cost lowered for tests only


def test_hashes_are_salted_and_verify():
    one, two = auth.hash_password("正确的密码123", **FAST), auth.hash_password("正确的密码123", **FAST)
    assert one != two and one.startswith("scrypt$1024$8$1$")
    assert auth.verify_password("正确的密码123", one) and not auth.verify_password("错误的密码", one)
    assert not auth.verify_password("x", "not-a-hash") and not auth.verify_password("x", "md5$1$2$3$4$5")


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def accounts():
    return {"zhangsan": auth.Account("zhangsan", "张三", auth.hash_password("正确的密码123", **FAST))}


def test_five_failures_lock_the_account_for_fifteen_minutes():
    clock = Clock()
    guard = auth.Guard(clock=clock)
    for left in (4, 3, 2, 1):
        result = guard.sign_in(accounts(), "zhangsan", "错")
        assert not result.ok and f"还可尝试 {left} 次" in result.message
    assert "已锁定 15 分钟" in guard.sign_in(accounts(), "zhangsan", "错").message
    locked = guard.sign_in(accounts(), "zhangsan", "正确的密码123")  # even the right password waits
    assert not locked.ok and "已锁定" in locked.message
    clock.now += 15 * 60 + 1
    assert guard.sign_in(accounts(), "zhangsan", "正确的密码123").ok


def test_unknown_user_gets_the_same_answer_as_a_wrong_password():
    guard = auth.Guard()
    wrong_user = guard.sign_in(accounts(), "lisi", "正确的密码123").message
    wrong_password = auth.Guard().sign_in(accounts(), "zhangsan", "错").message
    assert wrong_user == wrong_password == "用户名或密码不正确（还可尝试 4 次）。"


def test_success_resets_the_count():
    guard = auth.Guard()
    for _ in range(4):
        guard.sign_in(accounts(), "zhangsan", "错")
    assert guard.sign_in(accounts(), "zhangsan", "正确的密码123").ok
    assert "还可尝试 4 次" in guard.sign_in(accounts(), "zhangsan", "错").message


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
