"""The action plan's URLs, included from assessments/urls.py."""

from django.urls import path

from . import views_actions

urlpatterns = [
    path("assessments/<int:pk>/actions/", views_actions.plan, name="action_plan"),
    path("assessments/<int:pk>/actions/new/", views_actions.add, name="action_add"),
    path(
        "assessments/<int:pk>/actions/suggested/",
        views_actions.add_suggested,
        name="action_add_suggested",
    ),
    path(
        "assessments/<int:pk>/actions/<int:action_pk>/",
        views_actions.edit,
        name="action_edit",
    ),
    path(
        "assessments/<int:pk>/actions/<int:action_pk>/done/",
        views_actions.complete,
        name="action_complete",
    ),
    path(
        "assessments/<int:pk>/actions/<int:action_pk>/remove/",
        views_actions.remove,
        name="action_remove",
    ),
]
