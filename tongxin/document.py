"""One neutral content model of the meeting materials: what the 汇报材料 says, not how it looks.

What belongs here: building, once per export request, the document every format lays out — the PPTX
deck (`export.deck`), the A4 PDF (`export.report`) and the Word 汇报材料 (`export.word`). A `Document`
is a title, an opening paragraph and numbered sections (一、… （一）…) holding blocks: paragraphs,
key figures (the headline card, defined here once for the screen and every document), figures with
their 图题 and 资料来源, and tables. The sentences come from `narrative`, every figure is written by
`display` (qualifiers kept, 约 for derived shares, 百分点 for rate changes), captions are derived from the
data's sources. Renderers only lay this out, so the same numbers, sentences and captions appear in all
three formats by construction (tests/export/test_documents.py compares them).

Nothing here draws, renders or knows a file format; images arrive as PNG bytes already rendered.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from . import charts, display, narrative

# The headline card is defined in `cards` and is part of this model too (document.key_figure …).
from .cards import KeyFigure, headline_indicators, key_figure, pillar_tiles  # noqa: F401
from .charts import Chart, citation
from .model import Dataset, Source

CHINESE_NUMERALS = "一二三四五六七八九十"


# --- blocks ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class KeyFigures:
    caption: str  # 表1 主要指标
    items: tuple[KeyFigure, ...]


@dataclass(frozen=True)
class Figure:
    """A chart as a picture: `caption` is the 图题 (图1 …), `note` its period, unit and gaps, `source`
    the 资料来源 line. `image` is the bare PNG (no title or caption baked in), its own aspect."""

    chart_id: str
    caption: str
    note: str
    source: str
    image: bytes = field(repr=False)


@dataclass(frozen=True)
class Table:
    """A 三线表: `caption` is the 表题 (表2 主题读书主要数字); `widths` are relative column widths."""

    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]
    note: str = ""


Block = Paragraph | KeyFigures | Figure | Table


@dataclass
class Section:
    """A numbered part: level 1 is 一、…, level 2 is （一）… (GB/T 9704-2012 §7.3.3's 结构层次序数)."""

    heading: str
    level: int
    blocks: list[Block] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)


@dataclass
class Document:
    title: str  # 犍为县政协工作情况汇报 (default_title), or the office's own
    org: str
    date: str  # 2026年11月26日
    exported_on: str  # ISO date
    opening: list[Paragraph]
    sections: list[Section]
    sources: str  # every source used, as a caption names them
    # Who made it and when — for the file's properties (Word's 文件→信息), never body text a chairman
    # would have to delete.
    generator: str = ""

    def walk(self) -> Iterator[tuple[Section, Block | None]]:
        """Every section (with None) and each of its blocks, in reading order."""

        def visit(section: Section):
            yield section, None
            for block in section.blocks:
                yield section, block
            for child in section.sections:
                yield from visit(child)

        for section in self.sections:
            yield from visit(section)

    def blocks(self, kind: type) -> list:
        return [b for _, b in self.walk() if isinstance(b, kind)]


def texts(document: Document) -> list[str]:
    """Every string each layout must carry verbatim, in reading order: title, date, headings,
    paragraphs, key figures' names and values, 图题, 资料来源, 表题 and table cells."""
    out = [document.title, document.date, *(p.text for p in document.opening)]
    for section, block in document.walk():
        if block is None:
            out.append(section.heading)
        elif isinstance(block, Paragraph):
            out.append(block.text)
        elif isinstance(block, KeyFigures):
            out.append(block.caption)
            for item in block.items:
                out += [item.label, item.value, item.period]
        elif isinstance(block, Figure):
            out += [block.caption, block.note, block.source]
        elif isinstance(block, Table):
            out.append(block.caption)
            out += list(block.header)
            out += [cell for row in block.rows for cell in row if cell]
            if block.note:
                out.append(block.note)
    return [t for t in out if t]


# --- building --------------------------------------------------------------------------------


