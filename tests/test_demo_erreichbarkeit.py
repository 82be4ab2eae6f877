"""Accessibility and siting of the demo region, checked by brute force on the real open data.

The minutes and the population newly covered are recomputed here with plain numpy over all
pairs (no KD-tree, no sparse costs, no solver), so a slip in the library's pruning shows up.
"""

from __future__ import annotations

import numpy as np
import openpyxl
import pandas as pd
import pytest
import shapely

from gesundheitsregion.cli import main
from gesundheitsregion.demo import _erreichbarkeit as de
from gesundheitsregion.demo import build_demo_region
from gesundheitsregion.demo.pipeline import run_demo
from gesundheitsregion.erreichbarkeit import DETOUR, SPEED_KMH, straight_line_costs, to_metric

#: Straight-line metres per car minute: 33 km/h on roads 1.3 times the straight line.
METRES_PER_MINUTE = SPEED_KMH * 1000 / 60 / DETOUR


@pytest.fixture(scope="module")
def region(data_dir):
    return build_demo_region(data_dir, seed=2025)


@pytest.fixture(scope="module")
def access(region, data_dir):
    return de.demo_accessibility(region, data_dir)


@pytest.fixture(scope="module")
def sites(access):
    return de.demo_sites(access)


def _minutes(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """All pairwise straight-line car minutes between metric points ``a`` and ``b``."""
    return np.hypot(a[:, None, 0] - b[None, :, 0], a[:, None, 1] - b[None, :, 1]) / (
        METRES_PER_MINUTE
    )


def _weighted(table: pd.DataFrame, column: str) -> float:
    return float(np.average(table[column], weights=table["einwohner"]))


# --- accessibility ---------------------------------------------------------------------------


def test_every_gemeinde_and_stadtteil_has_one_row(region, access):
    gebiete = region.gebiete
    expected = gebiete.loc[
        (gebiete["art"] == "Stadtteil")
        | ((gebiete["art"] == "Gemeinde") & (gebiete["id"] != "14511000")),
        "id",
    ]
    table = access.gebiete
    assert table["gebiet"].is_unique
    assert sorted(table["gebiet"]) == sorted(expected)
    assert table["art"].value_counts().to_dict() == {"Gemeinde": 181, "Stadtteil": 39}
    assert table["synthetisch"].all()


def test_population_adds_up_to_the_kreise_of_2024(region, access):
    per_kreis = access.gebiete.groupby("kreis")["einwohner"].sum()
    kreise = region.planungsbereiche.set_index("planungsbereich")["einwohner"]
    # Each row is rounded to 0.1 inhabitants.
    assert per_kreis.to_dict() == pytest.approx(kreise.astype(float).to_dict(), abs=10)
    assert access.punkte["einwohner"].sum() == pytest.approx(kreise.sum(), rel=1e-12)


def test_nearest_minutes_match_a_brute_force_over_all_practices(access):
    points = access.punkte
    practices = to_metric(access.praxen[["lon", "lat"]].to_numpy())
    nearest = _minutes(points[["x", "y"]].to_numpy(), practices).min(axis=1)
    expected = np.where(nearest <= de.CATCHMENT_MIN, nearest, np.nan)
    np.testing.assert_allclose(points["minuten_naechste_praxis"], expected, rtol=1e-9)


def test_minutes_are_plausible_city_before_countryside(access):
    table = access.gebiete
    city = table[table["art"] == "Stadtteil"]
    country = table[table["art"] == "Gemeinde"]
    assert _weighted(city, "minuten_naechste_praxis") < _weighted(
        country, "minuten_naechste_praxis"
    )
    assert table["minuten_naechste_praxis"].between(0, de.CATCHMENT_MIN).all()
    assert (table["anteil_ueber_5_min"] >= table["anteil_ueber_10_min"]).all()
    assert (table["anteil_ueber_10_min"] >= table["anteil_ueber_15_min"]).all()
    assert 0 < _weighted(table, "anteil_ueber_10_min") < 0.1


def test_e2sfca_hands_out_every_practice_exactly_once(access, region):
    # With a practice in reach of some demand, Σ P_i A_i = Σ S_j (docs/erreichbarkeit.md).
    table = access.gebiete
    handed_out = (table["einwohner"] * table["hausaerzte_je_100000"]).sum() / 100_000
    hausaerzte = region.aerzte[region.aerzte["arztgruppe"] == "Hausärzte"]
    assert handed_out == pytest.approx(hausaerzte["anrechnungsfaktor"].sum(), rel=1e-4)


def test_with_an_osm_extract_the_minutes_come_from_osrm(region, data_dir, monkeypatch):
    calls = []

    def fake_osrm(demand_lonlat, supply_lonlat, osm_path, *, max_minutes, progress):
        calls.append((osm_path, max_minutes))
        demand, supply = to_metric(demand_lonlat), to_metric(supply_lonlat)
        return straight_line_costs(demand, supply, max_cost=max_minutes, unit="min", detour=2.0)

    monkeypatch.setattr("gesundheitsregion.routing.osrm_costs", fake_osrm)
    routed = de.demo_accessibility(region, data_dir, osm="sachsen.osm.pbf")
    assert calls == [("sachsen.osm.pbf", de.CATCHMENT_MIN)]
    assert "OSRM" in routed.verfahren and "sachsen.osm.pbf" in routed.gebiete.attrs["verfahren"]
    sites = de.demo_sites(routed, osm="sachsen.osm.pbf")
    assert calls[-1] == ("sachsen.osm.pbf", de.RADIUS_MIN) and len(sites) == de.SITES


# --- siting ----------------------------------------------------------------------------------


def test_five_distinct_sites_inside_the_region(sites, region):
    assert len(sites) == de.SITES
    assert sites["rang"].tolist() == [1, 2, 3, 4, 5]
    assert sites["kandidat"].is_unique
    areas = region.gebiete[region.gebiete["art"] != "Kreis"].to_crs(3035).union_all()
    xy = to_metric(sites[["lon", "lat"]].to_numpy())
    # Candidates are cell centres inside a Gemeinde or Stadtteil (1 m for rounding).
    assert shapely.contains_xy(areas.buffer(1.0), xy[:, 0], xy[:, 1]).all()
    assert sites["name"].notna().all() and sites["synthetisch"].all()


def test_gains_do_not_increase_and_add_up(sites):
    gains = sites["neu_versorgte_einwohner"].to_numpy()
    assert (np.diff(gains) <= 1e-6).all() and (gains > 0).all()
    np.testing.assert_allclose(sites["kumuliert"], np.cumsum(gains), rtol=1e-9)
    assert sites.attrs["zielfunktion"] <= sites.attrs["schranke"] * (1 + 1e-9)
    assert sites.attrs["zielfunktion"] == pytest.approx(gains.sum(), rel=1e-9)


def test_newly_covered_people_match_a_brute_force(sites, access):
    points = access.punkte
    xy = points[["x", "y"]].to_numpy()
    people = points["einwohner"].to_numpy()
    practices = to_metric(access.praxen[["lon", "lat"]].to_numpy())
    served = _minutes(xy, practices).min(axis=1) <= de.RADIUS_MIN
    chosen = _minutes(xy, to_metric(sites[["lon", "lat"]].to_numpy())) <= de.RADIUS_MIN
    newly = chosen.any(axis=1) & ~served
    assert sites["kumuliert"].iloc[-1] == pytest.approx(people[newly].sum(), rel=1e-6)
    first = chosen[:, 0] & ~served
    assert sites["neu_versorgte_einwohner"].iloc[0] == pytest.approx(people[first].sum(), rel=1e-6)


def test_the_radius_leaves_a_few_percent_uncovered(access):
    minutes = access.punkte["minuten_naechste_praxis"].fillna(np.inf)
    beyond = access.punkte["einwohner"][minutes > de.RADIUS_MIN].sum()
    assert 0.01 < beyond / access.punkte["einwohner"].sum() < 0.08


# --- pipeline and command line ---------------------------------------------------------------


def test_run_demo_writes_the_accessibility_and_siting_tables(tmp_path, data_dir):
    result = run_demo(tmp_path, data_dir=data_dir, runs=50, progress=False)
    access = pd.read_csv(tmp_path / "erreichbarkeit_gemeinden_stadtteile.csv", dtype=str)
    assert len(access) == 220
    sites = pd.read_csv(tmp_path / "standortempfehlung.csv")
    assert sites["rang"].tolist() == [1, 2, 3, 4, 5]
    assert {"erreichbarkeit_gemeinden_stadtteile", "standortempfehlung"} <= set(result.tables)
    sheets = openpyxl.load_workbook(tmp_path / "ergebnisse.xlsx", read_only=True).sheetnames
    assert {"Erreichbarkeit", "Standortempfehlung"} <= set(sheets)
    page = (tmp_path / "bericht.html").read_text(encoding="utf-8")
    assert 'id="erreichbarkeit"' in page and 'id="karte-erreichbarkeit"' in page
    assert "Luftlinie × Umwegfaktor 1,3 bei 33 km/h" in page


def test_the_demo_command_passes_the_osm_extract_on(tmp_path, monkeypatch):
    seen = {}

    def fake_run_demo(out_dir, **options):
        seen.update(options)
        return tmp_path / "bericht.html"

    monkeypatch.setattr("gesundheitsregion.demo.pipeline.run_demo", fake_run_demo)
    extract = tmp_path / "sachsen.osm.pbf"
    assert main(["demo", "--ausgabe", str(tmp_path), "--osm", str(extract)]) == 0
    assert seen["osm"] == extract


def test_a_missing_osm_extract_stops_the_demo_before_writing(tmp_path, capsys):
    out = tmp_path / "ausgabe"
    assert main(["demo", "--ausgabe", str(out), "--osm", str(tmp_path / "fehlt.osm.pbf")]) == 2
    assert "fehlt.osm.pbf" in capsys.readouterr().err
    assert not out.exists()
