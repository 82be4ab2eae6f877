"""The installed command ends quickly (without tearing the interpreter down), but still with
main's exit code, all its output and the exit handlers run."""

from __future__ import annotations

import os
import subprocess
import sys

PROGRAM = """
import atexit, sys
from gesundheitsregion.cli import script
atexit.register(lambda: print("aufgeräumt"))
sys.argv = ["gesundheitsregion", *sys.argv[1:]]
script()
print("nie erreicht")
"""


def _run(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", PROGRAM, *arguments], capture_output=True, text=True, timeout=120
    )


def test_it_keeps_the_output_and_runs_the_exit_handlers():
    done = _run("regeln", "--version", "2019")
    assert done.returncode == 0
    assert done.stdout.startswith("2019: ")
    assert done.stdout.endswith("aufgeräumt\n")  # after everything main printed, flushed
    assert "nie erreicht" not in done.stdout


def test_it_ends_with_the_exit_code_of_main():
    done = _run("regeln", "--version", "1999")
    assert done.returncode == 2
    assert done.stderr.startswith("Fehler: ")
    assert done.stdout == "aufgeräumt\n"


def test_the_module_entry_ends_the_same_way():
    done = subprocess.run(
        [sys.executable, "-m", "gesundheitsregion", "regeln", "--version", "2019"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0
    assert done.stdout.startswith("2019: ")


def test_it_starts_openblas_with_one_thread_unless_the_user_says_otherwise():
    show = """
import os, sys
from gesundheitsregion.cli import script
import gesundheitsregion.cli._main as m
m.main = lambda: print(os.environ["OPENBLAS_NUM_THREADS"]) or 0
script()
"""
    environment = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    done = subprocess.run(
        [sys.executable, "-c", show], capture_output=True, text=True, env=environment
    )
    assert done.stdout == "1\n"
    environment["OPENBLAS_NUM_THREADS"] = "2"
    done = subprocess.run(
        [sys.executable, "-c", show], capture_output=True, text=True, env=environment
    )
    assert done.stdout == "2\n"
