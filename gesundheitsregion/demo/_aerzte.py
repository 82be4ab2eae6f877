"""Synthetic practices of the demo region: counts from real densities, drawn ages and places.

Nothing here describes a real doctor. The number of doctors per Kreis follows the published
inhabitants per doctor (BBSR/INKAR from the Bundesarztregister, 2016); everything else
(Fachgruppe split, Anrechnungsfaktor, age, location) is drawn from stated assumptions with a
fixed seed, so the same seed gives the same table.
"""

from __future__ import annotations

from collections.abc import Mapping

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer
from scipy import optimize, stats

from gesundheitsregion.demo._bevoelkerung import CELL, largest_remainder
from gesundheitsregion.rules import Rules

__all__ = [
    "ALLGEMEINE_FACHARZTGRUPPEN",
    "ANRECHNUNG_ANTEILE",
    "HAUSAERZTE",
    "HAUSARZT_ALTER_MITTEL",
    "HAUSARZT_ANTEIL_AB_60",
    "age_distribution",
    "arztzahlen",
    "build_aerzte",
    "fachgruppen_aufteilung",
]

HAUSAERZTE = "Hausärzte"

#: Allgemeine fachärztliche Arztgruppen (§ 12 BPL-RL) with the short code used in the ids.
ALLGEMEINE_FACHARZTGRUPPEN = {
    "Augenärzte": "AU",
    "Chirurgen und Orthopäden": "CO",
    "Frauenärzte": "FR",
    "Hautärzte": "HT",
    "HNO-Ärzte": "HN",
    "Nervenärzte": "NE",
    "Psychotherapeuten": "PT",
    "Urologen": "UR",
    "Kinder- und Jugendärzte": "KJ",
}
_CODES = {HAUSAERZTE: "HA", **ALLGEMEINE_FACHARZTGRUPPEN}

_TO_WGS84 = Transformer.from_crs("EPSG:3035", "EPSG:4326", always_xy=True)

#: Published Saxon figures for practising Hausärzte (DOMAIN.md § 2): mean age, share aged ≥ 60.
HAUSARZT_ALTER_MITTEL = 55.4
HAUSARZT_ANTEIL_AB_60 = 1 / 3
_AGES = np.arange(30, 81)

#: Assumed shares of the Anrechnungsfaktoren 1.0 / 0.75 / 0.5 (not published per Kreis).
ANRECHNUNG_ANTEILE = {
    "standard": {1.0: 0.85, 0.75: 0.05, 0.5: 0.10},
    "Psychotherapeuten": {1.0: 0.55, 0.75: 0.05, 0.5: 0.40},
}


def arztzahlen(kennzahlen: pd.DataFrame, arztdichte: pd.DataFrame) -> pd.DataFrame:
    """Return per Kreis the number of Hausärzte and allgemeine Fachärzte.

    doctors = round(inhabitants / inhabitants per doctor), with the 2016 density (BBSR) applied
    to the 2024 population.
    """
    density = arztdichte.reindex(kennzahlen["kreis"])
    people = kennzahlen["einwohner"].to_numpy(float)
    return pd.DataFrame(
        {
            "kreis": kennzahlen["kreis"].to_numpy(),
            "hausaerzte": np.rint(people / density["HAUS"].to_numpy()).astype(np.int64),
            "fachaerzte": np.rint(people / density["ALLGFA"].to_numpy()).astype(np.int64),
        }
    )


def fachgruppen_aufteilung(
    kennzahlen: pd.DataFrame,
    kreistypen: Mapping[str, int],
    fachaerzte: pd.Series,
    rules: Rules,
) -> pd.DataFrame:
    """Split the allgemeine Fachärzte of each Kreis into the nine Arztgruppen.

    Each group's share is proportional to its Soll: the population the group's Verhältniszahl
    refers to (all inhabitants, women, or under 18) divided by the allgemeine Verhältniszahl
    of the Kreistyp in ``rules``. The integers are apportioned by largest remainder, so they add
    up exactly to the Kreis's number of allgemeine Fachärzte.

    Returns
    -------
    pandas.DataFrame
        ``kreis``, ``arztgruppe``, ``anzahl``.
    """
    groups = [rules.group(name) for name in ALLGEMEINE_FACHARZTGRUPPEN]
    rows = []
    for position, kreis in enumerate(kennzahlen["kreis"]):
        figures = kennzahlen.iloc[position]
        soll = [figures[g.bezug] / g.verhaeltniszahl(kreistypen[kreis]) for g in groups]
        counts = largest_remainder(np.array(soll), int(fachaerzte.iloc[position]))
        rows += zip([kreis] * len(counts), ALLGEMEINE_FACHARZTGRUPPEN, counts, strict=True)
    return pd.DataFrame(rows, columns=["kreis", "arztgruppe", "anzahl"])


