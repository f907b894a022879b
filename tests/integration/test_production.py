"""Production static files, the production PDF, error pages and private-link headers.

`collectstatic` runs once, for real, with production settings into a temporary folder; the
other tests then use that folder with the production storage (hashed names, manifest).
"""

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, override_settings
from django.urls import path as url_path
from pypdf import PdfReader

from coprod.urls import urlpatterns as app_urls
from reports import pdf
from tests.factories.scenarios import score_assessment

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


@pytest.fixture(scope="session")
def production_static(tmp_path_factory):
    root = tmp_path_factory.mktemp("staticfiles")
    env = {
        **os.environ,
        "COPROD_ENV": "production",
        "SECRET_KEY": "collectstatic-test-" + "k" * 40,
        "ALLOWED_HOSTS": "coprod.example.nhs.uk",
        "EMAIL_HOST": "smtp.example.nhs.uk",
        "DEFAULT_FROM_EMAIL": "coprod@example.nhs.uk",
        "STATIC_ROOT": str(root),
    }
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return root


@pytest.fixture
def production_storage(production_static):
    with override_settings(
        STORAGES=PRODUCTION_STORAGES,
        STATIC_ROOT=production_static,
        WHITENOISE_USE_FINDERS=False,
        WHITENOISE_AUTOREFRESH=False,
    ):
        yield production_static


def test_production_static_builds_with_hashed_and_compressed_files(production_static):
    css = list((production_static / "vendor/nhsuk-frontend").glob("nhsuk-frontend.min.*.css"))
    assert len(css) == 1, "one hashed copy of the NHS.UK stylesheet"
    assert Path(f"{css[0]}.br").is_file() and Path(f"{css[0]}.gz").is_file()
    assert (production_static / "staticfiles.json").is_file()
    assert list((production_static / "vendor/plotly").glob("plotly.min.*.js.br"))


def test_production_pages_and_static_files_are_served(production_storage, db):
    client = Client()
    for page in ["/", "/login/", "/about/", "/accessibility/"]:
        response = client.get(page)
        assert response.status_code == 200, page
    html = client.get("/").content.decode()
    stylesheet = re.search(r'href="(/static/vendor/nhsuk-frontend/[^"]+\.css)"', html).group(1)
    assert re.search(r"\.min\.[0-9a-f]{12}\.css$", stylesheet)
    response = client.get(stylesheet, HTTP_ACCEPT_ENCODING="br, gzip")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "br"
    assert "immutable" in response["Cache-Control"]
    assert "max-age=315360000" in response["Cache-Control"]
    response.close()  # whitenoise streams the file: close it, as a server would


def _fonts_and_text(data: bytes):
    reader = PdfReader(io.BytesIO(data))
    fonts = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    return len(reader.pages), fonts, "\n".join(page.extract_text() for page in reader.pages)


def test_production_pdf_finds_its_stylesheet_under_the_hashed_name(assessment, production_static):
    score_assessment(assessment=assessment)
    development = _fonts_and_text(pdf.render_pdf(assessment))
    with override_settings(STORAGES=PRODUCTION_STORAGES, STATIC_ROOT=production_static):
        html = pdf.render_html(assessment)
        assert re.search(r'href="/static/reports/pdf\.[0-9a-f]{12}\.css"', html)
        fetcher = pdf.StaticOnlyURLFetcher()
        production = _fonts_and_text(pdf.html_to_pdf(html, fetcher=fetcher))
    assert fetcher.refused == []
    assert production[0] == development[0]  # same number of pages
    assert production[1] == development[1]  # same fonts
    assert not any("Serif" in font for font in production[1])
    assert "Page 1 of " in production[2]  # the stylesheet's @page footer


def test_production_fetcher_still_refuses_files_outside_the_manifest(production_storage):
    with pytest.raises(pdf.RefusedURL):
        pdf.static_path_for(f"{pdf.BASE_URL}static/staticfiles.json")
    with pytest.raises(pdf.RefusedURL):
        pdf.static_path_for(f"{pdf.BASE_URL}static/reports/pdf.0123456789ab.css")


# --- error pages ---------------------------------------------------------------------------


def _boom(request):
    raise RuntimeError("a bug")


urlpatterns = [*app_urls, url_path("boom/", _boom)]


@pytest.mark.parametrize(
    ("make_request", "status", "heading", "advice"),
    [
        (lambda c: c.get("/no-such-page/"), 404, "Page not found", "check it is correct"),
        (lambda c: c.get("/", HTTP_HOST="evil.example"), 400, "problem with the web address", ""),
        (lambda c: c.get("/boom/"), 500, "problem with the service", "Everything you saved"),
    ],
)
@override_settings(ROOT_URLCONF=__name__)
def test_error_pages_are_nhs_styled_and_say_what_to_do_next(
    db, make_request, status, heading, advice
):
    client = Client(raise_request_exception=False)
    response = make_request(client)
    html = response.content.decode()
    assert response.status_code == status
    assert heading in html
    assert advice in html
    assert "nhsuk-header" in html and "Go to the Coprod home page" in html


def test_a_form_without_its_security_token_gets_a_page_that_says_what_to_do(facilitator):
    client = Client(enforce_csrf_checks=True)
    client.force_login(facilitator)
    response = client.post("/programmes/new/", {"name": "Typed"})
    assert response.status_code == 403
    assert "Your form could not be sent" in response.content.decode()
    assert "back button" in response.content.decode()


def test_invitation_pages_are_never_cached_nor_leak_the_link(as_anonymous, guest_participant):
    from assessments.services import _new_invitation

    for token in [_new_invitation(guest_participant), "not-a-real-token"]:
        response = as_anonymous.get(f"/join/{token}/")
        assert "no-store" in response["Cache-Control"]
        assert response["Referrer-Policy"] == "no-referrer"
