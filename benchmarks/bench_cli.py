"""Benchmark: the command line end to end against PySAL access's own E2SFCA computation.

Not a test. The inputs are those of ``bench_e2sfca.py`` (100,000 demand points × 3,000 sites
on the Zensus 2011 1 km grid, 30 km, steps 10/20/30 km → 1/0.68/0.22), written as the CSV
files a user would hand in (``id``, ``einwohner``/``kapazitaet``, ``x``/``y`` in EPSG:3035).

In one run, side by side:

* **CLI**: ``gesundheitsregion erreichbarkeit … --out zugang.csv`` as a new process, from its
  start to the written file (wall clock of the whole process; CPU time of the child). Best of
  three.
* **access**: PySAL access computing E2SFCA on the same pairs (``Access`` built from the pairs
  as ``cost_df``, then ``enhanced_two_stage_fca``), in this process, once. Its time does not
  include reading files or finding the pairs; the CLI's does.
* ``gesundheitsregion --help``: best of five process starts.
* Where the CLI's time goes: the same library calls in a fresh process, CPU time per step
  (Python's start measured apart).

The machine may be shared with other busy processes: both contestants run in the same minute,
so the ratio holds better than either time; the load is recorded. The whole comparison runs
three times and the pass with the lowest load is kept (all passes are listed).

Prints the figures and writes them to ``benchmarks/results/cli.json`` and to the section
"Kommandozeile" of ``docs/benchmarks.md`` (other sections are left alone).

Run: ``.venv/bin/python benchmarks/bench_cli.py``
"""

from __future__ import annotations

import json
import os
import re
import resource
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_e2sfca as e2sfca  # the same inputs and the same access call

ROOT = e2sfca.ROOT
RESULTS = ROOT / "benchmarks" / "results" / "cli.json"
REPORT = ROOT / "docs" / "benchmarks.md"
COMMAND = ROOT / ".venv" / "bin" / "gesundheitsregion"
RUNS = 3
PASSES = 3
HELP_RUNS = 5
TARGET = 20.0
HELP_TARGET_S = 1.0


def write_inputs(folder: Path, inputs: dict) -> tuple[Path, Path]:
    demand, supply = folder / "nachfrage.csv", folder / "angebot.csv"
    n, m = len(inputs["demand_xy"]), len(inputs["supply_xy"])
    pd.DataFrame(
        {
            "id": [f"n{i}" for i in range(n)],
            "einwohner": inputs["population"].astype(int),
            "x": inputs["demand_xy"][:, 0],
            "y": inputs["demand_xy"][:, 1],
        }
    ).to_csv(demand, index=False)
    pd.DataFrame(
        {
            "id": [f"a{i}" for i in range(m)],
            "kapazitaet": inputs["capacity"],
            "x": inputs["supply_xy"][:, 0],
            "y": inputs["supply_xy"][:, 1],
        }
    ).to_csv(supply, index=False)
    return demand, supply


def cli_arguments(demand: Path, supply: Path, out: Path) -> list[str]:
    weights = ",".join(f"{k:g}:{v:g}" for k, v in e2sfca.STEPS.items())
    return [
        *("erreichbarkeit", "--nachfrage", str(demand), "--angebot", str(supply)),
        *("--crs", "EPSG:3035", "--methode", "e2sfca", "--einheit", "km"),
        *("--einzugsbereich", f"{e2sfca.CATCHMENT_KM:g}", "--gewichte", weights),
        *("--out", str(out)),
    ]


def process(arguments: list[str]) -> tuple[float, float]:
    """Wall time of one process from start to exit, and its CPU time (user + system)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = time.perf_counter()
    subprocess.run(arguments, check=True, capture_output=True)
    wall = time.perf_counter() - wall
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def cli(inputs: dict) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        demand, supply = write_inputs(Path(folder), inputs)
        out = Path(folder) / "zugang.csv"
        runs = [process([str(COMMAND), *cli_arguments(demand, supply, out)]) for _ in range(RUNS)]
        written = pd.read_csv(out)
    return {
        "laeufe_s": [round(w, 3) for w, _ in runs],
        "laeufe_cpu_s": [round(c, 3) for _, c in runs],
        "s": round(min(w for w, _ in runs), 3),
        "cpu_s": round(min(c for _, c in runs), 3),
        "zeilen": len(written),
        "summe_zugang_mal_einwohner": float(
            np.nansum(written["zugang"].to_numpy() * inputs["population"])
        ),
    }


def access(inputs: dict) -> dict:
    costs = e2sfca.pairs(inputs)
    _, wall, cpu = e2sfca.timed(lambda: e2sfca.theirs(costs, inputs))
    return {"paare": len(costs), "s": round(wall, 3), "cpu_s": round(cpu, 3)}


def breakdown(inputs: dict) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        demand, supply = write_inputs(Path(folder), inputs)
        out = Path(folder) / "zugang.csv"
        script = Path(__file__).with_name("_cli_phases.py")
        arguments = [str(demand), str(supply), str(out), f"{e2sfca.CATCHMENT_KM:g}"]
        arguments.append(json.dumps(e2sfca.STEPS))
        # As the installed command starts (gesundheitsregion.cli.script): OpenBLAS on one thread.
        environment = {**os.environ, "OPENBLAS_NUM_THREADS": "1"}
        done = subprocess.run(
            [sys.executable, str(script), *arguments],
            capture_output=True,
            text=True,
            check=True,
            env=environment,
        )
    start = min(process([sys.executable, "-c", "pass"])[1] for _ in range(HELP_RUNS))
    return {"Python starten": round(start, 3), **json.loads(done.stdout.strip().splitlines()[-1])}


def help_start() -> dict:
    runs = [process([str(COMMAND), "--help"]) for _ in range(HELP_RUNS)]
    return {"s": round(min(w for w, _ in runs), 3), "cpu_s": round(min(c for _, c in runs), 3)}


def compile_bytecode() -> None:
    """Bytecode of the project's modules as ``scripts/setup.sh`` leaves it: where
    PYTHONDONTWRITEBYTECODE is set, a module changed since the set-up would otherwise be
    compiled anew at every start, which a user's installed copy never is."""
    package = ROOT / "gesundheitsregion"
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True)