def chinese_date(iso: str) -> str:
    """2026-11-26 → 2026年11月26日 (how a 公文 writes a date, GB/T 9704-2012 §7.3.5.2)."""
    d = dt.date.fromisoformat(iso)
    return f"{d.year}年{d.month}月{d.day}日"


GENERATOR = "同心共建质效看板"  # the application that writes the files (document properties)


def default_title(org: str, subject: str = "") -> str:
    """The 汇报材料's title when the office gives none: 犍为县政协工作情况汇报, or with the work it is about
    (`subject`, e.g. 同心共建 or 同心共建工作) 犍为县政协同心共建工作情况汇报. Neutral on purpose: not every
    office calls its work 同心共建, and a title the office did not choose must not claim it."""
    subject = subject.strip().removesuffix("工作情况汇报").removesuffix("工作情况").removesuffix("工作")
    return f"{org}{subject}工作情况汇报"


def document_charts(found: list[Chart]) -> list[Chart]:
    """The charts a document shows as pictures (the registry's `in_documents`), in the given order."""
    return [c for c in found if charts.in_documents(c)]


def _pillar_of(dataset: Dataset, chart: Chart) -> str | None:
    return charts.section(dataset, chart)  # None: the whole org's picture (rates, shares of all pillars…)


def _sources(dataset: Dataset, org: str) -> list[Source]:
    return dataset.sources_of(dataset.figures_of(org)) or list(dataset.sources)


class _Numbers:
    """图1, 图2 … and 表1, 表2 … in order of appearance."""

    def __init__(self):
        self.figures = self.tables = 0

    def figure(self) -> str:
        self.figures += 1
        return f"图{self.figures}"

    def table(self) -> str:
        self.tables += 1
        return f"表{self.tables}"


def _figure(chart: Chart, image: bytes, org: str, numbers: _Numbers) -> Figure:
    # The subtitle's parts without the org's name (the whole document is about it), period first.
    parts = [chart.period] + [p for p in chart.subtitle.split(" ｜ ") if p not in (org, chart.period)]
    return Figure(chart.id, f"{numbers.figure()} {chart.title}", "；".join(p for p in parts if p),
                  f"资料来源：{citation(chart.sources)}", image)


def _pillar_table(dataset: Dataset, org: str, pillar: str, numbers: _Numbers, leave_out=()) -> Table | None:
    """The 三线表 of a 板块's figures; the indicators in `leave_out` are in 表1 already (a note says so)."""
    tiles = [t for t in pillar_tiles(dataset, org, pillar) if t.observations[0].indicator not in leave_out]
    if not tiles:
        return None
    rows = []
    for t in tiles:
        note = t.note
        indicator = t.observations[0].indicator
        share = dataset.share(indicator, org)
        shown = t.observations[0] if len(t.observations) == 1 else dataset.latest(indicator, org)
        if share is not None and share.part_observation == shown and display.share_note(share) not in note:
            # a yearly part's tile carries its change, not its share: the row says both, for its own year
            note = "；".join(n for n in (note, display.share_note(share)) if n)
        # An undated figure's period is what its row says (截至2025年: the year the source counts up to).
        rows.append((t.name, t.value, t.period or display.years(t.observations[0]), note or "—"))
    elsewhere = [dataset.indicator(i).name for i in leave_out if dataset.indicator(i).pillar == pillar]
    note = f"{'、'.join(elsewhere)}见表1。" if elsewhere else ""
    return Table(f"{numbers.table()} {pillar}主要数字", ("指标", "数值", "期间", "变化或占比"), tuple(rows),
                 (0.34, 0.18, 0.22, 0.26), note)


def standing(peers: Dataset, org: str, indicators) -> str | None:
    """Where the org stands among its peers (the same sentences 总览 shows), for the indicators given in
    their latest year: 在乐山市政协的11个县（区）中，2024年委员参与率居第1位（92%），高于中位数5.2个百分点；
    …。 `peers` is the whole data (a batch's own dataset of one org has no peers); the group is the org's
    first `compare.scopes` (the same parent in orgs.csv, else every org). None with no peer to compare."""
    from . import compare

    groups = compare.scopes(peers, org)
    if not groups:
        return None
    group = groups[0]
    said: list[str] = []
    last = None  # the period said last: not repeated
    for indicator in indicators:
        place = compare.position(peers, indicator.id, org, group.orgs, word=group.word)
        if place is not None:
            sentence = narrative.position_sentence(peers, place, group_said=True).removesuffix("。")
            period = place.ranking.period_words
            if said and period == last and sentence.startswith(period):
                sentence = sentence.removeprefix(period)  # 2024年委员参与率居第1位…；成果转化率居第3位…
            said.append(sentence)
            last = period
    return f"在{group.label}中，" + "；".join(said) + "。" if said else None


