"""Editor accounts: salted scrypt password hashes, constant-time checks, and a lockout: five
attempts within fifteen minutes lock the account for fifteen minutes.

Accounts come from `.streamlit/secrets.toml` (see `.streamlit/secrets.toml.example`); the hash is
made by `python -m tongxin hash-password`. Nothing here imports Streamlit: the page passes the
accounts in. Attempts are counted in the store's database (`Store.record_attempt`) — shared by every
session, process and server, untouched by Streamlit's cache clearing — and each attempt is counted
*before* its password is checked, so N guesses at the same moment check at most MAX_FAILURES
passwords (issue 10). Every attempt is logged (logger `tongxin.auth`) without the password.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import secrets
import time
from dataclasses import dataclass

from .db import StoreFault

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


def sign_in(store, accounts: dict[str, Account], username: str, password: str, clock=time.time,
            client: str = "") -> SignIn:
    """Check a sign-in. `store`: the data folder's `tongxin.store.Store` (where attempts are counted).
    `client`: where the attempt came from (the browser's address, and a proxy's X-Forwarded-For),
    written in every log line so an administrator can see who is guessing (t10 finding 13).

    The attempt is recorded first; a locked account, or a store that cannot record it (database
    down, read-only folder), is refused without checking the password."""
    global _DUMMY
    username = username.strip()
    where = client or "unknown address"
    try:
        attempt = store.record_attempt(username, clock(), MAX_FAILURES, LOCKOUT_SECONDS)
    except StoreFault as fault:
        _log.warning("sign-in %r from %s refused: attempts cannot be recorded (%s)", username, where, fault.kind)
        return SignIn(False, f"暂时无法登录：登录需要记录每一次尝试，现在记录不了。{fault.message}")
    if not attempt.allowed:
        minutes = max(1, round((attempt.locked_until - clock()) / 60))
        _log.warning("sign-in %r from %s refused: locked for %d more minutes", username, where, minutes)
        return SignIn(False, f"该账号连续 {MAX_FAILURES} 次密码错误，已锁定，请约 {minutes} 分钟后再试，"
                              "或联系管理员解锁（python -m tongxin unlock 用户名）。")
    account = accounts.get(username)
    if account is None:
        _DUMMY = _DUMMY or hash_password("never a password")
        verify_password(password, _DUMMY)  # a wrong name takes as long as a wrong password
        ok = False
    else:
        ok = verify_password(password, account.password_hash)
    _log.info("sign-in %r from %s: password checked, %s (attempt %d)", username, where, "right" if ok else "wrong",
              attempt.failures)
    if ok:
        try:
            store.clear_failures(username)
        except StoreFault:
            pass  # the count ends with the lock window anyway
        return SignIn(True, f"已登录：{account.name}", account)
    if attempt.locked_until:
        return SignIn(False, f"用户名或密码不正确。连续错误 {MAX_FAILURES} 次，该账号已锁定 15 分钟。")
    return SignIn(False, f"用户名或密码不正确（还可尝试 {MAX_FAILURES - attempt.failures} 次）。")


_log = logging.getLogger("tongxin.auth")


def accounts_from(config) -> dict[str, Account]:
    """Accounts from the [tongxin.editors.<username>] tables of secrets.toml."""
    editors = (config or {}).get("tongxin", {}).get("editors", {}) if hasattr(config, "get") else {}
    found = {}
    for username, entry in editors.items():
        if hasattr(entry, "get") and entry.get("password_hash"):
            found[str(username)] = Account(str(username), str(entry.get("name") or username), str(entry["password_hash"]))
    return found
