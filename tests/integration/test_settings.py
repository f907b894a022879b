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
        DATABASE_URL=None,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_without_secret_key_fails_loudly_with_a_hint():
    env = {"COPROD_ENV": "production", "SECRET_KEY": None, "ALLOWED_HOSTS": "x.nhs.uk"}
    result = _manage("check", **env)
    assert result.returncode != 0
    assert "Set the SECRET_KEY environment variable" in result.stderr
