"""Crash safety: a process saving in a loop is killed with SIGKILL at random moments, 200 times.
After every kill the data loads, equals the old or the new version, and history is intact."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

from tests import datasets as d
from tongxin import load, store

KILLS = 200

WRITER = """
import sys
from tongxin import store
folder, a, b = sys.argv[1], sys.argv[2], sys.argv[3]
versions = [{n: open(f"{a}/{n}", "rb").read() for n in store.FILES}, {n: open(f"{b}/{n}", "rb").read() for n in store.FILES}]
print("ready", flush=True)
i = 0
while True:
    store.save(folder, versions[i % 2], "loop", f"save {i}", base=None)
    i += 1
"""


def test_sigkill_at_random_moments_never_loses_or_mixes_data(tmp_path):
    a = d.write(tmp_path / "a")
    b = d.write(tmp_path / "b", observations=d.with_rows("observations", d.observation("topics", 2024, "99")))
    folder = d.write(tmp_path / "data")
    allowed = {store.read(a).version: "A", store.read(b).version: "B"}
    rng = random.Random(20261126)
    outcomes = {"A": 0, "B": 0}
    interrupted = 0  # kills that left a journal or a half-written history entry to clean up
    for _ in range(KILLS):
        writer = subprocess.Popen([sys.executable, "-c", WRITER, str(folder), str(a), str(b)], cwd=d.PROJECT,
                                  stdout=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(d.PROJECT)})
        assert writer.stdout.readline().strip() == b"ready"
        time.sleep(rng.uniform(0, 0.03))
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait()
        interrupted += store.recover(folder)  # what the app does when it next reads
        snapshot = store.read(folder)
        assert snapshot.version in allowed, "the data is neither the old nor the new version"
        outcomes[allowed[snapshot.version]] += 1
        dataset, problems = load.read_files(snapshot.files)
        assert dataset is not None, problems
        for version in store.history(folder):  # every listed version is whole and loadable
            files = version.files(folder)
            assert store.digest(files) == version.digest
    assert min(outcomes.values()) > 0, outcomes  # kills landed on both sides of a swap
    assert interrupted > 0  # and some in the middle of one
    assert len(store.history(folder)) > KILLS / 2