def _overall(dataset: Dataset, org: str, shown: list[Chart], images: Mapping[str, bytes],
             numbers: _Numbers, peers: Dataset | None = None) -> Section:
    """一、总体情况: the headline rates with their 百分点 changes and periods, where the org stands among
    its peers (when `peers` holds other orgs), targets met and ahead, the cards — or, without headline
    figures, the first figures of each 板块 (never a data inventory: that is 三、数据说明's)."""
    section = Section("一、总体情况", 1)
    headline = headline_indicators(dataset, org)
    yearly = [i for i in headline if dataset.change(i.id, org) is not None]
    sentences = narrative.headline_summary(dataset, org, yearly) if yearly else []
    sentences += [s for s in (narrative.rate_sentence(dataset, i, org) for i in headline if i not in yearly) if s]
    sentences += [s for s in (narrative.target_sentence(dataset, i, org) for i in headline) if s]
    if not headline:
        summary = narrative.key_figures_summary(dataset, org)
        sentences += [summary] if summary else [f"{org}暂无数字。"]
    place = standing(peers or dataset, org, headline or [
        i for i in dataset.indicators if dataset.series(i.id, org)][:3])
    if place:
        sentences.append(place)
    sentences += narrative.targets_ahead(dataset, org)
    section.blocks += [Paragraph(s) for s in sentences]
    cards = tuple(k for k in (key_figure(dataset, org, i) for i in headline) if k is not None)
    if cards:
        section.blocks.append(KeyFigures(f"{numbers.table()} 主要指标", cards))
    for chart in shown:
        if _pillar_of(dataset, chart) is None:
            section.blocks.append(_figure(chart, images[chart.id], org, numbers))
    return section


def _work(dataset: Dataset, org: str, shown: list[Chart], images: Mapping[str, bytes],
          numbers: _Numbers) -> Section:
    """二、主要工作成效: （一）… per pillar — its paragraph, its charts, its 三线表. The headline figures
    said in 一、总体情况 (and shown in 表1) are not said or tabled again."""
    section = Section("二、主要工作成效", 1)
    said = [i.id for i in headline_indicators(dataset, org)]  # in 表1's order
    for n, pillar in enumerate(dataset.by_pillar(org)):
        numeral = CHINESE_NUMERALS[n] if n < len(CHINESE_NUMERALS) else str(n + 1)
        part = Section(f"（{numeral}）{pillar}", 2)
        paragraph = narrative.pillar_paragraph(dataset, org, pillar, leave_out=said)
        if paragraph:
            part.blocks.append(Paragraph(paragraph))
        else:
            names = "、".join(i.name for i in dataset.indicators_of(pillar) if i.id in said)
            part.blocks.append(Paragraph(f"{names}情况见第一部分。"))
        for chart in shown:
            if _pillar_of(dataset, chart) == pillar:
                part.blocks.append(_figure(chart, images[chart.id], org, numbers))
        table = _pillar_table(dataset, org, pillar, numbers, leave_out=said)
        if table:
            part.blocks.append(table)
        section.sections.append(part)
    return section


