"""Weight functions and the floating catchment measures on a sparse :class:`Costs` table.

Everything works on the parallel arrays of the pairs in reach: a per-provider sum is one
``np.bincount`` over the supply positions, a per-origin sum one over the demand positions. The
sums run over blocks of pairs so that the temporaries stay small next to the cost table itself.
Definitions follow PySAL ``access`` 1.1.10 (``access.fca``, ``access.weights``) unless a comment
says otherwise; the tests compare against it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from gesundheitsregion.kosten import LIMIT_RTOL, Costs, within_limit

__all__ = [
    "LUO_QI_STEPS",
    "WAN_STEPS",
    "Weight",
    "e2sfca",
    "g2sfca",
    "gaussian",
    "nearest",
    "provider_ratio",
    "providers_within",
    "step",
    "three_sfca",
    "two_sfca",
    "uniform",
]

#: A weight function: costs in, weights ≥ 0 of the same shape out.
Weight = Callable[[np.ndarray], np.ndarray]

#: E2SFCA steps of Luo & Qi (2009): up to 10 / 20 / 30 minutes → 1 / 0.68 / 0.22.
LUO_QI_STEPS = {10.0: 1.0, 20.0: 0.68, 30.0: 0.22}

#: 3SFCA steps of Wan, Zou & Sternberg (2012), the default of PySAL access's ``three_stage_fca``.
WAN_STEPS = {10.0: 0.962, 20.0: 0.704, 30.0: 0.377, 60.0: 0.042}

# Pairs per block: large enough that numpy's per-call overhead vanishes, small enough (4 MB per
# temporary) that the temporaries come from the heap and are reused; fresh memory is slow to
# touch, so no temporary of the size of the cost table is ever made.
_BLOCK = 1 << 19


@dataclass(frozen=True)
class _Step:
    bounds: tuple[float, ...]
    values: tuple[float, ...]

    def __call__(self, cost: np.ndarray) -> np.ndarray:
        # access's step_fn returns the value of the first bound with cost <= bound, and 0 past the
        # last bound. The number of bounds below the cost is that bound's position; a few
        # comparisons count it several times faster than searchsorted on unsorted costs. A cost
        # within LIMIT_RTOL of a bound is on it (see kosten.within_limit).
        cost = np.asarray(cost)
        position = np.zeros(cost.shape, dtype=np.uint8 if len(self.bounds) < 255 else np.intp)
        for bound in self.bounds:
            position += cost > bound * (1.0 + LIMIT_RTOL)
        return np.append(np.asarray(self.values, dtype=float), 0.0)[position]


@dataclass(frozen=True)
class _Gaussian:
    sigma: float

    def __call__(self, cost: np.ndarray) -> np.ndarray:
        cost = np.asarray(cost, dtype=float)
        return np.exp(-cost * cost / (2 * self.sigma**2))


@dataclass(frozen=True)
class _Uniform:
    def __call__(self, cost: np.ndarray) -> np.ndarray:
        return np.ones(np.shape(cost))


def step(steps: Mapping[float, float]) -> Weight:
    """Stepped weights: the weight of the first threshold the cost does not exceed, else 0.

    Parameters
    ----------
    steps
        Threshold → weight, e.g. ``{10: 1, 20: 0.68, 30: 0.22}`` (Luo & Qi 2009). A cost equal to
        a threshold still gets that threshold's weight, as in PySAL access's ``step_fn``.

    Examples
    --------
    >>> w = step({10: 1, 20: 0.68, 30: 0.22})
    >>> w(np.array([0, 10, 10.5, 20, 30, 30.01])).tolist()
    [1.0, 1.0, 0.68, 0.68, 0.22, 0.0]
    """
    if not steps:
        raise ValueError("Die Stufengewichte sind leer: bitte z. B. {10: 1, 20: 0.68} angeben.")
    bounds, values = zip(*sorted((float(k), float(v)) for k, v in steps.items()), strict=True)
    if any(not np.isfinite(v) or v < 0 for v in values):
        raise ValueError("Stufengewichte müssen Zahlen ≥ 0 sein.")
    return _Step(bounds, values)


def gaussian(sigma: float) -> Weight:
    """Gaussian weights ``exp(-c² / (2 σ²))``, 1 at cost 0, as PySAL access's ``gaussian``.

    Examples
    --------
    >>> round(float(gaussian(20)(np.array([20.0]))[0]), 6)
    0.606531
    """
    if not np.isfinite(sigma) or sigma <= 0:
        raise ValueError(f"Die Breite sigma der Gauß-Gewichte muss > 0 sein, nicht {sigma}.")
    return _Gaussian(float(sigma))


def uniform() -> Weight:
    """Weight 1 for every pair in the catchment: plain 2SFCA (Luo & Wang 2003).

    Examples
    --------
    >>> uniform()(np.array([0.0, 29.0])).tolist()
    [1.0, 1.0]
    """
    return _Uniform()


def _values(values, size: int, name: str) -> np.ndarray:
    array = np.asarray(values, dtype=float)
    if array.shape != (size,):
        raise ValueError(f"{name}: erwartet werden {size} Werte, gegeben sind {array.size}.")
    if not np.isfinite(array).all() or (array < 0).any():
        raise ValueError(f"{name}: alle Werte müssen Zahlen ≥ 0 sein.")
    return array


def _index(values, size: int) -> pd.Index:
    return values.index if isinstance(values, pd.Series) else pd.RangeIndex(size)


def _blocks(size: int):
    return (slice(start, start + _BLOCK) for start in range(0, size, _BLOCK))


def _weights(costs: Costs, part: slice, weight: Weight | None, catchment: float | None):
    cost = costs.cost[part]
    w = np.ones(len(cost)) if weight is None else np.array(weight(cost), dtype=float)
    if catchment is not None:
        w[~within_limit(cost, catchment)] = 0.0
    return w


class _PairWeights:
    """The weight of every pair, computed block by block when needed (never stored whole)."""

    def __init__(self, costs: Costs, weight: Weight | None, catchment: float | None):
        if catchment is not None and (len(costs) == 0 or within_limit(costs.cost.max(), catchment)):
            catchment = None  # every pair is inside: one check here saves one per block
        self.costs, self.weight, self.catchment = costs, weight, catchment
        self.origin_totals: np.ndarray | None = None

    def select(self) -> _PairWeights:
        """Switch to Wan et al.'s W·G, with selection weights G_ij = W_ij / Σ_k W_ik."""
        totals = np.zeros(self.costs.shape[0])
        for part in _blocks(len(self.costs)):
            totals += np.bincount(
                self.costs.demand[part], weights=self(part), minlength=len(totals)
            )
        # An origin's total is 0 only if all its weights are 0, and then so is W·G: dividing by
        # 1 instead avoids 0/0 without changing any value.
        self.origin_totals = np.where(totals > 0, totals, 1.0)
        return self

    def __call__(self, part: slice) -> np.ndarray:
        w = _weights(self.costs, part, self.weight, self.catchment)
        if self.origin_totals is not None:
            w *= w / self.origin_totals[self.costs.demand[part]]
        return w


