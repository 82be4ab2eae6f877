"""What ``scripts/demo`` still has to do before the platform starts.

``scripts/demo`` calls this helper (standard library only, no Django, a few milliseconds) and
runs only the steps it names:

- **Daten**: the open data come from ``--daten ORDNER``, ``GESUNDHEITSREGION_DATEN`` or
  ``../shared/data`` beside the checkout, in this order; with none of them the script fetches
  them into ``./daten`` (``gesundheitsregion daten-holen``) and uses that folder from then on.
  ``daten/.vollstaendig`` marks a completed fetch; an interrupted one is resumed.
- **migrate** runs when the SQLite database is missing, lacks one of the checkout's
  migrations, or the lock file changed since the last start (Django's own migrations).
- **compilemessages** runs when gettext is installed and a ``.po`` file is newer than its
  ``.mo``.
- **demo_laden** runs when migrate ran, the demo accounts are missing from the database, or the
  demo content (the loader's files, the data folder, the lock file) changed since the last
  start, or ``--neu`` asks for it; its listing of the demo accounts is kept and shown again
  when it is skipped.

With another database (``DATABASE_URL``) every step runs. ``python scripts/demo_plan.py
plattform [OPTIONEN]`` prints the plan as shell assignments, ``… plan`` in German words,
``… festhalten`` records a finished start (called by ``scripts/demo``).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shlex
import shutil
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FETCHED = "daten"
COMPLETE_MARK = ".vollstaendig"
STAMP = Path(".venv") / ".demo-stand.json"
LISTING = Path(".venv") / ".demo-zugaenge.txt"
DATABASE = "plattform.sqlite3"
DEMO_ACCOUNT = "geschaeftsstelle"
# Folders that hold neither migrations nor demo content (and some hold many files).
_SKIPPED_DIRS = {
    *("node_modules", "staticfiles", "media", "ausgabe", "test-artefakte", "tests", "docs"),
    *("benchmarks", "locale", "static", "templates", FETCHED),
}
_MIGRATION = re.compile(r"^\d{4}_\w+\.py$")


@dataclass(frozen=True)
class Plan:
    data_dir: Path
    fetch: bool
    migrate: bool
    compilemessages: bool
    load_demo: bool


def explicit_data_dir(args: list[str]) -> str | None:
    """The value of ``--daten ORDNER`` or ``--daten=ORDNER`` among the script's options."""
    for i, arg in enumerate(args):
        if arg == "--daten" and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith("--daten="):
            return arg.split("=", 1)[1]
    return None


def choose_data_dir(root: Path, args: list[str], env: dict[str, str]) -> tuple[Path, bool]:
    """Return the data folder to use and whether it must be fetched first."""
    explicit = explicit_data_dir(args)
    if explicit is not None:
        return Path(explicit), False
    if env.get("GESUNDHEITSREGION_DATEN"):
        return Path(env["GESUNDHEITSREGION_DATEN"]), False
    beside = root.parent / "shared" / "data"
    if beside.is_dir():
        return beside, False
    fetched = root / FETCHED
    return fetched, not (fetched / COMPLETE_MARK).is_file()


def _files_hash(paths: list[Path], root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _project_files(root: Path):
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in _SKIPPED_DIRS and not d.startswith("."))
        for name in files:
            yield Path(folder) / name


def migration_files(root: Path) -> set[tuple[str, str]]:
    """The checkout's migrations as (app label, name), the way django_migrations lists them."""
    return {
        (path.parent.parent.name, path.stem)
        for path in _project_files(root)
        if path.parent.name == "migrations" and _MIGRATION.match(path.name)
    }


def demo_files(root: Path) -> list[Path]:
    """The files the demo content comes from: every module with "demo" in its path."""
    return [
        path
        for path in _project_files(root)
        if path.suffix == ".py" and "demo" in path.relative_to(root).as_posix().lower()
    ]


def fingerprints(root: Path, data_dir: Path) -> dict[str, str]:
    lock = root / "uv.lock"
    lock_hash = _files_hash([lock], root) if lock.is_file() else ""
    return {
        "lock": lock_hash,
        "demo": _files_hash(demo_files(root), root),
        "daten": str(data_dir.resolve()),
    }


def _database_state(path: Path) -> tuple[set[tuple[str, str]], bool] | None:
    """Applied migrations and whether the demo office account exists; None if unreadable."""
    if not path.is_file():
        return None
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            applied = set(db.execute("SELECT app, name FROM django_migrations"))
            found = db.execute(
                "SELECT 1 FROM accounts_user WHERE username = ?", (DEMO_ACCOUNT,)
            ).fetchone()
    except sqlite3.Error:
        return None
    return applied, found is not None


def _stale_messages(root: Path) -> bool:
    if shutil.which("msgfmt") is None:
        return False  # the committed .mo files are used as they are
    for po in (root / "locale").rglob("*.po"):
        mo = po.with_suffix(".mo")
        if not mo.is_file() or mo.stat().st_mtime < po.stat().st_mtime:
            return True
    return False


def make_plan(root: Path, args: list[str], env: dict[str, str]) -> Plan:
    data_dir, fetch = choose_data_dir(root, args, env)
    stamp = _read_stamp(root)
    state = None if env.get("DATABASE_URL") else _database_state(root / DATABASE)
    current = fingerprints(root, data_dir)
    if state is None:
        migrate = load_demo = True
    else:
        applied, has_demo = state
        migrate = not migration_files(root) <= applied or stamp.get("lock") != current["lock"]
        load_demo = migrate or fetch or not has_demo or stamp != current or "--neu" in args
    return Plan(data_dir, fetch, migrate, _stale_messages(root), load_demo)


def _read_stamp(root: Path) -> dict[str, str]:
    try:
        return json.loads((root / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def record(root: Path, args: list[str], env: dict[str, str]) -> None:
    """Note a finished start: the next one skips what has not changed since."""
    data_dir, _ = choose_data_dir(root, args, env)
    if env.get("DATABASE_URL"):
        return
    (root / STAMP).write_text(json.dumps(fingerprints(root, data_dir)), encoding="utf-8")


def as_shell(plan: Plan) -> str:
    values = {
        "daten": str(plan.data_dir),
        "daten_holen": int(plan.fetch),
        "migrieren": int(plan.migrate),
        "uebersetzen": int(plan.compilemessages),
        "demo_laden": int(plan.load_demo),
    }
    return "\n".join(f"{key}={shlex.quote(str(value))}" for key, value in values.items())


def in_words(plan: Plan) -> str:
    def step(needed: bool, text: str) -> str:
        return f"  {'ja  ' if needed else 'nein'}  {text}"

    return "\n".join(
        [
            f"Offene Daten: {plan.data_dir}",
            step(plan.fetch, "offene Daten holen (gesundheitsregion daten-holen)"),
            step(plan.migrate, "Datenbank einrichten (migrate)"),
            step(plan.compilemessages, "Sprachdateien übersetzen (compilemessages)"),
            step(plan.load_demo, "Demo-Netzwerk laden (demo_laden)"),
        ]
    )


def main(argv: list[str]) -> int:
    mode, args = (argv[0], argv[1:]) if argv else ("shell", [])
    env = dict(os.environ)
    if mode == "festhalten":
        record(ROOT, args, env)
        return 0
    plan = make_plan(ROOT, args, env)
    print(in_words(plan) if mode == "plan" else as_shell(plan))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
