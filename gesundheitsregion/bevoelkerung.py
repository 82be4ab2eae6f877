"""Population by year for the forecast of the Versorgungsgrad.

Three sources, in order of preference:

1. a published projection (Bevölkerungsvorausberechnung) in the long form
   ``planungsbereich, jahr, altersgruppe, geschlecht, einwohner``, used as given:
   :func:`interpolate_projection` fills the years between published years linearly and holds
   the last published year constant;
2. a base table by age group and sex without a projection: :func:`ageing_projection` moves the
   cohorts up through the age groups, applies survival, births and net migration
   (:class:`AgeingParameters`);
3. neither: :func:`constant_population` keeps today's inhabitants.

:func:`relevant_population` turns any long table per year into the populations the
Bedarfsplanung refers to (``einwohner``, ``einwohner_weiblich``, ``einwohner_unter_18``);
:func:`population_by_year` picks the source and returns that table. Notes for the reader
(German) are kept in ``DataFrame.attrs["hinweise"]``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from gesundheitsregion import _sterbetafel

__all__ = [
    "CONSTANT_NOTE",
    "FEMALE_SHARE_OF_BIRTHS",
    "RELEVANT_COLUMNS",
    "TFR_SACHSEN_2024",
    "AgeingParameters",
    "ageing_projection",
    "base_for_planning_areas",
    "constant_population",
    "default_survival",
    "interpolate_projection",
    "parse_age_group",
    "population_by_year",
    "relevant_population",
]

#: Zusammengefasste Geburtenziffer (children per woman aged 15–49) in Saxony in 2024,
#: Statistisches Landesamt des Freistaates Sachsen, press release on the births of 2024 (2025).
TFR_SACHSEN_2024 = 1.22

#: About 105 boys are born per 100 girls (long-run value of the German birth statistics).
FEMALE_SHARE_OF_BIRTHS = 100 / 205

#: Nominal upper end of an open age group ("75+") where a share of its years is needed. Few
#: people are older, so the exact value hardly matters; it only has to be finite.
OPEN_GROUP_END = 100

RELEVANT_COLUMNS = ("einwohner", "einwohner_weiblich", "einwohner_unter_18")

CONSTANT_NOTE = (
    "Keine Bevölkerungsvorausberechnung angegeben: die Einwohnerzahlen bleiben über den "
    "Prognosezeitraum konstant."
)
_KEYS = ["planungsbereich", "jahr"]


@dataclass(frozen=True)
class AgeingParameters:
    """Parameters of the ageing model (:func:`ageing_projection`).

    Attributes
    ----------
    survival
        Annual survival rate per age group (``{"75+": 0.9, ...}``), one number for all groups,
        or ``None`` for the Destatis Sterbetafel 2022/24 for Germany, by sex
        (:func:`default_survival`).
    fertility_rate
        Total fertility rate (children per woman over the ages 15–49); default Saxony 2024,
        1.22. Spread evenly over the 35 fertile years unless ``fertility_by_age`` is given.
    fertility_by_age
        Births per woman and year for each age group of the base table; replaces
        ``fertility_rate`` when given.
    migration
        Net migration per year as a share of each age group (``0.01`` = +1 % a year), one
        number for all groups or a mapping by age group; default 0.
    female_share_of_births
        Share of girls among the newborn; default 100/205 (about 105 boys per 100 girls).
    fertile_ages
        First and last completed year of age counted as fertile; default 15 and 49.

    Examples
    --------
    >>> AgeingParameters().fertility_rate
    1.22
    >>> AgeingParameters(survival=1.0, fertility_rate=0.0).migration
    0.0
    """

    survival: Mapping[str, float] | float | None = None
    fertility_rate: float = TFR_SACHSEN_2024
    fertility_by_age: Mapping[str, float] | None = None
    migration: Mapping[str, float] | float = 0.0
    female_share_of_births: float = FEMALE_SHARE_OF_BIRTHS
    fertile_ages: tuple[int, int] = (15, 49)

    def __post_init__(self) -> None:
        if self.fertility_rate < 0:
            raise ValueError("Die Geburtenziffer darf nicht negativ sein.")
        if not 0 <= self.female_share_of_births <= 1:
            raise ValueError("Der Mädchenanteil an den Geburten muss zwischen 0 und 1 liegen.")
        first, last = self.fertile_ages
        if not 0 <= first <= last:
            raise ValueError("Das gebärfähige Alter braucht 0 ≤ erstes Jahr ≤ letztes Jahr.")


def parse_age_group(label: str) -> tuple[int, float]:
    """Return the first and last completed year of an age group (``inf`` if open).

    Examples
    --------
    >>> parse_age_group("6-14")
    (6, 14)
    >>> parse_age_group("75+")
    (75, inf)
    """
    text = str(label).strip()
    closed = re.fullmatch(r"(\d{1,3})\s*-\s*(\d{1,3})", text)
    if closed and int(closed[1]) <= int(closed[2]):
        return int(closed[1]), int(closed[2])
    open_ = re.fullmatch(r"(\d{1,3})\s*\+", text)
    if open_:
        return int(open_[1]), math.inf
    raise ValueError(
        f"Altersgruppe '{text}' ist nicht lesbar; erwartet wird 'von-bis' in vollendeten "
        "Jahren (z. B. '6-14') oder eine offene Gruppe wie '75+'."
    )


def _share_of_years(lower: int, upper: float, first: float, last: float) -> float:
    """Share of the single years of a group that lie in ``first..last`` (inclusive)."""
    end = OPEN_GROUP_END if math.isinf(upper) else upper
    if end < lower:  # an open group starting above the nominal end
        end = lower
    overlap = min(end, last) - max(lower, first) + 1
    return float(np.clip(overlap / (end - lower + 1), 0.0, 1.0))


# ---------------------------------------------------------------------------------------------
# Default mortality


def _person_years(q: np.ndarray) -> np.ndarray:
    """Person-years L(x) lived at ages 0..100 in the stationary population of a life table."""
    survivors = np.concatenate([[1.0], np.cumprod(1.0 - q)])
    person_years = (survivors[:-1] + survivors[1:]) / 2
    # The table ends with age 100; treat it as "100+" with the hazard of age 100 held constant.
    person_years[-1] = survivors[-2] / -np.log1p(-q[-1])
    return person_years


def default_survival(labels: Sequence[str]) -> pd.DataFrame:
    """Annual survival rates per age group from the Destatis Sterbetafel 2022/24 (Germany).

    The rate of a group is the mean of the single-year survival probabilities p(x) = 1 − q(x),
    weighted by the person-years L(x) of the life table, i.e. the share of the group's
    stationary population that survives one year.

    Returns
    -------
    pandas.DataFrame
        Index ``altersgruppe``; columns ``m``, ``w`` and ``insgesamt`` (both sexes, equal
        numbers of births).

    Examples
    --------
    >>> rates = default_survival(["0-2", "75+"])
    >>> bool(rates.loc["75+", "m"] < rates.loc["75+", "w"] < rates.loc["0-2", "w"])
    True
    """
    q_m, q_w = _sterbetafel.death_probabilities()
    ages = np.arange(q_m.size)
    columns = {}
    for sex, qs in {"m": [q_m], "w": [q_w], "insgesamt": [q_m, q_w]}.items():
        weight = sum(_person_years(q) for q in qs)
        survivors = sum(_person_years(q) * (1.0 - q) for q in qs)
        rates = []
        for label in labels:
            lower, upper = parse_age_group(label)
            inside = (ages >= min(lower, ages[-1])) & (ages <= min(upper, ages[-1]))
            rates.append(survivors[inside].sum() / weight[inside].sum())
        columns[sex] = rates
    return pd.DataFrame(columns, index=pd.Index(list(labels), name="altersgruppe"))


# ---------------------------------------------------------------------------------------------
# Long tables


def _normalised(table: pd.DataFrame) -> tuple[pd.DataFrame, bool, bool]:
    """Rows to count, and whether the table has a sex split and age groups.

    A table may carry totals beside the detail (``insgesamt`` rows); counting both would double
    the population, so the detail wins.
    """
    df = table.rename(columns={"gebiet": "planungsbereich"}) if "gebiet" in table else table
    missing = {"planungsbereich", "altersgruppe", "geschlecht", "einwohner"} - set(df.columns)
    if missing:
        raise ValueError(
            "Der Bevölkerungstabelle fehlen die Spalten "
            f"{', '.join(sorted(missing))}; erwartet wird die lange Form mit planungsbereich, "
            "altersgruppe, geschlecht und einwohner."
        )
    df = df.assign(
        planungsbereich=df["planungsbereich"].astype("string"),
        altersgruppe=df["altersgruppe"].astype("string").str.strip(),
        geschlecht=df["geschlecht"].astype("string").str.strip().str.lower(),
        einwohner=pd.to_numeric(df["einwohner"]).astype(float),
    )
    has_split = bool(df["geschlecht"].isin(["m", "w"]).any())
    df = df[df["geschlecht"].isin(["m", "w"] if has_split else ["insgesamt"])]
    has_ages = bool((df["altersgruppe"] != "insgesamt").any())
    df = df[
        (df["altersgruppe"] != "insgesamt") if has_ages else (df["altersgruppe"] == "insgesamt")
    ]
    return df, has_split, has_ages


def _notes(*tables: pd.DataFrame) -> list[str]:
    notes: list[str] = []
    for table in tables:
        notes.extend(n for n in table.attrs.get("hinweise", []) if n not in notes)
    return notes


def relevant_population(
    table: pd.DataFrame, planungsbereiche: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Relevant populations of the Bedarfsplanung per Planungsbereich and year.

    Parameters
    ----------
    table
        Long table with ``planungsbereich`` (or ``gebiet``), ``jahr``, ``altersgruppe``,
        ``geschlecht``, ``einwohner``.
    planungsbereiche
        Optional; where ``table`` has no sex split or no age groups, the share of women or of
        under-18-year-olds in this table is held constant.

    Returns
    -------
    pandas.DataFrame
        ``planungsbereich``, ``jahr``, ``einwohner``, ``einwohner_weiblich``,
        ``einwohner_unter_18`` (NaN where nothing is known); notes in ``attrs["hinweise"]``.

    Examples
    --------
    >>> long = pd.DataFrame({"planungsbereich": "A", "jahr": 2025,
    ...     "altersgruppe": ["0-14", "15-19", "20+", "0-14", "15-19", "20+"],
    ...     "geschlecht": ["m", "m", "m", "w", "w", "w"],
    ...     "einwohner": [150, 50, 800, 150, 50, 750]})
    >>> relevant_population(long)[["einwohner", "einwohner_weiblich",
    ...                             "einwohner_unter_18"]].to_numpy().tolist()
    [[1950.0, 950.0, 360.0]]
    """
    if "jahr" not in table:
        raise ValueError("Der Bevölkerungstabelle fehlt die Spalte jahr.")
    df, has_split, has_ages = _normalised(table)
    df = df.assign(jahr=pd.to_numeric(df["jahr"]).astype(int))
    notes = _notes(table)
    totals = df.groupby(_KEYS, sort=True)["einwohner"].sum().rename("einwohner")
    out = totals.to_frame()
    if has_split:
        women = df[df["geschlecht"] == "w"].groupby(_KEYS)["einwohner"].sum()
        out["einwohner_weiblich"] = women.reindex(out.index, fill_value=0.0)
    else:
        out["einwohner_weiblich"] = _held_share(out, planungsbereiche, "einwohner_weiblich")
        notes.append(_share_note("Frauen", out["einwohner_weiblich"]))
    if has_ages:
        # Groups straddling 18 (e.g. "15-19") are split by years: within a published group
        # the single years are about equally populated, and finer data is not available.
        bounds = {g: parse_age_group(g) for g in df["altersgruppe"].unique()}
        below_18 = df["altersgruppe"].map(
            {g: _share_of_years(*b, 0, 17) for g, b in bounds.items()}
        )
        minors = (df["einwohner"] * below_18.astype(float)).groupby([df[k] for k in _KEYS]).sum()
        out["einwohner_unter_18"] = minors.reindex(out.index, fill_value=0.0)
    else:
        out["einwohner_unter_18"] = _held_share(out, planungsbereiche, "einwohner_unter_18")
        notes.append(_share_note("unter 18-Jährigen", out["einwohner_unter_18"]))
    result = out.reset_index()
    result.attrs["hinweise"] = notes
    return result


