import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args, **env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={k: v for k, v in {**os.environ, **env}.items() if v is not None},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        COPROD_ENV="production",
        SECRET_KEY="x" * 20 + "a-long-random-production-secret-key-for-checks",
        ALLOWED_HOSTS="coprod.example.nhs.uk",
        EMAIL_HOST="smtp.example.nhs.uk",
        DEFAULT_FROM_EMAIL="coprod@example.nhs.uk",
        DATABASE_URL=None,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_without_secret_key_fails_loudly_with_a_hint():
    env = {"COPROD_ENV": "production", "SECRET_KEY": None, "ALLOWED_HOSTS": "x.nhs.uk"}
    result = _manage("check", **env)
    assert result.returncode != 0
    assert "Set the SECRET_KEY environment variable" in result.stderr


PRODUCTION = {
    "COPROD_ENV": "production",
    "SECRET_KEY": "x" * 20 + "a-long-random-production-secret-key-for-checks",
    "ALLOWED_HOSTS": "coprod.example.nhs.uk",
    "EMAIL_BACKEND": None,
    "EMAIL_HOST": None,
    "DEFAULT_FROM_EMAIL": None,
    "DATABASE_URL": None,
}


def test_production_without_a_mail_server_fails_loudly_instead_of_printing_links():
    result = _manage("check", **PRODUCTION)
    assert result.returncode != 0
    assert "Set the EMAIL_HOST environment variable" in result.stderr
    assert "Traceback" not in result.stdout


def test_production_refuses_a_mail_backend_that_delivers_nothing():
    env = {**PRODUCTION, "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    result = _manage("check", **env)
    assert result.returncode != 0
    assert "does not deliver mail" in result.stderr


def test_production_needs_a_sender_address():
    result = _manage("check", **{**PRODUCTION, "EMAIL_HOST": "smtp.example.nhs.uk"})
    assert result.returncode != 0
    assert "Set the DEFAULT_FROM_EMAIL environment variable" in result.stderr


def test_seed_demo_refuses_production_settings():
    env = {**PRODUCTION, "EMAIL_HOST": "smtp.example.nhs.uk", "DEFAULT_FROM_EMAIL": "a@b.nhs.uk"}
    result = _manage("seed_demo", **env)
    assert result.returncode != 0
    assert "seed_demo refuses to run with production settings" in result.stderr
    assert "createsuperuser" in result.stderr


def test_postgresql_connections_persist_with_health_checks():
    code = (
        "from django.conf import settings; d = settings.DATABASES['default']; "
        "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])"
    )
    result = _manage("shell", "-c", code, DATABASE_URL="postgres://u:p@127.0.0.1:1/x")
    assert result.stdout.splitlines()[-1].split() == ["60", "True"], result.stderr
