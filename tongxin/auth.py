"""Editor accounts: salted scrypt password hashes, constant-time checks, and a lockout after five
failed attempts for fifteen minutes.

Accounts come from `.streamlit/secrets.toml` (see `.streamlit/secrets.toml.example`); the hash is
made by `python -m tongxin hash-password`. Nothing here imports Streamlit: the page passes the
accounts in. Failed attempts are counted in this process (one server; see README for replicas).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import threading
import time
from dataclasses import dataclass, field

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
MAX_FAILURES = 5
LOCKOUT_SECONDS = 15 * 60
# Checked when the user name is unknown, so a wrong name takes as long as a wrong password.
_DUMMY = None


def hash_password(password: str, *, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P) -> str:
    """scrypt$N$r$p$salt$hash (salt and hash in base64)."""
    salt = secrets.token_bytes(16)
    key = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=32)
    encode = lambda b: base64.b64encode(b).decode("ascii")  # noqa: E731
    return f"scrypt${n}${r}${p}${encode(salt)}${encode(key)}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, key = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(key)
        actual = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p),
                                dklen=len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


@dataclass(frozen=True)
class Account:
    username: str
    name: str  # shown as who saved a version
    password_hash: str


@dataclass
class SignIn:
    ok: bool
    message: str  # Chinese, for the page
    account: Account | None = None


@dataclass
class Guard:
    """Counts failed attempts per user name and locks a name after MAX_FAILURES."""

    clock: callable = time.monotonic
    _failures: dict = field(default_factory=dict)  # username -> (count, locked_until)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def sign_in(self, accounts: dict[str, Account], username: str, password: str) -> SignIn:
        global _DUMMY
        username = username.strip()
        with self._lock:
            count, locked_until = self._failures.get(username, (0, 0.0))
            now = self.clock()
            if locked_until > now:
                minutes = max(1, round((locked_until - now) / 60))
                return SignIn(False, f"该账号连续 {MAX_FAILURES} 次密码错误，已锁定，请约 {minutes} 分钟后再试，"
                                     "或联系管理员。")
        account = accounts.get(username)
        if account is None:
            _DUMMY = _DUMMY or hash_password("never a password")
            verify_password(password, _DUMMY)
            ok = False
        else:
            ok = verify_password(password, account.password_hash)
        with self._lock:
            if ok:
                self._failures.pop(username, None)
                return SignIn(True, f"已登录：{account.name}", account)
            count = (0 if locked_until and locked_until <= self.clock() else count) + 1
            if count >= MAX_FAILURES:
                self._failures[username] = (0, self.clock() + LOCKOUT_SECONDS)
                return SignIn(False, f"用户名或密码不正确。连续错误 {MAX_FAILURES} 次，该账号已锁定 15 分钟。")
            self._failures[username] = (count, 0.0)
            return SignIn(False, f"用户名或密码不正确（还可尝试 {MAX_FAILURES - count} 次）。")


def accounts_from(config) -> dict[str, Account]:
    """Accounts from the [tongxin.editors.<username>] tables of secrets.toml."""
    editors = (config or {}).get("tongxin", {}).get("editors", {}) if hasattr(config, "get") else {}
    found = {}
    for username, entry in editors.items():
        if hasattr(entry, "get") and entry.get("password_hash"):
            found[str(username)] = Account(str(username), str(entry.get("name") or username), str(entry["password_hash"]))
    return found