def _held_share(out: pd.DataFrame, planungsbereiche: pd.DataFrame | None, column: str) -> pd.Series:
    if planungsbereiche is None or column not in planungsbereiche:
        return pd.Series(np.nan, index=out.index)
    base = planungsbereiche.set_index(planungsbereiche["planungsbereich"].astype("string"))
    share = base[column].astype(float) / base["einwohner"].astype(float).replace(0, np.nan)
    areas = out.index.get_level_values("planungsbereich")
    return pd.Series(share.reindex(areas).to_numpy() * out["einwohner"].to_numpy(), out.index)


def _share_note(who: str, values: pd.Series) -> str:
    if values.isna().all():
        return f"Die Bevölkerungstabelle hat keine Angaben zu den {who}; sie fehlen in der Ausgabe."
    return (
        f"Die Bevölkerungstabelle hat keine Angaben zu den {who}; ihr Anteil aus den "
        "Planungsbereichen wird über alle Jahre konstant gehalten."
    )


# ---------------------------------------------------------------------------------------------
# Sources


def _years(start_year: int, horizon: int) -> np.ndarray:
    if horizon < 0:
        raise ValueError("Der Prognosezeitraum (horizon) darf nicht negativ sein.")
    return np.arange(start_year, start_year + horizon + 1)


