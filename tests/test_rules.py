"""Die Regeldateien der Bedarfsplanungs-Richtlinie und ihr Lader.

Erwartete Zahlen sind aus dem Wortlaut des Beschlusses vom 16.01.2025 und aus der
Domänenbeschreibung (shared/DOMAIN.md, Abschnitt 2) abgeschrieben, nicht aus den TOML-Dateien.
"""

from __future__ import annotations

import dataclasses

import pytest

from gesundheitsregion.rules import (
    BEZUG_SPALTEN,
    DEFAULT_VERSION,
    UnknownGroupError,
    available_versions,
    load_rules,
)

AUGENAERZTE_2025 = [12703, 19179, 23446, 21001, 19591, 19379]


def test_all_versions_are_available_oldest_first():
    assert available_versions() == ["2019", "vor-2025", "2025-01-16"]


def test_the_default_is_the_decision_of_16_january_2025():
    assert DEFAULT_VERSION == "2025-01-16"
    assert load_rules().version == "2025-01-16"


@pytest.mark.parametrize("version", ["2019", "vor-2025", "2025-01-16"])
def test_every_version_loads_with_sources_thresholds_and_ratios(version):
    rules = load_rules(version)
    assert rules.version == version
    assert rules.title
    assert rules.sources
    assert all("g-ba.de/informationen/richtlinien/4" in s.url for s in rules.sources[:1])
    assert rules.ueberversorgung == 110.0
    assert rules.drohend_alter == 65
    assert set(rules.versorgungsebenen) == {
        "hausaerztlich",
        "allgemein_fachaerztlich",
        "spezialisiert_fachaerztlich",
        "gesondert_fachaerztlich",
    }
    for group in rules.groups.values():
        kreistyp = 1 if group.needs_kreistyp else None
        assert group.verhaeltniszahl(kreistyp) > 0
        assert group.bezug in BEZUG_SPALTEN
        assert group.versorgungsebene in rules.versorgungsebenen


@pytest.mark.parametrize("version", ["2019", "vor-2025", "2025-01-16"])
def test_every_group_of_the_richtlinie_is_either_planned_or_left_out_with_a_reason(version):
    rules = load_rules(version)
    expected = {
        "Hausärzte",
        "Augenärzte",
        "Chirurgen und Orthopäden",
        "Frauenärzte",
        "Hautärzte",
        "HNO-Ärzte",
        "Nervenärzte",
        "Psychotherapeuten",
        "Urologen",
        "Kinder- und Jugendärzte",
        "Anästhesisten",
        "Fachärztlich tätige Internisten",
        "Kinder- und Jugendpsychiater",
        "Radiologen",
        "Humangenetiker",
        "Laborärzte",
        "Neurochirurgen",
        "Nuklearmediziner",
        "Pathologen",
        "Physikalische und Rehabilitations-Mediziner",
        "Strahlentherapeuten",
        "Transfusionsmediziner",
    }
    assert set(rules.groups) | set(rules.omitted) == expected
    assert not set(rules.groups) & set(rules.omitted)
    assert all(group.reason for group in rules.omitted.values())


def test_hausaerzte_ratio_per_version():
    assert load_rules("2025-01-16").group("Hausärzte").verhaeltniszahl() == 1633
    assert load_rules("2019").group("Hausärzte").verhaeltniszahl() == 1609


def test_augenaerzte_kreistyp_3_in_2025():
    assert load_rules("2025-01-16").group("Augenärzte").verhaeltniszahl(3) == 23446


@pytest.mark.parametrize("kreistyp", range(1, 7))
def test_augenaerzte_by_every_kreistyp(kreistyp):
    group = load_rules("2025-01-16").group("Augenärzte")
    assert group.verhaeltniszahl(kreistyp) == AUGENAERZTE_2025[kreistyp - 1]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("Anästhesisten", 46347),
        ("Radiologen", 49062),
        ("Fachärztlich tätige Internisten", 14689),
        ("Kinder- und Jugendpsychiater", 15209),
        ("Humangenetiker", 559088),
        ("Laborärzte", 92605),
        ("Neurochirurgen", 145316),
        ("Nuklearmediziner", 106666),
    ],
)
def test_spezialisierte_and_gesonderte_ratios_2025(name, value):
    assert load_rules("2025-01-16").group(name).verhaeltniszahl() == value


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("Anästhesisten", 45966),
        ("Radiologen", 48766),
        ("Fachärztlich tätige Internisten", 14433),
        ("Kinder- und Jugendpsychiater", 15210),
    ],
)
def test_spezialisierte_ratios_2019(name, value):
    assert load_rules("2019").group(name).verhaeltniszahl() == value


def test_groups_know_their_population_basis_and_unterversorgung_mark():
    rules = load_rules()
    assert rules.group("Frauenärzte").bezug == "einwohner_weiblich"
    assert rules.group("Kinder- und Jugendärzte").bezug == "einwohner_unter_18"
    assert rules.group("Kinder- und Jugendpsychiater").bezug == "einwohner_unter_18"
    assert rules.group("Urologen").bezug == "einwohner"
    assert rules.group("Hausärzte").unterversorgung == 75.0
    assert rules.group("Radiologen").unterversorgung == 50.0


