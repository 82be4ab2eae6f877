"""Standortwahl: the MCLP by hand, by enumeration and against PySAL spopt; the CLI."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from gesundheitsregion.cli import main
from gesundheitsregion.erreichbarkeit import straight_line_costs
from gesundheitsregion.kosten import Costs
from gesundheitsregion.standorte import (
    coverage_matrix,
    deficit_weights,
    recommend_sites,
    solve_mclp,
)

# A hand-made instance where greedy alone goes wrong. Demand weights 4, 5, 5, 3 and a fifth
# point of 100 that no candidate reaches. S1 covers points 0 and 1 (9), S2 points 2 and 3 (8),
# S3 the middle points 1 and 2 (10).
HAND_WEIGHTS = [4, 5, 5, 3, 100]
HAND_COVER = sp.csr_matrix(
    [
        [1, 0, 0],
        [1, 0, 1],
        [0, 1, 1],
        [0, 1, 0],
        [0, 0, 0],
    ]
)


def test_one_site_takes_the_largest_set():
    # k = 1: S3 alone covers 5 + 5 = 10, more than S1 (9) or S2 (8).
    result = solve_mclp(HAND_WEIGHTS, HAND_COVER, 1, method="exact")
    assert result.sites.tolist() == [2]
    assert result.objective == 10
    assert result.gap == 0


def test_two_sites_beat_the_greedy_choice():
    # k = 2: greedy takes S3 (10), then S1 or S2 add only 4 or 3: 14 at most. S1 and S2
    # together cover all four reachable points: 4 + 5 + 5 + 3 = 17, the optimum. In order of
    # marginal gain S1 (9) comes before S2 (8). The unreachable 100 never counts.
    for method in ("exact", "heuristic"):
        result = solve_mclp(HAND_WEIGHTS, HAND_COVER, 2, method=method)
        assert result.sites.tolist() == [0, 1]
        assert result.gains.tolist() == [9, 8]
        assert result.cumulative.tolist() == [9, 17]
        assert result.objective == 17
        assert result.bound == 17
        assert result.total_weight == 117
        assert result.covered.tolist() == [True, True, True, True, False]


def test_more_sites_than_needed_stop_when_everything_reachable_is_covered():
    # All three candidates: S1 and S2 already reach everything, S3 would add nothing.
    result = solve_mclp(HAND_WEIGHTS, HAND_COVER, 3)
    assert result.sites.tolist() == [0, 1]
    assert result.objective == 17
    assert result.status == "optimal"


def test_identical_rows_and_duplicated_pairs_do_not_change_the_answer():
    # Point 0 repeated three times with weight 4/3 each is the same as point 0 once; so is a
    # coverage matrix with a pair listed twice.
    weights = [4 / 3, 4 / 3, 4 / 3, 5, 5, 3]
    cover = sp.csr_matrix([[1, 0, 0], [1, 0, 0], [1, 0, 0], [1, 0, 1], [0, 1, 1], [0, 1, 0]])
    result = solve_mclp(weights, cover, 2, method="exact", mip_gap=0)
    assert result.sites.tolist() == [0, 1]
    assert result.objective == pytest.approx(17)


def test_coverage_matrix_keeps_zero_costs_and_counts_a_pair_once():
    costs = Costs(
        np.array([0, 0, 1, 1]),
        np.array([0, 0, 1, 0]),
        np.array([0.0, 0.0, 3.0, 9.0]),
        (2, 2),
        "km",
    )
    assert coverage_matrix(costs, 5).toarray().tolist() == [[1, 0], [0, 1]]
    with pytest.raises(ValueError, match="Radius"):
        coverage_matrix(costs, -1)


def _brute_force(weights, cover, k) -> float:
    dense = cover.toarray().astype(bool)
    subsets = np.array(list(itertools.combinations(range(dense.shape[1]), k)))
    covered = dense[:, subsets].any(axis=2)
    return float((np.asarray(weights) @ covered).max())


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    m=st.integers(1, 25),
    n=st.integers(1, 8),
    density=st.floats(0.05, 0.6),
    data=st.data(),
)
def test_exact_matches_enumeration_and_bounds_hold(seed, m, n, density, data):
    rng = np.random.default_rng(seed)
    cover = sp.csr_matrix(rng.random((m, n)) < density)
    weights = rng.integers(0, 50, m).astype(float)
    k = data.draw(st.integers(1, n))
    best = _brute_force(weights, cover, k)
    exact = solve_mclp(weights, cover, k, method="exact", mip_gap=0)
    heuristic = solve_mclp(weights, cover, k, method="heuristic")
    assert exact.objective == pytest.approx(best)
    assert heuristic.objective <= exact.objective + 1e-9
    assert heuristic.bound >= best - 1e-9
    for result in (exact, heuristic):
        assert len(result.sites) <= k
        assert result.objective <= result.bound
        assert result.objective == pytest.approx(weights[result.covered].sum())
        expected_gap = (result.bound - result.objective) / result.bound if result.bound else 0
        assert result.gap == pytest.approx(expected_gap)


# --- against PySAL spopt ----------------------------------------------------------------------


def _random_instance(seed: int, m: int = 300, n: int = 50, radius: float = 6.0):
    """Demand and candidates spread over 40 × 40 km, integer or fractional weights."""
    rng = np.random.default_rng(seed)
    demand = rng.uniform(0, 40_000, (m, 2))
    sites = rng.uniform(0, 40_000, (n, 2))
    weights = rng.integers(1, 2000, m).astype(float)
    if seed % 2:
        weights = weights * rng.uniform(0.5, 1.5, m)
    return weights, straight_line_costs(demand, sites, max_cost=radius), radius


def _spopt_objective(weights, costs: Costs, radius: float, k: int) -> float:
    import pulp

    if not hasattr(pulp, "PULP_CBC_CMD"):
        pytest.fail(
            "spopt 0.7 braucht pulp < 3 (mit CBC); installiert ist pulp "
            f"{pulp.__version__}: bitte in den dev-Abhängigkeiten 'pulp>=2.8,<3' festlegen"
        )
    from spopt.locate import MCLP

    dense = np.full(costs.shape, np.inf)
    dense[costs.demand, costs.supply] = costs.cost
    model = MCLP.from_cost_matrix(dense, weights, service_radius=radius, p_facilities=k)
    model.solve(pulp.PULP_CBC_CMD(msg=False))
    return float(pulp.value(model.problem.objective))


@pytest.mark.parametrize(("seed", "k"), [(0, 3), (1, 5), (2, 10), (3, 20), (4, 8), (5, 1)])
def test_exact_objective_equals_spopt(seed, k):
    weights, costs, radius = _random_instance(seed)
    ours = solve_mclp(weights, coverage_matrix(costs, radius), k, method="exact", mip_gap=0)
    reference = _spopt_objective(weights, costs, radius, k)
    assert ours.objective == pytest.approx(reference, rel=1e-6)
    assert ours.status == "optimal"


@pytest.mark.parametrize("seed", [6, 7, 8])
def test_heuristic_stays_below_the_optimum_and_within_its_bound(seed):
    weights, costs, radius = _random_instance(seed, m=400, n=60)
    cover = coverage_matrix(costs, radius)
    exact = solve_mclp(weights, cover, 12, method="exact", mip_gap=0)
    for lp_bound in (True, False):
        heuristic = solve_mclp(weights, cover, 12, method="heuristic", lp_bound=lp_bound)
        assert heuristic.objective <= exact.objective + 1e-6
        assert exact.objective <= heuristic.bound + 1e-6
        assert heuristic.bound_kind in ({"lp"} if lp_bound else {"lagrange", "submodular"})
        assert heuristic.method == "heuristic"


def test_a_tiny_time_limit_still_returns_a_solution_and_a_valid_bound():
    weights, costs, radius = _random_instance(9, m=400, n=60)
    result = solve_mclp(weights, coverage_matrix(costs, radius), 15, time_limit=1e-6)
    assert len(result.sites) == 15
    assert 0 < result.objective <= result.bound
    assert result.status in ("optimal", "Zeitlimit erreicht")


@pytest.mark.parametrize(
    ("k", "message"),
    [(4, "nur 3 Kandidaten"), (0, "ganze Zahl ≥ 1"), (1.5, "ganze Zahl ≥ 1")],
)
def test_impossible_numbers_of_sites_are_refused_in_german(k, message):
    with pytest.raises(ValueError, match=message):
        solve_mclp(HAND_WEIGHTS, HAND_COVER, k)


def test_weights_that_do_not_fit_are_refused():
    with pytest.raises(ValueError, match="zusammenpassen"):
        solve_mclp([1, 2], HAND_COVER, 1)
    with pytest.raises(ValueError, match="≥ 0"):
        solve_mclp([1, 2, -3, 4, 5], HAND_COVER, 1)


def test_nothing_in_reach_gives_an_empty_but_proven_answer():
    result = solve_mclp([5, 7], sp.csr_matrix((2, 3)), 2)
    assert result.sites.tolist() == []
    assert result.objective == result.bound == 0
    assert result.status == "optimal"


# --- recommend_sites --------------------------------------------------------------------------


def _line(*km: float) -> list[list[float]]:
    return [[1000.0 * x, 0.0] for x in km]


def _recommend(demand, sites_km, existing_km, k, radius=5.0, **options):
    demand_at = _line(*demand.pop("km"))
    demand = pd.DataFrame(demand)
    candidates = pd.DataFrame({"id": [f"k{i}" for i in range(len(sites_km))]})
    existing = pd.DataFrame({"id": [f"p{i}" for i in range(len(existing_km))]})
    return recommend_sites(
        demand,
        candidates,
        existing,
        straight_line_costs(demand_at, _line(*sites_km), max_cost=radius),
        straight_line_costs(demand_at, _line(*existing_km), max_cost=radius),
        k,
        radius,
        **options,
    )


def test_existing_practices_take_their_population_out_of_the_objective():
    # A town of 1,000 at 0 km and a village of 400 at 20 km, a candidate at each. Without a
    # practice the town's candidate wins; with one in the town only the village is left.
    demand = {"id": ["stadt", "dorf"], "einwohner": [1000, 400], "km": [0, 20]}
    alone = _recommend(dict(demand), [0, 20], [], 1)
    served = _recommend(dict(demand), [0, 20], [1], 1)
    assert alone["kandidat"].tolist() == ["k0"]
    assert served["kandidat"].tolist() == ["k1"]
    assert served["neu_versorgte_einwohner"].tolist() == [400]
    assert served["anteil_neu_versorgt"].tolist() == [1.0]
    assert served.attrs["bisher_versorgt"] == 1000
    assert served.attrs["zielfunktion"] == 400


def test_worst_served_objective_prefers_the_deficit_area():
    # The town (3 × 1,000) has access 0.5 against a threshold of 0.6: deficit 1/6, weight 500.
    # The village (2 × 400) has no access at all: deficit 1, weight 800. Coverage picks the
    # town; the worst-served objective the village.
    demand = {
        "id": ["s1", "s2", "s3", "d1", "d2"],
        "einwohner": [1000, 1000, 1000, 400, 400],
        "zugang": [0.5, 0.5, 0.5, 0.0, 0.0],
        "km": [0, 1, 2, 30, 31],
    }
    coverage = _recommend(dict(demand), [1, 30.5], [], 1)
    worst = _recommend(dict(demand), [1, 30.5], [], 1, objective="worst_served", threshold=0.6)
    assert coverage["kandidat"].tolist() == ["k0"]
    assert worst["kandidat"].tolist() == ["k1"]
    assert worst["zielbeitrag"].tolist() == pytest.approx([800])
    assert worst["neu_versorgte_einwohner"].tolist() == [800]
    assert worst.attrs["ziel"] == "worst_served"


def test_deficit_weights_follow_the_documented_formula():
    population = np.array([100.0, 100.0, 100.0, 100.0])
    index = deficit_weights(population, np.array([0.0, 15.0, 30.0, np.nan]), 30.0)
    times = deficit_weights(
        population, np.array([10.0, 45.0, 90.0, np.nan]), 30.0, access_is_time=True
    )
    assert index.tolist() == [100.0, 50.0, 0.0, 100.0]
    assert times.tolist() == [0.0, 50.0, 200.0, 100.0]


@pytest.mark.parametrize(
    ("demand", "sites", "existing", "message"),
    [
        ({"id": [], "einwohner": [], "km": []}, [0], [], "leer"),
        ({"id": ["a"], "einwohner": [10], "km": [0]}, [], [], "keine Kandidaten"),
        ({"id": ["a"], "einwohner": [10], "km": [0]}, [0], [0], "schon im Radius"),
        ({"id": ["a"], "einwohner": [10], "km": [0]}, [50], [], "Keiner der 1 Kandidaten"),
        ({"id": ["a"], "einwohner": [10], "km": [0]}, [0, 1], [], "nur 2 Kandidaten"),
    ],
)
def test_inputs_without_an_answer_get_clear_messages(demand, sites, existing, message):
    with pytest.raises(ValueError, match=message):
        _recommend(demand, sites, existing, 3 if "nur 2" in message else 1)


def test_worst_served_needs_access_and_a_threshold():
    demand = {"id": ["a"], "einwohner": [10], "km": [0]}
    with pytest.raises(ValueError, match="Schwelle"):
        _recommend(dict(demand), [0], [], 1, objective="worst_served")
    with pytest.raises(ValueError, match="zugang"):
        _recommend(dict(demand), [0], [], 1, objective="worst_served", threshold=1.0)


# --- command line -----------------------------------------------------------------------------

# Around Chemnitz: 0.1° of latitude is 11 km, 0.15° of longitude at 50.8° N is 10.6 km.
_DEMAND = (
    "id;einwohner;lon;lat;zugang\nA;1000;12,90;50,80;2\nB;500;12,90;50,90;0\n"
    "C;300;13,05;50,80;0,5\n"
)
_CANDIDATES = "id;name;lon;lat\nkA;Markt;12,90;50,80\nkB;Nord;12,90;50,90\nkC;Ost;13,05;50,80\n"
_EXISTING = "id;lon;lat\npraxis;12,90;50,80\n"


@pytest.fixture
def files(write):
    return {
        "nachfrage": write("nachfrage.csv", _DEMAND),
        "kandidaten": write("kandidaten.csv", _CANDIDATES),
        "bestand": write("bestand.csv", _EXISTING),
    }


def _run(files, tmp_path, *extra: str, out: str = "standorte.csv") -> int:
    return main(
        [
            "standorte",
            "--nachfrage",
            str(files["nachfrage"]),
            "--kandidaten",
            str(files["kandidaten"]),
            "--bestand",
            str(files["bestand"]),
            "--out",
            str(tmp_path / out),
            *extra,
        ]
    )


def test_cli_writes_the_sites_in_order_with_the_summary(files, tmp_path, capfd):
    # A is served by the practice in A; B (500) then C (300) are the new sites' gain.
    assert _run(files, tmp_path, "--anzahl", "2", "--radius", "5") == 0
    table = pd.read_csv(tmp_path / "standorte.csv")
    assert table["kandidat"].tolist() == ["kB", "kC"]
    assert table["name"].tolist() == ["Nord", "Ost"]
    assert table["neu_versorgte_einwohner"].tolist() == [500, 300]
    assert table["kumuliert"].tolist() == [500, 800]
    assert table["anteil_neu_versorgt"].tolist() == [0.625, 1.0]
    assert table["verfahren"].tolist() == ["exakt", "exakt"]
    assert table["luecke"].tolist() == [0, 0]
    output = capfd.readouterr().out  # file descriptor level: HiGHS prints from C++
    assert "1. kB Nord: +500 Einwohner" in output
    assert "Zielwert: 800 neu versorgte Einwohner" in output
    assert "Running HiGHS" not in output


def test_cli_worst_served_uses_the_access_column(files, tmp_path):
    # Threshold 1: A is above it, B has deficit 1 (500), C deficit 0.5 (150).
    code = _run(
        files,
        tmp_path,
        "--anzahl",
        "1",
        "--radius",
        "5",
        "--ziel",
        "unterversorgte",
        "--schwelle",
        "1",
        "--verfahren",
        "heuristik",
        out="u.geojson",
    )
    assert code == 0
    import geopandas as gpd

    table = gpd.read_file(tmp_path / "u.geojson")
    assert table["kandidat"].tolist() == ["kB"]
    assert table["zielbeitrag"].tolist() == [500]
    assert table["verfahren"].tolist() == ["heuristik"]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (("--anzahl", "4", "--radius", "5"), "nur 3 Kandidaten"),
        (("--anzahl", "1", "--radius", "0"), "--radius muss"),
        (("--anzahl", "1", "--radius", "5", "--ziel", "unterversorgte"), "--schwelle"),
        (("--anzahl", "0", "--radius", "5"), "--anzahl muss"),
    ],
)
def test_cli_refuses_bad_parameters(files, tmp_path, capsys, extra, message):
    assert _run(files, tmp_path, *extra) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "standorte.csv").exists()


def test_cli_reports_file_problems_with_row_and_column(files, tmp_path, write, capsys):
    files["nachfrage"] = write("nachfrage.csv", "id;einwohner;lon;lat\nA;viele;12,9;50,8\n")
    files["bestand"] = write("bestand.csv", "id;x;y\np;1;2\n")
    assert _run(files, tmp_path, "--anzahl", "1", "--radius", "5") == 2
    error = capsys.readouterr().err
    assert "nachfrage.csv, Zeile 2, Spalte einwohner" in error
    assert "bestand.csv, Spalte x/y" in error and "--crs" in error
    assert not (tmp_path / "standorte.csv").exists()


def test_cli_worst_served_needs_the_access_column(files, tmp_path, write, capsys):
    files["nachfrage"] = write("nachfrage.csv", "id;einwohner;lon;lat\nA;10;12,9;50,8\n")
    options = ("--anzahl", "1", "--radius", "5", "--ziel", "unterversorgte", "--schwelle", "1")
    assert _run(files, tmp_path, *options) == 2
    assert "nachfrage.csv, Spalte zugang" in capsys.readouterr().err
