"""Production mode refuses unsafe settings and passes Django's deployment checks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SECRET = "x7!kq2-Lm9#vR4pZ8sT1wY6uB3nC5eH0jF-aG2dK8qW4zX7v-Pe3Rt6Yu9Io2"
PRODUCTION = {
    "DJANGO_PRODUCTION": "1",
    "DJANGO_SECRET_KEY": SECRET,
    "DJANGO_ALLOWED_HOSTS": "plattform.gesundheitsregion.example",
    "DATABASE_URL": "sqlite:////tmp/nie-benutzt.sqlite3",
    # check --deploy refuses the console mail backend: production names its SMTP server.
    "DJANGO_EMAIL_HOST": "smtp.gesundheitsregion.example",
}


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    clean.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_it_refuses_the_default_secret_in_production():
    env = {**PRODUCTION}
    del env["DJANGO_SECRET_KEY"]
    result = manage("check", **env)
    assert result.returncode != 0
    assert "Produktionsmodus: DJANGO_SECRET_KEY muss gesetzt sein" in result.stderr


def test_it_refuses_a_short_secret_in_production():
    result = manage("check", **{**PRODUCTION, "DJANGO_SECRET_KEY": "kurz"})
    assert result.returncode != 0
    assert "mindestens 50 Zeichen" in result.stderr


def test_it_refuses_debug_in_production():
    result = manage("check", **{**PRODUCTION, "DJANGO_DEBUG": "1"})
    assert result.returncode != 0
    assert "Produktionsmodus: DJANGO_DEBUG darf nicht eingeschaltet sein." in result.stderr


@pytest.mark.slow
def test_the_deployment_checks_pass_in_production():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout
