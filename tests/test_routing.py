"""Car travel times with OSRM on the real OpenStreetMap extracts of Lauf and Hoyerswerda.

Each extract is prepared once per test session into a temporary cache. Expected values are
physical bounds worked out independently (haversine distance, top speed, a point to itself)
or the answer of the unfiltered, unchunked query.
"""

from __future__ import annotations

import json
from importlib.metadata import version

import numpy as np
import pytest

from gesundheitsregion import routing
from gesundheitsregion.routing import (
    MAX_SPEED_KMH,
    RoutingError,
    nearest_road,
    osrm_costs,
    prepare,
)

LAUF_CENTRE = [11.2775, 49.5103]  # Marktplatz
LAUF_EAST = [11.3050, 49.5110]  # 2.0 km east of it, in town
BERLIN = [13.4050, 52.5200]
# Hoyerswerda's extract is in parts; this street is cut off from the doctors' part.
HOYERSWERDA_ISLAND = [14.2498, 51.4320]


def haversine_m(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Great-circle distance in metres between lon/lat arrays (mean earth radius)."""
    a, b = np.radians(a), np.radians(b)
    h = (
        np.sin((b[..., 1] - a[..., 1]) / 2) ** 2
        + np.cos(a[..., 1]) * np.cos(b[..., 1]) * np.sin((b[..., 0] - a[..., 0]) / 2) ** 2
    )
    return 2 * 6_371_008.8 * np.arcsin(np.sqrt(h))


@pytest.fixture(scope="session")
def cache(tmp_path_factory):
    return tmp_path_factory.mktemp("osrm-cache")


@pytest.fixture(scope="session")
def lauf(data_dir, cache):
    path = data_dir / "osm" / "lauf-200115.osm.pbf"
    prepare(path, cache_dir=cache, progress=False)
    return path


@pytest.fixture(scope="session")
def hoyerswerda(data_dir, cache):
    path = data_dir / "osm" / "Hoyerswerda.osm.pbf"
    prepare(path, cache_dir=cache, progress=False)
    return path


def doctors(data_dir, extract: str) -> np.ndarray:
    """lon/lat of the doctors (amenity=doctors or healthcare=doctor) of one extract."""
    text = (data_dir / "health" / "osm_gesundheit_pois_testgebiete.geojson").read_text()
    rows = [feature["properties"] for feature in json.loads(text)["features"]]
    return np.array(
        [
            [row["lon"], row["lat"]]
            for row in rows
            if row["source_extract"] == extract
            and (row["amenity"] == "doctors" or row["healthcare"] == "doctor")
        ]
    )


@pytest.fixture(scope="session")
def lauf_doctors(data_dir):
    return doctors(data_dir, "lauf-200115.osm.pbf")


@pytest.fixture(scope="session")
def lauf_grid():
    """30 points on a 6 × 5 lattice over the town of Lauf."""
    lon, lat = np.meshgrid(np.linspace(11.255, 11.300, 6), np.linspace(49.502, 49.525, 5))
    return np.column_stack([lon.ravel(), lat.ravel()])


def table(points, osm_path, cache, **options):
    """Full travel-time matrix between ``points`` (NaN where a pair is not kept)."""
    costs = osrm_costs(points, points, osm_path, cache_dir=cache, progress=False, **options)
    matrix = np.full(costs.shape, np.nan)
    matrix[costs.demand, costs.supply] = costs.cost
    return matrix


# --- preparation and cache ---------------------------------------------------------------------


def test_a_second_prepare_reuses_the_cache_without_running_osrm(lauf, cache, monkeypatch):
    base = prepare(lauf, cache_dir=cache, progress=False)
    files = sorted(base.parent.glob("*.osrm.*"))
    mtimes = [path.stat().st_mtime_ns for path in files]

    def fail(*args, **kwargs):
        raise AssertionError("OSRM wurde erneut aufgerufen")

    monkeypatch.setattr(routing, "_run_osrm", fail)
    assert prepare(lauf, cache_dir=cache, progress=False) == base
    assert [path.stat().st_mtime_ns for path in files] == mtimes
    assert base.with_suffix(".osrm.hsgr").is_file()
    assert json.loads((base.parent / "quelle.json").read_text())["algorithmus"] == "CH"


def test_the_cache_key_holds_content_profile_algorithm_and_osrm_version(lauf, cache):
    base = prepare(lauf, cache_dir=cache, progress=False)
    key = base.parent.name
    assert key.startswith("lauf-200115-")
    assert "-car-" in key and "-ch-" in key
    assert key.endswith(f"osrm{version('osrm-bindings')}")


def test_a_copy_of_the_extract_under_another_name_gets_the_same_content_hash(
    hoyerswerda, cache, tmp_path
):
    copy = tmp_path / "Hoyerswerda.osm.pbf"
    copy.write_bytes(hoyerswerda.read_bytes())
    assert prepare(copy, cache_dir=cache, progress=False) == prepare(
        hoyerswerda, cache_dir=cache, progress=False
    )


def test_mld_gives_the_same_travel_times_as_ch(hoyerswerda, cache):
    ch = prepare(hoyerswerda, cache_dir=cache, progress=False)
    mld = prepare(hoyerswerda, cache_dir=cache, algorithm="MLD", progress=False)
    assert ch != mld and mld.with_suffix(".osrm.partition").is_file()
    points = np.array([[14.2452, 51.4349], [14.2513, 51.4399], [14.2600, 51.4391]])
    minutes = {
        base: routing._table(routing._engine(str(base)), points, points) for base in (ch, mld)
    }
    np.testing.assert_allclose(minutes[ch], minutes[mld], atol=0.02)


def test_it_names_a_missing_extract(tmp_path):
    missing = tmp_path / "sachsen-latest.osm.pbf"
    with pytest.raises(RoutingError, match=r"sachsen-latest\.osm\.pbf' nicht gefunden"):
        prepare(missing, cache_dir=tmp_path, progress=False)


def test_a_broken_extract_fails_clearly_and_leaves_nothing_behind(tmp_path):
    broken = tmp_path / "kaputt.osm.pbf"
    broken.write_bytes(b"keine OSM-Daten")
    with pytest.raises(RoutingError, match=r"osrm-extract ist für .*kaputt\.osm\.pbf"):
        prepare(broken, cache_dir=tmp_path / "cache", progress=False)
    assert list((tmp_path / "cache").iterdir()) == []


def test_an_unknown_profile_is_named(lauf, cache):
    with pytest.raises(RoutingError, match="Routing-Profil 'lkw' unbekannt"):
        prepare(lauf, profile="lkw", cache_dir=cache, progress=False)


# --- snapping ----------------------------------------------------------------------------------


def test_nearest_road_gives_the_distance_to_the_snapped_point(lauf, cache):
    points = np.array([LAUF_CENTRE, LAUF_EAST, BERLIN])
    snap = nearest_road(points, lauf, cache_dir=cache, progress=False)
    np.testing.assert_allclose(snap.distance_m, haversine_m(points, snap.location), rtol=0.01)
    assert snap.distance_m[0] < 50
    # Berlin still gets the extract's nearest road, 360 km away: only the distance tells.
    assert snap.distance_m[2] > 300_000
    assert snap.off_network(1000).tolist() == [2]


def test_invalid_coordinates_name_the_row(lauf, cache):
    with pytest.raises(ValueError, match=r"demand_lonlat, Zeile 1: \[11.3, 91.3\]"):
        osrm_costs(
            np.array([LAUF_CENTRE, [11.3, 91.3]]),
            np.array([LAUF_EAST]),
            lauf,
            max_minutes=10,
            cache_dir=cache,
            progress=False,
        )


# --- plausible travel times --------------------------------------------------------------------


def test_a_two_km_trip_through_town_takes_two_to_ten_minutes(lauf, cache):
    points = np.array([LAUF_CENTRE, LAUF_EAST])
    assert haversine_m(points[0], points[1]) == pytest.approx(2000, rel=0.02)
    minutes = table(points, lauf, cache, max_minutes=60)
    assert 2 <= minutes[0, 1] <= 10 and 2 <= minutes[1, 0] <= 10


def test_a_point_to_itself_takes_no_time(lauf, lauf_grid, cache):
    minutes = table(lauf_grid, lauf, cache, max_minutes=60)
    np.testing.assert_allclose(np.diag(minutes), 0, atol=1e-9)


def test_there_and_back_take_about_as_long(lauf, lauf_grid, cache):
    minutes = table(lauf_grid, lauf, cache, max_minutes=60)
    # Pairs of distinct network points (two lattice points can snap to the same spot).
    distinct = (minutes > 0) & (minutes.T > 0)
    ratio = minutes[distinct] / minutes.T[distinct]
    # One-way streets and slip roads make a few trips much longer one way (here up to 2.7
    # times, at a point on a one-way street); most differ by a few per cent.
    assert np.median(np.abs(np.log(ratio))) < 0.1
    assert np.mean((ratio > 0.8) & (ratio < 1.25)) > 0.9


def test_a_detour_over_a_third_point_is_never_faster(lauf, lauf_grid, cache):
    t = table(lauf_grid, lauf, cache, max_minutes=60)
    direct = t[:, None, :]  # a → c, indexed [a, b, c]
    via = t[:, :, None] + t[None, :, :]  # a → b → c
    # Shortest paths obey the triangle inequality; 0.1 min allows for the partial edges at
    # the snapped via point.
    assert np.all(direct <= via + 0.1)


def test_no_trip_is_faster_than_the_top_speed_allows(lauf, lauf_grid, cache):
    minutes = table(lauf_grid, lauf, cache, max_minutes=60)
    snapped = nearest_road(lauf_grid, lauf, cache_dir=cache, progress=False).location
    metres = haversine_m(snapped[:, None, :], snapped[None, :, :])
    assert np.all(minutes >= metres / (MAX_SPEED_KMH / 3.6) / 60 - 1e-9)


# --- osrm_costs: reach, reporting, chunking ----------------------------------------------------


def test_every_lauf_doctor_is_reachable_from_the_town_centre(lauf, lauf_doctors, cache):
    assert len(lauf_doctors) == 12
    costs = osrm_costs(
        np.array([LAUF_CENTRE]), lauf_doctors, lauf, max_minutes=15, cache_dir=cache, progress=False
    )
    assert costs.unit == "min" and costs.shape == (1, 12)
    assert costs.supply.tolist() == list(range(12))
    assert np.all((costs.cost > 0) & (costs.cost < 15))
    assert len(costs.unreachable) == 0 and costs.report.notes() == []


def test_a_point_in_berlin_is_reported_not_dropped(lauf, lauf_doctors, cache):
    costs = osrm_costs(
        np.array([LAUF_CENTRE, BERLIN]),
        lauf_doctors,
        lauf,
        max_minutes=15,
        cache_dir=cache,
        progress=False,
    )
    assert costs.shape == (2, 12)
    assert set(costs.demand.tolist()) == {0}
    assert costs.unreachable.tolist() == [1]
    assert costs.report.demand_off_network.tolist() == [1]
    assert "1 von 2" in costs.report.notes()[0]


def test_a_practice_outside_the_extract_is_reported(lauf, cache):
    costs = osrm_costs(
        np.array([LAUF_CENTRE]),
        np.array([LAUF_EAST, BERLIN]),
        lauf,
        max_minutes=15,
        cache_dir=cache,
        progress=False,
    )
    assert costs.supply.tolist() == [0]
    assert costs.report.supply_off_network.tolist() == [1]
    assert len(costs.unreachable) == 0


def test_a_street_cut_off_from_the_doctors_counts_as_unreachable(hoyerswerda, data_dir, cache):
    hoyerswerda_doctors = doctors(data_dir, "Hoyerswerda.osm.pbf")
    homes = np.array([[14.2460, 51.4360], HOYERSWERDA_ISLAND])
    costs = osrm_costs(
        homes, hoyerswerda_doctors, hoyerswerda, max_minutes=30, cache_dir=cache, progress=False
    )
    assert costs.report.demand_off_network.tolist() == []
    assert set(costs.demand.tolist()) == {0}
    assert costs.unreachable.tolist() == [1]
    assert costs.report.pairs_without_route == len(hoyerswerda_doctors)
    assert "Paare ohne Route" in costs.report.notes()[0]


def test_the_cutoff_drops_exactly_the_longer_pairs(lauf, lauf_grid, lauf_doctors, cache):
    options = dict(cache_dir=cache, progress=False)
    wide = osrm_costs(lauf_grid, lauf_doctors, lauf, max_minutes=60, **options)
    narrow = osrm_costs(lauf_grid, lauf_doctors, lauf, max_minutes=5, **options)
    assert len(narrow) < len(wide) == len(lauf_grid) * len(lauf_doctors)
    expected = wide.within(5)
    for field in ("demand", "supply", "cost"):
        np.testing.assert_array_equal(getattr(narrow, field), getattr(expected, field))


def test_the_straight_line_prefilter_never_drops_a_pair_in_reach(lauf, lauf_grid, cache):
    options = dict(max_snap_m=200, cache_dir=cache, progress=False)
    wide = osrm_costs(lauf_grid, lauf_grid, lauf, max_minutes=60, **options)
    # One minute at 130 km/h plus two snaps is 2.6 km, less than the town is wide; blocks of
    # four sources are small enough for the pre-filter to skip some providers.
    narrow = osrm_costs(lauf_grid, lauf_grid, lauf, max_minutes=1, chunk=(4, 1000), **options)
    assert narrow.report.pairs_queried < wide.report.pairs_queried
    expected = wide.within(1)
    np.testing.assert_array_equal(narrow.demand, expected.demand)
    np.testing.assert_array_equal(narrow.supply, expected.supply)
    np.testing.assert_array_equal(narrow.cost, expected.cost)


def test_chunked_and_unchunked_queries_agree(lauf, lauf_grid, lauf_doctors, cache):
    options = dict(max_minutes=8, cache_dir=cache, progress=False)
    whole = osrm_costs(lauf_grid, lauf_doctors, lauf, chunk=(10_000, 10_000), **options)
    pieces = osrm_costs(lauf_grid, lauf_doctors, lauf, chunk=(7, 3), **options)
    assert 0 < len(whole) < len(lauf_grid) * len(lauf_doctors)
    for field in ("demand", "supply", "cost", "unreachable"):
        np.testing.assert_array_equal(getattr(pieces, field), getattr(whole, field))


def test_no_points_give_an_empty_table(lauf, lauf_doctors, cache):
    costs = osrm_costs(
        np.empty((0, 2)), lauf_doctors, lauf, max_minutes=10, cache_dir=cache, progress=False
    )
    assert costs.shape == (0, 12) and len(costs) == 0 and costs.demand.dtype == np.int64
