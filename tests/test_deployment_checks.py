"""`check --deploy` is clean on production settings and refuses the development key; the
production entry points run it first."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PRODUCTION = {"SECURE_COOKIES": "true", "ALLOWED_HOSTS": "school-improvement.example.gov.uk",
              "DJANGO_DEBUG": "false"}


def check_deploy(**env: str) -> subprocess.CompletedProcess:
    # Without the test run's own settings (the browser tests' async switch, a key).
    environment = {key: value for key, value in os.environ.items()
                   if key not in ("SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120)


def test_check_deploy_is_clean_on_production_settings():
    result = check_deploy(**PRODUCTION, SECRET_KEY=secrets.token_urlsafe(50))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_refuses_the_development_key(tmp_path):
    if (ROOT / ".secret_key").exists():
        pytest.skip("a local .secret_key (from make run) replaces the development key here")
    result = check_deploy(**PRODUCTION)
    assert result.returncode != 0
    assert "core.E001" in result.stderr + result.stdout


def test_the_production_entry_points_run_the_deployment_checks_first():
    compose = (ROOT / "docker-compose.yml").read_text()
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "check --deploy --fail-level ERROR" in compose.split("exec gunicorn")[0]
    assert "check --deploy --fail-level ERROR && exec gunicorn" in dockerfile


def test_make_run_uses_a_key_of_its_own():
    assert ".secret_key" in (ROOT / "scripts" / "run.sh").read_text()
    assert "/.secret_key" in (ROOT / ".gitignore").read_text().splitlines()