def interpolate_projection(
    projection: pd.DataFrame, *, start_year: int, horizon: int = 15
) -> pd.DataFrame:
    """A published projection for every year from ``start_year`` to ``start_year + horizon``.

    Values between published years are interpolated linearly; after the last published year
    they are held constant (and before the first one, at its level). The notes say so.

    Examples
    --------
    >>> proj = pd.DataFrame({"planungsbereich": "A", "jahr": [2025, 2030],
    ...     "altersgruppe": "insgesamt", "geschlecht": "insgesamt", "einwohner": [1000, 900]})
    >>> interpolate_projection(proj, start_year=2025, horizon=7)["einwohner"].tolist()
    [1000.0, 980.0, 960.0, 940.0, 920.0, 900.0, 900.0, 900.0]
    """
    if "jahr" not in projection:
        raise ValueError("Der Bevölkerungsvorausberechnung fehlt die Spalte jahr.")
    years = _years(start_year, horizon)
    df = projection.rename(columns={"gebiet": "planungsbereich"})
    df = df.assign(
        jahr=pd.to_numeric(df["jahr"]).astype(int), einwohner=pd.to_numeric(df["einwohner"])
    )
    keys = ["planungsbereich", "altersgruppe", "geschlecht"]
    wide = df.pivot_table(index=keys, columns="jahr", values="einwohner", aggfunc="sum")
    published = wide.columns.to_numpy()
    grid = np.union1d(np.arange(published.min(), published.max() + 1), years)
    wide = wide.reindex(columns=grid).astype(float)
    # method="index" interpolates along the year axis by year value; limit_direction="both"
    # holds the first and last published values constant outside the published range.
    wide = wide.interpolate(method="index", axis=1, limit_direction="both")
    long = wide[years].stack().rename("einwohner").reset_index()
    long = long[["planungsbereich", "jahr", *keys[1:], "einwohner"]]
    notes = ["Bevölkerung aus der Vorausberechnung; Jahre dazwischen linear interpoliert."]
    if years.max() > published.max():
        notes.append(
            f"Die Vorausberechnung endet {published.max()}; danach wird die Bevölkerung "
            "konstant gehalten."
        )
    if years.min() < published.min():
        notes.append(
            f"Die Vorausberechnung beginnt {published.min()}; davor gilt ihr erster Stand."
        )
    long.attrs["hinweise"] = notes
    return long


