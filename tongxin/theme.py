"""Look of every figure: palette, fonts, the plotly template and the fixed export sizes.

What belongs here: the looks (`Theme`: light for the screen and documents, dark for the 大屏, print
for paper) and the one template per look all chart builders use, so a screen chart, a slide and a
printed page differ only by the size preset and the chosen look, never by hand-tuned styling.
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


@dataclass(frozen=True)
class Theme:
    """Every colour a chart uses, for one look: `light` (the screen and documents), `dark` (the 大屏,
    issue 14) and `print` (greyscale-safe paper). A chart builder takes one (`charts.Spec.theme`) and
    never types a colour itself, so switching the look is switching this object."""

    id: str
    background: str
    text: str
    muted: str  # captions, subtitles, secondary labels
    grid: str
    axis: str  # axis lines and ticks
    palette: tuple[str, ...]
    positive: str  # a change the way `higher_is_better` wants
    negative: str
    gap_fill: str  # the band over years without data
    neutral: str  # the "before" bar, a dumbbell's bar, other orgs' bars
    rest: str  # the rest of a whole beside its part
    tile: str  # a figure tile's background
    marker_edge: str  # ring around markers, so overlapping points stay apart
    highlight: str  # the chosen org among many
    reference: str  # median and quartile marks
    target: str  # a target line
    empty: str  # a heat table's cell without a figure (never a colour of the scale)
    heat: tuple[str, ...]  # sequential scale, low → high (reversed where lower is better)

    def colour(self, i: int) -> str:
        return self.palette[i % len(self.palette)]


LIGHT = Theme(
    id="light", background="white", text="#222222", muted="#6B6B6B", grid="#E3E3E3", axis="#999999",
    palette=PALETTE, positive="#009E73", negative="#D55E00", gap_fill="rgba(120,120,120,0.10)",
    neutral="#BBBBBB", rest="#E6E6E6", tile="#F7F7F7", marker_edge="white", highlight="#D55E00",
    reference="#444444", target="#009E73", empty="#FFFFFF",
    heat=("#D4E4F3", "#A9CCE6", "#6BAED6", "#2171B5", "#08306B"),  # lowest ≠ an empty cell
)
DARK = Theme(
    id="dark", background="#0B1A2E", text="#E8EEF5", muted="#9FB0C3", grid="#24364D", axis="#5B6F86",
    palette=("#56B4E9", "#E69F00", "#009E73", "#CC79A7", "#F0E442", "#0072B2", "#FFFFFF", "#D55E00"),
    positive="#3DDC97", negative="#FF7A45", gap_fill="rgba(255,255,255,0.06)", neutral="#4A5E78", rest="#1E3048",
    tile="#13263D", marker_edge="#0B1A2E", highlight="#F0E442", reference="#C8D3E0", target="#3DDC97",
    empty="#0B1A2E", heat=("#10263F", "#1B4F72", "#2E86C1", "#5DADE2", "#D6EAF8"),
)
PRINT = Theme(
    id="print", background="white", text="#000000", muted="#444444", grid="#D0D0D0", axis="#555555",
    palette=("#000000", "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#777777"),
    positive="#000000", negative="#000000", gap_fill="rgba(0,0,0,0.06)", neutral="#AAAAAA", rest="#E0E0E0",
    tile="#F2F2F2", marker_edge="white", highlight="#000000", reference="#000000", target="#000000",
    empty="#FFFFFF", heat=("#E0E0E0", "#C0C0C0", "#969696", "#636363", "#262626"),
)
THEMES = {t.id: t for t in (LIGHT, DARK, PRINT)}


def get(theme_id: str = "light") -> Theme:
    """The theme named `theme_id` (light, dark, print); KeyError for another name."""
    return THEMES[theme_id]


# The light theme's colours under their old names (documents and screen widgets use them).
MUTED = LIGHT.muted
GAP_FILL = LIGHT.gap_fill
TEXT = LIGHT.text
GRID = LIGHT.grid
POSITIVE = LIGHT.positive
NEGATIVE = LIGHT.negative


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


def template(look: Theme = LIGHT) -> go.layout.Template:
    """The one Plotly template of a look: fonts, backgrounds, axes, legend, margins."""
    return go.layout.Template(
        layout=go.Layout(
            font=dict(family=FONT_FAMILY, size=SCREEN_FONT_SIZE, color=look.text),
            title=dict(x=0, xanchor="left", font=dict(size=20),
                       subtitle=dict(font=dict(size=13, color=look.muted))),
            paper_bgcolor=look.background,
            plot_bgcolor=look.background,
            colorway=list(look.palette),
            xaxis=dict(showgrid=False, linecolor=look.axis, ticks="outside", tickcolor=look.axis, automargin=True,
                       gridcolor=look.grid),
            yaxis=dict(gridcolor=look.grid, zeroline=False, automargin=True, linecolor=look.axis),
            legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="left", x=0),
            hoverlabel=dict(font=dict(family=FONT_FAMILY)),
            separators=".,",
            margin=dict(l=60, r=30, t=90, b=80),
        )
    )


_TEMPLATES = {t.id: template(t) for t in THEMES.values()}
TEMPLATE = _TEMPLATES["light"]


def template_of(look: Theme) -> go.layout.Template:
    """The prepared template of a registered look (built once)."""
    return _TEMPLATES.get(look.id) or template(look)

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
