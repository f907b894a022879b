"""What the rounds say, without a database: matching by code, rubric changed, change values."""

from types import SimpleNamespace as Row

from assessments.rounds import (
    DOWN,
    NOT_COMPARABLE,
    RUBRIC_CHANGED,
    SAME,
    UP,
    Point,
    Wording,
    change,
    changes,
    match,
    replacements_of,
)


def point(code, agreed, *, version=1, rubric="nef", title=None, statement="S"):
    return Point(
        rubric=rubric,
        version=version,
        code=code,
        wording=Wording(title or f"Principle {code}", statement, "Q?", ((1, "one"), (2, "two"))),
        agreed=agreed,
        agreed_text=f"{agreed} Level" if agreed else "Not agreed",
    )


def test_criteria_are_matched_by_rubric_and_code_whatever_their_order():
    earlier = [point("P2", 1), point("P1", 2), point("P1", 4, rubric="ladder")]
    later = [point("P1", 3), point("P2", 2)]
    pairs = match(earlier, later)
    assert [(w.code if w else None, n.code if n else None) for w, n in pairs] == [
        ("P1", "P1"),
        ("P2", "P2"),
        ("P1", None),  # the other rubric's P1 is not this one's
    ]
    assert pairs[0][0].agreed == 2


def test_a_declared_replacement_matches_an_old_code_to_its_new_one():
    pairs = match([point("P3", 2)], [point("P7", 3)], {("nef", "P3"): "P7"})
    assert [(w.code, n.code) for w, n in pairs] == [("P3", "P7")]


def test_change_counts_levels_up_down_and_same():
    assert change(point("P1", 2), point("P1", 4)).kind == UP
    assert change(point("P1", 2), point("P1", 4)).difference == 2
    assert change(point("P1", 2), point("P1", 4)).text == "+2"
    assert change(point("P1", 3), point("P1", 2)).text == "−1"
    assert change(point("P1", 3), point("P1", 2)).kind == DOWN
    assert change(point("P1", 3), point("P1", 3)).kind == SAME
    assert change(point("P1", 3), point("P1", 3)).text == "No change"


def test_a_new_version_with_the_same_wording_is_still_compared():
    found = change(point("P1", 2, version=1), point("P1", 3, version=2))
    assert (found.kind, found.difference) == (UP, 1)


def test_changed_wording_says_rubric_changed_and_shows_the_change_not_a_difference():
    was = point("P1", 2, version=1, statement="People are asked.")
    now = point("P1", 4, version=2, statement="People decide together.")
    found = change(was, now)
    assert found.kind == RUBRIC_CHANGED
    assert found.text == "Rubric changed"
    assert found.difference is None
    assert found.wording_changes == (
        "The statement was “People are asked.” and is now “People decide together.”.",
    )


def test_descriptor_changes_are_wording_changes():
    was = point("P1", 2, version=1)
    now = Point("nef", 2, "P1", Wording("Principle P1", "S", "Q?", ((1, "one"), (2, "TWO"))), 2, "")
    assert change(was, now).wording_changes == ("Level 2 was described as “two” and is now “TWO”.",)


def test_unagreed_new_and_dropped_criteria_are_not_compared():
    assert change(point("P1", None), point("P1", 3)).kind == NOT_COMPARABLE
    found = changes([point("P1", 2), point("P9", 1)], [point("P1", 2), point("P5", 3)])
    assert [(c.point.code, c.kind) for c in found] == [
        ("P1", SAME),
        ("P5", NOT_COMPARABLE),
        ("P9", NOT_COMPARABLE),
    ]
    assert found[1].was is None and found[2].now is None


def test_an_old_code_split_in_two_is_compared_with_each_new_one_as_rubric_changed():
    earlier = [point("NHSE5", 3), point("NHSE6", 2)]
    later = [point("NHSE5A", 4, version=2), point("NHSE5B", 1, version=2), point("NHSE6", 2)]
    found = changes(earlier, later, {("nef", "NHSE5"): ("NHSE5A", "NHSE5B")})
    assert [(c.was.code, c.now.code, c.kind) for c in found] == [
        ("NHSE5", "NHSE5A", RUBRIC_CHANGED),
        ("NHSE5", "NHSE5B", RUBRIC_CHANGED),
        ("NHSE6", "NHSE6", SAME),
    ]
    assert found[0].wording_changes[0] == "NHSE5A replaces NHSE5 of version 1."
    assert found[0].difference is None  # a replaced criterion is not a difference of levels


def test_a_replacement_is_ignored_when_the_old_code_is_still_there():
    pairs = match([point("P3", 2)], [point("P3", 2), point("P7", 3)], {("nef", "P3"): "P7"})
    assert [(w.code if w else None, n.code) for w, n in pairs] == [("P3", "P3"), (None, "P7")]


def test_replacements_are_read_from_the_criteria_of_the_version():
    framework = Row(slug="nhse")
    criteria = [
        Row(code="NHSE5A", replaces=["NHSE5"]),
        Row(code="NHSE5B", replaces=["NHSE5"]),
        Row(code="NHSE6", replaces=[]),
    ]
    assert replacements_of(framework, criteria) == {("nhse", "NHSE5"): ("NHSE5A", "NHSE5B")}
