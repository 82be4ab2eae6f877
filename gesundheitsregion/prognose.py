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
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import sparse, special

from gesundheitsregion import bedarfsplanung
from gesundheitsregion.bevoelkerung import RELEVANT_COLUMNS, constant_population

__all__ = [
    "DEFAULT_ENTRY_AGE",
    "ExitAgeModel",
    "Forecast",
    "forecast",
]

#: Age at which new doctors enter the forecast.
DEFAULT_ENTRY_AGE = 40

_NORMAL_CDF = special.ndtr


@dataclass(frozen=True)
class ExitAgeModel:
    """Distribution of the age at which doctors give up practice.

    The default is a normal distribution with mean 66 and standard deviation 3.5 years,
    discretised to whole years and truncated to 60–75 (see ``docs/prognose.md`` for the
    reasons). A doctor with exit age ``k`` works while younger than ``k``.

    Attributes
    ----------
    mean, sd
        Mean and standard deviation of the normal distribution in years; ``sd = 0`` puts all
        mass on ``round(mean)``.
    min_age, max_age
        Support of the truncated distribution (inclusive).
    probabilities
        Optional explicit distribution ``{exit age: probability}``; replaces the normal one.

    Examples
    --------
    >>> model = ExitAgeModel.fixed(66)
    >>> model.working([64, 65, 66, 67]).tolist()
    [1.0, 1.0, 0.0, 0.0]
    >>> ages, p = ExitAgeModel().distribution()
    >>> int(ages[0]), int(ages[-1]), round(float(p.sum()), 12)
    (60, 75, 1.0)
    """

    mean: float = 66.0
    sd: float = 3.5
    min_age: int = 60
    max_age: int = 75
    probabilities: Mapping[int, float] | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if self.probabilities is None:
            if self.sd < 0 or self.min_age > self.max_age:
                raise ValueError(
                    "Austrittsalter: die Standardabweichung darf nicht negativ sein und "
                    "min_age nicht über max_age liegen."
                )
            if self.sd == 0 and not self.min_age <= round(self.mean) <= self.max_age:
                raise ValueError("Austrittsalter: der Mittelwert liegt außerhalb von min_age–max_age.")
        else:
            values = np.array(list(self.probabilities.values()), dtype=float)
            if values.size == 0 or np.any(values < 0) or not math.isclose(values.sum(), 1.0):
                raise ValueError(
                    "Austrittsalter: die Wahrscheinlichkeiten müssen ≥ 0 sein und sich zu 1 summieren."
                )

    @classmethod
    def fixed(cls, age: int) -> ExitAgeModel:
        """Every doctor leaves at exactly ``age`` (a degenerate distribution)."""
        return cls(mean=float(age), sd=0.0, min_age=int(age), max_age=int(age))

    def distribution(self) -> tuple[np.ndarray, np.ndarray]:
        """Exit ages and their probabilities, ages ascending.

        Examples
        --------
        >>> ExitAgeModel(mean=66, sd=1, min_age=65, max_age=67).distribution()[1].round(3).tolist()
        [0.274, 0.452, 0.274]
        """
        if self.probabilities is not None:
            ages = np.array(sorted(self.probabilities), dtype=int)
            return ages, np.array([self.probabilities[a] for a in ages], dtype=float)
        ages = np.arange(self.min_age, self.max_age + 1)
        if self.sd == 0:
            return ages, (ages == round(self.mean)).astype(float)
        # Whole-year bins [k − 0.5, k + 0.5) of the normal density, renormalised to the support.
        upper = _NORMAL_CDF((ages + 0.5 - self.mean) / self.sd)
        lower = _NORMAL_CDF((ages - 0.5 - self.mean) / self.sd)
        mass = upper - lower
        return ages, mass / mass.sum()

    def working(self, ages: np.ndarray | list[int]) -> np.ndarray:
        """S(x): share of doctors whose exit age is above ``x`` (still working at age ``x``)."""
        exit_ages, p = self.distribution()
        cumulative = np.concatenate([[0.0], np.cumsum(p)])
        done = cumulative[np.searchsorted(exit_ages, np.asarray(ages), side="right")]
        return np.clip(1.0 - done, 0.0, 1.0)

    def still_working(self, ages: np.ndarray, years: np.ndarray) -> np.ndarray:
        """Probability that a doctor aged ``ages`` today still works after ``years``.

        S(a + t) / S(a); doctors already past the support (S(a) = 0) work in year 0 only, and
        so leave in the first year. Broadcasts ``ages`` against ``years``.
        """
        ages = np.asarray(ages, dtype=float)
        years = np.asarray(years, dtype=float)
        now = self.working(ages)
        later = self.working(ages + years)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(now > 0, later / np.where(now > 0, now, 1.0), 0.0)
        return np.where(years <= 0, 1.0, ratio)

    def sample_years_left(self, ages: np.ndarray, runs: int, rng: np.random.Generator) -> np.ndarray:
        """Draw the number of years until exit for each doctor (``runs`` × doctors).

        Inverse-transform sampling of the exit age conditional on being above today's age:
        ``F(a) + u · S(a)`` is looked up in the cumulative distribution. At least 1.
        """
        exit_ages, p = self.distribution()
        cumulative = np.cumsum(p)
        ages = np.asarray(ages, dtype=float)
        left = self.working(ages)
        target = (1.0 - left) + rng.random((runs, ages.size)) * left
        # side="right" skips exit ages at or below today's age (their cumulative is ≤ F(a));
        # clip guards against the sum of p falling a rounding error short of 1.
        index = np.minimum(np.searchsorted(cumulative, target, side="right"), p.size - 1)
        years = exit_ages[index] - ages
        return np.where(left > 0, np.maximum(years, 1.0), 1.0)


@dataclass(frozen=True)
class Forecast:
    """Result of :func:`forecast`.

    Attributes
    ----------
    years
        One row per year, Planungsbereich and Arztgruppe: ``jahr``, ``planungsbereich``,
        ``name``, ``arztgruppe``, ``einwohner`` (relevant population), ``soll``,
        ``ist_erwartet``, ``ist_p10``, ``ist_p90``, ``versorgungsgrad``,
        ``versorgungsgrad_p10``, ``versorgungsgrad_p90``, ``status``.
    summary
        One row per Planungsbereich and Arztgruppe: ``versorgungsgrad_heute``,
        ``versorgungsgrad_ende``, ``erstes_jahr_unter_100``, ``erstes_jahr_unterversorgung``,
        ``erstes_jahr_unterversorgung_p10``, ``abgaenge_erwartet``,
        ``neue_aerzte_pro_jahr_fuer_ziel``, ``neue_aerzte_gesamt_fuer_ziel``.
    hinweise
        Notes for the reader (German).
    """

    years: pd.DataFrame
    summary: pd.DataFrame
    hinweise: list[str] = field(default_factory=list)
