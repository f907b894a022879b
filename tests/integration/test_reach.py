"""Who was involved: entering counts and shares, uploading a population file, what the
page, the report and the PDF show, what is refused whole, and how many queries."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from assessments.models import AssessmentStatus
from ladder.models import Criterion, FrameworkKind
from reach import services
from reach.models import Reach, ReachGroup
from tests.factories.assessments import AssessmentFactory
from tests.factories.ladder import make_framework
from tests.factories.scenarios import score_assessment

COUNTS = {
    "people_reached": "120",
    "population_source": "ONS Census 2021, Demo Valley",
    "reached_eth-asian": "3",  # under 5: shown as <5
    "share_eth-asian": "12",
    "reached_eth-black": "8",  # the next smallest: hidden too
    "share_eth-black": "6",
    "reached_eth-white": "100",
    "share_eth-white": "70",
    "reached_eth-mixed": "9",
    "share_eth-mixed": "4",
    "reached_dis-yes": "10",  # 10 of 100: 0.45 of 22 % (under-represented)
    "share_dis-yes": "22",
    "reached_dis-no": "90",
    "share_dis-no": "78",
    "label_own0": "People with a learning disability",
    "reached_own0": "6",
    "share_own0": "2.5",
}


def _edit(client, assessment, data):
    return client.post(reverse("reach_edit", args=[assessment.pk]), data)


def _upload(client, assessment, data: bytes, name="population.csv"):
    url = reverse("reach_upload", args=[assessment.pk])
    return client.post(url, {"population_file": SimpleUploadedFile(name, data)})


def _page(client, assessment):
    return client.get(reverse("reach_detail", args=[assessment.pk])).content.decode()


def _row(html, label):
    """The table row of one group, as text."""
    start = html.index(f"</span>{label}</th>")
    return html[start : html.index("</tr>", start)]


def test_facilitator_enters_counts_and_sees_representation(as_facilitator, as_viewer, assessment):
    response = _edit(as_facilitator, assessment, COUNTS)
    assert response.status_code == 302
    assert Reach.objects.get(assessment=assessment).people_reached == 120
    html = _page(as_viewer, assessment)
    assert "People reached in all: <strong>120</strong>" in html
    assert "below 0.8" in html
    disabled = _row(html, "Disabled under the Equality Act")
    assert ">10<" in disabled and "10\u00a0%" in disabled and "0.45" in disabled
    assert "under-represented" in disabled
    assert "<li>Disabled under the Equality Act (disability): 0.45</li>" in html
    asian = _row(html, "Asian, Asian British or Asian Welsh")
    assert "&lt;5" in asian and ">3<" not in asian
    assert "<li>Asian, Asian British or Asian Welsh (ethnic group), 12\u00a0% of" in html
    black = _row(html, "Black, Black British, Black Welsh, Caribbean or African")
    assert "Hidden" in black and ">8<" not in black
    own = _row(html, "People with a learning disability")
    assert "5\u00a0%" in own and "2.00" in own
    assert "Not recorded" in _row(html, "Other ethnic group")


def test_a_form_error_keeps_what_was_typed_and_saves_nothing(as_facilitator, assessment):
    data = {**COUNTS, "reached_eth-white": "a hundred", "share_dis-yes": "120"}
    response = _edit(as_facilitator, assessment, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Enter the number of people reached for White as a whole number" in html
    assert "The population share for Disabled under the Equality Act cannot be over 100 %" in html
    assert 'value="a hundred"' in html and 'value="120"' in html
    assert 'value="People with a learning disability"' in html
    assert not ReachGroup.objects.exists() and not Reach.objects.exists()


def test_counts_that_do_not_add_up_are_refused_with_what_was_typed(as_facilitator, assessment):
    data = {**COUNTS, "people_reached": "50"}
    html = _edit(as_facilitator, assessment, data).content.decode()
    assert "Ethnic group: the groups add up to 120 people, more than the 50 people reached." in html
    assert 'value="50"' in html and 'value="100"' in html
    assert not ReachGroup.objects.exists()


def test_a_group_of_your_own_needs_a_name(as_facilitator, assessment):
    html = _edit(as_facilitator, assessment, {"reached_own1": "7"}).content.decode()
    assert "Name your group 2, or clear its numbers" in html
    assert not ReachGroup.objects.exists()


def test_saving_again_replaces_the_groups_and_shows_them_in_the_form(as_facilitator, assessment):
    _edit(as_facilitator, assessment, COUNTS)
    _edit(as_facilitator, assessment, {"reached_dis-yes": "12", "reached_dis-no": "30"})
    assert set(ReachGroup.objects.values_list("code", "reached")) == {
        ("dis-yes", 12),
        ("dis-no", 30),
    }
    html = as_facilitator.get(reverse("reach_edit", args=[assessment.pk])).content.decode()
    assert 'name="reached_dis-yes" type="text" value="12"' in html


def test_an_uploaded_csv_sets_the_shares_and_keeps_the_counts(as_facilitator, assessment):
    _edit(as_facilitator, assessment, COUNTS)
    data = (
        "category,group,population_percent\r\n"
        "Ethnic group,White,78.1\r\n"
        'Ethnic group,"Asian, Asian British or Asian Welsh",9.6\r\n'
        "Groups you name,Deaf people who use BSL,0.2\r\n"
    )
    url = reverse("reach_upload", args=[assessment.pk])
    upload = SimpleUploadedFile("population.csv", b"\xef\xbb\xbf" + data.encode())
    response = as_facilitator.post(
        url, {"population_file": upload, "population_source": "Census 2021, Demo Valley"}
    )
    assert response.status_code == 302
    reach = Reach.objects.get(assessment=assessment)
    assert (reach.population_source, str(reach)) == (
        "Census 2021, Demo Valley",
        f"Who was involved in {assessment}",
    )
    assert reach.people_reached == 120  # kept
    white = ReachGroup.objects.get(code="eth-white")
    assert (white.reached, white.population_share) == (100, Decimal("78.10"))
    assert ReachGroup.objects.get(own_label="Deaf people who use BSL").reached is None
    assert ReachGroup.objects.get(code="dis-yes").population_share == Decimal("22")


@pytest.mark.parametrize(
    "data, message",
    [
        (b"group,percent\nWhite,80\n", "Line 1: the columns must be"),
        (
            b"category,group,population_percent\nEthnic group,White,80\nEthnic group,Mixed or "
            b"Multiple ethnic groups,180\n",
            "Line 3: 180 is over 100 %.",
        ),
        (
            b"category,group,population_percent\nEthnic group,White,eighty\n",
            "Line 2: &quot;eighty&quot; is not a number.",
        ),
        (
            "category,group,population_percent\nEthnic group,White,80\n"
            "Groups you name,Older people – rural,2\n".encode("cp1252"),
            "Line 3: this file is not saved as UTF-8",
        ),
    ],
)
def test_a_bad_population_file_is_refused_whole(as_facilitator, assessment, data, message):
    _edit(as_facilitator, assessment, {"reached_eth-white": "20", "share_eth-white": "50"})
    before = list(ReachGroup.objects.values_list("code", "reached", "population_share"))
    response = _upload(as_facilitator, assessment, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "There is a problem" in html
    if b"\x96" in data:
        assert "CSV UTF-8 (Comma delimited) (*.csv)" in html
    assert list(ReachGroup.objects.values_list("code", "reached", "population_share")) == before


def test_a_file_that_takes_shares_over_100_with_those_entered_saves_nothing(
    as_facilitator, assessment
):
    _edit(as_facilitator, assessment, {"share_eth-white": "80"})
    data = b"category,group,population_percent\nEthnic group,Other ethnic group,40\n"
    html = _upload(as_facilitator, assessment, data).content.decode()
    assert "Ethnic group: the population shares add up to 120 %, over 100 %." in html
    assert list(ReachGroup.objects.values_list("code", flat=True)) == ["eth-white"]


def test_an_xlsx_file_is_read(as_facilitator, assessment):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["category", "group", "population_percent"])
    book.active.append(["Unpaid carers", "Provides unpaid care", 8.9])
    out = io.BytesIO()
    book.save(out)
    response = _upload(as_facilitator, assessment, out.getvalue(), name="census.xlsx")
    assert response.status_code == 302
    assert ReachGroup.objects.get(code="care-yes").population_share == Decimal("8.90")


def test_the_template_file_downloads_as_csv_utf8(as_facilitator, assessment):
    response = as_facilitator.get(reverse("reach_template", args=[assessment.pk]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbfcategory,group,population_percent")


def test_a_submitted_assessment_cannot_change(as_facilitator, assessment):
    assessment.status = AssessmentStatus.SUBMITTED
    assessment.save()
    html = _edit(as_facilitator, assessment, COUNTS).content.decode()
    assert "has been submitted, so who was involved can no longer change" in html
    assert not ReachGroup.objects.exists()
    data = b"category,group,population_percent\nEthnic group,White,80\n"
    assert "can no longer change" in _upload(as_facilitator, assessment, data).content.decode()
    assert "can no longer change" in _page(as_facilitator, assessment)
    assert not ReachGroup.objects.exists()


def test_names_a_team_gives_are_escaped(as_facilitator, as_viewer, assessment):
    data = {"people_reached": "50", "label_own0": "<script>alert(1)</script>", "reached_own0": "9"}
    _edit(as_facilitator, assessment, data)
    for html in (
        _page(as_viewer, assessment),
        as_viewer.get(reverse("report", args=[assessment.pk])).content.decode(),
    ):
        assert "<script>alert(1)" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# --- the report, the PDF and the principle that points here -----------------------------


def test_report_and_pdf_show_the_representation_table(as_facilitator, as_viewer, assessment):
    score_assessment(assessment=assessment)
    _edit(as_facilitator, assessment, COUNTS)
    html = as_viewer.get(reverse("report", args=[assessment.pk])).content.decode()
    assert 'id="who-was-involved"' in html
    assert "<li>Disabled under the Equality Act (disability): 0.45</li>" in html
    pdf = as_viewer.get(reverse("report_pdf", args=[assessment.pk])).content
    text = " ".join(
        " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split()
    )
    assert "Who was involved, compared with who lives here" in text
    assert "Disabled under the Equality Act (disability): 0.45" in text
    assert "below 0.8" in text
    assert "<5" in text


def test_an_empty_reach_says_so_in_the_report(as_viewer, assessment):
    html = as_viewer.get(reverse("report", args=[assessment.pk])).content.decode()
    assert "No counts have been recorded yet." in html


@pytest.fixture
def nhse(db):
    framework = make_framework(
        kind=FrameworkKind.PRINCIPLES, criteria=4, slug="nhse-ten-principles"
    )
    Criterion.objects.filter(framework=framework, code="P4").update(code="NHSE4")
    return framework


@pytest.fixture
def nhse_assessment(programme, nhse, facilitator):
    return AssessmentFactory(programme=programme, created_by=facilitator, frameworks=[nhse])


def test_the_principle_about_excluded_groups_links_to_who_was_involved_when_agreeing(
    as_facilitator, nhse, nhse_assessment
):
    link = (
        f'<a href="{reverse("reach_detail", args=[nhse_assessment.pk])}">See who was involved</a>'
    )
    for code, shown in (("NHSE4", True), ("P1", False)):
        criterion = Criterion.objects.get(framework=nhse, code=code)
        url = reverse("consensus_criterion", args=[nhse_assessment.pk, criterion.pk])
        assert (link in as_facilitator.get(url).content.decode()) is shown


def test_the_report_links_the_principle_to_its_section(as_viewer, nhse_assessment):
    html = as_viewer.get(reverse("report", args=[nhse_assessment.pk])).content.decode()
    assert html.count('<a href="#who-was-involved">See who was involved</a>') == 1


def test_the_guest_scoring_the_principle_sees_the_link_and_the_page(nhse_assessment, nhse, client):
    from assessments.access import GUEST_SESSION_KEY
    from tests.factories.assessments import ParticipantFactory

    guest = ParticipantFactory(assessment=nhse_assessment)
    session = client.session
    session[GUEST_SESSION_KEY] = [guest.pk]
    session.save()
    link = (
        f'<a href="{reverse("reach_detail", args=[nhse_assessment.pk])}">See who was involved</a>'
    )
    for code, shown in (("NHSE4", True), ("P1", False)):
        criterion = Criterion.objects.get(framework=nhse, code=code)
        url = reverse("score_criterion", args=[nhse_assessment.pk, criterion.pk])
        assert (link in client.get(url).content.decode()) is shown
    page = client.get(reverse("reach_detail", args=[nhse_assessment.pk])).content.decode()
    assert "Back to your questions" in page and "Enter or change" not in page


# --- queries ------------------------------------------------------------------------


def test_pages_and_posts_keep_to_12_queries(
    as_facilitator, as_viewer, assessment, django_assert_max_num_queries
):
    score_assessment(assessment=assessment)
    with django_assert_max_num_queries(12):
        assert _edit(as_facilitator, assessment, COUNTS).status_code == 302
    data = b"category,group,population_percent\nEthnic group,White,72\nAge band,age-65,9\n"
    with django_assert_max_num_queries(12):
        assert _upload(as_facilitator, assessment, data).status_code == 302
    for name in ("reach_detail", "reach_edit", "reach_upload", "report"):
        with django_assert_max_num_queries(12):
            assert as_facilitator.get(reverse(name, args=[assessment.pk])).status_code == 200
    with django_assert_max_num_queries(12):
        assert as_viewer.get(reverse("report", args=[assessment.pk])).status_code == 200


def test_the_service_refuses_what_does_not_add_up_and_saves_nothing(assessment, facilitator):
    entries = [
        services.GroupEntry("own", "", "Carers", 60, None),
        services.GroupEntry("own", "", "carers", 1, None),
    ]
    with pytest.raises(services.ValidationError) as refused:
        services.save_reach(
            assessment=assessment,
            by=facilitator,
            people_reached=50,
            population_source="",
            entries=entries,
        )
    assert refused.value.messages == [
        "Carers: 60 people is more than the 50 people reached.",
        "carers is named twice: give each group once.",
    ]
    assert not Reach.objects.exists()