def _discrete_normal(mu: float, sigma: float) -> np.ndarray:
    # Probability of each completed year of age a: the normal mass on [a, a + 1).
    mass = np.diff(stats.norm.cdf(np.append(_AGES, _AGES[-1] + 1), mu, sigma))
    return mass / mass.sum()


def age_distribution() -> tuple[np.ndarray, np.ndarray]:
    """Return ages 30–80 and their probabilities, fitted to the Saxon Hausarzt figures.

    A normal distribution discretised to completed years and cut to 30–80, whose mean is
    :data:`HAUSARZT_ALTER_MITTEL` and whose share aged ≥ 60 is :data:`HAUSARZT_ANTEIL_AB_60`.
    """

    def misfit(params: np.ndarray) -> list[float]:
        p = _discrete_normal(*params)
        return [p @ _AGES - HAUSARZT_ALTER_MITTEL, p[_AGES >= 60].sum() - HAUSARZT_ANTEIL_AB_60]

    mu, sigma = optimize.fsolve(misfit, x0=[55.9, 10.5])
    return _AGES, _discrete_normal(mu, sigma)


def _draw_ages(rng: np.random.Generator, n: int) -> np.ndarray:
    """Draw ``n`` ages by stratified sampling, so the sample follows the distribution closely."""
    ages, probabilities = age_distribution()
    # One uniform draw in each of n equal strata of (0, 1), in random order.
    u = (rng.permutation(n) + rng.uniform(size=n)) / n
    index = np.searchsorted(np.cumsum(probabilities), u, side="right")
    return ages[np.minimum(index, len(ages) - 1)]


def _draw_anrechnung(rng: np.random.Generator, gruppen: np.ndarray) -> np.ndarray:
    result = np.empty(len(gruppen))
    for key, shares in ANRECHNUNG_ANTEILE.items():
        mask = gruppen == key if key != "standard" else ~np.isin(gruppen, list(ANRECHNUNG_ANTEILE))
        result[mask] = rng.choice(list(shares), size=mask.sum(), p=list(shares.values()))
    return result


