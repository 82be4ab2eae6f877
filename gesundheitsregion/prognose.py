"""Forecast (Prognose) of the Versorgungsgrad for the next 10–15 years.

Each doctor leaves practice at a random exit age (:class:`ExitAgeModel`); a doctor aged ``a``
today still works in ``t`` years with probability ``S(a + t) / S(a)``, where ``S(x)`` is the
share of doctors whose exit age is above ``x``. The expected Ist of a year is the sum of the
Anrechnungsfaktoren weighted by that probability; a seeded Monte Carlo simulation gives the
10th and 90th percentile. New doctors (a recruitment scenario) enter at a fixed age with
Anrechnungsfaktor 1.0 and leave by the same model. The Soll follows the population of each
year (:mod:`gesundheitsregion.bevoelkerung`); the formula is the one of
:mod:`gesundheitsregion.bedarfsplanung`.

Years are whole steps from the reference date of the doctor list: year 0 is today's
Bedarfsplanung, year ``t`` the same date ``t`` years later.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import special

from gesundheitsregion import bedarfsplanung
from gesundheitsregion.bevoelkerung import CONSTANT_NOTE, RELEVANT_COLUMNS, relevant_population
from gesundheitsregion.rules import Rules

__all__ = [
    "DEFAULT_ENTRY_AGE",
    "ExitAgeModel",
    "Forecast",
    "forecast",
]

#: Age at which new doctors enter the forecast.
DEFAULT_ENTRY_AGE = 40

_NORMAL_CDF = special.ndtr


#: Yearly probability that a doctor still working beyond the highest exit age of the model
#: (75 by default) gives up practice: an assumption, see ``docs/prognose.md``.
DEFAULT_TAIL_HAZARD = 0.2


@dataclass(frozen=True)
class ExitAgeModel:
    """Distribution of the age at which doctors give up practice.

    The default is a normal distribution with mean 66 and standard deviation 3.5 years,
    discretised to whole years and truncated to 60–75 (see ``docs/prognose.md`` for the
    reasons). A doctor with exit age ``k`` works while younger than ``k``. The mass of the last
    age is "``max_age`` or later": whoever still works at ``max_age − 1`` gives up practice
    with the yearly probability ``tail_hazard`` from then on, so doctors older than the cap
    (in Saxony, 114 still work at 75 or more) do not all leave at once.

    Attributes
    ----------
    mean, sd
        Mean and standard deviation of the normal distribution in years; ``sd = 0`` puts all
        mass on ``round(mean)``.
    min_age, max_age
        Support of the truncated distribution (inclusive).
    probabilities
        Optional explicit distribution ``{exit age: probability}``; replaces the normal one.
    tail_hazard
        Yearly exit probability beyond the last age, in (0, 1]. ``1`` ends every career at the
        last age (a hard cap). Default: :data:`DEFAULT_TAIL_HAZARD` for the normal
        distribution; 1 for ``probabilities`` and :meth:`fixed`, which are taken as given.

    Examples
    --------
    >>> model = ExitAgeModel.fixed(66)
    >>> model.working([64, 65, 66, 67]).tolist()
    [1.0, 1.0, 0.0, 0.0]
    >>> ages, p = ExitAgeModel().distribution()
    >>> int(ages[0]), int(ages[-1]), round(float(p.sum()), 12)
    (60, 75, 1.0)

    A doctor aged 80 today still works next year with probability 1 − 0.2:

    >>> round(float(ExitAgeModel().still_working(np.array([80.0]), 1)[0]), 12)
    0.8
    """

    mean: float = 66.0
    sd: float = 3.5
    min_age: int = 60
    max_age: int = 75
    probabilities: Mapping[int, float] | None = None
    tail_hazard: float | None = None

    def __post_init__(self) -> None:
        if self.probabilities is None:
            if self.sd < 0 or self.min_age > self.max_age:
                raise ValueError(
                    "Austrittsalter: die Standardabweichung darf nicht negativ sein und "
                    "min_age nicht über max_age liegen."
                )
            if self.sd == 0 and not self.min_age <= round(self.mean) <= self.max_age:
                raise ValueError(
                    "Austrittsalter: der Mittelwert liegt außerhalb von min_age–max_age."
                )
        else:
            values = np.array(list(self.probabilities.values()), dtype=float)
            if values.size == 0 or np.any(values < 0) or not math.isclose(values.sum(), 1.0):
                raise ValueError(
                    "Austrittsalter: die Wahrscheinlichkeiten müssen ≥ 0 sein und sich zu 1 "
                    "summieren."
                )
        if self.tail_hazard is not None and not 0 < self.tail_hazard <= 1:
            raise ValueError(
                "Austrittsalter: die jährliche Austrittswahrscheinlichkeit nach dem "
                f"Höchstalter muss über 0 und höchstens 1 sein, nicht {self.tail_hazard}."
            )

    @classmethod
    def fixed(cls, age: int) -> ExitAgeModel:
        """Every doctor leaves at exactly ``age`` (a degenerate distribution)."""
        return cls(mean=float(age), sd=0.0, min_age=int(age), max_age=int(age), tail_hazard=1.0)

    @property
    def hazard(self) -> float:
        """The yearly exit probability beyond the last age (see ``tail_hazard``)."""
        if self.tail_hazard is not None:
            return float(self.tail_hazard)
        return 1.0 if self.probabilities is not None else DEFAULT_TAIL_HAZARD

    def distribution(self) -> tuple[np.ndarray, np.ndarray]:
        """Exit ages and their probabilities, ages ascending; the last is "that age or later".

        Examples
        --------
        >>> ExitAgeModel(mean=66, sd=1, min_age=65, max_age=67).distribution()[1].round(3).tolist()
        [0.279, 0.442, 0.279]
        """
        if self.probabilities is not None:
            ages = np.array(sorted(self.probabilities), dtype=int)
            p = np.array([self.probabilities[a] for a in ages], dtype=float)
            return ages, p / p.sum()
        ages = np.arange(self.min_age, self.max_age + 1)
        if self.sd == 0:
            return ages, (ages == round(self.mean)).astype(float)
        # Whole-year bins [k − 0.5, k + 0.5) of the normal density, renormalised to the support.
        upper = _NORMAL_CDF((ages + 0.5 - self.mean) / self.sd)
        lower = _NORMAL_CDF((ages - 0.5 - self.mean) / self.sd)
        mass = upper - lower
        return ages, mass / mass.sum()

    def _cumulative(self, ages: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """F(x) = share of exit ages ≤ x, and the cumulative distribution over the support."""
        exit_ages, p = self.distribution()
        cumulative = np.cumsum(p)
        # Pin the end to exactly 1 so that S is exactly 0 past the support; a rounding rest of
        # 1e-16 would otherwise make S(a + t) / S(a) = 1 for doctors who should have left.
        cumulative[-1] = 1.0
        index = np.searchsorted(exit_ages, np.asarray(ages, dtype=float), side="right")
        return np.concatenate([[0.0], cumulative])[index], cumulative

    def working(self, ages: np.ndarray | list[int]) -> np.ndarray:
        """S(x): share of doctors whose exit age is above ``x`` (still working at age ``x``).

        Up to the last age ``L`` of the distribution as it gives; from then on the share still
        working at ``L − 1`` (the mass of ``L``), shrinking by ``1 − hazard`` a year:
        S(x) = p_L · (1 − hazard)^(x − L + 1) for x ≥ L − 1.
        """
        ages = np.asarray(ages, dtype=float)
        done, _ = self._cumulative(ages)
        within = np.clip(1.0 - done, 0.0, 1.0)
        exit_ages, p = self.distribution()
        last = float(exit_ages[-1])
        with np.errstate(over="ignore"):
            tail = p[-1] * (1.0 - self.hazard) ** np.maximum(ages - last + 1.0, 0.0)
        return np.where(ages >= last, tail, within)

    def still_working(self, ages: np.ndarray, years: np.ndarray) -> np.ndarray:
        """Probability that a doctor aged ``ages`` today still works after ``years``.

        S(a + t) / S(a); doctors with S(a) = 0 (past a hard cap, ``hazard`` 1, or past every
        exit age of an explicit distribution) work in year 0 only, and so leave in the first
        year. Beyond the last age this is (1 − hazard)^t. Broadcasts ``ages`` against
        ``years``.
        """
        ages = np.asarray(ages, dtype=float)
        years = np.asarray(years, dtype=float)
        now = self.working(ages)
        later = self.working(ages + years)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(now > 0, later / np.where(now > 0, now, 1.0), 0.0)
        return np.where(years <= 0, 1.0, ratio)

    def sample_years_left(
        self, ages: np.ndarray, runs: int, rng: np.random.Generator
    ) -> np.ndarray:
        """Draw the number of years until exit for each doctor (``runs`` × doctors).

        Inverse-transform sampling of the exit age conditional on being above today's age:
        ``F(a) + u · S(a)`` is looked up in the cumulative distribution. Whoever draws the last
        age ``L`` ("``L`` or later"), or is already ``L − 1`` or older, then works a
        geometrically distributed number of further years (exit probability ``hazard`` a
        year, memoryless), counted from ``L − 1`` or from today. At least 1.
        """
        ages = np.asarray(ages, dtype=float)
        exit_ages, p = self.distribution()
        done, cumulative = self._cumulative(ages)
        target = done + rng.random((runs, ages.size)) * (1.0 - done)
        # side="right" skips exit ages at or below today's age (their cumulative value is ≤ the
        # same float F(a)); the clip guards against the sum of p falling a rounding error short
        # of 1, which would index past the last exit age.
        index = np.minimum(np.searchsorted(cumulative, target, side="right"), p.size - 1)
        years = exit_ages[index] - ages
        last = float(exit_ages[-1])
        hazard = self.hazard
        # Doctors already at L − 1 or older are in the tail, with nothing left to draw before it.
        in_tail = (index == p.size - 1) | (ages >= last - 1)
        has_tail = hazard < 1.0 and p[-1] > 0
        if has_tail:
            extra = rng.geometric(hazard, size=years.shape).astype(float)
            years = np.where(in_tail, np.maximum(last - 1.0 - ages, 0.0) + extra, years)
        # Doctors already past every exit age (with a hard cap) leave in the first year.
        return np.where((done < 1.0) | has_tail, np.maximum(years, 1.0), 1.0)


@dataclass(frozen=True)
class Forecast:
    """Result of :func:`forecast`.

    Attributes
    ----------
    years
        One row per year, Planungsbereich and Arztgruppe: ``jahr``, ``planungsbereich``,
        ``name``, ``arztgruppe``, ``einwohner`` (relevant population), ``soll``,
        ``ist_erwartet``, ``ist_p10``, ``ist_p90``, ``versorgungsgrad``,
        ``versorgungsgrad_p10``, ``versorgungsgrad_p90``, ``status``, and the recruitment
        schedule: ``neue_aerzte_fuer_ziel`` (doctors to win in that year so that the expected
        Versorgungsgrad never falls below the target) and ``versorgungsgrad_mit_fahrplan``
        (the expected Versorgungsgrad if the schedule is followed).
    summary
        One row per Planungsbereich and Arztgruppe: ``versorgungsgrad_heute``,
        ``versorgungsgrad_ende``, ``erstes_jahr_unter_100``, ``erstes_jahr_unterversorgung``,
        ``erstes_jahr_unterversorgung_p10``, ``abgaenge_erwartet``,
        ``neue_aerzte_gesamt_fuer_ziel`` (total of the schedule),
        ``neue_aerzte_pro_jahr_fuer_ziel`` (that total per year of the horizon, its mean),
        ``neue_aerzte_erstes_jahr_fuer_ziel`` (the schedule's first year) and
        ``konstante_rate_fuer_ziel`` (the smallest constant yearly number that would keep
        the target in every year; much larger when the first year already has a gap).
    hinweise
        Notes for the reader (German).
    """

    years: pd.DataFrame
    summary: pd.DataFrame
    hinweise: list[str] = field(default_factory=list)


# Expected values are sums of products of floats; a flat forecast of exactly 100 % can come out
# as 99.99999999999999. Comparisons with a threshold allow this much, far below any real
# difference (a quarter doctor in a million inhabitants moves the Versorgungsgrad by 1e-5).
_TOL = 1e-9

#: Upper bound for runs × doctors held in memory at once by the simulation.
_CHUNK_CELLS = 4_000_000


def forecast(
    planungsbereiche: pd.DataFrame,
    aerzte: pd.DataFrame,
    rules: Rules,
    *,
    start_year: int,
    horizon: int = 15,
    population: pd.DataFrame | None = None,
    exits: ExitAgeModel | None = None,
    recruitment: pd.DataFrame | float | None = None,
    runs: int = 1000,
    seed: int = 42,
    target: float = 100.0,
    groups: Sequence[str] | None = None,
    entry_age: int = DEFAULT_ENTRY_AGE,
    verhaeltniszahlen: pd.DataFrame | None = None,
) -> Forecast:
    """Forecast the Versorgungsgrad per Planungsbereich and Arztgruppe year by year.

    Parameters
    ----------
    planungsbereiche, aerzte
        Tables as in ``docs/datenmodell.md``; doctors need ``geburtsjahr`` or ``alter``
        (doctors without an age never leave, and the notes count them).
    rules
        Version of the Bedarfsplanungs-Richtlinie (:func:`gesundheitsregion.rules.load_rules`).
    start_year
        Year of the reference date of the doctor list (year 0, today's Bedarfsplanung).
    horizon
        Number of years forecast after ``start_year``.
    population
        Relevant population per Planungsbereich and year (``planungsbereich``, ``jahr``,
        ``einwohner`` and, where known, ``einwohner_weiblich``, ``einwohner_unter_18``), e.g.
        from :func:`gesundheitsregion.bevoelkerung.population_by_year`; a long table by age
        group is converted. Its change against ``start_year`` is applied to the inhabitants in
        ``planungsbereiche``, so year 0 stays today's figure. ``None``: constant population.
    exits
        Distribution of exit ages; default :class:`ExitAgeModel`.
    recruitment
        New doctors per year: one number for every Planungsbereich and Arztgruppe, or a table
        ``planungsbereich``, ``arztgruppe``, ``neue_aerzte_pro_jahr`` and optional ``ab_jahr``
        (default: the year after ``start_year``). They enter at ``entry_age`` with
        Anrechnungsfaktor 1.0 and can leave again.
    runs, seed
        Monte Carlo runs and seed for the 10th/90th percentile band.
    target
        Versorgungsgrad in percent that the recruitment need in the summary must secure.
    groups
        Arztgruppen to forecast; default all that occur in ``aerzte``.
    entry_age
        Age of new doctors when they start.
    verhaeltniszahlen
        Regional Verhältniszahlen and Verteilungsfaktoren per Planungsbereich and Arztgruppe,
        as in :func:`gesundheitsregion.bedarfsplanung.compute`; they stay those of today.

    Returns
    -------
    Forecast
        ``years`` (one row per year, Planungsbereich and Arztgruppe), ``summary`` and
        ``hinweise``.

    Examples
    --------
    >>> from gesundheitsregion.rules import load_rules
    >>> pb = pd.DataFrame({"planungsbereich": ["MB1"], "einwohner": [16330]})
    >>> aerzte = pd.DataFrame({"id": ["1", "2"], "planungsbereich": "MB1",
    ...     "arztgruppe": "Hausärzte", "anrechnungsfaktor": 1.0, "alter": [64, 50]})
    >>> result = forecast(pb, aerzte, load_rules(), start_year=2025, horizon=3,
    ...                   exits=ExitAgeModel.fixed(66), runs=10)
    >>> result.years["ist_erwartet"].tolist()
    [2.0, 2.0, 1.0, 1.0]
    >>> result.years["versorgungsgrad"].round(1).tolist()
    [20.0, 20.0, 10.0, 10.0]
    """
    exits = exits or ExitAgeModel()
    if horizon < 0 or runs < 1:
        raise ValueError("horizon darf nicht negativ sein und runs muss mindestens 1 sein.")
    today = bedarfsplanung.compute(
        planungsbereiche,
        aerzte,
        rules,
        stichtag_jahr=start_year,
        groups=groups,
        verhaeltniszahlen=verhaeltniszahlen,
    ).reset_index(drop=True)
    doctors = _doctors(aerzte, today, start_year)
    recruits = _recruitment(recruitment, today, start_year, horizon)
    people, population_notes = _population_by_row(
        today, population, planungsbereiche, start_year, horizon
    )
    soll = people / today["verhaeltniszahl"].to_numpy(float)[:, None]
    model = _Model(exits, entry_age, horizon, len(today))
    expected, young = model.expected(doctors, recruits, rules.drohend_alter)
    p10, p90 = model.simulated_band(doctors, recruits, runs, np.random.default_rng(seed))
    unterversorgung = (
        today["versorgungsebene"]
        .map(lambda key: rules.versorgungsebenen[key].unterversorgung)
        .to_numpy(float)
    )
    years = _year_table(
        today, start_year, people, soll, expected, young, p10, p90, unterversorgung, rules
    )
    schedule = model.recruitment_schedule(expected, soll, target)
    with_plan = expected + model.still_there(schedule)
    years["neue_aerzte_fuer_ziel"] = schedule.ravel()
    years["versorgungsgrad_mit_fahrplan"] = bedarfsplanung.versorgungsgrad(with_plan, soll).ravel()
    need = _Need(schedule, model.recruitment_need(expected, soll, target))
    summary = _summary(today, years, expected, recruits, need, unterversorgung, start_year)
    notes = [
        *population_notes,
        *_doctor_notes(doctors),
        *_model_notes(exits, entry_age, runs, seed, recruits),
        *_compute_notes(today),
    ]
    return Forecast(years=years, summary=summary, hinweise=notes)


# ---------------------------------------------------------------------------------------------
# Inputs


@dataclass(frozen=True)
class _Doctors:
    """Doctors of the forecast rows: row index, Anrechnungsfaktor, age today (NaN unknown)."""

    row: np.ndarray
    factor: np.ndarray
    age: np.ndarray


@dataclass(frozen=True)
class _Recruits:
    """New doctors per year and forecast row, from year offset ``first`` (≥ 1) on."""

    rate: np.ndarray
    first: np.ndarray


def _ages(aerzte: pd.DataFrame, start_year: int) -> np.ndarray:
    """Age today: ``alter`` where given, else ``start_year - geburtsjahr`` (as in compute)."""
    age = pd.Series(np.nan, index=aerzte.index, dtype=float)
    if "alter" in aerzte:
        age = pd.to_numeric(aerzte["alter"], errors="coerce").astype(float)
    if "geburtsjahr" in aerzte:
        born = pd.to_numeric(aerzte["geburtsjahr"], errors="coerce").astype(float)
        age = age.fillna(start_year - born)
    return age.to_numpy()


def _doctors(aerzte: pd.DataFrame, today: pd.DataFrame, start_year: int) -> _Doctors:
    keys = today[["planungsbereich", "arztgruppe"]].astype("string").assign(_row=today.index)
    frame = pd.DataFrame(
        {
            "planungsbereich": aerzte["planungsbereich"].astype("string").to_numpy(),
            "arztgruppe": aerzte["arztgruppe"].astype("string").to_numpy(),
            "factor": aerzte["anrechnungsfaktor"].astype(float).to_numpy(),
            "age": _ages(aerzte, start_year),
        }
    )
    # Doctors of groups left out by ``groups`` have no row; compute() has already rejected
    # doctors whose row is missing for any other reason.
    frame = frame.merge(keys, on=["planungsbereich", "arztgruppe"], how="inner")
    return _Doctors(
        row=frame["_row"].to_numpy(int),
        factor=frame["factor"].to_numpy(float),
        age=frame["age"].to_numpy(float),
    )


def _recruitment(
    recruitment: pd.DataFrame | float | None, today: pd.DataFrame, start_year: int, horizon: int
) -> _Recruits:
    rows = len(today)
    if recruitment is None:
        return _Recruits(np.zeros(rows), np.ones(rows, dtype=int))
    if not isinstance(recruitment, pd.DataFrame):
        rate = float(recruitment)
        if not rate >= 0:
            raise ValueError("Die Zahl neuer Ärzte pro Jahr muss eine Zahl ≥ 0 sein.")
        return _Recruits(np.full(rows, rate), np.ones(rows, dtype=int))
    table = recruitment.assign(
        planungsbereich=recruitment["planungsbereich"].astype("string"),
        arztgruppe=recruitment["arztgruppe"].astype("string"),
    )
    keys = today[["planungsbereich", "arztgruppe"]].astype("string").assign(_row=today.index)
    merged = table.merge(keys, on=["planungsbereich", "arztgruppe"], how="left")
    unknown = merged[merged["_row"].isna()]
    if not unknown.empty:
        first = unknown.iloc[0]
        raise ValueError(
            f"Die Rekrutierungstabelle nennt {len(unknown)} Kombinationen aus Planungsbereich und "
            f"Arztgruppe, die nicht prognostiziert werden, z. B. '{first['planungsbereich']}' / "
            f"'{first['arztgruppe']}'. Bitte die Schreibweise prüfen oder die Zeilen entfernen."
        )
    rate = np.zeros(rows)
    first_offset = np.ones(rows, dtype=int)
    index = merged["_row"].to_numpy(int)
    rate[index] = pd.to_numeric(merged["neue_aerzte_pro_jahr"]).astype(float).to_numpy()
    if np.any(~(rate >= 0)):
        raise ValueError("neue_aerzte_pro_jahr muss in jeder Zeile eine Zahl ≥ 0 sein.")
    if "ab_jahr" in merged:
        from_year = pd.to_numeric(merged["ab_jahr"], errors="coerce").astype(float)
        offset = (from_year - start_year).fillna(1).to_numpy()
        # New doctors can only change the future: the earliest entry is next year.
        first_offset[index] = np.clip(offset, 1, horizon + 1).astype(int)
    return _Recruits(rate, first_offset)


def _population_by_row(
    today: pd.DataFrame,
    population: pd.DataFrame | None,
    planungsbereiche: pd.DataFrame,
    start_year: int,
    horizon: int,
) -> tuple[np.ndarray, list[str]]:
    """Relevant population per forecast row (rows × years)."""
    base = today["einwohner"].to_numpy(float)[:, None]
    if population is None:
        return np.repeat(base, horizon + 1, axis=1), [CONSTANT_NOTE]
    if "altersgruppe" in population:
        population = relevant_population(population, planungsbereiche)
    years = np.arange(start_year, start_year + horizon + 1)
    frame = population.assign(
        planungsbereich=population["planungsbereich"].astype("string"),
        jahr=pd.to_numeric(population["jahr"]).astype(int),
    )
    growth = {c: _growth(frame, c, years) for c in RELEVANT_COLUMNS}
    total = growth["einwohner"]
    areas = today["planungsbereich"].astype("string")
    factors = np.ones((len(today), years.size))
    missing = sorted(set(areas) - set(total.index))
    for bezug in today["bezug"].unique():
        # Without data for the group's own population, it follows the total population.
        table = growth[bezug].combine_first(total)
        mask = (today["bezug"] == bezug).to_numpy()
        factors[mask] = table.reindex(areas[mask]).fillna(1.0).to_numpy()
    notes = list(population.attrs.get("hinweise", []))
    notes.append(
        "Die Veränderung der Bevölkerung gegenüber "
        f"{start_year} wird auf die Einwohner der Bedarfsplanung angewandt."
    )
    if missing:
        notes.append(
            "Keine Bevölkerungsangaben für " + ", ".join(missing[:10]) + "; dort bleibt die "
            "Bevölkerung konstant."
        )
    return base * factors, notes


def _growth(frame: pd.DataFrame, column: str, years: np.ndarray) -> pd.DataFrame:
    """Population of each year relative to the first year, per Planungsbereich."""
    if column not in frame:
        return pd.DataFrame(columns=years, dtype=float)
    given = frame.dropna(subset=[column])
    if given.empty:
        return pd.DataFrame(columns=years, dtype=float)
    wide = given.pivot_table(index="planungsbereich", columns="jahr", values=column, aggfunc="sum")
    grid = np.union1d(wide.columns.to_numpy(), years)
    # Years missing in the table take the nearest earlier year (or the first one).
    wide = wide.reindex(columns=grid).astype(float).ffill(axis=1).bfill(axis=1)[years]
    start = wide[years[0]]
    return wide.div(start.where(start > 0), axis=0).dropna(how="all")


# ---------------------------------------------------------------------------------------------
# Exits and recruitment


class _Model:
    """Expected and simulated Ist per forecast row and year offset 0..horizon."""

    def __init__(self, exits: ExitAgeModel, entry_age: int, horizon: int, rows: int):
        self.exits = exits
        self.entry_age = float(entry_age)
        self.offsets = np.arange(horizon + 1)
        self.rows = rows

    def _per_row(self, row: np.ndarray, weights: np.ndarray) -> np.ndarray:
        return np.bincount(row, weights=weights, minlength=self.rows)

    def cohort(self, young_below: float = math.inf) -> np.ndarray:
        """Expected Ist of one new doctor a year entering from offset 1, at offsets 0..horizon.

        C(t) = Σ_{e=1..t} S(E + t − e) / S(E): each year's entrants, still working at t.
        """
        staying = self.exits.still_working(np.full(self.offsets.size, self.entry_age), self.offsets)
        staying = staying * (self.entry_age + self.offsets < young_below)
        return np.concatenate([[0.0], np.cumsum(staying)[:-1]])

    def _recruited(self, recruits: _Recruits, young_below: float = math.inf) -> np.ndarray:
        unit = self.cohort(young_below)
        # A cohort starting at offset f is the unit cohort (starting at 1) shifted by f − 1.
        shift = self.offsets[None, :] - (recruits.first[:, None] - 1)
        return recruits.rate[:, None] * np.where(shift >= 0, unit[np.clip(shift, 0, None)], 0.0)

    def expected(self, doctors: _Doctors, recruits: _Recruits, old_age: int):
        """Expected Ist, and expected Ist of doctors younger than ``old_age`` (rows × years)."""
        known = ~np.isnan(doctors.age)
        age = np.where(known, doctors.age, 0.0)
        total = np.empty((self.rows, self.offsets.size))
        young = np.empty_like(total)
        for t in self.offsets:
            # Doctors without an age never leave and count as young, as in compute().
            staying = np.where(known, self.exits.still_working(age, t), 1.0) * doctors.factor
            total[:, t] = self._per_row(doctors.row, staying)
            is_young = ~known | (age + t < old_age)
            young[:, t] = self._per_row(doctors.row, staying * is_young)
        total += self._recruited(recruits)
        young += self._recruited(recruits, young_below=old_age)
        return total, young

    def simulated_band(
        self, doctors: _Doctors, recruits: _Recruits, runs: int, rng: np.random.Generator
    ) -> tuple[np.ndarray, np.ndarray]:
        """10th and 90th percentile of the simulated Ist (rows × years)."""
        row, factor, age, start = self._leaving_doctors(doctors, recruits)
        steps = self.offsets.size + 1  # offsets 0..horizon, plus "after the horizon"
        # Who is there at each offset if nobody left: everybody from their entry on; doctors
        # without an age (never leaving) from offset 0.
        arrivals = np.zeros((self.rows, steps))
        np.add.at(arrivals, (row, start), factor)
        ageless = np.isnan(doctors.age)
        np.add.at(arrivals, (doctors.row[ageless], 0), doctors.factor[ageless])
        present = np.cumsum(arrivals, axis=1)[:, :-1]
        ist = np.empty((runs, self.rows, self.offsets.size))
        chunk = max(1, _CHUNK_CELLS // max(1, age.size))
        for first in range(0, runs, chunk):
            count = min(chunk, runs - first)
            years_left = self.exits.sample_years_left(age, count, rng)
            leave = np.minimum(start + years_left, steps - 1).astype(int)
            # Histogram of exits by run, row and year, then cumulated over the years.
            cell = (np.arange(count)[:, None] * self.rows + row) * steps + leave
            lost = np.bincount(
                cell.ravel(),
                weights=np.broadcast_to(factor, cell.shape).ravel(),
                minlength=count * self.rows * steps,
            ).reshape(count, self.rows, steps)
            ist[first : first + count] = present - np.cumsum(lost, axis=2)[..., :-1]
        return np.percentile(ist, 10, axis=0), np.percentile(ist, 90, axis=0)

    def _leaving_doctors(self, doctors: _Doctors, recruits: _Recruits):
        """Row, factor, age at entry and entry offset of everybody who can leave.

        These are the doctors with a known age and the new doctors. Each recruitment year
        brings ``floor(rate)`` doctors with factor 1.0 and one with the fractional rest, which
        keeps the expectation of the scenario.
        """
        known = ~np.isnan(doctors.age)
        years = self.offsets[1:]
        rows = np.repeat(np.arange(self.rows), years.size)
        entry = np.tile(years, self.rows)
        rate = np.repeat(recruits.rate, years.size)
        active = (entry >= np.repeat(recruits.first, years.size)) & (rate > 0)
        rows, entry, rate = rows[active], entry[active], rate[active]
        whole = np.floor(rate).astype(int)
        rest = rate - whole
        partial = rest > 0
        row = np.concatenate([doctors.row[known], np.repeat(rows, whole), rows[partial]])
        factor = np.concatenate([doctors.factor[known], np.ones(whole.sum()), rest[partial]])
        start = np.concatenate(
            [np.zeros(known.sum(), dtype=int), np.repeat(entry, whole), entry[partial]]
        )
        age = np.concatenate(
            [doctors.age[known], np.full(start.size - known.sum(), self.entry_age)]
        )
        return row, factor, age, start

    def recruitment_schedule(
        self, expected: np.ndarray, soll: np.ndarray, target: float
    ) -> np.ndarray:
        """New doctors to win in each year so that the expected Versorgungsgrad never falls
        below ``target`` (rows × offsets, in tenths, 0 in year 0).

        Deficit-driven: in year t as many as are missing after the expected exits and the
        doctors won in earlier years, r_t = max(0, target/100 · Soll_t − E_t(0) −
        Σ_{e<t} r_e · u(t − e)), where u(k) = S(E + k) / S(E) is the chance that a doctor won
        k years ago still works. Winning a doctor later never helps less in later years
        (u falls with k), so this just-in-time schedule needs the fewest doctors in every
        partial sum. Each year is rounded up to a tenth; NaN where the Soll is unknown.
        """
        survival = self.exits.still_working(
            np.full(self.offsets.size, self.entry_age), self.offsets
        )
        need = target / 100.0 * soll
        schedule = np.zeros_like(need)
        for t in self.offsets[1:]:
            earlier = schedule[:, 1:t] @ survival[t - 1 : 0 : -1]
            gap = need[:, t] - expected[:, t] - earlier
            # Round up to tenths; rounding to 9 places first stops 2.0000000000000004 becoming
            # 2.1. NaN (unknown Soll) stays NaN through max and ceil.
            schedule[:, t] = np.maximum(np.ceil(np.round(gap * 10.0, 9)) / 10.0, 0.0)
        schedule[np.isnan(need).any(axis=1)] = np.nan
        return schedule

    def still_there(self, schedule: np.ndarray) -> np.ndarray:
        """Expected doctors still working from a schedule of new doctors (rows × offsets)."""
        survival = self.exits.still_working(
            np.full(self.offsets.size, self.entry_age), self.offsets
        )
        there = np.zeros_like(schedule)
        for t in self.offsets[1:]:
            there[:, t] = schedule[:, 1 : t + 1] @ survival[t - 1 :: -1]
        return there

    def recruitment_need(self, expected: np.ndarray, soll: np.ndarray, target: float) -> np.ndarray:
        """Smallest constant number of new doctors a year (from next year, in tenths) that keeps
        the expected Versorgungsgrad at or above ``target`` in every later year.

        A constant rate has to close the largest gap relative to the cohort built up by then;
        when the region is already below the target, that is the gap of year 1, and the same
        number every later year is far more than needed (see :meth:`recruitment_schedule`).

        The expectation is linear in the number n of new doctors a year:
        E_t(n) = E_t(0) + n · C(t) with the unit cohort C (:meth:`cohort`). So
        n = max_t (target/100 · Soll_t − E_t(0)) / C(t), rounded up to a tenth, at least 0.
        NaN where the Soll is unknown.
        """
        unit = self.cohort()[1:]
        if unit.size == 0:
            return np.zeros(self.rows)
        gap = target / 100.0 * soll[:, 1:] - expected[:, 1:]
        # C(t) ≥ 1 from t = 1 on (that year's entrants are all there) unless the entry age is
        # past every exit age; then no number of new doctors helps and the need is infinite.
        with np.errstate(divide="ignore", invalid="ignore"):
            per_year = np.where(unit > 0, gap / unit, np.where(gap > 0, np.inf, 0.0))
        exact = np.max(per_year, axis=1)
        # Round up to tenths; rounding to 9 places first stops 2.0000000000000004 becoming 2.1.
        tenths = np.ceil(np.round(exact * 10.0, 9)) / 10.0
        return np.where(np.isnan(exact), np.nan, np.maximum(tenths, 0.0))


# ---------------------------------------------------------------------------------------------
# Output


def _year_table(
    today: pd.DataFrame,
    start_year: int,
    people: np.ndarray,
    soll: np.ndarray,
    expected: np.ndarray,
    young: np.ndarray,
    p10: np.ndarray,
    p90: np.ndarray,
    unterversorgung: np.ndarray,
    rules: Rules,
) -> pd.DataFrame:
    rows, count = soll.shape
    grad = bedarfsplanung.versorgungsgrad(expected, soll)
    # As in compute(): the threat of Unterversorgung is judged on the doctors below
    # rules.drohend_alter, and only where ages are known.
    usable = today["versorgungsgrad_ohne_65plus"].notna().to_numpy()[:, None]
    without_old = np.where(usable, bedarfsplanung.versorgungsgrad(young, soll), np.nan)
    labels = bedarfsplanung.status(
        grad.ravel(),
        np.repeat(unterversorgung, count),
        rules.ueberversorgung,
        versorgungsgrad_ohne_alte=without_old.ravel(),
    )
    return pd.DataFrame(
        {
            "jahr": np.tile(start_year + np.arange(count), rows),
            "planungsbereich": np.repeat(today["planungsbereich"].to_numpy(), count),
            "name": np.repeat(today["name"].to_numpy(), count),
            "arztgruppe": np.repeat(today["arztgruppe"].to_numpy(), count),
            "einwohner": people.ravel(),
            "soll": soll.ravel(),
            "ist_erwartet": expected.ravel(),
            "ist_p10": p10.ravel(),
            "ist_p90": p90.ravel(),
            "versorgungsgrad": grad.ravel(),
            "versorgungsgrad_p10": bedarfsplanung.versorgungsgrad(p10, soll).ravel(),
            "versorgungsgrad_p90": bedarfsplanung.versorgungsgrad(p90, soll).ravel(),
            "status": pd.array(labels, dtype="string"),
        }
    )


def _first_year(below: np.ndarray, start_year: int) -> pd.api.extensions.ExtensionArray:
    """First year in which ``below`` holds, per row; missing where it never does."""
    years = pd.Series(start_year + np.argmax(below, axis=1), dtype="Int64")
    return years.where(below.any(axis=1)).array


@dataclass(frozen=True)
class _Need:
    """Recruitment need: the per-year schedule (rows × offsets) and the constant rate."""

    schedule: np.ndarray
    constant: np.ndarray


def _summary(
    today: pd.DataFrame,
    years: pd.DataFrame,
    expected: np.ndarray,
    recruits: _Recruits,
    need: _Need,
    unterversorgung: np.ndarray,
    start_year: int,
) -> pd.DataFrame:
    rows, horizon = len(today), expected.shape[1] - 1
    grad = years["versorgungsgrad"].to_numpy(float).reshape(rows, horizon + 1)
    grad_p10 = years["versorgungsgrad_p10"].to_numpy(float).reshape(rows, horizon + 1)
    mark = unterversorgung[:, None] - _TOL
    with np.errstate(invalid="ignore"):
        below_100 = grad < 100.0 - _TOL
        below_mark, below_mark_p10 = grad < mark, grad_p10 < mark
    entered = recruits.rate * np.maximum(horizon - recruits.first + 1, 0)
    # Summed in tenths: each year of the schedule is a multiple of 0.1 and the total should be
    # one too, not 12.299999999999999.
    total = np.round(need.schedule[:, 1:].sum(axis=1), 9)
    return pd.DataFrame(
        {
            "planungsbereich": today["planungsbereich"].to_numpy(),
            "name": today["name"].to_numpy(),
            "arztgruppe": today["arztgruppe"].to_numpy(),
            "versorgungsgrad_heute": grad[:, 0],
            "versorgungsgrad_ende": grad[:, -1],
            "erstes_jahr_unter_100": _first_year(below_100, start_year),
            "erstes_jahr_unterversorgung": _first_year(below_mark, start_year),
            "erstes_jahr_unterversorgung_p10": _first_year(below_mark_p10, start_year),
            "abgaenge_erwartet": expected[:, 0] + entered - expected[:, -1],
            "neue_aerzte_gesamt_fuer_ziel": total,
            "neue_aerzte_pro_jahr_fuer_ziel": total / horizon if horizon else total,
            "neue_aerzte_erstes_jahr_fuer_ziel": need.schedule[:, 1] if horizon else total,
            "konstante_rate_fuer_ziel": need.constant,
        }
    )


def _number(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def _doctor_notes(doctors: _Doctors) -> list[str]:
    ageless = np.isnan(doctors.age)
    if not ageless.any():
        return []
    return [
        f"Ärzte ohne Altersangabe: {int(ageless.sum())} (Anrechnungsfaktoren zusammen "
        f"{_number(doctors.factor[ageless].sum())}); sie scheiden in der Prognose nie aus."
    ]


def _model_notes(
    exits: ExitAgeModel, entry_age: int, runs: int, seed: int, recruits: _Recruits
) -> list[str]:
    if exits.probabilities is not None:
        model = "vorgegebene Verteilung"
    elif exits.sd == 0:
        model = f"für alle {_number(round(exits.mean))} Jahre"
    else:
        model = (
            f"auf ganze Jahre gerundete Normalverteilung mit Mittel {_number(exits.mean)} und "
            f"Standardabweichung {_number(exits.sd)} Jahren, begrenzt auf "
            f"{exits.min_age}–{exits.max_age} Jahre"
        )
    ages, p = exits.distribution()
    if exits.hazard < 1 and p[-1] > 0:
        model += (
            f"; wer mit {int(ages[-1]) - 1} Jahren noch tätig ist, hört danach jedes Jahr mit "
            f"Wahrscheinlichkeit {_number(round(exits.hazard * 100, 1))} % auf (Annahme)"
        )
    notes = [
        f"Austrittsalter: {model}.",
        f"Band: 10. und 90. Perzentil aus {runs} Simulationsläufen (Startwert {seed}).",
    ]
    if np.any(recruits.rate > 0):
        notes.append(
            f"Neue Ärzte beginnen mit {entry_age} Jahren und Anrechnungsfaktor 1,0 und können "
            "wieder ausscheiden."
        )
    return notes


def _compute_notes(today: pd.DataFrame) -> list[str]:
    parts = today["hinweis"].fillna("").astype(str).str.split("; ").explode()
    counts = parts[parts != ""].value_counts(sort=False)
    return [
        f"Bedarfsplanung heute ({count} von {len(today)} Zeilen): {note}"
        for note, count in counts.items()
    ]
