"""Fetching the open data from their official publishers (``gesundheitsregion daten-holen``).

The datasets, their publishers, licences, download addresses and target files are listed in
``sources.toml`` beside this module. :func:`fetch_open_data` downloads each file with a
progress bar, converts it into the layout of the data directory (the one ``../shared/data`` has)
and moves the results into place only when the whole dataset converted, so nothing is ever
half-written. Datasets the publishers do not offer in that shape print a German note on how to
get them by hand.
"""

from __future__ import annotations

import hashlib
import http.client
import os
import shutil
import sys
import tempfile
import tomllib
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from tqdm import tqdm

from gesundheitsregion.datadir import FILES
from gesundheitsregion.fetch._converters import CONVERTERS, ConversionError, SourceUnavailable

__all__ = ["MANIFEST", "Dataset", "FetchError", "fetch_open_data", "load_manifest"]

#: The list of datasets and their official sources.
MANIFEST = Path(__file__).with_name("sources.toml")

_METHODS = ("http", "genesis", "package", "manual")
_USER_AGENT = "gesundheitsregion-daten-holen/0.1 (Python urllib)"
_TIMEOUT_SECONDS = 120
_CHUNK_BYTES = 1 << 16


class FetchError(RuntimeError):
    """Raised with a German message naming every dataset and address that failed."""

    def __init__(self, message: str, failures: list[str] | None = None) -> None:
        super().__init__(message)
        self.failures = failures or [message]


@dataclass(frozen=True)
class Dataset:
    """One entry of ``sources.toml``."""

    id: str
    title: str
    publisher: str
    licence: str
    credit: str
    page: str
    method: str
    targets: tuple[str, ...]
    url: str = ""
    converter: str = ""
    unverified: bool = False
    evidence: str = ""
    note: str = ""
    token_env: str = ""
    request: Mapping[str, str] = field(default_factory=dict)
    params: Mapping[str, object] = field(default_factory=dict)


def load_manifest(path: Path = MANIFEST) -> list[Dataset]:
    """Return the datasets listed in the manifest, checked for completeness.

    Examples
    --------
    >>> [d.id for d in load_manifest()][:3]
    ['vg5000', 'gv100ad', 'zensus2011-1km']
    """
    with Path(path).open("rb") as handle:
        entries = tomllib.load(handle)["datasets"]
    datasets = []
    for entry in entries:
        dataset = Dataset(**{**entry, "targets": tuple(entry["targets"])})
        if dataset.method not in _METHODS:
            raise ValueError(
                f"{path}: Datensatz '{dataset.id}' hat die unbekannte Methode {dataset.method!r}."
            )
        if dataset.method != "manual" and (not dataset.url or dataset.converter not in CONVERTERS):
            raise ValueError(
                f"{path}: Datensatz '{dataset.id}' braucht url und eine bekannte Umwandlung."
            )
        _check_targets(path, dataset)
        datasets.append(dataset)
    return datasets


def _check_targets(path: Path, dataset: Dataset) -> None:
    """Every file the manifest writes must be a file of the layout (:data:`datadir.FILES`)."""
    named = [*dataset.targets, *(v for k, v in dataset.params.items() if k.endswith("target"))]
    for spec in dataset.params.get("layers", ()):
        named.append(spec["target"])
    unknown = sorted(set(named) - FILES)
    if unknown:
        raise ValueError(
            f"{path}: Datensatz '{dataset.id}' nennt Dateien, die es im Datenverzeichnis nicht "
            f"gibt: {', '.join(unknown)}. Bitte den Namen in gesundheitsregion/datadir.py "
            "eintragen oder hier berichtigen."
        )


