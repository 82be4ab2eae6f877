"""The shared cache and the API rates come from the environment, with a German message when
a value cannot work."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHOW = (
    "from django.conf import settings as s; print(s.CACHES['default']['BACKEND'], "
    "s.CACHES['default'].get('LOCATION'), s.REST_FRAMEWORK['DEFAULT_THROTTLE_RATES'])"
)


def settings_with(**env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("DJANGO_") and k not in {"CACHE_URL", "REDIS_URL"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", SHOW],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_without_a_cache_url_the_database_counts():
    result = settings_with()
    assert result.returncode == 0, result.stderr
    assert "DatabaseCache plattform_cache" in result.stdout
    assert "'anon': '120/min'" in result.stdout


@pytest.mark.parametrize("name", ["REDIS_URL", "CACHE_URL"])
def test_a_redis_url_selects_redis(name):
    result = settings_with(**{name: "redis://127.0.0.1:6379/13"})
    assert "RedisCache redis://127.0.0.1:6379/13" in result.stdout, result.stderr


def test_an_unknown_cache_url_is_refused_in_german():
    result = settings_with(CACHE_URL="memcached://127.0.0.1")
    assert result.returncode != 0
    assert "CACHE_URL='memcached://127.0.0.1' wird nicht unterstützt" in result.stderr


def test_api_rates_come_from_the_environment_and_are_checked():
    assert "'anon': '1000/s'" in settings_with(DJANGO_API_RATE_ANON="1000/s").stdout
    result = settings_with(DJANGO_API_RATE_USER="viel")
    assert result.returncode != 0
    assert "DJANGO_API_RATE_USER='viel': Erwartet wird Anzahl/Zeitraum" in result.stderr
