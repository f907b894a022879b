"""The senate-ready PDF, rendered by WeasyPrint from the same data as the report page.

The renderer fetches nothing but the app's own static files: `StaticOnlyURLFetcher` refuses
every scheme and host (http, https, file, data, ftp …) except paths under STATIC_URL on the
internal base URL, and serves those through django.contrib.staticfiles.finders, so no
network or arbitrary file is ever read. User text is escaped by Django's autoescape.
"""

from __future__ import annotations

import mimetypes
import posixpath
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .content import content_hash
from .models import ReportVersion
from .report import build_report

# Relative URLs in the PDF's HTML resolve against this origin. It is never contacted: the
# fetcher answers only its STATIC_URL paths, from the staticfiles finders.
BASE_URL = "https://coprod.internal/"
PDF_OPTIONS = {"pdf_variant": "pdf/ua-1", "pdf_tags": True}


class RefusedURL(ValueError):
    """A URL the PDF renderer will not fetch."""


def static_path_for(url: str) -> Path:
    """The file a URL under STATIC_URL names, or RefusedURL for anything else."""
    parts = urlsplit(url)
    base = urlsplit(BASE_URL)
    if (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
        raise RefusedURL(f"Refused to fetch {url!r}: only the app's static files are used.")
    if parts.query or parts.fragment:
        raise RefusedURL(f"Refused to fetch {url!r}: static URLs take no query.")
    path = unquote(parts.path)
    static_url = urlsplit(settings.STATIC_URL).path or "/static/"
    if not path.startswith(static_url):
        raise RefusedURL(f"Refused to fetch {url!r}: not under {static_url}.")
    relative = path[len(static_url) :]
    if (
        not relative
        or "\\" in relative
        or "\x00" in relative
        or relative.startswith("/")
        or any(segment in ("..", ".") for segment in relative.split("/"))
        or posixpath.normpath(relative) != relative
    ):
        raise RefusedURL(f"Refused to fetch {url!r}: not a plain static path.")
    found = finders.find(relative) or _collected_hashed_file(relative)
    if not found:
        raise RefusedURL(f"Refused to fetch {url!r}: no such static file.")
    return Path(found)


def _collected_hashed_file(relative: str) -> str | None:
    """In production `{% static %}` gives hashed names (css/app.3f2a.css) that the finders
    do not know; accept exactly the names the manifest lists, read from STATIC_ROOT."""
    storage = staticfiles_storage
    if not isinstance(storage, ManifestFilesMixin):
        return None
    if relative not in _manifest_hashed_names(storage):
        return None
    return storage.path(relative)


def _manifest_hashed_names(storage) -> frozenset[str]:
    # hashed_files is read from staticfiles.json when the storage starts; cache its values
    # per storage object (a new one appears when settings change, as in tests).
    names = getattr(storage, "_coprod_hashed_names", None)
    if names is None:
        names = frozenset(storage.hashed_files.values())
        storage._coprod_hashed_names = names
    return names


class StaticOnlyURLFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that serves only static files, never the network or disk."""

    def __init__(self):
        super().__init__(allowed_protocols=("https",), allow_redirects=False)
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        try:
            path = static_path_for(url)
        except RefusedURL:
            self.refused.append(url)
            raise
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            url, body=path.read_bytes(), headers={"Content-Type": content_type}
        )


@dataclass(frozen=True)
class Footer:
    """What every page's footer says: which version, when, its content hash, its state."""

    number: int | None  # None: a fresh render whose content matches no stored version
    date: datetime
    content_hash: str
    state: str

    @property
    def short_hash(self):
        return self.content_hash[:12]


def live_footer(report) -> Footer:
    """The footer of a fresh render (the PDF link, export_report): the number of the stored
    version with the same content, if there is one (one query)."""
    digest = content_hash(report)
    number = (
        ReportVersion.objects.filter(assessment=report.assessment, content_hash=digest)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    return Footer(number, timezone.localtime(), digest, report.state)


def render_html(assessment, report=None, *, footer: Footer | None = None) -> str:
    report = report or build_report(assessment, with_figures=False)
    footer = footer or live_footer(report)
    return render_to_string(
        "reports/pdf.html",
        {
            "assessment": assessment,
            "report": report,
            "generated_at": footer.date,
            "footer": footer,
            # A PDF leaves the app, so it never names participants (assessments.names).
            "can_see_names": False,
        },
    )


def html_to_pdf(html: str, *, fetcher: StaticOnlyURLFetcher | None = None) -> bytes:
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher or StaticOnlyURLFetcher())
    return document.write_pdf(**PDF_OPTIONS)


def render_pdf(assessment, *, fetcher: StaticOnlyURLFetcher | None = None) -> bytes:
    return html_to_pdf(render_html(assessment), fetcher=fetcher)


def pdf_filename(assessment) -> str:
    from django.utils.text import slugify

    name = slugify(f"{assessment.programme.name} {assessment.title}")[:80] or "report"
    return f"{name}-{assessment.date:%Y-%m-%d}.pdf"
