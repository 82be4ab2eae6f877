"""Benchmark: OSRM car travel times for the Zensus grid cells of Lauf × its doctors.

Not a test. Prepares the Lauf extract cold (fresh cache) and warm, then times
:func:`gesundheitsregion.routing.osrm_costs` for

* the inhabited 1 km Zensus 2011 cells whose centre lies in the extract's bounding box,
* a synthetic 250 m and 100 m sub-grid of those cells (16 and 100 points per cell),
* the 100 m points among themselves (many-to-many), for OSRM's raw table throughput,

against the doctors of the extract (``amenity=doctors`` or ``healthcare=doctor`` in the POI
file). Prints the figures and writes them to ``benchmarks/results/osrm.json`` and to the
section "OSRM" of ``docs/benchmarks.md`` (other sections of that file are left alone).

Run: ``.venv/bin/python benchmarks/bench_osrm.py``
"""

from __future__ import annotations

import json
import os
import platform
import re
import resource
import shlex
import struct
import sys
import tempfile
import time
import zlib
from pathlib import Path

import numpy as np
import pandas as pd
from pyproj import Transformer

from gesundheitsregion import datadir, routing
from gesundheitsregion._numbers import format_number
from gesundheitsregion.datadir import find_data_dir, repository_root

EXTRACT = "lauf-200115.osm.pbf"
MAX_MINUTES = 30.0
REPEATS = 5
ROOT = repository_root()
RESULTS = ROOT / "benchmarks" / "results" / "osrm.json"
REPORT = ROOT / "docs" / "benchmarks.md"


