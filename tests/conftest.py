"""Personas, as healthchecks' hc/test.py does: every view is tried as each of them.

- facilitator: runs the assessment in the programme's organisation
- teammate:    a contributor in the same organisation
- viewer:      a panel viewer in the same organisation (reads results only)
- outsider:    a facilitator in another organisation
- guest:       an invited person with lived experience, no account (session only)
"""

import pytest
from django.test import Client

from assessments.access import GUEST_SESSION_KEY
from assessments.models import Perspective, Role
from ladder.models import FrameworkKind
from tests.factories.assessments import (
    AssessmentFactory,
    MembershipFactory,
    OrganisationFactory,
    ParticipantFactory,
    ProgrammeFactory,
    UserFactory,
)
from tests.factories.ladder import make_framework


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # PBKDF2 is deliberately slow; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def principles(db):
    return make_framework(kind=FrameworkKind.PRINCIPLES, criteria=3, order=2)


@pytest.fixture
def ladder_framework(db):
    return make_framework(kind=FrameworkKind.LADDER, criteria=2, order=1)


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="NHS Demo Valley ICB", slug="demo-valley")


@pytest.fixture
def other_organisation(db):
    return OrganisationFactory(name="NHS Elsewhere ICB", slug="elsewhere")


def _member(organisation, role, username, perspective=Perspective.NHS_STAFF):
    return MembershipFactory(
        organisation=organisation,
        role=role,
        perspective=perspective,
        user=UserFactory(username=username),
    ).user


@pytest.fixture
def facilitator(organisation):
    return _member(organisation, Role.FACILITATOR, "facilitator")


@pytest.fixture
def teammate(organisation):
    return _member(organisation, Role.CONTRIBUTOR, "teammate", Perspective.CLINICIAN)


@pytest.fixture
def viewer(organisation):
    return _member(organisation, Role.VIEWER, "viewer")


@pytest.fixture
def outsider(other_organisation):
    return _member(other_organisation, Role.FACILITATOR, "outsider")


@pytest.fixture
def programme(organisation, facilitator):
    return ProgrammeFactory(
        organisation=organisation,
        name="Town centre urgent care reconfiguration",
        created_by=facilitator,
    )


@pytest.fixture
def assessment(programme, principles, ladder_framework, facilitator):
    return AssessmentFactory(
        programme=programme,
        title="Baseline, spring",
        created_by=facilitator,
        frameworks=[ladder_framework, principles],
    )


@pytest.fixture
def guest_participant(assessment):
    return ParticipantFactory(
        assessment=assessment, name="Sam Guest", perspective=Perspective.LIVED_EXPERIENCE
    )


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def as_facilitator(facilitator):
    return client_for(facilitator)


@pytest.fixture
def as_teammate(teammate):
    return client_for(teammate)


@pytest.fixture
def as_viewer(viewer):
    return client_for(viewer)


@pytest.fixture
def as_outsider(outsider):
    return client_for(outsider)


@pytest.fixture
def as_anonymous(db):
    return Client()


@pytest.fixture
def as_guest(guest_participant):
    client = Client()
    session = client.session
    session[GUEST_SESSION_KEY] = [guest_participant.pk]
    session.save()
    return client


# --- a clinical senate's review panel (reviews/) ----------------------------------------
# - panel_chair:      chairs the review of `assessment` (submitted, shared with the senate)
# - panel_member:     a patient and public partner on that panel
# - other_panel:      sits on the panel of another assessment of the same ICB
# - senate_colleague: a member of the senate, on no panel


@pytest.fixture
def senate(db):
    from tests.factories.reviews import SenateFactory

    return SenateFactory(name="South Coast Clinical Senate", slug="south-coast-senate")


def _seat(review, username, role, *, chair=False):
    from tests.factories.reviews import PanelMemberFactory

    user = _member(review.reviewing_organisation, Role.VIEWER, username)
    return PanelMemberFactory(
        review=review, user=user, name=user.get_full_name(), role=role, is_chair=chair
    )


@pytest.fixture
def review(assessment, senate, facilitator):
    from assessments.models import AssessmentStatus
    from tests.factories.reviews import ReviewFactory
    from tests.factories.scenarios import score_assessment

    score_assessment(assessment=assessment)
    assessment.status = AssessmentStatus.SUBMITTED
    assessment.save()
    return ReviewFactory(
        assessment=assessment, reviewing_organisation=senate, shared_by=facilitator
    )


@pytest.fixture
def panel_chair(review):
    from reviews.models import PanelRole

    return _seat(review, "chair", PanelRole.CLINICIAN, chair=True).user


@pytest.fixture
def panel_member(review):
    from reviews.models import PanelRole

    return _seat(review, "partner", PanelRole.PUBLIC_PARTNER).user


@pytest.fixture
def other_review(programme, senate, principles, ladder_framework, facilitator):
    from assessments.models import AssessmentStatus
    from tests.factories.reviews import ReviewFactory

    other = AssessmentFactory(
        programme=programme,
        title="Other round",
        status=AssessmentStatus.SUBMITTED,
        frameworks=[ladder_framework, principles],
    )
    return ReviewFactory(assessment=other, reviewing_organisation=senate)


@pytest.fixture
def other_panel(other_review):
    from reviews.models import PanelRole

    return _seat(other_review, "otherpanel", PanelRole.PUBLIC_PARTNER, chair=True).user


@pytest.fixture
def senate_colleague(senate):
    return _member(senate, Role.VIEWER, "senatecolleague")


@pytest.fixture
def as_panel_chair(panel_chair):
    return client_for(panel_chair)


@pytest.fixture
def as_panel_member(panel_member):
    return client_for(panel_member)


@pytest.fixture
def as_other_panel(other_panel):
    return client_for(other_panel)


@pytest.fixture
def as_senate_colleague(senate_colleague):
    return client_for(senate_colleague)
