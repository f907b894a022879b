"""The benchmark across organisations: shown only when five organisations that opted in
contribute; withdrawing takes a organisation out at once; no other organisation is named;
the opt-in page is for the organisation's facilitators only."""

import pytest
from django.urls import reverse

from assessments.models import Organisation, OrganisationKind
from tests.factories.assessments import AssessmentFactory, OrganisationFactory, ProgrammeFactory
from tests.integration.test_portfolio import agree


def _contributors(n, principles, *, values=(1, 2, 3, 4, 5), opt_in=True):
    organisations = []
    for i in range(n):
        organisation = OrganisationFactory(
            name=f"NHS Secret Contributor {i} ICB", benchmark_opt_in=opt_in
        )
        programme = ProgrammeFactory(organisation=organisation, name=f"Hidden programme {i}")
        agree(AssessmentFactory(programme=programme, frameworks=[principles]), [values[i % 5]])
        organisations.append(organisation)
    return organisations


@pytest.fixture
def mine(assessment, principles):
    agree(assessment, [4, 3, 2], framework=principles)
    return assessment.programme


def _benchmark(client, programme):
    return client.get(reverse("benchmark", args=[programme.pk]))


def _shown_codes(response):
    return [line.column.code for line in response.context["benchmark"].shown]


def test_four_organisations_are_not_enough(as_viewer, mine, principles):
    _contributors(4, principles)
    response = _benchmark(as_viewer, mine)
    assert response.status_code == 200
    assert _shown_codes(response) == []
    assert "there is no benchmark to show yet" in response.content.decode()


def test_five_organisations_show_the_distribution_with_this_programme_marked(
    as_viewer, mine, principles
):
    _contributors(5, principles)
    response = _benchmark(as_viewer, mine)
    assert _shown_codes(response) == ["P1"]  # only P1 has five organisations' levels
    (line,) = response.context["benchmark"].shown
    d = line.distribution
    assert (d.count, d.low, d.lower_quartile, d.median, d.upper_quartile, d.high) == (
        5,
        1,
        2,
        3,
        4,
        5,
    )
    assert line.mine.value == 4
    html = response.content.decode()
    assert "<circle" in html  # the programme's dot on the picture
    assert "Fewer than 5 organisations share a level for P2, P3" in html


def test_nothing_names_another_organisation(as_viewer, mine, principles):
    _contributors(6, principles)
    html = _benchmark(as_viewer, mine).content.decode()
    assert "Secret Contributor" not in html and "Hidden programme" not in html
    for organisation in Organisation.objects.exclude(slug="demo-valley"):
        assert organisation.slug not in html and organisation.ods_code not in html


def test_organisations_that_did_not_opt_in_do_not_count(as_viewer, mine, principles):
    _contributors(3, principles)
    _contributors(5, principles, opt_in=False)
    assert _shown_codes(_benchmark(as_viewer, mine)) == []


def test_partners_do_not_count_only_icbs(as_viewer, mine, principles):
    _contributors(4, principles)
    partner = _contributors(1, principles)[0]
    Organisation.objects.filter(pk=partner.pk).update(kind=OrganisationKind.PARTNER)
    assert _shown_codes(_benchmark(as_viewer, mine)) == []


def test_withdrawing_takes_an_organisation_out_at_once(as_viewer, mine, principles):
    organisations = _contributors(5, principles)
    assert _shown_codes(_benchmark(as_viewer, mine)) == ["P1"]
    Organisation.objects.filter(pk=organisations[0].pk).update(benchmark_opt_in=False)
    assert _shown_codes(_benchmark(as_viewer, mine)) == []


def test_benchmark_queries_do_not_grow_with_organisations(
    as_viewer, mine, principles, django_assert_max_num_queries
):
    _contributors(30, principles)
    with django_assert_max_num_queries(14):
        assert _benchmark(as_viewer, mine).status_code == 200


@pytest.mark.parametrize("persona", ["facilitator", "teammate", "viewer"])
def test_members_see_their_programmes_benchmark(persona, mine, request):
    assert _benchmark(request.getfixturevalue(f"as_{persona}"), mine).status_code == 200


def test_an_outsider_gets_404_for_the_benchmark(as_outsider, mine):
    assert _benchmark(as_outsider, mine).status_code == 404


@pytest.mark.parametrize("persona", ["anonymous", "guest"])
def test_the_benchmark_sends_people_without_an_account_to_log_in(persona, mine, request):
    response = _benchmark(request.getfixturevalue(f"as_{persona}"), mine)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


# --- opting in and out ------------------------------------------------------------------


def _sharing(organisation):
    return reverse("benchmark_sharing", args=[organisation.slug])


def test_sharing_is_off_by_default(organisation):
    assert Organisation.objects.get(pk=organisation.pk).benchmark_opt_in is False


def test_a_facilitator_opts_in_and_withdraws(as_facilitator, organisation):
    url = _sharing(organisation)
    assert as_facilitator.get(url).status_code == 200
    assert as_facilitator.post(url, {"share": "yes"}).status_code == 302
    assert Organisation.objects.get(pk=organisation.pk).benchmark_opt_in is True
    assert "shares its levels now" in as_facilitator.get(url).content.decode()
    as_facilitator.post(url, {"share": "no"})
    assert Organisation.objects.get(pk=organisation.pk).benchmark_opt_in is False


def test_the_sharing_form_says_what_is_missing(as_facilitator, organisation):
    response = as_facilitator.post(_sharing(organisation), {})
    assert response.status_code == 200
    assert "Choose whether to share your levels" in response.content.decode()


@pytest.mark.parametrize("persona", ["teammate", "viewer", "outsider"])
def test_only_the_organisations_facilitators_may_choose(persona, organisation, request):
    client = request.getfixturevalue(f"as_{persona}")
    assert client.get(_sharing(organisation)).status_code == 404
    assert client.post(_sharing(organisation), {"share": "yes"}).status_code == 404
    assert Organisation.objects.get(pk=organisation.pk).benchmark_opt_in is False


@pytest.mark.parametrize("persona", ["anonymous", "guest"])
def test_sharing_sends_people_without_an_account_to_log_in(persona, organisation, request):
    client = request.getfixturevalue(f"as_{persona}")
    response = client.post(_sharing(organisation), {"share": "yes"})
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert Organisation.objects.get(pk=organisation.pk).benchmark_opt_in is False
