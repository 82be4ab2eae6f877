"""Accessibility measures: hand-worked cases, PySAL access as reference, invariants, CLI."""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from access import Access, weights
from hypothesis import given, settings
from hypothesis import strategies as st
from pyproj import Transformer
from shapely.geometry import box

from gesundheitsregion import datadir
from gesundheitsregion import erreichbarkeit as e
from gesundheitsregion.cli import main
from gesundheitsregion.kosten import Costs

# The tiny case worked out by hand: villages A (100 people) and B (300), practices X (1 doctor)
# and Y (2 doctors); car minutes A–X 5, A–Y 25, B–X 15, B–Y 8.
P = np.array([100.0, 300.0])
S = np.array([1.0, 2.0])
TINY = Costs(np.array([0, 0, 1, 1]), np.array([0, 1, 0, 1]), np.array([5.0, 25, 15, 8]), (2, 2))


def test_nearest_provider_and_its_cost_by_hand():
    result = e.nearest(TINY, supply_ids=["X", "Y"])
    assert result["naechster_anbieter"].tolist() == ["X", "Y"]
    assert result["naechste_kosten"].tolist() == [5.0, 8.0]


def test_nearest_is_missing_when_no_provider_is_in_reach():
    result = e.nearest(TINY, limit=6, supply_ids=["X", "Y"])
    assert result["naechster_anbieter"].iloc[0] == "X"
    assert pd.isna(result["naechster_anbieter"].iloc[1])
    assert np.isnan(result["naechste_kosten"].iloc[1])


def test_nearest_breaks_ties_by_the_lower_supply_position():
    tie = Costs(np.array([0, 0]), np.array([1, 0]), np.array([3.0, 3.0]), (1, 2))
    assert e.nearest(tie)["naechster_anbieter"].tolist() == [0]


def test_providers_within_counts_by_hand():
    assert e.providers_within(TINY, 10).tolist() == [1, 1]
    assert e.providers_within(TINY, 30).tolist() == [2, 2]


def test_two_sfca_by_hand():
    # Catchment 20 drops A–Y: R_X = 1 / (100 + 300), R_Y = 2 / 300;
    # A_A = R_X = 0.0025, A_B = R_X + R_Y = 0.0025 + 0.0066667.
    access = e.two_sfca(TINY, P, S, catchment=20)
    assert access.tolist() == pytest.approx([1 / 400, 1 / 400 + 2 / 300], rel=1e-12)
    assert float(P @ access) == pytest.approx(S.sum())


def test_e2sfca_with_luo_qi_steps_by_hand():
    # Weights: A–X 1, A–Y 0.22, B–X 0.68, B–Y 1.
    # R_X = 1 / (100 + 300·0.68) = 1/304, R_Y = 2 / (100·0.22 + 300) = 2/322.
    access = e.e2sfca(TINY, P, S, catchment=30)
    expected = [1 / 304 + 0.22 * 2 / 322, 0.68 / 304 + 2 / 322]
    assert access.tolist() == pytest.approx(expected, rel=1e-12)
    assert expected == pytest.approx([0.00465593, 0.00844802], abs=1e-8)


def test_g2sfca_by_hand():
    w = {c: math.exp(-(c**2) / (2 * 10**2)) for c in (5, 25, 15, 8)}
    r_x = 1 / (100 * w[5] + 300 * w[15])
    r_y = 2 / (100 * w[25] + 300 * w[8])
    access = e.g2sfca(TINY, P, S, sigma=10, catchment=30)
    assert access.tolist() == pytest.approx(
        [w[5] * r_x + w[25] * r_y, w[15] * r_x + w[8] * r_y], rel=1e-12
    )


def test_three_sfca_by_hand():
    # Selection weights: A splits 1 : 0.22 (total 1.22), B 0.68 : 1 (total 1.68); both steps
    # use W·G: A–X 1/1.22, A–Y 0.22²/1.22, B–X 0.68²/1.68, B–Y 1/1.68.
    ax, ay, bx, by = 1 / 1.22, 0.0484 / 1.22, 0.4624 / 1.68, 1 / 1.68
    r_x = 1 / (100 * ax + 300 * bx)
    r_y = 2 / (100 * ay + 300 * by)
    access = e.three_sfca(TINY, P, S, weight=e.step(e.LUO_QI_STEPS), catchment=30)
    assert access.tolist() == pytest.approx([ax * r_x + ay * r_y, bx * r_x + by * r_y], rel=1e-12)


