"""Small datasets the tests build in tmp_path (tests never write into data/).

`MINI` is a valid dataset of an org that is not the default one, with other years, so a test
passing on it proves nothing is hard-coded to the article.
"""

from __future__ import annotations

from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = PROJECT / "data"

INDICATORS_HEADER = "id,name,pillar,unit,kind,description,higher_is_better,headline,part_of"
OBSERVATIONS_HEADER = "org,indicator,period_start,period_end,period_label,value,qualifier,type,source,note"
SOURCES_HEADER = "id,title,publisher,date,url,note"

MINI = {
    "indicators.csv": f"""{INDICATORS_HEADER}
join_rate,委员参与率,协商议事,%,rate,,true,1,
adopt_rate,建议采纳率,协商议事,%,rate,,true,2,
topics,协商课题,协商议事,个,count,,,,
ideas,收集建议,建言资政,条,count,,,,
ideas_used,采纳建议,建言资政,条,count,,,,ideas
""",
    "observations.csv": f"""{OBSERVATIONS_HEADER}
示例区政协,join_rate,2019,2019,,40,,,rpt,
示例区政协,join_rate,2023,2023,,75,,,rpt,
示例区政协,adopt_rate,2019,2019,,30,,,rpt,
示例区政协,adopt_rate,2023,2023,,64.5,,,rpt,
示例区政协,topics,,2023,近两年,12,,,rpt,
示例区政协,ideas,,2023,本届以来,200,余,,rpt,
示例区政协,ideas_used,,2023,本届以来,150,余,,rpt,
""",
    "sources.csv": f"""{SOURCES_HEADER}
rpt,示例区政协工作报告,示例区政协,2024-01-05,https://example.org/report,
""",
}


def default_copy(folder: Path) -> Path:
    """A copy of the default data (data/) to serve or change: tests never write into data/."""
    import shutil

    if not folder.exists():
        shutil.copytree(DEFAULT_DATA, folder, ignore=shutil.ignore_patterns(".tongxin"))
    return folder


def write(folder: Path, tables: dict[str, str] | None = None, encoding: str = "utf-8", **replace: str) -> Path:
    """Write a dataset folder; `replace` swaps whole files by name (indicators="...")."""
    folder.mkdir(parents=True, exist_ok=True)
    tables = dict(tables or MINI)
    for key, text in replace.items():
        tables[f"{key}.csv"] = text
    for name, text in tables.items():
        if text is None:
            continue
        data = text if isinstance(text, bytes) else text.encode(encoding)
        (folder / name).write_bytes(data)
    return folder


def with_rows(table: str, *rows: str, base: dict | None = None) -> str:
    """A table of MINI (or `base`) with extra data rows appended."""
    return (base or MINI)[f"{table}.csv"] + "".join(r + "\n" for r in rows)


def observation(indicator: str, end: int, value: str, start: int | None = None, label: str = "", type_: str = "",
                org: str = "示例区政协", source: str = "rpt", qualifier: str = "") -> str:
    start_text = "" if start is None else str(start)
    return f"{org},{indicator},{start_text},{end},{label},{value},{qualifier},{type_},{source},"


def targets_dataset() -> dict[str, str]:
    """Another org, 2018–2026, yearly rates with gaps, targets, long Chinese names, two orgs."""
    indicators = f"""{INDICATORS_HEADER}
satisfaction,群众对基层协商议事工作成效的总体满意程度,基层协商,%,rate,,true,1,
coverage,协商议事室覆盖率,基层协商,%,rate,,true,2,
meetings,协商议事会议,基层协商,场次,count,,,,
funds,协商经费,基层协商,万元,amount,,,,
reports,调研报告,调查研究,篇,count,,,,
"""
    rows = []
    for org, shift in (("青川县政协", 0), ("白马镇政协联络组", -5)):
        for year, value in ((2018, 55), (2019, 58), (2020, 61), (2022, 70), (2023, 74), (2026, 88)):
            rows.append(observation("satisfaction", year, str(value + shift), start=year, org=org, source="yb"))
        for year, value in ((2018, 60), (2021, 75), (2022, 80), (2023, 85), (2024, 90), (2025, 95), (2026, 100)):
            rows.append(observation("coverage", year, str(value + shift), start=year, type_="target", org=org, source="yb"))
        for year, value in ((2018, 52), (2019, 63), (2022, 79), (2023, 83)):
            rows.append(observation("coverage", year, str(value + shift), start=year, org=org, source="yb"))
        rows.append(observation("meetings", 2023, "120", start=2021, label="2021–2023年", org=org, source="yb"))
        rows.append(observation("funds", 2023, "35.5", start=2023, org=org, source="yb"))
        rows.append(observation("reports", 2024, "8", start=2024, org=org, source="yb2"))
    observations = OBSERVATIONS_HEADER + "\n" + "\n".join(rows) + "\n"
    sources = f"""{SOURCES_HEADER}
yb,青川县政协年鉴,青川县政协办公室,2024-03-01,,
yb2,青川县政协2024年工作报告,青川县政协,2025-01-10,https://example.org/2024,
"""
    return {"indicators.csv": indicators, "observations.csv": observations, "sources.csv": sources}


