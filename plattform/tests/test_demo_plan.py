"""scripts/demo decides what is left to do: fetch the open data, migrate, load the demo.

The decisions come from scripts/demo_plan.py; these tests build small checkouts in a temporary
folder (with a SQLite database written by hand) and need no network.
"""

from __future__ import annotations

import importlib.util
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"
_spec = importlib.util.spec_from_file_location("demo_plan", SCRIPTS / "demo_plan.py")
demo_plan = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("demo_plan", demo_plan)  # dataclasses look their module up there
_spec.loader.exec_module(demo_plan)


@pytest.fixture
def checkout(tmp_path) -> Path:
    """A checkout without a data directory beside it, started once before."""
    root = tmp_path / "checkout"
    (root / "accounts" / "migrations").mkdir(parents=True)
    (root / "accounts" / "migrations" / "0001_initial.py").write_text("# migration\n")
    (root / "accounts" / "migrations" / "__init__.py").write_text("")
    (root / "portal").mkdir()
    (root / "portal" / "demo.py").write_text("CONTENT = 1\n")
    (root / "portal" / "views.py").write_text("# not demo content\n")
    (root / "uv.lock").write_text("lock 1\n")
    (root / ".venv").mkdir()
    return root


def database(root: Path, migrations=(("accounts", "0001_initial"),), account=True) -> None:
    with sqlite3.connect(root / "plattform.sqlite3") as db:
        db.execute("CREATE TABLE django_migrations (app TEXT, name TEXT)")
        db.executemany("INSERT INTO django_migrations VALUES (?, ?)", migrations)
        db.execute("CREATE TABLE accounts_user (username TEXT)")
        if account:
            db.execute("INSERT INTO accounts_user VALUES ('geschaeftsstelle')")
    db.close()


def started_before(root: Path, args=(), env=None) -> None:
    database(root)
    (root / "daten").mkdir(exist_ok=True)
    (root / "daten" / ".vollstaendig").write_text("")
    demo_plan.record(root, list(args), env or {})


def plan(root: Path, *args: str, **env: str):
    return demo_plan.make_plan(root, list(args), env)


def test_it_fetches_the_open_data_into_the_checkout_when_there_is_no_data_directory(checkout):
    result = plan(checkout)
    assert result.fetch
    assert result.data_dir == checkout / "daten"
    assert result.migrate and result.load_demo


def test_it_resumes_an_interrupted_fetch(checkout):
    (checkout / "daten" / "boundaries").mkdir(parents=True)  # no completion mark yet
    assert plan(checkout).fetch


def test_it_uses_a_completed_fetch_without_fetching_again(checkout):
    (checkout / "daten").mkdir()
    (checkout / "daten" / ".vollstaendig").write_text("")
    result = plan(checkout)
    assert not result.fetch
    assert result.data_dir == checkout / "daten"


def test_it_prefers_the_data_directory_beside_the_checkout(checkout):
    beside = checkout.parent / "shared" / "data"
    beside.mkdir(parents=True)
    result = plan(checkout)
    assert (result.data_dir, result.fetch) == (beside, False)


def test_the_environment_variable_comes_before_the_folder_beside(checkout, tmp_path):
    (checkout.parent / "shared" / "data").mkdir(parents=True)
    result = plan(checkout, GESUNDHEITSREGION_DATEN=str(tmp_path / "eigene"))
    assert (result.data_dir, result.fetch) == (tmp_path / "eigene", False)


@pytest.mark.parametrize("args", [["--daten", "/daten/hier"], ["--daten=/daten/hier"]])
def test_an_explicit_folder_comes_first_and_is_never_fetched(checkout, args):
    result = plan(checkout, *args, GESUNDHEITSREGION_DATEN="/anderswo")
    assert (result.data_dir, result.fetch) == (Path("/daten/hier"), False)


def test_a_checkout_started_before_skips_migrate_and_the_demo(checkout):
    started_before(checkout)
    result = plan(checkout)
    assert not (result.fetch or result.migrate or result.load_demo)


def test_a_new_migration_runs_migrate_and_the_demo(checkout):
    started_before(checkout)
    (checkout / "accounts" / "migrations" / "0002_more.py").write_text("# migration\n")
    result = plan(checkout)
    assert result.migrate and result.load_demo


def test_a_changed_lock_file_runs_migrate(checkout):
    started_before(checkout)
    (checkout / "uv.lock").write_text("lock 2\n")
    assert plan(checkout).migrate


def test_changed_demo_content_loads_the_demo_again_without_migrating(checkout):
    started_before(checkout)
    (checkout / "portal" / "demo.py").write_text("CONTENT = 2\n")
    result = plan(checkout)
    assert (result.migrate, result.load_demo) == (False, True)