def fetch_open_data(
    target: Path,
    *,
    datasets: list[str] | None = None,
    base_urls: dict[str, str] | None = None,
    progress: bool = True,
    force: bool = False,
) -> list[Path]:
    """Download the open data from the official publishers into ``target``.

    ``target`` gets the layout of ``../shared/data`` (``boundaries/``, ``population/``, …).
    Files already present are kept unless ``force``. A dataset that fails (network, HTTP error,
    unexpected file) does not stop the others; at the end one :class:`FetchError` lists all
    failures. Datasets that must be fetched by hand print a note instead.

    Parameters
    ----------
    target
        The data directory to fill; created if missing.
    datasets
        Ids from ``sources.toml`` to fetch (default: all).
    base_urls
        Other download addresses by dataset id, e.g. a mirror or a ``file://`` path to a file
        downloaded by hand. For GENESIS datasets this is the base of the REST interface.
    progress
        Show a progress bar per download.
    force
        Download and convert again even if all target files exist.

    Returns
    -------
    list of Path
        The target files of the fetched datasets (written now or already present).

    Raises
    ------
    FetchError
        If at least one dataset failed; the message names each dataset, address and reason.
    ValueError
        If ``datasets`` or ``base_urls`` name an unknown dataset.

    Examples
    --------
    >>> fetch_open_data(Path("daten"), datasets=["vg5000"])  # doctest: +SKIP
    [PosixPath('daten/boundaries/laender_de_vg5000_2021-01-01.geojson'), ...]
    """
    selected = _select(load_manifest(), datasets, base_urls or {})
    target = Path(target)
    target.mkdir(parents=True, exist_ok=True)
    produced: list[Path] = []
    failures: list[str] = []
    not_fetched: list[str] = []
    for dataset in selected:
        url = (base_urls or {}).get(dataset.id, dataset.url)
        try:
            produced += _fetch_dataset(dataset, target, url, progress=progress, force=force)
        except SourceUnavailable as note:
            _say(f"[{dataset.id}] nicht geladen: {note}")
            not_fetched.append(dataset.id)
        except FetchError as error:
            print(f"[{dataset.id}] FEHLER: {error}", file=sys.stderr, flush=True)
            failures.append(str(error))
    _summarise(target, selected, produced, not_fetched, failures)
    if failures:
        raise FetchError(
            f"{len(failures)} von {len(selected)} Datensätzen konnten nicht geladen werden:\n"
            + "\n".join(f"- {f}" for f in failures),
            failures,
        )
    return produced


def _select(
    manifest: list[Dataset], ids: list[str] | None, base_urls: Mapping[str, str]
) -> list[Dataset]:
    known = {d.id: d for d in manifest}
    unknown = [i for i in [*(ids or []), *base_urls] if i not in known]
    if unknown:
        raise ValueError(
            f"Unbekannte Datensätze: {', '.join(unknown)}. Bekannt sind: {', '.join(known)}."
        )
    return [known[i] for i in ids] if ids else manifest


def _say(message: str) -> None:
    print(message, flush=True)


def _fetch_dataset(
    dataset: Dataset, target: Path, url: str, *, progress: bool, force: bool
) -> list[Path]:
    paths = [target / t for t in dataset.targets]
    present = all(p.is_file() for p in paths)
    if dataset.method == "manual":
        if present:
            _say(f"[{dataset.id}] vorhanden (von Hand beschafft).")
        else:
            _say(f"[{dataset.id}] {dataset.title}: von Hand beschaffen ({dataset.page}).")
            _say(f"  {dataset.note}")
        return []
    if present and not force:
        _say(f"[{dataset.id}] schon vorhanden, übersprungen (Neuladen erzwingen, um zu ersetzen).")
        return paths
    # Everything happens in a folder inside the target, so the final renames stay on one disk.
    staging = Path(tempfile.mkdtemp(prefix=".daten-holen-", dir=target))
    try:
        source = _obtain(dataset, url, staging, progress=progress)
        written = _convert(dataset, url, source, staging / "out")
        for relative, path in written.items():
            final = target / relative
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, final)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    _say(f"[{dataset.id}] fertig. Namensnennung: {dataset.credit}")
    for path in paths:
        _say(f"  sha256 {_sha256(path)}  {path.relative_to(target).as_posix()}")
    return paths


def _obtain(dataset: Dataset, url: str, staging: Path, *, progress: bool) -> Path | None:
    """Download the dataset's source file into ``staging``; ``None`` if nothing is downloaded."""
    if dataset.method == "package":
        return None
    if dataset.method == "genesis" and urllib.parse.urlsplit(url).scheme != "file":
        request = _genesis_request(dataset, url)
        name = f"{dataset.request.get('name', dataset.id)}.zip"
    else:
        request = urllib.request.Request(url, headers={"User-Agent": _USER_AGENT})
        name = PurePosixPath(urllib.parse.urlsplit(url).path).name or "download"
    destination = staging / name
    _download(request, destination, dataset, progress=progress)
    return destination


def _genesis_request(dataset: Dataset, url: str) -> urllib.request.Request:
    token = os.environ.get(dataset.token_env, "").strip()
    if not token:
        raise SourceUnavailable(
            f"Umgebungsvariable {dataset.token_env} ist nicht gesetzt. {dataset.note}"
        )
    # Since July 2025 GENESIS answers only POST, with the credentials in the header.
    return urllib.request.Request(
        url.rstrip("/") + "/data/tablefile",
        data=urllib.parse.urlencode(dict(dataset.request)).encode("ascii"),
        method="POST",
        headers={
            "User-Agent": _USER_AGENT,
            "Content-Type": "application/x-www-form-urlencoded",
            "username": token,
            "password": "",
        },
    )