def nearly_empty_dataset() -> dict[str, str]:
    """One org, one year, one count, no rates at all."""
    return {
        "indicators.csv": f"{INDICATORS_HEADER}\nvisits,走访群众,联系群众,人次,count,,,,\n",
        "observations.csv": f"{OBSERVATIONS_HEADER}\n孤山乡政协联络组,visits,2024,2024,,36,,,s1,\n",
        "sources.csv": f"{SOURCES_HEADER}\ns1,孤山乡工作简报,孤山乡,2024-12-31,,\n",
    }


SCRIPT_NAME = "<script>alert(1)</script>参与率"
IMG_PILLAR = "<img src=x onerror=alert(1)>板块"
LINK_NAME = "[点我](javascript:alert(1))数量"
RTL_ORG = "某县\u202e政协"
LONG_NOTE = "很长的备注" * 1000


def hostile_dataset() -> dict[str, str]:
    """Names and notes an attacker (or a careless paste) could put into the data files."""
    import csv
    import io

    def table(rows):
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(rows)
        return out.getvalue()

    indicators = table([
        INDICATORS_HEADER.split(","),
        ["rate_x", SCRIPT_NAME, IMG_PILLAR, "%", "rate", "**粗体** _斜体_ $x^2$", "", "1", ""],
        ["count_y", LINK_NAME, IMG_PILLAR, "个", "count", "javascript:alert(1)", "", "", ""],
        ["long_z", "很长的指标名称" * 40, "另一板块", "条", "count", "", "", "", ""],
    ])
    observations = table([
        OBSERVATIONS_HEADER.split(","),
        [RTL_ORG, "rate_x", "2020", "2020", "", "40", "", "", "evil", "<img src=x onerror=alert(1)>"],
        [RTL_ORG, "rate_x", "2024", "2024", "", "80", "", "", "evil", "javascript:alert(1)"],
        [RTL_ORG, "count_y", "", "2024", "<b>三年来</b>", "12", "", "", "evil", LONG_NOTE],
        [RTL_ORG, "long_z", "", "2024", "", "5", "余", "", "evil", "=HYPERLINK(\"http://x\",\"点\")"],
    ])
    sources = table([
        SOURCES_HEADER.split(","),
        ["evil", "<script>alert('来源')</script>报告", "<i>发布者</i>", "2024-01-01", "javascript:alert(1)", ""],
    ])
    return {"indicators.csv": indicators, "observations.csv": observations, "sources.csv": sources}


# --- many orgs (issue 13) ------------------------------------------------------------------------

CITIES = ("成都", "自贡", "攀枝花", "泸州", "德阳", "绵阳", "广元", "遂宁", "内江", "乐山", "南充", "眉山", "宜宾",
          "广安", "达州", "雅安", "巴中", "资阳", "阿坝", "甘孜", "凉山")
PROVINCE = "四川省政协"
PROVINCE_YEARS = tuple(range(2019, 2025))


def province_orgs(count: int = 183) -> list[tuple[str, str, str]]:
    """(name, parent, short name) of `count` synthetic county-level committees spread over the 21
    cities (every fourth one a 区), for tests of many orgs. Synthetic names: no real county's figures."""
    found = []
    for k in range(count):
        city = CITIES[k % len(CITIES)]
        n = k // len(CITIES) + 1
        kind = "区" if k % 4 == 3 else "县"
        found.append((f"{city}第{n}{kind}政协", f"{city}市政协", f"{city}{n}{kind}"))
    return found