def test_other_code_changes_skip_the_demo(checkout):
    started_before(checkout)
    (checkout / "portal" / "views.py").write_text("# changed\n")
    assert not plan(checkout).load_demo


def test_another_data_directory_loads_the_demo_again(checkout, tmp_path):
    started_before(checkout)
    assert plan(checkout, "--daten", str(tmp_path)).load_demo


def test_a_database_without_the_demo_accounts_loads_the_demo(checkout):
    started_before(checkout)
    (checkout / "plattform.sqlite3").unlink()
    database(checkout, account=False)
    result = plan(checkout)
    assert (result.migrate, result.load_demo) == (False, True)


def test_a_deleted_database_runs_everything(checkout):
    started_before(checkout)
    (checkout / "plattform.sqlite3").unlink()
    result = plan(checkout)
    assert result.migrate and result.load_demo


def test_neu_always_loads_the_demo(checkout):
    started_before(checkout)
    assert plan(checkout, "--neu").load_demo


def test_another_database_runs_every_step(checkout):
    started_before(checkout)
    result = plan(checkout, DATABASE_URL="postgres://localhost/x")
    assert result.migrate and result.load_demo


def test_scripts_demo_plan_prints_the_decision_without_doing_anything(checkout):
    shutil.copytree(SCRIPTS, checkout / "scripts")
    result = subprocess.run(
        ["bash", "scripts/demo", "plan"],
        cwd=checkout,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    assert f"Offene Daten: {checkout / 'daten'}" in result.stdout
    assert "ja    offene Daten holen (gesundheitsregion daten-holen)" in result.stdout
    assert not (checkout / "daten").exists()
    assert not (checkout / "plattform.sqlite3").exists()


def fake_tools(root: Path, fetch_exit: int = 0) -> Path:
    """Stand-ins for setup, the CLI and manage.py that only log how they were called."""
    log = root / "aufrufe.log"
    bin_dir = root / ".venv" / "bin"
    bin_dir.mkdir(parents=True, exist_ok=True)
    (bin_dir / "python").symlink_to(sys.executable)
    (bin_dir / "gesundheitsregion").write_text(
        f'#!/bin/sh\necho "gesundheitsregion $*" >> "{log}"\n'
        'mkdir -p "$3/boundaries"\necho "[vg5000] fertig."\n'
        f"exit {fetch_exit}\n"
    )
    (bin_dir / "gesundheitsregion").chmod(0o755)
    (root / "manage.py").write_text(
        "import sys\n"
        f"open({str(log)!r}, 'a').write('manage.py ' + ' '.join(sys.argv[1:]) + '\\n')\n"
        "if sys.argv[1] == 'demo_laden':\n"
        "    print('Demo-Zugänge (Passwort für alle: x):')\n"
        "    print('  geschaeftsstelle     Geschäftsstelle')\n"
    )
    shutil.copytree(SCRIPTS, root / "scripts")
    (root / "scripts" / "setup.sh").write_text("exit 0\n")
    return log


def run_demo(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", "scripts/demo"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "PORT": "1"},
    )


def test_scripts_demo_fetches_the_data_before_loading_the_demo_from_it(checkout):
    log = fake_tools(checkout)
    result = run_demo(checkout)
    calls = log.read_text().splitlines()
    data = checkout / "daten"
    assert calls[0] == f"gesundheitsregion daten-holen --ziel {data}"
    assert "manage.py migrate --noinput -v 0" in calls
    assert f"manage.py demo_laden --daten {data}" in calls
    assert calls[-1] == "manage.py runserver 127.0.0.1:1 --noreload"
    assert (data / ".vollstaendig").is_file()
    assert "einmalig bei den amtlichen Herausgebern" in result.stdout


def test_scripts_demo_starts_without_the_data_when_the_fetch_fails(checkout):
    log = fake_tools(checkout, fetch_exit=2)
    result = run_demo(checkout)
    calls = log.read_text().splitlines()
    assert "manage.py demo_laden" in calls  # no --daten: the demo loads without hospitals
    assert not (checkout / "daten" / ".vollstaendig").exists()
    assert "beim nächsten Start wird es erneut versucht" in result.stderr


def test_a_second_start_only_starts_the_server(checkout):
    log = fake_tools(checkout)
    run_demo(checkout)
    database(checkout)  # what migrate would have created
    log.write_text("")
    result = run_demo(checkout)
    assert log.read_text().splitlines() == ["manage.py runserver 127.0.0.1:1 --noreload"]
    assert "geschaeftsstelle     Geschäftsstelle" in result.stdout  # accounts shown again
