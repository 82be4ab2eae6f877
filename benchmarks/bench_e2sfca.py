"""Benchmark: E2SFCA here against PySAL access 1.1.10, and at national scale.

Not a test. Two runs, both on the real Zensus 2011 1 km grid:

* **Vergleich**: 100,000 demand points (grid cells drawn by population, jittered inside the
  cell) × 3,000 provider sites (drawn the same way), 30 km Euclidean catchment, Luo & Qi steps
  10/20/30 km → 1/0.68/0.22. Both get the same pairs (one KD-tree pass, handed to access as
  its ``cost_df``), so the times compare the measure itself; the KD-tree time is given apart.
  Times are taken in this process (ours best of 3, access once), the largest relative
  difference too. Peak memory comes from separate subprocesses, each starting
  from the same saved inputs with the same imports and building the pairs itself; the peak is the
  kernel's ``VmHWM``, reset after loading (``ru_maxrss`` where there is no ``/proc``).
* **Bundesweit**: the 214,633 inhabited cells × 35,000 synthetic sites placed by population,
  30 km: time and peak memory of ours only (subprocess), from coordinates to access values.

Prints the figures and writes them to ``benchmarks/results/e2sfca.json`` and to the section
"Erreichbarkeit" of ``docs/benchmarks.md`` (other sections are left alone).

Run: ``.venv/bin/python benchmarks/bench_e2sfca.py``
"""

from __future__ import annotations

import gc
import json
import os
import platform
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

from gesundheitsregion import datadir
from gesundheitsregion import erreichbarkeit as e
from gesundheitsregion.datadir import find_data_dir, repository_root

SEED = 2025
CATCHMENT_KM = 30.0
STEPS = {10.0: 1.0, 20.0: 0.68, 30.0: 0.22}
COMPARISON = (100_000, 3_000)
NATIONAL_SITES = 35_000
REPEATS = 3
ROOT = repository_root()
RESULTS = ROOT / "benchmarks" / "results" / "e2sfca.json"
REPORT = ROOT / "docs" / "benchmarks.md"


# --- inputs ----------------------------------------------------------------------------------


def grid() -> tuple[np.ndarray, np.ndarray]:
    cells = e.demand_from_grid(find_data_dir() / datadir.GRID_1KM)
    return cells[["x", "y"]].to_numpy(), cells["einwohner"].to_numpy(dtype=float)


def by_population(rng, xy, people, count: int) -> np.ndarray:
    """``count`` points in cells drawn by population, uniform inside the 1 km cell."""
    cells = rng.choice(len(xy), count, p=people / people.sum())
    return xy[cells] + rng.uniform(-500, 500, (count, 2))


def comparison_inputs() -> dict[str, np.ndarray]:
    rng = np.random.default_rng(SEED)
    xy, people = grid()
    n, m = COMPARISON
    return {
        "demand_xy": by_population(rng, xy, people, n),
        "population": rng.integers(1, 1000, n).astype(float),
        "supply_xy": by_population(rng, xy, people, m),
        "capacity": rng.choice([0.5, 1.0, 1.0, 1.0, 1.5, 2.0, 3.0], m),
    }


def national_inputs() -> dict[str, np.ndarray]:
    rng = np.random.default_rng(SEED + 1)
    xy, people = grid()
    return {
        "demand_xy": xy,
        "population": people,
        "supply_xy": by_population(rng, xy, people, NATIONAL_SITES),
        "capacity": rng.choice([0.5, 1.0, 1.0, 1.0, 1.5, 2.0, 3.0], NATIONAL_SITES),
    }


# --- the two contestants ---------------------------------------------------------------------


def ours(costs, inputs) -> pd.Series:
    return e.e2sfca(
        costs, inputs["population"], inputs["capacity"], weight=e.step(STEPS), catchment=30
    )


def theirs(costs, inputs) -> pd.Series:
    from access import Access, weights

    n, m = costs.shape
    access = Access(
        demand_df=pd.DataFrame({"geoid": np.arange(n), "pop": inputs["population"]}),
        demand_index="geoid",
        demand_value="pop",
        supply_df=pd.DataFrame({"geoid": np.arange(m), "doc": inputs["capacity"]}),
        supply_index="geoid",
        supply_value="doc",
        cost_df=pd.DataFrame({"origin": costs.demand, "dest": costs.supply, "cost": costs.cost}),
        cost_origin="origin",
        cost_dest="dest",
        cost_name="cost",
    )
    result = access.enhanced_two_stage_fca(max_cost=30, weight_fn=weights.step_fn(STEPS))
    return result.iloc[:, 0].reindex(range(n))


