"""Look of every figure: palette, fonts, the plotly template and the fixed export sizes.

What belongs here: constants and the one template all chart functions use, so a screen chart,
a slide and a printed page differ only by the size preset, never by hand-tuned styling.
"""

from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go

FONT_FAMILY = '"Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif'

# Okabe–Ito: distinguishable with the common colour-vision deficiencies. Each series also gets
# its own marker symbol and dash so a greyscale print still tells lines apart.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442")
SYMBOLS = ("circle", "square", "diamond", "triangle-up", "triangle-down", "cross", "x", "star")
DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")
MUTED = "#6B6B6B"
GAP_FILL = "rgba(120,120,120,0.10)"
TEXT = "#222222"
GRID = "#E3E3E3"
POSITIVE = "#009E73"
NEGATIVE = "#D55E00"


def colour(i: int) -> str:
    return PALETTE[i % len(PALETTE)]


def symbol(i: int) -> str:
    return SYMBOLS[i % len(SYMBOLS)]


@dataclass(frozen=True)
class SizePreset:
    id: str
    label: str
    width: int  # the image's size in CSS pixels…
    height: int
    scale: float  # …and device pixels per CSS pixel: a PNG is width×scale by height×scale

    @property
    def pixels(self) -> tuple[int, int]:
        return round(self.width * self.scale), round(self.height * self.scale)


# Fixed sizes (owid/etl's TEMPLATES habit): exported files are predictable and testable.
SIZES = {
    "slide": SizePreset("slide", "16:9 幻灯片（1600×900，2倍清晰度）", 1600, 900, 2),
    "a4": SizePreset("a4", "A4 页宽（1000×620，2倍清晰度）", 1000, 620, 2),
    "square": SizePreset("square", "微信方图（1080×1080）", 1080, 1080, 1),
}
SCREEN_HEIGHT = 470
SCREEN_FONT_SIZE = 14

TEMPLATE = go.layout.Template(
    layout=go.Layout(
        font=dict(family=FONT_FAMILY, size=SCREEN_FONT_SIZE, color=TEXT),
        title=dict(x=0, xanchor="left", font=dict(size=20), subtitle=dict(font=dict(size=13, color=MUTED))),
        paper_bgcolor="white",
        plot_bgcolor="white",
        colorway=list(PALETTE),
        xaxis=dict(showgrid=False, linecolor="#999999", ticks="outside", tickcolor="#999999", automargin=True),
        yaxis=dict(gridcolor=GRID, zeroline=False, automargin=True),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="left", x=0),
        hoverlabel=dict(font=dict(family=FONT_FAMILY)),
        separators=".,",
        margin=dict(l=60, r=30, t=90, b=80),
    )
)

DECK_FONT = "Microsoft YaHei"  # what PowerPoint/WPS on a Chinese Windows PC have; others substitute
ACCENT = "#A61B29"  # the app's primary colour, used for the deck's accent bar


def cjk_font_path() -> str | None:
    """A CJK font file on this machine (for drawing previews with Pillow), via fontconfig."""
    import shutil
    import subprocess

    if not shutil.which("fc-match"):
        return None
    try:
        found = subprocess.run(["fc-match", "-f", "%{file}", "Noto Sans CJK SC:lang=zh-cn"],
                               capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return found or None

# --- documents (deck, A4 report, Word) ---------------------------------------------------------
# One set of colours for every document, so the CSS of the A4 report and the PPTX cannot disagree.
CARD_FILL = "#F5F5F5"  # a key figure's card
RULE = "#DDDDDD"  # thin table rules on screen-like pages
HEADER_FILL = "#EFEFEF"
DOCUMENT_FONT_STACK = '"Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif'  # the A4 PDF (WeasyPrint)
TONE_COLOURS = {"good": POSITIVE, "bad": NEGATIVE, "flat": MUTED, "": MUTED}  # KeyFigure.tone → colour


def tone_colour(tone: str) -> str:
    """The colour of a key figure's change: green when it goes the way `higher_is_better` wants."""
    return TONE_COLOURS.get(tone, MUTED)
