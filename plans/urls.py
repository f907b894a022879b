"""The action plan's URLs (names and paths as they were under assessments)."""

from django.urls import path

from . import views

urlpatterns = [
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
