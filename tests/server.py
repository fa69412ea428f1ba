"""One `streamlit run` on a free port, and Debian's Chromium — shared by the browser tests and bench/."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`streamlit run script` on a free port, on `data_dir` or on a temporary copy of the default data.

    Output goes to `log_dir/streamlit-PORT.log` when given (tests keep it for failures); the benches
    discard it.
    """

    def __init__(self, data_dir: Path | None = None, script: str = "app.py", extra_env: dict | None = None,
                 extra_args: list[str] | None = None, log_dir: Path | None = None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._copy = None
        if data_dir is None and script == "app.py":  # the default data, copied: the store writes into its folder
            self._copy = Path(tempfile.mkdtemp(prefix="tongxin-default-"))
            data_dir = self._copy / "data"
            shutil.copytree(PROJECT / "data", data_dir, ignore=shutil.ignore_patterns(".tongxin"))
        env = dict(os.environ, **(extra_env or {}))
        env.pop("TONGXIN_DATA_DIR", None)
        if data_dir is not None:
            env["TONGXIN_DATA_DIR"] = str(data_dir)
        self.log_path = log_dir / f"streamlit-{self.port}.log" if log_dir else None
        self.log = open(self.log_path, "w") if log_dir else None  # noqa: SIM115
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", script, "--server.headless=true",
             f"--server.port={self.port}", "--server.address=127.0.0.1", "--browser.gatherUsageStats=false",
             *(extra_args or [])],
            cwd=PROJECT, env=env, stdout=self.log or subprocess.DEVNULL, stderr=subprocess.STDOUT,
        )
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"{script} did not start on port {self.port}")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        if self.log:
            self.log.close()
        if self._copy is not None:
            shutil.rmtree(self._copy, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()
