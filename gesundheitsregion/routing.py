"""Car travel times from an OpenStreetMap extract, routed with OSRM inside this process.

OSRM comes from the PyPI package ``osrm-bindings`` (import name ``osrm``). It bundles the
preprocessing programs and the car, bicycle and foot profiles; :func:`prepare` runs them once
per extract (``osrm-extract`` then ``osrm-contract``, through ``python -m osrm``) and keeps the
result in a cache directory keyed by the extract's content, the profile and the OSRM version.
Queries then run in-process through ``osrm.OSRM``: :func:`nearest_road` places points on the
road network, :func:`osrm_costs` builds the sparse travel-time table
(:class:`~gesundheitsregion.kosten.Costs`, unit minutes) that the accessibility measures read.

Points farther from the network than ``max_snap_m`` count as *not on the network*: OSRM would
otherwise snap a point in Berlin to the nearest road of a Franconian extract and report a
drive from there. Such points and pairs without any route are reported, never silently
dropped (:class:`RoutingReport`).

The cache lives in ``$GESUNDHEITSREGION_CACHE/osrm``, by default ``~/.cache/gesundheitsregion/osrm``
(``$XDG_CACHE_HOME`` is respected).
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
from scipy.spatial import cKDTree
from tqdm import tqdm

from gesundheitsregion._numbers import format_number
from gesundheitsregion.kosten import Costs, within_limit

__all__ = [
    "CACHE_ENV_VAR",
    "MAX_SPEED_KMH",
    "RoutedCosts",
    "RoutingError",
    "RoutingReport",
    "Snap",
    "cache_root",
    "nearest_road",
    "osrm_costs",
    "prepare",
]

log = logging.getLogger(__name__)

#: Environment variable naming the package's cache folder (OSRM data go to its ``osrm/``).
CACHE_ENV_VAR = "GESUNDHEITSREGION_CACHE"

#: Upper bound on any car speed in the bundled profile, for the straight-line pre-filter. The
#: car profile drives at most 90 km/h on untagged motorways and 80 % of a posted limit, so
#: 130 km/h is only exceeded on roads signed above 160 km/h.
MAX_SPEED_KMH = 130.0

#: OSRM's own earth radius (``coordinate_calculation``); its road lengths use it.
_EARTH_RADIUS_M = 6_372_797.560856

_OSM_SUFFIXES = (".osm.pbf", ".osm.bz2", ".osm", ".pbf")

_STAGES = {
    "CH": (("extract", "OSM-Auszug einlesen"), ("contract", "Graph kontrahieren")),
    "MLD": (
        ("extract", "OSM-Auszug einlesen"),
        ("partition", "Graph partitionieren"),
        ("customize", "Gewichte berechnen"),
    ),
}

Algorithm = Literal["CH", "MLD"]


class RoutingError(ValueError):
    """Raised with a German message naming the file and the fix when routing cannot run."""


@dataclass(frozen=True)
class Snap:
    """Where points meet the road network.

    Attributes
    ----------
    location
        Nearest point on the network, ``(n, 2)`` longitude/latitude.
    distance_m
        Straight-line distance from each input point to ``location``, in metres.
    """

    location: np.ndarray
    distance_m: np.ndarray

    def off_network(self, max_snap_m: float) -> np.ndarray:
        """Positions of the points farther than ``max_snap_m`` metres from the network."""
        return np.flatnonzero(self.distance_m > max_snap_m)


@dataclass(frozen=True)
class RoutingReport:
    """What :func:`osrm_costs` could not route, for the user to see.

    Attributes
    ----------
    demand_snap, supply_snap
        Where the demand and supply points met the network (:class:`Snap`).
    max_snap_m
        Points farther than this from the network were left out.
    pairs_queried
        Pairs sent to OSRM (after the straight-line pre-filter).
    pairs_without_route
        Queried pairs for which OSRM found no route at all (separate network parts).
    snap_seconds, table_seconds
        Wall time spent placing the points on the network and in the table requests.
    """

    demand_snap: Snap
    supply_snap: Snap
    max_snap_m: float
    pairs_queried: int
    pairs_without_route: int
    snap_seconds: float = 0.0
    table_seconds: float = 0.0

    @property
    def demand_off_network(self) -> np.ndarray:
        """Demand positions farther than ``max_snap_m`` from the network."""
        return self.demand_snap.off_network(self.max_snap_m)

    @property
    def supply_off_network(self) -> np.ndarray:
        """Supply positions farther than ``max_snap_m`` from the network."""
        return self.supply_snap.off_network(self.max_snap_m)

    def notes(self) -> list[str]:
        """German notes on everything that was left out (empty if nothing was)."""
        notes = []
        for label, off, snap in (
            ("Nachfragepunkte", self.demand_off_network, self.demand_snap),
            ("Angebotspunkte", self.supply_off_network, self.supply_snap),
        ):
            if len(off):
                notes.append(
                    f"{label} mehr als {format_number(self.max_snap_m)} m vom Straßennetz "
                    f"entfernt (außerhalb des OSM-Auszugs?): {format_number(len(off))} von "
                    f"{format_number(len(snap.distance_m))}; sie wurden nicht geroutet."
                )
        if self.pairs_without_route:
            notes.append(
                f"Paare ohne Route (getrennte Teile des Straßennetzes): "
                f"{format_number(self.pairs_without_route)} von "
                f"{format_number(self.pairs_queried)} abgefragten."
            )
        return notes


@dataclass(frozen=True)
class RoutedCosts(Costs):
    """:class:`~gesundheitsregion.kosten.Costs` from OSRM, with the :class:`RoutingReport`.

    ``unreachable`` holds the demand positions off the network and those on the network with
    no route to any of the providers that were queried for them. A demand point with no
    provider within the straight-line bound is not listed: it is simply out of reach.
    """

    report: RoutingReport | None = None


def cache_root(cache_dir: str | os.PathLike[str] | None = None) -> Path:
    """Return the folder that holds prepared OSRM data.

    ``cache_dir`` if given, else ``$GESUNDHEITSREGION_CACHE/osrm``, else
    ``$XDG_CACHE_HOME/gesundheitsregion/osrm`` (default ``~/.cache/gesundheitsregion/osrm``).

    Examples
    --------
    >>> cache_root().name
    'osrm'
    """
    if cache_dir is not None:
        return Path(cache_dir).expanduser()
    base = os.environ.get(CACHE_ENV_VAR)
    if not base:
        xdg = os.environ.get("XDG_CACHE_HOME") or "~/.cache"
        base = str(Path(xdg) / "gesundheitsregion")
    return Path(base).expanduser() / "osrm"


def prepare(
    osm_path: str | os.PathLike[str],
    *,
    profile: str = "car",
    cache_dir: str | os.PathLike[str] | None = None,
    algorithm: Algorithm = "CH",
    progress: bool = True,
) -> Path:
    """Prepare an OSM extract for routing once and return the OSRM base path.

    The first call runs ``osrm-extract`` and ``osrm-contract`` (or ``osrm-partition`` and
    ``osrm-customize`` for ``algorithm="MLD"``) in a temporary folder beside the cache entry
    and renames it into place when every stage succeeded, so an interrupted run leaves
    nothing half-written. Later calls find the entry and return at once.

    Parameters
    ----------
    osm_path
        An OpenStreetMap extract (``.osm.pbf``, ``.osm``, ``.osm.bz2``).
    profile
        ``"car"``, ``"bicycle"``, ``"foot"`` (bundled with ``osrm-bindings``) or the path of
        a Lua profile.
    cache_dir
        Folder for prepared data (default :func:`cache_root`).
    algorithm
        ``"CH"`` (contraction hierarchies; fastest travel-time tables) or ``"MLD"``.
    progress
        Show the stages as a progress bar on stderr.

    Returns
    -------
    Path
        The ``….osrm`` base path that ``osrm.OSRM`` opens (the files are ``….osrm.*``).

    Raises
    ------
    RoutingError
        If the file is missing or OSRM cannot read it; the message names the file and quotes
        OSRM's last log lines.
    """
    osm_path = _existing_extract(osm_path)
    profile_path = _profile_path(profile)
    algorithm = _check_algorithm(algorithm)
    entry = cache_root(cache_dir) / _cache_key(osm_path, profile_path, algorithm)
    base = entry / f"{_stem(osm_path)}.osrm"
    if entry.is_dir():
        log.info("OSRM-Daten aus dem Zwischenspeicher: %s", entry)
        return base
    entry.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".in-arbeit-", dir=entry.parent))
    try:
        seconds = _run_stages(osm_path, profile_path, algorithm, work / base.name, progress)
        _write_provenance(work, osm_path, profile_path, algorithm, seconds)
        _publish(work, entry)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    log.info("OSRM-Daten vorbereitet in %.1f s: %s", sum(seconds.values()), entry)
    return base


def nearest_road(
    lonlat: np.ndarray,
    osm_path: str | os.PathLike[str],
    *,
    profile: str = "car",
    cache_dir: str | os.PathLike[str] | None = None,
    progress: bool = True,
) -> Snap:
    """Place points on the road network of an extract.

    Parameters
    ----------
    lonlat
        ``(n, 2)`` longitude/latitude (WGS 84).
    osm_path, profile, cache_dir, progress
        As for :func:`prepare` (the extract is prepared on first use).

    Returns
    -------
    Snap
        Nearest network point and the distance to it in metres. A point outside the extract
        still gets the extract's nearest road, far away: compare ``distance_m`` with a limit.
    """
    points = _lonlat_array(lonlat, "lonlat")
    engine = _engine(
        str(prepare(osm_path, profile=profile, cache_dir=cache_dir, progress=progress))
    )
    return _snap(engine, points, progress)


def osrm_costs(
    demand_lonlat: np.ndarray,
    supply_lonlat: np.ndarray,
    osm_path: str | os.PathLike[str],
    *,
    max_minutes: float,
    max_snap_m: float = 1000.0,
    profile: str = "car",
    cache_dir: str | os.PathLike[str] | None = None,
    chunk: tuple[int, int] = (1000, 1000),
    progress: bool = True,
) -> RoutedCosts:
    """Travel times in minutes for every demand–supply pair within ``max_minutes``.

    Parameters
    ----------
    demand_lonlat, supply_lonlat
        ``(n, 2)`` and ``(m, 2)`` longitude/latitude (WGS 84), e.g. grid-cell centres and
        practices.
    osm_path
        OpenStreetMap extract covering both (prepared and cached by :func:`prepare`).
    max_minutes
        Only pairs with a travel time ≤ this are kept.
    max_snap_m
        Points farther than this from the road network count as off the network.
    profile, cache_dir
        As for :func:`prepare`.
    chunk
        Most sources × destinations per OSRM table request; bounds the memory of one request.
    progress
        Show progress bars on stderr.

    Returns
    -------
    RoutedCosts
        Sparse costs (``unit="min"``); ``unreachable`` lists demand points off the network or
        without a route to any provider queried, ``report`` says what was left out.

    Examples
    --------
    Two doctors in Hoyerswerda, from a street between them and from Berlin:

    >>> import tempfile
    >>> from gesundheitsregion.datadir import find_data_dir
    >>> hoyerswerda = find_data_dir() / "osm" / "Hoyerswerda.osm.pbf"
    >>> doctors = np.array([[14.24517, 51.43487], [14.24418, 51.43640]])
    >>> homes = np.array([[14.24600, 51.43600], [13.40, 52.52]])
    >>> with tempfile.TemporaryDirectory() as cache:
    ...     c = osrm_costs(homes, doctors, hoyerswerda, max_minutes=10, cache_dir=cache,
    ...                    progress=False)
    >>> c.demand.tolist(), c.supply.tolist(), c.unreachable.tolist()
    ([0, 0], [0, 1], [1])
    >>> print(c.report.notes()[0])  # doctest: +NORMALIZE_WHITESPACE
    Nachfragepunkte mehr als 1.000 m vom Straßennetz entfernt
    (außerhalb des OSM-Auszugs?): 1 von 2; sie wurden nicht geroutet.
    """
    demand = _lonlat_array(demand_lonlat, "demand_lonlat")
    supply = _lonlat_array(supply_lonlat, "supply_lonlat")
    if not max_minutes > 0:
        raise ValueError(f"max_minutes muss positiv sein, nicht {max_minutes}.")
    rows, cols = chunk
    if rows < 1 or cols < 1:
        raise ValueError(f"chunk muss zwei positive Zahlen enthalten, nicht {chunk}.")
    base = prepare(osm_path, profile=profile, cache_dir=cache_dir, progress=progress)
    engine = _engine(str(base))
    start = time.perf_counter()
    demand_snap, supply_snap = _snap(engine, demand, progress), _snap(engine, supply, progress)
    snapped = time.perf_counter()
    on_demand = np.flatnonzero(demand_snap.distance_m <= max_snap_m)
    on_supply = np.flatnonzero(supply_snap.distance_m <= max_snap_m)
    # A route runs between the snapped points, each at most max_snap_m from its input point,
    # and no road is faster than MAX_SPEED_KMH, so a pair farther apart than this in a straight
    # line cannot be within max_minutes: those pairs are never sent to OSRM.
    reach_m = MAX_SPEED_KMH / 3.6 * max_minutes * 60 + 2 * max_snap_m
    blocks = _blocks(demand[on_demand], supply[on_supply], reach_m, rows, cols)
    pairs, queried, routed, without_route = _route_blocks(
        engine, demand, supply, on_demand, on_supply, blocks, max_minutes, progress
    )
    report = RoutingReport(
        demand_snap,
        supply_snap,
        max_snap_m,
        queried,
        without_route,
        snapped - start,
        time.perf_counter() - snapped,
    )
    for note in report.notes():
        log.warning(note)
    off = report.demand_off_network
    unreachable = np.union1d(off, np.setdiff1d(_queried_demand(blocks, on_demand), routed))
    demand_idx, supply_idx, minutes = pairs
    return RoutedCosts(
        demand_idx,
        supply_idx,
        minutes,
        (len(demand), len(supply)),
        "min",
        unreachable.astype(np.int64),
        report,
    )


# --- preparation -------------------------------------------------------------------------------


def _existing_extract(osm_path: str | os.PathLike[str]) -> Path:
    path = Path(osm_path).expanduser()
    if not path.is_file():
        raise RoutingError(
            f"OSM-Auszug '{path}' nicht gefunden. Bitte eine .osm.pbf-Datei angeben, z. B. "
            "sachsen-latest.osm.pbf von https://download.geofabrik.de/europe/germany.html."
        )
    if not path.name.lower().endswith(_OSM_SUFFIXES):
        raise RoutingError(
            f"'{path}' ist kein OSM-Auszug: erwartet wird eine Datei auf "
            f"{', '.join(_OSM_SUFFIXES)}."
        )
    return path.resolve()


def _stem(osm_path: Path) -> str:
    name = osm_path.name
    for suffix in _OSM_SUFFIXES:
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return osm_path.stem


def _osrm_package_dir() -> Path:
    import osrm

    return Path(osrm.__file__).parent


def _profile_path(profile: str) -> Path:
    bundled = _osrm_package_dir() / "share" / "profiles" / f"{profile}.lua"
    if bundled.is_file() and os.sep not in profile:
        return bundled
    path = Path(profile).expanduser()
    if path.suffix == ".lua" and path.is_file():
        return path.resolve()
    raise RoutingError(
        f"Routing-Profil '{profile}' unbekannt: erwartet wird car, bicycle, foot oder der Pfad "
        "einer .lua-Datei."
    )


def _check_algorithm(algorithm: str) -> Algorithm:
    if algorithm not in _STAGES:
        raise RoutingError(f"Algorithmus '{algorithm}' unbekannt: erwartet wird CH oder MLD.")
    return algorithm  # type: ignore[return-value]


def _osrm_version() -> str:
    return importlib.metadata.version("osrm-bindings")


@functools.lru_cache(maxsize=32)
def _sha256(path: str, size: int, mtime_ns: int) -> str:
    # Keyed by size and mtime too, so a file changed in place is hashed again; within one
    # process a 250 MB extract is hashed only once.
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _file_sha256(path: Path) -> str:
    stat = path.stat()
    return _sha256(str(path), stat.st_size, stat.st_mtime_ns)


def _cache_key(osm_path: Path, profile_path: Path, algorithm: str) -> str:
    profile_hash = _file_sha256(profile_path)[:8]
    return (
        f"{_stem(osm_path)}-{_file_sha256(osm_path)[:16]}-{profile_path.stem}-{profile_hash}"
        f"-{algorithm.lower()}-osrm{_osrm_version()}"
    )


def _run_stages(
    osm_path: Path, profile_path: Path, algorithm: str, base: Path, progress: bool
) -> dict[str, float]:
    """Run the OSRM programs into ``base``'s folder; return seconds per stage."""
    stages = _STAGES[algorithm]
    threads = str(os.cpu_count() or 1)
    logfile = base.parent / "vorbereitung.log"
    seconds = {}
    bar = tqdm(total=len(stages), desc="OSRM", unit="Schritt", disable=not progress)
    with bar, open(logfile, "w", encoding="utf-8") as log_handle:
        for command, label in stages:
            bar.set_description_str(f"OSRM {osm_path.name}: {label} (osrm-{command})")
            args = ["-t", threads]
            if command == "extract":
                args = [str(osm_path), "-p", str(profile_path), "-o", str(base), *args]
            else:
                args = [str(base), *args]
            start = time.perf_counter()
            _run_osrm(command, args, base.parent, log_handle, osm_path, logfile)
            seconds[command] = time.perf_counter() - start
            log.info("osrm-%s: %.1f s", command, seconds[command])
            bar.update(1)
    return seconds


