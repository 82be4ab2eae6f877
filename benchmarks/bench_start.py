"""Benchmark: how fast the platform starts.

Not a test. Two figures from issue 7 (section D):

* ``manage.py check``: wall time of the whole command, best and median of 5 runs (target < 3 s).
* ``scripts/demo`` on a checkout that has started before: seconds from calling the script to
  the first page (``/`` answering 200), best and median of 3 runs after one warm-up start
  (target < 15 s). The script runs as a user calls it (install check, plan, runserver).

Prints the figures, writes ``benchmarks/results/start.json`` and the section "Plattform: Start"
of ``docs/benchmarks.md``.

Run: ``.venv/bin/python benchmarks/bench_start.py``
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import time

from _plattform import RESULTS, ROOT, free_port, german, machine, stop, wait_for, write_section

CHECK_RUNS = 5
DEMO_RUNS = 3


def clean_env() -> dict[str, str]:
    """The environment of a developer's shell: no production or database settings."""
    return {
        k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "DATABASE_URL"
    }


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_check() -> tuple[list[float], list[float]]:
    """Wall and CPU seconds of each run (CPU time depends less on the other processes)."""
    wall, cpu = [], []
    for _ in range(CHECK_RUNS):
        start, start_cpu = time.monotonic(), _children_cpu()
        subprocess.run(
            [sys.executable, "manage.py", "check"],
            cwd=ROOT,
            env=clean_env(),
            check=True,
            capture_output=True,
        )
        wall.append(time.monotonic() - start)
        cpu.append(_children_cpu() - start_cpu)
    return wall, cpu


def time_demo_start() -> float:
    port = free_port()
    start = time.monotonic()
    process = subprocess.Popen(
        ["bash", "scripts/demo"],
        cwd=ROOT,
        env={**clean_env(), "PORT": str(port)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/", timeout=600)
        return time.monotonic() - start
    finally:
        stop(process)


def main() -> None:
    where = machine()
    check, check_cpu = time_check()
    warm_up = time_demo_start()  # installs, migrates and loads whatever is missing
    demo = [time_demo_start() for _ in range(DEMO_RUNS)]
    result = {
        "rechner": where,
        "check_s": check,
        "check_cpu_s": check_cpu,
        "demo_erster_start_s": warm_up,
        "demo_s": demo,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "start.json").write_text(json.dumps(result, indent=2), "utf-8")
    rows = [
        (f"`manage.py check` ({CHECK_RUNS} Läufe), Wanduhr", check, 2, "< 3 s"),
        ("`manage.py check`, CPU-Zeit", check_cpu, 2, ""),
        (
            f"`scripts/demo` bis zur ersten Seite, eingerichteter Checkout ({DEMO_RUNS} Läufe)",
            demo,
            1,
            "< 15 s",
        ),
    ]
    table = "| Messung | bestes | Median | Ziel |\n|---|---:|---:|---:|\n" + "\n".join(
        f"| {label} | {german(min(v), d)} s | {german(statistics.median(v), d)} s | {goal} |"
        for label, v, d, goal in rows
    )
    body = f"""
Befehl: `.venv/bin/python benchmarks/bench_start.py`
Rechner: {where}.

{table}

Der erste Start dieses Laufs (Aufwärmen; holt nach, was seit dem letzten Start fehlt) brauchte
{german(warm_up, 1)} s. `manage.py check` lädt alle Apps und URLs, aber weder pandas noch numpy,
shapely oder openpyxl (`plattform/tests/test_startup.py`); `scripts/demo` überspringt migrate,
compilemessages und demo_laden, wenn sich seit dem letzten Start nichts geändert hat
(`scripts/demo_plan.py`, `scripts/demo plan` zeigt die Entscheidung).

Vorher (Stand 17dedf0, abwechselnd mit dem neuen Stand auf diesem Rechner gemessen):
`manage.py check` 4,6–5,4 s gegen 2,5–3,1 s danach (in einer ruhigeren Minute 1,8 s), weil beim
Laden der URLs pandas, numpy, shapely und openpyxl mitkamen; was bleibt, sind Django, Django REST
framework und drf-spectacular samt der Module, die sie beim Laden der Apps selbst importieren
(psycopg, requests, PyYAML, Jinja2). `scripts/demo` führte bei jedem Start migrate,
compilemessages und demo_laden aus (im Issue: etwa 36 s bis zur ersten Seite).
"""
    write_section("Plattform: Start", body)
    print(body)


if __name__ == "__main__":
    main()
