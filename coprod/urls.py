from django.contrib import admin
from django.urls import include, path

from assessments.views_preview import rubric_preview

urlpatterns = [
    # Behind the admin's own check (staff, signed in with two-factor): before admin's URLs.
    path(
        "admin/ladder/framework/<int:pk>/preview/",
        admin.site.admin_view(rubric_preview),
        name="rubric_preview",
    ),
    path("admin/", admin.site.urls),
    path("", include("accounts.urls")),
    path("", include("assessments.urls")),
    path("", include("plans.urls")),
    path("", include("reach.urls")),
    path("", include("reports.urls")),
    path("", include("exports.urls")),
    path("", include("reviews.urls")),
    path("", include("people.urls")),
    path("", include("api.urls")),
    path("", include("portfolio.urls")),
    path("", include("paper.urls")),
]
