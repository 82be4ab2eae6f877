"""Load benchmark of the platform in its production set-up (issue 7, section E).

Not a test. One command sets everything up and measures:

1. a PostgreSQL database of its own (``BENCH_DATABASE_URL``, default
   ``postgres://postgres@127.0.0.1:5432/bench_last``, dropped and created anew), ``migrate``,
   the demo network (``demo_laden``), ``collectstatic`` into a temporary folder; Redis for the
   shared cache and the page cache (``BENCH_REDIS_URL``, default
   ``redis://127.0.0.1:6379/5``, emptied first), as production runs it;
2. gunicorn with ``plattform/gunicorn_conf.py`` on 127.0.0.1 (a free port), ``DJANGO_PRODUCTION=1``
   with a random test secret, ``DJANGO_SECURE_SSL_REDIRECT=0`` and ``X-Forwarded-Proto: https``
   as the documented TLS proxy sends it. Only the API's rate limit is switched off (a settings
   module of this run): every request comes from 127.0.0.1, so it would answer 429 after 120
   requests a minute and the benchmark would measure the throttle instead of the API;
3. wrk, bounded in time (``BENCH_DAUER`` seconds per run, default 15), against three mixes of
   pages, each at 20 and 50 concurrent connections: the public pages (start, partner directory
   with filters, a partner page, measures and one measure, bodies and one body, FAQ), the API
   lists, and pages of the logged-in office (session cookie);
4. a fault during load: in a wrk run on the public pages one gunicorn worker is killed with
   SIGKILL; errors are counted and the script checks that gunicorn replaced the worker and
   answers again;
5. concurrent writes: ``BENCH_SCHREIBER`` clients (default 20) post 10 progress updates
   (Sachstände with a progress) each on one measure through the form, while one worker is
   killed; afterwards the database must hold every acknowledged update exactly once, and the
   measure's progress must be that of its newest update;
6. the database queries of every page (anonymous and as the office).

Prints the figures, writes ``benchmarks/results/last_seiten.json``, ``last_ausfall.json`` and
``last_abfragen.json`` and the section "Plattform unter Last" of ``docs/benchmarks.md``
(``--nur-doku`` rewrites the section from the JSON files without measuring).

Needs wrk (``apt-get install wrk``; installed by the script when it runs as root), a
PostgreSQL server and a Redis server. Run: ``.venv/bin/python benchmarks/bench_last.py``
"""

from __future__ import annotations

import contextlib
import datetime as dt
import http.client
import json
import os
import resource
import secrets
import shutil
import signal
import string
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

from _plattform import RESULTS, ROOT, free_port, german, machine, stop, wait_for, write_section

DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_last")
#: The shared cache as in production (docs/betrieb.md): counters and the page cache in Redis.
#: Its database is emptied at the start of each run.
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5")
DURATION = int(os.environ.get("BENCH_DAUER", "15"))
CONNECTIONS = (20, 50)
#: Seconds of load per mix before the measured runs, not counted (see settle()).
SETTLE = 3
WRITERS = int(os.environ.get("BENCH_SCHREIBER", "20"))
WRITES_EACH = 10
PYTHON = sys.executable
MIXES = {
    "oeffentlich": "Öffentliche Seiten",
    "api": "API-Listen",
    "geschaeftsstelle": "Seiten der Geschäftsstelle (angemeldet)",
}
#: The public pages once more with the page cache switched off, for comparison.
UNCACHED = "oeffentlich_ohne_seitencache"
LABELS = {**MIXES, UNCACHED: "Öffentliche Seiten ohne Seitencache (zum Vergleich)"}
#: Targets of issue 7 for the public pages at 50 connections.
TARGET_RPS, TARGET_P90_MS, TARGET_P99_MS = 100, 300, 1000

SETTINGS_MODULE = '''"""One benchmark run: the production settings without the API rate limit."""
from plattform.settings import *  # noqa: F403

REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}  # noqa: F405
'''

