"""Where the time of ``gesundheitsregion erreichbarkeit`` goes: the command's library calls in a
fresh process, CPU seconds per step, printed as JSON. Started by ``bench_cli.py``; nothing is
imported before the first step, so the imports are counted as the command pays them.

Run: ``.venv/bin/python benchmarks/_cli_phases.py NACHFRAGE ANGEBOT AUSGABE KM GEWICHTE_JSON``
"""

from __future__ import annotations

import json
import sys
import time


def phases(demand: str, supply: str, out: str, catchment: float, steps: dict) -> dict:
    """CPU seconds per step of the command, in this process."""
    times, last = {}, time.process_time()

    def step(name: str) -> None:
        nonlocal last
        now = time.process_time()
        times[name] = round(now - last, 3)
        last = now

    import numpy  # noqa: F401
    import pandas

    step("numpy und pandas laden")
    import scipy.spatial  # noqa: F401

    step("SciPy laden (KD-Baum, dünne Matrizen)")
    from gesundheitsregion import erreichbarkeit as e
    from gesundheitsregion import io
    from gesundheitsregion.schema import ANGEBOT, NACHFRAGE

    step("gesundheitsregion laden")
    demand_table, demand_lonlat, _ = io.read_points(demand, NACHFRAGE, crs="EPSG:3035")
    supply_table, supply_lonlat, _ = io.read_points(supply, ANGEBOT, crs="EPSG:3035")
    step("beide Dateien lesen und prüfen")
    costs = e.straight_line_costs(
        io.points_xy(demand_table, demand_lonlat, "EPSG:3035"),
        io.points_xy(supply_table, supply_lonlat, "EPSG:3035"),
        max_cost=catchment,
    )
    step("Paare im Einzugsbereich finden")
    result = e.accessibility(
        demand_table.reset_index(drop=True),
        supply_table.reset_index(drop=True),
        costs,
        method="e2sfca",
        catchment=catchment,
        weights=steps,
    )
    step("E2SFCA")
    table = pandas.concat([demand_table["id"].reset_index(drop=True), result], axis=1)
    io.write_table(table, out)
    step("Ergebnis schreiben")
    return times


if __name__ == "__main__":
    demand, supply, out, catchment, weights = sys.argv[1:6]
    steps = {float(k): v for k, v in json.loads(weights).items()}
    print(json.dumps(phases(demand, supply, out, float(catchment), steps)))
