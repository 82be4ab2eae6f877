"""Bedarfsplanung: Versorgungsgrad, Status und offene Sitze.

Alle erwarteten Werte sind von Hand gerechnet (Rechenweg im Kommentar) oder stammen aus einer
veröffentlichten Tabelle der KV Niedersachsen. Die Bevölkerungszahlen sind so gewählt, dass das
Soll glatt 10 Ärzte beträgt: 16 330 Einwohner / 1 633 (Hausärzte 2025) = 10.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gesundheitsregion.bedarfsplanung import (
    COLUMNS,
    DROHENDE_UNTERVERSORGUNG,
    NICHT_BEWERTBAR,
    REGELVERSORGUNG,
    UEBERVERSORGUNG,
    UNTERVERSORGUNG,
    compute,
    open_seats,
    regional_ratio,
    status,
    versorgungsgrad,
)
from gesundheitsregion.rules import UnknownGroupError, load_rules

RULES = load_rules("2025-01-16")


def _planungsbereiche(**columns) -> pd.DataFrame:
    """One Planungsbereich 'PB1' with Soll 10 Hausärzte unless columns say otherwise."""
    values = {"planungsbereich": "PB1", "name": "Testbereich", "einwohner": 16330}
    values |= columns
    return pd.DataFrame({key: [value] for key, value in values.items()})


def _aerzte(
    factors: list[float],
    arztgruppe: str = "Hausärzte",
    planungsbereich: str = "PB1",
    **columns,
) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": [f"{planungsbereich}-{arztgruppe}-{i}" for i in range(len(factors))],
            "planungsbereich": planungsbereich,
            "arztgruppe": arztgruppe,
            "anrechnungsfaktor": pd.Series(factors, dtype=float),
            **columns,
        }
    )


def _factors(ist: float) -> list[float]:
    """Anrechnungsfaktoren that add up to ``ist``: whole doctors plus one part-time doctor."""
    whole, rest = divmod(ist, 1.0)
    return [1.0] * int(whole) + ([rest] if rest else [])


def _one_row(planungsbereiche, aerzte, rules=RULES, **kwargs) -> pd.Series:
    result = compute(planungsbereiche, aerzte, rules, **kwargs)
    assert len(result) == 1
    return result.iloc[0]


# --- (a) Veröffentlichte Zahl: KV Niedersachsen, Mittelbereich Hann. Münden, Juni 2021 -------
#
# 40 616 Einwohner, 28,5 Hausärzte, veröffentlichter Versorgungsgrad 105,2 %,
# "1,5 weitere Zulassungen bis zur Sperrung". Der regionale Verteilungsfaktor ist nicht
# veröffentlicht; die regionale Verhältniszahl wird deshalb aus dem veröffentlichten
# Versorgungsgrad abgeleitet: Soll = 28,5 / 1,052 = 27,09 Ärzte, also
# 40 616 / 27,09 = 1 499,23 Einwohner je Hausarzt. Von Hand: Sperrgrenze 1,1 × 27,09 = 29,80;
# 28,5 + 1,0 = 29,5 liegt darunter, 28,5 + 1,5 = 30,0 darüber, also 1,5 Sitze.

HM_EINWOHNER = 40_616
HM_IST = 28.5
HM_VERSORGUNGSGRAD = 105.2
HM_REGIONAL = HM_EINWOHNER / (HM_IST / (HM_VERSORGUNGSGRAD / 100))


def test_hann_muenden_regional_ratio_is_derived_from_the_published_grade():
    assert abs(HM_REGIONAL - 1499.23) < 0.01


def test_open_seats_match_the_published_hann_muenden_figure():
    assert open_seats(HM_IST, HM_EINWOHNER / HM_REGIONAL) == 1.5


@pytest.mark.parametrize("published_grade_unrounded", [105.15, 105.2, 105.2499])
def test_hann_muenden_seats_hold_for_every_grade_that_rounds_to_105_2(published_grade_unrounded):
    soll = HM_IST / (published_grade_unrounded / 100)
    assert open_seats(HM_IST, soll) == 1.5


def test_compute_reproduces_hann_muenden():
    rules = load_rules("2019")
    # Der Verteilungsfaktor, der aus 1 609 (Hausärzte 2019) die abgeleitete regionale
    # Verhältniszahl macht: 1 609 / 1 499,23 = 1,0732.
    planungsbereiche = _planungsbereiche(
        planungsbereich="MB Hann. Münden",
        name="Hann. Münden",
        einwohner=HM_EINWOHNER,
        verteilungsfaktor=1609 / HM_REGIONAL,
    )
    aerzte = _aerzte([1.0] * 28 + [0.5], planungsbereich="MB Hann. Münden")
    row = _one_row(planungsbereiche, aerzte, rules)
    assert row["verhaeltniszahl"] == pytest.approx(HM_REGIONAL)
    assert row["ist"] == 28.5
    assert row["aerzte_koepfe"] == 29
    assert row["versorgungsgrad"] == pytest.approx(105.2, abs=1e-9)
    assert row["offene_sitze"] == 1.5
    assert row["status"] == REGELVERSORGUNG


# --- (b) Von Hand gerechnete Fälle ------------------------------------------------------------


@pytest.mark.parametrize(
    ("ist", "grad", "expected_status", "seats"),
    [
        # Soll 10: Sperrgrenze 11 Ärzte; offene Sitze bis Ist > 11.
        (12.0, 120.0, UEBERVERSORGUNG, 0.0),
        (11.5, 115.0, UEBERVERSORGUNG, 0.0),
        (11.0, 110.0, REGELVERSORGUNG, 0.5),  # genau 110 % ist noch nicht gesperrt
        (10.0, 100.0, REGELVERSORGUNG, 1.5),  # 11,5 > 11, aber 11,0 nicht
        (7.5, 75.0, REGELVERSORGUNG, 4.0),  # genau 75 % ist noch nicht unterversorgt
        (7.25, 72.5, UNTERVERSORGUNG, 4.0),  # 11,25 > 11
        (7.0, 70.0, UNTERVERSORGUNG, 4.5),
        (0.0, 0.0, UNTERVERSORGUNG, 11.5),
    ],
)
def test_hausaerzte_status_and_open_seats(ist, grad, expected_status, seats):
    planungsbereiche = _planungsbereiche(verteilungsfaktor=1.0)
    row = _one_row(planungsbereiche, _aerzte(_factors(ist)), groups=["Hausärzte"])
    assert row["soll"] == pytest.approx(10.0)
    assert row["ist"] == ist
    assert row["versorgungsgrad"] == pytest.approx(grad)
    assert row["status"] == expected_status
    assert row["offene_sitze"] == seats
    no_ages = "Keine Altersangaben, drohende Unterversorgung nicht prüfbar"
    assert row["hinweis"] == ("" if ist == 0 else no_ages)


def test_old_doctors_make_unterversorgung_drohend():
    # 8 Hausärzte, Soll 10: 80 %. Ohne die beiden ab 65 blieben 6, also 60 % < 75 %.
    # Ab 60: drei von acht, 0,375; ab 65: zwei von acht, 0,25.
    aerzte = _aerzte([1.0] * 8, alter=[70, 66, 62, 50, 50, 50, 50, 50])
    row = _one_row(_planungsbereiche(verteilungsfaktor=1.0), aerzte)
    assert row["versorgungsgrad"] == pytest.approx(80.0)
    assert row["versorgungsgrad_ohne_65plus"] == pytest.approx(60.0)
    assert row["anteil_60plus"] == pytest.approx(0.375)
    assert row["anteil_65plus"] == pytest.approx(0.25)
    assert row["status"] == DROHENDE_UNTERVERSORGUNG
    assert row["hinweis"] == ""


def test_young_doctors_keep_the_regelversorgung():
    aerzte = _aerzte([1.0] * 8, alter=[64, 60, 50, 50, 50, 50, 50, 40])
    row = _one_row(_planungsbereiche(verteilungsfaktor=1.0), aerzte)
    assert row["versorgungsgrad_ohne_65plus"] == pytest.approx(80.0)
    assert row["anteil_65plus"] == 0.0
    assert row["status"] == REGELVERSORGUNG


def test_without_ages_unterversorgung_cannot_be_drohend():
    row = _one_row(_planungsbereiche(verteilungsfaktor=1.0), _aerzte([1.0] * 8))
    assert math.isnan(row["anteil_65plus"])
    assert math.isnan(row["versorgungsgrad_ohne_65plus"])
    assert row["status"] == REGELVERSORGUNG
    assert "drohende Unterversorgung nicht prüfbar" in row["hinweis"]


def test_unterversorgung_wins_over_drohende_unterversorgung():
    aerzte = _aerzte([1.0] * 7, alter=[70, 70, 70, 70, 70, 70, 70])
    row = _one_row(_planungsbereiche(verteilungsfaktor=1.0), aerzte)
    assert row["status"] == UNTERVERSORGUNG


def test_ages_come_from_geburtsjahr_and_the_stichtag():
    # Stichtag 2025: Jahrgang 1955 ist 70, 1961 ist 64.
    aerzte = _aerzte([1.0] * 8, geburtsjahr=[1955, 1955, 1961, 1975, 1975, 1975, 1975, 1975])
    row = _one_row(_planungsbereiche(verteilungsfaktor=1.0), aerzte, stichtag_jahr=2025)
    assert row["anteil_65plus"] == pytest.approx(0.25)
    assert row["anteil_60plus"] == pytest.approx(0.375)
    assert row["status"] == DROHENDE_UNTERVERSORGUNG


def test_alter_takes_precedence_over_geburtsjahr():
    aerzte = _aerzte([1.0, 1.0], alter=[40, pd.NA], geburtsjahr=[1950, 1950])
    row = _one_row(_planungsbereiche(verteilungsfaktor=1.0), aerzte, stichtag_jahr=2025)
    assert row["anteil_65plus"] == pytest.approx(0.5)


def test_geburtsjahr_without_stichtag_is_refused_with_the_fix():
    aerzte = _aerzte([1.0], geburtsjahr=[1960])
    with pytest.raises(ValueError, match="stichtag_jahr=2024"):
        compute(_planungsbereiche(verteilungsfaktor=1.0), aerzte, RULES)


def test_partial_ages_are_shares_of_the_known_ones_and_say_so():
    # Bekannt: 70 (1,0) und 50 (0,5) → ab 65: 1,0 / 1,5. Der dritte Arzt ohne Alter zählt
    # beim Versorgungsgrad ohne 65+ als jünger: (2,5 − 1,0) / 10 = 15 %.
    aerzte = _aerzte([1.0, 0.5, 1.0], alter=[70, 50, pd.NA])
    row = _one_row(_planungsbereiche(verteilungsfaktor=1.0), aerzte)
    assert row["anteil_65plus"] == pytest.approx(2 / 3)
    assert row["versorgungsgrad_ohne_65plus"] == pytest.approx(15.0)
    assert "nicht für alle Ärzte bekannt" in row["hinweis"]


@pytest.mark.parametrize(
    ("ist", "expected_status"),
    [(4.5, UNTERVERSORGUNG), (5.0, REGELVERSORGUNG), (6.0, REGELVERSORGUNG)],
)
def test_fachaerzte_are_unterversorgt_below_50_percent(ist, expected_status):
    # Augenärzte, Kreistyp 3: 234 460 / 23 446 = Soll 10; 4,5 → 45 %, 5 → 50 %, 6 → 60 %.
    planungsbereiche = _planungsbereiche(einwohner=234460, kreistyp=3, verteilungsfaktor=1.0)
    row = _one_row(planungsbereiche, _aerzte(_factors(ist), "Augenärzte"))
    assert row["allgemeine_verhaeltniszahl"] == 23446
    assert row["soll"] == pytest.approx(10.0)
    assert row["status"] == expected_status


def test_fachaerzte_drohend_uses_the_50_percent_mark():
    # Augenärzte 60 %, ohne die zwei ab 65 noch 40 % < 50 %.
    planungsbereiche = _planungsbereiche(einwohner=234460, kreistyp=3, verteilungsfaktor=1.0)
    aerzte = _aerzte([1.0] * 6, "Augenärzte", alter=[66, 67, 50, 50, 50, 50])
    row = _one_row(planungsbereiche, aerzte)
    assert row["status"] == DROHENDE_UNTERVERSORGUNG


def test_a_spezialisierte_group_needs_no_kreistyp():
    # Radiologen 49 062: 490 620 Einwohner → Soll 10; 4,75 → 47,5 % < 50 %.
    planungsbereiche = _planungsbereiche(einwohner=490620, verteilungsfaktor=1.0)
    row = _one_row(planungsbereiche, _aerzte(_factors(4.75), "Radiologen"))
    assert row["versorgungsgrad"] == pytest.approx(47.5)
    assert row["status"] == UNTERVERSORGUNG


def test_frauenaerzte_are_planned_on_women():
    # Kreistyp 1: 3 828 Einwohnerinnen je Ärztin; 38 280 / 3 828 = 10; 5 → 50 %.
    planungsbereiche = _planungsbereiche(
        einwohner=100000, einwohner_weiblich=38280, kreistyp=1, verteilungsfaktor=1.0
    )
    row = _one_row(planungsbereiche, _aerzte([1.0] * 5, "Frauenärzte"))
    assert row["bezug"] == "einwohner_weiblich"
    assert row["einwohner"] == 38280
    assert row["allgemeine_verhaeltniszahl"] == 3828
    assert row["soll"] == pytest.approx(10.0)
    assert row["versorgungsgrad"] == pytest.approx(50.0)
    assert row["status"] == REGELVERSORGUNG


def test_kinder_und_jugendaerzte_are_planned_on_under_18s():
    # Kreistyp 2: 2 862 Minderjährige je Arzt; 28 620 / 2 862 = 10; 12 → 120 %.
    planungsbereiche = _planungsbereiche(
        einwohner=150000, einwohner_unter_18=28620, kreistyp=2, verteilungsfaktor=1.0
    )
    row = _one_row(planungsbereiche, _aerzte([1.0] * 12, "Kinder- und Jugendärzte"))
    assert row["bezug"] == "einwohner_unter_18"
    assert row["soll"] == pytest.approx(10.0)
    assert row["status"] == UEBERVERSORGUNG
    assert row["offene_sitze"] == 0.0


def test_kinder_und_jugendpsychiater_are_planned_on_under_18s():
    # 15 209 Minderjährige je Arzt; 152 090 / 15 209 = 10.
    planungsbereiche = _planungsbereiche(
        einwohner=900000, einwohner_unter_18=152090, verteilungsfaktor=1.0
    )
    row = _one_row(planungsbereiche, _aerzte([1.0] * 3, "Kinder- und Jugendpsychiater"))
    assert row["soll"] == pytest.approx(10.0)


def test_the_ratio_follows_the_kreistyp_of_each_planungsbereich():
    planungsbereiche = pd.DataFrame(
        {
            "planungsbereich": [f"LK{k}" for k in range(1, 7)],
            "einwohner": 100000,
            "kreistyp": range(1, 7),
            "verteilungsfaktor": 1.0,
        }
    )
    aerzte = _aerzte([1.0], "Augenärzte", planungsbereich="LK1")
    result = compute(planungsbereiche, aerzte, RULES)
    assert result["allgemeine_verhaeltniszahl"].tolist() == [
        12703,
        19179,
        23446,
        21001,
        19591,
        19379,
    ]


def test_the_verteilungsfaktor_divides_the_ratio():
    # 1 633 / 1,25 = 1 306,4 Einwohner je Arzt; 16 330 / 1 306,4 = 12,5; 10 / 12,5 = 80 %.
    row = _one_row(_planungsbereiche(verteilungsfaktor=1.25), _aerzte([1.0] * 10))
    assert row["verhaeltniszahl"] == pytest.approx(1306.4)
    assert row["soll"] == pytest.approx(12.5)
    assert row["versorgungsgrad"] == pytest.approx(80.0)


def test_a_missing_verteilungsfaktor_counts_as_one_and_says_so():
    planungsbereiche = pd.DataFrame(
        {
            "planungsbereich": ["A", "B"],
            "einwohner": [16330, 16330],
            "verteilungsfaktor": [1.0, None],
        }
    )
    aerzte = pd.concat([_aerzte([1.0], planungsbereich="A"), _aerzte([1.0], planungsbereich="B")])
    result = compute(planungsbereiche, aerzte, RULES).set_index("planungsbereich")
    assert result.loc["B", "verteilungsfaktor"] == 1.0
    assert result.loc["B", "hinweis"].startswith("Verteilungsfaktor fehlt, 1,0 angenommen")
    assert "Verteilungsfaktor" not in result.loc["A", "hinweis"]


def test_without_a_verteilungsfaktor_column_every_row_says_so():
    row = _one_row(_planungsbereiche(), _aerzte([1.0] * 10, alter=[50] * 10))
    assert row["verteilungsfaktor"] == 1.0
    assert row["hinweis"] == "Verteilungsfaktor fehlt, 1,0 angenommen"


def test_a_missing_population_column_names_column_group_and_fix():
    planungsbereiche = _planungsbereiche(einwohner=100000, kreistyp=1, verteilungsfaktor=1.0)
    with pytest.raises(ValueError) as error:
        compute(planungsbereiche, _aerzte([1.0], "Frauenärzte"), RULES)
    message = str(error.value)
    assert "'einwohner_weiblich'" in message
    assert "'Frauenärzte'" in message
    assert "Ergänzen Sie die Spalte" in message


def test_population_zero_gives_no_grade_but_no_crash():
    row = _one_row(_planungsbereiche(einwohner=0, verteilungsfaktor=1.0), _aerzte([1.0]))
    assert row["soll"] == 0.0
    assert math.isnan(row["versorgungsgrad"])
    assert math.isnan(row["offene_sitze"])
    assert row["status"] == NICHT_BEWERTBAR
    assert "Bezugsbevölkerung ist 0" in row["hinweis"]


def test_every_planungsbereich_gets_a_row_per_group_with_ist_zero_where_empty():
    planungsbereiche = pd.DataFrame(
        {
            "planungsbereich": ["A", "B"],
            "einwohner": [16330, 234460],
            "kreistyp": [3, 3],
            "verteilungsfaktor": 1.0,
        }
    )
    aerzte = pd.concat(
        [_aerzte([1.0], "Augenärzte", planungsbereich="B"), _aerzte([1.0], planungsbereich="A")]
    )
    result = compute(planungsbereiche, aerzte, RULES)
    # Reihenfolge: Planungsbereiche wie eingegeben, Arztgruppen wie in der Richtlinie.
    assert list(zip(result["planungsbereich"], result["arztgruppe"], strict=True)) == [
        ("A", "Hausärzte"),
        ("A", "Augenärzte"),
        ("B", "Hausärzte"),
        ("B", "Augenärzte"),
    ]
    empty = result.iloc[1]
    assert empty["ist"] == 0.0
    assert empty["aerzte_koepfe"] == 0
    assert empty["versorgungsgrad"] == 0.0
    assert empty["versorgungsgrad_ohne_65plus"] == 0.0
    assert math.isnan(empty["anteil_65plus"])
    assert empty["hinweis"] == ""


def test_the_versorgungsebene_column_restricts_the_groups():
    planungsbereiche = pd.DataFrame(
        {
            "planungsbereich": ["MB1", "LK1"],
            "einwohner": [16330, 234460],
            "kreistyp": [pd.NA, 3],
            "verteilungsfaktor": 1.0,
            "versorgungsebene": ["hausaerztlich", "allgemein_fachaerztlich"],
        }
    )
    aerzte = pd.concat(
        [_aerzte([1.0], planungsbereich="MB1"), _aerzte([1.0], "Augenärzte", planungsbereich="LK1")]
    )
    result = compute(planungsbereiche, aerzte, RULES)
    assert list(zip(result["planungsbereich"], result["arztgruppe"], strict=True)) == [
        ("MB1", "Hausärzte"),
        ("LK1", "Augenärzte"),
    ]


def test_doctors_in_a_planungsbereich_of_another_ebene_are_refused():
    planungsbereiche = _planungsbereiche(verteilungsfaktor=1.0, versorgungsebene="hausaerztlich")
    with pytest.raises(ValueError, match="versorgungsebene"):
        compute(planungsbereiche, _aerzte([1.0], "Radiologen"), RULES)


def test_doctors_in_an_unknown_planungsbereich_are_refused():
    with pytest.raises(ValueError, match="'PB9'"):
        compute(_planungsbereiche(), _aerzte([1.0], planungsbereich="PB9"), RULES)


def test_an_unknown_group_name_is_refused_with_a_suggestion():
    with pytest.raises(UnknownGroupError, match="Meinten Sie 'Hausärzte'"):
        compute(_planungsbereiche(), _aerzte([1.0], "Hausarzte"), RULES)


def test_explicit_groups_are_checked_too():
    with pytest.raises(UnknownGroupError, match="Radiologe"):
        compute(_planungsbereiche(), _aerzte([1.0]), RULES, groups=["Radiologe"])


def test_explicit_groups_choose_the_rows():
    result = compute(_planungsbereiche(), _aerzte([1.0]), RULES, groups=["Radiologen"])
    assert result["arztgruppe"].tolist() == ["Radiologen"]
    assert result["ist"].tolist() == [0.0]


def test_a_group_without_a_verified_ratio_gets_a_row_that_says_why():
    row = _one_row(_planungsbereiche(verteilungsfaktor=1.0), _aerzte([1.0], "Pathologen"))
    assert row["ist"] == 1.0
    assert math.isnan(row["allgemeine_verhaeltniszahl"])
    assert math.isnan(row["versorgungsgrad"])
    assert row["status"] == NICHT_BEWERTBAR
    assert row["hinweis"].startswith("Keine Verhältniszahl in Regelversion 2025-01-16")


def test_a_missing_kreistyp_column_is_refused_with_the_fix():
    with pytest.raises(ValueError, match="Spalte 'kreistyp'"):
        compute(_planungsbereiche(), _aerzte([1.0], "Augenärzte"), RULES)


def test_an_invalid_kreistyp_names_the_planungsbereich():
    with pytest.raises(ValueError, match="'PB1'"):
        compute(_planungsbereiche(kreistyp=9), _aerzte([1.0], "Augenärzte"), RULES)


def test_the_output_has_the_documented_columns_in_order():
    result = compute(_planungsbereiche(), _aerzte([1.0]), RULES)
    assert list(result.columns) == COLUMNS
    assert result["aerzte_koepfe"].dtype == np.int64


def test_no_doctors_give_an_empty_table_with_the_columns():
    empty = _aerzte([])
    result = compute(_planungsbereiche(), empty, RULES)
    assert result.empty
    assert list(result.columns) == COLUMNS


def test_the_inputs_are_not_changed():
    planungsbereiche, aerzte = _planungsbereiche(), _aerzte([1.0], alter=[70])
    before = planungsbereiche.copy(), aerzte.copy()
    compute(planungsbereiche, aerzte, RULES)
    pd.testing.assert_frame_equal(planungsbereiche, before[0])
    pd.testing.assert_frame_equal(aerzte, before[1])


# --- Die Einzelfunktionen ----------------------------------------------------------------------


@pytest.mark.parametrize("ist", [30.0, 11.0, 33.0, 5.5, 123.25, 7.75])
def test_exactly_110_percent_needs_half_a_seat_despite_rounding(ist):
    # Soll = Ist / 1,1 macht den Versorgungsgrad mathematisch genau 110 %; gerechnet liegt er je
    # nach Ist knapp darüber oder darunter. Gesperrt wird erst über 110 %.
    soll = ist / 1.1
    assert open_seats(ist, soll) == 0.5
    assert status(versorgungsgrad(ist, soll), 75.0) == REGELVERSORGUNG


def test_functions_keep_the_index_of_a_series():
    ist = pd.Series([12.0, 10.0], index=["x", "y"])
    soll = pd.Series([10.0, 10.0], index=["x", "y"])
    assert open_seats(ist, soll).tolist() == [0.0, 1.5]
    assert list(open_seats(ist, soll).index) == ["x", "y"]
    grad = versorgungsgrad(ist, soll)
    assert list(status(grad, 75.0).index) == ["x", "y"]
    assert status(grad, 75.0).tolist() == [UEBERVERSORGUNG, REGELVERSORGUNG]


def test_functions_take_numpy_arrays():
    seats = open_seats(np.array([12.0, 10.0, 1.0]), np.array([10.0, 10.0, 0.0]))
    np.testing.assert_array_equal(seats, [0.0, 1.5, np.nan])
    assert regional_ratio(np.array([1633.0]), np.array([1.25]))[0] == pytest.approx(1306.4)


def test_status_per_row_marks():
    result = status(np.array([60.0, 60.0]), np.array([75.0, 50.0]))
    assert result.tolist() == [UNTERVERSORGUNG, REGELVERSORGUNG]


# --- (c) Eigenschaften --------------------------------------------------------------------------

FACTOR = st.sampled_from([0.25, 0.5, 0.75, 1.0])


@settings(max_examples=60, deadline=None)
@given(
    einwohner=st.integers(min_value=1, max_value=2_000_000),
    verteilungsfaktor=st.floats(min_value=0.5, max_value=2.0),
    factors=st.lists(FACTOR, max_size=40),
    extra=FACTOR,
)
def test_adding_a_doctor_never_lowers_the_versorgungsgrad(
    einwohner, verteilungsfaktor, factors, extra
):
    planungsbereiche = _planungsbereiche(einwohner=einwohner, verteilungsfaktor=verteilungsfaktor)
    before = _one_row(planungsbereiche, _aerzte(factors), groups=["Hausärzte"])
    after = _one_row(planungsbereiche, _aerzte([*factors, extra]), groups=["Hausärzte"])
    assert after["versorgungsgrad"] > before["versorgungsgrad"]
    assert after["offene_sitze"] <= before["offene_sitze"]


@settings(max_examples=500)
@given(
    quarters=st.integers(min_value=0, max_value=4000),
    soll=st.floats(min_value=0.01, max_value=100_000, allow_nan=False),
)
def test_open_seats_lift_the_group_just_above_110_percent(quarters, soll):
    ist = quarters * 0.25
    seats = open_seats(ist, soll)
    assert seats >= 0
    assert seats % 0.5 == 0
    slack = 1e-6  # Prozentpunkte; weit über dem Rundungsfehler der Division
    if seats > 0:
        assert (ist + seats) / soll * 100 > 110 - slack
        assert (ist + seats - 0.5) / soll * 100 <= 110 + slack
    else:
        assert ist / soll * 100 > 110 - slack
    # Gesperrt heißt: keine offenen Sitze.
    assert (status(versorgungsgrad(ist, soll), 75.0) == UEBERVERSORGUNG) == (seats == 0)


@settings(max_examples=60, deadline=None)
@given(
    einwohner=st.integers(min_value=1, max_value=2_000_000),
    verteilungsfaktor=st.floats(min_value=0.2, max_value=5.0),
)
def test_the_verteilungsfaktor_scales_the_soll(einwohner, verteilungsfaktor):
    neutral = _one_row(
        _planungsbereiche(einwohner=einwohner, verteilungsfaktor=1.0), _aerzte([1.0])
    )
    scaled = _one_row(
        _planungsbereiche(einwohner=einwohner, verteilungsfaktor=verteilungsfaktor), _aerzte([1.0])
    )
    assert scaled["soll"] == pytest.approx(neutral["soll"] * verteilungsfaktor, rel=1e-12)
    assert scaled["versorgungsgrad"] == pytest.approx(
        neutral["versorgungsgrad"] / verteilungsfaktor, rel=1e-12
    )