LUA = """
local paths = %(paths)s
local i = 0
local threads = {}
wrk.headers["X-Forwarded-Proto"] = "https"
%(headers)s
function setup(thread) table.insert(threads, thread) end
function init(args) i = math.random(#paths) - 1 end
function request()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'ERGEBNIS {"anfragen": %%d, "dauer_us": %%d, "fehler_verbindung": %%d, "fehler_lesen": %%d, ' ..
    '"fehler_schreiben": %%d, "fehler_zeit": %%d, "fehler_status": %%d, "p50_ms": %%.2f, ' ..
    '"p90_ms": %%.2f, "p95_ms": %%.2f, "p99_ms": %%.2f, "max_ms": %%.2f}\\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.timeout, e.status,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
"""


# --- set-up ----------------------------------------------------------------------------------


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("Installiere wrk (apt-get) ...", flush=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=False)
        found = shutil.which("wrk")
        if found:
            return found
    sys.exit(
        "Fehler: wrk fehlt. Bitte installieren ('sudo apt-get install wrk' unter Debian/Ubuntu, "
        "'brew install wrk' unter macOS) und den Benchmark erneut starten."
    )


def recreate_database() -> None:
    import psycopg

    url = urllib.parse.urlsplit(DATABASE_URL)
    name = url.path.lstrip("/")
    admin = urllib.parse.urlunsplit(url._replace(path="/postgres"))
    try:
        with psycopg.connect(admin, autocommit=True) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            db.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as error:
        sys.exit(
            f"Fehler: PostgreSQL unter {admin} nicht erreichbar oder ohne Recht, Datenbanken "
            f"anzulegen ({error}). Bitte einen Server starten oder BENCH_DATABASE_URL setzen, "
            "z. B. postgres://postgres@127.0.0.1:5432/bench_last."
        )


def empty_redis() -> None:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL).flushdb()
    except redis.RedisError as error:
        sys.exit(
            f"Fehler: Redis unter {REDIS_URL} nicht erreichbar ({error}). Bitte einen Server "
            "starten oder BENCH_REDIS_URL setzen, z. B. redis://127.0.0.1:6379/5."
        )


def base_env() -> dict[str, str]:
    return {
        **{
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("DJANGO_", "GUNICORN_"))
            and k not in {"DATABASE_URL", "CACHE_URL", "REDIS_URL"}
        },
        "REDIS_URL": REDIS_URL,
    }


def production_env(folder: Path, port: int) -> dict[str, str]:
    (folder / "bench_settings.py").write_text(SETTINGS_MODULE, "utf-8")
    return {
        **base_env(),
        "DJANGO_PRODUCTION": "1",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,testserver",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_STATIC_ROOT": str(folder / "static"),
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "PYTHONPATH": os.pathsep.join([str(folder), str(ROOT)]),
        "DATABASE_URL": DATABASE_URL,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        **{
            k: v
            for k, v in os.environ.items()
            if k.startswith("GUNICORN_") and k != "GUNICORN_BIND"
        },
    }


def run(args: list[str], env: dict[str, str]) -> str:
    result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"Fehler bei {' '.join(args)}:\n{result.stderr[-3000:]}")
    return result.stdout


def django_helper(env: dict[str, str], *args: str):
    out = run([PYTHON, "benchmarks/_last_django.py", *args], env)
    return json.loads(out.strip().splitlines()[-1])


def set_up(folder: Path, port: int) -> tuple[dict[str, str], dict]:
    print(f"Datenbank {DATABASE_URL} neu anlegen, migrate, demo_laden ...", flush=True)
    recreate_database()
    empty_redis()
    local = {**base_env(), "DATABASE_URL": DATABASE_URL}
    run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], local)
    run([PYTHON, "manage.py", "demo_laden"], local)
    env = production_env(folder, port)
    print("collectstatic ...", flush=True)
    run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"], env)
    return env, django_helper(env, "vorbereiten")


