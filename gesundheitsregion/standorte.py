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

Two ways to solve it share one reduced model (:func:`solve_mclp`):

* ``"exact"``: the mixed-integer programme, built as one sparse matrix and solved by HiGHS
  (branch and cut), started from the heuristic's solution. Reports HiGHS' status, the best
  solution, the proven upper bound (dual bound) and the gap.
* ``"heuristic"``: greedy with exact incremental gains, then 1-opt interchange (swap a chosen
  site for an unchosen one while that improves). Its bound comes from the LP relaxation (HiGHS)
  when the model is small enough, else from submodularity.

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
LP_BOUND_MAX_NNZ = 3_000_000

_BOUND_KINDS = {
    "mip": "duale Schranke des MIP-Lösers (HiGHS)",
    "lp": "LP-Relaxation (HiGHS)",
    "submodular": "Submodularitätsschranke (Nemhauser/Wolsey/Fisher 1978)",
    "exact": "bewiesenes Optimum",
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
        For each demand point: is it covered by a chosen site (and has a positive weight)?
    objective
        Covered weight Σ w_i y_i of the solution.
    bound
        A proven upper bound on the best possible objective.
    gap
        ``(bound - objective) / bound``: at most this share of the attainable weight is missed
        (0 when the bound is 0).
    bound_kind
        Where the bound comes from: ``"mip"`` (HiGHS' dual bound), ``"lp"`` (LP relaxation),
        ``"submodular"`` (greedy bound, see :func:`solve_mclp`).
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


def _swap_state(model: _Model, chosen: np.ndarray) -> _SwapState:
    w = model.weights
    sites = np.flatnonzero(chosen)
    counts = model.rows @ chosen.astype(np.float64)
    add = model.cols @ np.where(counts == 0, w, 0.0)
    # Rows covered by exactly one chosen site are lost when that site goes, unless the
    # incoming site covers them too: delta = add[j] − loss[s] + shared[s, j].
    unique = np.flatnonzero(counts == 1)
    positions, lengths = _segments(model.rows.indptr, unique)
    entries = model.rows.indices[positions]
    owner = entries[chosen[entries]]  # one chosen column per uniquely covered row, in row order
    slot = np.full(chosen.shape, -1, dtype=np.int64)
    slot[sites] = np.arange(len(sites))
    owner_slot = slot[owner]
    loss = np.bincount(owner_slot, weights=w[unique], minlength=len(sites))
    n = chosen.shape[0]
    shared = np.bincount(
        np.repeat(owner_slot, lengths) * n + entries,
        weights=np.repeat(w[unique], lengths),
        minlength=len(sites) * n,
    ).reshape(len(sites), n)
    delta = add[None, :] - loss[:, None] + shared
    delta[:, chosen] = -np.inf
    return _SwapState(float(w[counts > 0].sum()), add, delta)


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
        if state.delta.size == 0:
            break
        best = int(np.argmax(state.delta))
        if state.delta.flat[best] <= tolerance:
            break
        out, into = divmod(best, chosen.shape[0])
        chosen[np.flatnonzero(chosen)[out]] = False
        chosen[into] = True
        state = _swap_state(model, chosen)
    return np.flatnonzero(chosen), state


def _heuristic(model: _Model, k: int) -> tuple[np.ndarray, float, float]:
    """Greedy plus interchange; return the sites, their objective and a submodularity bound."""
    picks, _, bound = _greedy(model, k)
    sites, state = _interchange(model, picks)
    bound = min(bound, state.value + _top_sum(state.add, k))
    return sites, state.value, max(bound, state.value)


# --- exact: the MIP with HiGHS ----------------------------------------------------------------


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