def pairs(inputs):
    return e.straight_line_costs(inputs["demand_xy"], inputs["supply_xy"], max_cost=CATCHMENT_KM)


def timed(call):
    wall, cpu = time.perf_counter(), time.process_time()
    result = call()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def best(call, repeats: int = REPEATS):
    runs = [timed(call) for _ in range(repeats)]
    return runs[0][0], min(r[1] for r in runs), min(r[2] for r in runs)


# --- subprocess parts (memory) ---------------------------------------------------------------


def rss_mb(field: str = "VmHWM") -> float:
    """Resident memory in MB: ``VmHWM`` the peak since the last reset, ``VmRSS`` the current."""
    status = Path("/proc/self/status")
    if status.exists():
        kib = int(re.search(rf"{field}:\s+(\d+)", status.read_text()).group(1))
        return round(kib * 1024 / 1e6, 1)
    # Elsewhere only the peak over the whole process is known (KiB on Linux, bytes on macOS).
    scale = 1 if sys.platform == "darwin" else 1024
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 1e6, 1)


def reset_peak() -> None:
    """Start the peak (VmHWM) afresh, so imports and loading do not count (Linux ≥ 4.0)."""
    clear_refs = Path("/proc/self/clear_refs")
    if clear_refs.exists():
        clear_refs.write_text("5")


def part(name: str, path: str) -> None:
    """Run one contestant on saved inputs; print peak memory and times as JSON."""
    import access  # noqa: F401  same imports in every part, so the baselines agree

    inputs = dict(np.load(path))
    gc.collect()
    reset_peak()
    baseline = rss_mb("VmRSS")
    costs, pair_wall, pair_cpu = timed(lambda: pairs(inputs))
    run = ours if name in ("ours", "national") else theirs
    values, wall, cpu = timed(lambda: run(costs, inputs))
    out = {
        "grundlinie_mb": baseline,
        "spitze_mb": rss_mb(),
        "paare": len(costs),
        "paare_s": round(pair_wall, 3),
        "paare_cpu_s": round(pair_cpu, 3),
        "mass_s": round(wall, 3),
        "mass_cpu_s": round(cpu, 3),
        "summe_zugang_mal_einwohner": float(np.nansum(values.to_numpy() * inputs["population"])),
    }
    print(json.dumps(out))


def in_subprocess(name: str, inputs: dict, env: dict | None = None) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "inputs.npz"
        np.savez(path, **inputs)
        done = subprocess.run(
            [sys.executable, __file__, "--teil", name, str(path)],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, **(env or {})},
        )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["zuwachs_mb"] = round(result["spitze_mb"] - result["grundlinie_mb"], 1)
    return result


# --- main ------------------------------------------------------------------------------------


def comparison() -> dict:
    inputs = comparison_inputs()
    costs, pair_wall, pair_cpu = best(lambda: pairs(inputs))
    mine, wall, cpu = best(lambda: ours(costs, inputs))
    reference, ref_wall, ref_cpu = timed(lambda: theirs(costs, inputs))
    reached = reference.notna().to_numpy()
    diff = np.abs(mine.to_numpy()[reached] - reference.to_numpy()[reached])
    memory = {name: in_subprocess(name, inputs) for name in ("ours", "access")}
    return {
        "nachfrage": COMPARISON[0],
        "angebot": COMPARISON[1],
        "paare": len(costs),
        "kd_baum_s": round(pair_wall, 3),
        "kd_baum_cpu_s": round(pair_cpu, 3),
        "wir_s": round(wall, 3),
        "wir_cpu_s": round(cpu, 3),
        "access_s": round(ref_wall, 3),
        "access_cpu_s": round(ref_cpu, 3),
        "faktor_zeit": round(ref_wall / wall, 1),
        "faktor_zeit_cpu": round(ref_cpu / cpu, 1),
        "faktor_zeit_mit_kd_baum": round(ref_wall / (wall + pair_wall), 1),
        "groesste_relative_abweichung": float(np.max(diff / np.abs(reference.to_numpy()[reached]))),
        "nachfrage_ohne_anbieter": int((~reached).sum()),
        "speicher": memory,
        "faktor_speicher_zuwachs": round(
            memory["access"]["zuwachs_mb"] / memory["ours"]["zuwachs_mb"], 1
        ),
        "faktor_speicher_spitze": round(
            memory["access"]["spitze_mb"] / memory["ours"]["spitze_mb"], 1
        ),
    }


