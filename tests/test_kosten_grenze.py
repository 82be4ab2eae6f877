"""A cost exactly on a limit is inside, for every input form: grids with ties.

On a 1 km grid many pairs lie exactly 10 km apart ((10, 0), (6, 8), (8, 6) km). Coordinates in
a projected CRS must reach the distance computation unchanged, and lon/lat input must not lose
those pairs to floating-point noise. References: integer arithmetic (dx² + dy² ≤ r²), PySAL
access and PySAL spopt on the exact cost matrix.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from access import Access
from pyproj import Transformer

from gesundheitsregion import erreichbarkeit as e
from gesundheitsregion import io
from gesundheitsregion.cli import main
from gesundheitsregion.kosten import LIMIT_RTOL, Costs, within_limit
from gesundheitsregion.standorte import coverage_matrix, solve_mclp

RADIUS_KM = 10
# A 1 km grid in EPSG:3035 over 25 × 25 km, candidates every 3 km: integer kilometres, so every
# squared distance is an exact integer and ties at 10 km are exact.
ORIGIN = np.array([4_530_000.0, 3_080_000.0])
_I, _J = np.meshgrid(np.arange(25), np.arange(25), indexing="ij")
DEMAND_KM = np.column_stack([_I.ravel(), _J.ravel()])
SUPPLY_KM = DEMAND_KM[(DEMAND_KM[:, 0] % 3 == 1) & (DEMAND_KM[:, 1] % 3 == 1)]
DEMAND_XY = ORIGIN + 1000.0 * DEMAND_KM
SUPPLY_XY = ORIGIN + 1000.0 * SUPPLY_KM
POPULATION = (np.arange(len(DEMAND_KM)) * 37 % 101 + 1).astype(float)
CAPACITY = (np.arange(len(SUPPLY_KM)) % 3 + 1).astype(float)


def _exact_pairs(limit_km: int = RADIUS_KM) -> set[tuple[int, int]]:
    """All (demand, supply) pairs with dx² + dy² ≤ limit², in integers."""
    d2 = ((DEMAND_KM[:, None, :] - SUPPLY_KM[None, :, :]) ** 2).sum(axis=2)
    i, j = np.nonzero(d2 <= limit_km**2)
    return set(zip(i.tolist(), j.tolist(), strict=True))


def _exact_costs() -> pd.DataFrame:
    """Every pair with its exact distance in km (square roots of integers)."""
    d2 = ((DEMAND_KM[:, None, :] - SUPPLY_KM[None, :, :]) ** 2).sum(axis=2)
    i, j = np.divmod(np.arange(d2.size), d2.shape[1])
    return pd.DataFrame({"origin": i, "dest": j, "cost": np.sqrt(d2.ravel().astype(float))})


def _pairs(costs: Costs) -> set[tuple[int, int]]:
    return set(zip(costs.demand.tolist(), costs.supply.tolist(), strict=True))


def _as_input(xy: np.ndarray, form: str) -> tuple[pd.DataFrame, str | None]:
    """The grid (given in EPSG:3035) as a table in one of the input forms a user can give.

    EPSG:25833: the same kilometre grid laid out in UTM metres (moved, not reprojected, so its
    distances stay the exact integers); lon/lat: the EPSG:3035 grid converted to degrees.
    """
    if form == "EPSG:3035":
        return pd.DataFrame({"x": xy[:, 0], "y": xy[:, 1]}), form
    if form == "EPSG:25833":
        moved = xy - ORIGIN + [330_000.0, 5_630_000.0]
        return pd.DataFrame({"x": moved[:, 0], "y": moved[:, 1]}), form
    lon, lat = Transformer.from_crs("EPSG:3035", "EPSG:4326", always_xy=True).transform(*xy.T)
    return pd.DataFrame({"lon": lon, "lat": lat}), None


def _costs_via_io(form: str) -> Costs:
    metric = []
    for xy in (DEMAND_XY, SUPPLY_XY):
        table, crs = _as_input(xy, form)
        lonlat, problems = io.points_lonlat(table, crs, required=True)
        assert problems == []
        metric.append(io.points_xy(table, lonlat, crs))
    return e.straight_line_costs(*metric, max_cost=RADIUS_KM)


def test_the_grid_has_many_pairs_exactly_on_the_radius():
    costs = _exact_costs()
    assert (costs["cost"] == RADIUS_KM).sum() > 200


def test_projected_input_keeps_its_coordinates_exactly():
    table, crs = _as_input(DEMAND_XY, "EPSG:3035")
    lonlat, _ = io.points_lonlat(table, crs)
    assert np.array_equal(io.points_xy(table, lonlat, crs), DEMAND_XY)


@pytest.mark.parametrize("form", ["EPSG:3035", "EPSG:25833", "lon/lat"])
def test_every_input_form_keeps_the_pairs_exactly_on_the_radius(form):
    assert _pairs(_costs_via_io(form)) == _exact_pairs()


def test_a_cost_a_hair_beyond_the_limit_stays_outside():
    """The tolerance lets in rounding noise, not a centimetre."""
    assert within_limit(np.array([10.0 * (1 + LIMIT_RTOL)]), 10).all()
    costs = e.straight_line_costs([[0.0, 0.0]], [[10_000.01, 0.0]], max_cost=10)
    assert len(costs) == 0


def _access_reference() -> Access:
    return Access(
        demand_df=pd.DataFrame({"geoid": np.arange(len(DEMAND_KM)), "pop": POPULATION}),
        demand_index="geoid",
        demand_value="pop",
        supply_df=pd.DataFrame({"geoid": np.arange(len(SUPPLY_KM)), "doc": CAPACITY}),
        supply_index="geoid",
        supply_value="doc",
        cost_df=_exact_costs(),
        cost_origin="origin",
        cost_dest="dest",
        cost_name="cost",
    )


@pytest.fixture(scope="module")
def access_values() -> dict[str, np.ndarray]:
    reference = _access_reference()
    steps = {5: 1.0, 10: 0.5}
    from access import weights

    two = reference.two_stage_fca(name="t", max_cost=RADIUS_KM).iloc[:, 0]
    enhanced = reference.enhanced_two_stage_fca(
        name="e", max_cost=RADIUS_KM, weight_fn=weights.step_fn(steps)
    ).iloc[:, 0]
    return {
        "2sfca": two.reindex(range(len(DEMAND_KM))).to_numpy(),
        "e2sfca": enhanced.reindex(range(len(DEMAND_KM))).to_numpy(),
    }


@pytest.mark.parametrize("form", ["EPSG:3035", "EPSG:25833", "lon/lat"])
def test_access_on_a_grid_with_ties_equals_pysal_access(form, access_values):
    costs = _costs_via_io(form)
    two = e.two_sfca(costs, POPULATION, CAPACITY, catchment=RADIUS_KM)
    enhanced = e.e2sfca(costs, POPULATION, CAPACITY, weight=e.step({5: 1, 10: 0.5}))
    # Every grid cell reaches a candidate within 10 km, so access has no NaN here.
    assert two.to_numpy() == pytest.approx(access_values["2sfca"], rel=1e-12)
    assert enhanced.to_numpy() == pytest.approx(access_values["e2sfca"], rel=1e-12)
    counts = e.providers_within(costs, RADIUS_KM)
    expected = np.bincount([i for i, _ in _exact_pairs()], minlength=len(DEMAND_KM))
    assert counts.tolist() == expected.tolist()


def _spopt_objective(weights: np.ndarray, k: int) -> float:
    import pulp
    from spopt.locate import MCLP

    exact = _exact_costs()
    dense = exact["cost"].to_numpy().reshape(len(DEMAND_KM), len(SUPPLY_KM))
    model = MCLP.from_cost_matrix(dense, weights, service_radius=RADIUS_KM, p_facilities=k)
    model.solve(pulp.PULP_CBC_CMD(msg=False))
    return float(pulp.value(model.problem.objective))


@pytest.mark.parametrize("form", ["EPSG:3035", "lon/lat"])
def test_siting_optimum_on_a_grid_with_ties_equals_spopt(form):
    # A population rising to one corner, so that where the radius ends matters.
    weights = (1 + DEMAND_KM[:, 0] * 3 + DEMAND_KM[:, 1] ** 2).astype(float)
    ours = solve_mclp(weights, coverage_matrix(_costs_via_io(form), RADIUS_KM), 2, mip_gap=0)
    assert ours.status == "optimal"
    assert ours.objective == pytest.approx(_spopt_objective(weights, 2), rel=1e-12)


# --- Command line --------------------------------------------------------------------------


def _write_grid(tmp_path) -> tuple[str, str]:
    demand = pd.DataFrame(
        {
            "id": [f"N{k}" for k in range(len(DEMAND_XY))],
            "einwohner": POPULATION,
            "x": DEMAND_XY[:, 0],
            "y": DEMAND_XY[:, 1],
        }
    )
    supply = pd.DataFrame(
        {
            "id": [f"A{k}" for k in range(len(SUPPLY_XY))],
            "kapazitaet": CAPACITY,
            "x": SUPPLY_XY[:, 0],
            "y": SUPPLY_XY[:, 1],
        }
    )
    demand.to_csv(tmp_path / "nachfrage.csv", index=False)
    supply.to_csv(tmp_path / "angebot.csv", index=False)
    return str(tmp_path / "nachfrage.csv"), str(tmp_path / "angebot.csv")


def test_cli_access_with_crs_3035_on_a_grid_with_ties_equals_pysal_access(tmp_path, access_values):
    nachfrage, angebot = _write_grid(tmp_path)
    out = tmp_path / "zugang.csv"
    args = ["erreichbarkeit", "--nachfrage", nachfrage, "--angebot", angebot, "--crs", "EPSG:3035"]
    options = ["--methode", "2sfca", "--einzugsbereich", "10", "--einheit", "km"]
    assert main([*args, *options, "--out", str(out)]) == 0
    table = pd.read_csv(out)
    assert table["zugang"].to_numpy() == pytest.approx(access_values["2sfca"], rel=1e-9)
    expected = np.bincount([i for i, _ in _exact_pairs()], minlength=len(DEMAND_KM))
    assert table["anbieter_in_reichweite"].tolist() == expected.tolist()


def test_cli_sites_with_crs_3035_on_a_grid_with_ties_reach_spopts_optimum(tmp_path):
    nachfrage, kandidaten = _write_grid(tmp_path)
    pd.read_csv(kandidaten).drop(columns="kapazitaet").to_csv(kandidaten, index=False)
    weights = (1 + DEMAND_KM[:, 0] * 3 + DEMAND_KM[:, 1] ** 2).astype(float)
    demand = pd.read_csv(nachfrage).assign(einwohner=weights)
    demand.to_csv(nachfrage, index=False)
    out = tmp_path / "standorte.csv"
    args = ["standorte", "--nachfrage", nachfrage, "--kandidaten", kandidaten]
    options = ["--crs", "EPSG:3035", "--anzahl", "2", "--radius", "10", "--einheit", "km"]
    assert main([*args, *options, "--verfahren", "exakt", "--out", str(out)]) == 0
    table = pd.read_csv(out)
    covered = table["neu_versorgte_einwohner"].sum()
    assert covered == pytest.approx(_spopt_objective(weights, 2), rel=1e-12)


def test_a_table_mixing_lon_lat_and_x_y_ends_up_in_the_crs_of_the_x_y():
    # Row 0 given in EPSG:25833, row 1 as lon/lat of the same place: both end up in UTM metres,
    # row 0 unchanged, row 1 within a millimetre of it.
    x, y = 355_000.0, 5_633_000.0
    lon, lat = Transformer.from_crs("EPSG:25833", "EPSG:4326", always_xy=True).transform(x, y)
    table = pd.DataFrame(
        {"x": [x, np.nan], "y": [y, np.nan], "lon": [np.nan, lon], "lat": [np.nan, lat]}
    )
    lonlat, problems = io.points_lonlat(table, "EPSG:25833", required=True)
    assert problems == []
    xy = io.points_xy(table, lonlat, "EPSG:25833")
    assert xy[0].tolist() == [x, y]
    assert xy[1] == pytest.approx([x, y], abs=1e-3)
