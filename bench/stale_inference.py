"""What finding a CSV's starting version from its content costs (t10 finding 2): the review of a
200,000-row CSV upload with and without `recent` (the latest versions it is compared with), in a
store of five 200,000-row versions, runs interleaved in one process; prints each and the ratio.

    .venv/bin/python -m bench.stale_inference

Target: the review of a 200,000-row input stays within issue 10's 30 s; inference costs at most
one more parse (a version that large is compared with the version before head only).
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from bench.large_inputs import valid_files
from tongxin import maintain, store


def main(runs: int = 3) -> None:
    folder = Path(tempfile.mkdtemp()) / "data"
    folder.mkdir()
    for name, data in valid_files().items():
        (folder / name).write_bytes(data)
    opened = store.open(folder)
    current = maintain.sync(opened).version
    for n in range(4):  # four more versions, one figure changed in each
        files = opened.files(current.id)
        changed = files["observations.csv"].replace(f"o{n},i0,2024,".encode(), f"o{n},i0,2025,".encode(), 1)
        current = opened.save({**files, "observations.csv": changed}, "甲", "改", current.id).version
    head = store.Snapshot(current.id, current.digest, opened.files(current.id))
    upload = {"observations.csv": head.files["observations.csv"].replace(b"o9,i1,2024,", b"o9,i1,2023,", 1)}
    times: dict[str, list[float]] = {"without": [], "with": []}
    for _ in range(runs):
        for label in times:
            start = time.perf_counter()
            recent = maintain.recent_versions(opened, current.id) if label == "with" else None
            proposal = maintain.from_uploads(head, upload, recent=recent)
            times[label].append(time.perf_counter() - start)
            assert proposal.ok and not proposal.stale, proposal.summary
    for label, found in times.items():
        print(f"{label:>8} inference: median {statistics.median(found):.1f} s ({', '.join(f'{t:.1f}' for t in found)})")
    print(f"ratio with/without: {statistics.median(times['with']) / statistics.median(times['without']):.2f}×")


if __name__ == "__main__":
    main()
