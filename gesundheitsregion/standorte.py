"""Standortempfehlung: where k new practices reach the most people not yet served.

The model is the maximal covering location problem (MCLP, Church & ReVelle 1974). Demand point
*i* with weight ``w_i`` (its population) counts as covered when at least one chosen site lies
within the coverage radius; ``N_i`` is the set of candidates in reach of *i*::

    maximise    Σ_i w_i y_i
    subject to  y_i ≤ Σ_{j ∈ N_i} x_j      for every demand point i
                Σ_j x_j ≤ k
                x_j ∈ {0, 1},  0 ≤ y_i ≤ 1

Demand already in reach of an existing practice is left out of the weights (“population not yet
covered”), so the objective is the population the new sites *add*.
``Σ_j x_j ≤ k`` rather than ``= k``: covering never loses weight, so the optimum is the same,
and candidates that cover nothing can be dropped before solving.

Two ways to solve it share one reduced model (:func:`solve_mclp`): demand points without a
candidate in reach are dropped and points with the same candidates in reach are merged.

* ``"heuristic"``: greedy with exact incremental gains, 1-opt interchange (swap a chosen site
  for an unchosen one while that improves), then a Lagrangian relaxation whose averaged
  solutions are rounded and improved again. Its bound is the best of the submodularity bound
  of the greedy run (never weaker than greedy / (1 − 1/e)), the Lagrangian bound and, where the
  model is small enough, the LP relaxation solved by HiGHS.
* ``"exact"``: starts from the heuristic, solves the LP relaxation (HiGHS), searches a small
  MIP over the candidates the LP uses, fixes every candidate whose Lagrangian bound rules it
  in or out, and proves the rest with HiGHS' branch and cut on one sparse matrix. Reports the
  status, the best solution, the proven upper bound and the gap.

The second objective, ``"worst_served"`` in :func:`recommend_sites`, is the same model with
weights population × deficit (see :func:`deficit_weights`), so both solvers apply unchanged.
The German user documentation is ``docs/standorte.md``.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
import scipy.sparse as sp

from gesundheitsregion.kosten import Costs

__all__ = [
    "AUTO_EXACT_MAX_NNZ",
    "BOUND_KINDS",
    "LP_BOUND_MAX_NNZ",
    "SitingResult",
    "coverage_matrix",
    "deficit_weights",
    "recommend_sites",
    "solve_mclp",
]

Method = Literal["auto", "exact", "heuristic"]
Objective = Literal["coverage", "worst_served"]

#: Largest reduced model (non-zeros of the coverage matrix) that ``method="auto"`` hands to the
#: MIP solver; beyond it ``"auto"`` uses the heuristic.
AUTO_EXACT_MAX_NNZ = 3_000_000
#: Largest reduced model for which the heuristic also solves the LP relaxation for its bound.
LP_BOUND_MAX_NNZ = 100_000

#: Where a bound comes from, in German for reports (see :attr:`SitingResult.bound_kind`).
BOUND_KINDS = {
    "exact": "alle erreichbaren Einwohner abgedeckt",
    "mip": "duale Schranke des MIP-Lösers HiGHS",
    "lp": "LP-Relaxation (HiGHS)",
    "lagrange": "Lagrange-Relaxation (Subgradientenverfahren)",
    "submodular": "Submodularitätsschranke des Greedy-Verfahrens",
}


@dataclass(frozen=True)
class SitingResult:
    """The chosen sites of a covering model and how good they provably are.

    Attributes
    ----------
    sites
        Candidate positions (columns of the coverage matrix) in the order of their marginal
        gain: each is the one that adds most to those before it. Can be shorter than ``k`` when
        fewer sites already cover every demand point in reach; more sites would add nothing.
    gains
        Weight newly covered by each site, given the sites before it.
    cumulative
        Running sum of ``gains``.
    covered
        For each demand point: does it have a positive weight and a chosen site in reach?
    objective
        Covered weight Σ w_i y_i of the solution.
    bound
        A proven upper bound on the best possible objective.
    gap
        ``(bound - objective) / bound``: at most this share of the attainable weight is missed
        (0 when the bound is 0).
    bound_kind
        Where the bound comes from: ``"mip"`` (HiGHS' dual bound), ``"lp"`` (LP relaxation),
        ``"lagrange"`` (Lagrangian relaxation), ``"submodular"`` (greedy run: f(OPT) ≤ f(S) +
        the k largest marginal gains at S, for every greedy step S), ``"exact"`` (all weight in
        reach is covered); see :data:`BOUND_KINDS`.
    method
        ``"exact"`` or ``"heuristic"``.
    status
        The solver's status in German, e.g. ``"optimal"`` or ``"Zeitlimit erreicht"``.
    runtime
        Wall time in seconds, model reduction included.
    total_weight
        Σ w_i over all demand points.
    """

    sites: np.ndarray
    gains: np.ndarray
    cumulative: np.ndarray
    covered: np.ndarray
    objective: float
    bound: float
    gap: float
    bound_kind: str
    method: str
    status: str
    runtime: float
    total_weight: float


# --- coverage sets --------------------------------------------------------------------------


def coverage_matrix(costs: Costs, radius: float) -> sp.csr_matrix:
    """Return which candidates cover which demand points: a demand × candidate 0/1 matrix.

    A pair covers when its cost is at most ``radius`` (same unit as the costs). Only those
    pairs are stored, as 1.0, so the matrix is as sparse as the reach.

    Examples
    --------
    >>> costs = Costs(np.array([0, 0, 1]), np.array([0, 1, 1]), np.array([0.0, 6.0, 4.0]),
    ...               (2, 2), "km")
    >>> coverage_matrix(costs, 5).toarray()
    array([[1., 0.],
           [0., 1.]])
    """
    if not np.isfinite(radius) or radius < 0:
        raise ValueError(f"Der Radius muss eine Zahl ≥ 0 sein, nicht {radius}.")
    near = costs.within(radius)
    matrix = sp.csr_matrix(
        (np.ones(len(near)), (near.demand, near.supply)), shape=costs.shape, dtype=np.float64
    )
    # A pair listed twice (e.g. merged routing batches) still covers only once.
    matrix.sum_duplicates()
    matrix.data[:] = 1.0
    return matrix


def deficit_weights(
    population: np.ndarray, access: np.ndarray, threshold: float, *, access_is_time: bool = False
) -> np.ndarray:
    """Weights for the “worst-served” objective: population × relative access deficit.

    For an access index where more is better (e.g. an E2SFCA value, physicians per
    100,000 inhabitants), the deficit of demand point *i* is ``max(0, (T − a_i) / T)``: 0 at or
    above the threshold ``T``, 1 with no access at all. For a travel time or distance to the
    nearest practice (``access_is_time=True``, less is better) it is ``max(0, (a_i − T) / T)``:
    0 within ``T``, 1 at twice ``T``. The weight is ``population × deficit``, so covering a
    point that lacks half of the threshold counts half as much as covering one with nothing.
    Points without an access value (NaN) count as having none: deficit 1 for an index, and
    for a time as if twice the threshold away.

    Examples
    --------
    >>> deficit_weights(np.array([100, 100, 100]), np.array([0.0, 30.0, 80.0]), 60.0)
    array([100.,  50.,   0.])
    >>> deficit_weights(np.array([100, 100]), np.array([10.0, 25.0]), 20.0, access_is_time=True)
    array([ 0., 25.])
    """
    if not np.isfinite(threshold) or threshold <= 0:
        raise ValueError(f"Die Schwelle muss eine Zahl > 0 sein, nicht {threshold}.")
    access = np.asarray(access, dtype=np.float64)
    if access_is_time:
        deficit = (np.nan_to_num(access, nan=2 * threshold) - threshold) / threshold
    else:
        deficit = (threshold - np.nan_to_num(access, nan=0.0)) / threshold
    return np.asarray(population, dtype=np.float64) * np.clip(deficit, 0.0, None)


# --- the reduced model ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Model:
    """The MCLP after reduction: merged demand rows × useful candidate columns."""

    rows: sp.csr_matrix  # groups × columns, entries 1.0
    cols: sp.csr_matrix  # the transpose, i.e. column → groups
    weights: np.ndarray  # summed weight per group
    columns: np.ndarray  # original candidate position of each column
    group: np.ndarray  # group of each original demand point, -1 if dropped

    @property
    def nnz(self) -> int:
        return self.rows.nnz


def _reduce(weights: np.ndarray, coverage: sp.csr_matrix) -> _Model:
    """Drop what cannot matter and merge demand points with the same candidates in reach.

    Demand points with weight 0 or no candidate in reach never change the objective, and a
    candidate that covers none of the rest cannot either. Rows with identical coverage sets
    N_i get the same optimal y_i (each y_i only sees its own N_i), so they can be replaced by
    one row carrying the summed weight without changing any solution's objective.
    """
    keep = (weights > 0) & (np.diff(coverage.indptr) > 0)
    matrix = coverage[keep]
    columns = np.flatnonzero(matrix.getnnz(axis=0) > 0)
    matrix = matrix[:, columns].tocsr()
    matrix.sort_indices()
    first, inverse = _identical_rows(matrix)
    group = np.full(len(weights), -1, dtype=np.int64)
    group[keep] = inverse
    rows = matrix[first]
    merged = np.bincount(inverse, weights=weights[keep], minlength=len(first))
    return _Model(rows, rows.T.tocsr(), merged, columns, group)


def _identical_rows(matrix: sp.csr_matrix) -> tuple[np.ndarray, np.ndarray]:
    """Return one representative per distinct row and each row's representative index.

    Rows are hashed by two random 64-bit keys per column (sums wrap around modulo 2**64), then
    checked exactly: should two different rows ever collide, nothing is merged.
    """
    m = matrix.shape[0]
    if m == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    keys = np.random.default_rng(1974).integers(
        0, np.iinfo(np.uint64).max, size=(matrix.shape[1], 2), dtype=np.uint64, endpoint=True
    )
    sums = np.add.reduceat(keys[matrix.indices], matrix.indptr[:-1], axis=0)
    signature = np.column_stack([np.diff(matrix.indptr).astype(np.uint64), sums])
    _, first, inverse = np.unique(signature, axis=0, return_index=True, return_inverse=True)
    inverse = inverse.ravel()
    if (matrix != matrix[first[inverse]]).nnz:
        return np.arange(m), np.arange(m)
    return first, inverse


def _segments(indptr: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions of the stored entries of ``rows`` in a CSR matrix, and each row's length."""
    starts = indptr[rows]
    lengths = indptr[rows + 1] - starts
    offsets = np.repeat(starts - np.cumsum(lengths) + lengths, lengths)
    return offsets + np.arange(lengths.sum()), lengths


def _column_sums(matrix: sp.csr_matrix, rows: np.ndarray, values: np.ndarray) -> np.ndarray:
    """``values @ matrix[rows]`` without building the row slice."""
    positions, lengths = _segments(matrix.indptr, rows)
    return np.bincount(
        matrix.indices[positions],
        weights=np.repeat(values, lengths),
        minlength=matrix.shape[1],
    )


def _top_sum(values: np.ndarray, k: int) -> float:
    if k >= len(values):
        return float(np.clip(values, 0, None).sum())
    return float(np.clip(np.partition(values, len(values) - k)[-k:], 0, None).sum())


# --- heuristic: greedy and interchange -------------------------------------------------------


def _greedy(
    model: _Model, k: int, allowed: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray, float]:
    """Greedy picks with exact marginal gains; return picks, their gains and a bound.

    The gains are kept exact by subtracting, after each pick, the weight of the newly covered
    rows from every column that also covers them. Each row is subtracted once over the whole
    run, so all updates together cost one pass over the matrix; lazy (priority-queue)
    evaluation would save nothing. Since coverage is monotone submodular, after any step
    f(OPT) ≤ f(S) + (sum of the k largest gains): the smallest such value is returned as bound.
    """
    w = model.weights
    gains = model.cols @ w
    if allowed is not None:
        gains[~allowed] = -np.inf
    covered = np.zeros(len(w), dtype=bool)
    picks, picked_gains = [], []
    value, bound = 0.0, math.inf
    tolerance = 1e-12 * w.sum()
    for _ in range(k):
        bound = min(bound, value + _top_sum(gains, k))
        j = int(np.argmax(gains))
        if gains[j] <= tolerance:
            break
        rows = model.cols.indices[model.cols.indptr[j] : model.cols.indptr[j + 1]]
        new = rows[~covered[rows]]
        covered[new] = True
        gain = float(w[new].sum())
        gains -= _column_sums(model.rows, new, w[new])
        gains[j] = -np.inf
        picks.append(j)
        picked_gains.append(gain)
        value += gain
    gains[np.isneginf(gains)] = 0.0
    bound = min(bound, value + _top_sum(gains, k))
    return np.array(picks, dtype=np.int64), np.array(picked_gains), bound


@dataclass
class _SwapState:
    """Everything the interchange needs about the current solution."""

    value: float
    add: np.ndarray  # gain of adding each column (weight of uncovered rows it covers)
    delta: np.ndarray  # |S| × columns: objective change of swapping chosen s for column j


@dataclass(frozen=True)
class _Owners:
    """The rows covered by exactly one chosen site, and which site that is."""

    rows: np.ndarray  # uniquely covered rows
    slot: np.ndarray  # position of their site among the chosen ones (np.flatnonzero order)
    entries: np.ndarray  # all columns of those rows, row after row
    lengths: np.ndarray  # entries per row


def _owners(model: _Model, chosen: np.ndarray, counts: np.ndarray) -> _Owners:
    rows = np.flatnonzero(counts == 1)
    positions, lengths = _segments(model.rows.indptr, rows)
    entries = model.rows.indices[positions]
    owner = entries[chosen[entries]]  # one chosen column per uniquely covered row, in row order
    slot = np.full(chosen.shape, -1, dtype=np.int64)
    slot[chosen] = np.arange(int(chosen.sum()))
    return _Owners(rows, slot[owner], entries, lengths)


def _swap_state(model: _Model, chosen: np.ndarray) -> _SwapState:
    w, n, size = model.weights, chosen.shape[0], int(chosen.sum())
    counts = model.rows @ chosen.astype(np.float64)
    add = model.cols @ np.where(counts == 0, w, 0.0)
    # Rows covered by exactly one chosen site are lost when that site goes, unless the
    # incoming site covers them too: delta = add[j] − loss[s] + shared[s, j].
    owners = _owners(model, chosen, counts)
    loss = np.bincount(owners.slot, weights=w[owners.rows], minlength=size)
    shared = np.bincount(
        np.repeat(owners.slot, owners.lengths) * n + owners.entries,
        weights=np.repeat(w[owners.rows], owners.lengths),
        minlength=size * n,
    ).reshape(size, n)
    delta = add[None, :] - loss[:, None] + shared
    delta[:, chosen] = -np.inf
    return _SwapState(float(w[counts > 0].sum()), add, delta)


def _prune(model: _Model, sites: np.ndarray) -> np.ndarray:
    """Drop chosen sites that cover nothing the others do not, one at a time."""
    chosen = np.zeros(model.rows.shape[1], dtype=bool)
    chosen[sites] = True
    tolerance = 1e-12 * model.weights.sum()
    for _ in range(len(sites)):  # at most one removal per site
        counts = model.rows @ chosen.astype(np.float64)
        owners = _owners(model, chosen, counts)
        loss = np.bincount(owners.slot, model.weights[owners.rows], minlength=int(chosen.sum()))
        if len(loss) == 0 or loss.min() > tolerance:
            break
        chosen[np.flatnonzero(chosen)[int(np.argmin(loss))]] = False
    return np.flatnonzero(chosen)


#: Largest |S| × n table of swaps evaluated at once (160 MB of float64); beyond it (hundreds of
#: sites among tens of thousands of candidates) the interchange is left out.
_SWAP_MAX_PAIRS = 20_000_000


def _interchange(model: _Model, picks: np.ndarray) -> tuple[np.ndarray, _SwapState]:
    """1-opt interchange: swap the best (chosen, unchosen) pair while the objective rises.

    All |S| × n swaps are evaluated at once from the coverage counts. Each swap raises the
    objective by more than a tolerance, so the loop ends; the cap only guards against
    floating-point surprises.
    """
    chosen = np.zeros(model.rows.shape[1], dtype=bool)
    chosen[picks] = True
    tolerance = 1e-9 * model.weights.sum()
    state = _swap_state(model, chosen)
    for _ in range(100 * len(picks) + 100):
        if state.delta.size == 0 or state.delta.size > _SWAP_MAX_PAIRS:
            break
        best = int(np.argmax(state.delta))
        if state.delta.flat[best] <= tolerance:
            break
        out, into = divmod(best, chosen.shape[0])
        chosen[np.flatnonzero(chosen)[out]] = False
        chosen[into] = True
        state = _swap_state(model, chosen)
    return np.flatnonzero(chosen), state


@dataclass(frozen=True)
class _Solution:
    """A set of model columns, its objective and what is proven about it."""

    sites: np.ndarray
    value: float
    bound: float
    bound_kind: str
    status: str
    multipliers: np.ndarray | None = None


def _better(solution: _Solution, sites: np.ndarray, value: float) -> _Solution:
    if value <= solution.value:
        return solution
    return _Solution(
        sites, value, solution.bound, solution.bound_kind, solution.status, solution.multipliers
    )


#: Subgradient steps of the Lagrangian relaxation, and where its averaged solution is rounded.
LAGRANGE_ITERATIONS = 1000
_ROUNDINGS = frozenset({50, 150, 400, 1000})


def _lagrange(model: _Model, k: int, best: _Solution) -> _Solution:
    """Lagrangian relaxation of the coverage rows, by subgradient steps (Polyak step size).

    With multipliers 0 ≤ λ_i ≤ w_i the relaxation splits: L(λ) = Σ_i max(0, w_i − λ_i) +
    (sum of the k largest prices Σ_{i∈N_j} λ_i). Every L(λ) is an upper bound on the optimum.
    The chosen sets, averaged over the steps, approximate the LP optimum; rounding that average
    to its k largest entries and improving it by interchange gives near-optimal solutions.
    """
    w, (m, n) = model.weights, model.rows.shape
    multipliers = w / np.diff(model.rows.indptr)
    bound, best_multipliers = math.inf, multipliers
    step, stall = 2.0, 0
    average = np.zeros(n)
    tolerance = 1e-9 * w.sum()
    for iteration in range(1, LAGRANGE_ITERATIONS + 1):
        prices = model.cols @ multipliers
        top = np.argpartition(prices, n - k)[n - k :]
        top = top[prices[top] > 0]
        value = float(np.maximum(w - multipliers, 0).sum() + prices[top].sum())
        if value < bound - tolerance:
            bound, best_multipliers, stall = value, multipliers, 0
        else:
            stall += 1
            if stall == 10:  # no progress: shorten the steps (Held, Wolfe & Crowder 1974)
                step, stall = step / 1.5, 0
        average *= 0.9
        average[top] += 0.1
        if iteration in _ROUNDINGS:
            sites, state = _interchange(model, np.argsort(-average, kind="stable")[:k])
            best = _better(best, sites, state.value)
        if bound - best.value <= tolerance or step < 1e-4:
            break
        positions, _ = _segments(model.cols.indptr, top)
        counts = np.bincount(model.cols.indices[positions], minlength=m)
        gradient = (w > multipliers) - counts
        norm = float(gradient @ gradient)
        if norm == 0:  # the relaxed solution is feasible: its λ is optimal
            break
        multipliers = np.minimum(
            np.maximum(multipliers + step * (value - best.value) / norm * gradient, 0), w
        )
    kind = "lagrange" if bound < best.bound else best.bound_kind
    return _Solution(
        best.sites, best.value, min(bound, best.bound), kind, best.status, best_multipliers
    )


def _heuristic(model: _Model, k: int) -> _Solution:
    """Greedy, interchange, then Lagrangian rounding; with the best bound found on the way."""
    picks, _, bound = _greedy(model, k)
    sites, state = _interchange(model, picks)
    bound = max(min(bound, state.value + _top_sum(state.add, k)), state.value)
    found = _Solution(sites, state.value, bound, "submodular", "heuristisch")
    return _lagrange(model, k, found)


# --- exact: the MIP with HiGHS ----------------------------------------------------------------


def _fixings(model: _Model, k: int, solution: _Solution) -> tuple[np.ndarray, np.ndarray]:
    """Columns that every solution better than ``solution`` leaves out, or must contain.

    Forcing x_j = 1 for a column outside the Lagrangian top k replaces the k-th price by its
    own; forcing a top-k column out brings in the (k+1)-th. If the bound that results is below
    the incumbent, no better solution has that value of x_j. Each fixing only excludes
    solutions no better than the incumbent, so all of them together are valid too.
    """
    n = model.rows.shape[1]
    if solution.multipliers is None or n <= k:
        return np.zeros(n, dtype=bool), np.zeros(n, dtype=bool)
    bound = _lagrangian_bound(model, k, solution.multipliers)
    prices = np.clip(model.cols @ solution.multipliers, 0, None)
    order = np.argsort(-prices, kind="stable")
    top = np.zeros(n, dtype=bool)
    top[order[:k]] = True
    kth, next_price = prices[order[k - 1]], prices[order[k]]
    # The margin keeps rounding errors in the bound from fixing a column that could tie.
    limit = solution.value - 1e-9 * bound
    zero = ~top & (bound - kth + prices < limit)
    one = top & (bound - prices + next_price < limit)
    return zero, one


def _closed(solution: _Solution, mip_gap: float) -> bool:
    # The relative floor keeps float noise in a bound from hiding a proven optimum.
    return solution.bound - solution.value <= max(mip_gap, 1e-9) * solution.bound


def _proven(solution: _Solution) -> _Solution:
    return _Solution(solution.sites, solution.value, solution.bound, solution.bound_kind, "optimal")


def _exact(model: _Model, k: int, found: _Solution, deadline: float, mip_gap: float):
    """Prove or improve the heuristic's solution.

    Cheap steps first: the LP relaxation (its duals give the best Lagrange multipliers), a small
    MIP over the candidates the LP and the heuristic use (“kernel search”), and only then the
    full MIP over the candidates that the Lagrangian fixing leaves open.
    """
    if _closed(found, mip_gap):
        return _proven(found)
    relaxation = _lp_relaxation(model, k, _remaining(deadline) / 4)
    if relaxation is not None:
        found = _tightened(found, relaxation)
        if _closed(found, mip_gap):
            return _proven(found)
        found = _kernel_search(model, k, found, relaxation, _remaining(deadline) / 4, mip_gap)
        if _closed(found, mip_gap):
            return _proven(found)
    return _branch_and_cut(model, k, found, _remaining(deadline), mip_gap)


def _remaining(deadline: float) -> float:
    return deadline - time.perf_counter()


def _kernel_search(model: _Model, k, found: _Solution, relaxation, time_limit, mip_gap):
    """Best solution over the candidates in the LP support, the incumbent and the 2k highest
    LP prices: a small MIP that usually contains the optimum."""
    kernel = relaxation.x > 1e-6
    kernel[found.sites] = True
    prices = model.cols @ relaxation.multipliers
    kernel[np.argsort(-prices, kind="stable")[: 2 * k]] = True
    columns = np.flatnonzero(kernel)
    sub = _reduce(model.weights, model.rows[:, columns])
    start = np.isin(columns[sub.columns], found.sites)
    sites, value, _, _ = _solve_mip(sub, k, start, time_limit, mip_gap)
    return _better(found, columns[sub.columns[sites]], value)


def _branch_and_cut(model: _Model, k: int, found: _Solution, time_limit: float, mip_gap: float):
    """HiGHS on the model left after Lagrangian fixing, started from the incumbent."""
    zero, one = _fixings(model, k, found)
    covered = model.rows @ one.astype(np.float64) > 0
    free = np.flatnonzero(~(zero | one))
    sub = _reduce(np.where(covered, 0.0, model.weights), model.rows[:, free])
    offset = float(model.weights[covered].sum())
    start = np.isin(free[sub.columns], found.sites)
    if sub.rows.shape[0] == 0 or k - one.sum() <= 0:
        sites, value, bound, status = np.zeros(0, np.int64), 0.0, 0.0, "optimal"
    else:
        sites, value, bound, status = _solve_mip(
            sub, k - int(one.sum()), start, time_limit, mip_gap
        )
    chosen = np.concatenate([np.flatnonzero(one), free[sub.columns[sites]]])
    best = _better(found, chosen, value + offset)
    # Solutions cut off by the fixings are no better than the incumbent found before them.
    proven = max(bound + offset, found.value)
    return _Solution(
        best.sites,
        best.value,
        max(min(found.bound, proven), best.value),
        "mip" if proven < found.bound else found.bound_kind,
        status,
    )


def _solve_mip(model: _Model, k: int, start: np.ndarray, time_limit: float, mip_gap: float):
    """Run HiGHS on the MIP; return chosen columns, objective, dual bound and status text."""
    import highspy

    solver = _highs()
    solver.passModel(_highs_model(model, k, integer=True))
    solver.setOptionValue("time_limit", max(float(time_limit), 0.1))
    solver.setOptionValue("mip_rel_gap", float(mip_gap))
    for name, value in _MIP_OPTIONS.items():
        solver.setOptionValue(name, value)
    if start.sum() <= k:
        x = start.astype(np.float64)
        initial = highspy.HighsSolution()
        initial.col_value = np.concatenate([x, np.minimum(1.0, model.rows @ x)]).tolist()
        solver.setSolution(initial)
    solver.run()
    info, status = solver.getInfo(), solver.getModelStatus()
    n = model.rows.shape[1]
    if info.primal_solution_status == highspy.kSolutionStatusFeasible:
        x = np.asarray(solver.getSolution().col_value[:n])
        sites = np.flatnonzero(x > 0.5)
        value = float(model.weights[model.rows @ (x > 0.5).astype(np.float64) > 0].sum())
    else:
        sites, value = np.zeros(0, np.int64), 0.0
    bound = float(info.mip_dual_bound)
    if not np.isfinite(bound):  # stopped before the root LP: only the trivial bound is known
        bound = float(model.weights.sum())
    text = _STATUS.get(status.name) or solver.modelStatusToString(status)
    return sites, value, max(bound, value), text


#: HiGHS options for the MIP. On MCLP models, restarts after root fixings and a large cut pool
#: cost more than they gain (measured: 2–4× slower root on 5,000 × 500 instances).
_MIP_OPTIONS = {"mip_allow_restart": False, "mip_pool_soft_limit": 200}

_STATUS = {
    "kOptimal": "optimal",
    "kTimeLimit": "Zeitlimit erreicht",
    "kInterrupt": "abgebrochen",
    "kMemoryLimit": "Speichergrenze erreicht",
}


def _highs():
    """A silent HiGHS instance.

    highspy prints its banner to the process's standard output (file descriptor 1, from C++)
    when the first instance is made; a command line must not show it, so descriptor 1 points to
    /dev/null for that moment.
    """
    import os
    import sys

    import highspy

    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 1)
            solver = highspy.Highs()
    finally:
        os.dup2(saved, 1)
        os.close(saved)
    solver.silent()
    return solver