def test_provider_ratio_by_hand():
    # A and B are 12 minutes apart. Within 20 minutes A reaches X (1 doctor) and both villages
    # (400 people); B reaches X and Y (3 doctors) and both villages.
    neighbours = Costs(
        np.array([0, 0, 1, 1]), np.array([0, 1, 0, 1]), np.array([0.0, 12, 12, 0]), (2, 2)
    )
    ratio = e.provider_ratio(TINY, P, S, 20, neighbours=neighbours)
    assert ratio.tolist() == pytest.approx([1 / 400, 3 / 400])


def test_a_provider_nobody_reaches_serves_nobody_and_lonely_demand_gets_zero():
    # Provider 1 is reachable only from an empty cell; demand 2 reaches nothing.
    costs = Costs(np.array([0, 1]), np.array([0, 1]), np.array([1.0, 1.0]), (3, 2))
    access = e.two_sfca(costs, [10, 0, 5], [1, 4])
    assert access.tolist() == [0.1, 0.0, 0.0]


def test_the_result_keeps_the_index_of_a_population_series():
    population = pd.Series(P, index=["A", "B"])
    assert e.e2sfca(TINY, population, S).index.tolist() == ["A", "B"]


@pytest.mark.parametrize(
    ("steps", "cost", "expected"),
    [
        (
            {10: 1, 20: 0.68, 30: 0.22},
            [0, 10, 10.000001, 20, 29.9, 30, 31],
            [1, 1, 0.68, 0.68, 0.22, 0.22, 0],
        ),
        ({60: 0.042, 10: 0.962}, [10, 11, 60, 61], [0.962, 0.042, 0.042, 0]),
    ],
)
def test_step_weights_match_access_step_fn(steps, cost, expected):
    reference = weights.step_fn(steps)
    assert e.step(steps)(np.array(cost, dtype=float)).tolist() == expected
    assert [reference(c) for c in cost] == expected


def test_gaussian_weights_match_access():
    cost = np.linspace(0, 60, 13)
    assert e.gaussian(20)(cost) == pytest.approx(weights.gaussian(20)(cost), rel=1e-15)


def test_weight_factories_reject_nonsense():
    with pytest.raises(ValueError, match="≥ 0"):
        e.step({10: -1})
    with pytest.raises(ValueError, match="sigma"):
        e.gaussian(0)


# --- PySAL access 1.1.10 as reference ------------------------------------------------------


def _random_inputs(seed: int, asymmetric: bool):
    rng = np.random.default_rng(seed)
    n, m = 300, 50
    population = rng.integers(1, 2000, n).astype(float)
    capacity = rng.choice([0.5, 1.0, 1.5, 2.0, 3.0], m)
    if asymmetric:
        # Minutes that are no distances at all: every pair drawn on its own, some pairs missing.
        demand, supply = np.divmod(np.arange(n * m), m)
        cost = rng.uniform(0, 45, n * m)
        keep = (cost <= 30) & (rng.random(n * m) < 0.8)
        costs = Costs(demand[keep], supply[keep], cost[keep], (n, m), "min")
    else:
        demand_xy = rng.uniform(0, 80_000, (n, 2))
        supply_xy = rng.uniform(0, 80_000, (m, 2))
        costs = e.straight_line_costs(demand_xy, supply_xy, max_cost=30)
    return costs, population, capacity


def _pairs(costs: Costs) -> pd.DataFrame:
    return pd.DataFrame({"origin": costs.demand, "dest": costs.supply, "cost": costs.cost})


def _access(costs: Costs, population, capacity, neighbours: Costs | None = None) -> Access:
    more = {}
    if neighbours is not None:
        more = dict(
            neighbor_cost_df=_pairs(neighbours),
            neighbor_cost_origin="origin",
            neighbor_cost_dest="dest",
            neighbor_cost_name="cost",
        )
    return Access(
        demand_df=pd.DataFrame({"geoid": np.arange(costs.shape[0]), "pop": population}),
        demand_index="geoid",
        demand_value="pop",
        supply_df=pd.DataFrame({"geoid": np.arange(costs.shape[1]), "doc": capacity}),
        supply_index="geoid",
        supply_value="doc",
        cost_df=_pairs(costs),
        cost_origin="origin",
        cost_dest="dest",
        cost_name="cost",
        **more,
    )


