"""Swagger UI under the app's Content Security Policy: its files come from
drf-spectacular-sidecar (our own static files), its start-up script is a separate
same-origin request (drf-spectacular's split view), and the page is our own template with
no inline <style> or <script>."""

from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny


class SchemaBrowserView(SpectacularSwaggerSplitView):
    template_name = "api/schema_browser.html"
    permission_classes = [AllowAny]  # the schema describes the API; it holds no data
