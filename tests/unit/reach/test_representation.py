"""Representation without a database: shares, ratios, the threshold, and what never shows."""

from decimal import Decimal

import pytest

from reach.categories import Dimension
from reach.representation import (
    THRESHOLD,
    GroupCount,
    Status,
    hidden_in_dimension,
    representation,
)

D = Decimal


def _age(label, reached, share):
    return GroupCount(Dimension.AGE, label, reached, None if share is None else D(share))


def _rows(rep):
    return {row.label: row for table in rep.tables for row in table.rows}


def test_ratio_is_reached_share_over_population_share_within_the_dimension():
    rep = representation([_age("Young", 20, "40"), _age("Old", 80, "60")])
    rows = _rows(rep)
    assert rows["Young"].reached_share == D("20.0")
    assert rows["Young"].ratio == D("0.50")
    assert rows["Old"].ratio == D("1.33")


def test_under_represented_means_a_ratio_below_the_threshold_and_is_named():
    # 40 of 100 reached against 50 % is exactly 0.8: compared, not under.
    rep = representation([_age("A", 40, "50"), _age("B", 39, "30"), _age("C", 21, "20")])
    rows = _rows(rep)
    assert THRESHOLD == D("0.8")
    assert rows["A"].ratio == D("0.80") and rows["A"].status == Status.COMPARED
    rep = representation([_age("A", 39, "50"), _age("B", 61, "50")])
    assert [(t.label, r.label) for t, r in rep.under_represented] == [("Age band", "A")]
    assert _rows(rep)["A"].is_under


def test_a_small_count_shows_as_under_5_with_no_share_and_no_ratio():
    rep = representation([_age("Few", 3, "10"), _age("Many", 60, "45"), _age("Most", 90, "45")])
    few = _rows(rep)["Few"]
    assert few.reached_text == "<5"
    assert few.reached is None and few.reached_share is None and few.ratio is None
    assert [r.label for _, r in rep.too_few] == ["Few"]


def test_the_next_smallest_is_hidden_so_the_small_count_cannot_be_subtracted():
    rep = representation([_age("Few", 3, "10"), _age("Many", 60, "45"), _age("Most", 90, "45")])
    rows = _rows(rep)
    assert rows["Many"].status == Status.HIDDEN
    assert rows["Many"].reached_text == "Hidden" and rows["Many"].ratio is None
    assert rows["Most"].reached_text == "90" and rows["Most"].ratio is not None
    # Two people in a yes/no question: both hidden, so neither can be worked out.
    rep = representation(
        [
            GroupCount(Dimension.DISABILITY, "Disabled", 2, D("20")),
            GroupCount(Dimension.DISABILITY, "Not disabled", 40, D("80")),
        ]
    )
    assert [r.reached_text for r in rep.tables[0].rows] == ["<5", "Hidden"]


def test_zero_is_under_5_too():
    rep = representation([_age("None", 0, "10"), _age("Some", 5, "45"), _age("All", 95, "45")])
    assert _rows(rep)["None"].reached_text == "<5"


@pytest.mark.parametrize(
    "counts, hidden",
    [
        ([10, 20, 30], set()),
        ([3, 20, 30], {0, 1}),
        ([3, 4, 30, 40], {0, 1, 2}),
        ([3, 7], {0, 1}),
        ([2], {0}),
        ([5, 6], set()),
    ],
)
def test_hidden_in_dimension_hides_until_a_hidden_count_is_5_or_more(counts, hidden):
    assert hidden_in_dimension(counts) == hidden


def test_a_group_the_team_names_is_compared_with_everyone_reached():
    own = GroupCount(Dimension.OWN, "People with a learning disability", 6, D("2.5"))
    rep = representation([own], people_reached=120)
    row = rep.tables[0].rows[0]
    assert row.reached_share == D("5.0") and row.ratio == D("2.00")
    assert rep.tables[0].base_text == "Share of everyone reached"
    rep = representation([own], people_reached=None)
    assert rep.tables[0].rows[0].status == Status.NO_BASE
    small = GroupCount(Dimension.OWN, "Deaf BSL users", 2, D("0.5"))
    assert representation([small], people_reached=120).tables[0].rows[0].reached_text == "<5"


def test_nothing_to_compare_says_why():
    rows = _rows(
        representation(
            [_age("Alone", 30, "40")]
            + [GroupCount(Dimension.CARERS, "Carers", 10, None)]
            + [GroupCount(Dimension.CARERS, "Not carers", 20, D("0"))]
            + [GroupCount(Dimension.CARERS, "Unknown", None, D("5"))]
        )
    )
    assert rows["Alone"].status == Status.ALONE and rows["Alone"].ratio is None
    assert rows["Carers"].status == Status.NO_SHARE
    assert rows["Not carers"].status == Status.NO_SHARE  # a 0 % population: no ratio
    assert rows["Unknown"].reached_text == "Not recorded"
    assert all(row.status_text for row in rows.values())


def test_tables_follow_the_catalogue_and_an_empty_reach_is_empty():
    rep = representation(
        [GroupCount(Dimension.OWN, "Own", 6, None), _age("A", 6, None), _age("B", 7, None)],
        people_reached=20,
    )
    assert [t.dimension for t in rep.tables] == ["age", "own"]
    assert not rep.is_empty
    assert representation([]).is_empty
    assert representation([_age("A", None, "10")]).is_empty


def test_a_group_of_your_own_with_only_a_share_is_not_recorded():
    own = GroupCount(Dimension.OWN, "Deaf BSL users", None, D("0.4"))
    row = representation([own], people_reached=80).tables[0].rows[0]
    assert row.status == Status.NOT_RECORDED and row.population_share == D("0.4")


def test_percent_drops_trailing_zeros_and_keeps_the_sign_on_the_line():
    from reach.templatetags.reach import percent

    assert percent(D("22.00")) == "22\u00a0%"
    assert percent(D("9.60")) == "9.6\u00a0%"
    assert percent(D("20")) == "20\u00a0%"
    assert percent(None) == ""
