"""A worker killed mid-render: the version stays without a PDF, another worker (after
`recover_report_renders`, as `make worker` runs it) makes it once, and no half-written PDF
is ever visible. Real `manage.py db_worker` processes on the test database file."""

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from reports import versions
from reports.models import ReportVersion, VersionReason, VersionStatus
from tests.factories.scenarios import score_assessment

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db(transaction=True)


def _env():
    """The workers use this test's database (a file for SQLite, test_… on PostgreSQL)."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        url = f"sqlite:///{db['NAME']}"
    else:
        login = f"{db['USER']}:{quote(db['PASSWORD'] or '')}"
        url = f"postgres://{login}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    return os.environ | {"DATABASE_URL": url}


def _seen(version_id):
    """What a reader sees now: never "ready" without the whole PDF, nor a PDF not ready."""
    status, data, size = ReportVersion.objects.values_list("status", "pdf", "size").get(
        pk=version_id
    )
    assert (status == VersionStatus.READY) == (data is not None)
    if data is not None:
        assert len(data) == size
        PdfReader(io.BytesIO(bytes(data)))  # a whole PDF, or this raises
    return status


def _wait_for(path: Path, process, seconds=120):
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert process.poll() is None, "the worker stopped before rendering"
        assert time.monotonic() < deadline, "the worker never started the render"
        time.sleep(0.1)


def test_a_killed_worker_leaves_nothing_half_written_and_the_next_one_renders_once(
    assessment, tmp_path
):
    score_assessment(assessment=assessment)
    version = versions.cut_version(assessment=assessment, reason=VersionReason.REQUESTED)

    started = tmp_path / "render-started"
    first = subprocess.Popen(
        [sys.executable, str(ROOT / "tests/integration/blocking_worker.py"), str(started)],
        cwd=ROOT,
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for(started, first)
        assert _seen(version.pk) == VersionStatus.RENDERING
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=30)
    finally:
        if first.poll() is None:
            first.kill()
    assert _seen(version.pk) == VersionStatus.RENDERING  # the dead worker's row, no bytes
    # django-tasks-db leaves the dead worker's task RUNNING and never gives it to another.
    assert list(DBTaskResult.objects.values_list("status", flat=True)) == ["RUNNING"]

    manage = [sys.executable, "manage.py"]
    recover = subprocess.run(
        [*manage, "recover_report_renders", "--older-than", "0"],
        cwd=ROOT,
        env=_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    assert "1 stuck render(s) recovered" in recover.stdout
    second = subprocess.Popen(
        [*manage, "db_worker", "--batch", "--no-startup-delay", "--no-reload"],
        cwd=ROOT,
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 300
        while second.poll() is None:
            _seen(version.pk)  # checked again and again while the second worker writes
            assert time.monotonic() < deadline, "the second worker did not finish"
            time.sleep(0.2)
    finally:
        if second.poll() is None:
            second.kill()
    assert second.returncode == 0

    version.refresh_from_db()
    assert _seen(version.pk) == VersionStatus.READY
    assert version.attempts == 2 and version.rendered_at is not None
    assert "Version 1 · " in PdfReader(io.BytesIO(bytes(version.pdf))).pages[0].extract_text()
    finished = DBTaskResult.objects.filter(status="SUCCESSFUL")
    assert [t.return_value for t in finished] == ["stored"]