def constant_population(
    planungsbereiche: pd.DataFrame, *, start_year: int, horizon: int = 15
) -> pd.DataFrame:
    """Today's inhabitants of each Planungsbereich held constant for every year.

    Examples
    --------
    >>> pb = pd.DataFrame({"planungsbereich": ["A"], "einwohner": [1000]})
    >>> constant_population(pb, start_year=2025, horizon=2)["einwohner"].tolist()
    [1000.0, 1000.0, 1000.0]
    """
    years = _years(start_year, horizon)
    base = planungsbereiche.assign(
        planungsbereich=planungsbereiche["planungsbereich"].astype("string")
    )
    columns = {
        c: (base[c].astype(float) if c in base else pd.Series(np.nan, index=base.index))
        for c in RELEVANT_COLUMNS
    }
    one_year = pd.DataFrame({"planungsbereich": base["planungsbereich"], **columns})
    out = one_year.merge(pd.DataFrame({"jahr": years}), how="cross")
    out = out[["planungsbereich", "jahr", *RELEVANT_COLUMNS]]
    out = out.sort_values(_KEYS, ignore_index=True)
    out.attrs["hinweise"] = [CONSTANT_NOTE]
    return out


def _rates_by_group(value: Mapping[str, float] | float, labels: list[str], what: str) -> np.ndarray:
    if isinstance(value, Mapping):
        missing = [g for g in labels if g not in value]
        if missing:
            raise ValueError(f"{what} fehlt für die Altersgruppen {', '.join(missing)}.")
        return np.array([float(value[g]) for g in labels])
    return np.full(len(labels), float(value))