def _notes(dataset: Dataset, org: str, sources: list[Source], exported_on: str, numbers: _Numbers) -> Section:
    """三、数据说明: where the figures come from and when, which years have none, how 约 is derived."""
    section = Section("三、数据说明", 1)
    observations = dataset.figures_of(org)
    named = "；".join(
        f"{s.publisher}《{s.title}》（{chinese_date(s.date)}发布{('，' + s.url) if s.url else ''}）" for s in sources)
    section.blocks.append(Paragraph(f"本材料中的数字均取自：{named}。原文没有给出的数字不作推算、不作补充。"))
    for s in sources:
        if s.note:
            section.blocks.append(Paragraph(f"关于《{s.title}》：{s.note}。".replace("。。", "。")))
    section.blocks.append(Paragraph(narrative.coverage_sentence(dataset, org, gaps=False)))
    yearly = [i for i in dataset.indicators if len(dataset.series(i.id, org)) > 1]
    gaps = narrative.gaps_sentence(dataset, org, yearly) if yearly else None
    if gaps:
        section.blocks.append(Paragraph(gaps.split("，图中")[0] + "，本材料不作推算，图中相应年份以虚线连接。"))
    qualifiers = list(dict.fromkeys(o.qualifier for o in observations if o.qualifier))
    if qualifiers:
        words = "”“".join(qualifiers)
        section.blocks.append(Paragraph(f"带“{words}”的数字照原文保留该限定词，不改写为确数。"))
    for share in dataset.shares(org):
        section.blocks.append(Paragraph(f"“其中”占比由同一期间的两项数字相除得出："
                                        f"{display.period(share.part_observation)}{display.share_formula(dataset, share)}；"
                                        f"{_how_exact(dataset, share)}。"))
    if any(dataset.change(i.id, org) for i in dataset.indicators) or dataset.before_after_pairs(org):
        section.blocks.append(Paragraph("变化幅度由同一指标的两个数字计算：比率的变化以百分点表示，"
                                        "其他数字的变化以百分比表示并取整。"))
    counts = {s.id: sum(1 for o in observations if o.source == s.id) for s in sources}
    rows = tuple((s.title, s.publisher, s.date, str(counts[s.id])) for s in sources)
    section.blocks.append(Table(f"{numbers.table()} 数据来源", ("标题", "发布者", "发布日期", "数字条数"), rows,
                                (0.46, 0.20, 0.18, 0.16)))
    return section


def _how_exact(dataset: Dataset, share) -> str:
    """Which of a share's two figures are approximate — the reason the share is marked 约, or not."""
    inexact = [o for o in (share.part_observation, share.whole_observation) if not o.is_exact]
    if len(inexact) == 2:
        return "两项原数字均为约数，由其计算的占比标“约”"
    if inexact:
        return f"“{display.observation_value(dataset, inexact[0])}”为约数、另一项为确数，由其计算的占比标“约”"
    return "两项原数字均为确数"


def build(dataset: Dataset, org: str, shown: list[Chart], images: Mapping[str, bytes], exported_on: str,
          title: str = "", subject: str = "", peers: Dataset | None = None) -> Document:
    """The document of one org: `shown` are the charts chosen for it (already filtered by
    `document_charts`), `images` their bare PNGs by chart id; `title` the office's own title (else
    `default_title(org, subject)`); `peers` the data to place the org among its peers in (default
    `dataset`; a batch passes the whole data, its `dataset` holding one org). Raises KeyError if an
    image is missing."""
    numbers = _Numbers()
    sources = _sources(dataset, org)
    # How an office opens a 汇报材料; the sources are named in 三、数据说明 and under every figure.
    opening = Paragraph("现将有关情况汇报如下。" if title.strip() else
                        f"现将{org}{default_title('', subject).removesuffix('工作情况汇报')}工作有关情况汇报如下。")
    sections = [
        _overall(dataset, org, shown, images, numbers, peers),
        _work(dataset, org, shown, images, numbers),
    ]
    sections.append(_notes(dataset, org, sources, exported_on, numbers))
    return Document(
        title=title.strip() or default_title(org, subject),
        org=org,
        date=chinese_date(exported_on),
        exported_on=exported_on,
        opening=[opening],
        sections=sections,
        sources=citation(sources),
        generator=f"由{GENERATOR}于{chinese_date(exported_on)}生成",
    )


# --- many orgs: the comparison deck (issue 13) -----------------------------------------------------


