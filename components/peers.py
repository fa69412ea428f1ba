"""Comparisons across orgs on screen: the group an org is compared in (remembered across pages), its
rankings cached per data version (so 2,844 orgs are ranked once, not on every rerun), and the
position sentences 总览 and 三率趋势 show."""

from __future__ import annotations

import hashlib

import streamlit as st

from components import frame
from components.frame import PageContext
from tongxin import compare, narrative
from tongxin.model import Indicator

SCOPE_KEY = "compare_scope"


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
    chosen = st.session_state.get(SCOPE_KEY)
    return next((s for s in found if s.id == chosen), found[0])


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
    """(the group, one sentence per indicator the org can be placed on) — 在11个县（区）中居第3位…"""
    group = scope(context)
    if group is None:
        return None, []
    sentences = []
    for indicator in indicators:
        place = position(context, indicator, group)
        if place is not None:
            sentences.append(narrative.position_sentence(context.dataset, place))
    return group, sentences


def many_orgs() -> bool:
    """Whether the data holds more than one org (the navigation then offers 各单位对比). Runs before
    the frame reads the data, so it looks at the dataset the session's previous run showed, and reads
    the data itself only on a session's first run (not twice per run). False when the data cannot be
    read (the pages show the problems)."""
    from components import data

    last = st.session_state.get(frame._CONTEXT)
    if last is not None and last.dataset is not None:
        return len(last.dataset.orgs()) > 1
    loaded = data.current()
    dataset = loaded[0] if isinstance(loaded, tuple) else getattr(loaded, "dataset", None)
    return dataset is not None and len(dataset.orgs()) > 1