def _highs_model(model: _Model, k: int, integer: bool):
    """The MCLP as a HiGHS model: columns x (candidates) then y (demand groups)."""
    import highspy

    m, n = model.rows.shape
    # Rows 0..m-1: y_i − Σ_{j∈N_i} x_j ≤ 0; row m: Σ_j x_j ≤ k.
    x_part = sp.vstack([-model.rows, sp.csr_matrix(np.ones((1, n)))])
    y_part = sp.vstack([sp.identity(m, format="csr"), sp.csr_matrix((1, m))])
    matrix = sp.hstack([x_part, y_part], format="csc")
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = n + m, m + 1
    lp.sense_ = highspy.ObjSense.kMaximize
    lp.col_cost_ = np.concatenate([np.zeros(n), model.weights])
    lp.col_lower_ = np.zeros(n + m)
    lp.col_upper_ = np.ones(n + m)
    lp.row_lower_ = np.full(m + 1, -highspy.kHighsInf)
    lp.row_upper_ = np.concatenate([np.zeros(m), [float(k)]])
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = matrix.indptr
    lp.a_matrix_.index_ = matrix.indices
    lp.a_matrix_.value_ = matrix.data
    if integer:
        # Only x must be integral. For binary x the best y_i is min(1, Σ_{j∈N_i} x_j), which
        # is 0 or 1 because w_i > 0 pushes y_i to its upper bound, so y may stay continuous:
        # fewer integer variables, same optimum.
        lp.integrality_ = [highspy.HighsVarType.kInteger] * n + [
            highspy.HighsVarType.kContinuous
        ] * m
    return lp


