"""Accessibility (Erreichbarkeit) of providers: nearest provider and floating catchment measures.

The pipeline is three steps, each a pure function:

1. Demand points: :func:`demand_from_grid` (Zensus 1 km grid), :func:`demand_from_centroids`
   or :func:`demand_from_area_totals`; supply points from the doctors' or sites' table.
2. Costs of the pairs in reach, a sparse :class:`~gesundheitsregion.kosten.Costs`:
   :func:`straight_line_costs` (KD-tree, Luftlinie × Umwegfaktor) or
   :func:`gesundheitsregion.routing.osrm_costs` (road network).
3. Measures on the costs: :func:`nearest`, :func:`providers_within`, :func:`provider_ratio`,
   :func:`two_sfca`, :func:`e2sfca`, :func:`g2sfca`, :func:`three_sfca`; or all at once with
   :func:`accessibility`, summed up per area with :func:`aggregate`.

Formulas, defaults and their sources: ``docs/erreichbarkeit.md``.

Examples
--------
Two villages 5 km apart, a practice in the first one, costs in km:

>>> import pandas as pd
>>> demand = pd.DataFrame({"id": ["A", "B"], "einwohner": [1000, 3000]})
>>> supply = pd.DataFrame({"id": ["P1"], "kapazitaet": [2.0]})
>>> costs = straight_line_costs([[0, 0], [5000, 0]], [[0, 0]], max_cost=30)
>>> accessibility(demand, supply, costs, method="2sfca")
   zugang naechster_anbieter  naechste_kosten  anbieter_in_reichweite
0  0.0005                 P1              0.0                       1
1  0.0005                 P1              5.0                       1
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

from gesundheitsregion._fca import (
    LUO_QI_STEPS,
    WAN_STEPS,
    Weight,
    e2sfca,
    g2sfca,
    gaussian,
    nearest,
    provider_ratio,
    providers_within,
    step,
    three_sfca,
    two_sfca,
    uniform,
)
from gesundheitsregion._nachfrage import (
    demand_from_area_totals,
    demand_from_centroids,
    demand_from_grid,
)
from gesundheitsregion.kosten import LIMIT_RTOL, Costs, Unit, within_limit

__all__ = [
    "DEFAULT_CRS",
    "DETOUR",
    "LUO_QI_STEPS",
    "METHODS",
    "SPEED_KMH",
    "WAN_STEPS",
    "Weight",
    "accessibility",
    "aggregate",
    "demand_from_area_totals",
    "demand_from_centroids",
    "demand_from_grid",
    "e2sfca",
    "g2sfca",
    "gaussian",
    "nearest",
    "provider_ratio",
    "providers_within",
    "step",
    "straight_line_costs",
    "three_sfca",
    "to_metric",
    "two_sfca",
    "uniform",
]

#: Metric CRS for lon/lat input: ETRS89-LAEA Europe, the CRS of the Zensus grid.
DEFAULT_CRS = "EPSG:3035"

#: Umwegfaktor road / straight line. Wang, Bette, Schreckenberg & Guhr (2024, arXiv:2406.06490)
#: find road distance ≈ 1.3 × straight line on large road networks; 300 European urban regions
#: average 1.343 (Environment and Planning B, 2023, doi:10.1177/23998083231168870).
DETOUR = 1.3

#: Mean car speed over all road types in the Thünen accessibility model (Neumeier 2012; quoted
#: in the Thünen-Landatlas), which is also the model behind the Hausarzt travel times there.
SPEED_KMH = 33.0

#: Methods of :func:`accessibility` (German names, as on the command line).
METHODS = ("naechster", "2sfca", "e2sfca", "g2sfca", "3sfca")

# Relative and absolute slack on the KD-tree radius: floating-point distances near the edge of
# the catchment must not be lost before the cut on the computed cost, which itself lets in
# costs up to LIMIT_RTOL beyond the limit (kosten.within_limit); the slack is wider still.
_SLACK = 10 * LIMIT_RTOL
# Pairs per KD-tree call, about: its output buffer (24 bytes per pair, grown by doubling) then
# stays below glibc's largest mmap threshold (32 MB) and is reused instead of mapped afresh.
_CHUNK_PAIRS = 1 << 18


def _points(coords, name: str) -> np.ndarray:
    array = np.asarray(coords, dtype=float)
    if array.size == 0:
        return np.empty((0, 2))
    if array.ndim != 2 or array.shape[1] != 2:
        raise ValueError(f"{name}: erwartet werden Punkte als n × 2 Koordinaten (x, y).")
    if not np.isfinite(array).all():
        raise ValueError(f"{name}: Koordinaten fehlen oder sind keine Zahlen.")
    return array


def _crs(value):
    from pyproj import CRS
    from pyproj.exceptions import CRSError

    try:
        return CRS.from_user_input(value)
    except CRSError as error:
        raise ValueError(f"'{value}' ist kein bekanntes Koordinatensystem.") from error


def to_metric(coords, crs="EPSG:4326", *, target=None) -> np.ndarray:
    """Project points into a metric CRS for straight-line distances.

    Parameters
    ----------
    coords
        ``n × 2`` array of (lon, lat) or (x, y), in ``crs``.
    crs
        CRS of ``coords``, e.g. ``EPSG:4326`` (default), ``EPSG:25833``, ``EPSG:3035``.
    target
        The metric CRS to project into. Default: ``crs`` itself if it is projected in metres,
        else :data:`DEFAULT_CRS` (EPSG:3035).

    Returns
    -------
    numpy.ndarray
        ``n × 2`` array of (x, y) in metres.

    Examples
    --------
    Chemnitz city hall in lon/lat, as LAEA metres:

    >>> to_metric([[12.9214, 50.8322]]).round(-1).tolist()
    [[4526760.0, 3084180.0]]
    >>> to_metric([[355000.0, 5633000.0]], "EPSG:25833").tolist()  # already metric: kept
    [[355000.0, 5633000.0]]
    """
    source = _crs(crs)
    if target is None:
        target = source if source.is_projected else DEFAULT_CRS
    target = _crs(target)
    if not target.is_projected or target.axis_info[0].unit_name != "metre":
        raise ValueError(f"{target.to_string()} ist kein projiziertes System in Metern.")
    points = _points(coords, "Koordinaten")
    if source == target or len(points) == 0:
        return points.copy()
    from pyproj import Transformer

    transformer = Transformer.from_crs(source, target, always_xy=True)
    x, y = transformer.transform(points[:, 0], points[:, 1])
    result = np.column_stack([x, y])
    if not np.isfinite(result).all():
        raise ValueError(
            f"Einige Koordinaten lassen sich nicht von {source.to_string()} nach "
            f"{target.to_string()} umrechnen: bitte Reihenfolge (lon, lat) und Bereich prüfen."
        )
    return result


def straight_line_costs(
    demand_xy,
    supply_xy,
    *,
    max_cost: float,
    unit: Unit = "km",
    detour: float | None = None,
    speed_kmh: float = SPEED_KMH,
) -> Costs:
    """Straight-line costs of all pairs within ``max_cost``, found with a KD-tree.

    Only the pairs in reach are materialised, so memory grows with the pairs in reach (24 bytes
    each), not with demand × supply.

    Parameters
    ----------
    demand_xy, supply_xy
        ``n × 2`` and ``m × 2`` points in metres in one metric CRS (see :func:`to_metric`).
    max_cost
        The catchment in ``unit``: pairs with cost ≤ ``max_cost`` are kept.
    unit
        ``"km"``: distance × ``detour`` in km; ``"min"``: car minutes,
        distance × ``detour`` / ``speed_kmh``.
    detour
        Umwegfaktor. Default: 1 for ``"km"`` (plain Luftlinie), :data:`DETOUR` for ``"min"``.
    speed_kmh
        Mean speed for ``"min"`` (default :data:`SPEED_KMH`).

    Examples
    --------
    >>> costs = straight_line_costs([[0, 0], [0, 40_000]], [[3000, 4000]], max_cost=10)
    >>> costs.demand.tolist(), costs.cost.tolist()
    ([0], [5.0])
    >>> minutes = straight_line_costs([[0, 0]], [[3000, 4000]], max_cost=30, unit="min")
    >>> round(float(minutes.cost[0]), 2)  # 5 km × 1.3 at 33 km/h
    11.82
    """
    if unit not in ("km", "min"):
        raise ValueError(f"Einheit '{unit}' unbekannt: erlaubt sind 'km' und 'min'.")
    if not np.isfinite(max_cost) or max_cost < 0:
        raise ValueError(f"Der Einzugsbereich muss eine Zahl ≥ 0 sein, nicht {max_cost}.")
    if detour is None:
        detour = 1.0 if unit == "km" else DETOUR
    if detour < 1 or (unit == "min" and speed_kmh <= 0):
        raise ValueError("Der Umwegfaktor muss ≥ 1 und die Geschwindigkeit > 0 sein.")
    demand = _points(demand_xy, "Nachfragepunkte")
    supply = _points(supply_xy, "Angebotspunkte")
    metres_per_unit = 1000.0 / detour * (1.0 if unit == "km" else speed_kmh / 60.0)
    demand_pos, supply_pos, cost = _pairs_within(demand, supply, max_cost, metres_per_unit)
    return Costs(demand_pos, supply_pos, cost, (len(demand), len(supply)), unit)


def _pairs_within(demand: np.ndarray, supply: np.ndarray, max_cost: float, metres_per_unit):
    """Demand and supply positions and costs of all pairs with cost ≤ ``max_cost``."""
    if len(demand) == 0 or len(supply) == 0:
        return np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0)
    supply_tree = cKDTree(supply)
    demand_tree = cKDTree(demand)
    search = max_cost * metres_per_unit * (1 + _SLACK) + _SLACK
    # The total (a cheap dual-tree count, a little wider than the search, so an upper bound)
    # sizes the result once: the pairs go straight into their final arrays instead of a list
    # of chunks that would double the peak memory.
    total = int(demand_tree.count_neighbors(supply_tree, search * (1 + _SLACK) + _SLACK))
    out_demand = np.empty(total, np.int64)
    out_supply = np.empty(total, np.int64)
    out_cost = np.empty(total)
    # Chunks of demand points in tree order are spatially compact, so each KD-tree call only
    # visits the supply near them; their size keeps the call's own buffers small and reused.
    size = max(1, len(demand) * _CHUNK_PAIRS // max(total, 1))
    filled = 0
    for start in range(0, len(demand), size):
        chunk = demand_tree.indices[start : start + size]
        found = cKDTree(demand[chunk]).sparse_distance_matrix(
            supply_tree, search, output_type="ndarray"
        )
        near, supply_pos = found["i"], found["j"]
        stop = filled + len(found)
        cost = np.divide(found["v"], metres_per_unit, out=out_cost[filled:stop])
        keep = within_limit(cost, max_cost)  # the cut, on the cost as it is stored
        if not keep.all():  # only pairs within the slack of the edge, rarely any
            near, supply_pos = near[keep], supply_pos[keep]
            stop = filled + int(keep.sum())
            out_cost[filled:stop] = cost[keep]
        np.take(chunk, near, out=out_demand[filled:stop])
        out_supply[filled:stop] = supply_pos
        filled = stop
    return out_demand[:filled], out_supply[:filled], out_cost[:filled]


def _weight_for(method: str, weights, catchment: float | None) -> Weight | None:
    if isinstance(weights, dict):
        weights = step(weights)
    if method in ("naechster", "2sfca"):
        if weights is not None:
            raise ValueError(f"Die Methode {method} verwendet keine Gewichte.")
        return None
    if method == "g2sfca" and weights is None:
        if catchment is None:
            raise ValueError("g2sfca braucht einen Einzugsbereich oder gaussian(sigma).")
        # σ = half the catchment: the weight at the edge is e^-2 ≈ 0.14, close to the last
        # E2SFCA step of Luo & Qi (0.22), so both methods fade out similarly.
        return gaussian(catchment / 2)
    if weights is None:
        return step(WAN_STEPS if method == "3sfca" else LUO_QI_STEPS)
    return weights


def accessibility(
    demand: pd.DataFrame,
    supply: pd.DataFrame,
    costs: Costs,
    *,
    method: str = "e2sfca",
    catchment: float | None = None,
    weights: Weight | dict[float, float] | None = None,
) -> pd.DataFrame:
    """Access and nearest-provider figures for every demand row.

    Parameters
    ----------
    demand
        Demand points with ``einwohner``; row ``i`` is position ``i`` of ``costs``.
    supply
        Providers with ``kapazitaet`` and ``id``; row ``j`` is position ``j`` of ``costs``.
    costs
        The pairs in reach.
    method
        One of :data:`METHODS`: ``naechster`` (only nearest provider), ``2sfca``, ``e2sfca``,
        ``g2sfca``, ``3sfca``.
    catchment
        Only pairs with cost ≤ ``catchment`` count (default: all pairs of ``costs``).
    weights
        Weight function or step dict (``{10: 1, 20: 0.68, 30: 0.22}``). Defaults: Luo & Qi
        steps for ``e2sfca``, Wan et al. steps for ``3sfca``, ``gaussian(catchment / 2)`` for
        ``g2sfca``.

    Returns
    -------
    pandas.DataFrame
        Indexed like ``demand``: ``zugang`` (capacity per inhabitant; not for ``naechster``),
        ``naechster_anbieter`` (supply ``id``), ``naechste_kosten`` (NaN if none in reach),
        ``anbieter_in_reichweite``.

    Examples
    --------
    A village 25 minutes from the only practice: outside the last Luo & Qi step of 20 minutes
    given here, so no access, but the practice is still the nearest within the catchment.

    >>> demand = pd.DataFrame({"einwohner": [500]}, index=["Dorf"])
    >>> supply = pd.DataFrame({"id": ["P1"], "kapazitaet": [1.0]})
    >>> costs = Costs(np.array([0]), np.array([0]), np.array([25.0]), (1, 1), "min")
    >>> accessibility(demand, supply, costs, catchment=30, weights={10: 1, 20: 0.68})
          zugang naechster_anbieter  naechste_kosten  anbieter_in_reichweite
    Dorf     0.0                 P1             25.0                       1
    """
    if method not in METHODS:
        raise ValueError(f"Methode '{method}' unbekannt: erlaubt sind {', '.join(METHODS)}.")
    if costs.shape != (len(demand), len(supply)):
        raise ValueError("Die Kosten passen nicht zu Nachfrage und Angebot (andere Anzahl).")
    weight = _weight_for(method, weights, catchment)
    ids = supply["id"] if "id" in supply.columns else supply.index
    result = nearest(costs, limit=catchment, supply_ids=ids, index=demand.index)
    result["anbieter_in_reichweite"] = providers_within(costs, catchment, index=demand.index)
    if method == "naechster":
        return result
    population = demand["einwohner"].to_numpy(dtype=float)
    capacity = supply["kapazitaet"].to_numpy(dtype=float)
    if method == "3sfca":
        access = three_sfca(costs, population, capacity, weight=weight, catchment=catchment)
    else:
        access = e2sfca(
            costs, population, capacity, weight=weight or uniform(), catchment=catchment
        )
    result.insert(0, "zugang", access.to_numpy())
    return result


def _threshold_name(limit: float) -> str:
    return "anteil_ueber_" + f"{limit:g}".replace(".", "_")


def aggregate(
    result: pd.DataFrame,
    demand: pd.DataFrame,
    by: str,
    *,
    population: str = "einwohner",
    thresholds=(),
) -> pd.DataFrame:
    """Sum the per-point result up to areas (Stadtteil, Gemeinde, Planungsbereich, Kreis).

    Parameters
    ----------
    result
        Output of :func:`accessibility`, indexed like ``demand``.
    demand
        The demand points with the area column ``by`` and ``population``.
    by
        Area column of ``demand``; points without an area are left out.
    thresholds
        Costs X (same unit as the costs) for the columns ``anteil_ueber_X``.

    Returns
    -------
    pandas.DataFrame
        One row per area: ``einwohner``; ``zugang``, the population-weighted mean access;
        ``naechste_kosten``, the population-weighted mean cost to the nearest provider of those
        who have one in reach; ``anteil_ueber_X``, the share of the population whose nearest
        provider costs more than X or is out of reach; ``einwohner_ohne_anbieter``. Shares and
        means are NaN for areas without population.

    Examples
    --------
    >>> demand = pd.DataFrame({"gemeinde": ["a", "a", "b"], "einwohner": [100, 300, 50]})
    >>> result = pd.DataFrame({"zugang": [0.001, 0.002, 0.0],
    ...                        "naechste_kosten": [5.0, 15.0, np.nan],
    ...                        "anbieter_in_reichweite": [2, 1, 0]})
    >>> aggregate(result, demand, "gemeinde", thresholds=[10]).T
                                   0     1
    gemeinde                       a     b
    einwohner                  400.0  50.0
    zugang                   0.00175   0.0
    naechste_kosten             12.5   NaN
    anteil_ueber_10             0.75   1.0
    einwohner_ohne_anbieter      0.0  50.0
    """
    if not result.index.equals(demand.index):
        raise ValueError("Ergebnis und Nachfrage müssen denselben Index haben.")
    people = demand[population].to_numpy(dtype=float)
    cost = result["naechste_kosten"].to_numpy(dtype=float)
    none = np.isnan(cost)
    parts = {
        "einwohner": people,
        "_reached": np.where(none, 0.0, people),
        "_cost": np.where(none, 0.0, people * cost),
        "einwohner_ohne_anbieter": np.where(none, people, 0.0),
    }
    if "zugang" in result.columns:
        parts["zugang"] = people * result["zugang"].to_numpy(dtype=float)
    for limit in thresholds:
        # Out of reach counts as beyond any threshold: the nearest provider is farther still.
        parts[_threshold_name(limit)] = np.where(none | ~within_limit(cost, limit), people, 0.0)
    sums = pd.DataFrame(parts, index=demand.index).groupby(demand[by], sort=True).sum()
    # Areas without inhabitants have no mean and no share: NaN rather than a misleading 0.
    total = sums["einwohner"].where(sums["einwohner"] > 0)
    out = pd.DataFrame({"einwohner": sums["einwohner"]})
    if "zugang" in sums.columns:
        out["zugang"] = sums["zugang"] / total
    out["naechste_kosten"] = sums["_cost"] / sums["_reached"].where(sums["_reached"] > 0)
    for limit in thresholds:
        out[_threshold_name(limit)] = sums[_threshold_name(limit)] / total
    out["einwohner_ohne_anbieter"] = sums["einwohner_ohne_anbieter"]
    return out.rename_axis(by).reset_index()