def _same_as_access(ours: pd.Series, theirs: pd.Series) -> None:
    theirs = theirs.reindex(range(len(ours))).to_numpy()
    # access leaves demand without any provider in reach out (NaN); here it gets 0.
    reached = ~np.isnan(theirs)
    assert ours.to_numpy()[reached] == pytest.approx(theirs[reached], rel=1e-9, abs=0)
    assert (ours.to_numpy()[~reached] == 0).all()


@pytest.fixture(scope="module", params=["euklidisch", "asymmetrisch"])
def reference_case(request):
    costs, population, capacity = _random_inputs(7, request.param == "asymmetrisch")
    return costs, population, capacity, _access(costs, population, capacity)


def test_two_sfca_matches_access(reference_case):
    costs, population, capacity, access = reference_case
    theirs = access.two_stage_fca(name="t", max_cost=25).iloc[:, 0]
    _same_as_access(e.two_sfca(costs, population, capacity, catchment=25), theirs)


def test_e2sfca_matches_access(reference_case):
    costs, population, capacity, access = reference_case
    theirs = access.enhanced_two_stage_fca(name="e", max_cost=30).iloc[:, 0]
    _same_as_access(e.e2sfca(costs, population, capacity, catchment=30), theirs)


def test_g2sfca_matches_access(reference_case):
    costs, population, capacity, access = reference_case
    theirs = access.two_stage_fca(name="g", max_cost=30, weight_fn=weights.gaussian(12)).iloc[:, 0]
    _same_as_access(e.g2sfca(costs, population, capacity, sigma=12, catchment=30), theirs)


def test_three_sfca_matches_access(reference_case):
    costs, population, capacity, access = reference_case
    theirs = access.three_stage_fca(name="d", max_cost=30).iloc[:, 0]
    _same_as_access(e.three_sfca(costs, population, capacity, catchment=30), theirs)


def test_provider_ratio_matches_access_fca_ratio():
    rng = np.random.default_rng(3)
    demand_xy = rng.uniform(0, 50_000, (200, 2))
    supply_xy = rng.uniform(0, 50_000, (40, 2))
    population = rng.integers(1, 900, 200).astype(float)
    capacity = rng.integers(1, 4, 40).astype(float)
    costs = e.straight_line_costs(demand_xy, supply_xy, max_cost=10)
    neighbours = e.straight_line_costs(demand_xy, demand_xy, max_cost=10)
    access = _access(costs, population, capacity, neighbours)
    theirs = access.fca_ratio(name="r", max_cost=10).iloc[:, 0]
    ours = e.provider_ratio(costs, population, capacity, 10, neighbours=neighbours)
    assert ours.to_numpy() == pytest.approx(theirs.reindex(range(200)).to_numpy(), rel=1e-9)


# --- Invariants ----------------------------------------------------------------------------


@st.composite
def _everything_in_reach(draw):
    n = draw(st.integers(1, 8))
    m = draw(st.integers(1, 6))
    cost = draw(st.lists(st.floats(0, 30), min_size=n * m, max_size=n * m))
    population = draw(st.lists(st.floats(0.5, 1e5), min_size=n, max_size=n))
    capacity = draw(st.lists(st.floats(0, 100), min_size=m, max_size=m))
    demand, supply = np.divmod(np.arange(n * m), m)
    return Costs(demand, supply, np.array(cost), (n, m)), np.array(population), np.array(capacity)


@settings(max_examples=150, deadline=None)
@given(_everything_in_reach())
def test_all_supply_is_handed_out_when_every_pair_is_in_reach(case):
    costs, population, capacity = case
    for access in (
        e.two_sfca(costs, population, capacity),
        e.e2sfca(costs, population, capacity),  # Luo & Qi weights are > 0 up to 30
    ):
        assert float(population @ access.to_numpy()) == pytest.approx(capacity.sum(), rel=1e-9)


