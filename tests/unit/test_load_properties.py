"""Property tests: whatever is typed into a cell or a file, the loader answers with a dataset or
with problems — never a traceback, never a silently changed number."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from tests import datasets as d
from tongxin import load, schema
from tongxin.read import cells


@given(st.text(max_size=12), st.sampled_from(["rate", "count", "amount", None]))
def test_value_parser_accepts_or_rejects_never_crashes(text, kind):
    try:
        number, qualifier = cells.value(text, kind)
    except cells.Reject as r:
        assert r.message
        return
    assert math.isfinite(number) and qualifier in schema.QUALIFIERS


@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_plain_numbers_round_trip(number):
    text = format(number, "f")
    assert cells.value(text, "amount") == (float(text), "")


@given(st.integers(min_value=1000, max_value=10**12))
def test_thousands_separators_round_trip(number):
    assert cells.value(f"{number:,}", "count") == (number, "")


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_as_a_table_give_problems_not_exceptions(data):
    files = {name: text.encode() for name, text in d.MINI.items()}
    files["observations.csv"] = data
    dataset, problems = load.read_files(files)
    assert dataset is not None or problems
    for p in problems:
        assert p.file and p.message


@settings(max_examples=60, deadline=None)
# what can be typed into a cell: any character but surrogates and control characters (a file with NUL
# bytes is not text at all — test_any_bytes_as_a_table_give_problems_not_exceptions)
@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=["Cs", "Cc"]), max_size=8), min_size=10, max_size=10))
def test_any_observation_row_gives_a_dataset_or_located_problems(row_cells):
    row = ",".join('"' + c.replace('"', '""') + '"' for c in row_cells)
    files = {name: text.encode() for name, text in d.MINI.items()}
    files["observations.csv"] = (d.MINI["observations.csv"] + row + "\n").encode()
    dataset, problems = load.read_files(files)
    errors = [p for p in problems if p.severity == "error"]
    appended = 9  # the spreadsheet row of the row under test (header 1, MINI's seven figures 2–8)
    if dataset is None:
        # refused: only because of the appended row, and every error names that row in observations.csv
        assert errors
        assert all(p.file == "observations.csv" and p.row == appended for p in errors), [str(p) for p in errors]
    else:
        assert not errors
        # accepted: the row became a figure, or it is no figure (a gap, a total) and a notice says why
        if all(cells.is_blank(c) for c in row_cells):
            assert len(dataset.observations) == 7  # a trailing empty row: nothing to read, nothing to say
        elif len(dataset.observations) == 7:
            assert any(p.severity == "notice" and p.row == appended for p in problems), [str(p) for p in problems]
        else:
            assert len(dataset.observations) == 8
