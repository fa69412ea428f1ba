"""The database under the store: which database, its tables, one transaction per write, and what
a failure means in words an editor understands.

What belongs here: SQLAlchemy engines (one per database, per process), the schema, the two kinds of
transaction (`reading`, `writing`), and `fault_from`, which turns an OSError or a driver error into
a `StoreFault` with a Chinese message. What the rows mean (versions, head, sign-in failures) is
`store`'s business.

Which database (DESIGN "store.py"):
- `TONGXIN_DATABASE_URL` unset: SQLite in `<data folder>/.tongxin/store.sqlite` — nothing to install
  or start. Rollback-journal mode, not WAL: a WAL database cannot be read from a read-only folder,
  and a read-only folder must keep showing its data.
- `TONGXIN_DATABASE_URL=postgresql://user:pass@host/db` — several app servers share one database
  (psycopg 3; `postgresql://` and `postgres://` are read as `postgresql+psycopg://`).

Writes serialise on the database, not on files: SQLite writers open `BEGIN IMMEDIATE` (one writer at
a time, readers unaffected until the commit); PostgreSQL writers lock the row they change
(`SELECT … FOR UPDATE`, which SQLite's dialect leaves out). The same code runs on both.
"""

from __future__ import annotations

import contextlib
import errno
import os
import threading
from pathlib import Path

from sqlalchemy import (
    BigInteger,
    Column,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
    exc,
    select,
    text,
)
from sqlalchemy.engine import Connection, Engine, make_url

DATABASE_URL_ENV = "TONGXIN_DATABASE_URL"
STATE = ".tongxin"  # the store's own folder inside a data folder
SQLITE_NAME = "store.sqlite"
SCHEMA_VERSION = 1

metadata = MetaData()

# File contents, stored once however many versions share them (a save that changes one table keeps
# the other tables' blobs). `digest` is the SHA-256 of `content`.
blobs = Table(
    "blobs", metadata,
    Column("digest", String(64), primary_key=True),
    Column("size", BigInteger, nullable=False),
    Column("content", LargeBinary, nullable=False),
)
# Every version ever current, in the order it became current (ids grow with each commit).
versions = Table(
    "versions", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("saved_at", String(40), nullable=False),  # ISO 8601, local time with its UTC offset
    Column("who", Text, nullable=False),
    Column("summary", Text, nullable=False),
    Column("digest", String(64), nullable=False, index=True),  # store.digest of its files
    Column("base_id", Integer, nullable=True),  # the version the edit started from
    Column("origin", String(16), nullable=False),  # store.ORIGINS
)
version_files = Table(
    "version_files", metadata,
    Column("version_id", Integer, ForeignKey("versions.id"), primary_key=True),
    Column("name", String(64), primary_key=True),
    Column("blob", String(64), ForeignKey("blobs.digest"), nullable=False),
)
# One row (slot 1): the current version. Moved only by a write that saw it at the edit's base.
head = Table(
    "head", metadata,
    Column("slot", Integer, primary_key=True),
    Column("version_id", Integer, ForeignKey("versions.id"), nullable=True),
)
# Which version each data folder's readable copy was last brought to (a folder is host:path), so a
# file that differs from it was changed by hand there, and a folder new to this database is not.
folders = Table(
    "folders", metadata,
    Column("key", Text, primary_key=True),
    Column("version_id", Integer, nullable=True),
    Column("digest", String(64), nullable=True),
    Column("synced_at", String(40), nullable=False),
)
sign_in_failures = Table(
    "sign_in_failures", metadata,
    Column("username", String(200), primary_key=True),
    Column("failures", Integer, nullable=False),  # attempts recorded since the last success or lock end
    Column("locked_until", Float, nullable=False),  # epoch seconds; 0 = not locked
    Column("last_attempt", Float, nullable=False),  # epoch seconds
)
settings = Table(
    "settings", metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)


# --- which database --------------------------------------------------------------------------------


