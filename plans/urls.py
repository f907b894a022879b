"""The action plan's URLs (names and paths as they were under assessments)."""

from django.urls import path

from coprod.http import private_link

from . import views, views_feedback

urlpatterns = [
    path("programmes/<int:pk>/feedback/", views_feedback.feedback_edit, name="feedback_edit"),
    path(
        "programmes/<int:pk>/feedback/publish/",
        views_feedback.feedback_publish,
        name="feedback_publish",
    ),
    path("programmes/<int:pk>/feedback/send/", views_feedback.feedback_send, name="feedback_send"),
    path("programmes/<int:pk>/feedback/themes/new/", views_feedback.theme_edit, name="theme_add"),
    path(
        "programmes/<int:pk>/feedback/themes/<int:theme_pk>/",
        views_feedback.theme_edit,
        name="theme_edit",
    ),
    path(
        "programmes/<int:pk>/feedback/themes/<int:theme_pk>/remove/",
        views_feedback.theme_remove,
        name="theme_remove",
    ),
    path(
        "you-said-we-did/<str:token>/",
        private_link(views_feedback.feedback_public),
        name="feedback_public",
    ),
    path("assessments/<int:pk>/actions/", views.plan, name="action_plan"),
    path("assessments/<int:pk>/actions/new/", views.add, name="action_add"),
    path(
        "assessments/<int:pk>/actions/suggested/",
        views.add_suggested,
        name="action_add_suggested",
    ),
    path("assessments/<int:pk>/actions/<int:action_pk>/", views.edit, name="action_edit"),
    path(
        "assessments/<int:pk>/actions/<int:action_pk>/done/",
        views.complete,
        name="action_complete",
    ),
    path(
        "assessments/<int:pk>/actions/<int:action_pk>/remove/",
        views.remove,
        name="action_remove",
    ),
]