def _run_osrm(
    command: str, args: list[str], cwd: Path, log_handle, osm_path: Path, logfile: Path
) -> None:
    # ``python -m osrm`` is the package's own launcher for its bundled programs (it also sets
    # the library path on Windows); the programs write their log to our log file.
    log_handle.write(f"$ osrm-{command} {' '.join(args)}\n")
    log_handle.flush()
    result = subprocess.run(
        [sys.executable, "-m", "osrm", command, *args],
        cwd=cwd,
        stdout=log_handle,
        stderr=subprocess.STDOUT,
        check=False,
    )
    if result.returncode != 0:
        log_handle.flush()
        tail = "\n".join(logfile.read_text(encoding="utf-8", errors="replace").splitlines()[-8:])
        raise RoutingError(
            f"osrm-{command} ist für '{osm_path}' fehlgeschlagen (Rückgabewert "
            f"{result.returncode}). Ist die Datei ein vollständiger OSM-Auszug? Letzte Zeilen "
            f"des OSRM-Protokolls:\n{tail}"
        )


def _write_provenance(
    work: Path, osm_path: Path, profile_path: Path, algorithm: str, seconds: dict[str, float]
) -> None:
    info = {
        "quelle": str(osm_path),
        "sha256": _file_sha256(osm_path),
        "profil": str(profile_path),
        "algorithmus": algorithm,
        "osrm_bindings": _osrm_version(),
        "sekunden": {stage: round(value, 3) for stage, value in seconds.items()},
        "erstellt": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    (work / "quelle.json").write_text(json.dumps(info, indent=2, ensure_ascii=False) + "\n")


def _publish(work: Path, entry: Path) -> None:
    """Rename the finished folder into place; a concurrent run that won the race is kept."""
    try:
        work.rename(entry)
    except OSError:
        if not entry.is_dir():
            raise
        log.info("OSRM-Daten wurden parallel vorbereitet; verwende %s", entry)


# --- queries -----------------------------------------------------------------------------------


@functools.lru_cache(maxsize=4)
def _engine(base: str):
    """An in-process OSRM engine on prepared data, opened once per process and path."""
    import osrm

    algorithm = "MLD" if Path(base + ".partition").exists() else "CH"
    try:
        return osrm.OSRM(
            algorithm=algorithm,
            storage_config=base,
            use_shared_memory=False,
            default_radius="unlimited",
        )
    except RuntimeError as error:
        raise RoutingError(
            f"OSRM-Daten '{base}' lassen sich nicht öffnen ({error}). Den Ordner im "
            "Zwischenspeicher löschen und neu vorbereiten."
        ) from error


def _lonlat_array(values, name: str) -> np.ndarray:
    array = np.asarray(values, dtype=float)
    if array.ndim != 2 or array.shape[1] != 2:
        raise ValueError(f"{name} muss die Form (n, 2) haben (Länge, Breite), nicht {array.shape}.")
    bad = ~(
        np.isfinite(array).all(axis=1) & (np.abs(array[:, 0]) <= 180) & (np.abs(array[:, 1]) <= 90)
    )
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise ValueError(
            f"{name}, Zeile {row}: {array[row].tolist()} ist keine gültige Koordinate "
            "(Länge −180…180, Breite −90…90, WGS 84)."
        )
    return array


def _snap(engine, lonlat: np.ndarray, progress: bool = False) -> Snap:
    import osrm

    location = np.empty_like(lonlat)
    distance = np.empty(len(lonlat))
    points = tqdm(
        lonlat.tolist(),
        desc="Punkte ins Straßennetz einrasten",
        unit=" Punkte",
        disable=not progress or len(lonlat) < 10_000,
    )
    # OSRM's Nearest service takes one coordinate per request (about 50 µs each).
    for i, point in enumerate(points):
        params = osrm.NearestParameters(coordinates=[tuple(point)], generate_hints=False)
        result = engine.Nearest(params)
        if result["code"] != "Ok":
            raise RoutingError(f"OSRM findet kein Straßennetz ({result['code']}).")
        waypoint = result["waypoints"][0]
        location[i] = waypoint["location"]
        distance[i] = waypoint["distance"]
    return Snap(location, distance)


def _unit_vectors(lonlat: np.ndarray) -> np.ndarray:
    lon, lat = np.radians(lonlat[:, 0]), np.radians(lonlat[:, 1])
    return np.column_stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)])


