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


def test_change_in_percent_for_counts(targets):
    # a count with two yearly figures is not in the fixture; build the change directly
    obs = targets.series("satisfaction", "青川县政协")
    assert targets.change("satisfaction", "青川县政协").amount == 88 - 55
    assert targets.change("satisfaction", "青川县政协", from_year=2020, to_year=2023).amount == 74 - 61
    funds = targets.observations_of("funds", "青川县政协")[0]
    ch = targets.change_between(funds, funds)
    assert not ch.in_points and ch.amount == 0
    assert obs[0].period_end == 2018


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
