"""Travel costs between demand and supply points, kept sparse.

Only pairs within the catchment are ever materialised: a :class:`Costs` table holds them as
three parallel arrays (demand index, supply index, cost). Zero costs (a practice in the same
grid cell) are real values, which is why this is not a plain ``scipy.sparse`` matrix, where a
stored zero and a missing pair are easily confused.

Producers: :func:`gesundheitsregion.erreichbarkeit.straight_line_costs` (KD-tree) and
:func:`gesundheitsregion.routing.osrm_costs` (OSRM). Consumers: the accessibility measures in
:mod:`gesundheitsregion.erreichbarkeit` and the siting in :mod:`gesundheitsregion.standorte`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import scipy.sparse as sp

__all__ = ["LIMIT_RTOL", "Costs", "within_limit"]

Unit = Literal["km", "min"]

#: Relative tolerance of every comparison with a limit (catchment, step bound, radius): a cost at
#: most ``limit × (1 + LIMIT_RTOL)`` counts as on the limit, hence inside. Why: a pair that lies
#: exactly on the limit in the user's coordinates can come out a few ulps above it after a
#: projection (lon/lat → EPSG:3035 moves points by up to about 3·10⁻⁹ m, a relative error near
#: 3·10⁻¹³ on a 10 km distance) or after a unit conversion (metres → minutes). 10⁻⁹ (10 µm on
#: 10 km) is four orders above that noise and far below any real precision of coordinates
#: (7 decimals of a degree are about 1 cm, 10⁻⁶ of 10 km), so no pair measurably beyond the
#: limit is let in. Coordinates in a projected CRS are kept exactly (``io.points_xy``), so on
#: grids the distances at the limit are exact anyway.
LIMIT_RTOL = 1e-9


def within_limit(cost, limit: float) -> np.ndarray:
    """Whether each cost is at most ``limit``, with the tolerance :data:`LIMIT_RTOL`.

    Examples
    --------
    >>> within_limit(np.array([10.0, 10.000000000001, 10.0001]), 10).tolist()
    [True, True, False]
    """
    return np.asarray(cost) <= limit * (1.0 + LIMIT_RTOL)


@dataclass(frozen=True)
class Costs:
    """Costs of the pairs in reach, as parallel arrays.

    Attributes
    ----------
    demand, supply
        Row positions (0-based) into the demand and supply tables, ``int64``.
    cost
        Cost of each pair in ``unit``, ``float64``, ≥ 0.
    shape
        ``(number of demand points, number of supply points)``.
    unit
        ``"km"`` or ``"min"``.
    unreachable
        Demand positions that could not be placed on the network at all (routing only).

    Examples
    --------
    >>> c = Costs(np.array([0, 1]), np.array([0, 0]), np.array([0.0, 2.5]), (2, 1), "km")
    >>> c.within(1.0).cost.tolist()
    [0.0]
    >>> c.to_csr().nnz  # the zero cost of pair (0, 0) stays a stored entry
    2
    """

    demand: np.ndarray
    supply: np.ndarray
    cost: np.ndarray
    shape: tuple[int, int]
    unit: Unit = "km"
    unreachable: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))

    def __post_init__(self) -> None:
        if not (len(self.demand) == len(self.supply) == len(self.cost)):
            raise ValueError("demand, supply und cost müssen gleich lang sein")

    def __len__(self) -> int:
        return len(self.cost)

    def within(self, limit: float) -> Costs:
        """Return only the pairs with cost ≤ ``limit`` (see :func:`within_limit`)."""
        keep = within_limit(self.cost, limit)
        return Costs(
            self.demand[keep],
            self.supply[keep],
            self.cost[keep],
            self.shape,
            self.unit,
            self.unreachable,
        )

    def to_csr(self, values: np.ndarray | None = None) -> sp.csr_matrix:
        """A demand × supply CSR matrix of ``values`` (default: the costs) for the pairs.

        Stored entries are exactly the pairs of this table, zeros included (scipy keeps explicit
        zeros when the matrix is built from COO arrays without summing duplicates away).
        """
        data = self.cost if values is None else values
        return sp.csr_matrix((data, (self.demand, self.supply)), shape=self.shape)

    def to_frame(self, demand_ids=None, supply_ids=None):
        """The pairs as a DataFrame (``nachfrage``, ``angebot``, ``kosten``), ids where given."""
        import pandas as pd

        return pd.DataFrame(
            {
                "nachfrage": self.demand
                if demand_ids is None
                else np.asarray(demand_ids)[self.demand],
                "angebot": self.supply
                if supply_ids is None
                else np.asarray(supply_ids)[self.supply],
                "kosten": self.cost,
            }
        )
