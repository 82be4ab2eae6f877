"""Production mode refuses unsafe settings and passes Django's deployment checks."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
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


@pytest.mark.slow
def test_the_deployment_checks_pass_behind_a_tls_proxy_without_redirect():
    # docs/betrieb.md: DJANGO_SECURE_SSL_REDIRECT=0 when the proxy redirects plain HTTP itself.
    env = {**PRODUCTION, "DJANGO_SECURE_SSL_REDIRECT": "0"}
    result = manage("check", "--deploy", "--fail-level", "WARNING", **env)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str, **headers: str):
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.fixture(scope="module")
def gunicorn_in_production(tmp_path_factory):
    """gunicorn with the production settings and collected static files, as docs/betrieb.md."""
    folder = tmp_path_factory.mktemp("produktion")
    port = free_port()
    env = {
        **PRODUCTION,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_STATIC_ROOT": str(folder / "static"),
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "1",
    }
    collected = manage("collectstatic", "--noinput", "-v", "0", **env)
    assert collected.returncode == 0, collected.stderr
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "-c", "plattform/gunicorn_conf.py"],
        cwd=ROOT,
        env={**clean, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        manifest = json.loads((folder / "static" / "staticfiles.json").read_text())["paths"]
        yield base, manifest
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.slow
def test_it_serves_hashed_static_files_with_a_long_cache_in_production(gunicorn_in_production):
    base, manifest = gunicorn_in_production
    hashed = manifest["css/site.css"]
    assert hashed != "css/site.css" and hashed.startswith("css/site.")
    status, headers, body = get(f"{base}/static/{hashed}", **{"X-Forwarded-Proto": "https"})
    assert status == 200
    assert b"{" in body  # the stylesheet itself
    assert "max-age=315360000" in headers["Cache-Control"]
    assert "immutable" in headers["Cache-Control"]


@pytest.mark.slow
def test_it_serves_static_files_compressed_in_production(gunicorn_in_production):
    base, manifest = gunicorn_in_production
    status, headers, _ = get(
        f"{base}/static/{manifest['js/site.js']}",
        **{"X-Forwarded-Proto": "https", "Accept-Encoding": "gzip"},
    )
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"


@pytest.mark.slow
def test_it_refuses_a_large_anonymous_body_under_gunicorn(gunicorn_in_production):
    base, _ = gunicorn_in_production
    with socket.create_connection(("127.0.0.1", int(base.rsplit(":", 1)[1])), timeout=10) as conn:
        conn.sendall(
            b"POST /konto/anmelden/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"X-Forwarded-Proto: https\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            b"Content-Length: 104857600\r\n\r\n" + b"a" * 65536
        )
        answer = b""
        while b"\r\n\r\n" not in answer or answer.endswith(b"\r\n\r\n"):
            chunk = conn.recv(65536)
            if not chunk:
                break
            answer += chunk
        answer = answer.decode("utf-8", "replace")
    # Answered after 64 KB of the announced 100 MB: the rest was never sent, let alone read.
    assert answer.startswith("HTTP/1.1 413")
    assert "Die Anfrage ist zu groß (100 MB" in answer