def measure(inputs: dict) -> dict:
    """One pass: the CLI and access side by side, ``--help`` and the CLI's steps."""
    load_start = round(os.getloadavg()[0], 2)
    ours = cli(inputs)
    theirs = access(inputs)
    return {
        "befehl": " ".join(shlex.quote(arg) for arg in [".venv/bin/python", *sys.argv]),
        "rechner": e2sfca.machine(),
        "cli_befehl": "gesundheitsregion "
        + " ".join(cli_arguments(Path("nachfrage.csv"), Path("angebot.csv"), Path("zugang.csv"))),
        "nachfrage": e2sfca.COMPARISON[0],
        "angebot": e2sfca.COMPARISON[1],
        "cli": ours,
        "access": theirs,
        "faktor": round(theirs["s"] / ours["s"], 1),
        "faktor_cpu": round(theirs["cpu_s"] / ours["cpu_s"], 1),
        "hilfe": help_start(),
        "aufteilung_cpu_s": breakdown(inputs),
        "last_1_min_beim_start": load_start,
        "last_1_min_am_ende": round(os.getloadavg()[0], 2),
    }


def main() -> None:
    compile_bytecode()
    inputs = e2sfca.comparison_inputs()
    # Other processes load the shared machine at times: several passes, the least loaded kept.
    passes = [measure(inputs) for _ in range(PASSES)]
    result = min(passes, key=lambda r: r["last_1_min_beim_start"] + r["last_1_min_am_ende"])
    result["durchgaenge"] = [
        {key: r[key] for key in ("faktor", "faktor_cpu", "last_1_min_beim_start")} for r in passes
    ]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    section = markdown(result)
    write_section(section)
    print(section)


def _de(value: float, digits: int = 1) -> str:
    return e2sfca._de(value, digits)


def _yes(ok: bool) -> str:
    return "erreicht" if ok else "nicht erreicht"


