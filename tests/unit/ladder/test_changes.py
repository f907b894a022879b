"""What a draft changes from the published version, as admin shows it before "Publish"."""

import copy

from ladder.changes import changes_between
from tests.unit.ladder.rubric_docs import minimal_doc


def _draft_of(doc):
    draft = copy.deepcopy(doc)
    draft["framework"]["version"] += 1
    draft["framework"]["status"] = "draft"
    return draft


def test_a_new_version_number_alone_changes_nothing():
    published = minimal_doc(status="published")
    assert changes_between(published, _draft_of(published)) == []


def test_changes_are_grouped_by_criterion_with_before_and_after():
    published = minimal_doc(status="published")
    draft = _draft_of(published)
    draft["criteria"][1]["levels"]["2"]["descriptor"] = "New words."
    draft["criteria"][1]["levels"]["2"]["next_steps"] = ["First", "Second"]
    draft["framework"]["description"] = "Clearer."
    sections = changes_between(published, draft)
    assert [s.title for s in sections] == ["The framework", "B Mutuality"]
    [framework, criterion] = sections
    assert [c.where for c in framework.changes] == ["description"]
    assert framework.changes[0].after == "Clearer."
    assert [c.where for c in criterion.changes] == ["Level 2: descriptor", "Level 2: next steps"]
    assert criterion.changes[0].after == "New words."
    assert criterion.changes[1].after == "First\nSecond"  # one per line, as it is edited


def test_added_and_removed_criteria_and_scale_changes_are_named():
    published = minimal_doc(status="published")
    draft = _draft_of(published)
    removed = draft["criteria"].pop(0)
    added = copy.deepcopy(draft["criteria"][0]) | {"code": "C", "title": "Reciprocity"}
    draft["criteria"].append(added)
    draft["levels"][0]["label"] = "Told"
    sections = {s.title: s for s in changes_between(published, draft)}
    assert sections["C Reciprocity"].status == "added"
    assert sections[f"A {removed['title']}"].status == "removed"
    assert sections["The scale (levels)"].changes[0].where == "Level 1: label"


def test_with_nothing_published_every_criterion_is_new():
    sections = changes_between(None, minimal_doc())
    assert [(s.title, s.status) for s in sections] == [
        ("A Assets", "added"),
        ("B Mutuality", "added"),
    ]


def test_a_new_file_format_is_shown():
    published = minimal_doc(status="published")
    draft = _draft_of(published)
    draft["format"] = "coprod-rubric/2"
    [framework] = changes_between(published, draft)
    assert framework.changes[0].where == "file format"