def start_gunicorn(env: dict[str, str], base: str, log: Path) -> subprocess.Popen:
    gunicorn = str(Path(PYTHON).with_name("gunicorn"))
    with log.open("w") as errors:
        process = subprocess.Popen(
            [gunicorn, "-c", "plattform/gunicorn_conf.py"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=errors,
            start_new_session=True,
        )
    try:
        wait_for(f"{base}/", timeout=120, headers={"X-Forwarded-Proto": "https"})
    except TimeoutError:
        stop(process)
        sys.exit("gunicorn startet nicht:\n" + log.read_text()[-3000:])
    return process


def _cpu_ticks(pid: int, with_children: bool) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    utime, stime, cutime, cstime = (int(x) for x in fields[11:15])
    return utime + stime + (cutime + cstime if with_children else 0)


def server_cpu(master: int) -> float:
    """CPU seconds used by gunicorn so far: the master (with the workers it has reaped, such as
    killed ones) and every live worker. Unlike times and rates it hardly depends on what else
    runs on the machine."""
    ticks = _cpu_ticks(master, with_children=True)
    for pid in workers(master):
        # A worker that ended just now is counted by the master once it is reaped.
        with contextlib.suppress(FileNotFoundError):
            ticks += _cpu_ticks(pid, with_children=False)
    return ticks / os.sysconf("SC_CLK_TCK")


def _own_children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def workers(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


# --- wrk -------------------------------------------------------------------------------------


def lua_script(folder: Path, name: str, paths: list[str], cookie: str | None) -> Path:
    headers = f'wrk.headers["Cookie"] = "sessionid={cookie}"' if cookie else ""
    listed = "{" + ", ".join(json.dumps(p) for p in paths) + "}"
    path = folder / f"{name}.lua"
    path.write_text(LUA % {"paths": listed, "headers": headers}, "utf-8")
    return path


def wrk(binary: str, base: str, script: Path, connections: int, duration: int, master: int) -> dict:
    server_before, wrk_before = server_cpu(master), _own_children_cpu()
    result = subprocess.run(
        [
            binary,
            "-t2",
            f"-c{connections}",
            f"-d{duration}s",
            "--timeout",
            "10s",
            "-s",
            str(script),
            base,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    line = next(x for x in result.stdout.splitlines() if x.startswith("ERGEBNIS "))
    figures = json.loads(line.removeprefix("ERGEBNIS "))
    figures["anfragen_pro_s"] = figures["anfragen"] / (figures["dauer_us"] / 1e6)
    figures["fehler"] = sum(v for k, v in figures.items() if k.startswith("fehler_"))
    figures["verbindungen"] = connections
    requests = max(figures["anfragen"], 1)
    figures["cpu_ms_server"] = (server_cpu(master) - server_before) * 1000 / requests
    figures["cpu_ms_wrk"] = (_own_children_cpu() - wrk_before) * 1000 / requests
    figures["last_1min"] = os.getloadavg()[0]
    return figures


# --- fault during load and concurrent writes -------------------------------------------------


def kill_a_worker(master: int) -> dict:
    before = workers(master)
    victim = before[0]
    os.kill(victim, signal.SIGKILL)
    return {"beendet": victim, "vorher": len(before)}


def recovered(master: int, count: int, base: str) -> dict:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and len(workers(master)) < count:
        time.sleep(0.2)
    answered = wait_for(f"{base}/", timeout=30, headers={"X-Forwarded-Proto": "https"})
    return {"worker_danach": len(workers(master)), "antwortet_nach_s": answered}


def fault_during_load(binary: str, base: str, script: Path, master: int) -> dict:
    result: dict = {}
    thread = threading.Thread(
        target=lambda: result.update(wrk(binary, base, script, 50, DURATION, master)),
        daemon=True,
    )
    thread.start()
    time.sleep(DURATION / 3)
    killed = kill_a_worker(master)
    thread.join()
    return {**result, **killed, **recovered(master, killed["vorher"], base)}


def post_update(port: int, measure: int, session: str, text: str, progress: int) -> str:
    token = "".join(secrets.choice(string.ascii_letters) for _ in range(32))
    body = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": token,
            "date": dt.date.today().isoformat(),
            "text": text,
            "progress": str(progress),
        }
    )
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": f"sessionid={session}; csrftoken={token}",
        "Origin": f"https://127.0.0.1:{port}",
        "X-Forwarded-Proto": "https",
    }
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("POST", f"/massnahmen/{measure}/sachstand/neu/", body, headers)
        status = connection.getresponse().status
    except OSError as error:
        return f"abgebrochen ({type(error).__name__})"
    finally:
        connection.close()
    return "ok" if status == 302 else f"HTTP {status}"


def concurrent_writes(port: int, prepared: dict, master: int, env: dict) -> dict:
    prefix = f"Lasttest {secrets.token_hex(4)}"
    outcomes: dict[str, str] = {}
    started = threading.Barrier(WRITERS + 1)

    def writer(number: int) -> None:
        started.wait()
        for k in range(WRITES_EACH):
            text = f"{prefix} {number:02d}-{k:02d}"
            progress = (number * WRITES_EACH + k) % 101
            outcomes[text] = post_update(
                port, prepared["massnahme"], prepared["sitzung"], text, progress
            )

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    started.wait()
    time.sleep(0.5)
    killed = kill_a_worker(master)
    for thread in threads:
        thread.join()
    back = recovered(master, killed["vorher"], f"http://127.0.0.1:{port}")
    stored = django_helper(env, "pruefen", prefix)
    acknowledged = {t for t, o in outcomes.items() if o == "ok"}
    in_db = set(stored.pop("texte"))
    return {
        **killed,
        **back,
        "gesendet": len(outcomes),
        "bestaetigt": len(acknowledged),
        "ergebnisse": sorted({o for o in outcomes.values()}),
        "abgebrochen": sum(o != "ok" for o in outcomes.values()),
        **stored,
        "verloren": len(acknowledged - in_db),
        "ohne_bestaetigung_gespeichert": len(in_db - acknowledged),
    }


# --- report ----------------------------------------------------------------------------------


def ms(value: float) -> str:
    return german(value, 0 if value >= 100 else 1)


HEADER = (
    "| Mischung | Verbindungen | Anfragen/s | p50 ms | p90 ms | p95 ms | p99 ms | Fehler "
    "| Anfragen | CPU-ms je Anfrage (Server) | möglich/s auf freien Kernen |\n"
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
)


def _possible(run: dict) -> float:
    per_request = run["cpu_ms_server"] + run["cpu_ms_wrk"]
    return (os.cpu_count() or 1) * 1000 / per_request if per_request else 0.0


def _queries(answer: dict) -> str:
    """Queries of a page, or a dash where it only redirects to the login."""
    return str(answer["abfragen"]) if answer["status"] == 200 else "–"


def section() -> str:
    pages = json.loads((RESULTS / "last_seiten.json").read_text("utf-8"))
    fault = json.loads((RESULTS / "last_ausfall.json").read_text("utf-8"))
    counted = json.loads((RESULTS / "last_abfragen.json").read_text("utf-8"))
    rows = [
        f"| {LABELS[run['mischung']]} | {run['verbindungen']} | {german(run['anfragen_pro_s'], 0)} "
        f"| {ms(run['p50_ms'])} | {ms(run['p90_ms'])} | {ms(run['p95_ms'])} | {ms(run['p99_ms'])} "
        f"| {run['fehler']} | {run['anfragen']} | {german(run['cpu_ms_server'], 1)} "
        f"| {german(_possible(run), 0)} |"
        for run in pages["laeufe"]
    ]
    public = next(
        r for r in pages["laeufe"] if r["mischung"] == "oeffentlich" and r["verbindungen"] == 50
    )
    met = (
        public["fehler"] == 0
        and public["anfragen_pro_s"] >= TARGET_RPS
        and public["p90_ms"] < TARGET_P90_MS
        and public["p99_ms"] < TARGET_P99_MS
    )
    load, writes = fault["last"], fault["schreiben"]
    query_rows = [
        f"| `{row['pfad']}` | {_queries(row['anonym'])} | {_queries(row['geschaeftsstelle'])} |"
        for row in counted["seiten"]
    ]
    most = max(
        max(r["anonym"]["abfragen"], r["geschaeftsstelle"]["abfragen"]) for r in counted["seiten"]
    )
    return f"""
Befehl: `.venv/bin/python benchmarks/bench_last.py` (richtet alles selbst ein; wrk, ein
PostgreSQL- und ein Redis-Server nötig; `--nur-doku` schreibt diesen Abschnitt neu aus den
JSON-Dateien in `benchmarks/results/last_*.json`).
Rechner: {pages["rechner"]}; wrk auf demselben Rechner (2 Threads), {pages["dauer_s"]} s je Lauf,
davor {SETTLE} s Einlaufen je Mischung, nicht gezählt (bis alle Worker aufgewärmt sind).
Aufbau wie in `docs/betrieb.md`: gunicorn ({pages["gunicorn"]}), WhiteNoise, PostgreSQL,
Redis für den gemeinsamen Cache und den Seitencache, `DJANGO_PRODUCTION=1`; nur die Drosselung
der API ist abgeschaltet (alle Anfragen kommen von 127.0.0.1 und bekämen nach 120 je Minute 429).
Last auf dem Rechner (1/5/15 min) zu Beginn: {pages.get("last_vorher", "–")}, am Ende:
{pages.get("last_nachher", "–")}.

Besucher ohne Anmeldung bekommen die öffentlichen Seiten aus dem Seitencache
(`plattform/page_cache.py`, `docs/betrieb.md`): Jede Seite wird nach einer Änderung in der
Datenbank einmal neu erstellt und dann aus Redis ausgeliefert, bis sich wieder etwas ändert. Die
Mischung ruft acht Seiten immer wieder auf; fast jede Anfrage ist deshalb ein Treffer. Die Zeile
„ohne Seitencache“ zeigt dieselben Seiten, jedes Mal neu erstellt (`DJANGO_PAGE_CACHE_SECONDS=0`):
so verhält sich die Plattform, solange sich die Daten ständig ändern. Angemeldete Besucher
(Geschäftsstelle) und die API nutzen den Seitencache nicht.

{HEADER}
{chr(10).join(rows)}

Die Zeiten und Raten hängen stark davon ab, was sonst auf dem Rechner läuft; die CPU-Zeit je
Anfrage (gunicorn samt Workern, aus `/proc`) weniger. „Möglich auf freien Kernen“ ist
{os.cpu_count()} Kerne × 1000 ms / (CPU-ms je Anfrage des Servers + der von wrk): die Rate, die
derselbe Rechner ohne andere Last höchstens erreicht. wrk hält seine Verbindungen immer belegt
(jede Antwort löst sofort die nächste Anfrage aus); dann ist die mittlere Antwortzeit
Verbindungen / Rate (Little), bei 50 Verbindungen und 100 Anfragen/s also 500 ms. p90 unter
300 ms bei 50 Verbindungen verlangt deshalb rund 200 Anfragen/s, etwa 10 ms CPU je Anfrage
einschließlich wrk.

Ziel für die öffentlichen Seiten bei 50 Verbindungen: keine Fehler, mindestens {TARGET_RPS}
Anfragen/s, p90 unter {TARGET_P90_MS} ms, p99 unter {TARGET_P99_MS} ms –
{"erreicht" if met else "**in diesem Lauf nicht erreicht**"}.

**Ausfall unter Last.** Während eines Laufs auf die öffentlichen Seiten (50 Verbindungen) wurde
ein Worker mit SIGKILL beendet: {load["fehler"]} Fehler bei {load["anfragen"]} Anfragen
({german(load["anfragen_pro_s"], 0)} Anfragen/s, p99 {ms(load["p99_ms"])} ms); gunicorn hatte
danach wieder {load["worker_danach"]} von {load["vorher"]} Workern und antwortete nach
{german(load["antwortet_nach_s"], 2)} s.

**Gleichzeitige Sachstände.** {writes["gesendet"]} Sachstände mit Fortschritt von
{WRITERS} gleichzeitigen Clients über das Formular auf eine Maßnahme, ein Worker mitten darin
mit SIGKILL beendet: {writes["bestaetigt"]} bestätigt, {writes["abgebrochen"]} abgebrochen;
in der Datenbank {writes["zeilen"]} Zeilen, davon {writes["doppelt"]} doppelt,
{writes["verloren"]} bestätigte verloren, {writes["ohne_bestaetigung_gespeichert"]} ohne
Bestätigung gespeichert (Anfragen, deren Antwort der beendete Worker nicht mehr senden konnte).
Fortschritt der Maßnahme danach {writes["fortschritt_massnahme"]} %, der des neuesten
Sachstands {writes["fortschritt_neuester_sachstand"]} %
({
        "gleich"
        if writes["fortschritt_massnahme"] == writes["fortschritt_neuester_sachstand"]
        else "**verschieden: ein gleichzeitiger Sachstand hat den Fortschritt überschrieben**"
    }).

**Datenbankabfragen je Seite** (Demo-Netzwerk; höchstens {most}; Grenze 20, ohne N+1:
`plattform/tests/test_queries.py` prüft jede Seite mit N und 2N Objekten):

| Seite | anonym | Geschäftsstelle |
|---|---:|---:|
{chr(10).join(query_rows)}
"""


# --- main ------------------------------------------------------------------------------------


def settle(binary: str, base: str, scripts: dict[str, Path], master: int) -> None:
    """Let every worker finish its warm-up and each mix run once (SETTLE seconds, not counted):
    the runs measure the steady state; a worker starting under load is the fault run's part."""
    workers_wanted = int(os.environ.get("GUNICORN_WORKERS", "0")) or 2 * (os.cpu_count() or 1) + 1
    deadline = time.monotonic() + 60
    while len(workers(master)) < workers_wanted and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(2)  # the last worker's warm-up (plattform.wsgi.warm_up)
    for script in scripts.values():
        wrk(binary, base, script, 20, SETTLE, master)


def load_average() -> str:
    return " / ".join(german(x, 2) for x in os.getloadavg())


def measure() -> None:
    binary = ensure_wrk()
    RESULTS.mkdir(parents=True, exist_ok=True)
    where = machine()
    load_before = load_average()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="bench-last-") as tmp:
        folder = Path(tmp)
        env, prepared = set_up(folder, port)
        paths = prepared["oeffentlich"] + prepared["api"] + prepared["geschaeftsstelle"]
        counted = django_helper(env, "abfragen", *dict.fromkeys(paths))
        server = start_gunicorn(env, base, folder / "gunicorn.log")
        try:
            master = server.pid
            config = run(
                [
                    PYTHON,
                    "-c",
                    "import runpy; c = runpy.run_path('plattform/gunicorn_conf.py'); "
                    "print(c['workers'], c['threads'], c['worker_class'])",
                ],
                env,
            ).split()
            scripts = {
                name: lua_script(
                    folder,
                    name,
                    prepared[name],
                    prepared["sitzung"] if name == "geschaeftsstelle" else None,
                )
                for name in MIXES
            }
            settle(binary, base, scripts, master)
            runs = []
            for name, script in scripts.items():
                for connections in CONNECTIONS:
                    print(f"wrk: {MIXES[name]}, {connections} Verbindungen ...", flush=True)
                    runs.append(
                        {
                            "mischung": name,
                            **wrk(binary, base, script, connections, DURATION, master),
                        }
                    )
            print("Ausfall unter Last ...", flush=True)
            load = fault_during_load(binary, base, scripts["oeffentlich"], master)
            print("Gleichzeitige Sachstände ...", flush=True)
            writes = concurrent_writes(port, prepared, master, env)
        finally:
            stop(server)
        uncached = {**env, "DJANGO_PAGE_CACHE_SECONDS": "0"}
        server = start_gunicorn(uncached, base, folder / "gunicorn-ohne-cache.log")
        try:
            settle(binary, base, {"oeffentlich": scripts["oeffentlich"]}, server.pid)
            for connections in CONNECTIONS:
                print(f"wrk: {LABELS[UNCACHED]}, {connections} Verbindungen ...", flush=True)
                runs.append(
                    {
                        "mischung": UNCACHED,
                        **wrk(
                            binary, base, scripts["oeffentlich"], connections, DURATION, server.pid
                        ),
                    }
                )
        finally:
            stop(server)
    gunicorn = f"{config[0]} Worker, {config[2]}" + (
        f" mit {config[1]} Threads" if config[2] == "gthread" else ""
    )
    (RESULTS / "last_seiten.json").write_text(
        json.dumps(
            {
                "rechner": where,
                "dauer_s": DURATION,
                "gunicorn": gunicorn,
                "last_vorher": load_before,
                "last_nachher": load_average(),
                "laeufe": runs,
            },
            indent=2,
        ),
        "utf-8",
    )
    (RESULTS / "last_ausfall.json").write_text(
        json.dumps({"last": load, "schreiben": writes}, indent=2), "utf-8"
    )
    (RESULTS / "last_abfragen.json").write_text(json.dumps({"seiten": counted}, indent=2), "utf-8")


def main() -> None:
    if "--nur-doku" not in sys.argv:
        measure()
    text = section()
    write_section("Plattform unter Last", text)
    print(text)


if __name__ == "__main__":
    main()