def _cells_by_kreis(grid: pd.DataFrame, accept: gpd.GeoSeries) -> pd.DataFrame:
    """Return the inhabited cells whose centre lies in a Kreis's acceptance area."""
    lon, lat = _TO_WGS84.transform(grid["x_mp_1km"].to_numpy(), grid["y_mp_1km"].to_numpy())
    centres = gpd.GeoDataFrame(grid, geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")
    areas = gpd.GeoDataFrame({"kreis": accept.index}, geometry=accept.to_numpy(), crs="EPSG:4326")
    joined = gpd.sjoin(centres, areas, predicate="within", how="inner")
    return pd.DataFrame(joined.drop(columns=["geometry", "index_right"]))


def _draw_points(
    rng: np.random.Generator, cells: pd.DataFrame, kreise: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Draw one cell per doctor, weighted by population, and a uniform point within it."""
    x, y = np.empty(len(kreise)), np.empty(len(kreise))
    for kreis in np.unique(kreise):
        mine = np.flatnonzero(kreise == kreis)
        pool = cells[cells["kreis"] == kreis]
        weights = pool["Einwohner"].to_numpy(float)
        pick = rng.choice(len(pool), size=len(mine), p=weights / weights.sum())
        x[mine] = pool["x_mp_1km"].to_numpy()[pick]
        y[mine] = pool["y_mp_1km"].to_numpy()[pick]
    jitter = rng.uniform(-CELL / 2, CELL / 2, size=(2, len(kreise)))
    return x + jitter[0], y + jitter[1]


def _locations(
    rng: np.random.Generator, cells: pd.DataFrame, accept: gpd.GeoSeries, kreise: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Return lon/lat per doctor, redrawing points that a cell's jitter put outside the Kreis."""
    polygons = accept.reindex(kreise).to_numpy()
    shapely.prepare(polygons)
    lon, lat = np.full(len(kreise), np.nan), np.full(len(kreise), np.nan)
    todo = np.arange(len(kreise))
    for _ in range(50):
        x, y = _draw_points(rng, cells, kreise[todo])
        new_lon, new_lat = (np.round(v, 6) for v in _TO_WGS84.transform(x, y))
        inside = shapely.contains_xy(polygons[todo], new_lon, new_lat)
        lon[todo[inside]], lat[todo[inside]] = new_lon[inside], new_lat[inside]
        todo = todo[~inside]
        if not len(todo):
            return lon, lat
    # Practically unreachable: every chosen cell's centre lies inside, so a point close to it
    # is accepted with high probability in each round.
    raise AssertionError(f"{len(todo)} Standorte liegen nach 50 Versuchen außerhalb ihres Kreises")


def build_aerzte(
    rng: np.random.Generator,
    zahlen: pd.DataFrame,
    aufteilung: pd.DataFrame,
    grid: pd.DataFrame,
    accept: gpd.GeoSeries,
    stichtag_jahr: int,
) -> pd.DataFrame:
    """Return the synthetic table ``aerzte``.

    Parameters
    ----------
    rng
        The seeded generator; all random draws come from it in a fixed order.
    zahlen
        Output of :func:`arztzahlen`.
    aufteilung
        Output of :func:`fachgruppen_aufteilung`.
    grid
        Zensus 2011 cells of the region (centres in EPSG:3035, ``Einwohner``).
    accept
        Per Kreis AGS the area a practice may lie in (EPSG:4326).
    stichtag_jahr
        Ages refer to 31.12. of this year; ``geburtsjahr = stichtag_jahr - alter``.
    """
    counts = pd.concat(
        [
            pd.DataFrame(
                {"kreis": zahlen["kreis"], "arztgruppe": HAUSAERZTE, "anzahl": zahlen["hausaerzte"]}
            ),
            aufteilung,
        ],
        ignore_index=True,
    )
    # Rows ordered by Arztgruppe (Hausärzte first), then Kreis, so ids run within a group.
    order = pd.Categorical(counts["arztgruppe"], categories=list(_CODES), ordered=True)
    counts = counts.assign(order=order).sort_values(["order", "kreis"], kind="stable")
    kreise = np.repeat(counts["kreis"].to_numpy(), counts["anzahl"].to_numpy())
    gruppen = np.repeat(counts["arztgruppe"].to_numpy(), counts["anzahl"].to_numpy())
    is_ha = gruppen == HAUSAERZTE
    ages = np.empty(len(gruppen), dtype=np.int64)
    ages[is_ha] = _draw_ages(rng, int(is_ha.sum()))
    ages[~is_ha] = _draw_ages(rng, int((~is_ha).sum()))
    anrechnung = _draw_anrechnung(rng, gruppen)
    lon, lat = _locations(rng, _cells_by_kreis(grid, accept), accept, kreise)
    number = pd.Series(gruppen).groupby(gruppen).cumcount().to_numpy() + 1
    codes = pd.Series(gruppen).map(_CODES).to_numpy()
    ids = [f"SYN-{c}-{n:05d}" for c, n in zip(codes, number, strict=True)]
    return pd.DataFrame(
        {
            "id": ids,
            "planungsbereich": kreise,
            "arztgruppe": gruppen,
            "anrechnungsfaktor": anrechnung,
            "geburtsjahr": stichtag_jahr - ages,
            "lon": lon,
            "lat": lat,
            "plz": pd.array([pd.NA] * len(ids), dtype="string"),
            "standort_genau": True,
            "synthetisch": True,
            # The ages' reference day, so that the file says its own Stichtag to the CLI.
            "stichtag": f"{stichtag_jahr}-12-31",
        }
    )
