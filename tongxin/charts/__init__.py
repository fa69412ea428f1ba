"""Charts as a registry: a `Spec` names a chart (kind + typed arguments), `KINDS` maps each kind to its
builder (pure: Dataset in, frozen `Chart` out), its narrative and its place in a document.

API (used by the pages through components/chart.py, by `document`, `export` and the CLI):

    Spec(kind, org=…, indicator=…, pillar=…, indicators=…, orgs=…, year=…, years=…, group_by_parent=…, theme=…)
    build(dataset, spec) -> Chart                  raises NoData (Chinese message) when nothing to show
    catalog(dataset, org, look="light") -> [Chart] every chart one org's data supports, in page order
    specs(dataset, org, look="light") -> [Spec]    the same, unbuilt
    yearly_specs(dataset, org, pillar) -> [Spec]   a pillar's yearly counts: by_year alone, pillar_years for many
    comparison_spec(dataset, indicator, year, orgs, org="", look="light", group_by_parent=False) -> Spec
    comparison_catalog(dataset, orgs, look="light") -> [Chart]   the ranking charts of a comparison deck
    sentences(dataset, chart_or_spec, limit=None) -> [str]       the kind's narrative
    section(dataset, chart) -> pillar | None;  in_documents(chart) -> bool
    finish(chart, width_px, font_size, exported_on, show_title, show_caption) -> Chart (a copy)
    modebar_config(chart, org) -> dict;  citation(sources) -> str;  CAPTION_NAME, INSIDE_LABEL_NAME
    room_for_start_labels(figure, width_px, font_size);  label_px(annotations, font_size) -> px;  START_LABEL_NAME

Kinds: rates, rates_change, pillar, before_after, shares, by_year, pillar_years, by_unit, coverage (one org);
ranking, distribution, heat, trends (many orgs, `compare`). Looks: `theme.THEMES` (light, dark, print).
"""

from .base import (
    CAPTION_NAME,
    INSIDE_LABEL_NAME,
    START_LABEL_NAME,
    Chart,
    NoData,
    Spec,
    citation,
    finish,
    label_px,
    modebar_config,
    plotly_text,
    room_for_start_labels,
    wrap,
)
from .registry import (
                       KINDS,
                       Kind,
                       build,
                       catalog,
                       comparison_catalog,
                       comparison_spec,
                       in_documents,
                       section,
                       sentences,
                       specs,
                       yearly_specs,
)

__all__ = ["CAPTION_NAME", "INSIDE_LABEL_NAME", "KINDS", "START_LABEL_NAME", "Chart", "Kind", "NoData", "Spec", "build",
           "catalog", "citation", "comparison_catalog", "comparison_spec", "finish", "in_documents", "label_px",
           "modebar_config", "plotly_text", "room_for_start_labels", "section", "sentences", "specs", "wrap",
           "yearly_specs"]