def _grouped_sum(weights: _PairWeights, by: str, values: np.ndarray) -> np.ndarray:
    """Σ over the pairs of ``w · values[other end]``, per demand (``by="demand"``) or supply."""
    costs = weights.costs
    group, other = (costs.demand, costs.supply) if by == "demand" else (costs.supply, costs.demand)
    size = costs.shape[0 if by == "demand" else 1]
    out = np.zeros(size)
    for part in _blocks(len(costs)):
        out += np.bincount(group[part], weights=weights(part) * values[other[part]], minlength=size)
    return out


def _floating_catchment(costs: Costs, population, capacity, weights: _PairWeights) -> pd.Series:
    n, m = costs.shape
    people = _values(population, n, "Einwohner")
    supply = _values(capacity, m, "Kapazität")
    demand_in_reach = _grouped_sum(weights, "supply", people)
    # A provider that nobody (weighted) can reach serves no one: R_j = 0. PySAL access divides
    # anyway and gets inf or NaN there; 0 keeps every access value finite.
    ratio = np.divide(supply, demand_in_reach, out=np.zeros(m), where=demand_in_reach > 0)
    access = _grouped_sum(weights, "demand", ratio)
    return pd.Series(access, index=_index(population, n), name="zugang")


def two_sfca(costs: Costs, population, capacity, *, catchment: float | None = None) -> pd.Series:
    """Two-step floating catchment (Luo & Wang 2003).

    ``R_j = S_j / Σ_i P_i``, summed over the demand ``i`` within the catchment of ``j``, and
    ``A_i = Σ_j R_j`` over the providers within reach of ``i``. Demand with no provider in reach
    gets 0.

    Parameters
    ----------
    costs
        The pairs in reach.
    population
        ``P_i`` per demand position (a Series gives the result its index).
    capacity
        ``S_j`` per supply position, e.g. doctors in full-time equivalents.
    catchment
        Only pairs with cost ≤ ``catchment`` count (default: all pairs of ``costs``).

    Examples
    --------
    Two villages of 100 and 300 people, one doctor 5 km from both, one only reachable from the
    second: ``R_0 = 1/400``, ``R_1 = 1/300``, ``A = (1/400, 1/400 + 1/300)``.

    >>> costs = Costs(np.array([0, 1, 1]), np.array([0, 0, 1]), np.array([5.0, 5, 8]), (2, 2))
    >>> (two_sfca(costs, [100, 300], [1, 1]) * 1200).round(9).tolist()
    [3.0, 7.0]
    """
    return _floating_catchment(costs, population, capacity, _PairWeights(costs, None, catchment))


