from assessments.scoring import (
    DONT_KNOW,
    LEVEL,
    NOT_APPLICABLE,
    Progress,
    Rating,
    band_of,
    below_target,
    disagreement,
    in_order,
    median_level,
    spread,
    spread_by_perspective,
    strongest_and_weakest,
    widest_gap,
)

STAFF, LIVED = "nhs_staff", "lived_experience"


def r(perspective, value=None, answer=LEVEL):
    return Rating(perspective, answer, value)


def test_spread_gives_median_and_range_of_chosen_levels():
    s = spread([r(STAFF, 2), r(STAFF, 4), r(LIVED, 3)])
    assert (s.count, s.median, s.low, s.high, s.range) == (3, 3, 2, 4, 2)


def test_median_of_an_even_number_of_levels_is_the_midpoint():
    assert spread([r(STAFF, 2), r(STAFF, 3)]).median == 2.5


def test_not_applicable_and_dont_know_are_counted_but_excluded_from_median():
    s = spread([r(STAFF, 5), r(STAFF, answer=NOT_APPLICABLE), r(LIVED, answer=DONT_KNOW)])
    assert (s.count, s.not_applicable, s.dont_know, s.median, s.total) == (1, 1, 1, 5, 3)


def test_no_levels_chosen_gives_no_median_and_is_not_flagged():
    s = spread([r(STAFF, answer=DONT_KNOW)])
    assert s.median is None and s.range is None and not s.apart


def test_people_two_levels_apart_are_flagged_but_one_level_apart_are_not():
    assert spread([r(STAFF, 2), r(LIVED, 4)]).apart
    assert not spread([r(STAFF, 3), r(LIVED, 4)]).apart


def test_spread_by_perspective_groups_ratings():
    by = spread_by_perspective([r(STAFF, 4), r(STAFF, 5), r(LIVED, 2)])
    assert by[STAFF].median == 4.5 and by[LIVED].median == 2


def test_widest_gap_names_the_perspectives_furthest_apart():
    by = spread_by_perspective([r(STAFF, 5), r(LIVED, 2), r("carer", 3)])
    assert widest_gap(by) == (STAFF, LIVED, 3)
    assert widest_gap(spread_by_perspective([r(STAFF, 5), r(LIVED, answer=DONT_KNOW)])) is None


def test_median_level_rounds_a_half_level_down():
    assert median_level([2, 3]) == 2
    assert median_level([]) is None


def test_band_of_uses_the_level_at_or_below_a_fractional_value():
    bands = {1: "doing_to", 2: "doing_for", 3: "doing_for", 4: "doing_with"}
    assert band_of(3.5, bands) == "doing_for"
    assert band_of(4, bands) == "doing_with"
    assert band_of(None, bands) is None


def test_progress_reads_as_plain_english():
    assert str(Progress(9, 21)) == "9 of 21 scored"
    assert Progress(21, 21).complete and not Progress(0, 21).started


def test_strongest_and_weakest_include_ties_and_skip_unscored():
    strongest, weakest = strongest_and_weakest({"A": 4, "B": 2, "C": 4, "D": None})
    assert strongest == ["A", "C"] and weakest == ["B"]


def test_strongest_and_weakest_say_all_equal_levels_once_as_strongest():
    assert strongest_and_weakest({"A": 3, "B": 3}) == (["A", "B"], [])
    assert strongest_and_weakest({"A": None}) == ([], [])


def test_perspectives_two_levels_apart_are_a_disagreement_but_one_level_is_not():
    found = disagreement(spread_by_perspective([r(STAFF, 5), r(STAFF, 4), r(LIVED, 2)]))
    assert (found.high, found.high_median, found.low, found.low_median) == (STAFF, 4.5, LIVED, 2)
    assert found.gap == 2.5
    assert disagreement(spread_by_perspective([r(STAFF, 4), r(LIVED, 3)])) is None
    assert disagreement(spread_by_perspective([r(STAFF, 5)])) is None


def test_below_target_needs_both_levels_and_the_agreed_one_lower():
    assert below_target(2, 4)
    assert not below_target(4, 4) and not below_target(5, 4)
    assert not below_target(None, 4) and not below_target(2, None)


def test_in_order_keeps_the_given_order_and_drops_unknown_values():
    assert in_order({"c", "a", "x"}, ["a", "b", "c"]) == ["a", "c"]
