from django.urls import path
from django.views.decorators.cache import never_cache

from coprod.http import private_link

from . import views, views_links, views_rounds, views_scoring

urlpatterns = [
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("programmes/", views.programme_list, name="programme_list"),
    path("programmes/new/", views.programme_create, name="programme_create"),
    path("programmes/<int:pk>/", views.programme_detail, name="programme_detail"),
    path("programmes/<int:pk>/assessments/new/", views.assessment_create, name="assessment_create"),
    path("assessments/<int:pk>/", views.assessment_detail, name="assessment_detail"),
    path("assessments/<int:pk>/invite/", views.participant_invite, name="participant_invite"),
    path(
        "assessments/<int:pk>/participants/<int:participant_pk>/resend/",
        views.participant_resend,
        name="participant_resend",
    ),
    path("assessments/<int:pk>/next-round/", views_rounds.round_start, name="round_start"),
    path(
        "assessments/<int:pk>/participants/<int:participant_pk>/anonymise/",
        views.participant_anonymise,
        name="participant_anonymise",
    ),
    path(
        "assessments/<int:pk>/participants/<int:participant_pk>/named/",
        views.participant_named,
        name="participant_named",
    ),
    path("assessments/<int:pk>/submit/", views.assessment_submit, name="assessment_submit"),
    path("join/", never_cache(views.invitation), name="invitation_welcome"),
    path(
        "join/link-not-working/", never_cache(views_links.link_not_working), name="link_not_working"
    ),
    path("join/new-link/", never_cache(views_links.fresh_link_request), name="fresh_link_request"),
    # After the fixed join/ addresses, which a token must not shadow.
    path("join/<str:token>/", private_link(views.invitation_link), name="invitation"),
    path(
        "assessments/<int:pk>/participants/<int:participant_pk>/fresh-link/",
        never_cache(views_links.participant_fresh_link),
        name="participant_fresh_link",
    ),
    path("sign-out/", views.guest_sign_out, name="guest_sign_out"),
    path("stay-signed-in/", views_links.guest_keep_alive, name="guest_keep_alive"),
    path("assessments/<int:pk>/score/start/", views_scoring.score_start, name="score_start"),
    path("assessments/<int:pk>/score/", views_scoring.task_list, name="task_list"),
    path(
        "assessments/<int:pk>/score/<int:criterion_pk>/",
        views_scoring.score_criterion,
        name="score_criterion",
    ),
    # Assisted scoring: a facilitator records answers on a participant's behalf.
    path(
        "assessments/<int:pk>/record/<int:participant_pk>/",
        views_scoring.task_list,
        name="record_task_list",
    ),
    path(
        "assessments/<int:pk>/record/<int:participant_pk>/<int:criterion_pk>/",
        views_scoring.score_criterion,
        name="record_criterion",
    ),
    path(
        "assessments/<int:pk>/consensus/",
        views_scoring.consensus_overview,
        name="consensus_overview",
    ),
    path(
        "assessments/<int:pk>/consensus/<int:criterion_pk>/",
        views_scoring.consensus_criterion,
        name="consensus_criterion",
    ),
]