@dataclass(frozen=True)
class _Relaxation:
    """The LP relaxation: its bound, its row duals as Lagrange multipliers, its x."""

    bound: float
    multipliers: np.ndarray
    x: np.ndarray


def _lagrangian_bound(model: _Model, k: int, multipliers: np.ndarray) -> float:
    prices = np.clip(model.cols @ multipliers, 0, None)
    return float(np.clip(model.weights - multipliers, 0, None).sum() + _top_sum(prices, k))


def _lp_relaxation(model: _Model, k: int, time_limit: float) -> _Relaxation | None:
    """Solve the LP relaxation with HiGHS; ``None`` if it does not finish in time.

    The bound is recomputed as the Lagrangian bound of the LP's row duals: at LP-optimal duals
    the two are equal, and the Lagrangian value is a valid bound for any multipliers, so solver
    tolerances cannot make it too small.
    """
    import highspy

    solver = _highs()
    solver.passModel(_highs_model(model, k, integer=False))
    solver.setOptionValue("time_limit", max(float(time_limit), 0.1))
    # Primal simplex: on these degenerate covering LPs several times faster than dual simplex.
    solver.setOptionValue("simplex_strategy", 4)
    solver.run()
    if solver.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    m, n = model.rows.shape
    solution = solver.getSolution()
    multipliers = np.clip(np.abs(np.asarray(solution.row_dual)[:m]), 0, model.weights)
    x = np.asarray(solution.col_value)[:n]
    return _Relaxation(_lagrangian_bound(model, k, multipliers), multipliers, x)