def test_kd_tree_costs_equal_brute_force_and_nothing_beyond():
    rng = np.random.default_rng(11)
    demand = rng.uniform(0, 20_000, (400, 2))
    supply = np.vstack([rng.uniform(0, 20_000, (80, 2)), demand[:3], [[3000.0, 4000.0]]])
    demand[0] = 0  # exactly 5 km from the last provider: on the edge, so inside
    for unit, limit in (("km", 5.0), ("min", 9.0)):
        costs = e.straight_line_costs(demand, supply, max_cost=limit, unit=unit)
        distance = np.hypot(*(demand[:, None, :] - supply[None, :, :]).transpose(2, 0, 1)) / 1000
        full = distance if unit == "km" else distance * e.DETOUR / e.SPEED_KMH * 60
        inside = np.argwhere(full <= limit)
        found = np.column_stack([costs.demand, costs.supply])
        order = np.lexsort((found[:, 1], found[:, 0]))
        assert (found[order] == inside).all()
        assert costs.cost[order] == pytest.approx(full[inside[:, 0], inside[:, 1]], rel=1e-12)
    assert 80 + 3 in e.straight_line_costs(demand[:1], supply, max_cost=5).supply


def test_lon_lat_and_utm_input_give_the_same_distances():
    lonlat = np.array([[12.92, 50.83], [12.70, 50.72], [13.05, 50.95], [12.50, 50.60]])
    utm = np.column_stack(
        Transformer.from_crs("EPSG:4326", "EPSG:25833", always_xy=True).transform(*lonlat.T)
    )
    via_lonlat = e.straight_line_costs(e.to_metric(lonlat), e.to_metric(lonlat), max_cost=100)
    # Projected input stays in its own CRS (here UTM 33N); distances agree within the scale
    # distortions of the two projections (< 0.1 % in Saxony) ...
    via_utm = e.straight_line_costs(
        e.to_metric(utm, "EPSG:25833"), e.to_metric(utm, "EPSG:25833"), max_cost=100
    )
    assert via_utm.cost == pytest.approx(via_lonlat.cost, rel=1e-3)
    # ... and are identical when both are projected into the same CRS.
    same = e.straight_line_costs(
        e.to_metric(utm, "EPSG:25833", target="EPSG:3035"),
        e.to_metric(utm, "EPSG:25833", target="EPSG:3035"),
        max_cost=100,
    )
    assert same.cost == pytest.approx(via_lonlat.cost, rel=1e-9, abs=1e-9)


def test_to_metric_names_an_unknown_crs():
    with pytest.raises(ValueError, match="kein bekanntes Koordinatensystem"):
        e.to_metric([[1.0, 2.0]], "EPSG:999999")


# --- Convenience and aggregation -----------------------------------------------------------


def test_accessibility_reports_per_demand_row():
    demand = pd.DataFrame({"einwohner": P}, index=["A", "B"])
    supply = pd.DataFrame({"id": ["X", "Y"], "kapazitaet": S})
    result = e.accessibility(demand, supply, TINY, method="e2sfca", catchment=20)
    assert result.columns.tolist() == [
        "zugang",
        "naechster_anbieter",
        "naechste_kosten",
        "anbieter_in_reichweite",
    ]
    assert result.index.tolist() == ["A", "B"]
    # Catchment 20 removes A–Y (25 min): as the hand case above without that pair.
    assert result["zugang"].tolist() == pytest.approx([1 / 304, 0.68 / 304 + 2 / 300])
    assert result["anbieter_in_reichweite"].tolist() == [1, 2]
    only = e.accessibility(demand, supply, TINY, method="naechster")
    assert "zugang" not in only.columns


def test_accessibility_rejects_weights_for_plain_2sfca():
    demand = pd.DataFrame({"einwohner": P})
    supply = pd.DataFrame({"id": ["X", "Y"], "kapazitaet": S})
    with pytest.raises(ValueError, match="keine Gewichte"):
        e.accessibility(demand, supply, TINY, method="2sfca", weights={10: 1})


