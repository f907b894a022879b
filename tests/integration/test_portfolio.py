"""The portfolio: every programme's latest agreed levels in one table, band as text beside
its colour, sortable by links, paginated, in a fixed number of queries; members only."""

import datetime

import pytest
from django.urls import reverse

from assessments.models import Answer, Consensus
from ladder.models import Level
from tests.factories.assessments import AssessmentFactory, ProgrammeFactory


def agree(assessment, values, *, framework=None):
    """Agreed levels for the assessment: values[i] for the i-th criterion of each framework
    (or of `framework` only)."""
    rows = []
    for f in [framework] if framework else assessment.frameworks.all():
        levels = {lv.value: lv for lv in Level.objects.filter(framework=f)}
        for criterion, value in zip(f.criteria.order_by("order"), values, strict=False):
            rows.append(
                Consensus(
                    assessment=assessment,
                    criterion=criterion,
                    answer=Answer.LEVEL,
                    level=levels[value],
                    reason="Agreed.",
                )
            )
    Consensus.objects.bulk_create(rows)


def _page(client, organisation, **query):
    return client.get(reverse("portfolio", args=[organisation.slug]), query)


def test_portfolio_shows_latest_agreed_levels_with_band_text(
    as_viewer, organisation, assessment, principles
):
    agree(assessment, [4, 2, 1])
    older = AssessmentFactory(
        programme=assessment.programme,
        date=assessment.date - datetime.timedelta(days=30),
        frameworks=[principles],
    )
    agree(older, [1, 1, 1])
    response = _page(as_viewer, organisation)
    assert response.status_code == 200
    html = response.content.decode()
    assert assessment.programme.name in html
    assert assessment.title in html and older.title not in html
    lines = response.context["page_obj"].object_list
    (line,) = lines
    values = [cell.value for column, cell in line.cells if not column.is_ladder]
    assert values == [4, 2, 1]
    # The band as text, not colour alone.
    assert '<strong class="nhsuk-tag coprod-tag--doing_with">Doing with</strong>' in html
    assert '<strong class="nhsuk-tag coprod-tag--doing_to">Doing to</strong>' in html


def test_the_ladder_rung_per_stage_sits_beside_the_principles(
    as_viewer, organisation, assessment, ladder_framework
):
    agree(assessment, [6, 4], framework=ladder_framework)
    response = _page(as_viewer, organisation)
    (line,) = response.context["page_obj"].object_list
    ladder = [cell for column, cell in line.cells if column.is_ladder]
    assert [c.value for c in ladder] == [6, 4]
    html = response.content.decode()
    assert "Co-designing" in html and "Consulting" in html


def test_sort_links_sort_by_a_principle_and_back(as_viewer, organisation, principles):
    for name, level in [("Alpha", 2), ("Beta", 5), ("Gamma", 3), ("Delta", None)]:
        a = AssessmentFactory(
            programme=ProgrammeFactory(organisation=organisation, name=name),
            frameworks=[principles],
        )
        if level:
            agree(a, [level])
    key = f"{principles.slug}:P1"

    def names(**query):
        lines = _page(as_viewer, organisation, **query).context["page_obj"].object_list
        return [ln.row.programme.name for ln in lines]

    assert names() == ["Alpha", "Beta", "Delta", "Gamma"]
    assert names(sort=key, order="desc") == ["Beta", "Gamma", "Alpha", "Delta"]
    assert names(sort=key, order="asc") == ["Alpha", "Gamma", "Beta", "Delta"]
    assert names(sort="name", order="desc") == ["Gamma", "Delta", "Beta", "Alpha"]
    assert names(sort="nonsense") == ["Alpha", "Beta", "Delta", "Gamma"]
    html = _page(as_viewer, organisation, sort=key, order="desc").content.decode()
    assert 'aria-sort="descending"' in html
    assert f"sort={key.replace(':', '%3A')}&amp;order=asc" in html


def test_portfolio_of_200_programmes_in_at_most_12_queries(
    as_viewer, organisation, principles, ladder_framework, django_assert_max_num_queries
):
    programmes = ProgrammeFactory.create_batch(200, organisation=organisation)
    for programme in programmes:
        a = AssessmentFactory(programme=programme, frameworks=[principles, ladder_framework])
        agree(a, [3, 2, 1])
    with django_assert_max_num_queries(12):
        response = _page(as_viewer, organisation, sort=f"{principles.slug}:P1", order="desc")
    assert response.context["total"] == 200
    assert len(response.context["page_obj"].object_list) == 100
    page_two = _page(as_viewer, organisation, page=2)
    assert len(page_two.context["page_obj"].object_list) == 100
    assert 'aria-label="Page 2"' in page_two.content.decode()


def test_programmes_without_agreed_levels_are_listed_as_such(as_viewer, organisation, programme):
    html = _page(as_viewer, organisation).content.decode()
    assert programme.name in html and "No levels agreed yet" in html


@pytest.mark.parametrize("persona", ["facilitator", "teammate", "viewer"])
def test_every_member_sees_the_portfolio(persona, organisation, request):
    assert _page(request.getfixturevalue(f"as_{persona}"), organisation).status_code == 200


def test_an_outsider_gets_404(as_outsider, organisation, programme):
    assert _page(as_outsider, organisation).status_code == 404


@pytest.mark.parametrize("persona", ["anonymous", "guest"])
def test_people_without_an_account_are_sent_to_log_in(persona, organisation, request):
    client = request.getfixturevalue(f"as_{persona}")
    for url in (reverse("portfolio", args=[organisation.slug]), reverse("portfolio_index")):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_the_index_goes_straight_to_a_single_organisations_portfolio(as_viewer, organisation):
    response = as_viewer.get(reverse("portfolio_index"))
    assert response.url == reverse("portfolio", args=[organisation.slug])


def test_the_index_lists_several_organisations(viewer, other_organisation):
    from tests.conftest import client_for
    from tests.factories.assessments import MembershipFactory

    MembershipFactory(user=viewer, organisation=other_organisation)
    html = client_for(viewer).get(reverse("portfolio_index")).content.decode()
    assert "Portfolio of NHS Elsewhere ICB" in html and "Portfolio of NHS Demo Valley ICB" in html


def test_the_programme_list_is_paginated(as_viewer, organisation):
    ProgrammeFactory.create_batch(30, organisation=organisation)
    first = as_viewer.get(reverse("programme_list"))
    assert len(first.context["programmes"]) == 25
    second = as_viewer.get(reverse("programme_list"), {"page": 2})
    assert len(second.context["programmes"]) == 5
    assert reverse("portfolio", args=[organisation.slug]) in first.content.decode()


def test_one_principles_framework_at_a_time_chosen_by_links(as_viewer, organisation, programme):
    from tests.factories.ladder import make_framework

    first = make_framework(criteria=2, order=1)
    second = make_framework(criteria=3, order=2)
    agree(AssessmentFactory(programme=programme, frameworks=[first, second]), [5, 4, 3])
    default = _page(as_viewer, organisation)
    assert default.context["chosen"] == first.slug
    (line,) = default.context["page_obj"].object_list
    assert [c.framework_slug for c, _ in line.cells] == [first.slug] * 2
    assert f"?framework={second.slug}" in default.content.decode()
    chosen = _page(as_viewer, organisation, framework=second.slug)
    (line,) = chosen.context["page_obj"].object_list
    assert [cell.value for _, cell in line.cells] == [5, 4, 3]
    assert _page(as_viewer, organisation, framework="nonsense").context["chosen"] == first.slug