def _tightened(found: _Solution, relaxation: _Relaxation) -> _Solution:
    bound = max(relaxation.bound, found.value)
    if bound >= found.bound:
        return found
    # The LP duals are the best multipliers there are: use them for the fixings too.
    return _Solution(found.sites, found.value, bound, "lp", found.status, relaxation.multipliers)


def _lp_bound(model: _Model, k: int, found: _Solution, time_limit: float) -> _Solution:
    """Tighten the heuristic's bound with the LP relaxation, if HiGHS solves it in time."""
    relaxation = _lp_relaxation(model, k, time_limit)
    return found if relaxation is None else _tightened(found, relaxation)


# --- the public solver ------------------------------------------------------------------------


def solve_mclp(
    weights,
    coverage,
    k: int,
    *,
    method: Method = "auto",
    time_limit: float = 60.0,
    mip_gap: float = 1e-6,
    lp_bound: bool | None = None,
) -> SitingResult:
    """Choose ``k`` candidates that cover the most weight (maximal covering location problem).

    Parameters
    ----------
    weights
        Weight of each demand point (population, or population × deficit), ≥ 0.
    coverage
        Demand × candidate sparse matrix, non-zero where the candidate covers the demand point
        (see :func:`coverage_matrix`).
    k
        Number of sites to choose, 1 ≤ k ≤ number of candidates.
    method
        ``"exact"``: MIP with HiGHS, proven optimal unless the time limit stops it;
        ``"heuristic"``: greedy, interchange and Lagrangian rounding, in a fraction of a second;
        ``"auto"``: exact up to :data:`AUTO_EXACT_MAX_NNZ` pairs in the reduced model, else
        heuristic.
    time_limit
        Seconds for the whole solve; at the limit the exact method returns the best solution
        found and its bound.
    mip_gap
        Relative gap (bound − objective) / bound at which the exact method stops.
    lp_bound
        Heuristic only: also solve the LP relaxation for a tighter bound. Default: when the
        reduced model has at most :data:`LP_BOUND_MAX_NNZ` pairs.

    Returns
    -------
    SitingResult
        The sites in order of marginal gain, the objective, the bound and the gap.

    Raises
    ------
    ValueError
        With a German message if the inputs do not fit (``k`` larger than the candidates, weights
        negative, shapes that do not match).

    Examples
    --------
    Three villages on a line, two candidate sites; the second covers the two larger villages:

    >>> import scipy.sparse as sp
    >>> cover = sp.csr_matrix([[1, 0], [1, 1], [0, 1]])
    >>> result = solve_mclp([100, 300, 500], cover, 1)
    >>> result.sites.tolist(), result.objective, result.status
    ([1], 800.0, 'optimal')
    """
    started = time.perf_counter()
    weights, coverage = _checked(weights, coverage, k, method)
    model = _reduce(weights, coverage)
    if method == "auto":
        method = "exact" if model.nnz <= AUTO_EXACT_MAX_NNZ else "heuristic"
    solution = _solve(model, int(k), method, started + time_limit, mip_gap, lp_bound)
    return _result(model, solution, method, started, float(weights.sum()))