def test_aggregate_by_hand():
    demand = pd.DataFrame(
        {"stadtteil": ["Nord", "Nord", "Süd", "Leer"], "einwohner": [100, 300, 200, 0]}
    )
    result = pd.DataFrame(
        {
            "zugang": [0.004, 0.002, 0.0, 0.0],
            "naechste_kosten": [5.0, 12.0, np.nan, 3.0],
            "anbieter_in_reichweite": [3, 1, 0, 2],
        }
    )
    table = e.aggregate(result, demand, "stadtteil", thresholds=[10, 7.5]).set_index("stadtteil")
    # Nord: (100·0.004 + 300·0.002) / 400 = 0.0025; mean cost (500 + 3600) / 400 = 10.25;
    # beyond 10 min: the 300 at 12 min; beyond 7.5 min: also 300.
    assert table.loc["Nord", "zugang"] == pytest.approx(0.0025)
    assert table.loc["Nord", "naechste_kosten"] == pytest.approx(10.25)
    assert table.loc["Nord", "anteil_ueber_10"] == pytest.approx(0.75)
    assert table.loc["Nord", "anteil_ueber_7_5"] == pytest.approx(0.75)
    # Süd: nobody has a provider in reach: all 200 beyond every threshold.
    assert table.loc["Süd", "einwohner_ohne_anbieter"] == 200
    assert table.loc["Süd", "anteil_ueber_10"] == 1.0
    assert np.isnan(table.loc["Süd", "naechste_kosten"])
    # Leer: no inhabitants, so no mean and no share.
    assert np.isnan(table.loc["Leer", "zugang"]) and np.isnan(table.loc["Leer", "anteil_ueber_10"])


# --- Demand points -------------------------------------------------------------------------


def test_demand_from_grid_clips_the_real_grid_to_chemnitz(data_dir):
    stadtteile = gpd.read_file(data_dir / "boundaries" / "chemnitz_stadtteile.geojson")
    demand = e.demand_from_grid(data_dir / datadir.GRID_1KM, stadtteile, area_id="STADTTS")
    assert demand["gebiet"].nunique() >= 35
    assert demand["id"].is_unique
    # About 240,000 people live in Chemnitz; cells are counted whole at the city border.
    assert 200_000 < demand["einwohner"].sum() < 280_000


def test_demand_from_area_totals_keeps_each_total():
    areas = gpd.GeoDataFrame(
        {"id": ["a", "b", "c"], "neu": [1000.0, 10.0, 7.0]},
        geometry=[box(0, 0, 2000, 1000), box(5000, 0, 6000, 1000), box(8000, 0, 9000, 1000)],
        crs="EPSG:3035",
    )
    grid = pd.DataFrame(
        {"x_mp_1km": [500, 1500, 5500], "y_mp_1km": [500, 500, 500], "Einwohner": [30, 10, 0]}
    )
    demand = e.demand_from_area_totals(areas, "neu", grid)
    assert demand.groupby("gebiet")["einwohner"].sum().to_dict() == {"a": 1000, "b": 10, "c": 7}
    assert demand.loc[demand["gebiet"] == "a", "einwohner"].tolist() == [750, 250]
    # Area c has no cell at all: its people sit at its centroid.
    assert demand.loc[demand["gebiet"] == "c", ["x", "y"]].iloc[0].tolist() == [8500, 500]


def test_demand_from_centroids_projects_to_laea():
    areas = gpd.GeoDataFrame(
        {"id": ["z"], "ew": [5]}, geometry=[box(12.9, 50.8, 12.95, 50.85)], crs="EPSG:4326"
    )
    demand = e.demand_from_centroids(areas, "ew")
    assert demand[["x", "y"]].iloc[0].tolist() == pytest.approx(
        e.to_metric([[12.925, 50.825]])[0], abs=50
    )


# --- Command line --------------------------------------------------------------------------

NACHFRAGE = "id;einwohner;lon;lat\nA;100;12,920;50,830\nB;300;12,940;50,840\nC;50;13,500;51,200\n"
ANGEBOT = "id;kapazitaet;lon;lat\nX;1;12,921;50,831\nY;2;12,945;50,838\n"