def province_value(k: int, year: int, indicator: str) -> float | None:
    """The fixture's figure of org number k (0-based) in `year`: a closed formula, so a test can
    compute ranks and medians on its own. None: a gap (org 10, 20, … has no 2021 figure)."""
    if k % 10 == 0 and year == 2021:
        return None
    stir = (k * k + 3 * k * year) % 97  # so that orgs do not all move alike from year to year
    if indicator == "participation_rate":
        return 40 + ((k * 37 + year * 11 + stir * 7) % 600) / 10  # 40.0–99.9 %
    if indicator == "conversion_rate":
        return 30 + ((k * 53 + year * 7 + stir * 5) % 650) / 10  # 30.0–94.9 %
    if indicator == "complaint_rate":  # lower is better
        return 1 + ((k * 29 + year * 3 + stir) % 150) / 10
    return float(20 + (k * 13 + year + stir) % 180)  # meetings, 场次


def province_dataset(count: int = 183, years: tuple[int, ...] = PROVINCE_YEARS) -> dict[str, str]:
    """`count` orgs × `years` × 4 indicators with orgs.csv of two levels (county → city → province):
    yearly rates (one lower-is-better), a count, targets of 80% for 乐山's counties in the last year,
    gaps (every tenth org misses 2021), and one figure of another period (the first org's conversion
    rate for the last three years, which must never be ranked with yearly figures)."""
    indicators = f"""{INDICATORS_HEADER}
participation_rate,委员参与率,履职成效,%,rate,,true,1,
conversion_rate,成果转化率,履职成效,%,rate,,true,2,
complaint_rate,群众投诉率,履职成效,%,rate,,false,,
meetings,协商议事会议,协商议事,场次,count,,,,
"""
    orgs = province_orgs(count)
    rows = []
    for k, (name, _, _) in enumerate(orgs):
        for year in years:
            for indicator in ("participation_rate", "conversion_rate", "complaint_rate", "meetings"):
                value = province_value(k, year, indicator)
                if value is None:
                    continue
                if k == 0 and indicator == "conversion_rate" and year == years[-1]:
                    rows.append(observation(indicator, year, f"{value:g}", start=year - 2, label="近三年", org=name,
                                            source="yb"))
                    continue
                rows.append(observation(indicator, year, f"{value:g}", start=year, org=name, source="yb"))
        if name.startswith("乐山"):
            rows.append(observation("participation_rate", years[-1], "80", start=years[-1], type_="target", org=name,
                                    source="yb"))
    observations = OBSERVATIONS_HEADER + "\n" + "\n".join(rows) + "\n"
    sources = f"{SOURCES_HEADER}\nyb,各县（区）政协履职情况统计,省政协办公厅,{years[-1] + 1}-03-01,,\n"
    org_rows = [f"{name},{parent},{short}" for name, parent, short in orgs]
    org_rows += [f"{city}市政协,{PROVINCE},{city}" for city in CITIES]
    return {"indicators.csv": indicators, "observations.csv": observations, "sources.csv": sources,
            "orgs.csv": "name,parent,short_name\n" + "\n".join(org_rows) + "\n"}


def city_dataset() -> dict[str, str]:
    """The 11 counties of one city (乐山's 9 of the province fixture would do; 11 for the issue's case):
    the first 11 orgs of a province fixture of 11 × 21 orgs that belong to 乐山, with their orgs.csv."""
    tables = province_dataset(count=21 * 11)
    keep = [name for name, parent, _ in province_orgs(21 * 11) if parent == "乐山市政协"]
    lines = tables["observations.csv"].splitlines()
    tables["observations.csv"] = "\n".join([lines[0]] + [r for r in lines[1:] if r.split(",", 1)[0] in keep]) + "\n"
    org_lines = tables["orgs.csv"].splitlines()
    tables["orgs.csv"] = "\n".join([org_lines[0]] + [r for r in org_lines[1:] if r.split(",", 1)[0] in keep
                                                      or r.startswith("乐山市政协,")]) + "\n"
    return tables


def write_workbook(path: Path, tables: dict[str, str]) -> Path:
    """The same dataset as one XLSX workbook (sheets indicators, observations, sources and orgs),
    which the app reads whole — orgs.csv included — whatever the store of the day keeps of a folder."""
    import csv
    import io

    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, text in tables.items():
        sheet = book.create_sheet(name.removesuffix(".csv"))
        for row in csv.reader(io.StringIO(text)):
            sheet.append(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path