def main() -> None:
    data = find_data_dir()
    osm = data / "osm" / EXTRACT
    bbox = pbf_bbox(osm)
    cells = zensus_cells(data, bbox)
    doctors = lauf_doctors(data)
    with tempfile.TemporaryDirectory() as cache:
        preparation = time_preparation(osm, cache)
        runs = [
            time_costs("Zensus-1-km-Zellen × Ärzte", to_lonlat(cells), doctors, osm, cache),
            time_costs(
                "250-m-Teilraster × Ärzte", to_lonlat(subgrid(cells, 250)), doctors, osm, cache
            ),
            time_costs(
                "100-m-Teilraster × Ärzte", to_lonlat(subgrid(cells, 100)), doctors, osm, cache
            ),
        ]
        points = to_lonlat(subgrid(cells, 100))
        runs.append(time_costs("100-m-Teilraster × sich selbst", points, points, osm, cache))
    result = {
        "befehl": " ".join(shlex.quote(arg) for arg in [".venv/bin/python", *sys.argv]),
        "rechner": machine(),
        "auszug": EXTRACT,
        "bbox_lon_lat": bbox,
        "zensus_zellen": len(cells),
        "aerzte": len(doctors),
        "max_minuten": MAX_MINUTES,
        "vorbereitung": preparation,
        "abfragen": runs,
        "spitzen_rss_mb_python": rss_mb(resource.RUSAGE_SELF),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    write_section(markdown(result))
    print(markdown(result))


# --- inputs ------------------------------------------------------------------------------------


def pbf_bbox(path: Path) -> list[float]:
    """The bounding box [west, south, east, north] in an .osm.pbf file's header block.

    Reads just enough of the format (a length-prefixed BlobHeader, a zlib Blob holding the
    HeaderBlock, whose field 1 is the HeaderBBox in nanodegrees) to avoid a dependency.
    """
    with open(path, "rb") as handle:
        (size,) = struct.unpack(">I", handle.read(4))
        header = dict(_fields(handle.read(size)))
        blob = dict(_fields(handle.read(header[3])))
    block = zlib.decompress(blob[3]) if 3 in blob else blob[1]
    box = dict(_fields(dict(_fields(block))[1]))
    west, east, north, south = (_zigzag(box[i]) / 1e9 for i in (1, 2, 3, 4))
    return [west, south, east, north]


def _fields(buffer: bytes):
    """(field number, value) of a protobuf message; varints as int, the rest as bytes."""
    i = 0
    while i < len(buffer):
        key, i = _varint(buffer, i)
        kind = key & 7
        if kind == 0:
            value, i = _varint(buffer, i)
        elif kind == 2:
            length, i = _varint(buffer, i)
            value, i = buffer[i : i + length], i + length
        else:
            width = 8 if kind == 1 else 4
            value, i = buffer[i : i + width], i + width
        yield key >> 3, value


def _varint(buffer: bytes, i: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = buffer[i]
        i += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, i


def _zigzag(value: int) -> int:
    return (value >> 1) ^ -(value & 1)


def zensus_cells(data: Path, bbox: list[float]) -> np.ndarray:
    """EPSG:3035 centres of the inhabited 1 km cells whose centre lies in ``bbox``."""
    grid = pd.read_csv(data / datadir.GRID_1KM, usecols=["x_mp_1km", "y_mp_1km"])
    xy = grid.to_numpy(dtype=float)
    lon, lat = Transformer.from_crs(3035, 4326, always_xy=True).transform(xy[:, 0], xy[:, 1])
    west, south, east, north = bbox
    inside = (lon >= west) & (lon <= east) & (lat >= south) & (lat <= north)
    return xy[inside]


def subgrid(cells: np.ndarray, step: float) -> np.ndarray:
    """Centres of the ``step``-metre sub-cells of 1 km cells (EPSG:3035)."""
    offsets = np.arange(-500 + step / 2, 500, step)
    dx, dy = np.meshgrid(offsets, offsets)
    return (cells[:, None, :] + np.column_stack([dx.ravel(), dy.ravel()])[None]).reshape(-1, 2)


def to_lonlat(xy: np.ndarray) -> np.ndarray:
    lon, lat = Transformer.from_crs(3035, 4326, always_xy=True).transform(xy[:, 0], xy[:, 1])
    return np.column_stack([lon, lat])


def lauf_doctors(data: Path) -> np.ndarray:
    text = (data / datadir.OSM_POIS).read_text("utf-8")
    rows = [feature["properties"] for feature in json.loads(text)["features"]]
    return np.array(
        [
            [row["lon"], row["lat"]]
            for row in rows
            if row["source_extract"] == EXTRACT
            and (row["amenity"] == "doctors" or row["healthcare"] == "doctor")
        ]
    )


# --- measurements ------------------------------------------------------------------------------


def best_of(call, repeats: int = REPEATS) -> tuple[float, object]:
    """Shortest wall time of ``repeats`` calls and that call's result (the machine is shared)."""
    best, best_result = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        result = call()
        if (seconds := time.perf_counter() - start) < best:
            best, best_result = seconds, result
    return best, best_result


def time_preparation(osm: Path, cache: str) -> dict:
    def cold():
        fresh = tempfile.mkdtemp(dir=cache)
        return routing.prepare(osm, cache_dir=fresh, progress=False)

    cold_s, base = best_of(cold)
    warm_s, _ = best_of(lambda: routing.prepare(osm, cache_dir=base.parent.parent, progress=False))
    stages = json.loads((base.parent / "quelle.json").read_text("utf-8"))["sekunden"]
    # The OSRM programs log their own peak ("RAM: peak bytes used"); the rusage of children
    # would count the Python parent's pages a forked child briefly shares before exec.
    log = (base.parent / "vorbereitung.log").read_text("utf-8")
    peaks = [int(n) for n in re.findall(r"RAM: peak bytes used: (\d+)", log)]
    size = sum(path.stat().st_size for path in base.parent.iterdir())
    return {
        "kalt_s": round(cold_s, 3),
        "stufen_s": stages,
        "warm_s": round(warm_s, 4),
        "auszug_mb": round(osm.stat().st_size / 1e6, 2),
        "vorbereitet_mb": round(size / 1e6, 2),
        "osrm_spitzen_ram_mb": round(max(peaks) / 1e6, 1) if peaks else None,
    }


def time_costs(label: str, demand: np.ndarray, supply: np.ndarray, osm: Path, cache: str) -> dict:
    def call():
        return routing.osrm_costs(
            demand, supply, osm, max_minutes=MAX_MINUTES, cache_dir=cache, progress=False
        )

    call()  # opens the engine
    total, costs = best_of(call)
    report = costs.report
    run = {
        "abfrage": label,
        "nachfrage": len(demand),
        "angebot": len(supply),
        "paare_abgefragt": report.pairs_queried,
        "paare_behalten": len(costs),
        "paare_ohne_route": report.pairs_without_route,
        "nachfrage_ausserhalb": len(report.demand_off_network),
        "zeit_s": round(total, 3),
        "einrasten_s": round(report.snap_seconds, 3),
        "tabellen_s": round(report.table_seconds, 3),
        "paare_je_s": round(report.pairs_queried / total),
        "paare_je_s_tabelle": round(report.pairs_queried / report.table_seconds),
        "spitzen_rss_mb": rss_mb(resource.RUSAGE_SELF),
    }
    print(run, flush=True)
    return run


def rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    # ru_maxrss is in KiB on Linux (bytes on macOS).
    scale = 1 if sys.platform == "darwin" else 1024
    return round(resource.getrusage(who).ru_maxrss * scale / 1e6, 1)


def machine() -> dict:
    cpu = platform.processor() or platform.machine()
    memory = None
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
        "last_1_min_beim_start": round(os.getloadavg()[0], 2),
        "osrm_bindings": version("osrm-bindings"),
    }


# --- report ------------------------------------------------------------------------------------


def de(value: float, decimals: int = 0) -> str:
    """A number the German way (``1.234,5``), as in the rest of the documentation."""
    return format_number(value, decimals)


def markdown(result: dict) -> str:
    prep, m = result["vorbereitung"], result["rechner"]
    stages = ", ".join(f"{k} {de(v, 2)} s" for k, v in prep["stufen_s"].items())
    west, south, east, north = (de(v, 4) for v in result["bbox_lon_lat"])
    lines = [
        "## OSRM",
        "",
        f"Befehl: `{result['befehl']}`  ",
        f"Rechner: {m['cpu']}, {m['kerne']} Kerne, {de(m['ram_gb'], 1)} GB RAM, {m['system']}, "
        f"Python {m['python']}, osrm-bindings {m['osrm_bindings']}; Rechner geteilt, Last "
        f"(1 min) beim Start {de(m['last_1_min_beim_start'], 2)}. Zeiten: jeweils das Beste "
        f"aus {REPEATS} Läufen.",
        "",
        f"Auszug `{result['auszug']}` ({de(prep['auszug_mb'], 2)} MB, Rahmen {west}–{east} O, "
        f"{south}–{north} N): {result['zensus_zellen']} bewohnte Zensus-1-km-Zellen, "
        f"{result['aerzte']} Ärzte; Fahrzeitgrenze {de(result['max_minuten'])} min (Pkw).",
        "",
        f"Vorbereitung (kalt, osrm-extract + osrm-contract): {de(prep['kalt_s'], 2)} s "
        f"(davon {stages}), Spitzen-RAM der OSRM-Programme (laut ihrem Protokoll) "
        f"{de(prep['osrm_spitzen_ram_mb'])} MB, {de(prep['vorbereitet_mb'], 2)} MB im "
        f"Zwischenspeicher. Zweiter Aufruf (Zwischenspeicher): {de(prep['warm_s'] * 1000, 1)} ms.",
        "",
        "| Abfrage | Nachfrage | Angebot | Paare abgefragt | Paare ≤ Grenze | Zeit s "
        "| davon Einrasten s | davon Tabellen s | Paare/s | Paare/s in Tabellen "
        "| Spitzen-RSS MB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for run in result["abfragen"]:
        cells = [
            run["abfrage"],
            de(run["nachfrage"]),
            de(run["angebot"]),
            de(run["paare_abgefragt"]),
            de(run["paare_behalten"]),
            de(run["zeit_s"], 3),
            de(run["einrasten_s"], 3),
            de(run["tabellen_s"], 3),
            de(run["paare_je_s"]),
            de(run["paare_je_s_tabelle"]),
            de(run["spitzen_rss_mb"]),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    lines += [
        "",
        "Spitzen-RSS: größter Arbeitsspeicher des Python-Prozesses bis zu dieser Abfrage "
        "(einschließlich der geladenen OSRM-Daten und der eingelesenen Zensus-Tabelle); Zeit "
        "einschließlich Einrasten der Punkte ins Straßennetz. Die Teilraster sind synthetisch "
        "(Mittelpunkte der 250-m- bzw. 100-m-Teilzellen jeder bewohnten 1-km-Zelle). Bei nur "
        "zwölf Zielen bestimmt der Aufwand je Quelle die Zeit, nicht die Zahl der Paare.",
        "",
    ]
    return "\n".join(lines)


def write_section(section: str) -> None:
    """Replace (or append) the "## OSRM" section, re-reading the file just before writing."""
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    text = REPORT.read_text("utf-8") if REPORT.exists() else "# Benchmarks\n"
    pattern = re.compile(r"^## OSRM\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(lambda _: section + "\n", text, count=1)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    REPORT.write_text(text.rstrip("\n") + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