def _run(write, tmp_path, *extra, nachfrage=NACHFRAGE, angebot=ANGEBOT, out="ergebnis.csv"):
    args = [
        "erreichbarkeit",
        "--nachfrage",
        str(write("nachfrage.csv", nachfrage)),
        "--angebot",
        str(write("angebot.csv", angebot)),
        "--out",
        str(tmp_path / out),
        *extra,
    ]
    return main(args)


def test_cli_writes_access_and_nearest_provider_per_demand_id(write, tmp_path, capsys):
    code = _run(
        write, tmp_path, "--methode", "e2sfca", "--einzugsbereich", "30", "--einheit", "min"
    )
    assert code == 0
    table = pd.read_csv(tmp_path / "ergebnis.csv")
    assert table.columns.tolist() == [
        "id",
        "zugang",
        "naechster_anbieter",
        "naechste_kosten",
        "anbieter_in_reichweite",
    ]
    assert table["naechster_anbieter"].tolist()[:2] == ["X", "Y"]
    assert table["zugang"].iloc[2] == 0 and table["anbieter_in_reichweite"].iloc[2] == 0
    # Everyone in reach of both practices gets them all: Σ P·A = Σ S over A and B.
    assert float(table["zugang"].iloc[0] * 100 + table["zugang"].iloc[1] * 300) == pytest.approx(3)
    out = capsys.readouterr().out
    assert "Umwegfaktor" in out and "1 von 3 Nachfragepunkten" in out


def test_cli_reads_x_y_with_crs_and_writes_geojson(write, tmp_path):
    to_utm = Transformer.from_crs("EPSG:4326", "EPSG:25833", always_xy=True)
    x, y = to_utm.transform(12.92, 50.83)
    nachfrage = f"id;einwohner;x;y\nA;100;{x:.1f};{y:.1f}\n"
    code = _run(
        write,
        tmp_path,
        "--methode",
        "naechster",
        "--einzugsbereich",
        "5",
        "--einheit",
        "km",
        "--crs",
        "EPSG:25833",
        nachfrage=nachfrage,
        out="ergebnis.geojson",
    )
    assert code == 0
    frame = gpd.read_file(tmp_path / "ergebnis.geojson")
    assert frame["naechster_anbieter"].tolist() == ["X"]
    assert frame["naechste_kosten"].iloc[0] == pytest.approx(0.132, abs=0.01)
    assert frame.geometry.x.iloc[0] == pytest.approx(12.92, abs=1e-6)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--kosten", "osrm"], "--osm DATEI"),
        (["--gewichte", "10-1,20:0.5"], "'10-1' ist kein Paar GRENZE:GEWICHT"),
        (["--gewichte", "20:1,10:0.5"], "Grenzen müssen größer als 0 sein und aufsteigen"),
        (["--gewichte", "10:0.5,20:1"], "dürfen mit der Entfernung nicht steigen"),
        (["--einzugsbereich", "0"], "größer als 0"),
    ],
)
def test_cli_explains_bad_options_and_exits_2(write, tmp_path, capsys, extra, message):
    options = ["--methode", "e2sfca", "--einzugsbereich", "30", *extra]
    assert _run(write, tmp_path, *options) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "ergebnis.csv").exists()


def test_cli_names_file_row_and_column_of_bad_input(write, tmp_path, capsys):
    nachfrage = "id;einwohner;lon;lat\nA;100;12,9;50,8\nB;viele;12,9;50,8\n"
    options = ["--methode", "2sfca", "--einzugsbereich", "30"]
    assert _run(write, tmp_path, *options, nachfrage=nachfrage) == 2
    err = capsys.readouterr().err
    assert "nachfrage.csv, Zeile 3, Spalte einwohner: 'viele' ist keine Zahl" in err


def test_cli_names_rows_without_a_place_and_x_y_without_crs(write, tmp_path, capsys):
    nachfrage = "id;einwohner;x;y;lon;lat\nA;100;;;12,9;50,8\nC;5;1;2;;\nD;5;;;;\n"
    options = ["--methode", "2sfca", "--einzugsbereich", "30"]
    assert _run(write, tmp_path, *options, nachfrage=nachfrage) == 2
    err = capsys.readouterr().err
    assert "nachfrage.csv, Zeile 4, Spalte lon/lat: Lage fehlt" in err
    assert "nachfrage.csv, Spalte x/y: Koordinaten in Metern brauchen" in err
