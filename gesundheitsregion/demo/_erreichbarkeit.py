"""Demo: how well every Gemeinde and Chemnitz Stadtteil reaches a Hausarzt, and where to add 5.

Demand are the inhabited Zensus 1 km cells of the region, carrying the 2024 population of their
Gemeinde (in Chemnitz: of their Stadtteil); supply are the synthetic Hausarzt practices with
their Anrechnungsfaktor as capacity; costs are car minutes (straight line × Umwegfaktor, or OSRM
on an OpenStreetMap extract). The results are example calculations on synthetic practices.
Steps, assumptions and the choice of the coverage radius: ``docs/demo.md``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from pyproj import Transformer

from gesundheitsregion import erreichbarkeit as er
from gesundheitsregion import standorte
from gesundheitsregion._numbers import HAUSAERZTE, format_number
from gesundheitsregion.demo import _quellen as quellen
from gesundheitsregion.demo._gebiete import CHEMNITZ
from gesundheitsregion.kosten import Costs

__all__ = [
    "CATCHMENT_MIN",
    "RADIUS_MIN",
    "SITES",
    "THRESHOLDS_MIN",
    "DemoAccess",
    "demo_accessibility",
    "demo_sites",
    "siting_note",
]

#: Catchment of the measures in car minutes: the last Luo & Qi step.
CATCHMENT_MIN = 30.0
#: Thresholds of the shares ``anteil_ueber_X_min``.
THRESHOLDS_MIN = (5.0, 10.0, 15.0)
#: Coverage radius of the siting in car minutes: the report's threshold and the first, fully
#: weighted E2SFCA step. With straight-line minutes 2.0 % of the region live farther from a
#: practice; 5 minutes would leave 11 % out, mostly suburban gaps between the randomly placed
#: synthetic practices. See docs/demo.md.
RADIUS_MIN = 10.0
#: Number of new practices the siting places.
SITES = 5
#: E2SFCA is capacity per inhabitant; per 100,000 it reads like a Verhältniszahl.
PER_INHABITANTS = 100_000

_SLACK_M = 1500  # a cell overlapping the region has its centre at most 0.71 km outside its box


@dataclass(frozen=True)
class DemoAccess:
    """Accessibility of the demo region to Hausärzte.

    Attributes
    ----------
    gebiete
        One row per Gemeinde, Chemnitz split into its Stadtteile (see :func:`demo_accessibility`).
    punkte
        The demand points (grid cells) with ``lon``, ``lat``, ``gebiet`` and the measures.
    praxen
        The Hausarzt practices used as supply (``id``, ``lon``, ``lat``, ``kapazitaet``).
    kosten
        Car minutes of the pairs demand point × practice within :data:`CATCHMENT_MIN`.
    verfahren
        How the minutes were computed, German, for the report.
    hinweise
        German notes on data, method and everything left out.
    """

    gebiete: pd.DataFrame
    punkte: pd.DataFrame
    praxen: pd.DataFrame
    kosten: Costs
    verfahren: str
    hinweise: list[str] = field(default_factory=list)


def _areas(region) -> pd.DataFrame:
    """Gemeinden without Chemnitz, plus the Chemnitz Stadtteile, with their Kreis."""
    gebiete = region.gebiete
    art = gebiete["art"]
    keep = (art == "Stadtteil") | ((art == "Gemeinde") & (gebiete["id"] != CHEMNITZ))
    areas = gebiete[keep].reset_index(drop=True)
    # The first five digits of a Gemeinde AGS (and so of a Stadtteil key) are its Kreis AGS.
    return areas.assign(kreis=areas["id"].str[:5])


def _totals_2024(region, areas: pd.DataFrame) -> pd.Series:
    """Population per area on 31.12.2024: Gemeinden 2022 scaled to their Kreis total of 2024.

    Stadtteile already add up to Chemnitz in 2024, so their factor is 1.
    """
    b = region.bevoelkerung
    total = b[(b["altersgruppe"] == "insgesamt") & (b["geschlecht"] == "insgesamt")]
    newest = (
        total.sort_values("stichtag").drop_duplicates("gebiet", keep="last").set_index("gebiet")
    )["einwohner"]
    raw = pd.Series(newest.reindex(areas["id"]).to_numpy(float), index=areas["id"].to_numpy())
    kreis = areas["kreis"].to_numpy()
    factor = newest.reindex(kreis).to_numpy(float) / raw.groupby(kreis).transform("sum")
    return raw * factor.to_numpy()


def _lonlat(x, y) -> np.ndarray:
    lon, lat = Transformer.from_crs(3035, 4326, always_xy=True).transform(x, y)
    return np.column_stack((lon, lat))


def _demand(region, data_dir: Path, areas: pd.DataFrame) -> pd.DataFrame:
    kreise = region.gebiete[region.gebiete["art"] == "Kreis"]
    minx, miny, maxx, maxy = kreise.to_crs(3035).total_bounds
    bounds = (minx - _SLACK_M, miny - _SLACK_M, maxx + _SLACK_M, maxy + _SLACK_M)
    grid = quellen.read_grid(data_dir, bounds)
    demand = er.demand_from_area_totals(areas, _totals_2024(region, areas), grid)
    lonlat = _lonlat(demand["x"].to_numpy(), demand["y"].to_numpy())
    return demand.assign(lon=lonlat[:, 0], lat=lonlat[:, 1])


def _practices(region) -> pd.DataFrame:
    aerzte = region.aerzte
    rows = aerzte[aerzte["arztgruppe"] == HAUSAERZTE]
    return pd.DataFrame(
        {
            "id": rows["id"].to_numpy(),
            "lon": rows["lon"].to_numpy(float),
            "lat": rows["lat"].to_numpy(float),
            "kapazitaet": rows["anrechnungsfaktor"].to_numpy(float),
        }
    )


def _car_minutes(demand: pd.DataFrame, targets: pd.DataFrame, max_minutes: float, osm, progress):
    """Car minutes from every demand point to the targets (``lon``/``lat``) within the limit."""
    if osm is None:
        return er.straight_line_costs(
            demand[["x", "y"]].to_numpy(),
            er.to_metric(targets[["lon", "lat"]].to_numpy()),
            max_cost=max_minutes,
            unit="min",
        )
    from gesundheitsregion import routing

    return routing.osrm_costs(
        demand[["lon", "lat"]].to_numpy(),
        targets[["lon", "lat"]].to_numpy(),
        osm,
        max_minutes=max_minutes,
        progress=progress,
    )


def _method_text(osm) -> str:
    if osm is None:
        return (
            f"Luftlinie × Umwegfaktor {format_number(er.DETOUR, 1)} bei "
            f"{format_number(er.SPEED_KMH)} km/h (Pkw)"
        )
    return f"Pkw-Fahrzeit im Straßennetz (OSRM, OpenStreetMap-Auszug {Path(osm).name})"


def _area_table(areas: pd.DataFrame, demand: pd.DataFrame, result: pd.DataFrame) -> pd.DataFrame:
    summed = er.aggregate(result, demand, "gebiet", thresholds=THRESHOLDS_MIN)
    summed = summed.set_index("gebiet").reindex(areas["id"])
    table = pd.DataFrame(
        {
            "gebiet": areas["id"].to_numpy(),
            "name": areas["name"].to_numpy(),
            "art": areas["art"].to_numpy(),
            "kreis": areas["kreis"].to_numpy(),
            "einwohner": summed["einwohner"].fillna(0.0).round(1).to_numpy(),
            "minuten_naechste_praxis": summed["naechste_kosten"].to_numpy(),
        }
    )
    for limit in THRESHOLDS_MIN:
        table[f"anteil_ueber_{limit:g}_min"] = summed[f"anteil_ueber_{limit:g}"].to_numpy()
    table[f"einwohner_ohne_praxis_{CATCHMENT_MIN:g}_min"] = (
        summed["einwohner_ohne_anbieter"].fillna(0.0).round(1).to_numpy()
    )
    table["hausaerzte_je_100000"] = (summed["zugang"] * PER_INHABITANTS).to_numpy()
    table["synthetisch"] = True
    return table.astype({c: "string" for c in ("gebiet", "name", "art", "kreis")})


def _notes(demand: pd.DataFrame, practices: pd.DataFrame, costs: Costs, osm) -> list[str]:
    cells = int(demand["id"].str.startswith("CRS3035").sum())
    notes = [
        "Erreichbarkeit der Hausärzte: Nachfrage sind die "
        f"{format_number(cells)} bewohnten 1-km-Zellen des Zensus 2011 in der Region; jede "
        "trägt die Einwohner ihrer Gemeinde bzw. ihres Chemnitzer Stadtteils im Verhältnis "
        "ihrer Gitterbevölkerung (Gemeinden 31.12.2022, je Kreis auf die Einwohner 31.12.2024 "
        "hochgerechnet; Stadtteile 31.12.2024).",
        f"Fahrzeiten zur Hausarztpraxis: {_method_text(osm)}, vom Zellmittelpunkt aus. "
        + (
            "Die Luftlinie ist eine Näherung; kurze Wege in Orten sind meist länger."
            if osm is None
            else "Punkte abseits des Straßennetzes gelten als nicht erreichbar."
        ),
        f"Angebot: die {format_number(len(practices))} synthetischen Hausarztpraxen mit ihrem "
        "Anrechnungsfaktor als Kapazität. Fahrzeiten, Zugang und Standortempfehlung sind "
        "daher Beispielrechnungen (synthetisch).",
        "Zugang (E2SFCA, Luo & Qi 2009): Stufen 10 / 20 / 30 Minuten mit Gewicht "
        "1 / 0,68 / 0,22, angegeben als Hausärzte (Anrechnungsfaktoren) je 100.000 Einwohner.",
        "Randeffekt: Praxen und Einwohner außerhalb der fünf Kreise fehlen; am Rand der Region "
        "kann die nächste Praxis in Wirklichkeit jenseits der Grenze liegen.",
    ]
    report = getattr(costs, "report", None)
    return notes + ([] if report is None else report.notes())


def demo_accessibility(
    region,
    data_dir: str | os.PathLike[str],
    *,
    osm: str | os.PathLike[str] | None = None,
    progress: bool = False,
) -> DemoAccess:
    """Car minutes to the nearest Hausarzt and E2SFCA access per Gemeinde and Stadtteil.

    Parameters
    ----------
    region
        The :class:`~gesundheitsregion.demo.DemoRegion`.
    data_dir
        The open data directory (for the Zensus grid).
    osm
        OpenStreetMap extract covering the region: route with OSRM instead of the straight line.
    progress
        Show OSRM's progress bars.

    Returns
    -------
    DemoAccess
        Its ``gebiete`` table has one row per Gemeinde (Chemnitz split into its 39 Stadtteile):
        ``gebiet``, ``name``, ``art``, ``kreis``, ``einwohner`` (31.12.2024),
        ``minuten_naechste_praxis`` (population-weighted mean car minutes of those with a
        practice within 30 minutes), ``anteil_ueber_5_min``, ``anteil_ueber_10_min``,
        ``anteil_ueber_15_min`` (shares 0–1 of the population whose nearest practice is
        farther), ``einwohner_ohne_praxis_30_min``, ``hausaerzte_je_100000`` (E2SFCA with the
        Luo & Qi steps 10/20/30 minutes → 1/0.68/0.22) and ``synthetisch`` (always True).
    """
    areas = _areas(region)
    demand = _demand(region, Path(data_dir), areas)
    practices = _practices(region)
    costs = _car_minutes(demand, practices, CATCHMENT_MIN, osm, progress)
    result = er.accessibility(demand, practices, costs, method="e2sfca", catchment=CATCHMENT_MIN)
    points = demand.assign(
        minuten_naechste_praxis=result["naechste_kosten"].to_numpy(),
        naechste_praxis=result["naechster_anbieter"].to_numpy(),
        hausaerzte_je_100000=result["zugang"].to_numpy() * PER_INHABITANTS,
    )
    table = _area_table(areas, demand, result)
    table.attrs["verfahren"] = _method_text(osm)
    return DemoAccess(
        gebiete=table,
        punkte=points,
        praxen=practices,
        kosten=costs,
        verfahren=_method_text(osm),
        hinweise=_notes(demand, practices, costs, osm),
    )


def demo_sites(
    access: DemoAccess,
    *,
    k: int = SITES,
    radius: float = RADIUS_MIN,
    osm: str | os.PathLike[str] | None = None,
    progress: bool = False,
) -> pd.DataFrame:
    """Where ``k`` new Hausarzt practices would bring the most people within ``radius`` minutes.

    The maximal covering location problem, solved exactly with HiGHS
    (:func:`gesundheitsregion.standorte.recommend_sites`): candidates are the centres of the
    inhabited grid cells, people already within ``radius`` of a practice do not count again.

    Parameters
    ----------
    access
        The result of :func:`demo_accessibility` (demand points, practices, costs).
    k
        Number of new practices.
    radius
        Coverage radius in car minutes.
    osm
        As for :func:`demo_accessibility`; use the same extract for both.
    progress
        Show OSRM's progress bars.

    Returns
    -------
    pandas.DataFrame
        The sites in order of their gain: the columns of ``recommend_sites`` (``rang``,
        ``kandidat`` (grid cell), ``name`` (its Gemeinde or Stadtteil), ``lon``, ``lat``,
        ``neu_versorgte_einwohner``, ``kumuliert``, ``anteil_neu_versorgt`` (share of the
        inhabitants not yet served)) plus ``gebiet`` and ``kreis`` of the cell and
        ``synthetisch``; ``attrs`` hold ``radius`` and the solver's ``zielfunktion``,
        ``schranke``, ``luecke``, ``verfahren``, ``status`` and ``schranke_art``.
    """
    demand = access.punkte
    cells = demand["id"].str.startswith("CRS3035").to_numpy() & (demand["einwohner"] > 0)
    candidates = demand.loc[cells, ["id", "lon", "lat", "gebiet"]].reset_index(drop=True)
    names = access.gebiete.set_index("gebiet")["name"]
    candidates["name"] = names.reindex(candidates["gebiet"]).to_numpy()
    to_candidates = _car_minutes(demand, candidates, radius, osm, progress)
    sites = standorte.recommend_sites(
        demand,
        candidates,
        access.praxen,
        to_candidates,
        access.kosten,
        k=k,
        radius=radius,
        objective="coverage",
        method="exact",
    )
    gebiet = pd.Series(
        candidates.set_index("id")["gebiet"].reindex(sites["kandidat"]).to_numpy(),
        index=sites.index,
        dtype="string",
    )
    sites = sites.assign(gebiet=gebiet, kreis=gebiet.str[:5], synthetisch=True)
    sites.attrs["radius"] = float(radius)
    return sites


def siting_note(sites: pd.DataFrame) -> str:
    """The German note on the siting of :func:`demo_sites` for the report's assumptions."""
    radius = format_number(sites.attrs["radius"])
    return (
        f"Standortempfehlung: {format_number(len(sites))} neue Hausarztpraxen nach dem Maximal-"
        f"Covering-Modell (MCLP); versorgt ist, wer eine Praxis binnen {radius} Minuten "
        "erreicht. Kandidaten sind die Mittelpunkte der bewohnten Gitterzellen, keine Adressen; "
        "gezählt werden Einwohner, nicht Patienten oder Arztstunden."
    )
