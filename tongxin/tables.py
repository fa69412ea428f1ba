"""Tables of figures and sources for people: the table under a chart, the 数据与来源 page, and
the Excel/CSV exports. One place decides the Chinese column names and how a value is written, so
every table says the same thing the charts say.

A figures table shows each value as people read it (数值 “410余条”). It also carries the numbers
themselves (`NUMBERS` in `DataFrame.attrs`), so an export can write them as DATA_SPEC "Command line"
asks — a numeric 数值 column Excel can sum, 单位 and 限定 in their own columns, the text beside
them — through `with_numbers`, whatever rows or columns the page kept.
"""

from __future__ import annotations

from urllib.parse import urlparse

import pandas as pd

from . import display, schema
from .model import Dataset, Observation

FIGURE_COLUMNS = ["单位名称", "板块", "指标", "期间", "年份", "数值", "性质", "原文/备注", "来源", "发布日期", "链接"]
NUMBERS = "tongxin.numbers"  # attrs key: 数值 (number), 单位, 限定 by row, aligned on the table's index
NUMBER_COLUMNS = ["数值", "单位", "限定", "显示为"]  # how an export writes the one 数值 column of a page


def safe_url(url: str) -> str:
    """Only http(s) addresses become links; anything else (javascript:, data:) stays plain text."""
    try:
        scheme = urlparse(url.strip()).scheme.lower()
    except ValueError:
        return ""
    return url.strip() if scheme in ("http", "https") else ""


def observation_rows(dataset: Dataset, observations: list[Observation], detail: bool = False) -> pd.DataFrame:
    """Figures as people read them: value with its qualifier and unit, the period as worded."""
    rows = []
    for o in observations:
        ind = dataset.indicator(o.indicator)
        src = dataset.source(o.source)
        row = {
            "单位名称": o.org,
            "板块": ind.pillar,
            "指标": ind.name,
            "期间": o.period_label or "—",  # as the source words it; the years are in 年份
            "年份": display.years(o),
            "数值": display.observation_value(dataset, o),
            "性质": schema.TYPE_WORDS[o.type],
        }
        if detail:
            # the title is listed once under 来源 on the page; a row names publisher and date
            row |= {"原文/备注": o.note, "来源": src.publisher, "发布日期": src.date, "链接": safe_url(src.url)}
        else:
            row["来源"] = f"{src.publisher}《{src.title}》"
        rows.append(row)
    columns = FIGURE_COLUMNS if detail else [c for c in FIGURE_COLUMNS if c not in ("原文/备注", "发布日期", "链接")]
    table = pd.DataFrame(rows, columns=columns)
    table.attrs[NUMBERS] = _numbers(dataset, observations, table.index)
    return table


def _numbers(dataset: Dataset, observations: list[Observation], index) -> pd.DataFrame:
    return pd.DataFrame(
        {"数值": [o.value for o in observations], "单位": [dataset.indicator(o.indicator).unit for o in observations],
         "限定": [o.qualifier for o in observations]}, index=index)


def with_numbers(table: pd.DataFrame) -> pd.DataFrame:
    """A figures table as exports write it: 数值 as a number, then 单位, 限定 and the text people read
    (显示为: 410余条). Any other table is returned as it is."""
    numbers = table.attrs.get(NUMBERS)
    if numbers is None or "数值" not in table.columns:
        return table
    return _beside(table, numbers.loc[table.index])


def _beside(table: pd.DataFrame, parts: pd.DataFrame) -> pd.DataFrame:
    at = list(table.columns).index("数值")
    result = table.drop(columns=["数值"])
    for offset, column in enumerate(NUMBER_COLUMNS):
        values = table["数值"] if column == "显示为" else parts[column]
        result.insert(at + offset, column, values.to_numpy())
    result.attrs = {}
    return result


def _figures_of(dataset: Dataset, orgs: list[str] | None, years: tuple[int, int] | None = None
                ) -> list[Observation]:
    """The figures of `orgs` (None: all) with periods ending within `years`, in data order: orgs in
    order of appearance, indicators.csv order, then file order. Found through the org index."""
    order = {ind.id: n for n, ind in enumerate(dataset.indicators)}
    place = {org: n for n, org in enumerate(dataset.orgs())}
    chosen = list(dataset.observations) if orgs is None else [o for org in dict.fromkeys(orgs)
                                                               for o in dataset.figures_of(org)]
    if years is not None:
        chosen = [o for o in chosen if years[0] <= o.period_end <= years[1]]
    chosen.sort(key=lambda o: (place[o.org], order[o.indicator]))
    return chosen


def figures_table(dataset: Dataset, orgs: list[str] | None = None, years: tuple[int, int] | None = None
                  ) -> pd.DataFrame:
    """Every figure (of the given orgs, with periods ending within `years`), in data order."""
    return observation_rows(dataset, _figures_of(dataset, orgs, years), detail=True)


def figures_export(dataset: Dataset, orgs: list[str] | None = None) -> pd.DataFrame:
    """`figures_table` in the form data exports write (DATA_SPEC "Command line"): 数值 a number Excel
    can sum, 单位 and 限定 in their own columns, 显示为 the text people read (410余条)."""
    chosen = _figures_of(dataset, orgs)
    table = observation_rows(dataset, chosen, detail=True)
    table.attrs = {}
    return _beside(table, _numbers(dataset, chosen, table.index))


def split_constant_columns(table: pd.DataFrame, keep: tuple[str, ...] = ("指标", "数值")) -> tuple[pd.DataFrame, dict]:
    """Columns with one value in every row (one org, one source…) said once above the table
    instead of in every row: {column: value} for those, and the table without them."""
    if len(table) < 2:
        return table, {}
    constant = {c: table[c].iloc[0] for c in table.columns if c not in keep and table[c].nunique(dropna=False) == 1}
    return table.drop(columns=list(constant)), constant


def search(table: pd.DataFrame, text: str = "", pillars: list[str] | None = None) -> pd.DataFrame:
    """Rows containing every word of `text` (in any column) and in one of `pillars`."""
    result = table
    if pillars:
        result = result[result["板块"].isin(pillars)]
    for word in text.split():
        haystack = result.astype(str).agg(" ".join, axis=1)
        result = result[haystack.str.contains(word, case=False, regex=False)]
    return result


def sources_table(dataset: Dataset, orgs: list[str] | None = None) -> pd.DataFrame:
    """One row per source: 编号, 标题, 发布者, 日期, 链接 (web addresses only), 数字条数, 全部数字条数, 备注.

    With `orgs`, 数字条数 counts those orgs' figures and a source none of them cites is left out (a source
    no figure cites at all stays, with 0); 全部数字条数 counts every org's. Without, both count every org's.
    """
    everyone = dataset.source_counts()
    counts = everyone if orgs is None else dataset.source_counts(orgs)
    return pd.DataFrame(
        [
            {
                "编号": s.id,
                "标题": s.title,
                "发布者": s.publisher,
                "日期": s.date,
                "链接": safe_url(s.url),
                "数字条数": counts.get(s.id, 0),
                "全部数字条数": everyone.get(s.id, 0),
                "备注": s.note + ("" if safe_url(s.url) or not s.url else f"（链接不是网页地址，未作为链接显示：{s.url}）"),
            }
            for s in dataset.sources
            if orgs is None or counts.get(s.id) or not everyone.get(s.id)
        ],
        columns=["编号", "标题", "发布者", "日期", "链接", "数字条数", "全部数字条数", "备注"],
    )
