"""Figure cards: headline rates with their change, and a pillar's key figures."""

from __future__ import annotations

import html

import streamlit as st

from components.text import md
from tongxin import display, document
from tongxin.cards import Tile
from tongxin.model import Dataset, Indicator


def headline_row(dataset: Dataset, org: str, indicators: list[Indicator]) -> None:
    """The headline cards: `document.key_figure`, the same card the deck and the A4 report draw."""
    columns = st.columns(len(indicators)) if indicators else []
    for column, ind in zip(columns, indicators):
        card = document.key_figure(dataset, org, ind)
        with column:
            if card is None:
                st.metric(md(ind.name), "暂无数据", border=True)
                continue
            st.metric(
                md(card.label),
                card.value,
                delta=card.change or None,
                # Streamlit colours by the sign; inverse makes a fall green when lower is better (card.tone)
                delta_color="normal" if card.higher_is_better else "inverse",
                help=card.description or None,
                border=True,
            )
            st.caption(f"{md(card.period)} ｜ 来源：{md(card.source)}")


# One HTML block per pillar instead of a metric and a column per card: 41 cards on 四高成效 were
# 89 elements for the browser to lay out before the first chart (bench/page_load.py).
_TILE_STYLE = """<style>
.tx-tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(15rem,1fr));gap:1rem;margin:0.25rem 0 1rem}
.tx-tile{border:1px solid rgba(49,51,63,0.2);border-radius:0.5rem;padding:0.75rem 1rem}
.tx-name{font-size:0.875rem;color:rgb(49,51,63);line-height:1.4}
.tx-value{font-size:2rem;line-height:1.3;color:rgb(49,51,63);margin:0.15rem 0}
.tx-note{font-size:0.8rem;color:rgba(49,51,63,0.6);line-height:1.4}
</style>"""


def _text(value) -> str:
    """Data text as inert HTML: escaped, invisible direction overrides made visible."""
    return html.escape(display.visible_controls(value))


def tile_grid(tiles: list[Tile]) -> None:
    """Key figures of a pillar as small cards: the value as the source writes it, the name, and
    the period/note as the card's grey line."""
    if not tiles:
        return
    cards = []
    for tile in tiles:
        small = " ｜ ".join(p for p in (tile.period, tile.note) if p)
        cards.append(
            f'<div class="tx-tile" role="group" aria-label="{_text(tile.name)}">'
            f'<div class="tx-name">{_text(tile.name)}</div>'
            f'<div class="tx-value">{_text(tile.value)}</div>'
            + (f'<div class="tx-note">{_text(small)}</div>' if small else "")
            + "</div>"
        )
    st.html(_TILE_STYLE + '<div class="tx-tiles">' + "".join(cards) + "</div>")
