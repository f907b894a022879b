"""A real `db_worker` whose PDF render blocks once it has started, so a test can kill it
mid-render at a known point (tests/integration/test_report_worker.py).

    python tests/integration/blocking_worker.py STARTED_FILE  (DATABASE_URL set by the test)

Only WeasyPrint's step is held (`reports.pdf.html_to_pdf`); claiming the task and marking
the version "rendering" run as in production. The file is written when the render starts.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coprod.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from reports import pdf  # noqa: E402


def blocked_render(html, **kwargs):
    Path(sys.argv[1]).write_text(str(os.getpid()))
    time.sleep(3600)  # until the test kills this process


pdf.html_to_pdf = blocked_render
call_command("db_worker", "--no-startup-delay", "--no-reload", "--interval", "0.1")
