from django.urls import path

from . import views

urlpatterns = [
    path("assessments/<int:pk>/report/", views.report, name="report"),
    path("assessments/<int:pk>/report.pdf", views.report_pdf, name="report_pdf"),
    path(
        "assessments/<int:pk>/report/evidence/<int:framework_pk>/",
        views.report_evidence,
        name="report_evidence",
    ),
]