def group_title(dataset: Dataset, orgs) -> str:
    """What a group of orgs is called in a title: 乐山市政协所属11个县（区）, else 11个县（区）."""
    orgs = list(dict.fromkeys(orgs))
    parents = {dataset.parent(o) for o in orgs}
    word = display.org_word(orgs)
    parent = parents.pop() if len(parents) == 1 else ""
    return f"{parent}所属{len(orgs)}个{word}" if parent else f"{len(orgs)}个{word}"


# Relative widths of a ranking table's columns: 是否达标 says "未达标（目标80%）" and wrapped onto a second line
# (a slide's table then ran over its source line); 排名 and 数值 are short
_RANK_WIDTHS = {"排名": 0.1, "单位名称": 0.26, "上级单位": 0.2, "数值": 0.12, "名次变化": 0.12, "是否达标": 0.26}

def comparison(dataset: Dataset, orgs, shown: list[Chart], images: Mapping[str, bytes], exported_on: str) -> Document:
    """The comparison document of a group of orgs: for each ranking chart in `shown` (see
    `charts.comparison_catalog`) what it says — summarised, never a list of every org — its picture
    and the table of ranks (the leaders and the laggards when there are many). `images` are the
    charts' bare PNGs by chart id. Raises KeyError if an image is missing."""
    from . import compare
    from .charts.compare import ranking_table

    orgs = list(dict.fromkeys(orgs))
    numbers = _Numbers()
    group = group_title(dataset, orgs)
    word = display.org_word(orgs)
    used = [o for chart in shown for o in chart.observations]
    sources = dataset.sources_of(used) or list(dataset.sources)
    # How an office opens a 汇报材料; the sources are named in 三、数据说明 and under every figure.
    opening = Paragraph(f"现将{group}主要指标对比情况汇报如下。")
    overall = Section("一、总体情况", 1)
    detail = Section("二、各项指标对比", 1)
    for n, chart in enumerate(shown):
        found = compare.ranking(dataset, chart.spec.indicator, chart.spec.year, chart.spec.orgs or orgs)
        said = narrative.comparison_summary(dataset, found, word)
        overall.blocks.append(Paragraph(said[0]))
        numeral = CHINESE_NUMERALS[n] if n < len(CHINESE_NUMERALS) else str(n + 1)
        part = Section(f"（{numeral}）{found.indicator.name}", 2)
        part.blocks += [Paragraph(s) for s in said[1:]]
        part.blocks.append(Figure(chart.id, f"{numbers.figure()} {chart.title}",
                                  "；".join(p for p in chart.subtitle.split(" ｜ ") if p),
                                  f"资料来源：{citation(chart.sources)}", images[chart.id]))
        rows = ranking_table(dataset, found, found.shown())
        header = tuple(rows.columns)
        part.blocks.append(Table(
            f"{numbers.table()} {found.indicator.name}排名" + ("（前三位和后三位）" if found.n > compare.NAMES_SHOWN else ""),
            header, tuple(tuple(str(v) for v in row) for row in rows.itertuples(index=False)),
            tuple(_RANK_WIDTHS.get(c, 0.16) for c in header),
            note=narrative.rank_change_note(found, word)))
        detail.sections.append(part)
    if not shown:
        overall.blocks.append(Paragraph(f"{group}没有同一指标、同一期间的数字可以比较。"))
    notes = Section("三、数据说明", 1)
    named = "；".join(f"{s.publisher}《{s.title}》（{chinese_date(s.date)}发布）" for s in sources)
    notes.blocks += [
        Paragraph(f"本材料中的数字均取自：{named}。原文没有给出的数字不作推算、不作补充。"),
        Paragraph("只有同一指标、同一期间的数字一起排名；期间不同的数字单独说明，不参与排名。数值相同的单位名次并列。"
                  "比率的差距和变化以百分点表示。"),
    ]
    return Document(
        title=f"{group}工作情况对比",
        org=group,
        date=chinese_date(exported_on),
        exported_on=exported_on,
        opening=[opening],
        sections=[overall, detail, notes],
        sources=citation(sources),
        generator=f"由{GENERATOR}于{chinese_date(exported_on)}生成",
    )