def _checked(weights, coverage, k, method) -> tuple[np.ndarray, sp.csr_matrix]:
    weights = np.asarray(weights, dtype=np.float64)
    matrix = sp.csr_matrix(coverage, dtype=np.float64)
    matrix.data = (matrix.data != 0).astype(np.float64)
    matrix.eliminate_zeros()
    if method not in ("auto", "exact", "heuristic"):
        raise ValueError(f"Verfahren '{method}' unbekannt: erlaubt sind auto, exact, heuristic.")
    if weights.ndim != 1 or len(weights) != matrix.shape[0]:
        raise ValueError(
            f"{weights.size} Gewichte, aber {matrix.shape[0]} Nachfragepunkte in der "
            "Abdeckungsmatrix: beide müssen zusammenpassen."
        )
    if not np.isfinite(weights).all() or (weights < 0).any():
        raise ValueError("Die Gewichte (Einwohner) müssen Zahlen ≥ 0 sein.")
    if isinstance(k, bool) or not float(k).is_integer() or k < 1:
        raise ValueError(f"Die Zahl neuer Standorte muss eine ganze Zahl ≥ 1 sein, nicht {k}.")
    if k > matrix.shape[1]:
        raise ValueError(
            f"Es sollen {int(k)} neue Standorte gewählt werden, es gibt aber nur "
            f"{matrix.shape[1]} Kandidaten. Bitte weniger Standorte wählen oder mehr "
            "Kandidaten angeben."
        )
    matrix.sort_indices()
    return weights, matrix