def e2sfca(
    costs: Costs,
    population,
    capacity,
    *,
    weight: Weight | None = None,
    catchment: float | None = None,
) -> pd.Series:
    """Enhanced 2SFCA (Luo & Qi 2009): both steps weighted by ``w(c_ij)``.

    ``R_j = S_j / Σ_i P_i w_ij`` and ``A_i = Σ_j R_j w_ij``; ``weight`` defaults to
    ``step(LUO_QI_STEPS)``. Otherwise as :func:`two_sfca`.

    Examples
    --------
    >>> costs = Costs(np.array([0, 1, 1]), np.array([0, 0, 1]), np.array([5.0, 15, 8]), (2, 2))
    >>> e2sfca(costs, [100, 300], [1, 1]).round(6).tolist()
    [0.003289, 0.00557]
    """
    weights = _PairWeights(costs, weight or step(LUO_QI_STEPS), catchment)
    return _floating_catchment(costs, population, capacity, weights)


def g2sfca(
    costs: Costs, population, capacity, *, sigma: float, catchment: float | None = None
) -> pd.Series:
    """Gaussian 2SFCA: :func:`e2sfca` with ``gaussian(sigma)`` weights.

    Examples
    --------
    >>> costs = Costs(np.array([0]), np.array([0]), np.array([10.0]), (1, 1))
    >>> g2sfca(costs, [50], [1], sigma=10).round(12).tolist()
    [0.02]
    """
    weights = _PairWeights(costs, gaussian(sigma), catchment)
    return _floating_catchment(costs, population, capacity, weights)


def three_sfca(
    costs: Costs,
    population,
    capacity,
    *,
    weight: Weight | None = None,
    catchment: float | None = None,
) -> pd.Series:
    """Three-step floating catchment (Wan, Zou & Sternberg 2012).

    Each origin splits its demand over the providers in reach by the selection weights
    ``G_ij = w_ij / Σ_k w_ik``; both steps then use ``w_ij · G_ij``, as PySAL access does:
    ``R_j = S_j / Σ_i P_i w_ij G_ij``, ``A_i = Σ_j R_j w_ij G_ij``. ``weight`` defaults to
    ``step(WAN_STEPS)``, the default of access.

    The sum ``Σ_k w_ik`` runs over the pairs within ``catchment``, as in Wan et al.; access sums
    over its whole cost table, which is the same whenever that table ends at the catchment.

    Examples
    --------
    Origin 0 reaches providers 0 (weight 1) and 1 (weight 0.68), so ``G = (1/1.68, 0.68/1.68)``,
    ``R_0 = 2 / (100 · 1/1.68)`` and ``R_1 = 1 / (100 · 0.68²/1.68)``; with a single origin all
    supply lands there: ``A_0 = (2 + 1) / 100``.

    >>> costs = Costs(np.array([0, 0]), np.array([0, 1]), np.array([5.0, 15]), (1, 2))
    >>> three_sfca(costs, [100], [2, 1], weight=step(LUO_QI_STEPS)).round(12).tolist()
    [0.03]
    """
    weights = _PairWeights(costs, weight or step(WAN_STEPS), catchment).select()
    return _floating_catchment(costs, population, capacity, weights)


def _pairs_in(costs: Costs, limit: float | None):
    """The pairs with cost ≤ ``limit``, block by block: (demand, supply, cost)."""
    for part in _blocks(len(costs)):
        demand, supply, cost = costs.demand[part], costs.supply[part], costs.cost[part]
        if limit is not None:
            keep = within_limit(cost, limit)
            demand, supply, cost = demand[keep], supply[keep], cost[keep]
        yield demand, supply, cost


