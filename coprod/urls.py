from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("accounts.urls")),
    path("", include("assessments.urls")),
    path("", include("plans.urls")),
    path("", include("reports.urls")),
    path("", include("exports.urls")),
    path("", include("reviews.urls")),
    path("", include("people.urls")),
    path("", include("api.urls")),
    path("", include("portfolio.urls")),
]

# A member whose role is not enough for a page is told so (assessments.access.NotAllowed).
handler403 = "assessments.views.not_allowed"
