"""Serve plotly.min.js from the installed plotly package, so it is never copied into the repo.

The file is found at the static path `vendor/plotly/plotly.min.js` (collectstatic copies it
there too). Add "reports.finders.PlotlyFinder" to STATICFILES_FINDERS.
"""

from pathlib import Path

import plotly
from django.contrib.staticfiles.finders import BaseFinder
from django.core.checks import Error
from django.core.files.storage import FileSystemStorage

PREFIX = "vendor/plotly"
FILENAME = "plotly.min.js"
STATIC_PATH = f"{PREFIX}/{FILENAME}"


def package_dir() -> Path:
    return Path(plotly.__file__).resolve().parent / "package_data"


class PlotlyFinder(BaseFinder):
    def __init__(self, *args, **kwargs):
        self.storage = FileSystemStorage(location=str(package_dir()))
        self.storage.prefix = PREFIX  # collectstatic puts the file under this prefix

    def check(self, **kwargs):
        if not (package_dir() / FILENAME).is_file():
            return [
                Error(
                    f"plotly's {FILENAME} is missing from {package_dir()}.",
                    hint="Reinstall the plotly package (make setup).",
                    id="reports.E001",
                )
            ]
        return []

    def find(self, path, find_all=False, **kwargs):
        if path != STATIC_PATH:
            # [] even when not find_all: django.contrib.staticfiles.finders.find() would
            # otherwise collect a None into its list of matches, as Django's finders avoid.
            return []
        match = str(package_dir() / FILENAME)
        return [match] if find_all else match

    def list(self, ignore_patterns):
        yield FILENAME, self.storage