def _solve(model, k, method, deadline, mip_gap, lp_bound) -> _Solution:
    n = model.rows.shape[1]
    if n <= k:  # every candidate that covers anything fits: all coverable weight
        total = float(model.weights.sum())
        return _Solution(np.arange(n), total, total, "exact", "optimal")
    found = _heuristic(model, k)
    if method == "exact":
        return _exact(model, k, found, deadline, mip_gap)
    if lp_bound or (lp_bound is None and model.nnz <= LP_BOUND_MAX_NNZ):
        return _lp_bound(model, k, found, _remaining(deadline))
    return found


def _integral(bound: float, weights: np.ndarray) -> float:
    """With whole-number weights every objective is whole: round the bound down to one.

    The slack (far below 1) keeps float noise just under a whole number from cutting below it.
    """
    if not np.array_equal(weights, np.round(weights)):
        return bound
    return float(math.floor(bound + min(0.25, 1e-7 * abs(bound))))


def _result(model: _Model, solution: _Solution, method, started, total) -> SitingResult:
    allowed = np.zeros(model.rows.shape[1], dtype=bool)
    allowed[_prune(model, solution.sites)] = True
    picks, gains, _ = _greedy(model, len(solution.sites), allowed)
    group_covered = model.rows @ allowed.astype(np.float64) > 0
    kept = model.group >= 0
    covered = np.zeros(len(model.group), dtype=bool)
    covered[kept] = group_covered[model.group[kept]]
    objective = float(gains.sum())
    bound = max(_integral(solution.bound, model.weights), objective)
    return SitingResult(
        sites=model.columns[picks],
        gains=gains,
        cumulative=np.cumsum(gains),
        covered=covered,
        objective=objective,
        bound=bound,
        gap=(bound - objective) / bound if bound > 0 else 0.0,
        bound_kind=solution.bound_kind,
        method=method,
        status=solution.status,
        runtime=time.perf_counter() - started,
        total_weight=total,
    )