def nearest(
    costs: Costs,
    *,
    limit: float | None = None,
    supply_ids=None,
    index: pd.Index | None = None,
) -> pd.DataFrame:
    """The nearest provider of each demand point and its cost.

    Returns ``naechster_anbieter`` (supply id, or position without ``supply_ids``; missing when
    none is in reach) and ``naechste_kosten`` (NaN when none is in reach). Among providers at
    the same cost the one with the lowest position wins.

    Examples
    --------
    >>> costs = Costs(np.array([0, 0, 1]), np.array([0, 1, 1]), np.array([4.0, 2, 9]), (3, 2))
    >>> nearest(costs, supply_ids=["A", "B"])
      naechster_anbieter  naechste_kosten
    0                  B              2.0
    1                  B              9.0
    2               <NA>              NaN
    """
    n, m = costs.shape
    best = np.full(n, np.inf)
    for demand, _, cost in _pairs_in(costs, limit):
        np.minimum.at(best, demand, cost)
    # m is no valid position: it marks demand without any provider in reach.
    position = np.full(n, m, dtype=np.int64)
    for demand, supply, cost in _pairs_in(costs, limit):
        tie = cost == best[demand]
        np.minimum.at(position, demand[tie], supply[tie])
    ids = pd.array(np.arange(m) if supply_ids is None else np.asarray(supply_ids, dtype=object))
    if supply_ids is not None and len(ids) != m:
        raise ValueError(f"supply_ids: erwartet werden {m} Kennungen, gegeben sind {len(ids)}.")
    found = position < m
    return pd.DataFrame(
        {
            "naechster_anbieter": ids.take(np.where(found, position, -1), allow_fill=True),
            "naechste_kosten": np.where(found, best, np.nan),
        },
        index=pd.RangeIndex(n) if index is None else index,
    )


def providers_within(
    costs: Costs, limit: float | None = None, *, index: pd.Index | None = None
) -> pd.Series:
    """Number of providers with cost ≤ ``limit`` (default: all pairs) per demand point.

    Examples
    --------
    >>> costs = Costs(np.array([0, 0, 1]), np.array([0, 1, 1]), np.array([4.0, 2, 9]), (3, 2))
    >>> providers_within(costs, 5).tolist()
    [2, 0, 0]
    """
    counts = np.zeros(costs.shape[0], dtype=np.int64)
    for demand, _, _ in _pairs_in(costs, limit):
        counts += np.bincount(demand, minlength=len(counts))
    return pd.Series(
        counts,
        index=pd.RangeIndex(costs.shape[0]) if index is None else index,
        name="anbieter_in_reichweite",
    )


def provider_ratio(
    costs: Costs,
    population,
    capacity,
    limit: float,
    *,
    neighbours: Costs,
    weight: Weight | None = None,
) -> pd.Series:
    """Supply within reach divided by the population within reach, per demand point.

    This is PySAL access's ``fca_ratio``: ``Σ_j S_j w_ij / Σ_k P_k w_ik``, where ``j`` runs over
    the providers and ``k`` over the demand points within ``limit`` of ``i``. The population in
    reach needs demand-to-demand costs (``neighbours``, demand × demand, e.g.
    ``straight_line_costs(demand_xy, demand_xy, max_cost=limit)``). It is NaN where nobody
    lives in reach: there is no ratio then.

    Examples
    --------
    Two villages 4 km apart with 100 and 300 people, one doctor 2 km from the first:

    >>> supply = Costs(np.array([0]), np.array([0]), np.array([2.0]), (2, 1))
    >>> near = Costs(np.array([0, 0, 1, 1]), np.array([0, 1, 0, 1]),
    ...              np.array([0.0, 4, 4, 0]), (2, 2))
    >>> provider_ratio(supply, [100, 300], [1], 5, neighbours=near).tolist()
    [0.0025, 0.0]
    """
    n, m = costs.shape
    if neighbours.shape != (n, n):
        raise ValueError("neighbours muss die Kosten zwischen den Nachfragepunkten enthalten.")
    people = _values(population, n, "Einwohner")
    supply = _values(capacity, m, "Kapazität")
    in_reach = _grouped_sum(_PairWeights(neighbours, weight, limit), "demand", people)
    offered = _grouped_sum(_PairWeights(costs, weight, limit), "demand", supply)
    ratio = np.divide(offered, in_reach, out=np.full(n, np.nan), where=in_reach > 0)
    return pd.Series(ratio, index=_index(population, n), name="anbieter_je_einwohner")
