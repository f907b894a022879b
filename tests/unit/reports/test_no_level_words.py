"""A group with no level says why in words, not with a dash."""

from assessments.scoring import Spread
from coprod.templatetags.coprod import median_text, no_level_words, range_text


def test_words_say_why_there_is_no_level():
    assert no_level_words(None) == "Not scored"
    assert no_level_words(Spread()) == "Not scored"
    assert no_level_words(Spread(dont_know=2)) == "Don't know yet"
    assert no_level_words(Spread(not_applicable=1)) == "Not applicable"
    assert no_level_words(Spread(dont_know=1, not_applicable=1)) == (
        "Don't know yet or not applicable"
    )


def test_a_median_and_range_show_as_numbers():
    spread = Spread(count=2, median=2.5, low=2, high=3)
    assert median_text(spread) == "2.5" and range_text(spread) == "2 to 3"
    assert median_text(Spread(dont_know=1)) == "Don't know yet"
    assert range_text(None) == "Not scored"