def _age_groups(labels: Sequence[str]) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Sort the groups by age and check that they tile 0.. without gaps, ending open."""
    bounds = sorted((parse_age_group(g), g) for g in labels)
    lower = np.array([b[0][0] for b in bounds], dtype=float)
    upper = np.array([b[0][1] for b in bounds], dtype=float)
    ordered = [b[1] for b in bounds]
    gaps = lower[0] != 0 or np.any(lower[1:] != upper[:-1] + 1)
    if gaps or not math.isinf(upper[-1]):
        raise ValueError(
            "Die Altersgruppen müssen lückenlos bei 0 beginnen und mit einer offenen Gruppe "
            f"(z. B. '75+') enden; gefunden: {', '.join(ordered)}."
        )
    return ordered, lower, upper


def ageing_projection(
    base: pd.DataFrame,
    *,
    start_year: int,
    horizon: int = 15,
    parameters: AgeingParameters | None = None,
) -> pd.DataFrame:
    """Project a base population by ageing its cohorts (no published projection needed).

    Each year, in this order: survivors = population × annual survival rate of the group;
    1/width of each closed group's survivors moves up into the next group (the open top group
    only loses by death); births = women of fertile age × fertility rate join the youngest
    group (split by the share of girls); everything changes by the net migration rate. The
    first-year mortality of the newborn is neglected (about 0.3 %).

    Parameters
    ----------
    base
        Long table ``planungsbereich`` (or ``gebiet``), ``altersgruppe`` (``0-2`` … ``75+``,
        completed years, gap-free from 0 and ending open), ``geschlecht``, ``einwohner``;
        ``base`` is the population at the start of ``start_year``.
    start_year, horizon
        Years ``start_year`` … ``start_year + horizon`` are returned.
    parameters
        See :class:`AgeingParameters`.

    Returns
    -------
    pandas.DataFrame
        ``planungsbereich``, ``jahr``, ``altersgruppe``, ``geschlecht``, ``einwohner``.

    Examples
    --------
    >>> base = pd.DataFrame({"planungsbereich": "A", "altersgruppe": ["0-9", "10+"],
    ...                      "geschlecht": "insgesamt", "einwohner": [100.0, 900.0]})
    >>> still = AgeingParameters(survival=1.0, fertility_rate=0.0)
    >>> out = ageing_projection(base, start_year=2025, horizon=1, parameters=still)
    >>> out[out["jahr"] == 2026]["einwohner"].tolist()
    [90.0, 910.0]
    """
    parameters = parameters or AgeingParameters()
    years = _years(start_year, horizon)
    df, has_split, has_ages = _normalised(base)
    if not has_ages:
        raise ValueError("Das Alterungsmodell braucht eine Bevölkerung nach Altersgruppen.")
    labels, lower, upper = _age_groups(df["altersgruppe"].unique().tolist())
    sexes = ["m", "w"] if has_split else ["insgesamt"]
    cube = df.pivot_table(
        index="planungsbereich",
        columns=["geschlecht", "altersgruppe"],
        values="einwohner",
        aggfunc="sum",
        fill_value=0.0,
    )
    cube = cube.reindex(columns=pd.MultiIndex.from_product([sexes, labels]), fill_value=0.0)
    areas = cube.index
    population = cube.to_numpy(dtype=float).reshape(len(areas), len(sexes), len(labels))
    step = _ageing_step(labels, lower, upper, sexes, parameters)
    frames = [population]
    for _ in years[1:]:
        frames.append(step(frames[-1]))
    stacked = np.stack(frames)  # year × area × sex × group
    index = pd.MultiIndex.from_product(
        [years, areas, sexes, labels],
        names=["jahr", "planungsbereich", "geschlecht", "altersgruppe"],
    )
    out = pd.Series(stacked.ravel(), index=index, name="einwohner").reset_index()
    out = out[["planungsbereich", "jahr", "altersgruppe", "geschlecht", "einwohner"]]
    out.attrs["hinweise"] = _ageing_notes(parameters, has_split)
    return out


def _ageing_step(labels, lower, upper, sexes, parameters: AgeingParameters):
    """Return the function that advances an area × sex × group array by one year."""
    if parameters.survival is None:
        survival = default_survival(labels)[sexes].to_numpy().T  # sex × group
    else:
        survival = np.tile(
            _rates_by_group(parameters.survival, labels, "Überlebensrate"), (len(sexes), 1)
        )
    migration = _rates_by_group(parameters.migration, labels, "Wanderungssaldo")
    if np.any(survival < 0) or np.any(survival > 1) or np.any(migration <= -1):
        raise ValueError("Überlebensraten müssen zwischen 0 und 1 liegen, Wanderungsraten über −1.")
    width = upper - lower + 1
    outflow = np.where(np.isinf(width), 0.0, 1.0 / width)
    first, last = parameters.fertile_ages
    if parameters.fertility_by_age is not None:
        fertility = _rates_by_group(parameters.fertility_by_age, labels, "Geburtenziffer")
    else:
        # The TFR is the sum of 35 single-year rates; spread evenly it gives the right number
        # of children per woman, which is all that age groups this coarse can carry.
        share = np.array(
            [_share_of_years(lo, up, first, last) for lo, up in zip(lower, upper, strict=True)]
        )
        fertility = share * parameters.fertility_rate / (last - first + 1)
    girls = parameters.female_share_of_births

    def step(population: np.ndarray) -> np.ndarray:
        # Without a sex split, half of each age group counts as women.
        women = population[:, 1, :] if len(sexes) == 2 else population[:, 0, :] * 0.5
        births = (women * fertility).sum(axis=1)
        survivors = population * survival
        moving = survivors * outflow
        nxt = survivors - moving
        nxt[..., 1:] += moving[..., :-1]
        if len(sexes) == 2:
            nxt[:, 0, 0] += births * (1.0 - girls)
            nxt[:, 1, 0] += births * girls
        else:
            nxt[:, 0, 0] += births
        return nxt * (1.0 + migration)

    return step


def _german(number: float) -> str:
    return f"{number:.2f}".replace(".", ",")


def _ageing_notes(parameters: AgeingParameters, has_split: bool) -> list[str]:
    notes = ["Bevölkerung mit dem Alterungsmodell fortgeschrieben (keine Vorausberechnung)."]
    if parameters.survival is None:
        notes.append(f"Überlebensraten: {_sterbetafel.SOURCE}.")
    if parameters.fertility_by_age is None:
        notes.append(
            f"Geburten: zusammengefasste Geburtenziffer {_german(parameters.fertility_rate)} "
            "Kinder je Frau, gleichmäßig auf das gebärfähige Alter verteilt."
        )
    if not has_split:
        notes.append(
            "Die Bevölkerung ist nicht nach Geschlecht gegliedert; als Frauen im gebärfähigen "
            "Alter gilt die Hälfte der Altersgruppen."
        )
    return notes


def base_for_planning_areas(
    bevoelkerung: pd.DataFrame, planungsbereiche: pd.DataFrame
) -> tuple[pd.DataFrame, list[str]]:
    """The base of the ageing model from a long ``bevoelkerung`` table of several area levels.

    A ``bevoelkerung`` table (``docs/datenmodell.md``) may hold Kreise, Gemeinden and Stadtteile
    side by side, as the demo's ``eingaben/bevoelkerung.csv`` does. The ageing model needs one
    population by age group per Planungsbereich: the rows whose ``gebiet`` is a Planungsbereich,
    by age group (not ``insgesamt``), at the latest ``stichtag`` of each area.

    Returns
    -------
    (pandas.DataFrame, list of str)
        ``planungsbereich``, ``altersgruppe``, ``geschlecht``, ``einwohner``, and German notes
        on the rows left out.

    Raises
    ------
    ValueError
        When no row by age group belongs to a Planungsbereich.

    Examples
    --------
    >>> table = pd.DataFrame({"gebiet": ["A", "A", "A", "A-01"],
    ...     "altersgruppe": ["0-9", "10+", "insgesamt", "0-9"], "geschlecht": "insgesamt",
    ...     "einwohner": [10, 30, 40, 5]})
    >>> base, notes = base_for_planning_areas(table, pd.DataFrame({"planungsbereich": ["A"]}))
    >>> base["einwohner"].tolist()
    [10, 30]
    >>> notes[0][:60]
    'Bevölkerung: 1 Zeilen zu anderen Gebieten als den Planungsbe'
    """
    areas = set(planungsbereiche["planungsbereich"].astype(str))
    gebiet = bevoelkerung["gebiet"].astype(str)
    by_age = bevoelkerung["altersgruppe"] != "insgesamt"
    mine = gebiet.isin(areas)
    rows = bevoelkerung[mine & by_age].assign(planungsbereich=gebiet[mine & by_age])
    notes = []
    others = gebiet[~mine]
    if len(others):
        notes.append(
            f"Bevölkerung: {len(others)} Zeilen zu anderen Gebieten als den Planungsbereichen "
            f"(z. B. {', '.join(others.unique()[:3])}) nicht verwendet."
        )
    if rows.empty:
        found = ", ".join(gebiet.unique()[:5]) or "keine"
        raise ValueError(
            "Die Bevölkerung enthält keine Zeilen nach Altersgruppen (wie '0-2' oder '75+') für "
            f"die Planungsbereiche {', '.join(sorted(areas)[:5])}; gefunden wurden die Gebiete "
            f"{found}. Die Spalte 'gebiet' muss die Kennung des Planungsbereichs enthalten."
        )
    if "stichtag" in rows and rows["stichtag"].notna().any():
        latest = rows.groupby("planungsbereich")["stichtag"].transform("max")
        older = rows["stichtag"] != latest
        if older.any():
            notes.append(
                f"Bevölkerung: {int(older.sum())} Zeilen früherer Stichtage nicht verwendet; je "
                "Planungsbereich gilt der letzte Stichtag."
            )
        rows = rows[~older]
    columns = ["planungsbereich", "altersgruppe", "geschlecht", "einwohner"]
    return rows[columns].reset_index(drop=True), notes


def population_by_year(
    planungsbereiche: pd.DataFrame,
    *,
    start_year: int,
    horizon: int = 15,
    projection: pd.DataFrame | None = None,
    base: pd.DataFrame | None = None,
    parameters: AgeingParameters | None = None,
) -> pd.DataFrame:
    """Relevant population per Planungsbereich and year from the best available source.

    A published ``projection`` wins; otherwise the ageing model runs on ``base``; without
    either the population stays constant. The result feeds
    :func:`gesundheitsregion.prognose.forecast` (argument ``population``).

    Examples
    --------
    >>> pb = pd.DataFrame({"planungsbereich": ["A"], "einwohner": [1000]})
    >>> out = population_by_year(pb, start_year=2025, horizon=1)
    >>> out.attrs["hinweise"][0][:30]
    'Keine Bevölkerungsvorausberech'
    """
    if projection is not None:
        long = interpolate_projection(projection, start_year=start_year, horizon=horizon)
    elif base is not None:
        long = ageing_projection(
            base, start_year=start_year, horizon=horizon, parameters=parameters
        )
    else:
        return constant_population(planungsbereiche, start_year=start_year, horizon=horizon)
    return relevant_population(long, planungsbereiche)
