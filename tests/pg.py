"""A throwaway PostgreSQL server for the tests: Debian's `postgresql` binaries (installed by
`scripts/system-deps.sh dev`), a new cluster in a temporary folder, a Unix socket only, run as a
non-root user when the tests run as root (PostgreSQL refuses to run as root; CI runs as root)."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

from tests.server import free_port


def binaries() -> Path | None:
    """The newest installed PostgreSQL bin folder (/usr/lib/postgresql/<version>/bin)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    return Path(found[-1]).parent if found else None


class Postgres:
    """`Postgres()` starts a server; `create_database()` gives a fresh database URL; `stop()`."""

    def __init__(self):
        self.bin = binaries()
        if self.bin is None:
            raise RuntimeError("找不到 PostgreSQL（/usr/lib/postgresql/*/bin）：请先运行 make test（会运行 "
                               "scripts/system-deps.sh dev 安装 postgresql）")
        self.root = Path(tempfile.mkdtemp(prefix="tongxin-pg-"))
        self.root.chmod(0o755)  # the server's user must reach its folder
        self.user = None
        if os.geteuid() == 0:
            self.user = "postgres" if _exists("postgres") else "nobody"
            shutil.chown(self.root, self.user)
        self.data = self.root / "cluster"
        self.port = free_port()
        self._run([self.bin / "initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "--encoding=UTF8",
                   "--locale=C", "--no-sync"])
        options = (f"-k {self.root} -p {self.port} -c listen_addresses='' -c fsync=off -c synchronous_commit=off "
                   "-c full_page_writes=off -c max_connections=300")
        self._run([self.bin / "pg_ctl", "-D", self.data, "-o", options, "-l", self.root / "server.log", "-w",
                   "-t", "60", "start"])

    def _run(self, command, **kwargs) -> subprocess.CompletedProcess:
        return subprocess.run([str(c) for c in command], check=True, capture_output=True, user=self.user,
                              cwd=self.root, **kwargs)

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@/{database}?host={self.root}&port={self.port}"

    def create_database(self) -> str:
        import psycopg

        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(host=str(self.root), port=self.port, user="postgres", dbname="postgres",
                             autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    @staticmethod
    def name(url: str) -> str:
        """The database name in one of our URLs."""
        return url.split("@/", 1)[1].split("?", 1)[0]

    def drop_database(self, url: str) -> None:
        import psycopg

        name = self.name(url)
        with psycopg.connect(host=str(self.root), port=self.port, user="postgres", dbname="postgres",
                             autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def pg_ctl(self, action: str) -> None:
        """stop / start the server (a database that is down, and back)."""
        if action == "start":
            options = (f"-k {self.root} -p {self.port} -c listen_addresses='' -c fsync=off "
                       "-c synchronous_commit=off -c max_connections=300")
            self._run([self.bin / "pg_ctl", "-D", self.data, "-o", options, "-l", self.root / "server.log", "-w",
                       "start"])
        else:
            self._run([self.bin / "pg_ctl", "-D", self.data, "-m", "fast", "-w", action])

    def tool(self, name: str, *args, **kwargs) -> subprocess.CompletedProcess:
        """Run pg_dump, pg_restore, psql … against this server."""
        return subprocess.run([str(self.bin / name), "-h", str(self.root), "-p", str(self.port), "-U", "postgres",
                               *map(str, args)], check=True, capture_output=True, **kwargs)

    def stop(self) -> None:
        try:
            self._run([self.bin / "pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop"])
        except subprocess.CalledProcessError:
            pass
        shutil.rmtree(self.root, ignore_errors=True)


def _exists(user: str) -> bool:
    try:
        pwd.getpwnam(user)
        return True
    except KeyError:
        return False