# --- recommendation tables ------------------------------------------------------------------


def recommend_sites(
    demand: pd.DataFrame,
    candidates: pd.DataFrame,
    existing: pd.DataFrame | None,
    costs_demand_candidates: Costs,
    costs_demand_existing: Costs | None,
    k: int,
    radius: float,
    objective: Objective = "coverage",
    *,
    threshold: float | None = None,
    access_is_time: bool = False,
    method: Method = "auto",
    time_limit: float = 60.0,
    mip_gap: float = 1e-6,
) -> pd.DataFrame:
    """Recommend ``k`` new practice sites among ``candidates``, best first.

    Parameters
    ----------
    demand
        Demand points: ``id``, ``einwohner``, optionally ``lon``/``lat``; for
        ``objective="worst_served"`` also ``zugang``, the current access of each point.
    candidates
        Candidate sites: ``id``, optionally ``name``, ``lon``, ``lat``.
    existing
        Existing practices (``id``, position), or ``None``.
    costs_demand_candidates, costs_demand_existing
        Costs demand × candidates and demand × existing practices, in the unit of ``radius``
        (see :func:`gesundheitsregion.erreichbarkeit.straight_line_costs`).
    k
        Number of new sites.
    radius
        Coverage radius: a demand point is served by a site at cost ≤ ``radius``.
    objective
        ``"coverage"``: most inhabitants not yet within ``radius`` of an existing practice.
        ``"worst_served"``: most population × access deficit (:func:`deficit_weights` with
        ``threshold``); existing practices are not excluded here, since ``zugang`` already
        reflects them: a point in reach of an overloaded practice can still lack access.
    threshold, access_is_time
        For ``"worst_served"``: the access level below which (or, for times, above which) a
        point counts as underserved.
    method, time_limit, mip_gap
        As for :func:`solve_mclp`.

    Returns
    -------
    pandas.DataFrame
        One row per site in order of marginal gain: ``rang``, ``kandidat``, ``name`` (if
        given), ``lon``, ``lat``, ``neu_versorgte_einwohner`` (inhabitants not served before
        this site, neither by existing practices nor by the sites ranked above),
        ``kumuliert``, ``anteil_neu_versorgt`` (``kumuliert`` as a share of the inhabitants
        not served by existing practices); for ``"worst_served"`` also ``zielbeitrag`` (the
        site's gain in population × deficit). ``attrs`` hold ``zielfunktion``, ``schranke``,
        ``luecke``, ``verfahren`` (``exakt``/``heuristik``), ``status``, ``schranke_art``,
        ``laufzeit_s``, ``einwohner``, ``bisher_versorgt`` and ``ziel``.

    Examples
    --------
    Four villages on a line at 0, 10, 25 and 40 km, a practice in the first, candidate sites
    in the others, 12 km radius. The practice already serves A and B; a site in D reaches its
    500 inhabitants, one in C only 300:

    >>> import pandas as pd
    >>> from gesundheitsregion.erreichbarkeit import straight_line_costs
    >>> places = [[0, 0], [10_000, 0], [25_000, 0], [40_000, 0]]
    >>> demand = pd.DataFrame({"id": list("ABCD"), "einwohner": [900, 100, 300, 500]})
    >>> candidates = pd.DataFrame({"id": ["k1", "k2", "k3"]})
    >>> existing = pd.DataFrame({"id": ["P"]})
    >>> to_candidates = straight_line_costs(places, places[1:], max_cost=12)
    >>> to_existing = straight_line_costs(places, places[:1], max_cost=12)
    >>> table = recommend_sites(demand, candidates, existing, to_candidates, to_existing,
    ...                         k=1, radius=12)
    >>> table[["rang", "kandidat", "neu_versorgte_einwohner", "anteil_neu_versorgt"]]
       rang kandidat  neu_versorgte_einwohner  anteil_neu_versorgt
    0     1       k3                    500.0                0.625
    >>> table.attrs["verfahren"], table.attrs["luecke"]
    ('exakt', 0.0)
    """
    population = _population(demand)
    _check_costs(demand, candidates, existing, costs_demand_candidates, costs_demand_existing)
    served = _served(costs_demand_existing, radius, len(demand))
    if objective == "coverage":
        weights = np.where(served, 0.0, population)
    elif objective == "worst_served":
        weights = _deficit(demand, population, threshold, access_is_time)
    else:
        raise ValueError(f"Ziel '{objective}' unbekannt: erlaubt sind coverage und worst_served.")
    if not (weights > 0).any():
        raise ValueError(_nothing_to_gain(objective, served))
    coverage = coverage_matrix(costs_demand_candidates, radius)
    result = solve_mclp(weights, coverage, k, method=method, time_limit=time_limit, mip_gap=mip_gap)
    if result.objective <= 0:
        raise ValueError(
            f"Keiner der {coverage.shape[1]} Kandidaten erreicht im Radius von {radius:g} "
            f"{costs_demand_candidates.unit} Einwohner, die noch nicht versorgt sind. Bitte den "
            "Radius vergrößern oder Kandidaten näher an den unversorgten Orten angeben."
        )
    return _table(candidates, coverage, population, served, result, objective)


