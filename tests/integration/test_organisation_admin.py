"""Site admins set up an organisation, with its ODS code and first facilitator, in admin."""

import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from assessments.models import Membership, Organisation, OrganisationKind, Role
from people.models import MemberInvitation
from tests.factories.accounts import force_login_verified
from tests.factories.assessments import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("admin", "admin@example.org", "pw-12345!")
    force_login_verified(client, user)  # the admin requires two-factor of staff
    return client


def _inlines(memberships=0):
    """The management forms of the two inlines (members; pending invitations)."""
    forms = {}
    for prefix, total in (("memberships", memberships), ("member_invitations", 0)):
        forms |= {
            f"{prefix}-TOTAL_FORMS": str(total),
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    return forms


def _new_organisation(**fields):
    organisation = Organisation(name="NHS North Valley ICB", slug="north-valley", **fields)
    organisation.full_clean()
    return organisation


def test_admin_pages_for_organisations_and_memberships_load(admin_client):
    membership = MembershipFactory(organisation=OrganisationFactory(ods_code="QWO"))
    organisation = membership.organisation
    pages = [
        reverse("admin:assessments_organisation_changelist"),
        reverse("admin:assessments_organisation_changelist") + "?q=qwo",
        reverse("admin:assessments_organisation_changelist") + "?kind__exact=icb",
        reverse("admin:assessments_organisation_add"),
        reverse("admin:assessments_organisation_change", args=[organisation.pk]),
        reverse("admin:assessments_membership_changelist"),
        reverse("admin:assessments_membership_changelist") + f"?q={membership.user.email}",
        reverse("admin:assessments_membership_change", args=[membership.pk]),
    ]
    for url in pages:
        response = admin_client.get(url)
        assert response.status_code == 200, url
    listing = admin_client.get(pages[1]).content.decode()
    assert organisation.name in listing and "QWO" in listing


def test_site_admin_creates_an_icb_with_its_ods_code_and_first_facilitator(admin_client):
    first = UserFactory(username="fran")
    response = admin_client.post(
        reverse("admin:assessments_organisation_add"),
        {
            "name": "NHS North Valley ICB",
            "slug": "north-valley",
            "kind": OrganisationKind.ICB,
            "ods_code": " qwo ",
            **_inlines(memberships=1),
            "memberships-0-user": first.pk,
            "memberships-0-role": Role.FACILITATOR,
            "memberships-0-perspective": "nhs_staff",
        },
    )
    assert response.status_code == 302, response.content.decode()
    organisation = Organisation.objects.get(slug="north-valley")
    assert organisation.ods_code == "QWO"  # as ODS prints it
    assert Membership.objects.get(organisation=organisation).role == Role.FACILITATOR


def test_site_admin_invites_the_first_facilitator_who_can_then_manage_people(admin_client):
    response = admin_client.post(
        reverse("admin:assessments_organisation_add"),
        {
            "name": "NHS North Valley ICB",
            "slug": "north-valley",
            "kind": OrganisationKind.ICB,
            "ods_code": "QWO",
            "invite_name": "Fran Okafor",
            "invite_email": "fran.okafor@example.nhs.uk",
            **_inlines(),
        },
        follow=True,
    )
    assert "Invitation sent to Fran Okafor as facilitator." in response.content.decode()
    organisation = Organisation.objects.get(slug="north-valley")
    invitation = MemberInvitation.objects.get(organisation=organisation)
    assert invitation.role == Role.FACILITATOR
    change = admin_client.get(
        reverse("admin:assessments_organisation_change", args=[organisation.pk])
    )
    assert "fran.okafor@example.nhs.uk" in change.content.decode()  # listed as invited

    fran = Client()
    link = re.search(r"http://testserver(/join-organisation/\S+/)", mail.outbox[0].body)
    fran.get(link.group(1))
    password = "Ladder-of-participation-2026"
    fran.post(
        reverse("member_set_password"),
        {"name": "Fran Okafor", "password1": password, "password2": password},
    )
    assert fran.get(reverse("people", args=["north-valley"])).status_code == 200


def test_an_invite_email_without_a_name_is_refused(admin_client):
    response = admin_client.post(
        reverse("admin:assessments_organisation_add"),
        {
            "name": "NHS North Valley ICB",
            "slug": "north-valley",
            "kind": "icb",
            "ods_code": "QWO",
            "invite_email": "fran@example.nhs.uk",
            **_inlines(),
        },
    )
    assert "Enter the name of the person to invite." in response.content.decode()
    assert not Organisation.objects.exists()


def test_an_icb_needs_an_ods_code(admin_client):
    with pytest.raises(ValidationError) as refused:
        _new_organisation(kind=OrganisationKind.ICB, ods_code="")
    assert refused.value.message_dict["ods_code"] == [
        "Enter the ODS code: every NHS organisation has one."
    ]
    response = admin_client.post(
        reverse("admin:assessments_organisation_add"),
        {
            "name": "NHS North Valley ICB",
            "slug": "north-valley",
            "kind": OrganisationKind.ICB,
            "ods_code": "",
            **_inlines(),
        },
    )
    assert "every NHS organisation has one" in response.content.decode()
    assert not Organisation.objects.filter(slug="north-valley").exists()


def test_a_partner_may_have_no_ods_code_and_many_partners_may_share_none():
    OrganisationFactory(kind=OrganisationKind.PARTNER, ods_code="")
    _new_organisation(kind=OrganisationKind.PARTNER, ods_code="").save()
    assert Organisation.objects.filter(ods_code="").count() == 2


@pytest.mark.parametrize("code", ["Q1", "QWO-1", "ABCDEFGHIJK", "Q W O"])
def test_an_ods_code_is_three_to_ten_letters_or_digits(code):
    with pytest.raises(ValidationError) as refused:
        _new_organisation(kind=OrganisationKind.ICB, ods_code=code)
    assert "3 to 10 capital letters or digits" in str(refused.value)


def test_two_organisations_cannot_share_an_ods_code():
    OrganisationFactory(ods_code="QWO")
    with pytest.raises(ValidationError) as refused:
        _new_organisation(kind=OrganisationKind.ICB, ods_code="qwo")
    assert "Another organisation already has this ODS code." in str(refused.value)