def _download(
    request: urllib.request.Request, destination: Path, dataset: Dataset, *, progress: bool
) -> None:
    """Stream ``request`` into ``destination`` (via a ``.part`` file) with a progress bar."""
    url = request.full_url
    partial = destination.with_name(destination.name + ".part")
    try:
        with urllib.request.urlopen(request, timeout=_TIMEOUT_SECONDS) as response:
            total = int(response.headers.get("Content-Length") or 0) or None
            bar = tqdm(
                total=total,
                unit="B",
                unit_scale=True,
                unit_divisor=1024,
                desc=f"Lade {dataset.id}",
                disable=not progress,
                leave=False,
            )
            with bar, partial.open("wb") as handle:
                while chunk := response.read(_CHUNK_BYTES):
                    handle.write(chunk)
                    bar.update(len(chunk))
    except urllib.error.HTTPError as exc:
        raise _network_error(
            dataset, url, f"der Server antwortet mit HTTP {exc.code} ({exc.reason})"
        ) from exc
    except urllib.error.URLError as exc:
        raise _network_error(dataset, url, f"keine Verbindung ({exc.reason})") from exc
    except TimeoutError as exc:
        raise _network_error(dataset, url, f"keine Antwort nach {_TIMEOUT_SECONDS} s") from exc
    except (http.client.HTTPException, ConnectionError) as exc:
        raise _network_error(dataset, url, f"Verbindung abgebrochen ({exc})") from exc
    if total is not None and partial.stat().st_size != total:
        raise _network_error(
            dataset, url, f"nur {partial.stat().st_size} von {total} Bytes empfangen"
        )
    partial.rename(destination)


def _network_error(dataset: Dataset, url: str, reason: str) -> FetchError:
    return FetchError(
        f"Datensatz '{dataset.id}' ({dataset.title}): Download von {url} fehlgeschlagen: "
        f"{reason}. Bitte Internetverbindung prüfen und später erneut versuchen; ist die "
        f"Adresse veraltet, die Datei auf {dataset.page} suchen."
    )


def _convert(dataset: Dataset, url: str, source: Path | None, folder: Path) -> dict[str, Path]:
    """Run the dataset's converter into ``folder``; return the written files by target."""
    written: dict[str, Path] = {}

    def output(relative: str) -> Path:
        if relative not in dataset.targets:
            raise ConversionError(f"Die Umwandlung schreibt '{relative}', das kein Ziel ist.")
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        written[relative] = path
        return path

    try:
        CONVERTERS[dataset.converter](source, output, dataset.params)
    except SourceUnavailable as exc:
        raise SourceUnavailable(f"{dataset.note} ({exc})") from exc
    except Exception as exc:
        # Any surprise in a publisher's file must name the dataset and the address, and must not
        # stop the remaining datasets; the original error stays attached as __cause__.
        reason = str(exc) if isinstance(exc, ConversionError) else f"{type(exc).__name__}: {exc}"
        raise FetchError(
            f"Datensatz '{dataset.id}' ({dataset.title}): die Datei von {url} ließ sich nicht "
            f"umwandeln: {reason}"
        ) from exc
    missing = [t for t in dataset.targets if t not in written]
    if missing:
        raise FetchError(
            f"Datensatz '{dataset.id}': Umwandlung hat {', '.join(missing)} nicht geschrieben."
        )
    return written


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _summarise(
    target: Path,
    selected: list[Dataset],
    produced: list[Path],
    not_fetched: list[str],
    failures: list[str],
) -> None:
    manual = [
        d.id
        for d in selected
        if d.method == "manual" and not all((target / t).is_file() for t in d.targets)
    ]
    lines = [f"Zusammenfassung: {len(produced)} Dateien im Datenverzeichnis {target}."]
    if manual:
        lines.append(f"  Von Hand zu beschaffen (Hinweise oben): {', '.join(manual)}.")
    if not_fetched:
        lines.append(f"  Nicht geladen (Hinweise oben): {', '.join(not_fetched)}.")
    if failures:
        lines.append(f"  Fehlgeschlagen: {len(failures)} (Einzelheiten oben).")
    _say("\n".join(lines))
