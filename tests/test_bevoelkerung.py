"""Population by year: projection, ageing model, constant population, relevant populations.

Expected values are worked out by hand in the comments, or taken from published tables
(Destatis Sterbetafel 2022/24, Statistisches Landesamt Sachsen).
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gesundheitsregion.bevoelkerung import (
    AgeingParameters,
    ageing_projection,
    constant_population,
    default_survival,
    interpolate_projection,
    parse_age_group,
    population_by_year,
    relevant_population,
)

STILL = AgeingParameters(survival=1.0, fertility_rate=0.0, migration=0.0)


def long_table(rows, **fixed):
    """Long table from (altersgruppe, geschlecht, einwohner) triples."""
    frame = pd.DataFrame(rows, columns=["altersgruppe", "geschlecht", "einwohner"])
    return frame.assign(**{"planungsbereich": "A", **fixed})


# --- age groups --------------------------------------------------------------------------------


def test_it_reads_closed_and_open_age_groups():
    assert parse_age_group("0-2") == (0, 2)
    assert parse_age_group(" 15 - 17 ") == (15, 17)
    assert parse_age_group("75+") == (75, math.inf)


@pytest.mark.parametrize("label", ["unter 3", "5-3", "75 und älter", ""])
def test_it_rejects_unreadable_age_groups_in_german(label):
    with pytest.raises(ValueError, match="Altersgruppe"):
        parse_age_group(label)


# --- relevant population ----------------------------------------------------------------------


def test_relevant_population_splits_a_group_straddling_18_by_years():
    # 0-14 wholly below 18; 15-19 has 3 of 5 years below 18; 20+ none.
    # Under 18: 300 + 3/5 * 100 = 360. Women: 150 + 50 + 750 = 950.
    table = long_table(
        [
            ("0-14", "m", 150),
            ("15-19", "m", 50),
            ("20+", "m", 800),
            ("0-14", "w", 150),
            ("15-19", "w", 50),
            ("20+", "w", 750),
        ],
        jahr=2025,
    )
    row = relevant_population(table).iloc[0]
    assert (row["einwohner"], row["einwohner_weiblich"], row["einwohner_unter_18"]) == (
        1950,
        950,
        360,
    )


def test_relevant_population_ignores_totals_beside_the_detail():
    table = long_table(
        [
            *[("0-17", "m", 10), ("18+", "m", 40), ("0-17", "w", 10), ("18+", "w", 40)],
            *[("insgesamt", "insgesamt", 100), ("0-17", "insgesamt", 20)],
        ],
        jahr=2025,
    )
    row = relevant_population(table).iloc[0]
    assert (row["einwohner"], row["einwohner_unter_18"]) == (100, 20)


def test_without_sex_split_the_base_share_of_women_is_held_constant():
    table = pd.DataFrame(
        {
            "planungsbereich": "A",
            "jahr": [2025, 2025, 2026, 2026],
            "altersgruppe": ["0-17", "18+", "0-17", "18+"],
            "geschlecht": "insgesamt",
            "einwohner": [200, 800, 200, 600],
        }
    )
    base = pd.DataFrame(
        {"planungsbereich": ["A"], "einwohner": [1000], "einwohner_weiblich": [510]}
    )
    out = relevant_population(table, base)
    # 51 % women in the base table: 510 of 1000, then 408 of 800.
    assert out["einwohner_weiblich"].tolist() == pytest.approx([510, 408])
    assert any("Frauen" in note and "konstant" in note for note in out.attrs["hinweise"])


def test_without_sex_split_and_without_base_the_women_are_missing_and_said_so():
    table = long_table([("0-17", "insgesamt", 200), ("18+", "insgesamt", 800)], jahr=2025)
    out = relevant_population(table)
    assert out["einwohner_weiblich"].isna().all()
    assert any("fehlen" in note for note in out.attrs["hinweise"])


def test_it_accepts_gebiet_as_the_area_column():
    table = long_table([("0-17", "m", 1), ("18+", "w", 2)], jahr=2025).rename(
        columns={"planungsbereich": "gebiet"}
    )
    assert relevant_population(table)["planungsbereich"].tolist() == ["A"]


# --- published projection ---------------------------------------------------------------------


def test_a_projection_is_interpolated_linearly_and_held_after_its_last_year():
    projection = pd.DataFrame(
        {
            "planungsbereich": ["A", "A", "B", "B"],
            "jahr": [2025, 2030, 2025, 2030],
            "altersgruppe": "insgesamt",
            "geschlecht": "insgesamt",
            "einwohner": [1000, 900, 500, 600],
        }
    )
    out = interpolate_projection(projection, start_year=2024, horizon=8)
    a = out[out["planungsbereich"] == "A"]["einwohner"].tolist()
    b = out[out["planungsbereich"] == "B"]["einwohner"].tolist()
    # 2024 before the first year: held at 2025. 2025-2030: 20 a year down (A), up (B). Then held.
    assert a == pytest.approx([1000, 1000, 980, 960, 940, 920, 900, 900, 900])
    assert b == pytest.approx([500, 500, 520, 540, 560, 580, 600, 600, 600])
    notes = " ".join(out.attrs["hinweise"])
    assert "linear interpoliert" in notes
    assert "endet 2030" in notes and "konstant" in notes
    assert "beginnt 2025" in notes


# --- constant population ----------------------------------------------------------------------


def test_without_any_population_data_it_stays_constant_and_says_so():
    pb = pd.DataFrame({"planungsbereich": ["A", "B"], "einwohner": [100, 200]})
    out = constant_population(pb, start_year=2025, horizon=3)
    assert len(out) == 8
    assert out.groupby("planungsbereich")["einwohner"].nunique().eq(1).all()
    assert "konstant" in out.attrs["hinweise"][0]


def test_population_by_year_prefers_the_projection_then_the_ageing_model():
    pb = pd.DataFrame({"planungsbereich": ["A"], "einwohner": [1000]})
    base = long_table([("0-49", "insgesamt", 500), ("50+", "insgesamt", 500)])
    projection = long_table([("insgesamt", "insgesamt", 1234)], jahr=2025)
    chosen = population_by_year(
        pb, start_year=2025, horizon=1, projection=projection, base=base, parameters=STILL
    )
    assert chosen["einwohner"].tolist() == [1234, 1234]
    aged = population_by_year(pb, start_year=2025, horizon=1, base=base, parameters=STILL)
    assert aged["einwohner"].tolist() == [1000, 1000]
    assert "Alterungsmodell" in aged.attrs["hinweise"][0]


# --- ageing model -----------------------------------------------------------------------------


def test_one_year_of_ageing_by_hand():
    # Groups 0-14 (width 15), 15-49 (35), 50+ (open); both sexes alike.
    # Survival 1, 1, 0.9; TFR 1.4 spread over 35 years = 0.04 births per woman and year;
    # half the births are girls.
    # Births: 350 women * 0.04 = 14 -> 7 boys, 7 girls.
    # 0-14:  150 - 150/15 + 7   = 147
    # 15-49: 350 - 350/35 + 10  = 350
    # 50+:   500 * 0.9 + 10     = 460
    rows = [(g, s, n) for s in "mw" for g, n in (("0-14", 150), ("15-49", 350), ("50+", 500))]
    parameters = AgeingParameters(
        survival={"0-14": 1.0, "15-49": 1.0, "50+": 0.9},
        fertility_rate=1.4,
        female_share_of_births=0.5,
    )
    out = ageing_projection(long_table(rows), start_year=2025, horizon=1, parameters=parameters)
    year = out[out["jahr"] == 2026].set_index(["geschlecht", "altersgruppe"])["einwohner"]
    for sex in "mw":
        assert year[(sex, "0-14")] == pytest.approx(147)
        assert year[(sex, "15-49")] == pytest.approx(350)
        assert year[(sex, "50+")] == pytest.approx(460)


def test_net_migration_changes_each_group_by_its_rate():
    base = long_table([("0-9", "insgesamt", 100), ("10+", "insgesamt", 900)])
    parameters = AgeingParameters(
        survival=1.0, fertility_rate=0.0, migration={"0-9": 0.1, "10+": 0}
    )
    out = ageing_projection(base, start_year=2025, horizon=1, parameters=parameters)
    # Ageing first: 90 stay, 10 move up (910); then 0-9 grows by 10 %: 99.
    assert out[out["jahr"] == 2026]["einwohner"].tolist() == pytest.approx([99, 910])


def test_the_ageing_model_needs_gap_free_age_groups_ending_open():
    base = long_table([("0-9", "insgesamt", 1), ("20+", "insgesamt", 1)])
    with pytest.raises(ValueError, match="lückenlos"):
        ageing_projection(base, start_year=2025, horizon=1)
    closed = long_table([("0-9", "insgesamt", 1), ("10-99", "insgesamt", 1)])
    with pytest.raises(ValueError, match="offenen Gruppe"):
        ageing_projection(closed, start_year=2025, horizon=1)


@st.composite
def tilings(draw):
    """Random gap-free age groups from 0, ending with an open group, and populations."""
    cuts = sorted(draw(st.sets(st.integers(1, 90), min_size=1, max_size=8)))
    bounds = [0, *cuts]
    labels = [f"{lo}-{hi - 1}" for lo, hi in itertools.pairwise(bounds)]
    labels.append(f"{bounds[-1]}+")
    split = draw(st.booleans())
    sexes = ["m", "w"] if split else ["insgesamt"]
    areas = draw(st.integers(1, 3))
    counts = st.floats(0, 1e5, allow_nan=False)
    rows = [(f"P{a}", g, s, draw(counts)) for a in range(areas) for s in sexes for g in labels]
    return pd.DataFrame(
        rows, columns=["planungsbereich", "altersgruppe", "geschlecht", "einwohner"]
    )


@settings(max_examples=40, deadline=None)
@given(base=tilings(), horizon=st.integers(1, 15))
def test_ageing_conserves_population_without_deaths_births_and_migration(base, horizon):
    out = ageing_projection(base, start_year=2025, horizon=horizon, parameters=STILL)
    totals = out.groupby(["planungsbereich", "jahr"])["einwohner"].sum().unstack()
    start = base.groupby("planungsbereich")["einwohner"].sum()
    for year in totals.columns:
        assert totals[year].to_numpy() == pytest.approx(start.to_numpy(), rel=1e-12, abs=1e-6)
    assert (out["einwohner"] >= 0).all()


# --- default parameters -----------------------------------------------------------------------


def test_default_survival_of_single_years_equals_the_published_life_table():
    # Destatis 12621-0001, Sterbetafel 2022/24, Deutschland: p(0) and p(65).
    rates = default_survival(["0-0", "65-65"])
    assert rates.loc["0-0", "m"] == pytest.approx(0.99661882, abs=1e-8)
    assert rates.loc["0-0", "w"] == pytest.approx(0.99700664, abs=1e-8)
    assert rates.loc["65-65", "m"] == pytest.approx(0.98456993, abs=1e-8)
    assert rates.loc["65-65", "w"] == pytest.approx(0.99170541, abs=1e-8)


def test_default_survival_of_a_group_lies_between_its_single_years():
    rates = default_survival(["65-74", "65-65", "74-74"])
    for sex in ("m", "w", "insgesamt"):
        assert rates.loc["74-74", sex] < rates.loc["65-74", sex] < rates.loc["65-65", sex]


def test_the_default_model_gives_saxonys_natural_decline(data_dir):
    # Saxony 2022: 7.6 more deaths than births per 1,000 inhabitants (Statistisches Landesamt
    # Sachsen, Eckdaten Sterbefälle). One year of the default model on the 13 Saxon Kreise
    # (31.12.2024, no migration) should lose about that much: between 5 and 11 per 1,000.
    raw = pd.read_csv(
        data_dir / "population/kreise_auswahl_altersgruppen_2024-12-31_memilio.csv",
        dtype={"ags": str},
    )
    saxony = raw[raw["ags"].str.startswith("14")]
    groups = {c: c.removeprefix("age_").replace("_plus", "+").replace("_", "-") for c in raw}
    long = saxony.melt(
        id_vars="ags", value_vars=[c for c in raw if c.startswith("age_")], var_name="spalte"
    ).assign(
        planungsbereich=lambda d: d["ags"],
        altersgruppe=lambda d: d["spalte"].map(groups),
        geschlecht="insgesamt",
        einwohner=lambda d: d["value"],
    )
    out = ageing_projection(long, start_year=2025, horizon=1)
    totals = out.groupby("jahr")["einwohner"].sum()
    per_thousand = (totals[2026] - totals[2025]) / totals[2025] * 1000
    assert totals[2025] == saxony["population"].sum()
    assert -11 < per_thousand < -5


def test_ageing_parameters_reject_impossible_values():
    with pytest.raises(ValueError):
        AgeingParameters(fertility_rate=-1)
    with pytest.raises(ValueError):
        AgeingParameters(female_share_of_births=1.5)
    base = long_table([("0-9", "insgesamt", 1), ("10+", "insgesamt", 1)])
    with pytest.raises(ValueError, match="Überlebensrate"):
        ageing_projection(
            base, start_year=2025, horizon=1, parameters=AgeingParameters(survival={"0-9": 1})
        )
    assert np.isclose(AgeingParameters().female_share_of_births, 100 / 205)


def test_the_base_takes_the_planning_areas_latest_rows_by_age_group():
    from gesundheitsregion.bevoelkerung import base_for_planning_areas

    table = pd.DataFrame(
        {
            "gebiet": ["A", "A", "A", "A", "B-Gemeinde"],
            "stichtag": ["2023-12-31", "2024-12-31", "2024-12-31", "2024-12-31", "2024-12-31"],
            "altersgruppe": ["0-9", "0-9", "10+", "insgesamt", "0-9"],
            "geschlecht": "insgesamt",
            "einwohner": [9, 10, 30, 40, 5],
        }
    )
    base, notes = base_for_planning_areas(table, pd.DataFrame({"planungsbereich": ["A"]}))
    assert base["einwohner"].tolist() == [10, 30]
    assert base["planungsbereich"].tolist() == ["A", "A"]
    assert any("früherer Stichtage" in note for note in notes)
    with pytest.raises(ValueError, match=r"keine Zeilen nach Altersgruppen.*gefunden wurden"):
        base_for_planning_areas(table, pd.DataFrame({"planungsbereich": ["Z"]}))
