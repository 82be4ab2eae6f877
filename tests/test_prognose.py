"""Forecast of the Versorgungsgrad: exits, recruitment, population, summary.

Most cases use one Mittelbereich with 16,330 inhabitants: with the Hausärzte ratio of 1,633
(rules 2025-01-16) its Soll is exactly 10, so the Versorgungsgrad is ten times the Ist.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gesundheitsregion import bedarfsplanung
from gesundheitsregion.bevoelkerung import population_by_year
from gesundheitsregion.prognose import ExitAgeModel, forecast
from gesundheitsregion.rules import load_rules

RULES = load_rules()
MB = pd.DataFrame({"planungsbereich": ["MB1"], "name": ["Musterstadt"], "einwohner": [16330]})
NEVER = ExitAgeModel.fixed(110)  # nobody reaches 110 within the horizon


def hausaerzte(ages, factors=None, area="MB1"):
    ages = list(ages)
    factors = [1.0] * len(ages) if factors is None else list(factors)
    return pd.DataFrame(
        {
            "id": [f"{area}-{i}" for i in range(len(ages))],
            "planungsbereich": area,
            "arztgruppe": "Hausärzte",
            "anrechnungsfaktor": factors,
            "alter": pd.array(ages, dtype="Int64"),
        }
    )


def run(aerzte, planungsbereiche=MB, **kwargs):
    kwargs = {"start_year": 2025, "horizon": 5, "runs": 200, "groups": ["Hausärzte"], **kwargs}
    return forecast(planungsbereiche, aerzte, RULES, **kwargs)


# --- exits, worked out by hand ----------------------------------------------------------------


def test_a_doctor_aged_64_with_a_fixed_exit_at_66_leaves_in_year_two():
    result = run(hausaerzte([64]), exits=ExitAgeModel.fixed(66), horizon=4)
    years = result.years
    assert years["jahr"].tolist() == [2025, 2026, 2027, 2028, 2029]
    assert years["ist_erwartet"].tolist() == [1, 1, 0, 0, 0]
    assert years["ist_p10"].tolist() == [1, 1, 0, 0, 0]
    assert years["ist_p90"].tolist() == [1, 1, 0, 0, 0]
    assert years["versorgungsgrad"].tolist() == pytest.approx([10, 10, 0, 0, 0])


def test_expected_ist_of_a_two_point_exit_distribution_by_hand():
    # Exit at 65 or 67, half each. S(x) = P(exit age > x): S(64) = 1, S(65) = S(66) = 0.5,
    # S(67) = 0. Doctor aged 63 (factor 1): S(63+t)/S(63) = 1, 1, .5, .5, 0 for t = 0..4.
    # Doctor aged 66 (factor 0.5): S(66) = 0.5; S(67)/S(66) = 0, so 0.5, 0, 0, 0, 0.
    exits = ExitAgeModel(probabilities={65: 0.5, 67: 0.5})
    result = run(hausaerzte([63, 66], [1.0, 0.5]), exits=exits, horizon=4)
    assert result.years["ist_erwartet"].tolist() == pytest.approx([1.5, 1, 0.5, 0.5, 0])


def test_expected_ist_of_the_default_distribution_by_hand():
    # Normal(66, 3.5) in whole-year bins [k - 0.5, k + 0.5), k = 60..75, renormalised.
    def cdf(x):
        return 0.5 * (1 + math.erf((x - 66) / (3.5 * math.sqrt(2))))

    mass = {k: cdf(k + 0.5) - cdf(k - 0.5) for k in range(60, 76)}
    total = sum(mass.values())

    def survival(x):
        return sum(m for k, m in mass.items() if k > x) / total

    result = run(hausaerzte([62]), horizon=6)
    expected = [survival(62 + t) / survival(62) for t in range(7)]
    assert result.years["ist_erwartet"].tolist() == pytest.approx(expected, abs=1e-12)
    # For example after 4 years (age 66): about 0.6 of the doctor is still expected.
    assert 0.5 < expected[4] < 0.7


def test_doctors_beyond_the_cap_keep_a_yearly_exit_probability():
    # Aged 80, past the last exit age 75: works on with probability 0.8 a year, 0.8^t after
    # t years; the doctor aged 50 stays (55 at the end). Ist = 1 + 0.8^t.
    result = run(hausaerzte([80, 50]))
    expected = [1 + 0.8**t for t in range(6)]
    assert result.years["ist_erwartet"].tolist() == pytest.approx(expected, abs=1e-12)


def test_at_the_cap_the_last_age_means_that_age_or_later_by_hand():
    """p74, p75 from the default distribution. S(73) = p74 + p75, S(74) = p75 (all of the last
    bin still works at 74), S(75) = 0.8 · p75, S(76) = 0.64 · p75.

    Aged 74: 1, 0.8, 0.64. Aged 73: 1, p75 / (p74 + p75), 0.8 · p75 / (p74 + p75).
    """
    ages, p = ExitAgeModel().distribution()
    p74, p75 = p[ages == 74][0], p[ages == 75][0]
    years = run(hausaerzte([74]), horizon=2).years
    assert years["ist_erwartet"].tolist() == pytest.approx([1, 0.8, 0.64], abs=1e-12)
    share = p75 / (p74 + p75)
    years = run(hausaerzte([73]), horizon=2).years
    assert years["ist_erwartet"].tolist() == pytest.approx([1, share, 0.8 * share], abs=1e-12)


def test_a_hard_cap_sends_everybody_past_it_home_in_the_first_year():
    result = run(hausaerzte([80, 50]), exits=ExitAgeModel(tail_hazard=1.0))
    assert result.years["ist_erwartet"].tolist()[:2] == pytest.approx([2, 1], abs=1e-12)
    assert result.years["ist_p90"].tolist()[:2] == [2, 1]


def test_the_simulated_years_beyond_the_cap_follow_the_yearly_probability():
    # Geometric with p = 0.2: mean 1/p = 5 years, P(1 year) = 0.2.
    left = ExitAgeModel().sample_years_left(np.array([78.0]), 40_000, np.random.default_rng(1))
    assert left.mean() == pytest.approx(5, abs=0.1)
    assert (left == 1).mean() == pytest.approx(0.2, abs=0.01)
    # Drawing "75 or later" from age 70 continues the same way: at least 75 − 1 − 70 + 1 years.
    left = ExitAgeModel().sample_years_left(np.array([70.0]), 40_000, np.random.default_rng(2))
    expected = ExitAgeModel().still_working(np.array([70.0]), np.arange(1, 12))
    simulated = np.array([(left > t).mean() for t in range(1, 12)])
    assert simulated == pytest.approx(expected, abs=0.01)


def test_doctors_without_an_age_never_leave_and_are_counted_in_a_note():
    aerzte = hausaerzte([64, None], [1.0, 0.5])
    result = run(aerzte, exits=ExitAgeModel.fixed(66), horizon=3)
    assert result.years["ist_erwartet"].tolist() == [1.5, 1.5, 0.5, 0.5]
    assert result.years["ist_p10"].tolist() == [1.5, 1.5, 0.5, 0.5]
    assert "Ärzte ohne Altersangabe: 1 (Anrechnungsfaktoren zusammen 0,5)" in " ".join(
        result.hinweise
    )


def test_the_age_comes_from_the_birth_year_when_no_age_is_given():
    aerzte = hausaerzte([0]).drop(columns="alter").assign(geburtsjahr=1961)  # 64 in 2025
    result = run(aerzte, exits=ExitAgeModel.fixed(66), horizon=3)
    assert result.years["ist_erwartet"].tolist() == [1, 1, 0, 0]


def test_the_exit_model_rejects_impossible_distributions():
    with pytest.raises(ValueError):
        ExitAgeModel(sd=-1)
    with pytest.raises(ValueError):
        ExitAgeModel(probabilities={65: 0.5, 67: 0.6})
    with pytest.raises(ValueError, match="nach dem Höchstalter"):
        ExitAgeModel(tail_hazard=0)


# --- year 0 is today's Bedarfsplanung ---------------------------------------------------------


def test_year_zero_equals_todays_bedarfsplanung():
    planungsbereiche = pd.DataFrame(
        {
            "planungsbereich": ["K1", "K2"],
            "name": ["Kreis 1", "Kreis 2"],
            "einwohner": [120000, 80000],
            "einwohner_weiblich": [61000, 40500],
            "einwohner_unter_18": [19000, 12000],
            "kreistyp": [3, 5],
            "verteilungsfaktor": [1.04, np.nan],
        }
    )
    groups = ["Augenärzte", "Frauenärzte", "Kinder- und Jugendärzte", "Hausärzte"]
    aerzte = pd.DataFrame(
        {
            "id": [str(i) for i in range(16)],
            "planungsbereich": ["K1", "K2"] * 8,
            "arztgruppe": groups * 4,
            "anrechnungsfaktor": [1.0, 0.5, 0.75, 1.0] * 4,
            "alter": list(range(45, 77, 2)),
        }
    )
    today = bedarfsplanung.compute(planungsbereiche, aerzte, RULES, stichtag_jahr=2025)
    year0 = (
        run(aerzte, planungsbereiche, groups=None)
        .years.query("jahr == 2025")
        .reset_index(drop=True)
    )
    assert year0["planungsbereich"].tolist() == today["planungsbereich"].tolist()
    assert year0["arztgruppe"].tolist() == today["arztgruppe"].tolist()
    for column, theirs in [("soll", "soll"), ("ist_erwartet", "ist"), ("einwohner", "einwohner")]:
        assert year0[column].to_numpy() == pytest.approx(today[theirs].to_numpy())
    assert year0["versorgungsgrad"].to_numpy() == pytest.approx(today["versorgungsgrad"].to_numpy())
    assert year0["status"].tolist() == today["status"].tolist()
    assert any(
        "Verteilungsfaktor fehlt" in note
        for note in run(aerzte, planungsbereiche, groups=None).hinweise
    )


# --- population -------------------------------------------------------------------------------


def test_the_soll_follows_the_change_of_the_population():
    # The projection counts 20,000 today and 10,000 in 2027: its change (halving) is applied
    # to the 16,330 inhabitants of the Bedarfsplanung, so year 0 stays today's figure.
    population = pd.DataFrame(
        {"planungsbereich": "MB1", "jahr": [2025, 2027], "einwohner": [20000, 10000]}
    )
    result = run(hausaerzte([40] * 8), population=population, exits=NEVER, horizon=3)
    years = result.years
    assert years["einwohner"].tolist() == pytest.approx([16330, 16330, 8165, 8165])
    assert years["soll"].tolist() == pytest.approx([10, 10, 5, 5])
    assert years["versorgungsgrad"].tolist() == pytest.approx([80, 80, 160, 160])
    assert years["status"].tolist()[-1] == "Überversorgung (gesperrt)"


def test_a_group_follows_the_change_of_its_own_population():
    planungsbereiche = pd.DataFrame(
        {
            "planungsbereich": ["K1"],
            "einwohner": [100000],
            "einwohner_weiblich": [50000],
            "kreistyp": [1],
        }
    )
    population = pd.DataFrame(
        {
            "planungsbereich": "K1",
            "jahr": [2025, 2026],
            "einwohner": [1000, 1000],
            "einwohner_weiblich": [500, 400],
        }
    )
    aerzte = pd.DataFrame(
        {
            "id": ["1", "2"],
            "planungsbereich": "K1",
            "arztgruppe": ["Frauenärzte", "Augenärzte"],
            "anrechnungsfaktor": 1.0,
            "alter": [40, 40],
        }
    )
    years = run(aerzte, planungsbereiche, population=population, horizon=1, groups=None).years
    women = years[years["arztgruppe"] == "Frauenärzte"]["einwohner"].tolist()
    everybody = years[years["arztgruppe"] == "Augenärzte"]["einwohner"].tolist()
    assert women == pytest.approx([50000, 40000])
    assert everybody == pytest.approx([100000, 100000])


def test_a_long_population_table_by_age_group_is_accepted():
    # 0-17 and 18+ by year; the total falls from 1,000 to 800 (-20 %) in 2026.
    population = pd.DataFrame(
        {
            "planungsbereich": "MB1",
            "jahr": [2025, 2025, 2026, 2026],
            "altersgruppe": ["0-17", "18+", "0-17", "18+"],
            "geschlecht": "insgesamt",
            "einwohner": [200, 800, 150, 650],
        }
    )
    years = run(hausaerzte([40] * 8), population=population, exits=NEVER, horizon=1).years
    assert years["einwohner"].tolist() == pytest.approx([16330, 16330 * 0.8])


def test_the_ageing_model_feeds_the_forecast():
    base = pd.DataFrame(
        {
            "planungsbereich": "MB1",
            "altersgruppe": ["0-49", "50+"],
            "geschlecht": "insgesamt",
            "einwohner": [8000, 8330],
        }
    )
    population = population_by_year(MB, start_year=2025, horizon=5, base=base)
    result = run(hausaerzte([40] * 8), population=population, exits=NEVER)
    inhabitants = result.years["einwohner"].to_numpy()
    # Low fertility and the deaths of the old: the population shrinks every year.
    assert inhabitants[0] == 16330
    assert np.all(np.diff(inhabitants) < 0)
    assert any("Alterungsmodell" in note for note in result.hinweise)


# --- recruitment ------------------------------------------------------------------------------


def test_one_new_doctor_a_year_adds_one_per_year():
    result = run(hausaerzte([40] * 5), exits=NEVER, recruitment=1, horizon=4)
    assert result.years["ist_erwartet"].tolist() == [5, 6, 7, 8, 9]
    assert result.years["ist_p10"].tolist() == [5, 6, 7, 8, 9]


def test_recruitment_from_a_table_starts_in_its_year_and_can_be_fractional():
    table = pd.DataFrame(
        {
            "planungsbereich": ["MB1"],
            "arztgruppe": ["Hausärzte"],
            "neue_aerzte_pro_jahr": [0.5],
            "ab_jahr": [2027],
        }
    )
    result = run(hausaerzte([40] * 5), exits=NEVER, recruitment=table, horizon=4)
    assert result.years["ist_erwartet"].tolist() == [5, 5, 5.5, 6, 6.5]
    assert result.years["ist_p90"].tolist() == [5, 5, 5.5, 6, 6.5]


def test_new_doctors_can_leave_again():
    # Entering at 64 with a fixed exit at 66, each year's new doctor stays two years.
    result = run(
        hausaerzte([]),
        exits=ExitAgeModel.fixed(66),
        recruitment=1,
        entry_age=64,
        groups=["Hausärzte"],
    )
    assert result.years["ist_erwartet"].tolist() == [0, 1, 2, 2, 2, 2]
    assert result.years["ist_p10"].tolist() == [0, 1, 2, 2, 2, 2]


def test_a_recruitment_table_with_an_unknown_area_is_rejected_in_german():
    table = pd.DataFrame(
        {"planungsbereich": ["MB9"], "arztgruppe": ["Hausärzte"], "neue_aerzte_pro_jahr": [1.0]}
    )
    with pytest.raises(ValueError, match=r"nicht prognostiziert.*'MB9'"):
        run(hausaerzte([40]), recruitment=table)


# --- summary ----------------------------------------------------------------------------------


def test_the_summary_by_hand():
    # 11 doctors, fixed exit at 66: two aged 65 leave in year 1, two aged 63 in year 3.
    # Ist 11, 9, 9, 7, 7, 7 -> Versorgungsgrad 110, 90, 90, 70, 70, 70 (Soll 10).
    # Below 100 first in 2026, below the Hausärzte mark of 75 first in 2028.
    # Exits: 4. Schedule for 100 % (new doctors aged 40 stay): gap 1 in 2026 -> 1; 2027 none
    # missing; 2028 gap 3, 1 won earlier -> 2; then none. Total 3 (0.6 a year), 1 in year 1.
    # Constant rate: gaps 1, 1, 3, 3, 3 against 1, 2, 3, 4, 5 recruits built up
    # -> max(1/1, 1/2, 3/3, 3/4, 3/5) = 1.0 a year.
    aerzte = hausaerzte([65, 65, 63, 63] + [40] * 7)
    result = run(aerzte, exits=ExitAgeModel.fixed(66))
    assert result.years["versorgungsgrad"].tolist() == pytest.approx([110, 90, 90, 70, 70, 70])
    row = result.summary.iloc[0]
    assert (row["planungsbereich"], row["name"], row["arztgruppe"]) == (
        "MB1",
        "Musterstadt",
        "Hausärzte",
    )
    assert row["versorgungsgrad_heute"] == pytest.approx(110)
    assert row["versorgungsgrad_ende"] == pytest.approx(70)
    assert row["erstes_jahr_unter_100"] == 2026
    assert row["erstes_jahr_unterversorgung"] == 2028
    assert row["erstes_jahr_unterversorgung_p10"] == 2028
    assert row["abgaenge_erwartet"] == pytest.approx(4)
    assert result.years["neue_aerzte_fuer_ziel"].tolist() == [0, 1, 0, 2, 0, 0]
    assert result.years["versorgungsgrad_mit_fahrplan"].tolist() == pytest.approx(
        [110, 100, 100, 100, 100, 100]
    )
    assert row["neue_aerzte_gesamt_fuer_ziel"] == pytest.approx(3.0)
    assert row["neue_aerzte_pro_jahr_fuer_ziel"] == pytest.approx(0.6)
    assert row["neue_aerzte_erstes_jahr_fuer_ziel"] == pytest.approx(1.0)
    assert row["konstante_rate_fuer_ziel"] == pytest.approx(1.0)


def test_the_schedule_replaces_new_doctors_who_leave_again_by_hand():
    """8 doctors aged 30 stay (exit at 43), Soll 10: 2 missing every year. New doctors enter at
    41 and leave at 43, so each works two years: u(0) = u(1) = 1, u(2) = 0.

    Schedule: 2026: 2; 2027: 2 − 2·u(1) = 0; 2028: 2 − 0·u(1) − 2·u(2) = 2; 2029: 0; 2030: 2.
    Total 6, 1.2 a year. Constant rate: recruits built up 1, 2, 2, 2, 2 -> max(2/1, 2/2) = 2.
    """
    result = run(hausaerzte([30] * 8), exits=ExitAgeModel.fixed(43), entry_age=41)
    assert result.years["neue_aerzte_fuer_ziel"].tolist() == [0, 2, 0, 2, 0, 2]
    assert result.years["versorgungsgrad_mit_fahrplan"].tolist() == pytest.approx(
        [80, 100, 100, 100, 100, 100]
    )
    row = result.summary.iloc[0]
    assert row["neue_aerzte_gesamt_fuer_ziel"] == pytest.approx(6.0)
    assert row["neue_aerzte_pro_jahr_fuer_ziel"] == pytest.approx(1.2)
    assert row["neue_aerzte_erstes_jahr_fuer_ziel"] == pytest.approx(2.0)
    assert row["konstante_rate_fuer_ziel"] == pytest.approx(2.0)


def test_a_gap_today_is_closed_once_and_not_again_every_year():
    """5 doctors aged 40 who stay, Soll 10: the schedule wins the 5 missing ones in year 1 and
    nobody after; the constant rate has to be 5 a year (25 in five years, 300 % at the end)."""
    result = run(hausaerzte([40] * 5), exits=NEVER)
    assert result.years["neue_aerzte_fuer_ziel"].tolist() == [0, 5, 0, 0, 0, 0]
    row = result.summary.iloc[0]
    assert row["neue_aerzte_gesamt_fuer_ziel"] == pytest.approx(5.0)
    assert row["konstante_rate_fuer_ziel"] == pytest.approx(5.0)


def test_a_secure_area_needs_no_new_doctors_and_never_falls():
    result = run(hausaerzte([40] * 12), exits=NEVER)
    row = result.summary.iloc[0]
    assert row["neue_aerzte_pro_jahr_fuer_ziel"] == 0
    assert pd.isna(row["erstes_jahr_unter_100"])
    assert pd.isna(row["erstes_jahr_unterversorgung"])
    assert result.summary["erstes_jahr_unter_100"].dtype == "Int64"


def test_the_threat_of_unterversorgung_follows_the_age_of_the_doctors_each_year():
    # 8 doctors: Versorgungsgrad 80 %. Today two are 63: without doctors aged 65 and over
    # it would stay 80 % (Regelversorgung). In 2027 they are 65: counted without them, 60 %
    # < 75 % -> drohende Unterversorgung. In 2028 they have left: 60 % -> Unterversorgung.
    result = run(hausaerzte([63, 63] + [40] * 6), exits=ExitAgeModel.fixed(66), horizon=3)
    assert result.years["status"].tolist() == [
        "Regelversorgung",
        "Regelversorgung",
        "drohende Unterversorgung",
        "Unterversorgung",
    ]


# --- reproducibility and notes ----------------------------------------------------------------


def test_the_simulation_is_reproducible_with_its_seed():
    aerzte = hausaerzte(range(50, 70))
    first = run(aerzte, seed=7, horizon=10).years
    again = run(aerzte, seed=7, horizon=10).years
    other = run(aerzte, seed=8, horizon=10).years
    pd.testing.assert_frame_equal(first, again)
    assert not np.array_equal(first["ist_p10"], other["ist_p10"]) or not np.array_equal(
        first["ist_p90"], other["ist_p90"]
    )


def test_the_notes_name_the_assumptions():
    notes = " ".join(run(hausaerzte([50]), recruitment=1).hinweise)
    assert "konstant" in notes
    assert "Mittel 66" in notes and "3,5" in notes and "60–75" in notes
    assert "200 Simulationsläufen (Startwert 42)" in notes
    assert "40 Jahren" in notes


# --- properties -------------------------------------------------------------------------------

ages = st.lists(st.integers(30, 80), min_size=0, max_size=25)
factors = st.sampled_from([0.25, 0.5, 0.75, 1.0])


@st.composite
def doctor_lists(draw, min_size=0):
    found = draw(st.lists(st.integers(30, 80), min_size=min_size, max_size=25))
    return hausaerzte(found, [draw(factors) for _ in found])


@settings(max_examples=30, deadline=None)
@given(aerzte=doctor_lists(), horizon=st.integers(1, 15))
def test_without_exits_and_with_constant_population_the_forecast_is_flat(aerzte, horizon):
    result = run(aerzte, exits=NEVER, horizon=horizon, runs=20)
    grade = result.years["versorgungsgrad"].to_numpy()
    assert grade == pytest.approx(np.full(horizon + 1, grade[0]))
    assert result.years["versorgungsgrad_p10"].to_numpy() == pytest.approx(grade)
    assert result.years["versorgungsgrad_p90"].to_numpy() == pytest.approx(grade)
    assert result.summary["abgaenge_erwartet"].iloc[0] == pytest.approx(0)


@settings(max_examples=30, deadline=None)
@given(aerzte=doctor_lists(), extra_age=st.integers(30, 80), extra_factor=factors)
def test_more_doctors_never_lower_the_forecast(aerzte, extra_age, extra_factor):
    more = pd.concat([aerzte, hausaerzte([extra_age], [extra_factor], area="MB1").assign(id="x")])
    base = run(aerzte, horizon=10, runs=20).years["versorgungsgrad"].to_numpy()
    raised = run(more, horizon=10, runs=20).years["versorgungsgrad"].to_numpy()
    assert np.all(raised >= base - 1e-9)


@settings(max_examples=25, deadline=None)
@given(aerzte=doctor_lists(min_size=1), recruitment=st.sampled_from([0, 0.5, 2]))
def test_the_band_lies_around_the_expectation(aerzte, recruitment):
    # Ist is discrete: its 10th/90th percentile can sit a step away from the mean (one doctor
    # with 95 % survival has p10 = p90 = 1 but mean 0.95). The mean of a sum of independent
    # exits lies within one step of its median, so the tolerance is one full doctor (1.0).
    years = run(aerzte, horizon=10, runs=400, recruitment=recruitment).years
    assert np.all(years["ist_p10"] <= years["ist_p90"] + 1e-12)
    assert np.all(years["ist_p10"] - 1.0 <= years["ist_erwartet"] + 1e-9)
    assert np.all(years["ist_erwartet"] <= years["ist_p90"] + 1.0 + 1e-9)


@settings(max_examples=25, deadline=None)
@given(
    aerzte=doctor_lists(),
    inhabitants=st.integers(5000, 60000),
    target=st.sampled_from([75.0, 100.0, 110.0]),
    entry_age=st.integers(30, 60),
)
def test_the_recruitment_need_reaches_the_target_and_a_tenth_less_does_not(
    aerzte, inhabitants, target, entry_age
):
    area = MB.assign(einwohner=inhabitants)
    options = {"horizon": 10, "runs": 5, "target": target, "entry_age": entry_age}
    need = run(aerzte, area, **options).summary["konstante_rate_fuer_ziel"].iloc[0]
    assert need == round(need, 1) >= 0
    enough = run(aerzte, area, recruitment=need, **options).years
    assert np.all(enough["versorgungsgrad"].to_numpy()[1:] >= target - 1e-9)
    if need > 0:
        short = run(aerzte, area, recruitment=need - 0.1, **options).years
        assert np.any(short["versorgungsgrad"].to_numpy()[1:] < target - 1e-9)


@settings(max_examples=25, deadline=None)
@given(
    aerzte=doctor_lists(),
    inhabitants=st.integers(5000, 60000),
    target=st.sampled_from([75.0, 100.0, 110.0]),
    entry_age=st.integers(30, 70),
)
def test_the_schedule_keeps_the_target_every_year_with_no_tenth_to_spare(
    aerzte, inhabitants, target, entry_age
):
    area = MB.assign(einwohner=inhabitants)
    options = {"horizon": 10, "runs": 5, "target": target, "entry_age": entry_age}
    result = run(aerzte, area, **options)
    years = result.years.iloc[1:]
    plan = years["neue_aerzte_fuer_ziel"].to_numpy()
    grad = years["versorgungsgrad_mit_fahrplan"].to_numpy()
    assert np.all(plan >= 0) and np.allclose(plan, np.round(plan, 1))
    assert np.all(grad >= target - 1e-9)
    # Where doctors are won, a tenth fewer in that year would leave it below the target.
    tenth = 0.1 / years["soll"].to_numpy() * 100
    assert np.all(grad[plan > 0] - tenth[plan > 0] < target + 1e-9)
    # Recomputed from the definition: expected Ist + the won doctors still working.
    survival = ExitAgeModel().still_working(np.full(11, entry_age), np.arange(11))
    ist = years["ist_erwartet"].to_numpy() + [
        sum(plan[e] * survival[t - e] for e in range(t + 1)) for t in range(len(plan))
    ]
    assert grad == pytest.approx(ist / years["soll"].to_numpy() * 100, rel=1e-9)
    summary = result.summary.iloc[0]
    assert summary["neue_aerzte_gesamt_fuer_ziel"] == pytest.approx(plan.sum())
    # The schedule never needs more than the constant rate over the same years.
    assert plan.sum() <= summary["konstante_rate_fuer_ziel"] * 10 + 1e-9


def test_cli_sets_the_yearly_exit_probability_beyond_75(write, tmp_path, capsys):
    """One Hausarzt aged 80 (born 1945, Stichtag 2025): with the default he works on with
    0.8 in 2026; with --austritt-ab-75 100 he has left; with 50, 0.5 of him is expected."""
    from gesundheitsregion.cli import main

    areas = write("bereiche.csv", "planungsbereich;einwohner\nMB1;16330\n")
    doctors = write(
        "aerzte.csv",
        "id;planungsbereich;arztgruppe;anrechnungsfaktor;geburtsjahr\n1;MB1;Hausärzte;1;1945\n",
    )
    expected = {None: 0.8, "100": 0.0, "50": 0.5}
    for value, ist in expected.items():
        out = tmp_path / f"prognose_{value}.csv"
        args = ["prognose", "--bereiche", str(areas), "--aerzte", str(doctors)]
        args += ["--stichtag-jahr", "2025", "--jahre", "2", "--laeufe", "10", "--out", str(out)]
        if value is not None:
            args += ["--austritt-ab-75", value]
        assert main(args) == 0
        assert pd.read_csv(out)["ist_erwartet"].tolist()[1] == pytest.approx(ist)
    bad = ["prognose", "--bereiche", str(areas), "--aerzte", str(doctors), "--stichtag-jahr"]
    bad += ["2025", "--austritt-ab-75", "0", "--out", str(tmp_path / "x.csv")]
    assert main(bad) == 2
    assert "--austritt-ab-75 muss über 0 und höchstens 100 (Prozent) sein" in (
        capsys.readouterr().err
    )