def test_planning_levels_follow_paragraphs_11_to_14():
    ebenen = load_rules().versorgungsebenen
    assert ebenen["hausaerztlich"].paragraph == "§ 11"
    assert ebenen["hausaerztlich"].planungsbereich == "Mittelbereich"
    assert ebenen["spezialisiert_fachaerztlich"].planungsbereich == "Raumordnungsregion"
    assert ebenen["gesondert_fachaerztlich"].planungsbereich == "KV-Bezirk"


def test_only_allgemein_fachaerztliche_groups_need_a_kreistyp():
    rules = load_rules()
    needing = {name for name, group in rules.groups.items() if group.needs_kreistyp}
    ebene = {
        name for name, g in rules.groups.items() if g.versorgungsebene == "allgemein_fachaerztlich"
    }
    assert needing == ebene


@pytest.mark.parametrize("kreistyp", [None, 0, 7, 2.5, float("nan"), "3", True])
def test_a_missing_or_invalid_kreistyp_is_refused_in_german(kreistyp):
    with pytest.raises(ValueError, match="Kreistyp von 1 bis 6"):
        load_rules().group("Augenärzte").verhaeltniszahl(kreistyp)


def test_a_kreistyp_is_ignored_where_the_ratio_is_nationwide():
    assert load_rules().group("Hausärzte").verhaeltniszahl(4) == 1633


def test_an_unknown_version_names_the_valid_ones():
    with pytest.raises(ValueError) as error:
        load_rules("2024")
    message = str(error.value)
    assert "Unbekannte Regelversion '2024'" in message
    assert "2019" in message
    assert "2025-01-16" in message


def test_an_unknown_group_suggests_the_closest_name():
    with pytest.raises(UnknownGroupError) as error:
        load_rules().group("Augenarzte")
    message = str(error.value)
    assert "Meinten Sie 'Augenärzte'?" in message
    assert "Hausärzte" in message
    assert isinstance(error.value, KeyError)


def test_a_group_left_out_of_a_version_says_why():
    with pytest.raises(UnknownGroupError, match="keine Verhältniszahl"):
        load_rules("2019").group("Augenärzte")


def test_rules_cannot_be_changed_by_callers():
    rules = load_rules()
    with pytest.raises(dataclasses.FrozenInstanceError):
        rules.version = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        rules.groups["Hausärzte"] = None  # type: ignore[index]


# --- the version in force before the decision of 16.01.2025 -----------------------------------
# Figures as replaced by that decision ("wird die Angabe X durch die Angabe Y ersetzt"),
# copied from shared/DOMAIN.md, section 2.


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("Hausärzte", 1616),
        ("Anästhesisten", 46093),
        ("Radiologen", 48801),
        ("Fachärztlich tätige Internisten", 14507),
        ("Kinder- und Jugendpsychiater", 15211),
        ("Humangenetiker", 562623),
        ("Laborärzte", 92218),
        ("Neurochirurgen", 144183),
        ("Nuklearmediziner", 106128),
        ("Pathologen", 108909),
    ],
)
def test_ratios_before_16_january_2025(name, value):
    assert load_rules("vor-2025").group(name).verhaeltniszahl() == value


def test_before_2025_only_sourced_groups_are_assessable():
    rules = load_rules("vor-2025")
    assert set(rules.omitted) == {
        "Augenärzte",
        "Chirurgen und Orthopäden",
        "Frauenärzte",
        "Hautärzte",
        "HNO-Ärzte",
        "Nervenärzte",
        "Psychotherapeuten",
        "Urologen",
        "Kinder- und Jugendärzte",
        "Physikalische und Rehabilitations-Mediziner",
        "Strahlentherapeuten",
        "Transfusionsmediziner",
    }
    assert "Kreistyp" in rules.omitted["Augenärzte"].reason
    with pytest.raises(UnknownGroupError, match="keine Verhältniszahl"):
        rules.group("Urologen")


def test_before_2025_says_its_dates_are_not_known():
    import datetime as dt

    rules = load_rules("vor-2025")
    assert rules.decided is None and rules.valid_from is None
    assert rules.valid_to == dt.date(2025, 3, 19)
    assert load_rules("2025-01-16").valid_from == dt.date(2025, 3, 20)
    assert "2021 oder 2023" in rules.date_note


def test_the_regeln_command_lists_the_version_before_2025(capsys):
    from gesundheitsregion.cli import main

    assert main(["regeln"]) == 0
    out = capsys.readouterr().out
    assert "vor-2025: Bedarfsplanungs-Richtlinie, Fassung vor dem Beschluss vom 16.01.2025" in out
    block = out.split("vor-2025:")[1].split("2025-01-16:")[0]
    assert "1.616" in block and "108.909" in block
    assert "nicht bewertbar): Augenärzte" in block
