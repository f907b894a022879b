from django.urls import path

from . import views

urlpatterns = [
    path("assessments/<int:pk>/who-was-involved/", views.reach_detail, name="reach_detail"),
    path("assessments/<int:pk>/who-was-involved/change/", views.reach_edit, name="reach_edit"),
    path(
        "assessments/<int:pk>/who-was-involved/population-file/",
        views.reach_upload,
        name="reach_upload",
    ),
    path(
        "assessments/<int:pk>/who-was-involved/population-shares.csv",
        views.reach_template,
        name="reach_template",
    ),
]
