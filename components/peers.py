"""Comparisons across orgs on screen: the group an org is compared in (remembered across pages), its
rankings cached per data version (so 2,844 orgs are ranked once, not on every rerun), and the
position sentences 总览 and 三率趋势 show."""

from __future__ import annotations

import hashlib
from pathlib import Path

import streamlit as st

from components.frame import PageContext
from tongxin import compare, narrative
from tongxin.model import Indicator

SCOPE_KEY = "compare_scope"  # the 比较范围 radio on 各单位对比
_CHOSEN = "_tongxin_compare_scope"  # the choice kept for the other pages (a widget's own state is dropped
# by Streamlit when a page without the widget runs)


@st.cache_resource(max_entries=512, show_spinner=False)
def _ranking(fingerprint: str, indicator: str, year: int, orgs_key: str, _orgs: tuple, _dataset):
    try:
        return compare.ranking(_dataset, indicator, year, _orgs)
    except compare.NoComparison as none:
        return none


def ranking(context: PageContext, indicator: str, year: int, orgs) -> compare.Ranking:
    """`compare.ranking` over the whole dataset, cached per data version. Raises NoComparison."""
    orgs = tuple(orgs)
    key = hashlib.sha1("\0".join(orgs).encode()).hexdigest()
    result = _ranking(context.fingerprint, indicator, year, key, orgs, context.dataset)
    if isinstance(result, compare.NoComparison):
        raise result
    return result


def scopes(context: PageContext) -> list[compare.Scope]:
    return compare.scopes(context.dataset, context.org)


def scope(context: PageContext) -> compare.Scope | None:
    """The group the page compares the org in: the one chosen on 各单位对比 (if it still applies), else
    the most specific (the same parent in orgs.csv, else every org). None with a single org."""
    found = scopes(context)
    if not found:
        return None
    chosen = st.session_state.get(_CHOSEN)
    return next((s for s in found if s.id == chosen), found[0])


def remember(scope_id: str) -> None:
    """Keep the group chosen on 各单位对比 for 总览, 三率趋势 and the export page."""
    st.session_state[_CHOSEN] = scope_id


def position(context: PageContext, indicator: Indicator, group: compare.Scope) -> compare.Position | None:
    """Where the org stands in `group` on `indicator`, in the latest year it has a figure within the
    page's years; None when it has none or no other org is comparable."""
    series = context.view.series(indicator.id, context.org)
    if not series:
        return None
    year = series[-1].period_end
    try:
        found = ranking(context, indicator.id, year, group.orgs)
    except compare.NoComparison:
        return None
    entry = found.entry(context.org)
    return compare.Position(found, entry, group.word) if entry else None


def position_sentences(context: PageContext, indicators: list[Indicator]) -> tuple[compare.Scope | None, list[str]]:
    """(the group, one sentence per indicator the org can be placed on) — 2024年委员参与率居第3位…, the group
    named by the page's heading (在乐山市政协的11个县（区）中)."""
    group = scope(context)
    if group is None:
        return None, []
    sentences = []
    for indicator in indicators:
        place = position(context, indicator, group)
        if place is not None:
            # the pages name the group in a heading: not again in each sentence (t1113 finding 13)
            sentences.append(narrative.position_sentence(context.dataset, place, group_said=True))
    return group, sentences


def _stamps(folder: Path) -> tuple:
    """Names, sizes and modification times of the data files: a cheap sign that the data is unchanged
    (a save replaces files, which changes their times)."""
    if folder.is_file():
        found = [folder]
    elif folder.is_dir():
        found = sorted(p for p in folder.iterdir() if p.suffix.lower() in (".csv", ".xlsx", ".xls", ".txt"))
    else:
        return (str(folder),)
    return (str(folder),) + tuple((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in found if p.exists())


@st.cache_resource(max_entries=16, show_spinner=False)
def _many_orgs(stamps: tuple) -> bool:
    from components import data

    loaded = data.current()
    dataset = loaded[0] if isinstance(loaded, tuple) else getattr(loaded, "dataset", None)
    return dataset is not None and len(dataset.orgs()) > 1


def many_orgs() -> bool:
    """Whether the data holds more than one org (the navigation then offers 各单位对比). Runs before the
    frame reads the data: answered once per state of the data files (a stat of each, not a read), so a
    page does not read and hash the data twice. False when the data cannot be read, whatever the fault
    (the frame, inside the app's error handling, shows or logs it)."""
    from components import data

    try:
        stamps = _stamps(data.data_dir())
    except OSError:
        stamps = (str(data.data_dir()), "unreadable")
    try:
        return _many_orgs(stamps)
    except Exception:  # noqa: BLE001 — the navigation never fails: the frame reports what went wrong
        return False
