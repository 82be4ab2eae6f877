"""Helpers shared by the platform benchmarks (bench_start.py, bench_last.py)."""

from __future__ import annotations

import os
import platform
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
REPORT = ROOT / "docs" / "benchmarks.md"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def answers(url: str, headers: dict[str, str] | None = None) -> int | None:
    """HTTP status of ``url``, or None while nothing listens there."""
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=5):
            return 200
    except urllib.error.HTTPError as error:
        return error.code
    except (urllib.error.URLError, OSError):
        return None


def wait_for(url: str, timeout: float, headers: dict[str, str] | None = None) -> float:
    """Seconds until ``url`` answers 200; raises after ``timeout``."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if answers(url, headers) == 200:
            return time.monotonic() - start
        time.sleep(0.05)
    raise TimeoutError(f"{url} antwortet nach {timeout:.0f} s noch nicht mit 200")


def stop(process: subprocess.Popen) -> None:
    """End the process group this benchmark started (and only that one)."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def machine() -> str:
    cores = os.cpu_count()
    try:
        model = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        model = platform.processor() or platform.machine()
    load = os.getloadavg()[0]
    return (
        f"{model}, {cores} Kerne, {platform.platform()}, Python {platform.python_version()}; "
        f"Last (1 min) beim Start {german(load, 2)}"
    )


def german(value: float, digits: int = 1) -> str:
    text = f"{value:,.{digits}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def write_section(title: str, body: str) -> None:
    """Replace (or append) the section "## {title}" of docs/benchmarks.md."""
    text = REPORT.read_text("utf-8") if REPORT.exists() else "# Benchmarks\n"
    section = f"## {title}\n\n{body.strip()}\n\n"
    pattern = re.compile(rf"^## {re.escape(title)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(lambda _: section, text)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    REPORT.write_text(text.rstrip("\n") + "\n", "utf-8")
