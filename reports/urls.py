from django.urls import path

from . import views, views_versions

R = "assessments/<int:pk>/report/"

urlpatterns = [
    path(R, views.report, name="report"),
    path("assessments/<int:pk>/report.pdf", views.report_pdf, name="report_pdf"),
    path(R + "versions/", views_versions.request_version, name="report_version_request"),
    path(
        R + "versions/<int:number>.pdf",
        views_versions.download_version,
        name="report_version_download",
    ),
    path(
        R + "versions/<int:number>/retry/",
        views_versions.retry_version,
        name="report_version_retry",
    ),
    path(R + "signed.pdf", views_versions.signed_version, name="report_signed_version"),
    path(
        R + "evidence/<int:framework_pk>/",
        views.report_evidence,
        name="report_evidence",
    ),
]
