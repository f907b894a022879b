from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Coprod administration"
admin.site.site_title = "Coprod admin"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("assessments.urls")),
    path("", include("plans.urls")),
    path("", include("reports.urls")),
    path("", include("people.urls")),
]