def configured_url() -> str | None:
    """$TONGXIN_DATABASE_URL, normalised for SQLAlchemy, or None (SQLite in the data folder)."""
    url = os.environ.get(DATABASE_URL_ENV, "").strip()
    return normalise_url(url) if url else None


def normalise_url(url: str) -> str:
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def sqlite_path(folder: Path) -> Path:
    return folder / STATE / SQLITE_NAME


def sqlite_url(path: Path, read_only: bool = False) -> str:
    if read_only:  # no journal is ever created, so a read-only folder stays readable
        return f"sqlite+pysqlite:///file:{path}?mode=ro&uri=true"
    return f"sqlite+pysqlite:///{path}"


def shown_url(url: str) -> str:
    """The URL with its password hidden, for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except exc.ArgumentError:
        return "（无法解析的数据库地址）"


# --- engines -----------------------------------------------------------------------------------------

_engines: dict[str, Engine] = {}
_ready: set[str] = set()
_lock = threading.Lock()


def engine(url: str) -> Engine:
    """One engine per database URL in this process (kept here, not in a Streamlit cache: clearing
    Streamlit's caches must not reach the store)."""
    with _lock:
        found = _engines.get(url)
        if found is None:
            found = _engines[url] = _create(url)
        return found


def _create(url: str) -> Engine:
    if url.startswith("sqlite"):
        created = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

        @event.listens_for(created, "connect")
        def _connect(dbapi_connection, _record):
            dbapi_connection.isolation_level = None  # we emit BEGIN ourselves (below)
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        @event.listens_for(created, "begin")
        def _begin(connection):
            write = connection.get_execution_options().get("tongxin_write")
            connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

        return created
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10,
                         connect_args={"connect_timeout": 5})


def dispose_all() -> None:
    """Close every pooled connection (tests that stop a database server; forked processes)."""
    with _lock:
        for found in _engines.values():
            found.dispose()
        _engines.clear()
        _ready.clear()


def forget(url: str) -> None:
    """Close and drop one database's engine (a database that was deleted, a backup folder moved)."""
    with _lock:
        found = _engines.pop(url, None)
        _ready.discard(url)
    if found is not None:
        found.dispose()


def ensure_schema(url: str) -> None:
    """Create the tables once (idempotent, safe when several processes start at once)."""
    if url in _ready:
        return
    eng = engine(url)
    with writing(eng) as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(4407117)"))  # one creator at a time
        metadata.create_all(conn)
        if conn.execute(select(head.c.slot)).first() is None:
            conn.execute(head.insert().values(slot=1, version_id=None))
        if conn.execute(select(settings.c.value).where(settings.c.key == "schema_version")).first() is None:
            conn.execute(settings.insert().values(key="schema_version", value=str(SCHEMA_VERSION)))
    _ready.add(url)


def has_schema(url: str) -> bool:
    """True if the database already holds the store's tables (a read-only database is never created)."""
    if url in _ready:
        return True
    with reading(engine(url)) as conn:
        found = conn.dialect.has_table(conn, "head")
    if found:
        _ready.add(url)
    return found


@contextlib.contextmanager
def reading(eng: Engine):
    """A read transaction: a consistent view of the store for its duration."""
    with eng.connect() as conn, conn.begin():
        yield conn


@contextlib.contextmanager
def writing(eng: Engine):
    """One write transaction: everything in it commits together or not at all."""
    with eng.connect() as conn:
        conn.execution_options(tongxin_write=True)
        with conn.begin():
            yield conn


def insert_missing(conn: Connection, table: Table, rows: list[dict]) -> None:
    """INSERT … ON CONFLICT DO NOTHING on either database (blobs that are already stored)."""
    if not rows:
        return
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    for row in rows:  # one row per statement: a blob may be tens of megabytes
        conn.execute(insert(table).values(**row).on_conflict_do_nothing())


# --- faults ------------------------------------------------------------------------------------------


