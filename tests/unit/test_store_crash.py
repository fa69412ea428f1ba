"""Crash safety: a process saving in a loop is killed with SIGKILL at random moments, 100 times.
After every kill — before anything repairs the folder — a reader opens the data files *as plain
files* (the way `cp`, Excel or an older `check` would) and finds one whole version, old or new,
never a mix (issue 10: it found a mix in 41 of 100 kills); the plain loader reads it. Then the store
says which version is current, the next sync brings the folder to it, and history is intact."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

from tests import datasets as d
from tongxin import load, maintain, store

KILLS = 100
ROWS = 8_000  # ~0.5 MB per version: saves long enough that kills land inside them

WRITER = """
import sys
from pathlib import Path
from tongxin import store
folder, a, b = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
versions = [{p.name: p.read_bytes() for p in a.iterdir()}, {p.name: p.read_bytes() for p in b.iterdir()}]
opened = store.open(folder)
print("ready", flush=True)
i = 0
while True:
    try:
        opened.save(versions[i % 2], "loop", f"save {i}", base=opened.head().id)
    except store.ConflictError:
        pass
    i += 1
"""


def tagged_dataset(folder, tag: str, orgs: bool):
    """A valid dataset whose every file says which version it is (`tag` in each note/description)."""
    indicators = d.INDICATORS_HEADER + "\n" + "".join(
        f"i{k},指标{k},板块,个,count,版本{tag},,,\n" for k in range(40))
    observations = d.OBSERVATIONS_HEADER + "\n" + "".join(
        f"单位{n // 40},i{n % 40},,2024,,{n % 97},,,s,版本{tag}\n" for n in range(ROWS))
    sources = d.SOURCES_HEADER + f"\ns,报告,某,2024-01-01,,版本{tag}\n"
    files = {"indicators.csv": indicators, "observations.csv": observations, "sources.csv": sources}
    if orgs:
        files["orgs.csv"] = f"name,parent,short_name\n单位0,,版本{tag}\n"
    return d.write(folder, files)


def version_of(files: dict[str, bytes]) -> str:
    found = {tag for tag in ("A", "B") for content in files.values() if f"版本{tag}".encode() in content}
    assert len(found) == 1, f"a mix of versions on disk: {found}"
    return found.pop()


def test_sigkill_at_random_moments_never_leaves_a_mix_on_disk(tmp_path):
    a = tagged_dataset(tmp_path / "a", "A", orgs=True)  # A has the optional orgs.csv, B does not
    b = tagged_dataset(tmp_path / "b", "B", orgs=False)
    folder = tmp_path / "data"
    folder.mkdir()
    for name in store.REQUIRED_FILES:
        (folder / name).write_bytes((a / name).read_bytes())
    opened = store.open(folder)
    maintain.sync(opened)  # the first version: A without orgs.csv (a third, valid state)
    expected = {"A": {p.name: p.read_bytes() for p in a.iterdir()}, "B": {p.name: p.read_bytes() for p in b.iterdir()}}
    expected["A0"] = {n: expected["A"][n] for n in store.REQUIRED_FILES}
    rng = random.Random(20261126)
    outcomes = {"A": 0, "B": 0, "A0": 0}
    caught_up = 0  # kills after a commit but before the folder's switch
    for _ in range(KILLS):
        writer = subprocess.Popen([sys.executable, "-c", WRITER, str(folder), str(a), str(b)], cwd=d.PROJECT,
                                  stdout=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(d.PROJECT)})
        assert writer.stdout.readline().strip() == b"ready"
        time.sleep(rng.uniform(0, 0.25))
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait()

        # 1. The folder as plain files, before anything repairs it: one whole version.
        on_disk = {}
        for name in store.DATA_FILES:
            if os.path.exists(folder / name):
                with open(folder / name, "rb") as handle:
                    on_disk[name] = handle.read()
        tag = version_of(on_disk)
        state = next(k for k, files in expected.items() if files == on_disk)
        assert state.startswith(tag)
        outcomes[state] += 1
        dataset, problems = load.read_dataset(folder)  # the plain loader, reading the folder directly
        assert dataset is not None, problems[:3]

        # 2. The store: the current version is old or new; the next sync shows it in the folder.
        head = opened.head()
        head_files = opened.files(head.id)
        assert head_files in expected.values()
        caught_up += head_files != on_disk
        current = maintain.sync(opened)
        assert current.fault is None and current.rejected is None and current.version.id == head.id
        assert opened.read_folder() == head_files
    history = opened.history()
    for version in history:  # every listed version is whole
        assert store.digest(opened.files(version.id)) == version.digest
    assert outcomes["A"] > 5 and outcomes["B"] > 5, outcomes  # kills landed on both sides of a swap
    assert len(history) > KILLS / 2
    print(f"outcomes {outcomes}, caught up after a commit: {caught_up}")