def markdown(result: dict) -> str:
    m, ours, theirs, helped = result["rechner"], result["cli"], result["access"], result["hilfe"]
    steps = result["aufteilung_cpu_s"]
    parts = "; ".join(f"{name} {_de(s, 2)} s" for name, s in steps.items())
    floor = sum(s for name, s in steps.items() if "laden" in name or "Paare" in name)
    imports_np = steps["numpy und pandas laden"]
    imports_sp = steps["SciPy laden (KD-Baum, dünne Matrizen)"]
    passes = "; ".join(
        f"Last {_de(p['last_1_min_beim_start'], 2)}: Faktor {_de(p['faktor'])} "
        f"({_de(p['faktor_cpu'])} CPU)"
        for p in result["durchgaenge"]
    )
    return f"""## Kommandozeile

Befehl: `{result["befehl"]}`

Rechner: {m["cpu"]}, {m["kerne"]} Kerne, {_de(m["ram_gb"])} GB RAM, Python {m["python"]}, numpy \
{m["numpy"]}, scipy {m["scipy"]}, pandas {m["pandas"]}, access {m["access"]}. Der Rechner war \
mit anderen rechnenden Prozessen geteilt (Last über 1 min beim Start \
{_de(result["last_1_min_beim_start"], 2)}, am Ende {_de(result["last_1_min_am_ende"], 2)} bei \
{m["kerne"]} Kernen): die Zeiten schwanken mit der Last, das Verhältnis beider, im selben Lauf \
gemessen, weniger. Zeiten als Wanduhr, in Klammern CPU-Zeit. Der Benchmark macht \
{len(result["durchgaenge"])} Durchgänge und behält den mit der geringsten Last; alle \
Durchgänge: {passes}.

E2SFCA mit den Eingaben von `benchmarks/bench_e2sfca.py` ({_de(result["nachfrage"], 0)} \
Nachfragepunkte × {_de(result["angebot"], 0)} Standorte, {_de(theirs["paare"], 0)} Paare im \
Einzugsbereich von 30 km), als CSV-Dateien mit x/y in EPSG:3035. Die Kommandozeile wird wie \
von Hand gestartet, gemessen vom Start des Prozesses bis zur geschriebenen Datei (bestes von \
{RUNS} Läufen):

    {result["cli_befehl"]}

| | Zeit |
|---|---:|
| `gesundheitsregion erreichbarkeit`, Start bis geschriebene Datei | {_de(ours["s"], 2)} s \
({_de(ours["cpu_s"], 2)} s); Läufe {", ".join(_de(t, 2) for t in ours["laeufe_s"])} s |
| PySAL access, nur die Rechnung auf denselben Paaren | {_de(theirs["s"], 1)} s \
({_de(theirs["cpu_s"], 1)} s) |
| Faktor (access ÷ Kommandozeile) | {_de(result["faktor"])} ({_de(result["faktor_cpu"])} CPU) |
| `gesundheitsregion --help` (bestes von {HELP_RUNS}) | {_de(helped["s"], 2)} s \
({_de(helped["cpu_s"], 2)} s) |

Wohin die CPU-Zeit der Kommandozeile geht (dieselben Aufrufe der Bibliothek in einem frischen \
Prozess, je Schritt): {parts}. Laden der Bibliotheken und Suche der Paare allein brauchen \
{_de(floor, 2)} s CPU; 1/{TARGET:g} der CPU-Zeit von access sind \
{_de(theirs["cpu_s"] / TARGET, 2)} s.

Was den Rest kostet: numpy und pandas zu laden ({_de(imports_np, 2)} s) und SciPy für den \
KD-Baum ({_de(imports_sp, 2)} s), zusammen {_de(imports_np + imports_sp, 2)} s CPU, schon mehr \
als 1/{TARGET:g} der Rechnung von access. Mit diesen Bibliotheken liegt die Grenze auf diesem \
Rechner bei rund {_de(theirs["cpu_s"] / (imports_np + imports_sp), 0)}-mal \
(nur die Ladezeit gegen access); SciPy lädt beim KD-Baum sein Array-API-Paket samt \
`numpy.testing` und `numpy.f2py` mit, was sich von außen nicht abschalten lässt. Das Ziel \
{TARGET:g}× ist also nur ohne pandas und SciPy beim Start zu erreichen (eigene Nachbarsuche \
und eigenes Einlesen in numpy); das bleibt offen. Vom Lesen entfällt ein guter Teil auf \
pyproj (Laden, Umrechnung nach lon/lat für die Prüfung, ob die Punkte in Deutschland liegen), \
vom Schreiben der größte auf die Textform der Gleitkommazahlen (kürzeste exakte Darstellung, \
wie pandas sie schreibt).

Ziele: Kommandozeile mindestens {TARGET:g}-mal schneller als access \
({_yes(result["faktor"] >= TARGET)}, {_de(result["faktor"])}-mal), `--help` unter \
{_de(HELP_TARGET_S, 0)} s ({_yes(helped["s"] < HELP_TARGET_S)}). Kontrolle: \
{_de(ours["zeilen"], 0)} Zeilen geschrieben, Σ Einwohner × Zugang = \
{_de(ours["summe_zugang_mal_einwohner"], 3)}.

Was die Kommandozeile schnell macht: Bytecode wird bei der Installation übersetzt \
(`scripts/setup.sh` mit `UV_COMPILE_BYTECODE=1`, der Benchmark übersetzt die eigenen Module \
ebenso vorab), nicht bei jedem Start; jeder Befehl lädt erst in `run` die Bibliotheken, die er \
braucht (geopandas, shapely, openpyxl nur für GeoJSON und XLSX); CSV-Dateien liest unterhalb \
der Kopfzeile der C-Parser von pandas (nur Dateien mit Anführungszeichen oder Zeilen falscher \
Breite gehen Zeile für Zeile durch das `csv`-Modul, das die Meldung formuliert); die Prüfung \
der Eingaben arbeitet spaltenweise statt Zelle für Zelle und ersetzt Leer-, Komma- und \
Punktzeichen nur in Spalten, die sie enthalten; die Herkunft der Zeilen reist neben der \
Tabelle (`io.Provenance`) statt in `DataFrame.attrs`, die pandas bei jeder Operation kopiert; \
Ergebnisse aus Zahlen und Text schreibt `io.write_table` selbst, Byte für Byte wie \
`to_csv`; nach dem Schreiben endet der Prozess ohne den Abbau des Interpreters (die \
Exit-Handler laufen noch), der sonst rund 0,2 s CPU kostet; OpenBLAS startet mit einem \
Thread statt einem je Kern (rund 0,1 s beim Laden von numpy; keine Rechnung hier braucht ihn).
"""


def write_section(section: str) -> None:
    """Replace (or append) the "## Kommandozeile" section, re-reading the file just before."""
    text = REPORT.read_text("utf-8") if REPORT.exists() else "# Benchmarks\n"
    pattern = re.compile(r"^## Kommandozeile\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(lambda _: section + "\n", text, count=1)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    REPORT.write_text(text.rstrip("\n") + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