class StoreFault(Exception):
    """Something outside the app stopped a read or a write: the disk, the folder, the database.

    `kind` is one of disk_full, read_only, permission, not_a_file, link_loop, db_down, io;
    `message` says in Chinese what happened and what to do; `name` is the file concerned (a
    name inside the data folder, never an absolute path)."""

    KINDS = ("disk_full", "read_only", "permission", "not_a_file", "link_loop", "db_down", "io")

    def __init__(self, kind: str, message: str, name: str = ""):
        if kind not in self.KINDS:
            raise ValueError(kind)
        super().__init__(message)
        self.kind, self.message, self.name = kind, message, name

    def __str__(self) -> str:
        return self.message


def _what(name: str) -> str:
    return f"数据文件夹中的 {name} " if name else "数据文件夹"


def fault_from(error: BaseException, name: str = "", writing_data: bool = True) -> StoreFault | None:
    """The StoreFault an OSError or database error means, or None if it means a bug.

    `writing_data`: the message says the change was not saved (a save) or only what is wrong (a read)."""
    if isinstance(error, StoreFault):
        return error
    not_saved = "本次修改没有保存，现有数据不受影响。" if writing_data else ""
    if isinstance(error, OSError):
        code = error.errno
        if code in (errno.ENOSPC, errno.EDQUOT):
            return StoreFault("disk_full", f"磁盘空间已满，{not_saved}请管理员清理服务器磁盘（或扩容）后再试。", name)
        if code == errno.EROFS:
            return StoreFault("read_only", f"{_what('')}所在的磁盘是只读的，看板不能写入。{not_saved}"
                                           "请管理员把数据文件夹放在可写的磁盘上。", name)
        if code in (errno.EACCES, errno.EPERM):
            return StoreFault("permission", f"看板没有读写{_what(name)}的权限。{not_saved}"
                                            "请管理员检查该文件夹及其中文件的所有者和权限（运行看板的用户需要读写权限）。", name)
        if code == errno.EISDIR:
            return StoreFault("not_a_file", f"{_what(name)}应该是一个文件，现在却是一个文件夹。{not_saved}"
                                            "请管理员把这个文件夹移走或改名。", name)
        if code == errno.ELOOP:
            # ELOOP: the link leads back to itself, directly or through other links (t10 finding 11).
            return StoreFault("link_loop", f"{_what(name)}是一个循环的链接（符号链接经过一个或几个链接后又指回自己），"
                                           f"无法读取。{not_saved}请管理员删除这个链接，以及它所指向的、互相指向的其他链接。",
                              name)
        if code == errno.ENOTDIR:
            return StoreFault("not_a_file", f"{_what(name)}的路径中有一个文件占据了文件夹的位置。{not_saved}"
                                            "请管理员检查数据文件夹。", name)
        return StoreFault("io", f"读写{_what(name)}时出错（{os.strerror(code) if code else error}）。{not_saved}"
                                "请管理员检查服务器磁盘。", name)
    if isinstance(error, exc.DBAPIError):
        detail = str(getattr(error, "orig", error)).lower()
        if "full" in detail or "no space" in detail or getattr(getattr(error, "orig", None), "sqlstate", "") == "53100":
            return StoreFault("disk_full", f"磁盘空间已满，{not_saved}请管理员清理服务器磁盘（或扩容）后再试。")
        if "readonly" in detail or "read-only" in detail or "read only" in detail:
            return StoreFault("read_only", f"数据库是只读的（数据文件夹或其所在磁盘不可写），看板不能写入。{not_saved}"
                                           "请管理员检查数据文件夹的权限。")
        if "unable to open database" in detail or "permission" in detail:
            return StoreFault("permission", f"看板无法打开或写入数据库（{STATE}/{SQLITE_NAME}）。{not_saved}"
                                            "请管理员检查数据文件夹及其中 .tongxin 文件夹的权限。")
        if isinstance(error, (exc.OperationalError, exc.InterfaceError)):
            return StoreFault("db_down", f"数据库暂时无法连接。{not_saved}看板仍显示最近一次读到的数据；"
                                         "请管理员检查数据库服务器是否在运行。")
        return StoreFault("io", f"数据库出错（{type(getattr(error, 'orig', error)).__name__}）。{not_saved}"
                                "请管理员查看服务器日志。")
    return None
