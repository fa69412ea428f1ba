"""Dataset queries on the default data and on a fixture of another org and other years."""

from __future__ import annotations

import pytest

from tests import datasets as d
from tongxin import load

QIANWEI = "犍为县政协"


@pytest.fixture(scope="module")
def default():
    return load.load_dataset(d.DEFAULT_DATA)


@pytest.fixture
def mini(tmp_path):
    return load.load_dataset(d.write(tmp_path / "mini"))


@pytest.fixture
def targets(tmp_path):
    return load.load_dataset(d.write(tmp_path / "t", d.targets_dataset()))


def test_series_is_by_year_and_keeps_gaps(default):
    series = default.series("participation_rate", QIANWEI)
    assert [(o.period_end, o.value) for o in series] == [(2020, 20), (2024, 92)]


def test_latest_and_change_in_points_for_rates(default):
    assert default.latest("approval_rate", QIANWEI).value == 93
    change = default.change("conversion_rate", QIANWEI)
    assert change.in_points and change.amount == 73
    assert (change.before.period_end, change.after.period_end) == (2020, 2024)


def test_change_in_percent_for_counts(tmp_path):
    """A count's change is relative, in % (DATA_SPEC "Displaying figures honestly"), never in 百分点."""
    rows = [d.observation("topics", 2021, "40", start=2021), d.observation("topics", 2023, "50", start=2023),
            d.observation("ideas", 2021, "0", start=2021, label="x"), d.observation("ideas", 2022, "8", start=2022)]
    dataset = load.load_dataset(d.write(tmp_path / "c", observations=d.with_rows("observations", *rows)))
    change = dataset.change("topics", "示例区政协")
    assert (change.before.value, change.after.value) == (40, 50)
    assert not change.in_points and change.amount == 25  # (50 − 40) ÷ 40 = +25%
    assert dataset.indicator("topics").kind == "count"
    zero = dataset.change_between(dataset.observations_of("ideas", "示例区政协")[1],
                                  dataset.observations_of("ideas", "示例区政协")[2])
    assert zero.before.value == 0 and zero.amount is None and not zero.in_points  # no % change from nothing


def test_changes_of_rates_between_chosen_years(targets):
    assert targets.change("satisfaction", "青川县政协").amount == 88 - 55
    assert targets.change("satisfaction", "青川县政协", from_year=2020, to_year=2023).amount == 74 - 61
    assert targets.series("satisfaction", "青川县政协")[0].period_end == 2018


def test_change_needs_two_figures(default):
    assert default.change("request_resolution_rate", QIANWEI) is None


def test_latest_of_a_non_yearly_figure(default):
    assert default.latest("request_resolution_rate", QIANWEI).value == 98.5


def test_before_after_pairs(default):
    pairs = default.before_after_pairs(QIANWEI)
    assert [(a.value, b.value) for a, b in pairs] == [(218, 67)]
    change = default.change_between(*pairs[0])
    assert not change.in_points and round(change.amount) == -69


def test_share_from_part_of(default, mini):
    share = default.share("ideas_adopted", QIANWEI)
    assert round(share.percent) == 63 and share.approximate
    assert mini.share("ideas_used", "示例区政协").percent == 75
    assert default.share("ideas_collected", QIANWEI) is None


def test_by_pillar_in_data_order(default, mini):
    assert list(default.by_pillar(QIANWEI)) == ["主题读书", "建言献策", "古韵协商", "四进四助"]
    assert list(mini.by_pillar("示例区政协")) == ["协商议事", "建言资政"]


def test_targets_are_kept_apart_from_actuals(targets):
    actual = targets.series("coverage", "青川县政协")
    target = targets.series("coverage", "青川县政协", "target")
    assert [o.period_end for o in actual] == [2018, 2019, 2022, 2023]
    assert len(target) == 7 and all(o.type == "target" for o in target)


def test_restricted_by_org_and_years(targets):
    view = targets.restricted(org="白马镇政协联络组", years=(2019, 2022))
    assert view.orgs() == ["白马镇政协联络组"]
    assert {o.period_end for o in view.observations} <= {2019, 2020, 2021, 2022}


def test_orgs_and_years(targets):
    assert targets.orgs() == ["青川县政协", "白马镇政协联络组"]
    assert targets.years()[0] == 2018 and targets.years()[-1] == 2026



PUTIAN = d.PROJECT / "tests" / "cases" / "01-putian-xlsx" / "莆田市政协提案数据.xlsx"


def test_share_is_of_the_latest_common_period(tmp_path):
    """莆田 (case 01): the text reports 2023's 集体提案 74 of 236, so the share is 2023's (31.4%), not
    2020's (25.6%); a later period only the part has does not count, and row order does not matter."""
    putian = load.load_dataset(PUTIAN)
    share = putian.share("collective_proposals", "莆田市政协")
    assert (share.part_observation.period_end, share.part_observation.value, share.whole_observation.value) == (
        2023, 74, 236)
    assert round(share.percent, 1) == 31.4
    rows = [d.observation("ideas", 2021, "100", start=2021), d.observation("ideas_used", 2021, "50", start=2021),
            d.observation("ideas_used", 2022, "70", start=2022)]  # 2022: no whole, no share
    tables = {**d.MINI, "observations.csv": d.OBSERVATIONS_HEADER + "\n" + "\n".join(rows) + "\n"
              + d.MINI["observations.csv"].split("\n", 1)[1]}
    mini = load.load_dataset(d.write(tmp_path / "m", tables))
    share = mini.share("ideas_used", "示例区政协")
    assert share.part_observation.period_end == 2023 and share.percent == 75  # 本届以来 150余 of 200余
    only_2021 = load.load_dataset(d.write(tmp_path / "m2", {**tables, "observations.csv": d.OBSERVATIONS_HEADER
                                                            + "\n" + "\n".join(rows) + "\n"}))
    assert only_2021.share("ideas_used", "示例区政协").percent == 50
