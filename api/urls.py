from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from . import views, views_tokens
from .schema_browser import SchemaBrowserView

router = SimpleRouter()
router.register("programmes", views.ProgrammeViewSet, basename="api-programme")
router.register("assessments", views.AssessmentViewSet, basename="api-assessment")
router.register("actions", views.ActionViewSet, basename="api-action")

urlpatterns = [
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SchemaBrowserView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/", include(router.urls)),
    path("account/api-tokens/", views_tokens.token_list, name="api_tokens"),
    path(
        "account/api-tokens/<str:token_key>/revoke/",
        views_tokens.token_revoke,
        name="api_token_revoke",
    ),
]
