from __future__ import annotations

import pytest

from tests import datasets as d
from tongxin import load
from tongxin.export import ExportRequest, build

EXPORTED_ON = "2026-11-26"


@pytest.fixture(scope="session")
def default_dataset():
    return load.load_dataset(d.DEFAULT_DATA)


@pytest.fixture(scope="session")
def pack_files(default_dataset):
    """The whole meeting pack of the default data, built once for the session, unzipped."""
    import io
    import zipfile

    files = build("zip", ExportRequest(default_dataset, "犍为县政协", exported_on=EXPORTED_ON))
    (name, content), = files.items()
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return name, {n: archive.read(n) for n in archive.namelist()}


# (a leading tab or CR cannot reach an export from data: the loader trims cells; sheets.neutralise
# still covers them, tested directly)
HOSTILE_NOTES = ["=1+1", "@A1", "-2+3", '=HYPERLINK("http://example.org","点我")', "+SUM(A1:A2)"]


def hostile_tables() -> dict[str, str]:
    rows = [d.observation("topics", 2020 + i, str(i + 1), start=2020 + i) for i in range(len(HOSTILE_NOTES))]
    observations = d.OBSERVATIONS_HEADER + "\n" + "\n".join(
        row + '"' + note.replace('"', '""') + '"' for row, note in zip(rows, HOSTILE_NOTES)
    ) + "\n"
    return {**d.MINI, "observations.csv": d.MINI["observations.csv"] + observations.split("\n", 1)[1]}