def _blocks(
    demand: np.ndarray, supply: np.ndarray, reach_m: float, rows: int, cols: int
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Source × destination blocks (positions into ``demand``/``supply``) that can hold pairs
    within ``reach_m``.

    Points live on the unit sphere, where the chord is never longer than the arc, so a ball of
    chord radius 2 sin(reach/2R) holds every point within ``reach_m`` along the surface.
    """
    if len(demand) == 0 or len(supply) == 0:
        return []
    demand_xyz, supply_xyz = _unit_vectors(demand), _unit_vectors(supply)
    reach = 2 * np.sin(min(reach_m / _EARTH_RADIUS_M, np.pi) / 2)
    supply_tree = cKDTree(supply_xyz)
    # A k-d tree stores its points so that every subtree is a contiguous run of ``indices``;
    # consecutive runs of that order are spatially compact, which keeps each block's bounding
    # ball, and with it the providers that must be queried for it, small.
    order = cKDTree(demand_xyz, leafsize=max(rows // 4, 16)).indices
    blocks = []
    for start in range(0, len(order), rows):
        sources = order[start : start + rows]
        centre = demand_xyz[sources].mean(axis=0)
        radius = np.linalg.norm(demand_xyz[sources] - centre, axis=1).max()
        # Triangle inequality in 3-D: a provider within ``reach`` of any source of the block
        # lies within radius + reach of the block's centre.
        near = np.sort(supply_tree.query_ball_point(centre, radius + reach))
        blocks.extend((np.sort(sources), near[i : i + cols]) for i in range(0, len(near), cols))
    return blocks


def _queried_demand(blocks, on_demand: np.ndarray) -> np.ndarray:
    if not blocks:
        return np.empty(0, dtype=np.int64)
    return on_demand[np.unique(np.concatenate([sources for sources, _ in blocks]))]


def _table(engine, sources: np.ndarray, destinations: np.ndarray) -> np.ndarray:
    """Durations in minutes, ``(len(sources), len(destinations))``; NaN where no route."""
    import osrm

    coordinates = [*map(tuple, sources.tolist()), *map(tuple, destinations.tolist())]
    n = len(sources)
    params = osrm.TableParameters(
        coordinates=coordinates,
        sources=list(range(n)),
        destinations=list(range(n, len(coordinates))),
        annotations=["duration"],
        generate_hints=False,
    )
    params.skip_waypoints = True
    result = engine.Table(params)
    if result["code"] != "Ok":
        raise RoutingError(f"OSRM-Tabellenabfrage fehlgeschlagen: {result['code']}.")
    # OSRM answers null for pairs without a route; numpy turns None into NaN.
    return np.array(result["durations"], dtype=float).reshape(n, -1) / 60.0


def _route_blocks(engine, demand, supply, on_demand, on_supply, blocks, max_minutes, progress):
    """Query every block; keep pairs ≤ max_minutes (positions into the full input arrays)."""
    kept_demand, kept_supply, kept_minutes, routed = [], [], [], []
    queried = without_route = 0
    total = sum(len(s) * len(d) for s, d in blocks)
    bar = tqdm(
        total=total,
        desc="Fahrzeiten (OSRM)",
        unit=" Paare",
        unit_scale=total > 10_000,
        disable=not progress,
    )
    with bar:
        for sources, destinations in blocks:
            src, dst = on_demand[sources], on_supply[destinations]
            minutes = _table(engine, demand[src], supply[dst])
            has_route = ~np.isnan(minutes)
            queried += minutes.size
            without_route += int(minutes.size - has_route.sum())
            routed.append(src[has_route.any(axis=1)])
            # NaN compares False, so pairs without a route are never kept; a duration on the
            # limit is inside, as everywhere (kosten.within_limit).
            i, j = np.nonzero(within_limit(minutes, max_minutes))
            kept_demand.append(src[i])
            kept_supply.append(dst[j])
            kept_minutes.append(minutes[i, j])
            bar.update(minutes.size)
    pairs = _concat_pairs(kept_demand, kept_supply, kept_minutes)
    routed_any = np.unique(np.concatenate(routed)) if routed else np.empty(0, dtype=np.int64)
    return pairs, queried, routed_any, without_route


def _concat_pairs(demand, supply, minutes):
    if not minutes:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty.copy(), np.empty(0, dtype=float)
    demand, supply, minutes = (np.concatenate(a) for a in (demand, supply, minutes))
    # Rows of a demand point come from different blocks; order pairs by demand, then supply.
    order = np.lexsort((supply, demand))
    return (
        demand[order].astype(np.int64),
        supply[order].astype(np.int64),
        minutes[order].astype(float),
    )