def national() -> dict:
    inputs = national_inputs()
    runs = [in_subprocess("national", inputs) for _ in range(REPEATS)]
    fastest = min(runs, key=lambda r: r["paare_s"] + r["mass_s"])
    fastest["gesamt_s"] = round(fastest["paare_s"] + fastest["mass_s"], 3)
    fastest["gesamt_cpu_s"] = round(fastest["paare_cpu_s"] + fastest["mass_cpu_s"], 3)
    fastest["laeufe_gesamt_s"] = [round(r["paare_s"] + r["mass_s"], 3) for r in runs]
    # On this VM transparent huge pages make first-touch memory slow (numpy asks for them on
    # large arrays); one run without them shows how much of the time that is.
    flat = in_subprocess("national", inputs, {"NUMPY_MADVISE_HUGEPAGE": "0"})
    flat["gesamt_s"] = round(flat["paare_s"] + flat["mass_s"], 3)
    return {
        "nachfrage": len(inputs["demand_xy"]),
        "angebot": NATIONAL_SITES,
        "einwohner": int(inputs["population"].sum()),
        "kapazitaet": float(inputs["capacity"].sum()),
        **fastest,
        "ohne_huge_pages": flat,
    }


def machine() -> dict:
    cpu, memory = platform.processor() or platform.machine(), None
    if Path("/proc/cpuinfo").exists():
        match = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
        cpu = match.group(1) if match else cpu
        meminfo = Path("/proc/meminfo").read_text()
        memory = round(int(re.search(r"MemTotal:\s*(\d+)", meminfo).group(1)) / 1e6, 1)
    from importlib.metadata import version

    return {
        "cpu": cpu,
        "kerne": os.cpu_count(),
        "ram_gb": memory,
        "system": platform.platform(),
        "python": platform.python_version(),
        "numpy": version("numpy"),
        "scipy": version("scipy"),
        "pandas": version("pandas"),
        "access": version("access"),
        "last_1_min_beim_start": round(os.getloadavg()[0], 2),
    }