def _population(demand: pd.DataFrame) -> np.ndarray:
    if len(demand) == 0:
        raise ValueError("Die Nachfragetabelle ist leer: es gibt niemanden zu versorgen.")
    if "einwohner" not in demand.columns:
        raise ValueError("Der Nachfragetabelle fehlt die Spalte 'einwohner'.")
    population = pd.to_numeric(demand["einwohner"], errors="coerce").to_numpy(np.float64)
    if not np.isfinite(population).all() or (population < 0).any():
        raise ValueError("Die Spalte 'einwohner' muss für jeden Nachfragepunkt eine Zahl ≥ 0 sein.")
    return population


def _check_costs(demand, candidates, existing, to_candidates, to_existing) -> None:
    if len(candidates) == 0:
        raise ValueError("Es gibt keine Kandidaten: bitte mögliche Standorte angeben.")
    if to_candidates.shape != (len(demand), len(candidates)):
        raise ValueError(
            f"Die Kosten Nachfrage × Kandidaten haben die Form {to_candidates.shape}, erwartet "
            f"wird ({len(demand)}, {len(candidates)})."
        )
    n_existing = 0 if existing is None else len(existing)
    if to_existing is not None and to_existing.shape != (len(demand), n_existing):
        raise ValueError(
            f"Die Kosten Nachfrage × Bestand haben die Form {to_existing.shape}, erwartet wird "
            f"({len(demand)}, {n_existing})."
        )
    if to_existing is not None and to_existing.unit != to_candidates.unit:
        raise ValueError("Die Kosten zu Bestand und Kandidaten brauchen dieselbe Einheit.")


def _served(to_existing: Costs | None, radius: float, n: int) -> np.ndarray:
    """Demand points with an existing practice within ``radius``."""
    if to_existing is None:
        return np.zeros(n, dtype=bool)
    return np.bincount(to_existing.within(radius).demand, minlength=n) > 0


def _deficit(demand, population, threshold, access_is_time) -> np.ndarray:
    if threshold is None:
        raise ValueError("Für das Ziel 'worst_served' fehlt die Schwelle des Zugangs.")
    if "zugang" not in demand.columns:
        raise ValueError(
            "Für das Ziel 'worst_served' braucht die Nachfrage die Spalte 'zugang' mit dem "
            "heutigen Zugang je Punkt (z. B. aus 'gesundheitsregion erreichbarkeit')."
        )
    access = pd.to_numeric(demand["zugang"], errors="coerce").to_numpy(np.float64)
    return deficit_weights(population, access, threshold, access_is_time=access_is_time)


def _nothing_to_gain(objective: str, served: np.ndarray) -> str:
    if objective == "coverage":
        return (
            "Alle Einwohner sind schon im Radius eines bestehenden Standorts versorgt (oder "
            "es gibt keine Einwohner): neue Standorte bringen keine zusätzliche Abdeckung."
        )
    return (
        "Kein Nachfragepunkt mit Einwohnern liegt unter der Schwelle des Zugangs: nach "
        "diesem Ziel gibt es keine unterversorgten Gebiete."
    )


def _newly_served(coverage, population, served, sites) -> np.ndarray:
    """Inhabitants each site reaches who are not served before it (in the given order)."""
    done = served.copy()
    gains = np.zeros(len(sites))
    columns = coverage.tocsc()
    for rank, site in enumerate(sites):  # one step per chosen site, at most k
        rows = columns.indices[columns.indptr[site] : columns.indptr[site + 1]]
        new = rows[~done[rows]]
        gains[rank] = population[new].sum()
        done[new] = True
    return gains


def _table(candidates, coverage, population, served, result: SitingResult, objective):
    picked = candidates.iloc[result.sites]
    newly = _newly_served(coverage, population, served, result.sites)
    unserved = float(population[~served].sum())
    table = pd.DataFrame(
        {
            "rang": np.arange(1, len(result.sites) + 1),
            "kandidat": picked["id"].to_numpy(),
        }
    )
    if "name" in candidates.columns:
        table["name"] = picked["name"].to_numpy()
    for column in ("lon", "lat"):
        table[column] = (
            picked[column].to_numpy(np.float64)
            if column in picked
            else np.full(len(picked), np.nan)
        )
    table["neu_versorgte_einwohner"] = newly
    table["kumuliert"] = np.cumsum(newly)
    table["anteil_neu_versorgt"] = table["kumuliert"] / unserved if unserved > 0 else np.nan
    if objective == "worst_served":
        table["zielbeitrag"] = result.gains
    table.attrs.update(
        zielfunktion=result.objective,
        schranke=result.bound,
        luecke=result.gap,
        verfahren={"exact": "exakt", "heuristic": "heuristik"}[result.method],
        status=result.status,
        schranke_art=result.bound_kind,
        laufzeit_s=result.runtime,
        einwohner=float(population.sum()),
        bisher_versorgt=float(population[served].sum()),
        ziel=objective,
    )
    return table
