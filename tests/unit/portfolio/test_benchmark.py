"""The benchmark's arithmetic, without a database."""

import pytest

from portfolio.benchmark import (
    MIN_ORGANISATIONS,
    Distribution,
    benchmark,
    distribution,
    per_organisation,
    position,
)


def test_distribution_of_no_values_is_none():
    assert distribution([]) is None


def test_distribution_of_one_value_is_that_value_throughout():
    assert distribution([3]) == Distribution(1, 3, 3, 3, 3, 3)


def test_quartiles_are_inclusive_like_a_spreadsheet():
    # Excel QUARTILE.INC of 1..5 gives 2 and 4; of 1, 2, 3, 4 gives 1.75 and 3.25.
    assert distribution([5, 1, 3, 2, 4]) == Distribution(5, 1, 2, 3, 4, 5)
    assert distribution([1, 2, 3, 4]) == Distribution(4, 1, 1.75, 2.5, 3.25, 4)


def test_each_organisation_counts_once_at_its_median():
    pairs = [("a", 1), ("a", 2), ("a", 5), ("b", 4)]
    assert sorted(per_organisation(pairs)) == [2, 4]


def test_a_principle_needs_five_organisations():
    assert MIN_ORGANISATIONS == 5
    four = [(org, 3) for org in "abcd"]
    five = [*four, ("e", 1)]
    # Many programmes from one organisation do not make up for missing organisations.
    crowded = four + [("d", 2)] * 30
    result = benchmark({"four": four, "five": five, "crowded": crowded})
    assert result["four"] is None
    assert result["crowded"] is None
    assert result["five"] == Distribution(5, 1, 3, 3, 3, 3)


@pytest.mark.parametrize("value, expected", [(1, 0), (5, 200), (3, 100), (2.5, 75)])
def test_position_on_the_scale(value, expected):
    assert position(value, low=1, high=5, width=200) == expected


def test_position_on_a_one_level_scale_is_the_middle():
    assert position(1, low=1, high=1, width=200) == 100