def main() -> None:
    result = {
        "befehl": " ".join(shlex.quote(arg) for arg in [".venv/bin/python", *sys.argv]),
        "rechner": machine(),
        "einzugsbereich_km": CATCHMENT_KM,
        "gewichte": {f"{k:g}": v for k, v in STEPS.items()},
        "vergleich": comparison(),
        "bundesweit": national(),
        "last_1_min_am_ende": round(os.getloadavg()[0], 2),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    section = markdown(result)
    write_section(section)
    print(section)


# --- report ----------------------------------------------------------------------------------


def _de(value: float, digits: int = 1) -> str:
    return f"{value:,.{digits}f}".replace(",", " ").replace(".", ",").replace(" ", ".")


def _yes(ok: bool) -> str:
    return "erreicht" if ok else "nicht erreicht"


def markdown(result: dict) -> str:
    m, v, b = result["rechner"], result["vergleich"], result["bundesweit"]
    mo, ma = v["speicher"]["ours"], v["speicher"]["access"]
    flat = b["ohne_huge_pages"]
    return f"""## Erreichbarkeit

Befehl: `{result["befehl"]}`

Rechner: {m["cpu"]}, {m["kerne"]} Kerne, {_de(m["ram_gb"])} GB RAM, {m["system"]}, Python \
{m["python"]}, numpy {m["numpy"]}, scipy {m["scipy"]}, pandas {m["pandas"]}, access \
{m["access"]}; Rechner geteilt, Last (1 min) beim Start {_de(m["last_1_min_beim_start"], 2)}, am \
Ende {_de(result["last_1_min_am_ende"], 2)}. Zeiten als Wanduhr (in Klammern CPU-Zeit des \
Prozesses, weniger abhängig von der Last der anderen); unsere jeweils das Beste aus \
{REPEATS} Läufen, access ein Lauf.

E2SFCA, Einzugsbereich {_de(result["einzugsbereich_km"], 0)} km Luftlinie, Stufen 10/20/30 km → \
1/0,68/0,22 (Luo & Qi 2009), auf dem Zensus-2011-1-km-Gitter: Nachfragepunkte in nach \
Einwohnern gezogenen Zellen, zufällig in der Zelle verschoben; Standorte ebenso.

| | {_de(v["nachfrage"], 0)} × {_de(v["angebot"], 0)} (Vergleich) | \
{_de(b["nachfrage"], 0)} × {_de(b["angebot"], 0)} (bundesweit) |
|---|---:|---:|
| Paare im Einzugsbereich | {_de(v["paare"], 0)} | {_de(b["paare"], 0)} |
| Paare finden (KD-Baum) | {_de(v["kd_baum_s"], 2)} s ({_de(v["kd_baum_cpu_s"], 2)} s) | \
{_de(b["paare_s"], 2)} s ({_de(b["paare_cpu_s"], 2)} s) |
| E2SFCA, `gesundheitsregion` | {_de(v["wir_s"], 2)} s ({_de(v["wir_cpu_s"], 2)} s) | \
{_de(b["mass_s"], 2)} s ({_de(b["mass_cpu_s"], 2)} s) |
| E2SFCA, PySAL access | {_de(v["access_s"], 1)} s ({_de(v["access_cpu_s"], 1)} s) | – |
| Faktor Zeit (access ÷ unsere) | {_de(v["faktor_zeit"])} ({_de(v["faktor_zeit_cpu"])} CPU); \
mit KD-Baum {_de(v["faktor_zeit_mit_kd_baum"])} | – |
| Gesamt von Koordinaten bis Zugang | {_de(v["kd_baum_s"] + v["wir_s"], 2)} s | \
{_de(b["gesamt_s"], 2)} s ({_de(b["gesamt_cpu_s"], 2)} s); Läufe \
{", ".join(_de(t, 1) for t in b["laeufe_gesamt_s"])} s |
| Spitze Arbeitsspeicher unsere (Zuwachs) | {_de(mo["spitze_mb"], 0)} MB \
({_de(mo["zuwachs_mb"], 0)} MB) | {_de(b["spitze_mb"], 0)} MB ({_de(b["zuwachs_mb"], 0)} MB) |
| Spitze Arbeitsspeicher access (Zuwachs) | {_de(ma["spitze_mb"], 0)} MB \
({_de(ma["zuwachs_mb"], 0)} MB) | – |
| Faktor Speicher (access ÷ unsere) | Zuwachs {_de(v["faktor_speicher_zuwachs"])}, Spitze \
{_de(v["faktor_speicher_spitze"])} | – |
| größte relative Abweichung zu access | {v["groesste_relative_abweichung"]:.1e} | – |

Die Zeiten des Vergleichs messen das Maß allein: beide bekommen dieselben Paare, access als \
`cost_df`. Der Speicher ist in getrennten Prozessen gemessen, die von denselben gespeicherten \
Koordinaten starten, dieselben Module laden und die Paare selbst bilden: Spitze des \
Arbeitsspeichers (`VmHWM`, nach dem Laden zurückgesetzt) und ihr Zuwachs über den Stand vor \
der Rechnung (Grundlinie {_de(mo["grundlinie_mb"], 0)} MB), also der Bedarf der Rechnung. \
{_de(v["nachfrage_ohne_anbieter"], 0)} Nachfragepunkte haben \
keinen Standort in Reichweite: access lässt sie leer, hier erhalten sie 0. Kontrolle \
bundesweit: Σ Einwohner × Zugang = {_de(b["summe_zugang_mal_einwohner"], 3)} bei \
{_de(b["kapazitaet"], 3)} Kapazität; gleich, sobald jeder Standort Nachfrage in Reichweite hat.

Ziele: mindestens 50-mal schneller als access ({_yes(v["faktor_zeit"] >= 50)}, \
{_de(v["faktor_zeit"])}-mal), höchstens ¼ seines Speichers \
({_yes(v["faktor_speicher_zuwachs"] >= 4)} für den Bedarf der Rechnung, \
1/{_de(v["faktor_speicher_zuwachs"])}; mit den gemeinsamen \
{_de(mo["grundlinie_mb"], 0)} MB der geladenen Module 1/{_de(v["faktor_speicher_spitze"])}), \
bundesweit unter 20 s ({_yes(b["gesamt_s"] < 20)}) und unter 4 GB \
({_yes(b["spitze_mb"] < 4000)}).

Zum Vergleich bundesweit ohne Transparent Huge Pages (`NUMPY_MADVISE_HUGEPAGE=0`; numpy \
fordert sie sonst für große Felder an, und auf dieser VM war frisch angefasster Speicher damit \
unter Last zeitweise mehrfach langsamer): {_de(flat["gesamt_s"], 2)} s, Spitze \
{_de(flat["spitze_mb"], 0)} MB. Die Bibliothek ändert diese Einstellung nicht.
"""


def write_section(section: str) -> None:
    """Replace (or append) the "## Erreichbarkeit" section, re-reading the file just before."""
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    text = REPORT.read_text("utf-8") if REPORT.exists() else "# Benchmarks\n"
    pattern = re.compile(r"^## Erreichbarkeit\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(lambda _: section + "\n", text, count=1)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    REPORT.write_text(text.rstrip("\n") + "\n", encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--teil":
        part(sys.argv[2], sys.argv[3])
    else:
        main()
